//! merit: a policy language and engine for staff performance schemes.
//!
//! A scheme (`*.merit`) is parsed into an [`ast::Scheme`], checked for structure and SMART
//! completeness, and evaluated against metric data into scores, grades, ranks and actions:
//!
//! ```text
//! let file = SourceFile::new("cs.merit", text);
//! let parsed = merit::parse(&file)?;              // syntax: text → AST (+ comments)
//! let findings = merit::check(&parsed.scheme, &file); // check: structure and SMART lints
//! let data = merit::eval::load(...)?;             // eval: metric data in
//! let evaluation = merit::evaluate(...)?;         // eval: scores, grades, ranks, actions
//! ```

pub mod ast;
pub mod check;
pub mod cli;
pub mod codes;
pub mod config;
pub mod diagnostic;
pub mod eval;
pub mod fmt;
pub mod generate;
pub mod hooks;
pub mod report;
pub mod source;
pub mod syntax;
pub mod testing;

pub use diagnostic::{Diagnostic, Severity};
pub use source::{SourceFile, Span, Spanned};
