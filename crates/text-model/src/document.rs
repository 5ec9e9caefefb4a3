use chrono::NaiveDate;

/// What is known about a document besides its text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocMeta {
    pub id: String,
    pub url: Option<String>,
    /// The outlet that published the article; it is `reported_by` on every event.
    pub outlet: Option<String>,
    /// Publication date; relative dates ("on Wednesday") resolve against it.
    pub published: Option<NaiveDate>,
    pub title: Option<String>,
    /// A publication date given with less than day precision ("2020-08",
    /// "2020"), kept as written; `published` is then `None`.
    pub published_partial: Option<String>,
}

/// An article: metadata plus the original text, which it owns and never changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    pub meta: DocMeta,
    text: String,
}

impl Document {
    pub fn new(meta: DocMeta, text: String) -> Document {
        Document { meta, text }
    }

    /// A document with only an id; handy in tests and for stdin input.
    pub fn from_text(id: impl Into<String>, text: impl Into<String>) -> Document {
        Document {
            meta: DocMeta {
                id: id.into(),
                ..DocMeta::default()
            },
            text: text.into(),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn id(&self) -> &str {
        &self.meta.id
    }
}
