//! Property tests: the offset invariants hold on arbitrary Unicode.

use proptest::prelude::*;
use segment::{segment, SegmentStage};
use text_model::{AnnotatedDoc, Document, Layer, Stage};

/// Checks every invariant of a segmentation of `text`.
fn check(text: &str) {
    let seg = segment(text);
    let mut prev_end = 0;
    for (i, w) in seg.words.iter().enumerate() {
        let s = w
            .span
            .get(text)
            .expect("word span falls on char boundaries");
        assert!(!s.is_empty(), "empty word {i} in {text:?}");
        assert!(
            !s.chars().any(char::is_whitespace),
            "word {s:?} contains whitespace in {text:?}"
        );
        assert!(
            w.span.start() >= prev_end,
            "words overlap or go backwards in {text:?}"
        );
        if w.glued {
            assert!(i > 0 && seg.words[i - 1].span.end() == w.span.start());
        }
        prev_end = w.span.end();
    }
    // Sentences cover all words, in order, without gaps or empty sentences.
    let mut next = 0u32;
    for (i, r) in seg.sentences.iter().enumerate() {
        assert_eq!(
            r.start, next,
            "sentence {i} does not start where the last ended"
        );
        assert!(r.end > r.start, "empty sentence {i}");
        let span = seg.sentence_span(i);
        assert!(span.get(text).is_some());
        for w in &seg.words[r.start as usize..r.end as usize] {
            assert!(span.contains(w.span));
        }
        next = r.end;
    }
    assert_eq!(next as usize, seg.words.len());
    // The stage agrees with the library.
    let mut doc = AnnotatedDoc::new(Document::from_text("p", text));
    SegmentStage.run(&mut doc);
    assert!(doc.has_layer(Layer::Tokens) && doc.has_layer(Layer::Sentences));
    assert_eq!(doc.tokens.len(), seg.words.len());
    for s in &doc.sentences {
        let toks = &doc.tokens[s.token_range()];
        assert!(toks.iter().all(|t| s.span.contains(t.span)));
    }
}

/// Text drawn from pieces the rules look at, so that properties also
/// exercise the interesting paths and not only random code points.
fn newsy() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("U.S.".to_string()),
        Just("Gen.".to_string()),
        Just("'s".to_string()),
        Just("n't".to_string()),
        Just("-".to_string()),
        Just("--".to_string()),
        Just(".".to_string()),
        Just("...".to_string()),
        Just("\"".to_string()),
        Just("’".to_string()),
        Just("http://".to_string()),
        Just("@".to_string()),
        Just("\n\n".to_string()),
        Just("\n".to_string()),
        Just(" ".to_string()),
        Just("1980".to_string()),
        Just("Erdoğan".to_string()),
        Just("🙂".to_string()),
        Just("\u{301}".to_string()),
        "[a-zA-Z]{1,6}",
        "[0-9]{1,4}",
        "[[:punct:]]{1,3}",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn invariants_on_arbitrary_unicode(text in any::<String>()) {
        check(&text);
    }

    #[test]
    fn invariants_on_newsy_text(text in newsy()) {
        check(&text);
    }
}

#[test]
fn invariants_on_edge_cases() {
    for text in [
        "",
        " ",
        "\u{0}",
        "\u{FEFF}Hello.",
        "'",
        "'s",
        "n't",
        "...",
        "U.S.",
        "a.",
        "-",
        "http://",
        "www.",
        "@",
        "#",
        "\u{301}\u{301}",
        "👨\u{200D}👩\u{200D}👧",
        "Hello\r\n\r\nWorld",
        "x\u{2028}y",
    ] {
        check(text);
    }
}

#[test]
fn large_document_segments() {
    // About 12 MB of text in one document: must not panic or take long.
    // Each paragraph is a dateline and one sentence.
    let paragraph = "KABUL, Sept 30 (Xinhua) -- Afghan forces and al-Sadr's men didn't fight.\n\n";
    let n = 12_000_000 / paragraph.len();
    let text = paragraph.repeat(n);
    let seg = segment(&text);
    assert_eq!(seg.sentences.len(), 2 * n);
    assert_eq!(seg.words.len(), 20 * n);
}
