//! `merit test` end to end: the shipped policies pass, a wrong expectation fails with
//! expected vs actual, JUnit output, and each kind of bad test file is a clear error naming
//! the file and line.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::{Command, Output};

const MERIT: &str = env!("CARGO_BIN_EXE_merit");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn merit(dir: &Path, args: &[&str]) -> Output {
    Command::new(MERIT).args(args).current_dir(dir).env("NO_COLOR", "1").output().unwrap()
}

fn text(output: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// A temporary folder holding the online-shop scheme as `cs.merit` and `test` as
/// `cs.test.toml`.
fn with_tests(test: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        Path::new(ROOT).join("policies/online-shop-cs.merit"),
        dir.path().join("cs.merit"),
    )
    .unwrap();
    std::fs::write(dir.path().join("cs.test.toml"), test).unwrap();
    dir
}

/// Every indicator at the typical agent's values of policies/online-shop-cs.test.toml:
/// composite 76.305, shown 76.31.
const DEFAULTS: &str = r#"
[defaults]
values = { conversion = 35, response_time = "30s", churn = 14, order_amount = 48000, valid_orders = 94.4, payment_ratio = 84, refund_ratio = 3, order_value = 136, complaints = 1, abnormal_orders = 2, report_timeliness = 1, report_accuracy = 98.5 }
ratings = { task_completion = 4, report_quality = 4, work_performance = 4, ability = 4, collaboration = 4, service_attitude = 4 }
"#;

/// One passing test and one failing: E1 is 76.305 + .096 x 20 = 78.225 (78.23), E2 76.305
/// (76.31).
fn small_file() -> String {
    format!(
        r#"{DEFAULTS}
[[test]]
name = "rank 1 & the bonus"
period = "2011-06"

[[test.record]]
employee = "E1"
values = {{ conversion = 40 }}

[[test.record]]
employee = "E2"

[[test.expect]]
employee = "E1"
composite = "78.23"
actions = ["monthly_bonus", "improvement_plan"]   # two people: both are in the bottom two

[[test]]
name = "a wrong <expectation>"
period = "2011-06"

[[test.record]]
employee = "E1"
values = {{ conversion = 40 }}

[[test.record]]
employee = "E2"

[[test.expect]]
employee = "E2"
composite = "80"
rank = 2
actions = ["last_place_deduction"]
"#
    )
}

#[test]
fn the_founding_scheme_passes_its_tests() {
    let output = merit(Path::new(ROOT), &["test", "policies/online-shop-cs.merit"]);
    let (stdout, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(0), "{stdout}{stderr}");
    assert!(stdout.contains("✓ June: rank 1 earns the bonus"), "{stdout}");
    assert!(stdout.contains(": 6 passed, 0 failed"), "{stdout}");
}

#[test]
fn every_policy_passes_its_tests() {
    let output = merit(Path::new(ROOT), &["test", "policies"]);
    let (stdout, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(0), "{stdout}{stderr}");
    for scheme in ["online-shop-cs", "voice-agent", "team-lead", "live-chat-agent"] {
        assert!(
            stdout.contains(&format!("policies/{scheme}.test.toml")),
            "{scheme} not run:\n{stdout}"
        );
    }
    assert!(stdout.contains(" 0 failed"), "{stdout}");
}

/// The first example of docs/testing.md runs and passes.
#[test]
fn the_example_of_the_docs_passes() {
    let docs = std::fs::read_to_string(Path::new(ROOT).join("docs/testing.md")).unwrap();
    let start = docs.find("## A first test").unwrap();
    let block = &docs[start..];
    let block = &block[block.find("```toml\n").unwrap() + 8..];
    let block = &block[..block.find("```").unwrap()];
    let dir = with_tests(&block.replace("online-shop-cs.merit", "cs.merit"));
    let output = merit(dir.path(), &["test", "cs.merit"]);
    let (stdout, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(0), "{stdout}{stderr}");
}

/// Each action of each scheme in policies/ fires in some expectation (`actions` lists it)
/// and is expected not to fire in another (`actions` given without it).
#[test]
fn every_action_of_every_policy_is_tested_firing_and_not_firing() {
    let mut schemes = 0;
    for entry in std::fs::read_dir(Path::new(ROOT).join("policies")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "merit") {
            continue;
        }
        schemes += 1;
        let test_file = merit::testing::discover::sibling(&path);
        let suite = merit::testing::load(&test_file)
            .unwrap_or_else(|e| panic!("{}: {:?}", path.display(), e.diagnostics));
        let lists: Vec<_> = suite
            .tests
            .iter()
            .flat_map(|t| &t.expected)
            .filter_map(|e| e.actions.as_ref())
            .collect();
        for action in &suite.scheme.actions {
            let id = &action.id.node;
            assert!(
                lists.iter().any(|l| l.contains(id)),
                "{}: `{id}` never expected to fire",
                path.display()
            );
            assert!(
                lists.iter().any(|l| !l.contains(id)),
                "{}: `{id}` never expected not to fire",
                path.display()
            );
        }
    }
    assert!(schemes >= 4, "policies/ holds {schemes} schemes");
}

#[test]
fn a_wrong_expectation_fails_with_expected_actual_and_the_breakdown() {
    let dir = with_tests(&small_file());
    let output = merit(dir.path(), &["test", "cs.merit"]);
    let (stdout, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(1), "{stdout}{stderr}");
    assert!(stdout.contains("✓ rank 1 & the bonus"), "{stdout}");
    assert!(stdout.contains("✗ a wrong <expectation> (line 23)"), "{stdout}");
    assert!(stdout.contains("E2 in 2011-06 (expectation on line 34):"), "{stdout}");
    assert!(
        stdout.contains("composite\n          expected: 80.00\n          actual:   76.31"),
        "{stdout}"
    );
    assert!(stdout.contains("actions\n          expected: last_place_deduction\n          actual:   improvement_plan, last_place_deduction"), "{stdout}");
    assert!(!stdout.contains("  rank\n"), "the rank matched and is not shown:\n{stdout}");
    // The breakdown: indicator, value in its unit, points, contribution (.096 x 60).
    let conversion = stdout.lines().find(|l| l.trim_start().starts_with("conversion")).unwrap();
    assert_eq!(
        conversion.split_whitespace().collect::<Vec<_>>(),
        ["conversion", "35%", "60", "5.76"]
    );
    assert!(stdout.contains("composite 76.305, shown as 76.31"), "{stdout}");
    assert!(stdout.contains("2 tests in 1 file: 1 passed, 1 failed"), "{stdout}");
}

#[test]
fn junit_report_for_a_passing_and_a_failing_test() {
    let dir = with_tests(&small_file());
    let output = merit(dir.path(), &["test", "--format", "junit", "cs.test.toml"]);
    let (stdout, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    insta::assert_snapshot!(stdout);
}

#[test]
fn junit_report_is_written_to_a_file() {
    let dir = with_tests(&small_file());
    let output = merit(dir.path(), &["test", "--format", "junit", "-o", "report.xml", "cs.merit"]);
    let (stdout, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    assert!(stderr.contains("2 tests in 1 file: 1 passed, 1 failed"), "{stderr}");
    let xml = std::fs::read_to_string(dir.path().join("report.xml")).unwrap();
    assert!(xml.contains("<testsuite name=\"cs.test.toml\" tests=\"2\" failures=\"1\""), "{xml}");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name())
        .collect();
    assert_eq!(leftovers.len(), 3, "no temporary file left behind: {leftovers:?}");
}

#[test]
fn filter_runs_only_matching_tests() {
    let dir = with_tests(&small_file());
    let output = merit(dir.path(), &["test", "--filter", "bonus", "cs.merit"]);
    let (stdout, _) = text(&output);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("1 test in 1 file: 1 passed, 0 failed"), "{stdout}");
    let output = merit(dir.path(), &["test", "--filter", "no such test", "cs.merit"]);
    let (_, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("no test name contains `no such test`"), "{stderr}");
}

/// Run `merit test` on a file holding `body` after the defaults; expect exit 1 and return
/// stderr, which must name the file and `line`.
fn refused(body: &str, line: usize) -> String {
    let dir = with_tests(&format!("{DEFAULTS}{body}"));
    let output = merit(dir.path(), &["test", "cs.test.toml"]);
    let (stdout, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(1), "{stdout}{stderr}");
    assert!(
        stderr.contains(&format!("[cs.test.toml:{line}:")),
        "no file and line {line}:\n{stderr}"
    );
    assert!(stdout.contains("not run"), "{stdout}");
    stderr
}

#[test]
fn malformed_toml_is_refused_at_its_line() {
    let stderr = refused("[[test]]\nname = \"x\"\nperiod = = \"2011-06\"\n", 7);
    assert!(stderr.contains("test::bad-toml"), "{stderr}");
}

#[test]
fn an_unknown_key_is_refused_naming_the_test() {
    let body = "[[test]]\nname = \"x\"\nperiod = \"2011-06\"\n[[test.record]]\nemployee = \"E1\"\n[[test.expect]]\nemployee = \"E1\"\ncomposit = 3\n";
    let stderr = refused(body, 12);
    assert!(stderr.contains("test::unknown-key"), "{stderr}");
    assert!(stderr.contains("cs.test.toml (test \"x\"): unknown field `composit`"), "{stderr}");
}

#[test]
fn an_unknown_indicator_is_refused_with_a_suggestion() {
    let body = "[[test]]\nname = \"typo\"\nperiod = \"2011-06\"\n[[test.record]]\nemployee = \"E1\"\nvalues = { conversoin = 40 }\n[[test.expect]]\nemployee = \"E1\"\nrank = 1\n";
    let stderr = refused(body, 10);
    assert!(stderr.contains("test::unknown-indicator"), "{stderr}");
    assert!(
        stderr.contains(
            "cs.test.toml (test \"typo\"): the scheme has no indicator or hook input `conversoin`"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `conversion`?"), "{stderr}");
}

#[test]
fn malformed_expectations_are_all_reported() {
    let body = "[[test]]\nname = \"x\"\nperiod = \"2011-06\"\n[[test.record]]\nemployee = \"E1\"\n[[test.expect]]\nemployee = \"E1\"\ncomposite = \"87.255\"\ngrade = \"Z\"\nactions = [\"bonus\"]\n[[test.expect]]\nemployee = \"E9\"\nrank = 1\n";
    let stderr = refused(body, 12);
    for code in [
        "test::too-precise",
        "test::unknown-grade",
        "test::unknown-action",
        "test::unknown-employee",
    ] {
        assert!(stderr.contains(code), "{code} missing:\n{stderr}");
    }
    assert!(stderr.contains("write 87.26"), "{stderr}");
}

#[test]
fn a_scheme_without_tests_or_a_missing_file_is_a_usage_error() {
    let dir = with_tests("");
    std::fs::remove_file(dir.path().join("cs.test.toml")).unwrap();
    let output = merit(dir.path(), &["test", "cs.merit"]);
    let (_, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cs.merit has no tests: cs.test.toml does not exist"), "{stderr}");
    let output = merit(dir.path(), &["test", "nothing.test.toml"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn an_unreadable_scheme_is_exit_2() {
    let dir = with_tests("scheme = \"missing.merit\"\n[[test]]\nname = \"x\"\n");
    let output = merit(dir.path(), &["test", "cs.test.toml"]);
    let (_, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cannot read the scheme missing.merit"), "{stderr}");
    assert!(stderr.contains("[cs.test.toml:1:10]"), "{stderr}");
}

#[test]
fn data_the_engine_refuses_is_a_test_error() {
    let body = "[[test]]\nname = \"gap\"\nperiod = \"2011-06\"\n[[test.record]]\nemployee = \"E1\"\nmissing = [\"churn\"]\n[[test.expect]]\nemployee = \"E1\"\nrank = 1\n";
    let dir = with_tests(&format!("{DEFAULTS}{body}"));
    let output = merit(dir.path(), &["test", "cs.merit"]);
    let (stdout, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(1), "{stdout}{stderr}");
    assert!(stdout.contains("✗ gap (line 6): the engine refused the test's data"), "{stdout}");
    assert!(stdout.contains("employee E1 has no value for indicator `churn`"), "{stdout}");
}
