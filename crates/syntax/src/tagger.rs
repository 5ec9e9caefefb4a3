//! Greedy left-to-right averaged-perceptron tagger over joint `UPOS XPOS` tags.

use crate::codec::{DResult, Reader, Writer};
use crate::hash::{mix, mix3, mix4, FeatMap, Rng};
use crate::perceptron::{Compact, TrainPerceptron};
use crate::words::WordViews;

const PAD_L: u64 = 0x1111_2222_3333_4444;
const PAD_R: u64 = 0x5555_6666_7777_8888;
const START_TAG: u64 = 0x0bad_cafe_dead_beef;

#[inline(always)]
const fn tpl(n: u64) -> u64 {
    (n + 1).wrapping_mul(0xA24B_AED4_963E_E407)
}

#[inline(always)]
pub(crate) fn tag_hash(t: u16) -> u64 {
    (t as u64 + 17).wrapping_mul(0x9FB2_1C65_1E98_DF25)
}

/// Fills `out` with the feature hashes for token `i`.
pub(crate) fn features(
    v: &[WordViews],
    amb: &[u64],
    i: usize,
    p1: u64,
    p2: u64,
    out: &mut Vec<u64>,
) {
    out.clear();
    let w = &v[i];
    let ab = |k: isize| -> u64 {
        let j = i as isize + k;
        if j < 0 {
            PAD_L
        } else if j >= amb.len() as isize {
            PAD_R
        } else {
            amb[j as usize]
        }
    };
    let (a0, a1, a2, a_1) = (ab(0), ab(1), ab(2), ab(-1));
    out.push(mix(tpl(40), a0));
    out.push(mix(tpl(41), a1));
    out.push(mix(tpl(42), a2));
    out.push(mix3(tpl(43), a0, a1));
    out.push(mix3(tpl(44), p1, a1));
    out.push(mix4(tpl(45), p1, a0, a1));
    out.push(mix3(tpl(46), a1, a2));
    out.push(mix3(tpl(47), w.norm, a1));
    out.push(mix3(tpl(48), a_1, a0));
    let get = |k: isize| -> Option<&WordViews> {
        let j = i as isize + k;
        if j < 0 || j >= v.len() as isize {
            None
        } else {
            Some(&v[j as usize])
        }
    };
    let norm = |k: isize| get(k).map_or(if k < 0 { PAD_L } else { PAD_R }, |x| x.norm);
    let suf3 = |k: isize| get(k).map_or(if k < 0 { PAD_L } else { PAD_R }, |x| x.suf[2]);
    let shape = |k: isize| get(k).map_or(if k < 0 { PAD_L } else { PAD_R }, |x| x.shape);
    let (n_1, n_2, n1, n2) = (norm(-1), norm(-2), norm(1), norm(2));
    out.push(tpl(0));
    out.push(mix(tpl(1), w.norm));
    out.push(mix(tpl(2), w.form));
    for k in 0..5 {
        out.push(mix(tpl(3 + k as u64), w.suf[k]));
    }
    for k in 0..3 {
        out.push(mix(tpl(8 + k as u64), w.pre[k]));
    }
    out.push(mix(tpl(11), w.shape));
    out.push(mix(tpl(12), w.flags | if i == 0 { 32 } else { 0 }));
    out.push(mix(tpl(13), n_1));
    out.push(mix(tpl(14), n_2));
    out.push(mix(tpl(15), n1));
    out.push(mix(tpl(16), n2));
    out.push(mix(tpl(17), suf3(-1)));
    out.push(mix(tpl(18), suf3(1)));
    out.push(mix(tpl(19), p1));
    out.push(mix(tpl(20), p2));
    out.push(mix3(tpl(21), p1, p2));
    out.push(mix3(tpl(22), p1, w.norm));
    out.push(mix3(tpl(23), n_1, w.norm));
    out.push(mix3(tpl(24), w.norm, n1));
    out.push(mix(tpl(25), shape(1)));
    out.push(mix(tpl(26), shape(-1)));
    out.push(mix3(tpl(27), p1, w.suf[2]));
    out.push(mix3(tpl(28), n1, n2));
    out.push(mix3(tpl(29), p1, n1));
    out.push(mix3(tpl(30), w.suf[1], n1));
    out.push(mix3(tpl(31), n_1, n1));
    out.push(mix(tpl(32), get(1).map_or(PAD_R, |x| x.suf[1])));
    out.push(mix3(tpl(33), w.shape, p1));
}

/// The trained tagger.
#[derive(Clone, Debug, Default)]
pub(crate) struct Tagger {
    /// Joint tags as `UPOS\tXPOS`.
    pub(crate) tags: Vec<String>,
    model: Compact,
    /// Frequent, unambiguous words (by exact form hash) and their tag.
    tagdict: FeatMap,
    /// Ambiguity class (hash of the two most frequent tags) of words seen
    /// at least three times, by `norm` hash.
    amb: FeatMap,
}

const RARE: u64 = 0x3141_5926_5358_9793;

fn amb_class(amb: &FeatMap, v: &[WordViews], out: &mut Vec<u64>) {
    out.clear();
    for w in v {
        out.push(match amb.get(w.norm) {
            Some(c) => c as u64 + 1,
            None => RARE,
        });
    }
}

/// Ambiguity classes from training counts: norm hash -> class id.
fn build_amb(examples: &[TagExample], n: usize) -> FeatMap {
    let mut counts: std::collections::HashMap<u64, Vec<u32>> = Default::default();
    for ex in examples {
        for (v, t) in ex.views.iter().zip(ex.gold) {
            let c = counts.entry(v.norm).or_insert_with(|| vec![0; n]);
            c[*t as usize] += 1;
        }
    }
    let mut keys: Vec<_> = counts.keys().copied().collect();
    keys.sort_unstable();
    let mut amb = FeatMap::new();
    for k in keys {
        let c = &counts[&k];
        let total: u32 = c.iter().sum();
        if total < 3 {
            continue;
        }
        let mut idx: Vec<usize> = (0..n).filter(|&t| c[t] > 0).collect();
        idx.sort_by(|a, b| c[*b].cmp(&c[*a]).then(a.cmp(b)));
        let first = idx[0] as u32;
        let second = idx
            .get(1)
            .filter(|&&t| c[t] * 10 >= total)
            .map_or(n as u32, |&t| t as u32);
        amb.insert(k, first * (n as u32 + 1) + second);
    }
    amb
}

pub(crate) struct TagScratch {
    amb: Vec<u64>,
    feats: Vec<u64>,
    scores: Vec<f32>,
}

impl Tagger {
    pub(crate) fn scratch(&self) -> TagScratch {
        TagScratch {
            amb: Vec::new(),
            feats: Vec::with_capacity(64),
            scores: vec![0.0; self.tags.len().max(1)],
        }
    }

    pub(crate) fn tag(&self, v: &[WordViews], s: &mut TagScratch, out: &mut Vec<u16>) {
        out.clear();
        let (mut p1, mut p2) = (START_TAG, START_TAG ^ 1);
        amb_class(&self.amb, v, &mut s.amb);
        for i in 0..v.len() {
            let t = match self.tagdict.get(v[i].form) {
                Some(t) => t as u16,
                None => {
                    features(v, &s.amb, i, p1, p2, &mut s.feats);
                    self.model.scores(&s.feats, &mut s.scores);
                    crate::perceptron::argmax_where(&s.scores, |_| true).unwrap_or(0) as u16
                }
            };
            out.push(t);
            p2 = p1;
            p1 = tag_hash(t);
        }
    }

    pub(crate) fn prune(&mut self, min_abs: f32) {
        self.model = self.model.pruned(min_abs);
    }

    pub(crate) fn sizes(&self) -> usize {
        self.model.entries()
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        w.tag(b"TAGR");
        w.strs(&self.tags);
        self.model.write(w);
        w.len(self.tagdict.len);
        w.u64s(&self.tagdict.keys);
        w.u32s(&self.tagdict.vals);
        w.len(self.amb.len);
        w.u64s(&self.amb.keys);
        w.u32s(&self.amb.vals);
    }

    pub(crate) fn read(r: &mut Reader) -> DResult<Tagger> {
        r.tag(b"TAGR")?;
        let tags = r.strs()?;
        let model = Compact::read(r)?;
        let len = r.u64()? as usize;
        let keys = r.u64s()?;
        let vals = r.u32s()?;
        let tagdict = FeatMap { keys, vals, len };
        let len = r.u64()? as usize;
        let keys = r.u64s()?;
        let vals = r.u32s()?;
        let amb = FeatMap { keys, vals, len };
        if !tagdict.is_valid()
            || !amb.is_valid()
            || model.n != tags.len()
            || tagdict.iter().any(|(_, v)| v as usize >= tags.len())
        {
            return crate::codec::bad("tagger tables are inconsistent");
        }
        Ok(Tagger {
            tags,
            model,
            tagdict,
            amb,
        })
    }
}

/// One training sentence for the tagger: token views and gold tag ids.
pub(crate) struct TagExample<'a> {
    pub(crate) views: &'a [WordViews],
    pub(crate) gold: &'a [u16],
}

/// Trains a tagger; `tags` names the tag ids used in the examples.
pub(crate) fn train(
    tags: &[String],
    examples: &[TagExample],
    epochs: usize,
    seed: u64,
    mut log: impl FnMut(usize, f64),
) -> Tagger {
    let n = tags.len();
    // Tag dictionary: exact forms seen >= 20 times with one tag >= 99.5% of the time.
    let mut counts: std::collections::HashMap<u64, Vec<u32>> = Default::default();
    for ex in examples {
        for (v, t) in ex.views.iter().zip(ex.gold) {
            let c = counts.entry(v.form).or_insert_with(|| vec![0; n]);
            c[*t as usize] += 1;
        }
    }
    let mut tagdict = FeatMap::new();
    let mut keys: Vec<_> = counts.keys().copied().collect();
    keys.sort_unstable();
    for k in keys {
        let c = &counts[&k];
        let total: u32 = c.iter().sum();
        let (best, bc) = c
            .iter()
            .enumerate()
            .max_by_key(|(_, c)| **c)
            .unwrap_or((0, &0));
        if total >= 20 && *bc as f64 / total as f64 >= 0.995 {
            tagdict.insert(k, best as u32);
        }
    }
    let amb = build_amb(examples, n);
    let mut ambv = Vec::new();
    let mut model = TrainPerceptron::new(n);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = Rng::new(seed);
    let mut feats = Vec::with_capacity(64);
    let mut scores = vec![0.0f32; n];
    for epoch in 0..epochs {
        rng.shuffle(&mut order);
        let (mut right, mut total) = (0usize, 0usize);
        for &e in &order {
            let ex = &examples[e];
            let (mut p1, mut p2) = (START_TAG, START_TAG ^ 1);
            amb_class(&amb, ex.views, &mut ambv);
            for i in 0..ex.views.len() {
                let gold = ex.gold[i] as usize;
                let guess = match tagdict.get(ex.views[i].form) {
                    Some(t) => t as usize,
                    None => {
                        features(ex.views, &ambv, i, p1, p2, &mut feats);
                        model.scores(&feats, &mut scores);
                        let g = crate::perceptron::argmax_where(&scores, |_| true).unwrap_or(0);
                        model.update(&feats, gold, g);
                        model.tick();
                        g
                    }
                };
                right += (guess == gold) as usize;
                total += 1;
                p2 = p1;
                p1 = tag_hash(guess as u16);
            }
        }
        log(epoch, right as f64 / total.max(1) as f64);
    }
    Tagger {
        tags: tags.to_vec(),
        model: model.finish(1e-3),
        tagdict,
        amb,
    }
}
