//! Serialized record formats. This is the only crate that defines types with
//! `Serialize`/`Deserialize`: changing a field here changes a public format,
//! so these types are kept apart from the in-memory model in `text-model` and
//! converted by hand.

mod record;

// Exports of stored mentions and events (owned by the store helper).
pub mod csv_out;
pub mod gdelt;
pub mod network;
#[cfg(feature = "parquet")]
pub mod parquet_out;
pub mod phoenix;
pub mod rows;

pub use csv_out::CsvMentionWriter;
pub use gdelt::{GdeltWriter, GDELT_COLUMNS};
pub use network::{Network, NetworkEdge, NetworkNode, TimelineRow};
#[cfg(feature = "parquet")]
pub use parquet_out::ParquetMentionWriter;
pub use phoenix::{PhoenixWriter, PHOENIX_COLUMNS};
pub use rows::{EventRow, FlatMention, MentionRow};

pub use record::{
    records_for_doc, ActorRecord, AttributionRecord, CameoRecord, DateRecord, DocRecord,
    EventRecord, FramingRecord, LocationRecord, PloverRecord, SpanRecord, SpeakerRecord,
    TriggerRecord, SCHEMA_V1,
};
