//! `events.placeholder.v0`: the stand-in event stage used until the CAMEO
//! coder (`events.cameo.v1`) is in the default pipeline. It codes nothing;
//! it only records on each document that no real coder ran, so that output
//! produced with it can never be mistaken for coded data.

use text_model::{AnnotatedDoc, Layer, Severity, Stage};

pub struct PlaceholderEvents;

impl Stage for PlaceholderEvents {
    fn name(&self) -> &'static str {
        "events.placeholder.v0"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Sentences, Layer::Tokens]
    }
    fn provides(&self) -> &'static [Layer] {
        &[Layer::Events]
    }
    fn run(&self, doc: &mut AnnotatedDoc) {
        doc.diagnose(
            Severity::Warning,
            self.name(),
            "placeholder event stage: no coder ran, no events were coded",
            None,
        );
    }
}
