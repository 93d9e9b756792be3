//! Shaping: text in one face to positioned glyphs, with rustybuzz (a Rust port of HarfBuzz).
//!
//! Method: the OpenType features a book needs are switched on explicitly — kerning (`kern`)
//! and standard and contextual ligatures (`liga`, `clig`, `calt`) always; true small caps from
//! the font (`smcp`) when asked; old-style (`onum`) or lining (`lnum`) figures by setting.
//! Shaping happens a word at a time (the paragraph builder never shapes across a word space,
//! so a space's width is free for justification), and the same words recur throughout a book,
//! so results are cached per (face, features, text) in font units: one entry serves every size.
//! The text's language rides in the features ([`Lang`]): rustybuzz chooses the font's
//! language system by it, so a pan-CJK face prints a Han character in the form of the run's
//! language through its `locl` lookups (Noto Serif CJK's 直 has Japanese and Chinese forms).
//! The cache is shared by all threads, split into shards by face, features and a hash of the
//! text, each behind a read-mostly lock (nearly all of a book is one face and feature set, so
//! sharding by those alone would put every look-up of every thread on one lock). The word
//! space and the hyphen, looked up at every word, are also kept by each [`ShapeContext`]. Shape plans (the
//! compiled lookup lists for a face, script and feature set; costly to build) are cached too.
//! A `rustybuzz::Face` only borrows the font bytes and costs ~10 µs to build, so a
//! [`ShapeContext`] builds each face at most once per paragraph (or chapter), lazily, on the
//! first cache miss.
//!
//! ToUnicode: each glyph carries the source text of its cluster (all of "ffi" for that
//! ligature), and later glyphs of the same cluster carry "", so text extracted from the PDF
//! reads back letter for letter.

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::{Arc, Mutex, RwLock};

use rustc_hash::{FxBuildHasher, FxHashMap};

use rustybuzz::ttf_parser::Tag;
use rustybuzz::{Direction, Feature, Script, ShapePlan, UnicodeBuffer};
use unicode_segmentation::UnicodeSegmentation;

use crate::limits::MAX_CLUSTER_CHARS;

#[cfg(test)]
use super::fonts::Style;
use super::fonts::{FaceId, FontSet};
use crate::page::{Glyph, GlyphText};

/// Which figures to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Figures {
    /// Whatever the font does by default.
    #[default]
    Default,
    /// Old-style (text) figures, `onum`: they sit in running text like lower-case letters.
    OldStyle,
    /// Lining figures, `lnum`: cap-height, for tables and headings.
    Lining,
}

/// The language a text is shaped in, as a [`Shaper`] numbers the tags it is given
/// ([`Shaper::lang`]): a copyable handle, so that it rides in [`Features`] and keys the
/// caches and plans. The language picks the font's language system: its `locl` forms (a
/// Han character's Japanese or Chinese shape in a pan-CJK face, Serbian italics, Dutch IJ)
/// and any language-specific lookups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Lang(u16);

impl Lang {
    /// No language given: the font's default language system.
    pub const NONE: Lang = Lang(0);
}

/// The OpenType features a run of text is shaped with (kerning and ligatures are always on).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Features {
    /// True small caps (`smcp`): lower-case letters become small capitals.
    pub small_caps: bool,
    pub figures: Figures,
    /// The text's language (not a feature of its own, but it chooses which apply).
    pub lang: Lang,
    /// Shaped right to left whatever its letters say: text at an odd bidi level, so that
    /// a bracket or quotation mark standing alone in a right-to-left run is mirrored and a
    /// run of neutrals is reversed, as the line's direction asks (UAX #9's L3, L4).
    pub rtl: bool,
}

impl Features {
    /// Number of distinct feature sets (for the cache's shards; the language is keyed
    /// inside each shard).
    const COUNT: usize = 12;

    fn index(self) -> usize {
        let figures = match self.figures {
            Figures::Default => 0,
            Figures::OldStyle => 1,
            Figures::Lining => 2,
        };
        (figures * 2 + usize::from(self.small_caps)) * 2 + usize::from(self.rtl)
    }

    fn opentype(self) -> Vec<Feature> {
        let on = |tag: &[u8; 4]| Feature::new(Tag::from_bytes(tag), 1, ..);
        let mut list = vec![on(b"kern"), on(b"liga"), on(b"clig"), on(b"calt")];
        if self.small_caps {
            list.push(on(b"smcp"));
        }
        match self.figures {
            Figures::Default => {}
            Figures::OldStyle => list.push(on(b"onum")),
            Figures::Lining => list.push(on(b"lnum")),
        }
        list
    }
}

/// One glyph of a shaped text, in font units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShapedGlyph {
    pub id: u16,
    /// Advance in font units, kerning included.
    pub advance: i32,
    /// Byte offset in the shaped text where this glyph's cluster starts.
    pub cluster: u32,
    /// Where the glyph is drawn from the pen (mark positioning), in font units.
    pub x_offset: i32,
    pub y_offset: i32,
}

/// A text shaped in one face with one feature set, in font units (size-independent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShapedText {
    pub glyphs: Vec<ShapedGlyph>,
    /// Sum of the advances, in font units.
    pub advance: i32,
    pub units_per_em: u16,
    /// Whether some character mapped to no glyph (.notdef).
    pub has_notdef: bool,
}

impl ShapedText {
    /// Width in points at `size`.
    pub fn width(&self, size: f32) -> f32 {
        self.advance as f32 * size / self.units_per_em as f32
    }

    /// The page model's glyphs at `size`: advances in points, and each cluster's source text
    /// on its first glyph (ligatures map to all their letters), "" on the others.
    /// `text` must be the text this was shaped from.
    pub fn to_glyphs(&self, text: &str, size: f32) -> Vec<Glyph> {
        let scale = size / self.units_per_em as f32;
        // Offsets in hundredths of an em (the page model's unit), clamped to what it holds.
        let hundredths = |v: i32| {
            (v as f32 * 100.0 / self.units_per_em as f32)
                .round()
                .clamp(-127.0, 127.0) as i8
        };
        let mut out = Vec::with_capacity(self.glyphs.len());
        // Right-to-left text comes out of the shaper in visual order, its clusters falling.
        let rtl = self.glyphs.windows(2).any(|w| w[1].cluster < w[0].cluster);
        // A right-to-left cluster of as many glyphs as characters (a letter and its marks)
        // gives each glyph one character: the shaper reverses the cluster with the line, so
        // its k-th glyph is its k-th character from the end. Extractors read such glyphs
        // back one to one, with no ActualText (which MuPDF merges oddly with the glyphs'
        // own text in right-to-left lines).
        let mut split: Option<std::iter::Rev<std::str::Chars<'_>>> = None;
        for (i, g) in self.glyphs.iter().enumerate() {
            let start = g.cluster as usize;
            let first_of_cluster = i == 0 || self.glyphs[i - 1].cluster != g.cluster;
            if !first_of_cluster {
                if let Some(chars) = split.as_mut() {
                    let c = chars.next().expect("as many characters as glyphs");
                    out.push(Glyph {
                        id: g.id,
                        advance: g.advance as f32 * scale,
                        text: GlyphText::from(c.encode_utf8(&mut [0; 4]) as &str),
                        dx: hundredths(g.x_offset),
                        dy: hundredths(g.y_offset),
                    });
                    continue;
                }
            }
            split = None;
            let text = if first_of_cluster {
                // The cluster runs to the next cluster start beyond this one or to the end
                // of the text: in left-to-right text the next glyph's beyond it (clusters
                // only grow), in right-to-left text the least start above it.
                let end = if rtl {
                    self.glyphs
                        .iter()
                        .map(|n| n.cluster as usize)
                        .filter(|&c| c > start)
                        .min()
                } else {
                    self.glyphs[i + 1..]
                        .iter()
                        .map(|n| n.cluster as usize)
                        .find(|&c| c > start)
                }
                .unwrap_or(text.len());
                let cluster = text.get(start..end).unwrap_or("");
                let glyphs = self.glyphs[i..]
                    .iter()
                    .take_while(|n| n.cluster == g.cluster)
                    .count();
                if rtl && glyphs > 1 && cluster.chars().count() == glyphs {
                    let mut chars = cluster.chars().rev();
                    let c = chars.next().expect("a non-empty cluster");
                    split = Some(chars);
                    GlyphText::from(c.encode_utf8(&mut [0; 4]) as &str)
                } else {
                    GlyphText::from(cluster)
                }
            } else {
                GlyphText::new()
            };
            out.push(Glyph {
                id: g.id,
                advance: g.advance as f32 * scale,
                text,
                dx: hundredths(g.x_offset),
                dy: hundredths(g.y_offset),
            });
        }
        out
    }
}

/// A shard of the cache: texts by language, then by the text itself (nearly every look-up
/// is of the book's one language, so the outer map is one or two entries).
type Shard = RwLock<FxHashMap<Lang, FxHashMap<Box<str>, Arc<ShapedText>>>>;

/// Most languages one shaper numbers: past this (a hostile manuscript, thousands of tags),
/// text is shaped with the font's default language system.
const MAX_LANGS: usize = 1_000;

/// Hash shards per (face, feature set): enough that two or more threads seldom meet on one.
const TEXT_SHARDS: usize = 16;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct PlanKey {
    face: FaceId,
    features: Features,
    script: Script,
    direction: Direction,
}

/// Shapes text with a [`FontSet`], caching the results. Share one per book (`&Shaper` is
/// `Sync`); each thread shapes through its own [`ShapeContext`].
pub struct Shaper {
    fonts: Arc<FontSet>,
    /// Maps by (face, feature set, hash of the text), so concurrent look-ups spread out.
    cache: Vec<Shard>,
    plans: Mutex<HashMap<PlanKey, Arc<ShapePlan>>>,
    /// The language tags numbered so far, [`Lang`] `n` at `n - 1`, each with its
    /// rustybuzz language (`None` for a tag rustybuzz cannot read).
    langs: RwLock<Vec<(Box<str>, Option<rustybuzz::Language>)>>,
}

impl std::fmt::Debug for Shaper {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shaper")
            .field("cached_texts", &self.cached_len())
            .finish()
    }
}

impl Shaper {
    pub fn new(fonts: Arc<FontSet>) -> Shaper {
        let faces = fonts.len();
        Shaper {
            fonts,
            cache: (0..faces * Features::COUNT * TEXT_SHARDS)
                .map(|_| RwLock::new(FxHashMap::default()))
                .collect(),
            plans: Mutex::new(HashMap::new()),
            langs: RwLock::default(),
        }
    }

    /// The handle for text in the BCP 47 `tag`, the same for the same tag (case aside).
    pub fn lang(&self, tag: &str) -> Lang {
        let tag = tag.trim();
        if tag.is_empty() {
            return Lang::NONE;
        }
        let find = |langs: &[(Box<str>, Option<rustybuzz::Language>)]| {
            langs
                .iter()
                .position(|(t, _)| t.eq_ignore_ascii_case(tag))
                .map(|i| Lang(i as u16 + 1))
        };
        if let Some(found) = find(&self.langs.read().unwrap_or_else(|e| e.into_inner())) {
            return found;
        }
        let mut langs = self.langs.write().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = find(&langs) {
            return found;
        }
        if langs.len() >= MAX_LANGS {
            return Lang::NONE;
        }
        langs.push((tag.into(), tag.parse().ok()));
        Lang(langs.len() as u16)
    }

    /// The rustybuzz language of a handle (`None`: the font's default language system).
    fn language(&self, lang: Lang) -> Option<rustybuzz::Language> {
        let i = usize::from(lang.0).checked_sub(1)?;
        let langs = self.langs.read().unwrap_or_else(|e| e.into_inner());
        langs.get(i).and_then(|(_, l)| l.clone())
    }

    pub fn fonts(&self) -> &FontSet {
        &self.fonts
    }

    /// A per-thread shaping handle (builds rustybuzz faces lazily, once each).
    pub fn context(&self) -> ShapeContext<'_> {
        let faces = self.fonts.len();
        ShapeContext {
            shaper: self,
            faces: (0..faces).map(|_| None).collect(),
            buffer: Some(UnicodeBuffer::new()),
            frequent: vec![Default::default(); faces * Features::COUNT],
        }
    }

    /// Number of texts in the cache (for tests and statistics).
    pub fn cached_len(&self) -> usize {
        self.cache
            .iter()
            .map(|s| {
                s.read()
                    .map(|m| m.values().map(|t| t.len()).sum())
                    .unwrap_or(0)
            })
            .sum()
    }

    fn shard(&self, face: FaceId, features: Features, text: &str) -> &Shard {
        let hash = FxBuildHasher.hash_one(text) as usize;
        let set = face.index() * Features::COUNT + features.index();
        // The high bits: FxHash mixes its last input into them best.
        &self.cache[set * TEXT_SHARDS + (hash >> (usize::BITS - 4)) % TEXT_SHARDS]
    }

    fn plan(&self, face: &rustybuzz::Face, key: PlanKey) -> Arc<ShapePlan> {
        // A poisoned lock only means another thread panicked mid-insert; the map is intact.
        let mut plans = self.plans.lock().unwrap_or_else(|e| e.into_inner());
        Arc::clone(plans.entry(key).or_insert_with(|| {
            let language = self.language(key.features.lang);
            Arc::new(ShapePlan::new(
                face,
                key.direction,
                Some(key.script),
                language.as_ref(),
                &key.features.opentype(),
            ))
        }))
    }
}

/// A word space or hyphen shaped in a language.
type Frequent = (Lang, Arc<ShapedText>);

/// Shapes through a [`Shaper`]'s cache; owns the rustybuzz faces it needed so far and a
/// reusable buffer. Cheap to create; make one per paragraph or chapter, per thread.
pub struct ShapeContext<'a> {
    shaper: &'a Shaper,
    faces: Vec<Option<rustybuzz::Face<'a>>>,
    buffer: Option<UnicodeBuffer>,
    /// The word space and the hyphen per (face, feature set), asked for at every word, in
    /// the language last asked for.
    frequent: Vec<[Option<Frequent>; 2]>,
}

impl<'a> ShapeContext<'a> {
    pub fn fonts(&self) -> &'a FontSet {
        &self.shaper.fonts
    }

    /// `text` shaped in `face` with `features`, from the cache if it was shaped before.
    pub fn shape(
        &mut self,
        face: impl Into<FaceId>,
        features: Features,
        text: &str,
    ) -> Arc<ShapedText> {
        let style = face.into();
        let frequent = match text {
            " " => Some(0),
            "-" => Some(1),
            _ => None,
        };
        if let Some(k) = frequent {
            let set = style.index() * Features::COUNT + features.index();
            if let Some((lang, hit)) = &self.frequent[set][k] {
                if *lang == features.lang {
                    return Arc::clone(hit);
                }
            }
            let shaped = self.shape_shared(style, features, text);
            self.frequent[set][k] = Some((features.lang, Arc::clone(&shaped)));
            return shaped;
        }
        self.shape_shared(style, features, text)
    }

    fn shape_shared(&mut self, style: FaceId, features: Features, text: &str) -> Arc<ShapedText> {
        let shard = self.shaper.shard(style, features, text);
        if let Some(hit) = shard
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(&features.lang)
            .and_then(|texts| texts.get(text))
        {
            return Arc::clone(hit);
        }
        let shaped = Arc::new(self.shape_uncached(style, features, text));
        shard
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .entry(features.lang)
            .or_default()
            .entry(text.into())
            .or_insert(shaped)
            .clone()
    }

    /// `text` as page glyphs at `size` (see [`ShapedText::to_glyphs`]).
    pub fn glyphs(
        &mut self,
        style: impl Into<FaceId>,
        features: Features,
        size: f32,
        text: &str,
    ) -> Vec<Glyph> {
        self.shape(style, features, text).to_glyphs(text, size)
    }

    fn shape_uncached(&mut self, style: FaceId, features: Features, text: &str) -> ShapedText {
        let fonts: &'a FontSet = &self.shaper.fonts;
        let face = self.faces[style.index()].get_or_insert_with(|| {
            // FontSet::from_files already parsed these bytes successfully.
            rustybuzz::Face::from_slice(fonts.data(style), fonts.face_index(style))
                .expect("font parsed at load")
        });
        let mut buffer = self.buffer.take().unwrap_or_default();
        push_capped(&mut buffer, text);
        if let Some(language) = self.shaper.language(features.lang) {
            buffer.set_language(language);
        }
        buffer.guess_segment_properties();
        if features.rtl {
            buffer.set_direction(Direction::RightToLeft);
        }
        let key = PlanKey {
            face: style,
            features,
            script: buffer.script(),
            direction: buffer.direction(),
        };
        let plan = self.shaper.plan(face, key);
        let out = rustybuzz::shape_with_plan(face, &plan, buffer);
        let mut glyphs = Vec::with_capacity(out.len());
        let mut advance = 0;
        let mut has_notdef = false;
        for (info, pos) in out.glyph_infos().iter().zip(out.glyph_positions()) {
            has_notdef |= info.glyph_id == 0;
            advance += pos.x_advance;
            glyphs.push(ShapedGlyph {
                // rustybuzz guarantees glyph ids fit in u16.
                id: info.glyph_id as u16,
                advance: pos.x_advance,
                cluster: info.cluster,
                x_offset: pos.x_offset,
                y_offset: pos.y_offset,
            });
        }
        self.buffer = Some(out.clear());
        ShapedText {
            glyphs,
            advance,
            units_per_em: fonts.units_per_em(style),
            has_notdef,
        }
    }
}

/// Fills the buffer with `text`, dropping the characters of any grapheme cluster beyond
/// [`MAX_CLUSTER_CHARS`]: rustybuzz panics on a letter with 65,537 marks. The loader reports
/// such clusters in the manuscript as errors; this keeps any other text from ending the build.
/// Clusters are byte offsets into `text`, as `push_str` gives them.
fn push_capped(buffer: &mut UnicodeBuffer, text: &str) {
    // A cluster has at least one byte per character: short texts (every word) cannot overflow.
    if text.len() <= MAX_CLUSTER_CHARS {
        buffer.push_str(text);
        return;
    }
    for (start, grapheme) in text.grapheme_indices(true) {
        for (offset, c) in grapheme.char_indices().take(MAX_CLUSTER_CHARS) {
            // Texts are far below 4 GB (limits::MAX_TEXT_FILE_BYTES).
            buffer.add(c, (start + offset) as u32);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shaper() -> Shaper {
        Shaper::new(Arc::new(FontSet::builtin()))
    }

    #[test]
    fn a_letter_with_more_marks_than_the_limit_is_set_with_the_marks_it_can_take() {
        let s = shaper();
        let mut cx = s.context();
        let text = format!("a{} b", "\u{301}".repeat(65_537));
        let shaped = cx.shape(Style::Regular, Features::default(), &text);
        assert!(
            shaped.glyphs.len() <= MAX_CLUSTER_CHARS + 2,
            "{} glyphs",
            shaped.glyphs.len()
        );
        // The space and the letter after the long cluster are still set, at their offsets.
        let last = shaped.glyphs.last().unwrap();
        assert_eq!(last.cluster as usize, text.len() - 1);
        // A long text of ordinary clusters shapes as it did before the cap.
        let long = "office and affinity, ".repeat(100);
        let capped = cx.shape(Style::Regular, Features::default(), &long);
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(&long);
        let face = rustybuzz::Face::from_slice(
            s.fonts.data(Style::Regular),
            s.fonts.face_index(Style::Regular),
        )
        .unwrap();
        let plain = rustybuzz::shape(&face, &Features::default().opentype(), buffer);
        let ids: Vec<u16> = plain
            .glyph_infos()
            .iter()
            .map(|g| g.glyph_id as u16)
            .collect();
        assert_eq!(capped.glyphs.iter().map(|g| g.id).collect::<Vec<_>>(), ids);
    }

    #[test]
    fn ligature_maps_back_to_all_its_letters() {
        let s = shaper();
        let mut cx = s.context();
        let glyphs = cx.glyphs(Style::Regular, Features::default(), 11.0, "office");
        let text: Vec<&str> = glyphs.iter().map(|g| g.text.as_str()).collect();
        assert!(glyphs.len() < 6, "ffi should be a ligature: {text:?}");
        assert_eq!(text.concat(), "office");
        assert!(text.contains(&"ffi"), "{text:?}");
    }

    #[test]
    fn kerning_is_applied() {
        let s = shaper();
        let mut cx = s.context();
        let f = Features::default();
        let pair = cx.shape(Style::Regular, f, "AV").advance;
        let apart =
            cx.shape(Style::Regular, f, "A").advance + cx.shape(Style::Regular, f, "V").advance;
        assert!(pair < apart, "AV {pair} vs A+V {apart}");
    }

    #[test]
    fn small_caps_are_true_small_caps() {
        let s = shaper();
        let mut cx = s.context();
        let plain = cx.shape(Style::Regular, Features::default(), "nasa");
        let smcp = Features {
            small_caps: true,
            ..Features::default()
        };
        let caps = cx.shape(Style::Regular, smcp, "nasa");
        let upper = cx.shape(Style::Regular, Features::default(), "NASA");
        assert_ne!(plain.glyphs[0].id, caps.glyphs[0].id);
        // Small capitals are their own glyphs, narrower than full capitals.
        assert_ne!(upper.glyphs[0].id, caps.glyphs[0].id);
        assert!(caps.advance < upper.advance);
    }

    #[test]
    fn old_style_and_lining_figures_differ() {
        let s = shaper();
        let mut cx = s.context();
        let old = Features {
            figures: Figures::OldStyle,
            ..Features::default()
        };
        let lining = Features {
            figures: Figures::Lining,
            ..Features::default()
        };
        let a = cx.shape(Style::Regular, old, "1984");
        let b = cx.shape(Style::Regular, lining, "1984");
        assert_ne!(
            a.glyphs.iter().map(|g| g.id).collect::<Vec<_>>(),
            b.glyphs.iter().map(|g| g.id).collect::<Vec<_>>()
        );
    }

    #[test]
    fn cache_is_shared_between_contexts_and_threads() {
        let s = shaper();
        let first = s
            .context()
            .shape(Style::Italic, Features::default(), "recurring");
        let n = s.cached_len();
        std::thread::scope(|scope| {
            for _ in 0..2 {
                scope.spawn(|| {
                    let again = s
                        .context()
                        .shape(Style::Italic, Features::default(), "recurring");
                    assert!(Arc::ptr_eq(&first, &again));
                });
            }
        });
        assert_eq!(s.cached_len(), n);
    }

    #[test]
    fn a_shaper_can_be_shared_between_threads() {
        fn shared<T: Send + Sync>() {}
        shared::<Shaper>();
        shared::<FontSet>();
        fn sendable<T: Send>() {}
        sendable::<ShapeContext<'static>>();
    }

    #[test]
    fn greek_and_cyrillic_shape_without_notdef() {
        let s = shaper();
        let mut cx = s.context();
        assert!(
            !cx.shape(Style::Regular, Features::default(), "λόγος")
                .has_notdef
        );
        assert!(
            !cx.shape(Style::Regular, Features::default(), "слово")
                .has_notdef
        );
        assert!(
            cx.shape(Style::Regular, Features::default(), "你")
                .has_notdef
        );
    }

    #[test]
    fn width_scales_with_size() {
        let s = shaper();
        let t = s
            .context()
            .shape(Style::Regular, Features::default(), "word");
        assert!((t.width(22.0) - 2.0 * t.width(11.0)).abs() < 1e-4);
        let sum: f32 = t.to_glyphs("word", 11.0).iter().map(|g| g.advance).sum();
        assert!((sum - t.width(11.0)).abs() < 1e-3);
    }
}
