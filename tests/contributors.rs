//! An edited anthology (tests/contributors-book): an editor and no author, pieces by two and
//! three authors, a translated piece. Both editions must name everyone, joined in the book's
//! language, and the print edition must say "Edited by" wherever the book's credit goes.

mod common;
mod epub_support;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{folio, pdf_text, repo_root};
use epub_support::{entries, epubcheck};

/// The fixture copied to a temporary book root and built (EPUB, PDF and cover).
fn build() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let from = repo_root().join("tests/contributors-book/manuscript");
    let to = dir.path().join("manuscript");
    std::fs::create_dir_all(&to).unwrap();
    for f in std::fs::read_dir(&from).unwrap() {
        let f = f.unwrap();
        std::fs::copy(f.path(), to.join(f.file_name())).unwrap();
    }
    let out = dir.path().join("out");
    let root = dir.path().to_str().unwrap();
    let o = out.to_str().unwrap();
    for args in [
        vec!["build", "--out", o, root],
        vec!["build", "--cover", "--out", o, root],
    ] {
        let r = folio(&args, &[]);
        assert!(
            r.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&r.stderr)
        );
    }
    (dir, out)
}

fn text_entries(epub: &[u8]) -> Vec<(String, String)> {
    entries(epub)
        .into_iter()
        .map(|(n, b)| (n, String::from_utf8_lossy(&b).into_owned()))
        .collect()
}

#[test]
fn the_epub_names_every_contributor_with_their_role() {
    let (_dir, out) = build();
    let epub = std::fs::read(out.join("voices-gathered.epub")).unwrap();
    let files = text_entries(&epub);
    let find = |needle: &str| -> &str {
        &files
            .iter()
            .find(|(n, t)| {
                n.ends_with(".xhtml")
                    && t.contains(&format!("<h1 id=\"title\">{needle}"))
                    && n.contains("piece-")
            })
            .unwrap_or_else(|| panic!("no document contains {needle}"))
            .1
    };
    assert!(find("A Joint Report").contains("<p class=\"byline\">Alice Able and Bob Baker</p>"));
    assert!(
        find("Three Hands").contains("<p class=\"byline\">Carol Cole, Dan Drake and Eve Evans</p>")
    );
    let translated = find("From the French");
    assert!(translated.contains("<p class=\"byline\">Françoise Fabre</p>"));
    assert!(translated.contains("Translated by Tom Turner"));
    let nav = &files
        .iter()
        .find(|(n, _)| n.ends_with("contents.xhtml"))
        .unwrap()
        .1;
    // The contents page lists each piece with its joined byline.
    assert!(
        nav.contains("<span class=\"byline\">Alice Able and Bob Baker</span>"),
        "{nav}"
    );

    let opf = &files.iter().find(|(n, _)| n.ends_with(".opf")).unwrap().1;
    // (element, name, role): each person once, each with their MARC relator.
    let people = people(opf);
    let expect = [
        ("creator", "Edna Editor", "edt"),
        // The editor wrote the introduction.
        ("contributor", "Edna Editor", "aut"),
        ("contributor", "Alice Able", "aut"),
        ("contributor", "Bob Baker", "aut"),
        ("contributor", "Carol Cole", "aut"),
        ("contributor", "Dan Drake", "aut"),
        ("contributor", "Eve Evans", "aut"),
        ("contributor", "Françoise Fabre", "aut"),
        ("contributor", "Tom Turner", "trl"),
    ];
    let got: Vec<(&str, &str, &str)> = people
        .iter()
        .map(|(e, n, r)| (e.as_str(), n.as_str(), r.as_str()))
        .collect();
    assert_eq!(got, expect, "{opf}");
    // The e-book's drawn cover is a picture (a PNG: no SVG cover for Kindle) naming the
    // editor in its alt text (src/epub/cover.rs's tests check the drawing says it too).
    assert!(files.iter().any(|(n, _)| n == "OEBPS/images/cover.png"));
    assert!(!files.iter().any(|(n, _)| n.ends_with(".svg")));
    let cover = &files
        .iter()
        .find(|(n, _)| n.ends_with("cover.xhtml"))
        .unwrap()
        .1;
    assert!(
        cover.contains("Voices Gathered. Edited by Edna Editor"),
        "{cover}"
    );
    epubcheck(&epub, "contributors");
}

/// Each `<dc:creator>`/`<dc:contributor>` of the OPF with the role that refines it.
fn people(opf: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for element in ["creator", "contributor"] {
        let open = format!("<dc:{element} id=\"");
        for chunk in opf.split(&open).skip(1) {
            let id = &chunk[..chunk.find('"').unwrap()];
            let name = &chunk[chunk.find('>').unwrap() + 1..chunk.find("</dc:").unwrap()];
            let refine =
                format!("<meta refines=\"#{id}\" property=\"role\" scheme=\"marc:relators\">");
            let at = opf
                .find(&refine)
                .unwrap_or_else(|| panic!("{id} has no role"));
            let rest = &opf[at + refine.len()..];
            let role = &rest[..rest.find('<').unwrap()];
            out.push((element.to_string(), name.to_string(), role.to_string()));
        }
    }
    out
}

fn pdf_text_raw(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_print_edition_says_edited_by_and_joins_the_bylines() {
    let (_dir, out) = build();
    let pdf = out.join("voices-gathered.pdf");
    // iii is the title page, iv the copyright page.
    let Some(title) = pdf_text(&pdf, Some((3, 3))) else {
        return;
    };
    assert!(title.contains("Voices Gathered"), "{title}");
    assert!(title.contains("Edited by Edna Editor"), "{title}");
    let copyright = pdf_text(&pdf, Some((4, 4))).unwrap();
    assert!(copyright.contains("Edited by Edna Editor"), "{copyright}");
    // v is the contents: each title with its byline.
    let contents = pdf_text(&pdf, Some((5, 5))).unwrap();
    assert!(
        contents.contains("A Joint Report Alice Able and Bob Baker"),
        "{contents}"
    );
    assert!(
        contents.contains("Three Hands Carol Cole, Dan Drake and Eve Evans"),
        "{contents}"
    );
    // Each piece's opening page (pdftotext ends every page with a form feed).
    let all = pdf_text_raw(&pdf);
    let opening = |start: &str| -> String {
        let page = all
            .split('\u{c}')
            .find(|p| p.contains(start))
            .unwrap_or_else(|| panic!("no page holds {start:?}:\n{all}"));
        page.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let two = opening("Two people wrote");
    assert!(
        two.contains("A Joint Report Alice Able and Bob Baker"),
        "{two}"
    );
    let three = opening("Three people wrote");
    assert!(
        three.contains("Carol Cole, Dan Drake and Eve Evans"),
        "{three}"
    );
    let translated = opening("first written in French");
    assert!(
        translated.contains("Françoise Fabre Translated by Tom Turner"),
        "{translated}"
    );

    let cover = out.join("voices-gathered-cover.pdf");
    let cover = pdf_text(&cover, None).unwrap();
    // Once on the front, once along the spine.
    assert_eq!(cover.matches("Edited by Edna Editor").count(), 2, "{cover}");
}

/// The document of the EPUB whose section is of this `epub:type`.
fn epub_doc<'a>(files: &'a [(String, String)], epub_type: &str) -> &'a str {
    let needle = format!("<section class=\"piece\" epub:type=\"{epub_type}\"");
    &files
        .iter()
        .find(|(n, t)| n.ends_with(".xhtml") && t.contains(&needle))
        .unwrap_or_else(|| panic!("no document is a section of epub:type {epub_type}"))
        .1
}

/// The text of each PDF page (pdftotext's form feeds split them), whitespace collapsed.
fn pdf_pages(pdf: &Path) -> Vec<String> {
    pdf_text_raw(pdf)
        .split('\u{c}')
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

/// The printed folio of the body page holding `text`: body page 1 is the page on which
/// the first piece ("Two people wrote...") opens.
fn folio_of(pages: &[String], text: &str) -> usize {
    let at = |t: &str| {
        pages
            .iter()
            .position(|p| p.contains(t))
            .unwrap_or_else(|| panic!("no page holds {t:?}"))
    };
    at(text) - at("Two people wrote") + 1
}

#[test]
fn about_the_contributors_is_in_both_editions_by_sort_name_with_pieces_and_pages() {
    let (_dir, out) = build();
    let files = text_entries(&std::fs::read(out.join("voices-gathered.epub")).unwrap());
    let about = epub_doc(&files, "contributors");
    assert!(about.contains("<h1 id=\"title\">About the contributors</h1>"));
    // Ordered by sort-as (book.yaml lists Bob Baker first), each bio's opening name in
    // small capitals, then the pieces the person wrote or translated.
    let names = [
        "Alice Able",
        "Bob Baker",
        "Carol Cole",
        "Dan Drake",
        "Edna Editor",
        "Eve Evans",
        "Françoise Fabre",
        "Tom Turner",
    ];
    let places: Vec<usize> = names
        .iter()
        .map(|n| {
            about
                .find(&format!("<span class=\"smallcaps\">{n}</span>"))
                .unwrap_or_else(|| panic!("{n} is missing:\n{about}"))
        })
        .collect();
    assert!(places.windows(2).all(|w| w[0] < w[1]), "{about}");
    assert!(about.contains(
        "<span class=\"smallcaps\">Bob Baker</span> reports on <em>water</em> for a regional daily."
    ));
    assert!(about.contains("<p><em>From the French</em>; <em>Le Jour d’après</em></p>"));
    assert!(about.contains("<p><em>From the French</em> (translation)</p>"));
    // Listed in the contents and marked as back matter in the landmarks.
    let nav = &files
        .iter()
        .find(|(n, _)| n.ends_with("nav.xhtml"))
        .unwrap()
        .1;
    assert!(nav.contains(">About the contributors</a>"), "{nav}");
    assert!(nav.contains("epub:type=\"backmatter\""), "{nav}");

    let pdf = out.join("voices-gathered.pdf");
    if !common::require_tool("pdftotext", &["-v"]) {
        return;
    }
    let pages = pdf_pages(&pdf);
    let page = pages
        .iter()
        .find(|p| p.starts_with("About the contributors"))
        .unwrap_or_else(|| panic!("no page opens with About the contributors"));
    let order: Vec<usize> = names.iter().map(|n| page.find(n).unwrap()).collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{page}");
    // Each piece with the folio of its opening page, as printed.
    let french = folio_of(&pages, "first written in French");
    let jour = folio_of(&pages, "Ce texte est en français");
    assert!(
        page.contains(&format!(
            "Françoise Fabre writes from Lyon. From the French, {french}; Le Jour d’après, {jour}"
        )),
        "{page}"
    );
    assert!(
        page.contains(&format!("From the French (translation), {french}")),
        "{page}"
    );
    // The contents lists it too, with its page.
    let contents = pages.iter().find(|p| p.starts_with("contents")).unwrap();
    assert!(contents.contains("About the contributors"), "{contents}");
}

#[test]
fn rights_end_each_piece_and_the_permissions_page_gathers_them() {
    let (_dir, out) = build();
    let files = text_entries(&std::fs::read(out.join("voices-gathered.epub")).unwrap());
    let translated = files
        .iter()
        .find(|(_, t)| t.contains("first written in French"))
        .unwrap();
    let credit = "© 2012 Françoise Fabre; English translation © 2015 Tom Turner. \
                  First published in Le Monde, 3 March 2012";
    assert!(
        translated
            .1
            .contains(&format!("<footer>\n<p class=\"source\">{credit}</p>")),
        "{}",
        translated.1
    );
    let permissions = epub_doc(&files, "credits");
    let lines = [
        "<p>All rights reserved.</p>",
        "<p><em>A Joint Report</em>. © 2014 Alice Able and Bob Baker</p>",
        "<p><em>Three Hands</em>. © 2013 Carol Cole, Dan Drake and Eve Evans. Reprinted by permission.</p>",
        &format!("<p><em>From the French</em>. {credit}</p>"),
        "<p><em>Le Jour d’après</em>. © 2016 Françoise Fabre</p>",
    ];
    let at: Vec<usize> = lines
        .iter()
        .map(|l| {
            permissions
                .find(l)
                .unwrap_or_else(|| panic!("{l} missing:\n{permissions}"))
        })
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "contents order");

    if !common::require_tool("pdftotext", &["-v"]) {
        return;
    }
    let pages = pdf_pages(&out.join("voices-gathered.pdf"));
    // The piece ends with the same line the e-book prints.
    let end = pages
        .iter()
        .find(|p| p.contains("first written in French"))
        .unwrap();
    assert!(end.ends_with(credit), "{end}");
    let page = pages
        .iter()
        .find(|p| p.starts_with("Permissions"))
        .expect("a Permissions page");
    let two = folio_of(&pages, "Two people wrote");
    let three = folio_of(&pages, "Three people wrote");
    assert!(
        page.contains(&format!(
            "All rights reserved. A Joint Report, {two}. © 2014 Alice Able and Bob Baker \
             Three Hands, {three}. © 2013"
        )),
        "{page}"
    );
}

#[test]
fn the_opf_files_people_under_their_sort_names_and_a_french_piece_says_so() {
    let (_dir, out) = build();
    let files = text_entries(&std::fs::read(out.join("voices-gathered.epub")).unwrap());
    let opf = &files.iter().find(|(n, _)| n.ends_with(".opf")).unwrap().1;
    for (id, sort) in [
        ("creator-1", "Editor, Edna"),
        ("contributor-2", "Able, Alice"),
        ("contributor-8", "Turner, Tom"),
    ] {
        assert!(
            opf.contains(&format!(
                "<meta refines=\"#{id}\" property=\"file-as\">{sort}</meta>"
            )),
            "{opf}"
        );
    }
    let french = files
        .iter()
        .find(|(_, t)| t.contains("Ce texte est en français"))
        .unwrap();
    assert!(
        french.1.contains("xml:lang=\"fr\" lang=\"fr\""),
        "{}",
        french.1
    );
}

#[test]
fn a_french_and_a_german_piece_print_their_own_quotation_marks_in_both_editions() {
    let (_dir, out) = build();
    let files = text_entries(&std::fs::read(out.join("voices-gathered.epub")).unwrap());
    let doc = |needle: &str| {
        files
            .iter()
            .find(|(n, t)| n.ends_with(".xhtml") && t.contains(needle))
            .map(|(_, t)| t.clone())
            .unwrap_or_else(|| panic!("no EPUB document holds {needle:?}"))
    };
    // French: guillemets with a narrow no-break space inside, ‹ › within, apostrophes kept.
    let french = "Il a dit : «\u{202F}C’est ‹\u{202F}presque\u{202F}› fini\u{202F}», puis";
    // German: „ “ outside, ‚ ‘ inside, the apostrophe of "um's" still an apostrophe.
    let german = "Sie sagte: „Es geht um ‚alles‘, nicht um’s Geld.“";
    assert!(doc("Il a dit").contains(french), "{}", doc("Il a dit"));
    assert!(doc("Sie sagte").contains(german), "{}", doc("Sie sagte"));
    // The English pieces keep English marks: the book's language decides for them.
    assert!(!doc("A piece first written").contains('«'));

    let Some(_) = pdf_text(&out.join("voices-gathered.pdf"), None) else {
        return;
    };
    // The PDF sets U+202F as a narrow fixed gap, not a glyph, so pdftotext reads it as a
    // space: the marks are checked in the text, the gap's width in the words' boxes.
    let flat = pdf_text(&out.join("voices-gathered.pdf"), None).unwrap();
    assert!(flat.contains(&french.replace('\u{202F}', " ")), "{flat}");
    assert!(flat.contains(german), "{flat}");
    let bbox = Command::new("pdftotext")
        .args(["-bbox"])
        .arg(out.join("voices-gathered.pdf"))
        .arg("-")
        .output()
        .unwrap();
    let bbox = String::from_utf8_lossy(&bbox.stdout);
    let words: Vec<(f64, f64, f64, String)> = bbox
        .lines()
        .filter_map(|l| {
            let num = |k: &str| -> Option<f64> {
                let at = l.find(&format!("{k}=\""))? + k.len() + 2;
                l[at..].split('"').next()?.parse().ok()
            };
            let word = l.split('>').nth(1)?.split('<').next()?.to_owned();
            Some((num("xMin")?, num("xMax")?, num("yMin")?, word))
        })
        .collect();
    let at = words
        .windows(3)
        .find(|w| w[0].3 == "«" && w[1].3 == "C’est" && w[2].3 == "‹")
        .expect("« C’est ‹ as three words on one line");
    let (open, word, inner) = (&at[0], &at[1], &at[2]);
    assert_eq!(open.2, word.2, "a line break after «");
    let narrow = word.0 - open.1;
    let space = inner.0 - word.1;
    assert!(
        narrow > 0.0 && narrow < space,
        "the gap inside « ({narrow}) is not narrower than a word space ({space})"
    );
}
