//! Exit codes, documented in `--help` and the README.

use std::process::ExitCode;

pub const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  success
  1  finished, but some inputs were bad and skipped (--keep-going); each was reported on stderr
  2  error: bad input without --keep-going, unreadable file, bad dictionary/model/config, or usage";

/// What a command reports when it finishes without a fatal error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Success,
    /// Some inputs were reported and skipped.
    Partial,
}

pub fn finish(result: anyhow::Result<Outcome>) -> ExitCode {
    match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Partial) => ExitCode::from(1),
        Err(err) => {
            // A closed pipe (`khaldun code | head`) is not an error.
            if err
                .chain()
                .filter_map(|e| e.downcast_ref::<std::io::Error>())
                .any(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            eprintln!("khaldun: error: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// Writes command output to stdout. A closed pipe ends the process with
/// success (the reader has all it wanted); any other write error ends it
/// with exit code 2 and a message.
pub fn write_out(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    if let Err(e) = std::io::stdout().lock().write_fmt(args) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("khaldun: error: cannot write to standard output: {e}");
        std::process::exit(2);
    }
}
