//! The loader on real folders: contents discovery, containment, and its diagnostics.

use std::fs;
use std::path::Path;

use folio::manuscript::{load, Book};

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn titles(book: &Book) -> Vec<(Option<String>, Vec<String>)> {
    book.divisions
        .iter()
        .map(|d| {
            (
                d.part.clone(),
                d.pieces.iter().map(|p| p.meta.title.clone()).collect(),
            )
        })
        .collect()
}

fn errors_of(root: &Path) -> String {
    match load(root) {
        Ok(_) => panic!("expected the load to fail"),
        Err(diags) => diags.to_string(),
    }
}

#[test]
fn example_book_loads_in_three_parts() {
    let book = load(Path::new(env!("CARGO_MANIFEST_DIR"))).expect("example book loads");
    let parts: Vec<_> = book
        .divisions
        .iter()
        .map(|d| d.part.clone().unwrap())
        .collect();
    assert_eq!(parts, ["Reviews", "Reportage", "Analysis"]);
    let counts: Vec<_> = book.divisions.iter().map(|d| d.pieces.len()).collect();
    assert_eq!(counts, [1, 4, 2]);
    assert_eq!(book.meta.language, "en-GB");
    assert!(book.meta.authors.is_empty(), "the source names no author");
}

#[test]
fn contents_absent_discovers_natural_order_and_parts() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "manuscript/book.yaml", "title: Found\n");
    write(root, "manuscript/00-preface.md", "# Preface\n\nHello.\n");
    write(root, "manuscript/10-later/1-one.md", "# Ten-one\n");
    write(root, "manuscript/2-reportage/10-b.md", "# Two-ten\n");
    write(root, "manuscript/2-reportage/9-a.md", "# Two-nine\n");
    write(root, "manuscript/notes.txt", "not a chapter");
    let book = load(root).unwrap();
    assert_eq!(
        titles(&book),
        vec![
            (None, vec!["Preface".to_string()]),
            (
                Some("Reportage".to_string()),
                vec!["Two-nine".to_string(), "Two-ten".to_string()]
            ),
            (Some("Later".to_string()), vec!["Ten-one".to_string()]),
        ]
    );
}

#[test]
fn missing_chapter_names_the_yaml_line() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "manuscript/book.yaml",
        "title: X\ncontents:\n  - manuscript/here.md\n  - manuscript/gone.md\n",
    );
    write(dir.path(), "manuscript/here.md", "# Here\n");
    let shown = errors_of(dir.path());
    assert!(
        shown.contains("chapter `manuscript/gone.md` does not exist"),
        "{shown}"
    );
    assert!(shown.contains("manuscript/book.yaml:4:5"), "{shown}");
    assert!(shown.contains("help:"), "{shown}");
}

#[test]
fn path_escaping_the_root_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("book");
    write(
        &root,
        "manuscript/book.yaml",
        "title: X\ncontents:\n  - ../secret.md\n",
    );
    write(dir.path(), "secret.md", "# Secret\n");
    let shown = errors_of(&root);
    assert!(shown.contains("leads outside the book root"), "{shown}");
    assert!(shown.contains("book.yaml:3:5"), "{shown}");
}

#[cfg(unix)]
#[test]
fn symlink_to_outside_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("book");
    write(
        &root,
        "manuscript/book.yaml",
        "title: X\ncontents:\n  - manuscript/link.md\n",
    );
    write(dir.path(), "secret.md", "# Secret\n");
    std::os::unix::fs::symlink(
        dir.path().join("secret.md"),
        root.join("manuscript/link.md"),
    )
    .unwrap();
    let shown = errors_of(&root);
    assert!(shown.contains("symbolic link to a file outside"), "{shown}");
}

#[test]
fn unknown_keys_are_all_reported_with_suggestions() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "manuscript/book.yaml",
        "title: X\nauthr: Someone\nlanguage: en\nsubjct: Things\n",
    );
    write(dir.path(), "manuscript/a.md", "# A\n");
    let shown = errors_of(dir.path());
    assert!(shown.contains("unknown key `authr`"), "{shown}");
    assert!(shown.contains("book.yaml:2:1"), "{shown}");
    assert!(shown.contains("did you mean `author`?"), "{shown}");
    assert!(shown.contains("unknown key `subjct`"), "{shown}");
    assert!(shown.contains("did you mean `subject`?"), "{shown}");
}

#[test]
fn yaml_error_has_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "manuscript/book.yaml",
        "title: X\nsubtitle: \"unclosed\nlanguage: en\n",
    );
    let diags = load(dir.path()).unwrap_err();
    let d = &diags.0[0];
    assert!(d.message.contains("YAML syntax error"), "{d}");
    let loc = d.location.as_ref().unwrap();
    assert_eq!(loc.file, Path::new("manuscript/book.yaml"));
    assert!(loc.line >= 2 && loc.column >= 1, "{d}");
}

#[test]
fn utf8_bom_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "manuscript/book.yaml",
        "\u{feff}title: With BOM\n",
    );
    write(
        dir.path(),
        "manuscript/a.md",
        "\u{feff}---\ntitle: Piece\n---\nText.\n",
    );
    let book = load(dir.path()).unwrap();
    assert_eq!(book.meta.title, "With BOM");
    assert_eq!(book.divisions[0].pieces[0].meta.title, "Piece");
}

#[test]
fn chapter_listed_twice_points_at_both() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "manuscript/book.yaml",
        "title: X\ncontents:\n  - manuscript/a.md\n  - manuscript/a.md\n",
    );
    write(dir.path(), "manuscript/a.md", "# A\n");
    let shown = errors_of(dir.path());
    assert!(shown.contains("listed twice"), "{shown}");
    assert!(shown.contains("already listed at line 3"), "{shown}");
}
