//! The parser on valid input: every example scheme parses into the AST it says, with spans
//! on statements and values, comments collected, and in reasonable time for 10 MB.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

mod syntax_common;

use std::time::{Duration, Instant};

use merit::ast::{
    CmpOp, Condition, Count, Direction, DurationUnit, Effect, GradeMethod, Node, Period, Quantity,
    RankScope, RaterKind, Scoring, Subject, Unit,
};
use merit::syntax::parse;
use merit::{SourceFile, Span};
use syntax_common::*;

#[test]
fn every_policy_parses() {
    let mut n = 0;
    for entry in std::fs::read_dir("policies").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "merit") {
            let text = std::fs::read_to_string(&path).unwrap();
            if let Err(e) = parse(&SourceFile::new(path.display().to_string(), text)) {
                panic!("{}", merit::diagnostic::render(&e, false));
            }
            n += 1;
        }
    }
    assert!(n >= 1);
}

#[test]
fn founding_scheme_metadata() {
    let s = ok(&founding()).scheme;
    assert_eq!(s.name.node, "Online-shop customer service");
    assert_eq!(s.version.as_ref().unwrap().node, "1.0");
    assert_eq!(s.owner.as_ref().unwrap().node, "HR department");
    let scope = &s.scope.as_ref().unwrap().node;
    assert_eq!(scope.team.as_ref().unwrap().node, "Online-shop customer-service team");
    assert_eq!(scope.role.as_ref().unwrap().node, "cs_agent");
    let cycle = &s.cycle.as_ref().unwrap().node;
    assert_eq!(cycle.period.node, Period::Monthly);
    assert_eq!(cycle.effective.as_ref().unwrap().node.to_string(), "2011-06-07");
    assert_eq!(s.precision(), 2);
    assert_eq!(s.currency.as_ref().unwrap().node, "CNY");
    assert_eq!(s.approvals.len(), 2);
    let days: Vec<u32> = s.milestones.iter().map(|m| m.day.node).collect();
    assert_eq!(days, [2, 4, 5, 10]);
    let raters: Vec<_> = s
        .raters
        .iter()
        .map(|r| (r.id.node.as_str(), r.kind.node, r.weight.as_ref().unwrap().node))
        .collect();
    assert_eq!(
        raters,
        [("self", RaterKind::SelfRater, d("30")), ("store_manager", RaterKind::Manager, d("70"))]
    );
    assert_eq!(s.scales[0].steps.len(), 5);
    assert_eq!(s.scales[0].steps[4].label.as_ref().unwrap().node, "Outstanding");
}

#[test]
fn founding_scheme_tree() {
    let s = ok(&founding()).scheme;
    // chat 3 + orders 5 + other 2 + management 3 + appraisal (1 + manager_view 4) = 18.
    assert_eq!(s.all_indicators().len(), 18);
    let top: Vec<_> =
        s.indicators.iter().map(|n| (n.id().node.as_str(), n.weight().node)).collect();
    assert_eq!(top, [("service", d("60")), ("management", d("15")), ("appraisal", d("25"))]);
    let Node::Group(service) = &s.indicators[0].node else { panic!("service is a group") };
    let sub: Vec<_> =
        service.children.iter().map(|n| (n.id().node.as_str(), n.weight().node)).collect();
    assert_eq!(sub, [("chat", d("40")), ("orders", d("40")), ("other", d("20"))]);

    let find = |id: &str| *s.all_indicators().iter().find(|i| i.id.node == id).unwrap();
    let conversion = find("conversion");
    assert_eq!(conversion.unit.as_ref().unwrap().node, Unit::Percent);
    assert_eq!(conversion.direction.as_ref().unwrap().node, Direction::Higher);
    match &conversion.scoring.as_ref().unwrap().node {
        Scoring::Targets { threshold, target, stretch } => {
            assert_eq!(threshold.node, Quantity::Percent(d("20")));
            assert_eq!(target.node, Quantity::Percent(d("45")));
            let stretch = stretch.as_ref().unwrap();
            assert_eq!(
                (stretch.value.node.clone(), stretch.cap.node),
                (Quantity::Percent(d("60")), d("120"))
            );
        }
        other => panic!("{other:?}"),
    }
    match &find("response_time").scoring.as_ref().unwrap().node {
        Scoring::Bands { bands, otherwise } => {
            assert_eq!(bands.len(), 4);
            assert_eq!(bands[0].range.from, None);
            assert_eq!(bands[0].range.to, Some(Quantity::Duration(d("20"), DurationUnit::Seconds)));
            assert_eq!(bands[2].range.to, Some(Quantity::Duration(d("1"), DurationUnit::Minutes)));
            assert_eq!(bands[3].points.node, d("30"));
            assert_eq!(otherwise.as_ref().unwrap().node, d("0"));
        }
        other => panic!("{other:?}"),
    }
    match &find("report_timeliness").scoring.as_ref().unwrap().node {
        Scoring::Bands { bands, .. } => {
            assert!(bands[0].range.to_inclusive && bands[1].range.to_inclusive);
            assert_eq!(bands[1].range.from, Some(Quantity::Number(d("1"))));
        }
        other => panic!("{other:?}"),
    }
    match &find("order_amount").scoring.as_ref().unwrap().node {
        Scoring::Ratio { target, cap } => {
            assert_eq!(target.node, Quantity::Money(d("60000"), "CNY".into()));
            assert_eq!(cap.as_ref().unwrap().node, d("120"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        find("order_amount").unit.as_ref().unwrap().node,
        Unit::Currency(Some(merit::Spanned::new("CNY".into(), Span::default())))
    );
    match &find("refund_ratio").scoring.as_ref().unwrap().node {
        Scoring::Curve(anchors) => {
            let pairs: Vec<_> =
                anchors.iter().map(|a| (a.value.node.clone(), a.points.node)).collect();
            assert_eq!(
                pairs,
                [
                    (Quantity::Percent(d("0")), d("100")),
                    (Quantity::Percent(d("3")), d("80")),
                    (Quantity::Percent(d("8")), d("0"))
                ]
            );
        }
        other => panic!("{other:?}"),
    }
    match &find("report_accuracy").scoring.as_ref().unwrap().node {
        Scoring::PassFail(c) => {
            assert_eq!((c.op, c.rhs.node.clone()), (CmpOp::Ge, Quantity::Percent(d("98"))))
        }
        other => panic!("{other:?}"),
    }
    let quality = find("report_quality").rating.as_ref().unwrap();
    assert_eq!(quality.scale.node, "five_point");
    assert_eq!(
        quality.raters.iter().map(|r| r.node.as_str()).collect::<Vec<_>>(),
        ["store_manager"]
    );
    assert_eq!(find("task_completion").rating.as_ref().unwrap().raters[0].node, "self");
}

#[test]
fn founding_scheme_grades_ranking_actions() {
    let s = ok(&founding()).scheme;
    let grades = &s.grades.as_ref().unwrap().node;
    assert_eq!(grades.method.node, GradeMethod::Score);
    let bounds: Vec<_> = grades
        .grades
        .iter()
        .map(|g| (g.id.node.as_str(), g.at_least.as_ref().map(|a| a.node), g.otherwise))
        .collect();
    assert_eq!(
        bounds,
        [
            ("A", Some(d("90")), false),
            ("B", Some(d("75")), false),
            ("C", Some(d("60")), false),
            ("D", None, true)
        ]
    );
    assert_eq!(s.ranking.as_ref().unwrap().scope.as_ref().unwrap().node, RankScope::All);

    let actions: Vec<_> = s
        .actions
        .iter()
        .map(|a| (a.id.node.as_str(), a.condition.node.clone(), a.streak.as_ref().map(|s| s.node)))
        .collect();
    assert_eq!(
        actions,
        [
            (
                "monthly_bonus",
                Condition::Top(merit::Spanned::new(Count::People(1), Span::default())),
                None
            ),
            ("last_place_deduction", Condition::Last, None),
            (
                "improvement_plan",
                Condition::Bottom(merit::Spanned::new(Count::People(2), Span::default())),
                None
            ),
            ("reassignment", Condition::Last, Some(3)),
        ]
    );
    match &s.actions[0].effects[0].node {
        Effect::Bonus { amount, currency, component } => {
            assert_eq!(amount.node, d("100"));
            assert_eq!(currency.as_ref().unwrap().node, "CNY");
            assert_eq!(component.as_ref().unwrap().node, "bonus");
        }
        other => panic!("{other:?}"),
    }
    assert!(
        matches!(&s.actions[1].effects[0].node, Effect::Deduction { component: Some(c), .. } if c.node == "commission")
    );
    match &s.actions[2].effects[0].node {
        Effect::ImprovementPlan { text, due_days } => {
            assert!(text.as_ref().unwrap().node.starts_with("Analyse the causes"));
            assert_eq!(due_days.as_ref().unwrap().node, 7);
        }
        other => panic!("{other:?}"),
    }
    assert!(
        matches!(&s.actions[3].effects[0].node, Effect::Review(r) if r.node == "Consider reassignment to another post")
    );
}

#[test]
fn spans_cover_statements_and_values() {
    let text = founding();
    let s = ok(&text).scheme;
    assert_eq!(slice(&text, s.version.as_ref().unwrap().span), "version \"1.0\"");
    assert_eq!(slice(&text, s.name.span), "scheme \"Online-shop customer service\"");
    let conversion_node = match &s.indicators[0].node {
        Node::Group(g) => match &g.children[0].node {
            Node::Group(chat) => &chat.children[0],
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    };
    let node_text = slice(&text, conversion_node.span);
    assert!(node_text.starts_with("indicator conversion \"Inquiry conversion rate\" weight 40% {"));
    assert!(node_text.ends_with('}'));
    let Node::Indicator(conversion) = &conversion_node.node else { panic!() };
    assert_eq!(slice(&text, conversion.weight.span), "40%");
    assert_eq!(slice(&text, conversion.id.span), "conversion");
    // An optional part left out must not stretch the span over the next line or a comment.
    assert_eq!(slice(&text, conversion.unit.as_ref().unwrap().span), "unit percent");
    assert_eq!(
        slice(&text, conversion.scoring.as_ref().unwrap().span),
        "score threshold 20% target 45% stretch 60% cap 120"
    );
    let action = &s.actions[3];
    assert_eq!(slice(&text, action.condition.span), "last");
    assert_eq!(slice(&text, action.streak.as_ref().unwrap().span), "for 3 consecutive cycles");
}

#[test]
fn comments_are_collected_in_order_without_newlines() {
    let text = "// first\r\nscheme \"a // not a comment\" // trailing\n// last";
    let parsed = ok(text);
    let texts: Vec<_> = parsed.comments.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(texts, ["// first", "// trailing", "// last"]);
    for c in &parsed.comments {
        assert_eq!(slice(text, c.span), c.text);
    }
    assert_eq!(parsed.scheme.name.node.as_str(), "a // not a comment");
    assert_eq!(ok(&founding()).comments.len(), 15);
}

#[test]
fn string_escapes() {
    let s = ok(r#"scheme "a \"b\" \\ c""#).scheme;
    assert_eq!(s.name.node, r#"a "b" \ c"#);
    assert_eq!(places(r#"scheme "a \n b""#), [("syntax::invalid-escape".to_string(), 1, 11)]);
}

#[test]
fn whitespace_carries_no_meaning() {
    let one_line = "scheme \"t\" group g weight 100% { indicator i weight 100% { unit count higher is better score threshold 1 target 5 } }";
    let spread = "scheme\n\"t\"\ngroup g\n  weight 100%\n{\n indicator i weight\n 100% {\n unit\n count\n higher is\n better\n score threshold 1\n target 5 } }";
    assert_eq!(ok(one_line).scheme, ok(spread).scheme);
}

#[test]
fn conditions_bind_not_then_and_then_or() {
    let text = scheme_with(
        "action a { when not top 1 and last or grade A, B for 2 consecutive cycles\n note \"n\" }",
    );
    let action = &ok(&text).scheme.actions[0];
    let Condition::Or(left, right) = &action.condition.node else {
        panic!("{:?}", action.condition)
    };
    let Condition::And(not, last) = &left.node else { panic!("{left:?}") };
    assert!(matches!(&not.node, Condition::Not(top) if matches!(top.node, Condition::Top(_))));
    assert_eq!(last.node, Condition::Last);
    assert!(matches!(&right.node, Condition::Grade(g) if g.len() == 2));
    assert_eq!(action.streak.as_ref().unwrap().node, 2);

    let text = scheme_with(
        "action a { when not (top 10% or conversion points < 60) and score >= 90 and hook f(x, y)\n note \"n\" }",
    );
    let action = &ok(&text).scheme.actions[0];
    let Condition::And(first, hook) = &action.condition.node else { panic!() };
    assert!(matches!(&hook.node, Condition::Hook(call) if call.args.len() == 2));
    let Condition::And(not, score) = &first.node else { panic!() };
    assert!(matches!(&score.node, Condition::Score(c) if c.op == CmpOp::Ge));
    let Condition::Not(inner) = &not.node else { panic!() };
    let Condition::Or(top, indicator) = &inner.node else { panic!() };
    assert!(matches!(&top.node, Condition::Top(c) if c.node == Count::Percent(d("10"))));
    assert!(matches!(&indicator.node, Condition::Indicator { subject: Subject::Points, .. }));
}

#[test]
fn negative_weight_parses_for_check_to_flag() {
    let text = scheme_with("indicator i weight -5% { unit count }");
    assert_eq!(ok(&text).scheme.indicators[0].weight().node, d("-5"));
}

#[test]
fn nesting_at_the_limit_parses() {
    let parsed = ok(&nested_groups(merit::syntax::MAX_DEPTH - 1));
    assert_eq!(parsed.scheme.all_groups().len(), merit::syntax::MAX_DEPTH - 1);
}

#[test]
fn ten_megabyte_scheme_parses_quickly() {
    let indicator = "  indicator i{n} \"Indicator number {n}, with a long label to take up room\" weight 1% {\n    definition \"Share of the things that were counted in the month, as a percent of all things\"\n    unit percent\n    higher is better\n    source \"Monitoring software\" // a comment\n    score threshold 20% target 45% stretch 60% cap 120\n  }\n";
    let mut text = String::with_capacity(11 << 20);
    text.push_str("scheme \"big\"\ngroup all \"All\" weight 100% {\n");
    let mut n = 0;
    while text.len() < 10 << 20 {
        text.push_str(&indicator.replace("{n}", &n.to_string()));
        n += 1;
    }
    text.push_str("}\n");
    let start = Instant::now();
    let parsed = ok(&text);
    let took = start.elapsed();
    assert_eq!(parsed.scheme.all_indicators().len(), n);
    assert_eq!(parsed.comments.len(), n);
    // Debug builds run pest's generic code unoptimised (about 5 s of CPU here); release
    // builds take well under a second.
    let limit = if cfg!(debug_assertions) { 30 } else { 3 };
    assert!(took < Duration::from_secs(limit), "took {took:?}");
}

#[test]
fn founding_scheme_parses_in_well_under_a_millisecond() {
    let file = SourceFile::new(FOUNDING, founding());
    let runs = 200;
    let start = Instant::now();
    for _ in 0..runs {
        parse(&file).unwrap();
    }
    let each = start.elapsed() / runs;
    let limit =
        if cfg!(debug_assertions) { Duration::from_millis(50) } else { Duration::from_millis(1) };
    assert!(each < limit, "{each:?} per parse");
}
