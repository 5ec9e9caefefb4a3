//! A view of one parsed sentence: children lists, upper-cased words, actor mentions.

use text_model::{AnnotatedDoc, MentionKind, Token};

/// Relations that open a new clause: pattern slots and arguments are not
/// searched across them.
pub(crate) fn is_clausal(deprel: &str) -> bool {
    matches!(
        base(deprel),
        "ccomp" | "advcl" | "parataxis" | "csubj" | "acl" | "list" | "discourse" | "vocative"
    ) || deprel == "acl:relcl"
}

/// UD v1 relation labels (as in UDPipe 1/2.0 English models) in v2 terms.
fn v2_label(rel: &str) -> &str {
    match rel {
        "dobj" => "obj",
        "nsubjpass" => "nsubj:pass",
        "csubjpass" => "csubj:pass",
        "auxpass" => "aux:pass",
        "neg" => "advmod",
        "name" => "flat",
        "mwe" => "fixed",
        "nmod:agent" => "obl:agent",
        other => other,
    }
}

/// `nsubj:pass` -> `nsubj`.
pub(crate) fn base(deprel: &str) -> &str {
    deprel.split(':').next().unwrap_or(deprel)
}

/// "the militia trained fighters" parsed as a noun phrase, "trained" a
/// participle modifying "fighters" and "the militia" the subject of the
/// noun: a noun has a subject only in a copular clause, so a noun with a
/// subject, no copula and a past-form verb between the two as its modifier
/// is that verb's object. The verb takes the noun's place in the tree, the
/// noun becomes its object and the subject its subject.
fn repair_verb_read_as_modifier(
    tokens: &[Token],
    heads: &mut [Option<usize>],
    rels: &mut [String],
) {
    for a in 0..tokens.len() {
        let Some(noun) = heads[a] else { continue };
        if rels[a] != "amod"
            || noun <= a
            || !matches!(tokens[a].xpos.as_str(), "VBD" | "VBN")
            || !matches!(tokens[noun].upos.as_str(), "NOUN" | "PROPN")
        {
            continue;
        }
        let kids: Vec<usize> = (0..tokens.len())
            .filter(|&c| heads[c] == Some(noun))
            .collect();
        if kids
            .iter()
            .any(|&c| matches!(base(&rels[c]), "cop" | "case"))
        {
            continue;
        }
        let Some(subj) = kids
            .iter()
            .copied()
            .find(|&c| base(&rels[c]) == "nsubj" && c < a)
        else {
            continue;
        };
        heads[a] = heads[noun];
        rels[a] = std::mem::take(&mut rels[noun]);
        heads[noun] = Some(a);
        rels[noun] = "obj".to_string();
        heads[subj] = Some(a);
    }
}

pub(crate) struct Sent<'a> {
    pub tokens: &'a [Token],
    pub children: Vec<Vec<usize>>,
    /// Relations, UD v1 labels mapped to UD v2 (`dobj` -> `obj`, `nsubjpass` -> `nsubj:pass`).
    pub rels: Vec<String>,
    pub heads: Vec<Option<usize>>,
    pub form: Vec<String>,
    pub lemma: Vec<String>,
    /// Actor mention covering each token (document mention index), longest first.
    pub mention_at: Vec<Option<usize>>,
    /// Codes for agent-only mentions (`---GOV`) completed by a country in
    /// their own phrase ("the mayor of ... Nablus" = `PSEGOV`), by document
    /// mention index.
    pub completed: Vec<(usize, String)>,
    /// First and last token of each token's phrase (its subtree within the clause).
    pub spans: Vec<(usize, usize)>,
    /// Every lemma and form of the sentence, sorted, for pattern pre-filtering.
    pub vocabulary: Vec<String>,
    /// Mentions over exactly the same tokens as another, by document
    /// mention index: one phrase that names several actors.
    twins: Vec<(usize, Vec<usize>)>,
    /// The verb (or noun) whose event is being coded.
    pub coding: std::cell::Cell<Option<usize>>,
}

impl<'a> Sent<'a> {
    pub fn new(doc: &'a AnnotatedDoc, sentence: usize) -> Sent<'a> {
        let s = &doc.sentences[sentence];
        let range = s.token_range();
        let offset = range.start;
        let tokens = doc.tokens.get(range.clone()).unwrap_or(&[]);
        let n = tokens.len();
        let mut heads = vec![None; n];
        for (i, t) in tokens.iter().enumerate() {
            if let Some(h) = t.head {
                let h = h as usize;
                if h >= offset && h < offset + n && h - offset != i {
                    heads[i] = Some(h - offset);
                }
            }
        }
        let mut rels: Vec<String> = tokens
            .iter()
            .map(|t| v2_label(&t.deprel).to_string())
            .collect();
        repair_verb_read_as_modifier(tokens, &mut heads, &mut rels);
        let mut children = vec![Vec::new(); n];
        for (i, h) in heads.iter().enumerate() {
            if let Some(h) = *h {
                children[h].push(i);
            }
        }
        let text = doc.text();
        let form: Vec<String> = tokens
            .iter()
            .map(|t| t.span.slice(text).to_uppercase())
            .collect();
        let lemma: Vec<String> = tokens
            .iter()
            .zip(&form)
            .map(|(t, f)| {
                if t.lemma.is_empty() || t.lemma == "_" {
                    f.clone()
                } else {
                    t.lemma.to_uppercase()
                }
            })
            .collect();
        let mut mention_at: Vec<Option<usize>> = vec![None; n];
        let mut best_len = vec![0usize; n];
        let mut spans_seen: Vec<((u32, u32), Vec<usize>)> = Vec::new();
        for (mi, m) in doc.mentions.iter().enumerate() {
            let usable = match m.kind {
                MentionKind::Actor | MentionKind::Agent => true,
                MentionKind::Pronoun | MentionKind::Description => m.code.is_some(),
                MentionKind::Place => false,
            };
            if !usable || m.code.as_deref().is_none_or(str::is_empty) {
                continue;
            }
            let (a, b) = (m.tokens.start as usize, m.tokens.end as usize);
            if b <= offset || a >= offset + n {
                continue;
            }
            match spans_seen
                .iter_mut()
                .find(|(k, _)| *k == (m.tokens.start, m.tokens.end))
            {
                Some((_, v)) => v.push(mi),
                None => spans_seen.push(((m.tokens.start, m.tokens.end), vec![mi])),
            }
            let len = b - a;
            for t in a.max(offset)..b.min(offset + n) {
                if len > best_len[t - offset] {
                    best_len[t - offset] = len;
                    mention_at[t - offset] = Some(mi);
                }
            }
        }
        // Phrase spans, children before heads (deepest first).
        let mut spans: Vec<(usize, usize)> = (0..n).map(|i| (i, i)).collect();
        let depth = |mut i: usize| {
            let mut d = 0;
            while let Some(h) = heads[i] {
                i = h;
                d += 1;
                if d > n {
                    break;
                }
            }
            d
        };
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(depth(i)));
        for &i in &order {
            if let Some(h) = heads[i] {
                let rel = v2_label(&tokens[i].deprel);
                if !is_clausal(rel) && rel != "punct" {
                    let (lo, hi) = spans[i];
                    spans[h] = (spans[h].0.min(lo), spans[h].1.max(hi));
                }
            }
        }
        let mut vocabulary: Vec<String> = form.iter().chain(&lemma).cloned().collect();
        vocabulary.sort_unstable();
        vocabulary.dedup();
        let mut twins = Vec::new();
        for (_, group) in spans_seen.into_iter().filter(|(_, v)| v.len() > 1) {
            for &m in &group {
                twins.push((m, group.iter().copied().filter(|&x| x != m).collect()));
            }
        }
        let mut sent = Sent {
            coding: std::cell::Cell::new(None),
            twins,
            completed: Vec::new(),
            spans,
            vocabulary,
            tokens,
            rels,
            children,
            heads,
            form,
            lemma,
            mention_at,
        };
        sent.complete_agents(doc);
        sent.distribute_modifiers(doc);
        sent
    }

    /// "US and British activists", "senior Hungarian and Romanian
    /// officials": coordinated country words before one agent noun each
    /// name an actor of that agent (the noun is shared by the conjuncts, as
    /// in "red and white wine"). The actor dictionary matches the last
    /// country with the noun (`GBROPP`); each country word coordinated
    /// before it becomes a twin of that mention, completed with its agent
    /// (`USAOPP`), so that the phrase yields both actors.
    fn distribute_modifiers(&mut self, doc: &AnnotatedDoc) {
        let n = self.len();
        let is_country = |c: &str| c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase());
        for t in 0..n {
            let Some(m) = self.mention_at[t] else {
                continue;
            };
            if t > 0 && self.mention_at[t - 1] == Some(m) {
                continue;
            }
            let code = doc.mentions[m].code.as_deref().unwrap_or("");
            // A country and an agent of PETRARCH's three-letter codes, over
            // a country word and its noun.
            if code.len() < 6
                || !code.len().is_multiple_of(3)
                || !code.bytes().all(|b| b.is_ascii_uppercase())
                || self.mention_at.get(t + 1) != Some(&Some(m))
                || !matches!(self.upos(t), "ADJ" | "PROPN")
            {
                continue;
            }
            let (country, role) = code.split_at(3);
            let mut right = t;
            loop {
                // Tokens between the conjuncts: commas and conjunctions.
                let mut g = right;
                while g > 0 && matches!(self.upos(g - 1), "PUNCT" | "CCONJ") {
                    g -= 1;
                }
                // The last two conjuncts are joined by "and".
                if g == right
                    || g == 0
                    || !(g..right).all(|x| matches!(self.form[x].as_str(), "," | "AND"))
                    || (right == t && !(g..right).any(|x| self.form[x] == "AND"))
                {
                    break;
                }
                let Some(cm) = self.mention_at[g - 1] else {
                    break;
                };
                let cc = doc.mentions[cm].code.as_deref().unwrap_or("");
                // A country, or a country the actor dictionary already gave
                // the shared agent ("US" as `USAOPP`).
                let shared = cc.len() == code.len() && cc.ends_with(role);
                if !(is_country(cc) || shared)
                    || cc.get(..3) == Some(country)
                    || self.completed.iter().any(|(x, _)| *x == cm)
                {
                    break;
                }
                let first = (0..g)
                    .rev()
                    .take_while(|&x| self.mention_at[x] == Some(cm))
                    .last()
                    .unwrap_or(g - 1);
                // The country's head word: its head is outside its mention.
                let Some(ch) = (first..g)
                    .find(|&x| self.heads[x].is_none_or(|h| self.mention_at[h] != Some(cm)))
                else {
                    break;
                };
                // It modifies a word of the mention, or the mention's
                // country word is its conjunct (not the mention's head:
                // "Iraq and Iranian forces" coordinates two actors).
                let in_m = |x: usize| self.mention_at[x] == Some(m);
                let modifies = self.heads[ch].is_some_and(in_m)
                    && matches!(base(self.deprel(ch)), "amod" | "compound" | "nmod" | "flat");
                // The noun ends the mention; the conjunct is a word before it.
                let end = (t..n).take_while(|&x| in_m(x)).last().unwrap_or(t);
                let conjunct =
                    (t..end).any(|x| self.heads[x] == Some(ch) && base(self.deprel(x)) == "conj");
                if !(modifies || conjunct) {
                    break;
                }
                if !shared {
                    self.completed.push((cm, format!("{cc}{role}")));
                }
                self.add_twins(m, cm);
                right = first;
            }
        }
    }

    fn add_twins(&mut self, a: usize, b: usize) {
        for (x, y) in [(a, b), (b, a)] {
            match self.twins.iter_mut().find(|(k, _)| *k == x) {
                Some((_, v)) => {
                    if !v.contains(&y) {
                        v.push(y)
                    }
                }
                None => self.twins.push((x, vec![y])),
            }
        }
    }

    /// PETRARCH reads "the government of Iraq" as `IRQGOV`: an agent-only
    /// mention takes the country of an actor in its `nmod` chain.
    fn complete_agents(&mut self, doc: &AnnotatedDoc) {
        let n = self.len();
        for i in 0..n {
            let Some(m) = self.mention_at[i] else {
                continue;
            };
            let Some(code) = doc.mentions[m].code.as_deref() else {
                continue;
            };
            let Some(role) = code.strip_prefix("---").or_else(|| code.strip_prefix('~')) else {
                continue;
            };
            // Only the mention's head token (its head is outside the mention).
            if self.heads[i].is_some_and(|h| self.mention_at[h] == Some(m))
                || self.completed.iter().any(|(x, _)| *x == m)
            {
                continue;
            }
            // An agent word modifying a noun ("an Islamic state in
            // Nigeria") takes the country of that noun's phrase.
            let start = match self.heads[i] {
                Some(h)
                    if matches!(base(self.deprel(i)), "amod" | "compound")
                        && self.mention_at[h].is_none() =>
                {
                    h
                }
                _ => i,
            };
            let mut frontier = vec![start];
            let mut found = None;
            'search: for _ in 0..4 {
                let mut next = Vec::new();
                for &t in &frontier {
                    for &c in &self.children[t] {
                        if !matches!(base(self.deprel(c)), "nmod" | "appos" | "flat" | "compound") {
                            continue;
                        }
                        match self.mention_at[c] {
                            Some(m2) if m2 != m => {
                                let c2 = doc.mentions[m2].code.as_deref().unwrap_or("");
                                if !c2.is_empty() && !c2.starts_with("---") && !c2.starts_with('~')
                                {
                                    found = Some(c2.to_string());
                                    break 'search;
                                }
                            }
                            _ => next.push(c),
                        }
                    }
                }
                frontier = next;
            }
            if let Some(country) = found {
                let code = if country.ends_with(role) {
                    country
                } else {
                    format!("{country}{role}")
                };
                self.completed.push((m, code));
            }
        }
    }

    /// The code of a mention, completed with a country where one was found.
    pub fn code_of<'d>(&'d self, doc: &'d AnnotatedDoc, m: usize) -> Option<&'d str> {
        self.completed
            .iter()
            .find(|(x, _)| *x == m)
            .map(|(_, c)| c.as_str())
            .or(doc.mentions[m].code.as_deref())
    }

    /// The other mentions over exactly the words of mention `m`.
    pub fn twins_of(&self, m: usize) -> &[usize] {
        self.twins
            .iter()
            .find(|(x, _)| *x == m)
            .map(|(_, v)| v.as_slice())
            .unwrap_or(&[])
    }

    /// Whether any token of the sentence has this lemma or form.
    pub fn has_word(&self, w: &str) -> bool {
        self.vocabulary
            .binary_search_by(|x| x.as_str().cmp(w))
            .is_ok()
    }

    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    pub fn deprel(&self, i: usize) -> &str {
        &self.rels[i]
    }

    pub fn upos(&self, i: usize) -> &str {
        &self.tokens[i].upos
    }

    pub fn children_with<'s>(&'s self, i: usize, rel: &'s str) -> impl Iterator<Item = usize> + 's {
        self.children[i]
            .iter()
            .copied()
            .filter(move |&c| base(self.deprel(c)) == rel)
    }

    /// The first child whose full relation is one of `rels`.
    pub fn child_rel(&self, i: usize, rels: &[&str]) -> Option<usize> {
        self.children[i]
            .iter()
            .copied()
            .find(|&c| rels.contains(&self.deprel(c)))
    }

    /// The preposition or subordinator marking a token (`case`/`mark` child), upper case.
    pub fn case_of(&self, i: usize) -> Option<&str> {
        self.children[i]
            .iter()
            .copied()
            .find(|&c| matches!(base(self.deprel(c)), "case" | "mark"))
            .map(|c| self.lemma[c].as_str())
    }

    /// Tokens of the subtree of `i` that stay in its clause.
    pub fn phrase(&self, i: usize, out: &mut Vec<usize>) {
        out.push(i);
        let mut k = out.len() - 1;
        while k < out.len() {
            let t = out[k];
            for &c in &self.children[t] {
                if !is_clausal(self.deprel(c)) && self.deprel(c) != "punct" {
                    out.push(c);
                }
            }
            k += 1;
        }
    }

    /// Is this verb passive: a passive subject or auxiliary, or a participle
    /// with a `by` agent.
    ///
    /// A verb with a direct object, no `be`/`get` auxiliary and no `by`
    /// agent is active whatever its subject's label: English passives that
    /// keep an object ("was given a medal") have `be`/`get`. This guards
    /// against a parser that reads "the group has since attacked rebels" as
    /// passive; the auxiliary's lemma is checked, not its label.
    pub fn is_passive(&self, v: usize) -> bool {
        let kids = &self.children[v];
        let object = kids.iter().any(|&c| self.deprel(c) == "obj");
        let be_aux = kids.iter().any(|&c| {
            matches!(base(self.deprel(c)), "aux" | "auxpass")
                && matches!(self.lemma[c].as_str(), "BE" | "GET")
        });
        let by_agent = kids.iter().any(|&c| {
            self.deprel(c) == "obl:agent"
                || (matches!(base(self.deprel(c)), "obl" | "nmod") && self.case_of(c) == Some("BY"))
        });
        if object && !be_aux && !by_agent {
            return false;
        }
        kids.iter().any(|&c| {
            matches!(
                self.deprel(c),
                "nsubj:pass" | "aux:pass" | "nsubjpass" | "auxpass" | "csubj:pass"
            )
        }) || (self.tokens[v].xpos == "VBN" && (self.deprel(v) == "acl" || by_agent))
    }
}
