//! Averaged multiclass perceptron: a training form with dense rows and a
//! compact, sparse form for prediction.

use crate::codec::{bad, DResult, Reader, Writer};
use crate::hash::{finalize, nonzero, FeatMap};

/// Training-time weights: one dense row of `n` classes per feature, plus the
/// running sums needed for averaging (Daume's trick: avg = w - u / c).
pub(crate) struct TrainPerceptron {
    pub(crate) n: usize,
    map: FeatMap,
    w: Vec<f32>,
    u: Vec<f64>,
    c: f64,
}

impl TrainPerceptron {
    pub(crate) fn new(n: usize) -> TrainPerceptron {
        TrainPerceptron {
            n,
            map: FeatMap::new(),
            w: Vec::new(),
            u: Vec::new(),
            c: 1.0,
        }
    }

    pub(crate) fn scores(&self, feats: &[u64], out: &mut [f32]) {
        out.iter_mut().for_each(|x| *x = 0.0);
        for &f in feats {
            if let Some(r) = self.map.get(f) {
                let row = &self.w[r as usize * self.n..(r as usize + 1) * self.n];
                for (o, w) in out.iter_mut().zip(row) {
                    *o += *w;
                }
            }
        }
    }

    fn row(&mut self, f: u64) -> usize {
        match self.map.get(f) {
            Some(r) => r as usize,
            None => {
                let r = self.w.len() / self.n;
                self.map.insert(f, r as u32);
                self.w.resize(self.w.len() + self.n, 0.0);
                self.u.resize(self.u.len() + self.n, 0.0);
                r
            }
        }
    }

    /// Moves weight from `guess` to `truth` for every feature.
    pub(crate) fn update(&mut self, feats: &[u64], truth: usize, guess: usize) {
        if truth == guess {
            return;
        }
        let c = self.c;
        for &f in feats {
            let r = self.row(f) * self.n;
            self.w[r + truth] += 1.0;
            self.u[r + truth] += c;
            self.w[r + guess] -= 1.0;
            self.u[r + guess] -= c;
        }
    }

    /// Adds `delta` to class `class` of every feature.
    pub(crate) fn add(&mut self, feats: &[u64], class: usize, delta: f32) {
        let c = self.c;
        for &f in feats {
            let r = self.row(f) * self.n;
            self.w[r + class] += delta;
            self.u[r + class] += c * delta as f64;
        }
    }

    /// Counts one training instance (call once per prediction).
    pub(crate) fn tick(&mut self) {
        self.c += 1.0;
    }

    /// The averaged weights in compact form; entries below `min_abs` are dropped.
    pub(crate) fn finish(&self, min_abs: f32) -> Compact {
        let mut by_row: Vec<(u64, u32)> = self.map.iter().collect();
        by_row.sort_by_key(|(_, r)| *r);
        let mut b = CompactBuilder::new(self.n, by_row.len());
        for (key, r) in by_row {
            let base = r as usize * self.n;
            for j in 0..self.n {
                let avg = (self.w[base + j] as f64 - self.u[base + j] / self.c) as f32;
                if avg.abs() >= min_abs && avg != 0.0 {
                    b.push(j as u16, avg);
                }
            }
            b.end_row(key);
        }
        b.finish()
    }
}

/// One slot of the feature table: key and the range of its entries.
#[derive(Clone, Copy, Debug, Default)]
struct Slot {
    key: u64,
    start: u32,
    end: u32,
}

/// One non-zero weight.
#[derive(Clone, Copy, Debug, Default)]
struct Entry {
    cls: u16,
    w: f32,
}

/// Prediction-time weights: for each feature, the non-zero (class, weight)
/// pairs. Slots hold the key and entry range together so that a lookup
/// touches one cache line for the slot and one for the entries.
#[derive(Clone, Debug, Default)]
pub(crate) struct Compact {
    pub(crate) n: usize,
    slots: Vec<Slot>,
    len: usize,
    entries: Vec<Entry>,
}

pub(crate) struct CompactBuilder {
    n: usize,
    slots: Vec<Slot>,
    len: usize,
    entries: Vec<Entry>,
    row_start: usize,
}

impl CompactBuilder {
    pub(crate) fn new(n: usize, rows: usize) -> CompactBuilder {
        let cap = (rows * 2).next_power_of_two().max(16);
        CompactBuilder {
            n,
            slots: vec![Slot::default(); cap],
            len: 0,
            entries: Vec::new(),
            row_start: 0,
        }
    }

    pub(crate) fn push(&mut self, cls: u16, w: f32) {
        self.entries.push(Entry { cls, w });
    }

    /// Closes the current row under `key`; an empty row is dropped.
    pub(crate) fn end_row(&mut self, key: u64) {
        let (start, end) = (self.row_start, self.entries.len());
        self.row_start = end;
        if start == end {
            return;
        }
        let key = nonzero(key);
        let mask = self.slots.len() - 1;
        let mut i = finalize(key) as usize & mask;
        while self.slots[i].key != 0 {
            i = (i + 1) & mask;
        }
        self.slots[i] = Slot {
            key,
            start: start as u32,
            end: end as u32,
        };
        self.len += 1;
    }

    pub(crate) fn finish(self) -> Compact {
        Compact {
            n: self.n,
            slots: self.slots,
            len: self.len,
            entries: self.entries,
        }
    }
}

impl Compact {
    #[inline]
    pub(crate) fn scores(&self, feats: &[u64], out: &mut [f32]) {
        out.iter_mut().for_each(|x| *x = 0.0);
        let mask = self.slots.len().wrapping_sub(1);
        if self.slots.is_empty() {
            return;
        }
        for &f in feats {
            let key = nonzero(f);
            let mut i = finalize(key) as usize & mask;
            loop {
                let s = &self.slots[i];
                if s.key == key {
                    for e in &self.entries[s.start as usize..s.end as usize] {
                        if let Some(o) = out.get_mut(e.cls as usize) {
                            *o += e.w;
                        }
                    }
                    break;
                }
                if s.key == 0 {
                    break;
                }
                i = (i + 1) & mask;
            }
        }
    }

    pub(crate) fn entries(&self) -> usize {
        self.entries.len()
    }

    /// A copy without the weights whose magnitude is below `min_abs`.
    pub(crate) fn pruned(&self, min_abs: f32) -> Compact {
        let mut rows: Vec<&Slot> = self.slots.iter().filter(|s| s.key != 0).collect();
        rows.sort_by_key(|s| s.start);
        let mut b = CompactBuilder::new(self.n, rows.len());
        for s in rows {
            for e in &self.entries[s.start as usize..s.end as usize] {
                if e.w.abs() >= min_abs {
                    b.push(e.cls, e.w);
                }
            }
            b.end_row(s.key);
        }
        b.finish()
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        w.tag(b"PCPT");
        w.len(self.n);
        w.len(self.len);
        let keys: Vec<u64> = self.slots.iter().map(|s| s.key).collect();
        let starts: Vec<u32> = self.slots.iter().map(|s| s.start).collect();
        let ends: Vec<u32> = self.slots.iter().map(|s| s.end).collect();
        w.u64s(&keys);
        w.u32s(&starts);
        w.u32s(&ends);
        let cls: Vec<u16> = self.entries.iter().map(|e| e.cls).collect();
        w.u16s(&cls);
        // Weights as bfloat16 (the top half of an f32): plenty for a perceptron.
        w.tag(b"BF16");
        let half: Vec<u16> = self
            .entries
            .iter()
            .map(|e| (e.w.to_bits() >> 16) as u16)
            .collect();
        w.u16s(&half);
    }

    pub(crate) fn read(r: &mut Reader) -> DResult<Compact> {
        r.tag(b"PCPT")?;
        let n = r.u64()? as usize;
        let len = r.u64()? as usize;
        let keys = r.u64s()?;
        let starts = r.u32s()?;
        let ends = r.u32s()?;
        let cls = r.u16s()?;
        r.tag(b"BF16")?;
        let half = r.u16s()?;
        if !keys.len().is_power_of_two()
            || starts.len() != keys.len()
            || ends.len() != keys.len()
            || cls.len() != half.len()
            || len >= keys.len()
        {
            return bad("perceptron table has inconsistent sizes");
        }
        let ne = cls.len() as u32;
        let mut used = 0usize;
        let mut slots = Vec::with_capacity(keys.len());
        for ((k, a), b) in keys.into_iter().zip(starts).zip(ends) {
            if k != 0 {
                used += 1;
                if a > b || b > ne {
                    return bad("perceptron table has out-of-range indices");
                }
            }
            slots.push(Slot {
                key: k,
                start: a,
                end: b,
            });
        }
        if used != len || cls.iter().any(|c| *c as usize >= n) {
            return bad("perceptron table has out-of-range indices");
        }
        let entries = cls
            .into_iter()
            .zip(half)
            .map(|(c, h)| Entry {
                cls: c,
                w: f32::from_bits((h as u32) << 16),
            })
            .collect();
        Ok(Compact {
            n,
            slots,
            len,
            entries,
        })
    }
}

/// Index of the highest score among the allowed classes (first wins ties).
#[inline]
pub(crate) fn argmax_where(scores: &[f32], allowed: impl Fn(usize) -> bool) -> Option<usize> {
    let mut best: Option<(usize, f32)> = None;
    for (i, s) in scores.iter().enumerate() {
        if allowed(i) && best.is_none_or(|(_, b)| *s > b) {
            best = Some((i, *s));
        }
    }
    best.map(|(i, _)| i)
}
