//! Action conditions and effects. `top k` ⇔ rank ≤ k, `bottom k` ⇔ reverse rank ≤ k,
//! `last` ⇔ reverse rank = 1, `top p%` ⇔ rank ≤ ceil(p·n), `bottom p%` ⇔ reverse rank ≤
//! ceil(p·n); `score` is the rounded composite, `points` are rounded to the scheme's
//! precision, `value` is the exact measured value. A condition on a node without points or
//! value does not hold. Each condition also yields facts in words (`rank 1 of 12`).

#![allow(clippy::result_large_err)] // the one Diagnostic type: large, and errors are rare

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;

use crate::ast::{Condition, Count, Effect, Subject};
use crate::diagnostic::Diagnostic;
use crate::eval::composite::{hook_args, round_score};
use crate::eval::dataset::Record;
use crate::eval::hooks_api::{HookContext, HookRunner, unavailable};
use crate::eval::plan::{NodeBody, Plan};
use crate::eval::rank::share_limit;
use crate::eval::result::{ActionKind, ActionRecord, ValueUnit};
use crate::eval::scored::Scored;
use crate::eval::words::shown;

/// Where an employee stands in a period: what conditions are tested against.
pub(crate) struct Standing<'a> {
    /// The compiled scheme.
    pub plan: &'a Plan<'a>,
    /// The employee.
    pub employee: &'a str,
    /// The employee's record, kept when a scheme has hooks (they may read raw columns).
    pub record: Option<&'a Record>,
    /// The employee's scores.
    pub scored: &'a Scored,
    /// Competition rank, highest first.
    pub rank: u32,
    /// Competition rank, lowest first.
    pub reverse_rank: u32,
    /// People ranked in the scope.
    pub ranked_count: u32,
    /// The grade's identifier.
    pub grade: Option<&'a str>,
    /// The rounded composite.
    pub score: Decimal,
}

/// Whether a condition holds, and the facts behind it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Outcome {
    /// The condition holds.
    pub holds: bool,
    /// The employee's standing on what the condition looks at.
    pub facts: Vec<String>,
}

/// What testing conditions needs besides the standing.
pub(crate) struct ActionContext<'a> {
    /// Position of the scheme in `evaluate`'s slice.
    pub scheme_index: usize,
    /// The action tested.
    pub action: &'a str,
    /// The hook runtime, when there is one.
    pub hooks: Option<&'a dyn HookRunner>,
}

/// Whether `condition` holds, without the facts that explain it: most employees fire no
/// action, and a million employee-periods need not have their rank put in words for each
/// one. `None` when the condition calls a hook: only [`test`] calls hooks (once each).
pub(crate) fn holds(condition: &Condition, s: &Standing<'_>) -> Option<bool> {
    Some(match condition {
        Condition::Top(count) => s.rank <= limit(&count.node, s.ranked_count),
        Condition::Bottom(count) => s.reverse_rank <= limit(&count.node, s.ranked_count),
        Condition::Last => s.reverse_rank == 1,
        Condition::Rank(cmp) => cmp.op.holds(Decimal::from(s.rank), cmp.rhs.base_value()),
        Condition::Grade(ids) => s.grade.is_some_and(|g| ids.iter().any(|id| id.node == g)),
        Condition::Score(cmp) => cmp.op.holds(s.score, cmp.rhs.base_value()),
        Condition::Indicator { target, subject, comparison } => {
            let rhs = comparison.rhs.base_value();
            indicator(s, &target.node, *subject).is_some_and(|n| comparison.op.holds(n, rhs))
        }
        Condition::Hook(_) => return None,
        // Both sides, so that a hook on either side gives `None`.
        Condition::And(a, b) => {
            let (a, b) = (holds(a, s)?, holds(b, s)?);
            a && b
        }
        Condition::Or(a, b) => {
            let (a, b) = (holds(a, s)?, holds(b, s)?);
            a || b
        }
        Condition::Not(a) => !holds(a, s)?,
    })
}

/// The rank limit of `top`/`bottom`: k people, or ceil(p·n).
fn limit(count: &Count, ranked_count: u32) -> u32 {
    match *count {
        Count::People(k) => k,
        Count::Percent(p) => share_limit(p, ranked_count),
    }
}

/// The points (rounded to the scheme's precision) or the exact value of a node.
fn indicator(s: &Standing<'_>, target: &str, subject: Subject) -> Option<Decimal> {
    let index = *s.plan.ids.get(target)?;
    match subject {
        Subject::Points => s.scored.points(index).map(|p| round_score(p, s.plan.precision)),
        Subject::Value => s.scored.value(index),
    }
}

/// Test a condition.
pub(crate) fn test(
    condition: &Condition,
    standing: &Standing<'_>,
    context: &ActionContext<'_>,
) -> Result<Outcome, Diagnostic> {
    let s = standing;
    let place = || format!("rank {} of {}", s.rank, s.ranked_count);
    let reverse = || format!("{}, reverse rank {}", place(), s.reverse_rank);
    let leaf = |fact: String| {
        let holds = holds(condition, s).unwrap_or(false);
        Ok(Outcome { holds, facts: vec![fact] })
    };
    match condition {
        Condition::Top(count) => match count.node {
            Count::People(_) => leaf(place()),
            Count::Percent(p) => {
                let limit = limit(&count.node, s.ranked_count);
                leaf(format!("{} (top {}% = rank ≤ {limit})", place(), p.normalize()))
            }
        },
        Condition::Bottom(count) => match count.node {
            Count::People(_) => leaf(reverse()),
            Count::Percent(p) => {
                let limit = limit(&count.node, s.ranked_count);
                leaf(format!("{} (bottom {}% = reverse rank ≤ {limit})", reverse(), p.normalize()))
            }
        },
        Condition::Last if s.reverse_rank == 1 => leaf(format!("{}, last", place())),
        Condition::Last => leaf(reverse()),
        Condition::Rank(_) => leaf(place()),
        Condition::Grade(_) => match s.grade {
            Some(grade) => leaf(format!("grade {grade}")),
            None => leaf("no grade".to_string()),
        },
        Condition::Score(_) => leaf(format!("score {}", s.score)),
        Condition::Indicator { target, subject, .. } => {
            let number = indicator(s, &target.node, *subject);
            let shown = match subject {
                Subject::Points => number.map_or("none".to_string(), |p| p.to_string()),
                Subject::Value => {
                    let index = s.plan.ids.get(target.node.as_str()).copied();
                    let unit =
                        index.and_then(|i| s.plan.nodes.get(i)).and_then(|n| match &n.body {
                            NodeBody::Measured { unit, currency, .. } => {
                                Some((*unit, currency.as_deref()))
                            }
                            _ => None,
                        });
                    number.map_or("none".to_string(), |v| with_unit(v, unit))
                }
            };
            let what = match subject {
                Subject::Points => "points",
                Subject::Value => "value",
            };
            leaf(format!("{} {what} {shown}", target.node))
        }
        Condition::Hook(call) => {
            let Some(record) = s.record else {
                let message = "a hook condition tested without the employee's record";
                return Err(Diagnostic::error("eval::internal", message));
            };
            let hook_context = HookContext {
                scheme_index: context.scheme_index,
                scheme: &s.plan.scheme.name.node,
                employee: s.employee,
                period: &record.period,
                indicator: None,
                action: Some(context.action),
            };
            let args = hook_args(s.plan, &call.args, record, s.scored, None, &hook_context)?;
            let runner = context.hooks.ok_or_else(|| unavailable(&call.function, &hook_context))?;
            let holds = runner.call_condition(&call.function.node, &args, &hook_context)?;
            // The inputs the script saw, so that HR can see why it fired.
            let inputs: Vec<String> = call
                .args
                .iter()
                .zip(&args)
                .map(|(name, value)| format!("{} = {}", name.node, shown(*value)))
                .collect();
            let fact = format!("hook {}({}) is {holds}", call.function.node, inputs.join(", "));
            Ok(Outcome { holds, facts: vec![fact] })
        }
        Condition::And(a, b) => {
            let (a, b) = (test(a, s, context)?, test(b, s, context)?);
            Ok(Outcome { holds: a.holds && b.holds, facts: [a.facts, b.facts].concat() })
        }
        Condition::Or(a, b) => {
            let (a, b) = (test(a, s, context)?, test(b, s, context)?);
            let facts = match (a.holds, b.holds) {
                (true, false) => a.facts,
                (false, true) => b.facts,
                _ => [a.facts, b.facts].concat(),
            };
            Ok(Outcome { holds: a.holds || b.holds, facts })
        }
        Condition::Not(a) => {
            let a = test(a, s, context)?;
            Ok(Outcome { holds: !a.holds, facts: a.facts })
        }
    }
}

/// A value with its unit: `35%`, `42s`, `60000 CNY`.
fn with_unit(value: Decimal, unit: Option<(Option<ValueUnit>, Option<&str>)>) -> String {
    let value = shown(value);
    match unit {
        Some((Some(ValueUnit::Percent), _)) => format!("{value}%"),
        Some((Some(ValueUnit::Duration), _)) => format!("{value}s"),
        Some((Some(ValueUnit::Currency), Some(code))) => format!("{value} {code}"),
        _ => value.to_string(),
    }
}

/// The records an action's effects yield for one employee.
pub(crate) fn effects(
    action: &crate::ast::Action,
    currency: Option<&str>,
    notice_date: NaiveDate,
    facts: &[String],
) -> Vec<ActionRecord> {
    let record = |kind: ActionKind| ActionRecord {
        action: action.id.node.clone(),
        label: action.label.as_ref().map(|l| l.node.clone()),
        kind,
        amount: None,
        currency: None,
        component: None,
        due: None,
        text: None,
        facts: facts.to_vec(),
    };
    action
        .effects
        .iter()
        .map(|effect| match &effect.node {
            Effect::Bonus { amount, currency: own, component }
            | Effect::Deduction { amount, currency: own, component } => {
                let kind = match effect.node {
                    Effect::Bonus { .. } => ActionKind::Bonus,
                    _ => ActionKind::Deduction,
                };
                ActionRecord {
                    amount: Some(amount.node),
                    currency: own.as_ref().map(|c| c.node.clone()).or(currency.map(String::from)),
                    component: component.as_ref().map(|c| c.node.clone()),
                    ..record(kind)
                }
            }
            Effect::ImprovementPlan { text, due_days } => ActionRecord {
                text: text.as_ref().map(|t| t.node.clone()),
                due: due_days
                    .as_ref()
                    .and_then(|days| notice_date.checked_add_days(Days::new(u64::from(days.node)))),
                ..record(ActionKind::ImprovementPlan)
            },
            Effect::Review(text) => {
                ActionRecord { text: Some(text.node.clone()), ..record(ActionKind::Review) }
            }
            Effect::Note(text) => {
                ActionRecord { text: Some(text.node.clone()), ..record(ActionKind::Note) }
            }
        })
        .collect()
}
