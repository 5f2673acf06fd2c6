//! Units of literals: every value compared with an indicator's value (thresholds, anchors,
//! bands, ratio targets, pass conditions, value gates, `x value > ...` conditions) is written
//! in the indicator's unit, money in its currency; points, ranks and scores are plain numbers.
//!
//! Codes: `structure::unit-mismatch`, `structure::currency-mismatch`.

use super::context::{Context, show, walk_condition};
use crate::ast::{Condition, Indicator, Quantity, Scoring, Subject, Unit};
use crate::diagnostic::Diagnostic;
use crate::source::{Span, Spanned};

/// Check the unit of every literal that is compared with a value, points, a rank or a score.
pub(crate) fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for indicator in ctx.scheme.all_indicators() {
        if let Some(scoring) = &indicator.scoring {
            for (quantity, span) in scoring_literals(&scoring.node) {
                value(ctx, indicator, quantity, span, out);
            }
        }
        if let Some(gate) = &indicator.gate {
            let rhs = &gate.condition.rhs;
            match gate.subject {
                Subject::Value => value(ctx, indicator, &rhs.node, rhs.span, out),
                Subject::Points => plain_number(ctx, rhs, "points", out),
            }
        }
    }
    for action in &ctx.scheme.actions {
        walk_condition(&action.condition, &mut |condition| match &condition.node {
            Condition::Indicator { target, subject: Subject::Value, comparison } => {
                // Conditions on unknown ids or on groups are reported elsewhere.
                if let Some(indicator) = ctx.indicator(&target.node) {
                    let rhs = &comparison.rhs;
                    value(ctx, indicator, &rhs.node, rhs.span, out);
                }
            }
            Condition::Indicator { subject: Subject::Points, comparison, .. } => {
                plain_number(ctx, &comparison.rhs, "points", out)
            }
            Condition::Rank(comparison) => plain_number(ctx, &comparison.rhs, "ranks", out),
            Condition::Score(comparison) => plain_number(ctx, &comparison.rhs, "scores", out),
            _ => {}
        });
    }
}

/// The literals of a scoring rule that are compared with the measured value.
fn scoring_literals(scoring: &Scoring) -> Vec<(&Quantity, Span)> {
    let mut literals = Vec::new();
    match scoring {
        Scoring::Curve(anchors) => {
            literals.extend(anchors.iter().map(|a| (&a.value.node, a.value.span)));
        }
        Scoring::Targets { threshold, target, stretch } => {
            literals.push((&threshold.node, threshold.span));
            literals.push((&target.node, target.span));
            if let Some(stretch) = stretch {
                literals.push((&stretch.value.node, stretch.value.span));
            }
        }
        Scoring::Bands { bands, .. } => {
            for band in bands {
                let range = &band.range;
                literals.extend(range.from.iter().chain(&range.to).map(|q| (q, range.span)));
            }
        }
        Scoring::Ratio { target, .. } => literals.push((&target.node, target.span)),
        Scoring::PassFail(comparison) => literals.push((&comparison.rhs.node, comparison.rhs.span)),
        Scoring::Hook(_) => {}
    }
    literals
}

/// Check one literal against the unit of `indicator`'s value.
fn value(
    ctx: &Context,
    indicator: &Indicator,
    quantity: &Quantity,
    span: Span,
    out: &mut Vec<Diagnostic>,
) {
    let Some(unit) = &indicator.unit else { return };
    let fits = matches!(
        (&unit.node, quantity),
        (Unit::Percent, Quantity::Percent(_))
            | (Unit::Duration, Quantity::Duration(..))
            | (Unit::Currency(_), Quantity::Number(_) | Quantity::Money(..))
            | (Unit::Count | Unit::Ratio, Quantity::Number(_))
    );
    if !fits {
        out.push(
            ctx.error(
                "structure::unit-mismatch",
                format!(
                    "`{}` is {}, but `{}` is measured {}",
                    show(quantity),
                    kind(quantity),
                    indicator.id.node,
                    measured(&unit.node)
                ),
                span,
            )
            .with_label(format!("expected {}", example(&unit.node)))
            .with_help(format!(
                "write the value as {} (`unit` on line {} says what the data holds)",
                example(&unit.node),
                ctx.line(unit.span)
            )),
        );
        return;
    }
    let Quantity::Money(_, currency) = quantity else { return };
    let expected = match &unit.node {
        Unit::Currency(Some(code)) => Some(&code.node),
        _ => ctx.scheme.currency.as_ref().map(|c| &c.node),
    };
    if let Some(expected) = expected.filter(|e| *e != currency) {
        out.push(
            ctx.error(
                "structure::currency-mismatch",
                format!(
                    "`{}` is in {currency}, but `{}` is measured in {expected}",
                    show(quantity),
                    indicator.id.node
                ),
                span,
            )
            .with_label(format!("expected an amount in {expected}"))
            .with_help(format!(
                "write the amount in {expected}; merit does not convert currencies"
            )),
        );
    }
}

/// Points, ranks and scores are plain numbers.
fn plain_number(ctx: &Context, rhs: &Spanned<Quantity>, what: &str, out: &mut Vec<Diagnostic>) {
    if let Quantity::Number(_) = rhs.node {
        return;
    }
    let (Quantity::Number(number)
    | Quantity::Percent(number)
    | Quantity::Duration(number, _)
    | Quantity::Money(number, _)) = &rhs.node;
    out.push(
        ctx.error(
            "structure::unit-mismatch",
            format!("`{}` is {}, but {what} are plain numbers", show(&rhs.node), kind(&rhs.node)),
            rhs.span,
        )
        .with_label("expected a plain number")
        .with_help(format!("write a number without a unit, like `{number}`")),
    );
}

fn kind(quantity: &Quantity) -> &'static str {
    match quantity {
        Quantity::Number(_) => "a plain number",
        Quantity::Percent(_) => "a percentage",
        Quantity::Duration(..) => "a duration",
        Quantity::Money(..) => "an amount of money",
    }
}

fn measured(unit: &Unit) -> &'static str {
    match unit {
        Unit::Percent => "in percent",
        Unit::Duration => "as a duration",
        Unit::Currency(_) => "in money",
        Unit::Count => "as a count",
        Unit::Ratio => "as a ratio",
    }
}

fn example(unit: &Unit) -> String {
    match unit {
        Unit::Percent => "a percentage like `35%`".to_string(),
        Unit::Duration => "a duration like `30s`, `2m` or `1h`".to_string(),
        Unit::Currency(Some(code)) => format!("an amount like `100 {}`", code.node),
        Unit::Currency(None) => "an amount like `100`".to_string(),
        Unit::Count => "a count like `3`".to_string(),
        Unit::Ratio => "a plain number like `1.5`".to_string(),
    }
}
