//! Who each routed record is, kept so that the records themselves can be freed once scored.
//!
//! For `eval --format csv`, records are scored as they are read and their cells released;
//! after routing, ranking, actions and the output read only each record's employee and
//! ranking scope (unless a scheme has hooks, whose action conditions read raw columns).
//! A million records take 150 bytes each and their employees' texts 30 more; here the
//! employees are one text, each place a slice of it, and the scopes a short list.

use std::collections::HashMap;
use std::sync::Arc;

use crate::eval::dataset::Dataset;
use crate::eval::plan::Plan;
use crate::eval::route::{Place, Routed};
use crate::eval::scoring::Routes;

/// The employee and scope of every routed record, per scheme and place.
#[derive(Debug, Default)]
pub(crate) struct Identities {
    /// Every employee's identifier, one after the other.
    names: String,
    /// The distinct scope values.
    scopes: Vec<Arc<str>>,
    /// Per scheme, per place (as routed): where its employee ends in `names` (it starts
    /// where the one before it ends), and its scope (index into `scopes` + 1; 0 for none).
    places: Vec<Vec<(u32, u32)>>,
}

impl Identities {
    /// The identities of the records `routes` points at in `data`; `None` when a record
    /// is missing or the names exceed 4 GiB (the records are then kept).
    pub(crate) fn take(plans: &[Plan<'_>], data: &Dataset, routes: &Routes) -> Option<Identities> {
        let mut identities = Identities::default();
        let mut known: HashMap<Arc<str>, u32> = HashMap::new();
        for (plan, places) in plans.iter().zip(routes) {
            let mut kept = Vec::with_capacity(places.len());
            for place in places {
                let record = data.records.get(place.position)?;
                let scope = match plan.scope_column {
                    Some(column) => {
                        let value = record.attributes.get(column)?;
                        match known.get(value) {
                            Some(&index) => index,
                            None => {
                                identities.scopes.push(value.clone());
                                let index = u32::try_from(identities.scopes.len()).ok()?;
                                known.insert(value.clone(), index);
                                index
                            }
                        }
                    }
                    None => 0,
                };
                identities.names.push_str(&record.employee);
                kept.push((u32::try_from(identities.names.len()).ok()?, scope));
            }
            identities.places.push(kept);
        }
        Some(identities)
    }

    /// Place `at` of scheme `scheme` (in the order routed) as a routing without its record.
    pub(crate) fn routed(&self, scheme: usize, at: usize, place: &Place) -> Option<Routed<'_>> {
        let places = self.places.get(scheme)?;
        let &(end, scope) = places.get(at)?;
        let start = match at.checked_sub(1) {
            Some(before) => places.get(before)?.0,
            None => self.start_of(scheme)?,
        };
        let employee = self.names.get(usize::try_from(start).ok()?..usize::try_from(end).ok()?)?;
        let scope = match scope.checked_sub(1) {
            Some(index) => Some(&**self.scopes.get(usize::try_from(index).ok()?)?),
            None => None,
        };
        Some(Routed { employee, record: None, period: place.period, scope })
    }

    /// Where the names of scheme `scheme` start: where the last one of the schemes before
    /// it ends.
    fn start_of(&self, scheme: usize) -> Option<u32> {
        let before = self.places.get(..scheme)?;
        Some(before.iter().rev().find_map(|places| places.last()).map_or(0, |&(end, _)| end))
    }
}
