//! The pages folio writes itself: title page, copyright page, contents, part title pages.
//!
//! Method: each is a short XHTML document built from the book's metadata alone, marked with
//! its EPUB structural semantics (`titlepage`, `copyright-page`, `toc`, `part`) so reading
//! systems and assistive technology know what it is. Nothing here is invented: a line whose
//! metadata is absent is simply left out (no "Anonymous", no made-up publisher).
//!
//! The few fixed words ("Contents", "Edited by", "Typeset with folio") are English; the book's
//! language still governs the documents' `lang`.

use crate::doc::names;
use crate::epub::nav::NavPoint;
use crate::epub::xhtml::{attr, document, text};
use crate::manuscript::{BookDate, Metadata};

pub const TITLE_PAGE: &str = "title.xhtml";
pub const COPYRIGHT_PAGE: &str = "copyright.xhtml";
pub const CONTENTS_PAGE: &str = "contents.xhtml";

fn line(out: &mut String, class: &str, content: &str) {
    if !content.trim().is_empty() {
        out.push_str(&format!(
            "<p class=\"{class}\">{}</p>\n",
            text(content.trim())
        ));
    }
}

/// Title and subtitle as one line: "Title: Subtitle", or "Title — Subtitle" when the title
/// already has a colon of its own.
pub fn full_title(meta: &Metadata) -> String {
    let title = meta.title.trim();
    match meta
        .subtitle
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(sub) if title.contains(':') => format!("{title} \u{2014} {sub}"),
        Some(sub) => format!("{title}: {sub}"),
        None => title.to_string(),
    }
}

pub fn title_page(meta: &Metadata) -> String {
    let mut body = String::from("<section class=\"titlepage\" epub:type=\"titlepage\">\n");
    body.push_str(&format!("<h1 class=\"title\">{}</h1>\n", text(&meta.title)));
    line(
        &mut body,
        "subtitle",
        meta.subtitle.as_deref().unwrap_or(""),
    );
    if let Some(series) = crate::doc::strings::series_line(meta) {
        line(&mut body, "series", &series);
    }
    let authors = names::join(&meta.authors, &meta.language).unwrap_or_default();
    line(&mut body, "authors", &authors);
    if let Some(editor) = names::edited_by(meta) {
        line(&mut body, "editor", &editor);
    }
    line(
        &mut body,
        "publisher",
        meta.publisher.as_deref().unwrap_or(""),
    );
    body.push_str("</section>\n");
    document(&meta.language, &meta.title, " class=\"titlepage\"", &body)
}

/// `2015`, `2015-01` or `2015-01-14`: the W3C date forms the OPF and people both read.
pub fn date_string(date: &BookDate) -> String {
    match (date.month, date.day) {
        (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", date.year),
        (Some(m), None) => format!("{:04}-{m:02}", date.year),
        _ => format!("{:04}", date.year),
    }
}

pub fn copyright_page(meta: &Metadata) -> String {
    let mut body = String::from("<section class=\"copyright\" epub:type=\"copyright-page\">\n");
    let title = full_title(meta);
    line(&mut body, "book-title", &title);
    let authors = names::join(&meta.authors, &meta.language).unwrap_or_default();
    line(&mut body, "authors", &authors);
    if let Some(editor) = names::edited_by(meta) {
        line(&mut body, "editor", &editor);
    }
    line(&mut body, "rights", meta.rights.as_deref().unwrap_or(""));
    // The imprint: publisher and year. A year alone would read as a stray number.
    if let Some(publisher) = meta.publisher.as_deref().filter(|p| !p.trim().is_empty()) {
        let imprint = match &meta.date {
            Some(date) => format!("{}, {}", publisher.trim(), date.year),
            None => publisher.trim().to_string(),
        };
        line(&mut body, "publisher", &imprint);
    }
    if let Some(isbn) = &meta.isbn.ebook {
        line(&mut body, "isbn", &format!("ISBN {isbn} (ebook)"));
    }
    if let Some(isbn) = &meta.isbn.print {
        line(&mut body, "isbn", &format!("ISBN {isbn} (print)"));
    }
    line(&mut body, "identifier", &meta.identifier);
    line(&mut body, "colophon", "Typeset with folio");
    body.push_str("</section>\n");
    document(&meta.language, &title, " class=\"copyright\"", &body)
}

/// The contents page in the reading order: parts with their pieces (and bylines), or pieces
/// alone. Sections within pieces stay in the nav; a printed-style contents lists pieces.
/// The contents page, headed `title` (the book's word for its contents).
pub fn contents_page(lang: &str, title: &str, entries: &[NavPoint]) -> String {
    fn list(out: &mut String, entries: &[NavPoint], depth: usize) {
        out.push_str("<ol>\n");
        for e in entries {
            let class = if e.is_part { "part" } else { "piece" };
            out.push_str(&format!(
                "<li class=\"{class}\"><a href=\"{}\">{}</a>",
                attr(&e.href),
                text(&e.title)
            ));
            if let Some(byline) = &e.byline {
                out.push_str(&format!(" <span class=\"byline\">{}</span>", text(byline)));
            }
            // Parts list their pieces; pieces' own sections are left to the nav.
            if e.is_part && !e.children.is_empty() && depth == 0 {
                out.push('\n');
                list(out, &e.children, depth + 1);
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ol>\n");
    }
    let mut body = format!(
        "<nav class=\"contents\" epub:type=\"toc\" role=\"doc-toc\" aria-labelledby=\"contents-title\">\n\
         <h1 id=\"contents-title\">{}</h1>\n",
        text(title)
    );
    list(&mut body, entries, 0);
    body.push_str("</nav>\n");
    document(lang, title, " class=\"contents\"", &body)
}

/// A part's title page: its label ("Part One", as the print edition sets it) over its title.
pub fn part_page(lang: &str, label: &str, title: &str, print_page: Option<&str>) -> String {
    let body = format!(
        "<section class=\"part\" epub:type=\"part\" role=\"doc-part\" aria-labelledby=\"part-title\">\n\
         {}<p class=\"part-label\">{}</p>\n<h1 id=\"part-title\">{}</h1>\n</section>\n",
        print_page.map(super::pagelist::marker).unwrap_or_default(),
        text(label),
        text(title)
    );
    document(lang, title, " class=\"part\"", &body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manuscript::Isbn;

    fn meta() -> Metadata {
        Metadata {
            title: "A & B".into(),
            language: "fr".into(),
            identifier: "urn:uuid:1234".into(),
            identifier_given: true,
            isbn: Isbn {
                ebook: Some("978-1-4028-9462-6".into()),
                print: None,
            },
            publisher: Some("Maison".into()),
            rights: Some("© 2015 Someone".into()),
            date: Some(BookDate {
                year: 2015,
                month: Some(1),
                day: None,
            }),
            ..Metadata::default()
        }
    }

    #[test]
    fn copyright_page_carries_rights_identifiers_and_colophon() {
        let page = copyright_page(&meta());
        for needle in [
            "© 2015 Someone",
            "ISBN 978-1-4028-9462-6 (ebook)",
            "urn:uuid:1234",
            "Maison, 2015",
            "Typeset with folio",
            "epub:type=\"copyright-page\"",
            "xml:lang=\"fr\" lang=\"fr\"",
        ] {
            assert!(page.contains(needle), "missing {needle}");
        }
        assert!(!page.contains("(print)"));
    }

    #[test]
    fn full_title_avoids_a_double_colon() {
        let mut m = meta();
        m.subtitle = Some("Sub".into());
        assert_eq!(full_title(&m), "A & B: Sub");
        m.title = "Seen: January".into();
        assert_eq!(full_title(&m), "Seen: January \u{2014} Sub");
    }

    #[test]
    fn title_page_invents_no_author() {
        let page = title_page(&meta());
        assert!(page.contains("<h1 class=\"title\">A &amp; B</h1>"));
        assert!(!page.contains("class=\"authors\""));
    }

    #[test]
    fn dates_keep_their_precision() {
        let d = |month, day| BookDate {
            year: 2015,
            month,
            day,
        };
        assert_eq!(date_string(&d(None, None)), "2015");
        assert_eq!(date_string(&d(Some(1), None)), "2015-01");
        assert_eq!(date_string(&d(Some(1), Some(4))), "2015-01-04");
    }
}
