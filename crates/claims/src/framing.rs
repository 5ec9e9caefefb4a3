//! Stage `framing.lexicon.v1`: loaded labels and whom they are applied to.
//!
//! The lexicon is the data file `data/framing/lexicon.tsv` (label, category),
//! compiled in. Labels are matched in the text, ignoring case, with the
//! plural of their last word. A label applies to the actor mention it
//! premodifies ("the terrorist group Hamas", "so-called Islamic State"),
//! follows ("the Assad regime", "Houthi thugs"), describes through a copula
//! or apposition ("Hamas, a terrorist group"), or the actor a coreference
//! description under it resolves to ("the regime" after a name).

use regex::Regex;
use text_model::{
    AnnotatedDoc, ByteSpan, EventActor, FramingCategory, FramingLabel, Layer, Mention, MentionKind,
    Stage,
};

use crate::words;
use crate::{Error, ErrorKind};

static LEXICON: &str = include_str!("../../../data/framing/lexicon.tsv");

/// Framing labels and their categories.
#[derive(Debug)]
pub struct FramingLexicon {
    entries: Vec<(String, FramingCategory)>,
    re: Regex,
}

impl FramingLexicon {
    /// The lexicon compiled into the library.
    pub fn builtin() -> &'static FramingLexicon {
        static L: std::sync::OnceLock<FramingLexicon> = std::sync::OnceLock::new();
        L.get_or_init(|| {
            FramingLexicon::parse(LEXICON)
                .unwrap_or_else(|_| FramingLexicon::from_entries(Vec::new()))
        })
    }

    /// Parses lexicon TSV: `label<TAB>category`, `#` comments.
    pub fn parse(text: &str) -> Result<FramingLexicon, Error> {
        let mut entries = Vec::new();
        let mut errors = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_end();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut f = line.split('\t');
            let (Some(label), Some(cat)) = (f.next(), f.next()) else {
                errors
                    .push(Error::malformed("expected label<TAB>category").with_line(n as u64 + 1));
                continue;
            };
            let cat = match cat.trim() {
                "pejorative" => FramingCategory::Pejorative,
                "honorific" => FramingCategory::Honorific,
                "delegitimizing" => FramingCategory::Delegitimizing,
                other => {
                    errors.push(
                        Error::malformed(format!(
                            "unknown category '{other}' (pejorative, honorific or delegitimizing)"
                        ))
                        .with_line(n as u64 + 1),
                    );
                    continue;
                }
            };
            entries.push((label.trim().to_lowercase(), cat));
        }
        if !errors.is_empty() {
            return Err(Error::new(ErrorKind::Partial(errors)));
        }
        Ok(FramingLexicon::from_entries(entries))
    }

    fn from_entries(mut entries: Vec<(String, FramingCategory)>) -> FramingLexicon {
        entries.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        entries.dedup_by(|a, b| a.0 == b.0);
        // ASCII word boundaries keep the regex crate on its DFA (see the date
        // patterns); a label that starts or ends with a non-ASCII letter
        // ("état") gets none on that side, and `find` checks every edge.
        let edge = |c: Option<char>| {
            if c.is_some_and(|c| c.is_ascii_alphanumeric()) {
                r"(?-u:\b)"
            } else {
                ""
            }
        };
        let alts: Vec<String> = entries
            .iter()
            .map(|(l, _)| {
                let words = l
                    .split_whitespace()
                    .map(regex::escape)
                    .collect::<Vec<_>>()
                    .join(r"\s+");
                format!(
                    "{}{words}(?:s|es)?{}",
                    edge(l.chars().next()),
                    edge(l.chars().next_back())
                )
            })
            .collect();
        let pat = if alts.is_empty() {
            r"\A\z\A".to_string()
        } else {
            format!(r"(?i)(?:{})", alts.join("|"))
        };
        let re = Regex::new(&pat).unwrap_or_else(|_| Regex::new(r"\A\z\A").expect("trivial regex"));
        FramingLexicon { entries, re }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entry for a matched text: the label itself, or its singular.
    fn entry(&self, matched: &str) -> Option<&(String, FramingCategory)> {
        let m = matched
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        self.entries.iter().find(|(l, _)| *l == m).or_else(|| {
            let sing = m
                .strip_suffix("es")
                .filter(|s| self.entries.iter().any(|(l, _)| l == s))
                .or_else(|| m.strip_suffix('s'));
            sing.and_then(|s| self.entries.iter().find(|(l, _)| l == s))
        })
    }

    /// Every label in `text`: (byte range, label, category).
    pub fn find(&self, text: &str) -> Vec<(std::ops::Range<usize>, String, FramingCategory)> {
        self.re
            .find_iter(text)
            .filter(|m| crate::words::stands_alone(text, m.start(), m.end()))
            .filter_map(|m| {
                let (label, cat) = self.entry(m.as_str())?;
                Some((m.range(), label.clone(), *cat))
            })
            .collect()
    }
}

/// Stage `framing.lexicon.v1`.
#[derive(Debug, Default)]
pub struct FramingStage;

impl FramingStage {
    pub fn new() -> FramingStage {
        FramingStage
    }
}

fn actor(m: &Mention) -> EventActor {
    EventActor {
        span: m.span,
        code: m.code.clone(),
        antecedent: m.antecedent,
    }
}

impl Stage for FramingStage {
    fn name(&self) -> &'static str {
        "framing.lexicon.v1"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Sentences, Layer::Tokens, Layer::Mentions]
    }

    fn provides(&self) -> &'static [Layer] {
        &[Layer::Framing]
    }

    fn run(&self, doc: &mut AnnotatedDoc) {
        let lex = FramingLexicon::builtin();
        let lower = words::lower_tokens(doc);
        let actors: Vec<&Mention> = doc
            .mentions
            .iter()
            .filter(|m| !matches!(m.kind, MentionKind::Place))
            .collect();
        let mut out = Vec::new();
        for s in 0..doc.sentences.len() {
            let sspan = doc.sentences[s].span;
            let text = doc.slice(sspan);
            let r = words::sentence_range(doc, s);
            for (range, label, category) in lex.find(text) {
                let span = ByteSpan::new(sspan.start() + range.start, sspan.start() + range.end);
                let Some(first) = words::token_at(doc, span.start()) else {
                    continue;
                };
                let mut last = first;
                while last + 1 < r.end && doc.tokens[last + 1].span.start() < span.end() {
                    last += 1;
                }
                let applies = applies_to(doc, &lower, &actors, r.clone(), first, last, span);
                out.push(FramingLabel {
                    span,
                    label,
                    category,
                    applies_to: applies.map(actor),
                });
            }
        }
        doc.framing = out;
        doc.mark_layer(Layer::Framing);
    }
}

fn tok_start(doc: &AnnotatedDoc, m: &Mention) -> usize {
    doc.tokens
        .partition_point(|t| t.span.end() <= m.span.start())
}

fn tok_end(doc: &AnnotatedDoc, m: &Mention) -> usize {
    doc.tokens
        .partition_point(|t| t.span.start() < m.span.end())
}

const LINK_NOUNS: &[&str] = &[
    "group",
    "groups",
    "organization",
    "organisation",
    "movement",
    "militia",
    "forces",
    "fighters",
    "leader",
    "government",
    "network",
    "outfit",
    "state",
    "the",
    "of",
    "army",
    "'s",
];

fn applies_to<'a>(
    doc: &AnnotatedDoc,
    lower: &[String],
    actors: &[&'a Mention],
    r: std::ops::Range<usize>,
    first: usize,
    last: usize,
    span: ByteSpan,
) -> Option<&'a Mention> {
    let pick = |cands: Vec<&'a Mention>| {
        cands
            .into_iter()
            .max_by_key(|m| (m.code.is_some(), m.antecedent.is_some(), m.span.len()))
    };
    // A coreference description or any mention that contains the label.
    let under: Vec<&Mention> = actors
        .iter()
        .copied()
        .filter(|m| m.span.contains(span) || span.contains(m.span) && m.code.is_some())
        .filter(|m| m.span != span || m.code.is_some())
        .collect();
    // Premodifier: a mention starting just after the label.
    let mut j = last + 1;
    while j < r.end && j <= last + 3 && LINK_NOUNS.contains(&lower[j].as_str()) {
        j += 1;
    }
    let after: Vec<&Mention> = actors
        .iter()
        .copied()
        .filter(|m| tok_start(doc, m) == j && j < r.end)
        .collect();
    if !after.is_empty() {
        return pick(after);
    }
    // Postmodifier: a mention ending just before the label ("the Assad regime").
    let mut k = first;
    while k > r.start && matches!(lower[k - 1].as_str(), "'s" | "’s") {
        k -= 1;
    }
    let before: Vec<&Mention> = actors
        .iter()
        .copied()
        .filter(|m| tok_end(doc, m) == k && k > r.start)
        .collect();
    if !before.is_empty() {
        return pick(before);
    }
    if !under.is_empty() {
        return pick(under);
    }
    // Copula or apposition: "X is a terrorist group", "X, a terrorist group".
    let mut k = first;
    let mut steps = 0;
    while k > r.start && steps < 4 {
        k -= 1;
        steps += 1;
        let w = lower[k].as_str();
        if matches!(
            w,
            "a" | "an"
                | "the"
                | "is"
                | "are"
                | "was"
                | "were"
                | ","
                | "as"
                | "called"
                | "branded"
                | "labelled"
                | "labeled"
                | "described"
                | "become"
                | "became"
                | "remains"
        ) {
            let ends: Vec<&Mention> = actors
                .iter()
                .copied()
                .filter(|m| tok_end(doc, m) == k)
                .collect();
            if !ends.is_empty() {
                return pick(ends);
            }
            continue;
        }
        break;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit;

    /// (text, mentions, label, category, actor words or "")
    const CASES: &[(&str, &[&str], &str, FramingCategory, &str)] = &[
        (
            "The terrorist group Hamas fired rockets.",
            &["Hamas"],
            "terrorist",
            FramingCategory::Pejorative,
            "Hamas",
        ),
        (
            "The Assad regime bombed Aleppo.",
            &["Assad"],
            "regime",
            FramingCategory::Delegitimizing,
            "Assad",
        ),
        (
            "Houthi thugs looted the port.",
            &["Houthi"],
            "thug",
            FramingCategory::Pejorative,
            "Houthi",
        ),
        (
            "Hamas, a terrorist organization, fired rockets.",
            &["Hamas"],
            "terrorist",
            FramingCategory::Pejorative,
            "Hamas",
        ),
        (
            "The so-called Islamic State claimed the attack.",
            &["Islamic State"],
            "so-called",
            FramingCategory::Delegitimizing,
            "Islamic State",
        ),
        (
            "Crowds mourned the martyrs of Gaza.",
            &[],
            "martyr",
            FramingCategory::Honorific,
            "",
        ),
        (
            "Fatah called them freedom fighters.",
            &["Fatah"],
            "freedom fighter",
            FramingCategory::Honorific,
            "",
        ),
    ];

    #[test]
    fn framing_table() {
        for (text, ments, label, cat, who) in CASES {
            let mut d = testkit::doc(text, None, None);
            for m in *ments {
                testkit::add_mention(&mut d, m, 0, MentionKind::Actor, Some("XXX")).unwrap();
            }
            FramingStage::new().run(&mut d);
            let f = d
                .framing
                .iter()
                .find(|f| f.label == *label)
                .unwrap_or_else(|| panic!("{text}: {:?}", d.framing));
            assert_eq!(f.category, *cat, "{text}");
            let got = f.applies_to.as_ref().map_or("", |a| d.slice(a.span));
            assert_eq!(got, *who, "{text}");
        }
    }

    /// Labels match whole words only, also next to non-ASCII letters, and a
    /// label with a non-ASCII edge still matches (ASCII word boundaries).
    #[test]
    fn labels_match_whole_words_around_non_ascii_letters() {
        let lex = FramingLexicon::parse("thug\tpejorative\nrégime\tpejorative\n").unwrap();
        let labels =
            |t: &str| -> Vec<String> { lex.find(t).into_iter().map(|(_, l, _)| l).collect() };
        assert_eq!(labels("the thugs fled"), ["thug"]);
        assert!(labels("thugé and éthug").is_empty());
        assert_eq!(labels("le régime tomba"), ["régime"]);
        assert!(labels("xrégime").is_empty());
    }

    #[test]
    fn lexicon_parses_and_reports_bad_lines() {
        assert!(FramingLexicon::builtin().len() > 60);
        let err = FramingLexicon::parse("thug\tpejorative\nhero\tnice\n").unwrap_err();
        assert!(err.to_string().contains("line 2"), "{err}");
    }
}
