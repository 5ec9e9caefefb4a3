//! Ingest benchmark (run in release: `cargo bench -p event-store --bench ingest`):
//! synthetic already-coded records into a fresh database, in batches of
//! 1,000 documents; throughput in mentions.
//!
//! `records` is wall-clock time. `records_cpu` is the CPU time of the
//! ingesting thread (from /proc/thread-self/schedstat; SQLite runs in that
//! thread, writes go to the page cache), which stays meaningful when other
//! processes load the machine.

use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use event_store::synth::{self, SynthOptions};
use event_store::{NewDocument, Store};

const MENTIONS_PER_DOC: usize = 5;

/// CPU time of the calling thread, if the kernel reports it.
fn thread_cpu() -> Option<Duration> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = s.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

fn ingest(c: &mut Criterion) {
    let opts = SynthOptions {
        seed: 1,
        documents: 4_000,
        mentions_per_doc: MENTIONS_PER_DOC,
        events: 7_000,
        days: 365,
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
                let mut store = Store::open(&path).unwrap();
                let start = Instant::now();
                for chunk in docs.chunks(1000) {
                    store.ingest(chunk).unwrap();
                }
                total += start.elapsed();
                drop(store);
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
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
                let mut store = Store::open(&path).unwrap();
                let start = thread_cpu().unwrap_or_default();
                for chunk in docs.chunks(1000) {
                    store.ingest(chunk).unwrap();
                }
                total += thread_cpu().unwrap_or_default().saturating_sub(start);
                drop(store);
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            total
        })
    });
    group.finish();
}

criterion_group!(benches, ingest);
criterion_main!(benches);
