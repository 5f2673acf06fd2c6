//! Large files are parsed in pieces, in parallel: the text is cut before top-level
//! statements, each piece is parsed by pest and walked into a [`Draft`] on its own thread,
//! and the drafts are appended in file order. Spans stay the file's (each piece's builder adds
//! the piece's start to pest's offsets).
//!
//! Only a clean file takes this path. A piece with anything to report, or two pieces that
//! both give a field a scheme gives once, make the caller parse the whole file in one piece,
//! so that every message is the same as without pieces.

use pest::Parser;
use rayon::prelude::*;

use crate::ast::Scheme;
use crate::source::{SourceFile, Span};

use super::builder::Builder;
use super::explain::Block;
use super::grammar::{MeritParser, Rule};
use super::scheme::Draft;

/// Files shorter than this are parsed in one piece (a piece costs a thread hop and a
/// builder; small files parse in well under a millisecond anyway).
pub(super) const MIN_BYTES: usize = 64 * 1024;

/// Pieces per thread: a few, so that a thread that finishes early takes another.
const PIECES_PER_THREAD: usize = 4;

/// The size of a piece for a file of `len` bytes on this machine's threads.
pub(super) fn piece_size(len: usize) -> usize {
    let pieces = rayon::current_num_threads() * PIECES_PER_THREAD;
    (len / pieces).max(MIN_BYTES / 4)
}

/// Parse and walk `file` in pieces of about `piece` bytes, cut at `line_words` (the pre-scan's
/// first words of lines outside blocks) that start a statement. `None` when the file must be
/// parsed in one piece: it has something to report, or it cannot be cut.
pub(super) fn parse(
    file: &SourceFile,
    line_words: &[usize],
    comments: &[Span],
    piece: usize,
) -> Option<Scheme> {
    let cuts = cuts(&file.text, line_words, piece);
    if cuts.len() < 3 {
        return None;
    }
    let drafts: Vec<Option<Draft>> = cuts
        .par_windows(2)
        .map(|w| {
            let (start, end) = (w[0], w[1]);
            let pairs = MeritParser::parse(Rule::file, &file.text[start..end]).ok()?;
            let mut b = Builder::new(file, Vec::new(), comments.to_vec()).shifted(start);
            let mut draft = Draft::new();
            draft.walk(&mut b, pairs.into_iter().next()?.into_inner());
            b.errors.is_empty().then_some(draft)
        })
        .collect();
    let mut drafts = drafts.into_iter();
    let mut whole = drafts.next()??;
    for draft in drafts {
        if !whole.append(draft?) {
            return None;
        }
    }
    let mut b = Builder::new(file, Vec::new(), Vec::new());
    whole.finish(&mut b).filter(|_| b.errors.is_empty())
}

/// Where the pieces start, and the end of the text: `0`, then the first statement start at or
/// after each multiple of `piece`, then `text.len()`.
fn cuts(text: &str, line_words: &[usize], piece: usize) -> Vec<usize> {
    let mut cuts = vec![0];
    let mut next = piece.max(1);
    for &at in line_words {
        if at >= next && starts_statement(&text[at..]) {
            cuts.push(at);
            next = at + piece.max(1);
        }
    }
    cuts.push(text.len());
    cuts
}

/// True when `text` starts with the first word of a top-level statement (a whole word).
fn starts_statement(text: &str) -> bool {
    Block::Top.keywords().iter().any(|word| {
        text.strip_prefix(word)
            .is_some_and(|rest| !rest.starts_with(|c: char| c == '_' || c.is_alphanumeric()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::Node;
    use crate::source::Spanned;
    use crate::syntax::{Parsed, prescan::prescan};

    /// `text` parsed in pieces of `piece` bytes (`None`: it must be parsed whole), and whole.
    fn both(text: &str, piece: usize) -> (Option<Scheme>, Result<Parsed, Vec<String>>) {
        let file = SourceFile::new("t.merit", text);
        let scan = prescan(&file);
        let comments: Vec<Span> = scan.comments.iter().map(|c| c.span).collect();
        let pieces = parse(&file, &scan.line_words, &comments, piece);
        let whole = super::super::parse_whole(&file, scan)
            .map_err(|ds| ds.into_iter().map(|d| d.message).collect());
        (pieces, whole)
    }

    /// A scheme of `groups` groups of ten indicators, with comments between statements.
    fn large(groups: usize) -> String {
        let mut text = String::from(
            "// A large scheme\nscheme \"Large\"\nversion \"1\"\ncycle monthly\n\
             scale five \"Five\" {\n  1 \"Poor\" => 0\n  5 \"Best\" => 100\n}\n\
             rater boss manager \"Boss\"\n",
        );
        for g in 0..groups {
            text.push_str(&format!("\n// Group {g}\ngroup g{g} \"Group {g}\" weight 1% {{\n"));
            for i in 0..10 {
                text.push_str(&format!(
                    "  indicator i{g}_{i} weight 10% {{ // the {i}th\n    unit percent\n    \
                     higher is better\n    score threshold 20% target 40%\n  }}\n"
                ));
            }
            text.push_str(&format!(
                "  indicator r{g} weight 0% {{\n    rated on five by boss\n  }}\n}}\n"
            ));
        }
        text.push_str("ranking {\n  scope all\n}\naction top \"Top\" {\n  when rank <= 1\n  bonus 100 CNY\n}\n");
        text
    }

    #[test]
    fn a_large_scheme_parsed_in_pieces_is_the_scheme_parsed_whole() {
        let text = large(300);
        assert!(text.len() > MIN_BYTES);
        let (pieces, whole) = both(&text, piece_size(text.len()));
        let pieces = pieces.expect("a clean scheme is parsed in pieces");
        let whole = whole.expect("it parses");
        assert_eq!(pieces, whole.scheme);
        assert_eq!(spans(&pieces), spans(&whole.scheme));
        assert_eq!(pieces.indicators.len(), 300);
        // The formatter puts the comments back by their spans.
        let formatted = crate::fmt::format(&Parsed { scheme: pieces, ..whole.clone() });
        assert_eq!(formatted, crate::fmt::format(&whole));
    }

    #[test]
    fn errors_in_a_large_scheme_are_reported_as_in_a_small_one() {
        let text = large(300).replacen("weight 10% {", "weight 10 {", 1).replacen(
            "  indicator i150_3 weight",
            "  indicator i150_3 wieght",
            1,
        );
        let file = SourceFile::new("t.merit", text.as_str());
        let errors = crate::syntax::parse(&file).expect_err("two broken statements");
        let lines: Vec<_> =
            errors.iter().filter_map(|d| d.span).map(|s| file.line_col(s.start).0).collect();
        let messages: Vec<_> = errors.iter().map(|d| d.message.as_str()).collect();
        let line_of = |needle: &str| text.find(needle).map(|at| file.line_col(at).0);
        let expected: Vec<_> = ["weight 10 {", "wieght"].into_iter().filter_map(line_of).collect();
        assert_eq!(lines, expected, "{messages:?}");
        assert_eq!(expected, [13, 8578]);
    }

    /// The spans of a scheme's statements and of its indicators' fields, in order (equality
    /// of schemes ignores spans).
    fn spans(s: &Scheme) -> Vec<Span> {
        fn nodes(list: &[Spanned<Node>], out: &mut Vec<Span>) {
            for node in list {
                out.push(node.span);
                out.push(node.id().span);
                match &node.node {
                    Node::Group(g) => {
                        out.push(g.weight.span);
                        nodes(&g.children, out);
                    }
                    Node::Indicator(i) => {
                        out.push(i.weight.span);
                        out.extend(i.label.as_ref().map(|x| x.span));
                        out.extend(i.unit.as_ref().map(|x| x.span));
                        out.extend(i.source.as_ref().map(|x| x.span));
                        out.extend(i.scoring.as_ref().map(|x| x.span));
                        out.extend(i.rating.as_ref().map(|x| x.span));
                    }
                }
            }
        }
        let mut out = vec![s.name.span];
        out.extend(s.version.as_ref().map(|x| x.span));
        out.extend(s.scope.as_ref().map(|x| x.span));
        out.extend(s.cycle.as_ref().map(|x| x.span));
        out.extend(s.approvals.iter().map(|x| x.span));
        out.extend(s.milestones.iter().map(|x| x.span));
        out.extend(s.raters.iter().map(|x| x.span));
        out.extend(s.scales.iter().map(|x| x.span));
        out.extend(s.hooks.iter().map(|x| x.span));
        nodes(&s.indicators, &mut out);
        out.extend(s.grades.iter().flat_map(|g| g.grades.iter().map(|x| x.span)));
        out.extend(s.ranking.as_ref().map(|x| x.span));
        for action in &s.actions {
            out.extend([action.span, action.id.span, action.condition.span]);
            out.extend(action.effects.iter().map(|x| x.span));
        }
        out
    }

    #[test]
    fn every_policy_parsed_in_pieces_is_the_policy_parsed_whole() {
        for name in ["online-shop-cs", "live-chat-agent", "team-lead", "voice-agent"] {
            let text = std::fs::read_to_string(format!("policies/{name}.merit")).expect("read");
            // One statement a piece, then a few.
            for piece in [1, 200] {
                let (pieces, whole) = both(&text, piece);
                let pieces = pieces.expect("a clean policy is parsed in pieces");
                let whole = whole.expect("a clean policy parses");
                assert_eq!(pieces, whole.scheme, "{name}, pieces of {piece}");
                assert_eq!(spans(&pieces), spans(&whole.scheme), "{name}, pieces of {piece}");
                let formatted = crate::fmt::format(&Parsed { scheme: pieces, ..whole.clone() });
                assert_eq!(formatted, crate::fmt::format(&whole), "{name}, pieces of {piece}");
            }
        }
    }

    #[test]
    fn a_field_given_in_two_pieces_makes_the_file_be_parsed_whole() {
        let text = "scheme \"a\"\nscope \"x\"\nversion \"1\"\nscope \"y\"\n";
        let (pieces, whole) = both(text, 1);
        assert!(pieces.is_none());
        let messages = whole.expect_err("a second scope is an error");
        assert!(messages[0].contains("scope"), "{messages:?}");
        // Given once, the same file is parsed in pieces.
        let (pieces, _) = both("scheme \"a\"\nscope \"x\"\nversion \"1\"\n", 1);
        assert!(pieces.is_some());
    }

    #[test]
    fn a_piece_with_an_error_or_no_title_makes_the_file_be_parsed_whole() {
        for text in [
            "scheme \"a\"\nversion \"1\"\nrater x boss weight 70\n",
            "scheme \"a\"\nversion \"1\"\nbogus statement\n",
            "version \"1\"\nowner \"HR\"\n",
        ] {
            let (pieces, whole) = both(text, 1);
            assert!(pieces.is_none(), "{text}");
            assert!(whole.is_err(), "{text}");
        }
    }

    #[test]
    fn pieces_start_at_statements_only() {
        let text = "scheme \"x\"\nrole y\nversion \"1\"\ngroups\ngroup g weight 1% {}\n";
        let words = [0, 11, 18, 30, 37];
        assert_eq!(cuts(text, &words, 1), [0, 18, 37, text.len()]);
        assert_eq!(cuts(text, &words, 20), [0, 37, text.len()]);
        assert_eq!(cuts(text, &words, 1000), [0, text.len()]);
    }
}
