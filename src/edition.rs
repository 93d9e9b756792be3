//! The seam between the loaded book and its outputs (after mdBook's `Renderer` and
//! `RenderContext`).
//!
//! Each edition (EPUB, PDF, cover) takes the same [`RenderContext`] and returns the files it
//! wants written; `build` knows editions only through the [`Edition`] trait, so a new one
//! touches nothing else. The context is plain data and depends on no stage after the loader
//! and the IR: the book typeset for print reaches it through [`PrintedBook`], which `build`
//! provides, so that the book is set once per build whichever editions ask for it.

use std::sync::Arc;

use crate::diag::Diagnostics;
use crate::doc::Document;
use crate::manuscript::Book;
use crate::page::Typeset;

/// Everything an edition needs.
pub struct RenderContext<'a> {
    /// The loaded book: its root, metadata, settings and pieces.
    pub book: &'a Book,
    /// Its text as the IR.
    pub doc: &'a Document,
    /// Seconds since the epoch: the only time any output may contain.
    pub timestamp: i64,
    /// The typeset book, shared: the PDF prints it, the cover measures its spine from it,
    /// the EPUB maps its print pages from it.
    pub printed: &'a dyn PrintedBook,
}

/// Where an edition gets the book typeset for print. It is made once, on first request, and
/// every later caller waits for that one (the editions render side by side).
pub trait PrintedBook: Sync {
    fn typeset(&self) -> Result<Arc<Typeset>, Diagnostics>;
}

impl<'a> RenderContext<'a> {
    pub fn new(
        book: &'a Book,
        doc: &'a Document,
        timestamp: i64,
        printed: &'a dyn PrintedBook,
    ) -> Self {
        RenderContext {
            book,
            doc,
            timestamp,
            printed,
        }
    }

    /// The book typeset for print (see [`PrintedBook`]).
    pub fn typeset(&self) -> Result<Arc<Typeset>, Diagnostics> {
        self.printed.typeset()
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

impl Rendered {
    /// An edition of one file.
    pub fn one(file_name: String, bytes: Vec<u8>, warnings: Diagnostics) -> Rendered {
        Rendered {
            outputs: vec![Output { file_name, bytes }],
            warnings,
        }
    }
}

pub trait Edition: Sync {
    /// A short name for messages ("epub", "pdf").
    fn name(&self) -> &'static str;
    fn render(&self, ctx: &RenderContext) -> Result<Rendered, Diagnostics>;
}
