//! The hostile corpus: broken book projects in tests/hostile/, each run through the real
//! `folio build`, each with the answer it must give.
//!
//! A case is a folder holding a book root (its `manuscript/`, `covers/`, `fonts/`) and a file
//! `expect`, whose lines say what the run must show:
//!
//!     exit: 1                          the exit code
//!     at: manuscript/book.yaml:4:5     a `--> file:line:column` shown (a prefix is enough)
//!     says: unknown key `auther`       text the messages must contain
//!     args: --deny warnings            extra arguments to `folio build`
//!     outside: untouched               the case points outside the book (see below)
//!
//! Whatever the case, nothing may be written: no `dist/`, no temporary file.
//!
//! What cannot be kept in git as a file (a symbolic link, bytes that are not UTF-8, 24 MB of
//! text, a PNG with a hostile header) is made by [`generate`] after the case is copied to a
//! scratch folder. Beside the book in that folder lies `outside/`, whose `secret.*` files
//! are FIFOs: opening one for reading blocks until a writer comes, which never happens, so a
//! build that reads outside its root hangs and the test's time limit fails it. Cases marked
//! `outside: untouched` also check the FIFOs are still there and were never opened.

#[path = "support/hostile_png.rs"]
mod hostile_png;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Longer than any case needs (the slowest runs in well under a second): only a build that
/// blocked on a FIFO outside the book gets near it.
const TIME_LIMIT: Duration = Duration::from_secs(60);

struct Expect {
    exit: i32,
    at: Vec<String>,
    says: Vec<String>,
    args: Vec<String>,
    outside_untouched: bool,
}

fn read_expect(case: &Path) -> Expect {
    let text = fs::read_to_string(case.join("expect")).expect("every case has an expect file");
    let mut e = Expect {
        exit: -1,
        at: Vec::new(),
        says: Vec::new(),
        args: Vec::new(),
        outside_untouched: false,
    };
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let (key, value) = line.split_once(": ").expect("`key: value` lines");
        match key {
            "exit" => e.exit = value.parse().unwrap(),
            "at" => e.at.push(value.to_owned()),
            "says" => e.says.push(value.to_owned()),
            "args" => e.args = value.split_whitespace().map(str::to_owned).collect(),
            "outside" => e.outside_untouched = value == "untouched",
            other => panic!("unknown expect key `{other}`"),
        }
    }
    assert!(e.exit >= 0, "expect needs an exit code");
    e
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else if entry.file_name() != "expect" {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Make a FIFO; without `mkfifo`, a plain file (which still proves the message, if not the
/// "never opened"). Returns whether it is a FIFO.
fn mkfifo(path: &Path) -> bool {
    let made = Command::new("mkfifo").arg(path).status();
    if !made.is_ok_and(|s| s.success()) {
        fs::write(path, "secret").unwrap();
        return false;
    }
    true
}

fn is_fifo(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_fifo())
}

fn generate(name: &str, book: &Path, outside: &Path) {
    let ms = book.join("manuscript");
    match name {
        "absolute-path" => {
            let yaml = fs::read_to_string(ms.join("book.yaml")).unwrap();
            let yaml = yaml.replace("OUTSIDE", outside.to_str().unwrap());
            fs::write(ms.join("book.yaml"), yaml).unwrap();
        }
        "symlink-outside" => {
            std::os::unix::fs::symlink(outside.join("secret.md"), ms.join("link.md")).unwrap();
        }
        "image-symlink-outside" => {
            fs::create_dir_all(book.join("images")).unwrap();
            let link = book.join("images/link.png");
            std::os::unix::fs::symlink(outside.join("secret.png"), link).unwrap();
        }
        "not-utf8" => fs::write(ms.join("latin1.md"), b"# Menu\n\nCaf\xe9 au lait.\n").unwrap(),
        "huge-paragraph" => {
            let words = "a single breath that never ends ".repeat(24 * 1024 * 1024 / 32 + 1);
            fs::write(ms.join("huge.md"), words).unwrap();
        }
        "enormous-image" => {
            fs::create_dir_all(book.join("images")).unwrap();
            fs::write(
                book.join("images/huge.png"),
                hostile_png::png_declaring(100_000, 100_000),
            )
            .unwrap();
        }
        "deep-quotes" => fs::write(
            ms.join("deep.md"),
            format!("# Deep\n\n{} x\n", ">".repeat(5000)),
        )
        .unwrap(),
        "deep-lists" => {
            let mut text = String::from("# Deep\n\n");
            for level in 0..2000 {
                text.push_str(&"  ".repeat(level));
                text.push_str("- x\n");
            }
            fs::write(ms.join("deep.md"), text).unwrap();
        }
        _ => {}
    }
}

/// Run `folio` with a time limit; on timeout it is killed and the test fails.
pub fn run_folio(args: &[&str], limit: Duration) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the folio binary runs");
    let stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut std::io::BufReader::new(stderr), &mut text);
        text
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("folio did not finish within {limit:?}: did it open a file outside the book?");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    (status.code(), reader.join().unwrap())
}

fn files_named_tmp(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            files_named_tmp(&path, found);
        } else if path.to_string_lossy().ends_with(".tmp") {
            found.push(path);
        }
    }
}

fn run_case(name: &str) {
    let case = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/hostile")
        .join(name);
    let expect = read_expect(&case);
    let scratch = tempfile::tempdir().unwrap();
    let book = scratch.path().join("book");
    let outside = scratch.path().join("outside");
    fs::create_dir_all(&outside).unwrap();
    let fifos = mkfifo(&outside.join("secret.md")) & mkfifo(&outside.join("secret.png"));
    copy_tree(&case, &book);
    generate(name, &book, &outside);

    let mut args = vec!["build", book.to_str().unwrap()];
    args.extend(expect.args.iter().map(String::as_str));
    let (code, stderr) = run_folio(&args, TIME_LIMIT);

    assert_eq!(code, Some(expect.exit), "exit code of `{name}`:\n{stderr}");
    for at in &expect.at {
        assert!(
            stderr.contains(&format!("--> {at}")),
            "`{name}` must point at {at}:\n{stderr}"
        );
    }
    for says in &expect.says {
        assert!(
            stderr.contains(says.as_str()),
            "`{name}` must say `{says}`:\n{stderr}"
        );
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        !stderr.contains('\x1b'),
        "no colour codes when not on a terminal:\n{stderr}"
    );
    assert!(
        !book.join("dist").exists(),
        "`{name}` wrote output:\n{stderr}"
    );
    let mut temps = Vec::new();
    files_named_tmp(scratch.path(), &mut temps);
    assert!(temps.is_empty(), "temporary files left: {temps:?}");
    if expect.outside_untouched {
        for secret in ["secret.md", "secret.png"] {
            let path = outside.join(secret);
            assert!(path.exists(), "{secret} outside the book was removed");
            assert!(
                !fifos || is_fifo(&path),
                "{secret} outside the book changed"
            );
        }
    }
}

macro_rules! cases {
    ($($test:ident => $name:literal),* $(,)?) => {
        $(
            #[test]
            fn $test() {
                run_case($name);
            }
        )*

        /// Every folder in tests/hostile/ has its test above.
        #[test]
        fn every_corpus_folder_is_tested() {
            let listed = [$($name),*];
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile");
            let mut on_disk: Vec<String> = fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().file_name().into_string().unwrap())
                .collect();
            on_disk.sort();
            for name in &on_disk {
                assert!(listed.contains(&name.as_str()), "tests/hostile/{name} has no test");
            }
            assert!(listed.len() >= 25, "the corpus keeps at least 25 cases");
        }
    };
}

cases! {
    missing_book_yaml_names_the_file_to_create => "missing-book-yaml",
    empty_book_yaml_asks_for_a_title => "empty-book-yaml",
    yaml_syntax_error_points_at_its_line => "yaml-syntax-error",
    missing_title_is_an_error => "missing-title",
    listed_chapter_that_does_not_exist_points_at_its_entry => "chapter-missing",
    path_escaping_the_root_is_refused_unread => "path-escapes-root",
    absolute_path_is_refused_unread => "absolute-path",
    symlink_out_of_the_root_is_refused_unread => "symlink-outside",
    chapter_listed_twice_names_the_first_listing => "chapter-twice",
    empty_contents_is_an_error => "empty-contents",
    chapter_not_in_utf8_shows_the_bad_byte => "not-utf8",
    unterminated_front_matter_is_an_error => "unterminated-front-matter",
    front_matter_that_is_not_a_map_is_an_error => "front-matter-not-a-map",
    unknown_book_key_suggests_the_near_one => "unknown-key",
    unknown_front_matter_key_suggests_the_near_one => "unknown-front-matter-key",
    yaml_alias_bomb_is_stopped => "yaml-alias-bomb",
    front_matter_alias_bomb_is_stopped_at_its_line => "front-matter-alias-bomb",
    huge_single_paragraph_file_is_refused_by_size => "huge-paragraph",
    corrupt_cover_is_reported_at_the_cover_key => "corrupt-cover",
    image_declaring_enormous_dimensions_is_refused => "enormous-image",
    font_that_is_not_a_font_is_named => "font-not-a-font",
    unknown_language_tag_is_an_error => "unknown-language",
    impossible_date_says_why => "impossible-date",
    quotes_nested_thousands_deep_are_an_error => "deep-quotes",
    lists_nested_thousands_deep_are_an_error => "deep-lists",
    undefined_footnote_is_denied_under_deny_warnings => "footnote-undefined",
    image_outside_the_root_is_refused_unread => "image-outside-root",
    image_symlink_out_of_the_root_is_refused_unread => "image-symlink-outside",
    chapter_that_is_a_directory_is_an_error => "chapter-is-directory",
    script_tag_is_denied_under_deny_warnings => "raw-html-script",
    piece_without_title_is_an_error => "piece-without-title",
    errors_of_all_files_and_stages_are_reported_together => "many-errors-at-once",
}
