//! Tests of the whole edition on hand-built books: determinism, the zip's shape, the OPF's
//! ids, well-formedness of every document, the nav's nesting, cover and images.

use std::collections::HashSet;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use zip::ZipArchive;

use super::render;
use crate::doc::{Block, DivisionDoc, Document, Footnote, Inline, PieceDoc};
use crate::manuscript::{Book, Division, ImageFile, Metadata, Piece, PieceMeta, PrintSettings};

const TS: i64 = 1_421_236_800; // 2015-01-14T12:00:00Z

fn t(s: &str) -> Vec<Inline> {
    vec![Inline::Text(s.into())]
}

fn piece(n: usize, title: &str, byline: Option<&str>, blocks: Vec<Block>) -> PieceDoc {
    PieceDoc {
        id: format!("piece-{n}"),
        path: PathBuf::from(format!("manuscript/p{n}.md")),
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

fn h2(text: &str, id: &str) -> Block {
    Block::Heading {
        level: 2,
        content: t(text),
        id: id.into(),
    }
}

/// A book of two parts and a loose piece, with an author and two contributors' bylines.
fn sample(root: &Path) -> (Book, Document) {
    let mut p1 = piece(
        1,
        "Rock & <Roll>",
        Some("Cat Contributor"),
        vec![
            Block::Paragraph(vec![
                Inline::Text("Ctrl\u{1}chars & \"quotes\" <tags>".into()),
                Inline::NoteRef(1),
            ]),
            h2("First section", "first"),
            Block::Paragraph(t("More text.")),
            h2("Second section", "second"),
        ],
    );
    p1.notes = vec![Footnote {
        number: 1,
        label: "1".into(),
        blocks: vec![Block::Paragraph(t("A note."))],
    }];
    p1.standfirst = Some(t("Standfirst."));
    p1.note = vec![Block::Paragraph(t("Author's note."))];
    let p2 = piece(
        2,
        "Second",
        Some("Dan Other"),
        vec![Block::Paragraph(t("Two."))],
    );
    let p3 = piece(
        3,
        "Third",
        Some("Ann Author"),
        vec![Block::Paragraph(t("Three."))],
    );
    let p4 = piece(4, "Loose", None, vec![Block::Paragraph(t("Four."))]);
    let doc = Document {
        divisions: vec![
            DivisionDoc {
                part: Some("Reviews".into()),
                part_label: Some("Part One".into()),
                matter: Default::default(),
                id: "part-1".into(),
                pieces: vec![p1, p2],
            },
            DivisionDoc {
                part: Some("Analysis".into()),
                part_label: Some("Part Two".into()),
                matter: Default::default(),
                id: "part-2".into(),
                pieces: vec![p3],
            },
            DivisionDoc {
                part: None,
                part_label: None,
                matter: Default::default(),
                id: "part-3".into(),
                pieces: vec![p4],
            },
        ],
        warnings: Default::default(),
    };
    let divisions = doc
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
        .collect();
    let book = Book {
        root: root.to_path_buf(),
        meta: Metadata {
            title: "Seen & Heard".into(),
            subtitle: Some("January 2015".into()),
            authors: vec!["Ann Author".into()],
            publisher: Some("Small Press".into()),
            rights: Some("© 2015 Ann Author".into()),
            description: Some("Columns.".into()),
            language: "en-GB".into(),
            identifier: "urn:uuid:5f0c5e4a-1b7e-4c55-9a0e-0d9c1f3b2a10".into(),
            identifier_given: true,
            subjects: vec!["Journalism".into()],
            ..Metadata::default()
        },
        print: PrintSettings::default(),
        divisions,
        cover: None,
        images: Default::default(),
        fonts: vec![],
        warnings: Default::default(),
    };
    (book, doc)
}

/// The sample book as an EPUB.
fn sample_epub() -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let (book, doc) = sample(dir.path());
    render(&book, &doc, TS).unwrap()
}

/// Parse XML, allowing the `<!DOCTYPE html>` every XHTML document carries.
fn parse_xml(text: &str) -> Result<roxmltree::Document<'_>, roxmltree::Error> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(text, options)
}

fn entries(epub: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut z = ZipArchive::new(Cursor::new(epub)).unwrap();
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
    let (_, b) = entries(epub)
        .into_iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no {name}"));
    String::from_utf8(b).unwrap()
}

#[test]
fn same_inputs_give_byte_identical_epubs() {
    let dir = tempfile::tempdir().unwrap();
    let (book, doc) = sample(dir.path());
    let a = render(&book, &doc, TS).unwrap();
    let b = render(&book, &doc, TS).unwrap();
    assert_eq!(a, b);
    let c = render(&book, &doc, TS + 86_400).unwrap();
    assert_ne!(a, c, "the timestamp is part of the output");
}

#[test]
fn mimetype_is_first_stored_and_every_entry_has_the_build_time() {
    let epub = sample_epub();
    assert_eq!(&epub[30..38], b"mimetype");
    assert_eq!(&epub[38..58], b"application/epub+zip");
    let mut z = ZipArchive::new(Cursor::new(&epub)).unwrap();
    assert_eq!(
        z.by_index(0).unwrap().compression(),
        zip::CompressionMethod::Stored
    );
    for i in 0..z.len() {
        let f = z.by_index(i).unwrap();
        let time = f.last_modified().unwrap();
        assert_eq!(
            (time.year(), time.month(), time.day(), time.hour()),
            (2015, 1, 14, 12),
            "{}",
            f.name()
        );
    }
}

#[test]
fn opf_ids_are_unique_with_an_author_and_two_bylines() {
    let epub = sample_epub();
    let opf = entry(&epub, "OEBPS/content.opf");
    assert!(!opf.contains("epub-creator"), "{opf}");
    let xml = parse_xml(&opf).unwrap();
    let ids: Vec<&str> = xml
        .descendants()
        .filter_map(|n| n.attribute("id"))
        .collect();
    let unique: HashSet<_> = ids.iter().collect();
    assert_eq!(ids.len(), unique.len(), "duplicate ids: {ids:?}");
    let text_of = |tag: &str| -> Vec<String> {
        xml.descendants()
            .filter(|n| n.tag_name().name() == tag)
            .map(|n| n.text().unwrap_or("").to_string())
            .collect()
    };
    assert_eq!(text_of("creator"), ["Ann Author"]);
    // Bylines other than the author's, each once.
    assert_eq!(text_of("contributor"), ["Cat Contributor", "Dan Other"]);
    assert_eq!(text_of("language"), ["en-GB"]);
    assert_eq!(
        text_of("identifier")[0],
        "urn:uuid:5f0c5e4a-1b7e-4c55-9a0e-0d9c1f3b2a10"
    );
    assert!(opf.contains("unique-identifier=\"pub-id\""));
    assert!(opf.contains("<meta property=\"dcterms:modified\">2015-01-14T12:00:00Z</meta>"));
    for prop in [
        "schema:accessMode",
        "schema:accessModeSufficient",
        "schema:accessibilityFeature",
        "schema:accessibilityHazard",
        "schema:accessibilitySummary",
    ] {
        assert!(opf.contains(&format!("property=\"{prop}\"")), "{prop}");
    }
    assert!(opf.contains("properties=\"cover-image\""));
}

#[test]
fn every_document_is_well_formed_and_carries_the_language() {
    let epub = sample_epub();
    let mut xhtml_count = 0;
    for (name, bytes) in entries(&epub) {
        let is_xml = [".xhtml", ".opf", ".ncx", ".xml", ".svg"]
            .iter()
            .any(|e| name.ends_with(e));
        if !is_xml {
            continue;
        }
        let text = String::from_utf8(bytes).unwrap();
        let xml =
            parse_xml(&text).unwrap_or_else(|e| panic!("{name} is not well-formed: {e}\n{text}"));
        if name.ends_with(".xhtml") {
            xhtml_count += 1;
            let root = xml.root_element();
            assert_eq!(root.attribute("lang"), Some("en-GB"), "{name}");
            assert_eq!(
                root.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
                Some("en-GB"),
                "{name}"
            );
        }
    }
    // cover, title, copyright, contents, 2 part pages, 4 pieces, nav
    assert_eq!(xhtml_count, 11);
    let p1 = entry(&epub, "OEBPS/piece-1.xhtml");
    assert!(p1.contains("Ctrlchars &amp; \"quotes\" &lt;tags&gt;"));
    assert!(p1.contains("<p class=\"standfirst\">Standfirst.</p>"));
    assert!(p1.contains("<div class=\"author-note\" role=\"note\">"));
    assert!(p1.contains("<aside epub:type=\"footnote\" role=\"doc-footnote\" id=\"fn-1\">"));
}

#[test]
fn nav_nests_parts_then_pieces_then_sections() {
    let epub = sample_epub();
    let nav = entry(&epub, "OEBPS/nav.xhtml");
    let xml = parse_xml(&nav).unwrap();
    let toc = xml
        .descendants()
        .find(|n| n.attribute(("http://www.idpf.org/2007/ops", "type")) == Some("toc"))
        .unwrap();
    // Walk the toc into (depth, href) pairs.
    fn walk(node: roxmltree::Node, depth: usize, out: &mut Vec<(usize, String)>) {
        for child in node.children().filter(|c| c.is_element()) {
            match child.tag_name().name() {
                "ol" => walk(child, depth + 1, out),
                "li" => walk(child, depth, out),
                "a" => out.push((depth, child.attribute("href").unwrap().to_string())),
                _ => {}
            }
        }
    }
    let mut found = Vec::new();
    walk(toc, 0, &mut found);
    let expected: Vec<(usize, String)> = [
        (1, "part-1.xhtml"),
        (2, "piece-1.xhtml"),
        (3, "piece-1.xhtml#first"),
        (3, "piece-1.xhtml#second"),
        (2, "piece-2.xhtml"),
        (1, "part-2.xhtml"),
        (2, "piece-3.xhtml"),
        (1, "piece-4.xhtml"),
    ]
    .iter()
    .map(|(d, h)| (*d, h.to_string()))
    .collect();
    assert_eq!(found, expected);
    for landmark in ["cover", "toc", "bodymatter"] {
        assert!(
            nav.contains(&format!("epub:type=\"{landmark}\"")),
            "{landmark}"
        );
    }
    // Every anchor the nav names exists in its document.
    for (_, href) in &found {
        if let Some((file, id)) = href.split_once('#') {
            let target = entry(&epub, &format!("OEBPS/{file}"));
            assert!(target.contains(&format!("id=\"{id}\"")), "{href}");
        }
    }
}

#[test]
fn book_without_author_has_no_creator() {
    let dir = tempfile::tempdir().unwrap();
    let (mut book, doc) = sample(dir.path());
    book.meta.authors.clear();
    let epub = render(&book, &doc, TS).unwrap();
    let opf = entry(&epub, "OEBPS/content.opf");
    assert!(!opf.contains("dc:creator"));
    // Ann Author is now only a byline: a contributor like the others.
    assert_eq!(opf.matches("<dc:contributor").count(), 3);
}

fn write_png(path: &Path, w: u32, h: u32) {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    img.save(path).unwrap();
}

#[test]
fn given_cover_is_embedded_and_scaled_down() {
    let dir = tempfile::tempdir().unwrap();
    write_png(&dir.path().join("covers/front.png"), 2700, 1620);
    let (mut book, doc) = sample(dir.path());
    let png = std::fs::read(dir.path().join("covers/front.png")).unwrap();
    book.cover = Some(ImageFile::from_bytes(Path::new("covers/front.png"), png).unwrap());
    let epub = render(&book, &doc, TS).unwrap();
    let (_, bytes) = entries(&epub)
        .into_iter()
        .find(|(n, _)| n == "OEBPS/images/cover.png")
        .unwrap();
    let img = image::load_from_memory(&bytes).unwrap();
    assert_eq!((img.width(), img.height()), (2560, 1536));
    let opf = entry(&epub, "OEBPS/content.opf");
    assert!(opf.contains("href=\"images/cover.png\""));
    assert!(opf.contains("id=\"cover-image\""));
    assert_eq!(
        epub,
        render(&book, &doc, TS).unwrap(),
        "scaling is deterministic"
    );
}

#[test]
fn body_images_are_embedded_with_alt_text() {
    let dir = tempfile::tempdir().unwrap();
    write_png(&dir.path().join("images/map.png"), 20, 10);
    let (mut book, mut doc) = sample(dir.path());
    doc.divisions[0].pieces[1].blocks.push(Block::Image {
        src: "images/map.png".into(),
        alt: "A map of Paris".into(),
        title: "Paris".into(),
    });
    // The IR here is made by hand, with no source map: name the image to the loader directly.
    let image = crate::manuscript::ImageRef {
        src: "images/map.png".into(),
        file: "manuscript/p2.md".into(),
        line: 0,
        column: 0,
        line_text: None,
    };
    let (images, problems) = crate::manuscript::load_images(&book, &[image]);
    assert!(problems.is_empty(), "{problems}");
    book.images = images;
    let epub = render(&book, &doc, TS).unwrap();
    let p2 = entry(&epub, "OEBPS/piece-2.xhtml");
    assert!(p2.contains("<img src=\"images/img-1.png\" alt=\"A map of Paris\"/>"));
    assert!(entries(&epub)
        .iter()
        .any(|(n, _)| n == "OEBPS/images/img-1.png"));
    let opf = entry(&epub, "OEBPS/content.opf");
    assert!(opf.contains("alternativeText"));
    assert!(opf.contains("<meta property=\"schema:accessMode\">visual</meta>"));
}

#[test]
fn missing_image_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let (book, mut doc) = sample(dir.path());
    doc.divisions[0].pieces[0].blocks.push(Block::Image {
        src: "images/gone.png".into(),
        alt: String::new(),
        title: String::new(),
    });
    let err = render(&book, &doc, TS).unwrap_err();
    assert!(
        err.contains("images/gone.png") && err.contains("manuscript/p1.md"),
        "{err}"
    );
}
