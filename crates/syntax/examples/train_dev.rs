//! Development driver: trains on EWT train (+ GUM CC BY docs) and saves a model.
//! The product command is `khaldun train syntax`; this exists so the crate can
//! be trained without building the whole CLI.
//!
//! `[BEAM=k] [DECODE_BEAM=k] [MV=1] [PRUNE=tagger,transitions,labels] [NAME=name]
//! train_dev OUT [epochs] [with_gum 0/1]`: BEAM trains a global beam parser
//! (1: greedy with the dynamic oracle), DECODE_BEAM is the width the model
//! parses with and dev chooses the epoch with, MV=1 uses max-violation
//! updates, PRUNE drops smaller weights before saving. EWT dev and test
//! figures are printed at the end.
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
    let env = |k: &str, d: usize| {
        std::env::var(k)
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(d)
    };
    let beam = env("BEAM", 1);
    let decode_beam = env("DECODE_BEAM", 0);
    let max_violation = env("MV", 0) == 1;
    let prune: Option<Vec<f32>> = std::env::var("PRUNE").ok().map(|s| {
        s.split(',')
            .map(|x| x.parse().expect("PRUNE=a,b,c"))
            .collect()
    });
    let parser_desc = if beam > 1 {
        format!(
            "arc-hybrid, global beam {} training with {} update, parsing beam {}",
            beam,
            if max_violation {
                "max-violation"
            } else {
                "early"
            },
            if decode_beam > 0 { decode_beam } else { beam }
        )
    } else {
        "greedy arc-hybrid".to_string()
    };
    let opts = syntax::TrainOptions {
        epochs,
        beam,
        max_violation,
        decode_beam,
        folds: env("FOLDS", 4),
        tagger_epochs: env("TEPOCHS", 8),
        lemma_primary: Some(ewt_len),
        info: syntax::ModelInfo {
            name: std::env::var("NAME").unwrap_or_else(|_| "syntax-en.dev".to_string()),
            description: format!(
                "UD English EWT train{} (UD 2.16); dev EWT dev; seed 1, parser epochs {}, tagger epochs {}, {}{}",
                if gum { " + GUM train CC BY documents (news, interview, voyage, textbook, speech, vlog)" } else { "" },
                epochs,
                env("TEPOCHS", 8),
                parser_desc,
                match &prune {
                    Some(p) => format!("; weights pruned below {p:?} (tagger and features, transitions, labels)"),
                    None => String::new(),
                }
            ),
        },
        ..Default::default()
    };
    let t0 = std::time::Instant::now();
    let mut model = syntax::train(&train, &dev, &opts, &mut |m| {
        eprintln!("[{:>6.1}s] {}", t0.elapsed().as_secs_f64(), m)
    })
    .unwrap();
    let report = |model: &syntax::Model, what: &str, file: &str| {
        let g = conllu::read_file(&ud.join(file)).unwrap();
        let sc = syntax::evaluate(model, &g);
        eprintln!("{what} {}", sc.summary());
    };
    if let Some(p) = &prune {
        let (a, b, c) = match p[..] {
            [a] => (a, a, a),
            [a, b] => (a, b, b),
            [a, b, c, ..] => (a, b, c),
            _ => panic!("PRUNE=tagger,transitions,labels"),
        };
        model.prune_tables(a, b, c);
        report(&model, "pruned DEV", "EWT/en_ewt-ud-dev.conllu");
    }
    eprintln!("trained in {:.0}s", t0.elapsed().as_secs_f64());
    model.save(Path::new(out)).unwrap();
    report(&model, "TEST", "EWT/en_ewt-ud-test.conllu");
}
