//! Stages never panic on content, and every span they write slices back
//! out of the text: arbitrary Unicode, and the real news sample (read from
//! `../shared`, skipped with a note when absent).

use claims::testkit;
use proptest::prelude::*;
use text_model::{AnnotatedDoc, MentionKind, NaiveDate};

/// Runs every claims stage with an event on every third word and a mention
/// on every capitalized one.
fn run_all(text: &str, published: Option<NaiveDate>) -> AnnotatedDoc {
    let mut d = testkit::doc(text, published, Some("outlet"));
    let caps: Vec<String> = d
        .tokens
        .iter()
        .map(|t| d.slice(t.span).to_string())
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .collect();
    for w in caps.iter().take(20) {
        testkit::add_mention(&mut d, w, 0, MentionKind::Actor, Some("IRQGOV"));
    }
    for st in claims::pre_event_stages() {
        st.run(&mut d);
    }
    let words: Vec<String> = d
        .tokens
        .iter()
        .map(|t| d.slice(t.span).to_string())
        .collect();
    for (i, w) in words.iter().enumerate().step_by(3).take(40) {
        let nth = words[..i].iter().filter(|x| *x == w).count();
        testkit::add_event(&mut d, w, nth, "190", None, None);
    }
    for st in claims::post_event_stages() {
        st.run(&mut d);
    }
    d
}

fn check_spans(d: &AnnotatedDoc) {
    let text = d.text();
    for m in &d.mentions {
        assert!(m.span.get(text).is_some(), "mention span {:?}", m.span);
        if let Some(a) = m.antecedent {
            assert!(a.get(text).is_some());
        }
    }
    for e in &d.events {
        if let Some(a) = &e.attribution {
            if let Some(s) = &a.asserted_by {
                assert!(s.span.get(text).is_some());
            }
            if let Some(c) = a.cue {
                assert!(c.get(text).is_some());
            }
        }
        if let Some(l) = &e.location {
            if let Some(s) = l.span {
                assert!(s.get(text).is_some());
            }
        }
    }
    for f in &d.framing {
        assert!(f.span.get(text).is_some());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,300}", y in 1i32..3000, m in 1u32..13, day in 1u32..29) {
        let d = run_all(&text, NaiveDate::from_ymd_opt(y, m, day));
        check_spans(&d);
    }

    #[test]
    fn newsy_text_never_panics(
        words in proptest::collection::vec(
            prop_oneof![
                Just("said"), Just("Baghdad"), Just("on"), Just("Wednesday"), Just("\""), Just(","),
                Just("."), Just("the"), Just("group"), Just("he"), Just("it"), Just("did"), Just("not"),
                Just("attack"), Just("in"), Just("1981"), Just("February 30"), Just("99999"),
                Just("according"), Just("to"), Just("(ISIL)"), Just("also known as"), Just("terrorist"),
                Just("Georgia"), Just("Tripoli"), Just("who"), Just("had"), Just("will"), Just("if"),
                Just("1980-1988"), Just("between"), Just("and"), Just("2003"), Just("last week"),
                Just("Sept. 30"), Just("Karimi"), Just("a former commander of"), Just("\n\n"),
            ],
            0..80,
        ),
        published in proptest::option::of(0i64..40000),
    ) {
        let text = words.join(" ");
        let pubd = published.and_then(|n| NaiveDate::from_ymd_opt(1950, 1, 1).map(|d| d + chrono::Duration::days(n)));
        let d = run_all(&text, pubd);
        check_spans(&d);
    }
}

#[test]
fn news_sample_runs_clean() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/news-sample/articles.jsonl"
    );
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("note: {path} is absent; skipping");
        return;
    };
    let mut n = 0;
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("news sample line is JSON");
        let body = v["text"].as_str().unwrap_or("");
        let published = v["published"]
            .as_str()
            .and_then(|p| NaiveDate::parse_from_str(p.get(..10).unwrap_or(p), "%Y-%m-%d").ok());
        let d = run_all(body, published);
        check_spans(&d);
        n += 1;
    }
    assert!(n >= 10, "only {n} articles");
}

/// A month-only publication date leaves relative dates open and says why.
#[test]
fn a_partial_publication_date_is_reported() {
    let mut d = testkit::doc(
        "Taliban fighters attacked a checkpoint on Wednesday.",
        None,
        Some("outlet"),
    );
    d.doc.meta.published_partial = Some("2020-08".into());
    testkit::add_event(&mut d, "attacked", 0, "190", None, None);
    for st in claims::post_event_stages() {
        st.run(&mut d);
    }
    assert!(
        d.diagnostics
            .iter()
            .any(|x| x.message.contains("\"2020-08\" is not a full date")),
        "{:?}",
        d.diagnostics
    );
    let date = d.events[0]
        .date
        .as_ref()
        .expect("a date record with a basis");
    assert_eq!(date.start, None);
}
