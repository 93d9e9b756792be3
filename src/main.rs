//! The folio binary: parse the arguments, catch the termination signals, and run the command.
//! Everything else is the library's, which returns exit codes and never ends the process.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    pin_mmap_threshold();
    let cli = folio::cli::Cli::parse();
    catch_termination_signals();
    folio::cli::run(cli)
}

/// On SIGINT, SIGTERM or SIGHUP: remove the temporary files of the build under way (see
/// `folio::build::abandon_temporaries`) and exit with the shell's code for the signal (128 +
/// its number: 130 for Ctrl-C, 143 for SIGTERM). signal-hook catches them on a thread of its
/// own, since a handler in signal context could not safely take a lock or touch the file
/// system. If they cannot be caught folio still runs, with the default of dying at once.
fn catch_termination_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    let spawned = std::thread::Builder::new()
        .name("folio-signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                folio::build::abandon_temporaries();
                std::process::exit(128 + signal);
            }
        });
    debug_assert!(spawned.is_ok(), "could not start the signal thread");
}

/// glibc serves allocations from 128 KiB up with their own mappings, returned to the system
/// when freed, and raises that threshold to the size of any such block freed (up to 32 MiB).
/// A build frees large blocks early (a picture decoded and scaled for print); after that every
/// buffer of the book's pages, content streams and packages comes from the heap instead, and
/// the heap keeps what it once held: the 500-piece benchmark book peaked at 270 MiB instead
/// of 210. Setting the threshold explicitly keeps it where it is.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn pin_mmap_threshold() {
    // SAFETY: mallopt only changes an allocator parameter, and is called before any other
    // thread exists; a failure (return 0) leaves the default behaviour, which is also fine.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn pin_mmap_threshold() {}
