//! The `ActorStage` on hand-built documents, over the embedded Phoenix
//! dictionaries, with insta snapshots of the mentions it writes.

use std::sync::{Arc, OnceLock};

use actor_dict::{ActorDict, ActorDictBuilder, ActorStage, DictionaryKind};
use text_model::{
    AnnotatedDoc, ByteSpan, DocMeta, Document, Layer, NaiveDate, Sentence, Severity, Stage, Token,
};

fn phoenix() -> Arc<ActorDict> {
    static DICT: OnceLock<Arc<ActorDict>> = OnceLock::new();
    DICT.get_or_init(|| Arc::new(ActorDict::phoenix_default()))
        .clone()
}

/// A tiny tokenizer for tests: splits on whitespace, splits off trailing
/// `,` `.` and a possessive `'s`, and makes one sentence per line.
fn annotate(text: &str, published: Option<&str>) -> AnnotatedDoc {
    let meta = DocMeta {
        id: "test".into(),
        published: published.and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
        ..DocMeta::default()
    };
    let mut doc = AnnotatedDoc::new(Document::new(meta, text.to_string()));
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let first_token = doc.tokens.len() as u32;
        let mut pos = offset;
        for word in line.split_whitespace() {
            let start = pos + line[pos - offset..].find(word).unwrap();
            pos = start + word.len();
            let mut end = start + word.len();
            let mut tail = Vec::new();
            while let Some(c) = text[start..end]
                .chars()
                .last()
                .filter(|c| ",.".contains(*c))
            {
                // Keep initialisms whole: "U.S." stays one token.
                if end - start == 1 || (c == '.' && text[start..end - 1].contains('.')) {
                    break;
                }
                end -= c.len_utf8();
                tail.push(ByteSpan::new(end, end + c.len_utf8()));
            }
            if text[start..end].ends_with("'s") && end - start > 2 {
                doc.tokens.push(Token::new(ByteSpan::new(start, end - 2)));
                doc.tokens.push(Token::new(ByteSpan::new(end - 2, end)));
            } else {
                doc.tokens.push(Token::new(ByteSpan::new(start, end)));
            }
            doc.tokens.extend(tail.into_iter().rev().map(Token::new));
        }
        let last_token = doc.tokens.len() as u32;
        if last_token > first_token {
            let span = ByteSpan::new(
                doc.tokens[first_token as usize].span.start(),
                doc.tokens[last_token as usize - 1].span.end(),
            );
            doc.sentences.push(Sentence {
                span,
                tokens: first_token..last_token,
            });
        }
        offset += line.len();
    }
    doc.mark_layer(Layer::Sentences);
    doc.mark_layer(Layer::Tokens);
    doc
}

/// Renders mentions one per line: `words | kind | code | entry`.
fn render(doc: &AnnotatedDoc) -> String {
    let mut out = String::new();
    for m in &doc.mentions {
        out.push_str(&format!(
            "{:?} | {:?} | {} | {} | tokens {:?}\n",
            doc.slice(m.span),
            m.kind,
            m.code.as_deref().unwrap_or("-"),
            m.entry.as_deref().unwrap_or("-"),
            m.tokens,
        ));
    }
    for d in &doc.diagnostics {
        out.push_str(&format!("diagnostic {:?}: {}\n", d.severity, d.message));
    }
    out
}

fn run(text: &str, published: Option<&str>) -> AnnotatedDoc {
    let mut doc = annotate(text, published);
    ActorStage::new(phoenix()).run(&mut doc);
    assert!(doc.has_layer(Layer::Mentions));
    doc
}

#[test]
fn stage_declares_its_layers() {
    let stage = ActorStage::new(phoenix());
    assert_eq!(stage.name(), "actors.petrarch.v1");
    assert_eq!(stage.requires(), &[Layer::Sentences, Layer::Tokens]);
    assert_eq!(stage.provides(), &[Layer::Mentions]);
}

#[test]
fn date_restricted_actor() {
    let text = "Barack Obama met Iraqi Prime Minister Nouri al-Maliki in Baghdad.\n";
    insta::assert_snapshot!("date_2010", render(&run(text, Some("2010-06-01"))));
    insta::assert_snapshot!("date_1995", render(&run(text, Some("1995-06-01"))));
    insta::assert_snapshot!("date_none", render(&run(text, None)));
}

#[test]
fn agent_with_country() {
    let text = "Iraqi police arrested two men.\nPolice in Iraq said the US troops had left.\nIraq's government denied it.\n";
    insta::assert_snapshot!(render(&run(text, Some("2010-06-01"))));
}

#[test]
fn compound_actors() {
    let text = "Iraqi and Syrian rebels attacked the French and German embassies.\n";
    insta::assert_snapshot!(render(&run(text, Some("2012-03-01"))));
}

#[test]
fn apposition() {
    let un = "Ban Ki-moon, the United Nations chief, met Egyptian officials.\n";
    let egypt = "Hosni Mubarak, the president, met the police chief, Ahmed Ali.\n";
    let rendered = format!(
        "{}{}",
        render(&run(un, Some("2012-03-01"))),
        render(&run(egypt, Some("2005-03-01")))
    );
    insta::assert_snapshot!(rendered);
}

#[test]
fn mention_spans_cover_the_original_words() {
    let text = "The Mojahedin attacked U.S. troops near Kabul.\n";
    let doc = run(text, Some("2001-11-01"));
    for m in &doc.mentions {
        let first = doc.tokens[m.tokens.start as usize].span;
        let last = doc.tokens[m.tokens.end as usize - 1].span;
        assert_eq!(m.span, first.cover(last));
    }
    insta::assert_snapshot!(render(&doc));
}

#[test]
fn discarded_sentence_gets_no_mentions() {
    let text = "Iraq beat Syria at basketball on Sunday.\nIraqi police arrested two men.\n";
    let doc = run(text, Some("2010-06-01"));
    assert!(doc
        .mentions
        .iter()
        .all(|m| m.tokens.start >= doc.sentences[1].tokens.start));
    assert!(doc
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Info && d.message.contains("BASKETBALL")));
    let kept = ActorStage::new(phoenix()).ignoring_discards();
    let mut doc = annotate(text, Some("2010-06-01"));
    kept.run(&mut doc);
    assert!(doc
        .mentions
        .iter()
        .any(|m| m.tokens.start < doc.sentences[1].tokens.start));
}

/// `text` through the Phoenix stage, with or without `coding_history`:
/// (mention words, code) pairs.
fn coded(text: &str, published: &str, history: bool) -> Vec<(String, String)> {
    let mut doc = annotate(text, Some(published));
    let stage = ActorStage::new(phoenix());
    let stage = if history {
        stage.coding_history()
    } else {
        stage
    };
    stage.run(&mut doc);
    doc.mentions
        .iter()
        .map(|m| {
            let code = m.code.clone().unwrap_or_default();
            (doc.slice(m.span).to_string(), code)
        })
        .collect()
}

/// Regression: Phoenix discards every year from 1914 to 2013, which blanked
/// "Insurgents killed the governor in 1981" before the date stage could
/// mark it historical. `coding_history` passes over time-only discards and
/// keeps every other one.
#[test]
fn coding_history_keeps_sentences_that_name_a_year() {
    let years = [
        "Iraqi insurgents killed the governor in 1981.\n",
        "Iraqi troops entered Kuwait in August 1990.\n",
        "Iraqi troops left Kuwait months later.\n",
        "Iraqi troops left Kuwait fifty years ago.\n",
    ];
    for text in years {
        assert!(coded(text, "2015-03-12", false).is_empty(), "{text}");
        let history = coded(text, "2015-03-12", true);
        assert!(
            history.iter().any(|(_, c)| c.starts_with("IRQ")),
            "{text}: {history:?}"
        );
    }
    // A discard that is not a time still blanks the sentence.
    let sport = "Iraqi players won the World Cup basketball final.\n";
    assert!(coded(sport, "2015-03-12", true).is_empty());
}

/// With `coding_history`, a name with no code on the publication date takes
/// its last role before it; the PETRARCH reading (no actor) stays the default.
#[test]
fn coding_history_gives_a_former_leader_his_last_role() {
    let text = "Muammar Gaddafi met Iraqi officials.\n";
    let gaddafi = ("Muammar Gaddafi".to_string(), "LBYGOV".to_string());
    assert!(!coded(text, "2015-03-12", false).contains(&gaddafi));
    assert!(coded(text, "2015-03-12", true).contains(&gaddafi));
    // A role that starts after the date is never taken.
    assert!(!coded(text, "1960-01-01", true).contains(&gaddafi));
}

/// khaldun's agent supplement: bare "leader" and "officials" carry a role.
#[test]
fn supplement_agents_combine_with_countries() {
    let doc = run("The US leader met Iraqi officials.\n", Some("2015-03-12"));
    let codes: Vec<&str> = doc
        .mentions
        .iter()
        .filter_map(|m| m.code.as_deref())
        .collect();
    assert!(codes.contains(&"USAGOV"), "{codes:?}");
    assert!(codes.contains(&"IRQGOV"), "{codes:?}");
}

/// The last role is the one whose period ended last, whatever the form of
/// its restriction (a range ending in 1990 loses to `<2010`).
#[test]
fn the_last_role_is_the_latest_to_end() {
    let mut b = ActorDictBuilder::new();
    b.add_text(
        DictionaryKind::Actors,
        "roles.actors.txt",
        "JOHN_DOE_\n\t[AAAGOV 19800101-19901231]\n\t[AAAELI <20100101]\n",
    );
    let stage = ActorStage::new(Arc::new(b.build())).coding_history();
    let mut doc = annotate("John Doe spoke.\n", Some("2015-03-12"));
    stage.run(&mut doc);
    let codes: Vec<&str> = doc
        .mentions
        .iter()
        .filter_map(|m| m.code.as_deref())
        .collect();
    assert_eq!(codes, ["AAAELI"]);
}

/// Regression: Phoenix lists Lebanon's Hezbollah but no Iraqi militia, so
/// "Kataib Hezbollah" was coded LBNREB by its last word. khaldun's actor
/// supplement names the Iraqi groups; the longest match must take them, and
/// the bare name must stay Lebanese.
#[test]
fn supplement_groups_win_over_the_name_they_contain() {
    let phoenix = phoenix();
    let cases = [
        (
            "Kataib Hezbollah fired rockets.\n",
            "Kataib Hezbollah",
            "IRQREB",
        ),
        ("Hezbollah fired rockets.\n", "Hezbollah", "LBNREB"),
        (
            "The Badr Organization denied it.\n",
            "Badr Organization",
            "IRQREB",
        ),
        (
            "The Popular Mobilization Forces advanced.\n",
            "Popular Mobilization Forces",
            "IRQMIL",
        ),
        (
            "Houthi rebels seized the port.\n",
            "Houthi rebels",
            "YEMREB",
        ),
        ("Al-Shabaab claimed the attack.\n", "Al-Shabaab", "SOMREB"),
    ];
    for (text, words, code) in cases {
        let mut doc = annotate(text, Some("2016-01-01"));
        ActorStage::new(phoenix.clone()).run(&mut doc);
        let got: Vec<(String, String)> = doc
            .mentions
            .iter()
            .map(|m| {
                (
                    doc.slice(m.span).to_string(),
                    m.code.clone().unwrap_or_default(),
                )
            })
            .collect();
        assert!(
            got.iter().any(|(w, c)| w == words && c == code),
            "{text:?}: {got:?}"
        );
    }
}
