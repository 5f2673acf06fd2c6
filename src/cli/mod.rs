//! The command line: argument parsing (clap), one file per subcommand, exit codes
//! (0 ok, 1 findings or failures, 2 usage or I/O problem).

use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub mod check;
pub mod eval;
pub mod explain;
pub mod fmt;
pub mod generate;
pub mod io;
pub mod progress;
pub mod test;
pub mod writeback;

/// Exit code: everything fine.
pub const EXIT_OK: u8 = 0;
/// Exit code: findings at error severity, failing tests, bad data.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: usage or I/O problem.
pub const EXIT_USAGE: u8 = 2;

/// merit: check, format and evaluate staff performance schemes.
#[derive(Debug, Parser)]
#[command(name = "merit", version, about)]
pub struct Cli {
    /// The subcommand.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check schemes for structural and SMART problems.
    Check(check::CheckArgs),
    /// Format schemes into the canonical layout.
    Fmt(fmt::FmtArgs),
    /// Evaluate schemes against metric data: scores, grades, ranks and actions.
    Eval(eval::EvalArgs),
    /// Explain one employee's result: indicator by indicator, and each action's reasons.
    Explain(explain::ExplainArgs),
    /// Run a scheme's tests (TOML files next to the scheme).
    Test(test::TestArgs),
    /// Generate deterministic, realistic metric data for a scheme.
    Gen(generate::GenArgs),
}

/// Run the command line and return its exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return ExitCode::from(if err.use_stderr() { EXIT_USAGE } else { EXIT_OK });
        }
    };
    let code = match cli.command {
        Command::Check(args) => check::run(args),
        Command::Fmt(args) => fmt::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Test(args) => test::run(args),
        Command::Gen(args) => generate::run(args),
    };
    ExitCode::from(code)
}

/// Whether to colour output: not when `NO_COLOR` is set or stderr is not a terminal.
pub fn use_color() -> bool {
    use std::io::IsTerminal;
    std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
}
