//! The print edition's pages in the e-book: page-break markers and the page-list nav.
//!
//! The typesetter reports where each printed page begins (a part's title page, a piece's
//! opening, or a word of a body block); the EPUB places an empty
//! `<span epub:type="pagebreak" role="doc-pagebreak">` there and lists every one in a
//! `page-list` nav, so a reader can cite and jump to the print edition's pages. The print
//! ISBN is the page source (`dc:source` in the OPF).

use std::collections::HashMap;

use crate::epub::xhtml::{attr, text};
use crate::page::{PageAt, PageStart};

/// The id of the marker for printed page `folio`.
pub fn id(folio: &str) -> String {
    let safe: String = folio
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("page-{safe}")
}

/// The empty marker where printed page `folio` begins.
pub fn marker(folio: &str) -> String {
    format!(
        "<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"{}\" aria-label=\"{}\"></span>",
        attr(&id(folio)),
        attr(folio)
    )
}

/// The page starts sorted by where they fall in the EPUB's documents.
#[derive(Debug, Default)]
pub struct PageMarks {
    /// Part (division index) -> folio of its title page.
    pub parts: HashMap<usize, String>,
    /// Piece (reading-order index) -> folio of its opening page.
    pub openings: HashMap<usize, String>,
    /// Piece -> (block, word, folio) in order.
    pub text: HashMap<usize, Vec<(usize, usize, String)>>,
}

impl PageMarks {
    pub fn new(starts: &[PageStart]) -> PageMarks {
        let mut marks = PageMarks::default();
        for start in starts {
            match start.at {
                PageAt::Part(n) => {
                    marks.parts.insert(n, start.folio.clone());
                }
                PageAt::Opening(p) => {
                    marks.openings.insert(p, start.folio.clone());
                }
                PageAt::Text { piece, block, word } => {
                    marks
                        .text
                        .entry(piece)
                        .or_default()
                        .push((block, word, start.folio.clone()))
                }
            }
        }
        for list in marks.text.values_mut() {
            list.sort_by_key(|(b, w, _)| (*b, *w));
        }
        marks
    }

    pub fn is_empty(&self) -> bool {
        self.parts.is_empty() && self.openings.is_empty() && self.text.is_empty()
    }
}

/// The `page-list` nav: every printed page, in order, linked to its marker.
pub fn nav(entries: &[(String, String)]) -> String {
    let mut out = String::from(
        "<nav epub:type=\"page-list\" id=\"page-list\" role=\"doc-pagelist\" hidden=\"\">\n<h2>Pages</h2>\n<ol>\n",
    );
    for (file, folio) in entries {
        out.push_str(&format!(
            "  <li><a href=\"{}#{}\">{}</a></li>\n",
            attr(file),
            attr(&id(folio)),
            text(folio)
        ));
    }
    out.push_str("</ol>\n</nav>\n");
    out
}

/// The NCX's `pageList` for EPUB 2 readers: the same pages, numbered in play order after
/// the `navMap`'s `nav_points` entries.
pub fn ncx(entries: &[(String, String)], nav_points: usize) -> String {
    if entries.is_empty() {
        return String::new();
    }
    let mut out = String::from("\n  <pageList>\n    <navLabel><text>Pages</text></navLabel>\n");
    for (n, (file, folio)) in entries.iter().enumerate() {
        // Arabic folios are the body's; roman ones the front matter's.
        let kind = if folio.chars().all(|c| c.is_ascii_digit()) {
            "normal"
        } else {
            "front"
        };
        out.push_str(&format!(
            "    <pageTarget id=\"pt-{}\" type=\"{kind}\" value=\"{}\" playOrder=\"{}\">\n      <navLabel><text>{}</text></navLabel>\n      <content src=\"{}#{}\"/>\n    </pageTarget>\n",
            n + 1,
            attr(folio),
            nav_points + n + 1,
            text(folio),
            attr(file),
            attr(&id(folio))
        ));
    }
    out.push_str("  </pageList>");
    out
}
