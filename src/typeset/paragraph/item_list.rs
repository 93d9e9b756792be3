//! The break list: a paragraph's words and separators as Knuth–Plass boxes, glue and
//! penalties, cut at hyphenation points, with what each item stands for so that the chosen
//! lines can be set from the same pieces.

use super::protrusion;
use super::words::{Piece, Separator, Token};
use super::{
    ParagraphStyle, CJK_SHRINK_EM, CJK_STRETCH_EM, EX_HYPHEN_PENALTY, FORCED_BREAK_PENALTY,
    HYPHEN_PENALTY, LETTER_SHRINK_EM, LETTER_STRETCH_EM, MAX_HANG_EM, NAME_HYPHEN_PENALTY,
    SPACE_SHRINK, SPACE_STRETCH, ZERO_WIDTH_BREAK_PENALTY,
};
use crate::typeset::hyphenate::{
    hard_hyphen_breaks, BreakKind, Hyphenation, Hyphenator, Position, WordBreak,
};
use crate::typeset::linebreak::Item;
use crate::typeset::segment;
use crate::typeset::shape::ShapeContext;
use unicode_segmentation::UnicodeSegmentation;

/// What an item of the break list stands for, so that lines can be set from it.
#[derive(Clone, Copy)]
pub(super) enum Source {
    Indent,
    /// Bytes `start..end` of piece `piece`.
    Fragment {
        piece: usize,
        start: usize,
        end: usize,
    },
    /// A word space in the style of the text it stands in, at its bidi level.
    Space {
        piece: usize,
        level: u8,
    },
    /// A hyphenation point after piece `piece`'s text (an inserted hyphen if broken here).
    Hyphen {
        piece: usize,
    },
    /// The stretchable gap between two CJK characters: nothing printed, the line's
    /// justification moves the characters after it.
    Gap,
    /// A last-resort break at a grapheme boundary inside a word wider than the measure.
    Forced,
    /// Glue, penalties and breaks with nothing to print.
    Nothing,
}
/// The break list and what each item stands for.
pub(super) struct ItemBuilder {
    pub(super) items: Vec<Item>,
    pub(super) sources: Vec<Source>,
    /// The narrowest line: a word wider than this gets last-resort breaks.
    narrowest: f32,
    /// Margin kerning on: what hangs where, as `(item, points)`, ascending: a line starting
    /// at the box `item` hangs its first glyph into the left margin; one ending at the break
    /// `item` its last glyph into the right (that break's width is less by as much).
    protrude: bool,
    pub(super) left_hang: Vec<(usize, f32)>,
    pub(super) right_hang: Vec<(usize, f32)>,
    /// The right hang of the word just added, for a space that follows it.
    word_hang: f32,
}

impl ItemBuilder {
    pub(super) fn build(
        cx: &mut ShapeContext<'_>,
        hyphenators: &[Option<&Hyphenator>],
        pieces: &[Piece<'_>],
        tokens: &[Token],
        style: &ParagraphStyle,
        protrude: bool,
    ) -> ItemBuilder {
        let mut b = ItemBuilder {
            protrude,
            left_hang: Vec::new(),
            right_hang: Vec::new(),
            word_hang: 0.0,
            items: Vec::with_capacity(tokens.len() * 3),
            sources: Vec::with_capacity(tokens.len() * 3),
            narrowest: style
                .line_widths
                .iter()
                .copied()
                .fold(style.measure, f32::min),
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
        let positions = positions(pieces, tokens);
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
                    let breaks = hard_hyphen_breaks(&word);
                    b.word(cx, pieces, *first..*end, &word, &breaks, HYPHEN_PENALTY);
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
                    let found = if !soft_hyphens.is_empty() {
                        Hyphenation {
                            breaks: soft_hyphens
                                .iter()
                                .map(|&offset| WordBreak {
                                    offset,
                                    kind: BreakKind::Hyphen,
                                })
                                .collect(),
                            name_like: false,
                        }
                    } else {
                        let hyphenator = hyphenators.get(pieces[*first].span).copied().flatten();
                        match hyphenator {
                            // The language's patterns only for words of a script that hyphenates
                            // (a Chinese or Arabic word in an English book is not English).
                            Some(h) if style.hyphenate && word.chars().all(segment::hyphenates) => {
                                h.hyphenate(&word, positions[t])
                            }
                            _ => Hyphenation {
                                breaks: hard_hyphen_breaks(&word),
                                name_like: false,
                            },
                        }
                    };
                    let cost = if found.name_like {
                        NAME_HYPHEN_PENALTY
                    } else {
                        HYPHEN_PENALTY
                    };
                    b.word(cx, pieces, *first..*end, &word, &found.breaks, cost);
                }
                Token::Separator { kind, piece, level } => {
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
                    b.separator(cx, pieces, kind, (*piece, *level))
                }
            }
        }
        b.end_line();
        b
    }

    /// TeX's paragraph end: no break before the fill glue (else a line could end just
    /// before it and leave an empty last line), the fill, the forced break.
    fn end_line(&mut self) {
        self.push(Item::no_break(), Source::Nothing);
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
        hyphen_cost: f32,
    ) {
        let width: f32 = pieces[range.clone()]
            .iter()
            .map(|p| p.shaped.width(p.style.glyph_size()))
            .sum();
        let too_wide = width > self.narrowest;
        let with_forced;
        let breaks = if too_wide {
            with_forced = forced_breaks(word, breaks);
            &with_forced[..]
        } else {
            breaks
        };
        // The word's tracking flexibility, as glue just before it (never a breakpoint: it
        // follows a space or a penalty, and after an indent box a penalty guards it). At
        // a line's start it is discarded with the space, so the breaker slightly
        // underestimates a line's flexibility, never overestimates it.
        let size = pieces[range.start].style.glyph_size();
        // Every gap between two glyphs of the word, less those tracking leaves alone
        // (`tracked_gap`, as the line setter does).
        let untracked: usize = pieces[range.clone()]
            .iter()
            .map(|p| {
                let glyphs = &p.shaped.glyphs;
                let tracked =
                    super::tracked_gaps(p.trackable, glyphs.len(), |k| glyphs[k].advance == 0);
                glyphs.len().saturating_sub(1) - tracked.count()
            })
            .sum();
        let gaps: usize = pieces[range.clone()]
            .iter()
            .map(|p| p.shaped.glyphs.len())
            .sum::<usize>()
            .saturating_sub(1)
            .saturating_sub(untracked);
        // A word spread over several lines has no tracking glue: glue before it would lend
        // its first line the shrink of all its letters (and that line would stick out).
        let gaps = if too_wide { 0 } else { gaps };
        let (ls_stretch, ls_shrink) = (LETTER_STRETCH_EM, LETTER_SHRINK_EM);
        if gaps > 0 && (ls_stretch > 0.0 || ls_shrink > 0.0) {
            if matches!(self.items.last(), Some(Item::Box { .. })) {
                self.push(Item::no_break(), Source::Nothing);
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
        let first_piece = range.start;
        let last_piece = range.end - 1;
        for pi in range {
            let piece = &pieces[pi];
            let piece_end = word_offset + piece.text.len();
            let mut start = 0;
            // Built on the piece's first cut only: most pieces are one box.
            let mut widths: Option<FragmentWidths> = None;
            // A word too wide for any line may still need its last-resort break exactly at
            // a piece boundary: a run of note calls is one piece per call, with no grapheme
            // boundary inside any of them (issue 16).
            if too_wide && pi > first_piece {
                while next_break.next_if(|b| b.offset < word_offset).is_some() {}
                if next_break
                    .next_if(|b| b.offset == word_offset && b.kind == BreakKind::Forced)
                    .is_some()
                {
                    self.push(
                        Item::Penalty {
                            width: 0.0,
                            cost: FORCED_BREAK_PENALTY,
                            flagged: false,
                        },
                        Source::Forced,
                    );
                }
            }
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
                let width = if start == 0 && cut == piece.text.len() {
                    piece.shaped.width(piece.style.glyph_size())
                } else {
                    widths
                        .get_or_insert_with(|| FragmentWidths::new(piece))
                        .width(piece, start, cut)
                };
                if self.protrude && pi == first_piece && start == 0 {
                    let hang = hang_of(piece, None, 0, protrusion::left);
                    if hang > 0.0 {
                        // The paragraph's first line starts at item 0 (its glue before the
                        // first box is not discarded as after a break).
                        let first_box = !self.items.iter().any(|i| matches!(i, Item::Box { .. }));
                        let at = if first_box { 0 } else { self.items.len() };
                        self.left_hang.push((at, hang));
                    }
                }
                self.push(
                    Item::Box { width },
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
                        let width = hyphen.width(piece.style.glyph_size());
                        let hang = if self.protrude {
                            width * protrusion::right('-')
                        } else {
                            0.0
                        };
                        if hang > 0.0 {
                            self.right_hang.push((self.items.len(), hang));
                        }
                        self.push(
                            Item::Hyphen {
                                width: width - hang,
                                cost: hyphen_cost,
                            },
                            Source::Hyphen { piece: pi },
                        );
                    }
                    BreakKind::AfterHyphen => {
                        // A line ending in a hard hyphen looks hyphenated (and counts so);
                        // one ending in a dash does not.
                        let flagged =
                            matches!(word[..brk.offset].chars().last(), Some('-' | '\u{2010}'));
                        let hang = if self.protrude {
                            let widths = widths.get_or_insert_with(|| FragmentWidths::new(piece));
                            hang_before(piece, Some(widths), cut)
                        } else {
                            0.0
                        };
                        if hang > 0.0 {
                            self.right_hang.push((self.items.len(), hang));
                        }
                        self.push(
                            Item::Penalty {
                                width: -hang,
                                cost: EX_HYPHEN_PENALTY,
                                flagged,
                            },
                            Source::Nothing,
                        );
                    }
                    BreakKind::Forced => self.push(
                        Item::Penalty {
                            width: 0.0,
                            cost: FORCED_BREAK_PENALTY,
                            flagged: false,
                        },
                        Source::Forced,
                    ),
                }
                start = cut;
            }
            if self.protrude && pi == last_piece {
                self.word_hang = hang_before(piece, None, piece.text.len());
            }
            word_offset = piece_end;
        }
    }

    fn separator(
        &mut self,
        cx: &mut ShapeContext<'_>,
        pieces: &[Piece<'_>],
        kind: Separator,
        (pi, level): (usize, u8),
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
        let no_break = Item::no_break();
        let hang = std::mem::take(&mut self.word_hang);
        match kind {
            // A line ending at this space hangs the word's last glyph: the break moves to a
            // penalty just before the space, narrower by the hang (the space after a penalty
            // is no breakpoint of its own, and vanishes at the line's start as before).
            Separator::Space
                if hang > 0.0 && matches!(self.items.last(), Some(Item::Box { .. })) =>
            {
                self.right_hang.push((self.items.len(), hang));
                self.push(
                    Item::Penalty {
                        width: -hang,
                        cost: 0.0,
                        flagged: false,
                    },
                    Source::Nothing,
                );
                self.push(glue, Source::Space { piece: pi, level });
            }
            Separator::Space => self.push(glue, Source::Space { piece: pi, level }),
            Separator::NoBreak => {
                self.push(no_break, Source::Nothing);
                self.push(glue, Source::Space { piece: pi, level });
            }
            Separator::NarrowNoBreak => {
                self.push(no_break, Source::Nothing);
                self.push(
                    Item::Glue {
                        width: space / 2.0,
                        stretch: 0.0,
                        shrink: 0.0,
                    },
                    Source::Space { piece: pi, level },
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
            Separator::Opportunity => self.push(
                Item::Penalty {
                    width: 0.0,
                    cost: 0.0,
                    flagged: false,
                },
                Source::Nothing,
            ),
            Separator::InterChar => {
                let em = piece.style.glyph_size();
                self.push(
                    Item::Glue {
                        width: 0.0,
                        stretch: CJK_STRETCH_EM * em,
                        shrink: CJK_SHRINK_EM * em,
                    },
                    Source::Gap,
                )
            }
        }
    }
}

/// Where each token's word stands in its sentence (for the capitalisation rule; separators
/// get `Running`). A sentence starts the paragraph and follows a word ending in `.`, `!`,
/// `?` or `:` (closing quotes and brackets set aside); a title-case run is three or more
/// capitalised words, short function words allowed between them ("The Adventure of the
/// Blue Carbuncle"): two in a row are more often a name ("Anna Karenina") than a title.
fn positions(pieces: &[Piece<'_>], tokens: &[Token]) -> Vec<Position> {
    let mut at = Vec::new();
    let mut words = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if let Token::Word { first, end, .. } = t {
            at.push(i);
            words.push(
                pieces[*first..*end]
                    .iter()
                    .map(|p| p.text)
                    .collect::<String>(),
            );
        }
    }
    let mut out = vec![Position::Running; tokens.len()];
    for (i, p) in at.into_iter().zip(positions_of(&words)) {
        out[i] = p;
    }
    out
}

/// [`positions`] over the paragraph's words alone.
pub(super) fn positions_of(words: &[String]) -> Vec<Position> {
    let capitalised = |w: &str| {
        w.chars()
            .find(|c| c.is_alphanumeric())
            .is_some_and(char::is_uppercase)
    };
    let ends_sentence = |w: &str| {
        w.trim_end_matches(|c: char| "\"'”’)]»".contains(c))
            .ends_with(['.', '!', '?', ':'])
    };
    let function_word = |w: &str| {
        matches!(
            w,
            "of" | "the"
                | "a"
                | "an"
                | "and"
                | "in"
                | "on"
                | "to"
                | "for"
                | "at"
                | "by"
                | "de"
                | "von"
                | "van"
        )
    };
    let mut out = vec![Position::Running; words.len()];
    // Runs of capitalised words, bridged by function words, not crossing a sentence end.
    let mut w = 0;
    while w < words.len() {
        if !capitalised(&words[w]) {
            w += 1;
            continue;
        }
        let (mut caps, mut last_cap, mut next) = (1, w, w + 1);
        while next < words.len() && !ends_sentence(&words[next - 1]) {
            let word = &words[next];
            if capitalised(word) {
                caps += 1;
                last_cap = next;
            } else if !function_word(word) {
                break;
            }
            next += 1;
        }
        if caps >= 3 {
            out[w..=last_cap].fill(Position::TitleCase);
        }
        w = last_cap + 1;
    }
    for k in 0..words.len() {
        if k == 0 || ends_sentence(&words[k - 1]) {
            out[k] = Position::SentenceStart;
        }
    }
    out
}

/// How far the character at byte `at` of `piece` hangs into a margin by `factor`, in points:
/// its glyphs' advance times the factor (0 when it shares its glyph with a neighbour: a
/// ligature is not punctuation). With `widths` (at a word's inner breaks), two binary
/// searches: scanning the glyphs per break was quadratic in a run of dashes (issue 16);
/// without (once per piece, at its ends), one scan and no table to build.
fn hang_of(
    piece: &Piece<'_>,
    widths: Option<&FragmentWidths>,
    at: usize,
    factor: fn(char) -> f32,
) -> f32 {
    let Some(c) = piece.text.get(at..).and_then(|t| t.chars().next()) else {
        return 0.0;
    };
    let f = factor(c);
    if f == 0.0 {
        return 0.0;
    }
    let size = piece.style.glyph_size();
    let width = match widths {
        Some(widths) => widths.width(piece, at, at + c.len_utf8()),
        None => {
            let units: i64 = piece
                .shaped
                .glyphs
                .iter()
                .filter(|g| g.cluster as usize == at)
                .map(|g| i64::from(g.advance))
                .sum();
            units as f32 * size / piece.shaped.units_per_em as f32
        }
    };
    (f * width).clamp(0.0, MAX_HANG_EM * size)
}

/// The right hang of the character that ends before byte `end` of `piece`.
fn hang_before(piece: &Piece<'_>, widths: Option<&FragmentWidths>, end: usize) -> f32 {
    match piece.text[..end].char_indices().next_back() {
        Some((at, _)) => hang_of(piece, widths, at, protrusion::right),
        None => 0.0,
    }
}

/// A piece's glyph advances summed in cluster order, so that the width of any fragment (the
/// glyphs whose clusters start in `start..end`) is two binary searches. Scanning every glyph
/// per fragment was quadratic in a "word" with thousands of break points (`ab--ab--...`).
struct FragmentWidths {
    /// Cluster offsets in ascending order (right-to-left text shapes them descending).
    clusters: Vec<u32>,
    /// `advances[i]`: the advances of the glyphs before `clusters[i]` (one more entry).
    advances: Vec<i64>,
}

impl FragmentWidths {
    fn new(piece: &Piece<'_>) -> FragmentWidths {
        let mut glyphs: Vec<(u32, i32)> = piece
            .shaped
            .glyphs
            .iter()
            .map(|g| (g.cluster, g.advance))
            .collect();
        glyphs.sort_by_key(|&(cluster, _)| cluster);
        let mut advances = Vec::with_capacity(glyphs.len() + 1);
        let mut sum = 0i64;
        advances.push(0);
        for &(_, advance) in &glyphs {
            sum += i64::from(advance);
            advances.push(sum);
        }
        FragmentWidths {
            clusters: glyphs.into_iter().map(|(cluster, _)| cluster).collect(),
            advances,
        }
    }

    /// Width in points of the glyphs of `piece` whose clusters start in `start..end`.
    fn width(&self, piece: &Piece<'_>, start: usize, end: usize) -> f32 {
        let at = |offset: usize| self.clusters.partition_point(|&c| (c as usize) < offset);
        let units = self.advances[at(end)] - self.advances[at(start)];
        units as f32 * piece.style.glyph_size() / piece.shaped.units_per_em as f32
    }
}

/// A word's breaks with a last-resort break added at every grapheme boundary that has
/// none (a URL, a long compound, a run of dashes: no line may stick into the margin, and a
/// grapheme, a letter with its marks, is never split). Their penalty keeps them for where
/// nothing else fits.
fn forced_breaks(word: &str, breaks: &[WordBreak]) -> Vec<WordBreak> {
    let mut all = breaks.to_vec();
    all.sort_by_key(|b| b.offset);
    // The word's own breaks, sorted, walked beside its graphemes: a word with a break at
    // every dash costs its length, not its length times its breaks (issue 16).
    let mut own = all.iter().map(|b| b.offset).peekable();
    let mut forced = Vec::new();
    for (at, _) in word.grapheme_indices(true) {
        while own.next_if(|&o| o < at).is_some() {}
        if at > 0 && own.peek() != Some(&at) {
            forced.push(WordBreak {
                offset: at,
                kind: BreakKind::Forced,
            });
        }
    }
    all.extend(forced);
    all.sort_by_key(|b| b.offset);
    all
}
