//! Development driver: trains on EWT train (+ GUM CC BY docs) and saves a model.
//! The product command is `khaldun train syntax`; this exists so the crate can
//! be trained without building the whole CLI.
use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let out = args
        .get(1)
        .expect("usage: train_dev OUT [epochs] [with_gum 0/1]");
    let epochs: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(15);
    let gum = args.get(3).is_none_or(|s| s == "1");
    let ud = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/ud");
    let mut train = conllu::read_file(&ud.join("EWT/en_ewt-ud-train.conllu")).unwrap();
    let ewt_len = train.len();
    if gum {
        let g = conllu::read_file(&ud.join("GUM/en_gum-ud-train.conllu")).unwrap();
        let g = syntax::select_documents(g, syntax::GUM_CC_BY_PREFIXES);
        eprintln!("GUM CC BY sentences: {}", g.len());
        train.extend(g);
    }
    let dev = conllu::read_file(&ud.join("EWT/en_ewt-ud-dev.conllu")).unwrap();
    let beam: usize = std::env::var("BEAM")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let env = |k: &str, d: usize| {
        std::env::var(k)
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(d)
    };
    let opts = syntax::TrainOptions {
        epochs,
        beam,
        max_violation: env("MV", 0) == 1,
        folds: env("FOLDS", 4),
        tagger_epochs: env("TEPOCHS", 8),
        lemma_primary: Some(ewt_len),
        info: syntax::ModelInfo {
            name: "syntax-en.v1".to_string(),
            description: format!(
                "UD English EWT train{} (UD 2.16); dev EWT dev; seed 1, parser epochs {}, tagger epochs {}, greedy arc-hybrid",
                if gum { " + GUM train CC BY documents (news, interview, voyage, textbook, speech, vlog)" } else { "" },
                epochs,
                env("TEPOCHS", 8)
            ),
        },
        ..Default::default()
    };
    let t0 = std::time::Instant::now();
    let model = syntax::train(&train, &dev, &opts, &mut |m| {
        eprintln!("[{:>6.1}s] {}", t0.elapsed().as_secs_f64(), m)
    })
    .unwrap();
    model.save(Path::new(out)).unwrap();
    let test = conllu::read_file(&ud.join("EWT/en_ewt-ud-test.conllu")).unwrap();
    let sc = syntax::evaluate(&model, &test);
    eprintln!(
        "TEST UPOS {:.2} XPOS {:.2} feats {:.2} lemma {:.2} UAS {:.2} LAS {:.2}",
        sc.pct(sc.upos),
        sc.pct(sc.xpos),
        sc.pct(sc.ufeats),
        sc.pct(sc.lemma),
        sc.pct(sc.uas),
        sc.pct(sc.las)
    );
}
