//! A large wide CSV read in parallel: the rows after the header are cut into chunks at line
//! ends, each chunk is read by its own [`Assembler`] on its own thread, and the chunks'
//! records are joined in file order.
//!
//! Only the plain case is taken this way: no quotes (a quoted field may hold a line break,
//! so a line end is not always a row end), no blank lines (the csv crate skips them, so row
//! numbers would no longer be line numbers), no bare `\r`. And only a clean file: as soon as
//! any chunk finds anything to say, or two chunks hold the same employee and period, the
//! whole file is read again row by row, so that every message and its order are exactly
//! those of the sequential reader.

use std::sync::Arc;

use litemap::LiteMap;
use rayon::prelude::*;

use crate::ast::Scheme;
use crate::eval::dataset::{Origin, Record};

use super::assemble::Assembler;
use super::body::{BUFFER, Body};
use super::csv::{CsvRow, Source};
use super::index::RecordIndex;
use super::layout::Plan;
use super::sink::Sink;
use super::slots::Feeds;
use super::{Handed, OnRecord};
use crate::eval::memo::Memo;
use crate::eval::spill::ChunkSpiller;
use crate::eval::taken::any_twice;

/// Below this size a file is read row by row.
pub(super) const MIN_BYTES: usize = 1 << 20;
/// The shares of the file of each round of chunks, one chunk per thread in each round:
/// four rounds alike, then smaller ones (the last chunk is 1/40 of the file). Chunks are
/// read in order as threads come free ([`in_order`]), so the last, small ones even out the
/// threads' ends: a thread slower than the other (or a chunk of slower rows) leaves the
/// other idle for at most a small chunk. (Larger first rounds turn more records taken into
/// entries at once: the peak grows.)
const ROUNDS: [usize; 7] = [4, 4, 4, 4, 2, 1, 1];

/// The shares of the file of each chunk, in order, for `threads` threads.
fn shares(threads: usize) -> Vec<usize> {
    ROUNDS.iter().flat_map(|&share| std::iter::repeat_n(share, threads.max(1))).collect()
}

/// `work` done on each item on every core, the items handed out in order as threads come
/// free; the results in the items' order.
fn in_order<T: Send, R: Send>(
    items: impl Iterator<Item = T> + Send,
    work: impl Fn(T) -> R + Sync + Send,
) -> Vec<R> {
    let mut done: Vec<(usize, R)> =
        items.enumerate().par_bridge().map(|(at, item)| (at, work(item))).collect();
    done.sort_unstable_by_key(|(at, _)| *at);
    done.into_iter().map(|(_, result)| result).collect()
}

/// Records taken whose scores are spilled together (`eval::spill`): the scores waiting in
/// memory are at most this many per thread, not a whole chunk's.
const SPILL_BATCH: usize = 8_192;

/// Read the rows of `body` (the header is row 1) into `asm` in parallel; with
/// `on_record`, each record is handed to it as soon as it is read, on the chunk's thread:
/// taken by it when it [takes](super::OnRead::takes) records and every one can be taken,
/// else scored, what it returns being kept in the records' order. Returns `None`, with
/// `asm` untouched, when the file must be read row by row.
pub(super) fn read<'s>(
    source: &Source<'_>,
    body: Body<'_>,
    header_len: usize,
    plan: &Plan,
    schemes: &[&'s Scheme],
    asm: &mut Assembler<'s>,
    on_record: Option<&OnRecord<'_>>,
) -> Option<Handed> {
    if body.len() < MIN_BYTES || !matches!(plan, Plan::Wide { .. }) {
        return None;
    }
    let bounds = body.bounds(&shares(rayon::current_num_threads()))?;
    // Each chunk: is it plain, and how many lines does it hold?
    let scanned: Vec<Option<usize>> =
        bounds.par_windows(2).map(|w| body.plain_lines(w[0], w[1])).collect();
    let lines = scanned.into_iter().collect::<Option<Vec<usize>>>()?;
    let mut first_rows = Vec::with_capacity(lines.len());
    let mut row = 2;
    for n in &lines {
        first_rows.push(row);
        row += n;
    }
    let pieces = Pieces { source, body, bounds: &bounds, first_rows: &first_rows, lines: &lines };
    if let Some(taker) = on_record.filter(|o| o.takes() && asm.records.is_empty()) {
        if let Some(taken) = take_all(&pieces, header_len, plan, schemes, asm, taker) {
            return Some(taken);
        }
    }
    // The records go straight to their place in one list, from each chunk's thread: a
    // row per line, and a placeholder (no employee) for a row that makes no record.
    let total: usize = lines.iter().sum();
    let mut records: Vec<Record> = Vec::with_capacity(total);
    let file = asm.file.clone();
    // Each thread clones texts of its own: a million clones of one shared count would
    // bounce it between the cores.
    (0..total)
        .into_par_iter()
        .map_init(
            || (Arc::from(&*file), Arc::from("")),
            |(file, empty), _| placeholder(file, empty),
        )
        .collect_into_vec(&mut records);
    let mut places: Vec<&mut [Record]> = Vec::with_capacity(lines.len());
    let mut rest = records.as_mut_slice();
    for &n in &lines {
        let at = n.min(rest.len());
        let (place, after) = std::mem::take(&mut rest).split_at_mut(at);
        places.push(place);
        rest = after;
    }
    let main: &Assembler<'s> = asm;
    let read: Vec<Option<(Assembler<'s>, Handed)>> =
        in_order((0..lines.len()).zip(places), |(at, place)| {
            let (mut asm, prescored) =
                chunk(&pieces, at, header_len, plan, schemes, main, on_record, false)?;
            if asm.records.len() > place.len() {
                return None;
            }
            for (slot, record) in place.iter_mut().zip(std::mem::take(&mut asm.records)) {
                *slot = record;
            }
            Some((asm, prescored))
        });
    let mut chunks = read.into_iter().collect::<Option<Vec<_>>>()?;
    records.retain(|record| !record.employee.is_empty());
    let count = records.len();
    let mut prescored = Vec::with_capacity(if on_record.is_some() { count } else { 0 });
    for (_, handed) in &mut chunks {
        prescored.extend(std::mem::take(&mut handed.scores));
    }
    // Each chunk refused its own duplicates; one index over all of them finds the others.
    let mut index = RecordIndex::default();
    index.reserve(records.len(), &records);
    for (position, record) in records.iter().enumerate() {
        if index.get(&records, &record.employee, &record.period).is_some() {
            return None;
        }
        index.insert(&records, position);
    }
    drop(index);
    // Rows read before the chunks (none after a header) stay first, not scored yet; no copy
    // of the rest.
    if !prescored.is_empty() {
        prescored.splice(0..0, asm.records.iter().map(|_| None));
    }
    records.splice(0..0, asm.records.drain(..));
    asm.records = records;
    for (chunk, _) in chunks {
        asm.absorb(chunk);
    }
    Some(Handed { scores: prescored, ..Handed::default() })
}

/// The pieces of the body the chunks read: piece `i` is `bounds[i]..bounds[i + 1]`, its
/// first row `first_rows[i]`, and it holds `lines[i]` lines.
struct Pieces<'a> {
    source: &'a Source<'a>,
    body: Body<'a>,
    bounds: &'a [usize],
    first_rows: &'a [usize],
    lines: &'a [usize],
}

/// Read every chunk, each record taken by `taker` as soon as it is read and dropped: no
/// list of records is made. `None`, with `asm` untouched, when a record cannot be taken,
/// anything is to report, or an employee has two records of one period.
fn take_all<'s>(
    pieces: &Pieces<'_>,
    header_len: usize,
    plan: &Plan,
    schemes: &[&'s Scheme],
    asm: &mut Assembler<'s>,
    taker: &OnRecord<'_>,
) -> Option<Handed> {
    let main: &Assembler<'s> = asm;
    let read: Vec<Option<(Assembler<'s>, Handed)>> = in_order(0..pieces.lines.len(), |at| {
        chunk(pieces, at, header_len, plan, schemes, main, Some(taker), true)
    });
    let chunks = read.into_iter().collect::<Option<Vec<_>>>()?;
    let mut taken = Vec::with_capacity(chunks.len());
    let mut spilled = Vec::with_capacity(chunks.len());
    let mut read = Vec::with_capacity(chunks.len());
    for (chunk, handed) in chunks {
        taken.push(handed.taken.into_iter().next().unwrap_or_default());
        spilled.push(handed.spilled.into_iter().next().flatten());
        read.push(chunk);
    }
    if any_twice(&taken) {
        return None;
    }
    for chunk in read {
        asm.absorb(chunk);
    }
    Some(Handed { scores: Vec::new(), taken, spilled })
}

/// A record that is no one's: the place of a row that makes no record.
fn placeholder(file: &Arc<str>, empty: &Arc<str>) -> Record {
    Record {
        employee: String::new(),
        period: empty.clone(),
        role: None,
        attributes: LiteMap::new(),
        values: LiteMap::new(),
        ratings: LiteMap::new(),
        origin: Origin { file: file.clone(), row: 0 },
    }
}

/// Read the rows of piece `at`, handing each record to `on_record`: taken by it and
/// dropped when `take`, else scored. `None` when anything was found to report, or a
/// record could not be taken.
#[allow(clippy::too_many_arguments)] // the chunk's place, and what the whole file shares
fn chunk<'s>(
    pieces: &Pieces<'_>,
    at: usize,
    header_len: usize,
    plan: &Plan,
    schemes: &[&'s Scheme],
    main: &Assembler<'s>,
    on_record: Option<&OnRecord<'_>>,
    take: bool,
) -> Option<(Assembler<'s>, Handed)> {
    let Pieces { source, body, .. } = *pieces;
    let (start, end) = (*pieces.bounds.get(at)?, *pieces.bounds.get(at + 1)?);
    let (first_row, lines) = (*pieces.first_rows.get(at)?, *pieces.lines.get(at)?);
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(source.delimiter)
        .buffer_capacity(BUFFER)
        .from_reader(body.piece(start, end)?);
    // The file's name and the cells' names of the chunk's own (see `Plan::with_own_names`).
    let mut plan = plan.with_own_names();
    // Records taken keep only the attributes read once they are scored.
    if let (true, Some(read), Plan::Wide { keys, .. }) =
        (take, on_record.and_then(|o| o.attributes_read()), &mut plan)
    {
        keys.attributes.retain(|(_, name)| read.contains(&&**name));
    }
    let plan = &plan;
    let file = Arc::from(&*main.file);
    let mut asm = Assembler::new(schemes, file, Sink::new(source.name, "row", "column"));
    asm.percent_scale = main.percent_scale;
    let mut handed = Handed::default();
    if take {
        asm.index_rows = false;
        handed.taken.push(Vec::with_capacity(lines));
    } else {
        asm.records.reserve_exact(lines);
        asm.index.reserve(lines, &[]);
        handed.scores.reserve_exact(if on_record.is_some() { lines } else { 0 });
    }
    // The cells of the records taken, handed over by position when the scorer reads them so
    // (their maps are then not filled).
    let feeds: Option<Vec<Feeds>> = match (take, on_record, plan) {
        (true, Some(taker), Plan::Wide { values, .. }) => (0..schemes.len())
            .map(|scheme| Some(Feeds::new(values, scheme, &taker.cells(scheme)?)))
            .collect(),
        _ => None,
    };
    asm.fill_maps = feeds.is_none();
    let mut cells = Vec::new();
    let mut record = ::csv::StringRecord::new();
    // Points the chunk's scorer computed, by indicator and value.
    let mut memo = Memo::default();
    // The scores of the records taken, written out a batch at a time (up to `spilled`).
    let mut spiller = on_record.filter(|_| take).and_then(|taker| taker.spiller());
    let mut spilled = 0;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let index = record.position().map_or(0, |p| p.record() as usize);
                let row = CsvRow {
                    record: &record,
                    number: first_row + index,
                    source,
                    offset: body.start() + start,
                };
                if record.len() != header_len {
                    return None;
                }
                asm.row(plan, &row);
                if !asm.sink.is_empty() {
                    return None;
                }
                if take {
                    // A row of blank cells makes no record.
                    if let Some(mut record) = asm.records.pop() {
                        let taken = match &feeds {
                            Some(feeds) => {
                                let (scheme, read) = asm.last_row();
                                feeds.get(scheme)?.cells(read, record.origin.row, &mut cells);
                                on_record?.take_cells(&mut record, scheme, &cells, &mut memo)?
                            }
                            None => on_record?.take(&mut record, &mut memo)?,
                        };
                        let chunk = handed.taken.last_mut()?;
                        chunk.push(taken);
                        asm.taken += 1;
                        if let Some(spiller) = spiller.as_mut() {
                            spiller.stage(chunk.last_mut()?);
                            if chunk.len() >= spilled + SPILL_BATCH {
                                spiller.write(chunk.get_mut(spilled..)?);
                                spilled = chunk.len();
                            }
                        }
                    }
                    continue;
                }
                let new = handed.scores.len() < asm.records.len();
                if let (Some(on_record), Some(read), true) =
                    (on_record, asm.records.last_mut(), new)
                {
                    handed.scores.push(on_record.score(read, &mut memo));
                }
            }
            Err(_) => return None,
        }
    }
    if let (true, Some(taken)) = (take, handed.taken.last_mut()) {
        // The chunk is read: the rest of its records' scores may wait for the output on disk.
        if let Some(spiller) = spiller.as_mut() {
            spiller.write(taken.get_mut(spilled..)?);
        }
        handed.spilled.push(spiller.and_then(ChunkSpiller::finish));
    }
    Some((asm, handed))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::io::Write;

    use crate::eval::load::LoadOptions;
    use crate::eval::load::csv::{read_file, read_telling};
    use crate::eval::scoring::Scoring;
    use crate::eval::taken::Taken;

    #[test]
    fn work_handed_out_in_order_comes_back_in_order() {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(3).build().unwrap();
        // The first items are the slowest: they finish after the later ones.
        let slow = |at: usize| {
            std::thread::sleep(std::time::Duration::from_millis(if at < 3 { 30 } else { 1 }));
            at * 2
        };
        let done = pool.install(|| super::in_order(0..12, slow));
        assert_eq!(done, (0..12).map(|at| at * 2).collect::<Vec<_>>());
    }

    #[test]
    fn chunks_shrink_round_after_round() {
        let shares = super::shares(2);
        assert_eq!(shares, [4, 4, 4, 4, 4, 4, 4, 4, 2, 2, 1, 1, 1, 1]);
        assert_eq!(super::shares(0), super::shares(1));
    }

    /// The founding scheme and 12,000 rows of its data (2,000 employees, 6 periods).
    fn founding_data(seed: u64) -> (crate::ast::Scheme, Vec<u8>) {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/online-shop-cs.merit");
        let text = std::fs::read_to_string(path).unwrap();
        let scheme = crate::syntax::parse(&crate::SourceFile::new(path, text)).unwrap().scheme;
        let options =
            crate::generate::GenOptions { employees: 2_000, periods: 6, seed, long: false };
        let mut bytes = Vec::new();
        crate::generate::generate(&scheme, &options, &mut bytes).unwrap();
        (scheme, bytes)
    }

    #[test]
    fn a_big_plain_file_is_read_in_chunks_and_a_quoted_one_row_by_row() {
        let (scheme, bytes) = founding_data(3);
        let read = |bytes: &[u8]| {
            read_telling("big.csv", bytes, b',', &[&scheme], &LoadOptions::default(), None)
        };
        let (plain, chunked) = read(&bytes);
        assert!(chunked, "read in chunks");
        let plain = plain.unwrap().0;
        assert_eq!(plain.records.len(), 12_000);
        let quoted =
            String::from_utf8(bytes.clone()).unwrap().replacen("\nE0001,", "\n\"E0001\",", 1);
        let (by_row, chunked) = read(quoted.as_bytes());
        assert!(!chunked, "read row by row");
        assert!(by_row.unwrap().0 == plain, "the same records");
        // A row of empty cells makes no record: it leaves a gap that is closed.
        let text = String::from_utf8(bytes.clone()).unwrap();
        let commas = ",".repeat(text.lines().next().unwrap().matches(',').count());
        let at = text.len() / 2 + text[text.len() / 2..].find('\n').unwrap() + 1;
        let gap = format!("{}{commas}\n{}", &text[..at], &text[at..]);
        let (with_gap, chunked) = read(gap.as_bytes());
        assert!(chunked, "a row of empty cells is read in chunks");
        let with_gap = with_gap.unwrap().0;
        let (gap_by_row, _) = read(gap.replacen("\nE0001,", "\n\"E0001\",", 1).as_bytes());
        assert!(with_gap == gap_by_row.unwrap().0, "the same records as row by row");
        assert_eq!(with_gap.records.len(), 12_000);
        // Windows line ends are cut too.
        let (crlf, chunked) =
            read(quoted.replacen("\n\"E0001\",", "\nE0001,", 1).replace('\n', "\r\n").as_bytes());
        assert!(chunked, "CRLF read in chunks");
        assert!(crlf.unwrap().0 == plain, "CRLF: the same records");
    }

    #[test]
    fn a_big_plain_file_is_read_from_disk_in_pieces_as_its_text_is() {
        let (scheme, bytes) = founding_data(5);
        let text = String::from_utf8(bytes).unwrap();
        let load = LoadOptions::default();
        // Each record is handed over as it is read: here, its row number.
        let on_record = |record: &mut crate::eval::dataset::Record| {
            Some(Err(vec![crate::diagnostic::Diagnostic::error(
                "row",
                record.origin.row.to_string(),
            )]))
        };
        let rows = |prescored: Vec<Option<crate::eval::scoring::Scoring>>| -> Vec<String> {
            prescored
                .into_iter()
                .map(|p| match p {
                    Some(Err(d)) => d[0].message.clone(),
                    _ => String::new(),
                })
                .collect()
        };
        let on_disk = |text: &str| {
            let mut file = tempfile::Builder::new().suffix(".csv").tempfile().unwrap();
            file.write_all(text.as_bytes()).unwrap();
            let name = file.path().display().to_string();
            read_file(file.path(), &name, b',', &[&scheme], &load, Some(&on_record))
                .map(|loaded| (loaded, name))
        };
        for (what, text) in [
            ("LF", text.clone()),
            ("CRLF", text.replace('\n', "\r\n")),
            ("byte-order mark", format!("\u{feff}{text}")),
        ] {
            let (streamed, name) = on_disk(&text).unwrap_or_else(|| panic!("{what}: streamed"));
            let (whole, chunked) =
                read_telling(&name, text.as_bytes(), b',', &[&scheme], &load, Some(&on_record));
            assert!(chunked, "{what}: the text is read in chunks");
            let (streamed, whole) = (streamed.unwrap(), whole.unwrap());
            assert_eq!(streamed.0.records.len(), 12_000, "{what}");
            assert!(streamed.0 == whole.0, "{what}: the same records");
            assert_eq!(streamed.1.len(), whole.1.len(), "{what}: the same warnings");
            assert_eq!(
                rows(streamed.2.scores),
                rows(whole.2.scores),
                "{what}: each record handed over once"
            );
        }
        // Anything not plain, or anything to report, is left to the whole read.
        let quoted = text.replacen("\nE0001,", "\n\"E0001\",", 1);
        assert!(on_disk(&quoted).is_none(), "a quote");
        let bad = text.replacen(",cs_agent,", ",cs_agent,T01,", 1);
        assert!(on_disk(&bad).is_none(), "a row with a field too many");
        let (header, rest) = text.split_once('\n').unwrap();
        assert!(
            on_disk(&format!("{header},unknown_column\n{}", rest.replace('\n', ",1\n"))).is_none(),
            "a warning about the header"
        );
        assert!(on_disk(&text[..1000]).is_none(), "a small file");
    }

    /// Takes every record but the one of row `refuse`, keeping its row as its score.
    struct Taker {
        refuse: usize,
    }

    fn row_diagnostic(record: &crate::eval::dataset::Record) -> crate::eval::scoring::Scoring {
        Err(vec![crate::diagnostic::Diagnostic::error("row", record.origin.row.to_string())])
    }

    impl crate::eval::load::OnRead for Taker {
        fn score(
            &self,
            record: &mut crate::eval::dataset::Record,
            _: &mut crate::eval::memo::Memo,
        ) -> Option<Scoring> {
            Some(row_diagnostic(record))
        }

        fn takes(&self) -> bool {
            true
        }

        fn take(
            &self,
            record: &mut crate::eval::dataset::Record,
            _: &mut crate::eval::memo::Memo,
        ) -> Option<Taken> {
            (record.origin.row != self.refuse).then(|| Taken {
                employee: record.employee.as_str().into(),
                period: crate::eval::period::PeriodLabel::detect(&record.period).unwrap(),
                scope: None,
                scheme: 0,
                scoring: row_diagnostic(record),
                rounded: rust_decimal::Decimal::ZERO,
            })
        }
    }

    #[test]
    fn records_are_taken_as_read_unless_one_cannot_be_or_one_is_there_twice() {
        let (scheme, bytes) = founding_data(7);
        let load = LoadOptions::default();
        let read = |bytes: &[u8], taker: &Taker| {
            read_telling("big.csv", bytes, b',', &[&scheme], &load, Some(taker))
        };
        let keep = |record: &mut crate::eval::dataset::Record| Some(row_diagnostic(record));
        let (kept, _) = read_telling("big.csv", &bytes, b',', &[&scheme], &load, Some(&keep));
        let rows = |scores: &[Scoring]| -> Vec<String> {
            scores.iter().map(|s| s.as_ref().unwrap_err()[0].message.clone()).collect()
        };
        // Every record taken, in file order: none kept.
        let (taken, chunked) = read(&bytes, &Taker { refuse: 0 });
        assert!(chunked);
        let (data, warnings, handed) = taken.unwrap();
        assert!(data.records.is_empty() && handed.scores.is_empty());
        let taken: Vec<Taken> = handed.taken.into_iter().flatten().collect();
        let all_rows: Vec<String> = (2..=12_001).map(|row| row.to_string()).collect();
        let scorings: Vec<Scoring> = taken.iter().map(|t| t.scoring.clone()).collect();
        assert_eq!(rows(&scorings), all_rows);
        // The same employees and warnings as when records are kept.
        let (kept, kept_warnings, _) = kept.unwrap();
        assert!(kept.records.iter().map(|r| &*r.employee).eq(taken.iter().map(|t| &*t.employee)));
        assert_eq!(warnings.len(), kept_warnings.len());
        // One record that cannot be taken: every record is kept and scored instead.
        let (refused, chunked) = read(&bytes, &Taker { refuse: 7_000 });
        assert!(chunked, "still read in chunks");
        let (data, _, handed) = refused.unwrap();
        assert_eq!(data.records.len(), 12_000);
        assert!(handed.taken.is_empty());
        let scores: Vec<Scoring> = handed.scores.into_iter().map(Option::unwrap).collect();
        assert_eq!(rows(&scores), all_rows);
        // An employee twice in one period: read again, row by row, to say so.
        let text = String::from_utf8(bytes.clone()).unwrap();
        let second = text.lines().nth(9_000).unwrap();
        let twice = format!("{text}{second}\n");
        let (twice, chunked) = read(twice.as_bytes(), &Taker { refuse: 0 });
        assert!(!chunked, "read row by row");
        let codes: Vec<String> = twice.unwrap_err().into_iter().map(|d| d.code).collect();
        assert_eq!(codes, ["data::duplicate-row"]);
    }
}
