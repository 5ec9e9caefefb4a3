//! `khaldun eval claims` end to end as a regression floor: the whole default
//! pipeline (segmenter, parser, actors, coder, claims stages) over the
//! hand-written gold passages. The floors sit a little under the figures of
//! the commit that set them, so that accuracy can never silently regress.

use std::process::Command;

#[test]
fn end_to_end_claims_figures_stay_above_their_floor() {
    let gold = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../claims/tests/gold/claims-gold.jsonl"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_khaldun"))
        .args(["eval", "claims", "--gold", gold, "--json"])
        .output()
        .expect("run khaldun");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    let coverage =
        report["matched_events"].as_f64().unwrap() / report["gold_events"].as_f64().unwrap();
    // 0.802 when this floor was set (130 of 162 gold events).
    assert!(coverage >= 0.77, "coverage {coverage:.3}");
    let fields = report["fields"].as_object().expect("fields");
    for name in [
        "attribution",
        "date",
        "historical",
        "negated",
        "hypothetical",
        "location",
    ] {
        let accuracy = fields[name]["accuracy"].as_f64().unwrap();
        assert!(
            accuracy >= 0.95,
            "{name}: accuracy {accuracy:.3} on matched events"
        );
    }
    let coref = fields["coref"]["accuracy"].as_f64().unwrap();
    assert!(coref >= 0.6, "coref {coref:.3}");
}
