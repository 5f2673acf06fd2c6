//! Points already computed, remembered per indicator for the values met most recently.
//!
//! A scoring rule (a curve, bands, a ratio, pass/fail) or a rating scale gives the same
//! points for the same value, to the bit: points depend on nothing but the rule and the
//! value. Exported metrics repeat their values a great deal (a percent with one decimal has
//! a thousand values; a rating, five), so a reading thread keeps, per indicator, a small
//! table of the last points computed for each value, and computes again only on a miss.
//! The key is the whole decimal, scale and sign included (`1.0` and `1.00` are two keys),
//! so a hit returns exactly what the rule would.
//!
//! The same tables, keyed by a cell's short text ([`ShortText`]), let the loader read a
//! text met again in a column without parsing it again (`load::assemble`).

use std::sync::Arc;

use rust_decimal::Decimal;

use crate::eval::denoise;
use crate::eval::period::PeriodLabel;
use crate::eval::scored::Spare;
use crate::eval::shown::Shown;

/// Slots per table: a direct-mapped table (a key goes to one slot, by hash).
const SLOTS: usize = 1 << 10;

/// A key of a [`Table`]: compared whole, hashed to its slot, with one value no real key has.
pub(crate) trait Key: Copy + Eq {
    /// The key of an empty slot.
    const EMPTY: Self;
    /// A 64-bit hash of the key.
    fn hash(&self) -> u64;
}

/// A decimal, scale and sign included, as its 16 bytes.
impl Key for u128 {
    /// No decimal: the low 16 bits of a decimal's flags are always zero.
    const EMPTY: u128 = u128::MAX;

    fn hash(&self) -> u64 {
        (*self as u64) ^ ((*self >> 64) as u64).rotate_left(29)
    }
}

/// The values last computed for the keys met most recently; a miss forgets the key that
/// held the slot.
///
/// A table whose keys hardly repeat (amounts of money, each its own) stops remembering:
/// each lookup would miss and push a slot of another column's values out of the cache.
#[derive(Debug)]
pub(crate) struct Table<K, V> {
    slots: Box<[(K, V)]>,
    /// Lookups and hits so far, until the table is judged ([`TRIAL`]).
    lookups: u32,
    hits: u32,
    /// Whether the keys repeated too seldom: values are then computed every time.
    off: bool,
}

/// Lookups after which a table is judged.
const TRIAL: u32 = 4096;

impl<K: Key, V: Copy + Default> Default for Table<K, V> {
    fn default() -> Self {
        let slots = vec![(K::EMPTY, V::default()); SLOTS].into_boxed_slice();
        Table { slots, lookups: 0, hits: 0, off: false }
    }
}

impl<K: Key, V: Copy> Table<K, V> {
    /// The value of `key`: remembered, or computed by `compute` and remembered when it
    /// gives one.
    pub(crate) fn get_or<E>(
        &mut self,
        key: K,
        compute: impl FnOnce() -> Result<V, E>,
    ) -> Result<V, E> {
        self.get_or_kept(key, compute, |value| value)
    }

    /// [`get_or`](Table::get_or), with `keep` applied to a value computed before it is
    /// remembered, and only then: what is worth making once per key, not once per lookup.
    pub(crate) fn get_or_kept<E>(
        &mut self,
        key: K,
        compute: impl FnOnce() -> Result<V, E>,
        keep: impl FnOnce(V) -> V,
    ) -> Result<V, E> {
        if self.off {
            return compute();
        }
        if self.lookups < TRIAL {
            self.lookups += 1;
        } else if self.hits < TRIAL / 2 {
            // Fewer than half the lookups found their key: remembering costs more than it
            // saves.
            self.off = true;
            self.slots = Box::default();
            return compute();
        }
        let hashed = key.hash().wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let at = (hashed >> (64 - SLOTS.trailing_zeros())) as usize;
        let Some(slot) = self.slots.get_mut(at) else { return compute() };
        if slot.0 == key {
            self.hits = self.hits.saturating_add(1);
            return Ok(slot.1);
        }
        let value = keep(compute()?);
        *slot = (key, value);
        Ok(value)
    }
}

/// Tables indexed by two numbers (a scheme and one of its nodes or columns), each
/// allocated on first use.
#[derive(Debug)]
pub(crate) struct Tables<K, V> {
    tables: Vec<Vec<Option<Table<K, V>>>>,
}

impl<K, V> Default for Tables<K, V> {
    fn default() -> Self {
        Tables { tables: Vec::new() }
    }
}

impl<K: Key, V: Copy + Default> Tables<K, V> {
    /// Table `(outer, inner)`; `None` only if the index cannot be held.
    #[inline]
    pub(crate) fn table(&mut self, (outer, inner): (usize, usize)) -> Option<&mut Table<K, V>> {
        let row = self.tables.get(outer);
        if !row.and_then(|row| row.get(inner)).is_some_and(Option::is_some) {
            self.make(outer, inner);
        }
        self.tables.get_mut(outer)?.get_mut(inner)?.as_mut()
    }

    /// Allocate table `(outer, inner)`, the first time it is asked for.
    #[cold]
    fn make(&mut self, outer: usize, inner: usize) {
        if self.tables.len() <= outer {
            self.tables.resize_with(outer + 1, Vec::new);
        }
        if let Some(row) = self.tables.get_mut(outer) {
            if row.len() <= inner {
                row.resize_with(inner + 1, || None);
            }
            if let Some(slot) = row.get_mut(inner) {
                slot.get_or_insert_with(Table::default);
            }
        }
    }
}

/// A short text (at most 15 bytes) as a key: its bytes, little-endian, in one number, and
/// its length in the last byte. (Nearly every cell of an export is that short; a longer
/// one is read every time.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ShortText(u128);

impl ShortText {
    /// The key of `text`; `None` when it is too long to be one.
    pub(crate) fn new(text: &str) -> Option<ShortText> {
        let bytes = text.as_bytes();
        if bytes.len() > 15 {
            return None;
        }
        let (first, rest) = bytes.split_at(bytes.len().min(8));
        // Eight bytes at once when there are eight, else one at a time.
        let word = |part: &[u8]| match part.first_chunk::<8>() {
            Some(eight) => u64::from_le_bytes(*eight),
            None => part.iter().rev().fold(0, |word, &byte| word << 8 | u64::from(byte)),
        };
        let length = (bytes.len() as u128) << 120;
        Some(ShortText(u128::from(word(first)) | u128::from(word(rest)) << 64 | length))
    }
}

impl Key for ShortText {
    /// No text: its length would be 255.
    const EMPTY: ShortText = ShortText(u128::MAX);

    fn hash(&self) -> u64 {
        self.0.hash()
    }
}

/// Per scheme, per indicator (plan node), the points last computed for each value held;
/// the period label last read; and the room of the last score packed. One per reading
/// thread; it starts empty and allocates an indicator's table on first use.
#[derive(Debug, Default)]
pub(crate) struct Memo {
    /// The points, and the text of the same without noise ([`Shown`]).
    points: Tables<u128, (Decimal, Shown)>,
    /// Room for a text being made.
    text: Vec<u8>,
    /// The label of the period text last read, with the scheme it was read for: rows come
    /// a period at a time, sharing one text.
    period: Option<(Arc<str>, usize, PeriodLabel)>,
    /// The room of the last score packed, for the next record's.
    pub(crate) spare: Spare,
}

impl Memo {
    /// The label of period `text` for scheme `scheme`: the last one if the text is the
    /// same shared text, else read by `read`.
    pub(crate) fn period<E>(
        &mut self,
        scheme: usize,
        text: &Arc<str>,
        read: impl FnOnce() -> Result<PeriodLabel, E>,
    ) -> Result<PeriodLabel, E> {
        if let Some((last, at, label)) = &self.period {
            if Arc::ptr_eq(last, text) && *at == scheme {
                return Ok(*label);
            }
        }
        let label = read()?;
        self.period = Some((text.clone(), scheme, label));
        Ok(label)
    }

    /// The points of `value` for node `node` of scheme `scheme`: remembered, or computed
    /// by `compute` and remembered when it gives points.
    #[cfg(test)]
    pub(crate) fn points<E>(
        &mut self,
        at: (usize, usize),
        value: Decimal,
        compute: impl FnOnce(Decimal) -> Result<Decimal, E>,
    ) -> Result<Decimal, E> {
        self.points_shown(at, value, compute).map(|(points, _)| points)
    }

    /// [`points`](Memo::points), and the text of the same without noise ([`Shown::of`]
    /// `denoise` of them) when they are remembered: what a packed score keeps of them, and
    /// the CSV prints, made once per value remembered. [`Shown::NONE`] when the points are
    /// not remembered (a table whose values hardly repeat).
    pub(crate) fn points_shown<E>(
        &mut self,
        at: (usize, usize),
        value: Decimal,
        compute: impl FnOnce(Decimal) -> Result<Decimal, E>,
    ) -> Result<(Decimal, Shown), E> {
        let key = u128::from_le_bytes(value.serialize());
        let compute = || compute(value).map(|points| (points, Shown::NONE));
        let Memo { points, text, .. } = self;
        match points.table(at) {
            Some(table) => table.get_or_kept(key, compute, |(points, _)| {
                (points, Shown::of(denoise(points), text))
            }),
            None => compute(),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::cell::Cell;

    use proptest::prelude::*;

    use super::*;
    use crate::eval::score::{Rule, RuleKind};
    use crate::eval::testing::d;

    #[test]
    fn a_period_label_is_read_once_per_shared_text_and_scheme() {
        use crate::ast::Period;
        let mut memo = Memo::default();
        let reads = Cell::new(0);
        let read = |text: &str| {
            reads.set(reads.get() + 1);
            PeriodLabel::parse(text, Period::Monthly)
        };
        let june: Arc<str> = Arc::from("2011-06");
        let label = memo.period(0, &june, || read(&june)).unwrap();
        assert_eq!(memo.period(0, &june.clone(), || read(&june)), Ok(label));
        assert_eq!(reads.get(), 1);
        // Another text (even equal), another scheme: read again.
        let july: Arc<str> = Arc::from("2011-07");
        assert_ne!(memo.period(0, &july, || read(&july)), Ok(label));
        let again: Arc<str> = Arc::from("2011-06");
        assert_eq!(memo.period(0, &again, || read(&again)), Ok(label));
        assert_eq!(memo.period(1, &again, || read(&again)), Ok(label));
        assert_eq!(reads.get(), 4);
        // An error is not remembered.
        let bad: Arc<str> = Arc::from("June");
        assert!(memo.period(0, &bad, || read(&bad)).is_err());
        assert!(memo.period(0, &bad, || read(&bad)).is_err());
        assert_eq!(reads.get(), 6);
    }

    #[test]
    fn a_value_is_computed_once_and_then_remembered() {
        let mut memo = Memo::default();
        let calls = Cell::new(0);
        let double = |v: Decimal| -> Result<Decimal, ()> {
            calls.set(calls.get() + 1);
            Ok(v * Decimal::TWO)
        };
        assert_eq!(memo.points((0, 3), d("1.5"), double), Ok(d("3.0")));
        assert_eq!(memo.points((0, 3), d("1.5"), double), Ok(d("3.0")));
        assert_eq!(calls.get(), 1);
        // Another scale, another node, another scheme: each its own key.
        assert_eq!(memo.points((0, 3), d("1.50"), double).unwrap().to_string(), "3.00");
        assert_eq!(memo.points((0, 4), d("1.5"), double), Ok(d("3.0")));
        assert_eq!(memo.points((2, 3), d("1.5"), double), Ok(d("3.0")));
        assert_eq!(calls.get(), 4);
    }

    #[test]
    fn a_short_text_is_its_own_key_and_a_long_one_none() {
        let key = |text: &str| ShortText::new(text);
        assert!(key("").is_some() && key("").ne(&key("\0")), "empty and a NUL byte differ");
        assert!(key("12.5%").ne(&key("12.5")));
        assert!(key(&"9".repeat(15)).is_some());
        assert!(key(&"9".repeat(16)).is_none(), "16 bytes do not fit with the length");
        assert!(key("1").is_some_and(|k| k != ShortText::EMPTY));
        // Every byte counts, in its place: texts of every length up to 15.
        let texts: Vec<String> = (0..=15)
            .flat_map(|n| {
                ["0123456789abcde", "0123456789abcdf", "1123456789abcde"]
                    .map(|t| t[..n].to_string())
            })
            .chain(["12.5 %".to_string(), "12.5%".to_string(), "\0".to_string()])
            .collect();
        let keys: std::collections::BTreeSet<u128> =
            texts.iter().map(|t| key(t).unwrap().0).collect();
        let distinct: std::collections::BTreeSet<&String> = texts.iter().collect();
        assert_eq!(keys.len(), distinct.len(), "one key per text");
    }

    #[test]
    fn a_table_whose_keys_seldom_repeat_stops_remembering() {
        let calls = Cell::new(0);
        let double = |key: u128| {
            calls.set(calls.get() + 1);
            Ok::<_, ()>(key * 2)
        };
        let trial = u128::from(TRIAL);
        // Every key new: after the trial, a key met again is computed again.
        let mut unique: Table<u128, u128> = Table::default();
        for key in 0..trial + 1 {
            assert_eq!(unique.get_or(key, || double(key)), Ok(key * 2));
        }
        calls.set(0);
        for _ in 0..3 {
            assert_eq!(unique.get_or(7, || double(7)), Ok(14));
        }
        assert_eq!(calls.get(), 3);
        // Ten keys over and over: still remembered after the trial.
        let mut repeating: Table<u128, u128> = Table::default();
        for at in 0..trial + 1 {
            assert_eq!(repeating.get_or(at % 10, || double(at % 10)), Ok(at % 10 * 2));
        }
        calls.set(0);
        for _ in 0..3 {
            assert_eq!(repeating.get_or(7, || double(7)), Ok(14));
        }
        assert_eq!(calls.get(), 0);
    }

    #[test]
    fn an_error_is_not_remembered() {
        let mut memo = Memo::default();
        let calls = Cell::new(0);
        let fails = |_: Decimal| -> Result<Decimal, &str> {
            calls.set(calls.get() + 1);
            Err("no band")
        };
        assert_eq!(memo.points((0, 0), Decimal::ONE, fails), Err("no band"));
        assert_eq!(memo.points((0, 0), Decimal::ONE, fails), Err("no band"));
        assert_eq!(calls.get(), 2);
    }

    /// The text `shown` holds, as the CSV prints it.
    fn printed(shown: Shown) -> Option<Vec<u8>> {
        let mut packed = Vec::new();
        shown.pack(shown.len(), &mut packed);
        let mut out = Vec::new();
        Shown::print(&packed, shown.len(), &mut out);
        shown.is_some().then_some(out)
    }

    /// What the CSV prints of `points` (without noise).
    fn printed_decimal(points: Decimal) -> Vec<u8> {
        let mut out = Vec::new();
        crate::report::digits::push_normalized(&mut out, denoise(points));
        out
    }

    #[test]
    fn a_text_is_made_only_for_points_remembered() {
        let rule = Rule {
            kind: RuleKind::Ratio { target: d("1"), cap: d("1E9"), lower_is_better: false },
            target: None,
        };
        let mut memo = Memo::default();
        let (_, shown) = memo.points_shown((0, 0), d("2.5"), |v| rule.points(v)).unwrap();
        assert_eq!(printed(shown), Some(b"250".to_vec()), "remembered: with its text");
        // Values that never repeat: the table stops remembering, and no text is made.
        let mut last = Shown::default();
        for n in 0..(2 * TRIAL as i64 + 10) {
            last = memo.points_shown((0, 0), Decimal::new(n, 2), |v| rule.points(v)).unwrap().1;
        }
        assert_eq!(last, Shown::NONE);
        assert_eq!(memo.points((0, 0), d("2.5"), |v| rule.points(v)), Ok(d("250.0")));
    }

    proptest! {
        /// Through the memo, a curve gives every value the very decimal (scale included)
        /// the rule gives it, however the values collide in the table.
        #[test]
        fn remembered_points_are_the_rules_own(
            values in prop::collection::vec((-20_000i64..20_000, 0u32..4), 1..3_000),
        ) {
            let rule = Rule {
                kind: RuleKind::Curve(vec![(d("20"), d("0")), (d("45"), d("100")), (d("60"), d("120"))]),
                target: None,
            };
            let mut memo = Memo::default();
            for (mantissa, scale) in values {
                let value = Decimal::new(mantissa, scale);
                let remembered = memo.points((0, 0), value, |v| rule.points(v)).unwrap();
                let (points, shown) =
                    memo.points_shown((0, 0), value, |v| rule.points(v)).unwrap();
                prop_assert_eq!(points.serialize(), remembered.serialize());
                // The text remembered is what the CSV prints of the points.
                prop_assert_eq!(printed(shown), Some(printed_decimal(points)));
                let computed = rule.points(value).unwrap();
                prop_assert_eq!(remembered.serialize(), computed.serialize());
            }
        }
    }
}
