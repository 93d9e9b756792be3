//! Characters that no font of the book can print.
//!
//! The PDF edition warns about the titles and body text it sets; this lint covers everything
//! the PDF prints: the book's title page and copyright lines, part titles, and each piece's
//! title, subtitle, byline, kind, standfirst, dateline, source, note and body. A character is
//! missing when no face has it: the typesetter falls back across the book's faces before it
//! gives up and prints a blank.

use std::path::Path;

use crate::diag::{line_col, Diagnostic, Diagnostics};
use crate::manuscript::{Book, Piece};
use crate::typeset::fonts::FontSet;

const BOOK_YAML: &str = "manuscript/book.yaml";

pub fn check(book: &Book, out: &mut Diagnostics) {
    let fonts = if book.fonts.is_empty() {
        FontSet::builtin()
    } else {
        match FontSet::from_book(&book.fonts) {
            Some(Ok((set, _))) => set,
            // Fonts that cannot be used are the PDF edition's error to report.
            _ => return,
        }
    };
    // The four faces print nearly everything; a character they lack may still be in one
    // of the book's other faces (which the lint counts as the book having it).
    let others: Vec<ttf_parser::Face> = book
        .fonts
        .iter()
        .filter_map(|f| ttf_parser::Face::parse(&f.data, f.index).ok())
        .collect();
    let missing = |text: &str| -> Vec<char> {
        let mut chars = fonts.missing_chars(text);
        chars.retain(|&c| others.iter().all(|f| f.glyph_index(c).is_none()));
        chars
    };
    let m = &book.meta;
    let mut book_texts: Vec<&str> = vec![&m.title];
    book_texts.extend(m.subtitle.as_deref());
    book_texts.extend(m.authors.iter().map(String::as_str));
    book_texts.extend(m.editor.iter().map(String::as_str));
    book_texts.extend(m.publisher.as_deref());
    book_texts.extend(m.rights.as_deref());
    book_texts.extend(book.divisions.iter().filter_map(|d| d.part.as_deref()));
    for c in missing(&book_texts.join("\n")) {
        out.push(missing_glyph(c).in_file(Path::new(BOOK_YAML)));
    }
    for piece in book.pieces() {
        check_piece(piece, &missing, out);
    }
}

fn check_piece(piece: &Piece, missing: &dyn Fn(&str) -> Vec<char>, out: &mut Diagnostics) {
    let meta = &piece.meta;
    let front: Vec<&str> = [
        Some(meta.title.as_str()),
        meta.subtitle.as_deref(),
        meta.kind.as_deref(),
        meta.standfirst.as_deref(),
        meta.dateline.as_deref(),
        meta.source.as_deref(),
        meta.note.as_deref(),
    ]
    .into_iter()
    .flatten()
    .chain(meta.author.iter().map(String::as_str))
    .chain(meta.translator.iter().map(String::as_str))
    .collect();
    let body = &piece.body;
    for c in missing(&format!("{}\n{body}", front.join("\n"))) {
        // Point at the first use in the body; a character only in the front matter is
        // reported against the file, whose front matter the loaded piece no longer holds.
        let d = missing_glyph(c);
        out.push(match body.find(c) {
            Some(offset) => {
                let (line, column) = line_col(body, offset);
                d.at(&piece.path, Some(body), line, column)
                    .with_line_offset(piece.body_line - 1)
            }
            None => d.in_file(&piece.path),
        });
    }
}

/// Worded as the PDF edition words it, so `check` shows one finding where both report it.
fn missing_glyph(c: char) -> Diagnostic {
    Diagnostic::warning(format!(
        "no font of the book has the character `{c}` (U+{:04X})",
        c as u32
    ))
    .hint("add a font to fonts/ that has it, or replace the character; the PDF will show a blank")
}
