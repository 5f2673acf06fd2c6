//! `merit eval`.

use clap::Args;

/// Arguments of `merit eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Scheme files.
    pub schemes: Vec<std::path::PathBuf>,
}

/// Run `merit eval`; returns the exit code.
pub fn run(_args: EvalArgs) -> u8 {
    eprintln!("merit eval: not implemented yet");
    super::EXIT_USAGE
}
