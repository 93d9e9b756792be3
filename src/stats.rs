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
    plain_text(inlines).unicode_words().count()
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
            Block::Code { text, .. } => text.unicode_words().count(),
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

/// "1,234,567": thousands grouped, as a word count reads best.
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

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
                id: "part-1".into(),
                pieces: vec![piece],
            }],
            warnings: Default::default(),
        };
        // "Two words" + "It's a test of 1,200 words" + "A note"
        assert_eq!(words(&doc), 2 + 6 + 2);
    }
}
