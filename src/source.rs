//! Source text and the one span type every diagnostic uses.

use std::fmt;
use std::sync::{Arc, OnceLock};

use miette::{NamedSource, SourceSpan};
use serde::{Deserialize, Serialize};

/// A byte range `[start, end)` in one source file.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub struct Span {
    /// Offset of the first byte.
    pub start: usize,
    /// Offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (byte offsets).
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// True when the span covers no byte.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The smallest span that covers both.
    pub fn join(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

impl From<Span> for SourceSpan {
    fn from(span: Span) -> Self {
        SourceSpan::new(span.start.into(), span.len())
    }
}

/// A value together with where it was written. Equality and hashing ignore the span, so that
/// two schemes that differ only in layout compare equal.
#[derive(Clone, Serialize, Deserialize)]
pub struct Spanned<T> {
    /// The value.
    pub node: T,
    /// Where it was written.
    #[serde(skip)]
    pub span: Span,
}

impl<T> Spanned<T> {
    /// Wrap `node` with its `span`.
    pub fn new(node: T, span: Span) -> Self {
        Spanned { node, span }
    }

    /// Transform the value, keeping the span.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Spanned<U> {
        Spanned { node: f(self.node), span: self.span }
    }
}

impl<T: PartialEq> PartialEq for Spanned<T> {
    fn eq(&self, other: &Self) -> bool {
        self.node == other.node
    }
}

impl<T: Eq> Eq for Spanned<T> {}

impl<T: std::hash::Hash> std::hash::Hash for Spanned<T> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.node.hash(state)
    }
}

impl<T: fmt::Debug> fmt::Debug for Spanned<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.node.fmt(f)
    }
}

impl<T> std::ops::Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.node
    }
}

/// A named source text (a scheme, a script or a data file), cheap to clone.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name shown in diagnostics, usually the path as the user gave it.
    pub name: Arc<str>,
    /// The whole text.
    pub text: Arc<str>,
    named: Arc<NamedSource<Arc<str>>>,
    /// Byte offset of the start of each line, computed on first use: a file with thousands
    /// of findings finds each one's line by binary search, not by counting from the start.
    line_starts: Arc<OnceLock<Vec<usize>>>,
}

impl SourceFile {
    /// A source file from a display name and its text.
    pub fn new(name: impl Into<Arc<str>>, text: impl Into<Arc<str>>) -> Self {
        let name: Arc<str> = name.into();
        let text: Arc<str> = text.into();
        let named = Arc::new(NamedSource::new(&name, text.clone()));
        SourceFile { name, text, named, line_starts: Arc::default() }
    }

    /// The miette source for diagnostics that point into this file.
    pub fn named_source(&self) -> &NamedSource<Arc<str>> {
        &self.named
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let starts = self.line_starts.get_or_init(|| {
            let newlines = self.text.match_indices('\n').map(|(i, _)| i + 1);
            std::iter::once(0).chain(newlines).collect()
        });
        // The last line starting at or before `offset` (the first always starts at 0).
        let index = starts.partition_point(|&start| start <= offset).saturating_sub(1);
        let line_start = starts.get(index).copied().unwrap_or(0);
        let column = self.text.get(line_start..offset).map_or(0, |t| t.chars().count()) + 1;
        (index + 1, column)
    }

    /// 1-based line of a byte offset.
    pub fn line(&self, offset: usize) -> usize {
        self.line_col(offset).0
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spanned_equality_ignores_span() {
        assert_eq!(Spanned::new(1, Span::new(0, 1)), Spanned::new(1, Span::new(5, 9)));
        assert_ne!(Spanned::new(1, Span::new(0, 1)), Spanned::new(2, Span::new(0, 1)));
    }

    #[test]
    fn line_col_counts_characters() {
        let file = SourceFile::new("x", "ab\n工作 x");
        assert_eq!(file.line_col(0), (1, 1));
        assert_eq!(file.line_col(3), (2, 1));
        assert_eq!(file.line_col("ab\n工作 ".len()), (2, 4));
    }

    #[test]
    fn line_col_at_and_after_line_ends() {
        let file = SourceFile::new("x", "a\n\nbc\n");
        assert_eq!(file.line_col(1), (1, 2), "on the newline itself");
        assert_eq!(file.line_col(2), (2, 1), "an empty line");
        assert_eq!(file.line_col(4), (3, 2));
        assert_eq!(file.line_col(6), (4, 1), "the end of the file");
        assert_eq!(file.line_col(99), (4, 1), "past the end");
        assert_eq!(file.line(3), 3);
    }
}
