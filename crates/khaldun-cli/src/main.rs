//! The `khaldun` command line. This crate is glue: it parses flags, builds
//! library objects, and turns library errors into messages and exit codes.
//! It is the only crate that uses `anyhow`.
//!
//! Helpers wiring a command group: add the `mod` line, the enum variant and
//! the match arm at the places marked `// wire:`.

/// `println!` and `print!` for command output: a closed pipe (`khaldun eval
/// claims | head`) ends the run quietly, as `exit::finish` treats a broken
/// pipe, where `println!` would panic.
macro_rules! outln {
    () => {
        $crate::exit::write_out(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::exit::write_out(format_args!("{}\n", format_args!($($arg)*)))
    };
}

macro_rules! out {
    ($($arg:tt)*) => {
        $crate::exit::write_out(format_args!($($arg)*))
    };
}

mod claims_commands;
mod code_command;
mod coder_commands;
mod exit;
mod segment_commands;
mod stages;
mod store_commands;
mod syntax_commands;
// wire: command modules

use std::process::ExitCode;

// Allocation is a visible share of coding time on many small documents
// across threads; mimalloc's per-thread heaps serve it faster than glibc's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Parser, Subcommand};

/// Turns news text into political event records: who did what to whom,
/// when and where, and according to whom.
#[derive(Parser)]
#[command(name = "khaldun", version, after_help = exit::EXIT_CODES_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Code documents into event records (JSON Lines).
    Code(code_command::CodeArgs),
    /// Evaluate a component against gold data and print figures.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Measure speed and memory (release build).
    #[command(subcommand)]
    Bench(BenchCommand),
    /// Write CoNLL-U (tags, lemmas, dependencies) for documents.
    Parse(syntax_commands::ParseArgs),
    /// Train a model.
    #[command(subcommand)]
    Train(TrainCommand),
    /// Code documents (or take coded records) and store them, deduplicating events.
    Ingest(store_commands::IngestArgs),
    /// Find stored mentions by actor, event type, date, place or claimant.
    Query(store_commands::QueryArgs),
    /// Export the store: jsonl, csv, gdelt, phoenix or parquet.
    Export(store_commands::ExportArgs),
    /// The actor network of stored events: graphml, gexf, json or dot.
    Network(store_commands::NetworkArgs),
    /// An actor's events per day, week or month.
    Timeline(store_commands::TimelineArgs),
    // wire: top-level commands
}

#[derive(Subcommand)]
enum EvalCommand {
    /// Sentence, token and word F1 of the segmenter on a UD treebank.
    Segment(segment_commands::EvalSegmentArgs),
    /// Event coding against PETRARCH validation records (unit tests, GSR).
    Petrarch(coder_commands::EvalPetrarchArgs),
    /// PLOVER event types against PLOVER gold records.
    Plover(coder_commands::EvalPloverArgs),
    /// Attribution, dates, negation, modality, location, coreference and framing against gold passages.
    Claims(claims_commands::EvalClaimsArgs),
    /// UPOS, XPOS, lemma, UAS and LAS on a UD treebank (gold tokens or --raw).
    Parser(syntax_commands::EvalParserArgs),
    /// Pairwise precision/recall of cross-article event deduplication against gold clusters.
    Dedup(store_commands::EvalDedupArgs),
    // wire: eval commands
}

#[derive(Subcommand)]
enum TrainCommand {
    /// Tagger, lemmatizer and dependency parser from UD treebanks.
    Syntax(syntax_commands::TrainSyntaxArgs),
    // wire: train commands
}

#[derive(Subcommand)]
enum BenchCommand {
    /// End-to-end coding speed: sentences/s and peak RSS.
    Code(code_command::BenchCodeArgs),
    /// Tagging + parsing speed (tokens/s, one thread) and peak RSS.
    Parse(syntax_commands::BenchParseArgs),
    // wire: bench commands
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Code(args) => code_command::run(args),
        Command::Bench(BenchCommand::Code(args)) => code_command::run_bench(args),
        Command::Eval(EvalCommand::Segment(args)) => segment_commands::run(args),
        Command::Eval(EvalCommand::Petrarch(args)) => coder_commands::run_petrarch(args),
        Command::Eval(EvalCommand::Plover(args)) => coder_commands::run_plover(args),
        Command::Eval(EvalCommand::Claims(args)) => claims_commands::run(args),
        Command::Parse(args) => syntax_commands::run_parse(args),
        Command::Train(TrainCommand::Syntax(args)) => syntax_commands::run_train(args),
        Command::Eval(EvalCommand::Parser(args)) => syntax_commands::run_eval(args),
        Command::Bench(BenchCommand::Parse(args)) => syntax_commands::run_bench(args),
        Command::Ingest(args) => store_commands::run_ingest(args),
        Command::Query(args) => store_commands::run_query(args),
        Command::Export(args) => store_commands::run_export(args),
        Command::Network(args) => store_commands::run_network(args),
        Command::Timeline(args) => store_commands::run_timeline(args),
        Command::Eval(EvalCommand::Dedup(args)) => store_commands::run_eval_dedup(args),
        // wire: match arms
    };
    exit::finish(result)
}
