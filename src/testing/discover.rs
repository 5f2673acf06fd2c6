//! Which test files to run for the paths given to `merit test`: a scheme `x.merit` means
//! `x.test.toml` next to it; a `.toml` file is a test file; a folder means every
//! `*.test.toml` inside it, recursively (hidden folders and `target` skipped), sorted.

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;

/// The suffix of test files.
pub const SUFFIX: &str = ".test.toml";

/// The test files for `paths`, each once, in the order given (folders sorted). Every path
/// that names no test file is an error (exit code 2: a usage problem).
pub fn discover(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        let name = path.display().to_string();
        if path.is_dir() {
            let before = found.len();
            walk(path, &mut found, &mut errors);
            if found.len() == before && errors.is_empty() {
                let message = format!("{name} holds no test files (`*{SUFFIX}`)");
                let help = "write tests next to each scheme: `x.test.toml` for `x.merit` (see docs/testing.md)";
                errors.push(Diagnostic::error("test::no-test-file", message).with_help(help));
            }
        } else if name.ends_with(".merit") {
            let test = sibling(path);
            if test.is_file() {
                found.push(test);
            } else if path.is_file() {
                let message = format!("{name} has no tests: {} does not exist", test.display());
                let help = "write the scheme's tests in that file (see docs/testing.md), or pass the test file itself";
                errors.push(Diagnostic::error("test::no-test-file", message).with_help(help));
            } else {
                errors.push(unreadable(&name));
            }
        } else if path.is_file() {
            found.push(path.clone());
        } else {
            errors.push(unreadable(&name));
        }
    }
    let mut unique = Vec::new();
    for path in found {
        // `merit test` walks `.`: show `policies/x.test.toml`, not `./policies/x.test.toml`.
        let path = path.strip_prefix(".").map_or(path.clone(), Path::to_path_buf);
        if !unique.contains(&path) {
            unique.push(path);
        }
    }
    if errors.is_empty() { Ok(unique) } else { Err(errors) }
}

/// `x.test.toml` next to `x.merit`.
pub fn sibling(scheme: &Path) -> PathBuf {
    let file_name =
        scheme.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let stem = file_name.strip_suffix(".merit").unwrap_or(&file_name);
    scheme.with_file_name(format!("{stem}{SUFFIX}"))
}

fn unreadable(name: &str) -> Diagnostic {
    Diagnostic::error("io::unreadable", format!("{name} does not exist"))
        .with_help("give a scheme (`x.merit`), a test file (`x.test.toml`) or a folder")
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>, errors: &mut Vec<Diagnostic>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) => {
            let message = format!("cannot read the folder {}: {err}", dir.display());
            errors.push(
                Diagnostic::error("io::unreadable", message)
                    .with_help("check the folder's permissions"),
            );
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if path.is_dir() {
            if !name.starts_with('.') && name != "target" {
                walk(&path, found, errors);
            }
        } else if name.ends_with(SUFFIX) {
            found.push(path);
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_scheme_means_its_sibling_test_file() {
        assert_eq!(sibling(Path::new("policies/cs.merit")), PathBuf::from("policies/cs.test.toml"));
    }

    #[test]
    fn folders_are_walked_sorted_and_duplicates_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        std::fs::create_dir(dir.path().join(".hidden")).unwrap();
        for file in
            ["b.test.toml", "a.test.toml", "a.merit", "sub/c.test.toml", ".hidden/d.test.toml"]
        {
            std::fs::write(dir.path().join(file), "").unwrap();
        }
        let scheme = dir.path().join("a.merit");
        let found = discover(&[scheme, dir.path().to_path_buf()]).unwrap();
        let names: Vec<String> = found
            .iter()
            .map(|p| p.strip_prefix(dir.path()).unwrap().display().to_string())
            .collect();
        assert_eq!(names, ["a.test.toml", "b.test.toml", "sub/c.test.toml"]);
    }

    #[test]
    fn a_scheme_without_tests_and_an_empty_folder_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("x.merit"), "").unwrap();
        let errors = discover(&[dir.path().join("x.merit")]).unwrap_err();
        assert_eq!(errors[0].code, "test::no-test-file");
        assert!(errors[0].message.contains("x.test.toml does not exist"), "{}", errors[0].message);
        let errors = discover(&[dir.path().join("nope.toml")]).unwrap_err();
        assert_eq!(errors[0].code, "io::unreadable");
        let empty = tempfile::tempdir().unwrap();
        assert_eq!(
            discover(&[empty.path().to_path_buf()]).unwrap_err()[0].code,
            "test::no-test-file"
        );
    }
}
