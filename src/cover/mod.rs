//! The cover wrap edition: `<slug>-cover.pdf`, the one sheet a printer wraps round the book.
//!
//! Method. The wrap is one page: back, spine and front side by side, with bleed on all four
//! edges (`geometry`). Its spine is as thick as the typeset book, so the edition asks the
//! shared [`RenderContext`] for the typeset book and counts its pages; the trim is the
//! book's. The panels are composed (`design`) with the same typesetting engine as the book
//! (EB Garamond, Knuth–Plass lines, balanced display titles), the front from the book's
//! cover art (`art`) when it has one, and the back carries the print ISBN as an EAN-13
//! barcode (`barcode`). The sheet is written by the same PDF writer as the book, with the
//! book's PDF/X level, so the wrap meets the same printer's rules.

mod art;
pub mod barcode;
mod design;
pub mod geometry;

use std::sync::Arc;

use crate::diag::{Diagnostic, Diagnostics};
use crate::edition::{Edition, RenderContext, Rendered};
use crate::manuscript::{Book, Figures, PdfX, PrintSettings};
use crate::page::{Layout, Page, PageItem, PrintSetup};
use crate::typeset::fonts::FontSet;
use crate::typeset::text::{Typesetter, TypesetterShared};

use self::design::Composer;
pub use self::geometry::CoverGeometry;

/// The cover wrap edition.
pub struct CoverEdition;

impl Edition for CoverEdition {
    fn name(&self) -> &'static str {
        "cover"
    }

    fn render(&self, ctx: &RenderContext) -> Result<Rendered, Diagnostics> {
        let typeset = ctx.typeset()?;
        let book_layout = &typeset.layout;
        let cover = layout(
            ctx.book,
            (book_layout.width, book_layout.height),
            book_layout.pages.len(),
            ctx.timestamp,
        )?;
        let bytes = crate::pdf::write(&cover.layout)
            .map_err(|e| crate::pdf::write_failed("the cover PDF", &e))?;
        Ok(Rendered::one(
            format!("{}-cover.pdf", ctx.book.slug()),
            bytes,
            cover.warnings,
        ))
    }
}

/// A composed cover wrap.
pub struct Cover {
    pub layout: Layout,
    pub geometry: CoverGeometry,
    pub warnings: Diagnostics,
}

/// The cover wrap of `book` with trim `trim` (points) and `pages` pages.
pub fn layout(
    book: &Book,
    trim: (f32, f32),
    pages: usize,
    timestamp: i64,
) -> Result<Cover, Diagnostics> {
    let g = CoverGeometry::new(trim, pages, &book.print)
        .turning(crate::page::Progression::of_language(&book.meta.language));
    let rules = book.print.profile.rules();
    if rules.barcode_required && book.meta.isbn.print.is_none() {
        // The printer prints what the file has: no ISBN, no barcode, a cover it rejects.
        return Err(one(book.print.places.at(
            "profile",
            Diagnostic::error(format!(
                "{} covers must carry the ISBN's barcode, and book.yaml has no `isbn: print:`",
                rules.printer
            ))
            .hint("add `isbn:` with `print: 978-...` (the print edition's own ISBN) to book.yaml"),
        )));
    }
    let pdfx = book.print.pdfx;
    // A cover for the press is printed in four-colour process: its art is separated to CMYK
    // within the printer's ink limit (or the condition's own).
    let cmyk_ink_limit = pdfx.map(|_| {
        rules
            .ink_limit
            .map_or(crate::pdf::PROCESS_INK_LIMIT, |l| l.round() as u16)
    });
    let fonts = Arc::new(FontSet::builtin());
    // Lining figures: a cover's numbers stand among capitals and beside a barcode.
    let print = PrintSettings {
        figures: Figures::Lining,
        ..book.print.clone()
    };
    let shared = TypesetterShared::new(fonts.clone(), &book.meta.language, &print);
    let mut composer = Composer {
        ts: Typesetter::new(&shared),
        fonts: &fonts,
        g,
        items: Vec::new(),
        warnings: Vec::new(),
    };

    let mut images = Vec::new();
    match &book.cover {
        Some(file) => {
            // The art fills the front and its bleed on the three outside edges (the left
            // one is outside on a right-to-left book's front).
            let (width, height) = (g.trim_width + g.bleed, g.sheet_height());
            let x = if g.front_at_left() {
                g.front_left() - g.bleed
            } else {
                g.front_left()
            };
            let art = art::fit(file, width, height, cmyk_ink_limit.is_some()).map_err(one)?;
            composer.warnings.extend(art.warnings);
            images.push(art.image);
            composer.items.push(PageItem::Image {
                image: 0,
                x,
                y: -g.bleed,
                width,
                height,
            });
        }
        None => composer.front_type(&book.meta),
    }
    composer.spine(&book.meta, &book.print);
    composer.back(&book.meta, &book.print);

    let mut warnings = Diagnostics::default();
    for w in composer.warnings.drain(..) {
        warnings.push(w);
    }
    let m = &book.meta;
    let layout = Layout {
        width: g.width(),
        height: g.trim_height,
        pages: vec![Page {
            items: composer.items,
            folio: None,
        }],
        fonts: fonts.embedded_fonts(),
        images,
        outline: Vec::new(),
        title: format!("{} (cover)", m.title.trim()),
        author: (!m.authors.is_empty()).then(|| m.authors.join(", ")),
        language: m.language.clone(),
        // A viewer shows a right-to-left book's cover as it shows its pages.
        progression: crate::page::Progression::of_language(&m.language),
        subject: m.description.clone(),
        timestamp,
        print: PrintSetup {
            bleed: g.bleed,
            bleed_all_edges: true,
            pdfx,
            cream_paper: book.print.cream_paper(),
            cmyk_ink_limit,
            // X-4 must embed the condition's profile: folio's own, then.
            output_condition: book
                .print
                .output_condition
                .filter(|_| matches!(pdfx, Some(PdfX::X1a | PdfX::X1a2001))),
        },
    };
    Ok(Cover {
        layout,
        geometry: g,
        warnings,
    })
}

/// The samples of an Adobe CMYK JPEG as ink (0: none, 255: full), read as the cover reads
/// its art: what the printer's preflight measures a passed-through JPEG's ink by.
pub fn cmyk_jpeg_ink(jpeg: &[u8], width: u32, height: u32) -> Option<Vec<u8>> {
    art::adobe_cmyk_samples(jpeg, width, height)
}

fn one(d: Diagnostic) -> Diagnostics {
    let mut all = Diagnostics::default();
    all.push(d);
    all
}
