//! The pest parser generated from `grammar/merit.pest`. Its types stay inside `syntax`.

use pest_derive::Parser;

/// The parser of the merit language.
#[derive(Parser)]
#[grammar = "../grammar/merit.pest"]
pub(super) struct MeritParser;
