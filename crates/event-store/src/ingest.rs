//! Ingest: one transaction per batch of documents.

use std::collections::{HashMap, HashSet};

use event_export::EventRecord;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use crate::dedup::{
    self, actor_key, normalize_code, normalize_words, Cluster, ClusterCache, DedupOptions,
    MentionKey, FLAG_DATE_FROM_PUBLISHED, FLAG_HISTORICAL, FLAG_HYPOTHETICAL, FLAG_NEGATED,
};
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

/// A record reduced to the columns the store indexes.
struct Prepared {
    source_key: String,
    target_key: Option<String>,
    root: String,
    lo: Option<i32>,
    hi: Option<i32>,
    day: Option<i32>,
    day_end: Option<i32>,
    flags: i64,
    loc_norm: Option<String>,
    loc_country: Option<String>,
    loc_point: Option<(f64, f64)>,
    claimant: Option<(String, Option<String>, String)>,
}

fn prepare(r: &EventRecord, doc_published: Option<i32>, opts: &DedupOptions) -> Prepared {
    let source_key = actor_key(r.source.code.as_deref(), &r.source.text);
    let target_key = r
        .target
        .as_ref()
        .map(|t| actor_key(t.code.as_deref(), &t.text));
    let root = if r.cameo.root.len() == 2 {
        r.cameo.root.clone()
    } else {
        r.cameo.code.chars().take(2).collect()
    };
    let mut flags = 0;
    if r.negated {
        flags |= FLAG_NEGATED;
    }
    if r.hypothetical {
        flags |= FLAG_HYPOTHETICAL;
    }
    let published = r.published.as_deref().and_then(parse_day).or(doc_published);
    let (mut start, mut end) = (None, None);
    if let Some(d) = &r.date {
        if d.historical {
            flags |= FLAG_HISTORICAL;
        }
        start = d.start.as_deref().and_then(parse_day);
        end = d.end.as_deref().and_then(parse_day).or(start);
        if start.is_none() {
            start = end;
        }
    }
    if let (Some(s), Some(e)) = (start, end) {
        if e < s {
            (start, end) = (Some(e), Some(s));
        }
    }
    let (lo, hi, day, day_end) = match (start, end, published) {
        (Some(s), Some(e), _) => (Some(s), Some(e), Some(s), Some(e)),
        (_, _, Some(p)) => {
            flags |= FLAG_DATE_FROM_PUBLISHED;
            (Some(p - opts.undated_window), Some(p), Some(p), Some(p))
        }
        _ => (None, None, None, None),
    };
    let loc_norm = r
        .location
        .as_ref()
        .map(|l| normalize_words(&l.name))
        .filter(|s| !s.is_empty());
    let loc_country = r
        .location
        .as_ref()
        .and_then(|l| l.country.as_deref())
        .map(normalize_code)
        .filter(|s| !s.is_empty());
    let loc_point = r.location.as_ref().and_then(|l| match (l.lat, l.lon) {
        (Some(a), Some(b)) if a.is_finite() && b.is_finite() => Some((a, b)),
        _ => None,
    });
    let claimant = r
        .attribution
        .as_ref()
        .and_then(|a| a.asserted_by.as_ref())
        .map(|s| {
            (
                actor_key(s.code.as_deref(), &s.text),
                s.code.clone(),
                s.text.clone(),
            )
        });
    Prepared {
        source_key,
        target_key,
        root,
        lo,
        hi,
        day,
        day_end,
        flags,
        loc_norm,
        loc_country,
        loc_point,
        claimant,
    }
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
        let key: String = row.get(1)?;
        i.keys.insert(id, key.clone());
        i.ids.insert(key, id);
    }
    Ok(i)
}

fn intern(
    conn: &Connection,
    interner: &mut Interner,
    next: &mut i64,
    table: &str,
    key: &str,
    code: Option<&str>,
    name: &str,
) -> Result<i64> {
    if let Some(&id) = interner.ids.get(key) {
        return Ok(id);
    }
    *next += 1;
    let id = *next;
    let code = code.map(normalize_code).filter(|c| !c.is_empty());
    if table == "actors" {
        conn.prepare_cached(
            "INSERT INTO actors (id, key, code, name, mentions) VALUES (?1, ?2, ?3, ?4, 0)",
        )?
        .execute(params![id, key, code, name])?;
    } else {
        conn.prepare_cached("INSERT INTO claimants (id, key, code, name) VALUES (?1, ?2, ?3, ?4)")?
            .execute(params![id, key, code, name])?;
    }
    interner.ids.insert(key.to_string(), id);
    interner.keys.insert(id, key.to_string());
    Ok(id)
}

fn load_bucket(
    conn: &Connection,
    cache: &mut ClusterCache,
    actors: &Interner,
    bucket: i64,
    opts: &DedupOptions,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, source, target, root, cameo, quad, goldstein, day_lo, day_hi, loc_name, loc_country, \
         flags, mentions, own_voice, first_report, first_mention, loc_lat, loc_lon FROM events WHERE bucket = ?1 ORDER BY id",
    )?;
    let mut rows = stmt.query([bucket])?;
    while let Some(row) = rows.next()? {
        let source: i64 = row.get(1)?;
        let target: Option<i64> = row.get(2)?;
        let lo: Option<i32> = row.get(7)?;
        let hi: Option<i32> = row.get(8)?;
        let c = Cluster {
            id: row.get(0)?,
            bucket,
            source,
            source_key: actors.keys.get(&source).cloned().unwrap_or_default(),
            target,
            target_key: target.and_then(|t| actors.keys.get(&t).cloned()),
            root: row.get(3)?,
            cameo: row.get(4)?,
            quad: row.get(5)?,
            goldstein: row.get(6)?,
            lo,
            hi,
            loc_name: row.get(9)?,
            loc_country: row.get(10)?,
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
            is_new: false,
            dirty: false,
            indexed: matches!((lo, hi), (Some(l), Some(h)) if h - l <= opts.max_width),
        };
        cache.insert(c);
    }
    cache.mark_loaded(bucket);
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
        self.actors = Interner::default();
        self.claimants = Interner::default();
        self.data_version = None;
    }

    fn ingest_tx(&mut self, docs: &[NewDocument]) -> Result<IngestReport> {
        let Store {
            conn,
            opts,
            cache,
            actors,
            claimants,
            next,
            data_version,
            ..
        } = self;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Another connection may have written since our caches were filled.
        let dv: i64 = tx.query_row("PRAGMA data_version", [], |r| r.get(0))?;
        if *data_version != Some(dv) {
            cache.clear();
            *actors = load_interner(&tx, "actors")?;
            *claimants = load_interner(&tx, "claimants")?;
            *next = NextIds {
                doc: max_id(&tx, "documents")?,
                mention: max_id(&tx, "mentions")?,
                event: max_id(&tx, "events")?,
                actor: max_id(&tx, "actors")?,
                claimant: max_id(&tx, "claimants")?,
            };
        }
        let mut ids = *next;
        let mut report = IngestReport::default();
        let mut seen_ids: HashSet<&str> = HashSet::new();
        let mut seen_hashes: HashSet<u128> = HashSet::new();
        let mut touched: Vec<usize> = Vec::new();
        let mut actor_mentions: HashMap<i64, i64> = HashMap::new();
        {
            let mut exists = tx.prepare_cached(
                "SELECT 1 FROM documents WHERE doc_id = ?1 UNION ALL SELECT 1 FROM documents WHERE hash = ?2 LIMIT 1",
            )?;
            let mut insert_doc = tx.prepare_cached(
                "INSERT INTO documents (id, doc_id, hash, url, outlet, published, title, mentions) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            let mut insert_mention = tx.prepare_cached(
                "INSERT INTO mentions (id, doc, event, source, target, cameo, root, quad, goldstein, plover, \
                 day, day_end, flags, loc_name, loc_country, claimant) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
            )?;
            let mut insert_record =
                tx.prepare_cached("INSERT INTO records (id, json) VALUES (?1, ?2)")?;
            let mut json = Vec::with_capacity(1024);
            for doc in docs {
                let hash_hex = format!("{:032x}", doc.hash);
                if doc.doc_id.is_empty() {
                    return Err(Error::new(ErrorKind::BadRecord(
                        "a document has an empty id".into(),
                    )));
                }
                if !seen_ids.insert(doc.doc_id.as_str())
                    || !seen_hashes.insert(doc.hash)
                    || exists
                        .query_row(params![doc.doc_id, hash_hex], |_| Ok(()))
                        .optional()?
                        .is_some()
                {
                    report.documents_skipped += 1;
                    continue;
                }
                ids.doc += 1;
                let doc_row = ids.doc;
                let published = doc.published.as_deref().and_then(parse_day);
                insert_doc.execute(params![
                    doc_row,
                    doc.doc_id,
                    hash_hex,
                    doc.url,
                    doc.outlet,
                    published,
                    doc.title,
                    doc.records.len() as i64
                ])?;
                report.documents_added += 1;
                for r in &doc.records {
                    let p = prepare(r, published, opts);
                    let source = intern(
                        &tx,
                        actors,
                        &mut ids.actor,
                        "actors",
                        &p.source_key,
                        r.source.code.as_deref(),
                        &r.source.text,
                    )?;
                    *actor_mentions.entry(source).or_default() += 1;
                    let target = match (&r.target, &p.target_key) {
                        (Some(t), Some(k)) => {
                            let id = intern(
                                &tx,
                                actors,
                                &mut ids.actor,
                                "actors",
                                k,
                                t.code.as_deref(),
                                &t.text,
                            )?;
                            if id != source {
                                *actor_mentions.entry(id).or_default() += 1;
                            }
                            Some(id)
                        }
                        _ => None,
                    };
                    let claimant = match &p.claimant {
                        Some((key, code, name)) => Some(intern(
                            &tx,
                            claimants,
                            &mut ids.claimant,
                            "claimants",
                            key,
                            code.as_deref(),
                            name,
                        )?),
                        None => None,
                    };
                    let bucket = dedup::bucket(&p.source_key, p.target_key.as_deref(), p.flags);
                    if !cache.is_loaded(bucket) {
                        load_bucket(&tx, cache, actors, bucket, opts)?;
                    }
                    let key = MentionKey {
                        source_key: &p.source_key,
                        target_key: p.target_key.as_deref(),
                        root: &p.root,
                        cameo: &r.cameo.code,
                        lo: p.lo,
                        hi: p.hi,
                        loc_name: p.loc_norm.as_deref(),
                        loc_country: p.loc_country.as_deref(),
                        loc_point: p.loc_point,
                        flags: p.flags,
                    };
                    ids.mention += 1;
                    let mention_id = ids.mention;
                    let own_voice = i64::from(claimant.is_none());
                    let event_id = match cache.best(bucket, &key, opts) {
                        Some(idx) => {
                            if let (Some(lo), Some(hi)) = (p.lo, p.hi) {
                                cache.narrow(idx, lo, hi);
                            }
                            let c = &mut cache.clusters[idx];
                            c.mentions += 1;
                            c.own_voice += own_voice;
                            c.first_report = match (c.first_report, published) {
                                (Some(a), Some(b)) => Some(a.min(b)),
                                (a, b) => a.or(b),
                            };
                            // A more specific code refines the event's actor.
                            if p.source_key.len() > c.source_key.len() {
                                c.source_key = p.source_key.clone();
                                c.source = source;
                            }
                            if let (Some(k), Some(t)) = (&p.target_key, target) {
                                if c.target_key.as_ref().is_some_and(|ck| k.len() > ck.len()) {
                                    c.target_key = Some(k.clone());
                                    c.target = Some(t);
                                }
                            }
                            if c.loc_name.is_none() && p.loc_norm.is_some() {
                                c.loc_name = p.loc_norm.clone();
                            }
                            // A point refines a vaguer place.
                            if c.loc_point.is_none() && p.loc_point.is_some() {
                                c.loc_point = p.loc_point;
                                c.loc_name = p.loc_norm.clone();
                            }
                            if c.loc_country.is_none() && p.loc_country.is_some() {
                                c.loc_country = p.loc_country.clone();
                            }
                            if !c.dirty && !c.is_new {
                                c.dirty = true;
                                touched.push(idx);
                            }
                            report.mentions_merged += 1;
                            c.id
                        }
                        None => {
                            ids.event += 1;
                            let indexed = matches!((p.lo, p.hi), (Some(l), Some(h)) if h - l <= opts.max_width);
                            let idx = cache.insert(Cluster {
                                id: ids.event,
                                bucket,
                                source,
                                source_key: p.source_key.clone(),
                                target,
                                target_key: p.target_key.clone(),
                                root: p.root.clone(),
                                cameo: r.cameo.code.clone(),
                                quad: i64::from(r.cameo.quad_class),
                                goldstein: f64::from(r.cameo.goldstein),
                                lo: p.lo,
                                hi: p.hi,
                                loc_name: p.loc_norm.clone(),
                                loc_country: p.loc_country.clone(),
                                loc_point: p.loc_point,
                                flags: p.flags,
                                mentions: 1,
                                own_voice,
                                first_report: published,
                                first_mention: mention_id,
                                is_new: true,
                                dirty: false,
                                indexed,
                            });
                            touched.push(idx);
                            report.events_created += 1;
                            ids.event
                        }
                    };
                    insert_mention.execute(params![
                        mention_id,
                        doc_row,
                        event_id,
                        source,
                        target,
                        r.cameo.code,
                        p.root,
                        i64::from(r.cameo.quad_class),
                        f64::from(r.cameo.goldstein),
                        r.plover.as_ref().map(|x| x.kind.as_str()),
                        p.day,
                        p.day_end,
                        p.flags,
                        r.location.as_ref().map(|l| l.name.as_str()),
                        p.loc_country,
                        claimant
                    ])?;
                    json.clear();
                    serde_json::to_writer(&mut json, r).map_err(|e| {
                        Error::new(ErrorKind::BadRecord(format!("{}: {e}", r.event_id)))
                    })?;
                    // serde_json writes valid UTF-8.
                    let text = std::str::from_utf8(&json).unwrap_or_default();
                    insert_record.execute(params![mention_id, text])?;
                    report.mentions_added += 1;
                }
            }
        }
        {
            let mut insert_event = tx.prepare_cached(
                "INSERT INTO events (id, bucket, source, target, root, cameo, quad, goldstein, day_lo, day_hi, \
                 loc_name, loc_country, flags, mentions, own_voice, first_report, first_mention, loc_lat, loc_lon) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
            )?;
            let mut update_event = tx.prepare_cached(
                "UPDATE events SET source = ?2, target = ?3, day_lo = ?4, day_hi = ?5, loc_name = ?6, \
                 loc_country = ?7, mentions = ?8, own_voice = ?9, first_report = ?10, loc_lat = ?11, \
                 loc_lon = ?12 WHERE id = ?1",
            )?;
            for &idx in &touched {
                let c = &cache.clusters[idx];
                if c.is_new {
                    insert_event.execute(params![
                        c.id,
                        c.bucket,
                        c.source,
                        c.target,
                        c.root,
                        c.cameo,
                        c.quad,
                        c.goldstein,
                        c.lo,
                        c.hi,
                        c.loc_name,
                        c.loc_country,
                        c.flags,
                        c.mentions,
                        c.own_voice,
                        c.first_report,
                        c.first_mention,
                        c.loc_point.map(|p| p.0),
                        c.loc_point.map(|p| p.1)
                    ])?;
                } else {
                    update_event.execute(params![
                        c.id,
                        c.source,
                        c.target,
                        c.lo,
                        c.hi,
                        c.loc_name,
                        c.loc_country,
                        c.mentions,
                        c.own_voice,
                        c.first_report,
                        c.loc_point.map(|p| p.0),
                        c.loc_point.map(|p| p.1)
                    ])?;
                }
            }
            let mut update_actor =
                tx.prepare_cached("UPDATE actors SET mentions = mentions + ?2 WHERE id = ?1")?;
            for (id, n) in &actor_mentions {
                update_actor.execute(params![id, n])?;
            }
        }
        tx.commit()?;
        for &idx in &touched {
            let c = &mut cache.clusters[idx];
            c.is_new = false;
            c.dirty = false;
        }
        *next = ids;
        // Our own commits do not change data_version, and nobody else could
        // commit while we held the write lock: `dv` stays current until
        // another connection writes.
        *data_version = Some(dv);
        Ok(report)
    }
}
