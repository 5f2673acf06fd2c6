//! Texts that many records repeat (period labels, roles, team names) kept once: a million
//! records of one export share a few dozen of them.

use std::sync::Arc;

use foldhash::fast::FixedState;
use hashbrown::HashSet;

/// At most this many distinct texts are kept; any other is given a text of its own (a
/// column such as `name` differs on every row and gains nothing from sharing).
const MAX_TEXTS: usize = 4096;

/// The texts met so far, each shared by every record that holds it.
#[derive(Debug, Default)]
pub(super) struct Texts(HashSet<Arc<str>, FixedState>);

impl Texts {
    /// `text`, shared with every earlier record that held it.
    pub fn share(&mut self, text: &str) -> Arc<str> {
        if let Some(shared) = self.0.get(text) {
            return shared.clone();
        }
        let shared: Arc<str> = Arc::from(text);
        if self.0.len() < MAX_TEXTS {
            self.0.insert(shared.clone());
        }
        shared
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
        assert_eq!(texts.0.len(), MAX_TEXTS);
        let unkept = texts.share("beyond");
        assert!(!Arc::ptr_eq(&unkept, &texts.share("beyond")), "past the limit, not kept");
        assert_eq!(&*unkept, "beyond");
    }
}
