//! The EPUB's page-list against the PDF: every print page with text has a marker in the
//! e-book, the page-list points at existing markers, and each marker stands before the
//! word that begins that page in the PDF.

mod common;
#[path = "epub_support/mod.rs"]
mod epub_support;

use std::collections::HashMap;
use std::io::Read;
use std::process::Command;

use common::{example_build, require_python_module};

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

#[test]
fn page_list_targets_exist_and_match_the_pdf_pages() {
    let (epub, pdf) = example_build();
    let docs = epub_entries(epub);
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
    assert!(targets.len() > 15, "{} entries", targets.len());
    // Every target exists, once, as a pagebreak marker.
    for (file, id, label) in &targets {
        let doc = docs.get(file).unwrap_or_else(|| panic!("{file} missing"));
        let needle = format!("id=\"{id}\"");
        assert_eq!(doc.matches(&needle).count(), 1, "{file}#{id}");
        assert!(doc.contains(&format!("aria-label=\"{label}\"")));
    }
    if !require_python_module("pymupdf") {
        return;
    }
    // The PDF's first body word of each labelled page (below the running head).
    let script = r#"
import sys, pymupdf
d = pymupdf.open(sys.argv[1])
for p in d:
    words = [w for w in p.get_text("words") if w[3] > 48]
    words.sort(key=lambda w: (round(w[3], 0), w[0]))
    print(p.get_label(), words[0][4] if words else "")
"#;
    let out = Command::new("python3")
        .args(["-c", script, pdf.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let first_words: HashMap<String, String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| {
            l.split_once(' ')
                .map(|(a, b)| (a.to_string(), b.to_string()))
        })
        .collect();
    let mut compared = 0;
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
        // A page may begin with the tail of a word hyphenated across the break.
        assert!(
            !pdf_word.is_empty() && epub_word.ends_with(&pdf_word),
            "page {label}: EPUB marker before `{epub_word}`, PDF page starts with `{pdf_word}`"
        );
        compared += 1;
    }
    assert!(
        compared + 3 >= targets.len(),
        "{compared} of {}",
        targets.len()
    );
}
