//! One folder per case under `tests/cases/<case>/`: `scheme.merit` (and, for evaluation
//! cases, data files). The snapshot holds the rendered diagnostics of parse + check.

use merit::SourceFile;

fn diagnostics_of(path: &std::path::Path) -> String {
    let bytes = std::fs::read(path).expect("case file is readable");
    let text = String::from_utf8_lossy(&bytes);
    let name = format!(
        "{}/scheme.merit",
        path.parent().and_then(|p| p.file_name()).map(|n| n.to_string_lossy()).unwrap_or_default()
    );
    let file = SourceFile::new(name, text.as_ref());
    let diagnostics = match merit::syntax::parse(&file) {
        Ok(parsed) => merit::check::check(&parsed.scheme, &file),
        Err(errors) => errors,
    };
    if diagnostics.is_empty() {
        return "no findings\n".to_string();
    }
    merit::diagnostic::render(&diagnostics, false)
}

#[test]
fn case_diagnostics() {
    insta::glob!("cases/*/scheme.merit", |path| {
        insta::assert_snapshot!(diagnostics_of(path));
    });
}
