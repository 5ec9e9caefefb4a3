//! The word lists the rules consult. They are data, committed as text files
//! under `src/data/` and compiled into the binary with `include_str!`.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// How an abbreviation behaves at a possible sentence end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AbbrevClass {
    /// Can end a sentence ("in the U.S. The ...", "etc.").
    Plain,
    /// Is followed by a name and never ends a sentence ("Gen.", "Mr.").
    Title,
    /// Is an abbreviation only before a number ("No. 10"); elsewhere the
    /// period is sentence punctuation ("they said no.").
    BeforeNumber,
}

pub(crate) struct Lexicon {
    abbreviations: HashMap<&'static str, AbbrevClass>,
    hyphen_prefixes: HashSet<&'static str>,
    contractions: HashMap<&'static str, usize>,
    sentence_starters: HashSet<&'static str>,
    units: HashSet<&'static str>,
    speech_verbs: HashSet<&'static str>,
}

const ABBREVIATIONS: &str = include_str!("data/abbreviations.txt");
const HYPHEN_PREFIXES: &str = include_str!("data/hyphen_prefixes.txt");
const CONTRACTIONS: &str = include_str!("data/contractions.txt");
const SENTENCE_STARTERS: &str = include_str!("data/sentence_starters.txt");
const UNITS: &str = include_str!("data/units.txt");
const SPEECH_VERBS: &str = include_str!("data/speech_verbs.txt");

/// Non-comment, non-empty lines of a data file, split at the first tab.
fn entries(data: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
    data.lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split_once('\t').unwrap_or((l, "")))
}

impl Lexicon {
    fn load() -> Lexicon {
        let abbreviations = entries(ABBREVIATIONS)
            .map(|(w, class)| {
                let class = match class.trim() {
                    "title" => AbbrevClass::Title,
                    "number" => AbbrevClass::BeforeNumber,
                    _ => AbbrevClass::Plain,
                };
                (w, class)
            })
            .collect();
        let hyphen_prefixes = entries(HYPHEN_PREFIXES).map(|(w, _)| w).collect();
        let contractions = entries(CONTRACTIONS)
            .filter_map(|(w, n)| Some((w, n.trim().parse::<usize>().ok()?)))
            .filter(|&(w, n)| n > 0 && n < w.len() && w.is_char_boundary(n))
            .collect();
        let sentence_starters = entries(SENTENCE_STARTERS).map(|(w, _)| w).collect();
        let units = entries(UNITS).map(|(w, _)| w).collect();
        let speech_verbs = entries(SPEECH_VERBS).map(|(w, _)| w).collect();
        Lexicon {
            units,
            speech_verbs,
            abbreviations,
            hyphen_prefixes,
            contractions,
            sentence_starters,
        }
    }

    /// The built-in lexicon, parsed once.
    pub(crate) fn get() -> &'static Lexicon {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(Lexicon::load)
    }

    /// Whether `word` (ending in a period) is an abbreviation that keeps its
    /// period, given the first character of the text that follows it.
    pub(crate) fn abbreviation(&self, word: &str, next: Option<char>) -> Option<AbbrevClass> {
        let listed = self.abbreviations.get(word).copied().or_else(|| {
            // "GEN." and "LTD." in capitals are looked up as "Gen." and "Ltd.".
            let mut chars = word.chars();
            let first = chars.next()?;
            let rest = chars.as_str();
            (rest.len() >= 2 && rest.chars().all(|c| !c.is_lowercase()))
                .then(|| format!("{first}{}", rest.to_lowercase()))
                .and_then(|w| self.abbreviations.get(w.as_str()).copied())
        });
        if let Some(class) = listed {
            return match class {
                AbbrevClass::BeforeNumber => next
                    .filter(char::is_ascii_digit)
                    .map(|_| AbbrevClass::BeforeNumber),
                c => Some(c),
            };
        }
        is_letter_period_sequence(word).then_some(AbbrevClass::Plain)
    }

    pub(crate) fn is_hyphen_prefix(&self, word: &str) -> bool {
        let mut buf = [0u8; 8];
        lower_ascii(word, &mut buf).is_some_and(|w| self.hyphen_prefixes.contains(w))
    }

    /// For a contraction written without an apostrophe ("cannot"), the byte
    /// length of its first word.
    pub(crate) fn contraction_split(&self, word: &str) -> Option<usize> {
        let mut buf = [0u8; 8];
        self.contractions.get(lower_ascii(word, &mut buf)?).copied()
    }

    /// For a number written against a unit ("10am", "1.4bn"), the byte
    /// length of the number.
    pub(crate) fn unit_split(&self, word: &str) -> Option<usize> {
        let b = word.as_bytes();
        if !b.first()?.is_ascii_digit() {
            return None;
        }
        let n = b
            .iter()
            .position(|c| !(c.is_ascii_digit() || *c == b'.' || *c == b','))?;
        (b[n - 1].is_ascii_digit() && self.units.contains(&word[n..])).then_some(n)
    }

    pub(crate) fn is_speech_verb(&self, word: &str) -> bool {
        self.speech_verbs.contains(word)
    }

    pub(crate) fn is_sentence_starter(&self, word: &str) -> bool {
        self.sentence_starters.contains(word)
    }
}

/// `word` in ASCII lower case, written into `buf` without allocating;
/// `None` for words that are not ASCII or longer than the buffer.
fn lower_ascii<'b>(word: &str, buf: &'b mut [u8; 8]) -> Option<&'b str> {
    if word.len() > buf.len() || !word.is_ascii() {
        return None;
    }
    let out = &mut buf[..word.len()];
    out.copy_from_slice(word.as_bytes());
    out.make_ascii_lowercase();
    std::str::from_utf8(out).ok()
}

/// "U.S.", "p.m.", "e.g.", "J.", "D.C.": single letters each followed by a period.
fn is_letter_period_sequence(word: &str) -> bool {
    let Some(body) = word.strip_suffix('.') else {
        return false;
    };
    !body.is_empty()
        && body.split('.').all(|part| {
            let mut chars = part.chars();
            matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_files_parse() {
        let lex = Lexicon::get();
        assert_eq!(lex.abbreviation("Gen.", None), Some(AbbrevClass::Title));
        assert_eq!(lex.abbreviation("U.S.", None), Some(AbbrevClass::Plain));
        assert_eq!(lex.abbreviation("no.", Some('t')), None);
        assert_eq!(
            lex.abbreviation("No.", Some('1')),
            Some(AbbrevClass::BeforeNumber)
        );
        assert_eq!(lex.abbreviation("said.", None), None);
        assert_eq!(lex.contraction_split("Cannot"), Some(3));
        assert!(lex.is_hyphen_prefix("Non"));
        assert!(lex.is_sentence_starter("The"));
        assert_eq!(lex.unit_split("1.4bn"), Some(3));
        assert_eq!(lex.unit_split("21st"), None);
        assert_eq!(lex.unit_split("1990s"), None);
    }
}
