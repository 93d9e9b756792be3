//! The PDF writer, checked by reading its output back with lopdf (structure, fonts,
//! metadata, outline, labels, links, determinism) rather than by trusting the writer.
//! Checks with external tools (qpdf, pdffonts, pdftotext, PyMuPDF) are in pdf_tools.rs.

mod pdf_fixture;

mod common;

use lopdf::{Dictionary, Document, Object, ObjectId};
use pdf_fixture::*;

fn load(bytes: &[u8]) -> Document {
    Document::load_mem(bytes).expect("lopdf reads the written PDF")
}

fn catalog(doc: &Document) -> &Dictionary {
    let id = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
    doc.get_dictionary(id).unwrap()
}

/// Follows a reference (or returns a direct object).
fn resolve<'a>(doc: &'a Document, obj: &'a Object) -> &'a Object {
    doc.dereference(obj).unwrap().1
}

fn dict<'a>(doc: &'a Document, parent: &'a Dictionary, key: &str) -> &'a Dictionary {
    resolve(
        doc,
        parent
            .get(key.as_bytes())
            .unwrap_or_else(|_| panic!("no /{key}")),
    )
    .as_dict()
    .unwrap()
}

fn name<'a>(d: &'a Dictionary, key: &str) -> &'a str {
    std::str::from_utf8(d.get(key.as_bytes()).unwrap().as_name().unwrap()).unwrap()
}

/// A PDF text string as Rust text (PDFDocEncoding ASCII or UTF-16BE with BOM).
fn text(obj: &Object) -> String {
    let bytes = obj.as_str().unwrap();
    if bytes.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16(&units).unwrap()
    } else {
        String::from_utf8(bytes.to_vec()).unwrap()
    }
}

fn page_ids(doc: &Document) -> Vec<ObjectId> {
    doc.get_pages().into_values().collect()
}

#[test]
fn pages_have_the_trim_size_as_media_and_trim_box() {
    let layout = book();
    let doc = load(&folio::pdf::write(&layout).unwrap());
    let pages = page_ids(&doc);
    assert_eq!(pages.len(), layout.pages.len());
    for id in pages {
        let page = doc.get_dictionary(id).unwrap();
        assert_eq!(
            common::numbers(page.get(b"MediaBox").unwrap()),
            vec![0.0, 0.0, 432.0, 648.0]
        );
        assert_eq!(
            common::numbers(page.get(b"TrimBox").unwrap()),
            vec![0.0, 0.0, 432.0, 648.0]
        );
    }
    assert_eq!(doc.version, "1.7");
}

#[test]
fn fonts_are_embedded_subset_with_tounicode() {
    let layout = book();
    let doc = load(&folio::pdf::write(&layout).unwrap());
    let mut seen = std::collections::BTreeSet::new();
    for id in page_ids(&doc) {
        for (_, font) in doc.get_page_fonts(id).unwrap() {
            let base = name(font, "BaseFont").to_owned();
            if !seen.insert(base.clone()) {
                continue;
            }
            assert_eq!(name(font, "Subtype"), "Type0");
            assert_eq!(name(font, "Encoding"), "Identity-H");
            let (tag, rest) = base.split_once('+').expect("subset tag");
            assert!(
                tag.len() == 6 && tag.bytes().all(|b| b.is_ascii_uppercase()),
                "{base}"
            );
            assert!(rest.starts_with("EBGaramond-"), "{base}");

            let cmap = resolve(&doc, font.get(b"ToUnicode").unwrap())
                .as_stream()
                .unwrap();
            let cmap = String::from_utf8(cmap.decompressed_content().unwrap()).unwrap();
            assert!(cmap.contains("beginbfchar"), "{cmap}");

            let descendant = resolve(
                &doc,
                &font.get(b"DescendantFonts").unwrap().as_array().unwrap()[0],
            )
            .as_dict()
            .unwrap();
            assert_eq!(name(descendant, "Subtype"), "CIDFontType2");
            let descriptor = dict(&doc, descendant, "FontDescriptor");
            assert_eq!(name(descriptor, "FontName"), base);
            // EB Garamond's OS/2 capital height is 650/1000 em.
            assert_eq!(descriptor.get(b"CapHeight").unwrap().as_i64().unwrap(), 650);
            let program = resolve(&doc, descriptor.get(b"FontFile2").unwrap())
                .as_stream()
                .unwrap();
            let program = program.decompressed_content().unwrap();
            // The full EB Garamond is ~490 kB with 3107 glyphs; a subset is a few kB.
            let face = ttf_parser::Face::parse(&program, 0).expect("subset font parses");
            assert!(
                face.number_of_glyphs() < 100,
                "{} glyphs",
                face.number_of_glyphs()
            );
            assert!(program.len() < 60_000, "{} bytes", program.len());
        }
    }
    assert_eq!(seen.len(), 2, "regular and italic: {seen:?}");
}

#[test]
fn tounicode_maps_ligatures_to_their_letters_and_spaces_to_space() {
    let layout = book();
    let doc = load(&folio::pdf::write(&layout).unwrap());
    let mut all = String::new();
    for id in page_ids(&doc) {
        for (_, font) in doc.get_page_fonts(id).unwrap() {
            let cmap = resolve(&doc, font.get(b"ToUnicode").unwrap())
                .as_stream()
                .unwrap();
            all.push_str(&String::from_utf8(cmap.decompressed_content().unwrap()).unwrap());
        }
    }
    // "fi" as UTF-16BE, and the space glyph.
    assert!(all.contains("> <00660069>"), "no ligature mapping");
    assert!(all.contains("> <0020>"), "no space mapping");
}

#[test]
fn subset_glyphs_keep_their_outlines() {
    // Renumbering must keep each glyph's drawing, composites (é = e + acute) included.
    let layout = book();
    let doc = load(&folio::pdf::write(&layout).unwrap());
    let original = regular_face();
    let page = page_ids(&doc)[4];
    let fonts = doc.get_page_fonts(page).unwrap();
    let font = fonts
        .values()
        .find(|f| name(f, "BaseFont").ends_with("-Regular"))
        .unwrap();
    let descendant = resolve(
        &doc,
        &font.get(b"DescendantFonts").unwrap().as_array().unwrap()[0],
    )
    .as_dict()
    .unwrap();
    let descriptor = dict(&doc, descendant, "FontDescriptor");
    let program = resolve(&doc, descriptor.get(b"FontFile2").unwrap())
        .as_stream()
        .unwrap()
        .decompressed_content()
        .unwrap();
    let subset = ttf_parser::Face::parse(&program, 0).unwrap();
    // The subset has no cmap (a CID font's text is in its ToUnicode CMap, and its glyph ids
    // are its CIDs): reach each letter's glyph through the CMap.
    let cmap = resolve(&doc, font.get(b"ToUnicode").unwrap())
        .as_stream()
        .unwrap()
        .decompressed_content()
        .unwrap();
    let cmap = String::from_utf8(cmap).unwrap();
    let gid_of = |c: char| {
        let entry = format!("> <{:04X}>", c as u32);
        let line = cmap
            .lines()
            .find(|l| l.ends_with(&entry))
            .unwrap_or_else(|| panic!("{c} not in the ToUnicode CMap"));
        ttf_parser::GlyphId(u16::from_str_radix(&line[1..5], 16).unwrap())
    };
    for c in "Théfoliagesprawlsacrossthewall".chars() {
        let old = original.glyph_index(c).unwrap();
        let new = gid_of(c);
        assert_eq!(
            outline(&original, old),
            outline(&subset, new),
            "outline of {c}"
        );
        assert_eq!(
            original.glyph_hor_advance(old),
            subset.glyph_hor_advance(new),
            "advance of {c}"
        );
    }
}

#[test]
fn metadata_comes_from_the_layout() {
    let layout = book();
    let doc = load(&folio::pdf::write(&layout).unwrap());
    let info = dict(&doc, &doc.trailer, "Info");
    assert_eq!(text(info.get(b"Title").unwrap()), "The Garden — a novel");
    assert_eq!(text(info.get(b"Author").unwrap()), "Ann Author");
    assert_eq!(text(info.get(b"Subject").unwrap()), "Fiction");
    assert_eq!(text(info.get(b"Producer").unwrap()), "folio");
    assert_eq!(text(info.get(b"Creator").unwrap()), "folio");
    // 1_700_000_000 is 2023-11-14T22:13:20Z.
    assert_eq!(
        text(info.get(b"CreationDate").unwrap()),
        "D:20231114221320+00'00'"
    );
    assert_eq!(
        text(info.get(b"ModDate").unwrap()),
        "D:20231114221320+00'00'"
    );

    let cat = catalog(&doc);
    assert_eq!(text(cat.get(b"Lang").unwrap()), "en-GB");
    let prefs = dict(&doc, cat, "ViewerPreferences");
    assert!(prefs.get(b"DisplayDocTitle").unwrap().as_bool().unwrap());

    let xmp = resolve(&doc, cat.get(b"Metadata").unwrap())
        .as_stream()
        .unwrap();
    assert_eq!(name(&xmp.dict, "Subtype"), "XML");
    let xmp = String::from_utf8(xmp.decompressed_content().unwrap()).unwrap();
    assert!(xmp.contains("The Garden — a novel"), "{xmp}");
    assert!(
        xmp.contains("<xmp:CreateDate>2023-11-14T22:13:20Z</xmp:CreateDate>"),
        "{xmp}"
    );
    assert!(xmp.contains("<rdf:li>en-GB</rdf:li>"), "{xmp}");
}

#[test]
fn page_labels_follow_the_folios() {
    // Folios: None, "ii", "1", None (blank verso), "3".
    let doc = load(&folio::pdf::write(&book()).unwrap());
    let labels = dict(&doc, catalog(&doc), "PageLabels");
    let nums = labels.get(b"Nums").unwrap().as_array().unwrap();
    let ranges: Vec<(i64, String, i64)> = nums
        .chunks(2)
        .map(|pair| {
            let d = resolve(&doc, &pair[1]).as_dict().unwrap();
            let start = d.get(b"St").map(|s| s.as_i64().unwrap()).unwrap_or(1);
            (pair[0].as_i64().unwrap(), name(d, "S").to_owned(), start)
        })
        .collect();
    assert_eq!(ranges, vec![(0, "r".into(), 1), (2, "D".into(), 1)]);
}

#[test]
fn outline_nests_as_given_and_opens_the_top_level() {
    let layout = book();
    let doc = load(&folio::pdf::write(&layout).unwrap());
    let pages = page_ids(&doc);
    let cat = catalog(&doc);
    assert_eq!(name(cat, "PageMode"), "UseOutlines");
    let root_id = cat.get(b"Outlines").unwrap().as_reference().unwrap();
    let root = doc.get_dictionary(root_id).unwrap();
    // Visible: Contents, Part One, and Part One's two chapters.
    assert_eq!(root.get(b"Count").unwrap().as_i64().unwrap(), 4);

    let item = |id: ObjectId| doc.get_dictionary(id).unwrap();
    let link = |d: &Dictionary, key: &str| d.get(key.as_bytes()).unwrap().as_reference().unwrap();
    let dest_page = |d: &Dictionary| {
        d.get(b"Dest").unwrap().as_array().unwrap()[0]
            .as_reference()
            .unwrap()
    };

    let contents = link(root, "First");
    let part = link(root, "Last");
    assert_eq!(text(item(contents).get(b"Title").unwrap()), "Contents");
    assert_eq!(link(item(contents), "Next"), part);
    assert_eq!(link(item(part), "Prev"), contents);
    assert_eq!(link(item(part), "Parent"), root_id);
    assert_eq!(dest_page(item(contents)), pages[1]);
    assert!(
        item(contents).get(b"Count").is_err(),
        "a leaf has no /Count"
    );

    assert_eq!(text(item(part).get(b"Title").unwrap()), "Part One");
    assert_eq!(
        item(part).get(b"Count").unwrap().as_i64().unwrap(),
        2,
        "open"
    );
    let ch1 = link(item(part), "First");
    let ch2 = link(item(part), "Last");
    assert_eq!(link(item(ch1), "Next"), ch2);
    assert_eq!(link(item(ch1), "Parent"), part);
    assert_eq!(link(item(ch2), "Parent"), part);
    assert_eq!(dest_page(item(ch1)), pages[2]);
    assert_eq!(text(item(ch2).get(b"Title").unwrap()), "Chapter 2: “Élan”");
    assert_eq!(
        item(ch2).get(b"Count").unwrap().as_i64().unwrap(),
        -1,
        "closed"
    );
    let section = link(item(ch2), "First");
    assert_eq!(link(item(ch2), "Last"), section);
    assert_eq!(link(item(section), "Parent"), ch2);
    assert_eq!(dest_page(item(section)), pages[4]);
}

#[test]
fn links_go_to_pages_and_uris_without_borders() {
    let layout = book();
    let doc = load(&folio::pdf::write(&layout).unwrap());
    let pages = page_ids(&doc);
    let annots = doc.get_page_annotations(pages[1]).unwrap();
    assert_eq!(annots.len(), 2);
    for a in &annots {
        assert_eq!(name(a, "Subtype"), "Link");
        assert_eq!(
            common::numbers(a.get(b"Border").unwrap()),
            vec![0.0, 0.0, 0.0]
        );
    }
    let internal = annots[0];
    assert_eq!(
        common::numbers(internal.get(b"Rect").unwrap()),
        vec![72.0, 500.0, 200.0, 512.0]
    );
    let action = resolve(&doc, internal.get(b"A").unwrap())
        .as_dict()
        .unwrap();
    assert_eq!(name(action, "S"), "GoTo");
    let dest = action.get(b"D").unwrap().as_array().unwrap();
    assert_eq!(dest[0].as_reference().unwrap(), pages[4]);
    assert_eq!(dest[1].as_name().unwrap(), b"XYZ");
    assert_eq!(dest[3].as_float().unwrap(), 560.0);

    let external = resolve(&doc, annots[1].get(b"A").unwrap())
        .as_dict()
        .unwrap();
    assert_eq!(name(external, "S"), "URI");
    assert_eq!(
        external.get(b"URI").unwrap().as_str().unwrap(),
        b"https://example.org/caf%C3%A9"
    );
    // Pages without links carry no /Annots.
    assert!(doc
        .get_dictionary(pages[3])
        .unwrap()
        .get(b"Annots")
        .is_err());
}

#[test]
fn rules_and_images_are_drawn() {
    let layout = book();
    let doc = load(&folio::pdf::write(&layout).unwrap());
    let page = page_ids(&doc)[2];
    let content = lopdf::content::Content::decode(&doc.get_page_content(page)).unwrap();
    let ops: Vec<(&str, Vec<f32>)> = content
        .operations
        .iter()
        .map(|op| {
            let nums = op
                .operands
                .iter()
                .filter_map(|o| o.as_float().ok())
                .collect();
            (op.operator.as_str(), nums)
        })
        .collect();
    let find = |op: &str| {
        ops.iter()
            .position(|(o, _)| *o == op)
            .unwrap_or_else(|| panic!("no {op}"))
    };
    // The footnote rule: 0.5 pt from (72, 120) to (172, 120).
    assert_eq!(ops[find("w")].1, vec![0.5]);
    assert_eq!(ops[find("m")].1, vec![72.0, 120.0]);
    assert_eq!(ops[find("l")].1, vec![172.0, 120.0]);
    // The image: scaled into 60 x 40 pt at (300, 400).
    let do_at = find("Do");
    assert!(ops[..do_at]
        .iter()
        .any(|(o, n)| *o == "cm" && *n == vec![60.0, 0.0, 0.0, 40.0, 300.0, 400.0]));

    let xobjects = dict(
        &doc,
        dict(&doc, doc.get_dictionary(page).unwrap(), "Resources"),
        "XObject",
    );
    assert_eq!(xobjects.len(), 2, "both images are used");
    for (_, im) in xobjects.iter() {
        let im = resolve(&doc, im).as_stream().unwrap();
        assert_eq!(name(&im.dict, "Subtype"), "Image");
        assert_eq!(
            im.dict.get(b"BitsPerComponent").unwrap().as_i64().unwrap(),
            8
        );
        let (w, h) = (
            im.dict.get(b"Width").unwrap().as_i64().unwrap(),
            im.dict.get(b"Height").unwrap().as_i64().unwrap(),
        );
        let cs = name(&im.dict, "ColorSpace");
        let channels = if cs == "DeviceRGB" { 3 } else { 1 };
        assert_eq!(
            im.decompressed_content().unwrap().len() as i64,
            w * h * channels
        );
    }
}

#[test]
fn text_positions_reproduce_the_advances() {
    // Replays the content stream's text operators with the /W widths, as a viewer does, and
    // compares every glyph's origin with the typesetter's.
    let layout = book();
    let doc = load(&folio::pdf::write(&layout).unwrap());
    for (index, id) in page_ids(&doc).into_iter().enumerate() {
        let expected = glyph_origins(&layout.pages[index]);
        let drawn = replay_text(&doc, id);
        assert_eq!(drawn.len(), expected.len(), "page {index}: glyph count");
        for (k, ((x, y), (ex, ey))) in drawn.iter().zip(&expected).enumerate() {
            assert!(
                (x - ex).abs() < 0.005 && (y - ey).abs() < 0.005,
                "page {index} glyph {k}: at ({x}, {y}), typeset at ({ex}, {ey})"
            );
        }
    }
}

#[test]
fn same_layout_gives_the_same_bytes() {
    let layout = book();
    let first = folio::pdf::write(&layout).unwrap();
    // Writing something else in between must not matter (no state carries over from one
    // document to the next).
    let mut other = book();
    other.title = "Another".into();
    let between = folio::pdf::write(&other).unwrap();
    let second = folio::pdf::write(&layout).unwrap();
    assert!(first == second, "two writes of one layout differ");
    assert_ne!(first, between);

    let id = |bytes: &[u8]| {
        let doc = load(bytes);
        let id = doc.trailer.get(b"ID").unwrap().as_array().unwrap().clone();
        assert_eq!(id.len(), 2);
        id[0].as_str().unwrap().to_vec()
    };
    assert_eq!(id(&first).len(), 16);
    assert_ne!(id(&first), id(&between), "the /ID follows the content");
}

#[test]
fn broken_layouts_are_refused() {
    let mut l = book();
    l.pages[0].items.push(text_item(9, 12.0, 72.0, 72.0, "x"));
    assert!(folio::pdf::write(&l).unwrap_err().contains("font 9"));

    let mut l = book();
    if let folio::page::PageItem::Text(run) = &mut l.pages[0].items[0] {
        run.glyphs[0].id = 60_000;
    }
    assert!(folio::pdf::write(&l)
        .unwrap_err()
        .contains("glyph id 60000"));

    let mut l = book();
    l.images[0].pixels.pop();
    assert!(folio::pdf::write(&l).unwrap_err().contains("image 0"));

    let mut l = book();
    l.outline[0].page = 99;
    assert!(folio::pdf::write(&l).unwrap_err().contains("page 100"));

    let mut l = book();
    l.pages.clear();
    assert!(folio::pdf::write(&l).is_err());
}

#[test]
fn a_long_book_writes_whole() {
    // 300 pages of 40 justified lines, ~60 glyphs each (12k lines), read back whole. Its
    // time is only reported: speed is scripts/bench's to measure, not a test's.
    let release = !cfg!(debug_assertions);
    let pages = if release { 300 } else { 30 };
    let mut layout = book();
    // Lines differ (word order rotates), so compression sees text-like variety.
    let words: Vec<&str> = "the quiet garden wall where foliage sprawls and climbs toward a \
        window through which evening light falls on an open book left by someone gone"
        .split(' ')
        .collect();
    let template: Vec<_> = (0..120)
        .map(|i| {
            let mut ws = words.clone();
            ws.rotate_left(i % words.len());
            let text = ws[..11].join(" ");
            let mut runs = line(
                11.0,
                72.0,
                600.0 - 13.5 * (i % 40) as f32,
                &[(REGULAR, &text)],
            );
            justify(&mut runs, 300.0);
            runs.remove(0)
        })
        .collect();
    layout.pages = (0..pages)
        .map(|p| folio::page::Page {
            items: (0..40)
                .map(|i| folio::page::PageItem::Text(template[(p * 7 + i) % 120].clone()))
                .collect(),
            folio: Some((p + 1).to_string()),
        })
        .collect();
    layout.outline.clear();
    let start = std::time::Instant::now();
    let bytes = folio::pdf::write(&layout).unwrap();
    let took = start.elapsed();
    eprintln!(
        "{pages} pages, {} glyphs: {took:?}, {} bytes",
        layout
            .pages
            .iter()
            .flat_map(|p| &p.items)
            .map(|i| match i {
                folio::page::PageItem::Text(r) => r.glyphs.len(),
                _ => 0,
            })
            .sum::<usize>(),
        bytes.len()
    );
    let doc = Document::load_mem(&bytes).expect("lopdf reads the long PDF");
    assert_eq!(doc.get_pages().len(), pages);
}
