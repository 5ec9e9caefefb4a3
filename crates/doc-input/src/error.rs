use std::fmt;
use std::path::{Path, PathBuf};

/// One input that could not become a document. `path` is `None` for stdin.
#[derive(Debug)]
pub struct InputError {
    kind: InputErrorKind,
    path: Option<PathBuf>,
    line: Option<u64>,
}

#[derive(Debug)]
#[non_exhaustive]
pub enum InputErrorKind {
    Io(std::io::Error),
    /// Not UTF-8; `byte` is the offset of the first bad byte (in the line, for JSON Lines).
    NotUtf8 {
        byte: usize,
    },
    /// NUL bytes: this is a binary file, not text.
    Binary,
    /// A JSON Lines line that is not valid JSON.
    MalformedJson(String),
    /// A JSON Lines line that is valid JSON but not an object.
    NotAnObject,
    /// A JSON Lines object without a string `text` field.
    MissingText,
    /// A field has the wrong type or an unreadable value.
    BadField {
        field: &'static str,
        reason: String,
    },
    /// The document has no text (or only whitespace).
    Empty,
    /// The document is larger than the limit.
    TooLarge {
        bytes: u64,
        limit: u64,
    },
}

impl InputError {
    pub(crate) fn new(kind: InputErrorKind, path: Option<&Path>, line: Option<u64>) -> Self {
        InputError {
            kind,
            path: path.map(Path::to_path_buf),
            line,
        }
    }

    pub fn kind(&self) -> &InputErrorKind {
        &self.kind
    }

    /// The file, or `None` for stdin.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The 1-based line, for JSON Lines input.
    pub fn line(&self) -> Option<u64> {
        self.line
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.path {
            Some(p) => write!(f, "{}", p.display())?,
            None => write!(f, "<stdin>")?,
        }
        if let Some(line) = self.line {
            write!(f, ":{}", line)?;
        }
        write!(f, ": ")?;
        match &self.kind {
            InputErrorKind::Io(e) => write!(f, "cannot read: {}", e),
            InputErrorKind::NotUtf8 { byte } => {
                write!(f, "not valid UTF-8 (first bad byte at offset {})", byte)
            }
            InputErrorKind::Binary => write!(f, "binary data (NUL bytes), not text"),
            InputErrorKind::MalformedJson(msg) => write!(f, "malformed JSON: {}", msg),
            InputErrorKind::NotAnObject => write!(f, "a JSON Lines document must be an object"),
            InputErrorKind::MissingText => {
                write!(f, "the document has no string field \"text\"")
            }
            InputErrorKind::BadField { field, reason } => {
                write!(f, "field {:?}: {}", field, reason)
            }
            InputErrorKind::Empty => write!(f, "the document is empty"),
            InputErrorKind::TooLarge { bytes, limit } => write!(
                f,
                "the document is {} bytes, over the limit of {} bytes (see --max-doc-bytes)",
                bytes, limit
            ),
        }
    }
}

impl std::error::Error for InputError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            InputErrorKind::Io(e) => Some(e),
            _ => None,
        }
    }
}
