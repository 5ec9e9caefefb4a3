//! A development aid: shows, for chosen validation records, the parse, the
//! actor mentions and the coded events with the pattern that made each.
//!
//! ```text
//! # 1. the records' texts as JSON Lines
//! cargo run -p coder-eval --example explain -- RECORDS.xml VERBS DICT_DIR --jsonl > r.jsonl
//! # 2. parse them with our parser
//! khaldun parse --input-format jsonl r.jsonl > r.conllu
//! # 3. explain some records (no id: every failing record)
//! cargo run -p coder-eval --example explain -- RECORDS.xml VERBS DICT_DIR r.conllu [ID...]
//! ```

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use actor_dict::{ActorDict, ActorStage};
use coder_eval::record_parse::{doc_from_record_parse, record_document};
use coder_eval::{codings_of, Expected, Record, ValidationFile};
use event_coder::{CoderOptions, EventCoder};
use text_model::{AnnotatedDoc, Stage};
use verb_patterns::VerbDictionary;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 4 {
        eprintln!("usage: explain RECORDS VERBS DICT_DIR (--jsonl | CONLLU [ID...])");
        std::process::exit(2);
    }
    let (file, _) = ValidationFile::load(Path::new(&args[0])).expect("records");
    if args[3] == "--jsonl" {
        for r in &file.records {
            println!(
                "{}",
                serde_json::json!({"id": r.id, "text": r.text, "published": r.date})
            );
        }
        return;
    }
    let verbs = Arc::new(VerbDictionary::load(Path::new(&args[1])).expect("verbs").0);
    let dicts = PathBuf::from(&args[2]);
    let env = &file.environment;
    let files: Vec<PathBuf> = env
        .actorfiles
        .iter()
        .chain(&env.agentfile)
        .chain(&env.discardfile)
        .map(|f| dicts.join(f))
        .collect();
    let actors = ActorStage::new(Arc::new(ActorDict::load_files(&files).expect("actors").0));
    let conllu = std::fs::read_to_string(&args[3]).expect("conllu");
    let mut parses: HashMap<String, String> = HashMap::new();
    let mut cur = String::new();
    for line in conllu.lines() {
        if let Some(id) = line.strip_prefix("# newdoc id = ") {
            cur = id.trim().to_string();
        } else if !line.starts_with('#') {
            let e = parses.entry(cur.clone()).or_default();
            e.push_str(line);
            e.push('\n');
        }
    }
    let wanted: Vec<&String> = args[4..].iter().collect();
    for r in &file.records {
        if !file.is_selected(r) || (!wanted.is_empty() && !wanted.contains(&&r.id)) {
            continue;
        }
        let mut r2: Record = r.clone();
        r2.parse = parses.get(&r.id).cloned();
        let mut doc =
            doc_from_record_parse(&r2).unwrap_or_else(|| AnnotatedDoc::new(record_document(&r2)));
        actors.run(&mut doc);
        let options = CoderOptions {
            require_dyad: r.config.require_dyad,
            future_as_intent: false,
            ..CoderOptions::default()
        };
        EventCoder::with_dictionary(verbs.clone(), options).run(&mut doc);
        let got = codings_of(&doc);
        let expected = match &r.expected {
            Expected::Events(v) => v.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
            Expected::NoEvents => vec!["(noevents)".into()],
            Expected::Error(e) => vec![format!("(error {e})")],
        };
        let mut g: Vec<String> = got.iter().map(|c| c.to_string()).collect();
        let mut x = expected.clone();
        g.sort();
        x.sort();
        let pass = match &r.expected {
            Expected::Events(_) => g == x,
            _ => g.is_empty(),
        };
        if wanted.is_empty() && pass {
            continue;
        }
        println!(
            "=== {} [{}] dyad={} {}",
            r.id,
            r.category,
            r.config.require_dyad,
            if pass { "PASS" } else { "FAIL" }
        );
        println!("{}", r.text);
        let text = doc.text().to_string();
        for (i, t) in doc.tokens.iter().enumerate() {
            let m: Vec<String> = doc
                .mentions
                .iter()
                .filter(|m| (m.tokens.start as usize..m.tokens.end as usize).contains(&i))
                .map(|m| format!("{:?}:{}", m.kind, m.code.as_deref().unwrap_or("")))
                .collect();
            let head = t.head.map(|h| h as i64 + 1).unwrap_or(0);
            println!(
                "  {:>3} {:<16} {:<12} {:<5} {:<4} {:>3} {:<12} {}",
                i + 1,
                t.span.slice(&text),
                t.lemma,
                t.upos,
                t.xpos,
                head,
                t.deprel,
                m.join(" ")
            );
        }
        println!("  expected: {}", expected.join(" | "));
        for (e, c) in doc.events.iter().zip(&got) {
            println!(
                "  got:      {c}   <- {} @{}",
                e.pattern.as_deref().unwrap_or(""),
                e.trigger.slice(&text)
            );
        }
        for d in &doc.diagnostics {
            println!("  diag: {d:?}");
        }
    }
}
