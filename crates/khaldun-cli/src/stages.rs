//! The product's stage registry and the one way commands build a pipeline.

use std::path::PathBuf;

use anyhow::Context;
use pipeline::{Pipeline, PipelineConfig, Registry};
use text_model::Stage;

/// Pipeline choices shared by every command that codes documents.
#[derive(clap::Args, Clone, Debug, Default)]
pub struct PipelineArgs {
    /// Pipeline config (TOML); default: the bundled pipeline.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Dictionary directory in PETRARCH formats, instead of the bundled Phoenix/CAMEO set.
    #[arg(long, value_name = "DIR")]
    pub dict: Option<PathBuf>,
    /// Also emit one-sided events: a source with no target ("the militia
    /// withdrew"), or a target with no source ("soldiers were killed"), whose
    /// record then has an empty source (text "", no code, span 0..0).
    #[arg(long)]
    pub unary: bool,
    /// Also emit uncoded claims: a verb between actors that no CAMEO category
    /// covers ("the militia smuggled weapons"), with attribution, date and
    /// place, an empty CAMEO code and `"uncoded": true`. The store never
    /// keeps them: they are claims, not event counts.
    #[arg(long)]
    pub uncoded: bool,
}

/// Every stage khaldun knows, by versioned name.
pub fn registry() -> Registry {
    let mut registry = Registry::new();
    registry.register("events.placeholder.v0", |_| {
        Ok(Box::new(pipeline::PlaceholderEvents))
    });
    registry.register(segment::SegmentStage::NAME, |_| {
        Ok(Box::new(segment::SegmentStage))
    });
    crate::coder_commands::register_stages(&mut registry);
    crate::claims_commands::register_stages(&mut registry);
    registry.register("syntax.perceptron.v1", |_| {
        let model = syntax::Model::builtin()
            .map_err(|e| pipeline::BuildError::stage("syntax.perceptron.v1", e))?;
        Ok(Box::new(syntax::SyntaxStage::new(model)))
    });
    // Options: `dict_dir` (PETRARCH-format actor files instead of the
    // bundled Phoenix set) and `code_history` (time-only discard phrases
    // such as "1981" no longer blank a sentence).
    registry.register(actor_dict::ActorStage::NAME, |opts| {
        let stage = match opts.get("dict_dir").and_then(|v| v.as_str()) {
            None => actor_dict::ActorStage::phoenix_default(),
            Some(dir) => {
                let (dict, partial) = actor_dict::ActorDict::load_dir(std::path::Path::new(dir))
                    .map_err(|e| pipeline::BuildError::stage(actor_dict::ActorStage::NAME, e))?;
                if let Some(problems) = partial {
                    // A partial load keeps every good entry; the bad lines are named.
                    eprintln!("khaldun: note: {problems}");
                }
                actor_dict::ActorStage::new(std::sync::Arc::new(dict))
            }
        };
        let code_history = opts.get("code_history").and_then(|v| v.as_bool());
        let stage = if code_history.unwrap_or(false) {
            stage.coding_history()
        } else {
            stage
        };
        Ok(Box::new(stage) as Box<dyn Stage>)
    });
    // wire: stage registrations
    registry
}

pub fn build_pipeline(args: &PipelineArgs) -> anyhow::Result<Pipeline> {
    let mut config = match &args.config {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read pipeline config {}", path.display()))?;
            PipelineConfig::from_toml(&text)
                .with_context(|| format!("in pipeline config {}", path.display()))?
        }
        None => PipelineConfig::default_config(),
    };
    if let Some(dir) = &args.dict {
        config.set_option_everywhere("dict_dir", toml::Value::String(dir.display().to_string()));
    }
    // The flag only adds: without it, the config's own `unary` stands.
    if args.unary {
        config.set_option_everywhere("unary", toml::Value::Boolean(true));
    }
    if args.uncoded {
        config.set_option_everywhere("uncoded_claims", toml::Value::Boolean(true));
    }
    Ok(Pipeline::build(&config, &registry())?)
}
