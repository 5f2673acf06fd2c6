//! Helpers shared by the parser tests.

#![allow(dead_code, clippy::unwrap_used)]

use merit::syntax::{Parsed, parse};
use merit::{Diagnostic, SourceFile, Span};
use rust_decimal::Decimal;

/// The founding scheme.
pub const FOUNDING: &str = "policies/online-shop-cs.merit";

/// Parse `text` as `t.merit`.
pub fn parse_text(text: &str) -> Result<Parsed, Vec<Diagnostic>> {
    parse(&SourceFile::new("t.merit", text))
}

/// The parse of `text`, which must have no error.
pub fn ok(text: &str) -> Parsed {
    match parse_text(text) {
        Ok(parsed) => parsed,
        Err(e) => panic!("{}", merit::diagnostic::render(&e, false)),
    }
}

/// The errors of `text`, which must have some.
pub fn errors(text: &str) -> Vec<Diagnostic> {
    match parse_text(text) {
        Ok(_) => panic!("expected errors in:\n{text}"),
        Err(e) => e,
    }
}

/// The codes and 1-based (line, column) of the errors.
pub fn places(text: &str) -> Vec<(String, usize, usize)> {
    errors(text)
        .iter()
        .map(|d| {
            let (line, col) = d.line_col().unwrap_or((0, 0));
            (d.code.clone(), line, col)
        })
        .collect()
}

/// A decimal.
pub fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

/// The text of a span.
pub fn slice(text: &str, span: Span) -> &str {
    &text[span.start..span.end]
}

/// A minimal valid scheme around `body` (top-level statements).
pub fn scheme_with(body: &str) -> String {
    format!("scheme \"t\"\n{body}\n")
}

/// The founding scheme's text.
pub fn founding() -> String {
    std::fs::read_to_string(FOUNDING).unwrap()
}

/// A scheme with `depth` nested groups around one indicator.
pub fn nested_groups(depth: usize) -> String {
    let mut text = String::from("scheme \"deep\"\n");
    for i in 0..depth {
        text.push_str(&format!("group g{i} weight 100% {{\n"));
    }
    text.push_str("indicator leaf weight 100% { unit count }\n");
    text.push_str(&"}\n".repeat(depth));
    text
}
