use crate::{BuildError, BuildErrorKind};

/// The stages `khaldun code` runs when no `--config` is given.
pub const DEFAULT_CONFIG: &str = include_str!("../default-pipeline.toml");

/// One stage of a config: its registry name and options.
#[derive(Clone, Debug, PartialEq)]
pub struct StageSpec {
    pub name: String,
    pub options: toml::Table,
}

/// A parsed pipeline config.
///
/// ```toml
/// stages = ["segment.rules.v1", "syntax.perceptron.v1"]
/// [options."actors.petrarch.v1"]
/// dict_dir = "my-dictionaries"
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct PipelineConfig {
    pub stages: Vec<StageSpec>,
}

impl PipelineConfig {
    pub fn from_toml(text: &str) -> Result<PipelineConfig, BuildError> {
        let bad = |m: String| BuildError::new(BuildErrorKind::Config(m));
        let table: toml::Table = text
            .parse()
            .map_err(|e: toml::de::Error| bad(e.to_string()))?;
        let names = table
            .get("stages")
            .and_then(|v| v.as_array())
            .ok_or_else(|| bad("`stages` must be a list of stage names".into()))?;
        let options = table.get("options").and_then(|v| v.as_table());
        let mut stages = Vec::new();
        for name in names {
            let name = name
                .as_str()
                .ok_or_else(|| bad("`stages` must hold only strings".into()))?;
            let opts = options
                .and_then(|o| o.get(name))
                .and_then(|v| v.as_table())
                .cloned()
                .unwrap_or_default();
            stages.push(StageSpec {
                name: name.to_string(),
                options: opts,
            });
        }
        Ok(PipelineConfig { stages })
    }

    pub fn default_config() -> PipelineConfig {
        PipelineConfig::from_toml(DEFAULT_CONFIG).expect("the bundled default pipeline parses")
    }

    /// Sets option `key` on every stage that is named `stage`.
    pub fn set_option(&mut self, stage: &str, key: &str, value: toml::Value) {
        for spec in self.stages.iter_mut().filter(|s| s.name == stage) {
            spec.options.insert(key.to_string(), value.clone());
        }
    }

    /// Sets option `key` on every stage (stages ignore options they do not know).
    pub fn set_option_everywhere(&mut self, key: &str, value: toml::Value) {
        for spec in &mut self.stages {
            spec.options.insert(key.to_string(), value.clone());
        }
    }
}
