//! Inline allow comments: `// merit: allow(code, ...) reason "why"` silences those codes (or
//! whole families) for the findings on one item of the scheme.
//!
//! - A comment alone on its line applies to the next line that holds a statement; a comment
//!   at the end of a line applies to that line.
//! - The item is the largest statement that starts on that line (an indicator or group with
//!   its whole block, a scale, an action, a single `unit percent` line, ...); findings whose
//!   span starts on any of the item's lines are silenced.
//! - A comment that starts `merit:` but is not a well-formed allow (no code, an unknown code,
//!   a code that is not a lint, no reason) is `config::bad-allow`; an allow that silences no
//!   finding is `config::unused-allow`.

use crate::codes::{self, LINT_FAMILIES};
use crate::diagnostic::Diagnostic;
use crate::source::{SourceFile, Span};
use crate::syntax::{Comment, Parsed};

use super::items::Items;

/// One well-formed allow comment.
#[derive(Debug, Clone)]
pub struct Allow {
    /// The codes or families it silences.
    pub codes: Vec<String>,
    /// Why, as written.
    pub reason: String,
    /// The comment.
    pub span: Span,
    /// The first and last line (1-based) of the item it applies to; `None` when no statement
    /// follows the comment.
    pub lines: Option<(usize, usize)>,
    /// Whether it silenced a finding.
    pub used: bool,
}

impl Allow {
    /// Whether it silences `diagnostic`, which starts on `line` of the scheme's file.
    fn silences(&self, diagnostic: &Diagnostic, line: usize) -> bool {
        let Some((first, last)) = self.lines else { return false };
        let family = diagnostic.code.split("::").next().unwrap_or_default();
        (first..=last).contains(&line)
            && self.codes.iter().any(|c| *c == diagnostic.code || c == family)
    }
}

/// The allow comments of a parsed scheme, and a `config::bad-allow` finding for each
/// malformed one.
pub fn collect(parsed: &Parsed, file: &SourceFile) -> (Vec<Allow>, Vec<Diagnostic>) {
    let mut allows = Vec::new();
    let mut errors = Vec::new();
    let items = Items::new(&parsed.scheme, file);
    for comment in &parsed.comments {
        match parse_comment(comment) {
            None => {}
            Some(Err((span, message, help))) => errors.push(
                Diagnostic::error("config::bad-allow", message)
                    .at(file, span)
                    .with_label("malformed allow comment")
                    .with_help(help),
            ),
            Some(Ok((codes, reason))) => {
                let lines = target_line(file, &items, comment.span).map(|line| items.lines(line));
                allows.push(Allow { codes, reason, span: comment.span, lines, used: false });
            }
        }
    }
    (allows, errors)
}

/// Drop the findings an allow silences, marking the allows used.
pub fn apply(
    allows: &mut [Allow],
    diagnostics: Vec<Diagnostic>,
    file: &SourceFile,
) -> Vec<Diagnostic> {
    if allows.is_empty() {
        return diagnostics;
    }
    let line_of = |offset: usize| file.line(offset);
    diagnostics
        .into_iter()
        .filter(|diagnostic| {
            let in_file = diagnostic.file.as_ref().is_some_and(|f| f.name == file.name);
            let Some(span) = diagnostic.span.filter(|_| in_file) else { return true };
            let line = line_of(span.start);
            let mut silenced = false;
            for allow in allows.iter_mut() {
                if allow.silences(diagnostic, line) {
                    allow.used = true;
                    silenced = true;
                }
            }
            !silenced
        })
        .collect()
}

/// A `config::unused-allow` warning for each allow that silenced nothing.
pub fn unused(allows: &[Allow], file: &SourceFile) -> Vec<Diagnostic> {
    allows
        .iter()
        .filter(|a| !a.used)
        .map(|allow| {
            let what = match allow.lines {
                Some((first, last)) if first == last => format!("line {first}"),
                Some((first, last)) => format!("lines {first}–{last}"),
                None => "no statement: nothing follows it".to_string(),
            };
            Diagnostic::warning(
                "config::unused-allow",
                format!("this allow comment silences nothing ({})", allow.codes.join(", ")),
            )
            .at(file, allow.span)
            .with_label(format!("applies to {what}"))
            .with_help(
                "remove it, or put it on the line before the item whose finding it silences \
                 (or at the end of that item's first line)",
            )
        })
        .collect()
}

type Parse = Result<(Vec<String>, String), (Span, String, String)>;

const FORM: &str = "write `// merit: allow(family::code) reason \"why it is acceptable here\"`";

/// `None` when the comment is not a `merit:` directive.
fn parse_comment(comment: &Comment) -> Option<Parse> {
    let body = comment.text.strip_prefix("//")?;
    let offset = |part: &str| comment.span.start + (comment.text.len() - part.len());
    let directive = body.trim_start().strip_prefix("merit:")?.trim_start();
    let whole = comment.span;
    let fail =
        |span: Span, message: &str, help: String| Some(Err((span, message.to_string(), help)));
    let Some(rest) = directive.strip_prefix("allow") else {
        return fail(whole, "unknown merit directive: the only one is `allow`", FORM.to_string());
    };
    let rest = rest.trim_start();
    let Some(inner) = rest.strip_prefix('(') else {
        return fail(whole, "`allow` must list codes in parentheses", FORM.to_string());
    };
    let Some(close) = inner.find(')') else {
        return fail(whole, "the list of codes is not closed with `)`", FORM.to_string());
    };
    let mut codes = Vec::new();
    let mut searched = 0;
    for raw in inner[..close].split(',') {
        let code = raw.trim();
        let start = offset(inner) + searched + (raw.len() - raw.trim_start().len());
        searched += raw.len() + 1;
        if code.is_empty() {
            continue;
        }
        let span = Span::new(start, start + code.len());
        if let Err(help) = check_code(code) {
            return fail(span, &format!("`{code}` cannot be allowed"), help);
        }
        codes.push(code.to_string());
    }
    if codes.is_empty() {
        return fail(whole, "the allow comment names no code", FORM.to_string());
    }
    let after = inner[close + 1..].trim_start();
    let no_reason = || {
        fail(
            whole,
            "the allow comment gives no reason",
            format!("{FORM}: say why the finding is acceptable on this item"),
        )
    };
    let Some(quoted) = after.strip_prefix("reason") else { return no_reason() };
    let Some(text) = quoted.trim_start().strip_prefix('"') else { return no_reason() };
    let Some(end) = text.find('"') else {
        return fail(whole, "the reason is not closed with `\"`", FORM.to_string());
    };
    let reason = text[..end].trim();
    if reason.is_empty() {
        return no_reason();
    }
    let trailing = text[end + 1..].trim();
    if !trailing.is_empty() {
        let start = offset(&text[end + 1..]);
        let span = Span::new(start, comment.span.end);
        return fail(span, "unexpected text after the reason", FORM.to_string());
    }
    Some(Ok((codes, reason.to_string())))
}

/// A code or family that may be allowed, or the help for one that may not.
fn check_code(code: &str) -> Result<(), String> {
    if LINT_FAMILIES.contains(&code) {
        return Ok(());
    }
    match codes::lookup(code) {
        Some(info) if info.is_lint() => Ok(()),
        Some(_) => Err(format!(
            "`{code}` reports a problem of the input, not a lint: fix it instead; only {} findings can be allowed",
            LINT_FAMILIES.join(", ")
        )),
        None => Err(match crate::config::suggest(code) {
            Some(close) => format!("no such code: did you mean `{close}`?"),
            None => "no such code; docs/diagnostics.md lists every code".to_string(),
        }),
    }
}

/// The line an allow comment applies to: its own line when code precedes it, else the next
/// line holding something other than blanks and comments.
fn target_line(file: &SourceFile, items: &Items, comment: Span) -> Option<usize> {
    let text = &file.text;
    let line_start = text[..comment.start].rfind('\n').map_or(0, |i| i + 1);
    let line = items.line(comment.start);
    if !text[line_start..comment.start].trim().is_empty() {
        return Some(line);
    }
    text[comment.end..]
        .split('\n')
        .skip(1)
        .position(|l| {
            let l = l.trim();
            !l.is_empty() && !l.starts_with("//")
        })
        .map(|n| line + 1 + n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn comment(text: &str) -> Comment {
        Comment { span: Span::new(100, 100 + text.len()), text: text.to_string() }
    }

    #[test]
    fn parses_codes_families_and_reason() {
        let parsed = parse_comment(&comment(
            "// merit: allow(specific::no-name, timebound) reason \"agreed with HR\"",
        ));
        let (codes, reason) = parsed.expect("a directive").expect("well formed");
        assert_eq!(codes, ["specific::no-name", "timebound"]);
        assert_eq!(reason, "agreed with HR");
        assert!(parse_comment(&comment("// an ordinary comment")).is_none());
    }

    #[test]
    fn malformed_directives_point_at_the_problem() {
        let problem = |text: &str| parse_comment(&comment(text)).expect("a directive").unwrap_err();
        let (span, message, help) =
            problem("// merit: allow(specific::no-name, specific::no-nam) reason \"x\"");
        // `specific::no-nam` starts 35 bytes into the comment, which starts at byte 100.
        assert_eq!(
            (span, message.as_str()),
            (Span::new(135, 151), "`specific::no-nam` cannot be allowed")
        );
        assert!(help.contains("did you mean `specific::no-name`?"), "{help}");
        let (_, message, _) = problem("// merit: allow(specific::no-name) reason \"x\" and more");
        assert_eq!(message, "unexpected text after the reason");
        let (_, message, _) = problem("// merit: allow specific::no-name");
        assert_eq!(message, "`allow` must list codes in parentheses");
        let (_, message, _) = problem("// merit: allow(specific::no-name reason \"x\"");
        assert_eq!(message, "the list of codes is not closed with `)`");
    }

    fn configured(text: &str) -> Vec<(String, usize)> {
        let file = SourceFile::new("t.merit", text);
        let parsed = crate::syntax::parse(&file).expect("parses");
        super::super::check_configured(&parsed, &file, &Config::default(), Vec::new())
            .into_iter()
            .map(|d| {
                let line = d.line_col().map_or(0, |(line, _)| line);
                (d.code, line)
            })
            .collect()
    }

    const SCHEME: &str = r#"scheme "t"
scope "Team" role agent
cycle monthly from 2024-01-01
approved "HR" on 2023-12-01
milestone feedback "Feedback" day 5
// merit: allow(specific::no-definition) reason "defined in the handbook"

// (a blank line and this comment are skipped)
indicator a "A" weight 100% {
  unit percent
  higher is better
  source "System"
  score threshold 20% target 45%
}
"#;

    #[test]
    fn an_allow_covers_the_whole_next_item() {
        // Without the allow: no-definition on line 9, no-numerator and no-denominator on
        // line 10. The allow covers lines 9–14, for no-definition only.
        assert_eq!(
            configured(SCHEME),
            [
                ("specific::no-numerator".to_string(), 10),
                ("specific::no-denominator".to_string(), 10)
            ]
        );
        let both = SCHEME.replace(
            "  unit percent\n",
            "  unit percent // merit: allow(specific) reason \"a rate from the vendor\"\n",
        );
        assert_eq!(configured(&both), []);
    }

    #[test]
    fn an_allow_with_nothing_after_it_is_unused() {
        let text = format!("{SCHEME}// merit: allow(specific::no-name) reason \"x\"\n");
        let found = configured(&text);
        assert!(found.contains(&("config::unused-allow".to_string(), 15)), "{found:?}");
        let file = SourceFile::new("t.merit", text.as_str());
        let parsed = crate::syntax::parse(&file).expect("parses");
        let (allows, _) = collect(&parsed, &file);
        assert_eq!(allows.iter().map(|a| a.lines).collect::<Vec<_>>(), [Some((9, 14)), None]);
    }
}
