//! TODO: being written.
pub mod dataset;
