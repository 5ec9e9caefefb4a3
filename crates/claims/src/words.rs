//! Small helpers over tokens shared by the stages.

use std::ops::Range;

use text_model::{AnnotatedDoc, ByteSpan, Mention, MentionKind};

/// Lowercased text of every token of the document.
pub(crate) fn lower_tokens(doc: &AnnotatedDoc) -> Vec<String> {
    doc.tokens
        .iter()
        .map(|t| doc.slice(t.span).to_lowercase())
        .collect()
}

/// Index of the token whose span holds byte `byte`, or the first token
/// starting after it.
pub(crate) fn token_at(doc: &AnnotatedDoc, byte: usize) -> Option<usize> {
    let i = doc.tokens.partition_point(|t| t.span.end() <= byte);
    (i < doc.tokens.len()).then_some(i)
}

/// The token range of sentence `s`, clamped to the token vector.
pub(crate) fn sentence_range(doc: &AnnotatedDoc, s: usize) -> Range<usize> {
    match doc.sentences.get(s) {
        Some(sent) => {
            let r = sent.token_range();
            r.start.min(doc.tokens.len())..r.end.min(doc.tokens.len())
        }
        None => 0..0,
    }
}

/// Whether `text[start..end]` stands as whole words: no letter or digit
/// touches it on either side. The date and framing patterns use ASCII word
/// boundaries (fast), which see one between "Jun" and "ín"; this check
/// restores the Unicode reading.
pub(crate) fn stands_alone(text: &str, start: usize, end: usize) -> bool {
    let letter = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    !letter(text[..start].chars().next_back()) && !letter(text[end..].chars().next())
}

pub(crate) fn is_punct(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| !c.is_alphanumeric())
}

pub(crate) fn is_quote(s: &str) -> bool {
    matches!(s, "\"" | "“" | "”" | "''" | "``" | "'" | "‘" | "’")
}

pub(crate) fn is_capitalized(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_uppercase())
}

/// Whether the token is (probably) a verb: the tagger's word when there is
/// one, otherwise nothing is assumed.
pub(crate) fn is_verb_tag(doc: &AnnotatedDoc, i: usize) -> bool {
    doc.tokens
        .get(i)
        .is_some_and(|t| t.upos == "VERB" || (t.upos.is_empty() && t.xpos.starts_with("VB")))
}

pub(crate) fn has_tags(doc: &AnnotatedDoc) -> bool {
    doc.tokens.iter().any(|t| !t.upos.is_empty())
}

pub(crate) fn has_deps(doc: &AnnotatedDoc) -> bool {
    doc.tokens.iter().any(|t| t.head.is_some())
}

/// Children of token `i` within `range`.
pub(crate) fn children(doc: &AnnotatedDoc, range: Range<usize>, i: usize) -> Vec<usize> {
    range
        .filter(|&j| doc.tokens[j].head == Some(i as u32))
        .collect()
}

pub(crate) const PRONOUNS: &[&str] = &[
    "he", "she", "it", "they", "him", "her", "them", "his", "its", "their", "theirs", "hers",
];

/// The best mention covering `span`: a resolved coreference mention first,
/// then a coded one, then the largest.
pub(crate) fn best_mention(mentions: &[Mention], span: ByteSpan) -> Option<&Mention> {
    mentions
        .iter()
        .filter(|m| m.kind != MentionKind::Place && span.contains(m.span) || m.span == span)
        .filter(|m| m.kind != MentionKind::Place)
        .max_by_key(|m| {
            (
                m.code.is_some(),
                matches!(m.kind, MentionKind::Pronoun | MentionKind::Description)
                    && m.antecedent.is_some(),
                m.span.len(),
            )
        })
}

/// Token window `[from, to)` as a byte span.
pub(crate) fn tokens_span(doc: &AnnotatedDoc, r: Range<usize>) -> ByteSpan {
    if r.is_empty() || r.end > doc.tokens.len() {
        return ByteSpan::default();
    }
    doc.tokens[r.start].span.cover(doc.tokens[r.end - 1].span)
}
