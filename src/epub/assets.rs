//! The files the text points at: body images (and the raster handling the cover shares).
//!
//! Method: walk every piece's blocks in reading order and give each distinct local image
//! `src` one package file, `images/img-N.ext`, numbered in order of first use so the package
//! is the same on every build. The file's bytes decide its type (magic numbers, not the
//! extension), and only EPUB core media types go in. JPEG and PNG files are checked with
//! `image`; one larger than [`MAX_SIDE`] on a side is scaled down and re-encoded (the encoders
//! are deterministic), everything else is embedded byte for byte.
//!
//! Paths are relative to the book root and must stay inside it: the loader checks them, and
//! this module refuses absolute paths and `..` again rather than trust that.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::{Component, Path};

use image::{DynamicImage, ImageFormat};

use crate::doc::{Block, Document};
use crate::manuscript::Book;

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

/// Read a file named relative to the book root, refusing any path that could leave it.
pub fn read_book_file(root: &Path, rel: &str) -> Result<Vec<u8>, String> {
    let path = Path::new(rel);
    let escapes = path.is_absolute()
        || path
            .components()
            .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir));
    if escapes {
        return Err(format!(
            "`{rel}` is outside the book: write the path relative to the book root, without `..`"
        ));
    }
    std::fs::read(root.join(path)).map_err(|e| {
        format!("cannot read `{rel}` ({e}): check that the file exists, relative to the book root")
    })
}

/// A raster image ready for the package: its bytes, media type and file extension.
pub struct Raster {
    pub bytes: Vec<u8>,
    pub mime: &'static str,
    pub ext: &'static str,
}

/// Check a JPEG or PNG by decoding it and scale it down if a side exceeds [`MAX_SIDE`].
/// `what` names the file in error messages ("`covers/front.jpg`").
pub fn raster(bytes: Vec<u8>, what: &str) -> Result<Raster, String> {
    let format = image::guess_format(&bytes).ok();
    let (mime, ext) = match format {
        Some(ImageFormat::Jpeg) => ("image/jpeg", "jpg"),
        Some(ImageFormat::Png) => ("image/png", "png"),
        _ => {
            return Err(format!(
                "{what} is not a JPEG or PNG image: convert it to one of those"
            ))
        }
    };
    let format = format.unwrap_or(ImageFormat::Png);
    // Decoded within folio's memory and size limits (the preflight has already refused what
    // they would, with the file's line; this keeps the bound if anything else calls here).
    let img = crate::limits::decode_image(&bytes)
        .map_err(|why| format!("{what} {why}: re-export the image"))?;
    let (width, height) = (img.width(), img.height());
    if width.max(height) <= MAX_SIDE {
        return Ok(Raster { bytes, mime, ext });
    }
    let scale = f64::from(MAX_SIDE) / f64::from(width.max(height));
    let w = ((f64::from(width) * scale).round() as u32).clamp(1, MAX_SIDE);
    let h = ((f64::from(height) * scale).round() as u32).clamp(1, MAX_SIDE);
    let small = img.resize_exact(w, h, image::imageops::FilterType::Lanczos3);
    let bytes = encode(&small, format).map_err(|e| format!("cannot re-encode {what}: {e}"))?;
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

/// Whether a `src` names something outside the book (a URL), which is never embedded.
fn is_remote(src: &str) -> bool {
    src.contains("://") || src.starts_with("data:") || src.starts_with("//")
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
            find_images(group, &mut found);
        }
        for (src, alt) in found {
            if alt.trim().is_empty() {
                images.all_have_alt = false;
            }
            if is_remote(src) || images.by_src.contains_key(src) {
                continue;
            }
            let what = format!("`{src}` (an image in `{}`)", piece.path.display());
            let bytes = read_book_file(&book.root, src)
                .map_err(|e| format!("{e}; the image is used in `{}`", piece.path.display()))?;
            let n = images.files.len() + 1;
            let (bytes, mime, ext) = if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a")
            {
                (bytes, "image/gif", "gif")
            } else if src.to_ascii_lowercase().ends_with(".svg") {
                (bytes, "image/svg+xml", "svg")
            } else {
                let r = raster(bytes, &what)?;
                (r.bytes, r.mime, r.ext)
            };
            let href = format!("images/img-{n}.{ext}");
            images.by_src.insert(src.to_string(), href.clone());
            images.files.push(Resource { href, mime, bytes });
        }
    }
    Ok(images)
}

fn find_images<'a>(blocks: &'a [Block], out: &mut Vec<(&'a str, &'a str)>) {
    for block in blocks {
        match block {
            Block::Image { src, alt, .. } => out.push((src, alt)),
            Block::Quote(inner) => find_images(inner, out),
            Block::List { items, .. } => items.iter().for_each(|item| find_images(item, out)),
            _ => {}
        }
    }
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

    #[test]
    fn paths_cannot_leave_the_book() {
        let root = Path::new("/nonexistent-root");
        assert!(read_book_file(root, "../secret.png")
            .unwrap_err()
            .contains("outside the book"));
        assert!(read_book_file(root, "/etc/passwd")
            .unwrap_err()
            .contains("outside the book"));
        assert!(read_book_file(root, "covers/missing.png")
            .unwrap_err()
            .contains("check that the file exists"));
    }

    #[test]
    fn small_images_are_kept_byte_for_byte() {
        let bytes = png(40, 30);
        let r = raster(bytes.clone(), "x.png").unwrap();
        assert_eq!(r.bytes, bytes);
        assert_eq!(r.mime, "image/png");
    }

    #[test]
    fn large_images_are_scaled_down_the_same_way_every_time() {
        let bytes = png(2700, 1350);
        let a = raster(bytes.clone(), "big.png").unwrap();
        let b = raster(bytes, "big.png").unwrap();
        assert_eq!(a.bytes, b.bytes);
        let back = image::load_from_memory(&a.bytes).unwrap();
        assert_eq!((back.width(), back.height()), (MAX_SIDE, 1280));
    }

    #[test]
    fn non_images_are_refused_with_a_fix() {
        let err = raster(b"not an image".to_vec(), "notes.txt").err().unwrap();
        assert!(err.contains("convert it"));
    }
}
