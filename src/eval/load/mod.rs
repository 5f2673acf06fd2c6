//! Metric data in: a CSV, JSON or XLSX file in the wide or the long layout → a [`Dataset`]
//! whose values are in each indicator's base unit. The rules (columns, layouts, how each
//! unit is read, what is refused) are documented in `docs/data.md`.
//!
//! Every problem is reported, not only the first: a bad cell names the file, row, column,
//! employee and indicator. Warnings (a column that matches no indicator, ...) come with the
//! dataset; errors replace it.

use std::path::Path;

use crate::ast::Scheme;
use crate::diagnostic::Diagnostic;
use crate::eval::dataset::{Cell, Dataset, Record};
use crate::eval::memo::Memo;
use crate::eval::scoring::Scoring;
use crate::eval::spill::{ChunkSpill, ChunkSpiller};
use crate::eval::taken::Taken;

mod assemble;
mod body;
pub(crate) mod cell;
mod chunks;
mod csv;
mod expect;
mod index;
mod json;
mod layout;
mod long;
mod sink;
mod slots;
mod texts;
mod xlsx;

pub use cell::PercentScale;
pub use expect::{near_matches, scheme_for_role};
pub(crate) use slots::Wanted;

/// How a data file is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layout {
    /// One row per employee and period, one column per indicator (`indicator@rater` for
    /// ratings).
    Wide,
    /// One row per employee, period, indicator (and rater): `employee, period, indicator,
    /// value[, rater]`.
    Long,
}

/// Options of [`load`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// Force a layout; by default it is detected from the header (`indicator` and `value`
    /// columns → long).
    pub layout: Option<Layout>,
    /// The sheet of a workbook to read; by default the first.
    pub sheet: Option<String>,
    /// How plain numbers in percent columns are read (default: strict percent points).
    pub percent_scale: PercentScale,
}

/// The formats [`load`] reads, from the file's extension.
pub const EXTENSIONS: &[&str] = &["csv", "tsv", "json", "xlsx", "xlsm", "xls", "ods"];

/// Work done on each record as soon as it is read, on the reading thread, while its cells
/// are in cache: the engine scores the record there and releases its cells
/// (`eval::scoring::Scorer`). A closure that scores is one.
pub(crate) trait OnRead: Sync {
    /// Score `record` (and release its cells); `None` leaves the record as read.
    fn score(&self, record: &mut Record, memo: &mut Memo) -> Option<Scoring>;

    /// Whether records may be [taken](OnRead::take) instead of kept.
    fn takes(&self) -> bool {
        false
    }

    /// Route and score `record`, keeping of it only what the engine reads later: the
    /// loader then drops the record. `None` when it cannot be taken so: the loader then
    /// reads the file again, keeping every record and [scoring](OnRead::score) it.
    fn take(&self, _record: &mut Record, _memo: &mut Memo) -> Option<Taken> {
        None
    }

    /// The cells that scoring reads of a record of scheme `scheme`, in its order, when
    /// records may be taken with those cells alone ([`take_cells`](OnRead::take_cells))
    /// rather than in the record's named maps; `None` when they may not.
    fn cells(&self, _scheme: usize) -> Option<Vec<Wanted<'_>>> {
        None
    }

    /// [`take`](OnRead::take) a record read as a row of scheme `scheme` whose maps were
    /// not filled: `cells` are the row's cells that [`cells`](OnRead::cells) named, in its
    /// order (`None` when empty).
    fn take_cells(
        &self,
        _record: &mut Record,
        _scheme: usize,
        _cells: &[Option<Cell>],
        _memo: &mut Memo,
    ) -> Option<Taken> {
        None
    }

    /// The attributes (text columns) read of a record [taken](OnRead::take), by name; the
    /// loader need not keep the others. `None`: all of them.
    fn attributes_read(&self) -> Option<Vec<&str>> {
        None
    }

    /// What writes the scores of the records taken from one chunk of the file to a
    /// temporary file as they are taken, a batch at a time, and forgets them
    /// (`eval::spill`); `None` when they stay in memory.
    fn spiller(&self) -> Option<ChunkSpiller> {
        None
    }
}

impl<F: Fn(&mut Record) -> Option<Scoring> + Sync> OnRead for F {
    fn score(&self, record: &mut Record, _memo: &mut Memo) -> Option<Scoring> {
        self(record)
    }
}

/// The work done on each record as it is read.
pub(crate) type OnRecord<'a> = dyn OnRead + 'a;

/// What [`OnRecord::score`](OnRead::score) gave: empty, or one entry per record of the
/// dataset, in order.
pub(crate) type Prescored = Vec<Option<Scoring>>;

/// What [`OnRecord`] gave for the records read: their scores (the records are in the
/// dataset), or the records taken (the dataset has none), each chunk's in file order.
#[derive(Debug, Default)]
pub(crate) struct Handed {
    /// Empty, or one entry per record of the dataset.
    pub scores: Prescored,
    /// Empty, or every record read, in chunks.
    pub taken: Vec<Vec<Taken>>,
    /// Per chunk of `taken`: the scores it wrote to a temporary file, if any.
    pub spilled: Vec<Option<ChunkSpill>>,
}

/// The dataset, its warnings and what [`OnRecord`] gave; or every error found.
pub(crate) type Loaded = Result<(Dataset, Vec<Diagnostic>, Handed), Vec<Diagnostic>>;

/// Load the data file at `path` for `schemes`: the dataset and its warnings, or every
/// error found (warnings included). A file that cannot be read gives `io::unreadable`.
pub fn load(
    path: &Path,
    schemes: &[&Scheme],
    options: &LoadOptions,
) -> Result<(Dataset, Vec<Diagnostic>), Vec<Diagnostic>> {
    strip(load_with(path, schemes, options, None))
}

/// [`load`], handing each record to `on_record` as soon as it is read when the file is a
/// large wide CSV read in parallel chunks (other files are read whole first, and give an
/// nothing [`Handed`]).
pub(crate) fn load_with(
    path: &Path,
    schemes: &[&Scheme],
    options: &LoadOptions,
    on_record: Option<&OnRecord<'_>>,
) -> Loaded {
    let name = path.display().to_string();
    let extension =
        path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    let delimiter = match extension.as_str() {
        "csv" => Some(b','),
        "tsv" => Some(b'\t'),
        _ => None,
    };
    // A large CSV is read from disk in pieces, not whole, unless it has anything to report.
    if let Some(loaded) =
        delimiter.and_then(|d| csv::read_file(path, &name, d, schemes, options, on_record))
    {
        return loaded;
    }
    let bytes = std::fs::read(path).map_err(|err| {
        vec![
            Diagnostic::error("io::unreadable", format!("cannot read {name}: {err}"))
                .with_help("check the path given to --data"),
        ]
    })?;
    load_bytes_with(&name, &bytes, schemes, options, on_record)
}

/// Load data held in memory; `name` is the file name shown in messages and its extension
/// chooses the format.
pub fn load_bytes(
    name: &str,
    bytes: &[u8],
    schemes: &[&Scheme],
    options: &LoadOptions,
) -> Result<(Dataset, Vec<Diagnostic>), Vec<Diagnostic>> {
    strip(load_bytes_with(name, bytes, schemes, options, None))
}

/// The dataset and its warnings, without what no [`OnRecord`] gave.
fn strip(loaded: Loaded) -> Result<(Dataset, Vec<Diagnostic>), Vec<Diagnostic>> {
    loaded.map(|(data, warnings, _)| (data, warnings))
}

fn load_bytes_with(
    name: &str,
    bytes: &[u8],
    schemes: &[&Scheme],
    options: &LoadOptions,
    on_record: Option<&OnRecord<'_>>,
) -> Loaded {
    let extension =
        Path::new(name).extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    let whole = |read: Result<(Dataset, Vec<Diagnostic>), Vec<Diagnostic>>| {
        read.map(|(data, warnings)| (data, warnings, Handed::default()))
    };
    match extension.as_str() {
        "csv" => csv::read(name, bytes, b',', schemes, options, on_record),
        "tsv" => csv::read(name, bytes, b'\t', schemes, options, on_record),
        "json" => whole(json::read(name, bytes, schemes, options)),
        "xlsx" | "xlsm" | "xls" | "ods" => whole(xlsx::read(name, bytes, schemes, options)),
        _ => {
            let known: Vec<String> = EXTENSIONS.iter().map(|e| format!(".{e}")).collect();
            let message = format!("{name}: merit cannot tell the data format from the extension");
            let help = format!("name the file with one of {}", known.join(", "));
            Err(vec![Diagnostic::error("data::unknown-format", message).with_help(help)])
        }
    }
}
