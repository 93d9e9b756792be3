//! Where a page's marks fall, read back from its content stream: each run of text, filled
//! or stroked path and image as a box in the page's default space, with whether it leaves
//! ink (a white fill, the barcode's box, does not).
//!
//! Method. A small reading of the operators folio writes (ISO 32000-1, 8.4 and 9.4): the
//! graphics state's matrix through `q`/`Q`/`cm`, the text matrix through `Tm`/`Td`, the font
//! and size through `Tf`, character spacing and horizontal scaling through `Tc`/`Tz`; a
//! `TJ`'s advance from its font's `/W` widths (folio's fonts are Type0 with two-byte glyph
//! ids). A text box is the union of its glyphs' own ink boxes, read from the embedded font
//! program with ttf-parser (TrueType or CFF); a font folio cannot read is given the
//! typesetter's generous ink instead (0.3 em below the baseline, 0.8 em above,
//! `manuscript::INK_ASCENT`). Written by hand over lopdf: no crate
//! gives the boxes of a page's marks, and what folio writes is a handful of operators.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::manuscript::{INK_ASCENT, INK_DESCENT};

/// What made a mark.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Text,
    /// A filled or stroked path.
    Path,
    /// An image XObject, by its resource name.
    Image(Vec<u8>),
}

/// One mark: what made it, its box `[x0, y0, x1, y1]` in the page's default space, and
/// whether it leaves ink.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub kind: Kind,
    pub bbox: [f32; 4],
    pub ink: bool,
}

type Matrix = [f32; 6];
const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `a` then `b`: the matrix of a point mapped by `a`, then by `b`.
fn concat(a: &Matrix, b: &Matrix) -> Matrix {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

fn apply(m: &Matrix, x: f32, y: f32) -> (f32, f32) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

/// The box round the corners of `[x0, y0, x1, y1]` mapped by `m`.
fn mapped_box(m: &Matrix, [x0, y0, x1, y1]: [f32; 4]) -> [f32; 4] {
    let corners = [
        apply(m, x0, y0),
        apply(m, x1, y0),
        apply(m, x0, y1),
        apply(m, x1, y1),
    ];
    let mut b = [
        f32::INFINITY,
        f32::INFINITY,
        f32::NEG_INFINITY,
        f32::NEG_INFINITY,
    ];
    for (x, y) in corners {
        b = [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)];
    }
    b
}

/// A Type0 font's glyph widths (in 1/1000 em) and its default width; and, read from the
/// embedded program (TrueType or CFF, through ttf-parser), each glyph's ink box in ems.
struct Widths {
    widths: BTreeMap<u32, f32>,
    default: f32,
    /// None: no program folio can read, so the run's box is the generous em box.
    boxes: Option<BTreeMap<u32, [f32; 4]>>,
}

/// Ignores the outline: only its bounding box is wanted.
struct NoOutline;

impl ttf_parser::OutlineBuilder for NoOutline {
    fn move_to(&mut self, _: f32, _: f32) {}
    fn line_to(&mut self, _: f32, _: f32) {}
    fn quad_to(&mut self, _: f32, _: f32, _: f32, _: f32) {}
    fn curve_to(&mut self, _: f32, _: f32, _: f32, _: f32, _: f32, _: f32) {}
    fn close(&mut self) {}
}

/// Each glyph's ink box, in ems, of the font program `data` (`cff`: a bare CFF program, as
/// FontFile3 holds it); glyphs without ink (a space) have none.
fn glyph_boxes(data: &[u8], cff: bool) -> Option<BTreeMap<u32, [f32; 4]>> {
    let mut out = BTreeMap::new();
    let to_box = |r: ttf_parser::Rect, scale: f32| {
        [
            f32::from(r.x_min) * scale,
            f32::from(r.y_min) * scale,
            f32::from(r.x_max) * scale,
            f32::from(r.y_max) * scale,
        ]
    };
    if cff {
        let table = ttf_parser::cff::Table::parse(data)?;
        let scale = table.matrix().sx;
        for gid in 0..table.number_of_glyphs() {
            if let Ok(r) = table.outline(ttf_parser::GlyphId(gid), &mut NoOutline) {
                out.insert(u32::from(gid), to_box(r, scale));
            }
        }
    } else {
        let face = ttf_parser::Face::parse(data, 0).ok()?;
        let scale = 1.0 / f32::from(face.units_per_em());
        for gid in 0..face.number_of_glyphs() {
            if let Some(r) = face.glyph_bounding_box(ttf_parser::GlyphId(gid)) {
                out.insert(u32::from(gid), to_box(r, scale));
            }
        }
    }
    Some(out)
}

impl Widths {
    fn of(doc: &Document, font: &Dictionary) -> Widths {
        let mut out = Widths {
            widths: BTreeMap::new(),
            default: 1000.0,
            boxes: None,
        };
        let descendant = font
            .get(b"DescendantFonts")
            .and_then(|d| deref(doc, d).as_array())
            .ok()
            .and_then(|a| a.first())
            .and_then(|d| deref(doc, d).as_dict().ok());
        let Some(cid) = descendant else {
            return out;
        };
        let descriptor = cid
            .get(b"FontDescriptor")
            .and_then(|d| deref(doc, d).as_dict())
            .ok();
        let program = |key: &[u8]| {
            descriptor
                .and_then(|d| d.get(key).ok())
                .and_then(|p| deref(doc, p).as_stream().ok())
                .map(|s| {
                    s.decompressed_content()
                        .unwrap_or_else(|_| s.content.clone())
                })
        };
        out.boxes = match (program(b"FontFile2"), program(b"FontFile3")) {
            (Some(ttf), _) => glyph_boxes(&ttf, false),
            (None, Some(cff)) => glyph_boxes(&cff, true),
            _ => None,
        };
        if let Ok(dw) = cid.get(b"DW").and_then(Object::as_float) {
            out.default = dw;
        }
        let Ok(w) = cid.get(b"W").and_then(|w| deref(doc, w).as_array()) else {
            return out;
        };
        // `c [w1 w2 ...]` or `c_first c_last w`.
        let mut i = 0;
        while i + 1 < w.len() {
            let first = w[i].as_i64().unwrap_or(0).max(0) as u32;
            match deref(doc, &w[i + 1]) {
                Object::Array(list) => {
                    for (k, v) in list.iter().enumerate() {
                        out.widths
                            .insert(first + k as u32, v.as_float().unwrap_or(out.default));
                    }
                    i += 2;
                }
                last if i + 2 < w.len() => {
                    let last = last.as_i64().unwrap_or(0).max(0) as u32;
                    let width = w[i + 2].as_float().unwrap_or(out.default);
                    for c in first..=last.min(first + 65_535) {
                        out.widths.insert(c, width);
                    }
                    i += 3;
                }
                _ => break,
            }
        }
        out
    }

    /// The glyphs of a string drawn from pen position `pen` (text space, before the size):
    /// the pen after them, and the union of their ink boxes into `ink`, in ems except the
    /// pen's advance which the caller scales. `step`: the advance of one glyph, in text
    /// space, given its width in 1/1000 em.
    fn show(
        &self,
        bytes: &[u8],
        pen: &mut f32,
        size: f32,
        step: &dyn Fn(f32) -> f32,
        ink: &mut [f32; 4],
    ) {
        for pair in bytes.chunks(2) {
            let gid = pair.iter().fold(0u32, |acc, b| acc << 8 | u32::from(*b));
            let width = self.widths.get(&gid).copied().unwrap_or(self.default);
            let glyph = match &self.boxes {
                Some(boxes) => boxes.get(&gid).map(|b| b.map(|v| v * size)),
                None => Some([
                    0.0,
                    -INK_DESCENT * size,
                    width / 1000.0 * size,
                    INK_ASCENT * size,
                ]),
            };
            if let Some([x0, y0, x1, y1]) = glyph {
                *ink = [
                    ink[0].min(*pen + x0),
                    ink[1].min(y0),
                    ink[2].max(*pen + x1),
                    ink[3].max(y1),
                ];
            }
            *pen += step(width);
        }
    }
}

fn deref<'a>(doc: &'a Document, obj: &'a Object) -> &'a Object {
    match obj {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(obj),
        _ => obj,
    }
}

/// The state `q` saves and `Q` restores.
#[derive(Clone)]
struct State {
    ctm: Matrix,
    fill_ink: bool,
    stroke_ink: bool,
    line_width: f32,
    font: Vec<u8>,
    size: f32,
    char_spacing: f32,
    scale: f32,
}

/// Whether a colour's operands leave ink: any grey below white, any CMYK above zero.
fn inks(operator: &str, operands: &[f32]) -> bool {
    match operator {
        "g" | "G" => operands.first().is_some_and(|v| *v < 0.999),
        "rg" | "RG" => operands.iter().any(|v| *v < 0.999),
        _ => operands.iter().any(|v| *v > 0.001),
    }
}

/// Every mark of page `page`, in the order drawn.
pub fn marks(doc: &Document, page: ObjectId) -> Vec<Mark> {
    let Ok(content) = doc.get_and_decode_page_content(page) else {
        return Vec::new();
    };
    let fonts: BTreeMap<Vec<u8>, Widths> = doc
        .get_page_fonts(page)
        .map(|fonts| {
            fonts
                .into_iter()
                .map(|(name, dict)| (name, Widths::of(doc, dict)))
                .collect()
        })
        .unwrap_or_default();
    let num = |o: &Object| o.as_float().unwrap_or(0.0);
    let mut state = State {
        ctm: IDENTITY,
        fill_ink: true,
        stroke_ink: true,
        line_width: 1.0,
        font: Vec::new(),
        size: 0.0,
        char_spacing: 0.0,
        scale: 1.0,
    };
    let mut stack = Vec::new();
    let (mut tm, mut line_start) = (IDENTITY, IDENTITY);
    let mut path: Vec<(f32, f32)> = Vec::new();
    let mut out = Vec::new();
    for op in &content.operations {
        let args: Vec<f32> = op.operands.iter().map(num).collect();
        let matrix = |a: &[f32]| -> Option<Matrix> { a.try_into().ok() };
        match op.operator.as_str() {
            "q" => stack.push(state.clone()),
            "Q" => {
                if let Some(s) = stack.pop() {
                    state = s;
                }
            }
            "cm" => {
                if let Some(m) = matrix(&args) {
                    state.ctm = concat(&m, &state.ctm);
                }
            }
            "w" => state.line_width = args.first().copied().unwrap_or(1.0),
            "g" | "rg" | "k" | "sc" | "scn" => state.fill_ink = inks(&op.operator, &args),
            "G" | "RG" | "K" | "SC" | "SCN" => state.stroke_ink = inks(&op.operator, &args),
            "BT" => (tm, line_start) = (IDENTITY, IDENTITY),
            "Tf" if op.operands.len() == 2 => {
                state.font = op.operands[0].as_name().unwrap_or_default().to_vec();
                state.size = args[1];
            }
            "Tc" => state.char_spacing = args.first().copied().unwrap_or(0.0),
            "Tz" => state.scale = args.first().copied().unwrap_or(100.0) / 100.0,
            "Tm" => {
                if let Some(m) = matrix(&args) {
                    (tm, line_start) = (m, m);
                }
            }
            "Td" | "TD" if args.len() == 2 => {
                line_start = concat(&[1.0, 0.0, 0.0, 1.0, args[0], args[1]], &line_start);
                tm = line_start;
            }
            "TJ" | "Tj" => {
                let unknown = Widths {
                    widths: BTreeMap::new(),
                    default: 1000.0,
                    boxes: None,
                };
                let font = fonts.get(&state.font).unwrap_or(&unknown);
                let (size, spacing, scale) = (state.size, state.char_spacing, state.scale);
                let step = |width: f32| (width / 1000.0 * size + spacing) * scale;
                let mut pen = 0.0;
                let mut ink = [
                    f32::INFINITY,
                    f32::INFINITY,
                    f32::NEG_INFINITY,
                    f32::NEG_INFINITY,
                ];
                let strings: &[Object] = match op.operands.first() {
                    Some(Object::Array(items)) => items,
                    Some(one) => std::slice::from_ref(one),
                    None => &[],
                };
                for item in strings {
                    match item {
                        Object::String(s, _) => font.show(s, &mut pen, size, &step, &mut ink),
                        other => pen -= num(other) / 1000.0 * size * scale,
                    }
                }
                let m = concat(&tm, &state.ctm);
                if ink[0].is_finite() {
                    out.push(Mark {
                        kind: Kind::Text,
                        bbox: mapped_box(&m, ink),
                        ink: state.fill_ink,
                    });
                }
                tm = concat(&[1.0, 0.0, 0.0, 1.0, pen, 0.0], &tm);
            }
            "m" | "l" if args.len() == 2 => path.push(apply(&state.ctm, args[0], args[1])),
            "c" if args.len() == 6 => {
                for p in args.chunks(2) {
                    path.push(apply(&state.ctm, p[0], p[1]));
                }
            }
            "re" if args.len() == 4 => {
                let [x, y, w, h] = [args[0], args[1], args[2], args[3]];
                for (px, py) in [(x, y), (x + w, y), (x, y + h), (x + w, y + h)] {
                    path.push(apply(&state.ctm, px, py));
                }
            }
            "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" | "S" | "s" => {
                let stroked = matches!(op.operator.as_str(), "S" | "s");
                if !path.is_empty() {
                    let half = if stroked {
                        // The line's half width, in page space (the matrix's scale).
                        let scale = (state.ctm[0].hypot(state.ctm[1]))
                            .max(state.ctm[2].hypot(state.ctm[3]));
                        state.line_width * scale / 2.0
                    } else {
                        0.0
                    };
                    let mut b = [
                        f32::INFINITY,
                        f32::INFINITY,
                        f32::NEG_INFINITY,
                        f32::NEG_INFINITY,
                    ];
                    for (x, y) in path.drain(..) {
                        b = [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)];
                    }
                    out.push(Mark {
                        kind: Kind::Path,
                        bbox: [b[0] - half, b[1] - half, b[2] + half, b[3] + half],
                        ink: if stroked {
                            state.stroke_ink
                        } else {
                            state.fill_ink
                        },
                    });
                }
            }
            "n" => path.clear(),
            "Do" => {
                let name = op.operands.first().and_then(|o| o.as_name().ok());
                out.push(Mark {
                    kind: Kind::Image(name.unwrap_or_default().to_vec()),
                    bbox: mapped_box(&state.ctm, [0.0, 0.0, 1.0, 1.0]),
                    ink: true,
                });
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrices_compose_in_the_order_pdf_applies_them() {
        // Translate by (10, 0) inside a quarter turn: the point (1, 0) ends at (0, 11).
        let turn = [0.0, 1.0, -1.0, 0.0, 0.0, 0.0];
        let shift = [1.0, 0.0, 0.0, 1.0, 10.0, 0.0];
        let m = concat(&shift, &turn);
        let (x, y) = apply(&m, 1.0, 0.0);
        assert!((x - 0.0).abs() < 1e-5 && (y - 11.0).abs() < 1e-5, "{x} {y}");
        assert_eq!(
            mapped_box(&turn, [0.0, 0.0, 2.0, 1.0]),
            [-1.0, 0.0, 0.0, 2.0]
        );
    }

    #[test]
    fn white_leaves_no_ink_and_any_tint_does() {
        assert!(!inks("g", &[1.0]));
        assert!(inks("g", &[0.5]));
        assert!(!inks("k", &[0.0, 0.0, 0.0, 0.0]));
        assert!(inks("k", &[0.0, 0.0, 0.0, 0.2]));
    }
}
