//! Where a link in the text points: the one rule the EPUB (which writes links) and
//! `folio check` (which warns about dead ones) both follow.
//!
//! A link is one of three things. A URL with a scheme a reader can open (http, https,
//! mailto, tel, ftp) points outside the book. `#fragment` names a heading of the same
//! piece. A relative path names another piece's Markdown file, as written relative to the
//! linking piece's folder or to the book root, with an optional `#fragment`. Paths and
//! fragments are percent-decoded first (Markdown writers escape spaces as `%20`). Anything
//! else points nowhere in the book.

use std::path::{Component, Path, PathBuf};

/// The URL schemes an e-reader opens.
pub const SCHEMES: [&str; 5] = ["http", "https", "mailto", "tel", "ftp"];

/// The schemes a link in the PDF may leave the book by: the web and mail. A PDF viewer hands
/// any other URI to the system (a `file:` path, a `\\server\share` that leaks Windows
/// credentials), so print links to nothing else outside the book.
pub const PRINT_SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// Whether an [`Target::External`] `url` may be a link in print ([`PRINT_SCHEMES`]).
pub fn prints_as_uri(url: &str) -> bool {
    scheme(url.trim()).is_some_and(|s| PRINT_SCHEMES.contains(&s.to_ascii_lowercase().as_str()))
}

/// What a link points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A URL with one of [`SCHEMES`].
    External,
    /// A URL with another scheme (`javascript:`, `file:`): not a link a reader can follow.
    OtherScheme(String),
    /// A piece of the book (`None`: the linking piece itself) and the decoded fragment.
    Piece {
        index: Option<usize>,
        fragment: Option<String>,
    },
    /// No piece of the book, nor a URL.
    Nowhere,
}

/// Resolve `url` as written in the piece at `from` (relative to the book root); `find`
/// gives the index of the piece whose path (relative to the root) is the one asked for.
pub fn resolve(url: &str, from: &Path, find: impl Fn(&Path) -> Option<usize>) -> Target {
    let url = url.trim();
    if let Some(s) = scheme(url) {
        return if SCHEMES.contains(&s.to_ascii_lowercase().as_str()) {
            Target::External
        } else {
            Target::OtherScheme(s.to_owned())
        };
    }
    if url.starts_with("//") {
        return Target::Nowhere;
    }
    let (path, fragment) = match url.split_once('#') {
        Some((p, f)) => (p, Some(percent_decode(f))),
        None => (url, None),
    };
    if path.is_empty() {
        return Target::Piece {
            index: None,
            fragment,
        };
    }
    let path = percent_decode(path);
    let here = from.parent().unwrap_or(Path::new(""));
    let found = [normalise(&here.join(&path)), normalise(Path::new(&path))]
        .iter()
        .flatten()
        .find_map(|candidate| find(candidate));
    match found {
        Some(index) => Target::Piece {
            index: Some(index),
            fragment,
        },
        None => Target::Nowhere,
    }
}

/// The scheme of an absolute URL (`https` of `https://...`), if it has one.
pub fn scheme(url: &str) -> Option<&str> {
    let colon = url.find(':')?;
    let s = &url[..colon];
    let valid = s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some(s)
}

/// Decode `%XX` escapes, leaving malformed ones as written.
pub fn percent_decode(s: &str) -> String {
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

/// `a/b/../c` -> `a/c` without touching the file system; `None` if it climbs out of the
/// root or is absolute.
pub fn normalise(path: &Path) -> Option<PathBuf> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn find(path: &Path) -> Option<usize> {
        ["manuscript/reviews/jan.md", "manuscript/analysis/feb 2.md"]
            .iter()
            .position(|p| Path::new(p) == path)
    }

    #[test]
    fn links_point_outside_at_a_piece_or_nowhere() {
        let from = Path::new("manuscript/reviews/jan.md");
        let at = |url| resolve(url, from, find);
        assert_eq!(at(" HTTPS://example.org "), Target::External);
        assert_eq!(
            at("javascript:alert(1)"),
            Target::OtherScheme("javascript".into())
        );
        assert_eq!(
            at("#intro"),
            Target::Piece {
                index: None,
                fragment: Some("intro".into())
            }
        );
        assert_eq!(
            at("../analysis/feb%202.md#caf%C3%A9"),
            Target::Piece {
                index: Some(1),
                fragment: Some("café".into())
            }
        );
        assert_eq!(
            at("manuscript/reviews/jan.md"),
            Target::Piece {
                index: Some(0),
                fragment: None
            }
        );
        assert_eq!(at("../../../etc/passwd"), Target::Nowhere);
        assert_eq!(at("//host/x.md"), Target::Nowhere);
        assert_eq!(at("notes.pdf"), Target::Nowhere);
    }

    #[test]
    fn print_links_leave_the_book_only_for_the_web_and_mail() {
        for url in ["https://a.org", "HTTP://a.org", "mailto:a@b.org"] {
            assert!(prints_as_uri(url), "{url}");
        }
        for url in [
            "tel:+1",
            "ftp://a.org",
            "file:///etc/passwd",
            "\\\\server\\share",
            "/etc/passwd",
        ] {
            assert!(!prints_as_uri(url), "{url}");
        }
    }

    #[test]
    fn percent_decoding_is_lenient() {
        assert_eq!(percent_decode("a%20b%zz%"), "a b%zz%");
    }
}
