//! One test per feature of the two verb-dictionary dialects.

use std::path::Path;

use verb_patterns::{
    Code, CodeTable, Elem, ErrorKind, Format, NounSpec, Role, Term, Var, VerbDictionary,
};

fn cameo2(body: &str) -> VerbDictionary {
    let text = format!(
        "####### SYNONYM SETS #######\n&TIETYPES\n+MILITARY\n+ECONOMIC_\n+CEASE_FIRE\n\n\
         ####### VERB PATTERNS #######\n{body}\n######## TRANSFORMATIONS ##########\n"
    );
    let (d, err) = VerbDictionary::parse_str(&text, Format::Cameo2);
    assert!(err.is_none(), "unexpected load problems: {err:?}");
    d
}

fn word(w: &str) -> Term {
    Term::Word(w.to_string())
}

fn noun(w: &str) -> Elem {
    Elem::Noun(NounSpec {
        head: word(w),
        modifiers: vec![],
        role: None,
    })
}

#[test]
fn block_header_gives_meaning_and_code() {
    let d = cameo2(
        "---  CALL   [041:041]  ---\nCALL\n--- MEET [---] ---\nMEET\n--- GAIN [:054] ---\nGAIN",
    );
    assert_eq!(d.blocks.len(), 3);
    assert_eq!(d.blocks[0].meaning, "CALL");
    let pair = |a: Option<&str>, p: Option<&str>| Code {
        active: a.map(str::to_string),
        passive: p.map(str::to_string),
    };
    assert_eq!(d.blocks[0].code, pair(Some("041"), Some("041")));
    assert!(d.blocks[1].code.is_null());
    assert_eq!(d.blocks[2].code, pair(None, Some("054")));
}

#[test]
fn synsets_hold_single_and_multiword_members() {
    let d = cameo2("--- X [010] ---\nX");
    assert_eq!(d.synsets.len(), 1);
    let members = d.synset_members(0);
    assert!(members.contains(&vec!["MILITARY".to_string()]));
    // A trailing `_` only marks "no plural"; it is not part of the word.
    assert!(members.contains(&vec!["ECONOMIC".to_string()]));
    assert!(members.contains(&vec!["CEASE".to_string(), "FIRE".to_string()]));
}

#[test]
fn verb_lines_generate_regular_forms() {
    let d = cameo2("--- ACCUSE [112] ---\nACCUSE\nCRY\nPUNCH");
    let forms = |w: &str| d.lookup(w).next().map(|e| e.word.clone());
    assert_eq!(forms("ACCUSES").as_deref(), Some("ACCUSE"));
    assert_eq!(forms("ACCUSED").as_deref(), Some("ACCUSE"));
    assert_eq!(forms("ACCUSING").as_deref(), Some("ACCUSE"));
    assert_eq!(forms("CRIES").as_deref(), Some("CRY"));
    assert_eq!(forms("PUNCHES").as_deref(), Some("PUNCH"));
}

#[test]
fn braces_list_irregular_forms_and_turn_generation_off() {
    let d = cameo2("--- MEET [040] ---\nMEET {MEETS MET MEETING}\nLEAD {}");
    assert!(d.lookup("MET").next().is_some());
    assert!(d.lookup("MEETED").next().is_none());
    assert!(d.lookup("LEAD").next().is_some());
    assert!(d.lookup("LEADS").next().is_none());
}

#[test]
fn multi_word_verbs_keep_particles_on_both_sides() {
    let d = cameo2("--- CALL [041] ---\n+CALL_OFF {+CALLED_OFF} [160]\nWIRE_+TAP [1711]");
    let off = d.lookup("CALLED").next().expect("CALLED_OFF is listed");
    assert_eq!(off.after, vec!["OFF".to_string()]);
    assert_eq!(d.entry_code(off).active.as_deref(), Some("160"));
    let tap = d.lookup("TAP").next().expect("WIRE_+TAP is listed");
    assert_eq!(tap.before, vec!["WIRE".to_string()]);
    assert!(tap.after.is_empty());
}

#[test]
fn a_verb_without_code_takes_the_block_code() {
    let d = cameo2("--- ASK [020] ---\nASK\nGRILL [110]");
    let ask = d.lookup("ASK").next().unwrap();
    let grill = d.lookup("GRILL").next().unwrap();
    assert_eq!(d.entry_code(ask).active.as_deref(), Some("020"));
    assert_eq!(d.entry_code(grill).active.as_deref(), Some("110"));
}

#[test]
fn cameo2_patterns_read_nouns_phrases_and_prepositions() {
    let d = cameo2(
        "--- RUSH [---] ---\nRUSH\n\
         - * POLICE (TO BORDER)   [153]  # a comment\n\
         - * {ARMS SHIPMENT} [072]\n\
         - * (TO) [042:043]\n\
         - &TIETYPES * [154]",
    );
    let p = &d.blocks[0].patterns;
    assert_eq!(p.len(), 4);
    assert_eq!(p[0].post[0], noun("POLICE"));
    assert_eq!(
        p[0].post[1],
        Elem::Prep {
            prep: word("TO"),
            objects: vec![NounSpec {
                head: word("BORDER"),
                modifiers: vec![],
                role: None
            }],
            role: None
        }
    );
    assert_eq!(p[0].code.active.as_deref(), Some("153"));
    assert_eq!(p[0].text, "* POLICE (TO BORDER)");
    assert_eq!(
        p[1].post[0],
        Elem::Noun(NounSpec {
            head: word("SHIPMENT"),
            modifiers: vec![word("ARMS")],
            role: None
        })
    );
    assert!(matches!(&p[2].post[0], Elem::Prep { objects, .. } if objects.is_empty()));
    assert_eq!(p[3].pre.len(), 1);
    assert!(matches!(&p[3].pre[0], Elem::Noun(n) if n.head == Term::Synset(0)));
}

#[test]
fn cameo2_patterns_read_actor_markers_and_wildcards() {
    let d = cameo2(
        "--- MOVE [---] ---\nMOVE\n\
         - * &TIETYPES (INTO +) [192]\n\
         - $ * TROOP [154]\n\
         - * LEAVE ^ [042]\n\
         - % * TALKS [046]",
    );
    let p = &d.blocks[0].patterns;
    assert!(matches!(
        &p[0].post[1],
        Elem::Prep {
            role: Some(Role::Target),
            ..
        }
    ));
    assert_eq!(p[1].pre, vec![Elem::Actor(Role::Source)]);
    assert_eq!(p[2].post[1], Elem::Skip);
    assert_eq!(p[3].pre, vec![Elem::Actor(Role::Compound)]);
}

#[test]
fn undefined_synsets_are_reported_with_their_line() {
    let text = "####### VERB PATTERNS #######\n--- X [010] ---\nX\n- * &WEATHER [012]\n";
    let (d, err) = VerbDictionary::parse_str(text, Format::Cameo2);
    let err = err.expect("an undefined synset is a partial load");
    let ErrorKind::Partial(list) = err.kind() else {
        panic!("expected a partial load, got {err}");
    };
    assert!(matches!(list[0].kind(), ErrorKind::UndefinedSynset(n) if n == "&WEATHER"));
    assert_eq!(list[0].line(), Some(4));
    // The pattern is kept and can never match.
    assert_eq!(d.pattern_count(), 1);
}

#[test]
fn bad_lines_make_a_partial_load_naming_file_and_line() {
    let dir = std::env::temp_dir().join(format!("vp-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bad.verbs.txt");
    std::fs::write(
        &path,
        "####### VERB PATTERNS #######\n--- X [010] ---\nX\n- * NOSTAR_AND_NO_CODE\n- * Y [12 3]\n\
         ######## TRANSFORMATIONS ##########\n",
    )
    .unwrap();
    let (d, err) = VerbDictionary::load(&path).unwrap();
    let err = err.expect("two bad lines");
    assert!(err.is_partial());
    let text = err.to_string();
    assert!(text.contains("2 line(s) were skipped"), "{text}");
    assert!(text.contains("bad.verbs.txt:4"), "{text}");
    assert_eq!(d.verbs.len(), 1);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_missing_file_is_an_io_error_naming_the_file() {
    let err = VerbDictionary::load(Path::new("/nonexistent/verbs.txt")).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Io(_)));
    assert!(err.to_string().contains("/nonexistent/verbs.txt"));
}

#[test]
fn transformations_are_read() {
    let text =
        "####### VERB PATTERNS #######\n--- SAY [010] ---\nSAY\n--- ATTACK [190] ---\nATTACK\n\
                ######## TRANSFORMATIONS ##########\n~ a (b . ATTACK) SAY = a b 112\n\
                ~ a (_ b ATTACK) WANT = a b 138\n";
    let (d, _) = VerbDictionary::parse_str(text, Format::Cameo2);
    assert_eq!(d.transformations.len(), 2);
    let t = &d.transformations[0];
    assert_eq!(t.outer_source, Var::Named('a'));
    assert_eq!(t.inner_source, Var::Named('b'));
    assert_eq!(t.inner_target, Var::Present);
    assert_eq!(
        (t.inner_verb.as_str(), t.outer_verb.as_str()),
        ("ATTACK", "SAY")
    );
    assert_eq!(t.answer_code, "112");
    assert_eq!(d.transformations[1].inner_source, Var::Absent);
}

#[test]
fn tabari_patterns_are_linear_with_glue() {
    let text = "<!-- a comment\n spanning lines -->\n&GENINT\n+GENEVA\n+INTERNATIONAL\n\n\
                --- ACCORD [---] ---\nACCORD\n\
                - SUGGESTED_+ * DEMAND_&GENINT_CONVENTIONS [111]\n\
                - IN_* [075]\n\
                - * ESTABLISH DIPLOMATIC_RELATIONS WITH + [054]\n\
                - * {A B} [010]\n";
    assert_eq!(verb_patterns::detect_format(text), Format::Tabari);
    let (d, err) = VerbDictionary::parse_str(text, Format::Tabari);
    assert!(err.is_none(), "{err:?}");
    let p = &d.blocks[0].patterns;
    // The `{...}` disjunction is skipped.
    assert_eq!(p.len(), 3);
    // Pre side stored from the verb outwards: the `+` marker, then SUGGESTED.
    // A marker takes no token, so glue to it is not kept.
    assert_eq!(p[0].pre[0], Elem::Actor(Role::Target));
    assert_eq!(
        p[0].pre[1],
        Elem::Linear {
            term: word("SUGGESTED"),
            glued: false
        }
    );
    assert_eq!(
        p[0].post,
        vec![
            Elem::Linear {
                term: word("DEMAND"),
                glued: false
            },
            Elem::Linear {
                term: Term::Synset(0),
                glued: true
            },
            Elem::Linear {
                term: word("CONVENTIONS"),
                glued: true
            },
        ]
    );
    assert_eq!(
        p[1].pre,
        vec![Elem::Linear {
            term: word("IN"),
            glued: true
        }]
    );
    assert_eq!(p[2].post.last(), Some(&Elem::Actor(Role::Target)));
    assert_eq!(p[2].weight(), 4);
}

#[test]
fn the_embedded_dictionary_is_cameo_2() {
    let d = VerbDictionary::embedded();
    assert_eq!(d.format, Format::Cameo2);
    assert!(d.blocks.len() > 380, "{} blocks", d.blocks.len());
    assert!(d.pattern_count() > 4600, "{} patterns", d.pattern_count());
    assert_eq!(d.transformations.len(), 8);
    assert!(d.simple_verb_code("SAY").is_some());
}

#[test]
fn the_code_table_carries_quad_class_goldstein_and_plover() {
    let t = CodeTable::embedded();
    assert!(t.len() > 300);
    let c = t.get("190").expect("190 is a CAMEO code");
    assert_eq!(c.quad_class, 4);
    assert!((c.goldstein + 10.0).abs() < 1e-6);
    assert_eq!(c.plover_type.as_deref(), Some("ASSAULT"));
    let agree = t.get("036").unwrap();
    assert_eq!(agree.quad_class, 1);
    // A sub-code missing from the table falls back to its base code.
    assert_eq!(t.get("0369").map(|c| c.quad_class), Some(1));
    assert!(!t.contains("0369"));
}

/// The khaldun supplement is read into the default dictionary: its verbs
/// are found with their code, its null patterns are kept, and it adds no
/// verb CAMEO.2.0 already lists (each line of it must be a new verb).
#[test]
fn the_supplement_adds_only_missing_verbs() {
    let supplement = include_str!("../../../dictionaries/khaldun/khaldun.verbs.txt");
    // Alone, it may name CAMEO.2.0's synsets, which it does not define.
    let (alone, err) = VerbDictionary::parse_str(supplement, Format::Cameo2);
    if let Some(ErrorKind::Partial(errs)) = err.as_ref().map(|e| e.kind()) {
        for e in errs {
            assert!(
                matches!(e.kind(), ErrorKind::UndefinedSynset(_)),
                "line {:?}: {e}",
                e.line()
            );
        }
    }
    let pattern_lines = supplement
        .lines()
        .filter(|l| l.starts_with('-') && !l.starts_with("---"))
        .count();
    let mut patterns_found = 0;
    let mut blocks_seen = Vec::new();
    assert!(!alone.verbs.is_empty());
    let full = VerbDictionary::embedded();
    for v in &alone.verbs {
        let entries: Vec<_> = full.lookup(&v.word).collect();
        assert_eq!(
            entries.len(),
            1,
            "{} is listed {} times",
            v.word,
            entries.len()
        );
        assert_eq!(
            full.entry_code(entries[0]),
            alone.entry_code(v),
            "{}",
            v.word
        );
        for f in &v.forms {
            assert!(full.lookup(f).next().is_some(), "form {f} of {}", v.word);
        }
        if !blocks_seen.contains(&entries[0].block) {
            blocks_seen.push(entries[0].block);
            patterns_found += full.patterns_for(entries[0]).count();
        }
    }
    assert_eq!(patterns_found, pattern_lines);
}
