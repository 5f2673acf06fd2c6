//! A test's `[[test.record]]` tables (over `[defaults]` and `[test.defaults]`) → the
//! in-memory [`Dataset`] the engine evaluates, every name checked against the scheme and
//! every value read in its indicator's unit.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::ast::Period;
use crate::eval::dataset::{Cell, Dataset, Origin, Record};
use crate::eval::period::PeriodLabel;

use super::context::Context;
use super::names::{one_of, suggest};
use super::spec::{Data, Entries, RecordSpec, TestCase, Text};
use super::values::{self, Kind};

/// Values, ratings and attributes read and checked, keyed as in a [`Record`].
#[derive(Debug, Clone, Default)]
pub struct Resolved {
    /// Measured values and hook inputs by data name.
    pub values: BTreeMap<String, Decimal>,
    /// Ratings by (indicator, rater).
    pub ratings: BTreeMap<(String, String), Decimal>,
    /// Text columns.
    pub attributes: BTreeMap<String, String>,
}

impl Resolved {
    /// `self` with `over`'s entries replacing its own.
    pub fn overlaid(&self, over: &Resolved) -> Resolved {
        let mut merged = self.clone();
        merged.values.extend(over.values.clone());
        merged.ratings.extend(over.ratings.clone());
        merged.attributes.extend(over.attributes.clone());
        merged
    }
}

/// Read a `[defaults]` or `[test.defaults]` table.
pub fn resolve_defaults(cx: &mut Context, data: Option<&Data>) -> Resolved {
    match data {
        Some(data) => resolve(cx, &data.values, &data.ratings, &data.attributes),
        None => Resolved::default(),
    }
}

fn resolve(
    cx: &mut Context,
    values: &Entries,
    ratings: &Entries,
    attributes: &BTreeMap<Text, Text>,
) -> Resolved {
    let mut out = Resolved::default();
    for (name, literal) in values {
        let Some(kind) = value_kind(cx, name) else { continue };
        match values::read(cx.file, literal, &kind) {
            Ok(value) => {
                out.values.insert(name.get_ref().clone(), value);
            }
            Err(err) => cx.error(
                err.code,
                literal.span(),
                format!("{}: {}", name.get_ref(), err.problem),
                "here",
                err.help,
            ),
        }
    }
    for (name, literal) in ratings {
        let Some(key) = rating_key(cx, name) else { continue };
        match values::read(cx.file, literal, &Kind::Number) {
            Ok(value) => {
                out.ratings.insert(key, value);
            }
            Err(err) => cx.error(
                err.code,
                literal.span(),
                format!("{}: {}", name.get_ref(), err.problem),
                "here",
                "write the rating as a number of the scale, such as `4`",
            ),
        }
    }
    for (name, text) in attributes {
        if cx.names.attributes.contains(name.get_ref()) {
            out.attributes.insert(name.get_ref().clone(), text.get_ref().clone());
        } else {
            let help = suggest(
                name.get_ref(),
                &cx.names.attributes,
                "the columns the scheme reads (ranking scope)",
            );
            cx.error(
                "test::unknown-attribute",
                name.span(),
                format!("the scheme reads no column `{}`", name.get_ref()),
                "unknown column",
                help,
            );
        }
    }
    out
}

/// The unit of a `values` entry, or an error naming what the key is instead.
fn value_kind(cx: &mut Context, name: &Text) -> Option<Kind> {
    let key = name.get_ref();
    if let Some(kind) = cx.names.values.get(key) {
        return Some(kind.clone());
    }
    if let Some(args) = cx.names.derived.get(key) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let help = format!("give the hook's inputs instead: {}", one_of(&args));
        cx.error(
            "test::derived-value",
            name.span(),
            format!("`{key}` is computed by a hook, not given"),
            "computed by a hook",
            help,
        );
    } else if cx.names.rated.contains_key(key) {
        let help = format!("move it to `ratings`: `{key}@rater = 4`");
        cx.error(
            "test::unknown-indicator",
            name.span(),
            format!("`{key}` is a rated indicator: it takes ratings, not a value"),
            "rated indicator",
            help,
        );
    } else {
        let help = suggest(
            key,
            cx.names.values.keys(),
            "the scheme's measured indicators and hook inputs",
        );
        cx.error(
            "test::unknown-indicator",
            name.span(),
            format!("the scheme has no indicator or hook input `{key}`"),
            "unknown indicator",
            help,
        );
    }
    None
}

/// `indicator@rater` (or `indicator` when one rater rates it) → (indicator, rater).
fn rating_key(cx: &mut Context, name: &Text) -> Option<(String, String)> {
    let key = name.get_ref();
    let (indicator, rater) = match key.split_once('@') {
        Some((indicator, rater)) => (indicator, Some(rater)),
        None => (key.as_str(), None),
    };
    let Some(raters) = cx.names.rated.get(indicator) else {
        let problem = if cx.names.values.contains_key(indicator) {
            format!("`{indicator}` is a measured indicator: give it in `values`")
        } else {
            format!("the scheme has no rated indicator `{indicator}`")
        };
        let help = suggest(indicator, cx.names.rated.keys(), "the scheme's rated indicators");
        cx.error("test::unknown-indicator", name.span(), problem, "unknown rated indicator", help);
        return None;
    };
    let raters_list: Vec<&str> = raters.iter().map(String::as_str).collect();
    match rater {
        Some(rater) if raters.iter().any(|r| r == rater) => Some((indicator.into(), rater.into())),
        Some(rater) => {
            let help = format!("`{indicator}` is rated by {}", one_of(&raters_list));
            cx.error(
                "test::unknown-rater",
                name.span(),
                format!("`{rater}` does not rate `{indicator}`"),
                "unknown rater",
                help,
            );
            None
        }
        None if raters.len() == 1 => Some((indicator.into(), raters[0].clone())),
        None => {
            let choices: Vec<String> = raters.iter().map(|r| format!("{indicator}@{r}")).collect();
            let choices: Vec<&str> = choices.iter().map(String::as_str).collect();
            let help = format!("name the rater: {}", one_of(&choices));
            cx.error(
                "test::unknown-rater",
                name.span(),
                format!("`{indicator}` has several raters"),
                "which rater?",
                help,
            );
            None
        }
    }
}

/// The dataset of one test: each record over the defaults, in each of its periods.
pub fn build(
    cx: &mut Context,
    test: &TestCase,
    defaults: &Resolved,
    cycle: Option<Period>,
) -> Dataset {
    let file_name: Arc<str> = Arc::from(cx.file.name.as_ref());
    let mut seen: HashSet<(String, String)> = HashSet::new();
    let mut records = Vec::new();
    for spec in &test.records {
        let spec = spec.get_ref();
        let own = resolve(cx, &spec.values, &spec.ratings, &spec.attributes);
        let mut data = defaults.overlaid(&own);
        leave_out(cx, &spec.missing, &own, &mut data);
        let employee = spec.employee.get_ref().trim().to_string();
        if employee.is_empty() {
            cx.error(
                "test::bad-value",
                spec.employee.span(),
                "the employee is empty",
                "empty",
                "give the employee an id such as `E1`",
            );
            continue;
        }
        let row = cx.line(spec.employee.span().start);
        for period in periods(cx, spec, test, cycle) {
            if !seen.insert((employee.clone(), period.get_ref().clone())) {
                let problem =
                    format!("employee {employee} has two records in period {}", period.get_ref());
                cx.error(
                    "test::duplicate-record",
                    period.span(),
                    problem,
                    "second record",
                    "keep one record per employee and period",
                );
                continue;
            }
            let origin = Origin { file: file_name.clone(), row };
            let cell = |value: &Decimal, _column: &str| Cell { value: *value, row };
            records.push(Record {
                employee: employee.clone(),
                period: period.get_ref().as_str().into(),
                role: cx.names.role.as_deref().map(Arc::from),
                attributes: data
                    .attributes
                    .iter()
                    .map(|(k, v)| (Arc::from(k.as_str()), Arc::from(v.as_str())))
                    .collect(),
                values: data
                    .values
                    .iter()
                    .map(|(k, v)| (Arc::from(k.as_str()), cell(v, k)))
                    .collect(),
                ratings: data
                    .ratings
                    .iter()
                    .map(|((i, r), v)| {
                        (
                            (Arc::from(i.as_str()), Arc::from(r.as_str())),
                            cell(v, &format!("{i}@{r}")),
                        )
                    })
                    .collect(),
                origin: origin.clone(),
            });
        }
    }
    if test.records.is_empty() {
        cx.error("test::no-records", test.name.span(), "the test has no `[[test.record]]`", "no data", "add the data of a few employees: `[[test.record]]` with `employee`, `values` and `ratings`");
    }
    Dataset { records }
}

/// Remove the `missing` names from a record's data; naming one the record itself gives,
/// or one the scheme does not read, is an error.
fn leave_out(cx: &mut Context, missing: &[Text], own: &Resolved, data: &mut Resolved) {
    for name in missing {
        let key = name.get_ref();
        if cx.names.values.contains_key(key) {
            if own.values.contains_key(key) {
                cx.error(
                    "test::bad-value",
                    name.span(),
                    format!("`{key}` is both given and missing"),
                    "given in this record",
                    "remove it from `values` or from `missing`",
                );
            }
            data.values.remove(key);
        } else if !cx.names.rated.contains_key(key.split('@').next().unwrap_or(key)) {
            let known: Vec<String> =
                cx.names.values.keys().chain(cx.names.rated.keys()).cloned().collect();
            let help = suggest(key, &known, "the scheme's indicators and hook inputs");
            cx.error(
                "test::unknown-indicator",
                name.span(),
                format!("the scheme reads no `{key}`"),
                "unknown indicator",
                help,
            );
        } else if let Some(rating) = rating_key(cx, name) {
            if own.ratings.contains_key(&rating) {
                cx.error(
                    "test::bad-value",
                    name.span(),
                    format!("`{key}` is both given and missing"),
                    "given in this record",
                    "remove it from `ratings` or from `missing`",
                );
            }
            data.ratings.remove(&rating);
        }
    }
}

/// The periods of a record, each checked against the scheme's cycle.
fn periods(
    cx: &mut Context,
    spec: &RecordSpec,
    test: &TestCase,
    cycle: Option<Period>,
) -> Vec<Text> {
    let labels: Vec<Text> = match (&spec.period, &spec.periods, &test.period) {
        (Some(_), Some(periods), _) => {
            cx.error(
                "test::bad-value",
                periods.span(),
                "a record gives both `period` and `periods`",
                "both given",
                "keep one of them",
            );
            return Vec::new();
        }
        (Some(period), None, _) => vec![period.clone()],
        (None, Some(periods), _) => periods.get_ref().clone(),
        (None, None, Some(period)) => vec![period.clone()],
        (None, None, None) => {
            let help =
                "add `period = \"2011-06\"` to the record, or to the test for all its records";
            cx.error(
                "test::no-period",
                spec.employee.span(),
                format!("the record of {} names no period", spec.employee.get_ref()),
                "which period?",
                help,
            );
            return Vec::new();
        }
    };
    labels.into_iter().filter(|label| check_period(cx, label, cycle)).collect()
}

/// Whether `label` is a period of the scheme's cycle; an error when not.
pub fn check_period(cx: &mut Context, label: &Text, cycle: Option<Period>) -> bool {
    let parsed = match cycle {
        Some(cycle) => PeriodLabel::parse(label.get_ref(), cycle),
        None => PeriodLabel::detect(label.get_ref())
            .ok_or_else(|| format!("`{}` is not a period label", label.get_ref())),
    };
    match parsed {
        Ok(_) => true,
        Err(problem) => {
            cx.error(
                "test::bad-period",
                label.span(),
                problem,
                "bad period",
                "write the period as the data files do: `2011-06`, `2011-Q3`, `2011` or `2011-W23`",
            );
            false
        }
    }
}
