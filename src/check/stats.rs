//! What a scoring rule asks for (its threshold and target, and which way is better), and
//! statistics of historical values against it: shares reaching a value, nearest-rank
//! percentiles from worst to best, the best value.

use rust_decimal::Decimal;

use super::context::base;
use crate::ast::{CmpOp, Direction, Indicator, Quantity, Scoring};
use crate::source::Spanned;

/// When a value reaches a standard `x`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reach {
    /// Higher is better: `value >= x`.
    AtLeast,
    /// A pass rule `value > x`.
    Above,
    /// Lower is better: `value <= x`.
    AtMost,
    /// A pass rule `value < x`.
    Below,
}

impl Reach {
    /// Whether `value` reaches `x`.
    pub(crate) fn reaches(self, value: Decimal, x: Decimal) -> bool {
        match self {
            Reach::AtLeast => value >= x,
            Reach::Above => value > x,
            Reach::AtMost => value <= x,
            Reach::Below => value < x,
        }
    }

    fn higher_is_better(self) -> bool {
        matches!(self, Reach::AtLeast | Reach::Above)
    }
}

/// The standard of a scoring rule.
#[derive(Debug)]
pub(crate) struct Standard<'a> {
    /// When a value reaches the target.
    pub reach: Reach,
    /// The target as written (worth 100 points, or passing).
    pub target: &'a Spanned<Quantity>,
    /// The target in the unit's base.
    pub target_value: Decimal,
    /// The threshold (worth the fewest points) in the base unit, and as written.
    pub threshold: Option<(Decimal, &'a Quantity)>,
    /// The stretch value, for the targets shorthand.
    pub stretch: Option<&'a Quantity>,
}

/// The standard of a measured indicator scored by targets, a curve, a ratio or a pass rule;
/// `None` for bands, hooks, rated indicators and rules whose direction cannot be told.
pub(crate) fn standard(indicator: &Indicator) -> Option<Standard<'_>> {
    if indicator.rating.is_some() {
        return None;
    }
    let declared = indicator.direction.as_ref().map(|d| d.node);
    let by_direction = |higher: bool| if higher { Reach::AtLeast } else { Reach::AtMost };
    match &indicator.scoring.as_ref()?.node {
        Scoring::Targets { threshold, target, stretch } => {
            let (t, g) = (base(&threshold.node)?, base(&target.node)?);
            if t == g {
                return None;
            }
            let higher = declared.map_or(g > t, |d| d == Direction::Higher);
            Some(Standard {
                reach: by_direction(higher),
                target,
                target_value: g,
                threshold: Some((t, &threshold.node)),
                stretch: stretch.as_ref().map(|s| &s.value.node),
            })
        }
        Scoring::Curve(anchors) => {
            let valued: Vec<(Decimal, Decimal, &Spanned<Quantity>)> = anchors
                .iter()
                .map(|a| Some((base(&a.value.node)?, a.points.node, &a.value)))
                .collect::<Option<_>>()?;
            let fewest = valued.iter().map(|(_, p, _)| *p).min()?;
            let full = valued
                .iter()
                .filter(|(_, p, _)| *p >= Decimal::ONE_HUNDRED)
                .map(|(_, p, _)| *p)
                .min()?;
            let lowest_of = |points: Decimal| valued.iter().filter(move |(_, p, _)| *p == points);
            let (any_zero, any_full) = (lowest_of(fewest).next()?, lowest_of(full).next()?);
            if any_zero.0 == any_full.0 {
                return None;
            }
            let higher = declared.map_or(any_full.0 > any_zero.0, |d| d == Direction::Higher);
            let better = |a: &&(Decimal, Decimal, &Spanned<Quantity>)| a.0;
            // The threshold is the best value still worth the fewest points; the target the
            // worst value already worth full points.
            let (threshold, target) = if higher {
                (lowest_of(fewest).max_by_key(better)?, lowest_of(full).min_by_key(better)?)
            } else {
                (lowest_of(fewest).min_by_key(better)?, lowest_of(full).max_by_key(better)?)
            };
            Some(Standard {
                reach: by_direction(higher),
                target: target.2,
                target_value: target.0,
                threshold: Some((threshold.0, &threshold.2.node)),
                stretch: None,
            })
        }
        Scoring::Ratio { target, .. } => Some(Standard {
            reach: by_direction(declared.is_none_or(|d| d == Direction::Higher)),
            target,
            target_value: base(&target.node)?,
            threshold: None,
            stretch: None,
        }),
        Scoring::PassFail(comparison) => {
            let reach = match comparison.op {
                CmpOp::Ge => Reach::AtLeast,
                CmpOp::Gt => Reach::Above,
                CmpOp::Le => Reach::AtMost,
                CmpOp::Lt => Reach::Below,
                CmpOp::Eq | CmpOp::Ne => return None,
            };
            let target = &comparison.rhs;
            Some(Standard {
                reach,
                target,
                target_value: base(&target.node)?,
                threshold: None,
                stretch: None,
            })
        }
        Scoring::Bands { .. } | Scoring::Hook(_) => None,
    }
}

/// Historical values of one indicator, sorted from the worst to the best.
#[derive(Debug)]
pub(crate) struct Stats {
    sorted: Vec<Decimal>,
    reach: Reach,
}

impl Stats {
    /// Sort `values` from worst to best for `reach`.
    pub(crate) fn new(values: &[Decimal], reach: Reach) -> Stats {
        let mut sorted = values.to_vec();
        sorted.sort();
        if !reach.higher_is_better() {
            sorted.reverse();
        }
        Stats { sorted, reach }
    }

    /// How many values reach `x`.
    pub(crate) fn reaching(&self, x: Decimal) -> usize {
        self.sorted.iter().filter(|v| self.reach.reaches(**v, x)).count()
    }

    /// The share of values (in percent) that reach `x`; 0 without values.
    pub(crate) fn reaching_share(&self, x: Decimal) -> Decimal {
        let n = Decimal::from(self.sorted.len());
        let count = Decimal::from(self.reaching(x)) * Decimal::ONE_HUNDRED;
        count.checked_div(n).unwrap_or_default()
    }

    /// The p-th percentile from worst to best, by nearest rank: the value at rank
    /// ⌈p × n / 100⌉ (at least 1). Zero without values.
    pub(crate) fn percentile(&self, p: u32) -> Decimal {
        let n = self.sorted.len();
        let rank = (p as usize * n).div_ceil(100).max(1);
        self.sorted.get(rank - 1).copied().unwrap_or_default()
    }

    /// The best value; zero without values.
    pub(crate) fn best(&self) -> Decimal {
        self.sorted.last().copied().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stats(values: &[i64], reach: Reach) -> Stats {
        let values: Vec<Decimal> = values.iter().map(|v| Decimal::from(*v)).collect();
        Stats::new(&values, reach)
    }

    #[test]
    fn nearest_rank_percentiles_from_worst_to_best() {
        // 1..=10, higher is better: p50 → rank ⌈5⌉ = 5 → 5; p70 → rank 7 → 7;
        // p95 → rank ⌈9.5⌉ = 10 → 10; p1 → rank ⌈0.1⌉ = 1 → 1.
        let s = stats(&[7, 3, 10, 1, 5, 2, 9, 4, 8, 6], Reach::AtLeast);
        let at = |p| s.percentile(p);
        assert_eq!([at(50), at(70), at(95), at(1)], [5, 7, 10, 1].map(Decimal::from));
        assert_eq!(s.best(), Decimal::from(10));
        // Lower is better: worst first is 10, 9, ...; p70 → rank 7 → 4.
        let s = stats(&[7, 3, 10, 1, 5, 2, 9, 4, 8, 6], Reach::AtMost);
        assert_eq!((s.percentile(70), s.best()), (Decimal::from(4), Decimal::ONE));
    }

    #[test]
    fn shares_reach_inclusively_or_strictly() {
        let s = stats(&[1, 2, 3, 4], Reach::AtLeast);
        // 3 and 4 reach 3: 2 of 4 = 50%.
        assert_eq!(
            (s.reaching(Decimal::from(3)), s.reaching_share(Decimal::from(3))),
            (2, Decimal::from(50))
        );
        let strict = stats(&[1, 2, 3, 4], Reach::Above);
        assert_eq!(strict.reaching(Decimal::from(3)), 1);
        let lower = stats(&[1, 2, 3, 4], Reach::Below);
        assert_eq!(lower.reaching(Decimal::from(3)), 2);
    }

    fn standard_of(scoring: &str) -> (Reach, String, Option<String>) {
        let text = format!(
            "scheme \"t\"\nindicator x \"X\" weight 100% {{\n  unit percent\n  {scoring}\n}}\n"
        );
        let file = crate::source::SourceFile::new("t.merit", text);
        let parsed = crate::syntax::parse(&file).expect("parses");
        let indicator = parsed.scheme.all_indicators()[0].clone();
        let standard = standard(&indicator).expect("a standard");
        let shown = |q: &Quantity| super::super::context::show(q);
        (standard.reach, shown(&standard.target.node), standard.threshold.map(|(_, q)| shown(q)))
    }

    #[test]
    fn standards_of_each_rule() {
        let curve = "score curve {\n 0% => 100\n 3% => 80\n 8% => 0\n 10% => 0\n }";
        // Lower is better by the anchors; target: the worst value worth 100 (0%); threshold:
        // the best value worth the fewest points (8%, not 10%).
        assert_eq!(standard_of(curve), (Reach::AtMost, "0%".into(), Some("8%".into())));
        let stretched = "score curve {\n 20% => 0\n 40% => 100\n 50% => 120\n }";
        assert_eq!(standard_of(stretched), (Reach::AtLeast, "40%".into(), Some("20%".into())));
        assert_eq!(standard_of("score pass if value > 98%"), (Reach::Above, "98%".into(), None));
        assert_eq!(
            standard_of("lower is better\n score ratio target 5%"),
            (Reach::AtMost, "5%".into(), None)
        );
    }
}
