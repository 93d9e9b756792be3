//! Input and surroundings that once ended folio with a panic (exit 101): a letter with more
//! combining marks than the shaper can take, a closed stdout or stderr, and a bug inside a
//! build. Each must end with folio's own message and exit code, never a panic.

use std::fs;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn folio(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(args)
        .current_dir(root)
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("the folio binary runs")
}

fn book(root: &Path) {
    write(root, "manuscript/book.yaml", "title: Marks\n");
    write(
        root,
        "manuscript/a.md",
        "# A\n\nA claim. And <font color=red>red</font> words.\n",
    );
}

/// A long cluster inside a long run of other scripts' letters (no ASCII to mark where
/// clusters can start) is found too, at its own column; so is one whose base is not ASCII.
#[test]
fn a_long_cluster_amid_han_letters_is_found_at_its_column() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "manuscript/book.yaml", "title: Marks\n");
    let han = "\u{6F22}\u{5B57}".repeat(600);
    let marks = "\u{301}".repeat(2_000);
    write(
        root,
        "manuscript/a.md",
        &format!("# A\n\nSome text.\n\n{han}\u{e9}{marks} end.\n"),
    );
    let out = folio(root, &["check"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("a letter carries 2000 combining marks"),
        "{err}"
    );
    assert!(err.contains("--> manuscript/a.md:5:1201"), "{err}");
}

#[test]
fn a_letter_with_65537_combining_marks_is_an_error_at_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "manuscript/book.yaml", "title: Marks\n");
    let marks = "\u{301}".repeat(65_537);
    write(
        root,
        "manuscript/a.md",
        &format!("# A\n\nSome text.\n\nThe a{marks} end.\n"),
    );
    for args in [&["build"][..], &["check"], &["build", "--epub"]] {
        let out = folio(root, args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(
            err.contains("error: a letter carries 65537 combining marks; folio sets at most 1023"),
            "{args:?}: {err}"
        );
        assert!(err.contains("--> manuscript/a.md:5:5"), "{args:?}: {err}");
        assert!(
            err.contains("remove the repeated marks after this letter"),
            "{args:?}: {err}"
        );
        assert!(!root.join("dist").exists(), "{args:?}: nothing is written");
    }
}

#[test]
fn a_title_with_65537_combining_marks_is_set_without_them_instead_of_panicking() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let marks = "\u{301}".repeat(65_537);
    write(
        root,
        "manuscript/book.yaml",
        &format!("title: \"a{marks}\"\n"),
    );
    write(root, "manuscript/a.md", "# A\n\nText.\n");
    let out = folio(root, &["build", "--pdf"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

/// Runs folio with stdout or stderr a pipe whose reading end is closed before folio writes.
fn with_closed(root: &Path, args: &[&str], close_stdout: bool) -> (Option<i32>, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_folio"));
    command
        .args(args)
        .current_dir(root)
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("the folio binary runs");
    let mut open = String::new();
    if close_stdout {
        drop(child.stdout.take());
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut open)
            .unwrap();
    } else {
        drop(child.stderr.take());
        child
            .stdout
            .take()
            .unwrap()
            .read_to_string(&mut open)
            .unwrap();
    }
    (child.wait().unwrap().code(), open)
}

#[test]
fn a_closed_stderr_stops_the_printing_not_the_build() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    book(root);
    let (code, _) = with_closed(root, &["build"], false);
    assert_eq!(code, Some(0), "the build succeeds with its warnings unread");
    assert!(root.join("dist/marks.epub").exists() && root.join("dist/marks.pdf").exists());
    let (code, _) = with_closed(root, &["check"], false);
    assert_eq!(code, Some(0));
    let (code, _) = with_closed(root, &["build", "--deny", "warnings"], false);
    assert_eq!(
        code,
        Some(1),
        "a failed build still says so by its exit code"
    );
}

#[test]
fn a_closed_stdout_stops_the_printing_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    book(root);
    for args in [
        &["check", "--message-format", "json"][..],
        &["check", "--message-format", "github"],
        &["completions", "bash"],
        &["man"],
    ] {
        let (code, err) = with_closed(root, args, true);
        assert_eq!(code, Some(0), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(!err.contains("error"), "{args:?}: {err}");
    }
}

#[test]
fn a_panic_in_a_build_is_an_internal_error_with_exit_1_and_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    book(root);
    let flag = root.join("panic-now");
    fs::write(&flag, "").unwrap();
    for args in [&["build"][..], &["check"], &["build", "--epub"]] {
        let out = Command::new(env!("CARGO_BIN_EXE_folio"))
            .args(args)
            .current_dir(root)
            .env("NO_COLOR", "1")
            .env_remove("RUST_BACKTRACE")
            .env("FOLIO_TEST_PANIC_WHILE", &flag)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains(
                "error: internal error: a test asked for a panic (FOLIO_TEST_PANIC_WHILE) at src/build.rs:"
            ),
            "{args:?}: {err}"
        );
        assert!(
            err.contains("this is a bug in folio; please report it"),
            "{args:?}: {err}"
        );
        assert!(!err.contains("panicked at"), "{args:?}: {err}");
        let left: Vec<_> = fs::read_dir(root)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert!(!root.join("dist").exists(), "{args:?}: {left:?}");
    }
}
