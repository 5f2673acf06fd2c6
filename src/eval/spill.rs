//! Packed scores kept in temporary files instead of memory until the output reads them.
//!
//! For `eval --format csv` of a big CSV, a million employee-periods' packed scores (about 90
//! bytes each) would be held from the moment each record is read until the output writes
//! its row. Instead, each chunk of the file, as it is read, writes its records' packed scores
//! to an unnamed temporary file of its own ([`ChunkSpiller`]), a batch of records at a
//! time as they are read, and forgets them; the engine notes where each entry's score is
//! ([`Spill`]), and the output reads back each period's scores when it writes that period. The operating system's cache holds the files' pages:
//! they are not the process's memory.
//!
//! Only the scores of schemes whose ranking, grading and actions read nothing of them but
//! the rounded composite are spilled ([`Plan::reads_scores_once_scored`]): no tie-breaker,
//! no critical gate, no action on an indicator or group, no hook. Any other score, or any
//! chunk whose file cannot be written, stays in memory.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::eval::composite::round_score;
use crate::eval::packed::{PackedScore, PackedView};
use crate::eval::plan::Plan;
use crate::eval::scored::Scored;
use crate::eval::taken::Taken;

/// Scores at most this far apart in a file are read in one go...
const GAP: u64 = 64 << 10;
/// ... up to this many bytes at a time.
const RUN: u64 = 1 << 20;
/// The length of a score that stayed in memory.
const KEPT: u32 = u32::MAX;
/// Where a score is, packed in 64 bits: its chunk's file (12 bits), offset (36) and length
/// (16). `NOWHERE` for a score kept in memory.
const NOWHERE: u64 = u64::MAX;
const CHUNK_BITS: u32 = 12;
const OFFSET_BITS: u32 = 36;
const LENGTH_BITS: u32 = 16;

/// The scores of one chunk's records, in a temporary file.
#[derive(Debug)]
pub(crate) struct ChunkSpill {
    file: File,
    /// Per record taken, in order: the length of its score in the file, or [`KEPT`].
    lengths: Vec<u32>,
}

/// Spills the scores of one chunk's records as they are taken, a batch at a time, to one
/// temporary file, each batch in one write: a chunk's scores then never all wait in memory
/// for its end. Each score is copied into the batch as soon as its record is taken
/// ([`stage`](ChunkSpiller::stage)) and its own allocation freed: the next record's takes
/// its place, where a batch of allocations freed at once would be given back to the system
/// and mapped afresh.
#[derive(Debug)]
pub(crate) struct ChunkSpiller {
    /// Per scheme: its precision when its scores may be spilled.
    spillable: Vec<Option<u32>>,
    /// The file, once the first record is staged; `None` when it could not be created.
    out: Option<File>,
    /// Whether the file was asked for.
    started: bool,
    /// Whether writing failed: the batches written before stay, later scores stay in
    /// memory.
    failed: bool,
    /// Per record taken so far, in order: the length of its score in the file, or [`KEPT`].
    lengths: Vec<u32>,
    /// Bytes in the file.
    written: u64,
    /// The batch staged and not yet written: the scores' bytes one after the other, and per
    /// record its length among them, or [`KEPT`].
    staged: (Vec<u8>, Vec<u32>),
}

impl ChunkSpiller {
    /// A spiller for the chunks of `plans`' records; `None` when no scheme's scores may be
    /// spilled.
    pub(crate) fn new(plans: &[Plan<'_>]) -> Option<ChunkSpiller> {
        let spillable: Vec<Option<u32>> = plans
            .iter()
            .map(|plan| (!plan.reads_scores_once_scored()).then_some(plan.precision))
            .collect();
        spillable.iter().any(Option::is_some).then(|| ChunkSpiller {
            spillable,
            out: None,
            started: false,
            failed: false,
            lengths: Vec::new(),
            written: 0,
            staged: (Vec::new(), Vec::new()),
        })
    }

    /// Stage the packed score of `record`, the chunk's next record, for the batch
    /// [written](ChunkSpiller::write) next, and forget it, keeping its composite rounded;
    /// a score that may not be spilled, or any after a batch that could not be written,
    /// stays.
    pub(crate) fn stage(&mut self, record: &mut Taken) {
        if !self.started {
            self.started = true;
            self.out = tempfile::tempfile().ok();
        }
        let (bytes, lengths) = &mut self.staged;
        let precision = self.spillable.get(usize::from(record.scheme)).copied().flatten();
        let spilling = self.out.is_some() && !self.failed;
        // Only what its place can say (see `NOWHERE`) is staged: its length.
        let offset = self.written + bytes.len() as u64;
        let length = |packed: &[u8]| {
            let length = u32::try_from(packed.len()).ok()?;
            (length < 1 << LENGTH_BITS && offset < 1 << OFFSET_BITS).then_some(length)
        };
        if let (Ok(scored), Some(precision), true) = (&mut record.scoring, precision, spilling) {
            if let Some((packed, length)) =
                scored.packed_bytes().and_then(|p| Some((p, length(p)?)))
            {
                bytes.extend_from_slice(packed);
                lengths.push(length);
                record.rounded = round_score(scored.composite(), precision);
                scored.forget_nodes();
                return;
            }
        }
        lengths.push(KEPT);
    }

    /// Write the batch staged, whose records are `taken` (in the order staged). If it cannot
    /// be written, its scores are put back: they stay in memory, and so does every later
    /// score.
    pub(crate) fn write(&mut self, taken: &mut [Taken]) {
        let (bytes, lengths) = &mut self.staged;
        // (A batch of scores kept in memory needs no file.)
        let ok = bytes.is_empty()
            || !self.failed && self.out.as_mut().is_some_and(|out| out.write_all(bytes).is_ok());
        if ok {
            self.written += bytes.len() as u64;
            self.lengths.append(lengths);
            bytes.clear();
            return;
        }
        // Nothing of this batch is known to be in the file.
        self.failed = true;
        let mut at = 0;
        for (record, length) in taken.iter_mut().zip(lengths.drain(..)) {
            self.lengths.push(KEPT);
            if length == KEPT {
                continue;
            }
            let end = at + usize::try_from(length).unwrap_or(0);
            if let (Ok(scored), Some(packed)) = (&mut record.scoring, bytes.get(at..end)) {
                *scored = Scored::from_packed(PackedScore::from_bytes(packed));
            }
            at = end;
        }
        bytes.clear();
    }

    /// [Stage](ChunkSpiller::stage) the scores of `taken`, the chunk's next records in
    /// order, and [write](ChunkSpiller::write) them.
    #[cfg(test)]
    pub(crate) fn spill(&mut self, taken: &mut [Taken]) {
        for record in taken.iter_mut() {
            self.stage(record);
        }
        self.write(taken);
    }

    /// The chunk's spill: `None` when nothing of it is in a file. (Whatever part of a failed
    /// batch reached the file, no place points there.)
    pub(crate) fn finish(self) -> Option<ChunkSpill> {
        let file = self.out?;
        self.lengths
            .iter()
            .any(|&l| l != KEPT)
            .then_some(ChunkSpill { file, lengths: self.lengths })
    }
}

/// Where the spilled scores of every entry are, per scheme in entry order.
#[derive(Debug, Default)]
pub(crate) struct Spill {
    files: Vec<File>,
    /// Per scheme, per entry: where its score is (see [`NOWHERE`]).
    places: Vec<Vec<u64>>,
    /// Per scheme: whether any of its scores is spilled.
    spilled: Vec<bool>,
    /// Per scheme: whether any of its scores stayed in memory.
    kept: Vec<bool>,
    /// The room of the last period's scores read back, for the next period's: memory given
    /// back to the system and asked for again would be mapped afresh, page by page.
    room: Loaded,
}

/// The places of one chunk's records' scores, in order (see [`Spill::chunk`]); none for a
/// chunk that spilled nothing.
pub(crate) struct ChunkPlaces {
    chunk: Option<u64>,
    lengths: std::vec::IntoIter<u32>,
    offset: u64,
}

impl Iterator for ChunkPlaces {
    type Item = u64;

    fn next(&mut self) -> Option<u64> {
        let length = self.lengths.next()?;
        Some(match (self.chunk, length) {
            (Some(chunk), length) if length != KEPT => {
                let place = chunk << (OFFSET_BITS + LENGTH_BITS)
                    | self.offset << LENGTH_BITS
                    | u64::from(length);
                self.offset += u64::from(length);
                place
            }
            _ => NOWHERE,
        })
    }
}

impl Spill {
    /// A spill of `schemes` schemes, with no file yet.
    pub(crate) fn new(schemes: usize) -> Spill {
        let places = (0..schemes).map(|_| Vec::new()).collect();
        Spill {
            files: Vec::new(),
            places,
            spilled: vec![false; schemes],
            kept: vec![false; schemes],
            room: Loaded::default(),
        }
    }

    /// Room for the places of `count` more entries of scheme `scheme`, noted next: the list
    /// is then made at its size at once, not grown (each larger room mapped afresh).
    pub(crate) fn reserve(&mut self, scheme: usize, count: usize) {
        if let Some(places) = self.places.get_mut(scheme) {
            places.reserve(count);
        }
    }

    /// The places of the scores of a chunk's records, in order, to be [noted](Spill::note)
    /// one by one (a chunk that spilled nothing has none). `None` past the 4,096 files a
    /// place can name.
    pub(crate) fn chunk(&mut self, spilled: Option<ChunkSpill>) -> Option<ChunkPlaces> {
        let Some(ChunkSpill { file, lengths }) = spilled else {
            return Some(ChunkPlaces { chunk: None, lengths: Vec::new().into_iter(), offset: 0 });
        };
        let chunk = u64::try_from(self.files.len()).ok().filter(|&n| n < 1 << CHUNK_BITS)?;
        self.files.push(file);
        Some(ChunkPlaces { chunk: Some(chunk), lengths: lengths.into_iter(), offset: 0 })
    }

    /// The next entry of scheme `scheme` has its score at `place` (from
    /// [`chunk`](Spill::chunk)), or in memory ([`NOWHERE`] when it was kept).
    pub(crate) fn note(&mut self, scheme: usize, place: Option<u64>) {
        let place = place.unwrap_or(NOWHERE);
        if let (Some(places), Some(spilled), Some(kept)) =
            (self.places.get_mut(scheme), self.spilled.get_mut(scheme), self.kept.get_mut(scheme))
        {
            places.push(place);
            *spilled |= place != NOWHERE;
            *kept |= place == NOWHERE;
        }
    }

    /// Whether every score of scheme `scheme` is spilled (its entries' own are forgotten).
    pub(crate) fn spills_all(&self, scheme: usize) -> bool {
        self.spills(scheme) && !self.kept.get(scheme).copied().unwrap_or(true)
    }

    /// Whether any score of scheme `scheme` is spilled.
    pub(crate) fn spills(&self, scheme: usize) -> bool {
        self.spilled.get(scheme).copied().unwrap_or(false)
    }

    /// The scores of scheme `scheme`'s entries `members` (positions, in any order), in
    /// that order, read back from their files; none for a score that stayed in memory.
    pub(crate) fn load(&mut self, scheme: usize, members: &[u32]) -> io::Result<Loaded> {
        let (wanted, stretches, total) = self.wanted(scheme, members)?;
        let room = std::mem::take(&mut self.room);
        let stretched: u64 = stretches.iter().flatten().map(|(start, end)| end - start).sum();
        // A period's rows lie together in the file: what lies between its scores is then
        // little or nothing, and each file's stretch is read whole, in one go, with each
        // score read where it lies.
        if stretched <= total + total / 8 + GAP {
            self.load_stretches(&wanted, &stretches, stretched, room)
        } else {
            self.load_scattered(&wanted, total, room)
        }
    }

    /// The places of scheme `scheme`'s entries `members`, in that order; per file, the
    /// stretch (start and end) those in it lie in; and the bytes they take.
    fn wanted(&self, scheme: usize, members: &[u32]) -> io::Result<Wanted> {
        let places = self.places.get(scheme).ok_or_else(lost)?;
        let mut wanted = Vec::with_capacity(members.len());
        for &member in members {
            let member = usize::try_from(member).map_err(|_| lost())?;
            wanted.push(*places.get(member).ok_or_else(lost)?);
        }
        let mut stretches: Vec<Option<(u64, u64)>> = vec![None; self.files.len()];
        let mut total = 0u64;
        for &place in wanted.iter().filter(|&&place| place != NOWHERE) {
            let (chunk, offset, length) = unpack(place);
            let stretch = stretches.get_mut(chunk).ok_or_else(lost)?;
            let (start, end) = stretch.get_or_insert((offset, offset + length));
            *start = (*start).min(offset);
            *end = (*end).max(offset + length);
            total += length;
        }
        Ok((wanted, stretches, total))
    }

    /// [`load`](Spill::load) of the scores `wanted` (their places), each file's
    /// `stretches` (of `stretched` bytes in all) read whole into `room`.
    fn load_stretches(
        &mut self,
        wanted: &[u64],
        stretches: &[Option<(u64, u64)>],
        stretched: u64,
        room: Loaded,
    ) -> io::Result<Loaded> {
        let Loaded { mut bytes, mut starts, mut lengths } = room;
        bytes.clear();
        let stretched = usize::try_from(stretched).map_err(|_| lost())?;
        if bytes.capacity() < stretched {
            // Room too small is given back before more is asked for (see `load_scattered`).
            bytes = Vec::with_capacity(stretched + stretched / 4);
        }
        // Where each file's stretch starts among the bytes.
        let mut bases = vec![0usize; stretches.len()];
        for ((file, stretch), base) in self.files.iter_mut().zip(stretches).zip(&mut bases) {
            let Some((start, end)) = *stretch else { continue };
            *base = bytes.len();
            file.seek(SeekFrom::Start(start))?;
            // Read into the room as it is (no zeros written first, then written over).
            let read = (&*file).take(end - start).read_to_end(&mut bytes)?;
            if u64::try_from(read).ok() != Some(end - start) {
                return Err(lost());
            }
        }
        starts.clear();
        lengths.clear();
        starts.reserve(wanted.len());
        lengths.reserve(wanted.len());
        for &place in wanted {
            if place == NOWHERE {
                starts.push(0);
                lengths.push(0);
                continue;
            }
            let (chunk, offset, length) = unpack(place);
            let base = *bases.get(chunk).ok_or_else(lost)?;
            let start = stretches.get(chunk).copied().flatten().ok_or_else(lost)?.0;
            starts.push(base + usize::try_from(offset - start).map_err(|_| lost())?);
            lengths.push(u16::try_from(length).map_err(|_| lost())?);
        }
        Ok(Loaded { bytes, starts, lengths })
    }

    /// [`load`](Spill::load) of the scores `wanted` (their places, `total` bytes) when they
    /// lie apart in their files: read in file order, a run of close ones at a time, each
    /// copied to its place in the order asked for.
    fn load_scattered(&mut self, wanted: &[u64], total: u64, room: Loaded) -> io::Result<Loaded> {
        let Loaded { mut bytes, mut starts, mut lengths } = room;
        starts.clear();
        lengths.clear();
        starts.reserve(wanted.len());
        lengths.reserve(wanted.len());
        let mut end = 0usize;
        for &place in wanted {
            let length = if place == NOWHERE { 0 } else { unpack(place).2 };
            let length = u16::try_from(length).map_err(|_| lost())?;
            starts.push(end);
            lengths.push(length);
            end += usize::from(length);
        }
        let total = usize::try_from(total).map_err(|_| lost())?;
        // (Every byte is written over below.) Room too small is given back before more is
        // asked for (grown in place, its old bytes would be copied, and held twice), with a
        // margin for the next periods' (room never written takes no memory).
        if bytes.capacity() < total {
            bytes = Vec::with_capacity(total + total / 4);
        }
        bytes.clear();
        bytes.resize(total, 0);
        // Read in file order.
        let mut order: Vec<usize> = (0..wanted.len()).filter(|&i| wanted[i] != NOWHERE).collect();
        order.par_sort_unstable_by_key(|&i| wanted[i]);
        let mut buffer = Vec::new();
        let mut first_at = 0;
        while let Some(&first) = order.get(first_at) {
            // Read the run of scores that lie close together in one file in one go.
            let (chunk, start, _) = unpack(wanted[first]);
            let mut run_end = first_at;
            let mut last = start;
            while let Some(&next) = order.get(run_end) {
                let (same_chunk, offset, length) = unpack(wanted[next]);
                let too_long = run_end > first_at && (offset + length).saturating_sub(start) > RUN;
                if same_chunk != chunk || offset < last || offset > last + GAP || too_long {
                    break;
                }
                last = offset + length;
                run_end += 1;
            }
            let file = self.files.get_mut(chunk).ok_or_else(lost)?;
            buffer.resize(usize::try_from(last - start).map_err(|_| lost())?, 0);
            file.seek(SeekFrom::Start(start))?;
            file.read_exact(&mut buffer)?;
            // Of the run, the scores asked for (not what lies between them), each to its
            // place.
            for &index in order.get(first_at..run_end).ok_or_else(lost)? {
                let (_, offset, length) = unpack(wanted[index]);
                let from = usize::try_from(offset - start).map_err(|_| lost())?;
                let length = usize::try_from(length).map_err(|_| lost())?;
                let score = buffer.get(from..from + length).ok_or_else(lost)?;
                let to = *starts.get(index).ok_or_else(lost)?;
                bytes.get_mut(to..to + length).ok_or_else(lost)?.copy_from_slice(score);
            }
            first_at = run_end;
        }
        Ok(Loaded { bytes, starts, lengths })
    }

    /// Keep the room of scores read back, and written, for the next period's.
    pub(crate) fn give_back(&mut self, loaded: Loaded) {
        self.room = loaded;
    }
}

/// The scores of a period's members read back from their files ([`Spill::load`]): their
/// bytes one after the other in one buffer, in the order the members were asked for, read
/// where they lie (a hundred thousand scores of a few dozen bytes each would be as many
/// allocations).
#[derive(Debug, Default)]
pub(crate) struct Loaded {
    bytes: Vec<u8>,
    /// Per member, where its score starts in `bytes`, and its length (a place says it in
    /// 16 bits). A score that stayed in memory takes no bytes.
    starts: Vec<usize>,
    lengths: Vec<u16>,
}

impl Loaded {
    /// The score of the `at`th member asked for; `None` when it stayed in memory.
    pub(crate) fn get(&self, at: usize) -> Option<PackedView<'_>> {
        let (&start, &length) = (self.starts.get(at)?, self.lengths.get(at)?);
        // A packed score takes at least the composite's bytes: none is empty.
        let bytes = self.bytes.get(start..start + usize::from(length))?;
        (!bytes.is_empty()).then(|| PackedView::new(bytes))
    }
}

/// What [`Spill::wanted`] finds: the places, per file the stretch, and the bytes.
type Wanted = (Vec<u64>, Vec<Option<(u64, u64)>>, u64);

/// A spilled score that is not where its place says.
fn lost() -> io::Error {
    io::Error::other("a spilled score that was not written")
}

/// A place's file, offset and length (see [`NOWHERE`]).
fn unpack(place: u64) -> (usize, u64, u64) {
    let chunk = usize::try_from(place >> (OFFSET_BITS + LENGTH_BITS)).unwrap_or(usize::MAX);
    let offset = (place >> LENGTH_BITS) & ((1 << OFFSET_BITS) - 1);
    (chunk, offset, place & ((1 << LENGTH_BITS) - 1))
}

/// The error of spilled scores that cannot be read back.
pub(crate) fn failed(err: &io::Error) -> Diagnostic {
    Diagnostic::error(
        "output::write",
        format!("the scores kept in a temporary file until written cannot be read: {err}"),
    )
    .with_help("check that the temporary directory (TMPDIR) is writable and its disk has room")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use rust_decimal::Decimal;

    use super::*;
    use crate::eval::period::PeriodLabel;
    use crate::eval::testing::{measured, scheme, targets};

    /// Spill the records `taken` of one chunk in one batch.
    fn spill_chunk(plans: &[Plan<'_>], taken: &mut [Taken]) -> Option<ChunkSpill> {
        let mut spiller = ChunkSpiller::new(plans)?;
        spiller.spill(taken);
        spiller.finish()
    }

    /// The scores read back, as scores of their own.
    fn scores(loaded: Loaded) -> Vec<Option<Scored>> {
        let score =
            |view: PackedView<'_>| Scored::from_packed(PackedScore::from_bytes(view.bytes()));
        (0..loaded.starts.len()).map(|at| loaded.get(at).map(score)).collect()
    }

    /// The scores of `members` read back both ways: each file's stretch whole, and run by
    /// run, each score copied to its place.
    fn both_ways(spill: &mut Spill, scheme: usize, members: &[u32]) -> [Vec<Option<Scored>>; 2] {
        let (wanted, stretches, total) = spill.wanted(scheme, members).unwrap();
        let stretched = stretches.iter().flatten().map(|(start, end)| end - start).sum();
        let room = || Loaded::default();
        let whole = spill.load_stretches(&wanted, &stretches, stretched, room()).unwrap();
        let runs = spill.load_scattered(&wanted, total, room()).unwrap();
        [scores(whole), scores(runs)]
    }

    fn packed(composite: i64, points: &[i64]) -> Scored {
        let points = points.iter().map(|&p| Some(Decimal::from(p)));
        Scored::from_packed(PackedScore::pack(Decimal::from(composite), &[], points))
    }

    fn taken(scheme: u16, scoring: Scored) -> Taken {
        Taken {
            employee: "E1".into(),
            period: PeriodLabel::detect("2024-01").unwrap(),
            scope: None,
            scheme,
            scoring: Ok(scoring),
            rounded: Decimal::ZERO,
        }
    }

    /// Two schemes of one indicator: the first may spill; the second has a tie-breaker, so
    /// its scores stay in memory.
    fn plain_and_tied() -> (crate::ast::Scheme, crate::ast::Scheme) {
        let plain = scheme(vec![measured("c", "100", targets("0", "100"))]);
        let mut tied = plain.clone();
        tied.ranking = Some(crate::eval::testing::sp(crate::ast::Ranking {
            scope: None,
            tie_break: vec![crate::eval::testing::id("c")],
        }));
        (plain, tied)
    }

    #[test]
    fn spilled_scores_read_back_as_written_whatever_members_are_asked() {
        let (plain, tied) = plain_and_tied();
        let plans = [Plan::compile(&plain).unwrap(), Plan::compile(&tied).unwrap()];
        let mut spill = Spill::new(2);
        let mut written: [Vec<Scored>; 2] = [Vec::new(), Vec::new()];
        // Three chunks of records of both schemes, interleaved.
        for chunk in 0..3 {
            let mut records: Vec<Taken> = (0..150)
                .map(|n| {
                    let n = chunk * 1000 + n;
                    let points = vec![n * 7; usize::try_from(n % 5).unwrap()];
                    taken(u16::from(n % 3 == 0), packed(n, &points))
                })
                .collect();
            for record in &records {
                written[usize::from(record.scheme)].push(record.scoring.clone().unwrap());
            }
            let spilled = spill_chunk(&plans, &mut records).unwrap();
            for record in &records {
                let kept = record.scoring.as_ref().unwrap() != &Scored::default();
                assert_eq!(kept, record.scheme == 1, "only scheme 0's scores are forgotten");
            }
            let places = spill.chunk(Some(spilled)).unwrap();
            for (record, place) in records.iter().zip(places) {
                spill.note(usize::from(record.scheme), Some(place));
            }
        }
        assert!(spill.spills(0) && !spill.spills(1));
        assert!(spill.spills_all(0) && !spill.spills_all(1), "every score of scheme 0");
        let all: Vec<u32> = (0..u32::try_from(written[0].len()).unwrap()).collect();
        let back: Vec<Scored> =
            scores(spill.load(0, &all).unwrap()).into_iter().map(Option::unwrap).collect();
        assert_eq!(back, written[0]);
        let some: Vec<u32> = all.iter().copied().filter(|n| n % 7 == 2).collect();
        let expected: Vec<Option<Scored>> =
            some.iter().map(|&n| Some(written[0][n as usize].clone())).collect();
        assert_eq!(scores(spill.load(0, &some).unwrap()), expected);
        // In any order: read back in the order asked for.
        let shuffled: Vec<u32> = some.iter().rev().chain(&some[..3]).copied().collect();
        let expected: Vec<Option<Scored>> =
            shuffled.iter().map(|&n| Some(written[0][n as usize].clone())).collect();
        assert_eq!(scores(spill.load(0, &shuffled).unwrap()), expected);
        // Each file's stretch read whole, or run by run: the same scores.
        for members in [&all, &some, &shuffled] {
            let [whole, runs] = both_ways(&mut spill, 0, members);
            assert_eq!(whole, runs);
            assert_eq!(whole, scores(spill.load(0, members).unwrap()));
        }
        // Scheme 1's scores were kept: nothing to read back.
        assert!(scores(spill.load(1, &[0, 1]).unwrap()).iter().all(Option::is_none));
        assert!(spill.load(0, &[u32::try_from(all.len()).unwrap()]).is_err(), "no such entry");
    }

    #[test]
    fn a_chunk_spilled_batch_by_batch_reads_back_as_one_spilled_at_once() {
        let (plain, tied) = plain_and_tied();
        let plans = [Plan::compile(&plain).unwrap(), Plan::compile(&tied).unwrap()];
        let records = || -> Vec<Taken> {
            (0..1_000)
                .map(|n: i64| {
                    let points = vec![n * 3; usize::try_from(n % 4).unwrap()];
                    taken(u16::from(n % 5 == 0), packed(n, &points))
                })
                .collect()
        };
        let written: Vec<Scored> =
            records().into_iter().map(|record| record.scoring.unwrap()).collect();
        let read_back = |batches: &[usize]| {
            let mut records = records();
            let mut spiller = ChunkSpiller::new(&plans).unwrap();
            let mut at = 0;
            for &end in batches {
                spiller.spill(&mut records[at..end]);
                at = end;
            }
            // Each score is forgotten once its batch is out, its composite kept rounded.
            for (record, n) in records.iter().zip(0..) {
                let forgotten = record.scoring.as_ref().unwrap().is_forgotten();
                assert_eq!(forgotten, record.scheme == 0, "record {n}");
                if forgotten {
                    assert_eq!(record.rounded.to_string(), format!("{n}.00"));
                }
            }
            let mut spill = Spill::new(2);
            for (record, place) in records.iter().zip(spill.chunk(spiller.finish()).unwrap()) {
                spill.note(usize::from(record.scheme), Some(place));
            }
            let all: Vec<u32> = (0..800).collect();
            scores(spill.load(0, &all).unwrap())
        };
        let once = read_back(&[1_000]);
        let expected: Vec<Option<Scored>> = written
            .iter()
            .zip(0..)
            .filter(|(_, n)| n % 5 != 0)
            .map(|(scored, _)| Some(scored.clone()))
            .collect();
        assert!(once == expected, "spilled at once");
        assert!(read_back(&[1, 7, 300, 301, 999, 1_000]) == expected, "spilled in batches");
        assert!(read_back(&[0, 0, 1_000, 1_000]) == expected, "with empty batches");
    }

    #[test]
    fn a_chunk_of_more_than_a_read_run_reads_back_in_several_runs() {
        // More than `RUN` bytes of scores in one file: read back in several runs, whole or
        // with gaps wider than `GAP` between the members asked for.
        let plain = scheme(vec![measured("c", "100", targets("0", "100"))]);
        let plans = [Plan::compile(&plain).unwrap()];
        let long =
            |n: i64| Decimal::from_i128_with_scale(i128::from(n) * 1_000_000_007_000_000, 20);
        let mut records: Vec<Taken> = (0..30_000)
            .map(|n| {
                let points = [Some(long(n)), Some(long(n + 1)), Some(long(n + 2))];
                let scored = PackedScore::pack(Decimal::from(n), &[], points.into_iter());
                taken(0, Scored::from_packed(scored))
            })
            .collect();
        let written: Vec<Scored> =
            records.iter().map(|record| record.scoring.clone().unwrap()).collect();
        let mut spill = Spill::new(1);
        let spilled = spill_chunk(&plans, &mut records).unwrap();
        assert!(spilled.lengths.iter().map(|&n| u64::from(n)).sum::<u64>() > RUN, "over a run");
        for place in spill.chunk(Some(spilled)).unwrap() {
            spill.note(0, Some(place));
        }
        let all: Vec<u32> = (0..30_000).collect();
        let back: Vec<Scored> =
            scores(spill.load(0, &all).unwrap()).into_iter().map(Option::unwrap).collect();
        assert!(back == written, "every score, in order");
        // Run by run too (`load` reads this file's stretch whole).
        let [_, runs] = both_ways(&mut spill, 0, &all);
        assert!(runs.into_iter().map(Option::unwrap).eq(written.iter().cloned()), "in runs");
        let sparse: Vec<u32> = (0..30_000).step_by(3_000).collect();
        let back: Vec<Scored> =
            scores(spill.load(0, &sparse).unwrap()).into_iter().map(Option::unwrap).collect();
        let expected: Vec<Scored> = sparse.iter().map(|&n| written[n as usize].clone()).collect();
        assert!(back == expected, "members far apart");
    }

    #[test]
    fn members_far_apart_are_read_run_by_run_and_close_ones_whole() {
        let plain = scheme(vec![measured("c", "100", targets("0", "100"))]);
        let plans = [Plan::compile(&plain).unwrap()];
        let mut records: Vec<Taken> = (0..20_000).map(|n| taken(0, packed(n, &[n]))).collect();
        let mut spill = Spill::new(1);
        let spilled = spill_chunk(&plans, &mut records).unwrap();
        for place in spill.chunk(Some(spilled)).unwrap() {
            spill.note(0, Some(place));
        }
        let bytes_of = |loaded: &Loaded| loaded.bytes.len();
        // Every other score: what lies between them would double what is read.
        let sparse: Vec<u32> = (0..20_000).step_by(2).collect();
        let (wanted, _, total) = spill.wanted(0, &sparse).unwrap();
        let loaded = spill.load(0, &sparse).unwrap();
        assert_eq!(bytes_of(&loaded), usize::try_from(total).unwrap(), "only the scores");
        spill.give_back(loaded);
        // The first half, in reverse: one stretch, read whole.
        let close: Vec<u32> = (0..10_000).rev().collect();
        let loaded = spill.load(0, &close).unwrap();
        let (_, stretches, total) = spill.wanted(0, &close).unwrap();
        assert_eq!(stretches.iter().flatten().count(), 1);
        assert_eq!(bytes_of(&loaded), usize::try_from(total).unwrap());
        let back = scores(loaded);
        assert!(back.iter().zip(&close).all(|(score, &n)| {
            score.as_ref().map(Scored::composite) == Some(Decimal::from(n))
        }));
        assert_eq!(wanted.len(), sparse.len());
    }

    #[test]
    fn after_a_batch_that_cannot_be_written_the_rest_of_the_chunk_stays_in_memory() {
        use std::os::fd::AsRawFd;
        let (plain, _) = plain_and_tied();
        let plans = [Plan::compile(&plain).unwrap()];
        let mut records: Vec<Taken> = (0..30).map(|n| taken(0, packed(n, &[n * 2]))).collect();
        let written: Vec<Scored> =
            records.iter().map(|record| record.scoring.clone().unwrap()).collect();
        let mut spiller = ChunkSpiller::new(&plans).unwrap();
        spiller.spill(&mut records[..10]);
        // From now on the file can be read, not written: the same file, opened read-only.
        let fd = spiller.out.as_ref().unwrap().as_raw_fd();
        let read_only = File::open(format!("/proc/self/fd/{fd}")).unwrap();
        spiller.out = Some(read_only);
        spiller.spill(&mut records[10..20]);
        spiller.spill(&mut records[20..]);
        for (record, n) in records.iter().zip(0..) {
            let forgotten = record.scoring.as_ref().unwrap().is_forgotten();
            assert_eq!(forgotten, n < 10, "only the batch written is forgotten (record {n})");
            if n >= 10 {
                // Staged, then put back as they were.
                assert_eq!(record.scoring.as_ref().unwrap(), &written[n], "record {n}");
            }
        }
        // The batch written reads back; the others were kept.
        let mut spill = Spill::new(1);
        for place in spill.chunk(spiller.finish()).unwrap() {
            spill.note(0, Some(place));
        }
        assert!(spill.spills(0) && !spill.spills_all(0), "some scores stayed in memory");
        let all: Vec<u32> = (0..30).collect();
        let back = scores(spill.load(0, &all).unwrap());
        let expected: Vec<Option<Scored>> =
            (0..30).map(|n| (n < 10).then(|| written[n].clone())).collect();
        assert_eq!(back, expected);
    }

    #[test]
    fn nothing_is_spilled_when_every_scheme_reads_its_scores() {
        let mut tied = scheme(vec![measured("c", "100", targets("0", "100"))]);
        tied.ranking = Some(crate::eval::testing::sp(crate::ast::Ranking {
            scope: None,
            tie_break: vec![crate::eval::testing::id("c")],
        }));
        let plans = [Plan::compile(&tied).unwrap()];
        let mut records = vec![taken(0, packed(1, &[2]))];
        assert!(spill_chunk(&plans, &mut records).is_none());
        assert_eq!(records[0].scoring.as_ref().unwrap(), &packed(1, &[2]));
    }
}
