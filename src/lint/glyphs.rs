//! Scripts that no font of the book can print.
//!
//! The PDF edition warns about the titles and body text it sets; this lint covers everything
//! the PDF prints: the book's title page and copyright lines, part titles, and each piece's
//! title, subtitle, byline, kind, standfirst, dateline, source, note and body. A character is
//! missing when no face has it: the typesetter falls back across all the book's faces before
//! it gives up and prints a blank. One finding per piece (or book.yaml) per script, worded
//! as the PDF edition words it (`typeset::coverage`), so `check` shows one where both report.

use std::path::Path;

use crate::diag::{line_col, Diagnostic, Diagnostics};
use crate::manuscript::{Book, Piece};
use crate::typeset::coverage::{missing_scripts, MissingScript};
use crate::typeset::fonts::FontSet;

const BOOK_YAML: &str = "manuscript/book.yaml";

pub fn check(book: &Book, out: &mut Diagnostics) {
    let fonts = if book.fonts.is_empty() {
        FontSet::builtin()
    } else {
        match FontSet::from_book(&book.fonts, &book.print.fonts) {
            Ok((set, _)) => set,
            // Fonts that cannot be used are the PDF edition's error to report.
            Err(_) => return,
        }
    };
    let m = &book.meta;
    let mut book_texts: Vec<&str> = vec![&m.title];
    book_texts.extend(m.subtitle.as_deref());
    book_texts.extend(m.authors.iter().map(String::as_str));
    book_texts.extend(m.editor.iter().map(String::as_str));
    book_texts.extend(m.publisher.as_deref());
    book_texts.extend(m.rights.as_deref());
    book_texts.extend(book.divisions.iter().filter_map(|d| d.part.as_deref()));
    for missing in missing_scripts(&fonts, &book_texts.join("\n")) {
        out.push(finding(&missing).in_file(Path::new(BOOK_YAML)));
    }
    for piece in book.pieces() {
        check_piece(piece, &fonts, out);
    }
}

fn check_piece(piece: &Piece, fonts: &FontSet, out: &mut Diagnostics) {
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
    let front = format!("{}\n", front.join("\n"));
    for missing in missing_scripts(fonts, &format!("{front}{body}")) {
        // Point at the first use; one only in the front matter is reported against the file,
        // whose front matter the loaded piece no longer holds.
        let d = finding(&missing);
        out.push(match missing.offset.checked_sub(front.len()) {
            Some(offset) => {
                let (line, column) = line_col(body, offset);
                d.at(&piece.path, Some(body), line, column)
                    .with_line_offset(piece.body_line - 1)
            }
            None => d.in_file(&piece.path),
        });
    }
}

fn finding(missing: &MissingScript) -> Diagnostic {
    Diagnostic::warning(missing.message()).hint(missing.hint())
}
