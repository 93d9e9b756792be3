//! The book's images for print: the loaded files ([`Book::images`]) decoded within limits,
//! scaled down to what 300 ppi across the text block needs, and kept as 8-bit grey or RGB
//! pixels for the PDF writer. Each distinct source is decoded once, however often it is used:
//! this is the one full decode of a body image in a build.

use std::collections::HashMap;

use image::{imageops::FilterType, DynamicImage};

use super::cache::TypesetCache;
use crate::diag::{Diagnostic, Diagnostics};
use crate::doc::visit::each_block;
use crate::doc::{Block, Document};
use crate::manuscript::Book;
use crate::page::EmbeddedImage;

/// Print resolution folio keeps: more pixels than this across the measure are never seen.
const PRINT_PPI: f32 = 300.0;

#[derive(Debug, Default)]
pub struct Images {
    pub embedded: Vec<EmbeddedImage>,
    /// Source as written -> (index into `embedded`, height / width).
    by_src: HashMap<String, (usize, f32)>,
}

impl Images {
    /// Decode every image the document shows. One the build did not load (a remote one, or
    /// one a caller left out of [`Book::images`]) is a warning and left out; one whose pixels
    /// cannot be decoded is an error (only its header was checked when it was read).
    pub fn load(
        book: &Book,
        doc: &Document,
        measure_pt: f32,
        warnings: &mut Diagnostics,
        cache: Option<&TypesetCache>,
    ) -> Result<Images, Diagnostics> {
        let mut images = Images::default();
        let mut errors = Diagnostics::default();
        let max_width = (measure_pt / 72.0 * PRINT_PPI).ceil() as u32;
        for piece in doc.pieces() {
            let mut sources = Vec::new();
            each_block(&piece.blocks, &mut |block| {
                if let Block::Image { src, .. } = block {
                    sources.push(src.clone());
                }
            });
            for src in sources {
                if images.by_src.contains_key(&src) {
                    continue;
                }
                let file = match book.images.get(&src) {
                    Some(file) => file,
                    None => {
                        let why = if crate::manuscript::is_remote(&src) {
                            "remote images are not fetched"
                        } else {
                            "the file was not loaded"
                        };
                        warnings.push(
                            Diagnostic::warning(format!(
                                "image `{src}` is left out of the PDF: {why}"
                            ))
                            .in_file(&piece.path)
                            .hint("use a PNG or JPEG inside the book folder"),
                        );
                        continue;
                    }
                };
                match decode_cached(&src, &file.bytes, max_width, cache) {
                    Ok(img) => {
                        let aspect = img.height as f32 / img.width.max(1) as f32;
                        images.by_src.insert(src, (images.embedded.len(), aspect));
                        images.embedded.push(img);
                    }
                    Err(why) => errors.push(
                        Diagnostic::error(format!("image `{src}` {why}"))
                            .in_file(&piece.path)
                            .hint("re-export it as a JPEG or PNG"),
                    ),
                }
            }
        }
        if errors.has_errors() {
            return Err(errors);
        }
        Ok(images)
    }

    /// Where each source sits: its index and its height-to-width ratio.
    pub fn placements(&self) -> &HashMap<String, (usize, f32)> {
        &self.by_src
    }

    /// The image for a source: its index and its height-to-width ratio.
    pub fn get(&self, src: &str) -> Option<(usize, f32)> {
        self.by_src.get(src).copied()
    }
}

/// An image ready for print: from the watch cache if its file is unchanged, else decoded.
fn decode_cached(
    src: &str,
    file: &[u8],
    max_width: u32,
    cache: Option<&TypesetCache>,
) -> Result<EmbeddedImage, String> {
    let Some(cache) = cache else {
        return decode(file, max_width);
    };
    if let Some(kept) = cache.image(src, file, max_width) {
        return kept;
    }
    let decoded = decode(file, max_width);
    cache.keep_image(src, file.to_vec(), max_width, &decoded);
    decoded
}

fn decode(file: &[u8], max_width: u32) -> Result<EmbeddedImage, String> {
    // The same bounds as every decode in folio (and as the preflight that checked it).
    let mut img = crate::limits::decode_image(file)?;
    if img.width() > max_width {
        let height = (img.height() as f32 * max_width as f32 / img.width() as f32).round() as u32;
        img = img.resize_exact(max_width, height.max(1), FilterType::Lanczos3);
    }
    let grey = matches!(
        img,
        DynamicImage::ImageLuma8(_) | DynamicImage::ImageLumaA8(_) | DynamicImage::ImageLuma16(_)
    );
    Ok(if grey {
        let g = img.to_luma8();
        EmbeddedImage {
            width: g.width(),
            height: g.height(),
            channels: 1,
            pixels: g.into_raw(),
            jpeg: None,
        }
    } else {
        let rgb = img.to_rgb8();
        EmbeddedImage {
            width: rgb.width(),
            height: rgb.height(),
            channels: 3,
            pixels: rgb.into_raw(),
            jpeg: None,
        }
    })
}
