//! `khaldun code` options end to end through the binary.

use std::process::Command;

fn code(args: &[&str], input: &std::path::Path) -> Vec<serde_json::Value> {
    let out = Command::new(env!("CARGO_BIN_EXE_khaldun"))
        .arg("code")
        .arg(input)
        .args(args)
        .output()
        .expect("run khaldun");
    assert!(
        out.status.success(),
        "khaldun code {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("an event record per line"))
        .collect()
}

/// Regression: without `--unary` the CLI used to write `unary = false` over
/// every stage, so a config's own `unary = true` was silently ignored.
#[test]
fn a_config_can_ask_for_one_sided_events() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("doc.jsonl");
    std::fs::write(
        &input,
        r#"{"id":"d1","published":"2015-03-12","text":"US troops stormed the compound."}"#,
    )
    .unwrap();
    let config = dir.path().join("unary.toml");
    let mut toml = pipeline::DEFAULT_CONFIG.to_string();
    assert!(toml.contains("[options.\"events.cameo.v1\"]"));
    toml = toml.replace(
        "[options.\"events.cameo.v1\"]",
        "[options.\"events.cameo.v1\"]\nunary = true",
    );
    std::fs::write(&config, toml).unwrap();

    let dyadic = code(&[], &input);
    assert!(dyadic.is_empty(), "{dyadic:?}");
    let unary = code(&["--config", config.to_str().unwrap()], &input);
    assert_eq!(unary.len(), 1, "{unary:?}");
    assert_eq!(unary[0]["source"]["code"], "USAMIL");
    assert!(unary[0]["target"].is_null(), "{unary:?}");
    assert_eq!(code(&["--unary"], &input).len(), 1);
}

/// Documents of news words in random order (a fixed-seed generator): the
/// whole pipeline, by default and in its widest mode, codes them without a panic or a stack overflow
/// (one such document once sent pronoun resolution into endless
/// recursion), and every span of every record slices its words back out.
#[test]
fn word_salad_of_news_words_codes_without_crashing() {
    const WORDS: &[&str] = &[
        "Iraq",
        "Iran",
        "Syria",
        "said",
        "told",
        "attacked",
        "killed",
        "the",
        "army",
        "police",
        "rebels",
        "he",
        "she",
        "it",
        "they",
        "them",
        "their",
        "its",
        "not",
        "will",
        "could",
        "if",
        "\"",
        "“",
        "”",
        "(",
        ")",
        ",",
        ".",
        ";",
        ":",
        "according",
        "to",
        "in",
        "on",
        "1981",
        "Monday",
        "yesterday",
        "last",
        "week",
        "-",
        "ISIS",
        "met",
        "with",
        "U.S.",
        "Mr.",
        "who",
        "which",
        "that",
        "and",
        "or",
        "but",
        "known",
        "as",
        "of",
        "by",
        "was",
        "had",
        "denied",
        "accused",
        "warned",
        "plans",
        "leader",
        "minister",
        "group",
        "militia",
        "former",
        "defector",
        "disclosed",
        "Baghdad",
        "Mosul",
        "between",
        "2003",
        "February",
        "30",
        "era",
        "UN",
        "ISIL",
        "Kurdish",
        "Iraqi",
        "officials",
        "spokesman",
        "\n",
        "🙂",
        "中国",
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |n: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize % n
    };
    let mut docs = std::collections::HashMap::new();
    let mut jsonl = String::new();
    for i in 0..300 {
        let len = [3, 12, 40, 120][next(4)];
        let text: Vec<&str> = (0..len).map(|_| WORDS[next(WORDS.len())]).collect();
        let text = format!("Iraq {}", text.join(" "));
        let id = format!("salad-{i}");
        let line = serde_json::json!({"id": id, "published": "2015-03-10", "text": text});
        jsonl.push_str(&line.to_string());
        jsonl.push('\n');
        docs.insert(id, text);
    }
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("salad.jsonl");
    std::fs::write(&input, jsonl).unwrap();
    // The default, and the mode that keeps the most: one-sided events and
    // uncoded claims.
    let mut records = code(&[], &input);
    assert!(!records.is_empty());
    let widest = code(&["--unary", "--uncoded"], &input);
    assert!(widest.len() > records.len());
    records.extend(widest);
    for r in &records {
        let text = &docs[r["doc_id"].as_str().unwrap()];
        for side in ["trigger", "source", "target"] {
            let s = &r[side];
            if s.is_null() {
                continue;
            }
            let (start, end) = (s["start"].as_u64().unwrap(), s["end"].as_u64().unwrap());
            assert_eq!(
                text.get(start as usize..end as usize),
                s["text"].as_str(),
                "{side} of {r}"
            );
        }
    }
}

/// `--uncoded` adds claims that no CAMEO category covers, with their
/// attribution; without it `khaldun code` writes CAMEO events only.
#[test]
fn uncoded_claims_need_the_flag_and_keep_their_attribution() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("doc.jsonl");
    std::fs::write(
        &input,
        r#"{"id":"d1","published":"2015-03-12","text":"A defector said the Iraqi army smuggled weapons to Syria."}"#,
    )
    .unwrap();
    let is_claim = |r: &serde_json::Value| r["trigger"]["text"] == "smuggled";
    let plain = code(&[], &input);
    assert!(!plain.iter().any(is_claim), "{plain:?}");
    assert!(plain.iter().all(|r| r.get("uncoded").is_none()));
    let with_claims = code(&["--uncoded"], &input);
    let claim = with_claims
        .iter()
        .find(|r| is_claim(r))
        .unwrap_or_else(|| panic!("{with_claims:?}"));
    assert_eq!(claim["uncoded"], true);
    assert_eq!(claim["cameo"]["code"], "");
    assert_eq!(claim["source"]["code"], "IRQMIL");
    assert_eq!(
        claim["attribution"]["asserted_by"]["text"]
            .as_str()
            .map(|s| s.to_lowercase().ends_with("defector")),
        Some(true),
        "{claim}"
    );
    // The coded events are the same either way.
    let coded: Vec<_> = with_claims
        .iter()
        .filter(|r| r.get("uncoded").is_none())
        .collect();
    assert_eq!(coded.len(), plain.len());
}
