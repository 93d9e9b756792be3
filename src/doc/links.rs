//! Where a link in the text points: the one rule the EPUB (which writes links) and
//! `folio check` (which warns about dead ones) both follow.
//!
//! A link is one of three things. A URL with a scheme a reader can open (http, https,
//! mailto, tel, ftp) points outside the book. `#fragment` names a heading of the same
//! piece. A relative path names another piece's Markdown file, as written relative to the
//! linking piece's folder or to the book root, with an optional `#fragment`. Paths and
//! fragments are percent-decoded first (Markdown writers escape spaces as `%20`). Anything
//! else points nowhere in the book.
//!
//! An outside link is written as a valid URL string (WHATWG URL, the syntax epubcheck
//! checks): [`web_url`] parses it with the `url` crate (hosts to punycode, non-ASCII and
//! spaces percent-encoded) and then encodes what that parser accepts but leaves raw and
//! invalid (`[`, `|`, a second `#`, a `%` without two hex digits), so the decoded URL is
//! still the one the author wrote.

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
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// An outside link as the EPUB writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebUrl {
    /// A valid URL string that decodes to the URL as written.
    pub href: String,
    /// The URL as written was not a valid URL string (a space, `[`, `|`, a lone `%`, a
    /// second `#`...): `href` encodes what it had to. Case and a host's punycode are not
    /// counted: those are the same URL.
    pub rewritten: bool,
}

/// `url` (with one of [`SCHEMES`]) as a valid URL string, or why it cannot be one (a host
/// that is no host name, a port out of range...).
pub fn web_url(url: &str) -> Result<WebUrl, String> {
    let written = url.trim();
    let parsed = url::Url::parse(written).map_err(|e| e.to_string())?;
    let mut href = parsed[..url::Position::BeforePath].to_string();
    href.push_str(&valid_part(parsed.path()));
    if let Some(query) = parsed.query() {
        href.push('?');
        href.push_str(&valid_part(query));
    }
    if let Some(fragment) = parsed.fragment() {
        href.push('#');
        href.push_str(&valid_part(fragment));
    }
    Ok(WebUrl {
        href,
        rewritten: !is_valid_as_written(written),
    })
}

/// A URL code point (URL Standard, 4.1): `#` is not one, so a second `#` is encoded.
fn url_code_point(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '!' | '$' | '&' | '\'' | '(' | ')' | '*' | '+' | ',' | '-' | '.' | '/' | ':' | ';'
        | '=' | '?' | '@' | '_' | '~' => true,
        c if c.is_ascii() => false,
        // Non-ASCII, less the noncharacters (surrogates are no `char`).
        c => {
            let u = c as u32;
            !((0xFDD0..=0xFDEF).contains(&u) || u & 0xFFFE == 0xFFFE)
        }
    }
}

/// `part` with every character that may not stand raw percent-encoded; `%XX` kept.
fn valid_part(part: &str) -> String {
    let mut out = String::with_capacity(part.len());
    let bytes = part.as_bytes();
    for (i, c) in part.char_indices() {
        let escape = c == '%'
            && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit);
        if escape || url_code_point(c) {
            out.push(c);
        } else {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// Whether `url` is already a valid URL string in its path, query and fragment (the
/// scheme and host are the parser's to judge).
fn is_valid_as_written(url: &str) -> bool {
    let after_scheme = url.find(':').map_or(url, |i| &url[i + 1..]);
    let rest = match after_scheme.strip_prefix("//") {
        Some(authority) => authority
            .find(['/', '?', '#'])
            .map_or("", |i| &authority[i..]),
        None => after_scheme,
    };
    let (before, fragment) = rest.split_once('#').unwrap_or((rest, ""));
    let (path, query) = before.split_once('?').unwrap_or((before, ""));
    [path, query, fragment]
        .iter()
        .all(|part| valid_part(part) == *part)
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
    fn outside_links_become_valid_urls_that_decode_to_what_was_written() {
        let web = |u: &str| web_url(u).unwrap();
        let same = web("https://example.org/a/b?q=1#top");
        assert_eq!(same.href, "https://example.org/a/b?q=1#top");
        assert!(!same.rewritten);
        let cases = [
            (
                "https://x.org/?tags[]=film",
                "https://x.org/?tags%5B%5D=film",
            ),
            ("https://x.org/a#b#c", "https://x.org/a#b%23c"),
            ("https://x.org/100%", "https://x.org/100%25"),
            ("https://x.org/a b|c", "https://x.org/a%20b%7Cc"),
            ("mailto:a b@x.org", "mailto:a%20b@x.org"),
            ("tel:+1 (555) 0100", "tel:+1%20(555)%200100"),
        ];
        for (written, href) in cases {
            let w = web(written);
            assert_eq!(w.href, href, "{written}");
            assert!(w.rewritten, "{written}");
        }
        let idn = web("https://bücher.de/straße");
        assert_eq!(idn.href, "https://xn--bcher-kva.de/stra%C3%9Fe");
        assert!(!idn.rewritten, "non-ASCII is valid as written");
        assert!(web_url("https://exa mple.org/").is_err());
        assert!(web_url("http://x.org:99999/").is_err());
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
