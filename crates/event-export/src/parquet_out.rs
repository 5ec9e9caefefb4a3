//! Parquet export (feature `parquet`): one row per mention, the columns of
//! [`FlatMention`] with Arrow types: integers for ids, offsets and classes,
//! `Float32` Goldstein, `Float64` coordinates, `Boolean` flags, `Utf8` text;
//! every optional record field is a nullable column. Snappy-compressed row
//! groups of [`ParquetMentionWriter::BATCH`] rows.

use std::io::{self, Write};
use std::sync::Arc;

use arrow_array::{
    ArrayRef, BooleanArray, Float32Array, Float64Array, Int64Array, RecordBatch, StringArray,
    UInt32Array, UInt8Array,
};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use crate::rows::{FlatMention, MentionRow};

/// The `parquet` crate this writer uses, for readers that want the same version.
pub use parquet;

fn to_io(e: impl std::fmt::Display) -> io::Error {
    io::Error::other(e.to_string())
}

/// The Arrow schema of the Parquet export.
pub fn mention_schema() -> SchemaRef {
    use DataType::*;
    let f = |name: &str, t: DataType, nullable: bool| Field::new(name, t, nullable);
    Arc::new(Schema::new(vec![
        f("event", Int64, false),
        f("event_mentions", UInt32, false),
        f("doc_id", Utf8, false),
        f("event_id", Utf8, false),
        f("published", Utf8, true),
        f("sentence_index", UInt32, false),
        f("sentence_start", UInt32, false),
        f("sentence_end", UInt32, false),
        f("trigger", Utf8, false),
        f("trigger_start", UInt32, false),
        f("trigger_end", UInt32, false),
        f("source_text", Utf8, false),
        f("source_code", Utf8, true),
        f("source_start", UInt32, false),
        f("source_end", UInt32, false),
        f("target_text", Utf8, true),
        f("target_code", Utf8, true),
        f("target_start", UInt32, true),
        f("target_end", UInt32, true),
        f("cameo_code", Utf8, false),
        f("cameo_root", Utf8, false),
        f("quad_class", UInt8, false),
        f("goldstein", Float32, false),
        f("plover_type", Utf8, true),
        f("plover_mode", Utf8, true),
        f("date_start", Utf8, true),
        f("date_end", Utf8, true),
        f("date_basis", Utf8, true),
        f("historical", Boolean, true),
        f("claimant_text", Utf8, true),
        f("claimant_code", Utf8, true),
        f("attribution_cue", Utf8, true),
        f("reported_by", Utf8, true),
        f("negated", Boolean, false),
        f("hypothetical", Boolean, false),
        f("location_name", Utf8, true),
        f("location_country", Utf8, true),
        f("lat", Float64, true),
        f("lon", Float64, true),
        f("pattern", Utf8, true),
    ]))
}

/// Buffers mentions and writes them as Parquet row groups.
pub struct ParquetMentionWriter<W: Write + Send> {
    writer: ArrowWriter<W>,
    schema: SchemaRef,
    buf: Vec<FlatMention>,
}

impl<W: Write + Send> ParquetMentionWriter<W> {
    /// Rows per record batch (and so at most per row group).
    pub const BATCH: usize = 65_536;

    pub fn new(out: W) -> io::Result<ParquetMentionWriter<W>> {
        let schema = mention_schema();
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .build();
        let writer = ArrowWriter::try_new(out, schema.clone(), Some(props)).map_err(to_io)?;
        Ok(ParquetMentionWriter {
            writer,
            schema,
            buf: Vec::new(),
        })
    }

    pub fn write(&mut self, row: &MentionRow) -> io::Result<()> {
        self.buf.push(FlatMention::new(row));
        if self.buf.len() >= Self::BATCH {
            self.flush_batch()?;
        }
        Ok(())
    }

    fn flush_batch(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let rows = std::mem::take(&mut self.buf);
        let batch = to_batch(&self.schema, &rows)?;
        self.writer.write(&batch).map_err(to_io)
    }

    /// Writes the remaining rows and the footer; returns the writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.flush_batch()?;
        self.writer.into_inner().map_err(to_io)
    }
}

fn to_batch(schema: &SchemaRef, rows: &[FlatMention]) -> io::Result<RecordBatch> {
    fn s<'a>(rows: &'a [FlatMention], f: impl Fn(&'a FlatMention) -> &'a str) -> ArrayRef {
        Arc::new(StringArray::from_iter_values(rows.iter().map(f)))
    }
    fn os<'a>(
        rows: &'a [FlatMention],
        f: impl Fn(&'a FlatMention) -> Option<&'a String>,
    ) -> ArrayRef {
        Arc::new(
            rows.iter()
                .map(|r| f(r).map(String::as_str))
                .collect::<StringArray>(),
        )
    }
    fn u(rows: &[FlatMention], f: impl Fn(&FlatMention) -> u32) -> ArrayRef {
        Arc::new(UInt32Array::from_iter_values(rows.iter().map(f)))
    }
    fn ou(rows: &[FlatMention], f: impl Fn(&FlatMention) -> Option<u32>) -> ArrayRef {
        Arc::new(rows.iter().map(f).collect::<UInt32Array>())
    }
    fn b(rows: &[FlatMention], f: impl Fn(&FlatMention) -> Option<bool>) -> ArrayRef {
        Arc::new(rows.iter().map(f).collect::<BooleanArray>())
    }
    fn of(rows: &[FlatMention], f: impl Fn(&FlatMention) -> Option<f64>) -> ArrayRef {
        Arc::new(rows.iter().map(f).collect::<Float64Array>())
    }
    let columns: Vec<ArrayRef> = vec![
        Arc::new(Int64Array::from_iter_values(rows.iter().map(|r| r.event))),
        u(rows, |r| r.event_mentions),
        s(rows, |r| &r.doc_id),
        s(rows, |r| &r.event_id),
        os(rows, |r| r.published.as_ref()),
        u(rows, |r| r.sentence_index),
        u(rows, |r| r.sentence_start),
        u(rows, |r| r.sentence_end),
        s(rows, |r| &r.trigger),
        u(rows, |r| r.trigger_start),
        u(rows, |r| r.trigger_end),
        s(rows, |r| &r.source_text),
        os(rows, |r| r.source_code.as_ref()),
        u(rows, |r| r.source_start),
        u(rows, |r| r.source_end),
        os(rows, |r| r.target_text.as_ref()),
        os(rows, |r| r.target_code.as_ref()),
        ou(rows, |r| r.target_start),
        ou(rows, |r| r.target_end),
        s(rows, |r| &r.cameo_code),
        s(rows, |r| &r.cameo_root),
        Arc::new(UInt8Array::from_iter_values(
            rows.iter().map(|r| r.quad_class),
        )),
        Arc::new(Float32Array::from_iter_values(
            rows.iter().map(|r| r.goldstein),
        )),
        os(rows, |r| r.plover_type.as_ref()),
        os(rows, |r| r.plover_mode.as_ref()),
        os(rows, |r| r.date_start.as_ref()),
        os(rows, |r| r.date_end.as_ref()),
        os(rows, |r| r.date_basis.as_ref()),
        b(rows, |r| r.historical),
        os(rows, |r| r.claimant_text.as_ref()),
        os(rows, |r| r.claimant_code.as_ref()),
        os(rows, |r| r.attribution_cue.as_ref()),
        os(rows, |r| r.reported_by.as_ref()),
        b(rows, |r| Some(r.negated)),
        b(rows, |r| Some(r.hypothetical)),
        os(rows, |r| r.location_name.as_ref()),
        os(rows, |r| r.location_country.as_ref()),
        of(rows, |r| r.lat),
        of(rows, |r| r.lon),
        os(rows, |r| r.pattern.as_ref()),
    ];
    RecordBatch::try_new(schema.clone(), columns).map_err(to_io)
}
