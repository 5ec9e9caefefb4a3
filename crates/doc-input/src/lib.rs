//! Document readers: the input edge of khaldun.
//!
//! [`read_inputs`] turns a list of inputs (`.txt` files, directories of them,
//! JSON Lines files, or `-` for stdin) into a stream of
//! `Result<Document, InputError>`. Every document either comes out or comes
//! out as an error naming its file and line and why: invalid UTF-8, binary
//! data, a malformed JSON line, a missing `text`, an empty document, or one
//! larger than the size limit. Nothing is dropped silently, and one bad
//! document does not stop the stream; the caller decides whether to go on.
//!
//! JSON Lines objects are read as `{"id","url","outlet","published","title",
//! "text"}`; only `text` is required. `published` is `YYYY-MM-DD` or an
//! RFC 3339 timestamp; a month or year alone (`YYYY-MM`, `YYYY`) is kept as
//! `published_partial`, with `published` unset.

mod error;
mod readers;

pub use error::{InputError, InputErrorKind};
pub use readers::{read_inputs, InputFormat, ReadOptions, DEFAULT_MAX_DOC_BYTES};
