//! Setting a chosen line: its pieces reshaped where a word breaks, a visible hyphen added,
//! and the gap between the measure and the line's natural width spread over its word spaces
//! and letter gaps, giving the glyph runs that are printed. With font expansion on, the
//! glyphs take their share of that difference first (`linebreak::expansion`, the breaker's
//! own split): every glyph of the line is scaled by the same factor, recorded in its runs'
//! `hscale` for the PDF's `Tz`.

use super::item_list::Source;
use super::words::Piece;
use super::{SetLine, TagExtent, LETTER_SHRINK_EM, LETTER_STRETCH_EM};
use crate::page::{Glyph, GlyphRun};
use crate::typeset::fonts::FontSet;
use crate::typeset::linebreak::{self, expansion, Expansion, Item, INFINITE_PENALTY};
use crate::typeset::shape::ShapeContext;

/// Something placed on a line, before justification.
enum Placed {
    Indent(f32),
    Glyphs {
        piece: usize,
        glyphs: Vec<Glyph>,
        width: f32,
        /// How far each gap between two of these glyphs may widen or narrow (tracking).
        gap_stretch: f32,
        gap_shrink: f32,
    },
    Space {
        piece: usize,
        /// Its bidi level.
        level: u8,
        glyph: u16,
        natural: f32,
        stretch: f32,
        shrink: f32,
    },
    /// The gap between two CJK characters: no glyph, only its share of the adjustment.
    Gap {
        stretch: f32,
        shrink: f32,
    },
}
/// Sets the lines of one paragraph from its pieces and break list.
pub(super) struct LineSetter<'a, 's> {
    pub(super) fonts: &'a FontSet,
    pub(super) pieces: &'a [Piece<'s>],
    pub(super) items: &'a [Item],
    pub(super) sources: &'a [Source],
    /// Font expansion of justified lines (`Expansion::OFF`: none).
    pub(super) expansion: Expansion,
    pub(super) justify: bool,
    /// The paragraph's bidi base level, when it holds right-to-left text.
    pub(super) base_level: Option<u8>,
    /// Margin kerning, by item (see `ItemBuilder`): a line starting at a `left_hang` box or
    /// ending at a `right_hang` break is set that much wider, into the margins.
    pub(super) left_hang: &'a [(usize, f32)],
    pub(super) right_hang: &'a [(usize, f32)],
}

/// The hang recorded for `item`, if any.
fn hang_at(hangs: &[(usize, f32)], item: usize) -> f32 {
    hangs
        .binary_search_by_key(&item, |h| h.0)
        .map_or(0.0, |i| hangs[i].1)
}

impl LineSetter<'_, '_> {
    pub(super) fn set(&self, cx: &mut ShapeContext<'_>, line: &linebreak::Line) -> SetLine {
        let mut placed: Vec<Placed> = Vec::new();
        // The fragment being gathered: piece and byte range.
        let mut open: Option<(usize, usize, usize)> = None;
        let mut has_fill = false;
        let mut text_start = None;
        for i in line.start..line.end.min(self.items.len()) {
            if let (None, Source::Fragment { piece, start, .. }) = (text_start, self.sources[i]) {
                let p = &self.pieces[piece];
                text_start = Some((p.span, p.offset + start));
            }
            match (self.sources[i], self.items[i]) {
                (Source::Indent, Item::Box { width }) => placed.push(Placed::Indent(width)),
                (Source::Fragment { piece, start, end }, _) => match &mut open {
                    Some((p, _, e)) if *p == piece && *e == start => *e = end,
                    _ => {
                        self.flush(cx, &mut placed, open.take());
                        open = Some((piece, start, end));
                    }
                },
                (
                    Source::Space { piece, level },
                    Item::Glue {
                        width,
                        stretch,
                        shrink,
                    },
                ) => {
                    self.flush(cx, &mut placed, open.take());
                    let p = &self.pieces[piece];
                    let space = cx.shape(p.face, p.style.features(), " ");
                    placed.push(Placed::Space {
                        piece,
                        level,
                        glyph: space.glyphs.first().map_or(0, |g| g.id),
                        natural: width,
                        stretch,
                        shrink,
                    });
                }
                (
                    Source::Gap,
                    Item::Glue {
                        stretch, shrink, ..
                    },
                ) => {
                    self.flush(cx, &mut placed, open.take());
                    placed.push(Placed::Gap { stretch, shrink });
                }
                (_, Item::Glue { stretch, .. }) if stretch.is_infinite() => has_fill = true,
                _ => {}
            }
        }
        let hyphen_piece = match self.sources.get(line.end) {
            Some(Source::Hyphen { piece }) => Some(*piece),
            _ => None,
        };
        self.flush(cx, &mut placed, open.take());
        if let Some(pi) = hyphen_piece {
            let p = &self.pieces[pi];
            // A visible hyphen, text "-": extraction tools rejoin a word split this way.
            let glyphs = cx.glyphs(p.face, p.style.features(), p.style.glyph_size(), "-");
            let width = glyphs.iter().map(|g| g.advance).sum();
            placed.push(Placed::Glyphs {
                piece: pi,
                glyphs,
                width,
                gap_stretch: 0.0,
                gap_shrink: 0.0,
            });
        }
        // A last-resort break follows the fragment it cuts: where in the text it fell.
        let forced = match (self.sources.get(line.end), line.end.checked_sub(1)) {
            (Some(Source::Forced), Some(before)) => match self.sources[before] {
                Source::Fragment { piece, end, .. } => {
                    let p = &self.pieces[piece];
                    Some((p.span, p.offset + end))
                }
                _ => None,
            },
            _ => None,
        };
        let hyphenated = hyphen_piece.is_some()
            || matches!(
                self.items.get(line.end),
                Some(Item::Penalty { flagged: true, .. })
            );
        let last = matches!(self.items.get(line.end), Some(Item::Penalty { cost, .. }) if *cost <= -INFINITE_PENALTY)
            || line.end >= self.items.len();

        // Justify: spread the difference between measure and natural width over the spaces.
        let natural: f32 = placed
            .iter()
            .map(|p| match p {
                Placed::Indent(w) => *w,
                Placed::Glyphs { width, .. } => *width,
                Placed::Space { natural, .. } => *natural,
                Placed::Gap { .. } => 0.0,
            })
            .sum();
        let (total_stretch, total_shrink, spaces) =
            placed.iter().fold((0.0, 0.0, 0), |(st, sh, n), p| match p {
                Placed::Space {
                    stretch, shrink, ..
                } => (st + stretch, sh + shrink, n + 1),
                Placed::Glyphs {
                    piece,
                    glyphs,
                    gap_stretch,
                    gap_shrink,
                    ..
                } => {
                    let gaps = self.tracked_gaps(*piece, glyphs).count() as f32;
                    (st + gaps * gap_stretch, sh + gaps * gap_shrink, n)
                }
                Placed::Gap { stretch, shrink } => (st + stretch, sh + shrink, n),
                Placed::Indent(_) => (st, sh, n),
            });
        let hang_left = hang_at(self.left_hang, line.start);
        let hang = if last {
            0.0
        } else {
            hang_at(self.right_hang, line.end)
        };
        let delta = line.width + hang_left + hang - natural;
        // Font expansion: the glyphs' share of the difference, as the breaker measured it;
        // the spaces and letter gaps take the rest.
        let glyph_width: f32 = placed
            .iter()
            .map(|p| match p {
                Placed::Glyphs { width, .. } => *width,
                _ => 0.0,
            })
            .sum();
        let (hscale, delta) = self.expansion_of(
            delta,
            total_stretch,
            total_shrink,
            glyph_width,
            has_fill || last,
        );
        // A last line (fil glue) keeps natural spacing unless it must shrink to fit.
        let stretch_it = self.justify && !has_fill && !last && delta > 0.0 && total_stretch > 0.0;
        let shrink_it = delta < 0.0 && total_shrink > 0.0;
        let adjust = |p_stretch: f32, p_shrink: f32| -> f32 {
            if stretch_it {
                delta * p_stretch / total_stretch
            } else if shrink_it {
                // Never past full shrink: a line that still does not fit (a word longer
                // than the measure) sticks out and is reported overfull, rather than having
                // its letters crushed together.
                (delta / total_shrink).max(-1.0) * p_shrink
            } else {
                0.0
            }
        };

        if let Some(base) = self.base_level {
            placed = self.visual_order(placed, base);
        }
        let mut runs: Vec<GlyphRun> = Vec::new();
        let mut tags: Vec<TagExtent> = Vec::new();
        let mut x = -hang_left;
        let mut ascent = 0.0f32;
        let mut descent = 0.0f32;
        for p in placed {
            match p {
                Placed::Indent(w) => x += w,
                Placed::Glyphs {
                    piece,
                    mut glyphs,
                    mut width,
                    gap_stretch,
                    gap_shrink,
                } => {
                    let pc = &self.pieces[piece];
                    if hscale != 1.0 {
                        for g in &mut glyphs {
                            g.advance *= hscale;
                        }
                        width *= hscale;
                    }
                    // Tracking: each gap inside the word takes its share of the adjustment
                    // (never after the last glyph, so the word space stays what it is).
                    let track = adjust(gap_stretch, gap_shrink);
                    if track != 0.0 {
                        let gaps: Vec<usize> = self.tracked_gaps(piece, &glyphs).collect();
                        for &i in &gaps {
                            glyphs[i].advance += track;
                        }
                        width += track * gaps.len() as f32;
                    }
                    let m = self.fonts.metrics(pc.face, pc.style.glyph_size());
                    ascent = ascent.max(m.ascender + pc.style.rise());
                    descent = descent.max(-m.descender - pc.style.rise());
                    if let Some(tag) = pc.tag {
                        extend_tag(&mut tags, tag, x, x + width);
                    }
                    self.append(
                        &mut runs,
                        pc,
                        (pc.style.glyph_size(), hscale),
                        pc.style.rise(),
                        x,
                        glyphs,
                    );
                    x += width;
                }
                Placed::Space {
                    piece,
                    glyph,
                    natural,
                    stretch,
                    shrink,
                    ..
                } => {
                    let pc = &self.pieces[piece];
                    let advance = natural + adjust(stretch, shrink);
                    let g = Glyph {
                        id: glyph,
                        advance,
                        text: " ".into(),
                        dx: 0,
                        dy: 0,
                    };
                    self.append(&mut runs, pc, (pc.style.size, hscale), 0.0, x, vec![g]);
                    x += advance;
                }
                Placed::Gap { stretch, shrink } => {
                    // The gap widens the glyph before it: the next glyph may join its run.
                    let gap = adjust(stretch, shrink);
                    if let Some(g) = runs.last_mut().and_then(|r| r.glyphs.last_mut()) {
                        g.advance += gap;
                    }
                    x += gap;
                }
            }
        }
        if runs.is_empty() {
            if let Some(p) = self.pieces.first() {
                let m = self.fonts.metrics(p.face, p.style.size);
                ascent = m.ascender;
                descent = -m.descender;
            }
        }
        SetLine {
            runs,
            natural_width: natural,
            width: x,
            hang,
            hang_left,
            measure: line.width,
            hyphenated,
            overfull: x > line.width + hang + 0.5,
            forced,
            justified: stretch_it || shrink_it,
            last,
            ascent,
            descent,
            spaces,
            tags,
            start: text_start,
            rtl: self.base_level.is_some_and(|b| b % 2 == 1),
        }
    }

    /// The line's things in visual order (see `typeset::bidi`): a word at its piece's
    /// level, a space at its own, a CJK gap at the lower of its neighbours', the indent at
    /// the paragraph's.
    fn visual_order(&self, placed: Vec<Placed>, base: u8) -> Vec<Placed> {
        let glyph_level = |p: &Placed| match p {
            Placed::Glyphs { piece, .. } => Some(self.pieces[*piece].level),
            _ => None,
        };
        let levels: Vec<u8> = (0..placed.len())
            .map(|i| match &placed[i] {
                Placed::Indent(_) => base,
                Placed::Glyphs { piece, .. } => self.pieces[*piece].level,
                Placed::Space { level, .. } => *level,
                Placed::Gap { .. } => {
                    let before = placed[..i].iter().rev().find_map(glyph_level);
                    let after = placed[i + 1..].iter().find_map(glyph_level);
                    before.zip(after).map_or(base, |(a, b)| a.min(b))
                }
            })
            .collect();
        let order = crate::typeset::bidi::visual_order(&levels);
        let mut slots: Vec<Option<Placed>> = placed.into_iter().map(Some).collect();
        order.into_iter().filter_map(|i| slots[i].take()).collect()
    }

    /// The glyphs of a piece's run after which tracking widens the gap
    /// (`paragraph::tracked_gap`); never after the last.
    fn tracked_gaps<'g>(
        &self,
        piece: usize,
        glyphs: &'g [Glyph],
    ) -> impl Iterator<Item = usize> + 'g {
        super::tracked_gaps(self.pieces[piece].trackable, glyphs.len(), move |k| {
            glyphs[k].advance == 0.0
        })
    }

    /// Shapes a gathered fragment (whole pieces come from the cache as they are).
    fn flush(
        &self,
        cx: &mut ShapeContext<'_>,
        placed: &mut Vec<Placed>,
        open: Option<(usize, usize, usize)>,
    ) {
        let Some((pi, start, end)) = open else {
            return;
        };
        let p = &self.pieces[pi];
        let size = p.style.glyph_size();
        let glyphs = if start == 0 && end == p.text.len() {
            p.shaped.to_glyphs(p.text, size)
        } else {
            let text = &p.text[start..end];
            cx.shape(p.face, p.features(), text).to_glyphs(text, size)
        };
        let width = glyphs.iter().map(|g| g.advance).sum();
        placed.push(Placed::Glyphs {
            piece: pi,
            glyphs,
            width,
            gap_stretch: LETTER_STRETCH_EM * size,
            gap_shrink: LETTER_SHRINK_EM * size,
        });
    }

    /// Adds glyphs to the last run if it has the same face, size, scale and baseline; else
    /// starts one. `size` is the type size and the horizontal scale (font expansion).
    fn append(
        &self,
        runs: &mut Vec<GlyphRun>,
        piece: &Piece<'_>,
        (size, hscale): (f32, f32),
        rise: f32,
        x: f32,
        glyphs: Vec<Glyph>,
    ) {
        let font = self.fonts.font_id(piece.face);
        if let Some(run) = runs.last_mut() {
            if run.font == font && run.size == size && run.y == rise && run.hscale == hscale {
                run.glyphs.extend(glyphs);
                return;
            }
        }
        runs.push(GlyphRun {
            font,
            size,
            x,
            y: rise,
            hscale,
            glyphs,
        });
    }

    /// The horizontal scale of a line's glyphs (1: none) and what is left of `delta` for its
    /// spaces, by the breaker's split: only justified lines expand, never past the limit.
    fn expansion_of(
        &self,
        delta: f32,
        stretch: f32,
        shrink: f32,
        glyph_width: f32,
        fil: bool,
    ) -> (f32, f32) {
        if !self.justify || !self.expansion.is_on() || glyph_width <= 0.0 {
            return (1.0, delta);
        }
        let split = expansion::split(
            &self.expansion,
            f64::from(delta),
            f64::from(stretch),
            f64::from(shrink),
            f64::from(glyph_width),
            fil,
        );
        if split.glyphs == 0.0 {
            return (1.0, delta);
        }
        // Quantised to the PDF's precision of `Tz` (1/10000 of a percent), so the scale the
        // content stream says is the scale the positions were computed with.
        let limit = f64::from(self.expansion.limit);
        let factor = (split.glyphs / f64::from(glyph_width)).clamp(-limit, limit);
        let hscale = (((1.0 + factor) * 1e6).round() / 1e6) as f32;
        let taken = (hscale - 1.0) * glyph_width;
        (hscale, delta - taken)
    }
}

fn extend_tag(tags: &mut Vec<TagExtent>, tag: u32, x0: f32, x1: f32) {
    match tags.iter_mut().find(|t| t.tag == tag) {
        Some(t) => {
            t.x0 = t.x0.min(x0);
            t.x1 = t.x1.max(x1);
        }
        None => tags.push(TagExtent { tag, x0, x1 }),
    }
}
