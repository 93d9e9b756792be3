//! The typeset book as pages: recto openings, truly blank versos, no furniture on opening
//! pages, footnotes on the page that calls them, and a contents page that tells the truth.

use std::fs;
use std::path::Path;

use folio::page::{Layout, Page, PageItem};

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn prose(words: usize, seed: usize) -> String {
    const WORDS: &[&str] = &[
        "the",
        "reader",
        "turns",
        "a",
        "page",
        "and",
        "finds",
        "the",
        "argument",
        "continues",
        "with",
        "patience",
        "through",
        "another",
        "paragraph",
        "of",
        "careful",
        "prose",
        "about",
        "printing",
        "binding",
        "margins",
        "and",
        "type",
    ];
    let mut out = String::new();
    for i in 0..words {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(WORDS[(i * 7 + seed * 3) % WORDS.len()]);
        if i % 17 == 16 {
            out.push('.');
        }
    }
    out.push('.');
    out
}

fn layout_of(root: &Path) -> Layout {
    let mut book = folio::manuscript::load(root).unwrap();
    let doc = folio::doc::build(&book).unwrap();
    // The loader's second phase: the images the text shows.
    let problems = folio::preflight::check(&mut book, &doc);
    assert!(!problems.has_errors(), "{problems}");
    folio::typeset::typeset(&book, &doc, 0).unwrap().layout
}

fn page_text(page: &Page) -> String {
    let mut out = String::new();
    for item in &page.items {
        if let PageItem::Text(run) = item {
            for g in &run.glyphs {
                out.push_str(&g.text);
            }
            out.push('\n');
        }
    }
    out
}

fn sample_book() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "manuscript/book.yaml",
        "title: Test Book\nlanguage: en-GB\ncontents:\n  - part: First\n    chapters: [manuscript/a.md, manuscript/b.md]\n  - part: Second\n    chapters: [manuscript/c.md]\n",
    );
    // a: one page and a bit, so b needs a blank verso before it
    let mut a = String::from("---\ntitle: Alpha piece\n---\n");
    for i in 0..9 {
        a.push_str(&prose(70, i));
        a.push_str("\n\n");
    }
    write(root, "manuscript/a.md", &a);
    // b: long, with footnote calls spread through it
    let mut b = String::from("---\ntitle: Beta piece\n---\n");
    for i in 0..30 {
        b.push_str(&prose(60, i));
        if i % 6 == 3 {
            b.push_str(&format!(" Calledhere{i}[^n{i}]"));
        }
        b.push_str("\n\n");
    }
    for i in (0..30).filter(|i| i % 6 == 3) {
        b.push_str(&format!("[^n{i}]: Notetext{i} {}\n\n", prose(25, i)));
    }
    write(root, "manuscript/b.md", &b);
    write(root, "manuscript/c.md", "# Gamma piece\n\nShort.\n");
    dir
}

#[test]
fn pieces_and_parts_open_on_rectos_with_blank_versos_before_them() {
    let dir = sample_book();
    let layout = layout_of(dir.path());
    let mut openings = Vec::new();
    for part in &layout.outline {
        if part.title == "Contents" {
            continue;
        }
        openings.push(part.page);
        openings.extend(part.children.iter().map(|c| c.page));
    }
    assert_eq!(openings.len(), 5, "{:?}", layout.outline);
    for &page in &openings {
        assert_eq!(page % 2, 0, "page index {page} is a verso: {openings:?}");
        // The page before an opening is either the end of the last piece or truly blank.
        let before = &layout.pages[page - 1];
        if page_text(before).trim().is_empty() {
            assert!(
                before.items.is_empty(),
                "a blank verso carries nothing, not even a folio"
            );
        }
    }
    let blanks = layout.pages.iter().filter(|p| p.items.is_empty()).count();
    assert!(blanks >= 2, "at least the part pages' versos are blank");
}

#[test]
fn opening_pages_have_no_running_head_or_folio_and_others_do() {
    let dir = sample_book();
    let layout = layout_of(dir.path());
    let top = layout.height - 54.0; // the head margin of a 6x9 page
    let beta = layout.outline[1].children[1].page;
    let above_block = |p: &Page| {
        p.items
            .iter()
            .any(|i| matches!(i, PageItem::Text(r) if r.y > top + 1.0))
    };
    assert!(
        !above_block(&layout.pages[beta]),
        "opening page has a running head"
    );
    assert!(
        above_block(&layout.pages[beta + 1]),
        "continuation page lacks its head"
    );
    let head = page_text(&layout.pages[beta + 1]);
    assert!(
        head.contains("Test Book"),
        "verso head is the book's title: {head}"
    );
    let head = page_text(&layout.pages[beta + 2]);
    assert!(
        head.contains("Beta piece"),
        "recto head is the piece's title: {head}"
    );
}

#[test]
fn footnotes_sit_on_the_page_that_calls_them() {
    let dir = sample_book();
    let layout = layout_of(dir.path());
    let mut checked = 0;
    for i in (0..30).filter(|i| i % 6 == 3) {
        let call = format!("Calledhere{i}");
        let note = format!("Notetext{i}");
        let call_page = layout
            .pages
            .iter()
            .position(|p| page_text(p).contains(&call));
        let note_page = layout
            .pages
            .iter()
            .position(|p| page_text(p).contains(&note));
        assert!(
            call_page.is_some() && note_page.is_some(),
            "{call} / {note} missing"
        );
        assert_eq!(
            call_page, note_page,
            "note {i} is not on the page of its call"
        );
        checked += 1;
    }
    assert_eq!(checked, 5);
}

#[test]
fn contents_gives_each_piece_its_printed_page_number() {
    let dir = sample_book();
    let layout = layout_of(dir.path());
    let contents = page_text(&layout.pages[layout.outline[0].page]);
    for part in layout.outline.iter().skip(1) {
        for piece in &part.children {
            let folio = layout.pages[piece.page].folio.clone().unwrap();
            let line = contents
                .lines()
                .position(|l| l.contains(&piece.title))
                .unwrap_or_else(|| panic!("{} not in contents:\n{contents}", piece.title));
            let number_line = contents.lines().nth(line + 1).unwrap_or("");
            assert_eq!(number_line.trim(), folio, "contents:\n{contents}");
        }
    }
}

#[test]
fn hyphenation_follows_the_book_language() {
    // en-GB and en-US patterns break "knowledge" differently (know-ledge / knowl-edge).
    use folio::typeset::hyphenate::Hyphenator;
    let gb = Hyphenator::for_language("en-GB").unwrap();
    let us = Hyphenator::for_language("en-US").unwrap();
    let offsets = |h: &Hyphenator| {
        h.breaks("knowledge")
            .iter()
            .map(|b| b.offset)
            .collect::<Vec<_>>()
    };
    assert_ne!(offsets(&gb), offsets(&us));
}

#[test]
fn images_are_drawn_scaled_to_the_text_block() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "manuscript/book.yaml", "title: Pictures\n");
    fs::create_dir_all(root.join("images")).unwrap();
    // A wide picture (3:1) and a tall one (1:3): one is as wide as the measure, the
    // other is limited by the page's height.
    image::RgbImage::from_fn(3000, 1000, |x, _| image::Rgb([(x % 256) as u8, 0, 0]))
        .save(root.join("images/wide.png"))
        .unwrap();
    image::GrayImage::from_fn(100, 300, |_, y| image::Luma([(y % 256) as u8]))
        .save(root.join("images/tall.png"))
        .unwrap();
    write(
        root,
        "manuscript/a.md",
        "# Pictures\n\nBefore.\n\n![Wide](images/wide.png)\n\nBetween.\n\n![Tall](images/tall.png)\n\nAfter.\n",
    );
    let layout = layout_of(root);
    assert_eq!(layout.images.len(), 2);
    // Downscaled to 300 ppi across the measure (about 1300 px), never upscaled.
    assert!(layout.images[0].width <= 1400 && layout.images[0].channels == 3);
    assert_eq!(
        (layout.images[1].width, layout.images[1].channels),
        (100, 1)
    );
    let placed: Vec<(usize, f32, f32, f32, f32)> = layout
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| match i {
            PageItem::Image {
                image,
                x,
                y,
                width,
                height,
            } => Some((*image, *x, *y, *width, *height)),
            _ => None,
        })
        .collect();
    assert_eq!(placed.len(), 2, "{placed:?}");
    let (_, x, y, w, h) = placed[0];
    assert!((w / h - 3.0).abs() < 0.01, "aspect kept: {w} x {h}");
    assert!(
        x >= 54.0 && x + w <= layout.width - 54.0 + 0.5 && y > 50.0,
        "inside the text block"
    );
    let (_, _, _, w, h) = placed[1];
    assert!(
        (h / w - 3.0).abs() < 0.01 && h <= 0.6 * 648.0,
        "tall image limited by the page: {w} x {h}"
    );
}

#[test]
fn a_note_too_long_for_the_foot_of_a_page_is_set_in_the_text_and_breaks_across_pages() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "manuscript/book.yaml",
        "title: Long Notes\nlanguage: en-GB\ncontents: [manuscript/a.md]\n",
    );
    let mut a = String::from("---\ntitle: Annotated piece\n---\n");
    a.push_str(&prose(80, 1));
    a.push_str(" Shortcall[^short] and Longcall[^long].\n\n");
    for i in 2..14 {
        a.push_str(&prose(70, i));
        a.push_str("\n\n");
    }
    a.push_str(&format!("[^short]: Shortnote {}\n\n", prose(20, 3)));
    // About two pages of note: far more than the foot of one page holds.
    let long: Vec<String> = (0..60)
        .map(|i| format!("Longnote{i} {}", prose(12, i)))
        .collect();
    a.push_str(&format!("[^long]: {}\n", long.join(" ")));
    write(root, "manuscript/a.md", &a);
    let layout = layout_of(root);

    // Nothing is drawn off the page (an unsplittable note used to run up over the text).
    for (i, page) in layout.pages.iter().enumerate() {
        for item in &page.items {
            if let PageItem::Text(run) = item {
                assert!(
                    run.y > 0.0 && run.y < layout.height,
                    "page {i}: a line at y = {} is off the page",
                    run.y
                );
            }
        }
    }
    let page_of = |marker: &str| {
        layout
            .pages
            .iter()
            .position(|p| page_text(p).contains(marker))
            .unwrap_or_else(|| panic!("{marker} is missing"))
    };
    // Every part of the long note is there, in order, over more than one page; the short
    // note still sits at the foot of its call's page.
    let first = page_of("Longnote0 ");
    let last = page_of("Longnote59 ");
    assert!(last > first, "the long note spans pages: {first}..{last}");
    for i in 1..60 {
        assert!(page_of(&format!("Longnote{i} ")) >= page_of(&format!("Longnote{} ", i - 1)));
    }
    assert!(first >= page_of("Longcall"));
    assert_eq!(page_of("Shortnote"), page_of("Shortcall"));
}
