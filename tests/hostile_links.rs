//! Cross-references in the PDF (issue 16): links into the book are GoTo destinations, only
//! web and mail addresses are URIs, and anything else is left out with a warning at its line.

mod common;

use std::collections::BTreeSet;

#[test]
fn internal_links_go_to_pages_and_only_web_and_mail_leave_the_book() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    common::write_file(
        root,
        "manuscript/book.yaml",
        "title: Links\ncontents:\n  - manuscript/a.md\n  - manuscript/ch1.md\n",
    );
    common::write_file(
        root,
        "manuscript/a.md",
        "# A\n\nSee [first](ch1.md), [sub](#sub-head), [root](manuscript/ch1.md), [one](ch1.md#one).\n\
         Out: [web](https://example.org) and [mail](mailto:a@b.org).\n\
         Bad: [pw](/etc/passwd), [up](../../../../etc/passwd), [unc](//server/share).\n\n## Sub head\n\nText.\n",
    );
    common::write_file(
        root,
        "manuscript/ch1.md",
        "# Chapter one\n\nIntro.\n\n## One\n\nBody.\n",
    );
    for command in ["build", "check"] {
        let out = common::folio(&[command, root.to_str().unwrap()], &[]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{command}: {err}");
        for (url, column) in [("/etc/passwd", 6), ("../../../../etc/passwd", 25)] {
            assert!(
                err.contains(&format!(
                    "warning: link `{url}` points at no piece of the book"
                )),
                "{command}: {err}"
            );
            assert!(
                err.contains(&format!("--> manuscript/a.md:5:{column}")),
                "{command}: {err}"
            );
        }
    }
    let pdf = lopdf::Document::load(root.join("dist/links.pdf")).unwrap();
    let (mut uris, mut gotos) = (BTreeSet::new(), 0);
    for (_, page) in pdf.get_pages() {
        for annot in pdf.get_page_annotations(page).unwrap_or_default() {
            // The action is shared by the links that go to one place: a reference.
            let action = match annot.get(b"A") {
                Ok(lopdf::Object::Reference(r)) => pdf.get_dictionary(*r).unwrap(),
                Ok(other) => other.as_dict().unwrap(),
                Err(_) => panic!("a link annotation without an action: {annot:?}"),
            };
            match action.get(b"S").and_then(|s| s.as_name()).unwrap() {
                b"URI" => {
                    uris.insert(
                        String::from_utf8_lossy(action.get(b"URI").unwrap().as_str().unwrap())
                            .into_owned(),
                    );
                }
                b"GoTo" => gotos += 1,
                other => panic!("unexpected action {other:?}"),
            }
        }
    }
    assert_eq!(
        uris,
        BTreeSet::from([
            "https://example.org".to_string(),
            "mailto:a@b.org".to_string()
        ])
    );
    // Four cross-references in the text, plus the contents page's entries.
    assert!(gotos >= 4 + 2, "{gotos} GoTo links");
}
