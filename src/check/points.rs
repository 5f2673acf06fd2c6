//! The range of points an indicator, a group or the composite can reach, from the scoring
//! rules, caps and scales. Used to find conditions, grades and gates that can never hold.
//!
//! The ranges are sound bounds: a group's points are a weighted mean of its children's, so
//! they lie between Σ wᵢ·minᵢ / Σ wᵢ and Σ wᵢ·maxᵢ / Σ wᵢ; when some indicator inside may be
//! left out (`missing reweight`), the remaining weights change and only the hull
//! [min minᵢ, max maxᵢ] is certain. Hooks have no known range, and nor has anything above one.

use rust_decimal::{Decimal, RoundingStrategy};

use super::context::{Context, walk_nodes};
use crate::ast::{Indicator, MissingPolicy, Node, Scoring};
use crate::source::Spanned;

/// The lowest and highest points something can score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PointsRange {
    /// Lowest reachable points.
    pub min: Decimal,
    /// Highest reachable points.
    pub max: Decimal,
}

impl PointsRange {
    fn of(values: impl IntoIterator<Item = Decimal>) -> Option<PointsRange> {
        let mut values = values.into_iter();
        let first = values.next()?;
        let (min, max) = values.fold((first, first), |(lo, hi), v| (lo.min(v), hi.max(v)));
        Some(PointsRange { min, max })
    }

    fn with(self, value: Decimal) -> PointsRange {
        PointsRange { min: self.min.min(value), max: self.max.max(value) }
    }
}

/// The points range of a group or indicator; `None` when unknown (hooks, errors).
pub(crate) fn node_range(ctx: &Context, node: &Node) -> Option<PointsRange> {
    match node {
        Node::Indicator(indicator) => indicator_range(ctx, indicator),
        Node::Group(group) => children_range(ctx, &group.children),
    }
}

/// The range of the composite as ranks, grades and `score` conditions see it: rounded to the
/// scheme's precision, and down to 0 when a critical gate can zero it.
pub(crate) fn composite_range(ctx: &Context) -> Option<PointsRange> {
    let mut range = children_range(ctx, &ctx.scheme.indicators)?;
    if ctx.scheme.all_indicators().iter().any(|i| i.gate.is_some()) {
        range = range.with(Decimal::ZERO);
    }
    let round = |v: Decimal| {
        v.round_dp_with_strategy(ctx.scheme.precision(), RoundingStrategy::MidpointAwayFromZero)
    };
    Some(PointsRange { min: round(range.min), max: round(range.max) })
}

/// The points range of one indicator.
pub(crate) fn indicator_range(ctx: &Context, indicator: &Indicator) -> Option<PointsRange> {
    let range = if let Some(rating) = &indicator.rating {
        let scale = ctx.scales.get(rating.scale.node.as_str())?;
        let given: Vec<Decimal> =
            scale.steps.iter().filter_map(|s| s.points.as_ref().map(|p| p.node)).collect();
        if given.len() == scale.steps.len() && !given.is_empty() {
            PointsRange::of(given)?
        } else {
            PointsRange { min: Decimal::ZERO, max: Decimal::ONE_HUNDRED }
        }
    } else {
        scoring_range(&indicator.scoring.as_ref()?.node)?
    };
    Some(match ctx.missing_policy(indicator) {
        MissingPolicy::Zero => range.with(Decimal::ZERO),
        MissingPolicy::Error | MissingPolicy::Reweight => range,
    })
}

fn scoring_range(scoring: &Scoring) -> Option<PointsRange> {
    let hundred = Decimal::ONE_HUNDRED;
    match scoring {
        Scoring::Curve(anchors) => PointsRange::of(anchors.iter().map(|a| a.points.node)),
        Scoring::Targets { stretch, .. } => {
            let range = PointsRange { min: Decimal::ZERO, max: hundred };
            Some(stretch.as_ref().map_or(range, |s| range.with(s.cap.node)))
        }
        Scoring::Bands { bands, otherwise } => PointsRange::of(
            bands.iter().map(|b| b.points.node).chain(otherwise.as_ref().map(|o| o.node)),
        ),
        Scoring::Ratio { cap, .. } => {
            let cap = cap.as_ref().map_or(hundred, |c| c.node);
            PointsRange::of([Decimal::ZERO, cap])
        }
        Scoring::PassFail(_) => Some(PointsRange { min: Decimal::ZERO, max: hundred }),
        Scoring::Hook(_) => None,
    }
}

fn children_range(ctx: &Context, children: &[Spanned<Node>]) -> Option<PointsRange> {
    let mut ranges = Vec::new();
    for child in children {
        let weight = child.weight().node;
        if weight <= Decimal::ZERO {
            return None;
        }
        ranges.push((weight, node_range(ctx, &child.node)?));
    }
    if may_be_reweighted(ctx, children) {
        return PointsRange::of(ranges.iter().flat_map(|(_, r)| [r.min, r.max]));
    }
    // Checked arithmetic: absurdly large weights or points give no range, not a panic.
    let mut total = Decimal::ZERO;
    let (mut min, mut max) = (Decimal::ZERO, Decimal::ZERO);
    for (weight, range) in &ranges {
        total = total.checked_add(*weight)?;
        min = min.checked_add(weight.checked_mul(range.min)?)?;
        max = max.checked_add(weight.checked_mul(range.max)?)?;
    }
    Some(PointsRange { min: min.checked_div(total)?, max: max.checked_div(total)? })
}

fn may_be_reweighted(ctx: &Context, children: &[Spanned<Node>]) -> bool {
    let mut reweighted = false;
    walk_nodes(children, &mut |node| {
        if let Node::Indicator(indicator) = node {
            reweighted |= ctx.missing_policy(indicator) == MissingPolicy::Reweight;
        }
    });
    reweighted
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn composite_of(text: &str) -> Option<PointsRange> {
        let file = SourceFile::new("t.merit", text);
        let parsed = crate::syntax::parse(&file).expect("test scheme parses");
        composite_range(&Context::new(&parsed.scheme, &file))
    }

    fn scheme(a_weight: u32, b_policy: &str, precision: u32) -> String {
        format!(
            r#"scheme "t"
            precision {precision}
            group g "G" weight 50% {{
              indicator a "A" weight {a_weight}% {{
                unit percent higher is better
                score threshold 20% target 45% stretch 60% cap 120
              }}
              indicator b "B" weight {}% {{
                unit percent higher is better
                score threshold 20% target 45%
                {b_policy}
              }}
            }}
            indicator c "C" weight 50% {{
              unit count lower is better
              score bands {{ ..=0 => 100 else => 0 }}
            }}"#,
            100 - a_weight
        )
    }

    #[test]
    fn caps_raise_the_weighted_maximum() {
        // g: 0.4 × 120 + 0.6 × 100 = 108; composite: 0.5 × 108 + 0.5 × 100 = 104.
        let range = composite_of(&scheme(40, "", 2)).expect("known range");
        assert_eq!(range, PointsRange { min: Decimal::ZERO, max: Decimal::from(104) });
    }

    #[test]
    fn the_maximum_is_rounded_to_the_precision() {
        // g: 0.45 × 120 + 0.55 × 100 = 109; composite 104.5, rounded half away from zero: 105.
        let range = composite_of(&scheme(45, "", 0)).expect("known range");
        assert_eq!(range.max, Decimal::from(105));
    }

    #[test]
    fn reweighting_widens_to_the_hull() {
        // If b may be left out, a alone can make g 120, and g alone the composite.
        let range = composite_of(&scheme(40, "missing reweight", 2)).expect("known range");
        assert_eq!(range.max, Decimal::from(120));
    }

    #[test]
    fn hooks_have_no_known_range() {
        let text = scheme(40, "", 2)
            .replace("score threshold 20% target 45%\n", "score hook b_points(b)\n");
        assert_eq!(composite_of(&text), None);
    }
}
