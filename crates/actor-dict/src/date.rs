//! Date restrictions on actor codes: `[IRQGOV >030409]`, `[HOB <950601]`,
//! `[HOBGOV 19950601-19990815]`.

use chrono::NaiveDate;

/// When an actor code applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DateRestriction {
    /// No date given: the code always applies.
    Always,
    /// `>D`: the code applies on and after `D`.
    From(NaiveDate),
    /// `<D`: the code applies strictly before `D`.
    Before(NaiveDate),
    /// `D1-D2`: the code applies from `D1` through `D2`, both included.
    ///
    /// PETRARCH2 excludes `D2` (petrarch-formats.md §5); the validation
    /// record DATE-11 ("upper bound of embedded interval restriction")
    /// expects the code on `D2` itself, as TABARI did, so both ends are
    /// included here.
    Between(NaiveDate, NaiveDate),
}

impl DateRestriction {
    /// Whether the code applies on `date`.
    pub fn holds_on(self, date: NaiveDate) -> bool {
        match self {
            DateRestriction::Always => true,
            DateRestriction::From(d) => date >= d,
            DateRestriction::Before(d) => date < d,
            DateRestriction::Between(a, b) => a <= date && date <= b,
        }
    }

    /// Whether the restriction's whole period lies before `date`.
    pub(crate) fn ended_before(self, date: NaiveDate) -> bool {
        match self {
            DateRestriction::Before(d) => d <= date,
            DateRestriction::Between(_, b) => b < date,
            DateRestriction::Always | DateRestriction::From(_) => false,
        }
    }

    /// The last day the restriction holds, for a restriction that ends
    /// (`<D` ends the day before D); `None` for one that never ends.
    pub(crate) fn last_day(self) -> Option<NaiveDate> {
        match self {
            DateRestriction::Before(d) => d.pred_opt(),
            DateRestriction::Between(_, b) => Some(b),
            DateRestriction::Always | DateRestriction::From(_) => None,
        }
    }

    pub fn is_always(self) -> bool {
        self == DateRestriction::Always
    }

    /// How late the restriction reaches, for choosing among codes when a
    /// document has no date: open-ended `>D` is latest, then the end of a
    /// range, then `<D`. `Always` is handled by the caller.
    pub(crate) fn latest_key(self) -> (u8, NaiveDate) {
        match self {
            DateRestriction::Always => (3, NaiveDate::MAX),
            DateRestriction::From(d) => (2, d),
            DateRestriction::Between(_, b) => (1, b),
            DateRestriction::Before(d) => (0, d),
        }
    }

    /// Parses the text after the code inside `[...]`, with spaces already
    /// removed: empty, `>D`, `<D`, `D1-D2`. A bare `D` is read as `>D`.
    ///
    /// PETRARCH2 mangles a bare date so that the code always applies
    /// (petrarch-formats.md §5, quirk); TABARI's reading, "from D on", is used
    /// here instead. No bare date occurs in the Phoenix files.
    pub(crate) fn parse(text: &str) -> Option<DateRestriction> {
        if text.is_empty() {
            return Some(DateRestriction::Always);
        }
        if let Some(rest) = text.strip_prefix('>') {
            return parse_dict_date(rest).map(DateRestriction::From);
        }
        if let Some(rest) = text.strip_prefix('<') {
            return parse_dict_date(rest).map(DateRestriction::Before);
        }
        if let Some((a, b)) = text.split_once('-') {
            let (a, b) = (parse_dict_date(a)?, parse_dict_date(b)?);
            return Some(DateRestriction::Between(a, b));
        }
        parse_dict_date(text).map(DateRestriction::From)
    }
}

/// Reads a dictionary date: `YYMMDD` (`YY` <= 30 is 20YY, else 19YY) or
/// `YYYYMMDD`.
pub fn parse_dict_date(text: &str) -> Option<NaiveDate> {
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let num = |s: &str| s.parse::<u32>().ok();
    let (year, rest) = match text.len() {
        6 => {
            let yy = num(&text[..2])?;
            (if yy <= 30 { 2000 + yy } else { 1900 + yy }, &text[2..])
        }
        8 => (num(&text[..4])?, &text[4..]),
        _ => return None,
    };
    NaiveDate::from_ymd_opt(year as i32, num(&rest[..2])?, num(&rest[2..])?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn two_digit_years_pivot_at_30() {
        assert_eq!(parse_dict_date("030409"), Some(d(2003, 4, 9)));
        assert_eq!(parse_dict_date("300101"), Some(d(2030, 1, 1)));
        assert_eq!(parse_dict_date("310101"), Some(d(1931, 1, 1)));
        assert_eq!(parse_dict_date("19950601"), Some(d(1995, 6, 1)));
    }

    #[test]
    fn malformed_dates_are_refused() {
        for bad in [
            "2004017",
            "201005011",
            "1920030320",
            "9913",
            "991340",
            "abcdef",
        ] {
            assert_eq!(parse_dict_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn restrictions_hold_on_their_side_of_the_bound() {
        let after = DateRestriction::parse(">030409").unwrap();
        assert!(!after.holds_on(d(2003, 4, 8)));
        assert!(after.holds_on(d(2003, 4, 9)));
        let before = DateRestriction::parse("<950601").unwrap();
        assert!(before.holds_on(d(1995, 5, 31)));
        assert!(!before.holds_on(d(1995, 6, 1)));
        let range = DateRestriction::parse("19950601-19990815").unwrap();
        assert!(!range.holds_on(d(1995, 5, 31)));
        assert!(range.holds_on(d(1995, 6, 1)));
        assert!(range.holds_on(d(1999, 8, 15)));
        assert!(!range.holds_on(d(1999, 8, 16)));
        assert!(DateRestriction::parse("").unwrap().holds_on(d(1900, 1, 1)));
        assert_eq!(DateRestriction::parse("03-04"), None);
    }
}
