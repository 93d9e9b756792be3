//! The seam between the loaded book and its outputs (after mdBook's `Renderer`).
//!
//! Each edition (EPUB, PDF) takes the same [`RenderContext`] and returns the files it wants
//! written; `build` knows editions only through this trait, so a new one touches nothing else.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use crate::diag::Diagnostics;
use crate::doc::Document;
use crate::manuscript::Book;
use crate::page::Typeset;
use crate::pdf::StreamMemo;
use crate::typeset::cache::TypesetCache;

/// Everything an edition needs.
pub struct RenderContext<'a> {
    pub book: &'a Book,
    pub doc: &'a Document,
    /// Seconds since the epoch: the only time any output may contain.
    pub timestamp: i64,
    /// The typeset book, made once on first request and shared: the PDF prints it, the
    /// cover measures its spine from it, the EPUB maps its print pages from it.
    typeset: OnceLock<Result<Arc<Typeset>, Diagnostics>>,
    /// Some caller has begun typesetting (the others wait for [`Self::typeset`] to fill).
    typesetting: AtomicBool,
    /// The typesetting panicked: the waiters give up rather than wait for ever.
    typesetting_failed: AtomicBool,
    /// What the last build made, for `folio watch` (see [`BuildCache`]).
    cache: Option<&'a BuildCache>,
}

/// What `folio watch` keeps from one build for the next: the typesetting of unchanged
/// pieces, and the deflated content streams of unchanged pages. Whatever is reused is
/// exactly what would be made again, so the files are those of a one-off build.
#[derive(Default)]
pub struct BuildCache {
    pub typeset: TypesetCache,
    pub pdf: StreamMemo,
}

impl BuildCache {
    pub fn new() -> BuildCache {
        BuildCache::default()
    }
}

impl<'a> RenderContext<'a> {
    pub fn new(book: &'a Book, doc: &'a Document, timestamp: i64) -> Self {
        RenderContext {
            book,
            doc,
            timestamp,
            typeset: OnceLock::new(),
            typesetting: AtomicBool::new(false),
            typesetting_failed: AtomicBool::new(false),
            cache: None,
        }
    }

    /// Build with `cache`: reuse what the last build made of unchanged pieces and pages.
    pub fn with_cache(mut self, cache: Option<&'a BuildCache>) -> Self {
        self.cache = cache;
        self
    }

    /// The watch's cache, if this build has one.
    pub fn cache(&self) -> Option<&'a BuildCache> {
        self.cache
    }

    /// The book typeset for print (computed on first call; later calls wait for it).
    ///
    /// Editions render on rayon's workers, and typesetting spreads the pieces over those
    /// same workers. A caller that blocked while another typesets (as `OnceLock::get_or_init`
    /// does) would hold its worker out of the pool for the whole typesetting, on two cores
    /// half the machine; so a waiting caller keeps taking work from the pool instead.
    pub fn typeset(&self) -> Result<Arc<Typeset>, Diagnostics> {
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
            let cache = self.cache.map(|c| &c.typeset);
            let typeset =
                crate::typeset::typeset_cached(self.book, self.doc, self.timestamp, cache)
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

/// A file an edition asks to have written, named relative to the output folder.
pub struct Output {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// What an edition hands back: its files and any warnings it found while rendering.
pub struct Rendered {
    pub outputs: Vec<Output>,
    pub warnings: Diagnostics,
}

pub trait Edition: Sync {
    /// A short name for messages ("epub", "pdf").
    fn name(&self) -> &'static str;
    fn render(&self, ctx: &RenderContext) -> Result<Rendered, Diagnostics>;
}
