//! Reading PETRARCH validation files: the PETRARCH-1 unit-test records and the
//! UniversalPetrarch GSR file (which is not well-formed XML: self-closing
//! `<Sentence .../>` followed by its children, `#` comment blocks).

use std::path::Path;

use quick_xml::events::{BytesStart, Event as XmlEvent};
use quick_xml::Reader;

use crate::error::{Error, ErrorKind};

/// The `<Environment>` block.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Environment {
    pub verbfile: Option<String>,
    pub actorfiles: Vec<String>,
    pub agentfile: Option<String>,
    pub discardfile: Option<String>,
    pub issuefile: Option<String>,
    /// Categories to evaluate; empty means all.
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    /// `valid` in `<Include>`: only records not marked invalid.
    pub only_valid: bool,
    /// `<Config>` options inside the environment (not applied by the
    /// PETRARCH-1 harness; kept for reference).
    pub config: Vec<(String, String)>,
}

/// The coder settings in force for a record (`<Config option value>` elements
/// between records change them from that point on).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordConfig {
    /// Events with a null source or target are output when false.
    pub require_dyad: bool,
    /// Uncoded noun phrases of at most this many words become quoted actors (0: off).
    pub new_actor_length: u32,
    /// Other options as written (`comma_min`, ...).
    pub other: Vec<(String, String)>,
}

impl Default for RecordConfig {
    fn default() -> Self {
        RecordConfig {
            require_dyad: true,
            new_actor_length: 0,
            other: Vec::new(),
        }
    }
}

impl RecordConfig {
    fn apply(&mut self, option: &str, value: &str) {
        match option {
            "require_dyad" => self.require_dyad = !value.to_ascii_lowercase().contains("false"),
            "new_actor_length" => self.new_actor_length = value.trim().parse().unwrap_or(0),
            _ => {
                self.other.retain(|(k, _)| k != option);
                self.other.push((option.to_string(), value.to_string()));
            }
        }
    }
}

/// One expected `(source, target, code)` triple.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Coding {
    pub source: String,
    pub target: String,
    pub code: String,
}

impl std::fmt::Display for Coding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} {}", self.source, self.target, self.code)
    }
}

/// What a record expects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expected {
    Events(Vec<Coding>),
    /// `noevents="True"`: nothing may be coded.
    NoEvents,
    /// `error="X"`: PETRARCH-1 must flag an irregularity (`dateline`,
    /// `bad_input_parse`, `sentencediscard`, `storydiscard`) and code nothing.
    Error(String),
}

/// One `<Sentence>` record.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    pub id: String,
    /// `YYYYMMDD` as written.
    pub date: String,
    pub category: String,
    pub text: String,
    /// The record's parse as written (Penn Treebank or CoNLL-U lines).
    pub parse: Option<String>,
    pub expected: Expected,
    pub config: RecordConfig,
    /// `valid` / `evaluate` is not false.
    pub valid: bool,
    pub line: u64,
}

impl Record {
    /// The record date as a calendar date: `YYYYMMDD`, or PETRARCH's
    /// `YYMMDD` where `YY` up to 30 is 20YY and above it 19YY (one GSR
    /// record is dated `121108`).
    pub fn naive_date(&self) -> Option<text_model::NaiveDate> {
        let d = self.date.trim();
        if !d.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let full = match d.len() {
            8 => d.to_string(),
            6 => {
                let yy: u32 = d[..2].parse().ok()?;
                let century = if yy <= 30 { "20" } else { "19" };
                format!("{century}{d}")
            }
            _ => return None,
        };
        text_model::NaiveDate::parse_from_str(&full, "%Y%m%d").ok()
    }
}

/// A whole validation file.
#[derive(Clone, Debug, Default)]
pub struct ValidationFile {
    pub environment: Environment,
    pub records: Vec<Record>,
}

impl ValidationFile {
    /// Whether the environment selects this record for evaluation.
    pub fn is_selected(&self, r: &Record) -> bool {
        let env = &self.environment;
        (!env.only_valid || r.valid)
            && (env.include.is_empty() || env.include.contains(&r.category))
            && !env.exclude.contains(&r.category)
    }

    pub fn load(path: &Path) -> Result<(ValidationFile, Option<Error>), Error> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::new(ErrorKind::Io(e), None).with_path(path))?;
        let (f, e) = parse_str(&text).map_err(|e| e.with_path(path))?;
        Ok((f, e.map(|e| e.with_path(path))))
    }
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.as_ref() == name.as_bytes()).then(|| {
            a.unescape_value()
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| String::from_utf8_lossy(&a.value).into_owned())
        })
    })
}

fn line_of(text: &str, pos: usize) -> u64 {
    text.as_bytes()[..pos.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count() as u64
        + 1
}

/// The sentence a CoNLL-U parse spells out: its word forms, a space after
/// each unless `SpaceAfter=No`. A GSR record with an empty `<Text>` (one
/// carries its sentence only as a parse) is coded from this text; a
/// Treebank parse gives nothing.
fn conllu_text(parse: &str) -> String {
    let mut out = String::new();
    for line in parse.lines() {
        let cols: Vec<&str> = line.trim().split('\t').collect();
        if cols.len() < 10 || !cols[0].bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        out.push_str(cols[1]);
        if !cols[9].split('|').any(|m| m == "SpaceAfter=No") {
            out.push(' ');
        }
    }
    out.trim_end().to_string()
}

#[derive(Default)]
struct Open {
    id: Option<String>,
    date: String,
    category: Option<String>,
    source: Option<String>,
    text: String,
    parse: Option<String>,
    codings: Vec<Coding>,
    noevents: bool,
    error: Option<String>,
    valid: bool,
    line: u64,
    config: RecordConfig,
}

/// Parses validation XML text. Records without an id or text are skipped and
/// reported as a partial error.
pub fn parse_str(text: &str) -> Result<(ValidationFile, Option<Error>), Error> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = false;
    reader.config_mut().allow_unmatched_ends = true;
    reader.config_mut().trim_text(false);
    let mut file = ValidationFile::default();
    let mut config = RecordConfig::default();
    let mut in_env = false;
    let mut open: Option<Open> = None;
    let mut capture: Option<(String, String)> = None; // (element, text so far)
    let mut errors = Vec::new();

    let finish =
        |o: Open, file: &mut ValidationFile, errors: &mut Vec<Error>, include: &[String]| {
            let Some(id) = o.id else {
                errors.push(Error::new(
                    ErrorKind::BadRecord("a <Sentence> without an id".into()),
                    Some(o.line),
                ));
                return;
            };
            let category = o
                .category
                .or_else(|| o.source.filter(|s| include.contains(s)))
                .unwrap_or_else(|| id.split(['_', '-']).next().unwrap_or("").to_string());
            let expected = if let Some(e) = o.error {
                Expected::Error(e)
            } else if o.noevents {
                Expected::NoEvents
            } else {
                Expected::Events(o.codings)
            };
            file.records.push(Record {
                id,
                date: o.date,
                category,
                text: match o.text.split_whitespace().collect::<Vec<_>>().join(" ") {
                    t if t.is_empty() => o.parse.as_deref().map(conllu_text).unwrap_or_default(),
                    t => t,
                },
                parse: o.parse,
                expected,
                config: o.config,
                valid: o.valid,
                line: o.line,
            });
        };

    loop {
        let pos = reader.buffer_position() as usize;
        let ev = match reader.read_event() {
            Ok(ev) => ev,
            Err(e) => {
                return Err(Error::new(
                    ErrorKind::Xml(e.to_string()),
                    Some(line_of(text, reader.buffer_position() as usize)),
                ))
            }
        };
        match ev {
            XmlEvent::Eof => break,
            XmlEvent::Start(ref e) | XmlEvent::Empty(ref e) => {
                let is_empty = matches!(ev, XmlEvent::Empty(_));
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                match name.as_str() {
                    "Environment" => in_env = !is_empty,
                    "Config" => {
                        if let (Some(o), Some(v)) = (attr(e, "option"), attr(e, "value")) {
                            if in_env {
                                file.environment.config.push((o, v));
                            } else {
                                config.apply(&o, &v);
                            }
                        }
                    }
                    "Stop" => break,
                    "Sentence" => {
                        if let Some(o) = open.take() {
                            let inc = file.environment.include.clone();
                            finish(o, &mut file, &mut errors, &inc);
                        }
                        let valid = attr(e, "valid")
                            .or_else(|| attr(e, "evaluate"))
                            .map(|v| !v.eq_ignore_ascii_case("false"))
                            .unwrap_or(true);
                        open = Some(Open {
                            id: attr(e, "id"),
                            date: attr(e, "date").unwrap_or_default(),
                            category: attr(e, "category"),
                            source: attr(e, "source"),
                            valid,
                            line: line_of(text, pos),
                            config: config.clone(),
                            ..Open::default()
                        });
                    }
                    "EventCoding" => {
                        if let Some(o) = open.as_mut() {
                            if attr(e, "noevents").is_some_and(|v| v.eq_ignore_ascii_case("true")) {
                                o.noevents = true;
                            } else if let Some(err) = attr(e, "error") {
                                o.error = Some(err);
                            } else {
                                let norm = |s: Option<String>| {
                                    let s = s.unwrap_or_default();
                                    let s = s.trim();
                                    if s == "~" {
                                        "---".to_string()
                                    } else {
                                        s.replace('~', "---")
                                    }
                                };
                                o.codings.push(Coding {
                                    source: norm(attr(e, "sourcecode")),
                                    target: norm(attr(e, "targetcode")),
                                    code: norm(attr(e, "eventcode")),
                                });
                            }
                        }
                    }
                    "Text" | "Parse" | "Verbfile" | "Actorfile" | "Agentfile" | "Discardfile"
                    | "Issuefile" | "Include" | "Exclude"
                        if !is_empty =>
                    {
                        capture = Some((name, String::new()));
                    }
                    _ => {}
                }
            }
            XmlEvent::Text(t) => {
                if let Some((_, buf)) = capture.as_mut() {
                    match t.unescape() {
                        Ok(s) => buf.push_str(&s),
                        Err(_) => buf.push_str(&String::from_utf8_lossy(t.as_ref())),
                    }
                }
            }
            XmlEvent::CData(t) => {
                if let Some((_, buf)) = capture.as_mut() {
                    buf.push_str(&String::from_utf8_lossy(t.as_ref()));
                }
            }
            XmlEvent::End(ref e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                if let Some((el, buf)) = capture.take() {
                    if el == name {
                        let words = || -> Vec<String> {
                            buf.split(|c: char| c.is_whitespace() || c == ',')
                                .filter(|w| !w.is_empty())
                                .map(str::to_string)
                                .collect()
                        };
                        let env = &mut file.environment;
                        match el.as_str() {
                            "Text" => {
                                if let Some(o) = open.as_mut() {
                                    o.text = buf;
                                }
                            }
                            "Parse" => {
                                if let Some(o) = open.as_mut() {
                                    o.parse = Some(buf);
                                }
                            }
                            "Verbfile" => env.verbfile = Some(buf.trim().to_string()),
                            "Actorfile" => env.actorfiles = words(),
                            "Agentfile" => env.agentfile = Some(buf.trim().to_string()),
                            "Discardfile" => env.discardfile = Some(buf.trim().to_string()),
                            "Issuefile" => env.issuefile = Some(buf.trim().to_string()),
                            "Include" => {
                                let mut w = words();
                                env.only_valid = w.iter().any(|x| x == "valid");
                                w.retain(|x| x != "valid");
                                env.include = w;
                            }
                            "Exclude" => env.exclude = words(),
                            _ => {}
                        }
                    } else {
                        capture = Some((el, buf));
                    }
                }
                match name.as_str() {
                    "Environment" => in_env = false,
                    "Sentence" => {
                        if let Some(o) = open.take() {
                            let inc = file.environment.include.clone();
                            finish(o, &mut file, &mut errors, &inc);
                        }
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    if let Some(o) = open.take() {
        let inc = file.environment.include.clone();
        finish(o, &mut file, &mut errors, &inc);
    }
    let err = (!errors.is_empty()).then(|| Error::new(ErrorKind::Partial(errors), None));
    Ok((file, err))
}
