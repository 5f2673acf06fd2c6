//! File helpers shared by the subcommands: reading a scheme with its diagnostics rendered,
//! and atomic writes (temporary file in the same directory, then rename).

use std::io::Write;
use std::path::Path;

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

/// Write `bytes` to `path` atomically: a temporary file in the same directory, synced, then
/// renamed over `path`. On error the temporary file is removed and `path` is untouched.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = dir.join(format!(".{name}.merit-tmp-{}", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}
