//! Run a loaded test file: each test's data is evaluated by the real engine and every
//! expectation compared with the result. A test passes when every expectation matches; it
//! fails with the mismatches (expected vs actual, and the employee's result for the
//! indicator breakdown); it is an error when the engine refuses the data.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

use crate::diagnostic::Diagnostic;
use crate::eval::result::{ActionKind, EmployeeResult, Evaluation};
use crate::eval::{EvalOptions, evaluate, round_score};
use crate::hooks::HookRuntime;

use super::expect::{Expected, Money};
use super::suite::{PreparedTest, Suite};

/// The outcome of one test file.
#[derive(Debug, Clone)]
pub struct SuiteOutcome {
    /// The test file as the user named it.
    pub file: String,
    /// The scheme's path.
    pub scheme: String,
    /// One outcome per test run, in file order.
    pub tests: Vec<TestOutcome>,
    /// Problems that kept the file from running (then `tests` is empty).
    pub load_errors: Vec<Diagnostic>,
}

/// The outcome of one test.
#[derive(Debug, Clone)]
pub struct TestOutcome {
    /// The test's name.
    pub name: String,
    /// 1-based line of the test's `name` in the test file.
    pub line: usize,
    /// Passed, failed or error.
    pub status: Status,
}

/// How a test ended.
#[derive(Debug, Clone)]
pub enum Status {
    /// Every expectation matched.
    Passed,
    /// Some expectations did not match: one entry per employee and period.
    Failed(Vec<Failure>),
    /// The engine refused the data (or the scheme's hooks could not be loaded).
    Error(Vec<Diagnostic>),
}

/// The mismatches of one employee in one period.
#[derive(Debug, Clone)]
pub struct Failure {
    /// Employee identifier.
    pub employee: String,
    /// Period label.
    pub period: String,
    /// 1-based line of the `[[test.expect]]` in the test file.
    pub line: usize,
    /// What differed.
    pub mismatches: Vec<Mismatch>,
    /// The employee's result, for the indicator breakdown (`None` if the engine gave none).
    pub result: Option<EmployeeResult>,
    /// Decimals shown.
    pub precision: u32,
}

/// One expected value that did not come out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// What was compared: `composite`, `actions`, `points of conversion`.
    pub what: String,
    /// The expected value, as shown.
    pub expected: String,
    /// The actual value, as shown.
    pub actual: String,
}

impl SuiteOutcome {
    /// The outcome of a test file that could not be loaded.
    pub fn not_loaded(file: String, scheme: String, diagnostics: Vec<Diagnostic>) -> Self {
        SuiteOutcome { file, scheme, tests: Vec::new(), load_errors: diagnostics }
    }

    /// Number of tests that passed.
    pub fn passed(&self) -> usize {
        self.tests.iter().filter(|t| matches!(t.status, Status::Passed)).count()
    }

    /// Number of tests that did not pass (failures and errors).
    pub fn failed(&self) -> usize {
        self.tests.len() - self.passed()
    }
}

/// Run the tests of `suite` whose name contains `filter` (all when `None`).
pub fn run(suite: &Suite, filter: Option<&str>) -> SuiteOutcome {
    let runtime = if suite.scheme.hooks.is_empty() {
        Ok(None)
    } else {
        HookRuntime::load(&suite.scheme, &suite.scheme_file, &suite.scheme_path).map(Some)
    };
    let tests = suite
        .tests
        .iter()
        .filter(|test| filter.is_none_or(|f| test.name.contains(f)))
        .map(|test| {
            let status = match &runtime {
                Ok(runtime) => run_test(suite, test, runtime.as_ref()),
                Err(diagnostics) => Status::Error(diagnostics.clone()),
            };
            TestOutcome { name: test.name.clone(), line: test.line, status }
        })
        .collect();
    SuiteOutcome {
        file: suite.file.name.to_string(),
        scheme: suite.scheme_path.display().to_string(),
        tests,
        load_errors: Vec::new(),
    }
}

fn run_test(suite: &Suite, test: &PreparedTest, runtime: Option<&HookRuntime>) -> Status {
    let options = EvalOptions {
        notice_date: test.notice_date,
        hooks: runtime.map(|r| r as &dyn crate::eval::hooks_api::HookRunner),
        scheme_files: vec![suite.scheme_file.clone()],
    };
    let evaluation = match evaluate(&[&suite.scheme], &test.data, &options) {
        Ok(evaluation) => evaluation,
        Err(diagnostics) => return Status::Error(diagnostics),
    };
    let precision = suite.scheme.precision();
    let failures: Vec<Failure> =
        test.expected.iter().filter_map(|e| compare(&evaluation, e, precision)).collect();
    if failures.is_empty() { Status::Passed } else { Status::Failed(failures) }
}

/// The mismatches of one expectation, `None` when all match.
pub fn compare(evaluation: &Evaluation, expected: &Expected, precision: u32) -> Option<Failure> {
    let result = evaluation.employee(&expected.employee, &expected.period);
    let mut mismatches = Vec::new();
    match result {
        Some(result) => check(result, expected, precision, &mut mismatches),
        None => mismatches.push(Mismatch {
            what: "result".into(),
            expected: "a result".into(),
            actual: "none: the engine did not evaluate this employee in this period".into(),
        }),
    }
    (!mismatches.is_empty()).then(|| Failure {
        employee: expected.employee.clone(),
        period: expected.period.clone(),
        line: expected.line,
        mismatches,
        result: result.cloned(),
        precision,
    })
}

fn check(result: &EmployeeResult, expected: &Expected, precision: u32, out: &mut Vec<Mismatch>) {
    let mut differ = |what: &str, same: bool, expected: String, actual: String| {
        if !same {
            out.push(Mismatch { what: what.to_string(), expected, actual });
        }
    };
    let shown = |value: Decimal| round_score(value, precision).to_string();
    if let Some(composite) = expected.composite {
        let actual = result.composite_rounded;
        differ("composite", actual == composite, shown(composite), shown(actual));
    }
    if let Some(grade) = &expected.grade {
        let actual = result.grade.as_ref().map(|g| g.id.clone());
        differ(
            "grade",
            actual.as_ref() == Some(grade),
            grade.clone(),
            actual.unwrap_or_else(|| "none".into()),
        );
    }
    if let Some(rank) = expected.rank {
        let actual = format!("{} of {}", result.rank, result.ranked_count);
        differ("rank", result.rank == rank, rank.to_string(), actual);
    }
    if let Some(actions) = &expected.actions {
        let actual: BTreeSet<String> = result.actions.iter().map(|a| a.action.clone()).collect();
        differ("actions", &actual == actions, list(actions), list(&actual));
    }
    for (what, kind, money) in [
        ("bonus", ActionKind::Bonus, &expected.bonus),
        ("deduction", ActionKind::Deduction, &expected.deduction),
    ] {
        if let Some(money) = money {
            let totals = totals(result, kind);
            differ(what, money_matches(money, &totals), show_money(money), show_totals(&totals));
        }
    }
    if let Some(gates) = &expected.failed_gates {
        let actual: BTreeSet<String> = result.failed_gates.iter().cloned().collect();
        differ("failed_gates", &actual == gates, list(gates), list(&actual));
    }
    for (id, points) in &expected.points {
        let actual = result.node(id).and_then(|node| node.points);
        let same = actual.is_some_and(|p| round_score(p, precision) == *points);
        let actual = actual.map_or_else(|| "none (left out)".to_string(), shown);
        differ(&format!("points of {id}"), same, shown(*points), actual);
    }
    if let Some(due) = expected.due {
        let plans: BTreeSet<String> = result
            .actions
            .iter()
            .filter(|a| a.kind == ActionKind::ImprovementPlan)
            .map(|a| a.due.map_or_else(|| "no due date".to_string(), |d| d.to_string()))
            .collect();
        let same = !plans.is_empty() && plans.iter().all(|d| *d == due.to_string());
        let actual =
            if plans.is_empty() { "no improvement plan".to_string() } else { list(&plans) };
        differ("due", same, due.to_string(), actual);
    }
}

/// Sum of bonus or deduction amounts by currency.
fn totals(result: &EmployeeResult, kind: ActionKind) -> BTreeMap<Option<String>, Decimal> {
    let mut totals = BTreeMap::new();
    for action in result.actions.iter().filter(|a| a.kind == kind) {
        *totals.entry(action.currency.clone()).or_insert(Decimal::ZERO) +=
            action.amount.unwrap_or_default();
    }
    totals
}

fn money_matches(expected: &Money, totals: &BTreeMap<Option<String>, Decimal>) -> bool {
    match totals.iter().collect::<Vec<_>>()[..] {
        [] => expected.amount.is_zero(),
        [(currency, amount)] => {
            *amount == expected.amount
                && (expected.currency.is_none() || expected.currency == *currency)
        }
        _ => false,
    }
}

fn show_money(money: &Money) -> String {
    match &money.currency {
        Some(currency) => format!("{} {currency}", money.amount.normalize()),
        None => money.amount.normalize().to_string(),
    }
}

fn show_totals(totals: &BTreeMap<Option<String>, Decimal>) -> String {
    if totals.is_empty() {
        return "0".into();
    }
    let parts: Vec<String> = totals
        .iter()
        .map(|(currency, amount)| {
            show_money(&Money { amount: *amount, currency: currency.clone() })
        })
        .collect();
    parts.join(" + ")
}

/// `a, b` or `none`.
fn list(items: &BTreeSet<String>) -> String {
    if items.is_empty() {
        "none".into()
    } else {
        items.iter().cloned().collect::<Vec<_>>().join(", ")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
#[path = "run_tests.rs"]
mod tests;
