//! Which way a text runs: one decision for both editions.
//!
//! A book runs the way its language is written (Arabic, Hebrew, Persian, Urdu, ... right to
//! left). A piece runs, in this order: the way its `language:` is written, when it names a
//! language (`ar` right to left, `en` or `az-Latn` left to right); else the way its text's
//! first strong character runs (UAX #9's rule P2, as `dir="auto"` decides: an Arabic piece
//! in an English book reads right to left without a key saying so); else the book's way.
//! The language comes first because a piece says what it is: an Arabic report that opens
//! on "CNN" or "2015" is still Arabic. The EPUB's `dir`, the print engine's paragraph base
//! level and the spine all ask [`piece_direction`] or [`book_direction`], so the editions
//! cannot disagree.

use unicode_bidi::{bidi_class, BidiClass};

use super::{Block, Dir, Inline, PieceDoc};

/// Primary languages written right to left (by default: a script subtag overrides).
const RTL_LANGUAGES: &[&str] = &[
    "ar", "he", "iw", "fa", "ur", "yi", "ps", "sd", "ug", "dv", "ckb", "syr", "arc", "ji",
];

/// ISO 15924 scripts written right to left, for tags that name their script ("az-Arab",
/// "pa-Arab", "ms-Arab", Jawi).
const RTL_SCRIPTS: &[&str] = &[
    "arab", "aran", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg", "mand", "samr", "mend", "yezi",
    "avst", "phnx", "sogd", "chrs", "elym", "hatr", "mani", "narb", "nbat", "palm", "phli", "phlp",
    "prti", "sarb",
];

/// Tags that name no language, and so no direction: undetermined, several, none, private.
const NO_LANGUAGE: &[&str] = &["und", "mul", "zxx", "mis", "x", "i"];

/// The direction the BCP 47 tag's language is written in; `None` when the tag names no
/// language (`und`, `mul`, `zxx`, a private-use `x-...`, an empty tag). A script subtag
/// decides when given ("sd-Deva" runs left to right, "az-Arab" right to left).
pub fn language_direction(tag: &str) -> Option<Dir> {
    let mut subtags = tag.split(['-', '_']);
    let primary = subtags.next().unwrap_or("").to_ascii_lowercase();
    if primary.is_empty() || NO_LANGUAGE.contains(&primary.as_str()) {
        return None;
    }
    // The script is the first four-letter subtag after the primary language and its
    // extended subtags (three letters each).
    let script = subtags
        .take_while(|s| s.len() <= 4)
        .find(|s| s.len() == 4 && s.chars().all(|c| c.is_ascii_alphabetic()))
        .map(str::to_ascii_lowercase);
    let rtl = match script {
        Some(script) => RTL_SCRIPTS.contains(&script.as_str()),
        None => RTL_LANGUAGES.contains(&primary.as_str()),
    };
    Some(if rtl { Dir::Rtl } else { Dir::Ltr })
}

/// Whether the BCP 47 tag names a language written right to left.
pub fn rtl_language(tag: &str) -> bool {
    language_direction(tag) == Some(Dir::Rtl)
}

/// The direction of a book in `language`: its language's, left to right when it names
/// none. The page progression (`page::Progression`), the EPUB's spine and the documents
/// folio writes itself follow it.
pub fn book_direction(language: &str) -> Dir {
    language_direction(language).unwrap_or(Dir::Ltr)
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

/// The direction of the first strong character of `blocks`' text, as [`first_strong_rtl`]
/// (rule P2): code is not prose and is skipped, and so is a span given its own direction
/// (`<span dir>`, an isolate, which P2 skips too).
pub fn blocks_direction(blocks: &[Block]) -> Option<Dir> {
    let mut found = None;
    super::visit::each_block(blocks, &mut |block| {
        if found.is_some() {
            return;
        }
        found = match block {
            Block::Paragraph(content) | Block::Heading { content, .. } => {
                inlines_direction(content)
            }
            Block::Table { head, rows, .. } => head
                .iter()
                .chain(rows.iter().flatten())
                .find_map(|cell| inlines_direction(cell)),
            _ => None,
        };
    });
    found
}

/// The direction of the first strong character of `inlines`, as [`blocks_direction`].
pub fn inlines_direction(inlines: &[Inline]) -> Option<Dir> {
    inlines.iter().find_map(|inline| match inline {
        Inline::Text(t) => first_strong_rtl(t).map(|rtl| if rtl { Dir::Rtl } else { Dir::Ltr }),
        Inline::Span { dir: Some(_), .. } => None,
        other => other.children().and_then(inlines_direction),
    })
}

/// The direction of a piece in a book in `book_language`: its language's, else its text's
/// (its body's first strong character, else its title's), else the book's. Every paragraph
/// of the piece takes it as its base direction, in both editions.
pub fn piece_direction(piece: &PieceDoc, book_language: &str) -> Dir {
    piece
        .meta
        .language
        .as_deref()
        .and_then(language_direction)
        .or_else(|| blocks_direction(&piece.blocks))
        .or_else(|| inlines_direction(&piece.title))
        .unwrap_or_else(|| book_direction(book_language))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn piece(language: Option<&str>, text: &str) -> PieceDoc {
        let meta = crate::manuscript::PieceMeta {
            language: language.map(str::to_owned),
            ..Default::default()
        };
        PieceDoc {
            id: "piece-1".into(),
            path: "manuscript/01.md".into(),
            meta,
            title: vec![Inline::Text("1.".into())],
            subtitle: None,
            standfirst: None,
            byline: None,
            translated_by: None,
            dateline: None,
            note: Vec::new(),
            blocks: vec![Block::Paragraph(vec![Inline::Text(text.into())])],
            notes: Vec::new(),
            source: Default::default(),
        }
    }

    #[test]
    fn languages_and_texts_have_their_direction() {
        assert!(rtl_language("ar") && rtl_language("he-IL") && rtl_language("fa"));
        assert!(!rtl_language("en-GB") && !rtl_language("zh-Hant") && !rtl_language(""));
        assert_eq!(first_strong_rtl("2015: «قال»"), Some(true));
        assert_eq!(first_strong_rtl("“He said” שלום"), Some(false));
        assert_eq!(first_strong_rtl("12, 13."), None);
    }

    #[test]
    fn a_script_subtag_decides_and_some_tags_name_no_language() {
        assert_eq!(language_direction("az-Arab"), Some(Dir::Rtl));
        assert_eq!(language_direction("pa-Arab-PK"), Some(Dir::Rtl));
        assert_eq!(language_direction("sd-Deva"), Some(Dir::Ltr));
        assert_eq!(language_direction("ug-Latn"), Some(Dir::Ltr));
        assert_eq!(language_direction("zh-yue-Hant"), Some(Dir::Ltr));
        assert_eq!(language_direction("ar-EG"), Some(Dir::Rtl));
        for none in ["und", "mul", "zxx", "x-klingon", ""] {
            assert_eq!(language_direction(none), None, "{none}");
        }
        assert_eq!(book_direction("und"), Dir::Ltr);
        assert_eq!(book_direction("he"), Dir::Rtl);
    }

    #[test]
    fn a_pieces_language_comes_before_its_first_strong_character() {
        // An Arabic piece opening on a Latin name is still right to left, in any book.
        let arabic = piece(Some("ar"), "CNN قالت إن");
        assert_eq!(piece_direction(&arabic, "en"), Dir::Rtl);
        // An English piece quoting Arabic first is left to right, even in an Arabic book.
        let english = piece(Some("en"), "«قال» he said");
        assert_eq!(piece_direction(&english, "ar"), Dir::Ltr);
        // No language: the text's first strong character, then the book's language.
        assert_eq!(piece_direction(&piece(None, "2015 שלום"), "en"), Dir::Rtl);
        assert_eq!(piece_direction(&piece(None, "2015 hello"), "ar"), Dir::Ltr);
        assert_eq!(piece_direction(&piece(None, "2015."), "ar"), Dir::Rtl);
        assert_eq!(piece_direction(&piece(None, "2015."), "en"), Dir::Ltr);
        // A tag naming no language leaves it to the text.
        assert_eq!(
            piece_direction(&piece(Some("und"), "مرحبا"), "en"),
            Dir::Rtl
        );
    }

    #[test]
    fn code_and_spans_with_a_direction_do_not_decide() {
        let blocks = vec![
            Block::Code {
                lang: None,
                text: "let x = 1;".into(),
            },
            Block::Paragraph(vec![
                Inline::Code("fn main()".into()),
                Inline::Span {
                    lang: None,
                    dir: Some(Dir::Ltr),
                    content: vec![Inline::Text("Latin".into())],
                },
                Inline::Emph(vec![Inline::Text(" שלום".into())]),
            ]),
        ];
        assert_eq!(blocks_direction(&blocks), Some(Dir::Rtl));
        let mut p = piece(None, "12.");
        p.title = vec![Inline::Text("عنوان".into())];
        assert_eq!(
            piece_direction(&p, "en"),
            Dir::Rtl,
            "the title decides last"
        );
    }
}
