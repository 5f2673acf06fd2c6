//! Closed sets of words (cycle periods, rater kinds, units, missing-data policies, grade
//! methods) and the did-you-mean suggestion for a misspelt word.

use pest::iterators::Pair;

use crate::ast::{GradeMethod, MissingPolicy, Period, RaterKind};
use crate::source::Spanned;

use super::builder::Builder;
use super::grammar::Rule;

/// Cycle periods.
pub(super) const PERIODS: &[(&str, Period)] = &[
    ("weekly", Period::Weekly),
    ("monthly", Period::Monthly),
    ("quarterly", Period::Quarterly),
    ("yearly", Period::Yearly),
];

/// The six kinds of rater.
pub(super) const RATER_KINDS: &[(&str, RaterKind)] = &[
    ("manager", RaterKind::Manager),
    ("peer", RaterKind::Peer),
    ("subordinate", RaterKind::Subordinate),
    ("self", RaterKind::SelfRater),
    ("customer", RaterKind::Customer),
    ("expert", RaterKind::Expert),
];

/// Missing-data policies.
pub(super) const MISSING_POLICIES: &[(&str, MissingPolicy)] = &[
    ("error", MissingPolicy::Error),
    ("zero", MissingPolicy::Zero),
    ("reweight", MissingPolicy::Reweight),
];

/// Grade methods.
pub(super) const GRADE_METHODS: &[(&str, GradeMethod)] =
    &[("score", GradeMethod::Score), ("rank", GradeMethod::Rank)];

/// The unit words (`currency` may be followed by a code).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum UnitWord {
    Percent,
    Duration,
    Currency,
    Count,
    Ratio,
}

/// Units of measured indicators.
pub(super) const UNITS: &[(&str, UnitWord)] = &[
    ("percent", UnitWord::Percent),
    ("duration", UnitWord::Duration),
    ("currency", UnitWord::Currency),
    ("count", UnitWord::Count),
    ("ratio", UnitWord::Ratio),
];

/// The candidate closest to `word`, when it is close enough to be a likely misspelling
/// (`wieght` → `weight`, `montly` → `monthly`); never `word` itself.
pub(super) fn suggest<'k>(
    word: &str,
    candidates: impl IntoIterator<Item = &'k str>,
) -> Option<&'k str> {
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        .filter(|c| *c != word)
        .map(|c| (strsim::damerau_levenshtein(&lower, c), c))
        .filter(|(d, c)| *d <= (c.chars().count().max(lower.chars().count()) / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// "`a`, `b` or `c`".
pub(super) fn one_of<'k>(words: impl IntoIterator<Item = &'k str>) -> String {
    let quoted: Vec<String> = words.into_iter().map(|w| format!("`{w}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// A hint for a currency code written in the wrong case.
pub(super) fn currency_hint(text: &str) -> String {
    if text.len() == 3 && text.chars().all(|c| c.is_ascii_alphabetic()) {
        format!(" (in upper case: `{}`)", text.to_ascii_uppercase())
    } else {
        String::new()
    }
}

impl Builder<'_> {
    /// One of a closed set of words; an unknown word is a `syntax::unknown-keyword` error
    /// with a did-you-mean. `what` names the set ("cycle period").
    pub fn choose<T: Copy>(
        &mut self,
        pair: &Pair<'_, Rule>,
        options: &[(&'static str, T)],
        what: &str,
    ) -> Option<Spanned<T>> {
        let word = pair.as_str();
        if let Some((_, value)) = options.iter().find(|(name, _)| *name == word) {
            return Some(Spanned::new(*value, self.span(pair)));
        }
        let names = options.iter().map(|(name, _)| *name);
        let label = match suggest(word, names.clone()) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("not a {what}"),
        };
        self.error(
            "syntax::unknown-keyword",
            format!("unknown {what} `{word}`"),
            self.span(pair),
            label,
            format!("a {what} is one of {}", one_of(names)),
        );
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_words_only() {
        assert_eq!(suggest("wieght", ["weight", "unit"]), Some("weight"));
        assert_eq!(suggest("indicatr", ["group", "indicator"]), Some("indicator"));
        assert_eq!(suggest("montly", PERIODS.iter().map(|p| p.0)), Some("monthly"));
        assert_eq!(suggest("beter", ["better"]), Some("better"));
        assert_eq!(suggest("banana", ["weight", "unit"]), None);
        assert_eq!(suggest("weight", ["weight"]), None);
    }

    #[test]
    fn lists_read_as_english() {
        assert_eq!(one_of(["a"]), "`a`");
        assert_eq!(one_of(["a", "b", "c"]), "`a`, `b` or `c`");
    }
}
