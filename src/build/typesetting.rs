//! The book typeset once per build and shared by the editions that ask for it (the
//! [`PrintedBook`] of their [`RenderContext`](crate::edition::RenderContext)).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use crate::diag::Diagnostics;
use crate::doc::Document;
use crate::edition::PrintedBook;
use crate::manuscript::Book;
use crate::page::Typeset;
use crate::typeset::cache::TypesetCache;

/// The typesetting of one build: done by the first edition that asks, waited for by the rest.
pub struct Typesetting<'a> {
    book: &'a Book,
    doc: &'a Document,
    timestamp: i64,
    /// The watch's memo of the last build's setting, if this build has one.
    cache: Option<&'a TypesetCache>,
    typeset: OnceLock<Result<Arc<Typeset>, Diagnostics>>,
    /// Some caller has begun typesetting (the others wait for `typeset` to fill).
    typesetting: AtomicBool,
    /// The typesetting panicked: the waiters give up rather than wait for ever.
    typesetting_failed: AtomicBool,
}

impl<'a> Typesetting<'a> {
    pub fn new(
        book: &'a Book,
        doc: &'a Document,
        timestamp: i64,
        cache: Option<&'a TypesetCache>,
    ) -> Self {
        Typesetting {
            book,
            doc,
            timestamp,
            cache,
            typeset: OnceLock::new(),
            typesetting: AtomicBool::new(false),
            typesetting_failed: AtomicBool::new(false),
        }
    }
}

impl PrintedBook for Typesetting<'_> {
    /// The book typeset for print (computed on first call; later calls wait for it).
    ///
    /// Editions render on rayon's workers, and typesetting spreads the pieces over those
    /// same workers. A caller that blocked while another typesets (as `OnceLock::get_or_init`
    /// does) would hold its worker out of the pool for the whole typesetting, on two cores
    /// half the machine; so a waiting caller keeps taking work from the pool instead.
    fn typeset(&self) -> Result<Arc<Typeset>, Diagnostics> {
        if !self.typesetting.swap(true, Ordering::AcqRel) {
            /// Tells the waiters if the typesetting panics, so the panic ends the build.
            struct Failed<'f>(&'f AtomicBool);
            impl Drop for Failed<'_> {
                fn drop(&mut self) {
                    if std::thread::panicking() {
                        self.0.store(true, Ordering::Release);
                    }
                }
            }
            let _guard = Failed(&self.typesetting_failed);
            let typeset =
                crate::typeset::typeset_cached(self.book, self.doc, self.timestamp, self.cache)
                    .map(Arc::new);
            // Only this caller sets it.
            let _ = self.typeset.set(typeset);
        }
        loop {
            if let Some(typeset) = self.typeset.get() {
                return typeset.clone();
            }
            assert!(
                !self.typesetting_failed.load(Ordering::Acquire),
                "typesetting the book panicked"
            );
            match rayon::yield_now() {
                Some(rayon::Yield::Executed) => {}
                // Nothing to help with (or not on a rayon worker): wait a moment.
                _ => std::thread::sleep(std::time::Duration::from_micros(100)),
            }
        }
    }
}
