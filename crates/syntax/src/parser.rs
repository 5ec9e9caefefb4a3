//! Arc-hybrid transition parser with a dynamic oracle (Goldberg & Nivre
//! 2013), an averaged perceptron over Zhang & Nivre-style features, and a
//! second perceptron that labels each arc when it is made.

use crate::codec::{DResult, Reader, Writer};
use crate::hash::{mix, mix3, mix4, Rng};
use crate::perceptron::{argmax_where, Compact, TrainPerceptron};

pub(crate) const NONE: u32 = u32::MAX;
const SH: usize = 0;
const LA: usize = 1;
const RA: usize = 2;

const NONE_H: u64 = 0x7777_1234_abcd_0001;
const ROOT_W: u64 = 0x7777_1234_abcd_0002;
const ROOT_P: u64 = 0x7777_1234_abcd_0003;
const NOLAB: u64 = 0x7777_1234_abcd_0004;

#[inline(always)]
const fn tpl(n: u64) -> u64 {
    (n + 101).wrapping_mul(0xD6E8_FEB8_6659_FD93)
}

#[inline(always)]
fn lab_h(l: u16) -> u64 {
    (l as u64 + 3).wrapping_mul(0xC2B2_AE3D_27D4_EB4F)
}

/// Per-node facts of the partial tree, packed so that a state copies in one go.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Node {
    pub(crate) head: u32,
    pub(crate) label: u16,
    nl: u8,
    nr: u8,
    l1: u32,
    l2: u32,
    r1: u32,
    r2: u32,
    lset: u64,
    rset: u64,
}

const EMPTY_NODE: Node = Node {
    head: NONE,
    label: 0,
    nl: 0,
    nr: 0,
    l1: NONE,
    l2: NONE,
    r1: NONE,
    r2: NONE,
    lset: 0,
    rset: 0,
};

/// Parser configuration: stack, buffer front and the partial tree.
#[derive(Clone, Debug)]
pub(crate) struct State {
    n: u32,
    stack: Vec<u32>,
    b: u32,
    pub(crate) nodes: Vec<Node>,
}

impl State {
    pub(crate) fn new() -> State {
        State {
            n: 0,
            stack: Vec::new(),
            b: 1,
            nodes: Vec::new(),
        }
    }

    fn reset(&mut self, n: usize) {
        self.n = n as u32;
        self.stack.clear();
        self.stack.push(0);
        self.b = 1;
        self.nodes.clear();
        self.nodes.resize(n + 1, EMPTY_NODE);
    }

    fn copy_from(&mut self, o: &State) {
        self.n = o.n;
        self.b = o.b;
        self.stack.clear();
        self.stack.extend_from_slice(&o.stack);
        self.nodes.clear();
        self.nodes.extend_from_slice(&o.nodes);
    }

    fn terminal(&self) -> bool {
        self.b > self.n && self.stack.len() == 1
    }

    #[inline]
    fn s(&self, k: usize) -> u32 {
        if self.stack.len() > k {
            self.stack[self.stack.len() - 1 - k]
        } else {
            NONE
        }
    }

    #[inline]
    fn bf(&self, k: u32) -> u32 {
        if self.b + k <= self.n {
            self.b + k
        } else {
            NONE
        }
    }

    fn valid(&self) -> [bool; 3] {
        let s0 = self.s(0);
        let s1 = self.s(1);
        let has_b = self.b <= self.n;
        [
            has_b,
            has_b && s0 != NONE && s0 != 0,
            s1 != NONE && (s1 != 0 || !has_b),
        ]
    }

    /// The (head, dependent) an arc transition would create.
    fn arc(&self, t: usize) -> (u32, u32) {
        match t {
            LA => (self.b, self.s(0)),
            _ => (self.s(1), self.s(0)),
        }
    }

    fn apply(&mut self, t: usize, lab: u16) {
        match t {
            SH => {
                self.stack.push(self.b);
                self.b += 1;
            }
            _ => {
                let (h, d) = self.arc(t);
                self.stack.pop();
                self.add_arc(h, d, lab);
            }
        }
    }

    fn add_arc(&mut self, h: u32, d: u32, lab: u16) {
        {
            let dn = &mut self.nodes[d as usize];
            dn.head = h;
            dn.label = lab;
        }
        let bit = 1u64 << (lab % 64);
        let hn = &mut self.nodes[h as usize];
        if d < h {
            hn.nl = hn.nl.saturating_add(1);
            hn.lset |= bit;
            if hn.l1 == NONE || d < hn.l1 {
                hn.l2 = hn.l1;
                hn.l1 = d;
            } else if hn.l2 == NONE || d < hn.l2 {
                hn.l2 = d;
            }
        } else {
            hn.nr = hn.nr.saturating_add(1);
            hn.rset |= bit;
            if hn.r1 == NONE || d > hn.r1 {
                hn.r2 = hn.r1;
                hn.r1 = d;
            } else if hn.r2 == NONE || d > hn.r2 {
                hn.r2 = d;
            }
        }
    }

    /// Dynamic-oracle cost of each transition against projective gold heads.
    fn costs(&self, gold: &[u32]) -> [u32; 3] {
        let s0 = self.s(0);
        let s1 = self.s(1);
        let b = self.b;
        let n = self.n;
        let mut c = [0u32; 3];
        // SHIFT: b loses heads in the stack below s0 and children in the stack.
        if b <= n {
            let gh = gold[b as usize];
            for &k in &self.stack {
                if k != s0 && gh == k {
                    c[SH] += 1;
                }
                if k != 0 && gold[k as usize] == b {
                    c[SH] += 1;
                }
            }
        }
        if s0 != NONE && s0 != 0 {
            let gh = gold[s0 as usize];
            let kids_in_buffer = (b..=n).filter(|&k| gold[k as usize] == s0).count() as u32;
            // LEFT: s0 gets head b; loses head in s1 or deeper buffer, and buffer children.
            if b <= n {
                c[LA] = kids_in_buffer + ((gh == s1 && s1 != NONE) || gh > b) as u32;
            }
            // RIGHT: s0 gets head s1; loses head in buffer, and buffer children.
            c[RA] = kids_in_buffer + (gh >= b && gh <= n) as u32;
        }
        c
    }
}

/// Hashes of the tokens' words and tags, index 0 being the root.
pub(crate) struct SentFeats {
    pub(crate) w: Vec<u64>,
    pub(crate) p: Vec<u64>,
}

impl SentFeats {
    pub(crate) fn new() -> SentFeats {
        SentFeats {
            w: Vec::new(),
            p: Vec::new(),
        }
    }
    pub(crate) fn reset(&mut self) {
        self.w.clear();
        self.p.clear();
        self.w.push(ROOT_W);
        self.p.push(ROOT_P);
    }
}

fn dist_bucket(a: u32, b: u32) -> u64 {
    if a == NONE || b == NONE {
        return 99;
    }
    let d = a.abs_diff(b);
    match d {
        0..=5 => d as u64,
        6..=9 => 6,
        _ => 7,
    }
}

fn features(st: &State, sf: &SentFeats, out: &mut Vec<u64>) {
    out.clear();
    let w = |x: u32| if x == NONE { NONE_H } else { sf.w[x as usize] };
    let p = |x: u32| if x == NONE { NONE_H } else { sf.p[x as usize] };
    let l = |x: u32| {
        if x == NONE || st.nodes[x as usize].head == NONE {
            NOLAB
        } else {
            lab_h(st.nodes[x as usize].label)
        }
    };
    let nd = |x: u32| {
        if x == NONE {
            &EMPTY_NODE
        } else {
            &st.nodes[x as usize]
        }
    };
    let (s0, s1, s2) = (st.s(0), st.s(1), st.s(2));
    let (b0, b1, b2) = (st.bf(0), st.bf(1), st.bf(2));
    let (s0w, s0p, s1w, s1p, b0w, b0p, b1w, b1p) =
        (w(s0), p(s0), w(s1), p(s1), w(b0), p(b0), w(b1), p(b1));
    let (s2p, b2p, b2w) = (p(s2), p(b2), w(b2));
    let s0l = nd(s0).l1;
    let s0l2 = nd(s0).l2;
    let s0r = nd(s0).r1;
    let s0r2 = nd(s0).r2;
    let s1l = nd(s1).l1;
    let s1r = nd(s1).r1;
    let s1r2 = nd(s1).r2;
    let b0l = nd(b0).l1;
    let b0l2 = nd(b0).l2;
    let s0wp = mix(s0w, s0p);
    let s1wp = mix(s1w, s1p);
    let b0wp = mix(b0w, b0p);
    let b1wp = mix(b1w, b1p);
    let d = dist_bucket(s0, b0);
    let d2 = dist_bucket(s1, s0);
    let vr = |x: u32| {
        if x == NONE {
            99
        } else {
            st.nodes[x as usize].nr as u64
        }
    };
    let vl = |x: u32| {
        if x == NONE {
            99
        } else {
            st.nodes[x as usize].nl as u64
        }
    };
    let sr = |x: u32| {
        if x == NONE {
            1 << 63
        } else {
            st.nodes[x as usize].rset
        }
    };
    let sl = |x: u32| {
        if x == NONE {
            1 << 63
        } else {
            st.nodes[x as usize].lset
        }
    };
    let f = [
        // unigrams
        mix(tpl(0), s0w),
        mix(tpl(1), s0p),
        mix(tpl(2), s0wp),
        mix(tpl(3), s1w),
        mix(tpl(4), s1p),
        mix(tpl(5), s1wp),
        mix(tpl(6), s2p),
        mix(tpl(7), b0w),
        mix(tpl(8), b0p),
        mix(tpl(9), b0wp),
        mix(tpl(10), b1w),
        mix(tpl(11), b1p),
        mix(tpl(12), b1wp),
        mix(tpl(13), b2p),
        mix(tpl(14), b2w),
        // pairs s0-b0
        mix3(tpl(15), s0wp, b0wp),
        mix3(tpl(16), s0wp, b0w),
        mix3(tpl(17), s0w, b0wp),
        mix3(tpl(18), s0wp, b0p),
        mix3(tpl(19), s0p, b0wp),
        mix3(tpl(20), s0w, b0w),
        mix3(tpl(21), s0p, b0p),
        mix3(tpl(22), b0p, b1p),
        // pairs s1-s0
        mix3(tpl(23), s1wp, s0wp),
        mix3(tpl(24), s1wp, s0p),
        mix3(tpl(25), s1p, s0wp),
        mix3(tpl(26), s1w, s0w),
        mix3(tpl(27), s1p, s0p),
        mix3(tpl(28), s1w, s0p),
        mix3(tpl(29), s1p, s0w),
        // triples
        mix4(tpl(30), b0p, b1p, b2p),
        mix4(tpl(31), s0p, b0p, b1p),
        mix4(tpl(32), s1p, s0p, b0p),
        mix4(tpl(33), s2p, s1p, s0p),
        mix4(tpl(34), s0p, p(s0l), b0p),
        mix4(tpl(35), s0p, p(s0r), b0p),
        mix4(tpl(36), s0p, b0p, p(b0l)),
        mix4(tpl(37), s1p, p(s1r), s0p),
        mix4(tpl(38), s1p, s0p, p(s0l)),
        mix4(tpl(39), s1p, s0p, p(s0r)),
        mix4(tpl(40), s1p, p(s1l), s0p),
        mix4(tpl(41), s1p, s0p, b1p),
        // distance
        mix3(tpl(42), s0w, d),
        mix3(tpl(43), s0p, d),
        mix3(tpl(44), b0w, d),
        mix3(tpl(45), b0p, d),
        mix4(tpl(46), s0w, b0w, d),
        mix4(tpl(47), s0p, b0p, d),
        mix4(tpl(48), s1p, s0p, d2),
        mix4(tpl(49), s1w, s0w, d2),
        mix3(tpl(50), s1wp, d2),
        // valency
        mix3(tpl(51), s0w, vr(s0)),
        mix3(tpl(52), s0p, vr(s0)),
        mix3(tpl(53), s0w, vl(s0)),
        mix3(tpl(54), s0p, vl(s0)),
        mix3(tpl(55), b0w, vl(b0)),
        mix3(tpl(56), b0p, vl(b0)),
        mix3(tpl(57), s1p, vr(s1)),
        mix3(tpl(58), s1p, vl(s1)),
        // children unigrams
        mix(tpl(59), w(s0l)),
        mix(tpl(60), p(s0l)),
        mix(tpl(61), l(s0l)),
        mix(tpl(62), w(s0r)),
        mix(tpl(63), p(s0r)),
        mix(tpl(64), l(s0r)),
        mix(tpl(65), w(b0l)),
        mix(tpl(66), p(b0l)),
        mix(tpl(67), l(b0l)),
        mix(tpl(68), w(s1r)),
        mix(tpl(69), p(s1r)),
        mix(tpl(70), l(s1r)),
        mix(tpl(71), l(s1l)),
        // third order
        mix(tpl(72), p(s0l2)),
        mix(tpl(73), l(s0l2)),
        mix(tpl(74), p(s0r2)),
        mix(tpl(75), l(s0r2)),
        mix(tpl(76), p(b0l2)),
        mix(tpl(77), l(b0l2)),
        mix4(tpl(78), s0p, p(s0l), p(s0l2)),
        mix4(tpl(79), s0p, p(s0r), p(s0r2)),
        mix4(tpl(80), b0p, p(b0l), p(b0l2)),
        mix4(tpl(81), s1p, p(s1r), p(s1r2)),
        // label sets
        mix3(tpl(82), s0w, sr(s0)),
        mix3(tpl(83), s0p, sr(s0)),
        mix3(tpl(84), s0w, sl(s0)),
        mix3(tpl(85), s0p, sl(s0)),
        mix3(tpl(86), b0w, sl(b0)),
        mix3(tpl(87), b0p, sl(b0)),
        mix3(tpl(88), s1p, sr(s1)),
        mix3(tpl(89), s1p, sl(s1)),
        // labelled children with heads
        mix4(tpl(90), s0p, l(s0l), b0p),
        mix4(tpl(91), s1p, l(s1r), s0p),
        mix4(tpl(92), b0p, l(b0l), s0p),
        mix3(tpl(93), (st.b > st.n) as u64, s0p),
        mix4(tpl(94), s0w, s1w, b0w),
        mix4(tpl(95), s0wp, s1p, b0p),
        mix4(tpl(96), s0p, s1p, b0wp),
    ];
    out.extend_from_slice(&f);
}

fn label_features(st: &State, sf: &SentFeats, h: u32, d: u32, out: &mut Vec<u64>) {
    out.clear();
    let w = |x: u32| if x == NONE { NONE_H } else { sf.w[x as usize] };
    let p = |x: u32| if x == NONE { NONE_H } else { sf.p[x as usize] };
    let l = |x: u32| {
        if x == NONE || st.nodes[x as usize].head == NONE {
            NOLAB
        } else {
            lab_h(st.nodes[x as usize].label)
        }
    };
    let (hw, hp, dw, dp) = (w(h), p(h), w(d), p(d));
    let dir = (d < h) as u64;
    let dist = dist_bucket(h, d);
    let (dn, hn) = (&st.nodes[d as usize], &st.nodes[h as usize]);
    let (dl, dr, hl, hr) = (dn.l1, dn.r1, hn.l1, hn.r1);
    let prev = |x: u32| if x <= 1 { NONE_H } else { sf.p[x as usize - 1] };
    let next = |x: u32| {
        if x as usize + 1 >= sf.p.len() {
            NONE_H
        } else {
            sf.p[x as usize + 1]
        }
    };
    let hset = hn.lset | (hn.rset << 1);
    let dset = dn.lset ^ dn.rset.rotate_left(7);
    let f = [
        tpl(200),
        mix(tpl(201), hw),
        mix(tpl(202), hp),
        mix(tpl(203), dw),
        mix(tpl(204), dp),
        mix3(tpl(205), hw, dp),
        mix3(tpl(206), hp, dw),
        mix4(tpl(207), hp, dp, dir),
        mix4(tpl(208), hw, dw, dir),
        mix3(tpl(209), dp, dir),
        mix3(tpl(210), dw, dir),
        mix4(tpl(211), hp, dp, dist),
        mix(tpl(212), l(dl)),
        mix(tpl(213), l(dr)),
        mix3(tpl(214), dp, l(dl)),
        mix3(tpl(215), dp, l(dr)),
        mix3(tpl(216), dp, dn.lset),
        mix3(tpl(217), dp, dn.rset),
        mix4(tpl(218), hp, dir, hset),
        mix4(tpl(219), hp, dp, dset),
        mix3(tpl(220), dp, w(dl)),
        mix4(tpl(221), hp, w(dl), dir),
        mix3(tpl(222), dp, w(dr)),
        mix3(tpl(223), dp, prev(d)),
        mix3(tpl(224), dp, next(d)),
        mix4(tpl(225), hp, prev(h), dir),
        mix4(tpl(226), hp, next(h), dir),
        mix4(tpl(227), dw, hp, dir),
        mix4(tpl(228), hw, dp, dir),
        mix4(tpl(229), dp, l(hl), dir),
        mix4(tpl(230), dp, l(hr), dir),
        mix3(tpl(231), (h == 0) as u64, dp),
        mix4(tpl(232), hp, dp, w(dl)),
        mix4(tpl(233), dw, w(dl), dir),
    ];
    out.extend_from_slice(&f);
}

/// A trained parser: transition weights, label weights and label names.
#[derive(Clone, Debug, Default)]
pub(crate) struct Parser {
    pub(crate) labels: Vec<String>,
    pub(crate) root_label: u16,
    /// Beam width used when parsing (1 = greedy).
    pub(crate) beam: usize,
    trans: Compact,
    lab: Compact,
}

pub(crate) struct ParseScratch {
    st: State,
    beam: Beam,
    feats: Vec<u64>,
    scores: [f32; 3],
    lscores: Vec<f32>,
}

impl Parser {
    pub(crate) fn scratch(&self) -> ParseScratch {
        ParseScratch {
            st: State::new(),
            beam: Beam::default(),
            feats: Vec::with_capacity(128),
            scores: [0.0; 3],
            lscores: vec![0.0; self.labels.len().max(1)],
        }
    }

    /// Parses a sentence of `sf.w.len() - 1` words; heads are 0 for the root.
    pub(crate) fn parse(
        &self,
        sf: &SentFeats,
        s: &mut ParseScratch,
        heads: &mut Vec<u32>,
        labels: &mut Vec<u16>,
    ) {
        let n = sf.w.len() - 1;
        if self.beam > 1 && n > 1 {
            let scorer = |f: &[u64], out: &mut [f32]| self.trans.scores(f, out);
            let labeler = |st: &State, h: u32, d: u32, f: &mut Vec<u64>, sc: &mut Vec<f32>| {
                self.pick_label(st, sf, h, d, f, sc)
            };
            s.beam.run(
                n,
                sf,
                self.beam,
                &scorer,
                &labeler,
                None,
                None,
                &mut s.feats,
                &mut s.lscores,
            );
            let best = &s.beam.cur[0].st;
            s.st.copy_from(best);
        } else {
            self.greedy(sf, s);
        }
        heads.clear();
        labels.clear();
        for i in 1..=n {
            let nd = &s.st.nodes[i];
            heads.push(if nd.head == NONE { 0 } else { nd.head });
            labels.push(nd.label);
        }
    }

    fn greedy(&self, sf: &SentFeats, s: &mut ParseScratch) {
        let n = sf.w.len() - 1;
        s.st.reset(n);
        while !s.st.terminal() {
            features(&s.st, sf, &mut s.feats);
            self.trans.scores(&s.feats, &mut s.scores);
            let valid = s.st.valid();
            let t = argmax_where(&s.scores, |i| valid[i]).unwrap_or(SH);
            let lab = if t == SH {
                0
            } else {
                let (h, d) = s.st.arc(t);
                self.pick_label(&s.st, sf, h, d, &mut s.feats, &mut s.lscores)
            };
            s.st.apply(t, lab);
        }
    }

    fn pick_label(
        &self,
        st: &State,
        sf: &SentFeats,
        h: u32,
        d: u32,
        feats: &mut Vec<u64>,
        scores: &mut [f32],
    ) -> u16 {
        if h == 0 {
            return self.root_label;
        }
        label_features(st, sf, h, d, feats);
        self.lab.scores(feats, scores);
        let root = self.root_label as usize;
        argmax_where(scores, |i| i != root).unwrap_or(0) as u16
    }

    pub(crate) fn prune(&mut self, trans_min_abs: f32, label_min_abs: f32) {
        self.trans = self.trans.pruned(trans_min_abs);
        self.lab = self.lab.pruned(label_min_abs);
    }

    pub(crate) fn sizes(&self) -> (usize, usize) {
        (self.trans.entries(), self.lab.entries())
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        w.tag(b"PRSR");
        w.strs(&self.labels);
        w.u32(self.root_label as u32);
        w.u32(self.beam as u32);
        self.trans.write(w);
        self.lab.write(w);
    }

    pub(crate) fn read(r: &mut Reader) -> DResult<Parser> {
        r.tag(b"PRSR")?;
        let labels = r.strs()?;
        let root_label = r.u32()?;
        let beam = r.u32()? as usize;
        let trans = Compact::read(r)?;
        let lab = Compact::read(r)?;
        if root_label as usize >= labels.len()
            || trans.n != 3
            || lab.n != labels.len()
            || !(1..=64).contains(&beam)
        {
            return crate::codec::bad("parser tables are inconsistent");
        }
        Ok(Parser {
            labels,
            root_label: root_label as u16,
            beam,
            trans,
            lab,
        })
    }
}

/// One training sentence: features plus projective gold heads (index 0 = root) and labels.
pub(crate) struct ParseExample {
    pub(crate) sf: SentFeats,
    pub(crate) heads: Vec<u32>,
    pub(crate) labels: Vec<u16>,
}

/// Training state across epochs.
pub(crate) struct ParserTrainer {
    pub(crate) beam: usize,
    /// Update at the step of largest violation instead of where the gold
    /// hypothesis first falls off the beam.
    pub(crate) max_violation: bool,
    labels: Vec<String>,
    root_label: u16,
    trans: TrainPerceptron,
    lab: TrainPerceptron,
}

impl ParserTrainer {
    pub(crate) fn new(labels: Vec<String>, root_label: u16) -> ParserTrainer {
        let nl = labels.len();
        ParserTrainer {
            beam: 1,
            max_violation: false,
            labels,
            root_label,
            trans: TrainPerceptron::new(3),
            lab: TrainPerceptron::new(nl),
        }
    }

    /// One epoch over `examples` in the given order; returns training UAS.
    pub(crate) fn epoch(
        &mut self,
        examples: &[ParseExample],
        order: &[usize],
        explore: f64,
        rng: &mut Rng,
    ) -> f64 {
        let mut st = State::new();
        let mut feats = Vec::with_capacity(128);
        let mut lfeats = Vec::with_capacity(64);
        let mut scores = [0.0f32; 3];
        let mut lscores = vec![0.0f32; self.labels.len()];
        let (mut right, mut total) = (0usize, 0usize);
        let root = self.root_label as usize;
        for &e in order {
            let ex = &examples[e];
            let n = ex.sf.w.len() - 1;
            st.reset(n);
            while !st.terminal() {
                features(&st, &ex.sf, &mut feats);
                self.trans.scores(&feats, &mut scores);
                let valid = st.valid();
                let costs = st.costs(&ex.heads);
                let pred = argmax_where(&scores, |i| valid[i]).unwrap_or(SH);
                let min = (0..3)
                    .filter(|&i| valid[i])
                    .map(|i| costs[i])
                    .min()
                    .unwrap_or(0);
                let best = argmax_where(&scores, |i| valid[i] && costs[i] == min).unwrap_or(pred);
                if costs[pred] > min {
                    self.trans.update(&feats, best, pred);
                }
                self.trans.tick();
                let t = if costs[pred] == min || (explore > 0.0 && rng.chance(explore)) {
                    pred
                } else {
                    best
                };
                let lab = if t == SH {
                    0
                } else {
                    let (h, d) = st.arc(t);
                    if h == 0 {
                        self.root_label
                    } else {
                        label_features(&st, &ex.sf, h, d, &mut lfeats);
                        self.lab.scores(&lfeats, &mut lscores);
                        let g = argmax_where(&lscores, |i| i != root).unwrap_or(0);
                        if ex.heads[d as usize] == h {
                            let gold = ex.labels[d as usize] as usize;
                            if gold != root {
                                self.lab.update(&lfeats, gold, g);
                            }
                            self.lab.tick();
                        }
                        g as u16
                    }
                };
                st.apply(t, lab);
            }
            for i in 1..=n {
                right += (st.nodes[i].head == ex.heads[i]) as usize;
                total += 1;
            }
        }
        right as f64 / total.max(1) as f64
    }

    pub(crate) fn finish(&self, min_abs: f32) -> Parser {
        Parser {
            labels: self.labels.clone(),
            root_label: self.root_label,
            beam: self.beam.max(1),
            trans: self.trans.finish(min_abs),
            lab: self.lab.finish(min_abs),
        }
    }
}

/// One hypothesis of the beam: a state, its score and its history.
#[derive(Clone, Debug)]
pub(crate) struct Item {
    pub(crate) st: State,
    score: f32,
    hist: Vec<(u8, u16)>,
    gold: bool,
}

impl Item {
    fn copy_from(&mut self, o: &Item) {
        self.st.copy_from(&o.st);
        self.score = o.score;
        self.hist.clear();
        self.hist.extend_from_slice(&o.hist);
        self.gold = o.gold;
    }
}

/// Chooses the label of an arc (head, dependent) in a state.
pub(crate) type Labeler<'a> = dyn Fn(&State, u32, u32, &mut Vec<u64>, &mut Vec<f32>) -> u16 + 'a;

/// Beam search buffers, reused across sentences.
#[derive(Default)]
pub(crate) struct Beam {
    pub(crate) cur: Vec<Item>,
    next: Vec<Item>,
    cands: Vec<(f32, u32, u8)>,
}

/// Outcome of a training beam run.
pub(crate) enum BeamEnd {
    /// The gold hypothesis fell off the beam after this many steps.
    EarlyUpdate(usize),
    /// The search finished.
    Finished,
}

/// Max-violation tracking for a training beam run (Huang et al. 2012): the
/// gold prefix scores, and the step where the best hypothesis beat the gold
/// prefix by most, with that hypothesis' history.
#[derive(Default)]
pub(crate) struct Violation {
    /// Score of the gold prefix after each step (index 0: no step).
    pub(crate) gold_cum: Vec<f32>,
    pub(crate) step: usize,
    pub(crate) margin: f32,
    pub(crate) hist: Vec<(u8, u16)>,
}

impl Beam {
    /// Runs beam search of width `k`. With `gold = Some((seq))`, tracks the
    /// gold hypothesis and stops when it falls off the beam.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn run(
        &mut self,
        n: usize,
        sf: &SentFeats,
        k: usize,
        scorer: &dyn Fn(&[u64], &mut [f32]),
        labeler: &Labeler,
        gold: Option<&[(u8, u16)]>,
        mut mv: Option<&mut Violation>,
        feats: &mut Vec<u64>,
        lscores: &mut Vec<f32>,
    ) -> BeamEnd {
        if let Some(v) = mv.as_deref_mut() {
            v.step = 0;
            v.margin = 0.0;
            v.hist.clear();
        }
        let _ = sf;
        if self.cur.is_empty() {
            self.cur.push(Item {
                st: State::new(),
                score: 0.0,
                hist: Vec::new(),
                gold: true,
            });
        }
        self.cur.truncate(1);
        self.cur[0].st.reset(n);
        self.cur[0].score = 0.0;
        self.cur[0].hist.clear();
        self.cur[0].gold = true;
        let mut scores = [0.0f32; 3];
        let steps = 2 * n;
        for step in 0..steps {
            self.cands.clear();
            for (i, it) in self.cur.iter().enumerate() {
                if it.st.terminal() {
                    continue;
                }
                features(&it.st, sf, feats);
                scorer(feats, &mut scores);
                let valid = it.st.valid();
                for t in 0..3 {
                    if valid[t] {
                        self.cands.push((it.score + scores[t], i as u32, t as u8));
                    }
                }
            }
            if self.cands.is_empty() {
                break;
            }
            self.cands
                .sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
            self.cands.truncate(k);
            while self.next.len() < self.cands.len() {
                self.next.push(Item {
                    st: State::new(),
                    score: 0.0,
                    hist: Vec::new(),
                    gold: false,
                });
            }
            self.next.truncate(self.cands.len());
            let mut any_gold = false;
            for (j, &(score, i, t)) in self.cands.iter().enumerate() {
                let parent = &self.cur[i as usize];
                let t = t as usize;
                let gold_step = gold.and_then(|g| g.get(step)).copied();
                let is_gold = parent.gold && gold_step.is_some_and(|(gt, _)| gt as usize == t);
                let lab = if t == SH {
                    0
                } else if is_gold {
                    gold_step.map_or(0, |(_, l)| l)
                } else {
                    let (h, d) = parent.st.arc(t);
                    labeler(&parent.st, h, d, feats, lscores)
                };
                let item = &mut self.next[j];
                item.copy_from(parent);
                item.st.apply(t, lab);
                item.score = score;
                item.hist.push((t as u8, lab));
                item.gold = is_gold;
                any_gold |= is_gold;
            }
            std::mem::swap(&mut self.cur, &mut self.next);
            if let Some(v) = mv.as_deref_mut() {
                let top = &self.cur[0];
                if !top.gold {
                    let m = top.score - v.gold_cum.get(step + 1).copied().unwrap_or(f32::MIN);
                    if m >= v.margin {
                        v.margin = m;
                        v.step = step + 1;
                        v.hist.clear();
                        v.hist.extend_from_slice(&top.hist);
                    }
                }
            } else if gold.is_some() && !any_gold {
                return BeamEnd::EarlyUpdate(step + 1);
            }
        }
        BeamEnd::Finished
    }
}

/// The gold transition sequence (with labels): zero-cost moves, preferring
/// left-arc, then right-arc, then shift.
fn gold_sequence(n: usize, heads: &[u32], labels: &[u16], out: &mut Vec<(u8, u16)>) {
    out.clear();
    let mut st = State::new();
    st.reset(n);
    while !st.terminal() {
        let v = st.valid();
        let c = st.costs(heads);
        let t = [LA, RA, SH]
            .into_iter()
            .find(|&t| v[t] && c[t] == 0)
            .or_else(|| [LA, RA, SH].into_iter().find(|&t| v[t]))
            .unwrap_or(SH);
        let lab = if t == SH {
            0
        } else {
            let (_, d) = st.arc(t);
            labels[d as usize]
        };
        st.apply(t, lab);
        out.push((t as u8, lab));
    }
}

impl ParserTrainer {
    /// One epoch of global beam training with early update; labels are
    /// trained greedily along the gold sequence. Returns the share of
    /// sentences whose best final hypothesis was gold.
    pub(crate) fn beam_epoch(&mut self, examples: &[ParseExample], order: &[usize]) -> f64 {
        let mut beam = Beam::default();
        let mut viol = Violation::default();
        let mut tscores = [0.0f32; 3];
        let mut gold = Vec::new();
        let mut feats = Vec::with_capacity(128);
        let mut lfeats = Vec::with_capacity(64);
        let mut lscores = vec![0.0f32; self.labels.len()];
        let mut st = State::new();
        let root = self.root_label as usize;
        let mut exact = 0usize;
        for &e in order {
            let ex = &examples[e];
            let n = ex.sf.w.len() - 1;
            if n == 0 {
                continue;
            }
            gold_sequence(n, &ex.heads, &ex.labels, &mut gold);
            // Labels, greedily along the gold path.
            st.reset(n);
            viol.gold_cum.clear();
            viol.gold_cum.push(0.0);
            for &(t, l) in &gold {
                let t = t as usize;
                if self.max_violation {
                    features(&st, &ex.sf, &mut feats);
                    self.trans.scores(&feats, &mut tscores);
                    let last = viol.gold_cum[viol.gold_cum.len() - 1];
                    viol.gold_cum.push(last + tscores[t]);
                }
                if t != SH {
                    let (h, d) = st.arc(t);
                    if h != 0 && l as usize != root {
                        label_features(&st, &ex.sf, h, d, &mut lfeats);
                        self.lab.scores(&lfeats, &mut lscores);
                        let g = argmax_where(&lscores, |i| i != root).unwrap_or(0);
                        self.lab.update(&lfeats, l as usize, g);
                        self.lab.tick();
                    }
                }
                st.apply(t, l);
            }
            let end = {
                let trans = &self.trans;
                let lab = &self.lab;
                let sf = &ex.sf;
                let scorer = |f: &[u64], out: &mut [f32]| trans.scores(f, out);
                let labeler = |st: &State, h: u32, d: u32, f: &mut Vec<u64>, sc: &mut Vec<f32>| {
                    if h == 0 {
                        return root as u16;
                    }
                    label_features(st, sf, h, d, f);
                    lab.scores(f, sc);
                    argmax_where(sc, |i| i != root).unwrap_or(0) as u16
                };
                beam.run(
                    n,
                    sf,
                    self.beam,
                    &scorer,
                    &labeler,
                    Some(&gold),
                    self.max_violation.then_some(&mut viol),
                    &mut feats,
                    &mut lscores,
                )
            };
            if self.max_violation {
                if viol.step == 0 {
                    exact += 1;
                    self.trans.tick();
                    continue;
                }
                let k = viol.step;
                let pred = std::mem::take(&mut viol.hist);
                self.global_update(n, &ex.sf, &gold[..k], &pred[..k], &mut st, &mut feats);
                viol.hist = pred;
                self.trans.tick();
                continue;
            }
            let upto = match end {
                BeamEnd::EarlyUpdate(k) => k,
                BeamEnd::Finished => {
                    if beam.cur[0].gold {
                        exact += 1;
                        self.trans.tick();
                        continue;
                    }
                    gold.len()
                }
            };
            let pred: Vec<(u8, u16)> = beam.cur[0].hist.clone();
            self.global_update(
                n,
                &ex.sf,
                &gold[..upto],
                &pred[..upto.min(pred.len())],
                &mut st,
                &mut feats,
            );
            self.trans.tick();
        }
        exact as f64 / order.len().max(1) as f64
    }

    fn global_update(
        &mut self,
        n: usize,
        sf: &SentFeats,
        gold: &[(u8, u16)],
        pred: &[(u8, u16)],
        st: &mut State,
        feats: &mut Vec<u64>,
    ) {
        let same = gold.iter().zip(pred).take_while(|(a, b)| a == b).count();
        st.reset(n);
        for &(t, l) in &gold[..same] {
            st.apply(t as usize, l);
        }
        let mut st2 = st.clone();
        for &(t, l) in &gold[same..] {
            features(st, sf, feats);
            self.trans.add(feats, t as usize, 1.0);
            st.apply(t as usize, l);
        }
        for &(t, l) in &pred[same..] {
            features(&st2, sf, feats);
            self.trans.add(feats, t as usize, -1.0);
            st2.apply(t as usize, l);
        }
    }
}

/// Lifts non-projective arcs (head := grandparent) until the tree is projective.
/// `heads` uses index 0 for the root and has `n + 1` entries.
pub(crate) fn projectivize(heads: &mut [u32]) {
    let n = heads.len();
    for _ in 0..n * 2 {
        let mut changed = false;
        // find the shortest non-projective arc
        let mut best: Option<(usize, usize)> = None;
        for d in 1..n {
            let h = heads[d] as usize;
            if h >= n {
                continue;
            }
            let (a, b) = if h < d { (h, d) } else { (d, h) };
            let nonproj = (a + 1..b).any(|k| !dominates(heads, h, k));
            if nonproj && best.is_none_or(|(_, len)| b - a < len) {
                best = Some((d, b - a));
            }
        }
        if let Some((d, _)) = best {
            let h = heads[d] as usize;
            if h != 0 {
                heads[d] = heads[h];
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}

fn dominates(heads: &[u32], h: usize, mut k: usize) -> bool {
    for _ in 0..heads.len() + 1 {
        if k == h {
            return true;
        }
        if k == 0 || k >= heads.len() {
            return false;
        }
        k = heads[k] as usize;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projectivize_lifts_crossing_arc() {
        // 1 <- 3 (root), 2 <- 4 ... arcs 3->1, 1->... construct: heads[1]=3, heads[2]=4, heads[3]=0, heads[4]=1
        let mut h = vec![0, 3, 4, 0, 1];
        projectivize(&mut h);
        for d in 1..h.len() {
            let hh = h[d] as usize;
            let (a, b) = if hh < d { (hh, d) } else { (d, hh) };
            assert!((a + 1..b).all(|k| dominates(&h, hh, k)), "{:?}", h);
        }
    }

    #[test]
    fn oracle_reaches_gold_on_projective_tree() {
        // "a b c d": b is root, a <- b, d <- b, c <- d
        let gold = vec![0, 2, 0, 4, 2];
        let mut st = State::new();
        st.reset(4);
        while !st.terminal() {
            let v = st.valid();
            let c = st.costs(&gold);
            let t = (0..3)
                .find(|&i| v[i] && c[i] == 0)
                .expect("a zero-cost move");
            st.apply(t, 0);
        }
        let heads: Vec<u32> = st.nodes[1..].iter().map(|n| n.head).collect();
        assert_eq!(&heads[..], &gold[1..]);
    }
}
