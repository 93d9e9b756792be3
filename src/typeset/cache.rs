//! What `folio watch` keeps from one build to the next, so that a change to one piece sets
//! only that piece again.
//!
//! A one-off build has no cache: it sets every piece once and moves each piece's drawings
//! onto its pages. Under watch, each piece's setting is kept behind an `Arc` together with
//! the exact inputs it came from, and the next build takes it back when those inputs are
//! equal: the piece's text (its IR, compared whole, not hashed), and, for all pieces at
//! once, the engine (the fonts' bytes, the language, the hyphenation exceptions, the
//! figures) and the page (the geometry, and where each image sits in the book's image list).
//! Since only equal inputs are reused, a watch build writes byte for byte what a one-off
//! build of the same book writes. The engine is kept too, and with it the shaper's cache of
//! shaped words. Images are kept with their files' bytes and decoded again only when those
//! change.
//!
//! The price is memory: a watched book's setting is held once in the cache and once on the
//! pages of the build in progress (and once more per extra gutter pass, see
//! [`super::typeset`]).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use super::compose::SetPiece;
use super::fonts::{FontSet, Style};
use super::geometry::Geometry;
use super::text::TypesetterShared;
use crate::doc::PieceDoc;
use crate::manuscript::{
    DropCap, Figures, HyphenationException, LeadIn, PrintSettings, SceneBreak,
};
use crate::page::EmbeddedImage;

/// The typesetting kept between builds. Share one across the builds of a watch.
#[derive(Default)]
pub struct TypesetCache {
    state: Mutex<State>,
}

/// What the latest build took from the cache and what it had to make.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct CacheStats {
    /// Pieces set (again), counted once per gutter pass.
    pub pieces_set: usize,
    /// Pieces taken from the cache.
    pub pieces_reused: usize,
    pub images_decoded: usize,
    pub images_reused: usize,
    /// How long the typesetting took, from the first piece to the last page composed.
    pub elapsed: Duration,
}

#[derive(Default)]
struct State {
    engine: Option<Engine>,
    /// One per page geometry the latest build set the book at (more than one when the
    /// gutter was widened).
    generations: Vec<Generation>,
    images: HashMap<String, CachedImage>,
    stats: CacheStats,
    started: Option<Instant>,
}

struct Engine {
    fonts: Arc<FontSet>,
    language: String,
    exceptions: Vec<HyphenationException>,
    protrusion: bool,
    expansion: f32,
    figures: Figures,
    /// `scene-break`, `lead-in` and `drop-cap`: they change how pieces are set.
    ornaments: (SceneBreak, LeadIn, DropCap),
    shared: Arc<TypesetterShared>,
}

struct Generation {
    geometry: Geometry,
    /// Image source -> (index in the book's image list, height / width): drawings hold the
    /// index and the image's size, so a piece's setting is only good for the same map.
    placements: HashMap<String, (usize, f32)>,
    pieces: HashMap<PathBuf, Arc<CachedPiece>>,
    used: bool,
}

struct CachedPiece {
    text: PieceDoc,
    set: Arc<SetPiece>,
}

struct CachedImage {
    file: Vec<u8>,
    max_width: u32,
    decoded: Result<EmbeddedImage, String>,
    used: bool,
}

impl TypesetCache {
    pub fn new() -> TypesetCache {
        TypesetCache::default()
    }

    /// What the latest build reused and what it made.
    pub fn stats(&self) -> CacheStats {
        self.lock().stats
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock leaves nothing half-updated that matters: every
        // entry is replaced whole, so the state is still usable.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A build begins: nothing is used yet.
    pub(super) fn begin(&self) {
        let mut state = self.lock();
        state.stats = CacheStats::default();
        state.started = Some(Instant::now());
        state.generations.iter_mut().for_each(|g| g.used = false);
        state.images.values_mut().for_each(|i| i.used = false);
    }

    /// A build has ended: forget what it did not use (pieces removed from the book, a
    /// gutter no longer needed, images no longer shown).
    pub(super) fn end(&self) {
        let mut state = self.lock();
        state.stats.elapsed = state.started.map(|t| t.elapsed()).unwrap_or_default();
        state.generations.retain(|g| g.used);
        state.images.retain(|_, i| i.used);
    }

    /// The engine for these fonts and settings: the last build's, with its shaping cache, if
    /// they are the same; otherwise a new one (and every kept piece is forgotten).
    pub(super) fn engine(
        &self,
        fonts: FontSet,
        language: &str,
        print: &PrintSettings,
    ) -> (Arc<FontSet>, Arc<TypesetterShared>) {
        let mut state = self.lock();
        if let Some(engine) = &state.engine {
            let same_fonts = Style::ALL
                .iter()
                .all(|&s| engine.fonts.data(s) == fonts.data(s));
            if same_fonts
                && engine.language == language
                && engine.exceptions == print.hyphenation_exceptions
                && engine.figures == print.figures
                && engine.protrusion == print.protrusion
                && engine.expansion == print.expansion
                && engine.ornaments == (print.scene_break.clone(), print.lead_in, print.drop_cap)
            {
                return (engine.fonts.clone(), engine.shared.clone());
            }
        }
        let fonts = Arc::new(fonts);
        let shared = Arc::new(TypesetterShared::new(fonts.clone(), language, print));
        state.generations.clear();
        state.engine = Some(Engine {
            fonts: fonts.clone(),
            language: language.to_owned(),
            exceptions: print.hyphenation_exceptions.clone(),
            figures: print.figures,
            protrusion: print.protrusion,
            expansion: print.expansion,
            ornaments: (print.scene_break.clone(), print.lead_in, print.drop_cap),
            shared: shared.clone(),
        });
        (fonts, shared)
    }

    /// The kept setting of each piece whose text is unchanged, at this geometry and with
    /// these image placements.
    pub(super) fn lookup(
        &self,
        geometry: &Geometry,
        placements: &HashMap<String, (usize, f32)>,
        pieces: &[&PieceDoc],
    ) -> Vec<Option<Arc<SetPiece>>> {
        let state = self.lock();
        let Some(kept) = state
            .generations
            .iter()
            .find(|g| g.geometry == *geometry && g.placements == *placements)
        else {
            return vec![None; pieces.len()];
        };
        pieces
            .iter()
            .map(|piece| {
                kept.pieces
                    .get(&piece.path)
                    .filter(|k| same_text(&k.text, piece))
                    .map(|k| k.set.clone())
            })
            .collect()
    }

    /// Keep this build's settings of the pieces at this geometry, in place of the last.
    pub(super) fn store(
        &self,
        geometry: &Geometry,
        placements: &HashMap<String, (usize, f32)>,
        pieces: Vec<(&PieceDoc, Arc<SetPiece>, bool)>,
    ) {
        let mut state = self.lock();
        for (_, _, reused) in &pieces {
            if *reused {
                state.stats.pieces_reused += 1;
            } else {
                state.stats.pieces_set += 1;
            }
        }
        // A reused piece keeps its entry (its text is not copied again); only pieces set
        // anew are copied in.
        let mut before = state
            .generations
            .iter_mut()
            .find(|g| g.geometry == *geometry)
            .map(|g| std::mem::take(&mut g.pieces))
            .unwrap_or_default();
        let kept: HashMap<PathBuf, Arc<CachedPiece>> = pieces
            .into_iter()
            .map(|(piece, set, reused)| {
                let entry = match before.remove(&piece.path) {
                    Some(entry) if reused => entry,
                    _ => Arc::new(CachedPiece {
                        text: piece.clone(),
                        set,
                    }),
                };
                (piece.path.clone(), entry)
            })
            .collect();
        let generation = Generation {
            geometry: geometry.clone(),
            placements: placements.clone(),
            pieces: kept,
            used: true,
        };
        match state
            .generations
            .iter_mut()
            .find(|g| g.geometry == *geometry)
        {
            Some(g) => *g = generation,
            None => state.generations.push(generation),
        }
    }

    /// The decoded image for these file bytes at this width, if the last build made it.
    pub(super) fn image(
        &self,
        src: &str,
        file: &[u8],
        max_width: u32,
    ) -> Option<Result<EmbeddedImage, String>> {
        let mut state = self.lock();
        let hit = match state.images.get_mut(src) {
            Some(kept) if kept.file == file && kept.max_width == max_width => {
                kept.used = true;
                Some(kept.decoded.clone())
            }
            _ => None,
        };
        if hit.is_some() {
            state.stats.images_reused += 1;
        }
        hit
    }

    pub(super) fn keep_image(
        &self,
        src: &str,
        file: Vec<u8>,
        max_width: u32,
        decoded: &Result<EmbeddedImage, String>,
    ) {
        let mut state = self.lock();
        state.stats.images_decoded += 1;
        state.images.insert(
            src.to_owned(),
            CachedImage {
                file,
                max_width,
                decoded: decoded.clone(),
                used: true,
            },
        );
    }
}

/// Whether two versions of a piece set the same: everything but its id and path, which
/// name it but never reach its pages.
fn same_text(a: &PieceDoc, b: &PieceDoc) -> bool {
    a.meta == b.meta
        && a.title == b.title
        && a.subtitle == b.subtitle
        && a.standfirst == b.standfirst
        && a.note == b.note
        && a.blocks == b.blocks
        && a.notes == b.notes
}
