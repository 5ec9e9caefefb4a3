//! The database schema and its migrations.
//!
//! The schema version lives in `PRAGMA user_version`; `PRAGMA application_id`
//! marks the file as a khaldun store. Each entry of [`MIGRATIONS`] upgrades
//! from version `i` to `i + 1` and runs in one transaction with the version
//! bump, so an interrupted upgrade leaves the old version intact.

use rusqlite::Connection;

use crate::error::{Error, ErrorKind, Result};

/// `PRAGMA application_id` of a khaldun store ("KHLD").
pub const APPLICATION_ID: i32 = 0x4b48_4c44;

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Days are stored as integers: days since 1970-01-01. Dates of a mention:
/// `day`..=`day_end` is the interval its text allows (the publication date
/// stands in when the text gives none; see `FLAG_DATE_FROM_PUBLISHED`).
const V1: &str = r#"
CREATE TABLE documents (
    id          INTEGER PRIMARY KEY,
    doc_id      TEXT NOT NULL UNIQUE,
    -- 128-bit hash (hex) of the text, or of the coded records when only those were given.
    hash        TEXT NOT NULL UNIQUE,
    url         TEXT,
    outlet      TEXT,
    published   INTEGER,
    title       TEXT,
    mentions    INTEGER NOT NULL
);
CREATE TABLE actors (
    id          INTEGER PRIMARY KEY,
    -- normalized code, or '~' + normalized words for an uncoded actor
    key         TEXT NOT NULL UNIQUE,
    code        TEXT,
    name        TEXT NOT NULL,
    mentions    INTEGER NOT NULL
);
CREATE TABLE claimants (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE,
    code        TEXT,
    name        TEXT NOT NULL
);
CREATE TABLE events (
    id           INTEGER PRIMARY KEY,
    bucket       INTEGER NOT NULL,
    source       INTEGER NOT NULL,
    target       INTEGER,
    root         TEXT NOT NULL,
    cameo        TEXT NOT NULL,
    quad         INTEGER NOT NULL,
    goldstein    REAL NOT NULL,
    day_lo       INTEGER,
    day_hi       INTEGER,
    loc_name     TEXT,
    loc_country  TEXT,
    flags        INTEGER NOT NULL,
    mentions     INTEGER NOT NULL,
    own_voice    INTEGER NOT NULL,
    first_report INTEGER,
    first_mention INTEGER NOT NULL
);
CREATE INDEX events_bucket ON events(bucket);
CREATE INDEX events_source_day ON events(source, day_lo);
CREATE INDEX events_target_day ON events(target, day_lo);
CREATE INDEX events_day ON events(day_lo);
CREATE TABLE mentions (
    id          INTEGER PRIMARY KEY,
    doc         INTEGER NOT NULL,
    event       INTEGER NOT NULL,
    source      INTEGER NOT NULL,
    target      INTEGER,
    cameo       TEXT NOT NULL,
    root        TEXT NOT NULL,
    quad        INTEGER NOT NULL,
    goldstein   REAL NOT NULL,
    plover      TEXT,
    day         INTEGER,
    day_end     INTEGER,
    flags       INTEGER NOT NULL,
    loc_name    TEXT,
    loc_country TEXT,
    claimant    INTEGER
);
CREATE INDEX mentions_source_day ON mentions(source, day);
CREATE INDEX mentions_target_day ON mentions(target, day);
CREATE INDEX mentions_day ON mentions(day);
CREATE INDEX mentions_claimant ON mentions(claimant, event) WHERE claimant IS NOT NULL;
-- The full record as ingested (JSON), kept apart so that scans of `mentions` stay small.
CREATE TABLE records (
    id          INTEGER PRIMARY KEY,
    json        TEXT NOT NULL
);
"#;

/// Version 2: the coordinates of an event's place, so that a city and a
/// vaguer place in the same country (no coordinates) can be told apart.
const V2: &str = r#"
ALTER TABLE events ADD COLUMN loc_lat REAL;
ALTER TABLE events ADD COLUMN loc_lon REAL;
"#;

/// Version 3, for speed at tens of millions of mentions:
/// - a mention row holds its record (compact binary, see `codec`; records
///   carried over from v2 stay JSON text) and only the columns that locate
///   it: no secondary index on `mentions` at all, so ingest only appends;
/// - an event lists its mentions (`members`, ids in order, comma-separated)
///   and its distinct claimants (`claimants`, likewise), and knows the range
///   of its mentions' days (`mday_lo`..`mday_hi`); queries by actor and date
///   find events through `events_source_mday`/`events_target_mday` and reach
///   the mentions through `members` (a mention's actor code is always a
///   prefix of its event's, see `dedup`);
/// - `meta` holds `max_mday_span`, the widest `mday_hi - mday_lo` of any
///   event, which bounds the index range of a date query.
const V3: &str = r#"
CREATE TABLE meta (
    key         TEXT PRIMARY KEY,
    value       INTEGER NOT NULL
) WITHOUT ROWID;
ALTER TABLE events ADD COLUMN mday_lo INTEGER;
ALTER TABLE events ADD COLUMN mday_hi INTEGER;
ALTER TABLE events ADD COLUMN members TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN claimants TEXT;
CREATE INDEX tmp_mentions_event ON mentions(event, id);
UPDATE events SET
    mday_lo = (SELECT min(day) FROM mentions WHERE event = events.id),
    mday_hi = (SELECT max(day) FROM mentions WHERE event = events.id),
    members = coalesce((SELECT group_concat(id, ',' ORDER BY id) FROM mentions WHERE event = events.id), ''),
    claimants = (SELECT group_concat(claimant, ',' ORDER BY first) FROM
        (SELECT claimant, min(id) AS first FROM mentions WHERE event = events.id AND claimant IS NOT NULL GROUP BY claimant));
INSERT INTO meta (key, value) SELECT 'max_mday_span', coalesce(max(mday_hi - mday_lo), 0) FROM events;
CREATE TABLE mentions_v3 (
    id          INTEGER PRIMARY KEY,
    doc         INTEGER NOT NULL,
    event       INTEGER NOT NULL,
    source      INTEGER NOT NULL,
    target      INTEGER,
    day         INTEGER,
    claimant    INTEGER,
    record      BLOB NOT NULL
);
INSERT INTO mentions_v3 (id, doc, event, source, target, day, claimant, record)
    SELECT m.id, m.doc, m.event, m.source, m.target, m.day, m.claimant, r.json
    FROM mentions m JOIN records r ON r.id = m.id ORDER BY m.id;
DROP TABLE mentions;
DROP TABLE records;
ALTER TABLE mentions_v3 RENAME TO mentions;
DROP INDEX events_source_day;
DROP INDEX events_target_day;
DROP INDEX events_day;
CREATE INDEX events_source_mday ON events(source, mday_lo);
CREATE INDEX events_target_mday ON events(target, mday_lo);
"#;

/// Version 4: date-only queries (no actor filter) find events through
/// `events_mday` instead of scanning every mention.
const V4: &str = r#"
CREATE INDEX events_mday ON events(mday_lo);
"#;

/// Version 5: stored events are read back for deduplication by bucket and
/// by window of their first day (see `dedup::ClusterCache::to_load`), not
/// a whole bucket at a time: on a store of millions of events, one batch
/// read nearly all of them, though it could join only a few.
const V5: &str = r#"
DROP INDEX events_bucket;
CREATE INDEX events_bucket_lo ON events(bucket, day_lo);
"#;

/// Migration `i` takes the schema from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, V5];

/// Brings the database to [`SCHEMA_VERSION`], or refuses a newer one.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let app: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if version > SCHEMA_VERSION {
        return Err(Error::new(ErrorKind::SchemaTooNew {
            found: version,
            supported: SCHEMA_VERSION,
        }));
    }
    if version == 0 {
        let tables: i64 = conn.query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table'",
            [],
            |r| r.get(0),
        )?;
        if tables > 0 && app != APPLICATION_ID {
            return Err(Error::new(ErrorKind::NotAStore));
        }
    } else if app != APPLICATION_ID {
        return Err(Error::new(ErrorKind::NotAStore));
    }
    for (from, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // Re-check under the write lock: another process may have migrated meanwhile.
        let now: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if now > from as i64 {
            tx.commit()?;
            continue;
        }
        tx.execute_batch(sql)?;
        tx.execute_batch(&format!(
            "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {};",
            from + 1
        ))?;
        tx.commit()?;
    }
    Ok(())
}

/// The schema version of an open database without changing it.
pub fn version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::{self, SynthOptions};
    use crate::{NetworkOptions, Query, Store};

    /// A version-2 store written the way khaldun 0.x wrote it (SQL only),
    /// holding the first `n` synthetic documents, one event per mention.
    fn v2_store(n: usize) -> (Connection, Vec<crate::NewDocument>) {
        let mut conn = Connection::open_in_memory().unwrap();
        for (i, sql) in MIGRATIONS[..2].iter().enumerate() {
            conn.execute_batch(sql).unwrap();
            conn.execute_batch(&format!(
                "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {};",
                i + 1
            ))
            .unwrap();
        }
        let docs = synth::documents(&SynthOptions::default(), 0..n);
        let tx = conn.transaction().unwrap();
        let mut actor_ids: std::collections::HashMap<String, i64> = Default::default();
        let mut mention = 0i64;
        for (d, doc) in docs.iter().enumerate() {
            tx.execute(
                "INSERT INTO documents (id, doc_id, hash, mentions) VALUES (?1, ?2, ?3, ?4)",
                rusqlite::params![
                    d as i64 + 1,
                    doc.doc_id,
                    crate::document::stored_hash(doc.hash),
                    doc.records.len() as i64
                ],
            )
            .unwrap();
            for r in &doc.records {
                mention += 1;
                let mut actor = |code: &str| -> i64 {
                    let n = actor_ids.len() as i64 + 1;
                    *actor_ids.entry(code.to_string()).or_insert_with(|| {
                        tx.execute(
                            "INSERT INTO actors (id, key, code, name, mentions) VALUES (?1, ?2, ?2, ?2, 0)",
                            rusqlite::params![n, code],
                        )
                        .unwrap();
                        n
                    })
                };
                let (scode, tcode) = (
                    r.source.code.as_deref().unwrap(),
                    r.target.as_ref().unwrap().code.as_deref().unwrap(),
                );
                let bucket = crate::dedup::bucket(scode, Some(tcode), 0);
                let source = actor(scode);
                let target = actor(tcode);
                let day = crate::parse_day(r.date.as_ref().unwrap().start.as_deref().unwrap());
                let claimant = r
                    .attribution
                    .as_ref()
                    .unwrap()
                    .asserted_by
                    .as_ref()
                    .map(|s| {
                        tx.execute(
                            "INSERT OR IGNORE INTO claimants (key, code, name) VALUES (?1, ?1, ?2)",
                            rusqlite::params![s.code, s.text],
                        )
                        .unwrap();
                        tx.query_row("SELECT id FROM claimants WHERE key = ?1", [&s.code], |r| {
                            r.get::<_, i64>(0)
                        })
                        .unwrap()
                    });
                tx.execute(
                    "INSERT INTO events (id, bucket, source, target, root, cameo, quad, goldstein, day_lo, day_hi, \
                     flags, mentions, own_voice, first_mention) VALUES (?1, ?10, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, 0, 1, ?9, ?1)",
                    rusqlite::params![mention, source, target, r.cameo.root, r.cameo.code, r.cameo.quad_class,
                        f64::from(r.cameo.goldstein), day, i64::from(claimant.is_none()), bucket],
                )
                .unwrap();
                tx.execute(
                    "INSERT INTO mentions (id, doc, event, source, target, cameo, root, quad, goldstein, day, day_end, \
                     flags, claimant) VALUES (?1, ?2, ?1, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, 0, ?10)",
                    rusqlite::params![mention, d as i64 + 1, source, target, r.cameo.code, r.cameo.root,
                        r.cameo.quad_class, f64::from(r.cameo.goldstein), day, claimant],
                )
                .unwrap();
                tx.execute(
                    "INSERT INTO records (id, json) VALUES (?1, ?2)",
                    rusqlite::params![mention, serde_json::to_string(r).unwrap()],
                )
                .unwrap();
            }
        }
        tx.commit().unwrap();
        (conn, docs)
    }

    #[test]
    fn a_v2_store_migrates_and_keeps_its_records_events_and_claimants() {
        let (mut conn, docs) = v2_store(30);
        migrate(&mut conn).unwrap();
        assert_eq!(version(&conn).unwrap(), SCHEMA_VERSION);
        let store = Store::with_conn(conn, None, false);
        let all: Vec<_> = docs.iter().flat_map(|d| d.records.clone()).collect();
        // Every record reads back from its JSON text, in order.
        let hits = store.query(&Query::default()).unwrap();
        assert_eq!(hits.len(), all.len());
        for (h, r) in hits.iter().zip(&all) {
            assert_eq!(&h.record, r);
        }
        // Queries through the events' new index find the same mentions.
        let q = Query {
            actor: Some(all[0].source.code.clone().unwrap()),
            from: all[0].date.as_ref().unwrap().start.clone(),
            to: all[0].date.as_ref().unwrap().start.clone(),
            ..Query::default()
        };
        let got = store.query(&q).unwrap();
        assert!(got.iter().any(|h| h.record == all[0]));
        assert!(store
            .explain_query(&q)
            .unwrap()
            .join("\n")
            .contains("events_source_mday"));
        // Claimants moved onto the events.
        let claimed = all
            .iter()
            .filter(|r| r.attribution.as_ref().unwrap().asserted_by.is_some())
            .count() as u64;
        let net = store.network(&NetworkOptions::default()).unwrap();
        let with_claimant: u64 = net
            .edges
            .iter()
            .filter(|e| !e.claimants.is_empty())
            .map(|e| e.events)
            .sum();
        assert!(
            with_claimant >= 1 && with_claimant <= claimed,
            "{with_claimant} {claimed}"
        );
        let s = store.stats().unwrap();
        assert_eq!(
            (s.mentions, s.event_mentions),
            (all.len() as u64, all.len() as u64)
        );
    }

    #[test]
    fn ingest_after_migration_extends_migrated_events() {
        let (mut conn, docs) = v2_store(10);
        migrate(&mut conn).unwrap();
        let mut store = Store::with_conn(conn, None, false);
        // The same documents under new ids and hashes: every mention joins
        // the migrated event it repeats.
        let again: Vec<_> = docs
            .iter()
            .map(|d| crate::NewDocument {
                doc_id: format!("{}-again", d.doc_id),
                hash: d.hash ^ 1,
                ..d.clone()
            })
            .collect();
        let before = store.stats().unwrap();
        let r = store.ingest(&again).unwrap();
        assert_eq!(r.events_created, 0);
        let after = store.stats().unwrap();
        assert_eq!(after.events, before.events);
        assert_eq!(after.event_mentions, 2 * before.event_mentions);
        let first = store
            .query(&Query {
                actor: docs[0].records[0].source.code.clone(),
                ..Query::default()
            })
            .unwrap();
        assert!(first.iter().any(|h| h.event_mentions == 2));
    }
}
