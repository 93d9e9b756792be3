//! A right-to-left book (tests/rtl-book: an Arabic book of three pieces with lists, a block
//! quote, a footnote and a subhead, set in Debian's Noto Naskh Arabic from fonts-noto-core;
//! a missing face skips, and fails under CI=true). What a reader holding the book sees: its
//! rectos are left-hand pages with the gutter at their right, the folios at the outer edge
//! (a recto's left), the contents' page numbers at the left, list markers and the footnote's
//! number and rule at the right; the PDF viewer shows the spreads right to left and the
//! EPUB's spine turns right to left. The same book in English turns left to right again,
//! with the same Arabic pieces set right to left inside it.

mod common;

use std::path::{Path, PathBuf};

use common::{build_ok, in_ci, python_on, repo_root, require_python_module};

const ARABIC_FACE: &str = "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf";

/// The fixture in a temporary root with the Arabic face in its fonts/, book.yaml's
/// `language: ar` replaced by `language` and `yaml` appended; `None` (skipped) when the
/// face is not installed.
fn book(language: &str, yaml: &str) -> Option<tempfile::TempDir> {
    if !Path::new(ARABIC_FACE).exists() {
        assert!(
            !in_ci(),
            "{ARABIC_FACE} is required under CI=true (fonts-noto-core)"
        );
        eprintln!("SKIPPED: {ARABIC_FACE} not installed");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(
        &repo_root().join("tests/rtl-book/manuscript"),
        &dir.path().join("manuscript"),
    );
    let yaml_path = dir.path().join("manuscript/book.yaml");
    let text = std::fs::read_to_string(&yaml_path).unwrap();
    let text = text.replace("language: ar", &format!("language: {language}"));
    std::fs::write(&yaml_path, format!("{text}{yaml}")).unwrap();
    std::fs::create_dir_all(dir.path().join("fonts")).unwrap();
    std::fs::copy(
        ARABIC_FACE,
        dir.path().join("fonts/NotoNaskhArabic-Regular.ttf"),
    )
    .unwrap();
    Some(dir)
}

/// Build `root` into root/out: (pdf, epub).
fn build(root: &Path) -> (PathBuf, PathBuf) {
    let out = root.join("out");
    build_ok(root, &out);
    let file = |ext: &str| {
        std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|e| e == ext))
            .unwrap()
    };
    (file("pdf"), file("epub"))
}

/// Every page's size, words (x0, y0, x1, y1, text; y from the top, as PyMuPDF gives it)
/// and horizontal rules (x0, x1, y), as JSON.
const PAGES_SCRIPT: &str = r#"
import sys, json, pymupdf
doc = pymupdf.open(sys.argv[1])
pages = []
for page in doc:
    words = [[w[0], w[1], w[2], w[3], w[4]] for w in page.get_text("words")]
    rules = []
    for d in page.get_drawings():
        for item in d["items"]:
            if item[0] == "l" and abs(item[1].y - item[2].y) < 0.1:
                rules.append([min(item[1].x, item[2].x), max(item[1].x, item[2].x), item[1].y])
    pages.append({"width": page.rect.width, "height": page.rect.height,
                  "words": words, "rules": rules})
print(json.dumps(pages))
"#;

#[derive(Debug, Clone)]
struct Word {
    x0: f32,
    y0: f32,
    x1: f32,
    text: String,
}

#[derive(Debug)]
struct PageSeen {
    width: f32,
    height: f32,
    words: Vec<Word>,
    rules: Vec<(f32, f32, f32)>,
}

impl PageSeen {
    /// The words set in the text block: below the running head's band.
    fn body(&self) -> impl Iterator<Item = &Word> {
        let head_band = self.height * 0.12;
        self.words.iter().filter(move |w| w.y0 > head_band)
    }

    /// The running head's folio: figures in the band above the text block.
    fn head_folio(&self) -> Option<&Word> {
        let head_band = self.height * 0.12;
        self.words
            .iter()
            .find(|w| w.y0 < head_band && w.text.chars().all(|c| c.is_ascii_digit()))
    }

    /// The words on the same line as `word` (their tops within 2 pt), `word` left out.
    fn line_of<'a>(&'a self, word: &'a Word) -> impl Iterator<Item = &'a Word> {
        self.words
            .iter()
            .filter(move |w| (w.y0 - word.y0).abs() < 2.0 && !std::ptr::eq(*w, word))
    }
}

fn pages_of(pdf: &Path) -> Vec<PageSeen> {
    let json: serde_json::Value = serde_json::from_str(&python_on(PAGES_SCRIPT, pdf)).unwrap();
    let f = |v: &serde_json::Value| v.as_f64().unwrap() as f32;
    json.as_array()
        .unwrap()
        .iter()
        .map(|p| PageSeen {
            width: f(&p["width"]),
            height: f(&p["height"]),
            words: p["words"]
                .as_array()
                .unwrap()
                .iter()
                .map(|w| Word {
                    x0: f(&w[0]),
                    y0: f(&w[1]),
                    x1: f(&w[2]),
                    text: w[4].as_str().unwrap().to_owned(),
                })
                .collect(),
            rules: p["rules"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| (f(&r[0]), f(&r[1]), f(&r[2])))
                .collect(),
        })
        .collect()
}

/// The body's pages (the first piece's opening on) of one parity, 0 for rectos: the text
/// block's margins over all of them, (left, right), from the extremes of their words.
fn margins(pages: &[PageSeen], first_body: usize, parity: usize) -> (f32, f32) {
    let mut left = f32::MAX;
    let mut right = f32::MAX;
    for (i, page) in pages.iter().enumerate().skip(first_body) {
        if i % 2 != parity {
            continue;
        }
        for w in page.body() {
            left = left.min(w.x0);
            right = right.min(page.width - w.x1);
        }
    }
    (left, right)
}

/// The page opening the first piece: the one whose text starts with its first words.
fn first_body_page(pages: &[PageSeen]) -> usize {
    pages
        .iter()
        .position(|p| p.words.iter().any(|w| w.text == "المتظاهرين"))
        .expect("the first piece's page")
}

fn direction(pdf: &Path) -> Option<Vec<u8>> {
    let doc = lopdf::Document::load(pdf).unwrap();
    let prefs = doc
        .catalog()
        .unwrap()
        .get(b"ViewerPreferences")
        .unwrap()
        .as_dict()
        .unwrap();
    prefs
        .get(b"Direction")
        .ok()
        .map(|d| d.as_name().unwrap().to_vec())
}

fn opf(epub: &Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(epub).unwrap()).unwrap();
    let mut s = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("OEBPS/content.opf").unwrap(), &mut s).unwrap();
    s
}

/// The list items of the fixture, by their first words, and their markers as a reader sees
/// them, left to right: a right-to-left list's "1." reads from the right, its full stop at
/// the left of its figure.
const ITEMS: &[(&str, &str)] = &[
    ("فرص", "•"),
    ("خبز", "•"),
    ("حرية", "•"),
    ("ارتفاع", ".1"),
    ("قلة", ".2"),
    ("تغير", ".3"),
];

/// Each list item's marker stands right of every other word on the item's first line, and
/// reads as `ITEMS` says (extractors may cut ".1" into two words: its glyphs, left to right).
fn markers_at_the_right(pages: &[PageSeen]) {
    for (first_word, marker) in ITEMS {
        let (page, word) = pages
            .iter()
            .find_map(|p| Some((p, p.words.iter().find(|w| w.text == *first_word)?)))
            .unwrap_or_else(|| panic!("the item starting {first_word}"));
        let is_mark = |w: &Word| {
            w.text
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == '•')
        };
        let mut marks: Vec<&Word> = page.line_of(word).filter(|w| is_mark(w)).collect();
        marks.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        let seen: String = marks.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(seen, *marker, "the marker on the line of {first_word}");
        let left = marks[0].x0;
        for o in page.line_of(word).filter(|w| !is_mark(w)).chain([word]) {
            assert!(left > o.x1, "marker {marks:?} is not right of {o:?}");
        }
    }
}

#[test]
fn a_right_to_left_book_has_its_pages_mirrored() {
    if !require_python_module("pymupdf") {
        return;
    }
    let (Some(rtl_dir), Some(ltr_dir)) = (book("ar", ""), book("en", "")) else {
        return;
    };
    let (rtl_pdf, rtl_epub) = build(rtl_dir.path());
    let (ltr_pdf, ltr_epub) = build(ltr_dir.path());
    let rtl = pages_of(&rtl_pdf);
    let ltr = pages_of(&ltr_pdf);
    assert_eq!(rtl.len(), ltr.len(), "the same pages either way");
    assert!(rtl.len() >= 12, "several body pages: {}", rtl.len());
    let first = first_body_page(&rtl);
    assert_eq!(first % 2, 0, "the first piece opens on a recto");
    assert_eq!(first, first_body_page(&ltr));

    // The gutter (inner margin) is at a right-to-left recto's right and its verso's left:
    // the mirror of the same book turning left to right.
    let (rl, rr) = margins(&rtl, first, 0);
    let (vl, vr) = margins(&rtl, first, 1);
    let (ltr_rl, ltr_rr) = margins(&ltr, first, 0);
    let (ltr_vl, ltr_vr) = margins(&ltr, first, 1);
    let gutter = rr - rl;
    assert!(gutter > 3.0, "recto margins (left, right) = ({rl}, {rr})");
    assert!((vl - vr - gutter).abs() < 0.5, "verso ({vl}, {vr})");
    assert!(
        (ltr_rl - ltr_rr - gutter).abs() < 0.5,
        "ltr recto ({ltr_rl}, {ltr_rr})"
    );
    assert!(
        (ltr_vr - ltr_vl - gutter).abs() < 0.5,
        "ltr verso ({ltr_vl}, {ltr_vr})"
    );
    assert!((rl - ltr_rr).abs() < 0.5 && (rr - ltr_rl).abs() < 0.5);

    // Folios at the outer edge: a right-to-left recto's left, its verso's right.
    let mut folios = 0;
    for (pages, outer_right_on_recto) in [(&rtl, false), (&ltr, true)] {
        for (i, page) in pages.iter().enumerate().skip(first) {
            let Some(folio) = page.head_folio() else {
                continue;
            };
            let right = (i % 2 == 0) == outer_right_on_recto;
            let (left_margin, right_margin) = margins(pages, first, i % 2);
            if right {
                assert!(
                    (page.width - folio.x1 - right_margin).abs() < 0.5,
                    "page {i}: folio {folio:?} not at the right"
                );
            } else {
                assert!(
                    (folio.x0 - left_margin).abs() < 0.5,
                    "page {i}: folio {folio:?} not at the left"
                );
            }
            folios += 1;
        }
    }
    assert!(folios >= 4, "{folios} running heads' folios");

    // The contents' page numbers stand at the left of their titles, at the block's left
    // edge; the English book's at the right.
    let contents = |pages: &[PageSeen]| -> (Vec<Word>, Vec<Word>) {
        let page = pages
            .iter()
            .find(|p| p.words.iter().any(|w| w.text == "المحتويات"))
            .expect("the contents page");
        let numbers: Vec<Word> = page
            .body()
            .filter(|w| w.text.chars().all(|c| c.is_ascii_digit()))
            .cloned()
            .collect();
        let titles: Vec<Word> = page
            .body()
            .filter(|w| w.text.chars().any(char::is_alphabetic) && w.text != "المحتويات")
            .cloned()
            .collect();
        (numbers, titles)
    };
    let (numbers, titles) = contents(&rtl);
    assert_eq!(numbers.len(), 3, "{numbers:?}");
    let titles_left = titles.iter().map(|w| w.x0).fold(f32::MAX, f32::min);
    for n in &numbers {
        assert!(n.x1 < titles_left, "number {n:?} not left of the titles");
    }
    let (numbers, titles) = contents(&ltr);
    let titles_right = titles.iter().map(|w| w.x1).fold(0.0, f32::max);
    for n in &numbers {
        assert!(n.x0 > titles_right, "number {n:?} not right of the titles");
    }

    // The Arabic pieces' list markers hang at their items' right, in either book.
    for pages in [&rtl, &ltr] {
        markers_at_the_right(pages);
    }

    // The footnote: its number at the right of its line, its rule a quarter of the measure
    // ending at the block's right edge.
    for pages in [&rtl, &ltr] {
        let (i, page) = pages
            .iter()
            .enumerate()
            .find(|(_, p)| p.words.iter().any(|w| w.text == "نقلت"))
            .expect("the footnote's page");
        // (its figure; its full stop, which reads after it, is set at its left)
        let number = page
            .words
            .iter()
            .find(|w| w.text.trim_end_matches(['.', '\u{2002}']) == "1" && w.y0 > page.height * 0.7)
            .expect("the footnote's number");
        for o in page.line_of(number) {
            // (the number's word holds the en space after it, which touches the text)
            assert!(
                number.x0 > o.x1 - 0.5,
                "note number {number:?} left of {o:?}"
            );
        }
        let right_edge = page.width - margins(pages, first, i % 2).1;
        let (x0, x1, _) = *page.rules.first().expect("the footnote rule");
        assert!(
            (x1 - right_edge).abs() < 0.5,
            "rule {x0}..{x1}, block ends {right_edge}"
        );
        assert!(x0 > page.width / 2.0, "rule {x0}..{x1}");
    }

    // A right-to-left piece's table: its first column is its rightmost, in either book.
    for pages in [&rtl, &ltr] {
        let (page, city) = pages
            .iter()
            .find_map(|p| Some((p, p.words.iter().find(|w| w.text == "القاهرة")?)))
            .expect("the table's first row");
        let count = page
            .line_of(city)
            .find(|w| w.text == "عشرة")
            .expect("its second cell");
        assert!(
            city.x0 > count.x1,
            "first column {city:?} left of the second {count:?}"
        );
    }

    // A viewer shows the spreads right page first; the English book's as usual.
    assert_eq!(direction(&rtl_pdf).as_deref(), Some(&b"R2L"[..]));
    assert_eq!(direction(&ltr_pdf), None);
    // The EPUB's spine turns the same way.
    assert!(opf(&rtl_epub).contains("page-progression-direction=\"rtl\""));
    assert!(opf(&ltr_epub).contains("page-progression-direction=\"ltr\""));
}

#[test]
fn a_right_to_left_book_bleeds_at_a_rectos_left_edge() {
    let (Some(rtl_dir), Some(ltr_dir)) = (book("ar", ""), book("en", "")) else {
        return;
    };
    let yaml = "  bleed: true\n";
    // book.yaml ends in its `print:` mapping: the key joins it.
    for dir in [&rtl_dir, &ltr_dir] {
        let path = dir.path().join("manuscript/book.yaml");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.trim_end().ends_with("font-size: 12pt"), "{text}");
        std::fs::write(&path, format!("{text}{yaml}")).unwrap();
    }
    // The trim box's left edge on the first page (a recto) and the second (a verso): the
    // bleed lies on the fore-edge only, never at the spine.
    let trim_x = |dir: &tempfile::TempDir| -> (f32, f32) {
        let (pdf, _) = build(dir.path());
        let doc = lopdf::Document::load(&pdf).unwrap();
        let pages = doc.get_pages();
        let x = |n: u32| {
            let page = doc.get_dictionary(pages[&n]).unwrap();
            common::numbers(page.get(b"TrimBox").unwrap())[0]
        };
        (x(1), x(2))
    };
    let (recto, verso) = trim_x(&rtl_dir);
    assert!(recto > 8.0 && verso == 0.0, "rtl trim x: {recto}, {verso}");
    let (recto, verso) = trim_x(&ltr_dir);
    assert!(recto == 0.0 && verso > 8.0, "ltr trim x: {recto}, {verso}");
}

/// Each line of text on a cover wrap: (x0, x1, its direction's y component, text); a
/// line along the spine runs down (y +1, PyMuPDF's y grows downwards) or up (-1).
const LINES_SCRIPT: &str = r#"
import sys, pymupdf
page = pymupdf.open(sys.argv[1])[0]
for block in page.get_text("dict")["blocks"]:
    for line in block.get("lines", []):
        text = "".join(s["text"] for s in line["spans"])
        print(f'{line["bbox"][0]:.1f}\t{line["bbox"][2]:.1f}\t{line["dir"][1]:.0f}\t{text}')
"#;

#[test]
fn a_right_to_left_books_cover_has_its_front_at_the_left_and_its_spine_read_upwards() {
    if !require_python_module("pymupdf") {
        return;
    }
    const INCH: f32 = 72.0;
    let lines = |language: &str| -> (folio::cover::CoverGeometry, Vec<(f32, f32, i32, String)>) {
        let dir = tempfile::tempdir().unwrap();
        common::write_file(
            dir.path(),
            "manuscript/book.yaml",
            &format!(
                "title: The Lighthouse Keepers\nauthor: Ann Author\npublisher: Folio Press\n\
                 language: {language}\ndescription: >-\n  Twelve stories of people who keep \
                 the lights burning on coasts no one visits.\nisbn:\n  print: 978-0-306-40615-7\n"
            ),
        );
        common::write_file(dir.path(), "manuscript/01-one.md", "# One\n\nA chapter.\n");
        let book = folio::manuscript::load(dir.path()).expect("the book loads");
        let cover = folio::cover::layout(&book, (6.0 * INCH, 9.0 * INCH), 300, 0).unwrap();
        let pdf = dir.path().join("cover.pdf");
        std::fs::write(&pdf, folio::pdf::write(&cover.layout).unwrap()).unwrap();
        // FOLIO_KEEP_PDF=DIR keeps the covers for a look, as tests/cover.rs does.
        if let Ok(keep) = std::env::var("FOLIO_KEEP_PDF") {
            std::fs::create_dir_all(&keep).unwrap();
            std::fs::copy(&pdf, Path::new(&keep).join(format!("cover-{language}.pdf"))).unwrap();
        }
        let out = python_on(LINES_SCRIPT, &pdf);
        let lines = out
            .lines()
            .map(|l| {
                let f: Vec<&str> = l.splitn(4, '\t').collect();
                (
                    f[0].parse().unwrap(),
                    f[1].parse().unwrap(),
                    f[2].parse::<f32>().unwrap() as i32,
                    f[3].to_owned(),
                )
            })
            .collect();
        (cover.geometry, lines)
    };
    // Where a line of text is: on the left panel, the spine or the right panel, and which
    // way it runs (0 across, 1 down, -1 up).
    let find = |(g, lines): &(folio::cover::CoverGeometry, Vec<(f32, f32, i32, String)>),
                needle: &str,
                across: bool| {
        let bleed = g.bleed;
        let (x0, x1, dir, _) = lines
            .iter()
            .find(|l| l.3.contains(needle) && (l.2 == 0) == across)
            .unwrap_or_else(|| panic!("{needle}: {lines:?}"));
        // PyMuPDF's x is the sheet's: the trim starts at the bleed.
        let (x0, x1) = (x0 - bleed, x1 - bleed);
        let panel = if x1 <= g.spine_left() {
            "left"
        } else if x0 >= g.spine_left() + g.spine {
            "right"
        } else {
            "spine"
        };
        (panel, *dir, x0 - (g.spine_left() + g.spine))
    };
    let ltr = lines("en");
    let rtl = lines("ar");
    // Front (title), back (description, publisher, barcode digits) swap sides.
    assert_eq!(find(&ltr, "Lighthouse", true).0, "right");
    assert_eq!(find(&ltr, "Twelve stories", true).0, "left");
    assert_eq!(find(&rtl, "Lighthouse", true).0, "left");
    assert_eq!(find(&rtl, "Twelve stories", true).0, "right");
    assert_eq!(find(&rtl, "Folio Press", true).0, "right");
    let (panel, _, from_spine) = find(&rtl, "ISBN", true);
    assert_eq!(panel, "right");
    // the barcode by the spine, the publisher at the fore-edge side
    let (_, _, publisher_from_spine) = find(&rtl, "Folio Press", true);
    assert!(
        from_spine < publisher_from_spine,
        "{from_spine} {publisher_from_spine}"
    );
    // The spine's title reads down on a left-to-right book, up on a right-to-left one.
    let (panel, down, _) = find(&ltr, "Lighthouse", false);
    assert_eq!((panel, down), ("spine", 1));
    let (panel, up, _) = find(&rtl, "Lighthouse", false);
    assert_eq!((panel, up), ("spine", -1));
}
