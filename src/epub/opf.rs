//! The package document's metadata, written by folio in place of epub-builder's.
//!
//! Method: epub-builder 0.8 renders `<metadata>` from a template that gives `dc:language` and
//! `dc:creator` the same id pattern (`epub-creator-N`, epubcheck RSC-005 for any book with an
//! author), takes `dcterms:modified` from the clock and the identifier from a random UUID. Its
//! manifest, spine and guide are right, so folio keeps those and swaps the whole `<metadata>`
//! element (and the `<package>` start tag, for `unique-identifier` and `xml:lang`) for its own.
//! Replacing the element whole, rather than patching ids inside it, means a change in
//! epub-builder's template cannot bring the clash back.
//!
//! Every id here has its own prefix (`pub-id`, `isbn-…`, `title`, `subtitle`, `creator-N`,
//! `contributor-N`); epub-builder's manifest ids are `id_…`, `ncx`, `nav` and `cover-image`,
//! so no id in the OPF can repeat.
//!
//! The NCX (for EPUB 2 readers) gets the identifier as `dtb:uid`, its real depth, and the
//! book's title, which epub-builder leaves out or sets to the toc's heading.

use crate::epub::pages::date_string;
use crate::epub::xhtml::{attr, text};
use crate::manuscript::Metadata;

/// `dcterms:modified`'s form: `CCYY-MM-DDThh:mm:ssZ`.
pub fn modified(timestamp: i64) -> String {
    crate::dates::iso8601(timestamp)
}

/// The identifier to publish under: the book's, or (for a book built without the loader's
/// default) a UUID derived from title and authors, so it is stable across builds.
pub fn identifier(meta: &Metadata) -> String {
    let id = meta.identifier.trim();
    if !id.is_empty() {
        return id.to_string();
    }
    crate::manuscript::derived_identifier(&meta.title, &meta.authors)
}

/// What the book offers a reader who cannot see or cannot use a fixed layout.
pub struct Accessibility {
    /// The text shows images (other than the cover).
    pub has_images: bool,
    /// Every one of them has alt text.
    pub all_images_have_alt: bool,
    /// The text has footnotes, linked both ways.
    pub has_notes: bool,
    /// The print edition's page breaks are marked, with a page-list.
    pub has_page_list: bool,
    /// The text has tables (their header cells marked up as `th`).
    pub has_tables: bool,
    /// The languages of pieces written in another language than the book's, each once, in
    /// reading order (each such document carries its `lang`).
    pub other_languages: Vec<String>,
}

/// The conformance claim, as EPUB Accessibility 1.1 words it (section 2.1), made only for a
/// book the suite's gate (epubcheck, DAISY Ace) holds folio's EPUBs to and whose images all
/// have a text alternative.
pub const CONFORMS_TO: &str = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA";

/// Who checked the claim: folio's own test suite runs Ace on every kind of book it makes.
pub const CERTIFIER: &str = "folio (self-declared; checked with DAISY Ace and epubcheck)";

/// The print edition, as the page-list's declared source: its ISBN, or (without one) the
/// book's own identifier marked as its print edition.
pub fn print_source(meta: &Metadata) -> String {
    match &meta.isbn.print {
        Some(isbn) => format!("urn:isbn:{}", isbn_digits(isbn)),
        None => format!("{}-print", identifier(meta)),
    }
}

fn isbn_digits(isbn: &str) -> String {
    isbn.chars()
        .filter(|c| c.is_ascii_digit() || *c == 'X' || *c == 'x')
        .collect()
}

fn push(out: &mut String, line: String) {
    out.push_str("    ");
    out.push_str(&line);
    out.push('\n');
}

fn meta_prop(out: &mut String, property: &str, value: &str) {
    push(
        out,
        format!("<meta property=\"{property}\">{}</meta>", text(value)),
    );
}

/// The whole `<metadata>` element. `contributors` are the pieces' people with their MARC
/// relator role (`aut` for a piece's authors not already among the book's, `trl` for its
/// translators), each once, in order of first appearance.
pub fn metadata(
    meta: &Metadata,
    contributors: &[(String, &str)],
    timestamp: i64,
    a11y: &Accessibility,
    cover: bool,
) -> String {
    let mut m = String::from("<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n");
    push(
        &mut m,
        format!(
            "<dc:identifier id=\"pub-id\">{}</dc:identifier>",
            text(&identifier(meta))
        ),
    );
    for (kind, isbn) in [("ebook", &meta.isbn.ebook), ("print", &meta.isbn.print)] {
        let Some(isbn) = isbn else { continue };
        if kind == "print" {
            continue;
        }
        let digits = isbn_digits(isbn);
        push(
            &mut m,
            format!("<dc:identifier id=\"isbn-{kind}\">urn:isbn:{digits}</dc:identifier>"),
        );
        // ONIX code list 5, value 15: ISBN-13 (02 for the old ten-digit form).
        let code = if digits.len() == 10 { "02" } else { "15" };
        push(
            &mut m,
            format!("<meta refines=\"#isbn-{kind}\" property=\"identifier-type\" scheme=\"onix:codelist5\">{code}</meta>"),
        );
    }
    push(
        &mut m,
        format!("<dc:title id=\"title\">{}</dc:title>", text(&meta.title)),
    );
    push(
        &mut m,
        "<meta refines=\"#title\" property=\"title-type\">main</meta>".into(),
    );
    if let Some(sub) = meta.subtitle.as_deref().filter(|s| !s.trim().is_empty()) {
        push(
            &mut m,
            format!("<dc:title id=\"subtitle\">{}</dc:title>", text(sub)),
        );
        push(
            &mut m,
            "<meta refines=\"#subtitle\" property=\"title-type\">subtitle</meta>".into(),
        );
    }
    // Creators only for authors the book names: never invented. A book with no author but
    // an editor is the editor's: the editors are then its creators.
    let creators: Vec<(&str, &str)> = if meta.authors.is_empty() {
        meta.editor.iter().map(|e| (e.as_str(), "edt")).collect()
    } else {
        meta.authors.iter().map(|a| (a.as_str(), "aut")).collect()
    };
    // `contributors[].sort-as` is the name a library files the person under.
    let file_as = |m: &mut String, id: &str, name: &str| {
        let sort = meta
            .contributors
            .iter()
            .find(|c| c.name == name)
            .and_then(|c| c.sort_as.as_deref());
        if let Some(sort) = sort {
            push(
                m,
                format!(
                    "<meta refines=\"#{id}\" property=\"file-as\">{}</meta>",
                    text(sort)
                ),
            );
        }
    };
    for (i, (name, role)) in creators.iter().enumerate() {
        let id = format!("creator-{}", i + 1);
        push(
            &mut m,
            format!("<dc:creator id=\"{id}\">{}</dc:creator>", text(name)),
        );
        file_as(&mut m, &id, name);
        push(
            &mut m,
            format!(
                "<meta refines=\"#{id}\" property=\"role\" scheme=\"marc:relators\">{role}</meta>"
            ),
        );
    }
    let mut n = 0;
    let mut contributor = |m: &mut String, name: &str, role: &str| {
        n += 1;
        let id = format!("contributor-{n}");
        push(
            m,
            format!(
                "<dc:contributor id=\"{id}\">{}</dc:contributor>",
                text(name)
            ),
        );
        file_as(m, &id, name);
        push(
            m,
            format!(
                "<meta refines=\"#{id}\" property=\"role\" scheme=\"marc:relators\">{role}</meta>"
            ),
        );
    };
    if !meta.authors.is_empty() {
        for editor in &meta.editor {
            contributor(&mut m, editor, "edt");
        }
    }
    for (name, role) in contributors {
        contributor(&mut m, name, role);
    }
    push(
        &mut m,
        format!("<dc:language>{}</dc:language>", text(&meta.language)),
    );
    let optional = [
        ("dc:publisher", &meta.publisher),
        ("dc:rights", &meta.rights),
        ("dc:description", &meta.description),
    ];
    for (element, value) in optional {
        if let Some(v) = value.as_deref().filter(|v| !v.trim().is_empty()) {
            push(&mut m, format!("<{element}>{}</{element}>", text(v)));
        }
    }
    for subject in meta.subjects.iter().filter(|s| !s.trim().is_empty()) {
        push(
            &mut m,
            format!("<dc:subject>{}</dc:subject>", text(subject)),
        );
    }
    if let Some(series) = &meta.series {
        // EPUB 3's collection: readers (Apple Books, Kobo, calibre) group and order by it.
        push(
            &mut m,
            format!(
                "<meta property=\"belongs-to-collection\" id=\"series\">{}</meta>",
                text(&series.name)
            ),
        );
        push(
            &mut m,
            "<meta refines=\"#series\" property=\"collection-type\">series</meta>".into(),
        );
        if let Some(number) = &series.number {
            push(
                &mut m,
                format!(
                    "<meta refines=\"#series\" property=\"group-position\">{}</meta>",
                    text(number)
                ),
            );
        }
    }
    if let Some(date) = &meta.date {
        push(&mut m, format!("<dc:date>{}</dc:date>", date_string(date)));
    }
    meta_prop(&mut m, "dcterms:modified", &modified(timestamp));
    if a11y.has_page_list || meta.isbn.print.is_some() {
        // The print edition is not this book's identifier but the source of its page
        // numbers (the page-list): dc:source refined as the source of pagination.
        push(
            &mut m,
            format!(
                "<dc:source id=\"print-source\">{}</dc:source>",
                text(&print_source(meta))
            ),
        );
        push(
            &mut m,
            "<meta refines=\"#print-source\" property=\"source-of\">pagination</meta>".into(),
        );
    }

    meta_prop(&mut m, "schema:accessMode", "textual");
    if a11y.has_images {
        meta_prop(&mut m, "schema:accessMode", "visual");
    }
    // Text alone suffices when every image has a text alternative; otherwise a reader
    // needs the pictures too.
    let every_alt = !a11y.has_images || a11y.all_images_have_alt;
    if every_alt {
        meta_prop(&mut m, "schema:accessModeSufficient", "textual");
    }
    if a11y.has_images {
        meta_prop(&mut m, "schema:accessModeSufficient", "textual,visual");
    }
    let mut features = vec![
        "structuralNavigation",
        "tableOfContents",
        "readingOrder",
        "displayTransformability",
    ];
    if a11y.has_images && a11y.all_images_have_alt {
        features.push("alternativeText");
    }
    if a11y.has_page_list {
        features.push("pageNavigation");
    }
    for f in features {
        meta_prop(&mut m, "schema:accessibilityFeature", f);
    }
    meta_prop(&mut m, "schema:accessibilityHazard", "none");
    let mut summary = String::from(if a11y.has_images {
        "This publication is text with images, in reading order,"
    } else {
        "This publication is text throughout, in reading order,"
    });
    summary.push_str(
        " with a table of contents nested by part and piece and headings marked up as \
         headings. It sets no fixed fonts, sizes or colours, so the reader's own settings apply.",
    );
    if a11y.has_notes {
        summary.push_str(" Footnotes are linked to and from the text.");
    }
    if a11y.has_images {
        summary.push_str(if a11y.all_images_have_alt {
            " Every image has a text alternative."
        } else {
            " Some images have no text alternative."
        });
    }
    if a11y.has_tables {
        summary.push_str(" Tables have their header cells marked up as headers.");
    }
    if a11y.has_page_list {
        summary.push_str(" The print edition's page numbers are marked, with a page list.");
    }
    if !a11y.other_languages.is_empty() {
        summary.push_str(&format!(
            " Pieces in other languages than the book's ({}) are marked with their language.",
            a11y.other_languages.join(", ")
        ));
    }
    summary.push_str(if every_alt {
        " It meets EPUB Accessibility 1.1 at WCAG 2.1 Level AA."
    } else {
        " It makes no claim to meet WCAG, since not every image is described."
    });
    meta_prop(&mut m, "schema:accessibilitySummary", &summary);
    if every_alt {
        meta_prop(&mut m, "dcterms:conformsTo", CONFORMS_TO);
        push(
            &mut m,
            format!(
                "<meta property=\"a11y:certifiedBy\" id=\"certifier\">{}</meta>",
                text(CERTIFIER)
            ),
        );
    }
    if cover {
        // EPUB 2 readers find the cover through this; EPUB 3 ones through `cover-image`.
        push(
            &mut m,
            "<meta name=\"cover\" content=\"cover-image\"/>".into(),
        );
    }
    m.push_str("  </metadata>");
    m
}

fn find(hay: &str, needle: &str, what: &str) -> Result<usize, String> {
    hay.find(needle).ok_or_else(|| {
        format!(
            "epub-builder's {what} has no `{needle}`: its template changed; update src/epub/opf.rs"
        )
    })
}

/// Put folio's `<metadata>` and `<package>` start tag into epub-builder's OPF.
pub fn patch_opf(opf: &str, lang: &str, metadata: &str) -> Result<String, String> {
    let pkg_start = find(opf, "<package", "OPF")?;
    let pkg_end = pkg_start + find(&opf[pkg_start..], ">", "OPF")? + 1;
    let md_start = find(opf, "<metadata", "OPF")?;
    let md_end = find(opf, "</metadata>", "OPF")? + "</metadata>".len();
    if !(pkg_end <= md_start && md_start < md_end) {
        return Err("epub-builder's OPF has an unexpected shape; update src/epub/opf.rs".into());
    }
    let out = format!(
        "{}<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"pub-id\" xml:lang=\"{}\">{}{}{}",
        &opf[..pkg_start],
        attr(lang),
        &opf[pkg_end..md_start],
        metadata,
        &opf[md_end..]
    );
    // epub-builder's guide names the nav as a second `toc`, a file outside the spine; the
    // contents page (in the spine) is the guide's one table of contents.
    Ok(out
        .lines()
        .filter(|l| !(l.contains("<reference ") && l.contains("href=\"nav.xhtml\"")))
        .collect::<Vec<_>>()
        .join("\n"))
}

/// The highest `playOrder` in an NCX: the page list's numbers follow it.
pub fn last_play_order(ncx: &str) -> usize {
    ncx.split("playOrder=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next()?.parse().ok())
        .max()
        .unwrap_or(0)
}

/// Give epub-builder's NCX the identifier, its real depth, the book's title and, when the
/// print edition's pages are marked, a page list (`pages`: the NCX's `pageList`).
pub fn patch_ncx(
    ncx: &str,
    uid: &str,
    depth: usize,
    title: &str,
    pages: &str,
) -> Result<String, String> {
    let head = find(ncx, "<head>", "NCX")? + "<head>".len();
    let mut out = format!(
        "{}\n    <meta name=\"dtb:uid\" content=\"{}\" />{}",
        &ncx[..head],
        attr(uid),
        &ncx[head..]
    );
    out = out.replace(
        "<meta name=\"dtb:depth\" content=\"1\" />",
        &format!("<meta name=\"dtb:depth\" content=\"{}\" />", depth.max(1)),
    );
    let doc_title = find(&out, "<docTitle>", "NCX")?;
    let t_start = doc_title + find(&out[doc_title..], "<text>", "NCX")? + "<text>".len();
    let t_end = t_start + find(&out[t_start..], "</text>", "NCX")?;
    out.replace_range(t_start..t_end, &text(title));
    if !pages.is_empty() {
        let end = find(&out, "</navMap>", "NCX")? + "</navMap>".len();
        out.insert_str(end, pages);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manuscript::Isbn;

    fn meta() -> Metadata {
        Metadata {
            title: "T & T".into(),
            authors: vec!["Ann".into(), "Bob".into()],
            language: "en-GB".into(),
            identifier: "urn:uuid:00000000-0000-4000-8000-000000000000".into(),
            identifier_given: true,
            isbn: Isbn {
                ebook: Some("978-1-4028-9462-6".into()),
                print: None,
            },
            editor: vec!["Ed".into()],
            ..Metadata::default()
        }
    }

    fn ids(xml: &str) -> Vec<String> {
        xml.split(" id=\"")
            .skip(1)
            .map(|s| s[..s.find('"').unwrap()].to_string())
            .collect()
    }

    #[test]
    fn creators_contributors_and_language_never_share_an_id() {
        let a11y = Accessibility {
            has_images: false,
            all_images_have_alt: true,
            has_notes: false,
            has_page_list: false,
            has_tables: false,
            other_languages: Vec::new(),
        };
        let m = metadata(
            &meta(),
            &[("Cat".into(), "aut"), ("Dan".into(), "trl")],
            0,
            &a11y,
            true,
        );
        let all = ids(&m);
        let mut unique = all.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(all.len(), unique.len(), "{all:?}");
        assert!(!m.contains("epub-creator"));
        assert!(m.contains("<dc:creator id=\"creator-2\">Bob</dc:creator>"));
        assert!(m.contains("<dc:contributor id=\"contributor-3\">Dan</dc:contributor>"));
        assert!(m.contains("urn:isbn:9781402894626"));
        assert!(m.contains("<dc:title id=\"title\">T &amp; T</dc:title>"));
        assert!(m.contains("<meta property=\"dcterms:modified\">1970-01-01T00:00:00Z</meta>"));
        assert!(m.contains("schema:accessibilityHazard\">none"));
        assert!(!m.contains("alternativeText"));
    }

    #[test]
    fn no_author_means_no_creator() {
        let mut md = meta();
        md.authors.clear();
        let a11y = Accessibility {
            has_images: true,
            all_images_have_alt: true,
            has_notes: true,
            has_page_list: true,
            has_tables: true,
            other_languages: Vec::new(),
        };
        md.editor.clear();
        let m = metadata(&md, &[], 0, &a11y, false);
        assert!(!m.contains("dc:creator"));
        assert!(m.contains("alternativeText"));
        assert!(m.contains("pageNavigation") && !m.contains("printPageNumbers"));
        // No print ISBN: the page source is the book's own identifier, as print.
        assert!(m.contains(
            "<dc:source id=\"print-source\">urn:uuid:00000000-0000-4000-8000-000000000000-print</dc:source>"
        ), "{m}");
        assert!(m.contains(&format!("dcterms:conformsTo\">{CONFORMS_TO}<")));
        assert!(m.contains("a11y:certifiedBy"));
    }

    /// An image without alt text: text alone does not suffice, and no WCAG claim is made.
    #[test]
    fn an_undescribed_image_withdraws_the_claim() {
        let a11y = Accessibility {
            has_images: true,
            all_images_have_alt: false,
            has_notes: false,
            has_page_list: false,
            has_tables: false,
            other_languages: Vec::new(),
        };
        let m = metadata(&meta(), &[], 0, &a11y, false);
        assert!(!m.contains("accessModeSufficient\">textual<"), "{m}");
        assert!(m.contains("accessModeSufficient\">textual,visual<"));
        assert!(m.contains("accessMode\">visual<"));
        assert!(!m.contains("conformsTo") && !m.contains("alternativeText"));
        assert!(
            !m.contains("dc:source"),
            "no page list, no print ISBN: no page source"
        );
    }

    /// An edited book with no author is the editor's: dc:creator with role edt; with an
    /// author, the editor is a contributor.
    #[test]
    fn the_editor_is_the_creator_only_when_there_is_no_author() {
        let a11y = Accessibility {
            has_images: false,
            all_images_have_alt: true,
            has_notes: false,
            has_page_list: false,
            has_tables: false,
            other_languages: Vec::new(),
        };
        let mut md = meta();
        md.authors.clear();
        md.editor = vec!["Ed One".into(), "Ed Two".into()];
        let m = metadata(&md, &[], 0, &a11y, false);
        assert!(
            m.contains("<dc:creator id=\"creator-2\">Ed Two</dc:creator>"),
            "{m}"
        );
        assert!(
            m.contains("refines=\"#creator-1\" property=\"role\" scheme=\"marc:relators\">edt<")
        );
        assert!(!m.contains("dc:contributor"), "{m}");
        let m = metadata(&meta(), &[], 0, &a11y, false);
        assert!(
            m.contains("<dc:contributor id=\"contributor-1\">Ed</dc:contributor>"),
            "{m}"
        );
        assert!(m.contains(
            "refines=\"#contributor-1\" property=\"role\" scheme=\"marc:relators\">edt<"
        ));
    }

    #[test]
    fn patch_replaces_metadata_and_package_tag() {
        let opf = "<?xml version=\"1.0\"?>\n<package version=\"3.0\" unique-identifier=\"epub-id-1\">\n  \
            <metadata><dc:language id=\"epub-creator-0\">en</dc:language></metadata>\n  <manifest/>\n</package>";
        let out = patch_opf(opf, "en-GB", "<metadata>NEW</metadata>").unwrap();
        assert!(out.contains("unique-identifier=\"pub-id\" xml:lang=\"en-GB\">"));
        assert!(out.contains("<metadata>NEW</metadata>\n  <manifest/>"));
        assert!(!out.contains("epub-creator"));
        assert!(patch_opf("<nothing/>", "en", "").is_err());
    }

    #[test]
    fn derived_identifier_is_stable() {
        let mut md = meta();
        md.identifier.clear();
        let a = identifier(&md);
        assert_eq!(a, identifier(&md));
        assert!(a.starts_with("urn:uuid:") && a.len() == 45, "{a}");
    }
}
