//! Crash safety: an ingest process is killed with SIGKILL at random moments
//! and restarted until it finishes. Every document must then be stored
//! exactly once, and the events must equal those of an uninterrupted run:
//! none lost, none duplicated.
//!
//! The child process is this test binary itself, re-run on the
//! `crash_child` test with the database path in an environment variable.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use event_store::synth::{self, Rng, SynthOptions};
use event_store::Store;

const DB_VAR: &str = "KHALDUN_CRASH_CHILD_DB";
/// Batch sizes, in turn: small batches are written directly, large ones
/// (64 documents or more) by the store's writer thread.
const BATCHES: [usize; 2] = [20, 100];

fn opts() -> SynthOptions {
    SynthOptions {
        seed: 99,
        documents: 3000,
        mentions_per_doc: 4,
        events: 4000,
        days: 90,
        first_day: 0,
    }
}

/// The child: ingest the whole corpus in batches (resuming where the store
/// stands; already stored documents are skipped by ingest itself).
#[test]
fn crash_child() {
    let Ok(db) = std::env::var(DB_VAR) else {
        return; // run as a normal test: nothing to do
    };
    let opts = opts();
    let mut store = Store::open(&db).unwrap();
    let mut start = 0;
    for size in BATCHES.iter().cycle() {
        if start >= opts.documents {
            break;
        }
        let end = (start + size).min(opts.documents);
        store.ingest(&synth::documents(&opts, start..end)).unwrap();
        start = end;
    }
}

fn run_child(db: &std::path::Path) -> std::process::Child {
    Command::new(std::env::current_exe().unwrap())
        .args(["crash_child", "--exact", "--nocapture", "--test-threads=1"])
        .env(DB_VAR, db)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

#[test]
fn sigkill_at_random_points_then_resume() {
    if std::env::var(DB_VAR).is_ok() {
        return;
    }
    let opts = opts();
    let dir = tempfile::tempdir().unwrap();

    // Reference: one uninterrupted child run, timed.
    let reference = dir.path().join("reference.db");
    let t = Instant::now();
    let status = run_child(&reference).wait().unwrap();
    assert!(status.success());
    let full = t.elapsed();

    let db = dir.path().join("crashed.db");
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    let mut rng = Rng::new(seed);
    let mut kills = 0;
    let mut progress = Vec::new();
    // Each run gets a random share of a sixth of a full run, so that many
    // kills land at different points (start-up, mid-batch, between batches).
    let share = (full.as_millis() as u64 / 6).max(10);
    for _ in 0..20 {
        let mut child = run_child(&db);
        let wait_ms = 5 + rng.below(share);
        std::thread::sleep(Duration::from_millis(wait_ms));
        if child.try_wait().unwrap().is_some() {
            break; // finished before the kill
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        kills += 1;
        if let Ok(s) = Store::open_read_only(&db) {
            progress.push(s.stats().unwrap().documents);
        }
    }
    // Resume to the end.
    assert!(run_child(&db).wait().unwrap().success());
    eprintln!(
        "crash test (seed {seed}): {kills} kills, documents stored after each: {progress:?}; full run {full:?}"
    );
    assert!(kills > 0, "no kill landed; the run is too short to test");

    let crashed = Store::open(&db).unwrap();
    let clean = Store::open(&reference).unwrap();
    assert_eq!(crashed.integrity_check().unwrap(), vec!["ok".to_string()]);
    let s = crashed.stats().unwrap();
    assert_eq!(s.documents, opts.documents as u64);
    assert_eq!(s.mentions, (opts.documents * opts.mentions_per_doc) as u64);
    assert_eq!(s.event_mentions, s.mentions);
    assert_eq!(s.document_mentions, s.mentions);
    assert_eq!(s, clean.stats().unwrap());
    // Each document exactly once, in order.
    let ids = crashed.snapshot().unwrap().document_ids().unwrap();
    let want: Vec<String> = (0..opts.documents)
        .map(|i| format!("synth-{i:08}"))
        .collect();
    assert_eq!(ids, want);
    // Same events: the same mentions grouped the same way, same event ids.
    assert_eq!(crashed.clustering().unwrap(), clean.clustering().unwrap());
}
