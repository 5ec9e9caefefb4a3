//! Per-token string views (lowercase, affixes, shape), hashed once per sentence.

use crate::hash::hash_str;

/// Hashes of the string views of one token.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct WordViews {
    /// Exact form.
    pub(crate) form: u64,
    /// Lowercased, digits mapped to `0`.
    pub(crate) norm: u64,
    pub(crate) suf: [u64; 5],
    pub(crate) pre: [u64; 3],
    pub(crate) shape: u64,
    /// Bits: 1 capitalised, 2 all caps, 4 has digit, 8 has hyphen, 16 non-alphanumeric only.
    pub(crate) flags: u64,
}

/// Longest prefix of `s` with at most `max` chars.
fn prefix_chars(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// Longest suffix of `s` with at most `max` chars.
fn suffix_chars(s: &str, max: usize) -> &str {
    let n = s.chars().count();
    if n <= max {
        return s;
    }
    match s.char_indices().nth(n - max) {
        Some((i, _)) => &s[i..],
        None => s,
    }
}

/// Lowercase with ASCII digits as `0`; long tokens are cut to 64 chars.
pub(crate) fn normalize(form: &str, out: &mut String) {
    out.clear();
    for (n, c) in form.chars().enumerate() {
        if n >= 64 {
            break;
        }
        if c.is_ascii_digit() {
            out.push('0');
        } else if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

fn shape(form: &str, out: &mut String) {
    out.clear();
    let mut last = '\0';
    let mut run = 0;
    for (n, c) in form.chars().enumerate() {
        if n >= 32 {
            break;
        }
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else if c.is_alphabetic() {
            'a'
        } else {
            c
        };
        if k == last {
            run += 1;
            if run > 2 {
                continue;
            }
        } else {
            run = 1;
            last = k;
        }
        out.push(k);
    }
}

/// Scratch buffers reused across tokens.
#[derive(Default)]
pub(crate) struct ViewScratch {
    norm: String,
    shape: String,
}

pub(crate) fn views(form: &str, s: &mut ViewScratch) -> WordViews {
    normalize(form, &mut s.norm);
    shape(form, &mut s.shape);
    let norm = s.norm.as_str();
    let mut v = WordViews {
        form: hash_str(prefix_chars(form, 64)),
        norm: hash_str(norm),
        shape: hash_str(&s.shape),
        ..WordViews::default()
    };
    for (k, slot) in v.suf.iter_mut().enumerate() {
        *slot = hash_str(suffix_chars(norm, k + 1));
    }
    for (k, slot) in v.pre.iter_mut().enumerate() {
        *slot = hash_str(prefix_chars(norm, k + 1));
    }
    let mut flags = 0;
    let mut chars = form.chars();
    if chars.next().is_some_and(|c| c.is_uppercase()) {
        flags |= 1;
    }
    if form.chars().any(|c| c.is_alphabetic()) && !form.chars().any(|c| c.is_lowercase()) {
        flags |= 2;
    }
    if form.chars().any(|c| c.is_numeric()) {
        flags |= 4;
    }
    if form.contains('-') {
        flags |= 8;
    }
    if !form.chars().any(|c| c.is_alphanumeric()) {
        flags |= 16;
    }
    v.flags = flags;
    v
}

pub(crate) fn suffix_of(s: &str, max: usize) -> &str {
    suffix_chars(s, max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn affixes_respect_char_boundaries() {
        assert_eq!(suffix_chars("naïve", 3), "ïve");
        assert_eq!(prefix_chars("日本語", 2), "日本");
        assert_eq!(suffix_chars("ab", 4), "ab");
        let mut s = String::new();
        shape("McDonald's-2024", &mut s);
        assert_eq!(s, "XxXxx'x-dd");
        let mut sc = ViewScratch::default();
        let v = views("😀😀", &mut sc);
        assert_eq!(v.flags & 16, 16);
    }
}
