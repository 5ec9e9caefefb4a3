//! Building [`AnnotatedDoc`]s by hand, for tests and for the gold
//! evaluation's oracle mode.
//!
//! [`tokenize`] is a deliberately small rule tokenizer and sentence splitter
//! (not the product's: that is the `segment` crate). It lets the stages of
//! this crate be tested without the rest of the pipeline. The helpers add
//! mentions and events by the words they cover.

use text_model::{
    AnnotatedDoc, ByteSpan, DocMeta, Document, Event, EventActor, Layer, Mention, MentionKind,
    NaiveDate, Sentence, Token,
};

const ABBREVIATIONS: &[&str] = &[
    "mr.", "mrs.", "ms.", "dr.", "gen.", "col.", "lt.", "sgt.", "capt.", "maj.", "sen.", "rep.",
    "gov.", "pres.", "st.", "no.", "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.",
    "sept.", "oct.", "nov.", "dec.", "u.s.", "u.n.", "u.k.", "e.u.", "a.m.", "p.m.", "vs.", "etc.",
    "jr.", "sr.", "inc.", "corp.", "co.", "ltd.", "prof.",
];

/// Splits `text` into tokens and sentences: words, numbers (with inner
/// `-`, `.`, `,`, `/`), clitics `'s` and `n't` apart, every other
/// character a token of its own; sentences end after `.`, `!` or `?` (plus
/// closing quotes) and at blank lines.
pub fn tokenize(doc: &mut AnnotatedDoc) {
    let text = doc.text().to_string();
    let bytes: Vec<(usize, char)> = text.char_indices().collect();
    let mut tokens: Vec<ByteSpan> = Vec::new();
    let mut i = 0;
    let n = bytes.len();
    let at = |k: usize| if k < n { bytes[k].0 } else { text.len() };
    while i < n {
        let c = bytes[i].1;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        if c.is_alphanumeric() {
            let mut j = i + 1;
            while j < n {
                let ch = bytes[j].1;
                let next_alnum = j + 1 < n && bytes[j + 1].1.is_alphanumeric();
                if ch.is_alphanumeric()
                    || (matches!(ch, '-' | '–') && next_alnum)
                    || (ch == '.' && next_alnum && bytes[j - 1].1.is_ascii_digit())
                    || (ch == '.'
                        && j + 1 < n
                        && bytes[j + 1].1.is_alphabetic()
                        && j + 2 < n
                        && bytes[j + 2].1 == '.')
                    || (matches!(ch, ',' | '/' | ':')
                        && next_alnum
                        && bytes[j - 1].1.is_ascii_digit()
                        && bytes[j + 1].1.is_ascii_digit())
                {
                    j += 1;
                } else {
                    break;
                }
            }
            // Keep a final period on an abbreviation or initials ("U.S.").
            if j < n && bytes[j].1 == '.' {
                let word = text[at(start)..at(j + 1)].to_lowercase();
                if ABBREVIATIONS.contains(&word.as_str())
                    || (word.len() == 2
                        && word.chars().next().is_some_and(|c| c.is_alphabetic())
                        && text[at(start)..].starts_with(|c: char| c.is_uppercase()))
                    || word.matches('.').count() >= 2
                {
                    j += 1;
                }
            }
            // n't and 's as their own tokens.
            let word = &text[at(start)..at(j)];
            if word.to_lowercase().ends_with("n")
                && j + 2 < n
                && bytes[j].1 == '\''
                && bytes[j + 1].1 == 't'
            {
                tokens.push(ByteSpan::new(at(start), at(j - 1)));
                tokens.push(ByteSpan::new(at(j - 1), at(j + 2)));
                i = j + 2;
                continue;
            }
            tokens.push(ByteSpan::new(at(start), at(j)));
            i = j;
            continue;
        }
        if matches!(c, '\'' | '’')
            && i + 1 < n
            && matches!(bytes[i + 1].1, 's' | 'S')
            && (i + 2 >= n || !bytes[i + 2].1.is_alphanumeric())
            && i > 0
            && bytes[i - 1].1.is_alphanumeric()
        {
            tokens.push(ByteSpan::new(at(i), at(i + 2)));
            i += 2;
            continue;
        }
        if c == '-' && i + 1 < n && bytes[i + 1].1 == '-' {
            let mut j = i;
            while j < n && bytes[j].1 == '-' {
                j += 1;
            }
            tokens.push(ByteSpan::new(at(i), at(j)));
            i = j;
            continue;
        }
        tokens.push(ByteSpan::new(at(start), at(start + 1)));
        i += 1;
    }
    // Sentences.
    let mut sentences = Vec::new();
    let mut s0 = 0usize;
    let mut quote_open = false;
    for k in 0..tokens.len() {
        let w = tokens[k].slice(&text);
        if w == "\"" {
            quote_open = !quote_open;
        }
        let last = k + 1 == tokens.len();
        let mut end_here = last;
        if !last {
            let gap = &text[tokens[k].end()..tokens[k + 1].start()];
            if gap.contains("\n\n") || (gap.contains('\n') && k > 0 && tokens[k].start() == 0) {
                end_here = true;
            }
            if matches!(w, "." | "!" | "?") {
                let nw = tokens[k + 1].slice(&text);
                let closes = matches!(nw, "\"" | "”" | "’" | "'") && quote_open;
                if closes {
                    continue;
                }
                if nw
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || matches!(c, '"' | '“'))
                {
                    end_here = true;
                }
            }
            if matches!(w, "\"" | "”")
                && !quote_open
                && k > 0
                && matches!(tokens[k - 1].slice(&text), "." | "!" | "?")
            {
                let nw = tokens[k + 1].slice(&text);
                if nw
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || matches!(c, '"' | '“'))
                {
                    end_here = true;
                }
            }
        }
        if end_here {
            let span = tokens[s0].cover(tokens[k]);
            sentences.push(Sentence {
                span,
                tokens: s0 as u32..(k + 1) as u32,
            });
            s0 = k + 1;
        }
    }
    doc.tokens = tokens.into_iter().map(Token::new).collect();
    doc.sentences = sentences;
    doc.mark_layer(Layer::Sentences);
    doc.mark_layer(Layer::Tokens);
}

/// A tokenized document with metadata.
pub fn doc(text: &str, published: Option<NaiveDate>, outlet: Option<&str>) -> AnnotatedDoc {
    let meta = DocMeta {
        id: "test".into(),
        outlet: outlet.map(str::to_string),
        published,
        ..DocMeta::default()
    };
    let mut d = AnnotatedDoc::new(Document::new(meta, text.to_string()));
    tokenize(&mut d);
    d
}

/// The span of the `nth` (0-based) occurrence of `words` on token
/// boundaries, if any.
pub fn find(doc: &AnnotatedDoc, words: &str, nth: usize) -> Option<ByteSpan> {
    let text = doc.text();
    let mut k = 0;
    let mut from = 0;
    while let Some(p) = text[from..].find(words) {
        let s = from + p;
        let e = s + words.len();
        let starts = doc.tokens.iter().any(|t| t.span.start() == s);
        let ends = doc.tokens.iter().any(|t| t.span.end() == e);
        if starts && ends {
            if k == nth {
                return Some(ByteSpan::new(s, e));
            }
            k += 1;
        }
        from = s + words.len().max(1);
        while !text.is_char_boundary(from) {
            from += 1;
        }
    }
    None
}

fn token_range(doc: &AnnotatedDoc, span: ByteSpan) -> std::ops::Range<u32> {
    let s = doc.tokens.partition_point(|t| t.span.end() <= span.start());
    let e = doc.tokens.partition_point(|t| t.span.start() < span.end());
    s as u32..e as u32
}

/// Adds a mention over the `nth` occurrence of `words`.
pub fn add_mention(
    doc: &mut AnnotatedDoc,
    words: &str,
    nth: usize,
    kind: MentionKind,
    code: Option<&str>,
) -> Option<ByteSpan> {
    let span = find(doc, words, nth)?;
    let tokens = token_range(doc, span);
    doc.mentions.push(Mention {
        span,
        tokens,
        kind,
        code: code.map(str::to_string),
        entry: Some(words.to_uppercase()),
        antecedent: None,
    });
    doc.mentions.sort_by_key(|m| m.span);
    doc.mark_layer(Layer::Mentions);
    Some(span)
}

/// An event actor over `words` (the first occurrence), its code taken from
/// a mention covering it when there is one.
pub fn actor(doc: &AnnotatedDoc, words: &str, code: Option<&str>) -> Option<EventActor> {
    let span = find(doc, words, 0)?;
    let m = doc.mentions.iter().find(|m| m.span == span);
    Some(EventActor {
        span,
        code: code
            .map(str::to_string)
            .or_else(|| m.and_then(|m| m.code.clone())),
        antecedent: m.and_then(|m| m.antecedent),
    })
}

/// Adds an event triggered by the `nth` occurrence of `trigger`.
pub fn add_event(
    doc: &mut AnnotatedDoc,
    trigger: &str,
    nth: usize,
    cameo: &str,
    source: Option<EventActor>,
    target: Option<EventActor>,
) -> Option<usize> {
    let span = find(doc, trigger, nth)?;
    let sentence = doc.sentences.iter().position(|s| s.span.contains(span))? as u32;
    let source = source.unwrap_or(EventActor {
        span,
        code: None,
        antecedent: None,
    });
    doc.events.push(Event {
        sentence,
        trigger: span,
        source,
        target,
        cameo: cameo.to_string(),
        quad_class: 0,
        goldstein: 0.0,
        plover_type: None,
        plover_mode: None,
        date: None,
        attribution: None,
        negated: false,
        hypothetical: false,
        location: None,
        pattern: None,
    });
    doc.mark_layer(Layer::Events);
    Some(doc.events.len() - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_and_sentences() {
        let d = doc(
            "Gen. Ali said the U.S. army didn't attack. \"We left,\" he said. It ended in 1980-1988.",
            None,
            None,
        );
        let words: Vec<&str> = d.tokens.iter().map(|t| d.slice(t.span)).collect();
        assert!(words.contains(&"Gen."), "{words:?}");
        assert!(words.contains(&"U.S."), "{words:?}");
        assert!(words.contains(&"n't"), "{words:?}");
        assert!(words.contains(&"1980-1988"), "{words:?}");
        assert_eq!(d.sentences.len(), 3, "{:?}", d.sentences);
    }
}
