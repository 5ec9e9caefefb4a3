//! Typed load errors that carry the file and line they come from.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// A problem met while reading a dictionary.
///
/// Every error names the file (when it came from one) and the 1-based line
/// (when it concerns one line). Line-level problems never stop a load: the
/// bad line is skipped, the rest of the file is read, and the problems are
/// handed back together as one [`ErrorKind::Partial`] error beside the
/// dictionary that was built.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    path: Option<PathBuf>,
    line: Option<u64>,
}

/// What went wrong. New kinds may be added, so match with a wildcard arm.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file or directory could not be read.
    Io(io::Error),
    /// A compressed default dictionary could not be decompressed.
    Decompress(io::Error),
    /// A directory held no file whose name looks like an actor, agent,
    /// discard or issue dictionary.
    NoDictionaryFiles,
    /// A `[...]` code block is not closed or holds no code.
    BadCodeBlock { text: String },
    /// Text that is not a code block follows the codes of a line; the codes
    /// were kept and the text ignored.
    TextAfterCodes { text: String },
    /// A date in a code block is neither `YYMMDD` nor `YYYYMMDD`, or is not
    /// a calendar date. The code it belonged to was dropped.
    BadDate { text: String },
    /// A synonym (`+...`) line appeared before any primary phrase.
    SynonymWithoutGroup { text: String },
    /// A line that should hold a phrase holds no word.
    EmptyPhrase,
    /// An agent line names a `!SET!` that was never defined.
    UnknownSubstitution { name: String },
    /// A `!SET! = a, b` line could not be read.
    BadSubstitution { text: String },
    /// An agent code is neither `~XXX` nor `XXX~`.
    BadAgentCode { text: String },
    /// Several problems; the load went ahead without the lines concerned.
    Partial(Vec<Error>),
}

impl Error {
    pub(crate) fn new(kind: ErrorKind) -> Error {
        Error {
            kind,
            path: None,
            line: None,
        }
    }

    pub(crate) fn at_line(kind: ErrorKind, line: u64) -> Error {
        Error {
            kind,
            path: None,
            line: Some(line),
        }
    }

    /// Sets the file this error (and, for `Partial`, each inner error) came
    /// from, unless one is already set.
    pub(crate) fn with_path(mut self, path: &Path) -> Error {
        if self.path.is_none() {
            self.path = Some(path.to_path_buf());
        }
        if let ErrorKind::Partial(errs) = &mut self.kind {
            for e in errs.iter_mut() {
                if e.path.is_none() {
                    e.path = Some(path.to_path_buf());
                }
            }
        }
        self
    }

    /// Wraps a list of line-level problems; `None` when there are none.
    pub(crate) fn partial(mut errs: Vec<Error>) -> Option<Error> {
        match errs.len() {
            0 => None,
            1 => errs.pop(),
            _ => Some(Error::new(ErrorKind::Partial(errs))),
        }
    }

    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The dictionary file concerned, if the error came from a file.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The 1-based line concerned, if the error concerns one line.
    pub fn line(&self) -> Option<u64> {
        self.line
    }

    /// True when a dictionary was still built (the error only lists skipped
    /// lines).
    pub fn is_partial(&self) -> bool {
        match &self.kind {
            ErrorKind::Partial(_) => true,
            _ => self.line.is_some(),
        }
    }

    /// The individual problems: the inner list of a `Partial` error, or the
    /// error itself.
    pub fn problems(&self) -> Vec<&Error> {
        match &self.kind {
            ErrorKind::Partial(errs) => errs.iter().flat_map(|e| e.problems()).collect(),
            _ => vec![self],
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let ErrorKind::Partial(errs) = &self.kind {
            write!(f, "{} dictionary lines were skipped:", errs.len())?;
            for e in errs {
                write!(f, "\n  {e}")?;
            }
            return Ok(());
        }
        match (&self.path, self.line) {
            (Some(p), Some(l)) => write!(f, "{}:{}: ", p.display(), l)?,
            (Some(p), None) => write!(f, "{}: ", p.display())?,
            (None, Some(l)) => write!(f, "line {l}: ")?,
            (None, None) => {}
        }
        match &self.kind {
            ErrorKind::Io(e) => write!(f, "could not read the dictionary: {e}"),
            ErrorKind::Decompress(e) => {
                write!(f, "could not decompress the embedded dictionary: {e}")
            }
            ErrorKind::NoDictionaryFiles => write!(
                f,
                "no *actors*.txt, *agents*.txt, *discards*.txt or *Issue*.txt file was found"
            ),
            ErrorKind::BadCodeBlock { text } => {
                write!(f, "the code block {text:?} is not of the form [CODE] or [CODE DATE]; the line was skipped")
            }
            ErrorKind::TextAfterCodes { text } => write!(
                f,
                "the text {text:?} after the codes is not a code block; it was ignored"
            ),
            ErrorKind::BadDate { text } => write!(
                f,
                "the date restriction {text:?} is not a YYMMDD or YYYYMMDD date, range or >/< bound; that code was dropped"
            ),
            ErrorKind::SynonymWithoutGroup { text } => write!(
                f,
                "the synonym {text:?} comes before any primary phrase; it was skipped"
            ),
            ErrorKind::EmptyPhrase => write!(f, "the line holds codes but no phrase; it was skipped"),
            ErrorKind::UnknownSubstitution { name } => write!(
                f,
                "the substitution set !{name}! is not defined above this line; the line was skipped"
            ),
            ErrorKind::BadSubstitution { text } => write!(
                f,
                "the substitution set line {text:?} is not of the form !NAME! = a, b, c; it was skipped"
            ),
            ErrorKind::BadAgentCode { text } => write!(
                f,
                "the agent code {text:?} is neither ~CODE nor CODE~; the line was skipped"
            ),
            ErrorKind::Partial(_) => unreachable!("handled above"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::Io(e) | ErrorKind::Decompress(e) => Some(e),
            _ => None,
        }
    }
}
