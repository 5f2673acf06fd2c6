//! The Markdown output of `merit eval`, for HR: per scheme and period a heading, a table
//! (rank, employee, composite, grade, actions) and the summary as a list.

use std::fmt::Write;

use crate::eval::result::{Evaluation, PeriodEvaluation};

use super::{display, table};

/// The evaluation as a Markdown document.
pub fn render(evaluation: &Evaluation) -> String {
    let mut out = String::from("# Evaluation results\n");
    for scheme in &evaluation.schemes {
        for period in &scheme.periods {
            let _ = write!(out, "\n## {}\n\n", table::heading(scheme, period));
            out.push_str(&period_table(period));
            out.push('\n');
            for line in table::summary(period).lines() {
                let (title, rest) = line.split_once(' ').unwrap_or((line, ""));
                let _ = writeln!(out, "- **{title}** {}", rest.trim_start());
            }
        }
    }
    out
}

fn period_table(period: &PeriodEvaluation) -> String {
    let scoped = period.employees.iter().any(|e| e.scope.is_some());
    let mut out = String::new();
    if scoped {
        out.push_str("| Scope | Rank | Employee | Composite | Grade | Actions |\n|---|--:|---|--:|---|---|\n");
    } else {
        out.push_str("| Rank | Employee | Composite | Grade | Actions |\n|--:|---|--:|---|---|\n");
    }
    for employee in &period.employees {
        let grade = employee.grade.as_ref().map_or(String::new(), |g| match &g.label {
            Some(label) => format!("{} ({label})", g.id),
            None => g.id.clone(),
        });
        let actions: Vec<String> =
            employee.actions.iter().map(|a| escape(&display::effect(a))).collect();
        let mut composite = employee.composite_rounded.to_string();
        if !employee.failed_gates.is_empty() {
            composite = format!("{composite} (gate failed: {})", employee.failed_gates.join(", "));
        }
        if scoped {
            let _ = write!(out, "| {} ", escape(employee.scope.as_deref().unwrap_or("")));
        }
        let _ = writeln!(
            out,
            "| {} | {} | {composite} | {} | {} |",
            employee.rank,
            escape(&employee.employee),
            escape(&grade),
            actions.join("<br>")
        );
    }
    out
}

/// Escape what would break a table cell.
fn escape(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
