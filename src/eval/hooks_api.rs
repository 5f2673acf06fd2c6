//! The seam between the engine and a hook runtime. The engine resolves a hook call's
//! arguments to numbers and asks a [`HookRunner`] for the result; without a runner, every
//! hook is the error `eval::hook-unavailable`. The rhai runtime (`crate::hooks`) implements
//! this trait.

#![allow(clippy::result_large_err)] // the one Diagnostic type: large, and errors are rare

use rust_decimal::Decimal;

use crate::diagnostic::Diagnostic;

/// Who and what a hook is called for, for its error messages.
#[derive(Debug, Clone, Copy)]
pub struct HookContext<'a> {
    /// Position of the scheme in the slice given to `evaluate` (which scheme's hooks).
    pub scheme_index: usize,
    /// The scheme's title.
    pub scheme: &'a str,
    /// The employee evaluated.
    pub employee: &'a str,
    /// The period label.
    pub period: &'a str,
    /// The indicator whose value or points are computed, when there is one.
    pub indicator: Option<&'a str>,
    /// The action whose condition is tested, when there is one.
    pub action: Option<&'a str>,
}

/// Something that can run the scheme's hooks. Must be shareable between threads: employees
/// are scored in parallel.
pub trait HookRunner: Sync {
    /// A derived metric: `value refund_ratio(refunds, paid_orders)`.
    fn call_value(
        &self,
        function: &str,
        args: &[Decimal],
        context: &HookContext<'_>,
    ) -> Result<Decimal, Diagnostic>;

    /// Custom scoring: `score hook response_points(value)`; returns points.
    fn call_points(
        &self,
        function: &str,
        args: &[Decimal],
        context: &HookContext<'_>,
    ) -> Result<Decimal, Diagnostic>;

    /// A custom action condition: `when hook heavy_complaints(complaints, refund_ratio)`.
    fn call_condition(
        &self,
        function: &str,
        args: &[Decimal],
        context: &HookContext<'_>,
    ) -> Result<bool, Diagnostic>;
}

/// The error when a scheme uses a hook and no runtime was given.
pub fn unavailable(function: &str, context: &HookContext<'_>) -> Diagnostic {
    let subject = match (context.indicator, context.action) {
        (Some(indicator), _) => format!("indicator `{indicator}`"),
        (None, Some(action)) => format!("action `{action}`"),
        (None, None) => "the scheme".to_string(),
    };
    Diagnostic::error(
        "eval::hook-unavailable",
        format!(
            "{subject} calls the hook `{function}`, but hooks cannot be run here \
             (employee {}, period {})",
            context.employee, context.period
        ),
    )
    .with_help("hooks need the rhai runtime; run with hooks enabled or replace the hook by a built-in rule")
}
