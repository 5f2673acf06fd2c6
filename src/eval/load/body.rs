//! The rows of a CSV after its header, as the parallel reader (`chunks`) sees them: the
//! file's text already in memory, or the file on disk, read piece by piece so that a large
//! export is never held whole. Either way the rows are cut into pieces at line ends, each
//! piece is checked to be plain (see [`PlainScan`]) and counted, then read on its own.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;

/// Bytes a piece of a file is scanned with, and a CSV reader buffers.
pub(super) const BUFFER: usize = 1 << 20;
/// Bytes read at a time while looking for the line end after a cut.
const LOOK: usize = 1 << 16;

/// Where the rows after the header are.
#[derive(Debug, Clone, Copy)]
pub(super) enum Body<'a> {
    /// The file's text in memory; `start` is where the rows begin in `text`.
    Text { text: &'a [u8], start: usize },
    /// The file on disk: `len` bytes from byte `start` of the file at `path`.
    File { path: &'a Path, start: usize, len: usize },
}

impl Body<'_> {
    /// The rows' size in bytes.
    pub fn len(&self) -> usize {
        match *self {
            Body::Text { text, start } => text.len().saturating_sub(start),
            Body::File { len, .. } => len,
        }
    }

    /// Where the rows begin in the file's text (or in the file).
    pub fn start(&self) -> usize {
        match *self {
            Body::Text { start, .. } | Body::File { start, .. } => start,
        }
    }

    /// A reader of the rows' bytes `start..end` (offsets from the first row).
    pub fn piece(&self, start: usize, end: usize) -> Option<Box<dyn Read + '_>> {
        match *self {
            Body::Text { text, start: body } => Some(Box::new(text.get(body + start..body + end)?)),
            Body::File { path, start: body, .. } => {
                let mut file = File::open(path).ok()?;
                file.seek(SeekFrom::Start(u64::try_from(body + start).ok()?)).ok()?;
                Some(Box::new(file.take(u64::try_from(end.checked_sub(start)?).ok()?)))
            }
        }
    }

    /// Offsets (from the first row) cutting the rows into pieces of about the given
    /// shares of the bytes, in order, each cut just after a `\n` (pieces too small to hold
    /// a line end are left out); `None` when the file cannot be read.
    pub fn bounds(&self, shares: &[usize]) -> Option<Vec<usize>> {
        let len = self.len();
        let total = shares.iter().sum::<usize>().max(1);
        let mut bounds = vec![0];
        let mut sum = 0;
        for share in shares.iter().take(shares.len().saturating_sub(1)) {
            sum += share;
            let target = usize::try_from(len as u128 * sum as u128 / total as u128).ok()?;
            let at = target.max(bounds.last().copied().unwrap_or(0));
            if at >= len {
                break;
            }
            let Some(offset) = self.next_line_end(at)? else { break };
            let cut = at + offset + 1;
            if cut < len {
                bounds.push(cut);
            }
        }
        bounds.push(len);
        Some(bounds)
    }

    /// How far from `at` the next `\n` is, if there is one.
    fn next_line_end(&self, at: usize) -> Option<Option<usize>> {
        if let Body::Text { text, start } = *self {
            let rest = text.get(start + at..)?;
            return Some(rest.iter().position(|&b| b == b'\n'));
        }
        let mut piece = self.piece(at, self.len())?;
        let mut window = vec![0; LOOK];
        let mut passed = 0;
        loop {
            let read = read_some(&mut piece, &mut window).ok()?;
            if read == 0 {
                return Some(None);
            }
            if let Some(offset) = window.get(..read)?.iter().position(|&b| b == b'\n') {
                return Some(Some(passed + offset));
            }
            passed += read;
        }
    }

    /// The number of lines in the rows' bytes `start..end` (a last line without `\n`
    /// counts), or `None` when the piece is not plain (see [`PlainScan`]) or unreadable.
    pub fn plain_lines(&self, start: usize, end: usize) -> Option<usize> {
        let mut scan = PlainScan::default();
        if let Body::Text { text, start: body } = *self {
            scan.feed(text.get(body + start..body + end)?)?;
            return scan.finish();
        }
        let mut piece = self.piece(start, end)?;
        let mut buffer = vec![0; BUFFER];
        loop {
            let read = read_some(&mut piece, &mut buffer).ok()?;
            if read == 0 {
                return scan.finish();
            }
            scan.feed(buffer.get(..read)?)?;
        }
    }
}

/// One `read`, retried when interrupted.
fn read_some(reader: &mut dyn Read, buffer: &mut [u8]) -> io::Result<usize> {
    loop {
        match reader.read(buffer) {
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            other => return other,
        }
    }
}

/// Counts the lines of a piece fed in any number of parts, and tells whether it is plain:
/// no quote (a quoted field may hold a line break, so a line end is not always a row
/// end), no blank line (the csv crate skips it, so row numbers would no longer be line
/// numbers), no `\r` that is not followed by `\n`.
#[derive(Debug, Clone, Copy)]
pub(super) struct PlainScan {
    lines: usize,
    line_start: bool,
    after_cr: bool,
}

impl Default for PlainScan {
    fn default() -> PlainScan {
        PlainScan { lines: 0, line_start: true, after_cr: false }
    }
}

impl PlainScan {
    /// Scan the next part; `None` as soon as the piece is known not to be plain. Only
    /// quotes and line ends matter: the scan jumps from one to the next (`memchr`).
    pub fn feed(&mut self, part: &[u8]) -> Option<()> {
        let mut after = 0;
        for at in memchr::memchr3_iter(b'"', b'\r', b'\n', part) {
            if at > after {
                self.other()?;
            }
            self.byte(*part.get(at)?)?;
            after = at + 1;
        }
        if part.len() > after {
            self.other()?;
        }
        Some(())
    }

    /// A run of bytes that are neither quotes nor line ends.
    fn other(&mut self) -> Option<()> {
        if self.after_cr {
            return None;
        }
        self.line_start = false;
        Some(())
    }

    /// One quote or line end.
    fn byte(&mut self, byte: u8) -> Option<()> {
        if self.after_cr && byte != b'\n' {
            return None;
        }
        self.after_cr = false;
        match byte {
            b'"' => return None,
            b'\r' | b'\n' if self.line_start => return None,
            b'\r' => self.after_cr = true,
            b'\n' => {
                self.lines += 1;
                self.line_start = true;
            }
            _ => self.line_start = false,
        }
        Some(())
    }

    /// The number of lines; `None` when the piece ends in a `\r`.
    pub fn finish(self) -> Option<usize> {
        (!self.after_cr).then_some(self.lines + usize::from(!self.line_start))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::io::Write;

    use super::*;

    fn lines(text: &[u8]) -> Option<usize> {
        Body::Text { text, start: 0 }.plain_lines(0, text.len())
    }

    #[test]
    fn only_plain_text_is_counted() {
        assert_eq!(lines(b"a,1\r\nb,2"), Some(2));
        assert_eq!(lines(b"a,1\nb,2\n"), Some(2));
        assert_eq!(lines(b"a,\"1\"\n"), None, "a quote");
        assert_eq!(lines(b"a,1\n\nb,2\n"), None, "a blank line");
        assert_eq!(lines(b"a,1\r\n\r\nb,2\n"), None, "a blank CRLF line");
        assert_eq!(lines(b"a,1\rb,2\n"), None, "a bare CR");
        assert_eq!(lines(b"a,1\r"), None, "a CR at the end");
    }

    proptest::proptest! {
        /// Jumping from quote to line end gives what a look at every byte gives.
        #[test]
        fn the_scan_is_a_look_at_every_byte(
            text in proptest::collection::vec(proptest::sample::select(b"ab,\"\r\n".to_vec()), 0..40),
            cut in 0usize..40,
        ) {
            let every_byte = |text: &[u8]| -> Option<usize> {
                let (mut lines, mut line_start, mut after_cr) = (0, true, false);
                for &byte in text {
                    if after_cr && byte != b'\n' {
                        return None;
                    }
                    after_cr = false;
                    match byte {
                        b'"' => return None,
                        b'\r' | b'\n' if line_start => return None,
                        b'\r' => after_cr = true,
                        b'\n' => {
                            lines += 1;
                            line_start = true;
                        }
                        _ => line_start = false,
                    }
                }
                (!after_cr).then_some(lines + usize::from(!line_start))
            };
            let cut = cut.min(text.len());
            let mut scan = PlainScan::default();
            let fed = scan.feed(&text[..cut]).and_then(|()| scan.feed(&text[cut..]));
            proptest::prop_assert_eq!(fed.and_then(|()| scan.finish()), every_byte(&text));
        }
    }

    #[test]
    fn a_scan_fed_in_parts_counts_as_one_fed_whole() {
        let text = b"a,1\r\nb,2\r\nc,3\nd";
        for cut in 0..=text.len() {
            let mut scan = PlainScan::default();
            scan.feed(&text[..cut]).unwrap();
            scan.feed(&text[cut..]).unwrap();
            assert_eq!(scan.finish(), Some(4), "cut at {cut}");
        }
        let mut bare = PlainScan::default();
        bare.feed(b"a,1\r").unwrap();
        assert_eq!(bare.feed(b"b,2\n"), None, "a CR then another byte, across parts");
    }

    #[test]
    fn a_file_is_cut_and_read_as_its_text_is() {
        let mut text = Vec::new();
        for row in 0..5_000 {
            writeln!(text, "E{row:05},2011-06,{}", row % 97).unwrap();
        }
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(b"employee,period,x\n").unwrap();
        file.write_all(&text).unwrap();
        let on_disk = Body::File { path: file.path(), start: 18, len: text.len() };
        let in_memory = Body::Text { text: &text, start: 0 };
        for shares in [&[1][..], &[1, 1, 1], &[8, 8, 4, 4, 2, 2, 1, 1, 1, 1], &[100_000, 1, 1]] {
            let bounds = on_disk.bounds(shares).unwrap();
            assert_eq!(bounds, in_memory.bounds(shares).unwrap());
            assert!(bounds.windows(2).all(|w| w[0] < w[1]), "{bounds:?}");
            assert!(bounds.len() <= shares.len() + 1);
            assert_eq!((bounds.first(), bounds.last()), (Some(&0), Some(&text.len())));
            for cut in &bounds[1..bounds.len() - 1] {
                assert_eq!(text[cut - 1], b'\n', "{bounds:?}");
            }
            let mut total = 0;
            for w in bounds.windows(2) {
                let mut read = Vec::new();
                on_disk.piece(w[0], w[1]).unwrap().read_to_end(&mut read).unwrap();
                assert_eq!(read, &text[w[0]..w[1]]);
                assert_eq!(on_disk.plain_lines(w[0], w[1]), in_memory.plain_lines(w[0], w[1]));
                total += on_disk.plain_lines(w[0], w[1]).unwrap();
            }
            assert_eq!(total, 5_000);
        }
    }
}
