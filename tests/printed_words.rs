//! The words folio prints itself, in each of the nine languages it knows, in both editions:
//! the anthology of tests/contributors-book rebuilt with `language:` set to each, with a part
//! and a dated piece added, must print its contents heading, part label, "Edited by",
//! "Translated by", "About the contributors", "Permissions" and the date in that language, and
//! never the English words; a language folio does not know prints English with one warning.

mod common;
mod epub_support;

use common::{build_ok, copy_tree, pdf_in, pdf_text, repo_root, write_file};
use epub_support::{entries, epubcheck};

/// What a reader of each language expects to see (written here from the languages'
/// publishing usage, not read back from folio's table): contents, part one's label, the
/// editor's credit, the translator's credit, the contributors' pages, the permissions page,
/// and 14 January 2015.
const EXPECTED: &[(&str, [&str; 7])] = &[
    (
        "en-GB",
        [
            "Contents",
            "Part One",
            "Edited by",
            "Translated by",
            "About the contributors",
            "Permissions",
            "14 January 2015",
        ],
    ),
    (
        "fr",
        [
            "Table des matières",
            "Partie I",
            "Sous la direction de",
            "Traduit par",
            "Les contributeurs",
            "Droits et autorisations",
            "14 janvier 2015",
        ],
    ),
    (
        "de",
        [
            "Inhalt",
            "Teil I",
            "Herausgegeben von",
            "Übersetzt von",
            "Über die Beitragenden",
            "Rechtenachweis",
            "14. Januar 2015",
        ],
    ),
    (
        "es",
        [
            "Índice",
            "Parte I",
            "Edición de",
            "Traducción de",
            "Sobre los autores",
            "Permisos",
            "14 de enero de 2015",
        ],
    ),
    (
        "it",
        [
            "Indice",
            "Parte I",
            "A cura di",
            "Traduzione di",
            "Gli autori",
            "Crediti",
            "14 gennaio 2015",
        ],
    ),
    (
        "pt",
        [
            "Sumário",
            "Parte I",
            "Organização de",
            "Tradução de",
            "Sobre os autores",
            "Créditos",
            "14 de janeiro de 2015",
        ],
    ),
    (
        "nl",
        [
            "Inhoud",
            "Deel I",
            "Onder redactie van",
            "Vertaald door",
            "Over de auteurs",
            "Verantwoording",
            "14 januari 2015",
        ],
    ),
    (
        "pl",
        [
            "Spis treści",
            "Część I",
            "Pod redakcją",
            "Przekład",
            "O autorach",
            "Prawa autorskie",
            "14 stycznia 2015",
        ],
    ),
    (
        "sv",
        [
            "Innehåll",
            "Del I",
            "Redigerad av",
            "Översatt av",
            "Om författarna",
            "Rättigheter",
            "14 januari 2015",
        ],
    ),
];

/// The contributors' anthology in `language`, its pieces in one part, plus a dated piece;
/// the build's stderr, all the EPUB's XHTML, and the PDF's text (None without pdftotext).
fn build_in(language: &str) -> (String, String, Option<String>) {
    let (stderr, epub, pdf) = build_with_epub(language);
    let xhtml: String = entries(&epub)
        .into_iter()
        .filter(|(n, _)| n.ends_with(".xhtml"))
        .map(|(_, b)| String::from_utf8_lossy(&b).into_owned())
        .collect();
    (stderr, xhtml, pdf)
}

/// As [`build_in`], with the EPUB's bytes in place of its text.
fn build_with_epub(language: &str) -> (String, Vec<u8>, Option<String>) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    copy_tree(
        &repo_root().join("tests/contributors-book/manuscript"),
        &root.join("manuscript"),
    );
    let yaml = std::fs::read_to_string(root.join("manuscript/book.yaml")).unwrap();
    let (head, _) = yaml.split_once("contents:").unwrap();
    let (_, print) = yaml.split_once("print:").unwrap();
    let yaml = format!(
        "{}contents:\n  - part: Voices\n    chapters: [manuscript/two.md, manuscript/three.md, \
         manuscript/translated.md, manuscript/french.md, manuscript/german.md, \
         manuscript/dated.md]\nprint:{print}",
        head.replace("language: en-GB", &format!("language: {language}"))
    );
    write_file(root, "manuscript/book.yaml", &yaml);
    write_file(
        root,
        "manuscript/dated.md",
        "---\ntitle: Dated\nauthor: Eve Evans\ndate: 2015-01-14\n---\nA dated piece.\n",
    );
    let out = root.join("out");
    let stderr = build_ok(root, &out);
    let epub = std::fs::read(out.join("voices-gathered.epub")).unwrap();
    // Headings set in small caps extract as lower case: the PDF's words are compared so.
    let pdf = pdf_text(&pdf_in(&out), None).map(|t| t.to_lowercase());
    (stderr, epub, pdf)
}

#[test]
fn every_language_folio_knows_prints_its_own_words_in_both_editions() {
    let english = EXPECTED[0].1;
    for (language, words) in EXPECTED {
        let (stderr, xhtml, pdf) = build_in(language);
        assert!(
            !stderr.contains("English"),
            "{language}: a supported language warned: {stderr}"
        );
        for (i, word) in words.iter().enumerate() {
            assert!(xhtml.contains(word), "{language}: the EPUB lacks {word:?}");
            if let Some(pdf) = &pdf {
                assert!(
                    pdf.contains(&word.to_lowercase()),
                    "{language}: the PDF lacks {word:?}:\n{pdf}"
                );
            }
            // "Permissions" is also the piece's own heading in the fixture's back matter, and
            // "Contents" could be a heading in any language: only the other words must go.
            if *language != "en-GB" && ![0, 5].contains(&i) {
                let gone = english[i];
                assert!(
                    !xhtml.contains(gone),
                    "{language}: the EPUB still says {gone:?}"
                );
                if let Some(pdf) = &pdf {
                    assert!(
                        !pdf.contains(&gone.to_lowercase()),
                        "{language}: the PDF still says {gone:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn a_book_in_another_language_still_passes_epubcheck() {
    // Its part page now carries a label, its contents a heading in German.
    let (_, epub, _) = build_with_epub("de");
    epubcheck(&epub, "printed-words-de");
}

#[test]
fn a_language_folio_does_not_know_prints_english_with_one_warning() {
    let (stderr, xhtml, pdf) = build_in("fi");
    assert_eq!(
        stderr.matches("warning:").count(),
        1,
        "one warning, for the language: {stderr}"
    );
    assert!(stderr.contains("fi"), "{stderr}");
    for word in [
        "Edited by",
        "Translated by",
        "About the contributors",
        "Part One",
    ] {
        assert!(xhtml.contains(word), "the EPUB lacks {word:?}");
        if let Some(pdf) = &pdf {
            assert!(pdf.contains(&word.to_lowercase()), "the PDF lacks {word:?}");
        }
    }
}
