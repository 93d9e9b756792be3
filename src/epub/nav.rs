//! The EPUB 3 navigation document: the table of contents nested by part, and the landmarks.
//!
//! Method: epub-builder's own nav is flat per content file and has no `lang`; folio writes the
//! nav itself from one tree, part -> its pieces -> each piece's level-2 headings, and puts it in
//! place of epub-builder's when the package is re-packed. The same tree feeds the contents page
//! and epub-builder's NCX, so the three can never disagree.
//!
//! epubcheck's nav rules shape the output: every `<a>` has text, an `<ol>` is never empty (a
//! leaf has no `<ol>` at all), and the landmarks nav is `hidden` since it is for the reading
//! system, not the reader.

use crate::epub::xhtml::{attr, document, text};

/// One entry of the table of contents.
#[derive(Debug, Clone, PartialEq)]
pub struct NavPoint {
    pub href: String,
    pub title: String,
    /// A piece's byline, shown on the contents page.
    pub byline: Option<String>,
    pub is_part: bool,
    pub children: Vec<NavPoint>,
}

impl NavPoint {
    pub fn new(href: impl Into<String>, title: impl Into<String>) -> NavPoint {
        NavPoint {
            href: href.into(),
            title: title.into(),
            byline: None,
            is_part: false,
            children: Vec::new(),
        }
    }
}

/// A landmark: an `epub:type` from the structure vocabulary and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Landmark {
    pub epub_type: &'static str,
    pub href: String,
    pub title: String,
}

/// Link text must never be empty (epubcheck refuses an empty nav label).
fn label(title: &str) -> String {
    let t = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.is_empty() {
        "Untitled".into()
    } else {
        t
    }
}

fn list(out: &mut String, points: &[NavPoint], indent: usize) {
    let pad = "  ".repeat(indent);
    out.push_str(&format!("{pad}<ol>\n"));
    for p in points {
        out.push_str(&format!(
            "{pad}  <li><a href=\"{}\">{}</a>",
            attr(&p.href),
            text(&label(&p.title))
        ));
        if !p.children.is_empty() {
            out.push('\n');
            list(out, &p.children, indent + 2);
            out.push_str(&format!("{pad}  "));
        }
        out.push_str("</li>\n");
    }
    out.push_str(&format!("{pad}</ol>\n"));
}

/// The nav document. `toc_title` heads the toc; `points` must not be empty.
pub fn render(lang: &str, toc_title: &str, points: &[NavPoint], landmarks: &[Landmark]) -> String {
    let mut body = format!(
        "<nav epub:type=\"toc\" id=\"toc\" role=\"doc-toc\" aria-labelledby=\"toc-title\">\n\
         <h1 id=\"toc-title\">{}</h1>\n",
        text(toc_title)
    );
    list(&mut body, points, 0);
    body.push_str("</nav>\n");
    if !landmarks.is_empty() {
        body.push_str(
            "<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\">\n<h2>Landmarks</h2>\n<ol>\n",
        );
        for l in landmarks {
            body.push_str(&format!(
                "  <li><a epub:type=\"{}\" href=\"{}\">{}</a></li>\n",
                l.epub_type,
                attr(&l.href),
                text(&label(&l.title))
            ));
        }
        body.push_str("</ol>\n</nav>\n");
    }
    document(lang, toc_title, "", &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree() -> Vec<NavPoint> {
        let mut part = NavPoint::new("part-1.xhtml", "Reviews");
        part.is_part = true;
        let mut piece = NavPoint::new("piece-1.xhtml", "January & after");
        piece
            .children
            .push(NavPoint::new("piece-1.xhtml#ties", "Ties"));
        part.children.push(piece);
        part.children.push(NavPoint::new("piece-2.xhtml", "  "));
        vec![part, NavPoint::new("piece-3.xhtml", "Loose")]
    }

    #[test]
    fn toc_nests_part_piece_heading() {
        let nav = render("en-GB", "Contents", &tree(), &[]);
        let expected = "<ol>\n  <li><a href=\"part-1.xhtml\">Reviews</a>\n    <ol>\n      \
            <li><a href=\"piece-1.xhtml\">January &amp; after</a>\n        <ol>\n          \
            <li><a href=\"piece-1.xhtml#ties\">Ties</a></li>\n        </ol>\n      </li>\n      \
            <li><a href=\"piece-2.xhtml\">Untitled</a></li>\n    </ol>\n  </li>\n  \
            <li><a href=\"piece-3.xhtml\">Loose</a></li>\n</ol>\n";
        assert!(nav.contains(expected), "{nav}");
        assert!(!nav.contains("<ol>\n</ol>"), "no empty lists");
        assert!(nav.contains("xml:lang=\"en-GB\""));
    }

    #[test]
    fn landmarks_are_hidden_and_typed() {
        let landmarks = [
            Landmark {
                epub_type: "cover",
                href: "cover.xhtml".into(),
                title: "Cover".into(),
            },
            Landmark {
                epub_type: "bodymatter",
                href: "part-1.xhtml".into(),
                title: "Start".into(),
            },
        ];
        let nav = render("en", "Contents", &tree(), &landmarks);
        assert!(nav.contains("<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\">"));
        assert!(nav.contains("<a epub:type=\"cover\" href=\"cover.xhtml\">Cover</a>"));
        assert!(nav.contains("<a epub:type=\"bodymatter\" href=\"part-1.xhtml\">Start</a>"));
    }
}
