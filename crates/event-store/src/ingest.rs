//! Ingest: one transaction per batch of documents.

use std::collections::HashMap;
use std::sync::Arc;

use event_export::EventRecord;
use rusqlite::{params, Connection, OptionalExtension};

use crate::codec;
use crate::dedup::{
    self, actor_key, normalize_code, normalize_words, Cluster, ClusterCache, DedupOptions, FastMap,
    Load, MentionKey, FLAG_DATE_FROM_PUBLISHED, FLAG_HISTORICAL, FLAG_HYPOTHETICAL, FLAG_NEGATED,
};
use crate::document::stored_hash;
use crate::error::{Error, ErrorKind, Result};
use crate::{parse_day, Interner, NewDocument, NextIds, Store};

/// What one [`Store::ingest`] call did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IngestReport {
    pub documents_added: u64,
    /// Documents already stored (same id or same content), left unchanged.
    pub documents_skipped: u64,
    pub mentions_added: u64,
    /// New events (clusters) created.
    pub events_created: u64,
    /// Mentions that joined an existing event.
    pub mentions_merged: u64,
}

impl IngestReport {
    pub fn add(&mut self, other: &IngestReport) {
        self.documents_added += other.documents_added;
        self.documents_skipped += other.documents_skipped;
        self.mentions_added += other.mentions_added;
        self.events_created += other.events_created;
        self.mentions_merged += other.mentions_merged;
    }
}

/// Normalized forms computed once per distinct input while a store is open.
#[derive(Default)]
pub(crate) struct NormCache {
    /// Place name -> normalized words (None when empty).
    places: HashMap<Box<str>, Option<Arc<str>>>,
    /// Country code -> normalized code (None when empty).
    countries: HashMap<Box<str>, Option<Arc<str>>>,
    /// (source id, target id or 0, polarity) -> bucket.
    buckets: FastMap<(i64, i64, i64), i64>,
}

impl NormCache {
    pub(crate) fn clear(&mut self) {
        self.buckets.clear();
    }

    fn place(&mut self, name: &str) -> Option<Arc<str>> {
        if let Some(v) = self.places.get(name) {
            return v.clone();
        }
        let n = normalize_words(name);
        let v = (!n.is_empty()).then(|| Arc::from(n));
        self.places.insert(name.into(), v.clone());
        v
    }

    fn country(&mut self, code: &str) -> Option<Arc<str>> {
        if let Some(v) = self.countries.get(code) {
            return v.clone();
        }
        let n = normalize_code(code);
        let v = (!n.is_empty()).then(|| Arc::from(n));
        self.countries.insert(code.into(), v.clone());
        v
    }
}

/// True when a code is already in normal form (so it is its own key).
fn is_normal_code(code: &str) -> bool {
    !code.is_empty()
        && code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// A new row of `actors` (or, with `claimant`, of `claimants`).
pub(crate) struct ActorRow<'a> {
    claimant: bool,
    id: i64,
    key: Arc<str>,
    code: Option<String>,
    name: &'a str,
}

/// Interns an actor or claimant given as (code, words): its id and key; a
/// new one gets its row written to `sink`.
fn intern<'a>(
    sink: &mut impl RowSink<'a>,
    interner: &mut Interner,
    next: &mut i64,
    claimant: bool,
    code: Option<&str>,
    name: &'a str,
) -> Result<(i64, Arc<str>)> {
    let owned;
    let key: &str = match code {
        Some(c) if is_normal_code(c) => c,
        _ => {
            owned = actor_key(code, name);
            &owned
        }
    };
    if let Some((k, &id)) = interner.ids.get_key_value(key) {
        return Ok((id, k.clone()));
    }
    *next += 1;
    let id = *next;
    let key: Arc<str> = Arc::from(key);
    interner.ids.insert(key.clone(), id);
    interner.keys.insert(id, key.clone());
    sink.actor(ActorRow {
        claimant,
        id,
        key: key.clone(),
        code: code.map(normalize_code).filter(|c| !c.is_empty()),
        name,
    })?;
    Ok((id, key))
}

fn insert_actor_row(conn: &Connection, row: &ActorRow<'_>) -> Result<()> {
    if row.claimant {
        conn.prepare_cached("INSERT INTO claimants (id, key, code, name) VALUES (?1, ?2, ?3, ?4)")?
            .execute(params![row.id, &*row.key, row.code, row.name])?;
    } else {
        conn.prepare_cached(
            "INSERT INTO actors (id, key, code, name, mentions) VALUES (?1, ?2, ?3, ?4, 0)",
        )?
        .execute(params![row.id, &*row.key, row.code, row.name])?;
    }
    Ok(())
}

/// Inserts a document row; false when the store already has the document
/// (same id or same content hash).
fn insert_document(
    conn: &Connection,
    id: i64,
    doc: &NewDocument,
    published: Option<i32>,
) -> Result<bool> {
    let added = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO documents (id, doc_id, hash, url, outlet, published, title, mentions) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            id,
            doc.doc_id,
            stored_hash(doc.hash),
            doc.url,
            doc.outlet,
            published,
            doc.title,
            doc.records.len() as i64
        ])?;
    Ok(added > 0)
}

/// Documents are inserted this many rows per statement by the writer thread.
const DOCUMENT_ROWS: usize = 32;

static DOCUMENT_INSERT: MultiInsert = MultiInsert::new(
    "documents (id, doc_id, hash, url, outlet, published, title, mentions)",
    8,
    DOCUMENT_ROWS,
);

/// A document row waiting to be written.
struct PendingDocument<'a> {
    id: i64,
    doc: &'a NewDocument,
    published: Option<i32>,
    /// `doc.hash` as stored.
    hash: String,
}

/// Inserts document rows known to be new (see [`all_new`]), several per
/// statement; false if one was stored after all (the unique indexes on
/// `doc_id` and `hash` refuse it), and the batch must be redone directly.
fn insert_new_documents(conn: &Connection, docs: &[PendingDocument<'_>]) -> Result<bool> {
    let inserted = DOCUMENT_INSERT.run::<_, rusqlite::Error>(conn, docs, |stmt, b, d| {
        stmt.raw_bind_parameter(b + 1, d.id)?;
        stmt.raw_bind_parameter(b + 2, d.doc.doc_id.as_str())?;
        stmt.raw_bind_parameter(b + 3, d.hash.as_str())?;
        stmt.raw_bind_parameter(b + 4, d.doc.url.as_deref())?;
        stmt.raw_bind_parameter(b + 5, d.doc.outlet.as_deref())?;
        stmt.raw_bind_parameter(b + 6, d.published)?;
        stmt.raw_bind_parameter(b + 7, d.doc.title.as_deref())?;
        stmt.raw_bind_parameter(b + 8, d.doc.records.len() as i64)?;
        Ok(())
    });
    match inserted {
        Ok(()) => Ok(true),
        Err(rusqlite::Error::SqliteFailure(f, _))
            if f.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            Ok(false)
        }
        Err(e) => Err(e.into()),
    }
}

/// A multi-row `INSERT`: full statements of `rows` rows, and a one-row
/// statement for the remainder, each built once.
///
/// The statements say `OR FAIL`: under the default `ABORT`, SQLite keeps a
/// statement journal so that it can undo just the failed statement, copying
/// every page the statement touches (a fifth of ingest's work, in
/// callgrind). `FAIL` keeps the rows before the failing one instead, which
/// is the same to us: any error rolls back the whole batch's transaction.
/// (Multi-row `UPDATE ... FROM (VALUES ...)` was tried for event updates:
/// SQLite materializes the values first, and it cost more than one
/// statement per row.)
struct MultiInsert {
    /// Table and column list: `"mentions (id, doc, ...)"`.
    into: &'static str,
    columns: usize,
    rows: usize,
    full: std::sync::OnceLock<String>,
    one: std::sync::OnceLock<String>,
}

impl MultiInsert {
    const fn new(into: &'static str, columns: usize, rows: usize) -> MultiInsert {
        MultiInsert {
            into,
            columns,
            rows,
            full: std::sync::OnceLock::new(),
            one: std::sync::OnceLock::new(),
        }
    }

    fn sql(&self, rows: usize) -> String {
        let mut sql = format!("INSERT OR FAIL INTO {} VALUES ", self.into);
        for i in 0..rows {
            sql.push_str(if i > 0 { ",(" } else { "(" });
            for k in 0..self.columns {
                if k > 0 {
                    sql.push(',');
                }
                sql.push_str(&format!("?{}", i * self.columns + k + 1));
            }
            sql.push(')');
        }
        sql
    }

    /// Inserts one row per item; `bind` binds an item's columns from
    /// parameter `base + 1` on.
    fn run<T, E: From<rusqlite::Error>>(
        &self,
        conn: &Connection,
        items: &[T],
        mut bind: impl FnMut(
            &mut rusqlite::CachedStatement<'_>,
            usize,
            &T,
        ) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        for chunk in items.chunks(self.rows) {
            let (sql, per) = if chunk.len() == self.rows {
                (self.full.get_or_init(|| self.sql(self.rows)), self.rows)
            } else {
                (self.one.get_or_init(|| self.sql(1)), 1)
            };
            let mut stmt = conn.prepare_cached(sql)?;
            for group in chunk.chunks(per) {
                for (k, item) in group.iter().enumerate() {
                    bind(&mut stmt, k * self.columns, item)?;
                }
                stmt.raw_execute()?;
            }
        }
        Ok(())
    }
}

/// Mentions are inserted this many rows per statement.
const MENTION_ROWS: usize = 32;

static MENTION_INSERT: MultiInsert = MultiInsert::new(
    "mentions (id, doc, event, source, target, day, claimant, record)",
    8,
    MENTION_ROWS,
);

struct PendingMention {
    id: i64,
    doc: i64,
    event: i64,
    source: i64,
    target: Option<i64>,
    day: Option<i32>,
    claimant: Option<i64>,
    /// The encoded record, in `PendingMentions::blobs`.
    record: std::ops::Range<usize>,
}

/// Mention rows waiting to be written, several per statement.
#[derive(Default)]
struct PendingMentions {
    rows: Vec<PendingMention>,
    blobs: Vec<u8>,
}

impl PendingMentions {
    fn flush(&mut self, conn: &Connection) -> Result<()> {
        let blobs = &self.blobs;
        MENTION_INSERT.run::<_, Error>(conn, &self.rows, |stmt, b, m| {
            stmt.raw_bind_parameter(b + 1, m.id)?;
            stmt.raw_bind_parameter(b + 2, m.doc)?;
            stmt.raw_bind_parameter(b + 3, m.event)?;
            stmt.raw_bind_parameter(b + 4, m.source)?;
            stmt.raw_bind_parameter(b + 5, m.target)?;
            stmt.raw_bind_parameter(b + 6, m.day)?;
            stmt.raw_bind_parameter(b + 7, m.claimant)?;
            stmt.raw_bind_parameter(b + 8, &blobs[m.record.clone()])?;
            Ok(())
        })?;
        self.rows.clear();
        self.blobs.clear();
        Ok(())
    }
}

static EVENT_INSERT: MultiInsert = MultiInsert::new(
    "events (id, bucket, source, target, root, cameo, quad, goldstein, day_lo, day_hi, \
     loc_name, loc_country, flags, mentions, own_voice, first_report, first_mention, loc_lat, \
     loc_lon, mday_lo, mday_hi, members, claimants)",
    23,
    16,
);

/// Inserts the new clusters `idx` of the cache, several rows per statement.
fn insert_events(conn: &Connection, cache: &ClusterCache, idx: &[usize]) -> Result<()> {
    EVENT_INSERT.run::<_, Error>(conn, idx, |stmt, b, &i| {
        let c = &cache.clusters[i];
        stmt.raw_bind_parameter(b + 1, c.id)?;
        stmt.raw_bind_parameter(b + 2, c.bucket)?;
        stmt.raw_bind_parameter(b + 3, c.source)?;
        stmt.raw_bind_parameter(b + 4, c.target)?;
        stmt.raw_bind_parameter(b + 5, c.root.as_str())?;
        stmt.raw_bind_parameter(b + 6, c.cameo.as_str())?;
        stmt.raw_bind_parameter(b + 7, c.quad)?;
        stmt.raw_bind_parameter(b + 8, c.goldstein)?;
        stmt.raw_bind_parameter(b + 9, c.lo)?;
        stmt.raw_bind_parameter(b + 10, c.hi)?;
        stmt.raw_bind_parameter(b + 11, c.loc_name.as_deref())?;
        stmt.raw_bind_parameter(b + 12, c.loc_country.as_deref())?;
        stmt.raw_bind_parameter(b + 13, c.flags)?;
        stmt.raw_bind_parameter(b + 14, c.mentions)?;
        stmt.raw_bind_parameter(b + 15, c.own_voice)?;
        stmt.raw_bind_parameter(b + 16, c.first_report)?;
        stmt.raw_bind_parameter(b + 17, c.first_mention)?;
        stmt.raw_bind_parameter(b + 18, c.loc_point.map(|p| p.0))?;
        stmt.raw_bind_parameter(b + 19, c.loc_point.map(|p| p.1))?;
        stmt.raw_bind_parameter(b + 20, c.mday_lo)?;
        stmt.raw_bind_parameter(b + 21, c.mday_hi)?;
        stmt.raw_bind_parameter(b + 22, c.members.as_str())?;
        stmt.raw_bind_parameter(
            b + 23,
            (!c.claimants.is_empty()).then_some(c.claimants.as_str()),
        )?;
        Ok(())
    })
}

/// A Goldstein value as written (1.9, not `f32` 1.9 widened to
/// 1.899999976158142): the nearest `f64` with six decimals.
fn goldstein_value(g: f32) -> f64 {
    (f64::from(g) * 1e6).round() / 1e6
}

/// Day interval and flags of a record.
struct Dates {
    lo: Option<i32>,
    hi: Option<i32>,
    day: Option<i32>,
    flags: i64,
}

fn dates(r: &EventRecord, doc_published: Option<i32>, opts: &DedupOptions) -> Dates {
    let mut flags = 0;
    if r.negated {
        flags |= FLAG_NEGATED;
    }
    if r.hypothetical {
        flags |= FLAG_HYPOTHETICAL;
    }
    let published = match r.published.as_deref() {
        Some(p) => parse_day(p).or(doc_published),
        None => doc_published,
    };
    let (mut start, mut end) = (None, None);
    if let Some(d) = &r.date {
        if d.historical {
            flags |= FLAG_HISTORICAL;
        }
        start = d.start.as_deref().and_then(parse_day);
        end = match (&d.end, &d.start) {
            (Some(e), Some(s)) if e == s => start,
            (Some(e), _) => parse_day(e).or(start),
            (None, _) => start,
        };
        if start.is_none() {
            start = end;
        }
    }
    if let (Some(s), Some(e)) = (start, end) {
        if e < s {
            (start, end) = (Some(e), Some(s));
        }
    }
    let (lo, hi, day) = match (start, end, published) {
        (Some(s), Some(e), _) => (Some(s), Some(e), Some(s)),
        (_, _, Some(p)) => {
            flags |= FLAG_DATE_FROM_PUBLISHED;
            (Some(p - opts.undated_window), Some(p), Some(p))
        }
        _ => (None, None, None),
    };
    Dates { lo, hi, day, flags }
}

fn max_id(conn: &Connection, table: &str) -> Result<i64> {
    Ok(conn.query_row(
        &format!("SELECT coalesce(max(id), 0) FROM {table}"),
        [],
        |r| r.get(0),
    )?)
}

fn load_interner(conn: &Connection, table: &str) -> Result<Interner> {
    let mut i = Interner::default();
    let mut stmt = conn.prepare(&format!("SELECT id, key FROM {table}"))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        let key: Arc<str> = Arc::from(row.get_ref(1)?.as_str()?);
        i.keys.insert(id, key.clone());
        i.ids.insert(key, id);
    }
    Ok(i)
}

pub(crate) fn max_span(conn: &Connection) -> Result<i64> {
    Ok(conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'max_mday_span'",
            [],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(0))
}

/// `SELECT` of the columns of an event read back into the cache, from
/// `events` (a macro, so that the statements below are literals built once).
macro_rules! select_events {
    () => {
        "SELECT id, source, target, root, cameo, quad, goldstein, day_lo, day_hi, loc_name, \
         loc_country, flags, mentions, own_voice, first_report, first_mention, loc_lat, loc_lon, \
         mday_lo, mday_hi, members, claimants FROM events"
    };
}

/// Reads the stored events of `bucket` that `load` names into the cache
/// (through `events_bucket_lo`), skipping those it already holds.
fn load_events(
    conn: &Connection,
    cache: &mut ClusterCache,
    actors: &Interner,
    bucket: i64,
    load: &Load,
    opts: &DedupOptions,
) -> Result<()> {
    let mut stmt;
    let mut rows = match load.days() {
        Some((from, to)) => {
            stmt = conn.prepare_cached(concat!(
                select_events!(),
                " WHERE bucket = ?1 AND day_lo >= ?2 AND day_lo < ?3"
            ))?;
            stmt.query(params![bucket, from, to])?
        }
        None => {
            stmt = conn.prepare_cached(concat!(select_events!(), " WHERE bucket = ?1"))?;
            stmt.query([bucket])?
        }
    };
    let text = |row: &rusqlite::Row<'_>, i: usize| -> rusqlite::Result<Option<Arc<str>>> {
        Ok(row.get_ref(i)?.as_str_or_null()?.map(Arc::from))
    };
    while let Some(row) = rows.next()? {
        if cache.has(row.get(0)?) {
            continue;
        }
        let source: i64 = row.get(1)?;
        let target: Option<i64> = row.get(2)?;
        let lo: Option<i32> = row.get(7)?;
        let hi: Option<i32> = row.get(8)?;
        let c = Cluster {
            id: row.get(0)?,
            bucket,
            source,
            source_key: actors
                .keys
                .get(&source)
                .cloned()
                .unwrap_or_else(|| Arc::from("")),
            target,
            target_key: target.and_then(|t| actors.keys.get(&t).cloned()),
            root: row.get(3)?,
            cameo: row.get(4)?,
            quad: row.get(5)?,
            goldstein: row.get(6)?,
            lo,
            hi,
            loc_name: text(row, 9)?,
            loc_country: text(row, 10)?,
            loc_point: match (
                row.get::<_, Option<f64>>(16)?,
                row.get::<_, Option<f64>>(17)?,
            ) {
                (Some(a), Some(b)) => Some((a, b)),
                _ => None,
            },
            flags: row.get(11)?,
            mentions: row.get(12)?,
            own_voice: row.get(13)?,
            first_report: row.get(14)?,
            first_mention: row.get(15)?,
            mday_lo: row.get(18)?,
            mday_hi: row.get(19)?,
            members: row.get(20)?,
            claimants: row.get::<_, Option<String>>(21)?.unwrap_or_default(),
            is_new: false,
            dirty: false,
            wide_change: false,
            indexed: matches!((lo, hi), (Some(l), Some(h)) if h - l <= opts.max_width),
        };
        cache.insert(c);
    }
    cache.mark_loaded(bucket, load);
    Ok(())
}

/// Documents checked per statement by [`all_new`].
const CHECK_DOCUMENTS: usize = 128;

/// True when no document of `docs` is stored yet (by id or content hash)
/// and none comes twice, so that the batch can go to the writer thread: a
/// known document found there costs the batch twice and the caches (a
/// resumed ingest meets a batch of them after every restart).
fn all_new(reader: &Connection, docs: &[NewDocument]) -> Result<bool> {
    let mut ids = std::collections::HashSet::with_capacity(docs.len());
    let mut hashes = std::collections::HashSet::with_capacity(docs.len());
    for d in docs {
        if !ids.insert(d.doc_id.as_str()) || !hashes.insert(d.hash) {
            return Ok(false);
        }
    }
    for chunk in docs.chunks(CHECK_DOCUMENTS) {
        let marks = vec!["?"; chunk.len()].join(",");
        let mut stmt = reader.prepare_cached(&format!(
            "SELECT 1 FROM documents WHERE doc_id IN ({marks}) OR hash IN ({marks}) LIMIT 1"
        ))?;
        let hex: Vec<String> = chunk.iter().map(|d| stored_hash(d.hash)).collect();
        let params = chunk
            .iter()
            .map(|d| &d.doc_id as &dyn rusqlite::ToSql)
            .chain(hex.iter().map(|h| h as &dyn rusqlite::ToSql));
        if stmt.exists(rusqlite::params_from_iter(params))? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The state one batch of documents works on.
struct Batch<'s> {
    opts: &'s DedupOptions,
    cache: &'s mut ClusterCache,
    actors: &'s mut Interner,
    claimants: &'s mut Interner,
    norm: &'s mut NormCache,
    ids: NextIds,
    report: IngestReport,
    /// Clusters created or changed by this batch.
    touched: Vec<usize>,
    actor_mentions: FastMap<i64, i64>,
}

/// Where the rows of a batch go while its mentions are clustered: straight
/// into the transaction ([`Direct`]), or to a writer thread ([`Piped`]).
trait RowSink<'a> {
    /// Writes a document row; false if the store already has the document.
    fn document(&mut self, id: i64, doc: &'a NewDocument, published: Option<i32>) -> Result<bool>;
    fn actor(&mut self, row: ActorRow<'a>) -> Result<()>;
    /// Writes the pending mention rows (leaving `pending` empty) once there
    /// are enough of them to write at a time, or with `all`.
    fn mentions(&mut self, pending: &mut PendingMentions, all: bool) -> Result<()>;
    /// Reads stored events of a bucket into the cache.
    fn load_events(&mut self, b: &mut Batch<'_>, bucket: i64, load: &Load) -> Result<()>;
}

struct Direct<'c> {
    conn: &'c Connection,
}

impl<'a> RowSink<'a> for Direct<'_> {
    fn document(&mut self, id: i64, doc: &'a NewDocument, published: Option<i32>) -> Result<bool> {
        insert_document(self.conn, id, doc, published)
    }

    fn actor(&mut self, row: ActorRow<'a>) -> Result<()> {
        insert_actor_row(self.conn, &row)
    }

    fn mentions(&mut self, pending: &mut PendingMentions, all: bool) -> Result<()> {
        if all || pending.rows.len() >= MENTION_ROWS {
            pending.flush(self.conn)?;
        }
        Ok(())
    }

    fn load_events(&mut self, b: &mut Batch<'_>, bucket: i64, load: &Load) -> Result<()> {
        load_events(self.conn, b.cache, b.actors, bucket, load, b.opts)
    }
}

/// What the writer thread is asked to write.
enum RowOp<'a> {
    Document {
        id: i64,
        doc: &'a NewDocument,
        published: Option<i32>,
    },
    Actor(ActorRow<'a>),
    Mentions(PendingMentions),
}

/// Mention rows handed to the writer thread at a time.
const PIPED_MENTION_ROWS: usize = 512;

/// Other rows (documents, actors) handed over at a time.
const PIPED_BUNDLE_OPS: usize = 256;

/// Batches of at least this many documents are written by a second thread.
const PIPED_MIN_DOCUMENTS: usize = 64;

/// Sends rows to the writer thread (see [`write_rows`]); buckets are read
/// through a second, read-only connection, which sees what was committed
/// before this batch, all that a bucket not yet in the cache can hold.
struct Piped<'a, 'r> {
    ops: std::sync::mpsc::SyncSender<Vec<RowOp<'a>>>,
    /// Rows not yet handed over: they go in bundles, since each hand-over
    /// may wake the writer thread.
    bundle: Vec<RowOp<'a>>,
    reader: &'r Connection,
}

/// Stands for "the writer thread stopped"; its own result says why.
fn writer_stopped() -> Error {
    Error::new(ErrorKind::Sqlite("the writer thread stopped".into()))
}

impl<'a> Piped<'a, '_> {
    fn push(&mut self, op: RowOp<'a>) -> Result<()> {
        self.bundle.push(op);
        if self.bundle.len() >= PIPED_BUNDLE_OPS {
            self.hand_over()?;
        }
        Ok(())
    }

    fn hand_over(&mut self) -> Result<()> {
        if self.bundle.is_empty() {
            return Ok(());
        }
        let bundle = std::mem::replace(&mut self.bundle, Vec::with_capacity(PIPED_BUNDLE_OPS));
        self.ops.send(bundle).map_err(|_| writer_stopped())
    }
}

impl<'a> RowSink<'a> for Piped<'a, '_> {
    fn document(&mut self, id: i64, doc: &'a NewDocument, published: Option<i32>) -> Result<bool> {
        // Optimistic: a document already stored stops the writer, and the
        // batch is redone directly.
        self.push(RowOp::Document { id, doc, published })?;
        Ok(true)
    }

    fn actor(&mut self, row: ActorRow<'a>) -> Result<()> {
        self.push(RowOp::Actor(row))
    }

    fn mentions(&mut self, pending: &mut PendingMentions, all: bool) -> Result<()> {
        if !pending.rows.is_empty() && (all || pending.rows.len() >= PIPED_MENTION_ROWS) {
            self.bundle.push(RowOp::Mentions(std::mem::take(pending)));
            self.hand_over()?;
        }
        if all {
            self.hand_over()?;
        }
        Ok(())
    }

    fn load_events(&mut self, b: &mut Batch<'_>, bucket: i64, load: &Load) -> Result<()> {
        load_events(self.reader, b.cache, b.actors, bucket, load, b.opts)
    }
}

/// How the writer thread ended.
enum WriterEnd {
    Done,
    /// A document was already stored (or came twice in the batch).
    KnownDocument,
}

/// The writer thread: executes the rows it is sent, in order, on the
/// batch's transaction.
fn write_rows(
    conn: &Connection,
    bundles: std::sync::mpsc::Receiver<Vec<RowOp<'_>>>,
) -> Result<WriterEnd> {
    let mut docs: Vec<PendingDocument<'_>> = Vec::with_capacity(DOCUMENT_ROWS);
    for op in bundles.into_iter().flatten() {
        match op {
            RowOp::Document { id, doc, published } => {
                docs.push(PendingDocument {
                    id,
                    doc,
                    published,
                    hash: stored_hash(doc.hash),
                });
                if docs.len() == DOCUMENT_ROWS {
                    if !insert_new_documents(conn, &docs)? {
                        return Ok(WriterEnd::KnownDocument);
                    }
                    docs.clear();
                }
            }
            RowOp::Actor(row) => insert_actor_row(conn, &row)?,
            RowOp::Mentions(mut pending) => pending.flush(conn)?,
        }
    }
    if !insert_new_documents(conn, &docs)? {
        return Ok(WriterEnd::KnownDocument);
    }
    Ok(WriterEnd::Done)
}

/// Rolls the transaction back unless it was committed.
struct TxGuard<'c> {
    conn: &'c mut Connection,
    open: bool,
}

impl<'c> TxGuard<'c> {
    fn begin(conn: &'c mut Connection) -> Result<TxGuard<'c>> {
        conn.execute_batch("BEGIN IMMEDIATE")?;
        Ok(TxGuard { conn, open: true })
    }

    fn commit(mut self) -> Result<()> {
        self.conn.execute_batch("COMMIT")?;
        self.open = false;
        Ok(())
    }
}

impl Drop for TxGuard<'_> {
    fn drop(&mut self) {
        if self.open && !self.conn.is_autocommit() {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }
}

/// Clusters the mentions of `docs`, sending every row to `sink`.
fn cluster_documents<'a>(
    b: &mut Batch<'_>,
    sink: &mut impl RowSink<'a>,
    docs: &'a [NewDocument],
) -> Result<()> {
    let mut pending = PendingMentions::default();
    for doc in docs {
        if doc.doc_id.is_empty() {
            return Err(Error::new(ErrorKind::BadRecord(
                "a document has an empty id".into(),
            )));
        }
        let published = doc.published.as_deref().and_then(parse_day);
        // A document with a known id or content hash is ignored.
        if !sink.document(b.ids.doc + 1, doc, published)? {
            b.report.documents_skipped += 1;
            continue;
        }
        b.ids.doc += 1;
        let doc_row = b.ids.doc;
        b.report.documents_added += 1;
        for r in &doc.records {
            let d = dates(r, published, b.opts);
            let (source, source_key) = intern(
                sink,
                b.actors,
                &mut b.ids.actor,
                false,
                r.source.code.as_deref(),
                &r.source.text,
            )?;
            *b.actor_mentions.entry(source).or_default() += 1;
            let (target, target_key) = match &r.target {
                Some(t) => {
                    let (id, key) = intern(
                        sink,
                        b.actors,
                        &mut b.ids.actor,
                        false,
                        t.code.as_deref(),
                        &t.text,
                    )?;
                    if id != source {
                        *b.actor_mentions.entry(id).or_default() += 1;
                    }
                    (Some(id), Some(key))
                }
                None => (None, None),
            };
            let claimant = match r.attribution.as_ref().and_then(|a| a.asserted_by.as_ref()) {
                Some(s) => Some(
                    intern(
                        sink,
                        b.claimants,
                        &mut b.ids.claimant,
                        true,
                        s.code.as_deref(),
                        &s.text,
                    )?
                    .0,
                ),
                None => None,
            };
            let root: &str = if r.cameo.root.len() == 2 {
                &r.cameo.root
            } else {
                r.cameo.code.get(..2).unwrap_or(&r.cameo.code)
            };
            let loc_norm = r.location.as_ref().and_then(|l| b.norm.place(&l.name));
            let loc_country = r
                .location
                .as_ref()
                .and_then(|l| l.country.as_deref())
                .and_then(|c| b.norm.country(c));
            let loc_point = r.location.as_ref().and_then(|l| match (l.lat, l.lon) {
                (Some(a), Some(b)) if a.is_finite() && b.is_finite() => Some((a, b)),
                _ => None,
            });
            let polarity = d.flags & (FLAG_NEGATED | FLAG_HYPOTHETICAL);
            let bucket = *b
                .norm
                .buckets
                .entry((source, target.unwrap_or(0), polarity))
                .or_insert_with(|| dedup::bucket(&source_key, target_key.as_deref(), d.flags));
            if let (Some(lo), Some(hi)) = (d.lo, d.hi) {
                let load = b.cache.to_load(bucket, lo, hi, b.opts);
                if load != Load::Nothing {
                    sink.load_events(b, bucket, &load)?;
                }
            }
            let key = MentionKey {
                source,
                target,
                source_key: &source_key,
                target_key: target_key.as_deref(),
                root,
                cameo: &r.cameo.code,
                lo: d.lo,
                hi: d.hi,
                loc_name: loc_norm.as_deref(),
                loc_country: loc_country.as_deref(),
                loc_point,
                flags: d.flags,
            };
            b.ids.mention += 1;
            let mention_id = b.ids.mention;
            let own_voice = i64::from(claimant.is_none());
            let idx = match b.cache.best(bucket, &key, b.opts) {
                Some(idx) => {
                    if let (Some(lo), Some(hi)) = (d.lo, d.hi) {
                        if b.cache.narrow(idx, lo, hi) {
                            b.cache.clusters[idx].wide_change = true;
                        }
                    }
                    let c = &mut b.cache.clusters[idx];
                    c.mentions += 1;
                    c.own_voice += own_voice;
                    c.first_report = match (c.first_report, published) {
                        (Some(a), Some(b)) => Some(a.min(b)),
                        (a, b) => a.or(b),
                    };
                    // A more specific code refines the event's actor.
                    if source_key.len() > c.source_key.len() {
                        c.source_key = source_key.clone();
                        c.source = source;
                        c.wide_change = true;
                    }
                    if let (Some(k), Some(t)) = (&target_key, target) {
                        if c.target_key.as_ref().is_some_and(|ck| k.len() > ck.len()) {
                            c.target_key = Some(k.clone());
                            c.target = Some(t);
                            c.wide_change = true;
                        }
                    }
                    if c.loc_name.is_none() && loc_norm.is_some() {
                        c.loc_name = loc_norm.clone();
                        c.wide_change = true;
                    }
                    // A point refines a vaguer place.
                    if c.loc_point.is_none() && loc_point.is_some() {
                        c.loc_point = loc_point;
                        c.loc_name = loc_norm.clone();
                        c.wide_change = true;
                    }
                    if c.loc_country.is_none() && loc_country.is_some() {
                        c.loc_country = loc_country.clone();
                        c.wide_change = true;
                    }
                    if let Some(day) = d.day {
                        if c.mday_lo.is_none_or(|x| day < x) {
                            c.mday_lo = Some(day);
                            c.wide_change = true;
                        }
                        if c.mday_hi.is_none_or(|x| day > x) {
                            c.mday_hi = Some(day);
                        }
                    }
                    if !c.dirty && !c.is_new {
                        c.dirty = true;
                        b.touched.push(idx);
                    }
                    b.report.mentions_merged += 1;
                    idx
                }
                None => {
                    b.ids.event += 1;
                    let indexed =
                        matches!((d.lo, d.hi), (Some(l), Some(h)) if h - l <= b.opts.max_width);
                    let idx = b.cache.insert(Cluster {
                        id: b.ids.event,
                        bucket,
                        source,
                        source_key: source_key.clone(),
                        target,
                        target_key: target_key.clone(),
                        root: root.to_string(),
                        cameo: r.cameo.code.clone(),
                        quad: i64::from(r.cameo.quad_class),
                        goldstein: goldstein_value(r.cameo.goldstein),
                        lo: d.lo,
                        hi: d.hi,
                        loc_name: loc_norm.clone(),
                        loc_country: loc_country.clone(),
                        loc_point,
                        flags: d.flags,
                        mentions: 1,
                        own_voice,
                        first_report: published,
                        first_mention: mention_id,
                        mday_lo: d.day,
                        mday_hi: d.day,
                        members: String::new(),
                        claimants: String::new(),
                        is_new: true,
                        dirty: false,
                        wide_change: false,
                        indexed,
                    });
                    b.touched.push(idx);
                    b.report.events_created += 1;
                    idx
                }
            };
            let c = &mut b.cache.clusters[idx];
            c.push_member(mention_id);
            if let Some(cl) = claimant {
                c.add_claimant(cl);
            }
            if let (Some(lo), Some(hi)) = (c.mday_lo, c.mday_hi) {
                b.ids.max_span = b.ids.max_span.max(i64::from(hi) - i64::from(lo));
            }
            let event_id = c.id;
            let start = pending.blobs.len();
            codec::encode(r, &mut pending.blobs);
            pending.rows.push(PendingMention {
                id: mention_id,
                doc: doc_row,
                event: event_id,
                source,
                target,
                day: d.day,
                claimant,
                record: start..pending.blobs.len(),
            });
            sink.mentions(&mut pending, false)?;
            b.report.mentions_added += 1;
        }
    }
    sink.mentions(&mut pending, true)?;
    Ok(())
}

impl Store {
    /// Stores a batch of documents in one transaction: all of it or (on any
    /// error) none of it. Documents already stored, by id or content hash,
    /// are skipped. Mentions are clustered into events as they arrive.
    pub fn ingest(&mut self, docs: &[NewDocument]) -> Result<IngestReport> {
        if self.read_only {
            return Err(self.err(Error::new(ErrorKind::ReadOnly)));
        }
        match self.ingest_tx(docs) {
            Ok(r) => Ok(r),
            Err(e) => {
                // The transaction rolled back; in-memory state may be ahead of it.
                self.invalidate();
                Err(self.err(e))
            }
        }
    }

    fn invalidate(&mut self) {
        self.cache.clear();
        self.norm.clear();
        self.actors = Interner::default();
        self.claimants = Interner::default();
        self.data_version = None;
    }

    fn ingest_tx(&mut self, docs: &[NewDocument]) -> Result<IngestReport> {
        let pipe = match &self.reader {
            Some(reader) if docs.len() >= PIPED_MIN_DOCUMENTS => all_new(reader, docs)?,
            _ => false,
        };
        if pipe {
            if let Some(report) = self.ingest_batch(docs, true)? {
                return Ok(report);
            }
            // A document was stored meanwhile (checked just before): the
            // batch was rolled back, and is redone directly, which skips it.
            self.invalidate();
        }
        match self.ingest_batch(docs, false)? {
            Some(report) => Ok(report),
            None => Err(Error::new(ErrorKind::Sqlite(
                "a batch written directly cannot meet a known document".into(),
            ))),
        }
    }

    /// One transaction for `docs`. With `piped`, a second thread writes the
    /// document and mention rows while this one clusters (events and the
    /// commit stay here); `None` then means a document was already stored
    /// and nothing was written.
    fn ingest_batch(&mut self, docs: &[NewDocument], piped: bool) -> Result<Option<IngestReport>> {
        let Store {
            checkpointer,
            conn,
            reader,
            opts,
            cache,
            actors,
            claimants,
            next,
            data_version,
            norm,
            ..
        } = self;
        if let Some(c) = checkpointer {
            c.settle();
        }
        let guard = TxGuard::begin(conn)?;
        // Another connection may have written since our caches were filled.
        let dv: i64 = guard
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?;
        if *data_version != Some(dv) {
            let tx: &Connection = guard.conn;
            cache.clear();
            norm.clear();
            *actors = load_interner(tx, "actors")?;
            *claimants = load_interner(tx, "claimants")?;
            *next = NextIds {
                doc: max_id(tx, "documents")?,
                mention: max_id(tx, "mentions")?,
                event: max_id(tx, "events")?,
                actor: max_id(tx, "actors")?,
                claimant: max_id(tx, "claimants")?,
                max_span: max_span(tx)?,
            };
            // An empty store: every event there will be is made here.
            cache.set_complete(next.event == 0);
        }
        // The caches run ahead of the database until the commit: should this
        // batch unwind (an error or a panic), the next one reloads them.
        *data_version = None;
        let max_span_before = next.max_span;
        let mut b = Batch {
            opts,
            cache,
            actors,
            claimants,
            norm,
            ids: *next,
            report: IngestReport::default(),
            touched: Vec::new(),
            actor_mentions: FastMap::default(),
        };
        match reader.as_ref().filter(|_| piped) {
            Some(reader) => {
                let writer_conn: &mut Connection = &mut *guard.conn;
                let (clustered, written) = std::thread::scope(|scope| {
                    let (ops, rows) = std::sync::mpsc::sync_channel::<Vec<RowOp<'_>>>(8);
                    let writer = match std::thread::Builder::new()
                        .name("khaldun-writer".into())
                        .spawn_scoped(scope, move || write_rows(writer_conn, rows))
                    {
                        Ok(handle) => handle,
                        Err(e) => return (Ok(()), Err(Error::from(e))),
                    };
                    let mut sink = Piped {
                        ops,
                        bundle: Vec::with_capacity(PIPED_BUNDLE_OPS),
                        reader,
                    };
                    let clustered = cluster_documents(&mut b, &mut sink, docs);
                    drop(sink);
                    let written = writer.join().unwrap_or_else(|_| {
                        Err(Error::new(ErrorKind::Sqlite(
                            "the writer thread panicked".into(),
                        )))
                    });
                    (clustered, written)
                });
                // The writer's own error explains a stop better than ours.
                match written? {
                    WriterEnd::KnownDocument => return Ok(None),
                    WriterEnd::Done => clustered?,
                }
            }
            None => cluster_documents(&mut b, &mut Direct { conn: guard.conn }, docs)?,
        }
        let conn: &Connection = guard.conn;
        {
            // Most merges only change counts and lists; the other columns
            // (three of them indexed) are written only when they changed.
            let mut update_counts = conn.prepare_cached(
                "UPDATE events SET mentions = ?2, own_voice = ?3, first_report = ?4, mday_hi = ?5, \
                 members = ?6, claimants = ?7 WHERE id = ?1",
            )?;
            let mut update_all = conn.prepare_cached(
                "UPDATE events SET mentions = ?2, own_voice = ?3, first_report = ?4, mday_hi = ?5, \
                 members = ?6, claimants = ?7, source = ?8, target = ?9, mday_lo = ?10, day_lo = ?11, \
                 day_hi = ?12, loc_name = ?13, loc_country = ?14, loc_lat = ?15, loc_lon = ?16 WHERE id = ?1",
            )?;
            let mut new_events: Vec<usize> = Vec::new();
            for &idx in &b.touched {
                let c = &b.cache.clusters[idx];
                if c.is_new {
                    new_events.push(idx);
                    continue;
                }
                let claimants = (!c.claimants.is_empty()).then_some(c.claimants.as_str());
                let stmt = if c.wide_change {
                    &mut update_all
                } else {
                    &mut update_counts
                };
                stmt.raw_bind_parameter(1, c.id)?;
                stmt.raw_bind_parameter(2, c.mentions)?;
                stmt.raw_bind_parameter(3, c.own_voice)?;
                stmt.raw_bind_parameter(4, c.first_report)?;
                stmt.raw_bind_parameter(5, c.mday_hi)?;
                stmt.raw_bind_parameter(6, c.members.as_str())?;
                stmt.raw_bind_parameter(7, claimants)?;
                if c.wide_change {
                    stmt.raw_bind_parameter(8, c.source)?;
                    stmt.raw_bind_parameter(9, c.target)?;
                    stmt.raw_bind_parameter(10, c.mday_lo)?;
                    stmt.raw_bind_parameter(11, c.lo)?;
                    stmt.raw_bind_parameter(12, c.hi)?;
                    stmt.raw_bind_parameter(13, c.loc_name.as_deref())?;
                    stmt.raw_bind_parameter(14, c.loc_country.as_deref())?;
                    stmt.raw_bind_parameter(15, c.loc_point.map(|p| p.0))?;
                    stmt.raw_bind_parameter(16, c.loc_point.map(|p| p.1))?;
                }
                stmt.raw_execute()?;
            }
            insert_events(conn, b.cache, &new_events)?;
            let mut update_actor =
                conn.prepare_cached("UPDATE actors SET mentions = mentions + ?2 WHERE id = ?1")?;
            for (id, n) in &b.actor_mentions {
                update_actor.execute(params![id, n])?;
            }
            if b.ids.max_span > max_span_before {
                conn.execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES ('max_mday_span', ?1)",
                    [b.ids.max_span],
                )?;
            }
        }
        guard.commit()?;
        if let Some(c) = checkpointer {
            c.nudge();
        }
        for &idx in &b.touched {
            let c = &mut b.cache.clusters[idx];
            c.is_new = false;
            c.dirty = false;
            c.wide_change = false;
        }
        *next = b.ids;
        // Our own commits do not change data_version, and nobody else could
        // commit while we held the write lock: `dv` stays current until
        // another connection writes.
        *data_version = Some(dv);
        Ok(Some(b.report))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::{self, SynthOptions};

    /// A synthetic corpus over 400 days where two reports in three give a
    /// range of up to four weeks after or before the event's day, so that
    /// events start windows before or after mentions that can join them.
    fn spread_corpus() -> Vec<NewDocument> {
        let opts = SynthOptions {
            seed: 5,
            documents: 240,
            mentions_per_doc: 4,
            events: 300,
            days: 400,
            first_day: 0,
        };
        let mut docs = synth::documents(&opts, 0..opts.documents);
        let records = docs.iter_mut().flat_map(|d| d.records.iter_mut());
        for (i, r) in records.enumerate() {
            let date = r.date.as_mut().unwrap();
            let day = parse_day(date.start.as_deref().unwrap()).unwrap();
            match i % 3 {
                0 => date.end = Some(crate::format_day(day + (i % 17) as i32)),
                1 => date.start = Some(crate::format_day(day - (i % 29) as i32)),
                _ => {}
            }
        }
        docs
    }

    /// Stored events are read back by window: a store reopened before every
    /// batch clusters exactly as one handle that never read anything back.
    #[test]
    fn windowed_reads_after_reopening_find_every_event_a_mention_can_join() {
        let docs = spread_corpus();
        let dedup = DedupOptions {
            slack_days: 2,
            ..DedupOptions::default()
        };
        let mut once = Store::open_in_memory().unwrap();
        once.set_dedup_options(dedup.clone());
        once.ingest(&docs).unwrap();
        // Batches of 10 are written directly; batches of 80 by the writer
        // thread, with events read through the second connection.
        for batch in [10, 80] {
            assert_eq!(batch >= PIPED_MIN_DOCUMENTS, batch == 80);
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("s.db");
            for chunk in docs.chunks(batch) {
                let mut store = Store::open(&path).unwrap();
                store.set_dedup_options(dedup.clone());
                store.ingest(chunk).unwrap();
            }
            let store = Store::open(&path).unwrap();
            assert_eq!(store.clustering().unwrap(), once.clustering().unwrap());
        }
        // Not a trivial agreement: many events have several mentions.
        let s = once.stats().unwrap();
        assert!(s.events * 3 < s.mentions * 2, "{s:?}");
    }

    /// Regression: a reopened store read every stored event of each bucket
    /// a batch touched (on 10 million mentions, 22 s for the first batch);
    /// one document now reads only the windows around its dates.
    #[test]
    fn a_reopened_store_reads_only_the_windows_a_batch_needs() {
        let docs = spread_corpus();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        Store::open(&path).unwrap().ingest(&docs[1..]).unwrap();
        let mut store = Store::open(&path).unwrap();
        let events = store.stats().unwrap().events as usize;
        store.ingest(&docs[..1]).unwrap();
        let read = store.cache.clusters.len();
        assert!(
            read > 0 && read * 8 < events,
            "{read} of {events} events read"
        );
    }

    /// Another process may store one of a batch's documents between the
    /// `all_new` check and the write lock: the writer thread's multi-row
    /// insert then meets the unique index, writes nothing, and the batch is
    /// redone directly, skipping that document. The stored document sits in
    /// a full statement of rows (50) or in the one-row remainder (99).
    #[test]
    fn a_piped_batch_meeting_a_stored_document_writes_nothing_and_is_redone() {
        let docs = synth::documents(&SynthOptions::default(), 0..100);
        assert!(docs.len() >= PIPED_MIN_DOCUMENTS && !docs.len().is_multiple_of(DOCUMENT_ROWS));
        for stored in [50, 99] {
            let dir = tempfile::tempdir().unwrap();
            let mut store = Store::open(dir.path().join("s.db")).unwrap();
            store.ingest(&docs[stored..=stored]).unwrap();
            let before = store.stats().unwrap();
            // Straight to the writer thread, as if `all_new` had passed.
            assert!(store.ingest_batch(&docs, true).unwrap().is_none());
            store.invalidate();
            assert_eq!(store.stats().unwrap(), before);
            let r = store.ingest(&docs).unwrap();
            assert_eq!((r.documents_added, r.documents_skipped), (99, 1));
            let after = store.stats().unwrap();
            assert_eq!(after.documents, 100);
            assert_eq!(after.mentions, after.event_mentions);
            assert_eq!(after.mentions, after.document_mentions);
        }
    }
}

#[cfg(test)]
mod goldstein_tests {
    use super::*;
    use crate::synth::{self, SynthOptions};
    use crate::{NetworkOptions, Period};

    /// Regression: Goldstein values were stored widened from `f32`, so a
    /// network or timeline mean of 1.9 printed as 1.899999976158142.
    #[test]
    fn goldstein_sums_and_means_come_out_as_written() {
        let mut docs = synth::documents(&SynthOptions::default(), 0..1);
        let mut first = docs[0].records[0].clone();
        first.cameo.goldstein = 1.9;
        // The same dyad a year later: a second event.
        let mut second = first.clone();
        second.cameo.goldstein = 3.4;
        let date = second.date.as_mut().unwrap();
        let later = crate::format_day(parse_day(date.start.as_deref().unwrap()).unwrap() + 365);
        (date.start, date.end) = (Some(later.clone()), Some(later));
        docs[0].records = vec![first.clone(), second];
        let mut store = Store::open_in_memory().unwrap();
        store.ingest(&docs).unwrap();
        let net = store.network(&NetworkOptions::default()).unwrap();
        let edge = &net.edges[0];
        assert_eq!(edge.events, 2);
        assert_eq!(edge.goldstein_sum.to_string(), "5.3");
        assert_eq!(edge.goldstein_mean.to_string(), "2.65");
        let code = first.source.code.unwrap();
        let timeline = store.timeline(&code, Period::Month, None, None).unwrap();
        let means: Vec<String> = timeline
            .iter()
            .filter_map(|row| row.goldstein_mean.map(|m| m.to_string()))
            .collect();
        assert!(means.contains(&"1.9".to_string()), "{means:?}");
    }
}

#[cfg(test)]
mod option_tests {
    use super::*;
    use crate::synth::{self, SynthOptions};

    /// Regression: negative day counts (which the CLI now refuses) reached
    /// the candidate search as an inverted range, and `BTreeMap::range`
    /// panicked; they are read as 0.
    #[test]
    fn negative_dedup_options_are_read_as_zero() {
        let docs = synth::documents(&SynthOptions::default(), 0..80);
        let mut zero = Store::open_in_memory().unwrap();
        zero.set_dedup_options(DedupOptions {
            slack_days: 0,
            undated_window: 0,
            max_width: 0,
        });
        zero.ingest(&docs).unwrap();
        let mut negative = Store::open_in_memory().unwrap();
        negative.set_dedup_options(DedupOptions {
            slack_days: -40,
            undated_window: -3,
            max_width: -1,
        });
        negative.ingest(&docs).unwrap();
        assert_eq!(negative.dedup_options(), zero.dedup_options());
        assert_eq!(negative.clustering().unwrap(), zero.clustering().unwrap());
    }
}
