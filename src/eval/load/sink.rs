//! Where loading diagnostics go: every problem is collected (not only the first), errors
//! are capped so that a file with a million bad rows still gives a readable report, and
//! each message names the place in the file's own words (row and column, or record and key).

use crate::diagnostic::Diagnostic;
use crate::source::{SourceFile, Span};

/// At most this many errors are kept; the rest are counted in a final "and N more".
pub(crate) const MAX_ERRORS: usize = 50;

/// A row of a data file as the loader sees it, whatever the format.
pub(crate) trait Row {
    /// 1-based row (CSV, XLSX: the header is row 1) or record (JSON) number.
    fn number(&self) -> usize;
    /// Number of cells.
    fn len(&self) -> usize;
    /// The cell in `column` (0-based); `Empty` beyond the row's end.
    fn cell(&self, column: usize) -> super::cell::RawCell<'_>;
    /// The file and span of a cell, or of the whole row, when the format allows it.
    fn locate(&self, _column: Option<usize>) -> Option<(SourceFile, Span)> {
        None
    }
}

/// Collects diagnostics for one data file.
#[derive(Debug)]
pub(crate) struct Sink {
    /// How the file is named in messages (`data.csv`, `data.xlsx, sheet Data`).
    pub label: String,
    /// `row` or `record`.
    pub row_word: &'static str,
    /// `column` or `key`.
    pub column_word: &'static str,
    diagnostics: Vec<Diagnostic>,
    errors: usize,
}

impl Sink {
    /// A sink for a file named `label` in messages.
    pub(crate) fn new(
        label: impl Into<String>,
        row_word: &'static str,
        column_word: &'static str,
    ) -> Self {
        Sink { label: label.into(), row_word, column_word, diagnostics: Vec::new(), errors: 0 }
    }

    /// `data.csv row 3, column `conversion``.
    pub(crate) fn place(&self, row: usize, column: Option<&str>) -> String {
        match column {
            Some(column) => {
                format!("{} {} {row}, {} `{column}`", self.label, self.row_word, self.column_word)
            }
            None => format!("{} {} {row}", self.label, self.row_word),
        }
    }

    /// Record a diagnostic, pointing at the row or cell when the row can say where it is.
    pub(crate) fn push(
        &mut self,
        diagnostic: Diagnostic,
        row: Option<&dyn Row>,
        column: Option<usize>,
    ) {
        let located = match row.and_then(|r| r.locate(column)) {
            Some((file, span)) => diagnostic.at(&file, span),
            None => diagnostic,
        };
        if located.is_error() {
            self.errors += 1;
            if self.errors > MAX_ERRORS {
                return;
            }
        }
        self.diagnostics.push(located);
    }

    /// True when nothing was recorded.
    pub(crate) fn is_empty(&self) -> bool {
        self.diagnostics.is_empty() && self.errors == 0
    }

    /// True when an error was recorded.
    pub(crate) fn has_errors(&self) -> bool {
        self.errors > 0
    }

    /// All diagnostics, in the order found, with "and N more" when errors were capped.
    pub(crate) fn finish(mut self) -> (Vec<Diagnostic>, bool) {
        if self.errors > MAX_ERRORS {
            let more = self.errors - MAX_ERRORS;
            self.diagnostics.push(
                Diagnostic::error(
                    "data::more-errors",
                    format!("and {more} more errors in {}", self.label),
                )
                .with_help("fix the errors above first: the rest are often the same mistake"),
            );
        }
        (self.diagnostics, self.errors > 0)
    }
}
