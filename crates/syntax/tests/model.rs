//! Small, fast checks: a toy model trained on a few treebank sentences fits
//! them, training is deterministic, model files are checked at load, and
//! unusual input never panics.

use std::path::{Path, PathBuf};

use syntax::{ErrorKind, Model, TrainOptions};

fn ud(file: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/ud")
        .join(file);
    if p.exists() {
        Some(p)
    } else {
        eprintln!("note: {} is absent; test skipped", p.display());
        None
    }
}

fn toy_data() -> Option<Vec<conllu::Sentence>> {
    let p = ud("EWT/en_ewt-ud-train.conllu")?;
    let all = conllu::read_file(&p).expect("EWT train reads");
    Some(
        all.into_iter()
            .filter(|s| s.words.len() >= 4 && s.words.len() <= 20)
            .take(60)
            .collect(),
    )
}

fn toy_model(data: &[conllu::Sentence], seed: u64) -> Model {
    let opts = TrainOptions {
        seed,
        epochs: 15,
        tagger_epochs: 10,
        folds: 1,
        ..TrainOptions::default()
    };
    syntax::train(data, &[], &opts, &mut |_| {}).expect("training succeeds")
}

#[test]
fn toy_model_fits_its_training_sentences() {
    let Some(data) = toy_data() else { return };
    let model = toy_model(&data, 7);
    let sc = syntax::evaluate(&model, &data);
    assert!(sc.words > 500);
    assert!(sc.pct(sc.upos) > 97.0, "UPOS {}", sc.pct(sc.upos));
    assert!(sc.pct(sc.uas) > 90.0, "UAS {}", sc.pct(sc.uas));
    assert!(sc.pct(sc.las) > 85.0, "LAS {}", sc.pct(sc.las));
    assert!(sc.pct(sc.lemma) > 97.0, "lemma {}", sc.pct(sc.lemma));
}

#[test]
fn beam_trained_toy_models_fit_their_sentences() {
    let Some(data) = toy_data() else { return };
    for max_violation in [false, true] {
        let opts = TrainOptions {
            seed: 5,
            epochs: 10,
            tagger_epochs: 10,
            folds: 1,
            beam: 4,
            max_violation,
            ..TrainOptions::default()
        };
        let model = syntax::train(&data, &[], &opts, &mut |_| {}).expect("training succeeds");
        assert_eq!(model.beam(), 4);
        let sc = syntax::evaluate(&model, &data);
        assert!(
            sc.pct(sc.uas) > 90.0,
            "max-violation {max_violation}: UAS {}",
            sc.pct(sc.uas)
        );
        let back = Model::from_bytes(&model.to_bytes()).expect("a written model loads");
        assert_eq!(back.beam(), 4, "the beam width is kept in the file");
    }
}

#[test]
fn training_is_deterministic_and_files_round_trip() {
    let Some(data) = toy_data() else { return };
    let data = &data[..30];
    let a = toy_model(data, 3).to_bytes();
    let b = toy_model(data, 3).to_bytes();
    assert_eq!(a, b, "same data and seed give the same model bytes");
    let back = Model::from_bytes(&a).expect("a written model loads");
    assert_eq!(back.to_bytes(), a);
}

#[test]
fn damaged_model_files_give_typed_errors() {
    let Some(data) = toy_data() else { return };
    let bytes = toy_model(&data[..20], 1).to_bytes();
    let dir = std::env::temp_dir().join(format!("syntax-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();

    let truncated = dir.join("truncated.khsyn");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let err = Model::load(&truncated).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Truncated { .. }), "{err}");
    assert_eq!(err.path(), Some(truncated.as_path()));
    assert!(err.to_string().contains("truncated.khsyn"), "{err}");

    let mut flipped = bytes.clone();
    let mid = 36 + (bytes.len() - 36) / 2;
    flipped[mid] ^= 0x55;
    let err = Model::from_bytes(&flipped).unwrap_err();
    assert!(
        matches!(
            err.kind(),
            ErrorKind::Corrupt(_) | ErrorKind::ChecksumMismatch { .. }
        ),
        "{err}"
    );

    let err = Model::from_bytes(b"PK\x03\x04 not a model at all").unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::NotAModel), "{err}");

    let mut future = bytes.clone();
    future[8] = 99;
    let err = Model::from_bytes(&future).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::UnsupportedVersion { found: 99, .. }),
        "{err}"
    );

    let err = Model::from_bytes(&bytes[..20]).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Truncated { .. }), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn unseen_and_strange_tokens_parse_into_a_tree() {
    let Some(data) = toy_data() else { return };
    let model = toy_model(&data[..20], 1);
    let long = "x".repeat(10_000);
    let cases: Vec<Vec<&str>> = vec![
        vec!["😀", "🇺🇳", "‼"],
        vec![long.as_str(), "is", "long", "."],
        vec!["قال", "الرئيس", "إن", "الحكومة"],
        vec!["中国", "政府", "今天", "宣布"],
        vec!["a"],
        vec![],
        vec!["", "\u{200b}", "\t"],
    ];
    for words in cases {
        let out = model.analyze(&words);
        assert_eq!(out.len(), words.len());
        let roots = out.iter().filter(|a| a.head == 0).count();
        if !words.is_empty() {
            assert_eq!(roots, 1, "{words:?}");
        }
        for (i, a) in out.iter().enumerate() {
            assert!(a.head as usize <= words.len() && a.head as usize != i + 1);
            assert!(!a.upos.is_empty() && !a.deprel.is_empty());
        }
    }
}

#[test]
fn parsed_output_round_trips_through_conllu() {
    let Some(data) = toy_data() else { return };
    let model = toy_model(&data[..20], 1);
    for s in &data[20..30] {
        let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        let mut sent = conllu::Sentence::default();
        for (i, (w, a)) in words.iter().zip(model.analyze(&words)).enumerate() {
            sent.words.push(conllu::Word {
                id: i as u32 + 1,
                form: w.to_string(),
                lemma: a.lemma,
                upos: a.upos.to_string(),
                xpos: a.xpos.to_string(),
                feats: a.feats.to_string(),
                head: a.head,
                deprel: a.deprel.to_string(),
                deps: "_".into(),
                misc: "_".into(),
            });
        }
        let mut text = String::new();
        conllu::write_sentence(&sent, &mut text);
        let back = conllu::parse_str(&text).expect("our output is valid CoNLL-U");
        assert_eq!(back, vec![sent]);
    }
}

#[test]
fn malformed_training_file_names_file_and_line() {
    let dir = std::env::temp_dir().join(format!("syntax-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.conllu");
    std::fs::write(
        &bad,
        "# text = a b\n1\ta\ta\tDET\tDT\t_\t2\tdet\t_\t_\n2\tb\tb\tNOUN\n\n",
    )
    .unwrap();
    let err: syntax::Error = conllu::read_file(&bad).unwrap_err().into();
    assert_eq!(err.line(), Some(3));
    assert_eq!(err.path(), Some(bad.as_path()));
    let msg = err.to_string();
    assert!(msg.contains("bad.conllu") && msg.contains(":3"), "{msg}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn empty_training_data_is_an_error() {
    let err = syntax::train(&[], &[], &TrainOptions::default(), &mut |_| {}).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::NoTrainingData));
}

#[test]
fn builtin_model_loads_and_parses() {
    let model = Model::builtin().expect("the shipped model loads and passes its checks");
    assert!(model.info.name.starts_with("syntax-en"));
    let words = [
        "The",
        "army",
        "is",
        "upgrading",
        "its",
        "air",
        "defences",
        ".",
    ];
    let out = model.analyze(&words);
    assert_eq!(out.len(), words.len());
    assert_eq!(out.iter().filter(|a| a.head == 0).count(), 1);
    assert_eq!(out[3].lemma, "upgrade");
    assert_eq!(out[3].upos, "VERB");
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(syntax::BUILTIN_PATH);
    let head = std::fs::read(&file).expect("the shipped model file is in the repository");
    assert_eq!(
        head[8..12],
        syntax::FORMAT_VERSION.to_le_bytes(),
        "the shipped model is in the current format"
    );
    let again = Model::builtin().unwrap();
    assert!(
        std::sync::Arc::ptr_eq(&model, &again),
        "decoded once, then shared"
    );
}

#[test]
fn stage_fills_every_token_with_absolute_heads() {
    use text_model::{AnnotatedDoc, ByteSpan, Document, Layer, Sentence, Stage, Token};
    let model = Model::builtin().expect("the shipped model loads");
    let text = "Rebels attacked the town . Police said 12 people died .";
    let mut doc = AnnotatedDoc::new(Document::from_text("t", text));
    let mut pos = 0;
    for w in text.split(' ') {
        let start = text[pos..].find(w).unwrap() + pos;
        doc.tokens
            .push(Token::new(ByteSpan::new(start, start + w.len())));
        pos = start + w.len();
    }
    doc.sentences.push(Sentence {
        span: ByteSpan::new(0, 26),
        tokens: 0..5,
    });
    doc.sentences.push(Sentence {
        span: ByteSpan::new(27, text.len()),
        tokens: 5..11,
    });
    syntax::SyntaxStage::new(model).run(&mut doc);
    assert!(doc.has_layer(Layer::Dependencies) && doc.has_layer(Layer::Tags));
    for (si, s) in doc.sentences.iter().enumerate() {
        let range = s.token_range();
        let roots = doc.tokens[range.clone()]
            .iter()
            .filter(|t| t.head.is_none())
            .count();
        assert_eq!(roots, 1, "sentence {si}");
        for t in &doc.tokens[range.clone()] {
            assert!(!t.upos.is_empty() && !t.lemma.is_empty() && !t.deprel.is_empty());
            if let Some(h) = t.head {
                assert!(range.contains(&(h as usize)), "head stays in its sentence");
            }
        }
    }
}
