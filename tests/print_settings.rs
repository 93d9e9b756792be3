//! book.yaml's `print:` settings are checked when the book loads: each mistake is reported
//! once, at its own key's line and column, with a hint naming what works, whichever editions
//! are asked for, and by `folio check` as by `folio build`.

mod common;

use std::fs;
use std::path::Path;

use common::folio;

/// A one-chapter book whose book.yaml is `title: Settings\n` followed by `yaml`.
fn book(yaml: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("manuscript");
    fs::create_dir_all(&m).unwrap();
    fs::write(
        m.join("book.yaml"),
        format!(
            "title: Settings\n{yaml}\nidentifier: urn:uuid:74a883a0-37bc-527f-9189-1ab654a753d3\n"
        ),
    )
    .unwrap();
    fs::write(
        m.join("01-one.md"),
        "# One\n\nA short piece of text, enough to set one page.\n",
    )
    .unwrap();
    dir
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `folio check --message-format json` on the book: its exit code and its diagnostics.
fn check_json(root: &Path, extra: &[&str]) -> (Option<i32>, Vec<serde_json::Value>) {
    let mut args = vec!["check", root.to_str().unwrap(), "--message-format", "json"];
    args.extend_from_slice(extra);
    let o = folio(&args, &[]);
    let diags = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["reason"] == "diagnostic")
        .collect();
    (o.status.code(), diags)
}

/// The one diagnostic whose message contains `needle`, failing if there are none or several.
fn the_one<'a>(diags: &'a [serde_json::Value], needle: &str) -> &'a serde_json::Value {
    let found: Vec<_> = diags
        .iter()
        .filter(|d| d["message"].as_str().unwrap().contains(needle))
        .collect();
    assert_eq!(found.len(), 1, "`{needle}` said once in {diags:#?}");
    found[0]
}

fn place(d: &serde_json::Value) -> (String, u64, u64) {
    let l = &d["location"];
    (
        l["file"].as_str().unwrap().to_owned(),
        l["line"].as_u64().unwrap(),
        l["column"].as_u64().unwrap(),
    )
}

const BOOK_YAML: &str = "manuscript/book.yaml";

#[test]
fn a_bad_trim_fails_an_epub_build_and_check_at_its_line() {
    let dir = book("print:\n  trim: 6x9furlongs\n");
    let root = dir.path().to_str().unwrap();

    let o = folio(&["build", root, "--epub"], &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert_eq!(
        err.matches("unknown trim size `6x9furlongs`").count(),
        1,
        "{err}"
    );
    assert!(err.contains("--> manuscript/book.yaml:3:3"), "{err}");
    assert!(
        err.contains("5.5x8.5in, a5, b-format"),
        "the hint names the presets: {err}"
    );
    assert!(!dir.path().join("dist").exists(), "nothing is written");

    let (code, diags) = check_json(dir.path(), &[]);
    assert_eq!(code, Some(1));
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let d = the_one(&diags, "unknown trim size `6x9furlongs`");
    assert_eq!(place(d), (BOOK_YAML.into(), 3, 3));
    assert!(d["hint"].as_str().unwrap().contains("`148x210mm`"), "{d}");
}

#[test]
fn each_bad_setting_is_reported_once_at_its_key_with_the_values_that_work() {
    let dir = book(
        "print:\n\
         \x20 profile: kdpp\n\
         \x20 pdfx: x5\n\
         \x20 figures: roman\n\
         \x20 margins:\n\
         \x20   top: 0.75in\n\
         \x20   inner: 3ft\n\
         \x20 hyphenation-exceptions:\n\
         \x20   - ty-po-graph-ic\n\
         \x20   - b4d\n\
         \x20 justify: sometimes\n",
    );
    let (code, diags) = check_json(dir.path(), &[]);
    assert_eq!(code, Some(1));
    for (needle, line, column, hint) in [
        (
            "`profile: kdpp` is not a printer profile",
            3,
            3,
            "`profile: ingramspark`",
        ),
        (
            "`pdfx: x5` is not a PDF/X level",
            4,
            3,
            "`pdfx: x4`, `pdfx: x1a`, `pdfx: x1a-2003` or `pdfx: x1a-2001`",
        ),
        (
            "`figures: roman` is not a figure style",
            5,
            3,
            "`figures: lining`",
        ),
        ("`inner: 3ft` is not a length", 8, 5, "`0.75in`"),
        (
            "hyphenation exception `b4d` contains `4`",
            11,
            7,
            "`ty-po-graph-ic`",
        ),
        ("`justify` must be true or false", 12, 3, "`justify: false`"),
    ] {
        let d = the_one(&diags, needle);
        assert_eq!(place(d), (BOOK_YAML.into(), line, column), "{needle}");
        let h = d["hint"].as_str().unwrap();
        assert!(h.contains(hint), "{needle}: hint `{h}`");
    }
    assert_eq!(
        diags.len(),
        6,
        "nothing else, and nothing twice: {diags:#?}"
    );

    // A build of the e-book alone finds the same, each once.
    let o = folio(&["build", dir.path().to_str().unwrap(), "--epub"], &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert_eq!(err.matches("is not a printer profile").count(), 1, "{err}");
    assert!(err.contains("the book has 6 errors"), "{err}");
}

#[test]
fn a_flow_map_and_a_flow_list_are_pointed_at_too() {
    let dir = book("print: {trim: 6x9in, pdfx: x3}\nother: 1\n");
    let (_, diags) = check_json(dir.path(), &[]);
    assert_eq!(
        place(the_one(&diags, "`pdfx: x3`")),
        (BOOK_YAML.into(), 2, 22)
    );
    let dir = book("print:\n  hyphenation-exceptions: [ty-po, -bad]\n");
    let (_, diags) = check_json(dir.path(), &[]);
    let d = the_one(
        &diags,
        "hyphenation exception `-bad` has a hyphen at its start",
    );
    assert_eq!(place(d), (BOOK_YAML.into(), 3, 35));
}

#[test]
fn margins_that_leave_no_room_fail_at_the_margins() {
    let dir = book("print:\n  trim: 5x8in\n  margins:\n    inner: 2in\n    outer: 2in\n");
    let (code, diags) = check_json(dir.path(), &[]);
    assert_eq!(code, Some(1));
    let d = the_one(&diags, "the margins leave no room for text");
    assert_eq!(place(d), (BOOK_YAML.into(), 4, 3));
    assert_eq!(diags.len(), 1, "{diags:#?}");
}

#[test]
fn check_takes_the_profile_and_pdfx_from_the_command_line() {
    // With the print ISBN, which an IngramSpark cover must carry as a barcode.
    let dir = book("isbn:\n  print: 978-0-306-40615-7");
    let (code, diags) = check_json(dir.path(), &[]);
    assert_eq!(code, Some(0), "{diags:#?}");

    // IngramSpark's rules apply: PDF/X is required, said once, at no line of book.yaml.
    let (code, diags) = check_json(dir.path(), &["--profile", "ingramspark"]);
    assert_eq!(code, Some(1));
    let d = the_one(&diags, "IngramSpark takes PDF/X-1a or PDF/X-4 files only");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("`--profile ingramspark`"),
        "{d}"
    );
    assert!(d["location"].is_null(), "{d}");
    assert!(d["hint"].as_str().unwrap().contains("--print pdfx4"), "{d}");
    // The only error (a book this short also gets IngramSpark's page-count warning).
    let errors = diags.iter().filter(|d| d["severity"] == "error").count();
    assert_eq!(errors, 1, "{diags:#?}");

    let (_, diags) = check_json(
        dir.path(),
        &["--profile", "ingramspark", "--print", "pdfx4"],
    );
    // No error is left; the preflight report still fails the one-page book on IngramSpark's
    // page count (tests/print_preflight.rs reads the report).
    let errors: Vec<_> = diags.iter().filter(|d| d["severity"] == "error").collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn a_profile_rule_broken_in_book_yaml_fails_at_the_profile_whichever_edition() {
    let dir = book("print:\n  trim: 5x8in\n  profile: ingramspark\n");
    let o = folio(&["build", dir.path().to_str().unwrap(), "--epub"], &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert_eq!(
        err.matches("IngramSpark takes PDF/X-1a").count(),
        1,
        "{err}"
    );
    assert!(err.contains("--> manuscript/book.yaml:4:3"), "{err}");
    // The command line's level meets the rule.
    let o = folio(
        &[
            "build",
            dir.path().to_str().unwrap(),
            "--epub",
            "--print",
            "pdfx1a",
        ],
        &[],
    );
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn a_margin_too_narrow_for_the_printer_is_said_once_at_its_key() {
    let dir = book("print:\n  profile: ingramspark\n  pdfx: x4\n  margins:\n    outer: 0.3in\n");
    let o = folio(
        &["build", dir.path().to_str().unwrap(), "--pdf", "--cover"],
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert_eq!(
        err.matches("the outer margin is 0.300 in").count(),
        1,
        "{err}"
    );
    assert!(err.contains("--> manuscript/book.yaml:6:5"), "{err}");
}

#[test]
fn protrusion_is_a_switch_reported_at_its_key() {
    let dir = book("print:\n  protrusion: often\n");
    let (code, diags) = check_json(dir.path(), &[]);
    assert_eq!(code, Some(1));
    let d = the_one(&diags, "`protrusion` must be true or false, found");
    assert_eq!(place(d), (BOOK_YAML.into(), 3, 3));
    assert!(d["hint"].as_str().unwrap().contains("`protrusion: false`"));
    let dir = book("print:\n  protrusion: false\n");
    let (code, diags) = check_json(dir.path(), &[]);
    assert_eq!(code, Some(0), "{diags:#?}");
}

#[test]
fn expansion_is_none_or_a_percentage_up_to_two_reported_at_its_key() {
    for bad in ["5%", "lots", "-1%", "true"] {
        let dir = book(&format!("print:\n  expansion: {bad}\n"));
        let (code, diags) = check_json(dir.path(), &[]);
        assert_eq!(code, Some(1), "{bad}");
        let d = the_one(&diags, "is not a font expansion");
        assert_eq!(place(d), (BOOK_YAML.into(), 3, 3), "{bad}");
        assert!(
            d["hint"].as_str().unwrap().contains("`expansion: 2%`"),
            "{d:#?}"
        );
    }
    for good in ["none", "2%", "1.5%", "1", "0"] {
        let dir = book(&format!("print:\n  expansion: {good}\n"));
        let (code, diags) = check_json(dir.path(), &[]);
        assert_eq!(code, Some(0), "{good}: {diags:#?}");
    }
}
