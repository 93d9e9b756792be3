//! Every page holds its ink inside the printer's safe zone (issue 15), measured from the PDF
//! itself (tests/tools/inkcheck.py reads the content streams, not the layout's numbers): the
//! example book and a fixture whose piece opens with a long `note:`, at every trim preset,
//! with and without bleed, under each printer profile.

mod common;

use std::path::Path;
use std::process::Command;

use common::{copy_example_with, require_python_module, write_file};

const TRIMS: [&str; 8] = [
    "6x9in",
    "5x8in",
    "5.25x8in",
    "5.5x8.5in",
    "a5",
    "b-format",
    "demy",
    "letter",
];

/// (profile lines under `print:`, the profile's least margin in inches without and with
/// bleed: KDP 0.25 / 0.375 in, IngramSpark 0.5 in).
const PROFILES: [(&str, f32, f32); 2] = [
    ("  profile: kdp\n", 0.25, 0.375),
    ("  profile: ingramspark\n  pdfx: x4\n", 0.5, 0.5),
];

fn build(root: &Path) -> std::path::PathBuf {
    let out = common::folio(
        &["build", root.to_str().unwrap(), "--pdf"],
        &[("NO_COLOR", "1"), ("SOURCE_DATE_EPOCH", "1420070400")],
    );
    assert!(
        out.status.success(),
        "{}: {}",
        root.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    common::pdf_in(&root.join("dist"))
}

fn ink(pdf: &Path, safe_in: f32) -> String {
    let out = Command::new("python3")
        .arg(common::repo_root().join("tests/tools/inkcheck.py"))
        .arg(pdf)
        .arg(safe_in.to_string())
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// A piece that opens with a note longer than a short page's text block can take beside
/// the opening: the case that printed two lines below the trim at 5x8 in.
fn long_note_book(root: &Path, print: &str) {
    let note = "The note runs on for a long while, as editors' notes on reprinted pieces do, \
                naming where the piece first ran, who commissioned it and what has changed. "
        .repeat(12);
    let body =
        "The body of the piece follows the note and goes on for some paragraphs. ".repeat(40);
    write_file(
        root,
        "manuscript/book.yaml",
        &format!("title: Long notes\nauthor: A. Writer\nprint:\n{print}"),
    );
    write_file(
        root,
        "manuscript/one.md",
        &format!(
            "---\ntitle: A piece with a long note\nnote: |\n  {note}\n---\n\n{body}\n\n{body}\n"
        ),
    );
    write_file(
        root,
        "manuscript/two.md",
        &format!("# After it\n\n{body}\n"),
    );
    // Pieces after it, so that the book is as long as a printer prints (KDP's 24 pages, at
    // letter size too: 29 there): a build under a profile refuses a shorter one.
    for n in 3..8 {
        write_file(
            root,
            &format!("manuscript/p{n}.md"),
            &format!("# Piece {n}\n\n{body}\n\n{body}\n\n{body}\n"),
        );
    }
}

#[test]
fn every_page_keeps_its_ink_in_the_safe_zone_at_every_trim_bleed_and_profile() {
    if !require_python_module("pikepdf") {
        return;
    }
    let mut failures = Vec::new();
    for trim in TRIMS {
        for (profile, plain, with_bleed) in PROFILES {
            for bleed in [false, true] {
                let print = format!(
                    "  trim: {trim}\n{profile}{}",
                    if bleed { "  bleed: true\n" } else { "" }
                );
                let safe = if bleed { with_bleed } else { plain };
                for (name, make) in [
                    ("example", copy_example_with as fn(&Path, &str)),
                    ("long note", long_note_book as fn(&Path, &str)),
                ] {
                    let dir = tempfile::tempdir().unwrap();
                    make(dir.path(), &print);
                    let pdf = build(dir.path());
                    let measured = ink(&pdf, safe);
                    if !measured.starts_with("ink ok") {
                        failures.push(format!("{name} at {print:?}: {measured}"));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
