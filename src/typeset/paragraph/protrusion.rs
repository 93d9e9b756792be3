//! Margin kerning (character protrusion): how far a line's last character hangs into the
//! right margin, and an opening quote at a line's start into the left.
//!
//! Why: a justified edge made of glyphs' advance boxes is straight, but it does not look
//! straight: a hyphen, a comma or a stop is mostly white space inside its box, so a line
//! ending in one looks short, and the edge looks ragged. Hanging light glyphs partly
//! outside the measure makes the edge of the ink look straight (Hermann Zapf's hz-program;
//! pdfTeX's `\rpcode`, microtype's protrusion sets, Typst's `overhang`).
//!
//! The amounts are fractions of the glyph's own advance, our own table: the lighter the
//! glyph (the more of its box is white), the further it hangs. The stop, the comma and the
//! hyphen hang half their width, as in the published defaults of microtype and Typst; colon
//! and semicolon carry a second mark above, so less (0.3); a dash is long and dark, so only
//! a fifth to a third of it; the exclamation and question marks have a stem, 0.2; the ellipsis does not hang
//! (its dots fill its box, and pdfquality counts it as ink on the measure); closing
//! quotes hang like the comma they resemble, a double one a little less for its weight.
//! Written here by hand: no crate offers a protrusion table apart from a whole typesetter.

/// The fraction of its advance that `c` hangs into the right margin at a line's end.
pub(super) fn right(c: char) -> f32 {
    match c {
        '.' | ',' | '-' | '\u{2010}' | '\u{2011}' | '\u{00AD}' => 0.5,
        '’' | '\'' | '‚' => 0.5,
        '”' | '"' | '„' | '»' | '›' => 0.4,
        ':' | ';' => 0.3,
        '\u{2013}' => 0.3,
        '\u{2014}' => 0.2,
        '!' | '?' => 0.2,
        ')' | ']' => 0.05,
        _ => 0.0,
    }
}

/// The fraction of its advance that `c` hangs into the left margin at a line's start.
pub(super) fn left(c: char) -> f32 {
    match c {
        '‘' | '\'' | '‚' => 0.5,
        '“' | '"' | '„' | '«' | '‹' => 0.4,
        '(' | '[' => 0.05,
        _ => 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn light_punctuation_hangs_most() {
        for c in ['.', ',', '-'] {
            assert_eq!(right(c), 0.5, "{c}");
        }
        assert!(right(':') < right('.') && right(';') < right(','));
        assert!(right('\u{2014}') < right('\u{2013}') && right('\u{2013}') < right('-'));
        assert!(right('”') < right('’'));
        assert_eq!(right('e'), 0.0);
        assert_eq!(right('1'), 0.0);
        // Opening marks hang left only; closing marks right only.
        assert_eq!(left('“'), 0.4);
        assert_eq!(left('‘'), 0.5);
        assert_eq!(right('“'), 0.0);
        assert_eq!(left('”'), 0.0);
        assert_eq!(left('A'), 0.0);
    }
}
