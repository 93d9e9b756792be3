//! A piece's file: optional YAML front matter between `---` lines, then Markdown.
//!
//! The title comes from the front matter, else from a leading level-1 heading (which is then
//! taken out of the body so it is not set twice), else it is an error.

use std::path::Path;

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use super::values::{check_language, parse_date};
use super::yaml::{self, scalar_text, Source, Value};
use super::Piece;
use crate::diag::{Diagnostic, Diagnostics};

const KNOWN_KEYS: &[&str] = &[
    "title",
    "short-title",
    "subtitle",
    "author",
    "translator",
    "date",
    "dateline",
    "kind",
    "standfirst",
    "source",
    "note",
    "rights",
    "language",
    "role",
];

/// What a front or back matter piece is (`role:`), for the EPUB's `epub:type` and landmarks
/// and the PDF's treatment of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Dedication,
    Epigraph,
    Foreword,
    Preface,
    Introduction,
    Prologue,
    Afterword,
    Epilogue,
    Acknowledgements,
    Appendix,
    /// Made by folio, never written in front matter: "About the contributors".
    Contributors,
    /// Made by folio: the permissions page gathering every `rights` line.
    Permissions,
}

impl Role {
    /// The roles front matter may name, by their key.
    pub const WRITTEN: &'static [(&'static str, Role)] = &[
        ("dedication", Role::Dedication),
        ("epigraph", Role::Epigraph),
        ("foreword", Role::Foreword),
        ("preface", Role::Preface),
        ("introduction", Role::Introduction),
        ("prologue", Role::Prologue),
        ("afterword", Role::Afterword),
        ("epilogue", Role::Epilogue),
        ("acknowledgements", Role::Acknowledgements),
        ("appendix", Role::Appendix),
    ];

    /// The EPUB structural semantics term (the `epub:type`) of the role.
    pub fn epub_type(self) -> &'static str {
        match self {
            Role::Dedication => "dedication",
            Role::Epigraph => "epigraph",
            Role::Foreword => "foreword",
            Role::Preface => "preface",
            Role::Introduction => "introduction",
            Role::Prologue => "prologue",
            Role::Afterword => "afterword",
            Role::Epilogue => "epilogue",
            Role::Acknowledgements => "acknowledgments",
            Role::Appendix => "appendix",
            Role::Contributors => "contributors",
            Role::Permissions => "credits",
        }
    }

    /// Whether folio made the piece from book.yaml (it has no file of its own).
    pub fn is_generated(self) -> bool {
        matches!(self, Role::Contributors | Role::Permissions)
    }
}

/// What a piece's front matter says; `title` is always set once loaded.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PieceMeta {
    pub title: String,
    /// The running head's text when the title is too long for it (`short-title`).
    pub short_title: Option<String>,
    pub subtitle: Option<String>,
    /// The byline's names, in order (text or a list in the front matter).
    pub author: Vec<String>,
    /// Who translated the piece, in order (text or a list).
    pub translator: Vec<String>,
    pub date: Option<String>,
    pub dateline: Option<String>,
    pub kind: Option<String>,
    pub standfirst: Option<String>,
    /// The source credit ("First published by AFP, 14 January 2015").
    pub source: Option<String>,
    /// The author's note (Markdown) set apart before the piece.
    pub note: Option<String>,
    /// The piece's copyright and permission line, printed at its end and on the permissions
    /// page.
    pub rights: Option<String>,
    /// BCP 47 tag when the piece is not in the book's language.
    pub language: Option<String>,
    pub role: Option<Role>,
    /// 1-based (line, column) of the `author:` key in the piece's file, for warnings about
    /// its names.
    pub author_at: Option<(usize, usize)>,
}

/// Split a chapter file into its piece: front matter, title and body.
pub fn parse_piece(path: &Path, text: &str, diags: &mut Diagnostics) -> Option<Piece> {
    let (front, body, body_line) = match split(text) {
        Ok(parts) => parts,
        Err(line) => {
            diags.push(
                Diagnostic::error("front matter is not closed")
                    .at(path, Some(text), line, 1)
                    .hint("end the front matter with a line holding only `---`"),
            );
            return None;
        }
    };
    let mut meta = PieceMeta::default();
    if let Some(front) = front {
        let src = Source::new(path, text, front, 1);
        let map = yaml::parse_mapping(&src, "front matter", diags)?;
        for key in yaml::keys(&map) {
            if !KNOWN_KEYS.contains(&key.as_str()) {
                diags.push(super::unknown_key(&src, &key, KNOWN_KEYS));
            }
        }
        let mut list = |key: &str| -> Vec<String> {
            let (names, wrong) = yaml::text_list(map.get(key));
            for (v, item) in wrong {
                let d = if item {
                    Diagnostic::error(format!(
                        "each name in `{key}` must be text, found {}",
                        yaml::describe(&v)
                    ))
                    .hint(format!("write `{key}: [Jane Doe, John Roe]`"))
                } else {
                    Diagnostic::error(format!(
                        "`{key}` must be text or a list of text, found {}",
                        yaml::describe(&v)
                    ))
                    .hint(format!(
                        "write `{key}: Jane Doe` or `{key}: [Jane Doe, John Roe]`"
                    ))
                };
                diags.push(src.at_key(d, key));
            }
            names
        };
        meta.author = list("author");
        meta.translator = list("translator");
        let mut field = |key: &str| -> Option<String> {
            match map.get(key)? {
                Value::Null => None,
                v => match scalar_text(v) {
                    Some(s) if s.trim().is_empty() => None,
                    Some(s) => Some(s.trim().to_owned()),
                    None => {
                        let d = Diagnostic::error(format!(
                            "`{key}` must be text, found {}",
                            yaml::describe(v)
                        ))
                        .hint(format!(
                            "write `{key}: ...` with text (quote it if it contains `: `)"
                        ));
                        diags.push(src.at_key(d, key));
                        None
                    }
                },
            }
        };
        meta.title = field("title").unwrap_or_default();
        meta.short_title = field("short-title");
        meta.subtitle = field("subtitle");
        meta.date = field("date");
        meta.dateline = field("dateline");
        meta.kind = field("kind");
        meta.standfirst = field("standfirst");
        meta.source = field("source");
        meta.note = field("note");
        meta.rights = field("rights");
        meta.language = field("language");
        let role = field("role");
        if let Some(d) = super::title_too_long(&meta.title) {
            diags.push(src.at_key(d, "title"));
        }
        if let Some(tag) = &meta.language {
            if let Err(why) = check_language(tag) {
                let d =
                    Diagnostic::error(format!("`language: {tag}` is not a language tag: {why}"))
                        .hint("use a BCP 47 tag such as `en`, `en-GB`, `fr` or `de-CH`");
                diags.push(src.at_key(d, "language"));
            }
        }
        if let Some(role) = role {
            match Role::WRITTEN.iter().find(|(k, _)| *k == role) {
                Some((_, r)) => meta.role = Some(*r),
                None => {
                    let names: Vec<&str> = Role::WRITTEN.iter().map(|(k, _)| *k).collect();
                    let d = Diagnostic::error(format!("`role: {role}` is not a role folio knows"))
                        .hint(format!("use one of: {}", names.join(", ")));
                    diags.push(src.at_key(d, "role"));
                }
            }
        }
        if map.contains_key("author") {
            meta.author_at = yaml::key_position(front, "author").map(|(l, c)| (l + 1, c));
        }
        if let Some(date) = &meta.date {
            if let Err(why) = parse_date(date) {
                let d = Diagnostic::error(format!("`date: {date}` is not a valid date: {why}"))
                    .hint("write the date as YYYY, YYYY-MM or YYYY-MM-DD");
                diags.push(src.at_key(d, "date"));
            }
        }
    }
    let mut body = body.to_owned();
    if meta.title.is_empty() {
        match take_leading_title(&body) {
            Some((title, range)) => {
                if let Some(d) = super::title_too_long(&title) {
                    let (line, column) = crate::diag::line_col(&body, range.start);
                    diags.push(d.at(path, Some(text), line + body_line - 1, column));
                }
                meta.title = title;
                // Blank the heading out line for line so positions in the body stay true.
                let blanked: String = body[range.clone()].chars().filter(|c| *c == '\n').collect();
                body.replace_range(range, &blanked);
            }
            None => {
                diags.push(
                    Diagnostic::error("this piece has no title")
                        .at(path, Some(text), body_line, 1)
                        .hint("add `title: ...` to the front matter, or start the text with a `# Title` heading"),
                );
                return None;
            }
        }
    }
    Some(Piece {
        path: path.to_path_buf(),
        meta,
        body,
        body_line,
    })
}

/// (front matter, body, 1-based line where the body starts); Err(line) if unterminated.
fn split(text: &str) -> Result<(Option<&str>, &str, usize), usize> {
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if text[..first_line_end].trim_end() != "---" {
        return Ok((None, text, 1));
    }
    let mut offset = (first_line_end + 1).min(text.len());
    let mut line_no = 2;
    let front_start = offset;
    while offset < text.len() {
        let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let line = text[offset..end].trim_end();
        if line == "---" || line == "..." {
            let body_start = (end + 1).min(text.len());
            return Ok((
                Some(&text[front_start..offset]),
                &text[body_start..],
                line_no + 1,
            ));
        }
        offset = end + 1;
        line_no += 1;
    }
    Err(1)
}

/// The text of a level-1 heading that opens the body, with its byte range.
///
/// Only the body's first block is read, as Markdown: an ATX heading's line, or a setext
/// heading's lines down to its `===` underline. The piece's one full parse is the IR's
/// (`doc`); parsing the whole body here as well would be a second. (So a reference link in
/// the title whose definition stands further down the body stays as written.)
fn take_leading_title(body: &str) -> Option<(String, std::ops::Range<usize>)> {
    let start = body.len() - body.trim_start_matches(['\n', '\r', ' ', '\t']).len();
    // Back to the start of the first line with text, so an indent is read as Markdown reads it.
    let start = body[..start].rfind('\n').map_or(0, |i| i + 1);
    let block = first_heading_block(&body[start..])?;
    let (title, range) = opening_h1(block)?;
    Some((title, start + range.start..start + range.end))
}

/// The Markdown source of the level-1 heading that `markdown` opens with (its inline
/// content, without the `#` marks or the `===` underline), and the heading's byte range.
///
/// The source, not the decoded text, is the title: the IR parses a title once, as inline
/// Markdown, and decoded text parsed again would turn `&lt;em&gt;` into a tag.
fn opening_h1(markdown: &str) -> Option<(String, std::ops::Range<usize>)> {
    let mut events = Parser::new(markdown).into_offset_iter();
    let (first, range) = events.next()?;
    if !matches!(
        first,
        Event::Start(Tag::Heading {
            level: HeadingLevel::H1,
            ..
        })
    ) {
        return None;
    }
    let mut inner: Option<std::ops::Range<usize>> = None;
    let mut has_text = false;
    for (event, at) in events {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => has_text |= !t.trim().is_empty(),
            _ => {}
        }
        inner = Some(match inner {
            Some(r) => r.start.min(at.start)..r.end.max(at.end),
            None => at,
        });
    }
    let title = markdown.get(inner?)?.trim().to_owned();
    (has_text && !title.is_empty()).then_some((title, range))
}

/// The lines of `text` (which starts at a line with text) that could make a level-1
/// heading: the first line if it opens with `#`, else the lines of the first paragraph up to
/// and including a `=` underline. `None` when the first block cannot be a level-1 heading.
fn first_heading_block(text: &str) -> Option<&str> {
    let mut end = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end();
        let unindented = content.trim_start_matches(' ');
        let indent = content.len() - unindented.len();
        if end == 0 {
            if indent < 4 && unindented.starts_with('#') {
                return Some(line);
            }
        } else if content.trim().is_empty() {
            return None;
        } else if indent < 4
            && !unindented.is_empty()
            && unindented.trim_end().chars().all(|c| c == '=')
        {
            return Some(&text[..end + line.len()]);
        }
        end += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Option<Piece>, Diagnostics) {
        let mut diags = Diagnostics::default();
        let piece = parse_piece(Path::new("manuscript/a.md"), text, &mut diags);
        (piece, diags)
    }

    #[test]
    fn front_matter_title_and_body_line() {
        let (piece, diags) = parse("---\ntitle: A\nkind: review\n---\nText.\n");
        let piece = piece.unwrap();
        assert!(diags.is_empty());
        assert_eq!(piece.meta.title, "A");
        assert_eq!(piece.meta.kind.as_deref(), Some("review"));
        assert_eq!(piece.body, "Text.\n");
        assert_eq!(piece.body_line, 5);
    }

    #[test]
    fn author_and_translator_take_text_or_a_list() {
        let (piece, diags) = parse(
            "---\ntitle: A\nauthor: [Jane Doe, ' John Roe ']\ntranslator: Tom Turner\n---\nText.\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let meta = piece.unwrap().meta;
        assert_eq!(meta.author, ["Jane Doe", "John Roe"]);
        assert_eq!(meta.translator, ["Tom Turner"]);
        let (_, diags) = parse("---\ntitle: A\nauthor: [Jane, {name: x}]\n---\nText.\n");
        let all: Vec<String> = diags.errors().map(|d| d.message.clone()).collect();
        assert!(
            all.iter()
                .any(|m| m.contains("each name in `author` must be text")),
            "{all:?}"
        );
    }

    /// The first block alone gives the title a parse of the whole body would give.
    #[test]
    fn the_leading_title_is_read_from_the_first_block_alone() {
        let bodies = [
            "# The Title\n\nText.\n",
            "\n\n  # Indented *a bit*\nText.\n",
            "    # Code, not a heading\n",
            "## A second level\n\n# Then a first\n",
            "Setext `title`\non two lines\n===\n\nText.\n",
            "Setext\n\n===\n",
            "Not a heading\n---\n",
            "#NoSpace\n",
            "#\n\nText\n",
            "# Closed #\r\nText\r\n",
            "> # In a quote\n",
            "Plain text.\n\n# Later\n",
            "",
            "\n\n",
        ];
        for body in bodies {
            assert_eq!(take_leading_title(body), opening_h1(body), "{body:?}");
        }
    }

    #[test]
    fn title_from_leading_heading_is_removed_from_body() {
        let (piece, _) = parse("# The Title\n\nFirst paragraph.\n");
        let piece = piece.unwrap();
        assert_eq!(piece.meta.title, "The Title");
        assert!(!piece.body.contains("The Title"));
        assert_eq!(piece.body.lines().nth(2), Some("First paragraph."));
    }

    #[test]
    fn no_title_is_an_error() {
        let (piece, diags) = parse("Just text.\n");
        assert!(piece.is_none());
        assert!(diags.0[0].message.contains("no title"));
    }

    #[test]
    fn unknown_key_points_at_its_line_with_suggestion() {
        let (_, diags) = parse("---\ntitle: A\nstandfrist: x\n---\nText\n");
        let d = &diags.0[0];
        assert!(d.message.contains("standfrist"));
        assert_eq!(d.location.as_ref().unwrap().line, 3);
        assert_eq!(d.hint.as_deref(), Some("did you mean `standfirst`?"));
    }

    #[test]
    fn unterminated_front_matter_is_an_error() {
        let (piece, diags) = parse("---\ntitle: A\nText\n");
        assert!(piece.is_none());
        assert!(diags.0[0].message.contains("not closed"));
    }
}
