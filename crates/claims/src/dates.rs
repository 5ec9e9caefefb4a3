//! Time expressions and event dates.
//!
//! [`scan`] finds time expressions in a piece of text with regular
//! expressions (so it does not depend on how the tokenizer split "1980-1988"
//! or "Sept."), [`resolve`] turns one into calendar dates against an anchor
//! (the publication date), and [`DateStage`] gives each event the expression
//! attached to its trigger, the date of the speech act that reports it, or
//! the publication date.

use std::sync::OnceLock;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use regex::Regex;
use text_model::{AnnotatedDoc, ByteSpan, EventDate, Layer, Stage};

use crate::words;

/// A unit of relative time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Day,
    Week,
    Month,
    Year,
    Decade,
}

/// What a time expression says, before it is placed on the calendar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TimeKind {
    /// "on Wednesday".
    Weekday(Weekday),
    /// "yesterday" (-1), "today" (0), "tomorrow" (1).
    RelDay(i64),
    /// "last week", "last year".
    Last(Unit),
    /// "the past week": the trailing period up to the anchor.
    Past(Unit),
    /// "this month", "earlier this month".
    This(Unit),
    /// "later this month".
    LaterThis(Unit),
    /// "next week".
    Next(Unit),
    /// "three years ago".
    Ago(i64, Unit),
    /// "Sept. 30", "30 September 2011".
    MonthDay {
        month: u32,
        day: u32,
        year: Option<i64>,
    },
    /// "in March 2011", or "in March" with `year: None`.
    Month { month: u32, year: Option<i64> },
    /// "in 1981".
    Year(i64),
    /// "1980-1988", "between 2003 and 2006".
    YearRange(i64, i64),
    /// "the 1980s".
    Decade(i64),
    /// "since 2014".
    SinceYear(i64),
    /// A past period no calendar can place: "during Saddam's era",
    /// "after the revolution", "decades ago".
    Era,
    /// A vague recent time: "a few days ago".
    Vague,
}

/// One time expression found in text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeExpr {
    pub span: ByteSpan,
    /// The words, as written.
    pub text: String,
    pub kind: TimeKind,
}

/// A time expression placed on the calendar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolved {
    Interval {
        start: NaiveDate,
        end: NaiveDate,
    },
    /// Open start, ends at the anchor ("since 2014" starts then and goes on).
    Since(NaiveDate),
    /// Cannot be placed; the string says why.
    Unresolved {
        reason: String,
        historical: bool,
    },
}

const MONTH: &str = r"(january|february|march|april|may|june|july|august|september|october|november|december|jan\.?|feb\.?|mar\.?|apr\.?|jun\.?|jul\.?|aug\.?|sept\.?|sep\.?|oct\.?|nov\.?|dec\.?)";
const WEEKDAY: &str = r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)";
const NUMWORD: &str =
    r"(a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,3})";
const ERA_NOUN: &str = r"(era|rule|regime|reign|revolution|war|civil war|occupation|invasion|uprising|monarchy|dictatorship|presidency|insurgency)";

#[derive(Clone, Copy)]
enum Pat {
    BetweenYears,
    FromToYears,
    Iso,
    YearRange,
    MonthDayYear,
    DayMonthYear,
    MonthDay,
    DayMonth,
    MonthYear,
    PrepMonth,
    Decade,
    Since,
    PrepYear,
    TheYear,
    Weekday,
    RelDay,
    LastNight,
    ThisPart,
    LastUnit,
    PastUnit,
    ThisUnit,
    LaterThis,
    NextUnit,
    Ago,
    VagueAgo,
    Era,
}

fn patterns() -> &'static [(Pat, Regex)] {
    static P: OnceLock<Vec<(Pat, Regex)>> = OnceLock::new();
    P.get_or_init(|| {
        let m = MONTH;
        let list: Vec<(Pat, String)> = vec![
            (Pat::BetweenYears, r"\bbetween\s+(\d{4})\s+and\s+(\d{4})\b".into()),
            (
                Pat::FromToYears,
                r"\bfrom\s+(\d{4})\s+(?:to|until|till|through)\s+(\d{4})\b".into(),
            ),
            (Pat::Iso, r"\b(\d{4})-(\d{2})-(\d{2})\b".into()),
            (Pat::YearRange, r"\b(\d{4})\s*[-–—]\s*(\d{4}|\d{2})\b".into()),
            (
                Pat::MonthDayYear,
                format!(r"\b{m}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:\s*,\s*|\s+)(\d{{3,6}})\b"),
            ),
            (
                Pat::DayMonthYear,
                format!(r"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{m}\s*,?\s+(\d{{3,6}})\b"),
            ),
            (Pat::MonthDay, format!(r"\b{m}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b")),
            (Pat::DayMonth, format!(r"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{m}(?:\b|\s|$)")),
            (Pat::MonthYear, format!(r"\b{m}\s*,?\s+(?:of\s+)?(\d{{4,6}})\b")),
            (
                Pat::PrepMonth,
                format!(r"\b(?:in|since|by|until|last|this|early|late|mid-?|before|after|during|of)\s+{m}(?:\b|\s|$)"),
            ),
            (Pat::Decade, r"\b(?:the\s+)?(?:early\s+|late\s+|mid-?)?(\d{3}0)'?s\b".into()),
            (Pat::Since, r"\bsince\s+(\d{4})\b".into()),
            (
                Pat::PrepYear,
                r"\b(?:in|during|by|until|before|after|early|late|mid-?|around|circa|year|of)\s+(\d{4,6})\b"
                    .into(),
            ),
            (Pat::TheYear, r"\bthe\s+(\d{4})\s+[a-z]".into()),
            (
                Pat::Weekday,
                format!(r"\b(?:(?:on|last|this|early|late)\s+)?{WEEKDAY}(?:\s+(?:morning|afternoon|evening|night))?\b"),
            ),
            (Pat::RelDay, r"\b(yesterday|today|tonight|tomorrow)\b".into()),
            (Pat::LastNight, r"\blast\s+night\b".into()),
            (Pat::ThisPart, r"\b(?:earlier\s+)?this\s+(?:morning|afternoon|evening)\b|\bearlier\s+today\b".into()),
            (Pat::LastUnit, r"\b(?:last|previous)\s+(week|month|year)\b".into()),
            (Pat::PastUnit, r"\b(?:the\s+)?past\s+(week|month|year)\b".into()),
            (Pat::ThisUnit, r"\b(?:earlier\s+)?this\s+(week|month|year)\b".into()),
            (Pat::LaterThis, r"\blater\s+this\s+(week|month|year)\b".into()),
            (Pat::NextUnit, r"\bnext\s+(week|month|year)\b".into()),
            (Pat::Ago, format!(r"\b{NUMWORD}\s+(day|week|month|year|decade)s?\s+ago\b")),
            (
                Pat::VagueAgo,
                r"\b(?:(?:a\s+)?few|several|many|some)?\s*(days|weeks|months|years|decades)\s+ago\b".into(),
            ),
            (
                Pat::Era,
                format!(r"\b(?:during|under|after|before|since|in)\s+(?:the\s+)?(?:[\w-]+(?:'s|’s)?\s+){{0,2}}?{ERA_NOUN}\b"),
            ),
        ];
        list.into_iter()
            // ASCII word boundaries: a Unicode `\b` makes the regex crate
            // fall back to its slow NFA simulation on non-ASCII text, and
            // every date word is ASCII.
            .map(|(p, s)| {
                let s = s.replace(r"\b", r"(?-u:\b)");
                (p, Regex::new(&format!("(?i){s}")).expect("date pattern compiles"))
            })
            .collect()
    })
}

fn month_num(s: &str) -> Option<u32> {
    let s = s.trim_end_matches('.').to_lowercase();
    let m = match s.get(..3)? {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(m)
}

fn unit(s: &str) -> Unit {
    match s.to_lowercase().trim_end_matches('s') {
        "day" => Unit::Day,
        "week" => Unit::Week,
        "month" => Unit::Month,
        "decade" => Unit::Decade,
        _ => Unit::Year,
    }
}

fn weekday(s: &str) -> Weekday {
    match s.to_lowercase().get(..3) {
        Some("mon") => Weekday::Mon,
        Some("tue") => Weekday::Tue,
        Some("wed") => Weekday::Wed,
        Some("thu") => Weekday::Thu,
        Some("fri") => Weekday::Fri,
        Some("sat") => Weekday::Sat,
        _ => Weekday::Sun,
    }
}

fn number(s: &str) -> i64 {
    match s.to_lowercase().as_str() {
        "a" | "an" | "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        n => n.parse().unwrap_or(1),
    }
}

fn int(s: &str) -> i64 {
    // Digits only; a run too long for i64 is as nonsensical as 99999.
    s.parse().unwrap_or(i64::MAX)
}

/// Finds the time expressions in `text`. Spans are offset by `base`, so a
/// sentence's text and its start give document offsets.
pub fn scan(text: &str, base: usize) -> Vec<TimeExpr> {
    let mut found: Vec<TimeExpr> = Vec::new();
    for (pat, re) in patterns() {
        for c in re.captures_iter(text) {
            let Some(whole) = c.get(0) else { continue };
            let (s, mut e) = (whole.start(), whole.end());
            if matches!(pat, Pat::TheYear) {
                // "the 2014 coup": the match peeks at the next word.
                e = c.get(1).map_or(e, |m| m.end());
            }
            let e = text[s..e].trim_end().len() + s;
            if !crate::words::stands_alone(text, s, e) {
                continue;
            }
            let span = ByteSpan::new(base + s, base + e);
            if found.iter().any(|f| f.span.overlaps(span)) {
                continue;
            }
            let g = |i: usize| c.get(i).map_or("", |m| m.as_str());
            let kind = match pat {
                Pat::BetweenYears | Pat::FromToYears => TimeKind::YearRange(int(g(1)), int(g(2))),
                Pat::Iso => match (u32::try_from(int(g(2))), u32::try_from(int(g(3)))) {
                    (Ok(month), Ok(day)) => TimeKind::MonthDay {
                        month,
                        day,
                        year: Some(int(g(1))),
                    },
                    _ => continue,
                },
                Pat::YearRange => {
                    let a = int(g(1));
                    if !(1000..=2999).contains(&a) {
                        continue;
                    }
                    let b = if g(2).len() == 2 {
                        a - a % 100 + int(g(2))
                    } else {
                        int(g(2))
                    };
                    if b < a {
                        continue;
                    }
                    TimeKind::YearRange(a, b)
                }
                Pat::MonthDayYear => TimeKind::MonthDay {
                    month: month_num(g(1)).unwrap_or(1),
                    day: int(g(2)) as u32,
                    year: Some(int(g(3))),
                },
                Pat::DayMonthYear => TimeKind::MonthDay {
                    month: month_num(g(2)).unwrap_or(1),
                    day: int(g(1)) as u32,
                    year: Some(int(g(3))),
                },
                Pat::MonthDay => {
                    // "May 5" is a date, but "may 5" in running text is not.
                    if g(1).eq_ignore_ascii_case("may") && !g(1).starts_with('M') {
                        continue;
                    }
                    TimeKind::MonthDay {
                        month: month_num(g(1)).unwrap_or(1),
                        day: int(g(2)) as u32,
                        year: None,
                    }
                }
                Pat::DayMonth => TimeKind::MonthDay {
                    month: month_num(g(2)).unwrap_or(1),
                    day: int(g(1)) as u32,
                    year: None,
                },
                Pat::MonthYear => TimeKind::Month {
                    month: month_num(g(1)).unwrap_or(1),
                    year: Some(int(g(2))),
                },
                Pat::PrepMonth => {
                    let w = g(1);
                    // "may" and "march" are also verbs: want a capital.
                    if !words::is_capitalized(w) {
                        continue;
                    }
                    TimeKind::Month {
                        month: month_num(w).unwrap_or(1),
                        year: None,
                    }
                }
                Pat::Decade => TimeKind::Decade(int(g(1))),
                Pat::Since => TimeKind::SinceYear(int(g(1))),
                Pat::PrepYear | Pat::TheYear => {
                    let y = int(g(1));
                    if y < 1000 {
                        continue;
                    }
                    TimeKind::Year(y)
                }
                Pat::Weekday => TimeKind::Weekday(weekday(g(1))),
                Pat::RelDay => TimeKind::RelDay(match g(1).to_lowercase().as_str() {
                    "yesterday" => -1,
                    "tomorrow" => 1,
                    _ => 0,
                }),
                Pat::LastNight => TimeKind::RelDay(-1),
                Pat::ThisPart => TimeKind::RelDay(0),
                Pat::LastUnit => TimeKind::Last(unit(g(1))),
                Pat::PastUnit => TimeKind::Past(unit(g(1))),
                Pat::ThisUnit => TimeKind::This(unit(g(1))),
                Pat::LaterThis => TimeKind::LaterThis(unit(g(1))),
                Pat::NextUnit => TimeKind::Next(unit(g(1))),
                Pat::Ago => TimeKind::Ago(number(g(1)), unit(g(2))),
                Pat::VagueAgo => match unit(g(1)) {
                    Unit::Day | Unit::Week => TimeKind::Vague,
                    _ => TimeKind::Era,
                },
                Pat::Era => TimeKind::Era,
            };
            found.push(TimeExpr {
                span,
                text: text[s..e].to_string(),
                kind,
            });
        }
    }
    found.sort_by_key(|f| f.span);
    found
}

fn ymd(y: i64, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
}

fn valid_year(y: i64) -> bool {
    (1..=9999).contains(&y)
}

fn month_end(y: i64, m: u32) -> Option<NaiveDate> {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    ymd(ny, nm, 1).map(|d| d - Duration::days(1))
}

fn month_interval(y: i64, m: u32) -> Option<Resolved> {
    Some(Resolved::Interval {
        start: ymd(y, m, 1)?,
        end: month_end(y, m)?,
    })
}

fn year_interval(a: i64, b: i64) -> Option<Resolved> {
    Some(Resolved::Interval {
        start: ymd(a, 1, 1)?,
        end: ymd(b, 12, 31)?,
    })
}

fn monday_of(d: NaiveDate) -> NaiveDate {
    d - Duration::days(d.weekday().num_days_from_monday() as i64)
}

fn add_months(d: NaiveDate, months: i64) -> Option<(i64, u32)> {
    let total = d.year() as i64 * 12 + d.month0() as i64 + months;
    Some((total.div_euclid(12), (total.rem_euclid(12) + 1) as u32))
}

fn unresolved(reason: String, historical: bool) -> Resolved {
    Resolved::Unresolved { reason, historical }
}

/// Places `kind` on the calendar. `anchor` is the publication date (or the
/// date of the speech act that reports the event); `future` says whether the
/// context is future ("will meet on Wednesday"), which moves weekdays and
/// year-less dates forward instead of back.
pub fn resolve(expr: &TimeExpr, anchor: Option<NaiveDate>, future: bool) -> Resolved {
    let words = &expr.text;
    let bad = |what: &str| unresolved(format!("not a possible date: '{words}' ({what})"), false);
    let need_anchor = || {
        unresolved(
            format!("relative date '{words}' but the document has no publication date"),
            false,
        )
    };
    let interval = |start: NaiveDate, end: NaiveDate| Resolved::Interval { start, end };
    match &expr.kind {
        TimeKind::Era => unresolved(
            format!("era or period that cannot be dated: '{words}'"),
            true,
        ),
        TimeKind::Vague => match anchor {
            Some(a) => Resolved::Since(a - Duration::days(14)),
            None => need_anchor(),
        },
        TimeKind::Year(y) => {
            if !valid_year(*y) {
                return bad("year out of range");
            }
            year_interval(*y, *y).unwrap_or_else(|| bad("year out of range"))
        }
        TimeKind::YearRange(a, b) => {
            if !valid_year(*a) || !valid_year(*b) || a > b {
                return bad("year range out of order or out of range");
            }
            year_interval(*a, *b).unwrap_or_else(|| bad("year out of range"))
        }
        TimeKind::Decade(y) => {
            if !valid_year(*y) {
                return bad("year out of range");
            }
            year_interval(*y, *y + 9).unwrap_or_else(|| bad("year out of range"))
        }
        TimeKind::SinceYear(y) => match ymd(*y, 1, 1) {
            Some(d) if valid_year(*y) => Resolved::Since(d),
            _ => bad("year out of range"),
        },
        TimeKind::MonthDay { month, day, year } => {
            let y = match (year, anchor) {
                (Some(y), _) => {
                    if !valid_year(*y) {
                        return bad("year out of range");
                    }
                    *y
                }
                (None, None) => {
                    // Still check the day exists in some year.
                    if ymd(2000, *month, *day).is_none() {
                        return bad("no such day");
                    }
                    return unresolved(
                        format!("'{words}' has no year and the document has no publication date"),
                        false,
                    );
                }
                (None, Some(a)) => {
                    let y = a.year() as i64;
                    if ymd(y, *month, *day)
                        .or_else(|| ymd(2000, *month, *day))
                        .is_none()
                    {
                        return bad("no such day");
                    }
                    match ymd(y, *month, *day) {
                        Some(d) if !future && d > a + Duration::days(1) => y - 1,
                        Some(d) if future && d < a => y + 1,
                        _ => y,
                    }
                }
            };
            match ymd(y, *month, *day) {
                Some(d) => interval(d, d),
                None => bad("no such day"),
            }
        }
        TimeKind::Month { month, year } => match (year, anchor) {
            (Some(y), _) => {
                if !valid_year(*y) {
                    return bad("year out of range");
                }
                month_interval(*y, *month).unwrap_or_else(|| bad("year out of range"))
            }
            (None, None) => need_anchor(),
            (None, Some(a)) => {
                let mut y = a.year() as i64;
                if !future && *month > a.month() {
                    y -= 1;
                }
                if future && *month < a.month() {
                    y += 1;
                }
                month_interval(y, *month).unwrap_or_else(|| bad("year out of range"))
            }
        },
        _ => {
            let Some(a) = anchor else {
                return need_anchor();
            };
            relative(&expr.kind, a, future).unwrap_or_else(|| bad("out of the calendar"))
        }
    }
}

fn relative(kind: &TimeKind, a: NaiveDate, future: bool) -> Option<Resolved> {
    let iv = |start: NaiveDate, end: NaiveDate| Some(Resolved::Interval { start, end });
    match kind {
        TimeKind::Weekday(w) => {
            let today = a.weekday().num_days_from_monday() as i64;
            let want = w.num_days_from_monday() as i64;
            let d = if future {
                let ahead = (want - today).rem_euclid(7);
                a + Duration::days(if ahead == 0 { 7 } else { ahead })
            } else {
                a - Duration::days((today - want).rem_euclid(7))
            };
            iv(d, d)
        }
        TimeKind::RelDay(n) => {
            let d = a + Duration::days(*n);
            iv(d, d)
        }
        TimeKind::Last(u) => match u {
            Unit::Day => iv(a - Duration::days(1), a - Duration::days(1)),
            Unit::Week => {
                let m = monday_of(a) - Duration::days(7);
                iv(m, m + Duration::days(6))
            }
            Unit::Month => {
                let (y, m) = add_months(a, -1)?;
                month_interval(y, m)
            }
            Unit::Year | Unit::Decade => year_interval(a.year() as i64 - 1, a.year() as i64 - 1),
        },
        TimeKind::Past(u) => {
            let days = match u {
                Unit::Day => 1,
                Unit::Week => 7,
                Unit::Month => 30,
                Unit::Year => 365,
                Unit::Decade => 3652,
            };
            iv(a - Duration::days(days), a)
        }
        TimeKind::This(u) => match u {
            Unit::Day => iv(a, a),
            Unit::Week => iv(monday_of(a), a),
            Unit::Month => iv(a.with_day(1)?, a),
            Unit::Year | Unit::Decade => iv(a.with_day(1)?.with_month(1)?, a),
        },
        TimeKind::LaterThis(u) => match u {
            Unit::Day => iv(a, a),
            Unit::Week => iv(a, monday_of(a) + Duration::days(6)),
            Unit::Month => iv(a, month_end(a.year() as i64, a.month())?),
            Unit::Year | Unit::Decade => iv(a, ymd(a.year() as i64, 12, 31)?),
        },
        TimeKind::Next(u) => match u {
            Unit::Day => iv(a + Duration::days(1), a + Duration::days(1)),
            Unit::Week => {
                let m = monday_of(a) + Duration::days(7);
                iv(m, m + Duration::days(6))
            }
            Unit::Month => {
                let (y, m) = add_months(a, 1)?;
                month_interval(y, m)
            }
            Unit::Year | Unit::Decade => year_interval(a.year() as i64 + 1, a.year() as i64 + 1),
        },
        TimeKind::Ago(n, u) => {
            let n = if future { -*n } else { *n };
            match u {
                Unit::Day => {
                    let d = a - Duration::days(n);
                    iv(d, d)
                }
                Unit::Week => {
                    let d = a - Duration::days(7 * n);
                    iv(d, d)
                }
                Unit::Month => {
                    let (y, m) = add_months(a, -n)?;
                    month_interval(y, m)
                }
                Unit::Year => {
                    let y = a.year() as i64 - n;
                    year_interval(y, y)
                }
                Unit::Decade => {
                    let y = a.year() as i64 - 10 * n;
                    year_interval(y, y)
                }
            }
        }
        _ => None,
    }
}

/// Whether a date range lies well before the anchor: it ends more than 30
/// days before it.
pub fn is_historical(
    end: Option<NaiveDate>,
    start: Option<NaiveDate>,
    anchor: Option<NaiveDate>,
) -> bool {
    match (end.or(start), anchor) {
        (Some(d), Some(a)) => d < a - Duration::days(30),
        _ => false,
    }
}

/// Tense and aspect of a verb, read from the words before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Aspect {
    Simple,
    /// "had attacked": before the reference time.
    Pluperfect,
    /// "has been working", "is holding": going on at the reference time.
    Ongoing,
    /// "will meet", "plans to meet".
    Future,
}

/// Reads the aspect of the verb at token `t` from up to four words to its left.
pub(crate) fn aspect(lower: &[String], lo: usize, t: usize) -> Aspect {
    let w = |i: usize| lower.get(i).map_or("", String::as_str);
    let trig = w(t);
    let mut i = t;
    let mut seen_been = false;
    let mut steps = 0;
    while i > lo && steps < 4 {
        i -= 1;
        steps += 1;
        match w(i) {
            "had" | "'d" => {
                // "had to" is obligation, not aspect.
                return Aspect::Pluperfect;
            }
            "has" | "have" | "'ve" | "'s" => {
                return if seen_been || trig.ends_with("ing") {
                    Aspect::Ongoing
                } else {
                    Aspect::Simple
                };
            }
            "been" => seen_been = true,
            "is" | "are" | "am" | "'re" | "'m" if trig.ends_with("ing") => {
                return Aspect::Ongoing;
            }
            "will" | "'ll" | "shall" | "would" | "could" | "might" | "may" | "should" | "can"
            | "must" | "wo" => return Aspect::Future,
            "not" | "n't" | "never" | "also" | "already" | "reportedly" | "allegedly" | "be"
            | "being" | "to" | "just" | "repeatedly" | "recently" => {}
            "plans" | "plan" | "planned" | "planning" | "intends" | "intend" | "vowed"
            | "pledged" | "promised" | "threatened" | "expected" | "scheduled" | "set"
            | "going" => {
                if w(i + 1) == "to" {
                    return Aspect::Future;
                }
                return Aspect::Simple;
            }
            _ => return Aspect::Simple,
        }
    }
    Aspect::Simple
}

/// Stage `claims.dates.v1`: fills `Event::date`.
///
/// An event takes the time expression attached to its trigger (the nearest
/// verb or event trigger, or its dependency head). Failing that, an event in
/// reported speech takes the date of the speech act that reports it; else
/// the publication date. A pluperfect act with no time expression ("had
/// attacked") ends before its reference date with an open start; an ongoing
/// one ("has been working with") is open at the start and runs to it.
#[derive(Debug, Default)]
pub struct DateStage;

/// The basis of an event dated by nothing but the publication date.
const PUBLICATION_BASIS: &str = "no time expression; publication date";

impl DateStage {
    pub fn new() -> DateStage {
        DateStage
    }
}

const STAGE: &str = "claims.dates.v1";

impl Stage for DateStage {
    fn name(&self) -> &'static str {
        STAGE
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Sentences, Layer::Tokens, Layer::Events]
    }

    fn provides(&self) -> &'static [Layer] {
        &[Layer::Dates]
    }

    fn run(&self, doc: &mut AnnotatedDoc) {
        if doc.doc.meta.published.is_none() {
            if let Some(p) = doc.doc.meta.published_partial.clone() {
                doc.diagnose(
                    text_model::Severity::Warning,
                    self.name(),
                    format!(
                        "the publication date {p:?} is not a full date: relative dates are left unresolved"
                    ),
                    None,
                );
            }
        }
        run_dates(doc);
        doc.mark_layer(Layer::Dates);
    }
}

fn run_dates(doc: &mut AnnotatedDoc) {
    let published = doc.doc.meta.published;
    let lower = words::lower_tokens(doc);
    let deps = words::has_deps(doc);
    // Reporting cues are anchors too: "said on Monday that ..." dates the
    // report, and the reported events inherit it.
    let cues: Vec<ByteSpan> = {
        let mut c: Vec<ByteSpan> = doc
            .events
            .iter()
            .filter_map(|e| e.attribution.as_ref().and_then(|a| a.cue))
            .collect();
        c.sort();
        c.dedup();
        c
    };
    // Time expressions per sentence, and the anchor token each attaches to.
    let mut own: Vec<Option<(usize, TimeExpr)>> = vec![None; doc.events.len()];
    let mut cue_expr: Vec<(ByteSpan, usize, TimeExpr)> = Vec::new();
    for s in 0..doc.sentences.len() {
        let sent_span = doc.sentences[s].span;
        let text = doc.slice(sent_span).to_string();
        let exprs = scan(&text, sent_span.start());
        if exprs.is_empty() {
            continue;
        }
        let range = words::sentence_range(doc, s);
        let ev_idx: Vec<usize> = (0..doc.events.len())
            .filter(|&e| doc.events[e].sentence as usize == s)
            .collect();
        let trig_tok: Vec<Option<usize>> = ev_idx
            .iter()
            .map(|&e| words::token_at(doc, doc.events[e].trigger.start()))
            .collect();
        let cue_toks: Vec<(ByteSpan, usize)> = cues
            .iter()
            .filter(|c| sent_span.contains(**c))
            .filter_map(|c| words::token_at(doc, c.start()).map(|t| (*c, t)))
            .collect();
        let mut anchors: Vec<usize> = trig_tok.iter().flatten().copied().collect();
        anchors.extend(cue_toks.iter().map(|c| c.1));
        anchors.extend(range.clone().filter(|&i| words::is_verb_tag(doc, i)));
        anchors.sort_unstable();
        anchors.dedup();
        for ex in exprs {
            let Some(first) = words::token_at(doc, ex.span.start()) else {
                continue;
            };
            let mut last = first;
            while last + 1 < range.end && doc.tokens[last + 1].span.start() < ex.span.end() {
                last += 1;
            }
            let inside = |i: usize| (first..=last).contains(&i);
            // Token distance, plus a penalty for each clause boundary crossed.
            let dist = |a: usize| {
                let (x, y) = if a < first { (a, first) } else { (last, a) };
                let crossings = (x + 1..y)
                    .filter(|&k| {
                        matches!(
                            lower[k].as_str(),
                            "," | "and" | "but" | "that" | ";" | "--" | "—" | "which" | "who"
                        )
                    })
                    .count();
                y - x + 3 * crossings
            };
            // Dependency attachment: climb from the expression's head.
            let mut anchor = None;
            if deps {
                let head_tok = (first..=last)
                    .find(|&i| doc.tokens[i].head.is_none_or(|h| !inside(h as usize)));
                let mut cur = head_tok
                    .and_then(|h| doc.tokens[h].head)
                    .map(|h| h as usize);
                for _ in 0..4 {
                    let Some(c) = cur else { break };
                    if anchors.contains(&c) {
                        anchor = Some(c);
                        break;
                    }
                    cur = doc.tokens[c].head.map(|h| h as usize);
                }
                // A verb reached past an event trigger lying between it and
                // the expression is a high attachment: take the nearer trigger.
                if let Some(a) = anchor {
                    let is_event =
                        |k: usize| trig_tok.contains(&Some(k)) || cue_toks.iter().any(|c| c.1 == k);
                    {
                        let (x, y) = if a < first { (a, first) } else { (last, a) };
                        if let Some(t) =
                            (x + 1..y).filter(|&k| is_event(k)).min_by_key(|&k| dist(k))
                        {
                            anchor = Some(t);
                        }
                    }
                }
            }
            if anchor.is_none() {
                anchor = anchors
                    .iter()
                    .filter(|&&a| !inside(a))
                    .min_by_key(|&&a| {
                        // Ties go to the verb on the left: modifiers follow verbs.
                        (dist(a), a > last)
                    })
                    .copied();
            }
            let Some(anchor) = anchor else { continue };
            let d = dist(anchor);
            for (k, &e) in ev_idx.iter().enumerate() {
                if trig_tok[k] == Some(anchor) && own[e].as_ref().is_none_or(|(od, _)| d < *od) {
                    own[e] = Some((d, ex.clone()));
                }
            }
            for (c, t) in &cue_toks {
                if *t == anchor {
                    cue_expr.push((*c, d, ex.clone()));
                }
            }
        }
    }
    // The date each cue's expression gives.
    let cue_date = |cue: ByteSpan| -> Option<EventDate> {
        let (_, _, ex) = cue_expr
            .iter()
            .filter(|(c, _, _)| *c == cue)
            .min_by_key(|(_, d, _)| *d)?;
        Some(to_event_date(
            resolve(ex, published, false),
            &ex.text,
            published,
        ))
    };

    let mut dates: Vec<Option<EventDate>> = vec![None; doc.events.len()];
    // Events with their own expression first, then those that inherit from
    // the speech act reporting them (a few rounds for nested speech).
    for round in 0..4 {
        for e in 0..doc.events.len() {
            if dates[e].is_some() {
                continue;
            }
            let ev = &doc.events[e];
            let trig = words::token_at(doc, ev.trigger.start()).unwrap_or(0);
            let lo = words::sentence_range(doc, ev.sentence as usize).start;
            let asp = aspect(&lower, lo, trig);
            // The speech act that reports this event, if any.
            let reporter = ev
                .attribution
                .as_ref()
                .and_then(|a| a.cue)
                .and_then(|cue| doc.events.iter().position(|o| o.trigger == cue));
            if let Some((_, ex)) = &own[e] {
                let anchor = published;
                let r = resolve(ex, anchor, asp == Aspect::Future);
                dates[e] = Some(to_event_date(r, &ex.text, published));
                continue;
            }
            let from_cue = ev
                .attribution
                .as_ref()
                .and_then(|a| a.cue)
                .and_then(cue_date)
                .filter(|d| d.start.is_some());
            let (ref_start, ref_end, ref_basis) = match (from_cue, reporter) {
                (Some(d), _) => (d.start, d.end, d.basis.clone()),
                (None, Some(r)) if r != e => match &dates[r] {
                    // A report dated only by the publication date lends
                    // nothing more than that date itself.
                    Some(d) if d.basis.as_deref() == Some(PUBLICATION_BASIS) => (None, None, None),
                    Some(d) if d.start.is_some() || d.end.is_some() => {
                        (d.start, d.end, d.basis.clone())
                    }
                    Some(_) => (None, None, None),
                    None if round < 3 => continue,
                    None => (None, None, None),
                },
                (None, _) => (None, None, None),
            };
            let (rs, re, rb) = match (ref_start, ref_end) {
                (Some(s), Some(en)) => (Some(s), Some(en), ref_basis),
                _ => (published, published, None),
            };
            let basis_ref = rb.clone().map_or_else(
                || "the publication date".to_string(),
                |b| format!("the date of the report ({b})"),
            );
            let asp = if ev.hypothetical && asp != Aspect::Pluperfect {
                Aspect::Future
            } else {
                asp
            };
            let d = match asp {
                Aspect::Pluperfect => EventDate {
                    start: None,
                    end: rs,
                    basis: Some(match rs {
                        Some(_) => format!(
                            "pluperfect '{}' with no date: before {basis_ref}",
                            had_phrase(doc, lo, trig)
                        ),
                        None => "pluperfect with no date and no publication date".into(),
                    }),
                    historical: false,
                },
                Aspect::Ongoing => EventDate {
                    start: None,
                    end: re,
                    basis: Some(match re {
                        Some(_) => format!(
                            "ongoing '{}': continues up to {basis_ref}",
                            had_phrase(doc, lo, trig)
                        ),
                        None => "ongoing, and no publication date".into(),
                    }),
                    historical: false,
                },
                Aspect::Future => EventDate {
                    start: None,
                    end: None,
                    basis: Some(format!(
                        "future or planned '{}' with no date",
                        had_phrase(doc, lo, trig)
                    )),
                    historical: false,
                },
                Aspect::Simple => match (rs, rb) {
                    (Some(s), Some(b)) => EventDate {
                        start: Some(s),
                        end: re,
                        basis: Some(format!("no time expression; date of the report: {b}")),
                        historical: is_historical(re, Some(s), published),
                    },
                    (Some(s), None) => EventDate {
                        start: Some(s),
                        end: re,
                        basis: Some(PUBLICATION_BASIS.into()),
                        historical: false,
                    },
                    (None, _) => EventDate {
                        start: None,
                        end: None,
                        basis: Some("no time expression and no publication date".into()),
                        historical: false,
                    },
                },
            };
            dates[e] = Some(d);
        }
    }
    for (ev, d) in doc.events.iter_mut().zip(dates) {
        ev.date = d;
    }
}

fn had_phrase(doc: &AnnotatedDoc, lo: usize, trig: usize) -> String {
    let from = trig.saturating_sub(3).max(lo);
    let span = words::tokens_span(doc, from..trig + 1);
    let t = doc.slice(span);
    // Keep from the auxiliary on.
    let lowered = t.to_lowercase();
    for aux in [
        "had ", "has ", "have ", "will ", "is ", "are ", "plans ", "plan ",
    ] {
        if let Some(p) = lowered.find(aux) {
            return t[p..].to_string();
        }
    }
    doc.slice(doc.tokens[trig].span).to_string()
}

fn to_event_date(r: Resolved, words: &str, published: Option<NaiveDate>) -> EventDate {
    // "by December" is a deadline: it ends then, and its start is open.
    let deadline = words.to_lowercase().starts_with("by ");
    let r = match r {
        Resolved::Interval { end, .. } if deadline => {
            return EventDate {
                start: None,
                end: Some(end),
                basis: Some(format!("'{words}' (a deadline)")),
                historical: is_historical(Some(end), None, published),
            };
        }
        r => r,
    };
    match r {
        Resolved::Interval { start, end } => EventDate {
            start: Some(start),
            end: Some(end),
            basis: Some(format!("'{words}'")),
            historical: is_historical(Some(end), Some(start), published),
        },
        Resolved::Since(start) => EventDate {
            start: Some(start),
            end: published,
            basis: Some(format!("'{words}', ongoing")),
            historical: false,
        },
        Resolved::Unresolved { reason, historical } => EventDate {
            start: None,
            end: None,
            basis: Some(reason),
            historical,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// (text, published, future, expected start, expected end) — `None`
    /// publication date checks what resolves without an anchor.
    type Case = (
        &'static str,
        Option<&'static str>,
        bool,
        Option<&'static str>,
        Option<&'static str>,
    );
    const CASES: &[Case] = &[
        // 2015-03-12 is a Thursday.
        (
            "on Wednesday",
            Some("2015-03-12"),
            false,
            Some("2015-03-11"),
            Some("2015-03-11"),
        ),
        (
            "on Thursday",
            Some("2015-03-12"),
            false,
            Some("2015-03-12"),
            Some("2015-03-12"),
        ),
        (
            "on Friday",
            Some("2015-03-12"),
            false,
            Some("2015-03-06"),
            Some("2015-03-06"),
        ),
        (
            "on Friday",
            Some("2015-03-12"),
            true,
            Some("2015-03-13"),
            Some("2015-03-13"),
        ),
        (
            "yesterday",
            Some("2015-03-12"),
            false,
            Some("2015-03-11"),
            Some("2015-03-11"),
        ),
        (
            "last week",
            Some("2015-03-12"),
            false,
            Some("2015-03-02"),
            Some("2015-03-08"),
        ),
        (
            "earlier this month",
            Some("2015-03-12"),
            false,
            Some("2015-03-01"),
            Some("2015-03-12"),
        ),
        (
            "last year",
            Some("2015-03-12"),
            false,
            Some("2014-01-01"),
            Some("2014-12-31"),
        ),
        (
            "last month",
            Some("2015-01-12"),
            false,
            Some("2014-12-01"),
            Some("2014-12-31"),
        ),
        (
            "in 1981",
            Some("2015-03-12"),
            false,
            Some("1981-01-01"),
            Some("1981-12-31"),
        ),
        (
            "in March 2011",
            None,
            false,
            Some("2011-03-01"),
            Some("2011-03-31"),
        ),
        (
            "Sept. 30",
            Some("2015-10-02"),
            false,
            Some("2015-09-30"),
            Some("2015-09-30"),
        ),
        (
            "Sept. 30",
            Some("2015-03-12"),
            false,
            Some("2014-09-30"),
            Some("2014-09-30"),
        ),
        (
            "on 30 September 2014",
            None,
            false,
            Some("2014-09-30"),
            Some("2014-09-30"),
        ),
        (
            "March 5, 2011",
            None,
            false,
            Some("2011-03-05"),
            Some("2011-03-05"),
        ),
        (
            "1980-1988",
            None,
            false,
            Some("1980-01-01"),
            Some("1988-12-31"),
        ),
        (
            "1980–88",
            None,
            false,
            Some("1980-01-01"),
            Some("1988-12-31"),
        ),
        (
            "between 2003 and 2006",
            None,
            false,
            Some("2003-01-01"),
            Some("2006-12-31"),
        ),
        (
            "in the 1990s",
            None,
            false,
            Some("1990-01-01"),
            Some("1999-12-31"),
        ),
        (
            "two years ago",
            Some("2015-03-12"),
            false,
            Some("2013-01-01"),
            Some("2013-12-31"),
        ),
        (
            "three days ago",
            Some("2015-03-12"),
            false,
            Some("2015-03-09"),
            Some("2015-03-09"),
        ),
        (
            "2011-03-05",
            None,
            false,
            Some("2011-03-05"),
            Some("2011-03-05"),
        ),
        ("during Saddam's era", Some("2015-03-12"), false, None, None),
        (
            "after the revolution",
            Some("2015-03-12"),
            false,
            None,
            None,
        ),
        ("February 30", Some("2015-03-12"), false, None, None),
        ("in the year 99999", Some("2015-03-12"), false, None, None),
        ("on Wednesday", None, false, None, None),
        ("last week", None, false, None, None),
        (
            "next week",
            Some("2015-03-12"),
            true,
            Some("2015-03-16"),
            Some("2015-03-22"),
        ),
    ];

    /// Regression: a claim reported by an undated speech act said "no time
    /// expression; date of the report: no time expression; publication
    /// date"; it is dated by the publication date, and says so once.
    #[test]
    fn a_report_dated_by_publication_lends_only_that_date() {
        let published = NaiveDate::from_ymd_opt(2015, 3, 12);
        let mut d =
            crate::testkit::doc("Officials said rebels attacked the base.", published, None);
        let said = crate::testkit::add_event(&mut d, "said", 0, "010", None, None).unwrap();
        let attacked = crate::testkit::add_event(&mut d, "attacked", 0, "190", None, None).unwrap();
        d.events[attacked].attribution = Some(text_model::Attribution {
            asserted_by: None,
            cue: Some(d.events[said].trigger),
        });
        DateStage::new().run(&mut d);
        for e in &d.events {
            let date = e.date.as_ref().unwrap();
            assert_eq!((date.start, date.end), (published, published));
            assert_eq!(date.basis.as_deref(), Some(PUBLICATION_BASIS));
        }
    }

    /// Regression: ASCII word boundaries read "of Mar" in "María", "in Jun"
    /// in "Junín" and "in August" in "Augustów" as months.
    #[test]
    fn months_are_not_read_inside_non_ascii_words() {
        for text in [
            "supporters of María Corina Machado marched",
            "rebels attacked a post in Junín province",
            "Fighting in Augustów ended",
        ] {
            assert!(scan(text, 0).is_empty(), "{text}: {:?}", scan(text, 0));
        }
        assert_eq!(scan("rebels attacked a post in June", 0).len(), 1);
    }

    #[test]
    fn scan_and_resolve_table() {
        for &(text, published, future, start, end) in CASES {
            let exprs = scan(text, 0);
            assert_eq!(exprs.len(), 1, "{text:?} scanned as {exprs:?}");
            let r = resolve(&exprs[0], published.map(d), future);
            let (s, e) = match &r {
                Resolved::Interval { start, end } => (Some(*start), Some(*end)),
                Resolved::Since(s) => (Some(*s), None),
                Resolved::Unresolved { .. } => (None, None),
            };
            assert_eq!((s, e), (start.map(d), end.map(d)), "{text:?} -> {r:?}");
        }
    }

    #[test]
    fn nonsense_is_unresolved_with_a_reason() {
        for text in ["February 30", "on 31 April 2010", "in 99999", "1988-1980"] {
            for e in scan(text, 0) {
                if let Resolved::Unresolved { reason, .. } =
                    resolve(&e, Some(d("2015-01-01")), false)
                {
                    assert!(!reason.is_empty());
                } else if text != "1988-1980" {
                    panic!("{text} resolved");
                }
            }
        }
    }

    #[test]
    fn words_that_are_not_dates() {
        for text in [
            "Officials may 5 times",
            "They march on the capital",
            "2000 people fled",
        ] {
            assert!(scan(text, 0).is_empty(), "{text}: {:?}", scan(text, 0));
        }
    }
}
