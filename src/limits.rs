//! How much folio will read, expand and decode: the bounds that keep a hostile or broken book
//! from hanging the build or eating the machine. Each limit is far above any real book and
//! each, when hit, is an error that names the limit and the file.
//!
//! Measured (release build, on the shared 2-core build machine): a single paragraph of 2 MB
//! (355,000 words, 760 pages) builds in 1.2 s of CPU and 250 MB of memory, one of 7 MB
//! (2,642 pages) in 3.6 s and 840 MB. Time and memory grow linearly with the text, whether it
//! is one paragraph or many (the line breaker's active list stays short); the memory is the
//! laid-out book, about 120 bytes per byte of text. The text limits below follow from that.
//!
//! The memory bound: a build of input within these limits peaks under 1 GiB of resident
//! memory, and runs in 1.5 GiB of address space (`ulimit -v 1572864`; the rest is the binary,
//! thread stacks and the allocator's arenas). tests/hostile_memory.rs builds the worst
//! shapes issue 16 found under that cap. Measured peaks (both editions): a million note
//! calls in a 6 MB chapter 0.93 GB (it was 6 GB: see [`MAX_PDF_LINKS`]); `ab--` × 60,000
//! 80 MB (it was 1.2 GB); 8,000 dropped spans on a line 16 MB; YAML nested 100,000 deep,
//! stopped at [`MAX_YAML_DEPTH`], 6 MB. Known exception: one paragraph of 64,000 identical
//! words takes 2 GB in the line breaker (48,000 take 30 MB), see docs/NOTES.md.

use std::io::Cursor;

use image::{DynamicImage, ImageFormat, ImageReader};

/// Largest YAML document (book.yaml or a front-matter block); real ones are a few KB.
pub const MAX_YAML_BYTES: usize = 1024 * 1024;

/// Most values a YAML document may expand to, counting every repetition an alias makes. A
/// "billion laughs" file is small but expands exponentially; this stops it after a bounded
/// amount of work. A book.yaml with a thousand chapters has a few thousand values.
pub const MAX_YAML_VALUES: usize = 100_000;

/// Deepest nesting of lists and maps in a YAML document; book metadata needs three or four
/// levels. The walk stops at the level that crosses it, so deeper text costs nothing more.
pub const MAX_YAML_DEPTH: usize = 128;

/// Largest chapter file. War and Peace is 3.2 MB of text; 8 MB costs ~1 GB to typeset.
pub const MAX_TEXT_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Most text in the whole book (all chapters): the complete Shakespeare is 5.4 MB, and the
/// 2,000-piece benchmark anthology (3.3 million words) 19.5 MB. Text spread over many pieces
/// costs far less than one long paragraph (about 35 bytes per byte: the 500-piece anthology,
/// 6 MB, peaks at 210 MB), so 32 MB stays near 1 GB.
pub const MAX_BOOK_TEXT_BYTES: u64 = 32 * 1024 * 1024;

/// Deepest nesting of block quotes and lists, and of inline formatting; real books stay
/// below 10. The IR builder keeps explicit stacks, but both editions walk the IR recursively,
/// so this also bounds their stack depth.
pub const MAX_NESTING: usize = 64;

/// Most characters in one grapheme cluster (a letter with its combining marks, an emoji
/// sequence). Unicode's stream-safe text format allows 30 marks in a row and decorative
/// "Zalgo" text stacks a few hundred; the shaper (rustybuzz) stores mark attachments in 16
/// bits and panics past 65,536 marks on one letter. A longer cluster is an error at its place
/// in the manuscript, and the shaper drops the marks beyond this for any text that gets there
/// another way (a title in book.yaml).
pub const MAX_CLUSTER_CHARS: usize = 1_024;

/// Most characters in a title (the book's or a piece's) before folio warns. The longest
/// real titles (a 17th-century pamphlet's) run to a few hundred characters; a title of
/// thousands of words is a heading that swallowed a paragraph. It still builds: the opening
/// sets it unbalanced past a few lines and the running head shortens it.
pub const MAX_TITLE_CHARS: usize = 500;

/// Most clickable areas (links and note calls) the PDF carries. Each is an object of its own
/// in the file and about 1 KB while the PDF is made; a book with ten thousand notes has twenty
/// thousand (a call and its way back each). Past this the text is printed all the same, and
/// the PDF edition warns that the rest cannot be clicked.
pub const MAX_PDF_LINKS: usize = 100_000;

/// Largest image file read (cover or body image); a print-quality photograph is a few MB.
pub const MAX_IMAGE_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Longest side, in pixels, of an image folio decodes. Headers can declare up to 4 billion
/// pixels a side for a file of a few bytes; this refuses them before any pixel is allocated.
pub const MAX_IMAGE_SIDE: u32 = 16_384;

/// Most memory one image may take once decoded: a 64-megapixel RGBA photograph fits.
pub const MAX_IMAGE_DECODED_BYTES: u64 = 256 * 1024 * 1024;

/// Largest font file read from the book's `fonts/`; a CJK font with every glyph is ~20 MB.
pub const MAX_FONT_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The `image` crate's decoding limits, set from the constants above.
pub fn image_limits() -> image::Limits {
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_IMAGE_SIDE);
    limits.max_image_height = Some(MAX_IMAGE_SIDE);
    limits.max_alloc = Some(MAX_IMAGE_DECODED_BYTES);
    limits
}

/// The format and declared size of a JPEG or PNG, read from its header only; an error says
/// what is wrong in words a user can act on.
pub fn image_header(bytes: &[u8]) -> Result<(ImageFormat, u32, u32), String> {
    let format = match image::guess_format(bytes) {
        Ok(f @ (ImageFormat::Jpeg | ImageFormat::Png)) => f,
        Ok(other) => {
            return Err(format!(
                "is a {} image; folio takes JPEG or PNG",
                other
                    .extensions_str()
                    .first()
                    .unwrap_or(&"other")
                    .to_uppercase()
            ))
        }
        Err(_) => return Err("is not a JPEG or PNG image".into()),
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.no_limits();
    let (width, height) = reader
        .into_dimensions()
        .map_err(|e| format!("is damaged: its header cannot be read ({e})"))?;
    if width == 0 || height == 0 {
        return Err(format!(
            "declares an empty picture ({width} × {height} pixels)"
        ));
    }
    if width.max(height) > MAX_IMAGE_SIDE {
        return Err(format!(
            "declares {width} × {height} pixels; folio decodes images up to {MAX_IMAGE_SIDE} pixels a side"
        ));
    }
    Ok((format, width, height))
}

/// Decode a JPEG or PNG within [`image_limits`], checking the header first.
pub fn decode_image(bytes: &[u8]) -> Result<DynamicImage, String> {
    let (format, width, height) = image_header(bytes)?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(image_limits());
    reader.decode().map_err(|e| match e {
        image::ImageError::Limits(_) => format!(
            "needs more than {} MB of memory to decode ({width} × {height} pixels)",
            MAX_IMAGE_DECODED_BYTES / (1024 * 1024)
        ),
        other => format!("is damaged and cannot be decoded ({other})"),
    })
}

#[cfg(test)]
#[path = "../tests/support/hostile_png.rs"]
mod hostile_png;

#[cfg(test)]
mod tests {
    use super::*;

    use super::hostile_png::png_declaring;

    #[test]
    fn an_enormous_declared_size_is_refused_from_the_header() {
        let err = decode_image(&png_declaring(100_000, 100_000)).unwrap_err();
        assert!(err.contains("100000 × 100000"), "{err}");
        assert!(err.contains("16384 pixels a side"), "{err}");
    }

    #[test]
    fn a_size_within_the_sides_but_too_big_to_hold_is_refused_by_the_allocation_limit() {
        // 16000 x 16000 RGB is 768 MB: within the side limit, over the memory one.
        let err = decode_image(&png_declaring(16_000, 16_000)).unwrap_err();
        assert!(err.contains("256 MB"), "{err}");
    }

    #[test]
    fn garbage_and_truncation_are_told_apart() {
        assert!(decode_image(b"GIF89a....").unwrap_err().contains("GIF"));
        assert!(decode_image(b"hello")
            .unwrap_err()
            .contains("not a JPEG or PNG"));
        let mut small = png_declaring(2, 2);
        small.truncate(30);
        assert!(decode_image(&small).unwrap_err().contains("damaged"));
    }
}
