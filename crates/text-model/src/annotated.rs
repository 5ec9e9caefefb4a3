use std::ops::Range;

use crate::{ByteSpan, Document, Event, FramingLabel, Layer};

/// One token. Syntax fields are empty until a syntax stage fills them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Token {
    pub span: ByteSpan,
    /// Universal POS tag (`NOUN`, `VERB`, ...).
    pub upos: String,
    /// Penn Treebank tag (`NN`, `VBD`, ...).
    pub xpos: String,
    /// UD morphological features, `Tense=Past|VerbForm=Fin`, or empty.
    pub feats: String,
    pub lemma: String,
    /// Index of the head token in [`AnnotatedDoc::tokens`]; `None` for the root.
    pub head: Option<u32>,
    /// UD basic relation to the head (`nsubj`, `obj`, `root`, ...).
    pub deprel: String,
}

impl Token {
    pub fn new(span: ByteSpan) -> Token {
        Token {
            span,
            ..Token::default()
        }
    }

    /// The value of one UD feature, e.g. `feat("Tense") == Some("Past")`.
    pub fn feat(&self, name: &str) -> Option<&str> {
        self.feats.split('|').find_map(|kv| {
            let (k, v) = kv.split_once('=')?;
            (k == name).then_some(v)
        })
    }
}

/// A sentence: its span and the half-open range of its tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    pub span: ByteSpan,
    pub tokens: Range<u32>,
}

impl Sentence {
    pub fn token_range(&self) -> Range<usize> {
        self.tokens.start as usize..self.tokens.end as usize
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MentionKind {
    /// A named actor found in an actor dictionary.
    Actor,
    /// A generic agent ("police", "rebels") possibly combined with a country.
    Agent,
    /// A pronoun resolved (or not) by coreference.
    Pronoun,
    /// A definite description ("the group") resolved by coreference.
    Description,
    /// A place name.
    Place,
}

/// An actor or place mention: words in the text plus what they resolve to.
#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    pub span: ByteSpan,
    pub tokens: Range<u32>,
    pub kind: MentionKind,
    /// Resolved code (`IRQGOV`), if any.
    pub code: Option<String>,
    /// The dictionary entry or gazetteer name that matched, for provenance.
    pub entry: Option<String>,
    /// For coreferent mentions: the span of the mention they resolve to.
    pub antecedent: Option<ByteSpan>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

/// Something a stage wants the user to know about this document. Stages
/// report problems here rather than failing: coding never fails on content.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub stage: &'static str,
    pub message: String,
    pub span: Option<ByteSpan>,
}

/// A document plus every annotation layer the pipeline has added.
#[derive(Clone, Debug)]
pub struct AnnotatedDoc {
    pub doc: Document,
    pub sentences: Vec<Sentence>,
    pub tokens: Vec<Token>,
    pub mentions: Vec<Mention>,
    pub events: Vec<Event>,
    pub framing: Vec<FramingLabel>,
    pub diagnostics: Vec<Diagnostic>,
    layers: Vec<Layer>,
}

impl AnnotatedDoc {
    pub fn new(doc: Document) -> AnnotatedDoc {
        AnnotatedDoc {
            doc,
            sentences: Vec::new(),
            tokens: Vec::new(),
            mentions: Vec::new(),
            events: Vec::new(),
            framing: Vec::new(),
            diagnostics: Vec::new(),
            layers: Vec::new(),
        }
    }

    pub fn text(&self) -> &str {
        self.doc.text()
    }

    /// The original words under `span`.
    pub fn slice(&self, span: ByteSpan) -> &str {
        span.slice(self.doc.text())
    }

    pub fn sentence_tokens(&self, sentence: usize) -> &[Token] {
        match self.sentences.get(sentence) {
            Some(s) => self.tokens.get(s.token_range()).unwrap_or(&[]),
            None => &[],
        }
    }

    /// Index of the sentence holding token `token`, by binary search.
    pub fn sentence_of_token(&self, token: usize) -> Option<usize> {
        let t = token as u32;
        let i = self.sentences.partition_point(|s| s.tokens.end <= t);
        (i < self.sentences.len() && self.sentences[i].tokens.contains(&t)).then_some(i)
    }

    pub fn has_layer(&self, layer: Layer) -> bool {
        self.layers.contains(&layer)
    }

    /// Records that a stage has filled `layer`.
    pub fn mark_layer(&mut self, layer: Layer) {
        if !self.layers.contains(&layer) {
            self.layers.push(layer);
        }
    }

    pub fn diagnose(
        &mut self,
        severity: Severity,
        stage: &'static str,
        message: impl Into<String>,
        span: Option<ByteSpan>,
    ) {
        self.diagnostics.push(Diagnostic {
            severity,
            stage,
            message: message.into(),
            span,
        });
    }
}
