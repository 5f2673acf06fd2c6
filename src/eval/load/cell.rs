//! One data cell → one exact value, read by the unit of the indicator it feeds. The rules
//! are documented in `docs/data.md`; where a guess could silently change a score (`0.35` in
//! a percent column, `1:30` as a duration, `1,5` as money) the cell is rejected instead.

use std::borrow::Cow;
use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;

/// A cell as a data file gives it, before it is read by a unit.
#[derive(Debug, Clone)]
pub(crate) enum RawCell<'a> {
    /// Nothing in the cell (or only spaces, or JSON `null`): a missing value.
    Empty,
    /// Text, or a number written as text (CSV) or typed (JSON, XLSX) in its shortest form.
    Text(Cow<'a, str>),
    /// A spreadsheet date or time: serial days since the workbook's epoch, the calendar date
    /// (when the serial is a valid date) and whether the cell is formatted as a duration.
    DateTime { serial: f64, date: Option<NaiveDate>, duration: bool },
    /// Something that is neither text nor a number: a boolean, a spreadsheet error, a list.
    Other(String),
}

/// `text` without leading and trailing whitespace, as [`str::trim`] gives it; a text whose
/// first and last bytes are ASCII and not whitespace (nearly every cell) is returned as is
/// without decoding a character.
pub(crate) fn trimmed(text: &str) -> &str {
    let plain = |byte: Option<&u8>| {
        byte.is_some_and(|&b| b.is_ascii() && !matches!(b, b' ' | b'\t'..=b'\r'))
    };
    if plain(text.as_bytes().first()) && plain(text.as_bytes().last()) { text } else { text.trim() }
}

impl RawCell<'_> {
    /// True for an empty cell, or text of spaces only.
    pub(crate) fn is_blank(&self) -> bool {
        match self {
            RawCell::Empty => true,
            RawCell::Text(text) => trimmed(text).is_empty(),
            _ => false,
        }
    }

    /// The cell as the user would read it, for messages.
    pub(crate) fn shown(&self) -> String {
        self.shown_text().into_owned()
    }

    /// [`shown`](Self::shown), borrowed from the cell where it is its text: keys read from
    /// every row (its period, role) are looked up without a copy.
    pub(crate) fn shown_text(&self) -> Cow<'_, str> {
        match self {
            RawCell::Empty => Cow::Borrowed(""),
            RawCell::Text(text) => Cow::Borrowed(trimmed(text)),
            RawCell::DateTime { date: Some(date), duration: false, .. } => {
                Cow::Owned(date.to_string())
            }
            RawCell::DateTime { serial, .. } => Cow::Owned(format!("{serial} days")),
            RawCell::Other(text) => Cow::Borrowed(text),
        }
    }
}

/// How a cell is read: the unit of the indicator (or the role of the column) it feeds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ValueKind {
    /// Percent points, 0..100.
    Percent,
    /// Seconds, ≥ 0.
    Duration,
    /// An amount of money; the currency it must be in, when known.
    Money(Option<String>),
    /// A whole number ≥ 0.
    Count,
    /// A plain number.
    Ratio,
    /// A rating on a scale (the engine checks the scale's range).
    Rating,
    /// A raw column read by a hook: a plain number.
    Raw,
}

impl ValueKind {
    fn noun(&self) -> &'static str {
        match self {
            ValueKind::Percent => "percentage",
            ValueKind::Duration => "duration",
            ValueKind::Money(_) => "money amount",
            ValueKind::Count => "count",
            ValueKind::Ratio | ValueKind::Raw => "number",
            ValueKind::Rating => "rating",
        }
    }

    /// What a cell of this kind may hold, for help texts.
    pub(crate) fn accepted(&self) -> String {
        let forms = match self {
            ValueKind::Percent => {
                "a percentage in percent points: `35`, `35%` or `35.5%` (`0.35%` is a third of a percent)".to_string()
            }
            ValueKind::Duration => "seconds (`42`), a number with a unit (`42s`, `2m`, `1.5h`, `1d`) or h:mm:ss (`0:01:30`)".to_string(),
            ValueKind::Money(Some(code)) => format!("an amount such as `1234.50`, `1,234.50` or `1234.50 {code}`"),
            ValueKind::Money(None) => "an amount such as `1234.50` or `1,234.50`".to_string(),
            ValueKind::Count => "a whole number such as `3` or `1,204`".to_string(),
            ValueKind::Ratio | ValueKind::Raw => "a plain number such as `1.25`".to_string(),
            ValueKind::Rating => "a rating of the scale as a number, such as `4`".to_string(),
        };
        format!("write {forms}; leave the cell empty for a missing value")
    }
}

/// Why a cell could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CellError {
    /// Stable diagnostic code.
    pub code: &'static str,
    /// What is wrong, naming the cell's text.
    pub problem: String,
    /// What to write instead.
    pub help: String,
}

impl CellError {
    fn new(code: &'static str, problem: String, help: String) -> Self {
        CellError { code, problem, help }
    }

    fn invalid(text: &str, kind: &ValueKind) -> Self {
        let noun = if text.chars().any(|c| c.is_ascii_digit()) { kind.noun() } else { "number" };
        CellError::new("data::not-a-number", format!("`{text}` is not a {noun}"), kind.accepted())
    }

    fn domain(problem: String) -> Self {
        let help = "check the export: the value lies outside what the indicator's unit allows";
        CellError::new("data::out-of-domain", problem, help.to_string())
    }
}

/// How plain numbers (without `%`) in percent columns are read: `--percent` on the command
/// line. By default (`Strict`) `35` is 35% and a plain number strictly between 0 and 1 is
/// refused as ambiguous; `Points` reads every plain number as percent points (`0.35` is
/// 0.35%); `Fraction` reads plain numbers as fractions of one (`0.35` is 35%). A cell written
/// with `%` always means percent points.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum PercentScale {
    /// Percent points; refuse plain numbers between 0 and 1.
    #[default]
    Strict,
    /// Percent points, always.
    Points,
    /// Fractions of one (0..1).
    Fraction,
}

/// Read a cell as `kind`; `Ok(None)` for an empty cell (a missing value).
#[cfg(test)]
pub(crate) fn read_value(cell: &RawCell, kind: &ValueKind) -> Result<Option<Decimal>, CellError> {
    read_value_with(cell, kind, PercentScale::Strict)
}

/// [`read_value`] with the percent scale the user chose.
pub(crate) fn read_value_with(
    cell: &RawCell,
    kind: &ValueKind,
    scale: PercentScale,
) -> Result<Option<Decimal>, CellError> {
    let text = match cell {
        RawCell::Empty => return Ok(None),
        RawCell::Text(text) => trimmed(text),
        RawCell::DateTime { serial, duration, .. } => {
            return read_datetime(cell, *serial, *duration, kind).map(Some);
        }
        RawCell::Other(text) => return Err(CellError::invalid(text, kind)),
    };
    if text.is_empty() {
        return Ok(None);
    }
    let value = match kind {
        ValueKind::Percent => read_percent(text, scale)?,
        ValueKind::Duration => read_duration(text)?,
        ValueKind::Money(currency) => read_money(text, currency.as_deref())?,
        ValueKind::Count => read_count(text)?,
        ValueKind::Ratio | ValueKind::Rating | ValueKind::Raw => {
            number(text).ok_or_else(|| CellError::invalid(text, kind))?
        }
    };
    Ok(Some(value))
}

/// `[+-]digits[.digits]`, nothing else (no exponent, no separators).
pub(crate) fn number(text: &str) -> Option<Decimal> {
    if let Some(value) = short_number(text) {
        return Some(value);
    }
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.len() + fraction.len() == 0 || !digits(whole) || !digits(fraction) {
        return None;
    }
    let normalised = text.strip_prefix('+').unwrap_or(text);
    Decimal::from_str(normalised).ok()
}

/// `digits[.digits]` of at most 18 digits, as `Decimal::from_str` reads it (the digits
/// its mantissa, the decimals its scale), without its general parser: most cells of an
/// export. `None` for anything else.
fn short_number(text: &str) -> Option<Decimal> {
    let bytes = text.as_bytes();
    // (At most 18 digits and a point; 19 digits would not overflow below either.)
    if bytes.len() > 19 {
        return None;
    }
    // One pass over the bytes: the digits into the mantissa, and where the point is.
    let mut mantissa: u64 = 0;
    let mut point = None;
    for (at, &byte) in bytes.iter().enumerate() {
        match byte {
            b'0'..=b'9' => mantissa = mantissa * 10 + u64::from(byte - b'0'),
            b'.' if point.is_none() => point = Some(at),
            _ => return None,
        }
    }
    let scale = match point {
        None => 0,
        // Digits on both sides of the point (`.5` and `5.` are left to the general reader).
        Some(at) if at > 0 && at + 1 < bytes.len() => bytes.len() - at - 1,
        Some(_) => return None,
    };
    let digits = bytes.len() - usize::from(point.is_some());
    if digits == 0 || digits > 18 {
        return None;
    }
    let scale = u32::try_from(scale).ok()?;
    Some(Decimal::from_parts(mantissa as u32, (mantissa >> 32) as u32, 0, false, scale))
}

/// A number with `,` thousands separators in groups of three (`1,234,567.89`).
fn grouped_number(text: &str) -> Option<Decimal> {
    if !text.contains(',') {
        return number(text);
    }
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let mut groups = whole.split(',');
    let first_ok = groups.next().is_some_and(|g| (1..=3).contains(&g.len()));
    if !first_ok || !groups.all(|g| g.len() == 3) || fraction.contains(',') {
        return None;
    }
    number(&text.replace(',', ""))
}

fn read_percent(text: &str, scale: PercentScale) -> Result<Decimal, CellError> {
    let (digits, has_sign) = match text.strip_suffix(['%', '％']) {
        Some(rest) => (rest.trim_end(), true),
        None => (text, false),
    };
    let value = number(digits).ok_or_else(|| CellError::invalid(text, &ValueKind::Percent))?;
    if !has_sign && scale == PercentScale::Fraction {
        if value < Decimal::ZERO || value > Decimal::ONE {
            return Err(CellError::domain(format!(
                "`{text}` is outside 0..1 (percent columns are read as fractions: --percent fraction)"
            )));
        }
        return Ok(value * Decimal::ONE_HUNDRED);
    }
    if !has_sign && scale == PercentScale::Points {
        if value < Decimal::ZERO || value > Decimal::ONE_HUNDRED {
            return Err(CellError::domain(format!("`{text}` is outside 0..100%")));
        }
        return Ok(value);
    }
    let below_one = value > Decimal::ZERO && value < Decimal::ONE;
    let one_with_point = value == Decimal::ONE && digits.contains('.');
    if !has_sign && (below_one || one_with_point) {
        let other = (value * Decimal::ONE_HUNDRED).normalize();
        return Err(CellError::new(
            "data::ambiguous-percent",
            format!("`{text}` is ambiguous: it could mean {text}% or {other}%"),
            format!(
                "merit reads percentages in percent points: write `{other}` or `{other}%` for {other} percent, or `{text}%` for {text} percent; or say how the whole file is written with `--percent points` or `--percent fraction`"
            ),
        ));
    }
    if value < Decimal::ZERO || value > Decimal::ONE_HUNDRED {
        return Err(CellError::domain(format!("`{text}` is outside 0..100%")));
    }
    Ok(value)
}

fn read_duration(text: &str) -> Result<Decimal, CellError> {
    let kind = ValueKind::Duration;
    let seconds = if text.contains(':') {
        clock(text)?
    } else {
        let last = text.chars().last().unwrap_or(' ');
        let factor = match last {
            's' => Some(1),
            'm' => Some(60),
            'h' => Some(3600),
            'd' => Some(86400),
            _ => None,
        };
        match factor {
            Some(factor) => {
                let digits = text[..text.len() - 1].trim_end();
                let value = number(digits).ok_or_else(|| CellError::invalid(text, &kind))?;
                value.checked_mul(Decimal::from(factor)).ok_or_else(|| too_long(text))?.normalize()
            }
            None => number(text).ok_or_else(|| CellError::invalid(text, &kind))?,
        }
    };
    if seconds.is_sign_negative() && !seconds.is_zero() {
        return Err(CellError::domain(format!("`{text}` is negative: a duration cannot be")));
    }
    Ok(seconds)
}

/// `h:mm:ss[.fff]`; `m:ss` or `h:mm` alone is ambiguous.
fn clock(text: &str) -> Result<Decimal, CellError> {
    let parts: Vec<&str> = text.split(':').collect();
    if parts.len() == 2 {
        return Err(CellError::new(
            "data::ambiguous-duration",
            format!("`{text}` is ambiguous: it could be minutes:seconds or hours:minutes"),
            "write h:mm:ss (`0:01:30` for a minute and a half) or seconds (`90` or `90s`)"
                .to_string(),
        ));
    }
    let invalid = || CellError::invalid(text, &ValueKind::Duration);
    let [hours, minutes, seconds] = parts[..] else { return Err(invalid()) };
    let whole = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !whole(hours)
        || minutes.len() != 2
        || !whole(minutes)
        || !seconds.starts_with(|c: char| c.is_ascii_digit())
    {
        return Err(invalid());
    }
    let (hours, minutes) =
        (number(hours).ok_or_else(invalid)?, number(minutes).ok_or_else(invalid)?);
    let seconds = number(seconds).ok_or_else(invalid)?;
    let sixty = Decimal::from(60);
    if minutes >= sixty || seconds >= sixty {
        return Err(invalid());
    }
    hours
        .checked_mul(Decimal::from(3600))
        .and_then(|h| h.checked_add(minutes * sixty + seconds))
        .ok_or_else(|| too_long(text))
}

/// A duration whose seconds exceed an exact decimal.
fn too_long(text: &str) -> CellError {
    CellError::domain(format!("`{text}` is too long a duration to count in seconds"))
}

/// Currency symbols and the codes each may stand for.
const SYMBOLS: &[(char, &[&str])] = &[
    ('¥', &["CNY", "JPY"]),
    ('￥', &["CNY", "JPY"]),
    ('$', &["USD", "AUD", "CAD", "HKD", "NZD", "SGD", "TWD"]),
    ('€', &["EUR"]),
    ('£', &["GBP"]),
];

fn read_money(text: &str, currency: Option<&str>) -> Result<Decimal, CellError> {
    let invalid = || CellError::invalid(text, &ValueKind::Money(currency.map(str::to_string)));
    let (value, written) = split_money(text).ok_or_else(invalid)?;
    if let (Some(written), Some(expected)) = (&written, currency) {
        if !written.codes.contains(&expected) {
            return Err(CellError::new(
                "data::wrong-currency",
                format!("`{text}` is in {}, but the indicator is in {expected}", written.written),
                format!("convert the amount to {expected}, or write it without a currency"),
            ));
        }
    }
    Ok(value)
}

/// A currency written with an amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Currency<'a> {
    /// The symbol or code as written: `¥`, `CNY`.
    pub written: &'a str,
    /// The codes it may stand for: one for a code, several for some symbols (`¥`, `$`).
    pub codes: Vec<&'a str>,
}

/// An amount of money and the currency written with it, if any: `1,234.50`, `1234.50 CNY`,
/// `CNY 12`, `-¥88`. `None` when the amount is not a number.
pub(crate) fn split_money(text: &str) -> Option<(Decimal, Option<Currency<'_>>)> {
    // Digits first and last: neither a symbol nor a code (most exported amounts).
    let digit = |b: Option<&u8>| b.is_some_and(u8::is_ascii_digit);
    if digit(text.as_bytes().first()) && digit(text.as_bytes().last()) {
        return Some((grouped_number(text)?, None));
    }
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, text),
    };
    let (amount, currency) =
        if let Some((symbol, codes)) = SYMBOLS.iter().find(|(s, _)| rest.starts_with(*s)) {
            let (written, amount) = rest.split_at(symbol.len_utf8());
            (amount.trim_start(), Some(Currency { written, codes: codes.to_vec() }))
        } else if let Some(code) = currency_code(rest.get(..3)) {
            (rest[3..].trim_start(), Some(Currency { written: code, codes: vec![code] }))
        } else if let Some(code) = currency_code(rest.get(rest.len().saturating_sub(3)..)) {
            (rest[..rest.len() - 3].trim_end(), Some(Currency { written: code, codes: vec![code] }))
        } else {
            (rest, None)
        };
    let value = grouped_number(amount)?;
    Some((if negative { -value } else { value }, currency))
}

fn currency_code(text: Option<&str>) -> Option<&str> {
    text.filter(|t| t.len() == 3 && t.bytes().all(|b| b.is_ascii_uppercase()))
}

fn read_count(text: &str) -> Result<Decimal, CellError> {
    let value = grouped_number(text).ok_or_else(|| CellError::invalid(text, &ValueKind::Count))?;
    if value.is_sign_negative() && !value.is_zero() {
        return Err(CellError::domain(format!("`{text}` is negative: a count cannot be")));
    }
    if !value.fract().is_zero() {
        return Err(CellError::domain(format!("`{text}` is not a whole number: a count must be")));
    }
    Ok(value)
}

fn read_datetime(
    cell: &RawCell,
    serial: f64,
    duration: bool,
    kind: &ValueKind,
) -> Result<Decimal, CellError> {
    let shown = cell.shown();
    if *kind == ValueKind::Duration && (duration || (0.0..1.0).contains(&serial)) {
        let millis = (serial * 86_400_000.0).round();
        if (0.0..9.0e15).contains(&millis) {
            return Ok(Decimal::new(millis as i64, 3).normalize());
        }
        return Err(CellError::domain(format!("`{shown}` is not a duration merit can read")));
    }
    Err(CellError::new(
        "data::not-a-number",
        format!("`{shown}` is a date or time, not a {}", kind.noun()),
        format!("format the column as a number or as text; {}", kind.accepted()),
    ))
}

#[cfg(test)]
#[path = "cell_tests.rs"]
mod tests;
