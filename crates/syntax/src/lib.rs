//! Syntax for khaldun: a part-of-speech tagger (joint UPOS + PTB tag), UD
//! morphological features, a lemmatizer and a dependency parser, all
//! averaged perceptrons over hashed features, trained on Universal
//! Dependencies treebanks.
//!
//! - [`Model`]: the trained parts; [`Model::builtin`] is the shipped model,
//!   [`Model::load`] / [`Model::save`] read and write model files whose
//!   signature, version, size and checksum are checked at load.
//! - [`Model::analyze`] and [`Annotator`]: annotate a sentence given as words.
//! - [`train`]: reproducible training from CoNLL-U sentences.
//! - [`evaluate`] and [`score_raw`]: accuracy on gold tokenization and
//!   CoNLL 2018-style F1 from raw text.
//! - [`SyntaxStage`]: the pipeline stage `syntax.perceptron.v1`.
//!
//! The crate knows nothing of tokenization rules or of events: it reads
//! sentences and tokens that earlier stages made.

mod codec;
mod error;
mod eval;
mod feats;
mod hash;
mod lemma;
mod mem;
mod model;
mod parser;
mod perceptron;
mod stage;
mod tagger;
mod train;
mod words;

pub use error::{Error, ErrorKind};
pub use eval::{evaluate, score_raw, Count, PredWord, RawScores, Scores};
pub use model::{
    checksum, Analysis, Annotator, Model, ModelInfo, WordAnalysis, BUILTIN_PATH, FORMAT_VERSION,
};
pub use stage::SyntaxStage;
pub use train::{select_documents, train, TrainOptions, GUM_CC_BY_PREFIXES};
