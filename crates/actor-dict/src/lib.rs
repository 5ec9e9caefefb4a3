/*!
Actor-side dictionaries of PETRARCH2, read natively, and the stage that finds
actor mentions with them.

# What is in here

* **Readers** ([`read`]) for the four actor-side formats of PETRARCH2: actor
  files (`Phoenix.Countries.actors.txt`: primary phrases, `+` synonyms,
  `[CODE]` and date-restricted `[IRQGOV >030409]`, `[HOB <950601]`,
  `[HOBGOV 19950601-19990815]` codes), agent files (`Phoenix.agents.txt`:
  `[~GOV]` roles, `[IGO~]` prefix roles, `!PERSON!` substitution sets,
  generated and `{listed}` plurals), discard files and issue files. Each
  reader returns what it read plus one [`Error`] per skipped line; a bad line
  never stops a load.
* **[`ActorDict`]**: every phrase folded by one normalization function
  ([`normalize`]) into a vocabulary of word ids, and Aho-Corasick automata
  (`MatchKind::LeftmostLongest`) over those ids for actors and agents,
  discards and issues. It is built from the embedded Phoenix files
  ([`ActorDict::phoenix_default`]), a directory ([`ActorDict::load_dir`]),
  a list of files ([`ActorDict::load_files`]) or texts
  ([`ActorDictBuilder`]).
* **Matching** ([`ActorDict::match_tokens`]): longest phrase matches over a
  token sequence, then a small noun-phrase grammar that combines them into
  [`ActorMatch`]es: agents with countries ("Iraqi police" = `IRQCOP`,
  "police in Iraq" = `IRQCOP`, "Iraq's government" = `IRQGOV`), compound
  actors ("Iraqi and Syrian rebels" = `IRQREB`, `SYRREB`) and appositions
  ("Rohan, the ministry," lends the agent to the actor and back).
* **[`ActorStage`]** (`actors.petrarch.v1`), which runs the matcher on each
  sentence of an `AnnotatedDoc` and writes `doc.mentions`.

# Design

**Words, not characters.** Dictionary phrases and document tokens pass
through the same [`normalize::Folder`], which lower-cases, removes
diacritics, splits hyphens and clitics the way UD English tokenization does,
and maps British to American spelling. Each distinct folded word gets an id;
a phrase is the sequence of its word ids, encoded as three bytes per word
with the high bit set on the first byte only. Aho-Corasick then runs over
that byte string. Because a pattern always starts with a high-bit byte, a
match can never start inside a word, so matches fall on word boundaries by
construction and map back to tokens by division. A token the dictionary does
not know becomes id 0, which no pattern contains.

**Offsets belong to the tokens.** The matcher never sees the document text:
it returns token ranges, and the stage turns them into byte spans of the
original tokens. A token may fold to several words (`Iraq's`) or none (`"`);
each word remembers its token.

**Spelling variants without invention.** The folding is symmetric, so it can
only make two strings equal when both fold to the same words. Transliteration
variants (`Mujahideen`/`Mojahedin`/`Mujahedin`) are too loose to fold
everywhere (`Amman` and `Oman` share a skeleton), so the transliteration key
is consulted only for a capitalised token of six letters or more that the
dictionary does not know, and only when the key leads to exactly one
dictionary word.

**Dates.** An actor phrase keeps all its `(code, restriction)` items in file
order, across groups and files. For a dated document the first dated item
that holds wins, then the first undated one; if none applies the phrase
still consumes its words but yields no actor ("Barack Obama" in 2005).
Without a date the undated code (or else the latest-reaching one) is used and
[`ActorMatch::undated_choice`] says so when the phrase had several codes.
A range `D1-D2` includes both ends. This is TABARI's reading, which the
validation records (DATE-03, DATE-11) expect: PETRARCH2 lets an undated code
that comes first win and excludes `D2` (petrarch-formats.md §5).

**Noun phrases without a parse.** Phrase hits are grouped into one noun
phrase when they are adjacent ("Iraqi Prime Minister Nouri al-Maliki"),
joined by a possessive ("Iraq's government"), by `of`/`in`/`from`/`for`
(optionally with `the`) from an agent to an actor ("police in Iraq"), by a
coordination that ends in a shared agent and is closed by `and`/`or`
("Iraqi, Syrian and Egyptian police"), by a list after an agent and its
preposition ("the ambassadors of Arnor, Osgiliath and Gondor" gives three
`...GOV` actors), or, between an actor and a following
agent, by up to two modifiers (adjectives, nouns or numbers when tagged; a
short list such as `senior`, `riot`, `former` otherwise). After an actor and
an agent, another actor joins only if its code has the same country prefix,
so "Niger coup leaders ABUJA" stays two phrases. Comma-delimited
appositions lend agents to actors and back ("Hosni Mubarak, the president,"
gives `EGYGOV` twice). Agents are combined with actor codes as PETRARCH's
`mix_codes` does: each role is appended unless the code already contains it,
`~PPL` is dropped when other roles are present, a `[IGO~]` role goes in
front, and an agent with no actor is written `---ROLE`. A code with slashes
(`[FRO/BIL/SAM]`, TABARI's compound actor) gives one actor per part.

**Discards.** [`ActorStage`] writes no mentions for a sentence that contains
a sentence-level discard phrase, and none for the document if a story-level
one occurs anywhere (both are `Info` diagnostics);
[`ActorStage::ignoring_discards`] turns this off. The event coder can ask
[`ActorDict::find_discard`] itself.

**Lazy parts.** The issue automaton and the transliteration map are built on
first use, so a plain load pays only for the actor and discard automata.
Dictionary files are decompressed and parsed on parallel threads, then
folded in the order given.

**What PETRARCH2 does differently.** Its matching runs over the word list of
a parse-tree noun phrase; here it runs over the flat token sequence, and the
grouping rules above stand in for the noun phrase. PETRARCH tries the actor
trie before the agent trie at each word; here the longest phrase of either
kind wins. The reader quirks listed in `petrarch-formats.md` (the last group of a file
lost, lower-case entries never matching, `HAMAS WING` taking `WING` as its
code, multi-line comments read as data, `{}` stored as a word after a
substitution, a bare date mangled) are not reproduced. Codes are kept as
written (`[pse]` stays `pse`).

# What this crate does not know

It knows nothing about verbs, events, parse trees or serialization; it does
no IO except reading dictionary files when asked to. Mentions it writes carry
codes as strings: interpreting a code (country, role, IGO) is the event
coder's business.
*/

mod date;
mod dict;
mod embedded;
mod error;
mod matcher;
pub mod normalize;
pub mod read;
mod stage;

pub use date::{parse_dict_date, DateRestriction};
pub use dict::{ActorDict, ActorDictBuilder, DictionaryKind, DiscardHit};
pub use error::{Error, ErrorKind};
pub use matcher::{ActorMatch, MatchToken};
pub use read::{AgentPlacement, DiscardScope};
pub use stage::ActorStage;
