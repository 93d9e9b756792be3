//! `quotes: single`: a British book's English pieces open quotations with ‘ and nest “ ”
//! inside, in both editions, while apostrophes stay apostrophes and a French piece keeps its
//! guillemets; a value folio does not know is an error at its line with the two it does.

mod common;
mod epub_support;

use std::path::Path;

use common::{build_ok, folio, pdf_in, pdf_text, write_file};
use epub_support::entries;

const ENGLISH: &str =
    "# Harbour\n\n\"It's 'nearly' done,\" she said, \"and the boats' nets are in.\"\n";
const FRENCH: &str =
    "---\nlanguage: fr\n---\n\n# Port\n\nIl a dit : \"C'est 'presque' fini\", puis il est parti.\n";

fn book(root: &Path, quotes: &str) {
    write_file(
        root,
        "manuscript/book.yaml",
        &format!(
            "title: Quotes\nlanguage: en-GB\n{quotes}contents:\n  - manuscript/en.md\n  - manuscript/fr.md\n"
        ),
    );
    write_file(root, "manuscript/en.md", ENGLISH);
    write_file(root, "manuscript/fr.md", FRENCH);
}

/// The EPUB's documents and the PDF's text (pdftotext, whitespace folded) of a build.
fn editions(quotes: &str) -> (String, Option<String>) {
    let dir = tempfile::tempdir().unwrap();
    book(dir.path(), quotes);
    let out = dir.path().join("out");
    build_ok(dir.path(), &out);
    let epub = std::fs::read(out.join("quotes.epub")).unwrap();
    let xhtml: String = entries(&epub)
        .into_iter()
        .filter(|(n, _)| n.ends_with(".xhtml"))
        .map(|(_, b)| String::from_utf8_lossy(&b).into_owned())
        .collect();
    (xhtml, pdf_text(&pdf_in(&out), None))
}

#[test]
fn single_quotes_open_english_quotations_in_both_editions_and_leave_french_alone() {
    let single = "‘It’s “nearly” done,’ she said, ‘and the boats’ nets are in.’";
    let double = "“It’s ‘nearly’ done,” she said, “and the boats’ nets are in.”";
    // The French piece's guillemets hold narrow no-break spaces, which pdftotext reads as
    // spaces; its apostrophe stays one.
    let french = "«\u{202F}C’est ‹\u{202F}presque\u{202F}› fini\u{202F}»";

    let (xhtml, pdf) = editions("quotes: single\n");
    assert!(xhtml.contains(single), "{xhtml}");
    assert!(xhtml.contains(french), "{xhtml}");
    if let Some(pdf) = pdf {
        assert!(pdf.contains(single), "{pdf}");
        assert!(pdf.contains(&french.replace('\u{202F}', " ")), "{pdf}");
    }

    // The default, and `quotes: double` said outright, keep smart punctuation's marks.
    for quotes in ["", "quotes: double\n"] {
        let (xhtml, pdf) = editions(quotes);
        assert!(xhtml.contains(double), "{quotes:?}: {xhtml}");
        assert!(xhtml.contains(french), "{quotes:?}: {xhtml}");
        if let Some(pdf) = pdf {
            assert!(pdf.contains(double), "{quotes:?}: {pdf}");
        }
    }
}

#[test]
fn an_unknown_quotation_style_is_an_error_at_its_line_naming_both_styles() {
    let dir = tempfile::tempdir().unwrap();
    book(dir.path(), "quotes: curly\n");
    let out = folio(&["check", dir.path().to_str().unwrap()], &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("--> manuscript/book.yaml:3:1\n"),
        "not at its line:\n{stderr}"
    );
    assert!(
        stderr.contains("`quotes: curly` is not a quotation style"),
        "{stderr}"
    );
    assert!(
        stderr.contains("help: use `quotes: double` (“ ”, the default) or `quotes: single`"),
        "{stderr}"
    );
}
