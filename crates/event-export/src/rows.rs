//! Rows handed to the tabular exporters (CSV, GDELT, Phoenix, Parquet).
//!
//! A *mention* is one coded event record as it came out of one article; an
//! *event* is a cluster of mentions that report the same happening (the
//! store's cross-article deduplication). Mention-level formats (JSONL, CSV,
//! Parquet) write one row per mention with its cluster id; event-level formats
//! (GDELT, Phoenix) write one row per cluster, built from its first mention.

use serde::Serialize;

use crate::EventRecord;

/// One stored mention: the record plus the event (cluster) it belongs to.
#[derive(Clone, Debug, PartialEq)]
pub struct MentionRow {
    /// The store's id of the deduplicated event this mention belongs to.
    pub event: i64,
    /// How many mentions that event has in total.
    pub event_mentions: u32,
    pub record: EventRecord,
}

/// One deduplicated event with the provenance of all its mentions.
#[derive(Clone, Debug, PartialEq)]
pub struct EventRow {
    /// The store's event id (stable for a given database).
    pub event: i64,
    /// The earliest-stored mention, which gives actors, codes and location.
    pub record: EventRecord,
    /// The event's date, `YYYY-MM-DD`: the narrowest date its mentions agree on.
    pub date: Option<String>,
    /// Number of mentions (coded sentences) across all articles.
    pub mentions: u32,
    /// Distinct documents (articles) that report the event, in ingest order.
    pub articles: Vec<String>,
    /// Distinct outlets among those articles.
    pub sources: Vec<String>,
    /// Distinct article URLs, where known.
    pub urls: Vec<String>,
    /// Earliest publication date among the reporting articles, `YYYY-MM-DD`.
    pub first_report: Option<String>,
    /// Distinct claimants (`attribution.asserted_by`, code or else text);
    /// mentions in the outlet's own voice add none.
    pub claimants: Vec<String>,
}

/// The flat column set of a mention, shared by CSV and Parquet. Nested record
/// parts become prefixed columns; lists (none at present) would be `;`-joined.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FlatMention {
    pub event: i64,
    pub event_mentions: u32,
    pub doc_id: String,
    pub event_id: String,
    pub published: Option<String>,
    pub sentence_index: u32,
    pub sentence_start: u32,
    pub sentence_end: u32,
    pub trigger: String,
    pub trigger_start: u32,
    pub trigger_end: u32,
    pub source_text: String,
    pub source_code: Option<String>,
    pub source_start: u32,
    pub source_end: u32,
    pub target_text: Option<String>,
    pub target_code: Option<String>,
    pub target_start: Option<u32>,
    pub target_end: Option<u32>,
    pub cameo_code: String,
    pub cameo_root: String,
    pub quad_class: u8,
    pub goldstein: f32,
    pub plover_type: Option<String>,
    pub plover_mode: Option<String>,
    pub date_start: Option<String>,
    pub date_end: Option<String>,
    pub date_basis: Option<String>,
    pub historical: Option<bool>,
    pub claimant_text: Option<String>,
    pub claimant_code: Option<String>,
    pub attribution_cue: Option<String>,
    pub reported_by: Option<String>,
    pub negated: bool,
    pub hypothetical: bool,
    pub location_name: Option<String>,
    pub location_country: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub pattern: Option<String>,
}

impl FlatMention {
    /// The column names, in order (equal to the CSV header).
    pub const COLUMNS: &'static [&'static str] = &[
        "event",
        "event_mentions",
        "doc_id",
        "event_id",
        "published",
        "sentence_index",
        "sentence_start",
        "sentence_end",
        "trigger",
        "trigger_start",
        "trigger_end",
        "source_text",
        "source_code",
        "source_start",
        "source_end",
        "target_text",
        "target_code",
        "target_start",
        "target_end",
        "cameo_code",
        "cameo_root",
        "quad_class",
        "goldstein",
        "plover_type",
        "plover_mode",
        "date_start",
        "date_end",
        "date_basis",
        "historical",
        "claimant_text",
        "claimant_code",
        "attribution_cue",
        "reported_by",
        "negated",
        "hypothetical",
        "location_name",
        "location_country",
        "lat",
        "lon",
        "pattern",
    ];

    pub fn new(row: &MentionRow) -> FlatMention {
        let r = &row.record;
        let claimant = r.attribution.as_ref().and_then(|a| a.asserted_by.as_ref());
        FlatMention {
            event: row.event,
            event_mentions: row.event_mentions,
            doc_id: r.doc_id.clone(),
            event_id: r.event_id.clone(),
            published: r.published.clone(),
            sentence_index: r.sentence_index,
            sentence_start: r.sentence_span.start,
            sentence_end: r.sentence_span.end,
            trigger: r.trigger.text.clone(),
            trigger_start: r.trigger.start,
            trigger_end: r.trigger.end,
            source_text: r.source.text.clone(),
            source_code: r.source.code.clone(),
            source_start: r.source.start,
            source_end: r.source.end,
            target_text: r.target.as_ref().map(|t| t.text.clone()),
            target_code: r.target.as_ref().and_then(|t| t.code.clone()),
            target_start: r.target.as_ref().map(|t| t.start),
            target_end: r.target.as_ref().map(|t| t.end),
            cameo_code: r.cameo.code.clone(),
            cameo_root: r.cameo.root.clone(),
            quad_class: r.cameo.quad_class,
            goldstein: r.cameo.goldstein,
            plover_type: r.plover.as_ref().map(|p| p.kind.clone()),
            plover_mode: r.plover.as_ref().and_then(|p| p.mode.clone()),
            date_start: r.date.as_ref().and_then(|d| d.start.clone()),
            date_end: r.date.as_ref().and_then(|d| d.end.clone()),
            date_basis: r.date.as_ref().and_then(|d| d.basis.clone()),
            historical: r.date.as_ref().map(|d| d.historical),
            claimant_text: claimant.map(|c| c.text.clone()),
            claimant_code: claimant.and_then(|c| c.code.clone()),
            attribution_cue: r.attribution.as_ref().and_then(|a| a.cue.clone()),
            reported_by: r.attribution.as_ref().and_then(|a| a.reported_by.clone()),
            negated: r.negated,
            hypothetical: r.hypothetical,
            location_name: r.location.as_ref().map(|l| l.name.clone()),
            location_country: r.location.as_ref().and_then(|l| l.country.clone()),
            lat: r.location.as_ref().and_then(|l| l.lat),
            lon: r.location.as_ref().and_then(|l| l.lon),
            pattern: r.pattern.clone(),
        }
    }
}

/// Replace characters that would break a tab-separated line (GDELT and
/// Phoenix have no quoting): tabs, CR and LF become spaces.
pub(crate) fn tsv_field(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains(['\t', '\n', '\r']) {
        std::borrow::Cow::Owned(s.replace(['\t', '\n', '\r'], " "))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// `YYYY-MM-DD` to `YYYYMMDD`; anything else gives an empty string.
pub(crate) fn compact_date(date: Option<&str>) -> String {
    match date {
        Some(d) if d.len() == 10 && d.as_bytes()[4] == b'-' && d.as_bytes()[7] == b'-' => {
            format!("{}{}{}", &d[0..4], &d[5..7], &d[8..10])
        }
        _ => String::new(),
    }
}
