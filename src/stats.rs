//! Figures for the one-line build summary: words in the book, pages in a PDF, file sizes.

use std::path::Path;

use unicode_segmentation::UnicodeSegmentation;

use crate::doc::{plain_text, Block, Document, Inline};

/// Words a reader reads: titles, standfirsts, authors' notes, body text and footnotes, as
/// Unicode word boundaries count them (UAX #29: "it's" is one word, "1,200" one, "—" none).
pub fn words(doc: &Document) -> usize {
    use rayon::prelude::*;
    // Word boundaries over a long book's whole text take a tenth of a second or more; the
    // pieces are counted in parallel.
    let pieces: Vec<_> = doc.pieces().collect();
    pieces
        .par_iter()
        .map(|piece| {
            inline_words(&piece.title)
                + piece.subtitle.as_deref().map_or(0, inline_words)
                + piece.standfirst.as_deref().map_or(0, inline_words)
                + block_words(&piece.note)
                + block_words(&piece.blocks)
                + piece
                    .notes
                    .iter()
                    .map(|n| block_words(&n.blocks))
                    .sum::<usize>()
        })
        .sum()
}

fn inline_words(inlines: &[Inline]) -> usize {
    count_words(&plain_text(inlines))
}

/// `text.unicode_words().count()`, without running the segmenter over ordinary words.
///
/// UAX #29 never joins across an ASCII space, tab or line break, so the count is the sum over
/// the whitespace-separated tokens. A token whose alphanumeric characters are one unbroken run
/// of ASCII letters and digits (`word`, `“word,”`, `(1990)`, `—`) holds exactly one word, or
/// none: letters and digits in a row never break apart, and whatever the punctuation around
/// them does, no other segment has a letter or digit in it, which is what makes a word. Any
/// other token (`it’s`, `1,200`, `café`) goes through the segmenter.
fn count_words(text: &str) -> usize {
    text.split_ascii_whitespace()
        .map(|token| match alphanumeric_runs(token) {
            Some(runs) if runs <= 1 => runs,
            _ => token.unicode_words().count(),
        })
        .sum()
}

/// The runs of ASCII letters and digits in `token`, or `None` if it has a character that is
/// neither that nor punctuation known to be neither a letter nor a number.
fn alphanumeric_runs(token: &str) -> Option<usize> {
    let mut runs = 0;
    let mut in_run = false;
    for c in token.chars() {
        if c.is_ascii_alphanumeric() {
            runs += usize::from(!in_run);
            in_run = true;
        } else if c.is_ascii() || is_punctuation(c) {
            in_run = false;
        } else {
            return None;
        }
    }
    Some(runs)
}

/// Non-ASCII characters common around words that have neither Alphabetic nor a Number
/// category: the General Punctuation block (dashes, quotes, ellipsis, spaces, joiners) and
/// Latin-1's guillemets, no-break space and marks.
fn is_punctuation(c: char) -> bool {
    matches!(
        c,
        '\u{2000}'..='\u{206F}' | '\u{A0}' | '«' | '»' | '¡' | '¿' | '§' | '¶' | '·'
    )
}

fn block_words(blocks: &[Block]) -> usize {
    blocks
        .iter()
        .map(|block| match block {
            Block::Heading { content, .. } | Block::Paragraph(content) => inline_words(content),
            Block::Quote(inner) => block_words(inner),
            Block::List { items, .. } => items.iter().map(|i| block_words(i)).sum(),
            Block::Table { head, rows, .. } => head
                .iter()
                .chain(rows.iter().flatten())
                .map(|cell| inline_words(cell))
                .sum(),
            Block::Code { text, .. } => count_words(text),
            Block::Image { .. } | Block::Rule => 0,
        })
        .sum()
}

/// The page count of a PDF file, read from its page tree without loading its pages.
pub fn pdf_pages(path: &Path) -> Option<usize> {
    lopdf::Document::load_metadata(path)
        .ok()
        .map(|m| m.page_count as usize)
}

/// A size as people read it: "812 B", "28 KB", "1.4 MB" (powers of 1024, as `ls -h`).
pub fn human_size(bytes: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * KB;
    if bytes < KB {
        format!("{bytes} B")
    } else if bytes < MB {
        format!("{} KB", bytes.div_ceil(KB))
    } else {
        format!("{:.1} MB", bytes as f64 / MB as f64)
    }
}

/// Kept here for the summary's callers; diagnostics count with it too, so it lives in diag.
pub use crate::diag::grouped;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_like_ls_h() {
        assert_eq!(human_size(812), "812 B");
        assert_eq!(human_size(28_450), "28 KB");
        assert_eq!(human_size(1_500_000), "1.4 MB");
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(grouped(7), "7");
        assert_eq!(grouped(1234), "1,234");
        assert_eq!(grouped(1_234_567), "1,234,567");
    }

    #[test]
    fn count_words_agrees_with_the_segmenter() {
        for text in [
            "",
            "  plain words,\tand (brackets) and “quotes” — dashes… ",
            "It's a test — of 1,200 words. e.g. U.S.A. a_b 3.14 x:y",
            "it’s l’homme «\u{202F}guillemets\u{202F}» café naïve Καλημέρα мир 你好 好",
            "a\u{200D}b \u{200D}ab ab\u{00AD}cd -- ... 1990s ¡Hola! ¿Qué? § 12 ¶ 3",
            "a \u{0903}b tab\tsep\nline\r\nend ½ x² ª º",
            "http://example.com/path?q=1 foo/bar and/or 20:30 1.000,5 --flag",
        ] {
            assert_eq!(count_words(text), text.unicode_words().count(), "{text:?}");
        }
    }

    #[test]
    fn words_count_text_notes_and_titles_but_not_punctuation() {
        let piece = crate::manuscript::Piece {
            path: "manuscript/a.md".into(),
            meta: crate::manuscript::PieceMeta {
                title: "Two words".into(),
                ..Default::default()
            },
            body: "It's a test — of 1,200 words.[^n]\n\n[^n]: A note.\n".into(),
            body_line: 1,
        };
        let (piece, _) = crate::doc::parse_piece(&piece, "piece-1");
        let doc = Document {
            divisions: vec![crate::doc::DivisionDoc {
                part: None,
                part_label: None,
                matter: Default::default(),
                id: "part-1".into(),
                pieces: vec![piece],
            }],
            warnings: Default::default(),
        };
        // "Two words" + "It's a test of 1,200 words" + "A note"
        assert_eq!(words(&doc), 2 + 6 + 2);
    }
}
