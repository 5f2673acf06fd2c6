//! Texts that many records repeat (period labels, roles, team names) kept once: a million
//! records of one export share a few dozen of them.

use std::sync::Arc;

use foldhash::fast::FixedState;
use hashbrown::HashSet;

/// At most this many distinct texts are kept; any other is given a text of its own (a
/// column such as `name` differs on every row and gains nothing from sharing).
const MAX_TEXTS: usize = 4096;

/// Texts shared last, compared before the set is searched: each row shares its period
/// and its role, the same as the row before.
const RECENT: usize = 4;

/// The texts met so far, each shared by every record that holds it.
#[derive(Debug, Default)]
pub(super) struct Texts {
    kept: HashSet<Arc<str>, FixedState>,
    /// The texts shared last (kept ones), the newest at the front.
    recent: [Option<Arc<str>>; RECENT],
}

impl Texts {
    /// `text`, shared with every earlier record that held it.
    pub fn share(&mut self, text: &str) -> Arc<str> {
        if let Some(shared) = self.recent.iter().flatten().find(|recent| ***recent == *text) {
            return shared.clone();
        }
        if let Some(shared) = self.kept.get(text) {
            let shared = shared.clone();
            self.remember(&shared);
            return shared;
        }
        let shared: Arc<str> = Arc::from(text);
        if self.kept.len() < MAX_TEXTS {
            self.kept.insert(shared.clone());
            self.remember(&shared);
        }
        shared
    }

    /// Put a kept text at the front of the recent ones.
    fn remember(&mut self, shared: &Arc<str>) {
        self.recent.rotate_right(1);
        if let Some(newest) = self.recent.first_mut() {
            *newest = Some(shared.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_text_is_kept_once_up_to_a_limit() {
        let mut texts = Texts::default();
        let first = texts.share("2011-06");
        assert!(Arc::ptr_eq(&first, &texts.share("2011-06")));
        assert!(!Arc::ptr_eq(&first, &texts.share("2011-07")));
        for n in 0..MAX_TEXTS {
            texts.share(&n.to_string());
        }
        assert_eq!(texts.kept.len(), MAX_TEXTS);
        let unkept = texts.share("beyond");
        assert!(!Arc::ptr_eq(&unkept, &texts.share("beyond")), "past the limit, not kept");
        assert_eq!(&*unkept, "beyond");
    }

    #[test]
    fn texts_shared_in_turn_stay_shared() {
        let mut texts = Texts::default();
        let period = texts.share("2011-06");
        let role = texts.share("cs_agent");
        for _ in 0..3 {
            assert!(Arc::ptr_eq(&period, &texts.share("2011-06")));
            assert!(Arc::ptr_eq(&role, &texts.share("cs_agent")));
        }
        // Pushed out of the recent ones by others, still kept.
        for other in ["a", "b", "c", "d", "e"] {
            texts.share(other);
        }
        assert!(Arc::ptr_eq(&period, &texts.share("2011-06")));
        assert_eq!(&*texts.share("2011-0"), "2011-0", "a prefix is another text");
    }
}
