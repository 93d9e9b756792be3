//! Every script a reporter quotes (tests/scripts-book): pieces wholly in Arabic, Hebrew,
//! Chinese, Japanese, Korean, Hindi and Thai, and an English piece quoting them all inline
//! with Greek, Russian and Vietnamese, set in Debian's Noto faces (fonts-noto-core and
//! fonts-noto-cjk; the test copies them into a temporary copy of the book: a missing one
//! skips, and fails under CI=true). What a reader sees: no .notdef box, the text read back
//! in logical order, right-to-left lines laid right to left, the EPUB's directions, and one
//! warning per piece per script that no font covers.

mod common;

use std::path::{Path, PathBuf};

use common::{build_ok, folio, in_ci, python_on, repo_root, require_python_module};

const NOTO_CORE: &str = "/usr/share/fonts/truetype/noto";
const NOTO_CJK: &str = "/usr/share/fonts/opentype/noto";

/// The faces the fixture needs, from the Debian packages.
const FACES: &[(&str, &str)] = &[
    (NOTO_CORE, "NotoNaskhArabic-Regular.ttf"),
    (NOTO_CORE, "NotoSerifHebrew-Regular.ttf"),
    (NOTO_CORE, "NotoSerifDevanagari-Regular.ttf"),
    (NOTO_CORE, "NotoSerifThai-Regular.ttf"),
    (NOTO_CJK, "NotoSerifCJK-Regular.ttc"),
];

/// The fixture copied to a temporary root with `fonts` (file names from [`FACES`]) in its
/// fonts/ and `yaml` appended to book.yaml; `None` (skipped) when a face is not installed.
fn book_with(fonts: &[&str], yaml: &str) -> Option<tempfile::TempDir> {
    let dir = tempfile::tempdir().unwrap();
    let from = repo_root().join("tests/scripts-book/manuscript");
    let to = dir.path().join("manuscript");
    std::fs::create_dir_all(&to).unwrap();
    for f in std::fs::read_dir(&from).unwrap() {
        let f = f.unwrap();
        std::fs::copy(f.path(), to.join(f.file_name())).unwrap();
    }
    if !yaml.is_empty() {
        let book = to.join("book.yaml");
        let text = std::fs::read_to_string(&book).unwrap();
        std::fs::write(&book, format!("{text}{yaml}")).unwrap();
    }
    std::fs::create_dir_all(dir.path().join("fonts")).unwrap();
    for name in fonts {
        let (folder, _) = FACES.iter().find(|(_, n)| n == name).unwrap();
        let path = Path::new(folder).join(name);
        if !path.exists() {
            assert!(
                !in_ci(),
                "{} is required under CI=true (fonts-noto-core, fonts-noto-cjk)",
                path.display()
            );
            eprintln!("SKIPPED: {} not installed", path.display());
            return None;
        }
        std::fs::copy(&path, dir.path().join("fonts").join(name)).unwrap();
    }
    Some(dir)
}

fn all_faces() -> Vec<&'static str> {
    FACES.iter().map(|(_, n)| *n).collect()
}

/// Build `root` into root/out; (stderr, pdf, epub).
fn build(root: &Path, slug: &str) -> (String, PathBuf, PathBuf) {
    let out = root.join("out");
    let stderr = build_ok(root, &out);
    (
        stderr,
        out.join(format!("{slug}.pdf")),
        out.join(format!("{slug}.epub")),
    )
}

/// tests/tools/scriptcheck.py's figures for the PDF, as JSON.
fn scriptcheck(pdf: &Path, root: &Path) -> serde_json::Value {
    let tool = repo_root().join("tests/tools/scriptcheck.py");
    let o = std::process::Command::new("python3")
        .arg(&tool)
        .arg(pdf)
        .arg(root)
        .arg("--json")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn every_script_prints_in_its_face_and_reads_back_in_logical_order() {
    if !require_python_module("pymupdf") {
        return;
    }
    let Some(dir) = book_with(&all_faces(), "") else {
        return;
    };
    let (stderr, pdf, _) = build(dir.path(), "voices");
    // Every script has a face: no warning about a missing one.
    assert!(!stderr.contains("no font of the book"), "{stderr}");
    let report = scriptcheck(&pdf, dir.path());
    let pieces = report["pieces"].as_array().unwrap();
    let totals = &report["totals"];
    assert_eq!(totals["notdef"], 0, ".notdef glyphs: {totals}");
    assert_eq!(
        totals["notdef_stream"], 0,
        ".notdef in the streams: {totals}"
    );
    for piece in pieces {
        let lang = piece["lang"].as_str().unwrap();
        if piece["found"] != true {
            continue;
        }
        let fidelity = piece["fidelity"].as_f64().unwrap();
        // Every script reads back word for word: Arabic's vowel marks after their letters
        // (one glyph per character of a right-to-left cluster), Devanagari's clusters
        // through ActualText, each glyph's ToUnicode its own letter.
        assert!(fidelity >= 0.999, "{lang}: fidelity {fidelity}: {piece}");
        assert_eq!(piece["pass"], true, "{lang}: {piece}");
    }
    let found: Vec<&str> = pieces
        .iter()
        .filter(|p| p["found"] == true)
        .map(|p| p["lang"].as_str().unwrap())
        .collect();
    for lang in ["en", "ar", "he", "zh", "ja", "ko", "hi", "th"] {
        assert!(found.contains(&lang), "{lang} piece not found: {found:?}");
    }
}

/// The words of the lines on the page whose text holds `needle`, each as (text, x0),
/// in the order PyMuPDF reads them, one line per output line.
const LINES_SCRIPT: &str = r#"
import sys, pymupdf
doc = pymupdf.open(sys.argv[1])
for page in doc:
    for block in page.get_text("rawdict")["blocks"]:
        for line in block.get("lines", []):
            words, cur = [], []
            chars = sorted((c for s in line["spans"] for c in s["chars"]), key=lambda c: c["bbox"][0])
            for c in chars + [{"c": " ", "bbox": (1e9, 0, 0, 0)}]:
                if c["c"].isspace():
                    if cur:
                        words.append((min(x[1] for x in cur), "".join(x[0] for x in cur)))
                    cur = []
                else:
                    cur.append((c["c"], c["bbox"][0]))
            print(" | ".join(f"{x:.1f}:{w}" for x, w in words))
"#;

#[test]
fn right_to_left_lines_start_at_the_right_and_quotes_keep_their_order() {
    if !require_python_module("pymupdf") {
        return;
    }
    let Some(dir) = book_with(&all_faces(), "") else {
        return;
    };
    let (_, pdf, _) = build(dir.path(), "voices");
    let lines = python_on(LINES_SCRIPT, &pdf);
    let x_of = |line: &str, letters: &str| -> Option<f32> {
        // A word whose letters (in any order, since extractors read RTL words either way)
        // are the source word's.
        let mut want: Vec<char> = letters.chars().collect();
        want.sort();
        line.split(" | ").find_map(|w| {
            let (x, text) = w.split_once(':')?;
            let mut got: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
            got.sort();
            (got == want).then(|| x.parse().unwrap())
        })
    };
    // The Hebrew piece's first line: its first logical word is its rightmost.
    let hebrew = lines
        .lines()
        .find(|l| x_of(l, "אלפי").is_some() && x_of(l, "אנשים").is_some())
        .expect("the Hebrew piece's first line");
    let first = x_of(hebrew, "אלפי").unwrap();
    let words: Vec<f32> = hebrew
        .split(" | ")
        .filter_map(|w| w.split_once(':').map(|(x, _)| x.parse::<f32>().unwrap()))
        .collect();
    assert!(
        words.iter().all(|&x| x <= first),
        "the first word is not the rightmost: {hebrew}"
    );
    assert!(first > x_of(hebrew, "אנשים").unwrap(), "{hebrew}");
    // Arabic: the first word of the piece is right of the second.
    let arabic = lines
        .lines()
        .find(|l| x_of(l, "خرج").is_some() && x_of(l, "آلاف").is_some())
        .expect("the Arabic piece's first line");
    assert!(
        x_of(arabic, "خرج").unwrap() > x_of(arabic, "آلاف").unwrap(),
        "{arabic}"
    );
    // In the English piece, the Hebrew quote's two words run right to left among
    // themselves, between English words that run left to right.
    let english = lines
        .lines()
        .find(|l| x_of(l, "שלום").is_some())
        .expect("the English line quoting Hebrew");
    let shalom = x_of(english, "שלום").unwrap();
    let akhshav = x_of(english, "עכשיו").unwrap();
    assert!(
        shalom > akhshav,
        "Hebrew quote in logical order left to right: {english}"
    );
}

#[test]
fn a_script_no_font_covers_is_one_warning_per_piece_with_count_place_and_a_family() {
    // Only the Arabic face: Hebrew, Han, Hangul, ... have none.
    let Some(dir) = book_with(&["NotoNaskhArabic-Regular.ttf"], "") else {
        return;
    };
    let root = dir.path().to_str().unwrap();
    let o = folio(&["check", root], &[]);
    let out = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    let warnings: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("no font of the book covers"))
        .collect();
    // The English piece quotes Hebrew, Han, Hiragana, Hangul, Devanagari and Thai: six;
    // Hebrew, Chinese (Han), Japanese (Han, Hiragana, Katakana), Korean, Hindi, Thai pieces.
    let hangul: Vec<&&str> = warnings.iter().filter(|l| l.contains("Hangul")).collect();
    assert_eq!(hangul.len(), 2, "{out}");
    assert!(!out.contains("covers Arabic"), "{out}");
    assert!(out.contains("e.g. Noto Serif CJK KR"), "{out}");
    // One line per piece per script, however many characters, with the count and place.
    assert!(out.contains("covers Hangul: 172 characters"), "{out}");
    assert!(out.contains("manuscript/06-korean.md:1:1"), "{out}");
    assert!(out.contains("manuscript/01-english.md:6:25"), "{out}");
    let count = warnings.len();
    assert!(count <= 17, "{count} warnings: {out}");
}

#[test]
fn the_arabic_piece_is_right_to_left_in_the_epub_and_an_arabic_book_turns_right_to_left() {
    let Some(dir) = book_with(&all_faces(), "") else {
        return;
    };
    let (_, _, epub) = build(dir.path(), "voices");
    let read = |epub: &Path, name: &str| -> String {
        let mut zip = zip::ZipArchive::new(std::fs::File::open(epub).unwrap()).unwrap();
        let mut s = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut s).unwrap();
        s
    };
    let names: Vec<String> = {
        let zip = zip::ZipArchive::new(std::fs::File::open(&epub).unwrap()).unwrap();
        zip.file_names().map(str::to_owned).collect()
    };
    let doc_of = |needle: &str| -> String {
        names
            .iter()
            .filter(|n| n.ends_with(".xhtml"))
            .map(|n| read(&epub, n))
            .find(|x| x.contains(needle))
            .unwrap()
    };
    assert!(doc_of("خرج آلاف").contains("dir=\"rtl\""));
    assert!(doc_of("אלפי אנשים").contains("dir=\"rtl\""));
    assert!(!doc_of("On the square").contains("dir="));
    let opf = read(&epub, "OEBPS/content.opf");
    assert!(opf.contains("page-progression-direction=\"ltr\""), "{opf}");

    // The same book in Arabic: its spine, documents and PDF viewer turn right to left.
    let Some(dir) = book_with(&all_faces(), "") else {
        return;
    };
    let book = dir.path().join("manuscript/book.yaml");
    let yaml = std::fs::read_to_string(&book)
        .unwrap()
        .replace("language: en", "language: ar");
    std::fs::write(&book, yaml).unwrap();
    let (_, pdf, epub) = build(dir.path(), "voices");
    let opf = read(&epub, "OEBPS/content.opf");
    assert!(opf.contains("page-progression-direction=\"rtl\""), "{opf}");
    let english = names
        .iter()
        .filter(|n| n.ends_with(".xhtml"))
        .map(|n| read(&epub, n))
        .find(|x| x.contains("On the square"))
        .unwrap();
    assert!(english.contains("dir=\"rtl\">") && english.contains("dir=\"ltr\""));
    let doc = lopdf::Document::load(&pdf).unwrap();
    let catalog = doc.catalog().unwrap();
    let prefs = catalog
        .get(b"ViewerPreferences")
        .unwrap()
        .as_dict()
        .unwrap();
    assert_eq!(prefs.get(b"Direction").unwrap().as_name().unwrap(), b"R2L");
}

#[test]
fn fonts_named_with_font_path_are_used_after_the_books_own() {
    // The book holds only the Arabic face; the Hebrew one is in a folder outside it, named
    // on the command line (a subfolder, as system font trees are).
    let Some(dir) = book_with(&["NotoNaskhArabic-Regular.ttf"], "") else {
        return;
    };
    let hebrew = Path::new(NOTO_CORE).join("NotoSerifHebrew-Regular.ttf");
    let outside = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(outside.path().join("truetype/noto")).unwrap();
    std::fs::copy(&hebrew, outside.path().join("truetype/noto/Hebrew.ttf")).unwrap();
    let root = dir.path().to_str().unwrap();
    let font_path = outside.path().to_str().unwrap();
    let said = |o: &std::process::Output| {
        format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    };
    // Without the option, Hebrew has no face: the coverage warnings name it.
    let without = said(&folio(&["check", root], &[]));
    assert!(without.contains("covers Hebrew"), "{without}");
    // With it, check and build find the face: no Hebrew warning, and the PDF embeds it.
    let with = said(&folio(&["check", root, "--font-path", font_path], &[]));
    assert!(!with.contains("covers Hebrew"), "{with}");
    assert!(
        with.contains("covers Hangul"),
        "other scripts still warned: {with}"
    );
    let out = dir.path().join("out");
    let o = folio(
        &[
            "build",
            root,
            "--out",
            out.to_str().unwrap(),
            "--font-path",
            font_path,
        ],
        &[("SOURCE_DATE_EPOCH", "1420070400")],
    );
    assert!(o.status.success(), "{}", said(&o));
    assert!(!said(&o).contains("covers Hebrew"), "{}", said(&o));
    let pdf = std::fs::read(out.join("voices.pdf")).unwrap();
    let has = |needle: &[u8]| pdf.windows(needle.len()).any(|w| w == needle);
    assert!(
        has(b"NotoSerifHebrew-Regular"),
        "the Hebrew face is embedded"
    );
    assert!(has(b"NotoNaskhArabic-Regular"), "the book's own face too");
    // A folder that is not there is an error at once, and nothing is written.
    let missing = outside.path().join("nowhere");
    let o = folio(
        &[
            "build",
            root,
            "--out",
            dir.path().join("out2").to_str().unwrap(),
            "--font-path",
            missing.to_str().unwrap(),
        ],
        &[],
    );
    assert!(!o.status.success());
    assert!(said(&o).contains("is not a folder"), "{}", said(&o));
    assert!(!dir.path().join("out2").exists());
}
