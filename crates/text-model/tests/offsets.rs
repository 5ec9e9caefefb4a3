//! Offset invariants of `ByteSpan` on arbitrary Unicode.

use proptest::prelude::*;
use text_model::ByteSpan;

proptest! {
    #[test]
    fn spans_on_char_boundaries_slice_back(text in "\\PC{0,40}", a in 0usize..200, b in 0usize..200) {
        let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        let start = bounds[a % bounds.len()];
        let end = bounds[b % bounds.len()];
        let span = ByteSpan::new(start, end);
        prop_assert!(span.start() <= span.end());
        let slice = span.get(&text).expect("char-boundary spans always slice");
        prop_assert_eq!(slice.len(), span.len());
        prop_assert_eq!(slice, &text[span.start()..span.end()]);
        prop_assert!(span.cover(span).contains(span));
    }

    #[test]
    fn spans_off_char_boundaries_never_panic(text in "\\PC{0,20}", a in 0usize..100, b in 0usize..100) {
        let span = ByteSpan::new(a, b);
        let sliced = span.slice(&text);
        match span.get(&text) {
            Some(s) => prop_assert_eq!(s, sliced),
            None => prop_assert_eq!(sliced, ""),
        }
    }
}
