//! Literals and small expressions in their canonical spelling: strings, numbers with their
//! units, comparisons, ranges, hook calls and action conditions.
//!
//! Numbers are printed exactly as written: `rust_decimal` keeps the scale, so `100.00`
//! stays `100.00` and `0.35` stays `0.35`.

use rust_decimal::Decimal;

use crate::ast::{Comparison, Condition, Count, HookCall, Ident, Quantity, Range, Subject};
use crate::source::Spanned;

/// A string literal: double quotes, with `\` and `"` escaped.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// ` "label"` when there is a label, else nothing (for headers like `group id "label"`).
pub fn label(label: &Option<Spanned<String>>) -> String {
    label.as_ref().map_or_else(String::new, |l| format!(" {}", string(&l.node)))
}

/// A number as written.
pub fn number(value: Decimal) -> String {
    value.to_string()
}

/// A percentage as written: `30%`.
pub fn percent(value: Decimal) -> String {
    format!("{value}%")
}

/// A literal with its unit: `42`, `35%`, `1.5h`, `100 CNY`.
pub fn quantity(value: &Quantity) -> String {
    match value {
        Quantity::Number(v) => number(*v),
        Quantity::Percent(v) => percent(*v),
        Quantity::Duration(v, unit) => format!("{v}{}", unit.suffix()),
        Quantity::Money(v, currency) => format!("{v} {currency}"),
    }
}

/// A comparison: `>= 98%`.
pub fn comparison(cmp: &Comparison) -> String {
    format!("{} {}", cmp.op.symbol(), quantity(&cmp.rhs.node))
}

/// A range of a band: `..20s`, `20s..40s`, `1m..`, `..=0`.
pub fn range(range: &Range) -> String {
    let from = range.from.as_ref().map(quantity).unwrap_or_default();
    let to = range.to.as_ref().map(quantity).unwrap_or_default();
    let dots = if range.to_inclusive { "..=" } else { ".." };
    format!("{from}{dots}{to}")
}

/// Identifiers separated by commas: `self, store_manager`.
pub fn idents(ids: &[Ident]) -> String {
    ids.iter().map(|id| id.node.as_str()).collect::<Vec<_>>().join(", ")
}

/// A hook call: `refund_ratio(refunds, paid_orders)`.
pub fn hook_call(call: &HookCall) -> String {
    format!("{}({})", call.function.node, idents(&call.args))
}

/// `points` or `value`.
pub fn subject(subject: Subject) -> &'static str {
    match subject {
        Subject::Points => "points",
        Subject::Value => "value",
    }
}

/// A number of people or a share of them: `2`, `10%`.
pub fn count(count: &Count) -> String {
    match count {
        Count::People(n) => n.to_string(),
        Count::Percent(p) => percent(*p),
    }
}

/// Binding strength of a condition: `or` is loosest, `not` and atoms tightest.
fn precedence(condition: &Condition) -> u8 {
    match condition {
        Condition::Or(..) => 1,
        Condition::And(..) => 2,
        _ => 3,
    }
}

/// An action condition with the fewest parentheses that keep its meaning. `and` and `or`
/// chain to the left (`a or b or c` is `(a or b) or c`), so only a right operand of the
/// same strength needs parentheses.
pub fn condition(cond: &Condition) -> String {
    match cond {
        Condition::Top(n) => format!("top {}", count(&n.node)),
        Condition::Bottom(n) => format!("bottom {}", count(&n.node)),
        Condition::Last => "last".to_string(),
        Condition::Rank(cmp) => format!("rank {}", comparison(&cmp.node)),
        Condition::Grade(grades) => format!("grade {}", idents(grades)),
        Condition::Score(cmp) => format!("score {}", comparison(&cmp.node)),
        Condition::Indicator { target, subject: s, comparison: cmp } => {
            format!("{} {} {}", target.node, subject(*s), comparison(&cmp.node))
        }
        Condition::Hook(call) => format!("hook {}", hook_call(&call.node)),
        Condition::And(lhs, rhs) => binary(cond, lhs, "and", rhs),
        Condition::Or(lhs, rhs) => binary(cond, lhs, "or", rhs),
        Condition::Not(inner) => format!("not {}", operand(&inner.node, 3)),
    }
}

fn binary(
    cond: &Condition,
    lhs: &Spanned<Condition>,
    op: &str,
    rhs: &Spanned<Condition>,
) -> String {
    let strength = precedence(cond);
    format!("{} {op} {}", operand(&lhs.node, strength), operand(&rhs.node, strength + 1))
}

/// `cond` in parentheses when it binds looser than `min`.
fn operand(cond: &Condition, min: u8) -> String {
    let text = condition(cond);
    if precedence(cond) < min { format!("({text})") } else { text }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::{CmpOp, DurationUnit};
    use crate::source::Span;

    fn sp<T>(node: T) -> Spanned<T> {
        Spanned::new(node, Span::default())
    }

    fn dec(text: &str) -> Decimal {
        text.parse().expect("a decimal")
    }

    #[test]
    fn strings_are_escaped() {
        assert_eq!(string(r#"say "hi" \ bye"#), r#""say \"hi\" \\ bye""#);
        assert_eq!(string("工作"), "\"工作\"");
    }

    #[test]
    fn numbers_keep_their_scale_and_unit() {
        assert_eq!(quantity(&Quantity::Number(dec("100.00"))), "100.00");
        assert_eq!(quantity(&Quantity::Number(dec("-3"))), "-3");
        assert_eq!(quantity(&Quantity::Percent(dec("12.5"))), "12.5%");
        assert_eq!(quantity(&Quantity::Duration(dec("1.5"), DurationUnit::Hours)), "1.5h");
        assert_eq!(quantity(&Quantity::Money(dec("99.50"), "USD".into())), "99.50 USD");
    }

    #[test]
    fn ranges_print_open_ends() {
        let s = |v| Some(Quantity::Duration(dec(v), DurationUnit::Seconds));
        assert_eq!(range(&Range { from: None, to: s("20"), to_inclusive: false }), "..20s");
        assert_eq!(range(&Range { from: s("20"), to: s("40"), to_inclusive: false }), "20s..40s");
        assert_eq!(range(&Range { from: s("60"), to: None, to_inclusive: false }), "60s..");
        assert_eq!(range(&Range { from: None, to: s("0"), to_inclusive: true }), "..=0s");
    }

    #[test]
    fn conditions_get_parentheses_only_where_needed() {
        let top = || Box::new(sp(Condition::Top(sp(Count::People(1)))));
        let last = || Box::new(sp(Condition::Last));
        let score = Condition::Score(sp(Comparison {
            op: CmpOp::Ge,
            rhs: sp(Quantity::Number(dec("90"))),
        }));
        // (top 1 or last) and score >= 90
        let or = Condition::Or(top(), last());
        let and = Condition::And(Box::new(sp(or.clone())), Box::new(sp(score.clone())));
        assert_eq!(condition(&and), "(top 1 or last) and score >= 90");
        // top 1 or last and score >= 90 == top 1 or (last and score >= 90)
        let and2 = Condition::And(last(), Box::new(sp(score)));
        assert_eq!(
            condition(&Condition::Or(top(), Box::new(sp(and2)))),
            "top 1 or last and score >= 90"
        );
        // left-chained or needs no parentheses, right-nested does
        assert_eq!(
            condition(&Condition::Or(Box::new(sp(or.clone())), last())),
            "top 1 or last or last"
        );
        assert_eq!(
            condition(&Condition::Or(last(), Box::new(sp(or.clone())))),
            "last or (top 1 or last)"
        );
        assert_eq!(condition(&Condition::Not(Box::new(sp(or)))), "not (top 1 or last)");
        assert_eq!(
            condition(&Condition::Not(Box::new(sp(Condition::Not(last()))))),
            "not not last"
        );
    }

    #[test]
    fn hook_calls_and_counts() {
        let call =
            HookCall { function: sp("f".into()), args: vec![sp("a".into()), sp("b".into())] };
        assert_eq!(hook_call(&call), "f(a, b)");
        assert_eq!(count(&Count::Percent(dec("10"))), "10%");
    }
}
