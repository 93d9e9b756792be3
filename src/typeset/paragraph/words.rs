//! Cutting a paragraph's styled spans into words and separators, and each word into pieces
//! of one style, one face and one bidi level, each shaped whole. Everything after works on
//! these pieces, so the text is read and shaped once here. A word whose level changes with
//! no space ("CNNقالت", "عام2015") is cut there: each piece is shaped in its own direction
//! and the line's visual order places it, as it places whole words.

use std::sync::Arc;

use unicode_bidi::{bidi_class, BidiClass};

use super::{Span, TextStyle};
use crate::typeset::bidi::ParagraphLevels;
use crate::typeset::fonts::{FaceId, FontSet};
use crate::typeset::segment;
use crate::typeset::shape::{Features, ShapeContext, ShapedText};

/// A piece of a word: one span's text in one face, shaped whole.
pub(super) struct Piece<'s> {
    pub(super) text: &'s str,
    /// The span it comes from, and where in that span's text it starts (bytes).
    pub(super) span: usize,
    pub(super) offset: usize,
    pub(super) style: TextStyle,
    /// The face actually used (the span's, or a fallback with the glyphs).
    pub(super) face: FaceId,
    pub(super) tag: Option<u32>,
    pub(super) shaped: Arc<ShapedText>,
    /// Its bidi embedding level (0 unless the paragraph holds right-to-left text).
    pub(super) level: u8,
    /// Whether tracking may space its letters (`paragraph::trackable`), read once here: a
    /// long word set over many lines asks it for each line.
    pub(super) trackable: bool,
}

impl Piece<'_> {
    /// What its text is shaped with: its style's features, right to left at an odd level.
    pub(super) fn features(&self) -> Features {
        features_at(&self.style, self.level)
    }
}

fn features_at(style: &TextStyle, level: u8) -> Features {
    Features {
        rtl: level % 2 == 1,
        ..style.features()
    }
}
/// Separators between words, weakest first (when several meet, the strongest is kept).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Separator {
    /// A break opportunity of UAX #14 inside spaceless text (Thai words, a Latin word
    /// beside CJK): a line may end here, nothing is printed.
    Opportunity,
    /// The same between two CJK characters, where the gap also stretches to justify.
    InterChar,
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
pub(super) enum Token {
    /// Pieces `first..end` of the piece list; soft-hyphen points in word bytes.
    Word {
        first: usize,
        end: usize,
        soft_hyphens: Vec<usize>,
    },
    /// A separator; `piece` gives the style of a space (the piece before it), `level` its
    /// own bidi level (a space between a figure and a Latin word in Arabic text is at the
    /// Arabic's, not at theirs).
    Separator {
        kind: Separator,
        piece: usize,
        level: u8,
    },
}
/// Cuts the spans into pieces (one span, one face, one level, no separators) and tokens.
/// `levels`: the paragraph's bidi levels (`None`: all 0).
pub(super) fn tokenize<'s>(
    cx: &mut ShapeContext<'_>,
    fonts: &FontSet,
    spans: &'s [Span],
    levels: Option<&ParagraphLevels>,
) -> (Vec<Piece<'s>>, Vec<Token>) {
    let mut pieces: Vec<Piece<'s>> = Vec::new();
    let mut tokens = Vec::new();
    // The word being read: first piece, its soft hyphens, its length in bytes so far.
    let mut word_first: Option<usize> = None;
    let mut soft_hyphens = Vec::new();
    let mut word_len = 0;
    // The piece being read: span, face, start byte, level.
    let mut open: Option<(usize, FaceId, usize, u8)> = None;
    // Breaks inside words of spaceless scripts, and the word's last character.
    let mut cuts = inner_breaks(spans).into_iter().peekable();
    let mut last_char = ' ';

    let close_piece = |pieces: &mut Vec<Piece<'s>>,
                       cx: &mut ShapeContext<'_>,
                       open: &mut Option<(usize, FaceId, usize, u8)>,
                       end: usize| {
        if let Some((si, face, start, level)) = open.take() {
            if end > start {
                let span = &spans[si];
                let text = &span.text[start..end];
                let shaped = cx.shape(face, features_at(&span.style, level), text);
                pieces.push(Piece {
                    text,
                    span: si,
                    offset: start,
                    style: span.style,
                    face,
                    tag: span.tag,
                    shaped,
                    level,
                    trackable: super::trackable(text),
                });
            }
        }
    };

    for (si, span) in spans.iter().enumerate() {
        for (i, c) in span.text.char_indices() {
            while cuts.peek().is_some_and(|&cut| cut < (si, i)) {
                cuts.next();
            }
            if cuts.peek() == Some(&(si, i)) && word_first.is_some() {
                cuts.next();
                close_piece(&mut pieces, cx, &mut open, i);
                if end_word(
                    &mut tokens,
                    pieces.len(),
                    word_first.take(),
                    &mut soft_hyphens,
                ) {
                    let kind = if segment::is_cjk(last_char) && segment::is_cjk(c) {
                        Separator::InterChar
                    } else {
                        Separator::Opportunity
                    };
                    let piece = pieces.len() - 1;
                    let level = pieces[piece].level;
                    tokens.push(Token::Separator { kind, piece, level });
                }
                word_len = 0;
            }
            if let Some(kind) = classify(c) {
                close_piece(&mut pieces, cx, &mut open, i);
                end_word(
                    &mut tokens,
                    pieces.len(),
                    word_first.take(),
                    &mut soft_hyphens,
                );
                word_len = 0;
                // Leading separators are dropped; consecutive ones merge into the strongest.
                match tokens.last_mut() {
                    None => {}
                    Some(Token::Separator { kind: k, .. }) => *k = (*k).max(kind),
                    Some(Token::Word { end, .. }) => {
                        let piece = *end - 1;
                        let level = levels.map_or(0, |l| l.at(si, i));
                        tokens.push(Token::Separator { kind, piece, level });
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
            let face = fonts.resolve_in(span.style.style, c, open.map(|o| o.1), span.style.region);
            // A combining mark or a joiner (ZWJ, ZWNJ) stays with the letter before it,
            // whatever level the algorithm leaves it at.
            let level = match (levels, open) {
                (None, _) => 0,
                (Some(_), Some(o)) if matches!(bidi_class(c), BidiClass::NSM | BidiClass::BN) => {
                    o.3
                }
                (Some(l), _) => l.at(si, i),
            };
            match open {
                Some((osi, oface, _, olevel)) if osi == si && oface == face && olevel == level => {}
                _ => {
                    close_piece(&mut pieces, cx, &mut open, i);
                    open = Some((si, face, i, level));
                }
            }
            if word_first.is_none() {
                word_first = Some(pieces.len());
            }
            word_len += c.len_utf8();
            last_char = c;
        }
        close_piece(&mut pieces, cx, &mut open, span.text.len());
    }
    end_word(&mut tokens, pieces.len(), word_first, &mut soft_hyphens);
    // Trailing separators are dropped.
    while matches!(tokens.last(), Some(Token::Separator { .. })) {
        tokens.pop();
    }
    (pieces, tokens)
}

/// End the word whose first piece is `first` at `end` (pieces `first..end`), if it has any
/// pieces, with the soft hyphens gathered for it; say whether a word was pushed.
fn end_word(
    tokens: &mut Vec<Token>,
    end: usize,
    first: Option<usize>,
    soft_hyphens: &mut Vec<usize>,
) -> bool {
    let pushed = match first {
        Some(first) if end > first => {
            tokens.push(Token::Word {
                first,
                end,
                soft_hyphens: std::mem::take(soft_hyphens),
            });
            true
        }
        _ => false,
    };
    soft_hyphens.clear();
    pushed
}

/// UAX #14's opportunities inside the paragraph's words, as (span, byte offset in its text),
/// ascending; none (and no work) unless the paragraph has text of a spaceless script. The
/// spans are segmented as one text, so a break may fall where a style changes.
fn inner_breaks(spans: &[Span]) -> Vec<(usize, usize)> {
    if !spans.iter().any(|s| segment::needs_segmenting(&s.text)) {
        return Vec::new();
    }
    let text: String = spans.iter().map(|s| s.text.as_str()).collect();
    let mut starts = Vec::with_capacity(spans.len());
    let mut at = 0;
    for s in spans {
        starts.push(at);
        at += s.text.len();
    }
    segment::opportunities(&text)
        .into_iter()
        .map(|cut| {
            // The last span starting at or before the cut (empty spans share a start).
            let si = starts.partition_point(|&s| s <= cut) - 1;
            (si, cut - starts[si])
        })
        .collect()
}
