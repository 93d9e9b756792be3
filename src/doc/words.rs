//! Word positions: where in the body a print page begins, in terms both editions share.
//!
//! The EPUB's page-list places a marker where each printed page begins, so the two
//! editions must name a place in the text the same way. A place is a [`Position`]: a body
//! block, numbered depth-first in reading order (every block counts, containers before
//! what they hold), and a word of that block's text.
//!
//! A block's *text* is its IR text alone: the `Text` and `Code` inlines in order (inside
//! emphasis, links, `<sup>` and the rest), with a hard line break as a separator. What an
//! edition adds is not text: a note call's number, the dateline the print edition runs into
//! the first paragraph, a list's markers. A *word* is a maximal run of characters that are
//! not Unicode white space, so a no-break space separates words (`Mr.\u{a0}Smith` is two),
//! while a dash, a word joiner (U+2060) or a zero-width space does not: a line broken there
//! begins inside a word, and its position is that word's.

/// Whether `c` separates words: Unicode white space (spaces, no-break spaces, tabs, line
/// breaks).
pub fn is_separator(c: char) -> bool {
    c.is_whitespace()
}

/// A place in a piece's body: (block number, word of that block's text).
pub type Position = (usize, usize);

/// Counts the words of a text fed to it piece by piece, in order.
#[derive(Debug, Default, Clone, Copy)]
pub struct Words {
    count: usize,
    in_word: bool,
}

impl Words {
    /// Take one character; `Some(n)` when it begins word `n` (0-based).
    pub fn char(&mut self, c: char) -> Option<usize> {
        if is_separator(c) {
            self.in_word = false;
            None
        } else if self.in_word {
            None
        } else {
            self.in_word = true;
            self.count += 1;
            Some(self.count - 1)
        }
    }

    /// A separator that is not a character of the text (a hard line break).
    pub fn separate(&mut self) {
        self.in_word = false;
    }

    /// How many words have begun so far.
    pub fn count(&self) -> usize {
        self.count
    }
}

/// The word at byte offsets of one text, asked for in increasing order (a paragraph's line
/// starts): linear in the text, however many lines.
pub struct WordCursor<'a> {
    text: &'a str,
    at: usize,
    words: Words,
}

impl<'a> WordCursor<'a> {
    pub fn new(text: &'a str) -> Self {
        WordCursor {
            text,
            at: 0,
            words: Words::default(),
        }
    }

    /// The word that byte `offset` falls in, or the next word if it falls between words.
    /// Offsets before one asked for already answer as that one did.
    pub fn word_at(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        if offset > self.at {
            for c in self.text[self.at..offset].chars() {
                self.words.char(c);
            }
            self.at = offset;
        }
        match self.text[self.at..].chars().next() {
            // Inside a word (or at the end of a text ending in one): that word.
            Some(c) if !is_separator(c) && self.words.in_word => self.words.count - 1,
            None if self.words.in_word => self.words.count - 1,
            // At a separator or at a word's first character: the next word.
            _ => self.words.count,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn starts(text: &str) -> Vec<usize> {
        let mut w = Words::default();
        text.char_indices()
            .filter_map(|(i, c)| w.char(c).map(|_| i))
            .collect()
    }

    #[test]
    fn no_break_spaces_separate_words_and_dashes_do_not() {
        assert_eq!(starts("Mr.\u{a0}Smith  came"), vec![0, 5, 12]);
        assert_eq!(starts("all\u{2060}\u{2014}none and"), vec![0, 14]);
        assert_eq!(starts(" one\u{202f}two\n"), vec![1, 7]);
    }

    #[test]
    fn a_cursor_names_the_word_an_offset_falls_in() {
        let text = "one two\u{2014}three  four";
        let mut c = WordCursor::new(text);
        assert_eq!(c.word_at(0), 0);
        assert_eq!(c.word_at(4), 1);
        // Inside "two—three", after the dash: still word 1.
        assert_eq!(c.word_at(text.find("three").unwrap()), 1);
        // Between words: the next one.
        assert_eq!(c.word_at(text.find("  ").unwrap() + 1), 2);
        assert_eq!(c.word_at(text.find("four").unwrap()), 2);
        assert_eq!(c.word_at(text.len()), 2);
    }
}
