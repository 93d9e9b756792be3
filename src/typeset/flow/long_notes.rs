//! Footnotes too long for the foot of a page.
//!
//! A note rides on the page that calls it, and the page breaker never splits one; a note
//! taller than the text block would be drawn up over the page's text. So a note taller than
//! half the text block is set in the text instead: after the top-level block that calls it,
//! between blank lines, at note size and with its number, one flow item per line, so that it
//! breaks across pages like any paragraph (never leaving its first or last line alone).

use super::{Drawing, Flow, NOTE_LEADING_SCALE};
use crate::typeset::geometry::Geometry;
use crate::typeset::paginate::{Break, FlowItem};

/// The most of the text block a note at the foot of a page may take.
const MAX_FOOT_SHARE: f32 = 0.5;

/// Whether a note of this height is set in the text rather than at the foot.
pub fn too_long(height: f32, g: &Geometry) -> bool {
    height > g.capacity() * MAX_FOOT_SHARE
}

/// Append a note, set as a block of lines (`note`, `height` tall), to the flow line by line.
pub fn set_in_text(flow: &mut Flow, note: Drawing, height: f32, g: &Geometry) {
    let leading = g.leading * NOTE_LEADING_SCALE;
    let count = ((height / leading).round() as usize).max(1);
    let line_of = |y: f32| ((y / leading).max(0.0) as usize).min(count - 1);
    let mut lines = vec![Drawing::default(); count];
    for mut run in note.runs {
        // A run's y is its baseline's distance below the block's top.
        let i = line_of(run.y);
        run.y -= i as f32 * leading;
        lines[i].runs.push(run);
    }
    for (x0, x1, y, h, dest) in note.links {
        // A link's y is the top of its line; nudge it inside the line before dividing.
        let i = line_of(y + leading * 0.5);
        lines[i]
            .links
            .push((x0, x1, y - i as f32 * leading, h, dest));
    }
    lines[0].note_texts = note.note_texts;

    flow.space(g.leading);
    for (i, drawing) in lines.into_iter().enumerate() {
        let last = i + 1 == count;
        // No break after the first line (an orphan) or before the last (a widow).
        let brk = if last || (i > 0 && i + 2 < count) {
            Break::Allowed { penalty: 0.0 }
        } else {
            Break::Never
        };
        // On the body's grid, a line of it for each note line: a page that ends inside
        // the note ends on a baseline its facing page can share.
        let mut drawing = drawing;
        let lift = super::baseline_in(g.leading, g) - super::NOTE_BASELINE * leading;
        for run in &mut drawing.runs {
            run.y += lift;
        }
        flow.push(FlowItem::line(g.leading, brk), drawing);
    }
    // Back on the baseline grid, then a blank line.
    let total = count as f32 * g.leading;
    let on_grid = (total / g.leading - 0.01).ceil() * g.leading;
    flow.space(on_grid - total + g.leading);
}
