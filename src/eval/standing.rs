//! After scoring: rank and grade every employee of a period within their scope, then test
//! each action in every period and fire it (directly, or when its streak is complete).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::NaiveDate;
use rayon::prelude::*;
use rust_decimal::Decimal;

use crate::ast::GradeMethod;
use crate::diagnostic::Diagnostic;
use crate::eval::action::{ActionContext, Outcome, Standing, effects, holds, test};
use crate::eval::composite::round_score;
use crate::eval::grade::{by_rank, by_score, quota_exceeded};
use crate::eval::hooks_api::HookRunner;
use crate::eval::period::PeriodLabel;
use crate::eval::plan::Plan;
use crate::eval::rank::{RankKey, competition_ranks, score_ranks};
use crate::eval::result::{ActionRecord, QuotaWarning};
use crate::eval::route::Routed;
use crate::eval::scored::Scored;
use crate::eval::scoring::Scoring;
use crate::eval::streak::{streak, streak_fact};
use crate::eval::words::describe;

/// One employee in one period, scored, then ranked and graded.
#[derive(Debug, Clone)]
pub(crate) struct Entry<'d> {
    /// The routed record.
    pub routed: Routed<'d>,
    /// Scores.
    pub scored: Scored,
    /// The rounded composite.
    pub rounded: Decimal,
    /// Competition rank in the scope.
    pub rank: u32,
    /// Reverse competition rank in the scope.
    pub reverse_rank: u32,
    /// People ranked in the scope.
    pub ranked_count: u32,
    /// Grade index (best first).
    pub grade: Option<u16>,
    /// Effects of the actions that fired.
    pub actions: Actions,
}

impl<'d> Entry<'d> {
    /// A scored entry, not yet ranked.
    pub fn new(plan: &Plan<'_>, routed: Routed<'d>, scored: Scored) -> Entry<'d> {
        let rounded = round_score(scored.composite(), plan.precision);
        Entry::with_rounded(routed, scored, rounded)
    }

    /// The entry of a record as routed and scored, its composite rounded already when
    /// `rounded` is given (its scores may then be forgotten). When the routing or the scores
    /// are missing, which cannot happen, an entry of nobody stands in and `lost` is set: the
    /// caller reports `eval::internal`.
    pub(crate) fn made(
        plan: &Plan<'_>,
        routed: Option<Routed<'d>>,
        scoring: Scoring,
        rounded: Option<Decimal>,
        period: PeriodLabel,
        lost: &AtomicBool,
    ) -> Entry<'d> {
        match (routed, scoring, rounded) {
            (Some(routed), Ok(scored), Some(rounded)) => {
                Entry::with_rounded(routed, scored, rounded)
            }
            (Some(routed), Ok(scored), None) => Entry::new(plan, routed, scored),
            _ => {
                lost.store(true, Ordering::Relaxed);
                Entry::new(plan, Routed::nobody(period), Scored::default())
            }
        }
    }

    /// A scored entry whose composite, rounded, is `rounded` (its scores may be forgotten).
    pub fn with_rounded(routed: Routed<'d>, scored: Scored, rounded: Decimal) -> Entry<'d> {
        Entry {
            routed,
            scored,
            rounded,
            rank: 0,
            reverse_rank: 0,
            ranked_count: 0,
            grade: None,
            actions: Actions::default(),
        }
    }
}

/// The effects of the actions that fired for an entry: most fire none, and a million entries
/// hold 8 bytes each for them (a boxed list is one pointer; the list itself, three words).
#[derive(Debug, Clone, Default)]
#[allow(clippy::box_collection)] // on purpose: the thin pointer is the point
pub(crate) struct Actions(Option<Box<Vec<ActionRecord>>>);

impl Actions {
    /// Add effects.
    fn extend(&mut self, records: impl IntoIterator<Item = ActionRecord>) {
        let mut records = records.into_iter().peekable();
        if records.peek().is_some() {
            self.0.get_or_insert_default().extend(records);
        }
    }
}

impl std::ops::Deref for Actions {
    type Target = [ActionRecord];

    fn deref(&self) -> &[ActionRecord] {
        self.0.as_deref().map_or(&[], Vec::as_slice)
    }
}

/// Entry indices by period, periods ascending.
/// (Indices are `u32`: a million entries' lists are held until the output is written.)
/// `None` past 4,294,967,295 entries.
pub(crate) fn by_period(entries: &[Entry<'_>]) -> Option<BTreeMap<PeriodLabel, Vec<u32>>> {
    let mut periods: BTreeMap<PeriodLabel, Vec<u32>> = BTreeMap::new();
    // Exports list a period's rows together: each run of one period is looked up once.
    let mut start = 0;
    for run in entries.chunk_by(|a, b| a.routed.period == b.routed.period) {
        let Some(first) = run.first() else { continue };
        let end = start + run.len();
        let indices = u32::try_from(start).ok()?..u32::try_from(end).ok()?;
        periods.entry(first.routed.period).or_default().extend(indices);
        start = end;
    }
    Some(periods)
}

/// An entry's index as [`by_period`] lists it, as a position.
pub(crate) fn position(index: u32) -> usize {
    usize::try_from(index).unwrap_or(usize::MAX)
}

/// The members of one scope in one period, with their ranks and reverse ranks.
pub(crate) struct ScopeRanks<'d> {
    scope: Option<&'d str>,
    members: Vec<usize>,
    ranks: Vec<(u32, u32)>,
    /// Each member's grade (index, best first), if it has one.
    grades: Vec<Option<u16>>,
}

/// Rank and grade the entries of one period within each scope, scopes in order. Reads the
/// entries only: the periods of a scheme are ranked in parallel, then their ranks and
/// grades are set ([`grade_period`]).
pub(crate) fn rank_period<'d>(
    plan: &Plan<'_>,
    entries: &[Entry<'d>],
    period: &[u32],
) -> Vec<ScopeRanks<'d>> {
    let mut scopes: BTreeMap<Option<&'d str>, Vec<usize>> = BTreeMap::new();
    for &index in period {
        let index = position(index);
        if let Some(entry) = entries.get(index) {
            scopes.entry(entry.routed.scope.map(|scope| &**scope)).or_default().push(index);
        }
    }
    let mut ranked = Vec::with_capacity(scopes.len());
    for (scope, members) in scopes {
        let in_scope = || members.iter().filter_map(|&i| entries.get(i));
        let ranks = if plan.tie_break.is_empty() {
            score_ranks(members.len(), || in_scope().map(|entry| entry.rounded))
        } else {
            let keys: Vec<RankKey> = in_scope()
                .map(|entry| {
                    let mut key = vec![Some(entry.rounded)];
                    key.extend(plan.tie_break.iter().map(|&node| {
                        entry.scored.points(node).map(|p| round_score(p, plan.precision))
                    }));
                    key
                })
                .collect();
            competition_ranks(&keys)
        };
        let n = u32::try_from(members.len()).unwrap_or(u32::MAX);
        let grade = |(&index, &(rank, _)): (&usize, &(u32, u32))| {
            let grade = entries.get(index).and_then(|entry| grade_of(plan, entry, rank, n));
            grade.and_then(|g| u16::try_from(g).ok())
        };
        let grades = members.iter().zip(&ranks).map(grade).collect();
        ranked.push(ScopeRanks { scope, members, ranks, grades });
    }
    ranked
}

/// The grade (index, best first) of `entry`, of rank `rank` among `n`, if it has one.
fn grade_of(plan: &Plan<'_>, entry: &Entry<'_>, rank: u32, n: u32) -> Option<usize> {
    // A failed gate means the lowest grade (BRIEF: "a composite of 0, and so the lowest
    // grade"), whatever a quota or a threshold without catch-all would give.
    let gated = !entry.scored.failed_gates().is_empty();
    plan.grades.as_ref().and_then(|(method, grades)| match method {
        _ if gated => grades.len().checked_sub(1),
        GradeMethod::Score => by_score(grades, entry.rounded),
        GradeMethod::Rank => by_rank(grades, rank, n),
    })
}

/// Set the ranks and grades of one period's entries as [`rank_period`] found them;
/// returns the score grades whose quota was exceeded.
pub(crate) fn grade_period(
    plan: &Plan<'_>,
    entries: &mut [Entry<'_>],
    ranked: Vec<ScopeRanks<'_>>,
) -> Vec<QuotaWarning> {
    let mut warnings = Vec::new();
    for ScopeRanks { scope, members, ranks, grades } in ranked {
        let n = u32::try_from(members.len()).unwrap_or(u32::MAX);
        let mut counts = vec![0u32; plan.grades.as_ref().map_or(0, |g| g.1.len())];
        for ((&index, (rank, reverse_rank)), grade) in members.iter().zip(ranks).zip(grades) {
            let Some(entry) = entries.get_mut(index) else { continue };
            entry.rank = rank;
            entry.reverse_rank = reverse_rank;
            entry.ranked_count = n;
            entry.grade = grade;
            if let Some(count) = grade.and_then(|g| counts.get_mut(usize::from(g))) {
                *count += 1;
            }
        }
        if let Some((GradeMethod::Score, grades)) = &plan.grades {
            for (grade, count) in grades.iter().zip(counts) {
                let Some(quota) = grade.quota else { continue };
                if quota_exceeded(quota, count, n) {
                    warnings.push(QuotaWarning {
                        scope: scope.map(String::from),
                        grade: grade.id.to_string(),
                        quota,
                        count,
                        ranked_count: n,
                    });
                }
            }
        }
    }
    warnings
}

/// Test every action for every entry and attach the effects of those that fire.
/// `notice` gives each period's notice date.
pub(crate) fn run_actions(
    plan: &Plan<'_>,
    scheme_index: usize,
    hooks: Option<&dyn HookRunner>,
    entries: &mut [Entry<'_>],
    notice: &dyn Fn(PeriodLabel) -> NaiveDate,
) -> Result<(), Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let currency = plan.scheme.currency.as_ref().map(|c| c.node.as_str());
    for action in &plan.scheme.actions {
        let context = ActionContext { scheme_index, action: &action.id.node, hooks };
        // Only the entries it holds for (or fails on) are kept: few, against a million tested.
        let tested: Vec<(usize, Result<Outcome, Diagnostic>)> = entries
            .par_iter()
            .enumerate()
            .filter_map(|(index, entry)| {
                let standing = Standing {
                    plan,
                    employee: entry.routed.employee(),
                    record: entry.routed.record(),
                    scored: &entry.scored,
                    rank: entry.rank,
                    reverse_rank: entry.reverse_rank,
                    ranked_count: entry.ranked_count,
                    grade: entry
                        .grade
                        .and_then(|g| Some(plan.grades.as_ref()?.1.get(usize::from(g))?.id)),
                    score: entry.rounded,
                };
                if holds(&action.condition, &standing) == Some(false) {
                    return None;
                }
                match test(&action.condition, &standing, &context) {
                    Ok(outcome) if !outcome.holds => None,
                    tested => Some((index, tested)),
                }
            })
            .collect();
        let mut outcomes: Vec<(usize, Outcome)> = Vec::new();
        for (index, tested) in tested {
            match tested {
                Ok(outcome) => outcomes.push((index, outcome)),
                Err(error) => errors.push(error),
            }
        }
        let length = action.streak.as_ref().map_or(1, |s| s.node);
        let mut held: HashMap<&str, BTreeSet<PeriodLabel>> = HashMap::new();
        if length > 1 {
            for (entry, _) in outcomes.iter().filter_map(|(i, o)| Some((entries.get(*i)?, o))) {
                held.entry(entry.routed.employee()).or_default().insert(entry.routed.period);
            }
        }
        let mut fired = Vec::new();
        for (index, outcome) in outcomes {
            let Some(entry) = entries.get(index) else { continue };
            let mut facts = outcome.facts;
            if length > 1 {
                let Some(run) = held
                    .get(entry.routed.employee())
                    .and_then(|set| streak(set, entry.routed.period, length))
                else {
                    continue;
                };
                facts.push(streak_fact(&describe(&action.condition), &run));
            }
            fired.push((index, effects(action, currency, notice(entry.routed.period), &facts)));
        }
        for (index, records) in fired {
            if let Some(entry) = entries.get_mut(index) {
                entry.actions.extend(records);
            }
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

#[cfg(test)]
mod tests {
    /// A million entries are held at once until the output is written. (The employee's
    /// text, 16 bytes, is in the entry so that the records can be freed; the record, when
    /// kept, takes its place.)
    #[test]
    fn an_entry_with_its_score_takes_88_bytes() {
        assert_eq!(std::mem::size_of::<crate::eval::route::Who<'_>>(), 16);
        assert_eq!(std::mem::size_of::<super::Entry<'_>>(), 88);
    }

    #[test]
    fn entries_are_listed_by_period_in_order_whether_periods_run_together_or_not() {
        use crate::eval::period::PeriodLabel;
        use crate::eval::route::{Routed, Who};
        let entry = |period: &str| {
            let period = PeriodLabel::detect(period).unwrap();
            let routed = Routed { who: Who::Employee("E1"), period, scope: None };
            super::Entry::with_rounded(routed, Default::default(), Default::default())
        };
        let months = ["2024-02", "2024-02", "2024-01", "2024-02", "2024-01", "2024-01", "2024-03"];
        let entries: Vec<_> = months.iter().map(|m| entry(m)).collect();
        let periods = super::by_period(&entries).unwrap();
        let listed: Vec<(String, Vec<u32>)> =
            periods.into_iter().map(|(period, members)| (period.to_string(), members)).collect();
        let expected =
            [("2024-01", vec![2, 4, 5]), ("2024-02", vec![0, 1, 3]), ("2024-03", vec![6])];
        let expected: Vec<(String, Vec<u32>)> =
            expected.into_iter().map(|(p, m)| (p.to_string(), m)).collect();
        assert_eq!(listed, expected);
        assert!(super::by_period(&[]).unwrap().is_empty());
    }

    #[test]
    fn actions_hold_nothing_until_one_fires_then_every_effect_in_order() {
        use crate::eval::result::{ActionKind, ActionRecord};
        let effect = |action: &str| ActionRecord {
            action: action.to_string(),
            label: None,
            kind: ActionKind::Note,
            amount: None,
            currency: None,
            component: None,
            due: None,
            text: None,
            facts: Vec::new(),
        };
        let mut actions = super::Actions::default();
        actions.extend([]);
        assert!(actions.0.is_none() && actions.is_empty(), "no list for no effect");
        actions.extend([effect("a"), effect("b")]);
        actions.extend([]);
        actions.extend([effect("c")]);
        let names: Vec<&str> = actions.iter().map(|a| a.action.as_str()).collect();
        assert_eq!(names, ["a", "b", "c"]);
    }
}
