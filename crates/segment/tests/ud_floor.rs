//! Accuracy floors on the UD development sets, so that a change to the rules
//! cannot silently make segmentation worse. Skipped (with a note) when the
//! shared data directory is absent. The floors sit a little below the
//! figures the rules reach; `khaldun eval segment` prints the exact figures.

use std::path::PathBuf;

use segment::evaluation::evaluate;

fn ud(path: &str) -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/ud/"
    ))
    .join(path)
}

/// `(file, sentence F1, token F1, word F1)` floors.
const FLOORS: &[(&str, f64, f64, f64)] = &[
    ("EWT/en_ewt-ud-dev.conllu", 0.84, 0.991, 0.988),
    ("GUM/en_gum-ud-dev.conllu", 0.945, 0.998, 0.998),
];

#[test]
fn dev_sets_stay_above_floor() {
    let mut failures = Vec::new();
    for &(file, sent_floor, tok_floor, word_floor) in FLOORS {
        let path = ud(file);
        if !path.exists() {
            eprintln!(
                "note: {} is absent; skipping the UD floor check",
                path.display()
            );
            continue;
        }
        let sentences = conllu::read_file(&path).expect("the UD file parses");
        let s = evaluate(&sentences);
        for (what, got, floor) in [
            ("sentence", s.sentences.f1(), sent_floor),
            ("token", s.tokens.f1(), tok_floor),
            ("word", s.words.f1(), word_floor),
        ] {
            if got < floor {
                failures.push(format!(
                    "{file}: {what} F1 {got:.4} is below the floor {floor}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
