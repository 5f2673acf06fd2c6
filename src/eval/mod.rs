//! Evaluation: metric data in, scores, grades, ranks and actions out.
//!
//! [`evaluate`] runs the whole engine: each scheme is compiled once into an index-based
//! plan; records are routed to schemes by role and to periods by label; each employee is
//! scored (in parallel); then, period by period, employees are ranked and graded within
//! their scope, the actions are tested (streaks across periods) and the results assembled.
//! The meaning of every number follows BRIEF.md section 2; see [`result`] for the output.

pub(crate) mod action;
mod assemble;
pub(crate) mod composite;
pub mod dataset;
mod fixed;
pub(crate) mod grade;
mod hint;
pub mod hooks_api;
mod identities;
pub mod load;
pub(crate) mod memo;
pub(crate) mod output;
pub(crate) mod packed;
pub mod period;
pub(crate) mod plan;
pub(crate) mod rank;
pub mod rating;
pub mod result;
pub(crate) mod route;
pub mod score;
pub(crate) mod scored;
mod scoring;
pub(crate) mod shown;
pub(crate) mod spill;
pub(crate) mod standing;
pub(crate) mod streak;
pub(crate) mod taken;
#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(crate) mod testing;
#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests_actions;
#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests_holds;
#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests_scoring;
pub mod words;

use std::fmt;
use std::sync::atomic::AtomicBool;

use chrono::{Days, NaiveDate};
use rayon::prelude::*;

use crate::ast::Scheme;
use crate::diagnostic::Diagnostic;
use crate::eval::composite::ScoreContext;
use crate::eval::dataset::Dataset;
use crate::eval::hooks_api::HookRunner;
use crate::eval::output::{Output, PeriodOut};
use crate::eval::plan::Plan;
use crate::eval::result::{Evaluation, FORMAT_VERSION};
pub(crate) use crate::eval::scoring::Data;
use crate::eval::scoring::{Scorer, Scoring, score_all};
use crate::eval::spill::{Loaded, Spill};
use crate::eval::standing::{Entry, by_period, grade_period, position, rank_period, run_actions};
use crate::source::SourceFile;

pub use composite::{FULL_PRECISION, denoise, round_score};

/// At most this many errors are reported; the last one says how many more there were.
const MAX_ERRORS: usize = 100;

/// Options of an evaluation.
#[derive(Clone, Default)]
pub struct EvalOptions<'a> {
    /// The date of the notice of results, from which improvement plans' due dates count;
    /// applies to every period. Default: the day after each period ends.
    pub notice_date: Option<NaiveDate>,
    /// The hook runtime; without one, a scheme that uses hooks fails with
    /// `eval::hook-unavailable`.
    pub hooks: Option<&'a dyn HookRunner>,
    /// The schemes' source files, index-matched to the schemes: errors in a scheme point
    /// into its file. May be empty.
    pub scheme_files: Vec<SourceFile>,
}

impl fmt::Debug for EvalOptions<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EvalOptions")
            .field("notice_date", &self.notice_date)
            .field("hooks", &self.hooks.is_some())
            .field("scheme_files", &self.scheme_files.iter().map(|s| &s.name).collect::<Vec<_>>())
            .finish()
    }
}

/// Evaluate schemes against metric data. Every error found is returned (up to a limit),
/// and no partial result: a missing value, a bad period label, a rating outside its scale,
/// a record whose role has no scheme, ... Warnings (grade quotas exceeded, periods before
/// the scheme took effect) are in [`Evaluation::warnings`].
pub fn evaluate(
    schemes: &[&Scheme],
    data: &Dataset,
    options: &EvalOptions<'_>,
) -> Result<Evaluation, Vec<Diagnostic>> {
    let mut collected = assemble::Collect::default();
    let warnings = evaluate_into(schemes, Data::Borrowed(data), options, &mut collected)?;
    Ok(Evaluation { format_version: FORMAT_VERSION, schemes: collected.schemes, warnings })
}

/// Evaluate as [`evaluate`] does, handing each period to `output` as soon as it is ready;
/// returns the warnings. Nothing reaches `output` unless every scheme evaluated without
/// error; an error `output` returns stops the evaluation.
pub(crate) fn evaluate_into(
    schemes: &[&Scheme],
    mut data: Data<'_>,
    options: &EvalOptions<'_>,
    output: &mut dyn Output,
) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    let plans = compile(schemes, options)?;
    let handed = |h: &load::Handed| !h.scores.is_empty() || !h.taken.is_empty();
    if output.breakdown() && matches!(&data, Data::Consumed(_, h) if handed(h)) {
        // Records scored as they were read have no breakdown, and their cells are gone.
        return Err(vec![Diagnostic::error("eval::internal", "scored without a breakdown")]);
    }
    let contexts = contexts(&plans, options, output.breakdown());
    let scorer = Scorer { plans: &plans, contexts: &contexts };
    let (taken, spilled) = match &mut data {
        Data::Consumed(_, handed) => {
            (std::mem::take(&mut handed.taken), std::mem::take(&mut handed.spilled))
        }
        Data::Borrowed(_) => (Vec::new(), Vec::new()),
    };
    if spilled.iter().any(Option::is_some) && !output.reads_spilled() {
        // Scores that wait on disk are read back by the CSV output only.
        return Err(vec![Diagnostic::error("eval::internal", "scores spilled for no output")]);
    }
    let lost = || vec![Diagnostic::error("eval::internal", "records taken without their scheme")];
    let identities;
    let scored_schemes;
    // Where the scores that wait for the output in temporary files are.
    let mut spill = Spill::new(plans.len());
    if !taken.is_empty() && taken::all_scored(&taken) {
        // Every record taken as it was read is scored: entries straight from them.
        let counts = taken::counts(plans.len(), &taken).ok_or_else(lost)?;
        let (who, places) = taken::identities(&plans, &taken, &counts).ok_or_else(lost)?;
        identities = Some(who);
        let who = identities.as_ref().ok_or_else(lost)?;
        let taken = (taken, counts.as_slice());
        scored_schemes = taken::entries(&plans, taken, spilled, (who, &places), &mut spill)
            .map_err(|e| vec![e])?;
    } else if !taken.is_empty() {
        // A record taken as it was read could not be scored: the errors, as the general path
        // reports them.
        let found = taken::scoring_errors(plans.len(), taken).into_iter();
        let errors = found.flat_map(|(index, found)| {
            found.into_iter().map(move |d| in_scheme(d, options, index))
        });
        return Err(capped(errors.collect()));
    } else {
        // Per scheme: its places, and their scores in the same order.
        let (routed, mut scores) = score_all(&scorer, &mut data)?;
        let freed =
            if output.breakdown() { None } else { free_records(&plans, &mut data, &routed) };
        let (who, places) = freed.unzip();
        identities = who;
        let in_order: Vec<Vec<Scoring>> = routed
            .iter()
            .map(|places| {
                let lost = || Err(vec![Diagnostic::error("eval::internal", "a lost record")]);
                let mut score = |at: usize| scores.get_mut(at).and_then(Option::take);
                places.iter().map(|place| score(place.position).unwrap_or_else(lost)).collect()
            })
            .collect();
        let data = data.shared();
        let known = identities.as_ref().zip(places.as_ref());
        scored_schemes = entries(&plans, routed, in_order, known, data, options)?;
    }
    let notice = |period: period::PeriodLabel| {
        options
            .notice_date
            .unwrap_or_else(|| period.end().checked_add_days(Days::new(1)).unwrap_or(period.end()))
    };
    // Rank, grade and fire actions in every scheme before any output: an error in the last
    // scheme must not leave the first one's results written.
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let mut ranked = Vec::new();
    for (index, (plan, mut entries)) in plans.iter().zip(scored_schemes).enumerate() {
        let periods = by_period(&entries).ok_or_else(|| {
            vec![Diagnostic::error("eval::internal", "more than 4,294,967,295 employee-periods")]
        })?;
        let mut quotas = Vec::new();
        // As many periods ranked at once as there are threads, each graded once ranked: the
        // ranks of every period never exist at once.
        let in_order: Vec<_> = periods.iter().collect();
        for batch in in_order.chunks(rayon::current_num_threads().max(1)) {
            let period_ranks: Vec<_> =
                batch.par_iter().map(|(_, members)| rank_period(plan, &entries, members)).collect();
            for ((period, _), ranked) in batch.iter().zip(period_ranks) {
                let quota_warnings = grade_period(plan, &mut entries, ranked);
                warnings.extend(period_warnings(plan, **period, &quota_warnings));
                quotas.push(quota_warnings);
            }
        }
        if let Err(found) = run_actions(plan, index, options.hooks, &mut entries, &notice) {
            errors.extend(found);
        }
        ranked.push((entries, periods, quotas));
    }
    if !errors.is_empty() {
        return Err(capped(errors));
    }
    let counts: Vec<_> = plans.iter().zip(&ranked).map(|(plan, r)| (plan, r.0.len())).collect();
    output.start(&counts).map_err(|e| vec![e])?;
    // The room of each period's keys of the output order, for the next period's.
    let mut keyed = Vec::new();
    for (index, (plan, (mut entries, periods, quotas))) in plans.iter().zip(ranked).enumerate() {
        output.scheme(plan).map_err(|e| vec![e])?;
        let spilled = spill.spills(index).then_some(index);
        for ((period, members), quota_warnings) in periods.iter().zip(quotas) {
            let ready = prepare((&entries, &mut keyed), members, spilled.map(|s| (&mut spill, s)))
                .map_err(|e| vec![spill::failed(&e)])?;
            output
                .period(PeriodOut {
                    plan,
                    period: *period,
                    notice: notice(*period),
                    entries: ready.entries,
                    scores: &ready.scores,
                    quota_warnings,
                })
                .map_err(|e| vec![e])?;
            // The period is out: its scores read back make room for the next period's, and
            // those kept in memory are freed as we go, so that scores and results never
            // exist whole at once.
            spill.give_back(ready.scores);
            if spill.spills_all(index) {
                // Their scores were forgotten as they were spilled.
                continue;
            }
            for &member in members {
                if let Some(entry) = entries.get_mut(position(member)) {
                    entry.scored.forget_nodes();
                }
            }
        }
    }
    output.end().map_err(|e| vec![e])?;
    Ok(warnings)
}

/// A period ready to be written: its entries in the output's order, and the scores of
/// those whose scores waited in a temporary file, in the same order.
struct Ready<'e, 'd> {
    entries: Vec<&'e Entry<'d>>,
    scores: Loaded,
}

/// Put the entries `members` of a period in the output's order ([`output_order_in`], the
/// keys made in `keyed`), and read back their scores from `spilled` (the spill and the
/// scheme's index) if any.
fn prepare<'e, 'd>(
    (entries, keyed): (&'e [Entry<'d>], &mut Vec<Option<Key>>),
    members: &[u32],
    spilled: Option<(&mut Spill, usize)>,
) -> std::io::Result<Ready<'e, 'd>> {
    let entry = |at: usize| members.get(at).and_then(|&member| entries.get(position(member)));
    // (Only members with an entry: `entry` gives one for each member in the order.)
    let order = output_order_in(keyed, members.len(), entry);
    // (On every core: each lookup is a step to a place far from the last.)
    let sorted: Vec<&Entry<'_>> = order.par_iter().filter_map(|&at| entry(at)).collect();
    let scores = match spilled {
        Some((spill, scheme)) => {
            // The members themselves, in the same order.
            let mut in_order = Vec::with_capacity(order.len());
            in_order.extend(order.iter().filter_map(|&at| members.get(at)));
            spill.load(scheme, &in_order)?
        }
        None => Loaded::default(),
    };
    Ok(Ready { entries: sorted, scores })
}

/// The order in which a period's members are written: by scope, rank, then employee (an
/// employee has one entry per period: the order is total, and an unstable sort, in
/// parallel, gives the same one). `entry` gives member `at`'s entry. Each member's scope
/// (as its place among the period's scopes), rank and the first bytes of its employee are
/// read once into a key, and the whole employee only where those tie: a sort compares
/// each key many times.
#[cfg(test)]
fn output_order<'e, 'd: 'e>(
    count: usize,
    entry: impl Fn(usize) -> Option<&'e Entry<'d>> + Sync,
) -> Vec<usize> {
    output_order_in(&mut Vec::new(), count, entry)
}

/// [`output_order`] with the members' keys made in `keyed`, room kept from one period to
/// the next (a period's keys take megabytes: room given back and asked for again would be
/// mapped afresh, page by page, while the cores wait for the period).
fn output_order_in<'e, 'd: 'e>(
    keyed: &mut Vec<Option<Key>>,
    count: usize,
    entry: impl Fn(usize) -> Option<&'e Entry<'d>> + Sync,
) -> Vec<usize> {
    let scope = |at: usize| entry(at).and_then(|e| e.routed.scope).map(|s| &**s);
    let mut scopes: Vec<&str> = (0..count).into_par_iter().filter_map(scope).collect();
    scopes.par_sort_unstable();
    scopes.dedup();
    // Ranked as a whole (no scope) first, then each scope in order.
    let scope_at = |at: usize| match scope(at) {
        None => 0,
        Some(s) => scopes.binary_search(&s).map_or(0, |i| i + 1),
    };
    let key = |at: usize| -> Option<Key> {
        let e = entry(at)?;
        let scope = u32::try_from(scope_at(at)).ok()?;
        Some((scope, e.rank, prefix(e.routed.employee()), u32::try_from(at).ok()?))
    };
    // Written in place (a filtered parallel collect would hold the keys twice); a member
    // without an entry, which cannot happen, sorts last and is left out.
    keyed.clear();
    keyed.resize(count, None);
    keyed.par_iter_mut().enumerate().for_each(|(at, slot)| *slot = key(at));
    let employee = |at: u32| entry(position(at)).map(|e| e.routed.employee());
    let order = |a: &Option<Key>, b: &Option<Key>| match (a, b) {
        (Some(a), Some(b)) => {
            (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)).then_with(|| employee(a.3).cmp(&employee(b.3)))
        }
        _ => a.is_none().cmp(&b.is_none()),
    };
    match by_scope_and_rank(keyed, scopes.len() + 1) {
        // Ties on scope and rank (shared ranks) are few: each run of them sorted alone.
        Some(mut sorted) => {
            let key = |at: &usize| keyed.get(*at).copied().flatten();
            let same =
                |a: &usize, b: &usize| key(a).map(|k| (k.0, k.1)) == key(b).map(|k| (k.0, k.1));
            for run in sorted.chunk_by_mut(same) {
                if run.len() > 1 {
                    run.sort_unstable_by(|a, b| order(&key(a), &key(b)));
                }
            }
            sorted
        }
        None => {
            keyed.par_sort_unstable_by(order);
            keyed.iter().flatten().map(|&(.., at)| position(at)).collect()
        }
    }
}

/// The members (their places in `keyed`, whose keys are in the members' order) sorted by
/// scope and rank alone, ties left in the members' order, by counting (a rank is at most
/// the number of members ranked in its scope: each scope's ranks take a stretch of
/// counters of that size); `None` when a member has no key, or its scope or rank is beyond
/// what was counted on, for a comparison sort to order.
fn by_scope_and_rank(keyed: &[Option<Key>], scopes: usize) -> Option<Vec<usize>> {
    // Per scope: its highest rank, then where its stretch of counters starts.
    let mut highest = vec![0usize; scopes];
    for key in keyed {
        let (scope, rank, ..) = (*key)?;
        let slot = highest.get_mut(usize::try_from(scope).ok()?)?;
        *slot = (*slot).max(usize::try_from(rank).ok()?);
    }
    let mut starts = Vec::with_capacity(scopes);
    let mut counters = 0usize;
    for &rank in &highest {
        starts.push(counters);
        counters = counters.checked_add(rank + 1)?;
    }
    if counters > 2 * keyed.len() + scopes {
        // Ranks far beyond the members' number: not worth counting.
        return None;
    }
    let counter = |key: &Key| -> Option<usize> {
        Some(starts.get(usize::try_from(key.0).ok()?)? + usize::try_from(key.1).ok()?)
    };
    // Each counter's members, then where its first goes (a period has fewer than 2³²
    // members: `Key` says so).
    let mut at = vec![0u32; counters];
    for key in keyed.iter().flatten() {
        *at.get_mut(counter(key)?)? += 1;
    }
    let mut first = 0;
    for slot in &mut at {
        (*slot, first) = (first, first + *slot);
    }
    let mut sorted = vec![0usize; keyed.len()];
    for (member, key) in keyed.iter().enumerate() {
        let next = at.get_mut(counter(key.as_ref()?)?)?;
        *sorted.get_mut(usize::try_from(*next).ok()?)? = member;
        *next += 1;
    }
    Some(sorted)
}

/// A member's place in the output order: its scope's place, rank, employee's first bytes
/// ([`prefix`]), and the member.
type Key = (u32, u32, u64, u32);

/// The first eight bytes of `text`, zero-padded, as a number that orders as the texts do
/// where the numbers differ: texts equal in their first eight bytes are compared whole.
/// (Entries tied on rank are many, and their employees lie far apart in memory.)
fn prefix(text: &str) -> u64 {
    let mut bytes = [0; 8];
    for (to, from) in bytes.iter_mut().zip(text.as_bytes()) {
        *to = *from;
    }
    u64::from_be_bytes(bytes)
}

/// Each scheme's entries, from its places and their scores in the same order (records
/// pointed into `data`, or who they are in `identities` once freed); or every error of the
/// scores, scheme after scheme.
fn entries<'d>(
    plans: &[Plan<'_>],
    routed: scoring::Routes,
    in_order: Vec<Vec<Scoring>>,
    identities: Option<(&'d identities::Identities, &identities::Places)>,
    data: &'d Dataset,
    options: &EvalOptions<'_>,
) -> Result<Vec<Vec<Entry<'d>>>, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut scored_schemes = Vec::new();
    for (index, ((plan, places), scores)) in plans.iter().zip(routed).zip(in_order).enumerate() {
        if scores.iter().any(Result::is_err) {
            let found = scores.into_iter().filter_map(Result::err).flatten();
            errors.extend(found.map(|d| in_scheme(d, options, index)));
            continue;
        }
        if !errors.is_empty() {
            continue;
        }
        // A million entries, built on every core.
        let lost = AtomicBool::new(false);
        let mut entries = Vec::new();
        places
            .par_iter()
            .zip(scores)
            .enumerate()
            .map(|(at, (place, scored))| {
                let routed = match identities {
                    Some((who, places)) => who.routed(places, index, at, place.period),
                    None => place.routed(data, plan),
                };
                Entry::made(plan, routed, scored, None, place.period, &lost)
            })
            .collect_into_vec(&mut entries);
        if lost.into_inner() {
            errors.push(Diagnostic::error("eval::internal", "a lost record"));
        }
        scored_schemes.push(entries);
    }
    if errors.is_empty() { Ok(scored_schemes) } else { Err(capped(errors)) }
}

/// Free the records of consumed data once they are scored and routed, keeping who each
/// one is ([`identities`]): for an output without breakdown nothing else of them is read
/// after, unless a scheme has hooks (action conditions may read raw columns). `None`, with
/// the records kept, otherwise.
fn free_records(
    plans: &[Plan<'_>],
    data: &mut Data<'_>,
    routed: &scoring::Routes,
) -> Option<(identities::Identities, identities::Places)> {
    let Data::Consumed(dataset, _) = data else { return None };
    if plans.iter().any(|plan| !plan.scheme.hooks.is_empty()) {
        return None;
    }
    let identities = identities::Identities::take(plans, dataset, routed)?;
    // A million records, each with a few allocations of its own: freed on every core.
    std::mem::take(&mut dataset.records).into_par_iter().for_each(drop);
    Some(identities)
}

/// Score each record as soon as the loader reads it, for an output without breakdown (the
/// CSV): `f` is given the loader's [`OnRecord`](load::OnRecord), or `None` when a scheme
/// does not compile (the evaluation then reports why). The scores go to
/// [`Data::Consumed`], for `evaluate_into` with the same schemes and options.
pub(crate) fn with_prescorer<R>(
    schemes: &[&Scheme],
    options: &EvalOptions<'_>,
    f: impl FnOnce(Option<&load::OnRecord<'_>>) -> R,
) -> R {
    let Ok(plans) = compile(schemes, options) else { return f(None) };
    let contexts = contexts(&plans, options, false);
    let scorer = Scorer { plans: &plans, contexts: &contexts };
    f(Some(&scorer))
}

/// Each scheme's plan, or every error found in them.
fn compile<'s>(
    schemes: &[&'s Scheme],
    options: &EvalOptions<'_>,
) -> Result<Vec<Plan<'s>>, Vec<Diagnostic>> {
    let mut plans = Vec::new();
    let mut errors = Vec::new();
    for (index, scheme) in schemes.iter().enumerate() {
        match Plan::compile(scheme) {
            Ok(plan) => plans.push(plan),
            Err(found) => errors.extend(found.into_iter().map(|d| in_scheme(d, options, index))),
        }
    }
    if errors.is_empty() { Ok(plans) } else { Err(capped(errors)) }
}

/// What scoring needs per scheme, for an output that shows the breakdown or not.
fn contexts<'a>(
    plans: &[Plan<'_>],
    options: &EvalOptions<'a>,
    breakdown: bool,
) -> Vec<ScoreContext<'a>> {
    (0..plans.len())
        .map(|index| ScoreContext {
            scheme_index: index,
            hooks: options.hooks,
            breakdown,
            keep_values: breakdown || plans.get(index).is_some_and(|p| p.actions_read_values),
        })
        .collect()
}

/// Point a scheme diagnostic that has a span into the scheme's file.
fn in_scheme(mut diagnostic: Diagnostic, options: &EvalOptions<'_>, index: usize) -> Diagnostic {
    if diagnostic.file.is_none() && diagnostic.span.is_some() {
        diagnostic.file = options.scheme_files.get(index).cloned();
    }
    diagnostic
}

/// Warnings of one period: a period that ended before the scheme took effect, and grade
/// quotas exceeded.
fn period_warnings(
    plan: &Plan<'_>,
    period: period::PeriodLabel,
    quota_warnings: &[result::QuotaWarning],
) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let effective = plan.scheme.cycle.as_ref().and_then(|c| c.effective.as_ref()).map(|e| e.node);
    if let Some(effective) = effective.filter(|e| period.end() < *e) {
        warnings.push(
            Diagnostic::warning(
                "eval::before-effective",
                format!("period {period} ended before the scheme took effect on {effective}"),
            )
            .with_help("check the period labels, or the scheme's `cycle ... from` date"),
        );
    }
    for quota in quota_warnings {
        let scope = quota.scope.as_ref().map_or(String::new(), |s| format!(" in scope {s}"));
        warnings.push(
            Diagnostic::warning(
                "eval::grade-quota",
                format!(
                    "{} of {} people{scope} got grade {} in period {period}, more than its quota of {}%",
                    quota.count,
                    quota.ranked_count,
                    quota.grade,
                    quota.quota.normalize()
                ),
            )
            .with_help("review the grade's threshold, or the quota"),
        );
    }
    warnings
}

/// Keep at most [`MAX_ERRORS`] errors, then say how many more there were.
fn capped(mut errors: Vec<Diagnostic>) -> Vec<Diagnostic> {
    if errors.len() > MAX_ERRORS {
        let more = errors.len() - MAX_ERRORS;
        errors.truncate(MAX_ERRORS);
        errors.push(
            Diagnostic::error("eval::more-errors", format!("{more} more errors not shown"))
                .with_help("fix the errors above and run again"),
        );
    }
    errors
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::sync::Arc;

    use rust_decimal::Decimal;

    use super::*;
    use crate::eval::route::{Routed, Who};
    use crate::eval::scored::Scored;

    #[test]
    fn a_period_is_written_by_scope_then_rank_then_employee() {
        let period = period::PeriodLabel::detect("2024-01").unwrap();
        let (a, b): (Arc<str>, Arc<str>) = (Arc::from("A"), Arc::from("B"));
        // (employee, scope, rank), in the members' order.
        let members = [
            ("E5", Some(&b), 1),
            ("E4", None, 2),
            ("E3", Some(&a), 2),
            ("E2", Some(&a), 1),
            ("E1", None, 2),
            ("E0", Some(&a), 2),
            ("E9", None, 1),
        ];
        let entries: Vec<Entry<'_>> = members
            .iter()
            .map(|&(employee, scope, rank)| {
                let routed = Routed { who: Who::Employee(employee), period, scope };
                let mut entry = Entry::with_rounded(routed, Scored::default(), Decimal::ZERO);
                entry.rank = rank;
                entry
            })
            .collect();
        let order = output_order(entries.len(), |at| entries.get(at));
        let written: Vec<&str> = order.iter().map(|&at| entries[at].routed.employee()).collect();
        // No scope first; ties in rank by employee.
        assert_eq!(written, ["E9", "E1", "E4", "E2", "E0", "E3", "E5"]);
    }

    #[test]
    fn employees_alike_in_their_first_bytes_are_ordered_whole() {
        let period = period::PeriodLabel::detect("2024-01").unwrap();
        let members = ["AGENT-000002", "AGENT-000001", "AGENT-00", "AGENT-00\0", "B", "AGENT"];
        let entries: Vec<Entry<'_>> = members
            .iter()
            .map(|&employee| {
                let routed = Routed { who: Who::Employee(employee), period, scope: None };
                Entry::with_rounded(routed, Scored::default(), Decimal::ZERO)
            })
            .collect();
        let order = output_order(entries.len(), |at| entries.get(at));
        let written: Vec<&str> = order.iter().map(|&at| entries[at].routed.employee()).collect();
        let mut expected = members.to_vec();
        expected.sort();
        assert_eq!(written, expected);
    }

    proptest::proptest! {
        /// Counted or compared (ranks far beyond the members' number), a period is written
        /// by scope (none first), rank, then employee.
        #[test]
        fn a_period_is_written_in_the_one_order_however_it_is_sorted(
            members in proptest::collection::vec((0usize..4, 0u32..40, 0u32..1000), 1..60),
            far in proptest::bool::ANY,
        ) {
            let period = period::PeriodLabel::detect("2024-01").unwrap();
            let scopes: Vec<Arc<str>> = ["B", "A", "C"].map(Arc::from).to_vec();
            let employees: Vec<String> =
                (0..members.len()).map(|n| format!("E{}", members[n].2 * 100 + n as u32)).collect();
            let entries: Vec<Entry<'_>> = members
                .iter()
                .zip(&employees)
                .map(|(&(scope, rank, _), employee)| {
                    let routed = Routed {
                        who: Who::Employee(employee),
                        period,
                        scope: scopes.get(scope),
                    };
                    let mut entry = Entry::with_rounded(routed, Scored::default(), Decimal::ZERO);
                    entry.rank = if far { rank * 1_000_000 } else { rank };
                    entry
                })
                .collect();
            let order = output_order(entries.len(), |at| entries.get(at));
            let written: Vec<&str> = order.iter().map(|&at| entries[at].routed.employee()).collect();
            let mut expected: Vec<&Entry<'_>> = entries.iter().collect();
            expected.sort_by_key(|e| (e.routed.scope.map(|s| &**s), e.rank, e.routed.employee()));
            let expected: Vec<&str> = expected.iter().map(|e| e.routed.employee()).collect();
            proptest::prop_assert_eq!(written, expected);
        }

        /// Where two texts' prefixes differ, they order the texts as the texts order.
        #[test]
        fn prefixes_order_as_their_texts(a in "[\\x00-\\x02a-c\u{e9}]{0,10}", b in "[\\x00-\\x02a-c\u{e9}]{0,10}") {
            if prefix(&a) != prefix(&b) {
                proptest::prop_assert_eq!(prefix(&a).cmp(&prefix(&b)), a.cmp(&b));
            }
        }
    }
}
