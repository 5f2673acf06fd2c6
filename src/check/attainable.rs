//! SMART, Attainable (without history): a critical gate must not ask for more than the
//! indicator's target, or someone who meets the target still gets a composite of 0. The
//! order of threshold, target and stretch is `structure::target-order`; whether a target is
//! too strict or too loose for the people who work to it needs history (see `calibration`).
//!
//! Code: `attainable::gate-beyond-target`.

use rust_decimal::Decimal;

use super::actions::can_hold;
use super::context::{Context, base, show};
use crate::ast::{Indicator, Quantity, Scoring, Subject};
use crate::diagnostic::Diagnostic;

/// Check every critical gate against its indicator's target.
pub(crate) fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for indicator in ctx.scheme.all_indicators() {
        let Some(gate) = &indicator.gate else { continue };
        let condition = &gate.condition;
        let written = format!("{} {}", condition.op.symbol(), show(&condition.rhs.node));
        let id = &indicator.id.node;
        let finding = match gate.subject {
            Subject::Value => {
                let Some(target) = target(indicator) else { continue };
                let (Some(at_target), Some(bound)) = (base(target), base(&condition.rhs.node))
                else {
                    continue;
                };
                if condition.op.holds(at_target, bound) {
                    continue;
                }
                format!(
                    "the critical gate `value {written}` of `{id}` is stricter than its target {}",
                    show(target)
                )
            }
            Subject::Points => {
                let Some(bound) = base(&condition.rhs.node) else { continue };
                if condition.op.holds(Decimal::ONE_HUNDRED, bound) {
                    continue;
                }
                // A gate no one can pass at all is `structure::gate-never-passes`.
                let passable = super::points::indicator_range(ctx, indicator)
                    .is_none_or(|range| can_hold(condition, range));
                if !passable {
                    continue;
                }
                format!(
                    "the critical gate `points {written}` of `{id}` asks for more than the 100 \
                     points of its target"
                )
            }
        };
        out.push(
            ctx.warning("attainable::gate-beyond-target", finding, gate.span)
                .with_label("someone who meets the target fails this gate")
                .with_help(
                    "a gate is the minimum acceptable, and failing it zeroes the composite: set \
                     it at or below the target (often at the threshold), or raise the target",
                ),
        );
    }
}

/// The value worth 100 points: the target of the shorthand or of a ratio rule, or the curve
/// anchor with the fewest points among those worth 100 or more.
fn target(indicator: &Indicator) -> Option<&Quantity> {
    match &indicator.scoring.as_ref()?.node {
        Scoring::Targets { target, .. } | Scoring::Ratio { target, .. } => Some(&target.node),
        Scoring::Curve(anchors) => anchors
            .iter()
            .filter(|a| a.points.node >= Decimal::ONE_HUNDRED)
            .min_by_key(|a| a.points.node)
            .map(|a| &a.value.node),
        Scoring::Bands { .. } | Scoring::PassFail(_) | Scoring::Hook(_) => None,
    }
}
