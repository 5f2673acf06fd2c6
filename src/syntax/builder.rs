//! The state shared by the parse-tree walkers: the file, the errors found so far, and the
//! small helpers every walker needs (spans, identifiers, strings, set-once fields).

use pest::Parser;
use pest::iterators::Pair;

use crate::ast::Ident;
use crate::diagnostic::Diagnostic;
use crate::source::{SourceFile, Span, Spanned};

use super::action::ActionBody;
use super::explain::Block;
use super::grammar::{MeritParser, Rule};
use super::tree::blank_indicator;
use super::words::suggest;

/// Walks pest pairs into AST values, collecting every error on the way.
pub(super) struct Builder<'a> {
    /// The file being parsed.
    pub file: &'a SourceFile,
    /// Its text.
    pub text: &'a str,
    /// Errors found so far, in the order found.
    pub errors: Vec<Diagnostic>,
    /// Spans already reported by the pre-scan, in file order: parse errors starting inside
    /// them are not repeated.
    pub reported: Vec<Span>,
    /// The spans of the file's comments, in order (to trim them off statement spans).
    comments: Vec<Span>,
    /// Added to pest's offsets: non-zero while a block is parsed on its own (see `recover`),
    /// or for a piece of a large file (see `shifted`).
    offset: usize,
    /// Per block: the end of the last good statement and whether the previous statement was
    /// broken (consecutive broken lines are one error unless they start a new statement).
    recovery: Vec<Recovery>,
}

#[derive(Clone, Copy, Default)]
struct Recovery {
    last_good: Option<Span>,
    after_bad: bool,
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
            offset: 0,
            recovery: Vec::new(),
        }
    }

    /// This builder for a piece of the file that starts at `offset` and is parsed on its own
    /// (`syntax::chunks`): spans are moved by it.
    pub fn shifted(mut self, offset: usize) -> Self {
        self.offset = offset;
        self
    }

    /// The span of a pair without the whitespace and comments pest skips after an optional
    /// part that is absent (`unit percent` must not end on the next line).
    pub fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let span = self.raw_span(pair);
        Span::new(span.start, self.trim_back(span.start, span.end))
    }

    /// The span of a pair as pest gives it, in this file's offsets.
    fn raw_span(&self, pair: &Pair<'_, Rule>) -> Span {
        let s = pair.as_span();
        Span::new(s.start() + self.offset, s.end() + self.offset)
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
                Some(comment) if comment.start >= start && comment.end >= end => {
                    end = comment.start
                }
                _ => return end,
            }
        }
    }

    /// Record an error.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        if let Some(span) = diagnostic.span {
            // `reported` is in file order: the last span starting before this one decides.
            let i = self.reported.partition_point(|r| r.start <= span.start);
            if i > 0 && span.start <= self.reported[i - 1].end {
                return;
            }
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
        Spanned::new(pair.as_str().to_string(), self.raw_span(pair))
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
            let line = if self.saturated() { 0 } else { self.line(first.span.start) };
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

    /// True once more errors were found than will be shown: later ones are only counted.
    fn saturated(&self) -> bool {
        // Only this walker's own errors count: they come in file order, so every error left
        // unexplained comes after more than enough explained ones.
        self.errors.len() > super::MAX_ERRORS
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
        let span = self.raw_span(pair);
        let state = self.recovery.last().copied().unwrap_or_default();
        // A statement that ended early on the same line: parse again from its start so that
        // the error points at the first word that does not fit.
        let from = match state.last_good {
            Some(good) if !self.text[good.end..span.start].contains('\n') => good.start,
            _ => span.start,
        };
        if self.saturated() {
            // Not shown (only the first errors are): counted without the cost of explaining.
            self.push(
                Diagnostic::error("syntax::unexpected", "broken statement").at(self.file, span),
            );
        } else if let Some(diagnostic) =
            super::explain::explain(self, block, from, span, state.after_bad)
        {
            self.push(diagnostic);
        }
        if let Some(r) = self.recovery.last_mut() {
            r.after_bad = true;
            r.last_good = None;
        }
        self.recover(span, block);
    }

    /// A broken statement that opens a group, an indicator or an action: parse its block on
    /// its own, so that errors inside it are reported too (its AST is dropped).
    fn recover(&mut self, bad: Span, block: Block) {
        let text = self.text;
        let Some(brace) = first_brace(&text[bad.start..bad.end]).map(|i| bad.start + i) else {
            return;
        };
        let kinds: &[(&str, Rule)] = match block {
            Block::Top => &[
                ("group", Rule::group_body),
                ("indicator", Rule::indicator_body),
                ("action", Rule::action_body),
            ],
            Block::Group => &[("group", Rule::group_body), ("indicator", Rule::indicator_body)],
            _ => return,
        };
        let word = text[bad.start..]
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .next()
            .unwrap_or("");
        let best = suggest(word, kinds.iter().map(|k| k.0)).unwrap_or(word);
        let Some(&(_, rule)) = kinds.iter().find(|k| k.0 == best) else {
            return;
        };
        let Some(body) =
            MeritParser::parse(rule, &text[brace..bad.end]).ok().and_then(|mut p| p.next())
        else {
            return;
        };
        let saved = std::mem::replace(&mut self.offset, brace);
        match rule {
            Rule::group_body => {
                self.group_body(body, &mut None, &mut Vec::new(), "this group");
            }
            Rule::indicator_body => {
                let name = text[bad.start..brace].split_whitespace().nth(1).unwrap_or("?");
                let id = Spanned::new(name.to_string(), bad);
                self.indicator_body(body, &mut blank_indicator(id, bad));
            }
            _ => {
                self.action_body(body, "this action", &mut ActionBody::default());
            }
        }
        self.offset = saved;
    }
}

/// The offset of the first `{` outside strings.
fn first_brace(text: &str) -> Option<usize> {
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' | '\n' => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
        } else if c == '{' {
            return Some(i);
        }
    }
    None
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
