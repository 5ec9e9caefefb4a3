//! The store's typed error: what went wrong, and the database file and (for
//! record files) line it concerns.

use std::fmt;
use std::path::{Path, PathBuf};

/// An error from the event store.
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
    /// The database was written by a newer khaldun; it is left untouched.
    SchemaTooNew { found: i64, supported: i64 },
    /// The file is an SQLite database, but not a khaldun store.
    NotAStore,
    /// The file is not an SQLite database, or it is damaged.
    Corrupt(String),
    /// The database, its directory or the store handle is read-only.
    ReadOnly,
    /// The disk (or the database's size limit) is full; the batch was rolled back.
    DiskFull,
    /// Another process holds the write lock for longer than the busy timeout.
    Busy,
    /// A line of a record file is not a valid event record.
    BadRecord(String),
    /// Reading a record file failed.
    Io(std::io::Error),
    /// Any other SQLite failure.
    Sqlite(String),
    /// A load that partly succeeded: these records or documents were skipped.
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

    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn line(&self) -> Option<u64> {
        self.line
    }

    pub fn with_path(mut self, path: impl Into<PathBuf>) -> Error {
        if self.path.is_none() {
            self.path = Some(path.into());
        }
        self
    }

    pub fn with_line(mut self, line: u64) -> Error {
        self.line = Some(line);
        self
    }

    /// True for a [`ErrorKind::Partial`] error.
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
            ErrorKind::SchemaTooNew { found, supported } => write!(
                f,
                "the database has schema version {found}, but this khaldun only knows versions up to {supported}; \
                 it was left unchanged (use a newer khaldun)"
            ),
            ErrorKind::NotAStore => write!(f, "this SQLite database is not a khaldun event store"),
            ErrorKind::Corrupt(m) => write!(f, "the file is not a usable SQLite database: {m}"),
            ErrorKind::ReadOnly => write!(
                f,
                "the database is read-only (file, directory or handle); nothing was written"
            ),
            ErrorKind::DiskFull => write!(
                f,
                "the disk is full; the current batch was rolled back and the database is unchanged by it"
            ),
            ErrorKind::Busy => write!(f, "the database is locked by another writer"),
            ErrorKind::BadRecord(m) => write!(f, "invalid event record: {m}"),
            ErrorKind::Io(e) => write!(f, "{e}"),
            ErrorKind::Sqlite(m) => write!(f, "database error: {m}"),
            ErrorKind::Partial(errs) => {
                write!(f, "{} item(s) were skipped", errs.len())?;
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

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Error {
        Error::from_sqlite(e)
    }
}

impl From<rusqlite::types::FromSqlError> for Error {
    fn from(e: rusqlite::types::FromSqlError) -> Error {
        Error::new(ErrorKind::Corrupt(format!(
            "unexpected value in the database: {e}"
        )))
    }
}

impl Error {
    fn from_sqlite(e: rusqlite::Error) -> Error {
        use rusqlite::ErrorCode as C;
        let kind = match &e {
            rusqlite::Error::SqliteFailure(f, msg) => match f.code {
                C::ReadOnly => ErrorKind::ReadOnly,
                C::DiskFull => ErrorKind::DiskFull,
                C::DatabaseBusy | C::DatabaseLocked => ErrorKind::Busy,
                C::NotADatabase | C::DatabaseCorrupt => {
                    ErrorKind::Corrupt(msg.clone().unwrap_or_else(|| f.to_string()))
                }
                C::CannotOpen => ErrorKind::Sqlite(format!(
                    "cannot open the database file ({})",
                    msg.clone().unwrap_or_else(|| f.to_string())
                )),
                _ => ErrorKind::Sqlite(e.to_string()),
            },
            _ => ErrorKind::Sqlite(e.to_string()),
        };
        Error::new(kind)
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::new(ErrorKind::Io(e))
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
