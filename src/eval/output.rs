//! Where evaluated periods go. The engine hands each scheme's periods, ranked, graded and
//! with their actions fired, to an [`Output`] one at a time, employees in their final order
//! (scope, rank, employee id). [`crate::eval::evaluate`] collects them into an
//! [`Evaluation`](crate::eval::result::Evaluation) with every breakdown; the CSV writer
//! ([`crate::report::csv::CsvStream`]) writes each row as it comes, so that a million
//! employee-periods never exist as results all at once.

use chrono::NaiveDate;

use crate::diagnostic::Diagnostic;
use crate::eval::period::PeriodLabel;
use crate::eval::plan::Plan;
use crate::eval::result::QuotaWarning;
use crate::eval::spill::Loaded;
use crate::eval::standing::Entry;

/// One period of one scheme, ready for output.
pub(crate) struct PeriodOut<'a, 's, 'd> {
    /// The scheme's plan.
    pub plan: &'a Plan<'s>,
    /// The period.
    pub period: PeriodLabel,
    /// The notice date of the period's results.
    pub notice: NaiveDate,
    /// The period's employees by scope, rank and id.
    pub entries: Vec<&'a Entry<'d>>,
    /// Empty, or per entry (index-matched) its score when it waited for the output in a
    /// temporary file ([`Output::reads_spilled`]): the entry's own is then forgotten.
    pub scores: &'a Loaded,
    /// Score grades whose quota was exceeded.
    pub quota_warnings: Vec<QuotaWarning>,
}

/// A consumer of evaluated periods.
pub(crate) trait Output {
    /// Called once, before anything else: every plan, with how many records it scores.
    fn start(&mut self, _plans: &[(&Plan<'_>, usize)]) -> Result<(), Diagnostic> {
        Ok(())
    }
    /// Whether this output shows each indicator's breakdown (effective weights,
    /// contributions, ratings, hook calls); by default it does.
    fn breakdown(&self) -> bool {
        true
    }
    /// Whether this output reads scores from [`PeriodOut::scores`] when given: the engine may
    /// then keep the scores that nothing else reads in a temporary file until the output
    /// asks for them ([`crate::eval::spill`]). By default it does not.
    fn reads_spilled(&self) -> bool {
        false
    }
    /// A scheme begins; its periods follow in ascending order.
    fn scheme(&mut self, plan: &Plan<'_>) -> Result<(), Diagnostic>;
    /// One period of the current scheme.
    fn period(&mut self, period: PeriodOut<'_, '_, '_>) -> Result<(), Diagnostic>;
    /// Called once, after the last period: what is still held goes out.
    fn end(&mut self) -> Result<(), Diagnostic> {
        Ok(())
    }
}
