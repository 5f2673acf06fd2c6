//! `merit test [PATH...]`: run scheme tests (see docs/testing.md). A path is a scheme
//! (`x.merit`: its `x.test.toml`), a test file, or a folder (every `*.test.toml` inside);
//! the default is the current folder.
//!
//! Exit codes: 0 when every test passes, 1 when any fails or a test file is malformed, 2
//! when a path names no test file or a file cannot be read or written.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::diagnostic::render;
use crate::testing::{self, SuiteOutcome};

/// Arguments of `merit test`.
#[derive(Debug, Args)]
pub struct TestArgs {
    /// Schemes (`x.merit`, tested by `x.test.toml`), test files or folders; default `.`.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// `human` (a line per test, details of failures) or `junit` (JUnit XML for CI).
    #[arg(long, value_enum, default_value_t = TestFormat::Human)]
    pub format: TestFormat,
    /// Write the report to FILE (atomically) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Run only the tests whose name contains TEXT.
    #[arg(long, value_name = "TEXT")]
    pub filter: Option<String>,
}

/// Output formats of `merit test`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TestFormat {
    /// A line per test (✓ or ✗), each failure with expected vs actual and the breakdown.
    Human,
    /// JUnit XML: a testsuite per test file, a testcase per test.
    Junit,
}

/// Run `merit test`; returns the exit code.
pub fn run(args: TestArgs) -> u8 {
    let color = super::use_color();
    let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    let files = match testing::discover(&paths) {
        Ok(files) => files,
        Err(diagnostics) => {
            eprint!("{}", render(&diagnostics, color));
            return super::EXIT_USAGE;
        }
    };
    let mut outcomes = Vec::new();
    let mut unreadable = false;
    for file in &files {
        match testing::load(file) {
            Ok(suite) => outcomes.push(testing::run(&suite, args.filter.as_deref())),
            Err(err) => {
                unreadable |= err.unreadable;
                eprint!("{}", render(&err.diagnostics, color));
                let scheme = err.scheme.map(|s| s.display().to_string()).unwrap_or_default();
                outcomes.push(SuiteOutcome::not_loaded(
                    file.display().to_string(),
                    scheme,
                    err.diagnostics,
                ));
            }
        }
    }
    if let Some(filter) = &args.filter {
        let loaded = outcomes.iter().all(|o| o.load_errors.is_empty());
        if loaded && outcomes.iter().all(|o| o.tests.is_empty()) {
            eprintln!("error: no test name contains `{filter}`");
            return super::EXIT_USAGE;
        }
    }
    let colored =
        color && args.output.is_none() && std::io::IsTerminal::is_terminal(&std::io::stdout());
    let report = match args.format {
        TestFormat::Human => testing::human(&outcomes, colored),
        TestFormat::Junit => testing::junit(&outcomes),
    };
    match &args.output {
        Some(path) => {
            if let Err(err) = super::io::write_atomically(path, report.as_bytes()) {
                eprintln!("error: cannot write {}: {err}", path.display());
                return super::EXIT_USAGE;
            }
            if args.format == TestFormat::Junit {
                eprintln!("{}", testing::human::summary(&outcomes));
            }
        }
        None => print!("{report}"),
    }
    if unreadable {
        super::EXIT_USAGE
    } else if outcomes.iter().any(|o| o.failed() > 0 || !o.load_errors.is_empty()) {
        super::EXIT_FINDINGS
    } else {
        super::EXIT_OK
    }
}
