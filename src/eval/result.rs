//! The result of an evaluation: what `merit eval` prints and `merit explain` reads. Every
//! type here is serde-serialisable; [`Evaluation`] is the documented, versioned JSON output.
//!
//! Numbers are exact decimals serialised as strings (`"87.6"`). Full-precision values have
//! trailing zeros removed; `composite_rounded` keeps exactly the scheme's precision
//! (`"90.00"`). Order is deterministic: schemes in the order given, periods ascending,
//! employees by ranking scope, then rank, then employee id; indicators and groups in source
//! order (depth first), actions in source order.

use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::ast::MissingPolicy;
use crate::diagnostic::Diagnostic;

/// The version of the JSON output; bumped on any incompatible change.
pub const FORMAT_VERSION: u32 = 1;

/// Everything an evaluation produced.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Evaluation {
    /// Always [`FORMAT_VERSION`].
    pub format_version: u32,
    /// One entry per scheme, in the order the schemes were given.
    pub schemes: Vec<SchemeEvaluation>,
    /// Warnings found while evaluating (e.g. a grade quota exceeded). Not serialised: the
    /// quota warnings also appear in each period's [`PeriodSummary`].
    #[serde(skip)]
    pub warnings: Vec<Diagnostic>,
}

/// One scheme's results over all periods found in the data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SchemeEvaluation {
    /// The scheme's title.
    pub scheme: String,
    /// The scheme's version, when declared.
    pub version: Option<String>,
    /// The role key that routed records to this scheme, when declared.
    pub role: Option<String>,
    /// Decimals of `composite_rounded` (default 2).
    pub precision: u32,
    /// The scheme's default currency, when declared.
    pub currency: Option<String>,
    /// Periods ascending.
    pub periods: Vec<PeriodEvaluation>,
}

/// One period of one scheme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeriodEvaluation {
    /// The period label (`2011-06`, `2011-Q3`, `2011`, `2011-W23`).
    pub period: String,
    /// First day of the period.
    pub start: NaiveDate,
    /// Last day of the period.
    pub end: NaiveDate,
    /// The notice date due dates count from (`--notice-date`, default the day after `end`).
    pub notice_date: NaiveDate,
    /// Every employee of the period: by scope key, then rank, then employee id.
    pub employees: Vec<EmployeeResult>,
    /// Grade distribution and money totals.
    pub summary: PeriodSummary,
}

/// One employee in one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EmployeeResult {
    /// Employee identifier.
    pub employee: String,
    /// Period label.
    pub period: String,
    /// The value of the ranking scope column (`scope by team`); `None` with `scope all`.
    pub scope: Option<String>,
    /// The composite at full precision, 0 when a gate failed.
    pub composite: Decimal,
    /// The composite rounded half away from zero to the scheme's precision: what is shown,
    /// ranked and graded.
    pub composite_rounded: Decimal,
    /// Competition rank (1-2-2-4), highest composite first, within the scope.
    pub rank: u32,
    /// Competition rank lowest composite first (`bottom k` ⇔ reverse_rank ≤ k).
    pub reverse_rank: u32,
    /// How many people are ranked in the scope (n).
    pub ranked_count: u32,
    /// The grade, when the scheme declares grades.
    pub grade: Option<GradeRef>,
    /// Identifiers of critical indicators whose gate failed (then `composite` is 0).
    pub failed_gates: Vec<String>,
    /// Groups and indicators, depth first in source order.
    pub indicators: Vec<NodeResult>,
    /// Effects of the actions that fired, in action then effect order.
    pub actions: Vec<ActionRecord>,
    /// Data file and row of the employee's record.
    pub source: Option<SourceRow>,
}

/// A grade given to an employee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradeRef {
    /// Identifier (`A`).
    pub id: String,
    /// Human name (`Excellent`).
    pub label: Option<String>,
}

/// Where a record was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRow {
    /// The data file as the user named it.
    pub file: String,
    /// 1-based row (the header is row 1) or record index.
    pub row: usize,
}

/// What a node of the indicator tree is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NodeKind {
    /// A weighted group.
    Group,
    /// An indicator with a value from the data (or a hook) and a scoring rule.
    Measured,
    /// An indicator scored by raters on a scale.
    Rated,
}

/// The unit of a measured value (values are in the base unit: percent 0..100, seconds,
/// money amount).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ValueUnit {
    /// 0..100.
    Percent,
    /// Seconds.
    Duration,
    /// A money amount (see `currency`).
    Currency,
    /// A number of things.
    Count,
    /// A plain number.
    Ratio,
}

/// One group or indicator for one employee.
///
/// Weights are in percent. `contribution` is the product of the effective weights (as
/// fractions) along the path from the root times `points`; the contributions of the
/// top-level nodes add up to the composite before gates. `lost` is the contribution the node
/// would make at 100 points minus its actual contribution, never negative (over-achievement
/// loses nothing). A node left out by `reweight` has effective weight, contribution and
/// lost 0.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NodeResult {
    /// Identifier.
    pub id: Arc<str>,
    /// Human name.
    pub label: Option<Arc<str>>,
    /// Group, measured or rated.
    pub kind: NodeKind,
    /// Identifiers from the top-level node down to this one, joined by `/`.
    pub path: Arc<str>,
    /// 0 for top-level nodes.
    pub depth: u32,
    /// Unit of `value` and `target` (measured indicators).
    pub unit: Option<ValueUnit>,
    /// Currency code of a money unit, when declared.
    pub currency: Option<Arc<str>>,
    /// The value worth 100 points, when the scoring rule has one (curve, target
    /// shorthand, ratio, pass/fail).
    pub target: Option<Decimal>,
    /// The measured value; for a rated indicator the rater-weighted mean rating.
    pub value: Option<Decimal>,
    /// Each rating given (rated indicators), in the order the raters are named.
    pub ratings: Vec<RatingResult>,
    /// Points at full precision; `None` when left out by `reweight`.
    pub points: Option<Decimal>,
    /// Weight as declared, in percent.
    pub weight: Decimal,
    /// Weight after renormalising for left-out siblings, in percent.
    pub effective_weight: Decimal,
    /// Weighted contribution to the composite, in composite points.
    pub contribution: Decimal,
    /// Composite points lost against full marks (≥ 0).
    pub lost: Decimal,
    /// True when the data had no value (measured) or no rating (rated); for a group, when
    /// every child was left out.
    pub missing: bool,
    /// The missing-data policy applied, when `missing`.
    pub missing_policy: Option<MissingPolicy>,
    /// `Some(false)` when this critical indicator's gate failed, `Some(true)` when passed.
    pub gate_passed: Option<bool>,
    /// The hooks called for this indicator (a derived value, hook scoring), with the
    /// inputs each one was given and what it returned; absent when none was called.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hooks: Vec<HookCallResult>,
}

/// One call of a hook for one employee: what `merit explain` shows of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HookCallResult {
    /// `value` (a derived metric) or `points` (custom scoring).
    pub role: HookRole,
    /// The script function.
    pub function: String,
    /// The arguments by the names the scheme passes, in order, in their base units.
    pub inputs: Vec<(String, Decimal)>,
    /// What the hook returned.
    pub result: Decimal,
}

/// What a hook call computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HookRole {
    /// The indicator's value (`value hook(...)`).
    Value,
    /// The indicator's points (`score hook(...)`).
    Points,
}

/// One rater's rating of an indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RatingResult {
    /// Rater identifier.
    pub rater: Arc<str>,
    /// The rating given, on the scale.
    pub rating: Decimal,
    /// The rating as points (0..100, or the scale's points per step).
    pub points: Decimal,
    /// The rater's declared weight in percent (`None` when not declared).
    pub weight: Option<Decimal>,
}

/// What an action's effect is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    /// Money added.
    Bonus,
    /// Money taken away.
    Deduction,
    /// An improvement plan with a due date.
    ImprovementPlan,
    /// A review (e.g. reassignment).
    Review,
    /// A note.
    Note,
}

/// One effect of an action that fired for an employee.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionRecord {
    /// The action's identifier.
    pub action: String,
    /// The action's label.
    pub label: Option<String>,
    /// What the effect is.
    pub kind: ActionKind,
    /// Money amount (bonus, deduction), exact.
    pub amount: Option<Decimal>,
    /// Currency of `amount` (the scheme's when the action names none).
    pub currency: Option<String>,
    /// Pay component (`to bonus`, `from commission`).
    pub component: Option<String>,
    /// Due date of an improvement plan: notice date + N days.
    pub due: Option<NaiveDate>,
    /// Text of an improvement plan, review or note.
    pub text: Option<String>,
    /// Why it fired, in words: `rank 1 of 12`, `last in 2011-06, 2011-07, 2011-08`.
    pub facts: Vec<String>,
}

/// Per-period summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeriodSummary {
    /// Number of employees evaluated.
    pub employees: u32,
    /// Every declared grade, best first, with its count (zeros included).
    pub grades: Vec<GradeCount>,
    /// Money totals by kind, component and currency (sorted by those keys).
    pub totals: Vec<MoneyTotal>,
    /// Score grades whose `quota` was exceeded.
    pub quota_warnings: Vec<QuotaWarning>,
}

/// How many employees got a grade.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradeCount {
    /// The grade.
    pub grade: GradeRef,
    /// How many.
    pub count: u32,
}

/// The sum of bonuses or deductions for one pay component and currency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MoneyTotal {
    /// `bonus` or `deduction`.
    pub kind: ActionKind,
    /// Pay component, when named.
    pub component: Option<String>,
    /// Currency.
    pub currency: Option<String>,
    /// Exact sum.
    pub total: Decimal,
    /// Number of records summed.
    pub count: u32,
}

/// A score grade given to more people than its `quota` allows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuotaWarning {
    /// The ranking scope (`None` with `scope all`).
    pub scope: Option<String>,
    /// The grade.
    pub grade: String,
    /// The quota in percent.
    pub quota: Decimal,
    /// How many got the grade.
    pub count: u32,
    /// How many were ranked in the scope.
    pub ranked_count: u32,
}

impl EmployeeResult {
    /// The weakest indicators, the direction for improvement: up to `n` leaf indicators with
    /// the most composite points lost against full marks, most first; ties keep source
    /// order; indicators that lost nothing are not listed.
    pub fn weakest(&self, n: usize) -> Vec<&NodeResult> {
        let mut leaves: Vec<&NodeResult> = self
            .indicators
            .iter()
            .filter(|node| node.kind != NodeKind::Group && node.lost > Decimal::ZERO)
            .collect();
        // A stable sort keeps source order among equal losses.
        leaves.sort_by_key(|node| std::cmp::Reverse(node.lost));
        leaves.truncate(n);
        leaves
    }

    /// The result of one group or indicator by identifier.
    pub fn node(&self, id: &str) -> Option<&NodeResult> {
        self.indicators.iter().find(|node| &*node.id == id)
    }
}

impl Evaluation {
    /// One employee's result in one period, searching every scheme.
    pub fn employee(&self, employee: &str, period: &str) -> Option<&EmployeeResult> {
        self.schemes
            .iter()
            .flat_map(|scheme| &scheme.periods)
            .filter(|p| p.period == period)
            .flat_map(|p| &p.employees)
            .find(|e| e.employee == employee)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn leaf(id: &str, lost: Decimal) -> NodeResult {
        NodeResult {
            id: id.into(),
            label: None,
            kind: NodeKind::Measured,
            path: id.into(),
            depth: 0,
            unit: None,
            currency: None,
            target: None,
            value: None,
            ratings: vec![],
            points: Some(Decimal::ZERO),
            weight: Decimal::from(25),
            effective_weight: Decimal::from(25),
            contribution: Decimal::ZERO,
            lost,
            missing: false,
            missing_policy: None,
            gate_passed: None,
            hooks: Vec::new(),
        }
    }

    #[test]
    fn weakest_orders_by_loss_then_source_order_and_skips_zero() {
        let employee = EmployeeResult {
            employee: "e1".into(),
            period: "2011-06".into(),
            scope: None,
            composite: Decimal::ZERO,
            composite_rounded: Decimal::ZERO,
            rank: 1,
            reverse_rank: 1,
            ranked_count: 1,
            grade: None,
            failed_gates: vec![],
            indicators: vec![
                leaf("a", Decimal::from(2)),
                leaf("b", Decimal::from(5)),
                leaf("c", Decimal::ZERO),
                leaf("d", Decimal::from(2)),
                leaf("e", Decimal::from(1)),
            ],
            actions: vec![],
            source: None,
        };
        let ids: Vec<&str> = employee.weakest(3).iter().map(|n| &*n.id).collect();
        assert_eq!(ids, ["b", "a", "d"]);
    }

    #[test]
    fn decimals_serialise_as_strings() {
        let json = serde_json::to_string(&leaf("a", Decimal::new(125, 1))).unwrap();
        assert!(json.contains("\"lost\":\"12.5\""), "{json}");
    }
}
