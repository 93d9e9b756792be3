//! A small hand-made book for the PDF writer's tests, and helpers to read the output back.
//!
//! Shaping here is deliberately naive (cmap lookup, hmtx advances) plus the few things the
//! writer must cope with: an "fi" ligature, a decomposed accent whose mark glyph has empty
//! text, kerning (advances shortened after T, V and W) and justified word spaces.
#![allow(dead_code)]

use std::sync::{Arc, OnceLock};

use folio::page::*;
use lopdf::{Document, Object, ObjectId};

pub const WIDTH: f32 = 432.0;
pub const HEIGHT: f32 = 648.0;
pub const REGULAR: usize = 0;
pub const ITALIC: usize = 1;

fn font_bytes(file: &str) -> &'static [u8] {
    static REGULAR_BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    static ITALIC_BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    let cell = if file.contains("Italic") {
        &ITALIC_BYTES
    } else {
        &REGULAR_BYTES
    };
    cell.get_or_init(|| {
        std::fs::read(format!("{}/fonts/{file}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    })
}

const FILES: [&str; 2] = ["EBGaramond-Regular.ttf", "EBGaramond-Italic.ttf"];

pub fn face(font: usize) -> ttf_parser::Face<'static> {
    ttf_parser::Face::parse(font_bytes(FILES[font]), 0).unwrap()
}

pub fn regular_face() -> ttf_parser::Face<'static> {
    face(REGULAR)
}

pub fn fonts() -> Vec<EmbeddedFont> {
    FILES
        .iter()
        .map(|f| EmbeddedFont {
            name: f.trim_end_matches(".ttf").to_owned(),
            data: Arc::new(font_bytes(f).to_vec()),
            index: 0,
        })
        .collect()
}

/// Shapes `text` naively in `font` (see the module comment).
pub fn shape(font: usize, size: f32, x: f32, y: f32, text: &str) -> GlyphRun {
    let face = face(font);
    let scale = size / f32::from(face.units_per_em());
    let advance = |g: ttf_parser::GlyphId| f32::from(face.glyph_hor_advance(g).unwrap()) * scale;
    let mut glyphs: Vec<Glyph> = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\u{301}' {
            // A combining mark: its own glyph, no advance, its text goes to the cluster.
            let g = face.glyph_index_by_name("acutecomb").unwrap();
            glyphs.last_mut().unwrap().text.push(c);
            glyphs.push(Glyph {
                id: g.0,
                advance: 0.0,
                text: Default::default(),
                dx: 0,
                dy: 0,
            });
            i += 1;
            continue;
        }
        let (g, t) = if c == 'f' && chars.get(i + 1) == Some(&'i') {
            i += 1;
            (face.glyph_index_by_name("f_i").unwrap(), "fi".to_owned())
        } else {
            let g = face
                .glyph_index(c)
                .unwrap_or_else(|| panic!("no glyph for {c:?}"));
            (g, c.to_string())
        };
        if let Some(prev) = glyphs.last_mut() {
            if matches!(prev.text.as_str(), "T" | "V" | "W") {
                prev.advance -= 0.08 * size;
            }
        }
        glyphs.push(Glyph {
            id: g.0,
            advance: advance(g),
            text: t.into(),
            dx: 0,
            dy: 0,
        });
        i += 1;
    }
    GlyphRun {
        font: FontId(font),
        size,
        x,
        y,
        hscale: 1.0,
        glyphs,
    }
}

pub fn width(run: &GlyphRun) -> f32 {
    run.glyphs.iter().map(|g| g.advance).sum()
}

/// Widens the word spaces of a line made of `runs` so it ends at `x + measure`.
pub fn justify(runs: &mut [GlyphRun], measure: f32) {
    let total: f32 = runs.iter().map(width).sum();
    let spaces = runs
        .iter()
        .flat_map(|r| &r.glyphs)
        .filter(|g| g.text == " ")
        .count();
    let extra = (measure - total) / spaces as f32;
    let mut x = runs[0].x;
    for run in runs.iter_mut() {
        run.x = x;
        for g in &mut run.glyphs {
            if g.text == " " {
                g.advance += extra;
            }
        }
        x += width(run);
    }
}

/// One line set from `x` in pieces of (font, text), each piece a run.
pub fn line(size: f32, x: f32, y: f32, pieces: &[(usize, &str)]) -> Vec<GlyphRun> {
    let mut runs = Vec::new();
    let mut at = x;
    for (font, text) in pieces {
        let run = shape(*font, size, at, y, text);
        at += width(&run);
        runs.push(run);
    }
    runs
}

pub fn text_item(font: usize, size: f32, x: f32, y: f32, text: &str) -> PageItem {
    PageItem::Text(GlyphRun {
        font: FontId(font),
        size,
        x,
        y,
        hscale: 1.0,
        glyphs: vec![Glyph {
            id: 1,
            advance: size / 2.0,
            text: text.into(),
            dx: 0,
            dy: 0,
        }],
    })
}

fn texts(runs: Vec<GlyphRun>) -> impl Iterator<Item = PageItem> {
    runs.into_iter().map(PageItem::Text)
}

/// The body lines of page 3 (folio "1"): justified except the last.
pub const PARAGRAPH: [&[(usize, &str)]; 3] = [
    &[(REGULAR, "The foliage sprawls across the wall, and Tom")],
    &[
        (REGULAR, "watches the "),
        (ITALIC, "Villa Tivoli"),
        (REGULAR, " rise above it, wide and"),
    ],
    &[(REGULAR, "white in the VAT-free sun.")],
];

/// What text extraction must give for each page, line by line.
pub fn expected_text() -> Vec<Vec<String>> {
    let para: Vec<String> = PARAGRAPH
        .iter()
        .map(|l| l.iter().map(|(_, t)| *t).collect::<String>())
        .collect();
    vec![
        vec!["The Garden".into(), "Ann Author".into()],
        vec![
            "Contents".into(),
            "Chapter 2: Élan".into(),
            "Visit the website".into(),
        ],
        [para, vec!["1 A footnote, in italic.".into()]].concat(),
        vec![],
        vec![
            "Élan".into(),
            "The first fine day — a café".into(),
            "and a se\u{301}ance.".into(),
        ],
    ]
}

/// The book: five 6x9 in pages with folios None, "ii", "1", None, "3".
pub fn book() -> Layout {
    let mut pages = Vec::new();

    let mut items: Vec<PageItem> = Vec::new();
    items.extend(texts(line(24.0, 150.0, 500.0, &[(REGULAR, "The Garden")])));
    items.extend(texts(line(14.0, 170.0, 460.0, &[(ITALIC, "Ann Author")])));
    pages.push(Page { items, folio: None });

    let mut items: Vec<PageItem> = Vec::new();
    items.extend(texts(line(16.0, 72.0, 560.0, &[(REGULAR, "Contents")])));
    items.extend(texts(line(
        11.0,
        72.0,
        502.0,
        &[(REGULAR, "Chapter 2: Élan")],
    )));
    items.push(PageItem::Link {
        x: 72.0,
        y: 500.0,
        width: 128.0,
        height: 12.0,
        target: LinkTarget::Internal { page: 4, y: 560.0 },
    });
    items.extend(texts(line(
        11.0,
        72.0,
        480.0,
        &[(REGULAR, "Visit the"), (REGULAR, " website")],
    )));
    items.push(PageItem::Link {
        x: 72.0,
        y: 478.0,
        width: 90.0,
        height: 12.0,
        target: LinkTarget::External("https://example.org/café".into()),
    });
    pages.push(Page {
        items,
        folio: Some("ii".into()),
    });

    let mut items: Vec<PageItem> = Vec::new();
    let mut y = 560.0;
    for (i, pieces) in PARAGRAPH.iter().enumerate() {
        let mut runs = line(11.0, 72.0, y, pieces);
        if i + 1 < PARAGRAPH.len() {
            justify(&mut runs, 204.0);
        }
        items.extend(texts(runs));
        y -= 13.5;
    }
    items.push(PageItem::Rule {
        x0: 72.0,
        y0: 120.0,
        x1: 172.0,
        y1: 120.0,
        width: 0.5,
    });
    items.extend(texts(line(
        9.0,
        72.0,
        108.0,
        &[(REGULAR, "1 "), (ITALIC, "A footnote, in italic.")],
    )));
    items.push(PageItem::Image {
        image: 0,
        x: 300.0,
        y: 400.0,
        width: 60.0,
        height: 40.0,
    });
    items.push(PageItem::Image {
        image: 1,
        x: 300.0,
        y: 300.0,
        width: 20.0,
        height: 20.0,
    });
    pages.push(Page {
        items,
        folio: Some("1".into()),
    });

    pages.push(Page {
        items: Vec::new(),
        folio: None,
    });

    let mut items: Vec<PageItem> = Vec::new();
    items.extend(texts(line(16.0, 72.0, 560.0, &[(REGULAR, "Élan")])));
    items.extend(texts(line(
        11.0,
        72.0,
        530.0,
        &[(REGULAR, "The first fine day — a café")],
    )));
    items.extend(texts(line(
        11.0,
        72.0,
        516.5,
        &[(REGULAR, "and a se\u{301}ance.")],
    )));
    // A lone glyph that stands for no text (an ornament, say): drawn, but extracts as nothing.
    let mut ornament = shape(REGULAR, 11.0, 200.0, 300.0, "e\u{301}");
    ornament.glyphs.remove(0);
    items.push(PageItem::Text(ornament));
    pages.push(Page {
        items,
        folio: Some("3".into()),
    });

    Layout {
        width: WIDTH,
        height: HEIGHT,
        pages,
        fonts: fonts(),
        images: vec![
            EmbeddedImage {
                width: 4,
                height: 3,
                channels: 1,
                pixels: (0..12).map(|i| i * 20).collect(),
                jpeg: None,
            },
            EmbeddedImage {
                width: 2,
                height: 2,
                channels: 3,
                pixels: vec![255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255],
                jpeg: None,
            },
        ],
        outline: vec![
            OutlineEntry {
                title: "Contents".into(),
                page: 1,
                children: vec![],
            },
            OutlineEntry {
                title: "Part One".into(),
                page: 2,
                children: vec![
                    OutlineEntry {
                        title: "Chapter 1".into(),
                        page: 2,
                        children: vec![],
                    },
                    OutlineEntry {
                        title: "Chapter 2: “Élan”".into(),
                        page: 4,
                        children: vec![OutlineEntry {
                            title: "A section".into(),
                            page: 4,
                            children: vec![],
                        }],
                    },
                ],
            },
        ],
        title: "The Garden — a novel".into(),
        author: Some("Ann Author".into()),
        language: "en-GB".into(),
        progression: Default::default(),
        subject: Some("Fiction".into()),
        timestamp: 1_700_000_000,
        print: Default::default(),
    }
}

/// Each glyph's origin on a page as the typesetter placed it, in drawing order.
pub fn glyph_origins(page: &Page) -> Vec<(f64, f64)> {
    let mut out = Vec::new();
    for item in &page.items {
        if let PageItem::Text(run) = item {
            let mut x = f64::from(run.x);
            for g in &run.glyphs {
                out.push((x, f64::from(run.y)));
                x += f64::from(g.advance);
            }
        }
    }
    out
}

/// A glyph outline as a list of drawing commands, for comparing glyphs across fonts.
pub fn outline(face: &ttf_parser::Face<'_>, glyph: ttf_parser::GlyphId) -> String {
    struct Recorder(String);
    impl ttf_parser::OutlineBuilder for Recorder {
        fn move_to(&mut self, x: f32, y: f32) {
            self.0.push_str(&format!("M{x},{y} "));
        }
        fn line_to(&mut self, x: f32, y: f32) {
            self.0.push_str(&format!("L{x},{y} "));
        }
        fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
            self.0.push_str(&format!("Q{x1},{y1},{x},{y} "));
        }
        fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
            self.0.push_str(&format!("C{x1},{y1},{x2},{y2},{x},{y} "));
        }
        fn close(&mut self) {
            self.0.push('Z');
        }
    }
    let mut r = Recorder(String::new());
    face.outline_glyph(glyph, &mut r);
    r.0
}

/// Replays a page's text operators (Tf, Tc, Tm, TJ/Tj) as a viewer does, with each font's /W
/// widths, and returns every glyph's origin in drawing order.
pub fn replay_text(doc: &Document, page: ObjectId) -> Vec<(f64, f64)> {
    let fonts = doc.get_page_fonts(page).unwrap();
    let widths = |font: &[u8]| -> std::collections::HashMap<u16, f64> {
        let f = fonts[font];
        let descendant = doc
            .dereference(&f.get(b"DescendantFonts").unwrap().as_array().unwrap()[0])
            .unwrap()
            .1
            .as_dict()
            .unwrap();
        let w = doc
            .dereference(descendant.get(b"W").unwrap())
            .unwrap()
            .1
            .as_array()
            .unwrap();
        let mut map = std::collections::HashMap::new();
        let mut i = 0;
        while i < w.len() {
            let first = w[i].as_i64().unwrap() as u16;
            match &w[i + 1] {
                Object::Array(list) => {
                    for (k, v) in list.iter().enumerate() {
                        map.insert(first + k as u16, v.as_float().unwrap() as f64);
                    }
                    i += 2;
                }
                last => {
                    let last = last.as_i64().unwrap() as u16;
                    let v = w[i + 2].as_float().unwrap() as f64;
                    for c in first..=last {
                        map.insert(c, v);
                    }
                    i += 3;
                }
            }
        }
        map
    };
    let content = lopdf::content::Content::decode(&doc.get_page_content(page)).unwrap();
    let mut out = Vec::new();
    let mut current: Option<std::collections::HashMap<u16, f64>> = None;
    let mut size = 0.0f64;
    // Character spacing, added after every glyph (ISO 32000-1, 9.3.2).
    let mut spacing = 0.0f64;
    let (mut x, mut y) = (0.0f64, 0.0f64);
    let show = |codes: &[u8],
                x: &mut f64,
                y: f64,
                w: &std::collections::HashMap<u16, f64>,
                size: f64,
                spacing: f64,
                out: &mut Vec<(f64, f64)>| {
        for pair in codes.chunks(2) {
            let code = u16::from_be_bytes([pair[0], pair[1]]);
            out.push((*x, y));
            *x += w.get(&code).copied().unwrap_or(1000.0) / 1000.0 * size + spacing;
        }
    };
    for op in &content.operations {
        let num = |i: usize| op.operands[i].as_float().unwrap() as f64;
        match op.operator.as_str() {
            "Tf" => {
                current = Some(widths(op.operands[0].as_name().unwrap()));
                size = num(1);
            }
            "Tc" => spacing = num(0),
            "Tm" => {
                x = num(4);
                y = num(5);
            }
            "Tj" => show(
                op.operands[0].as_str().unwrap(),
                &mut x,
                y,
                current.as_ref().unwrap(),
                size,
                spacing,
                &mut out,
            ),
            "TJ" => {
                for part in op.operands[0].as_array().unwrap() {
                    match part {
                        Object::String(codes, _) => show(
                            codes,
                            &mut x,
                            y,
                            current.as_ref().unwrap(),
                            size,
                            spacing,
                            &mut out,
                        ),
                        n => x -= n.as_float().unwrap() as f64 / 1000.0 * size,
                    }
                }
            }
            "Td" | "TD" | "T*" | "'" | "\"" => panic!("unexpected text operator {}", op.operator),
            _ => {}
        }
    }
    out
}
