//! The CSV output of `merit eval`: one row per employee and period, for other tools. The
//! fixed columns come first, then the points of every indicator (`<id>.points`, full
//! precision), in the order the schemes declare them. Documented in `docs/output.md`.
//!
//! Rows are written from an [`Evaluation`] ([`render`]) or straight from the engine as each
//! period is ready ([`CsvStream`]); both go through [`Row::write`], so they give the same
//! bytes.

use std::collections::BTreeSet;
use std::io::Write;

use rayon::prelude::*;
use rust_decimal::Decimal;

use crate::diagnostic::Diagnostic;
use crate::eval::denoise;
use crate::eval::output::{Output, PeriodOut};
use crate::eval::packed::{PackedView, Printable, PrintablePoints};
use crate::eval::plan::{NodeBody, Plan};
use crate::eval::result::{ActionKind, ActionRecord, Evaluation, NodeKind};
use crate::eval::shown::Shown;
use crate::eval::standing::Entry;

use super::csv_row::RowBuf;
use super::{digits, display};

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
pub fn render(evaluation: &Evaluation) -> String {
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
    let mut rows = RowBuf::new();
    write_header(&mut rows, &indicators);
    for scheme in &evaluation.schemes {
        for period in &scheme.periods {
            for employee in &period.employees {
                let row = Row {
                    scheme: &scheme.scheme,
                    lead: None,
                    period: &employee.period,
                    employee: &employee.employee,
                    scope: employee.scope.as_deref(),
                    rank: employee.rank,
                    reverse_rank: employee.reverse_rank,
                    ranked_count: employee.ranked_count,
                    composite: employee.composite,
                    composite_rounded: employee.composite_rounded,
                    grade: employee.grade.as_ref().map(|g| g.id.as_str()),
                    failed_gates: &mut employee.failed_gates.iter().map(String::as_str),
                    actions: &employee.actions,
                    points: &mut indicators
                        .iter()
                        .map(|id| employee.node(id).and_then(|n| n.points).map(Printable::Decimal)),
                };
                row.write(&mut rows);
            }
        }
    }
    String::from_utf8_lossy(&rows.into_bytes()).into_owned()
}

/// Writes the CSV as the engine hands over each period: each period's rows are formatted
/// in parallel, in chunks, a batch at a time, and each batch is written in order while the
/// next one is formatted (the last one of a period while the next period's first one is,
/// or at the [end](Output::end)). The results of a large evaluation are never held whole.
pub(crate) struct CsvStream<W: Write> {
    out: W,
    /// The indicator columns, in order.
    indicators: Vec<String>,
    /// Whether writing failed in the file system (not in merit).
    io_failed: bool,
    /// For the current scheme: the plan node of each indicator column, and whether those
    /// nodes come in the nodes' order ([`ascending`]).
    columns: (Vec<Option<usize>>, bool),
    /// The text of each chunk of rows of the batch being formatted, reused from batch to
    /// batch.
    buffers: Vec<Vec<u8>>,
    /// The text of the chunks of the batch formatted and not yet written, and how many of
    /// them it holds (its buffers are then reused).
    pending: (Vec<Vec<u8>>, usize),
}

/// Rows formatted per parallel task.
const CHUNK: usize = 1024;
/// Rows formatted per thread in one batch (about 200 bytes of text a row). Chunks smaller
/// than a thread's share even out the threads' work.
const BATCH_PER_THREAD: usize = 8192;

impl<W: Write> CsvStream<W> {
    /// A stream writing to `out`.
    pub(crate) fn new(out: W) -> Self {
        let (indicators, columns, buffers) = (Vec::new(), (Vec::new(), false), Vec::new());
        let pending = (Vec::new(), 0);
        CsvStream { out, indicators, io_failed: false, columns, buffers, pending }
    }

    /// Whether the output could not be written (disk full, closed pipe, ...).
    pub(crate) fn io_failed(&self) -> bool {
        self.io_failed
    }

    fn put(&mut self, bytes: &[u8]) -> Result<(), Diagnostic> {
        let CsvStream { out, io_failed, .. } = self;
        out.write_all(bytes).map_err(|err| write_failed(io_failed, err.into()))
    }

    /// Give the writer back.
    pub(crate) fn finish(self) -> W {
        self.out
    }
}

impl<W: Write> Output for CsvStream<W> {
    fn start(&mut self, plans: &[(&Plan<'_>, usize)]) -> Result<(), Diagnostic> {
        // The indicators of the schemes that have rows, as `render` finds them.
        let mut seen = BTreeSet::new();
        for (plan, _) in plans.iter().filter(|(_, rows)| *rows > 0) {
            for node in plan.nodes.iter().filter(|n| !matches!(n.body, NodeBody::Group)) {
                if seen.insert(node.id) {
                    self.indicators.push(node.id.to_string());
                }
            }
        }
        let names: Vec<&str> = self.indicators.iter().map(String::as_str).collect();
        let mut header = RowBuf::new();
        write_header(&mut header, &names);
        self.put(&header.into_bytes())
    }

    fn breakdown(&self) -> bool {
        false
    }

    fn reads_spilled(&self) -> bool {
        true
    }

    fn scheme(&mut self, plan: &Plan<'_>) -> Result<(), Diagnostic> {
        let columns: Vec<Option<usize>> = self
            .indicators
            .iter()
            .map(|id| plan.ids.get(id.as_str()).copied().filter(|&i| !plan.is_group(i)))
            .collect();
        let in_node_order = ascending(&columns);
        self.columns = (columns, in_node_order);
        Ok(())
    }

    fn period<'e, 'd>(&mut self, out: PeriodOut<'e, '_, 'd>) -> Result<(), Diagnostic> {
        let period = out.period.to_string();
        // Every row of the period starts with the scheme and the period: quoted once.
        let mut lead = RowBuf::new();
        lead.text(&out.plan.scheme.name.node);
        lead.text(&period);
        let lead = lead.into_bytes();
        let batch = BATCH_PER_THREAD * rayon::current_num_threads().max(1);
        let CsvStream { out: file, io_failed, columns, buffers, pending, .. } = self;
        for (at, entries) in out.entries.chunks(batch).enumerate() {
            let chunks = entries.len().div_ceil(CHUNK);
            if buffers.len() < chunks {
                buffers.resize_with(chunks, Vec::new);
            }
            let format = |buffers: &mut Vec<Vec<u8>>| {
                let work = buffers.par_iter_mut().zip(entries.par_chunks(CHUNK)).enumerate();
                work.for_each(|(chunk_at, (buffer, chunk))| {
                    let mut rows = RowBuf::reusing(std::mem::take(buffer));
                    let mut points = Vec::new();
                    let first = at * batch + chunk_at * CHUNK;
                    // The scores that waited in a temporary file, if any.
                    let rows_of = || {
                        let score = move |(row, &entry)| (entry, out.scores.get(first + row));
                        chunk.iter().enumerate().map(score)
                    };
                    touch(rows_of());
                    for row in rows_of() {
                        let columns = (columns.0.as_slice(), columns.1);
                        entry_row(out.plan, (&period, &lead), row, columns, &mut rows, &mut points);
                    }
                    *buffer = rows.into_bytes();
                });
            };
            // The batch is formatted on every core while this thread writes the one before.
            let written = std::thread::scope(|scope| {
                let formatting = scope.spawn(|| format(buffers));
                let written = write_chunks(file, io_failed, pending);
                // A panic while formatting is merit's bug: it goes on as one.
                if let Err(panic) = formatting.join() {
                    std::panic::resume_unwind(panic);
                }
                written
            });
            std::mem::swap(buffers, &mut pending.0);
            pending.1 = chunks;
            written?;
        }
        Ok(())
    }

    fn end(&mut self) -> Result<(), Diagnostic> {
        let CsvStream { out, io_failed, pending, .. } = self;
        write_chunks(out, io_failed, pending)
    }
}

/// Write the first `pending.1` chunks of rows of `pending.0` in order to `out`, and mark
/// them written; `io_failed` is set when the file system fails.
fn write_chunks(
    out: &mut impl Write,
    io_failed: &mut bool,
    pending: &mut (Vec<Vec<u8>>, usize),
) -> Result<(), Diagnostic> {
    let ready = std::mem::take(&mut pending.1);
    for chunk in pending.0.iter().take(ready) {
        out.write_all(chunk).map_err(|err| write_failed(io_failed, err.into()))?;
    }
    Ok(())
}

/// The error of a CSV that cannot be written; `io_failed` is set when the file system
/// failed (not merit).
fn write_failed(io_failed: &mut bool, err: ::csv::Error) -> Diagnostic {
    *io_failed |= err.is_io_error();
    Diagnostic::error("output::write", format!("the CSV results cannot be written: {err}"))
        .with_help("check that the output file's directory is writable and its disk has room")
}

/// Read the first bytes of each row's entry, employee and scores, ahead of formatting.
/// A period's rows are written by rank, and their entries (and scores kept in memory) lie
/// in file order: each row would wait for memory several times in turn. (Scores read back
/// from a temporary file lie in the rows' order already.) Read in a loop that does nothing
/// else, the rows' reads overlap, and formatting then finds them in the cache.
fn touch<'a, 'd: 'a>(rows: impl Iterator<Item = (&'a Entry<'d>, Option<PackedView<'a>>)>) {
    let mut sum = 0usize;
    for (entry, spilled) in rows {
        let employee = entry.routed.employee().as_bytes().first().copied().unwrap_or(0);
        let packed = spilled.or_else(|| entry.scored.packed_view()).unwrap_or_default().bytes();
        let ends = [packed.first(), packed.last()].map(|b| usize::from(b.copied().unwrap_or(0)));
        let actions = entry.actions.len() + entry.grade.map_or(0, usize::from);
        sum = sum.wrapping_add(usize::from(employee) + ends[0] + ends[1] + actions);
    }
    std::hint::black_box(sum);
}

/// Write the row of one entry of `plan` in `period` (`lead`: the scheme and the period as
/// [`RowBuf::fields`] takes them), with its score: the one read back from a temporary
/// file if any, else the entry's own; `columns` maps indicator columns to plan nodes, and
/// says whether those come in the nodes' order ([`ascending`]). `points` is room reused
/// from row to row for the packed points of a row.
fn entry_row<'a>(
    plan: &Plan<'_>,
    (period, lead): (&str, &[u8]),
    (entry, spilled): (&'a Entry<'_>, Option<PackedView<'a>>),
    (columns, in_node_order): (&[Option<usize>], bool),
    rows: &mut RowBuf,
    points: &mut Vec<Option<Printable<'a>>>,
) {
    let grades = plan.grades.as_ref().map(|(_, grades)| grades.as_slice()).unwrap_or_default();
    let scored = &entry.scored;
    let packed = spilled.or_else(|| scored.packed_view());
    // Packed scores are read once, in node order: as the columns are written when they
    // follow the nodes' order (one scheme's columns do), else into `points` first.
    let mut in_order;
    let mut listed;
    let points: &mut dyn Iterator<Item = Option<Printable<'_>>> = match packed {
        Some(packed) if in_node_order => {
            in_order = InNodeOrder { columns: columns.iter(), points: packed.printable(), at: 0 };
            &mut in_order
        }
        _ => {
            points.clear();
            points.extend(packed.into_iter().flat_map(PackedView::printable));
            let printable = |node: usize| match points.get(node) {
                Some(points) => *points,
                None => scored.points(node).map(Printable::Decimal),
            };
            listed = columns.iter().map(move |column| column.and_then(printable));
            &mut listed
        }
    };
    let failed_gates = packed.map_or_else(|| scored.failed_gates(), PackedView::failed_gates);
    let row = Row {
        scheme: &plan.scheme.name.node,
        lead: Some(lead),
        period,
        employee: entry.routed.employee(),
        scope: entry.routed.scope.map(|scope| &**scope),
        rank: entry.rank,
        reverse_rank: entry.reverse_rank,
        ranked_count: entry.ranked_count,
        composite: denoise(packed.map_or_else(|| scored.composite(), PackedView::composite)),
        composite_rounded: entry.rounded,
        grade: entry.grade.and_then(|g| grades.get(usize::from(g))).map(|g| g.id),
        failed_gates: &mut failed_gates.iter().filter_map(|&i| plan.nodes.get(i).map(|n| n.id)),
        actions: &entry.actions,
        points,
    };
    row.write(rows)
}

/// Whether the columns' plan nodes come in the nodes' order (columns of none left out).
fn ascending(columns: &[Option<usize>]) -> bool {
    let mut nodes = columns.iter().flatten();
    let mut last = nodes.next();
    nodes.all(|node| {
        let after = last.is_none_or(|last| node > last);
        last = Some(node);
        after
    })
}

/// The points of each column, read from a packed score as the columns go, when their nodes
/// come in the nodes' order ([`ascending`]): what [`entry_row`] lists first otherwise.
struct InNodeOrder<'a, 'c> {
    columns: std::slice::Iter<'c, Option<usize>>,
    points: PrintablePoints<'a>,
    /// The node of the packed score's next points.
    at: usize,
}

impl<'a> Iterator for InNodeOrder<'a, '_> {
    type Item = Option<Printable<'a>>;

    fn next(&mut self) -> Option<Option<Printable<'a>>> {
        let column = self.columns.next()?;
        let Some(&node) = column.as_ref() else { return Some(None) };
        while self.at < node {
            self.points.next();
            self.at += 1;
        }
        self.at += 1;
        // A packed score holds points for every node: none past them.
        Some(self.points.next().flatten())
    }
}

fn write_header(rows: &mut RowBuf, indicators: &[&str]) {
    for column in COLUMNS {
        rows.text(column);
    }
    for indicator in indicators {
        rows.text(&format!("{indicator}.points"));
    }
    rows.end();
}

/// One output row, borrowed from wherever it comes from.
struct Row<'a, 'i> {
    scheme: &'a str,
    /// The scheme and the period, already written ([`RowBuf::fields`]), when they are.
    lead: Option<&'a [u8]>,
    period: &'a str,
    employee: &'a str,
    scope: Option<&'a str>,
    rank: u32,
    reverse_rank: u32,
    ranked_count: u32,
    /// Full precision, without noise.
    composite: Decimal,
    composite_rounded: Decimal,
    grade: Option<&'a str>,
    failed_gates: &'i mut dyn Iterator<Item = &'a str>,
    actions: &'a [ActionRecord],
    /// The points of each indicator column, full precision without noise.
    points: &'i mut dyn Iterator<Item = Option<Printable<'a>>>,
}

impl Row<'_, '_> {
    /// Write the row's cells.
    fn write(self, rows: &mut RowBuf) {
        match self.lead {
            Some(lead) => rows.fields(lead, 2),
            None => {
                rows.text(self.scheme);
                rows.text(self.period);
            }
        }
        rows.text(self.employee);
        rows.text(self.scope.unwrap_or_default());
        rows.number(|t| digits::push_integer(t, self.rank));
        rows.number(|t| digits::push_integer(t, self.reverse_rank));
        rows.number(|t| digits::push_integer(t, self.ranked_count));
        rows.number(|t| digits::push_normalized(t, self.composite));
        rows.number(|t| digits::push_exact(t, self.composite_rounded));
        rows.text(self.grade.unwrap_or_default());
        let gates: Vec<&str> = self.failed_gates.collect();
        rows.text(&gates.join("; "));
        if self.actions.is_empty() {
            rows.text("");
            rows.text("");
            rows.text("");
        } else {
            rows.text(&money(self.actions, ActionKind::Bonus));
            rows.text(&money(self.actions, ActionKind::Deduction));
            let effects: Vec<String> = self.actions.iter().map(display::effect).collect();
            rows.text(&effects.join("; "));
        }
        for points in self.points {
            match points {
                Some(Printable::Decimal(points)) => {
                    rows.number(|t| digits::push_normalized(t, points));
                }
                Some(Printable::Text(packed, chars)) => {
                    rows.number(|t| Shown::print(packed, chars, t));
                }
                None => rows.text(""),
            }
        }
        rows.end();
    }
}

/// The amounts of the actions of one kind, `; `-separated, without thousands separators.
fn money(actions: &[ActionRecord], kind: ActionKind) -> String {
    let amounts: Vec<String> = actions
        .iter()
        .filter(|a| a.kind == kind)
        .filter_map(|a| {
            a.amount.map(|amount| display::money(amount, a.currency.as_deref()).replace(',', ""))
        })
        .collect();
    amounts.join("; ")
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;

    use super::{InNodeOrder, Printable, ascending};
    use crate::eval::packed::PackedScore;

    #[test]
    fn columns_ascend_when_their_nodes_follow_the_nodes_order() {
        assert!(ascending(&[]));
        assert!(ascending(&[Some(1), None, Some(3), Some(7), None]));
        assert!(!ascending(&[Some(3), Some(1)]));
        assert!(!ascending(&[Some(2), None, Some(2)]));
    }

    #[test]
    fn points_read_as_the_columns_go_are_those_of_their_nodes() {
        // Nodes 0 (a group: no points), 1, 2 (none), 3, 4; columns skip some and add one of
        // no node here (another scheme's indicator).
        let points = [None, Some("12.5"), None, Some("100"), Some("0.125")];
        let points = points.map(|p| p.map(|p| p.parse::<Decimal>().unwrap()));
        let packed = PackedScore::pack(Decimal::ONE, &[], points.into_iter());
        let columns = [Some(1), None, Some(2), Some(4)];
        let read: Vec<Option<Decimal>> =
            InNodeOrder { columns: columns.iter(), points: packed.view().printable(), at: 0 }
                .map(|p| p.map(Printable::decimal))
                .collect();
        let expected: Vec<Option<Decimal>> =
            columns.iter().map(|c| c.and_then(|node| points[node])).collect();
        assert_eq!(read, expected);
    }
}
