//! Training: tagger with jackknifing, lemmatizer, feature model, and the
//! parser on predicted tags, keeping the epoch with the best dev LAS.

use std::collections::BTreeSet;

use conllu::Sentence;

use crate::eval::evaluate;
use crate::feats::{self, FeatsExample, SentParse};
use crate::hash::Rng;
use crate::lemma::{tag_classes, LemmaItem, Lemmatizer};
use crate::model::{Model, ModelInfo};
use crate::parser::{projectivize, ParseExample, ParserTrainer, SentFeats};
use crate::tagger::{self, tag_hash, TagExample};
use crate::words::{views, ViewScratch, WordViews};
use crate::{Error, ErrorKind};

/// Training settings. The same data, options and seed give the same model.
#[derive(Clone, Debug)]
pub struct TrainOptions {
    pub seed: u64,
    /// Parser epochs.
    pub epochs: usize,
    pub tagger_epochs: usize,
    /// Jackknife folds for the parser's predicted tags (0 or 1: gold tags).
    pub folds: usize,
    /// Probability of following a wrong prediction after the first epoch.
    pub explore: f64,
    /// Beam width: 1 trains a greedy parser with the dynamic oracle; more
    /// trains a global beam parser with early update.
    pub beam: usize,
    /// With a beam: update at the step of largest violation (Huang et al.
    /// 2012) instead of early update.
    pub max_violation: bool,
    /// Beam width the trained model parses with, and with which dev chooses
    /// the epoch (0: the training beam). A model trained with a wide beam
    /// keeps most of its accuracy with a narrower, faster one.
    pub decode_beam: usize,
    /// The first this many training sentences form the primary treebank:
    /// where it and the others disagree on a word's lemma, its majority wins
    /// (None: all sentences count alike).
    pub lemma_primary: Option<usize>,
    pub info: ModelInfo,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            seed: 1,
            epochs: 15,
            tagger_epochs: 8,
            folds: 4,
            explore: 0.9,
            beam: 1,
            max_violation: false,
            decode_beam: 0,
            lemma_primary: None,
            info: ModelInfo::default(),
        }
    }
}

struct Prepared {
    views: Vec<Vec<WordViews>>,
    tags: Vec<Vec<u16>>,
    heads: Vec<Vec<u32>>,
    labels: Vec<Vec<u16>>,
    bundles: Vec<Vec<u32>>,
}

fn index_of(v: &[String], s: &str) -> usize {
    v.binary_search_by(|x| x.as_str().cmp(s)).unwrap_or(0)
}

fn joint(w: &conllu::Word) -> String {
    format!("{}\t{}", w.upos, w.xpos)
}

/// Trains a model on `train`, choosing the parser epoch by LAS on `dev`.
pub fn train(
    train: &[Sentence],
    dev: &[Sentence],
    opts: &TrainOptions,
    log: &mut dyn FnMut(&str),
) -> Result<Model, Error> {
    let primary: Vec<bool> = (0..train.len())
        .filter(|&i| !train[i].words.is_empty())
        .map(|i| opts.lemma_primary.is_none_or(|n| i < n))
        .collect();
    let train: Vec<&Sentence> = train.iter().filter(|s| !s.words.is_empty()).collect();
    if train.is_empty() {
        return Err(Error::new(ErrorKind::NoTrainingData));
    }
    let mut tagset = BTreeSet::new();
    let mut labset = BTreeSet::new();
    let mut bundset = BTreeSet::new();
    for s in &train {
        for w in &s.words {
            tagset.insert(joint(w));
            labset.insert(w.deprel.clone());
            if w.feats != "_" && !w.feats.is_empty() {
                bundset.insert(w.feats.clone());
            }
        }
    }
    labset.insert("root".to_string());
    let tags: Vec<String> = tagset.into_iter().collect();
    let labels: Vec<String> = labset.into_iter().collect();
    let mut bundles = vec!["_".to_string()];
    bundles.extend(bundset);
    let root_label = index_of(&labels, "root") as u16;

    let mut vs = ViewScratch::default();
    let mut p = Prepared {
        views: Vec::new(),
        tags: Vec::new(),
        heads: Vec::new(),
        labels: Vec::new(),
        bundles: Vec::new(),
    };
    for s in &train {
        p.views
            .push(s.words.iter().map(|w| views(&w.form, &mut vs)).collect());
        p.tags.push(
            s.words
                .iter()
                .map(|w| index_of(&tags, &joint(w)) as u16)
                .collect(),
        );
        let mut h: Vec<u32> = std::iter::once(0)
            .chain(s.words.iter().map(|w| w.head))
            .collect();
        projectivize(&mut h);
        p.heads.push(h);
        p.labels.push(
            std::iter::once(root_label)
                .chain(s.words.iter().map(|w| index_of(&labels, &w.deprel) as u16))
                .collect(),
        );
        p.bundles.push(
            s.words
                .iter()
                .map(|w| {
                    if w.feats == "_" || w.feats.is_empty() {
                        0
                    } else {
                        1 + index_of(&bundles[1..], &w.feats) as u32
                    }
                })
                .collect(),
        );
    }
    log(&format!(
        "{} training sentences, {} tags, {} labels, {} feature bundles",
        train.len(),
        tags.len(),
        labels.len(),
        bundles.len()
    ));

    // Jackknifed tags for the parser.
    let folds = opts.folds.max(1);
    let mut pred_tags: Vec<Vec<u16>> = p.tags.clone();
    if folds > 1 {
        let mut right = 0usize;
        let mut total = 0usize;
        for f in 0..folds {
            let exs: Vec<TagExample> = (0..train.len())
                .filter(|i| i % folds != f)
                .map(|i| TagExample {
                    views: &p.views[i],
                    gold: &p.tags[i],
                })
                .collect();
            let tg = tagger::train(
                &tags,
                &exs,
                opts.tagger_epochs,
                opts.seed + f as u64,
                |_, _| {},
            );
            let mut ts = tg.scratch();
            for i in (0..train.len()).filter(|i| i % folds == f) {
                let mut out = Vec::new();
                tg.tag(&p.views[i], &mut ts, &mut out);
                right += out.iter().zip(&p.tags[i]).filter(|(a, b)| a == b).count();
                total += out.len();
                pred_tags[i] = out;
            }
            log(&format!("jackknife fold {}/{} done", f + 1, folds));
        }
        log(&format!(
            "jackknife tag accuracy {:.2}%",
            100.0 * right as f64 / total.max(1) as f64
        ));
    }
    let exs: Vec<TagExample> = (0..train.len())
        .map(|i| TagExample {
            views: &p.views[i],
            gold: &p.tags[i],
        })
        .collect();
    let tg = tagger::train(&tags, &exs, opts.tagger_epochs, opts.seed, |e, acc| {
        log(&format!(
            "tagger epoch {} train acc {:.2}%",
            e + 1,
            100.0 * acc
        ))
    });

    let classes = tag_classes(&tags);
    let lem = Lemmatizer::train(
        train
            .iter()
            .zip(&p.tags)
            .zip(&primary)
            .flat_map(|((s, t), &primary)| {
                s.words.iter().zip(t).map(move |(w, t)| LemmaItem {
                    form: &w.form,
                    tag: *t,
                    lemma: &w.lemma,
                    primary,
                })
            }),
        &classes,
    );

    let verbal: Vec<bool> = tags
        .iter()
        .map(|t| t.starts_with("VERB\t") || t.starts_with("AUX\t"))
        .collect();
    let subj = feats::subject_labels(&labels);
    let fexs: Vec<FeatsExample> = (0..train.len())
        .map(|i| FeatsExample {
            parse: SentParse {
                views: &p.views[i],
                tags: &p.tags[i],
                heads: &p.heads[i][1..],
                labels: &p.labels[i][1..],
            },
            gold: p.bundles[i].clone(),
        })
        .collect();
    let fm = feats::train(
        bundles.clone(),
        tags.len(),
        &verbal,
        &subj,
        &fexs,
        5,
        opts.seed,
    );
    log("lemmatizer and feature model trained");

    let pexs: Vec<ParseExample> = (0..train.len())
        .map(|i| {
            let mut sf = SentFeats::new();
            sf.reset();
            for (v, t) in p.views[i].iter().zip(&pred_tags[i]) {
                sf.w.push(v.norm);
                sf.p.push(tag_hash(*t));
            }
            ParseExample {
                sf,
                heads: p.heads[i].clone(),
                labels: p.labels[i].clone(),
            }
        })
        .collect();
    let mut trainer = ParserTrainer::new(labels.clone(), root_label);
    trainer.beam = opts.beam.max(1);
    trainer.max_violation = opts.max_violation;
    let mut rng = Rng::new(opts.seed ^ 0xdead);
    let mut order: Vec<usize> = (0..pexs.len()).collect();
    let mut best: Option<(f64, Model)> = None;
    for epoch in 0..opts.epochs.max(1) {
        rng.shuffle(&mut order);
        let explore = if epoch == 0 { 0.0 } else { opts.explore };
        let uas = if trainer.beam > 1 {
            trainer.beam_epoch(&pexs, &order)
        } else {
            trainer.epoch(&pexs, &order, explore, &mut rng)
        };
        let mut model = Model::assemble(
            opts.info.clone(),
            tg.clone(),
            lem.clone(),
            fm.clone(),
            trainer.finish(1e-3),
        );
        if opts.decode_beam > 0 {
            model.set_beam(opts.decode_beam);
        }
        if dev.is_empty() {
            log(&format!(
                "parser epoch {} train UAS {:.2}%",
                epoch + 1,
                100.0 * uas
            ));
            best = Some((epoch as f64, model));
            continue;
        }
        let sc = evaluate(&model, dev);
        log(&format!(
            "parser epoch {} train UAS {:.2}% | dev UPOS {:.2} XPOS {:.2} lemma {:.2} feats {:.2} UAS {:.2} LAS {:.2}",
            epoch + 1,
            100.0 * uas,
            sc.pct(sc.upos),
            sc.pct(sc.xpos),
            sc.pct(sc.lemma),
            sc.pct(sc.ufeats),
            sc.pct(sc.uas),
            sc.pct(sc.las)
        ));
        let las = sc.pct(sc.las);
        if best.as_ref().is_none_or(|(b, _)| las > *b) {
            best = Some((las, model));
        }
    }
    match best {
        Some((_, m)) => Ok(m),
        None => Err(Error::new(ErrorKind::NoTrainingData)),
    }
}

/// GUM genres whose documents are CC BY (GUM's LICENSE.txt); the others are
/// non-commercial and never used for training.
pub const GUM_CC_BY_PREFIXES: &[&str] = &[
    "GUM_news_",
    "GUM_interview_",
    "GUM_voyage_",
    "GUM_textbook_",
    "GUM_speech_",
    "GUM_vlog_",
];

/// Keeps the sentences of documents whose `# newdoc id` starts with one of `prefixes`.
pub fn select_documents(sentences: Vec<Sentence>, prefixes: &[&str]) -> Vec<Sentence> {
    let mut keep = false;
    sentences
        .into_iter()
        .filter(|s| {
            if let Some(id) = s.newdoc_id() {
                keep = prefixes.iter().any(|p| id.starts_with(p));
            }
            keep
        })
        .collect()
}
