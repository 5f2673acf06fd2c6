//! `merit explain`.

use clap::Args;

/// Arguments of `merit explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Scheme files.
    pub schemes: Vec<std::path::PathBuf>,
}

/// Run `merit explain`; returns the exit code.
pub fn run(_args: ExplainArgs) -> u8 {
    eprintln!("merit explain: not implemented yet");
    super::EXIT_USAGE
}
