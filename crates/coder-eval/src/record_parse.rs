//! Building an [`AnnotatedDoc`] from a record's own CoNLL-U parse.

use text_model::{AnnotatedDoc, ByteSpan, DocMeta, Document, Layer, Sentence, Token};

use crate::validation::Record;

/// The record as a document (id, date, text).
pub fn record_document(r: &Record) -> Document {
    Document::new(
        DocMeta {
            id: r.id.clone(),
            published: r.naive_date(),
            ..DocMeta::default()
        },
        r.text.clone(),
    )
}

/// Tokens, tags, lemmas and dependencies from the record's CoNLL-U `<Parse>`,
/// aligned to the record text by byte spans. `None` when the record has no
/// CoNLL-U parse (a Penn Treebank parse is not converted).
pub fn doc_from_record_parse(r: &Record) -> Option<AnnotatedDoc> {
    let parse = r.parse.as_deref()?;
    let lines: String = parse
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    if !lines.starts_with(|c: char| c.is_ascii_digit() || c == '#') {
        return None;
    }
    let sentences = conllu::parse_str(&format!("{lines}\n\n")).ok()?;
    let mut doc = AnnotatedDoc::new(record_document(r));
    let text = doc.text().to_string();
    let mut cursor = 0usize;
    for s in &sentences {
        let base = doc.tokens.len() as u32;
        let sent_start = cursor;
        for w in &s.words {
            let span = align(&text, &mut cursor, &w.form);
            let mut t = Token::new(span);
            t.upos = w.upos.clone();
            t.xpos = w.xpos.clone();
            t.feats = if w.feats == "_" {
                String::new()
            } else {
                w.feats.clone()
            };
            t.lemma = w.lemma.clone();
            t.head = (w.head > 0).then(|| base + w.head - 1);
            t.deprel = w.deprel.clone();
            doc.tokens.push(t);
        }
        let end = doc.tokens.len() as u32;
        let first = doc
            .tokens
            .get(base as usize)
            .map(|t| t.span.start())
            .unwrap_or(sent_start);
        doc.sentences.push(Sentence {
            span: ByteSpan::new(first, cursor),
            tokens: base..end,
        });
    }
    for l in [
        Layer::Sentences,
        Layer::Tokens,
        Layer::Tags,
        Layer::Lemmas,
        Layer::Dependencies,
    ] {
        doc.mark_layer(l);
    }
    Some(doc)
}

/// Finds `form` in `text` at or after `cursor` (skipping whitespace); a form
/// that cannot be found gets an empty span at the cursor.
fn align(text: &str, cursor: &mut usize, form: &str) -> ByteSpan {
    let rest = &text[*cursor..];
    let skip = rest.len() - rest.trim_start().len();
    let at = *cursor + skip;
    if text[at..].starts_with(form) {
        *cursor = at + form.len();
        return ByteSpan::new(at, *cursor);
    }
    // Search a little further (the parse may drop or normalise characters).
    if let Some(p) = text[at..].find(form).filter(|&p| p < 40) {
        let s = at + p;
        *cursor = s + form.len();
        return ByteSpan::new(s, *cursor);
    }
    ByteSpan::new(at, at)
}
