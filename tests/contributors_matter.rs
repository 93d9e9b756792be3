//! Front and back matter (book.yaml's `front:` and `back:`), `print.opening` and
//! `print.running-heads`, on the edited anthology of tests/contributors-book: a dedication,
//! an epigraph and the editor's introduction before the body, acknowledgements after it.

mod common;
mod epub_support;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{build_ok, copy_tree, pdf_in, repo_root, require_tool};
use epub_support::{entries, epubcheck};

/// The fixture in a temporary book root, book.yaml changed by `edit`, built; (dir, out).
fn build_with(edit: impl Fn(String) -> String) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo_root().join("tests/contributors-book"), dir.path());
    let yaml = dir.path().join("manuscript/book.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    std::fs::write(&yaml, edit(text)).unwrap();
    let out = dir.path().join("out");
    build_ok(dir.path(), &out);
    (dir, out)
}

/// Each PDF page's text (pdftotext's form feeds split them), whitespace collapsed.
fn pages(pdf: &Path) -> Vec<String> {
    let out = Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut pages: Vec<String> = text
        .split('\u{c}')
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    pages.pop(); // after the last form feed
    pages
}

/// One page's text as pdftotext lays it out (columns kept on their lines).
fn layout_page(pdf: &Path, page: usize) -> String {
    let n = page.to_string();
    let out = Command::new("pdftotext")
        .args(["-layout", "-f", &n, "-l", &n])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn page_of(pages: &[String], text: &str) -> usize {
    pages
        .iter()
        .position(|p| p.contains(text))
        .unwrap_or_else(|| panic!("no page holds {text:?}: {pages:#?}"))
}

/// The /PageLabels ranges: (first page index, style, start).
fn labels(pdf: &Path) -> Vec<(i64, String, i64)> {
    let doc = lopdf::Document::load(pdf).unwrap();
    let catalog = doc.catalog().unwrap();
    let tree = catalog.get(b"PageLabels").unwrap();
    let tree = match tree {
        lopdf::Object::Reference(r) => doc.get_dictionary(*r).unwrap(),
        other => other.as_dict().unwrap(),
    };
    let nums = tree.get(b"Nums").unwrap().as_array().unwrap();
    nums.chunks(2)
        .map(|pair| {
            let d = pair[1].as_dict().unwrap();
            let style = String::from_utf8_lossy(d.get(b"S").unwrap().as_name().unwrap()).into();
            let start = d.get(b"St").map_or(1, |s| s.as_i64().unwrap());
            (pair[0].as_i64().unwrap(), style, start)
        })
        .collect()
}

#[test]
fn front_and_back_matter_are_typed_in_the_epub_and_listed_in_its_nav() {
    let (_dir, out) = build_with(|y| y);
    let epub = std::fs::read(out.join("voices-gathered.epub")).unwrap();
    epubcheck(&epub, "contributors-matter");
    let files: Vec<(String, String)> = entries(&epub)
        .into_iter()
        .map(|(n, b)| (n, String::from_utf8_lossy(&b).into_owned()))
        .collect();
    let doc_of = |needle: &str| -> &str {
        &files
            .iter()
            .find(|(n, t)| n.ends_with(".xhtml") && t.contains(needle))
            .unwrap_or_else(|| panic!("no document holds {needle:?}"))
            .1
    };
    for (epub_type, text) in [
        ("dedication", "For the readers who wrote back"),
        ("epigraph", "Every voice is a place"),
        ("introduction", "This book gathers pieces"),
    ] {
        let d = doc_of(text);
        assert!(d.contains("epub:type=\"frontmatter\""), "{epub_type}: {d}");
        assert!(
            d.contains(&format!(
                "<section class=\"piece\" epub:type=\"{epub_type}\""
            )),
            "{d}"
        );
    }
    let ack = doc_of("The editor thanks the contributors");
    assert!(ack.contains("epub:type=\"backmatter\""), "{ack}");
    assert!(ack.contains("epub:type=\"acknowledgments\""), "{ack}");
    // A body piece is neither.
    let body = doc_of("Two people wrote this report");
    assert!(!body.contains("matter\""), "{body}");

    let nav = &files
        .iter()
        .find(|(n, _)| n.ends_with("nav.xhtml"))
        .unwrap()
        .1;
    let landmarks = &nav[nav.find("epub:type=\"landmarks\"").unwrap()..];
    for t in [
        "frontmatter",
        "bodymatter",
        "backmatter",
        "dedication",
        "epigraph",
        "introduction",
        "acknowledgments",
    ] {
        assert!(
            landmarks.contains(&format!("<a epub:type=\"{t}\"")),
            "{t}: {landmarks}"
        );
    }
    // The start of the text is the first piece of the body, not the dedication.
    let file_of = |text: &str| {
        files
            .iter()
            .find(|(n, t)| n.ends_with(".xhtml") && t.contains(text) && !n.ends_with("nav.xhtml"))
            .map(|(n, _)| n.rsplit('/').next().unwrap().to_owned())
            .unwrap()
    };
    let first_body = file_of("Two people wrote this report");
    assert!(
        landmarks.contains(&format!(
            "<a epub:type=\"bodymatter\" href=\"{first_body}\""
        )),
        "{landmarks}"
    );
    // The toc lists the front and back matter in reading order around the body.
    let toc = &nav[..nav.find("epub:type=\"landmarks\"").unwrap()];
    let at = |t: &str| toc.find(t).unwrap_or_else(|| panic!("{t} not in {toc}"));
    assert!(at(">Dedication<") < at(">Introduction<"));
    assert!(at(">Introduction<") < at(">A Joint Report<"));
    assert!(at(">Le Jour d’après<") < at(">Acknowledgements<"));
    assert!(at(">Acknowledgements<") < at(">About the contributors<"));
}

#[test]
fn the_print_front_matter_is_roman_after_the_contents_and_the_back_matter_follows_the_body() {
    if !require_tool("pdftotext", &["-v"]) {
        return;
    }
    let (_dir, out) = build_with(|y| y);
    let pdf = pdf_in(&out);
    let pages = pages(&pdf);
    let contents = page_of(&pages, "About the contributors");
    assert!(
        pages[contents].starts_with("contents"),
        "{}",
        pages[contents]
    );
    let dedication = page_of(&pages, "For the readers who wrote back");
    let epigraph = page_of(&pages, "Every voice is a place");
    let intro = page_of(&pages, "This book gathers pieces");
    let body = page_of(&pages, "Two people wrote this report");
    let last_body = page_of(&pages, "Ce texte est en français");
    let ack = page_of(&pages, "The editor thanks the contributors");
    let about = pages
        .iter()
        .position(|p| p.starts_with("About the contributors"))
        .unwrap();
    assert!(contents < dedication && dedication < epigraph && epigraph < intro && intro < body);
    assert!(last_body < ack && ack < about, "{last_body} {ack} {about}");
    // Each opens on a recto (an even index: page i is index 0).
    for p in [dedication, epigraph, intro, body] {
        assert_eq!(p % 2, 0, "page {} is a verso", p + 1);
    }
    // A dedication and an epigraph carry no title, head or folio: only their own words.
    assert_eq!(
        pages[dedication],
        "For the readers who wrote back, and for Ada."
    );
    assert!(!pages[epigraph].contains("Epigraph"), "{}", pages[epigraph]);
    // The introduction's second page has a running head and a roman folio, as printed
    // ("xii Edna Editor": the verso's head is the piece's author).
    let roman = |n: usize| {
        [
            "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv",
        ][n]
    };
    assert!(
        pages[intro + 1].starts_with(&format!("{} Edna Editor", roman(intro + 1))),
        "{}",
        pages[intro + 1]
    );
    // The contents lists the introduction and the acknowledgements with their folios, not
    // the dedication or the epigraph.
    let c = layout_page(&pdf, contents + 1);
    let line = |t: &str| {
        c.lines()
            .find(|l| l.contains(t))
            .unwrap_or_else(|| panic!("{t} not in the contents: {c}"))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(
        line("Introduction"),
        format!("Introduction Edna Editor {}", roman(intro))
    );
    let ack_folio = ack - body + 1;
    assert_eq!(
        line("Acknowledgements"),
        format!("Acknowledgements {ack_folio}")
    );
    assert!(!c.contains("Dedication") && !c.contains("Epigraph"), "{c}");
    // The page labels: roman from the first page, 1 at the body's first page.
    assert_eq!(
        labels(&pdf),
        vec![(0, "r".into(), 1), (body as i64, "D".into(), 1)]
    );
}

#[test]
fn a_dedication_is_centred_on_its_page() {
    if !require_tool("pdftotext", &["-v"]) {
        return;
    }
    let (_dir, out) = build_with(|y| y);
    let pdf = pdf_in(&out);
    let pages = pages(&pdf);
    let page = page_of(&pages, "For the readers who wrote back") + 1;
    let o = Command::new("pdftotext")
        .args([
            "-bbox-layout",
            "-f",
            &page.to_string(),
            "-l",
            &page.to_string(),
        ])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let html = String::from_utf8_lossy(&o.stdout).into_owned();
    let num = |s: &str, key: &str| -> f32 {
        let at = s.find(&format!("{key}=\"")).unwrap() + key.len() + 2;
        s[at..].split('"').next().unwrap().parse().unwrap()
    };
    let lines: Vec<(f32, f32, f32)> = html
        .split("<line ")
        .skip(1)
        .map(|l| (num(l, "xMin"), num(l, "xMax"), num(l, "yMin")))
        .collect();
    assert_eq!(lines.len(), 2, "{html}");
    let (a, b) = (lines[0], lines[1]);
    assert!(
        (a.1 - a.0 - (b.1 - b.0)).abs() > 20.0,
        "lines of unlike widths"
    );
    assert!(
        ((a.0 + a.1) / 2.0 - (b.0 + b.1) / 2.0).abs() < 1.0,
        "both lines share one centre: {lines:?}"
    );
    // Sunk a third of the way down, not at the head of the page.
    assert!(a.2 > 150.0, "{lines:?}");
}

/// Blank pages (no text at all) of the body, by index.
fn blanks(pages: &[String], from: usize) -> Vec<usize> {
    (from..pages.len())
        .filter(|&i| pages[i].is_empty())
        .collect()
}

#[test]
fn opening_any_removes_the_blank_versos_but_parts_still_open_recto() {
    if !require_tool("pdftotext", &["-v"]) {
        return;
    }
    let with_part = |opening: &'static str| {
        move |y: String| {
            let y = y.replace(
                "  - manuscript/three.md\n  - manuscript/translated.md\n",
                "  - part: Translations\n    chapters: [manuscript/three.md, manuscript/translated.md]\n",
            );
            y.replace("print:\n", &format!("print:\n  opening: {opening}\n"))
        }
    };
    let (_a, recto_out) = build_with(with_part("recto"));
    let (_b, any_out) = build_with(with_part("any"));
    let recto = pages(&pdf_in(&recto_out));
    let any = pages(&pdf_in(&any_out));
    assert!(
        any.len() + 4 <= recto.len(),
        "any: {} pages, recto: {}",
        any.len(),
        recto.len()
    );
    let body = page_of(&any, "Two people wrote this report");
    let part = any
        .iter()
        .position(|p| p.contains("part one Translations"))
        .unwrap_or_else(|| panic!("no part page: {any:#?}"));
    assert_eq!(part % 2, 0, "the part opens on a recto");
    // With `any`, a blank page in the body is the part's own verso or the one before it.
    for b in blanks(&any, body) {
        assert!(
            b + 1 == part || b == part + 1,
            "blank page {b} (part at {part}): {any:#?}"
        );
    }
    // A piece now opens on a verso somewhere, which `recto` never allows.
    let opens = |pages: &[String], t: &str| page_of(pages, t) % 2;
    assert!([
        "Three people wrote",
        "first written in French",
        "Ce texte est en français",
        "The editor thanks"
    ]
    .iter()
    .any(|t| opens(&any, t) == 1));
    for t in [
        "Two people wrote",
        "Three people wrote",
        "first written in French",
        "Ce texte est en français",
    ] {
        assert_eq!(opens(&recto, t), 0, "{t} on a verso with opening: recto");
    }
    assert!(blanks(&recto, page_of(&recto, "Two people wrote")).len() > blanks(&any, body).len());
}

/// The fixture with the introduction retitled and lengthened to four pages, and `heads`
/// as `print.running-heads` (none: folio's default); the introduction's pages' text.
fn introduction_pages(title: &str, short: Option<&str>, heads: Option<&str>) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo_root().join("tests/contributors-book"), dir.path());
    let intro = dir.path().join("manuscript/introduction.md");
    let text = std::fs::read_to_string(&intro).unwrap();
    let (front, body) = text.split_once("\n---\n").unwrap();
    let mut front = front.replace("title: Introduction", &format!("title: \"{title}\""));
    if let Some(short) = short {
        front.push_str(&format!("\nshort-title: \"{short}\""));
    }
    std::fs::write(&intro, format!("{front}\n---\n{body}\n{body}")).unwrap();
    if let Some(heads) = heads {
        let yaml = dir.path().join("manuscript/book.yaml");
        let y = std::fs::read_to_string(&yaml).unwrap();
        std::fs::write(
            &yaml,
            y.replace("print:\n", &format!("print:\n  running-heads: {heads}\n")),
        )
        .unwrap();
    }
    let out = dir.path().join("out");
    build_ok(dir.path(), &out);
    let pages = pages(&pdf_in(&out));
    let first = page_of(&pages, "This book gathers pieces");
    let body = page_of(&pages, "Two people wrote this report");
    pages[first..body]
        .iter()
        .filter(|p| !p.is_empty())
        .cloned()
        .collect()
}

#[test]
fn running_heads_follow_print_running_heads_and_a_long_title_is_cut_with_sense() {
    if !require_tool("pdftotext", &["-v"]) {
        return;
    }
    // Default, for a book whose pieces have authors: verso the author, recto the title.
    let long =
        "The Gathering of Voices from the Newspapers, Reports and Letters of Twenty Years and More";
    let pages = introduction_pages(long, None, None);
    assert!(pages.len() >= 3, "{pages:#?}");
    assert!(pages[1].starts_with("xii Edna Editor"), "{}", pages[1]);
    // The recto's head: cut at the clause mark, no ellipsis, before its folio.
    assert!(
        pages[2].starts_with("The Gathering of Voices from the Newspapers xiii"),
        "{}",
        pages[2]
    );
    assert!(!pages.iter().any(|p| p.contains('\u{2026}')));
    // A short title is used when the title is too long.
    let pages = introduction_pages(
        long,
        Some("Gathered Voices"),
        Some("{verso: book, recto: author}"),
    );
    assert!(pages[1].starts_with("xii Voices Gathered"), "{}", pages[1]);
    assert!(pages[2].starts_with("Edna Editor xiii"), "{}", pages[2]);
    let pages = introduction_pages(long, Some("Gathered Voices"), None);
    assert!(pages[2].starts_with("Gathered Voices xiii"), "{}", pages[2]);
}

#[test]
fn the_copyright_page_names_the_embedded_typeface_and_no_urn() {
    if !require_tool("pdftotext", &["-v"]) {
        return;
    }
    let (_dir, out) = build_with(|y| y);
    let pages = pages(&pdf_in(&out));
    let copyright = &pages[3];
    assert!(
        copyright.contains("Typeset with folio in EB Garamond"),
        "{copyright}"
    );
    assert!(!pages.iter().any(|p| p.contains("urn:")), "{copyright}");
    let o = Command::new("pdffonts").arg(pdf_in(&out)).output().unwrap();
    assert!(String::from_utf8_lossy(&o.stdout).contains("EBGaramond"));
}
