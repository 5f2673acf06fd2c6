//! Codes of evaluation (`eval::`) and of rhai hooks (`hooks::`).

use super::{CodeInfo, info};
use crate::diagnostic::Severity::{Error as E, Warning as W};

/// `eval::`: evaluating schemes against data.
pub(super) static EVAL: &[CodeInfo] = &[
    info(
        "eval::no-indicators",
        E,
        "The scheme has no indicators to evaluate.",
        "Declare at least one indicator.",
    ),
    info(
        "eval::duplicate-id",
        E,
        "A group or indicator id is declared twice.",
        "Give each its own id.",
    ),
    info(
        "eval::unknown-scale",
        E,
        "An indicator is rated on an undeclared scale.",
        "Declare the scale.",
    ),
    info("eval::unknown-rater", E, "An indicator names an undeclared rater.", "Declare the rater."),
    info(
        "eval::rater-weight",
        E,
        "Some raters of an indicator have a weight and some do not.",
        "Give all of them a weight, or none.",
    ),
    info(
        "eval::scale-points",
        E,
        "A scale gives points for some steps but not all.",
        "Give points to every step or to none.",
    ),
    info(
        "eval::scale-steps",
        E,
        "A scale has fewer than two different ratings.",
        "Give the scale at least two steps.",
    ),
    info(
        "eval::no-scoring",
        E,
        "An indicator has no scoring rule.",
        "Add a `score` rule or a rating.",
    ),
    info(
        "eval::scored-and-rated",
        E,
        "An indicator has both a scoring rule and raters.",
        "Keep one of them.",
    ),
    info(
        "eval::curve-anchors",
        E,
        "A curve has fewer than two anchors.",
        "Give at least two anchors.",
    ),
    info(
        "eval::curve-order",
        E,
        "A curve's anchors do not all rise or all fall.",
        "Order the anchors.",
    ),
    info(
        "eval::ratio-target",
        E,
        "A ratio rule's target is not positive.",
        "Give a target above zero.",
    ),
    info(
        "eval::currency-missing",
        E,
        "An action's amount has no currency and the scheme none.",
        "Write the currency or declare one.",
    ),
    info(
        "eval::unknown-grade",
        E,
        "A condition names a grade that does not exist.",
        "Use a declared grade.",
    ),
    info(
        "eval::unknown-indicator",
        E,
        "A condition or tie-break names an unknown indicator.",
        "Use a declared id.",
    ),
    info(
        "eval::period-label",
        E,
        "A period label does not fit the scheme's cycle.",
        "Write the period as a label of the cycle (`2011-06`, `2011-Q3`).",
    ),
    info(
        "eval::before-effective",
        E,
        "A period ended before the scheme took effect.",
        "Check the period, or the cycle's `from` date.",
    ),
    info(
        "eval::duplicate-record",
        E,
        "An employee has two records for one period.",
        "Remove one of them.",
    ),
    info(
        "eval::scope-missing",
        E,
        "A record lacks the column the ranking's scope needs.",
        "Add the column.",
    ),
    info(
        "eval::no-scheme-for-role",
        E,
        "A record's role matches no scheme.",
        "Pass the scheme for the role, or fix the role.",
    ),
    info(
        "eval::role-missing",
        E,
        "A record has no role while several schemes are given.",
        "Add a `role` column.",
    ),
    info(
        "eval::no-data",
        E,
        "An employee has no value for any indicator in a period.",
        "Remove the row or fill it in.",
    ),
    info(
        "eval::missing-value",
        E,
        "An employee has no value for an indicator under `missing error`.",
        "Fill in the value, or declare `missing zero` or `missing reweight`.",
    ),
    info(
        "eval::no-band",
        E,
        "A value matches no band of the rule.",
        "Add an `else => points` band.",
    ),
    info(
        "eval::too-large",
        E,
        "Points too large for an exact decimal: a value or a hook's points near 10²⁸.",
        "Check the export and the rule's numbers; merit computes exactly, with at most 28 digits.",
    ),
    info(
        "eval::rating-outside-scale",
        E,
        "A rating is not a step of the scale.",
        "Use a rating of the scale.",
    ),
    info(
        "eval::hook-argument-missing",
        E,
        "A hook argument has no value for the employee and period.",
        "Fill in the column the hook reads.",
    ),
    info(
        "eval::hook-unavailable",
        E,
        "A hook is called where no hook runtime was given.",
        "Run with hooks enabled, or use a built-in rule.",
    ),
    info(
        "eval::grade-quota",
        W,
        "More people got a grade than its quota.",
        "Check the grade thresholds or the quota.",
    ),
    info(
        "eval::more-errors",
        E,
        "More errors were found than are shown.",
        "Fix the errors shown and run again.",
    ),
    info(
        "eval::internal",
        E,
        "An internal inconsistency in the engine.",
        "Report this as a bug in merit.",
    ),
];

/// `hooks::`: loading and running rhai hook scripts.
pub(super) static HOOKS: &[CodeInfo] = &[
    info(
        "hooks::script-not-found",
        E,
        "A hook script cannot be read.",
        "Check the path, relative to the scheme's folder.",
    ),
    info(
        "hooks::script-outside-scheme",
        E,
        "A hook script lies outside the scheme's folder.",
        "Keep scripts in or below the scheme's folder.",
    ),
    info(
        "hooks::syntax",
        E,
        "A hook script has a rhai syntax error.",
        "Fix the script at the line shown.",
    ),
    info(
        "hooks::missing-function",
        E,
        "A declared hook function is not defined in its script.",
        "Define the function, or fix the name.",
    ),
    info("hooks::duplicate-hook", E, "A hook function is declared twice.", "Declare it once."),
    info(
        "hooks::undeclared-hook",
        E,
        "A hook is called but not declared.",
        "Declare it with `hook f in \"script.rhai\"`.",
    ),
    info(
        "hooks::wrong-arity",
        E,
        "A hook is called with another number of arguments than the function takes.",
        "Match the call to the function's parameters.",
    ),
    info(
        "hooks::runtime",
        E,
        "A hook failed while running (an error, a division by zero, an overflow, a loop past the limits).",
        "Fix the script at the line shown.",
    ),
    info(
        "hooks::bad-result",
        E,
        "A hook returned something other than what is expected (a number, a boolean).",
        "Return the expected type.",
    ),
];
