//! The field's gold suites as a regression floor, coded from the records'
//! own UD parses (the end-to-end figures, through our parser, come from
//! `khaldun eval petrarch` in release mode). Skips when `../shared` is absent.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use actor_dict::{ActorDict, ActorStage};
use coder_eval::record_parse::{doc_from_record_parse, record_document};
use coder_eval::{evaluate_petrarch, PetrarchReport, Record, ValidationFile};
use event_coder::{CoderOptions, EventCoder};
use text_model::{AnnotatedDoc, Stage};
use verb_patterns::VerbDictionary;

fn shared() -> Option<PathBuf> {
    let p = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data"));
    if p.is_dir() {
        Some(p.to_path_buf())
    } else {
        eprintln!("note: {} is absent; gold suites skipped", p.display());
        None
    }
}

fn run(records: &Path, verbs: &Path, dicts: &Path) -> PetrarchReport {
    let (file, _) = ValidationFile::load(records).expect("records load");
    let verbs = Arc::new(VerbDictionary::load(verbs).expect("verbs load").0);
    let env = &file.environment;
    let files: Vec<PathBuf> = env
        .actorfiles
        .iter()
        .chain(&env.agentfile)
        .chain(&env.discardfile)
        .map(|f| dicts.join(f))
        .collect();
    let actors = ActorStage::new(Arc::new(ActorDict::load_files(&files).expect("actors").0));
    let coder = |r: &Record| {
        let mut doc =
            doc_from_record_parse(r).unwrap_or_else(|| AnnotatedDoc::new(record_document(r)));
        actors.run(&mut doc);
        let options = CoderOptions {
            require_dyad: r.config.require_dyad,
            // PETRARCH codes "will give" as the action itself, not an intent.
            future_as_intent: false,
            ..CoderOptions::default()
        };
        EventCoder::with_dictionary(verbs.clone(), options).run(&mut doc);
        doc
    };
    evaluate_petrarch(&file, &coder)
}

#[test]
fn unit_test_records_from_their_udpipe_parses() {
    let Some(d) = shared() else { return };
    let rep = run(
        &d.join("universalpetrarch/PETR.UnitTest.records.parsing_parsed_udpipe_2.0.xml"),
        &d.join("universalpetrarch/PETR.Validate.verbs.2.0.txt"),
        &d.join("petrarch2/dictionaries"),
    );
    eprintln!(
        "unit tests (record parse): {}/{} pass, recall {:.3}, precision {:.3}",
        rep.passed,
        rep.evaluated,
        rep.recall(),
        rep.precision()
    );
    assert_eq!(rep.records, 284);
    assert!(rep.evaluated >= 280, "{} records selected", rep.evaluated);
    assert!(
        rep.pass_rate() >= 0.73,
        "pass rate fell to {:.3}",
        rep.pass_rate()
    );
    assert!(
        rep.precision() >= 0.78,
        "precision fell to {:.3}",
        rep.precision()
    );
}

#[test]
fn gsr_validation_from_its_parses() {
    let Some(d) = shared() else { return };
    let rep = run(
        &d.join("universalpetrarch/PETR2_GSR_validation.xml"),
        &d.join("petrarch2/dictionaries/CAMEO.2.0.txt"),
        &d.join("petrarch2/dictionaries"),
    );
    eprintln!(
        "GSR (record parse): {}/{} pass, {} gold codings, recall {:.3}, precision {:.3}",
        rep.passed,
        rep.evaluated,
        rep.gold_codings,
        rep.recall(),
        rep.precision()
    );
    assert_eq!(rep.evaluated, 78);
    assert_eq!(rep.gold_codings, 80);
    assert!(rep.recall() >= 0.58, "recall fell to {:.3}", rep.recall());
    assert!(
        rep.precision() >= 0.60,
        "precision fell to {:.3}",
        rep.precision()
    );
}
