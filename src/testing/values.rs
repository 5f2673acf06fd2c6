//! One value of a test file → one exact decimal in the indicator's base unit, in the same
//! notation as a data file's cell (`docs/data.md`): percent in percent points (`35` or
//! `"35%"`), durations in seconds or with a unit (`"25s"`, `"2m"`, `"0:01:30"`), money as an
//! amount with an optional currency (`"1,234.50 CNY"`). TOML numbers are read back from
//! the source text, so `0.1` is exactly one tenth.

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::spec::Literal;
use crate::source::SourceFile;

/// How a value is read: the unit of the indicator it feeds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// Percent points, 0..100.
    Percent,
    /// Seconds, ≥ 0.
    Duration,
    /// Money; the currency it must be in, when known.
    Money(Option<String>),
    /// A whole number ≥ 0.
    Count,
    /// A plain number (ratios, ratings, hook inputs, points, composites).
    Number,
}

impl Kind {
    /// What a value of this kind may look like, for help texts.
    pub fn accepted(&self) -> String {
        match self {
            Kind::Percent => "write percent points: `35` or `\"35%\"` for 35 percent".into(),
            Kind::Duration => "write seconds (`42`) or a duration (`\"42s\"`, `\"2m\"`, `\"1.5h\"`, `\"0:01:30\"`)".into(),
            Kind::Money(Some(code)) => format!("write an amount: `1234.5`, `\"1,234.50\"` or `\"1234.50 {code}\"`"),
            Kind::Money(None) => "write an amount: `1234.5` or `\"1,234.50\"`".into(),
            Kind::Count => "write a whole number such as `3`".into(),
            Kind::Number => "write a number such as `87.25` or `\"87.25\"`".into(),
        }
    }
}

/// Why a value could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueError {
    /// Stable diagnostic code.
    pub code: &'static str,
    /// What is wrong, quoting the value.
    pub problem: String,
    /// What to write instead.
    pub help: String,
}

impl ValueError {
    fn new(code: &'static str, problem: impl Into<String>, help: impl Into<String>) -> Self {
        ValueError { code, problem: problem.into(), help: help.into() }
    }

    fn invalid(text: &str, kind: &Kind) -> Self {
        ValueError::new(
            "test::bad-value",
            format!("`{text}` is not a valid value here"),
            kind.accepted(),
        )
    }
}

/// The text of a number or string value and whether it was a TOML string.
fn text_of(
    file: &SourceFile,
    literal: &Literal,
    kind: &Kind,
) -> Result<(String, bool), ValueError> {
    match literal.get_ref() {
        toml::Value::String(text) => Ok((text.trim().to_string(), true)),
        toml::Value::Integer(_) | toml::Value::Float(_) => {
            let raw = file.text.get(literal.span()).unwrap_or_default();
            Ok((raw.replace('_', ""), false))
        }
        other => Err(ValueError::new(
            "test::bad-value",
            format!("a {} is not a valid value here", other.type_str()),
            kind.accepted(),
        )),
    }
}

/// `[+-]digits[.digits]` (TOML numbers may also carry an exponent).
fn number(text: &str) -> Option<Decimal> {
    let text = text.strip_prefix('+').unwrap_or(text);
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    if unsigned.contains(['e', 'E']) {
        return Decimal::from_scientific(text).ok().map(|d| d.normalize());
    }
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() && fraction.is_empty() || !digits(whole) || !digits(fraction) {
        return None;
    }
    Decimal::from_str(text).ok()
}

/// `1,234,567.89`: `,` separates groups of three.
fn grouped(text: &str) -> Option<Decimal> {
    if !text.contains(',') {
        return number(text);
    }
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let whole = unsigned.split_once('.').map_or(unsigned, |(w, _)| w);
    let mut groups = whole.split(',');
    let first_ok = groups.next().is_some_and(|g| (1..=3).contains(&g.len()));
    (first_ok && groups.all(|g| g.len() == 3)).then(|| number(&text.replace(',', ""))).flatten()
}

/// Read `literal` as a value of `kind`.
pub fn read(file: &SourceFile, literal: &Literal, kind: &Kind) -> Result<Decimal, ValueError> {
    let (text, _) = text_of(file, literal, kind)?;
    match kind {
        Kind::Percent => percent(&text),
        Kind::Duration => duration(&text),
        Kind::Money(expected) => {
            let (amount, currency) = money(&text)?;
            match (currency, expected) {
                (Some((written, codes)), Some(expected)) if !codes.contains(expected) => {
                    Err(ValueError::new(
                        "test::bad-value",
                        format!("`{text}` is in {written}, but the indicator is in {expected}"),
                        format!("write the amount in {expected}, or without a currency"),
                    ))
                }
                _ => Ok(amount),
            }
        }
        Kind::Count => {
            let value = grouped(&text).ok_or_else(|| ValueError::invalid(&text, kind))?;
            if value.is_sign_negative() && !value.is_zero() || !value.fract().is_zero() {
                return Err(ValueError::new(
                    "test::bad-value",
                    format!("`{text}` is not a whole number ≥ 0"),
                    kind.accepted(),
                ));
            }
            Ok(value)
        }
        Kind::Number => number(&text).ok_or_else(|| ValueError::invalid(&text, kind)),
    }
}

/// Read a money amount with its currency when written (`"100 CNY"`, `"CNY 100"`, `100`).
pub fn read_money(
    file: &SourceFile,
    literal: &Literal,
) -> Result<(Decimal, Option<String>), ValueError> {
    let (text, _) = text_of(file, literal, &Kind::Money(None))?;
    let (amount, currency) = money(&text)?;
    match currency {
        Some((_, codes)) if codes.len() == 1 => Ok((amount, codes.into_iter().next())),
        Some((symbol, _)) => Err(ValueError::new(
            "test::bad-value",
            format!("`{symbol}` may stand for several currencies"),
            "write the currency code: `\"100 CNY\"`",
        )),
        None => Ok((amount, None)),
    }
}
/// Read a date: a TOML date (`2011-07-05`) or a string `"2011-07-05"`.
pub fn read_date(literal: &Literal) -> Result<NaiveDate, ValueError> {
    let help = "write a date such as `2011-07-05`";
    let text = match literal.get_ref() {
        toml::Value::Datetime(datetime) if datetime.time.is_none() => datetime.to_string(),
        toml::Value::String(text) => text.trim().to_string(),
        other => {
            return Err(ValueError::new(
                "test::bad-value",
                format!("a {} is not a date", other.type_str()),
                help,
            ));
        }
    };
    NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .map_err(|_| ValueError::new("test::bad-value", format!("`{text}` is not a date"), help))
}

fn percent(text: &str) -> Result<Decimal, ValueError> {
    let (digits, has_sign) = match text.strip_suffix('%') {
        Some(rest) => (rest.trim_end(), true),
        None => (text, false),
    };
    let value = number(digits).ok_or_else(|| ValueError::invalid(text, &Kind::Percent))?;
    let ambiguous = value > Decimal::ZERO && value < Decimal::ONE
        || value == Decimal::ONE && digits.contains('.');
    if !has_sign && ambiguous {
        let other = (value * Decimal::ONE_HUNDRED).normalize();
        return Err(ValueError::new(
            "test::ambiguous-percent",
            format!("`{text}` is ambiguous: it could mean {text}% or {other}%"),
            format!(
                "values are in percent points: write `{other}` for {other} percent, or `\"{text}%\"` for {text} percent"
            ),
        ));
    }
    if value < Decimal::ZERO || value > Decimal::ONE_HUNDRED {
        return Err(ValueError::new(
            "test::bad-value",
            format!("`{text}` is outside 0..100%"),
            Kind::Percent.accepted(),
        ));
    }
    Ok(value)
}

fn duration(text: &str) -> Result<Decimal, ValueError> {
    let invalid = || ValueError::invalid(text, &Kind::Duration);
    let seconds = if text.contains(':') {
        let parts: Vec<&str> = text.split(':').collect();
        let [hours, minutes, seconds] = parts[..] else { return Err(invalid()) };
        let (h, m, s) = (
            number(hours).ok_or_else(invalid)?,
            number(minutes).ok_or_else(invalid)?,
            number(seconds).ok_or_else(invalid)?,
        );
        let sixty = Decimal::from(60);
        if minutes.len() != 2 || m >= sixty || s >= sixty || !h.fract().is_zero() {
            return Err(invalid());
        }
        h * Decimal::from(3600) + m * sixty + s
    } else {
        let factor = match text.chars().last() {
            Some('s') => 1,
            Some('m') => 60,
            Some('h') => 3600,
            Some('d') => 86400,
            _ => return number(text).ok_or_else(invalid).and_then(|v| non_negative(v, text)),
        };
        number(text[..text.len() - 1].trim_end()).ok_or_else(invalid)? * Decimal::from(factor)
    };
    non_negative(seconds, text)
}

fn non_negative(seconds: Decimal, text: &str) -> Result<Decimal, ValueError> {
    if seconds.is_sign_negative() && !seconds.is_zero() {
        return Err(ValueError::new(
            "test::bad-value",
            format!("`{text}` is negative: a duration cannot be"),
            Kind::Duration.accepted(),
        ));
    }
    Ok(seconds)
}

/// Currency symbols and the codes each may stand for (as in data files).
const SYMBOLS: &[(char, &[&str])] = &[
    ('¥', &["CNY", "JPY"]),
    ('￥', &["CNY", "JPY"]),
    ('$', &["USD", "AUD", "CAD", "HKD", "NZD", "SGD", "TWD"]),
    ('€', &["EUR"]),
    ('£', &["GBP"]),
];

/// A currency as written (`CNY`, `¥`) and the codes it may stand for.
type Written = (String, Vec<String>);

/// An amount and the currency written with it: `"1,234.50 CNY"` → (1234.50, CNY),
/// `"¥88"` → (88, ¥ with the codes it may stand for).
fn money(text: &str) -> Result<(Decimal, Option<Written>), ValueError> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, text),
    };
    let code = |s: Option<&str>| {
        s.filter(|t| t.len() == 3 && t.bytes().all(|b| b.is_ascii_uppercase())).map(str::to_string)
    };
    let (amount, currency) =
        if let Some((symbol, codes)) = SYMBOLS.iter().find(|(c, _)| rest.starts_with(*c)) {
            let codes = codes.iter().map(|c| c.to_string()).collect();
            (rest[symbol.len_utf8()..].trim_start(), Some((symbol.to_string(), codes)))
        } else if let Some(found) = code(rest.get(..3)) {
            (rest[3..].trim_start(), Some((found.clone(), vec![found])))
        } else if let Some(found) = code(rest.get(rest.len().saturating_sub(3)..)) {
            (rest[..rest.len() - 3].trim_end(), Some((found.clone(), vec![found])))
        } else {
            (rest, None)
        };
    let value = grouped(amount).ok_or_else(|| ValueError::invalid(text, &Kind::Money(None)))?;
    Ok((if negative { -value } else { value }, currency))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// Parse `v = <value>` and read `v` as `kind`.
    fn give(value: &str, kind: Kind) -> Result<Decimal, ValueError> {
        let text = format!("v = {value}\n");
        let table: std::collections::BTreeMap<String, Literal> = toml::from_str(&text).unwrap();
        read(&SourceFile::new("t.toml", text.as_str()), &table["v"], &kind)
    }

    fn gives(value: &str, kind: Kind, expected: &str) {
        assert_eq!(give(value, kind).unwrap(), Decimal::from_str(expected).unwrap(), "{value}");
    }

    #[test]
    fn numbers_are_read_from_the_source_text_exactly() {
        gives("0.1", Kind::Number, "0.1");
        gives("87.25", Kind::Number, "87.25");
        gives("1_000", Kind::Number, "1000");
        gives("\"87.25\"", Kind::Number, "87.25");
        gives("-3", Kind::Number, "-3");
    }

    #[test]
    fn percent_points_with_or_without_sign() {
        gives("35", Kind::Percent, "35");
        gives("\"35.5%\"", Kind::Percent, "35.5");
        gives("\"0.5%\"", Kind::Percent, "0.5");
        gives("0", Kind::Percent, "0");
        assert_eq!(give("0.35", Kind::Percent).unwrap_err().code, "test::ambiguous-percent");
        assert_eq!(give("120", Kind::Percent).unwrap_err().code, "test::bad-value");
    }

    #[test]
    fn durations_in_seconds_or_with_a_unit() {
        gives("25", Kind::Duration, "25");
        gives("\"25s\"", Kind::Duration, "25");
        gives("\"1.5m\"", Kind::Duration, "90");
        gives("\"0:01:30\"", Kind::Duration, "90");
        assert!(give("\"1:30\"", Kind::Duration).is_err());
        assert!(give("-4", Kind::Duration).is_err());
    }

    #[test]
    fn money_with_separators_and_currency() {
        gives("\"54,000\"", Kind::Money(Some("CNY".into())), "54000");
        gives("\"54000 CNY\"", Kind::Money(Some("CNY".into())), "54000");
        gives("\"-¥1,234.5\"", Kind::Money(Some("CNY".into())), "-1234.5");
        let err = give("\"54000 EUR\"", Kind::Money(Some("CNY".into()))).unwrap_err();
        assert!(err.problem.contains("in EUR"), "{err:?}");
    }

    #[test]
    fn counts_are_whole_and_other_types_are_refused() {
        gives("2", Kind::Count, "2");
        assert!(give("1.5", Kind::Count).is_err());
        let err = give("true", Kind::Number).unwrap_err();
        assert!(err.problem.contains("boolean"), "{err:?}");
    }

    #[test]
    fn dates_as_toml_dates_or_strings() {
        let table: std::collections::BTreeMap<String, Literal> =
            toml::from_str("a = 2011-07-05\nb = \"2011-07-06\"\nc = 3\n").unwrap();
        assert_eq!(read_date(&table["a"]).unwrap(), NaiveDate::from_ymd_opt(2011, 7, 5).unwrap());
        assert_eq!(read_date(&table["b"]).unwrap(), NaiveDate::from_ymd_opt(2011, 7, 6).unwrap());
        assert!(read_date(&table["c"]).is_err());
    }
}
