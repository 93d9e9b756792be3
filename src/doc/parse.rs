//! Markdown -> document IR, from pulldown-cmark's event stream.
//!
//! CommonMark plus footnotes, tables, strikethrough and smart punctuation. The builder keeps
//! explicit stacks (block containers, inline containers) instead of recursing, so that deeply
//! nested input cannot overflow the call stack; nesting beyond [`MAX_NESTING`] is an error.
//! HTML comments are editor's notes and vanish; a safe inline subset of raw HTML becomes IR
//! and the rest is dropped with a warning (see [`html`]).

mod html;
mod notes;
mod record;

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;

use unicode_segmentation::UnicodeSegmentation;

use pulldown_cmark::{BrokenLink, CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd};

use super::{Align, Block, Footnote, Inline, PieceDoc};
use crate::diag::{line_col, Alike, Diagnostic, Diagnostics};
use crate::limits::MAX_CLUSTER_CHARS;
use crate::manuscript::{slugify, Piece};

pub use crate::limits::MAX_NESTING;

/// The Markdown dialect of a piece (also used to find images again for preflight checks).
pub fn markdown_options() -> Options {
    Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Parse one piece's Markdown (and its front-matter texts) into the IR.
pub fn parse_piece(piece: &Piece, id: &str) -> (PieceDoc, Diagnostics) {
    let mut diags = Diagnostics::default();
    let mut body = Builder::new(&piece.path, &piece.body, piece.body_line);
    body.run(&mut diags);
    let mut source = body.take_source_map();
    let note = match &piece.meta.note {
        Some(text) => {
            let mut b = Builder::new(&piece.path, text, 1);
            b.record.in_note = true;
            b.run(&mut diags);
            source.images.extend(b.take_source_map().images);
            b.finish(&mut diags).0
        }
        None => Vec::new(),
    };
    let (blocks, notes) = body.finish(&mut diags);
    let doc = PieceDoc {
        id: id.to_owned(),
        path: piece.path.clone(),
        meta: piece.meta.clone(),
        title: parse_inlines(&piece.meta.title),
        subtitle: piece.meta.subtitle.as_deref().map(parse_inlines),
        standfirst: piece.meta.standfirst.as_deref().map(parse_inlines),
        // Joined in the book's language, which `doc::build` knows and a lone piece does not.
        byline: None,
        translated_by: None,
        dateline: None,
        note,
        blocks,
        notes,
        source,
    };
    (doc, diags)
}

/// Inline Markdown (a title, a standfirst) as inlines, smart punctuation applied.
pub fn parse_inlines(text: &str) -> Vec<Inline> {
    let mut blocks = inline_blocks(text);
    // A title that begins like a list item, a quote or a rule ("1984. Orwell's year",
    // "1. The first one", "- Notes") would become that block and lose its inline
    // formatting: read it again with its leading marker escaped, as the text it is.
    if !matches!(
        blocks.first(),
        None | Some(Block::Paragraph(_) | Block::Heading { .. })
    ) {
        if let Some(escaped) = escape_block_start(text) {
            blocks = inline_blocks(&escaped);
        }
    }
    let mut out = Vec::new();
    for block in blocks {
        if let Block::Paragraph(inlines)
        | Block::Heading {
            content: inlines, ..
        } = block
        {
            if !out.is_empty() {
                push_text(&mut out, " ");
            }
            out.extend(inlines);
        }
    }
    if out.is_empty() && !text.trim().is_empty() {
        out.push(Inline::Text(text.trim().to_owned()));
    }
    out
}

fn inline_blocks(text: &str) -> Vec<Block> {
    let mut diags = Diagnostics::default();
    let mut b = Builder::new(Path::new(""), text, 1);
    b.run(&mut diags);
    b.finish(&mut diags).0
}

/// `text` with a backslash before the marker that makes its first line a block: the
/// delimiter after a list number (`1984\.`), else the first character (`\-`, `\>`).
fn escape_block_start(text: &str) -> Option<String> {
    let trimmed = text.trim_start();
    let digits = trimmed.len()
        - trimmed
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .len();
    let at = match trimmed[digits..].chars().next() {
        Some('.' | ')') if digits > 0 => digits,
        _ if digits > 0 => return None,
        Some(c) if c.is_ascii_punctuation() => 0,
        _ => return None,
    };
    Some(format!("{}\\{}", &trimmed[..at], &trimmed[at..]))
}

enum BlockFrame {
    Root,
    Quote,
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Item,
    /// A footnote definition; false when an earlier one has its label.
    Note(String, bool),
    Table {
        aligns: Vec<Align>,
        head: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
        row: Vec<Vec<Inline>>,
    },
}

enum InlineFrame {
    Paragraph,
    /// Text straight inside a tight list item, with no paragraph event around it.
    Implicit,
    Heading,
    Emph,
    Strong,
    Strike,
    Link(String),
    Image {
        src: String,
        title: String,
    },
    Cell,
    /// An inline HTML element of the safe subset, open until its end tag.
    Html {
        name: String,
        wrap: html::Wrap,
    },
}

struct Builder<'a> {
    path: &'a Path,
    text: &'a str,
    first_line: usize,
    blocks: Vec<(BlockFrame, Vec<Block>)>,
    inlines: Vec<(InlineFrame, Vec<Inline>)>,
    code: Option<(Option<String>, String)>,
    note_numbers: HashMap<String, usize>,
    note_bodies: HashMap<String, Vec<Block>>,
    heading_ids: HashMap<String, usize>,
    /// An image that alone makes up the paragraph being built becomes a block.
    lone_image: Option<(String, String, String)>,
    /// The HTML block being read: its offset and raw lines so far.
    html_block: Option<(usize, String)>,
    dangling: notes::DanglingRefs,
    definitions: notes::Definitions,
    /// Where things are in the source, for the checks that must say where.
    record: record::Recorder,
    too_deep: bool,
    /// Floods of alike diagnostics, kept short (`diag::Alike`).
    alike: RefCell<Alike>,
}

impl<'a> Builder<'a> {
    fn new(path: &'a Path, text: &'a str, first_line: usize) -> Self {
        Builder {
            path,
            text,
            first_line,
            blocks: vec![(BlockFrame::Root, Vec::new())],
            inlines: Vec::new(),
            code: None,
            note_numbers: HashMap::new(),
            note_bodies: HashMap::new(),
            heading_ids: HashMap::new(),
            lone_image: None,
            html_block: None,
            dangling: notes::DanglingRefs::default(),
            definitions: notes::Definitions::default(),
            record: record::Recorder::default(),
            too_deep: false,
            alike: RefCell::default(),
        }
    }

    fn diagnostic_at(&self, d: Diagnostic, offset: usize) -> Diagnostic {
        let (line, column) = line_col(self.text, offset);
        d.at(self.path, Some(self.text), line, column)
            .with_line_offset(self.first_line - 1)
    }

    /// Report `d` at `offset`, unless it is one of a flood of its kind (`diag::Alike`):
    /// those are counted, not placed, so they cost neither a walk of the text nor a copy.
    fn report(&self, diags: &mut Diagnostics, d: Diagnostic, offset: usize) {
        self.report_lazily(diags, d, || offset);
    }

    /// [`Builder::report`] for a place that takes a search to find.
    fn report_lazily(
        &self,
        diags: &mut Diagnostics,
        d: Diagnostic,
        offset: impl FnOnce() -> usize,
    ) {
        self.alike
            .borrow_mut()
            .push(diags, d, |d| self.diagnostic_at(d, offset()));
    }

    fn run(&mut self, diags: &mut Diagnostics) {
        let text = self.text;
        self.check_clusters(diags);
        // Reference links whose definition is missing come only through this callback
        // (they stay text either way); shortcut ones (`[sic]`) are not taken for links.
        let mut broken = Vec::new();
        let mut on_broken = |link: BrokenLink| {
            if matches!(link.link_type, LinkType::Reference | LinkType::Collapsed) {
                broken.push((link.span.start, link.reference.to_string()));
            }
            None
        };
        let parser =
            Parser::new_with_broken_link_callback(text, markdown_options(), Some(&mut on_broken));
        for (event, range) in parser.into_offset_iter() {
            if self.too_deep {
                break;
            }
            self.dangling.observe(&event, &range);
            self.record.observe(&event, &range, text);
            self.event(event, range.start, diags);
        }
        broken.sort();
        broken.dedup_by_key(|(offset, _)| *offset);
        self.record.map.undefined_references.extend(broken);
    }

    /// A letter carrying more marks than the shaper can set (see [`MAX_CLUSTER_CHARS`]) is
    /// an error at the letter, one per cluster; the shaper would otherwise drop the extra
    /// marks, and text a user typed should not silently change in print.
    fn check_clusters(&self, diags: &mut Diagnostics) {
        let text = &self.text;
        // A cluster has at least one byte per character.
        if text.len() <= MAX_CLUSTER_CHARS {
            return;
        }
        // Segmenting every piece's whole text showed in the profile (3% of a build). Inside
        // a cluster an ASCII character can only be its base (or follow a prepended sign), so a
        // cluster over the limit lies within a run of non-ASCII bytes, with at most one ASCII
        // character on each side: only runs that long are segmented.
        let bytes = text.as_bytes();
        let mut runs = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i].is_ascii() {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && !bytes[i].is_ascii() {
                i += 1;
            }
            if i - start + 2 > MAX_CLUSTER_CHARS {
                runs.push(start.saturating_sub(1)..(i + 1).min(bytes.len()));
            }
        }
        let clusters = runs.into_iter().flat_map(|run| {
            let from = run.start;
            text[run]
                .grapheme_indices(true)
                .map(move |(offset, cluster)| (from + offset, cluster))
        });
        for (offset, cluster) in clusters {
            if cluster.len() <= MAX_CLUSTER_CHARS {
                continue;
            }
            let chars = cluster.chars().count();
            if chars > MAX_CLUSTER_CHARS {
                self.report(
                    diags,
                    Diagnostic::error(format!(
                        "a letter carries {} combining marks; folio sets at most {}",
                        chars - 1,
                        MAX_CLUSTER_CHARS - 1
                    ))
                    .hint("remove the repeated marks after this letter"),
                    offset,
                );
            }
        }
    }

    /// The source map recorded by [`Builder::run`].
    fn take_source_map(&mut self) -> super::source::SourceMap {
        let mut map = std::mem::take(&mut self.record.map);
        map.undefined_notes = self
            .dangling
            .found
            .iter()
            .map(|(label, offset)| (*offset, label.clone()))
            .collect();
        map
    }

    fn event(&mut self, event: Event, offset: usize, diags: &mut Diagnostics) {
        match event {
            Event::Start(tag) => self.start(tag, offset, diags),
            Event::End(tag) => self.end(tag, diags),
            Event::Text(t) => {
                if let Some((_, code)) = &mut self.code {
                    code.push_str(&t);
                } else {
                    self.push_inline_text(&t);
                }
            }
            Event::Code(t) => self.push_inline(Inline::Code(t.into_string())),
            Event::SoftBreak => self.push_inline_text(" "),
            Event::HardBreak => self.push_inline(Inline::Break),
            Event::Rule => self.push_block(Block::Rule),
            Event::FootnoteReference(label) => {
                let next = self.note_numbers.len() + 1;
                let n = *self.note_numbers.entry(label.into_string()).or_insert(next);
                self.push_inline(Inline::NoteRef(n));
            }
            Event::Html(html) => match &mut self.html_block {
                Some((_, lines)) => lines.push_str(&html),
                None => self.html_block(&html, offset, diags),
            },
            Event::InlineHtml(html) => self.inline_html(&html, offset, diags),
            Event::TaskListMarker(done) => {
                self.push_inline_text(if done { "☑ " } else { "☐ " })
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => self.push_inline_text(&t),
        }
    }

    fn start(&mut self, tag: Tag, offset: usize, diags: &mut Diagnostics) {
        if let Tag::HtmlBlock = tag {
            self.flush_implicit();
            self.html_block = Some((offset, String::new()));
            return;
        }
        let block_frame = match &tag {
            Tag::BlockQuote(_) => Some(BlockFrame::Quote),
            Tag::List(start) => Some(BlockFrame::List {
                start: *start,
                items: Vec::new(),
            }),
            Tag::Item => Some(BlockFrame::Item),
            Tag::FootnoteDefinition(label) => {
                let first = self.definitions.define(label, offset);
                Some(BlockFrame::Note(label.to_string(), first))
            }
            Tag::Table(aligns) => Some(BlockFrame::Table {
                aligns: aligns
                    .iter()
                    .map(|a| match a {
                        pulldown_cmark::Alignment::None => Align::None,
                        pulldown_cmark::Alignment::Left => Align::Left,
                        pulldown_cmark::Alignment::Center => Align::Center,
                        pulldown_cmark::Alignment::Right => Align::Right,
                    })
                    .collect(),
                head: Vec::new(),
                rows: Vec::new(),
                row: Vec::new(),
            }),
            _ => None,
        };
        if let Some(frame) = block_frame {
            self.flush_implicit();
            if self.blocks.len() > MAX_NESTING {
                self.too_deep(
                    format!("block quotes or lists are nested more than {MAX_NESTING} levels deep"),
                    "flatten the nesting; no book needs more than a few levels",
                    offset,
                    diags,
                );
                return;
            }
            self.blocks.push((frame, Vec::new()));
            return;
        }
        let inline_frame = match tag {
            Tag::Paragraph => {
                self.flush_implicit();
                Some(InlineFrame::Paragraph)
            }
            Tag::Heading { .. } => {
                self.flush_implicit();
                Some(InlineFrame::Heading)
            }
            Tag::Emphasis => Some(InlineFrame::Emph),
            Tag::Strong => Some(InlineFrame::Strong),
            Tag::Strikethrough => Some(InlineFrame::Strike),
            Tag::Link { dest_url, .. } => {
                if !html::safe_href(&dest_url) {
                    self.warn_unsafe_link(&dest_url, offset, diags);
                }
                Some(InlineFrame::Link(dest_url.into_string()))
            }
            Tag::Image {
                dest_url, title, ..
            } => Some(InlineFrame::Image {
                src: dest_url.into_string(),
                title: title.into_string(),
            }),
            Tag::TableCell => Some(InlineFrame::Cell),
            Tag::CodeBlock(kind) => {
                self.flush_implicit();
                let lang = match kind {
                    CodeBlockKind::Fenced(l) if !l.trim().is_empty() => Some(l.trim().to_owned()),
                    _ => None,
                };
                self.code = Some((lang, String::new()));
                None
            }
            _ => None,
        };
        if let Some(frame) = inline_frame {
            if self.inlines.len() > MAX_NESTING {
                self.too_deep_inline(offset, diags);
                return;
            }
            self.inlines.push((frame, Vec::new()));
        }
    }

    fn too_deep_inline(&mut self, offset: usize, diags: &mut Diagnostics) {
        self.too_deep(
            format!("inline formatting is nested more than {MAX_NESTING} levels deep"),
            "simplify the emphasis and links around this text",
            offset,
            diags,
        );
    }

    /// Nesting deeper than folio follows: say so once, and stop reading the piece.
    fn too_deep(&mut self, message: String, hint: &str, offset: usize, diags: &mut Diagnostics) {
        self.report(diags, Diagnostic::error(message).hint(hint), offset);
        self.too_deep = true;
    }

    fn end(&mut self, tag: TagEnd, diags: &mut Diagnostics) {
        // HTML elements cannot outlive the Markdown container they were opened in.
        self.close_open_html();
        match tag {
            TagEnd::HtmlBlock => {
                if let Some((offset, html)) = self.html_block.take() {
                    self.html_block(&html, offset, diags);
                }
            }
            TagEnd::Paragraph => {
                let content = self.pop_inline();
                match self.lone_image.take() {
                    Some((src, alt, title)) if content.iter().all(is_blank) => {
                        self.push_block(Block::Image { src, alt, title })
                    }
                    Some((_, alt, _)) => {
                        let mut with_alt = vec![Inline::Text(alt)];
                        with_alt.extend(content);
                        self.push_block(Block::Paragraph(with_alt));
                    }
                    None => {
                        if !content.iter().all(is_blank) {
                            self.push_block(Block::Paragraph(trim_inlines(content)))
                        }
                    }
                }
            }
            TagEnd::Heading(level) => {
                let content = self.pop_inline();
                let base = match slugify(&super::plain_text(&content)).as_str() {
                    "book" => "section".to_owned(),
                    s => s.to_owned(),
                };
                let count = self.heading_ids.entry(base.clone()).or_insert(0);
                *count += 1;
                let id = if *count == 1 {
                    base
                } else {
                    format!("{base}-{count}")
                };
                self.push_block(Block::Heading {
                    level: level as u8,
                    content: trim_inlines(content),
                    id,
                });
            }
            TagEnd::Emphasis => {
                let c = self.pop_inline();
                self.push_inline(Inline::Emph(c));
            }
            TagEnd::Strong => {
                let c = self.pop_inline();
                self.push_inline(Inline::Strong(c));
            }
            TagEnd::Strikethrough => {
                let c = self.pop_inline();
                self.push_inline(Inline::Strike(c));
            }
            TagEnd::Link => {
                let Some((InlineFrame::Link(url), content)) = self.inlines.pop() else {
                    return;
                };
                if html::safe_href(&url) {
                    self.push_inline(Inline::Link { url, content });
                } else {
                    self.push_plain(content);
                }
            }
            TagEnd::Image => {
                let Some((InlineFrame::Image { src, title }, content)) = self.inlines.pop() else {
                    return;
                };
                let alt = super::plain_text(&content);
                let alone = matches!(self.inlines.last(), Some((InlineFrame::Paragraph, c)) if c.iter().all(is_blank));
                if alone && self.lone_image.is_none() {
                    self.lone_image = Some((src, alt, title));
                } else if !alt.is_empty() {
                    self.push_inline_text(&alt);
                }
            }
            TagEnd::TableCell => {
                let c = self.pop_inline();
                if let Some((BlockFrame::Table { row, .. }, _)) = self.blocks.last_mut() {
                    row.push(trim_inlines(c));
                }
            }
            TagEnd::TableHead => {
                if let Some((BlockFrame::Table { row, head, .. }, _)) = self.blocks.last_mut() {
                    *head = std::mem::take(row);
                }
            }
            TagEnd::TableRow => {
                if let Some((BlockFrame::Table { row, rows, .. }, _)) = self.blocks.last_mut() {
                    rows.push(std::mem::take(row));
                }
            }
            TagEnd::CodeBlock => {
                if let Some((lang, text)) = self.code.take() {
                    self.push_block(Block::Code { lang, text });
                }
            }
            TagEnd::BlockQuote(_)
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::FootnoteDefinition
            | TagEnd::Table => {
                self.flush_implicit();
                self.pop_block();
            }
            _ => {}
        }
    }

    fn pop_block(&mut self) {
        if self.blocks.len() <= 1 {
            return;
        }
        let Some((frame, blocks)) = self.blocks.pop() else {
            return;
        };
        match frame {
            BlockFrame::Quote => self.push_block(Block::Quote(blocks)),
            BlockFrame::List { start, items } => self.push_block(Block::List { start, items }),
            BlockFrame::Item => {
                if let Some((BlockFrame::List { items, .. }, _)) = self.blocks.last_mut() {
                    items.push(blocks);
                }
            }
            // A second definition of a label is reported in `finish`; the first is the note.
            BlockFrame::Note(label, first) => {
                if first {
                    self.note_bodies.insert(label, blocks);
                }
            }
            BlockFrame::Table {
                aligns, head, rows, ..
            } => self.push_block(Block::Table { aligns, head, rows }),
            BlockFrame::Root => {}
        }
    }

    fn push_block(&mut self, block: Block) {
        if let Some((_, blocks)) = self.blocks.last_mut() {
            blocks.push(block);
        }
    }

    fn push_inline(&mut self, inline: Inline) {
        if self.inlines.is_empty() {
            self.inlines.push((InlineFrame::Implicit, Vec::new()));
        }
        if let Some((_, content)) = self.inlines.last_mut() {
            content.push(inline);
        }
    }

    fn push_inline_text(&mut self, text: &str) {
        if self.inlines.is_empty() {
            if text.trim().is_empty() {
                return;
            }
            self.inlines.push((InlineFrame::Implicit, Vec::new()));
        }
        if let Some((_, content)) = self.inlines.last_mut() {
            push_text(content, text);
        }
    }

    fn pop_inline(&mut self) -> Vec<Inline> {
        self.inlines.pop().map(|(_, c)| c).unwrap_or_default()
    }

    /// Close the paragraph that tight list items imply.
    fn flush_implicit(&mut self) {
        self.close_open_html();
        if matches!(self.inlines.last(), Some((InlineFrame::Implicit, _))) {
            let content = self.pop_inline();
            if !content.iter().all(is_blank) {
                self.push_block(Block::Paragraph(trim_inlines(content)));
            }
        }
    }

    fn finish(mut self, diags: &mut Diagnostics) -> (Vec<Block>, Vec<Footnote>) {
        self.flush_implicit();
        while self.blocks.len() > 1 {
            self.pop_block();
        }
        let blocks = self.blocks.pop().map(|(_, b)| b).unwrap_or_default();
        let mut notes: Vec<Footnote> = self
            .note_numbers
            .iter()
            .map(|(label, &number)| Footnote {
                number,
                label: label.clone(),
                blocks: self.note_bodies.remove(label).unwrap_or_default(),
            })
            .collect();
        notes.sort_by_key(|n| n.number);
        for (label, offset) in std::mem::take(&mut self.dangling.found) {
            // Worded as `folio check`'s lint words it, so that the two are one.
            self.report(
                diags,
                Diagnostic::warning(format!("footnote `[^{label}]` has no note")).hint(format!(
                    "add the note on a line of its own, `[^{label}]: The note's text.`, \
                     or remove the reference; as it is, `[^{label}]` is printed as written"
                )),
                offset,
            );
        }
        for (label, offset, first) in std::mem::take(&mut self.definitions.repeated) {
            let (line, column) = line_col(self.text, first);
            // Both places are found in the body; `diagnostic_at` shifts them to the file.
            let d = Diagnostic::warning(format!(
                "footnote `[^{label}]` is defined twice; this definition is not used"
            ))
            .note_at(
                self.path,
                Some(self.text),
                line,
                column,
                "the first definition, the one used",
            );
            diags.push(
                self.diagnostic_at(d, offset)
                    .hint("delete one of the two, or give this one a label of its own"),
            );
        }
        let mut unused: Vec<&String> = self.note_bodies.keys().collect();
        unused.sort();
        for label in unused {
            let d = Diagnostic::warning(format!(
                "footnote `{label}` is defined but never referenced"
            ))
            .hint(format!(
                "refer to it with `[^{label}]` in the text, or delete the definition"
            ));
            // Searched for only if it is shown: thousands of unused notes would otherwise
            // search the text thousands of times.
            let text = self.text;
            self.report_lazily(diags, d, || text.find(&format!("[^{label}]:")).unwrap_or(0));
        }
        std::mem::take(&mut self.alike).into_inner().finish(diags);
        (blocks, notes)
    }
}

fn is_blank(inline: &Inline) -> bool {
    matches!(inline, Inline::Text(t) if t.trim().is_empty())
}

fn push_text(content: &mut Vec<Inline>, text: &str) {
    if let Some(Inline::Text(last)) = content.last_mut() {
        last.push_str(text);
    } else {
        content.push(Inline::Text(text.to_owned()));
    }
}

/// Drop leading and trailing white space of a block's inline content.
fn trim_inlines(mut content: Vec<Inline>) -> Vec<Inline> {
    if let Some(Inline::Text(t)) = content.first_mut() {
        *t = t.trim_start().to_owned();
    }
    if let Some(Inline::Text(t)) = content.last_mut() {
        *t = t.trim_end().to_owned();
    }
    content.retain(|i| !matches!(i, Inline::Text(t) if t.is_empty()));
    content
}

#[cfg(test)]
mod tests;
