//! Scoring against gold CoNLL-U: on gold tokenization, and end to end from
//! raw text with words aligned by byte offsets (CoNLL 2018 style).

use std::collections::HashMap;
use std::ops::Range;

use conllu::{RawText, Sentence};

use crate::model::{Model, WordAnalysis};

/// Counts of correct words on gold tokenization.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Scores {
    pub sentences: usize,
    pub words: usize,
    pub upos: usize,
    pub xpos: usize,
    pub ufeats: usize,
    pub lemma: usize,
    pub uas: usize,
    /// Head and universal relation (the part before `:`) correct, as in CoNLL 2018.
    pub las: usize,
    /// Head and full relation (with subtype) correct.
    pub las_full: usize,
}

impl Scores {
    pub fn pct(&self, n: usize) -> f64 {
        if self.words == 0 {
            0.0
        } else {
            100.0 * n as f64 / self.words as f64
        }
    }

    /// One line of percentages: `UPOS .. XPOS .. feats .. lemma .. UAS .. LAS ..`.
    pub fn summary(&self) -> String {
        format!(
            "UPOS {:.2} XPOS {:.2} feats {:.2} lemma {:.2} UAS {:.2} LAS {:.2}",
            self.pct(self.upos),
            self.pct(self.xpos),
            self.pct(self.ufeats),
            self.pct(self.lemma),
            self.pct(self.uas),
            self.pct(self.las)
        )
    }
}

pub(crate) fn universal(rel: &str) -> &str {
    rel.split(':').next().unwrap_or(rel)
}

fn feats_eq(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        if s.is_empty() {
            "_".to_string()
        } else {
            s.to_string()
        }
    };
    norm(a) == norm(b)
}

/// Annotates every sentence's words and compares with the gold columns.
pub fn evaluate(model: &Model, gold: &[Sentence]) -> Scores {
    let mut a = model.annotator();
    let mut out: Vec<WordAnalysis> = Vec::new();
    let mut sc = Scores::default();
    let mut forms: Vec<&str> = Vec::new();
    for s in gold {
        if s.words.is_empty() {
            continue;
        }
        forms.clear();
        forms.extend(s.words.iter().map(|w| w.form.as_str()));
        a.annotate(&forms, true, &mut out);
        sc.sentences += 1;
        for (g, p) in s.words.iter().zip(&out) {
            sc.words += 1;
            sc.upos += (model.upos_of(p) == g.upos) as usize;
            sc.xpos += (model.xpos_of(p) == g.xpos) as usize;
            sc.ufeats += feats_eq(model.feats_of(p), &g.feats) as usize;
            sc.lemma += (p.lemma == g.lemma) as usize;
            if p.head == g.head {
                sc.uas += 1;
                let rel = model.deprel_of(p);
                sc.las += (universal(rel) == universal(&g.deprel)) as usize;
                sc.las_full += (rel == g.deprel) as usize;
            }
        }
    }
    sc
}

/// One predicted word from raw text: its byte span in the rebuilt text and its analysis.
#[derive(Clone, Debug, Default)]
pub struct PredWord {
    pub span: Range<usize>,
    pub upos: String,
    pub xpos: String,
    pub feats: String,
    pub lemma: String,
    /// Index of the head in the predicted word list, `None` for the root.
    pub head: Option<usize>,
    pub deprel: String,
}

/// Precision/recall/F1 counts for one metric.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Count {
    pub gold: usize,
    pub pred: usize,
    pub correct: usize,
}

impl Count {
    pub fn f1(&self) -> f64 {
        if self.gold + self.pred == 0 {
            0.0
        } else {
            200.0 * self.correct as f64 / (self.gold + self.pred) as f64
        }
    }
}

/// End-to-end scores from raw text.
#[derive(Clone, Debug, Default)]
pub struct RawScores {
    pub tokens: Count,
    pub sentences: Count,
    pub words: Count,
    pub upos: Count,
    pub xpos: Count,
    pub ufeats: Count,
    pub lemma: Count,
    pub uas: Count,
    pub las: Count,
}

/// Scores predicted sentences, tokens and words against the gold treebank
/// whose text was rebuilt as `raw`. Words are aligned by byte span; words
/// sharing a span (a multiword token) are aligned in order.
pub fn score_raw(
    gold: &[Sentence],
    raw: &RawText,
    pred_sentences: &[Range<usize>],
    pred_tokens: &[Range<usize>],
    pred: &[PredWord],
) -> RawScores {
    let mut r = RawScores {
        tokens: count(&raw.tokens, pred_tokens),
        sentences: count(&raw.sentences, pred_sentences),
        ..RawScores::default()
    };
    // gold words: global index by (span, k-th word within the span)
    let mut gold_index: Vec<(usize, usize)> = Vec::new(); // (sentence, word)
    let mut gold_key: HashMap<(usize, usize, usize), usize> = HashMap::new();
    let mut seen: HashMap<(usize, usize), usize> = HashMap::new();
    let mut sent_start: Vec<usize> = Vec::new();
    let mut last_sent = usize::MAX;
    for (span, si, wi) in &raw.words {
        if *si != last_sent {
            sent_start.push(gold_index.len());
            last_sent = *si;
        }
        let k = seen.entry((span.start, span.end)).or_insert(0);
        gold_key.insert((span.start, span.end, *k), gold_index.len());
        *k += 1;
        gold_index.push((*si, *wi));
    }
    let gword = |g: usize| &gold[gold_index[g].0].words[gold_index[g].1];
    // global gold head index
    let ghead = |g: usize| -> Option<usize> {
        let (si, _) = gold_index[g];
        let h = gword(g).head as usize;
        if h == 0 {
            None
        } else {
            // sentence si's words start at the first global index with that sentence
            let start = gold_index.iter().position(|(s, _)| *s == si).unwrap_or(0);
            Some(start + h - 1)
        }
    };
    let mut seen_p: HashMap<(usize, usize), usize> = HashMap::new();
    let mut align: Vec<Option<usize>> = Vec::with_capacity(pred.len());
    for p in pred {
        let k = seen_p.entry((p.span.start, p.span.end)).or_insert(0);
        align.push(gold_key.get(&(p.span.start, p.span.end, *k)).copied());
        *k += 1;
    }
    r.words = Count {
        gold: gold_index.len(),
        pred: pred.len(),
        correct: align.iter().flatten().count(),
    };
    let c = |f: &dyn Fn(&PredWord, usize) -> bool| {
        let mut n = 0;
        for (p, a) in pred.iter().zip(&align) {
            if let Some(g) = a {
                n += f(p, *g) as usize;
            }
        }
        Count {
            gold: gold_index.len(),
            pred: pred.len(),
            correct: n,
        }
    };
    let head_ok = |p: &PredWord, g: usize| match (p.head, ghead(g)) {
        (None, None) => true,
        (Some(ph), Some(gh)) => align.get(ph).copied().flatten() == Some(gh),
        _ => false,
    };
    r.upos = c(&|p, g| p.upos == gword(g).upos);
    r.xpos = c(&|p, g| p.xpos == gword(g).xpos);
    r.ufeats = c(&|p, g| feats_eq(&p.feats, &gword(g).feats));
    r.lemma = c(&|p, g| p.lemma == gword(g).lemma);
    r.uas = c(&|p, g| head_ok(p, g));
    r.las = c(&|p, g| head_ok(p, g) && universal(&p.deprel) == universal(&gword(g).deprel));
    let _ = sent_start;
    r
}

fn count(gold: &[Range<usize>], pred: &[Range<usize>]) -> Count {
    let prf = conllu::span_prf(gold, pred);
    Count {
        gold: prf.gold,
        pred: prf.predicted,
        correct: prf.correct,
    }
}
