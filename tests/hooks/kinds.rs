//! The three hook kinds on small inputs, exact decimals in and out, the helper functions,
//! and sharing a runtime between threads.

use super::support::*;

#[test]
fn value_hook_computes_a_derived_metric() {
    let runtime = one_of_each(ONE_OF_EACH).runtime();
    // 3 refunds of 120 paid orders: 3 / 120 × 100 = 2.5.
    assert_eq!(runtime.call_value("ratio", &[d("3"), d("120")], &CONTEXT).unwrap(), d("2.5"));
    // No paid orders: safe_div gives its default, 0.
    assert_eq!(runtime.call_value("ratio", &[d("3"), d("0")], &CONTEXT).unwrap(), d("0"));
}

#[test]
fn points_hook_returns_points() {
    let runtime = one_of_each(ONE_OF_EACH).runtime();
    // 35 s: 100 − (35 − 20) × 1.5 = 77.5.
    assert_eq!(runtime.call_points("points", &[d("35")], &CONTEXT).unwrap(), d("77.5"));
    // An integer result: 100.
    assert_eq!(runtime.call_points("points", &[d("12")], &CONTEXT).unwrap(), d("100"));
    // 100 − (100 − 20) × 1.5 = −20, clamped to 0.
    assert_eq!(runtime.call_points("points", &[d("100")], &CONTEXT).unwrap(), d("0"));
}

#[test]
fn condition_hook_returns_true_or_false() {
    let runtime = one_of_each(ONE_OF_EACH).runtime();
    assert!(runtime.call_condition("heavy", &[d("6"), d("11")], &CONTEXT).unwrap());
    assert!(!runtime.call_condition("heavy", &[d("6"), d("9.5")], &CONTEXT).unwrap());
    assert!(!runtime.call_condition("heavy", &[d("5"), d("11")], &CONTEXT).unwrap());
}

#[test]
fn numbers_cross_as_exact_decimals() {
    // 0.1 + 0.2 is 0.3, not 0.30000000000000004: literals and arguments are decimals.
    let runtime = single("fn f(x) { x + 0.2 }").runtime();
    assert_eq!(runtime.call_points("f", &[d("0.1")], &CONTEXT).unwrap(), d("0.3"));
    // 19 significant digits survive the round trip (an f64 keeps about 16); a millionth of
    // a millionth is kept (it used to be rounded to 6 decimals, that is to 0).
    assert_eq!(
        runtime.call_points("f", &[d("12345678901234567.89")], &CONTEXT).unwrap(),
        d("12345678901234568.09")
    );
    let runtime = single("fn f(x) { x / 1000000.0 }").runtime();
    assert_eq!(runtime.call_points("f", &[d("0.000001")], &CONTEXT).unwrap(), d("0.000000000001"));
    // 2 / 3 keeps rust_decimal's 28 decimals, the same as 2 / 3 computed in Rust.
    let runtime = single("fn f(x) { x / 3.0 }").runtime();
    assert_eq!(runtime.call_points("f", &[d("2")], &CONTEXT).unwrap(), d("2") / d("3"));
    assert_eq!(runtime.call_points("f", &[d("-2")], &CONTEXT).unwrap(), d("-2") / d("3"));
}

#[test]
fn trailing_zeros_are_dropped_and_integers_are_whole_numbers() {
    // 2.50 × 1.00 is 2.5000 inside rhai; it comes back as 2.5.
    let runtime = single("fn f(x) { x * 1.00 }").runtime();
    let result = runtime.call_points("f", &[d("2.50")], &CONTEXT).unwrap();
    assert_eq!(result.to_string(), "2.5");
    // An integer result is the whole number; integer division stays integer division
    // (7 / 2 is 3), while a decimal on either side divides exactly (7.0 / 2 is 3.5).
    assert_eq!(
        single("fn f(x) { 100 }").runtime().call_points("f", &[d("1")], &CONTEXT).unwrap(),
        d("100")
    );
    assert_eq!(
        single("fn f(x) { 7 / 2 }").runtime().call_points("f", &[d("1")], &CONTEXT).unwrap(),
        d("3")
    );
    assert_eq!(
        single("fn f(x) { 7.0 / 2 }").runtime().call_points("f", &[d("1")], &CONTEXT).unwrap(),
        d("3.5")
    );
}

#[test]
fn helpers_work_on_decimals_and_integers() {
    let script = "fn f(x) { clamp(x, 0, 100.0) + safe_div(x, 4, 0) + safe_div(1, 0.0, -1) }";
    let runtime = single(script).runtime();
    // clamp(10.5, 0, 100) = 10.5; 10.5 / 4 = 2.625; 1 / 0 → the default −1: 12.125.
    assert_eq!(runtime.call_points("f", &[d("10.5")], &CONTEXT).unwrap(), d("12.125"));
    // clamp(250, 0, 100) = 100; 250 / 4 = 62.5; −1: 161.5.
    assert_eq!(runtime.call_points("f", &[d("250")], &CONTEXT).unwrap(), d("161.5"));
    let error = failure("fn f(x) {\n    clamp(x, 100, 0)\n}", "1");
    assert_eq!(error.code, "hooks::runtime");
    assert!(
        error.message.contains("the lower bound 100 is above the upper bound 0"),
        "{}",
        error.message
    );
    assert_eq!(error.line_col().map(|(line, _)| line), Some(2));
}

#[test]
fn runtime_is_shared_between_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<HookRuntime>();
    use rayon::prelude::*;
    let runtime = one_of_each(ONE_OF_EACH).runtime();
    let total: Decimal = (0..2000)
        .into_par_iter()
        .map(|i| runtime.call_points("points", &[Decimal::from(i % 40)], &CONTEXT).unwrap())
        .sum();
    // Per 40 values: 0..=20 → 21 × 100; 21..=39 → Σ (100 − 1.5 (v − 20)) = 19 × 100 − 1.5 × 190
    // = 1615; 50 rounds of 40: 50 × (2100 + 1615) = 185750.
    assert_eq!(total, d("185750"));
}

#[test]
fn several_runtimes_are_chosen_by_scheme_index() {
    let runtimes = vec![single("fn f(x) { 1 }").runtime(), single("fn f(x) { 2 }").runtime()];
    let second = HookContext { scheme_index: 1, ..CONTEXT };
    assert_eq!(runtimes.call_points("f", &[d("0")], &CONTEXT).unwrap(), d("1"));
    assert_eq!(runtimes.call_points("f", &[d("0")], &second).unwrap(), d("2"));
    let third = HookContext { scheme_index: 2, ..CONTEXT };
    assert_eq!(
        runtimes.call_points("f", &[d("0")], &third).unwrap_err().code,
        "eval::hook-unavailable"
    );
}

#[test]
fn non_number_results_are_errors() {
    for (script, expected) in [
        ("fn f(x) { \"high\" }", "returned the string \"high\""),
        ("fn f(x) { let y = x; }", "returned nothing"),
        ("fn f(x) { }", "returned nothing"),
        ("fn f(x) { true }", "returned a value of type bool"),
        ("fn f(x) { [x] }", "returned a value of type array"),
    ] {
        let error = failure(script, "1");
        assert_eq!(error.code, "hooks::bad-result", "{script}");
        assert!(error.message.contains(expected), "{script}: {}", error.message);
        assert!(error.message.contains("where a number (the points) is expected"), "{script}");
        assert_eq!(error.line_col(), Some((1, 4)), "at the function's name");
    }
}

#[test]
fn condition_must_return_a_boolean() {
    let runtime =
        one_of_each("fn ratio(a, b) { a }\nfn points(v) { v }\nfn heavy(a, b) { a + b }").runtime();
    let error = runtime.call_condition("heavy", &[d("1"), d("2")], &CONTEXT).unwrap_err();
    assert_eq!(error.code, "hooks::bad-result");
    assert!(error.message.contains("where true or false is expected"), "{}", error.message);
}

#[test]
fn maths_functions_work_on_decimals() {
    // As docs/hooks.md says: round() is half to even, round_half_up() half away from zero.
    for (body, expected) in [
        ("round(x)", "2"),                       // 2.5 → 2 (to even)
        ("round(x + 1.0)", "4"),                 // 3.5 → 4 (to even)
        ("round_half_up(x + 0.005, 2)", "2.51"), // 2.505 → 2.51
        ("round(x + 0.005, 2)", "2.5"),          // 2.505 → 2.50 (to even)
        ("max(x, 3) + min(x, 0)", "3"),
        ("floor(x) + ceiling(x)", "5"), // 2 + 3
        ("abs(-x) * sign(x)", "2.5"),
        ("to_decimal(to_int(x))", "2"),
        ("sqrt(x * x)", "2.5"),
    ] {
        let runtime = single(&format!("fn f(x) {{ {body} }}")).runtime();
        assert_eq!(runtime.call_points("f", &[d("2.5")], &CONTEXT).unwrap(), d(expected), "{body}");
    }
}
