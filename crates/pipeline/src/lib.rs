//! Pipelines of stages, built from a config and checked when built.
//!
//! A [`PipelineConfig`] names stages by their versioned registry names
//! (`"segment.rules.v1"`). [`Pipeline::build`] looks each name up in a
//! [`Registry`], constructs the stage with its options, and checks, in order,
//! that every layer a stage requires was provided by an earlier stage. A
//! pipeline that would run a stage without its inputs is refused before any
//! document is read, with an error that names the stage and the missing
//! layer.
//!
//! Running never fails: stages report problems as diagnostics on the
//! document. [`Pipeline::run_batch`] spreads documents over threads with
//! rayon and keeps their order.

mod config;
mod error;
mod placeholder;
mod registry;

pub use config::{PipelineConfig, StageSpec, DEFAULT_CONFIG};
pub use error::{BuildError, BuildErrorKind};
pub use placeholder::PlaceholderEvents;
pub use registry::{Registry, StageFactory, StageOptions};

use rayon::prelude::*;
use text_model::{AnnotatedDoc, Document, Layer, Stage};

/// A checked, ready-to-run sequence of stages.
pub struct Pipeline {
    stages: Vec<Box<dyn Stage>>,
}

impl Pipeline {
    /// Builds the stages named in `config` and checks their order.
    pub fn build(config: &PipelineConfig, registry: &Registry) -> Result<Pipeline, BuildError> {
        let mut stages = Vec::with_capacity(config.stages.len());
        for spec in &config.stages {
            stages.push(registry.construct(spec)?);
        }
        Pipeline::from_stages(stages)
    }

    /// Checks an explicit list of stages.
    pub fn from_stages(stages: Vec<Box<dyn Stage>>) -> Result<Pipeline, BuildError> {
        let mut provided: Vec<Layer> = Vec::new();
        let mut names: Vec<&'static str> = Vec::new();
        for stage in &stages {
            if names.contains(&stage.name()) {
                return Err(BuildError::new(BuildErrorKind::DuplicateStage(
                    stage.name().to_string(),
                )));
            }
            names.push(stage.name());
            for need in stage.requires() {
                if !provided.contains(need) {
                    return Err(BuildError::new(BuildErrorKind::MissingLayer {
                        stage: stage.name().to_string(),
                        layer: *need,
                        available: provided.clone(),
                    }));
                }
            }
            provided.extend_from_slice(stage.provides());
        }
        Ok(Pipeline { stages })
    }

    pub fn stage_names(&self) -> Vec<&'static str> {
        self.stages.iter().map(|s| s.name()).collect()
    }

    /// Runs every stage over one document.
    pub fn run(&self, doc: Document) -> AnnotatedDoc {
        let mut annotated = AnnotatedDoc::new(doc);
        for stage in &self.stages {
            stage.run(&mut annotated);
            for layer in stage.provides() {
                annotated.mark_layer(*layer);
            }
        }
        annotated
    }

    /// Runs documents in parallel; the output keeps the input order.
    pub fn run_batch(&self, docs: Vec<Document>) -> Vec<AnnotatedDoc> {
        docs.into_par_iter().map(|d| self.run(d)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fake {
        name: &'static str,
        requires: &'static [Layer],
        provides: &'static [Layer],
    }

    impl Stage for Fake {
        fn name(&self) -> &'static str {
            self.name
        }
        fn requires(&self) -> &'static [Layer] {
            self.requires
        }
        fn provides(&self) -> &'static [Layer] {
            self.provides
        }
        fn run(&self, doc: &mut AnnotatedDoc) {
            let n = doc.text().len();
            doc.diagnose(text_model::Severity::Info, self.name, format!("{n}"), None);
        }
    }

    fn fake(
        name: &'static str,
        requires: &'static [Layer],
        provides: &'static [Layer],
    ) -> Box<dyn Stage> {
        Box::new(Fake {
            name,
            requires,
            provides,
        })
    }

    #[test]
    fn refuses_a_stage_before_its_inputs() {
        let err = Pipeline::from_stages(vec![
            fake("tags", &[Layer::Tokens], &[Layer::Tags]),
            fake("tokens", &[], &[Layer::Tokens]),
        ])
        .err()
        .unwrap();
        assert!(matches!(
            err.kind(),
            BuildErrorKind::MissingLayer {
                layer: Layer::Tokens,
                ..
            }
        ));
        assert!(err.to_string().contains("tags"));
    }

    #[test]
    fn refuses_duplicates_and_runs_in_order() {
        assert!(Pipeline::from_stages(vec![fake("a", &[], &[]), fake("a", &[], &[])]).is_err());
        let p = Pipeline::from_stages(vec![
            fake("tokens", &[], &[Layer::Tokens]),
            fake("tags", &[Layer::Tokens], &[Layer::Tags]),
        ])
        .unwrap();
        let docs: Vec<Document> = (0..20)
            .map(|i| Document::from_text(format!("d{i}"), "x".repeat(i)))
            .collect();
        let out = p.run_batch(docs);
        for (i, d) in out.iter().enumerate() {
            assert_eq!(d.doc.id(), format!("d{i}"));
            assert!(d.has_layer(Layer::Tags));
            assert_eq!(d.diagnostics.len(), 2);
        }
    }

    #[test]
    fn builds_from_config_through_registry() {
        let mut registry = Registry::new();
        registry.register("tokens.v1", |_| {
            Ok(fake("tokens.v1", &[], &[Layer::Tokens]))
        });
        let config = PipelineConfig::from_toml("stages = [\"tokens.v1\"]").unwrap();
        assert!(Pipeline::build(&config, &registry).is_ok());
        let unknown = PipelineConfig::from_toml("stages = [\"nope.v1\"]").unwrap();
        let err = Pipeline::build(&unknown, &registry).err().unwrap();
        assert!(err.to_string().contains("tokens.v1"), "{err}");
    }
}
