//! Development driver: rewrites a model file in the current format
//! (`syntax::FORMAT_VERSION`) without retraining: `convert_model IN OUT`.
//! Weights are copied as they are; only the layout changes.
use std::path::Path;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (inp, out) = (Path::new(&args[1]), Path::new(&args[2]));
    let t = Instant::now();
    let model = syntax::Model::load(inp).expect("input model loads");
    eprintln!(
        "loaded {} in {:.3}s",
        inp.display(),
        t.elapsed().as_secs_f64()
    );
    eprintln!("non-zero weights: {:?}", model.weight_counts());
    model.save(out).expect("output model writes");
    let t = Instant::now();
    let back = syntax::Model::load(out).expect("output model loads");
    eprintln!(
        "reloaded {} in {:.3}s",
        out.display(),
        t.elapsed().as_secs_f64()
    );
    assert_eq!(back.weight_counts(), model.weight_counts());
    let len = std::fs::metadata(out).map(|m| m.len()).unwrap_or(0);
    eprintln!("wrote {} ({} bytes)", out.display(), len);
}
