//! What a scheme lets a test name: the data it reads (measured values, hook inputs,
//! ratings by rater, scope columns) and the things an expectation may mention (grades,
//! actions, gates, indicators and groups). Built once per scheme.

use std::collections::{BTreeMap, BTreeSet};

use crate::ast::{Condition, RankScope, Scheme, Scoring, Unit};

use super::values::Kind;

/// The names a scheme reads and declares.
#[derive(Debug, Clone, Default)]
pub struct SchemeNames {
    /// Data names of `values`: measured indicators and raw hook inputs, with their unit.
    pub values: BTreeMap<String, Kind>,
    /// Indicators computed by a hook, with the inputs to give instead.
    pub derived: BTreeMap<String, Vec<String>>,
    /// Rated indicators and the raters who rate each, in declaration order.
    pub rated: BTreeMap<String, Vec<String>>,
    /// Text columns the scheme reads (`ranking { scope by site }`).
    pub attributes: BTreeSet<String>,
    /// Grade identifiers, best first.
    pub grades: Vec<String>,
    /// Action identifiers, in source order.
    pub actions: Vec<String>,
    /// Critical indicators (those with a gate).
    pub gates: BTreeSet<String>,
    /// Every indicator and group identifier.
    pub nodes: BTreeSet<String>,
    /// The role key of the scheme's scope, given to every record.
    pub role: Option<String>,
    /// Decimals of composites and points compared.
    pub precision: u32,
}

impl SchemeNames {
    /// Collect the names of `scheme`.
    pub fn new(scheme: &Scheme) -> Self {
        let mut names = SchemeNames { precision: scheme.precision(), ..SchemeNames::default() };
        let indicators = scheme.all_indicators();
        let ids: BTreeSet<String> = indicators.iter().map(|i| i.id.node.clone()).collect();
        let mut hook_args: Vec<String> = Vec::new();
        for indicator in &indicators {
            let id = indicator.id.node.clone();
            names.nodes.insert(id.clone());
            if indicator.gate.is_some() {
                names.gates.insert(id.clone());
            }
            if let Some(rating) = &indicator.rating {
                names.rated.insert(id, rating.raters.iter().map(|r| r.node.clone()).collect());
            } else if let Some(derived) = &indicator.derived {
                let args: Vec<String> = derived.args.iter().map(|a| a.node.clone()).collect();
                hook_args.extend(args.iter().cloned());
                names.derived.insert(id, args);
            } else {
                names.values.insert(id, kind_of(indicator.unit.as_ref().map(|u| &u.node), scheme));
            }
            if let Some(Scoring::Hook(call)) = indicator.scoring.as_ref().map(|s| &s.node) {
                hook_args.extend(call.args.iter().map(|a| a.node.clone()));
            }
        }
        for action in &scheme.actions {
            names.actions.push(action.id.node.clone());
            condition_hook_args(&action.condition.node, &mut hook_args);
        }
        for arg in hook_args {
            if arg != "value" && !ids.contains(&arg) {
                names.values.entry(arg).or_insert(Kind::Number);
            }
        }
        names.nodes.extend(scheme.all_groups().iter().map(|g| g.id.node.clone()));
        if let Some(grades) = &scheme.grades {
            names.grades = grades.grades.iter().map(|g| g.id.node.clone()).collect();
        }
        if let Some(RankScope::By(column)) =
            scheme.ranking.as_ref().and_then(|r| r.scope.as_ref()).map(|s| &s.node)
        {
            names.attributes.insert(column.node.clone());
        }
        names.role = scheme.scope.as_ref().and_then(|s| s.role.as_ref()).map(|r| r.node.clone());
        names
    }
}

/// How a measured indicator's values are read, from its unit.
fn kind_of(unit: Option<&Unit>, scheme: &Scheme) -> Kind {
    match unit {
        Some(Unit::Percent) => Kind::Percent,
        Some(Unit::Duration) => Kind::Duration,
        Some(Unit::Currency(code)) => {
            Kind::Money(code.as_ref().or(scheme.currency.as_ref()).map(|c| c.node.clone()))
        }
        Some(Unit::Count) => Kind::Count,
        Some(Unit::Ratio) | None => Kind::Number,
    }
}

fn condition_hook_args(condition: &Condition, out: &mut Vec<String>) {
    match condition {
        Condition::Hook(call) => out.extend(call.args.iter().map(|a| a.node.clone())),
        Condition::And(a, b) | Condition::Or(a, b) => {
            condition_hook_args(&a.node, out);
            condition_hook_args(&b.node, out);
        }
        Condition::Not(a) => condition_hook_args(&a.node, out),
        _ => {}
    }
}

/// Names similar to `name` among `candidates`, best first, at most three.
pub fn near<'a>(name: &str, candidates: impl IntoIterator<Item = &'a String>) -> Vec<&'a str> {
    let name = name.trim().to_lowercase();
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&name, &c.to_lowercase()), c.as_str()))
        .filter(|(score, _)| *score >= 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.into_iter().take(3).map(|(_, c)| c).collect()
}

/// `` `a`, `b` or `c` `` for help texts.
pub fn one_of(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// A help text: "did you mean ...?" when a name is close, else the list of known names
/// introduced by `phrase` (`the scheme's grades`).
pub fn suggest<'a>(
    name: &str,
    known: impl IntoIterator<Item = &'a String> + Clone,
    phrase: &str,
) -> String {
    let close = near(name, known.clone());
    if !close.is_empty() {
        return format!("did you mean {}?", one_of(&close));
    }
    let all: Vec<&str> = known.into_iter().map(String::as_str).collect();
    match all.len() {
        0 => format!("{phrase}: none"),
        1..=12 => format!("{phrase}: {}", all.join(", ")),
        n => format!("{phrase}: {}, ... ({n} in all)", all[..12].join(", ")),
    }
}
