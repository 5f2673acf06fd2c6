//! `rust_decimal`'s multiply, add and divide, rounding exactly as it rounds, on a plain
//! `u128` mantissa: the groups' weighted sums (Σ wᵢ × pointsᵢ / Σ wᵢ) of every record.
//!
//! Through `rust_decimal` these sums were a sixth of a large evaluation's instructions: its
//! operations work 32 bits at a time and handle every sign and scale. Here only non-negative
//! operands are handled, and every operation answers `None` where it leaves that ground
//! (a negative operand, a mantissa beyond 128 bits, a divisor beyond 32 bits, a scale that
//! would turn negative, an overflow): the caller then computes with `rust_decimal` itself.
//! Where an operation answers, its result is `rust_decimal`'s to the bit, mantissa and scale
//! both (property tests compare them); that matters, because a group's points go on into its
//! parent's sum, and `rust_decimal` keeps 28 digits, not the exact value.
//!
//! What `rust_decimal` does, in the terms used here:
//! - a product or sum that needs more than 96 bits (or a scale beyond 28) loses digits: it
//!   drops an estimated number of them at once, then one at a time until it fits, rounding
//!   half to even on everything dropped (`Buf24::rescale`);
//! - a quotient by a 32-bit divisor takes as many digits as fit, up to nine at a time, rounds
//!   half to even when no more fit, and then strips trailing zeros only 8 (when the low 32
//!   bits are zero), 4, 2 and 1 at a time (`div_impl`, `unscale`): the result is not simply
//!   normalized, so that is copied too.

use rust_decimal::Decimal;

/// 2⁹⁶: mantissas are below it.
const LIMIT: u128 = 1 << 96;
/// The largest scale.
const MAX_SCALE: u32 = 28;
/// 2⁹⁶ / 10 rounded half to even: what a value that rounded up to 2⁹⁶ becomes, one digit
/// shorter (2⁹⁶ ends in 6).
const LIMIT_TENTH: u128 = LIMIT / 10 + 1;

/// A non-negative decimal: `mantissa` × 10^-`scale`, the mantissa below 2⁹⁶ and the scale
/// at most 28, as `rust_decimal` holds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Fixed {
    mantissa: u128,
    scale: u32,
}

/// 10ⁿ for n up to 38.
const POWERS: [u128; 39] = {
    let mut powers = [1u128; 39];
    let mut n = 1;
    while n < 39 {
        powers[n] = powers[n - 1] * 10;
        n += 1;
    }
    powers
};

/// The largest mantissa that 10ⁿ times stays below 2⁹⁶, for n up to 9.
const FITS: [u128; 10] = {
    let mut fits = [0u128; 10];
    let mut n = 0;
    while n < 10 {
        fits[n] = (LIMIT - 1) / POWERS[n];
        n += 1;
    }
    fits
};

/// 10ⁿ for n up to 38 (beyond, `u128::MAX`: no caller asks for it, and it neither divides
/// by zero nor multiplies without overflow).
#[inline]
pub(crate) fn power(n: u32) -> u128 {
    POWERS.get(n as usize).copied().unwrap_or(u128::MAX)
}

impl Fixed {
    /// `rust_decimal`'s zero (scale 0), which products and quotients of zero are.
    pub const ZERO: Fixed = Fixed { mantissa: 0, scale: 0 };

    /// Whether it is zero, at any scale.
    #[inline]
    pub fn is_zero(self) -> bool {
        self.mantissa == 0
    }

    /// The decimal, if it is not negative (a negative zero counts as negative).
    #[inline]
    pub fn of(value: Decimal) -> Option<Fixed> {
        if value.is_sign_negative() {
            return None;
        }
        let mantissa = u128::try_from(value.mantissa()).ok()?;
        Some(Fixed { mantissa, scale: value.scale() })
    }

    /// As a `rust_decimal` value, mantissa and scale unchanged.
    #[inline]
    pub fn decimal(self) -> Decimal {
        decimal_of(self.mantissa, false, self.scale)
    }

    /// `self × other`, as `checked_mul` gives it.
    #[inline]
    pub fn mul(self, other: Fixed) -> Option<Fixed> {
        if self.mantissa == 0 || other.mantissa == 0 {
            return Some(Fixed::ZERO);
        }
        let scale = self.scale + other.scale;
        if scale > MAX_SCALE + 19 {
            // Products of tiny numbers: `rust_decimal` shortcuts some of them to zero.
            return None;
        }
        // Below 2⁹⁶ × 2³² when either is below 2³² (a weight): no overflow to check for.
        let product = if self.mantissa.min(other.mantissa) >> 32 == 0 {
            self.mantissa * other.mantissa
        } else {
            self.mantissa.checked_mul(other.mantissa)?
        };
        fit(product, scale)
    }

    /// `self + other`, as `checked_add` gives it.
    #[inline]
    pub fn add(self, other: Fixed) -> Option<Fixed> {
        // A zero leaves the other operand as it is, scale included.
        if self.mantissa == 0 {
            return Some(other);
        }
        if other.mantissa == 0 {
            return Some(self);
        }
        // The operand with fewer decimals is scaled up to the other's.
        let (wide, narrow) = if self.scale >= other.scale { (self, other) } else { (other, self) };
        let aligned = match wide.scale - narrow.scale {
            0 => narrow.mantissa,
            // Below 2⁹⁶ × 10⁹: no overflow to check for.
            shift @ 1..=9 => narrow.mantissa * power(shift),
            shift => narrow.mantissa.checked_mul(power(shift))?,
        };
        // Below 2⁹⁶ × (10⁹ + 1) when aligned by up to nine digits.
        fit(wide.mantissa.checked_add(aligned)?, wide.scale)
    }

    /// `self / divisor`, as `checked_div` gives it, for a divisor below 2³² with no more
    /// decimals than `self`.
    pub fn div(self, divisor: Fixed) -> Option<Fixed> {
        let d = u32::try_from(divisor.mantissa).ok().filter(|&d| d != 0)?;
        if self.mantissa == 0 {
            return Some(Fixed::ZERO);
        }
        let scale = self.scale.checked_sub(divisor.scale)?;
        // Weights in percent sum to 100: a constant divisor, multiplied by, not divided.
        match d {
            100 => divide(self.mantissa, scale, || 100),
            d => divide(self.mantissa, scale, || u64::from(d)),
        }
    }
}

/// `a` against `b`, as `Decimal`'s `cmp` orders them (any signs and scales): by their
/// mantissas, the one with fewer decimals scaled up to the other's, where that fits in 128
/// bits, without `rust_decimal`'s general comparison (its rescaling 32 bits at a time).
#[inline]
pub(crate) fn compare(a: Decimal, b: Decimal) -> std::cmp::Ordering {
    let up = |mantissa: i128, digits: u32| {
        i128::try_from(power(digits)).ok().and_then(|unit| mantissa.checked_mul(unit))
    };
    let (scale_a, scale_b) = (a.scale(), b.scale());
    let aligned = match scale_a.cmp(&scale_b) {
        std::cmp::Ordering::Equal => Some((a.mantissa(), b.mantissa())),
        std::cmp::Ordering::Less => up(a.mantissa(), scale_b - scale_a).map(|m| (m, b.mantissa())),
        std::cmp::Ordering::Greater => {
            up(b.mantissa(), scale_a - scale_b).map(|m| (a.mantissa(), m))
        }
    };
    aligned.map_or_else(|| a.cmp(&b), |(a, b)| a.cmp(&b))
}

/// Whether `rust_decimal` multiplies `a` and `b` without rounding anything off: the
/// product's scale is then the sum of theirs (`checked_mul(..).scale() == a.scale() +
/// b.scale()`, a property test compares them). Any signs; a zero product has scale 0.
pub(crate) fn multiplies_exactly(a: Decimal, b: Decimal) -> bool {
    let scale = a.scale() + b.scale();
    let (a, b) = (a.mantissa().unsigned_abs(), b.mantissa().unsigned_abs());
    // Below 2⁹⁶ × 2³² when either is below 2³² (a rater's weight): no overflow to check for.
    let product = if a.min(b) >> 32 == 0 { Some(a * b) } else { a.checked_mul(b) };
    match product {
        Some(0) => scale == 0,
        Some(product) => product < LIMIT && scale <= MAX_SCALE,
        None => false,
    }
}

/// [`Fixed::div`] of `mantissa` at `scale` by `divisor()`, below 2³².
#[inline(always)]
fn divide(mantissa: u128, mut scale: u32, divisor: impl Fn() -> u64) -> Option<Fixed> {
    let d = divisor();
    let (mut quotient, mut remainder) = div_rem_32(mantissa, d);
    if remainder == 0 {
        // Exact at once: the quotient as it is, trailing zeros kept.
        return Some(Fixed { mantissa: quotient, scale });
    }
    while remainder != 0 {
        let digits = if scale == MAX_SCALE { 0 } else { digits_that_fit(quotient, scale) };
        if digits == 0 {
            // No more digits fit: round half to even on the remainder.
            let twice = u128::from(remainder) * 2;
            if twice > u128::from(d) || (twice == u128::from(d) && quotient & 1 == 1) {
                quotient += 1;
                if quotient == LIMIT {
                    scale = scale.checked_sub(1)?;
                    quotient = LIMIT_TENTH;
                }
            }
            break;
        }
        let unit = power(digits);
        scale += digits;
        // Below 2³² × 10⁹: 64 bits.
        let scaled = remainder * unit as u64;
        quotient = quotient * unit + u128::from(scaled / d);
        remainder = scaled % d;
        if quotient >= LIMIT {
            // One digit too many: drop it, half to even, the remainder left as sticky.
            scale = scale.checked_sub(1)?;
            let (kept, dropped) = div_rem_32(quotient, 10);
            quotient = kept;
            if dropped > 5 || (dropped == 5 && (remainder != 0 || quotient & 1 == 1)) {
                quotient += 1;
            }
            break;
        }
    }
    Some(unscale(quotient, scale))
}

/// `(mantissa / 10ⁿ, mantissa % 10ⁿ)`: for n up to 9 by a constant divisor (multiplied
/// by, 64 bits at a time), beyond by the general 128-bit division.
#[inline]
pub(crate) fn div_rem_power(mantissa: u128, n: u32) -> (u128, u128) {
    let (quotient, remainder) = match n {
        0 => (mantissa, 0),
        1 => div_rem_32(mantissa, 10),
        2 => div_rem_32(mantissa, 100),
        3 => div_rem_32(mantissa, 1_000),
        4 => div_rem_32(mantissa, 10_000),
        5 => div_rem_32(mantissa, 100_000),
        6 => div_rem_32(mantissa, 1_000_000),
        7 => div_rem_32(mantissa, 10_000_000),
        8 => div_rem_32(mantissa, 100_000_000),
        9 => div_rem_32(mantissa, 1_000_000_000),
        _ => return (mantissa / power(n), mantissa % power(n)),
    };
    (quotient, u128::from(remainder))
}

/// The decimal of a magnitude below 2⁹⁶ (its three 32-bit words), sign and scale.
#[inline]
pub(crate) fn decimal_of(magnitude: u128, negative: bool, scale: u32) -> Decimal {
    let word = |at: u32| u32::try_from((magnitude >> at) & 0xffff_ffff).unwrap_or(0);
    Decimal::from_parts(word(0), word(32), word(64), negative, scale)
}

/// `(mantissa / divisor, mantissa % divisor)` for a divisor below 2³², 64 bits at a time
/// (three machine divisions instead of the general 128-bit one; multiplications when the
/// divisor is a constant).
#[inline(always)]
fn div_rem_32(mantissa: u128, divisor: u64) -> (u128, u64) {
    let high = (mantissa >> 64) as u64;
    let low = mantissa as u64;
    let (q_high, r) = (high / divisor, high % divisor);
    let middle = (r << 32) | (low >> 32);
    let (q_middle, r) = (middle / divisor, middle % divisor);
    let bottom = (r << 32) | (low & 0xffff_ffff);
    let (q_low, r) = (bottom / divisor, bottom % divisor);
    ((u128::from(q_high) << 64) | (u128::from(q_middle) << 32) | u128::from(q_low), r)
}

/// The most digits (at most nine, and at most up to scale 28) by which `quotient` can be
/// scaled up and stay below 2⁹⁶ (`Buf12::find_scale`).
fn digits_that_fit(quotient: u128, scale: u32) -> u32 {
    let mut digits = 9.min(MAX_SCALE - scale);
    while digits > 0 && FITS.get(digits as usize).is_none_or(|&fits| quotient > fits) {
        digits -= 1;
    }
    digits
}

/// A quotient's trailing zeros off, as `rust_decimal`'s division strips them: eight at a
/// time only while the low 32 bits are zero, then four, two and one.
fn unscale(mut mantissa: u128, mut scale: u32) -> Fixed {
    while mantissa & 0xffff_ffff == 0 && scale >= 8 {
        match div_rem_32(mantissa, 100_000_000) {
            (quotient, 0) => (mantissa, scale) = (quotient, scale - 8),
            _ => break,
        }
    }
    if mantissa & 0xf == 0 && scale >= 4 {
        if let (quotient, 0) = div_rem_32(mantissa, 10_000) {
            (mantissa, scale) = (quotient, scale - 4);
        }
    }
    if mantissa & 0x3 == 0 && scale >= 2 {
        if let (quotient, 0) = div_rem_32(mantissa, 100) {
            (mantissa, scale) = (quotient, scale - 2);
        }
    }
    if mantissa & 0x1 == 0 && scale >= 1 {
        if let (quotient, 0) = div_rem_32(mantissa, 10) {
            (mantissa, scale) = (quotient, scale - 1);
        }
    }
    Fixed { mantissa, scale }
}

/// A mantissa of any width at any scale brought below 2⁹⁶ and to a scale of at most 28 as
/// `Buf24::rescale` does it: an estimate of the digits to drop (from the bit length, and at
/// least the scale beyond 28), one more at a time until it fits, half to even on all that
/// was dropped; `None` where digits run out (overflow).
#[inline]
fn fit(mantissa: u128, scale: u32) -> Option<Fixed> {
    if mantissa < LIMIT && scale <= MAX_SCALE {
        return Some(Fixed { mantissa, scale });
    }
    shorten(mantissa, scale)
}

/// [`fit`] for a mantissa of 2⁹⁶ or more or a scale beyond 28: kept out of line, so that the
/// common case inlines.
#[inline(never)]
fn shorten(mantissa: u128, scale: u32) -> Option<Fixed> {
    // rust_decimal: ((bits above 96, less one) × 77 / 256) + 1, at most 10 here; an
    // estimate beyond the scale is an overflow.
    let estimate = match (127 - mantissa.leading_zeros()).checked_sub(96) {
        Some(bits) if mantissa >= LIMIT => ((bits * 77) >> 8) + 1,
        _ => 0,
    };
    let mut dropped = estimate.max(scale.saturating_sub(MAX_SCALE));
    let mut scale = scale.checked_sub(dropped)?;
    let divide = |dropped: u32| div_rem_power(mantissa, dropped).0;
    let mut kept = divide(dropped);
    while kept >= LIMIT {
        scale = scale.checked_sub(1)?;
        dropped += 1;
        kept = divide(dropped);
    }
    let unit = power(dropped);
    let rest = mantissa - kept * unit;
    let half = unit / 2;
    if rest > half || (rest == half && kept & 1 == 1) {
        kept += 1;
        if kept == LIMIT {
            // Rounded up to 2⁹⁶: one digit more goes, rounded again.
            scale = scale.checked_sub(1)?;
            kept = LIMIT_TENTH;
        }
    }
    Some(Fixed { mantissa: kept, scale })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Mantissa, scale and sign: `==` on decimals compares values only.
    fn parts(value: Decimal) -> (i128, u32, bool) {
        (value.mantissa(), value.scale(), value.is_sign_negative())
    }

    fn fixed(mantissa: u128, scale: u32) -> Fixed {
        Fixed { mantissa, scale }
    }

    /// Mantissas of every width, with many near the 96-bit limit and many small ones.
    fn mantissa() -> impl Strategy<Value = u128> {
        prop_oneof![
            0u128..1_000,
            0u128..(1u128 << 32),
            0u128..(1u128 << 64),
            0u128..LIMIT,
            (LIMIT - (1u128 << 80))..LIMIT,
            (1u32..=28).prop_map(|n| power(n) - 1),
            (1u32..=28).prop_map(power),
        ]
    }

    fn operand() -> impl Strategy<Value = Fixed> {
        (mantissa(), 0u32..=28).prop_map(|(mantissa, scale)| fixed(mantissa, scale))
    }

    /// Divisors as weights sum to, and any 32-bit one.
    fn divisor() -> impl Strategy<Value = Fixed> {
        prop_oneof![
            (1u128..=400, 0u32..=2).prop_map(|(mantissa, scale)| fixed(mantissa, scale)),
            (1u128..=u128::from(u32::MAX), 0u32..=28)
                .prop_map(|(mantissa, scale)| fixed(mantissa, scale)),
        ]
    }

    /// Any decimal: both signs, every width and scale.
    fn signed() -> impl Strategy<Value = Decimal> {
        (mantissa(), 0u32..=28, any::<bool>())
            .prop_map(|(mantissa, scale, negative)| decimal_of(mantissa, negative, scale))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        #[test]
        fn comparisons_are_rust_decimals(a in signed(), b in signed(), shift in 0u32..=28) {
            prop_assert_eq!(compare(a, b), a.cmp(&b));
            // Equal values at other scales (zeros of either sign too).
            if let Some(wider) = a.checked_mul(decimal_of(power(shift), false, shift)) {
                prop_assert_eq!(compare(a, wider), a.cmp(&wider));
                prop_assert_eq!(compare(wider, a), std::cmp::Ordering::Equal);
            }
        }

        #[test]
        fn products_are_rust_decimals(a in operand(), b in operand()) {
            let expected = a.decimal().checked_mul(b.decimal());
            if let Some(product) = a.mul(b) {
                prop_assert_eq!(Some(parts(product.decimal())), expected.map(parts));
            } else {
                // Only the tiniest scales and overflows are left to rust_decimal.
                prop_assert!(a.scale + b.scale > MAX_SCALE + 19 || expected.is_none()
                    || a.mantissa.checked_mul(b.mantissa).is_none());
            }
        }

        #[test]
        fn sums_are_rust_decimals(a in operand(), b in operand()) {
            let expected = a.decimal().checked_add(b.decimal());
            if let Some(sum) = a.add(b) {
                prop_assert_eq!(Some(parts(sum.decimal())), expected.map(parts));
            } else {
                prop_assert!(expected.is_none() || a.scale.abs_diff(b.scale) > 9);
            }
        }

        #[test]
        fn quotients_are_rust_decimals(a in operand(), d in divisor()) {
            let expected = a.decimal().checked_div(d.decimal());
            if let Some(quotient) = a.div(d) {
                prop_assert_eq!(Some(parts(quotient.decimal())), expected.map(parts));
            } else {
                prop_assert!(a.scale < d.scale || expected.is_none());
            }
        }

        #[test]
        fn exact_products_are_rust_decimals(
            a in operand(), b in operand(), negative in any::<(bool, bool)>(),
        ) {
            let signed = |x: Fixed, negative: bool| if negative { -x.decimal() } else { x.decimal() };
            let (a, b) = (signed(a, negative.0), signed(b, negative.1));
            let exact = a.checked_mul(b).is_some_and(|p| p.scale() == a.scale() + b.scale());
            prop_assert_eq!(multiplies_exactly(a, b), exact);
        }

        #[test]
        fn weighted_points_are_rust_decimals(
            points in proptest::collection::vec((0u128..=120_000, 0u32..=4, 1u128..=60), 1..6),
            thirds in proptest::collection::vec(0u128..=400, 0..3),
        ) {
            // Points as scoring makes them: short decimals, and 28-digit quotients (a third).
            let mut terms: Vec<(Fixed, Fixed)> = points
                .iter()
                .map(|&(m, s, w)| (fixed(w, 0), fixed(m, s)))
                .collect();
            for &n in &thirds {
                let third = Fixed::of(Decimal::from(n as u64) / Decimal::from(3)).unwrap();
                terms.push((fixed(30, 0), third));
            }
            let (mut sum, mut weight) = (Fixed::ZERO, Fixed::ZERO);
            let (mut sum_d, mut weight_d) = (Decimal::ZERO, Decimal::ZERO);
            for (w, p) in terms {
                sum = sum.add(w.mul(p).unwrap()).unwrap();
                weight = weight.add(w).unwrap();
                sum_d += w.decimal() * p.decimal();
                weight_d += w.decimal();
            }
            let mean = sum.div(weight).unwrap();
            prop_assert_eq!(parts(mean.decimal()), parts(sum_d / weight_d));
        }
    }

    #[test]
    fn rounding_to_the_limit_drops_one_more_digit() {
        // (2⁹⁶ − 1) / 10 plus 5 / 100 needs 97 bits at scale 2; with its last digit (5) gone,
        // half to even rounds the odd 2⁹⁶ − 1 up to 2⁹⁶, and one more digit goes.
        let near = fixed(LIMIT - 1, 1);
        let five = fixed(5, 2);
        let sum = near.add(five).map(|s| parts(s.decimal()));
        let expected = near.decimal().checked_add(five.decimal()).map(parts);
        assert_eq!(sum, expected);
        assert_eq!(sum, Some((i128::try_from(LIMIT_TENTH).unwrap_or(0), 0, false)));
    }

    #[test]
    fn negative_operands_are_left_to_rust_decimal() {
        assert_eq!(Fixed::of(Decimal::NEGATIVE_ONE), None);
        assert_eq!(Fixed::of(Decimal::ONE), Some(fixed(1, 0)));
    }

    #[test]
    fn quotients_keep_rust_decimals_trailing_zeros() {
        // 8000 / 100 is exact at once: 80, not normalized further; 8050.5 / 100 takes the
        // remainder loop and is stripped to 80.505.
        let q = fixed(8000, 0).div(fixed(100, 0)).map(Fixed::decimal);
        assert_eq!(q.map(parts), Some(parts(Decimal::from(8000) / Decimal::from(100))));
        let q = fixed(80505, 1).div(fixed(100, 0)).map(Fixed::decimal);
        assert_eq!(q.map(|q| q.to_string()), Some("80.505".to_string()));
    }
}
