//! A test's `[[test.expect]]` tables → [`Expected`] values, each name checked against the
//! scheme (grades, actions, gates, indicators) and against the test's own records (the
//! employee must have one in the period), each number read exactly.

use std::collections::{BTreeSet, HashSet};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::ast::Period;
use crate::eval::dataset::Dataset;

use super::context::Context;
use super::names::suggest;
use super::records::check_period;
use super::spec::{Expectation, Literal, TestCase, Text};
use super::values::{self, Kind};

/// A money total expected: amount, and currency when the test names one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Money {
    /// Exact amount.
    pub amount: Decimal,
    /// `CNY` in `"100 CNY"`.
    pub currency: Option<String>,
}

/// What must come out for one employee in one period; `None` fields are not compared.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Expected {
    /// Employee identifier.
    pub employee: String,
    /// Period label.
    pub period: String,
    /// 1-based line of the `[[test.expect]]`'s `employee` in the test file.
    pub line: usize,
    /// The composite at the scheme's precision.
    pub composite: Option<Decimal>,
    /// Grade identifier.
    pub grade: Option<String>,
    /// Competition rank.
    pub rank: Option<u32>,
    /// Exactly these actions fire.
    pub actions: Option<BTreeSet<String>>,
    /// Sum of bonuses.
    pub bonus: Option<Money>,
    /// Sum of deductions.
    pub deduction: Option<Money>,
    /// Exactly these gates fail.
    pub failed_gates: Option<BTreeSet<String>>,
    /// Points of indicators or groups at the scheme's precision, in the order written.
    pub points: Vec<(String, Decimal)>,
    /// Due date of the improvement plans.
    pub due: Option<NaiveDate>,
}

/// Read every expectation of `test`, whose records are `data`.
pub fn resolve(
    cx: &mut Context,
    test: &TestCase,
    data: &Dataset,
    cycle: Option<Period>,
) -> Vec<Expected> {
    let present: HashSet<(&str, &str)> =
        data.records.iter().map(|r| (r.employee.as_str(), &*r.period)).collect();
    let periods: BTreeSet<&str> = data.records.iter().map(|r| &*r.period).collect();
    let employees: BTreeSet<String> = data.records.iter().map(|r| r.employee.clone()).collect();
    let mut out = Vec::new();
    for spec in &test.expectations {
        let spec = spec.get_ref();
        let employee = spec.employee.get_ref().trim().to_string();
        let Some(period) = period_of(cx, spec, test, &periods, cycle) else { continue };
        if !present.contains(&(employee.as_str(), period.as_str())) {
            let problem = format!("employee {employee} has no record in period {period}");
            let help = if employees.contains(&employee) {
                "add a record for this period, or expect another period".to_string()
            } else {
                suggest(&employee, &employees, "the test's employees")
            };
            cx.error(
                "test::unknown-employee",
                spec.employee.span(),
                problem,
                "no such record",
                help,
            );
            continue;
        }
        let mut expected = Expected {
            employee,
            period,
            line: cx.line(spec.employee.span().start),
            ..Expected::default()
        };
        if spec.compares_nothing() {
            let help = "add `composite`, `grade`, `rank`, `actions`, `bonus`, `deduction`, `failed_gates`, `points` or `due`";
            let problem = format!("the expectation for {} compares nothing", expected.employee);
            cx.error(
                "test::empty-expectation",
                spec.employee.span(),
                problem,
                "nothing expected",
                help,
            );
            continue;
        }
        fill(cx, spec, &mut expected);
        out.push(expected);
    }
    if test.expectations.is_empty() {
        cx.error(
            "test::no-expectations",
            test.name.span(),
            "the test has no `[[test.expect]]`",
            "checks nothing",
            "add `[[test.expect]]` tables with what the scheme must give",
        );
    }
    out
}

/// The expectation's period: its own, the test's, or the only period of the records.
fn period_of(
    cx: &mut Context,
    spec: &Expectation,
    test: &TestCase,
    periods: &BTreeSet<&str>,
    cycle: Option<Period>,
) -> Option<String> {
    if let Some(period) = spec.period.as_ref().or(test.period.as_ref()) {
        return check_period(cx, period, cycle).then(|| period.get_ref().clone());
    }
    if let [only] = periods.iter().collect::<Vec<_>>()[..] {
        return Some(only.to_string());
    }
    let help =
        "add `period = \"...\"` to the expectation: the test's records cover several periods";
    cx.error(
        "test::no-period",
        spec.employee.span(),
        "the expectation names no period",
        "which period?",
        help,
    );
    None
}

fn fill(cx: &mut Context, spec: &Expectation, expected: &mut Expected) {
    let names = cx.names;
    expected.composite = spec.composite.as_ref().and_then(|c| score(cx, c, "composite"));
    if let Some(grade) = &spec.grade {
        if names.grades.iter().any(|g| g == grade.get_ref()) {
            expected.grade = Some(grade.get_ref().clone());
        } else {
            let help = suggest(grade.get_ref(), &names.grades, "the scheme's grades");
            cx.error(
                "test::unknown-grade",
                grade.span(),
                format!("the scheme has no grade `{}`", grade.get_ref()),
                "unknown grade",
                help,
            );
        }
    }
    if let Some(rank) = &spec.rank {
        if *rank.get_ref() == 0 {
            cx.error(
                "test::bad-value",
                rank.span(),
                "rank 0 does not exist",
                "here",
                "ranks start at 1",
            );
        } else {
            expected.rank = Some(*rank.get_ref());
        }
    }
    expected.actions = spec
        .actions
        .as_ref()
        .map(|list| ids(cx, list.get_ref(), &names.actions, "test::unknown-action", "action"));
    expected.failed_gates = spec.failed_gates.as_ref().map(|list| {
        let gates: Vec<String> = names.gates.iter().cloned().collect();
        ids(cx, list.get_ref(), &gates, "test::unknown-gate", "critical indicator")
    });
    expected.bonus = spec.bonus.as_ref().and_then(|m| money(cx, m, "bonus"));
    expected.deduction = spec.deduction.as_ref().and_then(|m| money(cx, m, "deduction"));
    for (id, literal) in spec.points.iter().flatten() {
        if !names.nodes.contains(id.get_ref()) {
            let help = suggest(id.get_ref(), &names.nodes, "the scheme's indicators and groups");
            cx.error(
                "test::unknown-indicator",
                id.span(),
                format!("the scheme has no indicator or group `{}`", id.get_ref()),
                "unknown indicator",
                help,
            );
        } else if let Some(points) = score(cx, literal, &format!("points of {}", id.get_ref())) {
            expected.points.push((id.get_ref().clone(), points));
        }
    }
    if let Some(due) = &spec.due {
        match values::read_date(due) {
            Ok(date) => expected.due = Some(date),
            Err(err) => {
                cx.error(err.code, due.span(), format!("due: {}", err.problem), "here", err.help)
            }
        }
    }
}

/// A composite or points: an exact number with no more decimals than the scheme shows.
fn score(cx: &mut Context, literal: &Literal, what: &str) -> Option<Decimal> {
    let value = match values::read(cx.file, literal, &Kind::Number) {
        Ok(value) => value,
        Err(err) => {
            cx.error(
                err.code,
                literal.span(),
                format!("{what}: {}", err.problem),
                "here",
                err.help,
            );
            return None;
        }
    };
    let precision = cx.names.precision;
    if value.normalize().scale() > precision {
        let rounded = value.round_dp_with_strategy(
            precision,
            rust_decimal::RoundingStrategy::MidpointAwayFromZero,
        );
        let problem =
            format!("{what} {value} has more decimals than the scheme's precision ({precision})");
        let help =
            format!("scores are compared as shown, at {precision} decimals: write {rounded}");
        cx.error("test::too-precise", literal.span(), problem, "too many decimals", help);
        return None;
    }
    Some(value)
}

fn money(cx: &mut Context, literal: &Literal, what: &str) -> Option<Money> {
    match values::read_money(cx.file, literal) {
        Ok((amount, currency)) => Some(Money { amount, currency }),
        Err(err) => {
            cx.error(
                err.code,
                literal.span(),
                format!("{what}: {}", err.problem),
                "here",
                "write a total such as `100` or `\"100 CNY\"`",
            );
            None
        }
    }
}

/// A list of identifiers, each of which must be in `known`.
fn ids(
    cx: &mut Context,
    list: &[Text],
    known: &[String],
    code: &str,
    what: &str,
) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for id in list {
        if known.iter().any(|k| k == id.get_ref()) {
            out.insert(id.get_ref().clone());
        } else {
            let help = suggest(id.get_ref(), known, &format!("the scheme's {what}s"));
            cx.error(
                code,
                id.span(),
                format!("the scheme has no {what} `{}`", id.get_ref()),
                &format!("unknown {what}"),
                help,
            );
        }
    }
    out
}
