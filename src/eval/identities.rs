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
use crate::eval::period::PeriodLabel;
use crate::eval::plan::Plan;
use crate::eval::route::{Routed, Who, scope_of};
use crate::eval::scoring::Routes;

/// The employees and scopes of every routed record: what the entries borrow.
#[derive(Debug, Default)]
pub(crate) struct Identities {
    /// Every employee's identifier, one after the other.
    names: String,
    /// The distinct scope values.
    scopes: Vec<Arc<str>>,
}

/// Per scheme, per place (as routed): where its employee ends in the [`Identities`]' names
/// (it starts where the one before it ends), and its scope (index into the scopes + 1; 0
/// for none). Needed only while the entries are made: 8 bytes a place, freed then.
#[derive(Debug, Default)]
pub(crate) struct Places(Vec<Vec<(u32, u32)>>);

impl Identities {
    /// The identities of the records `routes` points at in `data`; `None` when a record
    /// is missing or the names exceed 4 GiB (the records are then kept).
    pub(crate) fn take(
        plans: &[Plan<'_>],
        data: &Dataset,
        routes: &Routes,
    ) -> Option<(Identities, Places)> {
        let mut builder = Identities::builder();
        for (plan, places) in plans.iter().zip(routes) {
            builder.scheme(places.len());
            for place in places {
                let record = data.records.get(place.position)?;
                builder.push(&record.employee, scope_of(plan, record)?)?;
            }
        }
        Some(builder.finish())
    }

    /// Identities given one by one: each scheme's places in the order routed.
    pub(crate) fn builder() -> Builder {
        Builder::default()
    }

    /// Place `at` of scheme `scheme` (in the order routed, found in `places`), of
    /// `period`, as a routing without its record.
    pub(crate) fn routed(
        &self,
        places: &Places,
        scheme: usize,
        at: usize,
        period: PeriodLabel,
    ) -> Option<Routed<'_>> {
        let of_scheme = places.0.get(scheme)?;
        let &(end, scope) = of_scheme.get(at)?;
        let start = match at.checked_sub(1) {
            Some(before) => of_scheme.get(before)?.0,
            None => places.start_of(scheme)?,
        };
        let employee = self.names.get(usize::try_from(start).ok()?..usize::try_from(end).ok()?)?;
        let scope = match scope.checked_sub(1) {
            Some(index) => Some(self.scopes.get(usize::try_from(index).ok()?)?),
            None => None,
        };
        Some(Routed { who: Who::Employee(employee), period, scope })
    }
}

impl Places {
    /// Where the names of scheme `scheme` start: where the last one of the schemes before
    /// it ends.
    fn start_of(&self, scheme: usize) -> Option<u32> {
        let before = self.0.get(..scheme)?;
        Some(before.iter().rev().find_map(|places| places.last()).map_or(0, |&(end, _)| end))
    }
}

/// Builds [`Identities`]: [`scheme`](Builder::scheme), then each of its places'
/// [`push`](Builder::push), scheme after scheme.
#[derive(Debug, Default)]
pub(crate) struct Builder {
    identities: Identities,
    places: Places,
    /// Each distinct scope's index in `scopes`, + 1.
    known: HashMap<Arc<str>, u32>,
}

impl Builder {
    /// The next scheme's places follow; it has `places` of them.
    pub(crate) fn scheme(&mut self, places: usize) {
        self.places.0.push(Vec::with_capacity(places));
    }

    /// Room for about `bytes` of employees' identifiers: the text is then made at its size
    /// at once, not grown (each larger room copied and mapped afresh).
    pub(crate) fn reserve_names(&mut self, bytes: usize) {
        self.identities.names.reserve(bytes);
    }

    /// The next place of the current scheme: its employee and scope. `None` before any
    /// [`scheme`](Builder::scheme), or when the names exceed 4 GiB.
    pub(crate) fn push(&mut self, employee: &str, scope: Option<&Arc<str>>) -> Option<()> {
        let identities = &mut self.identities;
        let scope = match scope {
            Some(value) => match self.known.get(value) {
                Some(&index) => index,
                None => {
                    identities.scopes.push(value.clone());
                    let index = u32::try_from(identities.scopes.len()).ok()?;
                    self.known.insert(value.clone(), index);
                    index
                }
            },
            None => 0,
        };
        identities.names.push_str(employee);
        let end = u32::try_from(identities.names.len()).ok()?;
        self.places.0.last_mut()?.push((end, scope));
        Some(())
    }

    /// The identities given, and their places.
    pub(crate) fn finish(self) -> (Identities, Places) {
        (self.identities, self.places)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::eval::period::PeriodLabel;
    use crate::eval::route::Place;
    use crate::eval::testing::{measured, record, scheme, targets};

    #[test]
    fn each_place_gets_its_employee_and_scope_across_schemes() {
        let ranked_whole = scheme(vec![measured("c", "100", targets("0", "100"))]);
        let by_site = ranked_whole.clone();
        let mut plans = [Plan::compile(&ranked_whole).unwrap(), Plan::compile(&by_site).unwrap()];
        plans[1].scope_column = Some("site");
        let mut data = Dataset::default();
        for (employee, site) in [("E1", "Lyon"), ("Emma", "Nice"), ("E333", "Lyon"), ("", "Nice")] {
            let mut record = record(employee, "2024-01", &[], &[]);
            record.attributes = [(Arc::from("site"), Arc::from(site))].into_iter().collect();
            data.records.push(record);
        }
        let period = PeriodLabel::detect("2024-01").unwrap();
        let at = |position| Place { position, period };
        // Scheme 0 holds records 2 and 0, scheme 1 records 3 and 1, in that order.
        let routes = vec![vec![at(2), at(0)], vec![at(3), at(1)]];
        let (identities, places) = Identities::take(&plans, &data, &routes).unwrap();
        let who = |scheme: usize, index: usize| {
            let period = routes[scheme][index].period;
            let routed = identities.routed(&places, scheme, index, period).unwrap();
            assert!(routed.record().is_none() && routed.period == period);
            (routed.employee(), routed.scope.map(|s| &**s))
        };
        assert_eq!(who(0, 0), ("E333", None));
        assert_eq!(who(0, 1), ("E1", None));
        assert_eq!(who(1, 0), ("", Some("Nice")));
        assert_eq!(who(1, 1), ("Emma", Some("Nice")));
        assert_eq!(identities.scopes.len(), 1, "one text per distinct scope");
        assert!(identities.routed(&places, 1, 2, period).is_none(), "no such place");
    }

    #[test]
    fn a_place_without_its_record_keeps_the_records() {
        let scheme = scheme(vec![measured("c", "100", targets("0", "100"))]);
        let plans = [Plan::compile(&scheme).unwrap()];
        let period = PeriodLabel::detect("2024-01").unwrap();
        let routes = vec![vec![Place { position: 5, period }]];
        assert!(Identities::take(&plans, &Dataset::default(), &routes).is_none());
    }
}
