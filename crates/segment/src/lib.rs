//! Rule-based sentence splitting and tokenization for English news.
//!
//! [`segment`] turns a text into [`Word`]s and sentences. Every span is a
//! byte range into the text it was given: slicing the text with a word's
//! span gives the word's surface form, words are in order and never overlap
//! or contain whitespace, and a sentence's span runs from its first word to
//! its last.
//!
//! Tokens follow UD English (EWT and GUM), which the tagger and parser are
//! trained on: punctuation is split off, hyphenated compounds are split
//! ("well - known") except after listed prefixes ("non-human"), clitics are
//! words of their own ("do" + "n't", "Erdoğan" + "'s") that
//! [`Word::glued`] marks as one surface token, and numbers, times, dates,
//! URLs and e-mail addresses stay whole.
//!
//! ```
//! let text = "KABUL, Sept 30 (Xinhua) -- Gen. Ali's men didn't retreat. Talks began.";
//! let seg = segment::segment(text);
//! let words: Vec<&str> = seg.words.iter().map(|w| w.span.slice(text)).collect();
//! assert_eq!(&words[..8], ["KABUL", ",", "Sept", "30", "(", "Xinhua", ")", "--"]);
//! assert_eq!(&words[8..14], ["Gen.", "Ali", "'s", "men", "did", "n't"]);
//! assert!(seg.words[10].glued); // "Ali" + "'s" is one surface token
//! let sentences: Vec<&str> = (0..seg.sentences.len())
//!     .map(|i| seg.sentence_span(i).slice(text))
//!     .collect();
//! assert_eq!(
//!     sentences,
//!     ["KABUL, Sept 30 (Xinhua) --", "Gen. Ali's men didn't retreat.", "Talks began."]
//! );
//! ```
//!
//! [`SegmentStage`] is the pipeline stage `segment.rules.v1`: it fills
//! [`AnnotatedDoc::sentences`](text_model::AnnotatedDoc) and
//! [`AnnotatedDoc::tokens`](text_model::AnnotatedDoc), one token per word.
//! [`evaluation`] scores the rules against a UD treebank.
//!
//! The word lists (abbreviations, hyphen prefixes, contractions, sentence
//! openers) are text files under `src/data/`, compiled in.
//!
//! This crate knows nothing of parts of speech, actors or events, does no
//! IO, and never panics on content: any string, including an empty one,
//! control characters or emoji, segments.

pub mod evaluation;
mod lexicon;
mod sentences;
mod tokenize;

use std::ops::Range;

use text_model::{AnnotatedDoc, ByteSpan, Layer, Sentence, Severity, Stage, Token};

pub use sentences::split_sentences;
pub use tokenize::{tokenize, Word};

/// Words and sentences of one text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Segmentation {
    pub words: Vec<Word>,
    /// Half-open ranges of indices into `words`, in order, covering all words.
    pub sentences: Vec<Range<u32>>,
}

impl Segmentation {
    /// Byte span of sentence `i`: from its first word's start to its last
    /// word's end.
    pub fn sentence_span(&self, i: usize) -> ByteSpan {
        let r = &self.sentences[i];
        let first = self.words[r.start as usize].span;
        let last = self.words[r.end as usize - 1].span;
        first.cover(last)
    }

    /// Spans of the surface tokens: glued words (UD multiword tokens such as
    /// "don't") count once.
    pub fn surface_tokens(&self) -> Vec<ByteSpan> {
        let mut out: Vec<ByteSpan> = Vec::with_capacity(self.words.len());
        for w in &self.words {
            match out.last_mut() {
                Some(last) if w.glued => *last = last.cover(w.span),
                _ => out.push(w.span),
            }
        }
        out
    }

    /// The `text-model` form: one token per word, sentences over token indices.
    pub fn to_model(&self) -> (Vec<Token>, Vec<Sentence>) {
        let tokens = self.words.iter().map(|w| Token::new(w.span)).collect();
        let sentences = (0..self.sentences.len())
            .map(|i| Sentence {
                span: self.sentence_span(i),
                tokens: self.sentences[i].clone(),
            })
            .collect();
        (tokens, sentences)
    }
}

/// The largest text whose offsets fit the `u32` spans of `text-model`.
pub const MAX_TEXT_BYTES: usize = u32::MAX as usize;

/// Tokenizes `text` and splits it into sentences. A text longer than
/// [`MAX_TEXT_BYTES`] is segmented up to that length only.
pub fn segment(text: &str) -> Segmentation {
    let text = if text.len() > MAX_TEXT_BYTES {
        let mut end = MAX_TEXT_BYTES;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        &text[..end]
    } else {
        text
    };
    let words = tokenize(text);
    let sentences = split_sentences(text, &words);
    Segmentation { words, sentences }
}

/// The pipeline stage `segment.rules.v1`.
#[derive(Clone, Copy, Debug, Default)]
pub struct SegmentStage;

impl SegmentStage {
    pub const NAME: &'static str = "segment.rules.v1";
}

impl Stage for SegmentStage {
    fn name(&self) -> &'static str {
        Self::NAME
    }

    fn requires(&self) -> &'static [Layer] {
        &[]
    }

    fn provides(&self) -> &'static [Layer] {
        &[Layer::Sentences, Layer::Tokens]
    }

    fn run(&self, doc: &mut AnnotatedDoc) {
        if doc.text().len() > MAX_TEXT_BYTES {
            doc.diagnose(
                Severity::Error,
                Self::NAME,
                format!(
                    "the text is {} bytes; only the first {} bytes were segmented",
                    doc.text().len(),
                    MAX_TEXT_BYTES
                ),
                None,
            );
        }
        let seg = segment(doc.text());
        let (tokens, sentences) = seg.to_model();
        doc.tokens = tokens;
        doc.sentences = sentences;
        doc.mark_layer(Layer::Sentences);
        doc.mark_layer(Layer::Tokens);
    }
}
