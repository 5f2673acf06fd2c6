//! Codes of `merit test` (`test::`): scheme tests in TOML files.

use super::{CodeInfo, info};
use crate::diagnostic::Severity::Error as E;

/// `test::`: scheme test files that cannot be run as written.
pub(super) static TEST: &[CodeInfo] = &[
    info(
        "test::no-test-file",
        E,
        "A scheme given to `merit test` has no test file next to it.",
        "Write `NAME.test.toml` next to `NAME.merit`; docs/testing.md shows the format.",
    ),
    info("test::no-tests", E, "A test file declares no test.", "Add a `[[test]]` table."),
    info(
        "test::bad-toml",
        E,
        "A test file is not valid TOML or a value has the wrong type.",
        "Fix the TOML at the place shown.",
    ),
    info(
        "test::unknown-key",
        E,
        "A test file has a key merit does not know.",
        "Use the keys listed in docs/testing.md.",
    ),
    info(
        "test::duplicate-name",
        E,
        "Two tests have the same name.",
        "Give each test its own name.",
    ),
    info(
        "test::no-records",
        E,
        "A test gives no data.",
        "Add `[[test.record]]` tables with a few employees' values.",
    ),
    info("test::no-expectations", E, "A test expects nothing.", "Add `[[test.expect]]` tables."),
    info(
        "test::empty-expectation",
        E,
        "An expectation compares nothing.",
        "Expect a composite, grade, rank or actions.",
    ),
    info(
        "test::no-period",
        E,
        "A test's record or expectation names no period and the test none.",
        "Give `period = \"2024-03\"`.",
    ),
    info(
        "test::bad-period",
        E,
        "A period label does not fit the scheme's cycle.",
        "Write a label of the cycle, e.g. `2024-03`.",
    ),
    info(
        "test::duplicate-record",
        E,
        "Two records give the same employee and period.",
        "Merge them.",
    ),
    info(
        "test::unknown-indicator",
        E,
        "A test names an indicator the scheme does not have.",
        "Use an indicator id of the scheme.",
    ),
    info(
        "test::unknown-rater",
        E,
        "A test names a rater the scheme does not have.",
        "Use a rater id of the scheme.",
    ),
    info(
        "test::unknown-attribute",
        E,
        "A record gives a column the scheme does not read.",
        "Remove it, or use a column the scheme reads.",
    ),
    info(
        "test::derived-value",
        E,
        "A record gives a value the scheme computes with a hook.",
        "Give the hook's inputs instead.",
    ),
    info(
        "test::unknown-employee",
        E,
        "An expectation names an employee with no record.",
        "Use an employee of the test's records.",
    ),
    info(
        "test::unknown-grade",
        E,
        "An expectation names a grade the scheme does not have.",
        "Use a grade of the scheme.",
    ),
    info(
        "test::unknown-action",
        E,
        "An expectation names an action the scheme does not have.",
        "Use an action id of the scheme.",
    ),
    info(
        "test::unknown-gate",
        E,
        "An expectation names a critical indicator the scheme does not have.",
        "Use the id of a critical indicator.",
    ),
    info(
        "test::bad-value",
        E,
        "A value in a test is not valid for its indicator's unit.",
        "Write the value as the message shows.",
    ),
    info(
        "test::ambiguous-percent",
        E,
        "A percentage written as a fraction could mean two values.",
        "Write percent points: `35` or `\"35%\"`.",
    ),
    info(
        "test::too-precise",
        E,
        "An expected value has more decimals than the scheme's precision.",
        "Round the expected value to the scheme's precision.",
    ),
];
