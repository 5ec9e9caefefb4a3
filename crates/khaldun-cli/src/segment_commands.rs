//! `khaldun eval segment`: how well the sentence splitter and tokenizer
//! (`segment.rules.v1`) reproduce a UD treebank's sentences, tokens and
//! words, and how fast they run.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use segment::evaluation::{self, Comparison, Scores};

use crate::exit::Outcome;

#[derive(clap::Args, Debug)]
pub struct EvalSegmentArgs {
    /// Gold treebank (CoNLL-U). Its raw text is rebuilt as in the CoNLL 2018
    /// shared task (`# text`, `SpaceAfter=No`, a paragraph break at each
    /// `# newpar` and `# newdoc`) and segmented as a whole.
    #[arg(long, value_name = "FILE")]
    pub conllu: PathBuf,
    /// Print the figures as one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Also score each genre on its own (documents grouped by the prefix
    /// of their `# newdoc id`, e.g. `GUM_news`).
    #[arg(long)]
    pub by_genre: bool,
    /// Segment the text this many times and report the median speed.
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub runs: usize,
}

pub fn run(args: EvalSegmentArgs) -> anyhow::Result<Outcome> {
    let sentences = conllu::read_file(&args.conllu)
        .with_context(|| format!("cannot read treebank {}", args.conllu.display()))?;
    let comparison = Comparison::new(&sentences);
    let scores = comparison.scores();
    let mut seconds: Vec<f64> = (0..args.runs.max(1))
        .map(|_| {
            let t = Instant::now();
            let seg = segment::segment(&comparison.raw.text);
            std::hint::black_box(seg);
            t.elapsed().as_secs_f64()
        })
        .collect();
    seconds.sort_by(f64::total_cmp);
    let median = seconds[seconds.len() / 2];
    let mb_per_s = if median > 0.0 {
        scores.text_bytes as f64 / 1e6 / median
    } else {
        0.0
    };
    let sentences_per_s = if median > 0.0 {
        comparison.predicted.sentences.len() as f64 / median
    } else {
        0.0
    };
    let genres = if args.by_genre {
        evaluation::evaluate_by_genre(&sentences)
    } else {
        Vec::new()
    };
    if args.json {
        let prf = |p: &conllu::Prf| {
            serde_json::json!({
                "gold": p.gold, "predicted": p.predicted, "correct": p.correct,
                "precision": p.precision(), "recall": p.recall(), "f1": p.f1(),
            })
        };
        let genres: Vec<serde_json::Value> = genres
            .iter()
            .map(|(g, s)| {
                serde_json::json!({
                    "genre": g, "sentences": prf(&s.sentences), "tokens": prf(&s.tokens),
                    "words": prf(&s.words), "text_bytes": s.text_bytes,
                })
            })
            .collect();
        let out = serde_json::json!({
            "genres": genres,
            "file": args.conllu.display().to_string(),
            "stage": segment::SegmentStage::NAME,
            "sentences": prf(&scores.sentences),
            "tokens": prf(&scores.tokens),
            "words": prf(&scores.words),
            "text_bytes": scores.text_bytes,
            "median_seconds": median,
            "runs": seconds.len(),
            "mb_per_s": mb_per_s,
            "sentences_per_s": sentences_per_s,
        });
        writeln!(std::io::stdout().lock(), "{out}")?;
    } else {
        print_table(&args, &scores, median, mb_per_s, sentences_per_s)?;
        if !genres.is_empty() {
            print_genres(&genres)?;
        }
    }
    Ok(Outcome::Success)
}

fn print_table(
    args: &EvalSegmentArgs,
    scores: &Scores,
    median: f64,
    mb_per_s: f64,
    sentences_per_s: f64,
) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{} ({}, {} bytes of text)",
        args.conllu.display(),
        segment::SegmentStage::NAME,
        scores.text_bytes
    )?;
    writeln!(
        out,
        "{:<10} {:>7} {:>9} {:>8} {:>9} {:>7} {:>7}",
        "", "gold", "predicted", "correct", "precision", "recall", "F1"
    )?;
    for (name, p) in [
        ("sentences", &scores.sentences),
        ("tokens", &scores.tokens),
        ("words", &scores.words),
    ] {
        writeln!(
            out,
            "{:<10} {:>7} {:>9} {:>8} {:>9.4} {:>7.4} {:>7.4}",
            name,
            p.gold,
            p.predicted,
            p.correct,
            p.precision(),
            p.recall(),
            p.f1()
        )?;
    }
    writeln!(
        out,
        "speed: {:.1} MB/s, {:.0} sentences/s (median of {} runs, {:.4} s each)",
        mb_per_s,
        sentences_per_s,
        args.runs.max(1),
        median
    )
}

fn print_genres(genres: &[(String, Scores)]) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{:<16} {:>9} {:>10} {:>9} {:>9}",
        "genre", "sentences", "sent. F1", "token F1", "word F1"
    )?;
    for (genre, s) in genres {
        writeln!(
            out,
            "{:<16} {:>9} {:>10.4} {:>9.4} {:>9.4}",
            if genre.is_empty() { "(none)" } else { genre },
            s.sentences.gold,
            s.sentences.f1(),
            s.tokens.f1(),
            s.words.f1()
        )?;
    }
    Ok(())
}
