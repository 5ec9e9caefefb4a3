//! Shared by the coder's test files: documents from hand-parsed CoNLL-U.

use text_model::{AnnotatedDoc, ByteSpan, DocMeta, Document, NaiveDate, Sentence, Token};

/// A document from one hand-written CoNLL-U sentence: its `# text`, its
/// `# date` (the publication date; `default_date` when it has none) and
/// its words as tokens with tags, features, lemmas and dependencies.
pub fn doc_of(s: &conllu::Sentence, default_date: Option<NaiveDate>) -> AnnotatedDoc {
    let text = s.text().expect("fixtures have # text").to_string();
    let date = s
        .comments
        .iter()
        .find_map(|c| c.trim_start_matches('#').trim().strip_prefix("date = "))
        .and_then(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok())
        .or(default_date);
    let meta = DocMeta {
        id: s.sent_id().unwrap_or("fixture").to_string(),
        published: date,
        ..DocMeta::default()
    };
    let mut doc = AnnotatedDoc::new(Document::new(meta, text.clone()));
    let mut cursor = 0;
    for w in &s.words {
        let at = cursor + text[cursor..].find(&w.form).expect("form in text");
        cursor = at + w.form.len();
        let mut t = Token::new(ByteSpan::new(at, cursor));
        t.upos = w.upos.clone();
        t.xpos = w.xpos.clone();
        t.feats = w.feats.replace('_', "");
        t.lemma = w.lemma.clone();
        t.head = (w.head > 0).then(|| w.head - 1);
        t.deprel = w.deprel.clone();
        doc.tokens.push(t);
    }
    doc.sentences.push(Sentence {
        span: ByteSpan::new(0, text.len()),
        tokens: 0..s.words.len() as u32,
    });
    doc
}

/// The sentence `id` (its `# sent_id`) of a CoNLL-U fixture file's text.
pub fn fixture(conllu_text: &str, id: &str) -> conllu::Sentence {
    conllu::parse_str(conllu_text)
        .expect("fixtures parse")
        .into_iter()
        .find(|s| s.sent_id() == Some(id))
        .unwrap_or_else(|| panic!("no fixture {id}"))
}
