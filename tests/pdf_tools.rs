//! The PDF writer's output checked with external tools: qpdf (structure), pdffonts
//! (embedding), pdftotext (extracted text) and PyMuPDF (extracted text and glyph
//! positions). A missing tool skips its test with a visible notice, except under CI=true,
//! where it fails.

mod pdf_fixture;

use std::path::{Path, PathBuf};
use std::process::Command;

use pdf_fixture::*;

/// Whether `program` runs; prints a SKIPPED notice (or fails under CI=true) when not.
fn have(program: &str, probe: &[&str]) -> bool {
    let ok = Command::new(program)
        .args(probe)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok {
        let ci = std::env::var("CI").is_ok_and(|v| v == "true");
        let what = format!("{program} {}", probe.join(" "));
        assert!(!ci, "`{what}` must run when CI=true");
        eprintln!("SKIPPED: `{what}` does not run; install it to run this check");
    }
    ok
}

fn written_book() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.pdf");
    std::fs::write(&path, folio::pdf::write(&book()).unwrap()).unwrap();
    if let Ok(keep) = std::env::var("FOLIO_KEEP_PDF") {
        std::fs::copy(&path, keep).unwrap();
    }
    (dir, path)
}

fn run(program: &str, args: &[&str], file: &Path) -> (bool, String) {
    let out = Command::new(program).args(args).arg(file).output().unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

#[test]
fn qpdf_finds_no_errors_or_warnings() {
    if !have("qpdf", &["--version"]) {
        return;
    }
    let (_dir, path) = written_book();
    let (ok, out) = run("qpdf", &["--check"], &path);
    assert!(ok, "qpdf --check failed:\n{out}");
    assert!(
        out.contains("No syntax or stream encoding errors found"),
        "{out}"
    );
    assert!(!out.to_lowercase().contains("warning"), "{out}");
}

#[test]
fn pdffonts_shows_every_font_embedded_subset_with_unicode() {
    if !have("pdffonts", &["-v"]) {
        return;
    }
    let (_dir, path) = written_book();
    let (ok, out) = run("pdffonts", &[], &path);
    assert!(ok, "{out}");
    let rows: Vec<&str> = out
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert_eq!(rows.len(), 2, "{out}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name, type (2 words), encoding, emb, sub, uni, object, generation
        let n = cols.len();
        assert_eq!(&cols[n - 5..n - 2], &["yes", "yes", "yes"], "{row}");
        assert!(cols[0].chars().nth(6) == Some('+'), "{row}");
    }
}

/// Lines of each page's extracted text, white space normalised within lines only.
fn pages_of(text: &str) -> Vec<Vec<String>> {
    let mut pages: Vec<Vec<String>> = text
        .split('\u{c}')
        .map(|p| {
            p.lines()
                .map(|l| l.trim().to_owned())
                .filter(|l| !l.is_empty())
                .collect()
        })
        .collect();
    // The text ends with a form feed after the last page.
    if pages.last().is_some_and(|p| p.is_empty()) {
        pages.pop();
    }
    pages
}

#[test]
fn pdftotext_reads_back_word_for_word() {
    if !have("pdftotext", &["-v"]) {
        return;
    }
    let (_dir, path) = written_book();
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let mut expected = expected_text();
    // poppler places the footnote number and the rule's neighbours in reading order
    // differently from PyMuPDF only in line breaks; compare lines exactly.
    assert_eq!(
        pages_of(&text),
        std::mem::take(&mut expected),
        "pdftotext:\n{text}"
    );
}

/// Prints, per page, "P", then "L<tab>line text" per line and "C<tab>char<tab>x<tab>y" per
/// character (origin, y from the bottom).
const PYMUPDF_SCRIPT: &str = r#"
import sys
import pymupdf
doc = pymupdf.open(sys.argv[1])
for page in doc:
    print("P")
    for block in page.get_text("rawdict")["blocks"]:
        for line in block.get("lines", []):
            text, chars = "", []
            for span in line["spans"]:
                for ch in span["chars"]:
                    text += ch["c"]
                    x, y = ch["origin"]
                    chars.append("C\t%s\t%r\t%r" % (ch["c"], x, page.rect.height - y))
            print("L\t" + text)
            print("\n".join(chars))
"#;

struct MuPage {
    lines: Vec<String>,
    chars: Vec<(String, f64, f64)>,
}

fn parse_mupdf(out: &str) -> Vec<MuPage> {
    let mut pages: Vec<MuPage> = Vec::new();
    for row in out.lines() {
        let cols: Vec<&str> = row.split('\t').collect();
        match cols[0] {
            "P" => pages.push(MuPage {
                lines: Vec::new(),
                chars: Vec::new(),
            }),
            "L" if !cols[1].trim().is_empty() => pages
                .last_mut()
                .unwrap()
                .lines
                .push(cols[1].trim().to_owned()),
            "C" => pages.last_mut().unwrap().chars.push((
                cols[1].to_owned(),
                cols[2].parse().unwrap(),
                cols[3].parse().unwrap(),
            )),
            _ => {}
        }
    }
    pages
}

#[test]
fn pymupdf_reads_back_the_text_at_the_typeset_positions() {
    if !have("python3", &["-c", "import pymupdf"]) {
        return;
    }
    let layout = book();
    let (_dir, path) = written_book();
    let out = Command::new("python3")
        .args(["-c", PYMUPDF_SCRIPT])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pages = parse_mupdf(&String::from_utf8(out.stdout).unwrap());
    let expected = expected_text();
    assert_eq!(pages.len(), expected.len());
    for (p, page) in pages.iter().enumerate() {
        assert_eq!(page.lines, expected[p], "page {p}");

        // Every glyph that stands for exactly one character shows up as that character
        // at its typeset origin.
        let mut want = Vec::new();
        for item in &layout.pages[p].items {
            if let folio::page::PageItem::Text(run) = item {
                let mut x = f64::from(run.x);
                for g in &run.glyphs {
                    if g.text.chars().count() == 1 && g.text != " " {
                        want.push((g.text.clone(), x, f64::from(run.y)));
                    }
                    x += f64::from(g.advance);
                }
            }
        }
        let got = &page.chars;
        let mut found = 0;
        for (c, x, y) in &want {
            let hit = got
                .iter()
                .any(|(gc, gx, gy)| gc == c && (gx - x).abs() < 0.05 && (gy - y).abs() < 0.05);
            assert!(hit, "page {p}: {c:?} not found at ({x:.3}, {y:.3})");
            found += 1;
        }
        assert_eq!(found, want.len());
    }
}

#[test]
fn expanded_runs_read_back_the_same_text_at_their_scaled_positions() {
    if !have("python3", &["-c", "import pymupdf"]) {
        return;
    }
    // Font expansion as the setter makes it: a run's advances already scaled, its
    // `hscale` saying by how much (2% wider, 2% narrower, by turns), for the PDF's Tz.
    let mut layout = book();
    let mut scaled = 0;
    for page in &mut layout.pages {
        for item in &mut page.items {
            if let folio::page::PageItem::Text(run) = item {
                if run.glyphs.len() > 3 {
                    run.hscale = if scaled % 2 == 0 { 1.02 } else { 0.98 };
                    for g in &mut run.glyphs {
                        g.advance *= run.hscale;
                    }
                    scaled += 1;
                }
            }
        }
    }
    assert!(scaled >= 4, "{scaled}");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("expanded.pdf");
    std::fs::write(&path, folio::pdf::write(&layout).unwrap()).unwrap();
    let out = Command::new("python3")
        .args(["-c", PYMUPDF_SCRIPT])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pages = parse_mupdf(&String::from_utf8(out.stdout).unwrap());
    let expected = expected_text();
    assert_eq!(pages.len(), expected.len());
    for (p, page) in pages.iter().enumerate() {
        assert_eq!(page.lines, expected[p], "page {p}: the text is unchanged");
        for item in &layout.pages[p].items {
            if let folio::page::PageItem::Text(run) = item {
                let mut x = f64::from(run.x);
                for g in &run.glyphs {
                    if g.text.chars().count() == 1 && g.text != " " {
                        let (c, y) = (g.text.as_str(), f64::from(run.y));
                        assert!(
                            page.chars.iter().any(|(gc, gx, gy)| gc == c
                                && (gx - x).abs() < 0.05
                                && (gy - y).abs() < 0.05),
                            "page {p}: {c:?} not at ({x:.3}, {y:.3}) under Tz {}",
                            run.hscale
                        );
                    }
                    x += f64::from(g.advance);
                }
            }
        }
    }
    // Said with Tz, and back to 100 for an unscaled run.
    let mut doc = lopdf::Document::load(&path).unwrap();
    doc.decompress();
    let content: String = doc
        .get_pages()
        .values()
        .map(|&id| String::from_utf8_lossy(&doc.get_page_content(id)).into_owned())
        .collect();
    assert!(
        content.contains("102 Tz") && content.contains("98 Tz"),
        "no Tz"
    );
}
