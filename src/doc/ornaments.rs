//! Where a piece's opening ornaments go, one rule for both editions: which words a lead-in
//! sets in small capitals (`print.lead-in`) and which letter a drop cap sinks
//! (`print.drop-cap`), so the e-book's `span.lead-in` and `p.drop-cap` dress the same text
//! the printed page does.

use unicode_bidi::{bidi_class, BidiClass};
use unicode_segmentation::UnicodeSegmentation;

use super::{plain_text, Block, Inline, PieceDoc};
use crate::manuscript::Role;

/// Words a lead-in holds at most.
const LEAD_IN_WORDS: usize = 3;

/// Characters that end a lead-in: the end of a phrase.
fn ends_phrase(c: char) -> bool {
    matches!(
        c,
        ',' | ';'
            | ':'
            | '.'
            | '!'
            | '?'
            | '\u{2026}'
            | '\u{2013}'
            | '\u{2014}'
            | ')'
            | ']'
            | '\u{201D}'
            | '\u{00BB}'
            | '"'
    )
}

/// Byte length of the lead-in at the start of `text`: the first word group, up to the first
/// punctuation that ends a phrase or [`LEAD_IN_WORDS`] words, whichever comes first (an
/// opening quotation mark goes with its word).
pub fn lead_in_extent(text: &str) -> usize {
    let mut words = 0;
    let mut in_word = false;
    let mut end = 0;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if in_word {
                words += 1;
                in_word = false;
                if words == LEAD_IN_WORDS {
                    break;
                }
            }
            continue;
        }
        if ends_phrase(c) && in_word {
            break;
        }
        in_word = true;
        end = i + c.len_utf8();
    }
    end
}

/// Characters that open a text and go with its initial.
fn opening_punctuation(c: char) -> bool {
    matches!(
        c,
        '\u{201C}'
            | '\u{2018}'
            | '\u{201E}'
            | '\u{201A}'
            | '\u{00AB}'
            | '\u{00BB}'
            | '\u{2039}'
            | '\u{203A}'
            | '"'
            | '\''
            | '('
            | '['
            | '\u{00BF}'
            | '\u{00A1}'
    )
}

/// A space inside the opening (French « Il): never a line break.
fn fixed_space(c: char) -> bool {
    matches!(c, '\u{00A0}' | '\u{202F}' | '\u{2009}')
}

/// Byte length of a drop cap's initial at the start of `text`, in a piece running right to
/// left (`rtl`) or not: opening punctuation, the letter and its marks; None when the text
/// does not open on a letter that [`sinks`].
pub fn initial(text: &str, rtl: bool) -> Option<usize> {
    let mut chars = text.char_indices().peekable();
    let mut punctuation = false;
    while let Some(&(_, c)) = chars.peek() {
        if opening_punctuation(c) || (punctuation && fixed_space(c)) {
            punctuation = true;
            chars.next();
        } else {
            break;
        }
    }
    let (at, letter) = chars.next()?;
    if !sinks(letter, rtl) {
        return None;
    }
    // The letter with its marks (decomposed accents): its grapheme cluster.
    let cluster = text[at..].graphemes(true).next()?;
    Some(at + cluster.len())
}

/// A letter a drop cap can sink in a piece of that direction: left to right, a letter of a
/// script with capitals that runs left to right (Latin, Greek, Cyrillic...); right to left,
/// a Hebrew letter. Not a digit or a symbol, and not Han, Indic or Arabic letters: the
/// uncased scripts have no capital to sink, and an Arabic letter joins its word, which a
/// letter set apart would break.
fn sinks(letter: char, rtl: bool) -> bool {
    if rtl {
        ('\u{05D0}'..='\u{05F2}').contains(&letter) && letter.is_alphabetic()
    } else {
        (letter.is_uppercase() || letter.is_lowercase()) && bidi_class(letter) == BidiClass::L
    }
}

/// Whether the piece's opening takes ornaments at all: not the pages folio makes itself
/// (lists), not a dedication or an epigraph (display text), and not a piece with a dateline,
/// which print runs into the first paragraph in small capitals: that is its lead-in.
fn takes_ornaments(piece: &PieceDoc) -> bool {
    let role = piece.meta.role;
    !role.is_some_and(|r| r.is_generated() || matches!(r, Role::Dedication | Role::Epigraph))
        && piece.dateline.is_none()
}

/// The body block a lead-in opens: the piece's first paragraph.
pub fn lead_in_block(piece: &PieceDoc) -> Option<usize> {
    piece
        .blocks
        .iter()
        .position(|b| matches!(b, Block::Paragraph(_)))
        .filter(|_| takes_ornaments(piece))
}

/// Whether the piece opens with a drop cap: its first block is a paragraph that opens on an
/// [`initial`] in plain text (not in a link, code or a run of a given direction) with more
/// text after it; `rtl`: the piece runs right to left, and its initial sinks at the right.
pub fn opens_with_drop_cap(piece: &PieceDoc, rtl: bool) -> bool {
    let Some(Block::Paragraph(inlines)) = piece.blocks.first() else {
        return false;
    };
    if !takes_ornaments(piece) || !plain_lead(inlines) {
        return false;
    }
    let text = plain_text(inlines);
    initial(&text, rtl).is_some_and(|n| !text[n..].trim().is_empty())
}

/// The inlines open on plain text, perhaps inside emphasis or small capitals.
fn plain_lead(inlines: &[Inline]) -> bool {
    match inlines.first() {
        Some(Inline::Text(t)) => !t.is_empty(),
        Some(Inline::Emph(c) | Inline::Strong(c) | Inline::Strike(c) | Inline::SmallCaps(c)) => {
            plain_lead(c)
        }
        Some(Inline::Span {
            dir: None, content, ..
        }) => plain_lead(content),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lead(text: &str) -> &str {
        &text[..lead_in_extent(text)]
    }

    fn initial_of(text: &str) -> Option<&str> {
        initial(text, false).map(|n| &text[..n])
    }

    #[test]
    fn a_lead_in_is_three_words_or_the_words_before_a_comma() {
        assert_eq!(lead("It was the best of times"), "It was the");
        assert_eq!(lead("When, in 1914, war came"), "When");
        assert_eq!(lead("\u{201C}Never,\u{201D} she said"), "\u{201C}Never");
        assert_eq!(lead("It\u{2019}s late. Go"), "It\u{2019}s late");
        assert_eq!(lead("Alone"), "Alone");
        assert_eq!(lead(""), "");
    }

    #[test]
    fn the_initial_is_the_first_letter_with_its_opening_punctuation() {
        assert_eq!(initial_of("It was"), Some("I"));
        assert_eq!(initial_of("\u{201C}Never,\u{201D}"), Some("\u{201C}N"));
        assert_eq!(initial_of("\u{00AB}\u{202F}Il"), Some("\u{00AB}\u{202F}I"));
        assert_eq!(initial_of("E\u{0301}te\u{0301}"), Some("E\u{0301}"));
        assert_eq!(initial_of("\u{0394}\u{03B5}"), Some("\u{0394}"));
        // Nothing to sink: a digit, a symbol, a letter of a script without capitals.
        assert_eq!(initial_of("1914 was"), None);
        assert_eq!(initial_of("\u{2014} so"), None);
        assert_eq!(initial_of("\u{6625}\u{5929}"), None);
        assert_eq!(initial_of("\u{0627}\u{0644}"), None);
        assert_eq!(initial_of("\u{201C}"), None);
        // A Hebrew letter sinks in a right-to-left piece (with its points), a Latin one
        // does not, nor an Arabic letter, which joins its word; in a left-to-right piece a
        // Hebrew letter does not sink either.
        let rtl = |t: &'static str| initial(t, true).map(|n| &t[..n]);
        assert_eq!(
            rtl("\u{05E9}\u{05B8}\u{05DC}\u{05D5}\u{05DD}"),
            Some("\u{05E9}\u{05B8}")
        );
        assert_eq!(rtl("\u{201E}\u{05E9}\u{05DC}"), Some("\u{201E}\u{05E9}"));
        assert_eq!(rtl("It was"), None);
        assert_eq!(rtl("\u{0627}\u{0644}"), None);
        assert_eq!(initial_of("\u{05E9}\u{05DC}"), None);
    }
}
