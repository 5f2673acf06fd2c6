//! Codes of loading metric data (`data::`).

use super::{CodeInfo, info};
use crate::diagnostic::Severity::{Error as E, Warning as W};

/// `data::`: a data file (CSV, JSON, XLSX) that cannot be read as the schemes expect.
pub(super) static DATA: &[CodeInfo] = &[
    info(
        "data::unknown-format",
        E,
        "The data file's extension names no format merit reads.",
        "Name the file .csv, .tsv, .json or .xlsx.",
    ),
    info(
        "data::empty-file",
        E,
        "The data file holds no header or no records.",
        "Export the data again with a header row.",
    ),
    info(
        "data::not-utf8",
        E,
        "A line of a CSV file is not UTF-8 text.",
        "Export the file as UTF-8.",
    ),
    info(
        "data::bad-csv",
        E,
        "The file cannot be read as CSV.",
        "Export it again as comma-separated values with a header row.",
    ),
    info(
        "data::bad-json",
        E,
        "The file is not valid JSON, or not an array of records.",
        "Fix the JSON; docs/data.md shows the shape.",
    ),
    info(
        "data::bad-xlsx",
        E,
        "The file cannot be read as a workbook.",
        "Save it again from the spreadsheet program.",
    ),
    info(
        "data::unknown-sheet",
        E,
        "The workbook has no sheet of the given name.",
        "Name one of the workbook's sheets with --sheet.",
    ),
    info(
        "data::row-length",
        E,
        "A row has more or fewer cells than the header.",
        "Fix the row's cells.",
    ),
    info(
        "data::missing-key-column",
        E,
        "The header lacks `employee` or `period` (or, long layout, `indicator` or `value`).",
        "Add the column.",
    ),
    info(
        "data::duplicate-column",
        E,
        "Two columns have the same name.",
        "Rename or remove one of them.",
    ),
    info(
        "data::unnamed-column",
        W,
        "A column has no name; its cells are ignored.",
        "Name the column or remove it.",
    ),
    info(
        "data::unknown-column",
        W,
        "A column or long-layout indicator matches nothing in the scheme; it is ignored.",
        "Rename it to an indicator id (the message suggests one), or remove it.",
    ),
    info(
        "data::derived-column",
        W,
        "A column has the name of an indicator the scheme computes with a hook; it is ignored.",
        "Remove it, or give the hook's input columns.",
    ),
    info("data::missing-employee", E, "A row has no employee id.", "Fill in the employee."),
    info(
        "data::missing-period",
        E,
        "A row has no period label.",
        "Fill in the period, e.g. `2011-06`.",
    ),
    info(
        "data::missing-indicator",
        E,
        "A long-layout row has no indicator.",
        "Fill in the indicator id.",
    ),
    info(
        "data::duplicate-row",
        E,
        "Two rows give the same employee, period (and indicator).",
        "Remove one of them.",
    ),
    info(
        "data::conflicting-role",
        E,
        "One employee and period has rows with different roles.",
        "Give each employee one role per period.",
    ),
    info(
        "data::role-without-scheme",
        E,
        "A row's role matches no scheme given.",
        "Pass the scheme for that role, or fix the role.",
    ),
    info(
        "data::missing-column",
        E,
        "The data has no column for an indicator (an error under `missing error`, a warning otherwise).",
        "Add the column, or declare `missing zero` or `missing reweight`.",
    ),
    info(
        "data::absent-rater",
        W,
        "A rated indicator has no column for one of its raters.",
        "Add the rater's column if that rater rated.",
    ),
    info(
        "data::no-rows",
        E,
        "The data file has a header but no records.",
        "Export the data again with its rows.",
    ),
    info(
        "data::not-a-number",
        E,
        "A cell is not a value of the indicator's unit.",
        "Write the value as the message shows.",
    ),
    info(
        "data::out-of-domain",
        E,
        "A value lies outside its unit's domain (percent 0..100, durations and counts from 0).",
        "Check the export.",
    ),
    info(
        "data::ambiguous-percent",
        E,
        "A percentage written as a fraction (`0.35`) could mean 0.35% or 35%.",
        "Write `35` or `35%`.",
    ),
    info(
        "data::ambiguous-duration",
        E,
        "A time like `1:30` could be minutes:seconds or hours:minutes.",
        "Write h:mm:ss or seconds.",
    ),
    info(
        "data::wrong-currency",
        E,
        "An amount is in another currency than the indicator's.",
        "Convert it, or write it without a currency.",
    ),
    info(
        "data::percent-zero-or-one",
        W,
        "A percent column holds only 0 and 1: it may be fractions of one.",
        "Check the export; write percentages as 0..100.",
    ),
    info(
        "data::more-errors",
        E,
        "More errors were found than are shown.",
        "Fix the errors shown and run again.",
    ),
];
