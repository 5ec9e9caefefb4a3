//! Development driver: tagging + parsing speed on EWT test, by wall clock and
//! by CPU time of this thread (steadier on a shared machine):
//! `[BEAM=k] speed_dev MODEL [runs]`.
use std::path::Path;
use std::time::Instant;

fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let t0 = Instant::now();
    let mut model = syntax::Model::load(Path::new(&args[1])).unwrap();
    if let Some(b) = std::env::var("BEAM").ok().and_then(|b| b.parse().ok()) {
        model.set_beam(b);
    }
    eprintln!("load {:.3}s", t0.elapsed().as_secs_f64());
    let runs: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(7);
    let ud = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/ud");
    let g = conllu::read_file(&ud.join("EWT/en_ewt-ud-test.conllu")).unwrap();
    let sents: Vec<Vec<&str>> = g
        .iter()
        .map(|s| s.words.iter().map(|w| w.form.as_str()).collect())
        .collect();
    let n: usize = sents.iter().map(|s| s.len()).sum();
    let mut a = model.annotator();
    let mut out = Vec::new();
    let (mut wall, mut cpu) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let (t, c) = (Instant::now(), thread_cpu_ns());
        for s in &sents {
            a.annotate(s, false, &mut out);
        }
        wall.push(n as f64 / t.elapsed().as_secs_f64());
        cpu.push(n as f64 / ((thread_cpu_ns() - c) as f64 / 1e9));
    }
    wall.sort_by(f64::total_cmp);
    cpu.sort_by(f64::total_cmp);
    eprintln!(
        "tag+parse tokens/s: wall median {:.0} max {:.0} | cpu median {:.0} max {:.0}",
        wall[runs / 2],
        wall[runs - 1],
        cpu[runs / 2],
        cpu[runs - 1]
    );
}
