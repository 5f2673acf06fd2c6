//! Routing and scoring every record, in parallel. The data is either borrowed, or lent to
//! be consumed: then each record's cells are released as soon as it is scored.

use litemap::LiteMap;
use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::eval::capped;
use crate::eval::composite::{ScoreContext, score_record};
use crate::eval::dataset::{Dataset, Record};
use crate::eval::plan::Plan;
use crate::eval::route;
use crate::eval::scored::Scored;

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

/// One record's scores, or what is wrong with it.
pub(crate) type Scoring = Result<Scored, Vec<Diagnostic>>;

/// Per scheme, where its records are.
pub(crate) type Routes = Vec<Vec<route::Place>>;

/// Route every record and score it, in parallel; with [`Data::Consumed`], release each
/// record's cells once scored. Returns the routes, without their borrows of the data, and
/// the scores by record position (`None` for a record no scheme reads). The scores are
/// written straight into one list: a million records' scores are not copied around.
pub(crate) fn score_all(
    plans: &[Plan<'_>],
    contexts: &[ScoreContext<'_>],
    data: &mut Data<'_>,
) -> Result<(Routes, Vec<Option<Scoring>>), Vec<Diagnostic>> {
    let routed: Routes = route::route(plans, data.shared())
        .map_err(capped)?
        .iter()
        .map(|list| list.iter().map(route::Routed::place).collect())
        .collect();
    // Per record position: its scheme.
    let mut schemes: Vec<Option<usize>> = vec![None; data.shared().records.len()];
    for (scheme, list) in routed.iter().enumerate() {
        for routed in list {
            if let Some(slot) = schemes.get_mut(routed.position) {
                *slot = Some(scheme);
            }
        }
    }
    let score = |scheme: usize, record: &Record| match (plans.get(scheme), contexts.get(scheme)) {
        (Some(plan), Some(context)) => score_record(plan, record, context),
        _ => Err(vec![Diagnostic::error("eval::internal", "a record without its scheme")]),
    };
    let scores = match data {
        Data::Borrowed(data) => data
            .records
            .par_iter()
            .zip(&schemes)
            .map(|(record, scheme)| scheme.map(|scheme| score(scheme, record)))
            .collect(),
        Data::Consumed(data) => {
            let keep: Vec<bool> = plans.iter().map(|p| !p.scheme.hooks.is_empty()).collect();
            data.records
                .par_iter_mut()
                .zip(&schemes)
                .map(|(record, scheme)| {
                    let scheme = (*scheme)?;
                    let result = score(scheme, record);
                    if !keep.get(scheme).copied().unwrap_or(true) {
                        record.values = LiteMap::new();
                        record.ratings = LiteMap::new();
                    }
                    Some(result)
                })
                .collect()
        }
    };
    Ok((routed, scores))
}
