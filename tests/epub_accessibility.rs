//! The accessibility gate: every kind of book folio makes passes epubcheck with nothing to
//! say and DAISY Ace with no serious or critical finding, and its accessibility metadata is
//! true of what it contains (images with and without alt text, a cover as the only image,
//! tables, the print edition's page list).
//!
//! Ace runs as `ace-puppeteer` on Debian's chromium (scripts/test installs both); without
//! them a test skips visibly, and fails under CI=true.

mod common;
mod epub_support;

use std::path::{Path, PathBuf};

use common::{folio, repo_root, write_file};
use epub_support::{ace, entry, epubcheck};

/// Build the book at `root` (its EPUB only) and return the EPUB's bytes.
fn build_epub(root: &Path) -> Vec<u8> {
    let out = tempfile::tempdir().unwrap();
    let o = folio(
        &[
            "build",
            root.to_str().unwrap(),
            "--out",
            out.path().to_str().unwrap(),
            "--epub",
        ],
        &[("SOURCE_DATE_EPOCH", "1420070400")],
    );
    assert!(
        o.status.success(),
        "build of {} failed: {}",
        root.display(),
        String::from_utf8_lossy(&o.stderr)
    );
    let epub = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "epub"))
        .expect("an EPUB was written");
    std::fs::read(epub).unwrap()
}

/// epubcheck (0/0/0) and Ace (nothing serious or critical) on `epub`; returns the OPF.
fn gate(epub: &[u8], name: &str) -> String {
    epubcheck(epub, name);
    if let Some((findings, _)) = ace(epub, name) {
        let grave: Vec<_> = findings
            .iter()
            .filter(|f| f.impact == "serious" || f.impact == "critical")
            .collect();
        assert!(grave.is_empty(), "Ace on {name}: {grave:#?}");
    }
    entry(epub, "OEBPS/content.opf")
}

/// The values of `<meta property="{property}">` in the OPF, in order.
fn metas(opf: &str, property: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(opf).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("meta") && n.attribute("property") == Some(property))
        .map(|n| n.text().unwrap_or("").to_string())
        .collect()
}

fn dc_source(opf: &str) -> Option<String> {
    let doc = roxmltree::Document::parse(opf).unwrap();
    doc.descendants()
        .find(|n| n.has_tag_name("source"))
        .and_then(|n| n.text().map(str::to_string))
}

/// The accessibility summary, and what it must and must not say of the book: each phrase in
/// `says` is there, each in `not` is absent.
fn summary_says(opf: &str, says: &[&str], not: &[&str]) {
    let summary = metas(opf, "schema:accessibilitySummary").join("");
    for s in says {
        assert!(summary.contains(s), "summary lacks {s:?}: {summary}");
    }
    for s in not {
        assert!(!summary.contains(s), "summary says {s:?}: {summary}");
    }
}

const IMAGES: &str = "image";
const TABLES: &str = "Tables have their header cells";
const PAGES: &str = "page numbers are marked, with a page list";
const NOTES: &str = "Footnotes are linked";
const LANGUAGES: &str = "other languages";

const CLAIM: &str = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA";

/// The example anthology: text only (its cover is folio's typographic one), a page list
/// of the print edition and no print ISBN.
#[test]
fn the_example_book_passes_the_gate_and_claims_what_it_is() {
    let opf = gate(&build_epub(repo_root()), "example");
    assert_eq!(metas(&opf, "schema:accessMode"), ["textual"]);
    assert_eq!(metas(&opf, "schema:accessModeSufficient"), ["textual"]);
    let features = metas(&opf, "schema:accessibilityFeature");
    assert!(
        features.contains(&"pageNavigation".to_string()),
        "{features:?}"
    );
    assert!(!features.contains(&"printPageNumbers".to_string()));
    assert!(
        !features.contains(&"alternativeText".to_string()),
        "the cover is the only image: no alternative text to claim"
    );
    assert_eq!(metas(&opf, "dcterms:conformsTo"), [CLAIM]);
    assert_eq!(metas(&opf, "a11y:certifiedBy").len(), 1);
    // No print ISBN: the page list's source is the book's identifier, as print.
    assert_eq!(
        dc_source(&opf).as_deref(),
        Some("urn:uuid:eb5fe2aa-9828-5c92-ad30-923406ea4736-print")
    );
    assert!(opf.contains("<meta refines=\"#print-source\" property=\"source-of\">pagination"));
    summary_says(&opf, &[PAGES, "WCAG 2.1 Level AA"], &[IMAGES, LANGUAGES]);
}

#[test]
fn the_contributors_book_passes_the_gate() {
    let opf = gate(
        &build_epub(&repo_root().join("tests/contributors-book")),
        "contributors",
    );
    assert_eq!(metas(&opf, "dcterms:conformsTo"), [CLAIM]);
    assert_eq!(metas(&opf, "schema:accessMode"), ["textual"]);
    // Its French and German pieces say so in their front matter.
    summary_says(&opf, &[PAGES, "(fr, de)", LANGUAGES], &[IMAGES, TABLES]);
}

/// The multilingual book: eight scripts, right-to-left pieces, text only. Each piece not in
/// the book's English declares its language, and the summary names them in contents order.
#[test]
fn the_scripts_book_passes_the_gate() {
    let opf = gate(
        &build_epub(&repo_root().join("tests/scripts-book")),
        "scripts",
    );
    assert_eq!(metas(&opf, "dcterms:conformsTo"), [CLAIM]);
    assert_eq!(metas(&opf, "schema:accessMode"), ["textual"]);
    assert_eq!(metas(&opf, "schema:accessModeSufficient"), ["textual"]);
    summary_says(
        &opf,
        &[PAGES, LANGUAGES, "(ar, he, zh-Hans, ja, ko, hi, th)"],
        &[IMAGES, TABLES, NOTES],
    );
}

/// The reading fixture (tests/epub_reading.rs lays it out): tables and nested lists.
#[test]
fn the_reading_book_passes_the_gate_and_mentions_its_tables() {
    let opf = gate(
        &build_epub(&repo_root().join("tests/reading-book")),
        "reading",
    );
    assert_eq!(metas(&opf, "dcterms:conformsTo"), [CLAIM]);
    summary_says(&opf, &[TABLES, PAGES], &[IMAGES, NOTES, LANGUAGES]);
}

/// A cover and a described body image: visual content, with text alternatives.
#[test]
fn the_pictured_book_passes_the_gate_and_claims_alternative_text() {
    let opf = gate(
        &build_epub(&repo_root().join("tests/pictured-book")),
        "pictured",
    );
    assert_eq!(metas(&opf, "schema:accessMode"), ["textual", "visual"]);
    assert_eq!(
        metas(&opf, "schema:accessModeSufficient"),
        ["textual", "textual,visual"]
    );
    assert!(metas(&opf, "schema:accessibilityFeature").contains(&"alternativeText".into()));
    assert_eq!(metas(&opf, "dcterms:conformsTo"), [CLAIM]);
}

/// A book with what readers stumble on: a picture with no description, a table with a long
/// URL, nested lists, footnotes with backlinks, a second language. It still passes Ace, but
/// claims no WCAG conformance, and says text alone does not suffice.
#[test]
fn an_undescribed_image_withdraws_the_claim_but_the_book_passes_the_gate() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_file(
        root,
        "manuscript/book.yaml",
        "title: Harder Reading\nauthor: Ann Author\nlanguage: en-GB\n\
         identifier: urn:uuid:7d3c0a52-64a4-4f7e-9d57-0b1c7e2a9f10\n\
         contents:\n  - manuscript/a.md\n  - manuscript/b.md\n",
    );
    write_file(
        root,
        "manuscript/b.md",
        "---\ntitle: Une lettre\nlanguage: fr\n---\n\nUne lettre en français.\n",
    );
    std::fs::create_dir_all(root.join("images")).unwrap();
    std::fs::copy(
        repo_root().join("tests/pictured-book/images/harbour.png"),
        root.join("images/harbour.png"),
    )
    .unwrap();
    write_file(
        root,
        "manuscript/a.md",
        "---\ntitle: Hard Parts\n---\n\nA claim[^1] and another[^2], said *en passant*.\n\n\
         ![](images/harbour.png)\n\n\
         | Source | Address |\n|---|---|\n\
         | Archive | https://example.org/a/very/long/path/that/does/not/break/anywhere/at/all/index.html |\n\n\
         - one\n  - one a\n    - one a i\n- two\n\n\
         [^1]: The first note.\n[^2]: The second note, [with a link](https://example.org/).\n",
    );
    let opf = gate(&build_epub(root), "harder");
    assert_eq!(metas(&opf, "schema:accessMode"), ["textual", "visual"]);
    assert_eq!(
        metas(&opf, "schema:accessModeSufficient"),
        ["textual,visual"]
    );
    assert!(metas(&opf, "dcterms:conformsTo").is_empty(), "{opf}");
    summary_says(&opf, &[NOTES, "(fr)"], &["WCAG 2.1 Level AA"]);
    assert!(!metas(&opf, "schema:accessibilityFeature").contains(&"alternativeText".into()));
    let summary = metas(&opf, "schema:accessibilitySummary").join("");
    assert!(
        summary.contains("Tables have their header cells"),
        "{summary}"
    );
    assert!(summary.contains("not every image"), "{summary}");
}

/// Hostile-corpus books that build (their problems are warnings): the gate holds on them.
#[test]
fn hostile_books_that_build_pass_the_gate() {
    for case in ["footnote-undefined", "raw-html-script"] {
        let root: PathBuf = repo_root().join("tests/hostile").join(case);
        let opf = gate(&build_epub(&root), case);
        summary_says(&opf, &[], &[IMAGES, TABLES, LANGUAGES]);
    }
}
