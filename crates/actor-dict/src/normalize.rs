//! The one normalization that both dictionary phrases and document tokens go
//! through before they are compared.
//!
//! Matching is only as good as this function is symmetric: a dictionary
//! phrase and a document token are *equal* when they fold to the same words,
//! and nothing else is equal. The folding is deliberately conservative:
//!
//! * lower case (PETRARCH upper-cases both sides; the effect is the same);
//! * diacritics removed (`Erdoğan` = `ERDOGAN`), typographic quotes folded to
//!   `'`, double quotes and the transliteration marks `` ` ʿ ʾ `` dropped;
//! * hyphens, dashes, `/` and `_` separate words, so `Lashkar-e-Taiba`,
//!   `Lashkar-e Taiba` and `LASHKAR_E_TAIBA` are all `lashkar e taiba`;
//! * punctuation is split off as UD English does (`Iraq's` is `iraq 's`,
//!   `SAMOA,` is `samoa ,`), dots of initialisms are dropped (`U.S.` = `US`)
//!   and a word-final `.` is dropped (`Gen.` = `gen`);
//! * British spellings are mapped to American ones by whole-word rules
//!   (`organisation`, `defence`, `labour`, `centre`, `programme`).
//!
//! Transliteration variants (`Mujahideen`/`Mojahedin`) are *not* folded
//! here: doing so for every word would merge real English words. They are
//! handled by [`transliteration_key`], which the matcher consults only for
//! capitalised words that are not in the dictionary at all.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Reusable buffers for [`Folder::words`]; one per thread or per call site.
#[derive(Default, Debug)]
pub struct Folder {
    chars: String,
    word: String,
}

impl Folder {
    pub fn new() -> Folder {
        Folder::default()
    }

    /// Calls `emit` with each normalized word of one raw token or dictionary
    /// chunk. Most tokens give one word; `Iraq's` gives two; `"` gives none.
    pub fn words(&mut self, raw: &str, mut emit: impl FnMut(&str)) {
        self.chars.clear();
        for c in raw.chars() {
            fold_char(c, &mut self.chars);
        }
        let chars = std::mem::take(&mut self.chars);
        for piece in chars.split(' ') {
            if !piece.is_empty() {
                self.piece(piece, &mut emit);
            }
        }
        self.chars = chars;
    }

    /// The words of a dictionary phrase, where `_` and spaces both separate
    /// words (`AL-QAEDA_IN_IRAQ_`).
    pub fn phrase_words(&mut self, phrase: &str) -> Vec<String> {
        let mut out = Vec::new();
        self.phrase_words_with(phrase, |w| out.push(w.to_string()));
        out
    }

    /// Like [`Folder::phrase_words`], calling `emit` with each word.
    pub fn phrase_words_with(&mut self, phrase: &str, mut emit: impl FnMut(&str)) {
        for chunk in phrase.split(|c: char| c == '_' || c.is_whitespace()) {
            if !chunk.is_empty() {
                self.words(chunk, &mut emit);
            }
        }
    }

    fn piece(&mut self, piece: &str, emit: &mut impl FnMut(&str)) {
        let mut core = piece;
        // Opening brackets split off in front.
        while let Some(c) = core.chars().next().filter(|c| "([{".contains(*c)) {
            emit(&core[..c.len_utf8()]);
            core = &core[c.len_utf8()..];
        }
        // Closing punctuation split off behind, emitted after the core.
        let mut tail_start = core.len();
        while let Some(c) = core[..tail_start].chars().next_back() {
            if ",;:)]}!?".contains(c) {
                tail_start -= c.len_utf8();
            } else {
                break;
            }
        }
        let tail = &core[tail_start..];
        core = &core[..tail_start];
        // A leading apostrophe (not the clitic 's) is a quote or an ayn.
        if core.starts_with('\'') && core != "'s" && core != "'" {
            core = core.trim_start_matches('\'');
        }
        // Possessive clitics, as UD English splits them.
        let mut clitic = "";
        if core.len() > 2 && core.ends_with("'s") {
            clitic = "'s";
            core = &core[..core.len() - 2];
        } else if core.len() > 1 && core.ends_with('\'') {
            clitic = "'";
            core = &core[..core.len() - 1];
        }
        self.core_word(core, emit);
        if !clitic.is_empty() {
            emit(clitic);
        }
        for c in tail.chars() {
            let mut buf = [0u8; 4];
            emit(c.encode_utf8(&mut buf));
        }
    }

    fn core_word(&mut self, core: &str, emit: &mut impl FnMut(&str)) {
        let trimmed = core.trim_end_matches('.');
        if trimmed.is_empty() {
            return;
        }
        self.word.clear();
        if trimmed.contains('.') && trimmed.split('.').all(|s| s.chars().count() <= 2) {
            // Initialism: U.S, U.N, R.K -> us, un, rk.
            self.word.extend(trimmed.chars().filter(|&c| c != '.'));
        } else {
            self.word.push_str(trimmed);
        }
        american_spelling(&mut self.word);
        emit(&self.word);
    }
}

/// Lower-cases one character and folds it, appending to `out`. Separators
/// (hyphens, dashes, `/`, whitespace) become a space; quote marks vanish.
fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        match c {
            '-' | '/' | '_' => out.push(' '),
            '"' | '`' => {}
            c if c.is_ascii_whitespace() => out.push(' '),
            c => out.push(c.to_ascii_lowercase()),
        }
        return;
    }
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' | '\u{00B4}' => out.push('\''),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' | '\u{02BF}'
        | '\u{02BE}' | '\u{02BB}' | '\u{02BC}' => {}
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{00A0}' => out.push(' '),
        '\u{00DF}' => out.push_str("ss"),
        '\u{00E6}' | '\u{00C6}' => out.push_str("ae"),
        '\u{0153}' | '\u{0152}' => out.push_str("oe"),
        '\u{00F8}' | '\u{00D8}' => out.push('o'),
        '\u{0111}' | '\u{0110}' => out.push('d'),
        '\u{0142}' | '\u{0141}' => out.push('l'),
        '\u{0131}' => out.push('i'),
        c if c.is_whitespace() => out.push(' '),
        c => decompose_canonical(c, |d| {
            if !is_combining_mark(d) {
                out.extend(d.to_lowercase());
            }
        }),
    }
}

/// British to American spelling, whole words only, in place. Every rule maps
/// a word to a spelling of the *same* word, so no two different words are
/// merged.
pub fn american_spelling(word: &mut String) {
    const WORDS: &[(&str, &str)] = &[
        ("defence", "defense"),
        ("defences", "defenses"),
        ("offence", "offense"),
        ("offences", "offenses"),
        ("licence", "license"),
        ("labour", "labor"),
        ("labourer", "laborer"),
        ("labourers", "laborers"),
        ("harbour", "harbor"),
        ("honour", "honor"),
        ("neighbour", "neighbor"),
        ("neighbouring", "neighboring"),
        ("armour", "armor"),
        ("armoured", "armored"),
        ("saviour", "savior"),
        ("centre", "center"),
        ("centres", "centers"),
        ("theatre", "theater"),
        ("programme", "program"),
        ("programmes", "programs"),
        ("organised", "organized"),
        ("organiser", "organizer"),
        ("organisers", "organizers"),
        ("catalogue", "catalog"),
        ("counsellor", "counselor"),
        ("counsellors", "counselors"),
        ("councillor", "councilor"),
        ("councillors", "councilors"),
        ("jewellery", "jewelry"),
        ("gaol", "jail"),
        ("tyre", "tire"),
    ];
    if let Some((_, us)) = WORDS.iter().find(|(uk, _)| *uk == word.as_str()) {
        word.clear();
        word.push_str(us);
        return;
    }
    // -isation(s) -> -ization(s): organisation, civilisation, privatisation.
    for suffix in ["isation", "isations"] {
        if word.len() >= suffix.len() + 3 && word.ends_with(suffix) {
            let at = word.len() - suffix.len() + 1;
            word.replace_range(at..at + 1, "z");
            return;
        }
    }
}

/// A coarse spelling key for transliterated names: vowels and vowel runs
/// become `*`, doubled consonants collapse, everything that is not an ASCII
/// letter is dropped. `Mujahideen`, `Mojahedin`, `Mujahedin` and
/// `Mujaheddin` share the key `m*j*h*d*n`.
///
/// The key merges real words (`Amman` and `Oman` share one), so the matcher
/// uses it only for a capitalised token that is absent from the dictionary,
/// only when the key leads to exactly one dictionary word, and only for words
/// of at least [`MIN_TRANSLITERATION_LEN`] letters.
pub fn transliteration_key(word: &str) -> String {
    let mut key = String::with_capacity(word.len());
    transliteration_key_into(word, &mut key);
    key
}

/// [`transliteration_key`] into a reusable buffer.
pub fn transliteration_key_into(word: &str, key: &mut String) {
    key.clear();
    let mut last: Option<char> = None;
    for c in word.chars().filter(char::is_ascii_alphabetic) {
        let c = c.to_ascii_lowercase();
        let k = if "aeiou".contains(c) { '*' } else { c };
        if last != Some(k) {
            key.push(k);
        }
        last = Some(k);
    }
}

/// Shortest word length for which [`transliteration_key`] is consulted.
pub const MIN_TRANSLITERATION_LEN: usize = 6;

/// Short words that are both common English words and dictionary entries
/// (`US`, `IT`, `UN`...). A one-word match on such a token is accepted only
/// when the token is not written in lower case, so "attacked us" is not the
/// United States.
pub fn is_case_guarded(word: &str) -> bool {
    const GUARDED: &[&str] = &[
        "us", "un", "it", "is", "am", "an", "as", "at", "be", "by", "do", "go", "he", "in", "me",
        "my", "no", "of", "on", "or", "so", "to", "up", "we", "all", "and", "are", "but", "can",
        "for", "may", "man", "new", "now", "one", "our", "the", "who", "sun", "win", "its", "has",
        "had", "was", "will", "chad", "turkey", "china", "jordan", "georgia", "guinea", "bar",
        "fez", "sur", "aar", "doj", "qom", "ezo",
    ];
    GUARDED.contains(&word)
}
