//! Structural and SMART lints over a parsed scheme. One lint family per file; every finding
//! has a stable code, a severity, a span and a help text.

use crate::ast::Scheme;
use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;

/// Check a scheme; returns every finding, errors and warnings, in source order.
pub fn check(_scheme: &Scheme, _file: &SourceFile) -> Vec<Diagnostic> {
    Vec::new()
}
