//! `--percent points|fraction`: how plain numbers in percent columns are read.

use std::process::Command;

const SCHEME: &str = r#"scheme "Percent"
cycle monthly from 2011-01-01
indicator complaints "Complaint ratio" weight 100% {
  unit percent
  lower is better
  score threshold 2% target 0%
}
"#;

fn eval(data: &str, extra: &[&str]) -> (i32, String, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("s.merit"), SCHEME).expect("scheme");
    std::fs::write(dir.path().join("d.csv"), data).expect("data");
    let output = Command::new(env!("CARGO_BIN_EXE_merit"))
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .args(["eval", "s.merit", "--data", "d.csv", "--format", "csv"])
        .args(extra)
        .output()
        .expect("merit runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

const DATA: &str = "employee,period,complaints\nE1,2011-06,0.5\nE2,2011-06,1\n";

#[test]
fn plain_numbers_below_one_are_refused_by_default() {
    let (code, _, stderr) = eval(DATA, &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("data::ambiguous-percent"), "{stderr}");
    assert!(stderr.contains("--percent points"), "{stderr}");
}

#[test]
fn percent_points_reads_half_a_percent() {
    // 0.5% on threshold 2% → target 0%: 100 × (2 − 0.5) / 2 = 75 points.
    let (code, stdout, stderr) = eval(DATA, &["--percent", "points"]);
    assert_eq!(code, 0, "{stderr}");
    let e1 = stdout.lines().find(|l| l.contains("E1")).expect("E1 row");
    assert!(e1.contains("75.00"), "{stdout}");
}

#[test]
fn percent_fraction_reads_half_as_fifty_percent() {
    // 0.5 as a fraction is 50%, far beyond the 2% threshold: 0 points. 1 is 100%: 0 too.
    let (code, stdout, stderr) = eval(DATA, &["--percent", "fraction"]);
    assert_eq!(code, 0, "{stderr}");
    let e1 = stdout.lines().find(|l| l.contains("E1")).expect("E1 row");
    assert!(e1.contains("0.00"), "{stdout}");
    let (code, _, stderr) =
        eval("employee,period,complaints\nE1,2011-06,35\n", &["--percent", "fraction"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("data::out-of-domain"), "{stderr}");
}
