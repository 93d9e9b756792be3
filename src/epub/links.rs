//! Where links and images in the text point, once the book is a package.
//!
//! Method: a link in a piece is one of three things. A URL with a scheme the reader can open
//! (http, https, mailto, tel, ftp) stays as written, made URL-safe. `#fragment` names a
//! heading of the same piece and is mapped to that heading's final id. A relative path naming
//! another piece's Markdown file (as written relative to the piece's file, or to the book root)
//! becomes that piece's XHTML file, its fragment mapped the same way. Anything else would point
//! nowhere inside the EPUB (an epubcheck error and a dead tap for the reader), so it is
//! written as plain text; a fragment that names no heading is dropped, keeping the file.

use std::path::{Component, Path, PathBuf};

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

const SCHEMES: [&str; 5] = ["http", "https", "mailto", "tel", "ftp"];

fn scheme(url: &str) -> Option<&str> {
    let colon = url.find(':')?;
    let s = &url[..colon];
    let valid = s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some(s)
}

/// Percent-encode what may not appear raw in a URL (spaces, quotes, angle brackets...).
fn url_safe(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            ' ' | '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}' => {
                out.push_str(&format!("%{:02X}", c as u32))
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Decode `%XX` escapes (as Markdown writers put in paths with spaces).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `a/b/../c` -> `a/c`, without touching the file system. `None` if it climbs out of the root.
fn normalise(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
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
        let url = url.trim();
        if let Some(s) = scheme(url) {
            return SCHEMES
                .contains(&s.to_ascii_lowercase().as_str())
                .then(|| url_safe(url));
        }
        if url.starts_with("//") {
            return None;
        }
        let (path, fragment) = match url.split_once('#') {
            Some((p, f)) => (p, Some(percent_decode(f))),
            None => (url, None),
        };
        if path.is_empty() {
            let id = self.target().anchors.get(fragment.as_deref()?)?;
            return Some(format!("#{id}"));
        }
        let path = percent_decode(path);
        let here = self.target().path.parent().unwrap_or(Path::new(""));
        let candidates = [normalise(&here.join(&path)), normalise(Path::new(&path))];
        let target = self
            .book
            .targets
            .iter()
            .find(|t| candidates.iter().flatten().any(|c| *c == t.path))?;
        match fragment.as_deref().and_then(|f| target.anchors.get(f)) {
            Some(id) => Some(format!("{}#{id}", target.file)),
            None => Some(target.file.clone()),
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

    #[test]
    fn percent_decoding_is_lenient() {
        assert_eq!(percent_decode("a%20b%zz%"), "a b%zz%");
    }
}
