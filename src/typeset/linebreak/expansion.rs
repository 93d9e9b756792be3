//! Font expansion (`print.expansion`): how much of a line's shortfall its glyphs take by
//! being set a little wider or narrower, and how much is left for its spaces.
//!
//! Why: the spaces of a line are a coarse control, and where the text has long words there
//! are few of them: the breaker must choose between a hyphen and a loose line. Scaling every
//! glyph of the line horizontally by at most a percent or two (Hermann Zapf's hz-program;
//! pdfTeX's `\pdfadjustspacing`, microtype's `expansion`) gives the line a second budget the
//! eye does not see at that size. Unlike pdfTeX, which expands every line by the same ratio
//! as its glue, the glyphs here are called on only past a point: the spaces take the first
//! part of the shortfall alone, up to [`Expansion::from_ratio`] of their stretch (or shrink);
//! the glyphs then take what they can; only past that do the spaces go further. A line that
//! sets well on its spaces is never expanded; one that would be loose, tight, or would need a
//! hyphen is. Each expanded line costs demerits ([`Expansion::demerits`], by the square of
//! the share of its budget used) so the breaker spends the budget where it buys most.
//!
//! The same split is used by the breaker (to measure a line) and by the setter (to set it):
//! the two cannot disagree about what a line does.

/// The knobs of font expansion. `limit` 0 turns it off.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Expansion {
    /// The most a glyph may be widened or narrowed, as a fraction of its width (0.02: 2%).
    pub limit: f32,
    /// The share of the spaces' stretch or shrink (adjustment ratio) used before the glyphs
    /// are: 0.5 lets spaces reach 1.25x natural on their own.
    pub from_ratio: f32,
    /// Demerits of a line using all of its expansion (less, by the square, for a part).
    pub demerits: f32,
}

impl Expansion {
    /// No expansion.
    pub const OFF: Expansion = Expansion {
        limit: 0.0,
        from_ratio: 1.0,
        demerits: 0.0,
    };

    pub fn is_on(&self) -> bool {
        self.limit > 0.0
    }
}

/// What a line's glyphs take of its shortfall.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Split {
    /// Points taken by the glyphs (positive: wider, negative: narrower).
    pub glyphs: f64,
    /// Points left for the spaces.
    pub rest: f64,
    /// `glyphs` as a share of what the glyphs could have taken (0..=1).
    pub used: f64,
}

/// Splits `shortfall` (points the line must grow, negative: shrink) between its glyphs, of
/// natural width `glyph_width`, and its spaces, which may stretch by `stretch` and shrink by
/// `shrink` points. Fil lines (a paragraph's last) take no stretch from their glyphs.
pub fn split(
    e: &Expansion,
    shortfall: f64,
    stretch: f64,
    shrink: f64,
    glyph_width: f64,
    fil: bool,
) -> Split {
    let budget = f64::from(e.limit.max(0.0)) * glyph_width.max(0.0);
    let none = Split {
        glyphs: 0.0,
        rest: shortfall,
        used: 0.0,
    };
    if budget <= 0.0 || shortfall == 0.0 || (fil && shortfall > 0.0) {
        return none;
    }
    let space = if shortfall > 0.0 { stretch } else { shrink };
    let alone = f64::from(e.from_ratio.max(0.0)) * space.max(0.0);
    let need = shortfall.abs() - alone;
    if need <= 0.0 {
        return none;
    }
    let taken = need.min(budget);
    let glyphs = taken.copysign(shortfall);
    Split {
        glyphs,
        rest: shortfall - glyphs,
        used: taken / budget,
    }
}

/// The demerits of a line that uses `used` (0..=1) of its expansion budget.
pub fn demerits(e: &Expansion, used: f64) -> f64 {
    f64::from(e.demerits) * used * used
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO: Expansion = Expansion {
        limit: 0.02,
        from_ratio: 0.5,
        demerits: 1000.0,
    };

    #[test]
    fn spaces_first_then_glyphs_then_spaces() {
        // 10 pt of stretch, 300 pt of glyphs (6 pt of expansion).
        let s = split(&TWO, 4.0, 10.0, 4.0, 300.0, false);
        assert_eq!(
            (s.glyphs, s.rest),
            (0.0, 4.0),
            "within half the stretch: none"
        );
        let s = split(&TWO, 8.0, 10.0, 4.0, 300.0, false);
        assert!(
            (s.glyphs - 3.0).abs() < 1e-9 && (s.rest - 5.0).abs() < 1e-9,
            "{s:?}"
        );
        assert!((s.used - 0.5).abs() < 1e-6);
        let s = split(&TWO, 20.0, 10.0, 4.0, 300.0, false);
        assert!(
            (s.glyphs - 6.0).abs() < 1e-6 && (s.rest - 14.0).abs() < 1e-6,
            "{s:?}"
        );
        assert_eq!(s.used, 1.0);
        // Shrinking: past half of the 4 pt shrink, the glyphs narrow.
        let s = split(&TWO, -5.0, 10.0, 4.0, 300.0, false);
        assert!(
            (s.glyphs + 3.0).abs() < 1e-9 && (s.rest + 2.0).abs() < 1e-9,
            "{s:?}"
        );
    }

    #[test]
    fn never_past_the_limit_and_nothing_when_off() {
        for shortfall in [-50.0, -7.0, -1.0, 0.0, 1.0, 7.0, 50.0, 1e6] {
            for width in [0.0, 10.0, 300.0] {
                let s = split(&TWO, shortfall, 10.0, 4.0, width, false);
                assert!(
                    s.glyphs.abs() <= 0.02 * width + 1e-9,
                    "{shortfall} {width} {s:?}"
                );
                assert!(s.used <= 1.0);
                assert!((s.glyphs + s.rest - shortfall).abs() < 1e-9);
                let off = split(&Expansion::OFF, shortfall, 10.0, 4.0, width, false);
                assert_eq!((off.glyphs, off.rest, off.used), (0.0, shortfall, 0.0));
            }
        }
        // The last line of a paragraph keeps its glyphs' natural width when it is short.
        assert_eq!(split(&TWO, 40.0, 0.0, 4.0, 300.0, true).glyphs, 0.0);
        assert_eq!(demerits(&TWO, 0.0), 0.0);
        assert_eq!(demerits(&TWO, 1.0), 1000.0);
    }
}
