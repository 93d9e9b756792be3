//! The EPUB edition end to end on books on disk: the example anthology at the repository root
//! and a temporary book with bylines, through the loader and the Markdown parser, checked by
//! epubcheck and against their Markdown sources.

mod epub_support;

use std::path::Path;

use epub_support::{entry, epubcheck};
use folio::manuscript::Book;

const TS: i64 = 1_421_236_800; // 2015-01-14T12:00:00Z

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
