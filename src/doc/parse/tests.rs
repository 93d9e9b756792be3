//! The IR builder on small pieces of Markdown.

use super::*;
use crate::manuscript::PieceMeta;

fn parse(body: &str) -> (PieceDoc, Diagnostics) {
    let piece = Piece {
        path: "manuscript/a.md".into(),
        meta: PieceMeta {
            title: "T".into(),
            ..Default::default()
        },
        body: body.into(),
        body_line: 3,
    };
    parse_piece(&piece, "piece-1")
}

#[test]
fn smart_punctuation_and_emphasis() {
    let (doc, _) = parse("\"Hello\" -- it's *here*...\n");
    assert_eq!(
        doc.blocks,
        vec![Block::Paragraph(vec![
            Inline::Text("\u{201c}Hello\u{201d} \u{2013} it\u{2019}s ".into()),
            Inline::Emph(vec![Inline::Text("here".into())]),
            Inline::Text("\u{2026}".into()),
        ])]
    );
}

#[test]
fn footnotes_are_numbered_by_first_reference() {
    let (doc, _) = parse("A[^b] and B[^a].\n\n[^a]: Note A.\n[^b]: Note B.\n");
    assert_eq!(doc.notes.len(), 2);
    assert_eq!(doc.notes[0].label, "b");
    assert_eq!(
        doc.notes[1].blocks,
        vec![Block::Paragraph(vec![Inline::Text("Note A.".into())])]
    );
}

#[test]
fn comments_vanish_and_headings_get_unique_ids() {
    let (doc, diags) = parse("## – Ties to IS –\n\n<!-- image.jpg -->\n\n## – Ties to IS –\n");
    assert!(diags.is_empty());
    assert_eq!(doc.blocks.len(), 2);
    assert!(matches!(&doc.blocks[0], Block::Heading { id, level: 2, .. } if id == "ties-to-is"));
    assert!(matches!(&doc.blocks[1], Block::Heading { id, .. } if id == "ties-to-is-2"));
}

#[test]
fn tight_list_items_become_paragraphs() {
    let (doc, _) = parse("- one\n- two\n");
    let Block::List { items, start: None } = &doc.blocks[0] else {
        panic!()
    };
    assert_eq!(
        items[1],
        vec![Block::Paragraph(vec![Inline::Text("two".into())])]
    );
}

#[test]
fn lone_image_is_a_block_and_raw_html_warns_with_its_line() {
    let (doc, diags) = parse("![A cat](covers/cat.png)\n\n<div>x</div>\n");
    assert!(matches!(&doc.blocks[0], Block::Image { alt, .. } if alt == "A cat"));
    assert_eq!(diags.0[0].location.as_ref().unwrap().line, 5);
}

#[test]
fn nesting_too_deep_is_an_error_not_a_crash() {
    let deep = ">".repeat(5000) + " x\n";
    let (_, diags) = parse(&deep);
    assert!(diags.has_errors());
}

fn paragraph(doc: &PieceDoc) -> &[Inline] {
    match &doc.blocks[0] {
        Block::Paragraph(inlines) => inlines,
        other => panic!("not a paragraph: {other:?}"),
    }
}

#[test]
fn safe_inline_html_becomes_ir_and_scripts_vanish_with_their_text() {
    let (doc, diags) = parse("H<sub>2</sub>O, <b>bold</b> <script>alert(1)</script>end\n");
    assert_eq!(
        paragraph(&doc),
        [
            Inline::Text("H".into()),
            Inline::Sub(vec![Inline::Text("2".into())]),
            Inline::Text("O, ".into()),
            Inline::Strong(vec![Inline::Text("bold".into())]),
            Inline::Text(" end".into()),
        ]
    );
    assert_eq!(diags.0.len(), 1, "{diags}");
    assert!(diags.0[0].message.contains("`<script>`"));
    assert_eq!(diags.0[0].location.as_ref().unwrap().line, 3);
}

#[test]
fn html_interleaved_with_markdown_closes_at_the_markdown_end() {
    // `*a <em>b* c</em>`: the <em> opened inside Markdown emphasis ends with it.
    let (doc, _) = parse("*a <em>b* c</em> d\n");
    assert_eq!(
        paragraph(&doc),
        [
            Inline::Emph(vec![
                Inline::Text("a ".into()),
                Inline::Emph(vec![Inline::Text("b".into())]),
            ]),
            Inline::Text(" c d".into()),
        ]
    );
    // Unclosed tags close with the paragraph; stray end tags are ignored.
    let (doc, _) = parse("</i>x <i>y <span>z\n\nnext\n");
    assert_eq!(
        paragraph(&doc),
        [
            Inline::Text("x ".into()),
            Inline::Emph(vec![Inline::Text("y z".into())]),
        ]
    );
    assert_eq!(doc.blocks.len(), 2);
}

#[test]
fn html_blocks_warn_once_and_comment_blocks_not_at_all() {
    let (doc, diags) = parse("<div>\nhidden *x*\n</div>\n\n<!-- a\nnote -->\n\nkept\n");
    assert_eq!(
        doc.blocks,
        [Block::Paragraph(vec![Inline::Text("kept".into())])]
    );
    assert_eq!(diags.0.len(), 1, "{diags}");
    assert!(
        diags.0[0].message.contains("`<div>…`"),
        "{}",
        diags.0[0].message
    );
}

#[test]
fn undefined_footnote_reference_warns_at_its_line() {
    let (doc, diags) = parse("Text.\n\nA claim[^gone].\n");
    assert!(doc.notes.is_empty());
    let d = &diags.0[0];
    assert!(d.message.contains("`[^gone]` has no note"));
    let loc = d.location.as_ref().unwrap();
    assert_eq!((loc.line, loc.column), (5, 8));
}

#[test]
fn a_title_that_begins_like_a_list_item_keeps_its_quotes_and_emphasis() {
    assert_eq!(
        parse_inlines("1984. Orwell's \"year\""),
        vec![Inline::Text(
            "1984. Orwell\u{2019}s \u{201c}year\u{201d}".into()
        )]
    );
    assert_eq!(
        parse_inlines("1. The *first* one"),
        vec![
            Inline::Text("1. The ".into()),
            Inline::Emph(vec![Inline::Text("first".into())]),
            Inline::Text(" one".into()),
        ]
    );
    assert_eq!(
        parse_inlines("- \"Notes\" > *all*"),
        vec![
            Inline::Text("- \u{201c}Notes\u{201d} > ".into()),
            Inline::Emph(vec![Inline::Text("all".into())]),
        ]
    );
    // What is not a block start is left alone.
    assert_eq!(
        parse_inlines("*Emph* title"),
        vec![
            Inline::Emph(vec![Inline::Text("Emph".into())]),
            Inline::Text(" title".into()),
        ]
    );
}

#[test]
fn the_source_map_says_where_images_links_and_headings_are() {
    let body = "Intro with ![inline](a/in.png).\n\n## Part\n\n![A cat](covers/cat.png \"t\")\n\n\
                See [x](other.md) and [y][nowhere].\n";
    let piece = Piece {
        path: "manuscript/a.md".into(),
        meta: PieceMeta {
            title: "T".into(),
            note: Some("Note ![](n.png)".into()),
            ..Default::default()
        },
        body: body.into(),
        body_line: 3,
    };
    let (doc, _) = parse_piece(&piece, "piece-1");
    let map = &doc.source;
    let images: Vec<(&str, &str, bool)> = map
        .images
        .iter()
        // An image of the front matter's note has offsets into the note, not the body.
        .map(|i| {
            (
                i.src.as_str(),
                if i.in_note {
                    ""
                } else {
                    &body[i.src_at..i.src_at + 1]
                },
                i.in_note,
            )
        })
        .collect();
    assert_eq!(
        images,
        vec![
            ("a/in.png", "a", false),
            ("covers/cat.png", "c", false),
            ("n.png", "", true)
        ]
    );
    assert_eq!(map.images[1].alt, "A cat");
    assert!(map.images[2].alt.is_empty());
    assert_eq!(map.headings, vec![(2, body.find("## Part").unwrap())]);
    assert_eq!(
        map.links,
        vec![("other.md".into(), body.find("[x]").unwrap())]
    );
    assert_eq!(
        map.undefined_references,
        vec![(body.find("[y]").unwrap(), "nowhere".into())]
    );
}

#[test]
fn a_span_with_a_language_carries_it_and_a_bad_tag_is_warned_at_its_place() {
    let (doc, diags) = parse(
        "He said <span lang=\"fr\" dir=\"ltr\">bonjour *madame*</span> and\n\
         <span lang=\"french\">merci</span>.\n",
    );
    assert_eq!(
        paragraph(&doc),
        [
            Inline::Text("He said ".into()),
            Inline::Span {
                lang: Some("fr".into()),
                dir: Some(crate::doc::Dir::Ltr),
                content: vec![
                    Inline::Text("bonjour ".into()),
                    Inline::Emph(vec![Inline::Text("madame".into())]),
                ],
            },
            Inline::Text(" and merci.".into()),
        ]
    );
    assert_eq!(diags.0.len(), 1, "{diags}");
    assert!(diags.0[0].message.contains("`lang=\"french\"`"), "{diags}");
    let at = diags.0[0].location.as_ref().unwrap();
    assert_eq!((at.line, at.column), (4, 1), "{diags}");
}
