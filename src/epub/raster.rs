//! The typographic cover as a PNG: folio's own cover SVG ([`super::cover`]) rendered to pixels.
//!
//! Why a raster: Kindle's ingestion (and some older readers) take no SVG cover image, so the
//! shelf would show no thumbnail. The SVG is drawn by resvg (usvg parses and lays out its text,
//! tiny-skia fills it), the crates made for this. Its fonts are EB Garamond, compiled into folio
//! (the same files the print engine's fallback uses), and then the book's own faces as fallbacks
//! for scripts EB Garamond lacks, all loaded from memory in a fixed order: no system font is
//! ever consulted, so a build gives the same pixels on every machine, and the encoders are
//! deterministic, so the same bytes.

use std::sync::Arc;

use resvg::tiny_skia;
use resvg::usvg::{self, fontdb};

use crate::manuscript::Book;

/// EB Garamond's roman and italic (the cover sets no bold). The print engine compiles in the
/// same files; epub may not depend on typeset, and the linker keeps one copy of equal bytes
/// only sometimes, so these are named here again.
static FACES: [&[u8]; 2] = [
    include_bytes!("../../fonts/EBGaramond-Regular.ttf"),
    include_bytes!("../../fonts/EBGaramond-Italic.ttf"),
];

/// The family every generic `serif` in the cover SVG resolves to.
const FAMILY: &str = "EB Garamond";

/// The fonts the cover may use: built-in first, so a Latin title is always EB Garamond, then
/// the book's faces in the loader's order (a fixed order keeps the fallback choice fixed).
fn fonts(book: &Book) -> fontdb::Database {
    let mut db = fontdb::Database::new();
    for face in FACES {
        db.load_font_source(fontdb::Source::Binary(Arc::new(face)));
    }
    let mut seen: Vec<&Arc<Vec<u8>>> = Vec::new();
    for face in &book.fonts {
        // A collection's faces share one file: load it once.
        if seen.iter().any(|s| Arc::ptr_eq(s, &face.data)) {
            continue;
        }
        seen.push(&face.data);
        db.load_font_source(fontdb::Source::Binary(face.data.clone()));
    }
    db.set_serif_family(FAMILY);
    db
}

/// Render `svg` (the cover drawing, `width` x `height` user units) at its own size and
/// encode it as an opaque RGB PNG.
pub fn png(book: &Book, svg: &str) -> Result<Vec<u8>, String> {
    let options = usvg::Options {
        font_family: FAMILY.into(),
        fontdb: Arc::new(fonts(book)),
        ..usvg::Options::default()
    };
    // The SVG is folio's own: a parse failure is a bug, reported rather than panicked on.
    let tree = usvg::Tree::from_str(svg, &options)
        .map_err(|e| format!("the drawn cover did not parse as SVG ({e}); please report it"))?;
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or("the drawn cover has no size; please report it")?;
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    encode(pixmap.data(), size.width(), size.height())
}

/// `rgba` (opaque: the drawing's ground fills it, so premultiplied is plain) as a PNG: with
/// a palette when it has at most 256 colours, as the drawing does (two inks on a ground and
/// their antialiased blends, about thirty), else as RGB. A palette makes a third of the bytes
/// to deflate, the slow part of the cover. The Up filter: most rows repeat the one above, so
/// they filter to zeros, which fdeflate's fast mode packs well (the example's cover: 53 KB,
/// against 86 KB unfiltered and 36 KB at `Balanced` for 75 M more instructions).
fn encode(rgba: &[u8], width: u32, height: u32) -> Result<Vec<u8>, String> {
    let mut palette: Vec<[u8; 4]> = Vec::new();
    let mut indices = vec![0u8; rgba.len() / 4];
    // Runs of one colour are most of the picture: the last colour is tried first.
    let mut last: Option<([u8; 4], u8)> = None;
    for (p, slot) in rgba.chunks_exact(4).zip(indices.iter_mut()) {
        let colour = [p[0], p[1], p[2], p[3]];
        let hit = last.filter(|(c, _)| *c == colour);
        let index = if let Some((_, i)) = hit {
            i
        } else {
            let index = match palette.iter().position(|c| *c == colour) {
                Some(i) => i,
                None if palette.len() < 256 => {
                    palette.push(colour);
                    palette.len() - 1
                }
                None => return encode_rgb(rgba, width, height),
            };
            // At most 256 entries, so the index fits a byte.
            last = Some((colour, index as u8));
            index as u8
        };
        *slot = index;
    }
    let palette: Vec<u8> = palette.iter().flat_map(|c| [c[0], c[1], c[2]]).collect();
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Indexed);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_palette(palette);
    encoder.set_compression(png::Compression::Fast);
    encoder.set_filter(png::Filter::Up);
    write(encoder, &indices)?;
    Ok(out)
}

fn encode_rgb(rgba: &[u8], width: u32, height: u32) -> Result<Vec<u8>, String> {
    let mut rgb = Vec::with_capacity(rgba.len() / 4 * 3);
    for p in rgba.chunks_exact(4) {
        rgb.extend_from_slice(&p[..3]);
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    write(encoder, &rgb)?;
    Ok(out)
}

fn write<W: std::io::Write>(encoder: png::Encoder<'_, W>, data: &[u8]) -> Result<(), String> {
    let fail = |e: png::EncodingError| format!("the drawn cover could not be encoded as PNG ({e})");
    let mut writer = encoder.write_header().map_err(fail)?;
    writer.write_image_data(data).map_err(fail)?;
    writer.finish().map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(png: &[u8]) -> image::RgbImage {
        image::load_from_memory_with_format(png, image::ImageFormat::Png)
            .unwrap()
            .to_rgb8()
    }

    #[test]
    fn few_colours_go_in_a_palette_many_in_rgb_both_losslessly() {
        // Two colours: a palette image that decodes to the same pixels.
        let mut rgba = Vec::new();
        for i in 0..64u32 {
            rgba.extend_from_slice(if i % 3 == 0 {
                &[10, 20, 30, 255]
            } else {
                &[250, 240, 230, 255]
            });
        }
        let png = encode(&rgba, 8, 8).unwrap();
        assert_eq!(png[25], 3, "colour type 3, indexed");
        let img = decode(&png);
        assert_eq!(img.get_pixel(0, 0).0, [10, 20, 30]);
        assert_eq!(img.get_pixel(1, 0).0, [250, 240, 230]);
        // 300 colours: RGB, the same pixels.
        let rgba: Vec<u8> = (0..300u32)
            .flat_map(|i| [(i % 256) as u8, (i / 256) as u8, 7, 255])
            .collect();
        let png = encode(&rgba, 300, 1).unwrap();
        assert_eq!(png[25], 2, "colour type 2, RGB");
        let img = decode(&png);
        assert_eq!(img.get_pixel(299, 0).0, [43, 1, 7]);
    }
}
