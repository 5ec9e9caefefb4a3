//! Reading event records from JSON Lines, with file and line in every error.

use std::io::BufRead;
use std::path::PathBuf;

use event_export::EventRecord;

use crate::error::{Error, ErrorKind, Result};

/// Iterates over the records of a JSONL stream; blank lines are skipped.
pub struct RecordReader<R> {
    input: R,
    path: Option<PathBuf>,
    line: u64,
    buf: String,
}

impl<R: BufRead> RecordReader<R> {
    /// `path` names the source in errors (None for stdin).
    pub fn new(input: R, path: Option<PathBuf>) -> RecordReader<R> {
        RecordReader {
            input,
            path,
            line: 0,
            buf: String::new(),
        }
    }

    fn locate(&self, e: Error) -> Error {
        let e = e.with_line(self.line);
        match &self.path {
            Some(p) => e.with_path(p),
            None => e,
        }
    }
}

impl<R: BufRead> Iterator for RecordReader<R> {
    type Item = Result<EventRecord>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            self.buf.clear();
            self.line += 1;
            match self.input.read_line(&mut self.buf) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => return Some(Err(self.locate(Error::from(e)))),
            }
            let text = self.buf.trim();
            if text.is_empty() {
                continue;
            }
            return Some(
                serde_json::from_str(text)
                    .map_err(|e| self.locate(Error::new(ErrorKind::BadRecord(e.to_string())))),
            );
        }
    }
}
