//! Synthetic coded documents for benchmarks and crash tests: deterministic,
//! with a realistic share of events reported by several articles.
//!
//! Not a model of news: it only exercises the store with plausible shapes
//! (actor codes with roles, CAMEO codes and dates, claimants, locations).

use event_export::{
    ActorRecord, AttributionRecord, CameoRecord, DateRecord, EventRecord, LocationRecord,
    PloverRecord, SpanRecord, SpeakerRecord, TriggerRecord,
};

use crate::{format_day, NewDocument};

/// A small deterministic generator (SplitMix64).
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
}

const COUNTRIES: [&str; 24] = [
    "USA", "IRQ", "IRN", "SYR", "ISR", "PSE", "TUR", "RUS", "UKR", "CHN", "IND", "PAK", "AFG",
    "EGY", "SAU", "YEM", "LBY", "SDN", "NGA", "KEN", "ETH", "SOM", "FRA", "GBR",
];
const ROLES: [&str; 8] = ["", "GOV", "MIL", "REB", "OPP", "COP", "CVL", "GOVMIL"];
const CODES: [(&str, u8, f32, &str); 10] = [
    ("010", 1, 0.0, "AGREE"),
    ("042", 1, 1.9, "CONSULT"),
    ("051", 1, 3.4, "COOPERATE"),
    ("061", 2, 6.4, "COOPERATE"),
    ("071", 2, 7.4, "AID"),
    ("112", 3, -2.0, "ACCUSE"),
    ("130", 3, -4.4, "THREATEN"),
    ("173", 4, -5.0, "COERCE"),
    ("190", 4, -10.0, "ASSAULT"),
    ("193", 4, -10.0, "ASSAULT"),
];
const OUTLETS: [&str; 12] = [
    "Wire A",
    "Wire B",
    "Daily C",
    "Herald D",
    "Times E",
    "Post F",
    "News G",
    "Radio H",
    "TV I",
    "Agency J",
    "Journal K",
    "Gazette L",
];

/// Parameters of a synthetic corpus.
#[derive(Clone, Debug)]
pub struct SynthOptions {
    pub seed: u64,
    pub documents: usize,
    pub mentions_per_doc: usize,
    /// Distinct underlying events to draw from; fewer events than mentions
    /// means more reports of the same events.
    pub events: usize,
    /// Days covered, from 2015-01-01 plus `first_day`.
    pub days: u32,
    /// Days after 2015-01-01 where the covered days start.
    pub first_day: u32,
}

impl Default for SynthOptions {
    fn default() -> Self {
        SynthOptions {
            seed: 7,
            documents: 1000,
            mentions_per_doc: 5,
            events: 2000,
            days: 365,
            first_day: 0,
        }
    }
}

fn actor(rng: &mut Rng, country: &str, start: u32) -> ActorRecord {
    let role = ROLES[rng.below(ROLES.len() as u64) as usize];
    ActorRecord {
        text: format!("{country} {role} officials").trim().to_string(),
        code: Some(format!("{country}{role}")),
        start,
        end: start + 12,
        antecedent: None,
    }
}

/// The records of synthetic document `i` (deterministic in `opts.seed` and `i`).
pub fn document(opts: &SynthOptions, i: usize) -> NewDocument {
    let mut doc_rng = Rng::new(opts.seed ^ (i as u64).wrapping_mul(0x2545_f491_4f6c_dd1d));
    let doc_id = format!("synth-{i:08}");
    let base_day = 16436 + opts.first_day as i32; // 2015-01-01 + first_day
    let mut records = Vec::with_capacity(opts.mentions_per_doc);
    let outlet = OUTLETS[doc_rng.below(OUTLETS.len() as u64) as usize].to_string();
    let mut published = None;
    for k in 0..opts.mentions_per_doc {
        // The underlying event decides actors, code, day and place.
        let ev = doc_rng.below(opts.events.max(1) as u64);
        let mut rng = Rng::new(opts.seed.wrapping_mul(31) ^ ev);
        let c1 = COUNTRIES[rng.below(COUNTRIES.len() as u64) as usize];
        let c2 = COUNTRIES[rng.below(COUNTRIES.len() as u64) as usize];
        let day = base_day + rng.below(u64::from(opts.days.max(1))) as i32;
        let (code, quad, goldstein, plover) = CODES[rng.below(CODES.len() as u64) as usize];
        let source = actor(&mut rng, c1, 0);
        let target = actor(&mut rng, c2, 30);
        let place = rng.below(3);
        let pub_day = day + doc_rng.below(2) as i32;
        published.get_or_insert(pub_day);
        let sent = (k * 120) as u32;
        let claimant = (doc_rng.below(3) == 0).then(|| SpeakerRecord {
            text: format!("{c2} spokesman"),
            code: Some(format!("{c2}GOV")),
        });
        records.push(EventRecord {
            doc_id: doc_id.clone(),
            event_id: format!("{doc_id}:{k}"),
            sentence_index: k as u32,
            sentence_span: SpanRecord {
                start: sent,
                end: sent + 110,
            },
            trigger: TriggerRecord {
                text: "attacked".into(),
                start: sent + 14,
                end: sent + 22,
            },
            source: ActorRecord {
                start: sent + source.start,
                end: sent + source.end,
                ..source
            },
            target: Some(ActorRecord {
                start: sent + target.start,
                end: sent + target.end,
                ..target
            }),
            cameo: CameoRecord {
                code: code.into(),
                root: code[..2].into(),
                quad_class: quad,
                goldstein,
            },
            plover: Some(PloverRecord {
                kind: plover.into(),
                mode: None,
            }),
            date: Some(DateRecord {
                start: Some(format_day(day)),
                end: Some(format_day(day)),
                basis: Some("on Monday".into()),
                historical: false,
            }),
            attribution: Some(AttributionRecord {
                asserted_by: claimant,
                cue: None,
                reported_by: Some(outlet.clone()),
            }),
            negated: false,
            hypothetical: false,
            location: (place > 0).then(|| LocationRecord {
                name: format!("{c1} city {place}"),
                country: Some(c1.into()),
                lat: Some(30.0 + place as f64),
                lon: Some(40.0 + place as f64),
            }),
            pattern: None,
            published: None,
            uncoded: false,
        });
    }
    let published = published.map(format_day);
    for r in &mut records {
        r.published = published.clone();
    }
    let mut doc = NewDocument::from_records(doc_id, records);
    doc.url = Some(format!("https://example.org/{i}"));
    doc
}

/// Documents `range` of the synthetic corpus.
pub fn documents(opts: &SynthOptions, range: std::ops::Range<usize>) -> Vec<NewDocument> {
    range.map(|i| document(opts, i)).collect()
}
