//! Scoring the segmenter against a UD treebank, CoNLL 2018 style.
//!
//! The treebank's text is rebuilt as one raw text ([`conllu::RawText`]:
//! token forms joined by `SpaceAfter`, a blank line at each `# newpar` and
//! `# newdoc`), segmented, and the predicted spans are compared with the
//! gold spans by exact match:
//! - sentences: the span from first to last token;
//! - tokens: surface tokens (a UD multiword token such as "don't" is one);
//! - words: syntactic words ("do", "n't"), which inside a multiword token
//!   are located by concatenating the gold word forms.

use std::ops::Range;

use conllu::{span_prf, Prf, RawText};

use crate::{segment, Segmentation};

/// Precision, recall and F1 of sentences, tokens and words.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Scores {
    pub sentences: Prf,
    pub tokens: Prf,
    pub words: Prf,
    /// Size of the rebuilt text, in bytes.
    pub text_bytes: usize,
}

/// The gold and predicted spans behind [`Scores`], for error analysis.
#[derive(Clone, Debug, Default)]
pub struct Comparison {
    pub raw: RawText,
    pub gold_words: Vec<Range<usize>>,
    pub predicted: Segmentation,
}

impl Comparison {
    /// Rebuilds the text of `sentences` and segments it.
    pub fn new(sentences: &[conllu::Sentence]) -> Comparison {
        let raw = RawText::rebuild(sentences);
        let gold_words = gold_word_spans(&raw, sentences);
        let predicted = segment(&raw.text);
        Comparison {
            raw,
            gold_words,
            predicted,
        }
    }

    pub fn predicted_sentences(&self) -> Vec<Range<usize>> {
        (0..self.predicted.sentences.len())
            .map(|i| self.predicted.sentence_span(i).range())
            .collect()
    }

    pub fn predicted_tokens(&self) -> Vec<Range<usize>> {
        self.predicted
            .surface_tokens()
            .into_iter()
            .map(|s| s.range())
            .collect()
    }

    pub fn predicted_words(&self) -> Vec<Range<usize>> {
        self.predicted
            .words
            .iter()
            .map(|w| w.span.range())
            .collect()
    }

    pub fn scores(&self) -> Scores {
        Scores {
            sentences: span_prf(&self.raw.sentences, &self.predicted_sentences()),
            tokens: span_prf(&self.raw.tokens, &self.predicted_tokens()),
            words: span_prf(&self.gold_words, &self.predicted_words()),
            text_bytes: self.raw.text.len(),
        }
    }
}

/// Scores the segmenter on the text of `sentences`.
pub fn evaluate(sentences: &[conllu::Sentence]) -> Scores {
    Comparison::new(sentences).scores()
}

/// Byte spans of the gold syntactic words. A word of a multiword token gets
/// its part of the token when the word forms concatenate to the token's
/// form, and the whole token's span otherwise.
fn gold_word_spans(raw: &RawText, sentences: &[conllu::Sentence]) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(raw.words.len());
    let mut i = 0;
    while i < raw.words.len() {
        let span = raw.words[i].0.clone();
        let mut j = i + 1;
        while j < raw.words.len() && raw.words[j].0 == span {
            j += 1;
        }
        let forms: Vec<&str> = raw.words[i..j]
            .iter()
            .map(|(_, s, w)| {
                sentences
                    .get(*s)
                    .and_then(|s| s.words.get(*w))
                    .map_or("", |w| w.form.as_str())
            })
            .collect();
        let surface = raw.text.get(span.clone()).unwrap_or("");
        if j - i > 1 && forms.concat() == surface {
            let mut at = span.start;
            for f in forms {
                out.push(at..at + f.len());
                at += f.len();
            }
        } else {
            for _ in i..j {
                out.push(span.clone());
            }
        }
        i = j;
    }
    out
}
