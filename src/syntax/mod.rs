//! The only code that touches pest: `.merit` text → [`Scheme`] with spans, and parse
//! errors in human words.
//!
//! Parsing runs in three steps:
//! 1. a linear pre-scan ([`prescan`]) collects comments and rejects what pest must not see:
//!    binary text, unterminated strings, unbalanced braces, nesting deeper than
//!    [`MAX_DEPTH`];
//! 2. pest parses the whole file with the grammar in `grammar/merit.pest`, where every block
//!    tolerates broken statements (so one error does not hide the next);
//! 3. the walkers turn pairs into the AST, check literals (dates, exact decimals, units) and
//!    explain each broken statement.
//!
//! A large clean file is parsed and walked in pieces, in parallel ([`chunks`]); anything to
//! report makes it be parsed again in one piece, so that messages do not depend on its size.
//!
//! Spans: a statement-level field (`version "1.0"`, `unit percent`, `score ...`, a group or
//! an indicator) spans its whole statement; a value inside a statement (an identifier, a
//! string with its quotes, a weight like `40%`) spans its own text.

mod action;
mod builder;
mod chunks;
mod explain;
mod grading;
mod grammar;
mod literal;
mod prescan;
mod scheme;
mod scoring;
mod tree;
mod usage;
mod words;

use pest::Parser;

use crate::ast::Scheme;
use crate::diagnostic::Diagnostic;
use crate::source::{SourceFile, Span};

use builder::Builder;
use grammar::{MeritParser, Rule};

pub use prescan::MAX_DEPTH;

/// At most this many errors are reported for one file; a note says how many were left out.
pub const MAX_ERRORS: usize = 50;

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
    let scan = prescan::prescan(file);
    if scan.fatal {
        return Err(cap(scan.errors, file));
    }
    if !scan.has_content {
        return Err(vec![
            Diagnostic::error("syntax::empty-file", format!("`{}` has no statements", file.name))
                .in_file(file)
                .with_help(
                    "a scheme starts with `scheme \"Name of the scheme\"`; see docs/language.md, \
                     or run `merit init` for a starting point",
                ),
        ]);
    }
    if scan.errors.is_empty() && file.text.len() >= chunks::MIN_BYTES {
        let comments: Vec<Span> = scan.comments.iter().map(|c| c.span).collect();
        let piece = chunks::piece_size(file.text.len());
        if let Some(scheme) = chunks::parse(file, &scan.line_words, &comments, piece) {
            return Ok(Parsed { scheme, comments: scan.comments });
        }
    }
    parse_whole(file, scan)
}

/// Parse and walk the file in one piece, after its pre-scan (without fatal errors).
fn parse_whole(file: &SourceFile, scan: prescan::Prescan) -> Result<Parsed, Vec<Diagnostic>> {
    let comment_spans: Vec<Span> = scan.comments.iter().map(|c| c.span).collect();
    let reported: Vec<Span> = scan.errors.iter().filter_map(|d| d.span).collect();
    let mut errors = scan.errors;
    let pairs = match MeritParser::parse(Rule::file, &file.text) {
        Ok(pairs) => pairs,
        Err(e) => {
            if errors.is_empty() {
                errors.push(whole_file_error(file, &e));
            }
            return Err(cap(errors, file));
        }
    };
    let mut b = Builder::new(file, reported, comment_spans);
    let scheme = pairs.into_iter().next().and_then(|pair| scheme::scheme(&mut b, pair));
    errors.extend(b.errors);
    errors.sort_by_key(|d| d.span.map_or(0, |s| s.start));
    match scheme {
        Some(scheme) if errors.is_empty() => Ok(Parsed { scheme, comments: scan.comments }),
        _ if errors.is_empty() => Err(vec![
            Diagnostic::error("syntax::unexpected", "the scheme could not be read").in_file(file),
        ]),
        _ => Err(cap(errors, file)),
    }
}

/// Parse a file read as bytes: non-UTF-8 or binary content is a `syntax::not-utf8` error.
/// On success, returns the source file (for later diagnostics) with the parse.
pub fn parse_bytes(name: &str, bytes: &[u8]) -> Result<(SourceFile, Parsed), Vec<Diagnostic>> {
    if bytes.contains(&0) {
        return Err(vec![
            Diagnostic::error(
                "syntax::not-utf8",
                format!("`{name}` is a binary file, not a merit scheme (it contains a NUL byte)"),
            )
            .in_file(&SourceFile::new(name, ""))
            .with_help("a scheme is a UTF-8 text file; check that you passed the right file"),
        ]);
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let lossy = String::from_utf8_lossy(bytes).into_owned();
            let file = SourceFile::new(name, lossy);
            let at = e.valid_up_to();
            let (line, column) = file.line_col(at);
            return Err(vec![
                Diagnostic::error(
                    "syntax::not-utf8",
                    format!(
                        "`{name}` is not UTF-8 text: invalid byte at line {line}, column {column}"
                    ),
                )
                .at(&file, Span::new(at, at + '\u{FFFD}'.len_utf8()))
                .with_label("not UTF-8")
                .with_help(
                    "save the file as UTF-8 (most editors offer it under “Save with encoding”)",
                ),
            ]);
        }
    };
    let file = SourceFile::new(name, text);
    let parsed = parse(&file)?;
    Ok((file, parsed))
}

/// The error when pest rejects the file as a whole (not expected once the pre-scan passed).
fn whole_file_error(file: &SourceFile, e: &pest::error::Error<Rule>) -> Diagnostic {
    let at = match e.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    };
    Diagnostic::error("syntax::unexpected", "this text is not a merit statement")
        .at(file, Span::new(at, (at + 1).min(file.text.len())))
        .with_label("unexpected here")
        .with_help("see docs/language.md for the statements of a scheme")
}

/// Keep the first [`MAX_ERRORS`] errors and say how many more there were.
fn cap(mut errors: Vec<Diagnostic>, file: &SourceFile) -> Vec<Diagnostic> {
    if errors.len() > MAX_ERRORS {
        let more = errors.len() - MAX_ERRORS;
        errors.truncate(MAX_ERRORS);
        errors.push(
            Diagnostic::error("syntax::too-many-errors", format!("{more} more errors not shown"))
                .in_file(file)
                .with_help("fix the errors above and run again"),
        );
    }
    errors
}
