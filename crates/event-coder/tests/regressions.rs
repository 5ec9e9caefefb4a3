//! Regression tests for coder bugs found on arbitrary input.

mod common;

use std::sync::Arc;

use actor_dict::{ActorDictBuilder, ActorStage, DictionaryKind};
use event_coder::{CoderOptions, EventCoder};
use text_model::Stage;

/// "Iraq and they attacked Iran": the pronoun conjunct of the subject
/// resolves to the subject of its clause, whose conjuncts hold the pronoun
/// again. Resolving antecedents recursed until the stack overflowed (found
/// on a random word salad of news words); nesting is now cut short.
#[test]
fn a_pronoun_conjunct_of_its_own_antecedent_does_not_recurse_forever() {
    let conllu = "\
# sent_id = pronoun-conjunct
# date = 2015-03-10
# text = Iraq and they attacked Iran.
1\tIraq\tIraq\tPROPN\tNNP\tNumber=Sing\t4\tnsubj\t_\t_
2\tand\tand\tCCONJ\tCC\t_\t3\tcc\t_\t_
3\tthey\tthey\tPRON\tPRP\tCase=Nom|Number=Plur|Person=3|PronType=Prs\t1\tconj\t_\t_
4\tattacked\tattack\tVERB\tVBD\tMood=Ind|Tense=Past|VerbForm=Fin\t0\troot\t_\t_
5\tIran\tIran\tPROPN\tNNP\tNumber=Sing\t4\tobj\t_\tSpaceAfter=No
6\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_
";
    let sentence = common::fixture(conllu, "pronoun-conjunct");
    let mut doc = common::doc_of(&sentence, None);
    let mut dict = ActorDictBuilder::new();
    dict.add_text(
        DictionaryKind::Actors,
        "regression.actors.txt",
        "IRAQ_ [IRQ]\nIRAN_ [IRN]\n",
    );
    ActorStage::new(Arc::new(dict.build())).run(&mut doc);
    EventCoder::new(CoderOptions::default()).run(&mut doc);
    let dyads: Vec<(Option<&str>, Option<&str>)> = doc
        .events
        .iter()
        .map(|e| {
            (
                e.source.code.as_deref(),
                e.target.as_ref().and_then(|t| t.code.as_deref()),
            )
        })
        .collect();
    assert!(dyads.contains(&(Some("IRQ"), Some("IRN"))), "{dyads:?}");
}

/// The actors of a hand-parsed sentence's events, coded with a small
/// dictionary of countries and agents.
fn dyads_of(conllu: &str, id: &str, actors: &str, agents: &str) -> Vec<(String, String, String)> {
    let sentence = common::fixture(conllu, id);
    let mut doc = common::doc_of(&sentence, None);
    let mut dict = ActorDictBuilder::new();
    dict.add_text(DictionaryKind::Actors, "regression.actors.txt", actors);
    dict.add_text(DictionaryKind::Agents, "regression.agents.txt", agents);
    ActorStage::new(Arc::new(dict.build())).run(&mut doc);
    eprintln!(
        "DEBUG {:?}",
        doc.mentions
            .iter()
            .map(|m| (m.tokens.clone(), m.kind, m.code.clone()))
            .collect::<Vec<_>>()
    );
    EventCoder::new(CoderOptions::default()).run(&mut doc);
    doc.events
        .iter()
        .map(|e| {
            (
                e.source.code.clone().unwrap_or_default(),
                e.target
                    .as_ref()
                    .and_then(|t| t.code.clone())
                    .unwrap_or_default(),
                e.cameo.clone(),
            )
        })
        .collect()
}

/// "US and British activists": coordinated country words before one agent
/// noun each name an actor with that agent (`USAOPP` and `GBROPP`), not
/// the last country alone; the parse attaches the first country as a
/// compound of the noun, or makes the second its conjunct.
#[test]
fn coordinated_country_words_share_their_agent_noun() {
    let conllu = "\
# sent_id = shared-noun
# text = US and British activists staged a protest in Beijing.
1\tUS\tUS\tPROPN\tNNP\tNumber=Sing\t4\tcompound\t_\t_
2\tand\tand\tCCONJ\tCC\t_\t3\tcc\t_\t_
3\tBritish\tBritish\tADJ\tJJ\tDegree=Pos\t1\tconj\t_\t_
4\tactivists\tactivist\tNOUN\tNNS\tNumber=Plur\t5\tnsubj\t_\t_
5\tstaged\tstage\tVERB\tVBD\tMood=Ind|Tense=Past|VerbForm=Fin\t0\troot\t_\t_
6\ta\ta\tDET\tDT\tDefinite=Ind|PronType=Art\t7\tdet\t_\t_
7\tprotest\tprotest\tNOUN\tNN\tNumber=Sing\t5\tobj\t_\t_
8\tin\tin\tADP\tIN\t_\t9\tcase\t_\t_
9\tBeijing\tBeijing\tPROPN\tNNP\tNumber=Sing\t7\tnmod\t_\tSpaceAfter=No
10\t.\t.\tPUNCT\t.\t_\t5\tpunct\t_\t_

# sent_id = shared-noun-amod
# text = Senior Hungarian and Romanian officials met Chinese envoys.
1\tSenior\tsenior\tADJ\tJJ\tDegree=Pos\t5\tamod\t_\t_
2\tHungarian\tHungarian\tADJ\tJJ\tDegree=Pos\t5\tamod\t_\t_
3\tand\tand\tCCONJ\tCC\t_\t4\tcc\t_\t_
4\tRomanian\tRomanian\tADJ\tJJ\tDegree=Pos\t2\tconj\t_\t_
5\tofficials\tofficial\tNOUN\tNNS\tNumber=Plur\t6\tnsubj\t_\t_
6\tmet\tmeet\tVERB\tVBD\tMood=Ind|Tense=Past|VerbForm=Fin\t0\troot\t_\t_
7\tChinese\tChinese\tADJ\tJJ\tDegree=Pos\t8\tamod\t_\t_
8\tenvoys\tenvoy\tNOUN\tNNS\tNumber=Plur\t6\tobj\t_\tSpaceAfter=No
9\t.\t.\tPUNCT\t.\t_\t6\tpunct\t_\t_

# sent_id = two-actors
# text = Iraq and Iranian forces attacked Kuwait.
1\tIraq\tIraq\tPROPN\tNNP\tNumber=Sing\t5\tnsubj\t_\t_
2\tand\tand\tCCONJ\tCC\t_\t4\tcc\t_\t_
3\tIranian\tIranian\tADJ\tJJ\tDegree=Pos\t4\tamod\t_\t_
4\tforces\tforce\tNOUN\tNNS\tNumber=Plur\t1\tconj\t_\t_
5\tattacked\tattack\tVERB\tVBD\tMood=Ind|Tense=Past|VerbForm=Fin\t0\troot\t_\t_
6\tKuwait\tKuwait\tPROPN\tNNP\tNumber=Sing\t5\tobj\t_\tSpaceAfter=No
7\t.\t.\tPUNCT\t.\t_\t5\tpunct\t_\t_
";
    let actors = "US_ [USA]\nBRITISH_ [GBR]\nBEIJING_ [CHN]\nHUNGARIAN_ [HUN]\nROMANIAN_ [ROU]\n\
                  CHINESE_ [CHN]\nIRAQ_ [IRQ]\nIRANIAN_ [IRN]\nKUWAIT_ [KWT]\n";
    let agents = "ACTIVIST [~OPP]\nOFFICIAL [~GOV]\nENVOY [~GOV]\nFORCES [~MIL]\n";
    let protest = dyads_of(conllu, "shared-noun", actors, agents);
    for src in ["USAOPP", "GBROPP"] {
        assert!(
            protest.contains(&(src.into(), "CHN".into(), "141".into())),
            "{src}: {protest:?}"
        );
    }
    let met = dyads_of(conllu, "shared-noun-amod", actors, agents);
    for src in ["HUNGOV", "ROUGOV"] {
        assert!(
            met.iter().any(|(s, t, _)| s == src && t.starts_with("CHN")),
            "{src}: {met:?}"
        );
    }
    // Two coordinated actors: both attack.
    let attack = dyads_of(conllu, "two-actors", actors, agents);
    for src in ["IRQ", "IRN"] {
        assert!(
            attack
                .iter()
                .any(|(s, t, _)| s.starts_with(src) && t == "KWT"),
            "{src}: {attack:?}"
        );
    }
}

/// "a government-held part of Syria": the actor inside a participle that
/// modifies the phrase is the participle's agent (the holder), not what
/// the phrase names; the phrase's own nominal dependents come first, and
/// the participle's actor only when they name none.
#[test]
fn an_actor_inside_a_participle_modifier_is_read_last() {
    let conllu = "\
# sent_id = held-part
# text = Insurgents bombarded a government-held part of Syria's capital.
1\tInsurgents\tinsurgent\tNOUN\tNNS\tNumber=Plur\t2\tnsubj\t_\t_
2\tbombarded\tbombard\tVERB\tVBD\tMood=Ind|Tense=Past|VerbForm=Fin\t0\troot\t_\t_
3\ta\ta\tDET\tDT\tDefinite=Ind|PronType=Art\t7\tdet\t_\t_
4\tgovernment\tgovernment\tNOUN\tNN\tNumber=Sing\t6\tcompound\t_\tSpaceAfter=No
5\t-\t-\tPUNCT\tHYPH\t_\t4\tpunct\t_\tSpaceAfter=No
6\theld\thold\tVERB\tVBN\tTense=Past|VerbForm=Part\t7\tamod\t_\t_
7\tpart\tpart\tNOUN\tNN\tNumber=Sing\t2\tobj\t_\t_
8\tof\tof\tADP\tIN\t_\t11\tcase\t_\t_
9\tSyria\tSyria\tPROPN\tNNP\tNumber=Sing\t11\tnmod:poss\t_\tSpaceAfter=No
10\t's\t's\tPART\tPOS\t_\t9\tcase\t_\t_
11\tcapital\tcapital\tNOUN\tNN\tNumber=Sing\t7\tnmod\t_\tSpaceAfter=No
12\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

# sent_id = held-only
# text = Insurgents bombarded a government-held town.
1\tInsurgents\tinsurgent\tNOUN\tNNS\tNumber=Plur\t2\tnsubj\t_\t_
2\tbombarded\tbombard\tVERB\tVBD\tMood=Ind|Tense=Past|VerbForm=Fin\t0\troot\t_\t_
3\ta\ta\tDET\tDT\tDefinite=Ind|PronType=Art\t7\tdet\t_\t_
4\tgovernment\tgovernment\tNOUN\tNN\tNumber=Sing\t6\tcompound\t_\tSpaceAfter=No
5\t-\t-\tPUNCT\tHYPH\t_\t4\tpunct\t_\tSpaceAfter=No
6\theld\thold\tVERB\tVBN\tTense=Past|VerbForm=Part\t7\tamod\t_\t_
7\ttown\ttown\tNOUN\tNN\tNumber=Sing\t2\tobj\t_\tSpaceAfter=No
8\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_
";
    let actors = "SYRIA_ [SYR]\n";
    let agents = "INSURGENT [~REB]\nGOVERNMENT [~GOV]\n";
    let part = dyads_of(conllu, "held-part", actors, agents);
    assert!(
        part.iter().any(|(s, t, _)| s == "---REB" && t == "SYR"),
        "{part:?}"
    );
    assert!(part.iter().all(|(_, t, _)| t != "---GOV"), "{part:?}");
    let town = dyads_of(conllu, "held-only", actors, agents);
    assert!(
        town.iter().any(|(s, t, _)| s == "---REB" && t == "---GOV"),
        "{town:?}"
    );
}

/// "Germany issued a statement condemning France": a gerund completing a
/// noun its subject authored states that subject's act, as an infinitive
/// does ("unveiled a plan to cut aid"); a gerund on a noun that names an
/// actor stays a reduced relative ("the rebels attacking France").
#[test]
fn a_gerund_on_an_authored_noun_takes_the_author_as_subject() {
    let conllu = "\
# sent_id = statement-condemning
# text = Germany issued a statement condemning France.
1\tGermany\tGermany\tPROPN\tNNP\tNumber=Sing\t2\tnsubj\t_\t_
2\tissued\tissue\tVERB\tVBD\tMood=Ind|Tense=Past|VerbForm=Fin\t0\troot\t_\t_
3\ta\ta\tDET\tDT\tDefinite=Ind|PronType=Art\t4\tdet\t_\t_
4\tstatement\tstatement\tNOUN\tNN\tNumber=Sing\t2\tobj\t_\t_
5\tcondemning\tcondemn\tVERB\tVBG\tVerbForm=Ger\t4\tacl\t_\t_
6\tFrance\tFrance\tPROPN\tNNP\tNumber=Sing\t5\tobj\t_\tSpaceAfter=No
7\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

# sent_id = rebels-attacking
# text = Germany condemned the rebels attacking France.
1\tGermany\tGermany\tPROPN\tNNP\tNumber=Sing\t2\tnsubj\t_\t_
2\tcondemned\tcondemn\tVERB\tVBD\tMood=Ind|Tense=Past|VerbForm=Fin\t0\troot\t_\t_
3\tthe\tthe\tDET\tDT\tDefinite=Def|PronType=Art\t4\tdet\t_\t_
4\trebels\trebel\tNOUN\tNNS\tNumber=Plur\t2\tobj\t_\t_
5\tattacking\tattack\tVERB\tVBG\tVerbForm=Ger\t4\tacl\t_\t_
6\tFrance\tFrance\tPROPN\tNNP\tNumber=Sing\t5\tobj\t_\tSpaceAfter=No
7\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_
";
    let actors = "GERMANY_ [DEU]\nFRANCE_ [FRA]\n";
    let agents = "REBEL [~REB]\n";
    let statement = dyads_of(conllu, "statement-condemning", actors, agents);
    assert!(
        statement
            .iter()
            .any(|(s, t, c)| s == "DEU" && t == "FRA" && c.starts_with("11")),
        "{statement:?}"
    );
    let rebels = dyads_of(conllu, "rebels-attacking", actors, agents);
    assert!(
        rebels.iter().any(|(s, t, _)| s == "---REB" && t == "FRA")
            && rebels.iter().all(|(s, t, _)| !(s == "DEU" && t == "FRA")),
        "{rebels:?}"
    );
}

/// "Germany refused to meet France": CAMEO.2.0 leaves REFUSE uncoded, yet
/// refusing an act is a rejection of it (125, reject a proposal to meet),
/// not the act; a cooperative act without its own rejection code is a
/// plain rejection (120). "Germany refused to visit France": the refused
/// visit has neither of its events, the visit (042) nor the hosting its
/// passive code reads the other way (France hosts Germany, 043); the
/// refusal stands alone.
#[test]
fn refusing_an_act_rejects_it_and_leaves_no_event_of_the_act() {
    for verb in ["meet", "visit"] {
        let conllu = format!(
            "\
# sent_id = refused-to-{verb}
# text = Germany refused to {verb} France.
1\tGermany\tGermany\tPROPN\tNNP\tNumber=Sing\t2\tnsubj\t_\t_
2\trefused\trefuse\tVERB\tVBD\tMood=Ind|Tense=Past|VerbForm=Fin\t0\troot\t_\t_
3\tto\tto\tPART\tTO\t_\t4\tmark\t_\t_
4\t{verb}\t{verb}\tVERB\tVB\tVerbForm=Inf\t2\txcomp\t_\t_
5\tFrance\tFrance\tPROPN\tNNP\tNumber=Sing\t4\tobj\t_\tSpaceAfter=No
6\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_
"
        );
        let actors = "GERMANY_ [DEU]\nFRANCE_ [FRA]\n";
        let got = dyads_of(&conllu, &format!("refused-to-{verb}"), actors, "");
        assert_eq!(
            got,
            vec![("DEU".to_string(), "FRA".to_string(), "125".to_string())],
            "refused to {verb}"
        );
    }
}

/// A pattern noun is an object of the verb, as in PETRARCH, which matches
/// it among the verb phrase's NP children; a noun inside a prepositional
/// phrase matches only a preposition element (`(FOR &INVESTIGATION)`).
/// "made remarks at the start of a trip" is not "made a trip" (036).
#[test]
fn a_pattern_noun_is_not_sought_inside_a_prepositional_phrase() {
    let conllu = "\
# sent_id = remarks-trip
# text = Germany made remarks in France at the start of a trip.
1\tGermany\tGermany\tPROPN\tNNP\tNumber=Sing\t2\tnsubj\t_\t_
2\tmade\tmake\tVERB\tVBD\tMood=Ind|Tense=Past|VerbForm=Fin\t0\troot\t_\t_
3\tremarks\tremark\tNOUN\tNNS\tNumber=Plur\t2\tobj\t_\t_
4\tin\tin\tADP\tIN\t_\t5\tcase\t_\t_
5\tFrance\tFrance\tPROPN\tNNP\tNumber=Sing\t2\tobl\t_\t_
6\tat\tat\tADP\tIN\t_\t8\tcase\t_\t_
7\tthe\tthe\tDET\tDT\tDefinite=Def|PronType=Art\t8\tdet\t_\t_
8\tstart\tstart\tNOUN\tNN\tNumber=Sing\t2\tobl\t_\t_
9\tof\tof\tADP\tIN\t_\t11\tcase\t_\t_
10\ta\ta\tDET\tDT\tDefinite=Ind|PronType=Art\t11\tdet\t_\t_
11\ttrip\ttrip\tNOUN\tNN\tNumber=Sing\t8\tnmod\t_\tSpaceAfter=No
12\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

# sent_id = made-trip
# text = Germany made a trip to France.
1\tGermany\tGermany\tPROPN\tNNP\tNumber=Sing\t2\tnsubj\t_\t_
2\tmade\tmake\tVERB\tVBD\tMood=Ind|Tense=Past|VerbForm=Fin\t0\troot\t_\t_
3\ta\ta\tDET\tDT\tDefinite=Ind|PronType=Art\t4\tdet\t_\t_
4\ttrip\ttrip\tNOUN\tNN\tNumber=Sing\t2\tobj\t_\t_
5\tto\tto\tADP\tIN\t_\t6\tcase\t_\t_
6\tFrance\tFrance\tPROPN\tNNP\tNumber=Sing\t4\tnmod\t_\tSpaceAfter=No
7\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_
";
    let actors = "GERMANY_ [DEU]\nFRANCE_ [FRA]\n";
    let remarks = dyads_of(conllu, "remarks-trip", actors, "");
    assert!(remarks.iter().all(|(_, _, c)| c != "036"), "{remarks:?}");
    let trip = dyads_of(conllu, "made-trip", actors, "");
    assert!(
        trip.contains(&("DEU".to_string(), "FRA".to_string(), "036".to_string())),
        "{trip:?}"
    );
}

/// Nor inside a prepositional phrase of the object: "launched attacks
/// during a campaign" launched attacks, not a campaign (LAUNCH's
/// `- * CAMPAIGN` 020); the object's own head still matches.
#[test]
fn a_pattern_noun_is_not_sought_inside_the_objects_prepositional_phrase() {
    let conllu = "\
# sent_id = attacks-during-campaign
# text = Germany launched attacks on France during a campaign.
1\tGermany\tGermany\tPROPN\tNNP\tNumber=Sing\t2\tnsubj\t_\t_
2\tlaunched\tlaunch\tVERB\tVBD\tMood=Ind|Tense=Past|VerbForm=Fin\t0\troot\t_\t_
3\tattacks\tattack\tNOUN\tNNS\tNumber=Plur\t2\tobj\t_\t_
4\ton\ton\tADP\tIN\t_\t5\tcase\t_\t_
5\tFrance\tFrance\tPROPN\tNNP\tNumber=Sing\t3\tnmod\t_\t_
6\tduring\tduring\tADP\tIN\t_\t8\tcase\t_\t_
7\ta\ta\tDET\tDT\tDefinite=Ind|PronType=Art\t8\tdet\t_\t_
8\tcampaign\tcampaign\tNOUN\tNN\tNumber=Sing\t3\tnmod\t_\tSpaceAfter=No
9\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_
";
    let actors = "GERMANY_ [DEU]\nFRANCE_ [FRA]\n";
    let got = dyads_of(conllu, "attacks-during-campaign", actors, "");
    assert!(got.iter().all(|(_, _, c)| c != "020"), "{got:?}");
    assert!(
        got.iter()
            .any(|(s, t, c)| s == "DEU" && t == "FRA" && c.starts_with("19")),
        "{got:?}"
    );
}

/// "an Islamic state in Nigeria": an agent word modifying a noun takes the
/// country of that noun's phrase, as an agent noun takes the country of
/// its own ("the government of Iraq" = `IRQGOV`).
#[test]
fn an_agent_modifier_takes_the_country_of_its_nouns_phrase() {
    let conllu = "\
# sent_id = islamic-state-in
# text = Rebels attacked an Islamic state in Nigeria.
1\tRebels\trebel\tNOUN\tNNS\tNumber=Plur\t2\tnsubj\t_\t_
2\tattacked\tattack\tVERB\tVBD\tMood=Ind|Tense=Past|VerbForm=Fin\t0\troot\t_\t_
3\tan\ta\tDET\tDT\tDefinite=Ind|PronType=Art\t5\tdet\t_\t_
4\tIslamic\tIslamic\tADJ\tJJ\tDegree=Pos\t5\tamod\t_\t_
5\tstate\tstate\tNOUN\tNN\tNumber=Sing\t2\tobj\t_\t_
6\tin\tin\tADP\tIN\t_\t7\tcase\t_\t_
7\tNigeria\tNigeria\tPROPN\tNNP\tNumber=Sing\t5\tnmod\t_\tSpaceAfter=No
8\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_
";
    let actors = "NIGERIA_ [NGA]\n";
    let agents = "REBEL [~REB]\nISLAMIC [~MUS]\n";
    let got = dyads_of(conllu, "islamic-state-in", actors, agents);
    assert!(
        got.iter().any(|(s, t, _)| s == "---REB" && t == "NGAMUS"),
        "{got:?}"
    );
}
