use std::fmt;
use std::path::PathBuf;

/// An error loading a data file (gazetteer, framing lexicon, gold fixtures).
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    path: Option<PathBuf>,
    line: Option<u64>,
}

/// What went wrong.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file could not be read.
    Io(std::io::Error),
    /// A line does not have the expected shape.
    Malformed(String),
    /// Some lines loaded and some did not; the inner errors say which.
    Partial(Vec<Error>),
}

impl Error {
    pub fn new(kind: ErrorKind) -> Error {
        Error {
            kind,
            path: None,
            line: None,
        }
    }

    pub fn malformed(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Malformed(message.into()))
    }

    pub fn with_path(mut self, path: impl Into<PathBuf>) -> Error {
        self.path = Some(path.into());
        self
    }

    pub fn with_line(mut self, line: u64) -> Error {
        self.line = Some(line);
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
            (Some(p), Some(l)) => write!(f, "{}, line {}: ", p.display(), l)?,
            (Some(p), None) => write!(f, "{}: ", p.display())?,
            (None, Some(l)) => write!(f, "line {}: ", l)?,
            (None, None) => {}
        }
        match &self.kind {
            ErrorKind::Io(e) => write!(f, "could not read the file: {e}"),
            ErrorKind::Malformed(m) => write!(f, "{m}"),
            ErrorKind::Partial(errs) => {
                write!(f, "{} line(s) could not be loaded", errs.len())?;
                if let Some(first) = errs.first() {
                    write!(f, "; the first: {first}")?;
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
