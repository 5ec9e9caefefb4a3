//! The gold fixtures, in oracle mode: gold actor mentions and gold event
//! triggers stand in for the actor matcher and the event coder, and the test
//! tokenizer stands in for `segment`, so this measures the claims stages
//! alone. The end-to-end figures come from `khaldun eval claims`.

use claims::eval::{self, ClaimsReport};

const GOLD: &str = include_str!("gold/claims-gold.jsonl");

fn report() -> ClaimsReport {
    let golds = eval::parse_gold(GOLD).expect("the gold file parses");
    eval::evaluate(&golds, |g| eval::run_oracle(g, claims::testkit::tokenize))
}

#[test]
fn gold_covers_every_construction() {
    let golds = eval::parse_gold(GOLD).unwrap();
    assert!(golds.len() >= 60, "{} passages", golds.len());
    let all: Vec<&str> = golds
        .iter()
        .flat_map(|g| g.constructions.iter().map(String::as_str))
        .collect();
    for needed in [
        "attribution:say",
        "attribution:according-to",
        "attribution:who-said",
        "attribution:inverted-said",
        "attribution:multi-sentence-quote",
        "attribution:nested",
        "attribution:tell",
        "attribution:add",
        "attribution:state",
        "attribution:reveal",
        "attribution:disclose",
        "attribution:unveil",
        "attribution:claim",
        "attribution:allege",
        "attribution:accuse",
        "attribution:deny",
        "attribution:confirm",
        "attribution:warn",
        "attribution:announce",
        "attribution:report",
        "date:weekday",
        "date:yesterday",
        "date:last-week",
        "date:earlier-this-month",
        "date:last-year",
        "date:year",
        "date:month-year",
        "date:month-day",
        "date:range",
        "date:between",
        "date:era",
        "date:pluperfect",
        "date:nonsense",
        "date:no-publication-date",
        "negation:did-not",
        "negation:denied-ing",
        "negation:refused-to",
        "negation:unable-to",
        "negation:no-reports-of",
        "modality:will",
        "modality:plans-to",
        "modality:could",
        "modality:if",
        "coref:the-group",
        "coref:the-militia",
        "coref:the-ministry",
        "coref:pronoun-he",
        "coref:apposition",
        "coref:acronym",
        "coref:also-known-as",
        "coref:the-former-official",
        "coref:the-late-dictator",
        "geo:dateline",
        "geo:in",
        "geo:near",
        "geo:actor-country",
        "geo:ambiguous-georgia",
        "geo:ambiguous-tripoli-lbn",
        "geo:ambiguous-tripoli-lby",
        "framing:pejorative",
        "framing:honorific",
        "framing:delegitimizing",
    ] {
        assert!(all.contains(&needed), "no gold passage for {needed}");
    }
}

#[test]
fn oracle_accuracy_per_field() {
    let r = report();
    println!("{}", eval::render(&r));
    for m in &r.misses {
        println!(
            "MISS {} [{}] {}: expected {} got {}",
            m.doc, m.trigger, m.field, m.expected, m.got
        );
    }
    assert_eq!(
        r.matched_events, r.gold_events,
        "oracle events must all be found"
    );
    for (name, f) in r.fields() {
        assert!(
            f.accuracy() >= 0.9,
            "{name}: {:.1}% ({}/{})",
            100.0 * f.accuracy(),
            f.correct,
            f.total
        );
    }
}
