//! `manuscript/book.yaml`: the book's metadata, print settings and contents.
//!
//! Names follow pandoc's metadata where pandoc has one. Every key is checked: an unknown key
//! is an error with a "did you mean" suggestion, a value of the wrong kind names its key and
//! line, and all such problems are reported together.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::contents::{ChapterRef, Entry};
use super::values::{check_isbn, check_language, parse_date, parse_length};
use super::yaml::{self, describe, scalar_text, Mapping, Source, Value};
use crate::diag::{Diagnostic, Diagnostics};

const KNOWN_KEYS: &[&str] = &[
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
    "cover",
    "contents",
    "print",
];

const PRINT_KEYS: &[&str] = &[
    "trim",
    "bleed",
    "profile",
    "paper",
    "pdfx",
    "font-size",
    "leading",
    "margins",
    "justify",
    "figures",
    "hyphenation-exceptions",
];

const MARGIN_KEYS: &[&str] = &["top", "bottom", "inner", "outer"];

#[derive(Debug, Clone, Default)]
pub struct Metadata {
    pub title: String,
    pub subtitle: Option<String>,
    /// The book's authors; empty when the book has none (never invented).
    pub authors: Vec<String>,
    pub editor: Option<String>,
    pub publisher: Option<String>,
    pub rights: Option<String>,
    pub description: Option<String>,
    pub date: Option<BookDate>,
    /// BCP 47 tag, "en" by default.
    pub language: String,
    /// A URN or `urn:uuid:...`; derived from title and authors when absent.
    pub identifier: String,
    pub isbn: Isbn,
    pub subjects: Vec<String>,
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
        super::values::days_from_civil(
            self.year,
            self.month.unwrap_or(1) as u32,
            self.day.unwrap_or(1) as u32,
        ) * 86_400
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

/// ISBNs as written (hyphens kept), checksums already validated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Isbn {
    pub ebook: Option<String>,
    pub print: Option<String>,
}

/// The `print:` map: settings of the PDF edition. Every field is optional; the typesetter
/// supplies the defaults.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PrintSettings {
    /// Trim size preset or "WxH" with a unit ("6x9in", "148x210mm").
    pub trim: Option<String>,
    /// Body type size in points.
    pub font_size: Option<f32>,
    /// Baseline-to-baseline distance in points.
    pub leading: Option<f32>,
    /// Margins in points: top, bottom, inner (gutter), outer; each may be left to the default.
    pub margins: [Option<f32>; 4],
    /// false: ragged right.
    pub justify: Option<bool>,
    /// "oldstyle" or "lining".
    pub figures: Option<String>,
    /// Words with their hyphenation points marked: "ty-po-graph-ic".
    pub hyphenation_exceptions: Vec<String>,
    /// Bleed in points on the outside edges, when the book prints to the edge.
    pub bleed: Option<f32>,
    /// The printer whose rules the PDF must meet: "kdp", "ingramspark" or "generic".
    pub profile: Option<String>,
    /// Paper thickness in inches per page (for the cover's spine).
    pub paper: Option<f32>,
    /// PDF/X conformance: "x4" or "x1a".
    pub pdfx: Option<String>,
}

/// Bleed when `bleed: true`: 0.125 in, the printers' common minimum (3 mm is 8.5 pt).
pub const DEFAULT_BLEED: f32 = 9.0;
/// Paper thickness per page, in inches: white and cream book paper (KDP's figures).
pub const PAPER_WHITE: f32 = 0.002252;
pub const PAPER_CREAM: f32 = 0.0025;
pub const PROFILES: &[&str] = &["generic", "kdp", "ingramspark"];

/// What `book.yaml` says, before the contents are resolved against the disk.
pub struct Parsed {
    pub meta: Metadata,
    pub print: PrintSettings,
    pub contents: Option<Vec<Entry>>,
    /// The cover path where book.yaml names it.
    pub cover: Option<ChapterRef>,
}

pub fn parse(file: &Path, text: &str, diags: &mut Diagnostics) -> Option<Parsed> {
    let src = Source {
        file,
        file_text: text,
        yaml: text,
        line_offset: 0,
    };
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
    }
    let authors = reader.string_list("author");
    let date = reader.date("date");
    let language = reader.language();
    let isbn = reader.isbn();
    let identifier = reader.string("identifier");
    let meta = Metadata {
        identifier: identifier
            .unwrap_or_else(|| derived_identifier(title.as_deref().unwrap_or(""), &authors)),
        title: title.unwrap_or_default(),
        subtitle: reader.string("subtitle"),
        authors,
        editor: reader.string("editor"),
        publisher: reader.string("publisher"),
        rights: reader.string("rights"),
        description: reader.string("description"),
        date,
        language,
        isbn,
        subjects: reader.string_list("subject"),
    };
    let print = reader.print();
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
    Some(Parsed {
        meta,
        print,
        contents,
        cover,
    })
}

/// A stable `urn:uuid:` from the title and authors, so rebuilding never changes it.
fn derived_identifier(title: &str, authors: &[String]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(title.as_bytes());
    for a in authors {
        hasher.update([0]);
        hasher.update(a.as_bytes());
    }
    let h = hasher.finalize();
    let mut b = [0u8; 16];
    b.copy_from_slice(&h[..16]);
    b[6] = (b[6] & 0x0f) | 0x50; // version 5-style: name-based
    b[8] = (b[8] & 0x3f) | 0x80; // RFC 4122 variant
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
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
        match self.map.get(key) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Sequence(items)) => {
                let mut out = Vec::new();
                for item in items {
                    match scalar_text(item) {
                        Some(s) if !s.trim().is_empty() => out.push(s.trim().to_owned()),
                        Some(_) => {}
                        None => self.wrong_type(key, "text or a list of text", item),
                    }
                }
                out
            }
            Some(v) => match scalar_text(v) {
                Some(s) if !s.trim().is_empty() => vec![s.trim().to_owned()],
                Some(_) => Vec::new(),
                None => {
                    let v = v.clone();
                    self.wrong_type(key, "text or a list of text", &v);
                    Vec::new()
                }
            },
        }
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
                        self.diags.push(self.src.at_key(d, key));
                    }
                }
            }
        }
        isbn
    }

    fn print(&mut self) -> PrintSettings {
        let mut print = PrintSettings::default();
        let Some(v) = self.map.get("print") else {
            return print;
        };
        let Value::Mapping(m) = v else {
            if !matches!(v, Value::Null) {
                let v = v.clone();
                self.wrong_type("print", "a map of print settings", &v);
            }
            return print;
        };
        for key in yaml::keys(m) {
            if !PRINT_KEYS.contains(&key.as_str()) {
                self.diags
                    .push(super::unknown_key(self.src, &key, PRINT_KEYS));
            }
        }
        let mut sub = Reader {
            src: self.src,
            map: m,
            diags: self.diags,
        };
        print.trim = sub.string("trim");
        print.font_size = sub.points("font-size", 6.0, 36.0);
        print.leading = sub.points("leading", 6.0, 60.0);
        print.justify = match m.get("justify") {
            Some(Value::Bool(b)) => Some(*b),
            None | Some(Value::Null) => None,
            Some(other) => {
                let other = other.clone();
                sub.wrong_type("justify", "true or false", &other);
                None
            }
        };
        print.figures = sub.string("figures");
        if let Some(f) = &print.figures {
            if f != "oldstyle" && f != "lining" {
                let d = Diagnostic::error(format!("`figures: {f}` is not a figure style"))
                    .hint("use `figures: oldstyle` or `figures: lining`");
                sub.diags.push(sub.src.at_key(d, "figures"));
            }
        }
        print.hyphenation_exceptions = sub.string_list("hyphenation-exceptions");
        print.bleed = match m.get("bleed") {
            None | Some(Value::Null) | Some(Value::Bool(false)) => None,
            Some(Value::Bool(true)) => Some(DEFAULT_BLEED),
            Some(_) => sub.points("bleed", 0.0, 36.0),
        };
        print.profile = sub.string("profile");
        if let Some(p) = &print.profile {
            if !PROFILES.contains(&p.as_str()) {
                let d = Diagnostic::error(format!("`profile: {p}` is not a printer profile"))
                    .hint("use `profile: kdp`, `profile: ingramspark` or `profile: generic`");
                sub.diags.push(sub.src.at_key(d, "profile"));
            }
        }
        print.paper = match sub.string("paper").as_deref() {
            None => None,
            Some("white") => Some(PAPER_WHITE),
            Some("cream") => Some(PAPER_CREAM),
            Some(other) => match other.trim_end_matches("in").trim().parse::<f32>() {
                Ok(v) if v > 0.0 && v < 0.05 => Some(v),
                _ => {
                    let d = Diagnostic::error(format!("`paper: {other}` is not a paper"))
                        .hint("use `paper: white`, `paper: cream` or a thickness per page in inches, e.g. `paper: 0.0023`");
                    sub.diags.push(sub.src.at_key(d, "paper"));
                    None
                }
            },
        };
        print.pdfx = sub.string("pdfx");
        if let Some(x) = &print.pdfx {
            if x != "x4" && x != "x1a" {
                let d = Diagnostic::error(format!("`pdfx: {x}` is not a PDF/X level folio writes"))
                    .hint("use `pdfx: x4` (PDF/X-4) or `pdfx: x1a` (PDF/X-1a)");
                sub.diags.push(sub.src.at_key(d, "pdfx"));
            }
        }
        if let Some(margins) = m.get("margins") {
            match margins {
                Value::Mapping(mm) => {
                    for key in yaml::keys(mm) {
                        if !MARGIN_KEYS.contains(&key.as_str()) {
                            sub.diags
                                .push(super::unknown_key(sub.src, &key, MARGIN_KEYS));
                        }
                    }
                    let mut inner = Reader {
                        src: sub.src,
                        map: mm,
                        diags: sub.diags,
                    };
                    for (i, key) in MARGIN_KEYS.iter().enumerate() {
                        print.margins[i] = inner.points(key, 0.0, 300.0);
                    }
                }
                other => {
                    let other = other.clone();
                    sub.wrong_type("margins", "a map (top, bottom, inner, outer)", &other);
                }
            }
        }
        print
    }

    /// A length: a number of points, or a number with a unit (pt, in, mm, cm).
    fn points(&mut self, key: &str, min: f32, max: f32) -> Option<f32> {
        let text = self.string(key)?;
        match parse_length(&text) {
            Some(pt) if (min..=max).contains(&pt) => Some(pt),
            Some(pt) => {
                let d = Diagnostic::error(format!(
                    "`{key}: {text}` is out of range ({pt:.1} pt; expected {min}–{max} pt)"
                ))
                .hint("lengths are points unless a unit is given: `11`, `0.75in`, `18mm`");
                self.diags.push(self.src.at_key(d, key));
                None
            }
            None => {
                let d = Diagnostic::error(format!("`{key}: {text}` is not a length")).hint(
                    "write a number of points or a number with a unit: `11`, `0.75in`, `18mm`",
                );
                self.diags.push(self.src.at_key(d, key));
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_identifier_is_stable_uuid() {
        let a = derived_identifier("T", &["A".into()]);
        assert_eq!(a, derived_identifier("T", &["A".into()]));
        assert_ne!(a, derived_identifier("T", &[]));
        assert_eq!(a.len(), "urn:uuid:".len() + 36);
    }
}
