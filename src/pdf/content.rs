//! Page content: typeset page items -> printpdf operations.
//!
//! Method. Each glyph run becomes `Tf` (when font or size changes), a `Tm` at the run's
//! baseline origin and a `TJ` of glyph ids (`TextItem::GlyphIds`). The typesetter's advances
//! include kerning and justification, so after each glyph we write the difference between
//! where the viewer's pen is (the /W width it knows) and where the typesetter put the next
//! glyph, as a TJ number in 1/1000 em (positive moves left). The difference is taken from the
//! running totals, not glyph by glyph, so rounding never accumulates along a line.
//!
//! Text for extraction: every glyph carries its canonical text (fonts.rs) as its
//! `Codepoint::cid`, which printpdf turns into ToUnicode. A cluster whose text differs from
//! that (a glyph standing for other letters here, or the mark glyphs after a cluster's first
//! glyph, which stand for nothing) is wrapped in a `/Span <</ActualText (...)>> BDC ... EMC`,
//! so extraction yields exactly the typesetter's text and glyphs with empty text add none.
//!
//! Rules are stroked paths, fills are grey rectangles, images are `Do` of an image XObject
//! scaled into their rectangle, turned frames are a `cm` rotation inside `q`..`Q`, and links
//! become link annotations without a border.

use std::collections::BTreeMap;

use printpdf::{
    Actions, BorderArray, Codepoint, Color, ColorArray, CurTransMat, Destination, DictItem,
    Greyscale, HighlightingMode, Line, LinePoint, LinkAnnotation, Op, PaintMode, PdfFontHandle,
    Point, Pt, Rect, TextItem, TextMatrix, XObjectId, XObjectTransform,
};

use super::fonts::SubsetFont;
use crate::typeset::page::{GlyphRun, LinkTarget, Page, PageItem};

/// The resource name of image `index` of the layout.
pub(crate) fn image_id(index: usize) -> XObjectId {
    XObjectId(format!("Im{index}"))
}

/// Kerns are written to 1/100 of a TJ unit (1/100000 em: 0.0001 pt at 11 pt).
const KERN_PRECISION: f64 = 100.0;

/// The operations drawing one page.
pub(crate) fn page_ops(page: &Page, fonts: &[Option<SubsetFont>]) -> Vec<Op> {
    let mut w = PageWriter {
        ops: Vec::with_capacity(page.items.len() * 4 + 2),
        in_text: false,
        font: None,
        line_width: None,
    };
    w.items(&page.items, fonts);
    w.end_text();
    w.ops
}

impl PageWriter {
    fn items(&mut self, items: &[PageItem], fonts: &[Option<SubsetFont>]) {
        let w = self;
        for item in items {
            match item {
                PageItem::Text(run) => {
                    // `prepare` has checked the font index and collected every used font.
                    if let Some(Some(font)) = fonts.get(run.font.0) {
                        w.run(run, font);
                    }
                }
                PageItem::Rule {
                    x0,
                    y0,
                    x1,
                    y1,
                    width,
                } => w.rule((*x0, *y0), (*x1, *y1), *width),
                PageItem::Image {
                    image,
                    x,
                    y,
                    width,
                    height,
                } => w.image(*image, *x, *y, *width, *height),
                PageItem::Link {
                    x,
                    y,
                    width,
                    height,
                    target,
                } => w.link(*x, *y, *width, *height, target),
                PageItem::Fill {
                    x,
                    y,
                    width,
                    height,
                    grey,
                } => w.fill(*x, *y, *width, *height, *grey),
                PageItem::Rotated { x, y, angle, items } => {
                    w.end_text();
                    // The frame lasts from q to Q; the text state and line width set inside it
                    // end with it, so the writer's memory of them is restored too.
                    let (font, line_width) = (w.font, w.line_width);
                    let (sin, cos) = angle.to_radians().sin_cos();
                    w.ops.push(Op::SaveGraphicsState);
                    w.ops.push(Op::SetTransformationMatrix {
                        matrix: CurTransMat::Raw([cos, sin, -sin, cos, *x, *y]),
                    });
                    w.items(items, fonts);
                    w.end_text();
                    w.ops.push(Op::RestoreGraphicsState);
                    (w.font, w.line_width) = (font, line_width);
                }
            }
        }
    }
}

struct PageWriter {
    ops: Vec<Op>,
    in_text: bool,
    /// The font and size last set with `Tf` (text state survives `ET`/`BT`).
    font: Option<(usize, u32)>,
    line_width: Option<u32>,
}

impl PageWriter {
    fn begin_text(&mut self) {
        if !self.in_text {
            self.ops.push(Op::StartTextSection);
            self.in_text = true;
        }
    }

    /// Path and image operators are not allowed inside `BT`..`ET`.
    fn end_text(&mut self) {
        if self.in_text {
            self.ops.push(Op::EndTextSection);
            self.in_text = false;
        }
    }

    fn run(&mut self, run: &GlyphRun, font: &SubsetFont) {
        if run.glyphs.is_empty() {
            return;
        }
        self.begin_text();
        let key = (run.font.0, run.size.to_bits());
        if self.font != Some(key) {
            self.ops.push(Op::SetFont {
                font: PdfFontHandle::External(font.id.clone()),
                size: Pt(run.size),
            });
            self.font = Some(key);
        }
        self.ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(Pt(run.x), Pt(run.y)),
        });

        let to_units = 1000.0 / f64::from(run.size);
        let last = run.glyphs.len() - 1;
        let mut ideal = 0.0f64; // where the typesetter puts the pen, in 1/1000 em
        let mut pen = 0.0f64; // where the viewer's pen is, in 1/1000 em
        let mut glyphs = Vec::with_capacity(run.glyphs.len());
        for (i, g) in run.glyphs.iter().enumerate() {
            let (gid, width, text) = font.glyph(g.id);
            pen += width;
            ideal += f64::from(g.advance) * to_units;
            let mut offset = 0.0f32;
            if i != last {
                offset = (((pen - ideal) * KERN_PRECISION).round() / KERN_PRECISION) as f32;
                pen -= f64::from(offset);
            }
            glyphs.push(Codepoint {
                gid,
                offset,
                cid: Some(text.to_owned()),
            });
        }

        let mut glyphs = glyphs.into_iter();
        for span in spans(run, |id| font.glyph(id).2) {
            let part: Vec<Codepoint> = glyphs.by_ref().take(span.end - span.start).collect();
            match span.actual_text {
                None => self.show(part),
                Some(text) => {
                    self.ops.push(Op::BeginMarkedContentWithProperties {
                        tag: "Span".into(),
                        properties: DictItem::Dict {
                            map: BTreeMap::from([(
                                "ActualText".to_owned(),
                                DictItem::String {
                                    data: utf16be(&text),
                                    literal: false,
                                },
                            )]),
                        },
                    });
                    self.show(part);
                    self.ops.push(Op::EndMarkedContentWithProperties);
                }
            }
        }
    }

    fn show(&mut self, glyphs: Vec<Codepoint>) {
        self.ops.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(glyphs)],
        });
    }

    fn rule(&mut self, from: (f32, f32), to: (f32, f32), width: f32) {
        self.end_text();
        if self.line_width != Some(width.to_bits()) {
            self.ops.push(Op::SetOutlineThickness { pt: Pt(width) });
            self.line_width = Some(width.to_bits());
        }
        let point = |(x, y): (f32, f32)| LinePoint {
            p: Point { x: Pt(x), y: Pt(y) },
            bezier: false,
        };
        self.ops.push(Op::DrawLine {
            line: Line {
                points: vec![point(from), point(to)],
                is_closed: false,
            },
        });
    }

    /// A filled rectangle in DeviceGray (the only colour space folio draws in, so PDF/X-1a
    /// files stay free of RGB); the colour is set inside q..Q so text stays black.
    fn fill(&mut self, x: f32, y: f32, width: f32, height: f32, grey: f32) {
        self.end_text();
        self.ops.push(Op::SaveGraphicsState);
        self.ops.push(Op::SetFillColor {
            col: Color::Greyscale(Greyscale::new(grey.clamp(0.0, 1.0), None)),
        });
        self.ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: Pt(x),
                y: Pt(y),
                width: Pt(width),
                height: Pt(height),
                mode: Some(PaintMode::Fill),
                winding_order: None,
            },
        });
        self.ops.push(Op::RestoreGraphicsState);
    }

    fn image(&mut self, index: usize, x: f32, y: f32, width: f32, height: f32) {
        self.end_text();
        // An image XObject fills the unit square; scale it into the rectangle ourselves
        // rather than through printpdf's dpi-based sizing.
        self.ops.push(Op::SaveGraphicsState);
        self.ops.push(Op::SetTransformationMatrix {
            matrix: CurTransMat::Raw([width, 0.0, 0.0, height, x, y]),
        });
        self.ops.push(Op::UseXobject {
            id: image_id(index),
            transform: XObjectTransform {
                no_auto_scale: true,
                ..Default::default()
            },
        });
        self.ops.push(Op::RestoreGraphicsState);
    }

    fn link(&mut self, x: f32, y: f32, width: f32, height: f32, target: &LinkTarget) {
        let actions = match target {
            // printpdf numbers pages from 1; /XYZ left and zoom stay as they are.
            LinkTarget::Internal { page, y } => Actions::Goto(Destination::Xyz {
                page: page + 1,
                left: None,
                top: Some(*y),
                zoom: None,
            }),
            LinkTarget::External(uri) => Actions::Uri(ascii_uri(uri)),
        };
        self.ops.push(Op::LinkAnnotation {
            link: LinkAnnotation {
                rect: Rect {
                    x: Pt(x),
                    y: Pt(y),
                    width: Pt(width),
                    height: Pt(height),
                    mode: None,
                    winding_order: None,
                },
                actions,
                border: BorderArray::Solid([0.0, 0.0, 0.0]),
                color: ColorArray::Transparent,
                highlighting: HighlightingMode::Invert,
            },
        });
    }
}

/// A stretch of a run's glyphs, with the ActualText to give it when its glyphs' ToUnicode
/// texts would not say what the typesetter says.
#[derive(Debug, PartialEq)]
struct Span {
    start: usize,
    end: usize,
    actual_text: Option<String>,
}

/// Splits a run into stretches whose glyphs extract as their canonical texts and stretches
/// that need ActualText. A cluster is a glyph with text and the empty-text glyphs after it;
/// it extracts correctly on its own only if it is one glyph whose text is its canonical one.
fn spans<'a>(run: &GlyphRun, canonical: impl Fn(u16) -> &'a str) -> Vec<Span> {
    let glyphs = &run.glyphs;
    let mut out: Vec<Span> = Vec::new();
    let mut i = 0;
    while i < glyphs.len() {
        let mut end = i + 1;
        while end < glyphs.len() && glyphs[end].text.is_empty() {
            end += 1;
        }
        let text = &glyphs[i].text;
        let plain = end == i + 1 && !text.is_empty() && canonical(glyphs[i].id) == text;
        match out.last_mut() {
            Some(span) if span.actual_text.is_none() == plain => {
                span.end = end;
                if let Some(actual) = &mut span.actual_text {
                    actual.push_str(text);
                }
            }
            _ => out.push(Span {
                start: i,
                end,
                actual_text: (!plain).then(|| text.clone()),
            }),
        }
        i = end;
    }
    out
}

/// A PDF text string: UTF-16BE with a byte order mark (ISO 32000-1, 7.9.2.2).
pub(crate) fn utf16be(text: &str) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(2 + text.len() * 2);
    bytes.extend_from_slice(&[0xFE, 0xFF]);
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    bytes
}

/// URI actions take 7-bit ASCII (ISO 32000-1, 12.6.4.7): percent-encode anything else.
fn ascii_uri(uri: &str) -> String {
    let mut out = String::with_capacity(uri.len());
    for b in uri.bytes() {
        if b.is_ascii_graphic() {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::typeset::page::{FontId, Glyph};

    /// A run of glyphs given as (id, text); `spans` sees glyph 1 as "e", 2 as "fi", 3 as
    /// " " and 9 (a mark) as nothing.
    fn spans_of(glyphs: &[(u16, &str)]) -> Vec<(usize, usize, Option<String>)> {
        let run = GlyphRun {
            font: FontId(0),
            size: 10.0,
            x: 0.0,
            y: 0.0,
            glyphs: glyphs
                .iter()
                .map(|(id, text)| Glyph {
                    id: *id,
                    advance: 5.0,
                    text: (*text).to_owned(),
                })
                .collect(),
        };
        let canonical = |id: u16| match id {
            1 => "e",
            2 => "fi",
            3 => " ",
            _ => "",
        };
        spans(&run, canonical)
            .into_iter()
            .map(|s| (s.start, s.end, s.actual_text))
            .collect()
    }

    #[test]
    fn glyphs_that_say_their_canonical_text_need_no_actual_text() {
        assert_eq!(
            spans_of(&[(1, "e"), (3, " "), (2, "fi")]),
            vec![(0, 3, None)]
        );
    }

    #[test]
    fn a_cluster_with_a_mark_gets_its_text_as_actual_text() {
        let got = spans_of(&[(2, "fi"), (1, "e\u{301}"), (9, ""), (1, "e"), (3, " ")]);
        assert_eq!(
            got,
            vec![(0, 1, None), (1, 3, Some("e\u{301}".into())), (3, 5, None)]
        );
    }

    #[test]
    fn neighbouring_odd_clusters_share_one_span() {
        // Glyph 2 standing for "f" here (not its canonical "fi"), then a mark cluster.
        let got = spans_of(&[(2, "f"), (1, "é"), (9, ""), (3, " ")]);
        assert_eq!(got, vec![(0, 3, Some("fé".into())), (3, 4, None)]);
    }

    #[test]
    fn glyphs_without_text_extract_as_nothing() {
        assert_eq!(
            spans_of(&[(9, ""), (9, "")]),
            vec![(0, 2, Some(String::new()))]
        );
        assert_eq!(
            spans_of(&[(9, ""), (1, "e")]),
            vec![(0, 1, Some(String::new())), (1, 2, None)]
        );
    }

    #[test]
    fn uri_is_percent_encoded_outside_ascii() {
        assert_eq!(
            ascii_uri("https://example.org/a b/ü"),
            "https://example.org/a%20b/%C3%BC"
        );
        assert_eq!(
            ascii_uri("https://example.org/x?y=1#z"),
            "https://example.org/x?y=1#z"
        );
    }

    #[test]
    fn utf16be_has_bom() {
        assert_eq!(utf16be("é"), vec![0xFE, 0xFF, 0x00, 0xE9]);
    }
}
