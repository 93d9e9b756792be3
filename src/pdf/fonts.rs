//! Fonts: which glyphs each font uses, the text each glyph stands for, and the font
//! objects of the PDF.
//!
//! Method. Each font the pages draw in is written here, on lopdf, as a composite font
//! (ISO 32000-1, 9.7): a Type0 font with the Identity-H encoding over one CIDFont, whose
//! descriptor carries the font's own metrics (read with ttf-parser), whose /W gives the
//! widths the content stream is kerned against, and whose program is a subset made with
//! `subsetter` (the subsetter Typst uses, made for PDF embedding): a TrueType program
//! (CIDFontType2) or, for CFF outlines, the bare CID-keyed CFF table (CIDFontType0). A
//! `/ToUnicode` CMap gives each glyph its text.
//!
//! Why not printpdf, which wrote these before: without its heavy `text_layout` feature it
//! does not subset, and it learns a font's widths and texts only from the glyphs it sees
//! drawn, so folio drew every glyph once on a page it then replaced, and patched the
//! /CapHeight it got wrong. A crate made for subsetting and some hundred lines of
//! dictionaries do the job directly.
//!
//! Glyph ids. `subsetter` renumbers the kept glyphs densely: .notdef stays 0, then the used
//! glyphs in ascending original order get 1, 2, ... (composite components it adds come after
//! them). The content stream is written with the new ids, which are also the CIDs: the
//! subset's glyph ids map to CIDs by identity (/CIDToGIDMap /Identity for TrueType; for CFF
//! outlines `subsetter` writes a CID-keyed font with the same identity). The `ABCDEF+` tag
//! comes from a hash of the glyph set, so the same book always gets the same names.
//!
//! ToUnicode maps a glyph to one text, but a glyph can stand for different texts (the first
//! glyph of a cluster carries the whole cluster's text; later glyphs carry none). Each glyph
//! therefore gets a canonical text, the non-empty text it stands for most often; `content.rs`
//! wraps the occurrences that disagree with it in /ActualText.

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};
use sha2::{Digest, Sha256};

use crate::page::{Layout, PageItem};

/// Marks an original glyph id that the book never uses.
const UNUSED: u16 = u16::MAX;

/// One font of the book: what the content stream needs (subset ids, widths, texts) and
/// what its font objects are made of.
pub(crate) struct SubsetFont {
    /// The font's resource name in the PDF (`F0`), deterministic.
    pub id: String,
    /// Its /BaseFont and /FontName: `ABCDEF+PostScriptName`.
    pub name: String,
    /// Original glyph id -> subset glyph id, or [`UNUSED`].
    remap: Vec<u16>,
    /// Per subset glyph: its /W width, in 1/1000 em. Kerns are computed against exactly
    /// these numbers, so the viewer's pen lands where the typesetter put it.
    widths: Vec<f64>,
    /// Per subset glyph: the canonical text (what ToUnicode says it is).
    texts: Vec<String>,
    /// The subset font program.
    program: Vec<u8>,
    /// Whether the outlines are CFF (the program a bare CID-keyed CFF table) rather than
    /// TrueType.
    cff: bool,
    metrics: Metrics,
}

/// The font descriptor's numbers (ISO 32000-1, 9.8), in 1/1000 em.
struct Metrics {
    ascent: i64,
    descent: i64,
    cap_height: i64,
    italic_angle: i64,
    stem_v: i64,
    bbox: [i64; 4],
    fixed_pitch: bool,
}

impl SubsetFont {
    /// The subset id, /W width and canonical text of an original glyph id used by the book.
    pub fn glyph(&self, original: u16) -> (u16, f64, &str) {
        // Every glyph id reaching here was collected by `prepare` from the same layout.
        let new = self.remap[usize::from(original)];
        debug_assert_ne!(new, UNUSED);
        let i = usize::from(new);
        (new, self.widths[i], &self.texts[i])
    }
}

/// The texts one original glyph stands for, with counts. A glyph almost always stands for
/// one or two texts, so a short vector beats a hash map here.
type Usage<'a> = Vec<(&'a str, u32)>;

/// Collects glyph usage over the whole layout and builds one subset per used font.
/// The result has one entry per layout font: None for a font no glyph is drawn in.
pub(crate) fn prepare(layout: &Layout) -> Result<Vec<Option<SubsetFont>>, String> {
    let mut glyph_counts = Vec::with_capacity(layout.fonts.len());
    for (i, font) in layout.fonts.iter().enumerate() {
        let face = ttf_parser::Face::parse(&font.data, font.index)
            .map_err(|e| format!("font {i} ({}): cannot parse: {e}", font.name))?;
        glyph_counts.push(face.number_of_glyphs());
    }

    // Per font, per original glyph id: the texts it stands for. Stays empty for a font no
    // glyph is drawn in, which is then not embedded.
    let mut usage: Vec<Vec<Usage<'_>>> = vec![Vec::new(); layout.fonts.len()];
    for (page_no, page) in layout.pages.iter().enumerate() {
        for item in super::all_items(&page.items) {
            let PageItem::Text(run) = item else { continue };
            if run.glyphs.is_empty() {
                continue;
            }
            let f = run.font.0;
            let Some(&count) = glyph_counts.get(f) else {
                return Err(format!(
                    "page {}: text run uses font {f}, but the layout has {} fonts",
                    page_no + 1,
                    layout.fonts.len()
                ));
            };
            let per_glyph = &mut usage[f];
            if per_glyph.is_empty() {
                per_glyph.resize_with(usize::from(count), Vec::new);
            }
            for g in &run.glyphs {
                let Some(texts) = per_glyph.get_mut(usize::from(g.id)) else {
                    return Err(format!(
                        "page {}: glyph id {} is not in font {f} ({}), which has {count} glyphs",
                        page_no + 1,
                        g.id,
                        layout.fonts[f].name
                    ));
                };
                match texts
                    .iter_mut()
                    .find(|(t, _)| t.as_bytes() == g.text.as_bytes())
                {
                    Some((_, n)) => *n += 1,
                    None => texts.push((g.text.as_str(), 1)),
                }
            }
        }
    }

    usage
        .iter()
        .enumerate()
        .map(|(i, per_glyph)| {
            if per_glyph.is_empty() {
                Ok(None)
            } else {
                subset_one(layout, i, per_glyph).map(Some)
            }
        })
        .collect()
}

/// The text a glyph stands for most often, a single character first (a glyph that ever
/// stands for one letter alone is that letter: a Devanagari consonant also met as the first
/// glyph of a cluster with a vowel sign or reph); ties go to the smaller text, so the choice
/// does not depend on the order glyphs were met in. Empty when it never stands for any text.
fn canonical<'a>(texts: &[(&'a str, u32)]) -> &'a str {
    let single = |t: &str| t.chars().nth(1).is_none();
    texts
        .iter()
        .filter(|(t, _)| !t.is_empty())
        .max_by(|(ta, na), (tb, nb)| {
            single(ta)
                .cmp(&single(tb))
                .then(na.cmp(nb))
                .then_with(|| tb.cmp(ta))
        })
        .map_or("", |(t, _)| t)
}

fn subset_one(
    layout: &Layout,
    index: usize,
    per_glyph: &[Usage<'_>],
) -> Result<SubsetFont, String> {
    let source = &layout.fonts[index];
    let what = || format!("font {index} ({})", source.name);
    let face = ttf_parser::Face::parse(&source.data, source.index)
        .map_err(|e| format!("{}: cannot parse: {e}", what()))?;

    // .notdef first, then the used glyphs ascending: subsetter numbers them in this order.
    let ids: Vec<u16> = std::iter::once(0)
        .chain(
            per_glyph
                .iter()
                .enumerate()
                .filter(|(gid, texts)| *gid != 0 && !texts.is_empty())
                .map(|(gid, _)| gid as u16),
        )
        .collect();
    let mut remapper = subsetter::GlyphRemapper::new();
    let mut remap = vec![UNUSED; per_glyph.len()];
    for &old in &ids {
        remap[usize::from(old)] = remapper.remap(old);
    }
    let mut program = subsetter::subset(&source.data, source.index, &remapper)
        .map_err(|e| format!("{}: cannot subset: {e}", what()))?;
    let cff = face.tables().cff.is_some();
    if cff {
        // CFF outlines are embedded as the bare CFF table, which subsetter has made
        // CID-keyed: /CIDFontType0C is allowed from PDF 1.3 (an OpenType program only from
        // 1.6, after PDF/X-1a's 1.4).
        program = ttf_parser::RawFace::parse(&program, 0)
            .ok()
            .and_then(|raw| raw.table(ttf_parser::Tag::from_bytes(b"CFF ")))
            .map(<[u8]>::to_vec)
            .ok_or_else(|| format!("{}: the subset has no CFF table", what()))?;
    }

    let upm = f32::from(face.units_per_em().max(1));
    let scale = |v: i16| (f32::from(v) * 1000.0 / upm).round() as i64;
    // Each advance scaled to 1/1000 em and truncated: the numbers printpdf wrote, so the
    // content streams did not change when the fonts came to be written here.
    let mut widths = vec![0.0; ids.len()];
    let mut texts = vec![String::new(); ids.len()];
    for &old in &ids {
        let new = usize::from(remap[usize::from(old)]);
        let Some(width) = widths.get_mut(new) else {
            return Err(format!("{}: glyph {old} renumbered to {new}", what()));
        };
        let advance = face
            .glyph_hor_advance(ttf_parser::GlyphId(old))
            .unwrap_or(0);
        *width = (f32::from(advance) * 1000.0 / upm) as i64 as f64;
        texts[new] = canonical(&per_glyph[usize::from(old)]).to_owned();
    }

    let ascent = scale(face.ascender());
    let bbox = face.global_bounding_box();
    let metrics = Metrics {
        ascent,
        descent: scale(face.descender()),
        cap_height: face.capital_height().map_or(ascent, scale),
        italic_angle: face.italic_angle().round() as i64,
        // No font table gives the stem width: the usual estimate from the weight class
        // (88 at 400, 166 at 700).
        stem_v: 50
            + (f32::from(face.weight().to_number()) / 65.0)
                .powi(2)
                .round() as i64,
        bbox: [bbox.x_min, bbox.y_min, bbox.x_max, bbox.y_max].map(scale),
        fixed_pitch: face.is_monospaced(),
    };
    Ok(SubsetFont {
        id: format!("F{index}"),
        name: format!("{}+{}", subset_tag(source, &ids), ps_name(source, index)),
        remap,
        widths,
        texts,
        program,
        cff,
        metrics,
    })
}

/// Adds the font's objects to `doc` and returns the id of its Type0 font dictionary.
pub(crate) fn write(doc: &mut Document, font: &SubsetFont) -> ObjectId {
    use Object::{Array, Integer, Name, Reference};
    let name = || Name(font.name.clone().into_bytes());
    let m = &font.metrics;

    // The program is compressed with the other streams in `fixup`. A TrueType program's
    // /Length1 is its length before that (ISO 32000-1, table 127); a CID-keyed CFF program
    // is named by its subtype (table 126).
    let (file_key, program_dict) = if font.cff {
        (
            "FontFile3",
            Dictionary::from_iter(vec![("Subtype", Name(b"CIDFontType0C".to_vec()))]),
        )
    } else {
        (
            "FontFile2",
            Dictionary::from_iter(vec![("Length1", Integer(font.program.len() as i64))]),
        )
    };
    let program = doc.add_object(Stream::new(program_dict, font.program.clone()));

    // Flags (table 123): symbolic, since glyphs are reached by id and not through a Latin
    // encoding; italic when the face slants.
    let flags = 4 | i64::from(m.fixed_pitch) | if m.italic_angle != 0 { 64 } else { 0 };
    let descriptor = doc.add_object(Dictionary::from_iter(vec![
        ("Type", Name(b"FontDescriptor".to_vec())),
        ("FontName", name()),
        ("Flags", Integer(flags)),
        (
            "FontBBox",
            Array(m.bbox.iter().map(|v| Integer(*v)).collect()),
        ),
        ("ItalicAngle", Integer(m.italic_angle)),
        ("Ascent", Integer(m.ascent)),
        ("Descent", Integer(m.descent)),
        ("CapHeight", Integer(m.cap_height)),
        ("StemV", Integer(m.stem_v)),
        (file_key, Reference(program)),
    ]));

    // The subset ids run from 0 without gaps: one run of widths.
    let widths = Array(vec![
        Integer(0),
        Array(font.widths.iter().map(|w| Integer(*w as i64)).collect()),
    ]);
    let literal = |s: &str| Object::String(s.as_bytes().to_vec(), StringFormat::Literal);
    let subtype: &[u8] = if font.cff {
        b"CIDFontType0"
    } else {
        b"CIDFontType2"
    };
    let mut cid_font = Dictionary::from_iter(vec![
        ("Type", Name(b"Font".to_vec())),
        ("Subtype", Name(subtype.to_vec())),
        ("BaseFont", name()),
        (
            "CIDSystemInfo",
            Object::Dictionary(Dictionary::from_iter(vec![
                ("Registry", literal("Adobe")),
                ("Ordering", literal("Identity")),
                ("Supplement", Integer(0)),
            ])),
        ),
        ("FontDescriptor", Reference(descriptor)),
        ("W", widths),
    ]);
    if !font.cff {
        cid_font.set("CIDToGIDMap", Name(b"Identity".to_vec()));
    }
    let cid_font = doc.add_object(cid_font);
    let to_unicode = doc.add_object(Stream::new(Dictionary::new(), to_unicode(&font.texts)));
    doc.add_object(Dictionary::from_iter(vec![
        ("Type", Name(b"Font".to_vec())),
        ("Subtype", Name(b"Type0".to_vec())),
        ("BaseFont", name()),
        ("Encoding", Name(b"Identity-H".to_vec())),
        ("DescendantFonts", Array(vec![Reference(cid_font)])),
        ("ToUnicode", Reference(to_unicode)),
    ]))
}

/// The ToUnicode CMap (ISO 32000-1, 9.10.3): each subset glyph id that stands for a text,
/// to that text in UTF-16BE.
fn to_unicode(texts: &[String]) -> Vec<u8> {
    use std::fmt::Write;
    let mut out = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let entries: Vec<(usize, &String)> = texts
        .iter()
        .enumerate()
        .filter(|(_, t)| !t.is_empty())
        .collect();
    // At most 100 entries to a block (the CMap format's limit).
    for block in entries.chunks(100) {
        let _ = writeln!(out, "{} beginbfchar", block.len());
        for (gid, text) in block {
            let _ = write!(out, "<{gid:04X}> <");
            for unit in text.encode_utf16() {
                let _ = write!(out, "{unit:04X}");
            }
            out.push_str(">\n");
        }
        out.push_str("endbfchar\n");
    }
    out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out.into_bytes()
}

/// Six capital letters naming this subset (ISO 32000-1, 9.6.4), from the font and glyph set.
fn subset_tag(source: &crate::page::EmbeddedFont, ids: &[u16]) -> String {
    let mut hash = Sha256::new();
    hash.update(source.name.as_bytes());
    hash.update((source.data.len() as u64).to_be_bytes());
    for id in ids {
        hash.update(id.to_be_bytes());
    }
    hash.finalize()[..6]
        .iter()
        .map(|b| char::from(b'A' + b % 26))
        .collect()
}

/// The font's name made safe for a PDF name object: no white space or delimiters.
fn ps_name(source: &crate::page::EmbeddedFont, index: usize) -> String {
    let name: String = source
        .name
        .chars()
        .filter(|c| c.is_ascii_graphic() && !"()<>[]{}/%#".contains(*c))
        .collect();
    if name.is_empty() {
        format!("Font{index}")
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn canonical_is_the_most_frequent_nonempty_text() {
        assert_eq!(canonical(&[("", 9), ("e", 2), ("é", 3)]), "é");
        assert_eq!(canonical(&[("", 4)]), "");
        // A tie goes to the smaller text whatever the order.
        assert_eq!(canonical(&[("b", 2), ("a", 2)]), "a");
        assert_eq!(canonical(&[("a", 2), ("b", 2)]), "a");
        // A consonant met once alone and once as the first glyph of a cluster with a reph
        // (which sorts before it) is the consonant.
        assert_eq!(
            canonical(&[("\u{930}\u{94d}\u{936}", 1), ("\u{936}", 1)]),
            "\u{936}"
        );
    }

    /// A glyph's drawing as text, to compare a glyph across fonts.
    fn outline(face: &ttf_parser::Face<'_>, id: ttf_parser::GlyphId) -> String {
        struct Pen(String);
        impl ttf_parser::OutlineBuilder for Pen {
            fn move_to(&mut self, x: f32, y: f32) {
                self.0 += &format!("M{x} {y}");
            }
            fn line_to(&mut self, x: f32, y: f32) {
                self.0 += &format!("L{x} {y}");
            }
            fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
                self.0 += &format!("Q{x1} {y1} {x} {y}");
            }
            fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
                self.0 += &format!("C{x1} {y1} {x2} {y2} {x} {y}");
            }
            fn close(&mut self) {
                self.0 += "Z";
            }
        }
        let mut pen = Pen(String::new());
        face.outline_glyph(id, &mut pen);
        pen.0
    }

    #[test]
    fn subsets_of_every_book_font_keep_outlines_and_advances() {
        for style in ["Regular", "Italic", "Bold", "BoldItalic"] {
            let path = format!(
                "{}/fonts/EBGaramond-{style}.ttf",
                env!("CARGO_MANIFEST_DIR")
            );
            let data = std::fs::read(path).unwrap();
            let original = ttf_parser::Face::parse(&data, 0).unwrap();
            // Composite glyphs (é, Å) and a ligature, whose components the subsetter must add.
            let mut ids: Vec<u16> = "Hamburgefontsiv éÅ—"
                .chars()
                .map(|c| original.glyph_index(c).unwrap().0)
                .chain(original.glyph_index('\u{FB01}').map(|g| g.0))
                .collect();
            ids.sort_unstable();
            ids.dedup();
            ids.insert(0, 0);
            let mut remapper = subsetter::GlyphRemapper::new();
            for id in &ids {
                remapper.remap(*id);
            }
            let bytes = subsetter::subset(&data, 0, &remapper).unwrap();
            let subset = ttf_parser::Face::parse(&bytes, 0).unwrap();
            assert!(
                subset.number_of_glyphs() < 40,
                "{style}: {}",
                subset.number_of_glyphs()
            );
            for (new, old) in ids.iter().enumerate() {
                let (new, old) = (ttf_parser::GlyphId(new as u16), ttf_parser::GlyphId(*old));
                assert_eq!(
                    outline(&subset, new),
                    outline(&original, old),
                    "{style} {old:?}"
                );
                assert_eq!(
                    subset.glyph_hor_advance(new),
                    original.glyph_hor_advance(old),
                    "{style} {old:?}"
                );
            }
        }
    }

    #[test]
    fn ps_name_drops_delimiters_and_spaces() {
        let font = crate::page::EmbeddedFont {
            name: "EB Garamond (Regular)/x".into(),
            data: Arc::new(Vec::new()),
            index: 0,
        };
        assert_eq!(ps_name(&font, 0), "EBGaramondRegularx");
        let empty = crate::page::EmbeddedFont {
            name: " ".into(),
            data: Arc::new(Vec::new()),
            index: 0,
        };
        assert_eq!(ps_name(&empty, 3), "Font3");
    }
}
