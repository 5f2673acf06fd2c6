//! SMART, Measurable: a measured indicator has a unit, a direction and a data source (its
//! scoring rule is `structure::nothing-to-score` when absent); a rated indicator's scale
//! labels every step and its raters are named in words.
//!
//! Codes: `measurable::no-unit`, `measurable::no-direction`,
//! `measurable::ratio-no-direction`, `measurable::no-source`,
//! `measurable::scale-unlabelled-step`, `measurable::unnamed-rater`.

use std::collections::HashSet;

use super::context::{Context, base, blank};
use crate::ast::{Direction, Indicator, Quantity, Scoring};
use crate::diagnostic::Diagnostic;

/// Check measured indicators' unit, direction and source, and rated indicators' scales and
/// raters.
pub(crate) fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for indicator in ctx.scheme.all_indicators() {
        // Neither rated nor scored, or both, is a structure finding already.
        let (Some(scoring), None) = (&indicator.scoring, &indicator.rating) else { continue };
        unit(ctx, indicator, &scoring.node, out);
        direction(ctx, indicator, &scoring.node, out);
        if blank(indicator.source.as_ref()) {
            out.push(
                ctx.warning(
                    "measurable::no-source",
                    format!(
                        "indicator `{}` does not say where its values come from",
                        indicator.id.node
                    ),
                    indicator.id.span,
                )
                .with_label("no `source`")
                .with_help(
                    "add `source \"...\"` naming the system or report the values are taken from, \
                     e.g. `source \"Performance-monitoring software\"`",
                ),
            );
        }
    }
    scales(ctx, out);
    raters(ctx, out);
}

fn unit(ctx: &Context, indicator: &Indicator, scoring: &Scoring, out: &mut Vec<Diagnostic>) {
    if indicator.unit.is_some() {
        return;
    }
    let suggestion = match first_literal(scoring) {
        Some(Quantity::Percent(_)) => "`unit percent` (its rule is written in percent)".to_string(),
        Some(Quantity::Duration(..)) => "`unit duration` (its rule is written in time)".to_string(),
        Some(Quantity::Money(_, code)) => format!("`unit currency {code}` (its rule is in {code})"),
        Some(Quantity::Number(_)) | None => {
            "`unit percent`, `unit duration`, `unit currency CNY`, `unit count` or `unit ratio`"
                .to_string()
        }
    };
    out.push(
        ctx.warning(
            "measurable::no-unit",
            format!("indicator `{}` has no unit", indicator.id.node),
            indicator.id.span,
        )
        .with_label("no `unit`")
        .with_help(format!(
            "add {suggestion}: the unit says how the data's values are read and checked"
        )),
    );
}

fn direction(ctx: &Context, indicator: &Indicator, scoring: &Scoring, out: &mut Vec<Diagnostic>) {
    if indicator.direction.is_some() {
        return;
    }
    let id = &indicator.id.node;
    let message = format!("indicator `{id}` does not say whether higher or lower is better");
    let diagnostic = match scoring {
        // The ratio formula itself depends on the direction: guessing would score wrongly.
        Scoring::Ratio { .. } => ctx
            .error("measurable::ratio-no-direction", message, indicator.id.span)
            .with_label("ratio rule without a direction")
            .with_help(
                "add `higher is better` (points = 100 × value / target) or `lower is better` \
                 (points = 100 × target / value)",
            ),
        _ => {
            let implied = implied_direction(scoring).map_or(String::new(), |d| {
                format!(
                    "; its rule implies `{} is better`",
                    if d == Direction::Higher { "higher" } else { "lower" }
                )
            });
            ctx.warning("measurable::no-direction", message, indicator.id.span)
                .with_label("no direction")
                .with_help(format!("add `higher is better` or `lower is better`{implied}"))
        }
    };
    out.push(diagnostic);
}

/// The direction a threshold/target pair or a curve's anchors imply.
fn implied_direction(scoring: &Scoring) -> Option<Direction> {
    let (worse, better) = match scoring {
        Scoring::Targets { threshold, target, .. } => (base(&threshold.node)?, base(&target.node)?),
        Scoring::Curve(anchors) => {
            let low = anchors.iter().min_by_key(|a| a.points.node)?;
            let high = anchors.iter().max_by_key(|a| a.points.node)?;
            (base(&low.value.node)?, base(&high.value.node)?)
        }
        _ => return None,
    };
    match better.cmp(&worse) {
        std::cmp::Ordering::Greater => Some(Direction::Higher),
        std::cmp::Ordering::Less => Some(Direction::Lower),
        std::cmp::Ordering::Equal => None,
    }
}

fn first_literal(scoring: &Scoring) -> Option<&Quantity> {
    match scoring {
        Scoring::Targets { target, .. } | Scoring::Ratio { target, .. } => Some(&target.node),
        Scoring::Curve(anchors) => anchors.first().map(|a| &a.value.node),
        Scoring::Bands { bands, .. } => {
            bands.iter().find_map(|b| b.range.from.as_ref().or(b.range.to.as_ref()))
        }
        Scoring::PassFail(comparison) => Some(&comparison.rhs.node),
        Scoring::Hook(_) => None,
    }
}

/// Every step of a scale used by a rated indicator says what it means.
fn scales(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for scale in &ctx.scheme.scales {
        for step in &scale.steps {
            if !blank(step.label.as_ref()) {
                continue;
            }
            let rating = step.rating.node.normalize();
            out.push(
                ctx.warning(
                    "measurable::scale-unlabelled-step",
                    format!(
                        "step {rating} of scale `{}` does not say what it means",
                        scale.id.node
                    ),
                    step.span,
                )
                .with_label("no label")
                .with_help(format!(
                    "label the step so that raters rate alike: `{rating} \"Meets expectations\"`"
                )),
            );
        }
    }
}

/// Raters who rate something are named in words.
fn raters(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let rating: HashSet<&str> = ctx
        .scheme
        .all_indicators()
        .into_iter()
        .filter_map(|i| i.rating.as_ref())
        .flat_map(|r| r.raters.iter().map(|id| id.node.as_str()))
        .collect();
    for rater in &ctx.scheme.raters {
        if !rating.contains(rater.id.node.as_str()) || !blank(rater.label.as_ref()) {
            continue;
        }
        let id = &rater.id.node;
        out.push(
            ctx.warning(
                "measurable::unnamed-rater",
                format!("rater `{id}` rates indicators but is not named in words"),
                rater.id.span,
            )
            .with_label("no name")
            .with_help(format!(
                "say who rates, after the kind: `rater {id} {} \"Store manager\"`",
                kind_word(rater.kind.node)
            )),
        );
    }
}

fn kind_word(kind: crate::ast::RaterKind) -> &'static str {
    use crate::ast::RaterKind::*;
    match kind {
        Manager => "manager",
        Peer => "peer",
        Subordinate => "subordinate",
        SelfRater => "self",
        Customer => "customer",
        Expert => "expert",
    }
}
