//! Curves and targets: threshold, target and stretch in the order the direction asks for;
//! curve anchors strictly ordered in value and sloping the way the direction says; caps of
//! at least 100 points; ratio targets above zero.
//!
//! Codes: `structure::target-order`, `structure::cap-below-100`,
//! `structure::curve-too-few-anchors`, `structure::anchor-duplicate`,
//! `structure::anchor-order`, `structure::curve-direction`,
//! `structure::ratio-target-not-positive`.

use rust_decimal::Decimal;

use super::context::{Context, base, plain, show};
use crate::ast::{Anchor, Direction, Indicator, Quantity, Scoring, Stretch};
use crate::diagnostic::Diagnostic;
use crate::source::{Span, Spanned};

/// Check every curve, target shorthand and ratio rule.
pub(crate) fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for indicator in ctx.scheme.all_indicators() {
        let Some(scoring) = &indicator.scoring else { continue };
        let direction = indicator.direction.as_ref().map(|d| d.node);
        match &scoring.node {
            Scoring::Targets { threshold, target, stretch } => {
                targets(ctx, indicator, direction, threshold, target, stretch.as_ref(), out);
            }
            Scoring::Curve(anchors) => curve(ctx, indicator, direction, scoring.span, anchors, out),
            Scoring::Ratio { target, cap } => {
                if base(&target.node).is_some_and(|t| t <= Decimal::ZERO) {
                    out.push(
                        ctx.error(
                            "structure::ratio-target-not-positive",
                            format!("the ratio target of `{}` is {}; it must be above zero", indicator.id.node, show(&target.node)),
                            target.span,
                        )
                        .with_label("not above zero")
                        .with_help("points are 100 × value / target (or target / value): give a target above zero"),
                    );
                }
                if let Some(cap) = cap {
                    cap_at_least_100(ctx, indicator, cap, out);
                }
            }
            Scoring::Bands { .. } | Scoring::PassFail(_) | Scoring::Hook(_) => {}
        }
    }
}

fn targets(
    ctx: &Context,
    indicator: &Indicator,
    direction: Option<Direction>,
    threshold: &Spanned<Quantity>,
    target: &Spanned<Quantity>,
    stretch: Option<&Stretch>,
    out: &mut Vec<Diagnostic>,
) {
    let (Some(t), Some(g)) = (base(&threshold.node), base(&target.node)) else { return };
    let id = &indicator.id.node;
    if t == g {
        out.push(
            ctx.error(
                "structure::target-order",
                format!(
                    "the threshold and the target of `{id}` are the same value ({})",
                    show(&target.node)
                ),
                target.span,
            )
            .with_label("same as the threshold")
            .with_help("the threshold scores 0 points and the target 100: they must differ"),
        );
        return;
    }
    // With no declared direction, the threshold and target decide it.
    let higher = direction.map_or(g > t, |d| d == Direction::Higher);
    if (g > t) != higher {
        out.push(
            ctx.error(
                "structure::target-order",
                format!(
                    "{} is better for `{id}`, but its target {} is {} its threshold {}",
                    if higher { "higher" } else { "lower" },
                    show(&target.node),
                    if higher { "below" } else { "above" },
                    show(&threshold.node)
                ),
                target.span,
            )
            .with_label(format!("target should be {} the threshold", if higher { "above" } else { "below" }))
            .with_help("the threshold (0 points) is the worst acceptable value, the target (100 points) the good one: swap them, or fix the direction"),
        );
        return;
    }
    let Some(stretch) = stretch else { return };
    cap_at_least_100(ctx, indicator, &stretch.cap, out);
    let Some(s) = base(&stretch.value.node) else { return };
    if (higher && s <= g) || (!higher && s >= g) {
        out.push(
            ctx.error(
                "structure::target-order",
                format!(
                    "the stretch {} of `{id}` is not beyond its target {}",
                    show(&stretch.value.node),
                    show(&target.node)
                ),
                stretch.value.span,
            )
            .with_label(format!("should be {} the target", if higher { "above" } else { "below" }))
            .with_help("the stretch is an over-achievement: a value better than the target"),
        );
    }
}

fn cap_at_least_100(
    ctx: &Context,
    indicator: &Indicator,
    cap: &Spanned<Decimal>,
    out: &mut Vec<Diagnostic>,
) {
    if cap.node >= Decimal::ONE_HUNDRED {
        return;
    }
    out.push(
        ctx.error(
            "structure::cap-below-100",
            format!(
                "the cap of `{}` is {}, below the 100 points of the target",
                indicator.id.node,
                plain(cap.node)
            ),
            cap.span,
        )
        .with_label("cap below 100")
        .with_help(
            "a cap rewards over-achievement: make it 100 or more (e.g. `cap 120`), or remove it",
        ),
    );
}

fn curve(
    ctx: &Context,
    indicator: &Indicator,
    direction: Option<Direction>,
    span: Span,
    anchors: &[Spanned<Anchor>],
    out: &mut Vec<Diagnostic>,
) {
    let id = &indicator.id.node;
    if anchors.len() < 2 {
        out.push(
            ctx.error(
                "structure::curve-too-few-anchors",
                format!(
                    "the curve of `{id}` has {}; it needs at least two",
                    if anchors.is_empty() { "no anchors" } else { "only one anchor" }
                ),
                span,
            )
            .with_label("too few anchors")
            .with_help("give the value worth 0 points and the value worth 100 (`20% => 0` and `45% => 100`)"),
        );
        return;
    }
    let Some(values) = anchors.iter().map(|a| base(&a.value.node)).collect::<Option<Vec<_>>>()
    else {
        return;
    };
    let mut ascending: Option<bool> = None;
    let mut ordered = true;
    for (pair, value) in anchors.windows(2).zip(values.windows(2)) {
        let (previous, anchor) = (&pair[0], &pair[1]);
        let (a, b) = (value[0], value[1]);
        if a == b {
            ordered = false;
            out.push(
                ctx.error(
                    "structure::anchor-duplicate",
                    format!("the curve of `{id}` has two anchors at {}", show(&anchor.value.node)),
                    anchor.value.span,
                )
                .with_label(format!(
                    "same value as the anchor on line {}",
                    ctx.line(previous.value.span)
                ))
                .with_help(
                    "a value can score only one number of points: remove one of the anchors",
                ),
            );
            continue;
        }
        match ascending {
            None => ascending = Some(b > a),
            Some(up) if up != (b > a) => {
                ordered = false;
                out.push(
                    ctx.error(
                        "structure::anchor-order",
                        format!(
                            "the anchors of `{id}`'s curve are not in order: {} comes after {}",
                            show(&anchor.value.node),
                            show(&previous.value.node)
                        ),
                        anchor.value.span,
                    )
                    .with_label(format!("the anchors before it go {}", if up { "up" } else { "down" }))
                    .with_help("list the anchors in strictly increasing (or strictly decreasing) order of value"),
                );
            }
            Some(_) => {}
        }
    }
    let (Some(direction), true) = (direction, ordered) else { return };
    let by_value = |(_, v): &(&Spanned<Anchor>, &Decimal)| **v;
    let with_values = || anchors.iter().zip(&values);
    let (Some((low, _)), Some((high, _))) =
        (with_values().min_by_key(by_value), with_values().max_by_key(by_value))
    else {
        return;
    };
    let rises = high.points.node > low.points.node;
    let falls = high.points.node < low.points.node;
    if (direction == Direction::Higher && falls) || (direction == Direction::Lower && rises) {
        let Some(declared) = &indicator.direction else { return };
        out.push(
            ctx.error(
                "structure::curve-direction",
                format!(
                    "{} is better for `{id}`, but its curve gives {} points at {} than at {}",
                    if direction == Direction::Higher { "higher" } else { "lower" },
                    if falls { "fewer" } else { "more" },
                    show(&high.value.node),
                    show(&low.value.node)
                ),
                span,
            )
            .with_label("points slope the wrong way")
            .with_help(format!(
                "better values should earn more points: fix the anchors' points, or the direction on line {}",
                ctx.line(declared.span)
            )),
        );
    }
}
