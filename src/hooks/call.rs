//! Calling a hook: decimals in, a checked result out, and every failure turned into a
//! diagnostic that names the script, line, function, employee and period.
//!
//! Numbers cross into rhai as exact decimals (rhai's `decimal` feature: the same
//! [`rust_decimal::Decimal`] merit computes with) and come back unchanged: no floating
//! point anywhere, no rounding on the way. A script's own literals (`0.5`, `100.0`) are
//! decimals too (rhai is built with `no_float`); whole numbers (`100`) are rhai integers,
//! accepted as results and mixed freely with decimals in arithmetic.

use std::sync::OnceLock;

use rhai::{CallFnOptions, Dynamic, Engine, EvalAltResult, Position, Scope};
use rust_decimal::Decimal;

use crate::diagnostic::Diagnostic;
use crate::eval::hooks_api::HookContext;
use crate::source::Span;

use super::declare::HookKind;
use super::sandbox::{DeadlineGuard, Limits, TIME_LIMIT_TOKEN};
use super::script::Script;

/// One call: which script, function and limits, and for whom.
pub(crate) struct Call<'a> {
    pub(crate) engine: &'a Engine,
    pub(crate) limits: &'a Limits,
    pub(crate) script: &'a Script,
    pub(crate) function: &'a str,
    pub(crate) kind: HookKind,
    pub(crate) context: &'a HookContext<'a>,
    /// Set when an earlier call of the function ran past the operation or time limit.
    pub(crate) tripped: &'a OnceLock<String>,
}

impl Call<'_> {
    /// Run the function with `args` and return what it returned.
    pub(crate) fn run(&self, args: &[Decimal]) -> Result<Dynamic, Diagnostic> {
        if let Some(first) = self.tripped.get() {
            return Err(self
                .failure("hooks::runtime", format!("skipped, since {first}"), None)
                .with_help(
                    "look for a loop that never ends or runs far more often than intended",
                ));
        }
        let values: Vec<Dynamic> = args.iter().map(|arg| Dynamic::from_decimal(*arg)).collect();
        let _deadline = DeadlineGuard::start(self.limits.max_duration);
        let options = CallFnOptions::new().eval_ast(false).rewind_scope(true);
        self.engine
            .call_fn_with_options::<Dynamic>(
                options,
                &mut Scope::new(),
                &self.script.ast,
                self.function,
                values,
            )
            .map_err(|error| self.runtime_error(&error))
    }

    /// A number result as an exact decimal: a rhai decimal as it is (trailing zeros
    /// dropped: `2.5000` is `2.5`), a rhai integer as the whole number.
    pub(crate) fn number(&self, result: Dynamic) -> Result<Decimal, Diagnostic> {
        if let Ok(decimal) = result.as_decimal() {
            return Ok(decimal.normalize());
        }
        if let Ok(int) = result.as_int() {
            return Ok(Decimal::from(int));
        }
        Err(self.bad_result(describe(&result)))
    }

    /// A true/false result.
    pub(crate) fn boolean(&self, result: Dynamic) -> Result<bool, Diagnostic> {
        result.as_bool().map_err(|_| self.bad_result(describe(&result)))
    }

    fn bad_result(&self, got: String) -> Diagnostic {
        self.failure(
            "hooks::bad-result",
            format!("it returned {got}, where {} is expected", self.kind.expected()),
            None,
        )
        .with_help(match self.kind {
            HookKind::Condition => {
                "end the function with a comparison such as `complaints > 5.0 && refunds > 10.0`"
            }
            _ => "end the function with the number it returns, e.g. `100.0 * done / total`",
        })
    }

    fn runtime_error(&self, error: &EvalAltResult) -> Diagnostic {
        // Errors inside a nested script function arrive wrapped, one layer per call level;
        // the innermost one says what went wrong and where.
        let mut inner = error;
        let mut nested_in: Option<&str> = None;
        let mut call_position = Position::NONE;
        while let EvalAltResult::ErrorInFunctionCall(name, _, cause, position) = inner {
            nested_in = Some(name.as_str());
            call_position = *position;
            inner = cause;
        }
        let position = if inner.position().is_none() { call_position } else { inner.position() };
        let limits = self.limits;
        let exhausting = matches!(inner, EvalAltResult::ErrorTooManyOperations(_))
            || matches!(inner, EvalAltResult::ErrorTerminated(token, _) if token.to_string() == TIME_LIMIT_TOKEN);
        let (reason, help) = match inner {
            EvalAltResult::ErrorTooManyOperations(_) => (
                format!("it ran more than {} operations", limits.max_operations),
                "look for a loop that never ends or runs far more often than intended".to_string(),
            ),
            EvalAltResult::ErrorTerminated(token, _) if token.to_string() == TIME_LIMIT_TOKEN => (
                format!("it ran longer than {} s", limits.max_duration.as_secs_f64()),
                "look for a loop that never ends or runs far more often than intended".to_string(),
            ),
            EvalAltResult::ErrorStackOverflow(_) => (
                format!("its calls nest deeper than {} levels", limits.max_call_levels),
                "look for a function that calls itself without a condition that stops it"
                    .to_string(),
            ),
            EvalAltResult::ErrorDataTooLarge(what, _) => (
                format!("{} too large", what.to_lowercase()),
                format!(
                    "hook scripts may build strings of up to {} characters, arrays of up to {} \
                     items and maps of up to {} entries",
                    limits.max_string_size, limits.max_array_size, limits.max_map_size
                ),
            ),
            EvalAltResult::ErrorArithmetic(message, _) => {
                (message.to_lowercase(), arithmetic_help(message).to_string())
            }
            EvalAltResult::ErrorFunctionNotFound(signature, _) => (
                format!("the function {signature} is not available"),
                "hook scripts cannot read files, import modules or run programs; docs/hooks.md \
                 lists the functions they can use"
                    .to_string(),
            ),
            other => {
                let text = other.to_string();
                let at = format!(" ({})", other.position());
                let bare = text.strip_suffix(&at).unwrap_or(&text).to_string();
                (bare, "fix the script at the marked place".to_string())
            }
        };
        let reason = match nested_in {
            Some(name) if name != self.function => format!("{reason} (in `{name}`)"),
            _ => reason,
        };
        if exhausting {
            let context = self.context;
            let _ = self.tripped.set(format!(
                "for employee {}, period {} {reason}",
                context.employee, context.period
            ));
        }
        self.failure("hooks::runtime", reason, self.script.span_of(position)).with_help(help)
    }

    /// A diagnostic about this call: where in the script, and for whom.
    fn failure(&self, code: &str, reason: String, span: Option<Span>) -> Diagnostic {
        let script = &self.script;
        let span = span.or_else(|| script.definition_span(self.function));
        let place = match span {
            Some(span) => format!("{}:{}", script.file.name, script.file.line_col(span.start).0),
            None => script.file.name.to_string(),
        };
        let context = self.context;
        let subject = match (context.indicator, context.action) {
            (Some(indicator), _) => format!(", indicator `{indicator}`"),
            (None, Some(action)) => format!(", action `{action}`"),
            (None, None) => String::new(),
        };
        let message = format!(
            "hook `{}` ({place}) failed for employee {}, period {}{subject}: {reason}",
            self.function, context.employee, context.period
        );
        let diagnostic = Diagnostic::error(code, message);
        match span {
            Some(span) => diagnostic.at(&script.file, span).with_label(reason),
            None => diagnostic.in_file(&script.file),
        }
    }
}

/// What to do about a failed decimal or integer operation.
fn arithmetic_help(message: &str) -> &'static str {
    if message.to_lowercase().contains("by zero") {
        "guard the divisor: `safe_div(a, b, default)` returns the default when b is 0"
    } else {
        "a decimal holds at most 28 significant digits (up to about 7.9 × 10^28) and a whole \
         number up to about 9.2 × 10^18: look for a value multiplied, raised to a power or \
         summed without bound, or divide by a number that is not almost 0"
    }
}

fn describe(value: &Dynamic) -> String {
    if value.is_unit() {
        "nothing (the function must end with the value it returns)".to_string()
    } else if value.is_string() {
        format!("the string {value:?}")
    } else {
        format!("a value of type {}", value.type_name())
    }
}
