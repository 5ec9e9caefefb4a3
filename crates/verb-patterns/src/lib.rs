//! Readers for PETRARCH verb dictionaries.
//!
//! Two dialects are read natively into one [`VerbDictionary`]:
//! - PETRARCH2's `CAMEO.2.0.txt` ([`Format::Cameo2`]): synsets `&NAME`, verb
//!   blocks `--- MEANING [CODE] ---` with verb lines (irregular forms in
//!   `{...}`, multi-word verbs `A_+VERB_PRT`), patterns made of noun slots,
//!   `{MODIFIER HEAD}` phrases and `(PREP OBJECT)` slots, the actor markers
//!   `$` (source), `+` (target) and `%` (compound), and the TRANSFORMATIONS
//!   section.
//! - The older TABARI / PETRARCH-1 format ([`Format::Tabari`], e.g.
//!   `CAMEO.verbpatterns.150430.txt`, `PETR.Validate.verbs.txt`): the same
//!   blocks and verbs, but linear patterns where `_` means "adjacent".
//!
//! Departures from PETRARCH2 (documented in `docs` of the coder): `<!-- -->`
//! is read as a comment rather than switching pattern reading off; synsets
//! are kept as references and matched by lemma rather than expanded into
//! plural spellings; `$`, `+` and `%` are actor markers in both dialects.
//!
//! This crate knows nothing of parses or documents: `event-coder` matches
//! the patterns. It also embeds the default dictionary and the CAMEO code
//! table ([`CodeTable`]).

mod codes;
mod dict;
mod error;
mod read;

use std::path::Path;
use std::sync::OnceLock;

pub use codes::{CodeInfo, CodeTable};
pub use dict::{
    Block, Code, Elem, Format, NounSpec, Pattern, Role, Synset, Term, Transformation, Var,
    VerbDictionary, VerbEntry,
};
pub use error::{Error, ErrorKind};
pub use read::{detect_format, parse_code};

const DEFAULT_GZ: &[u8] = include_bytes!("../../../dictionaries/cameo/CAMEO.2.0.txt.gz");
/// khaldun's verbs missing from CAMEO.2.0, read after it into the default dictionary.
const SUPPLEMENT: &str = include_str!("../../../dictionaries/khaldun/khaldun.verbs.txt");

impl VerbDictionary {
    /// Parses dictionary text in the given dialect. The second value is an
    /// [`ErrorKind::Partial`] listing lines that were skipped, if any.
    pub fn parse_str(text: &str, format: Format) -> (VerbDictionary, Option<Error>) {
        read::parse_str(text, format)
    }

    /// Reads a file, detecting its dialect. `Err` only when the file cannot be
    /// read at all; skipped lines come back as a partial error beside the dictionary.
    pub fn load(path: &Path) -> Result<(VerbDictionary, Option<Error>), Error> {
        let bytes =
            std::fs::read(path).map_err(|e| Error::new(ErrorKind::Io(e), None).with_path(path))?;
        // PETRARCH-1 files may hold Latin-1 bytes in comments.
        let text = String::from_utf8_lossy(&bytes);
        let (d, err) = read::parse_str(&text, detect_format(&text));
        Ok((d, err.map(|e| e.with_path(path))))
    }

    /// The default dictionary: PETRARCH2's CAMEO.2.0.txt, embedded compressed,
    /// followed by khaldun's supplement (`dictionaries/khaldun/khaldun.verbs.txt`:
    /// verbs CAMEO.2.0 does not list, in the same format).
    pub fn embedded() -> &'static VerbDictionary {
        static DICT: OnceLock<VerbDictionary> = OnceLock::new();
        DICT.get_or_init(|| {
            use std::io::Read;
            let mut text = String::new();
            flate2::read::GzDecoder::new(DEFAULT_GZ)
                .read_to_string(&mut text)
                .expect("the embedded CAMEO.2.0 dictionary is valid gzip UTF-8");
            text.push('\n');
            text.push_str(SUPPLEMENT);
            read::parse_str(&text, Format::Cameo2).0
        })
    }
}
