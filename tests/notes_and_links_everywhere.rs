//! Notes and links work in every context the text has (a paragraph, a table cell, a
//! heading): in the PDF the note is set at the foot of the page that calls it and the link
//! is a clickable annotation. And a title that begins like a list item keeps its curly
//! quotes and emphasis in both editions.

mod common;

use std::path::Path;
use std::process::Command;

use common::{folio, python_on, require_python_module};

const CELL_URL: &str = "https://example.org/cell";
const HEADING_URL: &str = "https://example.org/heading";

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The book, built: (its folder, the EPUB's bytes, the PDF's path).
fn built() -> (tempfile::TempDir, Vec<u8>, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "manuscript/book.yaml",
        "title: Contexts\nlanguage: en-GB\ncontents: [manuscript/a.md, manuscript/b.md]\n",
    );
    let filler = "Words of an ordinary paragraph that fills a little of the page. ".repeat(6);
    write(
        root,
        "manuscript/a.md",
        &format!(
            "---\ntitle: '1984. Orwell''s \"year\"'\n---\n\n{filler}\n\n\
             | Source | Comment |\n|---|---|\n\
             | Tablecellnote[^t] | See the [cellsite]({CELL_URL}) |\n\n\
             ## Headingword [headsite]({HEADING_URL})[^h]\n\n{filler}\n\n\
             [^t]: Footnoteintable says where the figure came from.\n\n\
             [^h]: Footnoteinheading says more.\n"
        ),
    );
    write(
        root,
        "manuscript/b.md",
        "---\ntitle: '1. The *first* one'\n---\n\nText.\n",
    );
    let out = root.join("out");
    let o = folio(
        &[
            "build",
            root.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        &[("SOURCE_DATE_EPOCH", "1420070400")],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let epub = std::fs::read(out.join("contexts.epub")).unwrap();
    (dir, epub, out.join("contexts.pdf"))
}

/// Every URI link annotation of the PDF: (page index, URI).
fn uri_links(pdf: &Path) -> Vec<(usize, String)> {
    let doc = lopdf::Document::load(pdf).unwrap();
    let mut out = Vec::new();
    for (i, (_, page)) in doc.get_pages().into_iter().enumerate() {
        for annot in doc.get_page_annotations(page).unwrap_or_default() {
            assert_eq!(annot.get(b"Subtype").unwrap().as_name().unwrap(), b"Link");
            let Ok(action) = annot.get(b"A") else {
                continue;
            };
            let action = match action {
                lopdf::Object::Reference(r) => doc.get_dictionary(*r).unwrap(),
                other => other.as_dict().unwrap(),
            };
            if let Ok(uri) = action.get(b"URI") {
                out.push((i, String::from_utf8_lossy(uri.as_str().unwrap()).into()));
            }
        }
    }
    out
}

#[test]
fn a_link_in_a_table_cell_or_a_heading_is_clickable_in_the_pdf() {
    let (_dir, _, pdf) = built();
    let links = uri_links(&pdf);
    for url in [CELL_URL, HEADING_URL] {
        assert!(
            links.iter().any(|(_, u)| u == url),
            "no link to {url}: {links:?}"
        );
    }
}

#[test]
fn notes_called_in_a_table_cell_or_a_heading_sit_at_the_foot_of_their_page() {
    let (_dir, _, pdf) = built();
    if !require_python_module("pymupdf") {
        return;
    }
    // For each marker word: its page, the top of its line, and the page height; and each
    // link's page, kind and rectangle, to find the clickable text under it.
    let script = r#"
import sys, pymupdf
d = pymupdf.open(sys.argv[1])
for n, p in enumerate(d):
    for w in p.get_text("words"):
        print("word", n, w[4], round(w[1], 1), round(w[3], 1), round(w[0], 1), round(p.rect.height, 1))
    for l in p.get_links():
        r = l["from"]
        print("link", n, l.get("uri") or "page", round(r.y0, 1), round(r.y1, 1), round(r.x0, 1), round(r.x1, 1))
"#;
    let text = python_on(script, &pdf);
    // (page, top, bottom, left, page height) of the first word containing `w`.
    let word = |w: &str| -> (usize, f32, f32, f32, f32) {
        text.lines()
            .filter(|l| l.starts_with("word "))
            .map(|l| l.split(' ').collect::<Vec<_>>())
            .find(|f| f[2].contains(w))
            .map(|f| {
                let n = |i: usize| f[i].parse::<f32>().unwrap();
                (f[1].parse().unwrap(), n(3), n(4), n(5), n(6))
            })
            .unwrap_or_else(|| panic!("`{w}` is not in the PDF"))
    };
    let links: Vec<Vec<&str>> = text
        .lines()
        .filter(|l| l.starts_with("link "))
        .map(|l| l.split(' ').collect())
        .collect();
    for (call, note) in [
        ("Tablecellnote", "Footnoteintable"),
        ("Headingword", "Footnoteinheading"),
    ] {
        let (call_page, call_top, call_bottom, _, _) = word(call);
        let (note_page, note_top, _, _, height) = word(note);
        assert_eq!(call_page, note_page, "{note} is not on the page of {call}");
        assert!(
            note_top > height * 0.6 && note_top > call_top,
            "{note} at y {note_top} is not at the page foot (page height {height}; call at {call_top})"
        );
        // The call's number is a link down to the note, on the call's line.
        assert!(
            links.iter().any(|l| {
                let (top, bottom): (f32, f32) = (l[3].parse().unwrap(), l[4].parse().unwrap());
                l[1] == call_page.to_string()
                    && l[2] == "page"
                    && top < call_bottom
                    && bottom > call_top
            }),
            "no link from the call beside {call} to its note: {links:?}"
        );
    }
    // The cell's link covers the cell's linked word.
    let (page, top, bottom, x, _) = word("cellsite");
    assert!(
        links.iter().any(|l| {
            let f = |i: usize| l[i].parse::<f32>().unwrap();
            l[1] == page.to_string()
                && l[2] == CELL_URL
                && f(3) <= bottom
                && f(4) >= top
                && f(5) <= x + 1.0
                && f(6) > x
        }),
        "the link does not cover `cellsite` (page {page}, y {top}..{bottom}, x {x}): {links:?}"
    );
}

#[test]
fn a_title_that_begins_like_a_list_item_keeps_curly_quotes_and_emphasis_in_both_editions() {
    let (_dir, epub, pdf) = built();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(epub)).unwrap();
    let mut xhtml = String::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        if entry.name().ends_with(".xhtml") {
            std::io::Read::read_to_string(&mut entry, &mut xhtml).unwrap();
        }
    }
    assert!(
        xhtml.contains("<h1 id=\"title\">1984. Orwell\u{2019}s \u{201c}year\u{201d}</h1>"),
        "{xhtml}"
    );
    assert!(xhtml.contains("<h1 id=\"title\">1. The <em>first</em> one</h1>"));
    if !common::require_tool("pdftotext", &["-v"]) {
        return;
    }
    let out = Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Orwell\u{2019}s \u{201c}year\u{201d}"),
        "no curly quotes in the PDF's title: {text}"
    );
    assert!(!text.contains("Orwell's"), "{text}");
}
