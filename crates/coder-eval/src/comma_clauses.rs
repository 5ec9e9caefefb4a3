//! PETRARCH-1's comma-clause deletion, the `comma_*` record options.
//!
//! Before coding, PETRARCH-1 drops comma-delimited clauses whose length in
//! words lies within a configured range: internal clauses between two
//! commas (`comma_min`/`comma_max`), the initial clause before the first
//! comma (`comma_bmin`/`comma_bmax`) and the terminal clause after the last
//! one (`comma_emin`/`comma_emax`). A maximum of 0 turns a kind off. Words
//! are counted as tokens holding a letter. The validation records that set
//! these options expect the coding of what remains.

use crate::RecordConfig;

/// Word-count ranges of the clauses to delete; `(_, 0)` is off.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CommaLimits {
    pub internal: (u32, u32),
    pub initial: (u32, u32),
    pub terminal: (u32, u32),
}

impl CommaLimits {
    /// True when no kind of clause is deleted.
    pub fn is_off(&self) -> bool {
        self.internal.1 == 0 && self.initial.1 == 0 && self.terminal.1 == 0
    }
}

impl RecordConfig {
    /// The `comma_*` options in force; an option not set is 0, so a kind
    /// whose maximum was never set stays off.
    pub fn comma_limits(&self) -> CommaLimits {
        let get = |name: &str| -> u32 {
            self.other
                .iter()
                .rev()
                .find(|(k, _)| k == name)
                .and_then(|(_, v)| v.trim().parse().ok())
                .unwrap_or(0)
        };
        CommaLimits {
            internal: (get("comma_min"), get("comma_max")),
            initial: (get("comma_bmin"), get("comma_bmax")),
            terminal: (get("comma_emin"), get("comma_emax")),
        }
    }
}

fn words(s: &str) -> u32 {
    s.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count() as u32
}

fn within((min, max): (u32, u32), n: u32) -> bool {
    max > 0 && n >= min && n <= max
}

/// `text` without the comma clauses `limits` delete (each with one of its
/// commas). A comma between digits ("1,200") delimits nothing.
pub fn delete_comma_clauses(text: &str, limits: &CommaLimits) -> String {
    if limits.is_off() {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let commas: Vec<usize> = (0..bytes.len())
        .filter(|&i| {
            bytes[i] == b','
                && !(i > 0
                    && i + 1 < bytes.len()
                    && bytes[i - 1].is_ascii_digit()
                    && bytes[i + 1].is_ascii_digit())
        })
        .collect();
    let (Some(&first), Some(&last)) = (commas.first(), commas.last()) else {
        return text.to_string();
    };
    // The sentence's final punctuation stays.
    let trimmed = text.trim_end();
    let end = trimmed
        .strip_suffix(['.', '!', '?'])
        .map_or(trimmed.len(), str::len);
    let mut cut: Vec<std::ops::Range<usize>> = Vec::new();
    if within(limits.initial, words(&text[..first])) {
        cut.push(0..first + 1);
    }
    for pair in commas.windows(2) {
        if within(limits.internal, words(&text[pair[0] + 1..pair[1]])) {
            cut.push(pair[0] + 1..pair[1] + 1);
        }
    }
    if last < end && within(limits.terminal, words(&text[last + 1..end])) {
        cut.push(last..end);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for r in cut {
        let start = r.start.max(at);
        if start > at {
            out.push_str(&text[at..start]);
        }
        at = at.max(r.end);
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clauses_within_the_ranges_go() {
        let limits = CommaLimits {
            internal: (2, 8),
            initial: (0, 0),
            terminal: (2, 8),
        };
        let cases = [
            // (text, expected)
            (
                "Gondor, the largest of the realms, attacked Mordor at dawn after a long night of rain.",
                "Gondor, attacked Mordor at dawn after a long night of rain.",
            ),
            // A short terminal clause goes too.
            (
                "Gondor, the largest of the realms, attacked Mordor.",
                "Gondor,.",
            ),
            (
                "Gondor attacked Mordor, officials in Minas Tirith said.",
                "Gondor attacked Mordor.",
            ),
            // One word between commas: outside [2, 8].
            (
                "Gondor, too, attacked Mordor at dawn after a long night of rain.",
                "Gondor, too, attacked Mordor at dawn after a long night of rain.",
            ),
            // Digits: no clause.
            ("Gondor sent 1,200 troops.", "Gondor sent 1,200 troops."),
            ("No commas here.", "No commas here."),
        ];
        for (text, want) in cases {
            assert_eq!(delete_comma_clauses(text, &limits), want, "{text}");
        }
    }

    #[test]
    fn the_initial_clause_and_off_switches() {
        let initial = CommaLimits {
            initial: (3, 6),
            ..CommaLimits::default()
        };
        assert_eq!(
            delete_comma_clauses("In a surprise move on Monday, Gondor attacked.", &initial),
            " Gondor attacked."
        );
        assert!(CommaLimits::default().is_off());
        let text = "Gondor, the largest realm, attacked.";
        assert_eq!(delete_comma_clauses(text, &CommaLimits::default()), text);
    }

    #[test]
    fn limits_come_from_the_latest_options() {
        let mut c = RecordConfig::default();
        c.other.push(("comma_min".into(), "4".into()));
        c.other.push(("comma_max".into(), "6".into()));
        c.other.push(("comma_max".into(), "0".into()));
        assert_eq!(c.comma_limits().internal, (4, 0));
        assert!(c.comma_limits().is_off());
    }
}
