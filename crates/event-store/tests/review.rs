//! Review regression tests for the writer-thread ("piped") ingest path.

use event_store::synth::{self, SynthOptions};
use event_store::Store;

/// `Store::open(":memory:")` is accepted (`open` admits SQLite's "memory"
/// journal mode for it) and, before the writer thread (4b52c6b), ingested
/// like `Store::open_in_memory`. Its checkpointer and `reader` now open
/// *other*, empty in-memory databases, so a batch of 64+ documents reads
/// its buckets from a database without tables ("no such table: events").
#[test]
fn memory_path_ingests_large_batches_like_open_in_memory() {
    let opts = SynthOptions {
        seed: 23,
        documents: 200,
        mentions_per_doc: 4,
        events: 400,
        days: 60,
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
