//! The formatter: a parsed scheme (with its comments) → the one canonical layout.

use crate::syntax::Parsed;

/// Format a parsed scheme into canonical text. Keeps every comment; idempotent.
pub fn format(_parsed: &Parsed) -> String {
    String::new()
}
