//! Metric data in memory, whatever file it came from: one [`Record`] per employee and
//! period, values already converted to the indicator's base unit (percent as 0..100,
//! durations in seconds, money as its amount).
//!
//! A million records are held at once, so a record is kept small: its cells are flat sorted
//! maps ([`LiteMap`]) whose names are shared by every record of a file, and the texts that
//! records repeat (period labels, roles, attribute names and values) are shared too.

use std::sync::Arc;

use litemap::LiteMap;

use rust_decimal::Decimal;
use serde::Serialize;

/// Where a record came from, for error messages: file and 1-based row (header is row 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Origin {
    /// The data file as the user named it.
    pub file: Arc<str>,
    /// 1-based row (CSV/XLSX: the header is row 1) or 1-based record index (JSON).
    pub row: usize,
}

/// The value of one cell, with the row it came from (in the record's file: a long-layout
/// record gathers cells from several rows).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Cell {
    /// The value in the indicator's base unit.
    pub value: Decimal,
    /// 1-based row (or JSON record) the value was read from, for messages.
    pub row: usize,
}

/// One employee in one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Record {
    /// Employee identifier.
    pub employee: String,
    /// Period label of the scheme's cycle (`2011-06`, `2011-Q3`). Shared: the records of
    /// a file read by merit hold one text per label.
    pub period: Arc<str>,
    /// The `role` column, when present: routes the record to a scheme. Shared as `period`.
    pub role: Option<Arc<str>>,
    /// Other text columns (e.g. `team`, `name`), usable as ranking scopes. Names and
    /// repeated values are shared as `period`.
    pub attributes: LiteMap<Arc<str>, Arc<str>>,
    /// Measured values and raw columns by name (indicator id or raw column for hooks). The
    /// names are shared by every record of a file, not copied into each.
    pub values: LiteMap<Arc<str>, Cell>,
    /// Ratings by (indicator id, rater id).
    pub ratings: LiteMap<(Arc<str>, Arc<str>), Cell>,
    /// Where the record starts.
    pub origin: Origin,
}

/// All records read from one or more data files.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Dataset {
    /// The records, in file order.
    pub records: Vec<Record>,
}
