//! [`ActorStage`]: the pipeline stage that fills `doc.mentions` with actor
//! and agent mentions.

use std::sync::Arc;

use text_model::{AnnotatedDoc, ByteSpan, Layer, Mention, MentionKind, Severity, Stage};

use crate::dict::ActorDict;
use crate::matcher::MatchToken;
use crate::normalize::Folder;
use crate::read::DiscardScope;

/// Finds actor and agent mentions sentence by sentence.
///
/// Each mention's `code` is the combined actor code (`IRQCOP`, or `---COP`
/// for an agent alone), `entry` names the dictionary entries that matched,
/// `tokens` are document token indices and `span` covers the words. Codes
/// that depend on the date use `doc.meta.published`; without one the
/// undated or latest code is used, with an `Info` diagnostic when that
/// choice was ambiguous.
///
/// A sentence that contains a discard phrase gets no mentions, and a
/// story-level discard leaves the whole document without them (PETRARCH
/// codes no events there); both are reported as `Info` diagnostics.
pub struct ActorStage {
    dict: Arc<ActorDict>,
    apply_discards: bool,
    /// khaldun's reading of dates (see [`ActorStage::coding_history`]).
    coding_history: bool,
}

impl ActorStage {
    pub const NAME: &'static str = "actors.petrarch.v1";

    pub fn new(dict: Arc<ActorDict>) -> ActorStage {
        ActorStage {
            dict,
            apply_discards: true,
            coding_history: false,
        }
    }

    /// A stage over the embedded Phoenix dictionaries.
    pub fn phoenix_default() -> ActorStage {
        ActorStage::new(Arc::new(ActorDict::phoenix_default()))
    }

    /// The same stage, but discard phrases do not suppress mentions.
    pub fn ignoring_discards(mut self) -> ActorStage {
        self.apply_discards = false;
        self
    }

    /// The same stage, but discard phrases that only name a time ("1981",
    /// "APRIL 1942", "YEARS AGO") do not blank the sentence. Phoenix lists
    /// every year from 1914 to 2013 to keep history out of its output;
    /// khaldun codes history and marks it `historical` instead.
    ///
    /// For the same reason a name with no code on the publication date
    /// takes its last role before it: a 2015 article's "Muammar Gaddafi"
    /// is `LBYGOV` (until 2011), not nobody.
    pub fn coding_history(mut self) -> ActorStage {
        self.coding_history = true;
        self
    }

    pub fn dictionary(&self) -> &ActorDict {
        &self.dict
    }
}

impl Stage for ActorStage {
    fn name(&self) -> &'static str {
        ActorStage::NAME
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Sentences, Layer::Tokens]
    }

    fn provides(&self) -> &'static [Layer] {
        &[Layer::Mentions]
    }

    fn run(&self, doc: &mut AnnotatedDoc) {
        let date = doc.doc.meta.published;
        let tagged = doc.has_layer(Layer::Tags);
        let mut folder = Folder::new();
        let mut found: Vec<Mention> = Vec::new();
        let mut notes: Vec<(String, ByteSpan)> = Vec::new();
        let mut story_discard: Option<(String, ByteSpan)> = None;
        let text = doc.doc.text();
        for sentence in &doc.sentences {
            let range = sentence.token_range();
            let Some(sent_tokens) = doc.tokens.get(range.clone()) else {
                continue;
            };
            let tokens: Vec<MatchToken<'_>> = sent_tokens
                .iter()
                .map(|t| MatchToken {
                    text: t.span.slice(text),
                    upos: (tagged && !t.upos.is_empty()).then_some(t.upos.as_str()),
                })
                .collect();
            let words = self.dict.tagged_words_of(&tokens, &mut folder);
            if self.apply_discards {
                if let Some(hit) = self.dict.discard_in_words(&words, !self.coding_history) {
                    let span = sent_tokens[hit.tokens.start]
                        .span
                        .cover(sent_tokens[hit.tokens.end - 1].span);
                    match hit.scope {
                        DiscardScope::Story => {
                            story_discard = Some((hit.phrase, span));
                            break;
                        }
                        DiscardScope::Sentence => {
                            notes.push((
                                format!(
                                    "sentence discarded by the discard phrase {:?}: no actors coded",
                                    hit.phrase
                                ),
                                span,
                            ));
                            continue;
                        }
                    }
                }
            }
            for m in self
                .dict
                .matches_in_words(&tokens, &words, date, self.coding_history)
            {
                let first = range.start + m.tokens.start;
                let last = range.start + m.tokens.end - 1;
                let span = doc.tokens[first].span.cover(doc.tokens[last].span);
                if m.undated_choice {
                    notes.push((
                        format!(
                            "the document has no publication date; {:?} has several dated codes and {} was used",
                            m.entry, m.code
                        ),
                        span,
                    ));
                }
                found.push(Mention {
                    span,
                    tokens: first as u32..last as u32 + 1,
                    kind: m.kind,
                    code: Some(m.code),
                    entry: Some(m.entry),
                    antecedent: None,
                });
            }
        }
        if let Some((phrase, span)) = story_discard {
            doc.diagnose(
                Severity::Info,
                ActorStage::NAME,
                format!("story discarded by the discard phrase {phrase:?}: no actors coded in this document"),
                Some(span),
            );
            doc.mark_layer(Layer::Mentions);
            return;
        }
        for (message, span) in notes {
            doc.diagnose(Severity::Info, ActorStage::NAME, message, Some(span));
        }
        doc.mentions
            .retain(|m| !matches!(m.kind, MentionKind::Actor | MentionKind::Agent));
        doc.mentions.extend(found);
        doc.mentions.sort_by_key(|m| (m.span.start(), m.span.end()));
        doc.mark_layer(Layer::Mentions);
    }
}
