//! Load time of the embedded Phoenix set and matcher cost per sentence.
//!
//! `cargo bench -p actor-dict --bench load`; criterion reports the median
//! among its estimates. The matching workload is the `<Text>` of
//! `GigaWord.sample.PETR.xml` from the shared data, split on whitespace with
//! trailing punctuation cut off (skipped with a note if absent).

use std::hint::black_box;
use std::path::Path;

use actor_dict::{ActorDict, MatchToken};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    group.sample_size(20);
    group.bench_function("phoenix_default", |b| {
        b.iter(|| black_box(ActorDict::phoenix_default()))
    });
    group.finish();
}

/// Sentences of the GigaWord sample, tokenized crudely.
fn gigaword_sentences() -> Vec<Vec<String>> {
    let path = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/petrarch2/validation/GigaWord.sample.PETR.xml"
    ));
    let Ok(xml) = std::fs::read_to_string(path) else {
        eprintln!(
            "note: {} is absent; skipping the matching bench",
            path.display()
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for part in xml.split("<Text>").skip(1) {
        let text = part.split("</Text>").next().unwrap_or("");
        let mut tokens = Vec::new();
        for word in text.split_whitespace() {
            let core = word.trim_end_matches([',', '.', ';', ':', '"']);
            if !core.is_empty() {
                tokens.push(core.to_string());
            }
            if core.len() < word.len() {
                tokens.push(word[core.len()..core.len() + 1].to_string());
            }
        }
        out.push(tokens);
    }
    out
}

fn matching(c: &mut Criterion) {
    let sentences = gigaword_sentences();
    if sentences.is_empty() {
        return;
    }
    let dict = ActorDict::phoenix_default();
    let date = chrono::NaiveDate::from_ymd_opt(2008, 8, 4);
    let mut group = c.benchmark_group("match");
    group.throughput(Throughput::Elements(sentences.len() as u64));
    group.bench_function("gigaword_sentences", |b| {
        b.iter(|| {
            let mut n = 0;
            for s in &sentences {
                let tokens: Vec<MatchToken<'_>> = s.iter().map(|t| MatchToken::new(t)).collect();
                n += dict.match_tagged_tokens(&tokens, date).len();
            }
            black_box(n)
        })
    });
    group.finish();
}

criterion_group!(benches, load, matching);
criterion_main!(benches);
