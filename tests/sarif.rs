//! The machine renderings of `merit check` for one scheme with findings of several families
//! (tests/fixtures/findings/scheme.merit): SARIF 2.1.0 valid against the official schema
//! (tests/schemas/sarif-schema-2.1.0.json, JSON Schema draft-04), and snapshots of the
//! `json`, `sarif` and `github` outputs.

use std::process::{Command, Output};

use serde_json::Value;

const SCHEME: &str = "tests/fixtures/findings/scheme.merit";

fn check(format: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_merit"))
        .args(["check", "--format", format, SCHEME])
        .env("NO_COLOR", "1")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("merit runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

fn sarif() -> Value {
    let output = check("sarif");
    // Two errors among the findings: exit 1, and the summary on stderr only.
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "2 errors, 3 warnings in 1 file\n");
    serde_json::from_str(&stdout(&output)).expect("SARIF is JSON")
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let schema_text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/schemas/sarif-schema-2.1.0.json"),
    )
    .expect("schema present");
    let schema: Value = serde_json::from_str(&schema_text).expect("schema is JSON");
    let validator = jsonschema::draft4::new(&schema).expect("a valid draft-04 schema");
    let log = sarif();
    let errors: Vec<String> =
        validator.iter_errors(&log).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "SARIF output is not valid:\n{}", errors.join("\n"));
    // The validator does reject what the schema forbids.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!validator.is_valid(&broken));
}

#[test]
fn every_code_is_a_rule_and_results_point_at_their_rule() {
    let log = sarif();
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let ids: Vec<&str> = rules.iter().filter_map(|r| r["id"].as_str()).collect();
    let registry: Vec<&str> = merit::codes::all().map(|info| info.code).collect();
    assert_eq!(ids, registry);
    for result in run["results"].as_array().expect("results") {
        let index = result["ruleIndex"].as_u64().expect("a rule index") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
}

#[test]
fn sarif_results_snapshot() {
    // The rules are the whole registry and each ruleIndex points at its rule (checked
    // above); the snapshot holds the results without the index, which moves as codes are
    // added to the registry.
    let mut log = sarif();
    let mut results = log["runs"][0]["results"].take();
    for result in results.as_array_mut().expect("results") {
        result.as_object_mut().expect("an object").remove("ruleIndex");
    }
    let results = serde_json::to_string_pretty(&results).expect("JSON");
    insta::assert_snapshot!(results);
}

#[test]
fn json_snapshot() {
    let output = check("json");
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&output));
}

#[test]
fn github_snapshot() {
    let output = check("github");
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&output));
}
