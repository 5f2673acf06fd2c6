//! rhai hooks: the one place a rhai [`Engine`](rhai::Engine) is built and limited.
//!
//! A scheme declares scripts (`hook refund_ratio in "hooks/chat.rhai"`) and calls their
//! functions in three places: derived metrics (`value refund_ratio(refunds, paid_orders)`),
//! custom scoring (`score hook response_points(value)`) and action conditions
//! (`when hook heavy_complaints(complaints, refund_ratio)`).
//!
//! [`HookRuntime::load`] reads and compiles each script once and checks every declaration
//! and call against it; the runtime is `Send + Sync`, so employees can be scored in
//! parallel with one shared engine. Each call runs in a sandbox (see [`Limits`]): a script
//! that loops, recurses or grows a string without end stops with an error naming the
//! script, line, function, employee and period. `docs/hooks.md` is the user's guide.
//!
//! ```no_run
//! use std::path::Path;
//! use merit::hooks::HookRuntime;
//! use merit::SourceFile;
//!
//! let path = Path::new("policies/live-chat-agent.merit");
//! let file = SourceFile::new("policies/live-chat-agent.merit", std::fs::read_to_string(path)?);
//! let parsed = merit::syntax::parse(&file).map_err(|_| "syntax errors")?;
//! let runtime = HookRuntime::load(&parsed.scheme, &file, path).map_err(|_| "hook errors")?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

// Every error in merit is the one `Diagnostic` type, returned by value like everywhere else
// in the crate; boxing it only here would make the hook API differ from its neighbours.
#![allow(clippy::result_large_err)]

mod call;
mod declare;
mod sandbox;
mod script;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rhai::Engine;
use rust_decimal::Decimal;

use crate::ast::Scheme;
use crate::diagnostic::Diagnostic;
use crate::eval::hooks_api::{HookContext, HookRunner};
use crate::source::SourceFile;

pub use declare::{CallSite, HookKind, call_sites};
pub use sandbox::Limits;

use call::Call;
use script::Script;

/// The compiled hook scripts of one scheme, ready to be called from many threads.
#[derive(Debug)]
pub struct HookRuntime {
    engine: Engine,
    limits: Limits,
    scripts: Vec<Script>,
    /// Declared function name → its script and state.
    hooks: HashMap<String, Hook>,
}

/// A declared hook function.
#[derive(Debug)]
struct Hook {
    /// Index in `scripts`.
    script: usize,
    /// Set once a call ran past the operation or time limit: what happened, for whom. Later
    /// calls fail at once instead of running into the limit again for every employee.
    tripped: OnceLock<String>,
}

impl HookRuntime {
    /// Read and compile every script the scheme declares, with the default [`Limits`].
    /// `file` is the scheme's source (for spans), `scheme_path` where it is on disk: script
    /// paths are relative to its folder. All problems are returned together.
    pub fn load(
        scheme: &Scheme,
        file: &SourceFile,
        scheme_path: &Path,
    ) -> Result<HookRuntime, Vec<Diagnostic>> {
        HookRuntime::load_with_limits(scheme, file, scheme_path, Limits::default())
    }

    /// [`HookRuntime::load`] with other sandbox limits (tests, benchmarks).
    pub fn load_with_limits(
        scheme: &Scheme,
        file: &SourceFile,
        scheme_path: &Path,
        limits: Limits,
    ) -> Result<HookRuntime, Vec<Diagnostic>> {
        let engine = sandbox::build_engine(&limits);
        // Empty for a scheme in the working directory: scripts are then shown as written.
        let scheme_dir = scheme_path.parent().unwrap_or(Path::new(""));
        let mut diagnostics = declare::duplicates(scheme, file);
        let mut scripts: Vec<Script> = Vec::new();
        let mut by_path: HashMap<PathBuf, Option<usize>> = HashMap::new();
        let mut hooks = HashMap::new();
        let mut broken = Vec::new();
        for decl in &scheme.hooks {
            let name = decl.function.node.clone();
            let loaded = match script::resolve(decl, file, scheme_dir) {
                Err(diagnostic) => {
                    diagnostics.push(diagnostic);
                    None
                }
                Ok((path, shown)) => *by_path.entry(path.clone()).or_insert_with(|| {
                    match script::load(&engine, &path, &shown, decl, file) {
                        Ok(script) => {
                            scripts.push(script);
                            Some(scripts.len() - 1)
                        }
                        Err(diagnostic) => {
                            diagnostics.push(diagnostic);
                            None
                        }
                    }
                }),
            };
            let Some(index) = loaded else {
                broken.push(name);
                continue;
            };
            match declare::missing_function(decl, &scripts[index], file) {
                Some(diagnostic) => {
                    diagnostics.push(diagnostic);
                    broken.push(name);
                }
                None => {
                    hooks.entry(name).or_insert(Hook { script: index, tripped: OnceLock::new() });
                }
            }
        }
        for site in call_sites(scheme) {
            let name = site.call.node.function.node.as_str();
            match hooks.get(name) {
                Some(hook) => {
                    diagnostics.extend(declare::wrong_arity(&site, &scripts[hook.script], file))
                }
                None if broken.iter().any(|b| b == name) => {}
                None => diagnostics.push(declare::undeclared(&site, file)),
            }
        }
        if diagnostics.is_empty() {
            Ok(HookRuntime { engine, limits, scripts, hooks })
        } else {
            Err(diagnostics)
        }
    }

    /// The limits every call runs under.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The script that defines a declared hook function (for `explain`).
    pub fn script_of(&self, function: &str) -> Option<&SourceFile> {
        self.hooks.get(function).map(|hook| &self.scripts[hook.script].file)
    }

    fn call<'a>(
        &'a self,
        kind: HookKind,
        function: &'a str,
        context: &'a HookContext<'a>,
    ) -> Result<Call<'a>, Diagnostic> {
        let hook = self.hooks.get(function).ok_or_else(|| {
            Diagnostic::error(
                "hooks::undeclared-hook",
                format!(
                    "the hook `{function}` is not declared (employee {}, period {})",
                    context.employee, context.period
                ),
            )
            .with_help(format!("declare it: `hook {function} in \"hooks/<script>.rhai\"`"))
        })?;
        Ok(Call {
            engine: &self.engine,
            limits: &self.limits,
            script: &self.scripts[hook.script],
            tripped: &hook.tripped,
            function,
            kind,
            context,
        })
    }
}

impl HookRunner for HookRuntime {
    fn call_value(
        &self,
        function: &str,
        args: &[Decimal],
        context: &HookContext<'_>,
    ) -> Result<Decimal, Diagnostic> {
        let call = self.call(HookKind::Value, function, context)?;
        call.number(call.run(args)?)
    }

    fn call_points(
        &self,
        function: &str,
        args: &[Decimal],
        context: &HookContext<'_>,
    ) -> Result<Decimal, Diagnostic> {
        let call = self.call(HookKind::Points, function, context)?;
        call.number(call.run(args)?)
    }

    fn call_condition(
        &self,
        function: &str,
        args: &[Decimal],
        context: &HookContext<'_>,
    ) -> Result<bool, Diagnostic> {
        let call = self.call(HookKind::Condition, function, context)?;
        call.boolean(call.run(args)?)
    }
}

/// One runtime per scheme, in the order of the schemes given to `evaluate`: calls go to the
/// runtime at the context's `scheme_index`.
impl HookRunner for Vec<HookRuntime> {
    fn call_value(
        &self,
        function: &str,
        args: &[Decimal],
        context: &HookContext<'_>,
    ) -> Result<Decimal, Diagnostic> {
        runtime_for(self, function, context)?.call_value(function, args, context)
    }

    fn call_points(
        &self,
        function: &str,
        args: &[Decimal],
        context: &HookContext<'_>,
    ) -> Result<Decimal, Diagnostic> {
        runtime_for(self, function, context)?.call_points(function, args, context)
    }

    fn call_condition(
        &self,
        function: &str,
        args: &[Decimal],
        context: &HookContext<'_>,
    ) -> Result<bool, Diagnostic> {
        runtime_for(self, function, context)?.call_condition(function, args, context)
    }
}

fn runtime_for<'a>(
    runtimes: &'a [HookRuntime],
    function: &str,
    context: &HookContext<'_>,
) -> Result<&'a HookRuntime, Diagnostic> {
    runtimes
        .get(context.scheme_index)
        .ok_or_else(|| crate::eval::hooks_api::unavailable(function, context))
}

/// Compile every script the scheme references and check each hook declaration and call:
/// what `merit check` reports about hooks. Empty when all is well. A hook declared twice
/// or called without a declaration is left out here: the structure lints report those
/// (`structure::duplicate-name`, `structure::unknown-hook`).
pub fn check_hooks(scheme: &Scheme, file: &SourceFile, scheme_path: &Path) -> Vec<Diagnostic> {
    if scheme.hooks.is_empty() {
        // Nothing to compile; calls without a declaration are `structure::unknown-hook`.
        return Vec::new();
    }
    let mut diagnostics = HookRuntime::load(scheme, file, scheme_path).err().unwrap_or_default();
    diagnostics.retain(|d| d.code != "hooks::duplicate-hook" && d.code != "hooks::undeclared-hook");
    diagnostics
}
