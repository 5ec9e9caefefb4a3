//! Serialized record formats. This is the only crate that defines types with
//! `Serialize`/`Deserialize`: changing a field here changes a public format,
//! so these types are kept apart from the in-memory model in `text-model` and
//! converted by hand.

mod record;

pub use record::{
    records_for_doc, ActorRecord, AttributionRecord, CameoRecord, DateRecord, DocRecord,
    EventRecord, FramingRecord, LocationRecord, PloverRecord, SpanRecord, SpeakerRecord,
    TriggerRecord, SCHEMA_V1,
};
