//! IR -> XHTML: escaping, the document shell, and the blocks and inlines of the IR.
//!
//! Method: every string that reaches the output goes through [`text`] or [`attr`], which drop
//! the characters XML 1.0 cannot carry (C0 controls other than tab and newline, DEL, C1
//! controls, U+FFFE/U+FFFF) and escape the markup characters. Nothing else writes user text,
//! so a document stays well-formed whatever the manuscript holds. Markup is written by hand
//! into a `String` (no template engine): the output is small and fixed in shape, and writing it
//! directly keeps the escaping visible at each call.
//!
//! Heading ids come ready-made from [`Anchors`] (see `anchors.rs`), taken one by one in the
//! order the headings are written.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::doc::ornaments::lead_in_extent;
use crate::doc::words::Words;
use crate::doc::{plain_text, Align, Block, Inline};
use crate::epub::anchors::{ncname, Anchors};
use crate::manuscript::SceneBreak;

/// Whether XML 1.0 (and a reading system) can carry `c` as text. C0 controls other than tab
/// and newline are not allowed at all; carriage returns would be normalised away anyway; DEL
/// and the C1 controls are allowed by XML but never mean anything in a manuscript and some
/// readers choke on them; U+FFFE and U+FFFF are not XML characters.
fn keep(c: char) -> bool {
    match c {
        '\t' | '\n' => true,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}' => false,
        _ => true,
    }
}

/// Drop the characters XML cannot carry; no escaping. For text handed to code that escapes it
/// itself (epub-builder's NCX titles).
pub fn clean(s: &str) -> String {
    s.chars().filter(|&c| keep(c)).collect()
}

/// Escape `s` as XML character data.
pub fn text(s: &str) -> String {
    escape(s, false)
}

/// Escape `s` for a double-quoted attribute value. Tabs and newlines become character
/// references so attribute-value normalisation cannot turn them into spaces.
pub fn attr(s: &str) -> String {
    escape(s, true)
}

/// Drop what XML cannot carry and escape markup; in an attribute value, quotes, tabs and
/// newlines too.
fn escape(s: &str, in_attr: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().filter(|&c| keep(c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if in_attr => out.push_str("&quot;"),
            '\t' if in_attr => out.push_str("&#9;"),
            '\n' if in_attr => out.push_str("&#10;"),
            _ => out.push(c),
        }
    }
    out
}

/// A whole XHTML content document. `body_attrs` is written verbatim (already escaped) after
/// `<body`; `lang` is set as both `xml:lang` and `lang`, as EPUB asks, and a language
/// written right to left gives the document `dir="rtl"`.
pub fn document(lang: &str, title: &str, body_attrs: &str, body: &str) -> String {
    let dir = if crate::doc::direction::book_direction(lang) == crate::doc::Dir::Rtl {
        " dir=\"rtl\""
    } else {
        ""
    };
    let lang = attr(lang);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <!DOCTYPE html>\n\
         <html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" \
         xml:lang=\"{lang}\" lang=\"{lang}\"{dir}>\n\
         <head>\n\
         <meta charset=\"utf-8\"/>\n\
         <title>{title}</title>\n\
         <link rel=\"stylesheet\" type=\"text/css\" href=\"stylesheet.css\"/>\n\
         </head>\n\
         <body{body_attrs}>\n\
         {body}\
         </body>\n\
         </html>\n",
        title = text(title),
    )
}

/// Where things the text points at live in the package: images and links.
pub trait Resolve {
    /// The package href of an image `src`, or `None` when it is not embedded (remote).
    fn image(&self, src: &str) -> Option<String>;
    /// The href a link should carry, or `None` when it would point nowhere in the book.
    fn link(&self, url: &str) -> Option<String>;
}

/// Writes blocks and inlines of one content document, keeping the per-document state: the
/// next heading id and which note references were written (so back links never dangle).
pub struct Writer<'a> {
    pub out: String,
    resolve: &'a dyn Resolve,
    heading_ids: std::vec::IntoIter<String>,
    /// Number of footnotes in the document: a reference past it is written without a link.
    note_count: usize,
    /// How many times each note was referenced so far (for `fnref-N`, `fnref-N-2`, ...).
    refs_written: HashMap<usize, usize>,
    /// Nesting depth in quotes and lists: only top-level headings are sections.
    depth: usize,
    recording: bool,
    sections: Vec<(String, String)>,
    /// Inside an `<a>`: no other link may open.
    in_link: bool,
    /// Print page breaks still to place in the body: (block, word, folio), in order.
    page_marks: std::collections::VecDeque<(usize, usize, String)>,
    /// Counting body blocks and words, as the typesetter counted them (see `start_body`).
    counting: bool,
    blocks_seen: usize,
    current_block: Option<usize>,
    words: Words,
    /// A scene break's mark (`data-mark`, drawn by the style sheet); None: a blank gap.
    scene_mark: Option<String>,
    /// The next paragraph opens with a lead-in (`span.lead-in`) and a drop cap of this
    /// many lines (`p.drop-cap`): see [`Writer::dress_next_paragraph`].
    next_lead_in: bool,
    next_drop_cap: Option<usize>,
    /// Bytes of text still to set in the lead-in.
    lead_in_left: usize,
}

impl<'a> Writer<'a> {
    pub fn new(resolve: &'a dyn Resolve, anchors: &Anchors, note_count: usize) -> Self {
        Writer {
            out: String::new(),
            resolve,
            heading_ids: anchors.all().to_vec().into_iter(),
            note_count,
            refs_written: HashMap::new(),
            depth: 0,
            recording: false,
            sections: Vec::new(),
            in_link: false,
            page_marks: Default::default(),
            counting: false,
            blocks_seen: 0,
            current_block: None,
            words: Words::default(),
            scene_mark: Some(scene_mark(&SceneBreak::default()).unwrap_or_default()),
            next_lead_in: false,
            next_drop_cap: None,
            lead_in_left: 0,
        }
    }

    /// Scene breaks show `print.scene-break`'s mark, as the printed book does.
    pub fn scene_breaks(&mut self, asked: &SceneBreak) {
        self.scene_mark = scene_mark(asked);
    }

    /// The next paragraph written opens with a lead-in (`lead_in`) and a drop cap of
    /// `drop_cap` lines, where print sets them (`doc::ornaments` decides which).
    pub fn dress_next_paragraph(&mut self, lead_in: bool, drop_cap: Option<usize>) {
        self.next_lead_in = lead_in;
        self.next_drop_cap = drop_cap;
    }

    /// From here on, blocks are the piece's body: number them depth-first and place the
    /// print page breaks `marks` (block, word, folio) where the typesetter says each print
    /// page begins. Blocks and words are counted as `doc::words` defines them, as the
    /// typesetter counts them.
    pub fn start_body(&mut self, marks: Vec<(usize, usize, String)>) {
        self.page_marks = marks.into();
        self.counting = true;
        self.blocks_seen = 0;
    }

    /// Stop numbering; any break not yet placed (text the two editions count differently)
    /// is placed here, so every page of the page-list still has its target.
    pub fn end_body(&mut self) {
        self.counting = false;
        while let Some((_, _, folio)) = self.page_marks.pop_front() {
            self.out.push_str(&super::pagelist::marker(&folio));
        }
    }

    /// Number the block being entered; place breaks due before it (any break at an
    /// earlier position not yet placed goes here too).
    fn enter_block(&mut self, text_block: bool) {
        if !self.counting {
            return;
        }
        let number = self.blocks_seen;
        self.blocks_seen += 1;
        while let Some((block, word, _)) = self.page_marks.front() {
            let due = *block < number || (*block == number && (*word == 0 || !text_block));
            if !due {
                break;
            }
            let (_, _, folio) = self.page_marks.pop_front().unwrap_or_default();
            self.out.push_str(&super::pagelist::marker(&folio));
        }
        self.current_block = text_block.then_some(number);
        self.words = Words::default();
    }

    fn mark_due_in_text(&self) -> bool {
        matches!((self.current_block, self.page_marks.front()), (Some(c), Some((b, _, _))) if *b == c)
    }

    /// Text of a paragraph or heading, with page breaks placed before their words.
    fn counted_text(&mut self, t: &str) {
        if !self.mark_due_in_text() {
            self.out.push_str(&text(t));
            return;
        }
        let mut start = 0;
        for (i, c) in t.char_indices() {
            if let Some(here) = self.words.char(c) {
                while matches!(self.page_marks.front(), Some((b, w, _)) if Some(*b) == self.current_block && *w <= here)
                {
                    self.out.push_str(&text(&t[start..i]));
                    start = i;
                    let (_, _, folio) = self.page_marks.pop_front().unwrap_or_default();
                    self.out.push_str(&super::pagelist::marker(&folio));
                }
            }
        }
        self.out.push_str(&text(&t[start..]));
    }

    /// A paragraph's content (a list item's bare paragraph too), counted as a block.
    fn paragraph_content(&mut self, content: &[Inline]) {
        self.enter_block(true);
        self.inlines(content);
        self.current_block = None;
    }

    /// While on, top-level h2 headings are kept as the document's sections (for the nav).
    pub fn record_sections(&mut self, on: bool) {
        self.recording = on;
    }

    pub fn take_sections(&mut self) -> Vec<(String, String)> {
        std::mem::take(&mut self.sections)
    }

    /// Whether note `n` has been referenced (its first reference is `fnref-n`).
    pub fn note_referenced(&self, n: usize) -> bool {
        self.refs_written.contains_key(&n)
    }

    pub fn blocks(&mut self, blocks: &[Block]) {
        for block in blocks {
            self.block(block);
        }
    }

    fn block(&mut self, block: &Block) {
        if !matches!(block, Block::Paragraph(_)) {
            self.enter_block(matches!(block, Block::Heading { .. }));
        }
        match block {
            Block::Heading { level, content, .. } => {
                // Level 1 belongs to the piece title; body headings start at h2.
                let level = (*level).clamp(2, 6);
                let id = self.heading_ids.next().unwrap_or_else(|| {
                    debug_assert!(false, "Anchors walked fewer headings than the writer");
                    String::from("heading")
                });
                let _ = write!(self.out, "<h{level} id=\"{}\">", attr(&id));
                if self.recording && self.depth == 0 && level == 2 {
                    self.sections.push((id, plain_text(content)));
                }
                self.inlines(content);
                self.current_block = None;
                let _ = writeln!(self.out, "</h{level}>");
            }
            Block::Paragraph(content) => {
                match self.next_drop_cap.take() {
                    Some(lines) => {
                        let _ = write!(self.out, "<p class=\"drop-cap drop-cap-{lines}\">");
                    }
                    None => self.out.push_str("<p>"),
                }
                if std::mem::take(&mut self.next_lead_in) {
                    self.lead_in_left = lead_in_extent(&lead_text(content));
                }
                self.paragraph_content(content);
                self.lead_in_left = 0;
                self.out.push_str("</p>\n");
            }
            Block::Quote(inner) => {
                self.out.push_str("<blockquote>\n");
                self.depth += 1;
                self.blocks(inner);
                self.depth -= 1;
                self.out.push_str("</blockquote>\n");
            }
            Block::List { start, items } => {
                match start {
                    None => self.out.push_str("<ul>\n"),
                    Some(1) => self.out.push_str("<ol>\n"),
                    Some(n) => {
                        let _ = writeln!(self.out, "<ol start=\"{n}\">");
                    }
                }
                self.depth += 1;
                for item in items {
                    self.out.push_str("<li>");
                    // A one-paragraph item is written bare: `<li><p>` would indent it.
                    match item.as_slice() {
                        [Block::Paragraph(content)] => self.paragraph_content(content),
                        _ => {
                            self.out.push('\n');
                            self.blocks(item);
                        }
                    }
                    self.out.push_str("</li>\n");
                }
                self.depth -= 1;
                self.out.push_str(if start.is_some() {
                    "</ol>\n"
                } else {
                    "</ul>\n"
                });
            }
            Block::Table { aligns, head, rows } => self.table(aligns, head, rows),
            // Code reads left to right in any piece; in a right-to-left one the block
            // stands at the right (the style sheet makes it as wide as its lines).
            Block::Code { lang, text: code } => {
                match lang.as_deref().map(ncname) {
                    Some(l) => {
                        let _ = write!(
                            self.out,
                            "<pre dir=\"ltr\"><code class=\"language-{}\">",
                            attr(&l)
                        );
                    }
                    None => self.out.push_str("<pre dir=\"ltr\"><code>"),
                }
                self.out.push_str(&text(code));
                self.out.push_str("</code></pre>\n");
            }
            Block::Image { src, alt, title } => {
                self.out.push_str("<figure class=\"image\">\n");
                match self.resolve.image(src) {
                    Some(href) => {
                        let _ = writeln!(
                            self.out,
                            "<img src=\"{}\" alt=\"{}\"/>",
                            attr(&href),
                            attr(alt)
                        );
                    }
                    // Not embedded (a remote image): say what it showed instead.
                    None => {
                        let _ = writeln!(self.out, "<p class=\"image-alt\">{}</p>", text(alt));
                    }
                }
                if !title.trim().is_empty() {
                    let _ = writeln!(self.out, "<figcaption>{}</figcaption>", text(title));
                }
                self.out.push_str("</figure>\n");
            }
            // The mark is drawn by the style sheet from `data-mark`: an `hr` is a separator,
            // whose content assistive technology does not read, so the break is announced
            // once, as a break, and never as "asterisk asterisk asterisk".
            Block::Rule => match &self.scene_mark {
                Some(mark) => {
                    let _ = writeln!(
                        self.out,
                        "<hr class=\"section-break\" data-mark=\"{}\"/>",
                        attr(mark)
                    );
                }
                None => self.out.push_str("<hr class=\"section-break blank\"/>\n"),
            },
        }
    }

    fn table(&mut self, aligns: &[Align], head: &[Vec<Inline>], rows: &[Vec<Vec<Inline>>]) {
        fn class(aligns: &[Align], i: usize) -> &'static str {
            match aligns.get(i) {
                Some(Align::Left) => " class=\"align-left\"",
                Some(Align::Center) => " class=\"align-center\"",
                Some(Align::Right) => " class=\"align-right\"",
                _ => "",
            }
        }
        // One row's cells, each with its column's alignment.
        fn cells(writer: &mut Writer<'_>, aligns: &[Align], row: &[Vec<Inline>], tag: &str) {
            for (i, cell) in row.iter().enumerate() {
                let _ = write!(writer.out, "<{tag}{}>", class(aligns, i));
                writer.inlines(cell);
                let _ = write!(writer.out, "</{tag}>");
            }
        }
        // The box scrolls sideways on a narrow screen instead of running off the page.
        self.out.push_str("<div class=\"table\">\n<table>\n");
        if !head.is_empty() {
            self.out.push_str("<thead><tr>");
            cells(self, aligns, head, "th");
            self.out.push_str("</tr></thead>\n");
        }
        if !rows.is_empty() {
            self.out.push_str("<tbody>\n");
            for row in rows {
                self.out.push_str("<tr>");
                cells(self, aligns, row, "td");
                self.out.push_str("</tr>\n");
            }
            self.out.push_str("</tbody>\n");
        }
        self.out.push_str("</table>\n</div>\n");
    }

    pub fn inlines(&mut self, inlines: &[Inline]) {
        for inline in inlines {
            self.inline(inline);
        }
    }

    fn wrap(&mut self, open: &str, close: &str, content: &[Inline]) {
        self.out.push_str(open);
        self.inlines(content);
        self.out.push_str(close);
    }

    fn inline(&mut self, inline: &Inline) {
        // The lead-in's words in `span.lead-in`, split wherever its text crosses the markup
        // ("One day <em>in May</em>": a span in each element).
        if self.lead_in_left > 0 {
            match inline {
                Inline::Text(t) => {
                    let mut cut = self.lead_in_left.min(t.len());
                    while !t.is_char_boundary(cut) {
                        cut += 1;
                    }
                    self.lead_in_left -= cut;
                    let (head, tail) = t.split_at(cut);
                    let left = std::mem::take(&mut self.lead_in_left);
                    self.out.push_str("<span class=\"lead-in\">");
                    self.inline(&Inline::Text(head.to_owned()));
                    self.out.push_str("</span>");
                    if !tail.is_empty() {
                        self.inline(&Inline::Text(tail.to_owned()));
                    }
                    self.lead_in_left = left;
                    return;
                }
                Inline::Code(t) => self.lead_in_left = self.lead_in_left.saturating_sub(t.len()),
                // Print's lead-in stops at a note call or a raised run.
                Inline::NoteRef(_) | Inline::Sup(_) | Inline::Sub(_) => self.lead_in_left = 0,
                _ => {}
            }
        }
        match inline {
            Inline::Text(t) | Inline::Code(t) if self.mark_due_in_text() => {
                if matches!(inline, Inline::Code(_)) {
                    self.out.push_str("<code dir=\"ltr\">");
                    self.counted_text(t);
                    self.out.push_str("</code>");
                } else {
                    self.counted_text(t);
                }
            }
            Inline::Text(t) => self.out.push_str(&text(t)),
            Inline::Emph(c) => self.wrap("<em>", "</em>", c),
            Inline::Strong(c) => self.wrap("<strong>", "</strong>", c),
            Inline::Strike(c) => self.wrap("<s>", "</s>", c),
            Inline::SmallCaps(c) => self.wrap("<span class=\"smallcaps\">", "</span>", c),
            Inline::Sup(c) => self.wrap("<sup>", "</sup>", c),
            Inline::Sub(c) => self.wrap("<sub>", "</sub>", c),
            Inline::Span { lang, dir, content } => {
                // XHTML wants both `lang` and `xml:lang` (EPUB 3 reading systems read either).
                let mut open = String::from("<span");
                if let Some(lang) = lang {
                    let lang = attr(lang);
                    let _ = write!(open, " lang=\"{lang}\" xml:lang=\"{lang}\"");
                }
                if let Some(dir) = dir {
                    let _ = write!(open, " dir=\"{}\"", dir.as_str());
                }
                open.push('>');
                self.wrap(&open, "</span>", content)
            }
            // Code reads left to right in any text; `dir` makes it an isolate, so `f(x)` in
            // Arabic keeps its brackets (print sets it the same way).
            Inline::Code(t) => {
                let _ = write!(self.out, "<code dir=\"ltr\">{}</code>", text(t));
            }
            Inline::Link { url, content } => match self.resolve.link(url) {
                // HTML forbids a link inside a link.
                Some(href) if !self.in_link => {
                    let open = format!("<a href=\"{}\">", attr(&href));
                    self.in_link = true;
                    self.wrap(&open, "</a>", content);
                    self.in_link = false;
                }
                // A link into nowhere would be an epubcheck error; keep its words.
                _ => self.inlines(content),
            },
            Inline::NoteRef(n) => self.note_ref(*n),
            Inline::Break => {
                self.words.separate();
                self.out.push_str("<br/>");
            }
        }
    }

    fn note_ref(&mut self, n: usize) {
        if n == 0 || n > self.note_count || self.in_link {
            // No such note (a link would dangle), or inside a link (which may not nest).
            let _ = write!(self.out, "<sup>{n}</sup>");
            return;
        }
        let seen = self.refs_written.entry(n).or_insert(0);
        *seen += 1;
        // The first reference owns `fnref-N` (the note's back link); later ones get a suffix
        // so ids stay unique.
        let id = if *seen == 1 {
            format!("fnref-{n}")
        } else {
            format!("fnref-{n}-{seen}")
        };
        let _ = write!(
            self.out,
            "<sup><a epub:type=\"noteref\" role=\"doc-noteref\" href=\"#fn-{n}\" id=\"{id}\">{n}</a></sup>"
        );
    }
}

/// The text a lead-in is counted in, as print's runs hold it: the paragraph's text up to
/// its first note call or raised run.
fn lead_text(inlines: &[Inline]) -> String {
    fn walk(inlines: &[Inline], out: &mut String) -> bool {
        for inline in inlines {
            match inline {
                Inline::Text(t) | Inline::Code(t) => out.push_str(t),
                Inline::Break => out.push('\n'),
                Inline::NoteRef(_) | Inline::Sup(_) | Inline::Sub(_) => return false,
                container => {
                    if let Some(c) = container.children() {
                        if !walk(c, out) {
                            return false;
                        }
                    }
                }
            }
        }
        true
    }
    let mut out = String::new();
    walk(inlines, &mut out);
    out
}

/// The mark the e-book shows for a scene break; None: a blank gap. The three asterisks of
/// print's fallback, not the asterism (U+2042), which few reading fonts have.
fn scene_mark(asked: &SceneBreak) -> Option<String> {
    match asked {
        SceneBreak::Blank => None,
        SceneBreak::Asterism => Some("* * *".into()),
        SceneBreak::Ornament => Some(SceneBreak::FLEURON.to_string()),
        SceneBreak::Text(t) => Some(t.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NoLinks;
    impl Resolve for NoLinks {
        fn image(&self, src: &str) -> Option<String> {
            Some(format!("images/{src}"))
        }
        fn link(&self, url: &str) -> Option<String> {
            url.starts_with("http").then(|| url.to_string())
        }
    }

    #[test]
    fn text_escapes_markup_and_strips_controls() {
        assert_eq!(text("a < b & c > d"), "a &lt; b &amp; c &gt; d");
        assert_eq!(
            text("bell\u{7}\u{0}tab\tnl\ncr\r\u{85}\u{fffe}"),
            "belltab\tnl\ncr"
        );
        assert_eq!(
            attr("say \"hi\" & <go>"),
            "say &quot;hi&quot; &amp; &lt;go&gt;"
        );
        assert_eq!(attr("a\tb\nc"), "a&#9;b&#10;c");
    }

    #[test]
    fn document_is_well_formed_whatever_the_title() {
        let doc = document("en-GB", "<Title & \"Co\"\u{1}>", "", "<p>x</p>\n");
        assert!(doc.contains("<title>&lt;Title &amp; \"Co\"&gt;</title>"));
        assert!(doc.contains("xml:lang=\"en-GB\" lang=\"en-GB\""));
        assert!(!doc.contains('\u{1}'));
    }

    #[test]
    fn note_refs_link_both_ways_and_repeat_with_unique_ids() {
        let anchors = Anchors::default();
        let mut w = Writer::new(&NoLinks, &anchors, 1);
        w.inlines(&[Inline::NoteRef(1), Inline::NoteRef(1), Inline::NoteRef(7)]);
        assert!(w.out.contains(
            "<a epub:type=\"noteref\" role=\"doc-noteref\" href=\"#fn-1\" id=\"fnref-1\">1</a>"
        ));
        assert!(w.out.contains("id=\"fnref-1-2\""));
        assert!(
            w.out.contains("<sup>7</sup>"),
            "a missing note is not linked"
        );
        assert!(w.note_referenced(1) && !w.note_referenced(7));
    }

    #[test]
    fn a_note_reference_inside_a_link_does_not_nest_links() {
        let anchors = Anchors::default();
        let mut w = Writer::new(&NoLinks, &anchors, 1);
        w.inlines(&[Inline::Link {
            url: "https://example.org".into(),
            content: vec![Inline::Text("see".into()), Inline::NoteRef(1)],
        }]);
        assert_eq!(w.out, "<a href=\"https://example.org\">see<sup>1</sup></a>");
        assert!(
            !w.note_referenced(1),
            "no back link to a reference that has no id"
        );
    }

    #[test]
    fn blocks_render_and_unresolvable_links_keep_their_words() {
        let blocks = vec![
            Block::Paragraph(vec![
                Inline::Link {
                    url: "elsewhere.md".into(),
                    content: vec![Inline::Text("kept".into())],
                },
                Inline::Link {
                    url: "https://example.org/?a=1&b=2".into(),
                    content: vec![Inline::Emph(vec![Inline::Text("out".into())])],
                },
            ]),
            Block::List {
                start: Some(3),
                items: vec![vec![Block::Paragraph(vec![Inline::Text("item".into())])]],
            },
            Block::Image {
                src: "a.png".into(),
                alt: "A \"quoted\" alt".into(),
                title: String::new(),
            },
            Block::Code {
                lang: Some("rust".into()),
                text: "if a < b {}".into(),
            },
        ];
        let anchors = Anchors::default();
        let mut w = Writer::new(&NoLinks, &anchors, 0);
        w.blocks(&blocks);
        assert!(w
            .out
            .contains("<p>kept<a href=\"https://example.org/?a=1&amp;b=2\"><em>out</em></a></p>"));
        assert!(w.out.contains("<ol start=\"3\">\n<li>item</li>"));
        assert!(w.out.contains("alt=\"A &quot;quoted&quot; alt\""));
        assert!(w.out.contains("if a &lt; b {}"));
    }
}
