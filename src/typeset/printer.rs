//! What printers require of a book block: gutters that widen with the page count, and the
//! rules of each printer profile (`print.profile` in book.yaml).
//!
//! Print-on-demand printers bind the pages of a thick book more tightly, so the inside
//! margin must grow with the page count; the minimums below are those KDP publishes for
//! paperbacks (IngramSpark's are the same or smaller). A book whose margins are left to
//! folio gets at least that gutter; one whose inner margin is set by hand is checked against
//! it under a printer profile. The profiles:
//! - `kdp`: no bookmarks and no links (KDP's interior checks reject annotations), fonts
//!   embedded, bleed (if any) only on the three outside edges;
//! - `ingramspark`: margins of at least 0.5 in, PDF/X-1a or X-4 (a rule of the settings
//!   alone, checked with them: `PrintSettings::profile_problems`), an even page count whose
//!   last page is blank;
//! - `generic`: no rules beyond a well-made PDF.

use std::path::Path;

use super::geometry::{Geometry, POINTS_PER_INCH};
use crate::diag::{Diagnostic, Diagnostics};
use crate::manuscript::PrintSettings;
use crate::page::{Layout, Page, PageItem};

pub use crate::manuscript::Profile;

/// KDP's minimum inside margin by page count, in inches.
const GUTTER_BY_PAGES: &[(usize, f32)] = &[
    (150, 0.375),
    (300, 0.5),
    (500, 0.625),
    (700, 0.75),
    (usize::MAX, 0.875),
];

/// IngramSpark's minimum for every margin.
const INGRAM_MIN_MARGIN: f32 = 0.5 * POINTS_PER_INCH;

/// The least inside margin, in points, for a book of `pages` pages.
pub fn min_gutter(pages: usize) -> f32 {
    GUTTER_BY_PAGES
        .iter()
        .find(|(most, _)| pages <= *most)
        .map_or(0.875, |(_, inches)| *inches)
        * POINTS_PER_INCH
}

/// Make the layout what the profile asks for (before checking it).
pub fn apply(profile: Profile, layout: &mut Layout) {
    match profile {
        Profile::Kdp => {
            layout.outline.clear();
            for page in &mut layout.pages {
                page.items.retain(|i| !matches!(i, PageItem::Link { .. }));
            }
        }
        Profile::IngramSpark => {
            // An even count whose last page is blank: add one or two blank pages.
            if layout.pages.last().is_some_and(|p| !p.items.is_empty()) {
                push_blank(layout);
            }
            if layout.pages.len() % 2 == 1 {
                push_blank(layout);
            }
        }
        Profile::Generic => {}
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
    let gutter = min_gutter(pages);
    if profile != Profile::Generic && g.inner + 0.01 < gutter {
        d.push(print.places.at(
            "margins.inner",
            Diagnostic::error(format!(
                "the inside margin is {:.3} in, but a {pages}-page book needs at least {:.3} in",
                g.inner / POINTS_PER_INCH,
                gutter / POINTS_PER_INCH
            ))
            .hint(format!(
                "set `print: margins: inner: {:.3}in` or more, or leave `inner` out and folio widens the gutter itself",
                gutter / POINTS_PER_INCH
            )),
        ));
    }
    if profile == Profile::IngramSpark {
        for (name, value) in [
            ("top", g.top),
            ("bottom", g.bottom),
            ("inner", g.inner),
            ("outer", g.outer),
        ] {
            if value + 0.01 < INGRAM_MIN_MARGIN {
                d.push(print.places.at(
                    &format!("margins.{name}"),
                    Diagnostic::error(format!(
                        "IngramSpark needs margins of at least 0.5 in; the {name} margin is {:.3} in",
                        value / POINTS_PER_INCH
                    ))
                    .hint(format!("set `print: margins: {name}: 0.5in` or more")),
                ));
            }
        }
        if pages % 2 == 1 || layout.pages.last().is_some_and(|p| !p.items.is_empty()) {
            d.push(
                Diagnostic::error(format!("IngramSpark needs an even page count ending on a blank page; this book has {pages}"))
                    .in_file(yaml)
                    .hint("this is a bug in folio, which pads the book itself; please report it"),
            );
        }
    }
    if profile == Profile::Kdp {
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
            subject: None,
            timestamp: 0,
            print: Default::default(),
        }
    }

    #[test]
    fn kdp_strips_links_and_bookmarks() {
        let mut l = layout(3, true);
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
        let mut l = layout(5, false);
        apply(Profile::IngramSpark, &mut l);
        assert_eq!(l.pages.len(), 6);
        assert!(l.pages.last().unwrap().items.is_empty());
        let mut l = layout(4, false);
        apply(Profile::IngramSpark, &mut l);
        assert_eq!(
            l.pages.len(),
            6,
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
