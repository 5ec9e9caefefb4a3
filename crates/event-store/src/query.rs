//! Queries over mentions, and the row streams behind the exports.

use std::collections::HashMap;

use event_export::{EventRecord, EventRow, MentionRow};
use rusqlite::types::Value;
use rusqlite::Connection;

use crate::codec;
use crate::dedup::{id_list, normalize_code, normalize_words, FastSet};
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

/// Ids of the actors whose key starts with a code prefix.
const ACTOR_SET: &str = "SELECT id FROM actors WHERE key >= ?1 AND key < ?1 || char(127)";

/// Ids of the actors matching a code prefix.
fn actor_ids(conn: &Connection, prefix: &str) -> Result<FastSet<i64>> {
    let mut stmt = conn.prepare_cached(ACTOR_SET)?;
    let mut rows = stmt.query([normalize_code(prefix)])?;
    let mut out = FastSet::default();
    while let Some(r) = rows.next()? {
        out.insert(r.get(0)?);
    }
    Ok(out)
}

/// A query resolved against the store: id sets and parsed values.
struct Filter {
    actor: Option<FastSet<i64>>,
    source: Option<FastSet<i64>>,
    target: Option<FastSet<i64>>,
    from: Option<i32>,
    to: Option<i32>,
    claimant: Option<FastSet<i64>>,
    own_voice: bool,
    /// A two-digit root, or a longer code prefix.
    cameo: Option<String>,
    plover: Option<String>,
    quad: Option<u8>,
    /// (normalized country code, lower-case name fragment)
    location: Option<(String, String)>,
    historical: Option<bool>,
}

impl Filter {
    fn new(conn: &Connection, q: &Query) -> Result<Filter> {
        if let Some(c) = &q.cameo {
            if !(2..=4).contains(&c.len()) || !c.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad(format!("CAMEO code {c:?} is not 2 to 4 digits")));
            }
        }
        let day = |d: &Option<String>| -> Result<Option<i32>> {
            d.as_deref()
                .map(|d| parse_day(d).ok_or_else(|| bad(format!("date {d:?} is not YYYY-MM-DD"))))
                .transpose()
        };
        let set = |a: &Option<String>| a.as_deref().map(|a| actor_ids(conn, a)).transpose();
        let claimant = match &q.claimant {
            Some(c) => {
                let mut stmt = conn.prepare(
                    "SELECT id FROM claimants WHERE (length(?1) > 0 AND key >= ?1 AND key < ?1 || char(127)) \
                     OR key LIKE '~' || ?2 OR name LIKE ?2",
                )?;
                let mut rows = stmt.query(rusqlite::params![
                    normalize_code(c),
                    format!("%{}%", normalize_words(c))
                ])?;
                let mut ids = FastSet::default();
                while let Some(r) = rows.next()? {
                    ids.insert(r.get(0)?);
                }
                Some(ids)
            }
            None => None,
        };
        Ok(Filter {
            actor: set(&q.actor)?,
            source: set(&q.source)?,
            target: set(&q.target)?,
            from: day(&q.from)?,
            to: day(&q.to)?,
            claimant,
            own_voice: q.own_voice,
            cameo: q.cameo.clone(),
            plover: q.plover.as_ref().map(|p| p.to_ascii_uppercase()),
            quad: q.quad_class,
            location: q
                .location
                .as_ref()
                .map(|l| (normalize_code(l), l.trim().to_ascii_lowercase())),
            historical: q.historical,
        })
    }

    /// The conditions on a mention row's own columns.
    fn row_matches(
        &self,
        source: i64,
        target: Option<i64>,
        day: Option<i32>,
        claimant: Option<i64>,
    ) -> bool {
        let has = |set: &Option<FastSet<i64>>, id: Option<i64>| match set {
            None => true,
            Some(s) => id.is_some_and(|id| s.contains(&id)),
        };
        if let Some(a) = &self.actor {
            if !(a.contains(&source) || target.is_some_and(|t| a.contains(&t))) {
                return false;
            }
        }
        if !has(&self.source, Some(source)) || !has(&self.target, target) {
            return false;
        }
        if let Some(f) = self.from {
            if day.is_none_or(|d| d < f) {
                return false;
            }
        }
        if let Some(t) = self.to {
            if day.is_none_or(|d| d > t) {
                return false;
            }
        }
        if !has(&self.claimant, claimant) {
            return false;
        }
        !(self.own_voice && claimant.is_some())
    }

    /// Whether any condition needs the record itself.
    fn needs_record(&self) -> bool {
        self.cameo.is_some()
            || self.plover.is_some()
            || self.quad.is_some()
            || self.location.is_some()
            || self.historical.is_some()
    }

    /// The conditions on the record's fields.
    fn record_matches(&self, r: &EventRecord) -> bool {
        if let Some(c) = &self.cameo {
            if c.len() == 2 {
                let root: &str = if r.cameo.root.len() == 2 {
                    &r.cameo.root
                } else {
                    r.cameo.code.get(..2).unwrap_or(&r.cameo.code)
                };
                if root != c {
                    return false;
                }
            } else if !r.cameo.code.starts_with(c.as_str()) {
                return false;
            }
        }
        if let Some(p) = &self.plover {
            if r.plover.as_ref().is_none_or(|x| x.kind != *p) {
                return false;
            }
        }
        if let Some(q) = self.quad {
            if r.cameo.quad_class != q {
                return false;
            }
        }
        if let Some((code, name)) = &self.location {
            let Some(l) = &r.location else { return false };
            let country_ok = l
                .country
                .as_deref()
                .map(normalize_code)
                .is_some_and(|c| !c.is_empty() && c == *code);
            if !country_ok && !l.name.to_ascii_lowercase().contains(name.as_str()) {
                return false;
            }
        }
        if let Some(h) = self.historical {
            if r.date.as_ref().is_some_and(|d| d.historical) != h {
                return false;
            }
        }
        true
    }
}

/// The statements that find candidate events for an actor filter (through
/// `events_source_mday` / `events_target_mday`) or, without one, for a date
/// range (through `events_mday`), with their parameters; empty when neither
/// narrows the events and mentions are scanned instead.
fn event_sql(q: &Query, f: &Filter, max_span: i64) -> Vec<(String, Vec<Value>)> {
    let sides: Vec<(&str, Option<&String>)> = if let Some(a) = &q.actor {
        vec![("source", Some(a)), ("target", Some(a))]
    } else if let Some(s) = &q.source {
        vec![("source", Some(s))]
    } else if let Some(t) = &q.target {
        vec![("target", Some(t))]
    } else if f.from.is_some() || f.to.is_some() {
        vec![("", None)]
    } else {
        return Vec::new();
    };
    sides
        .into_iter()
        .map(|(col, prefix)| {
            let (mut sql, mut params) = match prefix {
                Some(prefix) => (
                    format!("SELECT members FROM events WHERE {col} IN ({ACTOR_SET})"),
                    vec![Value::Text(normalize_code(prefix))],
                ),
                None => ("SELECT members FROM events WHERE 1".to_string(), Vec::new()),
            };
            // An event's mentions lie within mday_lo..=mday_hi, and no event
            // spans more than max_span days.
            if let Some(from) = f.from {
                params.push(Value::Integer(i64::from(from) - max_span));
                params.push(Value::Integer(i64::from(from)));
                sql.push_str(&format!(
                    " AND mday_lo >= ?{} AND mday_hi >= ?{}",
                    params.len() - 1,
                    params.len()
                ));
            }
            if let Some(to) = f.to {
                params.push(Value::Integer(i64::from(to)));
                sql.push_str(&format!(" AND mday_lo <= ?{}", params.len()));
            }
            (sql, params)
        })
        .collect()
}

const MENTION_COLUMNS: &str =
    "SELECT m.id, m.event, e.mentions, m.source, m.target, m.day, m.claimant, m.record \
     FROM mentions m JOIN events e ON e.id = m.event";

/// The full scan used when no actor filter narrows the events.
fn scan_sql(f: &Filter) -> (String, Vec<Value>) {
    let mut conds = Vec::new();
    let mut params = Vec::new();
    if let Some(from) = f.from {
        params.push(Value::Integer(i64::from(from)));
        conds.push(format!("m.day >= ?{}", params.len()));
    }
    if let Some(to) = f.to {
        params.push(Value::Integer(i64::from(to)));
        conds.push(format!("m.day <= ?{}", params.len()));
    }
    if f.own_voice {
        conds.push("m.claimant IS NULL".into());
    } else if f.claimant.is_some() {
        conds.push("m.claimant IS NOT NULL".into());
    }
    let clause = if conds.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", conds.join(" AND "))
    };
    (format!("{MENTION_COLUMNS}{clause} ORDER BY m.id"), params)
}

const BY_ID: &str = "WHERE m.id = ?1";

fn parse_record(v: rusqlite::types::ValueRef<'_>, mention: i64) -> Result<EventRecord> {
    codec::decode_value(v).map_err(|e| {
        Error::new(ErrorKind::Corrupt(format!(
            "mention {mention}: stored record is not valid: {e}"
        )))
    })
}

/// Checks one mention row and hands it on if it matches; returns false
/// once the limit is reached.
fn visit(
    row: &rusqlite::Row<'_>,
    f: &Filter,
    emit: &mut dyn FnMut(QueryHit) -> Result<bool>,
) -> Result<bool> {
    let mention: i64 = row.get(0)?;
    if !f.row_matches(row.get(3)?, row.get(4)?, row.get(5)?, row.get(6)?) {
        return Ok(true);
    }
    let record = parse_record(row.get_ref(7)?, mention)?;
    if f.needs_record() && !f.record_matches(&record) {
        return Ok(true);
    }
    emit(QueryHit {
        mention,
        event: row.get(1)?,
        event_mentions: row.get::<_, i64>(2)? as u32,
        record,
    })
}

/// The statements a query runs: candidate events (possibly none) and then
/// the mention scan or lookup.
fn plan_sql(conn: &Connection, q: &Query, f: &Filter) -> Result<Vec<(String, Vec<Value>)>> {
    let mut out = event_sql(q, f, crate::ingest::max_span(conn)?);
    if out.is_empty() {
        out.push(scan_sql(f));
    } else {
        out.push((
            format!("{MENTION_COLUMNS} {BY_ID}"),
            vec![Value::Integer(0)],
        ));
    }
    Ok(out)
}

fn for_each_hit(
    conn: &Connection,
    q: &Query,
    mut f: impl FnMut(QueryHit) -> Result<()>,
) -> Result<()> {
    let filter = Filter::new(conn, q)?;
    let limit = q.limit.unwrap_or(u64::MAX);
    if limit == 0 {
        return Ok(());
    }
    let mut count = 0u64;
    let mut emit = |h: QueryHit| -> Result<bool> {
        f(h)?;
        count += 1;
        Ok(count < limit)
    };
    let mut statements = plan_sql(conn, q, &filter)?;
    let (last, _) = statements.pop().expect("a plan has a last statement");
    if statements.is_empty() {
        let (sql, params) = scan_sql(&filter);
        let mut stmt = conn.prepare(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(params))?;
        while let Some(row) = rows.next()? {
            if !visit(row, &filter, &mut emit)? {
                break;
            }
        }
        return Ok(());
    }
    let mut ids: Vec<i64> = Vec::new();
    for (sql, params) in &statements {
        let mut stmt = conn.prepare(sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(params))?;
        while let Some(row) = rows.next()? {
            ids.extend(id_list(row.get_ref(0)?.as_str()?));
        }
    }
    ids.sort_unstable();
    ids.dedup();
    let mut stmt = conn.prepare(&last)?;
    for id in ids {
        let mut rows = stmt.query([id])?;
        if let Some(row) = rows.next()? {
            if !visit(row, &filter, &mut emit)? {
                break;
            }
        }
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
    /// A query with an actor filter first finds candidate events through an
    /// index (one statement per side: source, target), then reads their
    /// mentions by id; otherwise it scans mentions. Each statement's plan
    /// lines are preceded by a line naming the statement.
    pub fn explain_query(&self, q: &Query) -> Result<Vec<String>> {
        let inner = || -> Result<Vec<String>> {
            let filter = Filter::new(&self.conn, q)?;
            let mut out = Vec::new();
            for (sql, params) in plan_sql(&self.conn, q, &filter)? {
                out.push(format!("-- {sql}"));
                let mut stmt = self.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
                let mut rows = stmt.query(rusqlite::params_from_iter(params))?;
                while let Some(r) = rows.next()? {
                    out.push(r.get::<_, String>(3)?);
                }
            }
            Ok(out)
        };
        inner().map_err(|e| self.err(e))
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
                "SELECT e.id, e.day_lo, e.mentions, e.first_report, r.record FROM events e \
                 JOIN mentions r ON r.id = e.first_mention \
                 WHERE (?1 IS NULL OR e.day_lo >= ?1) AND (?2 IS NULL OR e.day_lo <= ?2) ORDER BY e.id",
            )?;
            let mut rows = stmt.query(rusqlite::params![from, to])?;
            while let Some(r) = rows.next()? {
                let id: i64 = r.get(0)?;
                let record = parse_record(r.get_ref(4)?, id)?;
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
            .prepare("SELECT m.id, m.record, m.event FROM mentions m ORDER BY m.id")
            .map_err(|e| self.err(e))?;
        let mut rows = stmt.query([]).map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let read = || -> Result<(String, i64)> {
                let id: i64 = r.get(0)?;
                Ok((parse_record(r.get_ref(1)?, id)?.event_id, r.get(2)?))
            };
            out.push(read().map_err(|e| self.err(e))?);
        }
        Ok(out)
    }
}
