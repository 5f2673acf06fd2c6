//! SARIF 2.1.0 output of diagnostics, for code-scanning tools: one run, rule metadata for
//! every code merit knows (see [`crate::codes`]), one result per diagnostic with its region.

use serde_json::{Value, json};

use crate::codes;
use crate::diagnostic::{Diagnostic, Severity};

/// The SARIF schema this output follows.
pub const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// SARIF `level` for a severity.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Advice => "note",
    }
}

/// Render diagnostics as a SARIF 2.1.0 log (pretty JSON, deterministic).
pub fn render(diagnostics: &[Diagnostic]) -> String {
    let rules: Vec<Value> = codes::all()
        .map(|info| {
            json!({
                "id": info.code,
                "name": info.code.replace("::", "/"),
                "shortDescription": { "text": info.summary },
                "fullDescription": { "text": info.summary },
                "help": { "text": info.help },
                "defaultConfiguration": { "level": level(info.severity) },
                "properties": { "family": info.family() },
            })
        })
        .collect();
    let results: Vec<Value> = diagnostics.iter().map(result).collect();
    let log = json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "merit",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://github.com/merit-lang/merit",
                    "rules": rules,
                }
            },
            "results": results,
            "columnKind": "unicodeCodePoints",
        }]
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

fn result(diagnostic: &Diagnostic) -> Value {
    let mut message = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let mut result = json!({
        "ruleId": diagnostic.code,
        "level": level(diagnostic.severity),
        "message": { "text": message },
    });
    if let Some(index) = codes::index_of(&diagnostic.code) {
        result["ruleIndex"] = json!(index);
    }
    if let Some(file) = &diagnostic.file {
        let mut physical = json!({ "artifactLocation": { "uri": uri(&file.name) } });
        if let Some(span) = diagnostic.span {
            let (start_line, start_column) = file.line_col(span.start);
            let (end_line, end_column) = file.line_col(span.end.max(span.start + 1));
            physical["region"] = json!({
                "startLine": start_line,
                "startColumn": start_column,
                "endLine": end_line,
                "endColumn": end_column.max(if end_line == start_line { start_column + 1 } else { 1 }),
            });
        }
        result["locations"] = json!([{ "physicalLocation": physical }]);
    }
    result
}

/// A relative URI for a path as the user gave it (forward slashes, spaces escaped).
fn uri(path: &str) -> String {
    path.replace('\\', "/").replace(' ', "%20")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{SourceFile, Span};

    #[test]
    fn result_has_rule_level_and_region() {
        let file = SourceFile::new("policies/a b.merit", "scheme \"x\"\nversion 1\n");
        let diagnostic = Diagnostic::error("syntax::unexpected", "expected a string")
            .at(&file, Span::new(19, 20))
            .with_help("quote it");
        let log: Value = serde_json::from_str(&render(&[diagnostic])).expect("valid JSON");
        let result = &log["runs"][0]["results"][0];
        assert_eq!(result["ruleId"], "syntax::unexpected");
        assert_eq!(result["level"], "error");
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], "policies/a%20b.merit");
        assert_eq!(location["region"]["startLine"], 2);
        assert_eq!(location["region"]["startColumn"], 9);
        assert_eq!(location["region"]["endColumn"], 10);
    }
}
