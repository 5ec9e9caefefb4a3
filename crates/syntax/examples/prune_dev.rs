//! Development driver: size and dev accuracy of a model pruned at several
//! thresholds: `[BEAM=k] [SAVE_PRUNED=PREFIX] prune_dev MODEL TAGGER,PARSER[,LABELS]...`.
use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mut model = syntax::Model::load(Path::new(&args[1])).unwrap();
    if let Some(b) = std::env::var("BEAM").ok().and_then(|b| b.parse().ok()) {
        model.set_beam(b);
    }
    let ud = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/ud");
    let dev = conllu::read_file(&ud.join("EWT/en_ewt-ud-dev.conllu")).unwrap();
    for spec in &args[2..] {
        // TAGGER,PARSER or TAGGER,TRANSITIONS,LABELS
        let v: Vec<f32> = spec.split(',').map(|x| x.parse().unwrap()).collect();
        let (ta, tt, tl) = match v[..] {
            [a] => (a, a, a),
            [a, b] => (a, b, b),
            [a, b, c, ..] => (a, b, c),
            _ => panic!("threshold spec {spec}"),
        };
        let t = spec;
        let mut m = model.clone();
        m.prune_tables(ta, tt, tl);
        let bytes = m.to_bytes();
        let sc = syntax::evaluate(&m, &dev);
        eprintln!(
            "prune {t}: {:.1} MB weights {:?} | dev UPOS {:.2} lemma {:.2} UAS {:.2} LAS {:.2}",
            bytes.len() as f64 / 1e6,
            m.weight_counts(),
            sc.pct(sc.upos),
            sc.pct(sc.lemma),
            sc.pct(sc.uas),
            sc.pct(sc.las)
        );
        if let Some(out) = std::env::var_os("SAVE_PRUNED") {
            std::fs::write(format!("{}.{t}", out.to_string_lossy()), &bytes).unwrap();
        }
    }
}
