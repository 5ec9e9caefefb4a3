//! Stage `geo.gazetteer.v1`: places and event locations.
//!
//! Place names are matched against the built-in [`Gazetteer`] on token
//! n-grams. Countries and regions are taken anywhere they are capitalized;
//! a city is taken only after a locative word ("in", "near", "city of"), in
//! the dateline or when it has a million people, because many small cities
//! share their names with people and words. An ambiguous name ("Georgia",
//! "Tripoli") goes to the candidate whose country the rest of the document
//! points at (country names, demonyms, unambiguous cities, actor codes), and
//! to the larger or more prominent place when nothing does.
//!
//! An event's location is the place in a locative phrase attached to its
//! trigger ("in Baghdad", "near Kabul", "in the Iraqi capital"), else a
//! sentence-opening "In X," phrase, else the dateline, else the country of
//! its source (then target) actor, else the one country that the places
//! named in its sentence share.

use std::collections::HashMap;

use text_model::{AnnotatedDoc, ByteSpan, Layer, Location, Mention, MentionKind, Stage};

use crate::gazetteer::{Gazetteer, Place, PlaceKind};
use crate::words;

const LOCATIVE: &[&str] = &[
    "in",
    "near",
    "outside",
    "at",
    "on",
    "inside",
    "around",
    "across",
    "into",
    "from",
    "to",
    "toward",
    "towards",
    "through",
    "throughout",
    "of",
    "within",
    "between",
    "beyond",
    "off",
    "along",
];

/// Prepositions that place the event itself (not its source or goal).
const EVENT_LOCATIVE: &[&str] = &[
    "in",
    "near",
    "outside",
    "at",
    "inside",
    "around",
    "across",
    "throughout",
    "within",
    "off",
    "along",
    "on",
    "of",
];

/// Words that end the search for a locative phrase: another clause, a
/// quotation, or a reporting verb (whose place is the speaker's).
fn scan_break(w: &str) -> bool {
    matches!(
        w,
        "." | ";"
            | "that"
            | "said"
            | "says"
            | "told"
            | "added"
            | "announced"
            | "and"
            | "but"
            | "while"
            | "who"
            | "which"
            | "according"
            | "when"
            | "after"
            | "before"
            | "because"
    ) || words::is_quote(w)
}

/// Words between a preposition and the name: "in the northern city of Mosul".
const PLACE_FILLERS: &[&str] = &[
    "the",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "north",
    "south",
    "east",
    "west",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "city",
    "town",
    "village",
    "province",
    "of",
    "capital",
    "district",
    "region",
    "outskirts",
    "suburbs",
    "countryside",
    "border",
    "port",
    "coastal",
    "restive",
    "neighbouring",
    "neighboring",
    "rural",
    "downtown",
    "center",
    "centre",
    "heart",
    "areas",
    "area",
    "parts",
    "part",
    "cities",
    "province's",
    "largest",
    "second",
    "oil-rich",
    "besieged",
    "southern-most",
];

/// Capitalized words that are also small towns somewhere: never places.
const NOT_PLACES: &[&str] = &[
    "police",
    "mobile",
    "reading",
    "bath",
    "nice",
    "split",
    "independence",
    "sale",
    "deal",
    "university",
    "union",
    "hope",
    "marion",
    "obama",
    "santos",
    "jackson",
    "lincoln",
    "hamilton",
    "washington",
    "kennedy",
    "carmen",
    "victoria",
    "of",
    "may",
    "march",
    "president",
    "laval",
    "bar",
    "best",
    "chase",
    "mercedes",
    "florence",
    "aurora",
    "concord",
    "liberty",
    "unity",
    "progress",
    "justice",
    "colon",
    "trump",
    "biden",
    "bush",
    "clinton",
    "sultan",
    "king",
    "leader",
    "defence",
    "defense",
    "security",
    "interior",
    "mission",
    "army",
    "march",
    "worth",
    "boulder",
    "orange",
    "temple",
    "lowell",
    "salem",
    "troy",
    "alexandria",
    "paris",
];

/// One place found in the text.
#[derive(Clone, Debug)]
pub struct PlaceHit {
    pub span: ByteSpan,
    pub tokens: std::ops::Range<usize>,
    pub place: Place,
}

fn lookup_at(g: &Gazetteer, doc: &AnnotatedDoc, i: usize, hi: usize) -> Option<(usize, Vec<u32>)> {
    let max = g.max_words().clamp(1, 5);
    let mut best = None;
    let mut key = String::new();
    for n in 1..=max {
        let j = i + n - 1;
        if j >= hi {
            break;
        }
        let w = doc.slice(doc.tokens[j].span);
        if n > 1 {
            if words::is_punct(w) && w != "'" {
                break;
            }
            let gap = &doc.text()[doc.tokens[j - 1].span.end()..doc.tokens[j].span.start()];
            if !gap.is_empty() {
                key.push(' ');
            }
        }
        key.push_str(w);
        let ids = g.lookup(&key);
        if !ids.is_empty() {
            best = Some((n, ids.to_vec()));
        }
    }
    best
}

fn capitalized_words(doc: &AnnotatedDoc, r: std::ops::Range<usize>) -> bool {
    r.clone().all(|k| {
        let w = doc.slice(doc.tokens[k].span);
        words::is_capitalized(w)
            || matches!(w, "of" | "the" | "al" | "el" | "de" | "-" | "'s" | "and")
            || w.chars().next().is_some_and(|c| !c.is_alphabetic())
    }) && words::is_capitalized(doc.slice(doc.tokens[r.start].span))
}

/// Token range of the dateline place ("KABUL, Sept 30 (Xinhua) --"), if any.
fn dateline(doc: &AnnotatedDoc, g: &Gazetteer) -> Option<(usize, usize, Vec<u32>)> {
    let r = words::sentence_range(doc, 0);
    let lo = r.start;
    let hi = r.end.min(lo + 6);
    let mut end = lo;
    while end < hi {
        let w = doc.slice(doc.tokens[end].span);
        if matches!(w, "," | "(" | "-" | "--" | "—" | "–") {
            break;
        }
        end += 1;
    }
    if end == lo || end >= hi {
        return None;
    }
    let words_: Vec<&str> = (lo..end).map(|k| doc.slice(doc.tokens[k].span)).collect();
    let all_caps = words_.iter().all(|w| {
        w.chars()
            .filter(|c| c.is_alphabetic())
            .all(|c| c.is_uppercase())
    });
    let next = doc.slice(doc.tokens[end].span);
    let after = (end + 1 < r.end).then(|| doc.slice(doc.tokens[end + 1].span));
    let datey = after.is_some_and(|a| {
        crate::dates::scan(a, 0).len() == 1 || a.starts_with(|c: char| c.is_uppercase())
    });
    if !(all_caps || (next == "," && datey) || next == "(") {
        return None;
    }
    let name = words_.join(" ");
    let ids = g.lookup(&name);
    (!ids.is_empty()).then(|| (lo, end, ids.to_vec()))
}

fn country_of_code(g: &Gazetteer, code: &str) -> Option<String> {
    let c = code.get(..3)?;
    g.country(c).map(|p| p.country.clone())
}

/// Finds the places of a document, disambiguated by its context.
pub fn find_places(doc: &AnnotatedDoc, g: &Gazetteer) -> Vec<PlaceHit> {
    let lower = words::lower_tokens(doc);
    let n = doc.tokens.len();
    let dl = dateline(doc, g);
    let triggers: Vec<usize> = doc
        .events
        .iter()
        .filter_map(|e| words::token_at(doc, e.trigger.start()))
        .collect();
    // Pass 1: candidates.
    let mut cands: Vec<(usize, usize, Vec<u32>)> = Vec::new();
    let mut votes: HashMap<String, f64> = HashMap::new();
    for s in 0..doc.sentences.len() {
        let r = words::sentence_range(doc, s);
        let mut i = r.start;
        while i < r.end {
            if let Some((a, b, ids)) = dl.as_ref().filter(|d| d.0 == i) {
                cands.push((*a, *b, ids.clone()));
                i = *b;
                continue;
            }
            let w = doc.slice(doc.tokens[i].span);
            if !words::is_capitalized(w) {
                i += 1;
                continue;
            }
            if let Some(c) = g.demonym(w) {
                *votes.entry(c.to_string()).or_default() += 1.0;
            }
            let Some((len, ids)) = lookup_at(g, doc, i, r.end) else {
                i += 1;
                continue;
            };
            let range = i..i + len;
            let first = lower[i].as_str();
            if !capitalized_words(doc, range.clone()) || (len == 1 && NOT_PLACES.contains(&first)) {
                i += 1;
                continue;
            }
            // Skip fillers back to the preposition.
            let mut p = i;
            while p > r.start
                && PLACE_FILLERS.contains(&lower[p - 1].as_str())
                && lower[p - 1] != "of"
            {
                p -= 1;
            }
            let verb_at = |k: usize| triggers.contains(&k) || words::is_verb_tag(doc, k);
            let locative = (p > r.start
                && (LOCATIVE.contains(&lower[p - 1].as_str()) || verb_at(p - 1)))
                || (i > r.start && (lower[i - 1] == "of" || verb_at(i - 1)));
            let keep: Vec<u32> = ids
                .iter()
                .copied()
                .filter(|&id| {
                    let pl = g.place(id);
                    match pl.kind {
                        PlaceKind::Country | PlaceKind::Region => true,
                        PlaceKind::City => locative || pl.population >= 1_000_000,
                    }
                })
                .collect();
            if keep.is_empty() {
                i += 1;
                continue;
            }
            let countries: Vec<&str> = keep
                .iter()
                .map(|&id| g.place(id).country.as_str())
                .collect();
            if countries.iter().all(|c| *c == countries[0]) {
                *votes.entry(countries[0].to_string()).or_default() += 1.0;
            }
            cands.push((i, i + len, keep));
            i += len;
        }
    }
    for m in &doc.mentions {
        if let Some(c) = m.code.as_deref().and_then(|c| country_of_code(g, c)) {
            *votes.entry(c).or_default() += 1.0;
        }
    }
    // Pass 2: choose.
    let mut out = Vec::new();
    for (a, b, ids) in cands {
        let best = ids.iter().copied().max_by(|&x, &y| {
            let score = |id: u32| {
                let p = g.place(id);
                let prior = match p.kind {
                    PlaceKind::Country => 7.5,
                    PlaceKind::Region => 6.0,
                    PlaceKind::City => (p.population as f64 + 10.0).log10(),
                };
                votes.get(&p.country).copied().unwrap_or(0.0) * 3.0 + prior
            };
            score(x).total_cmp(&score(y))
        });
        if let Some(id) = best {
            if b <= n {
                out.push(PlaceHit {
                    span: words::tokens_span(doc, a..b),
                    tokens: a..b,
                    place: g.place(id).clone(),
                });
            }
        }
    }
    out
}

fn location(p: &Place, span: Option<ByteSpan>) -> Location {
    location_named(p, p.name.clone(), span)
}

fn location_named(p: &Place, name: String, span: Option<ByteSpan>) -> Location {
    Location {
        name,
        span,
        country: Some(p.country.clone()),
        lat: p.lat,
        lon: p.lon,
    }
}

/// Stage `geo.gazetteer.v1`.
#[derive(Debug, Default)]
pub struct GeoStage;

impl GeoStage {
    pub fn new() -> GeoStage {
        GeoStage
    }
}

impl Stage for GeoStage {
    fn name(&self) -> &'static str {
        "geo.gazetteer.v1"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Sentences, Layer::Tokens, Layer::Events]
    }

    fn provides(&self) -> &'static [Layer] {
        &[Layer::Locations]
    }

    fn run(&self, doc: &mut AnnotatedDoc) {
        let g = Gazetteer::builtin();
        if g.is_empty() {
            doc.diagnose(
                text_model::Severity::Warning,
                "geo.gazetteer.v1",
                "the built-in gazetteer is empty; no places are found",
                None,
            );
        }
        let places = find_places(doc, g);
        let lower = words::lower_tokens(doc);
        let dl = dateline(doc, g)
            .and_then(|(a, _, _)| places.iter().find(|p| p.tokens.start == a).cloned());
        let trig_toks: Vec<usize> = doc
            .events
            .iter()
            .filter_map(|e| words::token_at(doc, e.trigger.start()))
            .collect();
        let mut locs = Vec::with_capacity(doc.events.len());
        for ev in &doc.events {
            let t = words::token_at(doc, ev.trigger.start()).unwrap_or(0);
            let r = words::sentence_range(doc, ev.sentence as usize);
            // a. A place as the trigger's object ("entered the Iraqi capital"),
            // or in a locative phrase after the trigger, before the next one.
            // A country as the object of a threat or an attack is its target.
            let hostile = ev
                .cameo
                .get(..2)
                .is_some_and(|root| ("13".."21").contains(&root));
            let mut loc = place_after(doc, g, &lower, &places, t, r.end).filter(|l| {
                !(hostile
                    && l.country.is_some()
                    && places
                        .iter()
                        .any(|p| Some(p.span) == l.span && p.place.kind == PlaceKind::Country))
            });
            let motion = is_motion(&lower[t]);
            // A reporting verb's place is right after it ("said in Baghdad",
            // "told reporters in Kabul"), never inside what it reports.
            let speech = crate::attribution::is_speech_word(&lower[t]);
            let reach = if speech { t + 5 } else { r.end };
            let mut k = t + 1;
            while k < r.end.min(reach) && loc.is_none() {
                let w = lower[k].as_str();
                if trig_toks.contains(&k)
                    || scan_break(w)
                    || (speech
                        && (words::PRONOUNS.contains(&w)
                            || words::is_capitalized(doc.slice(doc.tokens[k].span))))
                {
                    break;
                }
                if EVENT_LOCATIVE.contains(&w)
                    || (motion && matches!(w, "to" | "into"))
                    || (w == "from"
                        && (k == t + 1
                            || k == t + 2
                                && matches!(lower[t + 1].as_str(), "back" | "out" | "away")))
                {
                    loc = place_after(doc, g, &lower, &places, k, r.end);
                }
                k += 1;
            }
            // Before the trigger, in its own clause.
            if loc.is_none() {
                let mut k = t;
                while k > r.start && loc.is_none() {
                    k -= 1;
                    let w = lower[k].as_str();
                    if trig_toks.contains(&k) || scan_break(w) {
                        break;
                    }
                    if EVENT_LOCATIVE.contains(&w) {
                        loc = place_after(doc, g, &lower, &places, k, t);
                    }
                }
            }
            // A sentence-opening "In X," covers the whole sentence.
            if loc.is_none() && r.end > r.start && EVENT_LOCATIVE.contains(&lower[r.start].as_str())
            {
                loc = place_after(doc, g, &lower, &places, r.start, r.end);
            }
            // b. The dateline.
            if loc.is_none() {
                loc = dl.as_ref().map(|p| location(&p.place, Some(p.span)));
            }
            // c. The country of the actors.
            if loc.is_none() {
                for code in [
                    ev.source.code.as_deref(),
                    ev.target.as_ref().and_then(|t| t.code.as_deref()),
                ]
                .into_iter()
                .flatten()
                {
                    if let Some(p) = code.get(..3).and_then(|c| g.country(c)) {
                        loc = Some(location(p, None));
                        break;
                    }
                }
            }
            // d. The country of the places the sentence names, when they
            // share one ("said a villager from Borno"): the country only,
            // since nothing ties the event to the place itself. Not for a
            // reporting verb, whose sentence names the places it reports,
            // nor a country an attack names (its target, as in a.).
            if loc.is_none() && !speech {
                let mut in_sentence = places
                    .iter()
                    .filter(|p| p.tokens.start >= r.start && p.tokens.end <= r.end)
                    .filter(|p| !(hostile && p.place.kind == PlaceKind::Country))
                    .map(|p| p.place.country.as_str());
                if let Some(first) = in_sentence.next() {
                    if in_sentence.all(|c| c == first) {
                        loc = g.country(first).map(|p| location(p, None));
                    }
                }
            }
            locs.push(loc);
        }
        for (ev, l) in doc.events.iter_mut().zip(locs) {
            ev.location = l;
        }
        for p in places {
            doc.mentions.push(Mention {
                span: p.span,
                tokens: p.tokens.start as u32..p.tokens.end as u32,
                kind: MentionKind::Place,
                code: Some(p.place.country.clone()),
                entry: Some(p.place.name.clone()),
                antecedent: None,
            });
        }
        doc.mentions.sort_by_key(|m| m.span);
        doc.mark_layer(Layer::Locations);
    }
}

/// Verbs of motion, whose destination ("sent troops to Juba") places them.
fn is_motion(w: &str) -> bool {
    const STEMS: &[&str] = &[
        "send", "sent", "deploy", "travel", "visit", "fly", "flew", "return", "fled", "flee",
        "move", "march", "head", "arriv", "deport", "transfer", "dispatch", "evacuat", "went",
        "go", "came", "come", "smuggl", "extradit", "airlift", "expel", "withdr", "retreat",
    ];
    STEMS.iter().any(|s| w.starts_with(s))
}

/// Whether a word after a place name shows the name is a modifier ("U.S.
/// troops", "Iraqi army"), not a place.
fn modifies(next: &str) -> bool {
    const NOUNS: &[&str] = &[
        "army",
        "military",
        "government",
        "embassy",
        "consulate",
        "custody",
        "border",
        "police",
        "navy",
        "president",
        "side",
        "ministry",
        "drone",
        "envoy",
        "delegation",
        "company",
        "firm",
        "national",
        "official",
        "soldier",
        "citizen",
        "leader",
        "regime",
        "administration",
        "authority",
        "parliament",
        "cabinet",
        "counterpart",
        "militia",
        "backed",
        "based",
        "led",
        "born",
        "made",
        "owned",
        "run",
        "territory",
        "airspace",
        "waters",
        "soil",
    ];
    const NOT_NOUNS: &[&str] = &[
        "this",
        "was",
        "has",
        "is",
        "as",
        "his",
        "its",
        "days",
        "weeks",
        "months",
        "years",
        "across",
        "towards",
        "afterwards",
        "always",
        "perhaps",
        "hours",
        "minutes",
        "decades",
        "says",
        "does",
        "thus",
        "whereas",
        "besides",
        "unless",
    ];
    let w = next.trim_start_matches('-');
    w.chars()
        .next()
        .is_some_and(|c| c.is_lowercase() && c.is_alphabetic())
        && (NOUNS.contains(&w) || (w.len() > 3 && w.ends_with('s') && !NOT_NOUNS.contains(&w)))
}

/// The place named after the preposition at `k` (skipping "the northern
/// city of"), or the capital in "the Iraqi capital".
fn place_after(
    doc: &AnnotatedDoc,
    g: &Gazetteer,
    lower: &[String],
    places: &[PlaceHit],
    k: usize,
    hi: usize,
) -> Option<Location> {
    let weak = matches!(lower[k].as_str(), "at" | "on" | "of");
    let mut j = k + 1;
    while j < hi && j < k + 7 {
        if let Some(p) = places.iter().find(|p| p.tokens.start == j) {
            // "at", "on" and "of" name targets and owners with countries
            // ("fired at Israel", "the government of Syria"): cities only.
            if weak && p.place.kind == PlaceKind::Country {
                return None;
            }
            // "fought U.S. troops": the name modifies a noun, it is no place.
            if lower.get(p.tokens.end).is_some_and(|n| modifies(n)) {
                return None;
            }
            return Some(location_named(
                &p.place,
                doc.slice(p.span).to_string(),
                Some(p.span),
            ));
        }
        let w0 = lower[j].as_str();
        if matches!(w0, "city" | "town" | "capital")
            && j > k + 1
            && lower[j - 1] == "the"
            && lower.get(j + 1).is_none_or(|n| n != "of")
        {
            // "the city": the latest city named before.
            if let Some(p) = places
                .iter()
                .filter(|p| p.tokens.end <= k && p.place.kind == PlaceKind::City)
                .max_by_key(|p| p.tokens.start)
            {
                return Some(location_named(
                    &p.place,
                    doc.slice(p.span).to_string(),
                    Some(p.span),
                ));
            }
        }
        let w = lower[j].as_str();
        if let Some(c) = g.demonym(doc.slice(doc.tokens[j].span)) {
            if lower.get(j + 1).is_some_and(|n| n == "capital") {
                if let Some(cap) = g.capital(c) {
                    return Some(location(cap, Some(words::tokens_span(doc, j..j + 2))));
                }
            }
            j += 1;
            continue;
        }
        if !PLACE_FILLERS.contains(&w) && w != "'s" {
            return None;
        }
        j += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit;

    /// (text, trigger, expected location name, expected country)
    const CASES: &[(&str, &str, &str, &str)] = &[
        (
            "Gunmen attacked a checkpoint in Baghdad on Monday.",
            "attacked",
            "Baghdad",
            "IRQ",
        ),
        (
            "Gunmen attacked a checkpoint near Kabul.",
            "attacked",
            "Kabul",
            "AFG",
        ),
        (
            "Rebels shelled villages in the northern city of Mosul.",
            "shelled",
            "Mosul",
            "IRQ",
        ),
        (
            "Troops entered the Iraqi capital.",
            "entered",
            "Baghdad",
            "IRQ",
        ),
        (
            "KABUL, Sept. 30 (Xinhua) -- Police arrested five men.",
            "arrested",
            "Kabul",
            "AFG",
        ),
        (
            "Lebanese troops clashed with gunmen in Tripoli.",
            "clashed",
            "Tripoli",
            "LBN",
        ),
        ("Militias fought in Tripoli.", "fought", "Tripoli", "LBY"),
        (
            "Protesters marched in Georgia.",
            "marched",
            "Georgia",
            "GEO",
        ),
        (
            "Police in Atlanta said protesters marched in Georgia.",
            "marched",
            "Georgia",
            "USA",
        ),
        ("In Kiev, the minister met the envoy.", "met", "Kiev", "UKR"),
        ("Rebels withdrew from Ramadi.", "withdrew", "Ramadi", "IRQ"),
        ("Hamas fired rockets at Israel.", "fired", "", ""),
        // d. The country of the places in the sentence, not the place.
        (
            "\"Gunmen burned our houses,\" a villager from Borno told reporters.",
            "burned",
            "Nigeria",
            "NGA",
        ),
        ("Rebels fought U.S. troops.", "fought", "", ""),
        (
            "Between 1992 and 1995, Serb forces besieged Sarajevo.",
            "besieged",
            "Sarajevo",
            "BIH",
        ),
        (
            "Rebels fought in Baqubah. Later they left the city.",
            "left",
            "Baqubah",
            "IRQ",
        ),
    ];

    #[test]
    fn locations_table() {
        for (text, trig, name, country) in CASES {
            let mut d = testkit::doc(text, None, None);
            testkit::add_event(&mut d, trig, 0, "190", None, None).unwrap();
            GeoStage::new().run(&mut d);
            let l = d.events[0].location.clone();
            let got = l
                .map(|l| (l.name, l.country.unwrap_or_default()))
                .unwrap_or_default();
            assert_eq!(
                (got.0.as_str(), got.1.as_str()),
                (*name, *country),
                "{text}"
            );
        }
    }

    #[test]
    fn falls_back_to_the_actor_country() {
        let mut d = testkit::doc("The government arrested protesters.", None, None);
        let src = testkit::actor(&d, "The government", Some("IRQGOV"));
        testkit::add_event(&mut d, "arrested", 0, "173", src, None).unwrap();
        GeoStage::new().run(&mut d);
        let l = d.events[0].location.clone().unwrap();
        assert_eq!(
            (l.name.as_str(), l.country.as_deref()),
            ("Iraq", Some("IRQ"))
        );
    }
}
