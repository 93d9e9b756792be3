//! The document's completion, and the final bytes.
//!
//! Method. `super::write_pdf` makes the page tree, fonts, images and content streams; set
//! here before saving are the page boxes, link annotations, the Info dictionary, the
//! catalog's /Lang, /ViewerPreferences, /PageLabels, nested /Outlines, XMP /Metadata and,
//! for PDF/X, /OutputIntents, and the trailer /ID: a hash of the finished file written
//! without an /ID, so the same layout always gives the same bytes.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};
use rayon::prelude::*;

use super::content::ascii_uri;
use super::{labels, meta, outline, pdfx};
use crate::page::{Layout, LinkTarget, PageItem, PdfX, Progression};

/// The boxes every page gets (ISO 32000-1, 14.11.2). The typesetter draws in trim
/// coordinates (the origin at the trim box's lower-left corner); the written page has its
/// MediaBox at 0 0, as some tools assume (PyMuPDF's boxes and text coordinates disagreed by
/// the bleed on a negative origin), so a page with bleed is drawn moved by [`Self::offset`]
/// (one shared `cm` stream before its content) and its boxes, links and destinations with it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct PageBoxes {
    pub width: f32,
    pub height: f32,
    /// Bleed in points; 0 for none. With bleed the media box grows outwards around the trim
    /// box.
    pub bleed: f32,
    /// Bleed on all four edges (a cover); otherwise only on a page's outside edges.
    pub all_edges: bool,
    /// Which side of each page is the spine's.
    pub progression: Progression,
}

impl PageBoxes {
    /// Bleed at the left and right of page `index` (0-based; even indices are rectos). A book
    /// block is bound at the spine, so its pages bleed at head, foot and fore-edge only: the
    /// right edge of a left-to-right book's recto, the left edge of its verso (the other
    /// way round in a right-to-left book).
    fn sides(&self, index: usize) -> (f32, f32) {
        let b = self.bleed;
        let outer_right = self.progression.outer_edge_right(index);
        let left = if self.all_edges || !outer_right {
            b
        } else {
            0.0
        };
        let right = if self.all_edges || outer_right {
            b
        } else {
            0.0
        };
        (left, right)
    }

    /// How far the trim coordinates of page `index` move on the written page.
    pub(crate) fn offset(&self, index: usize) -> (f32, f32) {
        (self.sides(index).0, self.bleed)
    }

    fn trim(&self, index: usize) -> [f32; 4] {
        let (dx, dy) = self.offset(index);
        [dx, dy, dx + self.width, dy + self.height]
    }

    fn media(&self, index: usize) -> [f32; 4] {
        let (left, right) = self.sides(index);
        [
            0.0,
            0.0,
            left + self.width + right,
            self.height + 2.0 * self.bleed,
        ]
    }

    fn apply(&self, page: &mut Dictionary, index: usize) {
        let rect = |r: [f32; 4]| Object::Array(r.iter().map(|v| number(*v)).collect());
        page.set("MediaBox", rect(self.media(index)));
        page.set("TrimBox", rect(self.trim(index)));
        // The crop box defaults to the media box, which grows with bleed.
        if self.bleed > 0.0 {
            page.set("BleedBox", rect(self.media(index)));
        } else {
            page.remove(b"BleedBox");
        }
    }
}

/// Puts a shared stream that moves the drawing by the page's offset before each moved page's
/// content: the content streams stay as written (and as `memo` keeps them).
fn shift_contents(doc: &mut Document, pages: &[ObjectId], boxes: &PageBoxes) -> Result<(), String> {
    let mut shifts: Vec<((f32, f32), ObjectId)> = Vec::new();
    for (index, id) in pages.iter().enumerate() {
        let (dx, dy) = boxes.offset(index);
        if dx == 0.0 && dy == 0.0 {
            continue;
        }
        let shift = match shifts.iter().find(|(o, _)| *o == (dx, dy)) {
            Some((_, shift)) => *shift,
            None => {
                let text = format!("1 0 0 1 {} {} cm\n", decimal(dx), decimal(dy));
                let shift = doc.add_object(Stream::new(Dictionary::new(), text.into_bytes()));
                shifts.push(((dx, dy), shift));
                shift
            }
        };
        let page = doc
            .get_object_mut(*id)
            .and_then(Object::as_dict_mut)
            .map_err(|e| format!("page object {id:?}: {e}"))?;
        let content = page
            .get(b"Contents")
            .and_then(Object::as_reference)
            .map_err(|e| format!("page object {id:?} contents: {e}"))?;
        page.set(
            "Contents",
            Object::Array(vec![Object::Reference(shift), Object::Reference(content)]),
        );
    }
    Ok(())
}

/// A length for a content stream: at most four decimals, no exponent.
fn decimal(v: f32) -> String {
    let s = format!("{v:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// Whole points as integers, others as reals: `[0 0 432 648]`.
fn number(v: f32) -> Object {
    if v.fract() == 0.0 && v.abs() < 1e9 {
        Object::Integer(v as i64)
    } else {
        Object::Real(v)
    }
}

/// Completes the document and serializes it.
/// `cmyk_profile`: the CMYK output profile the images were separated through, when the file
/// is for four-colour process; its output intent names that condition.
pub(crate) fn finish(
    mut doc: Document,
    layout: &Layout,
    cmyk_profile: Option<std::sync::Arc<Vec<u8>>>,
) -> Result<Vec<u8>, String> {
    // /Lang, /ViewerPreferences /DisplayDocTitle and XMP metadata are PDF 1.4 features;
    // a PDF/X file declares the version its standard is built on.
    doc.version = match layout.print.pdfx {
        Some(level) => pdfx::pdf_version(level).into(),
        None => "1.7".into(),
    };

    let catalog_id = reference(&doc.trailer, b"Root").ok_or("the document has no catalog")?;
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    if pages.len() != layout.pages.len() {
        return Err(format!(
            "the document has {} pages for {} typeset pages",
            pages.len(),
            layout.pages.len()
        ));
    }

    let boxes = PageBoxes {
        width: layout.width,
        height: layout.height,
        bleed: layout.print.bleed.max(0.0),
        all_edges: layout.print.bleed_all_edges,
        progression: layout.progression,
    };
    // One action object per place a link goes (a thousand calls of one note share one), and
    // at most MAX_PDF_LINKS annotations in all: the PDF edition warns past it.
    let mut actions: BTreeMap<ActionKey, ObjectId> = BTreeMap::new();
    let mut links_left = crate::limits::MAX_PDF_LINKS;
    for (index, id) in pages.iter().enumerate() {
        let page = doc
            .get_object_mut(*id)
            .and_then(Object::as_dict_mut)
            .map_err(|e| format!("page object {id:?}: {e}"))?;
        boxes.apply(page, index);
        let (dx, dy) = boxes.offset(index);
        // A file for the press carries no links: PDF/X allows no annotations inside the
        // bleed box (ISO 15930), and nothing on paper can be clicked.
        if layout.print.pdfx.is_some() {
            continue;
        }
        // The page's /Annots holds indirect references (ISO 32000-1, table 30).
        let mut annots = Vec::new();
        for item in &layout.pages[index].items {
            let PageItem::Link {
                x,
                y,
                width,
                height,
                target,
            } = item
            else {
                continue;
            };
            if links_left == 0 {
                break;
            }
            links_left -= 1;
            let action = match actions.get(&ActionKey::of(target)) {
                Some(id) => *id,
                None => {
                    let id = doc.add_object(action(target, &pages, boxes.bleed));
                    actions.insert(ActionKey::of(target), id);
                    id
                }
            };
            let annot = link_annotation([*x + dx, *y + dy, *width, *height], action);
            annots.push(Object::Reference(doc.add_object(annot)));
        }
        if !annots.is_empty() {
            doc.get_object_mut(*id)
                .and_then(Object::as_dict_mut)
                .map_err(|e| format!("page object {id:?}: {e}"))?
                .set("Annots", Object::Array(annots));
        }
    }

    shift_contents(&mut doc, &pages, &boxes)?;

    let info = doc.add_object(meta::info(layout));
    doc.trailer.set("Info", Object::Reference(info));

    let outlines = outline::build(
        &mut doc,
        &layout.outline,
        &pages,
        layout.height + boxes.bleed,
    )?;
    let folios: Vec<Option<&str>> = layout.pages.iter().map(|p| p.folio.as_deref()).collect();
    let page_labels = labels::number_tree(labels::ranges(&folios));

    let output_intents = layout.print.pdfx.map(|_| {
        let print = &layout.print;
        match (cmyk_profile, print.cmyk_ink_limit, print.output_condition) {
            (_, Some(_), Some(named)) => pdfx::registered_output_intents(&mut doc, named),
            (Some(profile), Some(limit), None) => {
                pdfx::cmyk_output_intents(&mut doc, profile.to_vec(), limit)
            }
            _ => pdfx::output_intents(&mut doc, print.cream_paper),
        }
    });
    if layout.print.pdfx == Some(PdfX::X4) {
        pdfx::tag_rgb_images(&mut doc);
    }
    compress(&mut doc);
    // The XMP packet stays uncompressed, so tools that scan files for it find it; it is
    // added after compression for that reason.
    let mut xmp = Stream::new(
        Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Metadata".to_vec())),
            ("Subtype", Object::Name(b"XML".to_vec())),
        ]),
        meta::xmp(layout).into_bytes(),
    );
    xmp.allows_compression = false;
    let xmp_id = doc.add_object(xmp);

    let catalog = doc
        .get_object_mut(catalog_id)
        .and_then(Object::as_dict_mut)
        .map_err(|e| format!("catalog: {e}"))?;
    if !layout.language.trim().is_empty() {
        catalog.set("Lang", meta::text_string(layout.language.trim()));
    }
    let mut viewer = vec![("DisplayDocTitle", Object::Boolean(true))];
    // A right-to-left book's spreads are shown right page first (ISO 32000-1, 12.2).
    if layout.progression == Progression::RightToLeft {
        viewer.push(("Direction", Object::Name(b"R2L".to_vec())));
    }
    catalog.set("ViewerPreferences", Dictionary::from_iter(viewer));
    catalog.set("PageLabels", page_labels);
    catalog.set("Metadata", Object::Reference(xmp_id));
    match output_intents {
        Some(intents) => catalog.set("OutputIntents", intents),
        None => {
            catalog.remove(b"OutputIntents");
        }
    }
    match outlines {
        Some(id) => {
            catalog.set("Outlines", Object::Reference(id));
            catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
        }
        None => {
            catalog.remove(b"Outlines");
            catalog.set("PageMode", Object::Name(b"UseNone".to_vec()));
        }
    }

    doc.trailer.remove(b"ID");
    // Room for the streams and a little over for the objects around them, so the buffer of
    // a long book is not grown by doubling (and held at up to twice its size).
    let streams: usize = doc
        .objects
        .values()
        .map(|o| match o {
            Object::Stream(s) => s.content.len(),
            _ => 0,
        })
        .sum();
    let mut bytes = Vec::with_capacity(streams + streams / 8 + 4096 + 512 * doc.objects.len());
    doc.save_to(&mut bytes)
        .map_err(|e| format!("cannot serialize the PDF: {e}"))?;
    insert_id(&mut bytes)?;
    Ok(bytes)
}

/// Where a link goes, as a map key: links to the same place share one action object.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum ActionKey<'a> {
    Internal(usize, u32),
    External(&'a str),
}

impl<'a> ActionKey<'a> {
    fn of(target: &'a LinkTarget) -> Self {
        match target {
            LinkTarget::Internal { page, y } => ActionKey::Internal(*page, y.to_bits()),
            LinkTarget::External(uri) => ActionKey::External(uri),
        }
    }
}

/// A link's action: an internal one goes to the top of its target (/XYZ, left and zoom
/// unchanged), an external one is a URI action. A target's `y` is in trim coordinates,
/// moved up by `dy` as every page is.
fn action(target: &LinkTarget, pages: &[ObjectId], dy: f32) -> Dictionary {
    match target {
        LinkTarget::Internal { page, y } => Dictionary::from_iter(vec![
            ("S", Object::Name(b"GoTo".to_vec())),
            (
                "D",
                Object::Array(vec![
                    pages
                        .get(*page)
                        .map_or(Object::Null, |p| Object::Reference(*p)),
                    Object::Name(b"XYZ".to_vec()),
                    Object::Null,
                    Object::Real(*y + dy),
                    Object::Null,
                ]),
            ),
        ]),
        LinkTarget::External(uri) => Dictionary::from_iter(vec![
            ("S", Object::Name(b"URI".to_vec())),
            (
                "URI",
                Object::String(ascii_uri(uri).into_bytes(), StringFormat::Literal),
            ),
        ]),
    }
}

/// A link annotation without a border over `rect` (x, y of the lower left, width, height),
/// doing the shared `action`. Only what the link needs: a lopdf object costs about 120 bytes
/// in memory, and a book of notes has a link per call and per note (issue 16: a million
/// calls once took 6 GB here). /H defaults to /I, and /P and /C are optional (table 164).
fn link_annotation(rect: [f32; 4], action: ObjectId) -> Dictionary {
    let [x, y, width, height] = rect;
    Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Annot".to_vec())),
        ("Subtype", Object::Name(b"Link".to_vec())),
        (
            "Rect",
            Object::Array(
                [x, y, x + width, y + height]
                    .into_iter()
                    .map(Object::Real)
                    .collect(),
            ),
        ),
        ("A", Object::Reference(action)),
        ("Border", Object::Array(vec![Object::Integer(0); 3])),
    ])
}

fn reference(dict: &Dictionary, key: &[u8]) -> Option<ObjectId> {
    dict.get(key).and_then(Object::as_reference).ok()
}

/// Flate-compresses every stream that allows it and has no filter yet (fonts, ToUnicode;
/// the pages' content and the images arrive compressed), in parallel.
fn compress(doc: &mut Document) {
    let mut streams: Vec<&mut Stream> = doc
        .objects
        .values_mut()
        .filter_map(|o| match o {
            Object::Stream(s) if s.allows_compression && s.dict.get(b"Filter").is_err() => Some(s),
            _ => None,
        })
        .collect();
    streams.par_iter_mut().for_each(|s| {
        let compressed = super::deflate(&s.content);
        // A stream that does not compress is left as it is, which is also correct.
        if compressed.len() + 19 < s.content.len() {
            s.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
            s.set_content(compressed);
        }
    });
}

/// Writes the trailer's /ID (ISO 32000-1, 14.4): both halves are a 128-bit hash of the file
/// as saved without one. The trailer follows the cross-reference table, so inserting into it
/// moves no object and leaves `startxref` valid.
fn insert_id(bytes: &mut Vec<u8>) -> Result<(), String> {
    const TRAILER: &[u8] = b"trailer\n<<";
    let at = bytes
        .windows(TRAILER.len())
        .rposition(|w| w == TRAILER)
        .ok_or("the saved PDF has no trailer dictionary")?
        + TRAILER.len();
    let hex: String = file_hash(bytes)
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect();
    let id = format!("/ID[<{hex}><{hex}>]");
    bytes.splice(at..at, id.into_bytes());
    Ok(())
}

/// A 128-bit hash of `data` for the file identifier. The /ID only has to tell files apart and
/// be the same for the same bytes; nothing relies on it being hard to forge, and SHA-256 over
/// the whole file cost as much as writing it. XXH3's output is fixed by its specification, so
/// it is the same on every machine and in every version.
fn file_hash(data: &[u8]) -> [u8; 16] {
    xxhash_rust::xxh3::xxh3_128(data).to_le_bytes()
}

#[cfg(test)]
mod tests {
    use super::file_hash;

    #[test]
    fn file_hash_is_fixed_and_follows_every_byte() {
        let data: Vec<u8> = (0..1000u32).map(|i| (i * 7 % 251) as u8).collect();
        let h = file_hash(&data);
        assert_eq!(h, file_hash(&data));
        for i in [0, 7, 8, 500, 999] {
            let mut changed = data.clone();
            changed[i] ^= 1;
            assert_ne!(file_hash(&changed), h, "byte {i}");
        }
        // Length counts even where the extra bytes are zeros.
        assert_ne!(file_hash(&[0; 3]), file_hash(&[0; 4]));
        assert_ne!(file_hash(&[]), file_hash(&[0]));
    }
}
