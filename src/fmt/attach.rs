//! Where each comment goes. Statements are reordered, so a comment travels with a statement:
//! - comments at the top of the file, a blank line above the first statement, are the file's
//!   header and stay at the top;
//! - a comment on the line where a statement ends is that statement's trailing comment;
//! - a comment right after a block's `{` is the block's header comment;
//! - any other comment leads the statement that follows it in its block (the innermost block
//!   that contains it), or, when none follows, dangles before the block's `}`;
//! - a comment written inside a one-line statement (split over lines) leads that statement.
//!
//! Blank lines are kept (one at most) before a statement or comment that begins its line.
//! Without the source text, lines are unknown: every comment then leads or dangles.

use crate::syntax::Comment;

use super::doc::{FileNotes, Note, Stmt};

/// The source text, when known, answering questions about lines.
#[derive(Debug, Clone, Copy)]
pub struct Lines<'a> {
    bytes: Option<&'a [u8]>,
    /// Offset of the first byte that is not whitespace.
    first_content: usize,
}

impl<'a> Lines<'a> {
    /// Lines of `text`, or no line information at all.
    pub fn new(text: Option<&'a str>) -> Self {
        let bytes = text.map(str::as_bytes);
        let first_content = bytes
            .and_then(|b| b.iter().position(|b| !b.is_ascii_whitespace()))
            .unwrap_or(usize::MAX);
        Lines { bytes, first_content }
    }

    /// Whether `from` and `to` lie on one line (no line break between them).
    fn same_line(&self, from: usize, to: usize) -> bool {
        let Some(bytes) = self.bytes else { return false };
        let (from, to) = (from.min(bytes.len()), to.min(bytes.len()));
        from <= to && !bytes[from..to].contains(&b'\n')
    }

    /// The offset where the line holding `offset` begins.
    fn line_start(bytes: &[u8], offset: usize) -> usize {
        let offset = offset.min(bytes.len());
        bytes[..offset].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)
    }

    /// Whether the line before the one holding `offset` is blank, with text above it, and
    /// nothing in `occupied` (sorted) lies on `offset`'s line before it: it begins its line.
    fn blank_before(&self, offset: usize, occupied: &[usize]) -> bool {
        let Some(bytes) = self.bytes else { return false };
        let start = Self::line_start(bytes, offset);
        let first_after_start = occupied.partition_point(|&q| q < start);
        if start == 0 || occupied.get(first_after_start).is_some_and(|&q| q < offset) {
            return false;
        }
        let previous = Self::line_start(bytes, start - 1);
        let blank = bytes[previous..start].iter().all(u8::is_ascii_whitespace);
        blank && self.first_content < previous
    }
}

/// Attach `comments` to the top-level statements; returns the comments that belong to the
/// file rather than to a statement.
pub fn attach(stmts: &mut [Stmt], comments: &[Comment], lines: Lines<'_>) -> FileNotes {
    let mut sorted: Vec<&Comment> = comments.iter().collect();
    sorted.sort_by_key(|c| c.span.start);
    let (_, dangling) = attach_block(stmts, &sorted, None, lines);
    FileNotes { header: file_header(stmts), dangling }
}

/// The file's header: the comments above the first statement written, up to the last blank
/// line before it. They stay at the top of the file even when that statement moves.
fn file_header(stmts: &mut [Stmt]) -> Vec<Note> {
    let first = stmts.iter_mut().filter(|s| !s.extent.is_empty()).min_by_key(|s| s.extent.start);
    let Some(first) = first else { return Vec::new() };
    let notes = &first.notes;
    let mut blank_after = notes.leading.iter().skip(1).map(|n| n.blank_before).collect::<Vec<_>>();
    blank_after.push(notes.blank_before);
    let Some(last) = blank_after.iter().rposition(|&blank| blank) else { return Vec::new() };
    let rest = first.notes.leading.split_off(last + 1);
    let header = std::mem::replace(&mut first.notes.leading, rest);
    if first.notes.leading.is_empty() {
        first.notes.blank_before = false;
    } else {
        first.notes.leading[0].blank_before = false;
    }
    header
}

/// Attach the comments of one block to its statements (and, recursively, theirs). Returns
/// the block's header comment and its dangling comments.
fn attach_block(
    stmts: &mut [Stmt],
    comments: &[&Comment],
    block_start: Option<usize>,
    lines: Lines<'_>,
) -> (Option<String>, Vec<Note>) {
    let mut occupied: Vec<usize> = stmts.iter().map(|s| s.extent.end).collect();
    occupied.extend(block_start);
    occupied.extend(comments.iter().map(|c| c.span.end));
    occupied.sort_unstable();
    for stmt in stmts.iter_mut() {
        stmt.notes.blank_before = lines.blank_before(stmt.extent.start, &occupied);
    }
    // The statements in source order (they do not overlap), for binary searches.
    let mut order: Vec<usize> = (0..stmts.len()).filter(|&i| !stmts[i].extent.is_empty()).collect();
    order.sort_by_key(|&i| stmts[i].extent.start);
    let starts: Vec<usize> = order.iter().map(|&i| stmts[i].extent.start).collect();

    let mut inside: Vec<Vec<&Comment>> = vec![Vec::new(); stmts.len()];
    let mut header = None;
    let mut dangling = Vec::new();
    for &comment in comments {
        let at = comment.span.start;
        let text = comment.text.trim_end().to_string();
        let note = || Note { text: text.clone(), blank_before: lines.blank_before(at, &occupied) };
        let started = starts.partition_point(|&s| s <= at);
        if let Some(&i) = started.checked_sub(1).and_then(|k| order.get(k)) {
            let extent = stmts[i].extent;
            if at < extent.end {
                if stmts[i].body.is_some() {
                    inside[i].push(comment);
                } else {
                    stmts[i].notes.leading.push(note());
                }
                continue;
            }
            if stmts[i].notes.trailing.is_none() && lines.same_line(extent.end, at) {
                stmts[i].notes.trailing = Some(text);
                continue;
            }
        } else if let Some(start) = block_start {
            if header.is_none() && lines.same_line(start, at) {
                header = Some(text);
                continue;
            }
        }
        let end = comment.span.end.max(at);
        match order.get(starts.partition_point(|&s| s < end)) {
            Some(&i) => stmts[i].notes.leading.push(note()),
            None => dangling.push(note()),
        }
    }

    for (stmt, comments) in stmts.iter_mut().zip(inside) {
        let start = stmt.extent.start;
        if let Some(body) = stmt.body.as_mut() {
            let (header, dangling) = attach_block(body, &comments, Some(start), lines);
            stmt.notes.header = header;
            stmt.notes.dangling = dangling;
        }
    }
    (header, dangling)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fmt::doc::print;
    use crate::source::Span;

    fn comment(text: &str, start: usize) -> Comment {
        Comment { span: Span::new(start, start + text.len()), text: text.to_string() }
    }

    /// Statements at the positions of `marker` words in `text`.
    fn at(text: &str, word: &str) -> Span {
        let start = text.find(word).expect("word in text");
        Span::new(start, start + word.len())
    }

    fn comments_of(text: &str) -> Vec<Comment> {
        let mut out = Vec::new();
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            if let Some(i) = line.find("//") {
                out.push(comment(line[i..].trim_end_matches('\n'), offset + i));
            }
            offset += line.len();
        }
        out
    }

    #[test]
    fn leading_trailing_header_and_dangling() {
        let text = "// lead b\nbbb // trail b\n\n// lead a\naaa { // head\n  ccc\n  // dangle\n}\n// eof\n";
        let inner = Stmt::line("ccc".into(), [at(text, "ccc")]);
        let block_span =
            Span::new(text.find("aaa").expect("aaa"), text.rfind('}').expect("brace") + 1);
        let a = Stmt::block("aaa".into(), [block_span], vec![inner]).in_section(0);
        let b = Stmt::line("bbb".into(), [at(text, "bbb")]).in_section(1);
        let mut stmts = vec![a, b];
        let notes = attach(&mut stmts, &comments_of(text), Lines::new(Some(text)));
        let out = print(&stmts, &notes);
        // The blank line before `// lead a` goes: it is now at the start of the file.
        let expected = "// lead a\naaa { // head\n  ccc\n  // dangle\n}\n\n// lead b\n\
                        bbb // trail b\n// eof\n";
        assert_eq!(out, expected);
    }

    #[test]
    fn a_file_header_stays_at_the_top() {
        let text = "// header\n\n// lead b\nbbb\naaa\n";
        let mut stmts = vec![
            Stmt::line("aaa".into(), [at(text, "aaa")]),
            Stmt::line("bbb".into(), [at(text, "bbb")]).in_section(1),
        ];
        let notes = attach(&mut stmts, &comments_of(text), Lines::new(Some(text)));
        assert_eq!(print(&stmts, &notes), "// header\n\naaa\n\n// lead b\nbbb\n");
    }

    #[test]
    fn without_text_every_comment_leads() {
        let text = "aaa // t\nbbb\n";
        let mut stmts = vec![
            Stmt::line("aaa".into(), [at(text, "aaa")]),
            Stmt::line("bbb".into(), [at(text, "bbb")]),
        ];
        let notes = attach(&mut stmts, &comments_of(text), Lines::new(None));
        assert_eq!(print(&stmts, &notes), "aaa\n// t\nbbb\n");
    }

    #[test]
    fn a_comment_inside_a_line_statement_leads_it() {
        let text = "aaa // split\n  zzz\n";
        let mut stmts = vec![Stmt::line("aaa zzz".into(), [at(text, "aaa"), at(text, "zzz")])];
        let notes = attach(&mut stmts, &comments_of(text), Lines::new(Some(text)));
        assert_eq!(print(&stmts, &notes), "// split\naaa zzz\n");
    }
}
