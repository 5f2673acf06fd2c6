//! The three hook kinds on small inputs, the conversion of results, and sharing a runtime
//! between threads.

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
fn results_are_rounded_to_six_decimals() {
    // 2 / 3 = 0.666666…, kept as 0.666667 (half away from zero); −2 / 3 as −0.666667.
    let runtime = single("fn f(x) { x / 3.0 }").runtime();
    assert_eq!(runtime.call_points("f", &[d("2")], &CONTEXT).unwrap(), d("0.666667"));
    assert_eq!(runtime.call_points("f", &[d("-2")], &CONTEXT).unwrap(), d("-0.666667"));
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
        ("fn f(x) { x / 0.0 }", "returned infinity"),
        ("fn f(x) { -x / 0.0 }", "returned minus infinity"),
        ("fn f(x) { 0.0 / 0.0 }", "returned NaN"),
        ("fn f(x) { let y = x; }", "returned nothing"),
        ("fn f(x) { true }", "returned a value of type bool"),
    ] {
        let error = failure(script, "1");
        assert_eq!(error.code, "hooks::bad-result", "{script}");
        assert!(error.message.contains(expected), "{script}: {}", error.message);
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
