//! `merit check`.

use clap::Args;

/// Arguments of `merit check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Scheme files.
    pub schemes: Vec<std::path::PathBuf>,
}

/// Run `merit check`; returns the exit code.
pub fn run(_args: CheckArgs) -> u8 {
    eprintln!("merit check: not implemented yet");
    super::EXIT_USAGE
}
