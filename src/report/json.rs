//! The JSON output of `merit eval`: the [`Evaluation`] as pretty JSON, documented in
//! `docs/output.md` and versioned by its `format_version` field. Decimals are strings, field
//! order is fixed and every list is sorted, so the same input always gives the same bytes.

use crate::eval::result::Evaluation;

/// The evaluation as pretty JSON with a final newline.
pub fn render(evaluation: &Evaluation) -> Result<String, serde_json::Error> {
    let mut text = serde_json::to_string_pretty(evaluation)?;
    text.push('\n');
    Ok(text)
}
