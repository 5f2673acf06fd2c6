//! Literals: strings with escapes, dates, and the number lexeme with its `%`, duration unit
//! or currency, checked for the kind each place expects (a weight is a percent, points are a
//! plain number, ...). Numbers are exact decimals; what a `Decimal` cannot hold is an error.

use chrono::{Datelike, NaiveDate};
use pest::iterators::Pair;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::ast::{Count, DurationUnit, Quantity};
use crate::source::{Span, Spanned};

use super::builder::Builder;
use super::grammar::Rule;
use super::words;

/// Amounts of money are below this, 10¹⁸, in size: the sum of one amount given to each of
/// 4,294,967,295 people (the most a period can hold) is then below 4.3 × 10²⁷, within an
/// exact decimal (7.9 × 10²⁸), so that money totals never overflow.
pub(crate) const MAX_AMOUNT: Decimal = Decimal::from_parts(0xA764_0000, 0x0DE0_B6B3, 0, false, 0);

/// The most decimals a scheme's precision may ask for: an exact decimal holds 28.
pub(crate) const MAX_PRECISION: u32 = 28;

/// A number lexeme split into its parts; offsets are absolute.
struct Lexeme<'t> {
    number: &'t str,
    exponent: Option<&'t str>,
    suffix: Suffix<'t>,
}

enum Suffix<'t> {
    None,
    Percent,
    /// Letters glued to the number (`30s`), with their offset.
    Unit(&'t str, usize),
    /// A currency code after a space (`100 CNY`), with its offset.
    Currency(&'t str, usize),
}

fn split(text: &str, start: usize) -> Lexeme<'_> {
    let bytes = text.as_bytes();
    let mut i = usize::from(bytes.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        while *i < bytes.len() && bytes[*i].is_ascii_digit() {
            *i += 1;
        }
    };
    digits(&mut i);
    if bytes.get(i) == Some(&b'.') {
        i += 1;
        digits(&mut i);
    }
    let number_end = i;
    let mut exponent = None;
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        let mut j = i + 1;
        if matches!(bytes.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        if bytes.get(j).is_some_and(u8::is_ascii_digit) {
            digits(&mut j);
            exponent = Some(&text[i + 1..j]);
            i = j;
        }
    }
    let rest = &text[i..];
    let suffix = if rest.is_empty() {
        Suffix::None
    } else if rest == "%" {
        Suffix::Percent
    } else if rest.starts_with([' ', '\t']) {
        let code = rest.trim_start();
        Suffix::Currency(code, start + text.len() - code.len())
    } else {
        Suffix::Unit(rest, start + i)
    };
    Lexeme { number: &text[..number_end], exponent, suffix }
}

impl Builder<'_> {
    /// A string literal without its quotes, escapes resolved; the span covers the quotes.
    pub fn string(&mut self, pair: &Pair<'_, Rule>) -> Spanned<String> {
        let span = self.span(pair);
        let body = pair.as_str();
        let body = body.get(1..body.len().saturating_sub(1)).unwrap_or("");
        if !body.contains('\\') {
            return Spanned::new(body.to_string(), span);
        }
        let mut out = String::with_capacity(body.len());
        let mut chars = body.char_indices();
        while let Some((i, c)) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some((_, e @ ('"' | '\\'))) => out.push(e),
                Some((j, other)) => {
                    let at = span.start + 1 + i;
                    let end = span.start + 1 + j + other.len_utf8();
                    self.error(
                        "syntax::invalid-escape",
                        format!("unknown escape `\\{other}` in a string"),
                        Span::new(at, end),
                        "not an escape merit knows".into(),
                        "only `\\\"` (a quote) and `\\\\` (a backslash) are escapes; write `\\\\` for a backslash".into(),
                    );
                    out.push(other);
                }
                None => out.push('\\'),
            }
        }
        Spanned::new(out, span)
    }

    /// A `YYYY-MM-DD` date that exists.
    pub fn date(&mut self, pair: &Pair<'_, Rule>) -> Option<Spanned<NaiveDate>> {
        let span = self.span(pair);
        let text = pair.as_str();
        let parts: Vec<&str> = text.split('-').collect();
        let shaped =
            parts.len() == 3 && parts[0].len() == 4 && parts[1].len() == 2 && parts[2].len() == 2;
        let numbers: Option<Vec<u32>> = parts.iter().map(|p| p.parse().ok()).collect();
        let (year, month, day) = match (shaped, numbers.as_deref()) {
            (true, Some(&[y, m, d])) => (y, m, d),
            _ => {
                self.error(
                    "syntax::invalid-date",
                    format!("`{text}` is not a date written `YYYY-MM-DD`"),
                    span,
                    "expected a date like `2011-06-07`".into(),
                    "write the year with four digits and month and day with two, e.g. `2011-06-07`"
                        .into(),
                );
                return None;
            }
        };
        let year = i32::try_from(year).unwrap_or(i32::MAX);
        if let Some(date) = NaiveDate::from_ymd_opt(year, month, day) {
            return Some(Spanned::new(date, span));
        }
        let detail = match NaiveDate::from_ymd_opt(year, month, 1) {
            Some(first) => {
                let next = first.checked_add_months(chrono::Months::new(1));
                let days = next.map_or(31, |n| n.signed_duration_since(first).num_days());
                format!("{} {} has {days} days", first.format("%B"), first.year())
            }
            None => format!("there is no month {month}"),
        };
        self.error(
            "syntax::invalid-date",
            format!("`{text}` is not a date: {detail}"),
            span,
            "no such day".into(),
            "write a day that exists in the calendar".into(),
        );
        None
    }

    /// The number of a lexeme as an exact decimal.
    fn decimal(&mut self, lexeme: &Lexeme<'_>, span: Span) -> Option<Decimal> {
        if let Some(exponent) = lexeme.exponent {
            let huge =
                exponent.trim_start_matches(['+', '-']).parse::<u32>().map_or(true, |e| e > 28);
            let (code, message) = if huge && !exponent.starts_with('-') {
                (
                    "syntax::number-too-large",
                    format!("number too large: `{}e{exponent}`", lexeme.number),
                )
            } else {
                (
                    "syntax::invalid-number",
                    format!("`{}e{exponent}` is written with an exponent", lexeme.number),
                )
            };
            self.error(
                code,
                message,
                span,
                "exponents are not allowed".into(),
                "merit numbers are exact decimals written out in full, e.g. `1500` or `0.015`"
                    .into(),
            );
            return None;
        }
        match Decimal::from_str_exact(lexeme.number) {
            Ok(value) => Some(value),
            Err(rust_decimal::Error::Underflow) => {
                self.error(
                    "syntax::invalid-number",
                    format!("`{}` has too many decimal places", lexeme.number),
                    span,
                    "at most 28 decimal places".into(),
                    "round the number to 28 decimal places or fewer".into(),
                );
                None
            }
            Err(_) => {
                self.error(
                    "syntax::number-too-large",
                    format!("number too large: `{}`", lexeme.number),
                    span,
                    "more than an exact decimal can hold".into(),
                    "numbers may have at most 28 significant digits (up to about 7.9 × 10²⁸)"
                        .into(),
                );
                None
            }
        }
    }

    /// Any value: a number, a percent, a duration or an amount of money.
    pub fn quantity(&mut self, pair: &Pair<'_, Rule>) -> Option<Spanned<Quantity>> {
        let span = self.span(pair);
        let lexeme = split(pair.as_str(), span.start);
        let value = self.decimal(&lexeme, span)?;
        let quantity = match lexeme.suffix {
            Suffix::None => Quantity::Number(value),
            Suffix::Percent => Quantity::Percent(value),
            Suffix::Currency(code, _) => Quantity::Money(value, code.to_string()),
            Suffix::Unit(unit, at) => {
                let duration = match unit {
                    "s" => DurationUnit::Seconds,
                    "m" => DurationUnit::Minutes,
                    "h" => DurationUnit::Hours,
                    "d" => DurationUnit::Days,
                    _ => {
                        self.unknown_unit(pair.as_str(), unit, Span::new(at, span.end));
                        return None;
                    }
                };
                Quantity::Duration(value, duration)
            }
        };
        Some(Spanned::new(quantity, span))
    }

    fn unknown_unit(&mut self, written: &str, unit: &str, span: Span) {
        let is_code = unit.len() == 3 && unit.bytes().all(|b| b.is_ascii_uppercase());
        let help = if is_code {
            format!(
                "write a space between the amount and the currency: `{} {unit}`",
                &written[..written.len() - unit.len()]
            )
        } else {
            "durations end in `s`, `m`, `h` or `d` (`30s`, `2m`, `1.5h`, `1d`), percents in `%`; money is an amount, a space and a currency code (`100 CNY`)".to_string()
        };
        self.error(
            "syntax::unknown-keyword",
            format!("unknown unit `{unit}` in `{written}`"),
            span,
            "not a unit".into(),
            help,
        );
    }

    /// A percent (`30%`), stored as written; `what` names it in errors ("a weight").
    pub fn percent(&mut self, pair: &Pair<'_, Rule>, what: &str) -> Option<Spanned<Decimal>> {
        let q = self.quantity(pair)?;
        match q.node {
            Quantity::Percent(v) => Some(Spanned::new(v, q.span)),
            Quantity::Number(v) => {
                self.wrong_kind(q.span, what, "a percent", format!("write `{v}%`"));
                None
            }
            _ => {
                self.wrong_kind(q.span, what, "a percent", "write a percent like `30%`".into());
                None
            }
        }
    }

    /// A plain number (points, caps, ratings).
    pub fn number(&mut self, pair: &Pair<'_, Rule>, what: &str) -> Option<Spanned<Decimal>> {
        let q = self.quantity(pair)?;
        match q.node {
            Quantity::Number(v) => Some(Spanned::new(v, q.span)),
            _ => {
                let bare = bare_number(&q.node);
                self.wrong_kind(
                    q.span,
                    what,
                    "a plain number",
                    format!("write the number alone, e.g. `{bare}`"),
                );
                None
            }
        }
    }

    /// A whole number ≥ 0 (days, decimals, cycles, people).
    pub fn whole(&mut self, pair: &Pair<'_, Rule>, what: &str) -> Option<Spanned<u32>> {
        let n = self.number(pair, what)?;
        if n.node.is_sign_negative() || !n.node.fract().is_zero() {
            self.wrong_kind(n.span, what, "a whole number", "write a whole number like `7`".into());
            return None;
        }
        match n.node.to_u32() {
            Some(v) => Some(Spanned::new(v, n.span)),
            None => {
                self.error(
                    "syntax::number-too-large",
                    format!("number too large: `{}` for {what}", n.node),
                    n.span,
                    "at most 4294967295".into(),
                    format!("{what} is a whole number up to 4294967295"),
                );
                None
            }
        }
    }

    /// An amount of money: `100 CNY` or `100` (the scheme's currency), below
    /// [`MAX_AMOUNT`] in size.
    pub fn money(
        &mut self,
        pair: &Pair<'_, Rule>,
    ) -> Option<(Spanned<Decimal>, Option<Spanned<String>>)> {
        let span = self.span(pair);
        let lexeme = split(pair.as_str(), span.start);
        let q = self.quantity(pair)?;
        let amount = match &q.node {
            Quantity::Number(v) | Quantity::Money(v, _) => Some(*v),
            _ => None,
        };
        if amount.is_some_and(|v| v.abs() >= MAX_AMOUNT) {
            let number = Span::new(span.start, span.start + lexeme.number.len());
            self.error(
                "syntax::number-too-large",
                format!("amount too large: `{}`", lexeme.number),
                number,
                "more than an amount of money can be".into(),
                "an amount is below 10¹⁸ (a quintillion), so that the totals of every bonus and \
                 deduction stay exact"
                    .into(),
            );
            return None;
        }
        match (q.node, lexeme.suffix) {
            (Quantity::Number(v), _) => Some((Spanned::new(v, span), None)),
            (Quantity::Money(v, code), Suffix::Currency(_, at)) => {
                let amount_span = Span::new(span.start, span.start + lexeme.number.len());
                Some((
                    Spanned::new(v, amount_span),
                    Some(Spanned::new(code, Span::new(at, span.end))),
                ))
            }
            _ => {
                self.wrong_kind(
                    span,
                    "an amount",
                    "money",
                    "write an amount like `100 CNY`".into(),
                );
                None
            }
        }
    }

    /// A number of people (`2`) or a share of them (`10%`).
    pub fn count(&mut self, pair: &Pair<'_, Rule>) -> Option<Spanned<Count>> {
        let q = self.quantity(pair)?;
        match q.node {
            Quantity::Percent(v) => Some(Spanned::new(Count::Percent(v), q.span)),
            Quantity::Number(_) => {
                let n = self.whole(pair, "a number of people")?;
                Some(Spanned::new(Count::People(n.node), n.span))
            }
            _ => {
                self.wrong_kind(
                    q.span,
                    "a number of people",
                    "a count",
                    "write a number like `2` or a share like `10%`".into(),
                );
                None
            }
        }
    }

    /// A currency code: three upper-case letters.
    pub fn currency_code(&mut self, pair: &Pair<'_, Rule>) -> Option<Spanned<String>> {
        let text = pair.as_str();
        if text.len() == 3 && text.bytes().all(|b| b.is_ascii_uppercase()) {
            return Some(self.ident(pair));
        }
        self.error(
            "syntax::invalid-currency",
            format!("`{text}` is not a currency code"),
            self.span(pair),
            "expected three upper-case letters".into(),
            format!(
                "write an ISO 4217 code such as `CNY`, `USD` or `EUR`{}",
                words::currency_hint(text)
            ),
        );
        None
    }

    fn wrong_kind(&mut self, span: Span, what: &str, kind: &str, help: String) {
        let written = self.text.get(span.start..span.end).unwrap_or("").to_string();
        self.error(
            "syntax::wrong-kind",
            format!("{what} must be {kind}, found `{written}`"),
            span,
            format!("expected {kind}"),
            help,
        );
    }
}

/// The number of a quantity without its unit, as written.
fn bare_number(quantity: &Quantity) -> String {
    match quantity {
        Quantity::Number(v)
        | Quantity::Percent(v)
        | Quantity::Money(v, _)
        | Quantity::Duration(v, _) => v.to_string(),
    }
}
