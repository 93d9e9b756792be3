//! What printers require of a book block: gutters that widen with the page count, and the
//! rules of each printer profile (`print.profile` in book.yaml).
//!
//! Print-on-demand printers bind the pages of a thick book more tightly, so the inside
//! margin must grow with the page count; the minimums below are those KDP publishes for
//! paperbacks (IngramSpark's are the same or smaller). A book whose margins are left to
//! folio gets at least that gutter; one whose inner margin is set by hand is checked against
//! it under a printer profile. The profiles' rules are data (`manuscript::ProfileRules`):
//! minimum margins for the body and for heads and folios, with and without bleed, the
//! gutter table, the page counts printed, links allowed or not, an even count ending blank;
//! a rule of the settings alone (PDF/X) is checked with them
//! (`PrintSettings::profile_problems`).

use std::path::Path;

use super::geometry::{Geometry, POINTS_PER_INCH};
use crate::diag::{Diagnostic, Diagnostics};
use crate::manuscript::{
    PrintSettings, FOOT_DROP_LEADINGS, FURNITURE_SCALE, INK_ASCENT, INK_DESCENT,
    MIN_HEAD_RAISE_LEADINGS,
};
use crate::page::{Layout, Page, PageItem};

pub use crate::manuscript::Profile;

/// The least inside margin, in points, for a book of `pages` pages: KDP's table, which folio
/// applies to every book whose gutter it chooses (IngramSpark's are the same or smaller).
pub fn min_gutter(pages: usize) -> f32 {
    Profile::Kdp.rules().min_gutter(pages)
}

/// A length in inches as a user writes it: `0.5in`, `0.375in`.
fn inches(points: f32) -> String {
    let text = format!("{:.3}", (points / POINTS_PER_INCH * 1000.0).ceil() / 1000.0);
    format!("{}in", text.trim_end_matches('0').trim_end_matches('.'))
}

/// Make the layout what the profile asks for (before checking it).
pub fn apply(profile: Profile, layout: &mut Layout) {
    let rules = profile.rules();
    if !rules.links {
        layout.outline.clear();
        for page in &mut layout.pages {
            page.items.retain(|i| !matches!(i, PageItem::Link { .. }));
        }
    }
    if rules.even_ending_blank {
        // An even count whose last page is blank: add one or two blank pages.
        if layout.pages.last().is_some_and(|p| !p.items.is_empty()) {
            push_blank(layout);
        }
        if layout.pages.len() % 2 == 1 {
            push_blank(layout);
        }
    }
}

fn push_blank(layout: &mut Layout) {
    let folio = layout
        .pages
        .last()
        .and_then(|p| p.folio.as_deref())
        .and_then(|f| f.parse::<usize>().ok())
        .map(|n| (n + 1).to_string());
    layout.pages.push(Page {
        items: Vec::new(),
        folio,
    });
}

/// The profile's rules that the book breaks, as errors naming the setting to change.
pub fn check(
    profile: Profile,
    g: &Geometry,
    print: &PrintSettings,
    layout: &Layout,
) -> Diagnostics {
    let mut d = Diagnostics::default();
    let yaml = Path::new("manuscript/book.yaml");
    let pages = layout.pages.len();
    let gutter = profile.rules().min_gutter(pages);
    if g.inner + 0.01 < gutter {
        d.push(print.places.at(
            "margins.inner",
            Diagnostic::error(format!(
                "the inside margin is {:.3} in, but a {pages}-page book needs at least {:.3} in",
                g.inner / POINTS_PER_INCH,
                gutter / POINTS_PER_INCH
            ))
            .hint(format!(
                "set `print: margins: inner: {}` or more, or leave `inner` out and folio widens the gutter itself",
                inches(gutter)
            )),
        ));
    }
    let rules = profile.rules();
    let bleed = layout.print.bleed > 0.0;
    let (body_min, furniture_min) = rules.margins(bleed);
    let with = if bleed { " with bleed" } else { "" };
    for (name, value) in [
        ("top", g.top),
        ("bottom", g.bottom),
        ("inner", g.inner),
        ("outer", g.outer),
    ] {
        if value + 0.01 < body_min {
            d.push(
                print.places.at(
                    &format!("margins.{name}"),
                    Diagnostic::error(format!(
                    "{} needs margins of at least {:.3} in{with}; the {name} margin is {:.3} in",
                    rules.printer,
                    body_min / POINTS_PER_INCH,
                    value / POINTS_PER_INCH
                ))
                    .hint(format!(
                        "set `print: margins: {name}: {}` or more",
                        inches(body_min)
                    )),
                ),
            );
        }
    }
    // The running head's ink from the trim, and the front matter's foot folio's.
    let head_size = g.font_size * FURNITURE_SCALE;
    let head_room = g.height - (g.head_baseline() + INK_ASCENT * head_size);
    let foot_room = g.foot_baseline() - INK_DESCENT * head_size;
    for (key, room, what, need) in [
        (
            "top",
            head_room,
            "running heads",
            furniture_min + MIN_HEAD_RAISE_LEADINGS * g.leading + INK_ASCENT * head_size,
        ),
        (
            "bottom",
            foot_room,
            "folios",
            furniture_min + FOOT_DROP_LEADINGS * g.leading + INK_DESCENT * head_size,
        ),
    ] {
        if room + 0.01 < furniture_min {
            let place = if room < 0.0 {
                "off the page"
            } else {
                "too near the trim"
            };
            d.push(
                print.places.at(
                    &format!("margins.{key}"),
                    Diagnostic::error(format!(
                    "the {what} print {place}: {:.3} in from the trim, and {} needs {:.3} in{with}",
                    room / POINTS_PER_INCH,
                    rules.printer,
                    furniture_min / POINTS_PER_INCH
                ))
                    .hint(format!(
                    "set `print: margins: {key}: {}` or more, or leave it out for folio's default",
                    inches(need)
                )),
                ),
            );
        }
    }
    // The page count the printer takes is a rule of the printer's preflight
    // (`preflight::rules`), which `folio build` stops on and `folio check` reports.
    let padded = pages % 2 == 0 && layout.pages.last().is_some_and(|p| p.items.is_empty());
    if rules.even_ending_blank && !padded {
        d.push(
            Diagnostic::error(format!(
                "{} needs an even page count ending on a blank page; this book has {pages}",
                rules.printer
            ))
            .in_file(yaml)
            .hint("this is a bug in folio, which pads the book itself; please report it"),
        );
    }
    if !rules.links {
        let links = layout
            .pages
            .iter()
            .flat_map(|p| &p.items)
            .filter(|i| matches!(i, PageItem::Link { .. }))
            .count();
        if links > 0 || !layout.outline.is_empty() {
            d.push(
                Diagnostic::error("KDP interiors may carry no bookmarks or links")
                    .in_file(yaml)
                    .hint("this is a bug in folio, which removes them for `profile: kdp`; please report it"),
            );
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manuscript::{Margins, PdfX};

    #[test]
    fn gutter_widens_with_the_page_count() {
        assert_eq!(min_gutter(24), 27.0);
        assert_eq!(min_gutter(150), 27.0);
        assert_eq!(min_gutter(151), 36.0);
        assert_eq!(min_gutter(600), 54.0);
        assert_eq!(min_gutter(900), 63.0);
    }

    fn layout(pages: usize, with_link: bool) -> Layout {
        let mut page = Page {
            items: Vec::new(),
            folio: Some("1".into()),
        };
        page.items.push(PageItem::Rule {
            x0: 0.0,
            y0: 0.0,
            x1: 1.0,
            y1: 0.0,
            width: 1.0,
        });
        if with_link {
            page.items.push(PageItem::Link {
                x: 0.0,
                y: 0.0,
                width: 1.0,
                height: 1.0,
                target: crate::page::LinkTarget::External("https://example.org".into()),
            });
        }
        Layout {
            width: 432.0,
            height: 648.0,
            pages: vec![page; pages],
            fonts: Vec::new(),
            images: Vec::new(),
            outline: vec![crate::page::OutlineEntry {
                title: "A".into(),
                page: 0,
                children: Vec::new(),
            }],
            title: "T".into(),
            author: None,
            language: "en".into(),
            progression: Default::default(),
            subject: None,
            timestamp: 0,
            print: Default::default(),
        }
    }

    #[test]
    fn kdp_strips_links_and_bookmarks() {
        let mut l = layout(25, true);
        apply(Profile::Kdp, &mut l);
        assert!(l.outline.is_empty());
        assert!(l
            .pages
            .iter()
            .all(|p| p.items.iter().all(|i| !matches!(i, PageItem::Link { .. }))));
        let g = Geometry::from_settings(&PrintSettings::default()).unwrap();
        assert!(check(Profile::Kdp, &g, &PrintSettings::default(), &l).is_empty());
    }

    #[test]
    fn ingramspark_pads_to_an_even_count_ending_blank() {
        let mut l = layout(19, false);
        apply(Profile::IngramSpark, &mut l);
        assert_eq!(l.pages.len(), 20);
        assert!(l.pages.last().unwrap().items.is_empty());
        let mut l = layout(20, false);
        apply(Profile::IngramSpark, &mut l);
        assert_eq!(
            l.pages.len(),
            22,
            "a full last page gets a blank leaf after it"
        );
        let g = Geometry::from_settings(&PrintSettings::default()).unwrap();
        let print = PrintSettings {
            pdfx: Some(PdfX::X4),
            ..Default::default()
        };
        assert!(check(Profile::IngramSpark, &g, &print, &l).is_empty());
    }

    #[test]
    fn ingramspark_refuses_narrow_margins() {
        let print = PrintSettings {
            pdfx: Some(PdfX::X4),
            margins: Margins {
                top: Some(20.0),
                ..Margins::default()
            },
            ..Default::default()
        };
        let g = Geometry::from_settings(&print).unwrap();
        let mut l = layout(4, false);
        apply(Profile::IngramSpark, &mut l);
        let errors = check(Profile::IngramSpark, &g, &print, &l).to_string();
        assert!(errors.contains("top margin"), "{errors}");
        assert!(errors.contains("margins: top: 0.5in"), "{errors}");
    }
}
