//! Line breaking beyond word spaces, read back from the PDF: a book with Chinese and
//! Japanese pieces and an English piece with words too long for any line
//! (tests/breaking-book), and one in Thai (tests/breaking-thai-book), set in Noto faces from
//! Debian's fonts-noto-cjk and fonts-noto-core (copied into a temporary fonts/, never
//! committed). Every glyph's position comes from PyMuPDF, not from the engine's numbers.

mod common;

use std::path::{Path, PathBuf};

use common::{build_ok, copy_tree, pdf_in, python_on, repo_root, require_python_module};

/// The text block of both fixtures: 5x8in, inner and outer margins 54pt.
const LEFT: f64 = 54.0;
const RIGHT: f64 = 360.0 - 54.0;
const BODY_SIZE: f64 = 10.0;

/// A Debian font, or None (a visible skip; a failure under CI=true).
fn debian_font(path: &str) -> Option<PathBuf> {
    let p = PathBuf::from(path);
    if p.is_file() {
        return Some(p);
    }
    assert!(
        !common::in_ci(),
        "{path} is required under CI=true (scripts/test installs fonts-noto-core and fonts-noto-cjk)"
    );
    eprintln!("SKIPPED: {path} not installed (it is required under CI=true)");
    None
}

/// Builds fixture `name` with `font` as its only face: (the PDF, the build's stderr).
fn build(name: &str, font: &Path, dir: &Path) -> (PathBuf, String) {
    let root = dir.join("book");
    copy_tree(&repo_root().join("tests").join(name), &root);
    std::fs::create_dir_all(root.join("fonts")).unwrap();
    std::fs::copy(font, root.join("fonts").join(font.file_name().unwrap())).unwrap();
    let out = dir.join("out");
    let stderr = build_ok(&root, &out);
    let pdf = pdf_in(&out);
    (pdf, stderr)
}

/// A line of the PDF as PyMuPDF sees it.
#[derive(Debug)]
struct PdfLine {
    page: usize,
    /// Left edge of its first glyph, right edge of its last (glyph boxes).
    x0: f64,
    x1: f64,
    size: f64,
    text: String,
}

/// Every text line of every page, in reading order of the page.
fn pdf_lines(pdf: &Path) -> Vec<PdfLine> {
    let script = r#"
import sys, fitz
doc = fitz.open(sys.argv[1])
for n, page in enumerate(doc):
    for block in page.get_text("rawdict")["blocks"]:
        for line in block.get("lines", []):
            chars = [c for span in line["spans"] for c in span["chars"]]
            if not chars:
                continue
            size = max(span["size"] for span in line["spans"])
            text = "".join(c["c"] for c in chars).replace("\t", " ")
            x0 = min(c["bbox"][0] for c in chars if c["c"] != " ") if text.strip() else chars[0]["bbox"][0]
            x1 = max(c["bbox"][2] for c in chars if c["c"] != " ") if text.strip() else chars[-1]["bbox"][2]
            print(f"{n}\t{x0:.3f}\t{x1:.3f}\t{size:.2f}\t{text}")
"#;
    python_on(script, pdf)
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.splitn(5, '\t').collect();
            PdfLine {
                page: f[0].parse().unwrap(),
                x0: f[1].parse().unwrap(),
                x1: f[2].parse().unwrap(),
                size: f[3].parse().unwrap(),
                text: f[4].trim_end().to_owned(),
            }
        })
        .collect()
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x9FFF | 0xFF00..=0xFFEF)
}

fn is_thai(c: char) -> bool {
    matches!(c as u32, 0x0E00..=0x0E7F)
}

/// Every glyph of every page lies inside the text block (half a point of rounding), but
/// for light punctuation that margin kerning hangs into the margins by design (at most a
/// quarter em: `paragraph::MAX_HANG_EM`).
fn assert_inside_the_block(lines: &[PdfLine]) {
    for l in lines {
        let hang = 0.25 * l.size;
        let right = if l.text.ends_with(|c: char| ".,;:!?-–—’”)".contains(c)) {
            RIGHT + hang
        } else {
            RIGHT
        };
        let left = if l.text.starts_with(|c: char| "‘“(".contains(c)) {
            LEFT - hang
        } else {
            LEFT
        };
        assert!(
            l.x0 >= left - 0.5 && l.x1 <= right + 0.5,
            "page {}: line {:?} spans {:.2}..{:.2}, the block is {LEFT}..{RIGHT}",
            l.page + 1,
            l.text,
            l.x0,
            l.x1
        );
    }
}

/// The titles of a fixture's pieces (front matter `title:`), which the running heads repeat.
fn titles(fixture: &str, files: &[&str]) -> Vec<String> {
    files
        .iter()
        .filter_map(|f| {
            let text =
                std::fs::read_to_string(repo_root().join("tests").join(fixture).join(f)).unwrap();
            text.lines()
                .find_map(|l| l.strip_prefix("title: "))
                .map(|t| t.trim().to_owned())
        })
        .collect()
}

/// The body lines of the CJK pieces: body size, mostly CJK, not a running head (a line
/// that is only a piece's title).
fn cjk_body<'a>(lines: &'a [PdfLine], heads: &[String]) -> Vec<&'a PdfLine> {
    lines
        .iter()
        .filter(|l| !heads.contains(&l.text))
        .filter(|l| (l.size - BODY_SIZE).abs() < 0.01)
        .filter(|l| l.text.chars().filter(|&c| is_cjk(c)).count() * 2 > l.text.chars().count())
        .collect()
}

fn source_paragraphs(fixture: &str, file: &str) -> Vec<String> {
    let text = std::fs::read_to_string(repo_root().join("tests").join(fixture).join(file)).unwrap();
    let body = text.splitn(3, "---\n").nth(2).unwrap();
    body.split("\n\n")
        .map(|p| p.trim().replace('\n', " "))
        .filter(|p| !p.is_empty())
        .collect()
}

#[test]
fn cjk_and_overlong_words_stay_inside_the_measure_with_kinsoku_and_justification() {
    let Some(font) = debian_font("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc") else {
        return;
    };
    if !require_python_module("fitz") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (pdf, stderr) = build("breaking-book", &font, dir.path());
    let lines = pdf_lines(&pdf);
    assert_inside_the_block(&lines);

    let heads = titles("breaking-book", &["manuscript/zh.md", "manuscript/ja.md"]);
    let body = cjk_body(&lines, &heads);
    assert!(body.len() > 20, "{} CJK body lines", body.len());
    // Kinsoku: no line starts with closing punctuation or ends with opening.
    const NO_START: &str = "、。，．：；！？」』）】〕・ーっゃゅょァィゥェォッャュョ";
    const NO_END: &str = "「『（【〔";
    for l in &body {
        let first = l.text.chars().next().unwrap();
        let last = l.text.chars().next_back().unwrap();
        assert!(
            !NO_START.contains(first),
            "a line starts with {first}: {}",
            l.text
        );
        assert!(
            !NO_END.contains(last),
            "a line ends with {last}: {}",
            l.text
        );
        assert!(!l.text.ends_with('-'), "a hyphen in CJK: {}", l.text);
    }
    // Justified to the measure: every line flush right but each paragraph's last.
    let paragraphs: Vec<String> = ["manuscript/zh.md", "manuscript/ja.md"]
        .iter()
        .flat_map(|f| source_paragraphs("breaking-book", f))
        .collect();
    let mut short = 0;
    for l in &body {
        if (l.x1 - RIGHT).abs() > 0.5 {
            short += 1;
            assert!(
                paragraphs.iter().any(|p| p.ends_with(&l.text)),
                "page {}: {:?} ends at {:.2}, not flush with {RIGHT}, and ends no paragraph",
                l.page + 1,
                l.text,
                l.x1
            );
        }
    }
    assert!(short <= paragraphs.len(), "{short} short lines");
    // Every paragraph's text is there, in order, with nothing added at the line ends.
    let cjk_text: String = body.iter().map(|l| l.text.as_str()).collect();
    for p in &paragraphs {
        assert!(
            cjk_text.contains(p.as_str()),
            "{p} not found in the PDF's lines"
        );
    }
    // "Rust" inside the Chinese text is never split across lines.
    assert!(
        body.iter()
            .all(|l| !l.text.ends_with("Ru") && !l.text.starts_with("st")),
        "Rust split"
    );

    // The URL, with no break opportunity in 300 characters, was broken where it had to be
    // and the build said so, at its place in the source.
    let url_start = "https://archive.example.org/reports?q0";
    assert!(lines.iter().any(|l| l.text.contains(url_start)));
    let warning = stderr
        .lines()
        .position(|l| l.contains("wider than the line and was broken"))
        .unwrap_or_else(|| panic!("no warning for the URL: {stderr}"));
    let rest: String = stderr
        .lines()
        .skip(warning)
        .take(3)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(rest.contains("https://archive.example.org"), "{rest}");
    assert!(rest.contains("en.md:5:1"), "{rest}");
}

#[test]
fn thai_breaks_at_word_boundaries_inside_the_measure() {
    let Some(font) = debian_font("/usr/share/fonts/truetype/noto/NotoSerifThai-Regular.ttf") else {
        return;
    };
    if !require_python_module("fitz") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (pdf, stderr) = build("breaking-thai-book", &font, dir.path());
    assert!(
        !stderr.contains("was broken between two letters"),
        "{stderr}"
    );
    let lines = pdf_lines(&pdf);
    assert_inside_the_block(&lines);
    // The body: body-size Thai lines that are not a title (the opening's or a running
    // head's, which repeat the piece's and the book's titles).
    let mut heads = titles("breaking-thai-book", &["manuscript/th.md"]);
    heads.push("ภาษาไทย".to_owned());
    let body: Vec<&PdfLine> = lines
        .iter()
        .filter(|l| (l.size - BODY_SIZE).abs() < 0.01 && l.text.chars().any(is_thai))
        .filter(|l| !heads.contains(&l.text.trim().to_owned()))
        .collect();
    let paragraphs = source_paragraphs("breaking-thai-book", "manuscript/th.md");
    assert!(body.len() > paragraphs.len(), "{} lines", body.len());
    // Read the lines against the source in order: each line is the source's next stretch
    // of text (a break at a space drops the space, a paragraph's end its newline), and a
    // line that starts where the source has no space starts at one of UAX #14's
    // (dictionary) opportunities, never inside a word.
    let source = paragraphs.join("\n");
    let allowed = folio::typeset::segment::opportunities(&source);
    let mut at = 0;
    for l in &body {
        let text = l.text.trim();
        let skipped = source[at..].len() - source[at..].trim_start().len();
        at += skipped;
        assert!(
            source[at..].starts_with(text),
            "line {text:?} is not the source's next text: {:?}",
            source[at..].chars().take(40).collect::<String>()
        );
        if skipped == 0 && at > 0 {
            assert!(
                allowed.contains(&at),
                "a line starts inside a word: {:?}|{:?}",
                &source[source[..at].char_indices().rev().nth(8).map_or(0, |c| c.0)..at],
                text.chars().take(8).collect::<String>()
            );
        }
        at += text.len();
    }
    assert_eq!(source[at..].trim(), "", "text left unset");
}
