//! Book furniture: half-title, title page, copyright page, contents and part title pages.
//!
//! These pages are drawn directly, not poured through pagination: each is a composition of
//! a few centred or ranged lines at set heights, as a designer would lay them out. Front
//! matter pages are numbered in roman (the page labels say so) but print no folio, except
//! the contents, which does, at its foot.

use super::compose::Body;
use super::geometry::Geometry;
use super::text::{Align, Line, ParaOpts, Run, Typesetter};
use crate::doc::strings::{self, Word};
use crate::doc::{plain_text, Document};
use crate::manuscript::Book;
use crate::page::{GlyphRun, LinkTarget, Page, PageItem};

/// Put a set line's runs on the page, its origin at (`x`, `y`).
fn place(page: &mut Page, line: Line, x: f32, y: f32) {
    for run in line.runs {
        page.items.push(PageItem::Text(GlyphRun {
            x: x + run.x,
            y: y + run.y,
            ..run
        }));
    }
}

/// Centre lines of text on the page at baseline `y`; returns the y below the last line.
fn centred(
    ts: &mut Typesetter,
    page: &mut Page,
    g: &Geometry,
    index: usize,
    runs: &[Run],
    y: f32,
    leading: f32,
) -> f32 {
    let opts = ParaOpts::display(g.measure(), Align::Center, leading);
    let left = g.left(index);
    let mut y = y;
    for line in ts.set_balanced(runs, &opts) {
        place(page, line, left, y);
        y -= leading;
    }
    y
}

pub fn part_page(
    ts: &mut Typesetter,
    g: &Geometry,
    label: &str,
    title: &str,
    index: usize,
) -> Page {
    let mut page = Page {
        items: Vec::new(),
        folio: Some((index + 1).to_string()),
    };
    // Set in small capitals, so given in lower case.
    let label = label.to_lowercase();
    let size = g.font_size;
    let y = g.block_top() - g.capacity() * 0.3;
    let y = centred(
        ts,
        &mut page,
        g,
        index,
        &[Run {
            small_caps: true,
            ..Run::plain(&label, size)
        }],
        y,
        g.leading * 2.0,
    );
    centred(
        ts,
        &mut page,
        g,
        index,
        &[Run::plain(title, size * 2.2)],
        y - g.leading * 0.5,
        size * 2.6,
    );
    page
}

/// The front matter, given the laid-out body (for the contents' page numbers). Returns the
/// pages and the index of the first contents page.
pub fn front_matter(
    ts: &mut Typesetter,
    g: &Geometry,
    book: &Book,
    doc: &Document,
    body: &Body,
) -> (Vec<Page>, usize) {
    let m = &book.meta;
    let size = g.font_size;
    let mut pages = Vec::new();
    let new_page = |index: usize| Page {
        items: Vec::new(),
        folio: Some(crate::roman::format(index + 1)),
    };

    // i: half-title
    let mut half = new_page(0);
    centred(
        ts,
        &mut half,
        g,
        0,
        &[Run::plain(&m.title, size * 1.4)],
        g.block_top() - g.capacity() * 0.25,
        size * 1.8,
    );
    pages.push(half);
    // ii: blank
    pages.push(new_page(1));
    // iii: title page
    let mut title = new_page(2);
    let y = centred(
        ts,
        &mut title,
        g,
        2,
        &[Run::plain(&m.title, size * 2.3)],
        g.block_top() - g.capacity() * 0.18,
        size * 2.7,
    );
    let mut y = y - g.leading * 0.5;
    if let Some(subtitle) = &m.subtitle {
        y = centred(
            ts,
            &mut title,
            g,
            2,
            &[Run {
                italic: true,
                ..Run::plain(subtitle, size * 1.3)
            }],
            y,
            size * 1.7,
        );
    }
    // The authors, then "Edited by ...", each centred under the last.
    let mut y = y - g.leading * 3.0;
    for credit in crate::doc::names::book_credits(m) {
        y = centred(
            ts,
            &mut title,
            g,
            2,
            &[Run {
                small_caps: true,
                ..Run::plain(&credit, size * 1.2)
            }],
            y,
            g.leading * 1.4,
        ) - g.leading * 0.5;
    }
    if let Some(publisher) = &m.publisher {
        let foot = g.block_top() - g.capacity() + g.leading;
        centred(
            ts,
            &mut title,
            g,
            2,
            &[Run {
                small_caps: true,
                ..Run::plain(publisher, size)
            }],
            foot,
            g.leading,
        );
    }
    pages.push(title);
    // iv: copyright, set small at the foot of the page
    pages.push(copyright_page(ts, g, book, &body.typefaces, new_page(3)));
    // v...: contents
    let contents_first = pages.len();
    let folio = |index: usize| body.folios.folio(index);
    contents(ts, g, book, doc, &body.divisions, &folio, &mut pages);
    if pages.len() % 2 == 1 {
        let index = pages.len();
        pages.push(new_page(index));
    }
    (pages, contents_first)
}

/// How many pages the furniture (half-title to the contents, padded to an even count) takes:
/// the front matter's pieces follow it, so their roman folios are known before the body is
/// laid out. The contents' length depends on its entries, not on their page numbers.
pub fn furniture_len(ts: &mut Typesetter, g: &Geometry, book: &Book, doc: &Document) -> usize {
    let unplaced: Vec<(Option<usize>, Vec<usize>)> = doc
        .divisions
        .iter()
        .map(|d| (d.part.as_ref().map(|_| 0), vec![0; d.pieces.len()]))
        .collect();
    let mut pages = Vec::new();
    for i in 0..4 {
        pages.push(Page {
            items: Vec::new(),
            folio: Some(crate::roman::format(i + 1)),
        });
    }
    contents(ts, g, book, doc, &unplaced, &|i| i.to_string(), &mut pages);
    pages.len() + pages.len() % 2
}

fn copyright_page(
    ts: &mut Typesetter,
    g: &Geometry,
    book: &Book,
    typefaces: &[String],
    mut page: Page,
) -> Page {
    let m = &book.meta;
    let size = g.font_size * 0.82;
    let leading = g.leading * 0.86;
    let mut lines: Vec<Run> = Vec::new();
    lines.push(Run {
        italic: true,
        ..Run::plain(&m.title, size)
    });
    if let Some(s) = &m.subtitle {
        lines.push(Run {
            italic: true,
            ..Run::plain(s, size)
        });
    }
    for credit in crate::doc::names::book_credits(m) {
        lines.push(Run::plain(&credit, size));
    }
    lines.push(Run::plain("", size));
    if let Some(date) = &m.date {
        lines.push(Run::plain(
            &format!(
                "Published {}",
                strings::date(&m.language, date.year, date.month, date.day)
            ),
            size,
        ));
    }
    if let Some(p) = &m.publisher {
        lines.push(Run::plain(&format!("by {p}"), size));
    }
    if let Some(r) = &m.rights {
        lines.push(Run::plain(r, size));
    }
    lines.push(Run::plain("", size));
    if let Some(isbn) = &m.isbn.print {
        lines.push(Run::plain(&format!("ISBN {isbn} (print)"), size));
    }
    if let Some(isbn) = &m.isbn.ebook {
        lines.push(Run::plain(&format!("ISBN {isbn} (e-book)"), size));
    }
    // An identifier a reader can use (a DOI, an ISBN's URN) is printed; a `urn:uuid:` is
    // for reading systems and stores, and means nothing on paper.
    if !m.identifier.to_ascii_lowercase().starts_with("urn:uuid:") {
        lines.push(Run::plain(&m.identifier, size));
    }
    lines.push(Run::plain("", size));
    let set_in = match typefaces {
        [] => "Typeset with folio".to_owned(),
        faces => format!(
            "Typeset with folio in {}",
            crate::doc::names::join(faces, &m.language).unwrap_or_default()
        ),
    };
    lines.push(Run::plain(&set_in, size));
    let opts = ParaOpts::display(g.measure(), Align::start(g.right_to_left()), leading);
    let left = g.left(3);
    // Set first, then stand the block on the foot of the page: a long title or rights line
    // takes several lines, and the last line must still end inside the frame.
    let set: Vec<Vec<Line>> = lines
        .iter()
        .map(|run| {
            if run.text.is_empty() {
                Vec::new()
            } else {
                ts.set(std::slice::from_ref(run), &opts)
            }
        })
        .collect();
    let count: usize = set.iter().map(|l| l.len().max(1)).sum();
    let mut y = (g.block_top() - g.capacity() + leading * (count as f32 - 1.0))
        .min(g.block_top() - leading);
    for entry in set {
        if entry.is_empty() {
            y -= leading;
        }
        for line in entry {
            place(&mut page, line, left, y);
            y -= leading;
        }
    }
    page
}

/// The contents: parts in small capitals, pieces with their page numbers in a column at the
/// lines' end (the right; the left in a right-to-left book, whose titles range right);
/// titles that run long wrap with the number on their last line.
fn contents(
    ts: &mut Typesetter,
    g: &Geometry,
    book: &Book,
    doc: &Document,
    divisions: &[(Option<usize>, Vec<usize>)],
    folio: &dyn Fn(usize) -> String,
    pages: &mut Vec<Page>,
) {
    let size = g.font_size;
    let number_column = 3.0 * size;
    let rtl = g.right_to_left();
    let mut index = pages.len();
    let mut page = Page {
        items: Vec::new(),
        folio: Some(crate::roman::format(index + 1)),
    };
    let top = g.block_top() - g.leading * 4.0;
    let mut y = centred(
        ts,
        &mut page,
        g,
        index,
        &[Run {
            small_caps: true,
            ..Run::plain(
                &strings::word(&book.meta, Word::Contents).to_lowercase(),
                size * 1.3,
            )
        }],
        top,
        g.leading,
    ) - g.leading * 1.5;
    let floor = g.block_top() - g.capacity();
    for (division, (part_page, firsts)) in doc.divisions.iter().zip(divisions) {
        let mut entries: Vec<(Vec<Run>, usize, bool)> = Vec::new();
        if let (Some(title), Some(p)) = (&division.part, part_page) {
            entries.push((
                vec![Run {
                    small_caps: true,
                    ..Run::plain(&title.to_lowercase(), size)
                }],
                *p,
                true,
            ));
        }
        for (piece, &first) in division.pieces.iter().zip(firsts) {
            // A dedication or an epigraph is not listed: it is a page, not a piece to find.
            if piece
                .meta
                .role
                .is_some_and(super::compose::is_display_piece)
            {
                continue;
            }
            // As an anthology's contents is set: the title, then its byline in italic (the
            // same joined names the EPUB's contents shows).
            let mut runs = vec![Run::plain(&plain_text(&piece.title), size)];
            if let Some(byline) = &piece.byline {
                runs.push(Run::plain("\u{2003}", size));
                runs.push(Run {
                    italic: true,
                    ..Run::plain(byline, size)
                });
            }
            entries.push((runs, first, false));
        }
        for (runs, target, is_part) in entries {
            if is_part {
                y -= g.leading * 0.5;
            }
            let indent = if is_part || division.part.is_none() {
                0.0
            } else {
                size
            };
            let width = g.measure() - number_column - indent;
            let opts = ParaOpts::display(width, Align::start(rtl), g.leading);
            let lines = ts.set(&runs, &opts);
            if y - g.leading * (lines.len() as f32 - 1.0) < floor {
                place_folio(ts, g, &mut page, index);
                pages.push(page);
                index = pages.len();
                page = Page {
                    items: Vec::new(),
                    folio: Some(crate::roman::format(index + 1)),
                };
                y = g.block_top() - g.leading;
            }
            let left = g.left(index);
            let first_y = y;
            let n = lines.len();
            for (i, line) in lines.into_iter().enumerate() {
                // a hanging indent for the turnover lines of a long title
                let hang = if i > 0 { size } else { 0.0 };
                let x = if rtl {
                    g.measure() - indent - hang - width
                } else {
                    indent + hang
                };
                place(&mut page, line, left + x, y);
                if i + 1 < n {
                    y -= g.leading;
                }
            }
            let folio = folio(target);
            let opts = ParaOpts::display(g.measure(), Align::end(rtl), g.leading);
            for line in ts
                .set(&[Run::plain(&folio, size)], &opts)
                .into_iter()
                .take(1)
            {
                place(&mut page, line, left, y);
            }
            let height = first_y - y + g.leading;
            page.items.push(PageItem::Link {
                x: left,
                y: y - g.leading * 0.3,
                width: g.measure(),
                height,
                target: LinkTarget::Internal {
                    page: target,
                    y: g.height,
                },
            });
            y -= g.leading;
        }
    }
    place_folio(ts, g, &mut page, index);
    pages.push(page);
}

/// A front-matter folio, centred at the foot.
fn place_folio(ts: &mut Typesetter, g: &Geometry, page: &mut Page, index: usize) {
    let folio = page.folio.clone().unwrap_or_default();
    let y = g.foot_baseline();
    centred(
        ts,
        page,
        g,
        index,
        &[Run::plain(&folio, g.font_size * 0.9)],
        y,
        g.leading,
    );
}
