//! The readers on small inline files: environment, per-record config,
//! noevents / error markers, the not-well-formed GSR layout, PLOVER JSON.

use coder_eval::validation::parse_str;
use coder_eval::{Coding, Expected};

const PETR1: &str = r#"<?xml version='1.0' encoding='utf-8'?>
<Validation>
<Environment>
    <Verbfile>V.txt</Verbfile>
    <Actorfile>A.txt</Actorfile>
    <Include>valid DEMO VERB</Include>
    <Config option="stop_on_error" value="True" />
</Environment>
<Sentences>
<Sentence date="19950101" id="DEMO-01" category="DEMO" sentence="true">
<!-- a comment -->
<EventCoding sourcecode="ARN" targetcode="GON" eventcode="064"></EventCoding>
<EventCoding sourcecode='"INJURY TOLL"' targetcode="~" eventcode="223"></EventCoding>
<Text>Arnor is about to
restore ties.</Text>
<Parse>(ROOT (S))</Parse>
</Sentence>
<Config option="require_dyad" value="False"></Config>
<Sentence date="19950102" id="VERB-02" category="VERB" sentence="true">
<EventCoding noevents = "True"></EventCoding>
<Text>Nothing.</Text>
</Sentence>
<Sentence date="19950103" id="ERR-03" category="ERROR" sentence="true">
<EventCoding error="dateline"></EventCoding>
<Text>X</Text>
</Sentence>
</Sentences>
</Validation>
"#;

#[test]
fn petrarch1_records_with_environment_config_and_markers() {
    let (f, err) = parse_str(PETR1).unwrap();
    assert!(err.is_none());
    let env = &f.environment;
    assert_eq!(env.verbfile.as_deref(), Some("V.txt"));
    assert_eq!(env.actorfiles, vec!["A.txt".to_string()]);
    assert!(env.only_valid);
    assert_eq!(env.include, vec!["DEMO".to_string(), "VERB".to_string()]);
    assert_eq!(env.config.len(), 1);
    assert_eq!(f.records.len(), 3);
    let r = &f.records[0];
    assert_eq!(r.text, "Arnor is about to restore ties.");
    assert!(r.config.require_dyad);
    let Expected::Events(codes) = &r.expected else {
        panic!("events expected")
    };
    assert_eq!(
        codes[1],
        Coding {
            source: "\"INJURY TOLL\"".into(),
            target: "---".into(),
            code: "223".into()
        }
    );
    // The <Config> between records applies from there on.
    assert!(!f.records[1].config.require_dyad);
    assert_eq!(f.records[1].expected, Expected::NoEvents);
    assert_eq!(f.records[2].expected, Expected::Error("dateline".into()));
    // ERROR is not in <Include>.
    assert!(f.is_selected(&f.records[1]));
    assert!(!f.is_selected(&f.records[2]));
}

const GSR: &str = "<?xml version='1.0' encoding='utf-8'?>
<Validation>
##########
# not XML comments
##########
<Environment>
    <Actorfile>A.txt,B.txt</Actorfile>
    <Include>valid AFP </Include>
</Environment>
<Sentences>
<Sentence category=\"AFP\" date=\"20080804\" id=\"AFP_4\" evaluate=\"true\"/>
<EventCoding eventcode=\"042\" sourcecode=\"USA\" targetcode=\"CHN\" />
<Text>
The US leader went to Beijing.
</Text>
<Parse>
1\tThe\tthe\tDET\tDT\t_\t3\tdet\t_\t_
2\tUS\tUS\tPROPN\tNNP\t_\t3\tcompound\t_\t_
3\tleader\tleader\tNOUN\tNN\t_\t4\tnsubj\t_\t_
4\twent\tgo\tVERB\tVBD\t_\t0\troot\t_\t_
5\tto\tto\tADP\tIN\t_\t6\tcase\t_\t_
6\tBeijing\tBeijing\tPROPN\tNNP\t_\t4\tobl\t_\tSpaceAfter=No
7\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_
</Parse>
</Sentence>
<Sentence category=\"AFP\" date=\"20080805\" id=\"AFP_5\" evaluate=\"false\"/>
<EventCoding noevents=\"True\" />
<Text>x</Text>
</Sentence>
</Sentences>
</Validation>
";

#[test]
fn gsr_layout_with_self_closing_sentences() {
    let (f, err) = parse_str(GSR).unwrap();
    assert!(err.is_none());
    assert_eq!(
        f.environment.actorfiles,
        vec!["A.txt".to_string(), "B.txt".to_string()]
    );
    assert_eq!(f.records.len(), 2);
    assert_eq!(f.records[0].text, "The US leader went to Beijing.");
    assert!(f.is_selected(&f.records[0]));
    assert!(!f.is_selected(&f.records[1]), "evaluate=false is skipped");
    let doc =
        coder_eval::record_parse::doc_from_record_parse(&f.records[0]).expect("CoNLL-U parse");
    assert_eq!(doc.tokens.len(), 7);
    assert_eq!(doc.slice(doc.tokens[5].span), "Beijing");
    assert_eq!(doc.tokens[0].head, Some(2));
    assert_eq!(
        doc.doc.meta.published.map(|d| d.to_string()).as_deref(),
        Some("2008-08-04")
    );
}

#[test]
fn plover_gold_reads_and_normalises_old_type_names() {
    let json = r#"[
      {"id": "D", "event": "DOCUMENT", "eventText": "header"},
      {"id": "X-1", "date": "2000-01-01", "event": "DEMAND", "text": "Iraq demanded aid.",
       "source": [{"actorText": "Iraq", "code": "IRQ"}], "target": {"actorText": "US", "code": "USA"}},
      {"id": "X-2", "event": "AGREE"}
    ]"#;
    let (cases, err) = coder_eval::plover::parse_gold(json).unwrap();
    assert_eq!(cases.len(), 1);
    assert!(err.is_some(), "the record without text is reported");
    assert_eq!(cases[0].event, "REQUEST");
    assert_eq!(cases[0].event_as_written, "DEMAND");
    assert_eq!(cases[0].sources, vec!["IRQ".to_string()]);
    assert_eq!(cases[0].targets, vec!["USA".to_string()]);
}

#[test]
fn scoring_matches_codings_one_to_one() {
    let (f, _) = parse_str(PETR1).unwrap();
    // A coder that codes nothing passes only the noevents record.
    let empty = |r: &coder_eval::Record| {
        text_model::AnnotatedDoc::new(coder_eval::record_parse::record_document(r))
    };
    let rep = coder_eval::evaluate_petrarch(&f, &empty);
    assert_eq!(rep.evaluated, 2);
    assert_eq!(rep.passed, 1);
    assert_eq!(rep.gold_codings, 2);
    assert_eq!(rep.matched, 0);
    let failed = rep.failures().next().unwrap();
    assert_eq!(failed.id, "DEMO-01");
    assert_eq!(failed.missing.len(), 2);
}

/// Record dates in PETRARCH's two forms: `YYYYMMDD` and `YYMMDD`, where a
/// two-digit year up to 30 is 20YY and above it 19YY (PETRARCH's
/// `dstr_to_ordate`); anything else is no date.
#[test]
fn record_dates_in_both_petrarch_forms() {
    let cases = [
        ("20080804", Some("2008-08-04")),
        ("121108", Some("2012-11-08")),
        ("950103", Some("1995-01-03")),
        ("300101", Some("2030-01-01")),
        ("310101", Some("1931-01-01")),
        ("2008084", None),
        ("12110x", None),
        ("", None),
    ];
    let (f, _) = parse_str(PETR1).unwrap();
    for (raw, want) in cases {
        let mut r = f.records[0].clone();
        r.date = raw.to_string();
        assert_eq!(
            r.naive_date().map(|d| d.to_string()).as_deref(),
            want,
            "date {raw:?}"
        );
    }
}

/// A GSR record whose `<Text>` is empty carries its sentence only as a
/// CoNLL-U parse: its text is spelled from the parse's word forms.
#[test]
fn a_record_with_empty_text_reads_its_sentence_from_the_parse() {
    let gsr = "<Validation>\n<Sentences>\n\
<Sentence category=\"OTHER\" date=\"20150101\" id=\"empty_1\" evaluate=\"true\"/>\n\
<EventCoding eventcode=\"190\" sourcecode=\"NGAREB\" targetcode=\"NGA\" />\n\
<Text>\n</Text>\n<Parse>\n\
1\tRebels\trebel\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n\
2\tattacked\tattack\tVERB\tVBD\t_\t0\troot\t_\t_\n\
3\tNigeria\tNigeria\tPROPN\tNNP\t_\t2\tobj\t_\tSpaceAfter=No\n\
4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\
</Parse>\n</Sentence>\n</Sentences>\n</Validation>\n";
    let (f, _) = parse_str(gsr).unwrap();
    assert_eq!(f.records.len(), 1);
    assert_eq!(f.records[0].text, "Rebels attacked Nigeria.");
}
