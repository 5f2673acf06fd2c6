//! The formatter: a parsed scheme (with its comments) → the one canonical layout.
//!
//! The layout is that of `policies/online-shop-cs.merit`: two-space indent, one statement a
//! line, statements in the canonical order of `docs/language.md`, a blank line between
//! top-level blocks. Numbers, durations, percentages and money are printed as written;
//! strings are re-escaped. Every comment is kept (see [`attach`] for where each goes), and
//! one blank line between statements is kept where the author left one.
//!
//! Formatting is idempotent and never changes meaning: parsing the output gives the same
//! [`Scheme`](crate::ast::Scheme) (spans aside).

mod attach;
mod doc;
mod expr;
mod indicator;
mod scheme;

use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use crate::syntax::{self, Parsed};

use attach::Lines;

/// Format a parsed scheme into canonical text. Keeps every comment; idempotent.
///
/// Without the source text the formatter cannot tell which comments share a line with a
/// statement, so every comment is put on its own line before the statement that follows
/// it. Prefer [`format_source`] (or [`format_file`]) when the text is at hand.
pub fn format(parsed: &Parsed) -> String {
    render(parsed, None)
}

/// Format a parsed scheme, given the text it was parsed from: comments at the end of a
/// statement's line stay there, and blank lines between statements are kept (one at most).
pub fn format_source(parsed: &Parsed, source: &str) -> String {
    render(parsed, Some(source))
}

/// Parse `file` and format it; the parse errors when it does not parse.
pub fn format_file(file: &SourceFile) -> Result<String, Vec<Diagnostic>> {
    let parsed = syntax::parse(file)?;
    Ok(format_source(&parsed, &file.text))
}

fn render(parsed: &Parsed, source: Option<&str>) -> String {
    let mut stmts = scheme::scheme(&parsed.scheme);
    let notes = attach::attach(&mut stmts, &parsed.comments, Lines::new(source));
    doc::print(&stmts, &notes)
}
