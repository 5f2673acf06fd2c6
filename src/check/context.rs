//! What every lint needs: the scheme, its file, the names it declares (first declaration
//! wins), did-you-mean suggestions, and literals shown the way they were written.

use std::collections::HashMap;

use foldhash::fast::FixedState;
use rust_decimal::Decimal;

pub(crate) use crate::ast::walk_condition;
use crate::ast::{Grade, HookDecl, Indicator, MissingPolicy, Node, Quantity, Rater, Scale, Scheme};
use crate::diagnostic::Diagnostic;
use crate::source::{SourceFile, Span, Spanned};

/// A map keyed by declared names. foldhash's fixed state hashes a short name several times
/// faster than the standard SipHash; no lint reads a map in its hash order.
pub(crate) type NameMap<K, V> = HashMap<K, V, FixedState>;

/// The scheme being checked and lookups over the names it declares.
pub(crate) struct Context<'a> {
    /// The scheme.
    pub scheme: &'a Scheme,
    /// Its file, for spans and line numbers.
    pub file: &'a SourceFile,
    /// Groups and indicators by id (one namespace).
    pub nodes: NameMap<&'a str, &'a Node>,
    /// Raters by id.
    pub raters: NameMap<&'a str, &'a Rater>,
    /// Scales by id.
    pub scales: NameMap<&'a str, &'a Scale>,
    /// Grades by id.
    pub grades: NameMap<&'a str, &'a Grade>,
    /// Declared hook functions by name.
    pub hooks: NameMap<&'a str, &'a HookDecl>,
    /// The policy each indicator inherits from its nearest group or the scheme.
    inherited: NameMap<&'a str, MissingPolicy>,
}

impl<'a> Context<'a> {
    /// Index the names of `scheme`.
    pub fn new(scheme: &'a Scheme, file: &'a SourceFile) -> Self {
        let mut nodes = NameMap::default();
        walk_nodes(&scheme.indicators, &mut |node| {
            nodes.entry(node.id().node.as_str()).or_insert(node);
        });
        let mut raters = NameMap::default();
        for rater in &scheme.raters {
            raters.entry(rater.id.node.as_str()).or_insert(&rater.node);
        }
        let mut scales = NameMap::default();
        for scale in &scheme.scales {
            scales.entry(scale.id.node.as_str()).or_insert(&scale.node);
        }
        let mut grades = NameMap::default();
        for grade in scheme.grades.iter().flat_map(|g| &g.grades) {
            grades.entry(grade.id.node.as_str()).or_insert(&grade.node);
        }
        let mut hooks = NameMap::default();
        for hook in &scheme.hooks {
            hooks.entry(hook.function.node.as_str()).or_insert(&hook.node);
        }
        let mut inherited = NameMap::default();
        inherit(&scheme.indicators, scheme.missing_policy(), &mut inherited);
        Context { scheme, file, nodes, raters, scales, grades, hooks, inherited }
    }

    /// An error at `span` in the scheme's file.
    pub fn error(&self, code: &str, message: impl Into<String>, span: Span) -> Diagnostic {
        Diagnostic::error(code, message).at(self.file, span)
    }

    /// A warning at `span` in the scheme's file.
    pub fn warning(&self, code: &str, message: impl Into<String>, span: Span) -> Diagnostic {
        Diagnostic::warning(code, message).at(self.file, span)
    }

    /// The 1-based line a span starts on.
    pub fn line(&self, span: Span) -> usize {
        self.file.line_col(span.start).0
    }

    /// The indicator with this id, when the id names an indicator.
    pub fn indicator(&self, id: &str) -> Option<&'a Indicator> {
        match self.nodes.get(id) {
            Some(Node::Indicator(indicator)) => Some(indicator),
            _ => None,
        }
    }

    /// The missing-data policy in force for `indicator` (its own, its nearest group's, the
    /// scheme's, or the default).
    pub fn missing_policy(&self, indicator: &Indicator) -> MissingPolicy {
        if let Some(policy) = &indicator.missing {
            return policy.node;
        }
        let inherited = self.inherited.get(indicator.id.node.as_str()).copied();
        inherited.unwrap_or_else(|| self.scheme.missing_policy())
    }
}

/// Record the policy each indicator inherits (first declaration of an id wins), in one walk.
fn inherit<'a>(
    nodes: &'a [Spanned<Node>],
    policy: MissingPolicy,
    inherited: &mut NameMap<&'a str, MissingPolicy>,
) {
    for node in nodes {
        match &node.node {
            Node::Indicator(i) => {
                inherited.entry(i.id.node.as_str()).or_insert(policy);
            }
            Node::Group(g) => {
                inherit(&g.children, g.missing.as_ref().map_or(policy, |m| m.node), inherited)
            }
        }
    }
}

/// Visit every group and indicator, depth first, in source order.
pub(crate) fn walk_nodes<'a>(nodes: &'a [Spanned<Node>], visit: &mut impl FnMut(&'a Node)) {
    for node in nodes {
        visit(&node.node);
        if let Node::Group(group) = &node.node {
            walk_nodes(&group.children, visit);
        }
    }
}

/// The known name closest to `name`, when one is close enough to be a likely typo.
pub(crate) fn did_you_mean<'n>(
    name: &str,
    known: impl IntoIterator<Item = &'n str>,
) -> Option<&'n str> {
    let lower = name.to_lowercase();
    let mut best: Option<(f64, &'n str)> = None;
    for candidate in known {
        let other = candidate.to_lowercase();
        let mut similarity = strsim::normalized_damerau_levenshtein(&lower, &other);
        if lower.len() >= 3 && (other.contains(&lower) || lower.contains(&other)) {
            similarity = similarity.max(0.7);
        }
        if similarity >= 0.6 && best.is_none_or(|(s, _)| similarity > s) {
            best = Some((similarity, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// A help text for an unknown name: a suggestion when one is close, else the known names.
pub(crate) fn unknown_name_help<'n>(
    name: &str,
    plural: &str,
    known: impl IntoIterator<Item = &'n str>,
    declare: &str,
) -> String {
    let mut known: Vec<&str> = known.into_iter().collect();
    known.sort_unstable();
    if let Some(suggestion) = did_you_mean(name, known.iter().copied()) {
        return format!("did you mean `{suggestion}`?");
    }
    if known.is_empty() {
        return format!("no {plural} are declared; {declare}");
    }
    let shown: Vec<String> = known.iter().take(8).map(|k| format!("`{k}`")).collect();
    let more = if known.len() > 8 { ", ..." } else { "" };
    format!("the declared {plural} are {}{more}; {declare}", shown.join(", "))
}

/// A literal as the language writes it: `35%`, `30s`, `100 CNY`, `0.5`.
pub(crate) fn show(quantity: &Quantity) -> String {
    match quantity {
        Quantity::Number(v) => v.to_string(),
        Quantity::Percent(v) => format!("{v}%"),
        Quantity::Duration(v, unit) => format!("{v}{}", unit.suffix()),
        Quantity::Money(v, currency) => format!("{v} {currency}"),
    }
}

/// The literal in its unit's base (percent as written, durations in seconds, money as its
/// amount), or `None` when a duration in seconds is too large for a decimal.
pub(crate) fn base(quantity: &Quantity) -> Option<Decimal> {
    match quantity {
        Quantity::Duration(v, unit) => v.checked_mul(unit.seconds()),
        Quantity::Number(v) | Quantity::Percent(v) | Quantity::Money(v, _) => Some(*v),
    }
}

/// True when a text field is absent or holds only whitespace.
pub(crate) fn blank(text: Option<&Spanned<String>>) -> bool {
    text.is_none_or(|t| t.node.trim().is_empty())
}

/// A decimal without trailing zeros: sums print as `100`, not `100.0`.
pub(crate) fn plain(value: Decimal) -> String {
    value.normalize().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let known = ["complaints", "conversion", "churn"];
        assert_eq!(did_you_mean("complaint", known), Some("complaints"));
        assert_eq!(did_you_mean("convresion", known), Some("conversion"));
        assert_eq!(did_you_mean("payroll", known), None);
        assert_eq!(did_you_mean("refund", ["refund_ratio"]), Some("refund_ratio"));
    }

    #[test]
    fn help_lists_known_names_without_a_close_one() {
        let help = unknown_name_help("boss", "raters", ["self", "store_manager"], "declare it");
        assert_eq!(help, "the declared raters are `self`, `store_manager`; declare it");
        let help = unknown_name_help("boss", "raters", [], "declare it");
        assert_eq!(help, "no raters are declared; declare it");
    }
}
