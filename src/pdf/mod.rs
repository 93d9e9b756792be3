//! The PDF writer: typeset pages to a PDF file, built on lopdf.
//!
//! Method. [`write`] checks the layout, subsets the fonts it uses and writes their objects
//! (`fonts`), makes the image XObjects, writes each page's content stream (`content`) and
//! compresses it at once, puts them in a page tree with one resource dictionary shared by
//! every page, and completes the document (`fixup`: link annotations, page boxes with bleed,
//! metadata, outline, page labels, deterministic /ID; `pdfx`: what PDF/X adds, with `icc`
//! its output profile). No clock and no randomness reach the output: the same layout always
//! gives the same bytes.
//!
//! Pages are written in parallel and held only compressed, about a tenth of their raw size:
//! a long book's glyphs are never held twice over in another form.

mod cmyk;
mod content;
mod edition;
mod fixup;
mod fonts;
mod icc;
mod labels;
mod memo;
mod meta;
mod outline;
mod pdfx;

pub use cmyk::PROCESS_INK_LIMIT;
pub(crate) use edition::write_failed;
pub use edition::PdfEdition;
pub use memo::{MemoStats, StreamMemo};

use lopdf::{Dictionary, Document, Object, Stream};
use rayon::prelude::*;

use crate::page::{EmbeddedImage, Layout, LinkTarget, PageItem};

/// zlib level for the content streams, fonts and images. Content streams are long runs of
/// hex glyph ids and kerns, and compressing them was the largest single cost of a long book:
/// level 9 (lopdf's) took a third of the build; level 4 makes files 6% larger than level 9
/// in a fifth of its time (level 6: 3% larger, twice level 4's time).
pub(crate) const DEFLATE_LEVEL: u32 = 4;

/// Writes the typeset book as a PDF file and returns its bytes.
pub fn write(layout: &Layout) -> Result<Vec<u8>, String> {
    write_with(layout, None)
}

/// [`write`], taking the deflated page streams the last build made from `memo` where a page
/// is unchanged, and keeping this build's there (`folio watch`).
pub fn write_with(layout: &Layout, memo: Option<&StreamMemo>) -> Result<Vec<u8>, String> {
    if let Some(memo) = memo {
        memo.begin();
    }
    let written = write_pdf(layout, memo);
    if let Some(memo) = memo {
        memo.end();
    }
    written
}

fn write_pdf(layout: &Layout, memo: Option<&StreamMemo>) -> Result<Vec<u8>, String> {
    check(layout)?;
    let fonts = fonts::prepare(layout)?;

    // Image XObjects are compressed straight from the layout's pixels, separated to CMYK
    // (once, here) when the file is for four-colour process.
    let cmyk = match (layout.print.pdfx, layout.print.cmyk_ink_limit) {
        (Some(_), Some(limit)) => {
            let profile = cmyk::output_profile(limit);
            let separation = cmyk::Separation::new(&profile, limit)?;
            Some((profile, separation))
        }
        _ => None,
    };
    let images: Vec<(usize, Stream)> = used_images(layout)
        .into_par_iter()
        .map(|index| {
            let original = &layout.images[index];
            let image = match (&cmyk, layout.print.pdfx) {
                (Some((_, separation)), _) => {
                    std::borrow::Cow::Owned(separation.separate(original)?)
                }
                (None, Some(level)) if level.is_x1a() => {
                    std::borrow::Cow::Owned(pdfx::to_grey(original))
                }
                _ => std::borrow::Cow::Borrowed(original),
            };
            Ok((index, image_xobject(&image)))
        })
        .collect::<Result<_, String>>()?;

    // Pages are independent: write and compress them in parallel.
    let contents: Vec<Vec<u8>> = layout
        .pages
        .par_iter()
        .map(|page| {
            let plain = content::page_content(page, &fonts);
            match memo {
                Some(memo) => memo.deflated(plain, deflate),
                None => deflate(&plain),
            }
        })
        .collect();

    // `fixup` sets the version. A classic cross-reference table, not a stream: PDF/X-1a is
    // built on PDF 1.4, which has no cross-reference streams.
    let mut doc = Document::with_version("1.7");
    doc.reference_table.cross_reference_type = lopdf::xref::XrefType::CrossReferenceTable;
    let pages_id = doc.new_object_id();
    let mut font_resources = Dictionary::new();
    for font in fonts.iter().flatten() {
        let id = fonts::write(&mut doc, font);
        font_resources.set(font.id.as_str(), Object::Reference(id));
    }
    let mut xobjects = Dictionary::new();
    for (index, stream) in images {
        xobjects.set(
            content::image_id(index),
            Object::Reference(doc.add_object(stream)),
        );
    }
    let resources = doc.add_object(Dictionary::from_iter(vec![
        ("Font", Object::Dictionary(font_resources)),
        ("XObject", Object::Dictionary(xobjects)),
    ]));
    // Each page's boxes and annotations are set in `fixup`.
    let kids: Vec<Object> = contents
        .into_iter()
        .map(|content| {
            let mut stream = Stream::new(
                Dictionary::from_iter(vec![("Filter", Object::Name(b"FlateDecode".to_vec()))]),
                content,
            );
            stream.allows_compression = false;
            let contents = doc.add_object(stream);
            Object::Reference(doc.add_object(Dictionary::from_iter(vec![
                ("Type", Object::Name(b"Page".to_vec())),
                ("Parent", Object::Reference(pages_id)),
                ("Resources", Object::Reference(resources)),
                ("Contents", Object::Reference(contents)),
            ])))
        })
        .collect();
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Pages".to_vec())),
            ("Kids", Object::Array(kids)),
            ("Count", Object::Integer(count)),
        ])),
    );
    let catalog = doc.add_object(Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Catalog".to_vec())),
        ("Pages", Object::Reference(pages_id)),
        ("PageLayout", Object::Name(b"OneColumn".to_vec())),
    ]));
    doc.trailer.set("Root", Object::Reference(catalog));
    fixup::finish(doc, layout, cmyk.map(|(profile, _)| profile))
}

/// An image XObject (ISO 32000-1, 8.9.5): 8-bit grey, RGB or CMYK samples, deflated; or a
/// CMYK JPEG as it is.
fn image_xobject(image: &EmbeddedImage) -> Stream {
    let (space, decode, filter, data): (&[u8], _, &[u8], Vec<u8>) =
        match (&image.jpeg, image.channels) {
            // An Adobe CMYK JPEG stores its samples inverted (0 is full ink).
            (Some(jpeg), 4) => (
                b"DeviceCMYK",
                Some([1, 0, 1, 0, 1, 0, 1, 0]),
                b"DCTDecode",
                jpeg.to_vec(),
            ),
            (_, 1) => (b"DeviceGray", None, b"FlateDecode", deflate(&image.pixels)),
            (_, 4) => (b"DeviceCMYK", None, b"FlateDecode", deflate(&image.pixels)),
            _ => (b"DeviceRGB", None, b"FlateDecode", deflate(&image.pixels)),
        };
    use Object::{Array, Boolean, Integer, Name};
    let mut entries = vec![
        ("Type", Name(b"XObject".to_vec())),
        ("Subtype", Name(b"Image".to_vec())),
        ("Width", Integer(i64::from(image.width))),
        ("Height", Integer(i64::from(image.height))),
        ("BitsPerComponent", Integer(8)),
        ("ColorSpace", Name(space.to_vec())),
    ];
    if let Some(decode) = decode {
        entries.push(("Decode", Array(decode.map(Integer).to_vec())));
    }
    entries.push(("Interpolate", Boolean(false)));
    entries.push(("Filter", Name(filter.to_vec())));
    let mut stream = Stream::new(Dictionary::from_iter(entries), data);
    stream.allows_compression = false;
    stream
}

/// `data` as one complete zlib stream (the /FlateDecode filter) at [`DEFLATE_LEVEL`].
pub(crate) fn deflate(data: &[u8]) -> Vec<u8> {
    with_deflater(|d| d.deflate(data, DEFLATE_LEVEL))
}

/// Each thread keeps one compressor for the life of the process and resets it between
/// streams: setting one up clears over half a megabyte (window, chains, hash heads), more than
/// compressing a page costs. (rayon's `map_init` made one per split of the work, not per
/// thread: a small book paid for some thirty.)
fn with_deflater<T>(f: impl FnOnce(&mut Deflater) -> T) -> T {
    thread_local! {
        static DEFLATER: std::cell::RefCell<Deflater> = std::cell::RefCell::new(Deflater::new());
    }
    DEFLATER.with_borrow_mut(f)
}

/// zlib compression, one stream after another through the same compressor.
struct Deflater {
    compress: flate2::Compress,
    level: u32,
}

impl Deflater {
    fn new() -> Deflater {
        Deflater {
            compress: flate2::Compress::new(flate2::Compression::new(DEFLATE_LEVEL), true),
            level: DEFLATE_LEVEL,
        }
    }

    /// `data` as one complete zlib stream at `level`.
    fn deflate(&mut self, data: &[u8], level: u32) -> Vec<u8> {
        let c = &mut self.compress;
        if c.total_in() != 0 || c.total_out() != 0 {
            c.reset();
        }
        if level != self.level {
            // Between streams nothing is pending, so this cannot fail.
            c.set_level(flate2::Compression::new(level))
                .expect("set the level of an idle compressor");
            self.level = level;
        }
        // Text content streams deflate to about a fifth.
        let mut out = Vec::with_capacity(data.len() / 4 + 64);
        loop {
            let consumed = c.total_in() as usize;
            // Compressing into memory cannot fail; a full buffer only asks for more room.
            let status = c
                .compress_vec(&data[consumed..], &mut out, flate2::FlushCompress::Finish)
                .expect("deflate into memory");
            if status == flate2::Status::StreamEnd {
                // Pages are held compressed until the file is saved: no slack.
                out.shrink_to_fit();
                return out;
            }
            out.reserve(out.capacity().max(64));
        }
    }
}

/// Every item of a page, those inside turned frames included (after their frame), in
/// drawing order.
pub(crate) fn all_items(items: &[PageItem]) -> impl Iterator<Item = &PageItem> {
    let mut stack = vec![items.iter()];
    std::iter::from_fn(move || loop {
        let top = stack.last_mut()?;
        match top.next() {
            Some(item) => {
                if let PageItem::Rotated { items, .. } = item {
                    stack.push(items.iter());
                }
                return Some(item);
            }
            None => {
                stack.pop();
            }
        }
    })
}

/// Image indices drawn on some page, ascending, each once.
fn used_images(layout: &Layout) -> Vec<usize> {
    let mut used: Vec<usize> = layout
        .pages
        .iter()
        .flat_map(|p| all_items(&p.items))
        .filter_map(|item| match item {
            PageItem::Image { image, .. } => Some(*image),
            _ => None,
        })
        .collect();
    used.sort_unstable();
    used.dedup();
    used
}

/// Rejects layouts that would make a broken file: bad sizes, dangling indices, pixel
/// buffers of the wrong length. (Glyph ids are checked against their fonts in `fonts`.)
fn check(layout: &Layout) -> Result<(), String> {
    let finite = |v: f32| v.is_finite();
    if !(layout.width > 0.0 && layout.height > 0.0 && finite(layout.width) && finite(layout.height))
    {
        return Err(format!(
            "page size {} x {} pt is not a page size",
            layout.width, layout.height
        ));
    }
    if layout.pages.is_empty() {
        return Err("the layout has no pages".into());
    }
    for (i, image) in layout.images.iter().enumerate() {
        let expected = u64::from(image.width) * u64::from(image.height) * u64::from(image.channels);
        if !matches!(image.channels, 1 | 3 | 4) || image.width == 0 || image.height == 0 {
            return Err(format!(
                "image {i}: {}x{} with {} channels; need a non-empty grey (1), RGB (3) or CMYK (4) image",
                image.width, image.height, image.channels
            ));
        }
        let process = layout.print.pdfx.is_some() && layout.print.cmyk_ink_limit.is_some();
        if image.channels == 4 && !process {
            return Err(format!(
                "image {i} is CMYK, and the file is not for four-colour process"
            ));
        }
        if image.pixels.len() as u64 != expected {
            return Err(format!(
                "image {i}: {} bytes of pixels, expected {expected}",
                image.pixels.len()
            ));
        }
    }
    for (p, page) in layout.pages.iter().enumerate() {
        let at = |what: String| format!("page {}: {what}", p + 1);
        for item in &page.items {
            if let PageItem::Rotated { items, .. } = item {
                // A link annotation's rectangle is upright: it cannot follow a turned frame.
                if all_items(items).any(|i| matches!(i, PageItem::Link { .. })) {
                    return Err(at("a link inside a turned frame".into()));
                }
            }
        }
        for item in all_items(&page.items) {
            match item {
                PageItem::Text(run) => {
                    let numbers_ok = finite(run.x)
                        && finite(run.y)
                        && run.size > 0.0
                        && finite(run.size)
                        && run.glyphs.iter().all(|g| finite(g.advance));
                    if !numbers_ok {
                        return Err(at(format!(
                            "text run at ({}, {}) size {} has a non-finite position, size or advance",
                            run.x, run.y, run.size
                        )));
                    }
                }
                PageItem::Rule {
                    x0,
                    y0,
                    x1,
                    y1,
                    width,
                } => {
                    if ![*x0, *y0, *x1, *y1, *width].into_iter().all(finite) || *width < 0.0 {
                        return Err(at(format!("rule ({x0}, {y0})-({x1}, {y1}) width {width}")));
                    }
                }
                PageItem::Image {
                    image,
                    x,
                    y,
                    width,
                    height,
                } => {
                    if *image >= layout.images.len() {
                        return Err(at(format!(
                            "image {image} drawn, but the layout has {} images",
                            layout.images.len()
                        )));
                    }
                    if ![*x, *y, *width, *height].into_iter().all(finite) {
                        return Err(at(format!("image {image} has a non-finite rectangle")));
                    }
                }
                PageItem::Link {
                    x,
                    y,
                    width,
                    height,
                    target,
                } => {
                    if ![*x, *y, *width, *height].into_iter().all(finite) {
                        return Err(at("link has a non-finite rectangle".into()));
                    }
                    if let LinkTarget::Internal { page, y } = target {
                        if *page >= layout.pages.len() || !finite(*y) {
                            return Err(at(format!(
                                "link to page {} (y {y}) of {}",
                                page + 1,
                                layout.pages.len()
                            )));
                        }
                    }
                }
                PageItem::Fill {
                    x,
                    y,
                    width,
                    height,
                    grey,
                } => {
                    if ![*x, *y, *width, *height, *grey].into_iter().all(finite) {
                        return Err(at("fill has a non-finite rectangle or grey".into()));
                    }
                }
                PageItem::Rotated { x, y, angle, .. } => {
                    if ![*x, *y, *angle].into_iter().all(finite) {
                        return Err(at("turned frame has a non-finite origin or angle".into()));
                    }
                }
            }
        }
    }
    Ok(())
}
