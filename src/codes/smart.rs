//! Codes of the SMART lints (BRIEF.md section 3), one family per letter, and of the
//! calibration against history.

use super::{CodeInfo, info};
use crate::diagnostic::Severity::{Error as E, Warning as W};

/// `specific::`: what is judged is said exactly.
pub(super) static SPECIFIC: &[CodeInfo] = &[
    info(
        "specific::no-scope",
        W,
        "The scheme does not say whom it applies to.",
        "Add `scope \"Team in words\" role role_key`.",
    ),
    info(
        "specific::no-name",
        W,
        "An indicator has no name in words.",
        "Write its name after the id: `indicator conversion \"Inquiry conversion rate\" ...`.",
    ),
    info(
        "specific::no-definition",
        W,
        "An indicator does not define what is counted or judged.",
        "Add `definition \"...\"`.",
    ),
    info(
        "specific::no-numerator",
        W,
        "A share (unit percent or ratio) does not say what is counted.",
        "Add `numerator \"...\"`.",
    ),
    info(
        "specific::no-denominator",
        W,
        "A share (unit percent or ratio) does not say what it is counted out of.",
        "Add `denominator \"...\"`.",
    ),
];

/// `measurable::`: how it is measured or rated.
pub(super) static MEASURABLE: &[CodeInfo] = &[
    info(
        "measurable::no-unit",
        W,
        "A measured indicator has no unit.",
        "Add `unit percent`, `duration`, `currency CODE`, `count` or `ratio`.",
    ),
    info(
        "measurable::no-direction",
        W,
        "A measured indicator does not say whether higher or lower is better.",
        "Add `higher is better` or `lower is better`.",
    ),
    info(
        "measurable::ratio-no-direction",
        E,
        "A ratio rule without a direction: its formula depends on it.",
        "Add `higher is better` or `lower is better`.",
    ),
    info(
        "measurable::no-source",
        W,
        "A measured indicator does not say where its values come from.",
        "Add `source \"...\"` naming the system or report.",
    ),
    info(
        "measurable::scale-unlabelled-step",
        W,
        "A step of a rating scale does not say what it means.",
        "Label the step: `3 \"Meets expectations\"`.",
    ),
    info(
        "measurable::unnamed-rater",
        W,
        "A rater who rates indicators is not named in words.",
        "Add the name after the kind: `rater boss manager \"Store manager\"`.",
    ),
];

/// `attainable::`: standards within reach, neither too strict nor too loose.
pub(super) static ATTAINABLE: &[CodeInfo] = &[
    info(
        "attainable::gate-beyond-target",
        W,
        "A critical gate asks for more than the target, so meeting the target can still zero the composite.",
        "Set the gate at or below the target.",
    ),
    info(
        "attainable::target-too-loose",
        W,
        "History: more employee-periods reached the target than the band allows (default 90%).",
        "Raise the standard; the message suggests a target at a percentile.",
    ),
    info(
        "attainable::target-too-strict",
        W,
        "History: fewer employee-periods reached the target than the band allows (default 10%).",
        "Lower the standard; the message suggests a target at a percentile.",
    ),
    info(
        "attainable::history-too-small",
        W,
        "History: too few employee-periods have a value to judge the target.",
        "Give a longer history, or lower `min_history` in merit.toml.",
    ),
];

/// `realistic::`: values that can occur.
pub(super) static REALISTIC: &[CodeInfo] = &[
    info(
        "realistic::percent-out-of-domain",
        E,
        "A percentage compared with a percent indicator lies outside 0%..100%.",
        "Give a value between 0% and 100%.",
    ),
    info(
        "realistic::negative-duration",
        E,
        "A duration compared with a duration indicator is negative.",
        "Give a duration of 0s or more.",
    ),
    info(
        "realistic::negative-count",
        E,
        "A count compared with a count indicator is negative.",
        "Give a count of 0 or more.",
    ),
    info(
        "realistic::target-beyond-best",
        W,
        "History: no employee-period ever reached the target.",
        "Set the target within what has been achieved; the message suggests one.",
    ),
];

/// `timebound::`: cycle, dates, milestones and deadlines.
pub(super) static TIMEBOUND: &[CodeInfo] = &[
    info(
        "timebound::no-cycle",
        W,
        "The scheme does not say how often it is evaluated.",
        "Add `cycle monthly from 2024-01-01`.",
    ),
    info(
        "timebound::no-effective-date",
        W,
        "The cycle does not say from when the scheme applies.",
        "Add `from YYYY-MM-DD` to the cycle.",
    ),
    info(
        "timebound::no-approvals",
        W,
        "The scheme records no approval.",
        "Add `approved \"Who\" on YYYY-MM-DD`.",
    ),
    info(
        "timebound::approval-after-effective",
        W,
        "An approval is dated after the scheme took effect.",
        "Check the dates: a scheme is agreed before it applies.",
    ),
    info(
        "timebound::no-milestones",
        W,
        "The scheme sets no milestones for its cycle.",
        "Add `milestone id \"What happens\" day N`.",
    ),
    info(
        "timebound::milestone-outside-cycle",
        W,
        "A milestone falls later than the cycle's length after the period ends.",
        "Give a day within the cycle (weekly 7, monthly 28, quarterly 90, yearly 365).",
    ),
    info(
        "timebound::plan-without-deadline",
        W,
        "An improvement plan has no deadline.",
        "Add `due N days after notice`.",
    ),
];
