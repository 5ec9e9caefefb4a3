//! The event store commands: `khaldun ingest`, `query`, `export`, `network`,
//! `timeline` and `eval dedup`. Each has a clap `Args` struct and a `run`
//! function; the work is done by `event-store` (SQLite, deduplication,
//! aggregation) and `event-export` (the output formats).

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use event_export::{
    CsvMentionWriter, EventRecord, GdeltWriter, ParquetMentionWriter, PhoenixWriter,
};
use event_store::{
    group_by_document, pairwise_scores, text_hash, DedupOptions, IngestReport, NetworkOptions,
    NewDocument, Period, Query, QueryHit, RecordReader, Store,
};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::code_command::{for_each_batch, FormatArg, InputArgs};
use crate::exit::Outcome;
use crate::stages::{build_pipeline, PipelineArgs};

fn open_out(out: &Option<PathBuf>) -> anyhow::Result<Box<dyn Write>> {
    Ok(match out {
        Some(path) => Box::new(BufWriter::new(
            File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
        )),
        None => Box::new(BufWriter::new(io::stdout().lock())),
    })
}

fn open_read(db: &Path) -> anyhow::Result<Store> {
    Ok(Store::open_read_only(db)?)
}

/// Deduplication settings shared by `ingest` and `eval dedup`.
#[derive(clap::Args, Clone, Debug)]
pub struct DedupArgs {
    /// Days of tolerance around a mention's date when matching events.
    #[arg(long, default_value_t = DedupOptions::default().slack_days,
          value_parser = clap::value_parser!(i32).range(0..))]
    pub slack_days: i32,
    /// Days before publication an undated mention may refer to.
    #[arg(long, default_value_t = DedupOptions::default().undated_window,
          value_parser = clap::value_parser!(i32).range(0..))]
    pub undated_window: i32,
    /// Mentions with a wider date range (days) are never merged.
    #[arg(long, default_value_t = DedupOptions::default().max_width,
          value_parser = clap::value_parser!(i32).range(0..))]
    pub max_width: i32,
}

impl DedupArgs {
    fn options(&self) -> DedupOptions {
        DedupOptions {
            slack_days: self.slack_days,
            undated_window: self.undated_window,
            max_width: self.max_width,
        }
    }
}

// ---------------------------------------------------------------- ingest

#[derive(clap::Args, Debug)]
pub struct IngestArgs {
    /// Documents to code and store: .txt files, directories, JSON Lines, or - for stdin.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// The store (created if missing).
    #[arg(long, value_name = "FILE")]
    pub db: PathBuf,
    /// Already-coded event records (JSON Lines from `khaldun code`) to store;
    /// records of one document must be consecutive. Repeatable.
    #[arg(long, value_name = "FILE")]
    pub records: Vec<PathBuf>,
    /// Documents per transaction.
    #[arg(long, default_value_t = 500)]
    pub batch: usize,
    /// How to read the inputs.
    #[arg(long, value_enum, default_value_t = FormatArg::Auto)]
    pub input_format: FormatArg,
    /// Go on past bad documents or record lines, report each, and exit with 1.
    #[arg(long)]
    pub keep_going: bool,
    /// Refuse documents larger than this many bytes.
    #[arg(long, default_value_t = doc_input::DEFAULT_MAX_DOC_BYTES)]
    pub max_doc_bytes: u64,
    #[command(flatten)]
    pub pipeline: PipelineArgs,
    #[command(flatten)]
    pub dedup: DedupArgs,
}

/// Progress on stderr (hidden when stderr is not a terminal): documents,
/// documents/s and, when the input size is known, percent and ETA.
struct Progress {
    bar: ProgressBar,
    start: Instant,
    report: IngestReport,
}

impl Progress {
    fn new(total_bytes: Option<u64>) -> Progress {
        let target = if io::stderr().is_terminal() {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        let bar = match total_bytes {
            Some(n) => {
                let bar = ProgressBar::with_draw_target(Some(n), target);
                bar.set_style(
                    ProgressStyle::with_template("{bar:30} {percent:>3}%  ETA {eta}  {msg}")
                        .unwrap_or_else(|_| ProgressStyle::default_bar()),
                );
                bar
            }
            None => {
                let bar = ProgressBar::with_draw_target(None, target);
                bar.set_style(
                    ProgressStyle::with_template("{spinner} {elapsed}  {msg}")
                        .unwrap_or_else(|_| ProgressStyle::default_spinner()),
                );
                bar
            }
        };
        bar.enable_steady_tick(Duration::from_millis(200));
        Progress {
            bar,
            start: Instant::now(),
            report: IngestReport::default(),
        }
    }

    fn add(&mut self, r: &IngestReport, bytes: Option<u64>) {
        self.report.add(r);
        if let Some(b) = bytes {
            self.bar.set_position(b);
        }
        let secs = self.start.elapsed().as_secs_f64().max(1e-3);
        let docs = self.report.documents_added + self.report.documents_skipped;
        self.bar.set_message(format!(
            "{docs} docs ({:.0} docs/s), {} mentions, {} events new",
            docs as f64 / secs,
            self.report.mentions_added,
            self.report.events_created
        ));
    }

    fn finish(self) -> IngestReport {
        self.bar.finish_and_clear();
        let r = self.report;
        let secs = self.start.elapsed().as_secs_f64();
        eprintln!(
            "khaldun: stored {} document(s) ({} already present), {} mention(s), {} new event(s), {} mention(s) joined existing events, in {:.1}s",
            r.documents_added, r.documents_skipped, r.mentions_added, r.events_created, r.mentions_merged, secs
        );
        r
    }
}

/// Counts bytes read, for the progress bar.
struct Counting<R> {
    inner: R,
    count: std::rc::Rc<std::cell::Cell<u64>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

fn ingest_records(
    store: &mut Store,
    files: &[PathBuf],
    args: &IngestArgs,
) -> anyhow::Result<(IngestReport, usize)> {
    let total: u64 = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    let mut progress = Progress::new(Some(total));
    let count = std::rc::Rc::new(std::cell::Cell::new(0u64));
    let mut bad = 0;
    for file in files {
        let input: Box<dyn BufRead> = if file.as_os_str() == "-" {
            Box::new(BufReader::new(io::stdin().lock()))
        } else {
            let f = File::open(file).with_context(|| format!("cannot open {}", file.display()))?;
            Box::new(BufReader::with_capacity(
                1 << 20,
                Counting {
                    inner: f,
                    count: count.clone(),
                },
            ))
        };
        let mut pending: Vec<EventRecord> = Vec::new();
        let mut batch: Vec<NewDocument> = Vec::new();
        let flush = |store: &mut Store,
                     batch: &mut Vec<NewDocument>,
                     progress: &mut Progress|
         -> anyhow::Result<()> {
            if !batch.is_empty() {
                let r = store.ingest(batch)?;
                batch.clear();
                progress.add(&r, Some(count.get()));
            }
            Ok(())
        };
        for item in RecordReader::new(input, Some(file.clone())) {
            let record = match item {
                Ok(r) => r,
                Err(e) if args.keep_going => {
                    eprintln!("khaldun: skipped: {e}");
                    bad += 1;
                    continue;
                }
                Err(e) => {
                    // Store what came before the bad line, then stop.
                    batch.extend(group_by_document(std::mem::take(&mut pending)));
                    flush(store, &mut batch, &mut progress)?;
                    progress.finish();
                    return Err(anyhow::Error::new(e)
                        .context("bad record (use --keep-going to skip bad lines and go on)"));
                }
            };
            if pending.first().is_some_and(|p| p.doc_id != record.doc_id) {
                batch.extend(group_by_document(std::mem::take(&mut pending)));
                if batch.len() >= args.batch {
                    flush(store, &mut batch, &mut progress)?;
                }
            }
            pending.push(record);
        }
        batch.extend(group_by_document(pending));
        flush(store, &mut batch, &mut progress)?;
    }
    Ok((progress.finish(), bad))
}

fn ingest_documents(store: &mut Store, args: &IngestArgs) -> anyhow::Result<Outcome> {
    let pipeline = build_pipeline(&args.pipeline)?;
    let input = InputArgs {
        inputs: args.inputs.clone(),
        input_format: args.input_format,
        keep_going: args.keep_going,
        max_doc_bytes: args.max_doc_bytes,
    };
    let mut progress = Progress::new(None);
    let outcome = for_each_batch(&input, args.batch.clamp(1, 256), |docs| {
        // Documents already stored (same id or same text) are not coded again.
        let mut todo = Vec::with_capacity(docs.len());
        let mut skipped = 0;
        for doc in docs {
            if store.is_stored(doc.id(), text_hash(doc.text()))? {
                skipped += 1;
            } else {
                todo.push(doc);
            }
        }
        let new_docs: Vec<NewDocument> = pipeline
            .run_batch(todo)
            .into_iter()
            .map(|annotated| {
                let (records, _) = event_export::records_for_doc(&annotated);
                let meta = &annotated.doc.meta;
                let mut doc = NewDocument::from_records(meta.id.clone(), records)
                    .with_text(annotated.doc.text());
                doc.url = meta.url.clone();
                doc.outlet = meta.outlet.clone();
                doc.published = meta.published.map(|d| d.format("%Y-%m-%d").to_string());
                doc.title = meta.title.clone();
                doc
            })
            .collect();
        let mut r = store.ingest(&new_docs)?;
        r.documents_skipped += skipped;
        progress.add(&r, None);
        Ok(())
    });
    progress.finish();
    outcome
}

pub fn run_ingest(args: IngestArgs) -> anyhow::Result<Outcome> {
    if args.inputs.is_empty() && args.records.is_empty() {
        bail!("nothing to ingest: give INPUT documents and/or --records FILE");
    }
    let mut store = Store::open(&args.db)?;
    store.set_dedup_options(args.dedup.options());
    let mut outcome = Outcome::Success;
    if !args.records.is_empty() {
        let (_, bad) = ingest_records(&mut store, &args.records, &args)?;
        if bad > 0 {
            eprintln!("khaldun: {bad} bad record line(s) skipped");
            outcome = Outcome::Partial;
        }
    }
    if !args.inputs.is_empty() && ingest_documents(&mut store, &args)? == Outcome::Partial {
        outcome = Outcome::Partial;
    }
    Ok(outcome)
}

// ---------------------------------------------------------------- query

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowFormat {
    Table,
    Jsonl,
    Csv,
}

#[derive(clap::Args, Debug, Clone)]
pub struct FilterArgs {
    /// Actor code prefix, as source or target (IRQ, IRQGOV).
    #[arg(long)]
    pub actor: Option<String>,
    /// Source actor code prefix.
    #[arg(long)]
    pub source: Option<String>,
    /// Target actor code prefix.
    #[arg(long)]
    pub target: Option<String>,
    /// CAMEO code or root (19, 190, 0431).
    #[arg(long)]
    pub cameo: Option<String>,
    /// PLOVER event type (ASSAULT, CONSULT, ...).
    #[arg(long)]
    pub plover: Option<String>,
    /// QuadClass 1-4.
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=4))]
    pub quad_class: Option<u8>,
    /// First day of the event date, YYYY-MM-DD.
    #[arg(long)]
    pub from: Option<String>,
    /// Last day of the event date, YYYY-MM-DD.
    #[arg(long)]
    pub to: Option<String>,
    /// Country code or place name.
    #[arg(long)]
    pub location: Option<String>,
    /// Claimant (attribution.asserted_by): code prefix or words.
    #[arg(long)]
    pub claimant: Option<String>,
    /// Only mentions in the outlet's own voice.
    #[arg(long)]
    pub own_voice: bool,
    /// Only historical events (dated well before the report).
    #[arg(long, conflicts_with = "current")]
    pub historical: bool,
    /// Only current events.
    #[arg(long)]
    pub current: bool,
}

impl FilterArgs {
    fn query(&self, limit: Option<u64>) -> Query {
        Query {
            actor: self.actor.clone(),
            source: self.source.clone(),
            target: self.target.clone(),
            cameo: self.cameo.clone(),
            plover: self.plover.clone(),
            quad_class: self.quad_class,
            from: self.from.clone(),
            to: self.to.clone(),
            location: self.location.clone(),
            claimant: self.claimant.clone(),
            own_voice: self.own_voice,
            historical: if self.historical {
                Some(true)
            } else if self.current {
                Some(false)
            } else {
                None
            },
            limit,
        }
    }
}

#[derive(clap::Args, Debug)]
pub struct QueryArgs {
    #[arg(long, value_name = "FILE")]
    pub db: PathBuf,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Output format; default: a table on a terminal, else JSON Lines.
    #[arg(long, value_enum)]
    pub format: Option<RowFormat>,
    /// At most this many mentions.
    #[arg(long)]
    pub limit: Option<u64>,
    /// Print SQLite's query plan instead of results.
    #[arg(long)]
    pub explain: bool,
}

fn cut(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

fn print_table(out: &mut dyn Write, hits: &[QueryHit]) -> io::Result<()> {
    writeln!(
        out,
        "{:>7} {:>4}  {:<10}  {:<12} {:<5} {:<12} {:>2} {:>6}  {:<14}  {:<18}  trigger",
        "event", "ment", "date", "source", "cameo", "target", "qc", "gold", "claimant", "doc"
    )?;
    for h in hits {
        let r = &h.record;
        let date = r
            .date
            .as_ref()
            .and_then(|d| d.start.clone())
            .or_else(|| r.published.clone())
            .unwrap_or_default();
        let code = |c: Option<&str>, t: &str| {
            c.map(String::from)
                .unwrap_or_else(|| format!("\"{}\"", cut(t, 10)))
        };
        let target = r
            .target
            .as_ref()
            .map(|t| code(t.code.as_deref(), &t.text))
            .unwrap_or_else(|| "-".into());
        let claimant = r
            .attribution
            .as_ref()
            .and_then(|a| a.asserted_by.as_ref())
            .map(|s| s.code.clone().unwrap_or_else(|| s.text.clone()))
            .unwrap_or_else(|| "(own voice)".into());
        let neg = if r.negated { "NOT " } else { "" };
        writeln!(
            out,
            "{:>7} {:>4}  {:<10}  {:<12} {:<5} {:<12} {:>2} {:>6.1}  {:<14}  {:<18}  {neg}{}",
            h.event,
            h.event_mentions,
            date,
            cut(&code(r.source.code.as_deref(), &r.source.text), 12),
            r.cameo.code,
            cut(&target, 12),
            r.cameo.quad_class,
            r.cameo.goldstein,
            cut(&claimant, 14),
            cut(&r.doc_id, 18),
            cut(&r.trigger.text, 30)
        )?;
    }
    Ok(())
}

pub fn run_query(args: QueryArgs) -> anyhow::Result<Outcome> {
    let store = open_read(&args.db)?;
    let query = args.filters.query(args.limit);
    let mut out = BufWriter::new(io::stdout().lock());
    if args.explain {
        for line in store.explain_query(&query)? {
            writeln!(out, "{line}")?;
        }
        out.flush()?;
        return Ok(Outcome::Success);
    }
    let format = args.format.unwrap_or(if io::stdout().is_terminal() {
        RowFormat::Table
    } else {
        RowFormat::Jsonl
    });
    match format {
        RowFormat::Table => {
            let hits = store.query(&query)?;
            print_table(&mut out, &hits)?;
            if io::stdout().is_terminal() {
                eprintln!("{} mention(s)", hits.len());
            }
        }
        RowFormat::Jsonl => {
            store.for_each_mention(&query, |row| {
                serde_json::to_writer(&mut out, &row.record)?;
                out.write_all(b"\n")
            })?;
        }
        RowFormat::Csv => {
            let mut w = CsvMentionWriter::new(&mut out);
            store.for_each_mention(&query, |row| w.write(row))?;
            w.finish()?;
        }
    }
    out.flush()?;
    Ok(Outcome::Success)
}

// ---------------------------------------------------------------- export

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// Event records v1, one per mention.
    Jsonl,
    /// One row per mention, flat columns, with the event (cluster) id.
    Csv,
    /// GDELT 2.0 event table (61 tab-separated columns), one row per event.
    Gdelt,
    /// Phoenix TSV (phoenix_pipeline postprocess fields), one row per event.
    Phoenix,
    /// Parquet, one row per mention, typed columns.
    Parquet,
}

#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    #[arg(long, value_name = "FILE")]
    pub db: PathBuf,
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Write here instead of stdout (required for parquet).
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// First day of the event date, YYYY-MM-DD.
    #[arg(long)]
    pub from: Option<String>,
    /// Last day of the event date, YYYY-MM-DD.
    #[arg(long)]
    pub to: Option<String>,
}

pub fn run_export(args: ExportArgs) -> anyhow::Result<Outcome> {
    let store = open_read(&args.db)?;
    let query = Query {
        from: args.from.clone(),
        to: args.to.clone(),
        ..Query::default()
    };
    match args.format {
        ExportFormat::Jsonl => {
            let mut out = open_out(&args.out)?;
            store.for_each_mention(&query, |row| {
                serde_json::to_writer(&mut out, &row.record)?;
                out.write_all(b"\n")
            })?;
            out.flush()?;
        }
        ExportFormat::Csv => {
            let mut w = CsvMentionWriter::new(open_out(&args.out)?);
            store.for_each_mention(&query, |row| w.write(row))?;
            w.finish()?.flush()?;
        }
        ExportFormat::Gdelt => {
            let mut w = GdeltWriter::new(open_out(&args.out)?);
            store.for_each_event(args.from.as_deref(), args.to.as_deref(), |row| w.write(row))?;
            w.finish()?.flush()?;
        }
        ExportFormat::Phoenix => {
            let mut w = PhoenixWriter::new(open_out(&args.out)?);
            store.for_each_event(args.from.as_deref(), args.to.as_deref(), |row| w.write(row))?;
            w.finish()?.flush()?;
        }
        ExportFormat::Parquet => {
            let Some(path) = &args.out else {
                bail!("--format parquet needs --out FILE");
            };
            let file =
                File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
            let mut w = ParquetMentionWriter::new(BufWriter::new(file))?;
            store.for_each_mention(&query, |row| w.write(row))?;
            w.finish()?.flush()?;
        }
    }
    Ok(Outcome::Success)
}

// ---------------------------------------------------------------- network

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum GraphFormat {
    Graphml,
    Gexf,
    Json,
    Dot,
}

#[derive(clap::Args, Debug)]
pub struct NetworkArgs {
    #[arg(long, value_name = "FILE")]
    pub db: PathBuf,
    /// First day of the event date, YYYY-MM-DD.
    #[arg(long)]
    pub from: Option<String>,
    /// Last day of the event date, YYYY-MM-DD.
    #[arg(long)]
    pub to: Option<String>,
    /// Only events reported at least once in an outlet's own voice.
    #[arg(long)]
    pub own_voice: bool,
    /// Only events asserted by this claimant (code prefix or words).
    #[arg(long)]
    pub claimant: Option<String>,
    #[arg(long, value_enum, default_value_t = GraphFormat::Graphml)]
    pub format: GraphFormat,
    /// Write here instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

pub fn run_network(args: NetworkArgs) -> anyhow::Result<Outcome> {
    let store = open_read(&args.db)?;
    let net = store.network(&NetworkOptions {
        from: args.from,
        to: args.to,
        own_voice: args.own_voice,
        claimant: args.claimant,
    })?;
    let out = open_out(&args.out)?;
    match args.format {
        GraphFormat::Graphml => net.write_graphml(out)?,
        GraphFormat::Gexf => net.write_gexf(out)?,
        GraphFormat::Json => net.write_json(out)?,
        GraphFormat::Dot => net.write_dot(out)?,
    }
    Ok(Outcome::Success)
}

// ---------------------------------------------------------------- timeline

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodArg {
    Day,
    Week,
    Month,
}

#[derive(clap::Args, Debug)]
pub struct TimelineArgs {
    #[arg(long, value_name = "FILE")]
    pub db: PathBuf,
    /// Actor code prefix (source or target).
    #[arg(long)]
    pub actor: String,
    #[arg(long, value_enum, default_value_t = PeriodArg::Month)]
    pub by: PeriodArg,
    #[arg(long)]
    pub from: Option<String>,
    #[arg(long)]
    pub to: Option<String>,
    /// Output format; default: a table on a terminal, else JSON Lines.
    #[arg(long, value_enum)]
    pub format: Option<RowFormat>,
}

pub fn run_timeline(args: TimelineArgs) -> anyhow::Result<Outcome> {
    let store = open_read(&args.db)?;
    let by = match args.by {
        PeriodArg::Day => Period::Day,
        PeriodArg::Week => Period::Week,
        PeriodArg::Month => Period::Month,
    };
    let rows = store.timeline(&args.actor, by, args.from.as_deref(), args.to.as_deref())?;
    let mut out = BufWriter::new(io::stdout().lock());
    let format = args.format.unwrap_or(if io::stdout().is_terminal() {
        RowFormat::Table
    } else {
        RowFormat::Jsonl
    });
    match format {
        RowFormat::Table => {
            writeln!(
                out,
                "{:<10} {:>7} {:>8} {:>6} {:>6} {:>6} {:>6} {:>9}",
                "period", "events", "mentions", "vcoop", "mcoop", "vconf", "mconf", "goldstein"
            )?;
            for r in &rows {
                writeln!(
                    out,
                    "{:<10} {:>7} {:>8} {:>6} {:>6} {:>6} {:>6} {:>9}",
                    r.period,
                    r.events,
                    r.mentions,
                    r.verbal_cooperation,
                    r.material_cooperation,
                    r.verbal_conflict,
                    r.material_conflict,
                    r.goldstein_mean
                        .map(|g| format!("{g:.2}"))
                        .unwrap_or_default()
                )?;
            }
        }
        RowFormat::Jsonl => {
            for r in &rows {
                serde_json::to_writer(&mut out, r)?;
                out.write_all(b"\n")?;
            }
        }
        RowFormat::Csv => {
            let mut w = csv_rows(&mut out);
            for r in &rows {
                w.serialize(r)?;
            }
            w.flush()?;
        }
    }
    out.flush()?;
    Ok(Outcome::Success)
}

fn csv_rows<W: Write>(out: W) -> csv::Writer<W> {
    csv::Writer::from_writer(out)
}

// ---------------------------------------------------------------- eval dedup

#[derive(clap::Args, Debug)]
pub struct EvalDedupArgs {
    /// Event records JSONL with a "gold" cluster label on each line.
    #[arg(long, default_value = "crates/event-store/tests/data/dedup_gold.jsonl")]
    pub gold: PathBuf,
    #[command(flatten)]
    pub dedup: DedupArgs,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

pub fn run_eval_dedup(args: EvalDedupArgs) -> anyhow::Result<Outcome> {
    let text = std::fs::read_to_string(&args.gold)
        .with_context(|| format!("cannot read {}", args.gold.display()))?;
    let mut gold = std::collections::HashMap::new();
    let mut records = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let loc = || format!("{}:{}", args.gold.display(), i + 1);
        let value: serde_json::Value =
            serde_json::from_str(line).with_context(|| format!("{}: not JSON", loc()))?;
        let label = value
            .get("gold")
            .and_then(|g| g.as_str().map(String::from).or_else(|| Some(g.to_string())))
            .filter(|g| g != "null")
            .with_context(|| format!("{}: no \"gold\" label", loc()))?;
        let record: EventRecord = serde_json::from_value(value)
            .with_context(|| format!("{}: not an event record", loc()))?;
        gold.insert(record.event_id.clone(), label);
        records.push(record);
    }
    let mut store = Store::open_in_memory()?;
    store.set_dedup_options(args.dedup.options());
    store.ingest(&group_by_document(records))?;
    let clustering = store.clustering()?;
    let scores = pairwise_scores(
        clustering
            .iter()
            .map(|(id, c)| (gold.get(id).cloned().unwrap_or_default(), *c)),
    );
    if args.json {
        outln!(
            "{}",
            serde_json::json!({
                "gold": args.gold.display().to_string(),
                "mentions": scores.mentions, "gold_events": scores.gold_clusters,
                "predicted_events": scores.predicted_clusters,
                "true_pairs": scores.true_pairs, "predicted_pairs": scores.predicted_pairs,
                "gold_pairs": scores.gold_pairs,
                "precision": scores.precision, "recall": scores.recall, "f1": scores.f1,
                "slack_days": args.dedup.slack_days, "undated_window": args.dedup.undated_window,
                "max_width": args.dedup.max_width,
            })
        );
    } else {
        outln!(
            "mentions {}  gold events {}  predicted events {}\npairs: true {}  predicted {}  gold {}\npairwise precision {:.3}  recall {:.3}  F1 {:.3}",
            scores.mentions,
            scores.gold_clusters,
            scores.predicted_clusters,
            scores.true_pairs,
            scores.predicted_pairs,
            scores.gold_pairs,
            scores.precision,
            scores.recall,
            scores.f1
        );
    }
    Ok(Outcome::Success)
}
