//! `merit gen`: write deterministic, realistic metric data for a scheme (benchmarks, trials).

use std::path::PathBuf;

use clap::Args;

use super::io::{read_scheme, write_atomically};
use crate::generate::{GenOptions, generate};

/// Arguments of `merit gen`.
#[derive(Debug, Args)]
pub struct GenArgs {
    /// The scheme to generate data for.
    pub scheme: PathBuf,
    /// Number of employees.
    #[arg(long, default_value_t = 12)]
    pub employees: usize,
    /// Number of consecutive periods from the scheme's effective date.
    #[arg(long, default_value_t = 3)]
    pub periods: usize,
    /// Seed: the same seed gives the same bytes.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Long layout (employee, period, indicator, value, rater) instead of wide.
    #[arg(long)]
    pub long: bool,
    /// Output file (default: standard output). Written atomically.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// Run `merit gen`; returns the exit code.
pub fn run(args: GenArgs) -> u8 {
    let (_, parsed) = match read_scheme(&args.scheme) {
        Ok(scheme) => scheme,
        Err(code) => return code,
    };
    let options = GenOptions {
        employees: args.employees,
        periods: args.periods,
        seed: args.seed,
        long: args.long,
    };
    let mut bytes = Vec::new();
    if let Err(err) = generate(&parsed.scheme, &options, &mut bytes) {
        eprintln!("error: could not generate data: {err}");
        return super::EXIT_USAGE;
    }
    match &args.output {
        Some(path) => match write_atomically(path, &bytes) {
            Ok(()) => super::EXIT_OK,
            Err(err) => {
                eprintln!("error: could not write {}: {err}", path.display());
                super::EXIT_USAGE
            }
        },
        None => {
            use std::io::Write;
            match std::io::stdout().lock().write_all(&bytes) {
                Ok(()) => super::EXIT_OK,
                Err(_) => super::EXIT_USAGE,
            }
        }
    }
}
