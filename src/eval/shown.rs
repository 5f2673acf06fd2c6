//! Points as the CSV shows them, made once per value met rather than once per row.
//!
//! An output without breakdown prints every indicator's points without noise as their
//! shortest exact text (`denoise`, then [`push_normalized`]): twenty-odd numbers a row, a
//! million rows. Most indicators' points repeat (a percent with one decimal has a thousand
//! values, a rating five), and the memo that remembers a value's points remembers their
//! text too: a [`Shown`], the text's characters four bits each (`0`–`9`, `.`, `-`), packed
//! into a score as they are and copied out by the output, two characters a byte.
//!
//! A text holds at most 30 characters: a point without noise has at most 20 decimals, so
//! its text is longer only for points beyond 10²⁷, which the output prints the slow way.

use rust_decimal::Decimal;

use crate::eval::fixed::decimal_of;
use crate::report::digits::push_normalized;

/// The text of a decimal, a character each four bits from the lowest, and its length in
/// the highest byte; or no text ([`Shown::NONE`], length 0).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Shown(u128);

/// The characters' codes: a digit is its value.
const POINT: u8 = 10;
const MINUS: u8 = 11;
/// The most characters a text can hold: the highest byte holds the length.
const MAX_CHARS: usize = 30;
/// Where the length starts.
const LENGTH_SHIFT: u32 = 120;

/// The two characters of each byte of a text: the low four bits' first.
const PAIRS: [[u8; 2]; 256] = {
    let mut pairs = [[0u8; 2]; 256];
    let mut byte = 0;
    while byte < 256 {
        pairs[byte] = [char_of((byte & 15) as u8), char_of((byte >> 4) as u8)];
        byte += 1;
    }
    pairs
};

/// The character of a code (the codes no character has show as a space: never printed).
const fn char_of(code: u8) -> u8 {
    match code {
        0..=9 => b'0' + code,
        POINT => b'.',
        MINUS => b'-',
        _ => b' ',
    }
}

impl Shown {
    /// No text.
    pub const NONE: Shown = Shown(0);

    /// The text of `points` as the CSV prints it: `push_normalized` of the points without
    /// noise (`denoise` of them, given as `denoised`). `scratch` is room reused.
    pub fn of(denoised: Decimal, scratch: &mut Vec<u8>) -> Shown {
        scratch.clear();
        push_normalized(scratch, denoised);
        Shown::encode(scratch).unwrap_or(Shown::NONE)
    }

    /// The text `text`, if it is digits, a point and a minus sign, at most 30 of them.
    fn encode(text: &[u8]) -> Option<Shown> {
        if text.is_empty() || text.len() > MAX_CHARS {
            return None;
        }
        let mut bits = (text.len() as u128) << LENGTH_SHIFT;
        for (at, &byte) in text.iter().enumerate() {
            let code = match byte {
                b'0'..=b'9' => byte - b'0',
                b'.' => POINT,
                b'-' => MINUS,
                _ => return None,
            };
            bits |= u128::from(code) << (4 * at);
        }
        Some(Shown(bits))
    }

    /// Whether there is a text.
    pub fn is_some(self) -> bool {
        self != Shown::NONE
    }

    /// How many characters the text has (0 for none).
    pub fn len(self) -> usize {
        (self.0 >> LENGTH_SHIFT) as usize
    }

    /// The bytes a packed score holds of a text of `chars` characters: two a byte.
    pub fn packed_len(chars: usize) -> usize {
        chars.div_ceil(2)
    }

    /// Append the text's bytes as a packed score holds them ([`Shown::packed_len`]).
    pub fn pack(self, chars: usize, out: &mut Vec<u8>) {
        // All 16 bytes copied (a copy of a known size), then the unused ones cut.
        out.extend_from_slice(&self.0.to_le_bytes());
        out.truncate(out.len() - (16 - Shown::packed_len(chars).min(16)));
    }

    /// The text of `chars` characters held in `packed` ([`Shown::pack`]) appended to `out`.
    pub fn print(packed: &[u8], chars: usize, out: &mut Vec<u8>) {
        // Two characters a byte into room on the stack, then copied whole (a copy of a
        // known size takes a few instructions, one of any size a call) and cut.
        let mut text = [0u8; MAX_CHARS];
        for (pair, &byte) in text.chunks_exact_mut(2).zip(packed) {
            pair.copy_from_slice(&PAIRS[usize::from(byte)]);
        }
        out.extend_from_slice(&text);
        out.truncate(out.len() - (MAX_CHARS - chars.min(MAX_CHARS)));
    }

    /// The decimal the text of `chars` characters held in `packed` says, mantissa and
    /// scale: the points without noise it was made of.
    pub fn decimal(packed: &[u8], chars: usize) -> Decimal {
        let (mut magnitude, mut scale, mut negative, mut point) = (0u128, 0, false, false);
        let codes = packed.iter().flat_map(|&byte| [byte & 15, byte >> 4]).take(chars);
        for code in codes {
            match code {
                0..=9 => {
                    magnitude = magnitude.saturating_mul(10).saturating_add(u128::from(code));
                    scale += u32::from(point);
                }
                POINT => point = true,
                MINUS => negative = true,
                _ => {}
            }
        }
        decimal_of(magnitude, negative, scale)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::eval::denoise;

    /// What the CSV prints of `points`.
    fn printed(points: Decimal) -> Vec<u8> {
        let mut out = Vec::new();
        push_normalized(&mut out, denoise(points));
        out
    }

    /// The text of `points` printed from a packed score, and the decimal read back; `None`
    /// when it is too long to be held.
    fn round_trip(points: Decimal) -> Option<(Vec<u8>, Decimal)> {
        let shown = Shown::of(denoise(points), &mut Vec::new());
        if !shown.is_some() {
            return None;
        }
        let chars = shown.len();
        let mut packed = Vec::new();
        shown.pack(chars, &mut packed);
        assert_eq!(packed.len(), Shown::packed_len(chars));
        let mut out = b"x,".to_vec();
        Shown::print(&packed, chars, &mut out);
        Some((out[2..].to_vec(), Shown::decimal(&packed, chars)))
    }

    #[test]
    fn texts_print_and_read_back_as_the_points_without_noise() {
        for text in [
            "0",
            "100",
            "60",
            "99.5",
            "76.11111111111111111111",
            "-0.25",
            "0.00000000000000000001",
            "-7922816251426.43375935439503",
            "89.66666666666666666666666667",
        ] {
            let points: Decimal = text.parse().unwrap();
            let (out, back) = round_trip(points).unwrap();
            assert_eq!(out, printed(points), "{text}");
            assert_eq!(back.serialize(), denoise(points).serialize(), "{text}");
        }
    }

    #[test]
    fn no_text_is_empty_and_a_text_ends_where_it_ends() {
        assert!(!Shown::NONE.is_some());
        assert_eq!(Shown::NONE.len(), 0);
        assert_eq!(Shown::default(), Shown::NONE);
        assert_eq!(Shown::encode(b"12.5").map(Shown::len), Some(4));
        assert_eq!(Shown::encode(&[b'9'; 30]).map(Shown::len), Some(30));
        assert_eq!(Shown::encode(&[b'9'; 31]), None, "too long");
        assert_eq!(Shown::encode(b"1e5"), None, "not a plain decimal");
        assert_eq!(Shown::encode(b""), None);
    }

    proptest! {
        /// Any points, as `denoise` leaves them: printed as the CSV prints them, and read
        /// back to the same decimal, scale and sign included.
        #[test]
        fn every_point_prints_and_reads_back_exactly(
            lo: u32, mid: u32, hi: u32, negative: bool, scale in 0u32..=28,
            small in 0i64..100_000_000, small_scale in 0u32..=22,
        ) {
            for points in [
                Decimal::from_parts(lo, mid, hi, negative, scale),
                Decimal::new(small, small_scale),
                Decimal::from(100) / Decimal::new(small.max(1), small_scale.min(6)),
            ] {
                match round_trip(points) {
                    Some((out, back)) => {
                        prop_assert_eq!(&out, &printed(points));
                        prop_assert_eq!(back.serialize(), denoise(points).serialize());
                    }
                    None => prop_assert!(printed(points).len() > MAX_CHARS, "{points}"),
                }
            }
        }
    }
}
