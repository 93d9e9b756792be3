//! `manuscript/book.yaml`: the book's metadata, print settings and contents.
//!
//! Names follow pandoc's metadata where pandoc has one. Every key is checked: an unknown key
//! is an error with a "did you mean" suggestion, a value of the wrong kind names its key and
//! line, and all such problems are reported together.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::contents::{ChapterRef, Entry, MatterLists};
use super::print::{self, PrintSettings};
use super::values::{check_isbn, check_language, parse_date};
use super::yaml::{self, describe, scalar_text, Mapping, Source, Value};
use crate::diag::{Diagnostic, Diagnostics};

/// The top-level keys book.yaml may have (the scaffold's book.yaml shows each one).
pub(crate) const KNOWN_KEYS: &[&str] = &[
    "title",
    "subtitle",
    "author",
    "editor",
    "publisher",
    "rights",
    "description",
    "date",
    "language",
    "identifier",
    "isbn",
    "subject",
    "series",
    "cover",
    "contributors",
    "strings",
    "quotes",
    "front",
    "back",
    "contents",
    "print",
];

/// The keys of `strings:`, the words folio prints itself (`doc::strings` has their text).
pub const STRING_KEYS: &[&str] = &[
    "contents",
    "edited-by",
    "translated-by",
    "about-the-contributors",
    "permissions",
    "translation",
];

/// The keys of one `contributors:` entry.
const CONTRIBUTOR_KEYS: &[&str] = &["name", "sort-as", "bio"];

/// A person the book may name as an author, translator or editor, with what the "About the
/// contributors" pages say of them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Contributor {
    pub name: String,
    /// "Doe, Jane": the order of the contributors' pages and the EPUB's `file-as`.
    pub sort_as: Option<String>,
    /// Inline Markdown.
    pub bio: Option<String>,
    /// Where the entry's name is written in book.yaml (1-based line, column).
    pub line: usize,
    pub column: usize,
}

impl Contributor {
    /// The key the contributors are ordered by: `sort-as`, else the name as written.
    pub fn sort_key(&self) -> &str {
        self.sort_as.as_deref().unwrap_or(&self.name)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Metadata {
    pub title: String,
    pub subtitle: Option<String>,
    /// The book's authors; empty when the book has none (never invented).
    pub authors: Vec<String>,
    /// The book's editors; empty when it has none.
    pub editor: Vec<String>,
    pub publisher: Option<String>,
    pub rights: Option<String>,
    pub description: Option<String>,
    pub date: Option<BookDate>,
    /// BCP 47 tag, "en" by default.
    pub language: String,
    /// A URN or `urn:uuid:...`; derived from title and authors when absent.
    pub identifier: String,
    /// Whether book.yaml states the identifier; if not, it is derived from the title and
    /// author and changes with them (`folio check` warns).
    pub identifier_given: bool,
    pub isbn: Isbn,
    pub subjects: Vec<String>,
    /// `series: {name, number}`: the series the book belongs to, if any.
    pub series: Option<Series>,
    /// `contributors:`, in the order written.
    pub contributors: Vec<Contributor>,
    /// `strings:` overrides, (key, text), keys among [`STRING_KEYS`].
    pub strings: Vec<(String, String)>,
    /// `quotes:`: which marks open a quotation in English pieces.
    pub quotes: QuoteStyle,
    /// Where `language:` is written in book.yaml (1-based line, column), for warnings.
    pub language_at: Option<(usize, usize)>,
}

/// `quotes: double | single`: whether an English quotation opens with “ (the default, and
/// what smart punctuation makes of `"`) or with ‘, as British publishers often set it, the
/// inner marks then being “ ”. Other languages keep their own convention either way: a French
/// piece in a British book still prints « ».
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QuoteStyle {
    #[default]
    Double,
    Single,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BookDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl BookDate {
    /// Seconds since the epoch of the date's first moment (UTC).
    pub fn timestamp(&self) -> i64 {
        // The loader only makes dates that exist (values::parse_date).
        crate::dates::day_start(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
            .unwrap_or(0)
    }
}

impl std::fmt::Display for BookDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

/// A series the book is part of: its name and, if given, the book's place in it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Series {
    pub name: String,
    /// The book's number in the series as written ("2", "2.5"): a positive number, checked
    /// by the loader, so the EPUB's `group-position` is valid.
    pub number: Option<String>,
}

/// ISBNs as written (hyphens kept), checksums already validated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Isbn {
    pub ebook: Option<String>,
    pub print: Option<String>,
}

/// What `book.yaml` says, before the contents are resolved against the disk.
pub struct Parsed {
    pub meta: Metadata,
    pub print: PrintSettings,
    pub contents: Option<Vec<Entry>>,
    /// `front:` and `back:`: the pieces before the first part and after the last.
    pub matter: MatterLists,
    /// The cover path where book.yaml names it.
    pub cover: Option<ChapterRef>,
}

pub fn parse(file: &Path, text: &str, diags: &mut Diagnostics) -> Option<Parsed> {
    let src = Source::new(file, text, text, 0);
    if text.trim().is_empty() {
        diags.push(
            src.at(Diagnostic::error("book.yaml is empty"), 1, 1)
                .hint("write at least the book's title in it: `title: The Title of Your Book`"),
        );
        return None;
    }
    let map = yaml::parse_mapping(&src, "book.yaml", diags)?;
    for key in yaml::keys(&map) {
        if !KNOWN_KEYS.contains(&key.as_str()) {
            diags.push(super::unknown_key(&src, &key, KNOWN_KEYS));
        }
    }
    let mut reader = Reader {
        src: &src,
        map: &map,
        diags,
    };
    let title = reader.string("title");
    if title.is_none() && !map.contains_key("title") {
        reader.diags.push(
            src.at(Diagnostic::error("book.yaml has no `title`"), 1, 1)
                .hint("add a line `title: The Title of Your Book`"),
        );
    } else if title.is_none() && matches!(map.get("title"), Some(Value::Null | Value::String(_))) {
        // `title:` or `title: ""`: a book with no name would be filed as "book".
        reader.diags.push(
            src.at_path(Diagnostic::error("`title` is empty"), &["title"])
                .hint("write the book's title after the key: `title: The Title of Your Book`"),
        );
    }
    if let Some(d) = title.as_deref().and_then(super::title_too_long) {
        reader.diags.push(src.at_key(d, "title"));
    }
    let authors = reader.string_list("author");
    let date = reader.date("date");
    let language = reader.language();
    let isbn = reader.isbn();
    let identifier = reader.string("identifier");
    let meta = Metadata {
        identifier_given: identifier.is_some(),
        identifier: identifier
            .unwrap_or_else(|| derived_identifier(title.as_deref().unwrap_or(""), &authors)),
        title: title.unwrap_or_default(),
        subtitle: reader.string("subtitle"),
        authors,
        editor: reader.string_list("editor"),
        publisher: reader.string("publisher"),
        rights: reader.string("rights"),
        description: reader.string("description"),
        date,
        language,
        isbn,
        subjects: reader.string_list("subject"),
        series: reader.series(),
        contributors: reader.contributors(),
        strings: reader.strings(),
        quotes: reader.quotes(),
        language_at: map
            .contains_key("language")
            .then(|| yaml::key_position(text, "language"))
            .flatten(),
    };
    let print = print::parse(&src, map.get("print"), reader.diags);
    let cover = reader.string("cover").map(|c| {
        let (line, column) = yaml::key_position(text, "cover").unwrap_or((1, 1));
        let line_text = text.lines().nth(line - 1).unwrap_or("").to_owned();
        let column = line_text
            .find(c.as_str())
            .map_or(column, |b| line_text[..b].chars().count() + 1);
        ChapterRef {
            path: PathBuf::from(c),
            line,
            column,
            line_text,
        }
    });
    let contents = map
        .get("contents")
        .and_then(|v| super::contents::parse_entries(&src, v, reader.diags));
    let mut list = |key: &str| {
        map.get(key).map_or_else(Vec::new, |v| {
            super::contents::parse_list(&src, key, v, reader.diags)
        })
    };
    let matter = MatterLists {
        front: list("front"),
        back: list("back"),
    };
    Some(Parsed {
        meta,
        print,
        contents,
        matter,
        cover,
    })
}

/// A stable `urn:uuid:` from the title and authors, so rebuilding never changes it: a
/// SHA-256 of them in the form of a name-based (version 5) UUID.
pub fn derived_identifier(title: &str, authors: &[String]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(title.as_bytes());
    for a in authors {
        hasher.update([0]);
        hasher.update(a.as_bytes());
    }
    let bytes: [u8; 16] = hasher.finalize()[..16].try_into().unwrap_or([0; 16]);
    uuid::Builder::from_sha1_bytes(bytes)
        .into_uuid()
        .urn()
        .to_string()
}

struct Reader<'a, 'b> {
    src: &'a Source<'a>,
    map: &'a Mapping,
    diags: &'b mut Diagnostics,
}

impl Reader<'_, '_> {
    fn wrong_type(&mut self, key: &str, expected: &str, found: &Value) {
        let d = Diagnostic::error(format!(
            "`{key}` must be {expected}, found {}",
            describe(found)
        ))
        .hint(format!("write it as `{key}: ...` with {expected}"));
        self.diags.push(self.src.at_key(d, key));
    }

    fn string(&mut self, key: &str) -> Option<String> {
        let v = self.map.get(key)?;
        match v {
            Value::Null => None,
            Value::String(s) if s.trim().is_empty() => None,
            Value::String(s) => Some(s.trim().to_owned()),
            Value::Number(_) | Value::Bool(_) => scalar_text(v),
            other => {
                self.wrong_type(key, "text", other);
                None
            }
        }
    }

    fn string_list(&mut self, key: &str) -> Vec<String> {
        let (texts, wrong) = yaml::text_list(self.map.get(key));
        for (v, _) in &wrong {
            self.wrong_type(key, "text or a list of text", v);
        }
        texts
    }

    fn date(&mut self, key: &str) -> Option<BookDate> {
        let text = self.string(key)?;
        match parse_date(&text) {
            Ok(d) => Some(d),
            Err(why) => {
                let d = Diagnostic::error(format!("`{key}: {text}` is not a valid date: {why}"))
                    .hint("write the date as YYYY, YYYY-MM or YYYY-MM-DD, e.g. `2015-01-11`");
                self.diags.push(self.src.at_key(d, key));
                None
            }
        }
    }

    fn quotes(&mut self) -> QuoteStyle {
        let Some(text) = self.string("quotes") else {
            return QuoteStyle::default();
        };
        match text.to_ascii_lowercase().as_str() {
            "double" => QuoteStyle::Double,
            "single" => QuoteStyle::Single,
            _ => {
                let d = Diagnostic::error(format!("`quotes: {text}` is not a quotation style"))
                    .hint("use `quotes: double` (“ ”, the default) or `quotes: single` (‘ ’)");
                self.diags.push(self.src.at_key(d, "quotes"));
                QuoteStyle::default()
            }
        }
    }

    fn language(&mut self) -> String {
        let Some(tag) = self.string("language") else {
            return "en".to_owned();
        };
        if let Err(why) = check_language(&tag) {
            let d = Diagnostic::error(format!("`language: {tag}` is not a language tag: {why}"))
                .hint("use a BCP 47 tag such as `en`, `en-GB`, `fr` or `de-CH`");
            self.diags.push(self.src.at_key(d, "language"));
        }
        tag
    }

    /// `contributors:`: a list of maps, each with a `name` (required), `sort-as` and `bio`.
    fn contributors(&mut self) -> Vec<Contributor> {
        let Some(v) = self.map.get("contributors") else {
            return Vec::new();
        };
        let items = match v {
            Value::Null => return Vec::new(),
            Value::Sequence(items) => items,
            other => {
                self.wrong_type("contributors", "a list of {name, sort-as, bio}", other);
                return Vec::new();
            }
        };
        let mut out = Vec::new();
        for item in items {
            let Value::Mapping(m) = item else {
                let d = Diagnostic::error(format!(
                    "each entry of `contributors` must be a map, found {}",
                    describe(item)
                ))
                .hint("write each entry as `- name: Jane Doe` with `sort-as: \"Doe, Jane\"` and `bio: ...` under it");
                self.diags.push(self.src.at_key(d, "contributors"));
                continue;
            };
            for key in yaml::keys(m) {
                if !CONTRIBUTOR_KEYS.contains(&key.as_str()) {
                    self.diags
                        .push(super::unknown_key(self.src, &key, CONTRIBUTOR_KEYS));
                }
            }
            let text = |key: &str| {
                m.get(key)
                    .and_then(scalar_text)
                    .map(|s| s.trim().to_owned())
                    .filter(|s| !s.is_empty())
            };
            let Some(name) = text("name") else {
                let d = Diagnostic::error("a `contributors` entry has no `name`")
                    .hint("give each entry the name as the pieces write it: `- name: Jane Doe`");
                self.diags.push(self.src.at_key(d, "contributors"));
                continue;
            };
            out.push(Contributor {
                name,
                sort_as: text("sort-as"),
                bio: text("bio"),
                line: 1,
                column: 1,
            });
        }
        let names: Vec<String> = out.iter().map(|c| c.name.clone()).collect();
        let places = yaml::item_positions(self.src.yaml, &["contributors"], &names);
        for (c, (line, column)) in out.iter_mut().zip(places) {
            c.line = line + self.src.line_offset;
            c.column = column;
        }
        out
    }

    /// `strings:`: a map from the words' keys to the book's own text for them.
    fn strings(&mut self) -> Vec<(String, String)> {
        let Some(v) = self.map.get("strings") else {
            return Vec::new();
        };
        let Value::Mapping(m) = v else {
            if !matches!(v, Value::Null) {
                self.wrong_type("strings", "a map such as `{contents: In this issue}`", v);
            }
            return Vec::new();
        };
        let mut out = Vec::new();
        for key in yaml::keys(m) {
            if !STRING_KEYS.contains(&key.as_str()) {
                self.diags
                    .push(super::unknown_key(self.src, &key, STRING_KEYS));
                continue;
            }
            match m.get(&key).and_then(scalar_text) {
                Some(t) if !t.trim().is_empty() => out.push((key, t.trim().to_owned())),
                _ => {
                    let d = Diagnostic::error(format!("`strings: {key}` must be text"))
                        .hint(format!("write `{key}: ...` with the words to print"));
                    self.diags.push(self.src.at_path(d, &["strings", &key]));
                }
            }
        }
        out
    }

    fn series(&mut self) -> Option<Series> {
        let v = self.map.get("series")?;
        let Value::Mapping(m) = v else {
            if !matches!(v, Value::Null) {
                let d = Diagnostic::error("`series` must be a map with `name` and `number`")
                    .hint("write `series:` then indented lines `name: The Series` and `number: 2`");
                self.diags.push(self.src.at_key(d, "series"));
            }
            return None;
        };
        for key in yaml::keys(m) {
            if key != "name" && key != "number" {
                self.diags
                    .push(super::unknown_key(self.src, &key, &["name", "number"]));
            }
        }
        let name = m
            .get("name")
            .and_then(scalar_text)
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty());
        let number = m
            .get("number")
            .and_then(scalar_text)
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty());
        if let Some(n) = &number {
            if !series_number_ok(n) {
                let d = Diagnostic::error(format!("series number `{n}` is not a positive number"))
                    .hint("write the book's place in the series as a number: `number: 2`");
                self.diags.push(self.src.at_path(d, &["series", "number"]));
                return None;
            }
        }
        let Some(name) = name else {
            let d = Diagnostic::error("`series` has no `name`")
                .hint("name the series: `series:` then an indented line `name: The Series`");
            self.diags.push(self.src.at_key(d, "series"));
            return None;
        };
        Some(Series { name, number })
    }

    fn isbn(&mut self) -> Isbn {
        let mut isbn = Isbn::default();
        let Some(v) = self.map.get("isbn") else {
            return isbn;
        };
        let Value::Mapping(m) = v else {
            if !matches!(v, Value::Null) {
                let d = Diagnostic::error("`isbn` must be a map with `ebook` and/or `print`").hint(
                    "write `isbn:` then indented lines `ebook: 978-...` and `print: 978-...`",
                );
                self.diags.push(self.src.at_key(d, "isbn"));
            }
            return isbn;
        };
        for key in yaml::keys(m) {
            if key != "ebook" && key != "print" {
                self.diags
                    .push(super::unknown_key(self.src, &key, &["ebook", "print"]));
            }
        }
        for (key, slot) in [("ebook", &mut isbn.ebook), ("print", &mut isbn.print)] {
            if let Some(text) = m.get(key).and_then(scalar_text) {
                match check_isbn(&text) {
                    Ok(()) => *slot = Some(text),
                    Err(why) => {
                        let d = Diagnostic::error(format!("ISBN `{text}` is not valid: {why}"))
                            .hint("copy the ISBN exactly as your ISBN agency issued it");
                        self.diags.push(self.src.at_path(d, &["isbn", key]));
                    }
                }
            }
        }
        isbn
    }
}

/// A series position: digits, with at most one decimal point inside them, and not zero
/// ("2", "2.5"; not "0", "-1", "II", ".5").
fn series_number_ok(n: &str) -> bool {
    let mut parts = n.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let fraction = parts.next();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && fraction.is_none_or(digits) && n.bytes().any(|b| (b'1'..=b'9').contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn series_numbers_are_positive_decimals() {
        for ok in ["1", "2", "12", "2.5", "0.5", "10.25"] {
            assert!(series_number_ok(ok), "{ok}");
        }
        for bad in ["0", "0.0", "-1", "II", ".5", "2.", "1.2.3", "", "2a", "+3"] {
            assert!(!series_number_ok(bad), "{bad}");
        }
    }

    #[test]
    fn derived_identifier_is_stable_uuid() {
        let a = derived_identifier("T", &["A".into()]);
        assert_eq!(a, derived_identifier("T", &["A".into()]));
        assert_ne!(a, derived_identifier("T", &[]));
        assert_eq!(a.len(), "urn:uuid:".len() + 36);
        // The published identifier of a book without one must never change.
        assert_eq!(a, "urn:uuid:f387136b-30c7-5ae3-997f-6cd964896759");
    }
}
