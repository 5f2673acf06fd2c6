//! Reading a history file for calibration: the data loader of `eval` (any format it reads),
//! with every indicator optional, since a history often lacks some columns (an indicator
//! without values is reported by the calibration as `attainable::history-too-small`).

use std::path::Path;

use crate::ast::{MissingPolicy, Node, Scheme};
use crate::diagnostic::Diagnostic;
use crate::eval::dataset::{Dataset, Record};
use crate::eval::load::{LoadOptions, load, scheme_for_role};
use crate::source::Spanned;

/// Load the history at `path` for `schemes`: the records and the loader's warnings (absent
/// columns left out), or every error found.
pub fn load_history(
    path: &Path,
    schemes: &[&Scheme],
    options: &LoadOptions,
) -> Result<(Dataset, Vec<Diagnostic>), Vec<Diagnostic>> {
    let optional: Vec<Scheme> = schemes.iter().map(|s| all_optional(s)).collect();
    let refs: Vec<&Scheme> = optional.iter().collect();
    let present = |diagnostics: Vec<Diagnostic>| -> Vec<Diagnostic> {
        let absent = ["data::missing-column", "data::absent-rater"];
        diagnostics.into_iter().filter(|d| !absent.contains(&d.code.as_str())).collect()
    };
    match load(path, &refs, options) {
        Ok((dataset, warnings)) => Ok((dataset, present(warnings))),
        Err(errors) => Err(present(errors)),
    }
}

/// The records of `dataset` that belong to the scheme at `index` (routed by role, as the
/// engine routes them).
pub fn records_for<'d>(dataset: &'d Dataset, schemes: &[&Scheme], index: usize) -> Vec<&'d Record> {
    dataset
        .records
        .iter()
        .filter(|r| scheme_for_role(schemes, r.role.as_deref()) == Some(index))
        .collect()
}

/// A copy of `scheme` where every indicator may be missing (`missing reweight`), so that
/// the loader accepts a history without some of the columns.
fn all_optional(scheme: &Scheme) -> Scheme {
    fn clear(nodes: &mut [Spanned<Node>]) {
        for node in nodes {
            match &mut node.node {
                Node::Group(group) => {
                    group.missing = None;
                    clear(&mut group.children);
                }
                Node::Indicator(indicator) => indicator.missing = None,
            }
        }
    }
    let mut copy = scheme.clone();
    let span = copy.name.span;
    copy.missing = Some(Spanned::new(MissingPolicy::Reweight, span));
    clear(&mut copy.indicators);
    copy
}
