//! The indicator breakdown shown under a failing expectation: each group and indicator with
//! its value (in its unit), points and weighted contribution, so that the author can see
//! which figure of the hand computation differs from the engine's. Points and
//! contributions keep a few more decimals than the scheme shows, so that they can be
//! checked against the arithmetic; the composite is given in full and as shown.

use rust_decimal::Decimal;

use crate::eval::result::{EmployeeResult, NodeKind, NodeResult, ValueUnit};
use crate::eval::round_score;

/// The breakdown as aligned text lines (no trailing newline on the last), each starting
/// with `indent`.
pub fn breakdown(result: &EmployeeResult, precision: u32, indent: &str) -> String {
    // Enough decimals to check a hand computation (.096 x 112 = 10.752), no trailing zeros.
    let decimals = precision + 4;
    let shown = |value: Decimal| round_score(value, decimals).normalize().to_string();
    let mut rows: Vec<[String; 4]> =
        vec![["indicator".into(), "value".into(), "points".into(), "contribution".into()]];
    for node in &result.indicators {
        let id = format!("{}{}", "  ".repeat(node.depth as usize), node.id);
        let points = match (node.points, node.missing) {
            (Some(points), _) => shown(points),
            (None, true) => "left out".into(),
            (None, false) => String::new(),
        };
        let mut value = value_of(node);
        if node.gate_passed == Some(false) {
            value.push_str(" (gate failed)");
        }
        rows.push([id, value, points, shown(node.contribution)]);
    }
    let widths: Vec<usize> =
        (0..4).map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0)).collect();
    let mut lines: Vec<String> = rows
        .iter()
        .map(|row| {
            let line = format!(
                "{indent}{:<w0$}  {:>w1$}  {:>w2$}  {:>w3$}",
                row[0],
                row[1],
                row[2],
                row[3],
                w0 = widths[0],
                w1 = widths[1],
                w2 = widths[2],
                w3 = widths[3]
            );
            line.trim_end().to_string()
        })
        .collect();
    let gate = match result.failed_gates.as_slice() {
        [] => String::new(),
        gates => format!(" (0: gate {} failed)", gates.join(", ")),
    };
    let composite = format!(
        "{indent}composite {}, shown as {}{gate}",
        shown(result.composite),
        round_score(result.composite_rounded, precision)
    );
    lines.push(composite);
    lines.join("\n")
}

/// The value in its unit: `40%`, `25s`, `54000 CNY`, a rating `4.3`, `missing`.
fn value_of(node: &NodeResult) -> String {
    let Some(value) = node.value else {
        return if node.missing && node.kind != NodeKind::Group {
            "missing".into()
        } else {
            String::new()
        };
    };
    let value = value.normalize();
    match (node.kind, node.unit) {
        (NodeKind::Rated, _) => format!("rated {value}"),
        (_, Some(ValueUnit::Percent)) => format!("{value}%"),
        (_, Some(ValueUnit::Duration)) => format!("{value}s"),
        (_, Some(ValueUnit::Currency)) => match &node.currency {
            Some(currency) => format!("{value} {currency}"),
            None => value.to_string(),
        },
        _ => value.to_string(),
    }
}
