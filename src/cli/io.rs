//! File helpers shared by the subcommands: reading a scheme with its diagnostics rendered,
//! and atomic writes (temporary file in the same directory, then rename).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use super::writeback::Writeback;
use crate::source::SourceFile;
use crate::syntax::{self, Parsed};

/// Read and parse a scheme file. On failure the problem is printed to stderr and the exit
/// code returned: 2 when the file can't be read, 1 when it doesn't parse.
pub fn read_scheme(path: &Path) -> Result<(SourceFile, Parsed), u8> {
    let bytes = std::fs::read(path).map_err(|err| {
        eprintln!("error: cannot read {}: {err}", path.display());
        super::EXIT_USAGE
    })?;
    match syntax::parse_bytes(&path.display().to_string(), &bytes) {
        Ok((file, parsed)) => Ok((file, parsed)),
        Err(diagnostics) => {
            eprint!("{}", crate::diagnostic::render(&diagnostics, super::use_color()));
            Err(super::EXIT_FINDINGS)
        }
    }
}

/// Write `bytes` to `path` atomically: a temporary file in the same directory, synced (as it
/// is written, [`Writeback`]), then renamed over `path`. On error the temporary file is
/// removed and `path` is untouched.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomically_with(path, |out| out.write_all(bytes).map_err(Failed::Io))
        .map_err(|e| match e {
            Failed::Io(err) | Failed::Write(err) => err,
        })
}

/// Why an atomic write failed: the file system, or the writer (which may also have failed
/// to write).
#[derive(Debug)]
pub enum Failed<E> {
    /// Creating, syncing or renaming the file failed.
    Io(std::io::Error),
    /// The writer gave up.
    Write(E),
}

/// Write to `path` atomically what `write` writes to the buffered writer it is given: a
/// temporary file in the same directory, flushed and synced (as it is written, and the
/// file at `path` dropped from the page cache meanwhile: [`Writeback`]), then renamed over
/// `path`. When anything fails, the temporary file is removed and `path` is untouched.
pub fn write_atomically_with<T, E>(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<Writeback>) -> Result<T, Failed<E>>,
) -> Result<T, Failed<E>> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = dir.join(format!(".{name}.merit-tmp-{}", std::process::id()));
    let result = (|| {
        let file = File::create(&temp).map_err(Failed::Io)?;
        let mut out = BufWriter::with_capacity(1 << 20, Writeback::new(file, path));
        let value = write(&mut out)?;
        let written = out.into_inner().map_err(|e| Failed::Io(e.into_error()))?;
        written.finish().map_err(Failed::Io)?;
        std::fs::rename(&temp, path).map_err(Failed::Io)?;
        Ok(value)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}
