//! `merit explain SCHEME --data FILE --employee ID [--period P]`: one employee's result for
//! the feedback interview (see `report::explain`). The whole data file is evaluated, since
//! ranks and streaks depend on everyone.
//!
//! Exit codes: 0 explained; 1 the scheme or data has errors, or the employee (or period) is
//! not in the data; 2 a file cannot be read or written.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::eval::{DataArgs, evaluate_files, write_output};
use super::progress::Progress;
use super::{EXIT_FINDINGS, use_color};
use crate::diagnostic::{Diagnostic, render};
use crate::eval::result::{EmployeeResult, PeriodEvaluation, SchemeEvaluation};
use crate::report::explain::Explanation;

/// Arguments of `merit explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The scheme file.
    #[arg(value_name = "SCHEME")]
    pub scheme: PathBuf,
    /// The metric data (see docs/data.md).
    #[command(flatten)]
    pub data: DataArgs,
    /// The employee to explain.
    #[arg(long, value_name = "ID")]
    pub employee: String,
    /// The period (default: the latest period of that employee).
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    pub format: ExplainFormat,
    /// Write the output to FILE (atomically).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `--format` of `merit explain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExplainFormat {
    /// Text for people.
    Text,
    /// JSON (docs/output.md).
    Json,
}

/// Run `merit explain`; returns the exit code.
pub fn run(args: ExplainArgs) -> u8 {
    let progress = Progress::start("checking the scheme");
    let evaluated = match evaluate_files(std::slice::from_ref(&args.scheme), &args.data, &progress)
    {
        Ok(evaluated) => evaluated,
        Err(code) => return code,
    };
    drop(progress);
    let (Some(scheme), Some(result)) =
        (evaluated.schemes.first(), evaluated.evaluation.schemes.first())
    else {
        return EXIT_FINDINGS;
    };
    let (period, employee) =
        match find(result, &args.employee, args.period.as_deref(), &args.data.data) {
            Ok(found) => found,
            Err(diagnostic) => {
                eprint!("{}", render(&[diagnostic], use_color()));
                return EXIT_FINDINGS;
            }
        };
    let explanation = Explanation { scheme, result, period, employee };
    let text = match args.format {
        ExplainFormat::Text => explanation.text(),
        ExplainFormat::Json => match explanation.json() {
            Ok(text) => text,
            Err(err) => {
                eprintln!("error: the explanation cannot be written as JSON: {err}");
                return EXIT_FINDINGS;
            }
        },
    };
    write_output(args.output.as_deref(), text.as_bytes())
}

/// The employee's result in the period asked for, or in their latest period.
#[allow(clippy::result_large_err)] // the one diagnostic type; an error path taken once
fn find<'a>(
    result: &'a SchemeEvaluation,
    employee: &str,
    period: Option<&str>,
    data: &std::path::Path,
) -> Result<(&'a PeriodEvaluation, &'a EmployeeResult), Diagnostic> {
    let in_period = |p: &'a PeriodEvaluation| {
        p.employees.iter().find(|e| e.employee == employee).map(|e| (p, e))
    };
    let found: Vec<(&PeriodEvaluation, &EmployeeResult)> =
        result.periods.iter().filter_map(in_period).collect();
    if found.is_empty() {
        let mut ids: Vec<&str> = result
            .periods
            .iter()
            .flat_map(|p| p.employees.iter().map(|e| e.employee.as_str()))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let near = crate::eval::load::near_matches(employee, ids.iter().copied());
        let help = if near.is_empty() {
            format!("the employees in the data are {}", shorten(&ids))
        } else {
            format!("did you mean {}?", near.join(" or "))
        };
        return Err(Diagnostic::error(
            "explain::unknown-employee",
            format!("no employee `{employee}` in {}", data.display()),
        )
        .with_help(help));
    }
    match period {
        None => found
            .last()
            .copied()
            .ok_or_else(|| Diagnostic::error("explain::unknown-employee", "no result")),
        Some(wanted) => found.iter().find(|(p, _)| p.period == wanted).copied().ok_or_else(|| {
            let periods: Vec<&str> = found.iter().map(|(p, _)| p.period.as_str()).collect();
            Diagnostic::error(
                "explain::unknown-period",
                format!(
                    "employee {employee} has no result for period `{wanted}` in {}",
                    data.display()
                ),
            )
            .with_help(format!("the employee's periods are {}", periods.join(", ")))
        }),
    }
}

/// At most ten ids, then "and N more".
fn shorten(ids: &[&str]) -> String {
    if ids.len() <= 10 {
        return ids.join(", ");
    }
    format!("{} and {} more", ids[..10].join(", "), ids.len() - 10)
}
