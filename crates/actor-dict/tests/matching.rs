//! Data-driven matching tests over a small in-memory dictionary, so that
//! each case shows the dictionary lines it depends on. Each case is
//! `(sentence, date, [(matched words, code)])`; tokens are split on spaces.

use actor_dict::{ActorDict, ActorDictBuilder, DictionaryKind};
use chrono::NaiveDate;

const ACTORS: &str = "\
IRAQ_ [IRQ]
+IRAQI_
SYRIA_ [SYR]
+SYRIAN_
UNITED_STATES [USA]
+US
+U.S.
+AMERICAN
EGYPT [EGY]
+EGYPTIAN
HOSNI_MUBARAK
\t[EGYGOV 811014-110211]
\t[EGYELI >110211]
BARACK_OBAMA
+PRESIDENT_OBAMA_
\t[USAELI 780101-000101]
\t[USAGOV >090120]
IRAQI_GOVERNMENT [IRQGOV]
NOURI_AL-MALIKI_
\t[IRQGOV >060520]
MUJAHIDEEN [AFGREB]
LASHKAR-E-TAIBA [PAKREB]
NATIONAL_DEFENCE_ORGANISATION [NDO]
ERDOGAN [TURGOV]
TURKEY_ [TUR]
+TURK_
UNITED_NATIONS [IGOUNO]
+UN
OMAN [OMN]
AMMAN [JORGOV]
ISLAM_KARIMOV [UZBGOV]
THE_SHIRE [FRO/BIL/SAM]
KURAMOV [KURGOV]
WEST_GERMAN [GMWGOV]
";

const AGENTS: &str = "\
!PERSON! = MAN, MEN, WOMAN, WOMEN
POLICE {} [~COP]
POLICE!PERSON! [~COP]
GOVERNMENT [~GOV]
PRESIDENT [~GOV]
REBEL [~REB]
ARMY [~MIL]
TROOPS {} [~MIL]
MINISTER [~GOV]
PEOPLE {} [~PPL]
WORLD_GOVERNMENT {} [~WGO]
PEACEKEEPING_TROOPS {} [IGO~]
";

const DISCARDS: &str = "BASKETBALL\n+WORLD_CUP\n";

fn dict() -> ActorDict {
    let mut b = ActorDictBuilder::new();
    b.add_text(DictionaryKind::Actors, "test.actors.txt", ACTORS)
        .add_text(DictionaryKind::Agents, "test.agents.txt", AGENTS)
        .add_text(DictionaryKind::Discards, "test.discards.txt", DISCARDS);
    b.build()
}

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// Runs the matcher and renders `words=CODE` pairs.
fn found(dict: &ActorDict, sentence: &str, on: Option<NaiveDate>) -> Vec<(String, String)> {
    let tokens: Vec<&str> = sentence.split(' ').collect();
    dict.match_tokens(&tokens, on)
        .into_iter()
        .map(|m| (tokens[m.tokens].join(" "), m.code))
        .collect()
}

/// `(sentence, publication date or "", expected (words, code) pairs)`.
type Case<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);

fn check(cases: &[Case<'_>]) {
    let dict = dict();
    let mut failures = Vec::new();
    for (sentence, on, expected) in cases {
        let got = found(&dict, sentence, date(on));
        let want: Vec<(String, String)> = expected
            .iter()
            .map(|(w, c)| (w.to_string(), c.to_string()))
            .collect();
        if got != want {
            failures.push(format!(
                "{sentence:?} on {on:?}\n   want {want:?}\n    got {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn longest_match_wins() {
    check(&[
        (
            "the Iraqi government said",
            "2010-01-01",
            &[("Iraqi government", "IRQGOV")],
        ),
        ("the United States said", "", &[("United States", "USA")]),
        (
            "United Nations troops",
            "",
            &[("United Nations troops", "IGOUNOMIL")],
        ),
    ]);
}

#[test]
fn date_restricted_codes_follow_the_document_date() {
    check(&[
        (
            "Barack Obama spoke",
            "2010-05-01",
            &[("Barack Obama", "USAGOV")],
        ),
        (
            "Barack Obama spoke",
            "1990-05-01",
            &[("Barack Obama", "USAELI")],
        ),
        // No code applies in 2005: the words are consumed, nothing is coded.
        ("Barack Obama spoke", "2005-05-01", &[]),
        (
            "President Obama spoke",
            "2012-01-01",
            &[("President Obama", "USAGOV")],
        ),
        (
            "Hosni Mubarak met",
            "2000-01-01",
            &[("Hosni Mubarak", "EGYGOV")],
        ),
        (
            "Hosni Mubarak met",
            "2012-01-01",
            &[("Hosni Mubarak", "EGYELI")],
        ),
        // Without a date the latest-reaching code is used.
        ("Hosni Mubarak met", "", &[("Hosni Mubarak", "EGYELI")]),
    ]);
}

/// A role already in the code is not added again, where "in" means at a
/// three-letter field boundary: `GMWGOV` is GMW GOV, so `WGO` is added, while
/// `GOV` is not.
#[test]
fn redundant_roles_are_checked_on_code_fields() {
    check(&[
        (
            "West German world government activists met",
            "",
            &[("West German world government", "GMWGOVWGO")],
        ),
        (
            "the West German government said",
            "",
            &[("West German government", "GMWGOV")],
        ),
    ]);
}

#[test]
fn agents_combine_with_countries() {
    check(&[
        (
            "Iraqi police arrested him",
            "",
            &[("Iraqi police", "IRQCOP")],
        ),
        (
            "police in Iraq arrested him",
            "",
            &[("police in Iraq", "IRQCOP")],
        ),
        (
            "the government of Iraq said",
            "",
            &[("government of Iraq", "IRQGOV")],
        ),
        (
            "Iraq 's government said",
            "",
            &[("Iraq 's government", "IRQGOV")],
        ),
        ("US troops left", "", &[("US troops", "USAMIL")]),
        (
            "the Egyptian President said",
            "",
            &[("Egyptian President", "EGYGOV")],
        ),
        ("Iraqi policemen said", "", &[("Iraqi policemen", "IRQCOP")]),
        (
            "Syrian senior minister",
            "",
            &[("Syrian senior minister", "SYRGOV")],
        ),
        ("police rebels", "", &[("police rebels", "---COPREB")]),
        ("people rebels", "", &[("people rebels", "---REB")]),
        ("police said", "", &[("police", "---COP")]),
        (
            "peacekeeping troops attacked Iraq",
            "",
            &[("peacekeeping troops", "IGO---"), ("Iraq", "IRQ")],
        ),
        (
            "Iraqi peacekeeping troops",
            "",
            &[("Iraqi peacekeeping troops", "IGOIRQ")],
        ),
        // An agent already contained in the actor code is not added again.
        (
            "Iraqi government troops",
            "",
            &[("Iraqi government troops", "IRQGOVMIL")],
        ),
    ]);
}

#[test]
fn plural_agents_are_generated() {
    check(&[
        ("Syrian rebels fled", "", &[("Syrian rebels", "SYRREB")]),
        ("the presidents met", "", &[("presidents", "---GOV")]),
    ]);
}

#[test]
fn compound_actors_share_their_agent() {
    check(&[
        (
            "Iraqi and Syrian rebels met",
            "",
            &[("Iraqi", "IRQREB"), ("Syrian rebels", "SYRREB")],
        ),
        (
            "Iraqi , Syrian and Egyptian police met",
            "",
            &[
                ("Iraqi", "IRQCOP"),
                ("Syrian", "SYRCOP"),
                ("Egyptian police", "EGYCOP"),
            ],
        ),
        // A list closed by "and" shares no agent with what follows it.
        (
            "Iraq , Syria and Egypt , Iraqi police said",
            "",
            &[
                ("Iraq", "IRQ"),
                ("Syria", "SYR"),
                ("Egypt", "EGY"),
                ("Iraqi police", "IRQCOP"),
            ],
        ),
        (
            "Iraq , Syrian police",
            "",
            &[("Iraq", "IRQ"), ("Syrian police", "SYRCOP")],
        ),
        // After actor and agent, a name of another country starts anew.
        (
            "Iraqi police Hosni Mubarak",
            "2000-01-01",
            &[("Iraqi police", "IRQCOP"), ("Hosni Mubarak", "EGYGOV")],
        ),
        // An agent before "of" distributes over a list of actors.
        (
            "the government of Iraq , Syria and Egypt said",
            "",
            &[
                ("government of Iraq", "IRQGOV"),
                ("Syria", "SYRGOV"),
                ("Egypt", "EGYGOV"),
            ],
        ),
        (
            "police in Iraq and Syria and Egypt said",
            "",
            &[
                ("police in Iraq", "IRQCOP"),
                ("Syria", "SYRCOP"),
                ("Egypt", "EGY"),
            ],
        ),
        // A compound code names several actors for the same words.
        (
            "the Shire police",
            "",
            &[
                ("the Shire police", "FROCOP"),
                ("the Shire police", "BILCOP"),
                ("the Shire police", "SAMCOP"),
            ],
        ),
        // Without a shared agent, coordinated actors stay apart.
        (
            "Iraq and Syria met",
            "",
            &[("Iraq", "IRQ"), ("Syria", "SYR")],
        ),
        // Adjacent actor words of one phrase collapse to one mention.
        (
            "Iraqi Minister Nouri al-Maliki said",
            "2008-01-01",
            &[("Iraqi Minister Nouri al-Maliki", "IRQGOV")],
        ),
    ]);
}

#[test]
fn appositions_lend_agents_and_actors() {
    check(&[
        (
            "Hosni Mubarak , the president , said",
            "2000-01-01",
            &[("Hosni Mubarak", "EGYGOV"), ("president", "EGYGOV")],
        ),
        (
            "Syria , the government , said",
            "",
            &[("Syria", "SYRGOV"), ("government", "SYRGOV")],
        ),
        // Not an apposition: the second group is not closed by a comma.
        (
            "In Iraq , police said",
            "",
            &[("Iraq", "IRQ"), ("police", "---COP")],
        ),
    ]);
}

#[test]
fn spelling_and_transliteration_variants_match() {
    check(&[
        ("the Mojahedin attacked", "", &[("Mojahedin", "AFGREB")]),
        ("the Mujahedin attacked", "", &[("Mujahedin", "AFGREB")]),
        ("the Mujaheddin attacked", "", &[("Mujaheddin", "AFGREB")]),
        (
            "Lashkar-e-Taiba attacked",
            "",
            &[("Lashkar-e-Taiba", "PAKREB")],
        ),
        (
            "Lashkar-e Taiba attacked",
            "",
            &[("Lashkar-e Taiba", "PAKREB")],
        ),
        (
            "Lashkar e Taiba attacked",
            "",
            &[("Lashkar e Taiba", "PAKREB")],
        ),
        (
            "Lashkar_e_Taiba attacked",
            "",
            &[("Lashkar_e_Taiba", "PAKREB")],
        ),
        (
            "the National Defense Organization said",
            "",
            &[("National Defense Organization", "NDO")],
        ),
        (
            "the National Defence Organisation said",
            "",
            &[("National Defence Organisation", "NDO")],
        ),
        ("Erdoğan said", "", &[("Erdoğan", "TURGOV")]),
        ("U.S. troops left", "", &[("U.S. troops", "USAMIL")]),
        ("Iraq’s government", "", &[("Iraq’s government", "IRQGOV")]),
    ]);
}

#[test]
fn variant_folding_does_not_invent_matches() {
    check(&[
        // Lower-case common words that are also short dictionary entries.
        ("they attacked us", "", &[]),
        ("the un said", "", &[]),
        // Transliteration keys are consulted only for unknown capitalised
        // words of six letters or more, and only when unambiguous.
        ("Women and Omens", "", &[]),
        ("Ammani met Omani", "", &[]),
        // Karimov and Kuramov share a key, so an unknown Karamov is neither.
        ("Karamov said", "", &[]),
        ("Kuramov said", "", &[("Kuramov", "KURGOV")]),
        ("the mojahedin attacked", "", &[]),
        ("Majhadin arrived", "", &[]),
        // Different words stay different.
        ("Syrianna", "", &[]),
        ("Organisations", "", &[]),
    ]);
}

/// The plural of a one-word actor name (a demonym) names that actor's
/// people; a word that is only part of a longer phrase does not, nor does a
/// lower-case word.
#[test]
fn plural_demonyms_name_their_country() {
    check(&[
        ("the Iraqis attacked", "", &[("Iraqis", "IRQ")]),
        ("Syrians fled", "", &[("Syrians", "SYR")]),
        ("the Americans said", "", &[("Americans", "USA")]),
        // Short names too (TURK_ has four letters).
        ("the Turks left", "", &[("Turks", "TUR")]),
        (
            "the Egyptians and Syrians met",
            "",
            &[("Egyptians", "EGY"), ("Syrians", "SYR")],
        ),
        // BARACK_OBAMA is a two-word phrase, ORGANISATION part of one.
        ("the Obamas left", "", &[]),
        ("Organisations", "", &[]),
        ("the iraqis", "", &[]),
        // A word that already is a dictionary word is not read as a plural.
        ("the UN said", "", &[("UN", "IGOUNO")]),
    ]);
}

#[test]
fn tags_allow_modifiers_between_actor_and_agent() {
    let dict = dict();
    let words = ["Iraqi", "riot", "police", "fired"];
    let tags = ["ADJ", "NOUN", "NOUN", "VERB"];
    let tokens: Vec<actor_dict::MatchToken<'_>> = words
        .iter()
        .zip(tags)
        .map(|(w, t)| actor_dict::MatchToken {
            text: w,
            upos: Some(t),
        })
        .collect();
    let got = dict.match_tagged_tokens(&tokens, None);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].code, "IRQCOP");
    assert_eq!(got[0].tokens, 0..3);
    let words = ["Iraq", "'s", "awful", "and", "evil", "minister", "said"];
    let tags = ["PROPN", "PART", "ADJ", "CCONJ", "ADJ", "NOUN", "VERB"];
    let tokens: Vec<actor_dict::MatchToken<'_>> = words
        .iter()
        .zip(tags)
        .map(|(w, t)| actor_dict::MatchToken {
            text: w,
            upos: Some(t),
        })
        .collect();
    let got = dict.match_tagged_tokens(&tokens, None);
    assert_eq!(got.len(), 1);
    assert_eq!(
        (got[0].code.as_str(), got[0].tokens.clone()),
        ("IRQGOV", 0..6)
    );
    // A verb is not a modifier, tagged or not.
    let tags = ["PROPN", "PART", "ADJ", "CCONJ", "VERB", "NOUN", "VERB"];
    let tokens: Vec<actor_dict::MatchToken<'_>> = words
        .iter()
        .zip(tags)
        .map(|(w, t)| actor_dict::MatchToken {
            text: w,
            upos: Some(t),
        })
        .collect();
    let got = dict.match_tagged_tokens(&tokens, None);
    assert_eq!(
        got.iter().map(|m| m.code.as_str()).collect::<Vec<_>>(),
        ["IRQ", "---GOV"]
    );
    // Untagged, a verb between an actor and an agent keeps them apart.
    let untagged = dict.match_tokens(&["Iraq", "attacked", "rebels"], None);
    assert_eq!(
        untagged.iter().map(|m| m.code.as_str()).collect::<Vec<_>>(),
        vec!["IRQ", "---REB"]
    );
}

#[test]
fn discards_are_found_with_their_scope() {
    let dict = dict();
    let hit = dict
        .find_discard(&["He", "played", "basketball", "."])
        .unwrap();
    assert_eq!(hit.scope, actor_dict::DiscardScope::Sentence);
    assert_eq!(hit.tokens, 2..3);
    let hit = dict
        .find_discard(&["Iraq", "won", "the", "World", "Cup", "basketball"])
        .unwrap();
    assert_eq!(hit.scope, actor_dict::DiscardScope::Story);
    assert!(dict.find_discard(&["Iraq", "won"]).is_none());
}

#[test]
fn undated_choice_is_flagged_only_when_codes_differ() {
    let dict = dict();
    let m = dict.match_tokens(&["Hosni", "Mubarak"], None);
    assert!(m[0].undated_choice);
    let m = dict.match_tokens(&["Hosni", "Mubarak"], date("2000-01-01"));
    assert!(!m[0].undated_choice);
    let m = dict.match_tokens(&["Nouri", "al-Maliki"], None);
    assert!(!m[0].undated_choice);
}

mod robustness {
    use super::*;
    use proptest::prelude::*;

    /// Tokens chosen to stress word folding: several words per token, no
    /// word at all, possessives, punctuation, non-ASCII.
    const POOL: &[&str] = &[
        "Iraqi",
        "Iraq's",
        "Iraq’s",
        "police",
        "in",
        "of",
        "the",
        ",",
        "and",
        ".",
        "'s",
        "-",
        "",
        "\"",
        "Lashkar-e-Taiba",
        "Lashkar-e-Taiba's",
        "e",
        "Taiba",
        "Syria-Iraq",
        "US",
        "us",
        "U.S.",
        "Mojahedin",
        "rebels",
        "government",
        "troops",
        "peacekeeping",
        "Hosni",
        "Mubarak",
        "president",
        "Erdoğan",
        "(",
        ")",
        "——",
        "İ",
        "ß",
        "Iraqi-Syrian",
        "police-in-Iraq",
        "basketball",
    ];

    proptest! {
        #[test]
        fn any_token_sequence_gives_ordered_in_bounds_matches(
            picks in proptest::collection::vec(0..POOL.len(), 0..40),
            dated in any::<bool>(),
        ) {
            let dict = dict();
            let tokens: Vec<&str> = picks.iter().map(|&i| POOL[i]).collect();
            let on = if dated { date("2000-01-01") } else { None };
            let found = dict.match_tokens(&tokens, on);
            for m in &found {
                prop_assert!(m.tokens.start < m.tokens.end, "{m:?}");
                prop_assert!(m.tokens.end <= tokens.len(), "{m:?}");
                prop_assert!(!m.code.is_empty());
            }
            for pair in found.windows(2) {
                prop_assert!(pair[0].tokens.start <= pair[1].tokens.start, "{pair:?}");
            }
            if let Some(hit) = dict.find_discard(&tokens) {
                prop_assert!(hit.tokens.end <= tokens.len());
            }
        }
    }
}
