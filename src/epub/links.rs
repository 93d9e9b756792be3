//! Where links and images in the text point, once the book is a package.
//!
//! Method: [`crate::doc::links`] says what a link points at. A URL with a scheme the reader
//! can open is written as a valid URL string ([`web_url`]); one that cannot be made valid is
//! written as plain text, like a link to nowhere (`folio check` says so at its line). `#fragment` of the same piece is mapped to that
//! heading's final id. Another piece becomes that piece's XHTML file, its fragment mapped
//! the same way. Anything else would point nowhere inside the EPUB (an epubcheck error and a
//! dead tap for the reader), so it is written as plain text; a fragment that names no
//! heading is dropped, keeping the file.

use std::path::PathBuf;

use crate::doc::links::{resolve, web_url, Target as LinkTarget};

use crate::epub::anchors::Anchors;
use crate::epub::assets::Images;
use crate::epub::xhtml::Resolve;

/// A piece as a link target.
pub struct Target {
    /// The Markdown file, relative to the book root.
    pub path: PathBuf,
    /// Its XHTML file in the package.
    pub file: String,
    pub anchors: Anchors,
}

/// The whole book's link targets and embedded images.
pub struct BookLinks<'a> {
    pub images: &'a Images,
    pub targets: Vec<Target>,
}

/// Resolution from inside one piece (the `index`-th target).
pub struct PieceLinks<'a> {
    pub book: &'a BookLinks<'a>,
    pub index: usize,
}

impl PieceLinks<'_> {
    fn target(&self) -> &Target {
        &self.book.targets[self.index]
    }
}

impl Resolve for PieceLinks<'_> {
    fn image(&self, src: &str) -> Option<String> {
        self.book.images.href(src).map(str::to_string)
    }

    fn link(&self, url: &str) -> Option<String> {
        let targets = &self.book.targets;
        let find = |path: &std::path::Path| targets.iter().position(|t| t.path == path);
        match resolve(url, &self.target().path, find) {
            LinkTarget::External => web_url(url).ok().map(|w| w.href),
            LinkTarget::Piece {
                index: None,
                fragment,
            } => {
                let id = self.target().anchors.get(fragment.as_deref()?)?;
                Some(format!("#{id}"))
            }
            LinkTarget::Piece {
                index: Some(index),
                fragment,
            } => {
                let target = targets.get(index)?;
                match fragment.as_deref().and_then(|f| target.anchors.get(f)) {
                    Some(id) => Some(format!("{}#{id}", target.file)),
                    None => Some(target.file.clone()),
                }
            }
            LinkTarget::OtherScheme(_) | LinkTarget::Nowhere => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{Block, Inline};

    fn target(path: &str, file: &str, heading: &str) -> Target {
        let blocks = vec![Block::Heading {
            level: 2,
            content: vec![Inline::Text(heading.into())],
            id: heading.into(),
        }];
        Target {
            path: path.into(),
            file: file.into(),
            anchors: Anchors::for_blocks([blocks.as_slice()]),
        }
    }

    #[test]
    fn links_resolve_inside_the_book_or_not_at_all() {
        let images = Images::default();
        let book = BookLinks {
            images: &images,
            targets: vec![
                target("manuscript/reviews/jan.md", "piece-1.xhtml", "intro"),
                target("manuscript/analysis/feb.md", "piece-2.xhtml", "2015"),
            ],
        };
        let here = PieceLinks {
            book: &book,
            index: 0,
        };
        assert_eq!(
            here.link("https://example.org/a b").as_deref(),
            Some("https://example.org/a%20b")
        );
        assert_eq!(
            here.link("https://example.org/?tags[]=film#a#b").as_deref(),
            Some("https://example.org/?tags%5B%5D=film#a%23b")
        );
        assert_eq!(here.link("https://exa mple.org/"), None);
        assert_eq!(here.link("javascript:alert(1)"), None);
        assert_eq!(here.link("#intro").as_deref(), Some("#intro"));
        assert_eq!(here.link("#nowhere"), None);
        assert_eq!(
            here.link("../analysis/feb.md#2015").as_deref(),
            Some("piece-2.xhtml#h-2015")
        );
        assert_eq!(
            here.link("manuscript/analysis/feb.md#gone").as_deref(),
            Some("piece-2.xhtml")
        );
        assert_eq!(here.link("../../../etc/passwd"), None);
        assert_eq!(here.link("notes.pdf"), None);
    }
}
