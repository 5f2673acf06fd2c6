//! Codes of the input: the scheme's text (`syntax::`), files (`io::`), the project's
//! configuration and allow comments (`config::`), and writing output (`output::`,
//! `explain::`).

use super::{CodeInfo, info};
use crate::diagnostic::Severity::{Error as E, Warning as W};

/// `syntax::`: the text of a scheme does not fit the language.
pub(super) static SYNTAX: &[CodeInfo] = &[
    info(
        "syntax::unexpected",
        E,
        "The text does not fit the language here.",
        "Write what the message says is expected at this place.",
    ),
    info(
        "syntax::unknown-keyword",
        E,
        "A word (keyword, unit, kind, period) that the language does not know.",
        "Use one of the words listed in the message, or the suggested one.",
    ),
    info(
        "syntax::missing-field",
        E,
        "A statement needed here is missing (the scheme's title, an action's `when`).",
        "Add the statement the message names.",
    ),
    info(
        "syntax::duplicate-field",
        E,
        "A statement that may appear once is given twice.",
        "Keep one of them.",
    ),
    info(
        "syntax::else-not-last",
        E,
        "A band comes after `else`, so it is never reached.",
        "Move `else` to the end of the bands.",
    ),
    info(
        "syntax::wrong-kind",
        E,
        "A literal of the wrong kind (a percentage where a number is expected, ...).",
        "Write the kind of value the message asks for.",
    ),
    info(
        "syntax::invalid-number",
        E,
        "A number with an exponent or more than 28 decimal places.",
        "Write the number as plain decimal digits.",
    ),
    info(
        "syntax::number-too-large",
        E,
        "A number too large for an exact decimal or for the field.",
        "Write a smaller number.",
    ),
    info(
        "syntax::invalid-date",
        E,
        "A date that is not written `YYYY-MM-DD` or does not exist.",
        "Write an existing date as `2011-06-07`.",
    ),
    info(
        "syntax::invalid-currency",
        E,
        "A currency that is not three upper-case letters.",
        "Write an ISO currency code such as `CNY` or `EUR`.",
    ),
    info(
        "syntax::invalid-escape",
        E,
        "A backslash escape in a string other than `\\\"` and `\\\\`.",
        "Remove the backslash or double it.",
    ),
    info(
        "syntax::unterminated-string",
        E,
        "A string has no closing quote on its line.",
        "Close the string with `\"` before the end of the line.",
    ),
    info(
        "syntax::unclosed-brace",
        E,
        "A block opened with `{` is never closed.",
        "Add the `}` that closes the block.",
    ),
    info(
        "syntax::unmatched-brace",
        E,
        "A `}` closes no block.",
        "Remove it, or add the `{` it should close.",
    ),
    info(
        "syntax::too-deep",
        E,
        "Blocks or conditions are nested too deeply.",
        "Flatten the nesting.",
    ),
    info(
        "syntax::empty-file",
        E,
        "The file has no statements.",
        "Start the file with `scheme \"Name\"`; `merit init` writes a starting point.",
    ),
    info(
        "syntax::not-utf8",
        E,
        "The file is binary or not UTF-8 text.",
        "Pass the scheme file, saved as UTF-8 text.",
    ),
    info(
        "syntax::too-many-errors",
        E,
        "More errors than are shown were found.",
        "Fix the errors shown and run again.",
    ),
];

/// `config::`: the project's `merit.toml` and the scheme's allow comments.
pub(super) static CONFIG: &[CodeInfo] = &[
    info(
        "config::bad-toml",
        E,
        "merit.toml is not valid TOML, has an unknown key or a value of the wrong type.",
        "Fix the key or value the message points at; docs/diagnostics.md lists the keys.",
    ),
    info(
        "config::unknown-code",
        E,
        "merit.toml names a code or family that does not exist.",
        "Use a code listed in docs/diagnostics.md (the message suggests a close one).",
    ),
    info(
        "config::not-configurable",
        E,
        "merit.toml names a code that is not a lint (syntax, data, ...).",
        "Only structure and SMART findings can be set; fix the input problem instead.",
    ),
    info(
        "config::bad-value",
        E,
        "A value in merit.toml or on the command line is out of range.",
        "Give a value in the range the message states.",
    ),
    info(
        "config::bad-allow",
        E,
        "A `// merit: allow(...)` comment names no code, an unknown code, or gives no reason.",
        "Write `// merit: allow(family::code) reason \"why\"`.",
    ),
    info(
        "config::unused-allow",
        W,
        "An allow comment silences no finding.",
        "Remove the comment, or move it to the item whose finding it should silence.",
    ),
];

/// `io::`: files that cannot be read.
pub(super) static IO: &[CodeInfo] = &[
    info(
        "io::unreadable",
        E,
        "A file cannot be read (missing, a directory, no permission).",
        "Check the path and that you may read the file.",
    ),
    info("io::not-utf8", E, "A text file is not UTF-8.", "Save the file as UTF-8 text."),
];

/// `output::` and `explain::`: writing results.
pub(super) static OUTPUT: &[CodeInfo] = &[
    info(
        "output::render",
        E,
        "The results cannot be written in the chosen format.",
        "Report this as a bug in merit, with the scheme and data.",
    ),
    info(
        "output::write",
        E,
        "The results cannot be written out (disk full, no permission, output closed).",
        "Check that the output file's directory is writable and its disk has room.",
    ),
    info(
        "explain::unknown-employee",
        E,
        "`merit explain` names an employee with no result.",
        "Use an employee id that appears in the data.",
    ),
    info(
        "explain::unknown-period",
        E,
        "`merit explain` names a period with no result for the employee.",
        "Use one of the periods the message lists.",
    ),
];
