//! Paragraphs: styled text in, set lines out.
//!
//! Method: the text is cut into words at spaces (the only places a line may end besides
//! hyphenation points, hard hyphens and dashes, and explicit break hints), each word into
//! *pieces* of one style and face (a word may change style mid-way, "*un*likely", or fall
//! back to another face for a glyph its own lacks). Each piece is shaped whole with
//! rustybuzz (cached), so kerning and ligatures inside a word are exact. The word becomes the
//! boxes of Knuth & Plass's model, cut at its hyphenation points (a box's width is the sum of
//! the advances of the glyphs whose clusters fall inside it, so the parts of an unbroken word
//! add up to the word exactly), with a hyphen penalty between the parts; word spaces become
//! glue of the font's own space width that may stretch by [`SPACE_STRETCH`] and shrink by
//! [`SPACE_SHRINK`] of it; the paragraph ends in `\parfillskip` glue and a forced break, as
//! in TeX. `linebreak.rs` chooses the breaks.
//!
//! Each line is then set from its pieces: a word broken at a hyphen is reshaped in two halves
//! (a ligature across the break, "ff" in "dif-ferent", must come apart) with a real hyphen
//! glyph (text "-"), and the difference between the measure and the line's true natural width
//! is spread over its word spaces in proportion to their stretch or shrink, so justified lines
//! are flush to a hundredth of a point while the paragraph's last line keeps natural spacing.
//! A word space is always the font's real space glyph (text " ") with the set width as its
//! advance, so text extracted from the PDF reads back word for word.
//!
//! The tuning (spaces, penalties, tolerances) aims at the measures in `pdfquality.py`: no
//! overfull lines, at most two hyphenated lines in a row, few word spaces beyond 1.5× or below
//! 0.8× the natural space. See the constants for the reasoning, and
//! `quality_tests::prose_meets_the_typographic_targets` for the figures.
//!
//! The files: this one holds the tuning, the public types and the order of the work;
//! `words` cuts the spans into shaped pieces and words, `item_list` turns the words into the
//! breaker's boxes, glue and penalties, `runt` gives a paragraph ending in a runt a second
//! look, `line_setter` sets each chosen line into glyph runs, and `spacing_stats` measures
//! set lines as `pdfquality.py` does.

mod item_list;
mod line_setter;
mod protrusion;
mod runt;
mod spacing_stats;
mod words;

#[cfg(test)]
mod breaking_tests;
#[cfg(test)]
mod tests;

use super::bidi::ParagraphLevels;
use super::fonts::{Region, Style};
use super::hyphenate::Hyphenator;
use super::linebreak::{self, Params};
use super::shape::{Features, Figures, Lang, ShapeContext};
use crate::page::GlyphRun;

use self::item_list::ItemBuilder;
use self::line_setter::LineSetter;
use self::runt::{is_runt, rebreak_runt};
pub use self::spacing_stats::SpacingStats;
use self::words::tokenize;

/// How far a word space may stretch, as a fraction of its natural width. At full stretch
/// (ratio 1, badness 100) a space is 1.5× natural, the threshold at which a line starts to
/// look loose; TeX's fonts give about the same (Computer Modern: 1/2).
pub const SPACE_STRETCH: f32 = 0.5;

/// How far a word space may shrink, as a fraction of its natural width. A space below ~0.8×
/// lets words run together (and makes text extraction unreliable); 0.19 keeps the tightest
/// line at 0.81×, a hair above that, with room for rounding in the PDF.
pub const SPACE_SHRINK: f32 = 0.19;

/// Badness limit of the first pass (no hyphenation): ratio ≤ 1, spaces ≤ 1.5× natural.
/// A paragraph that sets this well without hyphens gets none.
pub const PRETOLERANCE: f32 = 100.0;

/// Badness limit of the second pass (with hyphenation). Equal to the first (TeX: 200): a
/// hyphen is cheaper to the eye than a space beyond 1.5×, and what cannot be set within it
/// goes to the emergency pass, which minimises the real looseness instead.
pub const TOLERANCE: f32 = 100.0;

/// Extra stretch per line, in ems of the body size, for paragraphs that cannot be set
/// within tolerance (TeX's `\emergencystretch`): a line a little looser than we like is far
/// better than one sticking into the margin. (The emergency pass still ranks its solutions by
/// the lines' real looseness, see `linebreak.rs`, so this only widens what is possible.)
pub const EMERGENCY_STRETCH_EM: f32 = 2.0;

/// Cost of breaking at a hyphenation point (TeX: 50). Three times TeX's: with capitalised
/// words breakable and hyphens hung into the margin (cheaper to fit), TeX's value let
/// hyphens multiply; measured on tests/longwords-book, 50 -> 150 took hyphenated lines from
/// 23.6% to 21.2% for 0.3 points more lines over 1.5× (6.8% -> 7.1%), and 250 bought 1.3 points
/// fewer hyphens for 0.5 more loose lines: the knee is here.
pub const HYPHEN_PENALTY: f32 = 150.0;

/// Cost of breaking a capitalised word inside a sentence (a probable name, "Johans-son").
/// Not forbidden, as it once was: a loose line before a long capitalised word is worse
/// (the essay book had 20 of its 33 lines over 1.75× there). 300² = 90,000 demerits: taken
/// only where the alternative is a line of badness ~290 (spaces ~1.7× natural) or worse. On
/// tests/longwords-book, forbidding them left 13.3% of lines over 1.5×; this, 7.3%.
pub const NAME_HYPHEN_PENALTY: f32 = 300.0;

/// Cost of breaking after a hyphen or dash already in the text (TeX's `\exhyphenpenalty`).
pub const EX_HYPHEN_PENALTY: f32 = 50.0;

/// Cost of breaking at a zero-width space (an author's hint inside a URL or long compound).
pub const ZERO_WIDTH_BREAK_PENALTY: f32 = 50.0;

/// Cost of a last-resort break inside a word wider than the measure, at a grapheme
/// boundary: below "never" (so it is always possible), far above any other break (so it is
/// taken only where nothing else fits: one such break costs more than a hundred bad lines).
pub const FORCED_BREAK_PENALTY: f32 = 9_000.0;

/// How far the gap between two CJK characters may widen or narrow, in ems: CJK lines are
/// justified by spacing the characters (JIS X 4051's inter-character adjustment), having few
/// or no spaces. A quarter em of widening keeps the grid readable; the characters are set
/// solid and do not close up.
pub const CJK_STRETCH_EM: f32 = 0.25;
pub const CJK_SHRINK_EM: f32 = 0.0;

/// Demerits per line, before squaring (TeX's `\linepenalty`).
pub const LINE_PENALTY: f32 = 10.0;

/// For adjacent lines whose spacing differs by more than one fitness class (TeX's
/// `\adjdemerits`): a tight line under a loose one is what a reader sees as uneven colour.
pub const ADJACENT_FITNESS_DEMERITS: f32 = 10_000.0;

/// For two hyphenated lines in a row (TeX's `\doublehyphendemerits`).
pub const DOUBLE_HYPHEN_DEMERITS: f32 = 10_000.0;

/// For a hyphen on the penultimate line (TeX's `\finalhyphendemerits`).
pub const FINAL_HYPHEN_DEMERITS: f32 = 10_000.0;

/// Never more than this many hyphenated lines in a row (a "ladder" of three is a defect).
pub const MAX_HYPHEN_RUN: usize = 2;

/// A last line narrower than this many ems is a stray word ("a lonely last word on a
/// line"); it earns [`SHORT_LAST_LINE_DEMERITS`], so the breaker takes it if the rest sets
/// well that way, not at any price.
pub const SHORT_LAST_LINE_EM: f32 = 4.0;
pub const SHORT_LAST_LINE_DEMERITS: f32 = 8_000.0;

/// Second look at a paragraph that ends in a runt: the tolerance of that look, the
/// demerits that make any runt-free setting win within it, and the loosest line it may
/// bring (ratio 1.1: spaces 1.55× natural, just past where a line starts to look loose).
pub const RUNT_TOLERANCE: f32 = 400.0;
pub const RUNT_DEMERITS: f32 = 1.0e7;
pub const RUNT_MAX_RATIO: f32 = 1.15;
/// The runt's "one line fewer" look (TeX's `\looseness=-1`) only for paragraphs of at most
/// this many lines. It must keep a best node per line number at every break, and the line
/// numbers a break can be reached with grow with the paragraph, so its cost is quadratic:
/// 64,000 identical words (6,000 lines) took 8.7 s and 2 GB where 63,500 words, ending
/// without a runt, took 0.08 s. Past this a runt gets only the looser look, which is linear.
pub const RUNT_FEWER_MAX_LINES: usize = 250;

/// Ragged-right setting: how much a line may fall short of the measure at badness 100.
pub const RAGGED_STRETCH_EM: f32 = 3.0;

/// Tracking as a justification aid, in ems per gap between two letters of a word: how much
/// the gap may widen or narrow. Word spaces alone are a coarse control (a line has about ten),
/// letters a fine one (about fifty); a hundredth of an em is below what a reader notices,
/// and it keeps word spaces near their natural width where a long unbreakable word (a proper
/// noun, never hyphenated) would otherwise leave a loose line. The same idea as InDesign's
/// letter-spacing range or pdfTeX's font expansion.
/// Letters give less than they take: narrowing reads as cramped sooner than widening.
pub const LETTER_STRETCH_EM: f32 = 0.01;
pub const LETTER_SHRINK_EM: f32 = 0.005;

/// Whether tracking may space the letters of `text` apart: not in a script whose letters
/// join (Arabic, Syriac, N'Ko, Mongolian...) or hang from one headline (Devanagari, Bengali,
/// Gurmukhi), where a gap between two letters breaks the join.
pub(crate) fn trackable(text: &str) -> bool {
    use unicode_script::{Script, UnicodeScript};
    text.is_ascii()
        || !text.chars().any(|c| {
            matches!(
                c.script(),
                Script::Arabic
                    | Script::Syriac
                    | Script::Nko
                    | Script::Mongolian
                    | Script::Mandaic
                    | Script::Manichaean
                    | Script::Psalter_Pahlavi
                    | Script::Sogdian
                    | Script::Old_Uyghur
                    | Script::Adlam
                    | Script::Hanifi_Rohingya
                    | Script::Devanagari
                    | Script::Bengali
                    | Script::Gurmukhi
            )
        })
}

/// Which gaps of a word's glyphs tracking widens (`zero[i]`: glyph i has no advance): in a
/// trackable text, those between two glyphs that advance; a zero-width mark stays on the
/// letter it was placed on. `gap(i)` is the gap after glyph i.
pub(crate) fn tracked_gap(trackable: bool, zero: impl Fn(usize) -> bool, i: usize) -> bool {
    trackable && !zero(i) && !zero(i + 1)
}

/// The gaps tracking widens in a run of `glyphs` glyphs ([`tracked_gap`]), never after the
/// last: the one count the breaker measures with and the setter sets with.
pub(crate) fn tracked_gaps(
    trackable: bool,
    glyphs: usize,
    zero: impl Fn(usize) -> bool,
) -> impl Iterator<Item = usize> {
    (0..glyphs.saturating_sub(1)).filter(move |&i| tracked_gap(trackable, &zero, i))
}

/// The most a glyph may hang into a margin (margin kerning), in ems of its size: a fifth of
/// an em dash, half a hyphen or a stop, whatever the font makes of them. The page-fit check
/// (`typeset::fit`) allows text this far past the block's edges.
pub const MAX_HANG_EM: f32 = 0.25;

/// Font expansion (`print.expansion`), when it is on: the spaces of a line take its
/// shortfall alone up to this share of their stretch or shrink (0.8: spaces up to 1.4x
/// natural, down to 0.85x), then the glyphs, then the spaces again, so expansion is kept for
/// the lines that would be loose, tight, or need a hyphen. Measured at 2% on
/// tests/longwords-book: 0.5 expanded 43% of the lines for 11.1% hyphenated and 1.3% over
/// 1.5x; 0.8 expanded 25% for 11.3% and 1.3% (the example: 34% -> 21% of lines, hyphens 4.4%,
/// loose 5.2% either way); 0.3, 60% for 10.7% and 1.3%.
pub const EXPANSION_FROM_RATIO: f32 = 0.8;

/// Demerits of a line that uses its whole expansion budget (by the square for a part):
/// 2,500 = 50², a ninth of what a hyphen costs ([`HYPHEN_PENALTY`]²), so a line is expanded
/// before a word is broken. 10,000 (as a doubled hyphen) changed little on
/// tests/longwords-book (hyphens 11.8%, loose 1.3%, 22% of lines expanded by 1.0% on average).
pub const EXPANSION_DEMERITS: f32 = 2_500.0;

/// Superscripts (note references, `<sup>`) and subscripts (`<sub>`): size relative to the
/// text, and shift of the baseline in ems of the text size. A subscript drops less than a
/// superscript rises: it hangs from the x-height's foot, not above the capitals.
pub const SUPERSCRIPT_SCALE: f32 = 0.65;
pub const SUPERSCRIPT_RISE_EM: f32 = 0.35;
pub const SUBSCRIPT_DROP_EM: f32 = 0.15;

/// Where text sits against the line's baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Script {
    #[default]
    Normal,
    /// Smaller and raised: note references, `<sup>`.
    Super,
    /// Smaller and lowered: `<sub>`.
    Sub,
}

/// The look of a piece of text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextStyle {
    pub style: Style,
    /// Size in points (of the surrounding text, for a superscript).
    pub size: f32,
    pub small_caps: bool,
    pub figures: Figures,
    /// Set smaller and raised or lowered.
    pub script: Script,
    /// The language it is shaped in (the shaper's handle for its tag).
    pub lang: Lang,
    /// The CJK region of that language: which regional face sets its Han characters.
    pub region: Option<Region>,
    /// A direction given to the text (`dir`): right to left `Some(true)`, left to right
    /// `Some(false)`; `None`: its letters decide.
    pub rtl: Option<bool>,
}

impl TextStyle {
    /// Plain text in a face at a size.
    pub fn new(style: Style, size: f32) -> TextStyle {
        TextStyle {
            style,
            size,
            small_caps: false,
            figures: Figures::Default,
            script: Script::Normal,
            lang: Lang::NONE,
            region: None,
            rtl: None,
        }
    }

    fn features(&self) -> Features {
        Features {
            small_caps: self.small_caps,
            figures: self.figures,
            lang: self.lang,
            rtl: false,
        }
    }

    /// The size glyphs are actually set at.
    fn glyph_size(&self) -> f32 {
        match self.script {
            Script::Normal => self.size,
            Script::Super | Script::Sub => self.size * SUPERSCRIPT_SCALE,
        }
    }

    /// How far the baseline moves up (down when negative).
    fn rise(&self) -> f32 {
        match self.script {
            Script::Normal => 0.0,
            Script::Super => self.size * SUPERSCRIPT_RISE_EM,
            Script::Sub => -self.size * SUBSCRIPT_DROP_EM,
        }
    }
}

/// A run of text in one style. `tag` marks a note reference or link: the set lines report
/// where each tagged stretch ended up, so the caller can make it clickable.
///
/// Special characters: U+00A0 (no-break space) and U+202F (narrow no-break space) never
/// break; U+00AD (soft hyphen) marks the only places its word may be hyphenated; U+200B
/// (zero-width space) allows a break without a hyphen; U+2028 (line separator) forces a line
/// break.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub text: String,
    pub style: TextStyle,
    pub tag: Option<u32>,
}

/// How a paragraph is set.
#[derive(Debug, Clone, PartialEq)]
pub struct ParagraphStyle {
    /// Line length in points.
    pub measure: f32,
    /// Indent of the first line in points (0 for a paragraph after a heading).
    pub first_line_indent: f32,
    /// Justified (flush left and right) or ragged right.
    pub justify: bool,
    /// Hyphenate by the language's patterns (hard hyphens and soft hyphens always break).
    pub hyphenate: bool,
    /// One line more (+1) or fewer (-1) than the best setting, where the result is still
    /// within tolerance (for pulling up a widow, say).
    pub looseness: i32,
    /// Widths of the first lines, if they differ from the measure (beside a drop cap).
    pub line_widths: Vec<f32>,
    /// Margin kerning: light punctuation at a justified line's ends hangs into the margins
    /// (`paragraph::protrusion`). Left-to-right paragraphs only.
    pub protrusion: bool,
    /// Font expansion of justified lines (`print.expansion`): the most a line's glyphs may
    /// be widened or narrowed, as a fraction (0.02: 2%); 0: none.
    pub expansion: f32,
    /// The paragraph's direction, its bidi base level: right to left `Some(true)` (its
    /// lines start at the right, its indent is there), left to right `Some(false)`; `None`:
    /// its first strong character decides (UAX #9's P2).
    pub rtl: Option<bool>,
}

impl ParagraphStyle {
    /// Justified, hyphenated, unindented text on a measure.
    pub fn new(measure: f32) -> ParagraphStyle {
        ParagraphStyle {
            measure,
            first_line_indent: 0.0,
            justify: true,
            hyphenate: true,
            looseness: 0,
            line_widths: Vec::new(),
            protrusion: true,
            expansion: 0.0,
            rtl: None,
        }
    }
}

/// Where a tagged stretch of text sits on a line (x relative to the line start).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TagExtent {
    pub tag: u32,
    pub x0: f32,
    pub x1: f32,
}

/// One set line: glyph runs with x from the line's start and y = 0 at the baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct SetLine {
    pub runs: Vec<GlyphRun>,
    /// Width at natural spacing (indent included).
    pub natural_width: f32,
    /// Where the line's ink ends: the measure for a justified line (plus `hang`), the
    /// natural width for a last line.
    pub width: f32,
    /// How far the line's last glyph hangs past the measure (margin kerning), and its first
    /// before the line's start (the runs then begin at `-hang_left`).
    pub hang: f32,
    pub hang_left: f32,
    /// The width the line was broken for.
    pub measure: f32,
    /// Ends in a hyphen (inserted at a hyphenation point, or a hard hyphen of the text).
    pub hyphenated: bool,
    /// Wider than the measure by more than half a point (never expected: a word longer than
    /// the measure is broken, see `forced`).
    pub overfull: bool,
    /// Ends inside a word wider than the measure, at a last-resort break between two
    /// graphemes (the caller should warn: the word needs a hint, a hyphen or U+200B): where,
    /// as (span index, byte offset in that span's text).
    pub forced: Option<(usize, usize)>,
    /// Spaces were stretched or shrunk to fill the measure.
    pub justified: bool,
    /// Ends the paragraph or ends at a forced line break.
    pub last: bool,
    /// Height above and depth below the baseline (both positive), superscripts included.
    pub ascent: f32,
    pub descent: f32,
    /// Number of word spaces.
    pub spaces: usize,
    pub tags: Vec<TagExtent>,
    /// Where the line's text begins: (span index, byte offset in that span's text).
    pub start: Option<(usize, usize)>,
    /// The paragraph is right to left: its lines are aligned to the right edge.
    pub rtl: bool,
}
/// Sets a paragraph: breaks `spans` into lines of `style.measure` and sets each line.
/// `hyphenator` is the book language's (None: no pattern hyphenation).
pub fn set_paragraph(
    cx: &mut ShapeContext<'_>,
    hyphenator: Option<&Hyphenator>,
    spans: &[Span],
    style: &ParagraphStyle,
) -> Vec<SetLine> {
    set_paragraph_in_languages(cx, &vec![hyphenator; spans.len()], spans, style)
}

/// [`set_paragraph`] with a hyphenator for each span, by its language (`None`: that span's
/// words take no pattern hyphenation; missing entries count as `None`). A word is
/// hyphenated by its first span's.
pub fn set_paragraph_in_languages(
    cx: &mut ShapeContext<'_>,
    hyphenators: &[Option<&Hyphenator>],
    spans: &[Span],
    style: &ParagraphStyle,
) -> Vec<SetLine> {
    set_with(cx, hyphenators, spans, style, |items, params| {
        let mut breaks = linebreak::break_lines(items, params);
        if style.justify && is_runt(&breaks, params) {
            if let Some(better) = rebreak_runt(items, params, breaks.lines.len()) {
                breaks = better;
            }
        }
        breaks.lines
    })
}

/// The spans up to their first forced break as one line at natural spacing, broken nowhere
/// (`linebreak::one_line`): a text's natural width, at a cost linear in its words.
pub fn set_one_line(
    cx: &mut ShapeContext<'_>,
    spans: &[Span],
    style: &ParagraphStyle,
) -> Option<SetLine> {
    set_with(cx, &[], spans, style, |items, params| {
        linebreak::one_line(items, params).into_iter().collect()
    })
    .pop()
}

/// Shape and itemise the spans, let `lines` choose the lines, and set them.
fn set_with(
    cx: &mut ShapeContext<'_>,
    hyphenators: &[Option<&Hyphenator>],
    spans: &[Span],
    style: &ParagraphStyle,
    lines: impl FnOnce(&[linebreak::Item], &linebreak::Params) -> Vec<linebreak::Line>,
) -> Vec<SetLine> {
    let fonts = cx.fonts();
    let levels = ParagraphLevels::of_isolated(
        spans.iter().map(|s| (s.text.as_str(), s.style.rtl)),
        style.rtl,
    );
    let (pieces, tokens) = tokenize(cx, fonts, spans, levels.as_ref());
    if pieces.is_empty() {
        return Vec::new();
    }
    let body_size = pieces[0].style.size;
    let protrude = style.protrusion && style.justify && levels.is_none();
    let builder = ItemBuilder::build(cx, hyphenators, &pieces, &tokens, style, protrude);
    let mut params = Params::new(style.measure);
    params.line_widths = style.line_widths.clone();
    params.pretolerance = PRETOLERANCE;
    params.tolerance = TOLERANCE;
    params.emergency_stretch = EMERGENCY_STRETCH_EM * body_size;
    params.line_penalty = LINE_PENALTY;
    params.adjacent_fitness_demerits = ADJACENT_FITNESS_DEMERITS;
    params.double_hyphen_demerits = DOUBLE_HYPHEN_DEMERITS;
    params.final_hyphen_demerits = FINAL_HYPHEN_DEMERITS;
    params.max_hyphen_run = MAX_HYPHEN_RUN;
    params.looseness = style.looseness;
    params.short_last_line = SHORT_LAST_LINE_EM * body_size;
    params.short_last_line_demerits = SHORT_LAST_LINE_DEMERITS;
    params.left_hang = builder.left_hang.clone();
    params.expansion = expansion(style);
    if !style.justify {
        params.background_stretch = RAGGED_STRETCH_EM * body_size;
        // Ragged lines need no hyphen to avoid loose spacing; hyphenate only long words
        // that would otherwise leave a ragged hole.
        params.pretolerance = -1.0;
        params.tolerance = 1_000.0;
    }
    let lines = lines(&builder.items, &params);
    let setter = LineSetter {
        fonts,
        pieces: &pieces,
        items: &builder.items,
        sources: &builder.sources,
        expansion: params.expansion,
        justify: style.justify,
        base_level: levels.as_ref().map(|l| l.base),
        left_hang: &builder.left_hang,
        right_hang: &builder.right_hang,
    };
    lines.iter().map(|line| setter.set(cx, line)).collect()
}
/// The breaker's font expansion for a paragraph: only justified text expands (a ragged line
/// has no width to reach).
fn expansion(style: &ParagraphStyle) -> linebreak::Expansion {
    if !style.justify || style.expansion <= 0.0 {
        return linebreak::Expansion::OFF;
    }
    linebreak::Expansion {
        limit: style.expansion,
        from_ratio: EXPANSION_FROM_RATIO,
        demerits: EXPANSION_DEMERITS,
    }
}

/// Shorthand for tests and callers with plain text: one span per paragraph.
pub fn plain_spans(text: &str, style: TextStyle) -> Vec<Span> {
    vec![Span {
        text: text.to_string(),
        style,
        tag: None,
    }]
}
