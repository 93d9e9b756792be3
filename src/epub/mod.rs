//! The EPUB 3 edition (being written on the `epub` branch).

use crate::diag::Diagnostics;
use crate::edition::{Edition, RenderContext, Rendered};

pub struct EpubEdition;

impl Edition for EpubEdition {
    fn name(&self) -> &'static str {
        "epub"
    }

    fn render(&self, _ctx: &RenderContext) -> Result<Rendered, Diagnostics> {
        Ok(Rendered {
            outputs: Vec::new(),
            warnings: Diagnostics::default(),
        })
    }
}
