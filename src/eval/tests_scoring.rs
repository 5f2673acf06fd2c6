//! Engine tests of scoring through [`evaluate`]: nested weights, contributions, missing-data
//! policies and their inheritance, rated indicators, gates, precision. Hand-made schemes;
//! the arithmetic is written next to each expectation.

use proptest::prelude::*;
use rust_decimal::Decimal;

use crate::ast::*;
use crate::eval::dataset::{Dataset, Record};
use crate::eval::result::{EmployeeResult, Evaluation};
use crate::eval::testing::*;
use crate::eval::{EvalOptions, evaluate};

fn run(scheme: &Scheme, records: Vec<Record>) -> Result<Evaluation, Vec<crate::Diagnostic>> {
    evaluate(&[scheme], &Dataset { records }, &EvalOptions::default())
}

fn only(evaluation: &Evaluation) -> &EmployeeResult {
    &evaluation.schemes[0].periods[0].employees[0]
}

/// group g1 60% { a 50% (20%→0, 40%→100), b 50% (0→0, 100→100) }, c 40% (0→0, 10→100).
fn nested() -> Scheme {
    scheme(vec![
        group(
            "g1",
            "60",
            vec![
                measured("a", "50", targets("20", "40")),
                measured("b", "50", targets("0", "100")),
            ],
        ),
        measured("c", "40", targets("0", "10")),
    ])
}

fn with_missing(mut scheme: Scheme, node: &str, policy: MissingPolicy) -> Scheme {
    fn walk(nodes: &mut [crate::source::Spanned<Node>], target: &str, policy: MissingPolicy) {
        for node in nodes {
            match &mut node.node {
                Node::Group(g) if g.id.node == target => g.missing = Some(sp(policy)),
                Node::Group(g) => walk(&mut g.children, target, policy),
                Node::Indicator(i) if i.id.node == target => i.missing = Some(sp(policy)),
                Node::Indicator(_) => {}
            }
        }
    }
    if node == "scheme" {
        scheme.missing = Some(sp(policy));
    } else {
        walk(&mut scheme.indicators, node, policy);
    }
    scheme
}

#[test]
fn nested_groups_weights_contributions_and_losses() {
    // a = 30% → (30−20)×100/20 = 50; b = 80 → 80; c = 5 → 50.
    // g1 = (50×50 + 50×80)/100 = 65; composite = (60×65 + 40×50)/100 = 39 + 20 = 59.
    let result =
        run(&nested(), vec![record("e1", "2011-06", &[("a", "30"), ("b", "80"), ("c", "5")], &[])])
            .unwrap();
    let e = only(&result);
    assert_eq!(e.composite, d("59"));
    assert_eq!(e.composite_rounded.to_string(), "59.00");
    let node = |id: &str| e.node(id).unwrap();
    assert_eq!(node("g1").points, Some(d("65")));
    assert_eq!(&*node("g1").path, "g1");
    assert_eq!((&*node("a").path, node("a").depth), ("g1/a", 1));
    // a: 0.6 × 0.5 × 50 = 15 of its possible 0.6 × 0.5 × 100 = 30 → lost 15.
    assert_eq!((node("a").contribution, node("a").lost), (d("15"), d("15")));
    // b: 0.3 × 80 = 24 → lost 6; c: 0.4 × 50 = 20 → lost 20; g1: 0.6 × 65 = 39 → lost 21.
    assert_eq!((node("b").contribution, node("b").lost), (d("24"), d("6")));
    assert_eq!((node("c").contribution, node("c").lost), (d("20"), d("20")));
    assert_eq!((node("g1").contribution, node("g1").lost), (d("39"), d("21")));
    assert_eq!(node("a").target, Some(d("40")));
    let weakest: Vec<&str> = e.weakest(3).iter().map(|n| &*n.id).collect();
    assert_eq!(weakest, ["c", "a", "b"]);
}

#[test]
fn over_achievement_loses_nothing() {
    // a at stretch: threshold 20 target 40 stretch 50 cap 120, value 50 → 120 points.
    let scoring = Scoring::Targets {
        threshold: sp(Quantity::Percent(d("20"))),
        target: sp(Quantity::Percent(d("40"))),
        stretch: Some(Stretch { value: sp(Quantity::Percent(d("50"))), cap: sp(d("120")) }),
    };
    let s = scheme(vec![measured("a", "50", scoring), measured("c", "50", targets("0", "10"))]);
    let result = run(&s, vec![record("e1", "2011-06", &[("a", "50"), ("c", "10")], &[])]).unwrap();
    // composite = (50×120 + 50×100)/100 = 110.
    assert_eq!(only(&result).composite, d("110"));
    assert_eq!(only(&result).node("a").unwrap().lost, d("0"));
}

#[test]
fn missing_error_names_employee_period_indicator_and_row() {
    let errors =
        run(&nested(), vec![record("e7", "2011-06", &[("a", "30"), ("c", "5")], &[])]).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code, "eval::missing-value");
    let message = &errors[0].message;
    for part in ["e7", "2011-06", "`b`", "data.csv row 2"] {
        assert!(message.contains(part), "{message}");
    }
}

#[test]
fn missing_zero_scores_zero() {
    // b missing → 0: g1 = (50×50 + 50×0)/100 = 25; composite = 0.6×25 + 0.4×50 = 35.
    let s = with_missing(nested(), "b", MissingPolicy::Zero);
    let result = run(&s, vec![record("e1", "2011-06", &[("a", "30"), ("c", "5")], &[])]).unwrap();
    let e = only(&result);
    assert_eq!(e.composite, d("35"));
    let b = e.node("b").unwrap();
    assert_eq!(
        (b.points, b.missing, b.missing_policy),
        (Some(d("0")), true, Some(MissingPolicy::Zero))
    );
    assert_eq!(b.lost, d("30")); // 0.6 × 0.5 × 100
}

#[test]
fn missing_reweight_renormalises_siblings() {
    // b left out: g1 = 50×50/50 = 50 (a's effective weight 100%); composite = 0.6×50 + 0.4×50 = 50.
    let s = with_missing(nested(), "b", MissingPolicy::Reweight);
    let result = run(&s, vec![record("e1", "2011-06", &[("a", "30"), ("c", "5")], &[])]).unwrap();
    let e = only(&result);
    assert_eq!(e.composite, d("50"));
    assert_eq!(e.node("a").unwrap().effective_weight, d("100"));
    let b = e.node("b").unwrap();
    assert_eq!(
        (b.points, b.effective_weight, b.contribution, b.lost),
        (None, d("0"), d("0"), d("0"))
    );
    assert_eq!(b.missing_policy, Some(MissingPolicy::Reweight));
}

#[test]
fn a_group_with_every_child_left_out_is_left_out() {
    // a and b missing, reweight: g1 left out; c alone: composite = 50, c's effective weight 100%.
    let s = with_missing(nested(), "scheme", MissingPolicy::Reweight);
    let result = run(&s, vec![record("e1", "2011-06", &[("c", "5")], &[])]).unwrap();
    let e = only(&result);
    assert_eq!(e.composite, d("50"));
    assert_eq!(e.node("c").unwrap().effective_weight, d("100"));
    assert!(e.node("g1").unwrap().missing);
    // Nothing at all: an error, never a silent guess.
    let errors = run(&s, vec![record("e1", "2011-06", &[], &[])]).unwrap_err();
    assert_eq!(errors[0].code, "eval::no-data");
}

#[test]
fn missing_policy_inheritance_indicator_then_group_then_scheme() {
    // Scheme reweight, group g1 zero: b (in g1) scores 0 → composite 35 as with `zero`.
    let s = with_missing(
        with_missing(nested(), "scheme", MissingPolicy::Reweight),
        "g1",
        MissingPolicy::Zero,
    );
    let values = [("a", "30"), ("c", "5")];
    assert_eq!(
        only(&run(&s, vec![record("e1", "2011-06", &values, &[])]).unwrap()).composite,
        d("35")
    );
    // ... and b's own `missing error` beats both.
    let s = with_missing(s, "b", MissingPolicy::Error);
    assert_eq!(
        run(&s, vec![record("e1", "2011-06", &values, &[])]).unwrap_err()[0].code,
        "eval::missing-value"
    );
}

fn rated_scheme() -> Scheme {
    let rater = |name: &str, kind: RaterKind, weight: &str| {
        sp(Rater { id: id(name), kind: sp(kind), label: None, weight: Some(sp(d(weight))) })
    };
    let step = |r: &str| sp(ScaleStep { rating: sp(d(r)), label: None, points: None });
    let rating = Rating { scale: id("five"), raters: vec![id("self"), id("boss")] };
    let mut s = scheme(vec![indicator(Indicator {
        rating: Some(sp(rating)),
        unit: None,
        ..bare("q", "100")
    })]);
    s.raters =
        vec![rater("self", RaterKind::SelfRater, "30"), rater("boss", RaterKind::Manager, "70")];
    s.scales = vec![sp(Scale {
        id: id("five"),
        label: None,
        steps: ["1", "2", "3", "4", "5"].map(step).to_vec(),
    })];
    s
}

#[test]
fn rated_indicator_weighs_the_raters_who_rated() {
    // self 3 → 100×(3−1)/4 = 50, boss 5 → 100: (30×50 + 70×100)/(30+70) = 85.
    let s = rated_scheme();
    let both =
        run(&s, vec![record("e1", "2011-06", &[], &[("q", "self", "3"), ("q", "boss", "5")])])
            .unwrap();
    let q = only(&both).node("q").unwrap().clone();
    assert_eq!(q.points, Some(d("85")));
    assert_eq!(q.value, Some(d("4.4"))); // (30×3 + 70×5)/100
    assert_eq!(q.ratings.len(), 2);
    // Only self rated: 30×50/30 = 50.
    let one = run(&s, vec![record("e1", "2011-06", &[], &[("q", "self", "3")])]).unwrap();
    assert_eq!(only(&one).composite, d("50"));
    // Nobody rated: missing (default policy error).
    let none = run(&s, vec![record("e1", "2011-06", &[], &[])]).unwrap_err();
    assert_eq!(none[0].code, "eval::missing-value");
    assert!(none[0].message.contains("no rating"), "{}", none[0].message);
}

#[test]
fn rating_outside_the_scale_is_an_error() {
    let errors = run(&rated_scheme(), vec![record("e1", "2011-06", &[], &[("q", "boss", "6")])])
        .unwrap_err();
    assert_eq!(errors[0].code, "eval::rating-outside-scale");
    assert!(errors[0].message.contains("1..5"), "{}", errors[0].message);
}

#[test]
fn failed_gate_zeroes_the_composite_and_keeps_the_points() {
    // a critical gate points >= 60; a = 30% → 50 points: gate fails → composite 0.
    let s = scheme(vec![gated("a", "50"), measured("c", "50", targets("0", "10"))]);
    let result = run(
        &s,
        vec![
            record("e1", "2011-06", &[("a", "30"), ("c", "10")], &[]),
            record("e2", "2011-06", &[("a", "35"), ("c", "0")], &[]),
        ],
    )
    .unwrap();
    let employees = &result.schemes[0].periods[0].employees;
    // e2: a = 75 points passes; composite = (50×75 + 50×0)/100 = 37.5 → rank 1 above e1's 0.
    assert_eq!((employees[0].employee.as_str(), employees[0].composite), ("e2", d("37.5")));
    let e1 = &employees[1];
    assert_eq!(
        (e1.composite, e1.rank, e1.failed_gates.clone()),
        (d("0"), 2, vec!["a".to_string()])
    );
    assert_eq!(e1.node("a").unwrap().points, Some(d("50")));
    assert_eq!(e1.node("a").unwrap().gate_passed, Some(false));
}

#[test]
fn precision_rounds_half_away_from_zero_for_ranks() {
    // One indicator 0 → 0, 100 → 100: the composite is the value.
    let s = scheme(vec![measured("c", "100", targets("0", "100"))]);
    let records = ["84.444", "84.4449", "89.995"]
        .iter()
        .enumerate()
        .map(|(i, v)| record(&format!("e{i}"), "2011-06", &[("c", v)], &[]))
        .collect();
    let result = run(&s, records).unwrap();
    let employees = &result.schemes[0].periods[0].employees;
    // 89.995 → 90.00 (rank 1); 84.444 and 84.4449 both show 84.44 → share rank 2.
    assert_eq!(employees[0].composite_rounded.to_string(), "90.00");
    let ranks: Vec<(&str, u32)> = employees.iter().map(|e| (e.employee.as_str(), e.rank)).collect();
    assert_eq!(ranks, [("e2", 1), ("e0", 2), ("e1", 2)]);
}

#[test]
fn hooks_without_a_runtime_are_a_clear_error() {
    let call = HookCall { function: id("response_points"), args: vec![id("value")] };
    let s = scheme(vec![measured("c", "100", Scoring::Hook(sp(call)))]);
    let errors = run(&s, vec![record("e1", "2011-06", &[("c", "5")], &[])]).unwrap_err();
    assert_eq!(errors[0].code, "eval::hook-unavailable");
    assert!(errors[0].message.contains("`c`") && errors[0].message.contains("response_points"));
}

proptest! {
    #[test]
    fn full_marks_everywhere_is_a_composite_of_100(
        cuts in proptest::collection::btree_set(1u32..100, 1..5),
        inner in proptest::collection::btree_set(1u32..100, 0..4),
    ) {
        // Top-level weights from cut points of 0..100; the first one is a group whose
        // children's weights come from other cut points; every indicator is at its target.
        let split = |cuts: &std::collections::BTreeSet<u32>| {
            let mut bounds: Vec<u32> = std::iter::once(0).chain(cuts.iter().copied()).chain([100]).collect();
            bounds.dedup();
            bounds.windows(2).map(|w| (w[1] - w[0]).to_string()).collect::<Vec<_>>()
        };
        let (top, children) = (split(&cuts), split(&inner));
        let mut values = Vec::new();
        let mut nodes = Vec::new();
        let kids = children.iter().enumerate().map(|(i, w)| {
            values.push((format!("k{i}"), "40"));
            measured(&format!("k{i}"), w, targets("20", "40"))
        }).collect();
        nodes.push(group("g", &top[0], kids));
        for (i, w) in top.iter().enumerate().skip(1) {
            values.push((format!("t{i}"), "5"));
            nodes.push(measured(&format!("t{i}"), w, targets("30", "5")));
        }
        let values: Vec<(&str, &str)> = values.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        let result = run(&scheme(nodes), vec![record("e1", "2011-06", &values, &[])]).unwrap();
        prop_assert_eq!(only(&result).composite, Decimal::ONE_HUNDRED);
    }
}

/// Points of `points` whatever the value (a band rule with only `else`).
fn flat(points: Decimal) -> Scoring {
    Scoring::Bands { bands: Vec::new(), otherwise: Some(sp(points)) }
}

#[test]
fn weighted_points_beyond_an_exact_decimal_are_too_large_to_weigh() {
    // 50 × 79228162514264337593543950335 overflows: the weighted sum cannot be computed.
    let huge = || measured("a", "50", flat(Decimal::MAX));
    let top = scheme(vec![huge(), measured("b", "50", flat(d("1")))]);
    let errors = run(&top, vec![record("e1", "2011-06", &[("a", "1"), ("b", "1")], &[])])
        .expect_err("the composite overflows");
    assert_eq!(errors[0].code, "eval::too-large");
    assert!(
        errors[0]
            .message
            .starts_with("the composite for employee e1 in period 2011-06 cannot be weighed"),
        "{}",
        errors[0].message
    );
    let grouped = scheme(vec![group("g", "100", vec![huge(), measured("b", "50", flat(d("1")))])]);
    let errors = run(&grouped, vec![record("e1", "2011-06", &[("a", "1"), ("b", "1")], &[])])
        .expect_err("the group overflows");
    assert!(
        errors[0].message.starts_with("the points of `g` for employee e1"),
        "{}",
        errors[0].message
    );
}

#[test]
fn ratings_whose_weighted_sum_overflows_are_too_large() {
    // Step 5 is worth the largest decimal: 70 × that overflows.
    let mut s = rated_scheme();
    let steps = &mut s.scales[0].node.steps;
    for (i, step) in steps.iter_mut().enumerate() {
        let points = if i == 4 { Decimal::MAX } else { Decimal::from(i) };
        step.node.points = Some(sp(points));
    }
    let errors =
        run(&s, vec![record("e1", "2011-06", &[], &[("q", "self", "3"), ("q", "boss", "5")])])
            .expect_err("the raters' sum overflows");
    assert_eq!(errors[0].code, "eval::too-large");
    assert!(
        errors[0].message.contains("the ratings of `q` for employee e1"),
        "{}",
        errors[0].message
    );
}
