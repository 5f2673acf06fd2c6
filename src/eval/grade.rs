//! Grades: by score thresholds on the rounded composite (first grade whose `at least` is
//! reached, else the `otherwise` grade), or by rank quota (forced distribution: grade i goes
//! to rank ≤ ceil((q₁ + … + qᵢ) × n), so ties share the better grade). A score grade's
//! `quota` is only checked: more than q% of the scope with that grade is a warning.

use rust_decimal::Decimal;

use crate::eval::fixed::compare;
use crate::eval::plan::GradePlan;
use crate::eval::rank::share_limit;

/// The grade (index, best first) of a rounded composite: the first grade whose threshold
/// it reaches; a grade without threshold (`otherwise`) catches everyone left.
pub(crate) fn by_score(grades: &[GradePlan<'_>], rounded: Decimal) -> Option<usize> {
    let reaches = |at_least| compare(rounded, at_least).is_ge();
    grades.iter().position(|grade| grade.at_least.is_none_or(reaches))
}

/// The grade (index, best first) of a rank among `n` people by cumulative quotas; ranks
/// beyond every quota (quotas summing to less than 100%) get the last grade.
pub(crate) fn by_rank(grades: &[GradePlan<'_>], rank: u32, n: u32) -> Option<usize> {
    let mut cumulative = Decimal::ZERO;
    for (index, grade) in grades.iter().enumerate() {
        cumulative += grade.quota.unwrap_or_default();
        if rank <= share_limit(cumulative, n) {
            return Some(index);
        }
    }
    grades.len().checked_sub(1)
}

/// Whether `count` people with a grade of quota `percent` among `n` is more than the
/// quota allows (count > q% × n, exactly).
pub(crate) fn quota_exceeded(percent: Decimal, count: u32, n: u32) -> bool {
    Decimal::from(count) * Decimal::ONE_HUNDRED > percent * Decimal::from(n)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }
    fn grade(id: &'static str, at_least: Option<&str>, quota: Option<&str>) -> GradePlan<'static> {
        GradePlan { id, label: None, at_least: at_least.map(d), quota: quota.map(d) }
    }

    #[test]
    fn score_thresholds_on_the_rounded_composite() {
        let grades =
            [grade("A", Some("90"), None), grade("B", Some("75"), None), grade("D", None, None)];
        // 89.995 rounds (half away from zero) to 90.00: grade A.
        let rounded = crate::eval::composite::round_score(d("89.995"), 2);
        assert_eq!(rounded.to_string(), "90.00");
        assert_eq!(by_score(&grades, rounded), Some(0));
        assert_eq!(by_score(&grades, d("89.99")), Some(1));
        assert_eq!(by_score(&grades, d("75")), Some(1));
        assert_eq!(by_score(&grades, d("0")), Some(2));
        assert_eq!(by_score(&grades[..2], d("10")), None);
    }

    #[test]
    fn forced_distribution_with_ceil() {
        // A 20%, B 70%, C 10% of n = 12: A to rank ≤ ceil(2.4) = 3, B to rank ≤ ceil(10.8) = 11.
        let grades = [
            grade("A", None, Some("20")),
            grade("B", None, Some("70")),
            grade("C", None, Some("10")),
        ];
        assert_eq!(by_rank(&grades, 3, 12), Some(0));
        assert_eq!(by_rank(&grades, 4, 12), Some(1));
        assert_eq!(by_rank(&grades, 11, 12), Some(1));
        assert_eq!(by_rank(&grades, 12, 12), Some(2));
    }

    #[test]
    fn forced_distribution_tie_at_the_quota_boundary_shares_the_better_grade() {
        // n = 10, A 20% → rank ≤ 2. Ranks 1, 2, 2 (a tie across the boundary): all three A;
        // the next person is rank 4 → B.
        let grades = [grade("A", None, Some("20")), grade("B", None, Some("80"))];
        let ranks = [1, 2, 2, 4];
        let got: Vec<_> = ranks.iter().map(|r| by_rank(&grades, *r, 10)).collect();
        assert_eq!(got, vec![Some(0), Some(0), Some(0), Some(1)]);
    }

    #[test]
    fn quota_warning_when_more_than_the_share() {
        // 20% of 12 = 2.4: 2 people are within, 3 are more than 20%.
        assert!(!quota_exceeded(d("20"), 2, 12));
        assert!(quota_exceeded(d("20"), 3, 12));
        assert!(!quota_exceeded(d("25"), 3, 12)); // exactly 25%
    }
}
