//! A column of exact values stored as narrowly as its values allow. A value is kept as its
//! decimal mantissa and scale (`48270.52` = 4827052 × 10⁻²), exactly as read: 1 byte when
//! the mantissa fits 5 bits (ratings, small counts), 2 bytes for 13 bits (`38.9`, `95.9`,
//! seconds), 4 bytes for 29 bits (money with cents), else a full 16-byte decimal. The column
//! widens itself when a value does not fit, so its width is that of its widest value.

use rust_decimal::Decimal;

/// Exact values, one per record; a value may be missing.
#[derive(Debug, Clone, PartialEq)]
pub struct PackedColumn {
    repr: Repr,
}

#[derive(Debug, Clone, PartialEq)]
enum Repr {
    W8(Vec<u8>),
    W16(Vec<u16>),
    W32(Vec<u32>),
    Full(Vec<Option<Decimal>>),
}

/// Bits of a packed code that hold the scale (0..=7).
const SCALE_BITS: u32 = 3;

macro_rules! narrow {
    ($encode:ident, $decode:ident, $unsigned:ty, $signed:ty) => {
        /// The code of `value` in this width, when it fits; `MAX` is "missing".
        fn $encode(value: Option<Decimal>) -> Option<$unsigned> {
            let Some(value) = value else { return Some(<$unsigned>::MAX) };
            let scale = value.scale();
            if scale >= 1 << SCALE_BITS || (value.is_zero() && value.is_sign_negative()) {
                return None;
            }
            let bits = <$unsigned>::BITS - SCALE_BITS;
            let mantissa = value.mantissa();
            let limit = 1i128 << (bits - 1);
            if mantissa < -limit || mantissa >= limit {
                return None;
            }
            let code = (((mantissa as $signed) << SCALE_BITS) as $unsigned) | scale as $unsigned;
            (code != <$unsigned>::MAX).then_some(code)
        }

        fn $decode(code: $unsigned) -> Option<Decimal> {
            if code == <$unsigned>::MAX {
                return None;
            }
            let mantissa = (code as $signed) >> SCALE_BITS;
            let scale = u32::from(code as u8) & ((1 << SCALE_BITS) - 1);
            Some(Decimal::new(i64::from(mantissa), scale))
        }
    };
}

narrow!(encode8, decode8, u8, i8);
narrow!(encode16, decode16, u16, i16);
narrow!(encode32, decode32, u32, i32);

impl Default for PackedColumn {
    fn default() -> Self {
        PackedColumn::new()
    }
}

impl PackedColumn {
    /// An empty column.
    pub fn new() -> Self {
        PackedColumn { repr: Repr::W8(Vec::new()) }
    }

    /// A column of `len` missing values.
    pub fn missing(len: usize) -> Self {
        PackedColumn { repr: Repr::W8(vec![u8::MAX; len]) }
    }

    /// Reserve room for `more` values.
    pub fn reserve(&mut self, more: usize) {
        match &mut self.repr {
            Repr::W8(v) => v.reserve(more),
            Repr::W16(v) => v.reserve(more),
            Repr::W32(v) => v.reserve(more),
            Repr::Full(v) => v.reserve(more),
        }
    }

    /// Number of values (missing ones included).
    pub fn len(&self) -> usize {
        match &self.repr {
            Repr::W8(v) => v.len(),
            Repr::W16(v) => v.len(),
            Repr::W32(v) => v.len(),
            Repr::Full(v) => v.len(),
        }
    }

    /// True when the column holds no value, not even a missing one.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes per value.
    pub fn width(&self) -> usize {
        match &self.repr {
            Repr::W8(_) => 1,
            Repr::W16(_) => 2,
            Repr::W32(_) => 4,
            Repr::Full(_) => std::mem::size_of::<Option<Decimal>>(),
        }
    }

    /// The value at `index`; `None` when missing or beyond the end.
    #[inline]
    pub fn get(&self, index: usize) -> Option<Decimal> {
        match &self.repr {
            Repr::W8(v) => decode8(*v.get(index)?),
            Repr::W16(v) => decode16(*v.get(index)?),
            Repr::W32(v) => decode32(*v.get(index)?),
            Repr::Full(v) => *v.get(index)?,
        }
    }

    /// Append a value.
    pub fn push(&mut self, value: Option<Decimal>) {
        loop {
            let pushed = match &mut self.repr {
                Repr::W8(v) => encode8(value).map(|c| v.push(c)),
                Repr::W16(v) => encode16(value).map(|c| v.push(c)),
                Repr::W32(v) => encode32(value).map(|c| v.push(c)),
                Repr::Full(v) => {
                    v.push(value);
                    Some(())
                }
            };
            if pushed.is_some() {
                return;
            }
            self.widen();
        }
    }

    /// Set the value at `index`, growing the column with missing values when needed.
    pub fn set(&mut self, index: usize, value: Option<Decimal>) {
        if index >= self.len() {
            self.resize(index + 1);
        }
        loop {
            let set = match &mut self.repr {
                Repr::W8(v) => encode8(value).map(|c| v[index] = c),
                Repr::W16(v) => encode16(value).map(|c| v[index] = c),
                Repr::W32(v) => encode32(value).map(|c| v[index] = c),
                Repr::Full(v) => {
                    v[index] = value;
                    Some(())
                }
            };
            if set.is_some() {
                return;
            }
            self.widen();
        }
    }

    /// Grow (with missing values) or shrink to `len` values.
    pub fn resize(&mut self, len: usize) {
        match &mut self.repr {
            Repr::W8(v) => v.resize(len, u8::MAX),
            Repr::W16(v) => v.resize(len, u16::MAX),
            Repr::W32(v) => v.resize(len, u32::MAX),
            Repr::Full(v) => v.resize(len, None),
        }
    }

    /// Append every value of `other`.
    pub fn append(&mut self, other: &PackedColumn) {
        while self.width() < other.width() {
            self.widen();
        }
        match (&mut self.repr, &other.repr) {
            (Repr::W8(a), Repr::W8(b)) => a.extend_from_slice(b),
            (Repr::W16(a), Repr::W16(b)) => a.extend_from_slice(b),
            (Repr::W32(a), Repr::W32(b)) => a.extend_from_slice(b),
            _ => {
                self.reserve(other.len());
                for index in 0..other.len() {
                    self.push(other.get(index));
                }
            }
        }
    }

    /// Re-encode every value one width wider.
    fn widen(&mut self) {
        let values: Vec<Option<Decimal>> = (0..self.len()).map(|i| self.get(i)).collect();
        let repr = match self.repr {
            Repr::W8(_) => Repr::W16(values.iter().filter_map(|v| encode16(*v)).collect()),
            Repr::W16(_) => Repr::W32(values.iter().filter_map(|v| encode32(*v)).collect()),
            Repr::W32(_) | Repr::Full(_) => Repr::Full(values),
        };
        self.repr = repr;
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    fn round_trip(values: &[Option<&str>]) -> PackedColumn {
        let mut column = PackedColumn::new();
        for value in values {
            column.push(value.map(d));
        }
        for (index, value) in values.iter().enumerate() {
            let got = column.get(index);
            assert_eq!(got, value.map(d), "value {index}");
            // Exactly as read: the scale (trailing zeros) is kept too.
            assert_eq!(got.map(|v| v.to_string()), value.map(String::from), "value {index}");
        }
        column
    }

    #[test]
    fn small_values_take_one_byte() {
        let column = round_trip(&[Some("1"), Some("5"), None, Some("0"), Some("-3"), Some("1.5")]);
        assert_eq!(column.width(), 1);
    }

    #[test]
    fn widens_for_each_value_that_does_not_fit() {
        let column = round_trip(&[Some("4"), Some("38.9"), None, Some("95.90")]);
        assert_eq!(column.width(), 2);
        let column = round_trip(&[Some("4"), Some("48270.52"), Some("-12345.678")]);
        assert_eq!(column.width(), 4);
        let column = round_trip(&[
            Some("4"),
            Some("79.135218076190476190476190476"),
            Some("123456789012"),
            None,
        ]);
        assert_eq!(column.width(), std::mem::size_of::<Option<Decimal>>());
    }

    #[test]
    fn edges_of_each_width() {
        // 5-bit mantissa: −16..15; 13 bits: −4096..4095; 29 bits: ±268435456.
        assert_eq!(round_trip(&[Some("15"), Some("-16")]).width(), 1);
        assert_eq!(round_trip(&[Some("16")]).width(), 2);
        assert_eq!(round_trip(&[Some("-17")]).width(), 2);
        assert_eq!(round_trip(&[Some("409.5"), Some("-409.6")]).width(), 2);
        assert_eq!(round_trip(&[Some("4096")]).width(), 4);
        assert_eq!(round_trip(&[Some("268435455"), Some("-268435456")]).width(), 4);
        assert_eq!(round_trip(&[Some("268435456")]).width(), 16 + 4);
        // Scale 8 does not fit the 3 scale bits; −1 × 10⁻⁷ would be the missing code.
        assert!(round_trip(&[Some("0.00000001")]).width() > 4);
        round_trip(&[Some("-0.0000001"), None]);
    }

    #[test]
    fn negative_zero_is_kept() {
        let mut column = PackedColumn::new();
        let negative_zero = Decimal::new(-0, 1) * Decimal::NEGATIVE_ONE;
        column.push(Some(negative_zero));
        assert_eq!(column.get(0).unwrap().is_sign_negative(), negative_zero.is_sign_negative());
    }

    #[test]
    fn set_grows_with_missing_values_and_append_merges() {
        let mut column = PackedColumn::missing(2);
        column.set(4, Some(d("3")));
        assert_eq!((column.len(), column.get(2), column.get(4)), (5, None, Some(d("3"))));
        column.set(0, Some(d("1234.5")));
        assert_eq!(column.get(0), Some(d("1234.5")));
        let mut wide = PackedColumn::new();
        wide.push(Some(d("7")));
        wide.append(&column);
        assert_eq!(wide.len(), 6);
        assert_eq!(wide.get(1), Some(d("1234.5")));
        assert_eq!(wide.get(5), Some(d("3")));
        assert_eq!(wide.get(6), None);
    }
}
