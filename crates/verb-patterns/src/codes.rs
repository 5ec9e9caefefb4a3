//! CAMEO code attributes: QuadClass, Goldstein value, PLOVER type and mode.

use std::collections::HashMap;
use std::sync::OnceLock;

/// What a CAMEO code carries besides its number.
#[derive(Clone, Debug, PartialEq)]
pub struct CodeInfo {
    pub quad_class: u8,
    pub goldstein: f32,
    pub plover_type: Option<String>,
    pub plover_mode: Option<String>,
}

/// The table of CAMEO codes (GDELT's Goldstein/QuadClass reference and the
/// 2021 CAMEO-to-PLOVER mapping), embedded from `dictionaries/cameo/cameo_codes.tsv`.
#[derive(Clone, Debug, Default)]
pub struct CodeTable {
    codes: HashMap<String, CodeInfo>,
}

const EMBEDDED: &str = include_str!("../../../dictionaries/cameo/cameo_codes.tsv");

impl CodeTable {
    /// Reads `code \t quad \t goldstein \t plover_type \t plover_mode` lines; `#` lines are comments.
    pub fn parse(text: &str) -> CodeTable {
        let mut codes = HashMap::new();
        for line in text.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 3 {
                continue;
            }
            let Ok(quad) = f[1].trim().parse::<u8>() else {
                continue;
            };
            let opt = |i: usize| {
                f.get(i)
                    .map(|s| s.trim())
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
            };
            codes.insert(
                f[0].trim().to_string(),
                CodeInfo {
                    quad_class: quad,
                    goldstein: f[2].trim().parse().unwrap_or(f32::NAN),
                    plover_type: opt(3),
                    plover_mode: opt(4),
                },
            );
        }
        // Codes outside GDELT's table borrow the Goldstein value of their base code.
        let keys: Vec<String> = codes.keys().cloned().collect();
        for k in keys {
            if codes[&k].goldstein.is_nan() {
                let g = (3..k.len())
                    .rev()
                    .filter_map(|n| codes.get(&k[..n]))
                    .map(|c| c.goldstein)
                    .find(|g| !g.is_nan())
                    .unwrap_or(0.0);
                if let Some(c) = codes.get_mut(&k) {
                    c.goldstein = g;
                }
            }
        }
        CodeTable { codes }
    }

    /// The embedded default table, parsed once.
    pub fn embedded() -> &'static CodeTable {
        static TABLE: OnceLock<CodeTable> = OnceLock::new();
        TABLE.get_or_init(|| CodeTable::parse(EMBEDDED))
    }

    /// Attributes of a code; a code not in the table falls back to its
    /// three-digit base, then its two-digit root.
    pub fn get(&self, code: &str) -> Option<&CodeInfo> {
        self.codes
            .get(code)
            .or_else(|| code.get(..3).and_then(|c| self.codes.get(c)))
            .or_else(|| code.get(..2).and_then(|c| self.codes.get(c)))
    }

    /// True if the code is exactly a CAMEO code of the table.
    pub fn contains(&self, code: &str) -> bool {
        self.codes.contains_key(code)
    }

    pub fn len(&self) -> usize {
        self.codes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }
}
