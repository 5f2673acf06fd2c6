//! Every diagnostic code merit can emit: its family, default severity, a one-line summary
//! and the usual fix. The single source for SARIF rule metadata, `merit.toml` validation and
//! docs/diagnostics.md.

use crate::diagnostic::Severity;

/// What merit knows about one diagnostic code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeInfo {
    /// The stable code, `family::kebab-name`.
    pub code: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// One line: what the finding means.
    pub summary: &'static str,
    /// One line: what to do about it.
    pub help: &'static str,
}

impl CodeInfo {
    /// The family: the part before `::` (`syntax`, `structure`, `specific`, ...).
    pub fn family(&self) -> &'static str {
        self.code.split("::").next().unwrap_or(self.code)
    }
}

/// Look a code up.
pub fn lookup(code: &str) -> Option<&'static CodeInfo> {
    ALL.iter().find(|info| info.code == code)
}

const fn info(
    code: &'static str,
    severity: Severity,
    summary: &'static str,
    help: &'static str,
) -> CodeInfo {
    CodeInfo { code, severity, summary, help }
}

use Severity::Error as E;

/// Every code, grouped by family.
pub static ALL: &[CodeInfo] = &[info(
    "syntax::unexpected",
    E,
    "The text does not fit the language here.",
    "Write what the message says is expected at this place.",
)];
