//! Footnotes too long for the foot of a page.
//!
//! A note rides on the page that calls it, and the page breaker never splits one; a note
//! taller than the text block would be drawn up over the page's text. So a note taller than
//! half the text block is set in the text instead: after the top-level block that calls it,
//! between blank lines, at note size and with its number, one flow item per line, so that it
//! breaks across pages like any paragraph (never leaving its first or last line alone).
//! A shorter note the page breaker continues overleaf is cut between two of its lines by
//! [`note_part`].

use super::{Drawing, Flow, NOTE_LEADING_SCALE};
use crate::typeset::geometry::Geometry;
use crate::typeset::paginate::{note_lines, Break, FlowItem};

/// The most of the text block a note at the foot of a page may take.
const MAX_FOOT_SHARE: f32 = 0.5;

/// Whether a note of this height is set in the text rather than at the foot.
pub fn too_long(height: f32, g: &Geometry) -> bool {
    height > g.capacity() * MAX_FOOT_SHARE
}

/// A note (a block of `count` lines of `leading`) cut into its lines, each drawn from its
/// own top; the first keeps the note's anchor.
fn lines_of(note: Drawing, leading: f32, count: usize) -> Vec<Drawing> {
    let count = count.max(1);
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
    lines
}

/// Lines `from..to` of a note `height` tall set at `leading`, as one block drawn from the
/// top of line `from`: the part of a note continued overleaf that one page shows.
pub fn note_part(note: Drawing, height: f32, leading: f32, from: usize, to: usize) -> Drawing {
    let count = note_lines(height, leading);
    let mut part = Drawing::default();
    for (i, mut line) in lines_of(note, leading, count)
        .into_iter()
        .enumerate()
        .take(to)
        .skip(from)
    {
        let dy = (i - from) as f32 * leading;
        for run in &mut line.runs {
            run.y += dy;
        }
        for link in &mut line.links {
            link.2 += dy;
        }
        part.runs.append(&mut line.runs);
        part.links.append(&mut line.links);
        part.note_texts.append(&mut line.note_texts);
    }
    part
}

/// Append a note, set as a block of lines (`note`, `height` tall), to the flow line by line.
pub fn set_in_text(flow: &mut Flow, note: Drawing, height: f32, g: &Geometry) {
    let leading = g.leading * NOTE_LEADING_SCALE;
    let count = note_lines(height, leading).max(1);
    let lines = lines_of(note, leading, count);

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::{FontId, GlyphRun};
    use crate::typeset::flow::Dest;

    fn run_at(y: f32) -> GlyphRun {
        GlyphRun {
            font: FontId(0),
            size: 9.0,
            x: 0.0,
            y,
            hscale: 1.0,
            glyphs: Vec::new(),
        }
    }

    #[test]
    fn a_note_part_is_its_lines_drawn_from_the_first_ones_top() {
        // Five lines of 10 pt, baselines 8 pt below each line's top; a link on line 4.
        let leading = 10.0;
        let mut note = Drawing::default();
        for i in 0..5 {
            note.runs.push(run_at(i as f32 * leading + 8.0));
        }
        note.links
            .push((0.0, 5.0, 3.0 * leading, leading, Dest::NoteCall(1)));
        note.note_texts.push(1);
        let head = note_part(note.clone(), 5.0 * leading, leading, 0, 2);
        let ys: Vec<f32> = head.runs.iter().map(|r| r.y).collect();
        assert_eq!(ys, [8.0, 18.0]);
        assert!(head.links.is_empty());
        assert_eq!(head.note_texts, [1], "the head keeps the note's anchor");
        let tail = note_part(note, 5.0 * leading, leading, 2, 5);
        let ys: Vec<f32> = tail.runs.iter().map(|r| r.y).collect();
        assert_eq!(ys, [8.0, 18.0, 28.0]);
        assert_eq!(tail.links.len(), 1);
        assert_eq!(tail.links[0].2, leading, "the link moves up with its line");
        assert!(tail.note_texts.is_empty());
    }
}
