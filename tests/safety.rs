//! Output that must not be wrong or silent (issue 16): a title with escaped markup keeps its
//! words, discovery says what it skips, a failed write says what it replaced, stale
//! temporaries go, long titles make file names that fit, dist/ links stay in the book, and
//! footnotes defined twice are reported. Each case builds a book of its own.

mod common;
mod epub_support;

use std::fs;
use std::path::Path;
use std::process::Output;

use common::write_file;

fn run(args: &[&str]) -> (Option<i32>, String) {
    let out: Output = common::folio(
        args,
        &[("NO_COLOR", "1"), ("SOURCE_DATE_EPOCH", "1420070400")],
    );
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn build(root: &Path, extra: &[&str]) -> (Option<i32>, String) {
    let mut args = vec!["build", root.to_str().unwrap()];
    args.extend(extra);
    run(&args)
}

fn check(root: &Path) -> (Option<i32>, String) {
    run(&["check", root.to_str().unwrap()])
}

fn pdf_text(pdf: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_title_with_escaped_markup_keeps_its_words_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_file(root, "manuscript/book.yaml", "title: Escapes\n");
    write_file(
        root,
        "manuscript/a.md",
        "# The &lt;em&gt; tag and 3 &lt; 5\n\nThe body.\n",
    );
    write_file(
        root,
        "manuscript/b.md",
        "---\ntitle: \"Front &lt;b&gt; matter\"\n---\n\nText.\n",
    );
    let (code, err) = build(root, &[]);
    assert_eq!(code, Some(0), "{err}");
    let epub = fs::read(root.join("dist/escapes.epub")).unwrap();
    let escaped = "The &lt;em&gt; tag and 3 &lt; 5";
    for name in [
        "OEBPS/nav.xhtml",
        "OEBPS/contents.xhtml",
        "OEBPS/piece-1.xhtml",
    ] {
        let xhtml = epub_support::entry(&epub, name);
        assert!(xhtml.contains(escaped), "{name} lost the words: {xhtml}");
        assert!(!xhtml.contains("<em> tag"), "{name} made a tag of text");
    }
    assert!(epub_support::entry(&epub, "OEBPS/piece-2.xhtml").contains("Front &lt;b&gt; matter"));
    let text = pdf_text(&root.join("dist/escapes.pdf"));
    // The contents page and the piece's own heading.
    assert!(
        text.matches("The <em> tag and 3 < 5").count() >= 2,
        "{text}"
    );
    epub_support::epubcheck(&epub, "escapes");
}

#[test]
fn discovery_takes_every_markdown_spelling_and_says_what_it_skips() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_file(root, "manuscript/book.yaml", "title: Found\n");
    write_file(root, "manuscript/a.md", "# Alpha\n\nText.\n");
    write_file(root, "manuscript/b.MD", "# Bravo\n\nText.\n");
    write_file(root, "manuscript/c.markdown", "# Charlie\n\nText.\n");
    write_file(root, "manuscript/sub/d.md", "# Delta\n\nText.\n");
    let m = root.join("manuscript");
    std::os::unix::fs::symlink("nowhere.md", m.join("dangling.md")).unwrap();
    std::os::unix::fs::symlink(".", m.join("loop")).unwrap();
    std::os::unix::fs::symlink("../a.md", m.join("sub/alias.md")).unwrap();
    let fifo = m.join("pipe.md");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    // 17 folders down: one more than discovery reads.
    let mut deep = String::from("manuscript/deep");
    for i in 1..=16 {
        deep.push_str(&format!("/l{i}"));
    }
    write_file(root, &format!("{deep}/x.md"), "# Too deep\n\nText.\n");
    write_file(root, "manuscript/deep/l1/m.md", "# Mid\n\nText.\n");

    let (code, err) = build(root, &[]);
    assert_eq!(code, Some(0), "{err}");
    let expect = [
        "warning: `manuscript/dangling.md` is a symbolic link to nothing (`nowhere.md`); it is skipped\n  --> manuscript/dangling.md",
        "warning: `manuscript/loop` leads to `manuscript`, a folder already read",
        "warning: `manuscript/pipe.md` is a FIFO (named pipe), not a file folio can read; it is skipped\n  --> manuscript/pipe.md",
        "warning: `manuscript/sub/alias.md` is a second link to a piece already read",
    ];
    for e in expect {
        assert!(err.contains(e), "missing {e:?} in\n{err}");
    }
    assert!(
        err.contains(&format!(
            "warning: `{deep}` is more than 16 folders deep under manuscript/; it is skipped\n  --> {deep}"
        )),
        "{err}"
    );
    let nav = epub_support::entry(
        &fs::read(root.join("dist/found.epub")).unwrap(),
        "OEBPS/nav.xhtml",
    );
    for title in ["Alpha", "Bravo", "Charlie", "Delta", "Mid"] {
        assert_eq!(
            nav.matches(&format!(">{title}<")).count(),
            1,
            "{title} once: {nav}"
        );
    }
    assert!(!nav.contains("Too deep"), "{nav}");
    // `check` says the same.
    let (code, checked) = check(root);
    assert_eq!(code, Some(0), "{checked}");
    for e in expect {
        assert!(checked.contains(e), "check: missing {e:?} in\n{checked}");
    }
}

#[test]
fn a_markdown_file_that_contents_never_reaches_is_a_warning_at_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_file(
        root,
        "manuscript/book.yaml",
        "title: Listed\nlanguage: en\ncontents:\n  - manuscript/a.md\n",
    );
    write_file(root, "manuscript/a.md", "# A\n\nText.\n");
    write_file(root, "manuscript/drafts/b.markdown", "# B\n\nText.\n");
    write_file(root, "manuscript/.hidden.md", "# Hidden\n\nText.\n");
    let (code, err) = check(root);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains(
            "warning: `manuscript/drafts/b.markdown` is under manuscript/ but not in `contents`, so it is not in the book\n  --> manuscript/book.yaml:3:1"
        ),
        "{err}"
    );
    assert!(err.contains("help: list it under `contents:`"), "{err}");
    assert!(!err.contains("hidden"), "{err}");
    let (code, err) = build(root, &["--deny", "warnings"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(!root.join("dist").exists());
    // Listed, it is quiet.
    write_file(
        root,
        "manuscript/book.yaml",
        "title: Listed\nidentifier: urn:uuid:78797afd-ac99-5780-94c8-4760ba726ab3\ncontents:\n  - manuscript/a.md\n  - manuscript/drafts/b.markdown\n",
    );
    let (code, err) = check(root);
    assert_eq!(code, Some(0), "{err}");
    assert!(!err.contains("warning"), "{err}");
}

#[test]
fn a_footnote_defined_twice_is_a_warning_at_the_second_pointing_at_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_file(root, "manuscript/book.yaml", "title: Notes\n");
    write_file(
        root,
        "manuscript/a.md",
        "# N\n\nA claim.[^a]\n\n[^a]: First.\n\n[^a]: Second.\n",
    );
    let (code, err) = build(root, &[]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("warning: footnote `[^a]` is defined twice; this definition is not used\n  --> manuscript/a.md:7:1"),
        "{err}"
    );
    assert!(
        err.contains("5 | [^a]: First.\n  | - the first definition, the one used"),
        "{err}"
    );
    let piece = epub_support::entry(
        &fs::read(root.join("dist/notes.epub")).unwrap(),
        "OEBPS/piece-1.xhtml",
    );
    assert!(
        piece.contains("First.") && !piece.contains("Second."),
        "{piece}"
    );
}
