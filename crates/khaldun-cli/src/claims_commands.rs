//! `khaldun eval claims`: attribution, dates, negation, modality, location,
//! coreference and framing against the hand-written gold passages of
//! `crates/claims/tests/gold/claims-gold.jsonl`; and the registration of the
//! claims stages.
//!
//! End to end (the default), each passage goes through the bundled pipeline
//! with the claims stages added where they belong if the config lacks them:
//! `claims.coref.v1` before the event coder, the others after it. With
//! `--oracle`, gold actor mentions and gold event triggers replace the actor
//! matcher and the event coder, which measures the claims stages alone.

use std::path::PathBuf;

use anyhow::Context;
use claims::eval::{self, ClaimsReport};
use pipeline::{Pipeline, PipelineConfig, StageSpec};

use crate::exit::Outcome;
use crate::stages::registry;

const PRE_EVENT: &[&str] = &["claims.coref.v1"];
const POST_EVENT: &[&str] = &[
    "claims.attribution.v1",
    "claims.modality.v1",
    "claims.dates.v1",
    "geo.gazetteer.v1",
    "framing.lexicon.v1",
];

/// Registers every claims stage by its versioned name.
pub fn register_stages(registry: &mut pipeline::Registry) {
    registry.register("claims.coref.v1", |_| {
        Ok(Box::new(claims::CorefStage::new()))
    });
    registry.register("claims.attribution.v1", |_| {
        Ok(Box::new(claims::AttributionStage::new()))
    });
    registry.register("claims.modality.v1", |_| {
        Ok(Box::new(claims::ModalityStage::new()))
    });
    registry.register("claims.dates.v1", |_| {
        Ok(Box::new(claims::DateStage::new()))
    });
    registry.register("geo.gazetteer.v1", |_| {
        Ok(Box::new(claims::GeoStage::new()))
    });
    registry.register("framing.lexicon.v1", |_| {
        Ok(Box::new(claims::FramingStage::new()))
    });
}

#[derive(clap::Args, Debug)]
pub struct EvalClaimsArgs {
    /// Gold passages (JSON Lines), e.g. crates/claims/tests/gold/claims-gold.jsonl.
    #[arg(long, value_name = "FILE")]
    pub gold: PathBuf,
    /// Print the figures (and every miss) as one JSON object.
    #[arg(long)]
    pub json: bool,
    /// Use the gold actor mentions and event triggers instead of the actor
    /// matcher and the event coder (measures the claims stages alone).
    #[arg(long)]
    pub oracle: bool,
    /// Pipeline config (default: the bundled one).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Print each miss (field, expected, got) after the table.
    #[arg(long)]
    pub misses: bool,
    /// For every passage with a miss, print its parse, actor mentions and
    /// coded events (with the pattern that made each): a development aid.
    #[arg(long)]
    pub explain: bool,
    /// Keep the coder's default of dyadic events only. By default the
    /// evaluation codes one-sided events too ("the militia withdrew"),
    /// because the gold passages hold claims with no target actor.
    #[arg(long)]
    pub dyadic: bool,
    /// Score CAMEO-coded events only. By default the evaluation keeps
    /// uncoded claims too ("the militia smuggled weapons", a verb no CAMEO
    /// category covers), because the gold passages hold such claims.
    #[arg(long)]
    pub coded_only: bool,
}

fn config(args: &EvalClaimsArgs) -> anyhow::Result<PipelineConfig> {
    Ok(match &args.config {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read pipeline config {}", path.display()))?;
            PipelineConfig::from_toml(&text)
                .with_context(|| format!("in pipeline config {}", path.display()))?
        }
        None => PipelineConfig::default_config(),
    })
}

fn spec(name: &str) -> StageSpec {
    StageSpec {
        name: name.to_string(),
        options: toml::Table::new(),
    }
}

/// The config with the claims stages put in place where they are missing.
fn with_claims_stages(mut cfg: PipelineConfig) -> PipelineConfig {
    let has = |cfg: &PipelineConfig, n: &str| cfg.stages.iter().any(|s| s.name == n);
    let events_at = cfg
        .stages
        .iter()
        .position(|s| s.name.starts_with("events."));
    let Some(ev) = events_at else {
        return cfg;
    };
    let mut at = ev;
    for name in PRE_EVENT {
        if !has(&cfg, name) {
            cfg.stages.insert(at, spec(name));
            at += 1;
        }
    }
    let mut after = cfg
        .stages
        .iter()
        .position(|s| s.name.starts_with("events."))
        .map_or(cfg.stages.len(), |i| i + 1);
    for name in POST_EVENT {
        if !has(&cfg, name) {
            cfg.stages.insert(after, spec(name));
        }
        after = cfg
            .stages
            .iter()
            .position(|s| s.name == *name)
            .map_or(after, |i| i + 1);
    }
    cfg
}

/// The config cut before actors, coreference and events: analysis only.
fn analysis_only(mut cfg: PipelineConfig) -> PipelineConfig {
    if let Some(cut) = cfg.stages.iter().position(|s| {
        ["actors.", "events.", "claims.", "geo.", "framing."]
            .iter()
            .any(|p| s.name.starts_with(p))
    }) {
        cfg.stages.truncate(cut);
    }
    cfg
}

/// Sets a boolean option of the event coder stages.
fn set_coder_option(cfg: &mut PipelineConfig, key: &str, value: bool) {
    for spec in cfg
        .stages
        .iter_mut()
        .filter(|s| s.name.starts_with("events."))
    {
        spec.options.insert(key.into(), toml::Value::Boolean(value));
    }
}

pub fn run(args: EvalClaimsArgs) -> anyhow::Result<Outcome> {
    let golds = eval::load_gold(&args.gold)
        .with_context(|| format!("cannot read claims gold {}", args.gold.display()))?;
    let mut cfg = config(&args)?;
    // Set either way, so that the mode line below is true even over a
    // config that says otherwise.
    set_coder_option(&mut cfg, "unary", !args.dyadic);
    set_coder_option(&mut cfg, "uncoded_claims", !args.coded_only);
    let full = if args.oracle {
        None
    } else {
        Some(Pipeline::build(
            &with_claims_stages(cfg.clone()),
            &registry(),
        )?)
    };
    let report: ClaimsReport = match &full {
        None => {
            let pipeline = Pipeline::build(&analysis_only(cfg.clone()), &registry())?;
            eval::evaluate(&golds, |g| {
                eval::run_oracle(g, |doc| *doc = pipeline.run(doc.doc.clone()))
            })
        }
        Some(pipeline) => eval::evaluate(&golds, |g| pipeline.run(g.document())),
    };
    // With uncoded claims kept, the figures for CAMEO-coded events alone
    // go beside them, so that neither is read without the other.
    let coded_only: Option<ClaimsReport> = if args.oracle || args.coded_only {
        None
    } else {
        let mut cfg = cfg.clone();
        set_coder_option(&mut cfg, "uncoded_claims", false);
        let pipeline = Pipeline::build(&with_claims_stages(cfg), &registry())?;
        Some(eval::evaluate(&golds, |g| pipeline.run(g.document())))
    };
    if args.json {
        let fields: serde_json::Map<String, serde_json::Value> = report
            .fields()
            .iter()
            .map(|(name, f)| {
                (
                    name.to_string(),
                    serde_json::json!({"correct": f.correct, "total": f.total, "accuracy": f.accuracy(),
                                       "end_to_end": report.end_to_end(name)}),
                )
            })
            .collect();
        let misses: Vec<serde_json::Value> = report
            .misses
            .iter()
            .map(|m| {
                serde_json::json!({"doc": m.doc, "trigger": m.trigger, "field": m.field,
                                   "expected": m.expected, "got": m.got})
            })
            .collect();
        let out = serde_json::json!({
            "mode": if args.oracle { "oracle" } else { "end-to-end" },
            "uncoded_claims": !args.coded_only && !args.oracle,
            "coded_only": coded_only.as_ref().map(|r| serde_json::json!({
                "matched_events": r.matched_events,
                "end_to_end": eval::EVENT_FIELDS
                    .iter()
                    .map(|f| (f.to_string(), serde_json::json!(r.end_to_end(f))))
                    .collect::<serde_json::Map<_, _>>(),
            })),
            "passages": report.docs,
            "gold_events": report.gold_events,
            "matched_events": report.matched_events,
            "fields": fields,
            "misses": misses,
        });
        outln!("{out}");
    } else {
        outln!(
            "mode: {}{}",
            match (args.oracle, args.dyadic) {
                (true, _) => "oracle (gold mentions and triggers)",
                (false, false) => "end to end (one-sided events coded too)",
                (false, true) => "end to end (dyadic events only)",
            },
            if args.coded_only || args.oracle {
                ""
            } else {
                "; uncoded claims kept"
            }
        );
        out!("{}", eval::render(&report));
        // Passages written after the stages were built: a check that the
        // figures above are not fitted to the passages they were built on.
        let heldout: Vec<_> = golds
            .iter()
            .filter(|g| g.constructions.iter().any(|c| c == "heldout"))
            .cloned()
            .collect();
        if let (false, Some(pipeline)) = (heldout.is_empty(), &full) {
            let held = eval::evaluate(&heldout, |g| pipeline.run(g.document()));
            outln!("\nheld-out passages only:");
            out!("{}", eval::render(&held));
        }
        if let Some(r) = &coded_only {
            let figures: Vec<String> = eval::EVENT_FIELDS
                .iter()
                .map(|f| format!("{f} {:.1}%", 100.0 * r.end_to_end(f)))
                .collect();
            outln!(
                "\nCAMEO-coded events only (--coded-only): {} of {} gold events matched ({:.1}%); end to end {}",
                r.matched_events,
                r.gold_events,
                100.0 * r.matched_events as f64 / r.gold_events.max(1) as f64,
                figures.join(", ")
            );
        }
        if let (true, Some(pipeline)) = (args.explain, &full) {
            for g in &golds {
                if report.misses.iter().any(|m| m.doc == g.id) {
                    out!("{}", explain(g, &pipeline.run(g.document())));
                }
            }
        }
        if args.misses {
            for m in &report.misses {
                outln!(
                    "miss {} [{}] {}: expected {} got {}",
                    m.doc,
                    m.trigger,
                    m.field,
                    m.expected,
                    m.got
                );
            }
        }
    }
    Ok(Outcome::Success)
}

/// The parse, mentions and events of one passage, as text.
fn explain(gold: &eval::GoldDoc, doc: &text_model::AnnotatedDoc) -> String {
    use std::fmt::Write;
    let mut out = format!("\n== {}: {}\n", gold.id, gold.text);
    for e in &gold.events {
        let _ = writeln!(
            out,
            "gold  {} [{}] {:?} -> {:?}",
            e.trigger, e.cameo, e.source, e.target
        );
    }
    for s in &doc.sentences {
        let base = s.tokens.start as usize;
        for i in s.token_range() {
            let t = &doc.tokens[i];
            let _ = writeln!(
                out,
                "  {:>3} {:<16} {:<12} {:<6} {:<5} {:>3} {}",
                i - base + 1,
                doc.slice(t.span),
                t.lemma,
                t.upos,
                t.xpos,
                t.head.map_or(0, |h| h as usize - base + 1),
                t.deprel
            );
        }
    }
    for m in &doc.mentions {
        let _ = writeln!(
            out,
            "mention {:?} {:?} {:?}{}",
            doc.slice(m.span),
            m.kind,
            m.code,
            m.antecedent
                .map(|a| format!(" -> {:?}", doc.slice(a)))
                .unwrap_or_default()
        );
    }
    for e in &doc.events {
        let _ = writeln!(
            out,
            "event {} [{}] {:?} -> {:?}  ({})",
            doc.slice(e.trigger),
            e.cameo,
            doc.slice(e.source.span),
            e.target.as_ref().map(|t| doc.slice(t.span)),
            e.pattern.as_deref().unwrap_or("")
        );
    }
    out
}
