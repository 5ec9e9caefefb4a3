//! A multi-paragraph article, written for this test: a defector's reported
//! claims, background history with years, a negated act and a threat. The
//! tokens come from the test tokenizer and the actor mentions and event
//! triggers are placed by hand (standing in for the dictionary and the
//! coder); everything in the snapshot after that is the claims stages'.

use claims::testkit;
use text_model::{AnnotatedDoc, MentionKind, NaiveDate};

const ARTICLE: &str = "ERBIL, June 4 (Khaldun Wire) -- A former commander of the Kataib Hezbollah militia has told investigators that the group smuggled rockets from Iran for years.\n\n\
Rahim Karimi, a former commander of the militia, said the group had received money from Tehran. \"We moved the rockets by night. The Iranians paid for everything,\" Karimi said.\n\n\
The militia was founded in 2003 and fought U.S. troops between 2004 and 2011. In 2007, it kidnapped five British contractors in Baghdad. Washington calls the group a terrorist organization.\n\n\
Kataib Hezbollah denied the claims on Wednesday. The militia did not attack the consulate, a spokesman said. In a statement, it threatened to strike any city that hosts the investigators.";

fn article() -> AnnotatedDoc {
    let mut d = testkit::doc(
        ARTICLE,
        NaiveDate::from_ymd_opt(2015, 6, 4),
        Some("Khaldun Wire"),
    );
    for (words, nth, code) in [
        ("Kataib Hezbollah", 0, "IRQREB"),
        ("Kataib Hezbollah", 1, "IRQREB"),
        ("Iran", 0, "IRN"),
        ("Tehran", 0, "IRNGOV"),
        ("U.S. troops", 0, "USAMIL"),
        ("British contractors", 0, "GBRBUS"),
        ("investigators", 0, "IRQJUD"),
    ] {
        testkit::add_mention(&mut d, words, nth, MentionKind::Actor, Some(code)).expect(words);
    }
    for st in claims::pre_event_stages() {
        st.run(&mut d);
    }
    let ev = |d: &mut AnnotatedDoc,
              trig: &str,
              nth: usize,
              cameo: &str,
              src: &str,
              tgt: Option<&str>| {
        let s = testkit::actor(d, src, None);
        let t = tgt.and_then(|t| testkit::actor(d, t, None));
        testkit::add_event(d, trig, nth, cameo, s, t).expect(trig);
    };
    ev(
        &mut d,
        "told",
        0,
        "010",
        "A former commander",
        Some("investigators"),
    );
    ev(&mut d, "smuggled", 0, "0", "the group", Some("Iran"));
    ev(&mut d, "received", 0, "071", "the group", Some("Tehran"));
    ev(&mut d, "paid", 0, "071", "The Iranians", None);
    ev(
        &mut d,
        "fought",
        0,
        "190",
        "The militia",
        Some("U.S. troops"),
    );
    ev(
        &mut d,
        "kidnapped",
        0,
        "181",
        "it",
        Some("British contractors"),
    );
    ev(&mut d, "denied", 0, "1", "Kataib Hezbollah", None);
    ev(&mut d, "attack", 0, "190", "The militia", None);
    ev(&mut d, "threatened", 0, "138", "it", None);
    ev(&mut d, "strike", 0, "190", "it", None);
    for st in claims::post_event_stages() {
        st.run(&mut d);
    }
    d
}

fn render(d: &AnnotatedDoc) -> String {
    let mut out = String::new();
    out.push_str("mentions added by coreference:\n");
    for m in d.mentions.iter().filter(|m| m.antecedent.is_some()) {
        out.push_str(&format!(
            "  {:?} {:?} -> {} (antecedent {:?})\n",
            m.kind,
            d.slice(m.span),
            m.code.as_deref().unwrap_or("-"),
            d.slice(m.antecedent.unwrap_or_default())
        ));
    }
    out.push_str("events:\n");
    for e in &d.events {
        let by = e
            .attribution
            .as_ref()
            .and_then(|a| a.asserted_by.as_ref())
            .map(|s| format!("{:?}/{}", d.slice(s.span), s.code.as_deref().unwrap_or("-")));
        let cue = e
            .attribution
            .as_ref()
            .and_then(|a| a.cue)
            .map(|c| d.slice(c).to_string());
        let date = e.date.as_ref().map(|x| {
            format!(
                "{}..{} historical={} basis={:?}",
                x.start.map_or("null".into(), |s| s.to_string()),
                x.end.map_or("null".into(), |s| s.to_string()),
                x.historical,
                x.basis.as_deref().unwrap_or("")
            )
        });
        let loc = e
            .location
            .as_ref()
            .map(|l| format!("{} ({})", l.name, l.country.as_deref().unwrap_or("-")));
        out.push_str(&format!(
            "  {} {:?} src={:?}/{}\n    asserted_by={} cue={}\n    date={}\n    negated={} hypothetical={} location={}\n",
            e.cameo,
            d.slice(e.trigger),
            d.slice(e.source.span),
            e.source.code.as_deref().unwrap_or("-"),
            by.unwrap_or_else(|| "null".into()),
            cue.unwrap_or_else(|| "null".into()),
            date.unwrap_or_else(|| "null".into()),
            e.negated,
            e.hypothetical,
            loc.unwrap_or_else(|| "null".into()),
        ));
    }
    out.push_str("framing:\n");
    for f in &d.framing {
        out.push_str(&format!(
            "  {:?} {:?} -> {:?}\n",
            f.label,
            f.category,
            f.applies_to.as_ref().map(|a| d.slice(a.span))
        ));
    }
    out
}

#[test]
fn defector_article() {
    insta::assert_snapshot!(render(&article()));
}
