//! Finding a record's cell in one comparison. The records of a file have the same columns,
//! so a name sits at the same place in every record's map: the place where it was found
//! last is tried first, and the map is searched only when another name is there.

use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use litemap::LiteMap;

/// Where a cell was found last. Shared by the threads that score: a place left by another
/// thread or another file only costs the search it would have saved.
#[derive(Debug, Default)]
pub(crate) struct Hint(AtomicUsize);

/// A hint for lookups that have none of their own (any hint gives the right cell).
pub(crate) static SPARE: Hint = Hint(AtomicUsize::new(0));

impl Hint {
    /// The value of the entry of `map` whose key `is_key`: the one at the hinted place when
    /// it is, else the one at the place `search` finds (which becomes the hint).
    pub fn get<'m, K, V>(
        &self,
        map: &'m LiteMap<K, V>,
        is_key: impl Fn(&K) -> bool,
        search: impl FnOnce(&'m LiteMap<K, V>) -> Option<usize>,
    ) -> Option<&'m V> {
        if let Some((key, value)) = map.get_indexed(self.0.load(Relaxed))
            && is_key(key)
        {
            return Some(value);
        }
        let at = search(map)?;
        self.0.store(at, Relaxed);
        map.get_indexed(at).map(|(_, value)| value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn by_name<'m>(hint: &Hint, map: &'m LiteMap<String, u32>, name: &str) -> Option<&'m u32> {
        hint.get(map, |k| k == name, |m| m.find_index(name).ok())
    }

    proptest! {
        /// Whatever place the hint holds, the value found is the map's own.
        #[test]
        fn a_hinted_lookup_finds_what_the_map_holds(
            maps in prop::collection::vec(prop::collection::btree_map("[a-e]", 0u32..9, 0..5), 1..6),
            names in prop::collection::vec("[a-f]", 1..12),
        ) {
            let hint = Hint::default();
            for (i, name) in names.iter().enumerate() {
                let map: LiteMap<String, u32> = maps[i % maps.len()].clone().into_iter().collect();
                prop_assert_eq!(by_name(&hint, &map, name), map.get(name.as_str()));
            }
        }
    }
}
