//! Page geometry: trim size, margins, the text block and its baseline grid.
//!
//! The defaults (`manuscript::print`) follow common trade-book practice for a 6 × 9 in page
//! set in 11 pt on 14 pt: a measure of about 66 characters, the inner margin (gutter) wider
//! than the outer so the text block sits visually centred on the open spread, and the foot
//! margin deeper than the head. The text block holds a whole number of lines, so every body
//! line sits on the grid. A right-to-left book's pages are the mirror of a left-to-right
//! one's: its rectos are left-hand pages, with the gutter at their right
//! (`page::Progression`).

use crate::manuscript::{
    PrintSettings, Trim, FOOT_DROP_LEADINGS, FURNITURE_SCALE, HEAD_RAISE_LEADINGS, INK_ASCENT,
    MIN_HEAD_RAISE_LEADINGS,
};

pub use crate::manuscript::{POINTS_PER_INCH, POINTS_PER_MM};
use crate::page::Progression;

#[derive(Debug, Clone, PartialEq)]
pub struct Geometry {
    pub width: f32,
    pub height: f32,
    pub top: f32,
    pub bottom: f32,
    pub inner: f32,
    pub outer: f32,
    pub font_size: f32,
    pub leading: f32,
    /// Lines of body text on a full page.
    pub lines: usize,
    pub justify: bool,
    /// The running head's baseline above the text block's top: 1.6 leadings, less when the
    /// top margin would otherwise put the head in the printer profile's safe zone.
    pub head_raise: f32,
    /// Which way the leaves turn: which side of a page its gutter is on.
    pub progression: Progression,
}

impl Geometry {
    /// The geometry the book's `print:` settings ask for, with defaults for what they omit,
    /// for a book whose leaves turn left to right (see [`Geometry::turning`]).
    /// The loader has refused settings that leave no room for text; an error here comes of
    /// a gutter widened for a thick book.
    pub fn from_settings(print: &PrintSettings) -> Result<Geometry, String> {
        if let Some(problem) = print.text_block_problem() {
            return Err(problem);
        }
        let Trim { width, height } = print.trim;
        let (font_size, leading) = (print.font_size(), print.leading());
        let [top, bottom, inner, outer] = print.margins();
        let lines = ((height - top - bottom) / leading).floor() as usize;
        // Give the rounding remainder to the foot, keeping the head margin as asked.
        let bottom = height - top - lines as f32 * leading;
        let bleed = print.bleed.is_some_and(|b| b > 0.0);
        let (_, safe) = print.profile.rules().margins(bleed);
        let room = top - safe - INK_ASCENT * FURNITURE_SCALE * font_size;
        let head_raise = room.clamp(
            MIN_HEAD_RAISE_LEADINGS * leading,
            HEAD_RAISE_LEADINGS * leading,
        );
        Ok(Geometry {
            width,
            height,
            top,
            bottom,
            inner,
            outer,
            font_size,
            leading,
            lines,
            justify: print.justify,
            head_raise,
            progression: Progression::LeftToRight,
        })
    }

    /// The same pages in a book whose leaves turn the way `progression` says: a
    /// right-to-left book has its gutter at the right of a recto.
    pub fn turning(self, progression: Progression) -> Geometry {
        Geometry {
            progression,
            ..self
        }
    }

    pub fn measure(&self) -> f32 {
        self.width - self.inner - self.outer
    }

    /// Left edge of the text block on page `index` (0-based; even indices are rectos): the
    /// gutter's width when the spine is at the page's left, else the outer margin's.
    pub fn left(&self, index: usize) -> f32 {
        if self.outer_edge_right(index) {
            self.inner
        } else {
            self.outer
        }
    }

    /// Whether the book runs right to left: its furniture (contents, copyright page) ranges
    /// right.
    pub fn right_to_left(&self) -> bool {
        self.progression == Progression::RightToLeft
    }

    /// Whether page `index`'s outer edge (where its folio goes) is its right.
    pub fn outer_edge_right(&self, index: usize) -> bool {
        self.progression.outer_edge_right(index)
    }

    /// y of the top of the text block (PDF coordinates, origin at the bottom).
    pub fn block_top(&self) -> f32 {
        self.height - self.top
    }

    pub fn capacity(&self) -> f32 {
        self.lines as f32 * self.leading
    }

    /// y of the text block's foot on a full page.
    pub fn block_bottom(&self) -> f32 {
        self.block_top() - self.capacity()
    }

    /// The lowest a body line may sit: a page run one line long to save a widow (see
    /// `paginate`) takes one line below the block's foot, so the frame includes it.
    pub fn body_floor(&self) -> f32 {
        self.block_bottom() - self.leading
    }

    /// The running head's baseline.
    pub fn head_baseline(&self) -> f32 {
        self.block_top() + self.head_raise
    }

    /// A foot folio's baseline (the front matter's).
    pub fn foot_baseline(&self) -> f32 {
        self.block_bottom() - self.leading * FOOT_DROP_LEADINGS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_six_by_nine_with_a_wider_gutter_and_whole_lines() {
        let g = Geometry::from_settings(&PrintSettings::default()).unwrap();
        assert_eq!((g.width, g.height), (432.0, 648.0));
        assert!(g.inner > g.outer);
        assert!(g.bottom > g.top);
        let block = g.height - g.top - g.bottom;
        assert!((block - g.lines as f32 * g.leading).abs() < 1e-3);
        assert!((300.0..330.0).contains(&g.measure()), "{}", g.measure());
    }

    #[test]
    fn a_right_to_left_book_has_its_gutter_at_the_right_of_a_recto() {
        let ltr = Geometry::from_settings(&PrintSettings::default()).unwrap();
        let rtl = ltr.clone().turning(Progression::RightToLeft);
        // A left-to-right recto's text block starts past the gutter; a right-to-left
        // recto's past the outer margin, and ends the gutter's width from the right edge.
        assert_eq!(ltr.left(0), ltr.inner);
        assert_eq!(rtl.left(0), rtl.outer);
        assert!((rtl.width - rtl.left(0) - rtl.measure() - rtl.inner).abs() < 1e-3);
        assert_eq!(rtl.left(1), ltr.left(0));
        assert!(ltr.outer_edge_right(0) && !ltr.outer_edge_right(1));
        assert!(!rtl.outer_edge_right(0) && rtl.outer_edge_right(1));
    }
}
