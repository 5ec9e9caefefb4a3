//! Builds the compressed gazetteer committed under `data/gazetteer/` from
//! the GeoNames extracts in `../shared/data/gazetteer` (CC BY 4.0).
//!
//! cargo run -p claims --example build_gazetteer -- ../shared/data/gazetteer data/gazetteer
//!
//! Output, both gzip-compressed TSV:
//! - `countries.tsv.gz`: iso3, name, capital, demonyms (`|`), other names (`|`)
//! - `cities.tsv.gz`: name, ascii name, other names (`|`), iso3, lat, lon, population

use std::collections::HashMap;
use std::io::Write;

fn latin_name(s: &str) -> bool {
    let ok = s.chars().all(|c| {
        c.is_ascii_alphabetic()
            || matches!(c, ' ' | '-' | '\'' | '.')
            || (c.is_alphabetic() && (c as u32) < 0x250)
    });
    let first_upper = s.chars().next().is_some_and(|c| c.is_uppercase());
    let all_caps = s
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(|c| c.is_uppercase());
    ok && first_upper && !all_caps && s.len() >= 4 && s.len() <= 40 && !s.contains(',')
}

fn plural(demonym: &str) -> Option<String> {
    let d = demonym.trim();
    if d.ends_with("ese")
        || d.ends_with("ish")
        || d.ends_with("ch")
        || d.ends_with("ss")
        || d.ends_with('s')
        || d.contains(' ')
    {
        None
    } else {
        Some(format!("{d}s"))
    }
}

fn gz(path: &std::path::Path, text: &str) {
    let f = std::fs::File::create(path).expect("create output");
    let mut e = flate2::write::GzEncoder::new(f, flate2::Compression::best());
    e.write_all(text.as_bytes()).expect("write");
    e.finish().expect("finish");
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (src, dst) = match args.as_slice() {
        [_, s, d] => (std::path::PathBuf::from(s), std::path::PathBuf::from(d)),
        _ => {
            eprintln!("usage: build_gazetteer SRC_DIR DST_DIR");
            std::process::exit(2);
        }
    };
    let countries = std::fs::read_to_string(src.join("countries.tsv")).expect("countries.tsv");
    let mut iso2to3 = HashMap::new();
    let mut out = String::new();
    for line in countries.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 9 {
            continue;
        }
        let (iso2, iso3, name, capital, demonym, alts) = (f[0], f[1], f[2], f[3], f[7], f[8]);
        iso2to3.insert(iso2.to_string(), iso3.to_string());
        let mut dems: Vec<String> = Vec::new();
        for d in demonym.split(',').map(str::trim).filter(|d| !d.is_empty()) {
            dems.push(d.to_string());
            if let Some(p) = plural(d) {
                dems.push(p);
            }
        }
        let mut names: Vec<String> = alts
            .split('|')
            .filter(|a| {
                latin_name(a) && *a != name && !a.contains(" of the")
                    || *a == "Democratic Republic of the Congo"
            })
            .filter(|a| !a.starts_with("Congo,") && !a.contains(", "))
            .map(str::to_string)
            .collect();
        names.dedup();
        out.push_str(&format!(
            "{iso3}\t{name}\t{capital}\t{}\t{}\n",
            dems.join("|"),
            names.join("|")
        ));
    }
    gz(&dst.join("countries.tsv.gz"), &out);

    let cities = std::fs::read_to_string(src.join("cities15000.tsv")).expect("cities15000.tsv");
    let mut out = String::new();
    let mut n = 0;
    for line in cities.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 8 {
            continue;
        }
        let (name, iso2, lat, lon, pop, alts) = (f[1], f[2], f[4], f[5], f[6], f[7]);
        let Some(iso3) = iso2to3.get(iso2) else {
            continue;
        };
        let pop: u64 = pop.parse().unwrap_or(0);
        let ascii: String = deunicode_basic(name);
        let keep = match pop {
            p if p >= 1_000_000 => 16,
            p if p >= 200_000 => 10,
            p if p >= 50_000 => 6,
            _ => 2,
        };
        let mut others: Vec<&str> = alts
            .split('|')
            .filter(|a| latin_name(a) && *a != name && *a != ascii && a.is_ascii())
            .collect();
        // Prefer short, single-word spellings: they are the transliteration variants.
        others.sort_by_key(|a| (a.contains(' '), a.len()));
        others.truncate(keep);
        // Spellings news uses for Arabic names: without the article
        // ("Al Fallujah" -> "Fallujah") and without a final h ("Raqqah" -> "Raqqa").
        let mut variants: Vec<String> = Vec::new();
        let mut base = ascii.clone();
        for art in [
            "Al ", "Ar ", "As ", "Ad ", "An ", "Ash ", "At ", "Az ", "El ", "Al-", "El-",
        ] {
            if let Some(rest) = base.strip_prefix(art) {
                if rest.len() >= 4 {
                    base = rest.to_string();
                    variants.push(base.clone());
                }
            }
        }
        if base.ends_with("ah") && base.len() >= 5 {
            variants.push(base[..base.len() - 1].to_string());
        }
        let plain: String = base.chars().filter(|c| *c != '\'' && *c != '`').collect();
        if plain != base && plain.len() >= 4 {
            variants.push(plain);
        }
        let mut others: Vec<&str> = others;
        for v in &variants {
            if v != name && v != &ascii && !others.contains(&v.as_str()) {
                others.push(v.as_str());
            }
        }
        let lat: f64 = lat.parse().unwrap_or(0.0);
        let lon: f64 = lon.parse().unwrap_or(0.0);
        out.push_str(&format!(
            "{name}\t{ascii}\t{}\t{iso3}\t{lat:.4}\t{lon:.4}\t{pop}\n",
            others.join("|")
        ));
        n += 1;
    }
    gz(&dst.join("cities.tsv.gz"), &out);
    eprintln!("wrote {} countries and {n} cities", iso2to3.len());
}

/// Strips common Latin diacritics; other characters are kept.
fn deunicode_basic(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
            'Á' | 'À' | 'Â' | 'Ä' | 'Ã' | 'Å' | 'Ā' => 'A',
            'é' | 'è' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
            'É' | 'È' | 'Ê' | 'Ë' | 'Ē' => 'E',
            'í' | 'ì' | 'î' | 'ï' | 'ī' | 'ı' => 'i',
            'Í' | 'Ì' | 'Î' | 'Ï' | 'Ī' | 'İ' => 'I',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ō' | 'ő' | 'ø' => 'o',
            'Ó' | 'Ò' | 'Ô' | 'Ö' | 'Õ' | 'Ō' | 'Ø' => 'O',
            'ú' | 'ù' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
            'Ú' | 'Ù' | 'Û' | 'Ü' | 'Ū' => 'U',
            'ç' | 'ć' | 'č' => 'c',
            'Ç' | 'Ć' | 'Č' => 'C',
            'ñ' | 'ń' | 'ň' => 'n',
            'Ñ' => 'N',
            'ş' | 'ś' | 'š' | 'ș' => 's',
            'Ş' | 'Ś' | 'Š' | 'Ș' => 'S',
            'ţ' | 'ț' | 'ť' => 't',
            'Ţ' | 'Ț' => 'T',
            'ž' | 'ź' | 'ż' => 'z',
            'Ž' | 'Ź' | 'Ż' => 'Z',
            'ğ' => 'g',
            'ý' | 'ÿ' => 'y',
            'ḩ' | 'ḥ' => 'h',
            'Ḩ' | 'Ḥ' => 'H',
            'ʻ' | 'ʼ' | '‘' | '’' => '\'',
            c => c,
        })
        .collect()
}
