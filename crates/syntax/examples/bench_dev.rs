//! Development driver: load a model file, evaluate on EWT dev/test and time annotation.
use std::path::Path;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let t0 = Instant::now();
    let mut model = syntax::Model::load(Path::new(&args[1])).unwrap();
    if let Some(b) = args.get(2) {
        model.set_beam(b.parse().unwrap());
    }
    eprintln!("load {:.3}s", t0.elapsed().as_secs_f64());
    let ud = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/ud");
    for f in ["EWT/en_ewt-ud-dev.conllu", "EWT/en_ewt-ud-test.conllu"] {
        let g = conllu::read_file(&ud.join(f)).unwrap();
        let sc = syntax::evaluate(&model, &g);
        eprintln!("{f}: {}", sc.summary());
    }
    let g = conllu::read_file(&ud.join("EWT/en_ewt-ud-test.conllu")).unwrap();
    let sents: Vec<Vec<&str>> = g
        .iter()
        .map(|s| s.words.iter().map(|w| w.form.as_str()).collect())
        .collect();
    let n: usize = sents.iter().map(|s| s.len()).sum();
    let mut a = model.annotator();
    let mut out = Vec::new();
    for full in [false, true] {
        for _ in 0..3 {
            let t = Instant::now();
            for s in &sents {
                a.annotate(s, full, &mut out);
            }
            eprintln!(
                "full={full} {:.0} tok/s",
                n as f64 / t.elapsed().as_secs_f64()
            );
        }
    }
}
