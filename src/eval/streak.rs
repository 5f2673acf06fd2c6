//! Streaks: `when last for 3 consecutive cycles` fires in a period when the condition held
//! in it and in the N − 1 periods right before it. A period in which the employee has no
//! record (or the condition did not hold) breaks the streak.

use std::collections::BTreeSet;

use crate::eval::period::PeriodLabel;

/// The N periods ending with `period`, oldest first, when the condition held in every one
/// of them (`held` holds the periods in which it held for this employee); else `None`.
pub(crate) fn streak(
    held: &BTreeSet<PeriodLabel>,
    period: PeriodLabel,
    n: u32,
) -> Option<Vec<PeriodLabel>> {
    let mut run = Vec::new();
    let mut current = Some(period);
    for _ in 0..n.max(1) {
        let label = current.filter(|label| held.contains(label))?;
        run.push(label);
        current = label.previous();
    }
    run.reverse();
    Some(run)
}

/// `last in 2011-06, 2011-07, 2011-08`.
pub(crate) fn streak_fact(condition: &str, run: &[PeriodLabel]) -> String {
    let labels: Vec<String> = run.iter().map(ToString::to_string).collect();
    format!("{condition} in {}", labels.join(", "))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::ast::Period;

    fn month(text: &str) -> PeriodLabel {
        PeriodLabel::parse(text, Period::Monthly).unwrap()
    }
    fn held(labels: &[&str]) -> BTreeSet<PeriodLabel> {
        labels.iter().map(|l| month(l)).collect()
    }

    #[test]
    fn three_consecutive_fire_with_their_periods() {
        let set = held(&["2011-06", "2011-07", "2011-08"]);
        let run = streak(&set, month("2011-08"), 3).unwrap();
        assert_eq!(streak_fact("last", &run), "last in 2011-06, 2011-07, 2011-08");
        // Only two periods in a row so far in July.
        assert_eq!(streak(&set, month("2011-07"), 3), None);
    }

    #[test]
    fn a_gap_breaks_the_streak() {
        // Held in June and August but July is missing (no record, or did not hold).
        let set = held(&["2011-05", "2011-06", "2011-08", "2011-09"]);
        assert_eq!(streak(&set, month("2011-09"), 3), None);
        assert_eq!(streak(&set, month("2011-06"), 2).map(|r| r.len()), Some(2));
    }

    #[test]
    fn two_of_three_does_not_fire() {
        let set = held(&["2011-06", "2011-08"]);
        assert_eq!(streak(&set, month("2011-08"), 3), None);
    }

    #[test]
    fn across_the_year_end() {
        let set = held(&["2011-11", "2011-12", "2012-01"]);
        assert!(streak(&set, month("2012-01"), 3).is_some());
    }
}
