//! The long layout's rows: each row is one value (or rating) of one employee in one period;
//! rows of the same employee and period are gathered into one record, in whatever order
//! they come. Unknown indicator names warn once and their rows are skipped.

use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::eval::dataset::Cell;

use super::assemble::{Assembler, insert};
use super::expect::{Column, Key};
use super::layout::KeyColumns;
use super::sink::Row;

impl Assembler<'_> {
    pub(super) fn long_row(
        &mut self,
        keys: &KeyColumns,
        indicator: usize,
        value: usize,
        rater: Option<usize>,
        row: &dyn Row,
    ) {
        let Some((employee, period, role, scheme)) = self.keys(keys, row) else { return };
        let indicator_name = row.cell(indicator).shown();
        let rater_name = rater.map(|r| row.cell(r).shown()).unwrap_or_default();
        if indicator_name.is_empty() {
            let message = format!(
                "{}: the indicator is empty",
                self.sink.place(row.number(), Some("indicator"))
            );
            let help = "name the indicator by its id, e.g. `conversion`";
            self.sink.push(
                Diagnostic::error("data::missing-indicator", message).with_help(help),
                Some(row),
                Some(indicator),
            );
            return;
        }
        let Some((name, target)) =
            self.long_target(scheme, &indicator_name, &rater_name, row, indicator)
        else {
            return;
        };
        let position = match self.index.get(&self.records, &employee, &period) {
            Some(position) => position,
            None => {
                let record = self.new_record(employee.clone(), period, role.clone(), keys, row);
                self.records.push(record);
                let position = self.records.len() - 1;
                self.index.insert(&self.records, position);
                position
            }
        };
        if self.records[position].role != role {
            let message = format!(
                "{}: employee {employee} has role `{}` here and `{}` in {} {}",
                self.sink.place(row.number(), Some("role")),
                role.unwrap_or_default(),
                self.records[position].role.clone().unwrap_or_default(),
                self.sink.row_word,
                self.records[position].origin.row,
            );
            let help = "give each employee one role per period";
            self.sink.push(
                Diagnostic::error("data::conflicting-role", message).with_help(help),
                Some(row),
                keys.role,
            );
            return;
        }
        self.present[scheme].0.insert(name.clone());
        let cell = row.cell(value);
        let column = self.long_value_column.clone();
        let Some(number) = self.read(&employee, &target, &cell, row, value, &column) else {
            return;
        };
        let record = &mut self.records[position];
        let existing = match &target.key {
            Key::Value(key) => record.values.get(key),
            Key::Rating(i, r) => record.ratings.get(&(i.clone(), r.clone())),
        };
        if let Some(existing) = existing {
            let message = format!(
                "{} {}s {} and {} both hold {name} of employee {employee} in period {}",
                self.sink.label,
                self.sink.row_word,
                existing.row,
                row.number(),
                record.period
            );
            let help = "keep one row per employee, period, indicator and rater";
            self.sink.push(
                Diagnostic::error("data::duplicate-row", message).with_help(help),
                Some(row),
                None,
            );
            return;
        }
        insert(record, &target.key, Cell { value: number, row: row.number() });
    }

    /// The data name and target of a long-layout row; unknown names warn once and are skipped.
    fn long_target(
        &mut self,
        scheme: usize,
        indicator: &str,
        rater: &str,
        row: &dyn Row,
        column: usize,
    ) -> Option<(String, Arc<Column>)> {
        let expected = &self.schemes[scheme];
        let mut name =
            if rater.is_empty() { indicator.to_string() } else { format!("{indicator}@{rater}") };
        if rater.is_empty() && !expected.columns.contains_key(&name) {
            let prefix = format!("{indicator}@");
            let raters: Vec<&String> =
                expected.columns.keys().filter(|k| k.starts_with(&prefix)).collect();
            if let [only] = raters[..] {
                name = only.clone();
            }
        }
        if let Some(target) = expected.columns.get(&name) {
            return Some((name, target.clone()));
        }
        if !self.warned_names.contains(&name) {
            let candidates = expected.columns.keys().map(String::as_str);
            let near = super::expect::near_matches(&name, candidates);
            let (code, message, help) = if expected.derived.contains(&name) {
                (
                    "data::derived-column",
                    format!(
                        "{}: rows for {name} are ignored: the scheme computes it with a hook",
                        self.sink.place(row.number(), Some("indicator"))
                    ),
                    "remove these rows, or give the hook's inputs instead".to_string(),
                )
            } else {
                let help = if near.is_empty() {
                    "name the indicator by its id; ratings need the `rater` column (or `indicator@rater`)".to_string()
                } else {
                    format!("did you mean {}?", super::expect::one_of(&near))
                };
                (
                    "data::unknown-column",
                    format!(
                        "{}: `{name}` matches no indicator of the scheme; its rows are ignored",
                        self.sink.place(row.number(), Some("indicator"))
                    ),
                    help,
                )
            };
            self.warned_names.insert(name);
            self.sink.push(
                Diagnostic::warning(code, message).with_help(help),
                Some(row),
                Some(column),
            );
        }
        None
    }
}
