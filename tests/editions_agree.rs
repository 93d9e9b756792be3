//! The editions agree (issue 13): one piece with every field a piece can print (a date and a
//! dateline, two authors, a translator, its source and rights, an image with alt text and a
//! title, a table with a right-aligned column) built into both editions, and the same text
//! read back from each: the EPUB's XHTML and the PDF's extracted words.

mod common;
mod epub_support;

use common::{build_ok, copy_tree, pdf_words, repo_root, require_python_module, write_file};
use epub_support::{entries, epubcheck};

const BOOK: &str = "title: Agreeing Editions
editor: Edna Editor
language: en-GB
identifier: urn:uuid:5d0c6a0e-6f2b-4c1e-9a57-0b8f3f3a1c21
contents:
  - manuscript/piece.md
";

const PIECE: &str = "---
title: The Harbour Report
author: [Ann Author, Bob Brown]
translator: Tom Turner
date: 2015-01-14
dateline: Valparaíso
source: First published in El Mercurio, 3 March 2012
rights: \"© 2012 Ann Author and Bob Brown\"
---
The boats come in at dusk and the harbour master counts them from the wall.

![The harbour wall at dusk, seen from the quay](images/harbour.png \"The harbour at evening\")

| Port | Ships |
|:-----|------:|
| Valparaíso | 12 |
| San Antonio | 3,000 |
| Arica | 450 |

By morning the nets are dry and the quay is swept again.
";

/// White space folded to single spaces, so lines and tags do not decide a comparison.
fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of the EPUB's XHTML documents, tags dropped and entities of the five XML kinds
/// decoded, in spine-file order; and the raw markup.
fn epub_text(epub: &[u8]) -> (String, String) {
    let mut markup = String::new();
    for (name, bytes) in entries(epub) {
        if name.ends_with(".xhtml") && !name.ends_with("nav.xhtml") {
            markup.push_str(&String::from_utf8(bytes).unwrap());
        }
    }
    let mut text = String::new();
    let mut in_tag = false;
    for c in markup.chars() {
        match c {
            '<' => {
                in_tag = true;
                text.push(' ');
            }
            '>' => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&");
    (fold(&text), markup)
}

#[test]
fn one_piece_with_every_field_says_the_same_in_both_editions() {
    if !require_python_module("fitz") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("book");
    write_file(&root, "manuscript/book.yaml", BOOK);
    write_file(&root, "manuscript/piece.md", PIECE);
    copy_tree(
        &repo_root().join("tests/pictured-book/images"),
        &root.join("images"),
    );
    let out = dir.path().join("out");
    build_ok(&root, &out);
    let epub_path = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "epub"))
        .unwrap();
    let epub = std::fs::read(&epub_path).unwrap();
    epubcheck(&epub, "editions-agree");
    let (epub_text, markup) = epub_text(&epub);
    let words = pdf_words(&common::pdf_in(&out));
    let pdf_text = fold(
        &words
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" "),
    );

    // The same lines in both, written once by doc (names, credits, dateline, apparatus).
    for says in [
        "Ann Author and Bob Brown",
        "Translated by Tom Turner",
        "Valparaíso, 14 January 2015",
        "First published in El Mercurio, 3 March 2012",
        "© 2012 Ann Author and Bob Brown",
        "The harbour at evening",
        "Edited by Edna Editor",
    ] {
        assert!(
            epub_text.contains(says),
            "the EPUB lacks {says:?}: {epub_text}"
        );
        assert!(
            pdf_text.contains(says),
            "the PDF lacks {says:?}: {pdf_text}"
        );
    }
    // The date is shown formatted, never as the manuscript's raw value.
    for text in [&epub_text, &pdf_text] {
        assert!(!text.contains("2015-01-14"), "a raw date is shown: {text}");
    }
    // The caption is the image's title; its alt text is for screen readers, in the EPUB's
    // alt attribute only, and not printed under a picture that is there.
    let alt = "The harbour wall at dusk, seen from the quay";
    assert!(
        !epub_text.contains(alt),
        "the EPUB shows the alt text as text"
    );
    assert!(
        markup.contains(&format!("alt=\"{alt}\"")),
        "the EPUB's img lost its alt"
    );
    assert!(markup.contains("<figcaption>The harbour at evening</figcaption>"));
    assert!(
        !pdf_text.contains("seen from the quay"),
        "the PDF prints the alt text"
    );

    // The right-aligned column: in the EPUB its cells say so; in the PDF its figures end at
    // one x (and start at different ones), while the left column's names start at one x.
    assert_eq!(
        markup.matches("class=\"align-right\"").count(),
        4,
        "{markup}"
    );
    let cell = |t: &str| {
        words
            .iter()
            .find(|w| w.text == t)
            .unwrap_or_else(|| panic!("no {t:?} in the PDF"))
    };
    let figures = [cell("12"), cell("3,000"), cell("450"), cell("Ships")];
    let page = figures[0].page;
    assert!(figures.iter().all(|w| w.page == page));
    let right = figures[0].x1;
    for w in &figures {
        assert!(
            (w.x1 - right).abs() < 0.6,
            "{:?} ends at {} where 12 ends at {right}",
            w.text,
            w.x1
        );
    }
    assert!(
        (figures[1].x0 - figures[0].x0).abs() > 5.0,
        "3,000 and 12 start at one x: flush left"
    );
    let names = [cell("Port"), cell("Arica")];
    assert!(
        (names[0].x0 - names[1].x0).abs() < 0.6,
        "the left column is ragged"
    );
    assert!(
        names[0].x0 < right && figures[0].y0 > names[0].y0,
        "the table reads left to right, head first"
    );
}
