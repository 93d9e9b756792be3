//! An interrupted build leaves nothing behind.
//!
//! Method: every temporary edition file is registered here from the moment it is created
//! until it is renamed into place or removed. SIGINT, SIGTERM and SIGHUP are caught by
//! signal-hook on a thread of their own (a handler in signal context could not safely take a
//! lock or touch the file system); that thread removes whatever is registered and exits with
//! the shell's code for the signal (128 + its number: 130 for Ctrl-C, 143 for SIGTERM).
//!
//! One lock orders the two sides. A temporary file is created, renamed and removed only while
//! holding it, and the signal thread takes it and never gives it back, so once cleanup has
//! started no new temporary file can appear and no rename can half-happen behind it: the
//! previous edition stays whole, or the new one is already complete in its place.

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, Once};

use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
static INSTALL: Once = Once::new();

/// The pending list; a panic elsewhere while holding the lock must not stop cleanup.
fn pending() -> MutexGuard<'static, Vec<PathBuf>> {
    PENDING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Catch the termination signals (once per process; later calls do nothing). If they cannot
/// be caught the build still runs, with the default behaviour of dying at once.
pub fn install() {
    INSTALL.call_once(|| {
        let Ok(mut signals) = Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
            return;
        };
        let spawned = std::thread::Builder::new()
            .name("folio-signals".into())
            .spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    let pending = pending();
                    for path in pending.iter() {
                        let _ = fs::remove_file(path);
                    }
                    // Exit while still holding the lock: nothing may create or rename after.
                    std::process::exit(128 + signal);
                }
            });
        debug_assert!(spawned.is_ok(), "could not start the signal thread");
    });
}

/// Create `path` (a temporary file) and register it for cleanup in one step. A leftover of
/// the same name (a crashed run whose process id was reused) is removed first; `create_new`
/// then never opens something already there (a FIFO would block the build under the lock).
pub fn create(path: &Path) -> io::Result<File> {
    let mut pending = pending();
    let _ = fs::remove_file(path);
    let file = File::options().write(true).create_new(true).open(path)?;
    pending.push(path.to_path_buf());
    Ok(file)
}

/// Rename the temporary file into place and forget it.
pub fn commit(tmp: &Path, dest: &Path) -> io::Result<()> {
    let mut pending = pending();
    let result = fs::rename(tmp, dest);
    if result.is_ok() {
        pending.retain(|p| p != tmp);
    }
    result
}

/// Remove the temporary file (if it is there) and forget it.
pub fn discard(tmp: &Path) {
    let mut pending = pending();
    let _ = fs::remove_file(tmp);
    pending.retain(|p| p != tmp);
}
