//! Comparing expectations with an engine result: what matches, and how a mismatch reads.

use chrono::NaiveDate;

use super::*;
use crate::eval::result::{ActionRecord, GradeRef, SchemeEvaluation};

fn action(id: &str, kind: ActionKind, amount: Option<i64>, due: Option<NaiveDate>) -> ActionRecord {
    ActionRecord {
        action: id.into(),
        label: None,
        kind,
        amount: amount.map(Decimal::from),
        currency: amount.map(|_| "CNY".into()),
        component: None,
        due,
        text: None,
        facts: vec![],
    }
}

/// E1 in 2011-06: composite 76.305 (76.31), rank 4 of 4, grade B, a deduction of 100
/// CNY and an improvement plan due 2011-07-08.
fn evaluation() -> Evaluation {
    let due = NaiveDate::from_ymd_opt(2011, 7, 8);
    let json = serde_json::json!({
        "employee": "E1", "period": "2011-06", "scope": null,
        "composite": "76.305", "composite_rounded": "76.31",
        "rank": 4, "reverse_rank": 1, "ranked_count": 4,
        "grade": null, "failed_gates": [], "indicators": [], "actions": [], "source": null
    });
    let mut employee: EmployeeResult = serde_json::from_value(json).unwrap();
    employee.grade = Some(GradeRef { id: "B".into(), label: None });
    employee.actions = vec![
        action("last_place_deduction", ActionKind::Deduction, Some(100), None),
        action("improvement_plan", ActionKind::ImprovementPlan, None, due),
    ];
    let period = serde_json::json!({
        "period": "2011-06", "start": "2011-06-01", "end": "2011-06-30",
        "notice_date": "2011-07-01", "employees": [],
        "summary": {"employees": 1, "grades": [], "totals": [], "quota_warnings": []}
    });
    let mut period: crate::eval::result::PeriodEvaluation = serde_json::from_value(period).unwrap();
    period.employees.push(employee);
    let scheme = SchemeEvaluation {
        scheme: "cs".into(),
        version: None,
        role: None,
        precision: 2,
        currency: Some("CNY".into()),
        periods: vec![period],
    };
    Evaluation { format_version: 1, schemes: vec![scheme], warnings: vec![] }
}

fn expect() -> Expected {
    Expected { employee: "E1".into(), period: "2011-06".into(), line: 3, ..Expected::default() }
}

fn money(amount: i64, currency: Option<&str>) -> Option<Money> {
    Some(Money { amount: Decimal::from(amount), currency: currency.map(str::to_string) })
}

#[test]
fn matching_expectations_give_no_failure() {
    let expected = Expected {
        composite: Some(Decimal::new(7631, 2)),
        grade: Some("B".into()),
        rank: Some(4),
        actions: Some(["improvement_plan".to_string(), "last_place_deduction".to_string()].into()),
        bonus: money(0, None),
        deduction: money(100, Some("CNY")),
        failed_gates: Some(BTreeSet::new()),
        due: NaiveDate::from_ymd_opt(2011, 7, 8),
        ..expect()
    };
    assert!(compare(&evaluation(), &expected, 2).is_none());
}

#[test]
fn each_difference_is_shown_as_expected_and_actual() {
    let expected = Expected {
        composite: Some(Decimal::new(763, 1)),
        grade: Some("A".into()),
        rank: Some(1),
        actions: Some(BTreeSet::new()),
        bonus: money(100, None),
        deduction: money(100, Some("EUR")),
        due: NaiveDate::from_ymd_opt(2011, 7, 12),
        points: vec![("conversion".into(), Decimal::from(60))],
        ..expect()
    };
    let failure = compare(&evaluation(), &expected, 2).unwrap();
    let shown: Vec<(&str, &str, &str)> = failure
        .mismatches
        .iter()
        .map(|m| (m.what.as_str(), m.expected.as_str(), m.actual.as_str()))
        .collect();
    assert_eq!(
        shown,
        [
            ("composite", "76.30", "76.31"),
            ("grade", "A", "B"),
            ("rank", "1", "4 of 4"),
            ("actions", "none", "improvement_plan, last_place_deduction"),
            ("bonus", "100", "0"),
            ("deduction", "100 EUR", "100 CNY"),
            ("points of conversion", "60.00", "none (left out)"),
            ("due", "2011-07-12", "2011-07-08"),
        ]
    );
}

#[test]
fn an_employee_without_a_result_is_a_failure() {
    let expected = Expected { period: "2011-07".into(), rank: Some(1), ..expect() };
    let failure = compare(&evaluation(), &expected, 2).unwrap();
    assert_eq!(failure.mismatches[0].what, "result");
    assert!(failure.result.is_none());
}
