//! Links as readers meet them: a corpus of real-world URL shapes (brackets, pipes, spaces,
//! international host names, second `#`s, a `%` alone, unicode paths, mailto, tel) in one
//! piece. The EPUB must pass epubcheck with every one a link, each `href` a URL the `url`
//! crate reads back unchanged and that still says what the author wrote (percent-decoded,
//! the host in Unicode); `folio check` names each link it had to rewrite, and each it could
//! not make valid, at its line and column.

mod common;
mod epub_support;

use std::path::Path;

use common::{folio, write_file};
use epub_support::{entries, epubcheck};

/// (URL as the author writes it, whether it is a valid URL string as written).
const CORPUS: &[(&str, bool)] = &[
    ("https://example.org", true),
    ("https://example.org/", true),
    ("http://example.org/a/b/c.html", true),
    ("https://example.org/search?q=film&page=2", true),
    ("https://example.org/?tags[]=film", false),
    ("https://example.org/?tags[]=film&tags[]=book", false),
    ("https://example.org/list?ids[0]=1&ids[1]=2", false),
    ("https://example.org/a#b#c", false),
    ("https://example.org/#/route#section", false),
    ("https://example.org/100%", false),
    ("https://example.org/?discount=50%", false),
    ("https://example.org/%zz", false),
    ("https://example.org/a%20b", true),
    ("https://example.org/a b", false),
    ("https://example.org/a b/c d?e f#g h", false),
    ("https://example.org/pipe|separated|path", false),
    ("https://example.org/?filter=a|b", false),
    ("https://example.org/{curly}", false),
    ("https://example.org/caret^path", false),
    ("https://example.org/back`tick", false),
    ("https://example.org/quote\"d", false),
    ("https://bücher.de/", true),
    ("https://münchen.example/straße", true),
    ("https://例子.测试/路径", true),
    ("https://пример.рф/страница?q=поиск", true),
    ("https://xn--bcher-kva.de/", true),
    ("https://example.org/café", true),
    ("https://example.org/日本語/ページ", true),
    ("https://example.org/emoji/🙂", true),
    (
        "https://en.wikipedia.org/wiki/Charlie_Hebdo_(magazine)",
        true,
    ),
    (
        "https://en.wikipedia.org/wiki/Je_suis_Charlie#Reactions",
        true,
    ),
    ("https://fr.wikipedia.org/wiki/Île-de-France", true),
    ("https://example.org/path;param=1", true),
    ("https://example.org/a,b,c", true),
    ("https://example.org/~user/", true),
    ("https://example.org/a+b", true),
    ("https://example.org/@handle", true),
    ("https://example.org/it's", true),
    ("https://example.org/*star*", true),
    ("https://example.org/!bang", true),
    ("https://example.org/$dollar", true),
    ("https://example.org/x?a=1&b=2&c", true),
    (
        "https://example.org/x?redirect=https://other.example/y",
        true,
    ),
    ("https://example.org/x?q=a?b", true),
    ("https://example.org/#frag?with=query", true),
    ("https://example.org/#", true),
    ("https://example.org:8080/port", true),
    ("https://user@example.org/", true),
    ("https://[2001:db8::1]/ipv6", true),
    ("http://192.0.2.1/ipv4", true),
    ("HTTPS://EXAMPLE.ORG/Upper", true),
    ("ftp://ftp.example.org/pub/file.txt", true),
    ("mailto:someone@example.org", true),
    ("mailto:someone@example.org?subject=Hello%20there", true),
    ("mailto:someone@example.org?subject=Hello there", false),
    ("mailto:a@example.org,b@example.org", true),
    ("mailto:józef@example.pl", true),
    ("tel:+441234567890", true),
    ("tel:+1-555-0100", true),
    ("tel:+1 (555) 0100", false),
    ("https://example.org/a#b%23c", true),
    ("https://example.org/%E2%82%AC", true),
    ("https://example.org/€", true),
];

/// Links no URL can be made of: written as plain text, and reported.
const BROKEN: &[&str] = &["https://exa mple.org/", "http://example.org:99999/"];

/// What a URL says once read: scheme in lower case, host in Unicode and lower case, an
/// empty path as `/`, and every escape decoded.
fn meaning(url: &str) -> String {
    let url = url.trim();
    let (scheme, rest) = url.split_once(':').unwrap();
    let mut out = format!("{}:", scheme.to_ascii_lowercase());
    let tail = match rest.strip_prefix("//") {
        Some(r) => {
            let end = r.find(['/', '?', '#']).unwrap_or(r.len());
            let (authority, tail) = r.split_at(end);
            let (user, hostport) = match authority.rsplit_once('@') {
                Some((u, h)) => (format!("{u}@"), h),
                None => (String::new(), authority),
            };
            let (host, port) = if hostport.starts_with('[') {
                (hostport, "")
            } else {
                match hostport.rsplit_once(':') {
                    Some((h, p)) => (h, p),
                    None => (hostport, ""),
                }
            };
            let (host, _) = idna::domain_to_unicode(host);
            out.push_str(&format!("//{user}{}", host.to_lowercase()));
            if !port.is_empty() {
                out.push_str(&format!(":{port}"));
            }
            if tail.is_empty() || tail.starts_with(['?', '#']) {
                format!("/{tail}")
            } else {
                tail.to_string()
            }
        }
        None => rest.to_string(),
    };
    out.push_str(&percent_encoding::percent_decode_str(&tail).decode_utf8_lossy());
    out
}

/// Whether every character of `href` may stand in a valid URL string: URL code points and
/// `%XX` escapes (and, in the authority, the brackets of an IPv6 address).
fn valid_url_string(href: &str) -> bool {
    let b = href.as_bytes();
    let mut hashes = 0;
    href.char_indices().all(|(i, c)| {
        hashes += usize::from(c == '#');
        match c {
            '%' => b
                .get(i + 1..i + 3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)),
            '#' => hashes == 1,
            '[' | ']' => href[..i].matches('/').count() == 2,
            c if c.is_ascii_alphanumeric() => true,
            c if !c.is_ascii() => true,
            c => "!$&'()*+,-./:;=?@_~".contains(c),
        }
    })
}

fn corpus_book(root: &Path) {
    write_file(
        root,
        "manuscript/book.yaml",
        "title: Links\nlanguage: en\n\
         identifier: urn:uuid:1b2e7d4c-2f7a-4a61-8d0e-5c3b9f1e6a21\n\
         contents:\n  - manuscript/links.md\n",
    );
    let mut md = String::from("# Links\n\n");
    for (n, (url, _)) in CORPUS.iter().enumerate() {
        md.push_str(&format!("Link [L{n}](<{url}>) here.\n\n"));
    }
    for (n, url) in BROKEN.iter().enumerate() {
        md.push_str(&format!("Broken [B{n}](<{url}>) here.\n\n"));
    }
    write_file(root, "manuscript/links.md", &md);
}

#[test]
fn every_url_shape_is_a_valid_link_that_still_goes_where_the_author_meant() {
    assert!(CORPUS.len() >= 50);
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("book");
    corpus_book(&root);
    let out = dir.path().join("out");
    let o = folio(
        &[
            "build",
            root.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--epub",
        ],
        &[("SOURCE_DATE_EPOCH", "1420070400")],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let epub = std::fs::read(out.join("links.epub")).unwrap();
    epubcheck(&epub, "links");

    let (_, piece) = entries(&epub)
        .into_iter()
        .find(|(name, bytes)| {
            name.ends_with(".xhtml") && String::from_utf8_lossy(bytes).contains(">L0<")
        })
        .expect("the links piece");
    let xhtml = String::from_utf8(piece).unwrap();
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(&xhtml, options).unwrap();
    let links: Vec<(String, String)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("a"))
        .filter_map(|n| Some((n.text()?.to_string(), n.attribute("href")?.to_string())))
        .collect();
    for (n, (written, _)) in CORPUS.iter().enumerate() {
        let label = format!("L{n}");
        let href = &links
            .iter()
            .find(|(text, _)| *text == label)
            .unwrap_or_else(|| panic!("`{written}` is no link in the EPUB"))
            .1;
        assert!(
            valid_url_string(href),
            "`{written}` -> `{href}` is not valid"
        );
        let parsed =
            url::Url::parse(href).unwrap_or_else(|e| panic!("`{written}` -> `{href}`: {e}"));
        assert_eq!(
            parsed.as_str(),
            href,
            "`{href}` is not in its serialised form"
        );
        assert_eq!(meaning(href), meaning(written), "`{written}` -> `{href}`");
    }
    for n in 0..BROKEN.len() {
        let label = format!("B{n}");
        assert!(
            !links.iter().any(|(text, _)| *text == label),
            "`{}` cannot be a valid link, so it is text",
            BROKEN[n]
        );
        assert!(xhtml.contains(&label), "its words stay");
    }
}

#[test]
fn check_names_each_link_it_rewrote_or_could_not_make_valid() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("book");
    corpus_book(&root);
    let o = folio(
        &["check", root.to_str().unwrap(), "--message-format", "json"],
        &[],
    );
    let diags: Vec<serde_json::Value> = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["reason"] == "diagnostic")
        .collect();
    let at = |needle: &str| -> Vec<(u64, u64)> {
        diags
            .iter()
            .filter(|d| d["message"].as_str().unwrap().contains(needle))
            .map(|d| {
                let l = &d["location"];
                assert_eq!(l["file"], "manuscript/links.md");
                (l["line"].as_u64().unwrap(), l["column"].as_u64().unwrap())
            })
            .collect()
    };
    // Line 3 holds the first link; each takes a line and a blank; the link starts at 6.
    let line_of = |n: usize| 3 + 2 * n as u64;
    for (n, (written, valid)) in CORPUS.iter().enumerate() {
        let found = at(&format!("link `{written}` is not a valid URL as written"));
        if *valid {
            assert!(found.is_empty(), "`{written}` is valid: {found:?}");
        } else {
            assert_eq!(found, [(line_of(n), 6)], "`{written}`");
        }
    }
    for (n, written) in BROKEN.iter().enumerate() {
        let found = at(&format!("link `{written}` cannot be made a valid URL"));
        assert_eq!(found, [(line_of(CORPUS.len() + n), 8)], "`{written}`");
    }
    assert!(o.status.success(), "warnings alone pass");
}
