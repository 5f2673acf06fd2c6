//! `merit fmt`: rewrite schemes into the canonical layout, or (`--check`) show what would
//! change. Exit codes: 0 all formatted (or rewritten), 1 a file is not formatted (`--check`)
//! or does not parse, 2 a file cannot be read or written.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use clap::Args;

use super::io::{read_scheme, write_atomically};
use super::{EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};
use crate::source::SourceFile;

/// Arguments of `merit fmt`.
#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Scheme files; `-` reads standard input and writes the result to standard output.
    #[arg(required = true)]
    pub schemes: Vec<PathBuf>,
    /// Write nothing: print a unified diff of each file that is not formatted, and exit 1
    /// when there is one.
    #[arg(long)]
    pub check: bool,
}

/// Run `merit fmt`; returns the exit code.
pub fn run(args: FmtArgs) -> u8 {
    let mut code = EXIT_OK;
    for path in &args.schemes {
        let status = if path.as_os_str() == "-" {
            format_stdin(args.check)
        } else {
            format_path(path, args.check)
        };
        code = code.max(status);
    }
    code
}

/// Format one file in place, or check it.
fn format_path(path: &Path, check: bool) -> u8 {
    let (file, parsed) = match read_scheme(path) {
        Ok(read) => read,
        Err(code) => return code,
    };
    let formatted = crate::fmt::format_source(&parsed, &file.text);
    if formatted == *file.text {
        return EXIT_OK;
    }
    if check {
        print_diff(&file, &formatted);
        return EXIT_FINDINGS;
    }
    match write_atomically(path, formatted.as_bytes()) {
        Ok(()) => EXIT_OK,
        Err(err) => {
            eprintln!("error: cannot write {}: {err}", path.display());
            EXIT_USAGE
        }
    }
}

/// Format standard input to standard output, or check it.
fn format_stdin(check: bool) -> u8 {
    let mut bytes = Vec::new();
    if let Err(err) = std::io::stdin().read_to_end(&mut bytes) {
        eprintln!("error: cannot read standard input: {err}");
        return EXIT_USAGE;
    }
    let Ok(text) = String::from_utf8(bytes) else {
        eprintln!("error: standard input is not UTF-8 text");
        return EXIT_FINDINGS;
    };
    let file = SourceFile::new("<stdin>", text);
    let formatted = match crate::fmt::format_file(&file) {
        Ok(formatted) => formatted,
        Err(diagnostics) => {
            eprint!("{}", crate::diagnostic::render(&diagnostics, super::use_color()));
            return EXIT_FINDINGS;
        }
    };
    if check {
        if formatted == *file.text {
            return EXIT_OK;
        }
        print_diff(&file, &formatted);
        return EXIT_FINDINGS;
    }
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(formatted.as_bytes()).and_then(|()| stdout.flush()) {
        Ok(()) => EXIT_OK,
        Err(err) => {
            eprintln!("error: cannot write standard output: {err}");
            EXIT_USAGE
        }
    }
}

/// Print the unified diff from the file as written to its formatted text.
fn print_diff(file: &SourceFile, formatted: &str) {
    print!("{}", diff(&file.name, &file.text, formatted));
}

/// The unified diff (3 lines of context) from `old` to `new`, headed by the file's name.
pub fn diff(name: &str, old: &str, new: &str) -> String {
    let original = format!("{name} (original)");
    let formatted = format!("{name} (formatted)");
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&original, &formatted)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_names_the_file_and_shows_the_change() {
        let text =
            diff("a.merit", "scheme \"x\"\n  version \"1\"\n", "scheme \"x\"\nversion \"1\"\n");
        let expected = "--- a.merit (original)\n+++ a.merit (formatted)\n@@ -1,2 +1,2 @@\n \
                        scheme \"x\"\n-  version \"1\"\n+version \"1\"\n";
        assert_eq!(text, expected);
    }
}
