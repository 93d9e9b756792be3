//! The PDF edition, as `build` sees it: the shared typeset book, written by this module.

use crate::diag::{Diagnostic, Diagnostics};
use crate::edition::{Edition, Output, RenderContext, Rendered};

/// The PDF edition: the book as typeset for the whole build, written as `<slug>.pdf`.
pub struct PdfEdition;

impl Edition for PdfEdition {
    fn name(&self) -> &'static str {
        "pdf"
    }

    fn render(&self, ctx: &RenderContext) -> Result<Rendered, Diagnostics> {
        let typeset = ctx.typeset()?;
        let memo = ctx.cache().map(|c| &c.pdf);
        let bytes = super::write_with(&typeset.layout, memo).map_err(|e| {
            Diagnostics::from(
                Diagnostic::error(format!("writing the PDF failed: {e}"))
                    .hint("this is a bug in folio; please report it with the book that caused it"),
            )
        })?;
        Ok(Rendered {
            outputs: vec![Output {
                file_name: format!("{}.pdf", ctx.book.slug()),
                bytes,
            }],
            warnings: typeset.warnings.clone(),
        })
    }
}
