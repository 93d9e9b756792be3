//! What the fuzz targets (fuzz/fuzz_targets/) do with one input, shared with the regression
//! tests (tests/fuzz_regressions.rs) so that every crash the fuzzer found is replayed by
//! `cargo test` through exactly the same steps. Nothing here may panic on any input: a panic
//! is the bug being looked for.

#![allow(dead_code)] // each user takes one of the two entry points

use std::fs;
use std::io::Read;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use folio::doc::{self, DivisionDoc, Document};
use folio::manuscript::{Book, Division, Metadata, Piece, PieceMeta, PrintSettings};
use folio::typeset::fonts::FontSet;
use folio::typeset::geometry::Geometry;
use folio::typeset::text::{Typesetter, TypesetterShared};
use folio::typeset::{compose, front};

/// One scratch book root per process (and per thread, as tests run in parallel).
fn scratch() -> std::path::PathBuf {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    let base = DIR.get_or_init(|| tempfile::tempdir().expect("a scratch folder"));
    let dir = base
        .path()
        .join(format!("{:?}", std::thread::current().id()));
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// The loader on arbitrary text: book.yaml, then (after a line `%%%`) a chapter file with its
/// front matter, written to a scratch book root and loaded for real (containment, YAML limits,
/// front matter, contents resolution); then the diagnostics are rendered, quoting arbitrary
/// lines at arbitrary columns, and the pieces that loaded are parsed.
pub fn manuscript(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (yaml, chapter) = text
        .split_once("\n%%%\n")
        .unwrap_or((&text, "# A\n\nText.\n"));
    let root = scratch();
    let manuscript = root.join("manuscript");
    let _ = fs::remove_dir_all(&manuscript);
    fs::create_dir_all(&manuscript).unwrap();
    fs::write(manuscript.join("book.yaml"), yaml).unwrap();
    // Names the input can list in `contents`; b.md holds the raw bytes (not always UTF-8).
    fs::write(manuscript.join("a.md"), chapter).unwrap();
    fs::write(manuscript.join("b.md"), data).unwrap();
    let (book, diags) = folio::manuscript::load_with_diagnostics(&root);
    let _ = diags.to_string();
    if let Some(book) = book {
        if let Err(d) = doc::build(&book) {
            let _ = d.to_string();
        }
    }
}

/// A chapter's Markdown through everything that renders it: the IR, the EPUB (every XML file
/// of which must be well-formed, whatever the text holds) and the typesetter. The first line
/// is also the title, so titles get hostile text too.
pub fn markdown(data: &[u8]) {
    let text = String::from_utf8_lossy(data).into_owned();
    let title = text.lines().next().unwrap_or("").trim();
    let piece = Piece {
        path: "manuscript/a.md".into(),
        meta: PieceMeta {
            title: if title.is_empty() {
                "T".into()
            } else {
                title.into()
            },
            ..Default::default()
        },
        body: text.clone(),
        body_line: 1,
    };
    let (piece_doc, diags) = doc::parse_piece(&piece, "piece-1");
    let _ = diags.to_string();
    if diags.has_errors() {
        return; // the build stops here too
    }
    let book = Book {
        root: scratch(),
        meta: Metadata {
            title: piece.meta.title.clone(),
            language: "en".into(),
            identifier: "urn:uuid:00000000-0000-5000-8000-000000000000".into(),
            identifier_given: true,
            ..Default::default()
        },
        print: PrintSettings::default(),
        divisions: vec![Division {
            part: Some("Part".into()),
            matter: Default::default(),
            pieces: vec![piece],
        }],
        cover: None,
        fonts: Vec::new(),
        images: Default::default(),
        warnings: Default::default(),
    };
    let document = Document {
        divisions: vec![DivisionDoc {
            part: Some("Part".into()),
            matter: Default::default(),
            id: "part-1".into(),
            pieces: vec![piece_doc],
        }],
        warnings: diags,
    };
    if let Ok(bytes) = folio::epub::render(&book, &document, 0) {
        check_well_formed(&bytes);
    }
    typeset(&book, &document);
}

/// What `folio::typeset::typeset` does, with the fonts and the hyphenation patterns loaded
/// once per process instead of once per input: loading them is most of the time of a small
/// input, and fuzzing wants many inputs a second.
fn typeset(book: &Book, document: &Document) {
    static SHARED: OnceLock<TypesetterShared> = OnceLock::new();
    let shared = SHARED.get_or_init(|| {
        TypesetterShared::new(
            Arc::new(FontSet::builtin()),
            "en",
            &PrintSettings::default(),
        )
    });
    let geometry = Geometry::from_settings(&book.print).expect("default print settings");
    // No image files exist in the scratch book; images are the preflight's to check.
    let images = folio::typeset::images::Images::default();
    let mut ts = Typesetter::new(shared);
    let furniture = front::furniture_len(&mut ts, &geometry, book, document);
    let body = compose::compose_body(book, document, &geometry, shared, &images, None, furniture);
    let (front_pages, contents_page) =
        front::front_matter(&mut ts, &geometry, book, document, &body);
    let _ = compose::finish(body, front_pages, contents_page, document);
}

fn check_well_formed(epub: &[u8]) {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(epub)).expect("a zip");
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().to_string();
        if [".xhtml", ".opf", ".ncx", ".xml"]
            .iter()
            .any(|e| name.ends_with(e))
        {
            let mut xml = String::new();
            entry.read_to_string(&mut xml).expect("UTF-8 XML");
            let opts = roxmltree::ParsingOptions {
                allow_dtd: true,
                ..Default::default()
            };
            if let Err(e) = roxmltree::Document::parse_with_options(&xml, opts) {
                panic!("{name} is not well-formed: {e}\n{xml}");
            }
        }
    }
}

/// Replay every input saved under `dir` (crashes the fuzzer found, now fixed).
pub fn replay(dir: &Path, run: fn(&[u8])) -> usize {
    let mut n = 0;
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        if entry.file_type().is_ok_and(|t| t.is_file()) {
            run(&fs::read(entry.path()).unwrap());
            n += 1;
        }
    }
    n
}
