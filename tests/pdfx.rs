//! Print-ready PDFs read back, not trusted: page boxes with bleed, and every property PDF/X-4
//! and PDF/X-1a ask of a file (version, output intent with an embedded ICC profile,
//! GTS_PDFXVersion in Info and XMP, Trapped, Title, no transparency, fonts embedded, and for
//! X-1a no RGB anywhere), then qpdf --check.

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
