//! Where things are in a piece's Markdown: the IR's side table of source positions.
//!
//! The IR keeps no positions in its blocks and has already resolved or dropped some of
//! what a reader of the source looks for (an undefined footnote is plain text there, an
//! inline image its alt text, a straight quote just a character). The one parse that builds
//! the IR (`doc::parse`) records those things here with their byte offsets in the piece's
//! body, so that the checks which must say *where* (`folio check`'s lints, the preflight of
//! images) read the IR instead of parsing the Markdown again. [`SourceMap::place`] turns
//! an offset into a diagnostic's line and column.

use crate::diag::{line_col, Diagnostic};
use crate::manuscript::Piece;

/// Every image, link, heading and remark-worthy spot of one piece's source, in source
/// order. Offsets are bytes into the piece's body (`Piece::body`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SourceMap {
    /// Every image the piece names, block or inline, body or author's note.
    pub images: Vec<ImageRef>,
    /// Every link of the body: its URL as written and where it starts.
    pub links: Vec<(String, usize)>,
    /// Every heading of the body: its level and where it starts.
    pub headings: Vec<(usize, usize)>,
    /// Code blocks of the body: their language (if the fence names one), where they start,
    /// and whether their text has a straight quote.
    pub code_blocks: Vec<(Option<String>, usize, bool)>,
    /// Code spans of the body with a straight quote in them: where each starts.
    pub quoted_code_spans: Vec<usize>,
    /// Straight quotes that smart punctuation left in the body's text (an escaped quote):
    /// where (a best guess at the first in its text event) and which.
    pub straight_quotes: Vec<(usize, char)>,
    /// Reference links with no definition (`[text][ref]`, `[ref][]`): where, and the
    /// reference. Shortcut ones (`[sic]`) are not links: brackets are everyday marks.
    pub undefined_references: Vec<(usize, String)>,
    /// Footnote references with no note (`[^3]` printed as written): where its `[` is, and
    /// the label.
    pub undefined_notes: Vec<(usize, String)>,
}

/// An image as written in the source.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageRef {
    /// As written, relative to the book root.
    pub src: String,
    /// Its alt text, as plain text.
    pub alt: String,
    /// Where the image starts (`![`).
    pub at: usize,
    /// Where its source is written (after `](`), or [`ImageRef::at`] if not found.
    pub src_at: usize,
    /// In the author's note of the front matter rather than the body: the offsets then
    /// point into that note's text, and a finding is placed in the file without a line.
    pub in_note: bool,
}

impl SourceMap {
    /// Put a diagnostic at byte `offset` of `piece`'s body, with its line and column in
    /// the piece's file.
    pub fn place(d: Diagnostic, piece: &Piece, offset: usize) -> Diagnostic {
        let body = &piece.body;
        let (line, column) = line_col(body, offset);
        d.at(&piece.path, Some(body), line, column)
            .with_line_offset(piece.body_line.saturating_sub(1))
    }

    /// Put a diagnostic at an image of `piece`: its source, or the file for an image of
    /// the front matter's note.
    pub fn place_image(d: Diagnostic, piece: &Piece, image: &ImageRef) -> Diagnostic {
        if image.in_note {
            d.in_file(&piece.path)
        } else {
            Self::place(d, piece, image.src_at)
        }
    }
}
