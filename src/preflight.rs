//! Preflight: the files the text points at, checked before any edition is rendered.
//!
//! Method: every image a piece's Markdown names is found again in its source (so a problem
//! can be shown at its line and column), read through the manuscript's containment checks (no
//! absolute path, no `..` out of the book, no symbolic link out of it), and decoded within
//! the limits of [`crate::limits`]. A missing, outside, damaged or enormous image is an error
//! here, reported with the book's other problems, rather than a bare failure inside an
//! edition. An image too small for the PDF's text width is a warning: it would print soft.
//! Remote images (`https://...`) are never fetched; the editions show their alt text.

use std::collections::HashSet;
use std::path::Path;

use pulldown_cmark::{Event, Parser, Tag};

use crate::diag::{line_col, Diagnostic, Diagnostics};
use crate::doc::Document;
use crate::limits::MAX_IMAGE_FILE_BYTES;
use crate::manuscript::{Book, Piece};

/// Below this many pixels per inch at the PDF's full text width an image prints visibly
/// soft; 300 is the print ideal, 150 the floor most printers accept for photographs.
const MIN_PRINT_PPI: f32 = 150.0;

/// Check every image the book's pieces name.
pub fn check(book: &Book, _doc: &Document) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let print_width_in = crate::typeset::geometry::Geometry::from_settings(&book.print)
        .ok()
        .map(|g| g.measure() / 72.0);
    let mut checked: HashSet<String> = HashSet::new();
    for piece in book.pieces() {
        let mut refs = image_refs(&piece.body);
        if let Some(note) = &piece.meta.note {
            refs.extend(
                image_refs(note)
                    .into_iter()
                    .map(|(src, _)| (src, usize::MAX)),
            );
        }
        for (src, offset) in refs {
            if is_remote(&src) || !checked.insert(src.clone()) {
                continue;
            }
            let place = |d: Diagnostic| place(d, piece, offset);
            let bytes = match book.read_asset(Path::new(&src), "image", MAX_IMAGE_FILE_BYTES) {
                Ok((_, bytes)) => bytes,
                Err(d) => {
                    diags.push(place(*d));
                    continue;
                }
            };
            match crate::limits::decode_image(&bytes) {
                Ok(img) => {
                    if let Some(width_in) = print_width_in {
                        let ppi = img.width() as f32 / width_in;
                        if ppi < MIN_PRINT_PPI {
                            diags.push(place(
                                Diagnostic::warning(format!(
                                    "image `{src}` is {} × {} pixels: across the PDF's text width ({width_in:.1} in) it prints at {ppi:.0} pixels per inch",
                                    img.width(),
                                    img.height()
                                ))
                                .hint(format!(
                                    "use a version at least {} pixels wide ({MIN_PRINT_PPI:.0} ppi; 300 is best for print)",
                                    (MIN_PRINT_PPI * width_in).ceil()
                                )),
                            ));
                        }
                    }
                }
                Err(why) => diags.push(place(
                    Diagnostic::error(format!("image `{src}` {why}")).hint(
                        "re-export it as a JPEG or PNG of at most a few thousand pixels a side",
                    ),
                )),
            }
        }
    }
    diags
}

/// Put a diagnostic at byte `offset` of the piece's body (`usize::MAX`: its front matter).
fn place(d: Diagnostic, piece: &Piece, offset: usize) -> Diagnostic {
    if offset == usize::MAX {
        return d.in_file(&piece.path);
    }
    let (line, column) = line_col(&piece.body, offset);
    d.at(&piece.path, Some(&piece.body), line, column)
        .with_line_offset(piece.body_line - 1)
}

/// Whether an image source names something outside the book that is never read.
fn is_remote(src: &str) -> bool {
    src.contains("://") || src.starts_with("data:") || src.starts_with("//")
}

/// The images a Markdown text names, with the byte offset of each: where `](` opens its
/// source, or where the image starts when that cannot be found.
fn image_refs(markdown: &str) -> Vec<(String, usize)> {
    Parser::new_ext(markdown, crate::doc::markdown_options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Image { dest_url, .. }) if !dest_url.trim().is_empty() => {
                let at = markdown[range.clone()]
                    .find(dest_url.as_ref())
                    .map_or(range.start, |i| range.start + i);
                Some((dest_url.into_string(), at))
            }
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_sources_are_found_with_their_offsets() {
        let text = "Intro.\n\n![A cat](covers/cat.png \"t\")\n\nand ![x](https://e.org/a.png)\n";
        let refs = image_refs(text);
        assert_eq!(refs.len(), 2);
        assert_eq!(refs[0].0, "covers/cat.png");
        assert_eq!(&text[refs[0].1..refs[0].1 + 6], "covers");
        assert!(is_remote(&refs[1].0));
    }
}
