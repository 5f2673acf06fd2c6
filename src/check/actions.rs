//! Actions that can never fire or make no sense: conditions no one can meet (`top 0`,
//! `rank <= 0`, a score above the highest possible composite, points an indicator cannot
//! reach), shares above 100%, streaks of 0 or 1 cycles, actions without effects, bonus and
//! deduction amounts that are not positive, money in another currency than the scheme's.
//!
//! Codes: `structure::condition-never-holds`, `structure::count-above-100`,
//! `structure::streak-zero`, `structure::streak-redundant`, `structure::action-no-effect`,
//! `structure::amount-not-positive`, `structure::currency-differs`,
//! `structure::currency-unknown`.

use rust_decimal::Decimal;

use super::context::{Context, plain, show, walk_condition};
use super::points::{PointsRange, composite_range, node_range};
use crate::ast::{Action, CmpOp, Comparison, Condition, Count, Effect, Quantity, Subject};
use crate::diagnostic::Diagnostic;
use crate::source::Spanned;

/// Check every action.
pub(crate) fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let composite = composite_range(ctx);
    for action in &ctx.scheme.actions {
        walk_condition(&action.condition, &mut |condition| {
            atom(ctx, condition, composite, out);
        });
        streak(ctx, action, out);
        if action.effects.is_empty() {
            out.push(
                ctx.error(
                    "structure::action-no-effect",
                    format!("action `{}` has no effect", action.id.node),
                    action.id.span,
                )
                .with_label("does nothing")
                .with_help(
                    "add what it yields: `bonus`, `deduct`, `improvement plan`, `review` or `note`",
                ),
            );
        }
        for effect in &action.effects {
            money(ctx, effect, out);
        }
    }
}

fn atom(
    ctx: &Context,
    condition: &Spanned<Condition>,
    composite: Option<PointsRange>,
    out: &mut Vec<Diagnostic>,
) {
    let never = |reason: String, help: &str| {
        ctx.error("structure::condition-never-holds", reason, condition.span)
            .with_label("never true")
            .with_help(help.to_string())
    };
    match &condition.node {
        Condition::Top(count) | Condition::Bottom(count) => {
            let word = if matches!(condition.node, Condition::Top(_)) { "top" } else { "bottom" };
            match &count.node {
                Count::People(0) => out.push(never(
                    format!("`{word} 0` holds for no one"),
                    "count at least one person, e.g. `top 1`",
                )),
                Count::Percent(p) if *p <= Decimal::ZERO => out.push(never(
                    format!("`{word} {}%` holds for no one", plain(*p)),
                    "give a share above 0%, e.g. `top 10%`",
                )),
                Count::Percent(p) if *p > Decimal::ONE_HUNDRED => out.push(
                    ctx.error(
                        "structure::count-above-100",
                        format!("`{word} {}%` is more than everyone", plain(*p)),
                        count.span,
                    )
                    .with_label("above 100%")
                    .with_help("give a share of at most 100%"),
                ),
                _ => {}
            }
        }
        Condition::Rank(comparison) if !rank_can_hold(comparison) => {
            out.push(never(
                format!(
                    "`rank {} {}` holds for no one: ranks start at 1",
                    comparison.op.symbol(),
                    show(&comparison.rhs.node)
                ),
                "ranks are 1, 2, 3, ...: compare with a rank of 1 or more, e.g. `rank <= 3`",
            ));
        }
        Condition::Score(comparison) => {
            let Some(range) = composite else { return };
            let precision = ctx.scheme.precision();
            let finer = number(comparison).is_some_and(|v| v.normalize().scale() > precision);
            if finer && comparison.op == CmpOp::Eq {
                out.push(never(
                    format!(
                        "`score == {}` never holds: scores are rounded to {precision} decimals",
                        show(&comparison.rhs.node)
                    ),
                    "compare with a value of the score's precision, or use `>=`",
                ));
            } else if !can_hold(comparison, range) {
                out.push(never(
                    format!(
                        "`score {} {}` never holds: the composite lies between {} and {}",
                        comparison.op.symbol(),
                        show(&comparison.rhs.node),
                        plain(range.min),
                        plain(range.max)
                    ),
                    "compare with a score the composite can reach (caps and stretch targets raise the highest)",
                ));
            }
        }
        Condition::Indicator { target, subject: Subject::Points, comparison } => {
            let Some(node) = ctx.nodes.get(target.node.as_str()) else { return };
            let Some(range) = node_range(ctx, node) else { return };
            if !can_hold(comparison, range) {
                out.push(never(
                    format!(
                        "`{} points {} {}` never holds: `{}` scores between {} and {} points",
                        target.node,
                        comparison.op.symbol(),
                        show(&comparison.rhs.node),
                        target.node,
                        plain(range.min),
                        plain(range.max)
                    ),
                    "compare with points the indicator can score",
                ));
            }
        }
        _ => {}
    }
}

fn number(comparison: &Comparison) -> Option<Decimal> {
    match comparison.rhs.node {
        Quantity::Number(v) => Some(v),
        _ => None,
    }
}

/// Whether some rank 1, 2, 3, ... satisfies the comparison (ranks have no known maximum).
fn rank_can_hold(comparison: &Comparison) -> bool {
    let Some(v) = number(comparison) else { return true };
    match comparison.op {
        CmpOp::Lt => v > Decimal::ONE,
        CmpOp::Le => v >= Decimal::ONE,
        CmpOp::Eq => v >= Decimal::ONE && v.fract().is_zero(),
        CmpOp::Gt | CmpOp::Ge | CmpOp::Ne => true,
    }
}

/// Whether some value in `range` satisfies the comparison.
pub(crate) fn can_hold(comparison: &Comparison, range: PointsRange) -> bool {
    let Some(v) = number(comparison) else { return true };
    match comparison.op {
        CmpOp::Lt => range.min < v,
        CmpOp::Le => range.min <= v,
        CmpOp::Gt => range.max > v,
        CmpOp::Ge => range.max >= v,
        CmpOp::Eq => range.min <= v && v <= range.max,
        CmpOp::Ne => !(range.min == v && range.max == v),
    }
}

fn streak(ctx: &Context, action: &Action, out: &mut Vec<Diagnostic>) {
    let Some(streak) = &action.streak else { return };
    match streak.node {
        0 => out.push(
            ctx.error("structure::streak-zero", format!("action `{}` asks for 0 consecutive cycles", action.id.node), streak.span)
                .with_label("a streak of no cycles")
                .with_help("give the number of cycles in a row the condition must hold (2 or more), or remove `for ... consecutive cycles`"),
        ),
        1 => out.push(
            ctx.warning("structure::streak-redundant", format!("`for 1 consecutive cycles` on action `{}` changes nothing", action.id.node), streak.span)
                .with_label("every condition holds for one cycle")
                .with_help("remove `for 1 consecutive cycles`, or ask for 2 or more"),
        ),
        _ => {}
    }
}

fn money(ctx: &Context, effect: &Spanned<Effect>, out: &mut Vec<Diagnostic>) {
    let (Effect::Bonus { amount, currency, .. } | Effect::Deduction { amount, currency, .. }) =
        &effect.node
    else {
        return;
    };
    let word = if matches!(effect.node, Effect::Bonus { .. }) { "bonus" } else { "deduction" };
    if amount.node <= Decimal::ZERO {
        out.push(
            ctx.error(
                "structure::amount-not-positive",
                format!("the {word} amount is {}; it must be above zero", amount.node),
                amount.span,
            )
            .with_label("not above zero")
            .with_help("write a positive amount: `bonus` adds it, `deduct` takes it away"),
        );
    }
    let scheme_currency = ctx.scheme.currency.as_ref();
    match (currency, scheme_currency) {
        (Some(currency), Some(scheme)) if currency.node != scheme.node => out.push(
            ctx.warning(
                "structure::currency-differs",
                format!("the {word} is in {}, but the scheme's currency is {}", currency.node, scheme.node),
                currency.span,
            )
            .with_label(format!("not {}", scheme.node))
            .with_help(format!(
                "merit does not convert currencies: pay in {} (line {}) unless this really is paid in {}",
                scheme.node,
                ctx.line(scheme.span),
                currency.node
            )),
        ),
        (None, None) => out.push(
            ctx.error("structure::currency-unknown", format!("the {word} names no currency, and the scheme has none"), amount.span)
                .with_label("amount without a currency")
                .with_help("write the currency after the amount (`100 CNY`) or declare `currency CNY` for the scheme"),
        ),
        _ => {}
    }
}
