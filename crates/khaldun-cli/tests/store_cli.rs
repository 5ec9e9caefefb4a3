//! The store commands end to end through the `khaldun` binary: ingest of
//! coded records (twice: the second run stores nothing), query, every export
//! format, network, timeline and `eval dedup`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn khaldun(args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_khaldun"))
        .args(args)
        .output()
        .expect("run khaldun");
    assert!(
        out.status.success(),
        "khaldun {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn gold() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../event-store/tests/data/dedup_gold.jsonl"
    ))
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn ingest_query_export_network_timeline() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("events.db");
    let records = gold();
    let text = std::fs::read_to_string(&records).unwrap();
    let mentions = text.lines().count();
    let docs: std::collections::HashSet<String> = text
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["doc_id"].to_string())
        .collect();
    let docs = docs.len();
    let first = khaldun(&["ingest", "--db", s(&db), "--records", s(&records)]);
    let msg = String::from_utf8_lossy(&first.stderr).to_string();
    assert!(
        msg.contains(&format!(
            "stored {docs} document(s) (0 already present), {mentions} mention(s)"
        )),
        "{msg}"
    );
    let again = khaldun(&["ingest", "--db", s(&db), "--records", s(&records)]);
    let msg = String::from_utf8_lossy(&again.stderr).to_string();
    assert!(
        msg.contains(&format!(
            "stored 0 document(s) ({docs} already present), 0 mention(s)"
        )),
        "{msg}"
    );

    // Query: JSONL (stdout is not a terminal here), filtered by actor and date.
    let out = khaldun(&[
        "query",
        "--db",
        s(&db),
        "--actor",
        "SDN",
        "--from",
        "2025-07-14",
        "--to",
        "2025-07-14",
    ]);
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(!lines.is_empty());
    for v in &lines {
        assert!(v["source"]["code"].as_str().unwrap().starts_with("SDN"));
        assert_eq!(v["date"]["start"], "2025-07-14");
    }
    let table = khaldun(&[
        "query",
        "--db",
        s(&db),
        "--cameo",
        "19",
        "--format",
        "table",
    ]);
    assert!(String::from_utf8(table.stdout)
        .unwrap()
        .starts_with("  event"));

    // Exports.
    let csv = khaldun(&["export", "--db", s(&db), "--format", "csv"]);
    assert_eq!(
        String::from_utf8(csv.stdout).unwrap().lines().count(),
        mentions + 1
    );
    let gdelt = khaldun(&["export", "--db", s(&db), "--format", "gdelt"]);
    let gdelt = String::from_utf8(gdelt.stdout).unwrap();
    assert!(gdelt.lines().all(|l| l.split('\t').count() == 61));
    let phoenix = khaldun(&["export", "--db", s(&db), "--format", "phoenix"]);
    let phoenix = String::from_utf8(phoenix.stdout).unwrap();
    assert!(phoenix.lines().all(|l| l.split('\t').count() == 26));
    assert_eq!(gdelt.lines().count(), phoenix.lines().count());
    let parquet = dir.path().join("m.parquet");
    khaldun(&[
        "export",
        "--db",
        s(&db),
        "--format",
        "parquet",
        "--out",
        s(&parquet),
    ]);
    assert!(std::fs::read(&parquet).unwrap().starts_with(b"PAR1"));

    // Network and timeline.
    let net = khaldun(&["network", "--db", s(&db), "--format", "json"]);
    let net: serde_json::Value = serde_json::from_slice(&net.stdout).unwrap();
    assert!(!net["edges"].as_array().unwrap().is_empty());
    let graphml = khaldun(&[
        "network",
        "--db",
        s(&db),
        "--own-voice",
        "--format",
        "graphml",
    ]);
    assert!(String::from_utf8(graphml.stdout)
        .unwrap()
        .contains("<graphml"));
    let tl = khaldun(&["timeline", "--db", s(&db), "--actor", "RUS", "--by", "day"]);
    let rows: Vec<serde_json::Value> = String::from_utf8(tl.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(rows.iter().any(|r| r["period"] == "2025-05-11"));
}

#[test]
fn eval_dedup_reports_pairwise_scores() {
    let out = khaldun(&["eval", "dedup", "--gold", s(&gold()), "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let lines = std::fs::read_to_string(gold()).unwrap().lines().count();
    assert_eq!(v["mentions"], lines);
    assert!(v["f1"].as_f64().unwrap() >= 0.85, "{v}");
}

#[test]
fn bad_database_gives_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, vec![7u8; 4096]).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_khaldun"))
        .args(["query", "--db", s(&junk)])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("junk.db") && err.contains("not a usable SQLite database"),
        "{err}"
    );
}

#[test]
fn negative_dedup_days_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("events.db");
    let out = Command::new(env!("CARGO_BIN_EXE_khaldun"))
        .args(["ingest", "--db", s(&db), "--records", s(&gold())])
        .arg("--slack-days=-1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--slack-days"), "{err}");
    assert!(!db.exists());
}

/// Regression: report commands printed with `println!`, which panics (exit
/// 101) when the reader has closed the pipe (`khaldun eval dedup | head`).
/// A closed pipe now ends the run quietly with success.
#[test]
fn a_closed_output_pipe_ends_a_report_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_khaldun"))
        .args(["eval", "dedup", "--gold", s(&gold())])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Close the reading end before the report is written.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(out.status.code(), Some(0), "{err}");
}
