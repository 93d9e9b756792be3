//! Bidirectional text (UAX #9, with the `unicode-bidi` crate): the embedding level of each
//! byte of a paragraph, and the visual order of the things set on a line.
//!
//! Method: a paragraph's levels are resolved once, over its whole text (its spans joined),
//! with the base direction its piece gives (`doc::direction::piece_direction`: an Arabic
//! piece's paragraph opening on a Latin word or a figure still runs right to left), or,
//! when none is given, from its first strong character (rules P2 and P3). The shaper
//! gives each word's glyphs in visual order already; what is left is the order of the words
//! and spaces on a line, which is rule L2 over their levels (`BidiInfo::reorder_visual`).
//! A left-to-right paragraph without a right-to-left character needs neither (the common
//! case, tested byte by byte first), so Latin books pay a scan of their text and nothing
//! else.

use unicode_bidi::{bidi_class, BidiClass, BidiInfo, Level};

/// The resolved levels of a paragraph given as spans, byte by byte.
#[derive(Debug, Clone)]
pub struct ParagraphLevels {
    /// The paragraph's base level: 0 left to right, 1 right to left.
    pub base: u8,
    levels: Vec<Level>,
    /// Where each span starts in the joined text.
    starts: Vec<usize>,
}

impl ParagraphLevels {
    /// The levels of the paragraph made of `spans`, or `None` when it holds nothing
    /// right to left (every level would be 0).
    pub fn of<'t>(spans: impl Iterator<Item = &'t str> + Clone) -> Option<ParagraphLevels> {
        ParagraphLevels::of_isolated(spans.map(|s| (s, None)), None)
    }

    /// As [`ParagraphLevels::of`], with a direction given to some spans (`dir="rtl"`:
    /// `Some(true)`, `dir="ltr"`: `Some(false)`): each run of consecutive spans with the
    /// same is resolved as a directional isolate (UAX #9's RLI or LRI ... PDI, added to the
    /// text resolved, not to the text set), so its neutrals take its direction and it does
    /// not decide the paragraph's. `base` is the paragraph's direction (right to left
    /// `Some(true)`), `None` for its first strong character's; a right-to-left paragraph
    /// always has levels, even with no right-to-left letter (its words run from the right).
    pub fn of_isolated<'t>(
        spans: impl Iterator<Item = (&'t str, Option<bool>)> + Clone,
        base: Option<bool>,
    ) -> Option<ParagraphLevels> {
        if base != Some(true)
            && !spans
                .clone()
                .any(|(text, dir)| dir == Some(true) || has_rtl(text))
        {
            return None;
        }
        let mut text = String::new();
        let mut starts = Vec::new();
        let mut open: Option<bool> = None;
        for (span, dir) in spans {
            if dir != open {
                if open.is_some() {
                    text.push('\u{2069}');
                }
                match dir {
                    Some(true) => text.push('\u{2067}'),
                    Some(false) => text.push('\u{2066}'),
                    None => {}
                }
                open = dir;
            }
            starts.push(text.len());
            text.push_str(span);
        }
        if open.is_some() {
            text.push('\u{2069}');
        }
        let info = BidiInfo::new(
            &text,
            base.map(|rtl| if rtl { Level::rtl() } else { Level::ltr() }),
        );
        let base = info.paragraphs.first().map_or(0, |p| p.level.number());
        Some(ParagraphLevels {
            base,
            levels: info.levels,
            starts,
        })
    }

    /// The level of byte `offset` of span `span`.
    pub fn at(&self, span: usize, offset: usize) -> u8 {
        let i = self.starts.get(span).map_or(0, |s| s + offset);
        self.levels.get(i).map_or(self.base, |l| l.number())
    }
}

/// Whether `text` has a character that makes any level other than 0: one strongly right to
/// left, an Arabic digit (level 2 in left-to-right text, and right to left beside brackets:
/// "١(٢)" reads backwards), or an explicit embedding, override or isolate.
pub fn has_rtl(text: &str) -> bool {
    // U+0590, the first right-to-left block, is 0xD6 0x90 in UTF-8; every RTL character,
    // Arabic digit and explicit formatting character (U+200F, U+202A..E, U+2066..8) lies
    // beyond it.
    text.bytes().any(|b| b >= 0xD6)
        && text.chars().any(|c| {
            c >= '\u{0590}'
                && matches!(
                    bidi_class(c),
                    BidiClass::R
                        | BidiClass::AL
                        | BidiClass::AN
                        | BidiClass::RLE
                        | BidiClass::RLO
                        | BidiClass::RLI
                        | BidiClass::LRE
                        | BidiClass::LRO
                        | BidiClass::LRI
                        | BidiClass::FSI
                )
        })
}

/// The visual order (left to right) of items at `levels` in logical order: indices into
/// `levels` (rule L2: from the highest level to the lowest odd one, reverse every run at
/// that level or above).
pub fn visual_order(levels: &[u8]) -> Vec<usize> {
    let levels: Vec<Level> = levels
        .iter()
        .map(|&l| Level::new(l).unwrap_or_else(|_| Level::ltr()))
        .collect();
    BidiInfo::reorder_visual(&levels)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words_visual(text: &str) -> String {
        let levels = ParagraphLevels::of(std::iter::once(text));
        let words: Vec<(usize, &str)> = text
            .split(' ')
            .scan(0, |at, w| {
                let start = *at;
                *at += w.len() + 1;
                Some((start, w))
            })
            .collect();
        let item_levels: Vec<u8> = words
            .iter()
            .map(|(at, _)| levels.as_ref().map_or(0, |l| l.at(0, *at)))
            .collect();
        visual_order(&item_levels)
            .into_iter()
            .map(|i| words[i].1)
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn a_paragraph_without_right_to_left_text_has_no_levels() {
        assert!(ParagraphLevels::of(["Καλημέρα, “мир” 你好 and ok"].into_iter()).is_none());
        assert!(ParagraphLevels::of(["a", "שלום"].into_iter()).is_some());
    }

    #[test]
    fn a_span_given_a_direction_is_an_isolate_of_it() {
        // "ab!" marked right to left in an English paragraph: a right-to-left isolate (its
        // Latin letters at level 2, its closing "!" at the isolate's 1, so it is set to the
        // left of them), and the paragraph stays left to right.
        let spans = [("x ", None), ("ab!", Some(true)), (" y", None)];
        let levels = ParagraphLevels::of_isolated(spans.into_iter(), None).unwrap();
        assert_eq!(levels.base, 0);
        assert_eq!(
            (levels.at(0, 0), levels.at(1, 0), levels.at(1, 2)),
            (0, 2, 1)
        );
        assert_eq!(levels.at(2, 1), 0);
        assert_eq!(visual_order(&[0, 2, 1, 0]), [0, 2, 1, 3]);
        // A Hebrew paragraph's Latin quotation marked left to right keeps it (level 2),
        // and the quotation's first strong letter does not make the paragraph Latin.
        let spans = [("abc", Some(false)), (" שלום", None)];
        let levels = ParagraphLevels::of_isolated(spans.into_iter(), None).unwrap();
        assert_eq!(levels.base, 1);
        assert_eq!(levels.at(0, 0), 2);
        assert!(ParagraphLevels::of_isolated([("abc", Some(false))].into_iter(), None).is_none());
    }

    #[test]
    fn a_paragraph_given_its_direction_keeps_it_whatever_its_first_letter() {
        // An Arabic piece's paragraph opening on a Latin word: right to left, the Latin
        // words at level 2 (in order among themselves), the Arabic at 1.
        let text = "New York قالت";
        let levels = ParagraphLevels::of_isolated([(text, None)].into_iter(), Some(true)).unwrap();
        assert_eq!(levels.base, 1);
        assert_eq!(
            (levels.at(0, 0), levels.at(0, 4), levels.at(0, 9)),
            (2, 2, 1)
        );
        // Even with no right-to-left letter at all, the paragraph runs from the right.
        let levels = ParagraphLevels::of_isolated([("2015 ok", None)].into_iter(), Some(true));
        assert_eq!(levels.map(|l| l.base), Some(1));
        // An English paragraph quoting Arabic first stays left to right.
        let text = "«قال» he said";
        let levels = ParagraphLevels::of_isolated([(text, None)].into_iter(), Some(false)).unwrap();
        assert_eq!((levels.base, levels.at(0, 2)), (0, 1));
        // And left to right with nothing right to left needs no levels (the common case).
        assert!(ParagraphLevels::of_isolated([("plain", None)].into_iter(), Some(false)).is_none());
    }

    #[test]
    fn right_to_left_words_in_english_are_reversed_among_themselves() {
        assert_eq!(
            words_visual("he said שלום עולם today"),
            "he said עולם שלום today"
        );
    }

    #[test]
    fn an_arabic_paragraph_is_right_to_left_with_its_numbers_and_latin_in_order() {
        let text = "في عام 2015 قال New York";
        let levels = ParagraphLevels::of(std::iter::once(text)).unwrap();
        assert_eq!(levels.base, 1);
        assert_eq!(words_visual(text), "New York قال 2015 عام في");
    }

    /// Unicode's conformance data (BidiCharacterTest.txt of Unicode 15.0, from Debian's
    /// unicode-data; its licence beside it): its examples, its miscellaneous cases and
    /// every 16th of its bracket permutations, about 6,000 cases.
    const CHARACTER_TEST: &str = include_str!("testdata/BidiCharacterTest.txt");

    /// Rule L1 over one line's levels: segment separators, and white space and isolate
    /// controls before one or at the line's end, go to the paragraph's level. (folio drops
    /// a line's end spaces and has no separators inside a paragraph, so it never applies
    /// L1; the data's levels are given after it.)
    fn after_l1(chars: &[char], levels: &mut [u8], base: u8) {
        let mut trailing = true;
        for (c, level) in chars.iter().zip(levels.iter_mut()).rev() {
            match bidi_class(*c) {
                BidiClass::S | BidiClass::B => {
                    *level = base;
                    trailing = true;
                }
                BidiClass::WS
                | BidiClass::FSI
                | BidiClass::LRI
                | BidiClass::RLI
                | BidiClass::PDI
                | BidiClass::BN
                | BidiClass::LRE
                | BidiClass::RLE
                | BidiClass::LRO
                | BidiClass::RLO
                | BidiClass::PDF
                    if trailing =>
                {
                    *level = base
                }
                _ => trailing = false,
            }
        }
    }

    /// The cases folio meets: a paragraph's direction from its first strong character
    /// (field 1 is 2, auto), and the cases given a direction that the auto rule also
    /// gives (the same paragraph as far as the algorithm goes). Each case's levels (those
    /// X9 keeps) and the visual order of its characters, as `ParagraphLevels` and
    /// `visual_order` make them, must be the data's.
    #[test]
    fn levels_and_visual_order_are_unicodes_on_its_conformance_data() {
        assert!(CHARACTER_TEST.starts_with("# BidiCharacterTest-15.0.0.txt"));
        let (mut auto, mut same_direction, mut failures) = (0, 0, Vec::new());
        for (number, line) in CHARACTER_TEST.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let fields: Vec<&str> = line.split(';').collect();
            let chars: Vec<char> = fields[0]
                .split_whitespace()
                .map(|h| char::from_u32(u32::from_str_radix(h, 16).unwrap()).unwrap())
                .collect();
            let text: String = chars.iter().collect();
            let direction: u8 = fields[1].parse().unwrap();
            let paragraph: u8 = fields[2].parse().unwrap();
            let expected: Vec<Option<u8>> = fields[3]
                .split_whitespace()
                .map(|l| l.parse().ok())
                .collect();
            let order: Vec<usize> = fields[4]
                .split_whitespace()
                .map(|i| i.parse().unwrap())
                .collect();
            let levels = ParagraphLevels::of(std::iter::once(text.as_str()));
            let base = levels.as_ref().map_or(0, |l| l.base);
            if direction == 2 {
                auto += 1;
            } else if base == direction {
                same_direction += 1;
            } else {
                continue;
            }
            let mut got: Vec<u8> = text
                .char_indices()
                .map(|(at, _)| levels.as_ref().map_or(0, |l| l.at(0, at)))
                .collect();
            after_l1(&chars, &mut got, base);
            let kept: Vec<usize> = (0..chars.len())
                .filter(|&i| expected[i].is_some())
                .collect();
            let kept_levels: Vec<u8> = kept.iter().map(|&i| got[i]).collect();
            let got_order: Vec<usize> = visual_order(&kept_levels)
                .into_iter()
                .map(|k| kept[k])
                .collect();
            let want_levels: Vec<u8> = kept.iter().map(|&i| expected[i].unwrap()).collect();
            if base != paragraph || kept_levels != want_levels || got_order != order {
                failures.push(format!(
                    "line {}: {line}\n  got base {base} levels {kept_levels:?} order {got_order:?}",
                    number + 1
                ));
            }
        }
        assert!(
            auto >= 20 && same_direction >= 2000,
            "{auto} + {same_direction} cases"
        );
        assert!(
            failures.is_empty(),
            "{} of {} cases differ:\n{}",
            failures.len(),
            auto + same_direction,
            failures[..failures.len().min(10)].join("\n")
        );
    }
}
