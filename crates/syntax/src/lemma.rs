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
    /// Drop the commas that group digits ("1,100" -> "1100") before the edit.
    ungroup: bool,
    strip: u8,
    append: String,
}

/// Whether the comma at byte `i` of `s` stands between two ASCII digits.
fn grouping_comma(s: &str, i: usize) -> bool {
    let b = s.as_bytes();
    b[i] == b','
        && i > 0
        && b[i - 1].is_ascii_digit()
        && b.get(i + 1).is_some_and(|c| c.is_ascii_digit())
}

/// `s` without its digit-grouping commas.
fn ungrouped(s: &str) -> String {
    s.char_indices()
        .filter(|(i, _)| !grouping_comma(s, *i))
        .map(|(_, c)| c)
        .collect()
}

impl Rule {
    fn learn(form: &str, lemma: &str) -> Rule {
        if form.contains(',') && form != lemma && ungrouped(form) == lemma {
            return Rule {
                lower: false,
                ungroup: true,
                strip: 0,
                append: String::new(),
            };
        }
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
                ungroup: false,
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
        if self.ungroup {
            out.extend(
                form.char_indices()
                    .filter(|(i, _)| !grouping_comma(form, *i))
                    .map(|(_, c)| c),
            );
        } else if self.lower {
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
            if self.ungroup {
                'G'
            } else if self.lower {
                'L'
            } else {
                'K'
            },
            self.strip,
            self.append
        )
    }

    fn decode(s: &str) -> Option<Rule> {
        let (head, append) = s.split_once('|')?;
        let mut chars = head.chars();
        let (lower, ungroup) = match chars.next()? {
            'L' => (true, false),
            'K' => (false, false),
            'G' => (false, true),
            _ => return None,
        };
        Some(Rule {
            lower,
            ungroup,
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
    /// hash(lowercase form, tag) -> index into `lemmas`: the treebank's lemma
    /// for a form written all in lowercase ("india" -> "India").
    lower_lemma: FeatMap,
    lemmas: Vec<String>,
    /// hash(suffix, tag) -> index into `cands`
    suffix: FeatMap,
    cands: Vec<u32>,
    /// Lemmas seen in training: hash(lowercase lemma, word class) (format 1: hash(lemma)).
    known: FeatMap,
    /// Format 1 tables (lowercase forms map to rules; known lemmas ignore the class).
    legacy: bool,
    /// Word class (UPOS) of each tag id; set by the model, not serialized.
    pub(crate) class: Vec<u16>,
    /// The open word classes (NOUN, PROPN, VERB, ADJ, ADV); set with `class`.
    pub(crate) open: Vec<u16>,
}

fn key(s: &str, tag: u16) -> u64 {
    mix(hash_str(s), tag as u64 + 1)
}

/// The word class of each joint `UPOS\tXPOS` tag: the index of its UPOS.
pub(crate) fn tag_classes(tags: &[String]) -> Vec<u16> {
    let mut upos: Vec<&str> = tags
        .iter()
        .map(|t| t.split('\t').next().unwrap_or(""))
        .collect();
    upos.sort_unstable();
    upos.dedup();
    tags.iter()
        .map(|t| {
            let u = t.split('\t').next().unwrap_or("");
            upos.binary_search(&u).unwrap_or(0) as u16
        })
        .collect()
}

/// The class ids (as [`tag_classes`] numbers them) of the open word classes.
pub(crate) fn open_classes(tags: &[String]) -> Vec<u16> {
    let classes = tag_classes(tags);
    let mut open: Vec<u16> = tags
        .iter()
        .zip(&classes)
        .filter(|(t, _)| {
            let u = t.split('\t').next().unwrap_or("");
            matches!(u, "NOUN" | "PROPN" | "VERB" | "ADJ" | "ADV")
        })
        .map(|(_, c)| *c)
        .collect();
    open.sort_unstable();
    open.dedup();
    open
}

#[derive(Default)]
pub(crate) struct LemmaScratch {
    lower: String,
    buf: String,
    low_out: String,
}

/// One training word: form, tag id, lemma, and whether it comes from the
/// primary treebank (whose conventions win where treebanks disagree).
pub(crate) struct LemmaItem<'a> {
    pub(crate) form: &'a str,
    pub(crate) tag: u16,
    pub(crate) lemma: &'a str,
    pub(crate) primary: bool,
}

/// Counts from the primary treebank outrank any number from the others.
const PRIMARY: u64 = 1 << 32;

fn best<K: Clone + Ord>(m: &HashMap<K, u64>) -> K {
    let mut v: Vec<(&K, &u64)> = m.iter().collect();
    v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    v[0].0.clone()
}

impl Lemmatizer {
    /// Learns edit rules, the exceptions tables and suffix classes.
    /// `classes` gives the word class of each tag id.
    pub(crate) fn train<'a>(
        items: impl Iterator<Item = LemmaItem<'a>>,
        classes: &[u16],
    ) -> Lemmatizer {
        let class_of = |t: u16| classes.get(t as usize).copied().unwrap_or(0);
        let mut rule_ids: HashMap<Rule, u32> = HashMap::new();
        let mut rules: Vec<Rule> = Vec::new();
        // (form, tag) -> rule -> weighted count
        let mut exact: HashMap<(String, u16), HashMap<u32, u64>> = HashMap::new();
        // (lowercase form, tag) -> lemma -> weighted count
        let mut lower: HashMap<(String, u16), HashMap<String, u64>> = HashMap::new();
        // (lowercase form, tag) -> rule -> count, for suffix statistics
        let mut lower_rules: HashMap<(String, u16), HashMap<u32, u64>> = HashMap::new();
        let mut lemmas: Vec<(String, u16)> = Vec::new();
        for it in items {
            let (form, tag, lemma) = (it.form, it.tag, it.lemma);
            if lemma.is_empty() || lemma == "_" && form != "_" {
                continue;
            }
            let w = if it.primary { PRIMARY } else { 1 };
            let rule = Rule::learn(form, lemma);
            let id = *rule_ids.entry(rule.clone()).or_insert_with(|| {
                rules.push(rule);
                rules.len() as u32 - 1
            });
            *exact
                .entry((form.to_string(), tag))
                .or_default()
                .entry(id)
                .or_default() += w;
            let low = form.to_lowercase();
            *lower
                .entry((low.clone(), tag))
                .or_default()
                .entry(lemma.to_string())
                .or_default() += w;
            *lower_rules
                .entry((low, tag))
                .or_default()
                .entry(id)
                .or_default() += w;
            lemmas.push((lemma.to_lowercase(), class_of(tag)));
        }
        let mut out = Lemmatizer {
            rules,
            exact: FeatMap::new(),
            lower: FeatMap::new(),
            lower_lemma: FeatMap::new(),
            lemmas: Vec::new(),
            suffix: FeatMap::new(),
            cands: Vec::new(),
            known: FeatMap::new(),
            legacy: false,
            class: classes.to_vec(),
            open: Vec::new(),
        };
        let total = |m: &HashMap<String, u64>| m.values().sum::<u64>();
        let mut keys: Vec<_> = exact.keys().cloned().collect();
        keys.sort();
        for k in keys {
            // An exact form seen only in other treebanks does not override
            // the primary treebank's evidence for its lowercase form.
            let ex = &exact[&k];
            let ex_primary = ex.values().sum::<u64>() >= PRIMARY;
            let low_primary = lower
                .get(&(k.0.to_lowercase(), k.1))
                .is_some_and(|m| total(m) >= PRIMARY);
            if ex_primary || !low_primary {
                out.exact.insert(key(&k.0, k.1), best(ex));
            }
        }
        let mut keys: Vec<_> = lower.keys().cloned().collect();
        keys.sort();
        for k in keys {
            out.lower_lemma
                .insert(key(&k.0, k.1), out.lemmas.len() as u32);
            out.lemmas.push(best(&lower[&k]));
        }
        // Suffix statistics over lowercase types.
        let mut suf: HashMap<(String, u16), HashMap<u32, u32>> = HashMap::new();
        let mut keys: Vec<_> = lower_rules.keys().cloned().collect();
        keys.sort();
        for k in keys {
            let r = best(&lower_rules[&k]);
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
            // A suffix seen with one word type only is no evidence for a rule;
            // digits are normalized away, so rules writing digits are not general.
            if !k.0.is_empty() {
                v.retain(|x| x.1 >= 2);
            }
            v.retain(|x| {
                !out.rules[x.0 as usize]
                    .append
                    .chars()
                    .any(|c| c.is_ascii_digit())
            });
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
        for (l, c) in lemmas {
            out.known.insert(mix(hash_str(&l), c as u64 + 1), 1);
        }
        out
    }

    /// 2 if `lemma` is a known lemma of the tag's word class, 1 if it is
    /// known in another open class (a noun lemma for a verb), else 0.
    fn known(&self, lemma: &str, tag: u16, s: &mut LemmaScratch) -> u8 {
        s.low_out.clear();
        s.low_out
            .extend(lemma.chars().flat_map(|c| c.to_lowercase()));
        let h = hash_str(&s.low_out);
        if self.legacy {
            return 2 * self.known.get(h).is_some() as u8;
        }
        let c = self.class.get(tag as usize).copied().unwrap_or(0);
        if self.known.get(mix(h, c as u64 + 1)).is_some() {
            return 2;
        }
        let open = self.open.contains(&c)
            && self
                .open
                .iter()
                .any(|o| self.known.get(mix(h, *o as u64 + 1)).is_some());
        open as u8
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
        let k = key(&s.lower, tag);
        if s.lower == form {
            if let Some(l) = self.lower_lemma.get(k) {
                out.clear();
                out.push_str(&self.lemmas[l as usize]);
                return;
            }
        }
        if let Some(r) = self.lower.get(k) {
            if self.rules[r as usize].apply(form, out) {
                return;
            }
        }
        normalize(form, &mut s.buf);
        let norm = std::mem::take(&mut s.buf);
        let n = norm.chars().count();
        // Failing a known lemma of the word class, the first candidate known
        // in another open class, else the first candidate.
        let mut fallback: Option<(u32, u8)> = None;
        for l in (0..=MAX_SUFFIX.min(n)).rev() {
            let Some(c) = self.suffix.get(key(suffix_of(&norm, l), tag)) else {
                continue;
            };
            for &r in &self.cands[c as usize..c as usize + 3] {
                if r == NO_RULE || !self.rules[r as usize].apply(form, out) {
                    continue;
                }
                let k = self.known(out, tag, s);
                if k == 2 {
                    s.buf = norm;
                    return;
                }
                if fallback.is_none_or(|(_, b)| k > b) {
                    fallback = Some((r, k));
                }
            }
            if fallback.is_some() {
                break;
            }
        }
        s.buf = norm;
        if let Some((r, _)) = fallback {
            if self.rules[r as usize].apply(form, out) {
                return;
            }
        }
        out.clear();
        out.push_str(form);
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        w.tag(b"LEM2");
        let rules: Vec<String> = self.rules.iter().map(Rule::encode).collect();
        w.strs(&rules);
        for m in [&self.exact, &self.lower, &self.suffix, &self.known] {
            w.len(m.len);
            w.u64s(&m.keys);
            w.u32s(&m.vals);
        }
        w.u32s(&self.cands);
        w.strs(&self.lemmas);
        w.len(self.lower_lemma.len);
        w.u64s(&self.lower_lemma.keys);
        w.u32s(&self.lower_lemma.vals);
    }

    pub(crate) fn read(r: &mut Reader) -> DResult<Lemmatizer> {
        let legacy = r.version < 2;
        r.tag(if legacy { b"LEMM" } else { b"LEM2" })?;
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
        let (lemmas, lower_lemma) = if legacy {
            (Vec::new(), FeatMap::new())
        } else {
            let lemmas = r.strs()?;
            let len = r.u64()? as usize;
            let keys = r.u64s()?;
            let vals = r.u32s()?;
            let m = FeatMap { keys, vals, len };
            if !m.is_valid() || m.iter().any(|(_, v)| v as usize >= lemmas.len()) {
                return bad("the lowercase lemma table is malformed");
            }
            (lemmas, m)
        };
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
            lower_lemma,
            lemmas,
            suffix,
            cands,
            known,
            legacy,
            class: Vec::new(),
            open: Vec::new(),
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
        let r = Rule::learn("12,500", "12500");
        assert!(r.apply("1,100,000", &mut out));
        assert_eq!(out, "1100000");
        assert_eq!(Rule::decode(&r.encode()), Some(r));
        let r = Rule::learn("mice", "mouse");
        assert!(r.apply("lice", &mut out));
        assert_eq!(out, "louse");
    }

    #[test]
    fn unseen_verb_prefers_a_stem_known_as_a_noun() {
        // tag 0: VERB VBG, tag 1: NOUN NN
        let data = [
            ("making", 0u16, "make"),
            ("taking", 0, "take"),
            ("waking", 0, "wake"),
            ("speaking", 0, "speak"),
            ("breaking", 0, "break"),
            ("cloak", 1, "cloak"),
        ];
        let mut lem = Lemmatizer::train(
            data.iter().map(|(a, b, c)| LemmaItem {
                form: a,
                tag: *b,
                lemma: c,
                primary: true,
            }),
            &[0, 1],
        );
        let mut s = LemmaScratch::default();
        let mut out = String::new();
        lem.lemma("cloaking", 0, &mut s, &mut out);
        assert_eq!(out, "cloake", "no open class known: the most frequent rule");
        lem.open = vec![0, 1];
        lem.lemma("cloaking", 0, &mut s, &mut out);
        assert_eq!(out, "cloak");
        lem.lemma("shaking", 0, &mut s, &mut out);
        assert_eq!(out, "shake");
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
        let lem = Lemmatizer::train(
            data.iter().map(|(a, b, c)| LemmaItem {
                form: a,
                tag: *b,
                lemma: c,
                primary: true,
            }),
            &[0, 0],
        );
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
