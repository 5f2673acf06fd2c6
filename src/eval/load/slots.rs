//! Where each cell of a wide row goes in its record's maps. A record's cells are flat maps
//! sorted by name; inserting a row's cells one by one in column order searches the map
//! (comparing names) for every cell. The order of the names is the same for every row of a
//! scheme, so it is found once, from the header, and each row's maps are laid out in it.

use litemap::LiteMap;
use rust_decimal::Decimal;

use crate::eval::dataset::Cell;

use super::expect::Key;
use super::layout::WideColumn;

/// One column a scheme reads, in its place in the record's map.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Slot {
    /// Index in the plan's value columns.
    pub column: usize,
    /// Whether it feeds the same name as the slot before it (a later non-empty cell wins,
    /// as inserting in column order would give).
    pub repeats: bool,
}

/// For one scheme: the columns of its measured values and of its ratings, each in the order
/// of the names in a record's map.
#[derive(Debug, Clone, Default)]
pub(crate) struct CellOrder {
    pub measured: Vec<Slot>,
    pub rated: Vec<Slot>,
}

impl CellOrder {
    /// The order of the value columns that scheme `scheme` reads.
    pub(crate) fn new(columns: &[WideColumn], scheme: usize) -> CellOrder {
        let mut measured: Vec<(usize, &Key)> = Vec::new();
        let mut rated: Vec<(usize, &Key)> = Vec::new();
        for (index, column) in columns.iter().enumerate() {
            let Some(Some(target)) = column.targets.get(scheme) else { continue };
            match target.key {
                Key::Value(_) => measured.push((index, &target.key)),
                Key::Rating(..) => rated.push((index, &target.key)),
            }
        }
        CellOrder { measured: slots(measured), rated: slots(rated) }
    }
}

/// Columns sorted (stably) by the name they feed, as the record's map orders it.
fn slots(mut keyed: Vec<(usize, &Key)>) -> Vec<Slot> {
    keyed.sort_by(|a, b| order(a.1).cmp(&order(b.1)));
    let mut slots = Vec::with_capacity(keyed.len());
    for (position, &(column, key)) in keyed.iter().enumerate() {
        let previous = position.checked_sub(1).and_then(|p| keyed.get(p)).map(|p| p.1);
        let repeats = previous.is_some_and(|p| order(p) == order(key));
        slots.push(Slot { column, repeats });
    }
    slots
}

/// A key as the maps compare it: the name, or (indicator, rater).
fn order(key: &Key) -> (&str, &str) {
    match key {
        Key::Value(name) => (name, ""),
        Key::Rating(indicator, rater) => (indicator, rater),
    }
}

/// One cell a scorer reads of a record ([`OnRead::cells`](super::OnRead::cells)): a value
/// by its name, or a rating by indicator and rater.
pub(crate) type Wanted<'a> = (&'a str, Option<&'a str>);

/// For one scheme: the value columns that feed each cell a scorer reads, so that a row's
/// cells are handed over by position ([`Feeds::cells`]) instead of in named maps.
#[derive(Debug, Clone, Default)]
pub(crate) struct Feeds {
    /// Per wanted cell, the columns that feed it.
    each: Vec<Vec<usize>>,
    /// Per wanted cell, its one column (if any), when no cell is fed by more than one (as
    /// in nearly every export): read without going through the lists.
    one: Option<Vec<Option<usize>>>,
}

impl Feeds {
    /// Per wanted cell, in order, the columns (indices in `columns`) that feed it for scheme
    /// `scheme`, in column order.
    pub(crate) fn new(columns: &[WideColumn], scheme: usize, wanted: &[Wanted<'_>]) -> Feeds {
        let feeds: Vec<Vec<usize>> = wanted
            .iter()
            .map(|&(name, rater)| {
                let feeds = |column: &WideColumn| match column.targets.get(scheme) {
                    Some(Some(target)) => match (&target.key, rater) {
                        (Key::Value(value), None) => **value == *name,
                        (Key::Rating(indicator, by), Some(rater)) => {
                            **indicator == *name && **by == *rater
                        }
                        _ => false,
                    },
                    _ => false,
                };
                columns.iter().enumerate().filter(|(_, c)| feeds(c)).map(|(i, _)| i).collect()
            })
            .collect();
        let one = feeds
            .iter()
            .map(|columns| match columns.as_slice() {
                [] => Some(None),
                [column] => Some(Some(*column)),
                _ => None,
            })
            .collect();
        Feeds { each: feeds, one }
    }

    /// The wanted cells of a row whose cells were read into `read` (`read[column]`, `None`
    /// when empty): of the columns feeding one cell, the last non-empty one, as a record's
    /// map holds it ([`lay_out`]).
    pub(crate) fn cells(&self, read: &[Option<Decimal>], row: usize, out: &mut Vec<Option<Cell>>) {
        out.clear();
        if let Some(one) = &self.one {
            let value = |column: &Option<usize>| read.get((*column)?).copied().flatten();
            out.extend(one.iter().map(|column| value(column).map(|value| Cell { value, row })));
            return;
        }
        for columns in &self.each {
            let value = columns.iter().rev().find_map(|&c| read.get(c).copied().flatten());
            out.push(value.map(|value| Cell { value, row }));
        }
    }
}

/// A record's map of the cells read (`read[column]`, `None` when empty or refused), laid
/// out in `slots`' order without a search; `key` gives each column's name in the map.
pub(crate) fn lay_out<K: PartialEq>(
    slots: &[Slot],
    read: &[Option<Decimal>],
    row: usize,
    key: impl Fn(usize) -> Option<K>,
) -> LiteMap<K, Cell> {
    let mut cells: Vec<(K, Cell)> = Vec::with_capacity(slots.len());
    for slot in slots {
        let (Some(Some(value)), Some(key)) = (read.get(slot.column), key(slot.column)) else {
            continue;
        };
        let cell = Cell { value: *value, row };
        match cells.last_mut() {
            Some(last) if slot.repeats && last.0 == key => last.1 = cell,
            _ => cells.push((key, cell)),
        }
    }
    LiteMap::from_sorted_store_unchecked(cells)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::eval::load::cell::ValueKind;
    use crate::eval::load::expect::Column;

    fn column(index: usize, key: Key) -> WideColumn {
        let kind = if matches!(key, Key::Value(_)) { ValueKind::Ratio } else { ValueKind::Rating };
        let target = Column { key, kind, indicator: None };
        WideColumn {
            index,
            name: Arc::from(format!("c{index}")),
            targets: vec![Some(Arc::new(target))],
        }
    }

    fn value(name: &str) -> Key {
        Key::Value(Arc::from(name))
    }

    fn rating(indicator: &str, rater: &str) -> Key {
        Key::Rating(Arc::from(indicator), Arc::from(rater))
    }

    #[test]
    fn cells_are_laid_out_as_inserting_them_in_column_order_would() {
        // Columns in no particular order, two of them feeding `b`, ratings among them.
        let columns = vec![
            column(0, value("zeta")),
            column(1, value("b")),
            column(2, rating("q", "self")),
            column(3, value("alpha")),
            column(4, rating("q", "manager")),
            column(5, value("b")),
        ];
        let order = CellOrder::new(&columns, 0);
        let key = |column: usize| match &columns[column].targets[0].as_ref()?.key {
            Key::Value(name) => Some(name.clone()),
            Key::Rating(..) => None,
        };
        let n = |v: i64| Some(Decimal::from(v));
        for read in [
            [n(1), n(2), n(3), n(4), n(5), n(6)],
            [n(1), n(2), n(3), None, n(5), None],
            [None, None, n(3), n(4), None, n(6)],
        ] {
            let mut expected: LiteMap<Arc<str>, Cell> = LiteMap::new();
            for (index, column) in columns.iter().enumerate() {
                if let (Some(v), Key::Value(name)) =
                    (read[index], &column.targets[0].as_ref().unwrap().key)
                {
                    expected.insert(name.clone(), Cell { value: v, row: 7 });
                }
            }
            assert_eq!(lay_out(&order.measured, &read, 7, key), expected, "{read:?}");
        }
        let rated = |column: usize| match &columns[column].targets[0].as_ref()?.key {
            Key::Rating(i, r) => Some((i.clone(), r.clone())),
            Key::Value(_) => None,
        };
        let ratings = lay_out(&order.rated, &[None, None, n(3), None, n(5), None], 7, rated);
        let names: Vec<(&str, &str)> = ratings.iter().map(|((i, r), _)| (&**i, &**r)).collect();
        assert_eq!(names, [("q", "manager"), ("q", "self")], "sorted as the map sorts them");
        assert_eq!(ratings.get(&(Arc::from("q"), Arc::from("self"))).map(|c| c.value), n(3));
    }

    #[test]
    fn cells_are_handed_over_as_the_records_maps_would_hold_them() {
        let columns = vec![
            column(0, value("b")),
            column(1, rating("q", "self")),
            column(2, value("a")),
            column(3, rating("q", "manager")),
            column(4, value("b")),
        ];
        let wanted = [("a", None), ("b", None), ("q", Some("manager")), ("q", Some("self"))];
        let wanted =
            [&wanted[..], &[("absent", None), ("q", Some("peer")), ("a", Some("x"))]].concat();
        let feeds = Feeds::new(&columns, 0, &wanted);
        let n = |v: i64| Some(Decimal::from(v));
        let mut cells = Vec::new();
        let value = |cells: &[Option<Cell>]| -> Vec<Option<Decimal>> {
            cells.iter().map(|c| c.map(|c| c.value)).collect()
        };
        feeds.cells(&[n(1), n(2), n(3), n(4), n(5)], 9, &mut cells);
        // `b` twice: the later column wins.
        assert_eq!(value(&cells), [n(3), n(5), n(4), n(2), None, None, None]);
        assert!(cells.iter().flatten().all(|c| c.row == 9));
        // ... unless it is empty.
        feeds.cells(&[n(1), None, n(3), None, None], 9, &mut cells);
        assert_eq!(value(&cells), [n(3), n(1), None, None, None, None, None]);
        // One column per cell (the last one left out): each its own.
        let single = Feeds::new(&columns[..4], 0, &wanted);
        assert!(single.one.is_some() && feeds.one.is_none());
        single.cells(&[n(1), n(2), n(3), n(4)], 9, &mut cells);
        assert_eq!(value(&cells), [n(3), n(1), n(4), n(2), None, None, None]);
        single.cells(&[None, n(2), n(3), None], 7, &mut cells);
        assert_eq!(value(&cells), [n(3), None, None, n(2), None, None, None]);
        assert!(cells.iter().flatten().all(|c| c.row == 7));
        // The same as the record's maps, cell for cell.
        for read in [[n(1), n(2), n(3), n(4), n(5)], [None, n(2), None, n(4), n(5)]] {
            let order = CellOrder::new(&columns, 0);
            let key = |column: usize| match &columns[column].targets[0].as_ref()?.key {
                Key::Value(name) => Some(name.clone()),
                Key::Rating(..) => None,
            };
            let rated = |column: usize| match &columns[column].targets[0].as_ref()?.key {
                Key::Rating(i, r) => Some((i.clone(), r.clone())),
                Key::Value(_) => None,
            };
            let values = lay_out(&order.measured, &read, 9, key);
            let ratings = lay_out(&order.rated, &read, 9, rated);
            feeds.cells(&read, 9, &mut cells);
            for ((name, rater), cell) in wanted.iter().zip(&cells) {
                let held = match rater {
                    None => values.get(*name),
                    Some(rater) => ratings.get(&(Arc::from(*name), Arc::from(*rater))),
                };
                assert_eq!(held, cell.as_ref(), "{name} {rater:?} in {read:?}");
            }
        }
    }
}
