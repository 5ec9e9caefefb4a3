//! Prints the sentences and tokens of a text read from stdin, one sentence
//! per line with tokens separated by spaces (glued words joined by `|`).
//!
//! `cargo run -p segment --example segment_show < FILE`

use std::io::Read;

fn main() {
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .expect("UTF-8 text on stdin");
    let seg = segment::segment(&text);
    for r in &seg.sentences {
        let mut line = String::new();
        for (k, w) in seg.words[r.start as usize..r.end as usize]
            .iter()
            .enumerate()
        {
            if k > 0 {
                line.push(if w.glued { '|' } else { ' ' });
            }
            line.push_str(w.span.slice(&text));
        }
        println!("{line}");
    }
}
