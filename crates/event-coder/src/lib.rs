//! CAMEO event coding over dependency parses.
//!
//! [`EventCoder`] is the pipeline stage `events.cameo.v1`. For every verb of
//! a sentence whose lemma is in the [`VerbDictionary`], it
//! 1. picks the verb entry (multi-word verbs need their particles),
//! 2. finds the subject, inherited through `xcomp` (control), `conj` and
//!    relative clauses, and the object side, swapping them for passives
//!    (`nsubj:pass`, `obl:agent`/"by"),
//! 3. matches the block's patterns against the verb's dependents (CAMEO.2.0)
//!    or surface order (TABARI), the heaviest matching pattern winning,
//! 4. reads actors from `doc.mentions` in the argument phrases, expanding
//!    coordinations (`conj`), and emits one event per source/target pair,
//!    plus the passive-code reverse event of `[A:P]` codes,
//! 5. applies the dictionary's TRANSFORMATIONS to events embedded under a
//!    speech verb ("A says B attacked C"), and combines an intent, appeal,
//!    demand, refusal or threat verb with its complement's event
//!    ("threatened to attack" = 138); the embedded event itself is dropped
//!    unless [`CoderOptions::keep_embedded`].
//!
//! It does not know how mentions were found, and it leaves attribution,
//! dates, negation, modality and location to the stages after it.

mod matcher;
mod tree;

use std::sync::Arc;

use text_model::{AnnotatedDoc, ByteSpan, Event, EventActor, Layer, Severity, Stage};
use verb_patterns::{Code, CodeTable, Transformation, Var, VerbDictionary, VerbEntry};

use matcher::{best_match, Domain};

/// Marks an event superseded by another during coding of a sentence.
const DROP: &str = "DROP";
/// The code of an uncoded claim ([`CoderOptions::uncoded_claims`]).
const UNCODED: &str = "";
/// Verbs that state no act between actors: an uncoded claim needs more
/// than being or having.
const NOT_A_CLAIM: &[&str] = &["BE", "HAVE", "DO", "BECOME", "SEEM", "REMAIN", "GET"];
use tree::{base, Sent};

/// Options of the coder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoderOptions {
    /// Events need both a source and a target (PETRARCH's `require_dyad`).
    /// When false, events with one side missing are kept with that side empty.
    pub require_dyad: bool,
    /// Code nouns that are verbs of the dictionary ("an attack by X on Y").
    pub nominal_events: bool,
    /// Apply the dictionary's transformations to embedded events.
    pub transformations: bool,
    /// Keep an embedded event beside the event a transformation, an intent
    /// or threat verb, or the outer verb's own pattern made of it ("A says B
    /// attacked C": both A-B 112 and B-C 190; "A asked B to attack C": both
    /// A-B 020 and B-C 190). PETRARCH keeps only the outer one.
    pub keep_embedded: bool,
    /// Code a promised or future action as the matching intent (03):
    /// "Finland will give Tanzania a grant" = 033, not 071. PETRARCH does
    /// not; CAMEO's codebook does.
    pub future_as_intent: bool,
    /// Also keep uncoded claims: a verb with actors on its sides that no
    /// CAMEO category covers ("the militia smuggled weapons from Iran"),
    /// with an empty `cameo`. The claims stages then say who asserts it,
    /// when and where. Coded events are the same with or without it.
    pub uncoded_claims: bool,
}

impl Default for CoderOptions {
    fn default() -> Self {
        CoderOptions {
            require_dyad: true,
            nominal_events: true,
            transformations: true,
            keep_embedded: false,
            future_as_intent: true,
            uncoded_claims: false,
        }
    }
}

/// The `events.cameo.v1` stage.
#[derive(Clone, Debug)]
pub struct EventCoder {
    dict: Arc<VerbDictionary>,
    codes: &'static CodeTable,
    options: CoderOptions,
}

/// One side of an event while it is being built.
#[derive(Clone, Debug, PartialEq)]
struct Side {
    /// Document mention index.
    mention: usize,
    /// One code of a compound actor code (`FRO/BIL/SAM`), when split.
    part: Option<String>,
}

/// Where an infinitival complement's subject comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Control {
    /// The verb has its own subject (or none).
    Own,
    /// "Obama wants to attack": the subject of the verb above.
    Subject,
    /// "urged Bree to help": the object of the verb above.
    Object,
}

#[derive(Clone, Debug)]
struct Proto {
    verb: usize,
    /// How the verb got its subject: its own, or by control from the verb above.
    control: Control,
    source: Option<Side>,
    target: Option<Side>,
    code: String,
    pattern: String,
}

/// One event of verb `v` for every source and target mention that differ.
fn dyads(v: usize, sources: &[usize], targets: &[usize], code: &str, pattern: &str) -> Vec<Proto> {
    let side = |mention| {
        Some(Side {
            mention,
            part: None,
        })
    };
    sources
        .iter()
        .flat_map(|&a| targets.iter().map(move |&b| (a, b)))
        .filter(|(a, b)| a != b)
        .map(|(a, b)| Proto {
            verb: v,
            control: Control::Own,
            source: side(a),
            target: side(b),
            code: code.to_string(),
            pattern: pattern.to_string(),
        })
        .collect()
}

impl EventCoder {
    /// A coder with the embedded CAMEO.2.0 dictionary.
    pub fn new(options: CoderOptions) -> EventCoder {
        EventCoder::with_dictionary(Arc::new(VerbDictionary::embedded().clone()), options)
    }

    pub fn with_dictionary(dict: Arc<VerbDictionary>, options: CoderOptions) -> EventCoder {
        EventCoder {
            dict,
            codes: CodeTable::embedded(),
            options,
        }
    }

    pub fn options(&self) -> &CoderOptions {
        &self.options
    }

    pub fn set_options(&mut self, options: CoderOptions) {
        self.options = options;
    }

    pub fn dictionary(&self) -> &VerbDictionary {
        &self.dict
    }

    /// Codes every sentence of `doc` and appends the events.
    pub fn code_doc(&self, doc: &mut AnnotatedDoc) {
        let mut events = Vec::new();
        for si in 0..doc.sentences.len() {
            let s = Sent::new(doc, si);
            for p in self.code_sentence(&s) {
                for p in split_compound_codes(doc, p) {
                    events.push(self.to_event(doc, &s, si, p));
                }
            }
        }
        doc.events.extend(events);
    }

    fn to_event(&self, doc: &AnnotatedDoc, s: &Sent, si: usize, p: Proto) -> Event {
        let actor = |side: &Side| {
            let m = &doc.mentions[side.mention];
            EventActor {
                span: m.span,
                code: side
                    .part
                    .clone()
                    .or_else(|| s.code_of(doc, side.mention).map(str::to_string)),
                antecedent: m.antecedent,
            }
        };
        let info = self.codes.get(&p.code);
        let empty = EventActor {
            span: ByteSpan::default(),
            code: None,
            antecedent: None,
        };
        Event {
            sentence: si as u32,
            trigger: s.tokens[p.verb].span,
            source: p.source.as_ref().map(actor).unwrap_or(empty),
            target: p.target.as_ref().map(actor),
            quad_class: info.map(|i| i.quad_class).unwrap_or(0),
            goldstein: info.map(|i| i.goldstein).unwrap_or(0.0),
            plover_type: info.and_then(|i| i.plover_type.clone()),
            plover_mode: info.and_then(|i| i.plover_mode.clone()),
            cameo: p.code,
            date: None,
            attribution: None,
            negated: false,
            hypothetical: false,
            location: None,
            pattern: Some(p.pattern),
        }
    }

    /// The verb entry for token `v`: lemma or surface form, particles checked.
    /// Returns the entry and the last token the verb spans.
    fn entry_for(&self, s: &Sent, v: usize) -> Option<(&VerbEntry, usize)> {
        let mut best: Option<(&VerbEntry, usize, usize)> = None;
        // The written form first: a dictionary keyed by surface forms may
        // list a form under its own entry ("LEFT [032:033]" for "left for
        // talks", apart from "LEAVE [012]").
        let forms = [&s.form[v], &s.lemma[v]];
        for f in forms {
            for e in self.dict.lookup(f) {
                let Some(end) = particles_match(s, v, e) else {
                    continue;
                };
                let score = e.before.len() + e.after.len();
                if best.is_none_or(|(_, _, sc)| score > sc) {
                    best = Some((e, end, score));
                }
            }
        }
        best.map(|(e, end, _)| (e, end))
    }

    fn code_sentence(&self, s: &Sent) -> Vec<Proto> {
        let mut out: Vec<Proto> = Vec::new();
        // Uncoded claims apart from `out`, so that the coded events (and
        // every decision that looks at them) are the same without them.
        let mut uncoded: Vec<Proto> = Vec::new();
        // Events by verb token, for embedding.
        let mut by_verb: Vec<Vec<usize>> = vec![Vec::new(); s.len()];
        let mut order: Vec<usize> = (0..s.len()).collect();
        // Inner clauses first, so that embedding verbs see their events.
        order.sort_by_key(|&i| std::cmp::Reverse(depth(s, i)));
        for v in order {
            let is_verb = matches!(s.upos(v), "VERB") || s.tokens[v].xpos.starts_with("VB");
            let nominal = self.options.nominal_events && matches!(s.upos(v), "NOUN");
            if !is_verb && !nominal {
                continue;
            }
            if is_verb && s.upos(v) == "AUX" {
                continue;
            }
            // "a proposal for signing a trade agreement", "plans to sell
            // weapons": a non-finite clause completing a noun states the
            // noun's content, not an event that took place. PETRARCH codes
            // nothing; with `keep_embedded` the event stays, for the claims
            // stages to mark ("plans to" hypothetical, "no reports of
            // fighting" negated).
            if !self.options.keep_embedded
                && is_verb
                && s.deprel(v) == "acl"
                && s.children_with(v, "mark").next().is_some()
            {
                continue;
            }
            let found = self.entry_for(s, v);
            let start = out.len();
            match found {
                Some((entry, _)) if nominal && !is_verb => self.code_nominal(s, v, entry, &mut out),
                Some((entry, vend)) => {
                    self.code_verb(s, v, vend, Some(entry), &by_verb, &mut out, &mut uncoded)
                }
                None if self.options.uncoded_claims && heads_clause(s, v) => {
                    self.code_verb(s, v, v, None, &by_verb, &mut out, &mut uncoded)
                }
                None => continue,
            }
            by_verb[v].extend(start..out.len());
        }
        out.retain(|p| p.code != DROP);
        out.extend(uncoded);
        // Deduplicate (source, target, code) within the sentence.
        let mut seen = Vec::new();
        out.retain(|p| {
            let key = (
                p.source.as_ref().map(|x| x.mention),
                p.target.as_ref().map(|x| x.mention),
                p.code.clone(),
            );
            if seen.contains(&key) {
                false
            } else {
                seen.push(key);
                true
            }
        });

        out
    }

    /// Codes verb `v` with its dictionary entry; without one (only for
    /// uncoded claims) the verb has no code and no patterns.
    #[allow(clippy::too_many_arguments)]
    fn code_verb(
        &self,
        s: &Sent,
        v: usize,
        vend: usize,
        entry: Option<&VerbEntry>,
        by_verb: &[Vec<usize>],
        out: &mut Vec<Proto>,
        uncoded: &mut Vec<Proto>,
    ) {
        s.coding.set(Some(v));
        let passive = s.is_passive(v);
        let subj = subject_of(s, v);
        let dom = Domain::new(s, v, passive, subj.filter(|&x| s.heads[x] != Some(v)));
        let null = Code::null();
        let own_code = entry.map_or(&null, |e| self.dict.entry_code(e));
        let word = entry.map_or(s.lemma[v].as_str(), |e| e.word.as_str());
        let mut code = own_code.clone();
        let mut pattern_text = format!("{} [{}]", word, code_text(&code));
        let mut source_at = None;
        let mut target_at = None;
        let mut compound = false;
        let mut used: Vec<usize> = Vec::new();
        let patterns = entry
            .map(|e| self.dict.candidate_patterns(e, &s.vocabulary))
            .unwrap_or_default();
        if let Some((p, m)) = best_match(&self.dict, s, patterns.into_iter(), v, vend, &dom) {
            code = p.code.clone();
            pattern_text = format!("- {} [{}]", p.text, code_text(&code));
            source_at = m.source_at;
            target_at = m.target_at;
            compound = m.compound;
            used = m.used;
        }
        // "denied that it had attacked the convoy": a verb of saying that
        // its block leaves uncoded still reports a clause, a speech act of
        // its own (issue: the speech act is an event apart from what it
        // reports), coded as the dictionary codes the same verb over a
        // report or an act ("- * REPORT", "- * ATTACK" [016] under DENY).
        if code.is_null() && !passive {
            if let Some(&(_, c)) = UNCODED_SPEECH
                .iter()
                .find(|(l, _)| *l == s.lemma[v].as_str())
                .filter(|_| {
                    s.children[v]
                        .iter()
                        .any(|&c| c > v && base(s.deprel(c)) == "ccomp")
                })
            {
                code = Code {
                    active: Some(c.to_string()),
                    passive: None,
                };
                pattern_text = format!("{word} + clause [{c}]");
            }
        }
        // A null active code with a passive one: the verb is passive-only.
        let passive = passive || (code.active.is_none() && code.passive.is_some());

        // Sources and targets.
        let (mut sources, mut targets);
        if passive {
            sources = agent_of(s, v)
                .map(|a| actors(s, a, &used))
                .unwrap_or_default();
            // "received assurances from the government" ([:030]): PETRARCH
            // reads a passive's source from BY, then FROM, then IN phrases
            // ("soldiers were killed in Ukraine"), on the verb or its object.
            if sources.is_empty() {
                sources = case_actors(s, v, &used, "FROM");
            }
            if sources.is_empty() {
                sources = case_actors(s, v, &used, "IN");
            }
            targets = subj
                .map(|x| subject_actors(s, x, &used))
                .unwrap_or_default();
            if targets.is_empty() {
                targets = object_actors(s, v, &used, &["obj", "iobj"]);
            }
            if targets.is_empty() {
                targets = oblique_actors(s, v, &used, true);
            }
            // The source phrase may hang from the object ("enjoyed support
            // from Moscow"): it is not the target too.
            targets.retain(|t| !sources.contains(t));
        } else {
            sources = subj
                .map(|x| subject_actors(s, x, &used))
                .unwrap_or_default();
            targets = object_actors(s, v, &used, &["obj", "iobj"]);
            if targets.is_empty() {
                targets = oblique_actors(s, v, &used, false);
            }
            // "demanded that the US cancel its plans": the subject of a
            // that-clause is the target of a verb that is not a statement.
            // A verb of saying is a statement whatever code a dictionary
            // gives it ("X will act, an official said").
            let statement = code.active.as_deref().is_none_or(|c| c.starts_with("01"))
                || is_speech_verb(&s.lemma[v]);
            if targets.is_empty() && !statement {
                if let Some(x) = s.children[v]
                    .iter()
                    .copied()
                    // A complement clause is not set off by a comma; a
                    // clause after one is a parenthetical or a reporting
                    // clause ("burned its embassy, an official said").
                    .find(|&c| {
                        base(s.deprel(c)) == "ccomp"
                            && s.spans[c].0.checked_sub(1).is_none_or(|p| s.form[p] != ",")
                    })
                    .and_then(|c| {
                        s.children[c]
                            .iter()
                            .copied()
                            .find(|&x| base(s.deprel(x)) == "nsubj")
                    })
                {
                    targets = actors(s, x, &used);
                }
            }
        }
        // "signed an accord to supply Gondor with wheat": with no target of
        // its own, a verb takes the actor that is the object of an
        // infinitival complement that coded no event itself.
        if targets.is_empty() && !passive {
            if let Some(o) = s.children[v]
                .iter()
                .copied()
                .filter(|&c| is_complement(s, c) && by_verb[c].is_empty())
                .find_map(|c| s.child_rel(c, &["obj", "iobj"]))
                .filter(|&o| s.mention_at[o].is_some())
            {
                targets = actors(s, o, &used);
            }
        }
        // A pattern's actor marker names a noun phrase; a coordination is
        // one compound phrase ("Germany and France agree": `% *` marks both).
        let target_at = target_at.map(|t| coordination_head(s, t));
        let source_at = source_at.map(|t| coordination_head(s, t));
        if let Some(t) = target_at {
            let a = actors(s, t, &[]);
            if !a.is_empty() {
                targets = a;
            }
        }
        if let Some(t) = source_at {
            let a = actors(s, t, &[]);
            if !a.is_empty() {
                sources = a;
            }
        }
        // A `%` compound stands on its side of the verb; with nothing on the
        // other side it is both ("Germany and France agree"), otherwise it
        // pairs with that side ("Eriador agrees with Germany and France").
        if compound {
            if targets.is_empty() {
                targets = sources.clone();
            } else if sources.is_empty() {
                sources = targets.clone();
            }
        }

        // Embedded events: xcomp / ccomp clauses that produced events are
        // recoded by the transformations, or combined with an intent,
        // appeal, demand or rejection verb ("pledged to help" = 033).
        let mut embedded_handled = false;
        let objects = object_actors(s, v, &used, &["obj", "iobj"]);
        let statement = code.active.as_deref().is_some_and(|c| c.starts_with("01"))
            || is_speech_verb(&s.lemma[v]);
        let mut demanded: Vec<usize> = Vec::new();
        if statement && !passive {
            for &c in &s.children[v] {
                if let Some(p) = self.demand(s, v, c, &sources, by_verb, out) {
                    if !self.options.keep_embedded {
                        for &ei in &by_verb[c] {
                            out[ei].code = DROP.to_string();
                        }
                    }
                    out.extend(p);
                    demanded.push(c);
                    embedded_handled = true;
                }
            }
        }
        for &c in &s.children[v] {
            let rel = s.deprel(c);
            if !(base(rel) == "ccomp" || is_complement(s, c))
                || by_verb[c].is_empty()
                || demanded.contains(&c)
            {
                continue;
            }
            // "X launched a strike on Y, the command said": a clause before
            // its reporting verb is the main assertion and the reporting
            // clause a parenthetical (UD attaches it as parataxis); the
            // reported event stands as it is.
            if base(rel) == "ccomp" && c < v {
                continue;
            }
            let mut combined = false;
            for &ei in &by_verb[c] {
                let inner = out[ei].clone();
                if inner.code == DROP {
                    continue;
                }
                // The verb's own code decides its family ("want" is an
                // intent verb even where a pattern recodes it).
                let mut made = self.transform(own_code, &sources, &inner, v);
                if made.is_empty() && is_complement(s, c) {
                    // "refused to meet", "declined to join": a refusal verb
                    // the dictionary leaves uncoded is a rejection (12) of
                    // the act it governs.
                    let refusal;
                    let outer = if own_code.active.is_none()
                        && REFUSAL_VERBS.contains(&s.lemma[v].as_str())
                    {
                        refusal = Code {
                            active: Some("120".to_string()),
                            passive: None,
                        };
                        &refusal
                    } else {
                        own_code
                    };
                    made = self.combine(outer, &sources, &objects, &inner, v);
                    combined |= !made.is_empty();
                }
                if !made.is_empty() {
                    if !self.options.keep_embedded {
                        out[ei].code = DROP.to_string();
                    }
                    out.extend(made);
                    embedded_handled = true;
                }
            }
            // An act intended, refused or demanded did not take place: its
            // other events go with it ("refused to deploy peacekeepers in
            // Iraq" has no Iraq-hosts-Pakistan 038 of its passive code).
            if combined && !self.options.keep_embedded {
                for &ei in &by_verb[c] {
                    out[ei].code = DROP.to_string();
                }
            }
        }
        let active = if passive {
            code.passive.clone().or(code.active.clone())
        } else {
            code.active.clone()
        };
        let Some(mut active) = active else {
            if self.options.uncoded_claims
                && !embedded_handled
                && heads_clause(s, v)
                && !NOT_A_CLAIM.contains(&s.lemma[v].as_str())
            {
                let pattern = format!("{word} [---] (uncoded claim)");
                self.emit(
                    v, &sources, &targets, UNCODED, &code, passive, &pattern, uncoded,
                );
            }
            return;
        };
        if self.options.future_as_intent && is_future(s, v) {
            if let Some(c) = combined_code("03", &active) {
                active = c.to_string();
                pattern_text.push_str(" (future: intent)");
            }
        }
        if embedded_handled {
            return;
        }
        // "agreed to hold joint exercises", "agreed that their countries
        // should cooperate": agreeing to a course of action states an intent
        // (030), as the AGREE block's own patterns code "agree to X"; the
        // block code 050 is for cooperation under way.
        if active == "050"
            && !passive
            && s.children[v]
                .iter()
                .any(|&c| is_complement(s, c) || base(s.deprel(c)) == "ccomp")
        {
            active = "030".to_string();
            pattern_text.push_str(" (over a complement: intent)");
        }
        let before = out.len();
        let control = match subj {
            Some(x) if s.heads[x] != Some(v) && is_complement(s, v) => {
                if s.heads[v]
                    .is_some_and(|h| s.heads[x] == Some(h) && matches!(s.deprel(x), "obj" | "iobj"))
                {
                    Control::Object
                } else {
                    Control::Subject
                }
            }
            _ => Control::Own,
        };
        self.emit(
            v,
            &sources,
            &targets,
            &active,
            &code,
            passive,
            &pattern_text,
            out,
        );
        for p in &mut out[before..] {
            p.control = control;
        }
        if out.len() > before && !self.options.keep_embedded {
            // The verb's own event wins over the events of its infinitival
            // complement ("urged Eriador to respond to Gondor"), unless the
            // caller keeps embedded events for their own attribution.
            for &c in &s.children[v] {
                if is_complement(s, c) {
                    for &ei in &by_verb[c] {
                        out[ei].code = DROP.to_string();
                    }
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn emit(
        &self,
        v: usize,
        sources: &[usize],
        targets: &[usize],
        active: &str,
        code: &Code,
        passive: bool,
        pattern: &str,
        out: &mut Vec<Proto>,
    ) {
        let side = |m: usize| {
            Some(Side {
                mention: m,
                part: None,
            })
        };
        if targets.is_empty() {
            // "Germany and France met": every ordered pair of a compound
            // subject, for the cooperative families where acting together
            // means acting on each other (03-06, as in PETRARCH).
            // A passive's sources come from a by/from phrase, not a subject.
            if sources.len() > 1
                && !passive
                && matches!(active.get(..2), Some("03" | "04" | "05" | "06"))
            {
                for &a in sources {
                    for &b in sources {
                        if a != b {
                            out.push(Proto {
                                verb: v,
                                control: Control::Own,
                                source: side(a),
                                target: side(b),
                                code: active.to_string(),
                                pattern: pattern.to_string(),
                            });
                        }
                    }
                }
                return;
            }
            if !self.options.require_dyad {
                for &a in sources {
                    out.push(Proto {
                        verb: v,
                        control: Control::Own,
                        source: side(a),
                        target: None,
                        code: active.to_string(),
                        pattern: pattern.to_string(),
                    });
                }
            }
            return;
        }
        if sources.is_empty() {
            if !self.options.require_dyad {
                for &b in targets {
                    out.push(Proto {
                        verb: v,
                        control: Control::Own,
                        source: None,
                        target: side(b),
                        code: active.to_string(),
                        pattern: pattern.to_string(),
                    });
                }
            }
            return;
        }
        for &a in sources {
            for &b in targets {
                if a == b {
                    continue;
                }
                out.push(Proto {
                    verb: v,
                    control: Control::Own,
                    source: side(a),
                    target: side(b),
                    code: active.to_string(),
                    pattern: pattern.to_string(),
                });
                if let (false, Some(p)) = (passive, &code.passive) {
                    if code.active.is_some() {
                        out.push(Proto {
                            verb: v,
                            control: Control::Own,
                            source: side(b),
                            target: side(a),
                            code: p.clone(),
                            pattern: pattern.to_string(),
                        });
                    }
                }
            }
        }
    }

    /// "Russia said Sudan must return the helicopter": a statement that
    /// another actor must or should act is a demand (10) on that actor, of
    /// the family of the action where CAMEO has one ("must negotiate" =
    /// 106), else 100. `c` is a complement clause after the speech verb `v`
    /// with a deontic modal.
    fn demand(
        &self,
        s: &Sent,
        v: usize,
        c: usize,
        sources: &[usize],
        by_verb: &[Vec<usize>],
        out: &[Proto],
    ) -> Option<Vec<Proto>> {
        if base(s.deprel(c)) != "ccomp" || c < v || sources.is_empty() {
            return None;
        }
        let deontic = s.children[c].iter().any(|&a| {
            base(s.deprel(a)) == "aux" && matches!(s.lemma[a].as_str(), "MUST" | "SHOULD")
        });
        if !deontic || s.is_passive(c) {
            return None;
        }
        let subj = s.children[c]
            .iter()
            .copied()
            .find(|&x| base(s.deprel(x)) == "nsubj")?;
        let targets = actors(s, subj, &[]);
        if targets.is_empty() {
            return None;
        }
        let inner = by_verb[c]
            .iter()
            .map(|&ei| &out[ei])
            .find(|p| p.code != DROP)
            .map(|p| p.code.as_str());
        let code = inner.and_then(|i| combined_code("10", i)).unwrap_or("100");
        let made = dyads(
            v,
            sources,
            &targets,
            code,
            &format!("{} + must: demand", s.lemma[v]),
        );
        (!made.is_empty()).then_some(made)
    }

    /// "An attack by X on Y": a dictionary verb used as a noun, with a `by`
    /// agent or possessor as source.
    fn code_nominal(&self, s: &Sent, n: usize, entry: &VerbEntry, out: &mut Vec<Proto>) {
        s.coding.set(Some(n));
        let code = self.dict.entry_code(entry).clone();
        let Some(active) = code.active.clone() else {
            return;
        };
        let mut sources = Vec::new();
        let mut targets = Vec::new();
        for &c in &s.children[n] {
            let rel = s.deprel(c);
            let case = s.case_of(c).unwrap_or("");
            if rel == "nmod:poss" || (matches!(base(rel), "nmod" | "obl") && case == "BY") {
                sources = actors(s, c, &[]);
            } else if matches!(base(rel), "nmod" | "obl")
                && matches!(
                    case,
                    "ON" | "AGAINST" | "AT" | "INTO" | "TOWARD" | "TOWARDS"
                )
            {
                targets = actors(s, c, &[]);
            }
        }
        if sources.is_empty() || targets.is_empty() {
            return;
        }
        let pattern = format!("{} [{}] (noun)", entry.word, code_text(&code));
        self.emit(n, &sources, &targets, &active, &code, false, &pattern, out);
    }

    /// Applies the dictionary's transformations to an event `inner` embedded
    /// under a verb with code `outer` and subjects `outer_sources`. An inner
    /// subject taken by control from the outer subject counts as absent, as
    /// in PETRARCH ("Obama wants to attack Switzerland" = `_ b ATTACK`).
    fn transform(
        &self,
        outer: &Code,
        outer_sources: &[usize],
        inner: &Proto,
        v: usize,
    ) -> Vec<Proto> {
        if !self.options.transformations {
            return Vec::new();
        }
        let Some(outer_code) = outer.active.as_deref() else {
            return Vec::new();
        };
        let mut inner = inner.clone();
        if inner.control == Control::Subject {
            inner.source = None;
        }
        let inner_src = inner.source.as_ref().map(|x| x.mention);
        // When the inner subject is one of the outer subjects ("Obama and
        // Putin said they will attack"), only that pairing is read.
        let outer: Vec<usize> = match inner_src.filter(|m| outer_sources.contains(m)) {
            Some(m) => vec![m],
            None => outer_sources.to_vec(),
        };
        let mut made = Vec::new();
        for a in outer {
            for t in &self.dict.transformations {
                if !self.same_family(&t.outer_verb, outer_code) {
                    continue;
                }
                if t.inner_verb != "Q" && !self.same_family(&t.inner_verb, &inner.code) {
                    continue;
                }
                if let Some(p) = apply(t, a, &inner, v) {
                    made.push(p);
                    break;
                }
            }
        }
        made
    }

    /// "pledged to help" = 033, "asked Obama to help" = 023: an intent (03),
    /// appeal (02), demand (10) or rejection (12) verb over a complement
    /// whose event is cooperation, aid, meeting or force.
    fn combine(
        &self,
        outer: &Code,
        outer_sources: &[usize],
        outer_objects: &[usize],
        inner: &Proto,
        v: usize,
    ) -> Vec<Proto> {
        // Refusing a cooperative act CAMEO has no rejection code for
        // ("refused to deploy peacekeepers") is a rejection all the same.
        let refused = |o: &str| {
            (o.starts_with("12")
                && inner
                    .code
                    .get(..2)
                    .is_some_and(|f| ("02"..="09").contains(&f)))
            .then_some("120")
        };
        let Some(code) = outer
            .active
            .as_deref()
            .and_then(|o| combined_code(o, &inner.code).or_else(|| refused(o)))
        else {
            return Vec::new();
        };
        let targets: Vec<usize> = match inner.control {
            Control::Object => outer_objects.to_vec(),
            _ => inner.target.iter().map(|t| t.mention).collect(),
        };
        dyads(
            v,
            outer_sources,
            &targets,
            code,
            &format!("{} + {}", inner.pattern, code),
        )
    }

    /// Whether `code` belongs to the family of the dictionary verb `word`
    /// (same two-digit CAMEO root as the verb's own code).
    fn same_family(&self, word: &str, code: &str) -> bool {
        let Some(c) = self.dict.simple_verb_code(word) else {
            return false;
        };
        let root = c.active.as_deref().or(c.passive.as_deref()).unwrap_or("");
        root.len() >= 2 && code.get(..2) == root.get(..2)
    }
}

fn apply(t: &Transformation, a: usize, inner: &Proto, v: usize) -> Option<Proto> {
    let inner_src = inner.source.as_ref().map(|x| x.mention);
    let inner_tgt = inner.target.as_ref().map(|x| x.mention);
    let mut bind: Vec<(char, usize)> = Vec::new();
    let mut check = |var: Var, val: Option<usize>| -> bool {
        match (var, val) {
            (Var::Absent, None) => true,
            (Var::Absent, Some(_)) => false,
            (_, None) => false,
            (Var::Present, Some(_)) => true,
            (Var::Named(c), Some(m)) => match bind.iter().find(|(k, _)| *k == c) {
                Some((_, b)) => *b == m,
                None => {
                    if bind.iter().any(|(_, b)| *b == m) {
                        return false;
                    }
                    bind.push((c, m));
                    true
                }
            },
        }
    };
    if !(check(t.outer_source, Some(a))
        && check(t.inner_source, inner_src)
        && check(t.inner_target, inner_tgt))
    {
        return None;
    }
    let get = |var: Var| match var {
        Var::Named(c) => bind.iter().find(|(k, _)| *k == c).map(|(_, m)| Side {
            mention: *m,
            part: None,
        }),
        _ => None,
    };
    let code = if t.answer_code == "Q" {
        inner.code.clone()
    } else {
        t.answer_code.clone()
    };
    Some(Proto {
        verb: v,
        control: Control::Own,
        source: Some(get(t.answer_source)?),
        target: Some(get(t.answer_target)?),
        code,
        pattern: t.text.clone(),
    })
}

/// The CAMEO code of "intend / appeal / demand / refuse / threaten to do X"
/// for the families where CAMEO has one.
fn combined_code(outer: &str, inner: &str) -> Option<&'static str> {
    // "agreed to", "offered to": AGREE's own code is 050, but over a
    // complement it states an intent.
    let o = match outer.get(..2)? {
        "05" => "03",
        o => o,
    };
    let i = inner.get(..2)?;
    Some(match (o, i) {
        ("03", "04") => "036",
        ("03", "05") => "032",
        ("03", "06") => "031",
        ("03", "07") => "033",
        ("03", "08") => "035",
        ("03", "18" | "19" | "20") => "138",
        ("02", "04") => "026",
        ("02", "05") => "022",
        ("02", "06") => "021",
        ("02", "07") => "023",
        ("02", "08") => "025",
        ("10", "04") => "106",
        ("10", "05") => "102",
        ("10", "06") => "101",
        ("10", "07") => "103",
        ("10", "08") => "105",
        ("12", "04") => "125",
        ("12", "06") => "121",
        ("12", "07") => "122",
        ("12", "08") => "124",
        // "threatened to attack": a threat is coded as the threat.
        ("13", "14") => "133",
        ("13", "16") => "131",
        ("13", "17") => "137",
        ("13", "18" | "19" | "20") => "138",
        _ => return None,
    })
}

/// An actor code listing several actors (`FRO/BIL/SAM`, "the Shire") gives
/// one event per actor.
fn split_compound_codes(doc: &AnnotatedDoc, p: Proto) -> Vec<Proto> {
    let parts = |side: &Option<Side>| -> Vec<Option<Side>> {
        let Some(sd) = side else {
            return vec![None];
        };
        match doc.mentions[sd.mention].code.as_deref() {
            Some(c) if c.contains('/') => c
                .split('/')
                .filter(|x| !x.is_empty())
                .map(|x| {
                    Some(Side {
                        mention: sd.mention,
                        part: Some(x.to_string()),
                    })
                })
                .collect(),
            _ => vec![side.clone()],
        }
    };
    let (sources, targets) = (parts(&p.source), parts(&p.target));
    if sources.len() == 1 && targets.len() == 1 {
        return vec![p];
    }
    let mut out = Vec::new();
    for a in &sources {
        for b in &targets {
            out.push(Proto {
                source: a.clone(),
                target: b.clone(),
                ..p.clone()
            });
        }
    }
    out
}

fn code_text(c: &Code) -> String {
    match (&c.active, &c.passive) {
        (Some(a), None) => a.clone(),
        (a, Some(p)) => format!("{}:{}", a.as_deref().unwrap_or(""), p),
        (None, None) => "---".to_string(),
    }
}

fn depth(s: &Sent, mut i: usize) -> usize {
    let mut d = 0;
    while let Some(h) = s.heads[i] {
        i = h;
        d += 1;
        if d > s.len() {
            break;
        }
    }
    d
}

/// Particles of a multi-word verb: the words after it must follow it (or be
/// its `compound:prt`), the words before must precede it. Returns the last
/// token of the verb.
fn particles_match(s: &Sent, v: usize, e: &VerbEntry) -> Option<usize> {
    for (k, w) in e.before.iter().rev().enumerate() {
        let t = v.checked_sub(k + 1)?;
        if s.form[t] != *w && s.lemma[t] != *w {
            return None;
        }
    }
    if e.after.is_empty() {
        return Some(v);
    }
    let seq = e
        .after
        .iter()
        .enumerate()
        .all(|(k, w)| v + k + 1 < s.len() && s.form[v + k + 1] == *w);
    if seq {
        return Some(v + e.after.len());
    }
    if e.after.len() == 1
        && s.children[v]
            .iter()
            .any(|&c| s.deprel(c) == "compound:prt" && s.form[c] == e.after[0])
    {
        return Some(v);
    }
    None
}

/// The subject of verb `v`, inherited through control, coordination and
/// relative clauses when the verb has none of its own.
fn subject_of(s: &Sent, v: usize) -> Option<usize> {
    let mut cur = v;
    for _ in 0..6 {
        // A clause has one subject; where a parse gives several, the one
        // nearest before the verb that names an actor is it, the others are
        // stray phrases ("Fornost and Gondor welcome ties, the agency said";
        // "Yeltsin on Saturday hosted"), unless they touch it ("minister
        // Calimehtar" split in two: the first word leads).
        let subjects: Vec<usize> = s.children[cur]
            .iter()
            .copied()
            .filter(|&c| {
                // An object before its verb is a misread subject (English
                // objects follow the verb; a fronted WH object is a pronoun).
                let misread = s.deprel(c) == "obj" && c < cur && s.upos(c) != "PRON";
                (base(s.deprel(c)) == "nsubj" || misread)
                    && !matches!(s.lemma[c].as_str(), "WHO" | "WHICH" | "THAT")
            })
            .collect();
        if let Some(mut x) = subjects
            .iter()
            .copied()
            .min_by_key(|&c| (actors(s, c, &[]).is_empty(), c > cur, c.abs_diff(cur)))
        {
            while let Some(&y) = subjects.iter().find(|&&y| {
                y < x
                    && (s.spans[y].1 + 1 == s.spans[x].0
                        || joined_by_conjunction(s, s.spans[y].1, s.spans[x].0))
            }) {
                x = y;
            }
            return Some(x);
        }
        // "Rahim Karimi, who fled Iraq, said ..." parsed with the relative
        // clause as a complement of "said": a relative pronoun stands for
        // the noun phrase just before it, whatever the clause hangs from.
        if !s.deprel(cur).starts_with("acl") {
            if let Some(x) = s
                .children_with(cur, "nsubj")
                .find(|&c| matches!(s.tokens[c].xpos.as_str(), "WP" | "WDT"))
                .and_then(|r| relative_antecedent(s, r))
            {
                return Some(x);
            }
        }
        let h = s.heads[cur]?;
        let rel = if is_complement(s, cur) {
            "xcomp"
        } else {
            base(s.deprel(cur))
        };
        match rel {
            // Object control ("urged Bree to help") before subject control.
            "xcomp" => {
                if let Some(o) = s.child_rel(h, &["obj", "iobj"]) {
                    return Some(o);
                }
                cur = h;
            }
            "conj" => cur = h,
            // "the rebels who attacked X", "crowds trashed its embassy".
            "acl" => {
                // "unveiled a plan to cut aid", "Iran's decision to send
                // troops": an infinitive completing a noun that names no
                // actor has the noun's owner as its subject: the possessor,
                // or the subject of a verb that makes the noun its
                // subject's own ("unveiled a plan", not "welcomed a plan").
                // "issued a statement condemning the raid": a gerund
                // completing such a noun states its content the same way.
                let infinitive = s.deprel(cur) == "acl"
                    && (s.children_with(cur, "mark").any(|m| s.lemma[m] == "TO")
                        || (s.tokens[cur].xpos == "VBG"
                            && s.children_with(cur, "mark").next().is_none()));
                if !infinitive || !actors(s, h, &[]).is_empty() {
                    return Some(h);
                }
                if let Some(p) = s
                    .child_rel(h, &["nmod:poss"])
                    .filter(|&p| !actors(s, p, &[]).is_empty())
                {
                    return Some(p);
                }
                match s.heads[h] {
                    Some(g)
                        if s.deprel(h) == "obj"
                            && AUTHORING_VERBS.contains(&s.lemma[g].as_str()) =>
                    {
                        cur = g
                    }
                    _ => return Some(h),
                }
            }
            _ => return None,
        }
    }
    None
}

/// The noun a relative pronoun `r` follows ("Karimi, who"): the word before
/// it, past one comma, raised to the head of its name ("Rahim Karimi").
fn relative_antecedent(s: &Sent, r: usize) -> Option<usize> {
    let mut p = r.checked_sub(1)?;
    if s.form[p] == "," {
        p = p.checked_sub(1)?;
    }
    if !matches!(s.upos(p), "NOUN" | "PROPN") {
        return None;
    }
    while let Some(h) = s.heads[p].filter(|_| matches!(base(s.deprel(p)), "flat" | "compound")) {
        if h > r {
            break;
        }
        p = h;
    }
    Some(p)
}

/// The actors of subject `x`, with those of sibling subjects joined to it
/// by a conjunction: "The US, Russia, and Switzerland met" parsed with
/// "Switzerland" as a second subject of "met" is still one coordination.
fn subject_actors(s: &Sent, x: usize, used: &[usize]) -> Vec<usize> {
    let mut out = actors(s, x, used);
    let Some(h) = s.heads[x] else {
        return out;
    };
    let mut last = x;
    loop {
        let next = s.children[h].iter().copied().find(|&y| {
            y > last
                && base(s.deprel(y)) == "nsubj"
                && joined_by_conjunction(s, s.spans[last].1, s.spans[y].0)
        });
        let Some(y) = next else { break };
        for m in actors(s, y, used) {
            if !out.contains(&m) {
                out.push(m);
            }
        }
        last = y;
    }
    out
}

/// Whether the tokens strictly between `a` and `b` are punctuation and
/// conjunctions, with at least one conjunction.
fn joined_by_conjunction(s: &Sent, a: usize, b: usize) -> bool {
    let gap = a + 1..b;
    !gap.is_empty()
        && gap.clone().all(|t| matches!(s.upos(t), "PUNCT" | "CCONJ"))
        && gap.into_iter().any(|t| s.upos(t) == "CCONJ")
}

/// How deep pronoun antecedents are being resolved inside one another on
/// this thread; see [`pronoun_antecedent`].
struct AntecedentDepth;

thread_local! {
    static ANTECEDENT_DEPTH: std::cell::Cell<u8> = const { std::cell::Cell::new(0) };
}

impl AntecedentDepth {
    /// Antecedents nested deeper than this are not resolved.
    const MAX: u8 = 2;

    /// Enters one more level, or `None` at the limit; leaving is the drop.
    fn enter() -> Option<AntecedentDepth> {
        ANTECEDENT_DEPTH.with(|d| {
            let depth = d.get();
            (depth < Self::MAX).then(|| {
                d.set(depth + 1);
                AntecedentDepth
            })
        })
    }
}

impl Drop for AntecedentDepth {
    fn drop(&mut self) {
        ANTECEDENT_DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    }
}

/// A personal pronoun without a coreference mention ("Germany said it
/// attacked Spain"): the actor subject of the nearest clause above it, as
/// PETRARCH resolves pronouns. Returns the mentions (a coordination gives
/// several) and the antecedent token.
fn pronoun_antecedent(s: &Sent, a: usize) -> Option<(Vec<usize>, usize)> {
    if s.upos(a) != "PRON" || s.tokens[a].feat("PronType").is_some_and(|p| p != "Prs") {
        return None;
    }
    if !matches!(
        s.lemma[a].as_str(),
        "HE" | "SHE" | "IT" | "THEY" | "WE" | "I" | "HIM" | "HER" | "THEM" | "US" | "ITS" | "THEIR"
    ) {
        return None;
    }
    // Climb out of the pronoun's own clause first.
    let mut cur = a;
    let mut left_clause = false;
    for _ in 0..12 {
        let h = s.heads[cur]?;
        if tree::is_clausal(s.deprel(cur)) || matches!(base(s.deprel(cur)), "xcomp" | "conj") {
            left_clause = true;
        }
        if left_clause {
            if let Some(subj) = s.children[h]
                .iter()
                .copied()
                .find(|&c| base(s.deprel(c)) == "nsubj" && c != a)
            {
                if s.mention_at[subj].is_none() || s.upos(subj) == "PRON" {
                    return None;
                }
                // The subject's conjuncts may be pronouns whose own
                // antecedent is this subject again: nesting is cut short.
                let _nested = AntecedentDepth::enter()?;
                return Some((actors(s, subj, &[]), subj));
            }
        }
        cur = h;
    }
    None
}

/// The first conjunct of the coordination token `t` belongs to (`t` itself
/// when it is no conjunct).
fn coordination_head(s: &Sent, mut t: usize) -> usize {
    for _ in 0..s.len() {
        match s.heads[t] {
            Some(h) if base(s.deprel(t)) == "conj" && s.mention_at[h].is_some() => t = h,
            _ => break,
        }
    }
    t
}

/// Verbs whose object noun is their subject's own ("unveiled a plan to
/// cut aid": the plan, and the cutting, are the subject's). Verbs that
/// react to a noun ("welcomed a proposal to ...") are not among them.
const AUTHORING_VERBS: &[&str] = &[
    "ADOPT",
    "ANNOUNCE",
    "APPROVE",
    "BEGIN",
    "DEVELOP",
    "DEVISE",
    "DRAFT",
    "FORMULATE",
    "HAVE",
    "INTRODUCE",
    "ISSUE",
    "LAUNCH",
    "MAKE",
    "OUTLINE",
    "PREPARE",
    "PRESENT",
    "PUBLISH",
    "RELEASE",
    "START",
    "SUBMIT",
    "UNDERTAKE",
    "UNVEIL",
];

/// Verbs of refusal whose dictionary block may leave them uncoded (CAMEO.2.0
/// REFUSE [---]): over an infinitival complement they reject its act.
const REFUSAL_VERBS: &[&str] = &["REFUSE", "REJECT", "DECLINE"];

/// Verbs of saying whose dictionary block has no code of its own, with the
/// code the dictionary gives them over a reported act or report.
const UNCODED_SPEECH: &[(&str, &str)] = &[("DENY", "016")];

/// A verb that heads a clause, as an uncoded claim's verb must: a parse
/// that makes a verb the object of another ("fired rockets" with "rockets"
/// tagged VBZ) has mistaken a noun for it.
fn heads_clause(s: &Sent, v: usize) -> bool {
    s.upos(v) == "VERB"
        && matches!(
            base(s.deprel(v)),
            "root" | "ccomp" | "xcomp" | "advcl" | "conj" | "parataxis" | "acl" | "csubj"
        )
}

/// Verbs of saying: their complement clause is what was said, and its
/// subject is not the one addressed.
fn is_speech_verb(lemma: &str) -> bool {
    matches!(
        lemma,
        "SAY"
            | "REPORT"
            | "STATE"
            | "ADD"
            | "NOTE"
            | "ANNOUNCE"
            | "DECLARE"
            | "CLAIM"
            | "EXPLAIN"
            | "WRITE"
            | "COMMENT"
            | "REMARK"
            | "CONFIRM"
            | "ASSERT"
            | "TELL"
    )
}

/// A verb stating a future or promised action: `will`/`shall`/`would`, or
/// the complement of "willing", "prepared", "ready", "committed".
fn is_future(s: &Sent, v: usize) -> bool {
    let aux = s.children[v].iter().any(|&c| {
        base(s.deprel(c)) == "aux" && matches!(s.lemma[c].as_str(), "WILL" | "SHALL" | "WOULD")
    });
    aux || (is_complement(s, v)
        && s.heads[v].is_some_and(|h| {
            matches!(
                s.lemma[h].as_str(),
                "WILLING" | "PREPARED" | "READY" | "COMMITTED" | "EAGER"
            )
        }))
}

/// An infinitival complement: `xcomp`, or a `to`-infinitive parsed as
/// `advcl` ("asking Obama to help Iran").
fn is_complement(s: &Sent, v: usize) -> bool {
    match base(s.deprel(v)) {
        "xcomp" => true,
        "advcl" => {
            s.tokens[v].xpos == "VB"
                && s.children[v]
                    .iter()
                    .any(|&c| base(s.deprel(c)) == "mark" && s.lemma[c] == "TO")
        }
        _ => false,
    }
}

/// The `by` agent of a passive verb.
fn agent_of(s: &Sent, v: usize) -> Option<usize> {
    s.children[v].iter().copied().find(|&c| {
        s.deprel(c) == "obl:agent"
            || (matches!(base(s.deprel(c)), "obl" | "nmod") && s.case_of(c) == Some("BY"))
    })
}

/// Actors of a phrase with preposition `case` on verb `v` or on its object.
fn case_actors(s: &Sent, v: usize, used: &[usize], case: &str) -> Vec<usize> {
    let objects = s.children[v]
        .iter()
        .copied()
        .filter(|&c| s.deprel(c) == "obj");
    let holders: Vec<usize> = std::iter::once(v).chain(objects).collect();
    for h in holders {
        for &c in &s.children[h] {
            if matches!(base(s.deprel(c)), "obl" | "nmod") && s.case_of(c) == Some(case) {
                let a = actors(s, c, used);
                if !a.is_empty() {
                    return a;
                }
            }
        }
    }
    Vec::new()
}

/// Actors of the first object (`rels`) of `v` that names one. An object
/// before its verb is none: English objects follow the verb, and a phrase
/// before it is a misread subject ("Ukrainian lawmakers Tuesday endorsed").
fn object_actors(s: &Sent, v: usize, used: &[usize], rels: &[&str]) -> Vec<usize> {
    for &c in &s.children[v] {
        if rels.contains(&s.deprel(c)) && c > v {
            let a = actors(s, c, used);
            if !a.is_empty() {
                return a;
            }
        }
    }
    Vec::new()
}

/// Actors of the verb's prepositional dependents, in order; the `by` agent
/// of a passive is never a target.
fn oblique_actors(s: &Sent, v: usize, used: &[usize], passive: bool) -> Vec<usize> {
    for &c in &s.children[v] {
        let rel = base(s.deprel(c));
        if !matches!(rel, "obl" | "nmod" | "advmod") {
            continue;
        }
        if passive && s.case_of(c) == Some("BY") {
            continue;
        }
        if s.deprel(c).ends_with(":tmod") || s.deprel(c).ends_with(":npmod") {
            continue;
        }
        // An adverb before the verb is no target ("Iraqi President Saddam
        // Hussein arrived" with "Iraqi" read as an adverb of "arrived").
        if rel == "advmod" && c < v {
            continue;
        }
        let a = actors(s, c, used);
        if !a.is_empty() {
            return a;
        }
    }
    Vec::new()
}

/// Document mention indices of the actors that argument token `a` stands
/// for: its own mention, else the nearest mention in its phrase; conjuncts
/// of the token where an actor was found add theirs.
fn actors(s: &Sent, a: usize, used: &[usize]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut stack = vec![a];
    let mut seen = Vec::new();
    while let Some(t) = stack.pop() {
        if seen.contains(&t) || seen.len() > 16 {
            continue;
        }
        seen.push(t);
        let at = actor_of(s, t, used, &mut out);
        let mut conj: Vec<usize> = s.children_with(t, "conj").collect();
        if let Some(x) = at.filter(|&x| x != t) {
            conj.extend(s.children_with(x, "conj"));
        }
        // "Lawmakers in Fornost and Gondor": a conjunct hanging from a word
        // inside the actor's mention is another actor of the phrase.
        if let Some(m) = at.and_then(|x| s.mention_at[x]) {
            for i in (0..s.len()).filter(|&i| s.mention_at[i] == Some(m)) {
                conj.extend(
                    s.children_with(i, "conj")
                        .filter(|&c| s.mention_at[c] != Some(m)),
                );
            }
        }
        // Keep written order: the stack pops the last pushed first.
        conj.sort_unstable();
        stack.extend(conj.into_iter().rev());
    }
    out
}

/// Adds mention `m` and the mentions over the same words with other codes
/// (an entry naming several actors, `[FRO/BIL/SAM]`).
fn push_mention(s: &Sent, m: usize, out: &mut Vec<usize>) {
    for x in std::iter::once(m).chain(s.twins_of(m).iter().copied()) {
        if !out.contains(&x) {
            out.push(x);
        }
    }
}

/// Adds the actor of token `a` to `out`; returns the token holding it.
fn actor_of(s: &Sent, a: usize, used: &[usize], out: &mut Vec<usize>) -> Option<usize> {
    // The argument's own word is its actor even where a pattern named it
    // ("released the civilians" with `- * &PEOPLE`); only words inside the
    // phrase that the pattern consumed are no actor.
    if let Some(m) = s.mention_at[a] {
        push_mention(s, m, out);
        return Some(a);
    }
    if let Some((ms, t)) = pronoun_antecedent(s, a) {
        for m in ms {
            if !out.contains(&m) {
                out.push(m);
            }
        }
        return Some(t);
    }
    // Breadth-first through the phrase, not into clauses or conjuncts.
    let mut themes = Vec::new();
    if let Some((m, c)) = phrase_actor(s, vec![a], used, out, &mut themes) {
        push_mention(s, m, out);
        return Some(c);
    }
    // Failing that, the arguments of a reduced relative on the phrase, as
    // PETRARCH's `get_theme` ("the roads leading into Mordor").
    let args: Vec<usize> = themes
        .iter()
        .flat_map(|&v| s.children[v].iter().copied())
        .filter(|&c| matches!(base(s.deprel(c)), "obj" | "iobj" | "obl" | "nmod"))
        .collect();
    if let Some((m, c)) = args
        .iter()
        .find_map(|&c| s.mention_at[c].map(|m| (m, c)))
        .filter(|&(m, _)| !out.contains(&m) && !consumed(s, m, used))
        .or_else(|| phrase_actor(s, args, used, out, &mut Vec::new()))
    {
        push_mention(s, m, out);
        return Some(c);
    }
    None
}

/// Whether the matched pattern consumed every word of mention `m`: such
/// words are part of the event's description, not an actor (PETRARCH
/// "colours" them; "conducting military exercises" has no `MIL` target).
fn consumed(s: &Sent, m: usize, used: &[usize]) -> bool {
    !used.is_empty()
        && (0..s.len())
            .filter(|&t| s.mention_at[t] == Some(m))
            .all(|t| used.contains(&t))
}

/// The first actor mention, breadth-first, among the dependents of
/// `frontier` within their phrase (`(mention, token)`). Participles
/// modifying a word of the phrase (reduced relatives) are collected in
/// `themes`; the `by` agent of a past participle is searched at once
/// ("memos sent by Bree").
fn phrase_actor(
    s: &Sent,
    mut frontier: Vec<usize>,
    used: &[usize],
    out: &[usize],
    themes: &mut Vec<usize>,
) -> Option<(usize, usize)> {
    // Participles modifying a word of the phrase ("a government-held part
    // of Syria", "Israeli-occupied Golan"): the actor inside one is the
    // agent of the participle, not what the phrase names; it is read only
    // when the rest of the phrase names no actor.
    let mut participles = Vec::new();
    for _ in 0..4 {
        let mut next = Vec::new();
        let mut found: Option<(usize, usize)> = None;
        for &t in &frontier {
            for &c in &s.children[t] {
                let rel = s.deprel(c);
                // A reduced relative has no subordinator ("the decision of
                // sending troops" is a noun's complement, not a relative).
                // The verb being coded is no theme of its own subject
                // ("missiles killed Iraqis" parsed as a reduced relative).
                if rel == "acl"
                    && matches!(s.tokens[c].xpos.as_str(), "VBN" | "VBG")
                    && s.children_with(c, "mark").next().is_none()
                    && s.coding.get() != Some(c)
                {
                    themes.push(c);
                }
                if rel == "acl" && s.tokens[c].xpos == "VBN" {
                    match agent_of(s, c).map(|ag| (ag, s.mention_at[ag])) {
                        Some((ag, Some(m))) if found.is_none() && !out.contains(&m) => {
                            found = Some((m, ag));
                        }
                        Some((ag, None)) => next.push(ag),
                        _ => {}
                    }
                    continue;
                }
                if tree::is_clausal(rel)
                    || matches!(base(rel), "conj" | "punct" | "cc" | "case" | "det")
                {
                    continue;
                }
                if rel == "amod"
                    && matches!(s.tokens[c].xpos.as_str(), "VBN" | "VBG")
                    && s.mention_at[c].is_none()
                {
                    participles.push(c);
                    continue;
                }
                match s.mention_at[c].filter(|&m| !consumed(s, m, used)) {
                    Some(m) => {
                        if found.is_none() && !out.contains(&m) {
                            found = Some((m, c));
                        }
                    }
                    _ => next.push(c),
                }
            }
        }
        if found.is_some() {
            return found;
        }
        frontier = next;
        if frontier.is_empty() {
            break;
        }
    }
    if participles.is_empty() {
        return None;
    }
    phrase_actor(s, participles, used, out, themes)
}

impl Stage for EventCoder {
    fn name(&self) -> &'static str {
        "events.cameo.v1"
    }

    fn requires(&self) -> &'static [Layer] {
        &[
            Layer::Sentences,
            Layer::Tokens,
            Layer::Tags,
            Layer::Lemmas,
            Layer::Dependencies,
            Layer::Mentions,
        ]
    }

    fn provides(&self) -> &'static [Layer] {
        &[Layer::Events]
    }

    fn run(&self, doc: &mut AnnotatedDoc) {
        if doc.tokens.iter().all(|t| t.deprel.is_empty()) && !doc.tokens.is_empty() {
            doc.diagnose(
                Severity::Warning,
                "events.cameo.v1",
                "the tokens carry no dependency parse; no events were coded",
                None,
            );
        }
        self.code_doc(doc);
        doc.mark_layer(Layer::Events);
    }
}
