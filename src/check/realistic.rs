//! SMART, Realistic: every value the scheme compares with an indicator's measured value lies
//! in the domain of the indicator's unit, the domain the data loader accepts (percent
//! 0..100, durations and counts from 0). Caps and weights are `structure::` findings; a
//! target beyond the best value ever observed needs history (see `calibration`).
//!
//! Codes: `realistic::percent-out-of-domain`, `realistic::negative-duration`,
//! `realistic::negative-count`.

use rust_decimal::Decimal;

use super::context::{Context, show, walk_condition};
use crate::ast::{Condition, Indicator, Quantity, Scoring, Subject, Unit};
use crate::diagnostic::Diagnostic;
use crate::source::Span;

/// A literal compared with an indicator's value, and what it is for.
struct Literal<'a> {
    /// `the target`, `an anchor of the curve`, ...
    role: String,
    quantity: &'a Quantity,
    span: Span,
}

/// Check every literal compared with a measured value against its unit's domain.
pub(crate) fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for indicator in ctx.scheme.all_indicators() {
        let mut literals = Vec::new();
        if let Some(scoring) = &indicator.scoring {
            scoring_literals(&scoring.node, &mut literals);
        }
        if let Some(gate) = &indicator.gate {
            if gate.subject == Subject::Value {
                let rhs = &gate.condition.rhs;
                literals.push(literal("the critical gate", &rhs.node, rhs.span));
            }
        }
        for literal in literals {
            domain(ctx, indicator, &literal, out);
        }
    }
    for action in &ctx.scheme.actions {
        walk_condition(&action.condition, &mut |condition| {
            let Condition::Indicator { target, subject: Subject::Value, comparison } =
                &condition.node
            else {
                return;
            };
            if let Some(indicator) = ctx.indicator(&target.node) {
                let role = format!("the condition of action `{}`", action.id.node);
                let rhs = &comparison.rhs;
                domain(ctx, indicator, &literal(&role, &rhs.node, rhs.span), out);
            }
        });
    }
}

fn literal<'a>(role: &str, quantity: &'a Quantity, span: Span) -> Literal<'a> {
    Literal { role: role.to_string(), quantity, span }
}

fn scoring_literals<'a>(scoring: &'a Scoring, out: &mut Vec<Literal<'a>>) {
    match scoring {
        Scoring::Targets { threshold, target, stretch } => {
            out.push(literal("the threshold", &threshold.node, threshold.span));
            out.push(literal("the target", &target.node, target.span));
            if let Some(stretch) = stretch {
                out.push(literal("the stretch", &stretch.value.node, stretch.value.span));
            }
        }
        Scoring::Curve(anchors) => {
            for anchor in anchors {
                out.push(literal("a curve anchor", &anchor.value.node, anchor.value.span));
            }
        }
        Scoring::Bands { bands, .. } => {
            for band in bands {
                for bound in band.range.from.iter().chain(&band.range.to) {
                    out.push(literal("a band bound", bound, band.range.span));
                }
            }
        }
        Scoring::Ratio { target, .. } => {
            out.push(literal("the ratio target", &target.node, target.span));
        }
        Scoring::PassFail(comparison) => {
            let rhs = &comparison.rhs;
            out.push(literal("the pass condition", &rhs.node, rhs.span));
        }
        Scoring::Hook(_) => {}
    }
}

/// Report a literal outside its unit's domain. Literals in another unit are
/// `structure::unit-mismatch` findings and are left alone here.
fn domain(ctx: &Context, indicator: &Indicator, literal: &Literal, out: &mut Vec<Diagnostic>) {
    let Some(unit) = &indicator.unit else { return };
    let id = &indicator.id.node;
    let role = &literal.role;
    let hundred = Decimal::ONE_HUNDRED;
    let finding = match (&unit.node, literal.quantity) {
        (Unit::Percent, Quantity::Percent(v)) if *v < Decimal::ZERO || *v > hundred => Some((
            "realistic::percent-out-of-domain",
            format!(
                "{role} of `{id}` is {}, outside 0%..100%: no value can reach it",
                show(literal.quantity)
            ),
            "a share lies between 0% and 100%: give a value in that range",
        )),
        (Unit::Duration, Quantity::Duration(v, _)) if *v < Decimal::ZERO => Some((
            "realistic::negative-duration",
            format!("{role} of `{id}` is {}: durations are never negative", show(literal.quantity)),
            "give a duration of 0s or more",
        )),
        (Unit::Count, Quantity::Number(v)) if *v < Decimal::ZERO => Some((
            "realistic::negative-count",
            format!("{role} of `{id}` is {}: counts are never negative", show(literal.quantity)),
            "give a count of 0 or more",
        )),
        _ => None,
    };
    if let Some((code, message, help)) = finding {
        let band_help = if literal.role == "a band bound" {
            "; for a band that reaches the end of the range, leave that end open (`..30s`, `90%..`)"
        } else {
            ""
        };
        out.push(
            ctx.error(code, message, literal.span)
                .with_label("outside the unit's range")
                .with_help(format!("{help}{band_help}")),
        );
    }
}
