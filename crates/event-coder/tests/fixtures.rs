//! Snapshot tests of coded events for hand-parsed fixture sentences: passives,
//! coordination of actors and verbs, relative clauses, infinitival
//! complements, negated verbs, speech transformations and date-restricted
//! actors. Parses are written by hand (UD v2) so that the tests pin the
//! coder, not a parser.

mod common;

use std::fmt::Write as _;
use std::sync::Arc;

use actor_dict::{ActorDictBuilder, ActorStage, DictionaryKind};
use event_coder::{CoderOptions, EventCoder};
use text_model::{AnnotatedDoc, ByteSpan, Stage};

const ACTORS: &str = "\
GERMANY_ [DEU]
FRANCE_ [FRA]
RUSSIA_ [RUS]
SYRIA_ [SYR]
+SYRIAN_
SPAIN_ [ESP]
IRAN_ [IRN]
IRAQ_ [IRQ]
+IRAQI_
IRAQI_GOVERNMENT_
\t[IRQGOV >030409]
\t[IRQGOVBAA <030409]
";

const AGENTS: &str = "\
FORCES {} [~MIL]
REBELS {} [~REB]
GOVERNMENT {} [~GOV]
";

fn actor_stage() -> ActorStage {
    let mut b = ActorDictBuilder::new();
    b.add_text(DictionaryKind::Actors, "fixture.actors.txt", ACTORS);
    b.add_text(DictionaryKind::Agents, "fixture.agents.txt", AGENTS);
    ActorStage::new(Arc::new(b.build()))
}

fn doc_of(s: &conllu::Sentence) -> AnnotatedDoc {
    common::doc_of(s, None)
}

fn render(doc: &AnnotatedDoc) -> String {
    let mut out = String::new();
    let side = |code: Option<&str>, span: ByteSpan| {
        format!("{} \"{}\"", code.unwrap_or("-"), doc.slice(span))
    };
    for e in &doc.events {
        writeln!(
            out,
            "{} -> {} : {} (quad {}, goldstein {}, plover {}) trigger \"{}\" pattern {}",
            side(e.source.code.as_deref(), e.source.span),
            e.target
                .as_ref()
                .map(|t| side(t.code.as_deref(), t.span))
                .unwrap_or_else(|| "-".into()),
            e.cameo,
            e.quad_class,
            e.goldstein,
            e.plover_type.as_deref().unwrap_or("-"),
            doc.slice(e.trigger),
            e.pattern.as_deref().unwrap_or("-"),
        )
        .unwrap();
    }
    if out.is_empty() {
        out.push_str("(no events)\n");
    }
    out
}

#[test]
fn fixture_sentences() {
    let text = include_str!("fixtures/sentences.conllu");
    let sentences = conllu::parse_str(text).expect("fixtures parse");
    let actors = actor_stage();
    let coder = EventCoder::new(CoderOptions::default());
    let mut all = String::new();
    for s in &sentences {
        let mut doc = doc_of(s);
        actors.run(&mut doc);
        coder.run(&mut doc);
        writeln!(all, "## {}: {}", s.sent_id().unwrap_or("?"), doc.text()).unwrap();
        all.push_str(&render(&doc));
    }
    insta::assert_snapshot!(all);
}

#[test]
fn unary_events_need_the_option() {
    let text = "# sent_id = unary\n# text = Germany protested.\n\
                1\tGermany\tGermany\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n\
                2\tprotested\tprotest\tVERB\tVBD\t_\t0\troot\t_\t_\n\
                3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n";
    let s = &conllu::parse_str(text).unwrap()[0];
    let actors = actor_stage();
    let mut strict = doc_of(s);
    actors.run(&mut strict);
    EventCoder::new(CoderOptions::default()).run(&mut strict);
    assert!(strict.events.is_empty());
    let mut unary = doc_of(s);
    actors.run(&mut unary);
    let options = CoderOptions {
        require_dyad: false,
        ..CoderOptions::default()
    };
    EventCoder::new(options).run(&mut unary);
    assert_eq!(unary.events.len(), 1);
    assert!(unary.events[0].target.is_none());
    assert_eq!(unary.events[0].cameo_root(), "14");
}

#[test]
fn the_stage_declares_its_layers() {
    let c = EventCoder::new(CoderOptions::default());
    assert_eq!(c.name(), "events.cameo.v1");
    assert!(c.requires().contains(&text_model::Layer::Dependencies));
    assert_eq!(c.provides(), &[text_model::Layer::Events]);
}

/// A threat is coded as the threat (138); with `keep_embedded` the threatened
/// act stays beside it, for the modality stage to mark hypothetical.
/// Regression: the complement's events were dropped even with the option.
#[test]
fn keep_embedded_keeps_the_threatened_act() {
    let threat = &common::fixture(include_str!("fixtures/sentences.conllu"), "threat");
    let codes = |options: CoderOptions| -> Vec<(String, String)> {
        let mut doc = doc_of(threat);
        actor_stage().run(&mut doc);
        EventCoder::new(options).run(&mut doc);
        let mut v: Vec<(String, String)> = doc
            .events
            .iter()
            .map(|e| (doc.slice(e.trigger).to_string(), e.cameo.clone()))
            .collect();
        v.sort();
        v
    };
    let petrarch = codes(CoderOptions::default());
    assert_eq!(petrarch, [("threatened".to_string(), "138".to_string())]);
    let kept = codes(CoderOptions {
        keep_embedded: true,
        ..CoderOptions::default()
    });
    assert_eq!(
        kept,
        [
            ("attack".to_string(), "190".to_string()),
            ("threatened".to_string(), "138".to_string())
        ]
    );
}

/// The outer verb's own event and no combined code ("asked France to
/// attack Spain"): PETRARCH keeps only the outer event; with `keep_embedded`
/// the complement's event stays too. Regression: it was dropped either way.
#[test]
fn keep_embedded_keeps_a_complement_beside_the_outer_event() {
    let ask = &common::fixture(include_str!("fixtures/sentences.conllu"), "ask-to-attack");
    let triggers = |keep_embedded: bool| -> Vec<String> {
        let mut doc = doc_of(ask);
        actor_stage().run(&mut doc);
        EventCoder::new(CoderOptions {
            keep_embedded,
            ..CoderOptions::default()
        })
        .run(&mut doc);
        let mut v: Vec<String> = doc
            .events
            .iter()
            .map(|e| doc.slice(e.trigger).to_string())
            .collect();
        v.sort();
        v
    };
    assert_eq!(triggers(false), ["asked"]);
    assert_eq!(triggers(true), ["asked", "attack"]);
}

/// Uncoded claims only add: over every fixture sentence the CAMEO-coded
/// events are the same with and without the option, and what it adds has no
/// code, QuadClass, Goldstein value or PLOVER type, on a verb.
#[test]
fn uncoded_claims_leave_the_coded_events_alone() {
    let text = include_str!("fixtures/sentences.conllu");
    let sentences = conllu::parse_str(text).expect("fixtures parse");
    let actors = actor_stage();
    let mut added = 0;
    for require_dyad in [true, false] {
        let plain = EventCoder::new(CoderOptions {
            require_dyad,
            ..CoderOptions::default()
        });
        let with_claims = EventCoder::new(CoderOptions {
            require_dyad,
            uncoded_claims: true,
            ..CoderOptions::default()
        });
        for s in &sentences {
            let mut a = doc_of(s);
            actors.run(&mut a);
            let mut b = a.clone();
            plain.run(&mut a);
            with_claims.run(&mut b);
            let coded: Vec<_> = b.events.iter().filter(|e| e.is_coded()).cloned().collect();
            assert_eq!(coded, a.events, "{}", a.text());
            for e in b.events.iter().filter(|e| !e.is_coded()) {
                added += 1;
                assert_eq!((e.quad_class, e.goldstein), (0, 0.0), "{}", b.text());
                assert!(e.plover_type.is_none());
                assert!(e.pattern.as_deref().unwrap().ends_with("(uncoded claim)"));
                let t = b.tokens.iter().find(|t| t.span == e.trigger).unwrap();
                assert_eq!(t.upos, "VERB", "{}", b.text());
            }
        }
    }
    assert!(added > 0, "no fixture sentence has an uncoded claim");
}

/// A verb that no CAMEO category covers is a claim all the same when asked:
/// "Germany smuggled weapons to Syria" keeps its actors, with an empty code.
#[test]
fn a_verb_outside_cameo_is_an_uncoded_claim_only_on_request() {
    let text = "# sent_id = smuggle\n# text = Germany smuggled weapons to Syria.\n\
                1\tGermany\tGermany\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n\
                2\tsmuggled\tsmuggle\tVERB\tVBD\t_\t0\troot\t_\t_\n\
                3\tweapons\tweapon\tNOUN\tNNS\t_\t2\tobj\t_\t_\n\
                4\tto\tto\tADP\tIN\t_\t5\tcase\t_\t_\n\
                5\tSyria\tSyria\tPROPN\tNNP\t_\t2\tobl\t_\t_\n\
                6\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n";
    let s = &conllu::parse_str(text).unwrap()[0];
    let actors = actor_stage();
    let mut plain = doc_of(s);
    actors.run(&mut plain);
    let mut claims = plain.clone();
    EventCoder::new(CoderOptions::default()).run(&mut plain);
    assert!(plain.events.is_empty());
    let options = CoderOptions {
        uncoded_claims: true,
        ..CoderOptions::default()
    };
    EventCoder::new(options).run(&mut claims);
    insta::assert_snapshot!(render(&claims));
}
