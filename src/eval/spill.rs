//! Packed scores kept in a temporary file instead of memory until the output reads them.
//!
//! For `eval --format csv` of a big CSV, a million employee-periods' packed scores (about 90
//! bytes each) are written, entry after entry, to an unnamed temporary file as soon as the
//! entries are made; the output reads back each period's scores when it writes that period.
//! Only schemes whose ranking, grading and actions read nothing of the scores but the
//! rounded composite are spilled ([`Plan::reads_scores_once_scored`]): no tie-breaker, no
//! critical gate, no action on an indicator or group, no hook.
//!
//! Each scheme's file holds its scores in entry order; beside it, the length of each and,
//! every [`MARK`] entries, where it starts. The operating system's cache holds the file's
//! pages: they are not the process's memory.

use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};

use crate::diagnostic::Diagnostic;
use crate::eval::packed::PackedScore;
use crate::eval::plan::Plan;
use crate::eval::scored::Scored;

/// Every this many entries, where the next one starts is noted.
const MARK: usize = 64;
/// Entries whose scores are at most this far apart are read in one go.
const GAP: u64 = 64 << 10;

/// Scores written to temporary files, one per scheme.
pub(crate) struct Spill {
    schemes: Vec<Option<SchemeSpill>>,
}

/// One scheme's scores, entry after entry.
struct SchemeSpill {
    out: BufWriter<File>,
    /// Bytes written so far.
    written: u64,
    /// The length of each entry's score.
    lengths: Vec<u32>,
    /// Where every [`MARK`]th entry's score starts.
    marks: Vec<u64>,
}

impl Spill {
    /// A spill for the schemes of `plans` whose scores nothing reads before the output but
    /// the rounded composite, each in a temporary file of its own (removed by the system
    /// once closed); `None` when no scheme's can be spilled, or no temporary file made.
    pub(crate) fn new(plans: &[Plan<'_>]) -> Option<Spill> {
        let mut schemes = Vec::with_capacity(plans.len());
        for plan in plans {
            schemes.push(if plan.reads_scores_once_scored() {
                None
            } else {
                Some(SchemeSpill {
                    out: BufWriter::with_capacity(1 << 20, tempfile::tempfile().ok()?),
                    written: 0,
                    lengths: Vec::new(),
                    marks: Vec::new(),
                })
            });
        }
        schemes.iter().any(Option::is_some).then_some(Spill { schemes })
    }

    /// Whether scheme `scheme`'s scores are spilled.
    pub(crate) fn spills(&self, scheme: usize) -> bool {
        self.schemes.get(scheme).is_some_and(Option::is_some)
    }

    /// Write `scored`, packed, as the next entry of scheme `scheme` (one that
    /// [`spills`](Spill::spills)), and forget it. A score that is not packed (it has a
    /// breakdown, or values kept) cannot be written.
    pub(crate) fn push(&mut self, scheme: usize, scored: &mut Scored) -> io::Result<()> {
        let unspillable = || io::Error::other("a score that cannot be spilled");
        let bytes = scored.packed_bytes().ok_or_else(unspillable)?;
        let length = u32::try_from(bytes.len()).map_err(|_| unspillable())?;
        let spill = self.schemes.get_mut(scheme).and_then(Option::as_mut);
        let spill = spill.ok_or_else(unspillable)?;
        if spill.lengths.len() % MARK == 0 {
            spill.marks.push(spill.written);
        }
        spill.out.write_all(bytes)?;
        spill.lengths.push(length);
        spill.written += u64::from(length);
        scored.forget_nodes();
        Ok(())
    }

    /// The scores of scheme `scheme`'s entries `members` (ascending positions), in that
    /// order, read back from its file.
    pub(crate) fn load(&mut self, scheme: usize, members: &[usize]) -> io::Result<Vec<Scored>> {
        let lost = || io::Error::other("a spilled score that was not written");
        let spill = self.schemes.get_mut(scheme).and_then(Option::as_mut).ok_or_else(lost)?;
        spill.out.flush()?;
        // Where each member's score is, in file order.
        let mut places = Vec::with_capacity(members.len());
        for &member in members {
            let mark = *spill.marks.get(member / MARK).ok_or_else(lost)?;
            let before = spill.lengths.get(member - member % MARK..member).ok_or_else(lost)?;
            let start = mark + before.iter().map(|&n| u64::from(n)).sum::<u64>();
            let length = *spill.lengths.get(member).ok_or_else(lost)?;
            places.push((start, length));
        }
        let file = spill.out.get_mut();
        let mut scores = Vec::with_capacity(members.len());
        let mut buffer = Vec::new();
        let mut at = 0;
        while let Some(&(first, _)) = places.get(at) {
            // Read the run of scores that lie close together in one go.
            let mut end = at;
            let mut last = first;
            while let Some(&(start, length)) = places.get(end) {
                if start < last || start > last + GAP {
                    break;
                }
                last = start + u64::from(length);
                end += 1;
            }
            buffer.resize(usize::try_from(last - first).map_err(|_| lost())?, 0);
            file.seek(SeekFrom::Start(first))?;
            file.read_exact(&mut buffer)?;
            for &(start, length) in places.get(at..end).ok_or_else(lost)? {
                let from = usize::try_from(start - first).map_err(|_| lost())?;
                let to = from + usize::try_from(length).map_err(|_| lost())?;
                let bytes = buffer.get(from..to).ok_or_else(lost)?;
                scores.push(Scored::from_packed(PackedScore::from_bytes(bytes)));
            }
            at = end;
        }
        file.seek(SeekFrom::End(0))?;
        Ok(scores)
    }
}

/// The error of a spill that cannot be written or read back.
pub(crate) fn failed(err: &io::Error) -> Diagnostic {
    Diagnostic::error(
        "output::write",
        format!("the scores cannot be kept in a temporary file until written: {err}"),
    )
    .with_help("check that the temporary directory (TMPDIR) is writable and its disk has room")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use rust_decimal::Decimal;

    use super::*;
    use crate::eval::testing::{measured, scheme, targets};

    fn packed(composite: i64, points: &[i64]) -> Scored {
        let points = points.iter().map(|&p| Some(Decimal::from(p)));
        Scored::from_packed(PackedScore::pack(Decimal::from(composite), &[], points))
    }

    #[test]
    fn scores_read_back_as_written_whatever_members_are_asked() {
        let ranked_whole = scheme(vec![measured("c", "100", targets("0", "100"))]);
        let plans = [Plan::compile(&ranked_whole).unwrap(), Plan::compile(&ranked_whole).unwrap()];
        let mut spill = Spill::new(&plans).unwrap();
        assert!(spill.spills(0) && spill.spills(1));
        // Scheme 1 gets 200 entries, scheme 0 every third, interleaved: more than one mark.
        let mut written = [Vec::new(), Vec::new()];
        for n in 0..300 {
            let scheme = usize::from(n % 3 == 0);
            let mut scored = packed(n, &vec![n * 7; usize::try_from(n % 5).unwrap()]);
            written[scheme].push(scored.clone());
            spill.push(scheme, &mut scored).unwrap();
            assert_eq!(scored, Scored::default(), "forgotten once written");
        }
        for (scheme, written) in written.iter().enumerate() {
            let all: Vec<usize> = (0..written.len()).collect();
            assert_eq!(spill.load(scheme, &all).unwrap(), *written);
            let some: Vec<usize> = (0..written.len()).filter(|n| n % 7 == 2).collect();
            let expected: Vec<Scored> = some.iter().map(|&n| written[n].clone()).collect();
            assert_eq!(spill.load(scheme, &some).unwrap(), expected);
        }
        // Written after a load, read back too.
        let mut late = packed(1, &[2]);
        spill.push(0, &mut late).unwrap();
        let last = written[0].len();
        assert_eq!(spill.load(0, &[last]).unwrap(), [packed(1, &[2])]);
        assert!(spill.load(0, &[last + 1]).is_err(), "never written");
    }
}
