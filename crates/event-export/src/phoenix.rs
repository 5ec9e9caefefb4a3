//! Phoenix TSV export: the 26 tab-separated fields that phoenix_pipeline's
//! `postprocess.create_strings` writes, one line per deduplicated event, no
//! header:
//!
//! `id, date (YYYYMMDD), year, month, day, source, source_root, source_agent,
//! source_others, target, target_root, target_agent, target_others, code,
//! root_code, quad_class, goldstein, issues, lat, lon, place_name,
//! state_name, country_name, ids, urls, sources`
//!
//! As in Phoenix, `quad_class` is its five-way class from the root code
//! (0 verbal cooperation ... 4 material conflict; note it is not GDELT's
//! QuadClass), the actor root is the leading country or IGO/NGO/IMG/MNC code,
//! the agent one of Phoenix's primary agents, and `others` the remaining
//! three-letter codes joined by `;`. `ids` are the article ids joined by `;`
//! (Phoenix wrote sentence ids), `urls` and `sources` (outlets) likewise.
//! khaldun codes no issues and resolves no admin-1 state name, so those two
//! fields are empty; `country_name` holds the ISO alpha-3 code.

use std::io::{self, Write};

use crate::rows::{compact_date, tsv_field, EventRow};

/// Column names, for documentation and for readers that want a header.
pub const PHOENIX_COLUMNS: [&str; 26] = [
    "id",
    "date",
    "year",
    "month",
    "day",
    "source",
    "source_root",
    "source_agent",
    "source_others",
    "target",
    "target_root",
    "target_agent",
    "target_others",
    "code",
    "root_code",
    "quad_class",
    "goldstein",
    "issues",
    "lat",
    "lon",
    "place_name",
    "state_name",
    "country_name",
    "ids",
    "urls",
    "sources",
];

const ROOT_ACTORS: [&str; 4] = ["IGO", "NGO", "IMG", "MNC"];
const PRIMARY_AGENTS: [&str; 13] = [
    "GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "SPY", "MED", "EDU", "BUS", "CRM", "CVL",
];

/// Phoenix's five-way class of a CAMEO root.
pub fn phoenix_class(root: &str) -> Option<u8> {
    Some(match root {
        "01" | "02" => 0,
        "03" | "04" | "05" => 1,
        "06" | "07" | "08" => 2,
        "09" | "10" | "11" | "12" | "13" | "16" => 3,
        "14" | "15" | "17" | "18" | "19" | "20" => 4,
        _ => return None,
    })
}

/// Splits an actor code Phoenix-style into (full, root, agent, others).
pub fn split_actor(code: &str) -> [String; 4] {
    let code: String = code.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    let head = code.get(0..3).unwrap_or("");
    // Country roots are three upper-case letters; anything else is not a root.
    let is_country = head.len() == 3 && head.bytes().all(|b| b.is_ascii_uppercase());
    let root = if is_country || ROOT_ACTORS.contains(&head) {
        head.to_string()
    } else {
        String::new()
    };
    let agent_slot = code.get(3..6).unwrap_or("");
    let agent = if PRIMARY_AGENTS.contains(&agent_slot) {
        agent_slot.to_string()
    } else {
        String::new()
    };
    let start = if agent.is_empty() { 3 } else { 6 };
    let others: Vec<&str> = (start..code.len())
        .step_by(3)
        .filter_map(|i| code.get(i..(i + 3).min(code.len())))
        .collect();
    [code.clone(), root, agent, others.join(";")]
}

pub struct PhoenixWriter<W: Write> {
    out: W,
}

impl<W: Write> PhoenixWriter<W> {
    pub fn new(out: W) -> PhoenixWriter<W> {
        PhoenixWriter { out }
    }

    pub fn write(&mut self, row: &EventRow) -> io::Result<()> {
        let r = &row.record;
        let date = compact_date(row.date.as_deref());
        let (y, m, d) = if date.len() == 8 {
            (&date[0..4], &date[4..6], &date[6..8])
        } else {
            ("", "", "")
        };
        let src = split_actor(r.source.code.as_deref().unwrap_or(""));
        let tgt = split_actor(
            r.target
                .as_ref()
                .and_then(|t| t.code.as_deref())
                .unwrap_or(""),
        );
        let mut cols: Vec<String> = vec![
            row.event.to_string(),
            date.clone(),
            y.to_string(),
            m.to_string(),
            d.to_string(),
        ];
        cols.extend(src);
        cols.extend(tgt);
        cols.push(r.cameo.code.clone());
        cols.push(r.cameo.root.clone());
        cols.push(
            phoenix_class(&r.cameo.root)
                .map(|c| c.to_string())
                .unwrap_or_default(),
        );
        cols.push(format!("{:.1}", r.cameo.goldstein));
        cols.push(String::new()); // issues
        match &r.location {
            Some(loc) if loc.lat.is_some() && loc.lon.is_some() => {
                cols.push(loc.lat.map(|x| x.to_string()).unwrap_or_default());
                cols.push(loc.lon.map(|x| x.to_string()).unwrap_or_default());
                cols.push(tsv_field(&loc.name).into_owned());
                cols.push(String::new());
                cols.push(loc.country.clone().unwrap_or_default());
            }
            Some(loc) => {
                cols.push(String::new());
                cols.push(String::new());
                cols.push(tsv_field(&loc.name).into_owned());
                cols.push(String::new());
                cols.push(loc.country.clone().unwrap_or_default());
            }
            None => cols.extend(std::iter::repeat_n(String::new(), 5)),
        }
        let join = |v: &[String]| {
            v.iter()
                .map(|s| tsv_field(s).replace(';', ","))
                .collect::<Vec<_>>()
                .join(";")
        };
        cols.push(join(&row.articles));
        cols.push(join(&row.urls));
        cols.push(join(&row.sources));
        debug_assert_eq!(cols.len(), PHOENIX_COLUMNS.len());
        writeln!(self.out, "{}", cols.join("\t"))
    }

    pub fn finish(mut self) -> io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}
