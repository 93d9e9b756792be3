//! Raw HTML in a piece: a safe inline subset becomes IR, everything else is dropped.
//!
//! Method: pulldown-cmark hands inline HTML over one tag at a time (a multi-line tag or
//! comment is still one event), and an HTML block as its raw lines. An inline tag is read
//! with a small tokenizer (name, attributes, self-closing slash) and classified:
//!
//! - formatting with a meaning in both editions becomes an IR container: `em i cite dfn var`
//!   -> Emph, `strong b` -> Strong, `s del strike` -> Strike, `sup`, `sub`,
//!   `span class="smallcaps"` -> SmallCaps, `a href` with a web, mail or relative address ->
//!   Link; `br` is a line break;
//! - `span` (or `bdi`) with `lang` or `dir` becomes a Span carrying the language (a checked
//!   BCP 47 tag; a bad one is warned about at the tag and left out) and the direction, so
//!   that the EPUB can mark the text and print can hyphenate and shape it in its language;
//! - `small`, `abbr`, and `span` and `bdi` without those only style or annotate: their text
//!   is kept, the tag not;
//! - elements whose content is code or a foreign document (`script`, `style`, `iframe`,
//!   `object`, `svg`, ...) are dropped with everything inside them;
//! - any other tag (`img`, `div`, `font`, a `javascript:` link ...) is dropped with a warning
//!   naming its line, its text kept.
//!
//! Attributes never reach the output: the IR has no place for them, so event handlers,
//! `style` and external resources cannot pass, whatever their spelling. A warning names
//! event handlers and `style` when they are found, so the author knows they were removed.
//! HTML blocks are dropped whole, one warning each; comments are editor's notes and vanish.
//!
//! Open tags become frames on the builder's inline stack. Markdown and HTML can interleave
//! (`*a <em>b* c</em>`), so an HTML frame still open when an enclosing Markdown container
//! ends is closed right there, as browsers do, and its later end tag is ignored.

use super::{Builder, InlineFrame, MAX_NESTING};
use crate::diag::{Diagnostic, Diagnostics};
use crate::doc::{Dir, Inline};

/// What an HTML element becomes in the IR.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Wrap {
    Emph,
    Strong,
    Strike,
    Sup,
    Sub,
    SmallCaps,
    /// Text in its own language or direction (`small_caps`: it also had the class).
    Span {
        lang: Option<String>,
        dir: Option<Dir>,
        small_caps: bool,
    },
    Link(String),
    /// The tag goes, its content stays.
    Plain,
    /// The tag and its content go (script, style...).
    Discard,
}

/// What one inline HTML event asks for.
#[derive(Debug, PartialEq)]
enum Action {
    /// A comment or a `<wbr>`: nothing to render, nothing to say.
    Silent,
    Break,
    Open {
        name: String,
        wrap: Wrap,
        /// Attributes that were removed and worth telling about (`onerror`, `style`).
        stripped: Vec<String>,
        /// The `lang` and `dir` values that were not passed through, and why.
        invalid: Vec<String>,
    },
    Close(String),
    /// Not passed through: warn, and keep whatever text follows.
    Drop,
}

/// Elements whose content must go with them: code, styles, embedded documents and forms.
const DISCARD_CONTENT: &[&str] = &[
    "script",
    "style",
    "iframe",
    "frame",
    "frameset",
    "object",
    "applet",
    "noscript",
    "noembed",
    "noframes",
    "template",
    "textarea",
    "title",
    "svg",
    "math",
    "select",
    "video",
    "audio",
    "canvas",
    "xmp",
    "plaintext",
    "head",
    "button",
];

/// A tag as written: its lowercased name, attributes (lowercased names, raw values) and
/// whether it is a closing tag.
#[derive(Debug, PartialEq)]
struct Tag {
    name: String,
    closing: bool,
    attrs: Vec<(String, String)>,
}

/// Read one tag (`<name attr="v" ...>`, `</name>`); `None` for anything else.
fn tokenize(html: &str) -> Option<Tag> {
    let rest = html.trim().strip_prefix('<')?.strip_suffix('>')?;
    let (closing, rest) = match rest.strip_prefix('/') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let name_end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .unwrap_or(rest.len());
    let name = rest[..name_end].to_ascii_lowercase();
    if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut attrs = Vec::new();
    let mut s = rest[name_end..].trim_start();
    while !s.is_empty() && s != "/" {
        let end = s
            .find(|c: char| c.is_whitespace() || matches!(c, '=' | '>' | '/'))
            .unwrap_or(s.len())
            .max(s.chars().next().map_or(1, char::len_utf8));
        let attr = s[..end].to_ascii_lowercase();
        s = s[end..].trim_start();
        let mut value = String::new();
        if let Some(after) = s.strip_prefix('=') {
            let after = after.trim_start();
            let (v, remaining) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => match after[1..].find(q) {
                    Some(i) => (&after[1..1 + i], &after[i + 2..]),
                    None => (&after[1..], ""),
                },
                _ => {
                    let e = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..e], &after[e..])
                }
            };
            value = decode_entities(v);
            s = remaining.trim_start();
        }
        if attr != "/" {
            attrs.push((attr, value));
        }
        s = s.strip_prefix('/').map_or(s, str::trim_start);
    }
    Some(Tag {
        name,
        closing,
        attrs,
    })
}

/// Decode the character references an attribute value may use (`&amp;`, `&#106;`, `&#x6A;`),
/// so that an address hidden behind them is judged by what a browser would see.
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').filter(|&e| e <= 12);
        let decoded = end.and_then(|e| {
            let body = &rest[1..e];
            let c = match body {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "colon" => Some(':'),
                "Tab" => Some('\t'),
                "NewLine" => Some('\n'),
                _ => {
                    let num = body.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(code)
                }
            }?;
            Some((c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether an address is safe to link, from raw HTML or Markdown alike: a web, mail, phone
/// or FTP address, or a relative path or fragment with no scheme. Browsers ignore tabs,
/// newlines and control characters inside a scheme, so those are removed before looking
/// (`java&#9;script:` is `javascript:`); a PDF viewer would run `javascript:` too.
pub(super) fn safe_href(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace())
        .collect();
    let lower = cleaned.to_ascii_lowercase();
    match lower.find(':') {
        Some(colon) if !lower[..colon].contains(['/', '?', '#']) => {
            matches!(&lower[..colon], "http" | "https" | "mailto" | "tel" | "ftp")
        }
        _ => !lower.starts_with("//"),
    }
}

fn classify(html: &str) -> Action {
    let trimmed = html.trim();
    if trimmed.starts_with("<!--") {
        return Action::Silent;
    }
    let Some(tag) = tokenize(trimmed) else {
        return Action::Drop;
    };
    if tag.closing {
        return Action::Close(tag.name);
    }
    let attr = |name: &str| {
        tag.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    let mut invalid = Vec::new();
    let wrap = match tag.name.as_str() {
        "br" => return Action::Break,
        "wbr" => return Action::Silent,
        "em" | "i" | "cite" | "dfn" | "var" => Wrap::Emph,
        "strong" | "b" => Wrap::Strong,
        "s" | "del" | "strike" => Wrap::Strike,
        "sup" => Wrap::Sup,
        "sub" => Wrap::Sub,
        "span" | "bdi" => {
            let small_caps = tag.name == "span"
                && attr("class").is_some_and(|c| {
                    c.split_whitespace()
                        .any(|c| matches!(c, "smallcaps" | "small-caps" | "sc"))
                });
            // An empty `lang` is HTML's "language unknown": nothing to set it by.
            let lang = match attr("lang").or_else(|| attr("xml:lang")).map(str::trim) {
                None | Some("") => None,
                Some(tag) => match crate::manuscript::check_language(tag) {
                    Ok(()) => Some(tag.to_owned()),
                    Err(why) => {
                        let shown: String = tag.chars().take(40).collect();
                        invalid.push(format!("`lang=\"{shown}\"` is not passed through: {why}"));
                        None
                    }
                },
            };
            let dir = match attr("dir")
                .map(|d| d.trim().to_ascii_lowercase())
                .as_deref()
            {
                Some("rtl") => Some(Dir::Rtl),
                Some("ltr") => Some(Dir::Ltr),
                // `auto` is what the text's own letters decide, the default anyway.
                None | Some("auto") => None,
                Some(other) => {
                    let shown: String = other.chars().take(20).collect();
                    invalid.push(format!(
                        "`dir=\"{shown}\"` is not passed through: give `rtl`, `ltr` or `auto`"
                    ));
                    None
                }
            };
            match (lang, dir, small_caps) {
                (None, None, true) => Wrap::SmallCaps,
                (None, None, false) => Wrap::Plain,
                (lang, dir, small_caps) => Wrap::Span {
                    lang,
                    dir,
                    small_caps,
                },
            }
        }
        "small" | "abbr" => Wrap::Plain,
        "a" => match attr("href") {
            Some(href) if safe_href(href) => Wrap::Link(href.trim().to_owned()),
            _ => return Action::Drop,
        },
        name if DISCARD_CONTENT.contains(&name) => Wrap::Discard,
        _ => return Action::Drop,
    };
    let stripped = tag
        .attrs
        .iter()
        .filter(|(n, _)| n.starts_with("on") || n == "style")
        .map(|(n, _)| n.clone())
        .collect();
    Action::Open {
        name: tag.name,
        wrap,
        stripped,
        invalid,
    }
}

/// The raw HTML quoted in a warning: its first line, at most 40 characters.
fn shown(html: &str) -> String {
    let first = html.trim().lines().next().unwrap_or("");
    let mut s: String = first.chars().take(40).collect();
    if s.len() < first.len() || html.trim().lines().nth(1).is_some() {
        s.push('…');
    }
    s
}

impl Builder<'_> {
    /// One inline HTML event at byte `offset` of the text.
    pub(super) fn inline_html(&mut self, html: &str, offset: usize, diags: &mut Diagnostics) {
        match classify(html) {
            Action::Silent => {}
            Action::Break => self.push_inline(Inline::Break),
            Action::Close(name) => self.close_html(&name),
            Action::Drop => self.warn_dropped(html, offset, diags),
            Action::Open {
                name,
                wrap,
                stripped,
                invalid,
            } => {
                for message in invalid {
                    self.report(diags, Diagnostic::warning(message).hint(
                        "write a BCP 47 tag such as `fr`, `de-CH`, `zh-Hant` or `ja`; the text is kept, set in the language around it"
                    ), offset);
                }
                if !stripped.is_empty() {
                    let list = stripped.join("`, `");
                    self.report(diags, Diagnostic::warning(format!(
                                "attribute `{list}` of raw HTML `<{name}>` is not passed through"
                            )).hint("the tag's formatting is kept; scripts and inline styles never reach the editions"), offset);
                }
                if wrap == Wrap::Discard {
                    self.warn_dropped(html, offset, diags);
                }
                if self.inlines.len() > MAX_NESTING {
                    self.too_deep_inline(offset, diags);
                    return;
                }
                if self.inlines.is_empty() {
                    self.inlines.push((InlineFrame::Implicit, Vec::new()));
                }
                self.inlines
                    .push((InlineFrame::Html { name, wrap }, Vec::new()));
            }
        }
    }

    /// A whole HTML block (its lines gathered): dropped with one warning, unless it is only
    /// comments (editor's notes).
    pub(super) fn html_block(&mut self, html: &str, offset: usize, diags: &mut Diagnostics) {
        let mut rest = html;
        let mut visible = String::new();
        while let Some(start) = rest.find("<!--") {
            visible.push_str(&rest[..start]);
            rest = match rest[start..].find("-->") {
                Some(end) => &rest[start + end + 3..],
                None => "",
            };
        }
        visible.push_str(rest);
        if !visible.trim().is_empty() {
            self.warn_dropped(visible.trim(), offset, diags);
        }
    }

    /// Content whose container goes: into the enclosing one, text joining text.
    pub(super) fn push_plain(&mut self, content: Vec<Inline>) {
        for inline in content {
            match inline {
                Inline::Text(t) => self.push_inline_text(&t),
                other => self.push_inline(other),
            }
        }
    }

    /// A Markdown link to an address that could run code (`javascript:`, `data:`...).
    pub(super) fn warn_unsafe_link(&self, url: &str, offset: usize, diags: &mut Diagnostics) {
        let shown: String = url.chars().take(40).collect();
        self.report(diags, Diagnostic::warning(format!("link to `{shown}` is not passed through")).hint("link to a web (https:) or mail (mailto:) address, or to another chapter; the link's text is kept"), offset);
    }

    fn warn_dropped(&self, html: &str, offset: usize, diags: &mut Diagnostics) {
        self.report(diags, Diagnostic::warning(format!("raw HTML `{}` is not passed through", shown(html))).hint("write it in Markdown; of raw HTML folio keeps only simple inline formatting (em, strong, sup, sub, span.smallcaps, span with lang or dir, br)"), offset);
    }

    /// An end tag: close the matching open HTML element (and any opened inside it). An end
    /// tag with no open element in the current Markdown container is ignored.
    fn close_html(&mut self, name: &str) {
        let open_here = self
            .inlines
            .iter()
            .rev()
            .take_while(|(f, _)| matches!(f, InlineFrame::Html { .. }))
            .position(|(f, _)| matches!(f, InlineFrame::Html { name: n, .. } if n == name));
        if let Some(depth) = open_here {
            for _ in 0..=depth {
                self.close_top_html();
            }
        }
    }

    /// Close every HTML element still open on top of the stack (a Markdown container ends).
    pub(super) fn close_open_html(&mut self) {
        while matches!(self.inlines.last(), Some((InlineFrame::Html { .. }, _))) {
            self.close_top_html();
        }
    }

    fn close_top_html(&mut self) {
        let Some((InlineFrame::Html { wrap, .. }, content)) = self.inlines.pop() else {
            return;
        };
        let inline = match wrap {
            Wrap::Emph => Inline::Emph(content),
            Wrap::Strong => Inline::Strong(content),
            Wrap::Strike => Inline::Strike(content),
            Wrap::Sup => Inline::Sup(content),
            Wrap::Sub => Inline::Sub(content),
            Wrap::SmallCaps => Inline::SmallCaps(content),
            Wrap::Span {
                lang,
                dir,
                small_caps,
            } => Inline::Span {
                lang,
                dir,
                content: if small_caps {
                    vec![Inline::SmallCaps(content)]
                } else {
                    content
                },
            },
            Wrap::Link(url) => Inline::Link { url, content },
            Wrap::Plain => return self.push_plain(content),
            Wrap::Discard => return,
        };
        self.push_inline(inline);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(html: &str) -> Wrap {
        match classify(html) {
            Action::Open { wrap, .. } => wrap,
            other => panic!("{html}: {other:?}"),
        }
    }

    #[test]
    fn the_safe_subset_maps_to_ir_containers() {
        assert_eq!(open("<em>"), Wrap::Emph);
        assert_eq!(open("<I>"), Wrap::Emph);
        assert_eq!(open("<b class='x'>"), Wrap::Strong);
        assert_eq!(open("<sup>"), Wrap::Sup);
        assert_eq!(open("<span class=\"x smallcaps\">"), Wrap::SmallCaps);
        assert_eq!(
            open("<span lang=fr>"),
            Wrap::Span {
                lang: Some("fr".into()),
                dir: None,
                small_caps: false
            }
        );
        assert_eq!(
            open("<span class=sc xml:lang='zh-Hant' dir=RTL>"),
            Wrap::Span {
                lang: Some("zh-Hant".into()),
                dir: Some(Dir::Rtl),
                small_caps: true
            }
        );
        assert_eq!(open("<span lang=\"\" dir=auto>"), Wrap::Plain);
        assert_eq!(open("<bdi>"), Wrap::Plain);
        assert_eq!(
            open("<a href=\"https://e.org/?a=1&amp;b=2\">"),
            Wrap::Link("https://e.org/?a=1&b=2".into())
        );
        assert_eq!(open("<script type=text/javascript>"), Wrap::Discard);
        assert_eq!(classify("<br/>"), Action::Break);
        assert_eq!(classify("</EM >"), Action::Close("em".into()));
        assert_eq!(classify("<!-- a\nnote -->"), Action::Silent);
    }

    #[test]
    fn dangerous_tags_and_addresses_are_dropped() {
        for html in [
            "<img src=x onerror=alert(1)>",
            "<a href=\"javascript:alert(1)\">",
            "<a href=\"jav&#x61;script:alert(1)\">",
            "<a href=\"java\tscript:alert(1)\">",
            "<a href='JaVaScRiPt&colon;alert(1)'>",
            "<a href=\"data:text/html,x\">",
            "<a href=\"//evil.example/x\">",
            "<a>",
            "<div>",
            "<link rel=stylesheet href=http://e.org/x.css>",
            "<?php echo 1 ?>",
            "<!DOCTYPE html>",
            "< em>",
        ] {
            assert_eq!(classify(html), Action::Drop, "{html}");
        }
    }

    #[test]
    fn a_bad_language_or_direction_is_named_and_left_out() {
        let Action::Open { wrap, invalid, .. } = classify("<span lang=english dir=sideways>")
        else {
            panic!()
        };
        assert_eq!(wrap, Wrap::Plain);
        assert_eq!(invalid.len(), 2);
        assert!(invalid[0].contains("`lang=\"english\"`"), "{invalid:?}");
        assert!(invalid[1].contains("`dir=\"sideways\"`"), "{invalid:?}");
        let Action::Open { wrap, invalid, .. } = classify("<span lang=xx-YY>") else {
            panic!()
        };
        assert_eq!(wrap, Wrap::Plain);
        assert!(
            invalid[0].contains("`xx` is not an ISO 639-1"),
            "{invalid:?}"
        );
    }

    #[test]
    fn event_handlers_and_styles_are_named_when_stripped() {
        let Action::Open { stripped, .. } =
            classify("<em onclick=\"x()\" style='color:red' title=t>")
        else {
            panic!()
        };
        assert_eq!(stripped, ["onclick", "style"]);
    }

    #[test]
    fn tokenizer_survives_odd_attribute_syntax() {
        let t = tokenize("<a  href = 'x y' data-x=1 checked / >").unwrap();
        assert_eq!(t.name, "a");
        assert_eq!(t.attrs[0], ("href".into(), "x y".into()));
        assert_eq!(t.attrs[2], ("checked".into(), String::new()));
        assert!(tokenize("<a href=\"unterminated>").is_some());
        assert!(tokenize("<1a>").is_none());
        assert_eq!(decode_entities("&#106;&#X61;&bogus;&amp"), "ja&bogus;&amp");
    }
}
