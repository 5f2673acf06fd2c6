//! A scheme compiled once for evaluation: the indicator tree flattened depth first into an
//! index-based list (children after their parent), scoring rules and scales compiled,
//! missing-data policies resolved (indicator → group → scheme), and every reference of the
//! ranking and the actions resolved to an index. Employees are then scored without string
//! lookups in the tree.

use std::collections::HashMap;
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::ast::{
    Action, Condition, Effect, Gate, GradeMethod, HookCall, MissingPolicy, Node, Period, RankScope,
    Scheme, Subject, Unit, walk_condition,
};
use crate::diagnostic::Diagnostic;
use crate::eval::rating::{RaterSet, ScaleRule};
use crate::eval::result::{NodeKind, ValueUnit};
use crate::eval::score::{Rule, RuleKind, spanned};
use crate::source::{Span, Spanned};

use super::fixed::Fixed;
use super::hint::{Hint, SPARE};

/// A compiled scheme.
#[derive(Debug)]
pub(crate) struct Plan<'s> {
    /// The scheme as written.
    pub scheme: &'s Scheme,
    /// Groups and indicators depth first in source order.
    pub nodes: Vec<PlanNode<'s>>,
    /// Indices of the top-level nodes.
    pub top: Vec<usize>,
    /// The sum of their weights as `weighted` adds them when all have points.
    pub top_weight: Option<Fixed>,
    /// Node index by identifier.
    pub ids: HashMap<&'s str, usize>,
    /// Decimals of the rounded composite.
    pub precision: u32,
    /// The cycle, when declared.
    pub cycle: Option<Period>,
    /// The role key that routes records here.
    pub role: Option<&'s str>,
    /// `scope by <column>`: the attribute that partitions the ranking.
    pub scope_column: Option<&'s str>,
    /// Tie-breaker nodes, in order.
    pub tie_break: Vec<usize>,
    /// Whether an action reads nodes' values once they are scored (a `value` condition,
    /// or a hook, whose arguments may name indicators).
    pub actions_read_values: bool,
    /// Whether a group's points are read once scored: by a tie-breaker, or by an action's
    /// condition (on the group's points, or a hook, which may read anything).
    pub groups_read: bool,
    /// Per node, whether its points are kept once a score is packed: every indicator's,
    /// and the groups' when they are read ([`groups_read`](Plan::groups_read)).
    pub kept_points: Vec<bool>,
    /// The groups' nodes, in node order (a group before its children).
    pub groups: Vec<usize>,
    /// The nodes with a critical gate, in node order.
    pub gated: Vec<usize>,
    /// Grade method and grades, best first.
    pub grades: Option<(GradeMethod, Vec<GradePlan<'s>>)>,
}

/// One compiled group or indicator.
#[derive(Debug)]
pub(crate) struct PlanNode<'s> {
    /// Identifier.
    pub id: &'s str,
    /// Identifiers from the top level down, joined by `/`.
    pub path: Arc<str>,
    /// Identifier and human name as results carry them: made once here and shared by every
    /// employee's results, not copied for each.
    pub shared: (Arc<str>, Option<Arc<str>>),
    /// 0 for top-level nodes.
    pub depth: u32,
    /// Declared weight in percent.
    pub weight: Decimal,
    /// The weight for [`Fixed`] arithmetic; `None` where it does not apply (negative).
    pub fixed_weight: Option<Fixed>,
    /// Children indices (groups).
    pub children: Vec<usize>,
    /// The sum of the children's weights as `weighted` adds them when all have points.
    pub children_weight: Option<Fixed>,
    /// The policy that applies when this indicator's data is missing.
    pub missing: MissingPolicy,
    /// A critical indicator's gate.
    pub gate: Option<&'s Gate>,
    /// The node's identifier where it is declared (errors about its data point here).
    pub span: Span,
    /// What the node is.
    pub body: NodeBody<'s>,
    /// Where its cells were found in the last record: its value's, or each rater's rating.
    pub hints: Box<[Hint]>,
    /// Where its cells start among the scheme's cells in node order ([`Plan::cells`]).
    pub first_cell: usize,
}

impl PlanNode<'_> {
    /// The hint for its `i`th cell: its value (0), or the rating of its `i`th rater.
    pub fn hint(&self, i: usize) -> &Hint {
        self.hints.get(i).unwrap_or(&SPARE)
    }

    /// How many cells of a record it reads: its value, or each rater's rating; a group none.
    fn cell_count(&self) -> usize {
        match &self.body {
            NodeBody::Group => 0,
            NodeBody::Measured { .. } => 1,
            NodeBody::Rated { raters, .. } => raters.raters.len(),
        }
    }
}

/// The kind-specific part of a node.
#[derive(Debug)]
pub(crate) enum NodeBody<'s> {
    /// A weighted group.
    Group,
    /// A measured indicator.
    Measured {
        /// The compiled scoring rule.
        rule: Rule,
        /// `value hook(...)`: a derived metric.
        derived: Option<&'s HookCall>,
        /// The unit of the value.
        unit: Option<ValueUnit>,
        /// A money unit's currency.
        currency: Option<Arc<str>>,
    },
    /// A rated indicator.
    Rated {
        /// The scale.
        scale: ScaleRule,
        /// The raters and their weights.
        raters: RaterSet,
    },
}

/// One grade.
#[derive(Debug)]
pub(crate) struct GradePlan<'s> {
    /// Identifier.
    pub id: &'s str,
    /// Human name.
    pub label: Option<&'s str>,
    /// `at least N` (by score).
    pub at_least: Option<Decimal>,
    /// `quota Q%`, in percent.
    pub quota: Option<Decimal>,
}

impl PlanNode<'_> {
    /// Group, measured or rated.
    pub fn kind(&self) -> NodeKind {
        match self.body {
            NodeBody::Group => NodeKind::Group,
            NodeBody::Measured { .. } => NodeKind::Measured,
            NodeBody::Rated { .. } => NodeKind::Rated,
        }
    }
}

impl<'s> Plan<'s> {
    /// Compile a scheme; every problem is reported, spans point into the scheme file.
    pub fn compile(scheme: &'s Scheme) -> Result<Plan<'s>, Vec<Diagnostic>> {
        let mut plan = Plan {
            scheme,
            nodes: Vec::new(),
            top: Vec::new(),
            top_weight: None,
            ids: HashMap::new(),
            precision: scheme.precision(),
            cycle: scheme.cycle.as_ref().map(|c| c.period.node),
            role: scheme.scope.as_ref().and_then(|s| s.role.as_ref()).map(|r| r.node.as_str()),
            scope_column: None,
            tie_break: Vec::new(),
            actions_read_values: scheme.actions.iter().any(|a| reads_values(&a.condition)),
            groups_read: false,
            kept_points: Vec::new(),
            groups: Vec::new(),
            gated: Vec::new(),
            grades: None,
        };
        let mut errors = Vec::new();
        plan.top = plan.add_nodes(&scheme.indicators, None, scheme.missing_policy(), &mut errors);
        plan.top_weight = plan.total_weight(plan.top.iter().copied());
        if plan.top.is_empty() {
            errors.push(
                Diagnostic::error("eval::no-indicators", "the scheme has no indicators").with_help(
                    "declare at least one indicator (or group) whose weights sum to 100%",
                ),
            );
        }
        if let Some(ranking) = &scheme.ranking {
            if let Some(Spanned { node: RankScope::By(column), .. }) = &ranking.scope {
                plan.scope_column = Some(column.node.as_str());
            }
            for id in &ranking.tie_break {
                match plan.ids.get(id.node.as_str()) {
                    Some(index) => plan.tie_break.push(*index),
                    None => errors.push(unknown_node(id, "tie break")),
                }
            }
        }
        if let Some(grades) = &scheme.grades {
            let list = grades
                .grades
                .iter()
                .map(|g| GradePlan {
                    id: g.id.node.as_str(),
                    label: g.label.as_ref().map(|l| l.node.as_str()),
                    at_least: g.at_least.as_ref().map(|a| at_scale(a.node, plan.precision)),
                    quota: g.quota.as_ref().map(|q| q.node),
                })
                .collect();
            plan.grades = Some((grades.method.node, list));
        }
        for action in &scheme.actions {
            plan.check_action(action, &mut errors);
        }
        plan.groups_read = plan.tie_break.iter().any(|&index| plan.is_group(index))
            || scheme.actions.iter().any(|a| plan.reads_groups(&a.condition));
        plan.kept_points =
            (0..plan.nodes.len()).map(|i| plan.groups_read || !plan.is_group(i)).collect();
        plan.groups = (0..plan.nodes.len()).filter(|&i| plan.is_group(i)).collect();
        plan.gated = (0..plan.nodes.len())
            .filter(|&i| plan.nodes.get(i).is_some_and(|node| node.gate.is_some()))
            .collect();
        if errors.is_empty() { Ok(plan) } else { Err(errors) }
    }

    /// The cells a record is scored from, in node order: each measured indicator's value
    /// (by its id) and each rated indicator's ratings (by id and rater, in the raters'
    /// order); a node's start at its [`first_cell`](PlanNode::first_cell). `None` when a
    /// hook reads the record (a derived value, or points from a hook).
    pub fn cells(&self) -> Option<Vec<(&str, Option<&str>)>> {
        let mut cells = Vec::new();
        for node in &self.nodes {
            match &node.body {
                NodeBody::Group => {}
                NodeBody::Measured { derived: Some(_), .. } => return None,
                NodeBody::Measured { rule, .. } if matches!(rule.kind, RuleKind::Hook(_)) => {
                    return None;
                }
                NodeBody::Measured { .. } => cells.push((node.id, None)),
                NodeBody::Rated { raters, .. } => {
                    cells.extend(raters.raters.iter().map(|(rater, ..)| (node.id, Some(&**rater))));
                }
            }
        }
        Some(cells)
    }

    fn add_nodes(
        &mut self,
        nodes: &'s [Spanned<Node>],
        parent: Option<usize>,
        inherited: MissingPolicy,
        errors: &mut Vec<Diagnostic>,
    ) -> Vec<usize> {
        let mut indices = Vec::new();
        for node in nodes {
            let index = self.nodes.len();
            let (depth, path) = match parent.and_then(|p| self.nodes.get(p)) {
                Some(p) => (p.depth + 1, Arc::from(format!("{}/{}", p.path, node.id().node))),
                None => (0, Arc::from(node.id().node.as_str())),
            };
            let id = node.id().node.as_str();
            if self.ids.insert(id, index).is_some() {
                errors.push(spanned(
                    Diagnostic::error("eval::duplicate-id", format!("`{id}` is declared twice"))
                        .with_help("give every group and indicator its own identifier"),
                    node.id().span,
                ));
            }
            let (label, missing, gate, body) = match &node.node {
                Node::Group(group) => {
                    let policy = group.missing.as_ref().map_or(inherited, |m| m.node);
                    (group.label.as_ref(), policy, None, Some(NodeBody::Group))
                }
                Node::Indicator(indicator) => {
                    let policy = indicator.missing.as_ref().map_or(inherited, |m| m.node);
                    let body = self.indicator_body(indicator, node.span, errors);
                    (indicator.label.as_ref(), policy, indicator.gate.as_ref(), body)
                }
            };
            let Some(body) = body else { continue };
            let cells = match &body {
                NodeBody::Rated { raters, .. } => raters.raters.len(),
                _ => 1,
            };
            let first_cell = self.nodes.last().map_or(0, |n| n.first_cell + n.cell_count());
            self.nodes.push(PlanNode {
                hints: (0..cells).map(|_| Hint::default()).collect(),
                first_cell,
                id,
                path,
                shared: (Arc::from(id), label.map(|l| Arc::from(l.node.as_str()))),
                depth,
                weight: node.weight().node,
                fixed_weight: Fixed::of(node.weight().node),
                children: Vec::new(),
                children_weight: None,
                missing,
                gate: gate.map(|g| &g.node),
                span: node.id().span,
                body,
            });
            if let Node::Group(group) = &node.node {
                let children = self.add_nodes(&group.children, Some(index), missing, errors);
                let children_weight = self.total_weight(children.iter().copied());
                if let Some(slot) = self.nodes.get_mut(index) {
                    slot.children = children;
                    slot.children_weight = children_weight;
                }
            }
            indices.push(index);
        }
        indices
    }

    /// The weights of `children` added in order, as [`Fixed`]; `None` where one does not
    /// apply.
    pub fn total_weight(&self, children: impl IntoIterator<Item = usize>) -> Option<Fixed> {
        children
            .into_iter()
            .try_fold(Fixed::ZERO, |total, child| total.add(self.nodes.get(child)?.fixed_weight?))
    }

    fn indicator_body(
        &self,
        indicator: &'s crate::ast::Indicator,
        span: Span,
        errors: &mut Vec<Diagnostic>,
    ) -> Option<NodeBody<'s>> {
        let id = indicator.id.node.as_str();
        match (&indicator.scoring, &indicator.rating) {
            (Some(scoring), None) => {
                let direction = indicator.direction.as_ref().map(|d| d.node);
                let rule = Rule::compile(scoring, direction, scoring.span)
                    .map_err(|e| errors.push(e))
                    .ok()?;
                let (unit, currency) = match indicator.unit.as_ref().map(|u| &u.node) {
                    Some(Unit::Percent) => (Some(ValueUnit::Percent), None),
                    Some(Unit::Duration) => (Some(ValueUnit::Duration), None),
                    Some(Unit::Currency(code)) => (
                        Some(ValueUnit::Currency),
                        code.as_ref().map(|c| Arc::from(c.node.as_str())),
                    ),
                    Some(Unit::Count) => (Some(ValueUnit::Count), None),
                    Some(Unit::Ratio) => (Some(ValueUnit::Ratio), None),
                    None => (None, None),
                };
                let derived = indicator.derived.as_ref().map(|d| &d.node);
                Some(NodeBody::Measured { rule, derived, unit, currency })
            }
            (None, Some(rating)) => {
                let Some(scale) =
                    self.scheme.scales.iter().find(|s| s.id.node == rating.scale.node)
                else {
                    errors.push(spanned(
                        Diagnostic::error(
                            "eval::unknown-scale",
                            format!(
                                "indicator `{id}` is rated on the undeclared scale `{}`",
                                rating.scale.node
                            ),
                        )
                        .with_help("declare the scale: `scale <id> \"label\" { 1 \"...\" ... }`"),
                        rating.scale.span,
                    ));
                    return None;
                };
                let scale = ScaleRule::compile(scale).map_err(|e| errors.push(e)).ok()?;
                let raters = RaterSet::compile(id, rating, &self.scheme.raters)
                    .map_err(|e| errors.push(e))
                    .ok()?;
                Some(NodeBody::Rated { scale, raters })
            }
            (None, None) => {
                errors.push(spanned(
                    Diagnostic::error(
                        "eval::no-scoring",
                        format!("indicator `{id}` has no scoring rule"),
                    )
                    .with_help(
                        "add `score ...` (measured) or `rated on <scale> by <raters>` (rated)",
                    ),
                    span,
                ));
                None
            }
            (Some(_), Some(rating)) => {
                errors.push(spanned(
                    Diagnostic::error(
                        "eval::scored-and-rated",
                        format!("indicator `{id}` has both a scoring rule and raters"),
                    )
                    .with_help(
                        "keep `score ...` for a measured value or `rated on ...` for ratings",
                    ),
                    rating.span,
                ));
                None
            }
        }
    }

    fn check_action(&self, action: &'s Spanned<Action>, errors: &mut Vec<Diagnostic>) {
        self.check_condition(&action.condition, errors);
        let currency = self.scheme.currency.is_some();
        for effect in &action.effects {
            let (Effect::Bonus { currency: None, amount, .. }
            | Effect::Deduction { currency: None, amount, .. }) = &effect.node
            else {
                continue;
            };
            if !currency {
                errors.push(spanned(
                    Diagnostic::error(
                        "eval::currency-missing",
                        format!("action `{}` gives an amount without a currency", action.id.node),
                    )
                    .with_help(
                        "write the currency after the amount (`100 CNY`) or declare `currency CNY`",
                    ),
                    amount.span,
                ));
            }
        }
    }

    fn check_condition(&self, condition: &Spanned<Condition>, errors: &mut Vec<Diagnostic>) {
        match &condition.node {
            Condition::Indicator { target, .. } if !self.ids.contains_key(target.node.as_str()) => {
                errors.push(unknown_node(target, "condition"));
            }
            Condition::Grade(ids) => {
                let grades = self.grades.as_ref().map(|g| g.1.as_slice()).unwrap_or_default();
                for id in ids.iter().filter(|id| !grades.iter().any(|g| g.id == id.node)) {
                    errors.push(spanned(
                        Diagnostic::error(
                            "eval::unknown-grade",
                            format!("there is no grade `{}`", id.node),
                        )
                        .with_help("use a grade declared in `grades by ...`"),
                        id.span,
                    ));
                }
            }
            Condition::And(a, b) | Condition::Or(a, b) => {
                self.check_condition(a, errors);
                self.check_condition(b, errors);
            }
            Condition::Not(a) => self.check_condition(a, errors),
            _ => {}
        }
    }
}

fn unknown_node(id: &Spanned<String>, place: &str) -> Diagnostic {
    spanned(
        Diagnostic::error(
            "eval::unknown-indicator",
            format!("the {place} names `{}`, which is no indicator or group", id.node),
        )
        .with_help("use the identifier of a declared indicator or group"),
        id.span,
    )
}

impl Plan<'_> {
    /// Whether node `index` is a group.
    pub fn is_group(&self, index: usize) -> bool {
        self.nodes.get(index).is_some_and(|node| matches!(node.body, NodeBody::Group))
    }

    /// Whether anything reads a record's scores, once scored, but its composite rounded: a
    /// tie-breaker, a critical gate (a failed one sets the lowest grade), or an action on an
    /// indicator or group, or with a hook.
    pub(crate) fn reads_scores_once_scored(&self) -> bool {
        let on_nodes = |condition: &Spanned<Condition>| {
            let mut reads = false;
            walk_condition(condition, &mut |c| {
                reads |= matches!(&c.node, Condition::Indicator { .. } | Condition::Hook(_));
            });
            reads
        };
        !self.tie_break.is_empty()
            || self.nodes.iter().any(|node| node.gate.is_some())
            || self.scheme.actions.iter().any(|action| on_nodes(&action.condition))
    }

    /// Whether `condition` reads a group's points: `<group> points …`, or a hook.
    fn reads_groups(&self, condition: &Spanned<Condition>) -> bool {
        let mut reads = false;
        walk_condition(condition, &mut |c| {
            reads |= match &c.node {
                Condition::Indicator { target, .. } => {
                    self.ids.get(target.node.as_str()).is_none_or(|&i| self.is_group(i))
                }
                Condition::Hook(_) => true,
                _ => false,
            };
        });
        reads
    }
}

/// Whether `condition` reads a node's value: `<indicator> value …`, or a hook.
fn reads_values(condition: &Spanned<Condition>) -> bool {
    let mut reads = false;
    walk_condition(condition, &mut |c| {
        reads |= matches!(
            &c.node,
            Condition::Indicator { subject: Subject::Value, .. } | Condition::Hook(_)
        );
    });
    reads
}

/// `value` with `precision` decimals when it has fewer, the same value: the rounded scores
/// compared with it have that many, and decimals of one scale compare without rescaling.
fn at_scale(value: Decimal, precision: u32) -> Decimal {
    let mut scaled = value;
    scaled.rescale(precision);
    if scaled == value && scaled.scale() >= value.scale() { scaled } else { value }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn groups_and_gated_nodes_are_listed_in_node_order() {
        let mut gated = 0;
        for name in crate::eval::testing::POLICIES {
            let scheme = crate::eval::testing::policy(name);
            let plan = Plan::compile(&scheme).unwrap();
            let groups: Vec<usize> = plan
                .nodes
                .iter()
                .enumerate()
                .filter(|(_, n)| matches!(n.body, NodeBody::Group))
                .map(|(i, _)| i)
                .collect();
            assert_eq!(plan.groups, groups, "{name}");
            assert!(!groups.is_empty(), "{name} has groups");
            let with_gate: Vec<usize> =
                (0..plan.nodes.len()).filter(|&i| plan.nodes[i].gate.is_some()).collect();
            assert_eq!(plan.gated, with_gate, "{name}");
            gated += with_gate.len();
        }
        assert!(gated > 0, "some policy has a gate");
    }

    #[test]
    fn thresholds_take_the_scores_scale_when_they_keep_their_value() {
        let d = |text: &str| text.parse::<Decimal>().unwrap();
        let scaled = at_scale(d("90"), 2);
        assert_eq!((scaled, scaled.scale()), (d("90"), 2));
        let finer = at_scale(d("89.995"), 2);
        assert_eq!((finer, finer.scale()), (d("89.995"), 3), "more decimals: kept");
        let huge = at_scale(Decimal::MAX, 2);
        assert_eq!((huge, huge.scale()), (Decimal::MAX, 0), "no room for decimals: kept");
    }
}
