//! CSV export: one row per mention, the columns of [`FlatMention`], with a
//! header line. Quoting follows RFC 4180 (the `csv` crate).

use std::io::{self, Write};

use crate::rows::{FlatMention, MentionRow};

/// Writes mentions as CSV (`delimiter` b',') or TSV (b'\t').
pub struct CsvMentionWriter<W: Write> {
    inner: csv::Writer<W>,
}

impl<W: Write> CsvMentionWriter<W> {
    pub fn new(out: W) -> CsvMentionWriter<W> {
        Self::with_delimiter(out, b',')
    }

    pub fn with_delimiter(out: W, delimiter: u8) -> CsvMentionWriter<W> {
        let mut inner = csv::WriterBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .from_writer(out);
        // Written explicitly so that an export with no rows still has a header.
        let _ = inner.write_record(FlatMention::COLUMNS);
        CsvMentionWriter { inner }
    }

    pub fn write(&mut self, row: &MentionRow) -> io::Result<()> {
        self.inner.serialize(FlatMention::new(row))?;
        Ok(())
    }

    /// Flushes and returns the underlying writer.
    pub fn finish(self) -> io::Result<W> {
        self.inner
            .into_inner()
            .map_err(|e| io::Error::other(e.to_string()))
    }
}
