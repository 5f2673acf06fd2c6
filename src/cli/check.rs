//! `merit check FILE...`: parse and check each scheme (structure and SMART lints) and compile
//! its hook scripts, with the project's `merit.toml` and the schemes' allow comments applied;
//! with `--history FILE`, calibrate the targets on historical data. Findings go to stderr (`human`) or stdout
//! (`json`, `sarif`, `github`); a summary line `N errors, M warnings in K files` to stderr.
//!
//! Exit codes: 0 when no finding is an error (warnings alone pass, unless `--deny
//! warnings`); 1 when one is (parse errors and a history with bad data included); 2 when a
//! file cannot be read or `merit.toml` is invalid.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::ast::Scheme;
use crate::check::calibration::{History, calibrate};
use crate::check::history::{load_history, records_for};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Severity, render};
use crate::eval::dataset::Dataset;
use crate::eval::load::LoadOptions;
use crate::hooks::HookRuntime;
use crate::source::SourceFile;
use crate::syntax::Parsed;

/// Arguments of `merit check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Scheme files to check.
    #[arg(required = true, value_name = "FILE")]
    pub schemes: Vec<PathBuf>,
    /// How to print findings: `human` (with the source, on stderr), or on stdout `json` (see
    /// docs/diagnostics.md), `sarif` (SARIF 2.1.0) or `github` (workflow annotations).
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    /// `--deny warnings`: warnings fail too (exit code 1).
    #[arg(long, value_enum, value_name = "WHAT")]
    pub deny: Vec<Deny>,
    /// Historical metric data (any format `merit eval` reads): judge each target by the
    /// share of employee-periods that reached it.
    #[arg(long, value_name = "FILE")]
    pub history: Option<PathBuf>,
    /// The acceptable share (percent) of employee-periods reaching a target, `LOW..HIGH`;
    /// overrides merit.toml (default 10..90).
    #[arg(long, value_name = "LOW..HIGH", value_parser = parse_band)]
    pub band: Option<(u8, u8)>,
    /// The configuration file; by default the nearest `merit.toml` in or above each
    /// scheme's folder.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// Output formats of `merit check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Rendered for people, with the source lines, labels and help, on stderr.
    Human,
    /// A JSON array of findings on stdout.
    Json,
    /// A SARIF 2.1.0 log on stdout, for code-scanning tools.
    Sarif,
    /// GitHub Actions workflow commands on stdout: annotations on the pull request.
    Github,
}

/// What `--deny` turns into failures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    /// Warnings fail the check (exit code 1).
    Warnings,
}

/// `10..90` → (10, 90), with 0 <= low < high <= 100.
fn parse_band(text: &str) -> Result<(u8, u8), String> {
    let (low, high) = text.split_once("..").ok_or("write the band as LOW..HIGH, e.g. 10..90")?;
    let number = |s: &str| s.trim().trim_end_matches('%').parse::<u8>().ok();
    match (number(low), number(high)) {
        (Some(low), Some(high)) if low < high && high <= 100 => Ok((low, high)),
        _ => Err("the band is two whole percentages LOW..HIGH with LOW < HIGH <= 100, e.g. 10..90"
            .to_string()),
    }
}

/// A scheme given on the command line, parsed.
struct Checked {
    path: PathBuf,
    file: SourceFile,
    parsed: Parsed,
}

/// Run `merit check`; returns the exit code.
pub fn run(args: CheckArgs) -> u8 {
    // Problems of the run (configuration, history) first, then each file's, in the order
    // the files were given.
    let mut general: Vec<Diagnostic> = Vec::new();
    let mut per_file: Vec<Vec<Diagnostic>> = Vec::new();
    let mut usage = false;
    let mut checked = Vec::new();
    for path in &args.schemes {
        let name = path.display().to_string();
        let position = per_file.len();
        let problems = match std::fs::read(path) {
            Ok(bytes) => match crate::syntax::parse_bytes(&name, &bytes) {
                Ok((file, parsed)) => {
                    checked.push((position, Checked { path: path.clone(), file, parsed }));
                    Vec::new()
                }
                Err(errors) => errors,
            },
            Err(err) => {
                usage = true;
                vec![
                    Diagnostic::error("io::unreadable", format!("cannot read `{name}`: {err}"))
                        .with_help("check the path and that you may read the file"),
                ]
            }
        };
        per_file.push(problems);
    }
    let mut configs = Configs::new(args.config.as_deref(), args.band, &mut general, &mut usage);
    let schemes: Vec<&Scheme> = checked.iter().map(|(_, c)| &c.parsed.scheme).collect();
    let history = args.history.as_ref().and_then(|path| {
        match load_history(path, &schemes, &LoadOptions::default()) {
            Ok((dataset, warnings)) => {
                general.extend(warnings);
                Some((path.display().to_string(), dataset))
            }
            Err(errors) => {
                usage |= errors.iter().any(|d| d.code == "io::unreadable");
                general.extend(errors);
                None
            }
        }
    });
    for (index, (position, entry)) in checked.iter().enumerate() {
        let config = configs.get(&entry.path, &mut general, &mut usage);
        let mut extra = crate::hooks::check_hooks(&entry.parsed.scheme, &entry.file, &entry.path);
        if let Some((name, dataset)) = &history {
            extra.extend(calibration(entry, index, &schemes, name, dataset, &config));
        }
        let mut findings =
            crate::check::check_configured(&entry.parsed, &entry.file, &config, extra);
        // Findings in a hook script (a syntax error) after the scheme's own, in their order:
        // their offsets count in another file.
        findings.sort_by_key(|d| d.file.as_ref().is_some_and(|f| f.name != entry.file.name));
        if let Some(slot) = per_file.get_mut(*position) {
            *slot = findings;
        }
    }
    let diagnostics: Vec<Diagnostic> =
        general.into_iter().chain(per_file.into_iter().flatten()).collect();
    print(&diagnostics, args.format);
    eprintln!("{}", summary(&diagnostics, args.schemes.len()));
    let deny_warnings = args.deny.contains(&Deny::Warnings);
    if usage {
        super::EXIT_USAGE
    } else if diagnostics.iter().any(Diagnostic::is_error)
        || (deny_warnings && diagnostics.iter().any(|d| d.severity == Severity::Warning))
    {
        super::EXIT_FINDINGS
    } else {
        super::EXIT_OK
    }
}

/// Calibrate one scheme's targets on its records of the history.
fn calibration(
    entry: &Checked,
    index: usize,
    schemes: &[&Scheme],
    name: &str,
    dataset: &Dataset,
    config: &Config,
) -> Vec<Diagnostic> {
    let scheme = &entry.parsed.scheme;
    let derived = scheme.all_indicators().iter().any(|i| i.derived.is_some());
    // Hook problems are reported once, by `check_hooks`; without a runtime the derived
    // indicators are left out of the calibration.
    let runtime =
        if derived { HookRuntime::load(scheme, &entry.file, &entry.path).ok() } else { None };
    let history = History {
        name,
        records: records_for(dataset, schemes, index),
        hooks: runtime.as_ref().map(|r| r as &dyn crate::eval::hooks_api::HookRunner),
    };
    calibrate(scheme, &entry.file, &history, &config.calibration)
}

fn print(diagnostics: &[Diagnostic], format: CheckFormat) {
    match format {
        CheckFormat::Human => eprint!("{}", render(diagnostics, super::use_color())),
        CheckFormat::Json => println!("{}", to_json(diagnostics)),
        CheckFormat::Sarif => print!("{}", crate::report::sarif::render(diagnostics)),
        CheckFormat::Github => print!("{}", crate::report::github::render(diagnostics)),
    }
}

/// The configuration of each scheme: the one named with `--config`, or the nearest
/// `merit.toml` above the scheme (each file read once); `--band` on top.
struct Configs {
    explicit: Option<Config>,
    found: HashMap<PathBuf, Config>,
    band: Option<(u8, u8)>,
}

impl Configs {
    fn new(
        explicit: Option<&Path>,
        band: Option<(u8, u8)>,
        out: &mut Vec<Diagnostic>,
        usage: &mut bool,
    ) -> Configs {
        let explicit = explicit.map(|path| load(path, out, usage));
        Configs { explicit, found: HashMap::new(), band }
    }

    fn get(&mut self, scheme: &Path, out: &mut Vec<Diagnostic>, usage: &mut bool) -> Config {
        let mut config = match &self.explicit {
            Some(config) => config.clone(),
            None => match Config::discover(scheme.parent().unwrap_or(Path::new(""))) {
                Some(path) => self
                    .found
                    .entry(path.clone())
                    .or_insert_with(|| load(&path, out, usage))
                    .clone(),
                None => Config::default(),
            },
        };
        if let Some((low, high)) = self.band {
            config.calibration.band_low = Decimal::from(low);
            config.calibration.band_high = Decimal::from(high);
        }
        config
    }
}

/// Load a configuration; on failure report it, mark a usage error and use the defaults.
fn load(path: &Path, out: &mut Vec<Diagnostic>, usage: &mut bool) -> Config {
    Config::load(path).unwrap_or_else(|errors| {
        *usage = true;
        out.extend(errors);
        Config::default()
    })
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
                "label": d.label,
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
        let placed = Diagnostic::error("structure::x", "m")
            .at(&file, Span::new(4, 6))
            .with_label("l")
            .with_help("h");
        let bare = Diagnostic::warning("io::unreadable", "n");
        let value: Value = serde_json::from_str(&to_json(&[placed, bare])).expect("valid JSON");
        assert_eq!(
            value,
            json!([
                {"code": "structure::x", "severity": "error", "message": "m", "file": "a.merit",
                 "line": 2, "column": 2, "end_line": 2, "end_column": 4, "label": "l", "help": "h"},
                {"code": "io::unreadable", "severity": "warning", "message": "n", "file": null,
                 "line": null, "column": null, "end_line": null, "end_column": null,
                 "label": null, "help": null}
            ])
        );
    }

    #[test]
    fn bands_parse_with_or_without_percent_signs() {
        assert_eq!(parse_band("10..90"), Ok((10, 90)));
        assert_eq!(parse_band("5%..95%"), Ok((5, 95)));
        assert!(parse_band("90..10").is_err());
        assert!(parse_band("10-90").is_err());
        assert!(parse_band("0..101").is_err());
    }
}
