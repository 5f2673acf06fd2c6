//! Unknown references: indicators and groups in tie-breaks and action conditions, raters and
//! scales in `rated on ... by`, grades in `grade A`, hook functions called but not declared.
//! Each comes with a did-you-mean suggestion or the list of declared names.
//!
//! Codes: `structure::unknown-indicator`, `structure::unknown-rater`,
//! `structure::unknown-scale`, `structure::unknown-grade`, `structure::unknown-hook`.

use super::context::{Context, unknown_name_help, walk_condition};
use crate::ast::{Condition, HookCall, Ident, Scoring};
use crate::diagnostic::Diagnostic;

/// Check every reference in the scheme against the declared names.
pub(crate) fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for indicator in ctx.scheme.all_indicators() {
        if let Some(derived) = &indicator.derived {
            hook(ctx, &derived.node, out);
        }
        if let Some(scoring) = &indicator.scoring {
            if let Scoring::Hook(call) = &scoring.node {
                hook(ctx, &call.node, out);
            }
        }
        if let Some(rating) = &indicator.rating {
            scale(ctx, &rating.scale, out);
            for rater in &rating.raters {
                self::rater(ctx, rater, out);
            }
        }
    }
    if let Some(ranking) = &ctx.scheme.ranking {
        for id in &ranking.tie_break {
            node(ctx, id, "tie break", out);
        }
    }
    for action in &ctx.scheme.actions {
        walk_condition(&action.condition, &mut |condition| match &condition.node {
            Condition::Indicator { target, .. } => node(ctx, target, "condition", out),
            Condition::Grade(grades) => grades.iter().for_each(|g| grade(ctx, g, out)),
            Condition::Hook(call) => hook(ctx, &call.node, out),
            _ => {}
        });
    }
}

fn node(ctx: &Context, id: &Ident, place: &str, out: &mut Vec<Diagnostic>) {
    if ctx.nodes.contains_key(id.node.as_str()) {
        return;
    }
    let help = unknown_name_help(
        &id.node,
        "indicators and groups",
        ctx.nodes.keys().copied(),
        "name a declared indicator or group",
    );
    out.push(
        ctx.error(
            "structure::unknown-indicator",
            format!(
                "the {place} names `{}`, which is not an indicator or group of this scheme",
                id.node
            ),
            id.span,
        )
        .with_label("unknown indicator")
        .with_help(help),
    );
}

fn rater(ctx: &Context, id: &Ident, out: &mut Vec<Diagnostic>) {
    if ctx.raters.contains_key(id.node.as_str()) {
        return;
    }
    let help = unknown_name_help(
        &id.node,
        "raters",
        ctx.raters.keys().copied(),
        "declare it with `rater <id> <kind> \"<name>\" weight <W>%`",
    );
    out.push(
        ctx.error(
            "structure::unknown-rater",
            format!("rater `{}` is not declared", id.node),
            id.span,
        )
        .with_label("unknown rater")
        .with_help(help),
    );
}

fn scale(ctx: &Context, id: &Ident, out: &mut Vec<Diagnostic>) {
    if ctx.scales.contains_key(id.node.as_str()) {
        return;
    }
    let help = unknown_name_help(
        &id.node,
        "scales",
        ctx.scales.keys().copied(),
        "declare it with `scale <id> \"<name>\" { 1 \"...\" ... }`",
    );
    out.push(
        ctx.error(
            "structure::unknown-scale",
            format!("scale `{}` is not declared", id.node),
            id.span,
        )
        .with_label("unknown scale")
        .with_help(help),
    );
}

fn grade(ctx: &Context, id: &Ident, out: &mut Vec<Diagnostic>) {
    if ctx.grades.contains_key(id.node.as_str()) {
        return;
    }
    let help = if ctx.scheme.grades.is_none() {
        "the scheme declares no grades; add `grades by score { ... }` or `grades by rank { ... }`"
            .to_string()
    } else {
        unknown_name_help(&id.node, "grades", ctx.grades.keys().copied(), "name a declared grade")
    };
    out.push(
        ctx.error(
            "structure::unknown-grade",
            format!("grade `{}` is not declared", id.node),
            id.span,
        )
        .with_label("unknown grade")
        .with_help(help),
    );
}

fn hook(ctx: &Context, call: &HookCall, out: &mut Vec<Diagnostic>) {
    let function = &call.function;
    if ctx.hooks.contains_key(function.node.as_str()) {
        return;
    }
    let declare = format!("declare it with `hook {} in \"<script>.rhai\"`", function.node);
    let help = unknown_name_help(&function.node, "hooks", ctx.hooks.keys().copied(), &declare);
    out.push(
        ctx.error(
            "structure::unknown-hook",
            format!("hook function `{}` is not declared", function.node),
            function.span,
        )
        .with_label("unknown hook")
        .with_help(help),
    );
}
