//! `merit check --history`: targets calibrated on a history built here, with every figure
//! computed by hand in the comments.
//!
//! The history has 10 employees × 4 months = 40 employee-months; row i (1..=40) holds
//!   loose    = 28 + 0.5·i  (%)        → 28.5 .. 48
//!   strict   = 25 + 5·i    (seconds)  → 30 .. 225
//!   right    = 30 + i      (%)        → 31 .. 70
//!   amount   = 20000 + 500·i (CNY)    → 20500 .. 40000
//!   sparse   = i mod 6, only for i <= 12
//!   accuracy = 95 + 0.1·i  (%)        → 95.1 .. 99
//! Percentiles count from the worst value to the best, nearest rank: p-th → rank ⌈p·40/100⌉,
//! so p50 → rank 20, p70 → rank 28, p90 → rank 36.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

const SCHEME: &str = include_str!("fixtures/calibration/scheme.merit");

fn history() -> String {
    let mut csv = String::from("employee,period,loose,strict,right,amount,sparse,accuracy\n");
    for month in 1..=4 {
        for employee in 1..=10 {
            let i = (month - 1) * 10 + employee;
            let sparse = if i <= 12 { (i % 6).to_string() } else { String::new() };
            csv.push_str(&format!(
                "E{employee:02},2024-{month:02},{}.{},{},{},{},{sparse},{}.{}\n",
                28 + i / 2,
                if i % 2 == 1 { 5 } else { 0 },
                25 + 5 * i,
                30 + i,
                20000 + 500 * i,
                95 + i / 10,
                i % 10
            ));
        }
    }
    csv
}

/// A folder with scheme.merit, history.csv and the given extra files.
fn project(extra: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("scheme.merit"), SCHEME).expect("scheme written");
    std::fs::write(dir.path().join("history.csv"), history()).expect("history written");
    for (name, text) in extra {
        std::fs::write(dir.path().join(name), text).expect("file written");
    }
    dir
}

fn check(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_merit"))
        .args(["check", "scheme.merit", "--history", "history.csv", "--format", "json"])
        .args(args)
        .env("NO_COLOR", "1")
        .current_dir(dir)
        .output()
        .expect("merit runs")
}

/// (code, line, message, help) of each finding.
fn findings(output: &Output) -> Vec<(String, u64, String, String)> {
    let value: Value = serde_json::from_slice(&output.stdout).expect("stdout is JSON");
    value
        .as_array()
        .expect("an array")
        .iter()
        .map(|f| {
            let text = |k: &str| f[k].as_str().unwrap_or_default().to_string();
            (text("code"), f["line"].as_u64().unwrap_or(0), text("message"), text("help"))
        })
        .collect()
}

#[test]
fn the_history_is_what_the_comments_say() {
    let csv = history();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 41);
    // i = 1: E01 in 2024-01; i = 40: E10 in 2024-04.
    assert_eq!(rows[1], "E01,2024-01,28.5,30,31,20500,1,95.1");
    assert_eq!(rows[40], "E10,2024-04,48.0,225,70,40000,,99.0");
}

#[test]
fn loose_strict_never_reached_and_too_small() {
    let dir = project(&[]);
    let output = check(dir.path(), &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "warnings only: {stderr}");
    let found = findings(&output);
    let codes: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
    // `right` (31..70 against 50%: i >= 20 → 21 of 40 = 52.5%) and `accuracy` (>= 98% when
    // i >= 30 → 11 of 40 = 27.5%) lie inside the band: no finding.
    assert_eq!(
        codes,
        [
            "attainable::target-too-loose",
            "attainable::target-too-strict",
            "realistic::target-beyond-best",
            "attainable::history-too-small"
        ],
        "{found:#?}"
    );

    // loose >= 30% when 28 + 0.5·i >= 30, i >= 4: 37 of 40 = 92.5% > 90%.
    // p50 = rank 20 = 28 + 10 = 38%; p90 = rank 36 = 46%; p70 = rank 28 = 42%, reached by
    // i >= 28: 13 of 40 = 32.5%. Threshold 20%: all 40 = 100.0%. Best: 48%.
    let loose = &found[0];
    assert_eq!(loose.1, 33, "at the target on line 33");
    assert_eq!(
        loose.2,
        "target 30% of `loose` reached in 92.5% of 40 employee-months: too loose; \
         the 50th–90th percentile lies between 38% and 46%"
    );
    assert_eq!(
        loose.3,
        "raise the target to about 42% (the 70th percentile: reached in 32.5% of \
         employee-months); the band is 10%–90% reaching the target; the threshold 20% was \
         reached in 100.0%; the best value was 48%"
    );

    // strict <= 30s only for i = 1: 1 of 40 = 2.5% < 10%. Worst first: rank r is
    // i = 41 − r, so p50 = i 21 = 130s, p90 = i 5 = 50s, p70 = i 13 = 90s, reached by
    // i <= 13: 32.5%. Threshold 2m = 120s: i <= 19 → 19 of 40 = 47.5%. Best: 30s.
    let strict = &found[1];
    assert_eq!(strict.1, 41);
    assert_eq!(
        strict.2,
        "target 30s of `strict` reached in 2.5% of 40 employee-months: too strict; \
         the 50th–90th percentile lies between 130s and 50s"
    );
    assert_eq!(
        strict.3,
        "lower the target to about 90s (the 70th percentile: reached in 32.5% of \
         employee-months); the band is 10%–90% reaching the target; the threshold 2m was \
         reached in 47.5%; the best value was 30s"
    );

    // amount tops out at 20000 + 500·40 = 40000 CNY < 60000 CNY. p70 = rank 28 = 34000 CNY,
    // reached by i >= 28: 32.5%.
    let amount = &found[2];
    assert_eq!(amount.1, 59);
    assert_eq!(
        amount.2,
        "target 60000 CNY of `amount` was never reached: the best of 40 employee-months is \
         40000 CNY"
    );
    assert_eq!(
        amount.3,
        "set the target within what has been achieved, e.g. 34000 CNY (the 70th percentile: \
         reached in 32.5% of employee-months)"
    );

    // sparse has values in rows 1..=12 only.
    let sparse = &found[3];
    assert_eq!(sparse.1, 62);
    assert_eq!(
        sparse.2,
        "only 12 employee-months in history.csv have a value for `sparse`: too few to judge \
         its target (at least 30 are needed)"
    );
}

#[test]
fn band_and_min_history_from_merit_toml() {
    // Band 5..95: loose's 92.5% <= 95% is fine; strict's 2.5% < 5% is still too strict.
    // min_history 10: sparse is judged, 12 values i mod 6 = 1 2 3 4 5 0 1 2 3 4
    // 5 0; <= 1 for four of them: 33.3%, inside the band.
    let toml = "[calibration]\nband = [5, 95]\nmin_history = 10\nsuggest_percentile = 50\n";
    let dir = project(&[("merit.toml", toml)]);
    let found = findings(&check(dir.path(), &[]));
    let codes: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(codes, ["attainable::target-too-strict", "realistic::target-beyond-best"]);
    // p50 of strict = 130s, reached by i <= 21: 52.5%.
    assert!(
        found[0]
            .3
            .starts_with("lower the target to about 130s (the 50th percentile: reached in 52.5%"),
        "{}",
        found[0].3
    );
    assert!(found[0].3.contains("the band is 5%–95%"), "{}", found[0].3);
}

#[test]
fn band_on_the_command_line_wins() {
    let toml = "[calibration]\nband = [5, 95]\n";
    let dir = project(&[("merit.toml", toml)]);
    // --band 1..92: loose's 92.5% > 92 → too loose; strict's 2.5% >= 1 → fine.
    let found = findings(&check(dir.path(), &["--band", "1..92"]));
    let codes: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(
        codes,
        [
            "attainable::target-too-loose",
            "realistic::target-beyond-best",
            "attainable::history-too-small"
        ]
    );
}

#[test]
fn a_history_too_small_is_said_rather_than_judged() {
    // Only the first month: 10 employee-months per indicator, fewer than 30.
    let dir = project(&[]);
    let short: String = history().lines().take(11).map(|l| format!("{l}\n")).collect();
    std::fs::write(dir.path().join("history.csv"), short).expect("written");
    let found = findings(&check(dir.path(), &[]));
    assert!(found.iter().all(|f| f.0 == "attainable::history-too-small"), "{found:#?}");
    // loose, strict, right, amount, sparse (its 10 values), accuracy.
    assert_eq!(found.len(), 6);
    assert_eq!(
        found[0].2,
        "only 10 employee-months in history.csv have a value for `loose`: too few to judge its \
         target (at least 30 are needed)"
    );
}

#[test]
fn findings_can_be_allowed_and_turned_off() {
    let scheme = SCHEME.replace(
        "  score threshold 20% target 30%\n",
        "  score threshold 20% target 30% // merit: allow(attainable::target-too-loose) reason \"a floor, not a goal\"\n",
    );
    let toml = "[lints]\n\"realistic::target-beyond-best\" = \"off\"\nattainable = \"error\"\n";
    let dir = project(&[("merit.toml", toml), ("scheme.merit", &scheme)]);
    let output = check(dir.path(), &[]);
    let found = findings(&output);
    let codes: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(codes, ["attainable::target-too-strict", "attainable::history-too-small"]);
    // `attainable = "error"` raises the family: exit 1.
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn an_unreadable_history_exits_2() {
    let dir = project(&[]);
    let output = Command::new(env!("CARGO_BIN_EXE_merit"))
        .args(["check", "scheme.merit", "--history", "missing.csv"])
        .env("NO_COLOR", "1")
        .current_dir(dir.path())
        .output()
        .expect("merit runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("io::unreadable"));
}

#[test]
fn a_history_with_bad_cells_exits_1() {
    let dir = project(&[]);
    let bad = history().replacen("28.5", "lots", 1);
    std::fs::write(dir.path().join("history.csv"), bad).expect("written");
    let output = check(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(1));
    let codes: Vec<String> = findings(&output).into_iter().map(|f| f.0).collect();
    assert_eq!(codes, ["data::not-a-number"]);
}

#[test]
fn derived_values_are_computed_with_the_hooks() {
    // refund_share = share(refunds, orders) = refunds × 100 / orders, with orders = 100 and
    // refunds = i mod 5: each of 0%, 1%, 2%, 3%, 4% in 8 of the 40 employee-months.
    // Target 2%, lower is better: 0, 1 and 2 reach it, 24 of 40 = 60.0% > 50%: too loose.
    // Worst first: 4% ×8, 3% ×8, 2% ×8, 1% ×8, 0% ×8: p50 = rank 20 = 2%, p90 = rank 36 =
    // 0%, p70 = rank 28 = 1%, reached by 0% and 1%: 16 of 40 = 40.0%.
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/calibration-hooks");
    let dir = tempfile::tempdir().expect("temp dir");
    for name in ["scheme.merit", "share.rhai"] {
        std::fs::copy(fixture.join(name), dir.path().join(name)).expect("copied");
    }
    let mut csv = String::from("employee,period,refunds,orders\n");
    for month in 1..=4 {
        for employee in 1..=10 {
            let i = (month - 1) * 10 + employee;
            csv.push_str(&format!("E{employee:02},2024-{month:02},{},100\n", i % 5));
        }
    }
    std::fs::write(dir.path().join("history.csv"), csv).expect("written");
    let output = check(dir.path(), &["--band", "10..50"]);
    let found = findings(&output);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].0, "attainable::target-too-loose");
    assert_eq!(
        found[0].2,
        "target 2% of `refund_share` reached in 60.0% of 40 employee-months: too loose; the \
         50th–90th percentile lies between 2% and 0%"
    );
    assert!(
        found[0].3.starts_with(
            "raise the target to about 1% (the 70th percentile: reached in 40.0% of employee-months)"
        ),
        "{}",
        found[0].3
    );
}
