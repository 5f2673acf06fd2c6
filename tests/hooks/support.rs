//! Building schemes and fixtures for the hook tests: [`SchemeText`] writes the `.merit`
//! text and the matching AST together, so that spans point where the parser would put them.

pub(crate) use std::path::{Path, PathBuf};
pub(crate) use std::time::{Duration, Instant};

pub(crate) use merit::ast::{
    Action, Condition, HookCall, HookDecl, Ident, Indicator, Node, Scheme, Scoring,
};
pub(crate) use merit::eval::hooks_api::{HookContext, HookRunner};
pub(crate) use merit::hooks::{HookRuntime, Limits, check_hooks};
pub(crate) use merit::{Diagnostic, SourceFile, Span, Spanned};
pub(crate) use rust_decimal::Decimal;

/// A scheme's text and AST, written side by side.
pub(crate) struct SchemeText {
    pub(crate) text: String,
    pub(crate) scheme: Scheme,
}

impl SchemeText {
    pub(crate) fn new() -> Self {
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
    pub(crate) fn word(&mut self, word: &str) -> Ident {
        let start = self.text.len();
        self.text.push_str(word);
        Spanned::new(word.to_string(), Span::new(start, self.text.len()))
    }

    pub(crate) fn hook(mut self, function: &str, script: &str) -> Self {
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
    pub(crate) fn call(&mut self, function: &str, args: &[&str]) -> Spanned<HookCall> {
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

    pub(crate) fn indicator(
        &mut self,
        derived: Option<Spanned<HookCall>>,
        scoring: Option<Spanned<Scoring>>,
    ) {
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

    pub(crate) fn value(mut self, function: &str, args: &[&str]) -> Self {
        self.text.push_str("indicator x weight 100% {\n  value ");
        let call = self.call(function, args);
        self.text.push('\n');
        self.indicator(Some(call), None);
        self
    }

    pub(crate) fn points(mut self, function: &str, args: &[&str]) -> Self {
        self.text.push_str("indicator x weight 100% {\n  score hook ");
        let call = self.call(function, args);
        let span = call.span;
        self.text.push('\n');
        self.indicator(None, Some(Spanned::new(Scoring::Hook(call), span)));
        self
    }

    pub(crate) fn condition(mut self, function: &str, args: &[&str]) -> Self {
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
pub(crate) struct Fixture {
    pub(crate) dir: tempfile::TempDir,
    pub(crate) scheme: Scheme,
    pub(crate) file: SourceFile,
}

impl Fixture {
    pub(crate) fn new(scheme: SchemeText, scripts: &[(&str, &str)]) -> Self {
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

    pub(crate) fn path(&self) -> PathBuf {
        self.dir.path().join("scheme.merit")
    }

    pub(crate) fn load(&self) -> Result<HookRuntime, Vec<Diagnostic>> {
        HookRuntime::load(&self.scheme, &self.file, &self.path())
    }

    pub(crate) fn runtime(&self) -> HookRuntime {
        self.load().map_err(|d| merit::diagnostic::render(&d, false)).unwrap()
    }

    pub(crate) fn errors(&self) -> Vec<Diagnostic> {
        self.load().expect_err("loading should fail")
    }

    /// Diagnostics rendered with the temporary folder's path replaced by `[dir]`.
    pub(crate) fn render(&self, diagnostics: &[Diagnostic]) -> String {
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
pub(crate) fn one_of_each(script: &str) -> Fixture {
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
pub(crate) fn single(script: &str) -> Fixture {
    let scheme = SchemeText::new().hook("f", "hooks/test.rhai").points("f", &["value"]);
    Fixture::new(scheme, &[("hooks/test.rhai", script)])
}

pub(crate) const CONTEXT: HookContext<'static> = HookContext {
    scheme_index: 0,
    scheme: "Hook test",
    employee: "E017",
    period: "2024-03",
    indicator: Some("x"),
    action: None,
};

pub(crate) fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

/// Run `f(value)` and return its error, checking it came within a few seconds.
pub(crate) fn failure(script: &str, value: &str) -> Diagnostic {
    let runtime = single(script).runtime();
    let started = Instant::now();
    let error = runtime.call_points("f", &[d(value)], &CONTEXT).unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
    error
}

pub(crate) const ONE_OF_EACH: &str = r#"
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
