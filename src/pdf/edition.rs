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
        Ok(Rendered::one(
            format!("{}.pdf", ctx.book.slug()),
            bytes,
            typeset.warnings.clone(),
        ))
    }
}

/// The PDF writer refused a layout: typesetting made something it should not have.
pub(crate) fn write_failed(what: &str, error: &str) -> Diagnostics {
    Diagnostics::from(
        Diagnostic::error(format!("writing {what} failed: {error}"))
            .hint("this is a bug in folio; please report it with the book that caused it"),
    )
}
