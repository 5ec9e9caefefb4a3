use std::fmt;
use std::path::PathBuf;

/// An error reading CoNLL-U, with the file and 1-based line where known.
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
    /// The file is not valid UTF-8.
    NotUtf8,
    /// A word line does not have the ten tab-separated columns.
    WrongColumnCount(usize),
    /// A column that must be a number (ID, HEAD) is not.
    BadNumber { column: &'static str, value: String },
    /// Word IDs in a sentence do not run 1, 2, 3, ...
    IdOutOfOrder { expected: u32, found: u32 },
    /// A HEAD points outside the sentence.
    HeadOutOfRange { head: u32, words: usize },
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, line: Option<u64>) -> Error {
        Error {
            kind,
            path: None,
            line,
        }
    }

    pub(crate) fn with_path(mut self, path: PathBuf) -> Error {
        self.path = Some(path);
        self
    }

    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    pub fn path(&self) -> Option<&std::path::Path> {
        self.path.as_deref()
    }

    pub fn line(&self) -> Option<u64> {
        self.line
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.path, self.line) {
            (Some(p), Some(l)) => write!(f, "{}:{}: ", p.display(), l)?,
            (Some(p), None) => write!(f, "{}: ", p.display())?,
            (None, Some(l)) => write!(f, "line {}: ", l)?,
            (None, None) => {}
        }
        match &self.kind {
            ErrorKind::Io(e) => write!(f, "cannot read the file: {}", e),
            ErrorKind::NotUtf8 => write!(f, "the file is not valid UTF-8"),
            ErrorKind::WrongColumnCount(n) => write!(
                f,
                "a word line needs 10 tab-separated columns, this one has {}",
                n
            ),
            ErrorKind::BadNumber { column, value } => {
                write!(f, "column {} should be a number, found {:?}", column, value)
            }
            ErrorKind::IdOutOfOrder { expected, found } => {
                write!(f, "expected word ID {}, found {}", expected, found)
            }
            ErrorKind::HeadOutOfRange { head, words } => write!(
                f,
                "HEAD {} points outside a sentence of {} words",
                head, words
            ),
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
