//! The workload of the hook benchmark (benches/hooks.rs): one scoring rule written natively
//! (`score threshold 90s target 30s`) and as a rhai hook doing the same arithmetic, applied
//! to the same 100,000 employee-periods (10,000 employees × 10 months).

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed benchmark set-up

use std::path::PathBuf;
use std::sync::Arc;

use litemap::LiteMap;
use merit::ast::{Direction, DurationUnit, Quantity, Scheme, Scoring};
use merit::eval::dataset::{Cell, Dataset, Origin, Record};
use merit::eval::hooks_api::{HookContext, HookRunner};
use merit::eval::score::Rule;
use merit::eval::{EvalOptions, evaluate};
use merit::hooks::HookRuntime;
use merit::{SourceFile, Span, Spanned};
use rust_decimal::Decimal;

/// Employees × periods.
pub const EMPLOYEES: usize = 10_000;
/// Consecutive months from 2024-01.
pub const PERIODS: usize = 10;

const SCRIPT: &str = "fn first_reply_linear(seconds) {
    clamp(100.0 * (90.0 - seconds) / 60.0, 0.0, 100.0)
}
";

/// The scheme, with `{rule}` replaced by the first-reply scoring rule.
const SCHEME: &str = r#"scheme "Hook benchmark"
scope "Benchmark team" role bench
cycle monthly from 2024-01-01
hook first_reply_linear in "hooks/bench.rhai"
indicator first_reply "Average first-reply time" weight 50% {
  definition "Mean time to the first reply"
  unit duration
  lower is better
  source "Benchmark"
  {rule}
}
indicator conversion "Chat conversion rate" weight 50% {
  definition "Share of chats followed by an order"
  numerator "chats followed by an order"
  denominator "chats"
  unit percent
  higher is better
  source "Benchmark"
  score threshold 8% target 20%
}
grades by score {
  A "Excellent" at least 90
  B "Good" at least 75
  C "Other" otherwise
}
ranking {
  scope all
}
"#;

/// Everything the measured functions need, built once.
pub struct Workload {
    _dir: tempfile::TempDir,
    /// First-reply times in seconds, one per employee-period (10 s .. 120 s).
    pub values: Vec<Decimal>,
    /// The native rule.
    pub rule: Rule,
    /// The compiled hook (exact decimals in and out, like the native rule).
    pub runtime: HookRuntime,
    /// The scheme scored natively.
    pub native_scheme: Scheme,
    /// The scheme scored by the hook.
    pub hook_scheme: Scheme,
    /// The employee-periods.
    pub data: Dataset,
}

fn parse(text: &str, name: &str) -> Scheme {
    let file = SourceFile::new(name, text);
    merit::syntax::parse(&file).map_err(|d| merit::diagnostic::render(&d, false)).unwrap().scheme
}

/// Build the workload: scripts on disk, both schemes, the data.
pub fn setup() -> Workload {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("hooks")).unwrap();
    std::fs::write(dir.path().join("hooks/bench.rhai"), SCRIPT).unwrap();
    let scheme_path: PathBuf = dir.path().join("bench.merit");

    let native_text = SCHEME.replace("{rule}", "score threshold 90s target 30s");
    let hook_text = SCHEME.replace("{rule}", "score hook first_reply_linear(value)");
    let native_scheme = parse(&native_text, "native.merit");
    let hook_scheme = parse(&hook_text, "hook.merit");
    let hook_file = SourceFile::new("hook.merit", hook_text.as_str());
    let runtime = HookRuntime::load(&hook_scheme, &hook_file, &scheme_path)
        .map_err(|d| merit::diagnostic::render(&d, false))
        .unwrap();

    let seconds = |s: i64| {
        Spanned::new(Quantity::Duration(Decimal::from(s), DurationUnit::Seconds), Span::default())
    };
    let scoring = Scoring::Targets { threshold: seconds(90), target: seconds(30), stretch: None };
    let rule = Rule::compile(&scoring, Some(Direction::Lower), Span::default()).unwrap();

    let origin = Origin { file: Arc::from("bench"), row: 1 };
    let cell = |value: Decimal, _column: &str| Cell { value, row: origin.row };
    let mut values = Vec::with_capacity(EMPLOYEES * PERIODS);
    let mut records = Vec::with_capacity(EMPLOYEES * PERIODS);
    for period in 0..PERIODS {
        for employee in 0..EMPLOYEES {
            // Deterministic spread: 10.0 s .. 119.9 s and 5.0% .. 29.9%.
            let n = (employee * 7919 + period * 104_729) as i64;
            let first_reply = Decimal::new(100 + n % 1100, 1);
            let conversion = Decimal::new(50 + (n / 7) % 250, 1);
            values.push(first_reply);
            let mut row = LiteMap::new();
            row.insert(Arc::from("first_reply"), cell(first_reply, "first_reply"));
            row.insert(Arc::from("conversion"), cell(conversion, "conversion"));
            records.push(Record {
                employee: format!("E{employee:05}"),
                period: format!("2024-{:02}", period + 1).into(),
                role: Some("bench".into()),
                attributes: LiteMap::new(),
                values: row,
                ratings: LiteMap::new(),
                origin: origin.clone(),
            });
        }
    }
    Workload {
        _dir: dir,
        values,
        rule,
        runtime,
        native_scheme,
        hook_scheme,
        data: Dataset { records },
    }
}

const CONTEXT: HookContext<'static> = HookContext {
    scheme_index: 0,
    scheme: "Hook benchmark",
    employee: "E00000",
    period: "2024-01",
    indicator: Some("first_reply"),
    action: None,
};

/// Σ points of every value, scored by the native rule.
pub fn native_points(w: &Workload) -> Decimal {
    w.values.iter().map(|v| w.rule.points(*v).unwrap()).sum()
}

/// Σ points of every value, scored by the hook (one call per value, on this thread).
pub fn hook_points(w: &Workload) -> Decimal {
    w.values
        .iter()
        .map(|v| w.runtime.call_points("first_reply_linear", &[*v], &CONTEXT).unwrap())
        .sum()
}

/// The whole evaluation (parallel scoring, ranks, grades) with the native rule.
pub fn evaluate_native(w: &Workload) -> usize {
    let evaluation = evaluate(&[&w.native_scheme], &w.data, &EvalOptions::default()).unwrap();
    evaluation.schemes.len()
}

/// The whole evaluation with the hook rule.
pub fn evaluate_hook(w: &Workload) -> usize {
    let options =
        EvalOptions { hooks: Some(&w.runtime as &dyn HookRunner), ..EvalOptions::default() };
    let evaluation = evaluate(&[&w.hook_scheme], &w.data, &options).unwrap();
    evaluation.schemes.len()
}
