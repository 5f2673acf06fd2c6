//! JSON data: an array of records (objects), in the wide or the long layout. Values are
//! numbers or strings (read by the indicator's unit, like a CSV cell); `null` or an absent
//! key is a missing value. Messages name the record (1-based) and the key.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::Arc;

use rust_decimal::Decimal;
use serde_json::Value;

use crate::diagnostic::Diagnostic;
use crate::eval::dataset::Dataset;
use crate::source::{SourceFile, Span};

use super::LoadOptions;
use super::assemble::Assembler;
use super::cell::RawCell;
use super::sink::{Row, Sink};

/// Read JSON `bytes` (named `name` in messages) for `schemes`.
pub(crate) fn read(
    name: &str,
    bytes: &[u8],
    schemes: &[&crate::ast::Scheme],
    options: &LoadOptions,
) -> Result<(Dataset, Vec<Diagnostic>), Vec<Diagnostic>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        let help =
            "write an array of records: `[{\"employee\": \"E01\", \"period\": \"2011-06\", ...}]`";
        return Err(vec![
            Diagnostic::error("data::empty-file", format!("{name} is empty")).with_help(help),
        ]);
    }
    let document: Value = match serde_json::from_slice(bytes) {
        Ok(document) => document,
        Err(err) => return Err(vec![bad_json(name, bytes, &err)]),
    };
    let Value::Array(items) = document else {
        let message = format!("{name} is not an array of records");
        let help = "the top level must be `[ {...}, {...} ]`, one object per record";
        return Err(vec![Diagnostic::error("data::bad-json", message).with_help(help)]);
    };
    if items.is_empty() {
        let help = "export at least one record";
        return Err(vec![
            Diagnostic::error("data::empty-file", format!("{name} holds no records"))
                .with_help(help),
        ]);
    }
    let mut asm = Assembler::new(schemes, Arc::from(name), Sink::new(name, "record", "key"));
    asm.percent_scale = options.percent_scale;
    let mut keys: Vec<&str> = Vec::new();
    let mut seen = BTreeSet::new();
    for item in &items {
        if let Value::Object(object) = item {
            for key in object.keys() {
                if seen.insert(key.as_str()) {
                    keys.push(key);
                }
            }
        }
    }
    let header = Header(&keys);
    let Some(plan) = asm.plan(&header, options.layout) else { return Err(asm.fail()) };
    for (index, item) in items.iter().enumerate() {
        let number = index + 1;
        let Value::Object(object) = item else {
            let message = format!("{name} record {number} is not an object");
            let help = "each record is an object such as `{\"employee\": \"E01\", \"period\": \"2011-06\"}`";
            asm.sink.push(Diagnostic::error("data::bad-json", message).with_help(help), None, None);
            continue;
        };
        let values: Vec<Option<&Value>> = keys.iter().map(|k| object.get(*k)).collect();
        asm.row(&plan, &JsonRow { number, values });
    }
    asm.finish()
}

/// The keys of all records, in order of first appearance, as a header row.
struct Header<'a>(&'a [&'a str]);

impl Row for Header<'_> {
    fn number(&self) -> usize {
        1
    }

    fn len(&self) -> usize {
        self.0.len()
    }

    fn cell(&self, column: usize) -> RawCell<'_> {
        self.0.get(column).map_or(RawCell::Empty, |k| RawCell::Text(Cow::Borrowed(*k)))
    }
}

struct JsonRow<'a> {
    number: usize,
    values: Vec<Option<&'a Value>>,
}

impl Row for JsonRow<'_> {
    fn number(&self) -> usize {
        self.number
    }

    fn len(&self) -> usize {
        self.values.len()
    }

    fn cell(&self, column: usize) -> RawCell<'_> {
        match self.values.get(column).copied().flatten() {
            None | Some(Value::Null) => RawCell::Empty,
            Some(Value::String(text)) => RawCell::Text(Cow::Borrowed(text)),
            Some(Value::Number(number)) => {
                let text = number.to_string();
                if text.contains(['e', 'E']) {
                    match Decimal::from_scientific(&text) {
                        Ok(value) => RawCell::Text(Cow::Owned(value.normalize().to_string())),
                        Err(_) => RawCell::Other(text),
                    }
                } else {
                    RawCell::Text(Cow::Owned(text))
                }
            }
            Some(other) => RawCell::Other(other.to_string()),
        }
    }
}

fn bad_json(name: &str, bytes: &[u8], err: &serde_json::Error) -> Diagnostic {
    let diagnostic =
        Diagnostic::error("data::bad-json", format!("{name} is not valid JSON: {err}"))
            .with_help("fix the JSON syntax; the file must be an array of records");
    let Ok(text) = std::str::from_utf8(bytes) else { return diagnostic };
    let line_start: usize =
        text.split_inclusive('\n').take(err.line().saturating_sub(1)).map(str::len).sum();
    let offset = (line_start + err.column().saturating_sub(1)).min(text.len());
    let file = SourceFile::new(name, text);
    diagnostic.at(&file, Span::new(offset, offset)).with_label("here")
}
