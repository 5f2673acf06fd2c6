//! The XLSX output of `merit eval`: a sheet `Results` (one row per employee and period,
//! the columns of the CSV output, numbers as numbers) and a sheet `Actions` (one row per
//! action effect). The document's creation date is fixed, so the same input gives the same
//! bytes.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use crate::eval::result::{ActionKind, Evaluation};

use super::display;

/// The evaluation as an XLSX workbook.
pub fn render(evaluation: &Evaluation) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    workbook.set_properties(
        &DocProperties::new().set_creation_datetime(&created).set_title("merit evaluation"),
    );
    let bold = Format::new().set_bold();
    results(workbook.add_worksheet(), evaluation, &bold)?;
    actions(workbook.add_worksheet(), evaluation, &bold)?;
    workbook.save_to_buffer()
}

fn header(sheet: &mut Worksheet, names: &[&str], bold: &Format) -> Result<(), XlsxError> {
    for (col, name) in (0u16..).zip(names) {
        sheet.write_string_with_format(0, col, *name, bold)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn number(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: Decimal,
    format: &Format,
) -> Result<(), XlsxError> {
    match value.to_f64() {
        Some(v) => sheet.write_number_with_format(row, col, v, format).map(|_| ()),
        None => sheet.write_string(row, col, value.to_string()).map(|_| ()),
    }
}

fn results(sheet: &mut Worksheet, evaluation: &Evaluation, bold: &Format) -> Result<(), XlsxError> {
    sheet.set_name("Results")?;
    let names = [
        "scheme",
        "period",
        "employee",
        "scope",
        "rank",
        "ranked_count",
        "composite",
        "grade",
        "failed_gates",
        "bonus",
        "deduction",
        "actions",
    ];
    header(sheet, &names, bold)?;
    let general = Format::new();
    let mut row = 1u32;
    for scheme in &evaluation.schemes {
        let places = "0".repeat(scheme.precision as usize);
        let score = Format::new().set_num_format(if places.is_empty() {
            "0".to_string()
        } else {
            format!("0.{places}")
        });
        for period in &scheme.periods {
            for employee in &period.employees {
                sheet.write_string(row, 0, &scheme.scheme)?;
                sheet.write_string(row, 1, &employee.period)?;
                sheet.write_string(row, 2, &employee.employee)?;
                sheet.write_string(row, 3, employee.scope.as_deref().unwrap_or(""))?;
                sheet.write_number(row, 4, employee.rank)?;
                sheet.write_number(row, 5, employee.ranked_count)?;
                number(sheet, row, 6, employee.composite_rounded, &score)?;
                sheet.write_string(
                    row,
                    7,
                    employee.grade.as_ref().map_or("", |g| g.id.as_str()),
                )?;
                sheet.write_string(row, 8, employee.failed_gates.join("; "))?;
                for (col, kind) in [(9u16, ActionKind::Bonus), (10, ActionKind::Deduction)] {
                    let total: Decimal = employee
                        .actions
                        .iter()
                        .filter(|a| a.kind == kind)
                        .filter_map(|a| a.amount)
                        .sum();
                    if !total.is_zero() {
                        number(sheet, row, col, total, &general)?;
                    }
                }
                let effects: Vec<String> = employee.actions.iter().map(display::effect).collect();
                sheet.write_string(row, 11, effects.join("; "))?;
                row += 1;
            }
        }
    }
    sheet.autofit();
    Ok(())
}

fn actions(sheet: &mut Worksheet, evaluation: &Evaluation, bold: &Format) -> Result<(), XlsxError> {
    sheet.set_name("Actions")?;
    let names = [
        "scheme",
        "period",
        "employee",
        "rank",
        "action",
        "label",
        "kind",
        "amount",
        "currency",
        "component",
        "due",
        "text",
        "facts",
    ];
    header(sheet, &names, bold)?;
    let general = Format::new();
    let mut row = 1u32;
    for scheme in &evaluation.schemes {
        for period in &scheme.periods {
            for employee in &period.employees {
                for action in &employee.actions {
                    sheet.write_string(row, 0, &scheme.scheme)?;
                    sheet.write_string(row, 1, &employee.period)?;
                    sheet.write_string(row, 2, &employee.employee)?;
                    sheet.write_number(row, 3, employee.rank)?;
                    sheet.write_string(row, 4, &action.action)?;
                    sheet.write_string(row, 5, action.label.as_deref().unwrap_or(""))?;
                    sheet.write_string(row, 6, kind_name(action.kind))?;
                    if let Some(amount) = action.amount {
                        number(sheet, row, 7, amount, &general)?;
                    }
                    sheet.write_string(row, 8, action.currency.as_deref().unwrap_or(""))?;
                    sheet.write_string(row, 9, action.component.as_deref().unwrap_or(""))?;
                    sheet.write_string(
                        row,
                        10,
                        action.due.map(|d| d.to_string()).unwrap_or_default(),
                    )?;
                    sheet.write_string(row, 11, action.text.as_deref().unwrap_or(""))?;
                    sheet.write_string(row, 12, action.facts.join("; "))?;
                    row += 1;
                }
            }
        }
    }
    sheet.autofit();
    Ok(())
}

/// The JSON name of an action kind.
pub fn kind_name(kind: ActionKind) -> &'static str {
    match kind {
        ActionKind::Bonus => "bonus",
        ActionKind::Deduction => "deduction",
        ActionKind::ImprovementPlan => "improvement_plan",
        ActionKind::Review => "review",
        ActionKind::Note => "note",
    }
}
