//! The printer's preflight: each rule of the book's printer profile and of its PDF/X level,
//! held against the files folio wrote, with pass or fail (`folio check --profile X`).
//!
//! Method. The rules are the profile's data (`manuscript::ProfileRules`); what they are
//! held against is read back from the written interior PDF where the file can say it (its
//! page count, TrimBox, the ink of its text from the content streams, its fonts, its header
//! version and PDF/X keys), and from the book's settings where it cannot (the gutter asked
//! for, the bleed, the ISBN). Written by hand over lopdf: no crate does a printer's
//! preflight, and the checks are a page of arithmetic.

use lopdf::{Document, Object};

use crate::manuscript::{Book, POINTS_PER_INCH};

/// One rule's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Pass,
    Fail,
    /// folio cannot tell from what it writes (said why in the detail).
    NotChecked,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::NotChecked => "not checked",
        }
    }
}

/// A rule of the report: its name, its verdict, and what was measured against what.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub name: &'static str,
    pub status: Status,
    pub detail: String,
}

fn rule(name: &'static str, pass: bool, detail: String) -> Rule {
    let status = if pass { Status::Pass } else { Status::Fail };
    Rule {
        name,
        status,
        detail,
    }
}

fn inches(points: f32) -> String {
    format!("{:.3} in", points / POINTS_PER_INCH)
}

/// The report for `book` (its settings as the command line left them) against the written
/// interior `pdf`; `images_soft`: the image-resolution warnings the build found.
pub fn report(book: &Book, pdf: &[u8], images_soft: usize) -> Result<Vec<Rule>, String> {
    let doc =
        Document::load_mem(pdf).map_err(|e| format!("the written PDF does not read back: {e}"))?;
    let print = &book.print;
    let rules = print.profile.rules();
    let bleed = print.bleed.is_some_and(|b| b > 0.0);
    let pages: Vec<_> = doc.get_pages().into_values().collect();
    let count = pages.len();
    let mut out = Vec::new();

    // Trim: every page's TrimBox is the book's trim.
    let want = print.trim;
    let mut trim_ok = true;
    let mut ink = f32::INFINITY;
    for id in &pages {
        let page = doc.get_dictionary(*id).map_err(|e| e.to_string())?;
        let trim_box = numbers(page.get(b"TrimBox").or_else(|_| page.get(b"MediaBox")).ok());
        let [x0, y0, x1, y1] = trim_box;
        trim_ok &= ((x1 - x0) - want.width).abs() < 0.5 && ((y1 - y0) - want.height).abs() < 0.5;
        ink = ink.min(text_ink_clearance(&doc, *id, [x0, y0, x1, y1]));
    }
    out.push(rule(
        "trim",
        trim_ok,
        format!(
            "{} × {} on every page",
            inches(want.width),
            inches(want.height)
        ),
    ));

    let (body_min, furniture_min) = rules.margins(bleed);
    let [top, bottom, inner, outer] = print.margins();
    let body = top.min(bottom).min(outer);
    out.push(rule(
        "margins: body",
        body + 0.01 >= body_min,
        format!(
            "{} from the trim, {} needed",
            inches(body),
            inches(body_min)
        ),
    ));
    out.push(rule(
        "margins: heads and folios",
        ink + 0.01 >= furniture_min,
        format!(
            "text ink {} from the trim at the closest (read from the PDF), {} needed",
            inches(ink),
            inches(furniture_min)
        ),
    ));
    let gutter = rules.min_gutter(count);
    out.push(rule(
        "gutter",
        inner + 0.01 >= gutter,
        format!(
            "{} inside for {count} pages, {} needed",
            inches(inner),
            inches(gutter)
        ),
    ));
    let (least, most) = rules.pages;
    let even = !rules.even_ending_blank || count % 2 == 0;
    out.push(rule(
        "page count",
        (least..=most).contains(&count) && even,
        format!(
            "{count} pages; {} prints {least} to {most}{}",
            rules.printer,
            if rules.even_ending_blank {
                ", an even count"
            } else {
                ""
            }
        ),
    ));
    let bleed_pt = print.bleed.unwrap_or(0.0);
    out.push(rule(
        "bleed",
        bleed_pt == 0.0 || bleed_pt + 0.01 >= 0.125 * POINTS_PER_INCH,
        if bleed_pt > 0.0 {
            format!(
                "{} on head, foot and fore-edge, 0.125 in needed",
                inches(bleed_pt)
            )
        } else {
            "none (no art printed to the edge)".to_owned()
        },
    ));

    // PDF/X: the level the printer takes, and what the file says it is.
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .and_then(|id| doc.get_dictionary(id))
        .ok();
    let claimed = info
        .and_then(|i| i.get(b"GTS_PDFXVersion").ok())
        .and_then(|v| v.as_str().ok())
        .map(|s| String::from_utf8_lossy(s).into_owned());
    let level_ok = rules.pdfx.is_empty() || print.pdfx.is_some_and(|l| rules.pdfx.contains(&l));
    let file_ok = match print.pdfx {
        None => claimed.is_none(),
        Some(level) => {
            let conformance = info
                .and_then(|i| i.get(b"GTS_PDFXConformance").ok())
                .and_then(|v| v.as_str().ok())
                .map(|s| String::from_utf8_lossy(s).into_owned());
            doc.version == level.pdf_version()
                && claimed.as_deref() == Some(level.version_name())
                && conformance.as_deref() == level.conformance()
        }
    };
    out.push(rule(
        "PDF/X",
        level_ok && file_ok,
        format!(
            "the file: PDF {}{}; {} takes {}",
            doc.version,
            claimed.map_or(String::new(), |c| format!(", {c}")),
            rules.printer,
            if rules.pdfx.is_empty() {
                "any PDF".to_owned()
            } else {
                "PDF/X-1a or PDF/X-4".to_owned()
            }
        ),
    ));

    let (fonts, embedded) = fonts_embedded(&doc);
    out.push(rule(
        "fonts embedded",
        fonts == embedded,
        format!("{embedded} of {fonts} fonts"),
    ));
    out.push(rule(
        "images resolution",
        images_soft == 0,
        if images_soft == 0 {
            "every image at print resolution".to_owned()
        } else {
            format!("{images_soft} images below print resolution (see the warnings)")
        },
    ));
    out.push(match rules.ink_limit {
        None => rule("ink limit", true, format!("{} publishes none", rules.printer)),
        // The cover is separated to CMYK within the limit whenever it is written as PDF/X
        // (`pdf::cmyk`); without PDF/X its art stays RGB and the printer's conversion decides.
        Some(limit) if print.pdfx.is_some() => rule(
            "ink limit",
            true,
            format!(
                "{limit:.0}% total: the interior is black only (100%); the cover's art is separated to CMYK within {limit:.0}%"
            ),
        ),
        Some(limit) => Rule {
            name: "ink limit",
            status: Status::NotChecked,
            detail: format!(
                "{limit:.0}% total: the interior is black only (100%); without PDF/X the cover's art stays RGB, so its ink is the printer's conversion's"
            ),
        },
    });
    let has_isbn = book.meta.isbn.print.is_some();
    out.push(rule(
        "barcode",
        !rules.barcode_required || has_isbn,
        match (rules.barcode_required, has_isbn) {
            (_, true) => "the cover carries the print ISBN's EAN-13".to_owned(),
            (true, false) => format!(
                "{} needs one on the cover: no `isbn: print:`",
                rules.printer
            ),
            (false, false) => format!("{} adds its own", rules.printer),
        },
    ));
    out.push(rule(
        "spine",
        true,
        match rules.spine_text_pages {
            Some(least) if count < least => {
                format!(
                    "blank: {} prints spine text from {least} pages",
                    rules.printer
                )
            }
            Some(least) => format!(
                "text allowed from {least} pages, {} from each fold",
                inches(rules.spine_margin)
            ),
            None => format!(
                "text when it fits, {} from each fold",
                inches(rules.spine_margin)
            ),
        },
    ));
    Ok(out)
}

fn numbers(obj: Option<&Object>) -> [f32; 4] {
    let mut r = [0.0; 4];
    if let Some(Ok(a)) = obj.map(Object::as_array) {
        for (slot, v) in r.iter_mut().zip(a) {
            *slot = v.as_float().unwrap_or(0.0);
        }
    }
    r
}

/// The least distance of any text's ink from the trim's edges on one page: each `Tm`'s
/// baseline, moved by the page's `cm` translations, with 0.8 em of ink above and 0.3 below,
/// and its start against the sides.
fn text_ink_clearance(doc: &Document, page: lopdf::ObjectId, trim: [f32; 4]) -> f32 {
    let Ok(content) = doc.get_and_decode_page_content(page) else {
        return f32::INFINITY;
    };
    let [x0, y0, x1, y1] = trim;
    let (mut ctm, mut stack, mut size) = ((0.0f32, 0.0f32), Vec::new(), 10.0f32);
    let mut least = f32::INFINITY;
    let num = |o: &Object| o.as_float().unwrap_or(0.0);
    for op in &content.operations {
        match op.operator.as_str() {
            "q" => stack.push(ctm),
            "Q" => ctm = stack.pop().unwrap_or((0.0, 0.0)),
            // Rotated frames hold no book text; translations are the bleed shift.
            "cm" if op.operands.len() == 6 && num(&op.operands[1]).abs() < 1e-6 => {
                ctm = (ctm.0 + num(&op.operands[4]), ctm.1 + num(&op.operands[5]));
            }
            "Tf" if op.operands.len() == 2 => size = num(&op.operands[1]),
            "Tm" if op.operands.len() == 6 => {
                let em = size * num(&op.operands[3]).abs().max(1e-3);
                let (x, y) = (num(&op.operands[4]) + ctm.0, num(&op.operands[5]) + ctm.1);
                least = least
                    .min(y - 0.3 * em - y0)
                    .min(y1 - (y + 0.8 * em))
                    .min(x - x0)
                    .min(x1 - x);
            }
            _ => {}
        }
    }
    least
}

/// Fonts in the file, and how many have their program embedded.
fn fonts_embedded(doc: &Document) -> (usize, usize) {
    let mut fonts = 0;
    let mut embedded = 0;
    for object in doc.objects.values() {
        let Ok(dict) = object.as_dict() else {
            continue;
        };
        if dict.get(b"Type").and_then(Object::as_name).ok() != Some(b"FontDescriptor") {
            continue;
        }
        fonts += 1;
        if [&b"FontFile"[..], b"FontFile2", b"FontFile3"]
            .iter()
            .any(|k| dict.get(k).is_ok())
        {
            embedded += 1;
        }
    }
    (fonts, embedded)
}
