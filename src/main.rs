//! The `merit` command line: a thin layer over the library.

fn main() -> std::process::ExitCode {
    merit::cli::main()
}
