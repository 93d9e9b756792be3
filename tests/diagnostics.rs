//! Diagnostics at the right place: each problem a user can make in book.yaml or front matter
//! is reported by the folio binary at file:line:column with a hint that says what to do, and
//! finding the book, `--open` and `--help` tell the truth.

mod common;

use std::path::Path;
use std::process::Command;

use common::{folio, write_file};

const PIECE: &str = "# A Piece\n\nSome text.\n";

/// A book whose book.yaml is `yaml`, with one piece; `folio check`'s exit code and stderr.
fn check_with(yaml: &str) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    write_file(dir.path(), "manuscript/book.yaml", yaml);
    write_file(dir.path(), "manuscript/a.md", PIECE);
    let out = folio(&["check", dir.path().to_str().unwrap()], &[]);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The check fails, at `place` (`manuscript/book.yaml:3:1`), saying `says` and hinting `hint`.
fn assert_error(yaml: &str, place: &str, says: &str, hint: &str) {
    let (code, stderr) = check_with(yaml);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("--> {place}\n")),
        "not at {place}:\n{stderr}"
    );
    assert!(stderr.contains(says), "does not say `{says}`:\n{stderr}");
    assert!(
        stderr.contains(&format!("help: {hint}")),
        "no hint `{hint}`:\n{stderr}"
    );
}

#[test]
fn a_duplicate_key_points_at_the_second_and_names_the_first() {
    assert_error(
        "title: A\nlanguage: en\n\nprint:\n  trim: 6x9in\n  font-size: 11pt\n  trim: 5x8in\ntitle: B\n",
        "manuscript/book.yaml:7:3",
        "`trim` is written twice in book.yaml",
        "keep one of the two",
    );
    // The first place is a note under its own line, above the second.
    let (_, stderr) = check_with(
        "title: A\nlanguage: en\n\nprint:\n  trim: 6x9in\n  font-size: 11pt\n  trim: 5x8in\n",
    );
    assert!(
        stderr.contains("5 |   trim: 6x9in\n  |   ---- first written here\n"),
        "{stderr}"
    );
    assert!(stderr.contains("7 |   trim: 5x8in\n  |   ^^^^"), "{stderr}");
    assert!(!stderr.contains("first written at"), "{stderr}");
    // Front matter: the lines count from the file's start.
    let dir = tempfile::tempdir().unwrap();
    write_file(dir.path(), "manuscript/book.yaml", "title: A\n");
    write_file(
        dir.path(),
        "manuscript/a.md",
        "---\nauthor: X\nauthor: Y\n---\n# A\n\nText.\n",
    );
    let out = folio(&["check", dir.path().to_str().unwrap()], &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("--> manuscript/a.md:3:1\n"), "{stderr}");
    assert!(
        stderr.contains("2 | author: X\n  | ------ first written here\n3 | author: Y"),
        "{stderr}"
    );
    // And in JSON, the note is a place of its own.
    let out = folio(
        &[
            "check",
            "--message-format",
            "json",
            dir.path().to_str().unwrap(),
        ],
        &[],
    );
    let first: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&out.stdout).lines().next().unwrap()).unwrap();
    assert_eq!(first["location"]["line"], 3, "{first}");
    assert_eq!(
        first["notes"][0]["message"], "first written here",
        "{first}"
    );
    assert_eq!(first["notes"][0]["location"]["file"], "manuscript/a.md");
    assert_eq!(first["notes"][0]["location"]["line"], 2, "{first}");
    assert_eq!(first["notes"][0]["source_line"], "author: X", "{first}");
}

#[test]
fn an_unclosed_quote_points_where_it_opened() {
    // 27 lines follow the quote: the error is at the quote, not at the end of the text.
    let mut yaml = String::from("title: A\nsubtitle: \"Tales of the\n");
    for i in 0..27 {
        yaml.push_str(&format!("  line {i} of a long subtitle\n"));
    }
    assert_error(
        &yaml,
        "manuscript/book.yaml:2:11",
        "the quote `\"` opened here is never closed",
        "end the text with a matching `\"`",
    );
    assert_error(
        "title: A\nsubject: [poems, 'sea\nlanguage: en\n",
        "manuscript/book.yaml:2:18",
        "the quote `'` opened here is never closed",
        "end the text with a matching `'`",
    );
}

#[test]
fn a_tab_in_the_indentation_is_shown_and_spaces_are_asked_for() {
    assert_error(
        "title: A\nprint:\n\ttrim: 6x9in\n",
        "manuscript/book.yaml:3:1",
        "a tab in the indentation of `\\ttrim: 6x9in`",
        "use spaces to indent YAML",
    );
}

#[test]
fn trim_and_profile_errors_point_at_their_key() {
    // A comment, a quoted key and a flow map all keep the place exact.
    assert_error(
        "title: A\nprint:\n  # the page\n  \"trim\": 7x99\n",
        "manuscript/book.yaml:4:3",
        "unknown trim size `7x99`",
        "use one of 6x9in",
    );
    assert_error(
        "title: A\nprint: {font-size: 11pt, profile: ingramspark}\n",
        "manuscript/book.yaml:2:26",
        "IngramSpark takes PDF/X-1a or PDF/X-4 files only",
        "add `pdfx: x4`",
    );
    assert_error(
        "title: A\nprint:\n  margins: {top: 1in}\n  profile: nobody\n",
        "manuscript/book.yaml:4:3",
        "`profile: nobody` is not a printer profile",
        "use `profile: kdp`, `profile: ingramspark` or `profile: generic`",
    );
}

#[test]
fn an_empty_title_is_an_error_at_its_line() {
    for yaml in [
        "language: en\ntitle: \"\"\n",
        "language: en\ntitle:\n",
        "language: en\ntitle: '  '\n",
    ] {
        assert_error(
            yaml,
            "manuscript/book.yaml:2:1",
            "`title` is empty",
            "write the book's title after the key",
        );
    }
}

/// Seconds to load a book whose book.yaml is `yaml`, best of three (the loader alone).
fn load_seconds(root: &Path, yaml: &str) -> (f64, String) {
    write_file(root, "manuscript/book.yaml", yaml);
    let mut best = f64::MAX;
    let mut shown = String::new();
    for _ in 0..3 {
        let started = std::time::Instant::now();
        let diags = folio::manuscript::load(root).expect_err("too deep to load");
        best = best.min(started.elapsed().as_secs_f64());
        shown = diags.to_string();
    }
    (best, shown)
}

#[test]
fn deep_nesting_stops_at_the_limit_whatever_the_depth() {
    let dir = tempfile::tempdir().unwrap();
    write_file(dir.path(), "manuscript/a.md", PIECE);
    let lists = |n: usize| format!("title: A\n\nsubject: {}{}\n", "[".repeat(n), "]".repeat(n));
    let maps = |n: usize| format!("title: A\nx: {}\n", "{a: ".repeat(n));
    for (name, make) in [
        ("lists", &lists as &dyn Fn(usize) -> String),
        ("maps", &maps),
    ] {
        let (small, small_says) = load_seconds(dir.path(), &make(10_000));
        let (large, large_says) = load_seconds(dir.path(), &make(100_000));
        for says in [&small_says, &large_says] {
            assert!(says.contains("nested more than 128 levels deep"), "{says}");
            let line = if name == "lists" { 3 } else { 2 };
            assert!(
                says.contains(&format!("manuscript/book.yaml:{line}:")),
                "{name}: not at line {line}: {says}"
            );
        }
        // Ten times the text: linear work (reading it) would take ten times as long; a walk
        // that went down every level took 81 s for 100,000. Generous for a shared machine.
        assert!(
            large <= 30.0 * small.max(1e-4),
            "{name}: 100,000 levels took {large:.4} s, 10,000 took {small:.4} s"
        );
    }
}

#[test]
fn deep_nesting_in_front_matter_is_an_error_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    write_file(dir.path(), "manuscript/book.yaml", "title: A\n");
    let front = format!(
        "---\nauthor: X\nsubject: {}\n---\n# A\n\nText.\n",
        "{a: ".repeat(100_000)
    );
    write_file(dir.path(), "manuscript/a.md", &front);
    let out = folio(&["check", dir.path().to_str().unwrap()], &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("--> manuscript/a.md:3:"), "{stderr}");
    assert!(
        stderr.contains("nested more than 128 levels deep"),
        "{stderr}"
    );
}

#[test]
fn check_and_build_find_the_book_root_upward() {
    let dir = tempfile::tempdir().unwrap();
    write_file(dir.path(), "manuscript/book.yaml", "title: Found Upward\n");
    write_file(dir.path(), "manuscript/part/a.md", PIECE);
    let deep = dir.path().join("manuscript/part");
    let run = |args: &[&str], at: &Path| {
        Command::new(env!("CARGO_BIN_EXE_folio"))
            .args(args)
            .current_dir(at)
            .env("SOURCE_DATE_EPOCH", "0")
            .output()
            .unwrap()
    };
    let out = run(&["check"], &deep);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&["build", "--epub"], &deep);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written: Vec<_> = std::fs::read_dir(dir.path().join("dist"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(written.iter().any(|n| n.ends_with(".epub")), "{written:?}");
    assert!(
        !deep.join("dist").exists(),
        "nothing is written where the command ran"
    );
    // A path named still wins, and outside any book the missing book.yaml is reported.
    let elsewhere = tempfile::tempdir().unwrap();
    let out = run(&["check", dir.path().to_str().unwrap()], elsewhere.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&["check"], elsewhere.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("book.yaml"));
}

#[test]
fn build_open_without_a_viewer_fails() {
    let dir = tempfile::tempdir().unwrap();
    write_file(dir.path(), "manuscript/book.yaml", "title: No Viewer\n");
    write_file(dir.path(), "manuscript/a.md", PIECE);
    // A PATH with no opener on it.
    let empty = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["build", "--epub", "--open", dir.path().to_str().unwrap()])
        .env("PATH", empty.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cannot open"), "{stderr}");
    assert!(stderr.contains("opener"), "{stderr}");
}

#[test]
fn build_help_says_which_editions_are_made_by_default() {
    let out = folio(&["build", "--help"], &[]);
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(!help.contains("default: all"), "{help}");
    assert!(
        help.contains(
            "Editions (default: --epub and --pdf; --cover adds the cover wrap, to them when alone)"
        ),
        "{help}"
    );
}

/// The YAML parser is an implementation detail of `manuscript::yaml`: no other source file
/// names it, so replacing it stays a one-file change.
#[test]
fn only_the_yaml_module_names_the_yaml_parser() {
    let src = common::repo_root().join("src");
    let mut offenders = Vec::new();
    let mut dirs = vec![src.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs")
                && path != src.join("manuscript/yaml.rs")
            {
                let text = std::fs::read_to_string(&path).unwrap();
                if ["saphyr", "serde_yaml", "yaml_rust"]
                    .iter()
                    .any(|name| text.contains(name))
                {
                    offenders.push(path);
                }
            }
        }
    }
    assert!(offenders.is_empty(), "name the YAML parser: {offenders:?}");
    // The check sees the module that does name it.
    let yaml = std::fs::read_to_string(src.join("manuscript/yaml.rs")).unwrap();
    assert!(yaml.contains("use saphyr_parser::"));
}

/// `folio check` on a book with these files (bytes), its exit code and stderr.
fn check_files(files: &[(&str, &[u8])]) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    for (path, bytes) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    let out = folio(&["check", dir.path().to_str().unwrap()], &[]);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The first bytes of each format folio names, followed by bytes that are not UTF-8.
fn binary(magic: &[u8]) -> Vec<u8> {
    let mut bytes = magic.to_vec();
    bytes.extend_from_slice(b"\x00\x01\xff\xfe\x80 JUNK \x1b[2J binary \x00\xc3\x28");
    bytes
}

fn epub_magic() -> Vec<u8> {
    let mut bytes = b"PK\x03\x04".to_vec();
    bytes.resize(30, 0);
    bytes.extend_from_slice(b"mimetypeapplication/epub+zip");
    bytes
}

#[test]
fn a_binary_file_listed_as_a_chapter_is_named_at_the_line_that_lists_it() {
    let epub = epub_magic();
    let formats: [(&str, &[u8], &str); 6] = [
        ("covers/front.png", b"\x89PNG\r\n\x1a\n", "a PNG image"),
        ("covers/front.jpg", b"\xff\xd8\xff\xe0", "a JPEG image"),
        ("art/anim.gif", b"GIF89a", "a GIF image"),
        ("proofs/book.pdf", b"%PDF-1.7\n%", "a PDF document"),
        ("dist/book.epub", &epub, "an EPUB e-book"),
        (
            "drafts/ch1.docx",
            b"PK\x03\x04",
            "a ZIP archive (or a Word or OpenDocument file)",
        ),
    ];
    for (path, magic, kind) in formats {
        let yaml = format!("title: A\ncontents:\n  - manuscript/a.md\n  - {path}\n");
        let bytes = binary(magic);
        let (code, stderr) = check_files(&[
            ("manuscript/book.yaml", yaml.as_bytes()),
            ("manuscript/a.md", PIECE.as_bytes()),
            (path, &bytes),
        ]);
        assert_eq!(code, Some(1), "{stderr}");
        assert!(
            stderr.contains(&format!(
                "error: `{path}` is {kind}, not a Markdown piece\n  --> manuscript/book.yaml:4:5\n"
            )),
            "{path}: {stderr}"
        );
        assert!(stderr.contains(&format!("4 |   - {path}\n")), "{stderr}");
        assert!(
            stderr.contains("help: a piece is a Markdown text file"),
            "{stderr}"
        );
        // Not a byte of the file is quoted.
        assert!(
            !stderr.contains('\u{fffd}') && !stderr.contains("JUNK") && !stderr.contains('\u{1b}'),
            "{path}: {stderr:?}"
        );
        assert_eq!(
            stderr.matches("not a Markdown piece").count(),
            1,
            "{stderr}"
        );
    }
}

#[test]
fn a_chapter_that_is_not_utf8_says_where_its_text_breaks() {
    // Listed: at the list's line, with a note at the first bad byte.
    let (code, stderr) = check_files(&[
        (
            "manuscript/book.yaml",
            b"title: A\ncontents: [manuscript/a.md, manuscript/latin1.md]\n",
        ),
        ("manuscript/a.md", PIECE.as_bytes()),
        ("manuscript/latin1.md", b"# Menu\n\nCaf\xe9 au lait.\n"),
    ]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "error: `manuscript/latin1.md` is not UTF-8 text (invalid byte at offset 11)\n  --> manuscript/book.yaml:2:29\n"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("note: the first byte that is not UTF-8 (manuscript/latin1.md:3:4)"),
        "{stderr}"
    );
    assert!(stderr.contains("help: save the file as UTF-8"), "{stderr}");
    // Discovered: at the byte in the file, its line quoted, as it reads as text.
    let (code, stderr) = check_files(&[
        ("manuscript/book.yaml", b"title: A\n"),
        ("manuscript/latin1.md", b"# Menu\n\nCaf\xe9 au lait.\n"),
    ]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("--> manuscript/latin1.md:3:4\n"),
        "{stderr}"
    );
    assert!(stderr.contains("3 | Caf\u{fffd} au lait."), "{stderr}");
}

#[test]
fn a_binary_file_discovered_as_a_piece_is_named_at_the_file_unquoted() {
    let png = binary(b"\x89PNG\r\n\x1a\n");
    let noise = binary(b"");
    let (code, stderr) = check_files(&[
        ("manuscript/book.yaml", b"title: A\n"),
        ("manuscript/a.md", PIECE.as_bytes()),
        ("manuscript/b.md", &png),
        ("manuscript/c.markdown", &noise),
    ]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "error: `manuscript/b.md` is a PNG image, not a Markdown piece\n  --> manuscript/b.md:1:1\n"
        ),
        "{stderr}"
    );
    // Bytes of no known format: the offset, and no quote of a line that is not text.
    assert!(
        stderr.contains(
            "error: `manuscript/c.markdown` is not UTF-8 text (invalid byte at offset 2)\n  --> manuscript/c.markdown:1:3\n"
        ),
        "{stderr}"
    );
    assert!(
        !stderr.contains('\u{fffd}') && !stderr.contains("JUNK") && !stderr.contains(" | "),
        "{stderr:?}"
    );
}

/// A PNG of `width` × `height` white pixels.
fn png(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = Vec::new();
    image::RgbImage::from_pixel(width, height, image::Rgb([255, 255, 255]))
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .unwrap();
    bytes
}

/// How many diagnostics stderr shows, and how many of them have a place.
fn headers_and_places(stderr: &str) -> (usize, usize) {
    let headers = stderr
        .lines()
        .filter(|l| l.starts_with("error: ") || l.starts_with("warning: "))
        // The closing line of a check or build is not a diagnostic.
        .filter(|l| !l.contains(" has ") && !l.contains("nothing was written"))
        .count();
    (headers, stderr.matches("\n  --> ").count())
}

#[test]
fn a_missing_image_is_reported_once_at_its_place_saying_where_folio_looked() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_file(
        root,
        "manuscript/book.yaml",
        "title: Pictures\nidentifier: urn:uuid:0b5e1c4e-3c7a-4d8e-9f00-000000000019\n",
    );
    write_file(
        root,
        "manuscript/part/x.md",
        "# X\n\nText.\n\n![Lines](../../images/lines.png)\n\n![Gone](images/gone.png)\n\n![Out](../../../etc/x.png)\n",
    );
    std::fs::create_dir_all(root.join("images")).unwrap();
    std::fs::write(root.join("images/lines.png"), png(1600, 80)).unwrap();
    for command in ["check", "build"] {
        let out = folio(&[command, root.to_str().unwrap()], &[]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{command}: {stderr}");
        assert_eq!(
            stderr
                .matches("image `images/gone.png` does not exist")
                .count(),
            1,
            "{command}: {stderr}"
        );
        assert!(
            stderr.contains(
                "image `images/gone.png` does not exist\n  --> manuscript/part/x.md:7:9\n"
            ),
            "{command}: {stderr}"
        );
        assert!(
            stderr.contains(
                "help: folio looked for it from the book root (`images/gone.png`) and from the piece's folder (`manuscript/part/images/gone.png`)"
            ),
            "{command}: {stderr}"
        );
        // Written relative to the piece and inside the book: found, so never reported.
        assert!(!stderr.contains("lines.png"), "{command}: {stderr}");
        // Out of the book either way: refused at its place.
        assert!(
            stderr.contains("image path `../../../etc/x.png` leads outside the book root\n  --> manuscript/part/x.md:9:8\n"),
            "{command}: {stderr}"
        );
        // Every diagnostic has its place.
        let (headers, places) = headers_and_places(&stderr);
        assert_eq!(headers, 2, "{command}: {stderr}");
        assert_eq!(places, headers, "{command}: {stderr}");
    }
    assert!(!root.join("dist").exists(), "nothing written");
    // With the two bad images gone, the piece-relative one is in both editions.
    write_file(
        root,
        "manuscript/part/x.md",
        "# X\n\nText.\n\n![Lines](../../images/lines.png)\n",
    );
    let out = folio(&["build", root.to_str().unwrap()], &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("lines.png"), "{stderr}");
    let epub = std::fs::read(root.join("dist/pictures.epub")).unwrap();
    let archive = zip::ZipArchive::new(std::io::Cursor::new(epub)).unwrap();
    assert!(
        archive.file_names().any(|n| n.ends_with(".png")),
        "{:?}",
        archive.file_names().collect::<Vec<_>>()
    );
    let pdf = lopdf::Document::load(root.join("dist/pictures.pdf")).unwrap();
    let images = pdf
        .objects
        .values()
        .filter(|o| {
            o.as_stream().is_ok_and(|s| {
                s.dict
                    .get(b"Subtype")
                    .and_then(|t| t.as_name())
                    .is_ok_and(|n| n == b"Image")
            })
        })
        .count();
    assert_eq!(images, 1, "the PDF shows the image");
}

#[test]
fn a_big_book_with_foreign_quotes_warns_per_piece_and_script_and_sums_up() {
    const PIECES: usize = 200;
    // Scripts the built-in fonts do not cover, many characters of each in every piece.
    let quotes = ["ქართული ენა ანბანი", "ግዕዝ ቋንቋ ፊደል", "ᏣᎳᎩ ᎦᏬᏂᎯᏍᏗ"];
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_file(
        root,
        "manuscript/book.yaml",
        "title: Many Tongues\nidentifier: urn:uuid:0b5e1c4e-3c7a-4d8e-9f00-000000000200\n",
    );
    for i in 0..PIECES {
        let mut text = format!("# Piece {i}\n\n");
        for line in 0..5 {
            text.push_str(&format!(
                "Line {line}: “{}” and “{}” and “{}”.\n\n",
                quotes[0], quotes[1], quotes[2]
            ));
        }
        write_file(root, &format!("manuscript/{i:03}.md"), &text);
    }
    let out = folio(&["build", "--pdf", root.to_str().unwrap()], &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let warnings = stderr
        .lines()
        .filter(|l| l.starts_with("warning: "))
        .count();
    assert!(warnings > 0, "no glyph warnings: {stderr}");
    assert!(
        warnings <= PIECES * quotes.len(),
        "{warnings} warnings for {PIECES} pieces and {} scripts",
        quotes.len()
    );
    let summary = stderr
        .lines()
        .find(|l| l.contains("`folio check` lists them"))
        .unwrap_or_else(|| {
            panic!(
                "no summary line: {}",
                &stderr[stderr.len().saturating_sub(2000)..]
            )
        });
    assert!(
        summary.ends_with("pieces; `folio check` lists them"),
        "{summary}"
    );
    // It comes after the warnings, before the line that says what was built.
    let at = stderr.find(summary).unwrap();
    assert!(at > stderr.rfind("warning: ").unwrap(), "{summary}");
}

/// The editions know an image by its path as written, so one text meaning two files (each
/// piece's own `images/map.png` beside it) must not show the first file twice: an error at
/// the second use, naming both files.
#[test]
fn one_image_path_naming_two_files_from_two_folders_is_an_error_at_the_second() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_file(
        root,
        "manuscript/book.yaml",
        "title: Maps\nidentifier: urn:uuid:0b5e1c4e-3c7a-4d8e-9f00-000000000020\ncontents:\n  - manuscript/north/a.md\n  - manuscript/south/b.md\n",
    );
    write_file(
        root,
        "manuscript/north/a.md",
        "# A\n\n![North](images/map.png)\n",
    );
    write_file(
        root,
        "manuscript/south/b.md",
        "# B\n\nText.\n\n![South](images/map.png)\n",
    );
    for folder in ["north", "south"] {
        let images = root.join("manuscript").join(folder).join("images");
        std::fs::create_dir_all(&images).unwrap();
        std::fs::write(images.join("map.png"), png(1600, 80)).unwrap();
    }
    let (code, stderr) = check_files_in(root);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "image `images/map.png` is `manuscript/south/images/map.png` here but `manuscript/north/images/map.png` in `manuscript/north/a.md`\n  --> manuscript/south/b.md:5:10\n"
        ),
        "{stderr}"
    );
    assert!(
        stderr
            .contains("write the path from the book root here (`manuscript/south/images/map.png`)"),
        "{stderr}"
    );
    // Written from the book root, each piece names its own file: no problem.
    write_file(
        root,
        "manuscript/south/b.md",
        "# B\n\nText.\n\n![South](manuscript/south/images/map.png)\n",
    );
    let (code, stderr) = check_files_in(root);
    assert_eq!(code, Some(0), "{stderr}");
}

fn check_files_in(root: &std::path::Path) -> (Option<i32>, String) {
    let out = folio(&["check", root.to_str().unwrap()], &[]);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
