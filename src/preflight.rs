//! Preflight: the images the text shows, read and checked before any edition is rendered.
//!
//! Method: the IR's image blocks (the images the editions will show, in the body, the
//! author's note and the footnotes) are handed, with where each is written, to the loader's
//! second phase ([`manuscript::load_images`]), which reads each file once through the root's
//! containment checks (no absolute path, no `..` out of the book, no symbolic link out of
//! it) and checks its header within the limits of [`crate::limits`]. What it finds wrong (a
//! missing, outside, damaged or enormous image) is an error here, reported with the book's
//! other problems rather than as a bare failure inside an edition; what it loads goes into
//! [`Book::images`], which every edition reads. An image too small for the PDF's text width
//! is a warning: it would print soft. Remote images (`https://...`) are never fetched; the
//! editions show their alt text. No pixel is decoded here: the typesetter does that, once.
//! Each image is placed where the IR's source map says its source is written; one in the
//! front matter's note is placed at its file.

mod ink;
pub mod rules;

use crate::diag::{Diagnostic, Diagnostics};
use crate::doc::Document;
use crate::manuscript::{self, Book, ImageRef, Piece};

/// Below this many pixels per inch at the PDF's full text width an image prints visibly
/// soft; 300 is the print ideal, 150 the floor most printers accept for photographs.
const MIN_PRINT_PPI: f32 = 150.0;

/// Read every image the book's text shows into `book.images`, and check them.
pub fn check(book: &mut Book, doc: &Document) -> Diagnostics {
    let refs = image_refs(book, doc);
    let (images, mut diags) = manuscript::load_images(book, &refs);
    book.images = images;
    let print_width_in = crate::typeset::geometry::Geometry::from_settings(&book.print)
        .ok()
        .map(|g| g.measure() / 72.0);
    let Some(width_in) = print_width_in else {
        return diags;
    };
    let mut checked: Vec<&str> = Vec::new();
    for r in &refs {
        let Some(img) = book.images.get(&r.src) else {
            continue;
        };
        if checked.contains(&r.src.as_str()) {
            continue;
        }
        checked.push(&r.src);
        let ppi = img.width as f32 / width_in;
        if ppi < MIN_PRINT_PPI {
            diags.push(r.place(
                Diagnostic::warning(format!(
                    "image `{}` is {} × {} pixels: across the PDF's text width ({width_in:.1} in) it prints at {ppi:.0} pixels per inch",
                    r.src, img.width, img.height
                ))
                .hint(format!(
                    "use a version at least {} pixels wide ({MIN_PRINT_PPI:.0} ppi; 300 is best for print)",
                    (MIN_PRINT_PPI * width_in).ceil()
                )),
            ));
        }
    }
    diags
}

/// The images the text names, in reading order, each with where its piece names it (from
/// the IR's source map: the one parse of the piece).
pub fn image_refs(book: &Book, doc: &Document) -> Vec<ImageRef> {
    let mut refs = Vec::new();
    for (piece, source) in doc.pieces().zip(book.pieces()) {
        for image in &piece.source.images {
            if image.src.trim().is_empty() {
                continue;
            }
            refs.push(if image.in_note {
                ImageRef {
                    src: image.src.clone(),
                    file: source.path.clone(),
                    line: 0,
                    column: 0,
                    line_text: None,
                }
            } else {
                locate(source, &image.src, image.src_at)
            });
        }
    }
    refs
}

/// An image of `piece`'s body whose source is written at byte `offset` of the body.
fn locate(piece: &Piece, src: &str, offset: usize) -> ImageRef {
    let body = &piece.body;
    let (line, column) = crate::diag::line_col(body, offset.min(body.len()));
    let line_text = body.lines().nth(line - 1).map(str::to_owned);
    ImageRef {
        src: src.to_owned(),
        file: piece.path.clone(),
        line: line + piece.body_line - 1,
        column,
        line_text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_image_is_placed_at_its_source_in_the_file() {
        let piece = Piece {
            path: "manuscript/a.md".into(),
            meta: Default::default(),
            body: "Intro.\n\n![A cat](covers/cat.png \"t\")\n".into(),
            body_line: 4,
        };
        let r = locate(&piece, "covers/cat.png", 17);
        assert_eq!((r.line, r.column), (6, 10));
        assert_eq!(
            r.line_text.as_deref(),
            Some("![A cat](covers/cat.png \"t\")")
        );
    }
}
