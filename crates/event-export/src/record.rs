use serde::{Deserialize, Serialize};
use text_model::{AnnotatedDoc, ByteSpan, Event, EventActor, FramingCategory};

/// The JSON Schema of [`EventRecord`], version 1.
pub const SCHEMA_V1: &str = include_str!("../../../schema/event-record-v1.schema.json");

/// Event record v1: one JSON object per line of `khaldun code` output.
/// The fields named in the README are fixed; new optional fields may be added.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventRecord {
    pub doc_id: String,
    pub event_id: String,
    pub sentence_index: u32,
    pub sentence_span: SpanRecord,
    pub trigger: TriggerRecord,
    pub source: ActorRecord,
    pub target: Option<ActorRecord>,
    pub cameo: CameoRecord,
    pub plover: Option<PloverRecord>,
    pub date: Option<DateRecord>,
    pub attribution: Option<AttributionRecord>,
    pub negated: bool,
    pub hypothetical: bool,
    pub location: Option<LocationRecord>,
    /// Extra: the dictionary pattern that fired.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// Extra: the document's publication date, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// Extra, written only when true: an uncoded claim (`khaldun code
    /// --uncoded`), a verb between actors that no CAMEO category covers.
    /// Its `cameo` code and root are empty and its QuadClass 0.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub uncoded: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpanRecord {
    pub start: u32,
    pub end: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TriggerRecord {
    pub text: String,
    pub start: u32,
    pub end: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActorRecord {
    pub text: String,
    pub code: Option<String>,
    pub start: u32,
    pub end: u32,
    /// Extra: for pronouns and descriptions, the antecedent's words and span.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub antecedent: Option<TriggerRecord>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CameoRecord {
    pub code: String,
    pub root: String,
    pub quad_class: u8,
    pub goldstein: f32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PloverRecord {
    #[serde(rename = "type")]
    pub kind: String,
    pub mode: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateRecord {
    pub start: Option<String>,
    pub end: Option<String>,
    pub basis: Option<String>,
    pub historical: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpeakerRecord {
    pub text: String,
    pub code: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributionRecord {
    pub asserted_by: Option<SpeakerRecord>,
    pub cue: Option<String>,
    pub reported_by: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LocationRecord {
    pub name: String,
    pub country: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FramingRecord {
    pub label: String,
    pub category: String,
    pub start: u32,
    pub end: u32,
    pub applies_to: Option<ActorRecord>,
}

/// Per-document record, written with `--doc-records`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocRecord {
    pub doc_id: String,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub title: Option<String>,
    pub sentences: usize,
    pub tokens: usize,
    pub events: usize,
    pub framing: Vec<FramingRecord>,
    pub diagnostics: Vec<String>,
}

fn span_u32(span: ByteSpan) -> (u32, u32) {
    (span.start() as u32, span.end() as u32)
}

fn actor_record(doc: &AnnotatedDoc, actor: &EventActor) -> ActorRecord {
    let (start, end) = span_u32(actor.span);
    ActorRecord {
        text: doc.slice(actor.span).to_string(),
        code: actor.code.clone(),
        start,
        end,
        antecedent: actor.antecedent.map(|a| {
            let (start, end) = span_u32(a);
            TriggerRecord {
                text: doc.slice(a).to_string(),
                start,
                end,
            }
        }),
    }
}

fn event_record(doc: &AnnotatedDoc, index: usize, event: &Event) -> EventRecord {
    let sentence_span = doc
        .sentences
        .get(event.sentence as usize)
        .map(|s| s.span)
        .unwrap_or_default();
    let (s_start, s_end) = span_u32(sentence_span);
    let (t_start, t_end) = span_u32(event.trigger);
    let outlet = doc.doc.meta.outlet.clone();
    EventRecord {
        doc_id: doc.doc.id().to_string(),
        event_id: format!("{}:{}", doc.doc.id(), index),
        sentence_index: event.sentence,
        sentence_span: SpanRecord {
            start: s_start,
            end: s_end,
        },
        trigger: TriggerRecord {
            text: doc.slice(event.trigger).to_string(),
            start: t_start,
            end: t_end,
        },
        source: actor_record(doc, &event.source),
        target: event.target.as_ref().map(|t| actor_record(doc, t)),
        cameo: CameoRecord {
            code: event.cameo.clone(),
            root: event.cameo_root().to_string(),
            quad_class: event.quad_class,
            goldstein: event.goldstein,
        },
        plover: event.plover_type.as_ref().map(|kind| PloverRecord {
            kind: kind.clone(),
            mode: event.plover_mode.clone(),
        }),
        date: event.date.as_ref().map(|d| DateRecord {
            start: d.start.map(|x| x.format("%Y-%m-%d").to_string()),
            end: d.end.map(|x| x.format("%Y-%m-%d").to_string()),
            basis: d.basis.clone(),
            historical: d.historical,
        }),
        attribution: Some(match &event.attribution {
            Some(a) => AttributionRecord {
                asserted_by: a.asserted_by.as_ref().map(|s| SpeakerRecord {
                    text: doc.slice(s.span).to_string(),
                    code: s.code.clone(),
                }),
                cue: a.cue.map(|c| doc.slice(c).to_string()),
                reported_by: outlet,
            },
            None => AttributionRecord {
                asserted_by: None,
                cue: None,
                reported_by: outlet,
            },
        }),
        negated: event.negated,
        hypothetical: event.hypothetical,
        location: event.location.as_ref().map(|l| LocationRecord {
            name: l.name.clone(),
            country: l.country.clone(),
            lat: l.lat,
            lon: l.lon,
        }),
        pattern: event.pattern.clone(),
        uncoded: !event.is_coded(),
        published: doc
            .doc
            .meta
            .published
            .map(|d| d.format("%Y-%m-%d").to_string()),
    }
}

/// The event records and the per-document record for one coded document.
pub fn records_for_doc(doc: &AnnotatedDoc) -> (Vec<EventRecord>, DocRecord) {
    let events = doc
        .events
        .iter()
        .enumerate()
        .map(|(i, e)| event_record(doc, i, e))
        .collect();
    let meta = &doc.doc.meta;
    let framing = doc
        .framing
        .iter()
        .map(|f| {
            let (start, end) = span_u32(f.span);
            FramingRecord {
                label: f.label.clone(),
                category: match f.category {
                    FramingCategory::Pejorative => "pejorative",
                    FramingCategory::Honorific => "honorific",
                    FramingCategory::Delegitimizing => "delegitimizing",
                }
                .to_string(),
                start,
                end,
                applies_to: f.applies_to.as_ref().map(|a| actor_record(doc, a)),
            }
        })
        .collect();
    let record = DocRecord {
        doc_id: meta.id.clone(),
        url: meta.url.clone(),
        outlet: meta.outlet.clone(),
        // A month- or year-only date is passed on as written.
        published: meta
            .published
            .map(|d| d.format("%Y-%m-%d").to_string())
            .or_else(|| meta.published_partial.clone()),
        title: meta.title.clone(),
        sentences: doc.sentences.len(),
        tokens: doc.tokens.len(),
        events: doc.events.len(),
        framing,
        diagnostics: doc
            .diagnostics
            .iter()
            .map(|d| format!("{:?} [{}] {}", d.severity, d.stage, d.message))
            .collect(),
    };
    (events, record)
}
