//! The book's four faces (regular, italic, bold, bold italic): loading, metrics and glyph
//! coverage.
//!
//! Method: each face's bytes are held once in an `Arc<Vec<u8>>` (shared with the PDF writer,
//! which embeds the same bytes) and parsed once up front with ttf-parser to check that they
//! are a usable font and to read the metrics the engine needs. Shaping (see `shape.rs`)
//! borrows the bytes to build a `rustybuzz::Face` for a batch of words; building one only
//! reads the table directory (a few microseconds, measured by
//! `face_is_cheap_to_rebuild`), so no self-referential struct or `unsafe` is needed to keep
//! parsed faces alive. Coverage of the Basic Multilingual Plane (every script a book is
//! likely to hold, and the typographic punctuation of U+2000..U+206F that is in every line)
//! is precomputed as a bitset from the font's character map (read segment by segment for the
//! common formats, see [`cover_subtable`]), so the per-character fallback check in
//! `paragraph/words.rs` and the coverage check of the whole text are a table look-up
//! rather than a cmap search.
//!
//! The built-in default is EB Garamond 1.003 (SIL Open Font License), compiled in. A book's
//! own `fonts/` replaces it: the loader identifies each face by its tables (family, weight,
//! italic), and [`choose`] picks the four from those, never from file names.

use std::sync::Arc;

use crate::manuscript::FontFace;
use crate::page::{EmbeddedFont, FontId};

/// One of the four faces of a book's type family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Style {
    Regular,
    Italic,
    Bold,
    BoldItalic,
}

impl Style {
    /// All four, in [`FontId`] order.
    pub const ALL: [Style; 4] = [
        Style::Regular,
        Style::Italic,
        Style::Bold,
        Style::BoldItalic,
    ];

    /// The face for a combination of emphasis (italic) and strong (bold).
    pub fn new(italic: bool, bold: bool) -> Style {
        match (italic, bold) {
            (false, false) => Style::Regular,
            (true, false) => Style::Italic,
            (false, true) => Style::Bold,
            (true, true) => Style::BoldItalic,
        }
    }

    /// Position in [`FontSet`] and thus the [`FontId`] index.
    pub fn index(self) -> usize {
        self as usize
    }

    /// "regular", "bold italic": for messages.
    pub fn label(self) -> &'static str {
        match self {
            Style::Regular => "regular",
            Style::Italic => "italic",
            Style::Bold => "bold",
            Style::BoldItalic => "bold italic",
        }
    }
}

/// A face's vertical metrics, in points at the size asked for (or in font units from
/// [`FontSet::units_metrics`]). `descender` is negative: below the baseline, as in the font.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Metrics {
    pub units_per_em: u16,
    pub ascender: f32,
    pub descender: f32,
    pub line_gap: f32,
    pub cap_height: f32,
    pub x_height: f32,
}

/// The regional standard a CJK face draws Han characters by: 直 and 骨 have one form in
/// Japan and another in mainland China, Taiwan and Hong Kong each have their own. Fonts made
/// for all of them come one face per region (Noto CJK's collections: "Noto Serif CJK JP",
/// "... SC", "... TC", "... HK", "... KR"), so a text's language picks the face first; the
/// shaper's `locl` lookups, by the same language, then correct any form the face draws
/// otherwise by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Region {
    Japan,
    Korea,
    Simplified,
    Traditional,
    HongKong,
}

impl Region {
    /// The region of a BCP 47 tag: `ja`, `ko`, `zh-Hans`/`zh-CN`/`zh`, `zh-Hant`/`zh-TW`,
    /// `zh-HK`; `None` for a language written without Han characters.
    pub fn of_language(tag: &str) -> Option<Region> {
        let lower = tag.to_ascii_lowercase();
        let mut subtags = lower.split(['-', '_']);
        match subtags.next()? {
            "ja" => Some(Region::Japan),
            "ko" => Some(Region::Korea),
            "zh" | "yue" | "cmn" => {
                let rest: Vec<&str> = subtags.collect();
                let has = |s: &str| rest.contains(&s);
                Some(if has("hk") || has("mo") {
                    Region::HongKong
                } else if has("hant") || has("tw") {
                    Region::Traditional
                } else {
                    Region::Simplified
                })
            }
            _ => None,
        }
    }

    /// The region a face's family name ends in, as the pan-CJK families name theirs
    /// (Noto's "JP", "KR", "SC", "TC", "HK"; Source Han's "J", "K").
    fn of_family(family: &str) -> Option<Region> {
        match family.rsplit(' ').next()? {
            "JP" | "J" => Some(Region::Japan),
            "KR" | "K" => Some(Region::Korea),
            "SC" => Some(Region::Simplified),
            "TC" => Some(Region::Traditional),
            "HK" => Some(Region::HongKong),
            _ => None,
        }
    }
}

/// Characters covered by the coverage bitset: the Basic Multilingual Plane (8 KiB a face).
const COVERAGE_FAST_LIMIT: u32 = 0x10000;

/// One face: its bytes, its name and what was read from it once.
#[derive(Debug)]
struct Face {
    /// The font file; a collection's face is read from it by [`Face::index`].
    data: Arc<Vec<u8>>,
    index: u32,
    name: String,
    metrics: Metrics,
    /// Bit `c` set when the face maps char `c` (below [`COVERAGE_FAST_LIMIT`]) to a glyph.
    coverage: Vec<u64>,
}

impl Face {
    /// `label` names the face in messages ("regular", "fallback").
    fn parse((data, index): (Arc<Vec<u8>>, u32), label: &str) -> Result<Face, String> {
        let parsed = ttf_parser::Face::parse(&data, index).map_err(|e| {
            format!(
                "the {label} font could not be read ({e}); give a TrueType or OpenType (.ttf/.otf) file"
            )
        })?;
        if parsed.tables().cmap.is_none() {
            return Err(format!(
                "the {label} font has no character map (cmap); give a font made for text"
            ));
        }
        let upem = parsed.units_per_em();
        // Fonts without an OS/2 cap/x height: estimate from typical book faces
        // (caps ~0.65 em, x-height ~0.42 em) rather than fail.
        let cap = parsed
            .capital_height()
            .map(f32::from)
            .unwrap_or(0.65 * upem as f32);
        let xh = parsed
            .x_height()
            .map(f32::from)
            .unwrap_or(0.42 * upem as f32);
        let metrics = Metrics {
            units_per_em: upem,
            ascender: parsed.ascender() as f32,
            descender: parsed.descender() as f32,
            line_gap: parsed.line_gap() as f32,
            cap_height: cap,
            x_height: xh,
        };
        // The code points each Unicode subtable lists, confirmed by that subtable (a listed
        // code point may still map to nothing): `glyph_index`, which `has_glyph` asks beyond
        // the bitset, answers from the first Unicode subtable that maps the character, so
        // the union over the subtables says the same for every character.
        let mut coverage = vec![0u64; (COVERAGE_FAST_LIMIT / 64) as usize];
        if let Some(cmap) = parsed.tables().cmap {
            let raw = parsed
                .raw_face()
                .table(ttf_parser::Tag::from_bytes(b"cmap"))
                .unwrap_or_default();
            for (index, subtable) in cmap.subtables.into_iter().enumerate() {
                if subtable.is_unicode() {
                    cover_subtable(&mut coverage, raw, index, &subtable);
                }
            }
        }
        // Format 4's closing segment maps U+FFFF without listing it as a code point.
        if parsed.glyph_index('\u{FFFF}').is_some() {
            coverage[(0xFFFF / 64) as usize] |= 1 << (0xFFFF % 64);
        }
        let name = postscript_name(&parsed).unwrap_or_else(|| format!("Folio-{label}"));
        Ok(Face {
            name,
            metrics,
            coverage,
            data,
            index,
        })
    }

    fn has_glyph(&self, c: char) -> bool {
        let u = c as u32;
        if u < COVERAGE_FAST_LIMIT {
            return self.coverage[(u / 64) as usize] & (1 << (u % 64)) != 0;
        }
        ttf_parser::Face::parse(&self.data, self.index)
            .ok()
            .and_then(|f| f.glyph_index(c))
            .is_some()
    }
}

/// Sets the bit of every BMP character that `subtable` (record `index` of the `cmap` table
/// `raw`) lists and maps to a glyph, as its `glyph_index` would answer.
///
/// Asking `glyph_index` for each listed character is a binary search apiece, and a face lists
/// thousands (it showed in the profile of every build). Formats 4 and 12, nearly every font's,
/// are read here straight from their segments: when the segments are sorted and disjoint (as
/// the format requires), the search for a character can only land on the segment listing it,
/// so the answer follows from that segment alone. Any other format or shape of table takes
/// the search, character by character.
fn cover_subtable(
    coverage: &mut [u64],
    raw: &[u8],
    index: usize,
    subtable: &ttf_parser::cmap::Subtable,
) {
    use ttf_parser::cmap::Format;
    let data = (|| {
        let record = 4 + 8 * index;
        let offset = u32::from_be_bytes(raw.get(record + 4..record + 8)?.try_into().ok()?);
        raw.get(usize::try_from(offset).ok()?..)
    })();
    let read = match (&subtable.format, data) {
        (Format::SegmentMappingToDeltaValues(_), Some(data)) => cover_format4(coverage, data),
        (Format::SegmentedCoverage(_), Some(data)) => cover_format12(coverage, data),
        _ => None,
    };
    if read.is_none() {
        subtable.codepoints(|c| {
            if c < COVERAGE_FAST_LIMIT && subtable.glyph_index(c).is_some() {
                coverage[(c / 64) as usize] |= 1 << (c % 64);
            }
        });
    }
}

fn be16(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn be32(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

/// Whether `(start, end)` segments, in table order, are each non-empty, ascending and apart.
fn sorted_and_disjoint(mut segments: impl Iterator<Item = Option<(u32, u32)>>) -> Option<()> {
    let mut previous_end = None;
    segments.try_for_each(|segment| {
        let (start, end) = segment?;
        (start <= end && previous_end.is_none_or(|p| start > p)).then_some(())?;
        previous_end = Some(end);
        Some(())
    })
}

/// Format 4 (segment mapping to delta values). `None` (having set nothing) if the table is
/// not as the format requires.
fn cover_format4(coverage: &mut [u64], data: &[u8]) -> Option<()> {
    let segments = usize::from(be16(data, 6)? / 2);
    if segments == 0 {
        return None;
    }
    let ends = 14;
    let starts = ends + 2 * segments + 2;
    let deltas = starts + 2 * segments;
    let offsets = deltas + 2 * segments;
    be16(data, offsets + 2 * (segments - 1))?;
    let segment = |i: usize| -> (u16, u16) {
        let at = |base: usize| be16(data, base + 2 * i).unwrap_or_default();
        (at(starts), at(ends))
    };
    sorted_and_disjoint((0..segments).map(|i| {
        let (start, end) = segment(i);
        Some((u32::from(start), u32::from(end)))
    }))?;
    for i in 0..segments {
        let (start, end) = segment(i);
        // The closing segment: where listing stops.
        if start == 0xFFFF && end == 0xFFFF {
            break;
        }
        let range_offset = be16(data, offsets + 2 * i)?;
        for c in start..=end {
            let mapped = match range_offset {
                0 => true,
                0xFFFF => false,
                _ => {
                    // Into the glyph id array, in 16-bit offset arithmetic as the format's
                    // readers do; 0 there is "no glyph".
                    let delta = u16::try_from((u32::from(c) - u32::from(start)) * 2).ok();
                    delta
                        .map(|d| {
                            ((offsets + 2 * i) as u16)
                                .wrapping_add(d)
                                .wrapping_add(range_offset)
                        })
                        .and_then(|pos| be16(data, usize::from(pos)))
                        .is_some_and(|glyph| glyph != 0)
                }
            };
            if mapped {
                coverage[usize::from(c / 64)] |= 1 << (c % 64);
            }
        }
    }
    Some(())
}

/// Format 12 (segmented coverage). `None` (having set nothing) if the table is not as the
/// format requires.
fn cover_format12(coverage: &mut [u64], data: &[u8]) -> Option<()> {
    let count = usize::try_from(be32(data, 12)?).ok()?;
    let group = |i: usize| -> Option<(u32, u32, u32)> {
        let at = 16 + 12 * i;
        Some((be32(data, at)?, be32(data, at + 4)?, be32(data, at + 8)?))
    };
    sorted_and_disjoint((0..count).map(|i| group(i).map(|(start, end, _)| (start, end))))?;
    for i in 0..count {
        let (start, end, first_glyph) = group(i)?;
        if start >= COVERAGE_FAST_LIMIT {
            // Sorted: the rest lie beyond the bitset too.
            break;
        }
        for c in start..=end.min(COVERAGE_FAST_LIMIT - 1) {
            let glyph = first_glyph
                .checked_add(c)
                .and_then(|g| g.checked_sub(start));
            if glyph.is_some_and(|g| g <= 0xFFFF) {
                coverage[(c / 64) as usize] |= 1 << (c % 64);
            }
        }
    }
    Some(())
}

fn postscript_name(face: &ttf_parser::Face) -> Option<String> {
    face.names()
        .into_iter()
        .find(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME && n.is_unicode())
        .and_then(|n| n.to_string())
        .filter(|s| !s.is_empty())
}

/// A face of a [`FontSet`]: the four body styles first (in [`Style::ALL`] order, so a
/// `Style` converts), then the fallback chain. Also the page model's [`FontId`] index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FaceId(pub u16);

impl From<Style> for FaceId {
    fn from(style: Style) -> FaceId {
        FaceId(style.index() as u16)
    }
}

impl FaceId {
    pub fn index(self) -> usize {
        usize::from(self.0)
    }
}

/// The book's faces, parsed once: the body family's four, then the fallback faces in the
/// order they are tried for a character the body lacks. Cheap to share: wrap it in an `Arc`.
#[derive(Debug)]
pub struct FontSet {
    faces: Vec<Face>,
    /// The union of the faces' coverage bitsets: a character some face can print.
    any_face: Vec<u64>,
    /// The union of the four body faces' bitsets: most characters stop here.
    body: Vec<u64>,
    /// Each fallback face's family, for messages (index `i` is face `4 + i`).
    fallback_families: Vec<String>,
    /// Each fallback face's region, by its family's name ([`Region::of_family`]).
    fallback_regions: Vec<Option<Region>>,
}

static BUILTIN: [&[u8]; 4] = [
    include_bytes!("../../fonts/EBGaramond-Regular.ttf"),
    include_bytes!("../../fonts/EBGaramond-Italic.ttf"),
    include_bytes!("../../fonts/EBGaramond-Bold.ttf"),
    include_bytes!("../../fonts/EBGaramond-BoldItalic.ttf"),
];

/// The built-in faces as font programs.
fn builtin_programs() -> [(Arc<Vec<u8>>, u32); 4] {
    BUILTIN.map(|b| (Arc::new(b.to_vec()), 0))
}

impl FontSet {
    /// EB Garamond, compiled into folio.
    pub fn builtin() -> FontSet {
        // The compiled-in fonts are known good; a failure here is a broken build.
        FontSet::from_programs(builtin_programs(), Vec::new())
            .expect("built-in EB Garamond fonts parse")
    }

    /// A book's own fonts, one file for each face. The error says which face is unusable.
    pub fn from_files(
        regular: Vec<u8>,
        italic: Vec<u8>,
        bold: Vec<u8>,
        bold_italic: Vec<u8>,
    ) -> Result<FontSet, String> {
        FontSet::from_programs(
            [regular, italic, bold, bold_italic].map(|f| (Arc::new(f), 0)),
            Vec::new(),
        )
        .map_err(|e| e.0)
    }

    /// The book's faces (see [`choose`]): its body family's four, or EB Garamond's when
    /// fonts/ holds no face for Latin text (`Choice` is then `None`), and every other family
    /// as a fallback, in `order` (`print.fonts`) first, then in file order. The error names
    /// the face (its index in `faces`) that failed.
    pub fn from_book(
        faces: &[FontFace],
        order: &[String],
    ) -> Result<(FontSet, Option<Choice>), (String, usize)> {
        let choice = choose(faces, order);
        let body_family = choice.map(|c| faces[c.faces[0]].family.as_str());
        let programs = match choice {
            Some(c) => Style::ALL.map(|s| {
                let face = &faces[c.faces[s.index()]];
                (Arc::clone(&face.data), face.index)
            }),
            None => builtin_programs(),
        };
        let fallbacks = fallback_faces(faces, order, body_family);
        let fallback_programs = fallbacks
            .iter()
            .map(|&i| {
                (
                    Arc::clone(&faces[i].data),
                    faces[i].index,
                    faces[i].family.clone(),
                )
            })
            .collect();
        let set = FontSet::from_programs(programs, fallback_programs).map_err(|(e, k)| {
            let face = match (k, choice) {
                (k, Some(c)) if k < 4 => c.faces[k],
                (k, _) => fallbacks.get(k.wrapping_sub(4)).copied().unwrap_or(0),
            };
            (e, face)
        })?;
        Ok((set, choice))
    }

    /// Four body faces (a font file and the face's index in it), in [`Style::ALL`] order,
    /// then the fallbacks with their family names; the error gives the failing face's
    /// [`FaceId`] index.
    fn from_programs(
        programs: [(Arc<Vec<u8>>, u32); 4],
        fallbacks: Vec<(Arc<Vec<u8>>, u32, String)>,
    ) -> Result<FontSet, (String, usize)> {
        let mut faces = Vec::with_capacity(4 + fallbacks.len());
        for (k, (program, style)) in programs.into_iter().zip(Style::ALL).enumerate() {
            faces.push(Face::parse(program, style.label()).map_err(|e| (e, k))?);
        }
        let mut fallback_families = Vec::new();
        for (k, (data, index, family)) in fallbacks.into_iter().enumerate() {
            faces.push(Face::parse((data, index), "fallback").map_err(|e| (e, 4 + k))?);
            fallback_families.push(family);
        }
        let union = |faces: &[Face]| -> Vec<u64> {
            (0..faces[0].coverage.len())
                .map(|i| faces.iter().fold(0, |bits, f| bits | f.coverage[i]))
                .collect()
        };
        let fallback_regions = fallback_families
            .iter()
            .map(|f| Region::of_family(f))
            .collect();
        Ok(FontSet {
            any_face: union(&faces),
            body: union(&faces[..4]),
            faces,
            fallback_families,
            fallback_regions,
        })
    }

    /// How many faces (body and fallbacks): [`FaceId`]s run below this.
    pub fn len(&self) -> usize {
        self.faces.len()
    }

    /// Never: a set has its four body faces.
    pub fn is_empty(&self) -> bool {
        self.faces.is_empty()
    }

    /// The fallback faces' families, in chain order.
    pub fn fallback_families(&self) -> &[String] {
        &self.fallback_families
    }

    /// The id the page model uses for a face; its index in [`FontSet::embedded_fonts`].
    pub fn font_id(&self, face: impl Into<FaceId>) -> FontId {
        FontId(face.into().index())
    }

    /// The fonts for the PDF writer, in [`FontId`] order.
    pub fn embedded_fonts(&self) -> Vec<EmbeddedFont> {
        self.faces
            .iter()
            .map(|f| EmbeddedFont {
                name: f.name.clone(),
                data: Arc::clone(&f.data),
                index: f.index,
            })
            .collect()
    }

    /// A face's typographic family name (name id 16, else 1), for the copyright page.
    pub fn family(&self, face: impl Into<FaceId>) -> Option<String> {
        let f = self.face(face);
        let parsed = ttf_parser::Face::parse(&f.data, f.index).ok()?;
        let names = parsed.names();
        [16u16, 1].iter().find_map(|&id| {
            names
                .into_iter()
                .filter(|n| n.name_id == id && n.is_unicode())
                .find_map(|n| n.to_string())
        })
    }

    fn face(&self, face: impl Into<FaceId>) -> &Face {
        &self.faces[face.into().index()]
    }

    /// The raw font file of a face (for building a shaping face).
    pub fn data(&self, face: impl Into<FaceId>) -> &[u8] {
        &self.face(face).data
    }

    /// The face's index in its file ([`FontSet::data`]): 0 unless the file is a collection.
    pub fn face_index(&self, face: impl Into<FaceId>) -> u32 {
        self.face(face).index
    }

    /// Vertical metrics in font units.
    pub fn units_metrics(&self, face: impl Into<FaceId>) -> Metrics {
        self.face(face).metrics
    }

    /// Units per em of a face.
    pub fn units_per_em(&self, face: impl Into<FaceId>) -> u16 {
        self.face(face).metrics.units_per_em
    }

    /// Vertical metrics in points at `size`.
    pub fn metrics(&self, face: impl Into<FaceId>, size: f32) -> Metrics {
        let m = self.units_metrics(face);
        let k = size / m.units_per_em as f32;
        Metrics {
            units_per_em: m.units_per_em,
            ascender: m.ascender * k,
            descender: m.descender * k,
            line_gap: m.line_gap * k,
            cap_height: m.cap_height * k,
            x_height: m.x_height * k,
        }
    }

    /// Whether the face has the OpenType substitution feature `tag` (`smcp`) in any script.
    pub fn has_feature(&self, face: impl Into<FaceId>, tag: &[u8; 4]) -> bool {
        let face = self.face(face);
        ttf_parser::Face::parse(&face.data, face.index)
            .ok()
            .and_then(|f| f.tables().gsub)
            .is_some_and(|gsub| {
                gsub.features
                    .find(ttf_parser::Tag::from_bytes(tag))
                    .is_some()
            })
    }

    /// The ink box of glyph `glyph` of `face` in font units (x min, y min, x max, y max),
    /// from its outline; None for a glyph that draws nothing.
    pub fn glyph_ink(&self, face: impl Into<FaceId>, glyph: u16) -> Option<[f32; 4]> {
        let face = self.face(face);
        let parsed = ttf_parser::Face::parse(&face.data, face.index).ok()?;
        let r = parsed.glyph_bounding_box(ttf_parser::GlyphId(glyph))?;
        Some([r.x_min, r.y_min, r.x_max, r.y_max].map(f32::from))
    }

    /// The face's word space glyph and its advance in font units.
    pub fn space_glyph(&self, face: impl Into<FaceId>) -> Option<(u16, f32)> {
        let face = self.face(face);
        let parsed = ttf_parser::Face::parse(&face.data, face.index).ok()?;
        let id = parsed.glyph_index(' ')?;
        Some((id.0, f32::from(parsed.glyph_hor_advance(id)?)))
    }

    /// Whether the face has a glyph for `c`.
    pub fn has_glyph(&self, face: impl Into<FaceId>, c: char) -> bool {
        self.face(face).has_glyph(c)
    }

    /// The face to set `c` in when asked for `style`: that face if it has the glyph, else
    /// the first of regular, italic, bold, bold italic that does (so a Greek word in an
    /// italic that lacks Greek still prints), else the first fallback face that does, else
    /// `style` itself (the caller has been told by [`FontSet::missing_chars`]).
    pub fn resolve(&self, style: Style, c: char) -> FaceId {
        if self.has_glyph(style, c) {
            return style.into();
        }
        if let Some(s) = Style::ALL.into_iter().find(|&s| self.has_glyph(s, c)) {
            return s.into();
        }
        (4..self.faces.len())
            .find(|&i| self.faces[i].has_glyph(c))
            .map_or(style.into(), |i| FaceId(i as u16))
    }

    /// As [`FontSet::resolve`], but a character of no script of its own (punctuation,
    /// digits, combining marks: UAX #24's Common and Inherited) stays in `previous`, a
    /// fallback face the text before it is set in, when that face has it: the full stop
    /// after an Arabic word is shaped with the word, the ideographic comma with its Han.
    pub fn resolve_after(&self, style: Style, c: char, previous: Option<FaceId>) -> FaceId {
        self.resolve_in(style, c, previous, None)
    }

    /// As [`FontSet::resolve_after`], for text of a CJK `region`: a character the body
    /// lacks goes to the first fallback face of that region that has it, if there is one
    /// (a Chinese text in "Noto Serif CJK SC", a Japanese one in "... JP", whichever comes
    /// first in fonts/), else as [`FontSet::resolve`] would.
    pub fn resolve_in(
        &self,
        style: Style,
        c: char,
        previous: Option<FaceId>,
        region: Option<Region>,
    ) -> FaceId {
        if let Some(prev) = previous.filter(|p| p.index() >= 4) {
            use unicode_script::{Script, UnicodeScript};
            if matches!(c.script(), Script::Common | Script::Inherited) && self.has_glyph(prev, c) {
                return prev;
            }
        }
        if let Some(region) = region {
            if !self.in_body(c) {
                let regional = self
                    .fallback_regions
                    .iter()
                    .enumerate()
                    .find(|(i, r)| **r == Some(region) && self.faces[4 + i].has_glyph(c));
                if let Some((i, _)) = regional {
                    return FaceId((4 + i) as u16);
                }
            }
        }
        self.resolve(style, c)
    }

    /// Whether some face of the set has `c`.
    pub fn covers(&self, c: char) -> bool {
        let u = c as u32;
        if u < COVERAGE_FAST_LIMIT {
            return self.any_face[(u / 64) as usize] & (1 << (u % 64)) != 0;
        }
        self.faces.iter().any(|f| f.has_glyph(c))
    }

    /// Whether `c` is printed by a body face (no fallback needed): a bit test for the BMP.
    pub fn in_body(&self, c: char) -> bool {
        let u = c as u32;
        if u < COVERAGE_FAST_LIMIT {
            return self.body[(u / 64) as usize] & (1 << (u % 64)) != 0;
        }
        Style::ALL.iter().any(|&s| self.has_glyph(s, c))
    }

    /// Characters of `text` that no face can print, each once, in order of appearance.
    /// Whitespace and control characters are not printed as glyphs and are never reported.
    pub fn missing_chars(&self, text: &str) -> Vec<char> {
        let mut missing = Vec::new();
        for c in text.chars() {
            // Nearly every character is printable by some face: one bit answers that first
            // (the whole text of a book goes through here).
            let u = c as u32;
            if u < COVERAGE_FAST_LIMIT && self.any_face[(u / 64) as usize] & (1 << (u % 64)) != 0 {
                continue;
            }
            if is_unprinted(c) || missing.contains(&c) {
                continue;
            }
            if !self.faces.iter().any(|f| f.has_glyph(c)) {
                missing.push(c);
            }
        }
        missing
    }
}

/// Whitespace, controls and the invisible format characters: never printed as glyphs.
pub fn is_unprinted(c: char) -> bool {
    c.is_whitespace() || c.is_control() || is_invisible(c)
}

/// Which of a book's faces (indices into the loader's list) print each style, and whether
/// the style has a face of its own or borrows another's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice {
    /// In [`Style::ALL`] order.
    pub faces: [usize; 4],
    pub own: [bool; 4],
}

/// Whether a face is made for Latin text: it has the basic Latin letters and they are not a
/// courtesy subset of a font for another script (a CJK or Devanagari face carries ASCII, but
/// most of what it maps lies elsewhere).
fn is_latin_text_face(face: &FontFace) -> bool {
    let Ok(parsed) = ttf_parser::Face::parse(&face.data, face.index) else {
        return false;
    };
    if !('a'..='z')
        .chain('A'..='Z')
        .all(|c| parsed.glyph_index(c).is_some())
    {
        return false;
    }
    let (mut latin, mut other) = (0u32, 0u32);
    if let Some(cmap) = parsed.tables().cmap {
        // One Unicode subtable tells: the others list the same characters.
        if let Some(subtable) = cmap.subtables.into_iter().find(|s| s.is_unicode()) {
            subtable.codepoints(|c| match c {
                // Latin, Greek, Cyrillic and their extensions; punctuation and symbols.
                0..=0x052F | 0x1D00..=0x1FFF | 0x2000..=0x2BFF | 0xA640..=0xA7FF => latin += 1,
                _ => other += 1,
            });
        }
    }
    latin >= other
}

/// The families besides the body's, in the order they are tried: those `order` names first,
/// in its order, then the rest in file order; for each, its upright face nearest 400 (any
/// face if it has no upright one). Indices into `faces`.
fn fallback_faces(faces: &[FontFace], order: &[String], body: Option<&str>) -> Vec<usize> {
    let mut families: Vec<&str> = Vec::new();
    let named = order.iter().map(String::as_str);
    for family in named.chain(faces.iter().map(|f| f.family.as_str())) {
        if Some(family) != body
            && !families.contains(&family)
            && faces.iter().any(|f| f.family == family)
        {
            families.push(family);
        }
    }
    families
        .into_iter()
        .filter_map(|family| {
            faces
                .iter()
                .enumerate()
                .filter(|(_, f)| f.family == family)
                .min_by_key(|(i, f)| (f.italic, f.weight.abs_diff(400), *i))
                .map(|(i, _)| i)
        })
        .collect()
}

/// The book's four body faces, by their own tables; `None` when fonts/ has no face for
/// Latin text (the built-in EB Garamond is then the body, and the book's faces fallbacks).
/// The body family is the first `order` (`print.fonts`) names that fonts/ has, else that of
/// the upright face made for Latin text (see [`is_latin_text_face`]) nearest 400. Regular is
/// that family's upright face nearest 400 (the first in file order on a tie); bold is its
/// upright face heavier than the regular and nearest 700; italic its italic face nearest
/// the regular's weight, bold italic the one nearest the bold's (the italics split halfway
/// between the two weights, so a lone bold italic never sets emphasis). A missing face
/// borrows: italic and bold the regular, bold italic the bold.
pub fn choose(faces: &[FontFace], order: &[String]) -> Option<Choice> {
    let nearest = |want: &dyn Fn(&FontFace) -> bool, target: u16| {
        faces
            .iter()
            .enumerate()
            .filter(|(_, f)| want(f))
            .min_by_key(|(i, f)| (f.weight.abs_diff(target), *i))
            .map(|(i, _)| i)
    };
    let named = order
        .iter()
        .find(|family| faces.iter().any(|f| !f.italic && &f.family == *family));
    let family = match named {
        Some(family) => family.as_str(),
        None => {
            let latin = nearest(&|f| !f.italic && is_latin_text_face(f), 400)?;
            faces[latin].family.as_str()
        }
    };
    let regular = nearest(&|f| !f.italic && f.family == family, 400)?;
    let body = &faces[regular];
    let bold = nearest(
        &|f| !f.italic && f.family == body.family && f.weight > body.weight,
        700,
    );
    // Italics lighter than halfway to the bold are the italic's, heavier the bold italic's.
    let bold_weight = bold.map_or(700, |b| faces[b].weight);
    let split = body.weight.midpoint(bold_weight);
    let italic = nearest(
        &|f| f.italic && f.family == body.family && f.weight <= split,
        body.weight,
    );
    let bold_italic = nearest(
        &|f| f.italic && f.family == body.family && f.weight > split,
        bold_weight,
    );
    let bold_or_regular = bold.unwrap_or(regular);
    Some(Choice {
        faces: [
            regular,
            italic.unwrap_or(regular),
            bold_or_regular,
            bold_italic.unwrap_or(bold_or_regular),
        ],
        own: [
            true,
            italic.is_some(),
            bold.is_some(),
            bold_italic.is_some(),
        ],
    })
}

/// Format characters the engine consumes rather than prints (soft hyphen, joiners).
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_has_four_distinct_faces_in_font_id_order() {
        let fonts = FontSet::builtin();
        let embedded = fonts.embedded_fonts();
        assert_eq!(embedded.len(), 4);
        assert_eq!(fonts.font_id(Style::BoldItalic), FontId(3));
        assert!(
            embedded[0].name.contains("Garamond"),
            "{}",
            embedded[0].name
        );
        assert_ne!(embedded[0].name, embedded[1].name);
        assert!(Arc::ptr_eq(
            &embedded[2].data,
            &fonts.embedded_fonts()[2].data
        ));
    }

    #[test]
    fn metrics_scale_with_size() {
        let fonts = FontSet::builtin();
        let m = fonts.metrics(Style::Regular, 10.0);
        let m2 = fonts.metrics(Style::Regular, 20.0);
        assert!(m.ascender > 0.0 && m.descender < 0.0);
        assert!(m.x_height < m.cap_height && m.cap_height < m.ascender);
        assert!((m2.cap_height - 2.0 * m.cap_height).abs() < 1e-4);
    }

    #[test]
    fn coverage_finds_greek_and_cyrillic_but_not_cjk() {
        let fonts = FontSet::builtin();
        assert!(fonts.has_glyph(Style::Regular, 'λ'));
        assert!(fonts.has_glyph(Style::Italic, 'ж'));
        assert!(fonts.has_glyph(Style::Regular, '’'));
        assert_eq!(
            fonts.missing_chars("Καλημέρα, мир, 你好 好\u{00AD} ok"),
            vec!['你', '好']
        );
    }

    #[test]
    fn coverage_bitset_agrees_with_the_character_map() {
        let fonts = FontSet::builtin();
        for style in Style::ALL {
            let face = ttf_parser::Face::parse(fonts.data(style), 0).unwrap();
            for c in (0..COVERAGE_FAST_LIMIT).filter_map(char::from_u32) {
                assert_eq!(
                    fonts.has_glyph(style, c),
                    face.glyph_index(c).is_some(),
                    "{style:?} U+{:04X}",
                    c as u32
                );
            }
        }
    }

    #[test]
    fn resolve_falls_back_to_a_face_with_the_glyph() {
        let fonts = FontSet::builtin();
        assert_eq!(
            fonts.resolve(Style::Italic, 'a'),
            FaceId::from(Style::Italic)
        );
        assert_eq!(fonts.resolve(Style::Bold, '你'), FaceId::from(Style::Bold));
    }

    #[test]
    fn languages_and_families_name_their_cjk_regions() {
        let of = Region::of_language;
        assert_eq!(of("ja"), Some(Region::Japan));
        assert_eq!(of("ko-KR"), Some(Region::Korea));
        assert_eq!(of("zh"), Some(Region::Simplified));
        assert_eq!(of("zh-Hans-CN"), Some(Region::Simplified));
        assert_eq!(of("zh-Hant"), Some(Region::Traditional));
        assert_eq!(of("zh-TW"), Some(Region::Traditional));
        assert_eq!(of("zh-Hant-HK"), Some(Region::HongKong));
        assert_eq!(of("en-GB"), None);
        assert_eq!(
            Region::of_family("Noto Serif CJK SC"),
            Some(Region::Simplified)
        );
        assert_eq!(Region::of_family("Source Han Sans K"), Some(Region::Korea));
        assert_eq!(Region::of_family("Noto Serif JP"), Some(Region::Japan));
        assert_eq!(Region::of_family("EB Garamond"), None);
    }

    #[test]
    fn from_files_names_the_unusable_face() {
        let good = BUILTIN[0].to_vec();
        let err = FontSet::from_files(good.clone(), good.clone(), b"not a font".to_vec(), good)
            .unwrap_err();
        assert!(err.contains("bold font"), "{err}");
    }

    fn face(family: &str, weight: u16, italic: bool) -> FontFace {
        let mut f = crate::manuscript::assets_for_tests::faces(BUILTIN[0].to_vec()).remove(0);
        f.family = family.into();
        f.weight = weight;
        f.italic = italic;
        f
    }

    #[test]
    fn regular_is_the_upright_face_nearest_400_whatever_the_files_are_called() {
        // Black, Light, Medium, Regular in file-name order: Regular is the body.
        let faces = [
            face("Inter", 900, false),
            face("Inter", 300, false),
            face("Inter", 500, false),
            face("Inter", 400, false),
            face("Inter", 700, false),
            face("Inter", 400, true),
            face("Inter", 700, true),
        ];
        let choice = choose(&faces, &[]).unwrap();
        assert_eq!(choice.faces, [3, 5, 4, 6]);
        assert_eq!(choice.own, [true; 4]);
    }

    #[test]
    fn missing_faces_borrow_and_say_so() {
        let faces = [face("Serif", 400, false), face("Other", 700, false)];
        let choice = choose(&faces, &[]).unwrap();
        // Bold of another family is not the body's bold.
        assert_eq!(choice.faces, [0, 0, 0, 0]);
        assert_eq!(choice.own, [true, false, false, false]);
        assert_eq!(choose(&[face("Serif", 400, true)], &[]), None);
        // A bold italic alone is the bold italic, not the italic.
        let faces = [face("Serif", 400, false), face("Serif", 700, true)];
        let choice = choose(&faces, &[]).unwrap();
        assert_eq!(choice.faces, [0, 0, 0, 1]);
        assert_eq!(choice.own, [true, false, false, true]);
    }

    #[test]
    fn the_example_books_files_give_the_built_in_faces() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
        let mut names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "ttf"))
            .collect();
        names.sort();
        let faces: Vec<FontFace> = names
            .iter()
            .flat_map(|p| crate::manuscript::assets_for_tests::faces(std::fs::read(p).unwrap()))
            .collect();
        let (set, choice) = FontSet::from_book(&faces, &[]).unwrap();
        assert_eq!(choice.unwrap().own, [true; 4]);
        for style in Style::ALL {
            assert_eq!(set.data(style), BUILTIN[style.index()], "{style:?}");
        }
    }
}
