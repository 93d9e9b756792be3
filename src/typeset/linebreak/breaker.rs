//! The paragraph as both breakers see it: where a line may end, what a line between two
//! breaks measures, and where the line after a break starts. Kept apart from the algorithms so
//! that the total-fit passes and the first-fit safety net measure lines the same way.

use super::expansion::{self, Split};
use super::{Item, Params, INFINITE_PENALTY};

/// Slack when testing a line against its shrink, so a line that fits to within rounding
/// is not called overfull.
pub(super) const EPSILON: f64 = 1e-6;

/// Prefix sums: `width[i]` is the total natural width of glue and boxes among `items[..i]`.
pub(super) struct Sums {
    pub(super) width: Vec<f64>,
    pub(super) stretch: Vec<f64>,
    pub(super) shrink: Vec<f64>,
    pub(super) fil: Vec<u32>,
}

impl Sums {
    fn new(items: &[Item]) -> Sums {
        let n = items.len() + 1;
        let mut s = Sums {
            width: Vec::with_capacity(n),
            stretch: Vec::with_capacity(n),
            shrink: Vec::with_capacity(n),
            fil: Vec::with_capacity(n),
        };
        let (mut w, mut st, mut sh, mut fil) = (0.0, 0.0, 0.0, 0);
        for item in items {
            s.width.push(w);
            s.stretch.push(st);
            s.shrink.push(sh);
            s.fil.push(fil);
            match *item {
                Item::Box { width } => w += f64::from(width),
                Item::Glue {
                    width,
                    stretch,
                    shrink,
                } => {
                    w += f64::from(width);
                    if stretch.is_infinite() {
                        fil += 1;
                    } else {
                        st += f64::from(stretch);
                    }
                    sh += f64::from(shrink);
                }
                Item::Penalty { .. } | Item::Hyphen { .. } => {}
            }
        }
        s.width.push(w);
        s.stretch.push(st);
        s.shrink.push(sh);
        s.fil.push(fil);
        s
    }
}

/// A break candidate's properties.
#[derive(Clone, Copy)]
pub(super) struct Candidate {
    pub(super) cost: f64,
    pub(super) width: f64,
    pub(super) flagged: bool,
    pub(super) forced: bool,
}

pub(super) struct Breaker<'a> {
    items: &'a [Item],
    pub(super) params: &'a Params,
    pub(super) sums: Sums,
    /// Whether the list ends in a forced break; if not, `items.len()` acts as one.
    ends_forced: bool,
    /// `starts[b]`: the first item of the line after a break at `b`.
    pub(super) starts: Vec<usize>,
    /// `hang[i]`: how far a line starting at item `i` hangs into the left margin (empty
    /// when nothing does).
    hang: Vec<f64>,
    /// With font expansion on: `boxes[i]`, the total width of the boxes among `items[..i]`
    /// (what the glyphs' budget is a share of); empty when off.
    boxes: Vec<f64>,
}

impl<'a> Breaker<'a> {
    pub(super) fn new(items: &'a [Item], params: &'a Params) -> Breaker<'a> {
        let n = items.len();
        let ends_forced =
            matches!(items[n - 1], Item::Penalty { cost, .. } if cost <= -INFINITE_PENALTY);
        // After a break, glue and penalties are discarded up to the next box (or forced break,
        // which must still be seen). Computed backwards in one sweep.
        let mut starts = vec![n; n + 1];
        let mut next_keep = n;
        for i in (0..n).rev() {
            starts[i] = next_keep;
            let keep = match items[i] {
                Item::Box { .. } => true,
                Item::Penalty { cost, .. } => cost <= -INFINITE_PENALTY,
                Item::Glue { .. } | Item::Hyphen { .. } => false,
            };
            if keep {
                next_keep = i;
            }
        }
        let mut hang = Vec::new();
        if !params.left_hang.is_empty() {
            hang = vec![0.0; n + 1];
            for &(i, h) in &params.left_hang {
                if let Some(slot) = hang.get_mut(i) {
                    *slot = f64::from(h);
                }
            }
        }
        let mut boxes = Vec::new();
        if params.expansion.is_on() {
            boxes.reserve(n + 1);
            let mut w = 0.0;
            for item in items {
                boxes.push(w);
                if let Item::Box { width } = *item {
                    w += f64::from(width);
                }
            }
            boxes.push(w);
        }
        Breaker {
            items,
            params,
            sums: Sums::new(items),
            ends_forced,
            starts,
            hang,
            boxes,
        }
    }

    /// What the glyphs of the line from item `start` to a break at `b` take of its
    /// `shortfall` by font expansion (nothing when it is off), given the glue's `stretch`
    /// and `shrink`.
    pub(super) fn expand(
        &self,
        start: usize,
        b: usize,
        shortfall: f64,
        stretch: f64,
        shrink: f64,
        fil: bool,
    ) -> Split {
        let glyphs = match (self.boxes.get(b), self.boxes.get(start)) {
            (Some(end), Some(from)) => end - from,
            _ => 0.0,
        };
        expansion::split(
            &self.params.expansion,
            shortfall,
            stretch,
            shrink,
            glyphs,
            fil,
        )
    }

    /// The demerits of a line using `used` of its expansion budget.
    pub(super) fn expansion_demerits(&self, used: f64) -> f64 {
        expansion::demerits(&self.params.expansion, used)
    }

    /// Natural width of the line from item `start` to a break at `b`: its material, the
    /// break's own width, less what hangs into the margins.
    pub(super) fn natural(&self, start: usize, b: usize, cand: &Candidate) -> f64 {
        let s = &self.sums;
        s.width[b] - s.width[start] + cand.width - self.hang.get(start).copied().unwrap_or(0.0)
    }

    /// The last position that may be a break (a virtual one past the end if needed).
    pub(super) fn last_position(&self) -> usize {
        if self.ends_forced {
            self.items.len() - 1
        } else {
            self.items.len()
        }
    }

    pub(super) fn candidate(&self, b: usize, hyphenate: bool) -> Option<Candidate> {
        let Some(item) = self.items.get(b) else {
            // The virtual forced break after the last item.
            return Some(Candidate {
                cost: -f64::from(INFINITE_PENALTY),
                width: 0.0,
                flagged: false,
                forced: true,
            });
        };
        match *item {
            Item::Box { .. } => None,
            // Glue is a breakpoint only right after a box: spaces do not break twice.
            Item::Glue { .. } => {
                matches!(self.items.get(b.wrapping_sub(1)), Some(Item::Box { .. })).then_some(
                    Candidate {
                        cost: 0.0,
                        width: 0.0,
                        flagged: false,
                        forced: false,
                    },
                )
            }
            Item::Penalty {
                width,
                cost,
                flagged,
            } => (cost < INFINITE_PENALTY).then_some(Candidate {
                cost: f64::from(cost.max(-INFINITE_PENALTY)),
                width: f64::from(width),
                flagged,
                forced: cost <= -INFINITE_PENALTY,
            }),
            Item::Hyphen { width, cost } => {
                (hyphenate && cost < INFINITE_PENALTY).then_some(Candidate {
                    cost: f64::from(cost),
                    width: f64::from(width),
                    flagged: true,
                    forced: false,
                })
            }
        }
    }
}
