//! Diagnostics: what went wrong in a manuscript, where, and what to do about it.
//!
//! Every problem folio finds in a book is a [`Diagnostic`] carrying the file (relative to the
//! book root), a 1-based line and column, a message saying what is wrong and a hint saying what
//! to do. They are collected, not thrown: a build reports all of them together and stops before
//! writing anything if any is an error. Rendering follows rustc: the offending line is quoted
//! with a caret under the column.

mod alike;
mod render;

pub use alike::Alike;

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Warning,
    Error,
}

/// A place in a manuscript file. Line and column are 1-based; column counts characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    pub location: Option<Location>,
    /// What the user should do about it (boxed: a diagnostic stays small to return).
    pub hint: Option<Box<str>>,
    /// The text of the offending line, when known, for the caret display: of a long line
    /// only an excerpt around the column (a diagnostic never holds a whole minified
    /// paragraph, however many of them there are).
    pub source_line: Option<String>,
    /// Characters of the real line left out before `source_line`'s excerpt.
    pub excerpt_from: u32,
    /// How many more diagnostics of this kind were found but not kept ([`Alike`]), up to
    /// `u16::MAX` ("65,535 or more"): small, so that a diagnostic stays small to return.
    pub more_like_this: u16,
    /// Other places that explain this one ("first defined here"), shown under it.
    pub notes: Notes,
}

/// A diagnostic's notes: boxed, and nothing allocated when there are none (most have none),
/// so that a diagnostic stays small to return.
// A boxed Vec on purpose: one pointer when empty, where a Vec is three.
#[allow(clippy::box_collection)]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Notes(Option<Box<Vec<Note>>>);

impl Notes {
    pub fn push(&mut self, note: Note) {
        self.0.get_or_insert_with(Box::default).push(note);
    }
}

impl std::ops::Deref for Notes {
    type Target = [Note];
    fn deref(&self) -> &[Note] {
        self.0.as_deref().map_or(&[], Vec::as_slice)
    }
}

impl std::ops::DerefMut for Notes {
    fn deref_mut(&mut self) -> &mut [Note] {
        match &mut self.0 {
            Some(notes) => notes.as_mut_slice(),
            None => &mut [],
        }
    }
}

/// A secondary place of a [`Diagnostic`]: where, what is there, and the line's text (an
/// excerpt of a long line, as for the diagnostic itself) when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub location: Location,
    pub message: String,
    pub source_line: Option<String>,
    /// Characters of the real line left out before `source_line`'s excerpt.
    pub excerpt_from: u32,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            location: None,
            hint: None,
            source_line: None,
            excerpt_from: 0,
            more_like_this: 0,
            notes: Notes::default(),
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    /// Attach a location; the line's text is looked up in `source` for the caret display.
    pub fn at(mut self, file: &Path, source: Option<&str>, line: usize, column: usize) -> Self {
        let line = line.max(1);
        let quoted = source.and_then(|s| s.lines().nth(line - 1));
        let (from, excerpt) = quoted.map_or((0, None), |l| {
            let (from, excerpt) = render::excerpt(l, column.max(1));
            (from, Some(excerpt))
        });
        self.source_line = excerpt;
        self.excerpt_from = u32::try_from(from).unwrap_or(u32::MAX);
        self.location = Some(Location {
            file: file.to_path_buf(),
            line,
            column: column.max(1),
        });
        self
    }

    /// Add a note at another place (line and column 1-based; the line's text is looked up in
    /// `source` when given): "first defined here".
    pub fn note_at(
        mut self,
        file: &Path,
        source: Option<&str>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        let line = line.max(1);
        let column = column.max(1);
        let (from, excerpt) = source
            .and_then(|s| s.lines().nth(line - 1))
            .map_or((0, None), |l| {
                let (from, excerpt) = render::excerpt(l, column);
                (from, Some(excerpt))
            });
        self.notes.push(Note {
            location: Location {
                file: file.to_path_buf(),
                line,
                column,
            },
            message: message.into(),
            source_line: excerpt,
            excerpt_from: u32::try_from(from).unwrap_or(u32::MAX),
        });
        self
    }

    /// Attach a file with no particular line (a missing file, an unreadable one).
    pub fn in_file(mut self, file: &Path) -> Self {
        self.location = Some(Location {
            file: file.to_path_buf(),
            line: 1,
            column: 1,
        });
        self
    }

    /// Shift the line by `lines` (a position found in part of a file, e.g. a chapter body
    /// after its front matter), the notes' too; the quoted line text is unaffected.
    pub fn with_line_offset(mut self, lines: usize) -> Self {
        if let Some(loc) = &mut self.location {
            loc.line += lines;
        }
        for note in self.notes.iter_mut() {
            note.location.line += lines;
        }
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into().into_boxed_str());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// The rustc-style rendering without colour (what tests and logs see).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&render::plain(self))
    }
}

/// The outcome of a stage that can report several problems at once.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl From<Diagnostic> for Diagnostics {
    /// A build's problems that are just this one.
    fn from(diagnostic: Diagnostic) -> Diagnostics {
        let mut d = Diagnostics::default();
        d.push(diagnostic);
        d
    }
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.is_error())
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl Diagnostics {
    /// Every error made a warning, saying why it did not stop the build: what
    /// `folio build --allow-preflight-failures` does with the printer's failed rules.
    pub fn as_warnings(self, why: &str) -> Diagnostics {
        Diagnostics(
            self.0
                .into_iter()
                .map(|mut d| {
                    if d.severity == Severity::Error {
                        d.severity = Severity::Warning;
                        d.message.push_str(&format!(" ({why})"));
                    }
                    d
                })
                .collect(),
        )
    }

    /// Every warning made an error: what `--deny warnings` asks for. The hint keeps saying
    /// how to fix the problem; a note says why it stopped the build.
    pub fn deny_warnings(self) -> Diagnostics {
        Diagnostics(
            self.0
                .into_iter()
                .map(|mut d| {
                    if d.severity == Severity::Warning {
                        d.severity = Severity::Error;
                        d.message
                            .push_str(" (a warning, denied by --deny warnings)");
                    }
                    d
                })
                .collect(),
        )
    }
}

/// Print diagnostics to standard error, in colour when it is a terminal and NO_COLOR is unset.
pub fn eprint(diags: &Diagnostics) {
    render::eprint(diags, render::colour_stderr());
}

/// Print diagnostics to standard error, in colour or not as the caller decided.
pub fn eprint_coloured(diags: &Diagnostics, colour: bool) {
    render::eprint(diags, colour);
}

impl std::error::Error for Diagnostics {}

/// "1,234,567": thousands grouped, as a word count reads best.
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// 1-based (line, column) of a byte offset in `text`; column counts characters.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A diagnostic with every part set, for the tests of each way of showing one: the error
/// "unknown key `titel`" at manuscript/book.yaml line 2 (`titel: x`), column 1, with the
/// hint "did you mean `title`?".
#[cfg(test)]
pub(crate) fn titel_typo() -> Diagnostic {
    Diagnostic::error("unknown key `titel`")
        .at(
            Path::new("manuscript/book.yaml"),
            Some("a: 1\ntitel: x\n"),
            2,
            1,
        )
        .hint("did you mean `title`?")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_points_at_the_column() {
        let d = titel_typo();
        let shown = d.to_string();
        assert!(shown.starts_with("error: unknown key `titel`"), "{shown}");
        assert!(shown.contains("--> manuscript/book.yaml:2:1"), "{shown}");
        assert!(shown.contains("2 | titel: x"), "{shown}");
        // The caret underlines the whole key, as rustc underlines a token.
        assert!(shown.contains("  | ^^^^^"), "{shown}");
        assert!(shown.contains("= help: did you mean `title`?"), "{shown}");
    }

    #[test]
    fn line_col_counts_characters_not_bytes() {
        assert_eq!(line_col("ab\n«c»d", 7), (2, 3));
        assert_eq!(line_col("x", 0), (1, 1));
    }
}
