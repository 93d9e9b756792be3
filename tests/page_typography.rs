//! Page-level typography on long books (issue 17): a generated essay collection with many
//! footnotes, block quotes and signed pieces, and a generated novel with dialogue, each some
//! 110 pages, built and measured from the outside with tests/tools/pagecheck.py (PyMuPDF).
//! An 80-piece generated anthology (some 520 pages) is held to level spreads everywhere.
//! On the engine before these rules the essays' footnote rule cut the last line of text
//! (clearance -4 pt), a piece ended on a stub page, and 11 rectos ended in a hyphen.

mod common;

use common::{build_ok, pdf_in, repo_root, require_python_module};
use std::path::Path;
use std::process::Command;

/// Run a Python script of the repository (`rel`, from its root) with `args`, and return
/// what it printed; a script that fails fails the test with its error output.
fn run_script(rel: &str, args: &[&std::ffi::OsStr]) -> Vec<u8> {
    let o = Command::new("python3")
        .arg(repo_root().join(rel))
        .args(args)
        .output()
        .expect("python3 runs");
    assert!(
        o.status.success(),
        "{rel} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o.stdout
}

/// Write a generated book into `out` with one of scripts/'s generators.
fn run_generator(script: &str, out: &Path, args: &[&str]) {
    let mut all = vec![out.as_os_str()];
    all.extend(args.iter().map(std::ffi::OsStr::new));
    run_script(&format!("scripts/{script}"), &all);
}

fn generate(kind: &str, out: &Path) {
    let args = ["--kind", kind, "--pages", "120", "--seed", "3"];
    run_generator("gen_longbook.py", out, &args);
}

fn pagecheck(pdf: &Path) -> serde_json::Value {
    let args = [pdf.as_os_str(), "--auto-skip".as_ref(), "--json".as_ref()];
    let out = run_script("tests/tools/pagecheck.py", &args);
    serde_json::from_slice(&out).expect("pagecheck prints JSON")
}

/// The footnotes `pdf` continues overleaf, read by tests/tools/continued_notes.py against
/// the book's manuscript.
fn continued_notes(pdf: &Path, root: &Path) -> Vec<serde_json::Value> {
    let out = run_script(
        "tests/tools/continued_notes.py",
        &[pdf.as_os_str(), root.as_os_str()],
    );
    serde_json::from_slice(&out).expect("continued_notes prints JSON")
}

fn figure(report: &serde_json::Value, key: &str) -> f64 {
    report[key]
        .as_f64()
        .unwrap_or_else(|| panic!("no {key} in {report}"))
}

#[test]
fn long_books_keep_the_page_rules() {
    if !require_python_module("pymupdf") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut reports = Vec::new();
    for kind in ["essays", "novel"] {
        let root = dir.path().join(kind);
        generate(kind, &root);
        let out = dir.path().join(format!("{kind}-out"));
        build_ok(&root, &out);
        let report = pagecheck(&pdf_in(&out));
        eprintln!("{kind}: {report}");
        assert!(figure(&report, "pages") > 90.0, "{kind} is a long book");
        reports.push((kind, report));
    }
    let (_, essays) = &reports[0];
    // Footnotes too long for their call's page continue overleaf (this book: 4; before
    // notes could split, none, and 2 more pages), each in parts of two lines or more that
    // read, head and tail together, as the note's whole text.
    let continued = continued_notes(
        &pdf_in(&dir.path().join("essays-out")),
        &dir.path().join("essays"),
    );
    assert!(!continued.is_empty(), "no note continues overleaf");
    for note in &continued {
        assert_eq!(note["whole"], true, "a continued note lost text: {note}");
        assert!(note["head_lines"].as_u64() >= Some(2), "{note}");
        assert!(note["tail_lines"].as_u64() >= Some(2), "{note}");
    }
    // The footnote rule: at least 6 pt clear of the text above it on every page.
    assert!(figure(essays, "fnrule_pages") > 40.0, "{essays}");
    assert!(
        figure(essays, "fnrule_min_clearance_pt") >= 6.0,
        "the footnote rule comes too near the text: {essays}"
    );
    assert_eq!(figure(essays, "fnrule_collisions"), 0.0, "{essays}");
    assert_eq!(figure(essays, "fnrule_near_baseline"), 0.0, "{essays}");
    let mut pages = 0.0;
    let (mut recto, mut verso, mut spreads, mut uneven) = (0.0, 0.0, 0.0, 0.0);
    for (kind, report) in &reports {
        // No stub pages: a piece's last page holds 3 lines of its text or more.
        assert_eq!(figure(report, "stub_pages"), 0.0, "{kind}: {report}");
        pages += figure(report, "pages");
        recto += figure(report, "recto_turn_hyphens");
        verso += figure(report, "verso_turn_hyphens");
        spreads += figure(report, "full_spreads");
        uneven += figure(report, "spread_mismatch_lines");
    }
    // Hyphens at page turns: never on rectos (the engine before these rules: 11 in these
    // 222 pages), at most one in a hundred pages on versos (before: 9; with a verso hyphen
    // costing 6,000: 1; at 25,000, dearer than a spread run two lines short: 0).
    assert_eq!(recto, 0.0, "{recto} rectos end in a hyphen");
    assert!(
        verso <= (pages / 100.0).floor(),
        "{verso} versos in {pages} pages end in a hyphen"
    );
    // Facing pages level on every full spread but those beside a footnote too long to move
    // (before these rules: 14 of 81 uneven; with an uneven spread costing 6,000: 10 of 80;
    // at 30,000 and at 50,000: 2 of 81, one a book, beside a long note and a scene break).
    assert!(spreads > 60.0);
    assert!(
        uneven <= spreads * 0.025,
        "{uneven} of {spreads} full spreads end at different depths"
    );
}

/// An anthology of 80 generated pieces (some 520 pages: reportage, reviews with tables,
/// block quotes, footnotes, pictures, short paragraphs), where widow and orphan rules, a
/// table that cannot split or a footnote that must ride with its call leave some spreads
/// no level set of breaks. Those pages are filled (a line of white shared out over their
/// gaps): before, 6 of its 131 full spreads ended a line apart, and 19 of 608 in the
/// 500-piece anthology; with them, none.
#[test]
fn every_full_spread_of_an_anthology_ends_level() {
    if !require_python_module("pymupdf") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("anthology");
    run_generator(
        "gen_anthology.py",
        &root,
        &["--pieces", "80", "--seed", "1"],
    );
    let out = dir.path().join("out");
    build_ok(&root, &out);
    let report = pagecheck(&pdf_in(&out));
    let pages = figure(&report, "pages");
    assert!(pages > 400.0, "{report}");
    assert!(figure(&report, "full_spreads") > 100.0, "{report}");
    assert_eq!(
        figure(&report, "spread_mismatch_lines"),
        0.0,
        "facing pages end at different depths: {}",
        report["spread_mismatch_pairs"]
    );
    assert_eq!(figure(&report, "recto_turn_hyphens"), 0.0, "{report}");
    assert!(figure(&report, "verso_turn_hyphens") <= (pages / 100.0).floor());
    assert_eq!(figure(&report, "stub_pages"), 0.0, "{report}");
}
