//! Ranking within a scope: by the composite rounded to the scheme's precision, highest
//! first; equal keys share a rank (competition ranking, 1-2-2-4). Declared tie-breakers
//! extend the key with the (rounded) points of named indicators or groups, higher first; a
//! node left out by `reweight` counts below any points. The reverse rank is the same
//! ranking lowest first, so ties at the bottom share the fate.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::eval::standing::position;

/// A ranking key: the rounded composite, then the tie-breakers' rounded points.
pub(crate) type RankKey = Vec<Option<Decimal>>;

/// Rank and reverse rank of each key, in the order given. Keys are [`RankKey`]s, or bare
/// rounded composites when no tie-breakers are declared.
///
/// rank = 1 + the number of keys strictly greater; reverse rank = 1 + the number of keys
/// strictly smaller.
pub(crate) fn competition_ranks<K: Ord>(keys: &[K]) -> Vec<(u32, u32)> {
    let mut order: Vec<usize> = (0..keys.len()).collect();
    // Equal keys share their ranks, so their order among themselves does not matter.
    order.sort_unstable_by(|&a, &b| keys[b].cmp(&keys[a]));
    ranks_in_order(&order, |&at| &keys[at], |&at| at)
}

/// The ranks of the keys of `sorted`, highest first: `key` gives an item's key, `at` its
/// position among the keys ranked.
fn ranks_in_order<T, K: PartialEq>(
    sorted: &[T],
    key: impl Fn(&T) -> K,
    at: impl Fn(&T) -> usize,
) -> Vec<(u32, u32)> {
    let n = sorted.len();
    let mut ranks = vec![(0u32, 0u32); n];
    let mut start = 0;
    while let Some(rest @ [first, ..]) = sorted.get(start..) {
        let run = key(first);
        let equal = rest.iter().take_while(|item| key(item) == run).count();
        // Positions start..start + equal (0-based, highest first) hold equal keys.
        let (rank, reverse) = (to_u32(start + 1), to_u32(n - start - equal + 1));
        for item in rest.iter().take(equal) {
            if let Some(slot) = ranks.get_mut(at(item)) {
                *slot = (rank, reverse);
            }
        }
        start += equal;
    }
    ranks
}

/// [`competition_ranks`] of rounded composites. Rounded to one precision, they share one
/// scale, so they are ranked by their integer mantissas (as their order and equality
/// are), sorted with their positions (a sort that compares in place, not through an index
/// into the keys), several times faster than decimals; with mixed scales, or mantissas
/// beyond 64 bits, as decimals. `scores` gives the `count` composites afresh each time it
/// is called (twice at most).
pub(crate) fn score_ranks<I: Iterator<Item = Decimal>>(
    count: usize,
    scores: impl Fn() -> I,
) -> Vec<(u32, u32)> {
    let mut scale = None;
    // Made at its size at once (a collect into `Option` grows its list a step at a time,
    // each larger room mapped afresh), from the scores as they are read: no list of them.
    let mut keyed: Vec<(i64, u32)> = Vec::with_capacity(count);
    for (at, score) in scores().enumerate() {
        let mantissa = i64::try_from(score.mantissa()).ok();
        let scale = *scale.get_or_insert(score.scale());
        let key = mantissa.filter(|_| score.scale() == scale);
        match key.zip(u32::try_from(at).ok()) {
            Some(keyed_score) => keyed.push(keyed_score),
            None => return competition_ranks(&scores().collect::<Vec<_>>()),
        }
    }
    keyed.sort_unstable_by_key(|&(key, _)| std::cmp::Reverse(key));
    ranks_in_order(&keyed, |&(key, _)| key, |&(_, at)| position(at))
}

/// `ceil(p% × n)`: the rank limit of `top p%` / `bottom p%` and of rank-quota grades.
pub(crate) fn share_limit(percent: Decimal, n: u32) -> u32 {
    let limit = (percent * Decimal::from(n) / Decimal::ONE_HUNDRED).ceil();
    if limit.is_sign_negative() { 0 } else { limit.to_u32().unwrap_or(u32::MAX) }
}

fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }
    fn keys(scores: &[&str]) -> Vec<RankKey> {
        scores.iter().map(|s| vec![Some(d(s))]).collect()
    }

    #[test]
    fn competition_ranking_1_2_2_4() {
        let ranks = competition_ranks(&keys(&["90", "80", "80", "70"]));
        assert_eq!(ranks, vec![(1, 4), (2, 2), (2, 2), (4, 1)]);
    }

    #[test]
    fn tie_at_the_last_place_shares_reverse_rank_1() {
        // 90, 70, 70: both 70s are rank 2 and reverse rank 1 (both `last`).
        let ranks = competition_ranks(&keys(&["70", "90", "70"]));
        assert_eq!(ranks, vec![(2, 1), (1, 3), (2, 1)]);
    }

    #[test]
    fn tie_at_the_bottom_two_boundary() {
        // 95, 80, 80, 60: reverse ranks 4, 2, 2, 1 → three people have reverse rank ≤ 2.
        let ranks = competition_ranks(&keys(&["95", "80", "80", "60"]));
        let bottom_two = ranks.iter().filter(|r| r.1 <= 2).count();
        assert_eq!(bottom_two, 3);
    }

    #[test]
    fn tie_breakers_split_equal_composites() {
        // Equal composites 80; the tie-breaker's points 70 > 60 > missing.
        let keys = vec![
            vec![Some(d("80")), Some(d("60"))],
            vec![Some(d("80")), Some(d("70"))],
            vec![Some(d("80")), None],
            vec![Some(d("90")), None],
        ];
        assert_eq!(competition_ranks(&keys), vec![(3, 2), (2, 3), (4, 1), (1, 4)]);
    }

    #[test]
    fn all_equal_and_empty() {
        assert_eq!(competition_ranks(&keys(&["5", "5"])), vec![(1, 1), (1, 1)]);
        assert!(competition_ranks::<RankKey>(&[]).is_empty());
    }

    #[test]
    fn share_limits_round_up() {
        assert_eq!(share_limit(d("10"), 12), 2); // ceil(1.2)
        assert_eq!(share_limit(d("20"), 12), 3); // ceil(2.4)
        assert_eq!(share_limit(d("25"), 12), 3); // exactly 3
        assert_eq!(share_limit(d("100"), 12), 12);
        assert_eq!(share_limit(d("0"), 12), 0);
    }

    proptest::proptest! {
        #[test]
        fn composites_rank_by_mantissa_as_they_rank_as_decimals(
            scores in proptest::collection::vec((-20_000i64..20_000, 0u32..3), 0..200),
            one_scale in proptest::prelude::any::<bool>(),
        ) {
            // Rounded composites share their scale; anything else is ranked as decimals.
            let scores: Vec<Decimal> = scores
                .iter()
                .map(|&(mantissa, scale)| Decimal::new(mantissa, if one_scale { 2 } else { scale }))
                .collect();
            proptest::prop_assert_eq!(
                score_ranks(scores.len(), || scores.iter().copied()),
                competition_ranks(&scores)
            );
        }

        #[test]
        fn composites_beyond_64_bits_rank_as_decimals(
            scores in proptest::collection::vec((-3i128..3, -5i128..5), 1..50),
        ) {
            // Mantissas around ±2⁶³ and beyond, one scale.
            let scores: Vec<Decimal> = scores
                .iter()
                .map(|&(high, low)| Decimal::from_i128_with_scale(high * (1 << 63) + low, 2))
                .collect();
            proptest::prop_assert_eq!(
                score_ranks(scores.len(), || scores.iter().copied()),
                competition_ranks(&scores)
            );
        }
    }
}
