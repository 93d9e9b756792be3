//! Scene breaks and lead-ins in the PDF (issue 17), read back from the outside with PyMuPDF:
//! tests/ornaments-book is one piece of six scenes parted by five thematic breaks; each test
//! builds a copy of it with its own `print:` settings.

mod common;

use common::{build_ok, copy_tree, folio, pdf_in, python_on, repo_root, require_python_module};
use std::path::Path;

/// Build the fixture with `print` (YAML lines, indented) under `print:`; the PDF's path.
fn build_with(dir: &Path, print: &str) -> std::path::PathBuf {
    copy_tree(&repo_root().join("tests/ornaments-book"), dir);
    let yaml = dir.join("manuscript/book.yaml");
    let mut text = std::fs::read_to_string(&yaml).unwrap();
    if !print.is_empty() {
        text.push_str(&format!("print:\n{print}"));
    }
    std::fs::write(&yaml, text).unwrap();
    let out = dir.join("out");
    build_ok(dir, &out);
    pdf_in(&out)
}

/// Every text line of the body pages: page, baseline y, x0, x1, text (one per line).
const LINES: &str = r#"
import sys, fitz
d = fitz.open(sys.argv[1])
for n, p in enumerate(d):
    for b in p.get_text("dict")["blocks"]:
        for l in b.get("lines", []):
            t = "".join(s["text"] for s in l["spans"])
            y = l["spans"][0]["origin"][1]
            print(f"{n}\t{y:.2f}\t{l['bbox'][0]:.2f}\t{l['bbox'][2]:.2f}\t{t}")
"#;

struct Line {
    page: usize,
    y: f32,
    x0: f32,
    x1: f32,
    text: String,
}

fn lines(pdf: &Path) -> Vec<Line> {
    python_on(LINES, pdf)
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.splitn(5, '\t').collect();
            Line {
                page: f[0].parse().unwrap(),
                y: f[1].parse().unwrap(),
                x0: f[2].parse().unwrap(),
                x1: f[3].parse().unwrap(),
                text: f[4].to_owned(),
            }
        })
        .collect()
}

const LEADING: f32 = 14.0;

/// The lines of the page's text block (running heads and folios left out: they are off the
/// body's grid by design), as the body's baselines fall.
fn body_lines(all: &[Line], page: usize) -> Vec<&Line> {
    let on: Vec<&Line> = all.iter().filter(|l| l.page == page).collect();
    // The body is the lines below the head: the head is the topmost line, set apart.
    let words = |l: &Line| l.text.split_whitespace().count();
    on.into_iter()
        .filter(|l| words(l) > 1 || l.text.contains('*') || l.text.contains('\u{2766}'))
        .filter(|l| !l.text.contains("Breaks in the Weather") && l.text.trim() != "Weather")
        .collect()
}

/// Three spaced asterisks, whatever spaces part them.
fn is_asterisks(t: &str) -> bool {
    t.split_whitespace().collect::<Vec<_>>() == ["*", "*", "*"]
}

/// Each mark line with its page, and the pages' body lines on the grid around it.
fn check_marks_on_grid(all: &[Line], is_mark: impl Fn(&str) -> bool) -> usize {
    let mut marks = 0;
    for line in all.iter().filter(|l| is_mark(&l.text)) {
        marks += 1;
        let body = body_lines(all, line.page);
        // The measure: the widest lines' extent (justified lines fill it).
        let left = body.iter().map(|l| l.x0).fold(f32::MAX, f32::min);
        let right = body.iter().map(|l| l.x1).fold(f32::MIN, f32::max);
        let centre = (line.x0 + line.x1) / 2.0;
        assert!(
            (centre - (left + right) / 2.0).abs() < 1.0,
            "mark `{}` at {:.1}-{:.1} is not centred on the measure {left:.1}-{right:.1}",
            line.text,
            line.x0,
            line.x1
        );
        // Every body line of the page, the mark's too, on one baseline grid.
        for l in &body {
            let steps = (l.y - line.y) / LEADING;
            assert!(
                (steps - steps.round()).abs() < 0.02,
                "page {}: `{}` at y {:.2} is off the grid of the mark at {:.2}",
                line.page,
                l.text,
                l.y,
                line.y
            );
        }
        // The text before and after it is one line away: the break takes one whole line.
        let before = body.iter().filter(|l| l.y < line.y - 0.5).map(|l| l.y);
        let after = body.iter().filter(|l| l.y > line.y + 0.5).map(|l| l.y);
        if let Some(prev) = before.fold(None, |m: Option<f32>, y| Some(m.map_or(y, |m| m.max(y)))) {
            assert!((line.y - prev - LEADING).abs() < 0.05, "{prev} {}", line.y);
        }
        let next = after.fold(f32::MAX, f32::min);
        assert!(
            (next - line.y - LEADING).abs() < 0.05,
            "the mark at {} is the last line of its page or not followed by text one line down",
            line.y
        );
    }
    marks
}

#[test]
fn the_default_scene_break_is_three_asterisks_centred_on_the_grid() {
    if !require_python_module("fitz") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pdf = build_with(dir.path(), "");
    let all = lines(&pdf);
    // EB Garamond has no asterism (U+2042): three spaced asterisks stand in.
    let marks = check_marks_on_grid(&all, is_asterisks);
    assert_eq!(marks, 5, "five breaks, five marks");
}

#[test]
fn an_ornament_scene_break_prints_the_fleuron_on_the_grid() {
    if !require_python_module("fitz") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pdf = build_with(dir.path(), "  scene-break: ornament\n");
    let all = lines(&pdf);
    let marks = check_marks_on_grid(&all, |t| t.trim() == "\u{2766}");
    assert_eq!(marks, 5);
    // A text of the user's own is printed as written.
    let dir = tempfile::tempdir().unwrap();
    let pdf = build_with(dir.path(), "  scene-break: \"~ ~\"\n");
    assert_eq!(check_marks_on_grid(&lines(&pdf), |t| t.trim() == "~ ~"), 5);
}

#[test]
fn a_blank_scene_break_is_a_line_of_white_and_shows_its_mark_only_at_a_page_top() {
    if !require_python_module("fitz") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // On this page one of the five breaks falls where a page starts.
    let page = "  trim: 5x8in\n  font-size: 10\n";
    let blank = lines(&build_with(
        dir.path(),
        &format!("{page}  scene-break: blank\n"),
    ));
    let dir = tempfile::tempdir().unwrap();
    let marked = lines(&build_with(
        dir.path(),
        &format!("{page}  scene-break: asterism\n"),
    ));
    let is_mark = is_asterisks;
    // The same lines in the same places: a blank break is the mark's line, left white.
    let place = |l: &Line| (l.page, (l.y * 10.0).round() as i64, l.text.clone());
    let text_of = |all: &[Line]| -> Vec<_> {
        all.iter()
            .filter(|l| !is_mark(&l.text))
            .map(place)
            .collect()
    };
    assert_eq!(text_of(&blank), text_of(&marked));
    // Marks only where a page opens on the break.
    for mark in blank.iter().filter(|l| is_mark(&l.text)) {
        let top = body_lines(&blank, mark.page)
            .iter()
            .map(|l| l.y)
            .fold(f32::MAX, f32::min);
        assert!(
            (mark.y - top).abs() < 0.05,
            "a blank break mid-page shows a mark"
        );
    }
    let shown = blank.iter().filter(|l| is_mark(&l.text)).count();
    assert_eq!(
        shown, 1,
        "the break at the page's top shows its mark, the others none"
    );
    assert_eq!(marked.iter().filter(|l| is_mark(&l.text)).count(), 5);
}

/// The glyph ids of the characters of the text run that starts the piece ("It was the").
const FIRST_LINE_GLYPHS: &str = r#"
import sys, fitz
d = fitz.open(sys.argv[1])
for p in d:
    for span in p.get_texttrace():
        text = "".join(chr(c[0]) for c in span["chars"])
        if text.startswith("It was the wettest"):
            print(" ".join(f"{c[0]}:{c[1]}" for c in span["chars"]))
            sys.exit(0)
"#;

fn glyphs(pdf: &Path) -> Vec<(char, u32)> {
    python_on(FIRST_LINE_GLYPHS, pdf)
        .split_whitespace()
        .map(|pair| {
            let (c, g) = pair.rsplit_once(':').unwrap();
            let c: u32 = c.parse().unwrap();
            (char::from_u32(c).unwrap(), g.parse().unwrap())
        })
        .collect()
}

#[test]
fn a_lead_in_sets_the_first_words_in_true_small_caps_and_nothing_else() {
    if !require_python_module("fitz") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let plain = glyphs(&build_with(dir.path(), ""));
    let dir = tempfile::tempdir().unwrap();
    let lead = glyphs(&build_with(dir.path(), "  lead-in: small-caps\n"));
    assert!(plain.len() > 30, "{plain:?}");
    // The first words only: the wider small capitals may break the lines elsewhere.
    let (plain, lead) = (&plain[..30], &lead[..30]);
    // The same text; different glyphs for the lower-case letters of "It was the" only.
    let text = |g: &[(char, u32)]| g.iter().map(|p| p.0).collect::<String>();
    assert_eq!(text(plain), text(lead));
    let lead_in = "It was the".chars().count();
    for (i, (p, l)) in plain.iter().zip(lead).enumerate() {
        // The capital stays a capital; a word space (the one after the lead-in too) is
        // the small caps' own space glyph, of the same width.
        if p.0.is_whitespace() || (i < lead_in && !p.0.is_lowercase()) {
            continue;
        }
        let small_cap = i < lead_in;
        assert_eq!(
            p.1 != l.1,
            small_cap,
            "character {i} `{}`: plain glyph {}, lead-in glyph {}",
            p.0,
            p.1,
            l.1
        );
    }
}

#[test]
fn a_bad_ornament_setting_is_reported_at_its_line_with_a_hint() {
    for (setting, expect) in [
        (
            "  lead-in: bold\n",
            "`lead-in: small-caps` or `lead-in: none`",
        ),
        (
            "  scene-break: \"a scene break far too long to be an ornament\"\n",
            "use `scene-break: blank`",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&repo_root().join("tests/ornaments-book"), dir.path());
        let yaml = dir.path().join("manuscript/book.yaml");
        let text = std::fs::read_to_string(&yaml).unwrap();
        let line = text.lines().count() + 2;
        std::fs::write(&yaml, format!("{text}print:\n{setting}")).unwrap();
        let o = folio(&["build", dir.path().to_str().unwrap()], &[]);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert!(!o.status.success(), "{stderr}");
        assert!(
            stderr.contains(&format!("book.yaml:{line}:")),
            "not at line {line}: {stderr}"
        );
        assert!(stderr.contains(expect), "{stderr}");
    }
}
