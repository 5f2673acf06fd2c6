//! Routing records to schemes and periods. A record's `role` picks the scheme whose
//! `scope ... role X` matches; with one scheme that names no role, every record goes to it.
//! Each record's period label must be of the scheme's cycle, an employee may have one record
//! per period, and with `scope by <column>` every record needs that column.

#![allow(clippy::result_large_err)] // the one Diagnostic type: large, and errors are rare

use std::hash::BuildHasher;
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::eval::dataset::{Dataset, Record};
use crate::eval::period::PeriodLabel;
use crate::eval::plan::Plan;
use foldhash::fast::FixedState;
use hashbrown::HashTable;

/// A record routed to a scheme, with its parsed period and ranking scope.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Routed<'d> {
    /// The record, or who it was once the records were freed.
    pub who: Who<'d>,
    /// Its period.
    pub period: PeriodLabel,
    /// The value of the scheme's `scope by` column (a reference to the shared text: 8
    /// bytes, not 16, in each of a million entries).
    pub scope: Option<&'d Arc<str>>,
}

/// Who a routed record is about: the record itself, or, once the records were freed
/// ([`Identities`](super::identities)), the employee alone. 16 bytes, as the employee's
/// text alone is (the record's variant lives in the text's niche): one of a million
/// entries' fields.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Who<'d> {
    /// The record, still in the dataset.
    Record(&'d Record),
    /// The employee of a record freed.
    Employee(&'d str),
}

impl<'d> Routed<'d> {
    /// The routing of no record: what stands in for a lost one.
    pub(crate) fn nobody(period: PeriodLabel) -> Routed<'static> {
        Routed { who: Who::Employee(""), period, scope: None }
    }

    /// The employee.
    pub(crate) fn employee(&self) -> &'d str {
        match self.who {
            Who::Record(record) => &record.employee,
            Who::Employee(employee) => employee,
        }
    }

    /// The record, unless the records were freed.
    pub(crate) fn record(&self) -> Option<&'d Record> {
        match self.who {
            Who::Record(record) => Some(record),
            Who::Employee(_) => None,
        }
    }
}

/// A routing without its borrow of the data: where the record is, and its period.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Place {
    /// The record's position in the dataset.
    pub position: usize,
    /// Its period.
    pub period: PeriodLabel,
}

impl Place {
    /// The routing again, pointing into `data` (after records' cells were released).
    pub fn routed<'d>(&self, data: &'d Dataset, plan: &Plan<'_>) -> Option<Routed<'d>> {
        let record = data.records.get(self.position)?;
        let scope = scope_of(plan, record)?;
        Some(Routed { who: Who::Record(record), period: self.period, scope })
    }
}

/// The value of `plan`'s `scope by` column in `record`: `Some(None)` for a scheme ranked as
/// a whole, `None` when the record has no such column.
pub(crate) fn scope_of<'r>(plan: &Plan<'_>, record: &'r Record) -> Option<Option<&'r Arc<str>>> {
    match plan.scope_column {
        Some(column) => Some(Some(record.attributes.get(column)?)),
        None => Some(None),
    }
}

/// Where the routed records are, per scheme (index-matched to `plans`), in data order.
pub(crate) fn route(
    plans: &[Plan<'_>],
    data: &Dataset,
) -> Result<Vec<Vec<Place>>, Vec<Diagnostic>> {
    let mut routed: Vec<Vec<Place>> = plans.iter().map(|_| Vec::new()).collect();
    let mut errors = Vec::new();
    // Per scheme: the cycle found in the first label, when the scheme declares none.
    let mut detected = vec![None; plans.len()];
    let mut seen = Seen::new(data.records.len());
    for (position, record) in data.records.iter().enumerate() {
        let Some(index) = scheme_of(plans, record).map_err(|e| errors.push(e)).ok() else {
            continue;
        };
        let (Some(plan), Some(cycle)) = (plans.get(index), detected.get_mut(index)) else {
            continue;
        };
        let period = match plan.cycle.or(*cycle) {
            Some(declared) => PeriodLabel::parse(&record.period, declared),
            None => PeriodLabel::detect(&record.period).ok_or_else(|| {
                format!(
                    "`{}` is no period label (e.g. 2011-06, 2011-Q3, 2011, 2011-W23)",
                    record.period
                )
            }),
        };
        let period = match period {
            Ok(period) => period,
            Err(message) => {
                errors.push(
                    data_error("eval::period-label", record, message)
                        .with_help("write the period as a label of the scheme's cycle"),
                );
                continue;
            }
        };
        cycle.get_or_insert(period.cycle());
        if let Some(first) = seen.insert(plans, data, index, position, period) {
            errors.push(
                data_error(
                    "eval::duplicate-record",
                    record,
                    format!(
                        "employee {} has a second record for period {} (the first is {} row {})",
                        record.employee, period, first.origin.file, first.origin.row
                    ),
                )
                .with_help("keep one row per employee and period"),
            );
            continue;
        }
        // The scope's value is read from the record when it is ranked (`Place::routed`).
        if let Some(column) = plan.scope_column {
            if !record.attributes.contains_key(column) {
                errors.push(
                    data_error(
                        "eval::scope-missing",
                        record,
                        format!("employee {} has no `{column}` column to rank by", record.employee),
                    )
                    .with_help(format!("add a `{column}` column, or rank with `scope all`")),
                );
                continue;
            }
        }
        if let Some(list) = routed.get_mut(index) {
            list.push(Place { position, period });
        }
    }
    if errors.is_empty() { Ok(routed) } else { Err(errors) }
}

/// Which record first held each scheme, employee and period: their positions in the data,
/// not copies of the names (a million records cost 16 bytes each here).
struct Seen {
    positions: HashTable<(usize, PeriodLabel)>,
    hasher: FixedState,
}

impl Seen {
    fn new(records: usize) -> Seen {
        Seen { positions: HashTable::with_capacity(records), hasher: FixedState::default() }
    }

    /// Note that the record at `position` holds its employee in `period` for scheme
    /// `scheme`; the record that held them first, if any.
    fn insert<'d>(
        &mut self,
        plans: &[Plan<'_>],
        data: &'d Dataset,
        scheme: usize,
        position: usize,
        period: PeriodLabel,
    ) -> Option<&'d Record> {
        let employee = |at: usize| data.records.get(at).map(|r| r.employee.as_str());
        let hash = |at: usize, period: PeriodLabel| {
            let scheme = data.records.get(at).and_then(|r| scheme_of(plans, r).ok());
            self.hasher.hash_one((scheme, employee(at), period))
        };
        let key = self.hasher.hash_one((Some(scheme), employee(position), period));
        let same = |&(at, held): &(usize, PeriodLabel)| {
            held == period
                && employee(at) == employee(position)
                && data.records.get(at).and_then(|r| scheme_of(plans, r).ok()) == Some(scheme)
        };
        if let Some(&(first, _)) = self.positions.find(key, same) {
            return data.records.get(first);
        }
        self.positions.insert_unique(key, (position, period), |&(at, held)| hash(at, held));
        None
    }
}

/// The scheme a record belongs to.
pub(crate) fn scheme_of(plans: &[Plan<'_>], record: &Record) -> Result<usize, Diagnostic> {
    if let Some(role) = &record.role {
        if let Some(index) = plans.iter().position(|p| p.role == Some(&**role)) {
            return Ok(index);
        }
        if plans.len() == 1 && plans.iter().all(|p| p.role.is_none()) {
            return Ok(0);
        }
        let roles: Vec<&str> = plans.iter().filter_map(|p| p.role).collect();
        return Err(data_error(
            "eval::no-scheme-for-role",
            record,
            format!("employee {} has the role `{role}`, which no scheme applies to", record.employee),
        )
        .with_help(format!(
            "give a scheme with `scope \"...\" role {role}`, or correct the role (schemes are for: {})",
            if roles.is_empty() { "no declared role".to_string() } else { roles.join(", ") }
        )));
    }
    if plans.len() == 1 {
        return Ok(0);
    }
    Err(data_error(
        "eval::role-missing",
        record,
        format!("employee {} has no role, and several schemes are given", record.employee),
    )
    .with_help("add a `role` column naming each employee's role"))
}

/// An error about a record: `file row N: message`.
pub(crate) fn data_error(
    code: &str,
    record: &Record,
    message: impl std::fmt::Display,
) -> Diagnostic {
    Diagnostic::error(code, format!("{} row {}: {message}", record.origin.file, record.origin.row))
}
