//! Store behaviour: idempotence, schema versions, read-only and full disks,
//! snapshots, queries against a brute-force filter, network invariants and
//! the deduplication evaluation.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use event_export::EventRecord;
use event_store::synth::{self, SynthOptions};
use event_store::{
    group_by_document, pairwise_scores, ErrorKind, NetworkOptions, NewDocument, Period, Query,
    RecordReader, Store,
};

fn corpus(documents: usize) -> (SynthOptions, Vec<NewDocument>) {
    let opts = SynthOptions {
        seed: 11,
        documents,
        mentions_per_doc: 4,
        events: documents * 2,
        days: 60,
        first_day: 0,
    };
    let docs = synth::documents(&opts, 0..documents);
    (opts, docs)
}

fn ingest_in_batches(store: &mut Store, docs: &[NewDocument], batch: usize) {
    for chunk in docs.chunks(batch) {
        store.ingest(chunk).unwrap();
    }
}

#[test]
fn re_ingest_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let (_, docs) = corpus(200);
    let mut store = Store::open(&path).unwrap();
    let first = store.ingest(&docs).unwrap();
    assert_eq!(first.documents_added, 200);
    assert_eq!(first.mentions_added, 800);
    let stats = store.stats().unwrap();
    let clusters = store.clustering().unwrap();

    // Same documents again, in other batches and from a fresh handle.
    drop(store);
    let mut store = Store::open(&path).unwrap();
    let mut skipped = 0;
    for chunk in docs.chunks(37) {
        let r = store.ingest(chunk).unwrap();
        assert_eq!(r.documents_added, 0);
        assert_eq!(r.mentions_added, 0);
        skipped += r.documents_skipped;
    }
    assert_eq!(skipped, 200);
    // Same content under new ids: recognised by the content hash.
    let renamed: Vec<NewDocument> = docs
        .iter()
        .take(20)
        .map(|d| NewDocument {
            doc_id: format!("copy-of-{}", d.doc_id),
            ..d.clone()
        })
        .collect();
    let r = store.ingest(&renamed).unwrap();
    assert_eq!((r.documents_added, r.documents_skipped), (0, 20));
    assert_eq!(store.stats().unwrap(), stats);
    assert_eq!(store.clustering().unwrap(), clusters);
}

#[test]
fn stats_are_consistent_and_duplicates_within_a_batch_are_skipped() {
    let (_, mut docs) = corpus(50);
    docs.push(docs[3].clone());
    let mut store = Store::open_in_memory().unwrap();
    let r = store.ingest(&docs).unwrap();
    assert_eq!((r.documents_added, r.documents_skipped), (50, 1));
    let s = store.stats().unwrap();
    assert_eq!(s.documents, 50);
    assert_eq!(s.mentions, 200);
    assert_eq!(s.event_mentions, s.mentions);
    assert_eq!(s.document_mentions, s.mentions);
    assert!(s.events <= s.mentions && s.events > 0);
    assert_eq!(r.events_created + r.mentions_merged, r.mentions_added);
    assert_eq!(s.events, r.events_created);
}

#[test]
fn batch_boundaries_do_not_change_the_clusters() {
    let (_, docs) = corpus(300);
    let mut one = Store::open_in_memory().unwrap();
    one.ingest(&docs).unwrap();
    let mut many = Store::open_in_memory().unwrap();
    ingest_in_batches(&mut many, &docs, 7);
    assert_eq!(one.clustering().unwrap(), many.clustering().unwrap());
}

fn set_user_version(path: &Path, v: i64) {
    let conn = rusqlite_free_set_version(path, v);
    assert!(conn, "could not set user_version");
}

/// Sets PRAGMA user_version through the sqlite3 shell-free route: the store
/// itself cannot write a newer version, so the test edits the header bytes
/// (offset 60, big-endian) of a checkpointed database file.
fn rusqlite_free_set_version(path: &Path, v: i64) -> bool {
    use std::io::{Seek, SeekFrom, Write};
    let Ok(mut f) = std::fs::OpenOptions::new().write(true).open(path) else {
        return false;
    };
    f.seek(SeekFrom::Start(60)).is_ok() && f.write_all(&(v as u32).to_be_bytes()).is_ok()
}

#[test]
fn newer_schema_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    {
        let mut store = Store::open(&path).unwrap();
        store.ingest(&corpus(5).1).unwrap();
    } // closing the last connection checkpoints the WAL into the file
    set_user_version(&path, 99);
    let before = std::fs::read(&path).unwrap();
    for result in [Store::open(&path), Store::open_read_only(&path)] {
        let err = result.expect_err("a newer schema must be refused");
        match err.kind() {
            ErrorKind::SchemaTooNew { found, supported } => {
                assert_eq!(*found, 99);
                assert_eq!(*supported, event_store::schema::SCHEMA_VERSION);
            }
            other => panic!("wrong error {other:?}"),
        }
        let msg = err.to_string();
        assert!(msg.contains("new.db") && msg.contains("99"), "{msg}");
    }
    assert_eq!(std::fs::read(&path).unwrap(), before, "file was modified");
}

#[test]
fn a_foreign_sqlite_file_is_not_a_store() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    {
        let store = Store::open(&path).unwrap();
        drop(store);
    }
    // Make it look like another application's database.
    use std::io::{Seek, SeekFrom, Write};
    let mut f = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    f.seek(SeekFrom::Start(68)).unwrap();
    f.write_all(&7u32.to_be_bytes()).unwrap();
    drop(f);
    let err = Store::open(&path).err().unwrap();
    assert!(matches!(err.kind(), ErrorKind::NotAStore), "{err}");
    // Not SQLite at all.
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, vec![0x42u8; 8192]).unwrap();
    let err = Store::open(&junk).err().unwrap();
    assert!(matches!(err.kind(), ErrorKind::Corrupt(_)), "{err:?}");
}

#[test]
fn read_only_handle_refuses_writes_with_a_typed_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ro.db");
    let (_, docs) = corpus(30);
    {
        let mut store = Store::open(&path).unwrap();
        store.ingest(&docs[..20]).unwrap();
    }
    let mut ro = Store::open_read_only(&path).unwrap();
    let before = ro.stats().unwrap();
    let err = ro.ingest(&docs[20..]).expect_err("write must fail");
    assert!(matches!(err.kind(), ErrorKind::ReadOnly), "{err:?}");
    assert!(err.to_string().contains("read-only"), "{err}");
    assert_eq!(ro.stats().unwrap(), before);
    assert_eq!(ro.integrity_check().unwrap(), vec!["ok".to_string()]);

    // A write-protected file, where permissions apply (not for root).
    let mut perms = std::fs::metadata(&path).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&path, perms.clone()).unwrap();
    let writable = std::fs::OpenOptions::new().write(true).open(&path).is_ok();
    if writable {
        eprintln!("note: running with privileges that ignore file modes; write-protected file case skipped");
    } else {
        let result = Store::open(&path).and_then(|mut s| s.ingest(&docs[20..]));
        let err = result.expect_err("write to a read-only file must fail");
        assert!(matches!(err.kind(), ErrorKind::ReadOnly), "{err:?}");
    }
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&path, perms).unwrap();
}

#[test]
fn full_disk_rolls_back_the_batch_and_the_store_stays_usable() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("full.db");
    let (_, docs) = corpus(400);
    let mut store = Store::open(&path).unwrap();
    store.ingest(&docs[..100]).unwrap();
    let before = store.stats().unwrap();
    let clusters_before = store.clustering().unwrap();
    let pages = store.page_count().unwrap();
    store.set_max_page_count(pages).unwrap();
    let err = store
        .ingest(&docs[100..])
        .expect_err("must run out of space");
    assert!(matches!(err.kind(), ErrorKind::DiskFull), "{err:?}");
    assert!(err.to_string().contains("full.db"), "{err}");
    assert_eq!(store.stats().unwrap(), before);
    assert_eq!(store.clustering().unwrap(), clusters_before);
    assert_eq!(store.integrity_check().unwrap(), vec!["ok".to_string()]);
    // Space again: the same batch goes in, and the result equals a clean run.
    store.set_max_page_count(1 << 30).unwrap();
    store.ingest(&docs[100..]).unwrap();
    let mut clean = Store::open_in_memory().unwrap();
    clean.ingest(&docs).unwrap();
    assert_eq!(store.clustering().unwrap(), clean.clustering().unwrap());
    assert_eq!(store.stats().unwrap(), clean.stats().unwrap());
}

#[test]
fn a_reader_sees_whole_batches_and_a_stable_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("snap.db");
    let (_, docs) = corpus(600);
    let mut writer = Store::open(&path).unwrap();
    writer.ingest(&docs[..50]).unwrap();

    let reader = Store::open_read_only(&path).unwrap();
    let snap = reader.snapshot().unwrap();
    let held = snap.stats().unwrap();
    writer.ingest(&docs[50..100]).unwrap();
    assert_eq!(snap.stats().unwrap(), held, "snapshot moved");
    assert_eq!(snap.document_ids().unwrap().len(), 50);
    drop(snap);
    assert_eq!(reader.stats().unwrap().documents, 100);

    // A reader thread polling while batches are committed.
    let path2 = path.clone();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let stop2 = stop.clone();
    let poller = std::thread::spawn(move || {
        let reader = Store::open_read_only(&path2).unwrap();
        let mut seen = HashSet::new();
        while !stop2.load(std::sync::atomic::Ordering::Relaxed) {
            let s = reader.stats().unwrap();
            assert_eq!(s.mentions, s.documents * 4, "partial batch visible: {s:?}");
            assert_eq!(s.event_mentions, s.mentions, "{s:?}");
            assert_eq!(s.document_mentions, s.mentions, "{s:?}");
            assert_eq!(s.documents % 25, 0, "partial batch visible: {s:?}");
            seen.insert(s.documents);
        }
        seen.len()
    });
    // Batches of 100 go through the store's writer thread.
    for chunk in docs[100..].chunks(100) {
        writer.ingest(chunk).unwrap();
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let distinct = poller.join().unwrap();
    assert!(distinct >= 1);
}

fn matches(r: &EventRecord, q: &Query) -> bool {
    let code = |a: Option<&str>, p: &str| a.is_some_and(|c| c.starts_with(p));
    if let Some(a) = &q.actor {
        if !(code(r.source.code.as_deref(), a)
            || code(r.target.as_ref().and_then(|t| t.code.as_deref()), a))
        {
            return false;
        }
    }
    if let Some(c) = &q.cameo {
        if !r.cameo.code.starts_with(c.as_str()) {
            return false;
        }
    }
    if let Some(qc) = q.quad_class {
        if r.cameo.quad_class != qc {
            return false;
        }
    }
    let start = r.date.as_ref().and_then(|d| d.start.clone());
    if let Some(f) = &q.from {
        if start.as_deref().is_none_or(|s| s < f.as_str()) {
            return false;
        }
    }
    if let Some(t) = &q.to {
        if start.as_deref().is_none_or(|s| s > t.as_str()) {
            return false;
        }
    }
    let claimant = r
        .attribution
        .as_ref()
        .and_then(|a| a.asserted_by.as_ref())
        .and_then(|s| s.code.clone());
    if let Some(c) = &q.claimant {
        if !claimant
            .as_deref()
            .is_some_and(|x| x.starts_with(c.as_str()))
        {
            return false;
        }
    }
    if q.own_voice && claimant.is_some() {
        return false;
    }
    if let Some(l) = &q.location {
        if r.location.as_ref().and_then(|x| x.country.as_deref()) != Some(l.as_str()) {
            return false;
        }
    }
    true
}

#[test]
fn queries_agree_with_a_brute_force_filter() {
    let (_, docs) = corpus(400);
    let mut store = Store::open_in_memory().unwrap();
    store.ingest(&docs).unwrap();
    let all: Vec<EventRecord> = docs.iter().flat_map(|d| d.records.clone()).collect();
    let q = |f: &dyn Fn(&mut Query)| {
        let mut q = Query::default();
        f(&mut q);
        q
    };
    let queries = vec![
        q(&|q| q.actor = Some("IRQ".into())),
        q(&|q| q.actor = Some("USAGOV".into())),
        q(&|q| {
            q.actor = Some("RUS".into());
            q.from = Some("2015-01-10".into());
            q.to = Some("2015-01-31".into());
        }),
        // Date only: through events_mday, not a scan of every mention.
        q(&|q| {
            q.from = Some("2015-01-10".into());
            q.to = Some("2015-01-20".into());
        }),
        q(&|q| q.from = Some("2015-01-25".into())),
        q(&|q| q.cameo = Some("19".into())),
        q(&|q| q.cameo = Some("042".into())),
        q(&|q| q.quad_class = Some(3)),
        q(&|q| q.claimant = Some("SYR".into())),
        q(&|q| {
            q.own_voice = true;
            q.location = Some("TUR".into());
        }),
    ];
    for query in &queries {
        let got: Vec<String> = store
            .query(query)
            .unwrap()
            .into_iter()
            .map(|h| h.record.event_id)
            .collect();
        let want: Vec<String> = all
            .iter()
            .filter(|r| matches(r, query))
            .map(|r| r.event_id.clone())
            .collect();
        assert_eq!(got, want, "query {query:?}");
        assert!(
            !want.is_empty(),
            "query {query:?} matches nothing; test data too small"
        );
    }
    for indexed in &queries[2..4] {
        let plan = store.explain_query(indexed).unwrap().join("\n");
        assert!(plan.contains("USING INDEX events_"), "{plan}");
    }
    assert!(store
        .query(&Query {
            cameo: Some("1x".into()),
            ..Query::default()
        })
        .is_err());
}

#[test]
fn network_and_timeline_add_up() {
    let (_, docs) = corpus(300);
    let mut store = Store::open_in_memory().unwrap();
    store.ingest(&docs).unwrap();
    let stats = store.stats().unwrap();
    let net = store.network(&NetworkOptions::default()).unwrap();
    let edge_events: u64 = net.edges.iter().map(|e| e.events).sum();
    assert_eq!(
        edge_events, stats.events,
        "every synthetic event has a target"
    );
    let edge_mentions: u64 = net.edges.iter().map(|e| e.mentions).sum();
    assert_eq!(edge_mentions, stats.mentions);
    let ids: HashSet<&str> = net.nodes.iter().map(|n| n.id.as_str()).collect();
    for e in &net.edges {
        assert!(ids.contains(e.source.as_str()) && ids.contains(e.target.as_str()));
        let quads =
            e.verbal_cooperation + e.material_cooperation + e.verbal_conflict + e.material_conflict;
        assert_eq!(quads, e.events);
        // Both are given to four decimals.
        assert!(
            (e.goldstein_mean * e.events as f64 - e.goldstein_sum).abs()
                <= 1e-4 * (e.events as f64 + 1.0)
        );
        assert!(e.first_date <= e.last_date);
    }
    // Filters select subsets.
    let own = store
        .network(&NetworkOptions {
            own_voice: true,
            ..NetworkOptions::default()
        })
        .unwrap();
    let own_events: u64 = own.edges.iter().map(|e| e.events).sum();
    assert!(own_events < edge_events && own_events > 0);
    let claimed = store
        .network(&NetworkOptions {
            claimant: Some("IRQGOV".into()),
            ..NetworkOptions::default()
        })
        .unwrap();
    assert!(!claimed.edges.is_empty());
    assert!(claimed
        .edges
        .iter()
        .all(|e| e.claimants.iter().any(|c| c == "IRQGOV")));
    let ranged = store
        .network(&NetworkOptions {
            from: Some("2015-01-10".into()),
            to: Some("2015-01-20".into()),
            ..NetworkOptions::default()
        })
        .unwrap();
    assert!(ranged
        .edges
        .iter()
        .all(|e| e.first_date.as_deref() >= Some("2015-01-10")
            && e.last_date.as_deref() <= Some("2015-01-20")));

    // Timeline of one actor: the months add up to the actor's events.
    let months = store.timeline("IRQ", Period::Month, None, None).unwrap();
    let days = store.timeline("IRQ", Period::Day, None, None).unwrap();
    let weeks = store.timeline("IRQ", Period::Week, None, None).unwrap();
    let total = |rows: &[event_export::TimelineRow]| rows.iter().map(|r| r.events).sum::<u64>();
    assert!(total(&months) > 0);
    assert_eq!(total(&months), total(&days));
    assert_eq!(total(&weeks), total(&days));
    assert!(weeks.iter().all(|w| w.period.contains("-W")));
    let irq_events: u64 = net
        .nodes
        .iter()
        .filter(|n| n.id.starts_with("IRQ"))
        .map(|n| n.events)
        .sum();
    // An event between two IRQ actors counts once in the timeline, twice in the nodes.
    assert!(total(&days) <= irq_events);
}

fn gold_records() -> (Vec<EventRecord>, HashMap<String, String>) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/dedup_gold.jsonl");
    let text = std::fs::read_to_string(path).unwrap();
    let mut gold = HashMap::new();
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        gold.insert(
            v["event_id"].as_str().unwrap().to_string(),
            v["gold"].as_str().unwrap().to_string(),
        );
    }
    let records = RecordReader::new(text.as_bytes(), None)
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    (records, gold)
}

#[test]
fn dedup_reaches_the_pairwise_f1_target_on_the_gold_set() {
    let (records, gold) = gold_records();
    let mut store = Store::open_in_memory().unwrap();
    store.ingest(&group_by_document(records)).unwrap();
    let clustering = store.clustering().unwrap();
    assert_eq!(clustering.len(), gold.len());
    let scores = pairwise_scores(clustering.iter().map(|(id, c)| (gold[id].clone(), *c)));
    eprintln!("dedup gold set: {scores:?}");
    assert!(scores.f1 >= 0.85, "{scores:?}");
    // The gold set is not trivial: merging all or nothing both score badly.
    let nothing = pairwise_scores(
        clustering
            .iter()
            .enumerate()
            .map(|(i, (id, _))| (gold[id].clone(), i)),
    );
    let everything = pairwise_scores(clustering.iter().map(|(id, _)| (gold[id].clone(), 0)));
    assert!(
        nothing.f1 < 0.5 && everything.f1 < 0.5,
        "{nothing:?} {everything:?}"
    );
}

#[test]
fn dedup_is_incremental_across_ingests() {
    // Ingesting the gold set one document per batch, from fresh handles,
    // gives the same clusters as one batch.
    let (records, _) = gold_records();
    let docs = group_by_document(records);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("inc.db");
    for d in &docs {
        let mut store = Store::open(&path).unwrap();
        store.ingest(std::slice::from_ref(d)).unwrap();
    }
    let mut once = Store::open_in_memory().unwrap();
    once.ingest(&docs).unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.clustering().unwrap(), once.clustering().unwrap());
    // Events rewritten after a reload (narrowed dates, refined actors and
    // places, counts, member and claimant lists) equal those built in memory.
    let rows = |s: &Store| {
        let mut out = Vec::new();
        s.for_each_event(None, None, |r| {
            out.push(format!("{r:?}"));
            Ok(())
        })
        .unwrap();
        out
    };
    assert_eq!(rows(&store), rows(&once));
    let opts = NetworkOptions::default();
    assert_eq!(store.network(&opts).unwrap(), once.network(&opts).unwrap());
    let actors: HashSet<String> = docs
        .iter()
        .flat_map(|d| &d.records)
        .filter_map(|r| r.source.code.clone())
        .collect();
    for a in &actors {
        let q = Query {
            actor: Some(a.clone()),
            ..Query::default()
        };
        let ids =
            |s: &Store| -> Vec<i64> { s.query(&q).unwrap().iter().map(|h| h.mention).collect() };
        assert_eq!(ids(&store), ids(&once), "actor {a}");
        assert!(!ids(&store).is_empty());
    }
}

#[test]
fn bad_record_lines_name_file_and_line() {
    let input = "{\"doc_id\": 3}\n\n";
    let errs: Vec<_> = RecordReader::new(input.as_bytes(), Some("in.jsonl".into()))
        .filter_map(Result::err)
        .collect();
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].line(), Some(1));
    let msg = errs[0].to_string();
    assert!(msg.starts_with("in.jsonl:1: invalid event record"), "{msg}");
}

fn file_len(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

#[test]
fn background_checkpoints_keep_the_wal_small_and_closing_leaves_everything_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ckpt.db");
    let wal = dir.path().join("ckpt.db-wal");
    let (_, docs) = corpus(1200);
    let mut store = Store::open(&path).unwrap();
    // With no slack, the writer waits for the checkpoint before every batch,
    // so each batch starts the WAL over.
    store.set_wal_frames_limit(0);
    let mut wal_max = 0;
    for chunk in docs.chunks(20) {
        store.ingest(chunk).unwrap();
        wal_max = wal_max.max(file_len(&wal));
    }
    let stats = store.stats().unwrap();
    drop(store);
    let db_len = file_len(&path);
    // Were the WAL never started over it would hold every batch's pages, ten
    // times the database here; with restarts it holds a few batches (a pass
    // can be cut short, e.g. on a loaded machine).
    assert!(
        wal_max < 4 * db_len,
        "the WAL grew to {wal_max} bytes for a {db_len}-byte database"
    );
    // The database file alone holds every batch once the store is closed.
    let copy = dir.path().join("copy.db");
    std::fs::copy(&path, &copy).unwrap();
    let reopened = Store::open_read_only(&copy).unwrap();
    assert_eq!(reopened.stats().unwrap(), stats);
}

/// A file store writes large batches from a second thread and redoes a
/// batch directly when it meets a known document; both ways must give the
/// same reports and the same store as the direct path of an in-memory store.
#[test]
fn batches_written_by_the_writer_thread_match_direct_writes() {
    let dir = tempfile::tempdir().unwrap();
    let (_, docs) = corpus(400);
    let mut with_dup = docs[300..400].to_vec();
    with_dup.push(docs[310].clone());
    let batches: Vec<Vec<NewDocument>> = vec![
        docs[..150].to_vec(),    // all new
        docs[100..300].to_vec(), // 50 known: redone directly
        with_dup,                // a duplicate within the batch
        docs[..200].to_vec(),    // all known
    ];
    let mut file = Store::open(dir.path().join("piped.db")).unwrap();
    let mut memory = Store::open_in_memory().unwrap();
    for batch in &batches {
        assert_eq!(file.ingest(batch).unwrap(), memory.ingest(batch).unwrap());
    }
    assert_eq!(file.stats().unwrap(), memory.stats().unwrap());
    assert_eq!(file.clustering().unwrap(), memory.clustering().unwrap());
    assert_eq!(file.integrity_check().unwrap(), vec!["ok".to_string()]);
}

/// Regression: `Store::open(":memory:")` (SQLite's "memory" journal mode)
/// must ingest like `Store::open_in_memory`; its checkpoint thread and
/// second reading connection opened other, empty in-memory databases, and
/// a batch of 64+ documents failed with "no such table: events".
#[test]
fn memory_path_ingests_large_batches_like_open_in_memory() {
    let opts = SynthOptions {
        seed: 23,
        documents: 200,
        mentions_per_doc: 4,
        events: 400,
        days: 60,
        first_day: 0,
    };
    let docs = synth::documents(&opts, 0..opts.documents);
    let mut named = Store::open(":memory:").unwrap();
    let mut memory = Store::open_in_memory().unwrap();
    for chunk in docs.chunks(100) {
        let want = memory.ingest(chunk).unwrap();
        let got = named
            .ingest(chunk)
            .expect("a 100-document batch on Store::open(\":memory:\")");
        assert_eq!(got, want);
    }
    assert_eq!(named.stats().unwrap(), memory.stats().unwrap());
    assert_eq!(named.clustering().unwrap(), memory.clustering().unwrap());
}

/// Uncoded claims (`khaldun code --uncoded`) are claims, not events: a
/// document read from records keeps only its coded ones, so counts and
/// clusters are those of the same records without the claims.
#[test]
fn uncoded_claims_never_enter_the_store() {
    let (_, docs) = corpus(20);
    let records: Vec<_> = docs.iter().flat_map(|d| d.records.clone()).collect();
    let mut with_claims = Vec::new();
    for r in &records {
        with_claims.push(r.clone());
        let mut claim = r.clone();
        claim.uncoded = true;
        claim.cameo.code.clear();
        claim.cameo.root.clear();
        claim.event_id.push_str("-claim");
        with_claims.push(claim);
    }
    let mut plain = Store::open_in_memory().unwrap();
    plain.ingest(&group_by_document(records)).unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let r = store.ingest(&group_by_document(with_claims)).unwrap();
    assert_eq!(r.mentions_added, 80);
    assert_eq!(store.stats().unwrap(), plain.stats().unwrap());
    assert_eq!(store.clustering().unwrap(), plain.clustering().unwrap());
}
