//! Stage `claims.coref.v1`: coreference across sentences.
//!
//! Runs before the event coder, so that the coder can take "the group",
//! "he" or "ISIL" as the actor they stand for. It adds mentions and never
//! changes the ones the actor dictionary found:
//!
//! - **aliases the text introduces**: "the Islamic State of Iraq and the
//!   Levant (ISIL)", "X, also known as Y", "better known as Y". Every later
//!   occurrence of the alias becomes an `Actor` mention with the code of the
//!   full name and that name as antecedent;
//! - **appositions and titles**: "Rahim Karimi, a former commander of the
//!   militia" and "militia commander Rahim Karimi" make an `Actor` mention
//!   for the person with the organization's code plus the agent of the role
//!   ("commander" adds `MIL`, "minister" and "official" add `GOV`) where the
//!   code does not have it yet; the person's surname then refers back too;
//! - **definite descriptions**: "the group", "the militia", "the ministry",
//!   "the former official", "the late dictator" become `Description`
//!   mentions pointing at the latest earlier actor of a compatible kind;
//! - **pronouns**: he, she, him, his, her, it, its, they, them, their
//!   become `Pronoun` mentions: a person for he/she, an organization for
//!   it/its, a group or plural for they/their; the antecedent is the latest
//!   compatible actor in the same sentence, else the first (subject-most) in
//!   the nearest earlier sentence that has one.
//!
//! `antecedent` is always the span of the *named* mention at the root of the
//! chain, so "it" after "the group" points at the group's name.

use text_model::{AnnotatedDoc, ByteSpan, Layer, Mention, MentionKind, Stage};

use crate::words;

/// A candidate antecedent.
#[derive(Clone, Debug)]
struct Ent {
    span: ByteSpan,
    first_tok: usize,
    sentence: usize,
    code: String,
    /// The named mention at the root of the chain.
    root: ByteSpan,
    /// A person's name: a capitalized name that is no place and has no
    /// organization word ("weak"), or `strong` as well when a title or an
    /// apposition says so.
    person: bool,
    strong: bool,
    plural: bool,
    text: String,
}

const TITLES: &[&str] = &[
    "president",
    "minister",
    "gen.",
    "general",
    "col.",
    "colonel",
    "mr.",
    "mrs.",
    "ms.",
    "dr.",
    "sheikh",
    "king",
    "prince",
    "leader",
    "commander",
    "spokesman",
    "spokeswoman",
    "chief",
    "secretary",
    "ambassador",
    "envoy",
    "cleric",
    "imam",
    "ayatollah",
    "premier",
    "chancellor",
    "senator",
    "sen.",
    "rep.",
    "gov.",
    "governor",
    "lt.",
    "capt.",
    "maj.",
    "sgt.",
    "judge",
    "mayor",
    "emir",
    "sultan",
    "queen",
    "pope",
    "bishop",
    "rabbi",
    "mullah",
    "warlord",
];

const ORG_WORDS: &[&str] = &[
    "ministry",
    "army",
    "party",
    "front",
    "group",
    "state",
    "council",
    "government",
    "forces",
    "force",
    "brigade",
    "brigades",
    "movement",
    "organization",
    "organisation",
    "union",
    "committee",
    "police",
    "militia",
    "islamic",
    "republic",
    "court",
    "bank",
    "agency",
    "office",
    "department",
    "league",
    "alliance",
    "coalition",
    "nations",
    "command",
    "guard",
    "guards",
    "corps",
    "authority",
    "administration",
    "regime",
    "service",
    "services",
    "hezbollah",
    "hamas",
    "taliban",
    "qaeda",
    "network",
    "association",
    "federation",
    "congress",
    "parliament",
    "assembly",
    "senate",
    "cabinet",
    "company",
    "corporation",
    "navy",
    "airforce",
    "mujahideen",
    "rebels",
    "militants",
    "insurgents",
    "fighters",
    "people",
    "students",
    "unit",
    "units",
    "battalion",
    "division",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    NonState,
    Government,
    Military,
    Police,
    Person,
}

fn description_class(head: &str) -> Option<Class> {
    Some(match head {
        "group" | "organization" | "organisation" | "movement" | "militia" | "outfit"
        | "network" | "faction" | "insurgents" | "militants" | "rebels" | "jihadists"
        | "extremists" | "guerrillas" | "front" | "brigade" | "cell" | "insurgency" | "party" => {
            Class::NonState
        }
        "government" | "ministry" | "regime" | "administration" | "authorities" | "cabinet"
        | "agency" | "junta" => Class::Government,
        "army" | "military" | "troops" | "forces" | "soldiers" | "navy" => Class::Military,
        "police" => Class::Police,
        "official" | "minister" | "president" | "leader" | "commander" | "dictator"
        | "spokesman" | "spokeswoman" | "general" | "colonel" | "envoy" | "chief" | "king"
        | "cleric" | "premier" | "ruler" | "strongman" | "warlord" | "defector" => Class::Person,
        _ => return None,
    })
}

/// Role nouns in appositions, and the agent code they add.
fn role_agent(role: &str) -> Option<Option<&'static str>> {
    Some(match role {
        "commander" | "general" | "colonel" | "officer" | "fighter" | "militant" | "soldier"
        | "commander-in-chief" | "captain" | "major" | "lieutenant" => Some("MIL"),
        "minister" | "official" | "secretary" | "director" | "diplomat" | "ambassador"
        | "envoy" | "adviser" | "advisor" | "aide" | "governor" => Some("GOV"),
        "leader" | "member" | "spokesman" | "spokeswoman" | "spokesperson" | "founder" | "head"
        | "chief" | "chairman" | "president" | "representative" | "deputy" | "negotiator"
        | "cleric" | "ideologue" | "financier" | "activist" | "defector" | "emir" => None,
        _ => return None,
    })
}

const TITLE_ADJ: &[&str] = &[
    "former",
    "senior",
    "top",
    "deputy",
    "late",
    "ex",
    "then",
    "veteran",
    "local",
    "regional",
    "military",
    "chief",
    "high-ranking",
    "mid-level",
    "armed",
    "militant",
    "jihadist",
    "rebel",
    "extremist",
    "islamist",
    "radical",
    "banned",
    "outlawed",
    "sunni",
    "shiite",
    "shia",
    "two",
    "same",
    "powerful",
    "ruling",
    "main",
    "notorious",
    "shadowy",
    "feared",
    "new",
    "interim",
];

fn with_agent(code: &str, agent: Option<&str>) -> String {
    match agent {
        Some(a) if !code.contains(a) => format!("{code}{a}"),
        _ => code.to_string(),
    }
}

fn class_fits(e: &Ent, class: Class, head: &str) -> bool {
    let code = e.code.as_str();
    let text = e.text.to_lowercase();
    if text.contains(head) {
        return true;
    }
    match class {
        Class::Person => e.person,
        Class::Government => {
            !e.strong
                && (code.contains("GOV")
                    || text.contains("ministry")
                    || text.contains("government"))
        }
        Class::Military => !e.strong && code.contains("MIL"),
        Class::Police => !e.strong && code.contains("COP"),
        Class::NonState => {
            // An army is not "the group", unless its name says militia.
            let state_forces = code.contains("GOV")
                || code.contains("COP")
                || code.contains("MIL") && !text.contains("militia") && !text.contains("brigade");
            !e.strong
                && !state_forces
                && (code.contains("REB")
                    || code.contains("INS")
                    || code.contains("MIL")
                    || code.contains("OPP")
                    || code.contains("SEP")
                    || code.contains("RAD")
                    || code.contains("NGO")
                    || code.contains("UAF")
                    || code.contains("IMG")
                    || code.len() > 6
                    || code.len() == 3 && !code.chars().all(|c| c.is_ascii_uppercase()))
        }
    }
}

/// Lowercase parts of Arabic and other names: "al-Baghdadi", "bin", "-".
fn name_particle(w: &str) -> bool {
    matches!(
        w,
        "al-" | "al" | "el" | "-" | "bin" | "ibn" | "abu" | "bint" | "ul" | "ad-" | "as-"
    ) || [
        "al-", "el-", "ul-", "ad-", "as-", "ash-", "ar-", "an-", "at-", "az-",
    ]
    .iter()
    .any(|p| {
        w.len() > p.len() + 1
            && w.starts_with(p)
            && w[p.len()..].starts_with(|c: char| c.is_uppercase())
    })
}

fn looks_like_person(text: &str) -> bool {
    let ws: Vec<&str> = text.split_whitespace().collect();
    (2..=4).contains(&ws.len())
        && ws.iter().all(|w| {
            words::is_capitalized(w)
                || [
                    "al-", "el-", "ul-", "ad-", "as-", "ash-", "bin", "ibn", "al", "el", "abu",
                    "de", "van", "von", "bin-",
                ]
                .iter()
                .any(|p| w.starts_with(p) && w.len() > p.len() || *w == *p)
        })
        && !ws
            .iter()
            .any(|w| ORG_WORDS.contains(&w.to_lowercase().trim_end_matches("'s")))
        && !ws[0].eq_ignore_ascii_case("the")
        // "North Korea" is a place, not a person.
        && crate::Gazetteer::builtin().lookup(text).is_empty()
}

/// Stage `claims.coref.v1`.
#[derive(Debug, Default)]
pub struct CorefStage;

impl CorefStage {
    pub fn new() -> CorefStage {
        CorefStage
    }
}

impl Stage for CorefStage {
    fn name(&self) -> &'static str {
        "claims.coref.v1"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Sentences, Layer::Tokens, Layer::Mentions]
    }

    fn provides(&self) -> &'static [Layer] {
        &[Layer::Coreference]
    }

    fn run(&self, doc: &mut AnnotatedDoc) {
        let added = resolve(doc);
        doc.mentions.extend(added);
        // After the other links, so that a speaker known only through
        // coreference ("Karimi said") lends its code too.
        let quoted = quoted_first_person(doc);
        doc.mentions.extend(quoted);
        doc.mentions
            .sort_by_key(|m| (m.span.start(), std::cmp::Reverse(m.span.end())));
        doc.mark_layer(Layer::Coreference);
    }
}

/// First-person pronouns inside a quotation ("\"We attacked the
/// checkpoint,\" the commander said") stand for the quotation's speaker,
/// or the speaker's side for "we", "us" and "our": each becomes a pronoun
/// mention with the speaker's code, its antecedent the speaker's mention.
/// A speaker with no code, or one inside the quotation itself, lends none.
fn quoted_first_person(doc: &AnnotatedDoc) -> Vec<Mention> {
    let quotes = crate::attribution::quote_regions(doc.text());
    if quotes.is_empty() {
        return Vec::new();
    }
    let lower = words::lower_tokens(doc);
    let quoted: Vec<usize> = lower
        .iter()
        .enumerate()
        .filter(|(_, w)| matches!(w.as_str(), "we" | "us" | "our" | "i" | "me" | "my"))
        .map(|(i, _)| i)
        .filter(|&i| {
            let span = doc.tokens[i].span;
            quotes.iter().any(|q| q.contains(span))
                && !doc
                    .mentions
                    .iter()
                    .any(|m| m.kind != MentionKind::Place && m.span.overlaps(span))
        })
        .collect();
    // The cues are read only for a document that needs them.
    if quoted.is_empty() {
        return Vec::new();
    }
    let cues = crate::attribution::find_cues(doc);
    let mut out: Vec<Mention> = Vec::new();
    for i in quoted {
        let span = doc.tokens[i].span;
        let speaker = cues
            .iter()
            .filter(|c| !c.span.overlaps(span) && c.scope.iter().any(|s| s.contains(span)))
            .min_by_key(|c| c.scope.iter().map(|s| s.len()).sum::<usize>())
            .and_then(|c| c.speaker.as_ref());
        let Some(sp) = speaker.filter(|sp| !quotes.iter().any(|q| q.contains(sp.span))) else {
            continue;
        };
        // A speaker named only by a name the dictionary lacks takes the
        // code of its apposition ("said Amina Yusuf, a villager").
        let coded = match sp.code.as_deref() {
            Some(c) => words::best_mention(&doc.mentions, sp.span)
                .map(|m| (c, m.antecedent.unwrap_or(m.span)))
                .or(Some((c, sp.span))),
            None => apposition_mention(doc, sp.span)
                .and_then(|m| Some((m.code.as_deref()?, m.antecedent.unwrap_or(m.span)))),
        };
        let Some((code, root)) = coded else {
            continue;
        };
        out.push(mention(
            doc,
            i,
            i + 1,
            MentionKind::Pronoun,
            code,
            "quoted speaker".to_string(),
            root,
        ));
    }
    out
}

/// The coded mention of an apposition to the words of `span`: a child
/// `appos` of one of its tokens, the mention over it or in its phrase.
fn apposition_mention(doc: &AnnotatedDoc, span: ByteSpan) -> Option<&Mention> {
    let inside = tok_range(doc, span);
    let appos = doc.tokens.iter().enumerate().find_map(|(i, t)| {
        let h = t.head? as usize;
        (inside.contains(&h) && !inside.contains(&i) && t.deprel == "appos").then_some(i)
    })?;
    // The appositive phrase: the head and its dependents, in the sentence.
    let phrase: Vec<usize> = (0..doc.tokens.len())
        .filter(|&i| {
            let mut cur = i;
            for _ in 0..8 {
                if cur == appos {
                    return true;
                }
                match doc.tokens[cur].head {
                    Some(h) => cur = h as usize,
                    None => return false,
                }
            }
            false
        })
        .collect();
    doc.mentions
        .iter()
        .filter(|m| m.kind != MentionKind::Place && m.code.is_some())
        .filter(|m| {
            let r = tok_range(doc, m.span);
            phrase.contains(&r.start)
        })
        .min_by_key(|m| tok_range(doc, m.span).start.abs_diff(appos))
}

fn tok_range(doc: &AnnotatedDoc, span: ByteSpan) -> std::ops::Range<usize> {
    let s = doc.tokens.partition_point(|t| t.span.end() <= span.start());
    let e = doc.tokens.partition_point(|t| t.span.start() < span.end());
    s..e
}

fn mention(
    doc: &AnnotatedDoc,
    a: usize,
    b: usize,
    kind: MentionKind,
    code: &str,
    entry: String,
    root: ByteSpan,
) -> Mention {
    Mention {
        span: words::tokens_span(doc, a..b),
        tokens: a as u32..b as u32,
        kind,
        code: Some(code.to_string()),
        entry: Some(entry),
        antecedent: Some(root),
    }
}

/// A code without a country or organization: the actor dictionary's bare
/// agents ("---UAF" for "militia"). Coreference may resolve such a mention
/// to the named actor it stands for.
/// The organization inside a role mention such as "commander of Kataib
/// Hezbollah" (code `IRQREBMIL`): its name after the last "of", with the
/// code less the role's agent.
fn organization_in_role(doc: &AnnotatedDoc, span: ByteSpan, text: &str, code: &str) -> Option<Ent> {
    let at = text.rfind(" of ")? + 4;
    let name = &text[at..];
    let role = text[..at - 4].split_whitespace().last()?.to_lowercase();
    if !words::is_capitalized(name) || code.len() != 9 || role_agent(&role).is_none() {
        return None;
    }
    let name_span = ByteSpan::new(span.start() + at, span.end());
    let first_tok = tok_range(doc, name_span).start;
    // The name must begin a token, as every mention does.
    if doc.tokens.get(first_tok)?.span.start() != name_span.start() {
        return None;
    }
    Some(Ent {
        span: name_span,
        first_tok,
        sentence: doc.sentence_of_token(first_tok).unwrap_or(0),
        code: code[..6].to_string(),
        root: name_span,
        person: false,
        strong: false,
        plural: false,
        text: name.to_string(),
    })
}

fn generic_code(code: &str) -> bool {
    code.starts_with("---") || code.starts_with('~') || code.is_empty()
}

fn covered(doc: &AnnotatedDoc, added: &[Mention], a: usize, b: usize) -> bool {
    let span = words::tokens_span(doc, a..b);
    doc.mentions.iter().chain(added.iter()).any(|m| {
        m.code.as_deref().is_some_and(|c| !generic_code(c))
            && m.kind != MentionKind::Place
            && m.span.overlaps(span)
    })
}

fn resolve(doc: &AnnotatedDoc) -> Vec<Mention> {
    let lower = words::lower_tokens(doc);
    let n = doc.tokens.len();
    let text_of = |a: usize, b: usize| doc.slice(words::tokens_span(doc, a..b)).to_string();
    let mut ents: Vec<Ent> = Vec::new();
    for m in &doc.mentions {
        let Some(code) = &m.code else { continue };
        if m.kind == MentionKind::Place {
            continue;
        }
        let r = tok_range(doc, m.span);
        let text = doc.slice(m.span).to_string();
        let last = text.split_whitespace().last().unwrap_or("").to_lowercase();
        ents.push(Ent {
            span: m.span,
            first_tok: r.start,
            sentence: doc.sentence_of_token(r.start).unwrap_or(0),
            code: code.clone(),
            root: m.antecedent.unwrap_or(m.span),
            person: looks_like_person(&text),
            strong: looks_like_person(&text)
                && (r.start > 0 && TITLES.contains(&lower[r.start - 1].as_str())
                    || lower.get(r.end).is_some_and(|w| w == ",")
                        && lower
                            .get(r.end + 1)
                            .is_some_and(|w| matches!(w.as_str(), "a" | "an" | "the" | "who"))
                        && lower.get(r.end + 2).is_some_and(|w| {
                            role_agent(w).is_some() || TITLE_ADJ.contains(&w.as_str())
                        })),
            plural: last.ends_with('s') && !last.ends_with("ss") && !words::is_capitalized(&text)
                || matches!(last.as_str(), "police" | "people"),
            // The word after the name counts for head matching ("Badr militia").
            text: match lower.get(r.end) {
                Some(next) if description_class(next).is_some() => format!("{text} {next}"),
                _ => text.clone(),
            },
        });
        // "commander of Kataib Hezbollah": the dictionary made one mention of
        // a role and its organization; "the militia" later means the
        // organization, which stands as an antecedent of its own.
        if let Some(org) = organization_in_role(doc, m.span, &text, code) {
            ents.push(org);
        }
    }
    let mut added: Vec<Mention> = Vec::new();
    // Aliases: (lowercased alias words, code, root span, person)
    let mut aliases: Vec<(Vec<String>, String, ByteSpan, bool)> = Vec::new();

    // 1. Introduced aliases.
    for e in ents.clone() {
        let r = tok_range(doc, e.span);
        let k = r.end;
        if k + 2 < n && lower[k] == "(" {
            if let Some(close) = (k + 1..(k + 6).min(n)).find(|&j| lower[j] == ")") {
                if close > k + 1 && doc.sentence_of_token(close) == doc.sentence_of_token(k) {
                    let alias: Vec<String> = lower[k + 1..close].to_vec();
                    if words::is_capitalized(&text_of(k + 1, k + 2)) {
                        aliases.push((alias, e.code.clone(), e.root, false));
                        if !covered(doc, &added, k + 1, close) {
                            added.push(mention(
                                doc,
                                k + 1,
                                close,
                                MentionKind::Actor,
                                &e.code,
                                format!("alias of {}", e.text),
                                e.root,
                            ));
                        }
                    }
                }
            }
        }
        // "X, also known as Y", "X, better known as Y", "X (known as Y)".
        let mut j = k;
        while j < n
            && j < k + 3
            && matches!(
                lower[j].as_str(),
                "," | "(" | "also" | "better" | "widely" | "commonly" | "formerly" | "locally"
            )
        {
            j += 1;
        }
        if j + 2 < n && j > k && lower[j] == "known" && lower[j + 1] == "as" {
            let mut a = j + 2;
            if matches!(lower[a].as_str(), "\"" | "“" | "the") {
                a += 1;
            }
            let mut b = a;
            while b < n
                && b < a + 6
                && (words::is_capitalized(&text_of(b, b + 1))
                    || (b > a && matches!(lower[b].as_str(), "of" | "al" | "-")))
            {
                b += 1;
            }
            if b > a {
                aliases.push((lower[a..b].to_vec(), e.code.clone(), e.root, e.person));
                if !covered(doc, &added, a, b) {
                    added.push(mention(
                        doc,
                        a,
                        b,
                        MentionKind::Actor,
                        &e.code,
                        format!("alias of {}", e.text),
                        e.root,
                    ));
                }
            }
        }
    }

    // 2. Appositions: "NAME, a former commander of the militia," and titles
    //    "militia commander NAME". The organization may itself be a
    //    description, resolved on the fly.
    let mut persons: Vec<Ent> = Vec::new();
    for s in 0..doc.sentences.len() {
        let r = words::sentence_range(doc, s);
        for c in r.clone() {
            if lower[c] != "," || c == r.start {
                continue;
            }
            // NAME before the comma: a run of capitalized words.
            let mut a = c;
            while a > r.start && a + 6 > c && {
                let w = text_of(a - 1, a);
                words::is_capitalized(&w) || (name_particle(&w) && (a < c || w.len() > 4))
            } {
                a -= 1;
            }
            while a < c && !words::is_capitalized(&text_of(a, a + 1)) && a + 1 < c {
                a += 1;
            }
            if a == c || !looks_like_person(&text_of(a, c)) {
                continue;
            }
            if covered(doc, &added, a, c)
                && doc
                    .mentions
                    .iter()
                    .any(|m| m.code.is_some() && m.span == words::tokens_span(doc, a..c))
            {
                continue;
            }
            // ", a former commander of the militia"
            let mut j = c + 1;
            if j < r.end && matches!(lower[j].as_str(), "a" | "an" | "the" | "who" | "one") {
                if lower[j] == "who" {
                    // ", who was a commander of"
                    j += 1;
                    while j < r.end
                        && matches!(
                            lower[j].as_str(),
                            "is" | "was" | "had" | "has" | "been" | "once" | "a" | "an" | "the"
                        )
                    {
                        j += 1;
                    }
                } else {
                    j += 1;
                }
                while j < r.end && (TITLE_ADJ.contains(&lower[j].as_str())) {
                    j += 1;
                }
                let Some(agent) = lower.get(j).and_then(|w| role_agent(w.as_str())) else {
                    continue;
                };
                let role = lower[j].clone();
                j += 1;
                if j < r.end && matches!(lower[j].as_str(), "of" | "for" | "in" | "with" | "at") {
                    j += 1;
                    if let Some(org) = org_at(doc, &lower, &ents, &added, j, r.end, s) {
                        let code = with_agent(&org.code, agent);
                        let entry = format!("{role} of {}", org.text);
                        added.push(mention(
                            doc,
                            a,
                            c,
                            MentionKind::Actor,
                            &code,
                            entry,
                            org.root,
                        ));
                        let p = Ent {
                            span: words::tokens_span(doc, a..c),
                            first_tok: a,
                            sentence: s,
                            code: code.clone(),
                            root: words::tokens_span(doc, a..c),
                            person: true,
                            strong: true,
                            plural: false,
                            text: text_of(a, c),
                        };
                        aliases.push((vec![lower[c - 1].clone()], code, p.span, true));
                        persons.push(p);
                    }
                }
            }
        }
        // Titles: "[the] ORG ROLE NAME" ("militia commander Rahim Karimi").
        for j in r.clone() {
            let Some(agent) = role_agent(&lower[j]) else {
                continue;
            };
            if j == r.start {
                continue;
            }
            let Some(org) = ents
                .iter()
                .chain(persons.iter())
                .find(|e| tok_range(doc, e.span).end == j && !e.strong)
                .cloned()
                .or_else(|| {
                    // A description head right before the role ("militia commander").
                    description_class(&lower[j - 1]).and_then(|cl| {
                        latest(&ents, &persons, j - 1, s, cl, &lower[j - 1]).cloned()
                    })
                })
            else {
                continue;
            };
            let a = j + 1;
            let mut b = a;
            while b < r.end
                && b < a + 6
                && (words::is_capitalized(&text_of(b, b + 1))
                    || (b > a && name_particle(&text_of(b, b + 1))))
            {
                b += 1;
            }
            while b > a
                && !words::is_capitalized(&text_of(b - 1, b))
                && !name_particle(&text_of(b - 1, b))
            {
                b -= 1;
            }
            if b > a && looks_like_person(&text_of(a, b)) && !covered(doc, &added, a, b) {
                let code = with_agent(&org.code, agent);
                added.push(mention(
                    doc,
                    a,
                    b,
                    MentionKind::Actor,
                    &code,
                    format!("{} {}", org.text, lower[j]),
                    org.root,
                ));
                let p = Ent {
                    span: words::tokens_span(doc, a..b),
                    first_tok: a,
                    sentence: s,
                    code: code.clone(),
                    root: words::tokens_span(doc, a..b),
                    person: true,
                    strong: true,
                    plural: false,
                    text: text_of(a, b),
                };
                aliases.push((vec![lower[b - 1].clone()], code, p.span, true));
                persons.push(p);
            }
        }
    }
    ents.extend(persons.iter().cloned());
    // Also persons named in the dictionary: their surnames refer back.
    for e in ents.iter().filter(|e| e.strong) {
        if let Some(last) = e.text.split_whitespace().last() {
            let l = last.to_lowercase();
            // "al-Abadi" is also just "Abadi".
            let bare = ["al-", "el-", "ul-"]
                .iter()
                .find_map(|p| l.strip_prefix(p))
                .map(str::to_string);
            for a in std::iter::once(l.clone()).chain(bare) {
                if !aliases.iter().any(|x| x.0 == [a.clone()]) {
                    aliases.push((vec![a], e.code.clone(), e.root, true));
                }
            }
        }
    }

    // 3. Later occurrences of aliases.
    for (alias, code, root, person) in &aliases {
        let len = alias.len();
        if len == 0 {
            continue;
        }
        let mut i = 0;
        while i + len <= n {
            if lower[i..i + len] == alias[..]
                && doc.tokens[i].span.start() > root.start()
                && words::is_capitalized(&text_of(i, i + 1))
                && !covered(doc, &added, i, i + len)
            {
                added.push(mention(
                    doc,
                    i,
                    i + len,
                    MentionKind::Actor,
                    code,
                    format!("alias {}", alias.join(" ")),
                    *root,
                ));
                ents.push(Ent {
                    span: words::tokens_span(doc, i..i + len),
                    first_tok: i,
                    sentence: doc.sentence_of_token(i).unwrap_or(0),
                    code: code.clone(),
                    root: *root,
                    person: *person,
                    strong: *person,
                    plural: false,
                    text: text_of(i, i + len),
                });
                i += len;
            } else {
                i += 1;
            }
        }
    }
    ents.sort_by_key(|e| e.first_tok);

    // 4. Descriptions and pronouns, in text order.
    let deps = words::has_deps(doc);
    for s in 0..doc.sentences.len() {
        let r = words::sentence_range(doc, s);
        let mut i = r.start;
        while i < r.end {
            let w = lower[i].as_str();
            if w == "the" {
                // the (adj)* HEAD
                let mut j = i + 1;
                while j < r.end && j < i + 4 && TITLE_ADJ.contains(&lower[j].as_str()) {
                    j += 1;
                }
                if j < r.end {
                    if let Some(class) = description_class(&lower[j]) {
                        let b = j + 1;
                        // "the group's" is fine; "the group of", "the ministry
                        // of Defence" name something else.
                        let named_next = b < r.end
                            && (lower[b] == "of"
                                && b + 1 < r.end
                                && words::is_capitalized(&text_of(b + 1, b + 2)));
                        if !named_next && !covered(doc, &added, i, b) {
                            // "the militia Kataib Hezbollah": the name follows.
                            let follows = ents.iter().find(|e| e.first_tok == b).cloned();
                            let ante = follows
                                .or_else(|| latest(&ents, &[], i, s, class, &lower[j]).cloned())
                                // A bare agent only when it names the same thing
                                // ("the ministry" after "Interior Ministry").
                                .filter(|e| {
                                    !generic_code(&e.code)
                                        || e.text.to_lowercase().contains(lower[j].as_str())
                                });
                            if let Some(e) = ante {
                                let entry = format!("description '{}'", text_of(i, b));
                                added.push(mention(
                                    doc,
                                    i,
                                    b,
                                    MentionKind::Description,
                                    &e.code,
                                    entry,
                                    e.root,
                                ));
                                ents.push(Ent {
                                    span: words::tokens_span(doc, i..b),
                                    first_tok: i,
                                    sentence: s,
                                    code: e.code.clone(),
                                    root: e.root,
                                    person: e.person,
                                    strong: e.strong,
                                    plural: lower[j].ends_with('s'),
                                    text: e.text.clone(),
                                });
                                ents.sort_by_key(|e| e.first_tok);
                            }
                        }
                        i = b;
                        continue;
                    }
                }
            }
            if words::PRONOUNS.contains(&w) && !covered(doc, &added, i, i + 1) {
                let expletive = w == "it"
                    && lower.get(i + 1).is_some_and(|x| {
                        matches!(
                            x.as_str(),
                            "is" | "was"
                                | "'s"
                                | "seems"
                                | "seemed"
                                | "appears"
                                | "appeared"
                                | "remains"
                                | "remained"
                        )
                    });
                if !expletive {
                    let want = match w {
                        "he" | "him" | "his" | "she" | "her" | "hers" => Want::Person,
                        "it" | "its" => Want::Org,
                        _ => Want::Plural,
                    };
                    if let Some(e) = pronoun_antecedent(doc, &ents, i, s, want, deps) {
                        let entry = format!("pronoun '{}'", text_of(i, i + 1));
                        added.push(mention(
                            doc,
                            i,
                            i + 1,
                            MentionKind::Pronoun,
                            &e.code,
                            entry,
                            e.root,
                        ));
                        ents.push(Ent {
                            span: words::tokens_span(doc, i..i + 1),
                            first_tok: i,
                            sentence: s,
                            code: e.code.clone(),
                            root: e.root,
                            person: e.person,
                            strong: e.strong,
                            plural: e.plural,
                            text: e.text.clone(),
                        });
                        ents.sort_by_key(|e| e.first_tok);
                    }
                }
            }
            i += 1;
        }
    }
    added
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Want {
    Person,
    Org,
    Plural,
}

/// The organization named at token `j` ("the militia", "Hezbollah").
fn org_at(
    doc: &AnnotatedDoc,
    lower: &[String],
    ents: &[Ent],
    _added: &[Mention],
    j: usize,
    hi: usize,
    s: usize,
) -> Option<Ent> {
    if let Some(e) = ents.iter().find(|e| {
        (e.first_tok == j || e.first_tok == j + 1 && lower[j] == "the") && !generic_code(&e.code)
    }) {
        return Some(e.clone());
    }
    let _ = doc;
    if j < hi && lower[j] == "the" {
        let mut k = j + 1;
        while k < hi && TITLE_ADJ.contains(&lower[k].as_str()) {
            k += 1;
        }
        if k < hi {
            if let Some(class) = description_class(&lower[k]) {
                return latest(ents, &[], j, s, class, &lower[k]).cloned();
            }
        }
    }
    None
}

/// The latest earlier entity that fits `class`, within five sentences.
fn latest<'a>(
    ents: &'a [Ent],
    extra: &'a [Ent],
    before: usize,
    s: usize,
    class: Class,
    head: &str,
) -> Option<&'a Ent> {
    let fits = |e: &&Ent| e.first_tok < before && e.sentence + 5 >= s;
    let pool = |generic: bool| {
        ents.iter()
            .chain(extra.iter())
            .filter(fits)
            .filter(move |e| generic_code(&e.code) == generic)
    };
    // A name containing the head word wins ("Badr militia" for "the
    // militia"); then a compatible named actor; a bare agent last.
    // Prefer sure persons for a person, and anything but a person otherwise.
    let rank = |e: &&Ent| {
        let kind_ok = if class == Class::Person {
            e.strong
        } else {
            !e.person
        };
        (kind_ok, e.first_tok)
    };
    pool(false)
        .filter(|e| e.text.to_lowercase().contains(head))
        .max_by_key(|e| e.first_tok)
        .or_else(|| {
            pool(false)
                .filter(|e| class_fits(e, class, head))
                .max_by_key(rank)
        })
        .or_else(|| {
            pool(true)
                .filter(|e| e.text.to_lowercase().contains(head))
                .max_by_key(|e| e.first_tok)
        })
        .or_else(|| {
            pool(true)
                .filter(|e| class_fits(e, class, head))
                .max_by_key(rank)
        })
}

fn pronoun_antecedent<'a>(
    doc: &AnnotatedDoc,
    ents: &'a [Ent],
    i: usize,
    s: usize,
    want: Want,
    deps: bool,
) -> Option<&'a Ent> {
    let fits = |e: &Ent| match want {
        Want::Person => e.person,
        Want::Org => !e.strong && !e.plural,
        Want::Plural => !e.strong,
    };
    let preferred = |e: &Ent| match want {
        Want::Person => e.strong,
        _ => !e.person,
    };
    // Same sentence: the latest named actor before the pronoun, else the
    // latest bare agent.
    if let Some(e) = ents
        .iter()
        .filter(|e| e.sentence == s && e.first_tok < i && fits(e))
        .max_by_key(|e| (!generic_code(&e.code), preferred(e), e.first_tok))
    {
        return Some(e);
    }
    // Earlier sentences: in the nearest that has one, the subject or the first.
    for back in 1..=3 {
        let Some(ps) = s.checked_sub(back) else { break };
        let mut cands: Vec<&Ent> = ents
            .iter()
            .filter(|e| e.sentence == ps && fits(e))
            .collect();
        if cands.is_empty() {
            continue;
        }
        if cands.iter().any(|e| !generic_code(&e.code)) {
            cands.retain(|e| !generic_code(&e.code));
        }
        if cands.iter().any(|e| preferred(e)) {
            cands.retain(|e| preferred(e));
        }
        if deps {
            if let Some(e) = cands.iter().find(|e| {
                let r = tok_range(doc, e.span);
                r.clone().any(|k| doc.tokens[k].deprel.starts_with("nsubj"))
            }) {
                return Some(e);
            }
        }
        // Prefer plural entities for "they".
        if want == Want::Plural {
            if let Some(e) = cands.iter().find(|e| e.plural) {
                return Some(e);
            }
        }
        return cands.first().copied();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit;

    fn run(text: &str, mentions: &[(&str, &str)]) -> AnnotatedDoc {
        let mut d = testkit::doc(text, None, None);
        for (w, code) in mentions {
            testkit::add_mention(&mut d, w, 0, MentionKind::Actor, Some(code)).unwrap();
        }
        CorefStage::new().run(&mut d);
        d
    }

    fn code_at(d: &AnnotatedDoc, words: &str, nth: usize) -> Option<(String, String)> {
        let span = testkit::find(d, words, nth)?;
        let m = d
            .mentions
            .iter()
            .find(|m| m.span == span && m.antecedent.is_some())?;
        Some((m.code.clone()?, d.slice(m.antecedent?).to_string()))
    }

    /// (text, dictionary mentions, words to check, nth, expected code, expected antecedent)
    type Case = (
        &'static str,
        &'static [(&'static str, &'static str)],
        &'static str,
        usize,
        &'static str,
        &'static str,
    );
    const CASES: &[Case] = &[
        (
            "The Islamic State of Iraq and the Levant (ISIL) seized Mosul. ISIL later executed prisoners.",
            &[("Islamic State of Iraq and the Levant", "IMGMUSISI")],
            "ISIL", 1, "IMGMUSISI", "Islamic State of Iraq and the Levant",
        ),
        (
            "Kataib Hezbollah, also known as the Hezbollah Brigades, fired rockets. Hezbollah Brigades fighters fled.",
            &[("Kataib Hezbollah", "IRQREB")],
            "Hezbollah Brigades", 1, "IRQREB", "Kataib Hezbollah",
        ),
        (
            "Kataib Hezbollah fired rockets at the base. The group said the attack was revenge.",
            &[("Kataib Hezbollah", "IRQREB")],
            "The group", 0, "IRQREB", "Kataib Hezbollah",
        ),
        (
            "The Badr militia clashed with Iraqi Army troops. The militia withdrew at night.",
            &[("Badr", "IRQREB"), ("Iraqi Army", "IRQMIL")],
            "The militia", 0, "IRQREB", "Badr",
        ),
        (
            "Police arrested Ahmed Salem on Monday. The Interior Ministry said he had planned attacks.",
            &[("Ahmed Salem", "IRQREB"), ("Interior Ministry", "IRQGOV")],
            "he", 0, "IRQREB", "Ahmed Salem",
        ),
        (
            "Kataib Hezbollah fired rockets. Rahim Karimi, a former commander of the militia, said it had help.",
            &[("Kataib Hezbollah", "IRQREB")],
            "Rahim Karimi", 0, "IRQREBMIL", "Kataib Hezbollah",
        ),
        (
            "Kataib Hezbollah fired rockets. Rahim Karimi, a former commander of the militia, defected. Karimi said it had help.",
            &[("Kataib Hezbollah", "IRQREB")],
            "Karimi", 1, "IRQREBMIL", "Rahim Karimi",
        ),
        (
            "Omar Abdel Aziz, the leader of the Popular Front group, declared a truce. Aziz was not seen again.",
            &[("Popular Front", "PSEREB")],
            "Omar Abdel Aziz", 0, "PSEREB", "Popular Front",
        ),
        (
            "Hussein Ali al-Tamimi, the leader of the Popular Front, declared a truce.",
            &[("Popular Front", "PSEREB")],
            "Hussein Ali al-Tamimi", 0, "PSEREB", "Popular Front",
        ),
        (
            "Militia commander Karim Hassan led the assault on the town.",
            &[("Militia", "IRQREB")],
            "Karim Hassan", 0, "IRQREBMIL", "Militia",
        ),
        (
            "The Interior Ministry banned the rally. The ministry said it feared violence.",
            &[("Interior Ministry", "IRQGOV")],
            "it", 0, "IRQGOV", "Interior Ministry",
        ),
        (
            "Hamas fighters fired rockets. They said the strikes were a response.",
            &[("Hamas fighters", "PSEREB")],
            "They", 0, "PSEREB", "Hamas fighters",
        ),
    ];

    #[test]
    fn coref_table() {
        for (text, ments, words_, nth, code, ante) in CASES {
            let d = run(text, ments);
            let got = code_at(&d, words_, *nth);
            assert_eq!(
                got,
                Some((code.to_string(), ante.to_string())),
                "{text} [{words_}]"
            );
        }
    }

    /// (text, dictionary mentions, first-person words, nth, expected speaker
    /// code and words, or "" for no link)
    const QUOTED: &[Case] = &[
        (
            "\"We attacked the base. We will attack again,\" the commander said.",
            &[("commander", "---MIL")],
            "We",
            1,
            "---MIL",
            "commander",
        ),
        (
            "\"They burned our houses,\" said Ali Hassan, a militia leader.",
            &[("Ali Hassan", "IRQREB")],
            "our",
            0,
            "IRQREB",
            "Ali Hassan",
        ),
        (
            "Hamas said on Monday: \"I will not negotiate with them.\"",
            &[("Hamas", "PSEREB")],
            "I",
            0,
            "PSEREB",
            "Hamas",
        ),
        // Outside a quotation "we" is the writer's, not a speaker's.
        (
            "We reported that the commander said the base fell.",
            &[("commander", "---MIL")],
            "We",
            0,
            "",
            "",
        ),
        // A speaker without a code lends none.
        (
            "\"We attacked the base,\" a man said.",
            &[],
            "We",
            0,
            "",
            "",
        ),
    ];

    #[test]
    fn quoted_first_person_is_the_speaker() {
        for (text, ments, words_, nth, code, ante) in QUOTED {
            let d = run(text, ments);
            let want = (!code.is_empty()).then(|| (code.to_string(), ante.to_string()));
            assert_eq!(code_at(&d, words_, *nth), want, "{text} [{words_}]");
        }
    }

    /// A speaker whose name the dictionary lacks lends the code of its
    /// apposition (with a parse: `appos` from the apposition to the name).
    #[test]
    fn quoted_first_person_takes_the_speakers_apposition() {
        let text = "\"They burned our houses,\" said Amina Yusuf, a villager.";
        let mut d = testkit::doc(text, None, None);
        testkit::add_mention(&mut d, "villager", 0, MentionKind::Agent, Some("---CVL")).unwrap();
        let tok = |d: &AnnotatedDoc, w: &str| {
            let sp = testkit::find(d, w, 0).unwrap();
            d.tokens.iter().position(|t| t.span == sp).unwrap()
        };
        let (name, villager) = (tok(&d, "Amina"), tok(&d, "villager"));
        d.tokens[villager].head = Some(name as u32);
        d.tokens[villager].deprel = "appos".into();
        let without = d.clone();
        CorefStage::new().run(&mut d);
        assert_eq!(
            code_at(&d, "our", 0),
            Some(("---CVL".to_string(), "villager".to_string()))
        );
        // No apposition, no code.
        let mut plain = without;
        plain.tokens[villager].deprel = "conj".into();
        CorefStage::new().run(&mut plain);
        assert_eq!(code_at(&plain, "our", 0), None);
    }

    #[test]
    fn no_antecedent_no_mention() {
        let d = run("The group said it would return.", &[]);
        assert!(d.mentions.is_empty(), "{:?}", d.mentions);
    }
}
