//! Score bands (`score bands { ..20s => 100  20s..40s => 80  else => 0 }`): first match
//! wins, so a band is useless when earlier bands already match all its values, suspicious
//! when they match some, and the `else` is useless when the bands cover every possible value.
//!
//! Coverage is decided exactly: the bands' bounds cut the line into points and open
//! segments on which every band either matches everywhere or nowhere, so testing each bound,
//! one value inside each segment and one value beyond each end decides every question.
//!
//! Codes: `structure::band-empty`, `structure::unreachable-band`, `structure::band-overlap`,
//! `structure::band-order`, `structure::band-gap`, `structure::unreachable-else`.

use rust_decimal::Decimal;

use super::context::{Context, base, show};
use crate::ast::{Band, Indicator, Range, Scoring, Unit};
use crate::diagnostic::Diagnostic;
use crate::source::Spanned;

/// Check the bands of every indicator scored by bands.
pub(crate) fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for indicator in ctx.scheme.all_indicators() {
        if let Some(Scoring::Bands { bands, otherwise }) =
            indicator.scoring.as_ref().map(|s| &s.node)
        {
            check_bands(ctx, indicator, bands, otherwise.as_ref(), out);
        }
    }
}

/// A band's range as numbers in the indicator's base unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Interval {
    from: Option<Decimal>,
    to: Option<(Decimal, bool)>,
}

impl Interval {
    /// `None` when a bound is too large to compare (see [`base`]).
    pub(crate) fn of(range: &Range) -> Option<Interval> {
        let from = match &range.from {
            Some(q) => Some(base(q)?),
            None => None,
        };
        let to = match &range.to {
            Some(q) => Some((base(q)?, range.to_inclusive)),
            None => None,
        };
        Some(Interval { from, to })
    }

    pub(crate) fn contains(&self, value: Decimal) -> bool {
        self.from.is_none_or(|from| value >= from)
            && self
                .to
                .is_none_or(|(to, inclusive)| if inclusive { value <= to } else { value < to })
    }

    pub(crate) fn is_empty(&self) -> bool {
        match (self.from, self.to) {
            (Some(from), Some((to, true))) => from > to,
            (Some(from), Some((to, false))) => from >= to,
            _ => false,
        }
    }

    /// Every value of `self` is above every value of `other`.
    fn above(&self, other: &Interval) -> bool {
        match (self.from, other.to) {
            (Some(from), Some((to, inclusive))) => from > to || (from == to && !inclusive),
            _ => false,
        }
    }

    fn bounds(&self) -> impl Iterator<Item = Decimal> {
        self.from.into_iter().chain(self.to.map(|(to, _)| to))
    }
}

/// Values that decide coverage: every bound, a value between neighbouring bounds, and one
/// beyond each end. With `integers`, only whole numbers (enough to find each integer
/// segment's smallest member).
pub(crate) fn samples(bounds: impl IntoIterator<Item = Decimal>, integers: bool) -> Vec<Decimal> {
    let mut bounds: Vec<Decimal> = bounds.into_iter().map(|b| b.normalize()).collect();
    bounds.sort();
    bounds.dedup();
    let (Some(&lowest), Some(&highest)) = (bounds.first(), bounds.last()) else {
        return vec![Decimal::ZERO];
    };
    let mut out = Vec::new();
    out.extend(lowest.checked_sub(Decimal::ONE));
    for pair in bounds.windows(2) {
        out.push(pair[0]);
        let middle = pair[1].checked_sub(pair[0]).map(|gap| pair[0] + gap / Decimal::TWO);
        out.extend(middle);
    }
    out.push(highest);
    out.extend(highest.checked_add(Decimal::ONE));
    if integers {
        out = out
            .iter()
            .flat_map(|v| {
                [v.floor(), v.ceil(), v.floor().checked_add(Decimal::ONE).unwrap_or(v.floor())]
            })
            .collect();
        out.sort();
        out.dedup();
    }
    out
}

fn check_bands(
    ctx: &Context,
    indicator: &Indicator,
    bands: &[Spanned<Band>],
    otherwise: Option<&Spanned<Decimal>>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(intervals) = bands.iter().map(|b| Interval::of(&b.range)).collect::<Option<Vec<_>>>()
    else {
        return;
    };
    let points = samples(intervals.iter().flat_map(Interval::bounds), false);
    let mut earlier: Vec<(usize, Interval)> = Vec::new();
    let mut ascending: Option<bool> = None;
    for (band, interval) in bands.iter().zip(&intervals) {
        let span = band.range.span;
        if interval.is_empty() {
            out.push(
                ctx.error(
                    "structure::band-empty",
                    format!("band `{}` matches no value", written(&band.range)),
                    span,
                )
                .with_label("empty range")
                .with_help("the lower end must be below the upper end (`a..b` is a <= v < b, `a..=b` includes b)"),
            );
            continue;
        }
        let mine: Vec<Decimal> = points.iter().copied().filter(|v| interval.contains(*v)).collect();
        let overlapping: Vec<usize> = earlier
            .iter()
            .filter(|(_, e)| mine.iter().any(|v| e.contains(*v)))
            .map(|(line, _)| *line)
            .collect();
        let shadowed = mine.iter().all(|v| earlier.iter().any(|(_, e)| e.contains(*v)));
        if shadowed {
            out.push(
                ctx.error(
                    "structure::unreachable-band",
                    format!(
                        "band `{}` can never match: every value in it is matched by an earlier band",
                        written(&band.range)
                    ),
                    span,
                )
                .with_label(format!("already matched by the band(s) on line {}", lines(&overlapping)))
                .with_help("the first matching band wins: remove this band or fix the ranges before it"),
            );
        } else if !overlapping.is_empty() {
            out.push(
                ctx.warning(
                    "structure::band-overlap",
                    format!("band `{}` overlaps an earlier band", written(&band.range)),
                    span,
                )
                .with_label(format!("partly matched by the band(s) on line {}", lines(&overlapping)))
                .with_help("the first matching band wins, so the shared values never get these points; make the ranges meet end to start (`20s..40s` then `40s..1m`)"),
            );
        }
        if let Some((_, previous)) = earlier.last() {
            let step = if interval.above(previous) {
                Some(true)
            } else if previous.above(interval) {
                Some(false)
            } else {
                None
            };
            match (ascending, step) {
                (None, step) => ascending = step,
                (Some(up), Some(step)) if up != step => out.push(
                    ctx.warning(
                        "structure::band-order",
                        format!(
                            "band `{}` is out of order: the bands before it go {}",
                            written(&band.range),
                            if up { "up" } else { "down" }
                        ),
                        span,
                    )
                    .with_label(if up { "lower than the band before it" } else { "higher than the band before it" })
                    .with_help("list the bands in the order of their values, all ascending or all descending"),
                ),
                _ => {}
            }
        }
        earlier.push((ctx.line(span), *interval));
    }
    coverage(ctx, indicator, bands, &earlier, otherwise, out);
}

/// A gap in the bands without `else`, or an `else` that nothing can reach.
fn coverage(
    ctx: &Context,
    indicator: &Indicator,
    bands: &[Spanned<Band>],
    matching: &[(usize, Interval)],
    otherwise: Option<&Spanned<Decimal>>,
    out: &mut Vec<Diagnostic>,
) {
    let unit = indicator.unit.as_ref().map(|u| &u.node);
    let (low, high) = domain(unit);
    let bounds = matching.iter().flat_map(|(_, i)| i.bounds()).chain(low).chain(high);
    let candidates = samples(bounds, matches!(unit, Some(Unit::Count)));
    let possible = candidates
        .into_iter()
        .filter(|v| low.is_none_or(|l| *v >= l) && high.is_none_or(|h| *v <= h));
    let uncovered = possible.clone().find(|v| !matching.iter().any(|(_, i)| i.contains(*v)));
    match (otherwise, uncovered) {
        (None, Some(value)) => {
            let Some(last) = bands.last() else { return };
            out.push(
                ctx.error(
                    "structure::band-gap",
                    format!(
                        "a value of {} for `{}` matches no band, and there is no `else`",
                        value_in(unit, value),
                        indicator.id.node
                    ),
                    last.span,
                )
                .with_label(format!("no band matches {}", value_in(unit, value)))
                .with_help("add `else => <points>` after the last band, or extend the bands to cover every value"),
            );
        }
        (Some(otherwise), None) if possible.clone().next().is_some() => out.push(
            ctx.warning(
                "structure::unreachable-else",
                format!(
                    "the `else` of `{}` can never match: the bands cover every possible value",
                    indicator.id.node
                ),
                otherwise.span,
            )
            .with_label("never used")
            .with_help(
                "remove the `else`, or narrow the bands if some values should get its points",
            ),
        ),
        _ => {}
    }
}

/// The values a unit can take: percent 0..=100, durations and counts >= 0.
fn domain(unit: Option<&Unit>) -> (Option<Decimal>, Option<Decimal>) {
    match unit {
        Some(Unit::Percent) => (Some(Decimal::ZERO), Some(Decimal::ONE_HUNDRED)),
        Some(Unit::Duration | Unit::Count) => (Some(Decimal::ZERO), None),
        _ => (None, None),
    }
}

fn value_in(unit: Option<&Unit>, value: Decimal) -> String {
    let value = value.normalize();
    match unit {
        Some(Unit::Percent) => format!("{value}%"),
        Some(Unit::Duration) => format!("{value}s"),
        Some(Unit::Currency(Some(code))) => format!("{value} {}", code.node),
        _ => value.to_string(),
    }
}

fn written(range: &Range) -> String {
    let from = range.from.as_ref().map(show).unwrap_or_default();
    let to = range.to.as_ref().map(show).unwrap_or_default();
    let dots = if range.to_inclusive { "..=" } else { ".." };
    format!("{from}{dots}{to}")
}

fn lines(lines: &[usize]) -> String {
    let mut lines: Vec<String> = lines.iter().map(usize::to_string).collect();
    lines.dedup();
    lines.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::Quantity;

    fn range(from: Option<i64>, to: Option<i64>, inclusive: bool) -> Interval {
        Interval::of(&Range {
            from: from.map(|v| Quantity::Number(v.into())),
            to: to.map(|v| Quantity::Number(v.into())),
            to_inclusive: inclusive,
        })
        .expect("small bounds")
    }

    #[test]
    fn half_open_and_inclusive_ranges() {
        let r = range(Some(20), Some(40), false);
        assert!(r.contains(20.into()) && r.contains(39.into()) && !r.contains(40.into()));
        assert!(range(Some(1), Some(1), true).contains(1.into()));
        assert!(range(Some(1), Some(1), false).is_empty());
        assert!(range(Some(5), Some(4), true).is_empty());
        assert!(!range(None, Some(4), false).is_empty());
    }

    #[test]
    fn above_requires_no_shared_value() {
        assert!(range(Some(40), None, false).above(&range(None, Some(40), false)));
        assert!(!range(Some(40), None, false).above(&range(None, Some(40), true)));
    }

    #[test]
    fn samples_hit_every_segment() {
        // bounds 0 and 1: below (-1), 0, between (0.5), 1, above (2)
        let s = samples([Decimal::ONE, Decimal::ZERO], false);
        assert_eq!(s, vec![(-1).into(), 0.into(), Decimal::new(5, 1), 1.into(), 2.into()]);
        // integer samples between 0.5 and 2.5 include 1 and 2
        let s = samples([Decimal::new(5, 1), Decimal::new(25, 1)], true);
        assert!(s.contains(&1.into()) && s.contains(&2.into()), "{s:?}");
    }
}
