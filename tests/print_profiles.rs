//! Printer profiles and trim sizes, through the real binary on a copy of the example book.

mod common;

use std::path::Path;

use common::{copy_example_with, folio};

fn build_pdf(print: &str) -> (std::process::Output, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    copy_example_with(dir.path(), print);
    let out = folio(&["build", dir.path().to_str().unwrap()], &[]);
    (out, dir)
}

fn pdf_of(dir: &Path) -> lopdf::Document {
    lopdf::Document::load(dir.join("dist/seen-read-heard-january-2015.pdf")).unwrap()
}

#[test]
fn kdp_interior_has_no_bookmarks_and_no_links() {
    let (out, dir) = build_pdf("  profile: kdp\n");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = pdf_of(dir.path());
    let catalog = doc.catalog().unwrap();
    assert!(catalog.get(b"Outlines").is_err(), "KDP: no outline");
    for (_, id) in doc.get_pages() {
        let page = doc.get_object(id).unwrap().as_dict().unwrap();
        let annots = page
            .get(b"Annots")
            .ok()
            .and_then(|a| a.as_array().ok())
            .map_or(0, Vec::len);
        assert_eq!(annots, 0, "KDP: no annotations");
    }
    // The generic build of the same book does have both.
    let (out, dir) = build_pdf("  profile: generic\n");
    assert!(out.status.success());
    let doc = pdf_of(dir.path());
    assert!(doc.catalog().unwrap().get(b"Outlines").is_ok());
}

#[test]
fn ingramspark_needs_pdfx_and_gets_an_even_count_ending_blank() {
    let (out, dir) = build_pdf("  profile: ingramspark\n");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("PDF/X-1a or PDF/X-4"), "{err}");
    assert!(err.contains("pdfx: x4"), "{err}");
    assert!(!dir.path().join("dist").exists());

    let (out, dir) = build_pdf("  profile: ingramspark\n  pdfx: x4\n");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = pdf_of(dir.path());
    let pages = doc.get_pages();
    assert_eq!(pages.len() % 2, 0, "{} pages", pages.len());
    let shows_text = |id| {
        let content = lopdf::content::Content::decode(&doc.get_page_content(id)).unwrap();
        content
            .operations
            .iter()
            .any(|op| op.operator == "TJ" || op.operator == "Tj")
    };
    let last = *pages.values().last().unwrap();
    assert!(!shows_text(last), "the last page is blank");
    assert!(
        shows_text(pages[&3]),
        "the title page is not (the check can see text)"
    );
}

#[test]
fn ingramspark_refuses_a_narrow_margin_naming_the_setting() {
    let (out, _dir) =
        build_pdf("  profile: ingramspark\n  pdfx: x4\n  margins:\n    outer: 0.3in\n");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("the outer margin is 0.300 in"), "{err}");
    assert!(err.contains("margins: outer: 0.5in"), "{err}");
}

#[test]
fn every_trim_preset_builds_at_its_size() {
    for (trim, w, h) in [
        ("6x9in", 432.0, 648.0),
        ("5x8in", 360.0, 576.0),
        ("5.25x8in", 378.0, 576.0),
        ("5.5x8.5in", 396.0, 612.0),
        ("a5", 419.5, 595.3),
        ("b-format", 365.7, 561.3),
        ("demy", 391.2, 612.3),
        ("letter", 612.0, 792.0),
    ] {
        let (out, dir) = build_pdf(&format!("  trim: {trim}\n"));
        assert!(
            out.status.success(),
            "{trim}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let doc = pdf_of(dir.path());
        let pages = doc.get_pages();
        let first = doc.get_object(pages[&1]).unwrap().as_dict().unwrap();
        let trim_box = first.get(b"TrimBox").unwrap().as_array().unwrap();
        let width = trim_box[2].as_float().unwrap() - trim_box[0].as_float().unwrap();
        let height = trim_box[3].as_float().unwrap() - trim_box[1].as_float().unwrap();
        assert!(
            (width - w).abs() < 0.2 && (height - h).abs() < 0.2,
            "{trim}: {width} x {height}"
        );
        eprintln!("trim {trim}: {} pages", pages.len());
    }
}

#[test]
fn command_line_profile_and_pdfx_win_over_book_yaml() {
    let dir = tempfile::tempdir().unwrap();
    copy_example_with(dir.path(), "  profile: generic\n");
    let out = folio(
        &[
            "build",
            dir.path().to_str().unwrap(),
            "--pdf",
            "--profile",
            "kdp",
            "--print",
            "pdfx4",
        ],
        &[],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = pdf_of(dir.path());
    let catalog = doc.catalog().unwrap();
    assert!(
        catalog.get(b"Outlines").is_err(),
        "--profile kdp: no outline"
    );
    assert!(
        catalog.get(b"OutputIntents").is_ok(),
        "--print pdfx4: an output intent"
    );
    let bad = folio(
        &["build", dir.path().to_str().unwrap(), "--print", "pdfx9"],
        &[],
    );
    assert_eq!(bad.status.code(), Some(2));
}
