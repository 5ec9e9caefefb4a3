//! Every bad input named in the foundation issue, each with the error it must
//! give. A bad document is reported and the stream goes on.

use std::io::Write;
use std::path::PathBuf;

use doc_input::{read_inputs, InputErrorKind, ReadOptions};

fn write(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::File::create(&path)
        .unwrap()
        .write_all(bytes)
        .unwrap();
    path
}

fn read_all(
    paths: &[PathBuf],
    options: ReadOptions,
) -> Vec<Result<text_model::Document, doc_input::InputError>> {
    read_inputs(paths, options).collect()
}

#[test]
fn text_file_and_directory() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir, "a.txt", "Rebels attacked the town.".as_bytes());
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    write(&dir, "sub/b.txt", "\u{feff}Erdoğan met Putin.".as_bytes());
    write(&dir, "notes.md", b"not a document");
    let docs = read_all(&[dir.path().to_path_buf()], ReadOptions::default());
    let ids: Vec<String> = docs
        .iter()
        .map(|d| d.as_ref().unwrap().id().to_string())
        .collect();
    assert_eq!(ids, ["a", "sub/b"]);
    // The byte-order mark is not part of the text.
    assert_eq!(docs[1].as_ref().unwrap().text(), "Erdoğan met Putin.");
}

#[test]
fn invalid_utf8_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(&dir, "bad.txt", b"caf\xe9 attack");
    let good = write(&dir, "good.txt", b"fine");
    let out = read_all(&[bad.clone(), good], ReadOptions::default());
    let err = out[0].as_ref().unwrap_err();
    assert!(matches!(err.kind(), InputErrorKind::NotUtf8 { byte: 3 }));
    assert_eq!(err.path(), Some(bad.as_path()));
    assert!(err.to_string().contains("bad.txt"));
    assert!(out[1].is_ok(), "the next document still comes out");
}

#[test]
fn binary_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let bin = write(&dir, "x.txt", &[0x7f, b'E', b'L', b'F', 0, 0, 1, 2]);
    let out = read_all(&[bin], ReadOptions::default());
    assert!(matches!(
        out[0].as_ref().unwrap_err().kind(),
        InputErrorKind::Binary
    ));
}

#[test]
fn empty_documents_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let empty = write(&dir, "e.txt", b"");
    let blank = write(&dir, "w.txt", b" \n\t\n");
    let out = read_all(&[empty, blank], ReadOptions::default());
    assert_eq!(out.len(), 2);
    for r in out {
        assert!(matches!(r.unwrap_err().kind(), InputErrorKind::Empty));
    }
}

#[test]
fn jsonl_errors_name_the_line_and_keep_going() {
    let dir = tempfile::tempdir().unwrap();
    let lines = concat!(
        r#"{"id":"d1","url":"http://x","outlet":"Wire","published":"2015-09-30","title":"T","text":"Rebels attacked."}"#,
        "\n",
        r#"{"id":"d2","text": "unterminated"#,
        "\n\n",
        r#"{"id":"d3","title":"no text"}"#,
        "\n",
        r#"["not","an","object"]"#,
        "\n",
        r#"{"id":"d5","text":"   "}"#,
        "\n",
        r#"{"id":"d6","published":"last week","text":"x"}"#,
        "\n",
        r#"{"id":7,"text":"Police arrested two men."}"#,
        "\n",
    );
    let mut bytes = lines.as_bytes().to_vec();
    bytes.extend_from_slice(b"{\"id\":\"d8\",\"text\":\"caf\xe9\"}\n");
    let path = write(&dir, "docs.jsonl", &bytes);
    let out = read_all(&[path], ReadOptions::default());
    assert_eq!(out.len(), 8);
    let d1 = out[0].as_ref().unwrap();
    assert_eq!(d1.meta.outlet.as_deref(), Some("Wire"));
    assert_eq!(d1.meta.published.unwrap().to_string(), "2015-09-30");
    let line_of = |i: usize| out[i].as_ref().unwrap_err().line();
    assert!(matches!(
        out[1].as_ref().unwrap_err().kind(),
        InputErrorKind::MalformedJson(_)
    ));
    assert_eq!(line_of(1), Some(2));
    assert!(matches!(
        out[2].as_ref().unwrap_err().kind(),
        InputErrorKind::MissingText
    ));
    assert_eq!(line_of(2), Some(4), "the blank line 3 still counts");
    assert!(matches!(
        out[3].as_ref().unwrap_err().kind(),
        InputErrorKind::NotAnObject
    ));
    assert!(matches!(
        out[4].as_ref().unwrap_err().kind(),
        InputErrorKind::Empty
    ));
    assert!(matches!(
        out[5].as_ref().unwrap_err().kind(),
        InputErrorKind::BadField {
            field: "published",
            ..
        }
    ));
    assert_eq!(out[6].as_ref().unwrap().id(), "7");
    assert!(matches!(
        out[7].as_ref().unwrap_err().kind(),
        InputErrorKind::NotUtf8 { .. }
    ));
    assert!(out[7]
        .as_ref()
        .unwrap_err()
        .to_string()
        .contains("docs.jsonl:9"));
}

#[test]
fn hundred_megabyte_document_is_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.txt");
    let file = std::fs::File::create(&path).unwrap();
    // A sparse 100 MB file: the size check happens before reading.
    file.set_len(100 * 1024 * 1024).unwrap();
    let out = read_all(std::slice::from_ref(&path), ReadOptions::default());
    let err = out[0].as_ref().unwrap_err();
    assert!(
        matches!(err.kind(), InputErrorKind::TooLarge { bytes, .. } if *bytes == 100 * 1024 * 1024)
    );
    // Raising the limit reads it, and then it is refused as binary (NULs),
    // never a panic.
    let big = ReadOptions {
        max_doc_bytes: 200 * 1024 * 1024,
        ..ReadOptions::default()
    };
    let out = read_all(&[path], big);
    assert!(matches!(
        out[0].as_ref().unwrap_err().kind(),
        InputErrorKind::Binary
    ));
}

#[test]
fn oversized_jsonl_text_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let text = "a".repeat(2000);
    let path = write(
        &dir,
        "d.jsonl",
        format!("{{\"text\":\"{text}\"}}\n").as_bytes(),
    );
    let small = ReadOptions {
        max_doc_bytes: 1000,
        ..ReadOptions::default()
    };
    let out = read_all(&[path], small);
    assert!(matches!(
        out[0].as_ref().unwrap_err().kind(),
        InputErrorKind::TooLarge { .. }
    ));
}

#[test]
fn missing_file_is_an_io_error() {
    let out = read_all(
        &[PathBuf::from("/nonexistent/k.txt")],
        ReadOptions::default(),
    );
    let err = out[0].as_ref().unwrap_err();
    assert!(matches!(err.kind(), InputErrorKind::Io(_)));
    assert!(err.to_string().contains("/nonexistent/k.txt"));
}

/// Regression (news sample, line 21): a publication date known only to the
/// month used to refuse the whole document. It is kept, with the date as
/// written, and `published` stays unset.
#[test]
fn a_month_only_publication_date_keeps_the_document() {
    let dir = tempfile::tempdir().unwrap();
    let lines = concat!(
        r#"{"id":"m1","published":"2020-08","text":"Taliban fighters attacked a checkpoint."}"#,
        "\n",
        r#"{"id":"m2","published":"2020-13","text":"Taliban fighters attacked a checkpoint."}"#,
        "\n",
    );
    let path = write(&dir, "partial.jsonl", lines.as_bytes());
    let out = read_all(&[path], ReadOptions::default());
    let m1 = out[0].as_ref().expect("month precision is accepted");
    assert_eq!(m1.meta.published, None);
    assert_eq!(m1.meta.published_partial.as_deref(), Some("2020-08"));
    let err = out[1].as_ref().expect_err("month 13 is refused");
    assert_eq!(err.line(), Some(2));
    assert!(err.to_string().contains("2020-13"), "{err}");
}
