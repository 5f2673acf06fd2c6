//! rhai hooks: loading and checking scripts, the sandbox's limits, the three hook kinds and
//! the live-chat policy that uses them.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

#[path = "hooks/kinds.rs"]
mod kinds;
#[path = "hooks/load.rs"]
mod load;
#[path = "hooks/policy.rs"]
mod policy;
#[path = "hooks/sandbox.rs"]
mod sandbox;
#[path = "hooks/support.rs"]
mod support;
