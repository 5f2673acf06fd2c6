//! One linear pass over the text before pest runs: collects comments, finds unterminated
//! strings, binary content, unbalanced braces and nesting too deep for a recursive parser.
//! Strings and comments are skipped, so a `{` or `//` inside a string counts for nothing.

use crate::diagnostic::Diagnostic;
use crate::source::{SourceFile, Span};

use super::Comment;

/// Deepest nesting of `{ }` and `( )` accepted; deeper input is rejected before pest runs,
/// whose recursion would otherwise exhaust the stack.
pub const MAX_DEPTH: usize = 64;

/// What the pre-scan found.
pub(super) struct Prescan {
    /// Every `//` comment, in file order.
    pub comments: Vec<Comment>,
    /// Errors found.
    pub errors: Vec<Diagnostic>,
    /// True when the file has something besides whitespace and comments.
    pub has_content: bool,
    /// True when pest must not run: braces unbalanced, nesting too deep or binary text.
    pub fatal: bool,
    /// The offsets of the words that start a line outside every block and parenthesis: where
    /// top-level statements may start (`syntax::chunks` cuts large files there).
    pub line_words: Vec<usize>,
}

/// A `{` not yet closed: where it is and the indentation of its line.
struct Opener {
    offset: usize,
    indent: usize,
}

/// Scan `file`'s text once.
pub(super) fn prescan(file: &SourceFile) -> Prescan {
    let text: &str = &file.text;
    let bytes = text.as_bytes();
    let mut scan = Prescan {
        comments: Vec::new(),
        errors: Vec::new(),
        has_content: false,
        fatal: false,
        line_words: Vec::new(),
    };
    let mut openers: Vec<Opener> = Vec::new();
    let mut misclosed: Option<usize> = None;
    let mut parens = 0usize;
    let mut line_start = 0usize;
    let mut line_indent: Option<usize> = None;
    let mut i = 0usize;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'\n' => {
                line_start = i + 1;
                line_indent = None;
                i += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' => {
                i += 1;
                continue;
            }
            0 => {
                scan.errors.push(binary_file(file));
                scan.fatal = true;
                return scan;
            }
            _ => {}
        }
        let first_on_line = line_indent.is_none();
        if first_on_line {
            line_indent = Some(i - line_start);
        }
        if b == b'/' && bytes.get(i + 1) == Some(&b'/') {
            let end = line_end(bytes, i);
            scan.comments.push(Comment { span: Span::new(i, end), text: text[i..end].to_string() });
            i = end;
            continue;
        }
        scan.has_content = true;
        match b {
            b'"' => {
                i = skip_string(file, bytes, i, &mut scan.errors);
                continue;
            }
            b'{' | b'(' => {
                if b == b'{' {
                    openers.push(Opener { offset: i, indent: line_indent.unwrap_or(0) });
                } else {
                    parens += 1;
                }
                if openers.len() + parens > MAX_DEPTH {
                    scan.errors.push(too_deep(file, i));
                    scan.fatal = true;
                    return scan;
                }
            }
            b')' => parens = parens.saturating_sub(1),
            b'}' => match openers.pop() {
                Some(opener) => {
                    let indent = line_indent.unwrap_or(0);
                    if first_on_line && indent != opener.indent && misclosed.is_none() {
                        misclosed = Some(opener.offset);
                    }
                }
                None => {
                    scan.errors.push(unmatched_brace(file, i));
                    scan.fatal = true;
                }
            },
            _ => {
                if first_on_line && openers.is_empty() && parens == 0 {
                    scan.line_words.push(i);
                }
                // The rest of a word or a number: nothing in it changes the scan.
                i += 1;
                while i < bytes.len() && !stops_scan(bytes[i]) {
                    i += 1;
                }
                continue;
            }
        }
        i += 1;
    }
    if let Some(innermost) = openers.last() {
        let offset = misclosed.unwrap_or(innermost.offset);
        scan.errors.push(unclosed_brace(file, offset));
        scan.fatal = true;
    }
    scan
}

/// True for the bytes the scan looks at: blanks, NUL, `/`, quotes, braces and parentheses.
fn stops_scan(b: u8) -> bool {
    matches!(b, b'\n' | b' ' | b'\t' | b'\r' | 0 | b'/' | b'"' | b'{' | b'}' | b'(' | b')')
}

/// Offset of the end of the line containing `i`, before any `\r\n` or `\n`.
fn line_end(bytes: &[u8], i: usize) -> usize {
    let mut end = bytes[i..].iter().position(|&c| c == b'\n').map_or(bytes.len(), |n| i + n);
    if end > i && bytes[end - 1] == b'\r' {
        end -= 1;
    }
    end
}

/// Skip the string starting at the `"` at `start`; returns the offset after it. An
/// unterminated string is reported and ends at the end of its line.
fn skip_string(
    file: &SourceFile,
    bytes: &[u8],
    start: usize,
    errors: &mut Vec<Diagnostic>,
) -> usize {
    let mut j = start + 1;
    while j < bytes.len() {
        match bytes[j] {
            b'"' => return j + 1,
            b'\\' if bytes.get(j + 1).is_some_and(|&c| c != b'\n' && c != b'\r') => j += 2,
            b'\n' | b'\r' => break,
            _ => j += 1,
        }
    }
    let end = line_end(bytes, start);
    errors.push(
        Diagnostic::error("syntax::unterminated-string", "this string has no closing `\"`")
            .at(file, Span::new(start, end))
            .with_label("the string starts here and runs to the end of the line")
            .with_help(
                "end the string with `\"` on the same line; write `\\\"` for a quote inside it",
            ),
    );
    end
}

fn binary_file(file: &SourceFile) -> Diagnostic {
    Diagnostic::error(
        "syntax::not-utf8",
        format!("`{}` is a binary file, not a merit scheme (it contains a NUL byte)", file.name),
    )
    .in_file(&SourceFile::new(file.name.clone(), ""))
    .with_help("a scheme is a UTF-8 text file; check that you passed the right file")
}

fn too_deep(file: &SourceFile, offset: usize) -> Diagnostic {
    Diagnostic::error(
        "syntax::too-deep",
        format!("blocks are nested more than {MAX_DEPTH} levels deep"),
    )
    .at(file, Span::new(offset, offset + 1))
    .with_label(format!("level {} starts here", MAX_DEPTH + 1))
    .with_help("flatten the groups (or parentheses); a scheme rarely needs more than four levels")
}

fn unmatched_brace(file: &SourceFile, offset: usize) -> Diagnostic {
    Diagnostic::error("syntax::unmatched-brace", "this `}` closes nothing")
        .at(file, Span::new(offset, offset + 1))
        .with_label("no block is open here")
        .with_help("remove this `}`, or add the `{` that it should close")
}

fn unclosed_brace(file: &SourceFile, offset: usize) -> Diagnostic {
    let (line, _) = file.line_col(offset);
    let block = describe_block(&file.text, offset);
    Diagnostic::error(
        "syntax::unclosed-brace",
        format!("expected `}}` to close the {block} opened on line {line}"),
    )
    .at(file, Span::new(offset, offset + 1))
    .with_label("this `{` is never closed")
    .with_help(format!("add `}}` after the last statement of the {block}"))
}

/// "group `service`", "`ranking` block": what the `{` at `offset` opens, from the words
/// before it on its line.
fn describe_block(text: &str, offset: usize) -> String {
    let start = text[..offset].rfind('\n').map_or(0, |n| n + 1);
    let mut words = text[start..offset].split_whitespace();
    let first = words.next().unwrap_or("");
    match first {
        "group" | "indicator" | "scale" | "action" => match words.next() {
            Some(id) => format!("{first} `{id}`"),
            None => first.to_string(),
        },
        "" => "block".to_string(),
        other => format!("`{other}` block"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(text: &str) -> Prescan {
        prescan(&SourceFile::new("t.merit", text))
    }

    #[test]
    fn comments_exclude_the_newline_and_skip_strings() {
        let s = scan("a \"x // y\" // one\r\n// two\n");
        let texts: Vec<_> = s.comments.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["// one", "// two"]);
        assert_eq!(s.comments[0].span, Span::new(11, 17));
    }

    #[test]
    fn line_words_are_the_first_words_of_lines_outside_blocks() {
        let text = "scheme \"x\"\ngroup g weight 1% {\n  unit count\n}\n  // c\n rater a\n(\nx)\n";
        let words: Vec<_> = scan(text).line_words.iter().map(|&i| &text[i..i + 5]).collect();
        assert_eq!(words, ["schem", "group", "rater"]);
    }

    #[test]
    fn braces_in_strings_do_not_count() {
        let s = scan("scale x \"{\" { 1 \"}\" }");
        assert!(s.errors.is_empty() && !s.fatal);
    }

    #[test]
    fn unclosed_brace_blames_the_misindented_block() {
        let s = scan("group a weight 1% {\n  indicator x weight 1% {\n    unit count\n}\n");
        assert!(s.fatal);
        assert!(
            s.errors[0].message.contains("indicator `x` opened on line 2"),
            "{}",
            s.errors[0].message
        );
    }
}
