//! The JSON Schema in `schema/` accepts the records khaldun writes and
//! rejects records that break the fixed fields.

use event_export::{records_for_doc, EventRecord, SCHEMA_V1};
use text_model::{
    AnnotatedDoc, Attribution, ByteSpan, DocMeta, Document, Event, EventActor, EventDate,
    NaiveDate, Sentence, Speaker,
};

fn coded_doc() -> AnnotatedDoc {
    let text = "Karimi said the militia killed three leaders in 1981.";
    let doc = Document::new(
        DocMeta {
            id: "d1".into(),
            outlet: Some("Wire".into()),
            published: NaiveDate::from_ymd_opt(2015, 3, 12),
            ..DocMeta::default()
        },
        text.into(),
    );
    let mut a = AnnotatedDoc::new(doc);
    a.sentences.push(Sentence {
        span: ByteSpan::new(0, text.len()),
        tokens: 0..0,
    });
    let span = |w: &str| {
        let s = text.find(w).unwrap();
        ByteSpan::new(s, s + w.len())
    };
    a.events.push(Event {
        sentence: 0,
        trigger: span("killed"),
        source: EventActor {
            span: span("the militia"),
            code: Some("IRQREB".into()),
            antecedent: None,
        },
        target: Some(EventActor {
            span: span("three leaders"),
            code: None,
            antecedent: None,
        }),
        cameo: "0183".into(),
        quad_class: 4,
        goldstein: -10.0,
        plover_type: Some("ASSAULT".into()),
        plover_mode: None,
        date: Some(EventDate {
            start: NaiveDate::from_ymd_opt(1981, 1, 1),
            end: NaiveDate::from_ymd_opt(1981, 12, 31),
            basis: Some("in 1981".into()),
            historical: true,
        }),
        attribution: Some(Attribution {
            asserted_by: Some(Speaker {
                span: span("Karimi"),
                code: None,
            }),
            cue: Some(span("said")),
        }),
        negated: false,
        hypothetical: false,
        location: None,
        pattern: Some("* + [183]".into()),
    });
    a
}

#[test]
fn schema_accepts_our_records_and_rejects_broken_ones() {
    let schema: serde_json::Value = serde_json::from_str(SCHEMA_V1).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let (records, _) = records_for_doc(&coded_doc());
    assert_eq!(records.len(), 1);
    let value = serde_json::to_value(&records[0]).unwrap();
    assert!(validator.is_valid(&value), "{value:#}");
    assert_eq!(value["cameo"]["code"], "0183");
    assert_eq!(value["cameo"]["root"], "01");
    assert_eq!(value["attribution"]["reported_by"], "Wire");
    assert_eq!(value["date"]["start"], "1981-01-01");

    // Every fixed field is required.
    for field in [
        "doc_id", "trigger", "source", "cameo", "negated", "location",
    ] {
        let mut broken = value.clone();
        broken.as_object_mut().unwrap().remove(field);
        assert!(!validator.is_valid(&broken), "accepted without {field}");
    }
    // Codes are strings, so leading zeros survive.
    let mut numeric = value.clone();
    numeric["cameo"]["code"] = serde_json::json!(183);
    assert!(!validator.is_valid(&numeric));
}

#[test]
fn spans_slice_back_to_their_text_and_round_trip() {
    let doc = coded_doc();
    let (records, doc_record) = records_for_doc(&doc);
    let r = &records[0];
    let text = doc.text();
    assert_eq!(
        &text[r.trigger.start as usize..r.trigger.end as usize],
        r.trigger.text
    );
    assert_eq!(
        &text[r.source.start as usize..r.source.end as usize],
        r.source.text
    );
    let line = serde_json::to_string(r).unwrap();
    let back: EventRecord = serde_json::from_str(&line).unwrap();
    assert_eq!(&back, r);
    assert_eq!(doc_record.events, 1);
}

/// An uncoded claim (empty CAMEO code, QuadClass 0) is a valid record that
/// says so; a coded record never carries the flag.
#[test]
fn uncoded_claims_are_valid_records_that_say_so() {
    let schema: serde_json::Value = serde_json::from_str(SCHEMA_V1).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let coded = serde_json::to_value(&records_for_doc(&coded_doc()).0[0]).unwrap();
    assert!(coded.get("uncoded").is_none(), "{coded:#}");
    let mut doc = coded_doc();
    let e = &mut doc.events[0];
    e.cameo.clear();
    (e.quad_class, e.goldstein, e.plover_type) = (0, 0.0, None);
    let value = serde_json::to_value(&records_for_doc(&doc).0[0]).unwrap();
    assert!(validator.is_valid(&value), "{value:#}");
    assert_eq!(value["uncoded"], true);
    assert_eq!(value["cameo"]["code"], "");
    assert_eq!(value["cameo"]["root"], "");
    // A coded record may not have QuadClass 0 in disguise.
    let mut broken = coded.clone();
    broken["cameo"]["code"] = "19x".into();
    assert!(!validator.is_valid(&broken));
}
