//! The front cover's art: `covers/front.jpg|png`, cropped to fill the front panel and its
//! bleed, with a warning when it is too coarse for print.
//!
//! Method. The image is scaled to *cover* the area (as CSS's `object-fit: cover`): the
//! larger of the two scale factors is taken and the overflow is cropped evenly from both
//! sides, so the art is never stretched and never leaves paper showing. The crop is done on
//! the pixels here, so the PDF needs no clipping path. Print wants 300 pixels an inch at the
//! printed size; below that the art will look soft, and the user is told how many pixels to
//! supply. Art far finer than print can use is scaled down to [`MAX_PPI`] so the file stays a
//! sensible size.

use image::{imageops::FilterType, DynamicImage, GenericImageView, ImageFormat};

use crate::diag::Diagnostic;
use crate::manuscript::ImageFile;
use crate::page::EmbeddedImage;
use crate::typeset::geometry::POINTS_PER_INCH;

/// The resolution printers ask for at the printed size.
pub const MIN_PPI: f32 = 300.0;
/// Beyond this no press shows more detail; finer art is scaled down to it.
pub const MAX_PPI: f32 = 450.0;

/// Art ready to place: pixels whose shape matches the area, and its warnings.
pub struct Art {
    pub image: EmbeddedImage,
    pub warnings: Vec<Diagnostic>,
}

/// Decodes the loaded cover art (once, within folio's limits) and fits it to an area
/// `width` × `height` points. For the press (`press`: a cover in four-colour process) the
/// art is brought to at most [`MIN_PPI`], the resolution it prints at, so that it is
/// separated once at that size; and CMYK art stays CMYK: an Adobe CMYK JPEG that already
/// fits (the panel's shape to a pixel, no finer than that) is passed through as it is,
/// otherwise its CMYK samples are cropped and scaled. (Elsewhere a CMYK JPEG is read as RGB.)
pub fn fit(file: &ImageFile, width: f32, height: f32, press: bool) -> Result<Art, Diagnostic> {
    let most_ppi = if press { MIN_PPI } else { MAX_PPI };
    let path = file.path.as_path();
    let name = path.display();
    let decoded = crate::limits::decode_image(&file.bytes).map_err(|why| {
        Diagnostic::error(format!("the cover art `{name}` {why}"))
            .in_file(path)
            .hint("save it as a JPEG or PNG, or remove it to get a typographic cover")
    })?;
    let (w, h) = decoded.dimensions();
    if w == 0 || h == 0 {
        return Err(
            Diagnostic::error(format!("the cover art `{name}` has no pixels")).in_file(path),
        );
    }

    // The crop with the area's shape, as large as the image allows, centred.
    let aspect = width / height;
    let (crop_w, crop_h) = if w as f32 / h as f32 > aspect {
        (((h as f32 * aspect).round() as u32).clamp(1, w), h)
    } else {
        (w, ((w as f32 / aspect).round() as u32).clamp(1, h))
    };
    let cropped = decoded.crop_imm((w - crop_w) / 2, (h - crop_h) / 2, crop_w, crop_h);

    let mut warnings = Vec::new();
    let ppi = crop_w as f32 / (width / POINTS_PER_INCH);
    if ppi < MIN_PPI {
        let need_w = (width / POINTS_PER_INCH * MIN_PPI).ceil();
        let need_h = (height / POINTS_PER_INCH * MIN_PPI).ceil();
        warnings.push(
            Diagnostic::warning(format!(
                "the cover art `{name}` prints at {ppi:.0} pixels an inch, below the {MIN_PPI:.0} print needs; it will look soft"
            ))
            .in_file(path)
            .hint(format!(
                "supply `{name}` at least {need_w:.0} × {need_h:.0} pixels (the front cover with its bleed at {MIN_PPI:.0} ppi)"
            )),
        );
    }
    // Within half a pixel an inch of the resolution asked for is near enough: resampling
    // art made at the press's resolution, rounded to whole pixels, would only soften it.
    let scaled = (ppi > most_ppi + 0.5).then(|| {
        let scale = most_ppi / ppi;
        let new_w = ((crop_w as f32 * scale).round() as u32).max(1);
        let new_h = ((crop_h as f32 * scale).round() as u32).max(1);
        (new_w, new_h)
    });

    if press && file.format == ImageFormat::Jpeg {
        if let Some(samples) = adobe_cmyk_samples(&file.bytes, w, h) {
            // A YCCK JPEG is never passed through: readers part ways on it (Ghostscript
            // 10 applies the transform and ignores the inverting /Decode, MuPDF applies
            // neither: cyan printed red or olive in the test's two renderings), so its inks
            // are written as they are read, deflated.
            let ycck = adobe_transform(&file.bytes) == Some(2);
            let fits = w - crop_w <= 1 && h - crop_h <= 1 && scaled.is_none() && !ycck;
            let image = if fits {
                EmbeddedImage {
                    width: w,
                    height: h,
                    channels: 4,
                    pixels: samples,
                    jpeg: Some(std::sync::Arc::new(file.bytes.clone())),
                }
            } else {
                // Four channels through the same crop and filter as RGB art.
                let buffer = image::RgbaImage::from_raw(w, h, samples).ok_or_else(|| {
                    Diagnostic::error(format!("the cover art `{name}` could not be read as CMYK"))
                        .in_file(path)
                })?;
                let mut buffer = image::imageops::crop_imm(
                    &buffer,
                    (w - crop_w) / 2,
                    (h - crop_h) / 2,
                    crop_w,
                    crop_h,
                )
                .to_image();
                if let Some((new_w, new_h)) = scaled {
                    buffer = image::imageops::resize(&buffer, new_w, new_h, FilterType::CatmullRom);
                }
                EmbeddedImage {
                    width: buffer.width(),
                    height: buffer.height(),
                    channels: 4,
                    pixels: buffer.into_raw(),
                    jpeg: None,
                }
            };
            return Ok(Art { image, warnings });
        }
    }

    let cropped = match scaled {
        Some((new_w, new_h)) => cropped.resize_exact(new_w, new_h, FilterType::CatmullRom),
        None => cropped,
    };

    let in_colour = cropped.color().has_color();
    let image = if in_colour {
        let rgb = cropped.to_rgb8();
        EmbeddedImage {
            width: rgb.width(),
            height: rgb.height(),
            channels: 3,
            pixels: rgb.into_raw(),
            jpeg: None,
        }
    } else {
        let grey = DynamicImage::to_luma8(&cropped);
        EmbeddedImage {
            width: grey.width(),
            height: grey.height(),
            channels: 1,
            pixels: grey.into_raw(),
            jpeg: None,
        }
    };
    Ok(Art { image, warnings })
}

/// The transform flag of a JPEG's Adobe APP14 segment (0: none, 1: YCbCr, 2: YCCK), found
/// among the markers before the image data; None without one.
fn adobe_transform(jpeg: &[u8]) -> Option<u8> {
    let mut at = 2;
    let mut transform = None;
    while at + 4 <= jpeg.len() && jpeg[at] == 0xFF {
        let marker = jpeg[at + 1];
        let length = usize::from(u16::from_be_bytes([jpeg[at + 2], jpeg[at + 3]]));
        let segment = jpeg.get(at + 4..at + 2 + length)?;
        if marker == 0xEE && segment.starts_with(b"Adobe") && segment.len() >= 12 {
            transform = Some(segment[11]);
        }
        if marker == 0xDA {
            break;
        }
        at += 2 + length;
    }
    transform
}

/// The samples of an Adobe CMYK JPEG (APP14 with transform 0: CMYK stored as it is; or 2:
/// YCCK, the inverted cyan, magenta and yellow stored as YCbCr beside black) of `w` × `h`
/// pixels, 255 full ink; None for any other JPEG. Adobe's CMYK JPEGs store each ink
/// inverted (0 full ink), which zune-jpeg hands over as stored. For YCCK, zune-jpeg
/// converts only to RGB (through a naive CMYK to RGB that loses the inks), so its samples are
/// taken as stored and the first three turned back to the inverted inks here, by the JFIF
/// YCbCr equations (what Adobe and a PDF reader's DCTDecode do with transform 2).
pub(super) fn adobe_cmyk_samples(jpeg: &[u8], w: u32, h: u32) -> Option<Vec<u8>> {
    use zune_core::bytestream::ZCursor;
    use zune_core::colorspace::ColorSpace;
    let space = match adobe_transform(jpeg)? {
        0 => ColorSpace::CMYK,
        2 => ColorSpace::YCCK,
        _ => return None,
    };
    let options = zune_core::options::DecoderOptions::default()
        // As stored: four components out of four in are copied, not converted.
        .jpeg_set_out_colorspace(space)
        .set_max_width(crate::limits::MAX_IMAGE_SIDE as usize)
        .set_max_height(crate::limits::MAX_IMAGE_SIDE as usize);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(jpeg), options);
    decoder.decode_headers().ok()?;
    if decoder.input_colorspace()? != space {
        return None;
    }
    let mut samples = decoder.decode().ok()?;
    if samples.len() != w as usize * h as usize * 4 {
        return None;
    }
    if space == ColorSpace::YCCK {
        for p in samples.chunks_exact_mut(4) {
            let [y, cb, cr] = [p[0], p[1], p[2]].map(f32::from);
            let (cb, cr) = (cb - 128.0, cr - 128.0);
            let rgb = [
                y + 1.402 * cr,
                y - 0.344_136 * cb - 0.714_136 * cr,
                y + 1.772 * cb,
            ];
            for (slot, v) in p.iter_mut().zip(rgb) {
                *slot = v.round().clamp(0.0, 255.0) as u8;
            }
        }
    }
    for v in &mut samples {
        *v = 255 - *v;
    }
    Some(samples)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn png(w: u32, h: u32) -> ImageFile {
        let img = image::RgbImage::from_fn(w, h, |x, _| image::Rgb([(x % 256) as u8, 0, 0]));
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Png).unwrap();
        ImageFile::from_bytes(Path::new("covers/front.png"), out.into_inner()).unwrap()
    }

    #[test]
    fn wide_art_is_cropped_to_the_panel_shape_from_both_sides() {
        // A 6.25 × 9.25 in area (front plus bleed) from art twice as wide as it needs to be.
        let (width, height) = (450.0, 666.0);
        let art = fit(&png(4000, 2000), width, height, false).unwrap();
        let shape = art.image.width as f32 / art.image.height as f32;
        assert!((shape - width / height).abs() < 0.01, "{shape}");
        assert_eq!(art.image.channels, 3, "colour art stays colour");
        // 2000 px over 9.25 in is 216 ppi: a warning naming the file.
        assert_eq!(art.warnings.len(), 1);
        let w = &art.warnings[0];
        assert!(
            w.message.contains("covers/front.png") && w.message.contains("216"),
            "{}",
            w.message
        );
        // The centre is kept: the first column kept is a quarter of the way in, not column 0.
        assert_ne!(art.image.pixels[0], 0);
    }

    #[test]
    fn fine_art_passes_and_is_scaled_down_to_what_print_uses() {
        let art = fit(&png(3000, 4440), 450.0, 666.0, false).unwrap();
        assert!(art.warnings.is_empty());
        let ppi = art.image.width as f32 / (450.0 / 72.0);
        assert!((ppi - MAX_PPI).abs() < 1.0, "{ppi}");
    }

    #[test]
    fn art_whose_pixels_are_damaged_is_an_error_naming_it() {
        let mut art = png(40, 40);
        // The header (and so the load) is intact; the pixel data is cut short.
        art.bytes.truncate(art.bytes.len() / 2);
        let e = fit(&art, 450.0, 666.0, false).err().unwrap();
        assert!(
            e.is_error() && e.message.contains("covers/front.png"),
            "{}",
            e.message
        );
    }
}
