//! The parser: every example scheme parses into the AST it says; bad input gets a clear
//! diagnostic at the right place, never a panic, a hang or a stack overflow.

use std::time::{Duration, Instant};

use merit::ast::{
    CmpOp, Condition, Count, Direction, DurationUnit, Effect, GradeMethod, Node, Period, Quantity,
    RankScope, RaterKind, Scoring, Subject, Unit,
};
use merit::syntax::{Parsed, parse, parse_bytes};
use merit::{Diagnostic, SourceFile, Span};
use rust_decimal::Decimal;

const FOUNDING: &str = "policies/online-shop-cs.merit";

fn parse_text(text: &str) -> Result<Parsed, Vec<Diagnostic>> {
    parse(&SourceFile::new("t.merit", text))
}

fn ok(text: &str) -> Parsed {
    match parse_text(text) {
        Ok(parsed) => parsed,
        Err(e) => panic!("{}", merit::diagnostic::render(&e, false)),
    }
}

fn errors(text: &str) -> Vec<Diagnostic> {
    match parse_text(text) {
        Ok(_) => panic!("expected errors in:\n{text}"),
        Err(e) => e,
    }
}

/// The codes and 1-based (line, column) of the errors.
fn places(text: &str) -> Vec<(String, usize, usize)> {
    errors(text)
        .iter()
        .map(|d| {
            let (line, col) = d.line_col().unwrap_or((0, 0));
            (d.code.clone(), line, col)
        })
        .collect()
}

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn slice(text: &str, span: Span) -> &str {
    &text[span.start..span.end]
}

/// A minimal valid scheme around `body` (top-level statements).
fn scheme_with(body: &str) -> String {
    format!("scheme \"t\"\n{body}\n")
}

fn founding() -> String {
    std::fs::read_to_string(FOUNDING).unwrap()
}

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
fn numbers_that_cannot_be_represented_are_errors() {
    let text = scheme_with("indicator i weight 1e400% { unit count }");
    assert_eq!(places(&text), [("syntax::number-too-large".to_string(), 2, 20)]);
    assert!(errors(&text)[0].message.contains("number too large"));
    let text = scheme_with("indicator i weight 123456789012345678901234567890% { unit count }");
    assert_eq!(places(&text)[0].0, "syntax::number-too-large");
    let text = scheme_with("indicator i weight 1.5e1% { unit count }");
    assert_eq!(places(&text)[0].0, "syntax::invalid-number");
}

#[test]
fn literal_kinds_are_checked() {
    let text = scheme_with("indicator i weight 40 { unit count }");
    let e = errors(&text);
    assert_eq!(e[0].code, "syntax::wrong-kind");
    assert!(e[0].help.as_deref().unwrap().contains("`40%`"), "{:?}", e[0].help);
    let text = scheme_with("indicator i weight 40% { score bands { ..30sec => 100 } }");
    let column = text.lines().nth(1).unwrap().find("sec").unwrap() + 1;
    assert_eq!(places(&text), [("syntax::unknown-keyword".to_string(), 2, column)]);
    let text = scheme_with("currency cny");
    assert_eq!(places(&text), [("syntax::invalid-currency".to_string(), 2, 10)]);
}

#[test]
fn impossible_dates_are_errors() {
    let e = errors(&scheme_with("cycle monthly from 2011-02-30"));
    assert_eq!(e[0].code, "syntax::invalid-date");
    assert!(e[0].message.contains("February 2011 has 28 days"), "{}", e[0].message);
    assert_eq!(places(&scheme_with("approved \"x\" on 2011-6-7"))[0].0, "syntax::invalid-date");
    assert!(ok(&scheme_with("cycle monthly from 2012-02-29")).scheme.cycle.is_some());
}

#[test]
fn duplicate_singletons_point_at_the_second() {
    let text = scheme_with("version \"1\"\nversion \"2\"");
    assert_eq!(places(&text), [("syntax::duplicate-field".to_string(), 3, 1)]);
    let text = scheme_with("indicator i weight 100% {\n  unit count\n  unit percent\n}");
    let e = errors(&text);
    assert_eq!((e[0].code.as_str(), e[0].line_col()), ("syntax::duplicate-field", Some((4, 3))));
    assert!(e[0].help.as_deref().unwrap().contains("line 3"));
    let text = scheme_with("grades by score { A at least 90 }\ngrades by rank { A quota 100% }");
    assert_eq!(places(&text), [("syntax::duplicate-field".to_string(), 3, 1)]);
    let text = scheme_with("action a {\n when last\n when top 1\n note \"x\" }");
    assert_eq!(places(&text), [("syntax::duplicate-field".to_string(), 4, 2)]);
}

#[test]
fn misspelt_words_get_did_you_mean() {
    let cases = [
        ("indicatr i weight 1% { }", "indicator"),
        ("indicator i wieght 1% { }", "weight"),
        ("indicator i weight 1% { higher is beter }", "better"),
        ("cycle montly", "monthly"),
        ("rater r manger", "manager"),
        ("indicator i weight 1% { unit percnt }", "percent"),
        ("indicator i weight 1% { score treshold 1 target 2 }", "threshold"),
        ("action a { when tpo 1 }", "top"),
        ("grades by score { A at lest 90 }", "least"),
    ];
    for (body, best) in cases {
        let e = errors(&scheme_with(body));
        assert_eq!(e[0].code, "syntax::unknown-keyword", "{body}");
        let text = format!("{} {}", e[0].message, e[0].label.as_deref().unwrap_or(""));
        assert!(text.contains(&format!("did you mean `{best}`?")), "{body}: {text}");
    }
}

#[test]
fn broken_founding_scheme_points_at_the_misspelt_weight() {
    let text = founding().replacen(
        "\"Average response time\" weight 30%",
        "\"Average response time\" wieght 30%",
        1,
    );
    let e = errors(&text);
    assert_eq!(e.len(), 1, "{}", merit::diagnostic::render(&e, false));
    assert_eq!(e[0].code, "syntax::unknown-keyword");
    let line = text.lines().position(|l| l.contains("wieght")).unwrap() + 1;
    let column = text.lines().nth(line - 1).unwrap().find("wieght").unwrap() + 1;
    assert_eq!(e[0].line_col(), Some((line, column)));
    assert!(e[0].message.contains("did you mean `weight`?"));
}

#[test]
fn every_error_is_reported_not_only_the_first() {
    let text = founding()
        .replacen(
            "      unit percent\n      higher is better",
            "      unit percent\n      higher is beter",
            1,
        )
        .replacen("score threshold 80% target 98%", "score threshold 80% target", 1)
        .replacen("scope all", "scope everyone", 1);
    let codes: Vec<_> = places(&text).into_iter().map(|(code, line, _)| (code, line)).collect();
    let line_of = |needle: &str| {
        text.lines().position(|l| l.contains(needle)).unwrap_or_else(|| panic!("{needle}")) + 1
    };
    assert_eq!(
        codes,
        [
            ("syntax::unknown-keyword".to_string(), line_of("higher is beter")),
            // `target` with no value: the error points at `target`, the line's last word.
            ("syntax::unexpected".to_string(), line_of("threshold 80% target")),
            ("syntax::unexpected".to_string(), line_of("scope everyone")),
        ]
    );
}

#[test]
fn a_broken_line_is_one_error_and_the_next_statement_still_counts() {
    let text =
        scheme_with("indicator i weight 1% {\n  frobnicate the\n    widgets\n  unit kilos\n}");
    let e = places(&text);
    assert_eq!(
        e,
        [("syntax::unexpected".to_string(), 3, 3), ("syntax::unknown-keyword".to_string(), 5, 8)]
    );
}

#[test]
fn empty_file() {
    for text in ["", "  \n\t\n", "// only a comment\n"] {
        let e = errors(text);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].code, "syntax::empty-file");
    }
}

#[test]
fn missing_title_and_missing_when() {
    assert_eq!(places("version \"1\"")[0].0, "syntax::missing-field");
    assert_eq!(
        places(&scheme_with("action a \"x\" { note \"n\" }")),
        [("syntax::missing-field".to_string(), 2, 8)]
    );
}

#[test]
fn binary_and_non_utf8_bytes() {
    let e = parse_bytes("bin.merit", b"scheme \"x\"\n\0\x01\x02").unwrap_err();
    assert_eq!(e[0].code, "syntax::not-utf8");
    assert!(e[0].message.contains("binary"));
    let e = parse_bytes("latin1.merit", b"scheme \"caf\xe9\"\n").unwrap_err();
    assert_eq!((e[0].code.as_str(), e[0].line_col()), ("syntax::not-utf8", Some((1, 12))));
    let (file, parsed) = parse_bytes("ok.merit", "scheme \"工作\"".as_bytes()).unwrap();
    assert_eq!(&*file.name, "ok.merit");
    assert_eq!(parsed.scheme.name.node, "工作");
    // A NUL byte in text handed to `parse` directly is caught too.
    assert_eq!(errors("scheme \"x\"\0")[0].code, "syntax::not-utf8");
}

#[test]
fn unterminated_string() {
    let text = scheme_with("owner \"HR department\nversion \"1\"");
    assert_eq!(places(&text), [("syntax::unterminated-string".to_string(), 2, 7)]);
}

#[test]
fn unbalanced_braces() {
    let text =
        scheme_with("group g weight 100% {\n  indicator i weight 100% {\n    unit count\n}\n");
    let e = errors(&text);
    assert_eq!(e[0].code, "syntax::unclosed-brace");
    assert!(e[0].message.contains("indicator `i` opened on line 3"), "{}", e[0].message);
    assert_eq!(places(&scheme_with("}")), [("syntax::unmatched-brace".to_string(), 2, 1)]);
}

fn nested_groups(depth: usize) -> String {
    let mut text = String::from("scheme \"deep\"\n");
    for i in 0..depth {
        text.push_str(&format!("group g{i} weight 100% {{\n"));
    }
    text.push_str("indicator leaf weight 100% { unit count }\n");
    text.push_str(&"}\n".repeat(depth));
    text
}

#[test]
fn nesting_at_the_limit_parses() {
    let parsed = ok(&nested_groups(merit::syntax::MAX_DEPTH - 1));
    assert_eq!(parsed.scheme.all_groups().len(), merit::syntax::MAX_DEPTH - 1);
}

#[test]
fn nesting_ten_thousand_deep_is_rejected_without_overflow() {
    let e = errors(&nested_groups(10_000));
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].code, "syntax::too-deep");
    assert_eq!(e[0].line_col(), Some((66, 23)));
    let parens = scheme_with(&format!(
        "action a {{ when {}last{} note \"x\" }}",
        "(".repeat(10_000),
        ")".repeat(10_000)
    ));
    assert_eq!(errors(&parens)[0].code, "syntax::too-deep");
    let nots =
        scheme_with(&format!("action a {{ when {}last note \"x\" }}", "not ".repeat(10_000)));
    assert_eq!(errors(&nots)[0].code, "syntax::too-deep");
    let ands =
        scheme_with(&format!("action a {{ when last{} note \"x\" }}", " and last".repeat(10_000)));
    assert_eq!(errors(&ands)[0].code, "syntax::too-deep");
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
    let limit = if cfg!(debug_assertions) { Duration::from_millis(50) } else { Duration::from_millis(1) };
    assert!(each < limit, "{each:?} per parse");
}

#[test]
fn many_errors_are_capped() {
    // Consecutive broken lines count as one error unless each starts like a statement.
    let text = scheme_with(&"versio \"1\"\n".repeat(200));
    let e = errors(&text);
    assert_eq!(e.len(), merit::syntax::MAX_ERRORS + 1);
    assert_eq!(e.last().unwrap().code, "syntax::too-many-errors");
}

#[test]
fn garbage_never_panics() {
    let text = founding();
    // Cut the founding scheme at every 97th byte and splice in odd characters.
    for cut in (0..text.len()).step_by(97) {
        if !text.is_char_boundary(cut) {
            continue;
        }
        for junk in ["", "{", "}", "\"", "(", "=>", "%", "1e9", "é", "“", "\u{3000}", "\u{0}"] {
            let broken = format!("{}{junk}{}", &text[..cut], &text[cut..].get(5..).unwrap_or(""));
            let _ = parse_text(&broken);
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    /// Any sequence of the language's tokens, well-formed or not, parses or fails cleanly.
    #[test]
    fn token_soup_never_panics(tokens in proptest::collection::vec(proptest::sample::select(vec![
        "scheme", "\"t\"", "group", "indicator", "g", "weight", "30%", "-5%", "1e400%", "{", "}",
        "unit", "percent", "higher", "is", "better", "score", "threshold", "target", "bands",
        "curve", "..", "..=", "20s", "=>", "100", "else", "action", "when", "top", "not", "and",
        "or", "(", ")", ",", ">=", "grade", "A", "\n", "// c\n", "é", "“", "\"open", "\\",
        "2011-02-30", "100 CNY", "grades", "by", "at", "least", "otherwise", "quota",
    ]), 0..60)) {
        let text = tokens.join(" ");
        let _ = parse_text(&text);
    }
}
