//! Development driver: lemma accuracy on EWT dev of a model's lemmatizer and
//! of lemmatizers learned again from EWT train (+ GUM CC BY documents), with
//! the model's own tagger: `lemma_dev [MODEL]`.
use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mut model = match args.get(1) {
        Some(p) => syntax::Model::load(Path::new(p)).expect("model loads"),
        None => (*syntax::Model::builtin().expect("builtin model")).clone(),
    };
    let ud = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/ud");
    let ewt = conllu::read_file(&ud.join("EWT/en_ewt-ud-train.conllu")).unwrap();
    let gum = conllu::read_file(&ud.join("GUM/en_gum-ud-train.conllu")).unwrap();
    let gum = syntax::select_documents(gum, syntax::GUM_CC_BY_PREFIXES);
    let dev = conllu::read_file(&ud.join("EWT/en_ewt-ud-dev.conllu")).unwrap();
    let report = |what: &str, m: &syntax::Model| {
        let sc = syntax::evaluate(m, &dev);
        eprintln!("{what}: dev lemma {:.2}", sc.pct(sc.lemma));
    };
    report("as loaded", &model);
    let mut all = ewt.clone();
    all.extend(gum.iter().cloned());
    model.relearn_lemmas(&all, &[]);
    report("EWT + GUM alike", &model);
    model.relearn_lemmas(&ewt, &gum);
    report("EWT primary, GUM extra", &model);
    model.relearn_lemmas(&ewt, &[]);
    report("EWT only", &model);
}
