use std::fmt;
use std::path::{Path, PathBuf};

/// A problem reading a verb dictionary, with the file and 1-based line where known.
///
/// Loads that partly succeed report [`ErrorKind::Partial`]: the dictionary is
/// usable, and the error lists each line that was skipped.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    path: Option<PathBuf>,
    line: Option<u64>,
}

#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file could not be read.
    Io(std::io::Error),
    /// A `--- NAME [CODE] ---` block header without a name or code.
    BadBlockHeader(String),
    /// A code in brackets that is not `[042]`, `[042:043]`, `[:190]` or `[---]`.
    BadCode(String),
    /// A pattern line that could not be read.
    BadPattern(String),
    /// A verb line that could not be read.
    BadVerb(String),
    /// A transformation line (`~ a (a b ATTACK) SAY = a b 015`) that could not be read.
    BadTransformation(String),
    /// A pattern or verb line before any block header.
    OutsideBlock(String),
    /// A pattern names a synset that is not defined; the pattern is kept but never matches.
    UndefinedSynset(String),
    /// The dictionary loaded, but these lines were skipped.
    Partial(Vec<Error>),
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, line: Option<u64>) -> Error {
        Error {
            kind,
            path: None,
            line,
        }
    }

    pub(crate) fn with_path(mut self, path: &Path) -> Error {
        if let ErrorKind::Partial(errs) = &mut self.kind {
            for e in errs.iter_mut() {
                e.path = Some(path.to_path_buf());
            }
        }
        self.path = Some(path.to_path_buf());
        self
    }

    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn line(&self) -> Option<u64> {
        self.line
    }

    /// True for a load that succeeded with skipped lines.
    pub fn is_partial(&self) -> bool {
        matches!(self.kind, ErrorKind::Partial(_))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.path, self.line) {
            (Some(p), Some(l)) => write!(f, "{}:{}: ", p.display(), l)?,
            (Some(p), None) => write!(f, "{}: ", p.display())?,
            (None, Some(l)) => write!(f, "line {l}: ")?,
            (None, None) => {}
        }
        match &self.kind {
            ErrorKind::Io(e) => write!(f, "could not read the verb dictionary: {e}"),
            ErrorKind::BadBlockHeader(s) => {
                write!(f, "the block header {s:?} needs a name and a [CODE]")
            }
            ErrorKind::BadCode(s) => write!(f, "{s:?} is not a verb code like [042] or [042:043]"),
            ErrorKind::BadPattern(s) => write!(f, "the pattern {s:?} could not be read"),
            ErrorKind::BadVerb(s) => write!(f, "the verb line {s:?} could not be read"),
            ErrorKind::BadTransformation(s) => {
                write!(f, "the transformation {s:?} could not be read")
            }
            ErrorKind::OutsideBlock(s) => {
                write!(
                    f,
                    "the line {s:?} comes before any `--- VERB [CODE] ---` header"
                )
            }
            ErrorKind::UndefinedSynset(s) => {
                write!(
                    f,
                    "the synset {s} is used but never defined; its patterns never match"
                )
            }
            ErrorKind::Partial(errs) => {
                write!(
                    f,
                    "the dictionary loaded, but {} line(s) were skipped",
                    errs.len()
                )?;
                for e in errs.iter().take(5) {
                    write!(f, "; {e}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::Io(e) => Some(e),
            _ => None,
        }
    }
}
