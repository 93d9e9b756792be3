use std::fs;

use super::*;
use crate::diag::Severity;

/// A book on disk from (path, text) pairs, loaded and parsed, with its lint findings.
fn lint_files(files: &[(&str, &str)]) -> Diagnostics {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("manuscript")).unwrap();
    fs::write(
        dir.path().join("manuscript/book.yaml"),
        "title: Test\nidentifier: urn:uuid:0f6c2b9e-6d8a-4c1e-9a51-3b7c1d2e4f50\n",
    )
    .unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    let book = crate::manuscript::load(dir.path()).unwrap_or_else(|d| panic!("{d}"));
    let doc = crate::doc::build(&book).unwrap_or_else(|d| panic!("{d}"));
    lint(&book, &doc)
}

fn lint_piece(text: &str) -> Diagnostics {
    lint_files(&[("manuscript/a.md", text)])
}

/// (severity, message, line) of each finding, for compact assertions.
fn found(diags: &Diagnostics) -> Vec<(Severity, String, usize)> {
    diags
        .0
        .iter()
        .map(|d| {
            let line = d.location.as_ref().map_or(0, |l| l.line);
            (d.severity, d.message.clone(), line)
        })
        .collect()
}

#[test]
fn a_clean_piece_has_no_findings() {
    let diags = lint_piece(
        "---\ntitle: Clean\n---\nIt's \"quoted\" -- fine.[^1]\n\n## Part\n\n### Sub\n\n\
         See [the part](#part) and [the web](https://example.org). [sic]\n\n\
         ![A harbour](https://example.org/h.png)\n\n```python\nprint('hi')\n```\n\n\
         [^1]: A note.\n",
    );
    assert!(diags.is_empty(), "{diags}");
}

#[test]
fn undefined_footnote_is_an_error_at_its_line() {
    let diags = lint_piece("---\ntitle: T\n---\nFirst.\n\nA claim.[^source] More.\n");
    assert_eq!(
        found(&diags),
        vec![(
            Severity::Error,
            "footnote `[^source]` has no note".to_string(),
            6
        )]
    );
    let loc = diags.0[0].location.as_ref().unwrap();
    assert_eq!(loc.column, 9, "the column of `[`");
}

#[test]
fn undefined_link_reference_is_an_error_but_editorial_brackets_are_not() {
    let diags = lint_piece("# T\n\nThe [report][bbc] said [sic] it.\n");
    let f = found(&diags);
    assert_eq!(f.len(), 1, "{diags}");
    assert_eq!(f[0].0, Severity::Error);
    assert!(f[0].1.contains("`[bbc]` is not defined"), "{diags}");
}

#[test]
fn links_to_missing_headings_and_files_are_found() {
    let diags = lint_files(&[
        (
            "manuscript/01-a.md",
            "# A\n\n## Early days\n\n[ok](#early-days) [bad](#late-days) \
             [other](02-b.md#the-end) [other gone](02-b.md#nowhere) [pdf](notes.pdf) \
             [js](javascript:alert(1)) [root-relative](manuscript/02-b.md)\n",
        ),
        ("manuscript/02-b.md", "# B\n\n## The end\n\nText.\n"),
    ]);
    let messages: Vec<String> = found(&diags).into_iter().map(|f| f.1).collect();
    assert_eq!(messages.len(), 4, "{diags}");
    assert!(messages[0].contains("`#late-days`"), "{diags}");
    assert!(messages[1].contains("`02-b.md#nowhere`"), "{diags}");
    assert!(
        messages[2].contains("`notes.pdf` points at no piece"),
        "{diags}"
    );
    assert!(messages[3].contains("scheme"), "{diags}");
    assert!(diags.0.iter().all(|d| d.severity == Severity::Warning));
    let hint = diags.0[1].hint.as_deref().unwrap();
    assert!(
        hint.contains("#the-end"),
        "the hint lists the real anchors: {hint}"
    );
}

#[test]
fn a_heading_that_skips_a_level_is_found() {
    let diags = lint_piece("# T\n\n## One\n\n#### Too deep\n\n## Two\n\n### Fine\n");
    assert_eq!(
        found(&diags),
        vec![(
            Severity::Warning,
            "heading level 4 skips level 3".to_string(),
            5
        )]
    );
}

#[test]
fn images_need_alt_text() {
    let diags = lint_piece("# T\n\n![](https://example.org/a.png)\n");
    assert_eq!(found(&diags).len(), 1, "{diags}");
    assert!(diags.0[0].message.contains("has no alt text"));
}

#[test]
fn straight_quotes_that_survived_are_found() {
    let diags = lint_piece(
        "# T\n\nHe is 6\\' 2\\\" tall.\n\nUse `it's \"x\"` here.\n\n```\n\"prose?\"\n```\n\n\
         ```text\n\"code\"\n```\n",
    );
    let f = found(&diags);
    assert_eq!(f.len(), 4, "{diags}");
    assert_eq!(f[0].1, "straight quote `'` left in the text");
    assert_eq!(f[0].2, 3);
    assert_eq!(diags.0[0].location.as_ref().unwrap().column, 9);
    assert_eq!(f[1].1, "straight quote `\"` left in the text");
    assert_eq!(f[2].1, "straight quotes in a code span");
    assert_eq!(f[3].1, "straight quotes in a code block");
    assert_eq!(f[3].2, 7);
}

#[test]
fn duplicate_titles_name_the_first_piece() {
    let diags = lint_files(&[
        ("manuscript/01-a.md", "# Letter\n\nOne.\n"),
        ("manuscript/02-b.md", "# letter \n\nTwo.\n"),
    ]);
    assert_eq!(found(&diags).len(), 1, "{diags}");
    let d = &diags.0[0];
    assert!(d.message.contains("two pieces have the title"));
    assert_eq!(
        d.location.as_ref().unwrap().file,
        Path::new("manuscript/02-b.md")
    );
    assert!(d.hint.as_deref().unwrap().contains("manuscript/01-a.md"));
}

#[test]
fn glyphs_no_font_has_are_found_in_front_matter_too() {
    let diags = lint_piece("---\ntitle: T\nstandfirst: A snowman ☃\n---\nBody 漢.\n");
    let f = found(&diags);
    assert_eq!(f.len(), 2, "{diags}");
    assert!(f[0].1.contains("U+2603"), "{diags}");
    assert_eq!(f[0].2, 1, "only in the front matter: the file");
    assert!(f[1].1.contains("U+6F22"), "{diags}");
    assert_eq!(f[1].2, 5, "in the body: its line");
}

#[test]
fn dedup_keeps_the_first_of_identical_findings() {
    let d = Diagnostic::warning("x").in_file(Path::new("a.md"));
    let other = Diagnostic::warning("x").in_file(Path::new("b.md"));
    let diags = dedup(Diagnostics(vec![d.clone(), other, d]));
    assert_eq!(diags.0.len(), 2);
}

#[test]
fn a_book_without_an_identifier_is_a_warning_at_book_yaml() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("manuscript")).unwrap();
    fs::write(dir.path().join("manuscript/book.yaml"), "title: Test\n").unwrap();
    fs::write(dir.path().join("manuscript/a.md"), "# A\n\nText.\n").unwrap();
    let book = crate::manuscript::load(dir.path()).unwrap_or_else(|d| panic!("{d}"));
    let doc = crate::doc::build(&book).unwrap_or_else(|d| panic!("{d}"));
    let diags = lint(&book, &doc);
    let d = diags
        .0
        .iter()
        .find(|d| d.message.contains("has no `identifier`"))
        .expect("the warning");
    assert_eq!(d.severity, Severity::Warning);
    let loc = d.location.as_ref().unwrap();
    assert_eq!((loc.line, loc.column), (1, 1));
    assert!(d.hint.as_ref().unwrap().contains(&book.meta.identifier));
}
