//! Rated indicators: a rating r on a scale becomes points — 100 × (r − min) / (max − min),
//! or the points the scale gives per step — and several raters combine as
//! Σ w_r × s_r / Σ w_r over the raters who rated.

#![allow(clippy::result_large_err)] // the one Diagnostic type: large, and errors are rare

use std::sync::Arc;

use rust_decimal::Decimal;

use crate::ast::{Rater, Rating, Scale};
use crate::diagnostic::Diagnostic;
use crate::eval::fixed::multiplies_exactly;
use crate::eval::score::{Unscored, mul_div, spanned};
use crate::source::Spanned;

/// A compiled rating scale.
#[derive(Debug, Clone, PartialEq)]
pub struct ScaleRule {
    /// The scale's identifier.
    pub id: String,
    /// The lowest rating.
    pub min: Decimal,
    /// The highest rating.
    pub max: Decimal,
    /// Points per step `(rating, points)` when the scale gives them; empty when linear.
    pub steps: Vec<(Decimal, Decimal)>,
}

impl ScaleRule {
    /// Compile a scale: at least two steps; points for every step or for none.
    pub fn compile(scale: &Spanned<Scale>) -> Result<ScaleRule, Diagnostic> {
        let ratings: Vec<Decimal> = scale.steps.iter().map(|s| s.rating.node).collect();
        let (Some(min), Some(max)) = (ratings.iter().min(), ratings.iter().max()) else {
            return Err(too_few_steps(scale));
        };
        if min == max {
            return Err(too_few_steps(scale));
        }
        let with_points: Vec<(Decimal, Decimal)> = scale
            .steps
            .iter()
            .filter_map(|s| s.points.as_ref().map(|p| (s.rating.node, p.node)))
            .collect();
        if !with_points.is_empty() && with_points.len() != scale.steps.len() {
            return Err(spanned(
                Diagnostic::error(
                    "eval::scale-points",
                    format!("scale `{}` gives points for some steps but not all", scale.id.node),
                )
                .with_help("give `=> points` on every step, or on none (then points are linear)"),
                scale.span,
            ));
        }
        Ok(ScaleRule { id: scale.id.node.clone(), min: *min, max: *max, steps: with_points })
    }

    /// The points of rating `r`; `None` when `r` is outside the scale (below its lowest or
    /// above its highest step, or not one of its steps when the scale gives points).
    pub fn points(&self, r: Decimal) -> Option<Decimal> {
        if self.steps.is_empty() {
            (self.min..=self.max).contains(&r).then(|| linear(r, self.min, self.max))
        } else {
            self.steps.iter().find(|(rating, _)| *rating == r).map(|(_, points)| *points)
        }
    }

    /// The scale's steps in words, for error messages: `1..5` or `1, 2, 3`.
    pub fn describe(&self) -> String {
        if self.steps.is_empty() {
            format!("{}..{}", self.min.normalize(), self.max.normalize())
        } else {
            let steps: Vec<String> =
                self.steps.iter().map(|s| s.0.normalize().to_string()).collect();
            steps.join(", ")
        }
    }
}

/// `100 × (r − min) / (max − min)` for `min ≤ r ≤ max`, `min < max` ([`mul_div`]). For
/// scales with steps of opposite signs near 10²⁸, where `max − min` overflows, the share is
/// taken of quarters (at most 100, so it fits).
fn linear(r: Decimal, min: Decimal, max: Decimal) -> Decimal {
    let hundred = Decimal::ONE_HUNDRED;
    let exact = || mul_div(hundred, r.checked_sub(min)?, max.checked_sub(min)?);
    exact().unwrap_or_else(|| {
        let four = Decimal::from(4);
        let (r, min, max) = (r / four, min / four, max / four);
        (r - min) / (max - min) * hundred
    })
}

fn too_few_steps(scale: &Spanned<Scale>) -> Diagnostic {
    spanned(
        Diagnostic::error(
            "eval::scale-steps",
            format!("scale `{}` needs at least two different ratings", scale.id.node),
        )
        .with_help("declare the steps from the lowest to the highest rating"),
        scale.span,
    )
}

/// The raters of one rated indicator with the weights used to combine them.
#[derive(Debug, Clone, PartialEq)]
pub struct RaterSet {
    /// `(rater id, weight used, weight as declared)` in the order the indicator names them.
    pub raters: Vec<(Arc<str>, Decimal, Option<Decimal>)>,
}

impl RaterSet {
    /// Resolve the raters an indicator names. Several raters must all declare a weight,
    /// or none (then they weigh equally).
    pub fn compile(
        indicator: &str,
        rating: &Spanned<Rating>,
        declared: &[Spanned<Rater>],
    ) -> Result<RaterSet, Diagnostic> {
        let mut raters = Vec::new();
        for id in &rating.raters {
            let Some(rater) = declared.iter().find(|r| r.id.node == id.node) else {
                return Err(spanned(
                    Diagnostic::error(
                        "eval::unknown-rater",
                        format!("indicator `{indicator}` names the undeclared rater `{}`", id.node),
                    )
                    .with_help("declare it: `rater <id> <kind> \"label\" weight W%`"),
                    id.span,
                ));
            };
            let weight = rater.weight.as_ref().map(|w| w.node);
            raters.push((Arc::from(id.node.as_str()), weight.unwrap_or(Decimal::ONE), weight));
        }
        let declared_count = raters.iter().filter(|r| r.2.is_some()).count();
        if raters.len() > 1 && declared_count != 0 && declared_count != raters.len() {
            return Err(spanned(
                Diagnostic::error(
                    "eval::rater-weight",
                    format!("the raters of `{indicator}` must all have a weight, or none"),
                )
                .with_help("give every rater of this indicator a `weight`"),
                rating.span,
            ));
        }
        Ok(RaterSet { raters })
    }
}

/// Combine `(weight, points, rating)` of the raters who rated: the rater-weighted mean of
/// the points and of the ratings. `None` when nobody rated (or all weights are zero);
/// [`Unscored::TooLarge`] when a sum overflows an exact decimal (numbers near 10²⁸).
pub fn combine(
    rated: &[(Decimal, Decimal, Decimal)],
) -> Result<Option<(Decimal, Decimal)>, Unscored> {
    if let [(weight, points, rating)] = rated {
        if let Some(alone) = one_rater(*weight, *points, *rating) {
            return Ok(Some(alone));
        }
    }
    weighted_means(rated)
}

/// One rater's points and rating are the weighted means themselves: w × p / w is p when
/// w × p is exact (its scale is the sum of the scales: nothing was rounded off), and the
/// quotient then has p's scale, as `weighted_means` computes it (property-tested below).
/// `None` when that shortcut does not apply.
fn one_rater(weight: Decimal, points: Decimal, rating: Decimal) -> Option<(Decimal, Decimal)> {
    let exact = |value: Decimal| multiplies_exactly(weight, value);
    let applies = !weight.is_zero() && exact(points) && exact(rating);
    applies.then_some((points, rating))
}

/// Σ wᵢ × pᵢ / Σ wᵢ and Σ wᵢ × rᵢ / Σ wᵢ.
fn weighted_means(
    rated: &[(Decimal, Decimal, Decimal)],
) -> Result<Option<(Decimal, Decimal)>, Unscored> {
    type Term = fn(&(Decimal, Decimal, Decimal)) -> Option<Decimal>;
    let sum = |term: Term| {
        let total = rated.iter().try_fold(Decimal::ZERO, |sum, r| sum.checked_add(term(r)?));
        total.ok_or(Unscored::TooLarge)
    };
    let total = sum(|r| Some(r.0))?;
    if total.is_zero() {
        return Ok(None);
    }
    let points = sum(|r| r.0.checked_mul(r.1))?;
    let ratings = sum(|r| r.0.checked_mul(r.2))?;
    match (points.checked_div(total), ratings.checked_div(total)) {
        (Some(points), Some(mean)) => Ok(Some((points, mean))),
        _ => Err(Unscored::TooLarge),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::ast::{RaterKind, ScaleStep};
    use crate::source::Span;

    fn sp<T>(node: T) -> Spanned<T> {
        Spanned::new(node, Span::default())
    }
    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }
    fn scale(steps: &[(&str, Option<&str>)]) -> Spanned<Scale> {
        let steps = steps
            .iter()
            .map(|(r, p)| {
                sp(ScaleStep { rating: sp(d(r)), label: None, points: p.map(|p| sp(d(p))) })
            })
            .collect();
        sp(Scale { id: sp("five".to_string()), label: None, steps })
    }
    fn rater(id: &str, weight: Option<&str>) -> Spanned<Rater> {
        sp(Rater {
            id: sp(id.into()),
            kind: sp(RaterKind::Manager),
            label: None,
            weight: weight.map(|w| sp(d(w))),
        })
    }
    fn rating(raters: &[&str]) -> Spanned<Rating> {
        sp(Rating {
            scale: sp("five".into()),
            raters: raters.iter().map(|r| sp(r.to_string())).collect(),
        })
    }

    #[test]
    fn scales_with_steps_near_the_largest_decimal_still_score() {
        let most = Decimal::MAX.to_string();
        let wide = ScaleRule::compile(&scale(&[("0", None), (&most, None)])).unwrap();
        assert_eq!(wide.points(Decimal::MAX), Some(d("100"))); // 100 × max overflows
        let widest = ScaleRule::compile(&scale(&[(&format!("-{most}"), None), (&most, None)]));
        assert_eq!(widest.unwrap().points(d("0")), Some(d("50"))); // max − min overflows
    }

    #[test]
    fn ratings_whose_sums_overflow_are_too_large() {
        let huge = Decimal::MAX;
        assert_eq!(combine(&[(huge, d("100"), d("5"))]), Err(Unscored::TooLarge));
        assert_eq!(
            combine(&[(d("1"), huge, d("5")), (d("1"), huge, d("5"))]),
            Err(Unscored::TooLarge)
        );
    }

    #[test]
    fn linear_scale() {
        let s = ScaleRule::compile(&scale(&[("1", None), ("3", None), ("5", None)])).unwrap();
        assert_eq!(s.points(d("4")), Some(d("75"))); // 100 × (4 − 1)/(5 − 1)
        assert_eq!(s.points(d("1")), Some(d("0")));
        assert_eq!(s.points(d("3.5")), Some(d("62.5"))); // 100 × 2.5/4
        assert_eq!(s.points(d("6")), None);
        assert_eq!(s.points(d("0")), None);
    }

    #[test]
    fn scale_with_points_per_step() {
        let s =
            ScaleRule::compile(&scale(&[("1", Some("0")), ("2", Some("70")), ("3", Some("100"))]))
                .unwrap();
        assert_eq!(s.points(d("2")), Some(d("70")));
        assert_eq!(s.points(d("2.5")), None);
        assert_eq!(s.describe(), "1, 2, 3");
    }

    #[test]
    fn bad_scales() {
        let partial = ScaleRule::compile(&scale(&[("1", Some("0")), ("2", None)])).unwrap_err();
        assert_eq!(partial.code, "eval::scale-points");
        let single = ScaleRule::compile(&scale(&[("1", None)])).unwrap_err();
        assert_eq!(single.code, "eval::scale-steps");
    }

    #[test]
    fn rater_weighting() {
        // self 30% rates 3 (50 points), manager 70% rates 5 (100 points):
        // (30×50 + 70×100)/(30 + 70) = 8500/100 = 85; mean rating (30×3 + 70×5)/100 = 4.4.
        let raters = [rater("self", Some("30")), rater("boss", Some("70"))];
        let set = RaterSet::compile("x", &rating(&["self", "boss"]), &raters).unwrap();
        assert_eq!(set.raters[0].1, d("30"));
        let both = [(d("30"), d("50"), d("3")), (d("70"), d("100"), d("5"))];
        assert_eq!(combine(&both), Ok(Some((d("85"), d("4.4")))));
        // Only self rated: 30×50/30 = 50.
        assert_eq!(combine(&both[..1]), Ok(Some((d("50"), d("3")))));
        assert_eq!(combine(&[]), Ok(None));
    }

    proptest::proptest! {
        /// One rater: the shortcut gives the general computation's decimals, scale included.
        #[test]
        fn one_rater_is_the_weighted_mean(
            weight in (0i64..100_000, 0u32..6),
            points in (-1_000_000_000_000i64..1_000_000_000_000, 0u32..29),
            rating in (0i64..1_000, 0u32..4),
            huge in proptest::bool::ANY,
        ) {
            let weight = Decimal::new(weight.0, weight.1);
            let mut points = Decimal::new(points.0, points.1);
            if huge {
                points = Decimal::from_i128_with_scale(points.mantissa() * 10_i128.pow(15), points.scale());
            }
            let rating = Decimal::new(rating.0, rating.1);
            let ours = combine(&[(weight, points, rating)]);
            let general = weighted_means(&[(weight, points, rating)]);
            let bits = |r: Result<Option<(Decimal, Decimal)>, Unscored>| {
                r.map(|o| o.map(|(p, m)| (p.serialize(), m.serialize())))
            };
            proptest::prop_assert_eq!(bits(ours), bits(general));
        }
    }

    #[test]
    fn rater_weights_all_or_none() {
        let mixed = [rater("a", Some("30")), rater("b", None)];
        let err = RaterSet::compile("x", &rating(&["a", "b"]), &mixed).unwrap_err();
        assert_eq!(err.code, "eval::rater-weight");
        let none = [rater("a", None), rater("b", None)];
        let set = RaterSet::compile("x", &rating(&["a", "b"]), &none).unwrap();
        assert_eq!((set.raters[0].1, set.raters[1].1), (Decimal::ONE, Decimal::ONE));
        let err = RaterSet::compile("x", &rating(&["zz"]), &none).unwrap_err();
        assert_eq!(err.code, "eval::unknown-rater");
    }
}
