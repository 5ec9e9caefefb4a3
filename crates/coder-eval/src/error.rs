use std::fmt;
use std::path::{Path, PathBuf};

/// A problem reading a gold file, with the file and 1-based line where known.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    path: Option<PathBuf>,
    line: Option<u64>,
}

#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    Io(std::io::Error),
    /// The XML could not be tokenized at all.
    Xml(String),
    /// The JSON could not be parsed, or is not an array of records.
    Json(String),
    /// A record lacks something it needs (`id`, `<Text>`).
    BadRecord(String),
    /// The file was read, but these records were skipped.
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
        if let ErrorKind::Partial(v) = &mut self.kind {
            for e in v.iter_mut() {
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
            ErrorKind::Io(e) => write!(f, "could not read the gold file: {e}"),
            ErrorKind::Xml(e) => write!(f, "the validation XML could not be read: {e}"),
            ErrorKind::Json(e) => write!(f, "the gold JSON could not be read: {e}"),
            ErrorKind::BadRecord(e) => write!(f, "a record was skipped: {e}"),
            ErrorKind::Partial(v) => {
                write!(
                    f,
                    "the file was read, but {} record(s) were skipped",
                    v.len()
                )?;
                for e in v.iter().take(5) {
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
