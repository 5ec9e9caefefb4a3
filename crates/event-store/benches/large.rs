//! Query and network benchmarks over a large store, and a day's ingest into
//! one (run in release: `cargo bench -p event-store --bench large`). The
//! databases of synthetic mentions (10 million by default,
//! `KHALDUN_BENCH_MENTIONS` to change, and 1 million for the daily ingest)
//! are generated once into `bench-out/` at the workspace root and reused.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use event_store::synth::{self, SynthOptions};
use event_store::{NetworkOptions, Query, Store};

const MENTIONS_PER_DOC: usize = 5;

/// Days the large stores cover, from 2015-01-01.
const STORE_DAYS: u32 = 1826;

fn bench_mentions() -> u64 {
    std::env::var("KHALDUN_BENCH_MENTIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000_000)
}

/// The path of the store of `mentions` synthetic mentions, built if needed.
fn big_db_path(mentions: u64) -> PathBuf {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../bench-out"));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("store-{mentions}.db"));
    let documents = (mentions as usize).div_ceil(MENTIONS_PER_DOC);
    let opts = SynthOptions {
        seed: 2,
        documents,
        mentions_per_doc: MENTIONS_PER_DOC,
        events: (mentions / 3) as usize,
        days: STORE_DAYS,
        first_day: 0,
    };
    {
        let mut store = Store::open(&path).unwrap();
        let have = store.stats().unwrap().documents as usize;
        if have < documents {
            eprintln!(
                "building {} ({} documents, {mentions} mentions); resumes where it stopped",
                path.display(),
                documents
            );
            let start = Instant::now();
            let mut next = have;
            while next < documents {
                let end = (next + 2000).min(documents);
                store.ingest(&synth::documents(&opts, next..end)).unwrap();
                next = end;
                if next.is_multiple_of(200_000) {
                    eprintln!("  {next} documents, {:.0?}", start.elapsed());
                }
            }
            eprintln!("built in {:.1?}", start.elapsed());
        }
    }
    path
}

fn query_and_network(c: &mut Criterion) {
    let mentions = bench_mentions();
    let store = Store::open_read_only(big_db_path(mentions)).unwrap();
    let stats = store.stats().unwrap();
    eprintln!("database: {stats:?}");
    let query = Query {
        actor: Some("IRQGOV".into()),
        from: Some("2017-03-01".into()),
        to: Some("2017-03-31".into()),
        ..Query::default()
    };
    // The plan each timed query runs, and how many mentions it returns.
    let show = |q: &Query| {
        eprintln!("EXPLAIN QUERY PLAN for {q:?}:");
        for line in store.explain_query(q).unwrap() {
            eprintln!("  {line}");
        }
        eprintln!("query returns {} mentions", store.query(q).unwrap().len());
    };
    show(&query);

    // A date range alone goes through `events_mday`.
    let by_date = Query {
        from: Some("2017-03-01".into()),
        to: Some("2017-03-03".into()),
        ..Query::default()
    };
    show(&by_date);

    let mut group = c.benchmark_group("query");
    group.sample_size(20);
    group.bench_function(BenchmarkId::new("actor_month", mentions), |b| {
        b.iter(|| store.query(&query).unwrap().len())
    });
    group.bench_function(BenchmarkId::new("three_days", mentions), |b| {
        b.iter(|| store.query(&by_date).unwrap().len())
    });
    group.finish();

    let mut group = c.benchmark_group("network");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(40));
    group.bench_function(BenchmarkId::new("all", mentions), |b| {
        b.iter(|| {
            store
                .network(&NetworkOptions::default())
                .unwrap()
                .edges
                .len()
        })
    });
    group.finish();
}

/// A day's news into a large store: a fresh handle (as `khaldun ingest`
/// run daily) opens the store of 1 million mentions over five years,
/// ingests 1,000 documents (5,000 mentions) about the last week, and
/// closes. Each iteration works on a fresh copy of the store (copied and
/// synced to disk outside the timed span).
fn daily_ingest(c: &mut Criterion) {
    let mentions = 1_000_000;
    let source = big_db_path(mentions);
    let daily = SynthOptions {
        seed: 99,
        documents: 1000,
        mentions_per_doc: MENTIONS_PER_DOC,
        events: 2_000,
        days: 7,
        first_day: STORE_DAYS - 7,
    };
    // Document ids past the store's own.
    let docs = synth::documents(&daily, 100_000_000..100_000_000 + daily.documents);
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("daily.db");
    let mut group = c.benchmark_group("ingest");
    group.sample_size(10);
    group.bench_function(BenchmarkId::new("daily_batch_into", mentions), |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                std::fs::copy(&source, &copy).unwrap();
                // Written back before the timed span: the checkpoint at close
                // would otherwise flush the whole fresh copy.
                std::fs::File::open(&copy).unwrap().sync_all().unwrap();
                let start = Instant::now();
                let mut store = Store::open(&copy).unwrap();
                let r = store.ingest(&docs).unwrap();
                drop(store);
                total += start.elapsed();
                assert_eq!(r.documents_added, 1000);
            }
            total
        })
    });
    group.finish();
}

criterion_group!(benches, query_and_network, daily_ingest);
criterion_main!(benches);
