//! The formatter: idempotent, meaning-preserving, keeps every comment; and `merit fmt`.

use std::path::Path;
use std::process::Command;

use merit::SourceFile;
use merit::fmt::{format, format_source};
use merit::syntax::{Parsed, parse};

fn parse_text(name: &str, text: &str) -> Option<Parsed> {
    parse(&SourceFile::new(name, text)).ok()
}

/// The comments' texts, sorted: the formatter moves comments with their statements.
fn comment_texts(parsed: &Parsed) -> Vec<String> {
    let mut texts: Vec<String> =
        parsed.comments.iter().map(|c| c.text.trim_end().to_string()).collect();
    texts.sort();
    texts
}

/// Format `text` and check the three promises: the output parses to the same scheme, every
/// comment survives, and formatting the output changes nothing. Returns the output.
fn assert_formats_faithfully(name: &str, text: &str, parsed: &Parsed) -> String {
    let formatted = format_source(parsed, text);
    let reparsed = match parse(&SourceFile::new(name, formatted.as_str())) {
        Ok(reparsed) => reparsed,
        Err(errors) => panic!(
            "{name}: formatted text does not parse:\n{}\n{formatted}",
            merit::diagnostic::render(&errors, false)
        ),
    };
    assert_eq!(reparsed.scheme, parsed.scheme, "{name}: formatting changed the meaning");
    assert_eq!(comment_texts(&reparsed), comment_texts(parsed), "{name}: comments lost");
    assert_eq!(format_source(&reparsed, &formatted), formatted, "{name}: not idempotent");

    // Without the source text every comment leads a statement: still faithful, idempotent.
    let plain = format(parsed);
    let plain_parsed = parse_text(name, &plain).expect("plain output parses");
    assert_eq!(plain_parsed.scheme, parsed.scheme, "{name}: plain formatting changed meaning");
    assert_eq!(comment_texts(&plain_parsed), comment_texts(parsed), "{name}: plain lost comments");
    assert_eq!(format(&plain_parsed), plain, "{name}: plain formatting not idempotent");
    formatted
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("readable UTF-8 file")
}

#[test]
fn policies_are_formatted() {
    insta::glob!("../policies", "*.merit", |path| {
        let text = read(path);
        let name = path.display().to_string();
        let parsed = parse_text(&name, &text).expect("every policy parses");
        let formatted = assert_formats_faithfully(&name, &text, &parsed);
        if formatted != text {
            let diff = merit::cli::fmt::diff(&name, &text, &formatted);
            panic!("{name} is not in the canonical layout:\n{diff}");
        }
    });
}

#[test]
fn cases_format_faithfully() {
    insta::glob!("cases/*/scheme.merit", |path| {
        let Ok(text) = std::fs::read_to_string(path) else { return };
        let name = path.display().to_string();
        // Cases that show parse errors have nothing to format.
        if let Some(parsed) = parse_text(&name, &text) {
            assert_formats_faithfully(&name, &text, &parsed);
        }
    });
}

/// Odd indentation, statements out of order, comments everywhere.
const MESSY: &str = r#"// Header comment: leads the scheme statement.

      action bonus "Top \"one\"" {   // after the brace
   bonus 100.00 CNY to bonus // trailing on an effect
        when (top 1 or rank <= 2) and not grade C, D
        // dangling in the action
      }
ranking { tie break speed
scope by team }
version "1.0"
scheme "Messy \\ scheme"
   rater boss manager "Boss" weight 100%   // the only rater
missing zero
group main "Main" weight 100% {
indicator speed "Speed" weight 60% {
    score bands {
      ..30s => 100 // fast
      30s..2m => 50
    else => 0


      // slow answers get nothing
    }
    lower is better
    unit duration
    source "Phone system"
  definition "Mean time to answer"
  // leads the gate
  critical gate value <= 5m
  }
  // leads the group's missing policy
  missing reweight
  indicator quality "Quality" weight 40% { rated on five by boss
  definition "Quality as the boss sees it" }
}
scale five "Five" { 1 "Poor"   5 "Great" }
cycle monthly from 2024-01-01
owner "HR"
scope "Support team" role agent
grades by score {
  A "Good" at least 80.0
  B "Rest" otherwise
}
// At the end of the file.
"#;

#[test]
fn messy_scheme_snapshot() {
    let parsed = match parse(&SourceFile::new("messy.merit", MESSY)) {
        Ok(parsed) => parsed,
        Err(errors) => panic!("{}", merit::diagnostic::render(&errors, false)),
    };
    let formatted = assert_formats_faithfully("messy.merit", MESSY, &parsed);
    insta::assert_snapshot!(formatted);
}

// ---------------------------------------------------------------- the command line

const FORMATTED: &str = "scheme \"Tiny\"\nversion \"1\"\n\ngroup g \"G\" weight 100% {\n  \
    indicator i \"I\" weight 100% {\n    definition \"Things\"\n    unit count\n    \
    higher is better\n    source \"Log\"\n    score threshold 1 target 5 // keep\n  }\n}\n";

fn unformatted() -> String {
    FORMATTED.replace("  ", "\t").replace("version \"1\"\n", "") + "version \"1\"\n"
}

fn merit(args: &[&str], dir: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_merit"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("merit runs")
}

fn text_of(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn cli_check_passes_a_formatted_file() {
    let dir = tempfile::tempdir().expect("test setup");
    std::fs::write(dir.path().join("a.merit"), FORMATTED).expect("test setup");
    let out = merit(&["fmt", "--check", "a.merit"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text_of(&out.stderr));
    assert!(out.stdout.is_empty());
}

#[test]
fn cli_check_shows_a_diff_and_leaves_the_file_alone() {
    let dir = tempfile::tempdir().expect("test setup");
    let path = dir.path().join("a.merit");
    std::fs::write(&path, unformatted()).expect("test setup");
    let out = merit(&["fmt", "--check", "a.merit"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", text_of(&out.stderr));
    let diff = text_of(&out.stdout);
    assert!(diff.contains("--- a.merit (original)"), "{diff}");
    assert!(diff.contains("+++ a.merit (formatted)"), "{diff}");
    assert!(diff.contains("+  indicator i \"I\" weight 100% {"), "{diff}");
    assert!(diff.contains("-\tindicator i \"I\" weight 100% {"), "{diff}");
    assert_eq!(std::fs::read_to_string(&path).expect("test setup"), unformatted());
}

#[test]
fn cli_fmt_rewrites_the_file() {
    let dir = tempfile::tempdir().expect("test setup");
    let path = dir.path().join("a.merit");
    std::fs::write(&path, unformatted()).expect("test setup");
    let out = merit(&["fmt", "a.merit"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text_of(&out.stderr));
    assert_eq!(std::fs::read_to_string(&path).expect("test setup"), FORMATTED);
    // No temporary file is left behind.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("test setup")
        .map(|e| e.expect("test setup").file_name())
        .collect();
    assert_eq!(names, ["a.merit"]);
    let again = merit(&["fmt", "--check", "a.merit"], dir.path());
    assert_eq!(again.status.code(), Some(0));
}

#[test]
fn cli_fmt_reads_stdin() {
    let dir = tempfile::tempdir().expect("test setup");
    let mut child = Command::new(env!("CARGO_BIN_EXE_merit"))
        .args(["fmt", "-"])
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .current_dir(dir.path())
        .spawn()
        .expect("test setup");
    use std::io::Write;
    child
        .stdin
        .take()
        .expect("test setup")
        .write_all(unformatted().as_bytes())
        .expect("test setup");
    let out = child.wait_with_output().expect("test setup");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text_of(&out.stdout), FORMATTED);
}

#[test]
fn cli_missing_file_exits_2() {
    let dir = tempfile::tempdir().expect("test setup");
    let out = merit(&["fmt", "--check", "nowhere.merit"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(text_of(&out.stderr).contains("nowhere.merit"));
}

#[test]
fn cli_syntax_error_exits_1_and_leaves_the_file_alone() {
    let dir = tempfile::tempdir().expect("test setup");
    let path = dir.path().join("bad.merit");
    let broken = "scheme \"Broken\n  version \"1\"\n";
    std::fs::write(&path, broken).expect("test setup");
    for args in [&["fmt", "bad.merit"][..], &["fmt", "--check", "bad.merit"][..]] {
        let out = merit(args, dir.path());
        assert_eq!(out.status.code(), Some(1));
        assert!(text_of(&out.stderr).contains("bad.merit"), "{}", text_of(&out.stderr));
        assert_eq!(std::fs::read_to_string(&path).expect("test setup"), broken);
    }
}

#[test]
fn cli_worst_exit_code_wins() {
    let dir = tempfile::tempdir().expect("test setup");
    std::fs::write(dir.path().join("a.merit"), FORMATTED).expect("test setup");
    std::fs::write(dir.path().join("b.merit"), unformatted()).expect("test setup");
    let out = merit(&["fmt", "--check", "a.merit", "b.merit", "missing.merit"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let out = merit(&["fmt", "--check", "a.merit", "b.merit"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(!text_of(&out.stdout).contains("a.merit"));
}
