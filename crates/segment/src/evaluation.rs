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

/// The genre of a UD document id: `GUM_news_iodine` is `GUM_news`,
/// `weblog-juancole.com_...` (EWT) is `weblog`, `n01001011` (PUD) is `n`.
pub fn genre_of(doc_id: &str) -> &str {
    let cut = doc_id
        .find(|c: char| c == '-' || c.is_ascii_digit())
        .unwrap_or(doc_id.len());
    let head = &doc_id[..cut];
    match head.match_indices('_').nth(1) {
        Some((i, _)) => &head[..i],
        None => head.trim_end_matches('_'),
    }
}

/// Scores each genre on its own (documents grouped by [`genre_of`] their
/// `# newdoc id`), sorted by genre. Sentences before the first `# newdoc`
/// count under the empty genre.
pub fn evaluate_by_genre(sentences: &[conllu::Sentence]) -> Vec<(String, Scores)> {
    let mut groups: std::collections::BTreeMap<String, Vec<conllu::Sentence>> =
        std::collections::BTreeMap::new();
    let mut genre = String::new();
    for s in sentences {
        if s.starts_doc() {
            genre = genre_of(s.newdoc_id().unwrap_or("")).to_string();
        }
        groups.entry(genre.clone()).or_default().push(s.clone());
    }
    groups
        .into_iter()
        .map(|(g, sents)| (g, evaluate(&sents)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn genres_of_ud_document_ids() {
        for (id, genre) in [
            ("GUM_news_iodine", "GUM_news"),
            ("GUM_voyage_athens", "GUM_voyage"),
            ("weblog-juancole.com_juancole_20051126063000_ENG", "weblog"),
            ("email-enronsent20_01-0000", "email"),
            ("n01001011", "n"),
            ("", ""),
        ] {
            assert_eq!(genre_of(id), genre, "{id}");
        }
    }

    #[test]
    fn scores_a_small_treebank() {
        let src = "# newdoc id = GUM_news_a\n# text = Hi. Bye\n1\tHi\t_\t_\t_\t_\t0\troot\t_\tSpaceAfter=No\n2\t.\t_\t_\t_\t_\t1\tpunct\t_\t_\n\n\
                   1\tYou\t_\t_\t_\t_\t0\troot\t_\t_\n2-3\tcan't\t_\t_\t_\t_\t_\t_\t_\t_\n2\tca\t_\t_\t_\t_\t1\taux\t_\t_\n3\tn't\t_\t_\t_\t_\t1\tadvmod\t_\t_\n\n\
                   # newdoc id = GUM_bio_b\n1\tBye\t_\t_\t_\t_\t0\troot\t_\t_\n\n";
        let sents = conllu::parse_str(src).unwrap();
        let s = evaluate(&sents);
        // "Hi." and "You can't" share a paragraph: the full stop before a
        // capital ends the first; "can't" is one token of two words.
        assert_eq!(s.sentences.gold, 3);
        assert_eq!(s.tokens.gold, 5);
        assert_eq!(s.words.gold, 6);
        assert_eq!(s.tokens.correct, 5);
        assert_eq!(s.words.correct, 6);
        assert_eq!(s.sentences.correct, 3);
        let by_genre = evaluate_by_genre(&sents);
        let names: Vec<&str> = by_genre.iter().map(|(g, _)| g.as_str()).collect();
        assert_eq!(names, ["GUM_bio", "GUM_news"]);
        assert_eq!(by_genre[1].1.sentences.gold, 2);
    }
}
