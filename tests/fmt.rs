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
const MESSY: &str = include_str!("fmt/messy.merit");

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

/// Every construct of the language, already in the canonical layout.
const EVERY_CONSTRUCT: &str = include_str!("fmt/every-construct.merit");

#[test]
fn every_construct_is_already_formatted() {
    let parsed = match parse(&SourceFile::new("every.merit", EVERY_CONSTRUCT)) {
        Ok(parsed) => parsed,
        Err(errors) => panic!("{}", merit::diagnostic::render(&errors, false)),
    };
    let formatted = assert_formats_faithfully("every.merit", EVERY_CONSTRUCT, &parsed);
    assert_eq!(formatted, EVERY_CONSTRUCT);
}

fn parse_ok(name: &str, text: &str) -> Parsed {
    match parse(&SourceFile::new(name, text)) {
        Ok(parsed) => parsed,
        Err(errors) => panic!("{}", merit::diagnostic::render(&errors, false)),
    }
}

#[test]
fn comments_inside_statements_and_blank_lines() {
    // A comment inside a header or a statement split over lines; runs of blank lines, blank
    // lines at the start and end of a block.
    let text = "scheme \"A\"\ngroup g \"G\" // after label\n  weight 100% {\n\n\n  \
                indicator i \"I\" weight 100% { definition \"d\" // t\n    \
                score threshold 20% // mid\n      target 45%\n\n\n\n  }\n}\n\
                action x { when top 1 // mid-condition\n  or last\n  note \"n\" }\n\n\n";
    let expected = "scheme \"A\"\n\ngroup g \"G\" weight 100% { // after label\n  \
                    indicator i \"I\" weight 100% {\n    definition \"d\" // t\n    // mid\n    \
                    score threshold 20% target 45%\n  }\n}\n\naction x {\n  // mid-condition\n  \
                    when top 1 or last\n  note \"n\"\n}\n";
    let parsed = parse_ok("a.merit", text);
    assert_eq!(assert_formats_faithfully("a.merit", text, &parsed), expected);
}

#[test]
fn crlf_line_endings_become_lf() {
    let policy = read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("policies/online-shop-cs.merit"));
    let crlf = policy.replace('\n', "\r\n");
    let parsed = parse_ok("crlf.merit", &crlf);
    assert_eq!(assert_formats_faithfully("crlf.merit", &crlf, &parsed), policy);
}

#[test]
fn a_large_scheme_formats_in_one_pass() {
    // 5,000 indicators, each with a leading and a trailing comment: attaching comments must
    // not be quadratic, and every comment is kept.
    let mut text = "scheme \"Big\"\ngroup g \"G\" weight 100% {\n".to_string();
    for i in 0..5000 {
        text.push_str(&format!(
            "  // comment {i}\n  indicator i{i} weight 0.02% {{ definition \"d\" // t{i}\n    \
             score threshold 1 target 2 }}\n"
        ));
    }
    text.push_str("}\n");
    let parsed = parse_ok("big.merit", &text);
    let formatted = format_source(&parsed, &text);
    assert_eq!(formatted.matches("  // comment ").count(), 5000);
    assert_eq!(formatted.matches("definition \"d\" // t").count(), 5000);
    assert_eq!(format_source(&parse_ok("big.merit", &formatted), &formatted), formatted);
}

mod shuffled {
    use super::*;
    use proptest::prelude::*;

    /// The founding scheme's top-level blocks (a blank line apart), each with its comments.
    fn blocks() -> (String, Vec<String>) {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies/online-shop-cs.merit");
        let policy = read(&path);
        let blocks = policy.split("\n\n").map(|b| format!("{}\n", b.trim_end())).collect();
        (policy, blocks)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// Top-level blocks in any order (groups and actions keep theirs: it is meaningful),
        /// every line indented anyhow: the formatter gives back the founding scheme exactly,
        /// comments and all.
        #[test]
        fn any_order_and_indent_formats_to_the_policy(
            order in Just((0..blocks().1.len()).collect::<Vec<_>>()).prop_shuffle(),
            indents in proptest::collection::vec(0usize..6, 400),
        ) {
            let (policy, blocks) = blocks();
            // Groups and actions keep their source order: the slots of each kind in the
            // shuffled order get that kind's blocks in their original order.
            let kind = |i: usize| {
                let line = blocks[i].lines().find(|l| !l.starts_with("//")).unwrap_or("");
                line.split(' ').next().unwrap_or("").to_string()
            };
            let mut by_kind: std::collections::HashMap<String, Vec<usize>> = Default::default();
            for i in 0..blocks.len() {
                by_kind.entry(kind(i)).or_default().push(i);
            }
            let mut taken: std::collections::HashMap<String, usize> = Default::default();
            let shuffled: String = order
                .iter()
                .map(|&i| {
                    let k = kind(i);
                    let n = taken.entry(k.clone()).or_default();
                    *n += 1;
                    blocks[by_kind[&k][*n - 1]].as_str()
                })
                .collect();
            let messy: String = shuffled
                .lines()
                .zip(indents.iter().cycle())
                .map(|(line, &n)| format!("{}{}\n", " \t".repeat(n), line.trim_start()))
                .collect();
            let parsed = parse_ok("shuffled.merit", &messy);
            prop_assert_eq!(format_source(&parsed, &messy), policy);
        }
    }
}
