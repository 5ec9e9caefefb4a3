//! Matching one dictionary pattern against the arguments of one verb.

use verb_patterns::{Elem, Format, NounSpec, Pattern, Role, Term, VerbDictionary};

use crate::tree::{base, Sent};

/// The tokens a pattern may use around verb `v`.
pub(crate) struct Domain {
    /// Object side ("after the verb" in PETRARCH's terms): objects, obliques,
    /// complements; for a passive verb also the surface subject.
    pub post: Vec<usize>,
    /// The object side without the verb's prepositional phrases: where a
    /// pattern's nouns are sought. PETRARCH matches a pattern noun among
    /// the verb phrase's NP children, and a phrase "at the round of talks"
    /// only through a preposition element (`(AT)`).
    pub post_nouns: Vec<usize>,
    /// Subject side.
    pub pre: Vec<usize>,
}

impl Domain {
    pub fn new(s: &Sent, v: usize, passive: bool, subject: Option<usize>) -> Domain {
        let mut post = Vec::new();
        let mut post_nouns = Vec::new();
        let mut pre = Vec::new();
        for &c in &s.children[v] {
            let rel = base(s.deprel(c));
            if matches!(rel, "punct" | "cc") || crate::tree::is_clausal(s.deprel(c)) {
                continue;
            }
            if rel == "conj" && matches!(s.upos(c), "VERB" | "AUX") {
                continue;
            }
            if matches!(rel, "nsubj" | "csubj" | "expl") {
                if passive {
                    s.phrase(c, &mut post);
                    noun_phrase(s, c, &mut post_nouns);
                } else {
                    s.phrase(c, &mut pre);
                }
            } else if matches!(rel, "aux" | "advmod" | "mark") && c < v {
                pre.push(c);
            } else if matches!(rel, "obl" | "nmod") && s.case_of(c).is_some() {
                s.phrase(c, &mut post);
            } else {
                s.phrase(c, &mut post);
                noun_phrase(s, c, &mut post_nouns);
            }
        }
        if let Some(subj) = subject {
            // An inherited subject (xcomp, conj, relative clause) counts as
            // the subject side too.
            if !pre.contains(&subj) && !post.contains(&subj) {
                if passive {
                    post.push(subj);
                    post_nouns.push(subj);
                } else {
                    let mut p = Vec::new();
                    s.phrase(subj, &mut p);
                    pre.extend(p.into_iter().filter(|&t| t != v));
                }
            }
        }
        post.sort_unstable();
        post.dedup();
        post_nouns.sort_unstable();
        post_nouns.dedup();
        pre.sort_unstable();
        pre.dedup();
        Domain {
            post,
            post_nouns,
            pre,
        }
    }
}

/// The words of phrase `c` a pattern noun may match: its head, its
/// modifiers and nominal dependents, but not the words of a prepositional
/// phrase inside it ("attacks during its campaign" is no CAMPAIGN): as in
/// PETRARCH, a noun is the head of an NP (or a word of it), and a noun in
/// a PP matches a preposition element. A possessive is no PP.
fn noun_phrase(s: &Sent, c: usize, out: &mut Vec<usize>) {
    let from = out.len();
    out.push(c);
    let mut k = from;
    while k < out.len() {
        let t = out[k];
        for &d in &s.children[t] {
            let rel = s.deprel(d);
            let pp = matches!(base(rel), "nmod" | "obl")
                && rel != "nmod:poss"
                && s.children[d]
                    .iter()
                    .any(|&x| base(s.deprel(x)) == "case" && s.upos(x) == "ADP");
            if !pp && !crate::tree::is_clausal(rel) && rel != "punct" {
                out.push(d);
            }
        }
        k += 1;
    }
}

/// The result of a successful match.
#[derive(Debug, Default, Clone)]
pub(crate) struct Match {
    pub weight: usize,
    /// Token where the pattern says the source (`$`) is.
    pub source_at: Option<usize>,
    /// Token where the pattern says the target (`+`) is.
    pub target_at: Option<usize>,
    /// Tokens the pattern consumed (they are not actors).
    pub used: Vec<usize>,
    /// A TABARI `%` compound actor was matched (on the side it names).
    pub compound: bool,
}

pub(crate) fn term_matches(d: &VerbDictionary, s: &Sent, term: &Term, i: usize) -> bool {
    match term {
        Term::Any => true,
        Term::Word(w) => s.lemma[i] == *w || s.form[i] == *w,
        Term::Synset(id) => {
            let heads = if s.lemma[i] == s.form[i] {
                [Some(s.lemma[i].as_str()), None]
            } else {
                [Some(s.lemma[i].as_str()), Some(s.form[i].as_str())]
            };
            heads.into_iter().flatten().any(|h| {
                d.synset_members_with_head(h).any(|(sid, m)| {
                    // Earlier words of a member phrase stand right before the head.
                    sid == *id
                        && m[..m.len() - 1].iter().rev().enumerate().all(|(k, w)| {
                            i > k && (s.lemma[i - k - 1] == *w || s.form[i - k - 1] == *w)
                        })
                })
            })
        }
    }
}

fn span_of(s: &Sent, h: usize) -> (usize, usize) {
    s.spans[h]
}

/// False when a literal word of the pattern occurs nowhere in the sentence:
/// most patterns of a block are ruled out without matching.
fn words_present(s: &Sent, p: &Pattern) -> bool {
    let lit = |t: &Term| match t {
        Term::Word(w) => s.has_word(w),
        _ => true,
    };
    let noun = |n: &NounSpec| lit(&n.head) && n.modifiers.iter().all(lit);
    p.pre.iter().chain(&p.post).all(|e| match e {
        Elem::Noun(n) => noun(n),
        Elem::Prep { prep, objects, .. } => lit(prep) && objects.iter().all(noun),
        Elem::Linear { term, .. } => lit(term),
        Elem::Actor(_) | Elem::Skip => true,
    })
}

fn noun_at(d: &VerbDictionary, s: &Sent, n: &NounSpec, h: usize, used: &mut Vec<usize>) -> bool {
    if !term_matches(d, s, &n.head, h) {
        return false;
    }
    if n.modifiers.is_empty() {
        used.push(h);
        return true;
    }
    let (lo, hi) = span_of(s, h);
    let mut mine = vec![h];
    for m in &n.modifiers {
        match (lo..=hi).find(|&t| t != h && !mine.contains(&t) && term_matches(d, s, m, t)) {
            Some(t) => mine.push(t),
            None => return false,
        }
    }
    used.extend(mine);
    true
}

fn match_noun(
    d: &VerbDictionary,
    s: &Sent,
    n: &NounSpec,
    cands: &[usize],
    used: &mut Vec<usize>,
) -> Option<usize> {
    if n.head == Term::Any {
        return cands.first().copied().or(Some(usize::MAX));
    }
    // A loop, not `find`: the test both reads and extends `used`.
    #[allow(clippy::manual_find)]
    for &h in cands {
        if !used.contains(&h) && noun_at(d, s, n, h, used) {
            return Some(h);
        }
    }
    None
}

fn match_prep(
    d: &VerbDictionary,
    s: &Sent,
    prep: &Term,
    objects: &[NounSpec],
    cands: &[usize],
    used: &mut Vec<usize>,
) -> Option<usize> {
    for &o in cands {
        let Some(case) = s.children[o]
            .iter()
            .copied()
            .find(|&c| matches!(base(s.deprel(c)), "case" | "mark") && term_matches(d, s, prep, c))
        else {
            continue;
        };
        let mut mine = vec![case];
        let ok = match objects.split_first() {
            None => true,
            Some((first, rest)) => {
                noun_at(d, s, first, o, &mut mine) && {
                    let (lo, hi) = span_of(s, o);
                    let span: Vec<usize> = (lo..=hi).collect();
                    rest.iter()
                        .all(|n| match_noun(d, s, n, &span, &mut mine).is_some())
                }
            }
        };
        if ok {
            used.extend(mine);
            return Some(o);
        }
    }
    None
}

/// Matches a CAMEO.2.0 pattern; slots are searched in the verb's dependents.
fn match_cameo2(d: &VerbDictionary, s: &Sent, p: &Pattern, dom: &Domain) -> Option<Match> {
    let mut m = Match {
        weight: p.weight(),
        ..Match::default()
    };
    for (side, cands, nouns) in [
        (&p.pre, &dom.pre, &dom.pre),
        (&p.post, &dom.post, &dom.post_nouns),
    ] {
        let mut last: Option<usize> = None;
        for e in side.iter() {
            match e {
                Elem::Noun(n) => {
                    let at = match_noun(d, s, n, nouns, &mut m.used)?;
                    last = Some(at);
                    if let (Some(r), true) = (n.role, at != usize::MAX) {
                        assign(&mut m, r, at);
                    }
                }
                Elem::Prep {
                    prep,
                    objects,
                    role,
                } => {
                    let at = match_prep(d, s, prep, objects, cands, &mut m.used)?;
                    last = Some(at);
                    if let Some(r) = role {
                        assign(&mut m, *r, at);
                    }
                }
                Elem::Actor(r) => {
                    // A bare marker after a slot names that slot's actor.
                    if let Some(at) = last.filter(|&a| a != usize::MAX) {
                        assign(&mut m, *r, at);
                    } else if *r == Role::Compound {
                        // `- % * [120]`: the compound is the verb's own
                        // argument on that side; the coder pairs it up.
                        m.compound = true;
                    }
                }
                Elem::Skip => {}
                Elem::Linear { term, .. } => {
                    let n = NounSpec {
                        head: term.clone(),
                        modifiers: Vec::new(),
                        role: None,
                    };
                    last = Some(match_noun(d, s, &n, cands, &mut m.used)?);
                }
            }
        }
    }
    Some(m)
}

fn assign(m: &mut Match, r: Role, at: usize) {
    match r {
        Role::Source => m.source_at = Some(at),
        Role::Target => m.target_at = Some(at),
        Role::Compound => {
            m.source_at = Some(at);
            m.target_at = Some(at);
        }
    }
}

/// A TABARI marker: `$` and `+` as written; a `%` compound takes the role
/// of the side of the verb it stands on, and the coder pairs it with the
/// other side or with itself.
fn assign_side(m: &mut Match, r: Role, at: usize, side: Role) {
    match r {
        Role::Compound => {
            m.compound = true;
            assign(m, side, at);
        }
        r => assign(m, r, at),
    }
}

/// A word of a base noun phrase (no prepositional phrase or clause): what
/// TABARI's `^` skips over.
fn is_nominal(s: &Sent, t: usize) -> bool {
    matches!(s.upos(t), "NOUN" | "PROPN" | "ADJ" | "DET" | "NUM" | "PRON")
        || (s.upos(t) == "PART" && s.form[t] == "'S")
}

/// Matches a TABARI linear pattern on surface order around the verb.
fn match_tabari(d: &VerbDictionary, s: &Sent, p: &Pattern, v: usize, vend: usize) -> Option<Match> {
    let mut m = Match {
        weight: p.weight(),
        ..Match::default()
    };
    // Post side, left to right from the end of the verb (particles included).
    let mut cur = vend + 1;
    for e in &p.post {
        match e {
            Elem::Linear { term, glued } => {
                let at = if *glued {
                    (cur < s.len() && term_matches(d, s, term, cur)).then_some(cur)?
                } else {
                    (cur..s.len()).find(|&t| term_matches(d, s, term, t))?
                };
                m.used.push(at);
                cur = at + 1;
            }
            Elem::Actor(r) => {
                let at = (cur..s.len()).find(|&t| s.mention_at[t].is_some())?;
                assign_side(&mut m, *r, at, Role::Target);
            }
            Elem::Skip => {
                let start = (cur..s.len()).find(|&t| is_nominal(s, t))?;
                cur = (start..s.len())
                    .find(|&t| !is_nominal(s, t))
                    .unwrap_or(s.len());
            }
            _ => {}
        }
    }
    // Pre side, from the verb leftwards.
    let mut cur = v as isize - 1;
    for e in &p.pre {
        match e {
            Elem::Linear { term, glued } => {
                let at = if *glued {
                    (cur >= 0 && term_matches(d, s, term, cur as usize)).then_some(cur as usize)?
                } else {
                    (0..=cur.max(-1))
                        .rev()
                        .map(|t| t as usize)
                        .find(|&t| term_matches(d, s, term, t))?
                };
                m.used.push(at);
                cur = at as isize - 1;
            }
            Elem::Actor(r) => {
                let at = (0..=cur.max(-1))
                    .rev()
                    .map(|t| t as usize)
                    .find(|&t| s.mention_at[t].is_some())?;
                assign_side(&mut m, *r, at, Role::Source);
            }
            Elem::Skip => {
                let end = (0..=cur.max(-1))
                    .rev()
                    .map(|t| t as usize)
                    .find(|&t| is_nominal(s, t))?;
                cur = (0..=end)
                    .rev()
                    .find(|&t| !is_nominal(s, t))
                    .map_or(-1, |t| t as isize);
            }
            _ => {}
        }
    }
    Some(m)
}

/// The best pattern of `patterns` for verb `v`: the heaviest that matches;
/// among equals, the first in the file.
pub(crate) fn best_match<'p>(
    d: &VerbDictionary,
    s: &Sent,
    patterns: impl Iterator<Item = &'p Pattern>,
    v: usize,
    vend: usize,
    dom: &Domain,
) -> Option<(&'p Pattern, Match)> {
    let mut best: Option<(&Pattern, Match)> = None;
    for p in patterns {
        if best.as_ref().is_some_and(|(_, b)| b.weight >= p.weight()) || !words_present(s, p) {
            continue;
        }
        let m = match d.format {
            Format::Cameo2 => match_cameo2(d, s, p, dom),
            Format::Tabari => match_tabari(d, s, p, v, vend),
        };
        if let Some(m) = m {
            best = Some((p, m));
        }
    }
    best
}
