use std::path::Path;

use crate::{Error, ErrorKind};

/// One syntactic word (a line with an integer ID).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Word {
    /// 1-based position in the sentence.
    pub id: u32,
    pub form: String,
    pub lemma: String,
    pub upos: String,
    pub xpos: String,
    pub feats: String,
    /// 0 for the root.
    pub head: u32,
    pub deprel: String,
    pub deps: String,
    pub misc: String,
}

impl Word {
    /// Whether MISC says no space follows this word.
    pub fn space_after(&self) -> bool {
        !self.misc.split('|').any(|m| m == "SpaceAfter=No")
    }
}

/// A multiword token line such as `6-7  Google's`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MultiwordToken {
    pub first: u32,
    pub last: u32,
    pub form: String,
    pub misc: String,
}

impl MultiwordToken {
    pub fn space_after(&self) -> bool {
        !self.misc.split('|').any(|m| m == "SpaceAfter=No")
    }
}

/// A sentence: comments, words, and multiword tokens. Empty nodes (`8.1`)
/// belong to enhanced dependencies and are skipped.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sentence {
    /// Comment lines without the leading `# `.
    pub comments: Vec<String>,
    pub words: Vec<Word>,
    pub multiword_tokens: Vec<MultiwordToken>,
}

impl Sentence {
    fn comment_value(&self, key: &str) -> Option<&str> {
        self.comments.iter().find_map(|c| {
            let (k, v) = c.split_once('=')?;
            (k.trim() == key).then(|| v.trim())
        })
    }

    pub fn text(&self) -> Option<&str> {
        self.comment_value("text")
    }

    pub fn sent_id(&self) -> Option<&str> {
        self.comment_value("sent_id")
    }

    /// The sentence starts a new document.
    pub fn starts_doc(&self) -> bool {
        self.comments
            .iter()
            .any(|c| c == "newdoc" || c.starts_with("newdoc ") || c.starts_with("newdoc="))
    }

    /// The sentence starts a new paragraph (or document).
    pub fn starts_paragraph(&self) -> bool {
        self.starts_doc()
            || self
                .comments
                .iter()
                .any(|c| c == "newpar" || c.starts_with("newpar ") || c.starts_with("newpar="))
    }

    /// The id from `# newdoc id = ...`, if this sentence starts a document.
    pub fn newdoc_id(&self) -> Option<&str> {
        self.comments.iter().find_map(|c| {
            let rest = c.strip_prefix("newdoc")?;
            let (k, v) = rest.split_once('=')?;
            (k.trim() == "id").then(|| v.trim())
        })
    }

    /// Surface tokens in order: a multiword token counts once, with its
    /// range of word indices (0-based, inclusive start, exclusive end).
    pub fn surface_tokens(&self) -> Vec<(String, std::ops::Range<usize>, bool)> {
        let mut out = Vec::with_capacity(self.words.len());
        let mut i = 0;
        while i < self.words.len() {
            let id = self.words[i].id;
            if let Some(mwt) = self.multiword_tokens.iter().find(|m| m.first == id) {
                let end = (mwt.last as usize).min(self.words.len());
                out.push((mwt.form.clone(), i..end, mwt.space_after()));
                i = end.max(i + 1);
            } else {
                let w = &self.words[i];
                out.push((w.form.clone(), i..i + 1, w.space_after()));
                i += 1;
            }
        }
        out
    }
}

fn number(value: &str, column: &'static str, line: u64) -> Result<u32, Error> {
    value.parse().map_err(|_| {
        Error::new(
            ErrorKind::BadNumber {
                column,
                value: value.to_string(),
            },
            Some(line),
        )
    })
}

fn finish(sentence: &mut Sentence, out: &mut Vec<Sentence>, line: u64) -> Result<(), Error> {
    if sentence.words.is_empty() && sentence.comments.is_empty() {
        return Ok(());
    }
    let n = sentence.words.len();
    for w in &sentence.words {
        if w.head as usize > n {
            return Err(Error::new(
                ErrorKind::HeadOutOfRange {
                    head: w.head,
                    words: n,
                },
                Some(line),
            ));
        }
    }
    out.push(std::mem::take(sentence));
    Ok(())
}

/// Parses CoNLL-U text. Errors carry the 1-based line number.
pub fn parse_str(input: &str) -> Result<Vec<Sentence>, Error> {
    let mut out = Vec::new();
    let mut current = Sentence::default();
    let mut last_line = 0;
    for (i, raw) in input.lines().enumerate() {
        let line_no = i as u64 + 1;
        last_line = line_no;
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() {
            finish(&mut current, &mut out, line_no)?;
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            current.comments.push(comment.trim().to_string());
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(Error::new(
                ErrorKind::WrongColumnCount(cols.len()),
                Some(line_no),
            ));
        }
        let id = cols[0];
        if id.contains('.') {
            continue; // empty node of the enhanced graph
        }
        if let Some((a, b)) = id.split_once('-') {
            current.multiword_tokens.push(MultiwordToken {
                first: number(a, "ID", line_no)?,
                last: number(b, "ID", line_no)?,
                form: cols[1].to_string(),
                misc: cols[9].to_string(),
            });
            continue;
        }
        let id = number(id, "ID", line_no)?;
        let expected = current.words.len() as u32 + 1;
        if id != expected {
            return Err(Error::new(
                ErrorKind::IdOutOfOrder {
                    expected,
                    found: id,
                },
                Some(line_no),
            ));
        }
        let head = if cols[6] == "_" {
            0
        } else {
            number(cols[6], "HEAD", line_no)?
        };
        current.words.push(Word {
            id,
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: cols[3].to_string(),
            xpos: cols[4].to_string(),
            feats: cols[5].to_string(),
            head,
            deprel: cols[7].to_string(),
            deps: cols[8].to_string(),
            misc: cols[9].to_string(),
        });
    }
    finish(&mut current, &mut out, last_line)?;
    Ok(out)
}

/// Reads and parses a CoNLL-U file; errors name the file and line.
pub fn read_file(path: &Path) -> Result<Vec<Sentence>, Error> {
    let bytes = std::fs::read(path)
        .map_err(|e| Error::new(ErrorKind::Io(e), None).with_path(path.into()))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| Error::new(ErrorKind::NotUtf8, None).with_path(path.into()))?;
    parse_str(&text).map_err(|e| e.with_path(path.into()))
}

fn or_blank(s: &str) -> &str {
    if s.is_empty() {
        "_"
    } else {
        s
    }
}

/// Writes one sentence in CoNLL-U, ending with the blank line.
pub fn write_sentence(sentence: &Sentence, out: &mut String) {
    use std::fmt::Write;
    for c in &sentence.comments {
        let _ = writeln!(out, "# {}", c);
    }
    for w in &sentence.words {
        if let Some(m) = sentence.multiword_tokens.iter().find(|m| m.first == w.id) {
            let _ = writeln!(
                out,
                "{}-{}\t{}\t_\t_\t_\t_\t_\t_\t_\t{}",
                m.first,
                m.last,
                m.form,
                or_blank(&m.misc)
            );
        }
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            w.id,
            or_blank(&w.form),
            or_blank(&w.lemma),
            or_blank(&w.upos),
            or_blank(&w.xpos),
            or_blank(&w.feats),
            w.head,
            or_blank(&w.deprel),
            or_blank(&w.deps),
            or_blank(&w.misc)
        );
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# newdoc id = d1\n# text = Google's up.\n1-2\tGoogle's\t_\t_\t_\t_\t_\t_\t_\t_\n1\tGoogle\tGoogle\tPROPN\tNNP\tNumber=Sing\t3\tnsubj\t_\t_\n2\t's\tbe\tAUX\tVBZ\t_\t3\tcop\t_\t_\n3\tup\tup\tADV\tRB\t_\t0\troot\t_\tSpaceAfter=No\n4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n\n";

    #[test]
    fn round_trips() {
        let sents = parse_str(SAMPLE).unwrap();
        assert_eq!(sents.len(), 1);
        let mut out = String::new();
        write_sentence(&sents[0], &mut out);
        assert_eq!(out, SAMPLE.trim_end_matches('\n').to_string() + "\n\n");
        assert_eq!(parse_str(&out).unwrap(), sents);
    }

    #[test]
    fn surface_tokens_merge_multiword() {
        let sents = parse_str(SAMPLE).unwrap();
        let toks = sents[0].surface_tokens();
        let forms: Vec<&str> = toks.iter().map(|t| t.0.as_str()).collect();
        assert_eq!(forms, ["Google's", "up", "."]);
        assert!(!toks[1].2);
        assert_eq!(sents[0].newdoc_id(), Some("d1"));
    }

    #[test]
    fn malformed_line_names_the_line() {
        let bad = "# text = x\n1\tx\tx\tX\n";
        let err = parse_str(bad).unwrap_err();
        assert_eq!(err.line(), Some(2));
        assert!(matches!(err.kind(), ErrorKind::WrongColumnCount(4)));
        let bad_head = "1\tx\tx\tX\tX\t_\tseven\tdep\t_\t_\n";
        assert!(matches!(
            parse_str(bad_head).unwrap_err().kind(),
            ErrorKind::BadNumber { column: "HEAD", .. }
        ));
        let out_of_range = "1\tx\tx\tX\tX\t_\t5\tdep\t_\t_\n\n";
        assert!(matches!(
            parse_str(out_of_range).unwrap_err().kind(),
            ErrorKind::HeadOutOfRange { .. }
        ));
    }
}
