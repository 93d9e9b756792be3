//! The seam between the loaded book and its outputs (after mdBook's `Renderer`).
//!
//! Each edition (EPUB, PDF) takes the same [`RenderContext`] and returns the files it wants
//! written; `build` knows editions only through this trait, so a new one touches nothing else.

use std::sync::{Arc, OnceLock};

use crate::diag::Diagnostics;
use crate::doc::Document;
use crate::manuscript::Book;
use crate::typeset::Typeset;

/// Everything an edition needs.
pub struct RenderContext<'a> {
    pub book: &'a Book,
    pub doc: &'a Document,
    /// Seconds since the epoch: the only time any output may contain.
    pub timestamp: i64,
    /// The typeset book, made once on first request and shared: the PDF prints it, the
    /// cover measures its spine from it, the EPUB maps its print pages from it.
    typeset: OnceLock<Result<Arc<Typeset>, Diagnostics>>,
}

impl<'a> RenderContext<'a> {
    pub fn new(book: &'a Book, doc: &'a Document, timestamp: i64) -> Self {
        RenderContext {
            book,
            doc,
            timestamp,
            typeset: OnceLock::new(),
        }
    }

    /// The book typeset for print (computed on first call; later calls wait for it).
    pub fn typeset(&self) -> Result<Arc<Typeset>, Diagnostics> {
        self.typeset
            .get_or_init(|| {
                crate::typeset::typeset(self.book, self.doc, self.timestamp).map(Arc::new)
            })
            .clone()
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
