//! Which way a text runs: one decision for both editions. A book is right to left when its
//! language is (Arabic, Hebrew, Persian, Urdu, ...); a piece when its language is, or when
//! its text's first strong character is right to left (UAX #9's rule P2, as `dir="auto"`
//! decides): an Arabic piece in an English book reads right to left without a key saying so.

use unicode_bidi::{bidi_class, BidiClass};

use super::{visit, Block, Inline, PieceDoc};

/// Whether the BCP 47 tag names a language written right to left.
pub fn rtl_language(tag: &str) -> bool {
    matches!(
        super::strings::primary(tag).as_str(),
        "ar" | "he" | "iw" | "fa" | "ur" | "yi" | "ps" | "sd" | "ug" | "dv" | "ckb" | "syr"
    )
}

/// The direction of the first strong character of `text`: `Some(true)` right to left,
/// `Some(false)` left to right, `None` when it has none (digits, punctuation).
pub fn first_strong_rtl(text: &str) -> Option<bool> {
    text.chars().find_map(|c| match bidi_class(c) {
        BidiClass::L => Some(false),
        BidiClass::R | BidiClass::AL => Some(true),
        _ => None,
    })
}

/// The direction of the first strong character of `blocks`, as [`first_strong_rtl`]:
/// whether they run right to left, if their text says.
pub fn blocks_direction(blocks: &[Block]) -> Option<bool> {
    let mut found = None;
    visit::each_inline(blocks, &mut |inline| {
        if found.is_none() {
            if let Inline::Text(t) = inline {
                found = first_strong_rtl(t);
            }
        }
    });
    found
}

/// Whether a piece runs right to left: by its text's first strong character, or, when its
/// text has none (figures, an empty piece), by its language, else the book's.
pub fn piece_rtl(piece: &PieceDoc, book_language: &str) -> bool {
    blocks_direction(&piece.blocks)
        .unwrap_or_else(|| rtl_language(piece.meta.language.as_deref().unwrap_or(book_language)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_and_texts_have_their_direction() {
        assert!(rtl_language("ar") && rtl_language("he-IL") && rtl_language("fa"));
        assert!(!rtl_language("en-GB") && !rtl_language("zh-Hant") && !rtl_language(""));
        assert_eq!(first_strong_rtl("2015: «قال»"), Some(true));
        assert_eq!(first_strong_rtl("“He said” שלום"), Some(false));
        assert_eq!(first_strong_rtl("12, 13."), None);
    }
}
