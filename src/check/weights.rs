//! Weights: siblings' weights sum to exactly 100%, every weight (of a group, an indicator or
//! a rater) is positive, and no group is empty.
//!
//! Codes: `structure::weight-sum`, `structure::weight-not-positive`,
//! `structure::empty-group`.

use rust_decimal::Decimal;

use super::context::{Context, plain};
use crate::ast::Node;
use crate::diagnostic::Diagnostic;
use crate::source::Spanned;

/// Check the weights of the root's children, of every group's children and of the raters.
pub(crate) fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let scheme = ctx.scheme;
    if scheme.indicators.is_empty() {
        out.push(
            ctx.error("structure::empty-group", "the scheme has no indicators", scheme.name.span)
                .with_label("nothing to score")
                .with_help("add groups or indicators whose weights sum to 100%"),
        );
    } else {
        siblings(ctx, None, &scheme.indicators, out);
    }
    for rater in &scheme.raters {
        if let Some(weight) = &rater.weight {
            if weight.node <= Decimal::ZERO {
                out.push(not_positive(ctx, &format!("rater `{}`", rater.id.node), weight));
            }
        }
    }
}

/// Check one list of siblings (the root's when `parent` is `None`), then recurse.
fn siblings(
    ctx: &Context,
    parent: Option<&Spanned<String>>,
    nodes: &[Spanned<Node>],
    out: &mut Vec<Diagnostic>,
) {
    let mut sum = Some(Decimal::ZERO);
    for node in nodes {
        let weight = node.weight();
        sum = sum.and_then(|s| s.checked_add(weight.node));
        if weight.node <= Decimal::ZERO {
            let what = match &node.node {
                Node::Group(_) => "group",
                Node::Indicator(_) => "indicator",
            };
            out.push(not_positive(ctx, &format!("{what} `{}`", node.id().node), weight));
        }
    }
    if let Some(first) = nodes.first() {
        let hundred = Decimal::ONE_HUNDRED;
        if sum != Some(hundred) {
            let shown = sum.map_or_else(
                || "more than can be counted".to_string(),
                |s| format!("{}%", plain(s)),
            );
            let (message, span, label) = match parent {
                Some(group) => (
                    format!("weights of the children of `{}` sum to {shown}, not 100%", group.node),
                    group.span,
                    format!("children's weights sum to {shown}"),
                ),
                None => (
                    format!(
                        "weights of the top-level groups and indicators sum to {shown}, not 100%"
                    ),
                    first.id().span,
                    format!("top-level weights sum to {shown}"),
                ),
            };
            out.push(
                ctx.error("structure::weight-sum", message, span).with_label(label).with_help(
                    format!("{}; change them so they add up to 100%", breakdown(nodes, sum)),
                ),
            );
        }
    }
    for node in nodes {
        if let Node::Group(group) = &node.node {
            if group.children.is_empty() {
                out.push(
                    ctx.error(
                        "structure::empty-group",
                        format!("group `{}` has no groups or indicators", group.id.node),
                        group.id.span,
                    )
                    .with_label("empty group")
                    .with_help("add indicators to the group, or remove it and give its weight to its siblings"),
                );
            } else {
                siblings(ctx, Some(&group.id), &group.children, out);
            }
        }
    }
}

/// `conversion 40% + response_time 30% + churn 25% = 95%`, shortened for long lists.
fn breakdown(nodes: &[Spanned<Node>], sum: Option<Decimal>) -> String {
    let mut terms: Vec<String> = nodes
        .iter()
        .take(8)
        .map(|n| format!("{} {}%", n.id().node, plain(n.weight().node)))
        .collect();
    if nodes.len() > 8 {
        terms.push("...".to_string());
    }
    match sum {
        Some(sum) => format!("{} = {}%", terms.join(" + "), plain(sum)),
        None => terms.join(" + "),
    }
}

fn not_positive(ctx: &Context, what: &str, weight: &Spanned<Decimal>) -> Diagnostic {
    ctx.error(
        "structure::weight-not-positive",
        format!("the weight of {what} is {}%; weights must be positive", plain(weight.node)),
        weight.span,
    )
    .with_label("not a positive weight")
    .with_help("give it a weight above 0%, or remove it if it should not count")
}
