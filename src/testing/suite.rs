//! One test file loaded and checked: its scheme found, read and parsed, every test's data
//! built into a [`Dataset`] and every expectation resolved. All problems of the file are
//! reported together; nothing runs until the whole file is sound.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::ast::{Period, Scheme};
use crate::diagnostic::Diagnostic;
use crate::eval::dataset::Dataset;
use crate::source::{SourceFile, Span};

use super::context::Context;
use super::expect::{self, Expected};
use super::names::SchemeNames;
use super::records;
use super::spec::{self, TestFile};
use super::values;

/// A test file ready to run.
#[derive(Debug)]
pub struct Suite {
    /// The test file.
    pub file: SourceFile,
    /// The scheme under test, as found on disk.
    pub scheme_path: PathBuf,
    /// The scheme's source.
    pub scheme_file: SourceFile,
    /// The parsed scheme.
    pub scheme: Scheme,
    /// The tests, in file order.
    pub tests: Vec<PreparedTest>,
}

/// One `[[test]]` ready to run.
#[derive(Debug, Clone)]
pub struct PreparedTest {
    /// The test's name.
    pub name: String,
    /// 1-based line of its `name`.
    pub line: usize,
    /// The notice date due dates count from, when the test sets one.
    pub notice_date: Option<NaiveDate>,
    /// The employees' data.
    pub data: Dataset,
    /// What must come out.
    pub expected: Vec<Expected>,
}

/// Why a test file could not be loaded.
#[derive(Debug)]
pub struct LoadError {
    /// True when the test file or its scheme cannot be read (exit code 2); false when one
    /// of them is malformed (exit code 1).
    pub unreadable: bool,
    /// The scheme's path, when the test file could be read far enough to tell.
    pub scheme: Option<PathBuf>,
    /// What is wrong.
    pub diagnostics: Vec<Diagnostic>,
}

impl LoadError {
    fn new(unreadable: bool, scheme: Option<&Path>, diagnostics: Vec<Diagnostic>) -> Self {
        LoadError { unreadable, scheme: scheme.map(Path::to_path_buf), diagnostics }
    }
}

/// Load the test file at `path` (as the user named it) and its scheme.
pub fn load(path: &Path) -> Result<Suite, LoadError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|err| {
        let diagnostic = Diagnostic::error("io::unreadable", format!("cannot read {name}: {err}"))
            .with_help("check the path of the test file");
        LoadError::new(true, None, vec![diagnostic])
    })?;
    let text = String::from_utf8(bytes).map_err(|_| {
        let diagnostic = Diagnostic::error("io::not-utf8", format!("{name} is not UTF-8 text"))
            .with_help("save the test file as UTF-8");
        LoadError::new(false, None, vec![diagnostic])
    })?;
    let file = SourceFile::new(name, text);
    let spec = spec::parse(&file).map_err(|d| LoadError::new(false, None, vec![d]))?;
    let scheme_path = scheme_path(path, &spec);
    let scheme_name = scheme_path.display().to_string();
    let failed =
        |unreadable: bool, diagnostics| LoadError::new(unreadable, Some(&scheme_path), diagnostics);
    let scheme_text = std::fs::read(&scheme_path).map_err(|err| {
        let problem = format!("{}: cannot read the scheme {scheme_name}: {err}", file.name);
        let help = "name the scheme with `scheme = \"file.merit\"` (relative to the test file), or name the test file after the scheme";
        let diagnostic = Diagnostic::error("io::unreadable", problem).with_help(help);
        let diagnostic = match &spec.scheme {
            Some(scheme) => diagnostic.at(&file, spec::span_of(scheme)).with_label("this scheme"),
            None => diagnostic.in_file(&file),
        };
        failed(true, vec![diagnostic])
    })?;
    let scheme_text = String::from_utf8(scheme_text).map_err(|_| {
        let diagnostic =
            Diagnostic::error("io::not-utf8", format!("{scheme_name} is not UTF-8 text"))
                .with_help("save the scheme as UTF-8");
        failed(false, vec![diagnostic])
    })?;
    let scheme_file = SourceFile::new(scheme_name, scheme_text);
    let scheme = crate::syntax::parse(&scheme_file).map_err(|d| failed(false, d))?.scheme;
    let tests = prepare(&file, &spec, &scheme).map_err(|d| failed(false, d))?;
    Ok(Suite { file, scheme_path, scheme_file, scheme, tests })
}

/// The scheme's path: `scheme = "..."` relative to the test file, else `x.merit` for
/// `x.test.toml`.
fn scheme_path(path: &Path, spec: &TestFile) -> PathBuf {
    let dir = path.parent().unwrap_or(Path::new(""));
    match &spec.scheme {
        Some(scheme) => dir.join(scheme.get_ref()),
        None => {
            let file_name =
                path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let stem = file_name
                .strip_suffix(".test.toml")
                .or_else(|| file_name.strip_suffix(".toml"))
                .unwrap_or(&file_name);
            dir.join(format!("{stem}.merit"))
        }
    }
}

/// Check every test of `spec` against `scheme` and build its data and expectations.
pub fn prepare(
    file: &SourceFile,
    spec: &TestFile,
    scheme: &Scheme,
) -> Result<Vec<PreparedTest>, Vec<Diagnostic>> {
    let names = SchemeNames::new(scheme);
    let cycle: Option<Period> = scheme.cycle.as_ref().map(|c| c.period.node);
    let mut cx = Context::new(file, &names);
    let defaults = records::resolve_defaults(&mut cx, spec.defaults.as_ref().map(|d| d.get_ref()));
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut tests = Vec::new();
    for test in &spec.tests {
        let test = test.get_ref();
        let name = test.name.get_ref().clone();
        cx.test = Some(name.clone());
        let line = cx.line(test.name.span().start);
        if let Some(first) = seen.insert(name.clone(), line) {
            let help = format!(
                "the first test of this name is on line {first}; give each test its own name"
            );
            cx.error(
                "test::duplicate-name",
                test.name.span(),
                "two tests have this name",
                "second test",
                help,
            );
        }
        let notice_date =
            test.notice_date.as_ref().and_then(|date| match values::read_date(date) {
                Ok(date) => Some(date),
                Err(err) => {
                    cx.error(
                        err.code,
                        date.span(),
                        format!("notice_date: {}", err.problem),
                        "here",
                        err.help,
                    );
                    None
                }
            });
        let own = records::resolve_defaults(&mut cx, test.defaults.as_ref().map(|d| d.get_ref()));
        let data = records::build(&mut cx, test, &defaults.overlaid(&own), cycle);
        let expected = expect::resolve(&mut cx, test, &data, cycle);
        tests.push(PreparedTest { name, line, notice_date, data, expected });
    }
    if spec.tests.is_empty() {
        let message = format!("{}: the file holds no `[[test]]`", file.name);
        let help = "add a test: `[[test]]` with a `name`, `[[test.record]]` data and `[[test.expect]]` expectations";
        cx.errors.push(
            Diagnostic::error("test::no-tests", message).at(file, Span::new(0, 0)).with_help(help),
        );
    }
    if cx.errors.is_empty() {
        return Ok(tests);
    }
    cx.errors.sort_by_key(|d| d.span.map_or(0, |s| s.start));
    Err(cx.errors)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
#[path = "suite_tests.rs"]
mod tests;
