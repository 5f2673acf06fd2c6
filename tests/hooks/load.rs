//! Loading and checking: scripts on disk, syntax errors, declarations against definitions.

use super::support::*;

#[test]
fn syntax_error_points_into_the_script() {
    let fixture = single("fn f(x) {\n    let y = x *;\n    y\n}\n");
    let errors = fixture.errors();
    assert_eq!(errors[0].code, "hooks::syntax");
    assert_eq!(errors[0].line_col(), Some((2, 16)));
    insta::assert_snapshot!(fixture.render(&errors));
}

#[test]
fn missing_script_file_points_at_the_declaration() {
    let scheme = SchemeText::new().hook("f", "hooks/none.rhai").points("f", &["value"]);
    let fixture = Fixture::new(scheme, &[]);
    let errors = fixture.errors();
    assert_eq!(errors.len(), 1, "only the file is reported, not the call");
    assert_eq!(errors[0].code, "hooks::script-not-found");
    let span = errors[0].span.unwrap();
    assert_eq!(&fixture.file.text[span.start..span.end], "hooks/none.rhai");
}

#[test]
fn scripts_outside_the_scheme_folder_are_refused() {
    for path in ["../outside.rhai", "/etc/passwd", "hooks/../../x.rhai", ""] {
        let scheme = SchemeText::new().hook("f", path).points("f", &["value"]);
        let errors = Fixture::new(scheme, &[]).errors();
        assert_eq!(errors[0].code, "hooks::script-outside-scheme", "{path}");
    }
}

#[test]
fn a_symbolic_link_out_of_the_scheme_folder_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.rhai"), "fn f(x) { x }").unwrap();
    let scheme = SchemeText::new().hook("f", "hooks/link.rhai").points("f", &["value"]);
    let fixture = Fixture::new(scheme, &[("hooks/placeholder.rhai", "")]);
    std::os::unix::fs::symlink(
        outside.path().join("secret.rhai"),
        fixture.dir.path().join("hooks/link.rhai"),
    )
    .unwrap();
    assert_eq!(fixture.errors()[0].code, "hooks::script-outside-scheme");
}

#[test]
fn missing_function_suggests_a_near_name() {
    let fixture = single("fn g(x) { x }\nfn ff(x) { x }");
    let errors = fixture.errors();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code, "hooks::missing-function");
    assert_eq!(errors[0].line_col(), Some((2, 6)), "at `f` of `hook f in ...`");
    assert!(errors[0].help.as_deref().unwrap().contains("`ff`"));
}

#[test]
fn wrong_arity_points_at_the_call() {
    let scheme = SchemeText::new()
        .hook("ratio", "hooks/test.rhai")
        .value("ratio", &["refunds", "paid_orders", "orders"]);
    let fixture = Fixture::new(scheme, &[("hooks/test.rhai", "fn ratio(a, b) { a / b }")]);
    let errors = fixture.errors();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code, "hooks::wrong-arity");
    let span = errors[0].span.unwrap();
    assert_eq!(&fixture.file.text[span.start..span.end], "ratio(refunds, paid_orders, orders)");
    insta::assert_snapshot!(fixture.render(&errors));
}

#[test]
fn undeclared_and_duplicate_hooks_are_reported() {
    let scheme = SchemeText::new()
        .hook("f", "hooks/test.rhai")
        .hook("f", "hooks/test.rhai")
        .condition("g", &["x"]);
    let fixture = Fixture::new(scheme, &[("hooks/test.rhai", "fn f(x) { x }")]);
    let codes: Vec<String> = fixture.errors().into_iter().map(|d| d.code).collect();
    assert_eq!(codes, ["hooks::duplicate-hook", "hooks::undeclared-hook"]);
    // `merit check` reports these as structure::duplicate-name and structure::unknown-hook.
    assert!(check_hooks(&fixture.scheme, &fixture.file, &fixture.path()).is_empty());
}

#[test]
fn check_reports_every_problem_at_once() {
    let scheme = SchemeText::new()
        .hook("a", "hooks/missing.rhai")
        .hook("b", "hooks/broken.rhai")
        .hook("c", "hooks/fine.rhai")
        .points("c", &["value"]);
    let fixture = Fixture::new(
        scheme,
        &[("hooks/broken.rhai", "fn b( {"), ("hooks/fine.rhai", "fn other(x) { x }")],
    );
    let codes: Vec<String> = check_hooks(&fixture.scheme, &fixture.file, &fixture.path())
        .into_iter()
        .map(|d| d.code)
        .collect();
    assert_eq!(codes, ["hooks::script-not-found", "hooks::syntax", "hooks::missing-function"]);
}

#[test]
fn scheme_without_hooks_loads_an_empty_runtime() {
    let fixture = Fixture::new(SchemeText::new(), &[]);
    let runtime = fixture.runtime();
    let error = runtime.call_points("f", &[], &CONTEXT).unwrap_err();
    assert_eq!(error.code, "hooks::undeclared-hook");
    assert!(check_hooks(&fixture.scheme, &fixture.file, Path::new("scheme.merit")).is_empty());
}
