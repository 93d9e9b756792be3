//! Page content: typeset page items -> the bytes of a PDF content stream.
//!
//! Method. Each glyph run becomes `Tf` (when font or size changes), a `Tm` at the run's
//! baseline origin and a `TJ` of glyph ids (two bytes each, in literal strings). The typesetter's advances include kerning and
//! justification, so after each glyph we write the difference between where the viewer's pen
//! is (the /W width it knows) and where the typesetter put the next glyph, as a TJ number in
//! 1/1000 em (positive moves left). The difference is taken from the running totals, not
//! glyph by glyph, so rounding never accumulates along a line.
//!
//! Text for extraction: every glyph has a canonical text (fonts.rs), which becomes its
//! ToUnicode entry. A cluster whose text differs from that (a glyph standing for other
//! letters here, or the mark glyphs after a cluster's first glyph, which stand for nothing)
//! is wrapped in a `/Span <</ActualText (...)>> BDC ... EMC`, so extraction yields exactly
//! the typesetter's text and glyphs with empty text add none.
//!
//! Rules are stroked paths, fills are grey rectangles, images are `Do` of an image XObject
//! scaled into their rectangle, turned frames are a `cm` rotation inside `q`..`Q`; links are
//! annotations, made in `fixup.rs`.
//!
//! Why by hand rather than through a PDF library's operations (printpdf's, once): a book's
//! pages carry millions of glyphs, and printpdf's `Op` model held a heap string per glyph and
//! formatted every number through `core::fmt`; on a long book that doubled the memory and
//! took more time than the typesetting. The operators are those of ISO 32000-1, 9.4 and
//! 14.6, numbers in fixed point: positions to 1/10000 pt, kerns to 1/100 of a TJ unit.

use super::fonts::SubsetFont;
use crate::page::{Glyph, GlyphRun, Page, PageItem};

/// The resource name of image `index` of the layout.
pub(crate) fn image_id(index: usize) -> String {
    format!("Im{index}")
}

/// Kerns are written to 1/100 of a TJ unit (1/100000 em: 0.0001 pt at 11 pt).
const KERN_PRECISION: f64 = 100.0;

/// Decimal places of positions, sizes and widths (1/10000 pt: far below any device).
const POSITION_DECIMALS: u32 = 4;

/// The content stream drawing one page (uncompressed).
pub(crate) fn page_content(page: &Page, fonts: &[Option<SubsetFont>]) -> Vec<u8> {
    let glyphs: usize = super::all_items(&page.items)
        .map(|item| match item {
            PageItem::Text(run) => run.glyphs.len(),
            _ => 0,
        })
        .sum();
    let mut w = PageWriter {
        out: Vec::with_capacity(glyphs * 12 + 256),
        in_text: false,
        font: None,
        line_width: None,
        char_spacing: 0,
        hscale: HSCALE_NONE,
    };
    w.items(&page.items, fonts);
    w.end_text();
    w.out
}

impl PageWriter {
    fn items(&mut self, items: &[PageItem], fonts: &[Option<SubsetFont>]) {
        for item in items {
            match item {
                PageItem::Text(run) => {
                    // `prepare` has checked the font index and collected every used font.
                    if let Some(Some(font)) = fonts.get(run.font.0) {
                        self.run(run, font);
                    }
                }
                PageItem::Rule {
                    x0,
                    y0,
                    x1,
                    y1,
                    width,
                } => self.rule((*x0, *y0), (*x1, *y1), *width),
                PageItem::Image {
                    image,
                    x,
                    y,
                    width,
                    height,
                } => self.image(*image, *x, *y, *width, *height),
                PageItem::Link { .. } => {}
                PageItem::Fill {
                    x,
                    y,
                    width,
                    height,
                    grey,
                } => self.fill(*x, *y, *width, *height, *grey),
                PageItem::Rotated { x, y, angle, items } => {
                    self.end_text();
                    // The frame lasts from q to Q; the text state and line width set inside
                    // it end with it, so the writer's memory of them is restored too.
                    let saved = (self.font, self.line_width, self.char_spacing, self.hscale);
                    let (sin, cos) = angle.to_radians().sin_cos();
                    self.op("q");
                    for v in [cos, sin, -sin, cos, *x, *y] {
                        self.num(v);
                    }
                    self.op("cm");
                    self.items(items, fonts);
                    self.end_text();
                    self.op("Q");
                    (self.font, self.line_width, self.char_spacing, self.hscale) = saved;
                }
            }
        }
    }
}

struct PageWriter {
    out: Vec<u8>,
    in_text: bool,
    /// The font and size last set with `Tf` (text state survives `ET`/`BT`).
    font: Option<(usize, u32)>,
    line_width: Option<u32>,
    /// The character spacing (`Tc`) in force, in 1/10000 pt (0 is the PDF default).
    char_spacing: i64,
    /// The horizontal scaling (`Tz`, font expansion) in force, in 1/10000 of a percent.
    hscale: i64,
}

/// `Tz` 100, the PDF default, in the writer's 1/10000 of a percent.
const HSCALE_NONE: i64 = 1_000_000;

impl PageWriter {
    fn op(&mut self, operator: &str) {
        self.out.extend_from_slice(operator.as_bytes());
        self.out.push(b'\n');
    }

    fn num(&mut self, v: f32) {
        write_fixed(&mut self.out, f64::from(v), POSITION_DECIMALS);
        self.out.push(b' ');
    }

    fn begin_text(&mut self) {
        if !self.in_text {
            self.op("BT");
            self.in_text = true;
        }
    }

    /// Path and image operators are not allowed inside `BT`..`ET`.
    fn end_text(&mut self) {
        if self.in_text {
            self.op("ET");
            self.in_text = false;
        }
    }

    fn run(&mut self, run: &GlyphRun, font: &SubsetFont) {
        if run.glyphs.is_empty() {
            return;
        }
        self.begin_text();
        let key = (run.font.0, run.size.to_bits());
        if self.font != Some(key) {
            self.out.push(b'/');
            self.out.extend_from_slice(font.id.as_bytes());
            self.out.push(b' ');
            self.num(run.size);
            self.op("Tf");
            self.font = Some(key);
        }
        self.out.extend_from_slice(b"1 0 0 1 ");
        self.num(run.x);
        self.num(run.y);
        self.op("Tm");
        // Font expansion: `Tz` scales the glyphs and every horizontal displacement of the
        // text (widths, TJ numbers, `Tc`) alike, so the run is written in unscaled text
        // space (the page model's advances divided by the scale) and lands where it was
        // set. ToUnicode and the glyphs' codes are untouched: extraction is as without.
        let hscale = round(f64::from(run.hscale) * 100.0, 10_000.0);
        if hscale != self.hscale {
            write_scaled(&mut self.out, hscale, POSITION_DECIMALS);
            self.out.push(b' ');
            self.op("Tz");
            self.hscale = hscale;
        }
        let h = self.hscale as f64 / HSCALE_NONE as f64;

        let to_units = 1000.0 / (f64::from(run.size) * h);
        let last = run.glyphs.len() - 1;
        // Justification spreads a line's slack over the gaps between letters too (tracking):
        // nearly every glyph of a justified line lands the same distance past its width.
        // Saying that once with `Tc` (character spacing) leaves a TJ number only where a word
        // ends or a kerning pair sits, instead of after every glyph: the content stream is a
        // third smaller, and so is the time to compress it. Glyph positions are unchanged:
        // the kerns are still taken from the running totals, with `Tc` in them.
        let spacing = tracking(run, font, h);
        if spacing != self.char_spacing && last > 0 {
            write_scaled(&mut self.out, spacing, POSITION_DECIMALS);
            self.out.push(b' ');
            self.op("Tc");
            self.char_spacing = spacing;
        }
        // `Tc` is unscaled text space already (the scale applies to it as to the widths).
        let spacing_units = self.char_spacing as f64 / 10_000.0 * (1000.0 / f64::from(run.size));
        let mut ideal = 0.0f64; // where the typesetter puts the pen, in 1/1000 em
        let mut pen = 0.0f64; // where the viewer's pen is, in 1/1000 em
        let mut spans = spans(run, |id| font.glyph(id).2).into_iter().peekable();
        if let Some(space) = lead_space(run, font) {
            // Drawn where the run starts and stepped back over: see `lead_space`.
            let (gid, width, _) = font.glyph(space);
            self.out.extend_from_slice(b"[(");
            glyph_code(&mut self.out, gid);
            self.out.extend_from_slice(b") ");
            let back = round(width + spacing_units, KERN_PRECISION);
            write_scaled(&mut self.out, back, 2);
            self.out.extend_from_slice(b"] TJ\n");
            pen += width + spacing_units - back as f64 / KERN_PRECISION;
        }
        let mut open_string = false;
        // The text rise in effect, in hundredths of an em; back to 0 when the run ends.
        let mut rise = 0i8;
        // A glyph's mark offset in TJ units (1/1000 em; the page model's are 1/100 em).
        let offset = |g: &crate::page::Glyph| f64::from(g.dx) * 10.0;
        for (i, g) in run.glyphs.iter().enumerate() {
            if let Some(span) = spans.peek() {
                if span.start == i {
                    if let Some(text) = &span.actual_text {
                        self.out.extend_from_slice(b"/Span <</ActualText <");
                        hex_bytes(&mut self.out, &utf16be(text));
                        self.out.extend_from_slice(b">>> BDC\n");
                    }
                    self.out.push(b'[');
                }
            }
            let (gid, width, _) = font.glyph(g.id);
            if g.dy != rise {
                // A mark raised or lowered: text rise (Ts) cannot change inside a TJ array.
                if std::mem::take(&mut open_string) {
                    self.out.push(b')');
                }
                if self.out.last() == Some(&b'[') {
                    self.out.pop();
                } else {
                    self.out.extend_from_slice(b"] TJ\n");
                }
                self.num(f32::from(g.dy) * run.size / 100.0);
                self.op("Ts");
                self.out.push(b'[');
                rise = g.dy;
            }
            if i == 0 && g.dx != 0 {
                let kern = round(-offset(g), KERN_PRECISION);
                write_scaled(&mut self.out, kern, 2);
                pen -= kern as f64 / KERN_PRECISION;
            }
            if !open_string {
                self.out.push(b'(');
                open_string = true;
            }
            glyph_code(&mut self.out, gid);
            pen += width + spacing_units;
            ideal += f64::from(g.advance) * to_units;
            if i != last {
                // In hundredths of a TJ unit; the next glyph drawn at its mark offset.
                let kern = round(pen - ideal - offset(&run.glyphs[i + 1]), KERN_PRECISION);
                if kern != 0 {
                    self.out.extend_from_slice(b") ");
                    open_string = false;
                    write_scaled(&mut self.out, kern, 2);
                    pen -= kern as f64 / KERN_PRECISION;
                }
            }
            if spans.peek().is_some_and(|s| s.end == i + 1) {
                let span = spans.next().expect("peeked");
                self.close_tj(&mut open_string);
                if span.actual_text.is_some() {
                    self.op("EMC");
                }
            }
        }
        if rise != 0 {
            self.out.extend_from_slice(b"0 ");
            self.op("Ts");
        }
    }

    /// Ends the open TJ array (and its string).
    fn close_tj(&mut self, open_string: &mut bool) {
        if std::mem::take(open_string) {
            self.out.push(b')');
        }
        self.out.extend_from_slice(b"] TJ\n");
    }

    fn rule(&mut self, from: (f32, f32), to: (f32, f32), width: f32) {
        self.end_text();
        if self.line_width != Some(width.to_bits()) {
            self.num(width);
            self.op("w");
            self.line_width = Some(width.to_bits());
        }
        self.num(from.0);
        self.num(from.1);
        self.op("m");
        self.num(to.0);
        self.num(to.1);
        self.op("l");
        self.op("S");
    }

    /// A filled rectangle in DeviceGray (the only colour space folio draws in, so PDF/X-1a
    /// files stay free of RGB); the colour is set inside q..Q so text stays black.
    fn fill(&mut self, x: f32, y: f32, width: f32, height: f32, grey: f32) {
        self.end_text();
        self.op("q");
        self.num(grey.clamp(0.0, 1.0));
        self.op("g");
        for v in [x, y, width, height] {
            self.num(v);
        }
        self.op("re");
        self.op("f");
        self.op("Q");
    }

    fn image(&mut self, index: usize, x: f32, y: f32, width: f32, height: f32) {
        self.end_text();
        // An image XObject fills the unit square: scale it into the rectangle.
        self.op("q");
        for v in [width, 0.0, 0.0, height, x, y] {
            self.num(v);
        }
        self.op("cm");
        self.out.push(b'/');
        self.out.extend_from_slice(image_id(index).as_bytes());
        self.out.push(b' ');
        self.op("Do");
        self.op("Q");
    }
}

/// The character spacing that serves most of a run's glyphs, in 1/10000 pt: the most common
/// distance between where a glyph's width leaves the pen and where the typesetter put the
/// next glyph (a majority vote, so one pass and no allocation; any answer is correct, the
/// kerns make up the rest). The last glyph has no next one and does not vote.
fn tracking(run: &GlyphRun, font: &SubsetFont, hscale: f64) -> i64 {
    let scale = f64::from(run.size) / 1000.0;
    let (mut choice, mut votes) = (0i64, 0usize);
    for g in &run.glyphs[..run.glyphs.len().saturating_sub(1)] {
        let extra = f64::from(g.advance) / hscale - font.glyph(g.id).1 * scale;
        let extra = round(extra, 10_000.0);
        if votes == 0 {
            choice = extra;
            votes = 1;
        } else if extra == choice {
            votes += 1;
        } else {
            votes -= 1;
        }
    }
    choice
}

/// `v * scale` rounded to the nearest integer, halves away from zero (as `f64::round`, which
/// is a library call on the baseline x86-64 target and showed in profiles; this is one
/// conversion). The layout's numbers are checked finite and far below 2^53.
fn round(v: f64, scale: f64) -> i64 {
    let scaled = v * scale;
    if scaled >= 0.0 {
        (scaled + 0.5) as i64
    } else {
        (scaled - 0.5) as i64
    }
}

/// `v` in fixed point with at most `decimals` places, trailing zeros dropped: `-4.91`, `10`.
fn write_fixed(out: &mut Vec<u8>, v: f64, decimals: u32) {
    write_scaled(out, round(v, 10f64.powi(decimals as i32)), decimals);
}

/// `scaled / 10^decimals` in fixed point, trailing zeros dropped.
fn write_scaled(out: &mut Vec<u8>, scaled: i64, decimals: u32) {
    let scale = 10u64.pow(decimals);
    if scaled == 0 {
        out.push(b'0');
        return;
    }
    if scaled < 0 {
        out.push(b'-');
    }
    let n = scaled.unsigned_abs();
    write_u64(out, n / scale);
    let mut frac = n % scale;
    if frac != 0 {
        out.push(b'.');
        let mut digits = decimals;
        while frac % 10 == 0 {
            frac /= 10;
            digits -= 1;
        }
        let mut buf = [b'0'; 20];
        for i in (0..digits as usize).rev() {
            buf[i] = b'0' + (frac % 10) as u8;
            frac /= 10;
        }
        out.extend_from_slice(&buf[..digits as usize]);
    }
}

fn write_u64(out: &mut Vec<u8>, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// A glyph's two-byte code (Identity-H: the glyph id, big-endian) inside a literal string.
/// The bytes go in as they are, half the size of hex and so less to write and to compress,
/// except the three the string syntax needs escaped and carriage return, which a reader
/// would take for an end of line (ISO 32000-1, 7.3.4.2).
fn glyph_code(out: &mut Vec<u8>, id: u16) {
    for b in id.to_be_bytes() {
        match b {
            b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.push(b),
        }
    }
}

fn hex_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    for b in bytes {
        out.extend_from_slice(&[HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]);
    }
}

/// A stretch of a run's glyphs, with the ActualText to give it when its glyphs' ToUnicode
/// texts would not say what the typesetter says.
#[derive(Debug, PartialEq)]
struct Span {
    start: usize,
    end: usize,
    actual_text: Option<String>,
}

/// Splits a run into stretches whose glyphs extract as their canonical texts and stretches
/// that need ActualText. A cluster is a glyph with text and the empty-text glyphs after it;
/// it extracts correctly on its own only if it is one glyph whose text is its canonical one.
fn spans<'a>(run: &GlyphRun, canonical: impl Fn(u16) -> &'a str) -> Vec<Span> {
    let glyphs = &run.glyphs;
    let mut out: Vec<Span> = Vec::new();
    let mut i = 0;
    while i < glyphs.len() {
        let mut end = i + 1;
        while end < glyphs.len() && glyphs[end].text.is_empty() {
            end += 1;
        }
        let text = &glyphs[i].text;
        let plain = end == i + 1
            && !text.is_empty()
            && canonical(glyphs[i].id).as_bytes() == text.as_bytes()
            && !marked_rtl(glyphs, i);
        match out.last_mut() {
            Some(span) if span.actual_text.is_none() == plain => {
                span.end = end;
                if let Some(actual) = &mut span.actual_text {
                    push_visual(actual, text);
                }
            }
            _ => out.push(Span {
                start: i,
                end,
                actual_text: (!plain).then(|| {
                    let mut actual = String::new();
                    push_visual(&mut actual, text);
                    actual
                }),
            }),
        }
        i = end;
    }
    out
}

/// Whether glyph `i` is one of a right-to-left letter's marks or that letter, drawn as the
/// shaper gives them: marks first (visual order, `ShapedText::to_glyphs`), each glyph with
/// its own character. Extractors join a zero-width mark to the glyph drawn before it, not to
/// the letter it sits on: poppler then reads the mark as a word of its own ("جوابا ً"),
/// MuPDF gets it right only inside a line. One ActualText over the marks and their letter
/// (in visual order, as `push_visual` writes it) reads back as the source in both.
fn marked_rtl(glyphs: &[Glyph], i: usize) -> bool {
    use unicode_bidi::{bidi_class, BidiClass};
    let rtl_letter = |g: &Glyph| {
        g.text
            .as_str()
            .chars()
            .next()
            .is_some_and(|c| matches!(bidi_class(c), BidiClass::R | BidiClass::AL))
    };
    if is_mark(&glyphs[i]) {
        // a mark whose letter follows it, after any other marks on that letter
        let letter = glyphs[i..].iter().find(|g| !is_mark(g));
        letter.is_some_and(rtl_letter)
    } else {
        i > 0 && is_mark(&glyphs[i - 1]) && rtl_letter(&glyphs[i])
    }
}

/// Whether a glyph is a combining mark's alone (its text all non-spacing marks).
fn is_mark(g: &Glyph) -> bool {
    let text = g.text.as_str();
    // ASCII first: most glyphs of most books, and never a mark.
    !text.is_ascii()
        && text
            .chars()
            .all(|c| unicode_bidi::bidi_class(c) == unicode_bidi::BidiClass::NSM)
}

/// The space glyph to draw before a run that starts with a right-to-left letter's mark (the
/// leftmost word of a right-to-left line ending in "اً"). MuPDF joins a mark to the text
/// drawn before it, ActualText or not; with nothing before it on its line, that is the
/// previous line's last glyph ("ًالمذيع" above, "كثيرا" here). A space first gives the mark
/// a neighbour on its own line: the line reads back with a space at its end, which is where
/// the line break is. None when the run has no space glyph that reads as a space.
fn lead_space(run: &GlyphRun, font: &SubsetFont) -> Option<u16> {
    if !is_mark(run.glyphs.first()?) || !marked_rtl(&run.glyphs, 0) {
        return None;
    }
    run.glyphs
        .iter()
        .find(|g| g.text.as_str() == " " && font.glyph(g.id).2 == " ")
        .map(|g| g.id)
}

/// Appends a cluster's text as extractors read an ActualText: in the order of the content
/// stream, which is visual. They put the text of a right-to-left line back into logical
/// order by reversing it, ActualText strings included (poppler and MuPDF alike: "اً" came
/// back as "ًا", the vowel mark before its letter), so a right-to-left cluster's text is
/// written reversed and reads back as the source.
fn push_visual(out: &mut String, text: &str) {
    use unicode_bidi::{bidi_class, BidiClass};
    if text
        .chars()
        .any(|c| matches!(bidi_class(c), BidiClass::R | BidiClass::AL))
    {
        out.extend(text.chars().rev());
    } else {
        out.push_str(text);
    }
}

/// A PDF text string: UTF-16BE with a byte order mark (ISO 32000-1, 7.9.2.2).
pub(crate) fn utf16be(text: &str) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(2 + text.len() * 2);
    bytes.extend_from_slice(&[0xFE, 0xFF]);
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    bytes
}

/// URI actions take 7-bit ASCII (ISO 32000-1, 12.6.4.7): percent-encode anything else.
pub(crate) fn ascii_uri(uri: &str) -> String {
    let mut out = String::with_capacity(uri.len());
    for b in uri.bytes() {
        if b.is_ascii_graphic() {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::page::{FontId, Glyph};

    /// A run of glyphs given as (id, text); `spans` sees glyph 1 as "e", 2 as "fi", 3 as
    /// " " and 9 (a mark) as nothing.
    fn spans_of(glyphs: &[(u16, &str)]) -> Vec<(usize, usize, Option<String>)> {
        let run = GlyphRun {
            font: FontId(0),
            size: 10.0,
            x: 0.0,
            y: 0.0,
            hscale: 1.0,
            glyphs: glyphs
                .iter()
                .map(|(id, text)| Glyph {
                    id: *id,
                    advance: 5.0,
                    text: (*text).into(),
                    dx: 0,
                    dy: 0,
                })
                .collect(),
        };
        let canonical = |id: u16| match id {
            1 => "e",
            2 => "fi",
            3 => " ",
            4 => "\u{627}",
            5 => "\u{64b}",
            6 => "\u{301}",
            _ => "",
        };
        spans(&run, canonical)
            .into_iter()
            .map(|s| (s.start, s.end, s.actual_text))
            .collect()
    }

    #[test]
    fn glyphs_that_say_their_canonical_text_need_no_actual_text() {
        assert_eq!(
            spans_of(&[(1, "e"), (3, " "), (2, "fi")]),
            vec![(0, 3, None)]
        );
    }

    #[test]
    fn a_cluster_with_a_mark_gets_its_text_as_actual_text() {
        let got = spans_of(&[(2, "fi"), (1, "e\u{301}"), (9, ""), (1, "e"), (3, " ")]);
        assert_eq!(
            got,
            vec![(0, 1, None), (1, 3, Some("e\u{301}".into())), (3, 5, None)]
        );
    }

    #[test]
    fn neighbouring_odd_clusters_share_one_span() {
        // Glyph 2 standing for "f" here (not its canonical "fi"), then a mark cluster.
        let got = spans_of(&[(2, "f"), (1, "é"), (9, ""), (3, " ")]);
        assert_eq!(got, vec![(0, 3, Some("fé".into())), (3, 4, None)]);
    }

    #[test]
    fn right_to_left_clusters_are_written_in_visual_order() {
        // An Arabic alef with a vowel mark (two glyphs), then a Latin e with an acute:
        // the Arabic cluster reversed, the Latin one as it is.
        let got = spans_of(&[(1, "\u{627}\u{64b}"), (9, ""), (1, "e\u{301}"), (9, "")]);
        assert_eq!(got, vec![(0, 4, Some("\u{64b}\u{627}e\u{301}".into()))]);
    }

    #[test]
    fn a_right_to_left_letter_and_its_marks_share_one_actual_text() {
        // "اً" as the shaper gives it, the mark first, each glyph its own character: one
        // ActualText in visual order over both, the space after them plain.
        let got = spans_of(&[(5, "\u{64b}"), (4, "\u{627}"), (3, " "), (4, "\u{627}")]);
        assert_eq!(
            got,
            vec![(0, 2, Some("\u{64b}\u{627}".into())), (2, 4, None)]
        );
        // A left-to-right mark after its letter is left to ToUnicode.
        assert_eq!(spans_of(&[(1, "e"), (6, "\u{301}")]), vec![(0, 2, None)]);
    }

    #[test]
    fn glyphs_without_text_extract_as_nothing() {
        assert_eq!(
            spans_of(&[(9, ""), (9, "")]),
            vec![(0, 2, Some(String::new()))]
        );
        assert_eq!(
            spans_of(&[(9, ""), (1, "e")]),
            vec![(0, 1, Some(String::new())), (1, 2, None)]
        );
    }

    #[test]
    fn uri_is_percent_encoded_outside_ascii() {
        assert_eq!(
            ascii_uri("https://example.org/a b/ü"),
            "https://example.org/a%20b/%C3%BC"
        );
        assert_eq!(
            ascii_uri("https://example.org/x?y=1#z"),
            "https://example.org/x?y=1#z"
        );
    }

    #[test]
    fn numbers_are_fixed_point_without_trailing_zeros() {
        let fixed = |v: f64, d: u32| {
            let mut out = Vec::new();
            write_fixed(&mut out, v, d);
            String::from_utf8(out).unwrap()
        };
        assert_eq!(fixed(-4.905, 2), "-4.91");
        assert_eq!(fixed(10.0, 2), "10");
        assert_eq!(fixed(74.072, 4), "74.072");
        assert_eq!(fixed(585.42, 4), "585.42");
        assert_eq!(fixed(0.0001, 4), "0.0001");
        assert_eq!(fixed(-0.004, 2), "0");
        assert_eq!(fixed(0.05, 1), "0.1");
        assert_eq!(fixed(-1234567.5, 0), "-1234568");
    }

    #[test]
    fn glyph_codes_escape_what_a_literal_string_cannot_hold() {
        let mut out = Vec::new();
        for id in [0x0041, 0x2829, 0x5C0D, 0x0A00] {
            glyph_code(&mut out, id);
        }
        assert_eq!(out, b"\x00A\\(\\)\\\\\\r\n\x00");
    }

    #[test]
    fn utf16be_has_bom() {
        assert_eq!(utf16be("é"), vec![0xFE, 0xFF, 0x00, 0xE9]);
    }
}
