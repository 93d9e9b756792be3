//! `folio check`'s lints: what a build accepts but a careful editor would not.
//!
//! A build stops only where it cannot make a sound edition. These checks look for what would
//! print wrong or read badly all the same: a footnote or link reference with nothing behind
//! it (printed as `[^3]`), links that go nowhere, headings that skip a level, images without
//! alt text, characters no font of the book can print, two pieces with one title, and
//! straight quotes that smart punctuation did not reach.
//!
//! Severity follows what a reader would see. Errors are text printed as written instead of
//! what the author meant (an undefined footnote or link reference); everything else is a
//! warning. `folio check` exits non-zero on errors (or on warnings with `--deny warnings`).
//!
//! Lints read the loaded [`Book`] and its [`Document`], never the file system.

mod glyphs;
mod source;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics};
use crate::doc::{plain_text, Block, Document};
use crate::manuscript::Book;

use source::Target;

/// Every lint finding for the book, in reading order (book-wide findings last).
pub fn lint(book: &Book, doc: &Document) -> Diagnostics {
    let mut out = Diagnostics::default();
    let targets: Vec<Target> = doc
        .pieces()
        .map(|piece| {
            let mut anchors = HashSet::new();
            collect_anchors(&piece.note, &mut anchors);
            collect_anchors(&piece.blocks, &mut anchors);
            for note in &piece.notes {
                collect_anchors(&note.blocks, &mut anchors);
            }
            Target {
                path: piece.path.clone(),
                anchors,
            }
        })
        .collect();
    for (index, (piece, parsed)) in book.pieces().zip(doc.pieces()).enumerate() {
        source::check(piece, parsed, &targets, index, &mut out);
    }
    duplicate_titles(doc, &mut out);
    glyphs::check(book, &mut out);
    identifier(book, &mut out);
    out
}

/// A book without a stated identifier gets one derived from its title and author, so a
/// corrected title would be a new book to every reading app and store: say so in `check`
/// (a build stays quiet, the derived identifier is a working fallback).
fn identifier(book: &Book, out: &mut Diagnostics) {
    if book.meta.identifier_given {
        return;
    }
    out.push(
        Diagnostic::warning("book.yaml has no `identifier`")
            .hint(format!(
                "add `identifier: {}` (the one folio uses now, made from the title and author, \
                 so it changes if they do), or a fresh UUID for a new book",
                book.meta.identifier
            ))
            .at(Path::new("manuscript/book.yaml"), None, 1, 1),
    );
}

/// Drop repeats (same message and place), keeping the first, made an error if any repeat is
/// one: `check` gathers findings from the editions, the parser and the lints, and two of them
/// may report one problem (a missing glyph; an undefined footnote, which a build warns about
/// and the lint calls an error).
pub fn dedup(diags: Diagnostics) -> Diagnostics {
    type Place = Option<(std::path::PathBuf, usize, usize)>;
    let mut first: HashMap<(String, Place), usize> = HashMap::new();
    let mut kept: Vec<Diagnostic> = Vec::new();
    for d in diags.0 {
        let place = d
            .location
            .as_ref()
            .map(|l| (l.file.clone(), l.line, l.column));
        match first.get(&(d.message.clone(), place.clone())) {
            Some(&i) => kept[i].severity = kept[i].severity.max(d.severity),
            None => {
                first.insert((d.message.clone(), place), kept.len());
                kept.push(d);
            }
        }
    }
    Diagnostics(kept)
}

/// The ids (as the IR names them) that `#fragment` links may use.
fn collect_anchors(blocks: &[Block], out: &mut HashSet<String>) {
    crate::doc::visit::each_block(blocks, &mut |block| {
        if let Block::Heading { id, .. } = block {
            out.insert(id.clone());
        }
    });
}

/// Two pieces with the same title read as one in the contents, the nav and the running
/// heads. Titles compare as printed, ignoring case and surrounding space.
fn duplicate_titles(doc: &Document, out: &mut Diagnostics) {
    let mut first: HashMap<String, &Path> = HashMap::new();
    for piece in doc.pieces() {
        let title = plain_text(&piece.title);
        let key = title.trim().to_lowercase();
        match first.get(&key) {
            Some(earlier) => out.push(
                Diagnostic::warning(format!("two pieces have the title “{}”", title.trim()))
                    .in_file(&piece.path)
                    .hint(format!(
                        "the first is `{}`; give one a distinct title (`title:` in its front \
                         matter) so readers can tell them apart in the contents",
                        earlier.display()
                    )),
            ),
            None => {
                first.insert(key, &piece.path);
            }
        }
    }
}

#[cfg(test)]
mod tests;
