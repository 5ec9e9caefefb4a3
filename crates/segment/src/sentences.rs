//! Sentence boundaries over a word sequence.
//!
//! A sentence ends:
//! - at a paragraph break (a blank line), which also separates headlines;
//! - after terminal punctuation (". ! ? ..."), plus any closing quotes or
//!   brackets attached to it, when the next word does not start in lower
//!   case ("fight. We", "win." He", but "Why?" he asked");
//! - after an abbreviation that can end a sentence when the next word is a
//!   typical sentence opener ("in the U.S. The", but "the U.S. Army");
//! - after a news dateline ("KABUL, Sept 30 (Xinhua) --");
//! - at a line break after a short line without final punctuation
//!   (headlines, bylines) when the next line starts with a capital.

use std::ops::Range;

use crate::lexicon::{AbbrevClass, Lexicon};
use crate::tokenize::Word;

/// Dash tokens that close a dateline.
const DATELINE_DASHES: &[&str] = &["--", "---", "—", "–", "-", "―"];

/// Lines longer than this are taken to be wrapped prose, not headlines.
const HEADLINE_MAX_BYTES: usize = 120;

struct Splitter<'a> {
    text: &'a str,
    words: &'a [Word],
    lex: &'static Lexicon,
}

fn is_paragraph_break(gap: &str) -> bool {
    let mut newlines = 0;
    for b in gap.bytes() {
        if b == b'\n' {
            newlines += 1;
            if newlines >= 2 {
                return true;
            }
        }
    }
    // "\r\r" (old Mac) or a form feed also separate paragraphs.
    gap.contains('\u{000C}') || gap.contains("\r\r")
}

fn is_terminal(w: &str) -> bool {
    !w.is_empty()
        && w.chars()
            .all(|c| matches!(c, '.' | '!' | '?' | '…' | '‼' | '⁇'))
}

fn is_closer(w: &str) -> bool {
    matches!(
        w,
        "\"" | "'" | "''" | ")" | "]" | "}" | "”" | "’" | "»" | "›" | "’’" | "\"\""
    )
}

impl Splitter<'_> {
    fn word(&self, i: usize) -> &str {
        self.words[i].span.slice(self.text)
    }

    /// Text between word `i` and word `i + 1`.
    fn gap(&self, i: usize) -> &str {
        let a = self.words[i].span.end();
        let b = self.words[i + 1].span.start();
        self.text.get(a..b).unwrap_or("")
    }

    fn split(&self) -> Vec<Range<u32>> {
        let n = self.words.len();
        let mut out = Vec::with_capacity(n / 20 + 1);
        let mut start = 0;
        let mut line_start = 0;
        let mut i = 0;
        while i < n {
            if i + 1 == n {
                out.push(start as u32..n as u32);
                break;
            }
            match self.boundary_at(i, line_start, start) {
                Some(last) if last + 1 < n => {
                    out.push(start as u32..(last + 1) as u32);
                    start = last + 1;
                    if self.gap(last).contains(['\n', '\r']) {
                        line_start = start;
                    }
                    i = last + 1;
                }
                Some(_) => {
                    out.push(start as u32..n as u32);
                    break;
                }
                None => {
                    if self.gap(i).contains(['\n', '\r']) {
                        line_start = i + 1;
                    }
                    i += 1;
                }
            }
        }
        out
    }

    /// Whether the words from `k` are a short speech attribution: up to
    /// three capitalised words, a speech verb, then punctuation.
    fn attribution_follows(&self, k: usize) -> bool {
        let n = self.words.len();
        for m in k..(k + 4).min(n) {
            let w = self.word(m);
            if self.lex.is_speech_verb(w) {
                return m > k
                    && (m + 1 == n
                        || matches!(self.word(m + 1), "." | "," | ";" | "!" | "?" | ":")
                        || is_paragraph_break(self.gap(m)));
            }
            if !w.starts_with(char::is_uppercase) {
                return false;
            }
        }
        false
    }

    /// Whether the words before the dash at `i` are a news agency in
    /// brackets: "(Xinhua)", "(AP)".
    fn agency_before(&self, i: usize) -> bool {
        i >= 3
            && self.word(i - 1) == ")"
            && self.word(i - 3) == "("
            && self.word(i - 2).starts_with(char::is_uppercase)
    }

    /// Whether the words of the line before the dash at `i` are only a
    /// place and date: capitalised words, numbers and commas, with at least
    /// one comma ("Evansville, Indiana, United States -").
    fn place_before(&self, line_start: usize, i: usize) -> bool {
        let words = || (line_start..i).map(|k| self.word(k));
        words().any(|w| w == ",")
            && words().all(|w| {
                w == "," || w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
            })
    }

    /// Whether a sentence ends at or just after word `i`; returns the index
    /// of its last word. Word `i + 1` exists.
    fn boundary_at(&self, i: usize, line_start: usize, sent_start: usize) -> Option<usize> {
        let n = self.words.len();
        if self.words[i + 1].glued {
            return None;
        }
        let gap = self.gap(i);
        if is_paragraph_break(gap) {
            return Some(i);
        }
        let w = self.word(i);
        // A sentence of punctuation alone ("...Now") is not ended by it.
        if is_terminal(w) && i > sent_start {
            let mut last = i;
            while last + 1 < n {
                let g = self.gap(last);
                let next = self.word(last + 1);
                let attached = g.is_empty();
                // What follows the candidate closer: the end, a space, or
                // another closer ("roll!\")") keep it a closer; a word
                // attached to it makes it an opening quote.
                let then_free = last + 2 == n
                    || !self.gap(last + 1).is_empty()
                    || is_closer(self.word(last + 2));
                // A detached quote before a paragraph end still closes: 'that. "\n\n'.
                let then_par = last + 2 == n || is_paragraph_break(self.gap(last + 1));
                let closing = is_closer(next)
                    && (attached || matches!(next, "”" | "»") || then_par)
                    && then_free;
                if !closing || is_paragraph_break(g) {
                    break;
                }
                last += 1;
            }
            // Citation marks stay with the sentence they support: "... 1805. [6]".
            while last + 3 < n
                && self.word(last + 1) == "["
                && all_digits(self.word(last + 2))
                && self.word(last + 3) == "]"
                && !is_paragraph_break(self.gap(last))
            {
                last += 3;
            }
            if last + 1 == n {
                return Some(last);
            }
            if is_paragraph_break(self.gap(last)) {
                return Some(last);
            }
            let next = self.word(last + 1);
            let c = next.chars().next().unwrap_or(' ');
            if (c.is_lowercase()
                && w != "."
                && !(last == i && (w.contains('?') || w.contains('!'))))
                || matches!(c, ',' | ';' | ':' | ')' | ']' | '}' | '%')
                || (is_terminal(next) && (next == "." || w.len() > 1))
            {
                return None;
            }
            // "“Sorry!” I said." and "“We will win,” Smith said.": a quote
            // followed by its attribution is one sentence.
            if last > i && c.is_uppercase() && self.attribution_follows(last + 1) {
                return None;
            }
            return Some(last);
        }
        let next = self.word(i + 1);
        if w.len() > 1 && w.ends_with('.') && w.chars().any(char::is_alphabetic) {
            // An abbreviation the tokenizer kept whole.
            let class = self.lex.abbreviation(w, next.chars().next());
            if class == Some(AbbrevClass::Title) {
                return None;
            }
            if self.lex.is_sentence_starter(next)
                || (gap.contains('\n') && next.starts_with(char::is_uppercase))
            {
                return Some(i);
            }
            return None;
        }
        // A dateline: "KABUL, Sept 30 (Xinhua) -- Afghan forces ...",
        // "(AFP) - The ...", "Kabul, Sept 30 (Xinhua) -- ...",
        // "Evansville, Indiana -- ...".
        if DATELINE_DASHES.contains(&w)
            && i > line_start
            && i - line_start < 16
            && sent_start == line_start
            && !gap.is_empty()
            && !self.gap(i - 1).is_empty()
            && ((line_start..i)
                .map(|k| self.word(k))
                .find(|w| w.chars().any(char::is_alphabetic))
                .is_some_and(is_all_caps)
                || self.agency_before(i)
                || self.place_before(line_start, i))
            && next.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
        {
            return Some(i);
        }
        // A headline or byline on a line of its own.
        if gap.contains('\n') {
            let line_bytes = self.words[i].span.end() - self.words[line_start].span.start();
            let first = self.word(line_start);
            let starts_line = |c: char| {
                c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '‘' | '(')
            };
            if line_bytes <= HEADLINE_MAX_BYTES
                && first.starts_with(starts_line)
                && next.starts_with(starts_line)
                && (w.chars().last().is_some_and(char::is_alphanumeric) || is_closer(w))
                && !matches!(
                    w,
                    "the" | "a" | "an" | "of" | "to" | "and" | "or" | "in" | "for" | "by"
                )
            {
                return Some(i);
            }
        }
        None
    }
}

fn all_digits(w: &str) -> bool {
    !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit())
}

fn is_all_caps(w: &str) -> bool {
    w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && w.chars().all(|c| !c.is_lowercase())
}

/// Groups `words` into sentences; each range is a half-open range of word
/// indices. The ranges are in order, non-empty and cover every word.
pub fn split_sentences(text: &str, words: &[Word]) -> Vec<Range<u32>> {
    Splitter {
        text,
        words,
        lex: Lexicon::get(),
    }
    .split()
}
