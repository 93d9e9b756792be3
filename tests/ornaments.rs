//! Scene breaks, lead-ins and drop caps (issue 17), read back from the outside: the PDF with
//! PyMuPDF (text, glyphs, and the ink of a rendering), the EPUB with epubcheck and DAISY Ace.
//! tests/ornaments-book is one piece of six scenes parted by five thematic breaks;
//! tests/dropcap-book five short pieces that open in the ways a drop cap must handle. Each
//! test builds a copy of one with its own `print:` settings.

mod common;
mod epub_support;

use common::{build_ok, copy_tree, folio, pdf_in, python_on, repo_root, require_python_module};
use std::path::Path;

/// Build the fixture with `print` (YAML lines, indented) under `print:`; the PDF's path.
fn build_with(dir: &Path, print: &str) -> std::path::PathBuf {
    build_book("tests/ornaments-book", dir, print)
}

/// Build a copy of the fixture `book` with `print` under `print:`; the PDF's path.
fn build_book(book: &str, dir: &Path, print: &str) -> std::path::PathBuf {
    copy_tree(&repo_root().join(book), dir);
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
        (
            "  drop-cap: 4\n",
            "use `drop-cap: 2`, `drop-cap: 3` or `drop-cap: none`",
        ),
        ("  drop-cap: large\n", "`drop-cap: large` is not a drop cap"),
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

/// What the drop cap tests read of a PDF, as JSON: the body size, the body face's cap height
/// measured on the ink of its flat-topped capitals, and per page the large glyphs (size,
/// baseline, from MuPDF with ActualText ignored, so the drop cap's glyphs show), the ink box
/// of the picture left of the first line (rendered at 600 dpi), every body line's baseline
/// and first inked glyph's x (from the glyphs as drawn), and the text of the body lines as
/// extracted (ActualText honoured, as a reader's copy is).
/// What both drop-cap scans start with: the PDF, its body size (the commonest), and `ink`,
/// the ink box of a region of a page rendered at `dpi`.
const SCAN_PRELUDE: &str = r#"
import sys, json, fitz
from collections import Counter
d = fitz.open(sys.argv[1])
sizes = Counter()
for p in d:
    for s in p.get_texttrace():
        sizes[round(s["size"], 2)] += len(s["chars"])
body = sizes.most_common(1)[0][0]

def ink(p, rect, dpi):
    pix = p.get_pixmap(clip=rect, dpi=dpi, colorspace=fitz.csGRAY)
    w, h, s = pix.width, pix.height, pix.samples
    rows = [y for y in range(h) if any(s[y * w + x] < 128 for x in range(w))]
    cols = [x for x in range(w) if any(s[y * w + x] < 128 for y in range(h))]
    if not rows:
        return None
    k = 72 / dpi
    return [rect.x0 + cols[0] * k, rect.y0 + rows[0] * k,
            rect.x0 + (cols[-1] + 1) * k, rect.y0 + (rows[-1] + 1) * k]
"#;

const DROP_CAP_SCAN: &str = r#"
caps = []
out = {"body": body, "pages": []}
for n, p in enumerate(d):
    big = []
    for b in p.get_text("rawdict", flags=fitz.TEXT_IGNORE_ACTUALTEXT)["blocks"]:
        for l in b.get("lines", []):
            big += [{"size": s["size"], "origin": c["origin"]}
                    for s in l["spans"] if s["size"] > 2.5 * body for c in s["chars"]]
    lines = {}
    for s in p.get_texttrace():
        if abs(s["size"] - body) > 0.01:
            continue
        for c in s["chars"]:
            line = lines.setdefault(round(c[2][1], 1), 1e9)
            if chr(c[0]) != " ":
                lines[round(c[2][1], 1)] = min(line, c[2][0])
            # Flat-topped capitals of the body: their ink's top is the cap line.
            if chr(c[0]) in "BEHIN" and len(caps) < 40:
                top = ink(p, fitz.Rect(c[3][0], c[2][1] - body, c[3][2], c[2][1] + 1), 1200)
                if top:
                    caps.append(c[2][1] - top[1])
    lines = sorted([y, x] for y, x in lines.items() if x < 1e9)
    picture = None
    if big and lines:
        # Left of the first line, down to the letter's baseline (below it: the full lines).
        y, x = lines[0]
        foot = max(g["origin"][1] for g in big) + 0.3 * body
        clip = fitz.Rect(x - 120, y - 2 * body, x - 0.5, foot) & p.rect
        picture = ink(p, clip, 600)
    text = []
    for b in p.get_text("dict")["blocks"]:
        for l in b.get("lines", []):
            if abs(l["spans"][0]["size"] - body) < 0.01:
                text.append("".join(s["text"] for s in l["spans"]))
    out["pages"].append({"big": big, "ink": picture, "lines": lines, "text": text})
caps.sort()
out["cap"] = caps[len(caps) // 2]
print(json.dumps(out))
"#;

fn scan(pdf: &Path) -> serde_json::Value {
    serde_json::from_str(&python_on(&format!("{SCAN_PRELUDE}{DROP_CAP_SCAN}"), pdf)).unwrap()
}

fn f(v: &serde_json::Value) -> f32 {
    v.as_f64().unwrap() as f32
}

/// The page whose body text starts with `opening`, as extracted.
fn page_opening<'a>(scan: &'a serde_json::Value, opening: &str) -> &'a serde_json::Value {
    scan["pages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| {
            p["text"][0]
                .as_str()
                .is_some_and(|t| t.starts_with(opening))
        })
        .unwrap_or_else(|| panic!("no page opens on `{opening}`"))
}

/// (baseline, x of the first ink) of each body line of a page.
fn body_lines_of(page: &serde_json::Value) -> Vec<(f32, f32)> {
    page["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (f(&l[0]), f(&l[1])))
        .collect()
}

#[test]
fn a_drop_cap_spans_its_lines_on_the_grid_and_reads_back_joined_to_its_word() {
    if !require_python_module("fitz") {
        return;
    }
    for (depth, extra) in [(3usize, "  lead-in: small-caps\n"), (2, "")] {
        let dir = tempfile::tempdir().unwrap();
        let pdf = build_with(dir.path(), &format!("  drop-cap: {depth}\n{extra}"));
        let scan = scan(&pdf);
        let (body, cap) = (f(&scan["body"]), f(&scan["cap"]));
        let page = page_opening(&scan, "It was the wettest");
        let lines = body_lines_of(page);
        let big = page["big"].as_array().unwrap();
        assert_eq!(big.len(), 1, "one large glyph, the I: {big:?}");
        let ink = page["ink"]
            .as_array()
            .unwrap()
            .iter()
            .map(f)
            .collect::<Vec<_>>();
        let (baseline_1, baseline_n) = (lines[0].0, lines[depth - 1].0);
        // The grid is the body's: the lines beside the letter are one leading apart.
        for pair in lines[..depth + 2].windows(2) {
            assert!((pair[1].0 - pair[0].0 - LEADING).abs() < 0.05, "{lines:?}");
        }
        // The letter's size makes its cap height span from line 1's cap line to line N's
        // baseline; its baseline is line N's, and so is the foot of its ink.
        let size = f(&big[0]["size"]);
        let spans = (depth - 1) as f32 * LEADING + cap;
        assert!(
            (size * cap / body - spans).abs() < 0.5,
            "{depth} lines: a {size:.2} pt letter's cap height is {:.2} pt, not {spans:.2}",
            size * cap / body
        );
        assert!((f(&big[0]["origin"][1]) - baseline_n).abs() < 0.5);
        assert!(
            (ink[3] - baseline_n).abs() < 0.5,
            "ink foot {} {baseline_n}",
            ink[3]
        );
        assert!(
            (ink[1] - (baseline_1 - cap)).abs() < 0.5,
            "ink top {} is not line 1's cap line {}",
            ink[1],
            baseline_1 - cap
        );
        // Lines 1..N start right of its ink, past a gap; line N+1 at the margin, where the
        // letter's ink starts.
        let margin = lines[depth].1;
        assert!(
            (ink[0] - margin).abs() < 0.5,
            "ink at {} margin {margin}",
            ink[0]
        );
        for (i, &(_, x)) in lines[..depth].iter().enumerate() {
            let gap = x - ink[2];
            assert!(
                (0.2 * body..1.0 * body).contains(&gap),
                "line {}: starts {gap:.2} pt right of the letter's ink",
                i + 1
            );
        }
        for &(_, x) in &lines[depth..depth + 3] {
            assert!((x - margin).abs() < 0.05, "{lines:?}");
        }
        // Extraction reads the letter once, in order, joined to its word.
        let text = page["text"].as_array().unwrap();
        assert!(text[0].as_str().unwrap().starts_with("It was the wettest"));
        assert!(text.iter().all(|t| t.as_str().unwrap().trim() != "I"));
    }
}

#[test]
fn a_drop_cap_takes_its_opening_quote_a_short_paragraph_and_a_one_letter_word() {
    if !require_python_module("fitz") {
        return;
    }
    let depth = 3;
    let dir = tempfile::tempdir().unwrap();
    let pdf = build_book(
        "tests/dropcap-book",
        dir.path(),
        &format!("  drop-cap: {depth}\n"),
    );
    let scan = scan(&pdf);
    // The opening quote goes with the letter, at its size, and reads back with its word.
    let quoted = page_opening(&scan, "\u{201C}Never,\u{201D} she said");
    let big = quoted["big"].as_array().unwrap();
    assert_eq!(big.len(), 2, "the quote and the N: {big:?}");
    assert!(f(&big[1]["origin"][0]) > f(&big[0]["origin"][0]));
    let lines = body_lines_of(quoted);
    let ink = quoted["ink"]
        .as_array()
        .unwrap()
        .iter()
        .map(f)
        .collect::<Vec<_>>();
    assert!(
        (ink[0] - lines[depth].1).abs() < 0.5,
        "the quote's ink is in the block"
    );
    // A paragraph shorter than the letter: the next one starts below the letter's foot.
    let short = page_opening(&scan, "Rain, at last.");
    let lines = body_lines_of(short);
    assert_eq!(short["big"].as_array().unwrap().len(), 1);
    assert!(short["text"][1].as_str().unwrap().starts_with("By evening"));
    assert!(
        (lines[1].0 - lines[0].0 - depth as f32 * LEADING).abs() < 0.05,
        "the next paragraph is not on line {}: {lines:?}",
        depth + 1
    );
    let foot = f(&short["big"][0]["origin"][1]);
    assert!((foot - (lines[0].0 + (depth - 1) as f32 * LEADING)).abs() < 0.5);
    // A one-letter word keeps its space.
    let word = page_opening(&scan, "A cat sat by the stove");
    assert_eq!(word["big"].as_array().unwrap().len(), 1);
    // No drop cap on a figure or where the piece opens on a block quote, and no warning.
    for opening in ["1914 was the wettest", "Nobody went out; the shop"] {
        let page = page_opening(&scan, opening);
        assert!(page["big"].as_array().unwrap().is_empty(), "{opening}");
    }
}

#[test]
fn the_ebook_shows_the_same_marks_lead_in_and_drop_cap_and_passes_epubcheck_and_ace() {
    use epub_support::{ace, entries, epubcheck};
    let epub_of = |book: &str, print: &str| {
        let dir = tempfile::tempdir().unwrap();
        build_book(book, dir.path(), print);
        let out = dir.path().join("out");
        let name = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|e| e == "epub"))
            .unwrap();
        std::fs::read(name).unwrap()
    };
    let piece_texts = |epub: &[u8]| -> Vec<String> {
        entries(epub)
            .into_iter()
            .filter(|(n, _)| n.ends_with(".xhtml"))
            .map(|(_, b)| String::from_utf8(b).unwrap())
            .filter(|t| t.contains("epub:type=\"chapter\""))
            .collect()
    };
    let print = "  drop-cap: 2\n  lead-in: small-caps\n  scene-break: ornament\n";
    let epub = epub_of("tests/ornaments-book", print);
    let pieces = piece_texts(&epub);
    assert_eq!(pieces.len(), 1);
    let piece = &pieces[0];
    assert!(
        piece.contains(
            "<p class=\"drop-cap drop-cap-2\"><span class=\"lead-in\">It was the</span> wettest"
        ),
        "{piece}"
    );
    assert_eq!(piece.matches("class=\"drop-cap").count(), 1);
    assert_eq!(
        piece
            .matches("<hr class=\"section-break\" data-mark=\"\u{2766}\"/>")
            .count(),
        5
    );
    let css = entries(&epub)
        .into_iter()
        .find(|(n, _)| n.ends_with(".css"))
        .map(|(_, b)| String::from_utf8(b).unwrap())
        .unwrap();
    let supports = css
        .find("@supports (initial-letter: 2)")
        .expect("@supports");
    let initial = css.find("initial-letter: 2;").unwrap();
    let float = css.find("p.drop-cap::first-letter { float: left").unwrap();
    assert!(
        float < supports && supports < initial,
        "fallback first, then the real thing"
    );
    assert!(css.contains("content: attr(data-mark)"));
    assert!(css.contains(".lead-in { font-variant: small-caps"));
    epubcheck(&epub, "ornaments");
    if let Some((findings, _)) = ace(&epub, "ornaments") {
        let grave: Vec<_> = findings
            .iter()
            .filter(|f| f.impact == "serious" || f.impact == "critical")
            .map(|f| (&f.rule, &f.file))
            .collect();
        assert!(grave.is_empty(), "{grave:?}");
    }
    // The default mark is print's three asterisks; a blank break a gap with no mark.
    let default = piece_texts(&epub_of("tests/ornaments-book", ""));
    assert_eq!(default[0].matches("data-mark=\"* * *\"").count(), 5);
    assert!(!default[0].contains("drop-cap") && !default[0].contains("lead-in"));
    let blank = epub_of("tests/ornaments-book", "  scene-break: blank\n");
    let blank_piece = &piece_texts(&blank)[0];
    assert_eq!(
        blank_piece
            .matches("<hr class=\"section-break blank\"/>")
            .count(),
        5
    );
    assert!(!blank_piece.contains("data-mark"));
    epubcheck(&blank, "ornaments-blank");
    // The pieces print gives no drop cap get none in the e-book either.
    let edges = epub_of("tests/dropcap-book", "  drop-cap: 3\n");
    let pieces = piece_texts(&edges);
    let dressed = |title: &str| {
        let title = format!("<h1 id=\"title\">{title}</h1>");
        let piece = pieces.iter().find(|p| p.contains(&title)).unwrap();
        piece.contains("<p class=\"drop-cap drop-cap-3\">")
    };
    for title in ["Quoted", "Short", "A Word"] {
        assert!(dressed(title), "{title}");
    }
    for title in ["Figures", "Quoting"] {
        assert!(!dressed(title), "{title}");
    }
    epubcheck(&edges, "dropcap-book");
}

/// Debian's faces for tests/dropcap-rtl-book (fonts-noto-core).
const RTL_FACES: [&str; 2] = [
    "/usr/share/fonts/truetype/noto/NotoSerifHebrew-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf",
];

/// The large glyphs of tests/dropcap-rtl-book's PDF (ActualText ignored) with the page they
/// are on; that page's body lines as (baseline, first ink x, last ink x); the ink box right
/// of the first line, rendered; and every body line's text as a reader copies it.
const RTL_SCAN: &str = r#"
out = {"body": body, "big": [], "text": []}
for n, p in enumerate(d):
    big = []
    for b in p.get_text("rawdict", flags=fitz.TEXT_IGNORE_ACTUALTEXT)["blocks"]:
        for l in b.get("lines", []):
            big += [{"page": n, "size": s["size"], "origin": c["origin"]}
                    for s in l["spans"] if s["size"] > 2.5 * body for c in s["chars"]]
    for b in p.get_text("dict")["blocks"]:
        for l in b.get("lines", []):
            if abs(l["spans"][0]["size"] - body) < 0.01:
                out["text"].append("".join(s["text"] for s in l["spans"]))
    if not big:
        continue
    out["big"] += big
    lines = {}
    for s in p.get_texttrace():
        if abs(s["size"] - body) > 0.01:
            continue
        for c in s["chars"]:
            if chr(c[0]) != " ":
                y = round(c[2][1], 1)
                x0, x1 = lines.get(y, (1e9, -1e9))
                lines[y] = (min(x0, c[3][0]), max(x1, c[3][2]))
    out["lines"] = sorted([y, x0, x1] for y, (x0, x1) in lines.items())
    y, _, x1 = out["lines"][0]
    foot = max(g["origin"][1] for g in big) + 0.3 * body
    out["ink"] = ink(p, fitz.Rect(x1 + 0.5, y - 2 * body, x1 + 120, foot) & p.rect, 600)
print(json.dumps(out))
"#;

#[test]
fn a_hebrew_initial_sinks_at_the_right_and_an_arabic_letter_stays_in_its_word() {
    if !require_python_module("fitz") {
        return;
    }
    for face in RTL_FACES {
        if !Path::new(face).exists() {
            assert!(!common::in_ci(), "{face} is required under CI=true");
            eprintln!("SKIPPED: {face} not installed");
            return;
        }
    }
    let depth = 3;
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("fonts")).unwrap();
    for face in RTL_FACES {
        let name = Path::new(face).file_name().unwrap();
        std::fs::copy(face, dir.path().join("fonts").join(name)).unwrap();
    }
    let pdf = build_book(
        "tests/dropcap-rtl-book",
        dir.path(),
        &format!("  drop-cap: {depth}\n"),
    );
    let scan: serde_json::Value =
        serde_json::from_str(&python_on(&format!("{SCAN_PRELUDE}{RTL_SCAN}"), &pdf)).unwrap();
    let body = f(&scan["body"]);
    // One large glyph in the book: the Hebrew ש; the Arabic piece opens plain.
    let big = scan["big"].as_array().unwrap();
    assert_eq!(big.len(), 1, "{big:?}");
    let lines: Vec<(f32, f32, f32)> = scan["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (f(&l[0]), f(&l[1]), f(&l[2])))
        .collect();
    let ink: Vec<f32> = scan["ink"].as_array().unwrap().iter().map(f).collect();
    // On the grid: the letter's baseline and ink foot are line N's, the lines one leading
    // apart.
    for pair in lines[..depth + 1].windows(2) {
        assert!((pair[1].0 - pair[0].0 - LEADING).abs() < 0.05, "{lines:?}");
    }
    let baseline_n = lines[depth - 1].0;
    assert!(
        (f(&big[0]["origin"][1]) - baseline_n).abs() < 0.5,
        "{big:?}"
    );
    assert!((ink[3] - baseline_n).abs() < 0.5, "ink foot {ink:?}");
    // Mirrored: the ink ends at the measure's right end, where the lines below it end, and
    // lines 1..N end left of it, past the gap.
    let right = lines[depth..].iter().map(|l| l.2).fold(f32::MIN, f32::max);
    assert!(
        (ink[2] - right).abs() < 0.5,
        "ink {ink:?}, right edge {right}"
    );
    for (i, &(_, _, x1)) in lines[..depth].iter().enumerate() {
        let gap = ink[0] - x1;
        assert!(
            (0.2 * body..1.0 * body).contains(&gap),
            "line {}: ends {gap:.2} pt left of the letter's ink",
            i + 1
        );
    }
    // A reader's copy has the letter once, joined to its word, in reading order.
    let text: Vec<&str> = scan["text"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert!(
        text.iter()
            .any(|t| t.starts_with("\u{05E9}\u{05DC}\u{05D5}\u{05DD} ")),
        "{text:?}"
    );
    assert!(text.iter().all(|t| t.trim() != "\u{05E9}"), "{text:?}");
    // The e-book dresses the Hebrew piece and floats its letter at the right.
    let out = dir.path().join("out");
    let epub = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "epub"))
        .unwrap();
    let epub = std::fs::read(epub).unwrap();
    let files = epub_support::entries(&epub);
    let dressed: Vec<&str> = files
        .iter()
        .filter(|(n, _)| n.ends_with(".xhtml"))
        .filter_map(|(_, b)| std::str::from_utf8(b).ok())
        .filter(|t| t.contains("<p class=\"drop-cap drop-cap-3\">"))
        .collect();
    assert_eq!(dressed.len(), 1);
    assert!(dressed[0].contains("\u{05E9}\u{05DC}\u{05D5}\u{05DD}"));
    let css = files
        .iter()
        .find(|(n, _)| n.ends_with(".css"))
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .unwrap();
    assert!(css.contains("[dir=\"rtl\"] p.drop-cap::first-letter { float: right"));
    epub_support::epubcheck(&epub, "dropcap-rtl-book");
}
