//! `merit fmt`.

use clap::Args;

/// Arguments of `merit fmt`.
#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Scheme files.
    pub schemes: Vec<std::path::PathBuf>,
}

/// Run `merit fmt`; returns the exit code.
pub fn run(_args: FmtArgs) -> u8 {
    eprintln!("merit fmt: not implemented yet");
    super::EXIT_USAGE
}
