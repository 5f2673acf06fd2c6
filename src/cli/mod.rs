//! The command line: argument parsing (clap), one file per subcommand, exit codes.

use std::process::ExitCode;

/// Run the command line and return its exit code.
pub fn main() -> ExitCode {
    ExitCode::SUCCESS
}
