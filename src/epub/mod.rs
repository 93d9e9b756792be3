//! The EPUB 3 edition.
//!
//! Method: render every page of the book to XHTML first (cover, title page, copyright page,
//! contents, a title page per part, one document per piece), together with one tree of the
//! book's structure (part -> piece -> section) that feeds the nav, the contents page and the
//! NCX alike. epub-builder then packages the documents in reading order, and the result is
//! re-packed (see [`package`]) with folio's own OPF metadata and nav, a fixed entry order and a
//! single timestamp, so the same book and timestamp always give the same bytes.
//!
//! Files, one job each: [`xhtml`] (escaping, IR -> XHTML), [`anchors`] (heading ids),
//! [`piece`] (a piece's document), [`pages`] (the pages folio writes itself), [`nav`],
//! [`opf`] (metadata, NCX fixes), [`links`] (where links and images point), [`assets`]
//! (images), [`cover`], [`package`] (epub-builder + zip), and `style.css`.

mod anchors;
mod assets;
mod cover;
mod links;
mod nav;
mod opf;
mod package;
mod pagelist;
mod pages;
mod piece;
mod raster;
mod xhtml;

use epub_builder::ReferenceType;

use crate::diag::{Diagnostic, Diagnostics};
use crate::doc::{plain_text, Block, Document};
use crate::edition::{Edition, RenderContext, Rendered};
use crate::manuscript::{Book, Matter};

use anchors::Anchors;
use links::{BookLinks, PieceLinks, Target};
use nav::{Landmark, NavPoint};
use package::{ContentDoc, Contents, TocEntry};

/// The style sheet every document links to.
const STYLE: &str = include_str!("style.css");

const OPF_ENTRY: &str = "OEBPS/content.opf";
const NAV_ENTRY: &str = "OEBPS/nav.xhtml";
const NCX_ENTRY: &str = "OEBPS/toc.ncx";

/// The EPUB 3 edition, as `build` sees it: writes `<slug>.epub`.
pub struct EpubEdition;

impl Edition for EpubEdition {
    fn name(&self) -> &'static str {
        "epub"
    }

    fn render(&self, ctx: &RenderContext) -> Result<Rendered, Diagnostics> {
        // The print edition's pages, for the page-list. If the book cannot be typeset, the
        // PDF edition reports why; the e-book is still whole without page numbers.
        let starts = ctx
            .typeset()
            .map(|t| t.page_starts.clone())
            .unwrap_or_default();
        match render_with_pages(ctx.book, ctx.doc, ctx.timestamp, &starts) {
            Ok(bytes) => Ok(Rendered::one(
                format!("{}.epub", ctx.book.slug()),
                bytes,
                Diagnostics::default(),
            )),
            Err(message) => Err(Diagnostics::from(Diagnostic::error(format!(
                "EPUB edition: {message}"
            )))),
        }
    }
}

/// Render the book as a complete EPUB 3 file.
///
/// `timestamp` (seconds since the Unix epoch) is the only time written: `dcterms:modified` and
/// every zip entry's date. Errors are messages for the user, each saying what to fix.
pub fn render(book: &Book, doc: &Document, timestamp: i64) -> Result<Vec<u8>, String> {
    render_with_pages(book, doc, timestamp, &[])
}

/// The EPUB with the print edition's page breaks marked where `starts` says each printed
/// page begins, and a page-list nav of them.
pub fn render_with_pages(
    book: &Book,
    doc: &Document,
    timestamp: i64,
    starts: &[crate::page::PageStart],
) -> Result<Vec<u8>, String> {
    let marks = pagelist::PageMarks::new(starts);
    let mut meta = book.meta.clone();
    if meta.language.trim().is_empty() {
        meta.language = "en".into();
    }
    let lang = meta.language.clone();
    // The contents' heading in the book's language, as the print edition's contents says it.
    let contents_title = crate::doc::strings::word(&meta, crate::doc::strings::Word::Contents);

    let cover = cover::load(book)?;
    let images = assets::collect(book, doc)?;
    // Heading ids for the whole book first, so a link into another piece lands on the id
    // that piece will really carry.
    let links = BookLinks {
        images: &images,
        targets: doc
            .pieces()
            .map(|p| Target {
                path: p.path.clone(),
                file: piece::file_name(p),
                anchors: Anchors::for_blocks(piece::block_groups(p)),
            })
            .collect(),
    };
    let Body {
        docs: body,
        mut tree,
        page_list,
        body_start,
    } = body(doc, &lang, &links, &marks, &book.print);
    let front_start = doc
        .divisions
        .iter()
        .any(|d| d.matter == Matter::Front)
        .then(|| body.first().map(|d| d.file.clone()))
        .flatten();
    let body_start = body.get(body_start).map(|d| d.file.clone());
    // Each front or back matter piece is a landmark of its kind (dedication, foreword...).
    let roles: Vec<Landmark> = doc
        .pieces()
        .filter_map(|p| {
            let role = p.meta.role?;
            Some(Landmark {
                epub_type: role.epub_type(),
                href: piece::file_name(p),
                title: plain_text(&p.title),
            })
        })
        .collect();
    if tree.is_empty() {
        // A book with no pieces still needs a non-empty toc.
        tree.push(NavPoint::new(pages::TITLE_PAGE, meta.title.clone()));
    }

    let front = |file: &str, xhtml: String, reftype| ContentDoc {
        file: file.to_string(),
        xhtml,
        toc: None,
        reftype: Some(reftype),
    };
    let mut docs = vec![
        front(
            cover::PAGE,
            cover::page(&lang, &cover),
            ReferenceType::Cover,
        ),
        front(
            pages::TITLE_PAGE,
            pages::title_page(&meta),
            ReferenceType::TitlePage,
        ),
        front(
            pages::COPYRIGHT_PAGE,
            pages::copyright_page(&meta),
            ReferenceType::Copyright,
        ),
        front(
            pages::CONTENTS_PAGE,
            pages::contents_page(&lang, &contents_title, &tree),
            ReferenceType::Toc,
        ),
    ];
    docs.extend(body);

    let back_start = doc
        .divisions
        .iter()
        .filter(|d| d.matter == Matter::Back)
        .flat_map(|d| d.pieces.first())
        .chain(
            doc.pieces()
                .filter(|p| p.meta.role.is_some_and(is_back_matter)),
        )
        .next()
        .map(piece::file_name);
    let mut nav_doc = nav::render(
        &lang,
        &contents_title,
        &tree,
        &landmarks(&contents_title, front_start, body_start, back_start, roles),
    );
    if !page_list.is_empty() {
        if let Some(at) = nav_doc.rfind("</body>") {
            nav_doc.insert_str(at, &pagelist::nav(&page_list));
        }
    }
    let a11y = opf::Accessibility {
        has_images: doc
            .pieces()
            .any(|p| piece::block_groups(p).into_iter().any(has_image)),
        all_images_have_alt: images.all_have_alt,
        has_notes: doc.pieces().any(|p| !p.notes.is_empty()),
        has_page_list: !marks.is_empty(),
        has_tables: doc
            .pieces()
            .any(|p| piece::block_groups(p).into_iter().any(has_table)),
        other_languages: other_languages(doc, &lang),
    };
    let metadata = opf::metadata(&meta, &contributors(book, doc), timestamp, &a11y, true);
    let identifier = opf::identifier(&meta);
    let depth = tree.iter().map(depth).max().unwrap_or(1);

    let raw = package::assemble(&Contents {
        docs,
        cover: &cover.image,
        resources: &images.files,
        stylesheet: STYLE,
        toc_name: &contents_title,
    })?;
    // Put folio's OPF metadata, nav and NCX fixes in place of epub-builder's while re-packing.
    let mut fixed = 0;
    let fixes = [OPF_ENTRY, NAV_ENTRY, NCX_ENTRY];
    let epub = package::repack(&raw, timestamp, &fixes, |name, bytes| {
        let as_text = |bytes: Vec<u8>| {
            String::from_utf8(bytes)
                .map_err(|_| format!("epub-builder wrote `{name}` not as UTF-8"))
        };
        Ok(match name {
            OPF_ENTRY => {
                fixed += 1;
                let opf = opf::patch_opf(&as_text(bytes)?, &lang, &metadata)?;
                // A right-to-left book turns its pages the other way.
                if crate::doc::direction::book_direction(&lang) == crate::doc::Dir::Rtl {
                    opf.replace(
                        "page-progression-direction=\"ltr\"",
                        "page-progression-direction=\"rtl\"",
                    )
                } else {
                    opf
                }
                .into_bytes()
            }
            NAV_ENTRY => {
                fixed += 1;
                nav_doc.clone().into_bytes()
            }
            NCX_ENTRY => {
                fixed += 1;
                let ncx = as_text(bytes)?;
                let pages = pagelist::ncx(&page_list, opf::last_play_order(&ncx));
                opf::patch_ncx(&ncx, &identifier, depth, &meta.title, &pages)?.into_bytes()
            }
            _ => bytes,
        })
    })?;
    if fixed != 3 {
        return Err(format!(
            "epub-builder's package lacks {OPF_ENTRY}, {NAV_ENTRY} or {NCX_ENTRY}: its layout changed; update src/epub/mod.rs"
        ));
    }
    Ok(epub)
}

/// The body of the book in reading order, and the tree of its structure.
struct Body {
    docs: Vec<ContentDoc>,
    tree: Vec<NavPoint>,
    /// (file, folio) of every print page marked, in reading order.
    page_list: Vec<(String, String)>,
    /// The index in `docs` of the body's first document (after the front matter).
    body_start: usize,
}

/// Part pages and pieces in reading order; the first is marked as the start of the text.
fn body(
    doc: &Document,
    lang: &str,
    links: &BookLinks,
    marks: &pagelist::PageMarks,
    print: &crate::manuscript::PrintSettings,
) -> Body {
    let mut docs: Vec<ContentDoc> = Vec::new();
    let mut tree: Vec<NavPoint> = Vec::new();
    let mut page_list = Vec::new();
    let mut index = 0;
    for (division_index, division) in doc.divisions.iter().enumerate() {
        let part = division.part.as_deref().map(|title| {
            let file = format!("{}.xhtml", anchors::ncname(&division.id));
            let folio = marks.parts.get(&division_index);
            if let Some(folio) = folio {
                page_list.push((file.clone(), folio.clone()));
            }
            docs.push(ContentDoc {
                file: file.clone(),
                xhtml: pages::part_page(
                    lang,
                    division.part_label.as_deref().unwrap_or_default(),
                    title,
                    folio.map(String::as_str),
                ),
                toc: Some(TocEntry {
                    title: xhtml::clean(title),
                    level: 1,
                    children: Vec::new(),
                }),
                reftype: None,
            });
            let mut point = NavPoint::new(file, title);
            point.is_part = true;
            point
        });
        let mut points = Vec::new();
        for p in &division.pieces {
            let resolve = PieceLinks { book: links, index };
            let piece_marks = piece::Marks {
                opening: marks.openings.get(&index).cloned(),
                text: marks.text.get(&index).cloned().unwrap_or_default(),
                matter: match division.matter {
                    Matter::Front => Some("frontmatter"),
                    Matter::Back => Some("backmatter"),
                    Matter::Body => None,
                },
            };
            let r = piece::render(
                p,
                lang,
                &resolve,
                &links.targets[index].anchors,
                &piece_marks,
                print,
            );
            if let Some(folio) = &piece_marks.opening {
                page_list.push((r.file.clone(), folio.clone()));
            }
            for (_, _, folio) in &piece_marks.text {
                page_list.push((r.file.clone(), folio.clone()));
            }
            index += 1;
            let sections: Vec<(String, String)> = r
                .sections
                .iter()
                .map(|(id, title)| (format!("{}#{id}", r.file), title.clone()))
                .collect();
            let mut point = NavPoint::new(r.file.clone(), r.title.clone());
            point.byline = p.byline.clone();
            point.children = sections
                .iter()
                .map(|(href, title)| NavPoint::new(href.clone(), title.clone()))
                .collect();
            points.push(point);
            docs.push(ContentDoc {
                file: r.file,
                xhtml: r.xhtml,
                toc: Some(TocEntry {
                    title: xhtml::clean(&r.title),
                    // In a part, a piece sits one level down in the NCX.
                    level: if part.is_some() { 2 } else { 1 },
                    children: sections
                        .into_iter()
                        .map(|(href, title)| (href, xhtml::clean(&title)))
                        .collect(),
                }),
                reftype: None,
            });
        }
        match part {
            Some(mut part) => {
                part.children = points;
                tree.push(part);
            }
            None => tree.extend(points),
        }
    }
    // The start of the text is the body's first document, after the front matter.
    let front_docs: usize = doc
        .divisions
        .iter()
        .filter(|d| d.matter == Matter::Front)
        .map(|d| d.pieces.len())
        .sum();
    let start = if front_docs < docs.len() {
        front_docs
    } else {
        0
    };
    if let Some(first) = docs.get_mut(start) {
        first.reftype = Some(ReferenceType::Text);
    }
    Body {
        docs,
        tree,
        page_list,
        body_start: start,
    }
}

/// Whether a piece of this role stands after the body (afterword, appendix, the pages folio
/// makes from book.yaml).
fn is_back_matter(role: crate::manuscript::Role) -> bool {
    use crate::manuscript::Role::*;
    matches!(
        role,
        Afterword | Epilogue | Acknowledgements | Appendix | Contributors | Permissions
    )
}

/// The landmarks: cover, title page, contents, the starts of the front matter, the text and
/// the back matter, then each front and back matter piece by its role.
fn landmarks(
    contents_title: &str,
    front_start: Option<String>,
    body_start: Option<String>,
    back_start: Option<String>,
    roles: Vec<Landmark>,
) -> Vec<Landmark> {
    let mut landmarks = vec![
        Landmark {
            epub_type: "cover",
            href: cover::PAGE.into(),
            title: "Cover".into(),
        },
        Landmark {
            epub_type: "titlepage",
            href: pages::TITLE_PAGE.into(),
            title: "Title page".into(),
        },
        Landmark {
            epub_type: "toc",
            href: pages::CONTENTS_PAGE.into(),
            title: contents_title.into(),
        },
    ];
    if let Some(start) = front_start {
        landmarks.push(Landmark {
            epub_type: "frontmatter",
            href: start,
            title: "Front matter".into(),
        });
    }
    if let Some(start) = body_start {
        landmarks.push(Landmark {
            epub_type: "bodymatter",
            href: start,
            title: "Start of the text".into(),
        });
    }
    if let Some(back) = back_start {
        landmarks.push(Landmark {
            epub_type: "backmatter",
            href: back,
            title: "Back matter".into(),
        });
    }
    landmarks.extend(roles);
    landmarks
}

fn depth(point: &NavPoint) -> usize {
    1 + point.children.iter().map(depth).max().unwrap_or(0)
}

/// The languages pieces declare other than the book's, each once, in reading order.
fn other_languages(doc: &Document, book: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in doc.pieces() {
        if let Some(tag) = p.meta.language.as_deref().map(str::trim) {
            if !tag.eq_ignore_ascii_case(book) && !out.iter().any(|t| t.eq_ignore_ascii_case(tag)) {
                out.push(tag.to_string());
            }
        }
    }
    out
}

fn has_table(blocks: &[Block]) -> bool {
    let mut found = false;
    crate::doc::visit::each_block(blocks, &mut |b| {
        found |= matches!(b, Block::Table { .. });
    });
    found
}

fn has_image(blocks: &[Block]) -> bool {
    blocks.iter().any(|b| match b {
        Block::Image { .. } => true,
        Block::Quote(inner) => has_image(inner),
        Block::List { items, .. } => items.iter().any(|i| has_image(i)),
        _ => false,
    })
}

/// The pieces' people for the OPF, each once, in reading order, with their relator role:
/// authors not among the book's own (`aut`), then translators (`trl`).
fn contributors(book: &Book, doc: &Document) -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, &'static str)> = Vec::new();
    let mut add = |name: &str, role: &'static str| {
        let name = name.trim();
        let known = name.is_empty()
            || (role == "aut" && book.meta.authors.iter().any(|a| a.trim() == name))
            || out.iter().any(|(n, r)| n == name && *r == role);
        if !known {
            out.push((name.to_string(), role));
        }
    };
    for p in doc.pieces() {
        for name in &p.meta.author {
            add(name, "aut");
        }
    }
    for p in doc.pieces() {
        for name in &p.meta.translator {
            add(name, "trl");
        }
    }
    out
}

#[cfg(test)]
mod tests;
