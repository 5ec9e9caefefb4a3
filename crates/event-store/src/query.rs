//! Queries over mentions, and the row streams behind the exports.

use std::collections::HashMap;

use event_export::{EventRecord, EventRow, MentionRow};
use rusqlite::types::Value;
use rusqlite::Connection;

use crate::dedup::{normalize_code, normalize_words, FLAG_HISTORICAL};
use crate::error::{Error, ErrorKind, Result};
use crate::{format_day, parse_day, Store};

/// Filters on mentions; all given filters must hold.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    /// Actor code prefix, matched against source or target (`IRQ`, `IRQGOV`).
    pub actor: Option<String>,
    /// Source actor code prefix.
    pub source: Option<String>,
    /// Target actor code prefix.
    pub target: Option<String>,
    /// CAMEO code prefix: a root (`19`), a base code (`190`) or a full code.
    pub cameo: Option<String>,
    /// PLOVER event type (`ASSAULT`), case-insensitive.
    pub plover: Option<String>,
    pub quad_class: Option<u8>,
    /// First day (`YYYY-MM-DD`) of the event date (its start), inclusive.
    pub from: Option<String>,
    /// Last day, inclusive.
    pub to: Option<String>,
    /// A country code (exact) or place name (case-insensitive substring).
    pub location: Option<String>,
    /// A claimant's code prefix or words (case-insensitive substring).
    pub claimant: Option<String>,
    /// Only mentions in the outlet's own voice (no claimant).
    pub own_voice: bool,
    /// `Some(true)`: only historical events; `Some(false)`: only current ones.
    pub historical: Option<bool>,
    /// At most this many hits (in mention order).
    pub limit: Option<u64>,
}

/// One mention that matched a query.
#[derive(Clone, Debug, PartialEq)]
pub struct QueryHit {
    pub mention: i64,
    /// The event (cluster) the mention belongs to.
    pub event: i64,
    /// Mentions of that event.
    pub event_mentions: u32,
    pub record: EventRecord,
}

fn bad(msg: String) -> Error {
    Error::new(ErrorKind::BadRecord(msg))
}

/// The WHERE clause (over `mentions m`) and its parameters.
fn where_clause(q: &Query) -> Result<(String, Vec<Value>)> {
    let mut conds: Vec<String> = Vec::new();
    let mut params: Vec<Value> = Vec::new();
    let p = |v: Value, params: &mut Vec<Value>| {
        params.push(v);
        format!("?{}", params.len())
    };
    let actor_set = |prefix: &str, params: &mut Vec<Value>| {
        let code = normalize_code(prefix);
        params.push(Value::Text(code));
        let n = params.len();
        format!("(SELECT id FROM actors WHERE key >= ?{n} AND key < ?{n} || char(127))")
    };
    if let Some(a) = &q.actor {
        let set = actor_set(a, &mut params);
        conds.push(format!("(m.source IN {set} OR m.target IN {set})"));
    }
    if let Some(a) = &q.source {
        let set = actor_set(a, &mut params);
        conds.push(format!("m.source IN {set}"));
    }
    if let Some(a) = &q.target {
        let set = actor_set(a, &mut params);
        conds.push(format!("m.target IN {set}"));
    }
    if let Some(c) = &q.cameo {
        if !(2..=4).contains(&c.len()) || !c.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad(format!("CAMEO code {c:?} is not 2 to 4 digits")));
        }
        if c.len() == 2 {
            let x = p(Value::Text(c.clone()), &mut params);
            conds.push(format!("m.root = {x}"));
        } else {
            let x = p(Value::Text(c.clone()), &mut params);
            conds.push(format!("m.cameo >= {x} AND m.cameo < {x} || char(127)"));
        }
    }
    if let Some(t) = &q.plover {
        let x = p(Value::Text(t.to_ascii_uppercase()), &mut params);
        conds.push(format!("m.plover = {x}"));
    }
    if let Some(qc) = q.quad_class {
        let x = p(Value::Integer(i64::from(qc)), &mut params);
        conds.push(format!("m.quad = {x}"));
    }
    for (date, op) in [(&q.from, ">="), (&q.to, "<=")] {
        if let Some(d) = date {
            let day = parse_day(d).ok_or_else(|| bad(format!("date {d:?} is not YYYY-MM-DD")))?;
            let x = p(Value::Integer(i64::from(day)), &mut params);
            conds.push(format!("m.day {op} {x}"));
        }
    }
    if let Some(l) = &q.location {
        let c = p(Value::Text(normalize_code(l)), &mut params);
        let n = p(Value::Text(format!("%{}%", l.trim())), &mut params);
        conds.push(format!("(m.loc_country = {c} OR m.loc_name LIKE {n})"));
    }
    if let Some(c) = &q.claimant {
        let code = p(Value::Text(normalize_code(c)), &mut params);
        let words = p(
            Value::Text(format!("%{}%", normalize_words(c))),
            &mut params,
        );
        conds.push(format!(
            "m.claimant IN (SELECT id FROM claimants WHERE (length({code}) > 0 AND key >= {code} AND key < {code} || char(127)) \
             OR key LIKE '~' || {words} OR name LIKE {words})"
        ));
    }
    if q.own_voice {
        conds.push("m.claimant IS NULL".into());
    }
    match q.historical {
        Some(true) => conds.push(format!("(m.flags & {FLAG_HISTORICAL}) != 0")),
        Some(false) => conds.push(format!("(m.flags & {FLAG_HISTORICAL}) = 0")),
        None => {}
    }
    let clause = if conds.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conds.join(" AND "))
    };
    Ok((clause, params))
}

fn hits_sql(q: &Query) -> Result<(String, Vec<Value>)> {
    let (clause, params) = where_clause(q)?;
    let limit = q.limit.map(|n| format!(" LIMIT {n}")).unwrap_or_default();
    Ok((
        format!(
            "SELECT m.id, m.event, e.mentions, r.json FROM mentions m \
             JOIN records r ON r.id = m.id JOIN events e ON e.id = m.event {clause} ORDER BY m.id{limit}"
        ),
        params,
    ))
}

fn parse_record(json: &str, mention: i64) -> rusqlite::Result<EventRecord> {
    serde_json::from_str(json).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(
            3,
            rusqlite::types::Type::Text,
            format!("mention {mention}: stored record is not valid: {e}").into(),
        )
    })
}

fn for_each_hit(
    conn: &Connection,
    q: &Query,
    mut f: impl FnMut(QueryHit) -> Result<()>,
) -> Result<()> {
    let (sql, params) = hits_sql(q)?;
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(rusqlite::params_from_iter(params))?;
    while let Some(row) = rows.next()? {
        let mention: i64 = row.get(0)?;
        let json: String = row.get(3)?;
        f(QueryHit {
            mention,
            event: row.get(1)?,
            event_mentions: row.get::<_, i64>(2)? as u32,
            record: parse_record(&json, mention)?,
        })?;
    }
    Ok(())
}

pub(crate) fn run(conn: &Connection, q: &Query) -> Result<Vec<QueryHit>> {
    let mut out = Vec::new();
    for_each_hit(conn, q, |h| {
        out.push(h);
        Ok(())
    })?;
    Ok(out)
}

impl Store {
    /// The mentions matching `q`, in ingest order, read in one snapshot.
    pub fn query(&self, q: &Query) -> Result<Vec<QueryHit>> {
        self.snapshot()?.query(q)
    }

    /// SQLite's plan for `q` (`EXPLAIN QUERY PLAN`), one line per step.
    pub fn explain_query(&self, q: &Query) -> Result<Vec<String>> {
        let (sql, params) = hits_sql(q)?;
        let mut stmt = self
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(params), |r| {
                r.get::<_, String>(3)
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    /// Streams the mentions matching `q` (no limit: all of them) for the
    /// mention-level exports, in one snapshot.
    pub fn for_each_mention(
        &self,
        q: &Query,
        mut f: impl FnMut(&MentionRow) -> std::io::Result<()>,
    ) -> Result<()> {
        let snap = self.snapshot()?;
        for_each_hit(snap.conn(), q, |h| {
            let row = MentionRow {
                event: h.event,
                event_mentions: h.event_mentions,
                record: h.record,
            };
            f(&row).map_err(Error::from)
        })
        .map_err(|e| self.err(e))
    }

    /// Streams the events (clusters) whose date starts within `from..=to`
    /// (`YYYY-MM-DD`, both optional), in event id order, with the provenance
    /// of all their mentions; for the event-level exports (GDELT, Phoenix).
    pub fn for_each_event(
        &self,
        from: Option<&str>,
        to: Option<&str>,
        mut f: impl FnMut(&EventRow) -> std::io::Result<()>,
    ) -> Result<()> {
        let snap = self.snapshot()?;
        let conn = snap.conn();
        let mut inner = || -> Result<()> {
            let day = |d: Option<&str>| -> Result<Option<i32>> {
                d.map(|d| parse_day(d).ok_or_else(|| bad(format!("date {d:?} is not YYYY-MM-DD"))))
                    .transpose()
            };
            let (from, to) = (day(from)?, day(to)?);
            // Documents: row id -> (doc_id, outlet, url).
            let mut docs: HashMap<i64, (String, Option<String>, Option<String>)> = HashMap::new();
            {
                let mut stmt = conn.prepare("SELECT id, doc_id, outlet, url FROM documents")?;
                let mut rows = stmt.query([])?;
                while let Some(r) = rows.next()? {
                    docs.insert(r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?));
                }
            }
            let mut claimant_names: HashMap<i64, String> = HashMap::new();
            {
                let mut stmt = conn.prepare("SELECT id, coalesce(code, name) FROM claimants")?;
                let mut rows = stmt.query([])?;
                while let Some(r) = rows.next()? {
                    claimant_names.insert(r.get(0)?, r.get(1)?);
                }
            }
            // Event -> (documents in order, claimants).
            let mut prov: HashMap<i64, (Vec<i64>, Vec<i64>)> = HashMap::new();
            {
                let mut stmt =
                    conn.prepare("SELECT event, doc, claimant FROM mentions ORDER BY id")?;
                let mut rows = stmt.query([])?;
                while let Some(r) = rows.next()? {
                    let (docs_of, claimants_of) = prov.entry(r.get(0)?).or_default();
                    let d: i64 = r.get(1)?;
                    if !docs_of.contains(&d) {
                        docs_of.push(d);
                    }
                    if let Some(c) = r.get::<_, Option<i64>>(2)? {
                        if !claimants_of.contains(&c) {
                            claimants_of.push(c);
                        }
                    }
                }
            }
            let mut stmt = conn.prepare(
                "SELECT e.id, e.day_lo, e.mentions, e.first_report, r.json FROM events e \
                 JOIN records r ON r.id = e.first_mention \
                 WHERE (?1 IS NULL OR e.day_lo >= ?1) AND (?2 IS NULL OR e.day_lo <= ?2) ORDER BY e.id",
            )?;
            let mut rows = stmt.query(rusqlite::params![from, to])?;
            while let Some(r) = rows.next()? {
                let id: i64 = r.get(0)?;
                let json: String = r.get(4)?;
                let record = parse_record(&json, id)?;
                let (doc_rows, claimant_ids) = prov.remove(&id).unwrap_or_default();
                let mut articles = Vec::new();
                let mut sources: Vec<String> = Vec::new();
                let mut urls: Vec<String> = Vec::new();
                for d in doc_rows {
                    if let Some((doc_id, outlet, url)) = docs.get(&d) {
                        articles.push(doc_id.clone());
                        if let Some(o) = outlet {
                            if !sources.contains(o) {
                                sources.push(o.clone());
                            }
                        }
                        if let Some(u) = url {
                            if !urls.contains(u) {
                                urls.push(u.clone());
                            }
                        }
                    }
                }
                let row = EventRow {
                    event: id,
                    date: r.get::<_, Option<i32>>(1)?.map(format_day),
                    mentions: r.get::<_, i64>(2)? as u32,
                    first_report: r.get::<_, Option<i32>>(3)?.map(format_day),
                    record,
                    articles,
                    sources,
                    urls,
                    claimants: claimant_ids
                        .iter()
                        .filter_map(|c| claimant_names.get(c).cloned())
                        .collect(),
                };
                f(&row)?;
            }
            Ok(())
        };
        inner().map_err(|e| self.err(e))
    }

    /// `(event_id of the record, event cluster id)` for every mention, in
    /// ingest order: the clustering, for evaluation.
    pub fn clustering(&self) -> Result<Vec<(String, i64)>> {
        let snap = self.snapshot()?;
        let mut stmt = snap
            .conn()
            .prepare(
                "SELECT json_extract(r.json, '$.event_id'), m.event FROM mentions m \
                 JOIN records r ON r.id = m.id ORDER BY m.id",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }
}
