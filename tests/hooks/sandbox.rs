//! Bad scripts at run time: each stops with a clear error within a few seconds, naming the
//! script, line, function, employee and period; no hang, no panic.

use super::support::*;

#[test]
fn infinite_loop_stops_at_the_operation_limit() {
    let error = failure("fn f(x) {\n    loop { x += 1.0; }\n}", "1");
    assert_eq!(error.code, "hooks::runtime");
    assert!(error.message.contains("more than 1000000 operations"), "{}", error.message);
    assert!(error.message.contains("employee E017, period 2024-03"), "{}", error.message);
}

#[test]
fn wall_clock_guard_stops_a_long_call() {
    let limits =
        Limits { max_operations: 0, max_duration: Duration::from_millis(200), ..Limits::default() };
    let fixture = single("fn f(x) {\n    loop { x += 1.0; }\n}");
    let runtime =
        HookRuntime::load_with_limits(&fixture.scheme, &fixture.file, &fixture.path(), limits)
            .unwrap();
    let started = Instant::now();
    let error = runtime.call_points("f", &[d("1")], &CONTEXT).unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(error.message.contains("ran longer than 0.2 s"), "{}", error.message);
}

#[test]
fn a_looping_hook_is_not_run_again_for_every_employee() {
    let runtime = single("fn f(x) {\n    loop { x += 1.0; }\n}").runtime();
    let started = Instant::now();
    let first = runtime.call_points("f", &[d("1")], &CONTEXT).unwrap_err();
    let next = HookContext { employee: "E018", ..CONTEXT };
    let errors: Vec<Diagnostic> =
        (0..1000).map(|_| runtime.call_points("f", &[d("1")], &next).unwrap_err()).collect();
    assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
    assert!(first.message.contains("more than 1000000 operations"), "{}", first.message);
    let message = &errors[999].message;
    assert!(message.contains("employee E018"), "{message}");
    assert!(
        message.contains(
            "skipped, since for employee E017, period 2024-03 it ran more than 1000000 operations"
        ),
        "{message}"
    );
}

#[test]
fn unbounded_recursion_stops_at_the_call_depth() {
    let error = failure("fn f(x) { deeper(x) }\nfn deeper(x) { deeper(x + 1.0) }", "1");
    assert_eq!(error.code, "hooks::runtime");
    assert!(error.message.contains("nest deeper than 32 levels"), "{}", error.message);
}

#[test]
fn huge_string_stops_at_the_size_limit() {
    let error = failure("fn f(x) {\n    let s = \"x\";\n    loop { s += s; }\n}", "1");
    assert!(error.message.contains("length of string too large"), "{}", error.message);
    assert!(error.help.as_deref().unwrap_or("").contains("10000 characters"));
}

#[test]
fn reading_a_file_is_not_possible() {
    let error = failure("fn f(x) {\n    open_file(\"/etc/passwd\")\n}", "1");
    assert!(error.message.contains("open_file"), "{}", error.message);
    assert!(error.message.contains("is not available"), "{}", error.message);
    assert_eq!(error.line_col(), Some((2, 5)));
}

#[test]
fn import_and_eval_are_syntax_errors() {
    for script in ["import \"std\" as std;\nfn f(x) { x }", "fn f(x) { eval(\"x\") }"] {
        let errors = single(script).errors();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].code, "hooks::syntax");
    }
}

#[test]
fn top_level_variables_are_not_visible_in_functions() {
    let errors = single("let cap = 120;\nfn f(x) { min(x, cap) }").errors();
    assert_eq!(errors[0].code, "hooks::syntax");
    assert!(errors[0].message.contains("cap"), "{}", errors[0].message);
    assert_eq!(errors[0].line_col(), Some((2, 18)));
}

#[test]
fn division_by_zero_names_script_line_employee_and_period() {
    let fixture = single("fn f(x) {\n    let orders = 0;\n    100 / orders\n}\n");
    let error = fixture.runtime().call_points("f", &[d("1")], &CONTEXT).unwrap_err();
    assert_eq!(error.code, "hooks::runtime");
    assert_eq!(error.line_col(), Some((3, 9)));
    insta::assert_snapshot!(fixture.render(&[error]));
}

#[test]
fn error_in_a_nested_function_names_it() {
    let error = failure("fn f(x) { helper(x) }\n\nfn helper(x) {\n    x.len()\n}", "1");
    assert_eq!(error.code, "hooks::runtime");
    assert!(error.message.contains("(in `helper`)"), "{}", error.message);
    assert_eq!(error.line_col().map(|(line, _)| line), Some(4));
}

#[test]
fn decimal_arithmetic_errors_name_script_line_function_employee_and_period() {
    // x = 1000 in every case.
    let big = "10000000000000000000000.0"; // 10^22
    for (body, reason, help) in [
        ("x / 0.0", "division by zero: 1000 / 0.0", "safe_div"),
        ("x % 0.0", "modulo division by zero or overflow: 1000 % 0.0", "guard the divisor"),
        // 1000 × 10^22 × 10^7 = 10^32, past the largest decimal (about 7.9 × 10^28).
        (&format!("x * {big} * 10000000.0"), "multiplication overflow", "28 significant digits"),
        (&format!("-x * {big} * 10000000.0"), "multiplication overflow", "28 significant digits"),
        ("x ** 20", "exponential overflow", "28 significant digits"),
        // 1000 / 10^-28 = 10^31.
        ("safe_div(x, 0.0000000000000000000000000001, 0)", "division overflow", "28 significant"),
        ("9223372036854775807 + to_int(x)", "addition overflow", "9.2 × 10^18"),
    ] {
        let script = format!("fn f(x) {{\n    {body}\n}}");
        let error = failure(&script, "1000");
        assert_eq!(error.code, "hooks::runtime", "{body}");
        let message = &error.message;
        for part in ["hook `f`", "hooks/test.rhai:2)", "employee E017, period 2024-03", reason] {
            assert!(message.contains(part), "{body}: `{part}` not in {message}");
        }
        assert!(error.help.as_deref().unwrap_or("").contains(help), "{body}: {:?}", error.help);
        assert_eq!(error.line_col().map(|(line, _)| line), Some(2), "{body}");
    }
}

#[test]
fn decimal_overflow_is_rendered_with_the_script_line() {
    let fixture =
        single("fn f(x) {\n    let big = x * 10000000000000000000000.0;\n    big * big\n}\n");
    let error = fixture.runtime().call_points("f", &[d("1000")], &CONTEXT).unwrap_err();
    insta::assert_snapshot!(fixture.render(&[error]));
}
