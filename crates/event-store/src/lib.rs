//! The khaldun event store: the only crate that touches SQLite.
//!
//! A store file holds
//! - **documents**: metadata and a content hash, so that re-ingesting the
//!   same article (same id or same content) changes nothing;
//! - **mentions**: every coded event record with its spans, as ingested;
//! - **events**: clusters of mentions that report the same happening, built
//!   incrementally by cross-article deduplication ([`dedup`]);
//! - **actors** and **claimants**, interned by normalized code.
//!
//! Writes happen in one transaction per [`Store::ingest`] batch, in WAL mode,
//! so a crash loses at most the batch in flight and a concurrent reader sees
//! the state before or after a batch, never part of one. The schema is
//! versioned ([`schema`]); a database from a newer khaldun is refused.

mod checkpoint;
mod codec;
mod dedup;
mod document;
mod error;
mod eval;
mod ingest;
mod jsonl;
mod network;
mod query;
pub mod schema;
pub mod synth;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

pub use dedup::{actor_key, actors_compatible, normalize_code, root_group, DedupOptions};
pub use document::{group_by_document, records_fingerprint, text_hash, NewDocument};
pub use error::{Error, ErrorKind, Result};
pub use eval::{pairwise_scores, PairwiseScores};
pub use ingest::IngestReport;
pub use jsonl::RecordReader;
pub use network::{NetworkOptions, Period};
pub use query::{Query, QueryHit};

use dedup::ClusterCache;

/// Counts of what a store holds, read in one snapshot.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub documents: u64,
    pub mentions: u64,
    pub events: u64,
    pub actors: u64,
    /// Sum of the events' mention counts (equals `mentions` in a consistent store).
    pub event_mentions: u64,
    /// Sum of the documents' mention counts (equals `mentions` too).
    pub document_mentions: u64,
}

/// Interned actors or claimants: key -> id, and id -> key.
#[derive(Default)]
struct Interner {
    ids: HashMap<Arc<str>, i64>,
    keys: dedup::FastMap<i64, Arc<str>>,
}

/// Ids to hand out next; valid while no other connection writes.
#[derive(Default, Clone, Copy)]
struct NextIds {
    doc: i64,
    mention: i64,
    event: i64,
    actor: i64,
    claimant: i64,
    /// `meta.max_mday_span`: the widest day range of any event's mentions.
    max_span: i64,
}

/// An open event store.
pub struct Store {
    /// Declared (so dropped) before `conn`: it finishes its passes before
    /// the writing connection closes.
    checkpointer: Option<checkpoint::Checkpointer>,
    /// A read-only connection of a file store, with which ingest reads what
    /// earlier batches committed while its writer thread writes. Closed
    /// before `conn`, so that `conn` is the last connection and checkpoints
    /// the WAL into the file as it closes.
    reader: Option<Connection>,
    conn: Connection,
    path: Option<PathBuf>,
    read_only: bool,
    opts: DedupOptions,
    cache: ClusterCache,
    actors: Interner,
    claimants: Interner,
    next: NextIds,
    norm: ingest::NormCache,
    /// `PRAGMA data_version` when the caches were last known good; `None`
    /// means they must be reloaded before the next write.
    data_version: Option<i64>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .field("read_only", &self.read_only)
            .field("dedup", &self.opts)
            .finish_non_exhaustive()
    }
}

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(Duration::from_secs(30))?;
    Ok(())
}

impl Store {
    /// Opens (creating if needed) a store for reading and writing, and
    /// migrates an older schema. A newer schema is refused untouched.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref();
        Self::open_inner(path).map_err(|e| e.with_path(path))
    }

    fn open_inner(path: &Path) -> Result<Store> {
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        configure(&conn)?;
        // Refuse a newer schema before changing anything, even the journal mode.
        let version = schema::version(&conn)?;
        if version > schema::SCHEMA_VERSION {
            return Err(Error::new(ErrorKind::SchemaTooNew {
                found: version,
                supported: schema::SCHEMA_VERSION,
            }));
        }
        // SQLite's default 4 KiB pages: 16 KiB pages ingest a small store
        // faster, but once the event indexes outgrow the batches every
        // random index insert dirties a whole page, and bigger pages mean
        // several times more WAL per batch.
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") && !mode.eq_ignore_ascii_case("memory") {
            return Err(Error::new(ErrorKind::Sqlite(format!(
                "could not switch to WAL journal mode (got {mode})"
            ))));
        }
        // NORMAL is durable against a crashed process in WAL mode; only a power
        // loss can drop the last commits, never corrupt the file. A 256 MiB
        // page cache and memory-mapped reads keep the random reads and
        // rewrites of event rows in a large store off the read() path.
        conn.execute_batch(
            "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY; \
             PRAGMA mmap_size = 17179869184;",
        )?;
        schema::migrate(&mut conn)?;
        conn.execute_batch(&format!(
            "PRAGMA wal_autocheckpoint = {};",
            checkpoint::AUTOCHECKPOINT_FRAMES
        ))?;
        let mut store = Store::with_conn(conn, Some(path.to_path_buf()), false);
        // Only a WAL file has a WAL to checkpoint and lets a second
        // connection read beside the writer; a path such as ":memory:" (in
        // "memory" journal mode) would give them databases of their own.
        if mode.eq_ignore_ascii_case("wal") {
            store.checkpointer = Some(checkpoint::Checkpointer::spawn(path)?);
            let reader = Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            configure(&reader)?;
            reader.execute_batch("PRAGMA cache_size = -65536; PRAGMA mmap_size = 17179869184;")?;
            store.reader = Some(reader);
        }
        Ok(store)
    }

    /// Opens an existing store read-only. It must have the current schema.
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref();
        let inner = || -> Result<Store> {
            if !path.exists() {
                return Err(Error::new(ErrorKind::Io(std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "no such database file",
                ))));
            }
            let conn = Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            configure(&conn)?;
            let version = schema::version(&conn)?;
            let app: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
            if version > schema::SCHEMA_VERSION {
                return Err(Error::new(ErrorKind::SchemaTooNew {
                    found: version,
                    supported: schema::SCHEMA_VERSION,
                }));
            }
            if app != schema::APPLICATION_ID {
                return Err(Error::new(ErrorKind::NotAStore));
            }
            if version < schema::SCHEMA_VERSION {
                return Err(Error::new(ErrorKind::Sqlite(format!(
                    "the store has schema version {version}, older than this khaldun's {}; \
                     open it once for writing (khaldun ingest) to upgrade it",
                    schema::SCHEMA_VERSION
                ))));
            }
            conn.execute_batch("PRAGMA cache_size = -262144; PRAGMA mmap_size = 17179869184;")?;
            Ok(Store::with_conn(conn, Some(path.to_path_buf()), true))
        };
        inner().map_err(|e| e.with_path(path))
    }

    /// A store in memory, for evaluations and tests.
    pub fn open_in_memory() -> Result<Store> {
        let mut conn = Connection::open_in_memory()?;
        schema::migrate(&mut conn)?;
        Ok(Store::with_conn(conn, None, false))
    }

    fn with_conn(conn: Connection, path: Option<PathBuf>, read_only: bool) -> Store {
        Store {
            checkpointer: None,
            conn,
            reader: None,
            path,
            read_only,
            opts: DedupOptions::default(),
            cache: ClusterCache::default(),
            actors: Interner::default(),
            claimants: Interner::default(),
            next: NextIds::default(),
            norm: ingest::NormCache::default(),
            data_version: None,
        }
    }

    /// Sets the deduplication options for what is ingested next. Negative
    /// day counts are read as 0.
    pub fn set_dedup_options(&mut self, opts: DedupOptions) {
        let opts = DedupOptions {
            slack_days: opts.slack_days.max(0),
            undated_window: opts.undated_window.max(0),
            max_width: opts.max_width.max(0),
        };
        if opts != self.opts {
            self.opts = opts;
            // Cached events were indexed under the old options.
            self.data_version = None;
        }
    }

    pub fn dedup_options(&self) -> &DedupOptions {
        &self.opts
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Limits the database file to `pages` pages (SQLite's `max_page_count`,
    /// for this handle only): writes beyond fail as a full disk would. Used to
    /// test full-disk behaviour; returns the limit in force.
    pub fn set_max_page_count(&mut self, pages: u64) -> Result<u64> {
        let n: i64 = self
            .conn
            .query_row(&format!("PRAGMA max_page_count = {pages}"), [], |r| {
                r.get(0)
            })?;
        Ok(n as u64)
    }

    /// Sets how many WAL frames may pile up before the writer lets the
    /// background checkpoint catch up (default 16384). For tests.
    #[doc(hidden)]
    pub fn set_wal_frames_limit(&mut self, frames: i64) {
        if let Some(c) = &self.checkpointer {
            c.set_frames_limit(frames);
        }
    }

    /// The number of pages the database file has now.
    pub fn page_count(&self) -> Result<u64> {
        let n: i64 = self.conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
        Ok(n as u64)
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        schema::version(&self.conn)
    }

    fn err(&self, e: impl Into<Error>) -> Error {
        let e = e.into();
        match &self.path {
            Some(p) => e.with_path(p),
            None => e,
        }
    }

    /// Begins a read snapshot: every read through it sees the same state,
    /// whatever other connections commit meanwhile.
    pub fn snapshot(&self) -> Result<Snapshot<'_>> {
        let tx = self.conn.unchecked_transaction().map_err(|e| self.err(e))?;
        // The snapshot starts at the first read.
        tx.query_row("SELECT count(*) FROM documents", [], |r| r.get::<_, i64>(0))
            .map_err(|e| self.err(e))?;
        Ok(Snapshot { store: self, tx })
    }

    /// Counts, read in one snapshot.
    pub fn stats(&self) -> Result<Stats> {
        self.snapshot()?.stats()
    }

    /// Runs SQLite's integrity check; returns its messages ("ok" when sound).
    pub fn integrity_check(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare("PRAGMA integrity_check")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    /// Whether a document with this id or this content hash is stored (so
    /// that callers can skip coding it again).
    pub fn is_stored(&self, doc_id: &str, hash: u128) -> Result<bool> {
        self.conn
            .query_row(
                "SELECT (SELECT count(*) FROM documents WHERE doc_id = ?1) + \
                 (SELECT count(*) FROM documents WHERE hash = ?2)",
                rusqlite::params![doc_id, document::stored_hash(hash)],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n > 0)
            .map_err(|e| self.err(e))
    }

    /// Whether a document with this id is stored.
    pub fn contains_document(&self, doc_id: &str) -> Result<bool> {
        self.conn
            .query_row(
                "SELECT count(*) FROM documents WHERE doc_id = ?1",
                [doc_id],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n > 0)
            .map_err(|e| self.err(e))
    }
}

/// A consistent read view of the store (a read transaction).
pub struct Snapshot<'a> {
    store: &'a Store,
    tx: rusqlite::Transaction<'a>,
}

impl Snapshot<'_> {
    fn conn(&self) -> &Connection {
        &self.tx
    }

    pub fn stats(&self) -> Result<Stats> {
        let one = |sql: &str| -> Result<u64> {
            self.conn()
                .query_row(sql, [], |r| r.get::<_, i64>(0))
                .map(|n| n as u64)
                .map_err(|e| self.store.err(e))
        };
        Ok(Stats {
            documents: one("SELECT count(*) FROM documents")?,
            mentions: one("SELECT count(*) FROM mentions")?,
            events: one("SELECT count(*) FROM events")?,
            actors: one("SELECT count(*) FROM actors")?,
            event_mentions: one("SELECT coalesce(sum(mentions), 0) FROM events")?,
            document_mentions: one("SELECT coalesce(sum(mentions), 0) FROM documents")?,
        })
    }

    /// Runs a query inside this snapshot.
    pub fn query(&self, q: &Query) -> Result<Vec<QueryHit>> {
        query::run(self.conn(), q).map_err(|e| self.store.err(e))
    }

    /// The document ids stored, in ingest order.
    pub fn document_ids(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT doc_id FROM documents ORDER BY id")
            .map_err(|e| self.store.err(e))?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(|e| self.store.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.store.err(e))
    }
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (a valid Gregorian date).
pub(crate) fn parse_day(s: &str) -> Option<i32> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i32> {
        let mut n = 0i32;
        for &c in &b[r] {
            if !c.is_ascii_digit() {
                return None;
            }
            n = n * 10 + i32::from(c - b'0');
        }
        Some(n)
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days_in_month = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if d < 1 || d > days_in_month {
        return None;
    }
    // Days from civil (proleptic Gregorian), era-based.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// `YYYY-MM-DD` of a day number (empty outside the years 0000 to 9999).
pub(crate) fn format_day(day: i32) -> String {
    // Civil from days (proleptic Gregorian), era-based.
    let z = i64::from(day) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    if !(0..=9999).contains(&y) {
        return String::new();
    }
    let mut s = String::with_capacity(10);
    for (v, w) in [(y, 4u32), (m, 2), (d, 2)] {
        if !s.is_empty() {
            s.push('-');
        }
        for k in (0..w).rev() {
            s.push(char::from(b'0' + ((v / 10i64.pow(k)) % 10) as u8));
        }
    }
    s
}

pub(crate) fn day_date(day: i32) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::from_ymd_opt(1970, 1, 1)?
        .checked_add_signed(chrono::TimeDelta::try_days(i64::from(day))?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_round_trip() {
        for s in ["1970-01-01", "2003-03-20", "2024-02-29", "1899-12-31"] {
            let d = parse_day(s).unwrap();
            assert_eq!(format_day(d), s);
        }
        assert_eq!(parse_day("1970-01-02"), Some(1));
        assert_eq!(parse_day("2024-02-30"), None);
        assert_eq!(parse_day("2024-2-3"), None);
        assert_eq!(parse_day("2023-02-29"), None);
        assert_eq!(parse_day("2000-02-29"), Some(11_016));
        assert_eq!(parse_day("1900-02-29"), None);
        // Agrees with chrono over a long stretch of days.
        let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        for n in (-80_000..40_000).step_by(7) {
            let d = day_date(n).unwrap();
            assert_eq!((d - epoch).num_days(), i64::from(n));
            assert_eq!(parse_day(&d.format("%Y-%m-%d").to_string()), Some(n));
            assert_eq!(format_day(n), d.format("%Y-%m-%d").to_string());
        }
    }
}
