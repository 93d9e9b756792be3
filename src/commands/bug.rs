//! A panic is a bug in folio (no input should cause one), but a user should meet it as an
//! error that says so, with exit code 1, and `folio watch` should go on to the next change.
//! [`catch`] runs a command's work and turns a panic, on this thread or on one of rayon's
//! workers (rayon hands a worker's panic on to the caller), into the message to report.

use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, Once};

/// Where the last panic happened, as the panic hook saw it (the payload has only the message).
static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);
static HOOK: Once = Once::new();
/// How many `catch`es are under way (rayon's workers panic on threads of their own).
static CATCHING: AtomicUsize = AtomicUsize::new(0);

/// What a user is told after a panic; the message and place follow.
pub const BUG: &str = "this is a bug in folio; please report it";

/// Runs `work`; a panic inside it becomes `Err` with its message and place. The standard
/// panic message is kept back (the caller reports the error in folio's own words), unless
/// RUST_BACKTRACE is set, for a bug report with a backtrace.
pub fn catch<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    install_hook();
    CATCHING.fetch_add(1, Ordering::SeqCst);
    // Unwind safety: after a panic the caller drops or reports everything `work` touched,
    // except `watch`'s cache, whose locks are taken poison-tolerantly.
    let result = panic::catch_unwind(AssertUnwindSafe(work));
    CATCHING.fetch_sub(1, Ordering::SeqCst);
    result.map_err(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".to_string());
        let place = LAST_PANIC
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
            .map(|at| format!(" at {at}"))
            .unwrap_or_default();
        format!("internal error: {message}{place}")
    })
}

fn install_hook() {
    HOOK.call_once(|| {
        let standard = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if let Some(at) = info.location() {
                *LAST_PANIC.lock().unwrap_or_else(|e| e.into_inner()) =
                    Some(format!("{}:{}:{}", at.file(), at.line(), at.column()));
            }
            // Panics outside a `catch` (a test's failed assertion) keep the standard message.
            let caught = CATCHING.load(Ordering::SeqCst) > 0;
            if !caught || std::env::var_os("RUST_BACKTRACE").is_some_and(|v| v != "0") {
                standard(info);
            }
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_on_a_rayon_worker_becomes_an_error_with_its_message_and_place() {
        use rayon::prelude::*;
        let caught = catch(|| {
            (0..64)
                .into_par_iter()
                .map(|i| {
                    if i == 63 {
                        panic!("worker {i} fell")
                    } else {
                        i
                    }
                })
                .sum::<i32>()
        });
        let message = caught.unwrap_err();
        assert!(
            message.starts_with("internal error: worker 63 fell at src/commands/bug.rs:"),
            "{message}"
        );
        assert_eq!(catch(|| 2 + 2), Ok(4));
    }
}
