//! Line-oriented reader for both verb-dictionary dialects.

use std::collections::HashMap;

use crate::dict::{
    Block, Code, Elem, Format, NounSpec, Pattern, PatternKeys, Role, Synset, Term, Transformation,
    Var, VerbDictionary, VerbEntry,
};
use crate::error::{Error, ErrorKind};

const SYNSET_MARKER: &str = "####### SYNONYM SETS";
const VERB_MARKER: &str = "####### VERB PATTERNS";
const TRANSFORM_MARKER: &str = "######## TRANSFORMATIONS";

/// Guesses the dialect: files with the `######## TRANSFORMATIONS` section
/// marker are CAMEO.2.0; anything else is read as TABARI / PETRARCH-1.
pub fn detect_format(text: &str) -> Format {
    if text.lines().any(|l| l.starts_with(TRANSFORM_MARKER)) {
        Format::Cameo2
    } else {
        Format::Tabari
    }
}

/// Parses a code in brackets, `[042]`, `[042:043]`, `[:190]`, `[---]`.
pub fn parse_code(s: &str) -> Option<Code> {
    let inner = s.trim().strip_prefix('[')?.strip_suffix(']')?.trim();
    // A code with a date or comment after a space is not a verb code.
    if inner.contains(char::is_whitespace) {
        return None;
    }
    let side = |t: &str| -> Option<Option<String>> {
        let t = t.trim();
        if t.is_empty() || t.chars().all(|c| c == '-') {
            Some(None)
        } else if t.chars().all(|c| c.is_ascii_alphanumeric() || c == '!') {
            Some(Some(t.to_string()))
        } else {
            None
        }
    };
    match inner.split_once(':') {
        Some((a, p)) => Some(Code {
            active: side(a)?,
            passive: side(p)?,
        }),
        None => Some(Code {
            active: side(inner)?,
            passive: None,
        }),
    }
}

struct Reader {
    format: Format,
    synsets: Vec<Synset>,
    synset_ids: HashMap<String, u32>,
    blocks: Vec<Block>,
    verbs: Vec<VerbEntry>,
    transformations: Vec<Transformation>,
    errors: Vec<Error>,
    undefined: Vec<(String, u64)>,
}

/// Key of a synset name: `&AUXVERB1_` -> `AUXVERB1`.
fn synset_key(name: &str) -> String {
    name.trim()
        .trim_start_matches('&')
        .trim_end_matches('_')
        .to_ascii_uppercase()
}

/// Parses a whole dictionary. Lines that cannot be read are skipped and
/// reported in the second value as an [`ErrorKind::Partial`].
pub fn parse_str(text: &str, format: Format) -> (VerbDictionary, Option<Error>) {
    let mut r = Reader {
        format,
        synsets: Vec::new(),
        synset_ids: HashMap::new(),
        blocks: Vec::new(),
        verbs: Vec::new(),
        transformations: Vec::new(),
        errors: Vec::new(),
        undefined: Vec::new(),
    };
    // Raw pattern texts are kept until all synsets are known (TABARI files
    // define synsets anywhere).
    let mut raw_patterns: Vec<(u32, String, u64)> = Vec::new();
    let mut in_synsets = format == Format::Tabari;
    let mut in_comment = false;
    let mut current_synset: Option<u32> = None;

    for (i, raw) in text.lines().enumerate() {
        let line_no = i as u64 + 1;
        let mut line = raw.trim_end().to_string();
        // `<!-- ... -->` comments, possibly over several lines. PETRARCH2
        // stops reading patterns at the first `<!`; we treat it as a comment.
        if in_comment {
            match line.find("-->") {
                Some(p) => {
                    in_comment = false;
                    line = line[p + 3..].to_string();
                }
                None => continue,
            }
        }
        while let Some(p) = line.find("<!--") {
            match line[p..].find("-->") {
                Some(q) => line.replace_range(p..p + q + 3, ""),
                None => {
                    line.truncate(p);
                    in_comment = true;
                }
            }
        }
        let t = line.trim();
        if line.starts_with(SYNSET_MARKER) {
            in_synsets = true;
            continue;
        }
        if line.starts_with(VERB_MARKER) {
            in_synsets = false;
            current_synset = None;
            continue;
        }
        if line.starts_with(TRANSFORM_MARKER) || t.is_empty() {
            if t.is_empty() {
                current_synset = None;
            }
            continue;
        }
        if t.starts_with('#') {
            continue;
        }
        if t.starts_with("---") {
            current_synset = None;
            let parts: Vec<&str> = t.split_whitespace().collect();
            // `[110]---` (a code glued to the closing dashes) is accepted;
            // a multi-word meaning (`LASH OUT`) takes the code after it.
            let code_tok = parts.iter().skip(2).find(|p| p.starts_with('['));
            let header = code_tok
                .map(|c| c.trim_end_matches('-'))
                .and_then(parse_code)
                .filter(|_| !parts[1].starts_with('-'));
            match header {
                Some(code) => r.blocks.push(Block {
                    meaning: parts[1].to_ascii_uppercase(),
                    code,
                    line: line_no,
                    patterns: Vec::new(),
                }),
                None => {
                    // The block is kept with a null code so that its verbs and
                    // patterns do not fall into the block before it.
                    r.blocks.push(Block {
                        meaning: parts
                            .get(1)
                            .map(|m| m.trim_matches('-').to_ascii_uppercase())
                            .unwrap_or_default(),
                        code: Code::null(),
                        line: line_no,
                        patterns: Vec::new(),
                    });
                    r.errors.push(Error::new(
                        ErrorKind::BadBlockHeader(t.to_string()),
                        Some(line_no),
                    ))
                }
            }
            continue;
        }
        if let Some(rest) = t.strip_prefix('-') {
            current_synset = None;
            let body = strip_comment(rest);
            match r.blocks.len().checked_sub(1) {
                Some(b) => raw_patterns.push((b as u32, body.to_string(), line_no)),
                None => r.errors.push(Error::new(
                    ErrorKind::OutsideBlock(t.to_string()),
                    Some(line_no),
                )),
            }
            continue;
        }
        if t.starts_with('~') {
            match parse_transformation(t, line_no) {
                Some(tr) => r.transformations.push(tr),
                None => r.errors.push(Error::new(
                    ErrorKind::BadTransformation(t.to_string()),
                    Some(line_no),
                )),
            }
            continue;
        }
        if t.starts_with('&') && (in_synsets || format == Format::Tabari) {
            let name = strip_comment(t).trim().to_string();
            let key = synset_key(&name);
            let id = *r.synset_ids.entry(key).or_insert_with(|| {
                r.synsets.push(Synset {
                    name: name.clone(),
                    members: Vec::new(),
                });
                (r.synsets.len() - 1) as u32
            });
            current_synset = Some(id);
            continue;
        }
        if let (Some(rest), true) = (t.strip_prefix('+'), in_synsets || current_synset.is_some()) {
            if let Some(id) = current_synset {
                let m = strip_comment(rest).trim();
                let words: Vec<String> = m
                    .split(|c: char| c == '_' || c.is_whitespace())
                    .filter(|w| !w.is_empty())
                    .map(|w| w.to_ascii_uppercase())
                    .collect();
                if !words.is_empty() {
                    r.synsets[id as usize].members.push(words);
                }
                continue;
            }
        }
        current_synset = None;
        // A verb line.
        let Some(block) = r.blocks.len().checked_sub(1) else {
            r.errors.push(Error::new(
                ErrorKind::OutsideBlock(t.to_string()),
                Some(line_no),
            ));
            continue;
        };
        if let Err(e) = r.verb_line(strip_comment(t), block as u32, line_no) {
            r.errors.push(e);
        }
    }

    for (block, body, line) in raw_patterns {
        match r.pattern(&body, line) {
            Ok(Some(p)) => r.blocks[block as usize].patterns.push(p),
            Ok(None) => {}
            Err(e) => r.errors.push(e),
        }
    }
    for (name, line) in std::mem::take(&mut r.undefined) {
        r.errors
            .push(Error::new(ErrorKind::UndefinedSynset(name), Some(line)));
    }
    r.errors.sort_by_key(|e| e.line());

    let mut index: HashMap<String, Vec<u32>> = HashMap::new();
    for (i, v) in r.verbs.iter().enumerate() {
        for f in &v.forms {
            let ids = index.entry(f.clone()).or_default();
            if !ids.contains(&(i as u32)) {
                ids.push(i as u32);
            }
        }
    }
    let mut by_meaning: HashMap<String, Vec<u32>> = HashMap::new();
    let mut pattern_keys: HashMap<String, PatternKeys> = HashMap::new();
    for (i, b) in r.blocks.iter().enumerate() {
        by_meaning
            .entry(b.meaning.clone())
            .or_default()
            .push(i as u32);
        let keys = pattern_keys.entry(b.meaning.clone()).or_default();
        for (j, p) in b.patterns.iter().enumerate() {
            let id = (i as u32, j as u32);
            match p.key_word() {
                Some(w) => keys.by_word.entry(w.to_string()).or_default().push(id),
                None => keys.always.push(id),
            }
        }
    }
    let synset_words = flatten_synsets(&r.synsets, &r.synset_ids);
    let mut synset_heads: HashMap<String, Vec<(u32, u32)>> = HashMap::new();
    for (sid, members) in synset_words.iter().enumerate() {
        for (mi, m) in members.iter().enumerate() {
            if let Some(last) = m.last() {
                synset_heads
                    .entry(last.clone())
                    .or_default()
                    .push((sid as u32, mi as u32));
            }
        }
    }
    let errors = std::mem::take(&mut r.errors);
    let dict = VerbDictionary {
        format: r.format,
        synsets: r.synsets,
        blocks: r.blocks,
        verbs: r.verbs,
        transformations: r.transformations,
        index,
        synset_words,
        by_meaning,
        synset_heads,
        pattern_keys,
    };
    let err = (!errors.is_empty()).then(|| Error::new(ErrorKind::Partial(errors), None));
    (dict, err)
}

fn strip_comment(s: &str) -> &str {
    match s.find('#') {
        Some(p) => &s[..p],
        None => s,
    }
}

/// Resolves nested synset members (`+&TIETYPES`) into plain phrases.
fn flatten_synsets(synsets: &[Synset], ids: &HashMap<String, u32>) -> Vec<Vec<Vec<String>>> {
    fn go(
        i: usize,
        synsets: &[Synset],
        ids: &HashMap<String, u32>,
        depth: usize,
        out: &mut Vec<Vec<String>>,
    ) {
        for m in &synsets[i].members {
            if m.len() == 1 && m[0].starts_with('&') {
                if let Some(&j) = ids.get(&synset_key(&m[0])) {
                    if depth < 8 {
                        go(j as usize, synsets, ids, depth + 1, out);
                    }
                }
            } else if !out.contains(m) {
                out.push(m.clone());
            }
        }
    }
    (0..synsets.len())
        .map(|i| {
            let mut out = Vec::new();
            go(i, synsets, ids, 0, &mut out);
            out
        })
        .collect()
}

/// Third person, past and gerund forms, by PETRARCH's orthographic rules, plus
/// the forms a careful speller would expect (doubled consonants are not
/// generated; the lemma from the parser covers those).
fn generated_forms(w: &str) -> [String; 3] {
    // PETRARCH adds ES only after S, X and Z; CH and SH are added here.
    let third = if w.ends_with('S')
        || w.ends_with('X')
        || w.ends_with('Z')
        || w.ends_with("CH")
        || w.ends_with("SH")
    {
        format!("{w}ES")
    } else if let Some(stem) = w.strip_suffix('Y') {
        format!("{stem}IES")
    } else {
        format!("{w}S")
    };
    let past = if w.ends_with('E') {
        format!("{w}D")
    } else {
        format!("{w}ED")
    };
    let bytes = w.as_bytes();
    let gerund = if bytes.len() >= 2
        && bytes[bytes.len() - 1] == b'E'
        && !b"AEIOU".contains(&bytes[bytes.len() - 2])
    {
        format!("{}ING", &w[..w.len() - 1])
    } else {
        format!("{w}ING")
    };
    [third, past, gerund]
}

/// Splits `A_B_+VERB_X` into (before, verb, after).
fn split_verb_token(tok: &str) -> Option<(Vec<String>, String, Vec<String>)> {
    let pieces: Vec<&str> = tok.split('_').filter(|p| !p.is_empty()).collect();
    if pieces.is_empty() {
        return None;
    }
    let vi = pieces.iter().position(|p| p.starts_with('+')).unwrap_or(0);
    let up = |s: &str| s.trim_start_matches('+').to_ascii_uppercase();
    let verb = up(pieces[vi]);
    if verb.is_empty()
        || !verb
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '\'')
    {
        return None;
    }
    Some((
        pieces[..vi].iter().map(|p| up(p)).collect(),
        verb,
        pieces[vi + 1..].iter().map(|p| up(p)).collect(),
    ))
}

impl Reader {
    fn verb_line(&mut self, t: &str, block: u32, line: u64) -> Result<(), Error> {
        let bad = || Error::new(ErrorKind::BadVerb(t.trim().to_string()), Some(line));
        let has_brace = t.contains('{');
        let cleaned = t.replace(['{', '}'], " ").replace('[', " [");
        let mut toks: Vec<&str> = cleaned.split_whitespace().collect();
        let mut code = None;
        if let Some(last) = toks.last() {
            if last.starts_with('[') {
                code =
                    Some(parse_code(last).ok_or_else(|| {
                        Error::new(ErrorKind::BadCode(last.to_string()), Some(line))
                    })?);
                toks.pop();
            }
        }
        let Some((first, rest)) = toks.split_first() else {
            return Err(bad());
        };
        let (before, word, mut after) = split_verb_token(first).ok_or_else(bad)?;
        let mut forms = vec![word.clone()];
        if has_brace {
            for f in rest {
                if let Some((_, w, _)) = split_verb_token(f) {
                    if !forms.contains(&w) {
                        forms.push(w);
                    }
                }
            }
        } else {
            // `LASH OUT` written with a space: the later words are particles.
            if !rest.is_empty() {
                if !after.is_empty() || rest.iter().any(|w| !w.chars().all(char::is_alphabetic)) {
                    return Err(bad());
                }
                after.extend(rest.iter().map(|w| w.to_ascii_uppercase()));
            }
            forms.extend(generated_forms(&word));
        }
        self.verbs.push(VerbEntry {
            word,
            forms,
            before,
            after,
            code,
            block,
            line,
        });
        Ok(())
    }

    fn term(&mut self, w: &str, line: u64) -> Term {
        let w = w.trim_matches('_');
        if w == "^" {
            return Term::Any;
        }
        if w.starts_with('&') {
            let key = synset_key(w);
            return match self.synset_ids.get(&key) {
                Some(&id) => Term::Synset(id),
                None => {
                    if !self.undefined.iter().any(|(n, _)| n == w) {
                        self.undefined.push((w.to_string(), line));
                    }
                    // Kept as a literal word, which never matches a token.
                    Term::Word(w.to_string())
                }
            };
        }
        Term::Word(w.to_ascii_uppercase())
    }

    /// Parses one pattern body (`<pre> * <post> [CODE]`). `Ok(None)` means the
    /// pattern is skipped on purpose (a TABARI `{...}` disjunction).
    fn pattern(&mut self, body: &str, line: u64) -> Result<Option<Pattern>, Error> {
        let bad = || Error::new(ErrorKind::BadPattern(body.trim().to_string()), Some(line));
        let body = body.trim();
        let open = body.rfind('[').ok_or_else(bad)?;
        let code_text = body[open..].split_whitespace().next().unwrap_or("");
        let code = parse_code(code_text)
            .ok_or_else(|| Error::new(ErrorKind::BadCode(code_text.to_string()), Some(line)))?;
        let spec = body[..open].trim_end();
        let star = spec.find('*').ok_or_else(bad)?;
        let (pre_s, post_s) = (&spec[..star], &spec[star + 1..]);
        let (pre, post) = match self.format {
            Format::Cameo2 => (
                self.cameo2_side(pre_s, line).ok_or_else(bad)?,
                self.cameo2_side(post_s, line).ok_or_else(bad)?,
            ),
            Format::Tabari => {
                if spec.contains('{') {
                    return Ok(None);
                }
                let mut pre = self.linear_side(pre_s, line);
                // The pre side is stored from the verb outwards; `glued` then
                // means "adjacent to the element nearer the verb".
                let glue_to_verb = pre_s.ends_with('_');
                pre.reverse();
                let n = pre.len();
                let mut fixed = Vec::with_capacity(n);
                let glues: Vec<bool> = pre
                    .iter()
                    .map(|e| matches!(e, Elem::Linear { glued: true, .. }))
                    .collect();
                for (k, e) in pre.into_iter().enumerate() {
                    // Written glue of element k joins it to the element before
                    // it in text order, which is element k+1 outwards.
                    let g = if k == 0 { glue_to_verb } else { glues[k - 1] };
                    fixed.push(match e {
                        Elem::Linear { term, .. } => Elem::Linear { term, glued: g },
                        other => other,
                    });
                }
                (fixed, self.linear_side(post_s, line))
            }
        };
        Ok(Some(Pattern {
            text: spec.split_whitespace().collect::<Vec<_>>().join(" "),
            line,
            code,
            pre,
            post,
        }))
    }

    fn linear_side(&mut self, s: &str, line: u64) -> Vec<Elem> {
        let mut out = Vec::new();
        for chunk in s.split_whitespace() {
            let glued_start = chunk.starts_with('_');
            for (k, piece) in chunk.split('_').filter(|p| !p.is_empty()).enumerate() {
                let glued = k > 0 || glued_start;
                out.push(match piece {
                    "$" => Elem::Actor(Role::Source),
                    "+" => Elem::Actor(Role::Target),
                    "%" => Elem::Actor(Role::Compound),
                    "^" => Elem::Skip,
                    w => Elem::Linear {
                        term: self.term(w, line),
                        glued,
                    },
                });
            }
        }
        out
    }

    fn cameo2_side(&mut self, s: &str, line: u64) -> Option<Vec<Elem>> {
        let mut toks = Vec::new();
        let mut cur = String::new();
        for c in s.chars() {
            match c {
                '{' | '}' | '(' | ')' => {
                    if !cur.is_empty() {
                        toks.push(std::mem::take(&mut cur));
                    }
                    toks.push(c.to_string());
                }
                c if c.is_whitespace() => {
                    if !cur.is_empty() {
                        toks.push(std::mem::take(&mut cur));
                    }
                }
                c => cur.push(c),
            }
        }
        if !cur.is_empty() {
            toks.push(cur);
        }
        let mut out = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            let t = toks[i].as_str();
            match t {
                "(" => {
                    let close = toks[i..].iter().position(|x| x == ")")? + i;
                    let inner = &toks[i + 1..close];
                    let (prep, rest) = inner.split_first()?;
                    let prep = self.term(prep, line);
                    let mut objects = Vec::new();
                    let mut role = None;
                    let mut j = 0;
                    while j < rest.len() {
                        match rest[j].as_str() {
                            "{" => {
                                let end = rest[j..].iter().position(|x| x == "}")? + j;
                                let (n, r) = self.noun_phrase(&rest[j + 1..end], line)?;
                                role = role.or(r);
                                objects.push(n);
                                j = end + 1;
                            }
                            "$" | "+" | "%" => {
                                role = role_of(&rest[j]);
                                j += 1;
                            }
                            w => {
                                objects.push(NounSpec {
                                    head: self.term(w, line),
                                    modifiers: Vec::new(),
                                    role: None,
                                });
                                j += 1;
                            }
                        }
                    }
                    out.push(Elem::Prep {
                        prep,
                        objects,
                        role,
                    });
                    i = close + 1;
                }
                "{" => {
                    let close = toks[i..].iter().position(|x| x == "}")? + i;
                    let (n, _) = self.noun_phrase(&toks[i + 1..close], line)?;
                    out.push(Elem::Noun(n));
                    i = close + 1;
                }
                ")" | "}" => return None,
                "$" | "+" | "%" => {
                    out.push(Elem::Actor(role_of(t)?));
                    i += 1;
                }
                "^" => {
                    out.push(Elem::Skip);
                    i += 1;
                }
                w => {
                    out.push(Elem::Noun(NounSpec {
                        head: self.term(w, line),
                        modifiers: Vec::new(),
                        role: None,
                    }));
                    i += 1;
                }
            }
        }
        Some(out)
    }

    fn noun_phrase(&mut self, words: &[String], line: u64) -> Option<(NounSpec, Option<Role>)> {
        let mut role = None;
        let mut terms = Vec::new();
        for w in words {
            match role_of(w) {
                Some(r) => role = Some(r),
                None => terms.push(self.term(w, line)),
            }
        }
        let head = terms.pop()?;
        Some((
            NounSpec {
                head,
                modifiers: terms,
                role,
            },
            role,
        ))
    }
}

fn role_of(s: &str) -> Option<Role> {
    match s {
        "$" => Some(Role::Source),
        "+" => Some(Role::Target),
        "%" => Some(Role::Compound),
        _ => None,
    }
}

fn parse_var(s: &str) -> Option<Var> {
    match s {
        "." => Some(Var::Present),
        "_" => Some(Var::Absent),
        v if v.len() == 1 && v.chars().all(|c| c.is_ascii_lowercase()) => {
            Some(Var::Named(v.chars().next()?))
        }
        _ => None,
    }
}

fn parse_transformation(t: &str, line: u64) -> Option<Transformation> {
    // ~ a (b . ATTACK) SAY = a b 112
    let body = strip_comment(t.strip_prefix('~')?);
    let (lhs, rhs) = body.split_once('=')?;
    let open = lhs.find('(')?;
    let close = lhs.find(')')?;
    let outer_source = parse_var(lhs[..open].trim())?;
    let inner: Vec<&str> = lhs[open + 1..close].split_whitespace().collect();
    let outer_verb = lhs[close + 1..].trim().to_ascii_uppercase();
    let answer: Vec<&str> = rhs.split_whitespace().collect();
    if inner.len() != 3 || answer.len() != 3 || outer_verb.is_empty() {
        return None;
    }
    Some(Transformation {
        outer_source,
        inner_source: parse_var(inner[0])?,
        inner_target: parse_var(inner[1])?,
        inner_verb: inner[2].to_ascii_uppercase(),
        outer_verb,
        answer_source: parse_var(answer[0])?,
        answer_target: parse_var(answer[1])?,
        answer_code: answer[2].to_string(),
        line,
        text: t.trim().to_string(),
    })
}
