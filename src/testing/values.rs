//! One value of a test file → one exact decimal in the indicator's base unit, in the same
//! notation as a data file's cell (`docs/data.md`): percent in percent points (`35` or
//! `"35%"`), durations in seconds or with a unit (`"25s"`, `"2m"`, `"0:01:30"`), money as an
//! amount with an optional currency (`"1,234.50 CNY"`). The value is read by the data
//! loader's own rules ([`cell`]); only what is particular to test files is here: TOML
//! literals, the `test::*` codes and the help texts. TOML numbers are read back from the
//! source text, so `0.1` is exactly one tenth.

use std::borrow::Cow;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::spec::Literal;
use crate::eval::load::PercentScale;
use crate::eval::load::cell::{self, CellError, RawCell, ValueKind};
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

    /// The data loader's kind with the same rules.
    fn cell_kind(&self) -> ValueKind {
        match self {
            Kind::Percent => ValueKind::Percent,
            Kind::Duration => ValueKind::Duration,
            Kind::Money(currency) => ValueKind::Money(currency.clone()),
            Kind::Count => ValueKind::Count,
            Kind::Number => ValueKind::Ratio,
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
        // An amount that is not a number is shown the forms without a currency.
        let help = match kind {
            Kind::Money(_) => Kind::Money(None).accepted(),
            _ => kind.accepted(),
        };
        ValueError::new("test::bad-value", format!("`{text}` is not a valid value here"), help)
    }

    /// The loader's error for the cell `text` as a test file's: a `test::*` code and help
    /// that speaks of TOML values.
    fn from_cell(err: CellError, text: &str, kind: &Kind) -> Self {
        match (err.code, kind) {
            ("data::ambiguous-percent", _) => match cell::number(text) {
                Some(value) => {
                    let other = (value * Decimal::ONE_HUNDRED).normalize();
                    ValueError::new(
                        "test::ambiguous-percent",
                        err.problem,
                        format!(
                            "values are in percent points: write `{other}` for {other} percent, or `\"{text}%\"` for {text} percent"
                        ),
                    )
                }
                None => ValueError::invalid(text, kind),
            },
            ("data::wrong-currency", Kind::Money(Some(expected))) => ValueError::new(
                "test::bad-value",
                err.problem,
                format!("write the amount in {expected}, or without a currency"),
            ),
            ("data::out-of-domain", Kind::Count) => ValueError::new(
                "test::bad-value",
                format!("`{text}` is not a whole number ≥ 0"),
                kind.accepted(),
            ),
            ("data::out-of-domain", _) => {
                ValueError::new("test::bad-value", err.problem, kind.accepted())
            }
            // Not a number, or an ambiguous `1:30`.
            _ => ValueError::invalid(text, kind),
        }
    }
}

/// The text of a number or string value, trimmed.
fn text_of(file: &SourceFile, literal: &Literal, kind: &Kind) -> Result<String, ValueError> {
    let text = match literal.get_ref() {
        toml::Value::String(text) => text.trim().to_string(),
        toml::Value::Integer(_) | toml::Value::Float(_) => {
            let raw = file.text.get(literal.span()).unwrap_or_default();
            raw.replace('_', "")
        }
        other => {
            return Err(ValueError::new(
                "test::bad-value",
                format!("a {} is not a valid value here", other.type_str()),
                kind.accepted(),
            ));
        }
    };
    Ok(without_exponent(text))
}

/// A number with an exponent (TOML allows `1e3` and `2.5E-1`) as the plain number it
/// stands for, which data cells (and so [`cell`]) read; any other text as it is.
fn without_exponent(text: String) -> String {
    let unsigned = text.strip_prefix('+').unwrap_or(&text);
    if !unsigned.contains(['e', 'E']) {
        return text;
    }
    match Decimal::from_scientific(unsigned) {
        Ok(value) => value.normalize().to_string(),
        Err(_) => text,
    }
}

/// Read `literal` as a value of `kind`.
pub fn read(file: &SourceFile, literal: &Literal, kind: &Kind) -> Result<Decimal, ValueError> {
    let text = text_of(file, literal, kind)?;
    let raw = RawCell::Text(Cow::Borrowed(&text));
    match cell::read_value_with(&raw, &kind.cell_kind(), PercentScale::Strict) {
        Ok(Some(value)) => Ok(value),
        Ok(None) => Err(ValueError::invalid(&text, kind)),
        Err(err) => Err(ValueError::from_cell(err, &text, kind)),
    }
}

/// Read a money amount with its currency when written (`"100 CNY"`, `"CNY 100"`, `100`).
pub fn read_money(
    file: &SourceFile,
    literal: &Literal,
) -> Result<(Decimal, Option<String>), ValueError> {
    let kind = Kind::Money(None);
    let text = text_of(file, literal, &kind)?;
    let (amount, currency) =
        cell::split_money(&text).ok_or_else(|| ValueError::invalid(&text, &kind))?;
    match currency.as_ref().map(|c| (c.written, c.codes.as_slice())) {
        None => Ok((amount, None)),
        Some((_, [code])) => Ok((amount, Some(code.to_string()))),
        Some((written, _)) => Err(ValueError::new(
            "test::bad-value",
            format!("`{written}` may stand for several currencies"),
            "write the currency code: `\"100 CNY\"`",
        )),
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::str::FromStr;

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
        gives("2.5E-1", Kind::Number, "0.25");
    }

    #[test]
    fn percent_points_with_or_without_sign() {
        gives("35", Kind::Percent, "35");
        gives("\"35.5%\"", Kind::Percent, "35.5");
        gives("\"0.5%\"", Kind::Percent, "0.5");
        gives("0", Kind::Percent, "0");
        gives("3.5e1", Kind::Percent, "35");
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
        gives("1e3", Kind::Count, "1000");
        assert!(give("1.5", Kind::Count).is_err());
        let err = give("true", Kind::Number).unwrap_err();
        assert!(err.problem.contains("boolean"), "{err:?}");
    }

    #[test]
    fn errors_carry_test_codes_and_help() {
        let err = give("0.35", Kind::Percent).unwrap_err();
        assert_eq!(err.problem, "`0.35` is ambiguous: it could mean 0.35% or 35%");
        assert_eq!(
            err.help,
            "values are in percent points: write `35` for 35 percent, or `\"0.35%\"` for 0.35 percent"
        );
        let err = give("-2", Kind::Count).unwrap_err();
        assert_eq!(
            (err.code, err.problem.as_str()),
            ("test::bad-value", "`-2` is not a whole number ≥ 0")
        );
        let err = give("\"1:30\"", Kind::Duration).unwrap_err();
        assert_eq!(
            (err.code, err.problem.as_str()),
            ("test::bad-value", "`1:30` is not a valid value here")
        );
        let err = give("-4", Kind::Duration).unwrap_err();
        assert_eq!(err.problem, "`-4` is negative: a duration cannot be");
        assert_eq!(err.help, Kind::Duration.accepted());
        let err = give("\"54000 EUR\"", Kind::Money(Some("CNY".into()))).unwrap_err();
        assert_eq!(err.code, "test::bad-value");
        assert_eq!(err.help, "write the amount in CNY, or without a currency");
        let err = give("\"\"", Kind::Number).unwrap_err();
        assert_eq!(err.problem, "`` is not a valid value here");
    }

    #[test]
    fn bonus_totals_with_or_without_a_currency() {
        let text = "a = 100\nb = \"1,200 CNY\"\nc = \"¥5\"\nd = \"€5\"\n";
        let table: std::collections::BTreeMap<String, Literal> = toml::from_str(text).unwrap();
        let file = SourceFile::new("t.toml", text);
        assert_eq!(read_money(&file, &table["a"]).unwrap(), (Decimal::from(100), None));
        let cny = read_money(&file, &table["b"]).unwrap();
        assert_eq!(cny, (Decimal::from(1200), Some("CNY".to_string())));
        let err = read_money(&file, &table["c"]).unwrap_err();
        assert_eq!(err.problem, "`¥` may stand for several currencies");
        let eur = read_money(&file, &table["d"]).unwrap();
        assert_eq!(eur, (Decimal::from(5), Some("EUR".to_string())));
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
