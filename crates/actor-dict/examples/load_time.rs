//! Loads the embedded Phoenix set N times (default 7) and prints each wall
//! time and the median. Run under `/usr/bin/time` to see the CPU time too:
//! `cargo build --release -p actor-dict --example load_time &&
//!  /usr/bin/time -f "%U user %S sys" target/release/examples/load_time 7`.

use std::time::{Duration, Instant};

use actor_dict::ActorDict;

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(7)
        .max(1);
    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    let mut phrases = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let dict = ActorDict::phoenix_default();
        times.push(start.elapsed());
        phrases = dict.phrase_count();
    }
    times.sort();
    println!("runs: {runs}; phrases: {phrases}");
    println!("each: {times:?}");
    println!("median load: {:.1} ms", times[runs / 2].as_secs_f64() * 1e3);
}
