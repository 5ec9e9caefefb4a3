//! The data model every khaldun crate shares.
//!
//! A [`Document`] owns the original article text. Everything later stages
//! find (sentences, tokens, actor mentions, events, attributions) is stored in
//! an [`AnnotatedDoc`] beside it as [`ByteSpan`]s: byte offsets into that
//! original text, never into a normalized copy. Any span can therefore be
//! sliced back out of the text with [`AnnotatedDoc::slice`].
//!
//! This crate does no IO and knows no serialization format: serialized record
//! types live in `event-export`. Stages are described by the [`Stage`] trait;
//! the `pipeline` crate orders and checks them.

mod annotated;
mod document;
mod event;
mod span;
mod stage;

pub use annotated::{AnnotatedDoc, Diagnostic, Mention, MentionKind, Sentence, Severity, Token};
pub use document::{DocMeta, Document};
pub use event::{
    Attribution, Event, EventActor, EventDate, FramingCategory, FramingLabel, Location, Speaker,
};
pub use span::ByteSpan;
pub use stage::{Layer, Stage};

/// Re-exported so that every crate names dates with the same type.
pub use chrono::NaiveDate;
