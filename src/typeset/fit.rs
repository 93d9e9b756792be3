//! The page-fit invariant: after composition every glyph, rule and image of every page lies
//! in its frame, the text block (with the one line a page run long may take below it), the
//! running head's line or the foot's folio line, and those frames lie inside the printer
//! profile's safe zone. It runs on every build, release too: a layout that breaks it is an
//! error naming the page, the piece and, where the text can be found in it, the line, never
//! ink silently printed off the page.
//!
//! A glyph's ink is taken as a book face's ascender and descender (0.72 em above the
//! baseline, 0.25 em below), its width as the run's advances: the check needs no font
//! tables and errs on the side of ink. The PDF is checked again from outside by the tests.

use std::path::Path;

use super::geometry::Geometry;
use super::paragraph::MAX_HANG_EM;
use crate::diag::{Diagnostic, Diagnostics};
use crate::manuscript::{Piece, ProfileRules, POINTS_PER_INCH};
use crate::page::{GlyphRun, Layout, PageItem};

/// Rounding in the engine's arithmetic; nothing a reader can see.
const SLOP: f32 = 0.75;
/// Reports beyond this many say only how many more there are.
const MAX_REPORTS: usize = 12;
const EM_ABOVE: f32 = 0.72;
const EM_BELOW: f32 = 0.25;

/// A rectangle: left, bottom, right, top (PDF coordinates of the trim page).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Rect([f32; 4]);

impl Rect {
    fn holds(&self, other: &Rect) -> bool {
        let [l, b, r, t] = self.0;
        let [ol, ob, or, ot] = other.0;
        ol >= l - SLOP && ob >= b - SLOP && or <= r + SLOP && ot <= t + SLOP
    }

    /// How far `other` reaches past this rectangle, and which way, for the message.
    fn overrun(&self, other: &Rect) -> (f32, &'static str) {
        let [l, b, r, t] = self.0;
        let [ol, ob, or, ot] = other.0;
        [
            (b - ob, "below"),
            (ot - t, "above"),
            (l - ol, "left of"),
            (or - r, "right of"),
        ]
        .into_iter()
        .max_by(|x, y| x.0.total_cmp(&y.0))
        .unwrap_or((0.0, "outside"))
    }
}

/// The frames of page `index`.
struct Frames {
    block: Rect,
    head: Rect,
    foot: Rect,
    head_baseline: f32,
    foot_baseline: f32,
}

fn frames(g: &Geometry, index: usize, rules: &ProfileRules, bleed: bool) -> Frames {
    let left = g.left(index);
    let right = left + g.measure();
    let (_, furniture) = rules.margins(bleed);
    Frames {
        block: Rect([left, g.body_floor(), right, g.block_top()]),
        head: Rect([left, g.block_top(), right, g.height - furniture]),
        foot: Rect([left, furniture, right, g.block_bottom()]),
        head_baseline: g.head_baseline(),
        foot_baseline: g.foot_baseline(),
    }
}

fn run_box(run: &GlyphRun) -> Rect {
    let width: f32 = run.glyphs.iter().map(|g| g.advance).sum();
    Rect([
        run.x.min(run.x + width),
        run.y - EM_BELOW * run.size,
        run.x.max(run.x + width),
        run.y + EM_ABOVE * run.size,
    ])
}

/// What broke the invariant on one page: the thing, its box and its frame.
struct Offence {
    page: usize,
    what: String,
    text: Option<String>,
    frame: &'static str,
    by: f32,
    side: &'static str,
}

/// Check every page of `layout`; `first_pages[k]` is the first page of the k-th piece in
/// reading order (an index into `layout.pages`), to say whose text is off its frame.
pub fn check(
    layout: &Layout,
    g: &Geometry,
    rules: &ProfileRules,
    pieces: &[&Piece],
    first_pages: &[usize],
) -> Diagnostics {
    let bleed = layout.print.bleed > 0.0;
    let mut offences = Vec::new();
    for (index, page) in layout.pages.iter().enumerate() {
        let f = frames(g, index, rules, bleed);
        let mut found = None;
        for item in &page.items {
            if let Some(o) = offence(item, &f, g, layout.print.bleed) {
                found = Some(o);
                break;
            }
        }
        if let Some((what, text, frame, by, side)) = found {
            offences.push(Offence {
                page: index,
                what,
                text,
                frame,
                by,
                side,
            });
        }
    }
    let mut d = Diagnostics::default();
    for o in offences.iter().take(MAX_REPORTS) {
        let folio = layout.pages[o.page]
            .folio
            .clone()
            .unwrap_or_else(|| (o.page + 1).to_string());
        let piece = first_pages.iter().rposition(|&first| first <= o.page);
        let quoted = o
            .text
            .as_deref()
            .map(|t| format!(" (\u{201c}{}\u{201d})", t.trim()))
            .unwrap_or_default();
        let message = format!(
            "page {folio}: {}{quoted} reaches {:.1} pt ({:.2} in) {} its {}",
            o.what,
            o.by,
            o.by / POINTS_PER_INCH,
            o.side,
            o.frame
        );
        let hint = "this page's content does not fit its frame at this trim: shorten the piece's opening (its `note:` or standfirst), use a larger `trim` or smaller `font-size`, or report it as a bug in folio";
        let mut e = Diagnostic::error(message).hint(hint);
        e = match piece.and_then(|k| pieces.get(k)) {
            Some(p) => place(e, p, o.text.as_deref()),
            None => e.in_file(Path::new("manuscript/book.yaml")),
        };
        d.push(e);
    }
    if offences.len() > MAX_REPORTS {
        d.push(
            Diagnostic::error(format!(
                "and {} more pages whose content does not fit its frame",
                offences.len() - MAX_REPORTS
            ))
            .in_file(Path::new("manuscript/book.yaml")),
        );
    }
    d
}

type Found = (String, Option<String>, &'static str, f32, &'static str);

fn offence(item: &PageItem, f: &Frames, g: &Geometry, bleed: f32) -> Option<Found> {
    // The quoted text is made only for an offence: most runs fit, and the check runs on
    // every build.
    let check = |what: &str,
                 text: &dyn Fn() -> Option<String>,
                 r: Rect,
                 frame: Rect,
                 name: &'static str| {
        (!frame.holds(&r)).then(|| {
            let (by, side) = frame.overrun(&r);
            (what.to_owned(), text(), name, by, side)
        })
    };
    let no_text = || None;
    match item {
        PageItem::Text(run) => {
            let r = run_box(run);
            let text = || {
                let text: String = run.glyphs.iter().map(|g| g.text.as_str()).collect();
                Some(text.chars().take(60).collect())
            };
            let text = &text;
            if (run.y - f.head_baseline).abs() < SLOP {
                check(
                    "the running head",
                    text,
                    r,
                    f.head,
                    "head's frame (the profile's safe zone)",
                )
            } else if (run.y - f.foot_baseline).abs() < SLOP {
                check(
                    "the folio",
                    text,
                    r,
                    f.foot,
                    "foot's frame (the profile's safe zone)",
                )
            } else {
                // Margin kerning hangs light punctuation past the block's edges, by design.
                let hang = MAX_HANG_EM * run.size;
                let [l, b, rt, t] = f.block.0;
                let block = Rect([l - hang, b, rt + hang, t]);
                check("a line of text", text, r, block, "text block")
            }
        }
        PageItem::Rule {
            x0,
            y0,
            x1,
            y1,
            width,
        } => {
            let h = width / 2.0;
            let r = Rect([x0.min(*x1), y0.min(*y1) - h, x0.max(*x1), y0.max(*y1) + h]);
            check("a rule", &no_text, r, f.block, "text block")
        }
        PageItem::Image {
            x,
            y,
            width,
            height,
            ..
        } => check(
            "an image",
            &no_text,
            Rect([*x, *y, x + width, y + height]),
            f.block,
            "text block",
        ),
        PageItem::Fill {
            x,
            y,
            width,
            height,
            ..
        } => {
            // Art that prints to the edge: inside the bleed.
            let sheet = Rect([-bleed, -bleed, g.width + bleed, g.height + bleed]);
            check(
                "a filled area",
                &no_text,
                Rect([*x, *y, x + width, y + height]),
                sheet,
                "bleed",
            )
        }
        // Links draw nothing; a turned frame is a cover's (checked by the cover).
        PageItem::Link { .. } | PageItem::Rotated { .. } => None,
    }
}

/// At the line of the piece where the text is found, else at the piece's file.
fn place(d: Diagnostic, piece: &Piece, text: Option<&str>) -> Diagnostic {
    // The first few words, which a line break in the source does not split.
    let words: Vec<&str> = text.unwrap_or("").split_whitespace().take(3).collect();
    let needle = words.join(" ");
    match (needle.len() >= 8)
        .then(|| piece.body.find(&needle))
        .flatten()
    {
        Some(offset) => crate::doc::source::SourceMap::place(d, piece, offset),
        None => d.in_file(&piece.path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manuscript::{PrintSettings, Profile};
    use crate::page::{Glyph, GlyphText, Page};

    fn layout_with(items: Vec<PageItem>, g: &Geometry) -> Layout {
        Layout {
            width: g.width,
            height: g.height,
            pages: vec![Page {
                items,
                folio: Some("1".into()),
            }],
            fonts: Vec::new(),
            images: Vec::new(),
            outline: Vec::new(),
            title: "T".into(),
            author: None,
            language: "en".into(),
            progression: Default::default(),
            subject: None,
            timestamp: 0,
            print: Default::default(),
        }
    }

    fn line(x: f32, y: f32, size: f32) -> PageItem {
        PageItem::Text(GlyphRun {
            font: crate::page::FontId(0),
            size,
            x,
            y,
            hscale: 1.0,
            glyphs: vec![
                Glyph {
                    id: 1,
                    advance: 100.0,
                    text: GlyphText::from("Words"),
                    dx: 0,
                    dy: 0,
                };
                1
            ],
        })
    }

    fn problems(items: Vec<PageItem>, profile: Profile) -> usize {
        let g = Geometry::from_settings(&PrintSettings::default()).unwrap();
        check(&layout_with(items, &g), &g, profile.rules(), &[], &[])
            .errors()
            .count()
    }

    #[test]
    fn a_line_below_the_block_or_a_head_in_the_safe_zone_is_an_error() {
        let g = Geometry::from_settings(&PrintSettings::default()).unwrap();
        let first = g.block_top() - 0.78 * g.font_size;
        let size = g.font_size;
        assert_eq!(problems(vec![line(g.inner, first, size)], Profile::Kdp), 0);
        // The last line of a page run long is in the frame; one line lower is not.
        let long = g.block_bottom() - 0.78 * size;
        assert_eq!(problems(vec![line(g.inner, long, size)], Profile::Kdp), 0);
        assert_eq!(
            problems(vec![line(g.inner, long - g.leading, size)], Profile::Kdp),
            1
        );
        // Past the measure.
        assert_eq!(
            problems(
                vec![line(g.inner + g.measure() - 50.0, first, size)],
                Profile::Kdp
            ),
            1
        );
        // The head where the engine puts it is inside every profile's safe zone.
        let head = line(g.inner, g.head_baseline(), size * 0.9);
        for (_, p) in Profile::ALL {
            assert_eq!(problems(vec![head.clone()], p), 0, "{p:?}");
        }
    }
}
