//! The actor network and per-actor timelines, aggregated over deduplicated
//! events (not over mentions: twenty reports of one clash count once).

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::Datelike;
use event_export::{Network, NetworkEdge, NetworkNode, TimelineRow};

use crate::dedup::{id_list, normalize_code, normalize_words, FastHasher, FastMap};
use crate::error::{Error, ErrorKind, Result};
use crate::{day_date, format_day, parse_day, Store};

/// Which events make up the network.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NetworkOptions {
    /// First and last day (`YYYY-MM-DD`) of the event dates, inclusive.
    pub from: Option<String>,
    pub to: Option<String>,
    /// Only events reported at least once in an outlet's own voice.
    pub own_voice: bool,
    /// Only events that this claimant (code prefix or words) asserted.
    pub claimant: Option<String>,
}

/// Timeline granularity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    Day,
    /// ISO week, `YYYY-Www`.
    Week,
    Month,
}

fn bad(msg: String) -> Error {
    Error::new(ErrorKind::BadRecord(msg))
}

fn day_opt(d: Option<&str>) -> Result<Option<i32>> {
    d.map(|d| parse_day(d).ok_or_else(|| bad(format!("date {d:?} is not YYYY-MM-DD"))))
        .transpose()
}

#[derive(Default)]
struct EdgeAgg {
    events: u64,
    mentions: u64,
    quads: [u64; 4],
    goldstein_sum: f64,
    first: Option<i32>,
    last: Option<i32>,
    claimants: IdSet,
}

/// A set of ids: a short list searched linearly, a hash set past that
/// (an edge usually has a handful of claimants).
#[derive(Default)]
struct IdSet {
    small: Vec<i64>,
    big: HashSet<i64, std::hash::BuildHasherDefault<FastHasher>>,
}

impl IdSet {
    fn insert(&mut self, id: i64) {
        if self.big.is_empty() {
            if !self.small.contains(&id) {
                self.small.push(id);
                if self.small.len() > 32 {
                    self.big.extend(self.small.drain(..));
                }
            }
        } else {
            self.big.insert(id);
        }
    }

    fn iter(&self) -> impl Iterator<Item = &i64> {
        self.small.iter().chain(self.big.iter())
    }
}

/// Per-actor (events, mentions) counts: a vector indexed by id for the
/// usual small dense ids, a map for the rest.
#[derive(Default)]
struct NodeCounts {
    dense: Vec<(u64, u64)>,
    sparse: FastMap<i64, (u64, u64)>,
}

impl NodeCounts {
    fn add(&mut self, id: i64, mentions: u64) {
        let n = match usize::try_from(id) {
            Ok(i) if i < 1 << 24 => {
                if i >= self.dense.len() {
                    self.dense.resize(i + 1, (0, 0));
                }
                &mut self.dense[i]
            }
            _ => self.sparse.entry(id).or_default(),
        };
        n.0 += 1;
        n.1 += mentions;
    }

    fn into_map(self) -> FastMap<i64, (u64, u64)> {
        let mut m = self.sparse;
        for (i, c) in self.dense.into_iter().enumerate() {
            if c.0 > 0 {
                m.insert(i as i64, c);
            }
        }
        m
    }
}

impl Store {
    /// The directed actor network of the events selected by `opts`.
    pub fn network(&self, opts: &NetworkOptions) -> Result<Network> {
        let snap = self.snapshot()?;
        let conn = snap.conn();
        let inner = || -> Result<Network> {
            let from = day_opt(opts.from.as_deref())?;
            let to = day_opt(opts.to.as_deref())?;
            // Claimants: id -> display name; the selected claimant's ids.
            let mut claimant_names: HashMap<i64, String> = HashMap::new();
            let mut wanted: HashSet<i64> = HashSet::new();
            {
                let code = opts.claimant.as_deref().map(normalize_code);
                let words = opts.claimant.as_deref().map(normalize_words);
                let mut stmt = conn.prepare("SELECT id, key, code, name FROM claimants")?;
                let mut rows = stmt.query([])?;
                while let Some(r) = rows.next()? {
                    let id: i64 = r.get(0)?;
                    let key: String = r.get(1)?;
                    let code_col: Option<String> = r.get(2)?;
                    let name: String = r.get(3)?;
                    let matches = match (&code, &words) {
                        (Some(c), Some(w)) => {
                            (!c.is_empty() && !key.starts_with('~') && key.starts_with(c.as_str()))
                                || (!w.is_empty() && normalize_words(&name).contains(w.as_str()))
                        }
                        _ => false,
                    };
                    if matches {
                        wanted.insert(id);
                    }
                    claimant_names.insert(id, code_col.unwrap_or(name));
                }
            }
            let mut edges: FastMap<(i64, i64), EdgeAgg> = FastMap::default();
            let mut counts = NodeCounts::default();
            let mut stmt = conn.prepare(
                "SELECT claimants, source, target, quad, goldstein, day_lo, mentions, own_voice FROM events \
                 WHERE (?1 IS NULL OR day_lo >= ?1) AND (?2 IS NULL OR day_lo <= ?2)",
            )?;
            let mut rows = stmt.query(rusqlite::params![from, to])?;
            while let Some(r) = rows.next()? {
                let own_voice: i64 = r.get(7)?;
                if opts.own_voice && own_voice == 0 {
                    continue;
                }
                let claimed = r.get_ref(0)?.as_str_or_null()?;
                if opts.claimant.is_some()
                    && !claimed.is_some_and(|cs| id_list(cs).any(|c| wanted.contains(&c)))
                {
                    continue;
                }
                let source: i64 = r.get(1)?;
                let target: Option<i64> = r.get(2)?;
                let mentions = r.get::<_, i64>(6)? as u64;
                for actor in std::iter::once(source).chain(target.filter(|t| *t != source)) {
                    counts.add(actor, mentions);
                }
                let Some(target) = target else { continue };
                let quad: i64 = r.get(3)?;
                let goldstein: f64 = r.get(4)?;
                let day: Option<i32> = r.get(5)?;
                let e = edges.entry((source, target)).or_default();
                e.events += 1;
                e.mentions += mentions;
                if (1..=4).contains(&quad) {
                    e.quads[quad as usize - 1] += 1;
                }
                e.goldstein_sum += goldstein;
                if let Some(d) = day {
                    e.first = Some(e.first.map_or(d, |f| f.min(d)));
                    e.last = Some(e.last.map_or(d, |l| l.max(d)));
                }
                if let Some(cs) = claimed {
                    for c in id_list(cs) {
                        e.claimants.insert(c);
                    }
                }
            }
            let node_events = counts.into_map();
            // Actors taking part.
            let mut actor_info: HashMap<i64, (String, Option<String>, String)> = HashMap::new();
            {
                let mut stmt = conn.prepare("SELECT id, key, code, name FROM actors")?;
                let mut rows = stmt.query([])?;
                while let Some(r) = rows.next()? {
                    let id: i64 = r.get(0)?;
                    if node_events.contains_key(&id) {
                        actor_info.insert(id, (r.get(1)?, r.get(2)?, r.get(3)?));
                    }
                }
            }
            let key_of = |id: i64| {
                actor_info
                    .get(&id)
                    .map(|a| a.0.clone())
                    .unwrap_or_else(|| format!("#{id}"))
            };
            let mut nodes: Vec<NetworkNode> = node_events
                .iter()
                .map(|(&id, &(events, mentions))| {
                    let (key, code, name) = actor_info
                        .get(&id)
                        .cloned()
                        .unwrap_or_else(|| (format!("#{id}"), None, String::new()));
                    NetworkNode {
                        id: key,
                        code,
                        name,
                        mentions,
                        events,
                    }
                })
                .collect();
            nodes.sort_by(|a, b| a.id.cmp(&b.id));
            let mut out_edges: Vec<NetworkEdge> = edges
                .into_iter()
                .map(|((s, t), e)| {
                    let mut claimants: Vec<String> = e
                        .claimants
                        .iter()
                        .filter_map(|c| claimant_names.get(c).cloned())
                        .collect();
                    claimants.sort();
                    claimants.dedup();
                    NetworkEdge {
                        source: key_of(s),
                        target: key_of(t),
                        events: e.events,
                        mentions: e.mentions,
                        verbal_cooperation: e.quads[0],
                        material_cooperation: e.quads[1],
                        verbal_conflict: e.quads[2],
                        material_conflict: e.quads[3],
                        goldstein_sum: tidy(e.goldstein_sum),
                        goldstein_mean: if e.events > 0 {
                            tidy(e.goldstein_sum / e.events as f64)
                        } else {
                            0.0
                        },
                        first_date: e.first.map(format_day),
                        last_date: e.last.map(format_day),
                        claimants,
                    }
                })
                .collect();
            out_edges.sort_by(|a, b| (&a.source, &a.target).cmp(&(&b.source, &b.target)));
            Ok(Network {
                from: opts.from.clone(),
                to: opts.to.clone(),
                own_voice_only: opts.own_voice,
                claimant: opts.claimant.clone(),
                nodes,
                edges: out_edges,
            })
        };
        inner().map_err(|e| self.err(e))
    }

    /// Events involving an actor (code prefix, as source or target) per
    /// period: counts by QuadClass and the mean Goldstein value.
    pub fn timeline(
        &self,
        actor: &str,
        by: Period,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<Vec<TimelineRow>> {
        let snap = self.snapshot()?;
        let conn = snap.conn();
        let inner = || -> Result<Vec<TimelineRow>> {
            let code = normalize_code(actor);
            if code.is_empty() {
                return Err(bad(format!("actor code {actor:?} is empty")));
            }
            let (from, to) = (day_opt(from)?, day_opt(to)?);
            let mut stmt = conn.prepare(
                "SELECT day_lo, quad, goldstein, mentions FROM events \
                 WHERE (source IN (SELECT id FROM actors WHERE key >= ?1 AND key < ?1 || char(127)) \
                    OR target IN (SELECT id FROM actors WHERE key >= ?1 AND key < ?1 || char(127))) \
                   AND day_lo IS NOT NULL AND (?2 IS NULL OR day_lo >= ?2) AND (?3 IS NULL OR day_lo <= ?3)",
            )?;
            let mut rows = stmt.query(rusqlite::params![code, from, to])?;
            let mut periods: BTreeMap<String, (TimelineRow, f64)> = BTreeMap::new();
            while let Some(r) = rows.next()? {
                let day: i32 = r.get(0)?;
                let quad: i64 = r.get(1)?;
                let goldstein: f64 = r.get(2)?;
                let mentions: i64 = r.get(3)?;
                let Some(date) = day_date(day) else { continue };
                let period = match by {
                    Period::Day => format_day(day),
                    Period::Week => {
                        let w = date.iso_week();
                        format!("{}-W{:02}", w.year(), w.week())
                    }
                    Period::Month => format!("{}-{:02}", date.year(), date.month()),
                };
                let (row, sum) = periods.entry(period.clone()).or_insert_with(|| {
                    (
                        TimelineRow {
                            period,
                            events: 0,
                            mentions: 0,
                            verbal_cooperation: 0,
                            material_cooperation: 0,
                            verbal_conflict: 0,
                            material_conflict: 0,
                            goldstein_mean: None,
                        },
                        0.0,
                    )
                });
                row.events += 1;
                row.mentions += mentions as u64;
                match quad {
                    1 => row.verbal_cooperation += 1,
                    2 => row.material_cooperation += 1,
                    3 => row.verbal_conflict += 1,
                    4 => row.material_conflict += 1,
                    _ => {}
                }
                *sum += goldstein;
            }
            Ok(periods
                .into_values()
                .map(|(mut row, sum)| {
                    row.goldstein_mean = (row.events > 0).then(|| tidy(sum / row.events as f64));
                    row
                })
                .collect())
        };
        inner().map_err(|e| self.err(e))
    }
}

/// Goldstein sums and means to four decimals: the scale has one, sums of
/// binary fractions drift in the last digits, and events stored by earlier
/// builds hold each value widened from `f32` (1.9 as 1.899999976158142).
fn tidy(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}
