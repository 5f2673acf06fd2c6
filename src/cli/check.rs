//! `merit check FILE...`: parse and check each scheme, print every finding, then a summary
//! line `N errors, M warnings in K files` on stderr.
//!
//! Exit codes: 0 when no finding is an error (warnings alone pass), 1 when any is (parse
//! errors included), 2 when a file cannot be read.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use serde_json::{Value, json};

use crate::diagnostic::{Diagnostic, Severity, render};

/// Arguments of `merit check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Scheme files to check.
    #[arg(required = true, value_name = "FILE")]
    pub schemes: Vec<PathBuf>,
    /// How to print findings: `human` (rendered with the source, on stderr) or `json` (one
    /// array on stdout, see docs/cli.md).
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
}

/// Output formats of `merit check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Rendered for people, with the source lines, labels and help, on stderr.
    Human,
    /// A JSON array of findings on stdout.
    Json,
}

/// Run `merit check`; returns the exit code.
pub fn run(args: CheckArgs) -> u8 {
    let mut diagnostics = Vec::new();
    let mut unreadable = false;
    for path in &args.schemes {
        let name = path.display().to_string();
        match std::fs::read(path) {
            Ok(bytes) => diagnostics.extend(crate::check::check_bytes(&name, &bytes)),
            Err(err) => {
                unreadable = true;
                diagnostics.push(
                    Diagnostic::error("io::unreadable", format!("cannot read `{name}`: {err}"))
                        .with_help("check the path and that you may read the file"),
                );
            }
        }
    }
    match args.format {
        CheckFormat::Human => eprint!("{}", render(&diagnostics, super::use_color())),
        CheckFormat::Json => println!("{}", to_json(&diagnostics)),
    }
    eprintln!("{}", summary(&diagnostics, args.schemes.len()));
    if unreadable {
        super::EXIT_USAGE
    } else if diagnostics.iter().any(Diagnostic::is_error) {
        super::EXIT_FINDINGS
    } else {
        super::EXIT_OK
    }
}

/// `2 errors, 1 warning in 3 files`.
pub fn summary(diagnostics: &[Diagnostic], files: usize) -> String {
    let count = |severity| diagnostics.iter().filter(|d| d.severity == severity).count();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {} in {}",
        plural(count(Severity::Error), "error"),
        plural(count(Severity::Warning), "warning"),
        plural(files, "file")
    )
}

/// The `--format json` output: an array of findings with 1-based lines and columns (the
/// end is exclusive); place fields are `null` when a finding has no file or span.
pub fn to_json(diagnostics: &[Diagnostic]) -> String {
    let findings: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let start = d.line_col();
            let end = match (&d.file, d.span) {
                (Some(file), Some(span)) => Some(file.line_col(span.end)),
                _ => None,
            };
            json!({
                "code": d.code,
                "severity": d.severity,
                "message": d.message,
                "file": d.file.as_ref().map(|f| f.name.to_string()),
                "line": start.map(|(line, _)| line),
                "column": start.map(|(_, column)| column),
                "end_line": end.map(|(line, _)| line),
                "end_column": end.map(|(_, column)| column),
                "help": d.help,
            })
        })
        .collect();
    serde_json::to_string_pretty(&findings).unwrap_or_else(|_| "[]".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{SourceFile, Span};

    #[test]
    fn summary_counts_and_pluralises() {
        let e = Diagnostic::error("x::y", "e");
        let w = Diagnostic::warning("x::z", "w");
        assert_eq!(summary(&[], 1), "0 errors, 0 warnings in 1 file");
        assert_eq!(summary(&[e.clone(), e, w], 2), "2 errors, 1 warning in 2 files");
    }

    #[test]
    fn json_has_places_and_nulls() {
        let file = SourceFile::new("a.merit", "ab\ncdef\n");
        let placed =
            Diagnostic::error("structure::x", "m").at(&file, Span::new(4, 6)).with_help("h");
        let bare = Diagnostic::warning("io::unreadable", "n");
        let value: Value = serde_json::from_str(&to_json(&[placed, bare])).expect("valid JSON");
        assert_eq!(
            value,
            json!([
                {"code": "structure::x", "severity": "error", "message": "m", "file": "a.merit",
                 "line": 2, "column": 2, "end_line": 2, "end_column": 4, "help": "h"},
                {"code": "io::unreadable", "severity": "warning", "message": "n", "file": null,
                 "line": null, "column": null, "end_line": null, "end_column": null, "help": null}
            ])
        );
    }
}
