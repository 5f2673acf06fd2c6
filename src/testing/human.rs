//! Test results for people: one line per test (✓ or ✗), and under a failing test each
//! mismatch as expected vs actual followed by the employee's indicator breakdown; under a
//! test the engine refused, its diagnostics. A summary line ends the report.

use std::fmt::Write;

use crate::diagnostic::render;

use super::breakdown::breakdown;
use super::run::{Failure, Status, SuiteOutcome};

const GREEN: &str = "\x1b[32m";
const RED: &str = "\x1b[31m";
const RESET: &str = "\x1b[0m";

/// The report of every test file run, ending with `N tests: P passed, F failed`.
pub fn human(outcomes: &[SuiteOutcome], color: bool) -> String {
    let paint = |code: &'static str, text: &str| {
        if color { format!("{code}{text}{RESET}") } else { text.to_string() }
    };
    let mut out = String::new();
    for outcome in outcomes {
        if outcome.scheme.is_empty() {
            let _ = writeln!(out, "{}", outcome.file);
        } else {
            let _ = writeln!(out, "{} ({})", outcome.file, outcome.scheme);
        }
        if let Some(first) = outcome.load_errors.first() {
            let more = match outcome.load_errors.len() {
                1 => String::new(),
                n => format!(" (and {} more problems, shown with the diagnostics)", n - 1),
            };
            let _ = writeln!(out, "  {} not run: {}{more}", paint(RED, "✗"), first.message);
        }
        for test in &outcome.tests {
            match &test.status {
                Status::Passed => {
                    let _ = writeln!(out, "  {} {}", paint(GREEN, "✓"), test.name);
                }
                Status::Failed(failures) => {
                    let _ =
                        writeln!(out, "  {} {} (line {})", paint(RED, "✗"), test.name, test.line);
                    for failure in failures {
                        out.push_str(&indent(&failure_text(failure), "      "));
                    }
                }
                Status::Error(diagnostics) => {
                    let _ = writeln!(
                        out,
                        "  {} {} (line {}): the engine refused the test's data",
                        paint(RED, "✗"),
                        test.name,
                        test.line
                    );
                    out.push_str(&indent(&render(diagnostics, color), "      "));
                }
            }
        }
    }
    out.push_str(&summary(outcomes));
    out.push('\n');
    out
}

/// One failing expectation: each mismatch as expected vs actual, then the breakdown.
pub fn failure_text(failure: &Failure) -> String {
    let mut out = format!(
        "{} in {} (expectation on line {}):\n",
        failure.employee, failure.period, failure.line
    );
    for mismatch in &failure.mismatches {
        let _ = writeln!(out, "  {}", mismatch.what);
        let _ = writeln!(out, "    expected: {}", mismatch.expected);
        let _ = writeln!(out, "    actual:   {}", mismatch.actual);
    }
    if let Some(result) = &failure.result {
        let _ =
            writeln!(out, "  {} in {}, indicator by indicator:", failure.employee, failure.period);
        out.push_str(&breakdown(result, failure.precision, "    "));
        out.push('\n');
    }
    out
}

/// `5 tests in 2 files: 4 passed, 1 failed` (and files that could not be loaded).
pub fn summary(outcomes: &[SuiteOutcome]) -> String {
    let tests: usize = outcomes.iter().map(|o| o.tests.len()).sum();
    let passed: usize = outcomes.iter().map(SuiteOutcome::passed).sum();
    let broken = outcomes.iter().filter(|o| !o.load_errors.is_empty()).count();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut line = format!(
        "{} in {}: {passed} passed, {} failed",
        plural(tests, "test"),
        plural(outcomes.len(), "file"),
        tests - passed
    );
    if broken > 0 {
        let _ = write!(line, ", {} could not be loaded", plural(broken, "file"));
    }
    line
}

/// Every line of `text` prefixed with `prefix` (blank lines stay blank).
fn indent(text: &str, prefix: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        if !line.trim().is_empty() {
            out.push_str(prefix);
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}
