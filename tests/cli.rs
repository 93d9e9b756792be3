//! `folio build` as a user runs it: exit codes, what is written, reproducibility.

mod common;

use std::fs;
use std::path::Path;

use common::{folio, repo_root};

fn copy_example(to: &Path) {
    common::copy_example_with(to, "");
}

#[test]
fn build_twice_gives_identical_bytes() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let root = repo_root().to_str().unwrap();
    for out in [&a, &b] {
        let o = folio(
            &["build", root, "--out", out.path().to_str().unwrap()],
            &[("SOURCE_DATE_EPOCH", "1420070400")],
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    for ext in ["epub", "pdf"] {
        let name = format!("seen-read-heard-january-2015.{ext}");
        let x = fs::read(a.path().join(&name)).unwrap();
        let y = fs::read(b.path().join(&name)).unwrap();
        assert!(x.len() > 1000, "{name} is too small");
        assert!(x == y, "{name} differs between two builds");
    }
}

#[test]
fn source_date_epoch_changes_the_dates_only_through_the_env() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let root = repo_root().to_str().unwrap();
    folio(
        &["build", root, "--out", a.path().to_str().unwrap()],
        &[("SOURCE_DATE_EPOCH", "1420070400")],
    );
    folio(
        &["build", root, "--out", b.path().to_str().unwrap()],
        &[("SOURCE_DATE_EPOCH", "1500000000")],
    );
    let name = "seen-read-heard-january-2015.epub";
    assert_ne!(
        fs::read(a.path().join(name)).unwrap(),
        fs::read(b.path().join(name)).unwrap()
    );
}

#[test]
fn broken_book_exits_1_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    copy_example(dir.path());
    let yaml = dir.path().join("manuscript/book.yaml");
    let text = fs::read_to_string(&yaml)
        .unwrap()
        .replace("language: en-GB", "langauge: en-GB");
    fs::write(&yaml, text).unwrap();
    let o = folio(&["build", dir.path().to_str().unwrap()], &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("unknown key `langauge`"), "{err}");
    assert!(err.contains("manuscript/book.yaml:5:1"), "{err}");
    assert!(err.contains("did you mean `language`?"), "{err}");
    assert!(!dir.path().join("dist").exists(), "nothing may be written");
}

#[test]
fn failed_build_leaves_the_previous_edition_untouched() {
    let dir = tempfile::tempdir().unwrap();
    copy_example(dir.path());
    let root = dir.path().to_str().unwrap();
    assert!(folio(&["build", root], &[]).status.success());
    let epub = dir.path().join("dist/seen-read-heard-january-2015.epub");
    let before = fs::read(&epub).unwrap();
    fs::write(
        dir.path().join("manuscript/reviews/january-column.md"),
        "---\ntitle: [broken\n---\n",
    )
    .unwrap();
    let o = folio(&["build", root], &[]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(fs::read(&epub).unwrap(), before);
    let leftovers: Vec<_> = fs::read_dir(dir.path().join("dist"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind");
}

#[test]
fn usage_error_exits_2() {
    let o = folio(&["build", "--no-such-flag"], &[]);
    assert_eq!(o.status.code(), Some(2));
    let o = folio(&["frobnicate"], &[]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn missing_book_root_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let o = folio(&["build", dir.path().to_str().unwrap()], &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("no manuscript/book.yaml"), "{err}");
    assert!(err.contains("help:"), "{err}");
}
