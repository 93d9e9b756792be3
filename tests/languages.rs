//! Text in a language of its own (tests/languages-book): pieces in Japanese, Simplified and
//! Traditional Chinese and Korean quoting the same Han characters (直, 骨, 誤), whose shapes
//! differ by region, and an English piece quoting them and French, German and Hebrew inline
//! with `<span lang dir>`. Set in Debian's Noto Serif CJK collection (fonts-noto-cjk) and Noto
//! Serif Hebrew (fonts-noto-core), copied into a temporary copy of the book: a missing one
//! skips, and fails under CI=true. What a reader sees: each region's own glyph for the same
//! character (glyph ids read back from the PDF with PyMuPDF), the spans' languages and
//! direction in the EPUB, and a warning at the place of a tag that names no language.

mod common;
mod epub_support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::{build_ok, in_ci, python_on, repo_root, require_python_module};

const FONTS: &[&str] = &[
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/noto/NotoSerifHebrew-Regular.ttf",
];

/// The fixture with its fonts, built: (root, stderr). `None` (skipped) when a face is not
/// installed.
fn built() -> Option<(tempfile::TempDir, String)> {
    let dir = tempfile::tempdir().unwrap();
    let from = repo_root().join("tests/languages-book/manuscript");
    let to = dir.path().join("manuscript");
    std::fs::create_dir_all(&to).unwrap();
    for f in std::fs::read_dir(&from).unwrap() {
        let f = f.unwrap();
        std::fs::copy(f.path(), to.join(f.file_name())).unwrap();
    }
    std::fs::create_dir_all(dir.path().join("fonts")).unwrap();
    for font in FONTS {
        let path = Path::new(font);
        if !path.exists() {
            assert!(
                !in_ci(),
                "{font} is required under CI=true (fonts-noto-core, fonts-noto-cjk)"
            );
            eprintln!("SKIPPED: {font} not installed");
            return None;
        }
        let name = path.file_name().unwrap();
        std::fs::copy(path, dir.path().join("fonts").join(name)).unwrap();
    }
    let stderr = build_ok(dir.path(), &dir.path().join("out"));
    Some((dir, stderr))
}

/// Every glyph of 直, 骨 and 誤 in the PDF, one line each: page, character, font, glyph id;
/// then each page's text on a line of its own, for finding the pieces.
const GLYPHS_SCRIPT: &str = r#"
import sys, pymupdf
doc = pymupdf.open(sys.argv[1])
for pno, page in enumerate(doc):
    for span in page.get_texttrace():
        for ch in span["chars"]:
            c = chr(ch[0])
            if c in "直骨誤":
                print("glyph", pno, c, span["font"], ch[1])
    print("page", pno, page.get_text().replace("\n", " "))
"#;

/// For each piece (by a phrase of its body), the (font, glyph id)s each character was
/// printed with on that piece's pages.
type Prints = BTreeMap<&'static str, BTreeMap<char, BTreeSet<(String, u32)>>>;

fn prints(pdf: &Path, pieces: &[(&'static str, &str)]) -> Prints {
    let out = python_on(GLYPHS_SCRIPT, pdf);
    let mut page_of: BTreeMap<u32, &'static str> = BTreeMap::new();
    for line in out.lines() {
        if let Some(rest) = line.strip_prefix("page ") {
            let (n, text) = rest.split_once(' ').unwrap_or((rest, ""));
            for (piece, phrase) in pieces {
                if text.contains(phrase) {
                    page_of.insert(n.parse().unwrap(), piece);
                }
            }
        }
    }
    let mut found = Prints::new();
    for line in out.lines() {
        let Some(rest) = line.strip_prefix("glyph ") else {
            continue;
        };
        let f: Vec<&str> = rest.split(' ').collect();
        let Some(piece) = page_of.get(&f[0].parse().unwrap()) else {
            continue;
        };
        found
            .entry(piece)
            .or_default()
            .entry(f[1].chars().next().unwrap())
            .or_default()
            .insert((f[2].to_owned(), f[3].parse().unwrap()));
    }
    found
}

/// The one glyph `c` was printed with in `piece`.
fn only(found: &Prints, piece: &str, c: char) -> (String, u32) {
    let set = &found[piece][&c];
    assert_eq!(
        set.len(),
        1,
        "{piece}: {c} printed in several forms: {set:?}"
    );
    set.iter().next().unwrap().clone()
}

#[test]
fn the_same_han_character_prints_in_the_form_of_its_language() {
    if !require_python_module("pymupdf") {
        return;
    }
    let Some((dir, _)) = built() else {
        return;
    };
    let found = prints(
        &dir.path().join("out/tongues.pdf"),
        &[
            ("ja", "壊れた骨"),
            ("zh-Hans", "骨头断了"),
            ("zh-Hant", "骨頭斷了"),
            ("ko", "그는"),
            ("en", "Quoted in passing"),
        ],
    );
    // Japanese and Chinese draw 直 and 骨 differently, Traditional Chinese has a 骨 of its
    // own, and Japanese and Traditional Chinese each their 誤 (Simplified writes 误). Every
    // occurrence in a piece, its title included, takes the one form of its language.
    let ja = |c| only(&found, "ja", c);
    let hans = |c| only(&found, "zh-Hans", c);
    let hant = |c| only(&found, "zh-Hant", c);
    for c in ['直', '骨'] {
        assert_ne!(ja(c), hans(c), "{c}: Japanese and Simplified Chinese alike");
    }
    assert_ne!(hans('骨'), hant('骨'));
    assert_ne!(ja('骨'), hant('骨'));
    assert_ne!(ja('誤'), hant('誤'));
    // Each in its region's face of the collection (its default forms), whatever the order
    // of the faces in the file; Korean as Korean, not as the piece before it.
    assert!(ja('直').0.contains("CJKjp"), "{:?}", ja('直'));
    assert!(hans('直').0.contains("CJKsc"), "{:?}", hans('直'));
    assert!(hant('直').0.contains("CJKtc"), "{:?}", hant('直'));
    assert!(only(&found, "ko", '直').0.contains("CJKkr"), "{found:?}");
    // Quoted inline with `<span lang>`, each character takes its quoting language's form.
    let en = &found["en"];
    assert_eq!(en[&'直'], BTreeSet::from([ja('直'), hans('直')]), "{en:?}");
    assert_eq!(en[&'骨'], BTreeSet::from([ja('骨'), hans('骨')]), "{en:?}");
}

#[test]
fn spans_keep_their_language_and_direction_in_the_epub() {
    let Some((dir, stderr)) = built() else {
        return;
    };
    let epub = std::fs::read(dir.path().join("out/tongues.epub")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&epub)).unwrap();
    let names: Vec<String> = zip.file_names().map(str::to_owned).collect();
    let mut english = String::new();
    for name in names.iter().filter(|n| n.ends_with(".xhtml")) {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut text).unwrap();
        if text.contains("Quoted in passing") {
            english = text;
        }
    }
    for span in [
        r#"<span lang="ja" xml:lang="ja">直</span>"#,
        r#"<span lang="zh-Hans" xml:lang="zh-Hans">直</span>"#,
        r#"<span lang="fr" xml:lang="fr">l’internationalisation</span>"#,
        r#"<span lang="he" xml:lang="he" dir="rtl">שלום</span>"#,
    ] {
        assert!(english.contains(span), "{span} not in:\n{english}");
    }
    // The tag that names no language is warned about where it is, and its text is kept
    // as the English around it.
    assert!(
        stderr.contains("`lang=\"english\"` is not passed through"),
        "{stderr}"
    );
    assert!(
        stderr.contains("manuscript/05-english.md:14:31"),
        "{stderr}"
    );
    assert!(english.contains("no language: plain."), "{english}");
    epub_support::epubcheck(&epub, "tongues");
}

/// Each character of the line holding "wall" with its left edge, one per output line.
const WALL_SCRIPT: &str = r#"
import sys, pymupdf
doc = pymupdf.open(sys.argv[1])
for page in doc:
    for block in page.get_text("rawdict")["blocks"]:
        for line in block.get("lines", []):
            chars = [c for s in line["spans"] for c in s["chars"]]
            if "wall" in "".join(c["c"] for c in chars):
                for c in chars:
                    print(c["c"], round(c["bbox"][0], 2))
"#;

#[test]
fn a_span_marked_right_to_left_takes_its_punctuation_with_it() {
    if !require_python_module("pymupdf") {
        return;
    }
    let Some((dir, _)) = built() else {
        return;
    };
    let out = python_on(WALL_SCRIPT, &dir.path().join("out/tongues.pdf"));
    let chars: Vec<(char, f32)> = out
        .lines()
        .filter_map(|l| {
            let (c, x) = l.rsplit_once(' ')?;
            Some((c.chars().next()?, x.parse().ok()?))
        })
        .collect();
    // The Hebrew letters and exclamation marks of the line, left to right as printed.
    let mut marks: Vec<(char, f32)> = chars
        .into_iter()
        .filter(|(c, _)| "שלום!".contains(*c))
        .collect();
    marks.sort_by(|a, b| a.1.total_cmp(&b.1));
    let seen: String = marks.iter().map(|(c, _)| c).collect();
    // Marked `dir="rtl"`, the exclamation mark is the Hebrew's: set at its left, where a
    // right-to-left sentence ends. Unmarked, in an English line, it follows at the right.
    assert_eq!(seen, "!םולשםולש!", "{out}");
}
