//! Groups and indicators. Inside a group: `missing`, then the children in source order.
//! Inside an indicator: definition, numerator, denominator, unit, direction, source, value,
//! score, rated, critical gate, missing.

use crate::ast::{Direction, Gate, Group, Indicator, Node, Rating, Scoring, Unit};
use crate::source::{Span, Spanned};

use super::doc::Stmt;
use super::expr::{
    comparison, hook_call, idents, label, number, percent, quantity, range, string, subject,
};
use super::scheme::missing;

/// A group or an indicator, as a block.
pub fn node(node: &Spanned<Node>) -> Stmt {
    match &node.node {
        Node::Group(group) => self::group(group, node.span),
        Node::Indicator(indicator) => self::indicator(indicator, node.span),
    }
}

fn header(
    keyword: &str,
    id: &Spanned<String>,
    name: &Option<Spanned<String>>,
    weight: &Spanned<rust_decimal::Decimal>,
) -> String {
    format!("{keyword} {}{} weight {}", id.node, label(name), percent(weight.node))
}

fn group(group: &Group, span: Span) -> Stmt {
    let mut body: Vec<Stmt> = group.missing.iter().map(missing).collect();
    body.extend(group.children.iter().map(node));
    let text = header("group", &group.id, &group.label, &group.weight);
    Stmt::block(text, [span, group.id.span, group.weight.span], body)
}

fn indicator(indicator: &Indicator, span: Span) -> Stmt {
    let i = indicator;
    let text = |keyword: &str, value: &Option<Spanned<String>>| {
        value.as_ref().map(|v| Stmt::line(format!("{keyword} {}", string(&v.node)), [v.span]))
    };
    let mut body = Vec::new();
    body.extend(text("definition", &i.definition));
    body.extend(text("numerator", &i.numerator));
    body.extend(text("denominator", &i.denominator));
    body.extend(i.unit.as_ref().map(unit));
    body.extend(i.direction.as_ref().map(|d| {
        let word = match d.node {
            Direction::Higher => "higher",
            Direction::Lower => "lower",
        };
        Stmt::line(format!("{word} is better"), [d.span])
    }));
    body.extend(text("source", &i.source));
    body.extend(i.derived.as_ref().map(|call| {
        let spans = [call.span, call.function.span];
        Stmt::line(format!("value {}", hook_call(&call.node)), spans)
    }));
    body.extend(i.scoring.as_ref().map(scoring));
    body.extend(i.rating.as_ref().map(rating));
    body.extend(i.gate.as_ref().map(gate));
    body.extend(i.missing.as_ref().map(missing));
    let text = header("indicator", &i.id, &i.label, &i.weight);
    Stmt::block(text, [span, i.id.span, i.weight.span], body)
}

fn unit(unit: &Spanned<Unit>) -> Stmt {
    let mut spans = vec![unit.span];
    let text = match &unit.node {
        Unit::Percent => "unit percent".to_string(),
        Unit::Duration => "unit duration".to_string(),
        Unit::Currency(None) => "unit currency".to_string(),
        Unit::Currency(Some(code)) => {
            spans.push(code.span);
            format!("unit currency {}", code.node)
        }
        Unit::Count => "unit count".to_string(),
        Unit::Ratio => "unit ratio".to_string(),
    };
    Stmt::line(text, spans)
}

fn rating(rating: &Spanned<Rating>) -> Stmt {
    let r = &rating.node;
    let mut text = format!("rated on {}", r.scale.node);
    if !r.raters.is_empty() {
        text.push_str(&format!(" by {}", idents(&r.raters)));
    }
    let spans = [rating.span, r.scale.span].into_iter().chain(r.raters.iter().map(|id| id.span));
    Stmt::line(text, spans)
}

fn gate(gate: &Spanned<Gate>) -> Stmt {
    let g = &gate.node;
    let text = format!("critical gate {} {}", subject(g.subject), comparison(&g.condition.node));
    Stmt::line(text, [gate.span, g.condition.span])
}

/// `score ...`: one line, or a block for curves and bands.
fn scoring(scoring: &Spanned<Scoring>) -> Stmt {
    let mut spans = vec![scoring.span];
    match &scoring.node {
        Scoring::Curve(anchors) => {
            let body = anchors
                .iter()
                .map(|a| {
                    let text = format!("{} => {}", quantity(&a.value.node), number(a.points.node));
                    Stmt::line(text, [a.span, a.value.span, a.points.span])
                })
                .collect();
            Stmt::block("score curve".to_string(), spans, body)
        }
        Scoring::Bands { bands, otherwise } => {
            let mut body: Vec<Stmt> = bands
                .iter()
                .map(|b| {
                    let text = format!("{} => {}", range(&b.range.node), number(b.points.node));
                    Stmt::line(text, [b.span, b.range.span, b.points.span])
                })
                .collect();
            body.extend(otherwise.iter().map(|points| {
                Stmt::line(format!("else => {}", number(points.node)), [points.span])
            }));
            Stmt::block("score bands".to_string(), spans, body)
        }
        Scoring::Targets { threshold, target, stretch } => {
            let mut text = format!(
                "score threshold {} target {}",
                quantity(&threshold.node),
                quantity(&target.node)
            );
            spans.extend([threshold.span, target.span]);
            if let Some(stretch) = stretch {
                let value = quantity(&stretch.value.node);
                text.push_str(&format!(" stretch {value} cap {}", number(stretch.cap.node)));
                spans.extend([stretch.value.span, stretch.cap.span]);
            }
            Stmt::line(text, spans)
        }
        Scoring::Ratio { target, cap } => {
            let mut text = format!("score ratio target {}", quantity(&target.node));
            spans.push(target.span);
            if let Some(cap) = cap {
                text.push_str(&format!(" cap {}", number(cap.node)));
                spans.push(cap.span);
            }
            Stmt::line(text, spans)
        }
        Scoring::PassFail(cmp) => {
            spans.push(cmp.span);
            Stmt::line(format!("score pass if value {}", comparison(&cmp.node)), spans)
        }
        Scoring::Hook(call) => {
            spans.push(call.span);
            Stmt::line(format!("score hook {}", hook_call(&call.node)), spans)
        }
    }
}
