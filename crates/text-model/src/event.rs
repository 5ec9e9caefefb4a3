use crate::ByteSpan;
use chrono::NaiveDate;

/// One side of an event: the words in the sentence and their code.
#[derive(Clone, Debug, PartialEq)]
pub struct EventActor {
    pub span: ByteSpan,
    pub code: Option<String>,
    /// When the words are a pronoun or description: the antecedent mention.
    pub antecedent: Option<ByteSpan>,
}

/// Who asserts a reported claim.
#[derive(Clone, Debug, PartialEq)]
pub struct Speaker {
    pub span: ByteSpan,
    pub code: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Attribution {
    /// `None` when the event is in the article's own voice.
    pub asserted_by: Option<Speaker>,
    /// The cue word ("said", "according to").
    pub cue: Option<ByteSpan>,
}

/// When the event happened, as far as the text says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventDate {
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    /// The words the date was read from, or why it could not be resolved.
    pub basis: Option<String>,
    /// Well before the report: over 30 days, or a past year or era.
    pub historical: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Location {
    pub name: String,
    pub span: Option<ByteSpan>,
    /// ISO 3166 alpha-3 country code.
    pub country: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

/// A coded event with its provenance. Serialized forms live in `event-export`.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub sentence: u32,
    /// The verb or noun that triggered the pattern.
    pub trigger: ByteSpan,
    pub source: EventActor,
    /// `None` for unary events.
    pub target: Option<EventActor>,
    /// CAMEO code with leading zeros kept, e.g. `"042"`. Empty for an
    /// uncoded claim: a predication between actors that no CAMEO category
    /// covers ("the militia smuggled weapons"), kept only when the coder is
    /// asked to (`uncoded_claims`) so that its attribution, date and place
    /// are recorded too. See [`Event::is_coded`].
    pub cameo: String,
    pub quad_class: u8,
    pub goldstein: f32,
    pub plover_type: Option<String>,
    pub plover_mode: Option<String>,
    pub date: Option<EventDate>,
    pub attribution: Option<Attribution>,
    pub negated: bool,
    pub hypothetical: bool,
    pub location: Option<Location>,
    /// The dictionary pattern that fired, for provenance.
    pub pattern: Option<String>,
}

impl Event {
    /// False for an uncoded claim, which carries no CAMEO category, QuadClass,
    /// Goldstein value or PLOVER type and never enters event counts.
    pub fn is_coded(&self) -> bool {
        !self.cameo.is_empty()
    }

    /// The first two digits of the CAMEO code.
    pub fn cameo_root(&self) -> &str {
        self.cameo.get(..2).unwrap_or(&self.cameo)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FramingCategory {
    Pejorative,
    Honorific,
    Delegitimizing,
}

/// A loaded label the article applies to an actor.
#[derive(Clone, Debug, PartialEq)]
pub struct FramingLabel {
    pub span: ByteSpan,
    pub label: String,
    pub category: FramingCategory,
    /// The actor the label applies to, if one could be found.
    pub applies_to: Option<EventActor>,
}
