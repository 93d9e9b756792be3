//! Fills a piece's [`SourceMap`] from the same event stream the IR is built from.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};

use crate::doc::source::{ImageRef, SourceMap};

#[derive(Default)]
pub(super) struct Recorder {
    pub map: SourceMap,
    /// Reading the front matter's note: only its images are recorded.
    pub in_note: bool,
    /// Inside a code block: (its language, where it starts, a straight quote seen).
    code_block: Option<(Option<String>, usize, bool)>,
    /// Inside an image: (its source, where it starts, where its source is, alt so far).
    image: Option<(String, usize, usize, String)>,
}

fn has_straight_quote(text: &str) -> bool {
    text.contains(['"', '\''])
}

impl Recorder {
    pub fn observe(&mut self, event: &Event, range: &Range<usize>, text: &str) {
        match event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                let src_at = text
                    .get(range.clone())
                    .and_then(|s| s.find(dest_url.as_ref()))
                    .map_or(range.start, |i| range.start + i);
                self.image = Some((dest_url.to_string(), range.start, src_at, String::new()));
            }
            Event::End(TagEnd::Image) => {
                if let Some((src, at, src_at, alt)) = self.image.take() {
                    self.map.images.push(ImageRef {
                        src,
                        alt,
                        at,
                        src_at,
                        in_note: self.in_note,
                    });
                }
            }
            _ if self.in_note => {
                if let (Some((_, _, _, alt)), Event::Text(t) | Event::Code(t)) =
                    (&mut self.image, event)
                {
                    alt.push_str(t);
                }
            }
            Event::Start(Tag::Heading { level, .. }) => {
                self.map.headings.push((*level as usize, range.start))
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                self.map.links.push((dest_url.to_string(), range.start))
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(l) if !l.trim().is_empty() => Some(l.to_string()),
                    _ => None,
                };
                self.code_block = Some((lang, range.start, false));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(block) = self.code_block.take() {
                    self.map.code_blocks.push(block);
                }
            }
            Event::Text(t) => {
                if let Some((_, _, quoted)) = &mut self.code_block {
                    *quoted |= has_straight_quote(t);
                    return;
                }
                if let Some((_, _, _, alt)) = &mut self.image {
                    alt.push_str(t);
                }
                if let Some(quote) = t.chars().find(|&c| c == '"' || c == '\'') {
                    self.straight_quote(text, range, quote);
                }
            }
            Event::Code(code) => {
                if let Some((_, _, _, alt)) = &mut self.image {
                    alt.push_str(code);
                }
                if has_straight_quote(code) {
                    self.map.quoted_code_spans.push(range.start);
                }
            }
            _ => {}
        }
    }

    /// Smart punctuation has turned every quote in running text into a curly one, so a
    /// straight quote there survived on purpose or by mistake: a backslash escape. (The
    /// event's text has the quote; its source says where: it may hold smartened quotes
    /// too, so the position is a best guess at the first straight one.)
    fn straight_quote(&mut self, text: &str, range: &Range<usize>, quote: char) {
        let source = text.get(range.clone()).unwrap_or("");
        let escaped = format!("\\{quote}");
        let i = source
            .find(&escaped)
            .map(|i| i + 1)
            .or_else(|| source.find(quote))
            .unwrap_or(0);
        self.map.straight_quotes.push((range.start + i, quote));
    }
}
