//! Averaged multiclass perceptron: a training form with dense rows and a
//! compact, sparse form for prediction.

use crate::codec::{bad, DResult, Reader, Writer};
use crate::hash::FeatMap;

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
        let rows = self.w.len() / self.n.max(1);
        let mut by_row: Vec<(u64, u32)> = self.map.iter().collect();
        by_row.sort_by_key(|(_, r)| *r);
        let mut out = Compact {
            n: self.n,
            map: FeatMap::with_capacity(rows / 2 + 16),
            starts: vec![0],
            cls: Vec::new(),
            w: Vec::new(),
        };
        for (key, r) in by_row {
            let base = r as usize * self.n;
            let before = out.cls.len();
            for j in 0..self.n {
                let avg = self.w[base + j] as f64 - self.u[base + j] / self.c;
                let avg = avg as f32;
                if avg.abs() >= min_abs && avg != 0.0 {
                    out.cls.push(j as u16);
                    out.w.push(avg);
                }
            }
            if out.cls.len() > before {
                out.map.insert(key, (out.starts.len() - 1) as u32);
                out.starts.push(out.cls.len() as u32);
            }
        }
        out
    }
}

/// Prediction-time weights: for each feature, the non-zero (class, weight) pairs.
#[derive(Clone, Debug, Default)]
pub(crate) struct Compact {
    pub(crate) n: usize,
    map: FeatMap,
    starts: Vec<u32>,
    cls: Vec<u16>,
    w: Vec<f32>,
}

impl Compact {
    #[inline]
    pub(crate) fn scores(&self, feats: &[u64], out: &mut [f32]) {
        out.iter_mut().for_each(|x| *x = 0.0);
        for &f in feats {
            if let Some(r) = self.map.get(f) {
                let (a, b) = (
                    self.starts[r as usize] as usize,
                    self.starts[r as usize + 1] as usize,
                );
                for (c, w) in self.cls[a..b].iter().zip(&self.w[a..b]) {
                    out[*c as usize] += *w;
                }
            }
        }
    }

    pub(crate) fn entries(&self) -> usize {
        self.w.len()
    }

    /// A copy without the weights whose magnitude is below `min_abs`.
    pub(crate) fn pruned(&self, min_abs: f32) -> Compact {
        let rows = self.starts.len().saturating_sub(1);
        let mut out = Compact {
            n: self.n,
            map: FeatMap::with_capacity(rows / 2 + 16),
            starts: vec![0],
            cls: Vec::new(),
            w: Vec::new(),
        };
        let mut by_row: Vec<(u64, u32)> = self.map.iter().collect();
        by_row.sort_by_key(|(_, r)| *r);
        for (key, r) in by_row {
            let (a, b) = (
                self.starts[r as usize] as usize,
                self.starts[r as usize + 1] as usize,
            );
            let before = out.cls.len();
            for j in a..b {
                if self.w[j].abs() >= min_abs {
                    out.cls.push(self.cls[j]);
                    out.w.push(self.w[j]);
                }
            }
            if out.cls.len() > before {
                out.map.insert(key, (out.starts.len() - 1) as u32);
                out.starts.push(out.cls.len() as u32);
            }
        }
        out
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        w.tag(b"PCPT");
        w.len(self.n);
        w.len(self.map.len);
        w.u64s(&self.map.keys);
        w.u32s(&self.map.vals);
        w.u32s(&self.starts);
        w.u16s(&self.cls);
        w.f32s(&self.w);
    }

    pub(crate) fn read(r: &mut Reader) -> DResult<Compact> {
        r.tag(b"PCPT")?;
        let n = r.u64()? as usize;
        let len = r.u64()? as usize;
        let keys = r.u64s()?;
        let vals = r.u32s()?;
        let starts = r.u32s()?;
        let cls = r.u16s()?;
        let w = r.f32s()?;
        let map = FeatMap { keys, vals, len };
        if !map.is_valid() || starts.is_empty() || cls.len() != w.len() {
            return bad("perceptron table has inconsistent sizes");
        }
        let rows = starts.len() - 1;
        if map
            .vals
            .iter()
            .zip(&map.keys)
            .any(|(v, k)| *k != 0 && *v as usize >= rows)
            || starts.windows(2).any(|p| p[0] > p[1])
            || *starts.last().unwrap_or(&0) as usize != cls.len()
            || cls.iter().any(|c| *c as usize >= n)
        {
            return bad("perceptron table has out-of-range indices");
        }
        Ok(Compact {
            n,
            map,
            starts,
            cls,
            w,
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
