//! Time of the event coder alone (actors found beforehand) on the GSR
//! records' own parses, median of 7 runs:
//! `cargo run --release -p coder-eval --example coder_speed -- PETR2_GSR_validation.xml DICTDIR`
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use actor_dict::{ActorDict, ActorStage};
use coder_eval::record_parse::doc_from_record_parse;
use coder_eval::ValidationFile;
use event_coder::{CoderOptions, EventCoder};
use text_model::Stage;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (file, _) = ValidationFile::load(Path::new(&args[1])).unwrap();
    let dir = PathBuf::from(&args[2]);
    let env = &file.environment;
    let paths: Vec<PathBuf> = env
        .actorfiles
        .iter()
        .chain(&env.agentfile)
        .map(|f| dir.join(f))
        .collect();
    let actors = ActorStage::new(Arc::new(ActorDict::load_files(&paths).unwrap().0));
    let docs: Vec<_> = file
        .records
        .iter()
        .filter_map(doc_from_record_parse)
        .map(|mut d| {
            actors.run(&mut d);
            d
        })
        .collect();
    let sentences: usize = docs.iter().map(|d| d.sentences.len()).sum();
    let coder = EventCoder::new(CoderOptions::default());
    let reps = 50;
    let mut times = Vec::new();
    for _ in 0..7 {
        let t = Instant::now();
        let mut events = 0;
        for _ in 0..reps {
            for d in &docs {
                let mut d = d.clone();
                coder.run(&mut d);
                events += d.events.len();
            }
        }
        std::hint::black_box(events);
        times.push(t.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    // The same loop without coding: the clone of each document.
    let mut clone_times = Vec::new();
    for _ in 0..7 {
        let t = Instant::now();
        for _ in 0..reps {
            for d in &docs {
                std::hint::black_box(d.clone());
            }
        }
        clone_times.push(t.elapsed().as_secs_f64());
    }
    clone_times.sort_by(f64::total_cmp);
    let med = times[3] - clone_times[3];
    let n = (sentences * reps) as f64;
    println!(
        "{} sentences x {reps}: median {:.3} s, {:.1} us/sentence (document clone subtracted), {:.0} sentences/s on one core",
        sentences,
        med,
        1e6 * med / n,
        n / med
    );
}
