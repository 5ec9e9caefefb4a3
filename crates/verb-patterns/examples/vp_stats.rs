use std::path::Path;
use verb_patterns::VerbDictionary;
fn main() {
    for p in std::env::args().skip(1) {
        let t = std::time::Instant::now();
        match VerbDictionary::load(Path::new(&p)) {
            Ok((d, e)) => {
                println!(
                    "{p}: {:?} blocks={} verbs={} patterns={} synsets={} transf={} in {:?}",
                    d.format,
                    d.blocks.len(),
                    d.verbs.len(),
                    d.pattern_count(),
                    d.synsets.len(),
                    d.transformations.len(),
                    t.elapsed()
                );
                if let Some(e) = e {
                    if let verb_patterns::ErrorKind::Partial(v) = e.kind() {
                        println!("  {} errors", v.len());
                        for x in v.iter().take(12) {
                            println!("  {x}");
                        }
                    }
                }
            }
            Err(e) => println!("{e}"),
        }
    }
}
