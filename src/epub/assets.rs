//! The files the text points at: body images (and the raster handling the cover shares).
//!
//! Method: walk every piece's blocks in reading order and give each distinct local image
//! `src` one package file, `images/img-N.ext`, numbered in order of first use so the package
//! is the same on every build. The files come from the loader ([`Book::images`]), read once
//! and known by their headers to be JPEG or PNG; one larger than [`MAX_SIDE`] on a side is
//! decoded, scaled down and re-encoded (the encoders are deterministic), everything else is
//! embedded byte for byte, undecoded.

use std::collections::HashMap;
use std::io::Cursor;

use image::{DynamicImage, ImageFormat};

use crate::doc::visit::each_block;
use crate::doc::{Block, Document};
use crate::manuscript::{Book, ImageFile};

/// Longest side, in pixels, of an image in the package. Readers' screens top out near 2560 px
/// and larger pictures only make the book heavy (some stores reject covers past it).
pub const MAX_SIDE: u32 = 2560;

/// JPEG quality used when an image has to be re-encoded: visually lossless for photographs.
const JPEG_QUALITY: u8 = 88;

/// A file of the package other than a content document.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// Path inside the package, relative to the OPF ("images/img-1.jpg").
    pub href: String,
    pub mime: &'static str,
    pub bytes: Vec<u8>,
}

/// A raster image ready for the package: its bytes, media type and file extension.
pub struct Raster {
    pub bytes: Vec<u8>,
    pub mime: &'static str,
    pub ext: &'static str,
}

/// A loaded JPEG or PNG for the package: its bytes as they are, or, past [`MAX_SIDE`] on a
/// side, decoded and scaled down. `what` names the file in error messages.
pub fn raster(image: &ImageFile, what: &str) -> Result<Raster, String> {
    let (mime, ext) = (image.mime(), image.ext());
    if image.width.max(image.height) <= MAX_SIDE {
        return Ok(Raster {
            bytes: image.bytes.clone(),
            mime,
            ext,
        });
    }
    // Decoded within folio's memory and size limits.
    let img = crate::limits::decode_image(&image.bytes)
        .map_err(|why| format!("{what} {why}: re-export the image"))?;
    let (width, height) = (img.width(), img.height());
    let scale = f64::from(MAX_SIDE) / f64::from(width.max(height));
    let w = ((f64::from(width) * scale).round() as u32).clamp(1, MAX_SIDE);
    let h = ((f64::from(height) * scale).round() as u32).clamp(1, MAX_SIDE);
    let small = img.resize_exact(w, h, image::imageops::FilterType::Lanczos3);
    let bytes =
        encode(&small, image.format).map_err(|e| format!("cannot re-encode {what}: {e}"))?;
    Ok(Raster { bytes, mime, ext })
}

fn encode(img: &DynamicImage, format: ImageFormat) -> Result<Vec<u8>, image::ImageError> {
    let mut out = Vec::new();
    match format {
        ImageFormat::Jpeg => {
            // JPEG has no alpha: flatten to RGB first.
            let rgb = DynamicImage::ImageRgb8(img.to_rgb8());
            let encoder =
                image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
            rgb.write_with_encoder(encoder)?;
        }
        _ => img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)?,
    }
    Ok(out)
}

/// The book's body images: `src` as written -> package href, and the files themselves.
#[derive(Debug, Default)]
pub struct Images {
    by_src: HashMap<String, String>,
    pub files: Vec<Resource>,
    /// Whether every image has alt text (the OPF may then claim `alternativeText`).
    pub all_have_alt: bool,
}

impl Images {
    pub fn href(&self, src: &str) -> Option<&str> {
        self.by_src.get(src).map(String::as_str)
    }
}

/// Gather and prepare every local image the book's text shows.
pub fn collect(book: &Book, doc: &Document) -> Result<Images, String> {
    let mut images = Images {
        all_have_alt: true,
        ..Images::default()
    };
    for piece in doc.pieces() {
        let mut found = Vec::new();
        for group in crate::epub::piece::block_groups(piece) {
            each_block(group, &mut |block| {
                if let Block::Image { src, alt, .. } = block {
                    found.push((src.as_str(), alt.as_str()));
                }
            });
        }
        for (src, alt) in found {
            if alt.trim().is_empty() {
                images.all_have_alt = false;
            }
            if crate::manuscript::is_remote(src) || images.by_src.contains_key(src) {
                continue;
            }
            let what = format!("`{src}` (an image in `{}`)", piece.path.display());
            let file = book.images.get(src).ok_or_else(|| {
                format!(
                    "{what} was not loaded: check that the file exists, relative to the book root"
                )
            })?;
            let n = images.files.len() + 1;
            let Raster { bytes, mime, ext } = raster(file, &what)?;
            let href = format!("images/img-{n}.{ext}");
            images.by_src.insert(src.to_string(), href.clone());
            images.files.push(Resource { href, mime, bytes });
        }
    }
    Ok(images)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img =
            DynamicImage::ImageRgb8(image::RgbImage::from_pixel(w, h, image::Rgb([200, 10, 10])));
        let mut out = Vec::new();
        img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .unwrap();
        out
    }

    fn file(bytes: Vec<u8>) -> ImageFile {
        ImageFile::from_bytes(std::path::Path::new("x.png"), bytes).unwrap()
    }

    #[test]
    fn small_images_are_kept_byte_for_byte() {
        let bytes = png(40, 30);
        let r = raster(&file(bytes.clone()), "x.png").unwrap();
        assert_eq!(r.bytes, bytes);
        assert_eq!(r.mime, "image/png");
    }

    #[test]
    fn large_images_are_scaled_down_the_same_way_every_time() {
        let bytes = png(2700, 1350);
        let a = raster(&file(bytes.clone()), "big.png").unwrap();
        let b = raster(&file(bytes), "big.png").unwrap();
        assert_eq!(a.bytes, b.bytes);
        let back = image::load_from_memory(&a.bytes).unwrap();
        assert_eq!((back.width(), back.height()), (MAX_SIDE, 1280));
    }
}
