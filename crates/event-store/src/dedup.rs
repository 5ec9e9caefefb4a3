//! Cross-article deduplication (event coreference).
//!
//! Two mentions report the same event when
//! - their polarity agrees (asserted vs negated/hypothetical),
//! - their dyads agree after actor-code normalization: equal codes, or one
//!   code a refinement of the other at a three-letter boundary (`IRQ` and
//!   `IRQMIL`, but not `IRQGOV` and `IRQMIL`); uncoded actors compare by
//!   their normalized words; a missing target only matches a missing target,
//! - their CAMEO roots are equal or in one compatibility group (assault,
//!   fight and mass violence 18/19/20; disapprove and reject 11/12),
//! - their date intervals overlap, allowing `slack_days` around them; a
//!   mention whose text gives no date stands for the `undated_window` days up
//!   to its publication date; a mention wider than `max_width` days never
//!   merges,
//! - their locations agree where both are known (same country; names equal
//!   or one containing the other).
//!
//! Clustering is greedy and incremental: each new mention joins the best
//! compatible existing event (closest in time, then most fields equal, then
//! oldest), or starts a new one. Candidates are found through a `bucket` (a
//! hash of the country-level dyad and polarity) and a day-ordered index, so
//! cost does not grow with the database. The result depends only on the
//! stored state and the order of ingest, which makes resuming after a crash
//! give the same clusters as an uninterrupted run.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use xxhash_rust::xxh3::xxh3_64;

pub(crate) const FLAG_NEGATED: i64 = 1;
pub(crate) const FLAG_HYPOTHETICAL: i64 = 2;
pub(crate) const FLAG_HISTORICAL: i64 = 4;
pub(crate) const FLAG_DATE_FROM_PUBLISHED: i64 = 8;

/// Tunable parameters of event coreference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DedupOptions {
    /// Days of tolerance on both sides of a mention's date interval.
    pub slack_days: i32,
    /// Days before publication that an undated mention may refer to.
    pub undated_window: i32,
    /// Mentions with a wider date interval (days) are never merged.
    pub max_width: i32,
}

impl Default for DedupOptions {
    fn default() -> Self {
        DedupOptions {
            slack_days: 0,
            undated_window: 2,
            max_width: 31,
        }
    }
}

/// Normalizes an actor code: ASCII alphanumerics only, upper case; PETRARCH's
/// `---` placeholder for an unknown country is dropped.
pub fn normalize_code(code: &str) -> String {
    let mut s: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect::<String>()
        .to_ascii_uppercase();
    while s.starts_with("---") {
        s.drain(..3);
    }
    s.retain(|c| c != '-');
    s
}

/// Normalizes words: lower case, single spaces, a leading article dropped.
pub fn normalize_words(text: &str) -> String {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let skip = usize::from(matches!(
        words.first(),
        Some(&"the") | Some(&"a") | Some(&"an")
    ));
    words[skip.min(words.len())..].join(" ")
}

/// The actor key stored in `actors.key`: the normalized code, or `~` and the
/// normalized words for an uncoded actor.
pub fn actor_key(code: Option<&str>, text: &str) -> String {
    match code.map(normalize_code) {
        Some(c) if !c.is_empty() => c,
        _ => format!("~{}", normalize_words(text)),
    }
}

/// True when two actor keys may name the same actor.
pub fn actors_compatible(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    if a.starts_with('~') || b.starts_with('~') {
        return false;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short.len() >= 3 && short.len() % 3 == 0 && long.starts_with(short)
}

/// The compatibility group of a CAMEO root.
pub fn root_group(root: &str) -> &str {
    match root {
        "18" | "19" | "20" => "18-20",
        "11" | "12" => "11-12",
        r => r,
    }
}

fn country_part(key: &str) -> &str {
    if key.starts_with('~') {
        key
    } else {
        key.get(0..3).unwrap_or(key)
    }
}

/// The candidate bucket of a mention.
pub(crate) fn bucket(source_key: &str, target_key: Option<&str>, flags: i64) -> i64 {
    let polarity = flags & (FLAG_NEGATED | FLAG_HYPOTHETICAL);
    // Stored in every event row: the bytes hashed must never change.
    let mut s = String::with_capacity(24);
    s.push_str(country_part(source_key));
    s.push('\u{1}');
    s.push_str(target_key.map(country_part).unwrap_or("\u{2}"));
    s.push('\u{1}');
    s.push_str(itoa::Buffer::new().format(polarity));
    xxh3_64(s.as_bytes()) as i64
}

/// What the clustering needs to know about one mention.
#[derive(Clone, Debug)]
pub(crate) struct MentionKey<'a> {
    /// Interned actor ids: equal ids mean equal keys.
    pub source: i64,
    pub target: Option<i64>,
    pub source_key: &'a str,
    pub target_key: Option<&'a str>,
    pub root: &'a str,
    pub cameo: &'a str,
    pub lo: Option<i32>,
    pub hi: Option<i32>,
    pub loc_name: Option<&'a str>,
    pub loc_country: Option<&'a str>,
    pub loc_point: Option<(f64, f64)>,
    pub flags: i64,
}

/// A deduplicated event as held in memory while ingesting.
#[derive(Clone, Debug)]
pub(crate) struct Cluster {
    pub id: i64,
    pub bucket: i64,
    pub source: i64,
    pub source_key: Arc<str>,
    pub target: Option<i64>,
    pub target_key: Option<Arc<str>>,
    pub root: String,
    pub cameo: String,
    pub quad: i64,
    pub goldstein: f64,
    pub lo: Option<i32>,
    pub hi: Option<i32>,
    pub loc_name: Option<Arc<str>>,
    pub loc_country: Option<Arc<str>>,
    pub loc_point: Option<(f64, f64)>,
    pub flags: i64,
    pub mentions: i64,
    pub own_voice: i64,
    pub first_report: Option<i32>,
    pub first_mention: i64,
    /// Range of the mentions' days.
    pub mday_lo: Option<i32>,
    pub mday_hi: Option<i32>,
    /// Mention ids, comma-separated, in order.
    pub members: String,
    /// Distinct claimant ids, comma-separated, in order of first mention.
    pub claimants: String,
    /// Not yet in the database / changed since loaded.
    pub is_new: bool,
    pub dirty: bool,
    /// A column other than the counts and lists (mentions, own_voice,
    /// first_report, mday_hi, members, claimants) changed since loaded.
    pub wide_change: bool,
    /// Takes part in matching (has a date and a narrow enough interval).
    pub indexed: bool,
}

impl Cluster {
    /// Adds a mention id to `members`.
    pub fn push_member(&mut self, id: i64) {
        push_id(&mut self.members, id);
    }

    /// Adds a claimant id to `claimants` unless already listed.
    pub fn add_claimant(&mut self, id: i64) {
        if id_list(&self.claimants).any(|c| c == id) {
            return;
        }
        push_id(&mut self.claimants, id);
    }
}

/// Appends an id to a comma-separated list (itoa: `write!` was a tenth of
/// ingest's own work).
fn push_id(list: &mut String, id: i64) {
    if !list.is_empty() {
        list.push(',');
    }
    list.push_str(itoa::Buffer::new().format(id));
}

/// The ids of a comma-separated list (`members`, `claimants`).
pub(crate) fn id_list(s: &str) -> impl Iterator<Item = i64> + '_ {
    s.split(',').filter_map(|x| x.trim().parse().ok())
}

/// Places agree when their countries do and, if both are points (a
/// gazetteer place with coordinates), the points are within 25 km or the
/// names contain one another. A place without coordinates (a country or a
/// region) is vaguer and agrees with any place in its country.
fn locations_compatible(
    a: (Option<&str>, Option<&str>, Option<(f64, f64)>),
    b: (Option<&str>, Option<&str>, Option<(f64, f64)>),
) -> bool {
    if let (Some(x), Some(y)) = (a.1, b.1) {
        if !x.eq_ignore_ascii_case(y) {
            return false;
        }
    }
    let named_alike = match (a.0, b.0) {
        (Some(x), Some(y)) => x == y || x.contains(y) || y.contains(x),
        _ => true,
    };
    match (a.2, b.2) {
        (Some(p), Some(q)) => named_alike || km(p, q) <= 25.0,
        (None, None) => named_alike,
        _ => true,
    }
}

/// Approximate distance in km between two (lat, lon) points.
fn km(p: (f64, f64), q: (f64, f64)) -> f64 {
    let lat = (p.0 + q.0).to_radians() / 2.0;
    let dx = (q.1 - p.1).to_radians() * lat.cos();
    let dy = (q.0 - p.0).to_radians();
    6371.0 * (dx * dx + dy * dy).sqrt()
}

/// How well a mention fits a cluster: lower is better; `None` if incompatible.
pub(crate) fn fit(m: &MentionKey<'_>, c: &Cluster, opts: &DedupOptions) -> Option<(i32, i32)> {
    let (lo, hi) = (m.lo?, m.hi?);
    let (clo, chi) = (c.lo?, c.hi?);
    if (m.flags ^ c.flags) & (FLAG_NEGATED | FLAG_HYPOTHETICAL) != 0 {
        return None;
    }
    // Gap between the intervals (0 when they overlap).
    let gap = (lo - chi).max(clo - hi).max(0);
    if gap > opts.slack_days {
        return None;
    }
    // Same root group: guaranteed by the candidate index (see `best`).
    debug_assert_eq!(root_group(m.root), root_group(&c.root));
    if m.source != c.source && !actors_compatible(m.source_key, &c.source_key) {
        return None;
    }
    match (m.target_key, c.target_key.as_deref()) {
        (None, None) => {}
        (Some(a), Some(b)) if m.target == c.target || actors_compatible(a, b) => {}
        _ => return None,
    }
    if !locations_compatible(
        (m.loc_name, m.loc_country, m.loc_point),
        (c.loc_name.as_deref(), c.loc_country.as_deref(), c.loc_point),
    ) {
        return None;
    }
    let mut differences = 0;
    differences += i32::from(m.source != c.source);
    differences += i32::from(m.target != c.target);
    differences += i32::from(m.cameo != c.cameo);
    differences += i32::from(m.root != c.root);
    differences += i32::from(m.loc_name.is_none() || m.loc_name != c.loc_name.as_deref());
    Some((gap, differences))
}

/// A fast hasher for integer keys (the multiplicative FxHash step); the
/// keys are ids and hashes made by the store itself, not attacker input.
#[derive(Default, Clone, Copy)]
pub(crate) struct FastHasher(u64);

impl std::hash::Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut b = [0u8; 8];
            b[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(b));
        }
    }

    fn write_u64(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_i64(&mut self, x: i64) {
        self.write_u64(x as u64);
    }

    fn write_u8(&mut self, x: u8) {
        self.write_u64(u64::from(x));
    }

    fn write_usize(&mut self, x: usize) {
        self.write_u64(x as u64);
    }
}

pub(crate) type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FastHasher>>;
pub(crate) type FastSet<K> = HashSet<K, std::hash::BuildHasherDefault<FastHasher>>;

/// The candidates of one root group in one bucket, ordered by `lo`.
#[derive(Default)]
pub(crate) struct GroupIndex {
    /// The widest `hi - lo` of any cluster ever put here (an upper bound).
    max_width: i32,
    /// (lo, event id) -> index into `clusters`
    by_lo: BTreeMap<(i32, i64), usize>,
}

/// A small key for a CAMEO root's compatibility group.
fn group_key(root: &str) -> u64 {
    let g = root_group(root).as_bytes();
    if g.len() < 8 {
        let mut b = [0u8; 8];
        b[..g.len()].copy_from_slice(g);
        b[7] = g.len() as u8;
        u64::from_le_bytes(b)
    } else {
        xxh3_64(g) | 1 << 63
    }
}

/// Stored events are read into the cache by bucket and by windows of this
/// many days of their first day (`events.day_lo`).
const WINDOW_DAYS: i32 = 32;

/// A mention needing more windows than this has its whole bucket read.
const MAX_WINDOWS: i32 = 16;

/// A bucket read this many times by window is read whole the next time:
/// mentions spread over its whole history (a bulk load of an archive) then
/// cost one read per bucket, as when buckets were always read whole, while
/// a day's news, near in time, reads a few recent windows.
const WINDOW_READS_BEFORE_WHOLE: u32 = 4;

/// What must be read from the store before a mention can be matched.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Load {
    Nothing,
    Whole,
    /// Windows `first..=last` (not yet read, with any read ones between).
    Windows {
        first: i32,
        last: i32,
    },
}

impl Load {
    /// The `events.day_lo` range of `Windows`: `from..to`.
    pub fn days(&self) -> Option<(i64, i64)> {
        match *self {
            Load::Windows { first, last } => Some((
                i64::from(first) * i64::from(WINDOW_DAYS),
                (i64::from(last) + 1) * i64::from(WINDOW_DAYS),
            )),
            _ => None,
        }
    }
}

/// The in-memory view of the events table used while ingesting: only the
/// windows of buckets that new mentions could join are read, so that
/// opening a large store and ingesting a day's news reads that day's
/// neighbourhood, not every event of the dyads it touches.
#[derive(Default)]
pub(crate) struct ClusterCache {
    pub clusters: Vec<Cluster>,
    /// Every stored event is in `clusters` (the store had none when the
    /// cache was emptied, and all since were made here): nothing to read.
    complete: bool,
    /// Buckets read whole.
    whole: FastSet<i64>,
    /// (bucket, window) read: window `w` holds first days
    /// `w * WINDOW_DAYS..(w + 1) * WINDOW_DAYS`.
    windows: FastSet<(i64, i32)>,
    /// Reads by window so far, per bucket.
    window_reads: FastMap<i64, u32>,
    /// Event id -> index into `clusters`: an event read twice (its window
    /// and then its whole bucket) is kept once.
    by_id: FastMap<i64, usize>,
    /// (bucket, root group) -> candidates
    groups: FastMap<(i64, u64), GroupIndex>,
}

impl ClusterCache {
    pub fn clear(&mut self) {
        self.clusters.clear();
        self.complete = false;
        self.whole.clear();
        self.windows.clear();
        self.window_reads.clear();
        self.by_id.clear();
        self.groups.clear();
    }

    /// Declares that the cache holds every stored event (an empty store).
    pub fn set_complete(&mut self, complete: bool) {
        self.complete = complete;
    }

    /// What must be read before matching a mention of `bucket` dated
    /// `lo..=hi`. A candidate event is at most `max_width` days wide and
    /// ends at or after `lo - slack_days`, so it starts in
    /// `lo - slack_days - max_width..=hi + slack_days`.
    pub fn to_load(&self, bucket: i64, lo: i32, hi: i32, opts: &DedupOptions) -> Load {
        if self.complete || hi - lo > opts.max_width || self.whole.contains(&bucket) {
            return Load::Nothing;
        }
        let first = lo
            .saturating_sub(opts.slack_days)
            .saturating_sub(opts.max_width)
            .div_euclid(WINDOW_DAYS);
        let last = hi.saturating_add(opts.slack_days).div_euclid(WINDOW_DAYS);
        if last.saturating_sub(first) >= MAX_WINDOWS {
            return Load::Whole;
        }
        let mut missing = (first..=last).filter(|w| !self.windows.contains(&(bucket, *w)));
        let Some(first) = missing.next() else {
            return Load::Nothing;
        };
        if self.window_reads.get(&bucket).copied().unwrap_or(0) >= WINDOW_READS_BEFORE_WHOLE {
            return Load::Whole;
        }
        let last = missing.next_back().unwrap_or(first);
        Load::Windows { first, last }
    }

    /// Records that `load` of `bucket` was read.
    pub fn mark_loaded(&mut self, bucket: i64, load: &Load) {
        match *load {
            Load::Nothing => {}
            Load::Whole => {
                self.whole.insert(bucket);
            }
            Load::Windows { first, last } => {
                *self.window_reads.entry(bucket).or_default() += 1;
                for w in first..=last {
                    self.windows.insert((bucket, w));
                }
            }
        }
    }

    /// True when event `id` is in the cache.
    pub fn has(&self, id: i64) -> bool {
        self.by_id.contains_key(&id)
    }

    /// Adds a cluster (loaded or new) to the cache.
    pub fn insert(&mut self, c: Cluster) -> usize {
        let idx = self.clusters.len();
        self.by_id.insert(c.id, idx);
        if c.indexed {
            if let (Some(lo), Some(hi)) = (c.lo, c.hi) {
                let g = self
                    .groups
                    .entry((c.bucket, group_key(&c.root)))
                    .or_default();
                g.max_width = g.max_width.max(hi - lo);
                g.by_lo.insert((lo, c.id), idx);
            }
        }
        self.clusters.push(c);
        idx
    }

    /// The best compatible cluster for a mention in its (loaded) bucket:
    /// closest in time, then fewest differences, then oldest.
    pub fn best(&self, bucket: i64, m: &MentionKey<'_>, opts: &DedupOptions) -> Option<usize> {
        let (lo, hi) = (m.lo?, m.hi?);
        if hi - lo > opts.max_width {
            return None;
        }
        let g = self.groups.get(&(bucket, group_key(m.root)))?;
        // A compatible cluster ends at or after lo - slack, so it starts at
        // or after lo - slack - its width.
        let from = lo.saturating_sub(g.max_width.saturating_add(opts.slack_days));
        let to = hi.saturating_add(opts.slack_days);
        if from > to {
            // Only with negative options; `range` would panic.
            return None;
        }
        let mut best: Option<((i32, i32, i64), usize)> = None;
        for (&(_, id), &idx) in g.by_lo.range((from, i64::MIN)..=(to, i64::MAX)) {
            if let Some((gap, diff)) = fit(m, &self.clusters[idx], opts) {
                let score = (gap, diff, id);
                if best.as_ref().is_none_or(|(s, _)| score < *s) {
                    best = Some((score, idx));
                }
            }
        }
        best.map(|(_, idx)| idx)
    }

    /// Narrows a cluster's interval to the overlap with a joining mention
    /// (kept as it is when they only touch within the slack); true if it
    /// changed.
    pub fn narrow(&mut self, idx: usize, lo: i32, hi: i32) -> bool {
        let c = &self.clusters[idx];
        let (Some(clo), Some(chi)) = (c.lo, c.hi) else {
            return false;
        };
        let (nlo, nhi) = (clo.max(lo), chi.min(hi));
        if nlo > nhi || (nlo, nhi) == (clo, chi) {
            return false;
        }
        let (id, indexed) = (c.id, c.indexed);
        if indexed {
            if let Some(g) = self.groups.get_mut(&(c.bucket, group_key(&c.root))) {
                g.by_lo.remove(&(clo, id));
                g.by_lo.insert((nlo, id), idx);
            }
        }
        let c = &mut self.clusters[idx];
        c.lo = Some(nlo);
        c.hi = Some(nhi);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Buckets are stored in event rows: their value must not change with
    /// how the key is assembled.
    #[test]
    fn bucket_values_are_stable() {
        for (source, target, flags) in [
            ("IRQGOV", Some("USAMIL"), 0),
            ("IRQ", None, FLAG_NEGATED),
            (
                "~police",
                Some("~rebels"),
                FLAG_HYPOTHETICAL | FLAG_HISTORICAL,
            ),
            ("", Some(""), FLAG_NEGATED | FLAG_HYPOTHETICAL),
        ] {
            let polarity = flags & (FLAG_NEGATED | FLAG_HYPOTHETICAL);
            let key = format!(
                "{}\u{1}{}\u{1}{polarity}",
                country_part(source),
                target.map(country_part).unwrap_or("\u{2}")
            );
            assert_eq!(
                bucket(source, target, flags),
                xxh3_64(key.as_bytes()) as i64
            );
        }
    }

    #[test]
    fn member_lists_are_comma_separated() {
        let mut list = String::new();
        for id in [7, 12, 9_000_000_001] {
            push_id(&mut list, id);
        }
        assert_eq!(list, "7,12,9000000001");
        assert_eq!(
            id_list(&list).collect::<Vec<_>>(),
            vec![7, 12, 9_000_000_001]
        );
    }

    #[test]
    fn code_normalization_and_compatibility() {
        assert_eq!(normalize_code(" irq-gov "), "IRQGOV");
        assert_eq!(normalize_code("---GOV"), "GOV");
        assert!(actors_compatible("IRQ", "IRQMIL"));
        assert!(actors_compatible("IRQMIL", "IRQ"));
        assert!(!actors_compatible("IRQGOV", "IRQMIL"));
        assert!(!actors_compatible("IR", "IRQ"));
        assert!(!actors_compatible("~police", "~polices"));
        assert_eq!(actor_key(None, "The  Police"), "~police");
    }

    #[test]
    fn roots_group_violence_together() {
        assert_eq!(root_group("19"), root_group("18"));
        assert_ne!(root_group("19"), root_group("17"));
        assert_ne!(root_group("04"), root_group("05"));
    }
}
