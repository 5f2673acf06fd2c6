//! Engine tests of ranking, grades, actions and streaks through [`evaluate`]. Each employee's
//! composite is set directly: one indicator scored 0% → 0 points, 100% → 100 points, so the
//! value given is the composite.

use chrono::NaiveDate;

use crate::ast::*;
use crate::eval::dataset::{Dataset, Record};
use crate::eval::result::{ActionKind, EmployeeResult, Evaluation};
use crate::eval::testing::*;
use crate::eval::{EvalOptions, evaluate};

fn plain(actions: Vec<crate::source::Spanned<Action>>) -> Scheme {
    let mut s = scheme(vec![measured("c", "100", targets("0", "100"))]);
    s.actions = actions;
    s
}

/// Records `(employee, composite)` in one period.
fn people(period: &str, scores: &[(&str, &str)]) -> Vec<Record> {
    scores.iter().map(|(e, v)| record(e, period, &[("c", v)], &[])).collect()
}

fn run(scheme: &Scheme, records: Vec<Record>) -> Evaluation {
    evaluate(&[scheme], &Dataset { records }, &EvalOptions::default()).unwrap()
}

fn employees(evaluation: &Evaluation, period: usize) -> &[EmployeeResult] {
    &evaluation.schemes[0].periods[period].employees
}

/// Employees (sorted) for whom action `name` fired in the period.
fn fired(evaluation: &Evaluation, period: usize, name: &str) -> Vec<String> {
    let mut ids: Vec<String> = employees(evaluation, period)
        .iter()
        .filter(|e| e.actions.iter().any(|a| a.action == name))
        .map(|e| e.employee.clone())
        .collect();
    ids.sort();
    ids
}

fn top(k: u32) -> Condition {
    Condition::Top(sp(Count::People(k)))
}
fn bottom(k: u32) -> Condition {
    Condition::Bottom(sp(Count::People(k)))
}
fn note() -> Vec<Effect> {
    vec![Effect::Note(sp("noted".into()))]
}

#[test]
fn top_bottom_and_last_with_ties() {
    // 90, 80, 80, 70: ranks 1, 2, 2, 4; reverse ranks 4, 2, 2, 1.
    let s = plain(vec![
        action("top", top(1), None, note()),
        action("bottom", bottom(2), None, note()),
        action("last", Condition::Last, None, note()),
    ]);
    let r = run(&s, people("2011-06", &[("a", "90"), ("b", "80"), ("c", "80"), ("d", "70")]));
    assert_eq!(fired(&r, 0, "top"), ["a"]);
    // A tie at the bottom-two boundary: reverse ranks 2, 2, 1 → three people.
    assert_eq!(fired(&r, 0, "bottom"), ["b", "c", "d"]);
    assert_eq!(fired(&r, 0, "last"), ["d"]);
    let a = &employees(&r, 0)[0];
    assert_eq!(a.actions[0].facts, ["rank 1 of 4"]);
    let d = &employees(&r, 0)[3];
    assert_eq!((d.rank, d.reverse_rank, d.ranked_count), (4, 1, 4));
}

#[test]
fn a_tie_at_the_last_place_makes_both_last() {
    let s = plain(vec![action("last", Condition::Last, None, note())]);
    let r = run(&s, people("2011-06", &[("a", "90"), ("b", "70"), ("c", "70")]));
    assert_eq!(fired(&r, 0, "last"), ["b", "c"]);
    let b = employees(&r, 0).iter().find(|e| e.employee == "b").unwrap();
    assert_eq!(b.actions[0].facts, ["rank 2 of 3, last"]);
}

#[test]
fn top_and_bottom_percent_round_up() {
    // 12 people scoring 100, 95, ..., 45. top 10% → rank ≤ ceil(1.2) = 2;
    // bottom 25% → reverse rank ≤ ceil(3) = 3.
    let pct = |p: &str| sp(Count::Percent(d(p)));
    let s = plain(vec![
        action("top10", Condition::Top(pct("10")), None, note()),
        action("bottom25", Condition::Bottom(pct("25")), None, note()),
    ]);
    let names: Vec<String> = (0..12).map(|i| format!("e{i:02}")).collect();
    let scores: Vec<String> = (0..12).map(|i| (100 - 5 * i).to_string()).collect();
    let pairs: Vec<(&str, &str)> =
        names.iter().zip(&scores).map(|(n, s)| (n.as_str(), s.as_str())).collect();
    let r = run(&s, people("2011-06", &pairs));
    assert_eq!(fired(&r, 0, "top10"), ["e00", "e01"]);
    assert_eq!(fired(&r, 0, "bottom25"), ["e09", "e10", "e11"]);
    let second = &employees(&r, 0)[1];
    assert_eq!(second.actions[0].facts, ["rank 2 of 12 (top 10% = rank ≤ 2)"]);
}

#[test]
fn rank_grade_score_and_indicator_conditions() {
    let s = {
        let mut s = plain(vec![
            action("rank", Condition::Rank(cmp(CmpOp::Le, "2")), None, note()),
            action("grade", Condition::Grade(vec![id("A")]), None, note()),
            action("score", Condition::Score(cmp(CmpOp::Lt, "75")), None, note()),
            action(
                "value",
                Condition::Indicator {
                    target: id("c"),
                    subject: Subject::Value,
                    comparison: cmp(CmpOp::Gt, "85"),
                },
                None,
                note(),
            ),
            action(
                "not_points",
                Condition::Not(Box::new(sp(Condition::Indicator {
                    target: id("c"),
                    subject: Subject::Points,
                    comparison: cmp(CmpOp::Ge, "80"),
                }))),
                None,
                note(),
            ),
        ]);
        s.grades = Some(sp(Grades {
            method: sp(GradeMethod::Score),
            grades: vec![
                sp(Grade {
                    id: id("A"),
                    label: None,
                    at_least: Some(sp(d("90"))),
                    otherwise: false,
                    quota: None,
                }),
                sp(Grade {
                    id: id("B"),
                    label: None,
                    at_least: None,
                    otherwise: true,
                    quota: None,
                }),
            ],
        }));
        s
    };
    let r = run(&s, people("2011-06", &[("a", "95"), ("b", "89.995"), ("c", "70")]));
    assert_eq!(fired(&r, 0, "rank"), ["a", "b"]);
    assert_eq!(fired(&r, 0, "grade"), ["a", "b"]); // 89.995 shows as 90.00: grade A
    assert_eq!(fired(&r, 0, "score"), ["c"]);
    assert_eq!(fired(&r, 0, "value"), ["a", "b"]);
    assert_eq!(fired(&r, 0, "not_points"), ["c"]);
    let c = employees(&r, 0).iter().find(|e| e.employee == "c").unwrap();
    let facts: Vec<&str> =
        c.actions.iter().flat_map(|a| a.facts.iter().map(String::as_str)).collect();
    assert_eq!(facts, ["score 70.00", "c points 70.00"]);
}

#[test]
fn forced_distribution_tie_at_the_quota_boundary() {
    // n = 5, A 20% → rank ≤ ceil(1) = 1, B 60% → rank ≤ ceil(4) = 4, C the rest.
    // 90, 90 share rank 1 → both A; 70 (rank 3) and 60 (rank 4) → B; 50 (rank 5) → C.
    let mut s = plain(vec![]);
    let grade = |name: &str, q: &str| {
        sp(Grade {
            id: id(name),
            label: None,
            at_least: None,
            otherwise: false,
            quota: Some(sp(d(q))),
        })
    };
    s.grades = Some(sp(Grades {
        method: sp(GradeMethod::Rank),
        grades: vec![grade("A", "20"), grade("B", "60"), grade("C", "20")],
    }));
    let r = run(
        &s,
        people("2011-06", &[("a", "90"), ("b", "90"), ("c", "70"), ("d", "60"), ("e", "50")]),
    );
    let grades: Vec<&str> =
        employees(&r, 0).iter().map(|e| e.grade.as_ref().unwrap().id.as_str()).collect();
    assert_eq!(grades, ["A", "A", "B", "B", "C"]);
    let counts: Vec<u32> = r.schemes[0].periods[0].summary.grades.iter().map(|g| g.count).collect();
    assert_eq!(counts, [2, 2, 1]);
}

#[test]
fn score_grade_quota_is_a_warning() {
    // A (≥ 90) quota 20% of 4 = 0.8: two people with A is more.
    let mut s = plain(vec![]);
    s.grades = Some(sp(Grades {
        method: sp(GradeMethod::Score),
        grades: vec![
            sp(Grade {
                id: id("A"),
                label: None,
                at_least: Some(sp(d("90"))),
                otherwise: false,
                quota: Some(sp(d("20"))),
            }),
            sp(Grade { id: id("B"), label: None, at_least: None, otherwise: true, quota: None }),
        ],
    }));
    let r = run(&s, people("2011-06", &[("a", "95"), ("b", "92"), ("c", "70"), ("d", "60")]));
    let warnings = &r.schemes[0].periods[0].summary.quota_warnings;
    assert_eq!((warnings.len(), warnings[0].count, warnings[0].ranked_count), (1, 2, 4));
    assert_eq!(r.warnings[0].code, "eval::grade-quota");
}

fn three_months(c_scores: [Option<&str>; 3]) -> Vec<Record> {
    let mut records = Vec::new();
    for (month, c) in ["2011-06", "2011-07", "2011-08"].iter().zip(c_scores) {
        records.extend(people(month, &[("a", "90"), ("b", "80")]));
        if let Some(score) = c {
            records.extend(people(month, &[("c", score)]));
        }
    }
    records
}

#[test]
fn streak_of_three_lasts_fires_in_the_third_month() {
    let s = plain(vec![action(
        "reassign",
        Condition::Last,
        Some(3),
        vec![Effect::Review(sp("reassign".into()))],
    )]);
    let r = run(&s, three_months([Some("10"), Some("10"), Some("10")]));
    assert!(fired(&r, 0, "reassign").is_empty());
    assert!(fired(&r, 1, "reassign").is_empty());
    assert_eq!(fired(&r, 2, "reassign"), ["c"]);
    let c = employees(&r, 2).iter().find(|e| e.employee == "c").unwrap();
    assert_eq!(c.actions[0].facts, ["rank 3 of 3, last", "last in 2011-06, 2011-07, 2011-08"]);
    assert_eq!(c.actions[0].kind, ActionKind::Review);
}

#[test]
fn a_missing_period_breaks_the_streak() {
    // c has no record in July: last in June and August only.
    let s = plain(vec![action("reassign", Condition::Last, Some(3), note())]);
    let r = run(&s, three_months([Some("10"), None, Some("10")]));
    assert!(fired(&r, 2, "reassign").is_empty());
}

#[test]
fn two_lasts_of_three_do_not_fire() {
    // c is last in June and August; in July c scores 85 and b (80) is last.
    let s = plain(vec![action("reassign", Condition::Last, Some(3), note())]);
    let r = run(&s, three_months([Some("10"), Some("85"), Some("10")]));
    assert!(fired(&r, 2, "reassign").is_empty());
}

#[test]
fn money_and_due_dates() {
    let s = plain(vec![
        action(
            "bonus",
            top(1),
            None,
            vec![Effect::Bonus {
                amount: sp(d("100")),
                currency: None,
                component: Some(id("bonus")),
            }],
        ),
        action(
            "deduct",
            Condition::Last,
            None,
            vec![Effect::Deduction {
                amount: sp(d("99.50")),
                currency: Some(sp("USD".into())),
                component: Some(id("commission")),
            }],
        ),
        action(
            "plan",
            bottom(2),
            None,
            vec![Effect::ImprovementPlan {
                text: Some(sp("Analyse".into())),
                due_days: Some(sp(7)),
            }],
        ),
    ]);
    let records = people("2011-06", &[("a", "90"), ("b", "80"), ("c", "70")]);
    let r = run(&s, records.clone());
    let period = &r.schemes[0].periods[0];
    // Default notice date: the day after June ends, 2011-07-01; due 7 days later.
    assert_eq!(period.notice_date, NaiveDate::from_ymd_opt(2011, 7, 1).unwrap());
    let b = &period.employees[1];
    assert_eq!(b.actions[0].due, NaiveDate::from_ymd_opt(2011, 7, 8));
    let a = &period.employees[0];
    assert_eq!(
        (a.actions[0].amount, a.actions[0].currency.as_deref()),
        (Some(d("100")), Some("CNY"))
    );
    let totals: Vec<(ActionKind, Option<&str>, Option<&str>, String)> = period
        .summary
        .totals
        .iter()
        .map(|t| (t.kind, t.component.as_deref(), t.currency.as_deref(), t.total.to_string()))
        .collect();
    assert_eq!(
        totals,
        [
            (ActionKind::Bonus, Some("bonus"), Some("CNY"), "100".to_string()),
            (ActionKind::Deduction, Some("commission"), Some("USD"), "99.50".to_string()),
        ]
    );
    let options =
        EvalOptions { notice_date: NaiveDate::from_ymd_opt(2011, 7, 5), ..EvalOptions::default() };
    let r = evaluate(&[&s], &Dataset { records }, &options).unwrap();
    assert_eq!(
        r.schemes[0].periods[0].employees[1].actions[0].due,
        NaiveDate::from_ymd_opt(2011, 7, 12)
    );
}

#[test]
fn routing_and_period_errors_name_the_row() {
    let mut s = plain(vec![]);
    s.scope = Some(sp(Scope { team: None, role: Some(id("cs_agent")) }));
    let mut wrong_role = record("e1", "2011-06", &[("c", "5")], &[]);
    wrong_role.role = Some("guard".into());
    let bad_period = record("e2", "2011-Q3", &[("c", "5")], &[]);
    let errors = evaluate(
        &[&s],
        &Dataset { records: vec![wrong_role, bad_period] },
        &EvalOptions::default(),
    )
    .unwrap_err();
    let codes: Vec<&str> = errors.iter().map(|e| e.code.as_str()).collect();
    assert_eq!(codes, ["eval::no-scheme-for-role", "eval::period-label"]);
    assert!(errors[0].message.contains("e1") && errors[0].message.contains("data.csv row 2"));
    assert!(errors[1].message.contains("2011-Q3") && errors[1].message.contains("monthly"));
}

#[test]
fn ranking_scope_by_a_column_and_tie_breakers() {
    let mut s = scheme(vec![
        measured("c", "50", targets("0", "100")),
        measured("t", "50", targets("0", "100")),
    ]);
    s.ranking =
        Some(sp(Ranking { scope: Some(sp(RankScope::By(id("team")))), tie_break: vec![id("t")] }));
    let mut records = Vec::new();
    // Team x: a (c 80, t 60) and b (c 60, t 80) both 70 → t breaks the tie: b first.
    for (employee, team, c, t) in
        [("a", "x", "80", "60"), ("b", "x", "60", "80"), ("z", "y", "10", "10")]
    {
        let mut rec = record(employee, "2011-06", &[("c", c), ("t", t)], &[]);
        rec.attributes.insert("team".into(), team.into());
        records.push(rec);
    }
    let r = run(&s, records);
    let ranks: Vec<(&str, Option<&str>, u32, u32)> = employees(&r, 0)
        .iter()
        .map(|e| (e.employee.as_str(), e.scope.as_deref(), e.rank, e.ranked_count))
        .collect();
    assert_eq!(ranks, [("b", Some("x"), 1, 2), ("a", Some("x"), 2, 2), ("z", Some("y"), 1, 1)]);
}

#[test]
fn a_groups_points_are_kept_once_scored_only_when_something_reads_them() {
    // Scores for an output without breakdown keep a group's points only when a tie-breaker
    // or an action's condition reads them (`Plan::groups_read`).
    let base = || {
        scheme(vec![
            group("g", "50", vec![measured("a", "100", targets("0", "100"))]),
            measured("b", "50", targets("0", "100")),
        ])
    };
    let groups_read = |s: &Scheme| crate::eval::plan::Plan::compile(s).unwrap().groups_read;
    let tie_break = |on: &str| Some(sp(Ranking { scope: None, tie_break: vec![id(on)] }));
    let on_points = |target: &str| Condition::Indicator {
        target: id(target),
        subject: Subject::Points,
        comparison: cmp(CmpOp::Lt, "60"),
    };
    let note = || vec![Effect::Note(sp("look".to_string()))];

    let mut leaf_only = base();
    leaf_only.ranking = tie_break("b");
    leaf_only.actions = vec![action("low", on_points("b"), None, note())];
    assert!(!groups_read(&leaf_only), "only an indicator is read");

    let mut by_group_tie = base();
    by_group_tie.ranking = tie_break("g");
    assert!(groups_read(&by_group_tie), "a tie-breaker on a group");

    let mut by_group_action = base();
    by_group_action.actions = vec![action("low", on_points("g"), None, note())];
    assert!(groups_read(&by_group_action), "an action on a group's points");

    let mut by_hook = base();
    let call = HookCall { function: id("odd"), args: vec![id("a")] };
    by_hook.actions = vec![action("odd", Condition::Hook(sp(call)), None, note())];
    assert!(groups_read(&by_hook), "a hook may read anything");
}

#[test]
fn scores_are_read_once_scored_only_by_tie_breakers_gates_and_actions_on_nodes() {
    // What decides whether scores may wait for the output in a temporary file (`eval::spill`):
    // ranks, grades by score and rank-based actions read only the rounded composite.
    let reads =
        |s: &Scheme| crate::eval::plan::Plan::compile(s).unwrap().reads_scores_once_scored();
    let base = || {
        scheme(vec![
            group("g", "50", vec![measured("a", "100", targets("0", "100"))]),
            measured("b", "50", targets("0", "100")),
        ])
    };
    let note = || vec![Effect::Note(sp("look".to_string()))];
    let mut by_rank = base();
    by_rank.actions = vec![
        action("last", Condition::Last, None, note()),
        action("top", Condition::Top(sp(Count::People(1))), Some(3), note()),
    ];
    assert!(!reads(&by_rank), "rank-based actions read the composite only");

    let mut tie = base();
    tie.ranking = Some(sp(Ranking { scope: None, tie_break: vec![id("b")] }));
    assert!(reads(&tie), "a tie-breaker");

    let with_gate = scheme(vec![gated("a", "50"), measured("b", "50", targets("0", "100"))]);
    assert!(reads(&with_gate), "a critical gate");

    for subject in [Subject::Points, Subject::Value] {
        let mut on_node = base();
        let condition =
            Condition::Indicator { target: id("b"), subject, comparison: cmp(CmpOp::Lt, "60") };
        on_node.actions = vec![action("low", condition, None, note())];
        assert!(reads(&on_node), "an action on an indicator's {subject:?}");
    }

    let mut by_hook = base();
    let call = HookCall { function: id("odd"), args: vec![id("a")] };
    by_hook.actions = vec![action("odd", Condition::Hook(sp(call)), None, note())];
    assert!(reads(&by_hook), "a hook may read anything");
}

#[test]
fn a_second_record_of_an_employee_in_a_period_names_the_first() {
    // The loader refuses a file's duplicate rows; records gathered otherwise (several files,
    // a library caller) are checked again when routed, by period label.
    let s = plain(vec![]);
    let first = record("e1", "2011-06", &[("c", "5")], &[]);
    let other = record("e2", "2011-06", &[("c", "6")], &[]);
    let next_month = record("e1", "2011-07", &[("c", "7")], &[]);
    let mut again = record("e1", "2011-06", &[("c", "8")], &[]);
    again.origin.row = 9;
    let records = vec![first, other, next_month, again];
    let errors = evaluate(&[&s], &Dataset { records }, &EvalOptions::default()).unwrap_err();
    let codes: Vec<&str> = errors.iter().map(|e| e.code.as_str()).collect();
    assert_eq!(codes, ["eval::duplicate-record"]);
    assert_eq!(
        errors[0].message,
        "data.csv row 9: employee e1 has a second record for period 2011-06 (the first is data.csv row 2)"
    );
}
