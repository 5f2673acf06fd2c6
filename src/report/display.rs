//! How numbers look in reports for people (table, Markdown, explain): display only, the
//! JSON output keeps full precision. Rounding is half away from zero, like the composite.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::eval::result::{ActionKind, ActionRecord, NodeResult, ValueUnit};

/// `d` rounded half away from zero to exactly `places` decimals: `2.345` → `2.35`,
/// `7` → `7.00`.
pub fn fixed(d: Decimal, places: u32) -> String {
    let mut rounded = d.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero);
    rounded.rescale(places);
    rounded.to_string()
}

/// Points, contributions and losses: two decimals.
pub fn points(d: Decimal) -> String {
    fixed(d, 2)
}

/// A number as short as exact: `40.0` → `40`, `12.50` → `12.5`.
pub fn plain(d: Decimal) -> String {
    d.normalize().to_string()
}

/// A weight in percent: `40%`, `33.3%`.
pub fn weight(d: Decimal) -> String {
    format!("{}%", plain(d))
}

/// An amount with `,` between thousands and two decimals: `1,234.50`.
pub fn grouped(d: Decimal) -> String {
    let text = fixed(d, 2);
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "00"));
    let mut out = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}.{fraction}")
}

/// Money: `1,234.50 CNY`; whole amounts of actions keep no decimals (`100 CNY`).
pub fn money(amount: Decimal, currency: Option<&str>) -> String {
    let text = grouped(amount);
    let number = match text.strip_suffix(".00") {
        Some(whole) if amount.fract().is_zero() => whole.to_string(),
        _ => text,
    };
    match currency {
        Some(code) => format!("{number} {code}"),
        None => number,
    }
}

/// A measured value with its unit: `35.2%`, `42s`, `1,234.50 CNY`, `3`. Values computed by
/// hooks can carry many decimals: at most four are shown (half away from zero).
pub fn value(d: Decimal, unit: Option<ValueUnit>, currency: Option<&str>) -> String {
    let d = crate::eval::words::shown(d);
    match unit {
        Some(ValueUnit::Percent) => format!("{}%", plain(d)),
        Some(ValueUnit::Duration) => format!("{}s", plain(d)),
        Some(ValueUnit::Currency) => match currency {
            Some(code) => format!("{} {code}", grouped(d)),
            None => grouped(d),
        },
        Some(ValueUnit::Count | ValueUnit::Ratio) | None => plain(d),
    }
}

/// A node's actual value for people: the value with its unit, or the ratings given.
pub fn actual(node: &NodeResult) -> String {
    if !node.ratings.is_empty() {
        let given: Vec<String> =
            node.ratings.iter().map(|r| format!("{} by {}", plain(r.rating), r.rater)).collect();
        return format!("rated {}", given.join(", "));
    }
    match node.value {
        Some(v) => value(v, node.unit, node.currency.as_deref()),
        None if node.missing => "missing".to_string(),
        None => "—".to_string(),
    }
}

/// One effect in a few words: `bonus 100 CNY to bonus`,
/// `improvement plan due 2011-07-08`, `review: Consider reassignment`.
pub fn effect(action: &ActionRecord) -> String {
    let amount = action.amount.map(|a| money(a, action.currency.as_deref())).unwrap_or_default();
    let component =
        |word: &str| action.component.as_ref().map(|c| format!(" {word} {c}")).unwrap_or_default();
    match action.kind {
        ActionKind::Bonus => format!("bonus {amount}{}", component("to")),
        ActionKind::Deduction => format!("deduct {amount}{}", component("from")),
        ActionKind::ImprovementPlan => match action.due {
            Some(due) => format!("improvement plan due {due}"),
            None => "improvement plan".to_string(),
        },
        ActionKind::Review => format!("review: {}", action.text.as_deref().unwrap_or("")),
        ActionKind::Note => format!("note: {}", action.text.as_deref().unwrap_or("")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().expect("decimal")
    }

    #[test]
    fn fixed_rounds_half_away_from_zero() {
        assert_eq!(fixed(d("2.345"), 2), "2.35");
        assert_eq!(fixed(d("-2.345"), 2), "-2.35");
        assert_eq!(fixed(d("7"), 2), "7.00");
        assert_eq!(fixed(d("79.135218"), 2), "79.14");
    }

    #[test]
    fn money_and_values_with_units() {
        assert_eq!(grouped(d("1234567.5")), "1,234,567.50");
        assert_eq!(grouped(d("-999.999")), "-1,000.00");
        assert_eq!(money(d("100"), Some("CNY")), "100 CNY");
        assert_eq!(money(d("1234.5"), Some("CNY")), "1,234.50 CNY");
        assert_eq!(value(d("35.20"), Some(ValueUnit::Percent), None), "35.2%");
        assert_eq!(value(d("42"), Some(ValueUnit::Duration), None), "42s");
        assert_eq!(value(d("64471.99"), Some(ValueUnit::Currency), Some("CNY")), "64,471.99 CNY");
        assert_eq!(weight(d("40.00")), "40%");
    }
}
