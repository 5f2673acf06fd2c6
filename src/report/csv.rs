//! The CSV output of `merit eval`: one row per employee and period, for other tools. The
//! fixed columns come first, then the points of every indicator (`<id>.points`, full
//! precision), in the order the schemes declare them. Documented in `docs/output.md`.

use std::collections::BTreeSet;

use crate::eval::result::{ActionKind, EmployeeResult, Evaluation, NodeKind};

use super::display;

/// The fixed columns, in order.
pub const COLUMNS: &[&str] = &[
    "scheme",
    "period",
    "employee",
    "scope",
    "rank",
    "reverse_rank",
    "ranked_count",
    "composite",
    "composite_rounded",
    "grade",
    "failed_gates",
    "bonus",
    "deduction",
    "actions",
];

/// The evaluation as CSV (UTF-8, LF line ends, a header row).
pub fn render(evaluation: &Evaluation) -> Result<String, ::csv::Error> {
    let mut indicators: Vec<&str> = Vec::new();
    let mut seen = BTreeSet::new();
    let employees =
        evaluation.schemes.iter().flat_map(|s| s.periods.iter().flat_map(|p| &p.employees));
    for employee in employees.clone() {
        for node in employee.indicators.iter().filter(|n| n.kind != NodeKind::Group) {
            if seen.insert(&*node.id) {
                indicators.push(&node.id);
            }
        }
    }
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let header = COLUMNS
        .iter()
        .map(|c| c.to_string())
        .chain(indicators.iter().map(|i| format!("{i}.points")));
    writer.write_record(header.collect::<Vec<_>>())?;
    for scheme in &evaluation.schemes {
        for period in &scheme.periods {
            for employee in &period.employees {
                let mut row = fixed_cells(&scheme.scheme, employee);
                for id in &indicators {
                    let points = employee.node(id).and_then(|n| n.points);
                    row.push(points.map(display::plain).unwrap_or_default());
                }
                writer.write_record(&row)?;
            }
        }
    }
    let bytes = writer.into_inner().map_err(|e| ::csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn fixed_cells(scheme: &str, employee: &EmployeeResult) -> Vec<String> {
    let money = |kind: ActionKind| {
        let amounts: Vec<String> = employee
            .actions
            .iter()
            .filter(|a| a.kind == kind)
            .filter_map(|a| {
                a.amount
                    .map(|amount| display::money(amount, a.currency.as_deref()).replace(',', ""))
            })
            .collect();
        amounts.join("; ")
    };
    let actions: Vec<String> = employee.actions.iter().map(display::effect).collect();
    vec![
        scheme.to_string(),
        employee.period.clone(),
        employee.employee.clone(),
        employee.scope.clone().unwrap_or_default(),
        employee.rank.to_string(),
        employee.reverse_rank.to_string(),
        employee.ranked_count.to_string(),
        display::plain(employee.composite),
        employee.composite_rounded.to_string(),
        employee.grade.as_ref().map(|g| g.id.clone()).unwrap_or_default(),
        employee.failed_gates.join("; "),
        money(ActionKind::Bonus),
        money(ActionKind::Deduction),
        actions.join("; "),
    ]
}
