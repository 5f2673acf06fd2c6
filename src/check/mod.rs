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

mod actions;
mod bands;
mod context;
mod curves;
mod grades;
mod indicators;
mod names;
mod points;
mod raters;
mod references;
mod units;
mod weights;

use crate::ast::Scheme;
use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;

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
    // Stable: findings at the same place keep the order of the families above.
    out.sort_by_key(|d| d.span.map_or(usize::MAX, |s| s.start));
    out
}
