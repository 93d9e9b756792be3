//! `manuscript/book.yaml`: the book's metadata and contents (stub, being written).
use std::path::{Path, PathBuf};

use super::paths::BookRoot;
use crate::diag::Diagnostics;

#[derive(Debug, Clone, Default)]
pub struct Metadata {
    pub title: String,
    pub subtitle: Option<String>,
    /// The book's authors; empty when the book has none (never invented).
    pub authors: Vec<String>,
    pub editor: Option<String>,
    pub publisher: Option<String>,
    pub rights: Option<String>,
    pub description: Option<String>,
    pub date: Option<BookDate>,
    /// BCP 47 tag, "en" by default.
    pub language: String,
    /// A URN or `urn:uuid:...`; derived from title and authors when absent.
    pub identifier: String,
    pub isbn: Isbn,
    pub subjects: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BookDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

/// ISBNs as written (hyphens kept), checksums already validated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Isbn {
    pub ebook: Option<String>,
    pub print: Option<String>,
}

/// The `print:` map: settings of the PDF edition. Every field is optional; the typesetter
/// supplies the defaults.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PrintSettings {
    /// Trim size preset or "WxH" with a unit ("6x9in", "148x210mm").
    pub trim: Option<String>,
    /// Body type size in points.
    pub font_size: Option<f32>,
    /// Baseline-to-baseline distance in points.
    pub leading: Option<f32>,
    /// Margins in points: top, bottom, inner (gutter), outer.
    pub margins: Option<[f32; 4]>,
    /// false: ragged right.
    pub justify: Option<bool>,
    /// "oldstyle" or "lining".
    pub figures: Option<String>,
    /// Words with their hyphenation points marked: "ty-po-graph-ic".
    pub hyphenation_exceptions: Vec<String>,
}

/// What `book.yaml` says, before the contents are resolved against the disk.
pub struct Parsed {
    pub meta: Metadata,
    pub print: PrintSettings,
    pub contents: Option<Vec<super::contents::Entry>>,
    pub cover: Option<(PathBuf, usize, usize)>,
}

pub fn parse(_file: &Path, _text: &str, _diags: &mut Diagnostics) -> Option<Parsed> {
    todo!()
}

pub fn resolve_cover(
    _root: &BookRoot,
    _cover: Option<&(PathBuf, usize, usize)>,
    _diags: &mut Diagnostics,
) -> Option<PathBuf> {
    todo!()
}
