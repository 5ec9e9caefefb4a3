//! Ingest benchmark (run in release: `cargo bench -p event-store --bench ingest`):
//! synthetic already-coded records into a fresh database, in batches of
//! 1,000 documents; throughput in mentions.
//!
//! The timed span runs from opening the store to closing it, so the WAL
//! checkpoints (in the background thread or at close) are paid for inside
//! it. `records` is wall-clock time. `records_cpu` is the CPU time of the
//! whole process over that span (from /proc/self/stat, in 10 ms ticks summed
//! over many iterations), all threads included, which stays meaningful when
//! other processes load the machine.

use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use event_store::synth::{self, SynthOptions};
use event_store::{NewDocument, Store};

const MENTIONS_PER_DOC: usize = 5;
const BATCH: usize = 1000;

/// User + system CPU time of this process, if the kernel reports it.
fn process_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces) close with ')'.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    // USER_HZ is 100 on Linux.
    Some(Duration::from_millis(ticks * 10))
}

/// Opens a new store at `path`, ingests `docs` and closes it.
fn ingest_all(path: &Path, docs: &[NewDocument]) {
    let mut store = Store::open(path).unwrap();
    for chunk in docs.chunks(BATCH) {
        store.ingest(chunk).unwrap();
    }
    drop(store);
}

fn remove_db(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

fn ingest(c: &mut Criterion) {
    let opts = SynthOptions {
        seed: 1,
        documents: 4_000,
        mentions_per_doc: MENTIONS_PER_DOC,
        events: 7_000,
        days: 365,
        first_day: 0,
    };
    let docs: Vec<NewDocument> = synth::documents(&opts, 0..opts.documents);
    let mentions = (opts.documents * MENTIONS_PER_DOC) as u64;
    let dir = tempfile::tempdir().unwrap();
    let mut group = c.benchmark_group("ingest");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.throughput(Throughput::Elements(mentions));
    let mut n = 0;
    group.bench_function(BenchmarkId::new("records", mentions), |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                n += 1;
                let path = dir.path().join(format!("ingest-{n}.db"));
                let start = Instant::now();
                ingest_all(&path, &docs);
                total += start.elapsed();
                remove_db(&path);
            }
            total
        })
    });
    group.bench_function(BenchmarkId::new("records_cpu", mentions), |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                n += 1;
                let path = dir.path().join(format!("ingest-{n}.db"));
                let start = process_cpu().unwrap_or_default();
                ingest_all(&path, &docs);
                total += process_cpu().unwrap_or_default().saturating_sub(start);
                remove_db(&path);
            }
            total
        })
    });
    group.finish();
}

criterion_group!(benches, ingest);
criterion_main!(benches);
