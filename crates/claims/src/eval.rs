//! Gold fixtures and the scorer for the claims stages.
//!
//! The gold file is JSON Lines, one short passage per line:
//!
//! ```json
//! {"id": "a01", "published": "2015-03-12", "outlet": "Khaldun Test Wire",
//!  "text": "A defector said ...",
//!  "mentions": [{"text": "Kataib Hezbollah", "code": "IRQREB", "nth": 0}],
//!  "events": [{"trigger": "working", "nth": 0, "cameo": "040",
//!              "source": "Kataib Hezbollah", "target": "Quds Force",
//!              "asserted_by": "A defector",
//!              "date": {"start": null, "end": "2015-03-12"}, "historical": false,
//!              "negated": false, "hypothetical": false,
//!              "location": {"name": "Iraq", "country": "IRQ"}}],
//!  "coref": [{"text": "The group", "nth": 0, "code": "IRQREB", "antecedent": "..."}],
//!  "framing": [{"label": "terrorist", "applies_to": "Hamas"}]}
//! ```
//!
//! `mentions` are the actor-dictionary hits the passage assumes, used only
//! in the *oracle* mode, where gold mentions and gold event triggers stand in
//! for the actor matcher and the event coder so that these stages are
//! measured on their own. End to end, a gold event is matched to the coded
//! event whose trigger overlaps it; the share of gold events matched is the
//! coder's coverage, reported apart, and the fields are scored on the
//! matched events.
//!
//! Fields scored per gold event: `attribution` (own voice, or the speaker's
//! words: equal, or one containing the other, ignoring case and a leading
//! "the"), `date` (start and end), `historical`, `negated`, `hypothetical`
//! and `location` (null, or country and name, ignoring case). A coreference
//! item is right when the mention over its words points at the gold
//! antecedent's words.

use std::path::Path;

use serde_json::Value;
use text_model::{AnnotatedDoc, DocMeta, Document, MentionKind, NaiveDate};

use crate::{testkit, Error, ErrorKind};

#[derive(Clone, Debug, PartialEq)]
pub struct GoldMention {
    pub text: String,
    pub code: String,
    pub nth: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GoldLocation {
    pub name: String,
    pub country: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GoldEvent {
    pub trigger: String,
    pub nth: usize,
    pub cameo: String,
    pub source: Option<String>,
    pub target: Option<String>,
    pub asserted_by: Option<String>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub historical: bool,
    pub negated: bool,
    pub hypothetical: bool,
    pub location: Option<GoldLocation>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GoldCoref {
    pub text: String,
    pub nth: usize,
    pub code: String,
    /// The words of the named mention it resolves to.
    pub antecedent: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GoldFraming {
    pub label: String,
    pub applies_to: Option<String>,
}

/// One gold passage.
#[derive(Clone, Debug, PartialEq)]
pub struct GoldDoc {
    pub id: String,
    pub published: Option<NaiveDate>,
    pub outlet: Option<String>,
    pub text: String,
    pub constructions: Vec<String>,
    pub mentions: Vec<GoldMention>,
    pub events: Vec<GoldEvent>,
    pub coref: Vec<GoldCoref>,
    pub framing: Vec<GoldFraming>,
}

impl GoldDoc {
    pub fn document(&self) -> Document {
        Document::new(
            DocMeta {
                id: self.id.clone(),
                outlet: self.outlet.clone(),
                published: self.published,
                ..DocMeta::default()
            },
            self.text.clone(),
        )
    }
}

fn s(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

fn date(v: Option<&Value>, what: &str) -> Result<Option<NaiveDate>, String> {
    match v.and_then(Value::as_str) {
        None => Ok(None),
        Some(d) => NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| format!("{what}: '{d}' is not a YYYY-MM-DD date")),
    }
}

fn parse_line(line: &str) -> Result<GoldDoc, String> {
    let v: Value = serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
    let text = s(&v, "text").ok_or("missing \"text\"")?;
    let arr = |k: &str| {
        v.get(k)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let mut events = Vec::new();
    for e in arr("events") {
        let d = e.get("date");
        events.push(GoldEvent {
            trigger: s(&e, "trigger").ok_or("an event without \"trigger\"")?,
            nth: e.get("nth").and_then(Value::as_u64).unwrap_or(0) as usize,
            cameo: s(&e, "cameo").unwrap_or_default(),
            source: s(&e, "source"),
            target: s(&e, "target"),
            asserted_by: s(&e, "asserted_by"),
            start: date(d.and_then(|d| d.get("start")), "date.start")?,
            end: date(d.and_then(|d| d.get("end")), "date.end")?,
            historical: e
                .get("historical")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            negated: e.get("negated").and_then(Value::as_bool).unwrap_or(false),
            hypothetical: e
                .get("hypothetical")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            location: e
                .get("location")
                .filter(|l| !l.is_null())
                .map(|l| GoldLocation {
                    name: s(l, "name").unwrap_or_default(),
                    country: s(l, "country"),
                }),
        });
    }
    Ok(GoldDoc {
        id: s(&v, "id").ok_or("missing \"id\"")?,
        published: date(v.get("published"), "published")?,
        outlet: s(&v, "outlet"),
        text,
        constructions: arr("constructions")
            .iter()
            .filter_map(|c| c.as_str().map(str::to_string))
            .collect(),
        mentions: arr("mentions")
            .iter()
            .filter_map(|m| {
                Some(GoldMention {
                    text: s(m, "text")?,
                    code: s(m, "code")?,
                    nth: m.get("nth").and_then(Value::as_u64).unwrap_or(0) as usize,
                })
            })
            .collect(),
        events,
        coref: arr("coref")
            .iter()
            .filter_map(|c| {
                Some(GoldCoref {
                    text: s(c, "text")?,
                    nth: c.get("nth").and_then(Value::as_u64).unwrap_or(0) as usize,
                    code: s(c, "code")?,
                    antecedent: s(c, "antecedent"),
                })
            })
            .collect(),
        framing: arr("framing")
            .iter()
            .filter_map(|f| {
                Some(GoldFraming {
                    label: s(f, "label")?,
                    applies_to: s(f, "applies_to"),
                })
            })
            .collect(),
    })
}

/// Parses gold JSON Lines. Bad lines are reported with their numbers in a
/// `Partial` error; blank lines are skipped.
pub fn parse_gold(text: &str) -> Result<Vec<GoldDoc>, Error> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match parse_line(line) {
            Ok(g) => out.push(g),
            Err(m) => errors.push(Error::malformed(m).with_line(n as u64 + 1)),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(Error::new(ErrorKind::Partial(errors)))
    }
}

pub fn load_gold(path: &Path) -> Result<Vec<GoldDoc>, Error> {
    let text =
        std::fs::read_to_string(path).map_err(|e| Error::new(ErrorKind::Io(e)).with_path(path))?;
    parse_gold(&text).map_err(|e| e.with_path(path))
}

/// Adds the gold dictionary mentions (oracle actor matching).
pub fn oracle_mentions(doc: &mut AnnotatedDoc, gold: &GoldDoc) {
    for m in &gold.mentions {
        testkit::add_mention(doc, &m.text, m.nth, MentionKind::Actor, Some(&m.code));
    }
    doc.mark_layer(text_model::Layer::Mentions);
}

/// Adds the gold events (oracle event coding): triggers, and actors whose
/// codes come from the mentions present (including coreference ones).
pub fn oracle_events(doc: &mut AnnotatedDoc, gold: &GoldDoc) {
    for e in &gold.events {
        let trig = testkit::find(doc, &e.trigger, e.nth);
        let src = e.source.as_deref().and_then(|w| near_actor(doc, w, trig));
        let tgt = e.target.as_deref().and_then(|w| near_actor(doc, w, trig));
        testkit::add_event(doc, &e.trigger, e.nth, &e.cameo, src, tgt);
    }
    doc.mark_layer(text_model::Layer::Events);
}

/// The occurrence of `words` nearest the trigger, as an event actor with the
/// code of the mention over it.
fn near_actor(
    doc: &AnnotatedDoc,
    words: &str,
    trig: Option<text_model::ByteSpan>,
) -> Option<text_model::EventActor> {
    let spans: Vec<text_model::ByteSpan> = (0..)
        .map_while(|n| testkit::find(doc, words, n))
        .take(50)
        .collect();
    let t = trig.map_or(0, |t| t.start());
    let span = spans.into_iter().min_by_key(|s| s.start().abs_diff(t))?;
    // The mention over these words, else one over the same words elsewhere
    // (gold mentions name one occurrence).
    let m = doc
        .mentions
        .iter()
        .filter(|m| m.span == span && m.kind != MentionKind::Place && m.code.is_some())
        .max_by_key(|m| m.antecedent.is_some())
        .or_else(|| {
            doc.mentions.iter().find(|m| {
                m.kind == MentionKind::Actor && m.code.is_some() && doc.slice(m.span) == words
            })
        });
    Some(text_model::EventActor {
        span,
        code: m.and_then(|m| m.code.clone()),
        antecedent: m.and_then(|m| m.antecedent),
    })
}

/// Runs this crate's stages in oracle mode on a passage: `prepare` tokenizes
/// (and may tag and parse); then gold mentions, coreference, gold events,
/// and the post-event stages.
pub fn run_oracle(gold: &GoldDoc, prepare: impl FnOnce(&mut AnnotatedDoc)) -> AnnotatedDoc {
    let mut doc = AnnotatedDoc::new(gold.document());
    prepare(&mut doc);
    oracle_mentions(&mut doc, gold);
    for st in crate::pre_event_stages() {
        st.run(&mut doc);
    }
    oracle_events(&mut doc, gold);
    for st in crate::post_event_stages() {
        st.run(&mut doc);
    }
    doc
}

/// Counts for one field.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FieldScore {
    pub correct: usize,
    pub total: usize,
}

impl FieldScore {
    pub fn accuracy(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.correct as f64 / self.total as f64
        }
    }

    fn add(&mut self, ok: bool) {
        self.total += 1;
        if ok {
            self.correct += 1;
        }
    }
}

/// One wrong field, for the report.
#[derive(Clone, Debug, PartialEq)]
pub struct Miss {
    pub doc: String,
    pub trigger: String,
    pub field: &'static str,
    pub expected: String,
    pub got: String,
}

/// Accuracy per field over a gold set.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClaimsReport {
    pub docs: usize,
    pub gold_events: usize,
    /// Gold events a coded event was found for.
    pub matched_events: usize,
    pub attribution: FieldScore,
    pub date: FieldScore,
    pub historical: FieldScore,
    pub negated: FieldScore,
    pub hypothetical: FieldScore,
    pub location: FieldScore,
    pub coref: FieldScore,
    pub framing: FieldScore,
    pub misses: Vec<Miss>,
}

/// The fields scored on every gold event; `coref` and `framing` are scored
/// on their own gold items.
pub const EVENT_FIELDS: [&str; 6] = [
    "attribution",
    "date",
    "historical",
    "negated",
    "hypothetical",
    "location",
];

impl ClaimsReport {
    /// A field's correct values over every gold item: for the per-event
    /// fields a gold event the coder missed counts as wrong; coreference
    /// and framing are already scored over every gold item.
    pub fn end_to_end(&self, field: &str) -> f64 {
        let Some((_, f)) = self.fields().into_iter().find(|(n, _)| *n == field) else {
            return 0.0;
        };
        if EVENT_FIELDS.contains(&field) {
            ratio(f.correct, self.gold_events)
        } else {
            f.accuracy()
        }
    }

    /// (field name, score) in a fixed order: the [`EVENT_FIELDS`], then
    /// `coref` and `framing`.
    pub fn fields(&self) -> [(&'static str, FieldScore); 8] {
        [
            ("attribution", self.attribution),
            ("date", self.date),
            ("historical", self.historical),
            ("negated", self.negated),
            ("hypothetical", self.hypothetical),
            ("location", self.location),
            ("coref", self.coref),
            ("framing", self.framing),
        ]
    }
}

fn norm(s: &str) -> String {
    let l = s.trim().to_lowercase();
    let l = l.strip_prefix("the ").unwrap_or(&l).to_string();
    l.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn same_speaker(gold: &str, got: &str) -> bool {
    let (g, p) = (norm(gold), norm(got));
    !p.is_empty() && (g == p || g.contains(&p) || p.contains(&g))
}

fn show_date(s: Option<NaiveDate>, e: Option<NaiveDate>) -> String {
    let f = |d: Option<NaiveDate>| d.map_or("null".to_string(), |d| d.to_string());
    format!("{}..{}", f(s), f(e))
}

/// Scores one annotated passage against its gold.
pub fn score_doc(gold: &GoldDoc, doc: &AnnotatedDoc, report: &mut ClaimsReport) {
    report.docs += 1;
    let text = doc.text();
    for ge in &gold.events {
        report.gold_events += 1;
        let span = testkit::find(doc, &ge.trigger, ge.nth).or_else(|| {
            // Tokenizers differ: fall back to the raw nth occurrence.
            text.match_indices(&ge.trigger)
                .nth(ge.nth)
                .map(|(i, m)| text_model::ByteSpan::new(i, i + m.len()))
        });
        let ev = span.and_then(|sp| doc.events.iter().find(|e| e.trigger.overlaps(sp)));
        let mut miss = |field: &'static str, ok: bool, expected: String, got: String| {
            if !ok {
                report.misses.push(Miss {
                    doc: gold.id.clone(),
                    trigger: ge.trigger.clone(),
                    field,
                    expected,
                    got,
                });
            }
            ok
        };
        let Some(ev) = ev else {
            // The coder's recall, reported as coverage; fields are scored
            // on the gold events that were coded.
            miss(
                "coverage",
                false,
                "an event".into(),
                "no event coded".into(),
            );
            continue;
        };
        report.matched_events += 1;
        // Attribution.
        let got_by = ev
            .attribution
            .as_ref()
            .and_then(|a| a.asserted_by.as_ref())
            .map(|s| doc.slice(s.span).to_string());
        let ok = match (&ge.asserted_by, &got_by) {
            (None, None) => true,
            (Some(g), Some(p)) => same_speaker(g, p),
            _ => false,
        };
        let ok = miss(
            "attribution",
            ok,
            format!("{:?}", ge.asserted_by),
            format!("{got_by:?}"),
        );
        report.attribution.add(ok);
        // Date.
        let (ps, pe, ph) = ev
            .date
            .as_ref()
            .map_or((None, None, false), |d| (d.start, d.end, d.historical));
        let ok = (ps, pe) == (ge.start, ge.end);
        let basis = ev
            .date
            .as_ref()
            .and_then(|d| d.basis.clone())
            .unwrap_or_default();
        let ok = miss(
            "date",
            ok,
            show_date(ge.start, ge.end),
            format!("{} ({basis})", show_date(ps, pe)),
        );
        report.date.add(ok);
        let ok = miss(
            "historical",
            ph == ge.historical,
            ge.historical.to_string(),
            ph.to_string(),
        );
        report.historical.add(ok);
        let ok = miss(
            "negated",
            ev.negated == ge.negated,
            ge.negated.to_string(),
            ev.negated.to_string(),
        );
        report.negated.add(ok);
        let ok = miss(
            "hypothetical",
            ev.hypothetical == ge.hypothetical,
            ge.hypothetical.to_string(),
            ev.hypothetical.to_string(),
        );
        report.hypothetical.add(ok);
        let got_loc = ev
            .location
            .as_ref()
            .map(|l| (l.name.clone(), l.country.clone()));
        let ok = match (&ge.location, &got_loc) {
            (None, None) => true,
            (Some(g), Some((name, country))) => {
                g.country == *country && g.name.to_lowercase() == name.to_lowercase()
            }
            _ => false,
        };
        let ok = miss(
            "location",
            ok,
            format!("{:?}", ge.location.as_ref().map(|l| (&l.name, &l.country))),
            format!("{got_loc:?}"),
        );
        report.location.add(ok);
    }
    for gc in &gold.coref {
        let span = testkit::find(doc, &gc.text, gc.nth);
        let got = span.and_then(|sp| {
            doc.mentions
                .iter()
                .filter(|m| m.span.overlaps(sp) && m.antecedent.is_some())
                .max_by_key(|m| {
                    (
                        m.span == sp,
                        m.code.as_deref().is_some_and(|c| !c.starts_with("---")),
                    )
                })
        });
        // Resolved to the right antecedent (the code depends on the actor
        // dictionary, and is checked by the unit tests).
        let got_ante = got
            .and_then(|m| m.antecedent)
            .map(|a| doc.slice(a).to_string());
        // Or the words carry the same specific code as the antecedent's
        // mention: the dictionary knew the alias itself.
        let code_of = |sp: text_model::ByteSpan| {
            doc.mentions
                .iter()
                .filter(|m| m.span.overlaps(sp) && m.kind != MentionKind::Place)
                .filter_map(|m| m.code.clone())
                .find(|c| !c.starts_with("---"))
        };
        let same_code = match (
            span,
            gc.antecedent
                .as_deref()
                .and_then(|a| testkit::find(doc, a, 0)),
        ) {
            (Some(w), Some(a)) => code_of(w).is_some() && code_of(w) == code_of(a),
            _ => false,
        };
        let ok = same_code
            || match (&gc.antecedent, &got_ante) {
                (Some(g), Some(p)) => same_speaker(g, p),
                (None, Some(_)) => got.and_then(|m| m.code.as_deref()) == Some(gc.code.as_str()),
                _ => false,
            };
        if !ok {
            report.misses.push(Miss {
                doc: gold.id.clone(),
                trigger: gc.text.clone(),
                field: "coref",
                expected: format!("{:?}", gc.antecedent),
                got: format!("{got_ante:?}"),
            });
        }
        report.coref.add(ok);
    }
    for gf in &gold.framing {
        let found = doc.framing.iter().find(|f| f.label == gf.label);
        let got = found.map(|f| f.applies_to.as_ref().map(|a| doc.slice(a.span).to_string()));
        let ok = match (&got, &gf.applies_to) {
            (Some(None), None) => true,
            (Some(Some(p)), Some(g)) => same_speaker(g, p),
            _ => false,
        };
        if !ok {
            report.misses.push(Miss {
                doc: gold.id.clone(),
                trigger: gf.label.clone(),
                field: "framing",
                expected: format!("{:?}", gf.applies_to),
                got: format!("{got:?}"),
            });
        }
        report.framing.add(ok);
    }
}

/// Scores every passage, annotating each with `annotate`.
pub fn evaluate(
    golds: &[GoldDoc],
    mut annotate: impl FnMut(&GoldDoc) -> AnnotatedDoc,
) -> ClaimsReport {
    let mut report = ClaimsReport::default();
    for g in golds {
        let doc = annotate(g);
        score_doc(g, &doc, &mut report);
    }
    report
}

/// The report as a small table of text.
pub fn render(report: &ClaimsReport) -> String {
    let mut out = format!(
        "{} passages, {} gold events, {} matched to coded events (coverage {:.1}%)\n",
        report.docs,
        report.gold_events,
        report.matched_events,
        100.0 * ratio(report.matched_events, report.gold_events)
    );
    out.push_str(
        "accuracy: on the matched events; end to end: correct over every gold event (a missed event counts as wrong)\n",
    );
    out.push_str("field          correct  total  accuracy  end to end\n");
    for (name, f) in report.fields() {
        out.push_str(&format!(
            "{name:<14} {:>7}  {:>5}  {:>7.1}%  {:>9.1}%\n",
            f.correct,
            f.total,
            100.0 * f.accuracy(),
            100.0 * report.end_to_end(name)
        ));
    }
    out
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}
