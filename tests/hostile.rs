//! Hostile input that folio must get through (rather than refuse): warnings that do not stop
//! a build, scripts that must not reach the EPUB, text that must not break the XHTML, a very
//! long paragraph, and builds interrupted by signals. The refusals are in hostile_corpus.rs.

mod epub_support;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn write(root: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

fn folio(args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(args)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1420070400")
        .output()
        .expect("the folio binary runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn build(root: &Path, extra: &[&str]) -> (Option<i32>, String) {
    let mut args = vec!["build", root.to_str().unwrap()];
    args.extend(extra);
    folio(&args)
}

fn epub_of(root: &Path, slug: &str) -> Vec<u8> {
    fs::read(root.join(format!("dist/{slug}.epub"))).expect("the EPUB was written")
}

fn all_text(epub: &[u8]) -> String {
    epub_support::entries(epub)
        .into_iter()
        .map(|(name, bytes)| format!("{name}\n{}\n", String::from_utf8_lossy(&bytes)))
        .collect()
}

#[test]
fn warnings_do_not_stop_the_build_but_deny_warnings_does() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "manuscript/book.yaml", "title: Warned\n");
    write(
        root,
        "manuscript/a.md",
        "# A\n\nA claim.[^nowhere] And <font color=red>red</font> words.\n",
    );
    let (code, err) = build(root, &[]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("warning: footnote `[^nowhere]` has no note"),
        "{err}"
    );
    assert!(
        err.contains("warning: raw HTML `<font color=red>` is not passed through"),
        "{err}"
    );
    assert!(err.contains("--> manuscript/a.md:3:9"), "{err}");
    assert!(root.join("dist/warned.epub").exists() && root.join("dist/warned.pdf").exists());
    let text = all_text(&epub_of(root, "warned"));
    assert!(
        text.contains("red</span> words") || text.contains("red words"),
        "the text stays"
    );

    fs::remove_dir_all(root.join("dist")).unwrap();
    let (code, err) = build(root, &["--deny", "warnings"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("error: footnote `[^nowhere]`"), "{err}");
    assert!(err.contains("denied by --deny warnings"), "{err}");
    assert!(
        err.contains("the book has 2 errors; nothing was written"),
        "{err}"
    );
    assert!(!root.join("dist").exists());
}

#[test]
fn deny_takes_only_warnings() {
    let (code, err) = folio(&["build", ".", "--deny", "everything"]);
    assert_eq!(code, Some(2), "{err}");
}

#[test]
fn scripts_and_event_handlers_never_reach_the_epub_which_passes_epubcheck() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "manuscript/book.yaml",
        "title: Hostile HTML\nlanguage: en\n",
    );
    write(
        root,
        "manuscript/a.md",
        "# Scripts\n\n\
         Inline <script>alert('inline')</script> script, an <img src=x onerror=\"alert(1)\"> image,\n\
         a <a href=\"javascript:alert(2)\">bad link</a>, a <a href=\"https://example.org/\">good one</a>,\n\
         <em onmouseover=\"alert(3)\">emphasis kept</em>, H<sub>2</sub>O, 1<sup>st</sup>,\n\
         <span class=\"smallcaps\">Nato</span> and <iframe src=\"https://evil.example/\">framed</iframe>.\n\n\
         <script>\nalert('block')\n</script>\n\n\
         <div onclick=\"alert(4)\">A div block</div>\n\n\
         <style>body { display: none }</style>\n\n\
         [A markdown link](javascript:alert(5)) and ![pixel](https://evil.example/p.png).\n",
    );
    let (code, err) = build(root, &[]);
    assert_eq!(code, Some(0), "{err}");
    for dropped in [
        "<script>",
        "<img src=x",
        "<a href=\"javascript:",
        "<iframe",
        "<div",
    ] {
        assert!(
            err.contains(&format!("raw HTML `{dropped}")),
            "no warning for {dropped}:\n{err}"
        );
    }
    assert!(
        err.contains("attribute `onmouseover` of raw HTML `<em>`"),
        "{err}"
    );
    let epub = epub_of(root, "hostile-html");
    let text = all_text(&epub);
    let lower = text.to_lowercase();
    for banned in [
        "<script",
        "onerror",
        "onmouseover",
        "onclick",
        "javascript:",
        "alert(",
        "<iframe",
        "evil.example",
        "<style>body",
    ] {
        assert!(!lower.contains(banned), "`{banned}` reached the EPUB");
    }
    for kept in [
        "<em>emphasis kept</em>",
        "H<sub>2</sub>O",
        "1<sup>st</sup>",
        "<span class=\"smallcaps\">Nato</span>",
        "<a href=\"https://example.org/\">good one</a>",
        "bad link",
        "A markdown link",
    ] {
        assert!(text.contains(kept), "`{kept}` is missing from the EPUB");
    }
    let pdf = fs::read(root.join("dist/hostile-html.pdf")).unwrap();
    assert!(
        !pdf.windows(11)
            .any(|w| w.eq_ignore_ascii_case(b"javascript:")),
        "a javascript: link reached the PDF"
    );
    assert!(
        err.contains("link to `javascript:alert(5)` is not passed through"),
        "{err}"
    );
    epub_support::epubcheck(&epub, "hostile-html");
}

#[test]
fn epub_stays_well_formed_whatever_the_text_holds() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let nasty = "Fish & chips < 3 > 2, &amp; &nbsp; &#0; &#x1F600; &bogus; <3 a<b \u{1}\u{8}\u{b}\u{c}\u{1b}\u{7f}\u{85}\u{fffe}\u{ffff} ]]> <![CDATA[x]]> \"'";
    write(
        root,
        "manuscript/book.yaml",
        format!("title: \"T <&> \\u0001 ]]>\"\nsubtitle: \"{}\"\n", "a<b&c"),
    );
    write(
        root,
        "manuscript/a.md",
        format!(
            "---\ntitle: \"<b>&amp;</b>\\u0002\"\nstandfirst: \"{}\"\n---\n{nasty}\n\n## {nasty}\n\n> {nasty}\n\n- {nasty}\n\n| a | b |\n|---|---|\n| {} | x |\n\n```{nasty}\n{nasty}\n```\n\n[{nasty}](#{}) `{nasty}`\n",
            "x &lt; <y>",
            "<td>",
            "a\"b"
        ),
    );
    let (code, err) = build(root, &[]);
    assert_eq!(code, Some(0), "{err}");
    let epub = epub_of(root, "t");
    for (name, bytes) in epub_support::entries(&epub) {
        if name.ends_with(".xhtml") || name.ends_with(".opf") || name.ends_with(".ncx") {
            let xml = String::from_utf8(bytes).expect("UTF-8");
            let opts = roxmltree::ParsingOptions {
                allow_dtd: true,
                ..Default::default()
            };
            if let Err(e) = roxmltree::Document::parse_with_options(&xml, opts) {
                panic!("{name} is not well-formed: {e}");
            }
            assert!(
                !xml.contains('\u{1}') && !xml.contains('\u{1b}'),
                "{name} carries controls"
            );
        }
    }
    epub_support::epubcheck(&epub, "nasty-text");
}

/// A PNG of `w` x `h` grey pixels.
fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::GrayImage::from_pixel(w, h, image::Luma([128]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

#[test]
fn low_resolution_image_is_a_warning_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "manuscript/book.yaml", "title: Small picture\n");
    write(
        root,
        "manuscript/a.md",
        "# Pictures\n\n![A small one](images/small.png)\n",
    );
    write(root, "images/small.png", png(120, 80));
    let (code, err) = build(root, &[]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("warning: image `images/small.png` is 120 × 80 pixels"),
        "{err}"
    );
    assert!(err.contains("--> manuscript/a.md:3:16"), "{err}");
    assert!(err.contains("pixels per inch"), "{err}");
}

/// A book whose one chapter is a single paragraph of `bytes` bytes of running text.
fn long_paragraph_book(root: &Path, bytes: usize) {
    let source = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("src/typeset/testdata/anthology.txt"),
    )
    .unwrap();
    let words: Vec<&str> = source.split_whitespace().collect();
    let mut text = String::from("# One breath\n\n");
    let mut i = 0;
    while text.len() < bytes {
        text.push_str(words[i % words.len()]);
        text.push(' ');
        i += 1;
    }
    text.push('\n');
    write(root, "manuscript/book.yaml", "title: One breath\n");
    write(root, "manuscript/a.md", text);
}

#[test]
fn a_two_megabyte_paragraph_is_set_whole() {
    // That its cost grows linearly is tests/hostile_linear.rs's to check (CPU time at N, 2N
    // and 4N); a wall-clock bound here would flake on a loaded machine.
    let dir = tempfile::tempdir().unwrap();
    long_paragraph_book(dir.path(), 2 * 1024 * 1024);
    let (code, err) = build(dir.path(), &[]);
    assert_eq!(code, Some(0), "{err}");
    let pdf = fs::metadata(dir.path().join("dist/one-breath.pdf")).unwrap();
    assert!(pdf.len() > 1_000_000, "the whole paragraph was set");
}

fn spawn_build(root: &Path, pause_ms: Option<u64>) -> Child {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_folio"));
    cmd.args(["build", root.to_str().unwrap()])
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if let Some(ms) = pause_ms {
        cmd.env("FOLIO_TEST_PAUSE_BEFORE_RENAME_MS", ms.to_string());
    }
    cmd.spawn().unwrap()
}

fn signal(child: &Child, name: &str) {
    let sent = Command::new("kill")
        .args([format!("-{name}"), child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
}

fn wait(mut child: Child) -> (Option<i32>, String) {
    let deadline = Instant::now() + Duration::from_secs(120);
    while child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "the build did not stop");
        std::thread::sleep(Duration::from_millis(10));
    }
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    (child.wait().unwrap().code(), err)
}

fn temporaries(dir: &Path) -> Vec<PathBuf> {
    fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.to_string_lossy().ends_with(".tmp"))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn sigterm_while_writing_leaves_no_temporary_and_the_previous_edition_whole() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "manuscript/book.yaml", "title: Interrupted\n");
    write(root, "manuscript/a.md", "# First edition\n\nText.\n");
    let (code, err) = build(root, &[]);
    assert_eq!(code, Some(0), "{err}");
    let dist = root.join("dist");
    let before: Vec<Vec<u8>> = ["interrupted.epub", "interrupted.pdf"]
        .iter()
        .map(|n| fs::read(dist.join(n)).unwrap())
        .collect();

    write(root, "manuscript/a.md", "# Second edition\n\nOther text.\n");
    let child = spawn_build(root, Some(20_000));
    // Wait until both new editions are staged as temporary files, then interrupt.
    let deadline = Instant::now() + Duration::from_secs(60);
    while temporaries(&dist).len() < 2 {
        assert!(
            Instant::now() < deadline,
            "the build never staged its files"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    signal(&child, "TERM");
    let (code, err) = wait(child);
    assert_eq!(code, Some(143), "exit code after SIGTERM: {err}");
    assert!(temporaries(&dist).is_empty(), "{:?}", temporaries(&dist));
    let after: Vec<Vec<u8>> = ["interrupted.epub", "interrupted.pdf"]
        .iter()
        .map(|n| fs::read(dist.join(n)).unwrap())
        .collect();
    assert!(before == after, "the previous edition was changed");
}

#[test]
fn sigint_while_rendering_exits_130_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    long_paragraph_book(dir.path(), 512 * 1024);
    let child = spawn_build(dir.path(), None);
    std::thread::sleep(Duration::from_millis(300));
    signal(&child, "INT");
    let (code, err) = wait(child);
    assert_eq!(code, Some(130), "exit code after SIGINT: {err}");
    assert!(temporaries(&dir.path().join("dist")).is_empty());
    assert!(!dir.path().join("dist/one-breath.pdf").exists());
}

#[test]
fn colour_only_on_a_terminal_and_never_under_no_color() {
    // `script` (util-linux) runs folio on a pseudo-terminal and copies what it shows.
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("SKIPPED: `script` (util-linux) not installed; colour on a terminal not checked");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "manuscript/book.yaml",
        "title: Colour\nauther: A\n",
    );
    write(dir.path(), "manuscript/a.md", "# A\n\nText.\n");
    let command = format!(
        "'{}' build '{}'",
        env!("CARGO_BIN_EXE_folio"),
        dir.path().display()
    );
    let on_terminal = |no_color: Option<&str>| {
        let mut cmd = Command::new("script");
        cmd.args(["-qec", &command, "/dev/null"])
            .env("TERM", "xterm-256color")
            .env_remove("NO_COLOR");
        if let Some(v) = no_color {
            cmd.env("NO_COLOR", v);
        }
        String::from_utf8_lossy(&cmd.output().unwrap().stdout).into_owned()
    };
    let coloured = on_terminal(None);
    assert!(coloured.contains("unknown key `auther`"), "{coloured}");
    assert!(
        coloured.contains("\u{1b}["),
        "no colour on a terminal: {coloured:?}"
    );
    let plain = on_terminal(Some("1"));
    assert!(plain.contains("unknown key `auther`"), "{plain}");
    assert!(
        !plain.contains("\u{1b}["),
        "colour despite NO_COLOR: {plain:?}"
    );
}
