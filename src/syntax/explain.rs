//! Parse errors in the user's words. A broken statement is parsed again on its own; pest's
//! furthest failure and the rules it expected there become "expected a weight like `30%`,
//! found `40`", with a did-you-mean for a misspelt keyword. Rule names never reach the user.

use pest::Parser;
use pest::error::{ErrorVariant, InputLocation};

use crate::diagnostic::Diagnostic;
use crate::source::Span;

use super::builder::Builder;
use super::grammar::{MeritParser, Rule};
use super::usage::usage;
use super::words::{one_of, suggest};

/// The kind of block a statement stands in; decides what may start a statement there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Block {
    /// The top level of the scheme.
    Top,
    /// A group's body.
    Group,
    /// An indicator's body.
    Indicator,
    /// A scale's steps.
    Scale,
    /// A curve's anchors.
    Curve,
    /// A bands rule's bands.
    Bands,
    /// The grades.
    Grades,
    /// The ranking block.
    Ranking,
    /// An action's body.
    Action,
}

impl Block {
    fn line_rule(self) -> Rule {
        match self {
            Block::Top => Rule::top_line,
            Block::Group => Rule::group_line,
            Block::Indicator => Rule::indicator_line,
            Block::Scale => Rule::scale_line,
            Block::Curve => Rule::curve_line,
            Block::Bands => Rule::bands_line,
            Block::Grades => Rule::grades_line,
            Block::Ranking => Rule::ranking_line,
            Block::Action => Rule::action_line,
        }
    }

    /// What a statement of this block is called, for "expected ...".
    pub(super) fn statement(self) -> &'static str {
        match self {
            Block::Top => "a scheme statement",
            Block::Group => "a group, an indicator or `missing`",
            Block::Indicator => "an indicator statement",
            Block::Scale => "a scale step like `4 \"Very good\"`",
            Block::Curve => "an anchor like `3% => 80`",
            Block::Bands => "a band like `20s..40s => 80` or `else => 0`",
            Block::Grades => "a grade like `A \"Excellent\" at least 90`",
            Block::Ranking => "`scope` or `tie break`",
            Block::Action => {
                "`when` or an effect (`bonus`, `deduct`, `improvement plan`, `review`, `note`)"
            }
        }
    }

    /// Where a statement of this block stands, for "`unit` is a statement of an indicator".
    fn place(self) -> &'static str {
        match self {
            Block::Top => "the scheme's top level",
            Block::Group => "a group",
            Block::Indicator => "an indicator",
            Block::Scale => "a scale",
            Block::Curve => "a curve",
            Block::Bands => "`score bands`",
            Block::Grades => "`grades`",
            Block::Ranking => "the `ranking` block",
            Block::Action => "an action",
        }
    }

    /// The keywords that start a statement of this block.
    pub(super) fn keywords(self) -> &'static [&'static str] {
        match self {
            Block::Top => &[
                "scheme",
                "version",
                "purpose",
                "strategy",
                "owner",
                "scope",
                "cycle",
                "precision",
                "currency",
                "missing",
                "approved",
                "milestone",
                "rater",
                "scale",
                "hook",
                "group",
                "indicator",
                "grades",
                "ranking",
                "action",
            ],
            Block::Group => &["missing", "group", "indicator"],
            Block::Indicator => &[
                "definition",
                "numerator",
                "denominator",
                "unit",
                "higher",
                "lower",
                "source",
                "value",
                "score",
                "rated",
                "critical",
                "missing",
            ],
            Block::Scale | Block::Curve | Block::Grades => &[],
            Block::Bands => &["else"],
            Block::Ranking => &["scope", "tie"],
            Block::Action => &["when", "bonus", "deduct", "improvement", "review", "note"],
        }
    }
}

/// One thing pest expected, in words, with the keywords it could be.
struct Expected {
    text: String,
    keywords: Vec<String>,
}

fn expected(rule: Rule, block: Block) -> Expected {
    let name = format!("{rule:?}");
    if let Some(word) = name.strip_prefix("k_") {
        return Expected { text: format!("`{word}`"), keywords: vec![word.to_string()] };
    }
    let (text, keywords): (&str, &[&str]) = match rule {
        Rule::string | Rule::string_body => ("a text in double quotes", &[]),
        Rule::ident => ("a name like `conversion`", &[]),
        Rule::word => ("a word", &[]),
        Rule::date => ("a date like `2011-06-07`", &[]),
        Rule::currency_code => ("a currency code like `CNY`", &[]),
        Rule::weight => ("a weight like `30%`", &[]),
        Rule::share => ("a share like `20%`", &[]),
        Rule::quantity => ("a value like `45%`, `30s`, `100 CNY` or `12`", &[]),
        Rule::points => ("points like `100`", &[]),
        Rule::whole => ("a whole number like `7`", &[]),
        Rule::count => ("a number of people like `2` or a share like `10%`", &[]),
        Rule::money => ("an amount like `100 CNY`", &[]),
        Rule::rating => ("a rating like `5`", &[]),
        Rule::lbrace => ("`{`", &[]),
        Rule::rbrace => ("`}`", &[]),
        Rule::arrow => ("`=>`", &[]),
        Rule::comma => ("`,`", &[]),
        Rule::lparen => ("`(`", &[]),
        Rule::rparen => ("`)`", &[]),
        Rule::range | Rule::range_op => ("a range like `20s..40s`", &[]),
        Rule::cmp_op | Rule::comparison => ("a comparison like `>= 60`", &[]),
        Rule::direction_stmt => ("`higher is better` or `lower is better`", &["higher", "lower"]),
        Rule::at_least => ("`at least`", &["at"]),
        Rule::hook_call => ("a hook call like `refund_ratio(refunds, orders)`", &[]),
        Rule::negation | Rule::conjunction | Rule::condition => (
            "a condition like `top 1`, `grade A` or `score >= 90`",
            &["top", "bottom", "last", "rank", "grade", "score", "hook", "not"],
        ),
        Rule::streak => ("`for 3 consecutive cycles`", &["for"]),
        Rule::role_clause => ("`role`", &["role"]),
        Rule::line_end | Rule::EOI => ("the end of the statement", block.keywords()),
        Rule::top_na
        | Rule::group_na
        | Rule::indicator_na
        | Rule::scale_na
        | Rule::curve_na
        | Rule::bands_na
        | Rule::grades_na
        | Rule::ranking_na
        | Rule::action_na
        | Rule::top_line
        | Rule::group_line
        | Rule::indicator_line
        | Rule::scale_line
        | Rule::curve_line
        | Rule::bands_line
        | Rule::grades_line
        | Rule::ranking_line
        | Rule::action_line => (block.statement(), block.keywords()),
        _ => ("a statement", block.keywords()),
    };
    Expected { text: text.to_string(), keywords: keywords.iter().map(|k| k.to_string()).collect() }
}

/// The token at `pos` as the user sees it, and its span.
fn token_at(text: &str, pos: usize) -> (Span, String) {
    let rest = &text[pos.min(text.len())..];
    let Some(first) = rest.chars().next() else {
        return (Span::new(text.len(), text.len()), "the end of the file".to_string());
    };
    let len = if "{}(),\"".contains(first) {
        first.len_utf8()
    } else {
        rest.find(|c: char| c.is_whitespace() || "{}(),\"".contains(c)).unwrap_or(rest.len())
    };
    let len = if len == 0 { first.len_utf8() } else { len };
    (Span::new(pos, pos + len), format!("`{}`", &rest[..len]))
}

/// The identifier that starts the token at `pos`, if any.
fn word_at(text: &str, pos: usize) -> &str {
    let rest = &text[pos.min(text.len())..];
    let len = rest.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(rest.len());
    &rest[..len]
}

/// The offset after the character that starts at `i`.
fn after_char(text: &str, i: usize) -> usize {
    i + text[i..].chars().next().map_or(1, char::len_utf8)
}

/// The span of the word that ends right before `pos` (skipping whitespace).
fn word_before(text: &str, pos: usize) -> Option<Span> {
    let before = text[..pos].trim_end();
    let start = before
        .rfind(|c: char| !(c.is_alphanumeric() || c == '_'))
        .map_or(0, |i| after_char(text, i));
    (start < before.len()).then(|| Span::new(start, before.len()))
}

/// Explain the broken statement `bad` of a `block`, parsing again from `from` (the start of
/// the statement it belongs to). `None` when it only continues the previous broken line.
pub(super) fn explain(
    b: &Builder<'_>,
    block: Block,
    from: usize,
    bad: Span,
    after_bad: bool,
) -> Option<Diagnostic> {
    let text = b.text;
    // Up to the end of the line after the statement's: enough to see what follows it, and
    // bounded, since pest's error costs time in proportion to the input after the error.
    let next_line = |at: usize| text[at..].find('\n').map_or(text.len(), |n| at + n + 1);
    let limit = next_line(next_line(bad.end));
    let (pos, positives) = match MeritParser::parse(block.line_rule(), &text[from..limit]) {
        Ok(_) => (bad.start, Vec::new()),
        Err(e) => {
            let at = match e.location {
                InputLocation::Pos(p) => p,
                InputLocation::Span((s, _)) => s,
            };
            let positives = match e.variant {
                ErrorVariant::ParsingError { positives, .. } => positives,
                ErrorVariant::CustomError { .. } => Vec::new(),
            };
            (from + at, positives)
        }
    };
    let mut expectations: Vec<Expected> = Vec::new();
    for rule in positives {
        let e = expected(rule, block);
        if !expectations.iter().any(|x| x.text == e.text) {
            expectations.push(e);
        }
    }
    if expectations.is_empty() {
        expectations.push(Expected { text: block.statement().to_string(), keywords: Vec::new() });
    }
    let (span, token) = token_at(text, pos);
    let word = word_at(text, pos);
    let candidates: Vec<&str> =
        expectations.iter().flat_map(|e| e.keywords.iter().map(String::as_str)).collect();
    let many = expectations.len() > 4;
    let wanted = if many {
        block.statement().to_string()
    } else {
        one_of_texts(expectations.iter().map(|e| e.text.as_str()))
    };
    let help = help_for(text, block, from, pos);

    if let Some(best) =
        (!word.is_empty()).then(|| suggest(word, candidates.iter().copied())).flatten()
    {
        let span = Span::new(pos, pos + word.len());
        return Some(unknown(b, span, word, best, &wanted, help));
    }
    let only_subject =
        !candidates.is_empty() && candidates.iter().all(|c| *c == "value" || *c == "points");
    if only_subject && let Some(prev) = word_before(text, pos) {
        let prev_word = &text[prev.start..prev.end];
        let conditions = ["top", "bottom", "last", "rank", "grade", "score", "hook", "not"];
        if let Some(best) = suggest(prev_word, conditions) {
            return Some(unknown(b, prev, prev_word, best, "a condition", help));
        }
    }
    if after_bad && pos == bad.start {
        return None;
    }
    // Nothing more on the line where something was expected: point at the line's last word.
    let end = b.trim_back(from, pos);
    if end > from && text[end..pos].contains('\n') {
        let start =
            text[..end].rfind(char::is_whitespace).map_or(0, |i| after_char(text, i)).max(from);
        let last = &text[start..end];
        return Some(
            Diagnostic::error("syntax::unexpected", format!("expected {wanted} after `{last}`"))
                .at(b.file, Span::new(start, end))
                .with_label(format!("expected {wanted} after this"))
                .with_help(help),
        );
    }
    let message = format!("expected {wanted}, found {token}");
    let home = [Block::Top, Block::Group, Block::Indicator, Block::Ranking, Block::Action]
        .into_iter()
        .find(|other| *other != block && other.keywords().contains(&word));
    let help = if let (Some(home), true) = (home, pos == from) {
        format!("`{word}` is a statement of {}, not of {}", home.place(), block.place())
    } else if many && pos == from && !block.keywords().is_empty() {
        format!(
            "{} starts with {}",
            capitalise(block.statement()),
            one_of(block.keywords().iter().copied())
        )
    } else {
        help
    };
    Some(
        Diagnostic::error("syntax::unexpected", message)
            .at(b.file, span)
            .with_label(format!("unexpected {token}"))
            .with_help(help),
    )
}

fn unknown(
    b: &Builder<'_>,
    span: Span,
    word: &str,
    best: &str,
    wanted: &str,
    help: String,
) -> Diagnostic {
    Diagnostic::error(
        "syntax::unknown-keyword",
        format!("unknown word `{word}`: did you mean `{best}`?"),
    )
    .at(b.file, span)
    .with_label(format!("expected {wanted}"))
    .with_help(format!("write `{best}`; {help}"))
}

fn one_of_texts<'t>(texts: impl Iterator<Item = &'t str>) -> String {
    let texts: Vec<&str> = texts.collect();
    match texts.split_last() {
        None => String::new(),
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().collect::<String>() + chars.as_str())
}

/// How the statement at `from` is written, when its first word is known.
fn help_for(text: &str, block: Block, from: usize, pos: usize) -> String {
    let first = word_at(text, from);
    match usage(block, first) {
        Some(form) if pos > from || block.keywords().is_empty() => format!("it is written {form}"),
        _ => format!("{} is expected here", block.statement()),
    }
}
