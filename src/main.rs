//! The `merit` command line: a thin layer over the library.

use std::ffi::c_long;

use libmimalloc_sys::{mi_option_get, mi_option_set, mi_option_t};

/// An evaluation allocates many small values (cells, results); mimalloc serves them about
/// twice as fast as the system allocator (docs/performance.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (`include/mimalloc.h` of its version 3, the one
/// libmimalloc-sys builds): how many milliseconds freed memory is kept before it goes back
/// to the system.
const PURGE_DELAY: mi_option_t = 15;
/// Its default in mimalloc 3, in milliseconds.
const PURGE_DELAY_DEFAULT: c_long = 1_000;
/// What merit uses: none. An evaluation frees a million records' worth of memory between
/// its phases, and kept even 10 ms (mimalloc 2's default) it adds to the next phase's peak:
/// a delayed purge waits for the freeing thread's next call into the allocator, and while
/// the entries are made from the records taken there may be none (docs/performance.md).
const PURGE_DELAY_MERIT: c_long = 0;

fn main() -> std::process::ExitCode {
    // SAFETY: mimalloc's options are plain integers; they are read and set here, before
    // merit starts any other thread. The option is changed only while it holds mimalloc 3's
    // default for it: another `MIMALLOC_PURGE_DELAY` given in the environment, or another
    // layout of the options, leaves it alone.
    unsafe {
        if mi_option_get(PURGE_DELAY) == PURGE_DELAY_DEFAULT {
            mi_option_set(PURGE_DELAY, PURGE_DELAY_MERIT);
        }
    }
    merit::cli::main()
}
