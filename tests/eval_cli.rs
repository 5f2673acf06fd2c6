//! `merit eval` and `merit explain` on the founding scheme and its sample data: snapshots of
//! what people and tools read, exit codes, determinism, and no output file after an error.

use std::path::Path;
use std::process::{Command, Output};

const SCHEME: &str = "policies/online-shop-cs.merit";
const DATA: &str = "policies/data/online-shop-cs.csv";

fn merit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_merit"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .expect("merit runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn ok(args: &[&str]) -> String {
    let output = merit(args);
    assert_eq!(output.status.code(), Some(0), "stderr: {}", stderr(&output));
    assert_eq!(stderr(&output), "", "no warnings on the sample data");
    stdout(&output)
}

/// `merit gen` data for `scheme`, four periods of `employees`, written to `data.csv` in
/// `dir`; its path.
fn generated(dir: &Path, scheme: &str, employees: &str, seed: &str) -> String {
    let data = dir.join("data.csv").display().to_string();
    let args = ["--employees", employees, "--periods", "4", "--seed", seed, "-o", &data];
    ok(&[&["gen", scheme][..], &args].concat());
    data
}

/// The library's evaluation of `scheme` (its hooks loaded) on the data file `data`, rendered
/// as CSV: what `merit eval --format csv` must print.
fn rendered_by_the_library(scheme: &str, data: &str) -> String {
    let text = std::fs::read_to_string(scheme).expect("the scheme reads");
    let file = merit::SourceFile::new(scheme, text);
    let parsed = merit::syntax::parse(&file).expect("the scheme parses").scheme;
    let runtime =
        merit::hooks::HookRuntime::load(&parsed, &file, Path::new(scheme)).expect("hooks load");
    let options = merit::eval::load::LoadOptions::default();
    let (loaded, _) =
        merit::eval::load::load(Path::new(data), &[&parsed], &options).expect("the data loads");
    let options = merit::eval::EvalOptions { hooks: Some(&runtime), ..Default::default() };
    let evaluation = merit::eval::evaluate(&[&parsed], &loaded, &options).expect("it evaluates");
    merit::report::csv::render(&evaluation)
}

#[test]
fn eval_table_shows_every_rule_of_the_founding_document() {
    let table = ok(&["eval", SCHEME, "--data", DATA]);
    // Rank 1 bonus each month, last-place deduction each month, bottom-two plans, the
    // three-month streak in 2011-08, and the tie at rank 5 in 2011-07 (79.135218… and
    // 79.138901… both show as 79.14, so both rank 5 and the next is 7).
    assert_eq!(table.matches("bonus 100 CNY to bonus").count(), 3);
    assert_eq!(table.matches("deduct 100 CNY from commission").count(), 3);
    assert_eq!(table.matches("improvement plan due").count(), 6);
    assert_eq!(table.matches("review: Consider reassignment").count(), 1);
    assert!(
        table.contains("   5  E04           79.14  B\n   5  E05           79.14  B\n   7  E09"),
        "{table}"
    );
    insta::assert_snapshot!("eval_table", table);
}

#[test]
fn eval_json_is_versioned_and_deterministic() {
    let first = ok(&["eval", SCHEME, "--data", DATA, "--format", "json"]);
    let second = ok(&["eval", SCHEME, "--data", DATA, "--format", "json"]);
    assert_eq!(first, second, "the same input gives the same bytes");
    let value: serde_json::Value = serde_json::from_str(&first).unwrap();
    assert_eq!(value["format_version"], 1);
    insta::assert_snapshot!("eval_json", first);
}

#[test]
fn the_long_json_sample_gives_the_same_results() {
    let from_csv = ok(&["eval", SCHEME, "--data", DATA, "--format", "csv"]);
    let from_json =
        ok(&["eval", SCHEME, "--data", "policies/data/online-shop-cs.json", "--format", "csv"]);
    assert_eq!(from_csv, from_json);
    let header = from_csv.lines().next().unwrap();
    assert!(header.starts_with("scheme,period,employee,scope,rank,reverse_rank,ranked_count,composite,composite_rounded,grade"));
    assert!(header.ends_with(",service_attitude.points"), "{header}");
    assert_eq!(from_csv.lines().count(), 31, "a header and 30 employee-periods");
}

#[test]
fn eval_markdown() {
    insta::assert_snapshot!("eval_md", ok(&["eval", SCHEME, "--data", DATA, "--format", "md"]));
}

#[test]
fn eval_xlsx_needs_a_file_and_is_deterministic() {
    let output = merit(&["eval", SCHEME, "--data", DATA, "--format", "xlsx"]);
    assert_eq!(output.status.code(), Some(2));
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.xlsx"), dir.path().join("b.xlsx"));
    for path in [&a, &b] {
        ok(&["eval", SCHEME, "--data", DATA, "--format", "xlsx", "-o", path.to_str().unwrap()]);
    }
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    use calamine::Reader;
    let mut workbook = calamine::open_workbook_auto(&a).unwrap();
    assert_eq!(workbook.sheet_names(), ["Results", "Actions"]);
    let results = workbook.worksheet_range("Results").unwrap();
    assert_eq!(results.height(), 31);
    let actions = workbook.worksheet_range("Actions").unwrap();
    // 3 bonuses, 3 deductions, 6 improvement plans, 1 review, and the header.
    assert_eq!(actions.height(), 14);
}

#[test]
fn explain_the_last_place_agent() {
    let text = ok(&["explain", SCHEME, "--data", DATA, "--employee", "E07"]);
    assert!(text.contains("composite 39.27, grade D (Needs improvement), rank 10 of 10"), "{text}");
    assert!(text.contains("last in 2011-06, 2011-07, 2011-08"), "{text}");
    insta::assert_snapshot!("explain_e07", text);
}

#[test]
fn explain_a_tied_agent_in_a_given_period_as_json() {
    let text = ok(&["explain", SCHEME, "--data", DATA, "--employee", "E05", "--period", "2011-07"]);
    assert!(
        text.contains("composite 79.14, grade B (Good), rank 5 of 10, tied with E04"),
        "{text}"
    );
    let json = ok(&[
        "explain",
        SCHEME,
        "--data",
        DATA,
        "--employee",
        "E05",
        "--period",
        "2011-07",
        "--format",
        "json",
    ]);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["format_version"], 1);
    assert_eq!(value["tied_with"], serde_json::json!(["E04"]));
    assert_eq!(value["result"]["rank"], 5);
    assert_eq!(value["where_to_improve"].as_array().map(Vec::len), Some(3));
}

#[test]
fn explain_an_unknown_employee_or_period_exits_1() {
    let output = merit(&["explain", SCHEME, "--data", DATA, "--employee", "E99"]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(message.contains("explain::unknown-employee"), "{message}");
    assert!(message.contains("no employee `E99` in policies/data/online-shop-cs.csv"), "{message}");
    assert!(message.contains("did you mean E09?"), "{message}");
    assert_eq!(stdout(&output), "");
    let output =
        merit(&["explain", SCHEME, "--data", DATA, "--employee", "E01", "--period", "2011-09"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("the employee's periods are 2011-06, 2011-07, 2011-08"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_bad_cell_exits_1_and_leaves_no_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let sample = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(DATA)).unwrap();
    let bad = sample.replacen(
        "E05,Liu Yang,2011-07,cs_agent,39.7%",
        "E05,Liu Yang,2011-07,cs_agent,abc",
        1,
    );
    assert_ne!(bad, sample);
    let data = dir.path().join("bad.csv");
    std::fs::write(&data, bad).unwrap();
    let out = dir.path().join("out.json");
    let output = merit(&[
        "eval",
        SCHEME,
        "--data",
        data.to_str().unwrap(),
        "--format",
        "json",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    // miette wraps long messages: compare with the line breaks and gutters taken out.
    let message =
        stderr(&output).replace('│', " ").split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        message.contains("row 16, column `conversion` (employee E05, indicator conversion): `abc` is not a number"),
        "{message}"
    );
    assert!(!out.exists());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left either");
}

#[test]
fn an_unreadable_data_file_exits_2() {
    let output = merit(&["eval", SCHEME, "--data", "policies/data/no-such-file.csv"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("io::unreadable"), "{}", stderr(&output));
}

/// The sample data with its first `from` replaced by `to`, written to `dir`; its path.
fn edited_sample(dir: &Path, from: &str, to: &str) -> String {
    let sample = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(DATA))
        .expect("sample data");
    let edited = sample.replacen(from, to, 1);
    assert_ne!(edited, sample, "the edit applies");
    let data = dir.join("edited.csv");
    std::fs::write(&data, edited).expect("edited data written");
    data.to_str().expect("UTF-8 path").to_string()
}

/// Run `eval` on the sample data with one line replaced; returns (exit code, stderr with
/// miette's line breaks and gutters taken out).
fn eval_edited(from: &str, to: &str) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let data = edited_sample(dir.path(), from, to);
    let output = merit(&["eval", SCHEME, "--data", &data]);
    assert_eq!(stdout(&output), "", "no results on error");
    let message =
        stderr(&output).replace('│', " ").split_whitespace().collect::<Vec<_>>().join(" ");
    (output.status.code(), message)
}

#[test]
fn a_period_label_not_of_the_cycle_exits_1() {
    let (code, message) = eval_edited("E03,Li Na,2011-07,", "E03,Li Na,2011-7,");
    assert_eq!(code, Some(1));
    assert!(message.contains("eval::period-label"), "{message}");
    assert!(message.contains("2011-7"), "{message}");
}

#[test]
fn a_rating_outside_its_scale_exits_1() {
    // E01's ratings in 2011-06 end with 5,5,5,4,4,4; ability (the fourth) becomes 7.
    let (code, message) = eval_edited(
        "E01,Chen Jing,2011-06,cs_agent,46.7%,33,13.9%,64471.99,96.0%,87.6%,2.4%,157.91,1.1%,1.9%,0,98.6%,5,5,5,4,4,4",
        "E01,Chen Jing,2011-06,cs_agent,46.7%,33,13.9%,64471.99,96.0%,87.6%,2.4%,157.91,1.1%,1.9%,0,98.6%,5,5,5,7,4,4",
    );
    assert_eq!(code, Some(1));
    assert!(message.contains("eval::rating-outside-scale"), "{message}");
    assert!(
        message.contains("rating 7 of `ability` by `store_manager` for employee E01"),
        "{message}"
    );
}

#[test]
fn a_role_without_a_scheme_exits_1() {
    let (code, message) =
        eval_edited("E09,Zhou Tao,2011-08,cs_agent,", "E09,Zhou Tao,2011-08,warehouse,");
    assert_eq!(code, Some(1));
    assert!(
        message.contains("employee E09 has role `warehouse`, and no scheme given applies to it"),
        "{message}"
    );
}

#[test]
fn streamed_csv_is_the_rendered_evaluation_byte_for_byte() {
    // `--format csv` writes rows as the engine hands over each period; the library renders
    // them from a whole `Evaluation`. Both must give the same bytes, to stdout and to -o.
    let rendered = rendered_by_the_library(SCHEME, DATA);
    assert_eq!(ok(&["eval", SCHEME, "--data", DATA, "--format", "csv"]), rendered);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.csv");
    ok(&["eval", SCHEME, "--data", DATA, "--format", "csv", "-o", out.to_str().unwrap()]);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), rendered);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left");
}

#[test]
fn streamed_csv_keeps_the_values_that_actions_read() {
    // The CSV path keeps nodes' values after scoring only for schemes whose actions read
    // them (`compliance value < 100%`, `team_csat value < 70% for 2 consecutive cycles`):
    // those actions must fire exactly as in the library's full evaluation.
    let dir = tempfile::tempdir().unwrap();
    for (scheme, action) in [
        ("policies/voice-agent.merit", "Compliance review"),
        ("policies/team-lead.merit", "Director to review the team's service quality"),
    ] {
        let data = &generated(dir.path(), scheme, "300", "7");
        let rendered = rendered_by_the_library(scheme, data);
        assert!(rendered.contains(action), "{scheme}: the value action fires for someone");
        assert_eq!(ok(&["eval", scheme, "--data", data, "--format", "csv"]), rendered, "{scheme}");
    }
}

#[test]
fn a_big_csv_scored_as_it_is_read_gives_the_rendered_evaluation() {
    // Above 1 MiB a plain wide CSV is read in parallel chunks, and `--format csv` scores
    // each record there as soon as it is read, releasing its cells. The bytes must be those
    // of the library's evaluation of the loaded data. The live-chat policy's hooks run on
    // the reading threads, and its records keep their cells for its action's hook.
    let dir = tempfile::tempdir().unwrap();
    for (scheme, employees) in [
        ("policies/online-shop-cs.merit", "2600"),
        ("policies/voice-agent.merit", "4400"),
        ("policies/team-lead.merit", "4800"),
        ("policies/live-chat-agent.merit", "4000"),
    ] {
        let data = &generated(dir.path(), scheme, employees, "5");
        let size = std::fs::metadata(data).unwrap().len();
        assert!(size > 1 << 20, "{scheme}: {size} bytes, big enough to be read in chunks");
        let rendered = rendered_by_the_library(scheme, data);
        assert_eq!(ok(&["eval", scheme, "--data", data, "--format", "csv"]), rendered, "{scheme}");
    }
}

#[test]
fn a_period_written_in_several_batches_gives_the_rendered_evaluation() {
    // The CSV output formats a period's rows in batches of 8,192 a thread, then writes
    // each. On one thread, 9,000 employees in one period make two batches: the rows must
    // come out whole and in order, as the library renders them; and a disk that is full
    // at the first batch is reported, exit 2.
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("one-period.csv").display().to_string();
    let args = ["--employees", "9000", "--periods", "1", "--seed", "4", "-o", &data];
    ok(&[&["gen", SCHEME][..], &args].concat());
    let run = |stdout: std::process::Stdio| {
        Command::new(env!("CARGO_BIN_EXE_merit"))
            .args(["eval", SCHEME, "--data", &data, "--format", "csv"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("NO_COLOR", "1")
            .env("RAYON_NUM_THREADS", "1")
            .stdout(stdout)
            .output()
            .unwrap()
    };
    let output = run(std::process::Stdio::piped());
    assert_eq!(output.status.code(), Some(0), "stderr: {}", stderr(&output));
    assert_eq!(stdout(&output), rendered_by_the_library(SCHEME, &data));
    #[cfg(target_os = "linux")]
    {
        let output = run(std::fs::File::create("/dev/full").unwrap().into());
        assert_eq!(output.status.code(), Some(2), "stderr: {}", stderr(&output));
        assert!(stderr(&output).contains("No space left on device"), "{}", stderr(&output));
    }
}

#[test]
fn scores_stay_in_memory_when_no_temporary_file_can_be_made() {
    // The scores of a big CSV wait for the output in temporary files (`eval::spill`); when
    // the temporary directory cannot hold them, they stay in memory: the same bytes.
    let dir = tempfile::tempdir().unwrap();
    let data = &generated(dir.path(), SCHEME, "2600", "11");
    let rendered = rendered_by_the_library(SCHEME, data);
    let nowhere = dir.path().join("no-such-directory");
    let output = Command::new(env!("CARGO_BIN_EXE_merit"))
        .args(["eval", SCHEME, "--data", data, "--format", "csv"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("TMPDIR", &nowhere)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), rendered);
    assert_eq!(ok(&["eval", SCHEME, "--data", data, "--format", "csv"]), rendered);
}

#[test]
fn a_big_csv_with_records_that_cannot_be_routed_reports_what_the_general_path_does() {
    // `--format csv` of a big plain CSV routes each record as it is read and drops it; a
    // record it cannot route (period label not of the cycle, role without a scheme, no
    // ranking column), or an employee twice in a period, sends the file to the general
    // path: the messages are exactly those of `--format json`, which keeps every record. So
    // are those of a record that cannot be scored.
    let dir = tempfile::tempdir().unwrap();
    for (scheme, employees, from, to) in [
        ("policies/online-shop-cs.merit", "2600", ",2011-08,", ",2011-13,"),
        ("policies/online-shop-cs.merit", "2600", ",cs_agent,", ",cs_lead,"),
        ("policies/voice-agent.merit", "4400", ",S01,", ",,"),
    ] {
        let data = generated(dir.path(), scheme, employees, "9");
        let text = std::fs::read_to_string(&data).unwrap();
        let middle = text.len() / 2;
        let at = middle + text[middle..].find(from).unwrap_or_else(|| panic!("{scheme}: {from}"));
        let edited = format!("{}{to}{}", &text[..at], &text[at + from.len()..]);
        std::fs::write(&data, edited).unwrap();
        assert!(std::fs::metadata(&data).unwrap().len() > 1 << 20, "read in chunks");
        let run = |format: &str| merit(&["eval", scheme, "--data", &data, "--format", format]);
        let (csv, json) = (run("csv"), run("json"));
        assert_eq!(csv.status.code(), Some(1), "{scheme} {to}: {}", stderr(&csv));
        assert!(stdout(&csv).is_empty(), "{scheme} {to}: no rows");
        assert_eq!(stderr(&csv), stderr(&json), "{scheme} {to}");
    }
    // A record that routes but cannot be scored (a rating missing under `missing error`):
    // every record is taken, and the error is the general path's.
    let data = generated(dir.path(), SCHEME, "2600", "9");
    let text = std::fs::read_to_string(&data).unwrap();
    let start = text.len() / 2 + text[text.len() / 2..].find('\n').unwrap() + 1;
    let end = start + text[start..].find('\n').unwrap();
    let cut = start + text[start..end].rfind(',').unwrap() + 1;
    std::fs::write(&data, format!("{}{}", &text[..cut], &text[end..])).unwrap();
    let run = |format: &str| merit(&["eval", SCHEME, "--data", &data, "--format", format]);
    let (csv, json) = (run("csv"), run("json"));
    assert_eq!(csv.status.code(), Some(1));
    assert!(stderr(&csv).contains("service_attitude"), "{}", stderr(&csv));
    assert_eq!(stderr(&csv), stderr(&json));
    // Duplicates: the same row twice, far apart.
    let data = generated(dir.path(), SCHEME, "2600", "9");
    let text = std::fs::read_to_string(&data).unwrap();
    let row = text.lines().nth(100).unwrap();
    std::fs::write(&data, format!("{text}{row}\n")).unwrap();
    let run = |format: &str| merit(&["eval", SCHEME, "--data", &data, "--format", format]);
    let (csv, json) = (run("csv"), run("json"));
    assert_eq!(csv.status.code(), Some(1));
    assert!(stderr(&csv).contains("data::duplicate-row"), "{}", stderr(&csv));
    assert_eq!(stderr(&csv), stderr(&json));
}

#[test]
fn packed_scores_read_a_groups_points_as_the_full_evaluation_does() {
    // Without value actions, the CSV path keeps each score's points only as text
    // (`Scored::pack`), and a group's only when something reads it: here a tie-breaker and
    // an action on a group's points. Both must read what the full evaluation reads.
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string("policies/team-lead.merit").unwrap();
    let edited = original.replace(
        "when team_csat value < 70% for 2 consecutive cycles",
        "when leadership points < 60 for 2 consecutive cycles",
    );
    assert_ne!(edited, original, "the value action was replaced");
    let scheme = dir.path().join("team-lead.merit");
    std::fs::write(&scheme, &edited).unwrap();
    let scheme = scheme.to_str().unwrap();
    let data = &generated(dir.path(), scheme, "400", "5");
    let rendered = rendered_by_the_library(scheme, data);
    assert!(rendered.contains("Director to review"), "the group action fires for someone");
    assert_eq!(ok(&["eval", scheme, "--data", data, "--format", "csv"]), rendered);
}

#[test]
fn generated_data_of_every_policy_evaluates_cleanly() {
    // `merit gen` writes every column a scheme reads, hooks' inputs included
    // (`concurrent_chats` for the live-chat policy's scoring hook), in both layouts.
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data.csv");
    let data = data.to_str().unwrap();
    let mut policies: Vec<String> = std::fs::read_dir("policies")
        .unwrap()
        .map(|entry| entry.unwrap().path().display().to_string())
        .filter(|path| path.ends_with(".merit"))
        .collect();
    policies.sort();
    assert_eq!(policies.len(), 4, "{policies:?}");
    for scheme in &policies {
        for layout in [None, Some("--long")] {
            let mut args = vec!["gen", scheme, "--employees", "40", "--periods", "3", "-o", data];
            args.extend(layout);
            ok(&args);
            let rows = ok(&["eval", scheme, "--data", data, "--format", "csv"]);
            assert_eq!(rows.lines().count(), 1 + 40 * 3, "{scheme} {layout:?}");
        }
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_while_streaming_csv_exits_2() {
    let full = std::fs::File::create("/dev/full").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_merit"))
        .args(["eval", SCHEME, "--data", DATA, "--format", "csv"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "stderr: {}", stderr(&output));
    // The sample fits in the output buffer: the error comes when it is flushed.
    assert!(stderr(&output).contains("No space left on device"), "{}", stderr(&output));
}

#[test]
fn a_csv_output_file_that_cannot_be_created_exits_2() {
    let output =
        merit(&["eval", SCHEME, "--data", DATA, "--format", "csv", "-o", "no-such-dir/out.csv"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("cannot write no-such-dir/out.csv"), "{}", stderr(&output));
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    // `merit eval ... | head`: output far larger than a pipe's buffer, the reader gone.
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("big.csv");
    let generated = merit(&[
        "gen",
        SCHEME,
        "--employees",
        "3000",
        "--periods",
        "1",
        "--seed",
        "1",
        "-o",
        data.to_str().unwrap(),
    ]);
    assert_eq!(generated.status.code(), Some(0), "{}", stderr(&generated));
    for format in ["csv", "table"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_merit"))
            .args(["eval", SCHEME, "--data", data.to_str().unwrap(), "--format", format])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{format}: {}", stderr(&output));
    }
}

/// The largest exact decimal: data near it must give results or messages, never a crash.
const MOST: &str = "79228162514264337593543950335";

#[test]
fn an_order_amount_near_the_largest_decimal_scores_the_cap() {
    // E01's order amount in 2011-06 (a ratio rule, cap 120): 100 × amount overflows.
    let dir = tempfile::tempdir().expect("temporary folder");
    let data = edited_sample(
        dir.path(),
        "E01,Chen Jing,2011-06,cs_agent,46.7%,33,13.9%,64471.99,",
        &format!("E01,Chen Jing,2011-06,cs_agent,46.7%,33,13.9%,{MOST},"),
    );
    let csv = ok(&["eval", SCHEME, "--data", &data, "--format", "csv"]);
    let header: Vec<&str> = csv.lines().next().expect("a header").split(',').collect();
    let column = header.iter().position(|h| *h == "order_amount.points").expect("the column");
    let row = csv
        .lines()
        .find(|line| line.contains(",2011-06,E01,"))
        .expect("E01's row in 2011-06")
        .split(',')
        .collect::<Vec<_>>();
    assert_eq!(row[column], "120", "{csv}");
}

#[test]
fn a_duration_too_long_to_count_in_seconds_exits_1() {
    let (code, message) = eval_edited(
        "E01,Chen Jing,2011-06,cs_agent,46.7%,33,",
        &format!("E01,Chen Jing,2011-06,cs_agent,46.7%,{MOST}h,"),
    );
    assert_eq!(code, Some(1));
    assert!(message.contains("data::out-of-domain"), "{message}");
    assert!(message.contains("too long a duration to count in seconds"), "{message}");
    assert!(message.contains("(employee E01, indicator response_time)"), "{message}");
}

#[test]
fn points_beyond_an_exact_decimal_exit_1_naming_the_employee() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let scheme = std::fs::read_to_string(SCHEME).expect("the founding scheme");
    // The order-amount rule becomes a curve through anchors near ±10²⁸: its steps overflow.
    let huge = scheme.replacen(
        "score ratio target 60000 CNY cap 120",
        &format!("score curve {{\n      -{MOST} CNY => 0\n      {MOST} CNY => 100\n    }}"),
        1,
    );
    assert_ne!(huge, scheme);
    let path = dir.path().join("huge.merit");
    std::fs::write(&path, huge).expect("scheme written");
    let output = merit(&["eval", path.to_str().expect("UTF-8 path"), "--data", DATA]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let message =
        stderr(&output).replace('│', " ").split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(message.contains("eval::too-large"), "{message}");
    assert!(
        message.contains("the value 64471.99 of `order_amount` for employee E01 in period 2011-06 cannot be scored"),
        "{message}"
    );
}

#[test]
fn a_small_period_after_a_big_one_writes_only_its_own_rows() {
    // The CSV stream formats a period's rows in chunks of 4,096 into buffers it keeps for
    // the next period: a period of two chunks, then periods of one, must not write the
    // first period's second chunk again.
    let dir = tempfile::tempdir().unwrap();
    let scheme = "policies/online-shop-cs.merit";
    let full = generated(dir.path(), scheme, "5000", "3");
    let text = std::fs::read_to_string(&full).unwrap();
    let mut lines = text.lines();
    let mut kept = vec![lines.next().unwrap().to_string()];
    let mut per_period: Vec<(String, usize)> = Vec::new();
    for line in lines {
        let period = line.split(',').nth(1).unwrap().to_string();
        if per_period.last().is_none_or(|(p, _)| *p != period) {
            per_period.push((period, 0));
        }
        let first = per_period.len() == 1;
        let (_, count) = per_period.last_mut().unwrap();
        *count += 1;
        if first || *count <= 10 {
            kept.push(line.to_string());
        }
    }
    assert_eq!(per_period.len(), 4, "four periods, one after the other");
    let data = dir.path().join("uneven.csv");
    std::fs::write(&data, kept.join("\n") + "\n").unwrap();
    let data = data.to_str().unwrap();
    let rendered = rendered_by_the_library(scheme, data);
    assert_eq!(rendered.lines().count(), 1 + 5000 + 3 * 10);
    assert_eq!(ok(&["eval", scheme, "--data", data, "--format", "csv"]), rendered);
}
