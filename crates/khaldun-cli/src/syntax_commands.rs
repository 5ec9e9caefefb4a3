//! Syntax commands: `khaldun train syntax`, `khaldun eval parser`,
//! `khaldun parse` and `khaldun bench parse`. Each has a clap `Args` struct
//! and a `run_*` function returning the exit [`Outcome`].

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use text_model::{AnnotatedDoc, Document, Stage};

use crate::code_command::{for_each_batch, peak_rss_kib, InputArgs};
use crate::exit::Outcome;
use syntax::GUM_CC_BY_PREFIXES;

fn load_model(path: &Option<PathBuf>) -> anyhow::Result<Arc<syntax::Model>> {
    match path {
        Some(p) => Ok(Arc::new(syntax::Model::load(p)?)),
        None => Ok(syntax::Model::builtin()?),
    }
}

fn read_conllu(path: &Path) -> anyhow::Result<Vec<conllu::Sentence>> {
    Ok(conllu::read_file(path)?)
}

#[derive(clap::Args, Debug)]
pub struct TrainSyntaxArgs {
    /// Training treebanks (CoNLL-U); every sentence is used.
    #[arg(long, required = true, num_args = 1.., value_name = "FILE")]
    pub train: Vec<PathBuf>,
    /// GUM training file: only its CC BY documents (news, interview,
    /// voyage, textbook, speech, vlog) are used.
    #[arg(long, value_name = "FILE")]
    pub gum: Option<PathBuf>,
    /// Development treebank: the parser epoch with the best LAS on it is kept.
    #[arg(long, value_name = "FILE")]
    pub dev: Option<PathBuf>,
    /// Where to write the model.
    #[arg(long, value_name = "MODEL")]
    pub out: PathBuf,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Parser epochs.
    #[arg(long, default_value_t = 15)]
    pub epochs: usize,
    #[arg(long, default_value_t = 8)]
    pub tagger_epochs: usize,
    /// Model name recorded in the file.
    #[arg(long, default_value = "syntax-en")]
    pub name: String,
}

pub fn run_train(args: TrainSyntaxArgs) -> anyhow::Result<Outcome> {
    let mut train = Vec::new();
    let mut sources = Vec::new();
    for f in &args.train {
        let s = read_conllu(f)?;
        sources.push(format!("{} ({} sentences)", file_name(f), s.len()));
        train.extend(s);
    }
    // The --train treebanks set the lemma conventions; GUM adds coverage.
    let primary = train.len();
    if let Some(g) = &args.gum {
        let s = syntax::select_documents(read_conllu(g)?, GUM_CC_BY_PREFIXES);
        sources.push(format!(
            "{} CC BY documents ({} sentences)",
            file_name(g),
            s.len()
        ));
        train.extend(s);
    }
    let dev = match &args.dev {
        Some(d) => read_conllu(d)?,
        None => Vec::new(),
    };
    let opts = syntax::TrainOptions {
        seed: args.seed,
        epochs: args.epochs,
        tagger_epochs: args.tagger_epochs,
        info: syntax::ModelInfo {
            name: args.name.clone(),
            description: format!(
                "trained on {}; dev {}; seed {}, parser epochs {}, tagger epochs {}",
                sources.join(", "),
                args.dev.as_deref().map_or("none".to_string(), file_name),
                args.seed,
                args.epochs,
                args.tagger_epochs
            ),
        },
        lemma_primary: Some(primary),
        ..Default::default()
    };
    let start = Instant::now();
    let model = syntax::train(&train, &dev, &opts, &mut |m| {
        eprintln!("[{:>7.1}s] {}", start.elapsed().as_secs_f64(), m)
    })?;
    model.save(&args.out)?;
    let bytes = std::fs::metadata(&args.out)?.len();
    eprintln!(
        "wrote {} ({:.1} MB) in {:.0}s",
        args.out.display(),
        bytes as f64 / 1e6,
        start.elapsed().as_secs_f64()
    );
    Ok(Outcome::Success)
}

fn file_name(p: &Path) -> String {
    p.file_name().map_or_else(
        || p.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

#[derive(clap::Args, Debug)]
pub struct EvalParserArgs {
    /// Gold treebank (CoNLL-U).
    #[arg(long, value_name = "FILE")]
    pub conllu: PathBuf,
    /// End to end from the rebuilt raw text (segment + syntax), CoNLL 2018 F1.
    #[arg(long)]
    pub raw: bool,
    /// Only documents whose `# newdoc id` starts with this (e.g. GUM_news_).
    #[arg(long, value_name = "PREFIX")]
    pub docs: Option<String>,
    /// Model file instead of the built-in model.
    #[arg(long, value_name = "MODEL")]
    pub model: Option<PathBuf>,
    #[arg(long)]
    pub json: bool,
}

pub fn run_eval(args: EvalParserArgs) -> anyhow::Result<Outcome> {
    let model = load_model(&args.model)?;
    let mut gold = read_conllu(&args.conllu)?;
    if let Some(p) = &args.docs {
        gold = syntax::select_documents(gold, &[p.as_str()]);
    }
    anyhow::ensure!(
        !gold.is_empty(),
        "no sentences to evaluate in {}",
        args.conllu.display()
    );
    if args.raw {
        return eval_raw(&model, &gold, &args);
    }
    let sc = syntax::evaluate(&model, &gold);
    if args.json {
        outln!(
            "{}",
            serde_json::json!({"file": args.conllu.display().to_string(), "mode": "gold tokenization",
                "sentences": sc.sentences, "words": sc.words,
                "upos": sc.pct(sc.upos), "xpos": sc.pct(sc.xpos), "ufeats": sc.pct(sc.ufeats),
                "lemma": sc.pct(sc.lemma), "uas": sc.pct(sc.uas), "las": sc.pct(sc.las),
                "las_full_deprel": sc.pct(sc.las_full), "model": model.info.name})
        );
    } else {
        outln!(
            "{}: {} sentences, {} words (gold tokenization)\nUPOS {:.2}  XPOS {:.2}  UFeats {:.2}  Lemma {:.2}  UAS {:.2}  LAS {:.2}  (LAS with subtypes {:.2})",
            args.conllu.display(), sc.sentences, sc.words, sc.pct(sc.upos), sc.pct(sc.xpos),
            sc.pct(sc.ufeats), sc.pct(sc.lemma), sc.pct(sc.uas), sc.pct(sc.las), sc.pct(sc.las_full)
        );
    }
    Ok(Outcome::Success)
}

fn eval_raw(
    model: &Arc<syntax::Model>,
    gold: &[conllu::Sentence],
    args: &EvalParserArgs,
) -> anyhow::Result<Outcome> {
    let raw = conllu::RawText::rebuild(gold);
    let seg = segment::segment(&raw.text);
    let mut doc = AnnotatedDoc::new(Document::from_text("raw", raw.text.clone()));
    segment::SegmentStage.run(&mut doc);
    syntax::SyntaxStage::new(model.clone()).run(&mut doc);
    anyhow::ensure!(
        doc.tokens.len() == seg.words.len(),
        "the segment stage and segment::segment disagree on the words"
    );
    // Words of one surface token ("do" + "n't") share its span, as in the gold.
    let mut group = vec![0usize; seg.words.len()];
    let mut spans: Vec<std::ops::Range<usize>> = Vec::new();
    for (i, w) in seg.words.iter().enumerate() {
        if w.glued && !spans.is_empty() {
            let last = spans.len() - 1;
            spans[last].end = w.span.end();
        } else {
            spans.push(w.span.start()..w.span.end());
        }
        group[i] = spans.len() - 1;
    }
    let pred: Vec<syntax::PredWord> = doc
        .tokens
        .iter()
        .enumerate()
        .map(|(i, t)| syntax::PredWord {
            span: spans[group[i]].clone(),
            upos: t.upos.clone(),
            xpos: t.xpos.clone(),
            feats: t.feats.clone(),
            lemma: t.lemma.clone(),
            head: t.head.map(|h| h as usize),
            deprel: t.deprel.clone(),
        })
        .collect();
    let sentences: Vec<std::ops::Range<usize>> =
        doc.sentences.iter().map(|s| s.span.range()).collect();
    let r = syntax::score_raw(gold, &raw, &sentences, &spans, &pred);
    let rows = [
        ("tokens", r.tokens),
        ("sentences", r.sentences),
        ("words", r.words),
        ("upos", r.upos),
        ("xpos", r.xpos),
        ("ufeats", r.ufeats),
        ("lemma", r.lemma),
        ("uas", r.uas),
        ("las", r.las),
    ];
    if args.json {
        let mut m = serde_json::Map::new();
        m.insert("file".into(), args.conllu.display().to_string().into());
        m.insert("mode".into(), "raw text".into());
        for (k, c) in rows {
            m.insert(k.into(), serde_json::json!({"f1": c.f1(), "gold": c.gold, "predicted": c.pred, "correct": c.correct}));
        }
        outln!("{}", serde_json::Value::Object(m));
    } else {
        outln!(
            "{}: from raw text (segment.rules.v1 + syntax), CoNLL 2018 F1",
            args.conllu.display()
        );
        for (k, c) in rows {
            outln!(
                "{:<10} F1 {:6.2}  (gold {}, predicted {}, correct {})",
                k,
                c.f1(),
                c.gold,
                c.pred,
                c.correct
            );
        }
    }
    Ok(Outcome::Success)
}

#[derive(clap::Args, Debug)]
pub struct ParseArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Model file instead of the built-in model.
    #[arg(long, value_name = "MODEL")]
    pub model: Option<PathBuf>,
    /// Write CoNLL-U here instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

pub fn run_parse(args: ParseArgs) -> anyhow::Result<Outcome> {
    let model = load_model(&args.model)?;
    let stage = syntax::SyntaxStage::new(model);
    let mut out: Box<dyn Write> = match &args.out {
        Some(p) => Box::new(BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    let mut buf = String::new();
    let outcome = for_each_batch(&args.input, 16, |docs| {
        for d in docs {
            let mut doc = AnnotatedDoc::new(d);
            segment::SegmentStage.run(&mut doc);
            stage.run(&mut doc);
            buf.clear();
            write_conllu(&doc, &mut buf);
            out.write_all(buf.as_bytes())?;
        }
        Ok(())
    })?;
    out.flush()?;
    Ok(outcome)
}

/// Writes a parsed document as CoNLL-U, one sentence per block.
pub fn write_conllu(doc: &AnnotatedDoc, out: &mut String) {
    for (si, s) in doc.sentences.iter().enumerate() {
        let mut sent = conllu::Sentence::default();
        if si == 0 {
            sent.comments.push(format!("newdoc id = {}", doc.doc.id()));
        }
        sent.comments
            .push(format!("sent_id = {}-{}", doc.doc.id(), si + 1));
        let text: String = doc
            .slice(s.span)
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        sent.comments.push(format!("text = {}", text));
        let range = s.token_range();
        let toks = doc.tokens.get(range.clone()).unwrap_or(&[]);
        for (i, t) in toks.iter().enumerate() {
            let head = t
                .head
                .map(|h| h as usize)
                .filter(|h| range.contains(h))
                .map_or(0, |h| h - range.start + 1);
            let space_after = toks
                .get(i + 1)
                .is_none_or(|n| n.span.start() > t.span.end());
            sent.words.push(conllu::Word {
                id: i as u32 + 1,
                form: doc.slice(t.span).to_string(),
                lemma: t.lemma.clone(),
                upos: t.upos.clone(),
                xpos: t.xpos.clone(),
                feats: t.feats.clone(),
                head: head as u32,
                deprel: t.deprel.clone(),
                deps: String::new(),
                misc: if space_after {
                    String::new()
                } else {
                    "SpaceAfter=No".to_string()
                },
            });
        }
        conllu::write_sentence(&sent, out);
    }
}

/// CPU time of the calling thread in nanoseconds (Linux schedstat), so
/// that speed can be read on a machine shared with other jobs.
fn thread_cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

#[derive(clap::Args, Debug)]
pub struct BenchParseArgs {
    /// Treebank whose sentences (gold words) are the workload.
    #[arg(long, default_value = "../shared/data/ud/EWT/en_ewt-ud-test.conllu")]
    pub conllu: PathBuf,
    /// Timed runs; the median is reported.
    #[arg(long, default_value_t = 5)]
    pub runs: usize,
    /// Model file instead of the built-in model.
    #[arg(long, value_name = "MODEL")]
    pub model: Option<PathBuf>,
    #[arg(long)]
    pub json: bool,
}

pub fn run_bench(args: BenchParseArgs) -> anyhow::Result<Outcome> {
    let t0 = Instant::now();
    let model = load_model(&args.model)?;
    let load_s = t0.elapsed().as_secs_f64();
    let gold = read_conllu(&args.conllu)?;
    let sents: Vec<Vec<&str>> = gold
        .iter()
        .map(|s| s.words.iter().map(|w| w.form.as_str()).collect())
        .collect();
    let tokens: usize = sents.iter().map(Vec::len).sum();
    let mut ann = model.annotator();
    let mut out = Vec::new();
    let mut cpu_rates = Vec::new();
    let mut time = |full: bool, cpu_rates: &mut Vec<f64>| {
        let mut rates = Vec::new();
        for _ in 0..args.runs.max(1) {
            let cpu0 = thread_cpu_ns();
            let start = Instant::now();
            for s in &sents {
                ann.annotate(s, full, &mut out);
            }
            rates.push(tokens as f64 / start.elapsed().as_secs_f64());
            if let (Some(a), Some(b)) = (cpu0, thread_cpu_ns()) {
                if !full && b > a {
                    cpu_rates.push(tokens as f64 / ((b - a) as f64 / 1e9));
                }
            }
        }
        rates.sort_by(|a, b| a.total_cmp(b));
        rates
    };
    let tp = time(false, &mut cpu_rates);
    let full = time(true, &mut Vec::new());
    cpu_rates.sort_by(|a, b| a.total_cmp(b));
    let cpu_median = cpu_rates.get(cpu_rates.len() / 2).copied().unwrap_or(0.0);
    let median = |v: &Vec<f64>| v[v.len() / 2];
    let rss = peak_rss_kib().unwrap_or(0) as f64 / 1024.0;
    if args.json {
        outln!(
            "{}",
            serde_json::json!({"file": args.conllu.display().to_string(), "sentences": sents.len(),
                "tokens": tokens, "threads": 1, "runs": tp.len(), "model_load_s": load_s,
                "median_tokens_per_s_tag_parse": median(&tp), "all_tag_parse": tp,
                "median_tokens_per_s_full": median(&full), "all_full": full,
                "median_tokens_per_cpu_s_tag_parse": cpu_median,
                "peak_rss_mib": rss})
        );
    } else {
        outln!(
            "{}: {} sentences, {} tokens, 1 thread, {} runs\ntagging + parsing: median {:.0} tokens/s (min {:.0}, max {:.0}); per CPU-second of this thread: {:.0} tokens/s\nwith features + lemmas: median {:.0} tokens/s\nmodel load {:.3}s, peak RSS {:.1} MiB",
            args.conllu.display(), sents.len(), tokens, tp.len(), median(&tp), tp[0], tp[tp.len() - 1],
            cpu_median, median(&full), load_s, rss
        );
    }
    Ok(Outcome::Success)
}
