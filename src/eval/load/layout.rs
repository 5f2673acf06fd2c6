//! The header of a data file → its layout and a plan that maps each column once, before
//! any row is read: wide (a column per indicator, `indicator@rater` for ratings) or long
//! (`employee, period, indicator, value[, rater]`).

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::diagnostic::Diagnostic;

use super::Layout;
use super::expect::{Column, Expected, Key, near_matches, one_of};
use super::sink::{Row, Sink};
use super::slots::CellOrder;

/// Text columns kept as attributes without a warning, besides the schemes' ranking scopes.
const KNOWN_ATTRIBUTES: &[&str] = &["name", "team"];

/// Columns every layout may hold: who, when, which scheme.
#[derive(Debug, Clone)]
pub(crate) struct KeyColumns {
    /// The `employee` column.
    pub employee: usize,
    /// The `period` column.
    pub period: usize,
    /// The `role` column, when there is one.
    pub role: Option<usize>,
    /// Other text columns kept as attributes (`team`, `name`, ...).
    pub attributes: Vec<(usize, Arc<str>)>,
}

/// A wide-layout column that holds values.
#[derive(Debug, Clone)]
pub(crate) struct WideColumn {
    /// 0-based index in the row.
    pub index: usize,
    /// The header's name.
    pub name: Arc<str>,
    /// Per scheme (same order as the schemes given): what the column feeds, if anything.
    pub targets: Vec<Option<Arc<Column>>>,
}

/// How rows of a file are read.
#[derive(Debug, Clone)]
pub(crate) enum Plan {
    /// One row per employee and period.
    Wide {
        /// Who, when, which scheme.
        keys: KeyColumns,
        /// The value columns.
        values: Vec<WideColumn>,
        /// Per scheme: the columns it reads in the order of a record's maps.
        cells: Vec<CellOrder>,
    },
    /// One row per employee, period, indicator and rater.
    Long {
        /// Who, when, which scheme.
        keys: KeyColumns,
        /// The `indicator` column.
        indicator: usize,
        /// The `value` column.
        value: usize,
        /// The `rater` column.
        rater: Option<usize>,
    },
}

impl Plan {
    /// This plan with names of its own: every record clones the names of its cells, and a
    /// name shared by the threads reading a file in parallel would have its count bounced
    /// between their caches on every clone (a quarter of the time spent building records).
    /// Each chunk reads with its own copy.
    pub(crate) fn with_own_names(&self) -> Plan {
        let mut plan = self.clone();
        if let Plan::Wide { values, .. } = &mut plan {
            for column in values {
                for target in column.targets.iter_mut().flatten() {
                    let key = match &target.key {
                        Key::Value(name) => Key::Value(Arc::from(&**name)),
                        Key::Rating(indicator, rater) => {
                            Key::Rating(Arc::from(&**indicator), Arc::from(&**rater))
                        }
                    };
                    *target = Arc::new(Column { key, ..Column::clone(target) });
                }
            }
        }
        plan
    }
}

fn reserved(name: &str) -> Option<&'static str> {
    ["employee", "period", "role", "indicator", "value", "rater"]
        .into_iter()
        .find(|r| name.eq_ignore_ascii_case(r))
}

/// Read the header row and plan the columns; header problems go to `sink`.
pub(crate) fn plan(
    header: &dyn Row,
    schemes: &[Expected],
    layout: Option<Layout>,
    sink: &mut Sink,
) -> Option<Plan> {
    let names: Vec<String> = (0..header.len()).map(|i| header.cell(i).shown()).collect();
    let find = |wanted: &str| names.iter().position(|n| reserved(n) == Some(wanted));
    let long_columns = (find("indicator"), find("value"));
    let layout = layout.unwrap_or(match long_columns {
        (Some(_), Some(_)) => Layout::Long,
        _ => Layout::Wide,
    });
    let mut required = vec!["employee", "period"];
    if layout == Layout::Long {
        required.extend(["indicator", "value"]);
    }
    let mut ok = true;
    for wanted in &required {
        if find(wanted).is_none() {
            ok = false;
            missing_key_column(header, wanted, &names, layout, sink);
        }
    }
    let mut seen = BTreeSet::new();
    for (index, name) in names.iter().enumerate() {
        if !name.is_empty() && !seen.insert(name.to_lowercase()) {
            ok = false;
            let message =
                format!("{}: the {} `{name}` appears twice", sink.label, sink.column_word);
            let help = "keep one column per name: merge or rename the other";
            sink.push(
                Diagnostic::error("data::duplicate-column", message).with_help(help),
                Some(header),
                Some(index),
            );
        }
    }
    let (Some(employee), Some(period), true) = (find("employee"), find("period"), ok) else {
        return None;
    };
    let role = find("role");
    let mut keys = KeyColumns { employee, period, role, attributes: Vec::new() };
    let claimed = move |i: usize| [Some(employee), Some(period), role].contains(&Some(i));
    match layout {
        Layout::Long => {
            let (Some(indicator), Some(value)) = long_columns else { return None };
            let rater = find("rater");
            let used = [Some(indicator), Some(value), rater];
            for (index, name) in names.iter().enumerate() {
                if !claimed(index) && !used.contains(&Some(index)) {
                    attribute(header, index, name, Layout::Long, schemes, sink, &mut keys);
                }
            }
            Some(Plan::Long { keys, indicator, value, rater })
        }
        Layout::Wide => {
            let mut values = Vec::new();
            for (index, name) in names.iter().enumerate() {
                if claimed(index) {
                    continue;
                }
                let targets: Vec<Option<Arc<Column>>> =
                    schemes.iter().map(|s| s.columns.get(name).cloned()).collect();
                if targets.iter().any(Option::is_some) {
                    values.push(WideColumn { index, name: Arc::from(name.as_str()), targets });
                } else if let Some(scheme) = schemes.iter().find(|s| s.derived.contains(name)) {
                    derived_column(header, index, name, scheme, sink);
                } else {
                    attribute(header, index, name, Layout::Wide, schemes, sink, &mut keys);
                }
            }
            let cells = (0..schemes.len()).map(|scheme| CellOrder::new(&values, scheme)).collect();
            Some(Plan::Wide { keys, values, cells })
        }
    }
}

fn missing_key_column(
    header: &dyn Row,
    wanted: &str,
    names: &[String],
    layout: Layout,
    sink: &mut Sink,
) {
    let layout_word = if layout == Layout::Long { "long" } else { "wide" };
    let message = format!("{} has no `{wanted}` column ({layout_word} layout)", sink.label);
    let near = near_matches(wanted, names.iter().map(String::as_str));
    let help = if near.is_empty() {
        "the header needs `employee` and `period`; the long layout also needs `indicator` and `value`, the wide layout a column per indicator (see docs/data.md)".to_string()
    } else {
        format!("rename {} to `{wanted}`", one_of(&near))
    };
    sink.push(
        Diagnostic::error("data::missing-key-column", message).with_help(help),
        Some(header),
        None,
    );
}

fn derived_column(header: &dyn Row, index: usize, name: &str, scheme: &Expected, sink: &mut Sink) {
    let message = format!(
        "{}: the {} `{name}` is ignored: scheme \"{}\" computes indicator {name} with a hook",
        sink.label, sink.column_word, scheme.scheme.name.node
    );
    let help = "remove the column, or give the hook's input columns instead";
    sink.push(
        Diagnostic::warning("data::derived-column", message).with_help(help),
        Some(header),
        Some(index),
    );
}

/// A column that feeds no indicator: kept as a text attribute, with a warning unless it is
/// a known attribute (`name`, `team`, a ranking scope).
fn attribute(
    header: &dyn Row,
    index: usize,
    name: &str,
    layout: Layout,
    schemes: &[Expected],
    sink: &mut Sink,
    keys: &mut KeyColumns,
) {
    if name.is_empty() {
        let message = format!("{}: column {} has no name and is ignored", sink.label, index + 1);
        let help = "give the column a name in the header, or delete it";
        sink.push(
            Diagnostic::warning("data::unnamed-column", message).with_help(help),
            Some(header),
            Some(index),
        );
        return;
    }
    keys.attributes.push((index, Arc::from(name)));
    let known =
        KNOWN_ATTRIBUTES.contains(&name) || schemes.iter().any(|s| s.attributes.contains(name));
    if known {
        return;
    }
    let (candidates, message, usual): (Vec<&str>, String, &str) = match layout {
        Layout::Wide => (
            schemes
                .iter()
                .flat_map(|s| s.columns.keys().chain(&s.attributes).map(String::as_str))
                .chain(KNOWN_ATTRIBUTES.iter().copied())
                .chain(["employee", "period", "role"])
                .collect(),
            format!(
                "{}: the {} `{name}` matches no indicator of the scheme; it is kept as a text attribute",
                sink.label, sink.column_word
            ),
            "name value columns by indicator id (`conversion`), ratings `indicator@rater` (`report_quality@store_manager`); remove the column if it is not needed",
        ),
        Layout::Long => (
            vec!["employee", "period", "role", "indicator", "value", "rater"],
            format!(
                "{}: the {} `{name}` is not a column of the long layout; it is kept as a text attribute",
                sink.label, sink.column_word
            ),
            "the long layout reads `employee`, `period`, `indicator`, `value` and optionally `rater` and `role`; remove the column if it is not needed",
        ),
    };
    let near = near_matches(name, candidates.iter().copied());
    let help = if near.is_empty() {
        usual.to_string()
    } else {
        format!("did you mean {}?", one_of(&near))
    };
    sink.push(
        Diagnostic::warning("data::unknown-column", message).with_help(help),
        Some(header),
        Some(index),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::load::cell::ValueKind;

    #[test]
    fn a_plan_with_own_names_has_the_same_names_in_new_allocations() {
        let column = |index: usize, key: Key| {
            let target = Column { key, kind: ValueKind::Ratio, indicator: None };
            WideColumn { index, name: Arc::from("c"), targets: vec![Some(Arc::new(target)), None] }
        };
        let values = vec![
            column(3, Key::Value(Arc::from("conversion"))),
            column(4, Key::Rating(Arc::from("ability"), Arc::from("boss"))),
        ];
        let keys = KeyColumns { employee: 0, period: 1, role: None, attributes: Vec::new() };
        let plan = Plan::Wide { keys, values, cells: Vec::new() };
        let keys_of = |plan: &Plan| match plan {
            Plan::Wide { values, .. } => values
                .iter()
                .map(|c| c.targets.iter().map(|t| t.as_ref().map(|t| t.key.clone())).collect())
                .collect::<Vec<Vec<_>>>(),
            Plan::Long { .. } => Vec::new(),
        };
        let own = plan.with_own_names();
        let (before, after) = (keys_of(&plan), keys_of(&own));
        assert_eq!(before, after);
        let names = |keys: &[Vec<Option<Key>>]| -> Vec<Arc<str>> {
            keys.iter()
                .flatten()
                .flatten()
                .flat_map(|k| match k {
                    Key::Value(n) => vec![n.clone()],
                    Key::Rating(i, r) => vec![i.clone(), r.clone()],
                })
                .collect()
        };
        let shared =
            names(&before).iter().zip(names(&after)).filter(|(a, b)| Arc::ptr_eq(a, b)).count();
        assert_eq!((names(&before).len(), shared), (3, 0));
    }
}
