//! Scoring rules of measured indicators: a value in the indicator's base unit becomes
//! points. Each rule of the scheme is compiled once into a [`Rule`] (anchors sorted, units
//! converted), then applied to every employee.

#![allow(clippy::result_large_err)] // the one Diagnostic type: large, and errors are rare

use rust_decimal::Decimal;

use crate::ast::{CmpOp, Direction, HookCall, Scoring};
use crate::diagnostic::Diagnostic;
use crate::eval::fixed::compare;
use crate::source::Span;

/// A compiled scoring rule and the value worth 100 points, when it has one.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// How points are computed.
    pub kind: RuleKind,
    /// The value worth 100 points (for feedback), when the rule has one.
    pub target: Option<Decimal>,
}

/// How a compiled rule computes points.
#[derive(Debug, Clone, PartialEq)]
pub enum RuleKind {
    /// Piecewise linear through anchors `(value, points)` sorted by value ascending,
    /// clamped outside them.
    Curve(Vec<(Decimal, Decimal)>),
    /// First matching band wins, then `otherwise`.
    Bands {
        /// The bands in source order.
        bands: Vec<BandRule>,
        /// Points when no band matches.
        otherwise: Option<Decimal>,
    },
    /// `100 × value / target` (or `100 × target / value` when lower is better), in [0, cap].
    Ratio {
        /// The target value.
        target: Decimal,
        /// Maximum points.
        cap: Decimal,
        /// Whether lower values are better.
        lower_is_better: bool,
    },
    /// 100 when `value op rhs`, else 0.
    PassFail {
        /// The operator.
        op: CmpOp,
        /// The right-hand side in the base unit.
        rhs: Decimal,
    },
    /// A rhai function returns the points.
    Hook(HookCall),
}

/// One band: `from <= v < to` (or `<= to` when inclusive), either end open.
#[derive(Debug, Clone, PartialEq)]
pub struct BandRule {
    /// Inclusive lower bound.
    pub from: Option<Decimal>,
    /// Upper bound.
    pub to: Option<Decimal>,
    /// Whether `to` is included.
    pub to_inclusive: bool,
    /// Points of the band.
    pub points: Decimal,
}

const HUNDRED: Decimal = Decimal::ONE_HUNDRED;

impl Rule {
    /// Compile a scoring rule; `direction` matters only for `ratio` (default: higher is
    /// better). Errors point at the rule's span (the caller adds the scheme file).
    pub fn compile(
        scoring: &Scoring,
        direction: Option<Direction>,
        span: Span,
    ) -> Result<Rule, Diagnostic> {
        match scoring {
            Scoring::Curve(anchors) => {
                let anchors: Vec<(Decimal, Decimal)> =
                    anchors.iter().map(|a| (a.value.base_value(), a.points.node)).collect();
                curve(anchors, span)
            }
            Scoring::Targets { threshold, target, stretch } => {
                let mut anchors =
                    vec![(threshold.base_value(), Decimal::ZERO), (target.base_value(), HUNDRED)];
                if let Some(stretch) = stretch {
                    anchors.push((stretch.value.base_value(), stretch.cap.node));
                }
                curve(anchors, span)
            }
            Scoring::Bands { bands, otherwise } => Ok(Rule {
                kind: RuleKind::Bands {
                    bands: bands
                        .iter()
                        .map(|band| BandRule {
                            from: band.range.from.as_ref().map(|q| q.base_value()),
                            to: band.range.to.as_ref().map(|q| q.base_value()),
                            to_inclusive: band.range.to_inclusive,
                            points: band.points.node,
                        })
                        .collect(),
                    otherwise: otherwise.as_ref().map(|o| o.node),
                },
                target: None,
            }),
            Scoring::Ratio { target, cap } => {
                let lower_is_better = direction == Some(Direction::Lower);
                let target = target.base_value();
                if target <= Decimal::ZERO {
                    return Err(spanned(
                        Diagnostic::error(
                            "eval::ratio-target",
                            format!("a ratio rule needs a positive target, not {target}"),
                        )
                        .with_help("give the value worth 100 points: `score ratio target 500`"),
                        span,
                    ));
                }
                let cap = cap.as_ref().map_or(HUNDRED, |c| c.node);
                Ok(Rule {
                    kind: RuleKind::Ratio { target, cap, lower_is_better },
                    target: Some(target),
                })
            }
            Scoring::PassFail(comparison) => {
                let rhs = comparison.rhs.base_value();
                Ok(Rule { kind: RuleKind::PassFail { op: comparison.op, rhs }, target: Some(rhs) })
            }
            Scoring::Hook(call) => {
                Ok(Rule { kind: RuleKind::Hook(call.node.clone()), target: None })
            }
        }
    }

    /// The points of `value`: [`Unscored::NoBand`] when no band matches and there is no
    /// `else`, or for a hook rule (the caller runs hooks); [`Unscored::TooLarge`] when the
    /// points cannot be computed in an exact decimal (numbers near 10²⁸).
    pub fn points(&self, value: Decimal) -> Result<Decimal, Unscored> {
        match &self.kind {
            RuleKind::Curve(anchors) => curve_points(anchors, value).ok_or(Unscored::TooLarge),
            RuleKind::Bands { bands, otherwise } => bands
                .iter()
                .find(|band| band.contains(value))
                .map(|b| b.points)
                .or(*otherwise)
                .ok_or(Unscored::NoBand),
            RuleKind::Ratio { target, cap, lower_is_better } => {
                let (numerator, denominator) = if *lower_is_better {
                    if compare(value, Decimal::ZERO).is_le() {
                        return Ok(*cap);
                    }
                    (*target, value)
                } else {
                    (value, *target)
                };
                Ok(match mul_div(HUNDRED, numerator, denominator) {
                    Some(raw) => clamp(raw, *cap),
                    // Beyond the largest decimal, so beyond the cap (or below zero).
                    None if numerator.is_sign_negative() => Decimal::ZERO,
                    None => *cap,
                })
            }
            RuleKind::PassFail { op, rhs } => {
                Ok(if op.holds(value, *rhs) { HUNDRED } else { Decimal::ZERO })
            }
            RuleKind::Hook(_) => Err(Unscored::NoBand),
        }
    }
}

/// `raw` within [0, `cap`], as `Decimal::clamp` puts it (the cap is not negative: the
/// checks refuse one).
fn clamp(raw: Decimal, cap: Decimal) -> Decimal {
    if compare(raw, Decimal::ZERO).is_lt() {
        Decimal::ZERO
    } else if compare(raw, cap).is_gt() {
        cap
    } else {
        raw
    }
}

/// Why a rule gives a value no points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unscored {
    /// No band matches and there is no `else` (or the rule is a hook's).
    NoBand,
    /// The points are too large for an exact decimal.
    TooLarge,
}

/// `a × b / c`, multiplied first so that it is exact whenever the result is. Only when the
/// product overflows is the larger factor divided first (the smaller one, divided, could
/// lose its digits). `None` when the result is beyond the largest decimal (or `c` is zero).
/// Every rule that scales a value by a ratio uses it.
pub(crate) fn mul_div(a: Decimal, b: Decimal, c: Decimal) -> Option<Decimal> {
    match a.checked_mul(b) {
        Some(product) => product.checked_div(c),
        None if a.abs() >= b.abs() => a.checked_div(c)?.checked_mul(b),
        None => b.checked_div(c)?.checked_mul(a),
    }
}

impl BandRule {
    /// Whether the band matches `value`.
    pub fn contains(&self, value: Decimal) -> bool {
        let above = self.from.is_none_or(|from| compare(value, from).is_ge());
        let below = self.to.is_none_or(|to| {
            let order = compare(value, to);
            if self.to_inclusive { order.is_le() } else { order.is_lt() }
        });
        above && below
    }
}

/// Anchors in written order → anchors by value ascending, with the 100-point value.
fn curve(mut anchors: Vec<(Decimal, Decimal)>, span: Span) -> Result<Rule, Diagnostic> {
    if anchors.len() < 2 {
        return Err(spanned(
            Diagnostic::error("eval::curve-anchors", "a curve needs at least two anchors")
                .with_help("give the value worth 0 points and the value worth 100 points"),
            span,
        ));
    }
    if anchors.first().map(|a| a.0) > anchors.last().map(|a| a.0) {
        anchors.reverse();
    }
    if anchors.windows(2).any(|pair| pair[0].0 >= pair[1].0) {
        return Err(spanned(
            Diagnostic::error(
                "eval::curve-order",
                "the anchors' values must all rise or all fall, without repeats",
            )
            .with_help("order threshold, target and stretch (or the curve's anchors) by value"),
            span,
        ));
    }
    let rising = anchors.first().map(|a| a.1) <= anchors.last().map(|a| a.1);
    let mut full = anchors.iter().filter(|a| a.1 == HUNDRED).map(|a| a.0);
    // The least demanding value that earns full marks.
    let target = if rising { full.next() } else { full.next_back() };
    Ok(Rule { kind: RuleKind::Curve(anchors), target })
}

/// Piecewise-linear interpolation; anchors sorted by value ascending, at least one.
/// `None` when a step overflows an exact decimal (anchors near 10²⁸).
fn curve_points(anchors: &[(Decimal, Decimal)], value: Decimal) -> Option<Decimal> {
    let (Some(first), Some(last)) = (anchors.first(), anchors.last()) else {
        return Some(Decimal::ZERO);
    };
    if compare(value, first.0).is_le() {
        return Some(first.1);
    }
    if compare(value, last.0).is_ge() {
        return Some(last.1);
    }
    for pair in anchors.windows(2) {
        let ((v0, p0), (v1, p1)) = (pair[0], pair[1]);
        if compare(value, v1).is_lt() {
            let (along, span, rise) =
                (value.checked_sub(v0)?, v1.checked_sub(v0)?, p1.checked_sub(p0)?);
            return p0.checked_add(mul_div(along, rise, span)?);
        }
    }
    Some(last.1)
}

/// Attach a span (in the scheme file, added by the caller) to a diagnostic.
pub(crate) fn spanned(mut diagnostic: Diagnostic, span: Span) -> Diagnostic {
    diagnostic.span = Some(span);
    diagnostic
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::ast::{Anchor, Band, Comparison, Quantity, Range, Stretch};
    use crate::source::Spanned;
    use proptest::prelude::*;

    fn sp<T>(node: T) -> Spanned<T> {
        Spanned::new(node, Span::default())
    }
    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }
    fn pct(text: &str) -> Spanned<Quantity> {
        sp(Quantity::Percent(d(text)))
    }
    fn rule(scoring: Scoring, direction: Option<Direction>) -> Rule {
        Rule::compile(&scoring, direction, Span::default()).unwrap()
    }
    fn targets(t: &str, g: &str, stretch: Option<(&str, &str)>) -> Rule {
        let stretch = stretch.map(|(s, c)| Stretch { value: pct(s), cap: sp(d(c)) });
        rule(Scoring::Targets { threshold: pct(t), target: pct(g), stretch }, None)
    }
    fn points(rule: &Rule, value: &str) -> Decimal {
        rule.points(d(value)).unwrap()
    }

    #[test]
    fn targets_with_stretch_and_cap() {
        // threshold 20% target 45% stretch 60% cap 120: anchors 20→0, 45→100, 60→120.
        let r = targets("20", "45", Some(("60", "120")));
        assert_eq!(points(&r, "10"), d("0")); // below threshold: clamped to 0
        assert_eq!(points(&r, "35"), d("60")); // (35−20)×100/25 = 60
        assert_eq!(points(&r, "45"), d("100"));
        assert_eq!(points(&r, "54"), d("112")); // 100 + (54−45)×20/15 = 112
        assert_eq!(points(&r, "75"), d("120")); // beyond stretch: clamped to the cap
        assert_eq!(r.target, Some(d("45")));
    }

    #[test]
    fn targets_lower_is_better() {
        // threshold 30% target 10%: anchors 10→100, 30→0 after sorting.
        let r = targets("30", "10", None);
        assert_eq!(points(&r, "18"), d("60")); // 100 + (18−10)×(0−100)/20 = 60
        assert_eq!(points(&r, "5"), d("100"));
        assert_eq!(points(&r, "31"), d("0"));
        assert_eq!(r.target, Some(d("10")));
    }

    #[test]
    fn curve_interpolates_between_anchors() {
        // 0% → 100, 3% → 80, 8% → 0 (the founding scheme's refund ratio).
        let anchors = [("0", "100"), ("3", "80"), ("8", "0")]
            .map(|(v, p)| sp(Anchor { value: pct(v), points: sp(d(p)) }));
        let r = rule(Scoring::Curve(anchors.to_vec()), None);
        assert_eq!(points(&r, "1.5"), d("90")); // 100 + 1.5×(−20)/3 = 90
        assert_eq!(points(&r, "5"), d("48")); // 80 + 2×(−80)/5 = 48
        assert_eq!(points(&r, "9"), d("0"));
        assert_eq!(r.target, Some(d("0")));
    }

    #[test]
    fn curve_rejects_unordered_anchors() {
        let anchors = [("0", "100"), ("5", "80"), ("3", "0")]
            .map(|(v, p)| sp(Anchor { value: pct(v), points: sp(d(p)) }));
        let err = Rule::compile(&Scoring::Curve(anchors.to_vec()), None, Span::new(3, 9));
        let err = err.unwrap_err();
        assert_eq!((err.code.as_str(), err.span), ("eval::curve-order", Some(Span::new(3, 9))));
    }

    fn band(from: Option<&str>, to: Option<&str>, inclusive: bool, p: &str) -> Spanned<Band> {
        let q = |t: &str| Quantity::Duration(d(t), crate::ast::DurationUnit::Seconds);
        let range = Range { from: from.map(q), to: to.map(q), to_inclusive: inclusive };
        sp(Band { range: sp(range), points: sp(d(p)) })
    }

    #[test]
    fn bands_first_match_and_else() {
        // ..20s => 100, 20s..40s => 80, 40s..=60s => 60, else => 0.
        let bands = vec![
            band(None, Some("20"), false, "100"),
            band(Some("20"), Some("40"), false, "80"),
            band(Some("40"), Some("60"), true, "60"),
        ];
        let r = rule(Scoring::Bands { bands: bands.clone(), otherwise: Some(sp(d("0"))) }, None);
        assert_eq!(points(&r, "19.9"), d("100"));
        assert_eq!(points(&r, "20"), d("80")); // 20s..40s includes 20
        assert_eq!(points(&r, "60"), d("60")); // ..= includes 60
        assert_eq!(points(&r, "60.1"), d("0"));
        let no_else = rule(Scoring::Bands { bands, otherwise: None }, None);
        assert_eq!(no_else.points(d("61")), Err(Unscored::NoBand));
    }

    #[test]
    fn ratio_both_directions_clamped() {
        let ratio = |cap: Option<&str>| Scoring::Ratio {
            target: sp(Quantity::Money(d("60000"), "CNY".into())),
            cap: cap.map(|c| sp(d(c))),
        };
        let higher = rule(ratio(Some("120")), Some(Direction::Higher));
        assert_eq!(points(&higher, "45000"), d("75")); // 100 × 45000/60000
        assert_eq!(points(&higher, "90000"), d("120")); // 150 clamped to the cap
        let lower = rule(ratio(None), Some(Direction::Lower));
        assert_eq!(points(&lower, "80000"), d("75")); // 100 × 60000/80000
        assert_eq!(points(&lower, "30000"), d("100")); // 200 clamped to the default cap 100
        assert_eq!(points(&lower, "0"), d("100"));
    }

    #[test]
    fn pass_fail() {
        let r = rule(Scoring::PassFail(sp(Comparison { op: CmpOp::Ge, rhs: pct("98") })), None);
        assert_eq!(points(&r, "98"), d("100"));
        assert_eq!(points(&r, "97.99"), d("0"));
        assert_eq!(r.target, Some(d("98")));
    }

    #[test]
    fn ratios_beyond_the_largest_decimal_are_clamped() {
        let most = Decimal::MAX.to_string();
        let ratio = |target: &str| Scoring::Ratio {
            target: sp(Quantity::Number(d(target))),
            cap: Some(sp(d("120"))),
        };
        let higher = rule(ratio("10"), Some(Direction::Higher));
        assert_eq!(points(&higher, &most), d("120")); // 100 × value overflows: over the cap
        assert_eq!(points(&higher, &format!("-{most}")), d("0"));
        // 100 × value overflows, the ratio does not: divided first.
        let huge_target = rule(ratio("10000000000000000000000000000"), Some(Direction::Higher));
        assert_eq!(points(&huge_target, "1000000000000000000000000000"), d("10"));
        let lower = rule(ratio("10"), Some(Direction::Lower));
        assert_eq!(points(&lower, "0.0000000000000000000000000001"), d("120"));
    }

    #[test]
    fn curves_through_huge_anchors_divide_first_or_report() {
        let anchors = |pairs: [(&str, &str); 2]| {
            pairs.map(|(v, p)| sp(Anchor { value: sp(Quantity::Number(d(v))), points: sp(d(p)) }))
        };
        let wide = anchors([("0", "0"), ("10000000000000000000000000000", "100")]);
        let r = rule(Scoring::Curve(wide.to_vec()), None);
        assert_eq!(points(&r, "5000000000000000000000000000"), d("50"));
        let most = Decimal::MAX.to_string();
        let widest = anchors([(&format!("-{most}"), "0"), (&most, "100")]);
        let r = rule(Scoring::Curve(widest.to_vec()), None);
        assert_eq!(r.points(d("1")), Err(Unscored::TooLarge));
        assert_eq!(r.points(Decimal::MAX), Ok(d("100")));
    }

    fn any_decimal() -> impl Strategy<Value = Decimal> {
        (any::<u32>(), any::<u32>(), any::<u32>(), any::<bool>(), 0u32..=28).prop_map(
            |(lo, mid, hi, negative, scale)| Decimal::from_parts(lo, mid, hi, negative, scale),
        )
    }

    proptest! {
        /// Any value, through rules with any numbers: points, or a reason, never a panic.
        #[test]
        fn no_value_makes_a_rule_panic(
            value in any_decimal(), a in any_decimal(), b in any_decimal(), cap in any_decimal(),
            lower in any::<bool>(),
        ) {
            let direction = Some(if lower { Direction::Lower } else { Direction::Higher });
            let ratio = Scoring::Ratio {
                target: sp(Quantity::Number(a.abs().max(Decimal::new(1, 28)))),
                cap: Some(sp(cap.abs())),
            };
            if let Ok(r) = Rule::compile(&ratio, direction, Span::default()) {
                prop_assert!(r.points(value).is_ok());
            }
            let anchors = [(a, Decimal::ZERO), (b, cap)]
                .map(|(v, p)| sp(Anchor { value: sp(Quantity::Number(v)), points: sp(p) }));
            if let Ok(r) = Rule::compile(&Scoring::Curve(anchors.to_vec()), None, Span::default()) {
                let _ = r.points(value);
            }
        }
    }

    proptest! {
        #[test]
        fn curve_never_decreases_as_value_improves(
            t in 0i64..500, gap in 1i64..500, sgap in 1i64..500, cap in 100i64..200,
            a in -100i64..1200, b in -100i64..1200, lower in any::<bool>(),
        ) {
            // Values in tenths; lower-is-better mirrors the anchors around zero.
            let sign = if lower { -1 } else { 1 };
            let q = |v: i64| Decimal::new(sign * v, 1).to_string();
            let r = targets(&q(t), &q(t + gap), Some((&q(t + gap + sgap), &cap.to_string())));
            let (worse, better) = (a.min(b), a.max(b));
            let (worse, better) = if lower { (-worse, -better) } else { (worse, better) };
            let pw = r.points(Decimal::new(worse, 1)).unwrap();
            let pb = r.points(Decimal::new(better, 1)).unwrap();
            prop_assert!(pb >= pw, "{pb} < {pw}");
        }
    }
}
