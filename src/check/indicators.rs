//! The kind of each indicator: rated (scale and raters) or measured (a value and a scoring
//! rule), never both, never neither; only measured indicators have a value for gates and
//! conditions to test; a points gate must be passable.
//!
//! Codes: `structure::rated-and-measured`, `structure::nothing-to-score`,
//! `structure::value-of-unmeasured`, `structure::gate-never-passes`.

use super::actions::can_hold;
use super::context::{Context, plain, show, walk_condition};
use super::points::indicator_range;
use crate::ast::{Condition, Indicator, Node, Subject};
use crate::diagnostic::Diagnostic;
use crate::source::Span;

/// Check that every indicator is either rated or measured, and what tests its value.
pub(crate) fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for indicator in ctx.scheme.all_indicators() {
        kind(ctx, indicator, out);
        let Some(gate) = &indicator.gate else { continue };
        match gate.subject {
            Subject::Value if indicator.rating.is_some() => {
                out.push(no_value(
                    ctx,
                    &indicator.id.node,
                    "rated",
                    gate.span,
                    "critical gate points >= 60",
                ));
            }
            Subject::Value => {}
            Subject::Points => {
                let Some(range) = indicator_range(ctx, indicator) else { continue };
                let condition = &gate.condition;
                if !can_hold(condition, range) {
                    out.push(
                        ctx.error(
                            "structure::gate-never-passes",
                            format!(
                                "no one can pass the gate `points {} {}` of `{}`: it scores between {} and {} points",
                                condition.op.symbol(),
                                show(&condition.rhs.node),
                                indicator.id.node,
                                plain(range.min),
                                plain(range.max)
                            ),
                            gate.span,
                        )
                        .with_label("never passes: every composite would be 0")
                        .with_help("compare with points the indicator can score"),
                    );
                }
            }
        }
    }
    for action in &ctx.scheme.actions {
        walk_condition(&action.condition, &mut |condition| {
            let Condition::Indicator { target, subject: Subject::Value, .. } = &condition.node
            else {
                return;
            };
            let example = format!("{} points >= 60", target.node);
            match ctx.nodes.get(target.node.as_str()) {
                Some(Node::Group(_)) => {
                    out.push(no_value(ctx, &target.node, "a group", condition.span, &example))
                }
                Some(Node::Indicator(i)) if i.rating.is_some() => {
                    out.push(no_value(ctx, &target.node, "rated", condition.span, &example));
                }
                _ => {}
            }
        });
    }
}

fn kind(ctx: &Context, indicator: &Indicator, out: &mut Vec<Diagnostic>) {
    let id = &indicator.id.node;
    if indicator.rating.is_some() {
        let measured = [
            indicator.unit.as_ref().map(|u| ("a unit", u.span)),
            indicator.scoring.as_ref().map(|s| ("a scoring rule", s.span)),
            indicator.derived.as_ref().map(|d| ("a derived value", d.span)),
        ];
        for (what, span) in measured.into_iter().flatten() {
            out.push(
                ctx.error("structure::rated-and-measured", format!("`{id}` is rated, but also has {what}"), span)
                    .with_label("only measured indicators have this")
                    .with_help("a rated indicator is scored by its raters on its scale: remove this line, or remove `rated on ...` and measure it"),
            );
        }
    } else if indicator.scoring.is_none() {
        out.push(
            ctx.error("structure::nothing-to-score", format!("indicator `{id}` has no scoring rule and no rating"), indicator.id.span)
                .with_label("nothing to score")
                .with_help("add a scoring rule (`score threshold 20% target 45%`) or have it rated (`rated on five_point by store_manager`)"),
        );
    }
}

fn no_value(ctx: &Context, id: &str, what: &str, span: Span, example: &str) -> Diagnostic {
    let message = if what == "a group" {
        format!("`{id}` is a group: it has points but no measured value")
    } else {
        format!("`{id}` is {what}: it has points but no measured value")
    };
    ctx.error("structure::value-of-unmeasured", message, span)
        .with_label("no value to test")
        .with_help(format!("test its points instead: `{example}`"))
}
