//! The print engine: fonts, shaping, hyphenation, line breaking and pagination, and the
//! composition of the whole book into pages (see `../shared/design/architecture.md`).
//!
//! One algorithm a file: `shape` (rustybuzz), `hyphenate` (Liang's patterns), `linebreak`
//! (Knuth–Plass), `paragraph` (styled text to set lines), `paginate` (total-fit page
//! breaking); then `flow`, `opening`, `front` and `compose` build the book from the IR.

pub mod cache;
pub mod compose;
pub mod flow;
pub mod fonts;
pub mod front;
pub mod geometry;
pub mod hyphenate;
pub mod images;
pub mod linebreak;
pub mod opening;
pub mod paginate;
pub mod paragraph;
pub mod printer;
pub mod shape;
pub mod text;

use std::path::Path;
use std::sync::Arc;

use crate::diag::{Diagnostic, Diagnostics};
use crate::doc::Document;
use crate::manuscript::Book;
use crate::page::{self, Layout, Typeset};

use self::cache::TypesetCache;
use self::fonts::FontSet;
use self::geometry::Geometry;
use self::text::{Typesetter, TypesetterShared};

/// Typeset the book into pages, widening the gutter if the page count asks for it, and
/// apply and check the printer profile's rules.
pub fn typeset(book: &Book, doc: &Document, timestamp: i64) -> Result<Typeset, Diagnostics> {
    typeset_cached(book, doc, timestamp, None)
}

/// [`typeset`], taking what it can from `cache` (the last build's setting of unchanged
/// pieces) and leaving this build's setting there for the next.
pub fn typeset_cached(
    book: &Book,
    doc: &Document,
    timestamp: i64,
    cache: Option<&TypesetCache>,
) -> Result<Typeset, Diagnostics> {
    if let Some(cache) = cache {
        cache.begin();
    }
    let result = typeset_passes(book, doc, timestamp, cache);
    if let Some(cache) = cache {
        cache.end();
    }
    result
}

fn typeset_passes(
    book: &Book,
    doc: &Document,
    timestamp: i64,
    cache: Option<&TypesetCache>,
) -> Result<Typeset, Diagnostics> {
    let profile = book.print.profile;
    let mut print = book.print.clone();
    let mut result = typeset_with(book, doc, timestamp, &print, cache)?;
    // A thick book needs a wider gutter; widen it (when the book leaves it to folio) and
    // set again, a few times at most since more margin can mean more pages.
    for _ in 0..3 {
        let need = printer::min_gutter(result.0.layout.pages.len());
        if book.print.margins.inner.is_some() || result.1.inner + 0.01 >= need {
            break;
        }
        print.margins.inner = Some(need);
        result = typeset_with(book, doc, timestamp, &print, cache)?;
    }
    let (mut typeset, geometry) = result;
    printer::apply(profile, &mut typeset.layout);
    let errors = printer::check(profile, &geometry, &print, &typeset.layout);
    if errors.has_errors() {
        return Err(errors);
    }
    Ok(typeset)
}

fn typeset_with(
    book: &Book,
    doc: &Document,
    timestamp: i64,
    print: &crate::manuscript::PrintSettings,
    cache: Option<&TypesetCache>,
) -> Result<(Typeset, Geometry), Diagnostics> {
    let mut warnings = Diagnostics::default();
    let geometry = Geometry::from_settings(print).map_err(|message| {
        Diagnostics::from(
            Diagnostic::error(message)
                .in_file(Path::new("manuscript/book.yaml"))
                .hint("adjust `print:` in book.yaml (trim, margins, font-size)"),
        )
    })?;
    let fonts = load_fonts(book)?;
    check_coverage(&fonts, doc, book, &mut warnings);
    let language = &book.meta.language;
    let (fonts, shared) = match cache {
        Some(cache) => cache.engine(fonts, language, &book.print),
        None => {
            let fonts = Arc::new(fonts);
            let shared = TypesetterShared::new(fonts.clone(), language, &book.print);
            (fonts, Arc::new(shared))
        }
    };
    let images = images::Images::load(book, doc, geometry.measure(), &mut warnings, cache);
    let body = compose::compose_body(book, doc, &geometry, &shared, &images, cache);
    let mut ts = Typesetter::new(&shared);
    let (front, contents_page) = front::front_matter(&mut ts, &geometry, book, doc, &body);
    let page_starts = body.page_starts.clone();
    let (pages, outline) = compose::finish(body, front, contents_page, doc);
    let layout = Layout {
        width: geometry.width,
        height: geometry.height,
        pages,
        fonts: fonts.embedded_fonts(),
        images: images.embedded,
        outline,
        title: book.meta.title.clone(),
        author: (!book.meta.authors.is_empty()).then(|| book.meta.authors.join(", ")),
        language: book.meta.language.clone(),
        subject: book.meta.description.clone(),
        timestamp,
        print: page::PrintSetup {
            bleed: book.print.bleed.unwrap_or(0.0),
            bleed_all_edges: false,
            pdfx: book.print.pdfx,
        },
    };
    Ok((
        Typeset {
            layout,
            warnings,
            page_starts,
        },
        geometry,
    ))
}

/// The book's own fonts if its `fonts/` folder has them, else the built-in EB Garamond.
fn load_fonts(book: &Book) -> Result<FontSet, Diagnostics> {
    if book.fonts.is_empty() {
        return Ok(FontSet::builtin());
    }
    let pick = |want: &dyn Fn(&str) -> bool| {
        book.fonts.iter().find(|p| {
            let name = p
                .file_stem()
                .map(|s| s.to_string_lossy().to_lowercase())
                .unwrap_or_default();
            want(&name)
        })
    };
    let regular = pick(&|n| !n.contains("bold") && !n.contains("italic"));
    let italic = pick(&|n| n.contains("italic") && !n.contains("bold"));
    let bold = pick(&|n| n.contains("bold") && !n.contains("italic"));
    let bold_italic = pick(&|n| n.contains("bold") && n.contains("italic"));
    let read = |p: Option<&std::path::PathBuf>| -> Result<Option<Vec<u8>>, Diagnostics> {
        match p {
            None => Ok(None),
            Some(p) => std::fs::read(book.root.join(p)).map(Some).map_err(|e| {
                Diagnostics::from(
                    Diagnostic::error(format!("cannot read font `{}`: {e}", p.display()))
                        .in_file(p),
                )
            }),
        }
    };
    let Some(regular_bytes) = read(regular)? else {
        return Err(Diagnostics::from(
            Diagnostic::error("fonts/ has no regular face")
                .in_file(Path::new("fonts"))
                .hint("add a font file whose name has neither `bold` nor `italic` in it (e.g. Book-Regular.ttf), or remove fonts/ to use the built-in EB Garamond"),
        ));
    };
    // A missing face falls back to the nearest one the book has.
    let italic_bytes = read(italic)?.unwrap_or_else(|| regular_bytes.clone());
    let bold_bytes = read(bold)?.unwrap_or_else(|| regular_bytes.clone());
    let bold_italic_bytes = read(bold_italic)?.unwrap_or_else(|| bold_bytes.clone());
    FontSet::from_files(regular_bytes, italic_bytes, bold_bytes, bold_italic_bytes).map_err(|message| {
        let file = regular.map(|p| p.as_path()).unwrap_or(Path::new("fonts"));
        Diagnostics::from(
            Diagnostic::error(format!("the book's fonts cannot be used: {message}"))
                .in_file(file)
                .hint("fonts/ must hold TrueType or OpenType files; remove it to use the built-in EB Garamond"),
        )
    })
}

/// Warn, with file and line, about characters no font of the book can show.
fn check_coverage(fonts: &FontSet, doc: &Document, book: &Book, warnings: &mut Diagnostics) {
    for (piece, source) in doc.pieces().zip(book.pieces()) {
        let text = format!("{}\n{}", source.meta.title, source.body);
        for c in fonts.missing_chars(&text) {
            let (line, column) = match source.body.find(c) {
                Some(offset) => {
                    let (l, col) = crate::diag::line_col(&source.body, offset);
                    (l + source.body_line - 1, col)
                }
                None => (1, 1),
            };
            let line_text = source
                .body
                .lines()
                .nth(line.saturating_sub(source.body_line))
                .map(str::to_owned);
            let mut d = Diagnostic::warning(format!("no font of the book has the character `{c}` (U+{:04X})", c as u32))
                .hint("add a font to fonts/ that has it, or replace the character; the PDF will show a blank");
            d.location = Some(crate::diag::Location {
                file: piece.path.clone(),
                line,
                column,
            });
            d.source_line = line_text;
            warnings.push(d);
        }
    }
}

#[cfg(test)]
mod quality_tests;
