//! Builders of hand-made schemes and records for the engine's unit tests (the parser is
//! not needed): `scheme(vec![measured("a", "60", targets("20", "40")), ...])`.

use litemap::LiteMap;
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::ast::*;
use crate::eval::dataset::{Cell, Origin, Record};
use crate::source::{Span, Spanned};

/// Wrap in a default span.
pub fn sp<T>(node: T) -> Spanned<T> {
    Spanned::new(node, Span::default())
}

/// A decimal from text.
pub fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

/// An identifier.
pub fn id(text: &str) -> Ident {
    sp(text.to_string())
}

/// The policies bundled in `policies/`.
pub const POLICIES: [&str; 4] = ["online-shop-cs", "voice-agent", "team-lead", "live-chat-agent"];

/// The scheme of `policies/<name>.merit`, parsed.
pub fn policy(name: &str) -> Scheme {
    let path = format!("{}/policies/{name}.merit", env!("CARGO_MANIFEST_DIR"));
    crate::syntax::parse_bytes(&path, &std::fs::read(&path).unwrap()).unwrap().1.scheme
}

/// A monthly scheme with these top-level nodes, precision 2, currency CNY.
pub fn scheme(indicators: Vec<Spanned<Node>>) -> Scheme {
    Scheme {
        name: sp("Test scheme".into()),
        version: None,
        purpose: None,
        strategy: None,
        owner: None,
        scope: None,
        cycle: Some(sp(Cycle { period: sp(Period::Monthly), effective: None })),
        precision: None,
        currency: Some(sp("CNY".into())),
        missing: None,
        approvals: vec![],
        milestones: vec![],
        raters: vec![],
        scales: vec![],
        hooks: vec![],
        indicators,
        grades: None,
        ranking: None,
        actions: vec![],
    }
}

/// `group <id> weight <w>% { children }`.
pub fn group(name: &str, weight: &str, children: Vec<Spanned<Node>>) -> Spanned<Node> {
    sp(Node::Group(Group {
        id: id(name),
        label: None,
        weight: sp(d(weight)),
        missing: None,
        children,
    }))
}

/// An indicator with nothing but its id and weight.
pub fn bare(name: &str, weight: &str) -> Indicator {
    Indicator {
        id: id(name),
        label: None,
        weight: sp(d(weight)),
        definition: None,
        numerator: None,
        denominator: None,
        unit: Some(sp(Unit::Percent)),
        direction: Some(sp(Direction::Higher)),
        source: None,
        derived: None,
        scoring: None,
        rating: None,
        gate: None,
        missing: None,
    }
}

/// A measured percent indicator with a scoring rule.
pub fn measured(name: &str, weight: &str, scoring: Scoring) -> Spanned<Node> {
    indicator(Indicator { scoring: Some(sp(scoring)), ..bare(name, weight) })
}

/// A critical indicator: `score threshold 20% target 40%`, gate `points >= 60`.
pub fn gated(name: &str, weight: &str) -> Spanned<Node> {
    let gate = Gate { subject: Subject::Points, condition: cmp(CmpOp::Ge, "60") };
    indicator(Indicator {
        scoring: Some(sp(targets("20", "40"))),
        gate: Some(sp(gate)),
        ..bare(name, weight)
    })
}

/// Wrap an indicator as a node.
pub fn indicator(indicator: Indicator) -> Spanned<Node> {
    sp(Node::Indicator(Box::new(indicator)))
}

/// `score threshold T% target G%`.
pub fn targets(threshold: &str, target: &str) -> Scoring {
    Scoring::Targets {
        threshold: sp(Quantity::Percent(d(threshold))),
        target: sp(Quantity::Percent(d(target))),
        stretch: None,
    }
}

/// `<op> <n>` on a bare number.
pub fn cmp(op: CmpOp, rhs: &str) -> Spanned<Comparison> {
    sp(Comparison { op, rhs: sp(Quantity::Number(d(rhs))) })
}

/// An action with one condition, optional streak and effects.
pub fn action(
    name: &str,
    condition: Condition,
    streak: Option<u32>,
    effects: Vec<Effect>,
) -> Spanned<Action> {
    sp(Action {
        id: id(name),
        label: None,
        condition: sp(condition),
        streak: streak.map(sp),
        effects: effects.into_iter().map(sp).collect(),
    })
}

/// A record with measured values `(indicator, value)` and ratings `(indicator, rater, r)`.
pub fn record(
    employee: &str,
    period: &str,
    values: &[(&str, &str)],
    ratings: &[(&str, &str, &str)],
) -> Record {
    let origin = Origin { file: Arc::from("data.csv"), row: 2 };
    let cell = |value: &str, _column: &str| Cell { value: d(value), row: origin.row };
    Record {
        employee: employee.into(),
        period: period.into(),
        role: None,
        attributes: LiteMap::new(),
        values: values.iter().map(|(k, v)| (Arc::from(*k), cell(v, k))).collect(),
        ratings: ratings
            .iter()
            .map(|(i, r, v)| ((Arc::from(*i), Arc::from(*r)), cell(v, &format!("{i}@{r}"))))
            .collect(),
        origin,
    }
}
