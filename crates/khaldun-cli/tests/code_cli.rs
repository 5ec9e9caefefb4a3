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
