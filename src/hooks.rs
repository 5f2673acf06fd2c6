//! rhai hooks: the one place a rhai Engine is built and limited.
