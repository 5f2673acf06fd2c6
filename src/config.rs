//! The project's `merit.toml`: the severity of each lint code or family, and the settings of
//! the calibration against history. Found by walking up from a scheme's folder, or named
//! with `merit check --config FILE`. Unknown keys, unknown codes and values out of range are
//! errors that point at the key or value in the file (docs/diagnostics.md).
//!
//! ```toml
//! [lints]
//! "specific::no-definition" = "off"      # a code: error | warning | off
//! timebound = "error"                     # a whole family
//!
//! [calibration]
//! band = [10, 90]            # share of employee-periods reaching the target, in percent
//! min_history = 30           # fewer employee-periods with a value: not judged
//! suggest_percentile = 70    # where the suggested target lies
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use serde::Deserialize;

use crate::codes::{self, LINT_FAMILIES};
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{SourceFile, Span};

/// The name of the configuration file.
pub const FILE_NAME: &str = "merit.toml";

/// What `merit.toml` makes of a code's findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Level {
    /// Report as an error (fails `merit check`).
    Error,
    /// Report as a warning (fails only with `--deny warnings`).
    Warning,
    /// Do not report.
    Off,
}

/// The settings of `merit check --history`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Calibration {
    /// The lowest acceptable share (percent) of employee-periods that reach the target.
    pub band_low: Decimal,
    /// The highest acceptable share (percent) of employee-periods that reach the target.
    pub band_high: Decimal,
    /// Indicators with fewer employee-periods holding a value are not judged.
    pub min_history: usize,
    /// The percentile (nearest rank, worst to best) at which a target is suggested.
    pub suggest_percentile: u32,
}

impl Default for Calibration {
    fn default() -> Self {
        Calibration {
            band_low: Decimal::from(10),
            band_high: Decimal::from(90),
            min_history: 30,
            suggest_percentile: 70,
        }
    }
}

/// A project's configuration; [`Config::default`] when there is no `merit.toml`.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file it was read from.
    pub file: Option<SourceFile>,
    /// Levels set for single codes.
    pub codes: BTreeMap<String, Level>,
    /// Levels set for whole families (a code's own level wins).
    pub families: BTreeMap<String, Level>,
    /// Calibration settings.
    pub calibration: Calibration,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    lints: BTreeMap<toml::Spanned<String>, toml::Spanned<String>>,
    #[serde(default)]
    calibration: RawCalibration,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawCalibration {
    band: Option<toml::Spanned<Vec<i64>>>,
    min_history: Option<toml::Spanned<i64>>,
    suggest_percentile: Option<toml::Spanned<i64>>,
}

impl Config {
    /// The `merit.toml` in `start` or the nearest folder above it.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        let start = if start.as_os_str().is_empty() { Path::new(".") } else { start };
        let absolute = std::path::absolute(start).unwrap_or_else(|_| start.to_path_buf());
        absolute.ancestors().map(|dir| dir.join(FILE_NAME)).find(|path| path.is_file())
    }

    /// Read and parse `path`; every problem found is returned.
    pub fn load(path: &Path) -> Result<Config, Vec<Diagnostic>> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|err| {
            vec![
                Diagnostic::error("io::unreadable", format!("cannot read `{name}`: {err}"))
                    .with_help("check the path given to --config, and that the file is UTF-8"),
            ]
        })?;
        Config::parse(&SourceFile::new(name, text))
    }

    /// Parse the text of a `merit.toml`.
    pub fn parse(file: &SourceFile) -> Result<Config, Vec<Diagnostic>> {
        let raw: RawConfig = toml::from_str(&file.text).map_err(|err| {
            let span = err.span().map_or(Span::new(0, 0), |r| Span::new(r.start, r.end));
            let help = "the keys are `[lints]` (code or family = \"error\" | \"warning\" | \"off\") \
                        and `[calibration]` (band, min_history, suggest_percentile); see \
                        docs/diagnostics.md";
            vec![
                Diagnostic::error("config::bad-toml", err.message().to_string())
                    .at(file, span)
                    .with_label("here")
                    .with_help(help),
            ]
        })?;
        let mut config = Config { file: Some(file.clone()), ..Config::default() };
        let mut errors = Vec::new();
        for (key, value) in &raw.lints {
            let Some(level) = level(file, value, &mut errors) else { continue };
            let name = key.get_ref().as_str();
            let span = span_of(key);
            if name.contains("::") {
                match codes::lookup(name) {
                    Some(info) if info.is_lint() => {
                        config.codes.insert(name.to_string(), level);
                    }
                    Some(_) => errors.push(not_configurable(file, name, span)),
                    None => errors.push(unknown_code(file, name, span)),
                }
            } else if LINT_FAMILIES.contains(&name) {
                config.families.insert(name.to_string(), level);
            } else if codes::families().contains(&name) {
                errors.push(not_configurable(file, name, span));
            } else {
                errors.push(unknown_code(file, name, span));
            }
        }
        config.calibration = calibration(file, &raw.calibration, &mut errors);
        errors.sort_by_key(|d| d.span.map_or(0, |s| s.start));
        if errors.is_empty() { Ok(config) } else { Err(errors) }
    }

    /// The level `merit.toml` sets for a code (its own, else its family's), if any.
    pub fn level(&self, code: &str) -> Option<Level> {
        let family = code.split("::").next().unwrap_or(code);
        self.codes.get(code).or_else(|| self.families.get(family)).copied()
    }

    /// Apply the levels to findings: change their severity, or drop those turned off. Codes
    /// that are not lints keep their severity.
    pub fn apply(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        diagnostics
            .into_iter()
            .filter_map(|d| {
                if !codes::lookup(&d.code).is_some_and(|info| info.is_lint()) {
                    return Some(d);
                }
                match self.level(&d.code) {
                    None => Some(d),
                    Some(Level::Off) => None,
                    Some(Level::Error) => Some(d.with_severity(Severity::Error)),
                    Some(Level::Warning) => Some(d.with_severity(Severity::Warning)),
                }
            })
            .collect()
    }
}

fn span_of<T>(spanned: &toml::Spanned<T>) -> Span {
    let range = spanned.span();
    Span::new(range.start, range.end)
}

fn level(
    file: &SourceFile,
    value: &toml::Spanned<String>,
    errors: &mut Vec<Diagnostic>,
) -> Option<Level> {
    match value.get_ref().as_str() {
        "error" => Some(Level::Error),
        "warning" => Some(Level::Warning),
        "off" => Some(Level::Off),
        other => {
            errors.push(
                Diagnostic::error("config::bad-value", format!("`{other}` is not a level"))
                    .at(file, span_of(value))
                    .with_label("expected \"error\", \"warning\" or \"off\"")
                    .with_help("write \"error\", \"warning\" or \"off\""),
            );
            None
        }
    }
}

fn unknown_code(file: &SourceFile, name: &str, span: Span) -> Diagnostic {
    let help = match suggest(name) {
        Some(close) => format!("did you mean `{close}`? docs/diagnostics.md lists every code"),
        None => "name a code like `specific::no-definition` or a family like `timebound`; \
                 docs/diagnostics.md lists every code"
            .to_string(),
    };
    Diagnostic::error("config::unknown-code", format!("`{name}` is not a merit code or family"))
        .at(file, span)
        .with_label("unknown code")
        .with_help(help)
}

fn not_configurable(file: &SourceFile, name: &str, span: Span) -> Diagnostic {
    Diagnostic::error(
        "config::not-configurable",
        format!("`{name}` reports a problem of the input, not a lint: it cannot be set"),
    )
    .at(file, span)
    .with_label("not a lint")
    .with_help(format!(
        "only the lint families can be set: {}; fix the problem it reports instead",
        LINT_FAMILIES.join(", ")
    ))
}

/// The lint code or family closest to `name`, when one is close.
pub(crate) fn suggest(name: &str) -> Option<&'static str> {
    let known =
        codes::all().filter(|i| i.is_lint()).map(|i| i.code).chain(LINT_FAMILIES.iter().copied());
    let mut best: Option<(f64, &'static str)> = None;
    for candidate in known {
        let similarity = strsim::normalized_damerau_levenshtein(name, candidate);
        if similarity >= 0.7 && best.is_none_or(|(s, _)| similarity > s) {
            best = Some((similarity, candidate));
        }
    }
    best.map(|(_, c)| c)
}

fn calibration(
    file: &SourceFile,
    raw: &RawCalibration,
    errors: &mut Vec<Diagnostic>,
) -> Calibration {
    let mut settings = Calibration::default();
    let mut bad = |span: Span, message: String, help: &str| {
        errors.push(
            Diagnostic::error("config::bad-value", message)
                .at(file, span)
                .with_label("out of range")
                .with_help(help.to_string()),
        );
    };
    if let Some(band) = &raw.band {
        match band.get_ref().as_slice() {
            [low, high] if 0 <= *low && low < high && *high <= 100 => {
                settings.band_low = Decimal::from(*low);
                settings.band_high = Decimal::from(*high);
            }
            _ => bad(
                span_of(band),
                format!("`band = {:?}` is not a band of percentages", band.get_ref()),
                "give the lowest and highest share that may reach the target, 0 <= low < high <= 100: `band = [10, 90]`",
            ),
        }
    }
    if let Some(min) = &raw.min_history {
        match usize::try_from(*min.get_ref()) {
            Ok(n) if n >= 1 => settings.min_history = n,
            _ => bad(
                span_of(min),
                format!("`min_history = {}` is below 1", min.get_ref()),
                "give the least number of employee-periods worth judging, e.g. `min_history = 30`",
            ),
        }
    }
    if let Some(p) = &raw.suggest_percentile {
        match u32::try_from(*p.get_ref()) {
            Ok(n) if (1..=99).contains(&n) => settings.suggest_percentile = n,
            _ => bad(
                span_of(p),
                format!("`suggest_percentile = {}` is not between 1 and 99", p.get_ref()),
                "give a percentile from 1 to 99, e.g. `suggest_percentile = 70`",
            ),
        }
    }
    settings
}

#[cfg(test)]
#[path = "config_tests.rs"]
mod tests;
