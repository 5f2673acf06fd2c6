//! Each plan node's points of one employee-period, packed into as few bytes as they need,
//! for outputs without breakdown: a million employee-periods hold twenty-odd each until
//! the output is written.
//!
//! Per node, one byte: 0 when the node keeps no points, else 1 + its sign + its scale
//! (0..=28) shifted past them; then, for points, the magnitude of the mantissa as a
//! little-endian base-128 varint. `100` takes 2 bytes, `89.66666666666666666667` 12 (its
//! text takes 23).

use rust_decimal::Decimal;

/// Points packed per plan node (see the module's documentation).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PackedPoints(Box<[u8]>);

/// Sign bit of a node's first byte, after the "has points" bit.
const NEGATIVE: u8 = 1 << 1;
/// Where the scale starts in a node's first byte.
const SCALE_SHIFT: u8 = 2;

impl PackedPoints {
    /// Pack `points`, one per plan node in order.
    pub fn pack(points: impl Iterator<Item = Option<Decimal>>) -> PackedPoints {
        let mut bytes = Vec::with_capacity(64);
        for point in points {
            let Some(point) = point else {
                bytes.push(0);
                continue;
            };
            // The scale is at most 28: it fits in the 6 bits above the flags.
            let scale = u8::try_from(point.scale()).unwrap_or(0);
            let sign = if point.is_sign_negative() { NEGATIVE } else { 0 };
            bytes.push(1 | sign | (scale << SCALE_SHIFT));
            let mut magnitude = point.mantissa().unsigned_abs();
            loop {
                let low = (magnitude & 0x7f) as u8;
                magnitude >>= 7;
                if magnitude == 0 {
                    bytes.push(low);
                    break;
                }
                bytes.push(low | 0x80);
            }
        }
        PackedPoints(bytes.into_boxed_slice())
    }

    /// The points, one per plan node in order (`None` where a node keeps none).
    pub fn points(&self) -> impl Iterator<Item = Option<Decimal>> + '_ {
        let mut rest: &[u8] = &self.0;
        std::iter::from_fn(move || {
            let (&head, after) = rest.split_first()?;
            rest = after;
            if head == 0 {
                return Some(None);
            }
            let mut magnitude: u128 = 0;
            let mut shift = 0;
            while let Some((&byte, after)) = rest.split_first() {
                rest = after;
                magnitude |= u128::from(byte & 0x7f).checked_shl(shift).unwrap_or(0);
                shift += 7;
                if byte & 0x80 == 0 {
                    break;
                }
            }
            // The three 32-bit words of the 96-bit mantissa (`pack` wrote at most 96 bits).
            let word = |at: u32| u32::try_from((magnitude >> at) & 0xffff_ffff).unwrap_or(0);
            let scale = u32::from(head >> SCALE_SHIFT);
            let negative = head & NEGATIVE != 0;
            Some(Some(Decimal::from_parts(word(0), word(32), word(64), negative, scale)))
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn sizes(points: &[Option<Decimal>]) -> usize {
        PackedPoints::pack(points.iter().copied()).0.len()
    }

    #[test]
    fn common_points_take_a_few_bytes() {
        assert_eq!(sizes(&[Some(Decimal::ONE_HUNDRED)]), 2);
        assert_eq!(sizes(&[None]), 1);
        let third: Decimal = "89.66666666666666666667".parse().unwrap();
        assert_eq!(sizes(&[Some(third)]), 12);
        assert_eq!(sizes(&[Some(Decimal::MAX), Some(Decimal::MIN)]), 2 * 15);
    }

    proptest! {
        #[test]
        fn points_read_back_exactly_as_packed(
            parts in proptest::collection::vec(
                (any::<(u32, u32, u32, bool)>(), 0u32..=28, any::<bool>()),
                0..24,
            ),
        ) {
            let points: Vec<Option<Decimal>> = parts
                .iter()
                .map(|((lo, mid, hi, negative), scale, present)| {
                    present.then(|| Decimal::from_parts(*lo, *mid, *hi, *negative, *scale))
                })
                .collect();
            let packed = PackedPoints::pack(points.iter().copied());
            let back: Vec<Option<Decimal>> = packed.points().collect();
            prop_assert_eq!(back.len(), points.len());
            for (back, point) in back.iter().zip(&points) {
                // Equal, and with the same scale: the CSV prints it as it was.
                prop_assert_eq!(back.map(|b| (b, b.scale())), point.map(|p| (p, p.scale())));
            }
        }
    }
}
