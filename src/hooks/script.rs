//! Hook scripts on disk: resolving a declared path inside the scheme's folder, reading and
//! compiling the script once, and turning rhai positions into spans of the script.

use std::path::{Component, Path, PathBuf};

use rhai::{AST, Engine, Position};

use crate::ast::HookDecl;
use crate::diagnostic::Diagnostic;
use crate::source::{SourceFile, Span, Spanned};

/// One compiled hook script.
#[derive(Debug, Clone)]
pub(crate) struct Script {
    /// The script's text, named as shown in messages (scheme folder joined with its path).
    pub(crate) file: SourceFile,
    /// The compiled script; shared by every call.
    pub(crate) ast: AST,
}

impl Script {
    /// The parameter lists of every function named `name` (rhai allows one per arity).
    pub(crate) fn signatures(&self, name: &str) -> Vec<Vec<String>> {
        self.ast
            .iter_functions()
            .filter(|f| f.name == name)
            .map(|f| f.params.iter().map(|p| (*p).to_string()).collect())
            .collect()
    }

    /// The names of every function the script defines, sorted and without repeats.
    pub(crate) fn function_names(&self) -> Vec<String> {
        let mut names: Vec<String> =
            self.ast.iter_functions().map(|f| f.name.to_string()).collect();
        names.sort();
        names.dedup();
        names
    }

    /// The span of `name` in the script's first `fn name(` definition.
    pub(crate) fn definition_span(&self, name: &str) -> Option<Span> {
        definition_span(&self.file.text, name)
    }

    /// The span in the script of a rhai position, when it has one.
    pub(crate) fn span_of(&self, position: Position) -> Option<Span> {
        position_span(&self.file.text, position)
    }
}

/// Where the script declared by `decl` is on disk, and the name shown for it in messages.
pub(crate) fn resolve(
    decl: &Spanned<HookDecl>,
    scheme_file: &SourceFile,
    scheme_dir: &Path,
) -> Result<(PathBuf, String), Diagnostic> {
    let written = decl.script.node.as_str();
    let relative = Path::new(written);
    let escapes = written.is_empty()
        || relative.is_absolute()
        || relative
            .components()
            .any(|c| matches!(c, Component::ParentDir | Component::RootDir | Component::Prefix(_)));
    let outside = || {
        Diagnostic::error(
            "hooks::script-outside-scheme",
            format!("the hook script \"{written}\" is not inside the scheme's folder"),
        )
        .at(scheme_file, decl.script.span)
        .with_label("script path")
        .with_help(
            "write the path relative to the scheme's folder, without `..` or a leading `/`, \
             and keep hook scripts next to the scheme (e.g. \"hooks/team.rhai\")",
        )
    };
    if escapes {
        return Err(outside());
    }
    let path = scheme_dir.join(relative);
    let shown = path.display().to_string();
    // A symbolic link could still lead outside: compare the real paths when both exist.
    let base = if scheme_dir.as_os_str().is_empty() { Path::new(".") } else { scheme_dir };
    if let (Ok(real_dir), Ok(real_path)) = (base.canonicalize(), path.canonicalize())
        && !real_path.starts_with(&real_dir)
    {
        return Err(outside());
    }
    Ok((path, shown))
}

/// Read and compile a script. A syntax error points into the script.
pub(crate) fn load(
    engine: &Engine,
    path: &Path,
    shown: &str,
    decl: &Spanned<HookDecl>,
    scheme_file: &SourceFile,
) -> Result<Script, Diagnostic> {
    let text = std::fs::read_to_string(path).map_err(|error| {
        Diagnostic::error(
            "hooks::script-not-found",
            format!("cannot read the hook script {shown}: {error}"),
        )
        .at(scheme_file, decl.script.span)
        .with_label("declared here")
        .with_help("check the path: it is relative to the folder of the scheme file")
    })?;
    let file = SourceFile::new(shown, text);
    let mut ast = engine.compile(&*file.text).map_err(|error| {
        let position = error.position();
        let diagnostic = Diagnostic::error(
            "hooks::syntax",
            format!("syntax error in the hook script {shown}: {}", error.err_type()),
        )
        .with_help(
            "fix the script at the marked place; hooks are written in rhai \
             (see docs/hooks.md for what scripts may use)",
        );
        match position_span(&file.text, position) {
            Some(span) => diagnostic.at(&file, span).with_label(error.err_type().to_string()),
            None => diagnostic.in_file(&file),
        }
    })?;
    ast.set_source(shown);
    Ok(Script { file, ast })
}

/// The span of a rhai position (1-based line, 1-based column in characters): the word that
/// starts there, or one character.
pub(crate) fn position_span(text: &str, position: Position) -> Option<Span> {
    let line = position.line()?;
    let column = position.position().unwrap_or(1).max(1);
    let mut line_start = 0;
    for _ in 1..line {
        match text[line_start..].find('\n') {
            Some(i) => line_start += i + 1,
            None => return Some(Span::new(text.len(), text.len())),
        }
    }
    let line_text = &text[line_start..];
    let line_end = line_text.find('\n').map_or(text.len(), |i| line_start + i);
    let start = line_text
        .char_indices()
        .nth(column - 1)
        .map_or(line_end, |(i, _)| (line_start + i).min(line_end));
    let word = text[start..line_end]
        .char_indices()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
        .map_or(line_end - start, |(i, _)| i);
    let len = if word > 0 {
        word
    } else {
        text[start..line_end].chars().next().map_or(0, char::len_utf8)
    };
    Some(Span::new(start, start + len))
}

/// The span of `name` in the first `fn name(` of the text.
fn definition_span(text: &str, name: &str) -> Option<Span> {
    let mut from = 0;
    while let Some(found) = text[from..].find("fn") {
        let at = from + found;
        from = at + 2;
        let before_ok = text[..at].chars().next_back().is_none_or(char::is_whitespace);
        let rest = &text[at + 2..];
        let trimmed = rest.trim_start();
        if !before_ok || trimmed.len() == rest.len() || !trimmed.starts_with(name) {
            continue;
        }
        if trimmed[name.len()..].trim_start().starts_with('(') {
            let start = text.len() - trimmed.len();
            return Some(Span::new(start, start + name.len()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_at(text: &str, span: Option<Span>) -> Option<&str> {
        span.map(|span| &text[span.start..span.end])
    }

    #[test]
    fn position_span_covers_the_word_at_line_and_column() {
        let text = "fn f(x) {\n  x + foo\n}";
        assert_eq!(text_at(text, position_span(text, Position::new(2, 7))), Some("foo"));
        assert_eq!(text_at(text, position_span(text, Position::new(2, 5))), Some("+"));
    }

    #[test]
    fn position_span_counts_columns_in_characters() {
        let text = "// 工作\nfn f() { \"工\" + bar }";
        assert_eq!(text_at(text, position_span(text, Position::new(2, 16))), Some("bar"));
    }

    #[test]
    fn position_past_the_end_is_clamped() {
        let text = "fn f() {";
        let end = Span::new(text.len(), text.len());
        assert_eq!(position_span(text, Position::new(9, 1)), Some(end));
        assert_eq!(position_span(text, Position::NONE), None);
    }

    #[test]
    fn definition_span_finds_the_function_name() {
        let text = "fn other(x) { x }\n\nprivate fn  points (a, b) {\n  a\n}";
        assert_eq!(text_at(text, definition_span(text, "points")), Some("points"));
        assert_eq!(definition_span(text, "point"), None);
        assert_eq!(definition_span(text, "missing"), None);
    }
}
