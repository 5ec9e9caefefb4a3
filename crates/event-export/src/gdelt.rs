//! GDELT 2.0 event table export: one tab-separated line per deduplicated
//! event, no header, the 61 columns in GDELT's order.
//!
//! Filled by khaldun: GlobalEventID (the store's event id), Day, MonthYear,
//! Year, FractionDate, Actor1/2Code, Actor1/2Name (the words of the first
//! mention, or of its antecedent when the mention is a pronoun or a
//! description, upper-cased as GDELT does), Actor1/2CountryCode and
//! Actor1/2KnownGroupCode (from the leading three letters of the code: an ISO
//! country or an IGO/NGO/IMG/MNC/REB-style group root), Actor1/2Type1Code and
//! Type2Code (the role codes that follow, three letters each), IsRootEvent (1
//! when the first mention is in the article's first sentence), EventCode,
//! EventBaseCode, EventRootCode, QuadClass, GoldsteinScale, NumMentions,
//! NumSources (distinct outlets), NumArticles (distinct documents),
//! ActionGeo_Type (1 country, 4 place), ActionGeo_FullName,
//! ActionGeo_CountryCode (ISO alpha-3, where GDELT uses FIPS 10-4),
//! ActionGeo_Lat, ActionGeo_Long, DATEADDED (the first report date at
//! 00:00:00) and SOURCEURL (the first article's URL, else its document id).
//!
//! Left empty: Actor1/2EthnicCode, Religion1Code, Religion2Code, Type3Code,
//! AvgTone (khaldun computes no tone), all Actor1Geo_* and Actor2Geo_* fields
//! (khaldun locates the action, not the actors), ActionGeo_ADM1Code,
//! ActionGeo_ADM2Code and ActionGeo_FeatureID.

use std::io::{self, Write};

use crate::rows::{compact_date, tsv_field, EventRow};
use crate::ActorRecord;

/// The GDELT 2.0 event table columns, in order.
pub const GDELT_COLUMNS: [&str; 61] = [
    "GlobalEventID",
    "Day",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// Group roots that GDELT files under KnownGroupCode rather than CountryCode.
const GROUP_ROOTS: [&str; 5] = ["IGO", "NGO", "IMG", "MNC", "UNO"];

/// Writes events as GDELT 2.0 event table lines (no header; GDELT files have none).
pub struct GdeltWriter<W: Write> {
    out: W,
}

struct ActorCols {
    code: String,
    name: String,
    country: String,
    group: String,
    type1: String,
    type2: String,
}

fn actor_cols(actor: Option<&ActorRecord>) -> ActorCols {
    let Some(actor) = actor else {
        return ActorCols {
            code: String::new(),
            name: String::new(),
            country: String::new(),
            group: String::new(),
            type1: String::new(),
            type2: String::new(),
        };
    };
    let code: String = actor
        .code
        .as_deref()
        .unwrap_or("")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_uppercase();
    let chunk = |i: usize| code.get(i * 3..i * 3 + 3).unwrap_or("").to_string();
    // PETRARCH writes `---` for an unknown country: the codes after it are roles.
    let unknown_country = actor
        .code
        .as_deref()
        .is_some_and(|c| c.trim().starts_with("---"));
    let (country, group, type1, type2) = if unknown_country {
        (String::new(), String::new(), chunk(0), chunk(1))
    } else {
        let root = chunk(0);
        if GROUP_ROOTS.contains(&root.as_str()) {
            (String::new(), root, chunk(1), chunk(2))
        } else {
            (root, String::new(), chunk(1), chunk(2))
        }
    };
    ActorCols {
        // "THEY" names no one; the antecedent's words do.
        name: tsv_field(&actor_name(actor).to_uppercase()).into_owned(),
        country,
        group,
        type1,
        type2,
        code,
    }
}

/// The words that name an actor: its antecedent's for a pronoun or a
/// description, else its own.
fn actor_name(actor: &ActorRecord) -> &str {
    actor
        .antecedent
        .as_ref()
        .map_or(actor.text.as_str(), |a| a.text.as_str())
}

impl<W: Write> GdeltWriter<W> {
    pub fn new(out: W) -> GdeltWriter<W> {
        GdeltWriter { out }
    }

    pub fn write(&mut self, row: &EventRow) -> io::Result<()> {
        let r = &row.record;
        let day = compact_date(row.date.as_deref());
        let (year, month_year, fraction) = if day.len() == 8 {
            let y: u32 = day[0..4].parse().unwrap_or(0);
            let m: u32 = day[4..6].parse().unwrap_or(1);
            let d: u32 = day[6..8].parse().unwrap_or(1);
            // GDELT's FractionDate: year + (month*30 + day) / 365.
            let f = y as f64 + ((m * 30 + d) as f64) / 365.0;
            (y.to_string(), day[0..6].to_string(), format!("{f:.4}"))
        } else {
            (String::new(), String::new(), String::new())
        };
        let a1 = actor_cols(Some(&r.source));
        let a2 = actor_cols(r.target.as_ref());
        let code = &r.cameo.code;
        let base = code.get(0..3).unwrap_or(code);
        let mut cols: Vec<String> = Vec::with_capacity(61);
        cols.push(row.event.to_string());
        cols.push(day.clone());
        cols.push(month_year);
        cols.push(year);
        cols.push(fraction);
        for a in [&a1, &a2] {
            cols.push(a.code.clone());
            cols.push(a.name.clone());
            cols.push(a.country.clone());
            cols.push(a.group.clone());
            cols.extend(std::iter::repeat_n(String::new(), 3)); // ethnic, religion 1, 2
            cols.push(a.type1.clone());
            cols.push(a.type2.clone());
            cols.push(String::new()); // type 3
        }
        cols.push(if r.sentence_index == 0 { "1" } else { "0" }.to_string());
        cols.push(code.clone());
        cols.push(base.to_string());
        cols.push(r.cameo.root.clone());
        cols.push(r.cameo.quad_class.to_string());
        cols.push(format!("{:.1}", r.cameo.goldstein));
        cols.push(row.mentions.to_string());
        cols.push(row.sources.len().to_string());
        cols.push(row.articles.len().to_string());
        cols.push(String::new()); // AvgTone
        cols.extend(std::iter::repeat_n(String::new(), 16)); // Actor1Geo_*, Actor2Geo_*
        match &r.location {
            Some(loc) => {
                let has_point = loc.lat.is_some() && loc.lon.is_some();
                let is_country = loc
                    .country
                    .as_deref()
                    .is_some_and(|c| c.eq_ignore_ascii_case(&loc.name) || loc.name.len() <= 3);
                cols.push(if is_country && !has_point { "1" } else { "4" }.to_string());
                cols.push(tsv_field(&loc.name).into_owned());
                cols.push(loc.country.clone().unwrap_or_default());
                cols.push(String::new());
                cols.push(String::new());
                cols.push(loc.lat.map(|x| x.to_string()).unwrap_or_default());
                cols.push(loc.lon.map(|x| x.to_string()).unwrap_or_default());
                cols.push(String::new());
            }
            None => cols.extend(std::iter::repeat_n(String::new(), 8)),
        }
        let added = compact_date(row.first_report.as_deref().or(row.date.as_deref()));
        cols.push(if added.is_empty() {
            added
        } else {
            format!("{added}000000")
        });
        let url = row
            .urls
            .first()
            .or(row.articles.first())
            .map(|u| tsv_field(u).into_owned())
            .unwrap_or_default();
        cols.push(url);
        debug_assert_eq!(cols.len(), GDELT_COLUMNS.len());
        writeln!(self.out, "{}", cols.join("\t"))
    }

    pub fn finish(mut self) -> io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TriggerRecord;

    #[test]
    fn a_pronoun_actor_is_named_by_its_antecedent() {
        let mut actor = ActorRecord {
            text: "they".into(),
            code: Some("IRQREB".into()),
            start: 40,
            end: 44,
            antecedent: None,
        };
        assert_eq!(actor_cols(Some(&actor)).name, "THEY");
        actor.antecedent = Some(TriggerRecord {
            text: "Sunni militias".into(),
            start: 3,
            end: 17,
        });
        let cols = actor_cols(Some(&actor));
        assert_eq!(
            (cols.name.as_str(), cols.country.as_str()),
            ("SUNNI MILITIAS", "IRQ")
        );
    }
}
