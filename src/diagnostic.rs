//! The one diagnostic type: parse errors, lint findings and evaluation errors all become a
//! [`Diagnostic`] with a stable code, a severity, an optional span in a named file, a label
//! and a help text. miette renders it for people; `report` renders it as JSON, SARIF, ...

use std::fmt;

use serde::Serialize;

use crate::source::{SourceFile, Span};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Informational.
    Advice,
    /// Worth fixing; fails only with `--deny warnings`.
    Warning,
    /// Must be fixed; exit code 1.
    Error,
}

/// A message about a place in a scheme, script or data file.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// Stable code, e.g. `structure::weight-sum`.
    pub code: String,
    /// How serious it is.
    pub severity: Severity,
    /// One sentence saying what is wrong.
    pub message: String,
    /// The file the span points into, when there is one.
    pub file: Option<SourceFile>,
    /// Where, in `file`.
    pub span: Option<Span>,
    /// A short label shown under the span.
    pub label: Option<String>,
    /// What to do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error with a code and message; add the place and help with the builder methods.
    pub fn error(code: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            code: code.into(),
            severity: Severity::Error,
            message: message.into(),
            file: None,
            span: None,
            label: None,
            help: None,
        }
    }

    /// A warning with a code and message.
    pub fn warning(code: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(code, message) }
    }

    /// Point at `span` in `file`.
    pub fn at(mut self, file: &SourceFile, span: Span) -> Self {
        self.file = Some(file.clone());
        self.span = Some(span);
        self
    }

    /// Name the file without a span.
    pub fn in_file(mut self, file: &SourceFile) -> Self {
        self.file = Some(file.clone());
        self
    }

    /// The label under the span.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// What the user should do.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Change the severity (used by severity configuration).
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// True for error severity.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// 1-based line and column of the span's start, when there is a span.
    pub fn line_col(&self) -> Option<(usize, usize)> {
        match (&self.file, self.span) {
            (Some(file), Some(span)) => Some(file.line_col(span.start)),
            _ => None,
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Diagnostic {}

impl miette::Diagnostic for Diagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Advice => miette::Severity::Advice,
            Severity::Warning => miette::Severity::Warning,
            Severity::Error => miette::Severity::Error,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.file.as_ref().map(|f| f.named_source() as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let span = self.span?;
        let label = miette::LabeledSpan::new_with_span(self.label.clone(), span);
        Some(Box::new(std::iter::once(label)))
    }
}

/// Render diagnostics for people: miette's graphical handler, no colour when `color` is
/// false (tests and `NO_COLOR`). A diagnostic with a file but no span names the file.
pub fn render(diagnostics: &[Diagnostic], color: bool) -> String {
    let theme = if color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let handler = miette::GraphicalReportHandler::new_themed(theme).with_width(100);
    let mut out = String::new();
    for diagnostic in diagnostics {
        if let (Some(file), None) = (&diagnostic.file, diagnostic.span) {
            out.push_str(&format!("{}:\n", file.name));
        }
        // Writing into a String cannot fail.
        let _ = handler.render_report(&mut out, diagnostic);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_code_place_label_and_help() {
        let file = SourceFile::new("a.merit", "scheme \"x\"\nweight 5\n");
        let d = Diagnostic::error("structure::weight-sum", "weights sum to 5%")
            .at(&file, Span::new(11, 19))
            .with_label("here")
            .with_help("make them sum to 100%");
        let text = render(&[d], false);
        assert!(text.contains("a.merit:2:1"), "{text}");
        assert!(text.contains("structure::weight-sum"), "{text}");
        assert!(text.contains("here"), "{text}");
        assert!(text.contains("make them sum to 100%"), "{text}");
    }
}
