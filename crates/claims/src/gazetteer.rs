//! The place gazetteer: countries, cities of 15,000 people or more, a few
//! regions, and demonyms.
//!
//! Built from GeoNames (CC BY 4.0) by `examples/build_gazetteer.rs` and
//! compiled into the library from `data/gazetteer/`; see that folder for
//! provenance. Names are looked up lowercased, with and without diacritics.

use std::collections::HashMap;
use std::io::Read;
use std::sync::OnceLock;

use crate::{Error, ErrorKind};

static COUNTRIES_GZ: &[u8] = include_bytes!("../../../data/gazetteer/countries.tsv.gz");
static CITIES_GZ: &[u8] = include_bytes!("../../../data/gazetteer/cities.tsv.gz");
static EXTRA: &str = include_str!("../../../data/gazetteer/extra.tsv");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlaceKind {
    Country,
    Region,
    City,
}

/// One place.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    pub name: String,
    pub kind: PlaceKind,
    /// ISO 3166 alpha-3.
    pub country: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub population: u64,
}

/// Places by name, plus demonyms and capitals.
#[derive(Debug, Default)]
pub struct Gazetteer {
    places: Vec<Place>,
    by_name: HashMap<String, Vec<u32>>,
    demonyms: HashMap<String, String>,
    countries: HashMap<String, u32>,
    capitals: HashMap<String, u32>,
    max_words: usize,
}

fn gunzip(bytes: &[u8]) -> Result<String, Error> {
    let mut s = String::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut s)
        .map_err(|e| Error::new(ErrorKind::Io(e)))?;
    Ok(s)
}

/// The lookup key of a name: lowercased, spaces collapsed.
pub fn key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'ē' => 'e',
            'í' | 'ì' | 'î' | 'ï' | 'ī' | 'ı' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ō' => 'o',
            'ú' | 'ù' | 'û' | 'ü' | 'ū' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            'ş' | 'š' => 's',
            'ğ' => 'g',
            c => c,
        })
        .collect()
}

impl Gazetteer {
    /// The gazetteer compiled into the library.
    pub fn builtin() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(|| {
            // The data is compiled in and checked by tests: failing here is a
            // build defect, not bad input, so an empty gazetteer is the
            // fallback rather than a panic.
            Gazetteer::from_parts(
                &gunzip(COUNTRIES_GZ).unwrap_or_default(),
                &gunzip(CITIES_GZ).unwrap_or_default(),
                EXTRA,
            )
            .unwrap_or_default()
        })
    }

    /// Builds a gazetteer from the three TSV texts (see `data/gazetteer`).
    pub fn from_parts(countries: &str, cities: &str, extra: &str) -> Result<Gazetteer, Error> {
        let mut g = Gazetteer::default();
        let mut errors = Vec::new();
        let mut capital_names: Vec<(String, String)> = Vec::new();
        for (n, line) in countries.lines().enumerate() {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 5 {
                errors.push(
                    Error::malformed("a country line needs 5 fields").with_line(n as u64 + 1),
                );
                continue;
            }
            let id = g.push(Place {
                name: f[1].to_string(),
                kind: PlaceKind::Country,
                country: f[0].to_string(),
                lat: None,
                lon: None,
                population: 0,
            });
            g.countries.insert(f[0].to_string(), id);
            g.add_name(f[1], id);
            for alt in f[4].split('|').filter(|a| !a.is_empty()) {
                g.add_name(alt, id);
            }
            for d in f[3].split('|').filter(|a| !a.is_empty()) {
                g.demonyms.insert(key(d), f[0].to_string());
            }
            capital_names.push((f[0].to_string(), f[2].to_string()));
        }
        for (n, line) in cities.lines().enumerate() {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 7 {
                errors.push(Error::malformed("a city line needs 7 fields").with_line(n as u64 + 1));
                continue;
            }
            let id = g.push(Place {
                name: f[0].to_string(),
                kind: PlaceKind::City,
                country: f[3].to_string(),
                lat: f[4].parse().ok(),
                lon: f[5].parse().ok(),
                population: f[6].parse().unwrap_or(0),
            });
            g.add_name(f[0], id);
            g.add_name(f[1], id);
            for alt in f[2].split('|').filter(|a| !a.is_empty()) {
                g.add_name(alt, id);
            }
        }
        for (n, line) in extra.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 3 {
                errors.push(
                    Error::malformed("an extra line needs kind, name, iso3")
                        .with_line(n as u64 + 1),
                );
                continue;
            }
            match f[0] {
                "country" => {
                    if let Some(&id) = g.countries.get(f[2]) {
                        g.add_name(f[1], id);
                    }
                }
                "demonym" => {
                    g.demonyms.insert(key(f[1]), f[2].to_string());
                }
                "region" => {
                    let id = g.push(Place {
                        name: f[1].to_string(),
                        kind: PlaceKind::Region,
                        country: f[2].to_string(),
                        lat: f.get(3).and_then(|v| v.parse().ok()),
                        lon: f.get(4).and_then(|v| v.parse().ok()),
                        population: 0,
                    });
                    g.add_name(f[1], id);
                    if let Some(base) = f[1].strip_suffix(" State") {
                        g.add_name(base, id);
                    }
                }
                other => errors.push(
                    Error::malformed(format!("unknown kind '{other}'")).with_line(n as u64 + 1),
                ),
            }
        }
        for (iso3, cap) in capital_names {
            let k = key(&cap);
            let found = g.by_name.get(&k).and_then(|ids| {
                ids.iter()
                    .copied()
                    .filter(|&i| {
                        let p = &g.places[i as usize];
                        p.kind == PlaceKind::City && p.country == iso3
                    })
                    .max_by_key(|&i| g.places[i as usize].population)
            });
            if let Some(id) = found {
                g.capitals.insert(iso3, id);
            }
        }
        if errors.is_empty() {
            Ok(g)
        } else {
            Err(Error::new(ErrorKind::Partial(errors)))
        }
    }

    fn push(&mut self, p: Place) -> u32 {
        self.places.push(p);
        (self.places.len() - 1) as u32
    }

    fn add_name(&mut self, name: &str, id: u32) {
        for k in [key(name), fold(&key(name))] {
            self.max_words = self.max_words.max(k.split(' ').count());
            let v = self.by_name.entry(k).or_default();
            if !v.contains(&id) {
                v.push(id);
            }
        }
    }

    pub fn place(&self, id: u32) -> &Place {
        &self.places[id as usize]
    }

    /// Places called `name` (any case).
    pub fn lookup(&self, name: &str) -> &[u32] {
        self.by_name.get(&key(name)).map_or(&[], Vec::as_slice)
    }

    /// The country a demonym names: "Iraqi" and "Iraqis" give `IRQ`.
    pub fn demonym(&self, word: &str) -> Option<&str> {
        self.demonyms.get(&key(word)).map(String::as_str)
    }

    pub fn country(&self, iso3: &str) -> Option<&Place> {
        self.countries.get(iso3).map(|&i| self.place(i))
    }

    pub fn capital(&self, iso3: &str) -> Option<&Place> {
        self.capitals.get(iso3).map(|&i| self.place(i))
    }

    /// The most words in any name.
    pub fn max_words(&self) -> usize {
        self.max_words
    }

    pub fn len(&self) -> usize {
        self.places.len()
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_loads_every_line() {
        let g = Gazetteer::from_parts(
            &gunzip(COUNTRIES_GZ).unwrap(),
            &gunzip(CITIES_GZ).unwrap(),
            EXTRA,
        )
        .unwrap();
        assert!(g.len() > 30_000);
    }

    /// (name, a country the name can denote)
    const NAMES: &[(&str, &str)] = &[
        ("Baghdad", "IRQ"),
        ("baghdad", "IRQ"),
        ("Kabul", "AFG"),
        ("Tripoli", "LBY"),
        ("Tripoli", "LBN"),
        ("Georgia", "GEO"),
        ("Georgia", "USA"),
        ("Kiev", "UKR"),
        ("Erbil", "IRQ"),
        ("United States", "USA"),
        ("U.S.", "USA"),
        ("Côte d'Ivoire", "CIV"),
    ];

    #[test]
    fn names_resolve() {
        let g = Gazetteer::builtin();
        for (name, iso) in NAMES {
            let found: Vec<&str> = g
                .lookup(name)
                .iter()
                .map(|&i| g.place(i).country.as_str())
                .collect();
            assert!(found.contains(iso), "{name}: {found:?}");
        }
    }

    #[test]
    fn demonyms_and_capitals() {
        let g = Gazetteer::builtin();
        for (d, iso) in [
            ("Iraqi", "IRQ"),
            ("Afghans", "AFG"),
            ("American", "USA"),
            ("Lebanese", "LBN"),
        ] {
            assert_eq!(g.demonym(d), Some(iso), "{d}");
        }
        assert_eq!(g.capital("IRQ").map(|p| p.name.as_str()), Some("Baghdad"));
    }

    #[test]
    fn malformed_lines_are_reported_with_their_line() {
        let err = Gazetteer::from_parts("IRQ\tIraq\n", "", "bogus\tx\tIRQ\n").unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("2 line(s)"), "{msg}");
        assert!(msg.contains("line 1"), "{msg}");
    }
}
