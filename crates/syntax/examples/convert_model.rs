//! Development driver: rewrites a model file in the current format
//! (`syntax::FORMAT_VERSION`) without retraining the tagger or the parser:
//! `convert_model IN OUT [--relearn-lemmas] [--name NAME]`. Weights are copied as they are;
//! only the layout changes. With `--relearn-lemmas` the lemmatizer is learned
//! again from EWT train (primary) and the CC BY documents of GUM train.
use std::path::Path;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (inp, out) = (Path::new(&args[1]), Path::new(&args[2]));
    let t = Instant::now();
    let mut model = syntax::Model::load(inp).expect("input model loads");
    eprintln!(
        "loaded {} in {:.3}s",
        inp.display(),
        t.elapsed().as_secs_f64()
    );
    eprintln!("non-zero weights: {:?}", model.weight_counts());
    if args.iter().any(|a| a == "--relearn-lemmas") {
        let ud = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/ud");
        let ewt = conllu::read_file(&ud.join("EWT/en_ewt-ud-train.conllu")).unwrap();
        let gum = conllu::read_file(&ud.join("GUM/en_gum-ud-train.conllu")).unwrap();
        let gum = syntax::select_documents(gum, syntax::GUM_CC_BY_PREFIXES);
        model.relearn_lemmas(&ewt, &gum);
        eprintln!("lemmatizer learned again from EWT train and GUM CC BY");
    }
    if let Some(i) = args.iter().position(|a| a == "--name") {
        let old = std::mem::replace(&mut model.info.name, args[i + 1].clone());
        model.info.description.push_str(&format!(
            "; converted from {old} to format {} without retraining the tagger or parser{}",
            syntax::FORMAT_VERSION,
            if args.iter().any(|a| a == "--relearn-lemmas") {
                ", lemmatizer learned again (EWT conventions first, GUM CC BY for coverage)"
            } else {
                ""
            }
        ));
    }
    model.save(out).expect("output model writes");
    let t = Instant::now();
    let back = syntax::Model::load(out).expect("output model loads");
    eprintln!(
        "reloaded {} in {:.3}s",
        out.display(),
        t.elapsed().as_secs_f64()
    );
    assert_eq!(back.weight_counts(), model.weight_counts());
    let len = std::fs::metadata(out).map(|m| m.len()).unwrap_or(0);
    eprintln!("wrote {} ({} bytes)", out.display(), len);
}
