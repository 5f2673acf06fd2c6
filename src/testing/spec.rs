//! The test-file format (`<scheme>.test.toml`) as serde types, exactly as written: every
//! table rejects unknown keys and every value keeps its span, so that the checks made later
//! against the scheme can point at the line. `docs/testing.md` is the user's guide.
//!
//! Values that stand for numbers (`values`, `ratings`, `composite`, `bonus`, ...) are kept
//! as raw TOML values: integers and floats are read back from the source text as exact
//! decimals (never through `f64`), strings in the data files' notation (`"35%"`, `"25s"`).

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::source::{SourceFile, Span};

/// A string with where it was written.
pub type Text = toml::Spanned<String>;

/// A number-like value (integer, float or string) with where it was written.
pub type Literal = toml::Spanned<toml::Value>;

/// `name = value` entries of a `values` or `ratings` table.
pub type Entries = BTreeMap<Text, Literal>;

/// A whole test file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestFile {
    /// `scheme = "online-shop-cs.merit"`: the scheme under test, relative to the test file;
    /// by default the `.merit` file of the same name.
    pub scheme: Option<Text>,
    /// `[defaults]`: data every record of every test starts from.
    pub defaults: Option<toml::Spanned<Data>>,
    /// `[[test]]` tables.
    #[serde(default, rename = "test")]
    pub tests: Vec<toml::Spanned<TestCase>>,
}

/// Data shared by several records: `[defaults]` and `[test.defaults]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Data {
    /// Measured values and hook inputs by data name.
    #[serde(default)]
    pub values: Entries,
    /// Ratings by `indicator@rater` (or `indicator` when one rater rates it).
    #[serde(default)]
    pub ratings: Entries,
    /// Text columns such as the ranking scope (`site = "Lisbon"`).
    #[serde(default)]
    pub attributes: BTreeMap<Text, Text>,
}

/// One `[[test]]`: a few employees' data and what the scheme must make of it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestCase {
    /// What the test shows, unique in the file.
    pub name: Text,
    /// The period of records and expectations that name none.
    pub period: Option<Text>,
    /// The notice date due dates count from (a TOML date or a `"YYYY-MM-DD"` string).
    pub notice_date: Option<Literal>,
    /// `[test.defaults]`: data every record of this test starts from (over `[defaults]`).
    pub defaults: Option<toml::Spanned<Data>>,
    /// `[[test.record]]`: one employee in one or more periods.
    #[serde(default, rename = "record")]
    pub records: Vec<toml::Spanned<RecordSpec>>,
    /// `[[test.expect]]`: what must come out for one employee in one period.
    #[serde(default, rename = "expect")]
    pub expectations: Vec<toml::Spanned<Expectation>>,
}

/// One `[[test.record]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordSpec {
    /// Employee identifier.
    pub employee: Text,
    /// The period; by default the test's.
    pub period: Option<Text>,
    /// Several periods with the same data (e.g. three months running).
    pub periods: Option<toml::Spanned<Vec<Text>>>,
    /// Measured values and hook inputs, over the defaults.
    #[serde(default)]
    pub values: Entries,
    /// Ratings, over the defaults.
    #[serde(default)]
    pub ratings: Entries,
    /// Text columns, over the defaults.
    #[serde(default)]
    pub attributes: BTreeMap<Text, Text>,
    /// Data names the defaults give that this record leaves out (a missing value).
    #[serde(default)]
    pub missing: Vec<Text>,
}

/// One `[[test.expect]]`: every key given is compared; keys left out are not.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    /// The employee, who must have a record in the test.
    pub employee: Text,
    /// The period; by default the test's, or the only period of the test's records.
    pub period: Option<Text>,
    /// The composite at the scheme's precision (`"87.25"` or `87.25`).
    pub composite: Option<Literal>,
    /// The grade's identifier.
    pub grade: Option<Text>,
    /// The competition rank.
    pub rank: Option<toml::Spanned<u32>>,
    /// Exactly the actions that fire, in any order (`[]`: none).
    pub actions: Option<toml::Spanned<Vec<Text>>>,
    /// Sum of bonus amounts (`100`, `"100 CNY"`); 0 when no bonus fires.
    pub bonus: Option<Literal>,
    /// Sum of deduction amounts; 0 when no deduction fires.
    pub deduction: Option<Literal>,
    /// Exactly the critical indicators whose gate failed (`[]`: none).
    pub failed_gates: Option<toml::Spanned<Vec<Text>>>,
    /// Points of indicators or groups, at the scheme's precision.
    pub points: Option<Entries>,
    /// The due date of the improvement plan(s) that fire.
    pub due: Option<Literal>,
}

impl Expectation {
    /// True when no key but `employee` and `period` is given.
    pub fn compares_nothing(&self) -> bool {
        self.composite.is_none()
            && self.grade.is_none()
            && self.rank.is_none()
            && self.actions.is_none()
            && self.bonus.is_none()
            && self.deduction.is_none()
            && self.failed_gates.is_none()
            && self.points.is_none()
            && self.due.is_none()
    }
}

/// Parse a test file. A TOML syntax error, a value of the wrong type or an unknown key is
/// one diagnostic pointing at the place, naming the test it is in when that can be told.
pub fn parse(file: &SourceFile) -> Result<TestFile, Diagnostic> {
    toml::from_str::<TestFile>(&file.text).map_err(|err| toml_error(file, &err))
}

/// The span of a TOML value, as merit's span type.
pub fn span_of<T>(spanned: &toml::Spanned<T>) -> Span {
    let range = spanned.span();
    Span::new(range.start, range.end)
}

fn toml_error(file: &SourceFile, err: &toml::de::Error) -> Diagnostic {
    let message = err.message().trim_end();
    let unknown = message.starts_with("unknown field");
    let code = if unknown { "test::unknown-key" } else { "test::bad-toml" };
    let span = err.span().map(|r| Span::new(r.start, r.end));
    let place = span.map(|s| enclosing_test(file, s.start)).unwrap_or_default();
    let diagnostic = Diagnostic::error(code, format!("{}{place}: {message}", file.name));
    let help = if unknown {
        "remove the key or correct its spelling; docs/testing.md lists the keys of each table"
    } else {
        "fix the TOML here; docs/testing.md shows the test-file format"
    };
    let label = if unknown { "unknown key" } else { "here" };
    match span {
        Some(span) => diagnostic.at(file, span).with_label(label).with_help(help),
        None => diagnostic.in_file(file).with_help(help),
    }
}

/// ` (test "name")` for the `[[test]]` table that holds `offset`, read leniently from the
/// text itself (the strict parse has just failed).
fn enclosing_test(file: &SourceFile, offset: usize) -> String {
    #[derive(Deserialize)]
    struct Loose {
        #[serde(default)]
        test: Vec<toml::Spanned<LooseTest>>,
    }
    #[derive(Deserialize)]
    struct LooseTest {
        name: Option<Text>,
    }
    let Ok(loose) = toml::from_str::<Loose>(&file.text) else { return String::new() };
    let mut found = None;
    for test in &loose.test {
        let name = test.get_ref().name.as_ref();
        let start = test.span().start.min(name.map_or(usize::MAX, |n| n.span().start));
        if start <= offset {
            found = name.map(|n| n.get_ref().clone());
        }
    }
    found.map(|name| format!(" (test \"{name}\")")).unwrap_or_default()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<TestFile, Diagnostic> {
        parse(&SourceFile::new("cs.test.toml", text))
    }

    #[test]
    fn reads_tests_records_and_expectations() {
        let text = r#"
scheme = "cs.merit"
[defaults]
values = { conversion = 40 }

[[test]]
name = "bonus"
period = "2011-06"

[[test.record]]
employee = "E1"
values = { churn = "12%" }
ratings = { "task_completion@self" = 4 }

[[test.expect]]
employee = "E1"
composite = "87.25"
actions = ["monthly_bonus"]
"#;
        let file = parse_text(text).unwrap();
        assert_eq!(file.scheme.unwrap().into_inner(), "cs.merit");
        let test = file.tests[0].get_ref();
        assert_eq!(test.name.get_ref(), "bonus");
        assert_eq!(test.records[0].get_ref().values.len(), 1);
        assert_eq!(test.expectations[0].get_ref().actions.as_ref().unwrap().get_ref().len(), 1);
        let composite = test.expectations[0].get_ref().composite.as_ref().unwrap();
        assert_eq!(&text[composite.span()], "\"87.25\"");
    }

    #[test]
    fn unknown_key_names_the_test_and_the_key() {
        let text = "[[test]]\nname = \"first\"\n\n[[test]]\nname = \"second\"\n[[test.expect]]\nemployee = \"E1\"\ncomposit = 3\n";
        let err = parse_text(text).unwrap_err();
        assert_eq!(err.code, "test::unknown-key");
        assert!(err.message.contains("cs.test.toml (test \"second\")"), "{}", err.message);
        assert!(err.message.contains("composit"), "{}", err.message);
        assert_eq!(err.line_col(), Some((8, 1)));
    }

    #[test]
    fn malformed_toml_points_at_the_line() {
        let err = parse_text("[[test]]\nname = \"x\"\nrank = = 3\n").unwrap_err();
        assert_eq!(err.code, "test::bad-toml");
        assert_eq!(err.line_col().map(|(line, _)| line), Some(3));
    }

    #[test]
    fn wrong_type_is_reported_at_the_value() {
        let err = parse_text(
            "[[test]]\nname = \"x\"\n[[test.expect]]\nemployee = \"E1\"\nrank = \"first\"\n",
        )
        .unwrap_err();
        assert_eq!(err.code, "test::bad-toml");
        assert_eq!(err.line_col().map(|(line, _)| line), Some(5));
        assert!(err.message.contains("(test \"x\")"), "{}", err.message);
    }
}
