//! `merit test`: scheme tests, like a policy engine's unit tests. A test file
//! (`<scheme>.test.toml`, next to the scheme) holds a few employees' data for one or more
//! periods and what the scheme must make of it: composite, grade, rank, actions, money.
//!
//! ```text
//! let suite = merit::testing::load(Path::new("policies/online-shop-cs.test.toml"))?; // spec → data
//! let outcome = merit::testing::run(&suite, None);       // evaluate each test, compare
//! print!("{}", merit::testing::human(&[outcome], false)); // or junit(&[outcome])
//! ```
//!
//! `docs/testing.md` is the user's guide to the format.

mod breakdown;
mod context;
pub mod discover;
pub mod expect;
pub mod human;
pub mod junit;
pub mod names;
pub mod records;
pub mod run;
pub mod spec;
pub mod suite;
pub mod values;

pub use discover::discover;
pub use human::human;
pub use junit::junit;
pub use run::{Failure, Mismatch, Status, SuiteOutcome, TestOutcome, run};
pub use suite::{LoadError, PreparedTest, Suite, load};
