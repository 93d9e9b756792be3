//! Bidirectional text (UAX #9, with the `unicode-bidi` crate): the embedding level of each
//! byte of a paragraph, and the visual order of the things set on a line.
//!
//! Method: a paragraph's levels are resolved once, over its whole text (its spans joined),
//! with the base direction from its first strong character (rules P2 and P3: an Arabic
//! paragraph is right to left, an English one quoting Arabic left to right). The shaper
//! gives each word's glyphs in visual order already; what is left is the order of the words
//! and spaces on a line, which is rule L2 over their levels (`BidiInfo::reorder_visual`).
//! A paragraph without a right-to-left character needs neither (the common case, tested
//! byte by byte first), so Latin books pay a scan of their text and nothing else.

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
        if !spans.clone().any(has_rtl) {
            return None;
        }
        let mut text = String::new();
        let mut starts = Vec::new();
        for span in spans {
            starts.push(text.len());
            text.push_str(span);
        }
        let info = BidiInfo::new(&text, None);
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

/// Whether `text` has a character that is strongly right to left or opens a right-to-left
/// embedding, override or isolate.
pub fn has_rtl(text: &str) -> bool {
    // U+0590, the first right-to-left block, is 0xD6 0x90 in UTF-8; every RTL character and
    // the explicit formatting characters (U+200F, U+202B, U+202E, U+2067) lie beyond it.
    text.bytes().any(|b| b >= 0xD6)
        && text.chars().any(|c| {
            c >= '\u{0590}'
                && matches!(
                    bidi_class(c),
                    BidiClass::R | BidiClass::AL | BidiClass::RLE | BidiClass::RLO | BidiClass::RLI
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
}
