//! The cover wrap's measurements: back, spine and front side by side, with bleed round all.
//!
//! Coordinates are the wrap's trim coordinates, as for a book page: the origin is the lower
//! left corner of the trimmed wrap (the back cover's outside edge at the foot), so the bleed
//! lies at negative x and y and beyond the width and height.
//!
//!     x: 0 ........ W | W ... W+S | W+S ........ 2W+S
//!           back        spine         front
//!
//! A right-to-left book's wrap is the mirror: its front is at the left, its back at the
//! right (the book opens the other way, `page::Progression`).
//!
//! The spine is as thick as the book block: pages × paper thickness per page (printers
//! publish their papers' figures; KDP's white is 0.002252 in a page, cream 0.0025 in).

use crate::manuscript::{PrintSettings, DEFAULT_BLEED, PAPER_WHITE};
use crate::page::Progression;
use crate::typeset::geometry::POINTS_PER_INCH;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CoverGeometry {
    /// The book's trim size, in points: each of back and front is this size.
    pub trim_width: f32,
    pub trim_height: f32,
    pub spine: f32,
    pub bleed: f32,
    /// The book's page count, which makes the spine.
    pub pages: usize,
    /// Which way the book opens: which side of the spine its front is on.
    pub progression: Progression,
}

impl CoverGeometry {
    /// The wrap of a book of `pages` pages with trim `trim` (points) and the book's print
    /// settings: its paper (white if unset) and bleed (0.125 in if unset: a cover always
    /// prints to the edge).
    pub fn new(trim: (f32, f32), pages: usize, print: &PrintSettings) -> CoverGeometry {
        let paper = print.paper.unwrap_or(PAPER_WHITE);
        let bleed = print.bleed.filter(|b| *b > 0.0).unwrap_or(DEFAULT_BLEED);
        CoverGeometry {
            trim_width: trim.0,
            trim_height: trim.1,
            spine: spine_width(pages, paper),
            bleed,
            pages,
            progression: Progression::LeftToRight,
        }
    }

    /// The wrap of a book that opens the way `progression` says.
    pub fn turning(self, progression: Progression) -> CoverGeometry {
        CoverGeometry {
            progression,
            ..self
        }
    }

    /// Whether the front is at the wrap's left (a right-to-left book).
    pub fn front_at_left(&self) -> bool {
        self.progression == Progression::RightToLeft
    }

    /// The trimmed wrap's width: back, spine and front.
    pub fn width(&self) -> f32 {
        2.0 * self.trim_width + self.spine
    }

    /// The sheet's width, bleed included: 2 × trim + spine + 2 × bleed.
    pub fn sheet_width(&self) -> f32 {
        self.width() + 2.0 * self.bleed
    }

    pub fn sheet_height(&self) -> f32 {
        self.trim_height + 2.0 * self.bleed
    }

    /// x of the spine's left fold (the back cover's right edge).
    pub fn spine_left(&self) -> f32 {
        self.trim_width
    }

    /// x of the front cover's left edge: the spine's right fold, or the wrap's left edge
    /// in a right-to-left book.
    pub fn front_left(&self) -> f32 {
        if self.front_at_left() {
            0.0
        } else {
            self.trim_width + self.spine
        }
    }

    /// x of the back cover's left edge: the wrap's left edge, or the spine's right fold in a
    /// right-to-left book.
    pub fn back_left(&self) -> f32 {
        if self.front_at_left() {
            self.trim_width + self.spine
        } else {
            0.0
        }
    }
}

/// Spine width in points of `pages` pages of paper `paper` inches thick a page.
pub fn spine_width(pages: usize, paper: f32) -> f32 {
    pages as f32 * paper * POINTS_PER_INCH
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spine_is_page_count_times_paper() {
        // KDP's own example: 300 pages of white paper make a 0.6756 in spine.
        let s = spine_width(300, PAPER_WHITE) / POINTS_PER_INCH;
        assert!((s - 0.6756).abs() < 1e-4, "{s}");
        let cream = spine_width(300, crate::manuscript::PAPER_CREAM) / POINTS_PER_INCH;
        assert!((cream - 0.75).abs() < 1e-4, "{cream}");
    }

    #[test]
    fn wrap_defaults_to_white_paper_and_eighth_inch_bleed() {
        let g = CoverGeometry::new((432.0, 648.0), 24, &PrintSettings::default());
        assert_eq!(g.bleed, 9.0);
        let w_in = g.sheet_width() / POINTS_PER_INCH;
        assert!(
            (w_in - (12.0 + 24.0 * 0.002252 + 0.25)).abs() < 1e-4,
            "{w_in}"
        );
        assert!((g.front_left() - g.spine_left() - g.spine).abs() < 1e-3);
        assert_eq!(g.back_left(), 0.0);
        // A right-to-left book's wrap: the front at the left, the back past the spine.
        let r = g.turning(Progression::RightToLeft);
        assert_eq!(r.front_left(), 0.0);
        assert!((r.back_left() - r.spine_left() - r.spine).abs() < 1e-3);
        assert_eq!(r.spine_left(), g.spine_left());
    }

    #[test]
    fn book_settings_choose_paper_and_bleed() {
        let print = PrintSettings {
            paper: Some(0.0025),
            bleed: Some(8.5),
            ..PrintSettings::default()
        };
        let g = CoverGeometry::new((432.0, 648.0), 200, &print);
        assert!((g.spine - 36.0).abs() < 1e-3);
        assert_eq!(g.bleed, 8.5);
        assert_eq!(g.sheet_height(), 648.0 + 17.0);
    }
}
