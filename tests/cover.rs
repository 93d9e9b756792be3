//! The cover wrap edition, read back from the written PDF: its size against the spine
//! formula, its boxes, what it says, the spine rule, the cover art, and the barcode decoded
//! by a real barcode reader (zbarimg) from a rendering (pdftoppm).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use lopdf::content::Content;
use lopdf::{Document, Object};

use folio::cover::{self, CoverEdition};
use folio::manuscript::Book;

const ISBN: &str = "978-0-306-40615-7";
const INCH: f32 = 72.0;

/// A small book in a temporary folder: `yaml` is book.yaml.
fn book_folder(yaml: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("manuscript")).unwrap();
    std::fs::write(root.join("manuscript/book.yaml"), yaml).unwrap();
    std::fs::write(
        root.join("manuscript/01-one.md"),
        "# One\n\nA first chapter, long enough to be a page of text.\n",
    )
    .unwrap();
    dir
}

fn full_yaml() -> String {
    format!(
        "title: The Lighthouse Keepers\nsubtitle: Stories from the Edge of the Map\n\
         author: [Ann Author, Bea Writer]\npublisher: Folio Press\n\
         description: >-\n  Twelve stories of people who keep the lights burning on coasts \
         no one visits, told by those who stayed.\n\nisbn:\n  print: {ISBN}\n"
    )
}

fn load(dir: &tempfile::TempDir) -> Book {
    folio::manuscript::load(dir.path()).expect("the test book loads")
}

/// The cover of `book` for `pages` pages of a 6 x 9 in book, written and read back.
fn cover_pdf(book: &Book, pages: usize) -> (Vec<u8>, Document) {
    let cover = cover::layout(book, (6.0 * INCH, 9.0 * INCH), pages, 0).expect("cover composes");
    let bytes = folio::pdf::write(&cover.layout).expect("cover writes");
    keep(&bytes, &format!("cover-{pages}.pdf"));
    let doc = Document::load_mem(&bytes).unwrap();
    (bytes, doc)
}

/// FOLIO_KEEP_PDF=DIR keeps the written covers for a look.
fn keep(bytes: &[u8], name: &str) {
    if let Ok(dir) = std::env::var("FOLIO_KEEP_PDF") {
        std::fs::write(Path::new(&dir).join(name), bytes).unwrap();
    }
}

fn the_page(doc: &Document) -> &lopdf::Dictionary {
    let pages = doc.get_pages();
    assert_eq!(pages.len(), 1, "a wrap is one sheet");
    doc.get_dictionary(pages[&1]).unwrap()
}

fn rect(page: &lopdf::Dictionary, key: &str) -> [f32; 4] {
    let v: Vec<f32> = page
        .get(key.as_bytes())
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_float().unwrap())
        .collect();
    [v[0], v[1], v[2], v[3]]
}

fn operations(doc: &Document) -> Vec<lopdf::content::Operation> {
    let id = doc.get_pages()[&1];
    Content::decode(&doc.get_page_content(id))
        .unwrap()
        .operations
}

fn floats(op: &lopdf::content::Operation) -> Vec<f32> {
    op.operands.iter().map(|o| o.as_float().unwrap()).collect()
}

#[test]
fn wrap_is_two_trims_plus_spine_plus_bleed_wide() {
    let dir = book_folder(&full_yaml());
    let book = load(&dir);
    for pages in [24, 600] {
        let (_, doc) = cover_pdf(&book, pages);
        let page = the_page(&doc);
        let media = rect(page, "MediaBox");
        let spine = pages as f32 * 0.002252;
        let want_width = 2.0 * 6.0 + spine + 2.0 * 0.125;
        let width = (media[2] - media[0]) / INCH;
        let height = (media[3] - media[1]) / INCH;
        assert!(
            (width - want_width).abs() < 0.01,
            "{pages} pages: {width} in, want {want_width}"
        );
        assert!(
            (height - 9.25).abs() < 0.01,
            "{pages} pages: {height} in high"
        );
        // Trimmed, the wrap is back + spine + front; the bleed box is the whole sheet.
        let trim = rect(page, "TrimBox");
        assert!(((trim[2] - trim[0]) / INCH - (12.0 + spine)).abs() < 0.01);
        assert_eq!(rect(page, "BleedBox"), media);
        // The bleed is even on all four sides.
        let sides = [
            trim[0] - media[0],
            trim[1] - media[1],
            media[2] - trim[2],
            media[3] - trim[3],
        ];
        assert!(sides.iter().all(|s| (s - 9.0).abs() < 0.01), "{sides:?}");
    }
}

/// The `cm` operators that turn a frame: (a, b, c, d) of a rotation.
fn turned_frames(doc: &Document) -> Vec<Vec<f32>> {
    operations(doc)
        .iter()
        .filter(|op| op.operator == "cm")
        .map(floats)
        .filter(|m| m[1].abs() > 0.5)
        .collect()
}

#[test]
fn spine_carries_type_only_when_wide_enough() {
    let dir = book_folder(&full_yaml());
    let book = load(&dir);
    // 24 pages make a 0.054 in spine: nothing on it.
    let (_, thin) = cover_pdf(&book, 24);
    assert!(turned_frames(&thin).is_empty());
    // 600 pages make 1.35 in: the title reads top to bottom along the spine's centre line.
    let (_, thick) = cover_pdf(&book, 600);
    let frames = turned_frames(&thick);
    assert_eq!(frames.len(), 1, "{frames:?}");
    let m = &frames[0];
    assert_eq!(
        m[..4].iter().map(|v| v.round()).collect::<Vec<_>>(),
        [0.0, -1.0, 1.0, 0.0]
    );
    let spine = 600.0 * 0.002252 * INCH;
    assert!((m[4] - (6.0 * INCH + spine / 2.0)).abs() < 0.01, "{m:?}");
    assert!((m[5] - 9.0 * INCH).abs() < 0.01, "{m:?}");
}

/// pdftotext's reading of the cover, or None when it is not installed (skipped visibly).
fn text_of(bytes: &[u8]) -> Option<String> {
    if !common::require_tool("pdftotext", &["-v"]) {
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cover.pdf");
    std::fs::write(&path, bytes).unwrap();
    let out = Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success());
    Some(
        String::from_utf8(out.stdout)
            .unwrap()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    )
}

#[test]
fn typographic_cover_says_title_subtitle_authors_blurb_and_publisher() {
    let dir = book_folder(&full_yaml());
    let (bytes, _) = cover_pdf(&load(&dir), 600);
    let Some(text) = text_of(&bytes) else { return };
    for words in [
        "Stories from the Edge of the Map",
        "Twelve stories of people who keep the lights burning",
        "told by those who stayed.",
        "ISBN 978-0-306-40615-7",
    ] {
        assert!(text.contains(words), "`{words}` missing from: {text}");
    }
    // The title is on the front and on the spine; authors and publisher in small caps
    // extract as their lower-case letters.
    assert!(text.matches("Lighthouse Keepers").count() >= 2, "{text}");
    assert!(text.to_lowercase().contains("ann author"), "{text}");
    assert!(text.to_lowercase().contains("folio press"), "{text}");
}

/// Renders the cover and reads every barcode on it with zbarimg.
fn decoded_barcodes(bytes: &[u8]) -> Option<String> {
    if !common::require_tool("pdftoppm", &["-v"])
        || !common::require_tool("zbarimg", &["--version"])
    {
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("cover.pdf");
    std::fs::write(&pdf, bytes).unwrap();
    let stem = dir.path().join("cover");
    let status = Command::new("pdftoppm")
        .args(["-r", "300", "-gray", "-png", "-singlefile"])
        .arg(&pdf)
        .arg(&stem)
        .status()
        .unwrap();
    assert!(status.success());
    let out = Command::new("zbarimg")
        .args(["--quiet", "--raw", "-Sdisable", "-Sean13.enable"])
        .arg(stem.with_extension("png"))
        .output()
        .unwrap();
    Some(String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

#[test]
fn barcode_decodes_to_the_print_isbn() {
    let dir = book_folder(&full_yaml());
    for pages in [24, 600] {
        let (bytes, _) = cover_pdf(&load(&dir), pages);
        let Some(read) = decoded_barcodes(&bytes) else {
            return;
        };
        assert_eq!(read, "9780306406157", "{pages} pages");
    }
}

#[test]
fn an_isbn_10_is_barcoded_as_its_isbn_13() {
    let dir = book_folder("title: Old Stock\nisbn:\n  print: 0-306-40615-2\n");
    let (bytes, _) = cover_pdf(&load(&dir), 120);
    let Some(read) = decoded_barcodes(&bytes) else {
        return;
    };
    assert_eq!(read, "9780306406157");
}

#[test]
fn every_print_isbn_that_loads_gets_its_barcode() {
    // However the ISBN is written: Unicode hyphens, spaces, an ISBN-10 ending in X, a 979.
    for (written, ean) in [
        (
            "978\u{2010}0\u{2010}306\u{2010}40615\u{2010}7",
            "9780306406157",
        ),
        ("978 0 306 40615 7", "9780306406157"),
        ("0-8044-2957-X", "9780804429573"),
        ("979-10-90636-07-1", "9791090636071"),
    ] {
        let dir = book_folder(&format!("title: Numbered\nisbn:\n  print: {written}\n"));
        let book = load(&dir);
        let cover = cover::layout(&book, (6.0 * INCH, 9.0 * INCH), 120, 0).expect("composes");
        assert!(
            cover.warnings.0.is_empty(),
            "{written}: {:?}",
            cover.warnings
        );
        let bytes = folio::pdf::write(&cover.layout).expect("cover writes");
        if let Some(read) = decoded_barcodes(&bytes) {
            assert_eq!(read, ean, "{written}");
        }
    }
    // A number the cover could not barcode does not load: the error is at its line.
    let dir = book_folder("title: Numbered\nisbn:\n  print: 123-0-306-40615-5\n");
    let diags = folio::manuscript::load(dir.path()).expect_err("not an ISBN");
    let error = diags.0.iter().find(|d| d.is_error()).expect("an error");
    assert!(
        error.message.contains("123-0-306-40615-5"),
        "{}",
        error.message
    );
    assert_eq!(
        error.location.as_ref().map(|l| l.line),
        Some(3),
        "{error:?}"
    );
}

#[test]
fn without_a_print_isbn_there_is_no_barcode() {
    let dir = book_folder("title: No Number\n");
    let (bytes, doc) = cover_pdf(&load(&dir), 120);
    // No filled rectangles at all: the bars and their box are the only fills on a
    // typographic cover.
    assert!(!operations(&doc).iter().any(|op| op.operator == "re"));
    let Some(read) = decoded_barcodes(&bytes) else {
        return;
    };
    assert_eq!(read, "");
}

fn write_png(path: &Path, width: u32, height: u32) {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 251) as u8, (y % 241) as u8, 128])
    });
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    img.save(path).unwrap();
}

#[test]
fn cover_art_fills_the_front_and_its_bleed_and_coarse_art_is_warned_about() {
    let dir = book_folder(&full_yaml());
    // 900 px across a 6.125 in front-and-bleed is 147 ppi: too coarse for print.
    write_png(&dir.path().join("covers/front.png"), 900, 1400);
    let book = load(&dir);
    assert_eq!(
        book.cover.as_ref().map(|c| c.path.as_path()),
        Some(Path::new("covers/front.png"))
    );
    let cover = cover::layout(&book, (6.0 * INCH, 9.0 * INCH), 300, 0).unwrap();
    let warnings: Vec<_> = cover.warnings.0.iter().filter(|d| !d.is_error()).collect();
    assert_eq!(warnings.len(), 1, "{:?}", cover.warnings);
    assert!(
        warnings[0].message.contains("covers/front.png"),
        "{}",
        warnings[0].message
    );
    assert!(warnings[0].message.contains("ppi") || warnings[0].message.contains("pixels an inch"));

    let bytes = folio::pdf::write(&cover.layout).unwrap();
    keep(&bytes, "cover-art.pdf");
    let doc = Document::load_mem(&bytes).unwrap();
    // The image is scaled into the front panel plus its bleed at head, foot and fore-edge.
    let spine = 300.0 * 0.002252 * INCH;
    let image = operations(&doc)
        .iter()
        .filter(|op| op.operator == "cm")
        .map(floats)
        .find(|m| m[0] > 100.0)
        .expect("an image is drawn");
    let want = [
        6.0 * INCH + 9.0,
        0.0,
        0.0,
        9.0 * INCH + 18.0,
        6.0 * INCH + spine,
        -9.0,
    ];
    for (got, want) in image.iter().zip(want) {
        assert!((got - want).abs() < 0.01, "{image:?} vs {want:?}");
    }
    // No typographic title on top of the art.
    if let Some(text) = text_of(&bytes) {
        assert!(!text.contains("Stories from the Edge"), "{text}");
    }
}

#[test]
fn fine_art_raises_no_warning() {
    let dir = book_folder(&full_yaml());
    write_png(&dir.path().join("covers/front.png"), 1900, 2800);
    let cover = cover::layout(&load(&dir), (6.0 * INCH, 9.0 * INCH), 300, 0).unwrap();
    assert!(cover.warnings.is_empty(), "{:?}", cover.warnings);
}

/// Builds the book's cover through the build pipeline, as `folio build` does.
fn build_cover(dir: &tempfile::TempDir) -> PathBuf {
    let out = dir.path().join("out");
    let opts = folio::build::BuildOptions {
        print: Default::default(),
        cache: None,
        root: dir.path().to_path_buf(),
        out_dir: Some(out.clone()),
        editions: vec![&CoverEdition],
        deny_warnings: false,
        allow_preflight_failures: false,
    };
    let report = folio::build::build(&opts).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(report.written.len(), 1);
    report.written[0].0.clone()
}

#[test]
fn the_edition_writes_slug_cover_pdf_sized_from_the_typeset_book() {
    let dir = book_folder(&format!(
        "{}print:\n  trim: 5x8in\n  pdfx: x4\n",
        full_yaml()
    ));
    let path = build_cover(&dir);
    assert_eq!(
        path.file_name().unwrap().to_str().unwrap(),
        "the-lighthouse-keepers-cover.pdf"
    );
    let bytes = std::fs::read(&path).unwrap();
    keep(&bytes, "cover-edition.pdf");
    let doc = Document::load_mem(&bytes).unwrap();
    // The typeset book's page count, through the shared typesetting, gives the spine.
    let book = load(&dir);
    let document = folio::doc::build(&book).unwrap();
    let pages = folio::typeset::typeset(&book, &document, 0)
        .unwrap()
        .layout
        .pages
        .len();
    let media = rect(the_page(&doc), "MediaBox");
    let want = 2.0 * 5.0 + pages as f32 * 0.002252 + 0.25;
    assert!(((media[2] - media[0]) / INCH - want).abs() < 0.01);
    // The book's PDF/X level carries over to its cover.
    assert_eq!(doc.version, "1.6");
    let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
    assert!(doc
        .get_dictionary(root)
        .unwrap()
        .get(b"OutputIntents")
        .is_ok());

    if common::require_tool("qpdf", &["--version"]) {
        let out = Command::new("qpdf")
            .arg("--check")
            .arg(&path)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "qpdf --check: {text}");
        assert!(!text.to_lowercase().contains("warning"), "{text}");
    }
}

#[test]
fn colour_art_in_a_pdfx1a_cover_is_separated_to_cmyk_without_a_warning() {
    // It was printed grey, with a warning, before folio separated to CMYK (issue 15).
    let dir = book_folder(&format!("{}print:\n  pdfx: x1a\n", full_yaml()));
    write_png(&dir.path().join("covers/front.png"), 1900, 2800);
    let cover = cover::layout(&load(&dir), (6.0 * INCH, 9.0 * INCH), 300, 0).unwrap();
    assert!(
        !cover.warnings.0.iter().any(|w| w.message.contains("grey")),
        "{:?}",
        cover.warnings.0
    );
    let doc = Document::load_mem(&folio::pdf::write(&cover.layout).unwrap()).unwrap();
    let spaces = doc
        .objects
        .values()
        .filter(|o| matches!(o, Object::Stream(s) if s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image")))
        .map(|o| o.as_stream().unwrap().dict.get(b"ColorSpace").unwrap().as_name().unwrap().to_vec())
        .collect::<Vec<_>>();
    assert_eq!(spaces, vec![b"DeviceCMYK".to_vec()]);
}

#[test]
fn the_example_book_gets_a_valid_cover() {
    let out = tempfile::tempdir().unwrap();
    let opts = folio::build::BuildOptions {
        print: Default::default(),
        cache: None,
        root: common::repo_root().to_path_buf(),
        out_dir: Some(out.path().to_path_buf()),
        editions: vec![&CoverEdition],
        deny_warnings: false,
        allow_preflight_failures: false,
    };
    let report = folio::build::build(&opts).unwrap_or_else(|d| panic!("{d}"));
    let path = &report.written[0].0;
    assert!(
        path.ends_with("seen-read-heard-january-2015-cover.pdf"),
        "{path:?}"
    );
    let bytes = std::fs::read(path).unwrap();
    keep(&bytes, "cover-example.pdf");
    let doc = Document::load_mem(&bytes).unwrap();
    the_page(&doc);
    if let Some(text) = text_of(&bytes) {
        assert!(text.contains("Reviews, reportage and analysis"), "{text}");
        assert!(text.contains("A month of a journalist"), "{text}");
    }
    if common::require_tool("qpdf", &["--version"]) {
        let out = Command::new("qpdf")
            .arg("--check")
            .arg(path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

/// `folio build --cover`, the README's command for a printer, makes the interior and the
/// e-book with the wrap; named editions are made as named.
#[test]
fn cover_alone_adds_the_wrap_to_the_editions_of_the_text() {
    let dir = book_folder(&full_yaml());
    let out = dir.path().join("out");
    let run = |flags: &[&str]| {
        let _ = std::fs::remove_dir_all(&out);
        let mut args = vec!["build", dir.path().to_str().unwrap(), "--out"];
        args.push(out.to_str().unwrap());
        args.extend_from_slice(flags);
        let o = common::folio(&args, &[]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let mut names: Vec<String> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    assert_eq!(
        run(&["--cover"]),
        [
            "the-lighthouse-keepers-cover.pdf",
            "the-lighthouse-keepers.epub",
            "the-lighthouse-keepers.pdf"
        ]
    );
    assert_eq!(
        run(&["--pdf", "--cover"]),
        [
            "the-lighthouse-keepers-cover.pdf",
            "the-lighthouse-keepers.pdf"
        ]
    );
}

fn kdp_yaml() -> String {
    format!("{}print:\n  profile: kdp\n", full_yaml())
}

/// KDP prints spine text from 79 pages: a 90-page book's 0.2 in spine carries the title,
/// scaled to keep 1/16 in from each fold; a 60-page book's is blank, and folio says so at the
/// profile's line.
#[test]
fn kdp_spine_text_from_79_pages_and_a_warning_below() {
    let dir = book_folder(&kdp_yaml());
    let book = load(&dir);
    let trim = (6.0 * INCH, 9.0 * INCH);
    let ninety = cover::layout(&book, trim, 90, 0).unwrap();
    assert!(ninety.warnings.is_empty(), "{}", ninety.warnings);
    let (bytes, doc) = cover_pdf(&book, 90);
    assert_eq!(turned_frames(&doc).len(), 1, "the title is on the spine");
    if let Some(text) = text_of(&bytes) {
        assert!(text.contains("THE LIGHTHOUSE KEEPERS"), "{text}");
    }
    let sixty = cover::layout(&book, trim, 60, 0).unwrap();
    let warnings: Vec<String> = sixty.warnings.0.iter().map(|d| d.to_string()).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("KDP prints spine text from 79 pages, and the book has 60"),
        "{warnings:?}"
    );
    assert!(warnings[0].contains("book.yaml:"), "{warnings:?}");
    let (_, doc) = cover_pdf(&book, 60);
    assert!(turned_frames(&doc).is_empty());
}

/// IngramSpark does not add a barcode: a cover without `isbn.print` is refused.
#[test]
fn an_ingramspark_cover_needs_the_print_isbn() {
    let dir = book_folder("title: No Number\nprint:\n  profile: ingramspark\n  pdfx: x4\n");
    let Err(errors) = cover::layout(&load(&dir), (6.0 * INCH, 9.0 * INCH), 200, 0) else {
        panic!("an IngramSpark cover without an ISBN was composed");
    };
    let text = errors.to_string();
    assert!(text.contains("must carry the ISBN's barcode"), "{text}");
    assert!(text.contains("book.yaml:"), "{text}");
}

/// The price add-on: zbarimg reads the ISBN and the five digits back from the rendering.
#[test]
fn the_price_add_on_reads_back_with_the_isbn() {
    let dir = book_folder(&format!("{}print:\n  price: \"51299\"\n", full_yaml()));
    let (bytes, _) = cover_pdf(&load(&dir), 200);
    if !common::require_tool("pdftoppm", &["-v"])
        || !common::require_tool("zbarimg", &["--version"])
    {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let pdf = tmp.path().join("cover.pdf");
    std::fs::write(&pdf, &bytes).unwrap();
    let stem = tmp.path().join("cover");
    let status = Command::new("pdftoppm")
        .args(["-r", "300", "-gray", "-png", "-singlefile"])
        .arg(&pdf)
        .arg(&stem)
        .status()
        .unwrap();
    assert!(status.success());
    let out = Command::new("zbarimg")
        .args(["--quiet", "-Sdisable", "-Sean13.enable", "-Sean5.enable"])
        .arg(stem.with_extension("png"))
        .output()
        .unwrap();
    let read = String::from_utf8_lossy(&out.stdout);
    assert!(read.contains("9780306406157"), "{read}");
    assert!(read.contains("51299"), "{read}");
    // A price that is not five digits is refused at its key.
    let bad = book_folder(&format!("{}print:\n  price: 12.99\n", full_yaml()));
    let Err(d) = folio::manuscript::load(bad.path()) else {
        panic!("a bad price loaded");
    };
    assert!(d.to_string().contains("not an EAN-5 price"), "{d}");
}

/// Back copy, barcode, spine and front type keep inside the cover's safe zones, read from
/// the PDF's ink: the trimmed wrap rendered (PyMuPDF, 150 dpi, grey), each panel's dark
/// pixels boxed and held against the trim, the folds and the profile's margins. Ink that
/// crossed a fold would land in the next panel within its safe margin and fail there.
#[test]
fn cover_ink_stays_inside_its_safe_zones() {
    if !common::require_python_module("fitz") {
        return;
    }
    let dir = book_folder(&kdp_yaml());
    let book = load(&dir);
    for pages in [90, 300] {
        let (bytes, _) = cover_pdf(&book, pages);
        let tmp = tempfile::tempdir().unwrap();
        let pdf = tmp.path().join("cover.pdf");
        std::fs::write(&pdf, &bytes).unwrap();
        let spine = pages as f32 * 0.002252;
        // Each panel's ink box in inches from the trim's left and top: x0 y0 x1 y1.
        let script = "import sys, fitz\n\
            p = fitz.open(sys.argv[1])[0]; t = p.trimbox; dpi = 150\n\
            pm = p.get_pixmap(dpi=dpi, colorspace=fitz.csGRAY, clip=t)\n\
            w, h, s = pm.width, pm.height, pm.samples\n\
            folds = [0, round(6 * dpi), round((6 + float(sys.argv[2])) * dpi), w]\n\
            for i in range(3):\n\
            \x20   xs, ys = [], []\n\
            \x20   for y in range(h):\n\
            \x20       row = s[y * w + folds[i]: y * w + folds[i + 1]]\n\
            \x20       dark = [x for x, v in enumerate(row) if v < 160]\n\
            \x20       if dark: xs += [dark[0] + folds[i], dark[-1] + folds[i] + 1]; ys += [y, y + 1]\n\
            \x20   print(*(round(v / dpi, 3) for v in (min(xs), min(ys), max(xs), max(ys))) if xs else 'none')\n";
        let out = Command::new("python3")
            .args(["-c", script])
            .arg(&pdf)
            .arg(spine.to_string())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let boxes: Vec<Vec<f32>> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| {
                l.split(' ')
                    .map(|v| v.parse().unwrap_or(f32::NAN))
                    .collect()
            })
            .collect();
        assert_eq!(boxes.len(), 3, "{boxes:?}");
        let px = 1.0 / 150.0;
        let (safe, fold) = (0.25 - px, 0.0625 - px);
        let (back, spine_ink, front) = (&boxes[0], &boxes[1], &boxes[2]);
        let right_of_spine = 6.0 + spine;
        for (name, b, left, right, margin) in [
            ("back", back, 0.0, 6.0, safe),
            ("spine", spine_ink, 6.0, right_of_spine, fold),
            ("front", front, right_of_spine, right_of_spine + 6.0, safe),
        ] {
            assert!(
                b.iter().all(|v| v.is_finite()),
                "{pages} pages: no ink on the {name}"
            );
            assert!(
                b[0] >= left + margin && b[2] <= right - margin,
                "{pages} pages: {name} ink {b:?} in, panel {left}..{right}, margin {margin}"
            );
            assert!(
                b[1] >= safe && b[3] <= 9.0 - safe,
                "{pages} pages: {name} ink {b:?} within 0.25 in of head or foot"
            );
        }
        eprintln!("{pages} pages, spine {spine:.3} in: ink {boxes:?}");
    }
}
