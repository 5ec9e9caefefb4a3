//! Loading dictionaries from directories and files: the PETR.Validate set
//! from the shared data, a temporary directory with mixed files, and the
//! embedded Phoenix set.

use std::path::{Path, PathBuf};

use actor_dict::{ActorDict, DictionaryKind, DiscardScope, ErrorKind};
use chrono::NaiveDate;

fn shared_dictionaries() -> Option<PathBuf> {
    let dir = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/petrarch2/dictionaries"
    ));
    if dir.is_dir() {
        Some(dir.to_path_buf())
    } else {
        eprintln!("note: {} is absent; skipping", dir.display());
        None
    }
}

fn codes(dict: &ActorDict, sentence: &str, date: Option<NaiveDate>) -> Vec<String> {
    let tokens: Vec<&str> = sentence.split(' ').collect();
    dict.match_tokens(&tokens, date)
        .into_iter()
        .map(|m| m.code)
        .collect()
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

#[test]
fn file_kinds_are_recognised_by_name() {
    let cases = [
        ("Phoenix.Countries.actors.txt", Some(DictionaryKind::Actors)),
        (
            "Phoenix.Countries.actors.txt.gz",
            Some(DictionaryKind::Actors),
        ),
        ("PETR.Validate.agents.txt", Some(DictionaryKind::Agents)),
        ("Phoenix.discards.txt", Some(DictionaryKind::Discards)),
        ("Phoenix.IssueCoding.txt", Some(DictionaryKind::Issues)),
        ("CAMEO.2.0.txt", None),
        ("PETR.Validate.verbs.txt", None),
        ("Phoenix.prepositions.txt", None),
        ("README.md", None),
    ];
    for (name, kind) in cases {
        assert_eq!(DictionaryKind::from_file_name(name), kind, "{name}");
    }
}

#[test]
fn validate_dictionaries_load_with_their_dates_and_agents() {
    let Some(dir) = shared_dictionaries() else {
        return;
    };
    let files: Vec<PathBuf> = [
        "PETR.Validate.actors.txt",
        "PETR.Validate.agents.txt",
        "PETR.Validate.discards.txt",
    ]
    .iter()
    .map(|f| dir.join(f))
    .collect();
    let (dict, problems) = ActorDict::load_files(&files).unwrap();
    if let Some(p) = &problems {
        panic!("unexpected problems: {p}");
    }
    // GOLLUM: [HOB < 950601] [HOBGOV 19950601 - 19990815] [HOBREB > 990816]
    assert_eq!(codes(&dict, "Gollum attacked", ymd(1994, 1, 1)), ["HOB"]);
    assert_eq!(
        codes(&dict, "Smeagol attacked", ymd(1997, 1, 1)),
        ["HOBGOV"]
    );
    assert_eq!(codes(&dict, "Gollum attacked", ymd(2001, 1, 1)), ["HOBREB"]);
    // SAM_GAMGEE [HOB] with dated codes: a dated code that holds wins, the
    // first one in file order when two hold.
    assert_eq!(
        codes(&dict, "Sam Gamgee left", ymd(2010, 1, 10)),
        ["ORCHOB"]
    );
    assert_eq!(
        codes(&dict, "Sam Gamgee left", ymd(2011, 1, 10)),
        ["HOBMIL"]
    );
    assert_eq!(
        codes(&dict, "Sam Gamgee left", ymd(2007, 1, 10)),
        ["HOBCIV"]
    );
    // Both ends of a range are included (validation record DATE-11).
    assert_eq!(
        codes(&dict, "Sam Gamgee left", ymd(2010, 1, 12)),
        ["ORCHOB"]
    );
    assert_eq!(
        codes(&dict, "Sam Gamgee left", ymd(2010, 1, 13)),
        ["HOBMIL"]
    );
    // An undated code is the fallback when no dated one holds (DATE-03).
    assert_eq!(
        codes(&dict, "Hamfast Gamgee left", ymd(1995, 1, 4)),
        ["HOB"]
    );
    assert_eq!(
        codes(&dict, "Hamfast Gamgee left", ymd(2012, 11, 9)),
        ["HOBGOV"]
    );
    // Agents from PETR.Validate.agents.txt.
    assert_eq!(codes(&dict, "Gondor police", ymd(2001, 1, 1)), ["GONCOP"]);
    assert_eq!(
        codes(&dict, "Rohan congressmen", ymd(2001, 1, 1)),
        ["ROHLEG"]
    );
    assert_eq!(
        codes(&dict, "the golden geese", ymd(2001, 1, 1)),
        ["---GGS"]
    );
    assert_eq!(
        codes(&dict, "Ministers of silly walks", ymd(2001, 1, 1)),
        ["---GOV"]
    );
    // Discards, story-level with `+`.
    let hit = dict.find_discard(&["Rohan", "won", "the", "World", "Golf", "Championships"]);
    assert_eq!(hit.map(|h| h.scope), Some(DiscardScope::Story));
}

#[test]
fn load_dir_skips_verb_files_and_reports_bad_lines_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("mini.actors.txt"),
        "RIVENDELL [RIV]\nMORIA\n\t[MOR 2004017-20061201]\n\t[MORGOV >20070101]\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("mini.agents.txt"),
        "ELF [~ELF]\nBROKEN [~XX\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("CAMEO.verbs.txt"), "--- GARBAGE [ ---\n").unwrap();
    std::fs::write(dir.path().join("notes.md"), "RIVENDELL [XXX]\n").unwrap();
    let (dict, problems) = ActorDict::load_dir(dir.path()).unwrap();
    assert_eq!(dict.sources().len(), 2);
    let problems = problems.expect("two lines were bad");
    assert!(problems.is_partial());
    let listed: Vec<(String, Option<u64>)> = problems
        .problems()
        .iter()
        .map(|e| {
            let file = e
                .path()
                .and_then(|p| p.file_name())
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (file, e.line())
        })
        .collect();
    assert_eq!(
        listed,
        [
            ("mini.actors.txt".to_string(), Some(3)),
            ("mini.agents.txt".to_string(), Some(2))
        ]
    );
    let message = problems.to_string();
    assert!(message.contains("mini.actors.txt:3:"), "{message}");
    assert!(message.contains("2004017"), "{message}");
    // The rest of both files loaded.
    assert_eq!(codes(&dict, "Rivendell elfs", None), ["RIVELF"]);
    assert_eq!(codes(&dict, "Moria", ymd(2008, 1, 1)), ["MORGOV"]);
}

#[test]
fn load_dir_without_dictionaries_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("CAMEO.2.0.txt"), "").unwrap();
    let err = ActorDict::load_dir(dir.path())
        .err()
        .expect("no dictionary files");
    assert!(matches!(err.kind(), ErrorKind::NoDictionaryFiles));
    assert!(err.to_string().contains(&dir.path().display().to_string()));
    let err = ActorDict::load_dir(&dir.path().join("missing"))
        .err()
        .unwrap();
    assert!(matches!(err.kind(), ErrorKind::Io(_)));
}

#[test]
fn committed_phoenix_directory_loads_like_the_embedded_set() {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../dictionaries"));
    // The embedded set: every Phoenix file, with khaldun's actor supplement
    // after the Phoenix actors and its agent supplement right after the
    // Phoenix agents.
    let files: Vec<std::path::PathBuf> = [
        "phoenix/Phoenix.Countries.actors.txt.gz",
        "phoenix/Phoenix.International.actors.txt.gz",
        "phoenix/Phoenix.MilNonState.actors.txt.gz",
        "khaldun/khaldun.actors.txt",
        "phoenix/Phoenix.agents.txt",
        "khaldun/khaldun.agents.txt",
        "phoenix/Phoenix.discards.txt",
        "phoenix/Phoenix.IssueCoding.txt.gz",
    ]
    .iter()
    .map(|f| root.join(f))
    .collect();
    let (from_dir, _) = ActorDict::load_files(&files).unwrap();
    // Without the supplement, the Phoenix directory alone has fewer phrases.
    let (phoenix_only, _) = ActorDict::load_dir(&root.join("phoenix")).unwrap();
    assert!(phoenix_only.phrase_count() < from_dir.phrase_count());
    let embedded = ActorDict::phoenix_default();
    assert_eq!(from_dir.phrase_count(), embedded.phrase_count());
    assert_eq!(
        from_dir.load_problems().len(),
        embedded.load_problems().len()
    );
    // The known bad lines of the Phoenix files, each named by file and line.
    for p in embedded.load_problems() {
        assert!(p.path().is_some() && p.line().is_some(), "{p}");
    }
    let sentence = "Iraqi police said";
    assert_eq!(
        codes(&from_dir, sentence, None),
        codes(&embedded, sentence, None)
    );
    assert_eq!(codes(&embedded, sentence, None), ["IRQCOP"]);
    let issues = embedded.count_issues(&["Oil", "and", "petroleum", "prices", "rose"]);
    assert_eq!(issues, [("OIL".to_string(), 2)]);
}
