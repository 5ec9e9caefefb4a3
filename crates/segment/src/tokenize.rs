//! Tokenization: text to [`Word`]s with byte spans, following UD English
//! (EWT/GUM) conventions.
//!
//! The text is first cut at whitespace into chunks. Each chunk loses its
//! leading and trailing punctuation (an abbreviation keeps its period), and
//! what remains is split into pieces (runs of word characters and single
//! punctuation characters) that are glued back where UD keeps them as one
//! token: decimals and thousands ("3.5", "1,000"), times and dates ("10:30",
//! "9/11"), internal periods ("U.S", "example.com"), e-mail addresses,
//! listed hyphen prefixes ("non-human"), phone numbers. Clitics ("'s",
//! "n't", "'re") and a few apostrophe-less contractions ("cannot") become
//! separate words of one surface token, as UD's multiword tokens.

use text_model::ByteSpan;

use crate::lexicon::Lexicon;

/// One syntactic word: the unit the tagger and parser see.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Word {
    pub span: ByteSpan,
    /// This word and the one before it form one surface token, which UD
    /// writes as a multiword token: "do" + "n't", "Erdoğan" + "'s".
    pub glued: bool,
}

/// Characters that separate chunks and never appear in a token.
pub(crate) fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{180E}')
}

/// Punctuation and symbols outside ASCII that stand as tokens of their own.
fn is_unicode_punct(c: char) -> bool {
    matches!(c,
        '\u{00A1}'..='\u{00BF}'   // ¡ ¢ £ ¥ § © « ® ° ± ¶ · » ¿ ...
        | '\u{00D7}' | '\u{00F7}' // × ÷
        | '\u{2010}'..='\u{205E}' // dashes, quotes, bullets, ellipsis, ‰ ...
        | '\u{20A0}'..='\u{20CF}' // currency signs
        | '\u{2100}'..='\u{214F}' // letterlike symbols (№, ™)
        | '\u{2190}'..='\u{2BFF}' // arrows, maths, boxes, dingbats
        | '\u{3000}'..='\u{303F}' // CJK punctuation
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}'
        | '\u{FF3B}'..='\u{FF40}' | '\u{FF5B}'..='\u{FF65}'
        | '\u{1F000}'..='\u{1FAFF}' // emoji and pictographs
    )
}

/// Characters that make up words: letters, digits, combining marks, `_`,
/// and any non-ASCII character that is not punctuation or a symbol.
pub(crate) fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        !is_unicode_punct(c) && !is_separator(c)
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '`')
}

fn char_at(text: &str, i: usize) -> char {
    text[i..].chars().next().unwrap_or(' ')
}

fn char_before(text: &str, i: usize) -> (char, usize) {
    match text[..i].chars().next_back() {
        Some(c) => (c, i - c.len_utf8()),
        None => (' ', i),
    }
}

/// Punctuation characters that run together into one token ("...", "--",
/// "!!!", "?!", "''", "**").
fn runs_with(first: char, c: char) -> bool {
    let terminal = |x: char| matches!(x, '.' | '!' | '?');
    let curly = |x: char| matches!(x, '‘' | '’');
    (terminal(first) && terminal(c))
        || (curly(first) && curly(c))
        || (first == c
            && matches!(
                c,
                '-' | '*' | '=' | '~' | '\'' | '`' | '<' | '>' | '_' | '#'
            ))
}

fn is_clitic(s: &str) -> bool {
    s.eq_ignore_ascii_case("s")
        || s.eq_ignore_ascii_case("re")
        || s.eq_ignore_ascii_case("ve")
        || s.eq_ignore_ascii_case("ll")
        || s.eq_ignore_ascii_case("d")
        || s.eq_ignore_ascii_case("m")
}

/// Words whose first letters an apostrophe replaces: "'em", "'70s", "'71".
fn is_elided(s: &str) -> bool {
    s.eq_ignore_ascii_case("em")
        || (s.len() == 2 && all_digits(s))
        || (s.len() == 3 && s.ends_with('s') && all_digits(&s[..2]))
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn all_alpha(s: &str) -> bool {
    !s.is_empty() && s.chars().all(char::is_alphabetic)
}

const EMOTICONS: &[&str] = &[
    ":)", ":-)", ":(", ":-(", ";)", ";-)", ":D", ":-D", ":P", ":p", ":-P", ":/", ":O", ":o", "<3",
    "^_^", "^^", "XD", ":'(", "=)",
];

const URL_PREFIXES: &[&str] = &["http://", "https://", "ftp://", "www."];

fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// Splits `text` into words. Spans are in order, never overlap, never
/// contain a separator and always fall on character boundaries.
pub fn tokenize(text: &str) -> Vec<Word> {
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    let mut t = Tokenizer {
        text,
        lex: Lexicon::get(),
        out: &mut out,
        pieces: Vec::new(),
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if b.is_ascii_whitespace() || b.is_ascii_control() {
                i += 1;
                continue;
            }
        } else {
            let c = char_at(text, i);
            if is_separator(c) {
                i += c.len_utf8();
                continue;
            }
        }
        let start = i;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                if b.is_ascii_whitespace() || b.is_ascii_control() {
                    break;
                }
                i += 1;
            } else {
                let c = char_at(text, i);
                if is_separator(c) {
                    break;
                }
                i += c.len_utf8();
            }
        }
        let next = text[i..].chars().find(|&c| !is_separator(c));
        t.chunk(start, i, next);
    }
    out
}

#[derive(Clone, Copy)]
struct Piece {
    start: usize,
    end: usize,
    word: bool,
}

struct Tokenizer<'a> {
    text: &'a str,
    lex: &'static Lexicon,
    out: &'a mut Vec<Word>,
    pieces: Vec<Piece>,
}

impl Tokenizer<'_> {
    fn push(&mut self, start: usize, end: usize, glued: bool) {
        if start < end {
            self.out.push(Word {
                span: ByteSpan::new(start, end),
                glued,
            });
        }
    }

    /// Tokenizes one whitespace-free chunk `start..end`; `next` is the first
    /// character after the following whitespace.
    fn chunk(&mut self, start: usize, end: usize, next: Option<char>) {
        let text = self.text;
        if EMOTICONS.contains(&&text[start..end]) {
            self.push(start, end, false);
            return;
        }
        if is_list_number(&text[start..end]) && at_line_start(text, start) {
            // "1." or "2.1." opening a line numbers a list item or section.
            self.push(start, end, false);
            return;
        }
        let mut lo = start;
        let mut hi = end;
        // Leading punctuation.
        while lo < hi {
            let c = char_at(text, lo);
            if is_word_char(c) {
                break;
            }
            let after = lo + c.len_utf8();
            let next_c = (after < hi).then(|| char_at(text, after));
            let keep = match (c, next_c) {
                ('#' | '@', Some(n)) => is_word_char(n),
                ('+' | '.', Some(n)) => n.is_ascii_digit(),
                (c, Some(n)) if is_apostrophe(c) => is_word_char(n),
                _ => false,
            };
            if keep {
                break;
            }
            let mut run_end = after;
            while run_end < hi {
                let d = char_at(text, run_end);
                if !runs_with(c, d) {
                    break;
                }
                run_end += d.len_utf8();
            }
            self.push(lo, run_end, false);
            lo = run_end;
        }
        if lo >= hi {
            return;
        }
        // A URL keeps everything up to its trailing punctuation.
        if URL_PREFIXES
            .iter()
            .any(|p| starts_with_ignore_case(&text[lo..hi], p))
        {
            let url_end = url_end(text, lo, hi);
            self.push(lo, url_end, false);
            if url_end < hi {
                self.chunk(url_end, hi, next);
            }
            return;
        }
        // Trailing punctuation, collected backwards.
        let mut tail: Vec<(usize, usize, bool)> = Vec::new();
        while hi > lo {
            let (c, cstart) = char_before(text, hi);
            if is_word_char(c) {
                break;
            }
            if c == '.' {
                let (p, pstart) = char_before(text, cstart);
                let next_for_abbrev = if tail.is_empty() { next } else { None };
                if cstart > lo && p != '.' {
                    if self
                        .lex
                        .abbreviation(&text[lo..hi], next_for_abbrev)
                        .is_some()
                    {
                        break;
                    }
                } else if p == '.'
                    && pstart > lo
                    && char_before(text, pstart).0 != '.'
                    && self.lex.abbreviation(&text[lo..cstart], None).is_some()
                {
                    // "Inc.." is the abbreviation and a full stop.
                    tail.push((cstart, hi, false));
                    hi = cstart;
                    break;
                }
            }
            if is_apostrophe(c) && cstart > lo {
                let (p, pstart) = char_before(text, cstart);
                // Plural possessive: "soldiers'" is "soldiers" + "'".
                if matches!(p, 's' | 'S') && pstart > lo && tail.is_empty() {
                    tail.push((cstart, hi, true));
                    hi = cstart;
                    break;
                }
            }
            if c == '-' && cstart > lo && tail.iter().all(|t| char_at(text, t.0) != '-') {
                let (p, _) = char_before(text, cstart);
                // "pre- and post-war", "th-": a truncated word keeps its hyphen.
                if p.is_alphabetic() {
                    break;
                }
            }
            let mut run_start = cstart;
            while run_start > lo {
                let (d, dstart) = char_before(text, run_start);
                if !runs_with(c, d) {
                    break;
                }
                run_start = dstart;
            }
            // "(s)" style signs are left to the core.
            tail.push((run_start, hi, false));
            hi = run_start;
        }
        self.core(lo, hi, tail.is_empty().then_some(next).flatten());
        for &(s, e, glued) in tail.iter().rev() {
            self.push(s, e, glued);
        }
    }

    /// Splits the inside of a chunk, which starts with a word character or
    /// a kept sign ("#tag", "-5", "'s") and ends with a word character or an
    /// abbreviation's period.
    fn core(&mut self, lo: usize, hi: usize, next: Option<char>) {
        if lo >= hi {
            return;
        }
        let text = self.text;
        let s = &text[lo..hi];
        if s.chars().all(is_word_char) {
            self.word(lo, hi);
            return;
        }
        let mut pieces = std::mem::take(&mut self.pieces);
        pieces.clear();
        let mut i = lo;
        while i < hi {
            let c = char_at(text, i);
            let end = i + c.len_utf8();
            if is_word_char(c) {
                match pieces.last_mut() {
                    Some(p) if p.word && p.end == i => p.end = end,
                    _ => pieces.push(Piece {
                        start: i,
                        end,
                        word: true,
                    }),
                }
            } else {
                pieces.push(Piece {
                    start: i,
                    end,
                    word: false,
                });
            }
            i = end;
        }
        self.merge_pieces(&pieces, next);
        self.pieces = pieces;
    }

    fn merge_pieces(&mut self, pieces: &[Piece], next: Option<char>) {
        let text = self.text;
        let n = pieces.len();
        let has_at = pieces
            .iter()
            .any(|p| !p.word && char_at(text, p.start) == '@');
        let mut k = 0;
        while k < n {
            let p = pieces[k];
            // Index of the first word piece of the token starting at `k`.
            let mut first = k;
            if !p.word {
                let c = char_at(text, p.start);
                let right = pieces.get(k + 1).filter(|r| r.word);
                // Signs glued to what follows: "#tag", "'s", "'71", "+44", ".5"
                // (but "-5" is "-" + "5" in UD).
                if let Some(r) = right {
                    let rt = &text[r.start..r.end];
                    let ends_word = !matches!(pieces.get(k + 2), Some(q) if q.word);
                    if is_apostrophe(c) && ends_word && (is_clitic(rt) || is_elided(rt)) {
                        self.push(p.start, r.end, false);
                        k += 2;
                        continue;
                    }
                    let sign = match c {
                        '#' | '@' => k == 0,
                        '+' | '.' => k == 0 && all_digits(rt),
                        _ => false,
                    };
                    if sign {
                        first = k + 1;
                    }
                }
                if first == k {
                    let mut j = k + 1;
                    while j < n && !pieces[j].word && runs_with(c, char_at(text, pieces[j].start)) {
                        j += 1;
                    }
                    self.push(p.start, pieces[j - 1].end, false);
                    k = j;
                    continue;
                }
            }
            // A word piece: extend it over connectors UD keeps inside tokens.
            let tok_start = p.start;
            let mut tok_end = pieces[first].end;
            let mut left = pieces[first];
            let mut j = first + 1;
            let mut hyphen_digits = 0;
            while j + 1 < n && !pieces[j].word && pieces[j + 1].word {
                let conn = char_at(text, pieces[j].start);
                let right = pieces[j + 1];
                let lt = &text[left.start..left.end];
                let rt = &text[right.start..right.end];
                let ends_word = !matches!(pieces.get(j + 2), Some(q) if q.word);
                if is_apostrophe(conn) {
                    if ends_word && is_clitic(rt) {
                        // "Erdoğan's": the clitic is a word of its own.
                        self.word(tok_start, tok_end);
                        self.push(pieces[j].start, right.end, true);
                        k = j + 2;
                        tok_end = tok_start;
                        break;
                    }
                    if ends_word
                        && rt.eq_ignore_ascii_case("t")
                        && (lt.ends_with('n') || lt.ends_with('N'))
                        && tok_end - tok_start > 1
                    {
                        // "don't" is "do" + "n't".
                        self.word(tok_start, tok_end - 1);
                        self.push(tok_end - 1, right.end, true);
                        k = j + 2;
                        tok_end = tok_start;
                        break;
                    }
                }
                let join = match conn {
                    '.' => {
                        (all_digits(lt) && all_digits(rt)) || has_at || !self.run_together(lt, rt)
                    }
                    ',' => all_digits(lt) && rt.len() == 3 && all_digits(rt),
                    ':' => all_digits(lt) && all_digits(rt),
                    '/' => {
                        (all_digits(lt) && all_digits(rt))
                            || (all_alpha(lt) && all_alpha(rt) && lt.len() <= 2 && rt.len() <= 3)
                    }
                    '-' => {
                        let phone = if hyphen_digits > 0 {
                            hyphen_digits -= 1;
                            true
                        } else if all_digits(lt) && all_digits(rt) {
                            let joins = phone_joins(text, pieces, j - 1);
                            hyphen_digits = joins.saturating_sub(1);
                            joins > 0
                        } else {
                            false
                        };
                        phone || self.lex.is_hyphen_prefix(lt) || (rt == "e" && all_alpha(lt))
                    }
                    '&' => {
                        lt.len() <= 4
                            && rt.len() <= 4
                            && lt.starts_with(|c: char| c.is_ascii_uppercase())
                            && rt.starts_with(|c: char| c.is_ascii_uppercase())
                    }
                    '@' => true,
                    c if is_apostrophe(c) => true,
                    _ => false,
                };
                if !join {
                    break;
                }
                tok_end = right.end;
                left = right;
                j += 2;
            }
            if tok_end == tok_start {
                continue;
            }
            // A truncated word keeps its final hyphen ("pre-").
            if j + 1 == n && char_at(text, pieces[j].start) == '-' && !pieces[j].word {
                tok_end = pieces[j].end;
                j += 1;
            }
            // "U.S.-led": an abbreviation keeps its period before a sign.
            if j < n && !pieces[j].word && char_at(text, pieces[j].start) == '.' {
                let follows = if j + 1 < n {
                    Some(char_at(text, pieces[j + 1].start))
                } else {
                    next
                };
                if (j + 1 == n || !pieces[j + 1].word)
                    && self
                        .lex
                        .abbreviation(&text[tok_start..pieces[j].end], follows)
                        .is_some()
                {
                    tok_end = pieces[j].end;
                    j += 1;
                }
            }
            self.word(tok_start, tok_end);
            k = j;
        }
    }

    /// "attacked.The": a lower-case word, a period and a capitalised word
    /// are two sentences run together.
    fn run_together(&self, left: &str, right: &str) -> bool {
        let mut r = right.chars();
        let (Some(r0), Some(r1)) = (r.next(), r.next()) else {
            return false;
        };
        let l_last = left.chars().next_back().unwrap_or(' ');
        left.chars().count() >= 2
            && (l_last.is_lowercase() || (l_last.is_ascii_digit() && all_digits(left)))
            && r0.is_uppercase()
            && r1.is_lowercase()
    }

    /// Emits a word, splitting apostrophe-less contractions ("cannot") and
    /// units written against numbers ("10am").
    fn word(&mut self, start: usize, end: usize) {
        let w = &self.text[start..end];
        if let Some(n) = self.lex.contraction_split(w) {
            self.push(start, start + n, false);
            self.push(start + n, end, true);
        } else if let Some(n) = self.lex.unit_split(w) {
            self.push(start, start + n, false);
            self.push(start + n, end, false);
        } else {
            self.push(start, end, false);
        }
    }
}

/// "1.", "2.1.": digits and periods, ending in a period.
fn is_list_number(s: &str) -> bool {
    s.len() <= 12
        && s.ends_with('.')
        && s.starts_with(|c: char| c.is_ascii_digit())
        && s.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && !s.contains("..")
}

/// Whether only spaces and tabs stand between the last line break (or the
/// start of the text) and `i`.
fn at_line_start(text: &str, i: usize) -> bool {
    let before = text[..i].trim_end_matches([' ', '\t']);
    before.is_empty() || before.ends_with(['\n', '\r'])
}

/// Phone numbers, ZIP+4 codes and numeric dates are one token
/// ("713-853-3989", "345-9945", "16802-6601", "11-28-2000"), while ranges
/// are split ("1980 - 1988", "18 - 24"). Given the first digit group at
/// `pieces[first]`, returns how many hyphens to join, or 0.
fn phone_joins(text: &str, pieces: &[Piece], first: usize) -> usize {
    let mut groups = vec![pieces[first].end - pieces[first].start];
    let mut m = first + 1;
    while m + 1 < pieces.len()
        && !pieces[m].word
        && char_at(text, pieces[m].start) == '-'
        && pieces[m + 1].word
        && all_digits(&text[pieces[m + 1].start..pieces[m + 1].end])
    {
        groups.push(pieces[m + 1].end - pieces[m + 1].start);
        m += 2;
    }
    let last = groups[groups.len() - 1];
    let ok = match groups.len() {
        2 => last == 4 && matches!(groups[0], 1 | 3 | 5),
        n => n >= 3 && last == 4,
    };
    if ok {
        groups.len() - 1
    } else {
        0
    }
}

/// End of a URL starting at `lo`: trailing sentence punctuation and an
/// unbalanced closing bracket are not part of it.
fn url_end(text: &str, lo: usize, hi: usize) -> usize {
    let mut end = hi;
    loop {
        let (c, cstart) = char_before(text, end);
        if cstart <= lo {
            break;
        }
        let strip = match c {
            '.' | ',' | ';' | ':' | '!' | '?' | '"' | '\'' | '’' | '”' | '»' => true,
            ')' => {
                let s = &text[lo..end];
                s.matches('(').count() < s.matches(')').count()
            }
            ']' => {
                let s = &text[lo..end];
                s.matches('[').count() < s.matches(']').count()
            }
            _ => false,
        };
        if !strip {
            break;
        }
        end = cstart;
    }
    end
}
