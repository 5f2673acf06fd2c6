//! One employee-period's score packed into one allocation of as few bytes as it needs, for
//! outputs without breakdown: a million employee-periods hold a composite, their failed
//! gates and twenty-odd points each until the output is written.
//!
//! The composite's 16 bytes (`Decimal::serialize`); the number of failed gates and each
//! gate's node index as varints; then per node one byte: 0 when the node keeps no points;
//! for points kept as a decimal 1 + its sign + its scale (0..=28) shifted past them, then
//! the magnitude of the mantissa as a varint; for points kept as their text ([`Shown`])
//! [`TEXT`] + the number of characters, then the characters, two a byte. A varint is
//! little-endian base 128. `100` takes 2 bytes as a decimal and 3 as a text,
//! `89.66666666666666666667` 12 either way (its text alone takes 23).

use rust_decimal::Decimal;

use crate::eval::fixed::decimal_of;
use crate::eval::shown::Shown;

/// A score packed (see the module's documentation); empty once forgotten.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PackedScore(Box<[u8]>);

/// Bytes of the composite, first.
const COMPOSITE: usize = 16;

/// Sign bit of a node's first byte, after the "has points" bit.
const NEGATIVE: u8 = 1 << 1;
/// Where the scale starts in a node's first byte.
const SCALE_SHIFT: u8 = 2;
/// A node's first byte when its points are kept as a text, with the number of characters
/// added (a decimal's first byte is at most 1 + 2 + 28 × 4 = 115).
const TEXT: u8 = 0x80;

/// A node's points as a score is packed with them, without noise (`denoise`): the
/// decimal, or its text as the CSV prints it when the memo remembered one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Kept {
    /// The points without noise.
    Decimal(Decimal),
    /// Their text ([`Shown::of`]).
    Text(Shown),
}

/// A node's points read from a packed score, for printing: the decimal, or the text's
/// packed characters and their number ([`Shown::print`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Printable<'a> {
    /// The points without noise.
    Decimal(Decimal),
    /// Their text: the packed characters, and how many there are.
    Text(&'a [u8], usize),
}

impl Printable<'_> {
    /// The points without noise.
    pub fn decimal(self) -> Decimal {
        match self {
            Printable::Decimal(points) => points,
            Printable::Text(packed, chars) => Shown::decimal(packed, chars),
        }
    }
}

impl PackedScore {
    /// [`pack_in`](PackedScore::pack_in) in bytes of its own (tests).
    #[cfg(test)]
    pub fn pack(
        composite: Decimal,
        failed_gates: &[usize],
        points: impl Iterator<Item = Option<Decimal>>,
    ) -> PackedScore {
        let points = points.map(|p| p.map(Kept::Decimal));
        PackedScore::pack_in(&mut Vec::new(), composite, failed_gates, points)
    }

    /// Pack a score: its composite, the indices of the nodes whose gate failed, and the
    /// points of each plan node in order; laid out in `bytes` (cleared first), then copied
    /// into an allocation of its exact size.
    pub fn pack_in(
        bytes: &mut Vec<u8>,
        composite: Decimal,
        failed_gates: &[usize],
        points: impl Iterator<Item = Option<Kept>>,
    ) -> PackedScore {
        bytes.clear();
        bytes.extend_from_slice(&composite.serialize());
        push_varint(bytes, failed_gates.len() as u128);
        for &gate in failed_gates {
            push_varint(bytes, gate as u128);
        }
        for point in points {
            let point = match point {
                None => {
                    bytes.push(0);
                    continue;
                }
                Some(Kept::Text(text)) if text.is_some() => {
                    // At most 30 characters: the byte holds their number.
                    let chars = text.len();
                    bytes.push(TEXT | u8::try_from(chars).unwrap_or(0));
                    text.pack(chars, bytes);
                    continue;
                }
                // A text is given only where there is one (`Scored::set_shown`).
                Some(Kept::Text(_)) => {
                    debug_assert!(false, "points kept as an empty text");
                    bytes.push(0);
                    continue;
                }
                Some(Kept::Decimal(point)) => point,
            };
            // The scale is at most 28: it fits in the 6 bits above the flags.
            let scale = u8::try_from(point.scale()).unwrap_or(0);
            let sign = if point.is_sign_negative() { NEGATIVE } else { 0 };
            bytes.push(1 | sign | (scale << SCALE_SHIFT));
            push_varint(bytes, point.mantissa().unsigned_abs());
        }
        PackedScore(Box::from(bytes.as_slice()))
    }

    /// A score from the bytes [`bytes`](PackedScore::bytes) gave.
    pub fn from_bytes(bytes: &[u8]) -> PackedScore {
        PackedScore(bytes.into())
    }

    /// The packed bytes (empty once forgotten).
    pub fn bytes(&self) -> &[u8] {
        &self.0
    }

    /// The score, read where it lies.
    pub fn view(&self) -> PackedView<'_> {
        PackedView(&self.0)
    }

    /// The composite; zero once forgotten.
    pub fn composite(&self) -> Decimal {
        self.view().composite()
    }

    /// The indices of the nodes whose gate failed (no allocation when none did).
    pub fn failed_gates(&self) -> Vec<usize> {
        self.view().failed_gates()
    }

    /// The points, one per plan node in order (`None` where a node keeps none).
    pub fn points(&self) -> Points<'_> {
        self.view().points()
    }
}

/// A packed score read where its bytes lie: in a [`PackedScore`], or among the bytes of a
/// period's scores read back from a temporary file, without a copy of its own.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct PackedView<'a>(&'a [u8]);

impl<'a> PackedView<'a> {
    /// The score packed in `bytes` ([`PackedScore::bytes`] gave them).
    pub fn new(bytes: &'a [u8]) -> PackedView<'a> {
        PackedView(bytes)
    }

    /// The packed bytes.
    pub fn bytes(self) -> &'a [u8] {
        self.0
    }

    /// The composite; zero once forgotten.
    pub fn composite(self) -> Decimal {
        match self.0.first_chunk::<COMPOSITE>() {
            Some(bytes) => Decimal::deserialize(*bytes),
            None => Decimal::ZERO,
        }
    }

    /// The indices of the nodes whose gate failed (no allocation when none did).
    pub fn failed_gates(self) -> Vec<usize> {
        let mut rest = self.0.get(COMPOSITE..).unwrap_or_default();
        let count = read_varint(&mut rest);
        let mut gates = Vec::new();
        while u128::try_from(gates.len()).is_ok_and(|n| n < count) && !rest.is_empty() {
            gates.push(usize::try_from(read_varint(&mut rest)).unwrap_or(usize::MAX));
        }
        gates
    }

    /// The bytes of the points: after the composite and the failed gates.
    fn points_bytes(self) -> &'a [u8] {
        let mut rest = self.0.get(COMPOSITE..).unwrap_or_default();
        let mut count = read_varint(&mut rest);
        while count > 0 && !rest.is_empty() {
            read_varint(&mut rest);
            count -= 1;
        }
        rest
    }

    /// The points, one per plan node in order (`None` where a node keeps none).
    pub fn points(self) -> Points<'a> {
        Points(self.printable())
    }

    /// The points as they are kept, for printing, one per plan node in order (`None`
    /// where a node keeps none).
    pub fn printable(self) -> PrintablePoints<'a> {
        PrintablePoints { rest: self.points_bytes() }
    }
}

/// The points of a packed score, one per plan node in order ([`PackedScore::points`]).
pub(crate) struct Points<'a>(PrintablePoints<'a>);

impl Iterator for Points<'_> {
    type Item = Option<Decimal>;

    fn next(&mut self) -> Option<Option<Decimal>> {
        self.0.next().map(|point| point.map(Printable::decimal))
    }
}

/// The points of a packed score as they are kept, one per plan node in order
/// ([`PackedView::printable`]).
pub(crate) struct PrintablePoints<'a> {
    rest: &'a [u8],
}

impl<'a> Iterator for PrintablePoints<'a> {
    type Item = Option<Printable<'a>>;

    fn next(&mut self) -> Option<Option<Printable<'a>>> {
        let (&head, after) = self.rest.split_first()?;
        self.rest = after;
        if head == 0 {
            return Some(None);
        }
        if head & TEXT != 0 {
            let chars = usize::from(head & !TEXT);
            let (packed, after) = self.rest.split_at(Shown::packed_len(chars).min(self.rest.len()));
            self.rest = after;
            return Some(Some(Printable::Text(packed, chars)));
        }
        // At most 96 bits: `pack` wrote a decimal's mantissa.
        let magnitude = read_varint(&mut self.rest);
        let scale = u32::from(head >> SCALE_SHIFT);
        let negative = head & NEGATIVE != 0;
        Some(Some(Printable::Decimal(decimal_of(magnitude, negative, scale))))
    }
}

/// Append `value` as a varint; in 64-bit arithmetic once what is left fits (most points
/// fit from the start).
#[inline]
fn push_varint(bytes: &mut Vec<u8>, mut value: u128) {
    // Beyond 64 bits: seven bits at a time in 128-bit arithmetic (more follow: set the
    // high bit) until the rest fits.
    while value >> 64 != 0 {
        bytes.push((value & 0x7f) as u8 | 0x80);
        value >>= 7;
    }
    let mut small = value as u64;
    loop {
        let low = (small & 0x7f) as u8;
        small >>= 7;
        if small == 0 {
            bytes.push(low);
            return;
        }
        bytes.push(low | 0x80);
    }
}

/// Read a varint from the front of `rest`, and step past it: the first nine bytes (63 bits)
/// in 64-bit arithmetic, the rest, if any, in 128-bit.
#[inline]
fn read_varint(rest: &mut &[u8]) -> u128 {
    let mut small: u64 = 0;
    let mut shift = 0;
    while let Some((&byte, after)) = rest.split_first() {
        *rest = after;
        small |= u64::from(byte & 0x7f) << shift;
        shift += 7;
        if byte & 0x80 == 0 {
            return u128::from(small);
        }
        if shift == 63 {
            return read_wide_varint(u128::from(small), shift, rest);
        }
    }
    u128::from(small)
}

/// The rest of a varint beyond its first 63 bits (`value`, `shift` bits read so far).
#[inline(never)]
fn read_wide_varint(mut value: u128, mut shift: u32, rest: &mut &[u8]) -> u128 {
    while let Some((&byte, after)) = rest.split_first() {
        *rest = after;
        value |= u128::from(byte & 0x7f).checked_shl(shift).unwrap_or(0);
        shift += 7;
        if byte & 0x80 == 0 {
            break;
        }
    }
    value
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Bytes the points take, after the composite and no failed gate.
    fn sizes(points: &[Option<Decimal>]) -> usize {
        PackedScore::pack(Decimal::ONE, &[], points.iter().copied()).0.len() - COMPOSITE - 1
    }

    #[test]
    fn common_points_take_a_few_bytes() {
        assert_eq!(sizes(&[Some(Decimal::ONE_HUNDRED)]), 2);
        assert_eq!(sizes(&[None]), 1);
        let third: Decimal = "89.66666666666666666667".parse().unwrap();
        assert_eq!(sizes(&[Some(third)]), 12);
        assert_eq!(sizes(&[Some(Decimal::MAX), Some(Decimal::MIN)]), 2 * 15);
    }

    #[test]
    fn varints_read_back_across_the_64_bit_switch() {
        for value in
            [0, 127, 128, (1 << 63) - 1, 1 << 63, u128::from(u64::MAX), 1 << 64, (1 << 96) - 1]
        {
            let mut bytes = Vec::new();
            push_varint(&mut bytes, value);
            bytes.push(0x55);
            let mut rest = bytes.as_slice();
            assert_eq!(read_varint(&mut rest), value, "{value}");
            assert_eq!(rest, [0x55], "{value}: the varint's bytes only");
        }
    }

    #[test]
    fn a_forgotten_score_holds_nothing() {
        let forgotten = PackedScore::default();
        assert_eq!(forgotten.composite(), Decimal::ZERO);
        assert!(forgotten.failed_gates().is_empty());
        assert_eq!(forgotten.points().count(), 0);
    }

    proptest! {
        #[test]
        fn scores_read_back_exactly_as_packed(
            parts in proptest::collection::vec(
                (any::<(u32, u32, u32, bool)>(), 0u32..=28, any::<bool>()),
                0..24,
            ),
            composite in (any::<(u32, u32, u32, bool)>(), 0u32..=28),
            gates in proptest::collection::vec(0usize..100_000, 0..4),
        ) {
            let ((lo, mid, hi, negative), scale) = composite;
            let composite = Decimal::from_parts(lo, mid, hi, negative, scale);
            let points: Vec<Option<Decimal>> = parts
                .iter()
                .map(|((lo, mid, hi, negative), scale, present)| {
                    present.then(|| Decimal::from_parts(*lo, *mid, *hi, *negative, *scale))
                })
                .collect();
            let packed = PackedScore::pack(composite, &gates, points.iter().copied());
            prop_assert_eq!(packed.composite(), composite);
            prop_assert_eq!(packed.composite().scale(), composite.scale());
            prop_assert_eq!(packed.failed_gates(), gates);
            let back: Vec<Option<Decimal>> = packed.points().collect();
            prop_assert_eq!(back.len(), points.len());
            for (back, point) in back.iter().zip(&points) {
                // Equal, and with the same scale: the CSV prints it as it was.
                prop_assert_eq!(back.map(|b| (b, b.scale())), point.map(|p| (p, p.scale())));
            }
        }
    }
}
