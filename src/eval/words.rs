//! Conditions and quantities in the language's own words, for the facts of fired actions
//! (`last in 2011-06, 2011-07, 2011-08`).

use rust_decimal::{Decimal, RoundingStrategy};

use crate::ast::{Condition, Count, Quantity, Subject};
use crate::source::Spanned;

/// Decimals shown of a measured or computed value in words and reports. Values computed by
/// hooks can carry 28 digits; results keep them, what people read has at most this many.
pub const SHOWN_DECIMALS: u32 = 4;

/// A value as people read it: at most [`SHOWN_DECIMALS`] decimals (half away from zero),
/// no trailing zeros.
pub fn shown(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(SHOWN_DECIMALS, RoundingStrategy::MidpointAwayFromZero).normalize()
}

/// A condition as it would be written in a scheme: `bottom 2`, `grade A, B`,
/// `complaints value > 5%`, `top 1 and not grade D`.
pub fn describe(condition: &Condition) -> String {
    match condition {
        Condition::Top(count) => format!("top {}", count_words(&count.node)),
        Condition::Bottom(count) => format!("bottom {}", count_words(&count.node)),
        Condition::Last => "last".to_string(),
        Condition::Rank(cmp) => format!("rank {} {}", cmp.op.symbol(), quantity(&cmp.rhs.node)),
        Condition::Grade(ids) => {
            let ids: Vec<&str> = ids.iter().map(|id| id.node.as_str()).collect();
            format!("grade {}", ids.join(", "))
        }
        Condition::Score(cmp) => format!("score {} {}", cmp.op.symbol(), quantity(&cmp.rhs.node)),
        Condition::Indicator { target, subject, comparison } => {
            let subject = match subject {
                Subject::Points => "points",
                Subject::Value => "value",
            };
            let rhs = quantity(&comparison.rhs.node);
            format!("{} {subject} {} {rhs}", target.node, comparison.op.symbol())
        }
        Condition::Hook(call) => {
            let args: Vec<&str> = call.args.iter().map(|a| a.node.as_str()).collect();
            format!("hook {}({})", call.function.node, args.join(", "))
        }
        Condition::And(a, b) => format!("{} and {}", operand(a, true), operand(b, true)),
        Condition::Or(a, b) => format!("{} or {}", operand(a, false), operand(b, false)),
        Condition::Not(a) => format!("not {}", operand(a, true)),
    }
}

/// Parenthesise an operand where the binding of `not` > `and` > `or` needs it.
fn operand(condition: &Spanned<Condition>, inside_and: bool) -> String {
    let text = describe(&condition.node);
    match condition.node {
        Condition::Or(..) if inside_and => format!("({text})"),
        Condition::And(..) if inside_and => format!("({text})"),
        _ => text,
    }
}

fn count_words(count: &Count) -> String {
    match count {
        Count::People(k) => k.to_string(),
        Count::Percent(p) => format!("{}%", p.normalize()),
    }
}

/// A literal as written: `5%`, `30s`, `100 CNY`, `60`.
pub fn quantity(q: &Quantity) -> String {
    match q {
        Quantity::Number(v) => v.normalize().to_string(),
        Quantity::Percent(v) => format!("{}%", v.normalize()),
        Quantity::Duration(v, unit) => format!("{}{}", v.normalize(), unit.suffix()),
        Quantity::Money(v, code) => format!("{} {code}", v.normalize()),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::ast::{CmpOp, Comparison, Ident};
    use crate::source::Span;
    use rust_decimal::Decimal;

    fn sp<T>(node: T) -> Spanned<T> {
        Spanned::new(node, Span::default())
    }
    fn id(text: &str) -> Ident {
        sp(text.to_string())
    }

    #[test]
    fn conditions_in_words() {
        let top = sp(Condition::Top(sp(Count::Percent(Decimal::new(100, 1)))));
        let grade = sp(Condition::Grade(vec![id("A"), id("B")]));
        let complaints = sp(Condition::Indicator {
            target: id("complaints"),
            subject: Subject::Value,
            comparison: sp(Comparison {
                op: CmpOp::Gt,
                rhs: sp(Quantity::Percent(Decimal::from(5))),
            }),
        });
        let either = sp(Condition::Or(Box::new(grade), Box::new(complaints)));
        let both = Condition::And(Box::new(top), Box::new(sp(Condition::Not(Box::new(either)))));
        assert_eq!(describe(&both), "top 10% and not (grade A, B or complaints value > 5%)");
        assert_eq!(describe(&Condition::Last), "last");
    }

    #[test]
    fn values_are_shown_to_four_decimals_half_away_from_zero() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(shown(d("12.962962962962962962962962963")).to_string(), "12.963");
        assert_eq!(shown(d("0.00005")).to_string(), "0.0001");
        assert_eq!(shown(d("-0.00005")).to_string(), "-0.0001");
        assert_eq!(shown(d("42.500")).to_string(), "42.5");
    }
}
