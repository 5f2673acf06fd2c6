//! The `merit` command line: a thin layer over the library.

/// An evaluation allocates many small values (cells, results); mimalloc serves them about
/// twice as fast as the system allocator (docs/performance.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    merit::cli::main()
}
