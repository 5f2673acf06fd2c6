//! From ranked, graded entries to the serialisable [`result`](crate::eval::result) types:
//! one [`PeriodEvaluation`] per period, with every employee's breakdown and a summary.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rayon::prelude::*;
use rust_decimal::Decimal;

use crate::diagnostic::Diagnostic;
use crate::eval::composite::denoise;
use crate::eval::output::{Output, PeriodOut};
use crate::eval::period::PeriodLabel;
use crate::eval::plan::{NodeBody, Plan, PlanNode};
use crate::eval::result::{
    ActionKind, EmployeeResult, GradeCount, GradeRef, MoneyTotal, NodeResult, PeriodEvaluation,
    PeriodSummary, QuotaWarning, RatingResult, SchemeEvaluation, SourceRow,
};
use crate::eval::scored::{NodeDetail, NodeScore};
use crate::eval::standing::Entry;

/// Collects every period into [`SchemeEvaluation`]s, with each employee's full breakdown.
#[derive(Default)]
pub(crate) struct Collect {
    /// The schemes evaluated so far, in order.
    pub schemes: Vec<SchemeEvaluation>,
}

impl Output for Collect {
    fn scheme(&mut self, plan: &Plan<'_>) -> Result<(), Diagnostic> {
        self.schemes.push(SchemeEvaluation {
            scheme: plan.scheme.name.node.clone(),
            version: plan.scheme.version.as_ref().map(|v| v.node.clone()),
            role: plan.role.map(String::from),
            precision: plan.precision,
            currency: plan.scheme.currency.as_ref().map(|c| c.node.clone()),
            periods: Vec::new(),
        });
        Ok(())
    }

    fn period(&mut self, out: PeriodOut<'_, '_, '_>) -> Result<(), Diagnostic> {
        let period =
            period_result(out.plan, out.period, out.notice, &out.entries, out.quota_warnings);
        match self.schemes.last_mut() {
            Some(scheme) => scheme.periods.push(period),
            None => return Err(Diagnostic::error("eval::internal", "a period before its scheme")),
        }
        Ok(())
    }
}

/// One period's results (employees already in order) and its summary.
fn period_result(
    plan: &Plan<'_>,
    period: PeriodLabel,
    notice_date: NaiveDate,
    members: &[&Entry<'_>],
    quota_warnings: Vec<QuotaWarning>,
) -> PeriodEvaluation {
    let employees: Vec<EmployeeResult> =
        members.par_iter().map(|e| employee_result(plan, e)).collect();
    let summary = summary(plan, &employees, quota_warnings);
    PeriodEvaluation {
        period: period.to_string(),
        start: period.start(),
        end: period.end(),
        notice_date,
        employees,
        summary,
    }
}

fn grade_ref(plan: &Plan<'_>, index: usize) -> Option<GradeRef> {
    let grade = plan.grades.as_ref()?.1.get(index)?;
    Some(GradeRef { id: grade.id.to_string(), label: grade.label.map(String::from) })
}

fn employee_result(plan: &Plan<'_>, entry: &Entry<'_>) -> EmployeeResult {
    EmployeeResult {
        employee: entry.routed.employee().to_string(),
        period: entry.routed.period.to_string(),
        scope: entry.routed.scope.map(|scope| scope.to_string()),
        composite: denoise(entry.scored.composite()),
        composite_rounded: entry.rounded,
        rank: entry.rank,
        reverse_rank: entry.reverse_rank,
        ranked_count: entry.ranked_count,
        grade: entry.grade.and_then(|g| grade_ref(plan, usize::from(g))),
        failed_gates: entry
            .scored
            .failed_gates()
            .iter()
            .filter_map(|&i| plan.nodes.get(i).map(|n| n.id.to_string()))
            .collect(),
        indicators: plan
            .nodes
            .iter()
            .zip(entry.scored.nodes())
            .enumerate()
            .map(|(index, (node, score))| {
                let detail = entry.scored.details().get(index).cloned().unwrap_or_default();
                node_result(node, score, entry.scored.value(index), detail)
            })
            .collect(),
        actions: entry.actions.to_vec(),
        source: entry.routed.record().map(|record| SourceRow {
            file: record.origin.file.to_string(),
            row: record.origin.row,
        }),
    }
}

fn node_result(
    node: &PlanNode<'_>,
    score: &NodeScore,
    value: Option<Decimal>,
    detail: NodeDetail,
) -> NodeResult {
    let (unit, currency, target) = match &node.body {
        NodeBody::Measured { rule, unit, currency, .. } => {
            (*unit, currency.clone(), rule.target.map(|t| t.normalize()))
        }
        _ => (None, None, None),
    };
    let contribution = score.points().map_or(Decimal::ZERO, |p| detail.factor * p);
    let full = detail.factor * Decimal::ONE_HUNDRED;
    NodeResult {
        id: node.shared.0.clone(),
        label: node.shared.1.clone(),
        kind: node.kind(),
        path: node.path.clone(),
        depth: node.depth,
        unit,
        currency,
        target,
        value: value.map(denoise),
        ratings: detail
            .ratings
            .iter()
            .map(|r| RatingResult { points: denoise(r.points), ..r.clone() })
            .collect(),
        points: score.points().map(denoise),
        weight: node.weight.normalize(),
        effective_weight: denoise(detail.effective_weight),
        contribution: denoise(contribution),
        lost: denoise((full - contribution).max(Decimal::ZERO)),
        missing: score.missing(),
        missing_policy: score.policy(),
        gate_passed: score.gate_passed(),
        hooks: detail.hooks,
    }
}

/// Money totals are kept per kind, pay component and currency.
type TotalKey = (ActionKind, Option<String>, Option<String>);

fn summary(
    plan: &Plan<'_>,
    employees: &[EmployeeResult],
    quota_warnings: Vec<QuotaWarning>,
) -> PeriodSummary {
    let grades = plan
        .grades
        .as_ref()
        .map(|(_, grades)| {
            grades
                .iter()
                .map(|grade| GradeCount {
                    grade: GradeRef {
                        id: grade.id.to_string(),
                        label: grade.label.map(String::from),
                    },
                    count: count(
                        employees
                            .iter()
                            .filter(|e| e.grade.as_ref().is_some_and(|g| g.id == grade.id)),
                    ),
                })
                .collect()
        })
        .unwrap_or_default();
    let mut totals: BTreeMap<TotalKey, (Decimal, u32)> = BTreeMap::new();
    for record in employees.iter().flat_map(|e| &e.actions) {
        let (Some(amount), ActionKind::Bonus | ActionKind::Deduction) =
            (record.amount, record.kind)
        else {
            continue;
        };
        let key = (record.kind, record.component.clone(), record.currency.clone());
        let total = totals.entry(key).or_insert((Decimal::ZERO, 0));
        // Amounts are below 10¹⁸ (`syntax::literal::MAX_AMOUNT`): overflowing the sum takes
        // 7.9 × 10¹⁰ of them in one period, more than memory holds; were it reached, the
        // total would stay at the largest decimal rather than panic.
        total.0 = total.0.checked_add(amount).unwrap_or(Decimal::MAX);
        total.1 += 1;
    }
    PeriodSummary {
        employees: count(employees.iter()),
        grades,
        totals: totals
            .into_iter()
            .map(|((kind, component, currency), (total, count))| MoneyTotal {
                kind,
                component,
                currency,
                total,
                count,
            })
            .collect(),
        quota_warnings,
    }
}

fn count<T>(items: impl Iterator<Item = T>) -> u32 {
    u32::try_from(items.count()).unwrap_or(u32::MAX)
}
