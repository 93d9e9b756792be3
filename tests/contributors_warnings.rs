//! The `contributors:` list's warnings, and the words folio prints itself in the book's
//! language (or its `strings:`), on small books of their own.

mod common;
mod epub_support;

use common::{folio, write_file};
use epub_support::entries;

/// Build the book at `root`; (success, stderr, the EPUB's entries as text).
fn build(root: &std::path::Path) -> (bool, String, Vec<(String, String)>) {
    let out = root.join("out");
    let r = folio(
        &[
            "build",
            "--out",
            out.to_str().unwrap(),
            root.to_str().unwrap(),
        ],
        &[],
    );
    let stderr = String::from_utf8_lossy(&r.stderr).into_owned();
    let epub = std::fs::read_dir(&out)
        .ok()
        .and_then(|mut d| d.find(|e| e.as_ref().unwrap().path().extension().unwrap() == "epub"))
        .map(|e| std::fs::read(e.unwrap().path()).unwrap())
        .unwrap_or_default();
    let files = if epub.is_empty() {
        Vec::new()
    } else {
        entries(&epub)
            .into_iter()
            .map(|(n, b)| (n, String::from_utf8_lossy(&b).into_owned()))
            .collect()
    };
    (r.status.success(), stderr, files)
}

#[test]
fn a_contributor_naming_nobody_and_an_author_without_an_entry_are_warnings_at_their_lines() {
    let dir = tempfile::tempdir().unwrap();
    write_file(
        dir.path(),
        "manuscript/book.yaml",
        "title: Gathered\ncontributors:\n  - name: Ann Author\n    bio: Ann writes.\n  - name: Nobody Here\n    bio: Named nowhere.\ncontents:\n  - manuscript/a.md\n  - manuscript/b.md\n",
    );
    write_file(
        dir.path(),
        "manuscript/a.md",
        "---\ntitle: A\nauthor: Ann Author\n---\nText.\n",
    );
    write_file(
        dir.path(),
        "manuscript/b.md",
        "---\ntitle: B\nkind: essay\nauthor: [Ann Author, Ben Unlisted]\n---\nText.\n",
    );
    let (ok, stderr, files) = build(dir.path());
    assert!(ok, "warnings do not stop the build: {stderr}");
    assert!(
        stderr.contains("manuscript/book.yaml:5:5")
            && stderr.contains("contributor `Nobody Here` is named nowhere in the book"),
        "{stderr}"
    );
    assert!(
        stderr.contains("manuscript/b.md:4:1")
            && stderr.contains("`Ben Unlisted` has no entry in book.yaml's `contributors`"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("has no entry").count(), 1, "{stderr}");
    // Only people who appear in the book have an entry on the page.
    // The page itself, not the nav's landmark that points at it.
    let about = files
        .iter()
        .find(|(n, t)| !n.ends_with("nav.xhtml") && t.contains("epub:type=\"contributors\""))
        .unwrap();
    assert!(about.1.contains("Ann Author"));
    assert!(!about.1.contains("Nobody Here"), "{}", about.1);
}

#[test]
fn a_book_without_contributors_or_rights_gets_no_apparatus_and_no_warning() {
    let dir = tempfile::tempdir().unwrap();
    write_file(
        dir.path(),
        "manuscript/book.yaml",
        "title: Plain\ncontents:\n  - manuscript/a.md\n",
    );
    write_file(
        dir.path(),
        "manuscript/a.md",
        "---\ntitle: A\nauthor: Ann\n---\nText.\n",
    );
    let (ok, stderr, files) = build(dir.path());
    assert!(ok, "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
    assert!(!files
        .iter()
        .any(|(_, t)| t.contains("epub:type=\"contributors\"")
            || t.contains("epub:type=\"credits\"")));
}

#[test]
fn folio_prints_its_words_in_the_books_language_and_strings_override_them() {
    let dir = tempfile::tempdir().unwrap();
    write_file(
        dir.path(),
        "manuscript/book.yaml",
        "title: Voix\nlanguage: fr\neditor: [Anne, Bruno]\nstrings:\n  permissions: Crédits photographiques et droits\ncontributors:\n  - name: Chloé\n    bio: Chloé écrit.\ncontents:\n  - manuscript/a.md\n",
    );
    write_file(
        dir.path(),
        "manuscript/a.md",
        "---\ntitle: Un\nauthor: Chloé\ntranslator: Denis\nrights: \"© Chloé\"\n---\nTexte.\n",
    );
    let (ok, stderr, files) = build(dir.path());
    assert!(ok, "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
    let all: String = files.iter().map(|(_, t)| t.as_str()).collect();
    assert!(
        all.contains("<h1 id=\"title\">Les contributeurs</h1>"),
        "{all}"
    );
    assert!(all.contains("<h1 id=\"title\">Crédits photographiques et droits</h1>"));
    assert!(all.contains("Traduit par Denis"));
    assert!(all.contains("Sous la direction de Anne et Bruno"));
}

#[test]
fn an_unsupported_language_prints_english_words_with_one_warning() {
    let dir = tempfile::tempdir().unwrap();
    write_file(
        dir.path(),
        "manuscript/book.yaml",
        "title: Kirja\nlanguage: fi\neditor: Anna\ncontents:\n  - manuscript/a.md\n  - manuscript/b.md\n",
    );
    write_file(
        dir.path(),
        "manuscript/a.md",
        "---\ntitle: Yksi\ntranslator: Tom\n---\nTeksti.\n",
    );
    write_file(
        dir.path(),
        "manuscript/b.md",
        "---\ntitle: Kaksi\n---\nTeksti.\n",
    );
    let (ok, stderr, files) = build(dir.path());
    assert!(ok, "{stderr}");
    assert_eq!(
        stderr.matches("has no words of its own in `fi`").count(),
        1,
        "{stderr}"
    );
    assert!(stderr.contains("manuscript/book.yaml:2:1"), "{stderr}");
    let all: String = files.iter().map(|(_, t)| t.as_str()).collect();
    assert!(all.contains("Translated by Tom"));
    assert!(all.contains("Edited by Anna"));
}

/// A book in a language folio has no words for, whose `strings:` gives every word, hears
/// only of what still prints in English: nothing, or its part labels and month names.
#[test]
fn strings_for_every_word_leave_only_part_labels_and_months_to_warn_of() {
    let strings = "strings:\n  contents: Sisällys\n  edited-by: Toimittanut\n  \
                   translated-by: Suomentanut\n  about-the-contributors: Kirjoittajat\n  \
                   permissions: Luvat\n  translation: suomennos\n";
    for (dated, warned) in [(false, false), (true, true)] {
        let dir = tempfile::tempdir().unwrap();
        write_file(
            dir.path(),
            "manuscript/book.yaml",
            &format!("title: Kirja\nlanguage: fi\neditor: Anna\n{strings}contents:\n  - manuscript/a.md\n"),
        );
        let date = if dated { "date: 2015-01-14\n" } else { "" };
        write_file(
            dir.path(),
            "manuscript/a.md",
            &format!("---\ntitle: Yksi\ntranslator: Tom\n{date}---\nTeksti.\n"),
        );
        let (ok, stderr, files) = build(dir.path());
        assert!(ok, "{stderr}");
        assert!(!stderr.contains("\"Contents\", \"Edited by\""), "{stderr}");
        assert_eq!(
            stderr.contains("its part labels (\"Part One\") and month names stay in English"),
            warned,
            "dated {dated}: {stderr}"
        );
        let all: String = files.iter().map(|(_, t)| t.as_str()).collect();
        assert!(all.contains("Suomentanut Tom"), "{all}");
        assert!(all.contains("Toimittanut Anna"));
    }
}
