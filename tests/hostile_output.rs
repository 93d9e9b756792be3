//! Writing the editions (issue 16): every target checked before the first rename, stale
//! temporaries of killed builds removed, slugs capped by bytes, and a dist/ symlink leading
//! out of the book refused unless --out names that place.

use std::fs;
use std::path::Path;
use std::process::Command;

fn book(root: &Path, title: &str) {
    fs::create_dir_all(root.join("manuscript")).unwrap();
    fs::write(
        root.join("manuscript/book.yaml"),
        format!("title: {title}\nauthor: A\nlanguage: en\ncontents: [manuscript/a.md]\n"),
    )
    .unwrap();
    fs::write(root.join("manuscript/a.md"), "# One\n\nText.\n").unwrap();
}

fn folio(root: &Path, args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(args)
        .current_dir(root)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1420070400")
        .output()
        .expect("folio runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_folder_in_the_way_of_the_pdf_stops_the_build_before_the_epub_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    book(root, "Big");
    fs::create_dir_all(root.join("dist/big.pdf")).unwrap();
    fs::write(root.join("dist/big.epub"), b"the previous edition").unwrap();
    let (code, err) = folio(root, &["build"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("error: cannot write `")
            && err.contains(
                "dist/big.pdf`: a folder of that name is in the way; no edition was replaced"
            ),
        "{err}"
    );
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(
        fs::read(root.join("dist/big.epub")).unwrap(),
        b"the previous edition"
    );
    let left: Vec<_> = fs::read_dir(root.join("dist"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn stale_temporaries_of_folios_own_naming_are_removed_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    book(root, "Big");
    fs::create_dir_all(root.join("dist")).unwrap();
    // Process ids above the kernel's pid_max are never running.
    let max: u64 = fs::read_to_string("/proc/sys/kernel/pid_max")
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let dead = max + 1;
    let stale = [
        format!(".big.epub.{dead}.tmp"),
        format!(".older-title.pdf.{dead}.tmp"),
    ];
    let kept = [
        // a live process's (this test's own pid is running)
        format!(".big.pdf.{}.tmp", std::process::id()),
        // not folio's pattern
        format!(".notes.txt.{dead}.tmp"),
        ".big.epub.tmp".to_string(),
        format!("big.epub.{dead}.tmp"),
    ];
    for name in stale.iter().chain(&kept) {
        fs::write(root.join("dist").join(name), b"x").unwrap();
    }
    let (code, err) = folio(root, &["build"]);
    assert_eq!(code, Some(0), "{err}");
    for name in &stale {
        assert!(!root.join("dist").join(name).exists(), "{name} was left");
    }
    for name in &kept {
        assert!(root.join("dist").join(name).exists(), "{name} was removed");
    }
}

#[test]
fn long_titles_make_file_names_that_fit_and_check_agrees_with_build() {
    for title in ["漢字".repeat(42), "Lorem ".repeat(42) + "ipsum"] {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        book(root, &title);
        let (code, err) = folio(root, &["check"]);
        assert_eq!(code, Some(0), "check: {err}");
        let (code, err) = folio(root, &["build", "--epub", "--pdf", "--cover"]);
        assert_eq!(code, Some(0), "build: {err}");
        let names: Vec<String> = fs::read_dir(root.join("dist"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names.len(), 3, "{names:?}");
        for name in &names {
            assert!(
                name.len() <= 200 + "-cover.pdf".len(),
                "{} bytes: {name}",
                name.len()
            );
        }
    }
}

#[test]
fn a_dist_symlink_leading_out_of_the_book_is_refused_unless_out_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("book");
    let elsewhere = dir.path().join("elsewhere");
    fs::create_dir_all(&elsewhere).unwrap();
    book(&root, "Big");
    std::os::unix::fs::symlink(&elsewhere, root.join("dist")).unwrap();
    let (code, err) = folio(&root, &["build"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("is a symbolic link leading out of the book, to `"),
        "{err}"
    );
    let canonical = fs::canonicalize(&elsewhere).unwrap();
    assert!(
        err.contains(&format!("folio build --out {}", canonical.display())),
        "{err}"
    );
    assert_eq!(
        fs::read_dir(&elsewhere).unwrap().count(),
        0,
        "wrote outside"
    );
    // Named on the command line, the same place is fine.
    let (code, err) = folio(&root, &["build", "--out", canonical.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    assert!(elsewhere.join("big.epub").exists());
    // A link to a folder inside the book is followed as before.
    fs::remove_file(root.join("dist")).unwrap();
    fs::create_dir_all(root.join("out")).unwrap();
    std::os::unix::fs::symlink(root.join("out"), root.join("dist")).unwrap();
    let (code, err) = folio(&root, &["build"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(root.join("out/big.pdf").exists());
}
