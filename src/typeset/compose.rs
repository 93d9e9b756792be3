//! The book: pieces paginated and placed on pages, with the furniture around them.
//!
//! Pieces are independent until here (each opens on a recto), so their flows are built and
//! paginated in parallel. Then the body is laid out in order: a part's title page on a recto
//! with a blank verso behind it, each piece on a recto (a blank verso before it if needed,
//! truly blank: no head, no folio), running heads (verso: the book's title; recto: the
//! piece's) and folios on every other page. The front matter comes last because the contents
//! page needs the body's page numbers; it is padded to an even length so the body's page 1
//! is a recto. Links and outline entries are resolved once every page has its index.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use super::cache::TypesetCache;
use super::flow::{
    baseline_in, note_part, Dest, Drawing, Flow, FlowBuilder, NOTE_BASELINE, NOTE_LEADING_SCALE,
};
use super::front;
use super::geometry::Geometry;
use super::opening;
use super::paginate::{fill_offsets, note_lines, paginate, snap_to_grid, PageFrame, PageSlice};
use super::text::{Align, ParaOpts, Run, Typesetter, TypesetterShared};
use crate::doc::{links, plain_text, Document, PieceDoc};
use crate::manuscript::{Book, Head, Matter, Opening, Role};
use crate::page::{GlyphRun, LinkTarget, OutlineEntry, Page, PageItem};
use crate::page::{PageAt, PageStart};

use crate::manuscript::FURNITURE_SCALE as HEAD_SCALE;

/// A piece, set and paginated.
pub struct SetPiece {
    flow: Flow,
    slices: Vec<PageSlice>,
}

/// A piece's setting as this build holds it: its own, whose drawings move onto the pages,
/// or shared with the watch cache ([`TypesetCache`]), whose drawings are copied.
enum Setting {
    Owned(SetPiece),
    Shared(Arc<SetPiece>),
}

impl Setting {
    fn piece(&self) -> &SetPiece {
        match self {
            Setting::Owned(sp) => sp,
            Setting::Shared(sp) => sp,
        }
    }

    fn take_drawing(&mut self, item: usize) -> Drawing {
        match self {
            Setting::Owned(sp) => std::mem::take(&mut sp.flow.drawings[item]),
            Setting::Shared(sp) => sp.flow.drawings[item].clone(),
        }
    }

    /// A footnote's drawing and height. The head of a note continued overleaf is a copy:
    /// the next page takes the note again for its tail.
    fn note(&mut self, note: usize, head_only: bool) -> Option<(Drawing, f32)> {
        if head_only {
            return self.piece().flow.notes.get(note).cloned();
        }
        self.take_note(note)
    }

    fn take_note(&mut self, note: usize) -> Option<(Drawing, f32)> {
        match self {
            Setting::Owned(sp) => sp
                .flow
                .notes
                .get_mut(note)
                .map(|(d, h)| (std::mem::take(d), *h)),
            Setting::Shared(sp) => sp.flow.notes.get(note).cloned(),
        }
    }
}

/// A link waiting for its destination's page.
struct PendingLink {
    page: usize,
    rect: [f32; 4],
    piece: usize,
    dest: Dest,
}

/// Body pages under construction, with what the front matter and outline need to know.
pub struct Body {
    pub pages: Vec<Page>,
    /// For each division: its part's page (if it has a part) and its pieces' first pages.
    pub divisions: Vec<(Option<usize>, Vec<usize>)>,
    links: Vec<PendingLink>,
    /// (piece, Dest::Note(n) or NoteCall(n)) -> (page, y of the top)
    anchors: HashMap<(usize, u8, usize), (usize, f32)>,
    /// (piece, heading id) -> (page, y of the top of the heading's first line)
    headings: HashMap<(usize, String), (usize, f32)>,
    /// Each piece's first page and the top of its text block: where a link to it goes.
    piece_starts: Vec<(usize, f32)>,
    /// Where each page with text begins, for the EPUB's page-list.
    pub page_starts: Vec<PageStart>,
    /// How the pages' folios read (roman in the front matter).
    pub folios: Folios,
    /// The families of the faces the body's text is set in, for the copyright page.
    pub typefaces: Vec<String>,
}

pub fn compose_body(
    book: &Book,
    doc: &Document,
    g: &Geometry,
    shared: &TypesetterShared,
    images: &super::images::Images,
    cache: Option<&TypesetCache>,
    front_offset: usize,
) -> Body {
    let pieces: Vec<&PieceDoc> = doc.pieces().collect();
    let frame = PageFrame {
        capacity: g.capacity(),
        leading: g.leading,
        note_separator: note_separator(g),
        note_leading: g.leading * NOTE_LEADING_SCALE,
        starts_on_recto: true,
    };
    let kept = match cache {
        Some(cache) => cache.lookup(g, images.placements(), &pieces),
        None => vec![None; pieces.len()],
    };
    let reused: Vec<bool> = kept.iter().map(Option::is_some).collect();
    let mut set: Vec<Setting> = pieces
        .par_iter()
        .zip(kept)
        .map(|(piece, kept)| match kept {
            Some(sp) => Setting::Shared(sp),
            None if cache.is_some() => Setting::Shared(Arc::new(set_piece(
                piece,
                g,
                shared,
                images,
                &frame,
                &book.meta.language,
            ))),
            None => Setting::Owned(set_piece(
                piece,
                g,
                shared,
                images,
                &frame,
                &book.meta.language,
            )),
        })
        .collect();
    if let Some(cache) = cache {
        let settings = pieces
            .iter()
            .zip(&set)
            .zip(reused)
            .filter_map(|((piece, s), reused)| match s {
                Setting::Shared(sp) => Some((*piece, sp.clone(), reused)),
                Setting::Owned(_) => None,
            })
            .collect();
        cache.store(g, images.placements(), settings);
    }

    let mut body = Body {
        pages: Vec::new(),
        divisions: Vec::new(),
        links: Vec::new(),
        anchors: HashMap::new(),
        headings: HashMap::new(),
        piece_starts: Vec::new(),
        page_starts: Vec::new(),
        folios: Folios {
            front_offset,
            body_start: None,
        },
        typefaces: Vec::new(),
    };
    let mut piece_index = 0;
    let mut opened: HashMap<&str, usize> = HashMap::new();
    let mut ts = Typesetter::new(shared);
    let heads = Heads::new(book, doc);
    // Each head is fitted to its room once, not on every page it heads.
    let book_title = fit_title(&mut ts, g, &book.meta.title, None);
    for (number, division) in doc.divisions.iter().enumerate() {
        if division.matter != Matter::Front && body.folios.body_start.is_none() {
            // The body's page 1 is a recto, whatever `opening` says.
            pad_to_recto(&mut body.pages, &body.folios);
            body.folios.body_start = Some(body.pages.len());
        }
        let part_page = division.part.as_ref().map(|title| {
            pad_to_recto(&mut body.pages, &body.folios);
            let index = body.pages.len();
            let label = division.part_label.as_deref().unwrap_or_default();
            let mut page = front::part_page(&mut ts, g, label, title, index);
            page.folio = Some(body.folios.folio(index));
            body.pages.push(page);
            body.page_starts.push(PageStart {
                folio: body.folios.folio(index),
                at: PageAt::Part(number),
            });
            // the part title's verso stays blank
            body.pages.push(blank_page(body.pages.len(), &body.folios));
            index
        });
        // A head naming the part, or the book when the division is in none.
        let part_head = match &division.part {
            Some(title) => fit_title(&mut ts, g, title, None),
            None => book_title.clone(),
        };
        let mut firsts = Vec::new();
        for piece in &division.pieces {
            // Front matter opens on a recto, as parts do; `opening: any` is for the pieces.
            if book.print.opening == Opening::Recto || division.matter == Matter::Front {
                pad_to_recto(&mut body.pages, &body.folios);
            }
            let first = body.pages.len();
            firsts.push(first);
            let generated = piece.meta.role.is_some_and(|r| r.is_generated());
            if generated {
                // The pages folio makes from book.yaml come after every piece they cite: set
                // them again, now with those pieces' page numbers.
                let with_pages = with_page_numbers(book, doc, piece, &opened, &body.folios);
                set[piece_index] = Setting::Owned(set_piece(
                    &with_pages,
                    g,
                    shared,
                    images,
                    &frame,
                    &book.meta.language,
                ));
            }
            opened.insert(piece.id.as_str(), first);
            // Each item's drawing is moved onto its page, not copied: a long book's glyphs
            // would otherwise be held twice.
            let setting = &mut set[piece_index];
            let (verso_head, recto_head) = heads.texts(&mut ts, g, piece, &book_title, &part_head);
            // A dedication or an epigraph is a page to itself: no head, no folio.
            let headless = piece.meta.role.is_some_and(is_display_piece);
            body.piece_starts.push((first, g.block_top()));
            let slices = setting.piece().slices.clone();
            for (i, slice) in slices.iter().enumerate() {
                let index = body.pages.len();
                let mut page = Page {
                    items: Vec::new(),
                    folio: Some(body.folios.folio(index)),
                };
                // Where the page starts in the text, read before the slice's drawings are
                // moved onto the page.
                let at = if i == 0 {
                    Some(PageAt::Opening(piece_index))
                } else if generated {
                    // Its print text has page numbers the e-book's has not: word positions
                    // would not match, so only its opening is marked.
                    None
                } else {
                    first_source(setting.piece(), slice).map(|(block, word)| PageAt::Text {
                        piece: piece_index,
                        block,
                        word,
                    })
                };
                place_slice(&mut page, &mut body, setting, slice, g, index, piece_index);
                if let Some(at) = at {
                    body.page_starts.push(PageStart {
                        folio: body.folios.folio(index),
                        at,
                    });
                }
                if i > 0 && !headless {
                    let head = if index % 2 == 1 {
                        &verso_head
                    } else {
                        &recto_head
                    };
                    running_head(&mut ts, &mut page, g, index, head);
                }
                body.pages.push(page);
            }
            piece_index += 1;
        }
        body.divisions.push((part_page, firsts));
    }
    if body.folios.body_start.is_none() {
        body.folios.body_start = Some(body.pages.len());
    }
    body
}

/// Whether a piece of this role is set as display, centred on a page of its own with no
/// title, head or folio (a dedication, an epigraph).
pub fn is_display_piece(role: Role) -> bool {
    matches!(role, Role::Dedication | Role::Epigraph)
}

/// How each page's folio reads: the front matter (the furniture, then `front:`'s pieces) in
/// lower-case roman counted from the first page, the body from 1 on its first page.
#[derive(Debug, Clone, Copy)]
pub struct Folios {
    /// The pages of furniture (half-title to contents) before the body's first page.
    front_offset: usize,
    /// The body's page 1, counted in body pages; `None` while the front matter is set.
    body_start: Option<usize>,
}

impl Folios {
    /// The folio of body page `index` (counted from the first page after the contents).
    pub fn folio(&self, index: usize) -> String {
        match self.body_start {
            Some(start) if index >= start => (index - start + 1).to_string(),
            _ => crate::roman::format(self.front_offset + index + 1),
        }
    }
}

/// The running heads' choice (`print.running-heads`, or folio's default for the book).
struct Heads {
    verso: Head,
    recto: Head,
}

impl Heads {
    fn new(book: &Book, doc: &Document) -> Heads {
        // A book whose pieces have their own authors heads its versos with them (an
        // anthology's convention); a book by one hand, with its own title.
        let per_piece_authors = doc.pieces().any(|p| p.byline.is_some());
        let chosen = book.print.running_heads;
        Heads {
            verso: chosen.verso.unwrap_or(if per_piece_authors {
                Head::Author
            } else {
                Head::Book
            }),
            recto: chosen.recto.unwrap_or(Head::Title),
        }
    }

    /// The fitted texts of a piece's verso and recto heads.
    fn texts(
        &self,
        ts: &mut Typesetter,
        g: &Geometry,
        piece: &PieceDoc,
        book_title: &str,
        part_head: &str,
    ) -> (String, String) {
        let mut text = |head: Head| match head {
            Head::Book => book_title.to_owned(),
            Head::Part => part_head.to_owned(),
            Head::Author => match &piece.byline {
                Some(byline) => fit_title(ts, g, byline, None),
                None => book_title.to_owned(),
            },
            Head::Title => fit_title(
                ts,
                g,
                &plain_text(&piece.title),
                piece.meta.short_title.as_deref(),
            ),
        };
        (text(self.verso), text(self.recto))
    }
}

/// A page folio makes from book.yaml ("About the contributors", permissions), its blocks
/// made again with the print page of every piece it cites.
fn with_page_numbers(
    book: &Book,
    doc: &Document,
    piece: &PieceDoc,
    opened: &HashMap<&str, usize>,
    folios: &Folios,
) -> PieceDoc {
    use crate::doc::apparatus;
    let cited: Vec<&PieceDoc> = doc
        .pieces()
        .filter(|p| !p.meta.role.is_some_and(|r| r.is_generated()))
        .collect();
    let folio = |id: &str| opened.get(id).map(|&i| folios.folio(i));
    let blocks = match piece.meta.role {
        Some(Role::Contributors) => apparatus::contributors_blocks(book, &cited, Some(&folio)),
        Some(Role::Permissions) => apparatus::permissions_blocks(book, &cited, Some(&folio)),
        _ => piece.blocks.clone(),
    };
    PieceDoc {
        blocks,
        ..piece.clone()
    }
}

/// Set one piece and break it into pages. Pieces are independent: each opens on a recto.
fn set_piece(
    piece: &PieceDoc,
    g: &Geometry,
    shared: &TypesetterShared,
    images: &super::images::Images,
    frame: &PageFrame,
    book_language: &str,
) -> SetPiece {
    let mut ts = Typesetter::new(shared);
    // The piece's title and opening are in its language too: shaped and hyphenated so.
    ts.set_language(piece.meta.language.as_deref());
    let mut fb = FlowBuilder::new(&mut ts, g);
    let language = piece.meta.language.as_deref().unwrap_or(book_language);
    fb.english = language == "en" || language.starts_with("en-");
    // One direction for all of the piece, the EPUB's: each paragraph's base level.
    let direction = crate::doc::direction::piece_direction(piece, book_language);
    fb.ts.set_direction(Some(direction));
    fb.rtl = direction == crate::doc::Dir::Rtl;
    fb.flow.rtl = fb.rtl;
    fb.images = Some(images);
    if piece.meta.role.is_some_and(is_display_piece) {
        opening::display_piece(&mut fb, piece);
    } else {
        opening::piece_opening(&mut fb, piece);
        fb.body(piece);
    }
    // The rights line and the source, as the e-book prints them at the piece's end.
    let credit = crate::doc::apparatus::rights_line(&piece.meta);
    if !credit.is_empty() {
        opening::source_credit(&mut fb, &credit);
    }
    let flow = fb.flow;
    let heights: Vec<f32> = flow.notes.iter().map(|n| n.1).collect();
    let slices = paginate(&flow.items, &heights, frame);
    SetPiece { flow, slices }
}

/// Turn body pages and front matter into the final page list, resolving links.
pub fn finish(
    mut body: Body,
    mut front_pages: Vec<Page>,
    contents_page: usize,
    doc: &Document,
) -> (Vec<Page>, Vec<OutlineEntry>) {
    let offset = front_pages.len();
    let pieces: Vec<&PieceDoc> = doc.pieces().collect();
    for link in std::mem::take(&mut body.links) {
        let target = match &link.dest {
            Dest::Url(u) => print_target(&body, &pieces, link.piece, u).map(|t| match t {
                LinkTarget::Internal { page, y } => LinkTarget::Internal {
                    page: page + offset,
                    y,
                },
                external => external,
            }),
            Dest::Note(n) => {
                body.anchors
                    .get(&(link.piece, 0, *n))
                    .map(|&(p, y)| LinkTarget::Internal {
                        page: p + offset,
                        y,
                    })
            }
            Dest::NoteCall(n) => {
                body.anchors
                    .get(&(link.piece, 1, *n))
                    .map(|&(p, y)| LinkTarget::Internal {
                        page: p + offset,
                        y,
                    })
            }
        };
        if let Some(target) = target {
            let [x, y, width, height] = link.rect;
            body.pages[link.page].items.push(PageItem::Link {
                x,
                y,
                width,
                height,
                target,
            });
        }
    }
    // Contents links point into the body: shift them too.
    for page in &mut front_pages {
        for item in &mut page.items {
            if let PageItem::Link {
                target: LinkTarget::Internal { page, .. },
                ..
            } = item
            {
                *page += offset;
            }
        }
    }
    let mut outline = vec![OutlineEntry {
        title: "Contents".into(),
        page: contents_page,
        children: Vec::new(),
    }];
    for (division, (part_page, firsts)) in doc.divisions.iter().zip(&body.divisions) {
        let entries: Vec<OutlineEntry> = division
            .pieces
            .iter()
            .zip(firsts)
            .map(|(p, &page)| OutlineEntry {
                title: plain_text(&p.title),
                page: page + offset,
                children: Vec::new(),
            })
            .collect();
        match (&division.part, part_page) {
            (Some(title), Some(page)) => outline.push(OutlineEntry {
                title: title.clone(),
                page: page + offset,
                children: entries,
            }),
            _ => outline.extend(entries),
        }
    }
    front_pages.extend(body.pages);
    (front_pages, outline)
}

/// Where a link of the text goes in print (body page numbers): a piece of the book (its
/// opening, or the heading its `#fragment` names) is a place in the PDF, a web or mail
/// address a URI; anything else is no link (the build has warned, `super::link_warnings`).
/// The piece and heading are found by `doc::links`, as the EPUB finds them.
fn print_target(body: &Body, pieces: &[&PieceDoc], from: usize, url: &str) -> Option<LinkTarget> {
    let path = &pieces.get(from)?.path;
    let find = |p: &std::path::Path| pieces.iter().position(|piece| piece.path == p);
    match links::resolve(url, path, find) {
        links::Target::External if links::prints_as_uri(url) => {
            Some(LinkTarget::External(url.trim().to_owned()))
        }
        links::Target::Piece { index, fragment } => {
            let piece = index.unwrap_or(from);
            let heading = fragment
                .filter(|f| !f.is_empty())
                .and_then(|f| body.headings.get(&(piece, f)));
            let &(page, y) = heading.or_else(|| body.piece_starts.get(piece))?;
            Some(LinkTarget::Internal { page, y })
        }
        _ => None,
    }
}

fn pad_to_recto(pages: &mut Vec<Page>, folios: &Folios) {
    if pages.len() % 2 == 1 {
        let index = pages.len();
        pages.push(blank_page(index, folios));
    }
}

pub fn blank_page(index: usize, folios: &Folios) -> Page {
    Page {
        items: Vec::new(),
        folio: Some(folios.folio(index)),
    }
}

/// Where in the body the first text of a page comes from.
fn first_source(sp: &SetPiece, slice: &PageSlice) -> Option<(usize, usize)> {
    (slice.start..slice.end)
        .filter(|&i| !sp.flow.items[i].discardable)
        .find_map(|i| sp.flow.drawings[i].source)
}

/// Draw one page's share of a piece's flow, and its footnotes at the foot.
fn place_slice(
    page: &mut Page,
    body: &mut Body,
    setting: &mut Setting,
    slice: &PageSlice,
    g: &Geometry,
    index: usize,
    piece: usize,
) {
    let left = g.left(index);
    let mut y = g.block_top();
    let mut started = false;
    let items = &setting.piece().flow.items;
    let last = (slice.start..slice.end).rfind(|&j| !items[j].discardable);
    // A filled page's gaps widen (pagination chose it): each item moves down by its share.
    let fill = if slice.filled { g.leading } else { 0.0 };
    let offsets = fill_offsets(&items[slice.start..slice.end], fill);
    for i in slice.start..slice.end {
        let item = &setting.piece().flow.items[i];
        if !started && item.discardable {
            continue;
        }
        if item.grid && started {
            y = g.block_top() - snap_to_grid(g.block_top() - y, g.leading);
        }
        let at_edge = !started || Some(i) == last;
        started = true;
        let height = item.height;
        let mut drawing = setting.take_drawing(i);
        if at_edge {
            // A blank scene break where the page starts or ends would be white no reader
            // sees: it shows its mark there (`Drawing::edge_runs`).
            drawing.runs.append(&mut drawing.edge_runs);
        }
        draw(
            page,
            body,
            drawing,
            left,
            y - offsets[i - slice.start],
            index,
            piece,
        );
        y -= height;
    }
    let flow = &setting.piece().flow;
    if slice.notes.is_empty() && slice.carried.is_none() {
        return;
    }
    // What of each note this page shows, in lines: a carried tail first, then the notes
    // called here, the last perhaps only its head (see `PageSlice::split`).
    let note_leading = g.leading * NOTE_LEADING_SCALE;
    let lines_of = |n: usize| note_lines(flow.notes.get(n).map_or(0.0, |d| d.1), note_leading);
    // (note, first line, end line, whole)
    let mut parts: Vec<(usize, usize, usize, bool)> = Vec::new();
    if let Some(c) = slice.carried {
        parts.push((c.note, c.kept, lines_of(c.note), false));
    }
    for &n in &slice.notes {
        match slice.split {
            Some(s) if s.note == n => parts.push((n, 0, s.kept, false)),
            _ => parts.push((n, 0, lines_of(n), true)),
        }
    }
    let total: f32 = parts
        .iter()
        .map(|&(n, from, to, whole)| {
            if whole {
                flow.notes.get(n).map_or(0.0, |d| d.1)
            } else {
                (to - from) as f32 * note_leading
            }
        })
        .sum();
    let bottom = g.block_top() - g.capacity() - f32::from(slice.depth) * g.leading;
    let (rule_y, mut ny) = note_foot(g, bottom, total);
    // A quarter of the measure from the notes' start: the right of a right-to-left piece's.
    let rule = g.measure() / 4.0;
    let x0 = if flow.rtl {
        left + g.measure() - rule
    } else {
        left
    };
    page.items.push(PageItem::Rule {
        x0,
        y0: rule_y,
        x1: x0 + rule,
        y1: rule_y,
        width: 0.4,
    });
    for (n, from, to, whole) in parts {
        if let Some((drawing, height)) = setting.note(n, from == 0 && !whole) {
            let (drawing, height) = if whole {
                (drawing, height)
            } else {
                let part = note_part(drawing, height, note_leading, from, to);
                (part, (to - from) as f32 * note_leading)
            };
            draw(page, body, drawing, left, ny, index, piece);
            ny -= height;
        }
    }
}

/// The footnote rule sits this many leadings above the first note line's top.
const RULE_ABOVE_NOTES: f32 = 0.25;
/// And at least this far under the bottom of the body's last line (its descenders reach
/// about 2.5 pt under that line's baseline, 5.4 pt above its bottom at 11 on 14): the rule
/// clears the text by some 7 pt, as XeLaTeX's does by 8.
const RULE_CLEARANCE: f32 = 5.0;

/// How far the last note's baseline must rise from the foot of the page to sit on the
/// body's last baseline (notes have their own, smaller leading).
fn note_lift(g: &Geometry) -> f32 {
    let note_leading = g.leading * NOTE_LEADING_SCALE;
    (g.leading - baseline_in(g.leading, g)) - (note_leading - NOTE_BASELINE * note_leading)
}

/// The room a footnote block takes beyond its lines (for `PageFrame::note_separator`):
/// the lift, the rule's distance above the notes, and its clearance under the text.
pub fn note_separator(g: &Geometry) -> f32 {
    note_lift(g) + RULE_ABOVE_NOTES * g.leading + RULE_CLEARANCE
}

/// The footnote rule's y and the notes' top, for notes `total` tall on a page whose foot is
/// at `bottom`: the last note's baseline on the body's last grid baseline. Pagination kept
/// `note_separator + total`, rounded up to whole lines, free above `bottom`, so the rule is
/// at least `RULE_CLEARANCE` under the body's last line.
fn note_foot(g: &Geometry, bottom: f32, total: f32) -> (f32, f32) {
    let top = bottom + note_lift(g) + total;
    (top + RULE_ABOVE_NOTES * g.leading, top)
}

#[allow(clippy::too_many_arguments)]
fn draw(
    page: &mut Page,
    body: &mut Body,
    d: Drawing,
    left: f32,
    top: f32,
    index: usize,
    piece: usize,
) {
    for run in d.runs {
        page.items.push(PageItem::Text(GlyphRun {
            x: left + run.x,
            y: top - run.y,
            ..run
        }));
    }
    for &(x0, x1, ry, width) in &d.rules {
        page.items.push(PageItem::Rule {
            x0: left + x0,
            y0: top - ry,
            x1: left + x1,
            y1: top - ry,
            width,
        });
    }
    for (x0, x1, ly, h, dest) in d.links {
        body.links.push(PendingLink {
            page: index,
            rect: [left + x0, top - ly - h, x1 - x0, h],
            piece,
            dest,
        });
    }
    for &n in &d.note_calls {
        body.anchors.entry((piece, 1, n)).or_insert((index, top));
    }
    for &n in &d.note_texts {
        body.anchors.entry((piece, 0, n)).or_insert((index, top));
    }
    if let Some(id) = d.heading {
        body.headings.entry((piece, id)).or_insert((index, top));
    }
    for &(image, ix, iy, width, height) in &d.images {
        page.items.push(PageItem::Image {
            image,
            x: left + ix,
            y: top - iy - height,
            width,
            height,
        });
    }
}

/// The running head's size and the room its title may take.
fn head_size_and_room(g: &Geometry) -> (f32, f32) {
    let size = g.font_size * HEAD_SCALE;
    (size, g.measure() - 8.0 * size)
}

/// The running head: a title (already fitted, [`fit_title`]) centred in italic, the folio
/// at the outer edge (the left of a right-to-left book's recto).
fn running_head(ts: &mut Typesetter, page: &mut Page, g: &Geometry, index: usize, title: &str) {
    let (size, _) = head_size_and_room(g);
    let y = g.head_baseline();
    let left = g.left(index);
    let folio = page.folio.clone().unwrap_or_default();
    let opts = ParaOpts::display(g.measure(), Align::Center, g.leading);
    // One line of each, at the head's baseline.
    let mut first_line = |ts: &mut Typesetter, run: Run, opts: &ParaOpts| {
        for line in ts.set(&[run], opts).into_iter().take(1) {
            for run in line.runs {
                page.items.push(PageItem::Text(GlyphRun {
                    x: left + run.x,
                    y: y + run.y,
                    ..run
                }));
            }
        }
    };
    let title = Run {
        italic: true,
        ..Run::plain(title, size)
    };
    first_line(ts, title, &opts);
    // The folio at the outer edge: a left-to-right book's recto's right.
    let align = if g.outer_edge_right(index) {
        Align::Right
    } else {
        Align::FlushLeft
    };
    first_line(ts, Run::plain(&folio, size), &ParaOpts { align, ..opts });
}

/// Words a cut head must not end on (articles, conjunctions, prepositions of the
/// languages folio has words for): "The Price of" reads as a broken phrase, "The Price"
/// does not. Words that are also nouns or pronouns elsewhere ("I", "die" in English) are
/// left out.
const DANGLING: &[&str] = &[
    "a", "an", "the", "of", "and", "to", "in", "on", "for", "at", "by", "with", "from", "or", "as",
    "into", "le", "la", "les", "de", "des", "du", "et", "au", "aux", "un", "une", "à", "der",
    "das", "den", "dem", "und", "von", "zu", "im", "ein", "eine", "el", "los", "las", "y", "del",
    "il", "lo", "gli", "di", "della", "het", "een", "van", "och", "och", "ett", "oraz", "dla",
];

fn dangling(word: &str) -> bool {
    // An elided article or preposition (l’, d’) leans on the next word.
    if word.ends_with(['\'', '\u{2019}']) {
        return true;
    }
    let w = word
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    DANGLING.contains(&w.as_str())
}

/// Fit a running head to its room. A title that fits is the head; else its `short-title`
/// (`short`); else it is cut at a word, never with an ellipsis: at the last clause mark
/// (colon, comma, dash) that fits if that keeps at least half the words that fit, else at
/// the last word that fits and is not an article or preposition ([`DANGLING`]). The longest
/// prefix that fits is found by bisection over the word count (a longer prefix is never
/// narrower), so a title of thousands of words costs a few settings, not one per word.
fn fit_title(ts: &mut Typesetter, g: &Geometry, title: &str, short: Option<&str>) -> String {
    let (size, room) = head_size_and_room(g);
    let width = |ts: &mut Typesetter, t: &str| {
        ts.width(&Run {
            italic: true,
            ..Run::plain(t, size)
        })
    };
    if width(ts, title) <= room {
        return title.to_owned();
    }
    let title = match short {
        Some(short) if width(ts, short) <= room => return short.to_owned(),
        Some(short) => short,
        None => title,
    };
    let words: Vec<&str> = title.split_whitespace().collect();
    let prefix = |n: usize| words[..n].join(" ");
    // Invariant: `lo` words fit (none trivially do); `hi` words do not.
    let (mut lo, mut hi) = (0, words.len());
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if width(ts, &prefix(mid)) <= room {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    if lo == 0 {
        // One word wider than the room: it is the head, whole (`typeset::fit` keeps heads
        // inside the page).
        return words.first().copied().unwrap_or("").to_owned();
    }
    let is_dash = |w: &str| w == "\u{2014}" || w == "\u{2013}";
    let clause = (1..=lo).rev().find(|&n| {
        words[n - 1].ends_with([':', ';', ',', '.', '\u{2014}', '\u{2013}'])
            || words.get(n).is_some_and(|w| is_dash(w))
    });
    let n = clause
        .filter(|&n| 2 * n >= lo && !is_dash(words[n - 1]))
        .or_else(|| {
            (1..=lo)
                .rev()
                .find(|&n| !dangling(words[n - 1]) && !is_dash(words[n - 1]))
        })
        .unwrap_or(lo);
    prefix(n)
        .trim_end_matches([',', ':', ';', '\u{2014}', '\u{2013}', ' '])
        .to_owned()
}

#[cfg(test)]
mod head_tests {
    use super::dangling;

    #[test]
    fn articles_and_prepositions_dangle_nouns_do_not() {
        for w in ["the", "Of", "and,", "de", "l\u{2019}", "und"] {
            assert!(dangling(w), "{w}");
        }
        for w in ["Price", "water", "Paris", "I"] {
            assert!(!dangling(w), "{w}");
        }
    }
}

#[cfg(test)]
mod note_tests {
    use super::*;
    use crate::manuscript::PrintSettings;

    /// The footnote rule clears the text above it by 6 pt or more on a full page with
    /// notes: the page gave the note block `notes_height` (whole lines), the body ends above
    /// it, and its last line's descenders reach 0.3 em under its baseline at most.
    #[test]
    fn the_footnote_rule_clears_the_last_line_of_text() {
        let g = Geometry::from_settings(&PrintSettings::default()).unwrap();
        let frame = PageFrame {
            capacity: g.capacity(),
            leading: g.leading,
            note_separator: note_separator(&g),
            note_leading: g.leading * NOTE_LEADING_SCALE,
            starts_on_recto: true,
        };
        let note_leading = g.leading * NOTE_LEADING_SCALE;
        for lines in 1..12 {
            let total = lines as f32 * note_leading;
            let room = super::super::paginate::notes_height(true, total, &frame);
            // room is whole body lines
            let k = room / g.leading;
            assert!((k - k.round()).abs() < 1e-3, "{room}");
            for depth in [-1i8, 0, 1] {
                let bottom = g.block_top() - g.capacity() - f32::from(depth) * g.leading;
                let body_end = bottom + room; // the body's last line item ends here
                let baseline = body_end + (g.leading - baseline_in(g.leading, &g));
                let descender = baseline - 0.3 * g.font_size;
                let (rule_y, top) = note_foot(&g, bottom, total);
                assert!(
                    descender - (rule_y + 0.2) >= 6.0,
                    "{lines} lines: {rule_y} vs {descender}"
                );
                // the notes sit under the rule, inside the page
                assert!(top < rule_y && top - total >= bottom - 0.01);
                // and the last note's baseline is the body grid's last baseline
                let last_note = top - total + (1.0 - NOTE_BASELINE) * note_leading;
                let grid = bottom + (g.leading - baseline_in(g.leading, &g));
                assert!((last_note - grid).abs() < 0.01, "{last_note} vs {grid}");
            }
        }
    }
}
