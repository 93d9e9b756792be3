//! Lints read from one piece's Markdown source, where every finding has a line and column.
//!
//! Method: the piece's body is parsed again with pulldown-cmark, with the options the IR
//! parser uses (`doc::parse`), and the event stream is walked once with byte offsets. The
//! IR itself keeps no positions and has already resolved or dropped what these lints look
//! for (an undefined footnote is plain text there, a dead link a plain word), so the source
//! is the only place to find them and to say where they are.

use std::collections::HashSet;
use std::ops::Range;
use std::path::{Path, PathBuf};

use pulldown_cmark::{BrokenLink, CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::diag::{line_col, Diagnostic, Diagnostics};
use crate::doc::links::{resolve, Target as Link, SCHEMES};
use crate::manuscript::Piece;

/// The IR parser's options (`doc::parse::options`): the same Markdown must mean the same
/// here, or a lint would point at things the build does not see.
fn options() -> Options {
    Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
}

/// A piece as a link target: its path (relative to the book root) and its headings' ids.
pub struct Target {
    pub path: PathBuf,
    pub anchors: HashSet<String>,
}

/// Run every source lint on `piece` (the `index`-th of `targets`).
pub fn check(piece: &Piece, targets: &[Target], index: usize, out: &mut Diagnostics) {
    let text = piece.body.as_str();
    let mut broken: Vec<(usize, String)> = Vec::new();
    let events: Vec<(Event, Range<usize>)> = {
        // Reference links whose definition is missing (`[text][ref]`, `[ref][]`) come only
        // through this callback. Shortcut ones (`[sic]`) are left alone: square brackets
        // are everyday editorial marks in prose.
        let mut on_broken = |link: BrokenLink| {
            if matches!(link.link_type, LinkType::Reference | LinkType::Collapsed) {
                broken.push((link.span.start, link.reference.to_string()));
            }
            None
        };
        Parser::new_with_broken_link_callback(text, options(), Some(&mut on_broken))
            .into_offset_iter()
            .collect()
    };
    let here = Here { piece };
    broken.sort();
    broken.dedup_by_key(|(offset, _)| *offset);
    for (offset, reference) in broken {
        out.push(
            here.at(
                Diagnostic::error(format!("link reference `[{reference}]` is not defined")),
                offset,
            )
            .hint(format!(
                "define it on a line of its own (`[{reference}]: https://...`), or write the \
                 link inline: `[text](https://...)`"
            )),
        );
    }
    Walk {
        here,
        targets,
        index,
        out,
        heading_level: 1,
        code_block: None,
        image: None,
        run: Vec::new(),
    }
    .run(events);
}

/// Positions in the piece's file from offsets in its body.
struct Here<'a> {
    piece: &'a Piece,
}

impl Here<'_> {
    fn at(&self, d: Diagnostic, offset: usize) -> Diagnostic {
        let body = &self.piece.body;
        let (line, column) = line_col(body, offset);
        d.at(&self.piece.path, Some(body), line, column)
            .with_line_offset(self.piece.body_line - 1)
    }
}

struct Walk<'a, 'o> {
    here: Here<'a>,
    targets: &'a [Target],
    index: usize,
    out: &'o mut Diagnostics,
    /// The level of the last heading; the piece's title counts as level 1.
    heading_level: usize,
    /// Inside a code block: (its language, where it starts, its text so far).
    code_block: Option<(Option<String>, usize, String)>,
    /// Inside an image: (its source, where it starts, its alt text so far).
    image: Option<(String, usize, String)>,
    /// Consecutive text events, to find `[^label]` split across several of them.
    run: Vec<(Range<usize>, String)>,
}

impl Walk<'_, '_> {
    fn run(mut self, events: Vec<(Event, Range<usize>)>) {
        for (event, range) in events {
            if !matches!(event, Event::Text(_)) {
                self.flush_text_run();
            }
            match event {
                Event::Start(Tag::Heading { level, .. }) => self.heading(level as usize, range),
                Event::Start(Tag::Link { dest_url, .. }) => self.link(&dest_url, range.start),
                Event::Start(Tag::Image { dest_url, .. }) => {
                    self.image = Some((dest_url.into_string(), range.start, String::new()))
                }
                Event::End(TagEnd::Image) => self.end_image(),
                Event::Start(Tag::CodeBlock(kind)) => {
                    let lang = match kind {
                        CodeBlockKind::Fenced(l) if !l.trim().is_empty() => Some(l.to_string()),
                        _ => None,
                    };
                    self.code_block = Some((lang, range.start, String::new()));
                }
                Event::End(TagEnd::CodeBlock) => self.end_code_block(),
                Event::Text(t) => {
                    if let Some((_, _, code)) = &mut self.code_block {
                        code.push_str(&t);
                        continue;
                    }
                    if let Some((_, _, alt)) = &mut self.image {
                        alt.push_str(&t);
                    }
                    if let Some(quote) = t.chars().find(|&c| c == '"' || c == '\'') {
                        self.straight_quote_in_text(&range, quote);
                    }
                    self.run.push((range, t.into_string()));
                }
                Event::Code(code) => {
                    if let Some((_, _, alt)) = &mut self.image {
                        alt.push_str(&code);
                    }
                    if has_straight_quote(&code) {
                        self.straight_quote_in_code(range.start, false);
                    }
                }
                _ => {}
            }
        }
        self.flush_text_run();
    }

    fn heading(&mut self, level: usize, range: Range<usize>) {
        let previous = self.heading_level;
        self.heading_level = level;
        if level <= previous + 1 {
            return;
        }
        let hashes = "#".repeat(previous + 1);
        self.out.push(
            self.here
                .at(
                    Diagnostic::warning(format!(
                        "heading level {level} skips level {}",
                        previous + 1
                    )),
                    range.start,
                )
                .hint(format!(
                    "make it a level-{} heading (`{hashes} ...`): the contents and screen \
                     readers take levels as the outline of the piece, whose title is level 1",
                    previous + 1
                )),
        );
    }

    fn link(&mut self, url: &str, offset: usize) {
        if let Some(problem) = dead_link(url, self.targets, self.index) {
            self.out.push(
                self.here
                    .at(Diagnostic::warning(problem.message), offset)
                    .hint(problem.hint),
            );
        }
    }

    fn end_image(&mut self) {
        let Some((src, offset, alt)) = self.image.take() else {
            return;
        };
        if alt.trim().is_empty() {
            self.out.push(
                self.here
                    .at(
                        Diagnostic::warning(format!("image `{src}` has no alt text")),
                        offset,
                    )
                    .hint(format!(
                        "describe the picture between the brackets, `![A harbour at dawn]({src})`: \
                         e-readers read it aloud to readers who cannot see the image"
                    )),
            );
        }
    }

    fn end_code_block(&mut self) {
        let Some((lang, offset, code)) = self.code_block.take() else {
            return;
        };
        // A block that names its language is code for certain; quotes there are meant.
        if lang.is_none() && has_straight_quote(&code) {
            self.straight_quote_in_code(offset, true);
        }
    }

    /// Smart punctuation has turned every quote in running text into a curly one, so a
    /// straight quote there survived on purpose or by mistake: a backslash escape.
    /// (The event's text has the quote; its source says where: it may hold smartened
    /// quotes too, so the position is a best guess at the first straight one.)
    fn straight_quote_in_text(&mut self, range: &Range<usize>, quote: char) {
        let source = &self.here.piece.body[range.clone()];
        let escaped = format!("\\{quote}");
        let i = source
            .find(&escaped)
            .map(|i| i + 1)
            .or_else(|| source.find(quote))
            .unwrap_or(0);
        self.out.push(
            self.here
                .at(
                    Diagnostic::warning(format!("straight quote `{quote}` left in the text")),
                    range.start + i,
                )
                .hint(
                    "a backslash before a quote keeps it straight: remove the backslash for a \
                     curly quote (or write ′ and ″ for feet and inches)",
                ),
        );
    }

    fn straight_quote_in_code(&mut self, offset: usize, block: bool) {
        let (what, hint) = if block {
            (
                "code block",
                "code is printed as written: if this is prose, unindent it (or remove the \
                 fences) so folio sets curly quotes; if it is code, name its language after \
                 the opening fence (```text) to say so",
            )
        } else {
            (
                "code span",
                "code is printed as written: if this is prose, remove the backticks so folio \
                 sets curly quotes",
            )
        };
        self.out.push(
            self.here
                .at(
                    Diagnostic::warning(format!("straight quotes in a {what}")),
                    offset,
                )
                .hint(hint),
        );
    }

    /// Footnote references whose note is missing stay as text (`[^3]` printed as is), split
    /// over several text events (`[`, `^3`, `]`): look for them in the joined run.
    fn flush_text_run(&mut self) {
        if self.run.is_empty() {
            return;
        }
        let run = std::mem::take(&mut self.run);
        let joined: String = run.iter().map(|(_, t)| t.as_str()).collect();
        let mut from = 0;
        while let Some(start) = joined[from..].find("[^").map(|i| i + from) {
            from = start + 2;
            let rest = &joined[from..];
            let Some(end) = rest.find(']') else { break };
            let label = &rest[..end];
            if label.is_empty() || label.contains(|c: char| c.is_whitespace() || c == '[') {
                continue;
            }
            let offset = source_offset(&run, start);
            self.out.push(
                self.here
                    .at(
                        Diagnostic::error(format!("footnote `[^{label}]` has no note")),
                        offset,
                    )
                    .hint(format!(
                        "add the note on a line of its own, `[^{label}]: The note's text.`, \
                         or remove the reference; as it is, `[^{label}]` is printed as written"
                    )),
            );
        }
    }
}

/// The body offset of byte `i` of a run of text events joined together.
fn source_offset(run: &[(Range<usize>, String)], i: usize) -> usize {
    let mut seen = 0;
    for (range, text) in run {
        if i < seen + text.len() {
            // Text equal to its source maps byte for byte; otherwise the event's start.
            let within = i - seen;
            return if range.len() == text.len() {
                range.start + within
            } else {
                range.start
            };
        }
        seen += text.len();
    }
    run.last().map_or(0, |(r, _)| r.start)
}

fn has_straight_quote(text: &str) -> bool {
    text.contains(['"', '\''])
}

/// Why a link would go nowhere in the editions, and what to do about it.
struct DeadLink {
    message: String,
    hint: String,
}

/// Links resolve as the EPUB edition resolves them (`doc::links`, which says how).
fn dead_link(url: &str, targets: &[Target], index: usize) -> Option<DeadLink> {
    let url = url.trim();
    let find = |path: &Path| targets.iter().position(|t| t.path == path);
    let (target, fragment, same_piece) = match resolve(url, &targets.get(index)?.path, find) {
        Link::External => return None,
        Link::OtherScheme(_) => {
            return Some(DeadLink {
                message: format!("link `{url}` uses a scheme e-readers do not open"),
                hint: format!(
                    "link with one of {}; as it is, the link text is printed without a link",
                    SCHEMES.join(", ")
                ),
            })
        }
        Link::Piece {
            index: at,
            fragment,
        } => (targets.get(at.unwrap_or(index))?, fragment, at.is_none()),
        Link::Nowhere => {
            return Some(DeadLink {
                message: format!("link `{url}` points at no piece of the book"),
                hint: "link to another piece by its Markdown file (e.g. \
                           `../reviews/january.md`, relative to this file), or give a full \
                           `https://` address; as it is, the link text is printed without a link"
                    .into(),
            })
        }
    };
    let fragment = fragment.filter(|f| !f.is_empty())?;
    if target.anchors.contains(&fragment) {
        return None;
    }
    let mut known: Vec<&String> = target.anchors.iter().collect();
    known.sort();
    let hint = if known.is_empty() {
        format!(
            "`{}` has no headings to link to; link to the piece without `#{fragment}`",
            target.path.display()
        )
    } else {
        let shown: Vec<String> = known.iter().take(8).map(|k| format!("#{k}")).collect();
        format!(
            "a heading's anchor is its text in lower case with hyphens; `{}` has {}",
            target.path.display(),
            shown.join(", ")
        )
    };
    let message = if same_piece {
        format!("link `{url}` points at no heading of this piece")
    } else {
        format!(
            "link `{url}`: `{}` has no heading `#{fragment}`",
            target.path.display()
        )
    };
    Some(DeadLink { message, hint })
}
