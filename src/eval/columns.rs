//! Metric data stored by column: one entry per record (an employee in a period) in each of
//! a few dense arrays. Text is interned ([`Strings`]), values are packed exact decimals
//! ([`PackedColumn`]) in one column per data name (`conversion`, `quality@manager`). A
//! million records of twenty indicators take a few dozen megabytes, and reading a value is
//! an index into an array, not a lookup by name.

use std::collections::HashMap;
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::eval::dataset::{Cell, Origin, Record};
use crate::eval::packed::PackedColumn;
use crate::eval::strings::Strings;

/// What a value column holds: an indicator's (or raw column's) value, or one rater's rating.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DataKey {
    /// `conversion`, or a raw column read by a hook (`refunds`).
    Value(String),
    /// `(indicator, rater)`: `quality@manager`.
    Rating(String, String),
}

/// No id: an absent role or attribute.
const NONE: u32 = u32::MAX;

/// A text column other than employee, period and role (`team`, `name`): usable as a
/// ranking scope.
#[derive(Debug, Clone, Default, PartialEq)]
struct Attribute {
    name: String,
    /// Label id per record (`NONE` when absent); may be shorter than the records.
    values: Vec<u32>,
}

/// One value column: the values and, when they differ from their record's row (the long
/// layout: one row per value), the row each value was read from.
#[derive(Debug, Clone, Default, PartialEq)]
struct ValueColumn {
    values: PackedColumn,
    rows: Option<Vec<u32>>,
}

/// Every record of one or more data files, by column.
#[derive(Debug, Clone, Default)]
pub struct Columns {
    employees: Strings,
    /// Period labels, roles and attribute values.
    labels: Strings,
    files: Vec<Arc<str>>,
    employee: Vec<u32>,
    period: Vec<u32>,
    role: Vec<u32>,
    file: Vec<u16>,
    row: Vec<u32>,
    attributes: Vec<Attribute>,
    keys: Vec<DataKey>,
    key_slots: HashMap<DataKey, usize>,
    columns: Vec<ValueColumn>,
}

fn id_of(strings: &mut Strings, text: Option<&str>) -> u32 {
    text.map_or(NONE, |t| strings.intern(t))
}

fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

impl Columns {
    /// No records.
    pub fn new() -> Self {
        Columns::default()
    }

    /// The number of records.
    pub fn len(&self) -> usize {
        self.employee.len()
    }

    /// True without records.
    pub fn is_empty(&self) -> bool {
        self.employee.is_empty()
    }

    /// Reserve room for `more` records.
    pub fn reserve(&mut self, more: usize) {
        self.employee.reserve(more);
        self.period.reserve(more);
        self.role.reserve(more);
        self.file.reserve(more);
        self.row.reserve(more);
    }

    /// Add a record; returns its index. `file` is the data file as the user named it, `row`
    /// the 1-based row (or record number) the record starts at.
    pub fn push(
        &mut self,
        employee: &str,
        period: &str,
        role: Option<&str>,
        file: &str,
        row: usize,
    ) -> usize {
        let file = match self.files.iter().position(|f| &**f == file) {
            Some(index) => index,
            None => {
                self.files.push(Arc::from(file));
                self.files.len() - 1
            }
        };
        self.employee.push(self.employees.intern(employee));
        self.period.push(self.labels.intern(period));
        let role = id_of(&mut self.labels, role);
        self.role.push(role);
        self.file.push(u16::try_from(file).unwrap_or(u16::MAX));
        self.row.push(to_u32(row));
        self.employee.len() - 1
    }

    /// Set a text attribute (`team`) of record `index`.
    pub fn set_attribute(&mut self, index: usize, name: &str, value: &str) {
        let column = match self.attributes.iter().position(|a| a.name == name) {
            Some(column) => column,
            None => {
                self.attributes.push(Attribute { name: name.to_string(), values: Vec::new() });
                self.attributes.len() - 1
            }
        };
        let id = self.labels.intern(value);
        let values = &mut self.attributes[column].values;
        if values.len() <= index {
            values.resize(index + 1, NONE);
        }
        values[index] = id;
    }

    /// The slot of a value column, added when new.
    pub fn slot(&mut self, key: DataKey) -> usize {
        if let Some(&slot) = self.key_slots.get(&key) {
            return slot;
        }
        self.keys.push(key.clone());
        self.columns.push(ValueColumn::default());
        self.key_slots.insert(key, self.keys.len() - 1);
        self.keys.len() - 1
    }

    /// The slot of a value column, when the data has it.
    pub fn find_slot(&self, key: &DataKey) -> Option<usize> {
        self.key_slots.get(key).copied()
    }

    /// The slot of `Value(name)`, without allocating a key.
    pub fn find_value_slot(&self, name: &str) -> Option<usize> {
        self.keys.iter().position(|k| matches!(k, DataKey::Value(n) if n == name))
    }

    /// Every value column's key, by slot.
    pub fn keys(&self) -> &[DataKey] {
        &self.keys
    }

    /// Set the value in `slot` of record `index`; `row` is the row the value was read from
    /// when it differs from the record's (long layout).
    pub fn set_value(&mut self, index: usize, slot: usize, value: Decimal, row: Option<usize>) {
        let Some(column) = self.columns.get_mut(slot) else { return };
        column.values.set(index, Some(value));
        if let Some(row) = row {
            let rows = column.rows.get_or_insert_with(Vec::new);
            if rows.len() <= index {
                rows.resize(index + 1, 0);
            }
            rows[index] = to_u32(row);
        }
    }

    /// The value in `slot` of record `index`.
    #[inline]
    pub fn value(&self, index: usize, slot: usize) -> Option<Decimal> {
        self.columns.get(slot)?.values.get(index)
    }

    /// Whether record `index` has a value in `slot`.
    pub fn has_value(&self, index: usize, slot: usize) -> bool {
        self.value(index, slot).is_some()
    }

    /// The row the value in `slot` of record `index` was read from.
    pub fn value_row(&self, index: usize, slot: usize) -> usize {
        let own = self.columns.get(slot).and_then(|c| c.rows.as_ref()?.get(index).copied());
        match own {
            Some(row) if row != 0 => row as usize,
            _ => self.row(index),
        }
    }

    /// The employee of record `index`.
    pub fn employee(&self, index: usize) -> &str {
        self.employees.get(self.employee.get(index).copied().unwrap_or(NONE))
    }

    /// The employee id of record `index` (dense, see [`Columns::employees`]).
    pub fn employee_id(&self, index: usize) -> u32 {
        self.employee.get(index).copied().unwrap_or(NONE)
    }

    /// Every employee, by id.
    pub fn employees(&self) -> &Strings {
        &self.employees
    }

    /// The period label of record `index`.
    pub fn period(&self, index: usize) -> &str {
        self.labels.get(self.period_id(index))
    }

    /// The id of the period label of record `index` (see [`Columns::label`]).
    pub fn period_id(&self, index: usize) -> u32 {
        self.period.get(index).copied().unwrap_or(NONE)
    }

    /// A label (period, role or attribute value) by id.
    pub fn label(&self, id: u32) -> &str {
        self.labels.get(id)
    }

    /// The role of record `index`.
    pub fn role(&self, index: usize) -> Option<&str> {
        let id = self.role.get(index).copied().filter(|&r| r != NONE)?;
        Some(self.labels.get(id))
    }

    /// The data file of record `index`.
    pub fn file(&self, index: usize) -> &Arc<str> {
        static UNKNOWN: std::sync::OnceLock<Arc<str>> = std::sync::OnceLock::new();
        let file = self.file.get(index).and_then(|&f| self.files.get(usize::from(f)));
        file.unwrap_or_else(|| UNKNOWN.get_or_init(|| Arc::from("")))
    }

    /// The 1-based row (or record number) record `index` starts at.
    pub fn row(&self, index: usize) -> usize {
        self.row.get(index).copied().unwrap_or(0) as usize
    }

    /// Where record `index` was read.
    pub fn origin(&self, index: usize) -> Origin {
        Origin { file: self.file(index).clone(), row: self.row(index) }
    }

    /// The attribute column called `name`.
    pub fn attribute_column(&self, name: &str) -> Option<usize> {
        self.attributes.iter().position(|a| a.name == name)
    }

    /// The label id of attribute column `column` of record `index`.
    pub fn attribute_id(&self, index: usize, column: usize) -> Option<u32> {
        let id = *self.attributes.get(column)?.values.get(index)?;
        (id != NONE).then_some(id)
    }

    /// The attribute `name` of record `index`.
    pub fn attribute(&self, index: usize, name: &str) -> Option<&str> {
        let id = self.attribute_id(index, self.attribute_column(name)?)?;
        Some(self.labels.get(id))
    }

    /// Record `index` as an owned [`Record`] (for small data: tests, calibration).
    pub fn record(&self, index: usize) -> Record {
        let origin = self.origin(index);
        let mut record = Record {
            employee: self.employee(index).to_string(),
            period: self.period(index).to_string(),
            role: self.role(index).map(String::from),
            attributes: Default::default(),
            values: Default::default(),
            ratings: Default::default(),
            origin: origin.clone(),
        };
        for attribute in &self.attributes {
            if let Some(&id) = attribute.values.get(index).filter(|&&id| id != NONE) {
                record.attributes.insert(attribute.name.clone(), self.labels.get(id).to_string());
            }
        }
        for (slot, key) in self.keys.iter().enumerate() {
            let Some(value) = self.value(index, slot) else { continue };
            let row = self.value_row(index, slot);
            let origin = Origin { file: origin.file.clone(), row };
            match key {
                DataKey::Value(name) => {
                    let column = Arc::from(name.as_str());
                    record.values.insert(name.clone(), Cell { value, column, origin });
                }
                DataKey::Rating(indicator, rater) => {
                    let column = Arc::from(format!("{indicator}@{rater}"));
                    let cell = Cell { value, column, origin };
                    record.ratings.insert((indicator.clone(), rater.clone()), cell);
                }
            }
        }
        record
    }

    /// Every record as an owned [`Record`].
    pub fn records(&self) -> Vec<Record> {
        (0..self.len()).map(|i| self.record(i)).collect()
    }

    /// Add an owned record; returns its index.
    pub fn push_record(&mut self, record: &Record) -> usize {
        let index = self.push(
            &record.employee,
            &record.period,
            record.role.as_deref(),
            &record.origin.file,
            record.origin.row,
        );
        for (name, value) in &record.attributes {
            self.set_attribute(index, name, value);
        }
        let cells = record.values.iter().map(|(name, cell)| (DataKey::Value(name.clone()), cell));
        let ratings = record
            .ratings
            .iter()
            .map(|((indicator, rater), cell)| (DataKey::Rating(indicator.clone(), rater.clone()), cell));
        for (key, cell) in cells.chain(ratings) {
            let slot = self.slot(key);
            let row = (cell.origin.row != record.origin.row).then_some(cell.origin.row);
            self.set_value(index, slot, cell.value, row);
        }
        index
    }

    /// Records built from owned records, in order.
    pub fn from_records(records: &[Record]) -> Self {
        let mut columns = Columns::new();
        columns.reserve(records.len());
        for record in records {
            columns.push_record(record);
        }
        columns
    }

    /// Append every record of `other` (read separately, e.g. a chunk of a file read in
    /// parallel), keeping their order.
    pub fn append(&mut self, other: &Columns) {
        let base = self.len();
        let employees: Vec<u32> = other.employees.iter().map(|e| self.employees.intern(e)).collect();
        let labels: Vec<u32> = other.labels.iter().map(|l| self.labels.intern(l)).collect();
        let files: Vec<u16> = other
            .files
            .iter()
            .map(|f| match self.files.iter().position(|g| g == f) {
                Some(i) => u16::try_from(i).unwrap_or(u16::MAX),
                None => {
                    self.files.push(f.clone());
                    u16::try_from(self.files.len() - 1).unwrap_or(u16::MAX)
                }
            })
            .collect();
        let map = |table: &[u32], id: u32| table.get(id as usize).copied().unwrap_or(NONE);
        self.reserve(other.len());
        self.employee.extend(other.employee.iter().map(|&e| map(&employees, e)));
        self.period.extend(other.period.iter().map(|&p| map(&labels, p)));
        self.role.extend(other.role.iter().map(|&r| map(&labels, r)));
        self.file.extend(other.file.iter().map(|&f| files.get(usize::from(f)).copied().unwrap_or(0)));
        self.row.extend_from_slice(&other.row);
        for attribute in &other.attributes {
            let column = match self.attribute_column(&attribute.name) {
                Some(column) => column,
                None => {
                    let name = attribute.name.clone();
                    self.attributes.push(Attribute { name, values: Vec::new() });
                    self.attributes.len() - 1
                }
            };
            let values = &mut self.attributes[column].values;
            values.resize(base, NONE);
            values.extend(attribute.values.iter().map(|&v| map(&labels, v)));
        }
        for (key, column) in other.keys.iter().zip(&other.columns) {
            let slot = self.slot(key.clone());
            let mine = &mut self.columns[slot];
            mine.values.resize(base);
            mine.values.append(&column.values);
            if let Some(rows) = &column.rows {
                let own = mine.rows.get_or_insert_with(Vec::new);
                own.resize(base, 0);
                own.extend_from_slice(rows);
            }
        }
    }
}
