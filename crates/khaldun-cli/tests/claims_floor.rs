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
    // 0.972 when this floor was set (174 of 179 gold events, uncoded claims
    // kept; 0.877 before they were).
    assert!(coverage >= 0.95, "coverage {coverage:.3}");
    assert_eq!(
        report["uncoded_claims"], true,
        "the default mode keeps them"
    );
    // CAMEO-coded events alone, reported beside: 157 of 179 (0.877) when set.
    let coded = report["coded_only"]["matched_events"].as_f64().unwrap();
    assert!(
        coded / report["gold_events"].as_f64().unwrap() >= 0.85,
        "coded-only coverage {coded}"
    );
    let fields = report["fields"].as_object().expect("fields");
    // End to end (correct over every gold event, a missed event counting as
    // wrong), the figure the bar is set on: 0.972 for these fields and
    // 0.905 for location when the floors were set. Accuracy on the matched
    // events alone falls when recall rises (events found late are the hard
    // ones), so it has a lower floor that guards the claims stages.
    for (name, floor) in [
        ("attribution", 0.95),
        ("date", 0.95),
        ("historical", 0.95),
        ("negated", 0.95),
        ("hypothetical", 0.95),
        ("location", 0.88),
    ] {
        let end_to_end = fields[name]["end_to_end"].as_f64().unwrap();
        assert!(
            end_to_end >= floor,
            "{name}: end to end {end_to_end:.3} under {floor}"
        );
        let accuracy = fields[name]["accuracy"].as_f64().unwrap();
        assert!(
            accuracy >= 0.9,
            "{name}: accuracy {accuracy:.3} on matched events"
        );
    }
    let coref = fields["coref"]["accuracy"].as_f64().unwrap();
    // 0.812 (13 of 16) when this floor was set.
    assert!(coref >= 0.75, "coref {coref:.3}");
}
