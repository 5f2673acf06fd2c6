//! Every diagnostic code merit can emit: its family, default severity, a one-line summary
//! and the usual fix. The single source for SARIF rule metadata, `merit.toml` validation and
//! docs/diagnostics.md (a test checks that every code the source emits is listed here and
//! documented there).

mod checks;
mod data;
mod eval;
mod input;
mod smart;
mod test;

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

    /// True for the findings of `merit check` that `merit.toml` and allow comments may set to
    /// another severity or turn off (see [`LINT_FAMILIES`]).
    pub fn is_lint(&self) -> bool {
        LINT_FAMILIES.contains(&self.family())
    }
}

/// The families of lint findings: what `merit check` judges in a scheme that parses.
/// Problems of input (syntax, files, data, configuration) and of evaluation are not lints:
/// they cannot be turned off.
pub const LINT_FAMILIES: &[&str] =
    &["structure", "specific", "measurable", "attainable", "realistic", "timebound"];

/// The registry, family by family, in the order of docs/diagnostics.md.
static FAMILIES: &[&[CodeInfo]] = &[
    input::SYNTAX,
    checks::STRUCTURE,
    smart::SPECIFIC,
    smart::MEASURABLE,
    smart::ATTAINABLE,
    smart::REALISTIC,
    smart::TIMEBOUND,
    input::CONFIG,
    input::IO,
    data::DATA,
    eval::EVAL,
    eval::HOOKS,
    test::TEST,
    input::OUTPUT,
];

/// Every code, family by family.
pub fn all() -> impl Iterator<Item = &'static CodeInfo> {
    FAMILIES.iter().flat_map(|family| family.iter())
}

/// Look a code up.
pub fn lookup(code: &str) -> Option<&'static CodeInfo> {
    all().find(|info| info.code == code)
}

/// The position of a code in [`all`] (SARIF's `ruleIndex`).
pub fn index_of(code: &str) -> Option<usize> {
    all().position(|info| info.code == code)
}

/// Every family name, in registry order.
pub fn families() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = Vec::new();
    for info in all() {
        if !names.contains(&info.family()) {
            names.push(info.family());
        }
    }
    names
}

const fn info(
    code: &'static str,
    severity: Severity,
    summary: &'static str,
    help: &'static str,
) -> CodeInfo {
    CodeInfo { code, severity, summary, help }
}

#[cfg(test)]
#[path = "codes/registry_tests.rs"]
mod registry_tests;
