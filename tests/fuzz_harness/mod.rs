//! What the fuzz targets (fuzz/fuzz_targets/) do with one input, shared with the regression
//! tests (tests/fuzz_regressions.rs) so that every crash the fuzzer found is replayed by
//! `cargo test` through exactly the same steps. Nothing here may panic on any input: a panic
//! is the bug being looked for.

#![allow(dead_code)] // each user takes one of the entry points

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

/// The whole build on arbitrary input, in memory: book.yaml and a chapter (split at a line
/// `%%%`, as for [`manuscript`]; without one the whole input is the chapter under a fixed
/// book.yaml) loaded for real, parsed, preflighted, then typeset and rendered as EPUB, PDF
/// (running heads, links, fonts, outline) and cover, as `folio build` does short of writing.
///
/// It also holds the build to a time budget linear in the input's size
/// ([`WHOLE_BUILD_BUDGET`]): a super-linear case (a quadratic title balancer, a line breaker
/// that tries every dash) overruns it and panics, so the fuzzer reports it as a crash rather
/// than as one more slow unit among many. The budget is CPU time of the process (every rayon
/// worker), not wall-clock time, so a loaded machine does not trip it.
pub fn whole_build(data: &[u8]) {
    let started = cpu_seconds();
    let text = String::from_utf8_lossy(data);
    let (yaml, chapter) = match text.split_once("\n%%%\n") {
        Some((yaml, chapter)) => (yaml.to_string(), chapter.to_string()),
        None => (
            "title: Fuzz\nauthor: A\nlanguage: en\ncontents: [manuscript/a.md]\n".to_string(),
            text.to_string(),
        ),
    };
    let root = scratch();
    let manuscript = root.join("manuscript");
    let _ = fs::remove_dir_all(&manuscript);
    fs::create_dir_all(&manuscript).unwrap();
    fs::write(manuscript.join("book.yaml"), &yaml).unwrap();
    fs::write(manuscript.join("a.md"), &chapter).unwrap();
    fs::write(manuscript.join("b.md"), data).unwrap();
    let (book, diags) = folio::manuscript::load_with_diagnostics(&root);
    let _ = diags.to_string();
    let Some(mut book) = book else { return };
    let document = match doc::build(&book) {
        Ok(document) => document,
        Err(d) => {
            let _ = d.to_string();
            return;
        }
    };
    let pre = folio::preflight::check(&mut book, &document);
    if pre.has_errors() {
        let _ = pre.to_string();
        return;
    }
    let editions = folio::commands::editions(None);
    let editions: Vec<&dyn folio::edition::Edition> = editions.iter().map(|e| &**e).collect();
    match folio::build::render_editions(&book, &document, &editions, &|_| {}) {
        Ok((outputs, warnings)) => {
            let _ = warnings.to_string();
            for output in &outputs {
                if output.file_name.ends_with(".epub") {
                    check_well_formed(&output.bytes);
                } else {
                    assert!(output.bytes.starts_with(b"%PDF-"), "{}", output.file_name);
                }
            }
        }
        Err(d) => {
            let _ = d.to_string();
        }
    }
    let spent = cpu_seconds() - started;
    let budget = WHOLE_BUILD_BUDGET.0 + WHOLE_BUILD_BUDGET.1 * data.len() as f64;
    assert!(
        spent <= budget,
        "the build of {} bytes took {spent:.1} s of CPU, over its linear budget of {budget:.1} s",
        data.len()
    );
}

/// [`whole_build`]'s budget: seconds of CPU for any input, plus seconds per byte. A real
/// book builds at about 2 µs of CPU per byte of text with both editions (the example book,
/// fonts loaded anew each time, in under a second); this allows 10 times that, plus a fixed
/// start for loading fonts on a loaded machine. A quadratic cost at 64 KB is past it.
pub const WHOLE_BUILD_BUDGET: (f64, f64) = (3.0, 20e-6);

/// CPU time this process has used, from /proc/self/stat (user + system, every thread),
/// in seconds; 0 where that file does not exist (the budget then never trips).
fn cpu_seconds() -> f64 {
    let Ok(stat) = fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the command name (which is in parentheses and may hold spaces).
    let Some((_, rest)) = stat.rsplit_once(')') else {
        return 0.0;
    };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line; the state, field 3, is first here.
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // The kernel's USER_HZ is 100 on every Linux that folio builds on.
    (ticks(11) + ticks(12)) / 100.0
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
            part_label: Some("Part".into()),
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
