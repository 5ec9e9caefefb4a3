//! The model file and the annotation API.

use std::io::Write;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use crate::codec::{Reader, Writer};
use crate::feats::{FeatsModel, FeatsScratch, SentParse};
use crate::lemma::{open_classes, tag_classes, LemmaItem, LemmaScratch, Lemmatizer};
use crate::parser::{ParseScratch, Parser, SentFeats};
use crate::tagger::{tag_hash, TagScratch, Tagger};
use crate::words::{views, ViewScratch, WordViews};
use crate::{Error, ErrorKind};

const MAGIC: &[u8; 8] = b"KHSYNTX\0";
/// Version of the model file layout written by this crate. Format 1 files
/// (FNV-1a checksum, column tables rebuilt at load) are still read.
pub const FORMAT_VERSION: u32 = 2;
const HEADER: usize = 8 + 4 + 8 + 8 + 8;
/// Refuse payloads claiming more than this, to avoid huge allocations on corrupt headers.
const MAX_PAYLOAD: u64 = 1 << 31;

/// The shipped model, relative to the repository root.
pub const BUILTIN_PATH: &str = "models/syntax-en.khsyn";
/// The shipped model as build.rs left it: decompressed behind the signature
/// `KHSYNRAW` (or, if that failed, the file unchanged).
pub(crate) static BUILTIN_BYTES: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/syntax-en.khsyn-raw"));
const RAW_MAGIC: &[u8; 8] = b"KHSYNRAW";
static BUILTIN: OnceLock<Arc<Model>> = OnceLock::new();

/// The payload checksum of the current format: CRC-32 (IEEE) of the
/// uncompressed payload, widened to 64 bits.
pub fn checksum(bytes: &[u8]) -> u64 {
    let mut h = crc32fast::Hasher::new();
    h.update(bytes);
    h.finalize() as u64
}

/// The running payload checksum of a format version.
fn running_sum(version: u32) -> crate::codec::Sum {
    if version == 1 {
        crate::codec::Sum::fnv()
    } else {
        crate::codec::Sum::crc()
    }
}

/// Facts about a model recorded at training time.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ModelInfo {
    /// Model name and version, e.g. `en-ewt-gum-cc-by.v1`.
    pub name: String,
    /// Free text: data, seed, epochs.
    pub description: String,
}

/// A tagger, lemmatizer, feature model and parser trained together.
#[derive(Clone, Debug)]
pub struct Model {
    pub info: ModelInfo,
    pub(crate) tagger: Tagger,
    pub(crate) upos: Vec<String>,
    pub(crate) xpos: Vec<String>,
    pub(crate) lemmatizer: Lemmatizer,
    pub(crate) feats: FeatsModel,
    pub(crate) parser: Parser,
}

/// The analysis of one word. Strings borrow from the model except the lemma.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Analysis<'m> {
    pub upos: &'m str,
    pub xpos: &'m str,
    pub feats: &'m str,
    pub lemma: String,
    /// 1-based index of the head word in the sentence, 0 for the root.
    pub head: u32,
    pub deprel: &'m str,
}

impl Model {
    pub(crate) fn assemble(
        info: ModelInfo,
        tagger: Tagger,
        mut lemmatizer: Lemmatizer,
        mut feats: FeatsModel,
        parser: Parser,
    ) -> Model {
        let upos = tagger
            .tags
            .iter()
            .map(|t| t.split('\t').next().unwrap_or("X").to_string())
            .collect();
        let xpos = tagger
            .tags
            .iter()
            .map(|t| t.split('\t').nth(1).unwrap_or("_").to_string())
            .collect();
        feats.subj = crate::feats::subject_labels(&parser.labels);
        lemmatizer.class = tag_classes(&tagger.tags);
        lemmatizer.open = open_classes(&tagger.tags);
        Model {
            info,
            tagger,
            upos,
            xpos,
            lemmatizer,
            feats,
            parser,
        }
    }

    /// Serializes the model: header (signature, version, sizes, checksum) and a zlib payload.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.tag(b"INFO");
        w.str(&self.info.name);
        w.str(&self.info.description);
        self.tagger.write(&mut w);
        self.lemmatizer.write(&mut w);
        self.feats.write(&mut w);
        self.parser.write(&mut w);
        w.tag(b"END.");
        let payload = w.buf;
        let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(6));
        // Writing to a Vec cannot fail.
        let _ = enc.write_all(&payload);
        let compressed = enc.finish().unwrap_or_default();
        let mut out = Vec::with_capacity(HEADER + compressed.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
        out.extend_from_slice(&(compressed.len() as u64).to_le_bytes());
        out.extend_from_slice(&checksum(&payload).to_le_bytes());
        out.extend_from_slice(&compressed);
        out
    }

    /// The model compiled into the binary ([`BUILTIN_PATH`]), decoded and
    /// checked on first use and shared afterwards.
    pub fn builtin() -> Result<Arc<Model>, Error> {
        if let Some(m) = BUILTIN.get() {
            return Ok(m.clone());
        }
        let m = if BUILTIN_BYTES.starts_with(RAW_MAGIC) {
            Model::from_raw(BUILTIN_BYTES)
        } else {
            Model::from_bytes(BUILTIN_BYTES)
        }
        .map_err(|e| e.with_path(Path::new(BUILTIN_PATH)))?;
        // The decoded model holds copies of everything it reads (the weight
        // tables placed for lookups): the payload's pages can leave memory.
        crate::mem::release(BUILTIN_BYTES);
        Ok(BUILTIN.get_or_init(|| Arc::new(m)).clone())
    }

    pub fn save(&self, path: &Path) -> Result<(), Error> {
        std::fs::write(path, self.to_bytes())
            .map_err(|e| Error::new(ErrorKind::Io(e)).with_path(path))
    }

    pub fn load(path: &Path) -> Result<Model, Error> {
        let bytes =
            std::fs::read(path).map_err(|e| Error::new(ErrorKind::Io(e)).with_path(path))?;
        Model::from_bytes(&bytes).map_err(|e| e.with_path(path))
    }

    /// Decodes a model, checking signature, version, sizes and checksum.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, Error> {
        if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
            return Err(Error::new(ErrorKind::NotAModel));
        }
        if bytes.len() < HEADER {
            return Err(Error::new(ErrorKind::Truncated {
                expected: HEADER as u64,
                found: bytes.len() as u64,
            }));
        }
        let u32_at =
            |i: usize| u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
        let u64_at = |i: usize| {
            let mut a = [0u8; 8];
            a.copy_from_slice(&bytes[i..i + 8]);
            u64::from_le_bytes(a)
        };
        let version = u32_at(8);
        if !(1..=FORMAT_VERSION).contains(&version) {
            return Err(Error::new(ErrorKind::UnsupportedVersion {
                found: version,
                expected: FORMAT_VERSION,
            }));
        }
        let payload_len = u64_at(12);
        let compressed_len = u64_at(20);
        let sum = u64_at(28);
        let body = &bytes[HEADER..];
        if (body.len() as u64) < compressed_len {
            return Err(Error::new(ErrorKind::Truncated {
                expected: HEADER as u64 + compressed_len,
                found: bytes.len() as u64,
            }));
        }
        if (body.len() as u64) > compressed_len || payload_len > MAX_PAYLOAD {
            return Err(Error::new(ErrorKind::Corrupt(format!(
                "the header announces {} compressed bytes for a {}-byte payload, the file has {}",
                compressed_len,
                payload_len,
                body.len()
            ))));
        }
        // The payload is decompressed and decoded piece by piece: it is never
        // held whole in memory next to the decoded tables.
        let mut dec = flate2::read::ZlibDecoder::new(body);
        let r = Reader::new(&mut dec, payload_len, version, running_sum(version));
        Model::decode_payload(r, sum)
    }

    /// Decodes a model whose payload follows its header uncompressed (as
    /// build.rs leaves the shipped model), with the same checks. The weight
    /// tables are read in place, without rehashing, and copied where
    /// lookups want them (see `mem`).
    fn from_raw(bytes: &'static [u8]) -> Result<Model, Error> {
        if bytes.len() < HEADER {
            return Err(Error::new(ErrorKind::Truncated {
                expected: HEADER as u64,
                found: bytes.len() as u64,
            }));
        }
        let u64_at = |i: usize| crate::codec::u64_le(&bytes[i..]);
        let version = crate::codec::u32_le(&bytes[8..]);
        let payload_len = u64_at(12);
        let sum = u64_at(28);
        if !(1..=FORMAT_VERSION).contains(&version) {
            return Err(Error::new(ErrorKind::UnsupportedVersion {
                found: version,
                expected: FORMAT_VERSION,
            }));
        }
        if (bytes.len() - HEADER) as u64 != payload_len {
            return Err(Error::new(ErrorKind::Truncated {
                expected: HEADER as u64 + payload_len,
                found: bytes.len() as u64,
            }));
        }
        let r = Reader::from_static(&bytes[HEADER..], version, running_sum(version));
        Model::decode_payload(r, sum)
    }

    fn decode_payload(mut r: Reader, sum: u64) -> Result<Model, Error> {
        let payload_len = r.len_announced();
        let model = Model::decode(&mut r);
        let complete = model.is_ok() && r.at_end();
        let found = r.checksum();
        match model {
            Ok(_) if !complete => Err(Error::new(ErrorKind::Corrupt(format!(
                "the payload is longer than the {} bytes the header announces",
                payload_len
            )))),
            Ok(_) if found != sum => Err(Error::new(ErrorKind::ChecksumMismatch {
                expected: sum,
                found,
            })),
            Ok(m) => Ok(m),
            Err(e) => Err(Error::new(ErrorKind::Corrupt(e.0))),
        }
    }

    fn decode(r: &mut Reader) -> crate::codec::DResult<Model> {
        r.tag(b"INFO")?;
        let info = ModelInfo {
            name: r.str()?,
            description: r.str()?,
        };
        let tagger = Tagger::read(r)?;
        let lemmatizer = Lemmatizer::read(r)?;
        let feats = FeatsModel::read(r)?;
        let parser = Parser::read(r)?;
        r.tag(b"END.")?;
        if feats.bundles.is_empty() || tagger.tags.is_empty() {
            return crate::codec::bad("empty tag or feature inventory");
        }
        Ok(Model::assemble(info, tagger, lemmatizer, feats, parser))
    }

    /// Learns the lemmatizer again from treebank words, keeping the tagger and
    /// parser: words of `primary` set the conventions where treebanks
    /// disagree, words of `extra` add coverage. Words whose `UPOS XPOS` pair
    /// is not in the model's tag set are skipped.
    pub fn relearn_lemmas(&mut self, primary: &[conllu::Sentence], extra: &[conllu::Sentence]) {
        let tags = &self.tagger.tags;
        let mut joint = String::new();
        let mut items = Vec::new();
        for (sents, is_primary) in [(primary, true), (extra, false)] {
            for w in sents.iter().flat_map(|s| &s.words) {
                joint.clear();
                joint.push_str(&w.upos);
                joint.push('\t');
                joint.push_str(&w.xpos);
                if let Ok(t) = tags.binary_search(&joint) {
                    items.push(LemmaItem {
                        form: &w.form,
                        tag: t as u16,
                        lemma: &w.lemma,
                        primary: is_primary,
                    });
                }
            }
        }
        self.lemmatizer = Lemmatizer::train(items.into_iter(), &tag_classes(tags));
        self.lemmatizer.open = open_classes(tags);
    }

    /// Beam width of the parser (1 = greedy).
    pub fn beam(&self) -> usize {
        self.parser.beam
    }

    /// Parses with a beam of `width` hypotheses (at least 1) from now on.
    pub fn set_beam(&mut self, width: usize) {
        self.parser.beam = width.clamp(1, 64);
    }

    /// Drops every weight whose magnitude is below `min_abs`, to shrink the model.
    pub fn prune(&mut self, min_abs: f32) {
        self.prune_parts(min_abs, min_abs);
    }

    /// Like [`Model::prune`] with separate thresholds for the tagger and
    /// feature model, and for the parser.
    pub fn prune_parts(&mut self, tagger_min_abs: f32, parser_min_abs: f32) {
        self.prune_tables(tagger_min_abs, parser_min_abs, parser_min_abs);
    }

    /// Like [`Model::prune_parts`] with separate thresholds for the
    /// parser's transition and label weights (a beam-trained transition
    /// table has larger weights than the label table).
    pub fn prune_tables(&mut self, tagger_min_abs: f32, trans_min_abs: f32, label_min_abs: f32) {
        self.tagger.prune(tagger_min_abs);
        self.feats.prune(tagger_min_abs);
        self.parser.prune(trans_min_abs, label_min_abs);
    }

    /// Non-zero weights per part: tagger, features, transitions, labels.
    pub fn weight_counts(&self) -> [usize; 4] {
        let (t, l) = self.parser.sizes();
        [self.tagger.sizes(), self.feats.sizes(), t, l]
    }

    /// Reusable buffers for annotating many sentences without allocating.
    pub fn annotator(&self) -> Annotator<'_> {
        Annotator {
            model: self,
            vs: ViewScratch::default(),
            views: Vec::new(),
            tags: Vec::new(),
            ts: self.tagger.scratch(),
            sf: SentFeats::new(),
            ps: self.parser.scratch(),
            heads: Vec::new(),
            labels: Vec::new(),
            fs: self.feats.scratch(),
            bundles: Vec::new(),
            ls: LemmaScratch::default(),
        }
    }

    /// Tags, lemmatizes and parses one sentence given as words.
    pub fn analyze(&self, words: &[&str]) -> Vec<Analysis<'_>> {
        let mut a = self.annotator();
        let mut out = Vec::new();
        a.annotate(words, true, &mut out);
        out.iter().map(|w| self.analysis(w)).collect()
    }

    pub fn analysis(&self, w: &WordAnalysis) -> Analysis<'_> {
        Analysis {
            upos: self.upos_of(w),
            xpos: self.xpos_of(w),
            feats: self.feats_of(w),
            lemma: w.lemma.clone(),
            head: w.head,
            deprel: self.deprel_of(w),
        }
    }

    pub fn upos_of(&self, w: &WordAnalysis) -> &str {
        self.upos.get(w.tag as usize).map_or("X", |s| s)
    }
    pub fn xpos_of(&self, w: &WordAnalysis) -> &str {
        self.xpos.get(w.tag as usize).map_or("_", |s| s)
    }
    pub fn feats_of(&self, w: &WordAnalysis) -> &str {
        self.feats.bundles.get(w.feats as usize).map_or("_", |s| s)
    }
    pub fn deprel_of(&self, w: &WordAnalysis) -> &str {
        self.parser
            .labels
            .get(w.label as usize)
            .map_or("dep", |s| s)
    }
}

/// Compact per-word output of an [`Annotator`]; names come from the model.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WordAnalysis {
    pub tag: u16,
    pub feats: u32,
    pub lemma: String,
    /// 1-based head, 0 for the root.
    pub head: u32,
    pub label: u16,
}

/// Annotates sentences one after another, reusing its buffers.
pub struct Annotator<'m> {
    model: &'m Model,
    vs: ViewScratch,
    views: Vec<WordViews>,
    tags: Vec<u16>,
    ts: TagScratch,
    sf: SentFeats,
    ps: ParseScratch,
    heads: Vec<u32>,
    labels: Vec<u16>,
    fs: FeatsScratch,
    bundles: Vec<u32>,
    ls: LemmaScratch,
}

impl Annotator<'_> {
    /// Fills `out` with one analysis per word. `lemmas: false` skips lemmas and features.
    pub fn annotate(&mut self, words: &[&str], lemmas: bool, out: &mut Vec<WordAnalysis>) {
        let m = self.model;
        self.views.clear();
        for w in words {
            self.views.push(views(w, &mut self.vs));
        }
        m.tagger.tag(&self.views, &mut self.ts, &mut self.tags);
        self.sf.reset();
        for (v, t) in self.views.iter().zip(&self.tags) {
            self.sf.w.push(v.norm);
            self.sf.p.push(tag_hash(*t));
        }
        m.parser
            .parse(&self.sf, &mut self.ps, &mut self.heads, &mut self.labels);
        out.resize_with(words.len(), WordAnalysis::default);
        out.truncate(words.len());
        if lemmas {
            let sp = SentParse {
                views: &self.views,
                tags: &self.tags,
                heads: &self.heads,
                labels: &self.labels,
            };
            m.feats.predict(&sp, &mut self.fs, &mut self.bundles);
        }
        for (i, o) in out.iter_mut().enumerate() {
            o.tag = self.tags[i];
            o.head = self.heads[i];
            o.label = self.labels[i];
            if lemmas {
                o.feats = self.bundles[i];
                m.lemmatizer
                    .lemma(words[i], self.tags[i], &mut self.ls, &mut o.lemma);
            } else {
                o.feats = 0;
                o.lemma.clear();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_payload_is_decompressed_at_build_time_and_checked() {
        assert!(
            BUILTIN_BYTES.starts_with(RAW_MAGIC),
            "build.rs could not decompress the shipped model"
        );
        let cut = Model::from_raw(&BUILTIN_BYTES[..BUILTIN_BYTES.len() / 2]).unwrap_err();
        assert!(matches!(cut.kind(), ErrorKind::Truncated { .. }), "{cut}");
        let mut future = BUILTIN_BYTES[..HEADER].to_vec();
        future[8] = 99;
        let err = Model::from_raw(future.leak()).unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::UnsupportedVersion { found: 99, .. }),
            "{err}"
        );
    }
}
