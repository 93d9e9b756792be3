//! The EPUB edition on hand-built books that use every kind of block and the awkward cases
//! (markup characters and control characters in text, links into nowhere, note references
//! repeated or missing, headings whose ids clash with the renderer's own), checked by
//! epubcheck.

mod epub_support;

use std::path::{Path, PathBuf};

use epub_support::{entries, entry, epubcheck};
use folio::doc::{Align, Block, DivisionDoc, Document, Footnote, Inline, PieceDoc};
use folio::manuscript::{Book, Division, ImageFile, Metadata, Piece, PieceMeta, PrintSettings};

const TS: i64 = 1_421_236_800; // 2015-01-14T12:00:00Z

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
            author: byline.map(str::to_string).into_iter().collect(),
            ..PieceMeta::default()
        },
        title: t(title),
        subtitle: None,
        standfirst: None,
        byline: byline.map(str::to_string),
        translated_by: None,
        dateline: None,
        note: vec![],
        blocks,
        notes: vec![],
        source: Default::default(),
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
                matter: Default::default(),
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
        images: Default::default(),
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
                part_label: Some("Part <One> & Two".into()),
                matter: Default::default(),
                id: "part-1".into(),
                pieces: vec![first, second],
            },
            DivisionDoc {
                part: Some("Analysis".into()),
                part_label: Some("Part".into()),
                matter: Default::default(),
                id: "part-2".into(),
                pieces: vec![third],
            },
            DivisionDoc {
                part: None,
                part_label: None,
                matter: Default::default(),
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
        editor: vec!["Eve Editor".into()],
        publisher: Some("Small Press".into()),
        rights: Some("© 2015 Ann Author. All rights reserved.".into()),
        description: Some("Columns, reportage & analysis.".into()),
        language: "en-GB".into(),
        identifier: "urn:uuid:5f0c5e4a-1b7e-4c55-9a0e-0d9c1f3b2a10".into(),
        identifier_given: true,
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
        ..Default::default()
    };
    let mut book = book_for(root, meta, &doc);
    // The loader's second phase, as a build runs it once the IR is made. This IR is made by
    // hand, with no source map: its image blocks name the files.
    let mut refs = Vec::new();
    for (piece, source) in doc.pieces().zip(book.pieces()) {
        folio::doc::visit::each_block(&piece.blocks, &mut |block| {
            if let folio::doc::Block::Image { src, .. } = block {
                refs.push(folio::manuscript::ImageRef {
                    src: src.clone(),
                    file: source.path.clone(),
                    line: 0,
                    column: 0,
                    line_text: None,
                });
            }
        });
    }
    let (images, problems) = folio::manuscript::load_images(&book, &refs);
    assert!(problems.is_empty(), "{problems}");
    book.images = images;
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
    let jpg = std::fs::read(&cover).unwrap();
    book.cover = Some(ImageFile::from_bytes(Path::new("covers/front.jpg"), jpg).unwrap());
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
