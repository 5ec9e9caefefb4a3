//! `khaldun eval petrarch` and `khaldun eval plover`: the field's gold suites
//! for the event coder.
//!
//! The analysis before the coder (segmentation, tagging, parsing) is the
//! bundled pipeline's; actors come from the dictionaries the gold file names
//! (PETRARCH `<Environment>`) or the embedded Phoenix set (PLOVER), and events
//! from `events.cameo.v1` with the verb dictionary the file names. With
//! `--use-record-parse` the records' own CoNLL-U parses replace our parser.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use actor_dict::{ActorDict, ActorStage};
use anyhow::{bail, Context};
use coder_eval::petrarch::CaseResult;
use coder_eval::record_parse::{doc_from_record_parse, record_document};
use coder_eval::{PetrarchReport, PloverReport, Record, ValidationFile};
use event_coder::{CoderOptions, EventCoder};
use pipeline::{Pipeline, PipelineConfig};
use text_model::{AnnotatedDoc, Document, Layer, Stage};
use verb_patterns::VerbDictionary;

use crate::exit::Outcome;
use crate::stages::registry;

#[derive(clap::Args, Debug)]
pub struct EvalPetrarchArgs {
    /// PETRARCH validation records (`PETR.UnitTest.records.xml`,
    /// `PETR2_GSR_validation.xml`, ...).
    #[arg(long, value_name = "FILE")]
    pub records: PathBuf,
    /// Print the figures and every case as one JSON object.
    #[arg(long)]
    pub json: bool,
    /// Code the records' own CoNLL-U `<Parse>` instead of parsing `<Text>`.
    #[arg(long)]
    pub use_record_parse: bool,
    /// Where the dictionaries named in `<Environment>` are; by default the
    /// records' folder, `../dictionaries` and `../petrarch2/dictionaries` beside it.
    #[arg(long, value_name = "DIR")]
    pub dict_dir: Option<PathBuf>,
    /// A verb dictionary to use instead of the `<Verbfile>`.
    #[arg(long, value_name = "FILE")]
    pub verbs: Option<PathBuf>,
    /// Pipeline config for the analysis before actors (default: the bundled one).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Show at most this many failing cases in the table.
    #[arg(long, default_value_t = 400, value_name = "N")]
    pub max_failures: usize,
}

#[derive(clap::Args, Debug)]
pub struct EvalPloverArgs {
    /// PLOVER gold records (`PLOVER_GSR_dev.json`).
    #[arg(long, value_name = "FILE")]
    pub gold: PathBuf,
    /// Print the figures as one JSON object.
    #[arg(long)]
    pub json: bool,
    /// Pipeline config for the analysis before actors (default: the bundled one).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Require both a source and a target, as PETRARCH does; by default an
    /// event with a source alone counts, since a PLOVER type needs no target.
    #[arg(long)]
    pub require_dyad: bool,
    /// Show at most this many failing records (main event not of the gold type).
    #[arg(long, default_value_t = 400, value_name = "N")]
    pub max_failures: usize,
}

/// The bundled (or given) pipeline cut before its first actor, coreference,
/// event or claims stage: segmentation and syntax only.
fn syntax_pipeline(config: Option<&Path>) -> anyhow::Result<Pipeline> {
    let mut cfg = match config {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read pipeline config {}", path.display()))?;
            PipelineConfig::from_toml(&text)
                .with_context(|| format!("in pipeline config {}", path.display()))?
        }
        None => PipelineConfig::default_config(),
    };
    if let Some(cut) = cfg.stages.iter().position(|s| {
        [
            "actors.",
            "events.",
            "coref.",
            "claims.",
            "attribution.",
            "time.",
            "geo.",
        ]
        .iter()
        .any(|p| s.name.starts_with(p))
    }) {
        cfg.stages.truncate(cut);
    }
    Ok(Pipeline::build(&cfg, &registry())?)
}

fn needs_parse(doc: &AnnotatedDoc) -> anyhow::Result<()> {
    if doc.sentences.is_empty() || doc.has_layer(Layer::Dependencies) {
        return Ok(());
    }
    bail!(
        "the pipeline has no stage that fills Dependencies, so events cannot be coded end to \
         end; add the parser to the pipeline, or use --use-record-parse"
    )
}

fn find_file(name: &str, dirs: &[PathBuf]) -> anyhow::Result<PathBuf> {
    dirs.iter()
        .map(|d| d.join(name))
        .find(|p| p.is_file())
        .with_context(|| {
            format!(
                "the dictionary {name} named in <Environment> is in none of: {}",
                dirs.iter()
                    .map(|d| d.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
}

pub fn run_petrarch(args: EvalPetrarchArgs) -> anyhow::Result<Outcome> {
    let (file, partial) = ValidationFile::load(&args.records)
        .with_context(|| format!("cannot read validation records {}", args.records.display()))?;
    if let Some(p) = &partial {
        eprintln!("khaldun: warning: {p}");
    }
    let env = &file.environment;
    let here = args
        .records
        .parent()
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let mut dirs: Vec<PathBuf> = args.dict_dir.iter().cloned().collect();
    dirs.extend([
        here.clone(),
        here.join("../dictionaries"),
        here.join("../petrarch2/dictionaries"),
    ]);

    let verb_path = match (&args.verbs, &env.verbfile) {
        (Some(p), _) => p.clone(),
        (None, Some(name)) => find_file(name, &dirs)?,
        (None, None) => bail!("the records name no <Verbfile>; give one with --verbs"),
    };
    let (verbs, vpartial) = VerbDictionary::load(&verb_path)
        .with_context(|| format!("cannot read verb dictionary {}", verb_path.display()))?;
    if let Some(p) = &vpartial {
        eprintln!("khaldun: note: {p}");
    }
    let verbs = Arc::new(verbs);

    let mut actor_files = Vec::new();
    for name in env
        .actorfiles
        .iter()
        .chain(&env.agentfile)
        .chain(&env.discardfile)
    {
        actor_files.push(find_file(name, &dirs)?);
    }
    let (actor_dict, apartial) = if actor_files.is_empty() {
        (ActorDict::phoenix_default(), None)
    } else {
        ActorDict::load_files(&actor_files).context("cannot read the actor dictionaries")?
    };
    if let Some(p) = &apartial {
        eprintln!("khaldun: note: {p}");
    }
    let actors = ActorStage::new(Arc::new(actor_dict));
    let prefix = if args.use_record_parse {
        None
    } else {
        Some(syntax_pipeline(args.config.as_deref())?)
    };

    let mut problem: Option<anyhow::Error> = None;
    let coder = |r: &Record| -> AnnotatedDoc {
        let mut doc = match &prefix {
            // PETRARCH-1 drops the comma clauses the record's options name
            // before coding; a record's own parse is taken as it is.
            Some(p) => {
                let d = record_document(r);
                let limits = r.config.comma_limits();
                p.run(if limits.is_off() {
                    d
                } else {
                    let text = coder_eval::delete_comma_clauses(d.text(), &limits);
                    Document::new(d.meta.clone(), text)
                })
            }
            None => {
                doc_from_record_parse(r).unwrap_or_else(|| AnnotatedDoc::new(record_document(r)))
            }
        };
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
    // Check once that the analysis parses before running everything.
    if let (Some(p), Some(r)) = (&prefix, file.records.first()) {
        if let Err(e) = needs_parse(&p.run(record_document(r))) {
            problem = Some(e);
        }
    }
    if let Some(e) = problem {
        return Err(e);
    }
    let report = coder_eval::evaluate_petrarch(&file, &coder);
    let mode = if args.use_record_parse {
        "record parse"
    } else {
        "end to end"
    };
    if args.json {
        outln!(
            "{}",
            petrarch_json(&report, &args.records, &verb_path, mode)
        );
    } else {
        print_petrarch(&report, &args.records, &verb_path, mode, args.max_failures);
    }
    Ok(Outcome::Success)
}

fn coding_list(v: &[coder_eval::Coding]) -> Vec<String> {
    v.iter().map(|c| c.to_string()).collect()
}

fn case_json(c: &CaseResult) -> serde_json::Value {
    serde_json::json!({
        "id": c.id, "category": c.category, "passed": c.passed, "text": c.text,
        "expected_kind": c.expected_kind,
        "expected": coding_list(&c.expected), "got": coding_list(&c.got),
        "missing": coding_list(&c.missing), "extra": coding_list(&c.extra),
    })
}

fn petrarch_json(
    r: &PetrarchReport,
    records: &Path,
    verbs: &Path,
    mode: &str,
) -> serde_json::Value {
    let cats: serde_json::Map<String, serde_json::Value> = r
        .by_category
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                serde_json::json!({"passed": v.passed, "total": v.total}),
            )
        })
        .collect();
    serde_json::json!({
        "records_file": records.display().to_string(),
        "verb_dictionary": verbs.display().to_string(),
        "mode": mode,
        "records": r.records, "evaluated": r.evaluated, "passed": r.passed,
        "pass_rate": r.pass_rate(),
        "gold_codings": r.gold_codings, "coded": r.coded, "matched": r.matched,
        "recall": r.recall(), "precision": r.precision(),
        "by_category": cats,
        "cases": r.cases.iter().map(case_json).collect::<Vec<_>>(),
    })
}

fn print_petrarch(r: &PetrarchReport, records: &Path, verbs: &Path, mode: &str, max: usize) {
    outln!(
        "records: {} ({mode}; verbs {})",
        records.display(),
        verbs.display()
    );
    for c in r.failures().take(max) {
        outln!("FAIL {} [{}] ({})", c.id, c.category, c.expected_kind);
        outln!("  text:     {}", c.text);
        if !c.missing.is_empty() {
            outln!("  missing:  {}", coding_list(&c.missing).join(" | "));
        }
        if !c.extra.is_empty() {
            outln!("  extra:    {}", coding_list(&c.extra).join(" | "));
        }
    }
    outln!();
    outln!(
        "{:<12} {:>7} {:>7} {:>7}",
        "category",
        "passed",
        "total",
        "rate"
    );
    for (k, v) in &r.by_category {
        let rate = if v.total == 0 {
            0.0
        } else {
            v.passed as f64 / v.total as f64
        };
        outln!(
            "{k:<12} {:>7} {:>7} {:>6.1}%",
            v.passed,
            v.total,
            100.0 * rate
        );
    }
    outln!(
        "{:<12} {:>7} {:>7} {:>6.1}%   ({} records in the file)",
        "overall",
        r.passed,
        r.evaluated,
        100.0 * r.pass_rate(),
        r.records
    );
    outln!(
        "codings: {} gold, {} coded, {} matched: recall {:.1}%, precision {:.1}%",
        r.gold_codings,
        r.coded,
        r.matched,
        100.0 * r.recall(),
        100.0 * r.precision()
    );
}

pub fn run_plover(args: EvalPloverArgs) -> anyhow::Result<Outcome> {
    let (cases, partial) = coder_eval::plover::load_gold(&args.gold)
        .with_context(|| format!("cannot read PLOVER gold {}", args.gold.display()))?;
    if let Some(p) = &partial {
        eprintln!("khaldun: warning: {p}");
    }
    let prefix = syntax_pipeline(args.config.as_deref())?;
    if let Some(c) = cases.first() {
        needs_parse(&prefix.run(coder_eval::plover::case_document(c)))?;
    }
    // khaldun's default reading: years do not blank a sentence (see
    // `ActorStage::coding_history`).
    let actors = ActorStage::phoenix_default().coding_history();
    let coder = EventCoder::new(CoderOptions {
        require_dyad: args.require_dyad,
        ..CoderOptions::default()
    });
    let analyze = |d: Document| {
        let mut doc = prefix.run(d);
        actors.run(&mut doc);
        coder.run(&mut doc);
        doc
    };
    let r = coder_eval::evaluate_plover(&cases, &analyze);
    if args.json {
        outln!("{}", plover_json(&r));
    } else {
        print_plover(&r, args.max_failures);
    }
    Ok(Outcome::Success)
}

fn plover_json(r: &PloverReport) -> serde_json::Value {
    let types: serde_json::Map<String, serde_json::Value> = r
        .by_type
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                serde_json::json!({"tp": v.tp, "fp": v.fp, "fn": v.fn_,
                    "precision": v.precision(), "recall": v.recall(), "f1": v.f1()}),
            )
        })
        .collect();
    serde_json::json!({
        "records": r.records,
        "micro": {"tp": r.micro.tp, "fp": r.micro.fp, "fn": r.micro.fn_,
            "precision": r.micro.precision(), "recall": r.micro.recall(), "f1": r.micro.f1()},
        "by_type": types,
        "main_event": {"tp": r.main.tp, "fp": r.main.fp, "fn": r.main.fn_,
            "precision": r.main.precision(), "recall": r.main.recall(), "f1": r.main.f1()},
        "source_accuracy": r.source_accuracy(), "target_accuracy": r.target_accuracy(),
        "with_gold_type": r.with_gold_type,
        "cases": r.cases.iter().map(|c| serde_json::json!({
            "id": c.id, "gold": c.gold, "main": c.main, "predicted": c.predicted,
            "source_ok": c.source_ok, "target_ok": c.target_ok})).collect::<Vec<_>>(),
    })
}

fn print_plover(r: &PloverReport, max: usize) {
    for c in r.failures().take(max) {
        outln!(
            "FAIL {} gold {} main {}",
            c.id,
            c.gold,
            c.main.as_deref().unwrap_or("-")
        );
        outln!("  text:     {}", c.text);
        if !c.predicted.is_empty() {
            outln!("  coded:    {}", c.predicted.join(" | "));
        }
    }
    outln!();
    outln!(
        "{:<12} {:>4} {:>4} {:>4} {:>7} {:>7} {:>7}",
        "type",
        "tp",
        "fp",
        "fn",
        "prec",
        "recall",
        "f1"
    );
    for (k, v) in &r.by_type {
        outln!(
            "{k:<12} {:>4} {:>4} {:>4} {:>7.3} {:>7.3} {:>7.3}",
            v.tp,
            v.fp,
            v.fn_,
            v.precision(),
            v.recall(),
            v.f1()
        );
    }
    let m = &r.micro;
    outln!(
        "{:<12} {:>4} {:>4} {:>4} {:>7.3} {:>7.3} {:>7.3}   ({} records)",
        "micro",
        m.tp,
        m.fp,
        m.fn_,
        m.precision(),
        m.recall(),
        m.f1(),
        r.records
    );
    let m = &r.main;
    outln!(
        "{:<12} {:>4} {:>4} {:>4} {:>7.3} {:>7.3} {:>7.3}   (one main event per record)",
        "main-event",
        m.tp,
        m.fp,
        m.fn_,
        m.precision(),
        m.recall(),
        m.f1()
    );
    outln!(
        "actors, where the gold type was coded: source {:.1}% of {}, target {:.1}% of {}",
        100.0 * r.source_accuracy(),
        r.with_gold_type,
        100.0 * r.target_accuracy(),
        r.target_cases
    );
}

/// Registers `events.cameo.v1`. Options: `dict_dir` (a folder holding a
/// PETRARCH verb dictionary: `CAMEO.2.0.txt`, or the first `*verb*.txt`),
/// `unary` (keep one-sided events: no target, or no source), `keep_embedded` (keep
/// a reported or intended event beside the speech act or intent that
/// embeds it, instead of PETRARCH's single transformed event), `uncoded_claims`
/// (also keep claims between actors that no CAMEO category covers, with an
/// empty code).
pub fn register_stages(registry: &mut pipeline::Registry) {
    registry.register("events.cameo.v1", |opts| {
        let flag =
            |key: &str, default: bool| opts.get(key).and_then(|v| v.as_bool()).unwrap_or(default);
        let options = CoderOptions {
            require_dyad: !flag("unary", false),
            keep_embedded: flag("keep_embedded", false),
            uncoded_claims: flag("uncoded_claims", false),
            ..CoderOptions::default()
        };
        let Some(dir) = opts.get("dict_dir").and_then(|v| v.as_str()) else {
            return Ok(Box::new(EventCoder::new(options)) as Box<dyn Stage>);
        };
        let stage = "events.cameo.v1";
        let dir = Path::new(dir);
        let path = verb_file_in(dir).ok_or_else(|| {
            pipeline::BuildError::stage(
                stage,
                format!(
                    "{} holds no verb dictionary (CAMEO.2.0.txt or *verb*.txt)",
                    dir.display()
                ),
            )
        })?;
        let (dict, partial) =
            VerbDictionary::load(&path).map_err(|e| pipeline::BuildError::stage(stage, e))?;
        if let Some(p) = partial {
            eprintln!("khaldun: note: {p}");
        }
        Ok(Box::new(EventCoder::with_dictionary(Arc::new(dict), options)) as Box<dyn Stage>)
    });
}

fn verb_file_in(dir: &Path) -> Option<PathBuf> {
    let preferred = dir.join("CAMEO.2.0.txt");
    if preferred.is_file() {
        return Some(preferred);
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.to_ascii_lowercase().contains("verb") && n.ends_with(".txt"))
        })
        .collect();
    found.sort();
    found.into_iter().next()
}
