//! The top level in canonical order: scheme metadata, approvals, milestones, raters, scales,
//! hooks, groups and indicators (in source order), grades, ranking, actions.

use crate::ast::{
    Action, Approval, Cycle, Effect, Grade, GradeMethod, Grades, HookDecl, Milestone,
    MissingPolicy, Period, RankScope, Ranking, Rater, RaterKind, Scale, ScaleStep, Scheme, Scope,
};
use crate::source::{Span, Spanned};

use super::doc::Stmt;
use super::expr::{condition, idents, label, number, percent, string};
use super::indicator::node;

/// Top-level sections; a blank line separates statements of different sections.
mod section {
    pub const METADATA: u8 = 0;
    pub const APPROVALS: u8 = 1;
    pub const MILESTONES: u8 = 2;
    pub const RATERS: u8 = 3;
    pub const SCALES: u8 = 4;
    pub const HOOKS: u8 = 5;
    pub const INDICATORS: u8 = 6;
    pub const GRADES: u8 = 7;
    pub const RANKING: u8 = 8;
    pub const ACTIONS: u8 = 9;
}

/// The scheme's top-level statements in canonical order.
pub fn scheme(scheme: &Scheme) -> Vec<Stmt> {
    let mut out = metadata(scheme);
    let mut add = |section: u8, stmts: Vec<Stmt>| {
        out.extend(stmts.into_iter().map(|s| s.in_section(section)));
    };
    add(section::APPROVALS, scheme.approvals.iter().map(approval).collect());
    add(section::MILESTONES, scheme.milestones.iter().map(milestone).collect());
    add(section::RATERS, scheme.raters.iter().map(rater).collect());
    add(section::SCALES, scheme.scales.iter().map(scale).collect());
    add(section::HOOKS, scheme.hooks.iter().map(hook).collect());
    add(section::INDICATORS, scheme.indicators.iter().map(node).collect());
    add(section::GRADES, scheme.grades.iter().map(grades).collect());
    add(section::RANKING, scheme.ranking.iter().map(ranking).collect());
    add(section::ACTIONS, scheme.actions.iter().map(action).collect());
    out
}

fn metadata(scheme: &Scheme) -> Vec<Stmt> {
    let text = |keyword: &str, value: &Option<Spanned<String>>| {
        value.as_ref().map(|v| Stmt::line(format!("{keyword} {}", string(&v.node)), [v.span]))
    };
    let mut out =
        vec![Stmt::line(format!("scheme {}", string(&scheme.name.node)), [scheme.name.span])];
    out.extend(text("version", &scheme.version));
    out.extend(text("purpose", &scheme.purpose));
    out.extend(text("strategy", &scheme.strategy));
    out.extend(text("owner", &scheme.owner));
    out.extend(scheme.scope.as_ref().map(scope));
    out.extend(scheme.cycle.as_ref().map(cycle));
    out.extend(
        scheme.precision.as_ref().map(|p| Stmt::line(format!("precision {}", p.node), [p.span])),
    );
    out.extend(
        scheme.currency.as_ref().map(|c| Stmt::line(format!("currency {}", c.node), [c.span])),
    );
    out.extend(scheme.missing.as_ref().map(missing));
    out.into_iter().map(|s| s.in_section(section::METADATA)).collect()
}

fn scope(scope: &Spanned<Scope>) -> Stmt {
    let mut text = "scope".to_string();
    let mut spans = vec![scope.span];
    if let Some(team) = &scope.team {
        text.push_str(&format!(" {}", string(&team.node)));
        spans.push(team.span);
    }
    if let Some(role) = &scope.role {
        text.push_str(&format!(" role {}", role.node));
        spans.push(role.span);
    }
    Stmt::line(text, spans)
}

fn cycle(cycle: &Spanned<Cycle>) -> Stmt {
    let period = match cycle.period.node {
        Period::Weekly => "weekly",
        Period::Monthly => "monthly",
        Period::Quarterly => "quarterly",
        Period::Yearly => "yearly",
    };
    let mut text = format!("cycle {period}");
    let mut spans = vec![cycle.span, cycle.period.span];
    if let Some(date) = &cycle.effective {
        text.push_str(&format!(" from {}", date.node));
        spans.push(date.span);
    }
    Stmt::line(text, spans)
}

/// `missing error|zero|reweight` (scheme, group or indicator).
pub fn missing(policy: &Spanned<MissingPolicy>) -> Stmt {
    let word = match policy.node {
        MissingPolicy::Error => "error",
        MissingPolicy::Zero => "zero",
        MissingPolicy::Reweight => "reweight",
    };
    Stmt::line(format!("missing {word}"), [policy.span])
}

fn approval(approval: &Spanned<Approval>) -> Stmt {
    let a = &approval.node;
    let text = format!("approved {} on {}", string(&a.by.node), a.on.node);
    Stmt::line(text, [approval.span, a.by.span, a.on.span])
}

fn milestone(milestone: &Spanned<Milestone>) -> Stmt {
    let m = &milestone.node;
    let text = format!("milestone {}{} day {}", m.id.node, label(&m.label), m.day.node);
    Stmt::line(text, [milestone.span, m.id.span, m.day.span])
}

fn rater(rater: &Spanned<Rater>) -> Stmt {
    let r = &rater.node;
    let kind = match r.kind.node {
        RaterKind::Manager => "manager",
        RaterKind::Peer => "peer",
        RaterKind::Subordinate => "subordinate",
        RaterKind::SelfRater => "self",
        RaterKind::Customer => "customer",
        RaterKind::Expert => "expert",
    };
    let mut text = format!("rater {} {kind}{}", r.id.node, label(&r.label));
    let mut spans = vec![rater.span, r.id.span, r.kind.span];
    if let Some(weight) = &r.weight {
        text.push_str(&format!(" weight {}", percent(weight.node)));
        spans.push(weight.span);
    }
    Stmt::line(text, spans)
}

fn scale(scale: &Spanned<Scale>) -> Stmt {
    let s = &scale.node;
    let steps = s.steps.iter().map(step).collect();
    Stmt::block(format!("scale {}{}", s.id.node, label(&s.label)), [scale.span, s.id.span], steps)
}

fn step(step: &Spanned<ScaleStep>) -> Stmt {
    let s = &step.node;
    let mut text = format!("{}{}", number(s.rating.node), label(&s.label));
    let mut spans = vec![step.span, s.rating.span];
    if let Some(points) = &s.points {
        text.push_str(&format!(" => {}", number(points.node)));
        spans.push(points.span);
    }
    Stmt::line(text, spans)
}

fn hook(hook: &Spanned<HookDecl>) -> Stmt {
    let h = &hook.node;
    let text = format!("hook {} in {}", h.function.node, string(&h.script.node));
    Stmt::line(text, [hook.span, h.function.span, h.script.span])
}

fn grades(grades: &Spanned<Grades>) -> Stmt {
    let g = &grades.node;
    let method = match g.method.node {
        GradeMethod::Score => "score",
        GradeMethod::Rank => "rank",
    };
    let body = g.grades.iter().map(grade).collect();
    Stmt::block(format!("grades by {method}"), [grades.span, g.method.span], body)
}

fn grade(grade: &Spanned<Grade>) -> Stmt {
    let g = &grade.node;
    let mut text = format!("{}{}", g.id.node, label(&g.label));
    let mut spans = vec![grade.span, g.id.span];
    if let Some(at_least) = &g.at_least {
        text.push_str(&format!(" at least {}", number(at_least.node)));
        spans.push(at_least.span);
    }
    if g.otherwise {
        text.push_str(" otherwise");
    }
    if let Some(quota) = &g.quota {
        text.push_str(&format!(" quota {}", percent(quota.node)));
        spans.push(quota.span);
    }
    Stmt::line(text, spans)
}

fn ranking(ranking: &Spanned<Ranking>) -> Stmt {
    let r = &ranking.node;
    let mut body = Vec::new();
    if let Some(scope) = &r.scope {
        let text = match &scope.node {
            RankScope::All => "scope all".to_string(),
            RankScope::By(column) => format!("scope by {}", column.node),
        };
        body.push(Stmt::line(text, [scope.span]));
    }
    if !r.tie_break.is_empty() {
        let spans: Vec<Span> = r.tie_break.iter().map(|id| id.span).collect();
        body.push(Stmt::line(format!("tie break {}", idents(&r.tie_break)), spans));
    }
    Stmt::block("ranking".to_string(), [ranking.span], body)
}

fn action(action: &Spanned<Action>) -> Stmt {
    let a = &action.node;
    let mut when = format!("when {}", condition(&a.condition.node));
    let mut spans = vec![a.condition.span];
    if let Some(streak) = &a.streak {
        when.push_str(&format!(" for {} consecutive cycles", streak.node));
        spans.push(streak.span);
    }
    let mut body = vec![Stmt::line(when, spans)];
    body.extend(a.effects.iter().map(effect));
    Stmt::block(format!("action {}{}", a.id.node, label(&a.label)), [action.span, a.id.span], body)
}

fn effect(effect: &Spanned<Effect>) -> Stmt {
    let mut spans = vec![effect.span];
    let text = match &effect.node {
        Effect::Bonus { amount, currency, component } => {
            spans.push(amount.span);
            money_effect("bonus", amount, currency, component.as_ref().map(|c| ("to", c)))
        }
        Effect::Deduction { amount, currency, component } => {
            spans.push(amount.span);
            money_effect("deduct", amount, currency, component.as_ref().map(|c| ("from", c)))
        }
        Effect::ImprovementPlan { text, due_days } => {
            let mut out = "improvement plan".to_string();
            if let Some(text) = text {
                out.push_str(&format!(" {}", string(&text.node)));
                spans.push(text.span);
            }
            if let Some(days) = due_days {
                let unit = if days.node == 1 { "day" } else { "days" };
                out.push_str(&format!(" due {} {unit} after notice", days.node));
                spans.push(days.span);
            }
            out
        }
        Effect::Review(text) => {
            spans.push(text.span);
            format!("review {}", string(&text.node))
        }
        Effect::Note(text) => {
            spans.push(text.span);
            format!("note {}", string(&text.node))
        }
    };
    Stmt::line(text, spans)
}

fn money_effect(
    keyword: &str,
    amount: &Spanned<rust_decimal::Decimal>,
    currency: &Option<Spanned<String>>,
    component: Option<(&str, &Spanned<String>)>,
) -> String {
    let mut out = format!("{keyword} {}", number(amount.node));
    if let Some(currency) = currency {
        out.push_str(&format!(" {}", currency.node));
    }
    if let Some((preposition, component)) = component {
        out.push_str(&format!(" {preposition} {}", component.node));
    }
    out
}
