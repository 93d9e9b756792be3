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

use super::ink;

use crate::diag::{Diagnostic, Diagnostics};
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
    /// The `print:` key a failure is shown at (`margins.inner`), when one is to blame; else
    /// the failure is shown at `profile`, the setting that asks for the rule.
    pub key: Option<&'static str>,
    /// What to do about a failure.
    pub hint: String,
}

fn rule(name: &'static str, pass: bool, detail: String) -> Rule {
    let status = if pass { Status::Pass } else { Status::Fail };
    Rule {
        name,
        status,
        detail,
        key: None,
        hint: String::new(),
    }
}

impl Rule {
    /// The key to blame and the hint, for when the rule fails.
    fn blame(mut self, key: Option<&'static str>, hint: impl Into<String>) -> Rule {
        self.key = key;
        self.hint = hint.into();
        self
    }
}

/// Every failed rule of `report` as an error, at its book.yaml key's line (else at
/// `profile`'s, else in book.yaml), with what was measured and a hint: what `folio build`
/// stops on, before writing, when the book names a printer.
pub fn failures(book: &Book, report: &[Rule]) -> Diagnostics {
    let places = &book.print.places;
    let profile = book.print.profile;
    let mut out = Diagnostics::default();
    for r in report.iter().filter(|r| r.status == Status::Fail) {
        let d = Diagnostic::error(format!(
            "the print files fail the {} profile's preflight rule `{}`: {}",
            profile.name(),
            r.name,
            r.detail
        ))
        .hint(r.hint.clone());
        let key = r.key.filter(|k| places.has(k)).unwrap_or("profile");
        out.push(places.at(key, d));
    }
    out
}

/// A build is held to the printer's rules when the book names a printer: `print: profile:`
/// in book.yaml, or `--profile` (`given_on_command_line`). A book that names none is
/// built as before, whatever `generic`'s rules would say.
pub fn apply_to(book: &Book, given_on_command_line: bool) -> bool {
    given_on_command_line || book.print.places.has("profile")
}

/// The resolution a printer asks of cover art (the cover's own, `cover::art`).
const COVER_ART_PPI: f32 = 300.0;

fn inches(points: f32) -> String {
    format!("{:.3} in", points / POINTS_PER_INCH)
}

/// The report for `book` (its settings as the command line left them) against the written
/// interior `pdf` and, when it was made, the `cover` wrap; `images_soft`: the
/// image-resolution warnings the build found.
pub fn report(
    book: &Book,
    pdf: &[u8],
    cover: Option<&[u8]>,
    images_soft: usize,
) -> Result<Vec<Rule>, String> {
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
    )
    .blame(
        Some("trim"),
        "folio sets every page's TrimBox to `trim`; a page that differs is a bug in folio, please report it",
    ));

    let (body_min, furniture_min) = rules.margins(bleed);
    let [top, bottom, inner, outer] = print.margins();
    let body = top.min(bottom).min(outer);
    let narrowest = if body == top {
        "margins.top"
    } else if body == bottom {
        "margins.bottom"
    } else {
        "margins.outer"
    };
    out.push(
        rule(
            "margins: body",
            body + 0.01 >= body_min,
            format!(
                "{} from the trim, {} needed",
                inches(body),
                inches(body_min)
            ),
        )
        .blame(
            Some(narrowest),
            format!(
                "set `print: {}: {}` or more, or leave it out for folio's default",
                narrowest.replace('.', ": "),
                inches(body_min)
            ),
        ),
    );
    out.push(rule(
        "margins: heads and folios",
        ink + 0.01 >= furniture_min,
        format!(
            "text ink {} from the trim at the closest (read from the PDF), {} needed",
            inches(ink),
            inches(furniture_min)
        ),
    )
    .blame(
        Some(if top <= bottom { "margins.top" } else { "margins.bottom" }),
        "widen the top and bottom margins, or leave them out: folio's defaults keep heads and folios inside every profile's safe zone",
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
    )
    .blame(
        Some("margins.inner"),
        format!(
            "set `print: margins: inner: {}` or more, or leave `inner` out and folio widens the gutter itself",
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
    )
    .blame(
        None,
        format!(
            "a book of {count} pages cannot be printed by {}: lengthen it, or change `trim` or `font-size`; \
             for a proof, build with --allow-preflight-failures",
            rules.printer
        ),
    ));
    let bleed_pt = print.bleed.unwrap_or(0.0);
    out.push(
        rule(
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
        )
        .blame(
            Some("bleed"),
            "write `bleed: true` (0.125 in), or leave `bleed` out when nothing prints to the edge",
        ),
    );

    out.push(pdfx_rule("PDF/X", &doc, book));

    let (fonts, embedded) = fonts_embedded(&doc);
    out.push(
        rule(
            "fonts embedded",
            fonts == embedded,
            format!("{embedded} of {fonts} fonts"),
        )
        .blame(
            None,
            "folio embeds every font it uses; one left out is a bug in folio, please report it",
        ),
    );
    out.push(rule(
        "images resolution",
        images_soft == 0,
        if images_soft == 0 {
            "every image at print resolution".to_owned()
        } else {
            format!("{images_soft} images below print resolution (see the warnings)")
        },
    )
    .blame(
        None,
        "replace each image the warnings name with one of at least 300 pixels per inch at its printed width",
    ));
    out.push(interior_ink(&doc, &pages));
    match cover {
        Some(cover) => out.extend(cover_rules(book, cover, count)?),
        None => out.push(Rule {
            name: "cover",
            status: Status::NotChecked,
            detail: "no cover wrap among the files".to_owned(),
            key: None,
            hint: String::new(),
        }),
    }
    Ok(out)
}

/// The PDF/X level the printer takes, and what the file says it is (header version, Info
/// keys, an output intent).
fn pdfx_rule(name: &'static str, doc: &Document, book: &Book) -> Rule {
    let print = &book.print;
    let rules = print.profile.rules();
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
    let intents = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"OutputIntents").ok())
        .map(|i| match i {
            Object::Reference(id) => doc.get_object(*id).ok(),
            other => Some(other),
        })
        .and_then(|i| i.and_then(|i| i.as_array().ok()).map(Vec::len))
        .unwrap_or(0);
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
                && intents == 1
        }
    };
    rule(
        name,
        level_ok && file_ok,
        format!(
            "the file: PDF {}{}{}; {} takes {}",
            doc.version,
            claimed.map_or(String::new(), |c| format!(", {c}")),
            if intents > 0 {
                ", an output intent"
            } else {
                ""
            },
            rules.printer,
            if rules.pdfx.is_empty() {
                "any PDF".to_owned()
            } else {
                "PDF/X-1a or PDF/X-4".to_owned()
            }
        ),
    )
    .blame(
        Some("pdfx"),
        "write `pdfx: x1a` or `pdfx: x4` under `print:`, or build with `--print pdfx4`",
    )
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

/// The interior's ink: its type and rules paint in grey (DeviceGray: black ink alone, 100 %
/// at most), and its images' most ink where they are CMYK.
fn interior_ink(doc: &Document, pages: &[lopdf::ObjectId]) -> Rule {
    let mut colour_ops = 0;
    let mut most: f32 = 0.0;
    for id in pages {
        if let Ok(content) = doc.get_and_decode_page_content(*id) {
            colour_ops += content
                .operations
                .iter()
                .filter(|op| {
                    matches!(
                        op.operator.as_str(),
                        "rg" | "RG" | "k" | "K" | "sc" | "scn" | "SC" | "SCN"
                    )
                })
                .count();
        }
        for mark in ink::marks(doc, *id) {
            if let ink::Kind::Image(name) = &mark.kind {
                if let Some(Ok(percent)) = image_ink(doc, *id, name) {
                    most = most.max(percent);
                }
            }
        }
    }
    rule(
        "ink limit",
        colour_ops == 0,
        if colour_ops == 0 {
            format!(
                "the interior's type and rules in black ink alone (100 %){}",
                if most > 0.0 {
                    format!("; its CMYK images reach {most:.0} %")
                } else {
                    String::new()
                }
            )
        } else {
            format!("{colour_ops} colour operators besides grey in the interior's pages")
        },
    )
    .blame(
        None,
        "folio prints the interior's type in black ink alone; colour there is a bug in folio, please report it",
    )
}

/// The total ink of image `name` of `page` at its darkest pixel, in percent: Some(Ok) for a
/// CMYK image folio can read back, Some(Err) naming the colour space of another, None when
/// the page names no such image.
fn image_ink(doc: &Document, page: lopdf::ObjectId, name: &[u8]) -> Option<Result<f32, String>> {
    let stream = image_stream(doc, page, name)?;
    let space = stream
        .dict
        .get(b"ColorSpace")
        .and_then(Object::as_name)
        .unwrap_or(b"?");
    if space != b"DeviceCMYK" {
        return Some(Err(String::from_utf8_lossy(space).into_owned()));
    }
    let width = stream.dict.get(b"Width").and_then(Object::as_i64).ok()? as u32;
    let height = stream.dict.get(b"Height").and_then(Object::as_i64).ok()? as u32;
    let filter = stream.dict.get(b"Filter").and_then(Object::as_name).ok();
    let mut samples = if filter == Some(b"DCTDecode".as_slice()) {
        // A CMYK JPEG passed through: Adobe's inverted samples, read as the cover read them.
        crate::cover::cmyk_jpeg_ink(&stream.content, width, height)?
    } else {
        stream.decompressed_content().ok()?
    };
    let inverted = stream
        .dict
        .get(b"Decode")
        .and_then(Object::as_array)
        .is_ok_and(|d| d.first().and_then(|v| v.as_float().ok()) == Some(1.0));
    if inverted && filter != Some(b"DCTDecode".as_slice()) {
        samples.iter_mut().for_each(|v| *v = 255 - *v);
    }
    let most = samples
        .chunks_exact(4)
        .map(|p| p.iter().map(|v| u32::from(*v)).sum::<u32>())
        .max()
        .unwrap_or(0);
    Some(Ok(most as f32 * 100.0 / 255.0))
}

/// Image XObject `name` of `page`: in the page's own resources or in those it inherits.
fn image_stream<'a>(
    doc: &'a Document,
    page: lopdf::ObjectId,
    name: &[u8],
) -> Option<&'a lopdf::Stream> {
    let (inline, inherited) = doc.get_page_resources(page).ok()?;
    let dicts = inline.into_iter().chain(
        inherited
            .iter()
            .filter_map(|id| doc.get_dictionary(*id).ok()),
    );
    for resources in dicts {
        let Ok(xobjects) = resources.get(b"XObject") else {
            continue;
        };
        let xobjects = match xobjects {
            Object::Reference(id) => doc.get_dictionary(*id).ok(),
            other => other.as_dict().ok(),
        };
        let found = xobjects
            .and_then(|x| x.get(name).ok())
            .and_then(|o| match o {
                Object::Reference(id) => doc.get_object(*id).ok()?.as_stream().ok(),
                other => other.as_stream().ok(),
            });
        if found.is_some() {
            return found;
        }
    }
    None
}

/// The box `b` held inside `[x0, x1]` across and `[y0, y1]` up with `margin` kept: the least
/// distance left, negative when it crosses.
fn clearance(b: &[f32; 4], (x0, x1): (f32, f32), (y0, y1): (f32, f32)) -> f32 {
    (b[0] - x0).min(x1 - b[2]).min(b[1] - y0).min(y1 - b[3])
}

/// The cover wrap's rules, read from the written cover: its size for the book's page count,
/// bleed, spine text where the printer's page rule allows it, the barcode where the printer
/// asks for one, the back copy, spine and front inside their safe zones, the ink of the art
/// and the PDF/X keys of the file. Also the whole report for a cover written without its
/// interior (`folio build --cover --epub`), for a book of `pages` pages.
pub fn cover_rules(book: &Book, cover: &[u8], pages: usize) -> Result<Vec<Rule>, String> {
    let doc = Document::load_mem(cover)
        .map_err(|e| format!("the written cover does not read back: {e}"))?;
    let print = &book.print;
    let rules = print.profile.rules();
    let page = *doc
        .get_pages()
        .values()
        .next()
        .ok_or("the written cover has no page")?;
    let dict = doc.get_dictionary(page).map_err(|e| e.to_string())?;
    let media = numbers(dict.get(b"MediaBox").ok());
    let trim = numbers(dict.get(b"TrimBox").or_else(|_| dict.get(b"MediaBox")).ok());
    let bleed_box = numbers(
        dict.get(b"BleedBox")
            .or_else(|_| dict.get(b"MediaBox"))
            .ok(),
    );
    let mut out = Vec::new();

    // Size: back and front at the book's trim, the spine as thick as its pages.
    let g = crate::cover::CoverGeometry::new((print.trim.width, print.trim.height), pages, print)
        .turning(crate::page::Progression::of_language(&book.meta.language));
    let (width, height) = (trim[2] - trim[0], trim[3] - trim[1]);
    out.push(
        rule(
            "cover: trim",
            (width - g.width()).abs() < 0.5 && (height - g.trim_height).abs() < 0.5,
            format!(
                "{} × {}: back and front of {}, a spine of {} for {pages} pages",
                inches(width),
                inches(height),
                inches(g.trim_width),
                inches(g.spine)
            ),
        )
        .blame(
            Some("paper"),
            "folio sizes the wrap from the interior's pages and `paper`; a wrap that differs is a bug in folio, please report it",
        ),
    );
    let bleed = (trim[0] - bleed_box[0])
        .min(trim[1] - bleed_box[1])
        .min(bleed_box[2] - trim[2])
        .min(bleed_box[3] - trim[3])
        .min(trim[0] - media[0]);
    out.push(
        rule(
            "cover: bleed",
            bleed + 0.01 >= 0.125 * POINTS_PER_INCH,
            format!("{} on all four edges, 0.125 in needed", inches(bleed)),
        )
        .blame(
            Some("bleed"),
            "leave `bleed` out (a cover always gets 0.125 in), or write `bleed: true`",
        ),
    );

    // Where each panel is, in the file's space: back, spine, front.
    let (x0, y0) = (trim[0], trim[1]);
    let span = |left: f32, w: f32| (x0 + left, x0 + left + w);
    let back = span(g.back_left(), g.trim_width);
    let front = span(g.front_left(), g.trim_width);
    let spine = span(g.spine_left(), g.spine);
    let marks = ink::marks(&doc, page);
    let in_panel = |m: &ink::Mark, (a, b): (f32, f32)| {
        let centre = (m.bbox[0] + m.bbox[2]) / 2.0;
        centre >= a && centre < b
    };
    // Type and the barcode's bars: the marks that must keep to the safe zones (the art
    // bleeds by design, and a white box leaves no ink).
    let kept: Vec<&ink::Mark> = marks
        .iter()
        .filter(|m| m.ink && !matches!(m.kind, ink::Kind::Image(_)))
        .collect();
    let spine_text = kept
        .iter()
        .filter(|m| m.kind == ink::Kind::Text && in_panel(m, spine))
        .count();
    let allowed = rules.spine_text_pages.is_none_or(|least| pages >= least);
    out.push(
        rule(
            "cover: spine text",
            spine_text == 0 || allowed,
            match (spine_text, rules.spine_text_pages) {
                (0, Some(least)) if pages < least => format!(
                    "blank: {} prints spine text from {least} pages, the book has {pages}",
                    rules.printer
                ),
                (0, _) => format!("blank at {pages} pages: the type did not fit (see the warnings)"),
                (n, Some(least)) => format!(
                    "{n} runs of type at {pages} pages; {} allows spine text from {least}",
                    rules.printer
                ),
                (n, None) => format!("{n} runs of type at {pages} pages"),
            },
        )
        .blame(
            None,
            "folio sets spine text only from the printer's page count; type on a thinner spine is a bug in folio, please report it",
        ),
    );

    let bars = kept
        .iter()
        .filter(|m| m.kind == ink::Kind::Path && in_panel(m, back))
        .filter(|m| m.bbox[2] - m.bbox[0] < 0.05 * POINTS_PER_INCH)
        .count();
    // An EAN-13 is 30 bars (guards included); the EAN-5 add-on adds 14.
    let has_barcode = bars >= 30;
    out.push(
        rule(
            "cover: barcode",
            has_barcode || !rules.barcode_required,
            match (has_barcode, rules.barcode_required) {
                (true, _) => format!("the back carries the ISBN's EAN-13 ({bars} bars)"),
                (false, true) => format!("{} needs one on the back: none drawn", rules.printer),
                (false, false) => format!("none on the back: {} adds its own", rules.printer),
            },
        )
        .blame(
            None,
            "add `isbn:` with `print: 978-...` (the print edition's own ISBN) to book.yaml",
        ),
    );

    // Safe zones: the profile's margin from the trim and the folds on back and front (at
    // least an eighth of an inch: the trim's own tolerance), the spine margin from each fold.
    let panel_safe = rules.furniture_margin.0.max(0.125 * POINTS_PER_INCH);
    let height_span = (y0, y0 + g.trim_height);
    let mut least = [f32::INFINITY; 3];
    for m in &kept {
        for (i, (panel, margin)) in [
            (back, panel_safe),
            (spine, rules.spine_margin),
            (front, panel_safe),
        ]
        .into_iter()
        .enumerate()
        {
            if in_panel(m, panel) {
                let across = clearance(&m.bbox, panel, (-f32::INFINITY, f32::INFINITY)) - margin;
                let along =
                    clearance(&m.bbox, (-f32::INFINITY, f32::INFINITY), height_span) - panel_safe;
                least[i] = least[i].min(across.min(along));
            }
        }
    }
    let shown = |v: f32| {
        if v.is_finite() {
            format!("{} to spare", inches(v))
        } else {
            "no type".to_owned()
        }
    };
    out.push(
        rule(
            "cover: safe zones",
            least.iter().all(|v| *v >= -0.01),
            format!(
                "back {}, spine {}, front {} (type {} from the trim and folds, {} on the spine)",
                shown(least[0]),
                shown(least[1]),
                shown(least[2]),
                inches(panel_safe),
                inches(rules.spine_margin)
            ),
        )
        .blame(
            None,
            "folio keeps the cover's type inside the safe zones; type outside is a bug in folio, please report it",
        ),
    );

    // The art's resolution: its pixels across the width it is printed at.
    let least_ppi = marks
        .iter()
        .filter_map(|m| match &m.kind {
            ink::Kind::Image(name) => {
                let stream = image_stream(&doc, page, name)?;
                let pixels = stream.dict.get(b"Width").and_then(Object::as_float).ok()?;
                let wide = (m.bbox[2] - m.bbox[0]) / POINTS_PER_INCH;
                (wide > 0.0).then_some(pixels / wide)
            }
            _ => None,
        })
        .reduce(f32::min);
    out.push(
        rule(
            "cover: art resolution",
            least_ppi.is_none_or(|ppi| ppi + 0.5 >= COVER_ART_PPI),
            match least_ppi {
                Some(ppi) => format!("{ppi:.0} pixels an inch, {COVER_ART_PPI:.0} needed"),
                None => "no art".to_owned(),
            },
        )
        .blame(
            None,
            "supply the cover art at 300 pixels an inch over the front and its bleed (see the warning)",
        ),
    );

    // The art's ink, measured from its samples.
    let limit = rules
        .ink_limit
        .unwrap_or(f32::from(crate::pdf::PROCESS_INK_LIMIT));
    let mut most: Option<f32> = None;
    let mut other = None;
    for m in &marks {
        if let ink::Kind::Image(name) = &m.kind {
            match image_ink(&doc, page, name) {
                Some(Ok(percent)) => most = Some(most.unwrap_or(0.0).max(percent)),
                Some(Err(space)) => other = Some(space),
                None => {}
            }
        }
    }
    out.push(match (most, other) {
        (_, Some(space)) if print.pdfx.is_none() => Rule {
            name: "cover: ink limit",
            status: Status::NotChecked,
            detail: format!(
                "the art is {space}, not separated without PDF/X: its ink is the printer's conversion's"
            ),
            key: None,
            hint: String::new(),
        },
        (_, Some(space)) => rule(
            "cover: ink limit",
            false,
            format!("the art is {space} in a PDF/X cover, not CMYK"),
        )
        .blame(Some("pdfx"), "this is a bug in folio; please report it"),
        (Some(percent), None) => rule(
            "cover: ink limit",
            percent <= limit + 0.5,
            format!(
                "the art's darkest pixel {percent:.0} % total ink, {limit:.0} % allowed{}",
                if rules.ink_limit.is_some() {
                    format!(" by {}", rules.printer)
                } else {
                    " (the press's usual limit)".to_owned()
                }
            ),
        )
        .blame(
            None,
            format!(
                "give the cover art with no more than {limit:.0} % total ink (a CMYK JPEG is passed through as it is), or RGB art, which folio separates within the limit"
            ),
        ),
        (None, None) => rule(
            "cover: ink limit",
            true,
            "no art: type and rules in black ink alone (100 %)".to_owned(),
        ),
    });
    out.push(pdfx_rule("cover: PDF/X", &doc, book));
    let (fonts, embedded) = fonts_embedded(&doc);
    out.push(
        rule(
            "cover: fonts embedded",
            fonts == embedded,
            format!("{embedded} of {fonts} fonts"),
        )
        .blame(
            None,
            "folio embeds every font it uses; one left out is a bug in folio, please report it",
        ),
    );
    Ok(out)
}
