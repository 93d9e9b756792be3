//! Fonts: which glyphs each font uses, the text each glyph stands for, and the subset font
//! program handed to printpdf.
//!
//! Method. printpdf 0.12 only subsets with its `text_layout` feature, which we leave off (it
//! pulls a whole layout engine); without it `subset_fonts: true` silently embeds the complete
//! font under a random name. So we subset here with allsorts, the subsetter printpdf itself
//! would have called: glyphs are renumbered densely (.notdef first, then the used glyphs in
//! ascending original order; allsorts appends composite components after them), and the
//! content stream is written with the new ids. printpdf then embeds the bytes it is given as
//! they are (CIDFontType2, /FontFile2, /W from the subset's hmtx, /ToUnicode from the texts we
//! attach to each glyph). The `ABCDEF+` tag comes from a hash of the glyph set, so the same
//! book always gets the same names.
//!
//! ToUnicode maps a glyph to one text, but a glyph can stand for different texts (the first
//! glyph of a cluster carries the whole cluster's text; later glyphs carry none). Each glyph
//! therefore gets a canonical text, the non-empty text it stands for most often; `content.rs`
//! wraps the occurrences that disagree with it in /ActualText.

use printpdf::{Codepoint, FontId as PdfFontId, ParsedFont, PdfFont};
use sha2::{Digest, Sha256};

use crate::page::{Layout, PageItem};

/// Marks an original glyph id that the book never uses.
const UNUSED: u16 = u16::MAX;

/// One font of the book as the content stream needs it: subset ids, widths, texts.
pub(crate) struct SubsetFont {
    /// The font's resource name in the PDF (`/F0`), deterministic.
    pub id: PdfFontId,
    /// Its /BaseFont and /FontName: `ABCDEF+PostScriptName`.
    pub name: String,
    /// Capital height in 1/1000 em, when the font says.
    pub cap_height: Option<i64>,
    /// Original glyph id -> subset glyph id, or [`UNUSED`].
    remap: Vec<u16>,
    /// Per subset glyph: the advance printpdf writes to /W, in 1/1000 em. Kerns are computed
    /// against exactly these numbers, so the viewer's pen lands where the typesetter put it.
    widths: Vec<f64>,
    /// Per subset glyph: the canonical text (what ToUnicode says it is).
    texts: Vec<String>,
    /// Whether .notdef is drawn (the other subset glyphs all are).
    notdef_drawn: bool,
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

    /// Every glyph the pages draw in this font, once, with its canonical text: what printpdf
    /// needs to see to write the font's /W and /ToUnicode (it learns them from the glyphs
    /// shown; the pages' own content streams are written by `content.rs`).
    pub fn inventory(&self) -> Vec<Codepoint> {
        let first = if self.notdef_drawn { 0 } else { 1 };
        (first..self.texts.len())
            .map(|gid| Codepoint {
                gid: gid as u16,
                offset: 0.0,
                cid: Some(self.texts[gid].clone()),
            })
            .collect()
    }
}

/// Everything `prepare` hands on: per layout font, its subset (None when unused), and the
/// printpdf fonts to register.
pub(crate) struct Prepared {
    pub fonts: Vec<Option<SubsetFont>>,
    pub pdf_fonts: Vec<(PdfFontId, PdfFont)>,
}

/// The texts one original glyph stands for, with counts. A glyph almost always stands for
/// one or two texts, so a short vector beats a hash map here.
type Usage<'a> = Vec<(&'a str, u32)>;

/// Collects glyph usage over the whole layout and builds one subset per used font.
pub(crate) fn prepare(layout: &Layout) -> Result<Prepared, String> {
    let mut glyph_counts = Vec::with_capacity(layout.fonts.len());
    for (i, font) in layout.fonts.iter().enumerate() {
        let face = ttf_parser::Face::parse(&font.data, 0)
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

    let mut fonts = Vec::with_capacity(layout.fonts.len());
    let mut pdf_fonts = Vec::new();
    for (i, per_glyph) in usage.iter().enumerate() {
        if per_glyph.is_empty() {
            fonts.push(None);
            continue;
        }
        let (font, pdf_font) = subset_one(layout, i, per_glyph)?;
        pdf_fonts.push((font.id.clone(), pdf_font));
        fonts.push(Some(font));
    }
    Ok(Prepared { fonts, pdf_fonts })
}

/// The text a glyph stands for most often; ties go to the smaller text, so the choice does
/// not depend on the order glyphs were met in. Empty when it never stands for any text.
fn canonical<'a>(texts: &[(&'a str, u32)]) -> &'a str {
    texts
        .iter()
        .filter(|(t, _)| !t.is_empty())
        .max_by(|(ta, na), (tb, nb)| na.cmp(nb).then_with(|| tb.cmp(ta)))
        .map_or("", |(t, _)| t)
}

fn subset_one(
    layout: &Layout,
    index: usize,
    per_glyph: &[Usage<'_>],
) -> Result<(SubsetFont, PdfFont), String> {
    let source = &layout.fonts[index];
    let what = || format!("font {index} ({})", source.name);

    // .notdef must come first (allsorts requires it); the rest ascending, no duplicates.
    let ids: Vec<u16> = std::iter::once(0)
        .chain(
            per_glyph
                .iter()
                .enumerate()
                .filter(|(gid, texts)| *gid != 0 && !texts.is_empty())
                .map(|(gid, _)| gid as u16),
        )
        .collect();
    let bytes = subset_program(&source.data, &ids).map_err(|e| format!("{}: {e}", what()))?;

    let mut warnings = Vec::new();
    let mut parsed = ParsedFont::from_bytes(&bytes, 0, &mut warnings)
        .ok_or_else(|| format!("{}: the subset font does not parse", what()))?;
    let name = format!("{}+{}", subset_tag(source, &ids), ps_name(source, index));
    parsed.font_name = Some(name.clone());
    // printpdf (without `text_layout`) writes the ascent as /CapHeight; fixup.rs puts the
    // real one (OS/2 sCapHeight, in 1/1000 em) in its place.
    let cap_height = ttf_parser::Face::parse(&source.data, 0)
        .ok()
        .and_then(|face| {
            let upm = f64::from(face.units_per_em());
            face.capital_height()
                .map(|h| (f64::from(h) * 1000.0 / upm).round() as i64)
        });

    // printpdf's /W entry for a glyph: hmtx advance scaled to 1000/em, truncated (see
    // printpdf serialize.rs get_scaled_glyph_width); missing advances count as 0.
    let upm = f32::from(parsed.pdf_font_metrics.units_per_em.max(1));
    let widths = (0..ids.len() as u16)
        .map(|gid| {
            let w = parsed.get_glyph_width(gid).unwrap_or(0);
            (f32::from(w) * 1000.0 / upm) as i64 as f64
        })
        .collect();

    let mut remap = vec![UNUSED; per_glyph.len()];
    let mut texts = Vec::with_capacity(ids.len());
    for (new, &old) in ids.iter().enumerate() {
        remap[usize::from(old)] = new as u16;
        texts.push(canonical(&per_glyph[usize::from(old)]).to_owned());
    }

    let font = SubsetFont {
        id: PdfFontId(format!("F{index}")),
        name,
        cap_height,
        remap,
        widths,
        texts,
        notdef_drawn: per_glyph.first().is_some_and(|t| !t.is_empty()),
    };
    Ok((font, PdfFont::new(parsed)))
}

/// A TrueType (glyf) or CFF font program reduced to `ids`, renumbered by position in `ids`.
fn subset_program(data: &[u8], ids: &[u16]) -> Result<Vec<u8>, String> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{subset, CmapTarget, SubsetProfile};
    use allsorts::tag;

    let file = ReadScope::new(data)
        .read::<FontData<'_>>()
        .map_err(|e| format!("cannot read font: {e}"))?;
    let provider = file
        .table_provider(0)
        .map_err(|e| format!("cannot read font: {e}"))?;
    // allsorts' PDF profile plus OS/2, whose weight class printpdf turns into /StemV.
    let profile = SubsetProfile::Custom(vec![
        tag::CMAP,
        tag::HEAD,
        tag::CVT,
        tag::FPGM,
        tag::HHEA,
        tag::HMTX,
        tag::MAXP,
        tag::NAME,
        tag::OS_2,
        tag::POST,
        tag::PREP,
    ]);
    subset(&provider, ids, &profile, CmapTarget::Unicode).map_err(|e| format!("cannot subset: {e}"))
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
            // Composite glyphs (é, Å) and a ligature, whose components allsorts must add.
            let mut ids: Vec<u16> = "Hamburgefontsiv éÅ—"
                .chars()
                .map(|c| original.glyph_index(c).unwrap().0)
                .chain(original.glyph_index('\u{FB01}').map(|g| g.0))
                .collect();
            ids.sort_unstable();
            ids.dedup();
            ids.insert(0, 0);
            let bytes = subset_program(&data, &ids).unwrap();
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
            // printpdf reads the subset back for its widths and metrics.
            let mut warnings = Vec::new();
            assert!(ParsedFont::from_bytes(&bytes, 0, &mut warnings).is_some());
        }
    }

    #[test]
    fn ps_name_drops_delimiters_and_spaces() {
        let font = crate::page::EmbeddedFont {
            name: "EB Garamond (Regular)/x".into(),
            data: Arc::new(Vec::new()),
        };
        assert_eq!(ps_name(&font, 0), "EBGaramondRegularx");
        let empty = crate::page::EmbeddedFont {
            name: " ".into(),
            data: Arc::new(Vec::new()),
        };
        assert_eq!(ps_name(&empty, 3), "Font3");
    }
}
