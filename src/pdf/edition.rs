//! The PDF edition, as `build` sees it: the shared typeset book, written by this module.

use std::sync::Arc;

use super::StreamMemo;
use crate::diag::{Diagnostic, Diagnostics};
use crate::edition::{Edition, RenderContext, Rendered};

/// The PDF edition: the book as typeset for the whole build, written as `<slug>.pdf`.
#[derive(Default)]
pub struct PdfEdition {
    /// The page streams of the last build, kept by `folio watch` (see [`StreamMemo`]).
    memo: Option<Arc<StreamMemo>>,
}

impl PdfEdition {
    /// The edition of a one-off build.
    pub fn new() -> PdfEdition {
        PdfEdition::default()
    }

    /// The edition of one build of many: unchanged pages take their deflated streams from
    /// `memo`, and this build's are left there for the next.
    pub fn with_memo(memo: Arc<StreamMemo>) -> PdfEdition {
        PdfEdition { memo: Some(memo) }
    }
}

impl Edition for PdfEdition {
    fn name(&self) -> &'static str {
        "pdf"
    }

    fn render(&self, ctx: &RenderContext) -> Result<Rendered, Diagnostics> {
        let typeset = ctx.typeset()?;
        let bytes = super::write_with(&typeset.layout, self.memo.as_deref())
            .map_err(|e| write_failed("the PDF", &e))?;
        let mut warnings = typeset.warnings.clone();
        if let Some(w) = too_many_links(&typeset.layout) {
            warnings.push(w);
        }
        Ok(Rendered::one(
            format!("{}.pdf", ctx.book.slug()),
            bytes,
            warnings,
        ))
    }
}

/// A warning when the layout has more links than the PDF carries (`MAX_PDF_LINKS`): on
/// which page they stop, and how many are left unclickable. A file for the press has no
/// links at all, so it never warns.
fn too_many_links(layout: &crate::page::Layout) -> Option<Diagnostic> {
    use crate::limits::MAX_PDF_LINKS;
    if layout.print.pdfx.is_some() {
        return None;
    }
    let mut seen = 0usize;
    let mut stop_page = None;
    for (index, page) in layout.pages.iter().enumerate() {
        for item in &page.items {
            if matches!(item, crate::page::PageItem::Link { .. }) {
                seen += 1;
                if seen == MAX_PDF_LINKS + 1 {
                    stop_page = Some((index, page.folio.clone()));
                }
            }
        }
    }
    let (index, folio) = stop_page?;
    let page = folio.map_or_else(
        || format!("the {}th page", index + 1),
        |f| format!("page {f}"),
    );
    Some(
        Diagnostic::warning(format!(
            "the PDF has {seen} links and note calls; the first {MAX_PDF_LINKS} can be clicked, \
             the other {} (from {page} on) are printed but not clickable",
            seen - MAX_PDF_LINKS
        ))
        .hint("a book this full of links is probably a generated one; split it, or ignore this"),
    )
}

/// The PDF writer refused a layout: typesetting made something it should not have.
pub(crate) fn write_failed(what: &str, error: &str) -> Diagnostics {
    Diagnostics::from(
        Diagnostic::error(format!("writing {what} failed: {error}"))
            .hint("this is a bug in folio; please report it with the book that caused it"),
    )
}
