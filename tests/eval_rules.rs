//! The engine's rules (BRIEF.md section 2) on schemes written in merit and data in CSV:
//! every expectation is computed by hand, the arithmetic next to it.

use merit::ast::Scheme;
use merit::eval::dataset::Dataset;
use merit::eval::load::{LoadOptions, load_bytes};
use merit::eval::result::{EmployeeResult, Evaluation};
use merit::eval::{EvalOptions, evaluate};
use rust_decimal::Decimal;

fn scheme(body: &str) -> Scheme {
    let text = format!("scheme \"Rules\"\ncycle monthly from 2011-01-01\ncurrency CNY\n{body}");
    match merit::syntax::parse_bytes("rules.merit", text.as_bytes()) {
        Ok((_, parsed)) => parsed.scheme,
        Err(errors) => panic!("{}", merit::diagnostic::render(&errors, false)),
    }
}

fn data(scheme: &Scheme, csv: &str) -> Dataset {
    match load_bytes("data.csv", csv.as_bytes(), &[scheme], &LoadOptions::default()) {
        Ok((dataset, _)) => dataset,
        Err(errors) => panic!("{}", merit::diagnostic::render(&errors, false)),
    }
}

fn run(scheme: &Scheme, csv: &str) -> Evaluation {
    let dataset = data(scheme, csv);
    match evaluate(&[scheme], &dataset, &EvalOptions::default()) {
        Ok(evaluation) => evaluation,
        Err(errors) => panic!("{}", merit::diagnostic::render(&errors, false)),
    }
}

fn error_codes(scheme: &Scheme, csv: &str) -> Vec<String> {
    let dataset = data(scheme, csv);
    match evaluate(&[scheme], &dataset, &EvalOptions::default()) {
        Ok(_) => panic!("evaluated without error"),
        Err(errors) => errors.into_iter().map(|e| e.code).collect(),
    }
}

fn employee<'a>(evaluation: &'a Evaluation, id: &str, period: &str) -> &'a EmployeeResult {
    evaluation.employee(id, period).unwrap_or_else(|| panic!("no {id} in {period}"))
}

fn points(evaluation: &Evaluation, id: &str, indicator: &str) -> Decimal {
    let e = employee(evaluation, id, "2011-06");
    e.node(indicator).and_then(|n| n.points).expect("points")
}

fn d(text: &str) -> Decimal {
    text.parse().expect("decimal")
}

/// Who got action `name` in `period`, sorted.
fn fired(evaluation: &Evaluation, period: &str, name: &str) -> Vec<String> {
    let mut ids: Vec<String> = evaluation.schemes[0]
        .periods
        .iter()
        .filter(|p| p.period == period)
        .flat_map(|p| &p.employees)
        .filter(|e| e.actions.iter().any(|a| a.action == name))
        .map(|e| e.employee.clone())
        .collect();
    ids.sort();
    ids
}

const RULES: &str = r#"
indicator conversion "Conversion" weight 20% {
  unit percent
  higher is better
  score threshold 20% target 45% stretch 60% cap 120
}
indicator response "Response time" weight 20% {
  unit duration
  lower is better
  score bands {
    ..20s => 100
    20s..40s => 80
    40s..1m => 60
    else => 0
  }
}
indicator refunds "Refund ratio" weight 20% {
  unit percent
  lower is better
  score curve {
    0% => 100
    3% => 80
    8% => 0
  }
}
indicator amount "Order amount" weight 20% {
  unit currency CNY
  higher is better
  score ratio target 60000 CNY cap 120
}
indicator accuracy "Report accuracy" weight 20% {
  unit percent
  higher is better
  score pass if value >= 98%
}
"#;

#[test]
fn each_scoring_rule_by_hand() {
    let s = scheme(RULES);
    let csv = "employee,period,conversion,response,refunds,amount,accuracy\n\
               e1,2011-06,54%,40,5%,45000,98%\n\
               e2,2011-06,10%,19.5,1.5%,90000,97.9%\n";
    let r = run(&s, csv);
    // conversion 54%: 100 + (54 − 45) × (120 − 100)/(60 − 45) = 100 + 12 = 112.
    assert_eq!(points(&r, "e1", "conversion"), d("112"));
    // response 40s: not in 20s..40s (upper end excluded), in 40s..1m → 60.
    assert_eq!(points(&r, "e1", "response"), d("60"));
    // refunds 5%: 80 + (5 − 3) × (0 − 80)/(8 − 3) = 80 − 32 = 48.
    assert_eq!(points(&r, "e1", "refunds"), d("48"));
    // amount: 100 × 45000/60000 = 75.
    assert_eq!(points(&r, "e1", "amount"), d("75"));
    // accuracy 98% >= 98% → 100.
    assert_eq!(points(&r, "e1", "accuracy"), d("100"));
    // composite = (20×112 + 20×60 + 20×48 + 20×75 + 20×100)/100 = 79.
    assert_eq!(employee(&r, "e1", "2011-06").composite, d("79"));
    // e2: conversion below threshold → 0; 19.5s → 100; refunds 1.5% → 100 − 1.5×20/3 = 90;
    // amount 100 × 90000/60000 = 150 → cap 120; accuracy 97.9% → 0.
    let e2: Vec<Decimal> = ["conversion", "response", "refunds", "amount", "accuracy"]
        .iter()
        .map(|i| points(&r, "e2", i))
        .collect();
    assert_eq!(e2, [d("0"), d("100"), d("90"), d("120"), d("0")]);
    // composite = 0.2 × (0 + 100 + 90 + 120 + 0) = 62.
    assert_eq!(employee(&r, "e2", "2011-06").composite, d("62"));
}

const RATED: &str = r#"
rater self self "The appraisee" weight 30%
rater boss manager "Store manager" weight 70%
scale five "Five-point" {
  1 "Far below"
  2 "Below"
  3 "Meets"
  4 "Above"
  5 "Outstanding"
}
indicator work "Work" weight 100% {
  definition "Completion of assigned work"
  rated on five by self, boss
  missing zero
}
"#;

#[test]
fn raters_weigh_in_by_their_declared_weights() {
    let s = scheme(RATED);
    let csv = "employee,period,work@self,work@boss\n\
               e1,2011-06,5,3\n\
               e2,2011-06,,4\n\
               e3,2011-06,,\n";
    let r = run(&s, csv);
    // e1: self 5 → 100 × (5 − 1)/4 = 100, boss 3 → 50: (30 × 100 + 70 × 50)/100 = 65.
    assert_eq!(employee(&r, "e1", "2011-06").composite, d("65"));
    // e2: only the boss rated, 4 → 75: 70 × 75/70 = 75.
    assert_eq!(employee(&r, "e2", "2011-06").composite, d("75"));
    // e3: nobody rated → missing → `missing zero` → 0.
    let e3 = employee(&r, "e3", "2011-06");
    assert_eq!((e3.composite, e3.node("work").map(|n| n.missing)), (d("0"), Some(true)));
}

#[test]
fn a_rating_outside_the_scale_is_an_error() {
    let s = scheme(RATED);
    let dataset = data(&s, "employee,period,work@self,work@boss\ne1,2011-06,5,3\n");
    let mut dataset = dataset;
    if let Some((_, cell)) = dataset.records[0].ratings.iter_mut().next() {
        cell.value = d("7");
    }
    let errors = evaluate(&[&s], &dataset, &EvalOptions::default()).expect_err("rating 7");
    assert_eq!(errors[0].code, "eval::rating-outside-scale");
}

const GATED: &str = r#"
indicator quality "Quality" weight 50% {
  unit percent
  higher is better
  score threshold 80% target 100%
  critical gate points >= 60
}
indicator accuracy "Accuracy" weight 50% {
  unit percent
  higher is better
  score threshold 0% target 100%
  critical gate value >= 99%
}
action top "Top" {
  when top 1
  note "best"
}
"#;

#[test]
fn a_failed_gate_zeroes_the_composite() {
    let s = scheme(GATED);
    let csv = "employee,period,quality,accuracy\n\
               e1,2011-06,100%,98%\n\
               e2,2011-06,90%,99%\n\
               e3,2011-06,91%,99.5%\n";
    let r = run(&s, csv);
    // e1: quality 100 points, accuracy 98 points but value 98% < 99% → gate fails → 0.
    let e1 = employee(&r, "e1", "2011-06");
    assert_eq!((e1.composite, e1.failed_gates.clone()), (d("0"), vec!["accuracy".to_string()]));
    assert_eq!(e1.node("accuracy").and_then(|n| n.points), Some(d("98")));
    // e2: quality (90 − 80) × 100/20 = 50 < 60 → gate fails → 0.
    assert_eq!(employee(&r, "e2", "2011-06").failed_gates, ["quality"]);
    // e3: quality 55 < 60 → fails too: all three 0, all share rank 1 and `top 1`.
    assert_eq!(fired(&r, "2011-06", "top"), ["e1", "e2", "e3"]);
}

const MISSING: &str = r#"
missing error
group sales "Sales" weight 60% {
  missing reweight
  indicator a "A" weight 50% {
    unit percent
    higher is better
    score threshold 0% target 100%
  }
  indicator b "B" weight 30% {
    unit percent
    higher is better
    score threshold 0% target 100%
    missing zero
  }
  indicator c "C" weight 20% {
    unit percent
    higher is better
    score threshold 0% target 100%
  }
}
indicator d "D" weight 40% {
  unit percent
  higher is better
  score threshold 0% target 100%
}
"#;

#[test]
fn missing_data_policies_inherit_indicator_group_scheme() {
    let s = scheme(MISSING);
    let csv = "employee,period,a,b,c,d\n\
               e1,2011-06,80%,,,50%\n";
    let r = run(&s, csv);
    let e1 = employee(&r, "e1", "2011-06");
    // b: own `missing zero` → 0. c: the group's `reweight` → left out.
    // sales = (50 × 80 + 30 × 0)/(50 + 30) = 50; composite = 0.6 × 50 + 0.4 × 50 = 50.
    assert_eq!(e1.composite, d("50"));
    // Effective weights among what is left: a 50/80 = 62.5%, b 30/80 = 37.5%.
    assert_eq!(e1.node("a").map(|n| n.effective_weight), Some(d("62.5")));
    assert_eq!(e1.node("c").and_then(|n| n.points), None);
    // d has the scheme's `missing error`.
    let codes = error_codes(&s, "employee,period,a,b,c,d\ne1,2011-06,80%,,,\n");
    assert_eq!(codes, ["eval::missing-value"]);
}

const RANKED: &str = r#"
indicator score "Score" weight 100% {
  unit count
  higher is better
  score threshold 0 target 100
}
grades by rank {
  A "Top" quota 20%
  B "Middle" quota 60%
  C "Bottom" quota 20%
}
action bonus "Rank 1" {
  when top 1
  bonus 100 CNY to bonus
}
action deduction "Last" {
  when last
  deduct 100 CNY from commission
}
action plan "Bottom two" {
  when bottom 2
  improvement plan "Analyse the causes" due 7 days after notice
}
action best "Top 20%" {
  when top 20%
  note "top fifth"
}
action reassign "Last three months running" {
  when last for 3 consecutive cycles
  review "Consider reassignment"
}
"#;

#[test]
fn ties_share_ranks_and_fates() {
    let s = scheme(RANKED);
    // 90, 90, 70, 60, 60: ranks 1, 1, 3, 4, 4; reverse ranks 4, 4, 3, 1, 1.
    let csv = "employee,period,score\n\
               a,2011-06,90\nb,2011-06,90\nc,2011-06,70\nd,2011-06,60\ne,2011-06,60\n";
    let r = run(&s, csv);
    assert_eq!(fired(&r, "2011-06", "bonus"), ["a", "b"]);
    // A tie at the last place: both are last.
    assert_eq!(fired(&r, "2011-06", "deduction"), ["d", "e"]);
    assert_eq!(fired(&r, "2011-06", "plan"), ["d", "e"]);
    // top 20% of 5 → rank ≤ ceil(1) = 1: the tied pair.
    assert_eq!(fired(&r, "2011-06", "best"), ["a", "b"]);
    // Forced distribution: A to rank ≤ 1 (both 90s), B to rank ≤ ceil(0.8 × 5) = 4
    // (c and the tied 60s), C to the rest (nobody).
    let grades: Vec<String> = r.schemes[0].periods[0]
        .employees
        .iter()
        .map(|e| e.grade.as_ref().map(|g| g.id.clone()).unwrap_or_default())
        .collect();
    assert_eq!(grades, ["A", "A", "B", "B", "B"]);
    // Money: two bonuses, two deductions.
    let totals: Vec<(String, u32)> = r.schemes[0].periods[0]
        .summary
        .totals
        .iter()
        .map(|t| (t.total.to_string(), t.count))
        .collect();
    assert_eq!(totals, [("200".to_string(), 2), ("200".to_string(), 2)]);
}

#[test]
fn a_tie_at_the_bottom_two_boundary_gives_three_plans() {
    let s = scheme(RANKED);
    // 90, 80, 70, 70, 60: reverse ranks 5, 4, 2, 2, 1 → bottom 2 = the two 70s and the 60.
    let csv = "employee,period,score\n\
               a,2011-06,90\nb,2011-06,80\nc,2011-06,70\nd,2011-06,70\ne,2011-06,60\n";
    let r = run(&s, csv);
    assert_eq!(fired(&r, "2011-06", "plan"), ["c", "d", "e"]);
    let e = employee(&r, "e", "2011-06");
    let plan = e.actions.iter().find(|a| a.action == "plan").expect("plan");
    // Notice: the day after June ends, 2011-07-01; due 7 days later.
    assert_eq!(plan.due.map(|d| d.to_string()).as_deref(), Some("2011-07-08"));
}

#[test]
fn last_three_months_running_fires_a_review() {
    let s = scheme(RANKED);
    let csv = "employee,period,score\n\
               a,2011-06,90\nb,2011-06,80\nc,2011-06,10\n\
               a,2011-07,90\nb,2011-07,80\nc,2011-07,10\n\
               a,2011-08,90\nb,2011-08,80\nc,2011-08,10\n\
               a,2011-09,90\nb,2011-09,10\n\
               a,2011-10,90\nb,2011-10,80\nc,2011-10,10\n";
    let r = run(&s, csv);
    assert!(fired(&r, "2011-07", "reassign").is_empty());
    assert_eq!(fired(&r, "2011-08", "reassign"), ["c"]);
    let c = employee(&r, "c", "2011-08");
    let review = c.actions.iter().find(|a| a.action == "reassign").expect("review");
    assert!(review.facts.contains(&"last in 2011-06, 2011-07, 2011-08".to_string()));
    // September: c has no record and b is last; October: c's streak restarted at 1.
    assert_eq!(fired(&r, "2011-09", "deduction"), ["b"]);
    assert!(fired(&r, "2011-10", "reassign").is_empty());
}

#[test]
fn founding_scheme_by_hand() {
    let root = env!("CARGO_MANIFEST_DIR");
    let text = std::fs::read(format!("{root}/policies/online-shop-cs.merit")).expect("scheme");
    let (_, parsed) = merit::syntax::parse_bytes("online-shop-cs.merit", &text).expect("parses");
    let csv =
        std::fs::read_to_string(format!("{root}/policies/data/online-shop-cs.csv")).expect("data");
    let r = run(&parsed.scheme, &csv);
    let e01 = employee(&r, "E01", "2011-06");
    // E01, June (46.7%, 33s, 13.9%, 64471.99, 96.0%, 87.6%, 2.4%, 157.91, 1.1%, 1.9%, 0,
    // 98.6%, ratings 5 5 5 4 4 4):
    // chat = 0.4 × (100 + 1.7 × 20/15) + 0.3 × 80 + 0.3 × (100 − 3.9 × 5) = 40.9067 + 24 + 24.15
    //      = 89.0567
    // orders = 0.2 × (107.4533 + 88.8889 + 92 + 84 + 101.582) = 94.7848
    // other = 0.5 × 78 + 0.5 × 82 = 80
    // service = 0.4 × 89.0567 + 0.4 × 94.7848 + 0.2 × 80 = 89.5366
    // management = 100; appraisal = 0.3 × 100 + 0.7 × (100 + 75 + 75 + 75)/4 = 86.875
    // composite = 0.6 × 89.5366 + 0.15 × 100 + 0.25 × 86.875 = 90.4407 → 90.44, rank 1, A.
    assert_eq!(e01.composite_rounded.to_string(), "90.44");
    assert_eq!(e01.node("chat").and_then(|n| n.points).map(|p| p.round_dp(4)), Some(d("89.0567")));
    assert_eq!(e01.node("appraisal").and_then(|n| n.points), Some(d("86.875")));
    assert_eq!((e01.rank, e01.grade.as_ref().map(|g| g.id.as_str())), (1, Some("A")));
    assert_eq!(fired(&r, "2011-06", "monthly_bonus"), ["E01"]);
}

#[test]
fn a_failed_gate_gets_the_lowest_grade_even_under_forced_distribution() {
    // A 50%, B 50% of n = 2: A to rank ≤ ceil(1) = 1, B to rank ≤ ceil(2) = 2; with n = 4 and
    // A 20%, B 80%, the quota alone would give everyone after rank 1 grade B. The gated
    // employee's composite is 0 and BRIEF says "and so the lowest grade": C, although the
    // quotas (A 25%, B 75%, C 0% → rank ≤ 1, rank ≤ 4) leave C no slot.
    let scheme = scheme(
        r#"
indicator compliance "Compliance" weight 100% {
  unit percent
  higher is better
  score threshold 50% target 100%
  critical gate value >= 100%
}
grades by rank {
  A "Top" quota 25%
  B "Middle" quota 75%
  C "Bottom" quota 0%
}
"#,
    );
    let evaluation = run(
        &scheme,
        "employee,period,compliance\nE1,2011-06,100\nE2,2011-06,100\nE3,2011-06,100\nE4,2011-06,90\n",
    );
    let grade =
        |id: &str| employee(&evaluation, id, "2011-06").grade.as_ref().map(|g| g.id.clone());
    assert_eq!(employee(&evaluation, "E4", "2011-06").composite, Decimal::ZERO);
    assert_eq!(grade("E4").as_deref(), Some("C"));
    // E1..E3 tie at 100 (rank 1, ≤ ceil(0.25 × 4) = 1): all A.
    assert_eq!(grade("E1").as_deref(), Some("A"));
}
