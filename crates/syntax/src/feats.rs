//! Morphological features. Verbs and auxiliaries get a perceptron over the
//! feature bundles seen with their tag, reading the parse (subject,
//! auxiliaries, relation); other words take the most frequent bundle for
//! their (form, tag), falling back to the tag's most frequent bundle.

use std::collections::HashMap;

use crate::codec::{bad, DResult, Reader, Writer};
use crate::hash::{mix, mix3, mix4, FeatMap, Rng};
use crate::perceptron::{argmax_where, Compact, TrainPerceptron};
use crate::tagger::tag_hash;
use crate::words::WordViews;

#[inline(always)]
const fn tpl(n: u64) -> u64 {
    (n + 301).wrapping_mul(0x8CB9_2BA7_2F3D_8DD7)
}

#[derive(Clone, Debug, Default)]
pub(crate) struct FeatsModel {
    /// Feature bundles; index 0 is the empty bundle.
    pub(crate) bundles: Vec<String>,
    /// Per tag: most frequent bundle.
    by_tag: Vec<u32>,
    /// Per tag: candidate bundles for the classifier (empty = use lookup).
    cands: Vec<Vec<u32>>,
    /// `cands` in increasing order (not serialized), for picking the best.
    sorted: Vec<Vec<u32>>,
    /// hash(norm, tag) -> bundle.
    lookup: FeatMap,
    model: Compact,
    /// Subject label ids (from the parser's label list; not serialized).
    pub(crate) subj: Vec<bool>,
}

/// The parse of one sentence as the feature classifier sees it (0-based heads, root = NONE).
pub(crate) struct SentParse<'a> {
    pub(crate) views: &'a [WordViews],
    pub(crate) tags: &'a [u16],
    /// 1-based heads, 0 for root.
    pub(crate) heads: &'a [u32],
    pub(crate) labels: &'a [u16],
}

fn features(sp: &SentParse, subj: &[bool], kids: &[Vec<u32>], i: usize, out: &mut Vec<u64>) {
    let is_subj = |l: u64| subj.get(l as usize).copied().unwrap_or(false);
    out.clear();
    let v = &sp.views[i];
    let t = tag_hash(sp.tags[i]);
    let lab = sp.labels[i] as u64;
    let h = sp.heads[i] as usize;
    let ht = if h == 0 { 7 } else { tag_hash(sp.tags[h - 1]) };
    out.push(tpl(0));
    out.push(mix(tpl(1), v.norm));
    out.push(mix3(tpl(2), v.norm, t));
    out.push(mix(tpl(3), lab));
    out.push(mix3(tpl(4), lab, t));
    out.push(mix4(tpl(5), lab, t, ht));
    out.push(mix3(tpl(6), v.suf[2], t));
    out.push(mix(tpl(7), (i == 0) as u64));
    let mut has_subj = false;
    for &k in &kids[i] {
        let k = k as usize;
        let kl = sp.labels[k] as u64;
        let kv = &sp.views[k];
        out.push(mix(tpl(8), kl));
        out.push(mix3(tpl(9), kl, kv.norm));
        out.push(mix3(tpl(10), kl, tag_hash(sp.tags[k])));
        out.push(mix4(tpl(11), kl, (k < i) as u64, t));
        if k < i {
            out.push(mix3(tpl(12), kl, kv.norm));
        }
        if sp.heads[k] as usize == i + 1 && is_subj(kl) {
            has_subj = true;
        }
    }
    out.push(mix3(tpl(13), has_subj as u64, t));
    if h > 0 {
        out.push(mix3(tpl(14), sp.views[h - 1].norm, lab));
        // subject of the head (for auxiliaries and xcomp)
        for &k in &kids[h - 1] {
            let kl = sp.labels[k as usize] as u64;
            if is_subj(kl) {
                out.push(mix3(tpl(15), sp.views[k as usize].norm, lab));
                out.push(mix3(tpl(16), tag_hash(sp.tags[k as usize]), lab));
            }
        }
    }
    if i > 0 {
        out.push(mix3(tpl(17), sp.views[i - 1].norm, t));
    }
}

fn sorted(cands: &[Vec<u32>]) -> Vec<Vec<u32>> {
    cands
        .iter()
        .map(|c| {
            let mut c = c.clone();
            c.sort_unstable();
            c.dedup();
            c
        })
        .collect()
}

/// Which label ids are subjects (`nsubj*`, `csubj*`, `expl`).
pub(crate) fn subject_labels(labels: &[String]) -> Vec<bool> {
    labels
        .iter()
        .map(|l| l.starts_with("nsubj") || l.starts_with("csubj") || l == "expl")
        .collect()
}

pub(crate) struct FeatsScratch {
    kids: Vec<Vec<u32>>,
    feats: Vec<u64>,
    scores: Vec<f32>,
}

fn children(heads: &[u32], kids: &mut Vec<Vec<u32>>) {
    if kids.len() < heads.len() {
        kids.resize(heads.len(), Vec::new());
    }
    for k in kids.iter_mut() {
        k.clear();
    }
    for (d, &h) in heads.iter().enumerate() {
        if h > 0 && (h as usize) <= heads.len() {
            kids[h as usize - 1].push(d as u32);
        }
    }
}

impl FeatsModel {
    pub(crate) fn scratch(&self) -> FeatsScratch {
        FeatsScratch {
            kids: Vec::new(),
            feats: Vec::with_capacity(64),
            scores: vec![0.0; self.bundles.len().max(1)],
        }
    }

    pub(crate) fn predict(&self, sp: &SentParse, s: &mut FeatsScratch, out: &mut Vec<u32>) {
        out.clear();
        children(sp.heads, &mut s.kids);
        for i in 0..sp.tags.len() {
            let t = sp.tags[i] as usize;
            let cands = self.cands.get(t).map_or(&[][..], |c| &c[..]);
            let b = if cands.len() > 1 {
                features(sp, &self.subj, &s.kids, i, &mut s.feats);
                self.model.scores(&s.feats, &mut s.scores);
                // The first best candidate in class order, as `argmax_where`
                // over the candidates would pick it.
                let mut best: Option<(u32, f32)> = None;
                for &c in self.sorted.get(t).map_or(&[][..], |c| &c[..]) {
                    if let Some(&x) = s.scores.get(c as usize) {
                        if best.is_none_or(|(_, b)| x > b) {
                            best = Some((c, x));
                        }
                    }
                }
                best.map_or(cands[0], |b| b.0)
            } else {
                match self.lookup.get(mix(sp.views[i].norm, t as u64)) {
                    Some(b) => b,
                    None => self.by_tag.get(t).copied().unwrap_or(0),
                }
            };
            out.push(b);
        }
    }

    pub(crate) fn prune(&mut self, min_abs: f32) {
        self.model = self.model.pruned(min_abs);
    }

    pub(crate) fn sizes(&self) -> usize {
        self.model.entries()
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        w.tag(b"FEAT");
        w.strs(&self.bundles);
        w.u32s(&self.by_tag);
        w.len(self.cands.len());
        for c in &self.cands {
            w.u32s(c);
        }
        w.len(self.lookup.len);
        w.u64s(&self.lookup.keys);
        w.u32s(&self.lookup.vals);
        self.model.write(w);
    }

    pub(crate) fn read(r: &mut Reader) -> DResult<FeatsModel> {
        r.tag(b"FEAT")?;
        let bundles = r.strs()?;
        let by_tag = r.u32s()?;
        let n = r.len(8)?;
        let mut cands = Vec::with_capacity(n);
        for _ in 0..n {
            cands.push(r.u32s()?);
        }
        let len = r.u64()? as usize;
        let keys = r.u64s()?;
        let vals = r.u32s()?;
        let lookup = FeatMap { keys, vals, len };
        let model = Compact::read(r)?;
        let nb = bundles.len() as u32;
        if !lookup.is_valid()
            || model.n != bundles.len()
            || by_tag.iter().any(|b| *b >= nb)
            || cands.iter().flatten().any(|b| *b >= nb)
            || lookup.iter().any(|(_, b)| b >= nb)
        {
            return bad("feature tables are inconsistent");
        }
        Ok(FeatsModel {
            bundles,
            by_tag,
            sorted: sorted(&cands),
            cands,
            lookup,
            model,
            subj: Vec::new(),
        })
    }
}

/// A gold sentence for training the feature model.
pub(crate) struct FeatsExample<'a> {
    pub(crate) parse: SentParse<'a>,
    pub(crate) gold: Vec<u32>,
}

/// `verbal[t]` says whether tag `t` is a VERB or AUX tag (classifier-handled).
pub(crate) fn train(
    bundles: Vec<String>,
    ntags: usize,
    verbal: &[bool],
    subj: &[bool],
    examples: &[FeatsExample],
    epochs: usize,
    seed: u64,
) -> FeatsModel {
    let mut per_tag: Vec<HashMap<u32, u32>> = vec![HashMap::new(); ntags];
    let mut per_word: HashMap<u64, HashMap<u32, u32>> = HashMap::new();
    for ex in examples {
        for (i, &b) in ex.gold.iter().enumerate() {
            let t = ex.parse.tags[i] as usize;
            *per_tag[t].entry(b).or_default() += 1;
            *per_word
                .entry(mix(ex.parse.views[i].norm, t as u64))
                .or_default()
                .entry(b)
                .or_default() += 1;
        }
    }
    let top = |m: &HashMap<u32, u32>| {
        let mut v: Vec<(u32, u32)> = m.iter().map(|(a, b)| (*a, *b)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    };
    let by_tag: Vec<u32> = per_tag
        .iter()
        .map(|m| top(m).first().map_or(0, |x| x.0))
        .collect();
    let cands: Vec<Vec<u32>> = per_tag
        .iter()
        .enumerate()
        .map(|(t, m)| {
            if verbal.get(t).copied().unwrap_or(false) {
                top(m)
                    .into_iter()
                    .filter(|x| x.1 >= 2)
                    .map(|x| x.0)
                    .collect()
            } else {
                Vec::new()
            }
        })
        .collect();
    let mut lookup = FeatMap::new();
    let mut keys: Vec<u64> = per_word.keys().copied().collect();
    keys.sort_unstable();
    for k in keys {
        lookup.insert(k, top(&per_word[&k])[0].0);
    }
    let nb = bundles.len();
    let mut model = TrainPerceptron::new(nb);
    let mut rng = Rng::new(seed ^ 0xfea7);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut kids = Vec::new();
    let mut feats = Vec::new();
    let mut scores = vec![0.0f32; nb];
    for _ in 0..epochs {
        rng.shuffle(&mut order);
        for &e in &order {
            let ex = &examples[e];
            children(ex.parse.heads, &mut kids);
            for i in 0..ex.gold.len() {
                let c = &cands[ex.parse.tags[i] as usize];
                if c.len() <= 1 || !c.contains(&ex.gold[i]) {
                    continue;
                }
                features(&ex.parse, subj, &kids, i, &mut feats);
                model.scores(&feats, &mut scores);
                let g = argmax_where(&scores, |x| c.contains(&(x as u32))).unwrap_or(0);
                model.update(&feats, ex.gold[i] as usize, g);
                model.tick();
            }
        }
    }
    FeatsModel {
        bundles,
        by_tag,
        sorted: sorted(&cands),
        cands,
        lookup,
        model: model.finish(1e-3),
        subj: subj.to_vec(),
    }
}
