//! Error analysis for tuning: prints the figures for a CoNLL-U file and a
//! sample of gold/predicted disagreements.
//!
//! `cargo run -p segment --example segment_errors -- FILE [tokens|sentences] [N]`

use std::collections::HashSet;
use std::ops::Range;

use segment::evaluation::Comparison;

fn context(text: &str, r: &Range<usize>) -> String {
    let mut a = r.start.saturating_sub(40);
    while !text.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = (r.end + 40).min(text.len());
    while !text.is_char_boundary(b) {
        b += 1;
    }
    format!(
        "{}[[{}]]{}",
        &text[a..r.start],
        &text[r.clone()],
        &text[r.end..b]
    )
    .replace('\n', "\\n")
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args
        .get(1)
        .expect("usage: segment_errors FILE [tokens|sentences] [N]");
    let what = args.get(2).map_or("tokens", String::as_str);
    let n: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(40);
    let sentences = conllu::read_file(path.as_ref()).expect("readable CoNLL-U");
    let cmp = Comparison::new(&sentences);
    let s = cmp.scores();
    println!(
        "sentences F1 {:.4} (P {:.4} R {:.4})  tokens F1 {:.4}  words F1 {:.4}",
        s.sentences.f1(),
        s.sentences.precision(),
        s.sentences.recall(),
        s.tokens.f1(),
        s.words.f1()
    );
    let (gold, pred) = match what {
        "sentences" => (cmp.raw.sentences.clone(), cmp.predicted_sentences()),
        "words" => (cmp.gold_words.clone(), cmp.predicted_words()),
        _ => (cmp.raw.tokens.clone(), cmp.predicted_tokens()),
    };
    let gs: HashSet<(usize, usize)> = gold.iter().map(|r| (r.start, r.end)).collect();
    let ps: HashSet<(usize, usize)> = pred.iter().map(|r| (r.start, r.end)).collect();
    let text = &cmp.raw.text;
    if what == "sentences" {
        // Boundaries: missed ends and spurious ends.
        let gend: HashSet<usize> = gold.iter().map(|r| r.end).collect();
        let pend: HashSet<usize> = pred.iter().map(|r| r.end).collect();
        println!("--- missed boundaries");
        for r in gold.iter().filter(|r| !pend.contains(&r.end)).take(n) {
            println!("{}", context(text, &(r.end..r.end)));
        }
        println!("--- spurious boundaries");
        for r in pred.iter().filter(|r| !gend.contains(&r.end)).take(n) {
            println!("{}", context(text, &(r.end..r.end)));
        }
        return;
    }
    println!("--- gold tokens missed");
    for r in gold
        .iter()
        .filter(|r| !ps.contains(&(r.start, r.end)))
        .take(n)
    {
        println!("{}", context(text, r));
    }
    println!("--- predicted tokens wrong");
    for r in pred
        .iter()
        .filter(|r| !gs.contains(&(r.start, r.end)))
        .take(n)
    {
        println!("{}", context(text, r));
    }
}
