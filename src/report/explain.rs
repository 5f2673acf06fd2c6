//! `merit explain`: one employee's result for the feedback interview. Indicator by
//! indicator the weight, target, actual value, points, weighted contribution and the points
//! lost against full marks; the weakest indicators ("where to improve"); each action that
//! fired with the facts behind it; the definitions of the indicators. Text or JSON.

use std::fmt::Write;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::ast::Scheme;
use crate::eval::result::{
    EmployeeResult, FORMAT_VERSION, HookRole, NodeKind, NodeResult, PeriodEvaluation,
    SchemeEvaluation,
};

use super::display;
use super::table::{Align, TextTable};

/// How many indicators "where to improve" lists.
pub const WEAKEST: usize = 3;

/// What is explained: one employee in one period of one scheme.
#[derive(Debug, Clone, Copy)]
pub struct Explanation<'a> {
    /// The scheme as written (for definitions).
    pub scheme: &'a Scheme,
    /// The scheme's results.
    pub result: &'a SchemeEvaluation,
    /// The period.
    pub period: &'a PeriodEvaluation,
    /// The employee.
    pub employee: &'a EmployeeResult,
}

/// The definition of an indicator, as the scheme states it.
#[derive(Debug, Clone, Serialize)]
struct Definition<'a> {
    id: &'a str,
    label: Option<&'a str>,
    definition: Option<&'a str>,
    numerator: Option<&'a str>,
    denominator: Option<&'a str>,
    source: Option<&'a str>,
}

/// The JSON shape of an explanation (documented in `docs/output.md`).
#[derive(Debug, Clone, Serialize)]
struct ExplainJson<'a> {
    format_version: u32,
    scheme: &'a str,
    version: Option<&'a str>,
    period: &'a str,
    start: chrono::NaiveDate,
    end: chrono::NaiveDate,
    notice_date: chrono::NaiveDate,
    tied_with: Vec<&'a str>,
    where_to_improve: Vec<&'a str>,
    result: &'a EmployeeResult,
    definitions: Vec<Definition<'a>>,
}

impl<'a> Explanation<'a> {
    /// Employees of the same scope who share this employee's rank.
    fn tied_with(&self) -> Vec<&'a str> {
        let me = self.employee;
        self.period
            .employees
            .iter()
            .filter(|e| e.employee != me.employee && e.scope == me.scope && e.rank == me.rank)
            .map(|e| e.employee.as_str())
            .collect()
    }

    fn definitions(&self) -> Vec<Definition<'a>> {
        let text =
            |s: &'a Option<crate::source::Spanned<String>>| s.as_ref().map(|s| s.node.as_str());
        self.scheme
            .all_indicators()
            .into_iter()
            .map(|i| Definition {
                id: &i.id.node,
                label: text(&i.label),
                definition: text(&i.definition),
                numerator: text(&i.numerator),
                denominator: text(&i.denominator),
                source: text(&i.source),
            })
            .collect()
    }

    /// The explanation as pretty JSON with a final newline.
    pub fn json(&self) -> Result<String, serde_json::Error> {
        let document = ExplainJson {
            format_version: FORMAT_VERSION,
            scheme: &self.result.scheme,
            version: self.result.version.as_deref(),
            period: &self.period.period,
            start: self.period.start,
            end: self.period.end,
            notice_date: self.period.notice_date,
            tied_with: self.tied_with(),
            where_to_improve: self.employee.weakest(WEAKEST).iter().map(|n| &*n.id).collect(),
            result: self.employee,
            definitions: self.definitions(),
        };
        let mut text = serde_json::to_string_pretty(&document)?;
        text.push('\n');
        Ok(text)
    }

    /// The explanation as text for people.
    pub fn text(&self) -> String {
        let employee = self.employee;
        let mut out = String::new();
        let version = self.result.version.as_ref().map(|v| format!(" {v}")).unwrap_or_default();
        let _ = writeln!(
            out,
            "{}, period {} ({} to {})",
            employee.employee, self.period.period, self.period.start, self.period.end
        );
        let _ = writeln!(out, "scheme: {}{version}", self.result.scheme);
        let grade = employee.grade.as_ref().map_or(String::new(), |g| match &g.label {
            Some(label) => format!(", grade {} ({label})", g.id),
            None => format!(", grade {}", g.id),
        });
        let tied = self.tied_with();
        let tied = if tied.is_empty() {
            String::new()
        } else {
            format!(", tied with {}", tied.join(", "))
        };
        let scope = employee.scope.as_ref().map(|s| format!(" in {s}")).unwrap_or_default();
        let _ = writeln!(
            out,
            "composite {}{grade}, rank {} of {}{scope}{tied}",
            employee.composite_rounded, employee.rank, employee.ranked_count
        );
        if !employee.failed_gates.is_empty() {
            let _ = writeln!(
                out,
                "critical gate failed: {} (the composite is 0)",
                employee.failed_gates.join(", ")
            );
        }
        out.push_str(
            "\nIndicators (points out of 100; contribution and lost in composite points)\n\n",
        );
        out.push_str(&self.indicator_table());
        out.push_str(&self.hook_calls());
        out.push_str(&self.weakest());
        out.push_str(&self.actions());
        out.push_str(&self.definitions_text());
        out
    }

    fn indicator_table(&self) -> String {
        let mut table = TextTable::new(&[
            ("indicator", Align::Left),
            ("weight", Align::Right),
            ("target", Align::Right),
            ("actual", Align::Left),
            ("points", Align::Right),
            ("contribution", Align::Right),
            ("of", Align::Right),
            ("lost", Align::Right),
        ]);
        for (node, full) in
            self.employee.indicators.iter().zip(full_marks(&self.employee.indicators))
        {
            let indent = "  ".repeat(node.depth as usize);
            let target = node
                .target
                .map(|t| display::value(t, node.unit, node.currency.as_deref()))
                .unwrap_or_default();
            let actual =
                if node.kind == NodeKind::Group { String::new() } else { actual_with_policy(node) };
            let points = node.points.map(display::points).unwrap_or_else(|| "left out".to_string());
            table.row(vec![
                format!("{indent}{}", node.label.as_deref().unwrap_or(&node.id)),
                display::weight(node.weight),
                target,
                actual,
                points,
                display::points(node.contribution),
                display::points(full),
                display::points(node.lost),
            ]);
        }
        table.render()
    }

    fn weakest(&self) -> String {
        let weakest = self.employee.weakest(WEAKEST);
        let mut out = String::from("\nWhere to improve (most composite points lost)\n\n");
        if weakest.is_empty() {
            out.push_str("  nothing: every indicator is at full marks\n");
        }
        let full: Vec<(&str, Decimal)> = self
            .employee
            .indicators
            .iter()
            .map(|n| &*n.id)
            .zip(full_marks(&self.employee.indicators))
            .collect();
        for (n, node) in weakest.iter().enumerate() {
            let name = node.label.as_deref().unwrap_or(&node.id);
            let of = full.iter().find(|(id, _)| *id == &*node.id).map(|(_, f)| *f);
            let of = of.map(|f| format!(" of {}", display::points(f))).unwrap_or_default();
            let target = match node.target {
                Some(t) => {
                    format!(
                        " against a target of {}",
                        display::value(t, node.unit, node.currency.as_deref())
                    )
                }
                None => String::new(),
            };
            let points = node.points.map(display::points).unwrap_or_default();
            let _ = writeln!(
                out,
                "  {}. {name} ({}): lost {}{of}; {}{target}, {points} points",
                n + 1,
                node.id,
                display::points(node.lost),
                actual_with_policy(node),
            );
        }
        out
    }

    /// Each hook called for an indicator, with its inputs and result (nothing when none).
    fn hook_calls(&self) -> String {
        let calls: Vec<_> = self
            .employee
            .indicators
            .iter()
            .flat_map(|node| node.hooks.iter().map(move |call| (node, call)))
            .collect();
        if calls.is_empty() {
            return String::new();
        }
        let mut out = String::from(
            "\nHook calls (in base units: percent as 0..100, seconds; at most 4 decimals shown)\n\n",
        );
        for (node, call) in calls {
            let inputs: Vec<String> = call
                .inputs
                .iter()
                .map(|(name, value)| format!("{name} = {}", display::value(*value, None, None)))
                .collect();
            let role = match call.role {
                HookRole::Value => "value",
                HookRole::Points => "points",
            };
            let _ = writeln!(
                out,
                "  {}: {role} {}({}) = {}",
                node.id,
                call.function,
                inputs.join(", "),
                display::value(call.result, None, None)
            );
        }
        out
    }

    fn actions(&self) -> String {
        let mut out = String::from("\nActions\n\n");
        if self.employee.actions.is_empty() {
            out.push_str("  none fired\n");
        }
        for action in &self.employee.actions {
            let label = action.label.as_ref().map(|l| format!(": {l}")).unwrap_or_default();
            let _ = writeln!(out, "  {}{label}", action.action);
            let mut effect = display::effect(action);
            if let (crate::eval::result::ActionKind::ImprovementPlan, Some(text)) =
                (action.kind, &action.text)
            {
                effect = format!("{effect}: {text}");
            }
            let _ = writeln!(out, "    {effect}");
            if !action.facts.is_empty() {
                let _ = writeln!(out, "    because: {}", action.facts.join("; "));
            }
        }
        out
    }

    fn definitions_text(&self) -> String {
        let mut out = String::from("\nDefinitions\n\n");
        for d in self.definitions() {
            let label = d.label.map(|l| format!(" ({l})")).unwrap_or_default();
            let _ = writeln!(
                out,
                "  {}{label}: {}",
                d.id,
                d.definition.unwrap_or("no definition given")
            );
            if let (Some(numerator), Some(denominator)) = (d.numerator, d.denominator) {
                let _ = writeln!(out, "    = {numerator} / {denominator}");
            }
            if let Some(source) = d.source {
                let _ = writeln!(out, "    source: {source}");
            }
        }
        out
    }
}

/// The actual value, or what the missing-data policy did.
fn actual_with_policy(node: &NodeResult) -> String {
    match (node.missing, node.missing_policy) {
        (true, Some(policy)) => format!("missing ({})", format!("{policy:?}").to_lowercase()),
        _ => display::actual(node),
    }
}

/// Each node's contribution at full marks (100 points): 100 × the product of the effective
/// weights (as fractions) from the top-level node down.
fn full_marks(nodes: &[NodeResult]) -> Vec<Decimal> {
    let mut stack: Vec<Decimal> = Vec::new();
    nodes
        .iter()
        .map(|node| {
            stack.truncate(node.depth as usize);
            let parent = stack.last().copied().unwrap_or(Decimal::ONE_HUNDRED);
            let full = parent * node.effective_weight / Decimal::ONE_HUNDRED;
            stack.push(full);
            full
        })
        .collect()
}
