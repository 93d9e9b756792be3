//! Blocks that run the piece's way (issue 14; tests/bidi-book: an English book with an Arabic
//! piece, `language: ar`, and an English one, set in the built-in face and Debian's Noto
//! Naskh Arabic from fonts-noto-core, copied into a temporary copy of the book: a missing face
//! skips, and fails under CI=true). What a reader sees, read back from the PDF glyph by glyph
//! with PyMuPDF and from the EPUB: an Arabic paragraph that opens on a Latin word or a figure
//! still runs right to left from the right edge; a word half Arabic, half figures reads
//! both halves the right way; list markers hang at the right and read ".1"; code reads left
//! to right in a block at the right; an English paragraph quoting Arabic first stays left to
//! right; quotation marks follow the language of their span. The EPUB says the same (`dir`s,
//! `<pre dir="ltr">`) and passes epubcheck.

mod common;
mod epub_support;

use std::path::{Path, PathBuf};

use common::{build_ok, in_ci, python_on, repo_root, require_python_module};
use epub_support::{entry, epubcheck};

const ARABIC_FACE: &str = "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf";

/// The fixture's body size (book.yaml's `font-size`): a paragraph's indent is one em of it.
const BODY: f32 = 12.0;

/// The fixture in a temporary root with the Arabic face in its fonts/; `None` (skipped) when
/// the face is not installed.
fn book() -> Option<tempfile::TempDir> {
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
        &repo_root().join("tests/bidi-book/manuscript"),
        &dir.path().join("manuscript"),
    );
    std::fs::create_dir_all(dir.path().join("fonts")).unwrap();
    std::fs::copy(
        ARABIC_FACE,
        dir.path().join("fonts/NotoNaskhArabic-Regular.ttf"),
    )
    .unwrap();
    Some(dir)
}

/// Build the fixture: (its root, the PDF, the EPUB).
fn built() -> Option<(tempfile::TempDir, PathBuf, PathBuf)> {
    let dir = book()?;
    let out = dir.path().join("out");
    build_ok(dir.path(), &out);
    let (pdf, epub) = (out.join("both-ways.pdf"), out.join("both-ways.epub"));
    Some((dir, pdf, epub))
}

/// Every glyph's text and box on every page: page, baseline y, x0, x1, text.
const GLYPHS_SCRIPT: &str = r#"
import sys, pymupdf
for n, page in enumerate(pymupdf.open(sys.argv[1])):
    for block in page.get_text("rawdict")["blocks"]:
        for line in block.get("lines", []):
            for span in line["spans"]:
                for c in span["chars"]:
                    if c["c"].strip():
                        print(f'{n}\t{c["origin"][1]:.2f}\t{c["bbox"][0]:.2f}\t{c["bbox"][2]:.2f}\t{c["c"]}')
"#;

#[derive(Debug, Clone)]
struct Glyph {
    x0: f32,
    x1: f32,
    c: char,
}

/// A line as a reader sees it: its glyphs left to right.
#[derive(Debug)]
struct Line {
    page: usize,
    glyphs: Vec<Glyph>,
}

impl Line {
    /// Its text left to right, as it looks (not as it is read).
    fn visual(&self) -> String {
        self.glyphs.iter().map(|g| g.c).collect()
    }
    fn x0(&self) -> f32 {
        self.glyphs.first().map_or(0.0, |g| g.x0)
    }
    fn x1(&self) -> f32 {
        self.glyphs.iter().map(|g| g.x1).fold(0.0, f32::max)
    }
    /// The glyphs of the first run of `text`'s characters in visual order, as laid left to
    /// right (for text that reads left to right: a Latin word, figures, code).
    fn find(&self, text: &str) -> Option<&[Glyph]> {
        let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
        self.glyphs
            .windows(chars.len())
            .find(|w| w.iter().map(|g| g.c).eq(chars.iter().copied()))
    }
    /// Where the Arabic word `word` is: its glyphs are laid right to left, so its visual
    /// text is its letters reversed.
    fn find_arabic(&self, word: &str) -> Option<(f32, f32)> {
        let reversed: String = word.chars().rev().collect();
        let g = self.find(&reversed)?;
        Some((g[0].x0, g[g.len() - 1].x1))
    }
}

/// The PDF's lines: glyphs on the same baseline (within a point) of a page, left to right.
fn lines_of(pdf: &Path) -> Vec<Line> {
    let mut glyphs: Vec<(usize, f32, Glyph)> = python_on(GLYPHS_SCRIPT, pdf)
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.splitn(5, '\t').collect();
            let n = |i: usize| f[i].parse::<f32>().unwrap();
            (
                f[0].parse().unwrap(),
                n(1),
                Glyph {
                    x0: n(2),
                    x1: n(3),
                    c: f[4].chars().next().unwrap(),
                },
            )
        })
        .collect();
    glyphs.sort_by(|a, b| (a.0, a.1).partial_cmp(&(b.0, b.1)).unwrap());
    let mut lines: Vec<(usize, f32, Line)> = Vec::new();
    for (page, y, g) in glyphs {
        match lines.last_mut() {
            Some((p, ly, line)) if *p == page && (y - *ly).abs() < 1.0 => line.glyphs.push(g),
            _ => lines.push((
                page,
                y,
                Line {
                    page,
                    glyphs: vec![g],
                },
            )),
        }
    }
    let mut lines: Vec<Line> = lines.into_iter().map(|(_, _, l)| l).collect();
    for line in &mut lines {
        line.glyphs.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    }
    lines
}

/// The line holding `text` (visual order, spaces aside), and the text block's edges on its
/// page (left, right), from the extremes of that page's lines below the running head.
fn line_with<'a>(lines: &'a [Line], text: &str) -> (&'a Line, (f32, f32)) {
    let line = lines
        .iter()
        .find(|l| l.find(text).is_some())
        .unwrap_or_else(|| panic!("no line holds {text:?}: {:#?}", visuals(lines)));
    let page: Vec<&Line> = lines.iter().filter(|l| l.page == line.page).collect();
    let left = page.iter().map(|l| l.x0()).fold(f32::MAX, f32::min);
    let right = page.iter().map(|l| l.x1()).fold(0.0, f32::max);
    (line, (left, right))
}

fn visuals(lines: &[Line]) -> Vec<String> {
    lines.iter().map(Line::visual).collect()
}

fn close(a: f32, b: f32) -> bool {
    (a - b).abs() < 0.6
}

#[test]
fn paragraphs_take_their_pieces_direction_whatever_their_first_letter() {
    if !require_python_module("pymupdf") {
        return;
    }
    let Some((_dir, pdf, _)) = built() else {
        return;
    };
    let lines = lines_of(&pdf);

    // The Arabic piece's first paragraph opens on "Reuters": its first line starts at the
    // right edge with that word (rightmost), the Arabic after it to its left; its last line
    // is short and ranged right.
    let (first, (left, right)) = line_with(&lines, "Reuters");
    let reuters = first.find("Reuters").unwrap();
    assert!(
        close(reuters[6].x1, right),
        "Reuters ends at {} not the right edge {right}: {}",
        reuters[6].x1,
        first.visual()
    );
    assert!(
        first.glyphs.last().unwrap().c == 's',
        "Reuters is not the rightmost word: {}",
        first.visual()
    );
    let (nql, _) = first
        .find_arabic("نقلت")
        .expect("the second word on the line");
    assert!(nql < reuters[0].x0, "نقلت is not left of Reuters");
    let (last, _) = line_with(&lines, &"المساء.".chars().rev().collect::<String>());
    assert!(
        close(last.x1(), right),
        "the last line ends at {}",
        last.x1()
    );
    assert!(
        last.x0() > left + 0.3 * (right - left),
        "the last line is not ranged right: {} from {left}",
        last.x0()
    );

    // A paragraph opening on a figure then a Latin word: indented from the right, the
    // figure rightmost, then "BBC", then the Arabic.
    let (line, _) = line_with(&lines, "BBC");
    let figure = line.find("2015").unwrap();
    let bbc = line.find("BBC").expect("BBC on the line");
    assert!(
        close(figure[3].x1, right - BODY),
        "2015 ends at {}, the indent's edge is {}",
        figure[3].x1,
        right - BODY
    );
    assert!(bbc[2].x1 < figure[0].x0, "BBC is not left of 2015");
    let (arabic, _) = line.find_arabic("ذكرت").unwrap();
    assert!(arabic < bbc[0].x0, "ذكرت is not left of BBC");
    assert!(line.x0() > left + 0.3 * (right - left));

    // "عام2015", one word: the Arabic at the right, the figures left of it reading 2015
    // left to right (shaped right to left with the Arabic they would read 5102).
    let (line, _) = line_with(&lines, &"عام".chars().rev().collect::<String>());
    let (am, _) = line.find_arabic("عام").unwrap();
    let figures = line
        .find("2015")
        .unwrap_or_else(|| panic!("2015 does not read left to right: {}", line.visual()));
    assert!(figures[3].x1 <= am + 0.5, "2015 is not left of عام");

    // Inline code reads left to right, its semicolon after it at its right.
    let (line, _) = line_with(&lines, "x=y;");
    let code = line.find("x=y;").unwrap();
    let (satr, _) = line.find_arabic("السطر").unwrap();
    assert!(
        code[3].x1 <= satr + 0.5,
        "the code is not left of السطر, which precedes it"
    );

    // The English piece's paragraph quoting Arabic first: left to right, indented at the
    // left, the quotation leftmost and the English after it to its right.
    let (line, (left, right)) = line_with(&lines, "wasthefirst");
    assert_eq!(line.glyphs[0].c, '«', "{}", line.visual());
    assert!(
        close(line.x0(), left + BODY),
        "the line starts at {}, the indent's edge is {}",
        line.x0(),
        left + BODY
    );
    let (marhaba, marhaba_end) = line.find_arabic("مرحبا").unwrap();
    let was = line.find("was").unwrap();
    assert!(marhaba > line.x0() && marhaba_end < was[0].x0);
    // (justified to the edge; another line's hyphen or quotation mark may hang past it)
    assert!(
        (line.x1() - right).abs() < 2.0,
        "a justified line: {} against {right}",
        line.x1()
    );
}

#[test]
fn a_right_to_left_pieces_markers_hang_at_the_right_and_its_code_reads_left_to_right() {
    if !require_python_module("pymupdf") {
        return;
    }
    let Some((_dir, pdf, _)) = built() else {
        return;
    };
    let lines = lines_of(&pdf);
    let (_, (left, right)) = line_with(&lines, "Reuters");
    // Each item's marker stands right of its text (found by a word of it without
    // ligatures or marks, whose glyphs read back one letter each), in the indent,
    // and reads from the right: its full stop left of its figure.
    for (word, marker) in [
        ("العمل", ".1"),
        ("الخبز", ".2"),
        ("الحرية", ".3"),
        ("الصحة", "•"),
        ("التعليم", "•"),
    ] {
        let reversed: String = word.chars().rev().collect();
        let (line, _) = line_with(&lines, &reversed);
        let is_mark = |g: &&Glyph| g.c.is_ascii_digit() || g.c == '.' || g.c == '•';
        let marks: Vec<&Glyph> = line.glyphs.iter().filter(is_mark).collect();
        let seen: String = marks.iter().map(|g| g.c).collect();
        assert_eq!(seen, marker, "the marker of {word}: {}", line.visual());
        let text_right = line
            .glyphs
            .iter()
            .filter(|g| !is_mark(g))
            .map(|g| g.x1)
            .fold(0.0, f32::max);
        assert!(
            marks[0].x0 > text_right,
            "the marker of {word} is not right of its text"
        );
        assert!(
            marks.iter().all(|g| g.x1 <= right + 0.5),
            "inside the block"
        );
        assert!(
            text_right < right - BODY,
            "the item is inset from the right: {text_right}"
        );
    }

    // The code block: left to right, flush left, its longest line ending one em (the
    // block's indent) from the right edge.
    let (long, _) = line_with(&lines, "lettotal=price*2;");
    let (short, _) = line_with(&lines, "print(total);");
    assert!(
        long.find("lettotal=price*2;").is_some(),
        "{}",
        long.visual()
    );
    assert!(
        close(long.x0(), short.x0()),
        "flush left: {} and {}",
        long.x0(),
        short.x0()
    );
    assert!(
        close(long.x1(), right - BODY),
        "the block ends at {}, the right edge less its indent is {}",
        long.x1(),
        right - BODY
    );
    assert!(long.x0() > left + 0.3 * (right - left), "at the right side");
}

#[test]
fn the_epub_says_what_print_does_and_passes_epubcheck() {
    let Some((_dir, _, epub)) = built() else {
        return;
    };
    let bytes = std::fs::read(&epub).unwrap();
    let arabic = entry(&bytes, "OEBPS/piece-1.xhtml");
    assert!(
        arabic.contains("xml:lang=\"ar\" lang=\"ar\" dir=\"rtl\""),
        "{arabic}"
    );
    // The paragraphs inherit the piece's direction: none finds its own.
    assert!(!arabic.contains("dir=\"auto\""));
    assert!(arabic.contains("<p>Reuters "));
    assert!(
        arabic.contains("<pre dir=\"ltr\"><code>let total"),
        "{arabic}"
    );
    assert!(
        arabic.contains("<code dir=\"ltr\">x = y;</code>"),
        "{arabic}"
    );
    let english = entry(&bytes, "OEBPS/piece-2.xhtml");
    assert!(!english.contains("dir=\"rtl\""), "{english}");
    assert!(english.contains("<p>«مرحبا» was"));
    let css = entry(&bytes, "OEBPS/stylesheet.css");
    assert!(css.contains("width: fit-content;") && css.contains("padding-inline-start"));
    epubcheck(&bytes, "bidi-book");
}

#[test]
fn quotation_marks_follow_the_language_of_their_span_in_both_editions() {
    if !require_python_module("pymupdf") {
        return;
    }
    let Some((_dir, pdf, epub)) = built() else {
        return;
    };
    let bytes = std::fs::read(&epub).unwrap();
    let english = entry(&bytes, "OEBPS/piece-2.xhtml");
    for expected in [
        "<span lang=\"fr\" xml:lang=\"fr\">«\u{202F}Oui, bien sûr\u{202F}»</span>",
        "<span lang=\"de\" xml:lang=\"de\">„Ja, natürlich“</span>",
        "before they left, “happy” as ever.",
    ] {
        assert!(english.contains(expected), "{expected} not in {english}");
    }
    // Print sets the same marks (the narrow no-break space reads back as a space).
    let text = python_on(
        "import sys, pymupdf\nprint(' '.join(p.get_text() for p in pymupdf.open(sys.argv[1])))",
        &pdf,
    );
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in ["« Oui, bien sûr »", "„Ja, natürlich“", "“happy” as ever."] {
        assert!(text.contains(expected), "{expected} not in {text}");
    }
}
