//! Averaged multiclass perceptron: a training form with dense rows and a
//! compact, sparse form for prediction.

use crate::codec::{bad, u16_le, u32_le, u64_le, Bytes, DResult, Reader, Writer};
use crate::hash::{finalize, nonzero, FeatMap};
use crate::mem::{advise_huge, prefetch, TableBuf};

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

/// Classifiers with at most this many classes keep their weights inline in
/// the table slot (one cache line per feature); larger ones keep a list of
/// non-zero (class, weight) entries per feature.
const DENSE_MAX: usize = 4;

/// Sparse tables with at most this many classes sum into a fixed array.
const SMALL: usize = 256;

/// Scores being summed: an entry `class << 16 | bf16 weight` is added to its class.
trait Scores {
    fn add(&mut self, e: u32);
    fn all(&mut self) -> &mut [f32];
}

impl Scores for [f32; SMALL] {
    #[inline(always)]
    fn add(&mut self, e: u32) {
        // Classes are below SMALL: the index needs no check.
        self[(e >> 16) as u8 as usize] += from_bf16(e as u16);
    }
    #[inline(always)]
    fn all(&mut self) -> &mut [f32] {
        self
    }
}

impl Scores for [f32] {
    #[inline(always)]
    fn add(&mut self, e: u32) {
        if let Some(o) = self.get_mut((e >> 16) as usize) {
            *o += from_bf16(e as u16);
        }
    }
    #[inline(always)]
    fn all(&mut self) -> &mut [f32] {
        self
    }
}

/// Features looked up together (see `Compact::scores_dense`).
const LOOKAHEAD: usize = 128;

/// Slot of a dense table in memory: the feature key and one bf16 weight per
/// class, 16 bytes so that a slot never straddles two cache lines.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(C, align(16))]
struct DenseSlot {
    key: u64,
    w: [u16; DENSE_MAX],
}

/// A weight as bfloat16: the top half of an f32 (truncated).
#[inline(always)]
pub(crate) fn to_bf16(w: f32) -> u16 {
    (w.to_bits() >> 16) as u16
}

#[inline(always)]
pub(crate) fn from_bf16(h: u16) -> f32 {
    f32::from_bits((h as u32) << 16)
}

/// Prediction-time weights: an open-addressing table (power-of-two size,
/// linear probing, at most 60% full) from feature key to its non-zero
/// weights, kept as bfloat16. The table's slots and entries are laid out as
/// in the model file, never rehashed; at load they are copied into
/// cache-line-aligned buffers meant for huge pages (see `mem`), sparse
/// tables with a lookup copy of their slots (see `Lookup`).
///
/// A slot is the key (u64, 0 = empty) followed, for at most `DENSE_MAX`
/// classes, by one bf16 weight per class, else by the range (u32 start,
/// u32 end) of its entries `class << 16 | bf16 weight` (u32 each).
#[derive(Clone, Debug, Default)]
pub(crate) struct Compact {
    pub(crate) n: usize,
    len: usize,
    /// Number of slots (a power of two, or 0).
    cap: usize,
    /// Bytes per slot in the file.
    rec: usize,
    /// Dense tables (`n <= DENSE_MAX`), laid out for lookups (copied at load).
    dense: Vec<DenseSlot>,
    /// Sparse tables: slots and entries as in the file.
    slots: Bytes,
    entries: Bytes,
    /// Sparse tables: the slots as lookups read them.
    lookup: Lookup,
}

/// A sparse table as lookups read it: a copy of the slots in which each
/// row is kept in the form that is quickest to add up. The first word of a
/// slot says which:
/// - `INLINE | entry`: a row of one or two entries kept in the slot itself
///   (the second word is the other entry or `NO_ENTRY`), which saves the
///   second cache miss of most rows;
/// - `DENSE | r`: a row with an entry for at least a quarter of the classes,
///   kept as row `r` of `dense`, one bf16 weight per class (0 for the
///   classes it lacks), added up with vector instructions: fewer
///   instructions than its entries one by one, and such rows are few.
///   Adding a zero weight leaves a score unchanged (scores never hold -0.0:
///   they start at +0.0 and weights are never zero), so the sums are the
///   same;
/// - otherwise the range of `entries` of the row, as in the file.
///
/// Entries never have the top bit set (rows are only rearranged when the
/// classes fit in 15 bits and the entries are fewer than 2^30).
#[derive(Clone, Debug, Default)]
struct Lookup {
    slots: TableBuf,
    dense: Vec<u16>,
}

const INLINE: u32 = 1 << 31;
const DENSE: u32 = 1 << 30;
const NO_ENTRY: u32 = u32::MAX;

impl Lookup {
    fn new(slots: &[u8], rec: usize, entries: &[u8], n: usize) -> Lookup {
        let mut t = TableBuf::copy_of(slots);
        if n > 1 << 15 || rec < 16 || entries.len() / 4 >= 1 << 30 {
            return Lookup {
                slots: t,
                dense: Vec::new(),
            };
        }
        let wide = |k: usize| 4 * k >= n && k > 2;
        let rows = t
            .bytes()
            .chunks_exact(rec)
            .filter(|s| u64_le(s) != 0 && wide((u32_le(&s[12..]) - u32_le(&s[8..])) as usize))
            .count();
        let mut dense: Vec<u16> = Vec::with_capacity(rows * n);
        advise_huge(dense.as_ptr() as usize, rows * n * 2);
        for slot in t.bytes_mut().chunks_exact_mut(rec) {
            if u64_le(slot) == 0 {
                continue;
            }
            let (a, b) = (u32_le(&slot[8..]) as usize, u32_le(&slot[12..]) as usize);
            let row = match entries.get(4 * a..4 * b) {
                Some(row) if !row.is_empty() => row,
                _ => continue,
            };
            let k = row.len() / 4;
            let (first, second) = if k <= 2 {
                let second = if k == 2 { u32_le(&row[4..]) } else { NO_ENTRY };
                (INLINE | u32_le(row), second)
            } else if wide(k) {
                let r = dense.len() / n;
                dense.resize(dense.len() + n, 0);
                for e in row.chunks_exact(4) {
                    let e = u32_le(e);
                    dense[r * n + (e >> 16) as usize] = e as u16;
                }
                (DENSE | r as u32, 0)
            } else {
                continue;
            };
            slot[8..12].copy_from_slice(&first.to_le_bytes());
            slot[12..16].copy_from_slice(&second.to_le_bytes());
        }
        Lookup { slots: t, dense }
    }
}

/// Rows (feature key and its non-zero weights) gathered before the table is laid out.
pub(crate) struct CompactBuilder {
    n: usize,
    keys: Vec<u64>,
    ends: Vec<u32>,
    entries: Vec<u32>,
    row_start: usize,
}

/// Smallest power-of-two table (at least 16) that keeps `rows` at most 60% full.
fn capacity(rows: usize) -> usize {
    let mut cap = 16usize;
    while rows * 5 > cap * 3 {
        cap *= 2;
    }
    cap
}

impl CompactBuilder {
    pub(crate) fn new(n: usize, rows: usize) -> CompactBuilder {
        CompactBuilder {
            n,
            keys: Vec::with_capacity(rows),
            ends: Vec::with_capacity(rows),
            entries: Vec::new(),
            row_start: 0,
        }
    }

    /// Adds a weight to the current row (kept as bfloat16; zero is dropped).
    pub(crate) fn push(&mut self, cls: u16, w: f32) {
        let h = to_bf16(w);
        if from_bf16(h) != 0.0 {
            self.entries.push((cls as u32) << 16 | h as u32);
        }
    }

    /// Closes the current row under `key`; an empty row is dropped.
    pub(crate) fn end_row(&mut self, key: u64) {
        if self.entries.len() == self.row_start {
            return;
        }
        self.keys.push(nonzero(key));
        self.ends.push(self.entries.len() as u32);
        self.row_start = self.entries.len();
    }

    pub(crate) fn finish(self) -> Compact {
        let cap = capacity(self.keys.len());
        let mask = cap - 1;
        let dense = self.n <= DENSE_MAX;
        let rec = slot_size(self.n);
        let mut c = Compact {
            n: self.n,
            len: self.keys.len(),
            cap,
            rec,
            ..Compact::default()
        };
        let mut start = 0u32;
        if dense {
            c.dense = vec![DenseSlot::default(); cap];
            for (&key, &end) in self.keys.iter().zip(&self.ends) {
                let mut i = finalize(key) as usize & mask;
                while c.dense[i].key != 0 {
                    i = (i + 1) & mask;
                }
                let mut w = [0u16; DENSE_MAX];
                for e in &self.entries[start as usize..end as usize] {
                    w[(e >> 16) as usize] = *e as u16;
                }
                c.dense[i] = DenseSlot { key, w };
                start = end;
            }
            return c;
        }
        let mut slots = vec![0u8; cap * rec];
        for (&key, &end) in self.keys.iter().zip(&self.ends) {
            let mut i = finalize(key) as usize & mask;
            while u64_le(&slots[i * rec..]) != 0 {
                i = (i + 1) & mask;
            }
            let slot = &mut slots[i * rec..(i + 1) * rec];
            slot[..8].copy_from_slice(&key.to_le_bytes());
            slot[8..12].copy_from_slice(&start.to_le_bytes());
            slot[12..16].copy_from_slice(&end.to_le_bytes());
            start = end;
        }
        let entries: Vec<u8> = self.entries.iter().flat_map(|e| e.to_le_bytes()).collect();
        c.lookup = Lookup::new(&slots, rec, &entries, self.n);
        c.slots = Bytes::Owned(slots);
        c.entries = Bytes::Table(TableBuf::copy_of(&entries));
        c
    }
}

/// Bytes per slot for `n` classes.
fn slot_size(n: usize) -> usize {
    if n <= DENSE_MAX {
        8 + 2 * n
    } else {
        16
    }
}

impl Compact {
    #[inline]
    pub(crate) fn scores(&self, feats: &[u64], out: &mut [f32]) {
        out.iter_mut().for_each(|x| *x = 0.0);
        if self.n <= DENSE_MAX {
            self.scores_dense(feats, out);
        } else {
            self.scores_sparse(feats, out);
        }
    }

    // Scoring is bound by cache misses on the tables. Each chunk of features
    // is looked up in passes: first every feature's home slot is read with
    // no branch depending on the loaded data, so that the misses overlap;
    // then the probes run on cached lines.

    #[inline(always)]
    fn key(slots: &[u8], rec: usize, i: usize) -> u64 {
        match slots.get(i * rec..i * rec + 8) {
            Some(b) => u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]),
            None => 0,
        }
    }

    #[inline]
    fn scores_dense(&self, feats: &[u64], out: &mut [f32]) {
        if self.dense.is_empty() {
            return;
        }
        let mask = self.dense.len() - 1;
        let n = out.len().min(self.n);
        // All DENSE_MAX lanes are added (unused ones hold zeros): one vector
        // add per feature. Each class still sums its weights in feature
        // order, starting from 0 as `out` does.
        let mut acc = [0f32; DENSE_MAX];
        let mut idx = [0u32; LOOKAHEAD];
        for chunk in feats.chunks(LOOKAHEAD) {
            for (f, i) in chunk.iter().zip(&mut idx) {
                *i = (finalize(nonzero(*f)) as usize & mask) as u32;
                if let Some(s) = self.dense.get(*i as usize) {
                    prefetch(s);
                }
            }
            for (f, &i0) in chunk.iter().zip(&idx) {
                let key = nonzero(*f);
                let mut i = i0 as usize;
                while let Some(s) = self.dense.get(i) {
                    if s.key == key {
                        for (a, w) in acc.iter_mut().zip(s.w) {
                            *a += from_bf16(w);
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
        out[..n].copy_from_slice(&acc[..n]);
    }

    #[inline]
    fn scores_sparse(&self, feats: &[u64], out: &mut [f32]) {
        if self.n <= SMALL {
            // Classes index a fixed array without bounds checks; each class
            // sums its weights in feature order from 0, as in `out`.
            let mut acc = [0f32; SMALL];
            self.sum_sparse(feats, &mut acc);
            let n = out.len().min(SMALL);
            out[..n].copy_from_slice(&acc[..n]);
        } else {
            self.sum_sparse(feats, out);
        }
    }

    #[inline(always)]
    fn sum_sparse<A: Scores + ?Sized>(&self, feats: &[u64], out: &mut A) {
        if self.cap == 0 {
            return;
        }
        let (slots, rec, entries) = (self.lookup.slots.bytes(), self.rec, &self.entries[..]);
        let (dense, n) = (&self.lookup.dense[..], self.n);
        let mask = self.cap - 1;
        let mut idx = [0u32; LOOKAHEAD];
        let mut rows = [(0u32, 0u32); LOOKAHEAD];
        for chunk in feats.chunks(LOOKAHEAD) {
            for (f, i) in chunk.iter().zip(&mut idx) {
                *i = (finalize(nonzero(*f)) as usize & mask) as u32;
                if let Some(s) = slots.get(*i as usize * rec) {
                    prefetch(s);
                }
            }
            let mut hits = 0;
            for (f, &i0) in chunk.iter().zip(&idx) {
                let key = nonzero(*f);
                let mut i = i0 as usize;
                let mut k = Self::key(slots, rec, i);
                while k != key {
                    if k == 0 {
                        break;
                    }
                    i = (i + 1) & mask;
                    k = Self::key(slots, rec, i);
                }
                if k == key {
                    if let Some(s) = slots.get(i * rec + 8..i * rec + 16) {
                        let a = u32::from_le_bytes([s[0], s[1], s[2], s[3]]);
                        let b = u32::from_le_bytes([s[4], s[5], s[6], s[7]]);
                        if a & INLINE != 0 {
                        } else if a & DENSE != 0 {
                            if let Some(w) = dense.get((a & !DENSE) as usize * n) {
                                prefetch(w);
                            }
                        } else if let Some(e) = entries.get(4 * a as usize) {
                            prefetch(e);
                        }
                        rows[hits] = (a, b);
                        hits += 1;
                    }
                }
            }
            for &(a, b) in &rows[..hits] {
                if a & INLINE != 0 {
                    out.add(a & !INLINE);
                    if b != NO_ENTRY {
                        out.add(b);
                    }
                    continue;
                }
                if a & DENSE != 0 {
                    let r = (a & !DENSE) as usize;
                    let row = dense.get(r * n..(r + 1) * n).unwrap_or(&[]);
                    for (o, w) in out.all().iter_mut().zip(row) {
                        *o += from_bf16(*w);
                    }
                    continue;
                }
                let (a, b) = (a as usize, b as usize);
                for e in entries.get(4 * a..4 * b).unwrap_or(&[]).chunks_exact(4) {
                    out.add(u32::from_le_bytes([e[0], e[1], e[2], e[3]]));
                }
            }
        }
    }

    /// Non-zero weights.
    pub(crate) fn entries(&self) -> usize {
        let mut n = 0;
        self.rows(|_, it| n += it.filter(|(_, w)| *w != 0.0).count());
        n
    }

    /// The rows in table order: key and (class, weight) pairs.
    fn rows(&self, mut f: impl FnMut(u64, &mut dyn Iterator<Item = (u16, f32)>)) {
        for s in &self.dense {
            if s.key != 0 {
                let mut it = s.w[..self.n.min(DENSE_MAX)]
                    .iter()
                    .enumerate()
                    .map(|(c, w)| (c as u16, from_bf16(*w)));
                f(s.key, &mut it);
            }
        }
        for slot in self.slots.chunks_exact(self.rec.max(1)) {
            let key = u64_le(slot);
            if key == 0 {
                continue;
            }
            {
                let (a, b) = (u32_le(&slot[8..]) as usize, u32_le(&slot[12..]) as usize);
                let mut it = self
                    .entries
                    .get(4 * a..4 * b)
                    .unwrap_or(&[])
                    .chunks_exact(4)
                    .map(|e| {
                        let e = u32_le(e);
                        ((e >> 16) as u16, from_bf16(e as u16))
                    });
                f(key, &mut it);
            }
        }
    }

    /// A copy without the weights whose magnitude is below `min_abs`.
    pub(crate) fn pruned(&self, min_abs: f32) -> Compact {
        let mut b = CompactBuilder::new(self.n, self.len);
        self.rows(|key, it| {
            for (c, w) in it {
                if w.abs() >= min_abs {
                    b.push(c, w);
                }
            }
            b.end_row(key);
        });
        b.finish()
    }

    /// Format 2: the table as laid out in memory.
    pub(crate) fn write(&self, w: &mut Writer) {
        w.tag(b"PCP2");
        w.len(self.n);
        w.len(self.len);
        w.len(self.cap);
        for s in &self.dense {
            w.u64(s.key);
            for x in &s.w[..self.n] {
                w.buf.extend_from_slice(&x.to_le_bytes());
            }
        }
        w.buf.extend_from_slice(&self.slots);
        if self.n > DENSE_MAX {
            w.len(self.entries.len() / 4);
            w.buf.extend_from_slice(&self.entries);
        }
    }

    pub(crate) fn read(r: &mut Reader) -> DResult<Compact> {
        if r.version < 2 {
            return Compact::read_v1(r);
        }
        r.tag(b"PCP2")?;
        let n = r.u64()? as usize;
        let len = r.u64()? as usize;
        if n == 0 || n > u16::MAX as usize {
            return bad("perceptron table has a bad class count");
        }
        let rec = slot_size(n);
        let cap = r.len(rec)?;
        let slots = r.bytes(cap * rec, "table slots")?;
        let entries = if n > DENSE_MAX {
            let ne = r.len(4)?;
            r.bytes(ne * 4, "table entries")?
        } else {
            Bytes::default()
        };
        if !(cap.is_power_of_two() || cap == 0) || len >= cap.max(1) {
            return bad("perceptron table has inconsistent sizes");
        }
        let ne = entries.len() / 4;
        let mut used = 0usize;
        for slot in slots.chunks_exact(rec) {
            if u64_le(slot) == 0 {
                continue;
            }
            used += 1;
            if n > DENSE_MAX {
                let (a, b) = (u32_le(&slot[8..]) as usize, u32_le(&slot[12..]) as usize);
                if a > b || b > ne {
                    return bad("perceptron table has out-of-range indices");
                }
            }
        }
        let dense = if n <= DENSE_MAX {
            let mut d: Vec<DenseSlot> = Vec::with_capacity(cap);
            advise_huge(d.as_ptr() as usize, cap * std::mem::size_of::<DenseSlot>());
            for slot in slots.chunks_exact(rec) {
                let mut w = [0u16; DENSE_MAX];
                for (x, h) in w.iter_mut().zip(slot[8..].chunks_exact(2)) {
                    *x = u16_le(h);
                }
                d.push(DenseSlot {
                    key: u64_le(slot),
                    w,
                });
            }
            d
        } else {
            Vec::new()
        };
        if used != len
            || entries
                .chunks_exact(4)
                .any(|e| (u32_le(e) >> 16) as usize >= n)
        {
            return bad("perceptron table has inconsistent sizes or classes");
        }
        // Bytes read in place from the built-in payload are copied (or were
        // copied into `dense`), so their pages can go.
        let done = |b: &Bytes| {
            if let Bytes::Static(s) = b {
                crate::mem::release(s);
            }
        };
        let (slots, entries, lookup) = if n <= DENSE_MAX {
            done(&slots);
            (Bytes::default(), entries, Lookup::default())
        } else {
            let placed = Bytes::Table(TableBuf::copy_of(&entries));
            let lookup = Lookup::new(&slots, rec, &placed, n);
            // Kept for writing the table out (read back from the binary
            // then, if ever), never for lookups.
            done(&slots);
            done(&entries);
            (slots, placed, lookup)
        };
        Ok(Compact {
            n,
            len,
            cap,
            rec,
            dense,
            slots,
            entries,
            lookup,
        })
    }

    /// Format 1: column arrays of a table, rebuilt at the right size.
    fn read_v1(r: &mut Reader) -> DResult<Compact> {
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
            || n == 0
            || n > u16::MAX as usize
        {
            return bad("perceptron table has inconsistent sizes");
        }
        let ne = cls.len() as u32;
        let mut rows: Vec<(u64, u32, u32)> = Vec::with_capacity(len);
        for ((k, a), b) in keys.into_iter().zip(starts).zip(ends) {
            if k != 0 {
                if a > b || b > ne {
                    return bad("perceptron table has out-of-range indices");
                }
                rows.push((k, a, b));
            }
        }
        if rows.len() != len || cls.iter().any(|c| *c as usize >= n) {
            return bad("perceptron table has out-of-range indices");
        }
        rows.sort_by_key(|r| r.1);
        let mut b = CompactBuilder::new(n, len);
        for (k, a, e) in rows {
            for j in a as usize..e as usize {
                b.push(cls[j], from_bf16(half[j]));
            }
            b.end_row(k);
        }
        Ok(b.finish())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::Sum;
    use crate::hash::{mix, Rng};

    /// Random rows; scores from the table must equal sums over the rows.
    fn check(n: usize) {
        let mut rng = Rng::new(n as u64);
        let mut rows: Vec<(u64, Vec<(u16, f32)>)> = Vec::new();
        let mut b = CompactBuilder::new(n, 0);
        for r in 0..3000u64 {
            let key = mix(r, 99);
            let mut row = Vec::new();
            for c in 0..n as u16 {
                if rng.chance(0.4) {
                    let w = from_bf16(to_bf16(rng.below(2000) as f32 / 100.0 - 10.0));
                    b.push(c, w);
                    if w != 0.0 {
                        row.push((c, w));
                    }
                }
            }
            b.end_row(key);
            rows.push((key, row));
        }
        let table = b.finish();
        let mut w = Writer::default();
        table.write(&mut w);
        let mut src = &w.buf[..];
        let mut r = Reader::new(&mut src, w.buf.len() as u64, 2, Sum::crc());
        let back = Compact::read(&mut r).expect("table reads back");
        assert!(r.at_end());
        for t in [&table, &back] {
            for q in 0..200 {
                // Features: some present rows, some absent keys, in a long list.
                let feats: Vec<u64> = (0..70)
                    .map(|j| {
                        if j % 3 == 0 {
                            mix(1_000_000 + q * 100 + j, 5)
                        } else {
                            rows[rng.below(rows.len())].0
                        }
                    })
                    .collect();
                let mut want = vec![0.0f32; n];
                for f in &feats {
                    if let Some((_, row)) = rows.iter().find(|(k, _)| k == f) {
                        for (c, w) in row {
                            want[*c as usize] += w;
                        }
                    }
                }
                let mut got = vec![0.0f32; n];
                t.scores(&feats, &mut got);
                assert_eq!(got, want);
            }
        }
        let p = table.pruned(5.0);
        assert!(p.entries() < table.entries());
        assert_eq!(p.entries(), back.pruned(5.0).entries());
    }

    #[test]
    fn dense_table_scores_like_its_rows() {
        check(3);
    }

    #[test]
    fn sparse_table_scores_like_its_rows() {
        // Rows of every form: in the slot, dense, and ranges of entries.
        check(12);
    }

    #[test]
    fn sparse_table_with_many_classes_scores_like_its_rows() {
        check(300);
    }
}
