//! Coding rules checked with a small PETRARCH-1 (TABARI-format) verb
//! dictionary, the format of PETRARCH's unit-test records. Each fixture
//! sentence in `fixtures/petrarch1_rules.conllu` is parsed by hand (some
//! with the parser errors the rule must survive) and carries the triples it
//! must yield (`# expect`, PETRARCH notation) and the `require_dyad` setting.

mod common;

use std::sync::Arc;

use actor_dict::{ActorDictBuilder, ActorStage, DictionaryKind};
use event_coder::{CoderOptions, EventCoder};
use text_model::{AnnotatedDoc, NaiveDate, Stage};
use verb_patterns::{Format, VerbDictionary};

const VERBS: &str = "\
--- ATTACK [190] ---
ATTACK

--- DEMAND [100] ---
DEMAND

--- AGREE [081] ---
AGREE
- * WITH % [031]
- % * [030:030]

--- MEET [040] ---
MEET {MEETS MET MEETING}

--- CELEBRATE [040] ---
CELEBRATE
- * FEAST IN ^ + [045]

--- WELCOME [041] ---
WELCOME

--- BLOCKADE [191] ---
BLOCKADE

--- CONDUCT [---] ---
CONDUCT
- * MILITARY_EXERCISES [150]

--- CONCUR [050] ---
CONCUR

--- SIGN [081] ---
SIGN

--- LEAVE [012] ---
LEAVE

--- LEFT [032:033] ---
LEFT

--- RELEASE [080] ---
RELEASE
- * CIVILIANS [084]

--- RECEIVE [---] ---
RECEIVE
- * ASSURANCES [:030]

--- ARRIVE [040] ---
ARRIVE

--- REFUSE [---] ---
DENY

--- SAID [023] ---
SAID
SAY
";

const ACTORS: &str = "\
GERMANY_ [DEU]
FRANCE_ [FRA]
SPAIN_ [ESP]
+SPANISH_
IRAQ_ [IRQ]
+IRAQI_
JORDAN_ [JOR]
SYRIA_ [SYR]
+SYRIAN_
ASSAD_ [SYRGOV]
BENELUX_ [BEL/NLD/LUX]
ALASKA_ [USA]
RUSSIA_ [RUS]
GEORGIA_ [GEO]
";

const AGENTS: &str = "\
REBELS {} [~REB]
OFFICIAL [~GOV]
LAWMAKER [~LEG]
MILITARY {} [~MIL]
SOLDIER [~MIL]
TROOPS {} [~MIL]
CIVILIAN [~CVL]
";

fn doc_of(s: &conllu::Sentence) -> AnnotatedDoc {
    common::doc_of(s, NaiveDate::from_ymd_opt(2005, 6, 1))
}

fn comment<'a>(s: &'a conllu::Sentence, key: &str) -> &'a str {
    s.comments
        .iter()
        .find_map(|c| {
            let (k, v) = c.trim_start_matches('#').split_once('=')?;
            (k.trim() == key).then(|| v.trim())
        })
        .unwrap_or_else(|| panic!("fixture without # {key}"))
}

/// "SOURCE TARGET CODE" of each event, `-` for a missing code, sorted.
fn triples(doc: &AnnotatedDoc) -> Vec<String> {
    let mut v: Vec<String> = doc
        .events
        .iter()
        .map(|e| {
            format!(
                "{} {} {}",
                e.source.code.as_deref().unwrap_or("-"),
                e.target
                    .as_ref()
                    .and_then(|t| t.code.as_deref())
                    .unwrap_or("-"),
                e.cameo
            )
        })
        .collect();
    v.sort();
    v
}

/// The rules' verb dictionary and actor stage.
fn rules_setup() -> (Arc<VerbDictionary>, ActorStage) {
    let (verbs, partial) = VerbDictionary::parse_str(VERBS, Format::Tabari);
    assert!(partial.is_none(), "{partial:?}");
    let mut b = ActorDictBuilder::new();
    b.add_text(DictionaryKind::Actors, "rules.actors.txt", ACTORS);
    b.add_text(DictionaryKind::Agents, "rules.agents.txt", AGENTS);
    (Arc::new(verbs), ActorStage::new(Arc::new(b.build())))
}

/// A noun's non-finite complement ("a proposal to attack France") codes no
/// event as PETRARCH codes; with `keep_embedded` (khaldun's default
/// pipeline) its event stays, for the claims stages to mark hypothetical or
/// negated. Regression: "plans to hold talks" and "no reports of fighting"
/// had vanished from the claims evaluation.
#[test]
fn keep_embedded_keeps_a_nouns_complement() {
    let (verbs, actors) = rules_setup();
    let s = &common::fixture(
        include_str!("fixtures/petrarch1_rules.conllu"),
        "noun-complement-is-no-event",
    );
    let codes = |keep_embedded: bool| -> Vec<String> {
        let mut doc = doc_of(s);
        actors.run(&mut doc);
        let options = CoderOptions {
            require_dyad: false,
            keep_embedded,
            ..CoderOptions::default()
        };
        EventCoder::with_dictionary(verbs.clone(), options).run(&mut doc);
        doc.events.iter().map(|e| e.cameo.clone()).collect()
    };
    assert!(
        !codes(false).contains(&"190".to_string()),
        "{:?}",
        codes(false)
    );
    assert!(
        codes(true).contains(&"190".to_string()),
        "{:?}",
        codes(true)
    );
}

/// With `keep_embedded`, the fixtures' `# expect_kept` triples: who a
/// kept complement's event belongs to.
#[test]
fn keep_embedded_fixtures() {
    let (verbs, actors) = rules_setup();
    let sentences =
        conllu::parse_str(include_str!("fixtures/petrarch1_rules.conllu")).expect("fixtures");
    let mut checked = 0;
    let mut failures = Vec::new();
    for s in &sentences {
        let Some(want) = s.comments.iter().find_map(|c| {
            let (k, v) = c.trim_start_matches('#').split_once('=')?;
            (k.trim() == "expect_kept").then(|| v.trim())
        }) else {
            continue;
        };
        checked += 1;
        let mut doc = doc_of(s);
        actors.run(&mut doc);
        let options = CoderOptions {
            require_dyad: comment(s, "require_dyad") == "true",
            keep_embedded: true,
            future_as_intent: false,
            ..CoderOptions::default()
        };
        EventCoder::with_dictionary(verbs.clone(), options).run(&mut doc);
        let got: Vec<String> = triples(&doc)
            .into_iter()
            .map(|t| t.replace(['-', '~'], "---"))
            .collect();
        let mut want: Vec<String> = want.split('|').map(|x| x.trim().to_string()).collect();
        want.sort();
        if got != want {
            failures.push(format!(
                "{}: want {want:?}, got {got:?}",
                s.sent_id().unwrap_or("?")
            ));
        }
    }
    assert!(checked >= 3, "{checked} fixtures with expect_kept");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn petrarch1_rules() {
    let (verbs, actors) = rules_setup();
    let sentences =
        conllu::parse_str(include_str!("fixtures/petrarch1_rules.conllu")).expect("fixtures");
    assert!(sentences.len() >= 7);
    let mut failures = Vec::new();
    for s in &sentences {
        let mut doc = doc_of(s);
        actors.run(&mut doc);
        let options = CoderOptions {
            require_dyad: comment(s, "require_dyad") == "true",
            future_as_intent: false,
            ..CoderOptions::default()
        };
        EventCoder::with_dictionary(verbs.clone(), options).run(&mut doc);
        let side = |c: Option<&str>| match c {
            None | Some("") => "---".to_string(),
            Some(c) => c.replace('~', "---"),
        };
        let mut got: Vec<String> = doc
            .events
            .iter()
            .map(|e| {
                format!(
                    "{} {} {}",
                    side(e.source.code.as_deref()),
                    side(e.target.as_ref().and_then(|t| t.code.as_deref())),
                    e.cameo
                )
            })
            .collect();
        let mut want: Vec<String> = comment(s, "expect")
            .split('|')
            .map(|x| x.trim().to_string())
            .filter(|x| x != "(none)")
            .collect();
        got.sort();
        want.sort();
        if got != want {
            failures.push(format!(
                "{} ({}): want {want:?}, got {got:?}",
                s.sent_id().unwrap_or("?"),
                comment(s, "note")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The CAMEO.2.0 reading of a bare `%` before the verb (UniversalPetrarch's
/// `- % * [120]`): the compound subject is paired up whatever the code,
/// although a compound subject alone pairs up only for codes 03-06.
#[test]
fn cameo2_bare_compound_marker_pairs_the_subject() {
    let dict = "####### VERB PATTERNS #######\n--- DELAY [120] ---\nDELAY\n- % * [120]\n\
                --- ATTACK [190] ---\nATTACK\n\
                ######## TRANSFORMATIONS ##########\n";
    let (verbs, partial) = VerbDictionary::parse_str(dict, Format::Cameo2);
    assert!(partial.is_none(), "{partial:?}");
    let verbs = Arc::new(verbs);
    let mut b = ActorDictBuilder::new();
    b.add_text(DictionaryKind::Actors, "rules.actors.txt", ACTORS);
    let actors = ActorStage::new(Arc::new(b.build()));
    let coded = |verb: &str, lemma: &str| -> Vec<String> {
        let conllu = format!(
            "# text = Germany and France {verb}.\n\
             1\tGermany\tGermany\tPROPN\tNNP\t_\t4\tnsubj\t_\t_\n\
             2\tand\tand\tCCONJ\tCC\t_\t3\tcc\t_\t_\n\
             3\tFrance\tFrance\tPROPN\tNNP\t_\t1\tconj\t_\t_\n\
             4\t{verb}\t{lemma}\tVERB\tVBD\t_\t0\troot\t_\t_\n\
             5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n\n"
        );
        let s = &conllu::parse_str(&conllu).expect("conllu")[0];
        let mut doc = doc_of(s);
        actors.run(&mut doc);
        EventCoder::with_dictionary(verbs.clone(), CoderOptions::default()).run(&mut doc);
        triples(&doc)
    };
    assert_eq!(coded("delayed", "delay"), ["DEU FRA 120", "FRA DEU 120"]);
    assert!(coded("attacked", "attack").is_empty());
}

/// "A says B attacked C" is recoded by the SAY transformation (A accuses
/// B, 112); "B attacked C, A said" is B's attack, reported: the clause
/// before its reporting verb is the main assertion.
#[test]
fn a_clause_before_its_reporting_verb_is_not_transformed() {
    let dict = "####### VERB PATTERNS #######\n--- SAY [010] ---\nSAY\n\
                --- ATTACK [190] ---\nATTACK\n\
                ######## TRANSFORMATIONS ##########\n~ a (b . ATTACK) SAY = a b 112\n";
    let (verbs, partial) = VerbDictionary::parse_str(dict, Format::Cameo2);
    assert!(partial.is_none(), "{partial:?}");
    let verbs = Arc::new(verbs);
    let mut b = ActorDictBuilder::new();
    b.add_text(DictionaryKind::Actors, "rules.actors.txt", ACTORS);
    let actors = ActorStage::new(Arc::new(b.build()));
    let coded = |conllu: &str| -> Vec<String> {
        let s = &conllu::parse_str(conllu).expect("conllu")[0];
        let mut doc = doc_of(s);
        actors.run(&mut doc);
        EventCoder::with_dictionary(verbs.clone(), CoderOptions::default()).run(&mut doc);
        triples(&doc)
    };
    let reported_after = "# text = Spain said Germany attacked France.\n\
        1\tSpain\tSpain\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n\
        2\tsaid\tsay\tVERB\tVBD\t_\t0\troot\t_\t_\n\
        3\tGermany\tGermany\tPROPN\tNNP\t_\t4\tnsubj\t_\t_\n\
        4\tattacked\tattack\tVERB\tVBD\t_\t2\tccomp\t_\t_\n\
        5\tFrance\tFrance\tPROPN\tNNP\t_\t4\tobj\t_\t_\n\
        6\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n";
    let reported_before = "# text = Germany attacked France, Spain said.\n\
        1\tGermany\tGermany\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n\
        2\tattacked\tattack\tVERB\tVBD\t_\t6\tccomp\t_\t_\n\
        3\tFrance\tFrance\tPROPN\tNNP\t_\t2\tobj\t_\t_\n\
        4\t,\t,\tPUNCT\t,\t_\t2\tpunct\t_\t_\n\
        5\tSpain\tSpain\tPROPN\tNNP\t_\t6\tnsubj\t_\t_\n\
        6\tsaid\tsay\tVERB\tVBD\t_\t0\troot\t_\t_\n\
        7\t.\t.\tPUNCT\t.\t_\t6\tpunct\t_\t_\n\n";
    assert_eq!(coded(reported_after), ["ESP DEU 112"]);
    assert_eq!(coded(reported_before), ["DEU FRA 190"]);
}
