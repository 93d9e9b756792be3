//! The print engine: fonts, shaping, hyphenation, line breaking and pagination, and the
//! composition of the whole book into pages (see docs/ARCHITECTURE.md).
//!
//! One algorithm a file: `shape` (rustybuzz), `hyphenate` (Liang's patterns), `linebreak`
//! (Knuth–Plass), `paragraph` (styled text to set lines), `paginate` (total-fit page
//! breaking); then `flow`, `opening`, `front` and `compose` build the book from the IR.

pub mod bidi;
pub mod cache;
pub mod compose;
pub mod coverage;
pub mod fit;
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
pub mod segment;
pub mod shape;
pub mod text;

use std::path::Path;
use std::sync::Arc;

use crate::diag::{Diagnostic, Diagnostics};
use crate::doc::{links, Document};
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
    let (mut typeset, geometry, first_pages) = result;
    printer::apply(profile, &mut typeset.layout);
    let mut errors = printer::check(profile, &geometry, &print, &typeset.layout);
    let pieces: Vec<_> = book.pieces().collect();
    let rules = profile.rules();
    // A setting that breaks the profile's margins is reported at its key, once, rather
    // than on every page it spoils.
    if !errors.has_errors() {
        errors.extend(fit::check(
            &typeset.layout,
            &geometry,
            rules,
            &pieces,
            &first_pages,
        ));
    }
    if errors.has_errors() {
        return Err(errors);
    }
    typeset.warnings.extend(errors);
    Ok(typeset)
}

/// The families of the faces these pages set text in, in the font set's order, each once:
/// what the copyright page says the book is set in.
fn typefaces(fonts: &FontSet, pages: &[page::Page]) -> Vec<String> {
    let mut used = std::collections::BTreeSet::new();
    for page in pages {
        for item in &page.items {
            if let page::PageItem::Text(run) = item {
                used.insert(run.font.0);
            }
        }
    }
    let mut families: Vec<String> = Vec::new();
    for id in used {
        if let Some(family) = u16::try_from(id)
            .ok()
            .and_then(|i| fonts.family(fonts::FaceId(i)))
        {
            if !families.contains(&family) {
                families.push(family);
            }
        }
    }
    families
}

fn typeset_with(
    book: &Book,
    doc: &Document,
    timestamp: i64,
    print: &crate::manuscript::PrintSettings,
    cache: Option<&TypesetCache>,
) -> Result<(Typeset, Geometry, Vec<usize>), Diagnostics> {
    let mut warnings = Diagnostics::default();
    let progression = page::Progression::of_language(&book.meta.language);
    let geometry = Geometry::from_settings(print)
        .map_err(|message| {
            Diagnostics::from(
                Diagnostic::error(message)
                    .in_file(Path::new("manuscript/book.yaml"))
                    .hint("adjust `print:` in book.yaml (trim, margins, font-size)"),
            )
        })?
        .turning(progression);
    let fonts = load_fonts(book, doc, &mut warnings)?;
    check_coverage(&fonts, book, &mut warnings);
    link_warnings(doc, book, &mut warnings);
    let language = &book.meta.language;
    let (fonts, shared) = match cache {
        Some(cache) => cache.engine(fonts, language, &book.print),
        None => {
            let fonts = Arc::new(fonts);
            let shared = TypesetterShared::new(fonts.clone(), language, &book.print);
            (fonts, Arc::new(shared))
        }
    };
    ornament_warnings(&shared, &book.print, &mut warnings);
    let images = images::Images::load(book, doc, geometry.measure(), &mut warnings, cache)?;
    let mut ts = Typesetter::new(&shared);
    let furniture = front::furniture_len(&mut ts, &geometry, book, doc);
    let mut body = compose::compose_body(book, doc, &geometry, &shared, &images, cache, furniture);
    body.typefaces = typefaces(&fonts, &body.pages);
    let (front, contents_page) = front::front_matter(&mut ts, &geometry, book, doc, &body);
    debug_assert_eq!(
        front.len(),
        furniture,
        "the furniture's length was foreseen"
    );
    let page_starts = body.page_starts.clone();
    let body_firsts: Vec<usize> = body.divisions.iter().flat_map(|d| d.1.clone()).collect();
    let front_len = front.len();
    let first_pages = body_firsts.iter().map(|p| p + front_len).collect();
    let (pages, outline) = compose::finish(body, front, contents_page, doc);
    warn_forced_breaks(&shared.take_forced_breaks(), book, &mut warnings);
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
        progression,
        subject: book.meta.description.clone(),
        timestamp,
        print: page::PrintSetup {
            bleed: book.print.bleed.unwrap_or(0.0),
            bleed_all_edges: false,
            pdfx: book.print.pdfx,
            // The interior is printed in black ink.
            cmyk_ink_limit: None,
            output_condition: None,
            cream_paper: book.print.cream_paper(),
        },
    };
    Ok((
        Typeset {
            layout,
            warnings,
            page_starts,
        },
        geometry,
        first_pages,
    ))
}

/// What the page's ornaments could not do in the book's faces: a scene break's characters
/// no face has (the asterism stands in), a lead-in without true small capitals.
fn ornament_warnings(
    shared: &TypesetterShared,
    print: &crate::manuscript::PrintSettings,
    warnings: &mut Diagnostics,
) {
    let missing = &shared.scene_break.missing;
    if !missing.is_empty() {
        let chars: String = missing
            .iter()
            .map(|c| format!("U+{:04X} ", *c as u32))
            .collect();
        warnings.push(
            print.places.at(
                "scene-break",
                Diagnostic::warning(format!(
                    "no face of the book has {}for `scene-break`: scene breaks print the asterism",
                    chars
                ))
                .hint("choose a mark the body face has, or add a font that has it to fonts/"),
            ),
        );
    }
    if shared.lead_in && !shared.true_small_caps {
        warnings.push(print.places.at(
            "lead-in",
            Diagnostic::warning(
                "the body face has no small capitals (OpenType `smcp`): lead-ins are set in smaller capitals",
            )
            .hint("use a face with small capitals, or `lead-in: none`"),
        ));
    }
}

/// The book's own fonts if its `fonts/` folder has them (faces chosen by their own tables,
/// see [`fonts::choose`]; the other families are the fallback chain), else the built-in EB
/// Garamond. A style the text uses that the book's family has no face for is a warning: it
/// prints in the face it borrows.
fn load_fonts(
    book: &Book,
    doc: &Document,
    warnings: &mut Diagnostics,
) -> Result<FontSet, Diagnostics> {
    if book.fonts.is_empty() {
        return Ok(FontSet::builtin());
    }
    let (set, choice) = FontSet::from_book(&book.fonts, &book.print.fonts).map_err(|(message, face)| {
        Diagnostics::from(
            Diagnostic::error(format!("the book's fonts cannot be used: {message}"))
                .in_file(&book.fonts[face].path)
                .hint("fonts/ must hold TrueType or OpenType files; remove it to use the built-in EB Garamond"),
        )
    })?;
    // Without a Latin family of the book's own, EB Garamond is the body and has every style.
    let Some(choice) = choice else {
        return Ok(set);
    };
    let family = &book.fonts[choice.faces[0]].family;
    let used = styles_used(doc);
    for style in [
        fonts::Style::Italic,
        fonts::Style::Bold,
        fonts::Style::BoldItalic,
    ] {
        if !choice.own[style.index()] && used[style.index()] {
            let borrowed = &book.fonts[choice.faces[style.index()]];
            warnings.push(
                Diagnostic::warning(format!(
                    "fonts/ has no {} face of {family}: that text prints in `{}`",
                    style.label(),
                    borrowed.path.display()
                ))
                .in_file(Path::new("fonts"))
                .hint(format!(
                    "add the {} face of {family} to fonts/",
                    style.label()
                )),
            );
        }
    }
    Ok(set)
}

/// Which styles the text sets (emphasis, strong, both), in [`fonts::Style::ALL`] order.
fn styles_used(doc: &Document) -> [bool; 4] {
    use crate::doc::{Block, Inline};
    fn inlines(list: &[Inline], italic: bool, bold: bool, used: &mut [bool; 4]) {
        for inline in list {
            match inline {
                Inline::Emph(inner) => inlines(inner, true, bold, used),
                Inline::Strong(inner) => inlines(inner, italic, true, used),
                Inline::Text(t) if !t.trim().is_empty() => {
                    used[fonts::Style::new(italic, bold).index()] = true
                }
                Inline::Strike(inner)
                | Inline::SmallCaps(inner)
                | Inline::Sup(inner)
                | Inline::Sub(inner)
                | Inline::Span { content: inner, .. }
                | Inline::Link { content: inner, .. } => inlines(inner, italic, bold, used),
                _ => {}
            }
        }
    }
    fn blocks(list: &[Block], used: &mut [bool; 4]) {
        for block in list {
            match block {
                Block::Heading { content, .. } | Block::Paragraph(content) => {
                    inlines(content, false, false, used)
                }
                Block::Quote(inner) => blocks(inner, used),
                Block::List { items, .. } => items.iter().for_each(|i| blocks(i, used)),
                Block::Table { head, rows, .. } => head
                    .iter()
                    .chain(rows.iter().flatten())
                    .for_each(|cell| inlines(cell, false, false, used)),
                _ => {}
            }
        }
    }
    let mut used = [false; 4];
    for piece in doc.pieces() {
        blocks(&piece.blocks, &mut used);
        blocks(&piece.note, &mut used);
        piece
            .notes
            .iter()
            .for_each(|n| blocks(&n.blocks, &mut used));
    }
    used
}

/// Warn, at its line, about every link of the text that print leaves out (a link goes
/// where `compose::print_target` says). The wording of a link to nowhere is `folio check`'s
/// lint's, so that `check` shows the two as one.
fn link_warnings(doc: &Document, book: &Book, warnings: &mut Diagnostics) {
    let docs: Vec<_> = doc.pieces().collect();
    let find = |p: &Path| docs.iter().position(|piece| piece.path == p);
    for (piece, source) in docs.iter().zip(book.pieces()) {
        let mut alike = crate::diag::Alike::default();
        for (url, offset) in &piece.source.links {
            let shown = url.trim();
            let d = match links::resolve(url, &piece.path, find) {
                links::Target::Piece { .. } => continue,
                links::Target::External if links::prints_as_uri(url) => continue,
                links::Target::External => Diagnostic::warning(format!(
                    "link `{shown}` is left out of the PDF: print links only to {} addresses",
                    links::PRINT_SCHEMES.join(", ")
                ))
                .hint("the EPUB keeps the link; the PDF prints its text without one"),
                // The parser dropped it from the IR, with a warning at its place.
                links::Target::OtherScheme(_) => continue,
                links::Target::Nowhere => {
                    Diagnostic::warning(format!("link `{shown}` points at no piece of the book"))
                        .hint(
                            "link to another piece by its Markdown file (e.g. \
                     `../reviews/january.md`, relative to this file), or give a full \
                     `https://` address; as it is, the link text is printed without a link",
                        )
                }
            };
            alike.push(warnings, d, |d| {
                crate::doc::source::SourceMap::place(d, source, *offset)
            });
        }
        alike.finish(warnings);
    }
}

/// Warn, with file and line, about the scripts no font of the book can show: one warning
/// per piece per script, with the count and the first place (see [`coverage`]).
fn check_coverage(fonts: &FontSet, book: &Book, warnings: &mut Diagnostics) {
    for source in book.pieces() {
        let text = format!("{}\n{}", source.meta.title, source.body);
        let skip = source.meta.title.len() + 1;
        for missing in coverage::missing_scripts(fonts, &text) {
            let d = Diagnostic::warning(missing.message()).hint(missing.hint());
            // Placed as every diagnostic is: a capped excerpt of the line, not all of it.
            let d = match missing.offset.checked_sub(skip) {
                Some(offset) => crate::doc::source::SourceMap::place(d, source, offset),
                None => d.in_file(&source.path),
            };
            warnings.push(d);
        }
    }
}

/// Warn, with file and line, about each word so long that no line could hold it, which the
/// engine broke between two letters as a last resort.
fn warn_forced_breaks(forced: &[text::Forced], book: &Book, warnings: &mut Diagnostics) {
    for broken in forced {
        let word = match broken {
            text::Forced::Word(word) => word,
            text::Forced::NoteCalls => {
                let d = Diagnostic::warning(
                    "a run of note calls with no space between them is wider than the line \
                     and was broken between two calls",
                )
                .hint("put the calls where the notes belong, or gather them into one note");
                // Two references back to back, in the first piece that has them.
                let found = book
                    .pieces()
                    .find_map(|piece| Some((piece, piece.body.find("][^")? + 1)));
                warnings.push(match found {
                    Some((piece, at)) => crate::doc::source::SourceMap::place(d, piece, at),
                    None => d,
                });
                continue;
            }
        };
        let mut d = Diagnostic::warning(format!(
            "`{}` is wider than the line and was broken between two letters",
            shorten(word)
        ))
        .hint("mark where it may break with a soft hyphen (&shy;) or a zero-width space (U+200B), or shorten it");
        // The engine's text may differ from the source (curly quotes, dashes): look for
        // the word, else its start.
        let prefix: String = word.chars().take(12).collect();
        let found = book.pieces().find_map(|piece| {
            let at = piece
                .body
                .find(word.as_str())
                .or_else(|| piece.body.find(&prefix))?;
            Some((piece, at))
        });
        if let Some((piece, at)) = found {
            d = crate::doc::source::SourceMap::place(d, piece, at);
        }
        warnings.push(d);
    }
}

/// A long word as a warning shows it: its start and end.
fn shorten(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    if chars.len() <= 60 {
        return word.to_owned();
    }
    let head: String = chars[..40].iter().collect();
    let tail: String = chars[chars.len() - 12..].iter().collect();
    format!("{head}…{tail}")
}

#[cfg(test)]
mod quality_tests;
