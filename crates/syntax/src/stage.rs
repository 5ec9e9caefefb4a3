//! The pipeline stage `syntax.perceptron.v1`.

use std::sync::Arc;

use text_model::{AnnotatedDoc, Layer, Severity, Stage};

use crate::model::{Model, WordAnalysis};

/// Fills UPOS, XPOS, features, lemma, head and relation of every token,
/// sentence by sentence.
pub struct SyntaxStage {
    model: Arc<Model>,
}

/// Sentences longer than this are parsed in consecutive chunks.
const MAX_WORDS: usize = 400;

impl SyntaxStage {
    pub fn new(model: Arc<Model>) -> SyntaxStage {
        SyntaxStage { model }
    }
}

impl Stage for SyntaxStage {
    fn name(&self) -> &'static str {
        "syntax.perceptron.v1"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Sentences, Layer::Tokens]
    }

    fn provides(&self) -> &'static [Layer] {
        &[Layer::Tags, Layer::Lemmas, Layer::Dependencies]
    }

    fn run(&self, doc: &mut AnnotatedDoc) {
        let model = &*self.model;
        let mut ann = model.annotator();
        let mut out: Vec<WordAnalysis> = Vec::new();
        let mut words: Vec<&str> = Vec::new();
        let text = doc.doc.text();
        let ranges: Vec<std::ops::Range<usize>> =
            doc.sentences.iter().map(|s| s.token_range()).collect();
        let mut long = 0usize;
        for range in ranges {
            if range.end > doc.tokens.len() || range.start > range.end {
                continue;
            }
            let mut start = range.start;
            if range.len() > MAX_WORDS {
                long += 1;
            }
            while start < range.end {
                let end = (start + MAX_WORDS).min(range.end);
                words.clear();
                for t in &doc.tokens[start..end] {
                    words.push(text.get(t.span.range()).unwrap_or(""));
                }
                ann.annotate(&words, true, &mut out);
                for (i, a) in out.iter_mut().enumerate() {
                    let t = &mut doc.tokens[start + i];
                    t.upos = model.upos_of(a).to_string();
                    t.xpos = model.xpos_of(a).to_string();
                    t.feats = match model.feats_of(a) {
                        "_" => String::new(),
                        f => f.to_string(),
                    };
                    t.lemma = std::mem::take(&mut a.lemma);
                    t.head = (a.head > 0).then(|| (start + a.head as usize - 1) as u32);
                    t.deprel = model.deprel_of(a).to_string();
                }
                start = end;
            }
        }
        if long > 0 {
            doc.diagnose(
                Severity::Warning,
                "syntax.perceptron.v1",
                format!(
                    "{} sentence(s) longer than {} tokens were parsed in pieces",
                    long, MAX_WORDS
                ),
                None,
            );
        }
        doc.mark_layer(Layer::Tags);
        doc.mark_layer(Layer::Lemmas);
        doc.mark_layer(Layer::Dependencies);
    }
}
