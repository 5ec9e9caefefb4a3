//! Readers for the PETRARCH2 actor, agent, discard and issue file formats
//! (petrarch-formats.md §1, §5, §6, §7).
//!
//! Each reader takes the whole file as text and returns what it could read
//! plus one [`Error`] per line it had to skip; the caller attaches the path.
//! Nothing here normalizes words: the readers keep phrases as written (with
//! `_` between words) and the dictionary builder folds them.

use std::borrow::Cow;

use crate::date::DateRestriction;
use crate::error::{Error, ErrorKind};

/// One code of an actor entry and when it applies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DatedCode {
    /// The CAMEO actor code as written (`IRQGOV`, `---`).
    pub code: String,
    pub when: DateRestriction,
}

/// A group of an actor file: a primary phrase, its synonyms (`+` lines) and
/// its codes in file order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActorEntry {
    /// The primary phrase as written, e.g. `BARACK_OBAMA`.
    pub phrase: String,
    /// Synonym phrases as written, without the leading `+`.
    pub synonyms: Vec<String>,
    pub codes: Vec<DatedCode>,
    /// 1-based line of the primary phrase.
    pub line: u64,
}

/// Where an agent code goes relative to the actor code it is combined with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AgentPlacement {
    /// `~GOV`: appended (`IRQ` + `~GOV` = `IRQGOV`).
    After,
    /// `IGO~`: put in front (`IGO~` + `IRQ` = `IGOIRQ`; alone, `IGO---`).
    Before,
}

/// An agent line: the phrases it defines and its code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgentEntry {
    /// The phrase as written, with `!SET!` markers (`POLICE!PERSON!`).
    pub phrase: String,
    /// Every phrase stored for this line: substitution expansions, then the
    /// plurals (generated, or listed in `{...}`).
    pub forms: Vec<String>,
    /// The role code without its `~` (`COP` for `[~COP]`).
    pub role: String,
    pub placement: AgentPlacement,
    pub line: u64,
}

/// Whether a discard phrase drops the sentence or the whole story.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DiscardScope {
    Sentence,
    Story,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiscardEntry {
    pub phrase: String,
    pub scope: DiscardScope,
    pub line: u64,
}

/// An issue line: phrases that count towards an issue code, or (without a
/// code) phrases that cancel the issues of their sentence or story.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IssueEntry {
    /// The line's phrase as written (`pre+n:school`).
    pub phrase: String,
    /// Expanded phrases (`preschool`, `pre school`, `pre-schools`, ...).
    pub forms: Vec<String>,
    /// The issue code, or `None` for an ignore line (`~a head start`).
    pub code: Option<String>,
    /// For ignore lines: `~` cancels the sentence's issues, `~~` the story's.
    pub ignore: Option<DiscardScope>,
    pub line: u64,
}

/// Iterates the data lines of an actor, agent, discard or issue file as
/// `(line number, text)`, comments removed and surrounding whitespace kept.
///
/// Rules (petrarch-formats.md §1): a line starting with `#` or blank is
/// skipped; text from the first `#` on is dropped; `<!-- ... -->` is removed.
/// Unlike PETRARCH2, a `<!--` comment that spans lines is skipped as a block
/// up to its `-->`.
fn data_lines(text: &str) -> impl Iterator<Item = (u64, Cow<'_, str>)> + '_ {
    let mut in_block = false;
    text.lines().enumerate().filter_map(move |(i, raw)| {
        let line_no = i as u64 + 1;
        let mut line: Cow<'_, str> = Cow::Borrowed(raw);
        if in_block {
            let end = raw.find("-->")?;
            in_block = false;
            line = Cow::Borrowed(&raw[end + 3..]);
        }
        if line.starts_with('#') {
            return None;
        }
        // Inline and opening `<!` comments.
        if line.contains("<!") {
            let mut owned = line.into_owned();
            while let Some(start) = owned.find("<!") {
                if let Some(len) = owned[start..].find("-->") {
                    owned.replace_range(start..start + len + 3, " ");
                } else if owned[start..].starts_with("<!--") {
                    in_block = true;
                    owned.truncate(start);
                } else if let Some(len) = owned[start..].find('>') {
                    owned.replace_range(start..start + len + 1, " ");
                } else {
                    owned.truncate(start);
                }
            }
            line = Cow::Owned(owned);
        }
        if let Some(hash) = line.find('#') {
            line = match line {
                Cow::Borrowed(s) => Cow::Borrowed(&s[..hash]),
                Cow::Owned(mut s) => {
                    s.truncate(hash);
                    Cow::Owned(s)
                }
            };
        }
        (!line.trim().is_empty()).then_some((line_no, line))
    })
}

/// Reads one `[CODE]` or `[CODE DATE]` block's inside.
fn parse_code_block(inside: &str, line: u64, errs: &mut Vec<Error>) -> Option<DatedCode> {
    let inside = inside.trim();
    let (code, date) = match inside.split_once(char::is_whitespace) {
        Some((c, d)) => (c, d),
        None => (inside, ""),
    };
    if code.is_empty() {
        errs.push(Error::at_line(
            ErrorKind::BadCodeBlock {
                text: format!("[{inside}]"),
            },
            line,
        ));
        return None;
    }
    let date: String = date.chars().filter(|c| !c.is_whitespace()).collect();
    match DateRestriction::parse(&date) {
        Some(when) => Some(DatedCode {
            code: code.to_string(),
            when,
        }),
        None => {
            errs.push(Error::at_line(ErrorKind::BadDate { text: date }, line));
            None
        }
    }
}

/// Reads a run of `[..] [..]` blocks. Returns `None` (and records an error)
/// if the text has anything besides blocks and whitespace.
fn parse_code_blocks(text: &str, line: u64, errs: &mut Vec<Error>) -> Option<Vec<DatedCode>> {
    let mut codes = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let bad = || {
            Error::at_line(
                ErrorKind::BadCodeBlock {
                    text: text.trim().to_string(),
                },
                line,
            )
        };
        let Some(after_open) = rest.strip_prefix('[') else {
            if codes.is_empty() {
                errs.push(bad());
                return None;
            }
            // `[MNCMED]\tNewspapers/Magazines`: keep the codes, report the rest.
            errs.push(Error::at_line(
                ErrorKind::TextAfterCodes {
                    text: rest.to_string(),
                },
                line,
            ));
            return Some(codes);
        };
        let Some(close) = after_open.find(']') else {
            errs.push(bad());
            return None;
        };
        if let Some(code) = parse_code_block(&after_open[..close], line, errs) {
            codes.push(code);
        }
        rest = after_open[close + 1..].trim_start();
    }
    Some(codes)
}

/// Reads an actor file (`Phoenix.Countries.actors.txt`, ...).
///
/// Departures from PETRARCH2, each a documented quirk there: the last group
/// of the file is kept; a primary line is always cut at its first `[`, so
/// `HAMAS WING` without a code is a two-word phrase, not `HAMAS` coded
/// `WING`; a space inside a date is allowed on primary lines too; and when
/// a group mixes undated and dated codes, the dated ones that hold are
/// preferred (see [`crate::ActorDict`]).
pub fn read_actors(text: &str) -> (Vec<ActorEntry>, Vec<Error>) {
    let mut entries: Vec<ActorEntry> = Vec::new();
    let mut errs = Vec::new();
    let mut current: Option<ActorEntry> = None;
    for (line_no, line) in data_lines(text) {
        let line = line.trim();
        if line.starts_with('[') {
            match current.as_mut() {
                Some(entry) => {
                    if let Some(codes) = parse_code_blocks(line, line_no, &mut errs) {
                        entry.codes.extend(codes);
                    }
                }
                None => errs.push(Error::at_line(
                    ErrorKind::SynonymWithoutGroup {
                        text: line.to_string(),
                    },
                    line_no,
                )),
            }
        } else if let Some(syn) = line.strip_prefix('+') {
            // A code written on a synonym line is not part of the format.
            let syn = syn.split('[').next().unwrap_or("").trim();
            match current.as_mut() {
                Some(entry) if !syn.is_empty() => entry.synonyms.push(syn.to_string()),
                Some(_) => errs.push(Error::at_line(ErrorKind::EmptyPhrase, line_no)),
                None => errs.push(Error::at_line(
                    ErrorKind::SynonymWithoutGroup {
                        text: line.to_string(),
                    },
                    line_no,
                )),
            }
        } else {
            entries.extend(current.take());
            let (phrase, codes_text) = match line.find('[') {
                Some(i) => (line[..i].trim(), &line[i..]),
                None => (line, ""),
            };
            if phrase.is_empty() {
                errs.push(Error::at_line(ErrorKind::EmptyPhrase, line_no));
                continue;
            }
            let codes = parse_code_blocks(codes_text, line_no, &mut errs).unwrap_or_default();
            current = Some(ActorEntry {
                phrase: phrase.to_string(),
                synonyms: Vec::new(),
                codes,
                line: line_no,
            });
        }
    }
    entries.extend(current);
    (entries, errs)
}

/// PETRARCH's orthographic plural of a phrase's last word.
fn agent_plural(phrase: &str) -> String {
    let upper_y = phrase.ends_with('Y') || phrase.ends_with('y');
    let s = phrase.ends_with('S') || phrase.ends_with('s');
    if upper_y {
        format!("{}IES", &phrase[..phrase.len() - 1])
    } else if s {
        format!("{phrase}ES")
    } else {
        format!("{phrase}S")
    }
}

/// Reads an agent file (`Phoenix.agents.txt`).
///
/// `!NAME! = a, b` defines a substitution set; `POLICE!PERSON!` then stands
/// for `POLICEMAN`, `POLICEMEN`, ... with no plurals generated. Otherwise a
/// plural is generated (`Y` -> `IES`, `S` -> `SES`, else `S`) unless `{}`
/// says there is none or `{FORMS}` lists them. Departures from PETRARCH2
/// (quirks there): `{}` after a substitution is honoured rather than stored
/// as a word, and the marker line is not also stored literally.
pub fn read_agents(text: &str) -> (Vec<AgentEntry>, Vec<Error>) {
    let mut sets: Vec<(String, Vec<String>)> = Vec::new();
    let mut entries = Vec::new();
    let mut errs = Vec::new();
    for (line_no, line) in data_lines(text) {
        let line = line.trim();
        if line.contains('=') && line.contains('!') && !line.contains('[') {
            match parse_substitution_set(line) {
                Some(set) => sets.push(set),
                None => errs.push(Error::at_line(
                    ErrorKind::BadSubstitution {
                        text: line.to_string(),
                    },
                    line_no,
                )),
            }
            continue;
        }
        let Some(open) = line.find('[') else {
            // PETRARCH2 skips lines without a code.
            continue;
        };
        let Some(close) = line[open..].find(']').map(|c| open + c) else {
            errs.push(Error::at_line(
                ErrorKind::BadCodeBlock {
                    text: line[open..].to_string(),
                },
                line_no,
            ));
            continue;
        };
        let code = line[open + 1..close].trim();
        let (role, placement) = if let Some(r) = code.strip_prefix('~') {
            (r, AgentPlacement::After)
        } else if let Some(r) = code.strip_suffix('~') {
            (r, AgentPlacement::Before)
        } else {
            errs.push(Error::at_line(
                ErrorKind::BadAgentCode {
                    text: code.to_string(),
                },
                line_no,
            ));
            continue;
        };
        let head = &line[..open];
        let (phrase, plurals) = match head.find('{') {
            Some(b) => {
                let inner = head[b + 1..].split('}').next().unwrap_or("");
                let listed: Vec<String> = inner.split_whitespace().map(str::to_string).collect();
                (head[..b].trim(), Some(listed))
            }
            None => (head.trim(), None),
        };
        if phrase.is_empty() {
            errs.push(Error::at_line(ErrorKind::EmptyPhrase, line_no));
            continue;
        }
        let forms = if phrase.contains('!') {
            match expand_substitutions(phrase, &sets) {
                Ok(forms) => forms,
                Err(name) => {
                    errs.push(Error::at_line(
                        ErrorKind::UnknownSubstitution { name },
                        line_no,
                    ));
                    continue;
                }
            }
        } else {
            let mut forms = vec![phrase.to_string()];
            match plurals {
                Some(listed) => forms.extend(listed),
                None => forms.push(agent_plural(phrase)),
            }
            forms
        };
        entries.push(AgentEntry {
            phrase: phrase.to_string(),
            forms,
            role: role.trim().to_string(),
            placement,
            line: line_no,
        });
    }
    (entries, errs)
}

/// `!PERSON! = MAN, MEN, WOMAN` -> ("PERSON", [MAN, MEN, WOMAN]).
fn parse_substitution_set(line: &str) -> Option<(String, Vec<String>)> {
    let (name, members) = line.split_once('=')?;
    let name = name.trim().strip_prefix('!')?.strip_suffix('!')?;
    if name.is_empty() || name.contains('!') {
        return None;
    }
    let members: Vec<String> = members
        .split(',')
        .map(|m| m.trim().to_string())
        .filter(|m| !m.is_empty())
        .collect();
    (!members.is_empty()).then(|| (name.to_string(), members))
}

/// Expands every `!NAME!` marker of a phrase; `Err(name)` if one is unknown.
fn expand_substitutions(
    phrase: &str,
    sets: &[(String, Vec<String>)],
) -> Result<Vec<String>, String> {
    let Some(start) = phrase.find('!') else {
        return Ok(vec![phrase.to_string()]);
    };
    let Some(len) = phrase[start + 1..].find('!') else {
        return Err(phrase[start + 1..].to_string());
    };
    let name = &phrase[start + 1..start + 1 + len];
    let rest = &phrase[start + len + 2..];
    let Some((_, members)) = sets.iter().rev().find(|(n, _)| n == name) else {
        return Err(name.to_string());
    };
    let mut out = Vec::new();
    for tail in expand_substitutions(rest, sets)? {
        for m in members {
            out.push(format!("{}{}{}", &phrase[..start], m, tail));
        }
    }
    Ok(out)
}

/// Reads a discard file: one phrase a line, `+` in front for a story-level
/// discard.
pub fn read_discards(text: &str) -> (Vec<DiscardEntry>, Vec<Error>) {
    let mut entries = Vec::new();
    for (line_no, line) in data_lines(text) {
        let line = line.trim();
        let (phrase, scope) = match line.strip_prefix('+') {
            Some(p) => (p.trim(), DiscardScope::Story),
            None => (line, DiscardScope::Sentence),
        };
        if !phrase.is_empty() {
            entries.push(DiscardEntry {
                phrase: phrase.to_string(),
                scope,
                line: line_no,
            });
        }
    }
    (entries, Vec::new())
}

/// Reads an issue file (`Phoenix.IssueCoding.txt`): `phrase [CODE]` lines
/// with the expansions `n:` (noun plural), `v:` (verb forms) and `+` (space
/// or hyphen), and `~phrase` / `~~phrase` ignore lines. Lines such as
/// `<ISSUE CATEGORY=...>` carry no code and are skipped.
pub fn read_issues(text: &str) -> (Vec<IssueEntry>, Vec<Error>) {
    let mut entries = Vec::new();
    let mut errs = Vec::new();
    for (line_no, raw) in text.lines().enumerate() {
        let line_no = line_no as u64 + 1;
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() || line.starts_with('<') {
            continue;
        }
        let (phrase, code, ignore) = if let Some(p) = line.strip_prefix("~~") {
            (p.trim(), None, Some(DiscardScope::Story))
        } else if let Some(p) = line.strip_prefix('~') {
            (p.trim(), None, Some(DiscardScope::Sentence))
        } else {
            let Some(open) = line.find('[') else {
                continue;
            };
            let Some(close) = line[open..].find(']').map(|c| open + c) else {
                errs.push(Error::at_line(
                    ErrorKind::BadCodeBlock {
                        text: line[open..].to_string(),
                    },
                    line_no,
                ));
                continue;
            };
            let code = line[open + 1..close].trim();
            if code.is_empty() {
                errs.push(Error::at_line(
                    ErrorKind::BadCodeBlock {
                        text: line[open..=close].to_string(),
                    },
                    line_no,
                ));
                continue;
            }
            (line[..open].trim(), Some(code.to_string()), None)
        };
        if phrase.is_empty() {
            errs.push(Error::at_line(ErrorKind::EmptyPhrase, line_no));
            continue;
        }
        entries.push(IssueEntry {
            phrase: phrase.to_string(),
            forms: expand_issue_phrase(phrase),
            code,
            ignore,
            line: line_no,
        });
    }
    (entries, errs)
}

/// All surface forms of an issue phrase.
fn expand_issue_phrase(phrase: &str) -> Vec<String> {
    let mut forms = vec![String::new()];
    for (i, word) in phrase.split_whitespace().enumerate() {
        // `pre+n:school`: the `+` joins with a space or a hyphen.
        let parts: Vec<&str> = word.split('+').collect();
        let mut word_forms = vec![String::new()];
        for (j, part) in parts.iter().enumerate() {
            let variants = issue_word_forms(part);
            let mut next = Vec::new();
            for prefix in &word_forms {
                for v in &variants {
                    if j == 0 {
                        next.push(v.clone());
                    } else {
                        next.push(format!("{prefix} {v}"));
                        next.push(format!("{prefix}-{v}"));
                    }
                }
            }
            word_forms = next;
        }
        let mut next = Vec::new();
        for f in &forms {
            for w in &word_forms {
                next.push(if i == 0 {
                    w.clone()
                } else {
                    format!("{f} {w}")
                });
            }
        }
        forms = next;
    }
    forms.dedup();
    forms
}

fn issue_word_forms(word: &str) -> Vec<String> {
    if let Some(w) = word.strip_prefix("n:") {
        let plural = match w.strip_suffix('y') {
            Some(stem) => format!("{stem}ies"),
            None => format!("{w}s"),
        };
        vec![w.to_string(), plural]
    } else if let Some(w) = word.strip_prefix("v:") {
        let past = if w.ends_with('e') {
            format!("{w}d")
        } else {
            format!("{w}ed")
        };
        let gerund = match w.strip_suffix('e') {
            Some(stem) => format!("{stem}ing"),
            None => format!("{w}ing"),
        };
        vec![w.to_string(), format!("{w}s"), past, gerund]
    } else {
        vec![word.to_string()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn codes(entry: &ActorEntry) -> Vec<(&str, DateRestriction)> {
        entry
            .codes
            .iter()
            .map(|c| (c.code.as_str(), c.when))
            .collect()
    }

    #[test]
    fn actor_primary_line_with_code() {
        let (e, errs) = read_actors("AFGHANISTAN_  [AFG]\n");
        assert!(errs.is_empty());
        assert_eq!(e[0].phrase, "AFGHANISTAN_");
        assert_eq!(codes(&e[0]), vec![("AFG", DateRestriction::Always)]);
    }

    #[test]
    fn actor_synonyms_join_the_group() {
        let (e, _) = read_actors("DENMARK  [DNK]\n+DANISH \n+ZEALAND\n\nFRANCE [FRA]\n");
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].synonyms, vec!["DANISH", "ZEALAND"]);
        assert!(e[1].synonyms.is_empty());
    }

    #[test]
    fn actor_code_lines_with_dates_follow_the_synonyms() {
        let text =
            "BARACK_OBAMA\n+PRESIDENT_OBAMA_\n\t[USAELI 780101-000101]\n\t[USAGOV >090120]\n";
        let (e, errs) = read_actors(text);
        assert!(errs.is_empty());
        assert_eq!(
            codes(&e[0]),
            vec![
                (
                    "USAELI",
                    DateRestriction::Between(d(1978, 1, 1), d(2000, 1, 1))
                ),
                ("USAGOV", DateRestriction::From(d(2009, 1, 20))),
            ]
        );
    }

    #[test]
    fn actor_several_codes_on_one_primary_line() {
        let (e, _) = read_actors(
            "UFFE_ELLEMANN_JENSEN_  [IGOEUREEC 820701-821231][IGOEUREEC 870701-871231]\n",
        );
        assert_eq!(e[0].codes.len(), 2);
        let (e, _) =
            read_actors("JAVIER_DE_CUELLAR_\t[IGOUNO 820101-911231] [ELI]# IGOrulers.txt\n");
        assert_eq!(codes(&e[0])[1], ("ELI", DateRestriction::Always));
    }

    #[test]
    fn actor_spaces_inside_dates_are_allowed() {
        let (e, errs) = read_actors("GOLLUM\n\t[HOB < 950601]\n\t[HOBGOV 19950601 - 19990815]\n");
        assert!(errs.is_empty());
        assert_eq!(
            codes(&e[0])[0],
            ("HOB", DateRestriction::Before(d(1995, 6, 1)))
        );
        assert_eq!(
            codes(&e[0])[1],
            (
                "HOBGOV",
                DateRestriction::Between(d(1995, 6, 1), d(1999, 8, 15))
            )
        );
    }

    #[test]
    fn actor_comments_are_removed() {
        let text = "# header\n<!-- one line -->\n<!--\n# inside\nNOT_DATA [XXX]\n-->\nITALY  [ITA]\n+ITALIAN #JW   9/10/91\n";
        let (e, errs) = read_actors(text);
        assert!(errs.is_empty());
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].phrase, "ITALY");
        assert_eq!(e[0].synonyms, vec!["ITALIAN"]);
    }

    #[test]
    fn actor_last_group_of_the_file_is_kept() {
        let (e, _) = read_actors("A [AAA]\nWITNESS_MANGWENDE_\n\t[ZWEGOV]");
        assert_eq!(e.last().unwrap().phrase, "WITNESS_MANGWENDE_");
    }

    #[test]
    fn actor_multiword_phrase_without_code_is_one_phrase() {
        let (e, _) = read_actors("HAMAS WING\n\t[PSEHMSBRD]\n");
        assert_eq!(e[0].phrase, "HAMAS WING");
        assert_eq!(e[0].codes[0].code, "PSEHMSBRD");
    }

    #[test]
    fn malformed_date_is_reported_and_the_other_codes_load() {
        let text =
            "BAN_KI-MOON\n\t[IGOUNO >20070101]\n\t[KORGOVBUS 2004017-20061201]\nNEXT [NXT]\n";
        let (e, errs) = read_actors(text);
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].codes.len(), 1);
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].line(), Some(3));
        assert!(matches!(errs[0].kind(), ErrorKind::BadDate { .. }));
    }

    #[test]
    fn malformed_code_blocks_are_reported_with_their_line() {
        let text = "GOOD [GD]\nBROKEN [ABC\nALSO_BROKEN [] \nORPHAN\n+SYN\nLAST [LST]\n";
        let (e, errs) = read_actors(text);
        let lines: Vec<u64> = errs.iter().filter_map(|e| e.line()).collect();
        assert_eq!(lines, vec![2, 3]);
        assert_eq!(
            e.iter().map(|e| e.phrase.as_str()).collect::<Vec<_>>(),
            vec!["GOOD", "BROKEN", "ALSO_BROKEN", "ORPHAN", "LAST"]
        );
        assert_eq!(e[3].synonyms, vec!["SYN"]);
    }

    #[test]
    fn text_after_the_codes_is_reported_and_the_codes_kept() {
        let (e, errs) = read_actors("ACME_CORP [MNCMED]\tNewspapers/Magazines\n");
        assert_eq!(e[0].codes[0].code, "MNCMED");
        assert!(matches!(errs[0].kind(), ErrorKind::TextAfterCodes { .. }));
        assert_eq!(errs[0].line(), Some(1));
    }

    #[test]
    fn orphan_synonym_and_code_lines_are_reported() {
        let (e, errs) = read_actors("+EARLY\n[ABC]\nLATE [LT]\n");
        assert_eq!(e.len(), 1);
        assert_eq!(
            errs.iter().map(|e| e.line()).collect::<Vec<_>>(),
            vec![Some(1), Some(2)]
        );
    }

    #[test]
    fn agent_generated_plurals() {
        let (e, _) = read_agents("FARMER [~AGR]\nAUTHORITY [~GOV]\nBOSS [~BUS]\n");
        assert_eq!(e[0].forms, vec!["FARMER", "FARMERS"]);
        assert_eq!(e[1].forms, vec!["AUTHORITY", "AUTHORITIES"]);
        assert_eq!(e[2].forms, vec!["BOSS", "BOSSES"]);
        assert_eq!(e[0].role, "AGR");
        assert_eq!(e[0].placement, AgentPlacement::After);
    }

    #[test]
    fn agent_explicit_and_suppressed_plurals() {
        let (e, _) = read_agents(
            "ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOVATG]\nAIR_FORCE {} [~MIL]\nPOLICE {} [ ~COP]\n",
        );
        assert_eq!(e[0].forms, vec!["ATTORNEY_GENERAL", "ATTORNEYS_GENERAL"]);
        assert_eq!(e[1].forms, vec!["AIR_FORCE"]);
        assert_eq!(e[2].role, "COP");
    }

    #[test]
    fn agent_substitution_sets_expand_without_plurals() {
        let text = "!PERSON! = MAN, MEN, WOMAN\nPOLICE!PERSON!  [~COP]\nFIRE!PERSON! {} [~GOV]\nHUSBAND!PERSON![~AGR]\n";
        let (e, errs) = read_agents(text);
        assert!(errs.is_empty());
        assert_eq!(e[0].forms, vec!["POLICEMAN", "POLICEMEN", "POLICEWOMAN"]);
        assert_eq!(e[1].forms, vec!["FIREMAN", "FIREMEN", "FIREWOMAN"]);
        assert_eq!(e[2].forms[0], "HUSBANDMAN");
    }

    #[test]
    fn agent_code_placed_before_the_actor() {
        let (e, _) =
            read_agents("PEACEKEEPING_TROOPS {} [IGO~]\nHUMAN_RIGHTS_ORGANIZATION  [  NGO~]\n");
        assert_eq!(e[0].placement, AgentPlacement::Before);
        assert_eq!(e[0].role, "IGO");
        assert_eq!(e[1].role, "NGO");
    }

    #[test]
    fn agent_errors_name_their_line() {
        let text = "!PERSON! = MAN\n!BROKEN = X\nUNKNOWN!SET! [~GOV]\nNOCODE [GOV]\nOPEN [~GOV\nGOOD [~GOV]\n";
        let (e, errs) = read_agents(text);
        assert_eq!(e.len(), 1);
        assert_eq!(
            errs.iter().map(|e| e.line()).collect::<Vec<_>>(),
            vec![Some(2), Some(3), Some(4), Some(5)]
        );
    }

    #[test]
    fn agent_lines_without_code_are_skipped_silently() {
        let (e, errs) = read_agents("JUST_WORDS\nREAL [~GOV]\n");
        assert_eq!(e.len(), 1);
        assert!(errs.is_empty());
    }

    #[test]
    fn discards_sentence_and_story_scope() {
        let (e, _) =
            read_discards("# c\nBASKETBALL\n+World Golf Championships   # pas\nASIAN CUP\n");
        assert_eq!(e.len(), 3);
        assert_eq!(e[1].phrase, "World Golf Championships");
        assert_eq!(e[1].scope, DiscardScope::Story);
        assert_eq!(e[2].scope, DiscardScope::Sentence);
    }

    #[test]
    fn issues_expansions() {
        let (e, errs) = read_issues(
            "<ISSUE CATEGORY=\"EDUCATION\" TYPE=\"ALL\">\nn:school [SCHOOLS]\npre+n:school [ECE]\nv:reform [R]\nn:traveler[TOURISM]\n~a head start\n~~money literacy\n</ISSUE>\n",
        );
        assert!(errs.is_empty());
        assert_eq!(e[0].forms, vec!["school", "schools"]);
        assert_eq!(
            e[1].forms,
            vec!["pre school", "pre-school", "pre schools", "pre-schools"]
        );
        assert_eq!(
            e[2].forms,
            vec!["reform", "reforms", "reformed", "reforming"]
        );
        assert_eq!(e[3].code.as_deref(), Some("TOURISM"));
        assert_eq!(e[4].ignore, Some(DiscardScope::Sentence));
        assert_eq!(e[4].code, None);
        assert_eq!(e[5].ignore, Some(DiscardScope::Story));
    }

    #[test]
    fn issues_malformed_code_is_reported() {
        let (e, errs) = read_issues("oil [OIL\ngas []\ntourism [TOURISM]\n");
        assert_eq!(e.len(), 1);
        assert_eq!(
            errs.iter().map(|e| e.line()).collect::<Vec<_>>(),
            vec![Some(1), Some(2)]
        );
    }
}
