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
            "label": "children's weights sum to 95%",
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

/// Every lint code (structure and SMART) is documented in docs/diagnostics.md and has a case
/// folder: `tests/cases/structure-<name>[-variant]/` or `tests/cases/smart-<family>-<name>
/// [-variant]/`; the calibration codes, which need history, are exercised in
/// tests/calibration.rs instead.
#[test]
fn every_lint_code_is_documented_and_has_a_case() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let docs = std::fs::read_to_string(root.join("docs/diagnostics.md")).expect("docs exist");
    let calibration =
        std::fs::read_to_string(root.join("tests/calibration.rs")).expect("calibration tests");
    let cases: Vec<String> = std::fs::read_dir(root.join("tests/cases"))
        .expect("cases exist")
        .map(|entry| entry.expect("readable entry").file_name().to_string_lossy().into_owned())
        .collect();
    let lints: Vec<&str> =
        merit::codes::all().filter(|info| info.is_lint()).map(|info| info.code).collect();
    assert!(lints.len() > 70, "found only {lints:?}");
    for code in lints {
        assert!(docs.contains(&format!("`{code}`")), "{code} is not in docs/diagnostics.md");
        let (family, name) = code.split_once("::").expect("family::name");
        let folder = match family {
            "structure" => format!("structure-{name}"),
            _ => format!("smart-{family}-{name}"),
        };
        let has_case = cases.iter().any(|c| *c == folder || c.starts_with(&format!("{folder}-")));
        assert!(
            has_case || calibration.contains(&format!("\"{code}\"")),
            "{code} has no case folder tests/cases/{folder}/ (nor a test in tests/calibration.rs)"
        );
    }
}

/// A scheme that is clean but for the given replacement, checked in a temporary folder with
/// the given extra files (e.g. a merit.toml).
fn project(replace: (&str, &str), extra: &[(&str, &str)]) -> tempfile::TempDir {
    let clean = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(case("structure-clean")),
    )
    .expect("clean case");
    assert!(clean.contains(replace.0), "{} is not in the clean case", replace.0);
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("scheme.merit"), clean.replacen(replace.0, replace.1, 1))
        .expect("scheme written");
    for (name, text) in extra {
        std::fs::write(dir.path().join(name), text).expect("file written");
    }
    dir
}

fn check_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_merit"))
        .arg("check")
        .args(args)
        .env("NO_COLOR", "1")
        .current_dir(dir)
        .output()
        .expect("merit runs")
}

const NO_APPROVAL: (&str, &str) = ("approved \"HR department\" on 2023-12-20\n", "");

#[test]
fn deny_warnings_makes_warnings_fail() {
    let dir = project(NO_APPROVAL, &[]);
    let output = check_in(dir.path(), &["scheme.merit"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let output = check_in(dir.path(), &["--deny", "warnings", "scheme.merit"]);
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains("timebound::no-approvals"), "{text}");
    assert!(text.ends_with("0 errors, 1 warning in 1 file\n"), "{text}");
}

#[test]
fn merit_toml_turns_codes_off_and_raises_families() {
    let off = "[lints]\n\"timebound::no-approvals\" = \"off\"\n";
    let dir = project(NO_APPROVAL, &[("merit.toml", off)]);
    let output = check_in(dir.path(), &["--deny", "warnings", "scheme.merit"]);
    assert_eq!(stderr(&output), "0 errors, 0 warnings in 1 file\n");
    assert_eq!(output.status.code(), Some(0));
    let raise = "[lints]\ntimebound = \"error\"\n";
    let dir = project(NO_APPROVAL, &[("merit.toml", raise)]);
    let output = check_in(dir.path(), &["scheme.merit"]);
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.ends_with("1 error, 0 warnings in 1 file\n"), "{text}");
}

#[test]
fn merit_toml_is_found_above_the_scheme_or_named() {
    let off = "[lints]\ntimebound = \"off\"\n";
    let dir = project(NO_APPROVAL, &[]);
    let nested = dir.path().join("policies");
    std::fs::create_dir(&nested).expect("folder");
    std::fs::rename(dir.path().join("scheme.merit"), nested.join("scheme.merit")).expect("moved");
    std::fs::write(dir.path().join("merit.toml"), off).expect("written");
    let output = check_in(dir.path(), &["--deny", "warnings", "policies/scheme.merit"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // --config names another file: its settings apply instead.
    std::fs::write(dir.path().join("strict.toml"), "[lints]\ntimebound = \"error\"\n")
        .expect("written");
    let output = check_in(dir.path(), &["--config", "strict.toml", "policies/scheme.merit"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
}

#[test]
fn merit_toml_with_an_unknown_key_exits_2_and_points_at_it() {
    let toml = "[lints]\n\n[calibration]\nbands = [10, 90]\n";
    let dir = project(("", ""), &[("merit.toml", toml)]);
    let output = check_in(dir.path(), &["scheme.merit"]);
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{text}");
    assert!(text.contains("config::bad-toml"), "{text}");
    assert!(text.contains("unknown field `bands`"), "{text}");
    assert!(text.contains("merit.toml:4:1"), "{text}");
}

#[test]
fn merit_toml_with_an_unknown_code_exits_2_with_a_suggestion() {
    let toml = "[lints]\n\"specific::no-defintion\" = \"off\"\n";
    let dir = project(("", ""), &[("merit.toml", toml)]);
    let output = check_in(dir.path(), &["scheme.merit"]);
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{text}");
    assert!(text.contains("config::unknown-code"), "{text}");
    assert!(text.contains("merit.toml:2:1"), "{text}");
    assert!(text.contains("did you mean `specific::no-definition`?"), "{text}");
}

#[test]
fn an_allow_comment_silences_one_item() {
    // Before the indicator: its whole block, where `numerator` is missing.
    let dir = project(
        (
            "  indicator resolution",
            "  // merit: allow(specific::no-numerator) reason \"the count is in the definition\"\n  indicator resolution",
        ),
        &[],
    );
    let scheme = dir.path().join("scheme.merit");
    let text = std::fs::read_to_string(&scheme).expect("read");
    std::fs::write(
        &scheme,
        text.replace("    numerator \"tickets solved in the first contact\"\n", ""),
    )
    .expect("written");
    let output = check_in(dir.path(), &["--deny", "warnings", "scheme.merit"]);
    assert_eq!(stderr(&output), "0 errors, 0 warnings in 1 file\n");
    assert_eq!(output.status.code(), Some(0));
    // At the end of a line: that line only.
    let dir = project(("approved \"HR department\" on 2023-12-20\n", ""), &[]);
    let scheme = dir.path().join("scheme.merit");
    let text = std::fs::read_to_string(&scheme).expect("read");
    let allowed = text.replacen(
        "scheme \"Support team\"\n",
        "scheme \"Support team\" // merit: allow(timebound::no-approvals) reason \"agreed in the works council minutes\"\n",
        1,
    );
    std::fs::write(&scheme, allowed).expect("written");
    let output = check_in(dir.path(), &["--deny", "warnings", "scheme.merit"]);
    assert_eq!(stderr(&output), "0 errors, 0 warnings in 1 file\n");
}

#[test]
fn an_allow_that_silences_nothing_is_a_warning() {
    let dir = project(
        (
            "version \"1.0\"\n",
            "version \"1.0\" // merit: allow(specific::no-scope) reason \"later\"\n",
        ),
        &[],
    );
    let output = check_in(dir.path(), &["--format", "json", "scheme.merit"]);
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(findings[0]["code"], "config::unused-allow");
    assert_eq!(findings[0]["severity"], "warning");
    assert_eq!(findings[0]["line"], 3);
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn malformed_allow_comments_are_errors() {
    let cases = [
        ("// merit: allow() reason \"x\"", "the allow comment names no code", 1),
        (
            "// merit: allow(specific::no-defintion) reason \"x\"",
            "`specific::no-defintion` cannot be allowed",
            17,
        ),
        (
            "// merit: allow(syntax::unexpected) reason \"x\"",
            "`syntax::unexpected` cannot be allowed",
            17,
        ),
        ("// merit: allow(specific::no-definition)", "the allow comment gives no reason", 1),
        (
            "// merit: allow(specific::no-definition) reason \"\"",
            "the allow comment gives no reason",
            1,
        ),
        (
            "// merit: alow(specific::no-definition) reason \"x\"",
            "unknown merit directive: the only one is `allow`",
            1,
        ),
    ];
    for (comment, message, column) in cases {
        let dir = project(("version \"1.0\"\n", &format!("version \"1.0\"\n{comment}\n")), &[]);
        let output = check_in(dir.path(), &["--format", "json", "scheme.merit"]);
        assert_eq!(output.status.code(), Some(1), "{comment}");
        let findings: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
        let bad = &findings[0];
        assert_eq!(bad["code"], "config::bad-allow", "{comment}: {findings}");
        assert_eq!(bad["message"], message, "{comment}");
        assert_eq!(
            (bad["line"].as_u64(), bad["column"].as_u64()),
            (Some(4), Some(column)),
            "{comment}"
        );
    }
}

/// The clean case with its first indicator scored by the hook `call` (declared as `f` in
/// `hooks.rhai`, next to the scheme), and that script when given.
fn hook_project(call: &str, script: Option<&str>) -> tempfile::TempDir {
    let scoring = ("    score threshold 50% target 80%\n", &*format!("    score hook {call}\n"));
    let dir = project(scoring, &script.map(|s| ("hooks.rhai", s)).into_iter().collect::<Vec<_>>());
    let scheme = dir.path().join("scheme.merit");
    let text = std::fs::read_to_string(&scheme).expect("read");
    let declared = text.replacen("group service", "hook f in \"hooks.rhai\"\n\ngroup service", 1);
    std::fs::write(&scheme, declared).expect("written");
    dir
}

#[test]
fn a_hook_script_with_a_syntax_error_fails_and_points_into_the_script() {
    let dir = hook_project("f(value)", Some("fn f(x) {\n    let y = x *;\n    y\n}\n"));
    let output = check_in(dir.path(), &["scheme.merit"]);
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains("hooks::syntax"), "{text}");
    // Line 2, column 16: the `;` after `x *`.
    assert!(text.contains("╭─[hooks.rhai:2:16]"), "{text}");
    assert!(text.ends_with("1 error, 0 warnings in 1 file\n"), "{text}");
}

#[test]
fn a_hook_missing_from_its_script_fails_and_points_at_the_scheme() {
    let dir = hook_project("f(value)", Some("fn g(x) { x }\n"));
    let output = check_in(dir.path(), &["--format", "json", "scheme.merit"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    // `hook f in "hooks.rhai"` is inserted as line 27 of the clean case; `f` is column 6.
    assert_eq!(findings.as_array().map(Vec::len), Some(1), "{findings}");
    assert_eq!(findings[0]["code"], "hooks::missing-function");
    assert_eq!(findings[0]["file"], "scheme.merit");
    assert_eq!((findings[0]["line"].as_u64(), findings[0]["column"].as_u64()), (Some(27), Some(6)));
    // Called with the wrong number of arguments: the call in the indicator (line 37).
    let dir = hook_project("f(value, value)", Some("fn f(x) { x }\n"));
    let output = check_in(dir.path(), &["--format", "json", "scheme.merit"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(findings[0]["code"], "hooks::wrong-arity", "{findings}");
    assert_eq!(
        (findings[0]["line"].as_u64(), findings[0]["column"].as_u64()),
        (Some(37), Some(16))
    );
}

#[test]
fn a_missing_hook_script_fails() {
    let dir = hook_project("f(value)", None);
    let output = check_in(dir.path(), &["scheme.merit"]);
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains("hooks::script-not-found"), "{text}");
    assert!(text.contains("cannot read the hook script hooks.rhai"), "{text}");
    assert!(text.contains("╭─[scheme.merit:27:11]"), "{text}");
}
