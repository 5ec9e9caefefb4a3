//! Runs a validation file with the records' own parses:
//! `cargo run -p coder-eval --example gold_record_parse -- FILE.xml VERBS DICTDIR`
use std::path::{Path, PathBuf};
use std::sync::Arc;

use actor_dict::{ActorDict, ActorStage};
use coder_eval::record_parse::doc_from_record_parse;
use coder_eval::{evaluate_petrarch, Record, ValidationFile};
use event_coder::{CoderOptions, EventCoder};
use text_model::Stage;
use verb_patterns::VerbDictionary;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (file, _) = ValidationFile::load(Path::new(&args[1])).unwrap();
    let dir = PathBuf::from(&args[3]);
    let verbs = Arc::new(VerbDictionary::load(Path::new(&args[2])).unwrap().0);
    let env = &file.environment;
    let mut paths: Vec<PathBuf> = env.actorfiles.iter().map(|f| dir.join(f)).collect();
    paths.extend(env.agentfile.iter().map(|f| dir.join(f)));
    paths.extend(env.discardfile.iter().map(|f| dir.join(f)));
    let (ad, _) = ActorDict::load_files(&paths).unwrap();
    let actors = ActorStage::new(Arc::new(ad));
    let verbose = std::env::var("VERBOSE").is_ok();
    let coder = |r: &Record| {
        let mut doc = doc_from_record_parse(r).unwrap_or_else(|| {
            text_model::AnnotatedDoc::new(coder_eval::record_parse::record_document(r))
        });
        actors.run(&mut doc);
        let c = EventCoder::with_dictionary(
            verbs.clone(),
            CoderOptions {
                require_dyad: r.config.require_dyad,
                future_as_intent: false,
                ..CoderOptions::default()
            },
        );
        c.run(&mut doc);
        if verbose {
            for (i, t) in doc.tokens.iter().enumerate() {
                eprintln!(
                    "  {i} {} {} {} {:?} {}",
                    doc.slice(t.span),
                    t.lemma,
                    t.upos,
                    t.head,
                    t.deprel
                );
            }
            for m in &doc.mentions {
                eprintln!(
                    "   mention {:?} {:?} {:?}",
                    doc.slice(m.span),
                    m.code,
                    m.kind
                );
            }
            for e in &doc.events {
                eprintln!("   event {} {:?}", e.cameo, e.pattern);
            }
        }
        doc
    };
    let mut file = file;
    if let Ok(other) = std::env::var("PARSES") {
        // Borrow CoNLL-U parses from another version of the same records, by id.
        let (o, _) = ValidationFile::load(Path::new(&other)).unwrap();
        let key = |id: &str| id.replace('_', "-");
        for r in &mut file.records {
            if let Some(x) = o
                .records
                .iter()
                .find(|x| key(&x.id) == key(&r.id) && x.text == r.text)
            {
                r.parse = x.parse.clone();
            }
        }
    }
    if let Ok(only) = std::env::var("ONLY") {
        file.records.retain(|r| only.split(',').any(|o| r.id == o));
    }
    let rep = evaluate_petrarch(&file, &coder);
    for c in rep.failures() {
        println!(
            "FAIL {} [{}] {}\n   expected({}) {:?}\n   got {:?}",
            c.id,
            c.category,
            c.text,
            c.expected_kind,
            c.expected.iter().map(|x| x.to_string()).collect::<Vec<_>>(),
            c.got.iter().map(|x| x.to_string()).collect::<Vec<_>>()
        );
    }
    for (k, v) in &rep.by_category {
        println!("{k}: {}/{}", v.passed, v.total);
    }
    println!(
        "passed {}/{} (records {}), recall {:.3} precision {:.3} ({} gold, {} coded, {} matched)",
        rep.passed,
        rep.evaluated,
        rep.records,
        rep.recall(),
        rep.precision(),
        rep.gold_codings,
        rep.coded,
        rep.matched
    );
}
