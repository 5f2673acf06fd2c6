//! Routing and scoring every record, in parallel. The data is either borrowed, or lent to
//! be consumed: then each record's cells are released as soon as it is scored.

use compact_str::CompactString;
use litemap::LiteMap;
use rayon::prelude::*;
use rust_decimal::Decimal;

use crate::diagnostic::Diagnostic;
use crate::eval::capped;
use crate::eval::composite::{ScoreContext, score_record};
use crate::eval::dataset::{Cell, Dataset, Record};
use crate::eval::load::{Handed, OnRead, Wanted};
use crate::eval::memo::Memo;
use crate::eval::period::PeriodLabel;
use crate::eval::plan::Plan;
use crate::eval::route;
use crate::eval::scored::Scored;
use crate::eval::spill::ChunkSpiller;
use crate::eval::taken::Taken;

/// The data an evaluation reads: borrowed, or lent to be consumed, in which case each
/// record's cells are released as soon as it is scored (unless a scheme has hooks, whose
/// actions may read them), and its attributes but the ranking scope, so that a million
/// records' cells and scores never exist whole at once.
pub(crate) enum Data<'a> {
    /// Read only.
    Borrowed(&'a Dataset),
    /// Cells released once scored (and, for an output without breakdown of schemes without
    /// hooks, the records themselves once routed: the list is left empty). With what was
    /// done to the records as they were read, for an output without breakdown: nothing,
    /// or each record scored ([`Scorer::prescore`]), or each record taken instead of kept
    /// ([`Scorer`]'s [`OnRead::take`], the dataset then holds none).
    Consumed(&'a mut Dataset, Handed),
}

impl Data<'_> {
    pub(crate) fn shared(&self) -> &Dataset {
        match self {
            Data::Borrowed(data) => data,
            Data::Consumed(data, _) => data,
        }
    }
}

/// One record's scores, or what is wrong with it. (A [`Scored`] is a pointer to its
/// allocation: a million of them pass through several lists on their way to the ranked
/// entries, 24 bytes each.)
pub(crate) type Scoring = Result<Scored, Vec<Diagnostic>>;

/// Per scheme, where its records are.
pub(crate) type Routes = Vec<Vec<route::Place>>;

/// Scores records of compiled schemes.
pub(crate) struct Scorer<'p, 's> {
    pub plans: &'p [Plan<'s>],
    /// Index-matched to `plans`.
    pub contexts: &'p [ScoreContext<'p>],
}

impl Scorer<'_, '_> {
    /// Score `record` as a record of scheme `scheme`, from its maps or from `cells` (see
    /// [`score_record`]).
    fn score(
        &self,
        scheme: usize,
        record: (&Record, Option<&[Option<Cell>]>),
        memo: &mut Memo,
    ) -> Scoring {
        match (self.plans.get(scheme), self.contexts.get(scheme)) {
            (Some(plan), Some(context)) => score_record(plan, record, context, memo),
            _ => Err(vec![Diagnostic::error("eval::internal", "a record without its scheme")]),
        }
    }

    /// Score `record` as a record of scheme `scheme`, then release its cells, unless the
    /// scheme has hooks, whose actions may read them, and its attributes but the scheme's
    /// ranking scope, the only one read after scoring.
    fn score_and_release(
        &self,
        scheme: usize,
        (record, cells): (&mut Record, Option<&[Option<Cell>]>),
        memo: &mut Memo,
    ) -> Scoring {
        let result = self.score(scheme, (record, cells), memo);
        let plan = self.plans.get(scheme);
        if plan.is_some_and(|p| p.scheme.hooks.is_empty()) {
            record.values = LiteMap::new();
            record.ratings = LiteMap::new();
        }
        let scope = plan.and_then(|p| p.scope_column);
        let is_scope = |name: &str| Some(name) == scope;
        if !record.attributes.iter().all(|(name, _)| is_scope(name)) {
            record.attributes = record
                .attributes
                .iter()
                .filter(|(name, _)| is_scope(name))
                .map(|(name, value)| (name.clone(), value.clone()))
                .collect();
        }
        result
    }

    /// Score a record as soon as it is read (a [`load::OnRecord`](crate::eval::load)), and
    /// release its cells; `None`, with the record untouched, when it has no scheme (routing
    /// reports that later).
    pub(crate) fn prescore(&self, record: &mut Record, memo: &mut Memo) -> Option<Scoring> {
        let scheme = route::scheme_of(self.plans, record).ok()?;
        Some(self.score_and_release(scheme, (record, None), memo))
    }

    /// Route and score `record` (from its maps, or from `cells`) as [`OnRead::take`]
    /// says; `None` where routing would report an error, or when the record's scheme is
    /// not `loaded` (the scheme the loader read its cells for), if given.
    fn take_with(
        &self,
        (record, cells): (&mut Record, Option<&[Option<Cell>]>),
        loaded: Option<usize>,
        memo: &mut Memo,
    ) -> Option<Taken> {
        let scheme = route::scheme_of(self.plans, record).ok()?;
        if loaded.is_some_and(|loaded| loaded != scheme) {
            return None;
        }
        let plan = self.plans.get(scheme)?;
        let cycle = plan.cycle?;
        let period = memo
            .period(scheme, &record.period, || PeriodLabel::parse(&record.period, cycle))
            .ok()?;
        let scope = route::scope_of(plan, record)?.cloned();
        let scoring = self.score_and_release(scheme, (record, cells), memo);
        Some(Taken {
            employee: CompactString::from(record.employee.as_str()),
            period,
            scope,
            scheme: u16::try_from(scheme).ok()?,
            scoring,
            rounded: Decimal::ZERO,
        })
    }
}

impl OnRead for Scorer<'_, '_> {
    fn score(&self, record: &mut Record, memo: &mut Memo) -> Option<Scoring> {
        self.prescore(record, memo)
    }

    /// Records are taken when no scheme has hooks (action conditions may read raw columns)
    /// and every scheme declares its cycle (else the first label read decides it, in file
    /// order).
    fn takes(&self) -> bool {
        self.plans.iter().all(|plan| plan.scheme.hooks.is_empty() && plan.cycle.is_some())
    }

    /// Routed as [`route::route`] does; `None` where it would report an error.
    fn take(&self, record: &mut Record, memo: &mut Memo) -> Option<Taken> {
        self.take_with((record, None), None, memo)
    }

    /// The ranking scopes: all that is read of a record's attributes once it is taken
    /// (`score_and_release` drops the others).
    fn attributes_read(&self) -> Option<Vec<&str>> {
        Some(self.plans.iter().filter_map(|plan| plan.scope_column).collect())
    }

    /// The cells of [`Plan::cells`], when no hook reads the record.
    fn cells(&self, scheme: usize) -> Option<Vec<Wanted<'_>>> {
        self.plans.get(scheme)?.cells()
    }

    fn take_cells(
        &self,
        record: &mut Record,
        scheme: usize,
        cells: &[Option<Cell>],
        memo: &mut Memo,
    ) -> Option<Taken> {
        self.take_with((record, Some(cells)), Some(scheme), memo)
    }

    fn spiller(&self) -> Option<ChunkSpiller> {
        ChunkSpiller::new(self.plans)
    }
}

/// Route every record and score it, in parallel; with [`Data::Consumed`], release each
/// record's cells once scored, and take the scores of records already scored. Returns the
/// routes, without their borrows of the data, and the scores by record position (`None`
/// for a record no scheme reads). The scores are written straight into one list: a million
/// records' scores are not copied around.
pub(crate) fn score_all(
    scorer: &Scorer<'_, '_>,
    data: &mut Data<'_>,
) -> Result<(Routes, Vec<Option<Scoring>>), Vec<Diagnostic>> {
    let routed: Routes = route::route(scorer.plans, data.shared()).map_err(capped)?;
    // Per record position: its scheme (a million of these: 4 bytes each).
    let mut schemes: Vec<Option<u16>> = vec![None; data.shared().records.len()];
    for (scheme, list) in routed.iter().enumerate() {
        let Ok(scheme) = u16::try_from(scheme) else {
            return Err(vec![Diagnostic::error("eval::internal", "more than 65,535 schemes")]);
        };
        for routed in list {
            if let Some(slot) = schemes.get_mut(routed.position) {
                *slot = Some(scheme);
            }
        }
    }
    let scores = match data {
        Data::Borrowed(data) => data
            .records
            .par_iter()
            .zip(&schemes)
            .map_init(Memo::default, |memo, (record, scheme)| {
                scheme.map(|scheme| scorer.score(scheme.into(), (record, None), memo))
            })
            .collect(),
        Data::Consumed(data, Handed { scores: prescored, .. }) => {
            let count = data.records.len();
            if prescored.is_empty() {
                prescored.resize_with(count, || None);
            } else if prescored.len() != count {
                // Their records' cells are gone: they cannot be scored again.
                let message = "the scores of the records read do not match the records";
                return Err(vec![Diagnostic::error("eval::internal", message)]);
            }
            // Scored in place: the list of a million scores is not copied.
            data.records.par_iter_mut().zip(&schemes).zip(prescored.par_iter_mut()).for_each_init(
                Memo::default,
                |memo, ((record, scheme), scored)| match scheme {
                    None => *scored = None,
                    Some(scheme) if scored.is_none() => {
                        let scheme = usize::from(*scheme);
                        *scored = Some(scorer.score_and_release(scheme, (record, None), memo))
                    }
                    Some(_) => {}
                },
            );
            std::mem::take(prescored)
        }
    };
    Ok((routed, scores))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::eval::composite::score_record;
    use crate::eval::testing::{POLICIES, policy, record};

    /// Scores a record of `policies/<name>.merit` as the CSV path does; the record after.
    fn prescored(name: &str, attributes: &[(&str, &str)]) -> Record {
        let scheme = policy(name);
        let plans = [Plan::compile(&scheme).unwrap()];
        let contexts =
            [ScoreContext { scheme_index: 0, hooks: None, breakdown: false, keep_values: false }];
        let scorer = Scorer { plans: &plans, contexts: &contexts };
        let mut record = record("E1", "2024-01", &[("aht", "300")], &[]);
        record.attributes =
            attributes.iter().map(|(k, v)| (Arc::<str>::from(*k), Arc::<str>::from(*v))).collect();
        assert!(
            scorer.prescore(&mut record, &mut Memo::default()).is_some(),
            "the record has a scheme"
        );
        record
    }

    #[test]
    fn a_scored_record_keeps_only_its_ranking_scope() {
        let record = prescored("voice-agent", &[("name", "Ann"), ("site", "Lyon"), ("team", "T1")]);
        let kept: Vec<(&str, &str)> = record.attributes.iter().map(|(k, v)| (&**k, &**v)).collect();
        assert_eq!(kept, [("site", "Lyon")]);
        assert!(record.values.is_empty(), "cells are released");
        let record = prescored("online-shop-cs", &[("team", "T1")]);
        assert!(record.attributes.is_empty(), "a scheme ranked as a whole keeps none");
    }

    /// Every policy's plan; the ones that hooks read give no cells.
    #[test]
    fn cells_handed_over_score_as_the_records_maps_do() {
        let mut compared = 0;
        for name in POLICIES {
            let scheme = policy(name);
            let plan = Plan::compile(&scheme).unwrap();
            let Some(wanted) = plan.cells() else {
                assert_eq!(name, "live-chat-agent", "only hooks keep the cells in maps");
                continue;
            };
            let context =
                ScoreContext { scheme_index: 0, hooks: None, breakdown: false, keep_values: false };
            // Each node's cells, then a few of them missing, then a rating off the scale.
            for (round, rating) in [(0, "3"), (1, "4"), (2, "99")] {
                let mut values = Vec::new();
                let mut ratings = Vec::new();
                for (at, (id, rater)) in wanted.iter().enumerate() {
                    if (at + round) % 5 == 4 {
                        continue;
                    }
                    match rater {
                        None => values.push((*id, format!("{}", 40 + at * 7 % 50))),
                        Some(rater) => ratings.push((*id, *rater, rating.to_string())),
                    }
                }
                let values: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, &**v)).collect();
                let ratings: Vec<(&str, &str, &str)> =
                    ratings.iter().map(|(i, r, v)| (*i, *r, &**v)).collect();
                let record = record("E1", "2024-01", &values, &ratings);
                let cells: Vec<Option<Cell>> = wanted
                    .iter()
                    .map(|(id, rater)| match rater {
                        None => record.values.get(*id).copied(),
                        Some(rater) => {
                            record.ratings.get(&(Arc::from(*id), Arc::from(*rater))).copied()
                        }
                    })
                    .collect();
                let from_maps =
                    score_record(&plan, (&record, None), &context, &mut Memo::default());
                let mut bare = record.clone();
                bare.values = LiteMap::new();
                bare.ratings = LiteMap::new();
                let from_cells =
                    score_record(&plan, (&bare, Some(&cells)), &context, &mut Memo::default());
                assert_eq!(format!("{from_cells:?}"), format!("{from_maps:?}"), "{name} {round}");
                compared += 1;
            }
        }
        assert_eq!(compared, 9);
    }
}
