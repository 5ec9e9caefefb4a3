//! Claims, time and place: what an event coder usually loses.
//!
//! Event coders turn "a defector said that group A works with group B" into
//! the fact "A cooperates with B", date a 1989 killing to the day of the
//! article, code "did not attack" as an attack and forget who "the group" is
//! as soon as a sentence stops naming it. This crate holds the stages that
//! put that information back on the [`text_model::AnnotatedDoc`]:
//!
//! | stage name | type | fills |
//! | --- | --- | --- |
//! | `claims.coref.v1` | [`CorefStage`] | pronoun, description and alias mentions with `antecedent` (runs *before* the event coder) |
//! | `claims.attribution.v1` | [`AttributionStage`] | `Event::attribution`: who asserts each event, and the cue word |
//! | `claims.dates.v1` | [`DateStage`] | `Event::date` against the publication date |
//! | `claims.modality.v1` | [`ModalityStage`] | `Event::negated`, `Event::hypothetical` |
//! | `geo.gazetteer.v1` | [`GeoStage`] | `Event::location`, plus `Place` mentions |
//! | `framing.lexicon.v1` | [`FramingStage`] | `AnnotatedDoc::framing` |
//!
//! Every stage works from tokens and sentence boundaries, and uses the
//! dependency tree when one is present; none of them needs a parse to run,
//! so a poor parse degrades results but never stops them.
//!
//! **Negation policy.** A negated act ("did not attack", "denied attacking",
//! "refused to meet", "no reports of fighting") is *kept* with
//! `negated: true`; it is never dropped and never presented as having
//! happened. Consumers that want only acts that happened filter on
//! `negated == false && hypothetical == false`.
//!
//! The gazetteer (GeoNames, CC BY 4.0) and the framing lexicon are compiled
//! into the library from the repository's `data/` folder; nothing is read or
//! downloaded at run time. The [`eval`] module scores the stages against the
//! hand-written gold fixtures in `tests/gold/claims-gold.jsonl`.

mod attribution;
mod coref;
pub mod dates;
mod error;
pub mod eval;
mod framing;
pub mod gazetteer;
mod geo;
mod modality;
pub mod testkit;
mod words;

pub use attribution::AttributionStage;
pub use coref::CorefStage;
pub use dates::DateStage;
pub use error::{Error, ErrorKind};
pub use framing::{FramingLexicon, FramingStage};
pub use gazetteer::Gazetteer;
pub use geo::GeoStage;
pub use modality::ModalityStage;

use text_model::Stage;

/// The stages that run before the event coder, in order.
pub fn pre_event_stages() -> Vec<Box<dyn Stage>> {
    vec![Box::new(CorefStage::new())]
}

/// The stages that run after the event coder, in order.
pub fn post_event_stages() -> Vec<Box<dyn Stage>> {
    vec![
        Box::new(AttributionStage::new()),
        Box::new(ModalityStage::new()),
        Box::new(DateStage::new()),
        Box::new(GeoStage::new()),
        Box::new(FramingStage::new()),
    ]
}
