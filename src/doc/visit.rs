//! One walk over the IR: every block and every inline of some blocks, in reading order.
//!
//! Blocks are met depth-first, a container before what it holds (a quote, then its
//! blocks; a list, then its items' blocks), which is also the numbering of blocks the
//! page-list uses (`doc::words`). Inlines are met inside paragraphs, headings and table
//! cells (head, then rows), each container before its content (a link, then its text). Code
//! that looks for images, links, note calls or headings walks with this instead of its
//! own recursion, so that all of it sees the same text.

use super::{Block, Inline};

/// Call `f` on every block of `blocks`, depth-first in reading order.
pub fn each_block<'a>(blocks: &'a [Block], f: &mut dyn FnMut(&'a Block)) {
    for block in blocks {
        f(block);
        match block {
            Block::Quote(inner) => each_block(inner, f),
            Block::List { items, .. } => items.iter().for_each(|item| each_block(item, f)),
            _ => {}
        }
    }
}

/// Call `f` on every inline of `blocks` (nested ones too), in reading order.
pub fn each_inline<'a>(blocks: &'a [Block], f: &mut dyn FnMut(&'a Inline)) {
    each_block(blocks, &mut |block| match block {
        Block::Paragraph(content) | Block::Heading { content, .. } => inlines(content, f),
        Block::Table { head, rows, .. } => {
            for cell in head.iter().chain(rows.iter().flatten()) {
                inlines(cell, f);
            }
        }
        _ => {}
    });
}

/// Call `f` on every inline of `content` (nested ones too), in reading order.
pub fn inlines<'a>(content: &'a [Inline], f: &mut dyn FnMut(&'a Inline)) {
    for inline in content {
        f(inline);
        if let Some(c) = inline.children() {
            inlines(c, f);
        }
    }
}

/// Call `f` on every inline of `content` (nested ones too), in reading order, each
/// container before its content, as [`inlines`] does; for passes that rewrite text in place.
pub fn inlines_mut(content: &mut [Inline], f: &mut dyn FnMut(&mut Inline)) {
    for inline in content {
        f(inline);
        if let Some(c) = inline.children_mut() {
            inlines_mut(c, f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::Text(s.into())
    }

    #[test]
    fn blocks_and_inlines_are_met_in_reading_order_wherever_they_are() {
        let blocks = vec![
            Block::Quote(vec![Block::Heading {
                level: 2,
                content: vec![text("h"), Inline::NoteRef(1)],
                id: "h".into(),
            }]),
            Block::List {
                start: None,
                items: vec![vec![Block::Image {
                    src: "a.png".into(),
                    alt: String::new(),
                    title: String::new(),
                }]],
            },
            Block::Table {
                aligns: vec![],
                head: vec![vec![text("th")]],
                rows: vec![vec![vec![Inline::Link {
                    url: "u".into(),
                    content: vec![Inline::Emph(vec![Inline::NoteRef(2)])],
                }]]],
            },
        ];
        let mut kinds = Vec::new();
        each_block(&blocks, &mut |b| {
            kinds.push(match b {
                Block::Quote(_) => "quote",
                Block::Heading { .. } => "heading",
                Block::List { .. } => "list",
                Block::Image { .. } => "image",
                Block::Table { .. } => "table",
                _ => "other",
            })
        });
        assert_eq!(kinds, ["quote", "heading", "list", "image", "table"]);
        let mut notes = Vec::new();
        let mut links = Vec::new();
        each_inline(&blocks, &mut |i| match i {
            Inline::NoteRef(n) => notes.push(*n),
            Inline::Link { url, .. } => links.push(url.as_str()),
            _ => {}
        });
        assert_eq!(notes, [1, 2]);
        assert_eq!(links, ["u"]);
    }

    #[test]
    fn the_mutable_walk_meets_what_the_shared_one_meets_and_may_rewrite_it() {
        let mut content = vec![
            text("a"),
            Inline::Link {
                url: "u".into(),
                content: vec![Inline::Emph(vec![text("b"), Inline::Sup(vec![text("c")])])],
            },
            Inline::Strong(vec![text("d")]),
        ];
        let mut seen = Vec::new();
        inlines(&content, &mut |i| seen.push(format!("{i:?}")));
        let mut seen_mut = Vec::new();
        inlines_mut(&mut content, &mut |i| {
            seen_mut.push(format!("{i:?}"));
            if let Inline::Text(t) = i {
                t.make_ascii_uppercase();
            }
        });
        assert_eq!(seen, seen_mut);
        let mut texts = String::new();
        inlines(&content, &mut |i| {
            if let Inline::Text(t) = i {
                texts.push_str(t);
            }
        });
        assert_eq!(texts, "ABCD");
    }
}
