//! The formatter's document: statements in canonical order, each one line or a `{ }` block,
//! with the comments attached to them; and the printer that lays them out.

use crate::source::Span;

/// Spaces per level of nesting.
const INDENT: &str = "  ";

/// One statement of the output: a line, or a block header with statements inside.
#[derive(Debug, Clone)]
pub struct Stmt {
    /// Where the statement was written (the hull of its spans): comments attach by it.
    pub extent: Span,
    /// The line, or the block's header without ` {`.
    pub text: String,
    /// The statements inside the braces, for a block.
    pub body: Option<Vec<Stmt>>,
    /// Top level only: which kind of statement it is; a blank line separates kinds.
    pub section: u8,
    /// The comments attached to it.
    pub notes: Notes,
}

/// The comments around one statement.
#[derive(Debug, Clone, Default)]
pub struct Notes {
    /// Whole-line comments before it.
    pub leading: Vec<Note>,
    /// A blank line between the last leading comment (or the previous statement) and it.
    pub blank_before: bool,
    /// The comment after it on its (last) line.
    pub trailing: Option<String>,
    /// For a block: the comment after its `{`.
    pub header: Option<String>,
    /// For a block: comments after its last statement, before its `}`.
    pub dangling: Vec<Note>,
}

/// A whole-line comment.
#[derive(Debug, Clone)]
pub struct Note {
    /// The comment's text, from `//`.
    pub text: String,
    /// A blank line before it in the source (kept, at most one).
    pub blank_before: bool,
}

/// The smallest span covering every non-empty span given (empty spans carry no position).
pub fn hull(spans: impl IntoIterator<Item = Span>) -> Span {
    spans.into_iter().filter(|s| !s.is_empty()).reduce(Span::join).unwrap_or_default()
}

impl Stmt {
    /// A one-line statement written at `spans`.
    pub fn line(text: String, spans: impl IntoIterator<Item = Span>) -> Stmt {
        Stmt { extent: hull(spans), text, body: None, section: 0, notes: Notes::default() }
    }

    /// A block `text { body }` written at `spans` (its statements' extents are added).
    pub fn block(text: String, spans: impl IntoIterator<Item = Span>, body: Vec<Stmt>) -> Stmt {
        let extent = hull(spans.into_iter().chain(body.iter().map(|s| s.extent)));
        Stmt { extent, text, body: Some(body), section: 0, notes: Notes::default() }
    }

    /// The same statement, in top-level section `section`.
    pub fn in_section(mut self, section: u8) -> Stmt {
        self.section = section;
        self
    }

    fn is_block(&self) -> bool {
        self.body.is_some()
    }
}

/// The comments that belong to the file rather than to a statement.
#[derive(Debug, Clone, Default)]
pub struct FileNotes {
    /// Comments at the top of the file, set off from the first statement by a blank line.
    pub header: Vec<Note>,
    /// Comments after the last statement.
    pub dangling: Vec<Note>,
}

/// Print the file: its header comments, the statements, the comments at the end.
pub fn print(stmts: &[Stmt], notes: &FileNotes) -> String {
    let mut printer = Printer { out: String::new(), at_block_start: true };
    for note in &notes.header {
        printer.line(0, &note.text, note.blank_before);
    }
    if !notes.header.is_empty() && !stmts.is_empty() {
        printer.out.push('\n');
        printer.at_block_start = true;
    }
    printer.statements(stmts, &notes.dangling, 0, true);
    printer.out
}

struct Printer {
    out: String,
    /// Nothing printed yet in the current block: no blank line goes here.
    at_block_start: bool,
}

impl Printer {
    fn statements(&mut self, stmts: &[Stmt], dangling: &[Note], depth: usize, top: bool) {
        let mut previous: Option<&Stmt> = None;
        for stmt in stmts {
            let separate = top
                && previous
                    .is_some_and(|p| p.section != stmt.section || p.is_block() || stmt.is_block());
            self.statement(stmt, depth, separate);
            previous = Some(stmt);
        }
        for note in dangling {
            self.line(depth, &note.text, note.blank_before);
        }
    }

    fn statement(&mut self, stmt: &Stmt, depth: usize, separate: bool) {
        let mut blank = separate;
        for note in &stmt.notes.leading {
            self.line(depth, &note.text, blank || note.blank_before);
            blank = false;
        }
        let blank = blank || stmt.notes.blank_before;
        let trailing = |text: &mut String| {
            if let Some(comment) = &stmt.notes.trailing {
                text.push(' ');
                text.push_str(comment);
            }
        };
        let Some(body) = &stmt.body else {
            let mut text = stmt.text.clone();
            trailing(&mut text);
            self.line(depth, &text, blank);
            return;
        };
        let notes = &stmt.notes;
        if body.is_empty() && notes.header.is_none() && notes.dangling.is_empty() {
            let mut text = format!("{} {{}}", stmt.text);
            trailing(&mut text);
            self.line(depth, &text, blank);
            return;
        }
        let mut header = format!("{} {{", stmt.text);
        if let Some(comment) = &notes.header {
            header.push(' ');
            header.push_str(comment);
        }
        self.line(depth, &header, blank);
        self.at_block_start = true;
        self.statements(body, &notes.dangling, depth + 1, false);
        let mut close = "}".to_string();
        trailing(&mut close);
        self.at_block_start = false;
        self.line(depth, &close, false);
    }

    fn line(&mut self, depth: usize, text: &str, blank_before: bool) {
        if blank_before && !self.at_block_start {
            self.out.push('\n');
        }
        self.at_block_start = false;
        for _ in 0..depth {
            self.out.push_str(INDENT);
        }
        self.out.push_str(text);
        self.out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(text: &str, blank_before: bool) -> Note {
        Note { text: text.into(), blank_before }
    }

    #[test]
    fn prints_blocks_comments_and_section_breaks() {
        let mut a = Stmt::line("scheme \"x\"".into(), []).in_section(0);
        a.notes.leading.push(note("// top", false));
        let b = Stmt::line("version \"1\"".into(), []).in_section(0);
        let mut inner = Stmt::line("definition \"d\"".into(), []);
        inner.notes.trailing = Some("// t".into());
        let mut group = Stmt::block("group g weight 100%".into(), [], vec![inner]).in_section(5);
        group.notes.header = Some("// h".into());
        group.notes.dangling.push(note("// end of group", true));
        let empty = Stmt::block("ranking".into(), [], vec![]).in_section(7);
        let notes = FileNotes { header: vec![], dangling: vec![note("// eof", false)] };
        let text = print(&[a, b, group, empty], &notes);
        let expected = "// top\nscheme \"x\"\nversion \"1\"\n\ngroup g weight 100% { // h\n  \
                        definition \"d\" // t\n\n  // end of group\n}\n\nranking {}\n// eof\n";
        assert_eq!(text, expected);
    }

    #[test]
    fn no_blank_line_at_the_start_of_a_block() {
        let mut inner = Stmt::line("missing zero".into(), []);
        inner.notes.blank_before = true;
        let group = Stmt::block("group g weight 100%".into(), [], vec![inner]);
        assert_eq!(
            print(&[group], &FileNotes::default()),
            "group g weight 100% {\n  missing zero\n}\n"
        );
    }

    #[test]
    fn hull_ignores_empty_spans() {
        assert_eq!(hull([Span::new(5, 9), Span::default(), Span::new(2, 4)]), Span::new(2, 9));
        assert_eq!(hull([]), Span::default());
    }
}
