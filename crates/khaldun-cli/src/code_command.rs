//! `khaldun code`: documents in, event records (JSON Lines) out; and
//! `khaldun bench code`, its end-to-end speed.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use doc_input::{read_inputs, InputFormat, ReadOptions, DEFAULT_MAX_DOC_BYTES};
use text_model::Document;

use crate::exit::Outcome;
use crate::stages::{build_pipeline, PipelineArgs};

/// Reading options shared by every command that reads documents.
#[derive(clap::Args, Clone, Debug)]
pub struct InputArgs {
    /// Inputs: .txt files, directories of them, JSON Lines files
    /// ({"id","url","outlet","published","title","text"}), or - for stdin.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// How to read the inputs.
    #[arg(long, value_enum, default_value_t = FormatArg::Auto)]
    pub input_format: FormatArg,
    /// Go on past bad documents, report each on stderr, and exit with 1.
    #[arg(long)]
    pub keep_going: bool,
    /// Refuse documents larger than this many bytes.
    #[arg(long, default_value_t = DEFAULT_MAX_DOC_BYTES)]
    pub max_doc_bytes: u64,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum FormatArg {
    Auto,
    Text,
    Jsonl,
}

impl InputArgs {
    fn options(&self) -> ReadOptions {
        ReadOptions {
            format: match self.input_format {
                FormatArg::Auto => InputFormat::Auto,
                FormatArg::Text => InputFormat::Text,
                FormatArg::Jsonl => InputFormat::Jsonl,
            },
            max_doc_bytes: self.max_doc_bytes,
        }
    }
}

#[derive(clap::Args, Debug)]
pub struct CodeArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub pipeline: PipelineArgs,
    /// Write event records here instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Also write one record per document (metadata, framing, diagnostics).
    #[arg(long, value_name = "FILE")]
    pub doc_records: Option<PathBuf>,
}

/// Reads documents in batches and hands each batch to `each_batch`. Bad
/// documents are reported on stderr; without `--keep-going` the first one
/// stops the run with an error. Returns whether any input was bad.
pub fn for_each_batch(
    input: &InputArgs,
    batch_size: usize,
    mut each_batch: impl FnMut(Vec<Document>) -> anyhow::Result<()>,
) -> anyhow::Result<Outcome> {
    let mut batch = Vec::with_capacity(batch_size);
    let mut bad = 0usize;
    for item in read_inputs(&input.inputs, input.options()) {
        match item {
            Ok(doc) => {
                batch.push(doc);
                if batch.len() == batch_size {
                    each_batch(std::mem::take(&mut batch))?;
                }
            }
            Err(err) if input.keep_going => {
                eprintln!("khaldun: skipped: {err}");
                bad += 1;
            }
            Err(err) => {
                if !batch.is_empty() {
                    each_batch(std::mem::take(&mut batch))?;
                }
                return Err(anyhow::Error::new(err)
                    .context("bad input (use --keep-going to skip bad documents and go on)"));
            }
        }
    }
    if !batch.is_empty() {
        each_batch(batch)?;
    }
    if bad > 0 {
        eprintln!("khaldun: {bad} bad input(s) skipped");
        Ok(Outcome::Partial)
    } else {
        Ok(Outcome::Success)
    }
}

fn create(path: &PathBuf) -> anyhow::Result<BufWriter<std::fs::File>> {
    let file =
        std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    Ok(BufWriter::new(file))
}

pub fn run(args: CodeArgs) -> anyhow::Result<Outcome> {
    let pipeline = build_pipeline(&args.pipeline)?;
    let mut out: Box<dyn Write> = match &args.out {
        Some(path) => Box::new(create(path)?),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    let mut doc_out = match &args.doc_records {
        Some(path) => Some(create(path)?),
        None => None,
    };
    let outcome = for_each_batch(&args.input, CODE_BATCH, |docs| {
        for annotated in pipeline.run_batch(docs) {
            let (events, doc_record) = event_export::records_for_doc(&annotated);
            for event in &events {
                serde_json::to_writer(&mut out, event)?;
                out.write_all(b"\n")?;
            }
            if let Some(w) = &mut doc_out {
                serde_json::to_writer(&mut *w, &doc_record)?;
                w.write_all(b"\n")?;
            }
        }
        Ok(())
    })?;
    out.flush()?;
    if let Some(w) = &mut doc_out {
        w.flush()?;
    }
    Ok(outcome)
}

/// Documents `khaldun code` hands to the pipeline at once.
pub const CODE_BATCH: usize = 64;

#[derive(clap::Args, Debug)]
pub struct BenchCodeArgs {
    /// PETRARCH validation XML whose <Text> elements are the workload.
    #[arg(
        long,
        default_value = "../shared/data/petrarch2/validation/GigaWord.sample.PETR.xml"
    )]
    pub records: PathBuf,
    /// How many times the texts are repeated.
    #[arg(long, default_value_t = 100)]
    pub repeat: usize,
    /// Timed runs; the median is reported.
    #[arg(long, default_value_t = 5)]
    pub runs: usize,
    /// Documents run at once, as `khaldun code` batches them (each batch's
    /// results are dropped before the next); 0 runs all documents as one
    /// batch and keeps every result until the run ends.
    #[arg(long, default_value_t = CODE_BATCH)]
    pub batch: usize,
    #[command(flatten)]
    pub pipeline: PipelineArgs,
    /// Print JSON instead of a line of text.
    #[arg(long)]
    pub json: bool,
}

pub fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

pub fn run_bench(args: BenchCodeArgs) -> anyhow::Result<Outcome> {
    // The same reader `khaldun eval petrarch` uses, so entities and
    // malformed records are handled once.
    let (file, _skipped) = coder_eval::ValidationFile::load(&args.records)
        .with_context(|| format!("cannot read {}", args.records.display()))?;
    let texts: Vec<&str> = file.records.iter().map(|r| r.text.as_str()).collect();
    anyhow::ensure!(
        !texts.is_empty(),
        "no records in {}",
        args.records.display()
    );
    let pipeline = build_pipeline(&args.pipeline)?;
    let docs: Vec<Document> = (0..args.repeat)
        .flat_map(|r| {
            texts
                .iter()
                .enumerate()
                .map(move |(i, t)| Document::from_text(format!("r{r}-{i}"), *t))
        })
        .collect();
    let mut rates = Vec::new();
    let mut sentences = 0;
    let mut events = 0;
    let batch = if args.batch == 0 {
        docs.len()
    } else {
        args.batch
    };
    for _ in 0..args.runs.max(1) {
        let mut input = docs.clone().into_iter();
        let start = Instant::now();
        (sentences, events) = (0, 0);
        loop {
            let chunk: Vec<Document> = input.by_ref().take(batch).collect();
            if chunk.is_empty() {
                break;
            }
            let out = pipeline.run_batch(chunk);
            sentences += out.iter().map(|d| d.sentences.len()).sum::<usize>();
            events += out.iter().map(|d| d.events.len()).sum::<usize>();
        }
        let secs = start.elapsed().as_secs_f64();
        rates.push(sentences as f64 / secs);
    }
    rates.sort_by(|a, b| a.total_cmp(b));
    let median = rates[rates.len() / 2];
    let rss = peak_rss_kib().unwrap_or(0);
    let threads = rayon::current_num_threads();
    if args.json {
        outln!(
            "{}",
            serde_json::json!({"documents": docs.len(), "batch": batch, "sentences": sentences, "events": events,
                "threads": threads, "runs": rates.len(), "median_sentences_per_s": median,
                "all_sentences_per_s": rates, "peak_rss_mib": rss as f64 / 1024.0,
                "stages": pipeline.stage_names()})
        );
    } else {
        outln!(
            "documents {}  batch {}  sentences {}  events {}  threads {}  runs {}\nmedian {:.0} sentences/s  (min {:.0}, max {:.0})  peak RSS {:.1} MiB\nstages: {}",
            docs.len(), batch, sentences, events, threads, rates.len(), median, rates[0],
            rates[rates.len() - 1], rss as f64 / 1024.0, pipeline.stage_names().join(" -> ")
        );
    }
    Ok(Outcome::Success)
}
