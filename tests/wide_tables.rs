//! Issue 16: a realistic 6-column table and a table cell holding a long hash, read back from
//! the PDF with PyMuPDF. Each cell is wrapped in its own column (a word wider than the column
//! breaks between graphemes, with a warning at its line and column), so no two cells' words
//! overlap ("ConstantinopAlexandria" was the bug) and no word reaches past the text block.

mod common;

use std::path::Path;

use common::{build_ok, pdf_in, pdf_words, require_python_module, write_file, PdfWord};

const HASH: &str =
    "3f786850e387550fdab836ed7e6dc881de23001b3f786850e387550fdab836ed7e6dc881de23001b";

fn book(root: &Path) {
    write_file(
        root,
        "manuscript/book.yaml",
        "title: Tables\nauthor: A. Tester\nlanguage: en\nidentifier: urn:uuid:0b1c7a52-3c4e-4f0a-9d55-3f1f3f7d2a10\ncontents: [manuscript/a.md]\n",
    );
    // A paragraph long enough for justified lines, which mark the text block's edges.
    let prose = "The cities of the late Roman world kept their old names in the mouths of \
                 their people long after the empire had renamed them, and the registers of \
                 the church kept both. "
        .repeat(4);
    write_file(
        root,
        "manuscript/a.md",
        &format!(
            "# Cities\n\n{prose}\n\n\
| Constantinople | Alexandria | Antioch | Jerusalem | Thessalonica | Carthage |\n\
|---|---|---|---|---|---|\n\
| 330 | 331 BC | 300 BC | 1000 BC | 315 BC | 814 BC |\n\
| Byzantium | Rhakotis | Seleucia | Salem | Therma | Qart-hadasht |\n\
\n\
| Name | Hash |\n\
|---|---|\n\
| release | {HASH} |\n\n{prose}\n"
        ),
    );
}

#[test]
fn a_table_too_wide_for_its_words_wraps_each_cell_in_its_column_and_says_where() {
    if !require_python_module("fitz") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("book");
    book(&root);
    let out = dir.path().join("out");
    let stderr = build_ok(&root, &out);

    // The words that cannot fit their column are named at their place (a.md line 5 and 12,
    // given the heading, a blank line, the paragraph and a blank line before the table).
    for (word, place) in [
        ("`Constantinople`", "a.md:5:3"),
        ("`Alexandria`", "a.md:5:20"),
        ("`Thessalonica`", "a.md:5:55"),
        ("`3f786850e387550fdab836ed7e6dc881de23001b…", "a.md:12:13"),
    ] {
        let at = stderr
            .find(&format!("warning: {word}"))
            .unwrap_or_else(|| panic!("no warning for {word}:\n{stderr}"));
        let rest = &stderr[at..];
        assert!(
            rest.contains("is wider than the line and was broken between two letters"),
            "{stderr}"
        );
        let next = rest[1..].find("warning:").map_or(rest.len(), |n| n + 1);
        assert!(
            rest[..next].contains(place),
            "{word} not at {place}:\n{stderr}"
        );
    }

    // Word boxes of every page holding the tables: the body lines give the text block.
    let words = pdf_words(&pdf_in(&out));
    let page = words
        .iter()
        .find(|w| w.text.starts_with("Cons"))
        .expect("the table's first header cell is in the PDF")
        .page;
    let hash_page = words
        .iter()
        .find(|w| w.text.starts_with("3f78"))
        .expect("the hash is in the PDF")
        .page;
    for p in [page, hash_page] {
        let on: Vec<_> = words.iter().filter(|w| w.page == p).collect();
        // The prose's justified lines end on the right edge of the text block; a stop or
        // hyphen may hang half a glyph past it, which only makes this bound looser.
        let left = on.iter().map(|w| w.x0).fold(f64::MAX, f64::min);
        let right = on
            .iter()
            .filter(|w| !w.text.chars().any(|c| c.is_ascii_digit()))
            .map(|w| w.x1)
            .fold(f64::MIN, f64::max);
        let bbox = |w: &PdfWord| [w.x0, w.y0, w.x1, w.y1];
        for w in &on {
            assert!(
                w.x0 >= left - 0.5 && w.x1 <= right + 0.5,
                "`{}` at {:?} leaves the text block {left:.1}..{right:.1} on page {p}",
                w.text,
                bbox(w)
            );
        }
        for (i, a) in on.iter().enumerate() {
            for b in &on[i + 1..] {
                let overlap_x = a.x1.min(b.x1) - a.x0.max(b.x0);
                let overlap_y = a.y1.min(b.y1) - a.y0.max(b.y0);
                assert!(
                    overlap_x <= 0.5 || overlap_y <= 0.5,
                    "`{}` {:?} and `{}` {:?} overprint on page {p}",
                    a.text,
                    bbox(a),
                    b.text,
                    bbox(b)
                );
            }
        }
    }
    // The hash is all there, in pieces, and nothing of it was lost.
    let hash: String = words
        .iter()
        .filter(|w| {
            w.page == hash_page && w.text.chars().all(|c| c.is_ascii_hexdigit()) && w.text.len() > 8
        })
        .map(|w| w.text.as_str())
        .collect();
    assert_eq!(hash, HASH);
    // Each header word sits whole or broken, never run into its neighbour.
    assert!(!words
        .iter()
        .any(|w| w.text.contains("Alexandria") && w.text.len() > 10));
}
