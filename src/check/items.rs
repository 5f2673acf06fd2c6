//! The items of a scheme by line: for an allow comment, which lines the statement that
//! starts on a given line covers (an indicator with its whole block, a scale, an action, a
//! single field).

use std::collections::BTreeMap;

use crate::ast::{Effect, Node, Scheme, Scoring};
use crate::source::{SourceFile, Span, Spanned};

/// The lines of a scheme's items, indexed once.
pub struct Items {
    /// Byte offset of the start of each line.
    line_starts: Vec<usize>,
    /// For each line where statements start, the last line of the largest of them.
    last_lines: BTreeMap<usize, usize>,
}

impl Items {
    /// Index the statements of `scheme`, written in `file`.
    pub fn new(scheme: &Scheme, file: &SourceFile) -> Items {
        let mut line_starts = vec![0];
        line_starts.extend(file.text.match_indices('\n').map(|(i, _)| i + 1));
        let mut items = Items { line_starts, last_lines: BTreeMap::new() };
        for span in spans(scheme) {
            let first = items.line(span.start);
            let last = items.line(span.end.saturating_sub(1).max(span.start));
            let entry = items.last_lines.entry(first).or_insert(first);
            *entry = (*entry).max(last);
        }
        items
    }

    /// The 1-based line of a byte offset.
    pub fn line(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|start| *start <= offset)
    }

    /// The first and last line of the largest statement that starts on `line`;
    /// `(line, line)` when none does.
    pub fn lines(&self, line: usize) -> (usize, usize) {
        (line, self.last_lines.get(&line).copied().unwrap_or(line))
    }
}

/// The spans of every statement and block of the scheme, outer before inner.
fn spans(scheme: &Scheme) -> Vec<Span> {
    let mut out = vec![scheme.name.span];
    let optional = [
        scheme.version.as_ref().map(|s| s.span),
        scheme.purpose.as_ref().map(|s| s.span),
        scheme.strategy.as_ref().map(|s| s.span),
        scheme.owner.as_ref().map(|s| s.span),
        scheme.scope.as_ref().map(|s| s.span),
        scheme.cycle.as_ref().map(|s| s.span),
        scheme.precision.as_ref().map(|s| s.span),
        scheme.currency.as_ref().map(|s| s.span),
        scheme.missing.as_ref().map(|s| s.span),
        scheme.grades.as_ref().map(|s| s.span),
        scheme.ranking.as_ref().map(|s| s.span),
    ];
    out.extend(optional.into_iter().flatten());
    out.extend(scheme.approvals.iter().map(|a| a.span));
    out.extend(scheme.milestones.iter().map(|m| m.span));
    out.extend(scheme.raters.iter().map(|r| r.span));
    out.extend(scheme.hooks.iter().map(|h| h.span));
    for scale in &scheme.scales {
        out.push(scale.span);
        out.extend(scale.steps.iter().map(|s| s.span));
    }
    nodes(&scheme.indicators, &mut out);
    if let Some(grades) = &scheme.grades {
        out.extend(grades.grades.iter().map(|g| g.span));
    }
    for action in &scheme.actions {
        out.push(action.span);
        out.push(action.condition.span);
        out.extend(action.effects.iter().map(|e: &Spanned<Effect>| e.span));
    }
    out
}

fn nodes(nodes: &[Spanned<Node>], out: &mut Vec<Span>) {
    for node in nodes {
        out.push(node.span);
        match &node.node {
            Node::Group(group) => {
                out.extend(group.missing.as_ref().map(|m| m.span));
                self::nodes(&group.children, out);
            }
            Node::Indicator(indicator) => {
                let fields = [
                    indicator.definition.as_ref().map(|s| s.span),
                    indicator.numerator.as_ref().map(|s| s.span),
                    indicator.denominator.as_ref().map(|s| s.span),
                    indicator.unit.as_ref().map(|s| s.span),
                    indicator.direction.as_ref().map(|s| s.span),
                    indicator.source.as_ref().map(|s| s.span),
                    indicator.derived.as_ref().map(|s| s.span),
                    indicator.scoring.as_ref().map(|s| s.span),
                    indicator.rating.as_ref().map(|s| s.span),
                    indicator.gate.as_ref().map(|s| s.span),
                    indicator.missing.as_ref().map(|s| s.span),
                ];
                out.extend(fields.into_iter().flatten());
                match indicator.scoring.as_ref().map(|s| &s.node) {
                    Some(Scoring::Curve(anchors)) => out.extend(anchors.iter().map(|a| a.span)),
                    Some(Scoring::Bands { bands, otherwise }) => {
                        out.extend(bands.iter().map(|b| b.span));
                        out.extend(otherwise.as_ref().map(|o| o.span));
                    }
                    _ => {}
                }
            }
        }
    }
}
