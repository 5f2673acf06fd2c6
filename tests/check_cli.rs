//! `merit check` from the outside: exit codes, the summary line, `--format json`, and every
//! scheme under `policies/` checking clean.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn merit_check(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_merit"))
        .arg("check")
        .args(args)
        .env("NO_COLOR", "1")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("merit runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn case(name: &str) -> String {
    format!("tests/cases/{name}/scheme.merit")
}

#[test]
fn clean_scheme_exits_0_with_a_summary() {
    let output = merit_check(&[&case("structure-clean")]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stderr(&output), "0 errors, 0 warnings in 1 file\n");
}

#[test]
fn every_policy_checks_clean() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
    let mut policies: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("policies/ exists")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "merit"))
        .collect();
    policies.sort();
    assert!(!policies.is_empty());
    for policy in &policies {
        let output = merit_check(&[&policy.to_string_lossy()]);
        assert_eq!(
            stderr(&output),
            "0 errors, 0 warnings in 1 file\n",
            "{} should have no findings at all",
            policy.display()
        );
        assert_eq!(output.status.code(), Some(0));
    }
}

#[test]
fn an_error_finding_exits_1() {
    let output = merit_check(&[&case("structure-weight-sum")]);
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains("structure::weight-sum"), "{text}");
    assert!(text.contains("weights of the children of `service` sum to 95%, not 100%"), "{text}");
    assert!(text.ends_with("1 error, 0 warnings in 1 file\n"), "{text}");
}

#[test]
fn warnings_alone_exit_0() {
    let output = merit_check(&[&case("structure-unused-rater")]);
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(text.contains("structure::unused-rater"), "{text}");
    assert!(text.ends_with("0 errors, 1 warning in 1 file\n"), "{text}");
}

#[test]
fn a_parse_error_exits_1() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("broken.merit");
    std::fs::write(&path, "scheme \"x\"\ngroup {\n").expect("written");
    let output = merit_check(&[&path.to_string_lossy()]);
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains("syntax::"), "{text}");
}

#[test]
fn missing_file_exits_2_and_still_checks_the_others() {
    let output = merit_check(&["no/such/scheme.merit", &case("structure-weight-sum")]);
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{text}");
    assert!(text.contains("io::unreadable"), "{text}");
    assert!(text.contains("cannot read `no/such/scheme.merit`"), "{text}");
    assert!(text.contains("structure::weight-sum"), "{text}");
    assert!(text.ends_with("2 errors, 0 warnings in 2 files\n"), "{text}");
}

#[test]
fn no_file_is_a_usage_error() {
    let output = merit_check(&[]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
}

#[test]
fn several_files_are_counted_together() {
    let files =
        [case("structure-clean"), case("structure-weight-sum"), case("structure-unused-rater")];
    let args: Vec<&str> = files.iter().map(String::as_str).collect();
    let output = merit_check(&args);
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.ends_with("1 error, 1 warning in 3 files\n"), "{text}");
}

#[test]
fn json_format_lists_findings_on_stdout() {
    let output = merit_check(&["--format", "json", &case("structure-weight-sum")]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let findings: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("stdout is JSON");
    // `group service "Service" weight 70% {` is line 27 (the case comment is line 1); `service`
    // starts at column 7 and ends before column 14.
    assert_eq!(
        findings,
        serde_json::json!([{
            "code": "structure::weight-sum",
            "severity": "error",
            "message": "weights of the children of `service` sum to 95%, not 100%",
            "file": case("structure-weight-sum"),
            "line": 27, "column": 7, "end_line": 27, "end_column": 14,
            "help": "resolution 60% + response_time 35% = 95%; change them so they add up to 100%"
        }])
    );
    assert_eq!(stderr(&output), "1 error, 0 warnings in 1 file\n");
}

#[test]
fn json_format_of_a_clean_scheme_is_an_empty_array() {
    let output = merit_check(&["--format", "json", &case("structure-clean")]);
    assert_eq!(output.status.code(), Some(0));
    let findings: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("stdout is JSON");
    assert_eq!(findings, serde_json::json!([]));
}

/// Every `structure::*` code the checker can emit is documented in docs/diagnostics.md and
/// has a case folder `tests/cases/structure-<name>[-variant]/`.
#[test]
fn every_structure_code_is_documented_and_has_a_case() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let docs = std::fs::read_to_string(root.join("docs/diagnostics.md")).expect("docs exist");
    let cases: Vec<String> = std::fs::read_dir(root.join("tests/cases"))
        .expect("cases exist")
        .map(|entry| entry.expect("readable entry").file_name().to_string_lossy().into_owned())
        .collect();
    let mut codes = Vec::new();
    for entry in std::fs::read_dir(root.join("src/check")).expect("src/check exists") {
        let source =
            std::fs::read_to_string(entry.expect("readable entry").path()).expect("source");
        for piece in source.split("\"structure::").skip(1) {
            let name: String = piece
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '-' || c.is_ascii_digit())
                .collect();
            if piece[name.len()..].starts_with('"') {
                codes.push(name);
            }
        }
    }
    codes.sort();
    codes.dedup();
    assert!(codes.len() > 40, "found only {codes:?}");
    for name in &codes {
        assert!(
            docs.contains(&format!("`structure::{name}`")),
            "structure::{name} is not in docs/diagnostics.md"
        );
        let folder = format!("structure-{name}");
        assert!(
            cases.iter().any(|c| *c == folder || c.starts_with(&format!("{folder}-"))),
            "structure::{name} has no case folder tests/cases/{folder}/"
        );
    }
}
