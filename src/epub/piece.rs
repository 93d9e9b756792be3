//! One piece of the book as one XHTML content document.
//!
//! Method: a piece is a `<section epub:type="chapter">` whose `<header>` carries what the front
//! matter says about it (kind as a small label, title, subtitle, byline, dateline and date,
//! standfirst), then the author's note set apart in its own box, then the body, then the source
//! credit in a `<footer>`, then the footnotes as EPUB 3 `<aside epub:type="footnote">` elements
//! so that reading systems which support it show them as pop-ups. Every piece is its own file
//! so that readers paginate each one from a fresh page and a nav entry lands on its title.
//!
//! The heading ids were allocated beforehand ([`Anchors`]) for the whole book, so links between
//! pieces and the nav agree with what is written here. The level-2 headings of the body are
//! returned as the piece's sections, for the nav.

use crate::doc::{ornaments, plain_text, Block, PieceDoc};
use crate::epub::anchors::Anchors;
use crate::epub::xhtml::{attr, document, text, Resolve, Writer};
use crate::manuscript::{LeadIn, PrintSettings};

/// A piece written out, with what the nav and the contents page need to know about it.
pub struct RenderedPiece {
    /// File name inside the package ("piece-3.xhtml").
    pub file: String,
    /// Plain-text title, for the nav, the NCX and `<title>`.
    pub title: String,
    /// The body's top-level level-2 headings: (id, plain text).
    pub sections: Vec<(String, String)>,
    pub xhtml: String,
}

/// The DPUB-ARIA role matching a front or back matter role, where there is one.
fn aria_role(role: crate::manuscript::Role) -> Option<&'static str> {
    use crate::manuscript::Role::*;
    Some(match role {
        Dedication => "doc-dedication",
        Epigraph => "doc-epigraph",
        Foreword => "doc-foreword",
        Preface => "doc-preface",
        Introduction => "doc-introduction",
        Prologue => "doc-prologue",
        Afterword => "doc-afterword",
        Epilogue => "doc-epilogue",
        Acknowledgements => "doc-acknowledgments",
        Appendix => "doc-appendix",
        Permissions => "doc-credits",
        Contributors => return None,
    })
}

/// The file a piece is written to.
pub fn file_name(piece: &PieceDoc) -> String {
    format!("{}.xhtml", crate::epub::anchors::ncname(&piece.id))
}

/// The blocks of a piece in the order [`render`] writes them: the author's note, the body,
/// then each footnote. [`Anchors`] must walk the same order.
pub fn block_groups(piece: &PieceDoc) -> Vec<&[Block]> {
    let mut groups = vec![piece.note.as_slice(), piece.blocks.as_slice()];
    groups.extend(piece.notes.iter().map(|n| n.blocks.as_slice()));
    groups
}

/// The plain-text title of a piece: the parsed title, else the front matter's.
pub fn title_of(piece: &PieceDoc) -> String {
    let title = plain_text(&piece.title);
    if title.trim().is_empty() {
        piece.meta.title.clone()
    } else {
        title
    }
}

/// Upper-case the first letter of a label ("review" -> "Review"); the rest is kept as written.
fn label(kind: &str) -> String {
    let mut chars = kind.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Where the print edition's pages begin in this piece: its opening page's folio, and
/// (block, word, folio) for pages that begin in its body.
#[derive(Debug, Default, Clone)]
pub struct Marks {
    pub opening: Option<String>,
    pub text: Vec<(usize, usize, String)>,
    /// The division's structural term, on the document's body: `frontmatter` or
    /// `backmatter` (book.yaml's `front:` and `back:`); `None` in the body.
    pub matter: Option<&'static str>,
}

pub fn render(
    piece: &PieceDoc,
    lang: &str,
    resolve: &dyn Resolve,
    anchors: &Anchors,
    marks: &Marks,
    print: &PrintSettings,
) -> RenderedPiece {
    let title = title_of(piece);
    let meta = &piece.meta;
    let mut w = Writer::new(resolve, anchors, piece.notes.len());
    w.scene_breaks(&print.scene_break);

    // A front or back matter piece says what it is (its role); any other is a chapter.
    let (epub_type, aria) = match meta.role {
        Some(role) => (role.epub_type(), aria_role(role)),
        None => ("chapter", Some("doc-chapter")),
    };
    let aria = aria.map_or(String::new(), |r| format!(" role=\"{r}\""));
    w.out.push_str(&format!(
        "<section class=\"piece\" epub:type=\"{epub_type}\"{aria} aria-labelledby=\"title\">\n<header>\n"
    ));
    if let Some(folio) = &marks.opening {
        w.out.push_str(&super::pagelist::marker(folio));
        w.out.push('\n');
    }
    if let Some(kind) = meta.kind.as_deref().filter(|k| !k.trim().is_empty()) {
        w.out
            .push_str(&format!("<p class=\"kind\">{}</p>\n", text(&label(kind))));
    }
    w.out.push_str("<h1 id=\"title\">");
    if plain_text(&piece.title).trim().is_empty() {
        w.out.push_str(&text(&title));
    } else {
        w.inlines(&piece.title);
    }
    w.out.push_str("</h1>\n");
    if let Some(subtitle) = &piece.subtitle {
        w.out
            .push_str("<p class=\"subtitle\" role=\"doc-subtitle\">");
        w.inlines(subtitle);
        w.out.push_str("</p>\n");
    }
    if let Some(byline) = &piece.byline {
        w.out
            .push_str(&format!("<p class=\"byline\">{}</p>\n", text(byline)));
    }
    if let Some(credit) = &piece.translated_by {
        w.out
            .push_str(&format!("<p class=\"translator\">{}</p>\n", text(credit)));
    }
    if let Some(dateline) = &piece.dateline {
        w.out
            .push_str(&format!("<p class=\"dateline\">{}</p>\n", text(dateline)));
    }
    match (&piece.standfirst, meta.standfirst.as_deref()) {
        (Some(standfirst), _) => {
            w.out.push_str("<p class=\"standfirst\">");
            w.inlines(standfirst);
            w.out.push_str("</p>\n");
        }
        (None, Some(standfirst)) if !standfirst.trim().is_empty() => {
            w.out.push_str(&format!(
                "<p class=\"standfirst\">{}</p>\n",
                text(standfirst)
            ));
        }
        _ => {}
    }
    w.out.push_str("</header>\n");

    // The author's note is the author speaking before the piece, not part of it: a box of
    // its own (role="note"), never the standfirst.
    if !piece.note.is_empty() {
        w.out
            .push_str("<div class=\"author-note\" role=\"note\">\n");
        w.blocks(&piece.note);
        w.out.push_str("</div>\n");
    }

    w.record_sections(true);
    w.start_body(marks.text.clone());
    // The piece's writing direction, print's decision too: its drop cap's side, its `dir`.
    let direction = crate::doc::direction::piece_direction(piece, lang);
    // The opening's lead-in and drop cap where print sets them (`doc::ornaments`).
    let lead_in = ornaments::lead_in_block(piece).filter(|_| print.lead_in == LeadIn::SmallCaps);
    let drop_cap = print
        .drop_cap
        .lines()
        .filter(|_| ornaments::opens_with_drop_cap(piece, direction == crate::doc::Dir::Rtl));
    for (i, block) in piece.blocks.iter().enumerate() {
        w.dress_next_paragraph(lead_in == Some(i), drop_cap.filter(|_| i == 0));
        w.blocks(std::slice::from_ref(block));
    }
    w.end_body();
    w.record_sections(false);

    // The rights line and the source, as the print edition sets them at the piece's end.
    let credit = crate::doc::apparatus::rights_line(meta);
    if !credit.is_empty() {
        w.out.push_str("<footer>\n<p class=\"source\">");
        w.inlines(&credit);
        w.out.push_str("</p>\n</footer>\n");
    }

    if !piece.notes.is_empty() {
        w.out
            .push_str("<section class=\"footnotes\" epub:type=\"footnotes\">\n");
        for (i, note) in piece.notes.iter().enumerate() {
            let n = i + 1;
            w.out.push_str(&format!(
                "<aside epub:type=\"footnote\" role=\"doc-footnote\" id=\"fn-{n}\">\n"
            ));
            // The note's number links back to where it was called from; a note nobody
            // calls gets a plain number, since its back link would dangle.
            let number = if w.note_referenced(n) {
                format!("<a class=\"backlink\" role=\"doc-backlink\" href=\"#fnref-{n}\">{n}.</a> ")
            } else {
                format!("<span class=\"backlink\">{n}.</span> ")
            };
            match note.blocks.split_first() {
                Some((Block::Paragraph(first), rest)) => {
                    w.out.push_str("<p>");
                    w.out.push_str(&number);
                    w.inlines(first);
                    w.out.push_str("</p>\n");
                    w.blocks(rest);
                }
                _ => {
                    w.out.push_str(&format!("<p>{}</p>\n", number.trim_end()));
                    w.blocks(&note.blocks);
                }
            }
            w.out.push_str("</aside>\n");
        }
        w.out.push_str("</section>\n");
    }
    w.out.push_str("</section>\n");

    let sections = w.take_sections();
    // The document's `dir` is its language's (`xhtml::document`); a piece that runs the
    // other way says so on its body (an Arabic piece with no `language:` in an English
    // book, an English one in an Arabic book). Print takes the same decision.
    let doc_lang = meta.language.as_deref().unwrap_or(lang);
    let dir = if direction == crate::doc::direction::book_direction(doc_lang) {
        String::new()
    } else {
        format!(" dir=\"{}\"", direction.as_str())
    };
    let matter = marks
        .matter
        .map_or(String::new(), |m| format!(" epub:type=\"{m}\""));
    let body_attrs = format!(" class=\"piece\" id=\"{}\"{dir}{matter}", attr(&piece.id));
    RenderedPiece {
        file: file_name(piece),
        // A piece in another language than the book's says so on its whole document.
        xhtml: document(doc_lang, &title, &body_attrs, &w.out),
        title,
        sections,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{Footnote, Inline};
    use crate::manuscript::PieceMeta;
    use std::path::PathBuf;

    struct Plain;
    impl Resolve for Plain {
        fn image(&self, _src: &str) -> Option<String> {
            None
        }
        fn link(&self, _url: &str) -> Option<String> {
            None
        }
    }

    fn t(s: &str) -> Vec<Inline> {
        vec![Inline::Text(s.into())]
    }

    /// The piece rendered with plain links, no page marks and the default print settings.
    fn render_plain(piece: &PieceDoc, lang: &str, anchors: &Anchors) -> RenderedPiece {
        render(
            piece,
            lang,
            &Plain,
            anchors,
            &Marks::default(),
            &PrintSettings::default(),
        )
    }

    pub(crate) fn sample() -> PieceDoc {
        PieceDoc {
            id: "piece-1".into(),
            path: PathBuf::from("manuscript/a.md"),
            meta: PieceMeta {
                title: "Plain".into(),
                author: vec!["Ann <Byline>".into()],
                dateline: Some("Paris".into()),
                date: Some("14 January 2015".into()),
                kind: Some("review".into()),
                source: Some("First published by AFP & co".into()),
                ..PieceMeta::default()
            },
            title: t("Rock & Roll"),
            subtitle: Some(t("A subtitle")),
            standfirst: Some(t("The standfirst.")),
            byline: Some("Ann <Byline>".into()),
            translated_by: None,
            dateline: Some("Paris, 14 January 2015".into()),
            note: vec![Block::Paragraph(t("Author's note."))],
            blocks: vec![
                Block::Paragraph(vec![Inline::Text("Body".into()), Inline::NoteRef(1)]),
                Block::Heading {
                    level: 2,
                    content: t("Second part"),
                    id: "second-part".into(),
                },
                Block::Quote(vec![Block::Heading {
                    level: 2,
                    content: t("Quoted heading"),
                    id: "quoted".into(),
                }]),
                Block::Paragraph(t("More.")),
            ],
            notes: vec![Footnote {
                number: 1,
                label: "a".into(),
                blocks: vec![Block::Paragraph(t("The note."))],
            }],
            source: Default::default(),
        }
    }

    #[test]
    fn piece_renders_every_part_in_order() {
        let piece = sample();
        let anchors = Anchors::for_blocks(block_groups(&piece));
        let r = render_plain(&piece, "en-GB", &anchors);
        let x = &r.xhtml;
        let order = [
            "<p class=\"kind\">Review</p>",
            "<h1 id=\"title\">Rock &amp; Roll</h1>",
            "<p class=\"subtitle\" role=\"doc-subtitle\">A subtitle</p>",
            "<p class=\"byline\">Ann &lt;Byline&gt;</p>",
            "<p class=\"dateline\">Paris, 14 January 2015</p>",
            "<p class=\"standfirst\">The standfirst.</p>",
            "<div class=\"author-note\" role=\"note\">\n<p>Author's note.</p>",
            "<p>Body<sup><a epub:type=\"noteref\" role=\"doc-noteref\" href=\"#fn-1\" id=\"fnref-1\">1</a></sup></p>",
            "<h2 id=\"second-part\">Second part</h2>",
            "<p class=\"source\">First published by AFP &amp; co</p>",
            "<aside epub:type=\"footnote\" role=\"doc-footnote\" id=\"fn-1\">",
            "href=\"#fnref-1\">1.</a> The note.</p>",
        ];
        let mut at = 0;
        for needle in order {
            let found = x[at..]
                .find(needle)
                .unwrap_or_else(|| panic!("missing or out of order: {needle}\n{x}"));
            at += found + needle.len();
        }
        assert_eq!(r.title, "Rock & Roll");
        assert_eq!(r.file, "piece-1.xhtml");
        // Only the body's top-level h2 is a section: not the one inside the quote.
        assert_eq!(
            r.sections,
            vec![("second-part".to_string(), "Second part".to_string())]
        );
        assert!(x.contains("xml:lang=\"en-GB\" lang=\"en-GB\""));
    }

    #[test]
    fn standfirst_and_note_stay_distinct() {
        let mut piece = sample();
        piece.standfirst = None;
        piece.meta.standfirst = Some("From front matter".into());
        let anchors = Anchors::for_blocks(block_groups(&piece));
        let r = render_plain(&piece, "en", &anchors);
        assert!(r
            .xhtml
            .contains("<p class=\"standfirst\">From front matter</p>"));
        assert!(!r.xhtml.contains("class=\"standfirst\">Author"));
    }

    #[test]
    fn unreferenced_note_has_no_dangling_back_link() {
        let mut piece = sample();
        piece.blocks = vec![Block::Paragraph(t("No reference."))];
        let anchors = Anchors::for_blocks(block_groups(&piece));
        let r = render_plain(&piece, "en", &anchors);
        assert!(!r.xhtml.contains("#fnref-1"));
        assert!(r.xhtml.contains("id=\"fn-1\""));
    }
}
