//! Lemmatizer: edit rules (case, strip a suffix, append a string) learned
//! from treebank lemmas, chosen by an exceptions table of seen (form, tag)
//! pairs and, for unseen words, by the statistics of their longest known
//! suffix under the same tag, preferring rules that yield a known lemma.

use std::collections::HashMap;

use crate::codec::{bad, DResult, Reader, Writer};
use crate::hash::{hash_str, mix, FeatMap};
use crate::words::{normalize, suffix_of};

const MAX_SUFFIX: usize = 7;
const NO_RULE: u32 = u32::MAX;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Rule {
    lower: bool,
    strip: u8,
    append: String,
}

impl Rule {
    fn learn(form: &str, lemma: &str) -> Rule {
        let make = |base: &str, lower: bool| {
            let common = base
                .chars()
                .zip(lemma.chars())
                .take_while(|(a, b)| a == b)
                .count();
            let strip = base.chars().count() - common;
            let append: String = lemma.chars().skip(common).collect();
            Rule {
                lower,
                strip: strip.min(255) as u8,
                append,
            }
        };
        let keep = make(form, false);
        let low = make(&form.to_lowercase(), true);
        let cost = |r: &Rule| r.strip as usize + r.append.chars().count();
        let lemma_lower = !lemma.chars().any(|c| c.is_uppercase());
        if cost(&low) < cost(&keep) || (cost(&low) == cost(&keep) && lemma_lower) {
            low
        } else {
            keep
        }
    }

    fn apply(&self, form: &str, out: &mut String) -> bool {
        out.clear();
        if self.lower {
            out.extend(form.chars().flat_map(|c| c.to_lowercase()));
        } else {
            out.push_str(form);
        }
        let n = out.chars().count();
        if self.strip as usize > n || (self.strip as usize == n && self.append.is_empty()) {
            return false;
        }
        let cut = out
            .char_indices()
            .nth(n - self.strip as usize)
            .map_or(out.len(), |(i, _)| i);
        out.truncate(cut);
        out.push_str(&self.append);
        true
    }

    fn encode(&self) -> String {
        format!(
            "{}{}|{}",
            if self.lower { 'L' } else { 'K' },
            self.strip,
            self.append
        )
    }

    fn decode(s: &str) -> Option<Rule> {
        let (head, append) = s.split_once('|')?;
        let mut chars = head.chars();
        let lower = match chars.next()? {
            'L' => true,
            'K' => false,
            _ => return None,
        };
        Some(Rule {
            lower,
            strip: chars.as_str().parse().ok()?,
            append: append.to_string(),
        })
    }
}

#[derive(Clone, Debug, Default)]
pub(crate) struct Lemmatizer {
    rules: Vec<Rule>,
    /// hash(exact form, tag) -> rule
    exact: FeatMap,
    /// hash(lowercase form, tag) -> rule
    lower: FeatMap,
    /// hash(suffix, tag) -> index into `cands`
    suffix: FeatMap,
    cands: Vec<u32>,
    /// hash(lemma) of lemmas seen in training.
    known: FeatMap,
}

fn key(s: &str, tag: u16) -> u64 {
    mix(hash_str(s), tag as u64 + 1)
}

#[derive(Default)]
pub(crate) struct LemmaScratch {
    lower: String,
    buf: String,
}

impl Lemmatizer {
    pub(crate) fn train<'a>(items: impl Iterator<Item = (&'a str, u16, &'a str)>) -> Lemmatizer {
        let mut rule_ids: HashMap<Rule, u32> = HashMap::new();
        let mut rules: Vec<Rule> = Vec::new();
        // (form, tag) -> rule -> count
        let mut exact: HashMap<(String, u16), HashMap<u32, u32>> = HashMap::new();
        let mut lower: HashMap<(String, u16), HashMap<u32, u32>> = HashMap::new();
        let mut lemmas: Vec<String> = Vec::new();
        for (form, tag, lemma) in items {
            if lemma.is_empty() || lemma == "_" && form != "_" {
                continue;
            }
            let rule = Rule::learn(form, lemma);
            let id = *rule_ids.entry(rule.clone()).or_insert_with(|| {
                rules.push(rule);
                rules.len() as u32 - 1
            });
            *exact
                .entry((form.to_string(), tag))
                .or_default()
                .entry(id)
                .or_default() += 1;
            *lower
                .entry((form.to_lowercase(), tag))
                .or_default()
                .entry(id)
                .or_default() += 1;
            lemmas.push(lemma.to_lowercase());
        }
        let best = |m: &HashMap<u32, u32>| {
            let mut v: Vec<(u32, u32)> = m.iter().map(|(a, b)| (*a, *b)).collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            v[0].0
        };
        let mut out = Lemmatizer {
            rules,
            exact: FeatMap::new(),
            lower: FeatMap::new(),
            suffix: FeatMap::new(),
            cands: Vec::new(),
            known: FeatMap::new(),
        };
        let mut keys: Vec<_> = exact.keys().cloned().collect();
        keys.sort();
        for k in keys {
            out.exact.insert(key(&k.0, k.1), best(&exact[&k]));
        }
        // Suffix statistics over lowercase types.
        let mut suf: HashMap<(String, u16), HashMap<u32, u32>> = HashMap::new();
        let mut keys: Vec<_> = lower.keys().cloned().collect();
        keys.sort();
        for k in keys {
            let r = best(&lower[&k]);
            out.lower.insert(key(&k.0, k.1), r);
            let mut norm = String::new();
            normalize(&k.0, &mut norm);
            let n = norm.chars().count();
            for l in 0..=MAX_SUFFIX.min(n) {
                let s = suffix_of(&norm, l).to_string();
                *suf.entry((s, k.1)).or_default().entry(r).or_default() += 1;
            }
        }
        let mut keys: Vec<_> = suf.keys().cloned().collect();
        keys.sort();
        for k in keys {
            let mut v: Vec<(u32, u32)> = suf[&k].iter().map(|(a, b)| (*a, *b)).collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            // A suffix seen with one word type only is no evidence for a rule.
            if !k.0.is_empty() {
                v.retain(|x| x.1 >= 2);
            }
            if v.is_empty() {
                continue;
            }
            let start = out.cands.len() as u32;
            for i in 0..3 {
                out.cands.push(v.get(i).map_or(NO_RULE, |x| x.0));
            }
            out.suffix.insert(key(&k.0, k.1), start);
        }
        lemmas.sort();
        lemmas.dedup();
        for l in lemmas {
            out.known.insert(hash_str(&l), 1);
        }
        out
    }

    /// Writes the lemma of `form` (tagged `tag`) into `out`.
    pub(crate) fn lemma(&self, form: &str, tag: u16, s: &mut LemmaScratch, out: &mut String) {
        if let Some(r) = self.exact.get(key(form, tag)) {
            if self.rules[r as usize].apply(form, out) {
                return;
            }
        }
        s.lower.clear();
        s.lower.extend(form.chars().flat_map(|c| c.to_lowercase()));
        if let Some(r) = self.lower.get(key(&s.lower, tag)) {
            if self.rules[r as usize].apply(form, out) {
                return;
            }
        }
        normalize(form, &mut s.buf);
        let norm = std::mem::take(&mut s.buf);
        let n = norm.chars().count();
        let mut fallback: Option<u32> = None;
        for l in (0..=MAX_SUFFIX.min(n)).rev() {
            let Some(c) = self.suffix.get(key(suffix_of(&norm, l), tag)) else {
                continue;
            };
            for &r in &self.cands[c as usize..c as usize + 3] {
                if r == NO_RULE || !self.rules[r as usize].apply(form, out) {
                    continue;
                }
                if self.known.get(hash_str(&out.to_lowercase())).is_some() {
                    s.buf = norm;
                    return;
                }
                fallback.get_or_insert(r);
            }
            if fallback.is_some() {
                break;
            }
        }
        s.buf = norm;
        if let Some(r) = fallback {
            if self.rules[r as usize].apply(form, out) {
                return;
            }
        }
        out.clear();
        out.push_str(form);
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        w.tag(b"LEMM");
        let rules: Vec<String> = self.rules.iter().map(Rule::encode).collect();
        w.strs(&rules);
        for m in [&self.exact, &self.lower, &self.suffix, &self.known] {
            w.len(m.len);
            w.u64s(&m.keys);
            w.u32s(&m.vals);
        }
        w.u32s(&self.cands);
    }

    pub(crate) fn read(r: &mut Reader) -> DResult<Lemmatizer> {
        r.tag(b"LEMM")?;
        let rules: Option<Vec<Rule>> = r.strs()?.iter().map(|s| Rule::decode(s)).collect();
        let Some(rules) = rules else {
            return bad("a lemma rule is malformed");
        };
        let mut maps = Vec::new();
        for _ in 0..4 {
            let len = r.u64()? as usize;
            let keys = r.u64s()?;
            let vals = r.u32s()?;
            let m = FeatMap { keys, vals, len };
            if !m.is_valid() {
                return bad("a lemma table is malformed");
            }
            maps.push(m);
        }
        let cands = r.u32s()?;
        let known = maps.pop().unwrap_or_default();
        let suffix = maps.pop().unwrap_or_default();
        let lower = maps.pop().unwrap_or_default();
        let exact = maps.pop().unwrap_or_default();
        let nr = rules.len();
        if exact
            .iter()
            .chain(lower.iter())
            .any(|(_, v)| v as usize >= nr)
            || suffix.iter().any(|(_, v)| v as usize + 3 > cands.len())
            || cands.iter().any(|c| *c != NO_RULE && *c as usize >= nr)
        {
            return bad("a lemma table points outside the rule list");
        }
        Ok(Lemmatizer {
            rules,
            exact,
            lower,
            suffix,
            cands,
            known,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_round_trip_and_apply() {
        let r = Rule::learn("Running", "run");
        let mut out = String::new();
        assert!(r.apply("Running", &mut out));
        assert_eq!(out, "run");
        assert_eq!(Rule::decode(&r.encode()), Some(r));
        let r = Rule::learn("mice", "mouse");
        assert!(r.apply("lice", &mut out));
        assert_eq!(out, "louse");
    }

    #[test]
    fn unseen_verb_uses_suffix_class() {
        let data = [
            ("trading", 1u16, "trade"),
            ("grading", 1, "grade"),
            ("reading", 1, "read"),
            ("making", 1, "make"),
            ("walking", 1, "walk"),
        ];
        let lem = Lemmatizer::train(data.iter().map(|(a, b, c)| (*a, *b, *c)));
        let mut s = LemmaScratch::default();
        let mut out = String::new();
        lem.lemma("upgrading", 1, &mut s, &mut out);
        assert_eq!(out, "upgrade");
        lem.lemma("reading", 1, &mut s, &mut out);
        assert_eq!(out, "read");
        lem.lemma("日本語", 1, &mut s, &mut out);
        assert_eq!(out, "日本語");
    }
}
