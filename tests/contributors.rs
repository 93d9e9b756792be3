//! An edited anthology (tests/contributors-book): an editor and no author, pieces by two and
//! three authors, a translated piece. Both editions must name everyone, joined in the book's
//! language, and the print edition must say "Edited by" wherever the book's credit goes.

mod common;
mod epub_support;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{folio, repo_root};
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
            .find(|(n, t)| n.ends_with(".xhtml") && t.contains(needle) && n.contains("piece-"))
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
    // The e-book's drawn cover names the editor too, in its picture and its alt text.
    let svg = &files
        .iter()
        .find(|(n, _)| n.ends_with("cover.svg"))
        .unwrap()
        .1;
    assert!(svg.contains(">Edited by Edna Editor</text>"), "{svg}");
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

/// pdftotext's reading of pages `first..=last` (all when None), whitespace collapsed.
fn pdf_text(pdf: &Path, pages: Option<(u32, u32)>) -> Option<String> {
    if !common::require_tool("pdftotext", &["-v"]) {
        return None;
    }
    let mut cmd = Command::new("pdftotext");
    if let Some((first, last)) = pages {
        cmd.args(["-f", &first.to_string(), "-l", &last.to_string()]);
    }
    let out = cmd.arg(pdf).arg("-").output().unwrap();
    assert!(out.status.success());
    Some(
        String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    )
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
