//! `merit eval` refuses a scheme with error findings as `merit check` judges it: with the
//! nearest `merit.toml`'s severities and the scheme's allow comments, and each problem
//! reported once.

use std::path::Path;
use std::process::{Command, Output};

/// `merit eval scheme.merit --data <the founding sample>` in `dir`.
fn eval_in(dir: &Path) -> Output {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies/data/online-shop-cs.csv");
    Command::new(env!("CARGO_BIN_EXE_merit"))
        .args(["eval", "scheme.merit", "--data"])
        .arg(data)
        .env("NO_COLOR", "1")
        .current_dir(dir)
        .output()
        .expect("merit runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The founding scheme without its approvals (a `timebound::no-approvals` warning), after
/// `edit`, in a temporary folder with the given files.
fn project(edit: (&str, &str), files: &[(&str, &str)]) -> tempfile::TempDir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("policies/online-shop-cs.merit")).expect("read");
    let approvals =
        "approved \"Store manager\" on 2011-06-01\napproved \"HR department\" on 2011-06-03\n";
    assert!(text.contains(approvals) && text.contains(edit.0), "the founding scheme changed");
    let text = text.replacen(approvals, "", 1).replacen(edit.0, edit.1, 1);
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("scheme.merit"), text).expect("written");
    for (name, content) in files {
        std::fs::write(dir.path().join(name), content).expect("written");
    }
    dir
}

const SCHEME_LINE: &str = "scheme \"Online-shop customer service\"\n";
const TIMEBOUND_ERROR: (&str, &str) = ("merit.toml", "[lints]\ntimebound = \"error\"\n");

#[test]
fn a_warning_does_not_stop_the_evaluation() {
    let dir = project((SCHEME_LINE, SCHEME_LINE), &[]);
    let output = eval_in(dir.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn merit_toml_can_raise_a_warning_to_an_error_that_stops_it() {
    let dir = project((SCHEME_LINE, SCHEME_LINE), &[TIMEBOUND_ERROR]);
    let output = eval_in(dir.path());
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains("timebound::no-approvals"), "{text}");
    assert!(output.stdout.is_empty(), "no partial output");
}

#[test]
fn an_allow_comment_is_honoured() {
    let allowed = "scheme \"Online-shop customer service\" // merit: allow(timebound::no-approvals) reason \"agreed in the minutes\"\n";
    let dir = project((SCHEME_LINE, allowed), &[TIMEBOUND_ERROR]);
    let output = eval_in(dir.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn an_invalid_merit_toml_exits_2() {
    let dir = project((SCHEME_LINE, SCHEME_LINE), &[("merit.toml", "[lints]\ntimebound = 3\n")]);
    let output = eval_in(dir.path());
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{text}");
    assert!(text.contains("config::"), "{text}");
}

#[test]
fn an_undeclared_hook_is_reported_once() {
    let call = ("when last\n", "when hook heavy(complaints)\n");
    let dir = project(call, &[]);
    let output = eval_in(dir.path());
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert_eq!(text.matches("structure::unknown-hook").count(), 1, "{text}");
    assert!(!text.contains("hooks::undeclared-hook"), "{text}");
}

#[test]
fn a_hook_declared_twice_is_reported_once() {
    let twice = "when hook heavy(complaint_ratio)\n";
    let dir = project(("when last\n", twice), &[("hooks.rhai", "fn heavy(x) { x > 5.0 }\n")]);
    let scheme = dir.path().join("scheme.merit");
    let text = std::fs::read_to_string(&scheme).expect("read");
    // Before the first group (a line that starts with `group `, not a comment).
    let declared = "\nhook heavy in \"hooks.rhai\"\nhook heavy in \"hooks.rhai\"\n\ngroup ";
    assert!(text.contains("\ngroup "), "the founding scheme changed");
    std::fs::write(&scheme, text.replacen("\ngroup ", declared, 1)).expect("written");
    let output = eval_in(dir.path());
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert_eq!(text.matches("structure::duplicate-name").count(), 1, "{text}");
    assert!(!text.contains("hooks::duplicate-hook"), "{text}");
}
