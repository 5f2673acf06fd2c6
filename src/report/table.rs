//! The text table of `merit eval`: per scheme and period, one line per employee (rank,
//! employee, composite at the scheme's precision, grade, actions), then a summary (grade
//! distribution, money totals per pay component and currency, exceeded quotas).

use std::fmt::Write;

use crate::eval::result::{ActionKind, Evaluation, PeriodEvaluation, SchemeEvaluation};

use super::display;

/// How a column is aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Text.
    Left,
    /// Numbers.
    Right,
}

/// A plain-text table: columns padded to their widest cell, two spaces apart.
#[derive(Debug, Clone, Default)]
pub struct TextTable {
    columns: Vec<(String, Align)>,
    rows: Vec<Vec<String>>,
}

impl TextTable {
    /// A table with these column headings.
    pub fn new(columns: &[(&str, Align)]) -> Self {
        TextTable {
            columns: columns.iter().map(|(n, a)| (n.to_string(), *a)).collect(),
            rows: Vec::new(),
        }
    }

    /// Add a row (missing cells are blank).
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// The table as lines of text, without trailing spaces.
    pub fn render(&self) -> String {
        let width = |i: usize| {
            let cells = self.rows.iter().filter_map(|r| r.get(i)).map(|c| c.chars().count());
            cells.chain([self.columns[i].0.chars().count()]).max().unwrap_or(0)
        };
        let widths: Vec<usize> = (0..self.columns.len()).map(width).collect();
        let headings: Vec<String> = self.columns.iter().map(|(n, _)| n.clone()).collect();
        let mut out = String::new();
        for cells in std::iter::once(&headings).chain(&self.rows) {
            let mut line = String::new();
            for (i, (_, align)) in self.columns.iter().enumerate() {
                let cell = cells.get(i).map_or("", String::as_str);
                let pad = widths[i].saturating_sub(cell.chars().count());
                if i > 0 {
                    line.push_str("  ");
                }
                match align {
                    Align::Left => {
                        line.push_str(cell);
                        line.push_str(&" ".repeat(pad));
                    }
                    Align::Right => {
                        line.push_str(&" ".repeat(pad));
                        line.push_str(cell);
                    }
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

/// The whole evaluation as text tables.
pub fn render(evaluation: &Evaluation) -> String {
    let mut out = String::new();
    for scheme in &evaluation.schemes {
        for period in &scheme.periods {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(&render_period(scheme, period));
        }
    }
    if out.is_empty() {
        out.push_str("no employees to evaluate\n");
    }
    out
}

/// The heading line of a period: scheme, version, period and its dates.
pub fn heading(scheme: &SchemeEvaluation, period: &PeriodEvaluation) -> String {
    let version = scheme.version.as_ref().map(|v| format!(" {v}")).unwrap_or_default();
    format!(
        "{}{version}, period {} ({} to {}), {} employees, notice date {}",
        scheme.scheme,
        period.period,
        period.start,
        period.end,
        period.summary.employees,
        period.notice_date
    )
}

fn render_period(scheme: &SchemeEvaluation, period: &PeriodEvaluation) -> String {
    let scoped = period.employees.iter().any(|e| e.scope.is_some());
    let mut columns = vec![("rank", Align::Right), ("employee", Align::Left)];
    if scoped {
        columns.insert(0, ("scope", Align::Left));
    }
    columns.extend([("composite", Align::Right), ("grade", Align::Left), ("actions", Align::Left)]);
    let mut table = TextTable::new(&columns);
    for employee in &period.employees {
        let mut cells = vec![employee.rank.to_string(), employee.employee.clone()];
        if scoped {
            cells.insert(0, employee.scope.clone().unwrap_or_default());
        }
        let mut composite = employee.composite_rounded.to_string();
        if !employee.failed_gates.is_empty() {
            composite = format!("{composite} (gate failed: {})", employee.failed_gates.join(", "));
        }
        let grade = employee.grade.as_ref().map(|g| g.id.clone()).unwrap_or_default();
        let actions: Vec<String> = employee.actions.iter().map(display::effect).collect();
        cells.extend([composite, grade, actions.join("; ")]);
        table.row(cells);
    }
    let mut out = format!("{}\n\n{}\n", heading(scheme, period), table.render());
    out.push_str(&summary(period));
    out
}

/// The summary lines of a period.
pub fn summary(period: &PeriodEvaluation) -> String {
    let summary = &period.summary;
    let mut out = String::new();
    if !summary.grades.is_empty() {
        let grades: Vec<String> =
            summary.grades.iter().map(|g| format!("{} {}", g.grade.id, g.count)).collect();
        let _ = writeln!(out, "grades      {}", grades.join(" · "));
    }
    let kinds = [
        (ActionKind::Bonus, "bonuses", "to", "bonus"),
        (ActionKind::Deduction, "deductions", "from", "deduction"),
    ];
    for (kind, title, word, one) in kinds {
        let totals: Vec<String> = summary
            .totals
            .iter()
            .filter(|t| t.kind == kind)
            .map(|t| {
                let component =
                    t.component.as_ref().map(|c| format!(" {word} {c}")).unwrap_or_default();
                let count = match t.count {
                    1 => format!("1 {one}"),
                    n => format!("{n} {title}"),
                };
                format!("{}{component} ({count})", display::money(t.total, t.currency.as_deref()))
            })
            .collect();
        let shown = if totals.is_empty() { "none".to_string() } else { totals.join(" · ") };
        let _ = writeln!(out, "{title:<12}{shown}");
    }
    for warning in &summary.quota_warnings {
        let scope = warning.scope.as_ref().map(|s| format!(" in {s}")).unwrap_or_default();
        let _ = writeln!(
            out,
            "quota       grade {}{scope}: {} of {} exceed its quota of {}",
            warning.grade,
            warning.count,
            warning.ranked_count,
            display::weight(warning.quota)
        );
    }
    out
}
