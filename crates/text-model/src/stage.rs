use crate::AnnotatedDoc;

/// The annotation layers a stage can need or add.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Layer {
    Sentences,
    Tokens,
    /// UPOS, XPOS and features.
    Tags,
    Lemmas,
    /// Heads and relations.
    Dependencies,
    Mentions,
    Events,
    Attribution,
    Dates,
    Locations,
    Coreference,
    Framing,
    /// `Event::negated` and `Event::hypothetical` decided.
    Modality,
}

/// One step of the pipeline. A stage declares what it needs and what it
/// adds; `pipeline` refuses to build a pipeline whose needs are not met.
///
/// `run` cannot fail: problems with the content go into
/// [`AnnotatedDoc::diagnostics`].
pub trait Stage: Send + Sync {
    /// A versioned registry name such as `"segment.rules.v1"`.
    fn name(&self) -> &'static str;
    fn requires(&self) -> &'static [Layer];
    fn provides(&self) -> &'static [Layer];
    fn run(&self, doc: &mut AnnotatedDoc);
}
