//! Which record holds each employee and period, to find duplicate rows (wide) and gather
//! an employee's cells (long). The index holds record positions only, not copies of the
//! names: a million rows cost 8 bytes each here, not two strings and a hash-map entry.

use std::hash::BuildHasher;

use foldhash::fast::FixedState;
use hashbrown::HashTable;

use crate::eval::dataset::Record;

/// Positions of records by (employee, period).
#[derive(Default)]
pub(crate) struct RecordIndex {
    positions: HashTable<usize>,
    hasher: FixedState,
}

impl RecordIndex {
    /// Room for `additional` more records.
    pub(crate) fn reserve(&mut self, additional: usize, records: &[Record]) {
        let hasher = &self.hasher;
        self.positions.reserve(additional, |&i| rehash(hasher, records, i));
    }

    /// The position of the record of `employee` in `period`.
    pub(crate) fn get(&self, records: &[Record], employee: &str, period: &str) -> Option<usize> {
        let hash = self.hasher.hash_one((employee, period));
        self.positions
            .find(hash, |&i| {
                records.get(i).is_some_and(|r| r.employee == employee && *r.period == *period)
            })
            .copied()
    }

    /// Index the record at `position` (not yet indexed).
    pub(crate) fn insert(&mut self, records: &[Record], position: usize) {
        let hasher = &self.hasher;
        let hash = rehash(hasher, records, position);
        self.positions.insert_unique(hash, position, |&i| rehash(hasher, records, i));
    }
}

fn rehash(hasher: &FixedState, records: &[Record], position: usize) -> u64 {
    records.get(position).map_or(0, |r| hasher.hash_one((r.employee.as_str(), &*r.period)))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::eval::dataset::Origin;

    fn record(employee: &str, period: &str) -> Record {
        Record {
            employee: employee.into(),
            period: period.into(),
            role: None,
            attributes: Default::default(),
            values: Default::default(),
            ratings: Default::default(),
            origin: Origin { file: Arc::from("x.csv"), row: 2 },
        }
    }

    #[test]
    fn finds_each_employee_and_period_and_nothing_else() {
        let mut records = Vec::new();
        let mut index = RecordIndex::default();
        for e in 0..2_000 {
            for p in ["2024-01", "2024-02"] {
                records.push(record(&format!("E{e}"), p));
                index.insert(&records, records.len() - 1);
            }
        }
        for (position, r) in records.iter().enumerate() {
            assert_eq!(index.get(&records, &r.employee, &r.period), Some(position));
        }
        assert_eq!(index.get(&records, "E1", "2024-03"), None);
        assert_eq!(index.get(&records, "E2000", "2024-01"), None);
        // Employee and period are not run together: "E1" + "12024-01" is another key.
        assert_eq!(index.get(&records, "E11", "2024-01"), Some(22));
        assert_eq!(index.get(&records, "E1", "12024-01"), None);
    }
}
