//! Documents as the store receives them: metadata, a content hash and the
//! coded event records of the document.

use event_export::EventRecord;
use xxhash_rust::xxh3::Xxh3;

/// One document to ingest.
#[derive(Clone, Debug, PartialEq)]
pub struct NewDocument {
    pub doc_id: String,
    pub url: Option<String>,
    pub outlet: Option<String>,
    /// Publication date, `YYYY-MM-DD`.
    pub published: Option<String>,
    pub title: Option<String>,
    /// 128-bit content hash: of the text when known ([`NewDocument::with_text`]),
    /// else a fingerprint of the coded records.
    pub hash: u128,
    pub records: Vec<EventRecord>,
}

fn feed(h: &mut Xxh3, s: &str) {
    h.update(&(s.len() as u64).to_le_bytes());
    h.update(s.as_bytes());
}

fn feed_opt(h: &mut Xxh3, s: Option<&str>) {
    match s {
        Some(s) => {
            h.update(&[1]);
            feed(h, s);
        }
        None => h.update(&[0]),
    }
}

/// A fingerprint of what a document's records say, independent of the
/// document id: offsets, words, codes, dates, publication date.
pub fn records_fingerprint(records: &[EventRecord]) -> u128 {
    let mut h = Xxh3::new();
    h.update(b"khaldun-records-v1");
    for r in records {
        h.update(&r.sentence_index.to_le_bytes());
        h.update(&r.sentence_span.start.to_le_bytes());
        h.update(&r.sentence_span.end.to_le_bytes());
        feed(&mut h, &r.trigger.text);
        h.update(&r.trigger.start.to_le_bytes());
        feed(&mut h, &r.source.text);
        feed_opt(&mut h, r.source.code.as_deref());
        h.update(&r.source.start.to_le_bytes());
        match &r.target {
            Some(t) => {
                feed(&mut h, &t.text);
                feed_opt(&mut h, t.code.as_deref());
                h.update(&t.start.to_le_bytes());
            }
            None => h.update(&[0xff]),
        }
        feed(&mut h, &r.cameo.code);
        feed_opt(&mut h, r.date.as_ref().and_then(|d| d.start.as_deref()));
        feed_opt(&mut h, r.date.as_ref().and_then(|d| d.end.as_deref()));
        feed_opt(&mut h, r.published.as_deref());
        feed_opt(&mut h, r.location.as_ref().map(|l| l.name.as_str()));
    }
    h.digest128()
}

/// The content hash of a document text.
pub fn text_hash(text: &str) -> u128 {
    let mut h = Xxh3::new();
    h.update(b"khaldun-text-v1");
    h.update(text.as_bytes());
    h.digest128()
}

/// A content hash as `documents.hash` stores it (32 hex digits); every
/// lookup and insert must spell it the same way.
pub(crate) fn stored_hash(hash: u128) -> String {
    format!("{hash:032x}")
}

impl NewDocument {
    /// A document known only through its records (all with the same
    /// `doc_id`); outlet and publication date come from the records.
    /// Uncoded claims (`uncoded: true`) are left out: the store counts
    /// events, and a claim with no CAMEO category is not one.
    pub fn from_records(doc_id: impl Into<String>, mut records: Vec<EventRecord>) -> NewDocument {
        records.retain(|r| !r.uncoded);
        let outlet = records
            .iter()
            .find_map(|r| r.attribution.as_ref().and_then(|a| a.reported_by.clone()));
        let published = records.iter().find_map(|r| r.published.clone());
        NewDocument {
            doc_id: doc_id.into(),
            url: None,
            outlet,
            published,
            title: None,
            hash: records_fingerprint(&records),
            records,
        }
    }

    /// Uses the hash of the document's text as its content hash.
    pub fn with_text(mut self, text: &str) -> NewDocument {
        self.hash = text_hash(text);
        self
    }
}

/// Groups records into documents by consecutive `doc_id`, as `khaldun code`
/// writes them. A `doc_id` that comes back after another document becomes a
/// second document with the same id, which ingest then skips as a duplicate.
pub fn group_by_document(records: impl IntoIterator<Item = EventRecord>) -> Vec<NewDocument> {
    let mut docs = Vec::new();
    let mut current: Vec<EventRecord> = Vec::new();
    for r in records {
        if current.first().is_some_and(|f| f.doc_id != r.doc_id) {
            let batch = std::mem::take(&mut current);
            docs.push(NewDocument::from_records(batch[0].doc_id.clone(), batch));
        }
        current.push(r);
    }
    if !current.is_empty() {
        docs.push(NewDocument::from_records(
            current[0].doc_id.clone(),
            current,
        ));
    }
    docs
}
