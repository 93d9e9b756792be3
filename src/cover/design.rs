//! The cover's composition: what goes where on back, spine and front.
//!
//! The design is the book's own typography carried outwards, as the e-book's drawn cover
//! does: centred display type in EB Garamond, a short rule, nothing else. Measurements are
//! named constants below with the reason for each; all of them keep type well inside the
//! trim, since the guillotine may wander by 1/16 in and a fold by as much.
//!
//! - Front: the art, filling the panel and its bleed; or, without art, the title in
//!   balanced centred lines in the upper part, a short rule, the subtitle in italic, and the
//!   authors in small caps towards the foot.
//! - Spine: title and authors on one line reading top to bottom (the English-language
//!   convention: legible when the book lies face up), centred both ways, only when the
//!   spine is wide enough for type.
//! - Back: the description set ragged right from the head (a few lines of copy read better
//!   unhyphenated than justified on a short measure), the publisher at the foot on the
//!   outside, and the ISBN's EAN-13 barcode in a white box at the foot by the spine.

use super::barcode::{self, Ean13, Ean5};
use super::geometry::CoverGeometry;
use crate::diag::Diagnostic;
use crate::manuscript::{Metadata, PrintSettings, Profile};
use crate::page::{GlyphRun, PageItem};
use crate::typeset::fonts::{FontSet, Style};
use crate::typeset::geometry::{POINTS_PER_INCH, POINTS_PER_MM};
use crate::typeset::text::{Align, Line, ParaOpts, Run, Typesetter};

/// Side margin of the front and back panels: type stays this far from the trim and the folds.
const PANEL_MARGIN: f32 = 0.625 * POINTS_PER_INCH;
/// Head and foot margin of the back.
const BACK_HEAD: f32 = 1.0 * POINTS_PER_INCH;
const BACK_FOOT: f32 = 0.5 * POINTS_PER_INCH;
/// The title's size as a share of the panel width (36 pt on a 6 in cover), and the fewest
/// points it may shrink to when a long title would otherwise take more than three lines.
const TITLE_SIZE_PER_WIDTH: f32 = 0.085;
const TITLE_MAX_LINES: usize = 3;
/// The first title baseline, as a share of the height from the foot: the title's block sits
/// in the upper third, where the eye lands.
const TITLE_BASELINE: f32 = 0.72;
/// Where a title block without authors is centred, as a share of the height from the foot.
const OPTICAL_CENTRE: f32 = 0.56;
/// The authors' baseline, from the foot.
const AUTHORS_BASELINE: f32 = 0.16;
/// The description's type: a size or two above a book's body, as back-cover copy is read
/// in a shop at arm's length, shrinking (to the smallest comfortable size) only when a long
/// description would not fit otherwise.
const BLURB_SIZES: [f32; 11] = [
    14.0, 13.5, 13.0, 12.5, 12.0, 11.5, 11.0, 10.5, 10.0, 9.5, 9.0,
];
const BLURB_LEADING: f32 = 1.3;
/// The spine's largest type, and the smallest worth printing (capitals: a narrow spine is set
/// in capitals, which have no descenders to take room across it).
const SPINE_MAX_SIZE: f32 = 20.0;
const SPINE_MIN_SIZE: f32 = 6.0;
/// Ink across the spine from the capitals' centre line, in ems: mixed case reaches about
/// 0.61 em to the descender side (EB Garamond's `g`, measured by the printer's preflight
/// from the glyph outlines and in a 1200 dpi rendering: 0.6 let it 0.001 in into the
/// fold's margin), so 0.63 with a little to spare; capitals a little over half their
/// height (overshoots).
const MIXED_HALF_EXTENT: f32 = 0.63;
const CAPS_HALF_EXTENT: f32 = 0.4;
/// Room left at each end of the spine.
const SPINE_END_MARGIN: f32 = 0.5 * POINTS_PER_INCH;
/// Barcode: GS1's nominal module (0.33 mm) at 90 % magnification, well above the 80 %
/// minimum; bars 90 % of the nominal 22.85 mm high; guards 5 modules longer.
const MODULE: f32 = 0.33 * 0.9 * POINTS_PER_MM;
const BAR_HEIGHT: f32 = 22.85 * 0.9 * POINTS_PER_MM;
const GUARD_EXTRA: f32 = 5.0 * MODULE;
const BARCODE_DIGIT_SIZE: f32 = 9.0;
/// White margin of the barcode's box beyond the quiet zones and the digits.
const BOX_PAD: f32 = 0.06 * POINTS_PER_INCH;

/// Sets type and collects the cover's items.
pub struct Composer<'a> {
    pub ts: Typesetter<'a>,
    pub fonts: &'a FontSet,
    pub g: CoverGeometry,
    pub items: Vec<PageItem>,
    pub warnings: Vec<Diagnostic>,
}

fn opts(measure: f32, align: Align, leading: f32, hyphenate: bool) -> ParaOpts {
    ParaOpts {
        measure,
        indent: 0.0,
        align,
        hyphenate,
        leading,
    }
}

impl Composer<'_> {
    /// Puts set lines on the cover, the first baseline at `y`, the measure starting at
    /// `left`; returns the baseline of the last line.
    fn place(&mut self, lines: Vec<Line>, left: f32, y: f32, leading: f32) -> f32 {
        let mut baseline = y;
        for (i, line) in lines.into_iter().enumerate() {
            baseline = y - i as f32 * leading;
            for run in line.runs {
                self.items.push(PageItem::Text(GlyphRun {
                    x: left + run.x,
                    y: baseline + run.y,
                    ..run
                }));
            }
        }
        baseline
    }

    fn cap_height(&self, size: f32) -> f32 {
        self.fonts.metrics(Style::Regular, size).cap_height
    }

    /// The typographic front: title, rule, subtitle, authors.
    pub fn front_type(&mut self, meta: &Metadata) {
        let g = self.g;
        let left = g.front_left() + PANEL_MARGIN;
        let measure = g.trim_width - 2.0 * PANEL_MARGIN;
        let mut size = g.trim_width * TITLE_SIZE_PER_WIDTH;
        let title = |size: f32| Run::plain(meta.title.trim(), size);
        let mut lines = self
            .ts
            .set_balanced(&[title(size)], &opts(measure, Align::Center, size, false));
        // A long title steps down in size rather than run to four lines or more.
        while lines.len() > TITLE_MAX_LINES && size > g.trim_width * TITLE_SIZE_PER_WIDTH * 0.6 {
            size *= 0.9;
            lines = self
                .ts
                .set_balanced(&[title(size)], &opts(measure, Align::Center, size, false));
        }
        let leading = size * 1.15;
        let sub = size * 0.45;
        let sub_lines = match meta.subtitle.as_deref().filter(|s| !s.trim().is_empty()) {
            Some(subtitle) => {
                let run = Run {
                    italic: true,
                    ..Run::plain(subtitle.trim(), sub)
                };
                self.ts
                    .set_balanced(&[run], &opts(measure, Align::Center, sub * 1.3, false))
            }
            None => Vec::new(),
        };
        // Title, rule and subtitle stand as one block. With authors below, the block sits
        // in the upper third; alone, it is centred a little above the middle (the optical
        // centre), so the panel's lower half is not left empty under it.
        let rule_drop = size * 0.75;
        let sub_drop = sub * 2.0;
        let mut depth = (lines.len() - 1) as f32 * leading + rule_drop;
        if !sub_lines.is_empty() {
            depth += sub_drop + (sub_lines.len() - 1) as f32 * sub * 1.3;
        }
        let credits = crate::doc::names::book_credits(meta);
        let first = if credits.is_empty() {
            let height = self.cap_height(size) + depth;
            g.trim_height * OPTICAL_CENTRE + height / 2.0 - self.cap_height(size)
        } else {
            g.trim_height * TITLE_BASELINE
        };
        let last = self.place(lines, left, first, leading);

        // A short rule a little below the title's last line, as on the e-book's cover.
        let rule_y = last - rule_drop;
        let centre = g.front_left() + g.trim_width / 2.0;
        let half = g.trim_width * 0.09;
        self.items.push(PageItem::Rule {
            x0: centre - half,
            y0: rule_y,
            x1: centre + half,
            y1: rule_y,
            width: 0.75,
        });
        self.place(sub_lines, left, rule_y - sub_drop, sub * 1.3);
        // The authors, then "Edited by ...", one block from the authors' baseline down.
        let size = size * 0.5;
        let mut y = g.trim_height * AUTHORS_BASELINE;
        for credit in &credits {
            let run = Run {
                small_caps: true,
                ..Run::plain(credit, size)
            };
            let lines = self
                .ts
                .set_balanced(&[run], &opts(measure, Align::Center, size * 1.3, false));
            let count = lines.len() as f32;
            self.place(lines, left, y, size * 1.3);
            y -= size * 1.3 * (count + 0.5);
        }
    }

    /// Title and authors along the spine, when the printer's rule allows text at this page
    /// count and the type fits between the folds' margins, scaled down to fit (in capitals
    /// on a narrow spine); a warning at book.yaml when the spine is left blank. Returns
    /// whether it was set.
    pub fn spine(&mut self, meta: &Metadata, print: &PrintSettings) -> bool {
        let g = self.g;
        let rules = print.profile.rules();
        let blank = |why: String, hint: &str| {
            print
                .places
                .at("profile", Diagnostic::warning(why).hint(hint.to_owned()))
        };
        if let Some(least) = rules.spine_text_pages.filter(|least| g.pages < *least) {
            self.warnings.push(blank(
                format!(
                    "the spine is left blank: {} prints spine text from {least} pages, and the book has {}",
                    rules.printer, g.pages
                ),
                "a book this thin has no room on its spine; the title is on the front",
            ));
            return false;
        }
        let across = g.spine / 2.0 - rules.spine_margin;
        let length = g.trim_height - 2.0 * SPINE_END_MARGIN;
        let credits = crate::doc::names::book_credits(meta);
        let runs = |size: f32, with_authors: bool, caps: bool| {
            let text = |t: &str| if caps { t.to_uppercase() } else { t.to_owned() };
            let mut runs = vec![Run::plain(&text(meta.title.trim()), size)];
            if with_authors {
                for credit in &credits {
                    runs.push(Run::plain("\u{2003}\u{2003}", size));
                    runs.push(Run {
                        small_caps: !caps,
                        ..Run::plain(&text(credit), size)
                    });
                }
            }
            runs
        };
        let one_line = |ts: &mut Typesetter, runs: &[Run], size: f32| {
            ts.set(runs, &opts(100_000.0, Align::Left, size, false))
                .into_iter()
                .next()
        };
        // Mixed case with the authors, then the title alone, then both in capitals, then the
        // title alone in capitals: the first that fits at a readable size.
        let mut found = None;
        'tries: for (caps, with_authors) in
            [(false, true), (false, false), (true, true), (true, false)]
        {
            if with_authors && credits.is_empty() {
                continue;
            }
            let extent = if caps {
                CAPS_HALF_EXTENT
            } else {
                MIXED_HALF_EXTENT
            };
            let mut size = (across / extent).min(SPINE_MAX_SIZE);
            while size >= SPINE_MIN_SIZE {
                match one_line(&mut self.ts, &runs(size, with_authors, caps), size) {
                    Some(line) if line.width <= length => {
                        found = Some((line, size));
                        break 'tries;
                    }
                    Some(_) => size -= 0.5,
                    None => break,
                }
            }
        }
        let Some((line, size)) = found else {
            let too_narrow = (across / CAPS_HALF_EXTENT) < SPINE_MIN_SIZE;
            // A thin book with no printer named is a draft: its blank spine is what any
            // printer does, not news (with a profile, the printer's page rule above speaks).
            if too_narrow && print.profile == Profile::Generic {
                return false;
            }
            let why = if too_narrow {
                format!(
                    "the spine is left blank: at {} pages it is {:.3} in wide, too narrow for {SPINE_MIN_SIZE} pt type {:.4} in from each fold",
                    g.pages,
                    g.spine / POINTS_PER_INCH,
                    rules.spine_margin / POINTS_PER_INCH
                )
            } else {
                "the title is too long to set on the spine; the spine is left blank".to_owned()
            };
            self.warnings.push(blank(
                why,
                "a shorter `title` in book.yaml would fit, or more pages make a wider spine",
            ));
            return false;
        };

        // The frame: origin at the spine's centre line at the head, x running down the
        // spine, y towards the front cover. Title and authors are centred along it; the
        // publisher, smaller, stands at the foot when there is room for it. A right-to-left
        // book's spine reads the other way, from the foot up (its front is at the left):
        // the frame's origin is at the foot, and the publisher's end of it is its start.
        let upwards = g.front_at_left();
        let start = (g.trim_height - line.width) / 2.0;
        let title_end = start + line.width;
        let baseline = -self.cap_height(size) / 2.0;
        let mut items: Vec<PageItem> = line
            .runs
            .into_iter()
            .map(|run| {
                PageItem::Text(GlyphRun {
                    x: start + run.x,
                    y: baseline + run.y,
                    ..run
                })
            })
            .collect();
        if let Some(publisher) = meta.publisher.as_deref().filter(|p| !p.trim().is_empty()) {
            let small = size * 0.75;
            let run = Run {
                small_caps: true,
                ..Run::plain(publisher.trim(), small)
            };
            if let Some(line) = one_line(&mut self.ts, &[run], small) {
                let from_foot = SPINE_END_MARGIN * 0.75;
                let (at, clear) = if upwards {
                    (from_foot, from_foot + line.width + 2.0 * size <= start)
                } else {
                    let at = g.trim_height - from_foot - line.width;
                    (at, at >= title_end + 2.0 * size)
                };
                // Clear of the title by at least two ems, or left off.
                if clear {
                    let baseline = -self.cap_height(small) / 2.0;
                    items.extend(line.runs.into_iter().map(|run| {
                        PageItem::Text(GlyphRun {
                            x: at + run.x,
                            y: baseline + run.y,
                            ..run
                        })
                    }));
                }
            }
        }
        let (y, angle) = if upwards {
            (0.0, 90.0)
        } else {
            (g.trim_height, -90.0)
        };
        self.items.push(PageItem::Rotated {
            x: g.spine_left() + g.spine / 2.0,
            y,
            angle,
            items,
        });
        true
    }

    /// The back: description, publisher, barcode.
    pub fn back(&mut self, meta: &Metadata, print: &PrintSettings) {
        let g = self.g;
        let left = g.back_left() + PANEL_MARGIN;
        let measure = g.trim_width - 2.0 * PANEL_MARGIN;
        let mut floor = BACK_FOOT;
        let mut foot_line = BACK_FOOT;
        if let Some(isbn) = meta.isbn.print.as_deref() {
            match Ean13::from_isbn(isbn) {
                Ok(ean) => {
                    let price = print.price.as_deref().and_then(Ean5::new);
                    let (top, bottom) = self.barcode(&ean, isbn, price);
                    floor = top + 0.25 * POINTS_PER_INCH;
                    foot_line = bottom + BOX_PAD;
                }
                Err(e) => self.warnings.push(
                    Diagnostic::warning(format!("no barcode on the back cover: {e}"))
                        .hint("check `isbn: print:` in book.yaml"),
                ),
            }
        }
        if let Some(publisher) = meta.publisher.as_deref().filter(|p| !p.trim().is_empty()) {
            let size = 10.0;
            let run = Run {
                small_caps: true,
                ..Run::plain(publisher.trim(), size)
            };
            // Half the panel, away from the spine: the barcode has the other half.
            let (at, align) = if g.front_at_left() {
                (left + measure / 2.0, Align::Right)
            } else {
                (left, Align::Left)
            };
            let lines = self
                .ts
                .set(&[run], &opts(measure / 2.0, align, size * 1.3, false));
            let n = lines.len() as f32;
            self.place(lines, at, foot_line + (n - 1.0) * size * 1.3, size * 1.3);
        }
        if let Some(description) = meta.description.as_deref() {
            self.blurb(description, left, measure, floor);
        }
    }

    /// The description, ragged right and unhyphenated, from the head down to `floor`, in the
    /// largest size that fits; paragraphs are separated by blank lines in the text.
    fn blurb(&mut self, text: &str, left: f32, measure: f32, floor: f32) {
        let paragraphs: Vec<String> = text
            .split("\n\n")
            .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|p| !p.is_empty())
            .collect();
        if paragraphs.is_empty() {
            return;
        }
        let top = self.g.trim_height - BACK_HEAD;
        let room = top - floor;
        let mut chosen = None;
        for size in BLURB_SIZES {
            let leading = size * BLURB_LEADING;
            let set: Vec<Vec<Line>> = paragraphs
                .iter()
                .map(|p| {
                    self.ts.set(
                        &[Run::plain(p, size)],
                        &opts(measure, Align::Left, leading, false),
                    )
                })
                .collect();
            let lines: usize = set.iter().map(Vec::len).sum();
            // Lines below the first baseline, plus half a line between paragraphs.
            let depth = (lines - 1) as f32 * leading + (set.len() - 1) as f32 * leading * 0.5;
            let fits = depth + self.cap_height(size) <= room;
            if fits || size == BLURB_SIZES[BLURB_SIZES.len() - 1] {
                chosen = Some((size, set, fits));
                break;
            }
        }
        let Some((size, set, fits)) = chosen else {
            return;
        };
        let leading = size * BLURB_LEADING;
        let mut y = top - self.cap_height(size);
        for lines in set {
            let mut kept = Vec::new();
            for line in lines {
                if y - kept.len() as f32 * leading < floor {
                    break;
                }
                kept.push(line);
            }
            let n = kept.len();
            if n == 0 {
                break;
            }
            self.place(kept, left, y, leading);
            y -= n as f32 * leading + leading * 0.5;
        }
        if !fits {
            self.warnings.push(
                Diagnostic::warning(
                    "the description is too long for the back cover; its end is cut off",
                )
                .hint("shorten `description` in book.yaml"),
            );
        }
    }

    /// The barcode in its white box at the foot of the back, by the spine. Returns the top
    /// and bottom of the box.
    fn barcode(&mut self, ean: &Ean13, isbn: &str, price: Option<Ean5>) -> (f32, f32) {
        let g = self.g;
        let symbol = barcode::MODULES as f32 * MODULE;
        // The price add-on, right of the main symbol after its gap: its width with the gap.
        let addon = price.map_or(0.0, |_| {
            (barcode::ADDON_GAP + barcode::ADDON_MODULES) as f32 * MODULE
        });
        let digit_cap = self.cap_height(BARCODE_DIGIT_SIZE);

        // The ISBN as written in book.yaml (hyphens and all) when it is the ISBN-13; an
        // ISBN-10 is shown as the 13 digits the bars carry. One line, centred over the
        // bars: a label broken at its hyphens would fall into them.
        let written: String = isbn.chars().filter(char::is_ascii_digit).collect();
        let digits = ean.digits();
        let label = if written.len() == 13 {
            format!("ISBN {}", isbn.trim())
        } else {
            let digits: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
            format!("ISBN {digits}")
        };
        let label_run = Run::plain(&label, BARCODE_DIGIT_SIZE);
        let label_width = self.ts.width(&label_run);
        let overhang = ((label_width - symbol) / 2.0).max(0.0);

        // Across: pad, quiet zone (or the label's overhang), bars, quiet zone, pad, with the
        // box's right edge at the panel margin. Up from the box's foot: pad, digits, bars
        // (the guards reach down between the digits), a gap, the label, pad.
        let quiet_left = (barcode::QUIET_LEFT as f32 * MODULE).max(overhang);
        let quiet_right = if price.is_some() {
            barcode::ADDON_QUIET_RIGHT as f32 * MODULE
        } else {
            (barcode::QUIET_RIGHT as f32 * MODULE).max(overhang)
        };
        // By the spine: the back's right edge, its left on a right-to-left book's wrap.
        let box_width = BOX_PAD + quiet_left + symbol + addon + quiet_right + BOX_PAD;
        let box_right = if g.front_at_left() {
            g.back_left() + PANEL_MARGIN + box_width
        } else {
            g.trim_width - PANEL_MARGIN
        };
        let x0 = box_right - BOX_PAD - quiet_right - addon - symbol;
        let box_left = x0 - quiet_left - BOX_PAD;
        let box_bottom = BACK_FOOT;
        let digits_baseline = box_bottom + BOX_PAD;
        let bars_bottom = digits_baseline + digit_cap + MODULE;
        let bars_top = bars_bottom + BAR_HEIGHT;
        let label_baseline = bars_top + 3.0;
        let box_top = label_baseline + digit_cap + BOX_PAD;
        self.items.push(PageItem::Fill {
            x: box_left,
            y: box_bottom,
            width: box_right - box_left,
            height: box_top - box_bottom,
            grey: 1.0,
        });
        for bar in ean.bars() {
            let bottom = if bar.guard {
                bars_bottom - GUARD_EXTRA
            } else {
                bars_bottom
            };
            self.items.push(PageItem::Fill {
                x: x0 + bar.start as f32 * MODULE,
                y: bottom,
                width: bar.width as f32 * MODULE,
                height: bars_top - bottom,
                grey: 0.0,
            });
        }

        // Human-readable digits: the first in the left quiet zone, then two groups of six,
        // each centred under its seven modules.
        let put_digit = |ts: &mut Typesetter, items: &mut Vec<PageItem>, d: u8, centre: f32| {
            let text = char::from(b'0' + d).to_string();
            let run = Run::plain(&text, BARCODE_DIGIT_SIZE);
            let width = ts.width(&run);
            if let Some(line) = ts
                .set(&[run], &opts(100.0, Align::Left, BARCODE_DIGIT_SIZE, false))
                .into_iter()
                .next()
            {
                for r in line.runs {
                    items.push(PageItem::Text(GlyphRun {
                        x: centre - width / 2.0 + r.x,
                        y: digits_baseline + r.y,
                        ..r
                    }));
                }
            }
        };
        put_digit(&mut self.ts, &mut self.items, digits[0], x0 - 6.0 * MODULE);
        for (i, &d) in digits[1..].iter().enumerate() {
            let start = if i < 6 { 3 + 7 * i } else { 50 + 7 * (i - 6) };
            put_digit(
                &mut self.ts,
                &mut self.items,
                d,
                x0 + (start as f32 + 3.5) * MODULE,
            );
        }

        // The add-on's bars stand from the guards' foot to below the main bars' top, its
        // digits above them, each centred over its seven modules.
        if let Some(price) = price {
            let left = x0 + symbol + barcode::ADDON_GAP as f32 * MODULE;
            let top = bars_top - digit_cap - 2.0 * MODULE;
            for bar in price.bars() {
                self.items.push(PageItem::Fill {
                    x: left + bar.start as f32 * MODULE,
                    y: bars_bottom - GUARD_EXTRA,
                    width: bar.width as f32 * MODULE,
                    height: top - (bars_bottom - GUARD_EXTRA),
                    grey: 0.0,
                });
            }
            let baseline = bars_top - digit_cap;
            for (i, &d) in price.digits().iter().enumerate() {
                let centre = left + (4 + 9 * i) as f32 * MODULE + 3.5 * MODULE;
                let text = char::from(b'0' + d).to_string();
                let run = Run::plain(&text, BARCODE_DIGIT_SIZE);
                let width = self.ts.width(&run);
                let lines = self
                    .ts
                    .set(&[run], &opts(100.0, Align::Left, BARCODE_DIGIT_SIZE, false));
                self.place(lines, centre - width / 2.0, baseline, BARCODE_DIGIT_SIZE);
            }
        }

        let lines = self.ts.set(
            &[label_run],
            &opts(100_000.0, Align::Left, BARCODE_DIGIT_SIZE, false),
        );
        let label_left = x0 + (symbol - label_width) / 2.0;
        self.place(lines, label_left, label_baseline, BARCODE_DIGIT_SIZE);
        (box_top, box_bottom)
    }
}
