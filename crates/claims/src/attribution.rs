//! Stage `claims.attribution.v1`: who asserts each event.
//!
//! A *cue* is a communication verb (say, add, tell, state, reveal, disclose,
//! unveil, claim, allege, accuse, deny, confirm, warn, announce, report and
//! a few more) or "according to". Each cue has a speaker (its subject, the
//! noun phrase after an inverted "said X", or the phrase after "according
//! to") and a scope: the byte ranges it reports. The scope is the content
//! clause after the cue, or the words before ", X said", or the whole
//! sentence around "according to X"; a scope that touches a quotation grows
//! to the whole quotation, across sentences. An event takes the speaker of
//! the *innermost* scope holding its trigger, which gives nested chains
//! ("X said Y told him that ...") their right speakers; every other event
//! is in the article's own voice.

use text_model::{AnnotatedDoc, Attribution, ByteSpan, Layer, Speaker, Stage};

use crate::words;

/// A reporting cue with its speaker and scope.
#[derive(Clone, Debug, PartialEq)]
pub struct Cue {
    /// The cue words ("said", "according to").
    pub span: ByteSpan,
    pub speaker: Option<Speaker>,
    /// The byte ranges the cue reports.
    pub scope: Vec<ByteSpan>,
}

impl Cue {
    fn covers(&self, span: ByteSpan) -> bool {
        self.scope.iter().any(|s| s.contains(span))
    }

    fn size(&self) -> usize {
        self.scope.iter().map(|s| s.len()).sum()
    }
}

/// Communication verbs, every inflection that is only a verb.
const CUE_FORMS: &[&str] = &[
    "say",
    "says",
    "said",
    "saying",
    "added",
    "adds",
    "adding",
    "tell",
    "tells",
    "told",
    "telling",
    "stated",
    "revealed",
    "reveals",
    "reveal",
    "disclosed",
    "discloses",
    "disclose",
    "unveiled",
    "unveils",
    "claimed",
    "claiming",
    "alleged",
    "alleges",
    "allege",
    "alleging",
    "accused",
    "accuses",
    "accuse",
    "accusing",
    "denied",
    "denies",
    "deny",
    "denying",
    "confirmed",
    "confirms",
    "confirm",
    "warned",
    "warns",
    "warn",
    "warning",
    "announced",
    "announces",
    "announce",
    "reported",
    "insisted",
    "insists",
    "asserted",
    "asserts",
    "stressed",
    "noted",
    "explained",
    "argued",
    "acknowledged",
    "admitted",
    "admits",
    "wrote",
    "declared",
    "testified",
    "maintained",
    "maintains",
    "recalled",
    "charged",
    "suggested",
    "conceded",
    "contended",
    "believes",
    "believed",
    "thinks",
    "estimated",
    "quoted",
];

/// Whether a lowercased word is a form of a communication verb.
pub(crate) fn is_speech_word(w: &str) -> bool {
    CUE_FORMS.contains(&w) || AMBIGUOUS_FORMS.contains(&w)
}

/// Forms that are also nouns: cues only when tagged as verbs or right after
/// a subject pronoun.
const AMBIGUOUS_FORMS: &[&str] = &[
    "claims", "claim", "reports", "report", "states", "state", "add",
];

/// Words skipped between a subject and its cue verb.
const BETWEEN_SUBJECT_AND_CUE: &[&str] = &[
    "has",
    "have",
    "had",
    "also",
    "later",
    "further",
    "was",
    "were",
    "is",
    "previously",
    "earlier",
    "then",
    "reportedly",
    "repeatedly",
    "would",
    "had",
    "publicly",
    "again",
    "once",
    "initially",
    "separately",
    "on",
    "yesterday",
    "today",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "recently",
    "flatly",
    "strongly",
    "angrily",
    "firmly",
    "did",
    "does",
    "not",
    "n't",
    "never",
];

fn is_np_word(w: &str) -> bool {
    !words::is_punct(w)
        && !matches!(
            w,
            "that"
                | "and"
                | "but"
                | "said"
                | "says"
                | "who"
                | "which"
                | "when"
                | "while"
                | "because"
                | "as"
                | "if"
                | "after"
                | "before"
                | "to"
                | "by"
                | "with"
                | "it's"
        )
        && !CUE_FORMS.contains(&w)
}

/// Quotation regions of the whole document as byte spans (inclusive of the
/// marks). A quotation still open at a paragraph break is closed there.
pub(crate) fn quote_regions(text: &str) -> Vec<ByteSpan> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let mut last_nl = false;
    for (i, c) in text.char_indices() {
        match c {
            '“' => open = Some(i),
            '”' => {
                if let Some(s) = open.take() {
                    out.push(ByteSpan::new(s, i + c.len_utf8()));
                }
            }
            '"' => match open.take() {
                Some(s) => out.push(ByteSpan::new(s, i + 1)),
                None => open = Some(i),
            },
            '\n' => {
                if last_nl {
                    if let Some(s) = open.take() {
                        out.push(ByteSpan::new(s, i));
                    }
                }
                last_nl = true;
                continue;
            }
            _ => {}
        }
        if !c.is_whitespace() {
            last_nl = false;
        }
    }
    if let Some(s) = open {
        out.push(ByteSpan::new(s, text.len()));
    }
    out
}

fn is_cue_token(doc: &AnnotatedDoc, lower: &[String], i: usize, lo: usize) -> bool {
    let w = lower[i].as_str();
    let tagged = words::has_tags(doc);
    let upos = doc.tokens[i].upos.as_str();
    if CUE_FORMS.contains(&w) {
        // "the alleged attack", "the accused", "a warning": not verbs.
        if tagged && matches!(upos, "ADJ" | "NOUN" | "PROPN") {
            return false;
        }
        if matches!(
            w,
            "alleged" | "accused" | "reported" | "warning" | "claimed" | "said" | "unveiled"
        ) && i > lo
            && matches!(
                lower[i - 1].as_str(),
                "the" | "a" | "an" | "his" | "her" | "its" | "their"
            )
        {
            return false;
        }
        if w == "warning"
            && !(i > lo && matches!(lower[i - 1].as_str(), "is" | "was" | "were" | "are"))
        {
            return false;
        }
        return true;
    }
    if AMBIGUOUS_FORMS.contains(&w) {
        if tagged {
            return upos == "VERB";
        }
        return i > lo
            && matches!(
                lower[i - 1].as_str(),
                "he" | "she" | "they" | "officials" | "it" | "we" | "i" | "also"
            );
    }
    false
}

/// Finds every cue in the document.
pub fn find_cues(doc: &AnnotatedDoc) -> Vec<Cue> {
    let lower = words::lower_tokens(doc);
    let quotes = quote_regions(doc.text());
    let deps = words::has_deps(doc);
    let mut cues = Vec::new();
    for s in 0..doc.sentences.len() {
        let r = words::sentence_range(doc, s);
        if r.is_empty() {
            continue;
        }
        let (lo, hi) = (r.start, r.end);
        let mut i = lo;
        while i < hi {
            if lower[i] == "according" && i + 1 < hi && lower[i + 1] == "to" {
                cues.push(according_to(doc, &lower, lo, hi, i, &quotes));
                i += 2;
                continue;
            }
            if is_cue_token(doc, &lower, i, lo) {
                if let Some(c) = verb_cue(doc, &lower, lo, hi, i, deps, &quotes) {
                    cues.push(c);
                }
            }
            i += 1;
        }
    }
    cues
}

fn speaker_of(doc: &AnnotatedDoc, from: usize, to: usize) -> Option<Speaker> {
    if from >= to {
        return None;
    }
    let span = words::tokens_span(doc, from..to);
    let code = words::best_mention(&doc.mentions, span).and_then(|m| m.code.clone());
    Some(Speaker { span, code })
}

fn is_boundary(w: &str) -> bool {
    matches!(w, "," | "--" | "—" | "–" | ":") || words::is_quote(w)
}

/// Extends a noun phrase leftwards from `end` (inclusive).
fn np_left(doc: &AnnotatedDoc, lower: &[String], lo: usize, end: usize) -> usize {
    let tagged = words::has_tags(doc);
    let mut start = end;
    while start > lo {
        let w = lower[start - 1].as_str();
        if !is_np_word(w) || end + 1 - start >= 8 {
            break;
        }
        if tagged
            && matches!(
                doc.tokens[start - 1].upos.as_str(),
                "VERB" | "AUX" | "SCONJ" | "PRON"
            )
            && !matches!(
                w,
                "he" | "she"
                    | "they"
                    | "it"
                    | "we"
                    | "i"
                    | "his"
                    | "her"
                    | "its"
                    | "their"
                    | "our"
                    | "my"
            )
        {
            break;
        }
        // A preposition is inside the phrase only when a noun phrase continues
        // to its left ("a spokesman for the ministry").
        if matches!(w, "of" | "for" | "at" | "from" | "in") {
            if start - 1 > lo && is_np_word(&lower[start - 2]) {
                start -= 1;
                continue;
            }
            break;
        }
        if matches!(w, "his" | "her" | "its" | "their" | "our" | "my") && start - 1 != end {
            // A possessive opens the phrase: "his office".
            start -= 1;
            break;
        }
        if words::PRONOUNS.contains(&w) && start - 1 != end {
            break;
        }
        start -= 1;
        if matches!(w, "he" | "she" | "they" | "it" | "we" | "i") {
            break;
        }
    }
    start
}

/// A noun phrase rightwards from `start`, up to a boundary.
fn np_right(lower: &[String], start: usize, hi: usize) -> usize {
    let mut end = start;
    while end < hi && end - start < 10 {
        let w = lower[end].as_str();
        if is_boundary(w) || matches!(w, "." | "!" | "?" | ";" | "on" | "in" | "late" | "early") {
            break;
        }
        if !is_np_word(w) && end > start {
            break;
        }
        end += 1;
    }
    end
}

/// The noun phrase that opens the sentence, up to its verb.
fn subject_at_start(
    doc: &AnnotatedDoc,
    lower: &[String],
    lo: usize,
    c: usize,
) -> Option<(usize, usize)> {
    if let Some(m) = doc
        .mentions
        .iter()
        .find(|m| m.kind != text_model::MentionKind::Place && m.tokens.start as usize == lo)
    {
        return Some((lo, (m.tokens.end as usize).min(c)));
    }
    let tagged = words::has_tags(doc);
    let mut b = lo;
    while b < c && is_np_word(&lower[b]) {
        if tagged {
            if matches!(doc.tokens[b].upos.as_str(), "VERB" | "AUX") {
                break;
            }
        } else if b > lo && (lower[b].ends_with("ed") || b >= lo + 2) {
            break;
        }
        b += 1;
    }
    (b > lo).then_some((lo, b))
}

fn is_time_word(w: &str) -> bool {
    matches!(
        w,
        "on" | "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "yesterday"
            | "today"
            | "tonight"
            | "later"
            | "earlier"
            | "also"
            | "again"
            | "last"
            | "night"
            | "week"
            | "morning"
            | "evening"
            | "afternoon"
    )
}

fn skip_left(lower: &[String], lo: usize, mut j: usize) -> Option<usize> {
    // j is an index; returns the first index at or left of j not skipped.
    loop {
        if BETWEEN_SUBJECT_AND_CUE.contains(&lower[j].as_str()) {
            if j == lo {
                return None;
            }
            j -= 1;
        } else {
            return Some(j);
        }
    }
}

fn verb_cue(
    doc: &AnnotatedDoc,
    lower: &[String],
    lo: usize,
    hi: usize,
    c: usize,
    deps: bool,
    quotes: &[ByteSpan],
) -> Option<Cue> {
    let cue_span = doc.tokens[c].span;
    let mut speaker: Option<(usize, usize)> = None;
    let mut inverted = false;
    // 1. Windows: the phrase to the left of the verb.
    if speaker.is_none() && c > lo {
        if let Some(j) = skip_left(lower, lo, c - 1) {
            let w = lower[j].as_str();
            if w == "," {
                // "X, who ..., said" or "X, a spokesman for Y, said".
                let mut k = j;
                let mut found = None;
                while k > lo && j - k < 30 {
                    k -= 1;
                    if matches!(lower[k].as_str(), "who" | "whose") && k > lo && lower[k - 1] == ","
                    {
                        found = Some(k - 1);
                        break;
                    }
                    if lower[k] == "," {
                        // Apposition: the segment between the commas opens with
                        // an article or a title word.
                        let first = lower.get(k + 1).map_or("", String::as_str);
                        if matches!(
                            first,
                            "a" | "an" | "the" | "his" | "her" | "its" | "their" | "who"
                        ) || (k + 1 < j
                            && words::is_capitalized(doc.slice(doc.tokens[k + 1].span))
                            && k > lo)
                        {
                            found = Some(k);
                        }
                        break;
                    }
                }
                if let Some(comma) = found {
                    if comma > lo {
                        let a = np_left(doc, lower, lo, comma - 1);
                        speaker = Some((a, comma));
                    }
                }
                if speaker.is_none() {
                    inverted = true;
                }
            } else if matches!(w, "and" | "but") {
                // "X disputed the account and said ...": the subject of the
                // first verb, at the start of the clause.
                speaker = subject_at_start(doc, lower, lo, c);
            } else if is_boundary(w) || words::is_punct(w) {
                inverted = true;
            } else if is_np_word(w) {
                let a = np_left(doc, lower, lo, j);
                speaker = Some((a, j + 1));
            } else {
                inverted = true;
            }
        }
    } else if speaker.is_none() {
        inverted = true;
    }
    // 2. Inverted "said X".
    if speaker.is_none() && inverted && c + 1 < hi {
        let start = c + 1;
        let end = np_right(lower, start, hi);
        if end > start {
            speaker = Some((start, end));
        }
    }
    // 4. The dependency subject, when the windows found none.
    if deps && speaker.is_none() {
        if let Some(subj) = words::children(doc, lo..hi, c)
            .into_iter()
            .find(|&j| doc.tokens[j].deprel.starts_with("nsubj"))
        {
            let mut a = subj;
            let mut b = subj + 1;
            for ch in words::children(doc, lo..hi, subj) {
                let rel = doc.tokens[ch].deprel.as_str();
                if matches!(
                    rel,
                    "compound" | "flat" | "flat:name" | "det" | "amod" | "nmod:poss" | "nummod"
                ) || (rel == "nmod" && ch > subj && ch < c)
                {
                    a = a.min(ch);
                    b = b.max(ch + 1);
                    if rel == "nmod" {
                        // Take the preposition and the whole nominal.
                        let sub = words::children(doc, lo..hi, ch);
                        if let Some(&m) = sub.iter().max() {
                            b = b.max(m + 1);
                        }
                    }
                }
            }
            inverted = subj > c;
            speaker = Some((a, b.min(hi)));
        }
    }
    let sp = speaker.and_then(|(a, b)| speaker_of(doc, a, b));
    // Scope.
    let sent_end = doc.tokens[hi - 1].span.end();
    let sent_start = doc.tokens[lo].span.start();
    let mut scope = Vec::new();
    let (sp_a, sp_b) = speaker.unwrap_or((c, c + 1));
    let sp_first = sp_a.min(c);
    let boundary_before = sp_first > lo && {
        let p = lower[sp_first - 1].as_str();
        is_boundary(p) || words::is_quote(p)
    };
    // What follows the cue (and an inverted speaker), past time words.
    let mut next = if inverted { sp_b.max(c + 1) } else { c + 1 };
    while next < hi && is_time_word(&lower[next]) {
        next += 1;
    }
    let next_w = lower.get(next).map_or(".", String::as_str);
    // Words after the cue that are no clause ("told reporters in Kabul.").
    let triggers: Vec<usize> = doc
        .events
        .iter()
        .filter_map(|e| words::token_at(doc, e.trigger.start()))
        .collect();
    let clause_after = (next..hi).any(|k| {
        triggers.contains(&k)
            || words::is_verb_tag(doc, k)
            || matches!(
                lower[k].as_str(),
                "that" | ":" | "," | "whether" | "how" | "why" | "what"
            )
            || words::is_quote(&lower[k])
    });
    let ends_here = next >= hi
        || matches!(next_w, "." | "!" | "?" | ";")
        || words::is_quote(next_w)
        || (!clause_after && hi - next <= 8);
    if boundary_before && (ends_here || next_w == ",") {
        // Content before ", X said" (or '" said X').
        let mut end_tok = sp_first - 1;
        while end_tok > lo && is_boundary(&lower[end_tok - 1]) {
            end_tok -= 1;
        }
        scope.push(ByteSpan::new(sent_start, doc.tokens[end_tok].span.start()));
        // A parenthetical ", he said, was ..." continues after the comma.
        if next_w == "," && next + 1 < hi {
            scope.push(ByteSpan::new(doc.tokens[next + 1].span.start(), sent_end));
        }
    } else {
        let after = if inverted { sp_b.max(c + 1) } else { c + 1 };
        if after < hi {
            scope.push(ByteSpan::new(doc.tokens[after].span.start(), sent_end));
        }
    }
    // Quotations touching the scope belong to it whole.
    let mut extra = Vec::new();
    for q in quotes {
        if scope.iter().any(|s| s.overlaps(*q)) && !q.contains(cue_span) {
            extra.push(*q);
        }
    }
    scope.extend(extra);
    // A cue inside a quotation: the quotation's own words are not its scope
    // beyond the sentence (the outer speaker's quote goes on).
    Some(Cue {
        span: cue_span,
        speaker: sp,
        scope,
    })
}

fn according_to(
    doc: &AnnotatedDoc,
    lower: &[String],
    lo: usize,
    hi: usize,
    i: usize,
    quotes: &[ByteSpan],
) -> Cue {
    let start = i + 2;
    let end = np_right(lower, start, hi);
    let span = words::tokens_span(doc, i..i + 2);
    let speaker = speaker_of(doc, start, end);
    let sent_start = doc.tokens[lo].span.start();
    let sent_end = doc.tokens[hi - 1].span.end();
    let mut scope = Vec::new();
    if i > lo {
        scope.push(ByteSpan::new(sent_start, doc.tokens[i].span.start()));
    }
    if end < hi {
        scope.push(ByteSpan::new(doc.tokens[end].span.start(), sent_end));
    }
    for q in quotes {
        if scope.iter().any(|s| s.overlaps(*q)) {
            scope.push(*q);
        }
    }
    Cue {
        span,
        speaker,
        scope,
    }
}

/// Stage `claims.attribution.v1`.
#[derive(Debug, Default)]
pub struct AttributionStage;

impl AttributionStage {
    pub fn new() -> AttributionStage {
        AttributionStage
    }
}

impl Stage for AttributionStage {
    fn name(&self) -> &'static str {
        "claims.attribution.v1"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Sentences, Layer::Tokens, Layer::Events]
    }

    fn provides(&self) -> &'static [Layer] {
        &[Layer::Attribution]
    }

    fn run(&self, doc: &mut AnnotatedDoc) {
        let cues = find_cues(doc);
        for ev in &mut doc.events {
            let best = cues
                .iter()
                .filter(|c| !c.span.overlaps(ev.trigger) && c.covers(ev.trigger))
                .min_by_key(|c| c.size());
            ev.attribution = Some(match best {
                Some(c) => Attribution {
                    asserted_by: c.speaker.clone().or(Some(Speaker {
                        span: c.span,
                        code: None,
                    })),
                    cue: Some(c.span),
                },
                None => Attribution::default(),
            });
        }
        doc.mark_layer(Layer::Attribution);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit;

    /// (text, trigger, expected speaker words or "" for own voice)
    const CASES: &[(&str, &str, &str)] = &[
        (
            "The defector said the group attacked the convoy.",
            "attacked",
            "The defector",
        ),
        (
            "The group attacked the convoy, the defector said.",
            "attacked",
            "the defector",
        ),
        (
            "The group attacked the convoy, said Ahmed Ali.",
            "attacked",
            "Ahmed Ali",
        ),
        (
            "According to the ministry, rebels shelled the town.",
            "shelled",
            "the ministry",
        ),
        (
            "Rebels shelled the town, according to the ministry.",
            "shelled",
            "the ministry",
        ),
        (
            "Karimi, who fled in 2010, said the militia trained fighters.",
            "trained",
            "Karimi",
        ),
        (
            "Ali Hassan, a spokesman for the army, said troops entered the city.",
            "entered",
            "Ali Hassan",
        ),
        ("Rebels shelled the town on Monday.", "shelled", ""),
        (
            "The attack, he said, was planned by the militia.",
            "planned",
            "he",
        ),
        (
            "He said the colonel told him that the militia bought weapons.",
            "bought",
            "the colonel",
        ),
        (
            "He said the colonel told him that the militia bought weapons.",
            "told",
            "He",
        ),
        (
            "\"We attacked the base. We will attack again,\" the commander said.",
            "attacked",
            "the commander",
        ),
        (
            "The minister denied that police beat protesters.",
            "beat",
            "The minister",
        ),
        (
            "Officials accused the militia of killing civilians.",
            "killing",
            "Officials",
        ),
        (
            "Western officials disputed the account and said the jets hit a hospital.",
            "hit",
            "Western officials",
        ),
        (
            "On Tuesday, the defector said the group killed the president.",
            "killed",
            "the defector",
        ),
        (
            "Leaders will meet on Saturday, his office announced.",
            "meet",
            "his office",
        ),
        (
            "\"Troops left,\" the official told reporters in Kabul.",
            "left",
            "the official",
        ),
    ];

    #[test]
    fn speakers_table() {
        for (text, trig, want) in CASES {
            let mut d = testkit::doc(text, None, None);
            testkit::add_event(&mut d, trig, 0, "190", None, None).unwrap();
            AttributionStage::new().run(&mut d);
            let a = d.events[0].attribution.clone().unwrap();
            let got = a
                .asserted_by
                .map_or(String::new(), |s| d.slice(s.span).to_string());
            assert_eq!(&got, want, "{text}");
        }
    }

    #[test]
    fn quote_across_sentences() {
        let text = "\"We trained them. Then we sent them to Kabul,\" Karimi said.";
        let mut d = testkit::doc(text, None, None);
        assert_eq!(d.sentences.len(), 2);
        testkit::add_event(&mut d, "trained", 0, "190", None, None).unwrap();
        AttributionStage::new().run(&mut d);
        let a = d.events[0].attribution.clone().unwrap();
        assert_eq!(d.slice(a.asserted_by.unwrap().span), "Karimi");
        assert_eq!(d.slice(a.cue.unwrap()), "said");
    }
}
