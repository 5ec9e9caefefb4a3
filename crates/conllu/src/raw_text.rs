use std::collections::HashSet;
use std::ops::Range;

use crate::Sentence;

/// A treebank's text rebuilt as raw input, with gold spans into it.
///
/// The text is built as in the CoNLL 2018 shared task: token forms joined by
/// a space unless `SpaceAfter=No`, sentences of one paragraph joined by a
/// space, and a blank line before each `# newpar` and `# newdoc`.
#[derive(Clone, Debug, Default)]
pub struct RawText {
    pub text: String,
    /// Byte span of each sentence.
    pub sentences: Vec<Range<usize>>,
    /// Byte span of each surface token (a multiword token counts once).
    pub tokens: Vec<Range<usize>>,
    /// For every word of every sentence, in order: the byte span of the
    /// surface token it belongs to, the sentence index and the word index.
    pub words: Vec<(Range<usize>, usize, usize)>,
}

impl RawText {
    pub fn rebuild(sentences: &[Sentence]) -> RawText {
        let mut raw = RawText::default();
        let mut pending_space = false;
        for (si, sentence) in sentences.iter().enumerate() {
            if si > 0 {
                if sentence.starts_paragraph() {
                    while raw.text.ends_with(' ') {
                        raw.text.pop();
                    }
                    raw.text.push_str("\n\n");
                } else if pending_space {
                    raw.text.push(' ');
                }
            }
            let start = raw.text.len();
            let tokens = sentence.surface_tokens();
            for (ti, (form, words, space_after)) in tokens.iter().enumerate() {
                let t_start = raw.text.len();
                raw.text.push_str(form);
                let span = t_start..raw.text.len();
                raw.tokens.push(span.clone());
                for w in words.clone() {
                    raw.words.push((span.clone(), si, w));
                }
                pending_space = *space_after;
                if *space_after && ti + 1 < tokens.len() {
                    raw.text.push(' ');
                }
            }
            raw.sentences.push(start..raw.text.len());
        }
        raw
    }
}

/// Precision, recall and F1 over exact span matches.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Prf {
    pub gold: usize,
    pub predicted: usize,
    pub correct: usize,
}

impl Prf {
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.predicted)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.gold)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Scores predicted spans against gold spans: a prediction is correct when
/// a gold span has exactly the same start and end.
pub fn span_prf(gold: &[Range<usize>], predicted: &[Range<usize>]) -> Prf {
    let gold_set: HashSet<(usize, usize)> = gold.iter().map(|r| (r.start, r.end)).collect();
    let pred_set: HashSet<(usize, usize)> = predicted.iter().map(|r| (r.start, r.end)).collect();
    Prf {
        gold: gold_set.len(),
        predicted: pred_set.len(),
        correct: pred_set.intersection(&gold_set).count(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_str;

    #[test]
    fn rebuilds_text_with_paragraphs() {
        let src = "# newdoc id = a\n1\tHi\t_\t_\t_\t_\t0\troot\t_\tSpaceAfter=No\n2\t.\t_\t_\t_\t_\t1\tpunct\t_\t_\n\n\
                   1\tYes\t_\t_\t_\t_\t0\troot\t_\t_\n\n\
                   # newpar\n1-2\tcan't\t_\t_\t_\t_\t_\t_\t_\t_\n1\tca\t_\t_\t_\t_\t0\troot\t_\t_\n2\tn't\t_\t_\t_\t_\t1\tadvmod\t_\t_\n\n";
        let sents = parse_str(src).unwrap();
        let raw = RawText::rebuild(&sents);
        assert_eq!(raw.text, "Hi. Yes\n\ncan't");
        let slices: Vec<&str> = raw.tokens.iter().map(|r| &raw.text[r.clone()]).collect();
        assert_eq!(slices, ["Hi", ".", "Yes", "can't"]);
        assert_eq!(raw.words.len(), 5);
        assert_eq!(&raw.text[raw.sentences[2].clone()], "can't");
    }

    #[test]
    fn prf_counts_exact_matches() {
        let prf = span_prf(&[0..2, 3..5], &[0..2, 3..4, 4..5]);
        assert_eq!(prf.correct, 1);
        assert!((prf.recall() - 0.5).abs() < 1e-9);
        assert!((prf.precision() - 1.0 / 3.0).abs() < 1e-9);
    }
}
