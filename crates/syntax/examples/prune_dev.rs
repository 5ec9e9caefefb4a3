//! Development driver: size and dev accuracy of a model pruned at several thresholds.
use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let model = syntax::Model::load(Path::new(&args[1])).unwrap();
    let ud = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/ud");
    let dev = conllu::read_file(&ud.join("EWT/en_ewt-ud-dev.conllu")).unwrap();
    for spec in &args[2..] {
        let (a, b) = spec.split_once(',').unwrap_or((spec, spec));
        let (ta, tb): (f32, f32) = (a.parse().unwrap(), b.parse().unwrap());
        let t = spec;
        let mut m = model.clone();
        m.prune_parts(ta, tb);
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
