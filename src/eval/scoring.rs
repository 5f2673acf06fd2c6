//! Routing and scoring every record, in parallel. The data is either borrowed, or lent to
//! be consumed: then each record's cells are released as soon as it is scored.

use litemap::LiteMap;
use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::eval::capped;
use crate::eval::composite::{ScoreContext, Scored, score_record};
use crate::eval::dataset::{Dataset, Record};
use crate::eval::plan::Plan;
use crate::eval::route;

/// The data an evaluation reads: borrowed, or lent to be consumed, in which case each
/// record's cells are released as soon as it is scored (unless a scheme has hooks, whose
/// actions may read them), so that a million records' cells and scores never exist whole
/// at once.
pub(crate) enum Data<'a> {
    /// Read only.
    Borrowed(&'a Dataset),
    /// Cells released once scored.
    Consumed(&'a mut Dataset),
}

impl Data<'_> {
    pub(crate) fn shared(&self) -> &Dataset {
        match self {
            Data::Borrowed(data) => data,
            Data::Consumed(data) => data,
        }
    }
}

/// Scores of one scheme's records, index-matched to its routed records.
type SchemeScores = Vec<Scoring>;

/// One record's scores, or what is wrong with it.
type Scoring = Result<Scored, Vec<Diagnostic>>;

/// Per scheme, where its records are.
type Routes = Vec<Vec<route::Place>>;

/// Route every record and score it, in parallel; with [`Data::Consumed`], release each
/// record's cells once scored. The routes are returned without their borrows of the data.
pub(crate) fn score_all(
    plans: &[Plan<'_>],
    contexts: &[ScoreContext<'_>],
    data: &mut Data<'_>,
) -> Result<(Routes, Vec<SchemeScores>), Vec<Diagnostic>> {
    let routed: Routes = route::route(plans, data.shared())
        .map_err(capped)?
        .iter()
        .map(|list| list.iter().map(route::Routed::place).collect())
        .collect();
    // Per record position: its scheme and place in that scheme's list.
    let mut slots: Vec<Option<(usize, usize)>> = vec![None; data.shared().records.len()];
    for (scheme, list) in routed.iter().enumerate() {
        for (place, routed) in list.iter().enumerate() {
            if let Some(slot) = slots.get_mut(routed.position) {
                *slot = Some((scheme, place));
            }
        }
    }
    let score = |(scheme, _): (usize, usize), record: &Record| match (
        plans.get(scheme),
        contexts.get(scheme),
    ) {
        (Some(plan), Some(context)) => score_record(plan, record, context),
        _ => Err(vec![Diagnostic::error("eval::internal", "a record without its scheme")]),
    };
    let scored: Vec<Option<((usize, usize), Scoring)>> = match data {
        Data::Borrowed(data) => data
            .records
            .par_iter()
            .zip(&slots)
            .map(|(record, slot)| slot.map(|slot| (slot, score(slot, record))))
            .collect(),
        Data::Consumed(data) => {
            let keep: Vec<bool> = plans.iter().map(|p| !p.scheme.hooks.is_empty()).collect();
            data.records
                .par_iter_mut()
                .zip(&slots)
                .map(|(record, slot)| {
                    let slot = (*slot)?;
                    let result = score(slot, record);
                    if !keep.get(slot.0).copied().unwrap_or(true) {
                        record.values = LiteMap::new();
                        record.ratings = LiteMap::new();
                    }
                    Some((slot, result))
                })
                .collect()
        }
    };
    let mut results: Vec<Vec<Option<Scoring>>> =
        routed.iter().map(|list| (0..list.len()).map(|_| None).collect()).collect();
    for ((scheme, place), result) in scored.into_iter().flatten() {
        if let Some(slot) = results.get_mut(scheme).and_then(|list| list.get_mut(place)) {
            *slot = Some(result);
        }
    }
    let results = results
        .into_iter()
        .map(|list| {
            list.into_iter()
                .map(|r| {
                    r.unwrap_or_else(|| {
                        Err(vec![Diagnostic::error("eval::internal", "an unscored record")])
                    })
                })
                .collect()
        })
        .collect();
    Ok((routed, results))
}
