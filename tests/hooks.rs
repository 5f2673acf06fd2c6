//! rhai hooks: loading and checking scripts, the sandbox's limits, and the three hook kinds.
//! Schemes are built by [`SchemeText`], which writes the `.merit` text and the matching AST
//! together so that spans point where the parser would put them.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use merit::ast::{Action, Condition, HookCall, HookDecl, Ident, Indicator, Node, Scheme, Scoring};
use merit::eval::hooks_api::{HookContext, HookRunner};
use merit::hooks::{HookRuntime, Limits, check_hooks};
use merit::{Diagnostic, SourceFile, Span, Spanned};
use rust_decimal::Decimal;

/// A scheme's text and AST, written side by side.
struct SchemeText {
    text: String,
    scheme: Scheme,
}

impl SchemeText {
    fn new() -> Self {
        let text = "scheme \"Hook test\"\n".to_string();
        let name = Spanned::new("Hook test".to_string(), Span::new(7, 18));
        let scheme = Scheme {
            name,
            version: None,
            purpose: None,
            strategy: None,
            owner: None,
            scope: None,
            cycle: None,
            precision: None,
            currency: None,
            missing: None,
            approvals: vec![],
            milestones: vec![],
            raters: vec![],
            scales: vec![],
            hooks: vec![],
            indicators: vec![],
            grades: None,
            ranking: None,
            actions: vec![],
        };
        SchemeText { text, scheme }
    }

    /// Append `word` and return it spanned.
    fn word(&mut self, word: &str) -> Ident {
        let start = self.text.len();
        self.text.push_str(word);
        Spanned::new(word.to_string(), Span::new(start, self.text.len()))
    }

    fn hook(mut self, function: &str, script: &str) -> Self {
        let start = self.text.len();
        self.text.push_str("hook ");
        let function = self.word(function);
        self.text.push_str(" in \"");
        let script = self.word(script);
        self.text.push_str("\"\n");
        let span = Span::new(start, self.text.len() - 1);
        self.scheme.hooks.push(Spanned::new(HookDecl { function, script }, span));
        self
    }

    /// `function(arg, arg)` at the end of the text.
    fn call(&mut self, function: &str, args: &[&str]) -> Spanned<HookCall> {
        let start = self.text.len();
        let function = self.word(function);
        self.text.push('(');
        let mut idents = Vec::new();
        for (i, arg) in args.iter().enumerate() {
            if i > 0 {
                self.text.push_str(", ");
            }
            idents.push(self.word(arg));
        }
        self.text.push(')');
        Spanned::new(HookCall { function, args: idents }, Span::new(start, self.text.len()))
    }

    fn indicator(&mut self, derived: Option<Spanned<HookCall>>, scoring: Option<Spanned<Scoring>>) {
        let n = self.scheme.indicators.len();
        let indicator = Indicator {
            id: Spanned::new(format!("i{n}"), Span::default()),
            label: None,
            weight: Spanned::new(Decimal::ONE_HUNDRED, Span::default()),
            definition: None,
            numerator: None,
            denominator: None,
            unit: None,
            direction: None,
            source: None,
            derived,
            scoring,
            rating: None,
            gate: None,
            missing: None,
        };
        self.text.push_str("}\n");
        self.scheme
            .indicators
            .push(Spanned::new(Node::Indicator(Box::new(indicator)), Span::default()));
    }

    fn value(mut self, function: &str, args: &[&str]) -> Self {
        self.text.push_str("indicator x weight 100% {\n  value ");
        let call = self.call(function, args);
        self.text.push('\n');
        self.indicator(Some(call), None);
        self
    }

    fn points(mut self, function: &str, args: &[&str]) -> Self {
        self.text.push_str("indicator x weight 100% {\n  score hook ");
        let call = self.call(function, args);
        let span = call.span;
        self.text.push('\n');
        self.indicator(None, Some(Spanned::new(Scoring::Hook(call), span)));
        self
    }

    fn condition(mut self, function: &str, args: &[&str]) -> Self {
        self.text.push_str("action a {\n  when hook ");
        let call = self.call(function, args);
        let span = call.span;
        self.text.push_str("\n}\n");
        self.scheme.actions.push(Spanned::new(
            Action {
                id: Spanned::new("a".to_string(), Span::default()),
                label: None,
                condition: Spanned::new(Condition::Hook(call), span),
                streak: None,
                effects: vec![],
            },
            Span::default(),
        ));
        self
    }
}

/// A scheme file and its scripts in a temporary folder.
struct Fixture {
    dir: tempfile::TempDir,
    scheme: Scheme,
    file: SourceFile,
}

impl Fixture {
    fn new(scheme: SchemeText, scripts: &[(&str, &str)]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in scripts {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        std::fs::write(dir.path().join("scheme.merit"), &scheme.text).unwrap();
        let file = SourceFile::new("scheme.merit", scheme.text);
        Fixture { dir, scheme: scheme.scheme, file }
    }

    fn path(&self) -> PathBuf {
        self.dir.path().join("scheme.merit")
    }

    fn load(&self) -> Result<HookRuntime, Vec<Diagnostic>> {
        HookRuntime::load(&self.scheme, &self.file, &self.path())
    }

    fn runtime(&self) -> HookRuntime {
        self.load().map_err(|d| merit::diagnostic::render(&d, false)).unwrap()
    }

    fn errors(&self) -> Vec<Diagnostic> {
        self.load().expect_err("loading should fail")
    }

    /// Diagnostics rendered with the temporary folder's path replaced by `[dir]`.
    fn render(&self, diagnostics: &[Diagnostic]) -> String {
        let dir = self.dir.path().display().to_string();
        let renamed: Vec<Diagnostic> = diagnostics
            .iter()
            .cloned()
            .map(|mut d| {
                d.message = d.message.replace(&dir, "[dir]");
                d.file = d.file.map(|f| SourceFile::new(f.name.replace(&dir, "[dir]"), f.text));
                d
            })
            .collect();
        merit::diagnostic::render(&renamed, false)
    }
}

/// A scheme with one hook of each kind, all in `hooks/test.rhai`.
fn one_of_each(script: &str) -> Fixture {
    let scheme = SchemeText::new()
        .hook("ratio", "hooks/test.rhai")
        .hook("points", "hooks/test.rhai")
        .hook("heavy", "hooks/test.rhai")
        .value("ratio", &["refunds", "paid_orders"])
        .points("points", &["value"])
        .condition("heavy", &["complaints", "refund_ratio"]);
    Fixture::new(scheme, &[("hooks/test.rhai", script)])
}

/// A scheme whose only hook is `f(value)` in `hooks/test.rhai`.
fn single(script: &str) -> Fixture {
    let scheme = SchemeText::new().hook("f", "hooks/test.rhai").points("f", &["value"]);
    Fixture::new(scheme, &[("hooks/test.rhai", script)])
}

const CONTEXT: HookContext<'static> = HookContext {
    scheme_index: 0,
    scheme: "Hook test",
    employee: "E017",
    period: "2024-03",
    indicator: Some("x"),
    action: None,
};

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

/// Run `f(value)` and return its error, checking it came within a few seconds.
fn failure(script: &str, value: &str) -> Diagnostic {
    let runtime = single(script).runtime();
    let started = Instant::now();
    let error = runtime.call_points("f", &[d(value)], &CONTEXT).unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
    error
}

const ONE_OF_EACH: &str = r#"
// Refunded orders per 100 paid orders.
fn ratio(refunds, paid_orders) {
    safe_div(refunds, paid_orders, 0.0) * 100.0
}

fn points(value) {
    if value <= 20.0 { 100 } else { clamp(100.0 - (value - 20.0) * 1.5, 0, 100) }
}

fn heavy(complaints, refund_ratio) {
    complaints > 5 && refund_ratio > 10.0
}
"#;

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
fn syntax_error_points_into_the_script() {
    let fixture = single("fn f(x) {\n    let y = x *;\n    y\n}\n");
    let errors = fixture.errors();
    assert_eq!(errors[0].code, "hooks::syntax");
    assert_eq!(errors[0].line_col(), Some((2, 16)));
    insta::assert_snapshot!(fixture.render(&errors));
}

#[test]
fn top_level_variables_are_not_visible_in_functions() {
    let errors = single("let cap = 120;\nfn f(x) { min(x, cap) }").errors();
    assert_eq!(errors[0].code, "hooks::syntax");
    assert!(errors[0].message.contains("cap"), "{}", errors[0].message);
    assert_eq!(errors[0].line_col(), Some((2, 18)));
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
fn scheme_without_hooks_loads_an_empty_runtime() {
    let fixture = Fixture::new(SchemeText::new(), &[]);
    let runtime = fixture.runtime();
    let error = runtime.call_points("f", &[], &CONTEXT).unwrap_err();
    assert_eq!(error.code, "hooks::undeclared-hook");
    assert!(check_hooks(&fixture.scheme, &fixture.file, Path::new("scheme.merit")).is_empty());
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

/// The live-chat policy, parsed, and its hooks loaded from `policies/hooks/`.
fn live_chat() -> (Scheme, SourceFile, HookRuntime) {
    let path = Path::new("policies/live-chat-agent.merit");
    let file = SourceFile::new(path.display().to_string(), std::fs::read_to_string(path).unwrap());
    let scheme = merit::syntax::parse(&file)
        .map_err(|d| merit::diagnostic::render(&d, false))
        .unwrap()
        .scheme;
    let runtime = HookRuntime::load(&scheme, &file, path)
        .map_err(|d| merit::diagnostic::render(&d, false))
        .unwrap();
    (scheme, file, runtime)
}

#[test]
fn live_chat_policy_uses_each_hook_kind() {
    let (scheme, file, _) = live_chat();
    let kinds: Vec<merit::hooks::HookKind> =
        merit::hooks::call_sites(&scheme).iter().map(|site| site.kind).collect();
    use merit::hooks::HookKind::{Condition, Points, Value};
    assert_eq!(kinds, [Points, Value, Condition]);
    assert!(check_hooks(&scheme, &file, Path::new("policies/live-chat-agent.merit")).is_empty());
}

#[test]
fn live_chat_refund_ratio() {
    let (_, _, runtime) = live_chat();
    // 3 refunds of 118 paid orders: 300 / 118 = 2.5423728… → 2.542373.
    assert_eq!(
        runtime.call_value("refund_ratio", &[d("3"), d("118")], &CONTEXT).unwrap(),
        d("2.542373")
    );
    // 7 of 54: 700 / 54 = 12.962962… → 12.962963.
    assert_eq!(
        runtime.call_value("refund_ratio", &[d("7"), d("54")], &CONTEXT).unwrap(),
        d("12.962963")
    );
    // No paid orders: 0%.
    assert_eq!(runtime.call_value("refund_ratio", &[d("0"), d("0")], &CONTEXT).unwrap(), d("0"));
}

#[test]
fn live_chat_first_reply_points() {
    let (_, _, runtime) = live_chat();
    let points = |seconds: &str, chats: &str| {
        runtime.call_points("first_reply_points", &[d(seconds), d(chats)], &CONTEXT).unwrap()
    };
    // 2.5 chats: target 30 + 10 × 0.5 = 35 s; 28 s is within it.
    assert_eq!(points("28", "2.5"), d("100"));
    // 3 chats: target 40 s, threshold 120 s; 52 s: 100 × (120 − 52) / 80 = 85.
    assert_eq!(points("52", "3.0"), d("85"));
    // 2 chats: target 30 s, threshold 90 s; 74 s: 100 × 16 / 60 = 26.666… → 26.666667.
    assert_eq!(points("74", "2.0"), d("26.666667"));
    // 1.5 chats: no allowance below 2, target 30 s; 200 s is past 90 s: 0.
    assert_eq!(points("200", "1.5"), d("0"));
}

#[test]
fn live_chat_refund_and_complaint_alarm() {
    let (_, _, runtime) = live_chat();
    let alarm = |complaints: &str, refunds: &str| {
        runtime
            .call_condition("refund_and_complaint_alarm", &[d(complaints), d(refunds)], &CONTEXT)
            .unwrap()
    };
    assert!(alarm("5.4", "12.962963"));
    assert!(!alarm("6.2", "4"), "refunds not above 10%");
    assert!(!alarm("4.6", "10.526316"), "complaints not above 5%");
    assert!(!alarm("5", "10"), "both exactly at the limit");
}

#[test]
fn live_chat_sample_data_fires_the_alarm_for_tim_braun_in_february_and_march() {
    let (scheme, _, runtime) = live_chat();
    let (data, warnings) = merit::eval::load::load(
        Path::new("policies/data/live-chat-agent.csv"),
        &[&scheme],
        &merit::eval::load::LoadOptions::default(),
    )
    .map_err(|d| merit::diagnostic::render(&d, false))
    .unwrap();
    assert!(warnings.is_empty(), "{}", merit::diagnostic::render(&warnings, false));
    let options = merit::eval::EvalOptions {
        hooks: Some(&runtime as &dyn HookRunner),
        ..merit::eval::EvalOptions::default()
    };
    let evaluation = merit::eval::evaluate(&[&scheme], &data, &options)
        .map_err(|d| merit::diagnostic::render(&d, false))
        .unwrap();
    let mut alarms = Vec::new();
    for period in &evaluation.schemes[0].periods {
        for employee in &period.employees {
            if employee.actions.iter().any(|a| a.action == "refund_alarm") {
                alarms.push(format!("{} {}", employee.employee, employee.period));
            }
            if (employee.employee.as_str(), employee.period.as_str()) == ("C06", "2024-02") {
                let refund = employee.indicators.iter().find(|i| i.id == "refund_ratio").unwrap();
                // 7 refunds of 54 paid orders: 12.962963%, past the curve's 10% → 0 points.
                assert_eq!(refund.value, Some(d("12.962963")));
                assert_eq!(refund.points, Some(d("0")));
                let reply = employee.indicators.iter().find(|i| i.id == "first_reply").unwrap();
                // 69 s with 2.5 chats: target 35 s, threshold 105 s: 100 × 36 / 70 = 51.428571.
                assert_eq!(reply.points, Some(d("51.428571")));
            }
        }
    }
    // C06: January 4.6% complaints (no); February 5.4% and 7/54 = 13.0%; March 6.2% and
    // 9/70 = 12.9%.
    assert_eq!(alarms, ["C06 2024-02", "C06 2024-03"]);
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
