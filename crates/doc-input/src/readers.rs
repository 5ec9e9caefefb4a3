use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde_json::Value;
use text_model::{DocMeta, Document};

use crate::{InputError, InputErrorKind};

/// Documents above this many bytes are refused unless the caller raises it.
pub const DEFAULT_MAX_DOC_BYTES: u64 = 16 * 1024 * 1024;

/// How to read an input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputFormat {
    /// By extension (`.jsonl`, `.ndjson`, `.json` are JSON Lines; anything
    /// else is one text document); stdin is sniffed (`{` first means JSON Lines).
    Auto,
    Text,
    Jsonl,
}

#[derive(Clone, Debug)]
pub struct ReadOptions {
    pub format: InputFormat,
    pub max_doc_bytes: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            format: InputFormat::Auto,
            max_doc_bytes: DEFAULT_MAX_DOC_BYTES,
        }
    }
}

enum Source {
    /// A file, with the id prefix to use for a text document.
    File {
        path: PathBuf,
        id: String,
    },
    Stdin,
}

struct JsonlState {
    path: Option<PathBuf>,
    reader: Box<dyn BufRead>,
    line: u64,
    fallback_id: String,
}

struct Inputs {
    queue: VecDeque<Result<Source, InputError>>,
    current: Option<JsonlState>,
    options: ReadOptions,
}

/// Streams documents from `inputs` in order. Directories are walked
/// recursively in sorted order, taking `.txt` and JSON Lines files; other
/// files in a directory are not documents and are skipped.
pub fn read_inputs(
    inputs: &[PathBuf],
    options: ReadOptions,
) -> impl Iterator<Item = Result<Document, InputError>> {
    let mut queue = VecDeque::new();
    for input in inputs {
        if input.as_os_str() == "-" {
            queue.push_back(Ok(Source::Stdin));
        } else if input.is_dir() {
            walk_dir(input, input, &mut queue);
        } else {
            let id = stem(input);
            queue.push_back(Ok(Source::File {
                path: input.clone(),
                id,
            }));
        }
    }
    Inputs {
        queue,
        current: None,
        options,
    }
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

fn is_jsonl(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("jsonl" | "ndjson" | "json")
    )
}

fn walk_dir(root: &Path, dir: &Path, queue: &mut VecDeque<Result<Source, InputError>>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            queue.push_back(Err(InputError::new(InputErrorKind::Io(e), Some(dir), None)));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            walk_dir(root, &path, queue);
        } else if is_jsonl(&path) || path.extension().is_some_and(|e| e == "txt") {
            // The id is the path below the directory, so equal names in
            // different folders stay distinct.
            let rel = path.strip_prefix(root).unwrap_or(&path).with_extension("");
            let id = rel.to_string_lossy().replace('\\', "/");
            queue.push_back(Ok(Source::File { path, id }));
        }
    }
}

impl Iterator for Inputs {
    type Item = Result<Document, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(state) = &mut self.current {
                match next_jsonl(state, &self.options) {
                    Some(item) => return Some(item),
                    None => self.current = None,
                }
            }
            let source = match self.queue.pop_front()? {
                Ok(s) => s,
                Err(e) => return Some(Err(e)),
            };
            match source {
                Source::File { path, id } => {
                    let jsonl = match self.options.format {
                        InputFormat::Jsonl => true,
                        InputFormat::Text => false,
                        InputFormat::Auto => is_jsonl(&path),
                    };
                    if jsonl {
                        match File::open(&path) {
                            Ok(f) => {
                                self.current = Some(JsonlState {
                                    path: Some(path),
                                    reader: Box::new(BufReader::new(f)),
                                    line: 0,
                                    fallback_id: id,
                                })
                            }
                            Err(e) => {
                                return Some(Err(InputError::new(
                                    InputErrorKind::Io(e),
                                    Some(&path),
                                    None,
                                )))
                            }
                        }
                    } else {
                        return Some(read_text_file(&path, id, &self.options));
                    }
                }
                Source::Stdin => {
                    let mut reader = BufReader::new(std::io::stdin());
                    let jsonl = match self.options.format {
                        InputFormat::Jsonl => true,
                        InputFormat::Text => false,
                        InputFormat::Auto => sniff_jsonl(&mut reader),
                    };
                    if jsonl {
                        self.current = Some(JsonlState {
                            path: None,
                            reader: Box::new(reader),
                            line: 0,
                            fallback_id: "stdin".into(),
                        });
                    } else {
                        return Some(read_text_stream(
                            reader,
                            None,
                            "stdin".into(),
                            &self.options,
                        ));
                    }
                }
            }
        }
    }
}

fn sniff_jsonl(reader: &mut impl BufRead) -> bool {
    match reader.fill_buf() {
        Ok(buf) => buf
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|b| *b == b'{'),
        Err(_) => false,
    }
}

fn read_text_file(path: &Path, id: String, options: &ReadOptions) -> Result<Document, InputError> {
    let err = |kind| InputError::new(kind, Some(path), None);
    let meta = std::fs::metadata(path).map_err(|e| err(InputErrorKind::Io(e)))?;
    if meta.len() > options.max_doc_bytes {
        return Err(err(InputErrorKind::TooLarge {
            bytes: meta.len(),
            limit: options.max_doc_bytes,
        }));
    }
    let file = File::open(path).map_err(|e| err(InputErrorKind::Io(e)))?;
    read_text_stream(file, Some(path), id, options)
}

fn read_text_stream(
    reader: impl Read,
    path: Option<&Path>,
    id: String,
    options: &ReadOptions,
) -> Result<Document, InputError> {
    let err = |kind| InputError::new(kind, path, None);
    let mut bytes = Vec::new();
    // Read one byte past the limit so that an oversized stream is detected
    // without reading all of it.
    reader
        .take(options.max_doc_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| err(InputErrorKind::Io(e)))?;
    if bytes.len() as u64 > options.max_doc_bytes {
        return Err(err(InputErrorKind::TooLarge {
            bytes: bytes.len() as u64,
            limit: options.max_doc_bytes,
        }));
    }
    let text = text_from_bytes(bytes).map_err(err)?;
    Ok(Document::new(
        DocMeta {
            id,
            ..DocMeta::default()
        },
        text,
    ))
}

/// Checks the bytes are a non-empty UTF-8 text; strips a byte-order mark.
fn text_from_bytes(mut bytes: Vec<u8>) -> Result<String, InputErrorKind> {
    if bytes.contains(&0) {
        return Err(InputErrorKind::Binary);
    }
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    let text = String::from_utf8(bytes).map_err(|e| InputErrorKind::NotUtf8 {
        byte: e.utf8_error().valid_up_to(),
    })?;
    if text.trim().is_empty() {
        return Err(InputErrorKind::Empty);
    }
    Ok(text)
}

fn next_jsonl(
    state: &mut JsonlState,
    options: &ReadOptions,
) -> Option<Result<Document, InputError>> {
    let mut buf = Vec::new();
    loop {
        buf.clear();
        state.line += 1;
        let line_no = state.line;
        let err = |kind| InputError::new(kind, state.path.as_deref(), Some(line_no));
        match state.reader.read_until(b'\n', &mut buf) {
            Ok(0) => return None,
            Ok(_) => {}
            Err(e) => return Some(Err(err(InputErrorKind::Io(e)))),
        }
        while buf.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
            buf.pop();
        }
        if buf.iter().all(|b| b.is_ascii_whitespace()) {
            continue; // blank lines separate nothing and hold no document
        }
        let fallback = format!("{}:{}", state.fallback_id, line_no);
        return Some(parse_jsonl_line(buf, fallback, options).map_err(err));
    }
}

fn parse_jsonl_line(
    buf: Vec<u8>,
    fallback_id: String,
    options: &ReadOptions,
) -> Result<Document, InputErrorKind> {
    if buf.contains(&0) {
        return Err(InputErrorKind::Binary);
    }
    let line = String::from_utf8(buf).map_err(|e| InputErrorKind::NotUtf8 {
        byte: e.utf8_error().valid_up_to(),
    })?;
    let value: Value =
        serde_json::from_str(&line).map_err(|e| InputErrorKind::MalformedJson(e.to_string()))?;
    let Value::Object(mut obj) = value else {
        return Err(InputErrorKind::NotAnObject);
    };
    let text = match obj.remove("text") {
        Some(Value::String(t)) => t,
        _ => return Err(InputErrorKind::MissingText),
    };
    if text.len() as u64 > options.max_doc_bytes {
        return Err(InputErrorKind::TooLarge {
            bytes: text.len() as u64,
            limit: options.max_doc_bytes,
        });
    }
    if text.trim().is_empty() {
        return Err(InputErrorKind::Empty);
    }
    let id = match obj.get("id") {
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        None | Some(Value::Null) => fallback_id,
        Some(_) => {
            return Err(InputErrorKind::BadField {
                field: "id",
                reason: "must be a string or a number".into(),
            })
        }
    };
    let string_field = |name: &'static str| -> Result<Option<String>, InputErrorKind> {
        match obj.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(InputErrorKind::BadField {
                field: name,
                reason: "must be a string".into(),
            }),
        }
    };
    let (published, published_partial) = match string_field("published")? {
        None => (None, None),
        Some(s) if s.trim().is_empty() => (None, None),
        Some(s) => match parse_published(&s) {
            Some(d) => (Some(d), None),
            // "2020-08": the document is kept; relative dates stay open.
            None if is_partial_date(&s) => (None, Some(s.trim().to_string())),
            None => {
                return Err(InputErrorKind::BadField {
                    field: "published",
                    reason: format!(
                        "{s:?} is not a date like 2024-03-01, a month like 2024-03, a year or an RFC 3339 timestamp"
                    ),
                })
            }
        },
    };
    Ok(Document::new(
        DocMeta {
            id,
            url: string_field("url")?,
            outlet: string_field("outlet")?,
            published,
            title: string_field("title")?,
            published_partial,
        },
        text,
    ))
}

/// `YYYY` or `YYYY-MM` (month 01-12): a date known only to the year or month.
fn is_partial_date(s: &str) -> bool {
    let s = s.trim();
    let year = |y: &str| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit());
    match s.split_once('-') {
        None => year(s),
        Some((y, m)) => {
            year(y)
                && m.len() == 2
                && m.bytes().all(|b| b.is_ascii_digit())
                && m.parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
        }
    }
}

/// Accepts `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYYMMDD`, and timestamps that
/// start with a date (RFC 3339, `YYYY-MM-DD hh:mm`).
fn parse_published(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    for (len, fmt) in [(10, "%Y-%m-%d"), (10, "%Y/%m/%d"), (8, "%Y%m%d")] {
        if let Some(prefix) = s.get(..len) {
            let rest = &s[len..];
            let boundary = rest.is_empty() || rest.starts_with(['T', ' ', 't']);
            if boundary {
                if let Ok(d) = NaiveDate::parse_from_str(prefix, fmt) {
                    return Some(d);
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_formats() {
        let d = NaiveDate::from_ymd_opt(2015, 9, 30);
        assert_eq!(parse_published("2015-09-30"), d);
        assert_eq!(parse_published("2015-09-30T08:00:00Z"), d);
        assert_eq!(parse_published("2015/09/30"), d);
        assert_eq!(parse_published("20150930"), d);
        assert_eq!(parse_published("2015-02-30"), None);
        assert_eq!(parse_published("yesterday"), None);
        assert_eq!(parse_published("2015-09-301"), None);
    }

    #[test]
    fn partial_dates() {
        for ok in ["2020-08", "2020", " 2020-12 "] {
            assert!(is_partial_date(ok), "{ok}");
        }
        for bad in [
            "2020-13",
            "2020-8",
            "2020-+8",
            "20-08",
            "08-2020",
            "yesterday",
            "2020-08-",
        ] {
            assert!(!is_partial_date(bad), "{bad}");
        }
    }
}
