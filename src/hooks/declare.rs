//! Where a scheme calls its hooks, and the checks that tie each call to a function of a
//! compiled script: declared, defined, and called with as many arguments as it takes.

use std::collections::HashMap;

use crate::ast::{Condition, HookCall, HookDecl, Scheme, Scoring, walk_condition};
use crate::diagnostic::Diagnostic;
use crate::source::{SourceFile, Spanned};

use super::script::Script;

/// What a hook computes at a call site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HookKind {
    /// A derived metric: `value refund_ratio(refunds, paid_orders)`.
    Value,
    /// Custom scoring: `score hook response_points(value)`.
    Points,
    /// A custom action condition: `when hook heavy_complaints(complaints, refund_ratio)`.
    Condition,
}

impl HookKind {
    /// What the hook must return, in words.
    pub fn expected(self) -> &'static str {
        match self {
            HookKind::Value => "a number (the indicator's value)",
            HookKind::Points => "a number (the points)",
            HookKind::Condition => "true or false",
        }
    }
}

/// One place in the scheme that calls a hook.
#[derive(Debug, Clone, Copy)]
pub struct CallSite<'a> {
    /// What the call computes.
    pub kind: HookKind,
    /// The call as written.
    pub call: &'a Spanned<HookCall>,
}

/// Every hook call of the scheme, in source order of indicators, then actions.
pub fn call_sites(scheme: &Scheme) -> Vec<CallSite<'_>> {
    let mut out = Vec::new();
    for indicator in scheme.all_indicators() {
        if let Some(call) = &indicator.derived {
            out.push(CallSite { kind: HookKind::Value, call });
        }
        if let Some(Spanned { node: Scoring::Hook(call), .. }) = &indicator.scoring {
            out.push(CallSite { kind: HookKind::Points, call });
        }
    }
    for action in &scheme.actions {
        walk_condition(&action.condition, &mut |condition| {
            if let Condition::Hook(call) = &condition.node {
                out.push(CallSite { kind: HookKind::Condition, call });
            }
        });
    }
    out
}

/// The declarations that name the same function a second time.
pub(crate) fn duplicates(scheme: &Scheme, file: &SourceFile) -> Vec<Diagnostic> {
    let mut seen: HashMap<&str, &Spanned<HookDecl>> = HashMap::new();
    let mut out = Vec::new();
    for decl in &scheme.hooks {
        let name = decl.function.node.as_str();
        if let Some(first) = seen.get(name) {
            let (line, _) = file.line_col(first.span.start);
            out.push(
                Diagnostic::error(
                    "hooks::duplicate-hook",
                    format!("the hook `{name}` is declared twice"),
                )
                .at(file, decl.function.span)
                .with_label("second declaration")
                .with_help(format!(
                    "keep one `hook {name} in ...` line (the first is on line {line}); \
                     a hook name can only lead to one script"
                )),
            );
        } else {
            seen.insert(name, decl);
        }
    }
    out
}

/// A declared function that its script does not define.
pub(crate) fn missing_function(
    decl: &Spanned<HookDecl>,
    script: &Script,
    file: &SourceFile,
) -> Option<Diagnostic> {
    let name = decl.function.node.as_str();
    if !script.signatures(name).is_empty() {
        return None;
    }
    let defined = script.function_names();
    let closest = defined
        .iter()
        .map(|f| (strsim::jaro_winkler(f, name), f))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, f)| f);
    let help = match (closest, defined.is_empty()) {
        (Some(f), _) => format!("did you mean `{f}`? Rename the hook or define `fn {name}(...)`"),
        (None, true) => format!("the script defines no function: add `fn {name}(...) {{ ... }}`"),
        (None, false) => format!(
            "the script defines: {}; add `fn {name}(...) {{ ... }}` or rename the hook",
            defined.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", ")
        ),
    };
    Some(
        Diagnostic::error(
            "hooks::missing-function",
            format!("the hook script {} defines no function `{name}`", script.file.name),
        )
        .at(file, decl.function.span)
        .with_label("declared here")
        .with_help(help),
    )
}

/// A call with a number of arguments that no definition of the function takes.
pub(crate) fn wrong_arity(
    site: &CallSite<'_>,
    script: &Script,
    file: &SourceFile,
) -> Option<Diagnostic> {
    let call = &site.call.node;
    let name = call.function.node.as_str();
    let signatures = script.signatures(name);
    if signatures.is_empty() || signatures.iter().any(|p| p.len() == call.args.len()) {
        return None;
    }
    let takes = signatures
        .iter()
        .map(|p| format!("{name}({})", p.join(", ")))
        .collect::<Vec<_>>()
        .join(" or ");
    let given = call.args.len();
    Some(
        Diagnostic::error(
            "hooks::wrong-arity",
            format!(
                "the hook `{name}` is called with {given} argument{}, but {} defines {takes}",
                if given == 1 { "" } else { "s" },
                script.file.name
            ),
        )
        .at(file, site.call.span)
        .with_label(format!("{given} argument{}", if given == 1 { "" } else { "s" }))
        .with_help("pass one argument per parameter of the script's function, in the same order"),
    )
}

/// A call of a function no `hook ... in "..."` line declares.
pub(crate) fn undeclared(site: &CallSite<'_>, file: &SourceFile) -> Diagnostic {
    let name = site.call.node.function.node.as_str();
    Diagnostic::error("hooks::undeclared-hook", format!("the hook `{name}` is not declared"))
        .at(file, site.call.node.function.span)
        .with_label("called here")
        .with_help(format!(
            "declare the script that defines it: `hook {name} in \"hooks/<script>.rhai\"`"
        ))
}
