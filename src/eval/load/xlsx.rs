//! Spreadsheet data (XLSX, and XLS/ODS through the same reader): the first sheet or the one
//! named by `--sheet`; the first used row is the header. Numbers are read as Excel shows
//! them (15 significant digits), dates in the period column name the period containing them,
//! and time-formatted cells in a duration column are durations.

use std::borrow::Cow;
use std::io::Cursor;
use std::sync::Arc;

use calamine::{Data, Reader};
use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::diagnostic::Diagnostic;
use crate::eval::dataset::Dataset;

use super::LoadOptions;
use super::assemble::Assembler;
use super::cell::RawCell;
use super::expect::{near_matches, one_of};
use super::sink::{Row, Sink};

/// Read a workbook from `bytes` (named `name` in messages) for `schemes`.
pub(crate) fn read(
    name: &str,
    bytes: &[u8],
    schemes: &[&crate::ast::Scheme],
    options: &LoadOptions,
) -> Result<(Dataset, Vec<Diagnostic>), Vec<Diagnostic>> {
    let bad = |err: &dyn std::fmt::Display| {
        Diagnostic::error("data::bad-xlsx", format!("{name} cannot be read as a workbook: {err}"))
            .with_help("save the file again from the spreadsheet program as .xlsx")
    };
    let mut workbook =
        calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| vec![bad(&e)])?;
    let sheets = workbook.sheet_names();
    let sheet = match &options.sheet {
        Some(sheet) if sheets.contains(sheet) => sheet.clone(),
        Some(sheet) => return Err(vec![unknown_sheet(name, sheet, &sheets)]),
        None => match sheets.first() {
            Some(first) => first.clone(),
            None => return Err(vec![empty(name, "has no sheet")]),
        },
    };
    let range = workbook.worksheet_range(&sheet).map_err(|e| vec![bad(&e)])?;
    let Some((first_row, _)) = range.start() else {
        return Err(vec![empty(name, &format!("sheet `{sheet}` is empty"))]);
    };
    let label = if sheets.len() > 1 { format!("{name} sheet `{sheet}`") } else { name.to_string() };
    let mut asm = Assembler::new(schemes, Arc::from(name), Sink::new(label, "row", "column"));
    asm.percent_scale = options.percent_scale;
    let mut rows = range.rows().enumerate();
    let Some((_, header)) = rows.next() else {
        return Err(vec![empty(name, &format!("sheet `{sheet}` is empty"))]);
    };
    let number = |index: usize| first_row as usize + index + 1;
    let header_row = SheetRow { cells: header, number: number(0) };
    let Some(plan) = asm.plan(&header_row, options.layout) else { return Err(asm.fail()) };
    for (index, cells) in rows {
        asm.row(&plan, &SheetRow { cells, number: number(index) });
    }
    asm.finish()
}

fn empty(name: &str, what: &str) -> Diagnostic {
    Diagnostic::error("data::empty-file", format!("{name} {what}"))
        .with_help("put a header row (`employee`, `period`, one column per indicator) and the data on the first sheet, or name the sheet with --sheet")
}

fn unknown_sheet(name: &str, sheet: &str, sheets: &[String]) -> Diagnostic {
    let near = near_matches(sheet, sheets.iter().map(String::as_str));
    let all: Vec<&str> = sheets.iter().map(String::as_str).collect();
    let help = if near.is_empty() {
        format!("the sheets are {}", one_of(&all))
    } else {
        format!("did you mean {}?", one_of(&near))
    };
    Diagnostic::error("data::unknown-sheet", format!("{name} has no sheet `{sheet}`"))
        .with_help(help)
}

struct SheetRow<'a> {
    cells: &'a [Data],
    number: usize,
}

impl Row for SheetRow<'_> {
    fn number(&self) -> usize {
        self.number
    }

    fn len(&self) -> usize {
        self.cells.len()
    }

    fn cell(&self, column: usize) -> RawCell<'_> {
        match self.cells.get(column) {
            None | Some(Data::Empty) => RawCell::Empty,
            Some(Data::String(text) | Data::DateTimeIso(text)) => {
                RawCell::Text(Cow::Borrowed(text))
            }
            Some(Data::Int(number)) => RawCell::Text(Cow::Owned(number.to_string())),
            Some(Data::Float(number)) => match as_shown(*number) {
                Some(text) => RawCell::Text(Cow::Owned(text)),
                None => RawCell::Other(number.to_string()),
            },
            Some(Data::Bool(value)) => RawCell::Other(value.to_string().to_uppercase()),
            Some(Data::DateTime(time)) => {
                let (year, month, day, ..) = time.to_ymd_hms_milli();
                let date = NaiveDate::from_ymd_opt(year.into(), month.into(), day.into());
                RawCell::DateTime { serial: time.as_f64(), date, duration: time.is_duration() }
            }
            Some(Data::DurationIso(text)) => RawCell::Other(text.clone()),
            Some(Data::Error(error)) => RawCell::Other(error.to_string()),
        }
    }
}

/// A float as Excel displays it: rounded to 15 significant digits (`35.199999999999996`
/// from a formula is `35.2`).
fn as_shown(number: f64) -> Option<String> {
    if !number.is_finite() {
        return None;
    }
    let scientific = format!("{number:.14e}");
    Decimal::from_scientific(&scientific).ok().map(|d| d.normalize().to_string())
}

#[cfg(test)]
mod tests {
    use super::as_shown;

    #[test]
    fn floats_are_read_as_excel_shows_them() {
        assert_eq!(as_shown(35.199999999999996).as_deref(), Some("35.2"));
        assert_eq!(as_shown(0.1 + 0.2).as_deref(), Some("0.3"));
        assert_eq!(as_shown(42.0).as_deref(), Some("42"));
        assert_eq!(as_shown(-1234.5).as_deref(), Some("-1234.5"));
        assert_eq!(as_shown(f64::NAN), None);
    }
}
