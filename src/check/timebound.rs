//! SMART, Time-bound: the scheme has a cycle and the date it takes effect, records who
//! approved it (before it took effect) and when each step of the cycle is due; obligations
//! (improvement plans) have deadlines; milestones fall inside the cycle.
//!
//! A milestone's `day N` counts days after the period ends; it falls outside the cycle when
//! N exceeds the cycle's length: weekly 7, monthly 28 (the shortest month), quarterly 90,
//! yearly 365 — a later milestone would land in the next period's own cycle of reviews.
//!
//! Codes: `timebound::no-cycle`, `timebound::no-effective-date`, `timebound::no-approvals`,
//! `timebound::approval-after-effective`, `timebound::no-milestones`,
//! `timebound::milestone-outside-cycle`, `timebound::plan-without-deadline`.

use super::context::Context;
use crate::ast::{Effect, Period};
use crate::diagnostic::Diagnostic;

/// The days a milestone may lie after the end of a period: the cycle's length.
pub fn cycle_days(period: Period) -> u32 {
    match period {
        Period::Weekly => 7,
        Period::Monthly => 28,
        Period::Quarterly => 90,
        Period::Yearly => 365,
    }
}

/// The cycle's name in words.
fn cycle_word(period: Period) -> &'static str {
    match period {
        Period::Weekly => "weekly",
        Period::Monthly => "monthly",
        Period::Quarterly => "quarterly",
        Period::Yearly => "yearly",
    }
}

/// Check the cycle, approvals, milestones and improvement plans' deadlines.
pub(crate) fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let scheme = ctx.scheme;
    let title = scheme.name.span;
    match &scheme.cycle {
        None => out.push(
            ctx.warning("timebound::no-cycle", "the scheme does not say how often it is evaluated", title)
                .with_label("no `cycle`")
                .with_help("add a line like `cycle monthly from 2024-01-01` (weekly, monthly, quarterly or yearly, and the date it takes effect)"),
        ),
        Some(cycle) if cycle.effective.is_none() => out.push(
            ctx.warning("timebound::no-effective-date", "the cycle does not say from when the scheme applies", cycle.span)
                .with_label("no `from` date")
                .with_help(format!("add the date the scheme takes effect: `cycle {} from 2024-01-01`", cycle_word(cycle.period.node))),
        ),
        Some(_) => {}
    }
    if scheme.approvals.is_empty() {
        out.push(
            ctx.warning("timebound::no-approvals", "the scheme records no approval", title)
                .with_label("no `approved` line")
                .with_help("record who agreed to the scheme and when, e.g. `approved \"HR department\" on 2024-01-03`; indicators are agreed by consultation"),
        );
    }
    let effective = scheme.cycle.as_ref().and_then(|c| c.effective.as_ref());
    if let Some(effective) = effective {
        for approval in &scheme.approvals {
            if approval.on.node > effective.node {
                out.push(
                    ctx.warning(
                        "timebound::approval-after-effective",
                        format!(
                            "the approval by {} on {} comes after the scheme took effect on {}",
                            approval.by.node, approval.on.node, effective.node
                        ),
                        approval.on.span,
                    )
                    .with_label("approved after the effective date")
                    .with_help(format!(
                        "a scheme is agreed before it applies: check the date, or move the effective date (line {}) to {} or later",
                        ctx.line(effective.span),
                        approval.on.node
                    )),
                );
            }
        }
    }
    milestones(ctx, out);
    plans(ctx, out);
}

fn milestones(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let scheme = ctx.scheme;
    if scheme.milestones.is_empty() {
        out.push(
            ctx.warning("timebound::no-milestones", "the scheme sets no milestones for its cycle", scheme.name.span)
                .with_label("no `milestone` line")
                .with_help("say when each step is due, in days after the period ends, e.g. `milestone feedback \"Feedback interviews held\" day 10`"),
        );
    }
    let Some(cycle) = &scheme.cycle else { return };
    let period = cycle.period.node;
    let days = cycle_days(period);
    for milestone in &scheme.milestones {
        let day = milestone.day.node;
        if day > days {
            out.push(
                ctx.warning(
                    "timebound::milestone-outside-cycle",
                    format!(
                        "milestone `{}` is due {day} days after the period ends, beyond the {days} days of a {} cycle",
                        milestone.id.node,
                        cycle_word(period)
                    ),
                    milestone.day.span,
                )
                .with_label(format!("after day {days}"))
                .with_help(format!(
                    "a step of the cycle should be done before the next period ends: give a day from 1 to {days}, or a longer cycle"
                )),
            );
        }
    }
}

fn plans(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for action in &ctx.scheme.actions {
        for effect in &action.effects {
            if let Effect::ImprovementPlan { due_days: None, .. } = &effect.node {
                out.push(
                    ctx.warning(
                        "timebound::plan-without-deadline",
                        format!("the improvement plan of action `{}` has no deadline", action.id.node),
                        effect.span,
                    )
                    .with_label("no `due`")
                    .with_help("say when the plan is due: `improvement plan \"...\" due 7 days after notice`"),
                );
            }
        }
    }
}
