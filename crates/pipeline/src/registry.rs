use std::collections::BTreeMap;

use text_model::Stage;

use crate::{BuildError, BuildErrorKind, StageSpec};

/// A stage's options from the config, e.g. `dict_dir`.
pub type StageOptions = toml::Table;

/// Builds a stage from its options; fails when resources do not load.
pub type StageFactory =
    Box<dyn Fn(&StageOptions) -> Result<Box<dyn Stage>, BuildError> + Send + Sync>;

/// Maps versioned stage names to factories. A registered name never changes
/// behaviour; a new behaviour gets a new version suffix.
#[derive(Default)]
pub struct Registry {
    factories: BTreeMap<String, StageFactory>,
}

impl Registry {
    pub fn new() -> Registry {
        Registry::default()
    }

    pub fn register<F>(&mut self, name: &str, factory: F)
    where
        F: Fn(&StageOptions) -> Result<Box<dyn Stage>, BuildError> + Send + Sync + 'static,
    {
        self.factories.insert(name.to_string(), Box::new(factory));
    }

    pub fn names(&self) -> Vec<String> {
        self.factories.keys().cloned().collect()
    }

    pub(crate) fn construct(&self, spec: &StageSpec) -> Result<Box<dyn Stage>, BuildError> {
        match self.factories.get(&spec.name) {
            Some(factory) => factory(&spec.options),
            None => Err(BuildError::new(BuildErrorKind::UnknownStage {
                name: spec.name.clone(),
                known: self.names(),
            })),
        }
    }
}
