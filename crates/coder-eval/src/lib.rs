//! The field's gold suites for event coders, as library functions that
//! return plain result structs.
//!
//! - [`validation`]: PETRARCH validation XML (`PETR.UnitTest.records.xml`,
//!   its UDPipe version, and UniversalPetrarch's not-well-formed
//!   `PETR2_GSR_validation.xml`), with `<Environment>`, per-record `<Config>`
//!   toggles, `noevents` and `error` markers and categories.
//! - [`petrarch::evaluate`]: passes per category and overall, recall and
//!   precision of the gold triples, and a per-case diff.
//! - [`plover::evaluate`]: PLOVER type precision/recall/F1 per type and
//!   micro-averaged, plus actor accuracy, on `PLOVER_GSR_dev.json`.
//! - [`record_parse`]: a document built from a record's own CoNLL-U parse.
//!
//! The analysis is a parameter ([`petrarch::RecordCoder`], or a
//! `Fn(Document) -> AnnotatedDoc`): this crate knows neither the pipeline nor
//! the parser nor the dictionaries, and it prints nothing.

pub mod comma_clauses;
mod error;
pub mod petrarch;
pub mod plover;
pub mod record_parse;
pub mod validation;

pub use comma_clauses::{delete_comma_clauses, CommaLimits};
pub use error::{Error, ErrorKind};
pub use petrarch::{codings_of, evaluate as evaluate_petrarch, PetrarchReport, RecordCoder};
pub use plover::{evaluate as evaluate_plover, PloverReport};
pub use validation::{Coding, Environment, Expected, Record, RecordConfig, ValidationFile};
