//! First-fit line breaking: fill each line as far as it goes. Only a safety net behind the
//! total-fit passes (which always reach the end), so a bug there cannot stop a book building.

use super::breaker::{Breaker, Candidate, EPSILON};
use super::{Breaks, Line, Pass};

impl Breaker<'_> {
    /// First-fit: fill each line as far as it goes. Only a safety net.
    pub(super) fn first_fit(&self) -> Breaks {
        let last = self.last_position();
        let mut lines = Vec::new();
        let (mut start, mut line) = (0, 0);
        // The last break seen that still fits on the current line.
        let mut fitting: Option<usize> = None;
        let mut b = 0;
        while b <= last {
            let Some(cand) = self.candidate(b, true).filter(|_| start <= b) else {
                b += 1;
                continue;
            };
            let width = self.params.line_width(line);
            let (natural, shrink) = self.natural_and_shrink(start, b, &cand);
            let fits = natural - shrink <= width + EPSILON;
            if fits && !cand.forced {
                fitting = Some(b);
                b += 1;
                continue;
            }
            let end = if fits { b } else { fitting.unwrap_or(b) };
            let end_cand = self.candidate(end, true).unwrap_or(cand);
            let (natural, shrink) = self.natural_and_shrink(start, end, &end_cand);
            lines.push(Line {
                start,
                end,
                ratio: 0.0,
                badness: 0.0,
                natural_width: natural as f32,
                width: width as f32,
                flagged: end_cand.flagged,
                overfull: natural - shrink > width + EPSILON,
            });
            start = self.starts[end];
            line += 1;
            fitting = None;
            b = end + 1;
        }
        Breaks {
            lines,
            pass: Pass::LastResort,
            demerits: f64::INFINITY,
        }
    }

    fn natural_and_shrink(&self, start: usize, b: usize, cand: &Candidate) -> (f64, f64) {
        let s = &self.sums;
        (self.natural(start, b, cand), s.shrink[b] - s.shrink[start])
    }
}
