//! Where a problem in a test file is: the file, the test, the scheme's names. Every message
//! starts `cs.test.toml (test "bonus"): ...` and points at the value with a span.

use std::ops::Range;

use crate::diagnostic::Diagnostic;
use crate::source::{SourceFile, Span};

use super::names::SchemeNames;

/// Collects the problems of one test file, with the test being read.
#[derive(Debug)]
pub struct Context<'a> {
    /// The test file.
    pub file: &'a SourceFile,
    /// The scheme's names.
    pub names: &'a SchemeNames,
    /// The test being read, `None` at file level (`[defaults]`).
    pub test: Option<String>,
    /// Problems found so far.
    pub errors: Vec<Diagnostic>,
}

impl<'a> Context<'a> {
    /// A context for `file`, checked against `names`.
    pub fn new(file: &'a SourceFile, names: &'a SchemeNames) -> Self {
        Context { file, names, test: None, errors: Vec::new() }
    }

    /// `cs.test.toml (test "bonus")`.
    pub fn place(&self) -> String {
        match &self.test {
            Some(test) => format!("{} (test \"{test}\")", self.file.name),
            None => self.file.name.to_string(),
        }
    }

    /// Record an error at `span` of the test file.
    pub fn error(
        &mut self,
        code: &str,
        span: Range<usize>,
        problem: impl AsRef<str>,
        label: &str,
        help: impl Into<String>,
    ) {
        let message = format!("{}: {}", self.place(), problem.as_ref());
        let diagnostic = Diagnostic::error(code, message)
            .at(self.file, Span::new(span.start, span.end))
            .with_label(label)
            .with_help(help);
        self.errors.push(diagnostic);
    }

    /// 1-based line of a byte offset in the test file.
    pub fn line(&self, offset: usize) -> usize {
        self.file.line_col(offset).0
    }
}
