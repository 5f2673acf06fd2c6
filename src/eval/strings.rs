//! Interned text: each distinct string of a dataset (employee ids, period labels, roles,
//! attribute values) is stored once, in one buffer, and named by a dense `u32` id. A million
//! rows of one hundred thousand employees hold one hundred thousand ids, not a million
//! strings.

/// A set of distinct strings, each with a dense id in order of first appearance.
#[derive(Debug, Clone, Default)]
pub struct Strings {
    /// Every string, one after the other.
    text: String,
    /// End of string `i` in `text` (its start is the end of string `i − 1`).
    ends: Vec<usize>,
    /// Open-addressing hash table of ids (`EMPTY` for a free slot); its length is a power of
    /// two, at most half full.
    slots: Vec<u32>,
}

const EMPTY: u32 = u32::MAX;

impl Strings {
    /// An empty set.
    pub fn new() -> Self {
        Strings::default()
    }

    /// The number of distinct strings.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True when no string was interned.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The string with id `id` (`""` for an unknown id).
    pub fn get(&self, id: u32) -> &str {
        let index = id as usize;
        let Some(&end) = self.ends.get(index) else { return "" };
        let start = if index == 0 { 0 } else { self.ends[index - 1] };
        self.text.get(start..end).unwrap_or("")
    }

    /// The id of `text`, when interned.
    pub fn find(&self, text: &str) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut slot = hash(text) as usize & mask;
        loop {
            match self.slots[slot] {
                EMPTY => return None,
                id if self.get(id) == text => return Some(id),
                _ => slot = (slot + 1) & mask,
            }
        }
    }

    /// The id of `text`, interning it when new. Ids run out after `u32::MAX − 1` distinct
    /// strings: the last id is then reused (never reached by real data).
    pub fn intern(&mut self, text: &str) -> u32 {
        if self.ends.len() * 2 >= self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut slot = hash(text) as usize & mask;
        loop {
            match self.slots[slot] {
                EMPTY => break,
                id if self.get(id) == text => return id,
                _ => slot = (slot + 1) & mask,
            }
        }
        let id = u32::try_from(self.ends.len()).unwrap_or(EMPTY - 1).min(EMPTY - 1);
        self.text.push_str(text);
        self.ends.push(self.text.len());
        self.slots[slot] = id;
        id
    }

    /// Every string, by id.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        (0..self.ends.len()).map(|i| self.get(i as u32))
    }

    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(64);
        self.slots = vec![EMPTY; size];
        let mask = size - 1;
        for id in 0..self.ends.len() as u32 {
            let mut slot = hash(self.get(id)) as usize & mask;
            while self.slots[slot] != EMPTY {
                slot = (slot + 1) & mask;
            }
            self.slots[slot] = id;
        }
    }
}

/// FNV-1a over the bytes, then a final mix so that the low bits (the slot) vary.
fn hash(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        h = (h ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    h ^= h >> 29;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^ (h >> 32)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_dense_in_order_of_first_appearance() {
        let mut strings = Strings::new();
        assert_eq!(strings.intern("E01"), 0);
        assert_eq!(strings.intern("E02"), 1);
        assert_eq!(strings.intern("E01"), 0);
        assert_eq!(strings.intern(""), 2);
        assert_eq!((strings.get(0), strings.get(1), strings.get(2)), ("E01", "E02", ""));
        assert_eq!(strings.find("E02"), Some(1));
        assert_eq!(strings.find("E03"), None);
        assert_eq!(strings.len(), 3);
        assert_eq!(strings.get(99), "");
    }

    #[test]
    fn many_strings_survive_growth() {
        let mut strings = Strings::new();
        for i in 0..10_000 {
            assert_eq!(strings.intern(&format!("employee {i}")), i);
        }
        for i in (0..10_000).rev() {
            assert_eq!(strings.find(&format!("employee {i}")), Some(i));
            assert_eq!(strings.get(i), format!("employee {i}"));
        }
        assert_eq!(strings.iter().count(), 10_000);
    }

    #[test]
    fn unicode_text() {
        let mut strings = Strings::new();
        let a = strings.intern("客服 01");
        let b = strings.intern("客服 02");
        assert_ne!(a, b);
        assert_eq!(strings.get(a), "客服 01");
    }
}
