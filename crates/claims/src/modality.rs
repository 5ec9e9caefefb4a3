//! Stage `claims.modality.v1`: negation and modality.
//!
//! **Policy.** A negated act is kept with `negated: true`, never dropped and
//! never presented as having happened. Negation comes from a negator before
//! the trigger in its clause ("did not attack", "never met", "no attacks",
//! "no reports of fighting"), a negative governing verb ("refused to meet",
//! "failed to", "was unable to", "declined to", "denied attacking") or a
//! denial that reports the event ("denied that it had attacked").
//!
//! An act that has not (yet) happened gets `hypothetical: true`: after a
//! modal ("will meet", "could strike"), as the infinitive of a verb of
//! planning, threat or demand ("plans to meet", "threatened to attack",
//! "urged them to withdraw"), inside an "if"/"unless" clause, or as a noun
//! with "planned", "possible", "proposed" before it. A threat itself is an
//! act that happened: it is coded as the threat (13x) by the event coder and
//! is not hypothetical; the threatened act is.

use text_model::{AnnotatedDoc, Layer, Stage};

use crate::words;

const NEGATORS: &[&str] = &[
    "not", "n't", "never", "no", "without", "neither", "nor", "cannot",
];

/// Verbs whose infinitive or gerund complement did not happen.
const NEGATIVE_GOVERNORS: &[&str] = &[
    "refused",
    "refuses",
    "refuse",
    "refusing",
    "declined",
    "declines",
    "decline",
    "failed",
    "fails",
    "fail",
    "unable",
    "denied",
    "denies",
    "deny",
    "denying",
    "avoided",
    "avoids",
    "rejected",
    "rejects",
    "halted",
    "suspended",
    "stopped",
    "ceased",
    "abandoned",
    "cancelled",
    "canceled",
    "called",
    "postponed",
];

const DENIAL_CUES: &[&str] = &[
    "denied",
    "denies",
    "deny",
    "denying",
    "rejected",
    "rejects",
    "dismissed",
];

const MODALS: &[&str] = &[
    "will", "'ll", "would", "'d", "could", "might", "may", "should", "can", "shall", "must", "wo",
    "ca",
];

/// Verbs after which an infinitive is an act that did happen.
const FACTIVE_GOVERNORS: &[&str] = &[
    "managed",
    "began",
    "begun",
    "started",
    "continued",
    "continues",
    "helped",
    "used",
    "went",
    "came",
    "moved",
    "tried",
    "attempted",
    "sought",
    "seeks",
    "ordered",
];

const PROSPECTIVE_ADJ: &[&str] = &[
    "planned",
    "possible",
    "proposed",
    "potential",
    "expected",
    "upcoming",
    "future",
    "likely",
    "imminent",
    "scheduled",
    "threatened",
    "intended",
    "prospective",
    "would-be",
];

fn is_break(w: &str) -> bool {
    matches!(
        w,
        "." | ";"
            | ":"
            | ","
            | "!"
            | "?"
            | "that"
            | "which"
            | "who"
            | "whether"
            | "because"
            | "but"
            | "when"
            | "while"
            | "as"
            | "since"
            | "--"
            | "—"
    ) || words::is_quote(w)
}

/// (negated, hypothetical) for the verb or noun at token `t`.
pub(crate) fn modality(lower: &[String], lo: usize, t: usize) -> (bool, bool) {
    let mut negated = false;
    let mut hypothetical = false;
    let w = |i: usize| lower.get(i).map_or("", String::as_str);
    // Left window within the clause.
    let mut i = t;
    let mut steps = 0;
    while i > lo && steps < 6 {
        i -= 1;
        steps += 1;
        let x = w(i);
        if is_break(x) {
            break;
        }
        if NEGATORS.contains(&x) {
            // "not only", "no longer" stay negation; "no" right before a
            // noun trigger or a "no reports of" frame.
            negated = true;
        }
        let to_here = x == "to"
            && (i + 1 == t
                || matches!(w(i + 1), "be" | "have" | "not" | "never" | "again" | "also"));
        if to_here {
            // The governor of the infinitive.
            let g = w(i.saturating_sub(1));
            let g2 = w(i.saturating_sub(2));
            let governed_by = |v: &&str| *v == g || *v == g2;
            if g == "called" || g2 == "called" {
                // "called on them to withdraw": a demand, not yet done.
                hypothetical = true;
            } else if NEGATIVE_GOVERNORS.iter().any(governed_by) {
                negated = true;
            } else if !FACTIVE_GOVERNORS.iter().any(governed_by) {
                hypothetical = true;
            }
        }
        if MODALS.contains(&x) {
            // "could have attacked" is hedged; "would" in reported speech is
            // the future in the past.
            hypothetical = true;
        }
        if matches!(x, "if" | "unless") {
            hypothetical = true;
        }
        if PROSPECTIVE_ADJ.contains(&x) && i + 1 == t {
            hypothetical = true;
        }
        if i + 1 == t && NEGATIVE_GOVERNORS.contains(&x) && w(t).ends_with("ing") {
            // "denied attacking", "avoided meeting".
            negated = true;
        }
    }
    // A conditional clause earlier in the sentence whose comma precedes the
    // trigger's clause: "If talks fail, the army will attack" is caught by
    // "will"; "if" itself is caught above when inside the clause.
    (negated, hypothetical)
}

/// Stage `claims.modality.v1`.
#[derive(Debug, Default)]
pub struct ModalityStage;

impl ModalityStage {
    pub fn new() -> ModalityStage {
        ModalityStage
    }
}

impl Stage for ModalityStage {
    fn name(&self) -> &'static str {
        "claims.modality.v1"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Sentences, Layer::Tokens, Layer::Events]
    }

    fn provides(&self) -> &'static [Layer] {
        &[Layer::Modality]
    }

    fn run(&self, doc: &mut AnnotatedDoc) {
        let lower = words::lower_tokens(doc);
        let deps = words::has_deps(doc);
        let mut out = Vec::with_capacity(doc.events.len());
        for ev in &doc.events {
            let Some(t) = words::token_at(doc, ev.trigger.start()) else {
                out.push((false, false));
                continue;
            };
            let lo = words::sentence_range(doc, ev.sentence as usize)
                .start
                .min(t);
            let (mut neg, hyp) = modality(&lower, lo, t);
            if deps && !neg {
                let r = words::sentence_range(doc, ev.sentence as usize);
                neg = words::children(doc, r, t).into_iter().any(|c| {
                    let rel = doc.tokens[c].deprel.as_str();
                    (rel == "advmod" || rel == "det")
                        && matches!(lower[c].as_str(), "not" | "n't" | "never" | "no")
                });
            }
            // A denial that reports the event negates it.
            if let Some(cue) = ev.attribution.as_ref().and_then(|a| a.cue) {
                let cw = doc.slice(cue).to_lowercase();
                if DENIAL_CUES.contains(&cw.as_str()) {
                    neg = true;
                }
            }
            out.push((neg, hyp));
        }
        for (ev, (n, h)) in doc.events.iter_mut().zip(out) {
            ev.negated = n;
            ev.hypothetical = h;
        }
        doc.mark_layer(Layer::Modality);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit;

    /// (text, trigger, negated, hypothetical)
    const CASES: &[(&str, &str, bool, bool)] = &[
        ("The army did not attack the town.", "attack", true, false),
        ("The army didn't attack the town.", "attack", true, false),
        ("The army attacked the town.", "attacked", false, false),
        (
            "The group denied attacking the convoy.",
            "attacking",
            true,
            false,
        ),
        (
            "The minister refused to meet the envoy.",
            "meet",
            true,
            false,
        ),
        (
            "The president was unable to attend the summit.",
            "attend",
            true,
            false,
        ),
        (
            "There were no reports of fighting in the city.",
            "fighting",
            true,
            false,
        ),
        ("The two leaders will meet in Geneva.", "meet", false, true),
        (
            "The government plans to hold talks with rebels.",
            "hold",
            false,
            true,
        ),
        ("Rebels could attack the capital.", "attack", false, true),
        (
            "If talks fail, the army will strike.",
            "strike",
            false,
            true,
        ),
        (
            "The militia threatened to attack the base.",
            "attack",
            false,
            true,
        ),
        (
            "The militia threatened to attack the base.",
            "threatened",
            false,
            false,
        ),
        (
            "The army has never attacked civilians.",
            "attacked",
            true,
            false,
        ),
        (
            "Police managed to arrest the suspects.",
            "arrest",
            false,
            false,
        ),
        ("The planned talks were cancelled.", "talks", false, true),
        (
            "The envoy urged both sides to stop fighting.",
            "stop",
            false,
            true,
        ),
    ];

    #[test]
    fn modality_table() {
        for &(text, trig, neg, hyp) in CASES {
            let mut d = testkit::doc(text, None, None);
            testkit::add_event(&mut d, trig, 0, "190", None, None).unwrap();
            crate::AttributionStage::new().run(&mut d);
            ModalityStage::new().run(&mut d);
            let e = &d.events[0];
            assert_eq!((e.negated, e.hypothetical), (neg, hyp), "{text} [{trig}]");
        }
    }
}
