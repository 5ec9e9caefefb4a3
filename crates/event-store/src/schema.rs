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

/// Migration `i` takes the schema from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[V1, V2];

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
