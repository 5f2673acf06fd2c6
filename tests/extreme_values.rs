//! Numbers at the edges of an exact decimal (±79228162514264337593543950335, 10⁻²⁸, durations
//! of that many days, grouped digits) in any column of any policy's data: the evaluation
//! gives results or diagnostics, never a panic. Every column of every policy is tried with
//! every edge value, one cell at a time (so that no other error stops the data loading
//! before the value is scored).

use std::path::Path;

use merit::eval::load::{LoadOptions, load_bytes};
use merit::eval::{EvalOptions, evaluate};
use merit::generate::{GenOptions, generate};
use merit::hooks::HookRuntime;
use merit::{SourceFile, syntax};

const POLICIES: [&str; 4] = ["online-shop-cs", "live-chat-agent", "team-lead", "voice-agent"];

const MOST: &str = "79228162514264337593543950335";

/// Cell texts at the edges, and ordinary ones between them.
fn edge_values() -> Vec<String> {
    let mut values: Vec<String> = [
        "0.0000000000000000000000000001",
        "0",
        "-0",
        "-1",
        "1e28",
        "100.0000000000000000000000001",
        "99999999999999999999999999:00:00",
        "3.5",
    ]
    .map(String::from)
    .to_vec();
    for suffix in ["", "%", "s", "m", "h", "d", " CNY"] {
        values.push(format!("{MOST}{suffix}"));
        values.push(format!("-{MOST}{suffix}"));
    }
    values.push(format!("¥{MOST}"));
    values
}

#[test]
fn edge_numbers_in_any_column_never_crash_an_evaluation() {
    let values = edge_values();
    let mut outcomes = [0usize; 3]; // evaluated, refused by the evaluation, refused by the loader
    for name in POLICIES {
        let path = format!("policies/{name}.merit");
        let text = std::fs::read_to_string(&path).expect("the policy reads");
        let file = SourceFile::new(path.as_str(), text);
        let scheme = syntax::parse(&file).expect("the policy parses").scheme;
        let hooks = HookRuntime::load(&scheme, &file, Path::new(&path)).expect("its hooks load");
        let mut csv = Vec::new();
        let options = GenOptions { employees: 4, periods: 2, seed: 3, long: false };
        generate(&scheme, &options, &mut csv).expect("data generated");
        let csv = String::from_utf8(csv).expect("UTF-8");
        let lines: Vec<Vec<&str>> = csv.lines().map(|l| l.split(',').collect()).collect();
        let header = &lines[0];
        // Every column but employee, period and role, in the first data row.
        for column in 3..header.len() {
            for value in &values {
                let mut edited = lines.clone();
                edited[1][column] = value;
                let data: String = edited.iter().map(|l| l.join(",") + "\n").collect();
                let context = format!("{name}, column `{}` = {value}", header[column]);
                let schemes = [&scheme];
                match load_bytes("edges.csv", data.as_bytes(), &schemes, &LoadOptions::default()) {
                    Ok((loaded, _)) => {
                        let options = EvalOptions { hooks: Some(&hooks), ..Default::default() };
                        match evaluate(&schemes, &loaded, &options) {
                            Ok(evaluation) => {
                                merit::report::csv::render(&evaluation);
                                outcomes[0] += 1;
                            }
                            Err(errors) => {
                                assert!(errors.iter().all(|d| !d.code.is_empty()), "{context}");
                                outcomes[1] += 1;
                            }
                        }
                    }
                    Err(errors) => {
                        assert!(errors.iter().all(|d| !d.code.is_empty()), "{context}");
                        outcomes[2] += 1;
                    }
                }
            }
        }
    }
    // Each way out is taken: the edges reach the scoring, not only the loader's checks.
    assert!(outcomes.iter().all(|&n| n > 0), "{outcomes:?}");
}
