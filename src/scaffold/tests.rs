use std::fs;
use std::path::Path;

use super::*;

/// book.yaml with every example line (`# key: ...`) switched on; prose (`## ...`) stays.
fn uncommented(yaml: &str) -> String {
    yaml.lines()
        .map(|line| line.strip_prefix("# ").unwrap_or(line))
        .collect::<Vec<_>>()
        .join("\n")
}

fn write_project(dir: &Path, title: &str) {
    for (path, text) in files(title) {
        let path = dir.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
}

fn book_yaml(title: &str) -> String {
    files(title)
        .into_iter()
        .find(|(p, _)| p.ends_with("book.yaml"))
        .unwrap()
        .1
}

#[test]
fn book_yaml_shows_every_key_the_contract_names() {
    let yaml = uncommented(&book_yaml("T"));
    for key in crate::manuscript::BOOK_YAML_KEYS {
        let at_line_start = format!("\n{key}:");
        assert!(
            yaml.contains(&at_line_start),
            "book.yaml does not show `{key}`"
        );
    }
    let nested = [
        "ebook:",
        "print:",
        "trim:",
        "font-size:",
        "leading:",
        "margins: {top:",
        "inner:",
        "outer:",
        "bottom:",
        "justify:",
        "figures:",
        "hyphenation-exceptions:",
        "profile:",
        "bleed:",
        "paper:",
        "pdfx:",
        "opening:",
        "running-heads: {verso:",
        "scene-break:",
        "lead-in:",
        "drop-cap:",
        "part:",
        "chapters:",
    ];
    for key in nested {
        assert!(yaml.contains(key), "book.yaml does not show `{key}`");
    }
}

#[test]
fn every_example_in_book_yaml_is_valid_when_switched_on() {
    let dir = tempfile::tempdir().unwrap();
    write_project(dir.path(), "Example");
    let yaml = uncommented(&book_yaml("Example"));
    fs::write(dir.path().join("manuscript/book.yaml"), yaml).unwrap();
    // The front and back matter the example lists.
    for (path, role) in [
        ("front/dedication.md", "dedication"),
        ("front/introduction.md", "introduction"),
        ("back/acknowledgements.md", "acknowledgements"),
    ] {
        let file = dir.path().join("manuscript").join(path);
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(
            file,
            format!("---\ntitle: A {role}\nrole: {role}\n---\nText.\n"),
        )
        .unwrap();
    }
    // The cover the example names, as a real JPEG at print resolution (6x9 in with bleed
    // at 300 ppi), so the cover edition has nothing to warn about.
    fs::create_dir_all(dir.path().join("covers")).unwrap();
    image::RgbImage::from_pixel(1838, 2775, image::Rgb([120, 30, 40]))
        .save(dir.path().join("covers/front.jpg"))
        .unwrap();
    let book = crate::manuscript::load(dir.path()).unwrap_or_else(|d| panic!("{d}"));
    assert!(book.warnings.is_empty(), "{}", book.warnings);
    assert_eq!(book.meta.authors, ["Ann Author"]);
    assert!(
        book.print.places.has("trim"),
        "the template writes its trim"
    );
    assert_eq!(
        Some(book.print.trim),
        crate::manuscript::Trim::parse("6x9in")
    );
    let parts: Vec<_> = book
        .divisions
        .iter()
        .map(|d| (d.part.clone(), d.matter, d.pieces.len()))
        .collect();
    use crate::manuscript::Matter;
    assert_eq!(
        parts,
        [
            (None, Matter::Front, 2),
            (Some("Beginnings".to_string()), Matter::Body, 1),
            (Some("Letters".to_string()), Matter::Body, 1),
            (None, Matter::Back, 1)
        ]
    );
    assert_eq!(book.print.opening, crate::manuscript::Opening::Recto);
    let doc = crate::doc::build(&book).unwrap_or_else(|d| panic!("{d}"));
    let editions = crate::commands::editions(None);
    let editions: Vec<_> = editions.iter().map(Box::as_ref).collect();
    let (outputs, warnings) = crate::build::render_editions(&book, &doc, &editions, &|_| {})
        .unwrap_or_else(|d| panic!("{d}"));
    // The template's few pages are a draft too short for spine text: the one warning (its
    // page count under KDP's 24 is the printer's preflight's, which a build stops on).
    let text = warnings.to_string();
    let expected = ["KDP prints spine text from 79 pages"];
    assert!(
        warnings
            .0
            .iter()
            .all(|w| expected.iter().any(|e| w.message.contains(e))),
        "{text}"
    );
    assert_eq!(outputs.len(), editions.len());
}

#[test]
fn the_new_project_has_nothing_to_lint() {
    let dir = tempfile::tempdir().unwrap();
    write_project(dir.path(), "Clean");
    let book = crate::manuscript::load(dir.path()).unwrap_or_else(|d| panic!("{d}"));
    let doc = crate::doc::build(&book).unwrap_or_else(|d| panic!("{d}"));
    assert!(doc.warnings.is_empty(), "{}", doc.warnings);
    let found = crate::lint::lint(&book, &doc);
    assert!(found.is_empty(), "{found}");
    assert_eq!(book.pieces().count(), 2);
    assert_eq!(book.divisions.len(), 2, "two parts");
}

#[test]
fn any_title_survives_into_book_yaml() {
    let title = "Tom's \"Best\": #1 - a [test] & more\\";
    let dir = tempfile::tempdir().unwrap();
    write_project(dir.path(), title);
    let book = crate::manuscript::load(dir.path()).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(book.meta.title, title);
    let readme = fs::read_to_string(dir.path().join("README.md")).unwrap();
    assert!(readme.starts_with(&format!("# {title}\n")));
}

#[test]
fn titles_come_from_folder_names() {
    assert_eq!(title_from_folder("my-first_book"), "My First Book");
    assert_eq!(title_from_folder("poems"), "Poems");
    assert_eq!(title_from_folder("--"), "Untitled");
}

/// The workflow builds folio with folio's own action, whose owner only the author can
/// name: the README written beside it says to.
#[test]
fn the_readme_says_to_name_the_release_actions_owner() {
    let uses = "uses: OWNER/folio@v1";
    assert!(RELEASE_WORKFLOW.contains(uses), "{RELEASE_WORKFLOW}");
    let readme = files("T")
        .into_iter()
        .find(|(path, _)| path.as_os_str() == "README.md")
        .map(|(_, text)| text)
        .unwrap();
    assert!(readme.contains(&format!("`{uses}`")), "{readme}");
    assert!(readme.contains("replace `OWNER`"), "{readme}");
}

/// Two new books are two books: each book.yaml names its own random (v4) UUID, and the
/// loader publishes it as written.
#[test]
fn every_new_book_gets_a_fresh_identifier() {
    let id_of = |yaml: &str| {
        yaml.lines()
            .find_map(|l| l.strip_prefix("identifier: "))
            .expect("book.yaml sets identifier")
            .to_string()
    };
    let (a, b) = (id_of(&book_yaml("T")), id_of(&book_yaml("T")));
    assert_ne!(a, b);
    let uuid = uuid::Uuid::parse_str(a.strip_prefix("urn:uuid:").unwrap()).unwrap();
    assert_eq!(uuid.get_version_num(), 4);
    let dir = tempfile::tempdir().unwrap();
    write_project(dir.path(), "T");
    let written = fs::read_to_string(dir.path().join("manuscript/book.yaml")).unwrap();
    let book = crate::manuscript::load(dir.path()).unwrap();
    assert_eq!(book.meta.identifier, id_of(&written));
    assert!(book.warnings.0.is_empty(), "{:?}", book.warnings);
    assert_ne!(
        book.meta.identifier,
        crate::manuscript::derived_identifier("T", &book.meta.authors)
    );
}
