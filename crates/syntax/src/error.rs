use std::fmt;
use std::path::{Path, PathBuf};

/// An error loading, saving or training a syntax model, with the file (and
/// line, for CoNLL-U input) where known.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    path: Option<PathBuf>,
    line: Option<u64>,
}

#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file could not be read or written.
    Io(std::io::Error),
    /// The file does not start with the model signature.
    NotAModel,
    /// The model was written in a format version this build cannot read.
    UnsupportedVersion { found: u32, expected: u32 },
    /// The file ends before the header or the compressed payload does.
    Truncated { expected: u64, found: u64 },
    /// The payload's checksum differs from the one in the header.
    ChecksumMismatch { expected: u64, found: u64 },
    /// The payload does not decompress or decode into a model.
    Corrupt(String),
    /// A CoNLL-U training or evaluation file is malformed.
    Conllu(conllu::Error),
    /// Training was given no sentences.
    NoTrainingData,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind) -> Error {
        Error {
            kind,
            path: None,
            line: None,
        }
    }

    pub(crate) fn with_path(mut self, path: &Path) -> Error {
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

impl From<conllu::Error> for Error {
    fn from(e: conllu::Error) -> Error {
        Error {
            path: e.path().map(Path::to_path_buf),
            line: e.line(),
            kind: ErrorKind::Conllu(e),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let ErrorKind::Conllu(e) = &self.kind {
            return write!(f, "{}", e);
        }
        match (&self.path, self.line) {
            (Some(p), Some(l)) => write!(f, "{}:{}: ", p.display(), l)?,
            (Some(p), None) => write!(f, "{}: ", p.display())?,
            _ => write!(f, "syntax model: ")?,
        }
        match &self.kind {
            ErrorKind::Io(e) => write!(f, "cannot read or write the file: {}", e),
            ErrorKind::NotAModel => write!(
                f,
                "not a khaldun syntax model (expected the signature KHSYNTX at the start)"
            ),
            ErrorKind::UnsupportedVersion { found, expected } => write!(
                f,
                "model format version {} is not supported (expected version {})",
                found, expected
            ),
            ErrorKind::Truncated { expected, found } => write!(
                f,
                "the model is truncated: expected {} bytes, found {}",
                expected, found
            ),
            ErrorKind::ChecksumMismatch { expected, found } => write!(
                f,
                "the model is corrupt: checksum {:016x} expected, {:016x} found",
                expected, found
            ),
            ErrorKind::Corrupt(why) => write!(f, "the model is corrupt: {}", why),
            ErrorKind::Conllu(e) => write!(f, "{}", e),
            ErrorKind::NoTrainingData => write!(f, "no training sentences were given"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::Io(e) => Some(e),
            ErrorKind::Conllu(e) => Some(e),
            _ => None,
        }
    }
}
