//! Points already computed, remembered per indicator for the values met most recently.
//!
//! A scoring rule (a curve, bands, a ratio, pass/fail) or a rating scale gives the same
//! points for the same value, to the bit: points depend on nothing but the rule and the
//! value. Exported metrics repeat their values a great deal (a percent with one decimal has
//! a thousand values; a rating, five), so a reading thread keeps, per indicator, a small
//! table of the last points computed for each value, and computes again only on a miss.
//! The key is the whole decimal, scale and sign included (`1.0` and `1.00` are two keys),
//! so a hit returns exactly what the rule would.

use rust_decimal::Decimal;

/// Slots per indicator: a direct-mapped table (a value goes to one slot, by hash).
const SLOTS: usize = 1 << 10;

/// A key no decimal has: the low 16 bits of a decimal's flags are always zero.
const EMPTY: u128 = u128::MAX;

/// Per scheme, per indicator (plan node), the points last computed for each value held.
/// One per reading thread; it starts empty and allocates an indicator's table on first use.
#[derive(Debug, Default)]
pub(crate) struct Memo {
    schemes: Vec<Vec<Option<Box<[Slot]>>>>,
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    key: u128,
    points: Decimal,
}

impl Memo {
    /// The points of `value` for node `node` of scheme `scheme`: remembered, or computed
    /// by `compute` and remembered when it gives points.
    pub(crate) fn points<E>(
        &mut self,
        (scheme, node): (usize, usize),
        value: Decimal,
        compute: impl FnOnce(Decimal) -> Result<Decimal, E>,
    ) -> Result<Decimal, E> {
        let key = u128::from_le_bytes(value.serialize());
        let Some(table) = self.table(scheme, node) else { return compute(value) };
        let at = slot_of(key);
        if let Some(slot) = table.get(at).filter(|slot| slot.key == key) {
            return Ok(slot.points);
        }
        let points = compute(value)?;
        if let Some(slot) = table.get_mut(at) {
            *slot = Slot { key, points };
        }
        Ok(points)
    }

    /// Node `node`'s table in scheme `scheme`, allocated on first use; `None` past the
    /// nodes a plan can have.
    fn table(&mut self, scheme: usize, node: usize) -> Option<&mut [Slot]> {
        if self.schemes.len() <= scheme {
            self.schemes.resize_with(scheme + 1, Vec::new);
        }
        let nodes = self.schemes.get_mut(scheme)?;
        if nodes.len() <= node {
            nodes.resize_with(node + 1, || None);
        }
        let empty = || vec![Slot { key: EMPTY, points: Decimal::ZERO }; SLOTS].into_boxed_slice();
        Some(nodes.get_mut(node)?.get_or_insert_with(empty))
    }
}

/// The slot of a key: its two halves mixed, then the top bits of a multiplicative hash.
fn slot_of(key: u128) -> usize {
    let mixed = (key as u64) ^ ((key >> 64) as u64).rotate_left(29);
    let hashed = mixed.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (hashed >> (64 - SLOTS.trailing_zeros())) as usize
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::cell::Cell;

    use proptest::prelude::*;

    use super::*;
    use crate::eval::score::{Rule, RuleKind};

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
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
                let computed = rule.points(value).unwrap();
                prop_assert_eq!(remembered.serialize(), computed.serialize());
            }
        }
    }
}
