//! Development driver: writes the model's analysis of every word of a
//! CoNLL-U file (gold tokenization) as tab-separated lines, to compare models
//! or to read errors: `dump_dev FILE.conllu [MODEL]`.
use std::io::Write;
use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let sents = conllu::read_file(Path::new(&args[1])).expect("CoNLL-U reads");
    let model = match args.get(2) {
        Some(p) => std::sync::Arc::new(syntax::Model::load(Path::new(p)).expect("model loads")),
        None => syntax::Model::builtin().expect("builtin model"),
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for s in &sents {
        let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        for (g, a) in s.words.iter().zip(model.analyze(&words)) {
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                g.form,
                a.upos,
                a.xpos,
                a.feats,
                a.lemma,
                a.head,
                a.deprel,
                g.upos,
                g.xpos,
                g.lemma,
                g.head
            )
            .unwrap();
        }
        writeln!(out).unwrap();
    }
}
