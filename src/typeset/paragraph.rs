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

use std::sync::Arc;

use super::fonts::{FontSet, Style};
use super::hyphenate::{hard_hyphen_breaks, BreakKind, Hyphenator, WordBreak};
use super::linebreak::{self, Item, Params, INFINITE_PENALTY};
use super::page::{Glyph, GlyphRun};
use super::shape::{Features, Figures, ShapeContext, ShapedText};

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

/// Cost of breaking at a hyphenation point (TeX: 50). Kept at TeX's value: the demerits for
/// consecutive and penultimate hyphens below do the work of keeping hyphens apart.
pub const HYPHEN_PENALTY: f32 = 50.0;

/// Cost of breaking after a hyphen or dash already in the text (TeX's `\exhyphenpenalty`).
pub const EX_HYPHEN_PENALTY: f32 = 50.0;

/// Cost of breaking at a zero-width space (an author's hint inside a URL or long compound).
pub const ZERO_WIDTH_BREAK_PENALTY: f32 = 50.0;

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

/// Superscripts (note references): size relative to the text, and raise of the baseline,
/// in ems of the text size.
pub const SUPERSCRIPT_SCALE: f32 = 0.65;
pub const SUPERSCRIPT_RISE_EM: f32 = 0.35;

/// The look of a piece of text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextStyle {
    pub style: Style,
    /// Size in points (of the surrounding text, for a superscript).
    pub size: f32,
    pub small_caps: bool,
    pub figures: Figures,
    /// Set smaller and raised (note references).
    pub superscript: bool,
}

impl TextStyle {
    /// Plain text in a face at a size.
    pub fn new(style: Style, size: f32) -> TextStyle {
        TextStyle {
            style,
            size,
            small_caps: false,
            figures: Figures::Default,
            superscript: false,
        }
    }

    fn features(&self) -> Features {
        Features {
            small_caps: self.small_caps,
            figures: self.figures,
        }
    }

    /// The size glyphs are actually set at.
    fn glyph_size(&self) -> f32 {
        if self.superscript {
            self.size * SUPERSCRIPT_SCALE
        } else {
            self.size
        }
    }

    fn rise(&self) -> f32 {
        if self.superscript {
            self.size * SUPERSCRIPT_RISE_EM
        } else {
            0.0
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
    /// Width as set: the measure for a justified line, the natural width for a last line.
    pub width: f32,
    /// The width the line was broken for.
    pub measure: f32,
    /// Ends in a hyphen (inserted at a hyphenation point, or a hard hyphen of the text).
    pub hyphenated: bool,
    /// Wider than the measure by more than half a point (only where a word is longer than
    /// the measure; the caller should warn).
    pub overfull: bool,
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
}

/// A piece of a word: one span's text in one face, shaped whole.
struct Piece<'s> {
    text: &'s str,
    style: TextStyle,
    /// The face actually used (the span's, or a fallback with the glyphs).
    face: Style,
    tag: Option<u32>,
    shaped: Arc<ShapedText>,
}

/// What an item of the break list stands for, so that lines can be set from it.
#[derive(Clone, Copy)]
enum Source {
    Indent,
    /// Bytes `start..end` of piece `piece`.
    Fragment {
        piece: usize,
        start: usize,
        end: usize,
    },
    /// A word space in the style of the text it stands in.
    Space {
        piece: usize,
    },
    /// A hyphenation point after piece `piece`'s text (an inserted hyphen if broken here).
    Hyphen {
        piece: usize,
    },
    /// Glue, penalties and breaks with nothing to print.
    Nothing,
}

/// Separators between words, strongest first when several meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Separator {
    ZeroWidth,
    Space,
    NoBreak,
    NarrowNoBreak,
    LineBreak,
}

fn classify(c: char) -> Option<Separator> {
    match c {
        ' ' | '\t' | '\n' | '\r' => Some(Separator::Space),
        '\u{00A0}' => Some(Separator::NoBreak),
        '\u{202F}' => Some(Separator::NarrowNoBreak),
        '\u{2028}' => Some(Separator::LineBreak),
        '\u{200B}' => Some(Separator::ZeroWidth),
        _ => None,
    }
}

/// The paragraph as words and separators.
enum Token {
    /// Pieces `first..end` of the piece list; soft-hyphen points in word bytes.
    Word {
        first: usize,
        end: usize,
        soft_hyphens: Vec<usize>,
    },
    /// A separator; `piece` gives the style of a space (the piece before it).
    Separator { kind: Separator, piece: usize },
}

/// Sets a paragraph: breaks `spans` into lines of `style.measure` and sets each line.
/// `hyphenator` is the book language's (None: no pattern hyphenation).
pub fn set_paragraph(
    cx: &mut ShapeContext<'_>,
    hyphenator: Option<&Hyphenator>,
    spans: &[Span],
    style: &ParagraphStyle,
) -> Vec<SetLine> {
    let fonts = cx.fonts();
    let (pieces, tokens) = tokenize(cx, fonts, spans);
    if pieces.is_empty() {
        return Vec::new();
    }
    let body_size = pieces[0].style.size;
    let builder = ItemBuilder::build(cx, hyphenator, &pieces, &tokens, style);
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
    if !style.justify {
        params.background_stretch = RAGGED_STRETCH_EM * body_size;
        // Ragged lines need no hyphen to avoid loose spacing; hyphenate only long words
        // that would otherwise leave a ragged hole.
        params.pretolerance = -1.0;
        params.tolerance = 1_000.0;
    }
    let mut breaks = linebreak::break_lines(&builder.items, &params);
    if style.justify && is_runt(&breaks, &params) {
        if let Some(better) = rebreak_runt(&builder.items, &params, breaks.lines.len()) {
            breaks = better;
        }
    }
    let setter = LineSetter {
        fonts,
        pieces: &pieces,
        items: &builder.items,
        sources: &builder.sources,
        justify: style.justify,
    };
    breaks
        .lines
        .iter()
        .map(|line| setter.set(cx, line))
        .collect()
}

/// The last line of a paragraph of several lines is a lone short word or a word's tail.
fn is_runt(breaks: &linebreak::Breaks, params: &Params) -> bool {
    breaks.lines.len() > 1
        && breaks
            .lines
            .last()
            .is_some_and(|l| l.natural_width < params.short_last_line)
}

/// A runt is often there only because every other setting needed a line a little looser
/// than the tolerance allows, so the breaker never saw them. A compositor would rather
/// open one line slightly than leave "ity." alone at a paragraph's foot: look again with
/// a wider tolerance, and take the new setting only if it has no runt and no line looser
/// than [`RUNT_MAX_RATIO`].
fn rebreak_runt(items: &[Item], params: &Params, lines: usize) -> Option<linebreak::Breaks> {
    // First try one line fewer: the runt's few letters shrunk into the lines above.
    let mut tighter = params.clone();
    tighter.pretolerance = -1.0;
    tighter.looseness = -1;
    let retry = linebreak::break_lines(items, &tighter);
    let fewer = retry.lines.len() < lines;
    if fewer
        && retry.lines.iter().all(|l| !l.overfull && l.ratio >= -1.0)
        && !is_runt(&retry, params)
    {
        return Some(retry);
    }
    // Then the same number of lines, set a little looser so the last line takes more.
    let mut relaxed = params.clone();
    relaxed.pretolerance = -1.0;
    relaxed.tolerance = RUNT_TOLERANCE;
    relaxed.short_last_line_demerits = RUNT_DEMERITS;
    let retry = linebreak::break_lines(items, &relaxed);
    let acceptable = !is_runt(&retry, params)
        && retry
            .lines
            .iter()
            .all(|l| !l.overfull && l.ratio <= RUNT_MAX_RATIO);
    acceptable.then_some(retry)
}

/// Cuts the spans into pieces (one span, one face, no separators) and tokens.
fn tokenize<'s>(
    cx: &mut ShapeContext<'_>,
    fonts: &FontSet,
    spans: &'s [Span],
) -> (Vec<Piece<'s>>, Vec<Token>) {
    let mut pieces: Vec<Piece<'s>> = Vec::new();
    let mut tokens = Vec::new();
    // The word being read: first piece, its soft hyphens, its length in bytes so far.
    let mut word_first: Option<usize> = None;
    let mut soft_hyphens = Vec::new();
    let mut word_len = 0;
    // The piece being read: span, face, start byte.
    let mut open: Option<(usize, Style, usize)> = None;

    let close_piece = |pieces: &mut Vec<Piece<'s>>,
                       cx: &mut ShapeContext<'_>,
                       open: &mut Option<(usize, Style, usize)>,
                       end: usize| {
        if let Some((si, face, start)) = open.take() {
            if end > start {
                let span = &spans[si];
                let text = &span.text[start..end];
                let shaped = cx.shape(face, span.style.features(), text);
                pieces.push(Piece {
                    text,
                    style: span.style,
                    face,
                    tag: span.tag,
                    shaped,
                });
            }
        }
    };

    for (si, span) in spans.iter().enumerate() {
        for (i, c) in span.text.char_indices() {
            if let Some(kind) = classify(c) {
                close_piece(&mut pieces, cx, &mut open, i);
                if let Some(first) = word_first.take() {
                    if pieces.len() > first {
                        tokens.push(Token::Word {
                            first,
                            end: pieces.len(),
                            soft_hyphens: std::mem::take(&mut soft_hyphens),
                        });
                    }
                }
                soft_hyphens.clear();
                word_len = 0;
                // Leading separators are dropped; consecutive ones merge into the strongest.
                match tokens.last_mut() {
                    None => {}
                    Some(Token::Separator { kind: k, .. }) => *k = (*k).max(kind),
                    Some(Token::Word { end, .. }) => {
                        let piece = *end - 1;
                        tokens.push(Token::Separator { kind, piece });
                    }
                }
                continue;
            }
            if c == '\u{00AD}' {
                close_piece(&mut pieces, cx, &mut open, i);
                if word_len > 0 {
                    soft_hyphens.push(word_len);
                }
                continue;
            }
            let face = fonts.resolve(span.style.style, c);
            match open {
                Some((osi, oface, _)) if osi == si && oface == face => {}
                _ => {
                    close_piece(&mut pieces, cx, &mut open, i);
                    open = Some((si, face, i));
                }
            }
            if word_first.is_none() {
                word_first = Some(pieces.len());
            }
            word_len += c.len_utf8();
        }
        close_piece(&mut pieces, cx, &mut open, span.text.len());
    }
    if let Some(first) = word_first {
        if pieces.len() > first {
            tokens.push(Token::Word {
                first,
                end: pieces.len(),
                soft_hyphens,
            });
        }
    }
    // Trailing separators are dropped.
    while matches!(tokens.last(), Some(Token::Separator { .. })) {
        tokens.pop();
    }
    (pieces, tokens)
}

/// The break list and what each item stands for.
struct ItemBuilder {
    items: Vec<Item>,
    sources: Vec<Source>,
}

impl ItemBuilder {
    fn build(
        cx: &mut ShapeContext<'_>,
        hyphenator: Option<&Hyphenator>,
        pieces: &[Piece<'_>],
        tokens: &[Token],
        style: &ParagraphStyle,
    ) -> ItemBuilder {
        let mut b = ItemBuilder {
            items: Vec::with_capacity(tokens.len() * 3),
            sources: Vec::with_capacity(tokens.len() * 3),
        };
        if style.first_line_indent > 0.0 {
            b.push(
                Item::Box {
                    width: style.first_line_indent,
                },
                Source::Indent,
            );
        }
        let mut word = String::new();
        // The paragraph's last word is never hyphenated: its tail alone on the last line
        // ("minor-/ity.") is the worst of runts. (Its own hard hyphens still may break.)
        let last_word = tokens.iter().rposition(|t| matches!(t, Token::Word { .. }));
        for (t, token) in tokens.iter().enumerate() {
            match token {
                Token::Word {
                    first,
                    end,
                    soft_hyphens,
                } if Some(t) == last_word && soft_hyphens.is_empty() => {
                    word.clear();
                    for p in &pieces[*first..*end] {
                        word.push_str(p.text);
                    }
                    b.word(cx, pieces, *first..*end, &word, &hard_hyphen_breaks(&word));
                }
                Token::Word {
                    first,
                    end,
                    soft_hyphens,
                } => {
                    word.clear();
                    for p in &pieces[*first..*end] {
                        word.push_str(p.text);
                    }
                    let breaks: Vec<WordBreak> = if !soft_hyphens.is_empty() {
                        soft_hyphens
                            .iter()
                            .map(|&offset| WordBreak {
                                offset,
                                kind: BreakKind::Hyphen,
                            })
                            .collect()
                    } else {
                        match hyphenator {
                            Some(h) if style.hyphenate => h.breaks(&word),
                            _ => hard_hyphen_breaks(&word),
                        }
                    };
                    b.word(cx, pieces, *first..*end, &word, &breaks);
                }
                Token::Separator { kind, piece } => {
                    // A spaced dash ("frivolous – Scarlett") stays with the word before it:
                    // a line may end with the dash but never begin with it.
                    let dash_follows = match tokens.get(t + 1) {
                        Some(Token::Word { first, end, .. }) => {
                            end - first == 1 && matches!(pieces[*first].text, "–" | "—")
                        }
                        _ => false,
                    };
                    let kind = if *kind == Separator::Space && dash_follows {
                        Separator::NoBreak
                    } else {
                        *kind
                    };
                    b.separator(cx, pieces, kind, *piece)
                }
            }
        }
        b.end_line();
        b
    }

    /// TeX's paragraph end: no break before the fill glue (else a line could end just
    /// before it and leave an empty last line), the fill, the forced break.
    fn end_line(&mut self) {
        self.push(
            Item::Penalty {
                width: 0.0,
                cost: INFINITE_PENALTY,
                flagged: false,
            },
            Source::Nothing,
        );
        self.push(Item::fill(), Source::Nothing);
        self.push(Item::forced_break(), Source::Nothing);
    }

    fn push(&mut self, item: Item, source: Source) {
        self.items.push(item);
        self.sources.push(source);
    }

    /// A word: boxes cut at its break points and piece boundaries, with penalties between.
    fn word(
        &mut self,
        cx: &mut ShapeContext<'_>,
        pieces: &[Piece<'_>],
        range: std::ops::Range<usize>,
        word: &str,
        breaks: &[WordBreak],
    ) {
        // The word's tracking flexibility, as glue just before it (never a breakpoint: it
        // follows a space or a penalty, and after an indent box a penalty guards it). At
        // a line's start it is discarded with the space, so the breaker slightly
        // underestimates a line's flexibility, never overestimates it.
        let size = pieces[range.start].style.glyph_size();
        let gaps: usize = pieces[range.clone()]
            .iter()
            .map(|p| p.shaped.glyphs.len())
            .sum::<usize>()
            .saturating_sub(1);
        let (ls_stretch, ls_shrink) = (LETTER_STRETCH_EM, LETTER_SHRINK_EM);
        if gaps > 0 && (ls_stretch > 0.0 || ls_shrink > 0.0) {
            if matches!(self.items.last(), Some(Item::Box { .. })) {
                self.push(
                    Item::Penalty {
                        width: 0.0,
                        cost: INFINITE_PENALTY,
                        flagged: false,
                    },
                    Source::Nothing,
                );
            }
            self.push(
                Item::Glue {
                    width: 0.0,
                    stretch: gaps as f32 * ls_stretch * size,
                    shrink: gaps as f32 * ls_shrink * size,
                },
                Source::Nothing,
            );
        }
        let mut word_offset = 0;
        let mut next_break = breaks.iter().peekable();
        for pi in range {
            let piece = &pieces[pi];
            let piece_end = word_offset + piece.text.len();
            let mut start = 0;
            loop {
                // Skip breaks at or before the current position: one at the word's start has
                // nothing before it, and one exactly at a piece boundary (between a word and
                // its note reference, say) is not wanted.
                while next_break
                    .peek()
                    .is_some_and(|b| b.offset <= word_offset + start)
                {
                    next_break.next();
                }
                let cut = next_break
                    .peek()
                    .map(|b| b.offset)
                    .filter(|&o| o < piece_end)
                    .map(|o| o - word_offset)
                    .unwrap_or(piece.text.len());
                self.push(
                    Item::Box {
                        width: fragment_width(piece, start, cut),
                    },
                    Source::Fragment {
                        piece: pi,
                        start,
                        end: cut,
                    },
                );
                if cut == piece.text.len() {
                    break;
                }
                let brk = *next_break.next().expect("cut came from a break");
                match brk.kind {
                    BreakKind::Hyphen => {
                        let hyphen = cx.shape(piece.face, piece.style.features(), "-");
                        self.push(
                            Item::Hyphen {
                                width: hyphen.width(piece.style.glyph_size()),
                                cost: HYPHEN_PENALTY,
                            },
                            Source::Hyphen { piece: pi },
                        );
                    }
                    BreakKind::AfterHyphen => {
                        // A line ending in a hard hyphen looks hyphenated (and counts so);
                        // one ending in a dash does not.
                        let flagged =
                            matches!(word[..brk.offset].chars().last(), Some('-' | '\u{2010}'));
                        self.push(
                            Item::Penalty {
                                width: 0.0,
                                cost: EX_HYPHEN_PENALTY,
                                flagged,
                            },
                            Source::Nothing,
                        );
                    }
                }
                start = cut;
            }
            word_offset = piece_end;
        }
    }

    fn separator(
        &mut self,
        cx: &mut ShapeContext<'_>,
        pieces: &[Piece<'_>],
        kind: Separator,
        pi: usize,
    ) {
        let piece = &pieces[pi];
        // A space takes the style of the text before it, at text size even after a
        // superscript note reference.
        let size = piece.style.size;
        let space = cx
            .shape(piece.face, piece.style.features(), " ")
            .width(size);
        let glue = Item::Glue {
            width: space,
            stretch: space * SPACE_STRETCH,
            shrink: space * SPACE_SHRINK,
        };
        let no_break = Item::Penalty {
            width: 0.0,
            cost: INFINITE_PENALTY,
            flagged: false,
        };
        match kind {
            Separator::Space => self.push(glue, Source::Space { piece: pi }),
            Separator::NoBreak => {
                self.push(no_break, Source::Nothing);
                self.push(glue, Source::Space { piece: pi });
            }
            Separator::NarrowNoBreak => {
                self.push(no_break, Source::Nothing);
                self.push(
                    Item::Glue {
                        width: space / 2.0,
                        stretch: 0.0,
                        shrink: 0.0,
                    },
                    Source::Space { piece: pi },
                );
            }
            Separator::ZeroWidth => self.push(
                Item::Penalty {
                    width: 0.0,
                    cost: ZERO_WIDTH_BREAK_PENALTY,
                    flagged: false,
                },
                Source::Nothing,
            ),
            Separator::LineBreak => self.end_line(),
        }
    }
}

/// Width in points of the glyphs of `piece` whose clusters start in `start..end`.
fn fragment_width(piece: &Piece<'_>, start: usize, end: usize) -> f32 {
    if start == 0 && end == piece.text.len() {
        return piece.shaped.width(piece.style.glyph_size());
    }
    let units: i32 = piece
        .shaped
        .glyphs
        .iter()
        .filter(|g| (start..end).contains(&(g.cluster as usize)))
        .map(|g| g.advance)
        .sum();
    units as f32 * piece.style.glyph_size() / piece.shaped.units_per_em as f32
}

/// Something placed on a line, before justification.
enum Placed {
    Indent(f32),
    Glyphs {
        piece: usize,
        glyphs: Vec<Glyph>,
        width: f32,
        /// How far each gap between two of these glyphs may widen or narrow (tracking).
        gap_stretch: f32,
        gap_shrink: f32,
    },
    Space {
        piece: usize,
        glyph: u16,
        natural: f32,
        stretch: f32,
        shrink: f32,
    },
}

struct LineSetter<'a, 's> {
    fonts: &'a FontSet,
    pieces: &'a [Piece<'s>],
    items: &'a [Item],
    sources: &'a [Source],
    justify: bool,
}

impl LineSetter<'_, '_> {
    fn set(&self, cx: &mut ShapeContext<'_>, line: &linebreak::Line) -> SetLine {
        let mut placed: Vec<Placed> = Vec::new();
        // The fragment being gathered: piece and byte range.
        let mut open: Option<(usize, usize, usize)> = None;
        let mut has_fill = false;
        for i in line.start..line.end.min(self.items.len()) {
            match (self.sources[i], self.items[i]) {
                (Source::Indent, Item::Box { width }) => placed.push(Placed::Indent(width)),
                (Source::Fragment { piece, start, end }, _) => match &mut open {
                    Some((p, _, e)) if *p == piece && *e == start => *e = end,
                    _ => {
                        self.flush(cx, &mut placed, open.take());
                        open = Some((piece, start, end));
                    }
                },
                (
                    Source::Space { piece },
                    Item::Glue {
                        width,
                        stretch,
                        shrink,
                    },
                ) => {
                    self.flush(cx, &mut placed, open.take());
                    let p = &self.pieces[piece];
                    let space = cx.shape(p.face, p.style.features(), " ");
                    placed.push(Placed::Space {
                        piece,
                        glyph: space.glyphs.first().map_or(0, |g| g.id),
                        natural: width,
                        stretch,
                        shrink,
                    });
                }
                (_, Item::Glue { stretch, .. }) if stretch.is_infinite() => has_fill = true,
                _ => {}
            }
        }
        let hyphen_piece = match self.sources.get(line.end) {
            Some(Source::Hyphen { piece }) => Some(*piece),
            _ => None,
        };
        self.flush(cx, &mut placed, open.take());
        if let Some(pi) = hyphen_piece {
            let p = &self.pieces[pi];
            // A visible hyphen, text "-": extraction tools rejoin a word split this way.
            let glyphs = cx.glyphs(p.face, p.style.features(), p.style.glyph_size(), "-");
            let width = glyphs.iter().map(|g| g.advance).sum();
            placed.push(Placed::Glyphs {
                piece: pi,
                glyphs,
                width,
                gap_stretch: 0.0,
                gap_shrink: 0.0,
            });
        }
        let hyphenated = hyphen_piece.is_some()
            || matches!(
                self.items.get(line.end),
                Some(Item::Penalty { flagged: true, .. })
            );
        let last = matches!(self.items.get(line.end), Some(Item::Penalty { cost, .. }) if *cost <= -INFINITE_PENALTY)
            || line.end >= self.items.len();

        // Justify: spread the difference between measure and natural width over the spaces.
        let natural: f32 = placed
            .iter()
            .map(|p| match p {
                Placed::Indent(w) => *w,
                Placed::Glyphs { width, .. } => *width,
                Placed::Space { natural, .. } => *natural,
            })
            .sum();
        let (total_stretch, total_shrink, spaces) =
            placed.iter().fold((0.0, 0.0, 0), |(st, sh, n), p| match p {
                Placed::Space {
                    stretch, shrink, ..
                } => (st + stretch, sh + shrink, n + 1),
                Placed::Glyphs {
                    glyphs,
                    gap_stretch,
                    gap_shrink,
                    ..
                } => {
                    let gaps = glyphs.len().saturating_sub(1) as f32;
                    (st + gaps * gap_stretch, sh + gaps * gap_shrink, n)
                }
                Placed::Indent(_) => (st, sh, n),
            });
        let delta = line.width - natural;
        // A last line (fil glue) keeps natural spacing unless it must shrink to fit.
        let stretch_it = self.justify && !has_fill && !last && delta > 0.0 && total_stretch > 0.0;
        let shrink_it = delta < 0.0 && total_shrink > 0.0;
        let adjust = |p_stretch: f32, p_shrink: f32| -> f32 {
            if stretch_it {
                delta * p_stretch / total_stretch
            } else if shrink_it {
                // Never past full shrink: a line that still does not fit (a word longer
                // than the measure) sticks out and is reported overfull, rather than having
                // its letters crushed together.
                (delta / total_shrink).max(-1.0) * p_shrink
            } else {
                0.0
            }
        };

        let mut runs: Vec<GlyphRun> = Vec::new();
        let mut tags: Vec<TagExtent> = Vec::new();
        let mut x = 0.0f32;
        let mut ascent = 0.0f32;
        let mut descent = 0.0f32;
        for p in placed {
            match p {
                Placed::Indent(w) => x += w,
                Placed::Glyphs {
                    piece,
                    mut glyphs,
                    mut width,
                    gap_stretch,
                    gap_shrink,
                } => {
                    let pc = &self.pieces[piece];
                    // Tracking: each gap inside the word takes its share of the adjustment
                    // (never after the last glyph, so the word space stays what it is).
                    let track = adjust(gap_stretch, gap_shrink);
                    if track != 0.0 {
                        let n = glyphs.len();
                        for g in &mut glyphs[..n.saturating_sub(1)] {
                            g.advance += track;
                        }
                        width += track * n.saturating_sub(1) as f32;
                    }
                    let m = self.fonts.metrics(pc.face, pc.style.glyph_size());
                    ascent = ascent.max(m.ascender + pc.style.rise());
                    descent = descent.max(-m.descender - pc.style.rise());
                    if let Some(tag) = pc.tag {
                        extend_tag(&mut tags, tag, x, x + width);
                    }
                    self.append(
                        &mut runs,
                        pc,
                        pc.style.glyph_size(),
                        pc.style.rise(),
                        x,
                        glyphs,
                    );
                    x += width;
                }
                Placed::Space {
                    piece,
                    glyph,
                    natural,
                    stretch,
                    shrink,
                } => {
                    let pc = &self.pieces[piece];
                    let advance = natural + adjust(stretch, shrink);
                    let g = Glyph {
                        id: glyph,
                        advance,
                        text: " ".into(),
                    };
                    self.append(&mut runs, pc, pc.style.size, 0.0, x, vec![g]);
                    x += advance;
                }
            }
        }
        if runs.is_empty() {
            if let Some(p) = self.pieces.first() {
                let m = self.fonts.metrics(p.face, p.style.size);
                ascent = m.ascender;
                descent = -m.descender;
            }
        }
        SetLine {
            runs,
            natural_width: natural,
            width: x,
            measure: line.width,
            hyphenated,
            overfull: x > line.width + 0.5,
            justified: stretch_it || shrink_it,
            last,
            ascent,
            descent,
            spaces,
            tags,
        }
    }

    /// Shapes a gathered fragment (whole pieces come from the cache as they are).
    fn flush(
        &self,
        cx: &mut ShapeContext<'_>,
        placed: &mut Vec<Placed>,
        open: Option<(usize, usize, usize)>,
    ) {
        let Some((pi, start, end)) = open else {
            return;
        };
        let p = &self.pieces[pi];
        let size = p.style.glyph_size();
        let glyphs = if start == 0 && end == p.text.len() {
            p.shaped.to_glyphs(p.text, size)
        } else {
            let text = &p.text[start..end];
            cx.shape(p.face, p.style.features(), text)
                .to_glyphs(text, size)
        };
        let width = glyphs.iter().map(|g| g.advance).sum();
        placed.push(Placed::Glyphs {
            piece: pi,
            glyphs,
            width,
            gap_stretch: LETTER_STRETCH_EM * size,
            gap_shrink: LETTER_SHRINK_EM * size,
        });
    }

    /// Adds glyphs to the last run if it has the same face, size and baseline; else starts one.
    fn append(
        &self,
        runs: &mut Vec<GlyphRun>,
        piece: &Piece<'_>,
        size: f32,
        rise: f32,
        x: f32,
        glyphs: Vec<Glyph>,
    ) {
        let font = self.fonts.font_id(piece.face);
        if let Some(run) = runs.last_mut() {
            if run.font == font && run.size == size && run.y == rise {
                run.glyphs.extend(glyphs);
                return;
            }
        }
        runs.push(GlyphRun {
            font,
            size,
            x,
            y: rise,
            glyphs,
        });
    }
}

fn extend_tag(tags: &mut Vec<TagExtent>, tag: u32, x0: f32, x1: f32) {
    match tags.iter_mut().find(|t| t.tag == tag) {
        Some(t) => {
            t.x0 = t.x0.min(x0);
            t.x1 = t.x1.max(x1);
        }
        None => tags.push(TagExtent { tag, x0, x1 }),
    }
}

/// Statistics of set lines, computed as `pdfquality.py` computes them from a PDF.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SpacingStats {
    pub lines: usize,
    pub justified_lines: usize,
    pub overfull_lines: usize,
    pub max_hyphen_run: usize,
    pub hyphenated_lines: usize,
    /// Share of justified lines whose mean word space exceeds 1.5× the natural space.
    pub loose_15: f32,
    /// Share of justified lines whose mean word space exceeds 0.40 em.
    pub gap_em_over_040: f32,
    /// Share of justified lines whose mean word space is below 0.8× the natural space.
    pub tight_08: f32,
    pub space_ratio_mean: f32,
    pub space_ratio_max: f32,
}

impl SpacingStats {
    /// Measures paragraphs of set lines. `natural_space` is the font's space at `size`.
    /// Like pdfquality, a line counts as justified when it is flush with the measure and has
    /// at least three words; a hyphen run continues only within a paragraph.
    pub fn measure(paragraphs: &[Vec<SetLine>], natural_space: f32, size: f32) -> SpacingStats {
        let mut s = SpacingStats::default();
        let mut ratios = Vec::new();
        let mut ems = Vec::new();
        for para in paragraphs {
            let mut run = 0;
            for line in para {
                s.lines += 1;
                if line.overfull {
                    s.overfull_lines += 1;
                }
                if line.hyphenated {
                    s.hyphenated_lines += 1;
                    run += 1;
                    s.max_hyphen_run = s.max_hyphen_run.max(run);
                } else {
                    run = 0;
                }
                let gaps: Vec<f32> = line
                    .runs
                    .iter()
                    .flat_map(|r| r.glyphs.iter())
                    .filter(|g| g.text == " ")
                    .map(|g| g.advance)
                    .collect();
                let flush = (line.width - line.measure).abs() <= 1.0;
                if flush && gaps.len() >= 2 {
                    let mean = gaps.iter().sum::<f32>() / gaps.len() as f32;
                    ratios.push(mean / natural_space);
                    ems.push(mean / size);
                }
            }
        }
        s.justified_lines = ratios.len();
        let share = |n: usize| {
            if ratios.is_empty() {
                0.0
            } else {
                n as f32 / ratios.len() as f32
            }
        };
        s.loose_15 = share(ratios.iter().filter(|&&r| r > 1.5).count());
        s.tight_08 = share(ratios.iter().filter(|&&r| r < 0.8).count());
        s.gap_em_over_040 = share(ems.iter().filter(|&&e| e > 0.40).count());
        s.space_ratio_mean = if ratios.is_empty() {
            0.0
        } else {
            ratios.iter().sum::<f32>() / ratios.len() as f32
        };
        s.space_ratio_max = ratios.iter().copied().fold(0.0, f32::max);
        s
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::shape::Shaper;

    fn shaper() -> Shaper {
        Shaper::new(Arc::new(FontSet::builtin()))
    }

    fn body() -> TextStyle {
        TextStyle::new(Style::Regular, 11.0)
    }

    fn line_text(line: &SetLine) -> String {
        line.runs
            .iter()
            .flat_map(|r| r.glyphs.iter())
            .map(|g| g.text.as_str())
            .collect()
    }

    /// The text as a reader copying it from the PDF would get it, lines rejoined.
    fn read_back(lines: &[SetLine]) -> String {
        let mut out = String::new();
        for l in lines {
            let t = line_text(l);
            if l.hyphenated && t.ends_with('-') {
                out.push_str(&t[..t.len() - 1]);
            } else {
                out.push_str(&t);
                out.push(' ');
            }
        }
        out.trim_end().to_string()
    }

    const PROSE: &str = "This is arthouse cinema – the pace is slow and the tone downright weird and uncomfortable – but it’s compelled along by the fact Glazer never explains too much, making a mini-puzzle out of each scene. His advertising day-job (he made the iconic 1990s Guinness commercials) means he knows how to tell a story with just a few brushstrokes.";

    #[test]
    fn justified_lines_are_flush_and_the_last_is_natural() {
        let s = shaper();
        let mut cx = s.context();
        let hy = Hyphenator::for_language("en-GB");
        let mut style = ParagraphStyle::new(300.0);
        style.first_line_indent = 11.0;
        let lines = set_paragraph(&mut cx, hy.as_ref(), &plain_spans(PROSE, body()), &style);
        assert!(lines.len() >= 3);
        for l in &lines[..lines.len() - 1] {
            assert!(
                (l.width - 300.0).abs() < 0.01,
                "{} {}",
                l.width,
                line_text(l)
            );
            assert!(l.justified && !l.last);
        }
        let last = lines.last().unwrap();
        assert!(last.last && !last.justified);
        assert!((last.width - last.natural_width).abs() < 1e-3);
        assert!(last.width < 300.0);
        assert_eq!(lines[0].runs[0].x, 11.0, "first line indented");
        assert_eq!(lines[1].runs[0].x, 0.0);
    }

    #[test]
    fn text_reads_back_word_for_word() {
        let s = shaper();
        let mut cx = s.context();
        let hy = Hyphenator::for_language("en-GB");
        for measure in [150.0, 220.0, 300.0] {
            let lines = set_paragraph(
                &mut cx,
                hy.as_ref(),
                &plain_spans(PROSE, body()),
                &ParagraphStyle::new(measure),
            );
            assert_eq!(read_back(&lines), PROSE, "at {measure} pt");
        }
    }

    #[test]
    fn word_spaces_are_the_fonts_space_glyph() {
        let s = shaper();
        let mut cx = s.context();
        let space_id = cx.shape(Style::Regular, Features::default(), " ").glyphs[0].id;
        let lines = set_paragraph(
            &mut cx,
            None,
            &plain_spans(PROSE, body()),
            &ParagraphStyle::new(250.0),
        );
        for l in &lines {
            let spaces: Vec<&Glyph> = l
                .runs
                .iter()
                .flat_map(|r| &r.glyphs)
                .filter(|g| g.text == " ")
                .collect();
            assert_eq!(spaces.len(), l.spaces);
            assert!(spaces.iter().all(|g| g.id == space_id && g.advance > 0.0));
        }
    }

    #[test]
    fn a_hyphenated_line_ends_in_a_visible_hyphen() {
        let s = shaper();
        let mut cx = s.context();
        let hy = Hyphenator::for_language("en-US");
        let text = "Typographers understand hyphenation extraordinarily well; nevertheless, \
                    typographical considerations predominate when manuscripts are prepared.";
        let lines = set_paragraph(
            &mut cx,
            hy.as_ref(),
            &plain_spans(text, body()),
            &ParagraphStyle::new(100.0),
        );
        let hyphenated: Vec<&SetLine> = lines.iter().filter(|l| l.hyphenated).collect();
        assert!(!hyphenated.is_empty());
        for l in hyphenated {
            let last = l.runs.last().unwrap().glyphs.last().unwrap();
            assert_eq!(last.text, "-");
        }
        assert_eq!(
            read_back(&lines),
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        );
    }

    #[test]
    fn a_ligature_comes_apart_at_a_hyphen() {
        let s = shaper();
        let mut cx = s.context();
        let hy = Hyphenator::for_language("en-US");
        // "dif-fer-ent": at this measure the word must break; "ff" may not stay a ligature
        // split across lines.
        let spans = plain_spans("aaa different", body());
        let lines = set_paragraph(&mut cx, hy.as_ref(), &spans, &ParagraphStyle::new(42.0));
        let texts: Vec<String> = lines.iter().map(line_text).collect();
        assert_eq!(read_back(&lines), "aaa different", "{texts:?}");
        for t in &texts {
            assert!(!t.contains("ff-") || t.ends_with("ff-"), "{texts:?}");
        }
    }

    #[test]
    fn no_break_spaces_hold_and_line_separators_break() {
        let s = shaper();
        let mut cx = s.context();
        let text = "aaa bbb ccc ddd eee fff ggg hhh iii jjj kkk lll mmm nnn ooo ppp qqq rrr";
        let glued = text.replace(' ', "\u{00A0}");
        let lines = set_paragraph(
            &mut cx,
            None,
            &plain_spans(&glued, body()),
            &ParagraphStyle::new(60.0),
        );
        assert_eq!(lines.len(), 1, "nothing may break");
        let lines = set_paragraph(
            &mut cx,
            None,
            &plain_spans("one two\u{2028}three", body()),
            &ParagraphStyle::new(300.0),
        );
        assert_eq!(lines.len(), 2);
        assert!(lines[0].last && !lines[0].justified);
        assert_eq!(line_text(&lines[1]), "three");
    }

    #[test]
    fn superscripts_are_smaller_and_raised_and_tags_are_located() {
        let s = shaper();
        let mut cx = s.context();
        let mut sup = body();
        sup.superscript = true;
        let spans = vec![
            Span {
                text: "A sentence with a note.".into(),
                style: body(),
                tag: None,
            },
            Span {
                text: "12".into(),
                style: sup,
                tag: Some(7),
            },
            Span {
                text: " And a ".into(),
                style: body(),
                tag: None,
            },
            Span {
                text: "linked phrase".into(),
                style: TextStyle::new(Style::Italic, 11.0),
                tag: Some(9),
            },
            Span {
                text: " to end.".into(),
                style: body(),
                tag: None,
            },
        ];
        let lines = set_paragraph(&mut cx, None, &spans, &ParagraphStyle::new(400.0));
        assert_eq!(lines.len(), 1);
        let l = &lines[0];
        let raised = l.runs.iter().find(|r| r.y > 0.0).expect("a raised run");
        assert!(raised.size < 11.0);
        assert_eq!(
            raised
                .glyphs
                .iter()
                .map(|g| g.text.as_str())
                .collect::<String>(),
            "12"
        );
        let note = l.tags.iter().find(|t| t.tag == 7).unwrap();
        assert!((note.x0 - raised.x).abs() < 1e-3 && note.x1 > note.x0);
        let link = l.tags.iter().find(|t| t.tag == 9).unwrap();
        assert!(
            link.x0 > note.x1 && link.x1 - link.x0 > 40.0,
            "covers both words: {link:?}"
        );
        assert!(l.ascent > 11.0 * 0.6);
        assert!(l
            .runs
            .iter()
            .any(|r| r.font == s.fonts().font_id(Style::Italic)));
    }

    #[test]
    fn a_line_never_begins_with_a_spaced_dash() {
        let s = shaper();
        let mut cx = s.context();
        let hy = Hyphenator::for_language("en-GB");
        for measure in (120..=320).step_by(7) {
            let lines = set_paragraph(
                &mut cx,
                hy.as_ref(),
                &plain_spans(PROSE, body()),
                &ParagraphStyle::new(measure as f32),
            );
            for l in &lines {
                assert!(!line_text(l).starts_with('–'), "{}", line_text(l));
            }
        }
    }

    #[test]
    fn a_word_may_change_style_midway_without_a_space() {
        let s = shaper();
        let mut cx = s.context();
        let spans = vec![
            Span {
                text: "un".into(),
                style: TextStyle::new(Style::Italic, 11.0),
                tag: None,
            },
            Span {
                text: "likely story".into(),
                style: body(),
                tag: None,
            },
        ];
        let lines = set_paragraph(&mut cx, None, &spans, &ParagraphStyle::new(300.0));
        assert_eq!(line_text(&lines[0]), "unlikely story");
        assert_eq!(lines[0].spaces, 1);
    }

    #[test]
    fn ragged_right_keeps_natural_spaces() {
        let s = shaper();
        let mut cx = s.context();
        let mut style = ParagraphStyle::new(200.0);
        style.justify = false;
        let lines = set_paragraph(&mut cx, None, &plain_spans(PROSE, body()), &style);
        let natural = cx
            .shape(Style::Regular, Features::default(), " ")
            .width(11.0);
        for l in &lines {
            assert!(l.width <= 200.0 + 1e-3);
            for g in l
                .runs
                .iter()
                .flat_map(|r| &r.glyphs)
                .filter(|g| g.text == " ")
            {
                assert!((g.advance - natural).abs() < 1e-4);
            }
        }
    }

    #[test]
    fn soft_hyphens_are_the_only_break_points_and_never_printed() {
        let s = shaper();
        let mut cx = s.context();
        let hy = Hyphenator::for_language("en-US");
        let text = "aaa extra\u{00AD}ordinarily";
        for measure in [40.0, 50.0, 60.0, 70.0] {
            let lines = set_paragraph(
                &mut cx,
                hy.as_ref(),
                &plain_spans(text, body()),
                &ParagraphStyle::new(measure),
            );
            let texts: Vec<String> = lines.iter().map(line_text).collect();
            assert!(texts.iter().all(|t| !t.contains('\u{00AD}')));
            for t in texts.iter().filter(|t| t.ends_with('-')) {
                assert!(t.ends_with("extra-"), "{texts:?}");
            }
            assert_eq!(read_back(&lines), "aaa extraordinarily");
        }
    }

    #[test]
    fn empty_and_blank_paragraphs_set_nothing() {
        let s = shaper();
        let mut cx = s.context();
        assert!(set_paragraph(&mut cx, None, &[], &ParagraphStyle::new(300.0)).is_empty());
        assert!(set_paragraph(
            &mut cx,
            None,
            &plain_spans("  \n ", body()),
            &ParagraphStyle::new(300.0)
        )
        .is_empty());
    }

    #[test]
    fn an_overlong_word_overflows_rather_than_panics() {
        let s = shaper();
        let mut cx = s.context();
        let lines = set_paragraph(
            &mut cx,
            None,
            &plain_spans(
                "Pneumonoultramicroscopicsilicovolcanoconiosis is long",
                body(),
            ),
            &ParagraphStyle::new(80.0),
        );
        assert!(lines[0].width > 80.0 && lines[0].overfull);
        assert!(lines[1..].iter().all(|l| !l.overfull));
        assert_eq!(
            read_back(&lines),
            "Pneumonoultramicroscopicsilicovolcanoconiosis is long"
        );
    }
}
