//! Rows → records: who and when each row is about, which scheme reads it, each cell read by
//! its unit, duplicates refused, and at the end the indicators no row or column feeds.

use std::borrow::Cow;
use std::collections::BTreeSet;

use std::sync::Arc;

use litemap::LiteMap;
use rust_decimal::Decimal;

use crate::ast::{MissingPolicy, Period, Scheme};
use crate::diagnostic::Diagnostic;
use crate::eval::dataset::{Cell, Dataset, Origin, Record};

use super::Layout;
use super::cell::{CellError, PercentScale, RawCell, ValueKind, read_value_with, trimmed};
use super::expect::{Column, Expected, Key, route};
use super::index::RecordIndex;
use super::layout::{KeyColumns, Plan};
use super::sink::{Row, Sink};
use super::slots::lay_out;
use super::texts::Texts;
use crate::eval::memo::{ShortText, Tables};

/// Who and when a row is about: employee, period, role, and the index of its scheme.
pub(super) type RowKeys = (String, Arc<str>, Option<Arc<str>>, usize);

/// Builds the dataset of one file, row by row.
pub(crate) struct Assembler<'s> {
    pub(super) schemes: Vec<Expected<'s>>,
    pub(super) roles: Vec<Option<&'s str>>,
    pub(super) file: Arc<str>,
    /// Where diagnostics go.
    pub sink: Sink,
    pub(super) records: Vec<Record>,
    pub(super) index: RecordIndex,
    /// Per scheme: the data names that occur (as a column or in a row) and whether any row
    /// is the scheme's.
    pub(super) present: Vec<(BTreeSet<String>, bool)>,
    /// Per percent data name, in the order first met: how many of its cells were `1`
    /// without `%`, and how many were anything but a bare `0` or `1`. A short list looked up
    /// by the shared name's address first: it is consulted for every percent cell.
    pub(super) percent_bare: Vec<(Arc<str>, (usize, usize))>,
    /// Per value column, where its name was last found in `percent_bare` (a hint, checked).
    percent_hint: Vec<usize>,
    pub(super) warned_names: BTreeSet<String>,
    pub(super) long_value_column: Arc<str>,
    /// How plain numbers in percent columns are read.
    pub(crate) percent_scale: PercentScale,
    /// The cells of the row being read, reused from row to row.
    read_cells: Vec<Option<Decimal>>,
    /// Period labels, roles and attribute values, shared by the records that repeat them.
    texts: Texts,
    /// Whether duplicate rows are looked for here: not when each record is taken as soon
    /// as it is read (the taker looks for them, `chunks`).
    pub(super) index_rows: bool,
    /// Records read and taken by the engine instead of kept (`OnRead::take`).
    pub(super) taken: usize,
    /// Per scheme and column, what short texts read without error gave
    /// ([`read_seen`](Self::read_seen)), with the percent scale they were read by.
    seen: Tables<ShortText, (Decimal, (u8, u8))>,
    seen_scale: PercentScale,
    /// Whether a wide row's cells are laid out in its record's maps: not when they are
    /// handed over by position ([`last_row`](Self::last_row)).
    pub(super) fill_maps: bool,
    /// The scheme of the last wide row read.
    row_scheme: usize,
}

impl<'s> Assembler<'s> {
    /// An assembler for `file` (the name records carry) reading rows for `schemes`.
    pub(crate) fn new(schemes: &[&'s Scheme], file: Arc<str>, sink: Sink) -> Self {
        let schemes: Vec<Expected> = schemes.iter().map(|s| Expected::new(s)).collect();
        let present = schemes.iter().map(|_| (BTreeSet::new(), false)).collect();
        let roles = schemes.iter().map(Expected::role).collect();
        Assembler {
            schemes,
            roles,
            file,
            sink,
            records: Vec::new(),
            index: RecordIndex::default(),
            present,
            percent_bare: Vec::new(),
            percent_hint: Vec::new(),
            warned_names: BTreeSet::new(),
            long_value_column: Arc::from("value"),
            percent_scale: PercentScale::Strict,
            read_cells: Vec::new(),
            texts: Texts::default(),
            index_rows: true,
            taken: 0,
            seen: Tables::default(),
            seen_scale: PercentScale::Strict,
            fill_maps: true,
            row_scheme: 0,
        }
    }

    /// Read the header and plan the columns; `None` when the header is unusable (the
    /// errors are in the sink).
    pub(crate) fn plan(&mut self, header: &dyn Row, layout: Option<Layout>) -> Option<Plan> {
        let plan = super::layout::plan(header, &self.schemes, layout, &mut self.sink)?;
        if let Plan::Wide { values, .. } = &plan {
            for column in values {
                for (scheme, target) in column.targets.iter().enumerate() {
                    if target.is_some() {
                        self.present[scheme].0.insert(column.name.to_string());
                    }
                }
            }
        }
        Some(plan)
    }

    /// Take in the records of `chunk`, read from the rows that follow this assembler's, with
    /// nothing to report and no employee and period in common with it.
    pub(crate) fn absorb(&mut self, chunk: Assembler<'s>) {
        self.records.extend(chunk.records);
        self.taken += chunk.taken;
        for (mine, theirs) in self.present.iter_mut().zip(chunk.present) {
            mine.0.extend(theirs.0);
            mine.1 |= theirs.1;
        }
        for (name, (ones, others)) in chunk.percent_bare {
            self.count_percent(&name, ones, others);
        }
        self.warned_names.extend(chunk.warned_names);
    }

    /// Give up after a fatal problem: every diagnostic found so far.
    pub(crate) fn fail(self) -> Vec<Diagnostic> {
        self.sink.finish().0
    }

    /// Read one data row according to `plan`.
    pub(crate) fn row(&mut self, plan: &Plan, row: &dyn Row) {
        if (0..row.len()).all(|i| row.cell(i).is_blank()) {
            return;
        }
        match plan {
            Plan::Wide { keys, values, cells } => {
                let Some((employee, period, role, scheme)) = self.keys(keys, row) else { return };
                let first = if self.index_rows {
                    self.index.get(&self.records, &employee, &period)
                } else {
                    None
                };
                if let Some(first) = first {
                    let first_row = self.records[first].origin.row;
                    let message = format!(
                        "{} {}s {first_row} and {} both hold employee {employee} in period {period}",
                        self.sink.label,
                        self.sink.row_word,
                        row.number()
                    );
                    let help =
                        "keep one row per employee and period: delete or merge the duplicate";
                    self.sink.push(
                        Diagnostic::error("data::duplicate-row", message).with_help(help),
                        Some(row),
                        None,
                    );
                    return;
                }
                let mut record = self.new_record(employee, period, role, keys, row);
                // Each cell read in column order (messages follow the row), then the
                // record's maps laid out in the scheme's order of names, without a search.
                let mut read = std::mem::take(&mut self.read_cells);
                read.clear();
                for column in values {
                    let value = column.targets[scheme].as_ref().and_then(|target| {
                        let cell = row.cell(column.index);
                        let at = (scheme, column.index);
                        self.read_seen(&record.employee, target, &cell, row, at, &column.name)
                    });
                    read.push(value);
                }
                if self.fill_maps {
                    let target = |column: usize| values.get(column)?.targets.get(scheme)?.as_ref();
                    let (measured, rated) =
                        cells.get(scheme).map_or((&[][..], &[][..]), |c| (&c.measured, &c.rated));
                    let at = record.origin.row;
                    let value = |column: usize| match &target(column)?.key {
                        Key::Value(name) => Some(name.clone()),
                        Key::Rating(..) => None,
                    };
                    record.values = lay_out(measured, &read, at, value);
                    let rating = |column: usize| match &target(column)?.key {
                        Key::Rating(indicator, rater) => Some((indicator.clone(), rater.clone())),
                        Key::Value(_) => None,
                    };
                    record.ratings = lay_out(rated, &read, at, rating);
                }
                self.read_cells = read;
                self.row_scheme = scheme;
                self.records.push(record);
                if self.index_rows {
                    self.index.insert(&self.records, self.records.len() - 1);
                }
            }
            Plan::Long { keys, indicator, value, rater } => {
                self.long_row(keys, *indicator, *value, *rater, row)
            }
        }
    }

    /// The scheme of the last wide row read, and its cells by value column (`None` when
    /// empty).
    pub(super) fn last_row(&self) -> (usize, &[Option<Decimal>]) {
        (self.row_scheme, &self.read_cells)
    }

    /// Employee, period, role and scheme of a row; errors go to the sink.
    pub(super) fn keys(&mut self, keys: &KeyColumns, row: &dyn Row) -> Option<RowKeys> {
        let employee = row.cell(keys.employee).shown();
        let role_cell = keys.role.map(|r| row.cell(r));
        let role = role_cell.as_ref().map(RawCell::shown_text).filter(|r| !r.is_empty());
        let mut ok = true;
        if employee.is_empty() {
            ok = false;
            let message = format!(
                "{}: the employee is empty",
                self.sink.place(row.number(), Some("employee"))
            );
            self.sink.push(
                Diagnostic::error("data::missing-employee", message)
                    .with_help("every row needs an employee id"),
                Some(row),
                Some(keys.employee),
            );
        }
        let Some(scheme) = route(&self.roles, role.as_deref()) else {
            let roles: Vec<String> =
                self.schemes.iter().filter_map(|s| s.role()).map(|r| format!("`{r}`")).collect();
            let message = match &role {
                Some(role) => format!(
                    "{}: employee {employee} has role `{role}`, and no scheme given applies to it",
                    self.sink.place(row.number(), Some("role"))
                ),
                None => format!(
                    "{}: employee {employee} has no role, and several schemes were given",
                    self.sink.place(row.number(), Some("role"))
                ),
            };
            let help = format!(
                "give the scheme for this role on the command line; the schemes given apply to roles {}",
                roles.join(", ")
            );
            self.sink.push(
                Diagnostic::error("data::role-without-scheme", message).with_help(help),
                Some(row),
                keys.role,
            );
            return None;
        };
        let period_cell = row.cell(keys.period);
        let period = match &period_cell {
            RawCell::DateTime { date: Some(date), duration: false, .. } => {
                Cow::Owned(period_of_date(*date, self.schemes[scheme].scheme))
            }
            other => other.shown_text(),
        };
        if period.is_empty() {
            ok = false;
            let message = format!(
                "{}: the period is empty (employee {employee})",
                self.sink.place(row.number(), Some("period"))
            );
            self.sink.push(
                Diagnostic::error("data::missing-period", message)
                    .with_help("every row needs a period label such as `2011-06`"),
                Some(row),
                Some(keys.period),
            );
        }
        if ok {
            self.present[scheme].1 = true;
        }
        let role = role.map(|role| self.texts.share(&role));
        ok.then(|| (employee, self.texts.share(&period), role, scheme))
    }

    pub(super) fn new_record(
        &mut self,
        employee: String,
        period: Arc<str>,
        role: Option<Arc<str>>,
        keys: &KeyColumns,
        row: &dyn Row,
    ) -> Record {
        // Exactly the room the attributes need (an empty map allocates nothing).
        let mut attributes = LiteMap::with_capacity(keys.attributes.len());
        for (index, name) in &keys.attributes {
            let text = row.cell(*index).shown();
            if !text.is_empty() {
                attributes.insert(name.clone(), self.texts.share(&text));
            }
        }
        let origin = Origin { file: self.file.clone(), row: row.number() };
        Record {
            employee,
            period,
            role,
            attributes,
            values: LiteMap::new(),
            ratings: LiteMap::new(),
            origin,
        }
    }

    /// Read the cell of column `index` for scheme `scheme` as [`read`](Self::read) does,
    /// remembering what a short text gave in that column: exports repeat their values, and
    /// a text read again is not parsed again. Only values read without error are
    /// remembered, with what they add to the percent counts.
    pub(super) fn read_seen(
        &mut self,
        employee: &str,
        target: &Column,
        cell: &RawCell,
        row: &dyn Row,
        (scheme, index): (usize, usize),
        column: &str,
    ) -> Option<Decimal> {
        let RawCell::Text(text) = cell else {
            return self.read(employee, target, cell, row, index, column);
        };
        if trimmed(text).is_empty() {
            // A missing value, as `read` says: nothing to parse, nothing to remember.
            return None;
        }
        if self.seen_scale != self.percent_scale {
            self.seen = Tables::default();
            self.seen_scale = self.percent_scale;
        }
        let (Some(key), Some(table)) = (ShortText::new(text), self.seen.table((scheme, index)))
        else {
            return self.read(employee, target, cell, row, index, column);
        };
        let read = table.get_or(key, || {
            let read = read_value_with(cell, &target.kind, self.percent_scale);
            let value = read.ok().flatten().ok_or(())?;
            let counts = match target.kind {
                ValueKind::Percent => percent_counts(value, text),
                _ => (0, 0),
            };
            let counts = (u8::from(counts.0 > 0), u8::from(counts.1 > 0));
            Ok::<_, ()>((value, counts))
        });
        match (read, &target.key) {
            (Ok((value, (ones, others))), Key::Value(name)) => {
                if target.kind == ValueKind::Percent {
                    self.count_column_percent(index, name, ones.into(), others.into());
                }
                Some(value)
            }
            (Ok((value, _)), Key::Rating(..)) => Some(value),
            (Err(()), _) => self.read(employee, target, cell, row, index, column),
        }
    }

    /// Read one cell; an error goes to the sink and yields `None`, as does an empty cell.
    pub(super) fn read(
        &mut self,
        employee: &str,
        target: &Column,
        cell: &RawCell,
        row: &dyn Row,
        index: usize,
        column: &str,
    ) -> Option<Decimal> {
        match read_value_with(cell, &target.kind, self.percent_scale) {
            Ok(value) => {
                if let (ValueKind::Percent, Some(value), RawCell::Text(text)) =
                    (&target.kind, value, cell)
                {
                    self.note_percent(&target.key, value, text);
                }
                value
            }
            Err(CellError { code, problem, help }) => {
                let about = match (&target.key, &target.indicator) {
                    (Key::Rating(indicator, rater), _) => {
                        format!("indicator {indicator}, rater {rater}")
                    }
                    (Key::Value(name), Some(indicator)) if **name != **indicator => {
                        format!("input {name} of indicator {indicator}")
                    }
                    (Key::Value(name), _) => format!("indicator {name}"),
                };
                let message = format!(
                    "{} (employee {employee}, {about}): {problem}",
                    self.sink.place(row.number(), Some(column))
                );
                self.sink.push(
                    Diagnostic::error(code, message).with_help(help),
                    Some(row),
                    Some(index),
                );
                None
            }
        }
    }

    fn note_percent(&mut self, key: &Key, value: Decimal, text: &str) {
        let Key::Value(name) = key else { return };
        let (ones, others) = percent_counts(value, text);
        self.count_percent(name, ones, others);
    }

    /// Add to the percent counts of `name`; where it is in the list.
    fn count_percent(&mut self, name: &Arc<str>, ones: usize, others: usize) -> usize {
        // The column's own shared name first: comparing texts only when it is not there.
        let bare = &mut self.percent_bare;
        let at = match bare.iter().position(|(n, _)| Arc::ptr_eq(n, name)) {
            Some(at) => Some(at),
            None => bare.iter().position(|(n, _)| **n == **name),
        };
        match at.and_then(|at| Some((at, bare.get_mut(at)?))) {
            Some((at, (_, entry))) => {
                *entry = (entry.0 + ones, entry.1 + others);
                at
            }
            None => {
                bare.push((name.clone(), (ones, others)));
                bare.len() - 1
            }
        }
    }

    /// [`count_percent`](Self::count_percent) for a cell of value column `column`, looking
    /// first where the column's name was found last: every percent cell is counted.
    fn count_column_percent(&mut self, column: usize, name: &Arc<str>, ones: usize, others: usize) {
        let hint = self.percent_hint.get(column).copied().unwrap_or(usize::MAX);
        if let Some((known, entry)) = self.percent_bare.get_mut(hint) {
            if Arc::ptr_eq(known, name) {
                *entry = (entry.0 + ones, entry.1 + others);
                return;
            }
        }
        let at = self.count_percent(name, ones, others);
        if self.percent_hint.len() <= column {
            self.percent_hint.resize(column + 1, usize::MAX);
        }
        if let Some(slot) = self.percent_hint.get_mut(column) {
            *slot = at;
        }
    }

    /// The dataset, or every error found; warnings come with either.
    pub(crate) fn finish(mut self) -> Result<(Dataset, Vec<Diagnostic>), Vec<Diagnostic>> {
        self.absent_indicators();
        for (name, (ones, others)) in std::mem::take(&mut self.percent_bare) {
            if ones > 0 && others == 0 {
                let message = format!(
                    "{}: every value of {name} is 0 or 1 written without `%`; they are read as 0% and 1%",
                    self.sink.label
                );
                let help = format!(
                    "if they are fractions (1 = 100%), write {name} in percent points (`100`) or with `%` (`100%`)"
                );
                self.sink.push(
                    Diagnostic::warning("data::percent-zero-or-one", message).with_help(help),
                    None,
                    None,
                );
            }
        }
        if self.records.is_empty() && self.taken == 0 && !self.sink.has_errors() {
            let message = format!("{} has a header but no data rows", self.sink.label);
            self.sink.push(
                Diagnostic::error("data::no-rows", message)
                    .with_help("export the data again: one row per employee and period"),
                None,
                None,
            );
        }
        let (diagnostics, failed) = self.sink.finish();
        if failed { Err(diagnostics) } else { Ok((Dataset { records: self.records }, diagnostics)) }
    }

    fn absent_indicators(&mut self) {
        for (scheme, (present, used)) in self.schemes.iter().zip(&self.present) {
            if !*used {
                continue;
            }
            for need in &scheme.needs {
                let absent: Vec<&String> =
                    need.names.iter().filter(|n| !present.contains(*n)).collect();
                if absent.is_empty() || (need.rated && absent.len() < need.names.len()) {
                    for name in absent {
                        let message = format!(
                            "{} has no {name}: the indicator {} is scored from its other raters",
                            self.sink.label, need.indicator
                        );
                        let help = format!("add `{name}` if that rater rated the indicator");
                        self.sink.push(
                            Diagnostic::warning("data::absent-rater", message).with_help(help),
                            None,
                            None,
                        );
                    }
                    continue;
                }
                let names: Vec<String> = absent.iter().map(|n| format!("`{n}`")).collect();
                let what = format!(
                    "{} has no {} for indicator {} of scheme \"{}\"",
                    self.sink.label,
                    names.join(", "),
                    need.indicator,
                    scheme.scheme.name.node
                );
                let diagnostic = match need.policy {
                    MissingPolicy::Error => Diagnostic::error("data::missing-column", format!("{what} (missing error)"))
                        .with_help(format!("add {} with the indicator's values, or declare `missing zero` or `missing reweight` on the indicator if it may be absent", names.join(", "))),
                    MissingPolicy::Zero => Diagnostic::warning("data::missing-column", format!("{what}: every employee's {} scores 0 points (missing zero)", need.indicator))
                        .with_help("add the data if it exists"),
                    MissingPolicy::Reweight => Diagnostic::warning("data::missing-column", format!("{what}: it is left out and its siblings' weights are renormalised (missing reweight)"))
                        .with_help("add the data if it exists"),
                };
                self.sink.push(diagnostic, None, None);
            }
        }
    }
}

/// What a percent cell's text and value add to the counts of `data::percent-zero-or-one`:
/// one `1` written without `%`, or one cell that is anything but a bare `0` or `1`.
fn percent_counts(value: Decimal, text: &str) -> (usize, usize) {
    let bare_zero_or_one =
        !text.trim_end().ends_with(['%', '％']) && (value.is_zero() || value == Decimal::ONE);
    match (bare_zero_or_one, value == Decimal::ONE) {
        (false, _) => (0, 1),
        (true, true) => (1, 0),
        (true, false) => (0, 0),
    }
}

pub(super) fn insert(record: &mut Record, key: &Key, cell: Cell) {
    match key {
        Key::Value(name) => {
            record.values.insert(name.clone(), cell);
        }
        Key::Rating(indicator, rater) => {
            record.ratings.insert((indicator.clone(), rater.clone()), cell);
        }
    }
}

/// A spreadsheet date in a period column names the period that contains it.
fn period_of_date(date: chrono::NaiveDate, scheme: &Scheme) -> String {
    use chrono::Datelike;
    match scheme.cycle.as_ref().map(|c| c.period.node) {
        Some(Period::Monthly) => date.format("%Y-%m").to_string(),
        Some(Period::Quarterly) => format!("{}-Q{}", date.year(), date.month0() / 3 + 1),
        Some(Period::Yearly) => date.year().to_string(),
        Some(Period::Weekly) => date.format("%G-W%V").to_string(),
        None => date.to_string(),
    }
}
