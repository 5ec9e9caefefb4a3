//! From dictionary phrase hits to actor mentions: date choice, agents
//! combined with actors, compounds and appositions.

use std::ops::Range;

use chrono::NaiveDate;
use text_model::MentionKind;

use crate::dict::{ActorDict, Resolved, WordRef};
use crate::normalize::{is_case_guarded, Folder};
use crate::read::AgentPlacement;

/// One token to match: its text and, when a tagger has run, its UPOS tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MatchToken<'a> {
    pub text: &'a str,
    /// Universal POS tag (`PROPN`, `ADJ`...), if known.
    pub upos: Option<&'a str>,
}

impl<'a> MatchToken<'a> {
    pub fn new(text: &'a str) -> MatchToken<'a> {
        MatchToken { text, upos: None }
    }
}

/// An actor mention found in a token sequence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActorMatch {
    /// Range of indices into the token slice that was matched.
    pub tokens: Range<usize>,
    /// `Actor` when an actor code is present, `Agent` for an agent alone.
    pub kind: MentionKind,
    /// The final code: actor and agent roles combined (`IRQCOP`); an agent
    /// alone is written with `---` for the missing actor (`---COP`, or
    /// `IGO---` for an agent placed before the actor).
    pub code: String,
    /// The actor code before agents were added, if there was an actor.
    pub actor_code: Option<String>,
    /// The agent roles that were combined in, in order (`["COP"]`).
    pub agent_roles: Vec<String>,
    /// The dictionary entries that matched, primary phrases joined by
    /// ` + ` (`IRAQ + POLICE`).
    pub entry: String,
    /// Set when no date was given and the actor phrase has several
    /// different date-restricted codes: the undated (or latest) one was
    /// used.
    pub undated_choice: bool,
}

#[derive(Clone, Debug)]
struct ActorPart<'d> {
    code: &'d str,
    entry: &'d str,
    undated_choice: bool,
}

#[derive(Clone, Debug)]
struct AgentPart<'d> {
    role: &'d str,
    placement: AgentPlacement,
    entry: &'d str,
}

#[derive(Clone, Debug)]
struct Hit<'d> {
    tokens: Range<usize>,
    actor: Option<ActorPart<'d>>,
    agent: Option<AgentPart<'d>>,
}

#[derive(Clone, Debug, Default)]
struct Group {
    hits: Vec<usize>,
    /// Agents borrowed from an apposition.
    shared_agents: Vec<usize>,
    /// Actors borrowed from an apposition.
    shared_actors: Vec<usize>,
}

/// Words that may sit between an actor and the agent it qualifies when no
/// tags are available ("Iraqi riot police", "US senior officials").
const MODIFIERS: &[&str] = &[
    "senior",
    "top",
    "former",
    "new",
    "local",
    "interim",
    "acting",
    "deputy",
    "riot",
    "elite",
    "federal",
    "provincial",
    "regional",
    "state",
    "special",
    "rival",
    "allied",
    "leading",
    "outgoing",
    "incoming",
    "caretaker",
    "transitional",
];

const LINK_PREPOSITIONS: &[&str] = &["of", "in", "from", "for"];

fn is_word(tok: &str, words: &[&str]) -> bool {
    words.iter().any(|w| tok.eq_ignore_ascii_case(w))
}

fn is_possessive(tok: &str) -> bool {
    matches!(
        tok,
        "'s" | "'S" | "\u{2019}s" | "\u{2019}S" | "'" | "\u{2019}"
    )
}

impl ActorDict {
    /// Actor mentions in a sequence of token texts (one sentence or any
    /// span), choosing date-restricted codes for `date`.
    ///
    /// ```
    /// use actor_dict::ActorDict;
    /// let dict = ActorDict::phoenix_default();
    /// let found = dict.match_tokens(&["Iraqi", "police", "arrested", "him"], None);
    /// assert_eq!(found[0].code, "IRQCOP");
    /// assert_eq!(found[0].tokens, 0..2);
    /// ```
    pub fn match_tokens(&self, tokens: &[&str], date: Option<NaiveDate>) -> Vec<ActorMatch> {
        let tagged: Vec<MatchToken<'_>> = tokens.iter().map(|t| MatchToken::new(t)).collect();
        self.match_tagged_tokens(&tagged, date)
    }

    /// Like [`ActorDict::match_tokens`], using UPOS tags where present: a
    /// tag lets adjectives and nouns sit between an actor and its agent, and
    /// limits transliteration look-up to proper nouns.
    pub fn match_tagged_tokens(
        &self,
        tokens: &[MatchToken<'_>],
        date: Option<NaiveDate>,
    ) -> Vec<ActorMatch> {
        let mut folder = Folder::new();
        self.match_with(tokens, date, &mut folder)
    }

    pub(crate) fn match_with(
        &self,
        tokens: &[MatchToken<'_>],
        date: Option<NaiveDate>,
        folder: &mut Folder,
    ) -> Vec<ActorMatch> {
        let words = self.tagged_words_of(tokens, folder);
        self.matches_in_words(tokens, &words, date, false)
    }

    /// Normalized words of `tokens`; transliteration look-up is allowed for
    /// capitalised tokens (proper nouns when tagged).
    pub(crate) fn tagged_words_of(
        &self,
        tokens: &[MatchToken<'_>],
        folder: &mut Folder,
    ) -> Vec<WordRef> {
        let tokens = tokens.iter().map(|t| {
            let capital = t.text.chars().next().is_some_and(char::is_uppercase);
            (t.text, capital && matches!(t.upos, None | Some("PROPN")))
        });
        self.words_of(tokens, folder)
    }

    pub(crate) fn matches_in_words(
        &self,
        tokens: &[MatchToken<'_>],
        words: &[WordRef],
        date: Option<NaiveDate>,
        last_role: bool,
    ) -> Vec<ActorMatch> {
        let mut hits: Vec<Hit<'_>> = Vec::new();
        for (phrase, wr) in self.phrase_matches(words) {
            let first = words[wr.start].token as usize;
            let last = words[wr.end - 1].token as usize;
            if wr.len() == 1 && first == last {
                let t = tokens[first].text;
                if !t.chars().any(char::is_uppercase) && is_case_guarded(t) {
                    continue;
                }
            }
            let (actor, agent) = match self.resolve(phrase, date, last_role) {
                Some(Resolved::Actor {
                    code,
                    entry,
                    undated_choice,
                }) => (
                    Some(ActorPart {
                        code,
                        entry,
                        undated_choice,
                    }),
                    None,
                ),
                Some(Resolved::Agent {
                    role,
                    placement,
                    entry,
                }) => (
                    None,
                    Some(AgentPart {
                        role,
                        placement,
                        entry,
                    }),
                ),
                Some(Resolved::NoCodeOnDate { .. }) | None => continue,
            };
            hits.push(Hit {
                tokens: first..last + 1,
                actor,
                agent,
            });
        }
        if hits.is_empty() {
            return Vec::new();
        }
        let groups = group_hits(&hits, tokens);
        let mut out = Vec::new();
        for g in &groups {
            emit_group(g, &hits, &mut out);
        }
        out
    }
}

/// Groups hits that form one noun phrase.
fn group_hits(hits: &[Hit<'_>], tokens: &[MatchToken<'_>]) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut i = 0;
    while i < hits.len() {
        let mut g = Group {
            hits: vec![i],
            ..Group::default()
        };
        let mut has_actor = hits[i].actor.is_some();
        let mut has_agent = hits[i].agent.is_some();
        // "the ambassadors of Arnor, Osgiliath and Gondor": an agent joined
        // to actors by a preposition distributes over a list of them, until
        // `and`/`or` closes the list.
        let mut agent_led_list = false;
        let mut list_closed = false;
        let mut j = i + 1;
        while j < hits.len() {
            let p = &hits[j - 1];
            let h = &hits[j];
            let gap = between(tokens, p.tokens.end, h.tokens.start);
            let joins = if gap.is_empty() {
                // After "Iraqi Prime Minister" a name joins only if it is of
                // the same country ("... Nouri al-Maliki"); "Niger coup
                // leaders ABUJA" is two phrases.
                !(has_actor && has_agent && h.actor.is_some() && !same_country(&g.hits, hits, h))
            } else if gap.iter().all(|t| is_possessive(t.text)) {
                p.actor.is_some()
            } else if is_link_gap(gap) {
                let joins = has_agent && !has_actor && h.actor.is_some();
                agent_led_list = joins;
                joins
            } else if is_coordination(gap) {
                let actor_to_actor = p.actor.is_some()
                    && p.agent.is_none()
                    && h.actor.is_some()
                    && h.agent.is_none();
                if agent_led_list {
                    let joins = actor_to_actor && !list_closed;
                    list_closed |= has_conjunction(gap);
                    joins
                } else {
                    actor_to_actor
                        && !has_agent
                        && coordination_ends_in_agent(hits, j, tokens, has_conjunction(gap))
                }
            } else if is_modifier_gap(gap) {
                p.actor.is_some() && h.agent.is_some() && h.actor.is_none()
            } else {
                false
            };
            if !joins {
                break;
            }
            has_actor |= h.actor.is_some();
            has_agent |= h.agent.is_some();
            g.hits.push(j);
            j += 1;
        }
        groups.push(g);
        i = j;
    }
    share_across_appositions(&mut groups, hits, tokens);
    groups
}

/// The tokens strictly between two hits. Two hits may share a token (a
/// token that folds to several words, such as `Lashkar-e-Taiba`), in which
/// case nothing lies between them.
fn between<'a, 't>(tokens: &'a [MatchToken<'t>], end: usize, start: usize) -> &'a [MatchToken<'t>] {
    tokens.get(end..start).unwrap_or(&[])
}

/// `of`, `in`, `from`, `for`, optionally followed by `the`.
fn is_link_gap(gap: &[MatchToken<'_>]) -> bool {
    match gap {
        [p] => is_word(p.text, LINK_PREPOSITIONS),
        [p, d] => is_word(p.text, LINK_PREPOSITIONS) && d.text.eq_ignore_ascii_case("the"),
        _ => false,
    }
}

fn is_coordination(gap: &[MatchToken<'_>]) -> bool {
    match gap {
        [c] => is_word(c.text, &["and", "or", ","]),
        [a, b] => a.text == "," && is_word(b.text, &["and", "or"]),
        _ => false,
    }
}

fn is_modifier_gap(gap: &[MatchToken<'_>]) -> bool {
    // "Iraq's senior minister": a possessive may come first.
    let gap = match gap.split_first() {
        Some((first, rest)) if is_possessive(first.text) && !rest.is_empty() => rest,
        _ => gap,
    };
    let tagged = gap.iter().all(|t| t.upos.is_some());
    if tagged {
        // "Ithilen's awful and evil minister": up to four tagged words,
        // adjectives, nouns or numbers, with a conjunction or comma between
        // two of them.
        let inner = |i: usize| i > 0 && i + 1 < gap.len();
        gap.len() <= 4
            && gap.iter().enumerate().all(|(i, t)| match t.upos {
                Some("ADJ" | "NOUN" | "NUM") => true,
                Some("CCONJ" | "PUNCT") => inner(i) && (t.text == "," || is_word(t.text, &["and"])),
                _ => false,
            })
    } else {
        gap.len() <= 2 && gap.iter().all(|t| is_word(t.text, MODIFIERS))
    }
}

/// Whether the coordinated actors starting at hit `j` end in an actor that
/// is directly followed by an agent ("Iraqi and Syrian rebels", "Iraqi,
/// Syrian and Egyptian police"). The list must be closed by `and`/`or`
/// before its last actor, and nothing is coordinated after that: in
/// "Turkey and Iraq, UNHCR spokesperson" the agent is not shared.
fn coordination_ends_in_agent(
    hits: &[Hit<'_>],
    mut j: usize,
    tokens: &[MatchToken<'_>],
    mut conjunction_seen: bool,
) -> bool {
    loop {
        let h = &hits[j];
        if h.actor.is_none() || h.agent.is_some() {
            return false;
        }
        let Some(next) = hits.get(j + 1) else {
            return false;
        };
        let gap = between(tokens, h.tokens.end, next.tokens.start);
        if (gap.is_empty() || is_modifier_gap(gap)) && next.agent.is_some() && next.actor.is_none()
        {
            return conjunction_seen;
        }
        if !is_coordination(gap) || conjunction_seen {
            return false;
        }
        conjunction_seen = has_conjunction(gap);
        j += 1;
    }
}

fn has_conjunction(gap: &[MatchToken<'_>]) -> bool {
    gap.iter().any(|t| is_word(t.text, &["and", "or"]))
}

/// Whether hit `h` has an actor code of the same country (first three
/// letters) as an actor among `group`.
fn same_country(group: &[usize], hits: &[Hit<'_>], h: &Hit<'_>) -> bool {
    let Some(code) = h.actor.as_ref().map(|a| a.code) else {
        return false;
    };
    let prefix = code.get(..3).unwrap_or(code);
    group.iter().any(|&g| {
        hits[g]
            .actor
            .as_ref()
            .is_some_and(|a| a.code.get(..3).unwrap_or(a.code) == prefix)
    })
}

/// "Hosni Mubarak, the Egyptian president," / "the spokesman, Ali Ahmad,":
/// when one of two comma-separated groups has only actors and the other only
/// agents, each borrows what the other has.
fn share_across_appositions(groups: &mut [Group], hits: &[Hit<'_>], tokens: &[MatchToken<'_>]) {
    for k in 1..groups.len() {
        let a_end = hits[*groups[k - 1].hits.last().unwrap_or(&0)].tokens.end;
        let b_start = hits[groups[k].hits[0]].tokens.start;
        let b_end = hits[*groups[k].hits.last().unwrap_or(&0)].tokens.end;
        let gap = between(tokens, a_end, b_start);
        let opens = match gap {
            [c] => c.text == ",",
            [c, d] => c.text == "," && is_word(d.text, &["the", "a", "an"]),
            _ => false,
        };
        let closes = match tokens.get(b_end) {
            None => true,
            Some(t) => matches!(t.text, "," | "." | ")" | ";" | "--"),
        };
        if !(opens && closes) {
            continue;
        }
        let kinds = |g: &Group| {
            (
                g.hits.iter().any(|&h| hits[h].actor.is_some()),
                g.hits.iter().any(|&h| hits[h].agent.is_some()),
            )
        };
        let (a, b) = (kinds(&groups[k - 1]), kinds(&groups[k]));
        let (actor_side, agent_side) = match (a, b) {
            ((true, false), (false, true)) => (k - 1, k),
            ((false, true), (true, false)) => (k, k - 1),
            _ => continue,
        };
        let actor_hits = groups[actor_side].hits.clone();
        let agent_hits = groups[agent_side].hits.clone();
        groups[actor_side].shared_agents = agent_hits;
        groups[agent_side].shared_actors = actor_hits;
    }
}

/// Combines one actor code with agent roles, as PETRARCH's `mix_codes`: a
/// role already in the code is not added again. CAMEO actor codes are made
/// of three-letter fields, so "already in" means at a field boundary, as
/// TABARI checked it: `GMWGOV` (GMW GOV) does not contain the role `WGO`.
fn combine(actor: &str, agents: &[&AgentPart<'_>]) -> String {
    let mut code = actor.to_string();
    for a in agents {
        match a.placement {
            AgentPlacement::After => {
                if !contains_field_aligned(&code, a.role) {
                    code.push_str(a.role);
                }
            }
            AgentPlacement::Before => {
                if !code.starts_with(a.role) {
                    code.insert_str(0, a.role);
                }
            }
        }
    }
    code
}

/// Whether `role` occurs in `code` starting at a multiple of three bytes
/// (codes are ASCII).
fn contains_field_aligned(code: &str, role: &str) -> bool {
    !role.is_empty() && code.match_indices(role).any(|(at, _)| at % 3 == 0)
}

fn emit_group(g: &Group, hits: &[Hit<'_>], out: &mut Vec<ActorMatch>) {
    // A code such as `FRO/BIL/SAM` names several actors at once (TABARI's
    // compound actor codes); each becomes an actor of its own.
    let split: Vec<(usize, ActorPart<'_>)> = g
        .hits
        .iter()
        .chain(&g.shared_actors)
        .filter_map(|&h| hits[h].actor.as_ref().map(|a| (h, a)))
        .flat_map(|(h, a)| {
            a.code
                .split('/')
                .filter(|c| !c.is_empty())
                .map(move |code| {
                    (
                        h,
                        ActorPart {
                            code,
                            entry: a.entry,
                            undated_choice: a.undated_choice,
                        },
                    )
                })
        })
        .collect();
    let actors: Vec<(usize, &ActorPart<'_>)> = split.iter().map(|(h, a)| (*h, a)).collect();
    let mut agents: Vec<&AgentPart<'_>> = g
        .hits
        .iter()
        .chain(&g.shared_agents)
        .filter_map(|&h| hits[h].agent.as_ref())
        .collect();
    // PETRARCH skips the generic `~PPL` role when there are several agents.
    if agents.len() > 1 {
        agents.retain(|a| a.role != "PPL");
    }
    let roles: Vec<String> = agents.iter().map(|a| a.role.to_string()).collect();
    let own_tokens =
        |hs: &[usize]| hits[hs[0]].tokens.start..hits[*hs.last().unwrap_or(&hs[0])].tokens.end;
    let agent_entries: Vec<&str> = agents.iter().map(|a| a.entry).collect();

    if actors.is_empty() {
        let mut code = String::from("---");
        for a in &agents {
            match a.placement {
                AgentPlacement::After => {
                    if !code.contains(a.role) {
                        code.push_str(a.role)
                    }
                }
                AgentPlacement::Before => code.insert_str(0, a.role),
            }
        }
        out.push(ActorMatch {
            tokens: own_tokens(&g.hits),
            kind: MentionKind::Agent,
            code,
            actor_code: None,
            agent_roles: roles,
            entry: agent_entries.join(" + "),
            undated_choice: false,
        });
        return;
    }

    let combined: Vec<String> = actors
        .iter()
        .map(|(_, a)| combine(a.code, &agents))
        .collect();
    let own_actors: Vec<&(usize, &ActorPart<'_>)> =
        actors.iter().filter(|(h, _)| g.hits.contains(h)).collect();
    let all_same = combined.iter().all(|c| *c == combined[0]);
    if all_same || own_actors.len() <= 1 {
        // One mention for the whole group. With a borrowed actor (apposition)
        // the group's own words carry the borrowed code.
        let mut entries: Vec<&str> = actors.iter().map(|(_, a)| a.entry).collect();
        entries.dedup();
        entries.extend(&agent_entries);
        let first = own_actors.first().map_or(0, |(i, _)| {
            actors.iter().position(|(h, _)| h == i).unwrap_or(0)
        });
        out.push(ActorMatch {
            tokens: own_tokens(&g.hits),
            kind: MentionKind::Actor,
            code: combined[first].clone(),
            actor_code: Some(actors[first].1.code.to_string()),
            agent_roles: roles,
            entry: entries.join(" + "),
            undated_choice: actors.iter().any(|(_, a)| a.undated_choice),
        });
        return;
    }
    // A compound: one mention per actor of the group, each with the shared
    // agents. The last actor's mention reaches to the end of the group
    // ("Iraqi and [Syrian rebels]").
    let group = own_tokens(&g.hits);
    let last_hit = own_actors.last().map(|(h, _)| *h);
    let first_hit = own_actors.first().map(|(h, _)| *h);
    for (h, a) in own_actors.iter() {
        let mut tokens = hits[*h].tokens.clone();
        if Some(*h) == first_hit {
            // "[the ambassadors of Arnor], Osgiliath and Gondor"
            tokens.start = group.start;
        }
        if Some(*h) == last_hit {
            tokens.end = group.end;
        }
        let mut entries = vec![a.entry];
        entries.extend(&agent_entries);
        out.push(ActorMatch {
            tokens,
            kind: MentionKind::Actor,
            code: combine(a.code, &agents),
            actor_code: Some(a.code.to_string()),
            agent_roles: roles.clone(),
            entry: entries.join(" + "),
            undated_choice: a.undated_choice,
        });
    }
}
