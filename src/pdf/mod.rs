//! The PDF writer: typeset pages to a PDF file with printpdf, then fixups with lopdf.
//!
//! Method. [`write`] checks the layout, subsets the fonts it uses (`fonts`), lets printpdf
//! build the lopdf document (page tree, Type0 fonts with /W and /ToUnicode), adds the image
//! XObjects, writes each page's content stream itself (`content`) and compresses it at once, and
//! completes the document with lopdf (`fixup`: the content streams, link annotations, page
//! boxes with bleed, metadata, outline, page labels, deterministic /ID; `pdfx`: what PDF/X
//! adds, with `icc` its output profile). No clock and no randomness reach the output: the
//! same layout always gives the same bytes.
//!
//! Pages are written in parallel and held only compressed, about a tenth of their raw size:
//! a long book's glyphs are never held twice over in another form.

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

pub use edition::PdfEdition;
pub use memo::{MemoStats, StreamMemo};

use printpdf::{Op, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Pt, Rect, TextItem};

use rayon::prelude::*;

use crate::page::{EmbeddedImage, Layout, LinkTarget, PageItem, PdfX};

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
    let prepared = fonts::prepare(layout)?;

    let mut doc = PdfDocument::new(&layout.title);
    for (id, font) in prepared.pdf_fonts {
        doc.resources.fonts.map.insert(id, font);
    }
    // Image XObjects are made here, compressed straight from the layout's pixels: handed
    // to printpdf, a picture's pixels were copied three times over before compression.
    let images: Vec<(usize, lopdf::Stream)> = used_images(layout)
        .into_par_iter()
        .map(|index| {
            let image = match layout.print.pdfx {
                Some(PdfX::X1a) => std::borrow::Cow::Owned(pdfx::to_grey(&layout.images[index])),
                _ => std::borrow::Cow::Borrowed(&layout.images[index]),
            };
            (index, image_xobject(&image))
        })
        .collect();

    let size = Rect::from_wh(Pt(layout.width), Pt(layout.height));
    doc.pages = layout
        .pages
        .iter()
        .map(|_| PdfPage {
            media_box: size.clone(),
            trim_box: size.clone(),
            crop_box: size.clone(),
            ops: Vec::new(),
        })
        .collect();
    // printpdf learns the fonts' /W and /ToUnicode from the glyphs it sees shown: show it
    // each glyph once, on the first page, whose content is then replaced like every page's.
    let mut inventory = vec![Op::StartTextSection];
    for font in prepared.fonts.iter().flatten() {
        inventory.push(Op::SetFont {
            font: PdfFontHandle::External(font.id.clone()),
            size: Pt(10.0),
        });
        inventory.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(font.inventory())],
        });
    }
    inventory.push(Op::EndTextSection);
    doc.pages[0].ops = inventory;

    // Pages are independent: write and compress them in parallel.
    let contents: Vec<Vec<u8>> = layout
        .pages
        .par_iter()
        .map(|page| {
            let plain = content::page_content(page, &prepared.fonts);
            match memo {
                Some(memo) => memo.deflated(plain, deflate),
                None => deflate(&plain),
            }
        })
        .collect();

    let opts = PdfSaveOptions {
        // Compression happens here and in fixup, after the last stream is added.
        optimize: false,
        // Fonts arrive already subset (see fonts.rs); printpdf must embed them as they are.
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lopdf_doc = doc.to_lopdf_document(&opts, &mut warnings);
    add_images(&mut lopdf_doc, images)?;
    let errors: Vec<String> = warnings
        .iter()
        .filter(|w| w.severity == printpdf::PdfParseErrorSeverity::Error)
        .map(|w| w.msg.clone())
        .collect();
    if !errors.is_empty() {
        return Err(format!("printpdf: {}", errors.join("; ")));
    }
    let cap_heights: Vec<(&str, i64)> = prepared
        .fonts
        .iter()
        .flatten()
        .filter_map(|f| Some((f.name.as_str(), f.cap_height?)))
        .collect();
    fixup::finish(lopdf_doc, layout, contents, &cap_heights)
}

/// An image XObject (ISO 32000-1, 8.9.5): 8-bit grey or RGB samples, deflated.
fn image_xobject(image: &EmbeddedImage) -> lopdf::Stream {
    use lopdf::Object::{Boolean, Integer, Name};
    let space: &[u8] = if image.channels == 1 {
        b"DeviceGray"
    } else {
        b"DeviceRGB"
    };
    let dict = lopdf::Dictionary::from_iter(vec![
        ("Type", Name(b"XObject".to_vec())),
        ("Subtype", Name(b"Image".to_vec())),
        ("Width", Integer(i64::from(image.width))),
        ("Height", Integer(i64::from(image.height))),
        ("BitsPerComponent", Integer(8)),
        ("ColorSpace", Name(space.to_vec())),
        ("Interpolate", Boolean(false)),
        ("Filter", Name(b"FlateDecode".to_vec())),
    ]);
    let mut stream = lopdf::Stream::new(dict, deflate(&image.pixels));
    stream.allows_compression = false;
    stream
}

/// Puts the images into the document and names them in the XObject resources, which
/// printpdf makes one dictionary shared by every page.
fn add_images(
    doc: &mut lopdf::Document,
    images: Vec<(usize, lopdf::Stream)>,
) -> Result<(), String> {
    if images.is_empty() {
        return Ok(());
    }
    let reference = |dict: &lopdf::Dictionary, key: &[u8]| {
        dict.get(key).and_then(lopdf::Object::as_reference).ok()
    };
    let first_page = doc
        .get_pages()
        .into_values()
        .next()
        .ok_or("printpdf wrote no pages")?;
    let resources = doc
        .get_dictionary(first_page)
        .ok()
        .and_then(|page| reference(page, b"Resources"))
        .ok_or("printpdf wrote a page without resources")?;
    let xobjects = doc
        .get_dictionary(resources)
        .ok()
        .and_then(|r| reference(r, b"XObject"))
        .ok_or("printpdf wrote no XObject resources")?;
    let named: Vec<(String, lopdf::ObjectId)> = images
        .into_iter()
        .map(|(index, stream)| (content::image_id(index).0, doc.add_object(stream)))
        .collect();
    let dict = doc
        .get_object_mut(xobjects)
        .and_then(lopdf::Object::as_dict_mut)
        .map_err(|e| format!("XObject resources: {e}"))?;
    for (name, id) in named {
        dict.set(name, lopdf::Object::Reference(id));
    }
    Ok(())
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
        if !matches!(image.channels, 1 | 3) || image.width == 0 || image.height == 0 {
            return Err(format!(
                "image {i}: {}x{} with {} channels; need a non-empty grey (1) or RGB (3) image",
                image.width, image.height, image.channels
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
