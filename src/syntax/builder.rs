//! The state shared by the parse-tree walkers: the file, the errors found so far, and the
//! small helpers every walker needs (spans, identifiers, strings, set-once fields).

use pest::iterators::Pair;

use crate::ast::Ident;
use crate::diagnostic::Diagnostic;
use crate::source::{SourceFile, Span, Spanned};

use super::explain::Block;
use super::grammar::Rule;

/// Walks pest pairs into AST values, collecting every error on the way.
pub(super) struct Builder<'a> {
    /// The file being parsed.
    pub file: &'a SourceFile,
    /// Its text.
    pub text: &'a str,
    /// Errors found so far, in the order found.
    pub errors: Vec<Diagnostic>,
    /// Spans already reported by the pre-scan: parse errors inside them are not repeated.
    pub reported: Vec<Span>,
    /// The spans of the file's comments, in order (to trim them off statement spans).
    comments: Vec<Span>,
    /// Per block: the end of the last good statement and whether the previous statement was
    /// broken (consecutive broken lines are one error unless they start a new statement).
    recovery: Vec<Recovery>,
}

#[derive(Clone, Copy, Default)]
struct Recovery {
    last_good: Option<Span>,
    after_bad: bool,
}

/// The span of a pair.
pub(super) fn span_of(pair: &Pair<'_, Rule>) -> Span {
    let s = pair.as_span();
    Span::new(s.start(), s.end())
}

impl<'a> Builder<'a> {
    /// A builder for `file`; `reported` are spans the pre-scan already reported.
    pub fn new(file: &'a SourceFile, reported: Vec<Span>, comments: Vec<Span>) -> Self {
        Builder {
            file,
            text: &file.text,
            errors: Vec::new(),
            reported,
            comments,
            recovery: Vec::new(),
        }
    }

    /// The span of a pair without the whitespace and comments pest skips after an optional
    /// part that is absent (`unit percent` must not end on the next line).
    pub fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let span = span_of(pair);
        Span::new(span.start, self.trim_back(span.start, span.end))
    }

    /// Move `end` back over whitespace and comments, not before `start`.
    pub fn trim_back(&self, start: usize, mut end: usize) -> usize {
        let bytes = self.text.as_bytes();
        loop {
            while end > start && bytes[end - 1].is_ascii_whitespace() {
                end -= 1;
            }
            let i = self.comments.partition_point(|c| c.start < end);
            match i.checked_sub(1).map(|i| self.comments[i]) {
                Some(comment) if comment.start >= start && comment.end >= end => end = comment.start,
                _ => return end,
            }
        }
    }

    /// Record an error.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        if let Some(span) = diagnostic.span
            && self.reported.iter().any(|r| r.start <= span.start && span.start <= r.end)
        {
            return;
        }
        self.errors.push(diagnostic);
    }

    /// An error pointing at `span` in this file.
    pub fn error(&mut self, code: &str, message: String, span: Span, label: String, help: String) {
        let diagnostic =
            Diagnostic::error(code, message).at(self.file, span).with_label(label).with_help(help);
        self.push(diagnostic);
    }

    /// 1-based line of a byte offset.
    pub fn line(&self, offset: usize) -> usize {
        self.file.line_col(offset).0
    }

    /// An identifier pair as an [`Ident`].
    pub fn ident(&self, pair: &Pair<'_, Rule>) -> Ident {
        Spanned::new(pair.as_str().to_string(), span_of(pair))
    }

    /// Set a field that a block may give once; a second one is a `syntax::duplicate-field`
    /// error pointing at it.
    pub fn set_once<T>(
        &mut self,
        slot: &mut Option<Spanned<T>>,
        value: Spanned<T>,
        what: &str,
        owner: &str,
    ) {
        if let Some(first) = slot {
            let line = self.line(first.span.start);
            self.error(
                "syntax::duplicate-field",
                format!("{owner} gives `{what}` twice"),
                value.span,
                format!("second `{what}`"),
                format!("keep one `{what}` line: the first is on line {line}"),
            );
        } else {
            *slot = Some(value);
        }
    }

    /// Enter a block: its statements are recovered independently of the outer ones.
    pub fn enter_block(&mut self) {
        self.recovery.push(Recovery::default());
    }

    /// Leave the block entered last.
    pub fn leave_block(&mut self) {
        self.recovery.pop();
    }

    /// Note a good statement of the current block (other parts, like a block's header, are
    /// ignored).
    pub fn good(&mut self, rule: Rule, span: Span) {
        if !is_statement(rule) {
            return;
        }
        if let Some(r) = self.recovery.last_mut() {
            r.last_good = Some(span);
            r.after_bad = false;
        }
    }

    /// Explain a `bad_item` of the current block, of the given kind.
    pub fn bad(&mut self, pair: &Pair<'_, Rule>, block: Block) {
        let span = span_of(pair);
        let state = self.recovery.last().copied().unwrap_or_default();
        // A statement that ended early on the same line: parse again from its start so that
        // the error points at the first word that does not fit.
        let from = match state.last_good {
            Some(good) if !self.text[good.end..span.start].contains('\n') => good.start,
            _ => span.start,
        };
        if let Some(diagnostic) = super::explain::explain(self, block, from, span, state.after_bad)
        {
            self.push(diagnostic);
        }
        if let Some(r) = self.recovery.last_mut() {
            r.after_bad = true;
            r.last_good = None;
        }
    }
}

/// Rules that are whole statements of some block.
fn is_statement(rule: Rule) -> bool {
    !matches!(
        rule,
        Rule::ident
            | Rule::string
            | Rule::word
            | Rule::weight
            | Rule::lbrace
            | Rule::rbrace
            | Rule::EOI
            | Rule::k_scale
            | Rule::k_group
            | Rule::k_indicator
            | Rule::k_grades
            | Rule::k_by
            | Rule::k_ranking
            | Rule::k_action
            | Rule::k_curve
            | Rule::k_bands
            | Rule::k_weight
    )
}
