//! Duplicate names: indicator and group ids (one namespace), raters, scales, grades, actions,
//! hooks, milestones; a scale's ratings; a rater listed twice on one indicator.
//!
//! Codes: `structure::duplicate-name`, `structure::duplicate-scale-step`.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::context::{Context, NameMap, plain};
use crate::ast::{Ident, Node};
use crate::diagnostic::Diagnostic;
use crate::source::Span;

/// Check every namespace for names declared twice.
pub(crate) fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let scheme = ctx.scheme;
    let mut nodes: Vec<(&str, &Ident)> = Vec::new();
    super::context::walk_nodes(&scheme.indicators, &mut |node| {
        let what = match node {
            Node::Group(_) => "group",
            Node::Indicator(_) => "indicator",
        };
        nodes.push((what, node.id()));
    });
    unique(ctx, nodes, "groups and indicators share one set of ids", out);
    let raters = scheme.raters.iter().map(|r| ("rater", &r.id));
    unique(ctx, raters, "raters need distinct ids", out);
    let scales = scheme.scales.iter().map(|s| ("scale", &s.id));
    unique(ctx, scales, "scales need distinct ids", out);
    let grades = scheme.grades.iter().flat_map(|g| &g.grades).map(|g| ("grade", &g.id));
    unique(ctx, grades, "grades need distinct ids", out);
    let actions = scheme.actions.iter().map(|a| ("action", &a.id));
    unique(ctx, actions, "actions need distinct ids", out);
    let hooks = scheme.hooks.iter().map(|h| ("hook", &h.function));
    unique(ctx, hooks, "declare each hook function once", out);
    let milestones = scheme.milestones.iter().map(|m| ("milestone", &m.id));
    unique(ctx, milestones, "milestones need distinct ids", out);
    for indicator in scheme.all_indicators() {
        if let Some(rating) = &indicator.rating {
            let raters = rating.raters.iter().map(|r| ("rater", r));
            listed_once(ctx, raters, &indicator.id.node, out);
        }
    }
    for scale in &scheme.scales {
        let mut seen: HashMap<Decimal, usize> = HashMap::new();
        for step in &scale.steps {
            let rating = step.rating.node.normalize();
            match seen.get(&rating) {
                Some(line) => out.push(
                    ctx.error(
                        "structure::duplicate-scale-step",
                        format!(
                            "scale `{}` has the rating {} twice (first on line {line})",
                            scale.id.node,
                            plain(rating)
                        ),
                        step.rating.span,
                    )
                    .with_label("rating already on the scale")
                    .with_help("give each step of the scale its own rating"),
                ),
                None => {
                    seen.insert(rating, ctx.line(step.rating.span));
                }
            }
        }
    }
}

/// Report every id declared again after its first declaration.
fn unique<'a>(
    ctx: &Context,
    ids: impl IntoIterator<Item = (&'static str, &'a Ident)>,
    rule: &str,
    out: &mut Vec<Diagnostic>,
) {
    // The first declaration's span, not its line: lines are looked up for duplicates only.
    let mut seen: NameMap<&str, (&str, Span)> = NameMap::default();
    for (what, id) in ids {
        match seen.get(id.node.as_str()) {
            Some(&(first_what, first)) => {
                let line = ctx.line(first);
                out.push(
                    ctx.error(
                        "structure::duplicate-name",
                        if what == first_what {
                            format!("{what} `{}` is already declared on line {line}", id.node)
                        } else {
                            format!(
                                "{what} `{}` has the same id as the {first_what} on line {line}",
                                id.node
                            )
                        },
                        id.span,
                    )
                    .with_label("declared again here")
                    .with_help(format!("rename one of them: {rule}")),
                )
            }
            None => {
                seen.insert(&id.node, (what, id.span));
            }
        }
    }
}

/// Report a rater named twice in one `rated on ... by` list.
fn listed_once<'a>(
    ctx: &Context,
    raters: impl IntoIterator<Item = (&'static str, &'a Ident)>,
    indicator: &str,
    out: &mut Vec<Diagnostic>,
) {
    let mut seen: Vec<&str> = Vec::new();
    for (_, rater) in raters {
        if seen.contains(&rater.node.as_str()) {
            out.push(
                ctx.error(
                    "structure::duplicate-name",
                    format!("rater `{}` is listed twice for `{indicator}`", rater.node),
                    rater.span,
                )
                .with_label("listed again here")
                .with_help("name each rater once; rater weights say how much each one counts"),
            );
        } else {
            seen.push(&rater.node);
        }
    }
}
