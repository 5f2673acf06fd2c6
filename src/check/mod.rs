//! Structural and SMART lints over a parsed scheme. One lint family per file; every finding
//! has a stable code, a severity, a span and a help text. docs/diagnostics.md lists them all.
//!
//! Structure (`structure::*`):
//! - [`weights`]: siblings' weights sum to 100%, weights are positive, groups are not empty;
//! - [`names`]: no name declared twice;
//! - [`references`]: every name used is declared (with did-you-mean);
//! - [`raters`]: rater weights where several raters rate one indicator, unused raters, scales;
//! - [`indicators`]: rated or measured, never both or neither; values only where measured;
//! - [`units`]: literals in the indicator's unit and currency;
//! - [`curves`]: threshold, target, stretch and anchors ordered with the direction; caps;
//! - [`bands`]: empty, unreachable, overlapping, out-of-order bands; gaps; useless `else`;
//! - [`grades`]: thresholds, catch-all, quotas;
//! - [`actions`]: conditions that never hold, streaks, effects, amounts and currencies.
//!
//! SMART completeness, one family per letter (BRIEF.md section 3):
//! - [`specific`] (`specific::*`): scope, names, definitions, numerators and denominators;
//! - [`measurable`] (`measurable::*`): units, directions, sources, labelled scales, raters;
//! - [`attainable`] (`attainable::*`): gates within reach of the target;
//! - [`realistic`] (`realistic::*`): values inside their unit's domain;
//! - [`timebound`] (`timebound::*`): cycle, effective date, approvals, milestones, deadlines;
//! - [`calibration`]: targets against history (`attainable::target-too-loose`, ...).

mod actions;
pub mod allow;
mod attainable;
mod bands;
pub mod calibration;
mod context;
mod curves;
mod grades;
pub mod history;
mod indicators;
mod items;
mod measurable;
mod names;
mod points;
mod raters;
mod realistic;
mod references;
mod specific;
mod stats;
mod timebound;
mod units;
mod weights;

use crate::ast::Scheme;
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use crate::syntax::Parsed;

use context::Context;

/// Parse and check one file's bytes (named `name` in diagnostics): the parse errors when it
/// does not parse (not UTF-8 included), else every finding of [`check`].
pub fn check_bytes(name: &str, bytes: &[u8]) -> Vec<Diagnostic> {
    match crate::syntax::parse_bytes(name, bytes) {
        Ok((file, parsed)) => check(&parsed.scheme, &file),
        Err(errors) => errors,
    }
}

/// Check a scheme; returns every finding, errors and warnings, in source order.
pub fn check(scheme: &Scheme, file: &SourceFile) -> Vec<Diagnostic> {
    let ctx = Context::new(scheme, file);
    let mut out = Vec::new();
    weights::check(&ctx, &mut out);
    names::check(&ctx, &mut out);
    references::check(&ctx, &mut out);
    raters::check(&ctx, &mut out);
    indicators::check(&ctx, &mut out);
    units::check(&ctx, &mut out);
    curves::check(&ctx, &mut out);
    bands::check(&ctx, &mut out);
    grades::check(&ctx, &mut out);
    actions::check(&ctx, &mut out);
    specific::check(&ctx, &mut out);
    measurable::check(&ctx, &mut out);
    attainable::check(&ctx, &mut out);
    realistic::check(&ctx, &mut out);
    timebound::check(&ctx, &mut out);
    // Stable: findings at the same place keep the order of the families above.
    out.sort_by_key(|d| d.span.map_or(usize::MAX, |s| s.start));
    out
}

/// Check a scheme as `merit check` does in a project: the findings of [`check`] and `extra`
/// ones (from [`calibration::calibrate`]), less those silenced by the scheme's allow
/// comments, with the severities `config` sets (or dropped when it turns them off); then a
/// `config::bad-allow` finding for each malformed allow comment and `config::unused-allow`
/// for each that silenced nothing. In source order.
pub fn check_configured(
    parsed: &Parsed,
    file: &SourceFile,
    config: &Config,
    extra: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let mut findings = check(&parsed.scheme, file);
    findings.extend(extra);
    let (mut allows, malformed) = allow::collect(parsed, file);
    let findings = allow::apply(&mut allows, findings, file);
    let mut out = config.apply(findings);
    out.extend(malformed);
    out.extend(allow::unused(&allows, file));
    out.sort_by_key(|d| d.span.map_or(usize::MAX, |s| s.start));
    out
}
