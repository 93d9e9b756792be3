//! Ids for headings: valid XML names, unique in their document, decided before rendering.
//!
//! Method: epubcheck validates content documents as XML, so an `id` must be an NCName (no
//! leading digit, no spaces); the IR's heading ids are slugs that may start with a digit
//! ("2015-in-review"). [`Anchors`] walks a piece's blocks in the order the writer renders them
//! (author's note, body, footnotes) and gives each heading its final id: the IR's id made an
//! NCName, kept clear of the ids the piece renderer writes itself (`title`, `fn-N`, `fnref-N`),
//! with a numeric suffix where it would repeat. Doing this before rendering lets links from
//! other pieces and the nav use the very ids the document will carry.

use std::collections::{HashMap, HashSet};

use crate::doc::Block;

/// Turn any string into an XML NCName usable as an `id`: letters, digits, `-`, `_`, `.`,
/// starting with a letter or `_`.
pub fn ncname(raw: &str) -> String {
    let mut id = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_alphanumeric() || c == '_' || c == '.' || c == '-' {
            id.push(c);
        } else if !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_matches('-').to_string();
    match id.chars().next() {
        None => "section".to_string(),
        Some(c) if c.is_alphabetic() || c == '_' => id,
        Some(_) => format!("h-{id}"),
    }
}

/// The final ids of one document's headings, in the order the renderer meets them.
///
/// Built by walking the blocks in the same order [`Writer`] renders them, so the writer can
/// take ids one by one while the nav and intra-book links look them up by the IR's id.
#[derive(Debug, Default, Clone)]
pub struct Anchors {
    in_order: Vec<String>,
    by_raw: HashMap<String, String>,
    used: HashSet<String>,
}

impl Anchors {
    /// Ids the piece renderer writes itself and headings must not take.
    fn reserved(id: &str) -> bool {
        id == "title" || id.starts_with("fn-") || id.starts_with("fnref-")
    }

    /// Allocate ids for every heading in `groups`, walked in order.
    pub fn for_blocks<'a>(groups: impl IntoIterator<Item = &'a [Block]>) -> Anchors {
        let mut anchors = Anchors::default();
        for blocks in groups {
            anchors.walk(blocks);
        }
        anchors
    }

    fn walk(&mut self, blocks: &[Block]) {
        crate::doc::visit::each_block(blocks, &mut |block| {
            if let Block::Heading { id, .. } = block {
                let final_id = self.allocate(id);
                self.by_raw.entry(id.clone()).or_insert(final_id.clone());
                self.in_order.push(final_id);
            }
        });
    }

    fn allocate(&mut self, raw: &str) -> String {
        let mut base = ncname(raw);
        if Self::reserved(&base) && base != "title" {
            base = format!("h-{base}");
        }
        let mut candidate = base.clone();
        let mut n = 1;
        while Self::reserved(&candidate) || self.used.contains(&candidate) {
            n += 1;
            candidate = format!("{base}-{n}");
        }
        self.used.insert(candidate.clone());
        candidate
    }

    /// The final id of the heading the IR calls `raw`.
    pub fn get(&self, raw: &str) -> Option<&str> {
        self.by_raw.get(raw).map(String::as_str)
    }

    /// Every final id, in document order.
    pub fn all(&self) -> &[String] {
        &self.in_order
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Inline;

    fn heading(id: &str) -> Block {
        Block::Heading {
            level: 2,
            content: vec![Inline::Text(id.into())],
            id: id.into(),
        }
    }

    #[test]
    fn ids_are_ncnames() {
        assert_eq!(ncname("2015 in review"), "h-2015-in-review");
        assert_eq!(ncname("Ties to ISIS?"), "Ties-to-ISIS");
        assert_eq!(ncname("!!"), "section");
        assert_eq!(ncname("café"), "café");
    }

    #[test]
    fn heading_ids_are_unique_and_avoid_reserved_ones() {
        let blocks = vec![
            heading("intro"),
            heading("intro"),
            heading("fn-1"),
            heading("title"),
            Block::Quote(vec![heading("fnref-2")]),
        ];
        let anchors = Anchors::for_blocks([blocks.as_slice()]);
        assert_eq!(
            anchors.all(),
            &["intro", "intro-2", "h-fn-1", "title-2", "h-fnref-2"]
        );
        assert_eq!(anchors.get("fn-1"), Some("h-fn-1"));
        let unique: HashSet<_> = anchors.all().iter().collect();
        assert_eq!(unique.len(), anchors.all().len());
    }
}
