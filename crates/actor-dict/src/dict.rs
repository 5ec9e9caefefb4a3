//! [`ActorDict`]: every actor-side dictionary folded into one vocabulary of
//! normalized words and three Aho-Corasick automata over word ids.

use std::borrow::Cow;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use chrono::NaiveDate;
use rustc_hash::FxHashMap;

use crate::date::DateRestriction;
use crate::error::{Error, ErrorKind};
use crate::normalize::{
    transliteration_key, transliteration_key_into, Folder, MIN_TRANSLITERATION_LEN,
};
use crate::read::{
    read_actors, read_agents, read_discards, read_issues, ActorEntry, AgentEntry, AgentPlacement,
    DiscardEntry, DiscardScope, IssueEntry,
};

/// Which reader a dictionary file needs, recognised by its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DictionaryKind {
    Actors,
    Agents,
    Discards,
    Issues,
}

impl DictionaryKind {
    /// `*actors*.txt`, `*agents*.txt`, `*discards*.txt`, `*Issue*.txt` (case
    /// insensitive, optionally `.gz`-compressed). Verb dictionaries and
    /// anything else give `None`.
    pub fn from_file_name(name: &str) -> Option<DictionaryKind> {
        let lower = name.to_ascii_lowercase();
        let stem = lower
            .strip_suffix(".txt.gz")
            .or_else(|| lower.strip_suffix(".txt"))?;
        if stem.contains("verb") || stem.starts_with("cameo") {
            None
        } else if stem.contains("actors") {
            Some(DictionaryKind::Actors)
        } else if stem.contains("agents") {
            Some(DictionaryKind::Agents)
        } else if stem.contains("discards") {
            Some(DictionaryKind::Discards)
        } else if stem.contains("issue") {
            Some(DictionaryKind::Issues)
        } else {
            None
        }
    }
}

/// An actor code as stored for one phrase.
#[derive(Clone, Debug)]
struct StoredCode {
    /// Index into `ActorDict::code_names`.
    code: u32,
    when: DateRestriction,
    /// Index into `ActorDict::entry_names`.
    entry: u32,
}

#[derive(Clone, Debug)]
struct StoredAgent {
    role: Box<str>,
    placement: AgentPlacement,
    entry: u32,
}

/// Everything stored under one normalized phrase.
#[derive(Clone, Debug, Default)]
struct PhraseInfo {
    /// Actor codes in load order (files in the order given, lines in order).
    codes: Vec<StoredCode>,
    /// The agent defined by this phrase; a later definition replaces an
    /// earlier one, as in PETRARCH.
    agent: Option<StoredAgent>,
}

#[derive(Clone, Debug)]
struct DiscardInfo {
    scope: DiscardScope,
    entry: u32,
    /// The phrase names only a time ("1981", "APRIL 1942", "YEARS AGO"):
    /// Phoenix's way of keeping history out of the news.
    time_only: bool,
}

/// Whether a discard phrase names only a time: years, month names, or
/// "<unit> AGO|LATER". Such discards are how Phoenix keeps background
/// history out of its output; khaldun dates history instead.
fn is_time_only_phrase(phrase: &str) -> bool {
    const MONTHS: [&str; 12] = [
        "JANUARY",
        "FEBRUARY",
        "MARCH",
        "APRIL",
        "MAY",
        "JUNE",
        "JULY",
        "AUGUST",
        "SEPTEMBER",
        "OCTOBER",
        "NOVEMBER",
        "DECEMBER",
    ];
    const UNITS: [&str; 8] = [
        "DAY", "DAYS", "WEEK", "WEEKS", "MONTH", "MONTHS", "YEAR", "YEARS",
    ];
    let words: Vec<String> = phrase
        .split(|c: char| c.is_whitespace() || c == '_')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_ascii_uppercase())
        .collect();
    // "FIFTY YEARS AGO", "3 DAYS LATER": a count before the unit.
    const COUNTS: [&str; 16] = [
        "A", "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE", "TEN",
        "TWENTY", "THIRTY", "FORTY", "FIFTY", "HUNDRED",
    ];
    let is_count = |w: &str| w.bytes().all(|b| b.is_ascii_digit()) || COUNTS.contains(&w);
    let relative =
        |unit: &str, rel: &str| UNITS.contains(&unit) && (rel == "AGO" || rel == "LATER");
    match words.as_slice() {
        [] => false,
        [unit, rel] if relative(unit, rel) => true,
        [count, unit, rel] if is_count(count) && relative(unit, rel) => true,
        _ => words.iter().all(|w| {
            (w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit())) || MONTHS.contains(&w.as_str())
        }),
    }
}

#[derive(Clone, Debug)]
struct IssueInfo {
    /// `None` for an ignore phrase.
    code: Option<Box<str>>,
}

/// What a phrase resolves to on a given date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Resolved<'a> {
    /// An actor code; `undated_choice` is set when there was no date and the
    /// phrase has several different codes.
    Actor {
        code: &'a str,
        entry: &'a str,
        undated_choice: bool,
    },
    /// An agent role.
    Agent {
        role: &'a str,
        placement: AgentPlacement,
        entry: &'a str,
    },
    /// The phrase is an actor but none of its codes applies on the date: it
    /// consumes its words and yields nothing (PETRARCH's behaviour).
    NoCodeOnDate { entry: &'a str },
}

/// One word of a token sequence, after normalization.
#[derive(Clone, Copy, Debug)]
pub(crate) struct WordRef {
    /// Word id in the dictionary vocabulary; 0 when unknown.
    pub id: u32,
    /// Index of the token it came from.
    pub token: u32,
}

/// The actor-side dictionaries of PETRARCH2, ready for matching.
///
/// Build one with [`ActorDict::phoenix_default`], [`ActorDict::load_dir`],
/// [`ActorDict::load_files`] or [`ActorDictBuilder`]; it is immutable,
/// `Send + Sync`, and meant to be shared (`Arc`) by every worker thread.
pub struct ActorDict {
    vocab: FxHashMap<Box<str>, u32>,
    /// Transliteration key -> word id, or `AMBIGUOUS` when several words
    /// share the key; built on first use.
    translit: OnceLock<FxHashMap<Box<str>, u32>>,
    /// `actor_word[id]`: the word occurs in an actor or agent phrase.
    /// Words known only from discards or issues may still be read as a
    /// transliteration of an actor word.
    actor_word: Vec<bool>,
    actors: Option<AhoCorasick>,
    phrases: Vec<PhraseInfo>,
    discards: Option<AhoCorasick>,
    discard_info: Vec<DiscardInfo>,
    /// Issue patterns (encoded) and their automaton, built on first use:
    /// only the event coder asks for issues.
    issue_patterns: Vec<Vec<u8>>,
    issues: OnceLock<Option<AhoCorasick>>,
    issue_info: Vec<IssueInfo>,
    entry_names: Vec<Box<str>>,
    /// Actor code strings, referred to by `StoredCode::code`.
    code_names: Vec<Box<str>>,
    problems: Vec<Error>,
    sources: Vec<String>,
}

const AMBIGUOUS: u32 = u32::MAX;
/// Bytes per encoded word id.
pub(crate) const WORD_BYTES: usize = 3;
const MAX_WORD_ID: u32 = (1 << 21) - 1;

/// Encodes a word id as three bytes whose first byte alone has its high bit
/// set. Because no pattern can start inside an encoded word, every
/// automaton match falls on word boundaries.
#[inline]
pub(crate) fn encode_word(id: u32, out: &mut Vec<u8>) {
    out.push(0x80 | ((id >> 14) & 0x7F) as u8);
    out.push(((id >> 7) & 0x7F) as u8);
    out.push((id & 0x7F) as u8);
}

impl ActorDict {
    /// The Phoenix actor, agent, discard and issue dictionaries committed in
    /// `dictionaries/phoenix/`, plus khaldun's small agent supplement in
    /// `dictionaries/khaldun/`, embedded in the binary. Lines the readers
    /// had to skip are listed by [`ActorDict::load_problems`].
    pub fn phoenix_default() -> ActorDict {
        let mut builder = ActorDictBuilder::new();
        let files: Vec<(PathBuf, Cow<'_, [u8]>)> = crate::embedded::PHOENIX_FILES
            .iter()
            .map(|(name, bytes)| (PathBuf::from(name), Cow::Borrowed(*bytes)))
            .collect();
        if let Err(e) = builder.add_files_parallel(&files) {
            // Only a corrupt embedded file gets here; the tests rule it out.
            builder.problems.push(e);
        }
        builder.build()
    }

    /// Loads every dictionary file in `dir` whose name marks it as an actor,
    /// agent, discard or issue file (see [`DictionaryKind::from_file_name`]),
    /// in name order. Verb dictionaries and other files are ignored.
    ///
    /// Returns the dictionary and, if some lines were skipped, a partial
    /// error listing them. Fails only if the directory cannot be read or
    /// holds no dictionary file.
    pub fn load_dir(dir: &Path) -> Result<(ActorDict, Option<Error>), Error> {
        let read =
            std::fs::read_dir(dir).map_err(|e| Error::new(ErrorKind::Io(e)).with_path(dir))?;
        let mut paths: Vec<PathBuf> = Vec::new();
        for entry in read {
            let entry = entry.map_err(|e| Error::new(ErrorKind::Io(e)).with_path(dir))?;
            let path = entry.path();
            let is_dict = path
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(DictionaryKind::from_file_name)
                .is_some();
            if is_dict {
                paths.push(path);
            }
        }
        if paths.is_empty() {
            return Err(Error::new(ErrorKind::NoDictionaryFiles).with_path(dir));
        }
        paths.sort();
        ActorDict::load_files(&paths)
    }

    /// Loads the given files, each read according to its name. A file whose
    /// name matches no dictionary kind is read as an actor file.
    pub fn load_files(paths: &[PathBuf]) -> Result<(ActorDict, Option<Error>), Error> {
        let mut builder = ActorDictBuilder::new();
        let mut files = Vec::with_capacity(paths.len());
        for path in paths {
            let bytes =
                std::fs::read(path).map_err(|e| Error::new(ErrorKind::Io(e)).with_path(path))?;
            files.push((path.clone(), Cow::Owned(bytes)));
        }
        builder.add_files_parallel(&files)?;
        let dict = builder.build();
        let partial = Error::partial(dict.problems.iter().map(clone_error).collect());
        Ok((dict, partial))
    }

    /// Lines skipped while loading, each with its file and line.
    pub fn load_problems(&self) -> &[Error] {
        &self.problems
    }

    /// The names of the files (or embedded defaults) this dictionary was
    /// built from, in load order.
    pub fn sources(&self) -> &[String] {
        &self.sources
    }

    /// Number of distinct normalized phrases (actors and agents).
    pub fn phrase_count(&self) -> usize {
        self.phrases.len()
    }

    /// Normalizes `tokens` into word ids, remembering which token each word
    /// came from. `capitalized[i]` tells whether token `i` starts with an
    /// upper-case letter (used for transliteration look-up only).
    pub(crate) fn words_of<'t>(
        &self,
        tokens: impl ExactSizeIterator<Item = (&'t str, bool)>,
        folder: &mut Folder,
    ) -> Vec<WordRef> {
        let mut words = Vec::with_capacity(tokens.len() + 4);
        let mut key = String::new();
        for (i, (tok, translit_ok)) in tokens.enumerate() {
            folder.words(tok, |w| {
                let mut id = self.vocab.get(w).copied().unwrap_or(0);
                if translit_ok
                    && w.len() >= MIN_TRANSLITERATION_LEN
                    && !self.actor_word.get(id as usize).copied().unwrap_or(false)
                {
                    transliteration_key_into(w, &mut key);
                    if let Some(&t) = self.translit().get(key.as_str()) {
                        if t != AMBIGUOUS {
                            id = t;
                        }
                    }
                }
                // "Iraqis", "Turks": the plural of a one-word actor name (a
                // demonym, `+IRAQI_`, `+TURK_`) names that actor's people.
                if translit_ok && id == 0 {
                    if let Some(t) = self.plural_of_actor_word(w) {
                        id = t;
                    }
                }
                words.push(WordRef {
                    id,
                    token: i as u32,
                });
            });
        }
        words
    }

    /// The word id of the singular of `w` (`w` minus a final `s`) when that
    /// singular alone is a whole actor phrase with a code.
    fn plural_of_actor_word(&self, w: &str) -> Option<u32> {
        let singular = w.strip_suffix('s').filter(|x| !x.ends_with('s'))?;
        let &id = self.vocab.get(singular)?;
        if !self.actor_word.get(id as usize).copied().unwrap_or(false) {
            return None;
        }
        let one = [WordRef { id, token: 0 }];
        self.phrase_matches(&one)
            .iter()
            .any(|(p, r)| r.len() == 1 && !self.phrases[*p].codes.is_empty())
            .then_some(id)
    }

    fn translit(&self) -> &FxHashMap<Box<str>, u32> {
        self.translit.get_or_init(|| {
            let mut translit: FxHashMap<Box<str>, u32> = FxHashMap::default();
            for (word, &id) in &self.vocab {
                if word.len() >= MIN_TRANSLITERATION_LEN
                    && self.actor_word.get(id as usize).copied().unwrap_or(false)
                    && word.bytes().all(|b| b.is_ascii_lowercase())
                {
                    translit
                        .entry(transliteration_key(word).into_boxed_str())
                        .and_modify(|t| {
                            if *t != id {
                                *t = AMBIGUOUS
                            }
                        })
                        .or_insert(id);
                }
            }
            translit
        })
    }

    fn haystack(words: &[WordRef]) -> Vec<u8> {
        let mut hay = Vec::with_capacity(words.len() * WORD_BYTES);
        for w in words {
            encode_word(w.id, &mut hay);
        }
        hay
    }

    /// Longest, leftmost, non-overlapping phrase matches over `words`, as
    /// `(phrase index, word range)`.
    pub(crate) fn phrase_matches(&self, words: &[WordRef]) -> Vec<(usize, std::ops::Range<usize>)> {
        let Some(ac) = &self.actors else {
            return Vec::new();
        };
        let hay = ActorDict::haystack(words);
        ac.find_iter(&hay)
            .map(|m| {
                (
                    m.pattern().as_usize(),
                    m.start() / WORD_BYTES..m.end() / WORD_BYTES,
                )
            })
            .collect()
    }

    /// What phrase `phrase` means on `date`. With `last_role`, a phrase
    /// none of whose codes holds on `date` takes the code whose period
    /// ended last before it ("Muammar Gaddafi" in 2015 is still `LBYGOV`,
    /// the role the text's history is about) instead of no actor.
    pub(crate) fn resolve(
        &self,
        phrase: usize,
        date: Option<NaiveDate>,
        last_role: bool,
    ) -> Option<Resolved<'_>> {
        let info = &self.phrases[phrase];
        let name = |i: u32| &*self.entry_names[i as usize];
        if !info.codes.is_empty() {
            let chosen = match date {
                Some(d) => info
                    .codes
                    .iter()
                    .find(|c| !c.when.is_always() && c.when.holds_on(d))
                    .or_else(|| info.codes.iter().find(|c| c.when.is_always()))
                    .or_else(|| {
                        info.codes
                            .iter()
                            .filter(|c| last_role && c.when.ended_before(d))
                            .max_by_key(|c| c.when.last_day())
                    }),
                None => info
                    .codes
                    .iter()
                    .find(|c| c.when.is_always())
                    .or_else(|| info.codes.iter().max_by_key(|c| c.when.latest_key())),
            };
            return Some(match chosen {
                Some(c) => Resolved::Actor {
                    code: &self.code_names[c.code as usize],
                    entry: name(c.entry),
                    undated_choice: date.is_none()
                        && info.codes.iter().any(|o| {
                            self.code_names[o.code as usize] != self.code_names[c.code as usize]
                        }),
                },
                None => Resolved::NoCodeOnDate {
                    entry: name(info.codes[0].entry),
                },
            });
        }
        info.agent.as_ref().map(|a| Resolved::Agent {
            role: &a.role,
            placement: a.placement,
            entry: name(a.entry),
        })
    }

    /// The first discard phrase in `tokens`, story-level ones first.
    pub fn find_discard(&self, tokens: &[&str]) -> Option<DiscardHit> {
        let mut folder = Folder::new();
        let words = self.words_of(tokens.iter().map(|t| (*t, false)), &mut folder);
        self.discard_in_words(&words, true)
    }

    /// The first discard phrase in `words`; with `time_phrases` false,
    /// phrases that only name a time ("1981", "YEARS AGO") are passed over.
    pub(crate) fn discard_in_words(
        &self,
        words: &[WordRef],
        time_phrases: bool,
    ) -> Option<DiscardHit> {
        let ac = self.discards.as_ref()?;
        let hay = ActorDict::haystack(words);
        let mut best: Option<DiscardHit> = None;
        for m in ac.find_iter(&hay) {
            let info = &self.discard_info[m.pattern().as_usize()];
            if info.time_only && !time_phrases {
                continue;
            }
            let first = words[m.start() / WORD_BYTES].token as usize;
            let last = words[m.end() / WORD_BYTES - 1].token as usize;
            let hit = DiscardHit {
                scope: info.scope,
                phrase: self.entry_names[info.entry as usize].to_string(),
                tokens: first..last + 1,
            };
            if hit.scope == DiscardScope::Story {
                return Some(hit);
            }
            best.get_or_insert(hit);
        }
        best
    }

    /// Issue counts for `tokens` (`[("OIL", 2), ...]` in first-seen order).
    /// An ignore phrase (`~a head start`) anywhere cancels them all.
    pub fn count_issues(&self, tokens: &[&str]) -> Vec<(String, u32)> {
        let issues = self
            .issues
            .get_or_init(|| build_automaton(&self.issue_patterns, MatchKind::Standard));
        let Some(ac) = issues else {
            return Vec::new();
        };
        let mut folder = Folder::new();
        let words = self.words_of(tokens.iter().map(|t| (*t, false)), &mut folder);
        let hay = ActorDict::haystack(&words);
        let mut counts: Vec<(String, u32)> = Vec::new();
        for m in ac.find_iter(&hay) {
            match &self.issue_info[m.pattern().as_usize()].code {
                None => return Vec::new(),
                Some(code) => match counts.iter_mut().find(|(c, _)| c == &**code) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((code.to_string(), 1)),
                },
            }
        }
        counts
    }
}

/// A discard phrase found in a token sequence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiscardHit {
    pub scope: DiscardScope,
    /// The discard line's phrase as written.
    pub phrase: String,
    /// Token range of the match.
    pub tokens: std::ops::Range<usize>,
}

fn clone_error(e: &Error) -> Error {
    // Errors hold io::Error, which is not Clone; line problems never do.
    let kind = match e.kind() {
        ErrorKind::BadCodeBlock { text } => ErrorKind::BadCodeBlock { text: text.clone() },
        ErrorKind::BadDate { text } => ErrorKind::BadDate { text: text.clone() },
        ErrorKind::TextAfterCodes { text } => ErrorKind::TextAfterCodes { text: text.clone() },
        ErrorKind::SynonymWithoutGroup { text } => {
            ErrorKind::SynonymWithoutGroup { text: text.clone() }
        }
        ErrorKind::EmptyPhrase => ErrorKind::EmptyPhrase,
        ErrorKind::UnknownSubstitution { name } => {
            ErrorKind::UnknownSubstitution { name: name.clone() }
        }
        ErrorKind::BadSubstitution { text } => ErrorKind::BadSubstitution { text: text.clone() },
        ErrorKind::BadAgentCode { text } => ErrorKind::BadAgentCode { text: text.clone() },
        ErrorKind::Io(io) | ErrorKind::Decompress(io) => {
            ErrorKind::Io(std::io::Error::new(io.kind(), io.to_string()))
        }
        ErrorKind::NoDictionaryFiles => ErrorKind::NoDictionaryFiles,
        ErrorKind::Partial(inner) => ErrorKind::Partial(inner.iter().map(clone_error).collect()),
    };
    let mut out = match e.line() {
        Some(l) => Error::at_line(kind, l),
        None => Error::new(kind),
    };
    if let Some(p) = e.path() {
        out = out.with_path(p);
    }
    out
}

/// Builds an [`ActorDict`] from dictionary texts: the way to load
/// in-memory dictionaries (tests) or to mix embedded and user files. Files
/// are folded into the dictionary as they are added; [`build`] makes the
/// automata.
///
/// [`build`]: ActorDictBuilder::build
#[derive(Default)]
pub struct ActorDictBuilder {
    folder: Folder,
    vocab: FxHashMap<Box<str>, u32>,
    entry_names: Vec<Box<str>>,
    code_names: Vec<Box<str>>,
    /// Encoded phrase -> index into `phrases`.
    phrase_index: FxHashMap<Vec<u8>, u32>,
    phrases: Vec<PhraseInfo>,
    actor_word: Vec<bool>,
    discard_patterns: Vec<Vec<u8>>,
    discard_info: Vec<DiscardInfo>,
    issue_patterns: Vec<Vec<u8>>,
    issue_info: Vec<IssueInfo>,
    problems: Vec<Error>,
    sources: Vec<String>,
}

impl ActorDictBuilder {
    pub fn new() -> ActorDictBuilder {
        let mut b = ActorDictBuilder::default();
        // Sized for the Phoenix set (about 40,000 words and phrases), which
        // saves the rehashing that would otherwise cost a tenth of a load.
        b.vocab.reserve(1 << 16);
        b.phrase_index.reserve(1 << 16);
        b
    }

    /// Adds one file's bytes, read according to `name` (gzip-decompressed if
    /// `name` ends in `.gz`). Line problems are kept and reported by
    /// [`ActorDict::load_problems`], naming `name` as the file.
    pub fn add_bytes(&mut self, name: &str, bytes: &[u8]) -> Result<&mut Self, Error> {
        self.add_file_bytes(Path::new(name), bytes)
    }

    fn add_file_bytes(&mut self, path: &Path, bytes: &[u8]) -> Result<&mut Self, Error> {
        let parsed = parse_file(path, bytes)?;
        Ok(self.add_parsed(path, parsed))
    }

    /// Adds several files, decompressing and parsing them on parallel
    /// threads; they are folded in the order given. Stops at the first file
    /// that cannot be decompressed.
    pub(crate) fn add_files_parallel(
        &mut self,
        files: &[(PathBuf, Cow<'_, [u8]>)],
    ) -> Result<(), Error> {
        let parsed: Vec<Result<ParsedFile, Error>> = std::thread::scope(|scope| {
            let handles: Vec<_> = files
                .iter()
                .map(|(path, bytes)| scope.spawn(move || parse_file(path, bytes)))
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join().unwrap_or_else(|_| {
                        Err(Error::new(ErrorKind::Io(std::io::Error::other(
                            "a dictionary reader thread panicked",
                        ))))
                    })
                })
                .collect()
        });
        for ((path, _), parsed) in files.iter().zip(parsed) {
            self.add_parsed(path, parsed?);
        }
        Ok(())
    }

    /// Adds one dictionary's text. `name` is used in error messages.
    pub fn add_text(&mut self, kind: DictionaryKind, name: &str, text: &str) -> &mut Self {
        self.add_text_at(kind, Path::new(name), text)
    }

    fn add_text_at(&mut self, kind: DictionaryKind, path: &Path, text: &str) -> &mut Self {
        self.add_parsed(path, parse_text(kind, text))
    }

    fn add_parsed(&mut self, path: &Path, parsed: ParsedFile) -> &mut Self {
        match &parsed.entries {
            ParsedEntries::Actors(e) => self.add_actors(e),
            ParsedEntries::Agents(e) => self.add_agents(e),
            ParsedEntries::Discards(e) => self.add_discards(e),
            ParsedEntries::Issues(e) => self.add_issues(e),
        }
        self.problems
            .extend(parsed.problems.into_iter().map(|e| e.with_path(path)));
        self.sources.push(path.display().to_string());
        self
    }

    /// The encoded word ids of `phrase` in `out`; false if it has no word.
    /// New words are added to the vocabulary; ids start at 1, and 0 is the
    /// id of every word the dictionary does not know.
    fn encode_phrase(&mut self, phrase: &str, out: &mut Vec<u8>) -> bool {
        out.clear();
        let vocab = &mut self.vocab;
        self.folder.phrase_words_with(phrase, |w| {
            let id = match vocab.get(w) {
                Some(&id) => id,
                None => {
                    let id = (vocab.len() as u32 + 1).min(MAX_WORD_ID);
                    vocab.insert(w.into(), id);
                    id
                }
            };
            encode_word(id, out);
        });
        !out.is_empty()
    }

    /// Marks the words of an encoded phrase as actor-phrase words.
    fn mark_actor_words(&mut self, encoded: &[u8]) {
        for w in encoded.chunks(WORD_BYTES) {
            let id = (((w[0] & 0x7F) as usize) << 14) | ((w[1] as usize) << 7) | w[2] as usize;
            if self.actor_word.len() <= id {
                self.actor_word.resize(id + 1, false);
            }
            self.actor_word[id] = true;
        }
    }

    fn phrase_slot(&mut self, encoded: &[u8]) -> usize {
        self.mark_actor_words(encoded);
        if let Some(&i) = self.phrase_index.get(encoded) {
            return i as usize;
        }
        self.phrases.push(PhraseInfo::default());
        let i = self.phrases.len() - 1;
        self.phrase_index.insert(encoded.to_vec(), i as u32);
        i
    }

    fn add_actors(&mut self, entries: &[ActorEntry]) {
        let mut buf = Vec::new();
        for entry in entries {
            if entry.codes.is_empty() {
                continue;
            }
            let entry_id = self.entry_names.len() as u32;
            self.entry_names.push(display_phrase(&entry.phrase).into());
            // Each code string is stored once per entry, not once per phrase.
            let first_code = self.code_names.len() as u32;
            self.code_names.extend(
                entry
                    .codes
                    .iter()
                    .map(|c| Box::<str>::from(c.code.as_str())),
            );
            for phrase in std::iter::once(&entry.phrase).chain(&entry.synonyms) {
                if !self.encode_phrase(phrase, &mut buf) {
                    continue;
                }
                let p = self.phrase_slot(&buf);
                self.phrases[p]
                    .codes
                    .extend(entry.codes.iter().enumerate().map(|(k, c)| StoredCode {
                        code: first_code + k as u32,
                        when: c.when,
                        entry: entry_id,
                    }));
            }
        }
    }

    fn add_agents(&mut self, entries: &[AgentEntry]) {
        let mut buf = Vec::new();
        for entry in entries {
            let entry_id = self.entry_names.len() as u32;
            self.entry_names.push(display_phrase(&entry.phrase).into());
            for form in &entry.forms {
                if !self.encode_phrase(form, &mut buf) {
                    continue;
                }
                let p = self.phrase_slot(&buf);
                self.phrases[p].agent = Some(StoredAgent {
                    role: entry.role.as_str().into(),
                    placement: entry.placement,
                    entry: entry_id,
                });
            }
        }
    }

    fn add_discards(&mut self, entries: &[DiscardEntry]) {
        let mut buf = Vec::new();
        for d in entries {
            if !self.encode_phrase(&d.phrase, &mut buf) {
                continue;
            }
            self.discard_info.push(DiscardInfo {
                scope: d.scope,
                entry: self.entry_names.len() as u32,
                time_only: is_time_only_phrase(&d.phrase),
            });
            self.entry_names.push(d.phrase.as_str().into());
            self.discard_patterns.push(buf.clone());
        }
    }

    fn add_issues(&mut self, entries: &[IssueEntry]) {
        let mut buf = Vec::new();
        for i in entries {
            for form in &i.forms {
                if !self.encode_phrase(form, &mut buf) {
                    continue;
                }
                self.issue_info.push(IssueInfo {
                    code: i.code.as_deref().map(Into::into),
                });
                self.issue_patterns.push(buf.clone());
            }
        }
    }

    /// Builds the actor and discard automata.
    pub fn build(self) -> ActorDict {
        let mut patterns: Vec<Vec<u8>> = vec![Vec::new(); self.phrases.len()];
        for (key, i) in self.phrase_index {
            patterns[i as usize] = key;
        }
        ActorDict {
            vocab: self.vocab,
            translit: OnceLock::new(),
            actor_word: self.actor_word,
            actors: build_automaton(&patterns, MatchKind::LeftmostLongest),
            phrases: self.phrases,
            discards: build_automaton(&self.discard_patterns, MatchKind::LeftmostLongest),
            discard_info: self.discard_info,
            issue_patterns: self.issue_patterns,
            issues: OnceLock::new(),
            issue_info: self.issue_info,
            entry_names: self.entry_names,
            code_names: self.code_names,
            problems: self.problems,
            sources: self.sources,
        }
    }
}

fn build_automaton(patterns: &[Vec<u8>], kind: MatchKind) -> Option<AhoCorasick> {
    if patterns.is_empty() {
        return None;
    }
    AhoCorasick::builder()
        .match_kind(kind)
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .build(patterns)
        .ok()
}

/// One file's entries, read but not yet folded into a dictionary.
struct ParsedFile {
    entries: ParsedEntries,
    problems: Vec<Error>,
}

enum ParsedEntries {
    Actors(Vec<ActorEntry>),
    Agents(Vec<AgentEntry>),
    Discards(Vec<DiscardEntry>),
    Issues(Vec<IssueEntry>),
}

fn parse_text(kind: DictionaryKind, text: &str) -> ParsedFile {
    let (entries, problems) = match kind {
        DictionaryKind::Actors => {
            let (e, p) = read_actors(text);
            (ParsedEntries::Actors(e), p)
        }
        DictionaryKind::Agents => {
            let (e, p) = read_agents(text);
            (ParsedEntries::Agents(e), p)
        }
        DictionaryKind::Discards => {
            let (e, p) = read_discards(text);
            (ParsedEntries::Discards(e), p)
        }
        DictionaryKind::Issues => {
            let (e, p) = read_issues(text);
            (ParsedEntries::Issues(e), p)
        }
    };
    ParsedFile { entries, problems }
}

/// Decompresses (`.gz`) and reads one file, choosing the reader by name.
fn parse_file(path: &Path, bytes: &[u8]) -> Result<ParsedFile, Error> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let kind = DictionaryKind::from_file_name(name).unwrap_or(DictionaryKind::Actors);
    if name.ends_with(".gz") {
        let mut raw = Vec::with_capacity(bytes.len() * 5);
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut raw)
            .map_err(|e| Error::new(ErrorKind::Decompress(e)).with_path(path))?;
        Ok(parse_text(kind, &String::from_utf8_lossy(&raw)))
    } else {
        Ok(parse_text(kind, &String::from_utf8_lossy(bytes)))
    }
}

/// `BARACK_OBAMA_` -> `BARACK OBAMA`.
fn display_phrase(phrase: &str) -> String {
    phrase
        .split(|c: char| c == '_' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
