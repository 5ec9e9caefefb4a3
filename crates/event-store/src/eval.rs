//! Pairwise precision and recall of a clustering against gold clusters.

use std::collections::HashMap;
use std::hash::Hash;

/// Pairwise scores: a pair of mentions counts as a true positive when both
/// the gold and the predicted clustering put them together.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PairwiseScores {
    pub mentions: u64,
    pub gold_clusters: u64,
    pub predicted_clusters: u64,
    pub true_pairs: u64,
    pub predicted_pairs: u64,
    pub gold_pairs: u64,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

fn pairs(n: u64) -> u64 {
    n * n.saturating_sub(1) / 2
}

/// Scores `(gold, predicted)` cluster labels, one pair per mention.
/// Precision (recall) is 1 when there are no predicted (gold) pairs.
pub fn pairwise_scores<G: Eq + Hash, P: Eq + Hash>(
    labels: impl IntoIterator<Item = (G, P)>,
) -> PairwiseScores {
    let mut joint: HashMap<(G, P), u64> = HashMap::new();
    let mut mentions = 0;
    for (g, p) in labels {
        *joint.entry((g, p)).or_default() += 1;
        mentions += 1;
    }
    let mut gold: HashMap<&G, u64> = HashMap::new();
    let mut pred: HashMap<&P, u64> = HashMap::new();
    let mut true_pairs = 0;
    for ((g, p), n) in &joint {
        *gold.entry(g).or_default() += n;
        *pred.entry(p).or_default() += n;
        true_pairs += pairs(*n);
    }
    let gold_pairs: u64 = gold.values().map(|n| pairs(*n)).sum();
    let predicted_pairs: u64 = pred.values().map(|n| pairs(*n)).sum();
    let ratio = |a: u64, b: u64| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    let precision = ratio(true_pairs, predicted_pairs);
    let recall = ratio(true_pairs, gold_pairs);
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    PairwiseScores {
        mentions,
        gold_clusters: gold.len() as u64,
        predicted_clusters: pred.len() as u64,
        true_pairs,
        predicted_pairs,
        gold_pairs,
        precision,
        recall,
        f1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_and_split_clusterings() {
        let gold = ["a", "a", "a", "b", "b"];
        let same = pairwise_scores(gold.iter().zip([1, 1, 1, 2, 2]));
        assert_eq!((same.precision, same.recall), (1.0, 1.0));
        // Splitting a: pairs a1a2 kept, a1a3 and a2a3 lost -> recall 2/4.
        let split = pairwise_scores(gold.iter().zip([1, 1, 3, 2, 2]));
        assert_eq!(split.gold_pairs, 4);
        assert_eq!(split.true_pairs, 2);
        assert_eq!(split.precision, 1.0);
        assert_eq!(split.recall, 0.5);
        // Merging everything: 10 predicted pairs, 4 true.
        let merged = pairwise_scores(gold.iter().zip([1; 5]));
        assert_eq!(merged.predicted_pairs, 10);
        assert!((merged.precision - 0.4).abs() < 1e-12);
        assert_eq!(merged.recall, 1.0);
    }
}
