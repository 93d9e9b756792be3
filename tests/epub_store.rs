//! What a store's ingestion (Kindle's above all) and a reading app's shelf see of an EPUB:
//! the typographic cover as a raster image (no SVG cover, which Kindle does not take), the
//! cover's markup (cover meta, `cover-image`, the guide, the nav's landmarks), the series a
//! book belongs to, and `dcterms:modified` from SOURCE_DATE_EPOCH as the release workflow
//! sets it.

mod common;
mod epub_support;

use std::path::Path;
use std::process::Command;

use common::{folio, repo_root, write_file};
use epub_support::{entries, entry, epubcheck};

/// Build the book at `root` (its EPUB only) with `envs` and return the EPUB's bytes.
fn build_epub(root: &Path, envs: &[(&str, &str)]) -> Vec<u8> {
    let out = tempfile::tempdir().unwrap();
    let o = folio(
        &[
            "build",
            root.to_str().unwrap(),
            "--out",
            out.path().to_str().unwrap(),
            "--epub",
        ],
        envs,
    );
    assert!(
        o.status.success(),
        "build of {} failed: {}",
        root.display(),
        String::from_utf8_lossy(&o.stderr)
    );
    let epub = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "epub"))
        .expect("an EPUB was written");
    std::fs::read(epub).unwrap()
}

const EPOCH: (&str, &str) = ("SOURCE_DATE_EPOCH", "1420070400");

/// A one-piece book titled `title`, with `extra` lines in its book.yaml.
fn small_book(root: &Path, title: &str, extra: &str) {
    write_file(
        root,
        "manuscript/book.yaml",
        &format!(
            "title: {title}\nauthor: Ann Author\npublisher: Harbour Press\nlanguage: en-GB\n\
             identifier: urn:uuid:5b0e7a3c-2f64-4d1e-9a8b-6c0d2e4f1a37\n{extra}\
             contents:\n  - manuscript/a.md\n"
        ),
    );
    write_file(
        root,
        "manuscript/a.md",
        "---\ntitle: A Piece\n---\n\nSome words in a paragraph.\n",
    );
}

/// The cover image of `epub`, decoded to RGB, with its package path.
fn cover_png(epub: &[u8]) -> (String, image::RgbImage) {
    let (name, bytes) = entries(epub)
        .into_iter()
        .find(|(n, _)| n.starts_with("OEBPS/images/cover."))
        .expect("a cover image in the package");
    assert_eq!(name, "OEBPS/images/cover.png");
    let img = image::load_from_memory_with_format(&bytes, image::ImageFormat::Png)
        .expect("the cover decodes as PNG")
        .to_rgb8();
    (name, img)
}

/// How many pixels of rows `rows` differ between `a` and `b` (same size).
fn differing(a: &image::RgbImage, b: &image::RgbImage, rows: std::ops::Range<u32>) -> usize {
    rows.flat_map(|y| (0..a.width()).map(move |x| (x, y)))
        .filter(|&(x, y)| a.get_pixel(x, y) != b.get_pixel(x, y))
        .count()
}

/// Rows `rows` of `img` that hold ink: darker than the cover's light ground.
fn inked_rows(img: &image::RgbImage, rows: std::ops::Range<u32>) -> usize {
    rows.filter(|&y| {
        (200..img.width() - 200).any(|x| {
            let p = img.get_pixel(x, y);
            (u32::from(p[0]) + u32::from(p[1]) + u32::from(p[2])) < 3 * 128
        })
    })
    .count()
}

#[test]
fn a_book_without_cover_art_gets_a_rendered_png_cover_of_store_size() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    small_book(a.path(), "Harbour Lights", "");
    small_book(b.path(), "Mountain Roads and Rivers", "");
    let epub_a = build_epub(a.path(), &[EPOCH]);
    let epub_b = build_epub(b.path(), &[EPOCH]);
    let (_, img_a) = cover_png(&epub_a);
    let (_, img_b) = cover_png(&epub_b);
    // The large stores' size, 1:1.6.
    assert!(
        img_a.width() >= 1600 && img_a.height() >= 2560,
        "{:?}",
        img_a.dimensions()
    );
    assert_eq!(img_a.dimensions(), img_b.dimensions());
    // Not blank: the pixels vary (ground, frame, type).
    let lum: Vec<f64> = img_a
        .pixels()
        .map(|p| (f64::from(p[0]) + f64::from(p[1]) + f64::from(p[2])) / 3.0)
        .collect();
    let mean = lum.iter().sum::<f64>() / lum.len() as f64;
    let variance = lum.iter().map(|l| (l - mean).powi(2)).sum::<f64>() / lum.len() as f64;
    assert!(variance > 100.0, "cover looks blank: variance {variance}");
    // The title is set in the upper third (rows 550-1100 hold it): ink there, and it is the
    // title's, since another title changes those rows while the author's line (rows
    // 1800-2000, the same name on both) stays pixel for pixel the same.
    assert!(inked_rows(&img_a, 550..1100) > 60, "no title ink");
    assert!(inked_rows(&img_a, 1800..2000) > 30, "no author ink");
    assert!(inked_rows(&img_a, 2250..2400) > 20, "no publisher ink");
    assert!(differing(&img_a, &img_b, 550..1100) > 10_000);
    assert_eq!(differing(&img_a, &img_b, 1800..2000), 0);
    // Rendered with the built-in face, never the machine's fonts: the same bytes each time.
    let again = build_epub(a.path(), &[EPOCH]);
    assert!(again == epub_a, "two builds of one book differ");
    epubcheck(&epub_a, "png-cover");
}

#[test]
fn the_cover_markup_is_what_kindle_and_epub2_readers_look_for() {
    let dir = tempfile::tempdir().unwrap();
    small_book(dir.path(), "Harbour Lights", "");
    let epub = build_epub(dir.path(), &[EPOCH]);
    let opf = entry(&epub, "OEBPS/content.opf");
    let doc = roxmltree::Document::parse(&opf).unwrap();
    let items: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("item"))
        .collect();
    // No SVG anywhere in the package, the cover least of all.
    for item in &items {
        assert_ne!(item.attribute("media-type"), Some("image/svg+xml"), "{opf}");
    }
    assert!(!entries(&epub).iter().any(|(n, _)| n.ends_with(".svg")));
    // The raster is the manifest's cover-image ...
    let cover = items
        .iter()
        .find(|n| {
            n.attribute("properties")
                .is_some_and(|p| p.split(' ').any(|p| p == "cover-image"))
        })
        .expect("an item with properties=cover-image");
    assert_eq!(cover.attribute("href"), Some("images/cover.png"));
    assert_eq!(cover.attribute("media-type"), Some("image/png"));
    // ... and the EPUB 2 cover meta names that item's id (Kindle reads this one).
    let cover_id = cover.attribute("id").unwrap();
    let meta = doc
        .descendants()
        .find(|n| n.has_tag_name("meta") && n.attribute("name") == Some("cover"))
        .expect("<meta name=\"cover\">");
    assert_eq!(meta.attribute("content"), Some(cover_id));
    // The guide: a cover reference to the cover page, which is in the spine, and one toc.
    let refs: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("reference"))
        .map(|n| {
            (
                n.attribute("type").unwrap_or(""),
                n.attribute("href").unwrap_or(""),
            )
        })
        .collect();
    assert!(refs.contains(&("cover", "cover.xhtml")), "{refs:?}");
    assert_eq!(
        refs.iter().filter(|(t, _)| *t == "toc").count(),
        1,
        "{refs:?}"
    );
    let spine: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("itemref"))
        .filter_map(|n| n.attribute("idref"))
        .collect();
    let href_of = |id: &str| {
        items
            .iter()
            .find(|n| n.attribute("id") == Some(id))
            .and_then(|n| n.attribute("href"))
            .unwrap_or("")
            .to_string()
    };
    let spine_hrefs: Vec<String> = spine.iter().map(|id| href_of(id)).collect();
    assert_eq!(spine_hrefs.first().map(String::as_str), Some("cover.xhtml"));
    for (_, href) in &refs {
        let file = href.split('#').next().unwrap();
        assert!(
            spine_hrefs.iter().any(|h| h == file),
            "guide's {href} not in the spine"
        );
    }
    // The cover page shows the raster with the cover's words as its alt text.
    let page = entry(&epub, "OEBPS/cover.xhtml");
    assert!(page.contains("src=\"images/cover.png\""), "{page}");
    assert!(
        page.contains("alt=\"Harbour Lights. Ann Author\""),
        "{page}"
    );
    // The nav's landmarks: cover, title page, contents, start of the text.
    let nav = entry(&epub, "OEBPS/nav.xhtml");
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let nav = roxmltree::Document::parse_with_options(&nav, options).unwrap();
    let landmarks = nav
        .descendants()
        .find(|n| {
            n.has_tag_name("nav")
                && n.attributes()
                    .any(|a| a.name() == "type" && a.value() == "landmarks")
        })
        .expect("a landmarks nav");
    let kinds: Vec<&str> = landmarks
        .descendants()
        .filter(|n| n.has_tag_name("a"))
        .filter_map(|n| {
            n.attributes()
                .find(|a| a.name() == "type")
                .map(|a| a.value())
        })
        .collect();
    for kind in ["cover", "titlepage", "toc", "bodymatter"] {
        assert!(
            kinds.contains(&kind),
            "{kind} missing from landmarks: {kinds:?}"
        );
    }
    epubcheck(&epub, "kindle-markup");
}

#[test]
fn a_series_is_a_collection_in_the_opf_and_a_line_on_the_title_page() {
    let dir = tempfile::tempdir().unwrap();
    small_book(
        dir.path(),
        "Harbour Lights",
        "series:\n  name: The Long Road & Back\n  number: 2\n",
    );
    let epub = build_epub(dir.path(), &[EPOCH]);
    let opf = entry(&epub, "OEBPS/content.opf");
    let doc = roxmltree::Document::parse(&opf).unwrap();
    let collection = doc
        .descendants()
        .find(|n| n.attribute("property") == Some("belongs-to-collection"))
        .expect("belongs-to-collection");
    assert_eq!(collection.text(), Some("The Long Road & Back"));
    let id = collection.attribute("id").unwrap();
    let refines = |property: &str| {
        doc.descendants()
            .find(|n| {
                n.attribute("refines") == Some(&format!("#{id}"))
                    && n.attribute("property") == Some(property)
            })
            .and_then(|n| n.text())
            .map(str::to_string)
    };
    assert_eq!(refines("collection-type").as_deref(), Some("series"));
    assert_eq!(refines("group-position").as_deref(), Some("2"));
    let title_page = entry(&epub, "OEBPS/title.xhtml");
    assert!(
        title_page.contains("<p class=\"series\">The Long Road &amp; Back, Book 2</p>"),
        "{title_page}"
    );
    epubcheck(&epub, "series");

    // Without a series: neither.
    let plain = tempfile::tempdir().unwrap();
    small_book(plain.path(), "Harbour Lights", "");
    let epub = build_epub(plain.path(), &[EPOCH]);
    assert!(!entry(&epub, "OEBPS/content.opf").contains("belongs-to-collection"));
    assert!(!entry(&epub, "OEBPS/title.xhtml").contains("class=\"series\""));
}

#[test]
fn a_bad_series_is_an_error_at_its_line() {
    for (yaml, line, says) in [
        (
            "series:\n  name: The Long Road\n  number: two\n",
            8,
            "series number `two`",
        ),
        ("series:\n  number: 2\n", 6, "`series` has no `name`"),
        ("series: The Long Road\n", 6, "`series` must be a map"),
        ("series:\n  name: X\n  volume: 2\n", 8, "volume"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        small_book(dir.path(), "Harbour Lights", yaml);
        let o = folio(
            &["check", dir.path().to_str().unwrap()],
            &[("NO_COLOR", "1")],
        );
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!o.status.success(), "{yaml}: {err}");
        assert!(err.contains(says), "{yaml}: {err}");
        assert!(err.contains(&format!("book.yaml:{line}:")), "{yaml}: {err}");
    }
}

/// The `dcterms:modified` of `epub`.
fn modified(epub: &[u8]) -> String {
    let opf = entry(epub, "OEBPS/content.opf");
    let doc = roxmltree::Document::parse(&opf).unwrap();
    doc.descendants()
        .find(|n| n.attribute("property") == Some("dcterms:modified"))
        .and_then(|n| n.text())
        .expect("dcterms:modified")
        .to_string()
}

#[test]
fn dcterms_modified_is_the_release_workflows_tagged_commit_time() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    small_book(root, "Harbour Lights", "date: 2015-01-01\n");
    // Without SOURCE_DATE_EPOCH the book's date, never the clock.
    assert_eq!(modified(&build_epub(root, &[])), "2015-01-01T00:00:00Z");
    assert_eq!(
        modified(&build_epub(root, &[("SOURCE_DATE_EPOCH", "1500000000")])),
        "2017-07-14T02:40:00Z"
    );
    // The release workflow's own step, run in a repository whose tagged commit is dated
    // 2021-03-04 05:06:07 UTC: the build it sets up is dated by that commit.
    let workflow =
        std::fs::read_to_string(repo_root().join("src/scaffold/files/release.yml")).unwrap();
    let step = workflow
        .lines()
        .map(str::trim)
        .find_map(|l| {
            l.strip_prefix("run: ")
                .filter(|r| r.contains("SOURCE_DATE_EPOCH"))
        })
        .expect("the workflow sets SOURCE_DATE_EPOCH");
    let git = |args: &[&str]| {
        let o = Command::new("git")
            .args(args)
            .current_dir(root)
            .env("GIT_AUTHOR_DATE", "2021-03-04T05:06:07Z")
            .env("GIT_COMMITTER_DATE", "2021-03-04T05:06:07Z")
            .env("GIT_AUTHOR_NAME", "A")
            .env("GIT_AUTHOR_EMAIL", "a@example.org")
            .env("GIT_COMMITTER_NAME", "A")
            .env("GIT_COMMITTER_EMAIL", "a@example.org")
            .output()
            .expect("git is installed");
        assert!(
            o.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    };
    git(&["init", "-q"]);
    git(&["add", "manuscript"]);
    git(&["commit", "-q", "-m", "the book"]);
    git(&["tag", "v1"]);
    let env_file = root.join("github_env");
    let o = Command::new("bash")
        .args(["-c", step])
        .current_dir(root)
        .env("GITHUB_ENV", &env_file)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let env = std::fs::read_to_string(&env_file).unwrap();
    let epoch = env
        .trim()
        .strip_prefix("SOURCE_DATE_EPOCH=")
        .unwrap_or_else(|| panic!("GITHUB_ENV: {env}"));
    assert_eq!(epoch, "1614834367");
    assert_eq!(
        modified(&build_epub(root, &[("SOURCE_DATE_EPOCH", epoch)])),
        "2021-03-04T05:06:07Z"
    );
}
