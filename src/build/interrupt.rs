//! An interrupted build leaves nothing behind.
//!
//! Method: every temporary edition file is registered here from the moment it is created
//! until it is renamed into place or removed. The library catches no signal and never ends
//! the process: the binary (src/main.rs) catches SIGINT, SIGTERM and SIGHUP, calls
//! [`abandon`], and then exits with the shell's code for the signal.
//!
//! One lock orders the two sides. A temporary file is created, renamed and removed only while
//! holding it, and [`abandon`] takes it and never gives it back, so once cleanup has started
//! no new temporary file can appear and no rename can half-happen behind it: the previous
//! edition stays whole, or the new one is already complete in its place.

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// The pending list; a panic elsewhere while holding the lock must not stop cleanup.
fn pending() -> MutexGuard<'static, Vec<PathBuf>> {
    PENDING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Remove every temporary edition file, and stop any from being created or renamed from now
/// on: for a process about to end (on a signal). A build still running blocks at its next
/// step with a file instead of writing behind the cleanup, so the caller should exit soon.
pub fn abandon() {
    let pending = pending();
    for path in pending.iter() {
        let _ = fs::remove_file(path);
    }
    // Never give the lock back: nothing may create or rename after this.
    std::mem::forget(pending);
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
