//! Records routed and scored as they are read, then dropped: for `eval --format csv` of
//! schemes without hooks, a record of a large CSV is scored on its reading thread, and what
//! ranking, actions and the output read of it later (employee, scheme, period, ranking
//! scope) is all that is kept. A million [`Record`](crate::eval::dataset::Record)s (150
//! bytes each and their allocations) never exist together.
//!
//! A record that cannot be taken so (its role has no scheme, its period label is not of its
//! scheme's cycle, it lacks the scheme's ranking column), or two records of one employee and
//! period, make the loader read the file again keeping its records, so that every message
//! is the one the general path gives ([`route`](super::route)).

use std::hash::BuildHasher;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use compact_str::CompactString;
use foldhash::fast::FixedState;
use hashbrown::HashTable;
use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use rust_decimal::Decimal;

use crate::eval::identities::{Identities, Places};
use crate::eval::period::PeriodLabel;
use crate::eval::plan::Plan;
use crate::eval::scoring::Scoring;
use crate::eval::spill::{ChunkSpill, Spill};
use crate::eval::standing::Entry;

/// A record taken as it was read: who, when and where it ranks, and its scores.
#[derive(Debug)]
pub(crate) struct Taken {
    /// The employee, inline when short: no allocation per record.
    pub employee: CompactString,
    /// The record's period, parsed by its scheme's cycle.
    pub period: PeriodLabel,
    /// The value of its scheme's `scope by` column, if the scheme has one.
    pub scope: Option<Arc<str>>,
    /// Its scheme's index.
    pub scheme: u16,
    /// Its scores, or what is wrong with it.
    pub scoring: Scoring,
    /// Its composite rounded to its scheme's precision, once its scores are spilled (they
    /// are forgotten then: see [`ChunkSpiller`](super::spill::ChunkSpiller)); zero before.
    pub rounded: Decimal,
}

/// Whether an employee has two records of one period among `chunks` (whatever their
/// schemes: the general path then says whether and how that is wrong).
pub(crate) fn any_twice(chunks: &[Vec<Taken>]) -> bool {
    let hasher = FixedState::default();
    let hash = |taken: &Taken| hasher.hash_one((&*taken.employee, taken.period));
    // Every record's hash, on every core, in file order: each chunk's written in its own
    // part of one list made at its size (a collect would make a list per chunk, then copy
    // them into a larger one).
    let mut hashes = vec![0u64; chunks.iter().map(Vec::len).sum()];
    let mut parts = Vec::with_capacity(chunks.len());
    let mut rest = hashes.as_mut_slice();
    for chunk in chunks {
        let at = chunk.len().min(rest.len());
        let (part, after) = std::mem::take(&mut rest).split_at_mut(at);
        parts.push((part, chunk));
        rest = after;
    }
    parts.into_par_iter().for_each(|(part, chunk)| {
        for (slot, taken) in part.iter_mut().zip(chunk) {
            *slot = hash(taken);
        }
    });
    let starts: Vec<usize> = chunks
        .iter()
        .scan(0, |start, chunk| {
            let at = *start;
            *start += chunk.len();
            Some(at)
        })
        .collect();
    let record = |at: usize| {
        let chunk = starts.partition_point(|&start| start <= at).checked_sub(1)?;
        chunks.get(chunk)?.get(at - starts.get(chunk)?)
    };
    // Records of one employee and period have one hash, so they fall in one shard. A
    // shard's table is small enough to stay in the core's cache (one table of every
    // record missed it at each step); the shards are searched on every core. A shard's
    // table holds each record's whole hash and position: records are read only when two
    // hashes are equal, not at every step (a shard's records lie far apart in memory).
    let per_shard = hashes.len() / SHARDS as usize + 1;
    // Each thread's table is emptied and used again for its next shard: a table made anew
    // for each would be mapped afresh, page by page.
    let table = || HashTable::<(u64, usize)>::with_capacity(per_shard + per_shard / 8);
    let any = (0..SHARDS).into_par_iter().map_init(table, |seen, shard| {
        seen.clear();
        let mine = hashes.iter().enumerate().filter(|(_, h)| (**h >> 32) % SHARDS == shard);
        for (at, &hashed) in mine {
            let same = |&(held, first): &(u64, usize)| {
                // (Every position is of a record: were one not, the general path would
                // read again.)
                held == hashed
                    && match (record(first), record(at)) {
                        (Some(first), Some(taken)) => {
                            first.period == taken.period && first.employee == taken.employee
                        }
                        _ => true,
                    }
            };
            if seen.find(hashed, same).is_some() {
                return true;
            }
            seen.insert_unique(hashed, (hashed, at), |&(held, _)| held);
        }
        false
    });
    any.any(|twice| twice)
}

/// Shards of [`any_twice`]'s search.
const SHARDS: u64 = 16;

/// Whether every record taken was scored without error: their [`entries`] are then made
/// straight from them; else their [`scoring_errors`] are reported.
pub(crate) fn all_scored(chunks: &[Vec<Taken>]) -> bool {
    chunks.par_iter().all(|chunk| chunk.iter().all(|taken| taken.scoring.is_ok()))
}

/// How many records taken each of `schemes` schemes has, counted on every core (a million
/// records are 90 MB to go through); `None` when a record's scheme is out of range.
pub(crate) fn counts(schemes: usize, chunks: &[Vec<Taken>]) -> Option<Vec<usize>> {
    let count = |chunk: &Vec<Taken>| {
        let mut counts = vec![0; schemes];
        for taken in chunk {
            *counts.get_mut(usize::from(taken.scheme))? += 1;
        }
        Some(counts)
    };
    let add = |a: Option<Vec<usize>>, b: Option<Vec<usize>>| {
        Some(a?.iter().zip(b?).map(|(a, b)| a + b).collect())
    };
    chunks.par_iter().map(count).reduce(|| Some(vec![0; schemes]), add)
}

/// Who each record taken is, per scheme, in file order; `counts` are the records of each
/// scheme ([`counts`]). `None` when a record's scheme is out of range, or the employees'
/// names exceed 4 GiB.
pub(crate) fn identities(
    plans: &[Plan<'_>],
    chunks: &[Vec<Taken>],
    counts: &[usize],
) -> Option<(Identities, Places)> {
    if counts.len() != plans.len() {
        return None;
    }
    let mut identities = Identities::builder();
    // The names' length, estimated from the first records' (an eighth more, in case the
    // rest are longer: room not written to takes no memory).
    let sample = chunks.iter().flatten().take(256);
    let (bytes, seen) =
        sample.fold((0, 0), |(bytes, seen), t| (bytes + t.employee.len(), seen + 1));
    let mean = usize::div_ceil(bytes, usize::max(seen, 1));
    let records: usize = counts.iter().sum();
    identities.reserve_names(records.saturating_mul(mean).saturating_mul(9) / 8);
    for (scheme, &count) in counts.iter().enumerate() {
        let of_scheme = || chunks.iter().flatten().filter(move |t| usize::from(t.scheme) == scheme);
        identities.scheme(count);
        for taken in of_scheme() {
            identities.push(&taken.employee, taken.scope.as_ref())?;
        }
    }
    Some(identities.finish())
}

/// The entries of the records taken, every one [scored](all_scored), per scheme in file
/// order, who they are from [`identities`]. They are made on every core, chunk after chunk,
/// and each chunk is freed once its entries are made: the records taken and their entries
/// never exist whole together. `spilled` gives, per chunk, where the scores it wrote to a
/// temporary file are ([`ChunkSpiller`](super::spill::ChunkSpiller)): `spill` notes where each
/// entry's is; `counts` are the records of each scheme ([`counts`]). An error when a record
/// has no scheme or identity.
pub(crate) fn entries<'i>(
    plans: &[Plan<'_>],
    (chunks, counts): (Vec<Vec<Taken>>, &[usize]),
    spilled: Vec<Option<ChunkSpill>>,
    (identities, places): (&'i Identities, &Places),
    spill: &mut Spill,
) -> Result<Vec<Vec<Entry<'i>>>, Diagnostic> {
    let lost = || Diagnostic::error("eval::internal", "records taken without their scheme");
    if counts.len() != plans.len() {
        return Err(lost());
    }
    let mut entries: Vec<Vec<Entry<'i>>> =
        counts.iter().map(|&count| Vec::with_capacity(count)).collect();
    for (scheme, &count) in counts.iter().enumerate() {
        spill.reserve(scheme, count);
    }
    let missing = AtomicBool::new(false);
    let mut spilled = spilled.into_iter();
    for chunk in chunks {
        // Where each record's score is, noted in entry order: per scheme, chunk after chunk.
        let too_many = || Diagnostic::error("eval::internal", "over 4,096 files of spilled scores");
        let on_disk = spill.chunk(spilled.next().flatten()).ok_or_else(too_many)?;
        let mut on_disk = on_disk.map(Some).chain(std::iter::repeat(None));
        for taken in &chunk {
            spill.note(usize::from(taken.scheme), on_disk.next().flatten());
        }
        let parts = if plans.len() == 1 {
            vec![chunk]
        } else {
            let mut parts: Vec<Vec<Taken>> = plans.iter().map(|_| Vec::new()).collect();
            for taken in chunk {
                parts.get_mut(usize::from(taken.scheme)).ok_or_else(lost)?.push(taken);
            }
            parts
        };
        for (scheme, part) in parts.into_iter().enumerate() {
            let (Some(plan), Some(made)) = (plans.get(scheme), entries.get_mut(scheme)) else {
                return Err(lost());
            };
            let first = made.len();
            made.par_extend(part.into_par_iter().enumerate().map(|(at, taken)| {
                let routed = identities.routed(places, scheme, first + at, taken.period);
                // A spilled score is forgotten: its composite was rounded before.
                let spilled = matches!(&taken.scoring, Ok(scored) if scored.is_forgotten());
                let rounded = spilled.then_some(taken.rounded);
                Entry::made(plan, routed, taken.scoring, rounded, taken.period, &missing)
            }));
        }
    }
    if missing.into_inner() { Err(lost()) } else { Ok(entries) }
}

/// The errors of the records taken that could not be scored, scheme by scheme (by index),
/// each scheme's in file order: what the general path reports for them.
pub(crate) fn scoring_errors(
    schemes: usize,
    chunks: Vec<Vec<Taken>>,
) -> Vec<(usize, Vec<Diagnostic>)> {
    let mut per_scheme: Vec<Vec<Diagnostic>> = (0..schemes).map(|_| Vec::new()).collect();
    for taken in chunks.into_iter().flatten() {
        if let (Err(found), Some(errors)) =
            (taken.scoring, per_scheme.get_mut(usize::from(taken.scheme)))
        {
            errors.extend(found);
        }
    }
    per_scheme.into_iter().enumerate().filter(|(_, errors)| !errors.is_empty()).collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::eval::scored::Scored;
    use crate::eval::testing::{measured, scheme, targets};

    fn taken(employee: &str, period: &str, scheme: u16, scope: Option<&str>) -> Taken {
        Taken {
            employee: employee.into(),
            period: PeriodLabel::detect(period).unwrap(),
            scope: scope.map(Arc::from),
            scheme,
            // Stands for its scores: which record it was.
            scoring: Err(vec![crate::diagnostic::Diagnostic::error("test", employee)]),
            rounded: Decimal::ZERO,
        }
    }

    #[test]
    fn a_pair_is_found_in_whichever_shard_its_hash_falls() {
        // The search is split by hash across the cores' shards: every pair must be found.
        let pool = rayon::ThreadPoolBuilder::new().num_threads(3).build().unwrap();
        let all: Vec<Taken> =
            (0..300).map(|i| taken(&format!("E{i}"), "2024-01", 0, None)).collect();
        for twice in [0, 1, 2, 77, 150, 299] {
            let pair = vec![taken(&format!("E{twice}"), "2024-01", 0, None)];
            let chunks =
                vec![all.iter().map(|t| taken(&t.employee, "2024-01", 0, None)).collect(), pair];
            assert!(pool.install(|| any_twice(&chunks)), "E{twice}");
        }
        let chunks = vec![all];
        assert!(!pool.install(|| any_twice(&chunks)));
    }

    #[test]
    fn an_employee_twice_in_a_period_is_found_across_chunks_and_schemes() {
        let once = vec![
            vec![taken("E1", "2024-01", 0, None), taken("E1", "2024-02", 0, None)],
            vec![taken("E2", "2024-01", 1, None)],
        ];
        assert!(!any_twice(&once));
        let across_chunks =
            vec![vec![taken("E1", "2024-01", 0, None)], vec![taken("E1", "2024-01", 0, None)]];
        assert!(any_twice(&across_chunks));
        let across_schemes =
            vec![vec![taken("E1", "2024-01", 0, None), taken("E1", "2024-01", 1, None)]];
        assert!(any_twice(&across_schemes));
    }

    #[test]
    fn scoring_errors_come_scheme_by_scheme_in_file_order() {
        let scored = |mut taken: Taken| {
            taken.scoring = Ok(Scored::default());
            taken
        };
        let chunks = vec![
            vec![taken("E1", "2024-01", 1, None), scored(taken("E2", "2024-01", 0, None))],
            vec![taken("E3", "2024-02", 0, None), taken("E4", "2024-02", 1, None)],
            vec![taken("E5", "2024-02", 0, None)],
        ];
        let errors: Vec<(usize, Vec<String>)> = scoring_errors(2, chunks)
            .into_iter()
            .map(|(scheme, found)| (scheme, found.into_iter().map(|d| d.message).collect()))
            .collect();
        let strings = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        assert_eq!(errors, [(0, strings(&["E3", "E5"])), (1, strings(&["E1", "E4"]))]);
        assert!(scoring_errors(1, vec![vec![scored(taken("E1", "2024-01", 0, None))]]).is_empty());
    }

    #[test]
    fn entries_are_made_straight_from_records_all_scored_per_scheme_in_file_order() {
        let ranked_whole = scheme(vec![measured("c", "100", targets("0", "100"))]);
        let plans = [Plan::compile(&ranked_whole).unwrap(), Plan::compile(&ranked_whole).unwrap()];
        let scored = |mut taken: Taken| {
            taken.scoring = Ok(Scored::default());
            taken
        };
        let chunks = vec![
            vec![
                scored(taken("E1", "2024-01", 1, Some("Lyon"))),
                scored(taken("E2", "2024-01", 0, None)),
            ],
            vec![
                scored(taken("E3", "2024-02", 1, Some("Nice"))),
                scored(taken("E4", "2024-02", 0, None)),
            ],
            vec![scored(taken("E5", "2024-02", 1, Some("Lyon")))],
        ];
        assert!(all_scored(&chunks));
        let counts = counts(2, &chunks).unwrap();
        assert_eq!(counts, [2, 3]);
        let (who_is, places) = identities(&plans, &chunks, &counts).unwrap();
        let made =
            entries(&plans, (chunks, &counts), Vec::new(), (&who_is, &places), &mut Spill::new(2))
                .unwrap();
        let who = |scheme: usize| -> Vec<(&str, Option<&str>, String)> {
            let entries = &made[scheme];
            entries
                .iter()
                .map(|e| {
                    (e.routed.employee(), e.routed.scope.map(|s| &**s), e.routed.period.to_string())
                })
                .collect()
        };
        let at = |e: &'static str, scope: Option<&'static str>, p: &str| (e, scope, p.to_string());
        assert_eq!(who(0), [at("E2", None, "2024-01"), at("E4", None, "2024-02")]);
        assert_eq!(
            who(1),
            [
                at("E1", Some("Lyon"), "2024-01"),
                at("E3", Some("Nice"), "2024-02"),
                at("E5", Some("Lyon"), "2024-02")
            ]
        );
        // One record with an error: the errors are reported instead (`scoring_errors`).
        let with_error =
            vec![vec![scored(taken("E1", "2024-01", 0, None)), taken("E2", "2024-01", 0, None)]];
        assert!(!all_scored(&with_error));
        // A record of no scheme is not counted: it has no identity.
        assert!(super::counts(2, &[vec![scored(taken("E1", "2024-01", 2, None))]]).is_none());
        assert!(identities(&plans, &[], &[0]).is_none(), "counts of another number of schemes");
    }
}
