//! Raters and scales: a rater on an indicator that several raters rate needs a weight;
//! declared raters should rate something; a scale needs two ratings to map ratings to
//! points, and gives points for every step or for none.
//!
//! Codes: `structure::rater-weight-missing`, `structure::unused-rater`,
//! `structure::scale-too-few-steps`, `structure::scale-points-partial`.

use std::collections::HashSet;

use super::context::Context;
use crate::diagnostic::Diagnostic;

/// Check rater weights and use, and the shape of each scale.
pub(crate) fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let mut used: HashSet<&str> = HashSet::new();
    for indicator in ctx.scheme.all_indicators() {
        let Some(rating) = &indicator.rating else { continue };
        let distinct: HashSet<&str> = rating.raters.iter().map(|r| r.node.as_str()).collect();
        used.extend(&distinct);
        if distinct.len() < 2 {
            continue;
        }
        let mut reported: HashSet<&str> = HashSet::new();
        for id in &rating.raters {
            let Some(rater) = ctx.raters.get(id.node.as_str()) else { continue };
            if rater.weight.is_some() || !reported.insert(&id.node) {
                continue;
            }
            out.push(
                ctx.error(
                    "structure::rater-weight-missing",
                    format!(
                        "rater `{}` has no weight, but `{}` is rated by {} raters",
                        id.node,
                        indicator.id.node,
                        distinct.len()
                    ),
                    id.span,
                )
                .with_label("rater without a weight")
                .with_help(format!(
                    "add `weight <W>%` to the declaration of `{}` on line {}: the score is the \
                     weighted mean of the raters' scores",
                    id.node,
                    ctx.line(rater.id.span)
                )),
            );
        }
    }
    for rater in &ctx.scheme.raters {
        if !used.contains(rater.id.node.as_str()) {
            out.push(
                ctx.warning(
                    "structure::unused-rater",
                    format!("rater `{}` is declared but rates no indicator", rater.id.node),
                    rater.id.span,
                )
                .with_label("never used")
                .with_help(format!(
                    "name it in `rated on <scale> by {}` where it rates, or remove it",
                    rater.id.node
                )),
            );
        }
    }
    scales(ctx, out);
}

fn scales(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for scale in &ctx.scheme.scales {
        let with_points = scale.steps.iter().filter(|s| s.points.is_some()).count();
        let ratings: HashSet<_> = scale.steps.iter().map(|s| s.rating.node.normalize()).collect();
        if with_points == 0 && ratings.len() < 2 {
            out.push(
                ctx.error(
                    "structure::scale-too-few-steps",
                    format!(
                        "scale `{}` has {}; it needs at least two",
                        scale.id.node,
                        if ratings.is_empty() { "no ratings" } else { "only one rating" }
                    ),
                    scale.id.span,
                )
                .with_label("too few steps")
                .with_help(
                    "a rating r scores 100 × (r − lowest) / (highest − lowest): give the scale a \
                     lowest and a highest step, or points per step (`5 \"Outstanding\" => 100`)",
                ),
            );
        }
        if with_points > 0 && with_points < scale.steps.len() {
            for step in scale.steps.iter().filter(|s| s.points.is_none()) {
                out.push(
                    ctx.error(
                        "structure::scale-points-partial",
                        format!(
                            "step {} of scale `{}` gives no points, but other steps do",
                            step.rating.node, scale.id.node
                        ),
                        step.span,
                    )
                    .with_label("no `=> points`")
                    .with_help(
                        "give points to every step (`3 \"Meets expectations\" => 60`) or to none",
                    ),
                );
            }
        }
    }
}
