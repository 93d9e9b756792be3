//! Print-ready PDFs read back, not trusted: page boxes with bleed, and every property PDF/X-4
//! and PDF/X-1a ask of a file (version, output intent with an embedded ICC profile,
//! GTS_PDFXVersion in Info and XMP, Trapped, Title, no transparency, fonts embedded, and for
//! X-1a no RGB anywhere), then qpdf --check, pdffonts and Ghostscript; X-1a:2001 beside
//! :2003; and the cover for the press at every level: art separated to CMYK under folio's
//! CMYK intent, its total ink measured on the decoded samples, still in colour.

mod common;
mod pdf_fixture;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object};
use pdf_fixture::*;

use folio::page::{Layout, PdfX, PrintSetup};

fn with_print(bleed: f32, pdfx: Option<PdfX>) -> Layout {
    Layout {
        print: PrintSetup {
            bleed,
            bleed_all_edges: false,
            pdfx,
            cream_paper: false,
            cmyk_ink_limit: None,
            output_condition: None,
        },
        ..book()
    }
}

fn written(layout: &Layout) -> (Vec<u8>, Document) {
    let bytes = folio::pdf::write(layout).expect("the writer accepts the layout");
    let doc = Document::load_mem(&bytes).expect("lopdf reads the written PDF");
    (bytes, doc)
}

/// Every operator of every page's content, asserting that none sets a colour space other
/// than DeviceGray (`g`, `G` are the only colour operators allowed).
fn page_operators(doc: &Document, what: &str) -> Vec<String> {
    let mut operators = Vec::new();
    for (_, id) in doc.get_pages() {
        let content = Content::decode(&doc.get_page_content(id)).unwrap();
        for op in content.operations {
            assert!(
                !matches!(
                    op.operator.as_str(),
                    "rg" | "RG" | "k" | "K" | "sc" | "scn" | "SC" | "SCN" | "cs" | "CS"
                ),
                "colour operator {} on {what}",
                op.operator
            );
            operators.push(op.operator);
        }
    }
    operators
}

fn catalog(doc: &Document) -> &Dictionary {
    let id = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
    doc.get_dictionary(id).unwrap()
}

fn info(doc: &Document) -> &Dictionary {
    let id = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    doc.get_dictionary(id).unwrap()
}

fn resolve<'a>(doc: &'a Document, obj: &'a Object) -> &'a Object {
    doc.dereference(obj).unwrap().1
}

/// A PDF text string (PDFDocEncoding ASCII or UTF-16BE with its byte order mark).
fn string(obj: &Object) -> String {
    let bytes = obj.as_str().unwrap();
    match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(utf16) => {
            let units: Vec<u16> = utf16
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16(&units).unwrap()
        }
        None => String::from_utf8(bytes.to_vec()).unwrap(),
    }
}

fn xmp(doc: &Document) -> String {
    let stream = resolve(doc, catalog(doc).get(b"Metadata").unwrap())
        .as_stream()
        .unwrap();
    String::from_utf8(stream.content.clone()).unwrap()
}

#[test]
fn bleed_grows_the_media_box_on_the_outside_edges_only() {
    let (_, doc) = written(&with_print(9.0, None));
    for (index, id) in doc.get_pages().into_values().enumerate() {
        let page = doc.get_dictionary(id).unwrap();
        let media = common::numbers(page.get(b"MediaBox").unwrap());
        // Rectos (even indices) bleed at the right, versos at the left; both at head and foot.
        // The MediaBox starts at 0 0 and the trim box sits inside it, moved by the bleed.
        assert_eq!(
            media,
            vec![0.0, 0.0, WIDTH + 9.0, HEIGHT + 18.0],
            "page {}",
            index + 1
        );
        let trim_left = if index % 2 == 0 { 0.0 } else { 9.0 };
        assert_eq!(common::numbers(page.get(b"BleedBox").unwrap()), media);
        assert_eq!(
            common::numbers(page.get(b"TrimBox").unwrap()),
            vec![trim_left, 9.0, trim_left + WIDTH, 9.0 + HEIGHT]
        );
        // The drawing moves with the trim box: the page's content starts with that shift.
        let content = String::from_utf8_lossy(&doc.get_page_content(id)).into_owned();
        assert!(
            content.starts_with(&format!("1 0 0 1 {trim_left} 9 cm")),
            "page {}: {}",
            index + 1,
            &content[..40.min(content.len())]
        );
        assert!(
            page.get(b"CropBox").is_err(),
            "no CropBox to cut the bleed off"
        );
    }
}

#[test]
fn a_cover_bleeds_on_all_four_edges() {
    let mut layout = with_print(9.0, None);
    layout.print.bleed_all_edges = true;
    let (_, doc) = written(&layout);
    for id in doc.get_pages().into_values() {
        let page = doc.get_dictionary(id).unwrap();
        assert_eq!(
            common::numbers(page.get(b"MediaBox").unwrap()),
            vec![0.0, 0.0, WIDTH + 18.0, HEIGHT + 18.0]
        );
        assert_eq!(
            common::numbers(page.get(b"TrimBox").unwrap()),
            vec![9.0, 9.0, WIDTH + 9.0, HEIGHT + 9.0]
        );
    }
}

#[test]
fn without_bleed_there_is_no_bleed_box() {
    let (_, doc) = written(&with_print(0.0, None));
    for id in doc.get_pages().into_values() {
        let page = doc.get_dictionary(id).unwrap();
        assert!(page.get(b"BleedBox").is_err());
        assert_eq!(
            common::numbers(page.get(b"MediaBox").unwrap()),
            vec![0.0, 0.0, WIDTH, HEIGHT]
        );
    }
    assert!(catalog(&doc).get(b"OutputIntents").is_err());
}

/// Reads the ICC profile's header and tag table from the file and checks they are whole.
fn check_icc(profile: &[u8]) {
    let u32_at = |at: usize| u32::from_be_bytes(profile[at..at + 4].try_into().unwrap());
    assert_eq!(u32_at(0) as usize, profile.len(), "declared size");
    assert_eq!(&profile[12..16], b"prtr", "an output profile");
    assert_eq!(&profile[16..20], b"GRAY");
    assert_eq!(&profile[20..24], b"XYZ ");
    assert_eq!(&profile[36..40], b"acsp");
    let count = u32_at(128) as usize;
    let mut sigs = Vec::new();
    for i in 0..count {
        let at = 132 + 12 * i;
        let (offset, size) = (u32_at(at + 4) as usize, u32_at(at + 8) as usize);
        assert!(offset + size <= profile.len());
        sigs.push(String::from_utf8(profile[at..at + 4].to_vec()).unwrap());
    }
    sigs.sort();
    assert_eq!(sigs, ["cprt", "desc", "kTRC", "wtpt"]);
}

/// Every property PDF/X asks of a file, as far as it can be read from the file itself.
fn check_pdfx(doc: &Document, version: &str, header: &str) {
    assert_eq!(doc.version, header);

    let intents = resolve(doc, catalog(doc).get(b"OutputIntents").unwrap())
        .as_array()
        .unwrap();
    assert_eq!(intents.len(), 1);
    let intent = resolve(doc, &intents[0]).as_dict().unwrap();
    assert_eq!(
        intent.get(b"Type").unwrap().as_name().unwrap(),
        b"OutputIntent"
    );
    assert_eq!(intent.get(b"S").unwrap().as_name().unwrap(), b"GTS_PDFX");
    assert!(!string(intent.get(b"OutputConditionIdentifier").unwrap()).is_empty());
    let profile = resolve(doc, intent.get(b"DestOutputProfile").unwrap())
        .as_stream()
        .unwrap();
    assert_eq!(profile.dict.get(b"N").unwrap().as_i64().unwrap(), 1);
    check_icc(
        &profile
            .decompressed_content()
            .unwrap_or(profile.content.clone()),
    );

    let info = info(doc);
    assert_eq!(string(info.get(b"GTS_PDFXVersion").unwrap()), version);
    assert_eq!(info.get(b"Trapped").unwrap().as_name().unwrap(), b"False");
    assert!(!string(info.get(b"Title").unwrap()).is_empty());

    let xmp = xmp(doc);
    assert!(
        xmp.contains("xmlns:pdfxid=\"http://www.npes.org/pdfx/ns/id/\""),
        "{xmp}"
    );
    assert!(
        xmp.contains(&format!(
            "<pdfxid:GTS_PDFXVersion>{version}</pdfxid:GTS_PDFXVersion>"
        )),
        "{xmp}"
    );
    assert!(xmp.contains("<pdf:Trapped>False</pdf:Trapped>"), "{xmp}");
    assert!(xmp.contains("<xmpMM:DocumentID>uuid:"), "{xmp}");
    assert!(xmp.contains("<dc:title>"), "{xmp}");

    // No transparency anywhere: no soft masks, no constant alpha below 1, no groups; no
    // annotations (PDF/X allows none inside the bleed box).
    for (id, object) in &doc.objects {
        let dict = match object {
            Object::Dictionary(d) => d,
            Object::Stream(s) => &s.dict,
            _ => continue,
        };
        for key in [&b"SMask"[..], b"Group", b"Annots"] {
            assert!(
                dict.get(key).is_err(),
                "object {id:?} has /{}",
                String::from_utf8_lossy(key)
            );
        }
        for key in [&b"CA"[..], b"ca"] {
            if let Ok(alpha) = dict.get(key) {
                assert!(
                    alpha.as_float().unwrap() >= 1.0,
                    "object {id:?} is transparent"
                );
            }
        }
        // Every font is embedded: each descriptor carries its font program.
        if dict.get(b"Type").and_then(Object::as_name).ok() == Some(b"FontDescriptor") {
            assert!(
                ["FontFile", "FontFile2", "FontFile3"]
                    .iter()
                    .any(|k| dict.get(k.as_bytes()).is_ok()),
                "font descriptor {id:?} without a font program"
            );
        }
    }
    // Page content paints in DeviceGray only (`g`, `G`): no RGB, CMYK or other colour
    // space operators.
    page_operators(doc, "a PDF/X page");
    // Every page has a TrimBox inside its BleedBox inside its MediaBox.
    for id in doc.get_pages().into_values() {
        let page = doc.get_dictionary(id).unwrap();
        let media = common::numbers(page.get(b"MediaBox").unwrap());
        let trim = common::numbers(page.get(b"TrimBox").unwrap());
        let bleed = page
            .get(b"BleedBox")
            .map(common::numbers)
            .unwrap_or(media.clone());
        let inside =
            |a: &[f32], b: &[f32]| a[0] >= b[0] && a[1] >= b[1] && a[2] <= b[2] && a[3] <= b[3];
        assert!(inside(&trim, &bleed) && inside(&bleed, &media));
    }
}

fn qpdf_check(bytes: &[u8], name: &str) {
    // FOLIO_KEEP_PDF=DIR keeps the files for a look with other tools.
    if let Ok(dir) = std::env::var("FOLIO_KEEP_PDF") {
        std::fs::write(std::path::Path::new(&dir).join(name), bytes).unwrap();
    }
    if !common::require_tool("qpdf", &["--version"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.pdf");
    std::fs::write(&path, bytes).unwrap();
    let out = std::process::Command::new("qpdf")
        .arg("--check")
        .arg(&path)
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "qpdf --check failed:\n{text}");
    assert!(!text.to_lowercase().contains("warning"), "{text}");
    fonts_embedded_and_ghostscript_quiet(&path, name);
}

/// pdffonts lists every font as embedded, and Ghostscript renders every page without a word
/// (it prints its warnings and repairs on stdout or stderr even with -q).
fn fonts_embedded_and_ghostscript_quiet(path: &std::path::Path, name: &str) {
    if common::require_tool("pdffonts", &["-v"]) {
        let out = std::process::Command::new("pdffonts")
            .arg(path)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        let rows: Vec<&str> = text.lines().skip(2).collect();
        assert!(!rows.is_empty(), "{name}: no fonts?\n{text}");
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            assert_eq!(cols[cols.len() - 5], "yes", "{name}: not embedded: {row}");
        }
    }
    if common::require_tool("gs", &["--version"]) {
        let out = std::process::Command::new("gs")
            .args(["-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=nullpage"])
            .arg(path)
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{name}: Ghostscript failed:\n{said}");
        assert!(said.trim().is_empty(), "{name}: Ghostscript said:\n{said}");
    }
}

#[test]
fn pdfx4_file_has_what_the_standard_asks() {
    let (bytes, doc) = written(&with_print(9.0, Some(PdfX::X4)));
    check_pdfx(&doc, "PDF/X-4", "1.6");
    assert!(bytes.starts_with(b"%PDF-1.6"));

    // Colour images are device-independent (ICC-based sRGB): with a grey output intent,
    // PDF/X-4 allows no DeviceRGB. Grey images stay DeviceGray.
    let mut spaces = Vec::new();
    for object in doc.objects.values() {
        let Object::Stream(s) = object else { continue };
        if s.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Image") {
            continue;
        }
        match s.dict.get(b"ColorSpace").unwrap() {
            Object::Name(n) => spaces.push(String::from_utf8(n.clone()).unwrap()),
            Object::Array(a) => {
                assert_eq!(a[0].as_name().unwrap(), b"ICCBased");
                let profile = resolve(&doc, &a[1]).as_stream().unwrap();
                assert_eq!(profile.dict.get(b"N").unwrap().as_i64().unwrap(), 3);
                let bytes = profile
                    .decompressed_content()
                    .unwrap_or(profile.content.clone());
                assert_eq!(&bytes[12..20], b"mntrRGB ");
                assert_eq!(
                    u32::from_be_bytes(bytes[..4].try_into().unwrap()) as usize,
                    bytes.len()
                );
                spaces.push("ICCBased".into());
            }
            other => panic!("image colour space {other:?}"),
        }
    }
    spaces.sort();
    assert_eq!(spaces, ["DeviceGray", "ICCBased"]);
    qpdf_check(&bytes, "pdfx4.pdf");
}

/// No RGB anywhere in an X-1a file: no DeviceRGB (or CalRGB, or ICC-based) colour space
/// named in any object, images in grey or CMYK, and no RGB colour operators on any page.
/// Returns how many images the pages draw.
fn assert_no_rgb(doc: &Document) -> usize {
    for (id, object) in &doc.objects {
        let dict = match object {
            Object::Dictionary(d) => d,
            Object::Stream(s) => &s.dict,
            _ => continue,
        };
        for (_, value) in dict.iter() {
            if let Ok(name) = value.as_name() {
                assert!(
                    !name.ends_with(b"RGB") && name != b"ICCBased",
                    "object {id:?} names {}",
                    String::from_utf8_lossy(name)
                );
            }
        }
        if dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image") {
            let space = dict.get(b"ColorSpace").unwrap().as_name().unwrap();
            assert!(
                space == b"DeviceGray" || space == b"DeviceCMYK",
                "image {id:?} in {}",
                String::from_utf8_lossy(space)
            );
        }
    }
    page_operators(doc, "a PDF/X-1a page")
        .iter()
        .filter(|op| *op == "Do")
        .count()
}

#[test]
fn pdfx1a_file_has_what_the_standard_asks_and_no_rgb() {
    let (bytes, doc) = written(&with_print(9.0, Some(PdfX::X1a)));
    check_pdfx(&doc, "PDF/X-1a:2003", "1.4");
    assert!(bytes.starts_with(b"%PDF-1.4"));
    // The 2003 part has no conformance key: the version names the level.
    assert!(info(&doc).get(b"GTS_PDFXConformance").is_err());
    assert!(!xmp(&doc).contains("GTS_PDFXConformance"));
    assert_eq!(assert_no_rgb(&doc), 2, "both images are still drawn");
    qpdf_check(&bytes, "pdfx1a.pdf");
}

#[test]
fn pdfx1a_2001_file_says_the_2001_part_in_header_version_and_conformance() {
    let (bytes, doc) = written(&with_print(9.0, Some(PdfX::X1a2001)));
    // ISO 15930-1: PDF 1.3, GTS_PDFXVersion names the part (PDF/X-1:2001) and
    // GTS_PDFXConformance the level (PDF/X-1a:2001).
    check_pdfx(&doc, "PDF/X-1:2001", "1.3");
    assert!(bytes.starts_with(b"%PDF-1.3"));
    assert_eq!(
        string(info(&doc).get(b"GTS_PDFXConformance").unwrap()),
        "PDF/X-1a:2001"
    );
    assert!(
        xmp(&doc).contains("<pdfx:GTS_PDFXConformance>PDF/X-1a:2001</pdfx:GTS_PDFXConformance>")
    );
    assert_eq!(assert_no_rgb(&doc), 2, "both images are still drawn");
    // Nothing newer than PDF 1.3 in the file's structure: no cross-reference or object
    // streams (PDF 1.5).
    for object in doc.objects.values() {
        if let Object::Stream(s) = object {
            let ty = s.dict.get(b"Type").and_then(Object::as_name).ok();
            assert!(ty != Some(b"XRef") && ty != Some(b"ObjStm"), "{ty:?}");
        }
    }
    qpdf_check(&bytes, "pdfx1a-2001.pdf");
}

#[test]
fn the_pdfx_names_of_book_yaml_are_the_explicit_levels() {
    assert_eq!(PdfX::parse("x4"), Some(PdfX::X4));
    // `x1a`, as folio has always read it, stays the 2003 part.
    assert_eq!(PdfX::parse("x1a"), Some(PdfX::X1a));
    assert_eq!(PdfX::parse("x1a-2003"), Some(PdfX::X1a));
    assert_eq!(PdfX::parse("X1A-2001"), Some(PdfX::X1a2001));
    assert_eq!(PdfX::parse("x1a:2001"), None);
}

#[test]
fn the_fixture_without_pdfx_keeps_its_links_and_rgb_image() {
    // The same book not for the press: proof that the checks above are not vacuous.
    let (_, doc) = written(&with_print(0.0, None));
    let annots = doc
        .get_pages()
        .into_values()
        .filter(|id| doc.get_dictionary(*id).unwrap().get(b"Annots").is_ok())
        .count();
    assert!(annots > 0);
    let rgb = doc.objects.values().any(|o| {
        matches!(o, Object::Stream(s) if s.dict.get(b"ColorSpace").and_then(Object::as_name).ok() == Some(b"DeviceRGB"))
    });
    assert!(rgb);
}

#[test]
fn pdfx_output_is_reproducible() {
    let layout = with_print(9.0, Some(PdfX::X4));
    assert_eq!(written(&layout).0, written(&layout).0);
}

/// PyMuPDF reads a bled page's text where it prints: with the MediaBox at 0 0, its trim
/// box and its text coordinates agree (on a negative origin they were 9 pt apart).
#[test]
fn pymupdf_finds_the_text_where_the_trim_box_says() {
    if !common::require_python_module("fitz") {
        return;
    }
    let layout = with_print(9.0, None);
    let (bytes, _) = written(&layout);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bled.pdf");
    std::fs::write(&path, &bytes).unwrap();
    // The first span of each page, from the trim box's lower-left corner, y upwards.
    let script = "import sys, fitz\n\
        for p in fitz.open(sys.argv[1]):\n\
        \x20   t = p.trimbox\n\
        \x20   s = [s for b in p.get_text('dict')['blocks'] for l in b.get('lines', []) for s in l['spans']]\n\
        \x20   print(round(s[0]['origin'][0] - t.x0, 1), round(t.y1 - s[0]['origin'][1], 1)) if s else print('none')\n";
    let out = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(&path)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let found: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(found.len(), layout.pages.len());
    let mut compared = 0;
    for (index, (page, line)) in layout.pages.iter().zip(&found).enumerate() {
        let Some(run) = page.items.iter().find_map(|item| match item {
            folio::page::PageItem::Text(run) if !run.glyphs.is_empty() => Some(run),
            _ => None,
        }) else {
            continue;
        };
        let xy: Vec<f32> = line
            .split(' ')
            .map(|v| v.parse().unwrap_or(f32::NAN))
            .collect();
        assert!(
            (xy[0] - run.x).abs() < 1.0 && (xy[1] - run.y).abs() < 1.0,
            "page {}: PyMuPDF finds the first text at {line}, the layout put it at {} {}",
            index + 1,
            run.x,
            run.y
        );
        compared += 1;
    }
    assert!(compared >= 2, "rectos and versos compared");
}

/// The output intent names the book's paper: cream when `paper: cream`, else white.
#[test]
fn the_output_intent_names_the_paper() {
    for (cream, shade) in [(false, "white"), (true, "cream")] {
        let mut layout = with_print(0.0, Some(PdfX::X4));
        layout.print.cream_paper = cream;
        let (_, doc) = written(&layout);
        let intents = catalog(&doc)
            .get(b"OutputIntents")
            .unwrap()
            .as_array()
            .unwrap();
        let intent = resolve(&doc, &intents[0]).as_dict().unwrap();
        let condition = string(intent.get(b"OutputCondition").unwrap());
        assert!(condition.contains(&format!("on {shade} ")), "{condition}");
    }
}

// The cover for the press: its art separated to CMYK (issue 15).

/// A cover of a small IngramSpark book at `pdfx` (a book.yaml value), with colour art: a hue
/// sweep from white through full colour to black, the kind of art a naive conversion
/// floods with ink.
fn press_cover(pdfx: &str) -> (Vec<u8>, Document) {
    press_cover_with(pdfx, |covers| {
        let (w, h) = (1900u32, 2800u32);
        let art = image::RgbImage::from_fn(w, h, |x, y| {
            // Hue across, white to full colour to black down.
            let hue = x as f32 / w as f32 * 6.0;
            let t = y as f32 / h as f32;
            let (full, dark) = ((2.0 * t).min(1.0), (2.0 - 2.0 * t).min(1.0));
            let channel = |offset: f32| {
                let d = ((hue - offset).rem_euclid(6.0) - 3.0).abs();
                let c = (d - 1.0).clamp(0.0, 1.0);
                let v = (1.0 - full + full * c) * dark;
                (v * 255.0).round() as u8
            };
            image::Rgb([channel(0.0), channel(2.0), channel(4.0)])
        });
        art.save(covers.join("front.png")).unwrap();
    })
}

/// A cover of a small IngramSpark book at `pdfx`, its art written into covers/ by `art`.
fn press_cover_with(pdfx: &str, art: impl FnOnce(&std::path::Path)) -> (Vec<u8>, Document) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("manuscript")).unwrap();
    std::fs::create_dir_all(root.join("covers")).unwrap();
    std::fs::write(
        root.join("manuscript/book.yaml"),
        format!(
            "title: The Lighthouse Keepers\nauthor: Ann Author\nisbn:\n  print: 978-0-306-40615-7\n\
             print:\n  profile: ingramspark\n  pdfx: {pdfx}\n"
        ),
    )
    .unwrap();
    std::fs::write(root.join("manuscript/01-one.md"), "# One\n\nA chapter.\n").unwrap();
    art(&root.join("covers"));
    let book = folio::manuscript::load(root).expect("the test book loads");
    let cover = folio::cover::layout(&book, (6.0 * 72.0, 9.0 * 72.0), 120, 0).unwrap();
    let bytes = folio::pdf::write(&cover.layout).expect("the cover writes");
    let doc = Document::load_mem(&bytes).unwrap();
    (bytes, doc)
}

/// The CMYK image of a cover: width, height and samples (4 bytes a pixel).
fn cmyk_art(doc: &Document) -> (usize, usize, Vec<u8>) {
    let images: Vec<&lopdf::Stream> = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image"))
        .collect();
    assert_eq!(images.len(), 1, "the art, once");
    let s = images[0];
    assert_eq!(
        s.dict.get(b"ColorSpace").unwrap().as_name().unwrap(),
        b"DeviceCMYK"
    );
    assert_eq!(
        s.dict.get(b"BitsPerComponent").unwrap().as_i64().unwrap(),
        8
    );
    let w = s.dict.get(b"Width").unwrap().as_i64().unwrap() as usize;
    let h = s.dict.get(b"Height").unwrap().as_i64().unwrap() as usize;
    assert_eq!(
        s.dict.get(b"Filter").unwrap().as_name().unwrap(),
        b"FlateDecode"
    );
    let samples = s.decompressed_content().unwrap();
    assert_eq!(samples.len(), w * h * 4);
    (w, h, samples)
}

/// The cover's output intent: folio's CMYK condition, its profile embedded and whole.
fn check_cmyk_intent(doc: &Document, ink_limit: u32) -> Vec<u8> {
    let intents = resolve(doc, catalog(doc).get(b"OutputIntents").unwrap())
        .as_array()
        .unwrap();
    assert_eq!(intents.len(), 1);
    let intent = resolve(doc, &intents[0]).as_dict().unwrap();
    assert_eq!(intent.get(b"S").unwrap().as_name().unwrap(), b"GTS_PDFX");
    assert_eq!(
        string(intent.get(b"OutputConditionIdentifier").unwrap()),
        "Custom"
    );
    let condition = string(intent.get(b"OutputCondition").unwrap());
    assert!(
        condition.contains("coated") && condition.contains(&format!("{ink_limit}% total ink")),
        "{condition}"
    );
    let profile = resolve(doc, intent.get(b"DestOutputProfile").unwrap())
        .as_stream()
        .unwrap();
    assert_eq!(profile.dict.get(b"N").unwrap().as_i64().unwrap(), 4);
    let icc = profile.decompressed_content().unwrap();
    assert_eq!(
        u32::from_be_bytes(icc[..4].try_into().unwrap()) as usize,
        icc.len()
    );
    assert_eq!(
        &icc[12..24],
        b"prtrCMYKLab ",
        "a CMYK output profile, Lab PCS"
    );
    assert_eq!(&icc[36..40], b"acsp");
    icc
}

#[test]
fn the_cover_art_is_separated_to_cmyk_in_colour_within_the_ink_limit_at_every_level() {
    // IngramSpark's limit: 240 % total ink on the cover.
    let limit = 240u32;
    for (pdfx, header, version, conformance) in [
        ("x1a-2001", "1.3", "PDF/X-1:2001", Some("PDF/X-1a:2001")),
        ("x1a-2003", "1.4", "PDF/X-1a:2003", None),
        ("x1a", "1.4", "PDF/X-1a:2003", None),
        ("x4", "1.6", "PDF/X-4", None),
    ] {
        let (bytes, doc) = press_cover(pdfx);
        assert!(
            bytes.starts_with(format!("%PDF-{header}").as_bytes()),
            "{pdfx}"
        );
        assert_eq!(doc.version, header, "{pdfx}");
        let info = info(&doc);
        assert_eq!(string(info.get(b"GTS_PDFXVersion").unwrap()), version);
        assert_eq!(
            info.get(b"GTS_PDFXConformance").ok().map(string).as_deref(),
            conformance,
            "{pdfx}"
        );
        let xmp = xmp(&doc);
        assert!(
            xmp.contains(&format!(
                "<pdfxid:GTS_PDFXVersion>{version}</pdfxid:GTS_PDFXVersion>"
            )),
            "{pdfx}: {xmp}"
        );
        check_cmyk_intent(&doc, limit);
        // No RGB anywhere, X-4 included: its art is separated too, under a CMYK intent.
        assert_no_rgb(&doc);

        let (w, h, samples) = cmyk_art(&doc);
        // Converted once, at the press's 300 ppi: the front and its bleed are 6.25 x 9.25 in.
        assert!(
            h <= (9.25f32 * 300.0).round() as usize + 1,
            "{pdfx}: {h} px high"
        );
        assert!(
            w <= (6.25f32 * 300.0).round() as usize + 1,
            "{pdfx}: {w} px wide"
        );
        // Total ink of every pixel within the limit; the darkest parts come near it (the
        // limit is what holds them back, not an art that needs little ink).
        let inks: Vec<u32> = samples
            .chunks_exact(4)
            .map(|p| p.iter().map(|&v| u32::from(v)).sum::<u32>() * 100)
            .collect();
        let most = *inks.iter().max().unwrap() as f32 / 255.0;
        assert!(most <= limit as f32, "{pdfx}: {most:.1}% total ink");
        assert!(most > limit as f32 - 15.0, "{pdfx}: at most {most:.1}%");
        // Still in colour: in most pixels of the upper half cyan, magenta and yellow differ
        // widely (grey art would carry them equal, or black alone).
        let upper = &samples[..samples.len() / 2];
        let coloured = upper
            .chunks_exact(4)
            .filter(|p| {
                let (lo, hi) = (p[0].min(p[1]).min(p[2]), p[0].max(p[1]).max(p[2]));
                hi - lo > 100
            })
            .count();
        assert!(
            coloured * 2 > upper.len() / 4,
            "{pdfx}: {coloured} of {} pixels in colour",
            upper.len() / 4
        );
        // Full red prints as magenta and yellow, without cyan: the first pixel of the middle
        // row is the sweep's red at full colour.
        let row = h / 2;
        let red = &samples[row * w * 4..row * w * 4 + 4];
        assert!(
            red[0] < 30 && red[1] > 200 && red[2] > 200,
            "{pdfx}: red as {red:?}"
        );
        qpdf_check(&bytes, &format!("cover-{pdfx}.pdf"));
    }
}

#[test]
fn cover_text_and_barcode_stay_black_ink_alone() {
    // The page content paints in DeviceGray only: type and bars print in black ink, never
    // a four-colour black that would misregister.
    let (_, doc) = press_cover("x1a-2003");
    let operators = page_operators(&doc, "the cover");
    assert!(operators.iter().any(|op| op == "g"), "{operators:?}");
    assert!(operators.iter().any(|op| op == "Tj" || op == "TJ"));
}

#[test]
fn littlecms_reads_folios_cmyk_profile_as_meant() {
    // With no input transicc converts nothing and succeeds: the check that it is there.
    if !common::require_tool("transicc", &["-i", "*sRGB", "-o", "*Lab", "-n"]) {
        return;
    }
    let (_, doc) = press_cover("x4");
    let icc = check_cmyk_intent(&doc, 240);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("folio-cmyk.icc");
    std::fs::write(&path, &icc).unwrap();
    let run = |args: &[&str], input: &str| -> Vec<Vec<f32>> {
        use std::io::Write;
        let mut child = std::process::Command::new("transicc")
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| {
                l.split_whitespace()
                    .filter_map(|v| v.parse().ok())
                    .collect::<Vec<f32>>()
            })
            .filter(|v| !v.is_empty())
            .collect()
    };
    let p = path.to_str().unwrap();
    // CMYK to Lab, colorimetric: paper is the white, black ink is dark and neutral.
    let lab = run(
        &["-i", p, "-o", "*Lab", "-t1", "-n"],
        "0 0 0 0\n0 0 0 100\n100 0 0 0\n",
    );
    assert!(lab[0][0] > 99.0 && lab[0][1].abs() < 1.0, "{lab:?}");
    assert!(lab[1][0] < 25.0 && lab[1][1].abs() < 2.0, "{lab:?}");
    assert!(lab[2][1] < -25.0 && lab[2][2] < -35.0, "cyan: {lab:?}");
    // sRGB to CMYK, perceptual: red as magenta and yellow, black within the 240 % limit.
    let cmyk = run(&["-i", "*sRGB", "-o", p, "-t0", "-n"], "255 0 0\n0 0 0\n");
    assert!(
        cmyk[0][0] < 10.0 && cmyk[0][1] > 80.0 && cmyk[0][2] > 80.0,
        "{cmyk:?}"
    );
    let black: f32 = cmyk[1].iter().sum();
    assert!(cmyk[1][3] > 95.0 && black <= 240.5, "{cmyk:?}");
}

#[test]
fn the_press_cover_is_the_same_every_time() {
    // The separation (profile, transform, ink cap) has no clock or thread order in it.
    assert_eq!(press_cover("x1a-2003").0, press_cover("x1a-2003").0);
}

/// Writes an Adobe CMYK JPEG with Pillow (which stores the inks inverted, as Photoshop
/// does): `w` × `h`, the top half `top` and the rest `bottom` (C, M, Y, K in 0..=255).
fn cmyk_jpeg(path: &std::path::Path, (w, h): (u32, u32), top: [u8; 4], bottom: [u8; 4]) {
    let script = format!(
        "import sys\nfrom PIL import Image\nim = Image.new('CMYK', ({w}, {h}), {top:?})\n\
         im.paste({bottom:?}, (0, {half}, {w}, {h}))\nim.save(sys.argv[1], 'JPEG', quality=92)\n",
        top = (top[0], top[1], top[2], top[3]),
        bottom = (bottom[0], bottom[1], bottom[2], bottom[3]),
        half = h / 2
    );
    common::python_on(&script, path);
}

#[test]
fn a_cmyk_jpeg_that_fits_is_passed_through_as_it_is() {
    if !common::require_python_module("PIL") {
        return;
    }
    // The front and its bleed, 6.125 x 9.25 in, at 300 ppi: cyan above, magenta and some
    // black below (102 % of ink), within IngramSpark's 240 %.
    let mut jpeg = Vec::new();
    let (bytes, doc) = press_cover_with("x1a-2001", |covers| {
        let path = covers.join("front.jpg");
        cmyk_jpeg(&path, (1838, 2775), [255, 0, 0, 0], [0, 200, 0, 60]);
        jpeg = std::fs::read(&path).unwrap();
    });
    let image = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .find(|s| s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image"))
        .expect("the art");
    assert_eq!(
        image.dict.get(b"Filter").unwrap().as_name().unwrap(),
        b"DCTDecode"
    );
    assert_eq!(
        image.dict.get(b"ColorSpace").unwrap().as_name().unwrap(),
        b"DeviceCMYK"
    );
    // Adobe's inverted inks, said so.
    let decode: Vec<i64> = image
        .dict
        .get(b"Decode")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect();
    assert_eq!(decode, [1, 0, 1, 0, 1, 0, 1, 0]);
    assert!(image.content == jpeg, "the JPEG's own bytes");
    assert_no_rgb(&doc);
    qpdf_check(&bytes, "cover-cmyk-jpeg.pdf");
    // Read back as a person sees it: the front's upper half prints cyan, not its inverse.
    if common::require_python_module("fitz") {
        let dir = tempfile::tempdir().unwrap();
        let pdf = dir.path().join("cover.pdf");
        std::fs::write(&pdf, &bytes).unwrap();
        let script = "import sys, pymupdf\nd = pymupdf.open(sys.argv[1])\n\
                      p = d[0].get_pixmap(dpi=20, colorspace=pymupdf.csRGB)\n\
                      print(*p.pixel(p.width * 3 // 4, p.height // 4))";
        let rgb: Vec<u32> = common::python_on(script, &pdf)
            .split_whitespace()
            .map(|v| v.parse().unwrap())
            .collect();
        assert!(rgb[0] < 80 && rgb[2] > 180, "cyan prints as {rgb:?}");
    }
}

#[test]
fn a_cmyk_jpeg_that_needs_cropping_or_carries_too_much_ink_stays_cmyk_within_the_limit() {
    if !common::require_python_module("PIL") {
        return;
    }
    // Too wide for the panel, and 90 % of every ink (360 %) below.
    let (bytes, doc) = press_cover_with("x4", |covers| {
        cmyk_jpeg(
            &covers.join("front.jpg"),
            (2100, 2775),
            [255, 0, 0, 0],
            [230, 230, 230, 230],
        );
    });
    let (w, h, samples) = cmyk_art(&doc);
    assert_eq!(
        (w, h),
        (1838, 2775),
        "cropped to the panel's shape, not resampled"
    );
    let most = samples
        .chunks_exact(4)
        .map(|p| p.iter().map(|&v| u32::from(v)).sum::<u32>())
        .max()
        .unwrap();
    assert!(most * 100 <= 240 * 255, "{}% total ink", most * 100 / 255);
    // The bottom keeps its black; cyan, magenta and yellow give way to it.
    let p = &samples[(h - 10) * w * 4 + 40..(h - 10) * w * 4 + 44];
    assert!(p[3] > 220 && p[0] < 150, "{p:?}");
    // The top is cyan still: CMYK all the way, never through RGB.
    let p = &samples[40 * w * 4 + 40..40 * w * 4 + 44];
    assert!(p[0] > 240 && p[1] < 10 && p[2] < 10 && p[3] < 10, "{p:?}");
    qpdf_check(&bytes, "cover-cmyk-jpeg-cropped.pdf");
}

/// Every colour an X-1a interior paints its type and rules in, read from every content
/// stream of the file (pages and any form XObjects): DeviceGray (`g`, `G`) or pure K (`k`,
/// `K` with no cyan, magenta or yellow) and nothing else; and how many text shows and rule
/// or fill paints it saw, so that the test sees something.
fn inks_of_type_and_rules(doc: &Document) -> (usize, usize, Vec<String>) {
    let mut streams: Vec<Vec<u8>> = doc
        .get_pages()
        .into_values()
        .map(|id| doc.get_page_content(id))
        .collect();
    for object in doc.objects.values() {
        if let Object::Stream(s) = object {
            if s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Form") {
                streams.push(s.decompressed_content().unwrap_or(s.content.clone()));
            }
        }
    }
    let (mut shows, mut paints, mut colours) = (0, 0, Vec::new());
    for bytes in streams {
        for op in Content::decode(&bytes).unwrap().operations {
            let values: Vec<f32> = op
                .operands
                .iter()
                .filter_map(|o| o.as_float().ok())
                .collect();
            match op.operator.as_str() {
                "TJ" | "Tj" | "'" | "\"" => shows += 1,
                "S" | "s" | "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" => paints += 1,
                "g" | "G" => {
                    assert!(
                        values.len() == 1 && (0.0..=1.0).contains(&values[0]),
                        "{op:?}"
                    );
                    colours.push(format!("{} {}", op.operator, values[0]));
                }
                "k" | "K" => {
                    assert!(
                        values.len() == 4 && values[..3].iter().all(|v| *v == 0.0),
                        "rich black or a tint of colour, not pure K: {op:?}"
                    );
                    colours.push(format!("{} {}", op.operator, values[3]));
                }
                "rg" | "RG" | "cs" | "CS" | "sc" | "SC" | "scn" | "SCN" | "sh" => {
                    panic!("colour outside DeviceGray and pure K: {op:?}")
                }
                _ => {}
            }
        }
    }
    (shows, paints, colours)
}

#[test]
fn an_x1a_interior_prints_its_type_and_rules_in_black_ink_alone() {
    // The reading book has tables (their rules) and the example's piece openings theirs;
    // both built through the binary as a printer gets them.
    for (name, root) in [
        ("example", common::repo_root().to_path_buf()),
        ("reading", common::repo_root().join("tests/reading-book")),
    ] {
        let out = tempfile::tempdir().unwrap();
        let o = common::folio(
            &[
                "build",
                root.to_str().unwrap(),
                "--pdf",
                "--print",
                "pdfx1a",
                "--out",
                out.path().to_str().unwrap(),
            ],
            &[("SOURCE_DATE_EPOCH", "1420070400")],
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let doc = Document::load(common::pdf_in(out.path())).unwrap();
        let (shows, paints, colours) = inks_of_type_and_rules(&doc);
        assert!(shows > 100, "{name}: {shows} text shows");
        assert!(paints > 0, "{name}: no rule drawn");
        // No colour operator at all is black in DeviceGray, the initial colour; any set is
        // grey or K alone (checked above).
        eprintln!("{name}: {shows} text shows, {paints} paints, colours {colours:?}");
        // And nothing names a colour space other than grey (or CMYK images).
        assert_no_rgb(&doc);
    }
}

/// `print.output-condition` names a registered characterisation in an X-1a cover's output
/// intent, by the ICC registry's identifier, without a profile (X-1a allows it, and folio's
/// own profile would misstate the condition); X-4 must embed a profile, so it keeps folio's.
#[test]
fn a_named_printing_condition_is_written_as_registered_in_x1a_and_not_in_x4() {
    for (name, identifier) in [
        ("fogra39", "FOGRA39"),
        ("fogra51", "FOGRA51"),
        ("gracol2006", "CGATS TR 006"),
        ("cgats21-2", "CGATS21_CRPC6"),
        ("swop", "CGATS TR 001"),
    ] {
        for level in ["x1a", "x1a-2001"] {
            let (bytes, doc) = press_cover(&format!("{level}\n  output-condition: {name}"));
            let intents = resolve(&doc, catalog(&doc).get(b"OutputIntents").unwrap())
                .as_array()
                .unwrap();
            assert_eq!(intents.len(), 1);
            let intent = resolve(&doc, &intents[0]).as_dict().unwrap();
            assert_eq!(intent.get(b"S").unwrap().as_name().unwrap(), b"GTS_PDFX");
            assert_eq!(
                string(intent.get(b"OutputConditionIdentifier").unwrap()),
                identifier
            );
            assert_eq!(
                string(intent.get(b"RegistryName").unwrap()),
                "http://www.color.org"
            );
            assert!(string(intent.get(b"OutputCondition").unwrap()).contains(identifier));
            assert!(
                intent.get(b"DestOutputProfile").is_err(),
                "{name} {level}: a registered condition, no profile"
            );
            // The art is still separated to CMYK within the limit, and the file is sound.
            let (_, _, samples) = cmyk_art(&doc);
            let most = samples
                .chunks_exact(4)
                .map(|p| p.iter().map(|v| u32::from(*v)).sum::<u32>())
                .max()
                .unwrap();
            assert!(most * 100 <= 240 * 255 + 255, "{most}");
            qpdf_check(&bytes, &format!("{name}-{level}.pdf"));
            if name == "fogra39" {
                let dir = tempfile::tempdir().unwrap();
                let path = dir.path().join("cover.pdf");
                std::fs::write(&path, &bytes).unwrap();
                fonts_embedded_and_ghostscript_quiet(&path, &format!("{name} {level} cover"));
            }
        }
    }
    // folio's own condition, its profile embedded, whatever is named.
    let (_, doc) = press_cover("x4\n  output-condition: fogra39");
    check_cmyk_intent(&doc, 240);
}

#[test]
fn a_named_condition_outside_x1a_is_a_warning_and_a_wrong_one_an_error_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = "title: T\nprint:\n  pdfx: x4\n  output-condition: fogra39\n";
    common::write_file(dir.path(), "manuscript/book.yaml", yaml);
    common::write_file(dir.path(), "manuscript/one.md", "# One\n\nText.\n");
    let book = folio::manuscript::load(dir.path()).unwrap();
    let problems = book.print.profile_problems();
    assert_eq!(problems.0.len(), 1, "{problems}");
    let d = &problems.0[0];
    assert!(!d.is_error());
    assert!(
        d.message.contains("only in a PDF/X-1a cover"),
        "{}",
        d.message
    );
    assert_eq!(d.location.as_ref().unwrap().line, 4);

    common::write_file(
        dir.path(),
        "manuscript/book.yaml",
        "title: T\nprint:\n  pdfx: x1a\n  output-condition: fogra27\n",
    );
    let Err(e) = folio::manuscript::load(dir.path()) else {
        panic!("an unknown condition loaded");
    };
    let text = e.to_string();
    assert!(
        text.contains("`output-condition: fogra27` is not a registered printing condition"),
        "{text}"
    );
    assert!(
        text.contains("`output-condition: fogra39`"),
        "the hint: {text}"
    );
    assert_eq!(e.0[0].location.as_ref().unwrap().line, 4);
}

/// An Adobe YCCK JPEG (APP14 transform 2) of `w` × `h` pixels whose upper half is the ink
/// `top` and lower half `bottom` (CMYK, 255 full ink), made with Pillow: the inverted cyan,
/// magenta and yellow are turned into YCbCr by the JFIF equations, black kept inverted, the
/// four written as a CMYK JPEG (Pillow inverts on saving, so it is handed the inverse of
/// what is to be stored), and the APP14 transform flag set to 2, which makes those samples
/// the YCCK JPEG a prepress application writes.
fn ycck_jpeg(path: &std::path::Path, (w, h): (u32, u32), top: [u8; 4], bottom: [u8; 4]) {
    let script = format!(
        "import sys\nfrom PIL import Image\n\
         def stored(ink):\n\
         \x20   r, g, b = (255 - v for v in ink[:3])\n\
         \x20   y = 0.299 * r + 0.587 * g + 0.114 * b\n\
         \x20   cb = 128 - 0.168736 * r - 0.331264 * g + 0.5 * b\n\
         \x20   cr = 128 + 0.5 * r - 0.418688 * g - 0.081312 * b\n\
         \x20   return tuple(255 - round(min(255, max(0, v))) for v in (y, cb, cr, 255 - ink[3]))\n\
         im = Image.new('CMYK', ({w}, {h}), stored({top:?}))\n\
         im.paste(stored({bottom:?}), (0, {half}, {w}, {h}))\n\
         im.save(sys.argv[1], 'JPEG', quality=95)\n\
         data = bytearray(open(sys.argv[1], 'rb').read())\n\
         at = data.index(b'\\xff\\xee')\n\
         assert data[at + 4:at + 9] == b'Adobe' and data[at + 15] == 0\n\
         data[at + 15] = 2\n\
         open(sys.argv[1], 'wb').write(bytes(data))\n",
        top = (top[0], top[1], top[2], top[3]),
        bottom = (bottom[0], bottom[1], bottom[2], bottom[3]),
        half = h / 2
    );
    common::python_on(&script, path);
}

#[test]
fn a_ycck_jpeg_is_read_as_its_inks_and_kept_cmyk() {
    if !common::require_python_module("PIL") {
        return;
    }
    let (w, h) = (1838, 2775);
    let (cyan, magenta) = ([255, 0, 0, 0], [0, 200, 0, 60]);
    let mut jpeg = Vec::new();
    let (bytes, doc) = press_cover_with("x1a", |covers| {
        let path = covers.join("front.jpg");
        ycck_jpeg(&path, (w, h), cyan, magenta);
        jpeg = std::fs::read(&path).unwrap();
    });
    // Its inks, as the cover and the preflight read them: within JPEG's rounding.
    let inks = folio::cover::cmyk_jpeg_ink(&jpeg, w, h).expect("a YCCK JPEG is read as CMYK");
    let near = |got: &[u8], want: [u8; 4]| {
        got.iter()
            .zip(want)
            .all(|(g, w)| (i32::from(*g) - i32::from(w)).abs() <= 6)
    };
    let at = |x: u32, y: u32| {
        let i = ((y * w + x) * 4) as usize;
        inks[i..i + 4].to_vec()
    };
    assert!(near(&at(w / 2, h / 4), cyan), "{:?}", at(w / 2, h / 4));
    assert!(
        near(&at(w / 2, 3 * h / 4), magenta),
        "{:?}",
        at(w / 2, 3 * h / 4)
    );
    // It fits the front, yet is not passed through (readers disagree on YCCK in a PDF:
    // Ghostscript prints its cyan red, MuPDF olive): its inks, deflated, read back as cyan.
    let (aw, ah, samples) = cmyk_art(&doc);
    assert_eq!((aw, ah), (w as usize, h as usize));
    let px = |x: usize, y: usize| samples[(y * aw + x) * 4..(y * aw + x) * 4 + 4].to_vec();
    assert!(near(&px(aw / 2, ah / 4), cyan), "{:?}", px(aw / 2, ah / 4));
    assert_no_rgb(&doc);
    qpdf_check(&bytes, "cover-ycck-jpeg.pdf");
    if common::require_python_module("fitz") {
        let dir = tempfile::tempdir().unwrap();
        let pdf = dir.path().join("cover.pdf");
        std::fs::write(&pdf, &bytes).unwrap();
        let script = "import sys, pymupdf\nd = pymupdf.open(sys.argv[1])\n\
                      p = d[0].get_pixmap(dpi=20, colorspace=pymupdf.csRGB)\n\
                      print(*p.pixel(p.width * 3 // 4, p.height // 4))";
        let rgb: Vec<u32> = common::python_on(script, &pdf)
            .split_whitespace()
            .map(|v| v.parse().unwrap())
            .collect();
        assert!(rgb[0] < 80 && rgb[2] > 180, "cyan prints as {rgb:?}");
        fonts_embedded_and_ghostscript_quiet(&pdf, "YCCK cover");
    }

    // Wider than the front: cropped, and still the same inks in CMYK, never through RGB.
    let (_, doc) = press_cover_with("x1a", |covers| {
        ycck_jpeg(&covers.join("front.jpg"), (2400, h), cyan, magenta);
    });
    let (aw, ah, samples) = cmyk_art(&doc);
    let px = |x: usize, y: usize| samples[(y * aw + x) * 4..(y * aw + x) * 4 + 4].to_vec();
    assert!(near(&px(aw / 2, ah / 4), cyan), "{:?}", px(aw / 2, ah / 4));
    assert!(
        near(&px(aw / 2, 3 * ah / 4), magenta),
        "{:?}",
        px(aw / 2, 3 * ah / 4)
    );
}
