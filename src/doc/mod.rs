//! The document IR: the format-neutral text of the book, shared by both editions.
//!
//! Built once per piece from pulldown-cmark events (see [`parse`]); the EPUB and the PDF
//! render the same values, so a piece can never say one thing in one edition and another in
//! the other.

pub mod apparatus;
pub mod direction;
pub mod links;
pub mod names;
pub mod ornaments;
mod parse;
pub mod quotes;
pub mod source;
pub mod strings;
pub mod visit;
pub mod words;

use std::path::PathBuf;

use crate::diag::Diagnostics;
use crate::manuscript::{Book, Matter, PieceMeta};

pub use parse::{markdown_options, parse_inlines, parse_piece};

/// The whole book's text, in reading order.
#[derive(Debug, Clone)]
pub struct Document {
    pub divisions: Vec<DivisionDoc>,
    /// Warnings found while parsing (raw HTML dropped, unused footnotes, ...).
    pub warnings: Diagnostics,
}

/// A part (with its title) or a run of pieces outside any part.
#[derive(Debug, Clone)]
pub struct DivisionDoc {
    pub part: Option<String>,
    /// The label both editions set over a part's title ("Part One", "Teil II"), when the
    /// division is a part: parts are numbered in reading order.
    pub part_label: Option<String>,
    /// Front matter, body or back matter (book.yaml's `front:`, `contents:`, `back:`).
    pub matter: Matter,
    /// Stable id, unique in the book ("part-1"); used for file names and anchors.
    pub id: String,
    pub pieces: Vec<PieceDoc>,
}

/// One piece of the anthology.
#[derive(Debug, Clone)]
pub struct PieceDoc {
    /// Stable id, unique in the book ("piece-3"); used for file names and anchors.
    pub id: String,
    /// Where it came from, relative to the book root.
    pub path: PathBuf,
    pub meta: PieceMeta,
    /// The title, subtitle and standfirst as inline text (smart punctuation applied).
    pub title: Vec<Inline>,
    pub subtitle: Option<Vec<Inline>>,
    pub standfirst: Option<Vec<Inline>>,
    /// The authors joined in the book's language ("A, B and C"), as both editions print it.
    pub byline: Option<String>,
    /// "Translated by ..." in the book's language, when the piece names a translator.
    pub translated_by: Option<String>,
    /// The place and the date the piece was written ("Paris, 14 January 2015"), the date in
    /// the book's language: both editions print this, never the front matter's raw date.
    pub dateline: Option<String>,
    /// The author's own note that opens the piece, set apart from it (front matter `note`).
    pub note: Vec<Block>,
    pub blocks: Vec<Block>,
    /// Footnotes in the order of their first reference; `NoteRef(n)` points at `notes[n-1]`.
    pub notes: Vec<Footnote>,
    /// Where its images, links and headings are in the source (see [`source`]).
    pub source: source::SourceMap,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading {
        level: u8,
        content: Vec<Inline>,
        /// Anchor id, unique within the piece ("ties-to-is").
        id: String,
    },
    Paragraph(Vec<Inline>),
    Quote(Vec<Block>),
    List {
        /// `Some(n)`: numbered from n; `None`: bulleted.
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Table {
        aligns: Vec<Align>,
        head: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    Code {
        lang: Option<String>,
        text: String,
    },
    Image {
        /// As written in the Markdown, relative to the book root.
        src: String,
        alt: String,
        title: String,
    },
    /// A section break (`***`).
    Rule,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    None,
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text(String),
    Emph(Vec<Inline>),
    Strong(Vec<Inline>),
    Strike(Vec<Inline>),
    SmallCaps(Vec<Inline>),
    /// Superscript and subscript (from raw HTML `<sup>`, `<sub>`: "1<sup>st</sup>", "H<sub>2</sub>O").
    Sup(Vec<Inline>),
    Sub(Vec<Inline>),
    Code(String),
    Link {
        url: String,
        content: Vec<Inline>,
    },
    /// A reference to footnote number n (1-based) of the same piece.
    NoteRef(usize),
    /// A hard line break.
    Break,
    /// Text in a language (or a direction) of its own, from raw HTML `<span lang="fr">`,
    /// `<span dir="rtl">`: the EPUB marks it so, print hyphenates and shapes it in that
    /// language. `lang` is a checked BCP 47 tag.
    Span {
        lang: Option<String>,
        dir: Option<Dir>,
        content: Vec<Inline>,
    },
}

impl Inline {
    /// The inlines this one contains (emphasis, a link, a span...), `None` for a leaf (text,
    /// code, a note call, a break): the one list of containers every walk follows.
    pub fn children(&self) -> Option<&[Inline]> {
        match self {
            Inline::Emph(c)
            | Inline::Strong(c)
            | Inline::Strike(c)
            | Inline::SmallCaps(c)
            | Inline::Sup(c)
            | Inline::Sub(c)
            | Inline::Span { content: c, .. }
            | Inline::Link { content: c, .. } => Some(c),
            Inline::Text(_) | Inline::Code(_) | Inline::NoteRef(_) | Inline::Break => None,
        }
    }

    /// [`Self::children`], to rewrite them in place.
    pub fn children_mut(&mut self) -> Option<&mut [Inline]> {
        match self {
            Inline::Emph(c)
            | Inline::Strong(c)
            | Inline::Strike(c)
            | Inline::SmallCaps(c)
            | Inline::Sup(c)
            | Inline::Sub(c)
            | Inline::Span { content: c, .. }
            | Inline::Link { content: c, .. } => Some(c),
            Inline::Text(_) | Inline::Code(_) | Inline::NoteRef(_) | Inline::Break => None,
        }
    }
}

/// A writing direction given in the text (`dir="rtl"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dir {
    Ltr,
    Rtl,
}

impl Dir {
    /// The attribute's value.
    pub fn as_str(self) -> &'static str {
        match self {
            Dir::Ltr => "ltr",
            Dir::Rtl => "rtl",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Footnote {
    pub number: usize,
    pub label: String,
    pub blocks: Vec<Block>,
}

/// Parse every piece of the book (in parallel) into the document IR.
pub fn build(book: &Book) -> Result<Document, Diagnostics> {
    use rayon::prelude::*;
    let mut diags = Diagnostics::default();
    let mut divisions = Vec::new();
    let mut piece_index = 0;
    let mut jobs = Vec::new();
    for (d, division) in book.divisions.iter().enumerate() {
        for piece in &division.pieces {
            piece_index += 1;
            jobs.push((d, format!("piece-{piece_index}"), piece));
        }
    }
    let parsed: Vec<_> = jobs
        .par_iter()
        .map(|(d, id, piece)| (*d, parse_piece(piece, id)))
        .collect();
    let mut parts = 0;
    for (d, division) in book.divisions.iter().enumerate() {
        let part_label = division.part.as_ref().map(|_| {
            parts += 1;
            strings::part_label(&book.meta.language, parts)
        });
        divisions.push(DivisionDoc {
            part: division.part.clone(),
            part_label,
            matter: division.matter,
            id: format!("part-{}", d + 1),
            pieces: Vec::new(),
        });
    }
    for (d, result) in parsed {
        let (mut piece, piece_diags) = result;
        piece.byline = names::join(&piece.meta.author, &book.meta.language);
        piece.translated_by = names::translated_by(&piece.meta.translator, &book.meta);
        piece.dateline = dateline(&piece.meta, &book.meta.language);
        localise_quotes(&mut piece, &book.meta);
        diags.extend(piece_diags);
        divisions[d].pieces.push(piece);
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let (back, back_diags) = apparatus::back_matter(book, &divisions);
    diags.extend(back_diags);
    divisions.extend(back);
    Ok(Document {
        divisions,
        warnings: diags,
    })
}

/// The piece's quotation marks in its language's convention (and the book's `quotes:`), a
/// `<span lang>`'s in the span's, in every text of it either edition prints.
fn localise_quotes(piece: &mut PieceDoc, book: &crate::manuscript::Metadata) {
    let language = piece.meta.language.as_deref().unwrap_or(&book.language);
    let marks = quotes::marks_for(language, book.quotes);
    if marks.is_none()
        && !quotes::has_span_marks(&piece.blocks, &piece.notes, book.quotes)
        && !quotes::has_span_marks(&piece.note, &[], book.quotes)
    {
        return;
    }
    let PieceDoc {
        title,
        subtitle,
        standfirst,
        note,
        blocks,
        notes,
        ..
    } = piece;
    let mut inlines = vec![title];
    inlines.extend(subtitle.as_mut());
    inlines.extend(standfirst.as_mut());
    quotes::localise(
        marks,
        book.quotes,
        quotes::Texts {
            inlines,
            blocks: vec![note, blocks],
            notes,
        },
    );
}

/// The dateline both editions print: the place, then the date in `language`.
fn dateline(meta: &crate::manuscript::PieceMeta, language: &str) -> Option<String> {
    let date = meta
        .date
        .as_deref()
        .map(|d| strings::written_date(language, d));
    let parts: Vec<String> = [meta.dateline.clone(), date]
        .into_iter()
        .flatten()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

impl Document {
    pub fn pieces(&self) -> impl Iterator<Item = &PieceDoc> {
        self.divisions.iter().flat_map(|d| d.pieces.iter())
    }
}

/// The plain text of some inlines (for titles in metadata, outlines, running heads).
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    visit::inlines(inlines, &mut |inline| match inline {
        Inline::Text(t) | Inline::Code(t) => out.push_str(t),
        Inline::Break => out.push(' '),
        _ => {}
    });
    out
}
