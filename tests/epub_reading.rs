//! The EPUB as a reader's screen shows it: each document of tests/reading-book, with the
//! EPUB's own style sheet, laid out by headless Chromium in a 600 x 900 window (a phone's
//! page), and measured there: no document wider than the window (a wide table scrolls in its
//! own box, a long URL in a cell wraps), a line's space between a byline or dateline and the
//! text, and a nested tight list indented one step per level with no space around it.
//! scripts/epub-screens takes the pictures of the same renderings.
//!
//! The measuring is a script added to a copy of each document (the EPUB itself has none),
//! whose figures come back through `--dump-dom`. Without chromium the test skips visibly; under
//! CI=true it fails (scripts/test installs chromium).

mod common;
mod epub_support;

use std::path::Path;
use std::process::Command;

use common::{folio, in_ci, repo_root};
use epub_support::entries;

const MEASURE: &str = r#"<script><![CDATA[
(function () {
  function box(e) {
    if (!e) return null;
    var b = e.getBoundingClientRect();
    return [b.left, b.top, b.right, b.bottom];
  }
  function all(sel) {
    return Array.prototype.map.call(document.querySelectorAll(sel), box);
  }
  var de = document.documentElement;
  var r = {
    window: window.innerWidth,
    page: de.scrollWidth,
    em: parseFloat(getComputedStyle(document.body).fontSize),
    header: box(document.querySelector("section.piece > header")),
    after_header: box(document.querySelector("section.piece > header + *")),
    byline: box(document.querySelector("p.byline")),
    dateline: box(document.querySelector("p.dateline")),
    tables: all("div.table"),
    cells: all("td"),
    lists: all("ul, ol"),
    items: all("li"),
    list_margins: Array.prototype.map.call(document.querySelectorAll("li > ul, li > ol"),
      function (e) { var s = getComputedStyle(e); return [parseFloat(s.marginTop), parseFloat(s.marginBottom)]; })
  };
  var pre = document.createElementNS("http://www.w3.org/1999/xhtml", "pre");
  pre.setAttribute("id", "folio-measure");
  pre.textContent = JSON.stringify(r);
  document.body.appendChild(pre);
})();
]]></script>"#;

fn chromium() -> Option<String> {
    let name = std::env::var("CHROMIUM").unwrap_or_else(|_| "chromium".into());
    let ok = Command::new(&name)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if ok {
        return Some(name);
    }
    assert!(
        !in_ci(),
        "chromium is required under CI=true (scripts/test installs it)"
    );
    eprintln!("SKIPPED: chromium not installed; the EPUB's layout was not measured");
    None
}

/// The figures the script reports for `doc` (an XHTML file of the unpacked EPUB).
fn measure(chromium: &str, doc: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(doc).unwrap();
    let at = text.rfind("</body>").expect("a body");
    let probe = doc.with_file_name(format!(
        "measure-{}",
        doc.file_name().unwrap().to_string_lossy()
    ));
    std::fs::write(&probe, format!("{}{MEASURE}{}", &text[..at], &text[at..])).unwrap();
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--window-size=600,900",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("file://{}", probe.display()))
        .output()
        .expect("run chromium");
    let dom = String::from_utf8_lossy(&out.stdout);
    let start = dom.find("id=\"folio-measure\">").unwrap_or_else(|| {
        panic!(
            "no measurements from {}:\n{dom}\n{}",
            doc.display(),
            String::from_utf8_lossy(&out.stderr)
        )
    }) + "id=\"folio-measure\">".len();
    let end = start + dom[start..].find("</pre>").unwrap();
    let json = dom[start..end]
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"))
}

fn f(v: &serde_json::Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

fn boxes(v: &serde_json::Value) -> Vec<[f64; 4]> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|b| {
            let b = b.as_array().unwrap();
            [f(&b[0]), f(&b[1]), f(&b[2]), f(&b[3])]
        })
        .collect()
}

#[test]
fn the_reading_book_fits_a_phones_page() {
    let Some(chromium) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let o = folio(
        &[
            "build",
            repo_root().join("tests/reading-book").to_str().unwrap(),
            "--epub",
            "--out",
            dir.path().join("dist").to_str().unwrap(),
        ],
        &[("SOURCE_DATE_EPOCH", "1420070400")],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let epub = std::fs::read(dir.path().join("dist/reading-matters.epub")).unwrap();
    let x = dir.path().join("x");
    for (name, bytes) in entries(&epub) {
        let path = x.join(&name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    let docs: Vec<_> = std::fs::read_dir(x.join("OEBPS"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xhtml"))
        .collect();
    let piece = |needle: &str| {
        docs.iter()
            .filter(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("piece-")
            })
            .find(|p| std::fs::read_to_string(p).unwrap().contains(needle))
            .unwrap_or_else(|| panic!("no document has {needle}"))
            .clone()
    };

    // No document is wider than the window: nothing runs off the reader's page.
    for doc in &docs {
        let m = measure(&chromium, doc);
        assert!(
            f(&m["page"]) <= f(&m["window"]),
            "{} is {} px wide in a {} px window",
            doc.display(),
            m["page"],
            m["window"]
        );
    }

    // Byline and dateline: a line's space (at least 1em) before the text starts.
    let m = measure(&chromium, &piece("Dora Dispatch"));
    let em = f(&m["em"]);
    let dateline = boxes(&serde_json::json!([m["dateline"]]))[0];
    let byline = boxes(&serde_json::json!([m["byline"]]))[0];
    let text = boxes(&serde_json::json!([m["after_header"]]))[0];
    assert!(
        byline[3] <= dateline[1],
        "the dateline sits under the byline"
    );
    let gap = text[1] - dateline[3];
    assert!(
        gap >= em,
        "{gap} px between the dateline and the text, under 1em ({em} px)"
    );

    // The tables: each box inside the window (the wide one scrolls within it), and the
    // cell with the long URL wrapped onto several lines rather than widening its table.
    let m = measure(&chromium, &piece("Tonnage in"));
    let window = f(&m["window"]);
    let tables = boxes(&m["tables"]);
    assert_eq!(tables.len(), 2);
    for t in &tables {
        assert!(
            t[2] <= window,
            "a table's box ends at {} px of {window}",
            t[2]
        );
    }
    let em = f(&m["em"]);
    let url_cell = boxes(&m["cells"])
        .into_iter()
        .filter(|c| c[1] >= tables[1][1])
        .nth(1)
        .expect("the URL's cell");
    assert!(url_cell[2] <= window, "the URL's cell ends past the window");
    assert!(
        url_cell[3] - url_cell[1] > 2.5 * em,
        "the long URL did not wrap: its cell is {} px high",
        url_cell[3] - url_cell[1]
    );

    // Nested tight lists: no space above or below a list inside an item, and each level
    // indented by the same step.
    let m = measure(&chromium, &piece("Lists Within Lists"));
    for margins in m["list_margins"].as_array().unwrap() {
        let (top, bottom) = (f(&margins[0]), f(&margins[1]));
        assert!(
            top == 0.0 && bottom == 0.0,
            "a nested list has margins {top}, {bottom}"
        );
    }
    let lists = boxes(&m["lists"]);
    assert_eq!(lists.len(), 5, "{lists:?}");
    // Document order: the outer list, Pacific's parent list, Pacific's, Atlantic's, Ships'.
    let step1 = lists[1][0] - lists[0][0];
    let step2 = lists[2][0] - lists[1][0];
    assert!(step1 > 0.5 * em && step1 < 3.0 * em, "indent {step1} px");
    assert!(
        (step1 - step2).abs() < 0.5,
        "indents {step1} and {step2} px differ"
    );
    // Tight items sit line under line: no item is more than a line and a half below the one
    // before it.
    let items = boxes(&m["items"]);
    for pair in items.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if b[1] > a[1] {
            assert!(
                b[1] - a[1] < 2.0 * em,
                "items {a:?} and {b:?} are far apart"
            );
        }
    }
}
