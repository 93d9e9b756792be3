//! The drop cap (`print.drop-cap: 2 | 3`): the first letter of a piece's first paragraph set
//! large and sunk into its first lines, as book openings are.
//!
//! On the grid: the letter's size is chosen from its face's cap height so that a capital's
//! height spans from the cap line of the first line to the baseline of line N, where its
//! baseline sits; the lines stay one leading apart, so the page keeps its grid. The first N
//! lines are set on a measure narrowed by the letter's ink (from its outline, ttf-parser)
//! and [`GAP_EM`], and moved right by as much; line N+1 returns to the full measure. A
//! paragraph shorter than N lines is followed by blank lines down to the letter's foot. In a
//! right-to-left piece all of it is mirrored: the letter's ink ends at the measure's right
//! end, and the lines beside it end short of it (a Hebrew letter: see
//! `doc::ornaments::sinks`).
//!
//! Opening punctuation (“ ‘ « ¿ ...) goes with the letter, at its size, inside the text
//! block: hung into the margin at that size (a quarter to half an em of 40 pt or more) it
//! would reach past the page-fit check's allowance and, on a recto, toward the gutter's safe
//! zone, and a lone quote in the margin reads as a stray mark.
//!
//! Text for extraction: the large glyphs carry no text (the PDF writer wraps them in an
//! empty ActualText); the letter's text rides on blank glyphs (the face's word space) put
//! just before the first line's first word, so a reader's copy, a search and MuPDF or
//! poppler read "It was", the letter once and joined to its word. One blank glyph per word
//! of the taken text: MuPDF drops the letters of an ActualText that precede the glyph's own
//! character, so a space is never inside one (a one-letter word, "A", takes a real space
//! glyph after it).
//!
//! Not set (no warning: the opening is simply plain) where the piece's first block is not a
//! paragraph, where the paragraph does not open on a letter that sinks (a digit, a symbol,
//! Han, Indic or Arabic letters), and where a dateline runs into it.

use crate::doc::ornaments::initial;
use crate::page::{Glyph, GlyphRun, GlyphText};
use crate::typeset::fonts::{FaceId, Style};
use crate::typeset::text::{Align, ParaOpts, Run, Script, Typesetter};

/// Between the letter's ink and the text beside it, in ems of the body size.
pub const GAP_EM: f32 = 0.4;

/// What the drop cap takes from the start of the paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Taken {
    /// Opening punctuation and the letter (with its combining marks).
    pub text: String,
    /// The letter is a word of its own ("A", "I"): the space after it was taken too.
    pub space_after: bool,
    /// The style of the run it was taken from.
    pub style: Run,
}

/// Takes the initial from the start of `runs`; None (and `runs` unchanged) when the
/// paragraph does not open on one that can be set: see `doc::ornaments::initial`; also a letter in a
/// link, a note call or a run of a given direction, or a paragraph that is only its initial.
pub fn take(runs: &mut Vec<Run>, rtl: bool) -> Option<Taken> {
    let first = runs.iter().position(|r| !r.text.is_empty())?;
    let run = &runs[first];
    if run.script != Script::Normal || run.tag.is_some() || run.dir.is_some() {
        return None;
    }
    let end = initial(&run.text, rtl)?;
    let mut out = runs.clone();
    let text = run.text[..end].to_owned();
    let style = run.clone();
    out[first].text.replace_range(..end, "");
    // A letter that is a word of its own takes the space after it (see the module's doc).
    let next = out[first..].iter().position(|r| !r.text.is_empty())? + first;
    let space_after = out[next].text.starts_with(char::is_whitespace);
    if space_after {
        let rest = out[next].text.trim_start().to_owned();
        out[next].text = rest;
    }
    out.iter()
        .any(|r| !r.text.trim().is_empty())
        .then_some(())?;
    *runs = out;
    Some(Taken {
        text,
        space_after,
        style,
    })
}

/// The initial as set: its glyphs, where the lines beside it start, how many they are.
#[derive(Debug, Clone, PartialEq)]
pub struct Initial {
    /// The large letter, from the left of the text block (its ink at the left end of the
    /// measure, or at the right end in a right-to-left piece); `y` is its baseline's
    /// distance below the top of the paragraph's first line.
    pub runs: Vec<GlyphRun>,
    /// Where the first `lines` lines start: the letter's ink and the gap.
    pub indent: f32,
    pub lines: usize,
}

/// Sets `taken` as an initial `lines` lines deep, for body text of `body` size on `leading`;
/// `baseline` is the first line's baseline below its top; `rtl_measure`: the piece runs right
/// to left on a measure this wide, and the letter sinks at its right end. None if its face
/// gives no outline.
pub fn set(
    ts: &mut Typesetter<'_>,
    taken: &Taken,
    lines: usize,
    (body, leading, baseline): (f32, f32, f32),
    rtl_measure: Option<f32>,
) -> Option<Initial> {
    let fonts = ts.fonts();
    let cap_fraction = |face: FaceId| {
        let m = fonts.units_metrics(face);
        (m.cap_height > 0.0).then(|| m.cap_height / f32::from(m.units_per_em))
    };
    // The first line's cap line is the body face's; the letter's cap height must reach it.
    let body_cap = cap_fraction(Style::Regular.into())? * body;
    let span = (lines - 1) as f32 * leading + body_cap;
    let run = |size: f32| Run {
        text: taken.text.clone(),
        small_caps: false,
        size,
        ..taken.style.clone()
    };
    let opts = ParaOpts::display(100_000.0, Align::Left, leading);
    // A first setting finds the letter's face; its cap height gives the size.
    let trial = ts.set(&[run(body)], &opts).into_iter().next()?;
    let face = FaceId(u16::try_from(trial.runs.last()?.font.0).ok()?);
    let size = span / cap_fraction(face)?;
    let line = ts.set(&[run(size)], &opts).into_iter().next()?;
    // The ink's extent, from the outlines, along the pen.
    let (mut left, mut right) = (f32::MAX, f32::MIN);
    for r in &line.runs {
        let f = FaceId(u16::try_from(r.font.0).ok()?);
        let k = r.size / f32::from(fonts.units_per_em(f));
        let mut pen = r.x;
        for g in &r.glyphs {
            if let Some([x0, _, x1, _]) = fonts.glyph_ink(f, g.id) {
                let at = pen + f32::from(g.dx) / 100.0 * r.size;
                left = left.min(at + x0 * k);
                right = right.max(at + x1 * k);
            }
            pen += g.advance;
        }
    }
    if left > right {
        return None;
    }
    let y = baseline + (lines - 1) as f32 * leading;
    let dx = rtl_measure.map_or(-left, |measure| measure - right);
    let runs = line
        .runs
        .into_iter()
        .map(|mut r| {
            r.x += dx;
            r.y = y;
            for g in &mut r.glyphs {
                g.text = GlyphText::new();
            }
            r
        })
        .collect();
    Some(Initial {
        runs,
        indent: right - left + GAP_EM * body,
        lines,
    })
}

/// Puts the initial's text on blank glyphs before `run`, the first line's first run (see the
/// module's doc): they end where the run began, so nothing of the line moves. Right to left
/// (`rtl`), the first run is the rightmost and the blanks follow its end, toward the letter.
pub fn carry_text(ts: &Typesetter<'_>, run: &mut GlyphRun, taken: &Taken, rtl: bool) -> bool {
    let Ok(face) = u16::try_from(run.font.0).map(FaceId) else {
        return false;
    };
    let fonts = ts.fonts();
    let Some((id, units)) = fonts.space_glyph(face) else {
        return false;
    };
    let advance = units * run.size / f32::from(fonts.units_per_em(face));
    let mut texts = vec![taken.text.as_str()];
    if taken.space_after {
        texts.push(" ");
    }
    let blanks = texts.iter().map(|&t| Glyph {
        id,
        advance,
        text: GlyphText::from(t),
        dx: 0,
        dy: 0,
    });
    if rtl {
        // Glyphs run left to right as drawn: the letter, first in reading, goes rightmost.
        let blanks: Vec<Glyph> = blanks.collect();
        run.glyphs.extend(blanks.into_iter().rev());
    } else {
        run.x -= advance * texts.len() as f32;
        run.glyphs.splice(0..0, blanks);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taking_the_initial_leaves_the_rest_of_the_text_and_a_one_letter_words_space() {
        let mut runs = vec![Run::plain("It was", 11.0)];
        let taken = take(&mut runs, false).unwrap();
        assert_eq!((taken.text.as_str(), taken.space_after), ("I", false));
        assert_eq!(runs[0].text, "t was");
        let mut runs = vec![Run::plain("A ", 11.0), Run::plain("cat", 11.0)];
        let taken = take(&mut runs, false).unwrap();
        assert_eq!((taken.text.as_str(), taken.space_after), ("A", true));
        let rest: String = runs.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(rest, "cat");
        // A paragraph of one letter, or opening on a link, keeps its text as it was.
        for mut runs in [
            vec![Run::plain("I", 11.0)],
            vec![Run {
                tag: Some(0),
                ..Run::plain("It was", 11.0)
            }],
        ] {
            let before = runs.clone();
            assert!(take(&mut runs, false).is_none());
            assert_eq!(runs, before);
        }
    }
}
