//! Scoring a coder against PETRARCH validation records.

use std::collections::BTreeMap;

use text_model::AnnotatedDoc;

use crate::validation::{Coding, Expected, Record, ValidationFile};

/// Codes one record: the analysis up to events, chosen by the caller (end to
/// end from the record's text, or from the record's own parse). The record's
/// `config` carries the options in force (`require_dyad`).
pub trait RecordCoder {
    fn code(&self, record: &Record) -> AnnotatedDoc;
}

impl<F: Fn(&Record) -> AnnotatedDoc> RecordCoder for F {
    fn code(&self, record: &Record) -> AnnotatedDoc {
        self(record)
    }
}

/// The triples a coded document yields, in PETRARCH's notation: a missing
/// actor is `---`, an agent without a country `---GOV`.
pub fn codings_of(doc: &AnnotatedDoc) -> Vec<Coding> {
    let code = |c: Option<&str>| match c {
        None | Some("") => "---".to_string(),
        Some(c) => c.replace('~', "---"),
    };
    doc.events
        .iter()
        .map(|e| Coding {
            source: code(e.source.code.as_deref()),
            target: code(e.target.as_ref().and_then(|t| t.code.as_deref())),
            code: e.cameo.clone(),
        })
        .collect()
}

/// One record's outcome.
#[derive(Clone, Debug, PartialEq)]
pub struct CaseResult {
    pub id: String,
    pub category: String,
    pub text: String,
    pub passed: bool,
    /// What the record expects, in words ("noevents", "error: dateline", or the triples).
    pub expected: Vec<Coding>,
    pub expected_kind: String,
    pub got: Vec<Coding>,
    /// Expected triples not coded.
    pub missing: Vec<Coding>,
    /// Coded triples not expected.
    pub extra: Vec<Coding>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct CategoryScore {
    pub passed: usize,
    pub total: usize,
}

/// The figures of a run over a validation file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PetrarchReport {
    /// Records in the file.
    pub records: usize,
    /// Records the environment selects (`<Include>`, `<Exclude>`, `valid`).
    pub evaluated: usize,
    pub passed: usize,
    pub by_category: BTreeMap<String, CategoryScore>,
    /// Gold triples over evaluated records, triples coded, and triples matched
    /// one to one: recall = matched / gold, precision = matched / coded.
    pub gold_codings: usize,
    pub coded: usize,
    pub matched: usize,
    pub cases: Vec<CaseResult>,
}

impl PetrarchReport {
    pub fn pass_rate(&self) -> f64 {
        ratio(self.passed, self.evaluated)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.matched, self.gold_codings)
    }
    pub fn precision(&self) -> f64 {
        ratio(self.matched, self.coded)
    }
    pub fn failures(&self) -> impl Iterator<Item = &CaseResult> {
        self.cases.iter().filter(|c| !c.passed)
    }
}

pub(crate) fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Multiset difference both ways.
fn diff(expected: &[Coding], got: &[Coding]) -> (Vec<Coding>, Vec<Coding>, usize) {
    let mut rest: Vec<Coding> = got.to_vec();
    let mut missing = Vec::new();
    let mut matched = 0;
    for e in expected {
        match rest.iter().position(|g| g == e) {
            Some(p) => {
                rest.remove(p);
                matched += 1;
            }
            None => missing.push(e.clone()),
        }
    }
    (missing, rest, matched)
}

/// Runs `coder` over every selected record and scores it.
///
/// A record passes when its coded triples equal the expected ones one to one
/// (order ignored). `noevents` records pass when nothing is coded. `error`
/// records (PETRARCH-1 irregularities: discards, datelines, bad parses) pass
/// when nothing is coded, since khaldun reports such problems as diagnostics
/// rather than errors.
pub fn evaluate(file: &ValidationFile, coder: &dyn RecordCoder) -> PetrarchReport {
    let mut rep = PetrarchReport {
        records: file.records.len(),
        ..PetrarchReport::default()
    };
    for r in &file.records {
        if !file.is_selected(r) {
            continue;
        }
        let doc = coder.code(r);
        let mut got = codings_of(&doc);
        got.sort();
        let (expected, kind) = match &r.expected {
            Expected::Events(v) => (v.clone(), "events".to_string()),
            Expected::NoEvents => (Vec::new(), "noevents".to_string()),
            Expected::Error(e) => (Vec::new(), format!("error: {e}")),
        };
        let (missing, extra, matched) = diff(&expected, &got);
        let passed = missing.is_empty() && extra.is_empty();
        rep.evaluated += 1;
        rep.gold_codings += expected.len();
        rep.coded += got.len();
        rep.matched += matched;
        let cat = rep.by_category.entry(r.category.clone()).or_default();
        cat.total += 1;
        if passed {
            cat.passed += 1;
            rep.passed += 1;
        }
        rep.cases.push(CaseResult {
            id: r.id.clone(),
            category: r.category.clone(),
            text: r.text.clone(),
            passed,
            expected,
            expected_kind: kind,
            got,
            missing,
            extra,
        });
    }
    rep
}
