//! The sandboxed rhai [`Engine`]: which language features and library functions a hook
//! script gets, and the limits that stop a runaway script with an error instead of a hang.
//!
//! rhai itself has no file, network or process access; the engine is built "raw" (no
//! packages) and given only the pure packages listed in [`build_engine`]: no time functions
//! (results must not depend on when the run happens), no module resolver (no `import`), no
//! `eval`, and `print`/`debug` do nothing.

use std::cell::Cell;
use std::time::{Duration, Instant};

use rhai::packages::{
    BasicArrayPackage, BasicMapPackage, BasicMathPackage, CorePackage, LogicPackage,
    MoreStringPackage, Package,
};
use rhai::{Dynamic, Engine, EvalAltResult, Position};
use rust_decimal::Decimal;

/// The limits of the hook sandbox. One set for every script of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Operations per hook call (a loop iteration, a function call, an expression...).
    pub max_operations: u64,
    /// Nesting depth of function calls (recursion).
    pub max_call_levels: usize,
    /// Nesting depth of expressions, at top level and inside functions.
    pub max_expr_depth: usize,
    /// Characters in one string.
    pub max_string_size: usize,
    /// Elements in one array.
    pub max_array_size: usize,
    /// Entries in one object map.
    pub max_map_size: usize,
    /// Functions in one script.
    pub max_functions: usize,
    /// Wall-clock time of one hook call, an extra guard behind the operation limit.
    pub max_duration: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_operations: 1_000_000,
            max_call_levels: 32,
            max_expr_depth: 64,
            max_string_size: 10_000,
            max_array_size: 10_000,
            max_map_size: 1_000,
            max_functions: 256,
            max_duration: Duration::from_secs(2),
        }
    }
}

/// The token a script is terminated with when it runs past [`Limits::max_duration`].
pub(crate) const TIME_LIMIT_TOKEN: &str = "merit: hook time limit";

/// Check the wall clock once every this many operations (reading the clock costs more than
/// an operation).
const CLOCK_EVERY: u64 = 4096;

thread_local! {
    /// When the hook call running on this thread must stop. Thread-local so that hooks can
    /// run in parallel (rayon) with one shared engine.
    static DEADLINE: Cell<Option<Instant>> = const { Cell::new(None) };
}

/// Sets this thread's deadline for the duration of one hook call; restores the previous one
/// when dropped.
pub(crate) struct DeadlineGuard {
    previous: Option<Instant>,
}

impl DeadlineGuard {
    /// Start the clock for a call that may run `limit`.
    pub(crate) fn start(limit: Duration) -> Self {
        let deadline = Instant::now().checked_add(limit);
        DeadlineGuard { previous: DEADLINE.with(|d| d.replace(deadline)) }
    }
}

impl Drop for DeadlineGuard {
    fn drop(&mut self) {
        DEADLINE.with(|d| d.set(self.previous));
    }
}

fn deadline_passed() -> bool {
    DEADLINE.with(|d| d.get()).is_some_and(|deadline| Instant::now() >= deadline)
}

/// Build the one engine every hook script of a run is compiled and called with.
pub(crate) fn build_engine(limits: &Limits) -> Engine {
    let mut engine = Engine::new_raw();
    for package in [
        CorePackage::new().as_shared_module(),
        LogicPackage::new().as_shared_module(),
        BasicMathPackage::new().as_shared_module(),
        BasicArrayPackage::new().as_shared_module(),
        BasicMapPackage::new().as_shared_module(),
        MoreStringPackage::new().as_shared_module(),
    ] {
        engine.register_global_module(package);
    }

    engine.set_strict_variables(true);
    engine.disable_symbol("eval");
    engine.disable_symbol("import");
    engine.disable_symbol("export");
    engine.set_max_modules(0);
    engine.on_print(|_| {});
    engine.on_debug(|_, _, _| {});

    engine.set_max_operations(limits.max_operations);
    engine.set_max_call_levels(limits.max_call_levels);
    engine.set_max_expr_depths(limits.max_expr_depth, limits.max_expr_depth);
    engine.set_max_string_size(limits.max_string_size);
    engine.set_max_array_size(limits.max_array_size);
    engine.set_max_map_size(limits.max_map_size);
    engine.set_max_functions(limits.max_functions);
    engine.on_progress(|operations| {
        (operations % CLOCK_EVERY == 0 && deadline_passed()).then(|| TIME_LIMIT_TOKEN.into())
    });

    register_helpers(&mut engine);
    engine
}

/// The helper functions merit adds to rhai's own (documented in docs/hooks.md).
fn register_helpers(engine: &mut Engine) {
    engine.register_fn("clamp", clamp);
    engine.register_fn("safe_div", safe_div);
}

/// `clamp(x, lo, hi)`: x limited to [lo, hi].
fn clamp(x: Dynamic, lo: Dynamic, hi: Dynamic) -> Result<Decimal, Box<EvalAltResult>> {
    let (x, lo, hi) = (number(&x)?, number(&lo)?, number(&hi)?);
    if lo > hi {
        return Err(EvalAltResult::ErrorRuntime(
            format!("clamp: the lower bound {lo} is above the upper bound {hi}").into(),
            Position::NONE,
        )
        .into());
    }
    Ok(x.max(lo).min(hi))
}

/// `safe_div(a, b, default)`: a / b, or the default when b is 0.
fn safe_div(a: Dynamic, b: Dynamic, default: Dynamic) -> Result<Decimal, Box<EvalAltResult>> {
    let (a, b, default) = (number(&a)?, number(&b)?, number(&default)?);
    if b.is_zero() {
        return Ok(default);
    }
    a.checked_div(b).ok_or_else(|| {
        EvalAltResult::ErrorArithmetic(format!("Division overflow: {a} / {b}"), Position::NONE)
            .into()
    })
}

/// A rhai number (a decimal or an integer) as a decimal.
fn number(value: &Dynamic) -> Result<Decimal, Box<EvalAltResult>> {
    if let Ok(x) = value.as_decimal() {
        Ok(x)
    } else if let Ok(x) = value.as_int() {
        Ok(Decimal::from(x))
    } else {
        Err(EvalAltResult::ErrorMismatchDataType(
            "number".into(),
            value.type_name().into(),
            Position::NONE,
        )
        .into())
    }
}
