use std::fmt;
use text_model::Layer;

/// Why a pipeline could not be built.
#[derive(Debug)]
pub struct BuildError {
    kind: BuildErrorKind,
}

#[derive(Debug)]
#[non_exhaustive]
pub enum BuildErrorKind {
    /// The config names a stage the registry does not know.
    UnknownStage {
        name: String,
        known: Vec<String>,
    },
    /// A stage needs a layer no earlier stage provides.
    MissingLayer {
        stage: String,
        layer: Layer,
        available: Vec<Layer>,
    },
    DuplicateStage(String),
    /// The config text is not valid.
    Config(String),
    /// A stage could not load its resources (model, dictionary).
    Stage {
        name: String,
        message: String,
    },
}

impl BuildError {
    pub fn new(kind: BuildErrorKind) -> BuildError {
        BuildError { kind }
    }

    /// For stage factories: a resource of stage `name` failed to load.
    pub fn stage(name: &str, message: impl fmt::Display) -> BuildError {
        BuildError::new(BuildErrorKind::Stage {
            name: name.to_string(),
            message: message.to_string(),
        })
    }

    pub fn kind(&self) -> &BuildErrorKind {
        &self.kind
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            BuildErrorKind::UnknownStage { name, known } => write!(
                f,
                "no stage named {:?}; known stages: {}",
                name,
                known.join(", ")
            ),
            BuildErrorKind::MissingLayer {
                stage,
                layer,
                available,
            } => write!(
                f,
                "stage {:?} needs the {:?} layer, but the stages before it only provide {:?}",
                stage, layer, available
            ),
            BuildErrorKind::DuplicateStage(name) => {
                write!(f, "stage {:?} appears twice in the pipeline", name)
            }
            BuildErrorKind::Config(msg) => write!(f, "invalid pipeline config: {}", msg),
            BuildErrorKind::Stage { name, message } => {
                write!(f, "stage {:?} could not be built: {}", name, message)
            }
        }
    }
}

impl std::error::Error for BuildError {}
