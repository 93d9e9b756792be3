//! The loader owns the book's assets: a build of a book with a body image, a cover and its
//! own fonts reads each file once (seen with strace), and the fonts are picked by their own
//! tables, not by their file names.

#[path = "support/collection.rs"]
mod collection;
mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::{folio, repo_root, require_tool};

/// The pictured book copied to `to`, with the example's EB Garamond in its `fonts/` under
/// names that say nothing of the faces, in an order where the first file is the bold italic.
fn pictured_book(to: &Path) {
    let from = repo_root().join("tests/pictured-book");
    for dir in ["manuscript", "images", "covers"] {
        fs::create_dir_all(to.join(dir)).unwrap();
        for entry in fs::read_dir(from.join(dir)).unwrap() {
            let entry = entry.unwrap();
            fs::copy(entry.path(), to.join(dir).join(entry.file_name())).unwrap();
        }
    }
    fs::create_dir_all(to.join("fonts")).unwrap();
    for (face, name) in [
        ("BoldItalic", "Serif-1.ttf"),
        ("Regular", "Serif-2.ttf"),
        ("Bold", "Serif-3.ttf"),
        ("Italic", "Serif-4.ttf"),
    ] {
        fs::copy(
            repo_root().join(format!("fonts/EBGaramond-{face}.ttf")),
            to.join("fonts").join(name),
        )
        .unwrap();
    }
}

#[test]
fn a_build_opens_each_image_and_font_once() {
    // Tracing `true` also proves ptrace is allowed here, not only that strace is installed.
    if !require_tool("strace", &["-o", "/dev/null", "true"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().canonicalize().unwrap();
    pictured_book(&book);
    let log = book.join("openat.log");
    let out = Command::new("strace")
        .args(["-f", "-e", "trace=openat", "-o"])
        .arg(&log)
        .arg(env!("CARGO_BIN_EXE_folio"))
        .args(["build", "--epub", "--pdf", "--cover"])
        .arg(&book)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let log = fs::read_to_string(&log).unwrap();
    for file in [
        "images/harbour.png",
        "covers/front.png",
        "fonts/Serif-1.ttf",
        "fonts/Serif-2.ttf",
        "fonts/Serif-3.ttf",
        "fonts/Serif-4.ttf",
    ] {
        let quoted = format!("\"{}\"", book.join(file).display());
        let opened: Vec<&str> = log
            .lines()
            .filter(|l| l.contains(&quoted) && !l.contains("= -1"))
            .collect();
        assert_eq!(
            opened.len(),
            1,
            "{file} opened {} times: {opened:#?}",
            opened.len()
        );
    }
    // The editions hold what was read: the image in the EPUB, the cover art on the wrap.
    let dist = book.join("dist");
    let epub = fs::read(dist.join("a-pictured-book.epub")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(epub)).unwrap();
    let names: Vec<String> = zip.file_names().map(str::to_owned).collect();
    assert!(
        names.iter().any(|n| n == "OEBPS/images/img-1.png"),
        "{names:?}"
    );
    assert!(
        names.iter().any(|n| n == "OEBPS/images/cover.png"),
        "{names:?}"
    );
    let image = zip.by_name("OEBPS/images/img-1.png").unwrap();
    assert_eq!(
        image.size(),
        fs::metadata(book.join("images/harbour.png")).unwrap().len()
    );
    let pdf = lopdf::Document::load(dist.join("a-pictured-book.pdf")).unwrap();
    let images = pdf
        .objects
        .values()
        .filter(|o| {
            o.as_stream().is_ok_and(|s| {
                s.dict
                    .get(b"Subtype")
                    .is_ok_and(|t| t.as_name().is_ok_and(|n| n == b"Image"))
            })
        })
        .count();
    assert_eq!(images, 1, "the body image, once, in the book's PDF");
}

/// The PostScript names of the fonts a PDF embeds (without their subset tags).
fn embedded_fonts(path: &Path) -> Vec<String> {
    let pdf = lopdf::Document::load(path).unwrap();
    let mut names: Vec<String> = pdf
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| {
            d.get(b"Type")
                .is_ok_and(|t| t.as_name().is_ok_and(|n| n == b"FontDescriptor"))
        })
        .filter_map(|d| d.get(b"FontName").ok()?.as_name().ok())
        .map(|n| {
            let n = String::from_utf8_lossy(n).into_owned();
            n.split_once('+')
                .map_or(n.clone(), |(_, rest)| rest.to_owned())
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

#[test]
fn the_books_faces_are_picked_by_their_tables_not_their_file_names() {
    let dir = tempfile::tempdir().unwrap();
    pictured_book(dir.path());
    let out = folio(
        &["build", "--pdf", dir.path().to_str().unwrap()],
        &[("SOURCE_DATE_EPOCH", "1420070400")],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The text sets roman, italic, bold and bold italic; by file name the first file
    // (the bold italic) would have been taken for all four.
    let fonts = embedded_fonts(&dir.path().join("dist/a-pictured-book.pdf"));
    assert_eq!(
        fonts,
        [
            "EBGaramond-Bold",
            "EBGaramond-BoldItalic",
            "EBGaramond-Italic",
            "EBGaramond-Regular"
        ],
        "{fonts:?}"
    );
    // With the italic gone, emphasis borrows the regular face, and the build says so.
    fs::remove_file(dir.path().join("fonts/Serif-4.ttf")).unwrap();
    let out = folio(&["build", "--pdf", dir.path().to_str().unwrap()], &[]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("fonts/ has no italic face of EB Garamond"),
        "{stderr}"
    );
    assert!(
        !embedded_fonts(&dir.path().join("dist/a-pictured-book.pdf"))
            .contains(&"EBGaramond-Italic".to_string())
    );
}

#[test]
fn a_body_image_whose_pixels_are_damaged_fails_the_print_build() {
    let dir = tempfile::tempdir().unwrap();
    pictured_book(dir.path());
    // The header (and so the load) is intact; the pixel data is cut short.
    let picture = dir.path().join("images/harbour.png");
    let bytes = fs::read(&picture).unwrap();
    fs::write(&picture, &bytes[..bytes.len() / 2]).unwrap();
    let out = folio(&["build", "--pdf", dir.path().to_str().unwrap()], &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains("image `images/harbour.png` is damaged and cannot be decoded"),
        "{stderr}"
    );
    assert!(!dir.path().join("dist/a-pictured-book.pdf").exists());
}

#[test]
fn the_faces_of_a_font_collection_set_the_book() {
    let dir = tempfile::tempdir().unwrap();
    pictured_book(dir.path());
    let fonts = dir.path().join("fonts");
    let faces: Vec<Vec<u8>> = ["Serif-4.ttf", "Serif-1.ttf", "Serif-3.ttf", "Serif-2.ttf"]
        .iter()
        .map(|name| fs::read(fonts.join(name)).unwrap())
        .collect();
    fs::remove_dir_all(&fonts).unwrap();
    fs::create_dir_all(&fonts).unwrap();
    fs::write(fonts.join("Garamond.ttc"), collection::collection(&faces)).unwrap();
    let out = folio(&["build", "--pdf", dir.path().to_str().unwrap()], &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        embedded_fonts(&dir.path().join("dist/a-pictured-book.pdf")),
        [
            "EBGaramond-Bold",
            "EBGaramond-BoldItalic",
            "EBGaramond-Italic",
            "EBGaramond-Regular"
        ]
    );
}
