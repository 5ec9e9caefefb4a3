//! CoNLL-U, the format of the Universal Dependencies treebanks.
//!
//! Three things live here, all format-level and free of any model:
//! - [`parse_str`] / [`read_file`]: sentences with their words, multiword
//!   tokens and comments. A malformed line is an [`Error`] naming the file and
//!   line; reading stops there because later lines cannot be trusted.
//! - [`write_sentence`]: the inverse, so that `khaldun parse` output
//!   round-trips.
//! - [`RawText::rebuild`]: the document text as the CoNLL 2018 shared task
//!   rebuilt it (token forms joined by `SpaceAfter`, sentences joined by a
//!   space, a paragraph break at `# newpar` and `# newdoc`), with the byte span
//!   of every sentence, token and word in it, and [`span_prf`] to score
//!   predicted spans against those.

mod error;
mod raw_text;
mod sentence;

pub use error::{Error, ErrorKind};
pub use raw_text::{span_prf, Prf, RawText};
pub use sentence::{parse_str, read_file, write_sentence, MultiwordToken, Sentence, Word};
