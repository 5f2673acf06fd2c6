//! What the schemes expect to find in a data file: for each data name (a wide-layout column,
//! or `indicator[@rater]` in the long layout) where its value goes and how it is read; for
//! each indicator the names that feed it and its missing-data policy; and which scheme a
//! row belongs to, by its role.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use crate::ast::{Condition, HookCall, Indicator, MissingPolicy, Node, Scheme, Scoring, Unit};
use crate::source::Spanned;

use super::cell::ValueKind;

/// Where a cell's value goes in a record.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Key {
    /// `Record::values[name]`: a measured indicator or a raw column.
    Value(Arc<str>),
    /// `Record::ratings[(indicator, rater)]`.
    Rating(Arc<str>, Arc<str>),
}

/// One data name a scheme reads.
#[derive(Debug, Clone)]
pub(crate) struct Column {
    /// Where the value goes.
    pub key: Key,
    /// How the cell is read.
    pub kind: ValueKind,
    /// The indicator it feeds, for messages (`None` for a raw column).
    pub indicator: Option<String>,
}

/// One indicator and the data names that feed it.
#[derive(Debug, Clone)]
pub(crate) struct Need {
    /// The indicator's id.
    pub indicator: String,
    /// Its effective missing-data policy (indicator, else innermost group, else scheme).
    pub policy: MissingPolicy,
    /// Data names: `[id]` (measured), `[id@rater, ...]` (rated), hook arguments (derived).
    pub names: Vec<String>,
    /// True for a rated indicator: any one of its rater columns is enough.
    pub rated: bool,
}

/// What one scheme expects.
#[derive(Debug)]
pub(crate) struct Expected<'s> {
    /// The scheme.
    pub scheme: &'s Scheme,
    /// Data name → where it goes and how it is read (shared: rows clone it cheaply).
    pub columns: HashMap<String, Arc<Column>>,
    /// Indicators computed by a hook: a data name equal to one of them is ignored.
    pub derived: BTreeSet<String>,
    /// Every indicator, in source order.
    pub needs: Vec<Need>,
    /// Text columns the scheme reads (ranking `scope by team`).
    pub attributes: BTreeSet<String>,
}

impl<'s> Expected<'s> {
    /// Collect what `scheme` reads.
    pub(crate) fn new(scheme: &'s Scheme) -> Self {
        let mut expected = Expected {
            scheme,
            columns: HashMap::new(),
            derived: BTreeSet::new(),
            needs: Vec::new(),
            attributes: BTreeSet::new(),
        };
        expected.walk(&scheme.indicators, scheme.missing_policy());
        let indicator_ids: BTreeSet<String> =
            scheme.all_indicators().iter().map(|i| i.id.node.clone()).collect();
        let mut hook_args: Vec<&str> = Vec::new();
        for indicator in scheme.all_indicators() {
            if let Some(Spanned { node: Scoring::Hook(call), .. }) = &indicator.scoring {
                hook_args.extend(call.args.iter().map(|a| a.node.as_str()));
            }
        }
        for action in &scheme.actions {
            condition_hook_args(&action.condition.node, &mut hook_args);
        }
        for arg in hook_args {
            if arg != "value" && !indicator_ids.contains(arg) {
                expected.raw(arg, None);
            }
        }
        if let Some(ranking) = &scheme.ranking {
            if let Some(Spanned { node: crate::ast::RankScope::By(column), .. }) = &ranking.scope {
                expected.attributes.insert(column.node.clone());
            }
        }
        expected
    }

    fn walk(&mut self, nodes: &[Spanned<Node>], inherited: MissingPolicy) {
        for node in nodes {
            match &node.node {
                Node::Group(group) => {
                    let policy = group.missing.as_ref().map_or(inherited, |m| m.node);
                    self.walk(&group.children, policy);
                }
                Node::Indicator(indicator) => {
                    let policy = indicator.missing.as_ref().map_or(inherited, |m| m.node);
                    self.indicator(indicator, policy);
                }
            }
        }
    }

    fn indicator(&mut self, indicator: &Indicator, policy: MissingPolicy) {
        let id = indicator.id.node.clone();
        let mut need = Need { indicator: id.clone(), policy, names: Vec::new(), rated: false };
        if let Some(rating) = &indicator.rating {
            need.rated = true;
            for rater in &rating.raters {
                let name = format!("{id}@{}", rater.node);
                let key = Key::Rating(Arc::from(id.as_str()), Arc::from(rater.node.as_str()));
                let column = Column { key, kind: ValueKind::Rating, indicator: Some(id.clone()) };
                self.columns.insert(name.clone(), Arc::new(column));
                need.names.push(name);
            }
        } else if let Some(derived) = &indicator.derived {
            self.derived.insert(id.clone());
            let HookCall { args, .. } = &derived.node;
            for arg in args {
                self.raw(&arg.node, Some(&id));
                need.names.push(arg.node.clone());
            }
        } else {
            let kind = value_kind(indicator, self.scheme);
            let column = Column {
                key: Key::Value(Arc::from(id.as_str())),
                kind,
                indicator: Some(id.clone()),
            };
            self.columns.insert(id.clone(), Arc::new(column));
            need.names.push(id);
        }
        self.needs.push(need);
    }

    fn raw(&mut self, name: &str, indicator: Option<&str>) {
        let column = Column {
            key: Key::Value(Arc::from(name)),
            kind: ValueKind::Raw,
            indicator: indicator.map(str::to_string),
        };
        self.columns.entry(name.to_string()).or_insert(Arc::new(column));
    }

    /// The role key of the scheme's scope.
    pub(crate) fn role(&self) -> Option<&'s str> {
        role_of(self.scheme)
    }
}

/// How a measured indicator's cells are read, from its unit.
fn value_kind(indicator: &Indicator, scheme: &Scheme) -> ValueKind {
    match indicator.unit.as_ref().map(|u| &u.node) {
        Some(Unit::Percent) => ValueKind::Percent,
        Some(Unit::Duration) => ValueKind::Duration,
        Some(Unit::Currency(code)) => {
            let code = code.as_ref().or(scheme.currency.as_ref()).map(|c| c.node.clone());
            ValueKind::Money(code)
        }
        Some(Unit::Count) => ValueKind::Count,
        Some(Unit::Ratio) | None => ValueKind::Ratio,
    }
}

fn condition_hook_args<'a>(condition: &'a Condition, out: &mut Vec<&'a str>) {
    match condition {
        Condition::Hook(call) => out.extend(call.args.iter().map(|a| a.node.as_str())),
        Condition::And(a, b) | Condition::Or(a, b) => {
            condition_hook_args(&a.node, out);
            condition_hook_args(&b.node, out);
        }
        Condition::Not(a) => condition_hook_args(&a.node, out),
        _ => {}
    }
}

/// The index of the scheme that evaluates a row with this `role` (the same rule as the
/// engine's): the scheme whose scope names the role; with a single scheme that names no
/// role, that scheme; a row without a role goes to the only scheme when there is one.
/// `None` when no scheme applies.
pub fn scheme_for_role(schemes: &[&Scheme], role: Option<&str>) -> Option<usize> {
    let roles: Vec<Option<&str>> = schemes.iter().map(|s| role_of(s)).collect();
    route(&roles, role)
}

/// The role key a scheme's scope declares.
pub(crate) fn role_of(scheme: &Scheme) -> Option<&str> {
    scheme.scope.as_ref()?.role.as_ref().map(|r| r.node.as_str())
}

/// [`scheme_for_role`] over the schemes' declared roles.
pub(crate) fn route(roles: &[Option<&str>], role: Option<&str>) -> Option<usize> {
    match role.filter(|r| !r.is_empty()) {
        Some(role) => roles
            .iter()
            .position(|r| *r == Some(role))
            .or_else(|| (roles.len() == 1 && roles[0].is_none()).then_some(0)),
        None => (roles.len() == 1).then_some(0),
    }
}

/// Names similar to `name` among `candidates`, best first, at most three: close by
/// Jaro-Winkler similarity, or one edit away (`E99` → `E09`). Case is ignored.
pub fn near_matches<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let name = name.trim().to_lowercase();
    let mut scored: Vec<(f64, &str)> = candidates
        .filter_map(|c| {
            let lower = c.to_lowercase();
            let similarity = strsim::jaro_winkler(&name, &lower);
            let edits = strsim::levenshtein(&name, &lower);
            (similarity >= 0.85 || edits <= (name.chars().count() / 4).max(1))
                .then_some((similarity, c))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(3).map(|(_, c)| c).collect()
}

/// `` `a`, `b` or `c` ``, for help texts.
pub(crate) fn one_of(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}
