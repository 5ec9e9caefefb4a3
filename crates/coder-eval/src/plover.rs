//! Scoring PLOVER event types against `PLOVER_GSR_dev.json`.
//!
//! The gold file is read as untyped JSON (`serde_json::Value`): serialized
//! record types belong to `event-export`.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;
use text_model::{AnnotatedDoc, DocMeta, Document, NaiveDate};

use crate::error::{Error, ErrorKind};
use crate::petrarch::ratio;

/// One gold record.
#[derive(Clone, Debug, PartialEq)]
pub struct PloverCase {
    pub id: String,
    pub text: String,
    pub date: Option<NaiveDate>,
    /// Gold event type, normalised to PLOVER 2021 names (see [`normalize_type`]).
    pub event: String,
    /// The type as written in the gold file.
    pub event_as_written: String,
    /// Gold source and target country/actor codes.
    pub sources: Vec<String>,
    pub targets: Vec<String>,
}

/// The gold file used PLOVER 0.5 type names; the coder's table is the 2021
/// mapping. Old names map to their 2021 successors.
pub fn normalize_type(t: &str) -> String {
    match t.trim().to_ascii_uppercase().as_str() {
        "DEMAND" => "REQUEST".to_string(),
        "DISAPPROVE" | "INVESTIGATE" => "ACCUSE".to_string(),
        "FIGHT" => "ASSAULT".to_string(),
        other => other.to_string(),
    }
}

fn actor_codes(v: Option<&Value>) -> Vec<String> {
    let one = |a: &Value| a.get("code").and_then(Value::as_str).map(str::to_string);
    match v {
        Some(Value::Array(a)) => a.iter().filter_map(one).collect(),
        Some(o @ Value::Object(_)) => one(o).into_iter().collect(),
        _ => Vec::new(),
    }
}

/// Reads the gold records; records without text or event (the DOCUMENT
/// header) are skipped silently, malformed ones reported as partial.
pub fn parse_gold(text: &str) -> Result<(Vec<PloverCase>, Option<Error>), Error> {
    let v: Value = serde_json::from_str(text)
        .map_err(|e| Error::new(ErrorKind::Json(e.to_string()), Some(e.line() as u64)))?;
    let arr = v.as_array().ok_or_else(|| {
        Error::new(
            ErrorKind::Json("the top level is not an array".into()),
            None,
        )
    })?;
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (i, r) in arr.iter().enumerate() {
        let event = r.get("event").and_then(Value::as_str).unwrap_or("");
        if event == "DOCUMENT" {
            continue;
        }
        let (Some(text), false) = (r.get("text").and_then(Value::as_str), event.is_empty()) else {
            errors.push(Error::new(
                ErrorKind::BadRecord(format!("record {i} has no text or event")),
                None,
            ));
            continue;
        };
        out.push(PloverCase {
            id: r
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            text: text.to_string(),
            date: r
                .get("date")
                .and_then(Value::as_str)
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
            event: normalize_type(event),
            event_as_written: event.to_string(),
            sources: actor_codes(r.get("source")),
            targets: actor_codes(r.get("target")),
        });
    }
    let err = (!errors.is_empty()).then(|| Error::new(ErrorKind::Partial(errors), None));
    Ok((out, err))
}

pub fn load_gold(path: &Path) -> Result<(Vec<PloverCase>, Option<Error>), Error> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::new(ErrorKind::Io(e), None).with_path(path))?;
    let (v, e) = parse_gold(&text).map_err(|e| e.with_path(path))?;
    Ok((v, e.map(|e| e.with_path(path))))
}

/// The gold record as a document.
pub fn case_document(c: &PloverCase) -> Document {
    Document::new(
        DocMeta {
            id: c.id.clone(),
            published: c.date,
            ..DocMeta::default()
        },
        c.text.clone(),
    )
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Prf {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Prf {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct PloverCaseResult {
    pub id: String,
    pub text: String,
    pub gold: String,
    /// Distinct PLOVER types coded for the record.
    pub predicted: Vec<String>,
    /// The type of the record's main event (see [`PloverReport::main`]).
    pub main: Option<String>,
    /// Source of a coded event of the gold type matches a gold source (by the
    /// first three letters); `None` when no event of the gold type was coded.
    pub source_ok: Option<bool>,
    pub target_ok: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PloverReport {
    pub records: usize,
    /// Micro-averaged over record-level type sets.
    pub micro: Prf,
    pub by_type: BTreeMap<String, Prf>,
    /// Among records whose gold type was found: source / target correct.
    pub source_correct: usize,
    pub target_correct: usize,
    pub with_gold_type: usize,
    pub target_cases: usize,
    /// Single-label scoring: the type of each record's main event (the one
    /// whose trigger is shallowest in the parse, first on ties) against the
    /// gold type. The gold records annotate one event each.
    pub main: Prf,
    pub cases: Vec<PloverCaseResult>,
}

impl PloverReport {
    /// Records whose main event is not of the gold type (missed or coded
    /// as another type), in file order.
    pub fn failures(&self) -> impl Iterator<Item = &PloverCaseResult> {
        self.cases
            .iter()
            .filter(|c| c.main.as_deref() != Some(c.gold.as_str()))
    }

    pub fn source_accuracy(&self) -> f64 {
        ratio(self.source_correct, self.with_gold_type)
    }
    pub fn target_accuracy(&self) -> f64 {
        ratio(self.target_correct, self.target_cases)
    }
}

/// The PLOVER type of the event whose trigger is nearest the root.
fn main_event_type(doc: &AnnotatedDoc) -> Option<String> {
    let depth = |span: text_model::ByteSpan| -> usize {
        let Some(mut i) = doc.tokens.iter().position(|t| t.span == span) else {
            return usize::MAX;
        };
        let mut d = 0;
        while let Some(h) = doc.tokens[i].head {
            i = h as usize;
            d += 1;
            if d > doc.tokens.len() {
                break;
            }
        }
        d
    };
    doc.events
        .iter()
        .filter(|e| e.plover_type.is_some())
        .min_by_key(|e| depth(e.trigger))
        .and_then(|e| e.plover_type.clone())
}

fn actor_ok(coded: Option<&str>, gold: &[String]) -> bool {
    let Some(c) = coded else { return false };
    gold.iter().any(|g| {
        let n = g.len().min(3);
        c.len() >= n && c[..n].eq_ignore_ascii_case(&g[..n])
    })
}

/// Runs `analyze` (raw text to coded document) on every gold record and
/// scores the PLOVER types: a record's predicted types are the distinct
/// `plover_type`s of its events; each gold type found is a true positive,
/// each other predicted type a false positive.
pub fn evaluate(cases: &[PloverCase], analyze: &dyn Fn(Document) -> AnnotatedDoc) -> PloverReport {
    let mut rep = PloverReport {
        records: cases.len(),
        ..PloverReport::default()
    };
    for c in cases {
        let doc = analyze(case_document(c));
        let mut predicted: Vec<String> = doc
            .events
            .iter()
            .filter_map(|e| e.plover_type.clone())
            .collect();
        predicted.sort();
        predicted.dedup();
        let hit = predicted.contains(&c.event);
        let entry = rep.by_type.entry(c.event.clone()).or_default();
        if hit {
            entry.tp += 1;
            rep.micro.tp += 1;
        } else {
            entry.fn_ += 1;
            rep.micro.fn_ += 1;
        }
        for p in predicted.iter().filter(|p| **p != c.event) {
            rep.by_type.entry(p.clone()).or_default().fp += 1;
            rep.micro.fp += 1;
        }
        let main = main_event_type(&doc);
        match &main {
            Some(t) if *t == c.event => rep.main.tp += 1,
            Some(_) => {
                rep.main.fp += 1;
                rep.main.fn_ += 1;
            }
            None => rep.main.fn_ += 1,
        }
        let (mut source_ok, mut target_ok) = (None, None);
        if hit {
            let of_type: Vec<_> = doc
                .events
                .iter()
                .filter(|e| e.plover_type.as_deref() == Some(c.event.as_str()))
                .collect();
            let s = of_type
                .iter()
                .any(|e| actor_ok(e.source.code.as_deref(), &c.sources));
            rep.with_gold_type += 1;
            rep.source_correct += usize::from(s);
            source_ok = Some(s);
            if !c.targets.is_empty() {
                let t = of_type.iter().any(|e| {
                    actor_ok(
                        e.target.as_ref().and_then(|t| t.code.as_deref()),
                        &c.targets,
                    )
                });
                rep.target_cases += 1;
                rep.target_correct += usize::from(t);
                target_ok = Some(t);
            }
        }
        rep.cases.push(PloverCaseResult {
            id: c.id.clone(),
            text: c.text.clone(),
            gold: c.event.clone(),
            predicted,
            main,
            source_ok,
            target_ok,
        });
    }
    rep
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_are_the_records_whose_main_event_is_not_the_gold_type() {
        let case =
            |id: &str, gold: &str, main: Option<&str>, predicted: &[&str]| PloverCaseResult {
                id: id.into(),
                text: String::new(),
                gold: gold.into(),
                predicted: predicted.iter().map(|p| p.to_string()).collect(),
                main: main.map(str::to_string),
                source_ok: None,
                target_ok: None,
            };
        let report = PloverReport {
            cases: vec![
                case("hit", "AGREE", Some("AGREE"), &["AGREE", "CONSULT"]),
                // The gold type was coded, but not as the main event.
                case("side", "AGREE", Some("CONSULT"), &["AGREE", "CONSULT"]),
                case("none", "THREATEN", None, &[]),
            ],
            ..PloverReport::default()
        };
        let ids: Vec<&str> = report.failures().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["side", "none"]);
    }
}
