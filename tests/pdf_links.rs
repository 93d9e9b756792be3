//! Links in the PDF go where they say (issue 16): a link to a piece or to a heading of the
//! book is a place in the PDF (a GoTo destination), only the web and mail leave the book as
//! URIs, and anything else (a file path, a UNC share, `file:`) is no link, with a warning at
//! its line in `build` as in `check`.

mod common;

use std::path::Path;

use common::write_file;

fn book(root: &Path) {
    write_file(root, "manuscript/book.yaml", "title: Links\n");
    write_file(
        root,
        "manuscript/ch1.md",
        "# One\n\nThe first piece.\n\n## Sub head\n\nMore text of the first piece.\n",
    );
    write_file(
        root,
        "manuscript/ch2.md",
        "# Two\n\n\
         See [the first](ch1.md), [its sub head](ch1.md#sub-head), \
         [the same by root](manuscript/ch1.md) and [here](#later).\n\n\
         The [web](https://example.org/a) and [mail](mailto:a@example.org).\n\n\
         Not [passwd](/etc/passwd), nor [up](../../../../etc/passwd), \
         nor [share](\\\\server\\share), nor [file](file:///etc/passwd).\n\n\
         ## Later\n\nThe end.\n",
    );
}

/// Every link annotation of the PDF: (page index, action type, URI if any, target page).
fn annotations(pdf: &Path) -> Vec<(usize, String, Option<String>, Option<usize>)> {
    let doc = lopdf::Document::load(pdf).unwrap();
    let pages: Vec<lopdf::ObjectId> = doc.get_pages().values().copied().collect();
    let mut out = Vec::new();
    for (index, id) in pages.iter().enumerate() {
        let page = doc.get_dictionary(*id).unwrap();
        let Ok(annots) = page.get(b"Annots") else {
            continue;
        };
        let annots = match annots {
            lopdf::Object::Reference(r) => doc.get_object(*r).unwrap().as_array().unwrap(),
            other => other.as_array().unwrap(),
        };
        for a in annots {
            let a = doc.get_dictionary(a.as_reference().unwrap()).unwrap();
            let resolve = |o: &lopdf::Object| match o {
                lopdf::Object::Reference(r) => doc.get_object(*r).unwrap().clone(),
                other => other.clone(),
            };
            if let Ok(action) = a.get(b"A") {
                let action = resolve(action);
                let action = action.as_dict().unwrap();
                let kind = String::from_utf8_lossy(action.get(b"S").unwrap().as_name().unwrap())
                    .into_owned();
                let uri = action
                    .get(b"URI")
                    .ok()
                    .map(|u| String::from_utf8_lossy(u.as_str().unwrap()).into_owned());
                let target = action.get(b"D").ok().and_then(|d| {
                    let d = resolve(d);
                    let first = d.as_array().ok()?.first()?.as_reference().ok()?;
                    pages.iter().position(|p| *p == first)
                });
                out.push((index, kind, uri, target));
            } else if let Ok(dest) = a.get(b"Dest") {
                let d = resolve(dest);
                let target = d
                    .as_array()
                    .ok()
                    .and_then(|d| d.first()?.as_reference().ok())
                    .and_then(|first| pages.iter().position(|p| *p == first));
                out.push((index, "GoTo".into(), None, target));
            }
        }
    }
    out
}

#[test]
fn links_to_the_book_go_to_its_pages_and_only_web_and_mail_leave_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    book(root);
    let out = common::folio(
        &["build", root.to_str().unwrap(), "--pdf"],
        &[("NO_COLOR", "1"), ("SOURCE_DATE_EPOCH", "1420070400")],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let pdf = common::pdf_in(&root.join("dist"));
    let annots = annotations(&pdf);
    let uris: Vec<&str> = annots.iter().filter_map(|a| a.2.as_deref()).collect();
    assert_eq!(
        uris,
        ["https://example.org/a", "mailto:a@example.org"],
        "only web and mail leave the book: {annots:?}"
    );
    for bad in ["passwd", "server", "share", "file:", "ch1.md"] {
        assert!(
            !uris.iter().any(|u| u.contains(bad)),
            "{bad} must not be a URI: {uris:?}"
        );
    }
    // The text's links sit on the second piece's page (the contents' own links are elsewhere).
    let text_page = annots.iter().find(|a| a.1 == "URI").unwrap().0;
    let internal: Vec<_> = annots
        .iter()
        .filter(|a| a.1 == "GoTo" && a.0 == text_page)
        .collect();
    assert_eq!(
        internal.len(),
        4,
        "ch1.md, ch1.md#sub-head, manuscript/ch1.md and #later are places in the PDF: {annots:?}"
    );
    assert!(
        internal.iter().all(|a| a.3.is_some()),
        "each goes to a page: {annots:?}"
    );
    // The piece links go to the first piece's page, before the second's; `#later` stays on
    // the second piece's page.
    assert!(internal[0].3.unwrap() < text_page, "{annots:?}");
    assert!(internal[2].3.unwrap() < text_page, "{annots:?}");
    assert_eq!(internal[3].3, Some(text_page), "{annots:?}");
    // Each dropped link is a warning at its line (line 7 of ch2.md) in build...
    for shown in [
        "/etc/passwd",
        "../../../../etc/passwd",
        "\\\\server\\share",
        "file:///etc/passwd",
    ] {
        assert!(stderr.contains(shown), "{shown} warned in build: {stderr}");
    }
    assert!(stderr.contains("ch2.md:7:"), "warned at its line: {stderr}");
    // ...and in check.
    let out = common::folio(&["check", root.to_str().unwrap()], &[("NO_COLOR", "1")]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("ch2.md:7:"),
        "check warns at the line: {stderr}"
    );
    assert!(stderr.contains("/etc/passwd"), "{stderr}");
}
