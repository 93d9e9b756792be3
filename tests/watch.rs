//! `folio watch` as an author uses it: started on a new book, it rebuilds when a piece is
//! saved, reports a broken book without exiting, recovers when it is mended, and never
//! rebuilds on its own output. Every wait is bounded; the process is killed at the end.

mod common;

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::{Duration, Instant};

use common::folio;

/// Long enough for a slow CI machine to build a two-piece book many times over.
const WAIT: Duration = Duration::from_secs(60);

/// A running `folio watch`, its stderr read line by line on a thread; killed when dropped.
struct Watch {
    child: Child,
    lines: Receiver<String>,
    seen: Vec<String>,
}

impl Watch {
    fn start(root: &Path) -> Watch {
        Watch::start_with(root, &[])
    }

    fn start_with(root: &Path, flags: &[&str]) -> Watch {
        Watch::start_with_env(root, flags, &[])
    }

    fn start_with_env(root: &Path, flags: &[&str], env: &[(&str, &Path)]) -> Watch {
        let mut child = Command::new(env!("CARGO_BIN_EXE_folio"))
            .args(["watch", root.to_str().unwrap(), "--debounce", "100"])
            .args(flags)
            .envs(env.iter().copied())
            .env_remove("RUST_BACKTRACE")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("folio watch starts");
        let stderr = child.stderr.take().unwrap();
        let (tx, lines) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Watch {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// Wait for a line satisfying `want`; panic with everything seen if none comes in time.
    fn expect(&mut self, what: &str, want: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if want(&line) {
                        return line;
                    }
                }
                Err(_) => panic!(
                    "folio watch: no {what} within {WAIT:?}; it said:\n{}",
                    self.seen.join("\n")
                ),
            }
        }
    }

    /// Lines that arrive within `quiet`, expecting none.
    fn silent_for(&mut self, quiet: Duration) -> Vec<String> {
        let deadline = Instant::now() + quiet;
        let mut extra = Vec::new();
        while let Ok(line) = self
            .lines
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
        {
            extra.push(line);
        }
        extra
    }

    fn is_running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn new_book(dir: &Path) -> PathBuf {
    let root = dir.join("book");
    let o = folio(&["new", "--quiet", root.to_str().unwrap()], &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    root
}

#[test]
fn watch_rebuilds_on_a_change_survives_an_error_and_ignores_its_output() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_book(dir.path());
    let epub = root.join("dist/book.epub");
    let mut watch = Watch::start_with(&root, &["-v"]);
    watch.expect("first build", |l| l.starts_with("Built "));
    watch.expect("the watching notice", |l| l.starts_with("Watching "));
    let first = fs::read(&epub).expect("the first build wrote the EPUB");

    // The build's own writes (dist/) must not start another build.
    let extra = watch.silent_for(Duration::from_millis(1500));
    assert!(
        extra.iter().all(|l| !l.starts_with("Changed")),
        "rebuilt with no change: {extra:?}"
    );

    // An author saves a piece: one rebuild, naming the file, and a new EPUB.
    let piece = root.join("manuscript/02-letters/01-a-letter-to-the-reader.md");
    let text = fs::read_to_string(&piece).unwrap();
    fs::write(&piece, format!("{text}\nA postscript, added later.\n")).unwrap();
    let changed = watch.expect("the change", |l| l.starts_with("Changed"));
    assert!(
        changed.contains("manuscript/02-letters/01-a-letter-to-the-reader.md"),
        "{changed}"
    );
    let built = watch.expect("the rebuild", |l| l.starts_with("Built "));
    assert!(built.contains(" s"), "time taken: {built}");
    // Only the changed piece was set again; the others came from the last build.
    let typeset = watch.expect("the typesetting summary", |l| l.contains("typeset in"));
    let pieces = fs::read_dir(root.join("manuscript"))
        .unwrap()
        .flat_map(|d| fs::read_dir(d.unwrap().path()).into_iter().flatten())
        .filter(|f| {
            f.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|e| e == "md")
        })
        .count();
    assert!(pieces >= 2, "the new book has several pieces");
    assert!(
        typeset.contains(&format!("(pieces: 1 set, {} kept;", pieces - 1)),
        "{typeset}"
    );
    assert_ne!(
        fs::read(&epub).unwrap(),
        first,
        "the EPUB has the postscript"
    );
    let second = fs::read(&epub).unwrap();

    // A broken book.yaml: the error is shown, the watch goes on, the editions stay.
    let yaml = root.join("manuscript/book.yaml");
    let good = fs::read_to_string(&yaml).unwrap();
    fs::write(&yaml, good.replace("language: en", "langauge: en")).unwrap();
    watch.expect("the error", |l| l.contains("unknown key `langauge`"));
    watch.expect("the failure summary", |l| l.contains("nothing was written"));
    assert!(watch.is_running(), "watch exited on an error");
    assert_eq!(fs::read(&epub).unwrap(), second);

    // Mended: built again.
    fs::write(&yaml, good).unwrap();
    watch.expect("the rebuild after the fix", |l| l.starts_with("Built "));
    assert!(watch.is_running());
}

/// A bug that panics in a build (here on a rayon worker, by the test hook in src/build.rs)
/// is reported as an internal error, and the watch waits for the next change.
#[test]
fn watch_survives_a_panic_in_a_build() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_book(dir.path());
    let flag = dir.path().join("panic-now");
    let mut watch = Watch::start_with_env(&root, &[], &[("FOLIO_TEST_PANIC_WHILE", &flag)]);
    watch.expect("first build", |l| l.starts_with("Built "));
    watch.expect("the watching notice", |l| l.starts_with("Watching "));

    fs::write(&flag, "").unwrap();
    let piece = root.join("manuscript/02-letters/01-a-letter-to-the-reader.md");
    let text = fs::read_to_string(&piece).unwrap();
    fs::write(&piece, format!("{text}\nA postscript.\n")).unwrap();
    let error = watch.expect("the internal error", |l| l.contains("internal error"));
    assert!(
        error.contains("a test asked for a panic") && error.contains("src/build.rs:"),
        "{error}"
    );
    watch.expect("the request to report it", |l| {
        l.contains("this is a bug in folio; please report it")
    });
    assert!(watch.is_running(), "watch exited on a panic");
    assert!(
        watch.seen.iter().all(|l| !l.contains("panicked at")),
        "the standard panic message is kept back: {:?}",
        watch.seen
    );

    fs::remove_file(&flag).unwrap();
    fs::write(&piece, format!("{text}\nA second postscript.\n")).unwrap();
    watch.expect("the rebuild after the panic", |l| l.starts_with("Built "));
    assert!(watch.is_running());
}

/// A picture kept outside the input folders is watched because the text names it (as the
/// last build found it): saving a new version rebuilds, without the watch reading the book
/// a second time.
#[test]
fn watch_rebuilds_when_a_named_picture_outside_the_input_folders_changes() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_book(dir.path());
    fs::create_dir(root.join("pictures")).unwrap();
    let png = |shade: u8| {
        let img = image::RgbImage::from_pixel(8, 8, image::Rgb([shade, shade, shade]));
        let mut bytes = Vec::new();
        img.write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .unwrap();
        bytes
    };
    fs::write(root.join("pictures/lines.png"), png(10)).unwrap();
    let piece = root.join("manuscript/02-letters/01-a-letter-to-the-reader.md");
    let text = fs::read_to_string(&piece).unwrap();
    fs::write(
        &piece,
        format!("{text}\n![Some lines](pictures/lines.png)\n"),
    )
    .unwrap();
    let mut watch = Watch::start(&root);
    watch.expect("first build", |l| l.starts_with("Built "));
    watch.expect("the watching notice", |l| l.starts_with("Watching "));
    fs::write(root.join("pictures/lines.png"), png(200)).unwrap();
    let changed = watch.expect("the change", |l| l.starts_with("Changed"));
    assert!(changed.contains("pictures/lines.png"), "{changed}");
    watch.expect("the rebuild", |l| l.starts_with("Built "));
    // A file beside it that the text does not name starts nothing.
    fs::write(root.join("pictures/unused.png"), png(90)).unwrap();
    let extra = watch.silent_for(Duration::from_millis(1500));
    assert!(
        extra.iter().all(|l| !l.starts_with("Changed")),
        "rebuilt for a file the book does not name: {extra:?}"
    );
}

#[test]
fn watch_sees_a_fonts_folder_made_after_it_started() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_book(dir.path());
    let mut watch = Watch::start(&root);
    watch.expect("the watching notice", |l| l.starts_with("Watching "));
    // A file that is not a font is still an input of fonts/: the build must say so.
    fs::create_dir(root.join("fonts")).unwrap();
    fs::write(root.join("fonts/Broken-Regular.ttf"), b"not a font").unwrap();
    watch.expect("the change in fonts/", |l| {
        l.starts_with("Changed") && l.contains("fonts")
    });
    // The loader checks each font file and names the broken one.
    watch.expect("the font error", |l| {
        l.contains("`fonts/Broken-Regular.ttf` is not a TrueType or OpenType font")
    });
    assert!(watch.is_running());
}

#[test]
fn watch_on_a_missing_folder_fails_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let o = folio(
        &["watch", dir.path().join("nowhere").to_str().unwrap()],
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no such folder"));
}
