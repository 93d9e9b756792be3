//! Page geometry: trim size, margins, the text block and its baseline grid.
//!
//! The defaults (`manuscript::print`) follow common trade-book practice for a 6 × 9 in page
//! set in 11 pt on 14 pt: a measure of about 66 characters, the inner margin (gutter) wider
//! than the outer so the text block sits visually centred on the open spread, and the foot
//! margin deeper than the head. The text block holds a whole number of lines, so every body
//! line sits on the grid.

use crate::manuscript::{
    PrintSettings, Trim, FOOT_DROP_LEADINGS, FURNITURE_SCALE, HEAD_RAISE_LEADINGS, INK_ASCENT,
    MIN_HEAD_RAISE_LEADINGS,
};

pub use crate::manuscript::{POINTS_PER_INCH, POINTS_PER_MM};

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
}

impl Geometry {
    /// The geometry the book's `print:` settings ask for, with defaults for what they omit.
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
        })
    }

    pub fn measure(&self) -> f32 {
        self.width - self.inner - self.outer
    }

    /// Left edge of the text block on page `index` (0-based; even indices are rectos).
    pub fn left(&self, index: usize) -> f32 {
        if index % 2 == 0 {
            self.inner
        } else {
            self.outer
        }
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
}
