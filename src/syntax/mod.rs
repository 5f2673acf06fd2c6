//! The only code that touches pest: `.merit` text → [`Scheme`] with spans, and parse
//! errors in human words.

use crate::ast::Scheme;
use crate::diagnostic::Diagnostic;
use crate::source::{SourceFile, Span};

/// A parsed scheme and the comments of its file (the formatter puts them back).
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The scheme.
    pub scheme: Scheme,
    /// Every `//` comment, in file order.
    pub comments: Vec<Comment>,
}

/// A `//` comment: its span (from `//` to the end of the line, newline excluded) and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// Where it is.
    pub span: Span,
    /// The text including the leading `//`.
    pub text: String,
}

/// Parse a `.merit` file. All errors found are returned, not only the first.
pub fn parse(file: &SourceFile) -> Result<Parsed, Vec<Diagnostic>> {
    Err(vec![
        Diagnostic::error("syntax::unimplemented", "the parser is being written").in_file(file),
    ])
}
