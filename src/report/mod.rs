//! Output formats. Evaluation results: a text table, JSON (documented and versioned), CSV,
//! Markdown and XLSX ([`render`]); one employee's explanation ([`explain`]); diagnostics for
//! machines ([`sarif`], [`github`]). Everything here is deterministic: the same input gives
//! the same bytes.

pub mod csv;
mod csv_row;
pub mod digits;
pub mod display;
pub mod explain;
pub mod github;
pub mod json;
pub mod markdown;
pub mod sarif;
pub mod table;
pub mod xlsx;

use crate::diagnostic::Diagnostic;
use crate::eval::result::Evaluation;

/// The output formats of `merit eval`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Text tables per period, for a terminal.
    Table,
    /// The [`Evaluation`] as pretty JSON (see `docs/output.md`).
    Json,
    /// One row per employee and period.
    Csv,
    /// Markdown tables, for HR documents.
    Markdown,
    /// A workbook with a results sheet and an actions sheet.
    Xlsx,
}

/// Render an evaluation in `format`.
#[allow(clippy::result_large_err)] // the one diagnostic type; an error path taken once
pub fn render(evaluation: &Evaluation, format: Format) -> Result<Vec<u8>, Diagnostic> {
    let failed = |err: &dyn std::fmt::Display| {
        Diagnostic::error(
            "output::render",
            format!("the results cannot be written as {format:?}: {err}"),
        )
        .with_help("report this as a bug in merit, with the scheme and data that caused it")
    };
    match format {
        Format::Table => Ok(table::render(evaluation).into_bytes()),
        Format::Json => json::render(evaluation).map(String::into_bytes).map_err(|e| failed(&e)),
        Format::Csv => Ok(csv::render(evaluation).into_bytes()),
        Format::Markdown => Ok(markdown::render(evaluation).into_bytes()),
        Format::Xlsx => xlsx::render(evaluation).map_err(|e| failed(&e)),
    }
}
