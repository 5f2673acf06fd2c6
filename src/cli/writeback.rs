//! A file handed to the disk while it is written, and the file it will replace dropped from
//! the page cache meanwhile, both by a thread of their own: the work that the final `fsync`
//! and the rename over the old file would otherwise do after the last byte, with the cores
//! idle. At a million rows that was 80–95 ms of `fsync` and 45–55 ms of rename, 7% of the
//! run; now 5 ms and 35–40 ms (docs/performance.md).

use std::fs::File;
use std::io::{self, Write};
use std::path::Path;
use std::sync::mpsc::{self, SyncSender};
use std::thread::JoinHandle;

/// Bytes written between two requests that the file go to the disk.
const STEP: u64 = 32 << 20;

/// A file being written: every [`STEP`] bytes, a thread of its own syncs what was written
/// so far to the disk, so that [`Writeback::finish`] finds little left to sync.
pub struct Writeback {
    file: File,
    /// Bytes written, and when the last sync was asked for.
    written: u64,
    asked: u64,
    /// The thread's requests and its end: the first error of its syncs.
    helper: Option<(SyncSender<()>, JoinHandle<io::Result<()>>)>,
}

impl Writeback {
    /// `file`, newly created, that is to replace the file at `replaced` (if any): the
    /// thread first drops the old file's pages from the page cache (an advice, which may
    /// fail silently), then syncs `file` when asked.
    pub fn new(file: File, replaced: &Path) -> Writeback {
        let synced = file.try_clone().ok();
        let replaced = replaced.to_path_buf();
        let (ask, asked) = mpsc::sync_channel::<()>(1);
        let helper = std::thread::Builder::new().name("writeback".into()).spawn(move || {
            drop_cached(&replaced);
            if let Some(file) = synced {
                for () in asked {
                    file.sync_data()?;
                }
            }
            Ok(())
        });
        Writeback { file, written: 0, asked: 0, helper: helper.ok().map(|h| (ask, h)) }
    }

    /// The file, synced to the disk (data and metadata). An error of the thread's syncs is
    /// returned here: the file description is shared, so the kernel reports a failed
    /// write-back once, to whichever sync comes first.
    pub fn finish(mut self) -> io::Result<File> {
        if let Some((ask, helper)) = self.helper.take() {
            drop(ask);
            helper.join().map_err(|_| io::Error::other("the writeback thread panicked"))??;
        }
        self.file.sync_all()?;
        Ok(self.file)
    }
}

impl Write for Writeback {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let written = self.file.write(bytes)?;
        self.written += written as u64;
        if self.written - self.asked >= STEP {
            self.asked = self.written;
            if let Some((ask, _)) = &self.helper {
                // A sync still asked for takes these bytes too; a thread that ended (its
                // sync failed) reports at `finish`.
                let _ = ask.try_send(());
            }
        }
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// Drop the pages of the file at `path` from the page cache, if there is one: replaced by
/// a rename, the file frees them then, on the writing thread. Opened without blocking and
/// without following a link: a FIFO at `path` must not hold the thread (and `finish`) until
/// something writes to it, and a link's target is not what the rename replaces.
#[cfg(target_os = "linux")]
fn drop_cached(path: &Path) {
    use rustix::fs::{Advice, Mode, OFlags};
    let flags = OFlags::RDONLY | OFlags::NONBLOCK | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    if let Ok(old) = rustix::fs::open(path, flags, Mode::empty()) {
        let _ = rustix::fs::fadvise(&old, 0, None, Advice::DontNeed);
    }
}

/// Elsewhere the old file is left as it is.
#[cfg(not(target_os = "linux"))]
fn drop_cached(_path: &Path) {}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// Bytes written past several steps, and a file to replace: all of them are in the
    /// file after `finish`, and the old file is left alone.
    #[test]
    fn a_file_written_with_writeback_holds_every_byte() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("results.csv");
        std::fs::write(&old, "old results\n").unwrap();
        let new = dir.path().join("new.csv");
        let mut out = Writeback::new(File::create(&new).unwrap(), &old);
        let block: Vec<u8> = (0..=255u8).cycle().take(1 << 20).collect();
        let blocks = (2 * STEP / (1 << 20) + 3) as usize;
        for _ in 0..blocks {
            out.write_all(&block).unwrap();
        }
        out.write_all(b"end").unwrap();
        out.finish().unwrap();
        let written = std::fs::read(&new).unwrap();
        assert_eq!(written.len(), blocks * block.len() + 3);
        assert!(written.chunks(block.len()).take(blocks).all(|chunk| chunk == block));
        assert!(written.ends_with(b"end"));
        assert_eq!(std::fs::read_to_string(&old).unwrap(), "old results\n");
    }

    /// A file that cannot be synced (`/dev/null` refuses `fdatasync`): the thread's sync
    /// fails after the first step, writing goes on without it, and `finish` reports it.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_failed_sync_is_reported_at_finish() {
        let dir = tempfile::tempdir().unwrap();
        let null = std::fs::OpenOptions::new().write(true).open("/dev/null").unwrap();
        let mut out = Writeback::new(null, &dir.path().join("absent"));
        let block = vec![b'x'; 1 << 20];
        for _ in 0..(3 * STEP / (1 << 20)) {
            out.write_all(&block).unwrap();
        }
        let error = out.finish().unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::InvalidInput, "{error}");
    }

    /// A FIFO to replace, with nothing writing to it: the thread does not wait for a writer
    /// (a blocking open would hold `finish` for ever).
    #[cfg(target_os = "linux")]
    #[test]
    fn a_fifo_to_replace_holds_nothing_up() {
        use rustix::fs::{CWD, FileType, Mode, mknodat};
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("results.csv");
        mknodat(CWD, &fifo, FileType::Fifo, Mode::from_raw_mode(0o600), 0).unwrap();
        let new = dir.path().join("new.csv");
        let mut out = Writeback::new(File::create(&new).unwrap(), &fifo);
        out.write_all(b"a,b\n").unwrap();
        out.finish().unwrap();
        assert_eq!(std::fs::read_to_string(&new).unwrap(), "a,b\n");
    }

    /// Nothing to replace: the file is written all the same.
    #[test]
    fn a_new_file_needs_no_file_to_replace() {
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("new.csv");
        let mut out = Writeback::new(File::create(&new).unwrap(), &dir.path().join("absent"));
        out.write_all(b"a,b\n").unwrap();
        out.finish().unwrap();
        assert_eq!(std::fs::read_to_string(&new).unwrap(), "a,b\n");
    }
}
