//! The in-memory verb dictionary: blocks, verbs, patterns, synsets, transformations.

use std::collections::HashMap;

/// Which of the two verb-dictionary dialects a file is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// PETRARCH2 `CAMEO.2.0.txt`: patterns are noun and `(PREP ...)` slots.
    Cameo2,
    /// TABARI / PETRARCH-1 (`CAMEO.verbpatterns.150430.txt`): patterns are
    /// linear word sequences with `_` for adjacency.
    Tabari,
}

/// A verb or pattern code: `[042]`, `[042:043]`, `[:190]` or `[---]`.
///
/// `None` on a side means the null code `---`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Code {
    pub active: Option<String>,
    pub passive: Option<String>,
}

impl Code {
    pub fn null() -> Code {
        Code::default()
    }
    pub fn is_null(&self) -> bool {
        self.active.is_none() && self.passive.is_none()
    }
}

/// One word slot of a pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Term {
    /// An upper-case word, matched against a token's lemma or surface form.
    Word(String),
    /// A synset, by index into [`VerbDictionary::synsets`].
    Synset(u32),
    /// `^`: any noun phrase, or none.
    Any,
}

/// A noun slot: the head word and the modifiers that must stand in its phrase.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NounSpec {
    pub head: Term,
    pub modifiers: Vec<Term>,
    /// `+`, `$` or `%` written inside this slot's phrase: the actor found here plays that role.
    pub role: Option<Role>,
}

/// What an actor found at a marked position is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// `$`
    Source,
    /// `+`
    Target,
    /// `%`: both source and target (a compound actor).
    Compound,
}

/// One element of a pattern side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Elem {
    /// A noun (CAMEO.2.0): a bare word or `{W1 .. Wn}` with head `Wn`.
    Noun(NounSpec),
    /// A prepositional phrase `(PREP N ...)`; `objects` may be empty for `(TO)`.
    Prep {
        prep: Term,
        objects: Vec<NounSpec>,
        role: Option<Role>,
    },
    /// An actor marker `$`, `+` or `%` standing on its own.
    Actor(Role),
    /// `^` on its own.
    Skip,
    /// A word of a linear TABARI pattern. `glued` means it must be adjacent to
    /// the element before it (for the post-verb side, the verb comes first; the
    /// pre-verb side is stored from the verb outwards).
    Linear { term: Term, glued: bool },
}

/// One pattern line, `- <pre> * <post> [CODE] # comment`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    /// The pattern as written, without the leading `-`, code and comment.
    pub text: String,
    pub line: u64,
    pub code: Code,
    /// Pre-verb elements. For TABARI patterns, ordered from the verb outwards.
    pub pre: Vec<Elem>,
    /// Post-verb elements, in written order.
    pub post: Vec<Elem>,
}

impl Pattern {
    /// How many words the pattern requires: the longer pattern wins a tie.
    pub fn weight(&self) -> usize {
        fn noun(n: &NounSpec) -> usize {
            usize::from(n.head != Term::Any) + n.modifiers.len()
        }
        self.pre
            .iter()
            .chain(&self.post)
            .map(|e| match e {
                Elem::Noun(n) => noun(n),
                Elem::Prep { objects, .. } => 1 + objects.iter().map(noun).sum::<usize>(),
                Elem::Linear { term, .. } => usize::from(*term != Term::Any),
                Elem::Actor(_) | Elem::Skip => 0,
            })
            .sum()
    }
}

/// A verb block: `--- MEANING [CODE] ---` followed by verbs and patterns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub meaning: String,
    pub code: Code,
    pub line: u64,
    pub patterns: Vec<Pattern>,
}

/// One verb of a block with the word forms it is found under.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerbEntry {
    /// The verb word itself (the `+` word of a multi-word verb), upper case.
    pub word: String,
    /// Every form the verb is listed or generated under, including `word`.
    pub forms: Vec<String>,
    /// Words that must come right before the verb (`WIRE_+TAP`).
    pub before: Vec<String>,
    /// Words that must follow the verb, e.g. a particle (`+CALL_OFF`).
    pub after: Vec<String>,
    /// The verb's own code; `None` means the block code applies.
    pub code: Option<Code>,
    pub block: u32,
    pub line: u64,
}

/// A synonym set `&NAME` with its members (each a phrase of upper-case words).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Synset {
    pub name: String,
    pub members: Vec<Vec<String>>,
}

/// A variable of a transformation: `a`, `b`, `.` (present, unbound) or `_` (absent).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Var {
    Named(char),
    Present,
    Absent,
}

/// `~ a (b . ATTACK) SAY = a b 112`: when an event (inner) is embedded under a
/// verb (outer), the pair is recoded as `answer`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transformation {
    pub outer_source: Var,
    pub inner_source: Var,
    pub inner_target: Var,
    /// Inner verb word, or `Q` for any verb.
    pub inner_verb: String,
    pub outer_verb: String,
    pub answer_source: Var,
    pub answer_target: Var,
    /// The code of the result, or `Q` for the inner event's code.
    pub answer_code: String,
    pub line: u64,
    pub text: String,
}

/// A loaded verb dictionary.
#[derive(Clone, Debug)]
pub struct VerbDictionary {
    pub format: Format,
    pub synsets: Vec<Synset>,
    pub blocks: Vec<Block>,
    pub verbs: Vec<VerbEntry>,
    pub transformations: Vec<Transformation>,
    /// Word form -> verb entries, in file order.
    pub(crate) index: HashMap<String, Vec<u32>>,
    /// Flattened synset members, nested synsets resolved.
    pub(crate) synset_words: Vec<Vec<Vec<String>>>,
    /// Block meaning -> blocks sharing it (their patterns are pooled, as in PETRARCH2).
    pub(crate) by_meaning: HashMap<String, Vec<u32>>,
    /// Last word of a synset member -> (synset, member index), for lookup by head.
    pub(crate) synset_heads: HashMap<String, Vec<(u32, u32)>>,
    /// Block meaning -> patterns keyed by one literal word they require.
    pub(crate) pattern_keys: HashMap<String, PatternKeys>,
}

/// The patterns of one block meaning, keyed by a literal word each requires;
/// patterns without a literal word (synsets only) are always tried.
#[derive(Clone, Debug, Default)]
pub(crate) struct PatternKeys {
    pub always: Vec<(u32, u32)>,
    pub by_word: HashMap<String, Vec<(u32, u32)>>,
}

impl Pattern {
    /// The first literal word the pattern needs, if any.
    pub fn key_word(&self) -> Option<&str> {
        fn lit(t: &Term) -> Option<&str> {
            match t {
                Term::Word(w) => Some(w),
                _ => None,
            }
        }
        fn noun(n: &NounSpec) -> Option<&str> {
            lit(&n.head).or_else(|| n.modifiers.iter().find_map(lit))
        }
        self.pre.iter().chain(&self.post).find_map(|e| match e {
            Elem::Noun(n) => noun(n),
            Elem::Prep { prep, objects, .. } => lit(prep).or_else(|| objects.iter().find_map(noun)),
            Elem::Linear { term, .. } => lit(term),
            Elem::Actor(_) | Elem::Skip => None,
        })
    }
}

impl VerbDictionary {
    /// Verb entries listed under this upper-case word form, in file order.
    pub fn lookup(&self, form: &str) -> impl Iterator<Item = &VerbEntry> + '_ {
        self.index
            .get(form)
            .into_iter()
            .flatten()
            .map(move |&i| &self.verbs[i as usize])
    }

    /// The code a verb entry stands for: its own, or its block's.
    pub fn entry_code<'a>(&'a self, entry: &'a VerbEntry) -> &'a Code {
        entry
            .code
            .as_ref()
            .unwrap_or(&self.blocks[entry.block as usize].code)
    }

    /// The patterns tried for a verb: every block sharing its block's meaning.
    pub fn patterns_for<'a>(&'a self, entry: &VerbEntry) -> impl Iterator<Item = &'a Pattern> + 'a {
        let meaning = &self.blocks[entry.block as usize].meaning;
        self.by_meaning
            .get(meaning)
            .into_iter()
            .flatten()
            .flat_map(move |&b| self.blocks[b as usize].patterns.iter())
    }

    /// Members of a synset (nested synsets flattened), each a phrase of words.
    pub fn synset_members(&self, synset: u32) -> &[Vec<String>] {
        self.synset_words
            .get(synset as usize)
            .map(|v| v.as_slice())
            .unwrap_or(&[])
    }

    /// The patterns of a verb's block meaning that can match a sentence whose
    /// words (lemmas and forms, upper case) satisfy `has_word`, in file order.
    pub fn candidate_patterns<'a>(
        &'a self,
        entry: &VerbEntry,
        words: &[String],
    ) -> Vec<&'a Pattern> {
        let meaning = &self.blocks[entry.block as usize].meaning;
        let Some(keys) = self.pattern_keys.get(meaning) else {
            return Vec::new();
        };
        let mut ids: Vec<(u32, u32)> = keys.always.clone();
        for w in words {
            if let Some(v) = keys.by_word.get(w) {
                ids.extend_from_slice(v);
            }
        }
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter()
            .map(|(b, p)| &self.blocks[b as usize].patterns[p as usize])
            .collect()
    }

    /// Members of any synset whose last word is `head`: (synset, member words).
    pub fn synset_members_with_head<'a>(
        &'a self,
        head: &str,
    ) -> impl Iterator<Item = (u32, &'a [String])> + 'a {
        self.synset_heads
            .get(head)
            .into_iter()
            .flatten()
            .map(move |&(sid, mi)| (sid, self.synset_words[sid as usize][mi as usize].as_slice()))
    }

    /// Number of pattern lines loaded.
    pub fn pattern_count(&self) -> usize {
        self.blocks.iter().map(|b| b.patterns.len()).sum()
    }

    /// The simple code of a verb word, as transformations use it: the first
    /// entry without particles, or `None` if the word is not a verb here.
    pub fn simple_verb_code(&self, word: &str) -> Option<&Code> {
        self.lookup(word)
            .find(|e| e.before.is_empty() && e.after.is_empty())
            .map(|e| self.entry_code(e))
    }
}
