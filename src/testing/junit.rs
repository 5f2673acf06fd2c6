//! Test results as JUnit XML, the format CI systems (GitHub Actions reporters, GitLab,
//! Jenkins, Azure Pipelines) read: one `<testsuite>` per test file, one `<testcase>` per
//! test, a `<failure>` with expected vs actual and the breakdown for a failing test, an
//! `<error>` with the engine's diagnostics for a refused one. A file that could not be
//! loaded is a suite with one `<testcase>` in error. No timings: the output is
//! deterministic.

use std::fmt::Write;

use crate::diagnostic::{Diagnostic, render};

use super::human::failure_text;
use super::run::{Status, SuiteOutcome};

/// The JUnit XML document for `outcomes`.
pub fn junit(outcomes: &[SuiteOutcome]) -> String {
    let tests: usize =
        outcomes.iter().map(|o| o.tests.len().max(usize::from(!o.load_errors.is_empty()))).sum();
    let failures: usize = outcomes.iter().map(|o| count(o, false)).sum();
    let errors: usize = outcomes.iter().map(|o| count(o, true)).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"merit test\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">"
    );
    for outcome in outcomes {
        suite(&mut out, outcome);
    }
    out.push_str("</testsuites>\n");
    out
}

/// Failures (`errors == false`) or errors of one suite; a load failure is one error.
fn count(outcome: &SuiteOutcome, errors: bool) -> usize {
    if !outcome.load_errors.is_empty() {
        return usize::from(errors);
    }
    outcome
        .tests
        .iter()
        .filter(|t| match t.status {
            Status::Passed => false,
            Status::Failed(_) => !errors,
            Status::Error(_) => errors,
        })
        .count()
}

fn suite(out: &mut String, outcome: &SuiteOutcome) {
    let file = escape(&outcome.file);
    let tests = outcome.tests.len().max(usize::from(!outcome.load_errors.is_empty()));
    let _ = writeln!(
        out,
        "  <testsuite name=\"{file}\" tests=\"{tests}\" failures=\"{}\" errors=\"{}\" skipped=\"0\" file=\"{file}\">",
        count(outcome, false),
        count(outcome, true),
    );
    if !outcome.scheme.is_empty() {
        let scheme = escape(&outcome.scheme);
        let _ = writeln!(out, "    <properties>");
        let _ = writeln!(out, "      <property name=\"scheme\" value=\"{scheme}\"/>");
        let _ = writeln!(out, "    </properties>");
    }
    if !outcome.load_errors.is_empty() {
        let _ = writeln!(
            out,
            "    <testcase name=\"(load test file)\" classname=\"{file}\" file=\"{file}\">"
        );
        error(out, &outcome.load_errors);
        let _ = writeln!(out, "    </testcase>");
    }
    for test in &outcome.tests {
        let open = format!(
            "    <testcase name=\"{}\" classname=\"{file}\" file=\"{file}\" line=\"{}\"",
            escape(&test.name),
            test.line
        );
        match &test.status {
            Status::Passed => {
                let _ = writeln!(out, "{open}/>");
            }
            Status::Failed(failures) => {
                let _ = writeln!(out, "{open}>");
                let what: Vec<String> = failures
                    .iter()
                    .map(|f| {
                        let fields: Vec<&str> =
                            f.mismatches.iter().map(|m| m.what.as_str()).collect();
                        format!("{} in {}: {}", f.employee, f.period, fields.join(", "))
                    })
                    .collect();
                let message = format!("expected values differ ({})", what.join("; "));
                let details: Vec<String> = failures.iter().map(failure_text).collect();
                let _ = writeln!(
                    out,
                    "      <failure message=\"{}\" type=\"expectation\">{}</failure>",
                    escape(&message),
                    escape(&details.join("\n"))
                );
                let _ = writeln!(out, "    </testcase>");
            }
            Status::Error(diagnostics) => {
                let _ = writeln!(out, "{open}>");
                error(out, diagnostics);
                let _ = writeln!(out, "    </testcase>");
            }
        }
    }
    let _ = writeln!(out, "  </testsuite>");
}

fn error(out: &mut String, diagnostics: &[Diagnostic]) {
    let first = diagnostics.first();
    let message = first.map_or_else(String::new, |d| d.message.clone());
    let kind = first.map_or_else(String::new, |d| d.code.clone());
    let _ = writeln!(
        out,
        "      <error message=\"{}\" type=\"{}\">{}</error>",
        escape(&message),
        escape(&kind),
        escape(&render(diagnostics, false))
    );
}

/// Text for XML content or attribute values: the five markup characters escaped, and
/// characters XML 1.0 does not allow (most control characters) replaced by U+FFFD.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::testing::run::{Failure, Mismatch, TestOutcome};

    #[test]
    fn escapes_markup_and_control_characters() {
        assert_eq!(
            escape("a & b < c > d \"e\" 'f'"),
            "a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos;"
        );
        assert_eq!(escape("x\u{1}y\tz\n"), "x\u{FFFD}y\tz\n");
    }

    #[test]
    fn counts_failures_errors_and_load_problems() {
        let failure = Failure {
            employee: "E<1>".into(),
            period: "2011-06".into(),
            line: 9,
            mismatches: vec![Mismatch {
                what: "rank".into(),
                expected: "1".into(),
                actual: "2 of 3".into(),
            }],
            result: None,
            precision: 2,
        };
        let outcome = SuiteOutcome {
            file: "a&b.test.toml".into(),
            scheme: "a&b.merit".into(),
            tests: vec![
                TestOutcome { name: "ok".into(), line: 2, status: Status::Passed },
                TestOutcome {
                    name: "bad \"one\"".into(),
                    line: 5,
                    status: Status::Failed(vec![failure]),
                },
                TestOutcome {
                    name: "refused".into(),
                    line: 7,
                    status: Status::Error(vec![Diagnostic::error("eval::x", "no <data>")]),
                },
            ],
            load_errors: vec![],
        };
        let broken = SuiteOutcome::not_loaded(
            "c.test.toml".into(),
            "c.merit".into(),
            vec![Diagnostic::error("test::bad-toml", "bad")],
        );
        let xml = junit(&[outcome, broken]);
        assert!(
            xml.contains(
                "<testsuites name=\"merit test\" tests=\"4\" failures=\"1\" errors=\"2\">"
            ),
            "{xml}"
        );
        assert!(
            xml.contains("name=\"a&amp;b.test.toml\" tests=\"3\" failures=\"1\" errors=\"1\""),
            "{xml}"
        );
        assert!(xml.contains("name=\"bad &quot;one&quot;\""), "{xml}");
        assert!(
            xml.contains("message=\"expected values differ (E&lt;1&gt; in 2011-06: rank)\""),
            "{xml}"
        );
        assert!(xml.contains("    expected: 1\n    actual:   2 of 3"), "{xml}");
        assert!(xml.contains("<error message=\"no &lt;data&gt;\" type=\"eval::x\">"), "{xml}");
        assert!(xml.contains("<testcase name=\"(load test file)\""), "{xml}");
    }
}
