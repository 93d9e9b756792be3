//! Rendering diagnostics the way rustc does, with codespan-reporting.
//!
//! A diagnostic carries only the lines it points at (its own and its notes', not the whole
//! file), so the renderer gives codespan tiny "files" holding just those lines, numbered as
//! they are in the real file (see [`Quoted`]); a note is a secondary label under its line. A very long line (a minified paragraph, thousands of `>`) is cut to a
//! window around the caret so the message stays readable. A diagnostic with a file but no line
//! text (a file that cannot be read at all) gets a plain `--> file:line:column` in the same
//! style, and one with no file just its message and help.
//!
//! Colour is used only when standard error is a terminal and NO_COLOR is unset or empty
//! (<https://no-color.org>); `TERM=dumb` also turns it off.

use std::io::IsTerminal;
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as Level};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::termcolor::{ColorChoice, NoColor, StandardStream, WriteColor};
use codespan_reporting::term::{self, Chars, Config, Styles};

use super::{Diagnostic, Diagnostics, Location, Severity};

/// Characters of a quoted line shown at most; longer lines are cut around the caret.
const MAX_SHOWN_CHARS: usize = 100;
/// Characters kept before the caret when a long line is cut.
const CONTEXT_BEFORE_CARET: usize = 40;

/// The quoted lines as codespan's sources: one "file" per file named, holding only the lines
/// the diagnostic and its notes quote (each maybe an excerpt), numbered as in the real file.
/// Line indices are spaced so that codespan shows a break (`·`) between lines that are not
/// neighbours in the real file and never asks for a line in between.
struct Quoted {
    files: Vec<QuotedFile>,
}

struct QuotedFile {
    name: String,
    /// The quoted lines joined by `\n`.
    source: String,
    lines: Vec<QuotedLine>,
    /// Label starts whose column is known exactly (the diagnostic's own, which may lie past
    /// its line's end): (byte, column).
    exact: Vec<(usize, usize)>,
}

struct QuotedLine {
    /// codespan's index for it (see [`Quoted`]).
    index: usize,
    /// The real 1-based line number.
    number: usize,
    /// Bytes of `source`.
    range: Range<usize>,
    /// Characters of the real line before the shown part.
    from: usize,
}

impl Quoted {
    /// Add a place: the file, line, 1-based column in the real line, and the line's excerpt
    /// with the characters left out before it. Returns the file's id and the byte range to
    /// underline.
    fn add(
        &mut self,
        file: &str,
        line: usize,
        column: usize,
        excerpt: &str,
        excerpt_from: usize,
    ) -> (usize, Range<usize>) {
        let id = match self.files.iter().position(|f| f.name == file) {
            Some(id) => id,
            None => {
                self.files.push(QuotedFile {
                    name: file.to_owned(),
                    source: String::new(),
                    lines: Vec::new(),
                    exact: Vec::new(),
                });
                self.files.len() - 1
            }
        };
        let f = &mut self.files[id];
        let local = column.saturating_sub(excerpt_from).max(1);
        let range = match f.lines.iter().find(|l| l.number == line) {
            // A second label on a line already quoted underlines within its shown part.
            Some(l) => {
                let shown = &f.source[l.range.clone()];
                let at = column.saturating_sub(1 + l.from);
                let start =
                    l.range.start + shown.char_indices().nth(at).map_or(shown.len(), |(b, _)| b);
                let len = f.source[start..l.range.end]
                    .chars()
                    .next()
                    .map_or(0, char::len_utf8);
                start..start + len
            }
            None => {
                let (from, shown, range) = window(excerpt, local);
                if !f.source.is_empty() {
                    f.source.push('\n');
                }
                let start = f.source.len();
                f.source.push_str(&shown);
                f.lines.push(QuotedLine {
                    index: 0,
                    number: line,
                    range: start..f.source.len(),
                    from: excerpt_from + from,
                });
                // Keep the lines in order and their indices spaced (see `Quoted`).
                f.lines.sort_by_key(|l| l.number);
                let mut prev: Option<(usize, usize)> = None;
                for l in &mut f.lines {
                    l.index = match prev {
                        None => 0,
                        Some((number, index)) if l.number == number + 1 => index + 1,
                        Some((_, index)) => index + 3,
                    };
                    prev = Some((l.number, l.index));
                }
                start + range.start..start + range.end
            }
        };
        f.exact.push((range.start, column));
        (id, range)
    }

    fn file(&self, id: usize) -> Result<&QuotedFile, FilesError> {
        self.files.get(id).ok_or(FilesError::FileMissing)
    }

    fn line(&self, id: usize, index: usize) -> Result<&QuotedLine, FilesError> {
        let f = self.file(id)?;
        f.lines
            .iter()
            .find(|l| l.index == index)
            .ok_or(FilesError::LineTooLarge {
                given: index,
                max: f.lines.last().map_or(0, |l| l.index),
            })
    }
}

impl<'a> Files<'a> for Quoted {
    type FileId = usize;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<&'a str, FilesError> {
        Ok(&self.file(id)?.name)
    }

    fn source(&'a self, id: usize) -> Result<&'a str, FilesError> {
        Ok(&self.file(id)?.source)
    }

    fn line_index(&'a self, id: usize, byte_index: usize) -> Result<usize, FilesError> {
        let f = self.file(id)?;
        // A line's end (where its `\n` is) still belongs to it.
        Ok(f.lines
            .iter()
            .find(|l| l.range.start <= byte_index && byte_index <= l.range.end)
            .or(f.lines.first())
            .map_or(0, |l| l.index))
    }

    fn line_number(&'a self, id: usize, line_index: usize) -> Result<usize, FilesError> {
        Ok(self.line(id, line_index)?.number)
    }

    fn line_range(&'a self, id: usize, line_index: usize) -> Result<Range<usize>, FilesError> {
        Ok(self.line(id, line_index)?.range.clone())
    }

    fn column_number(
        &'a self,
        id: usize,
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, FilesError> {
        let f = self.file(id)?;
        if let Some(&(_, column)) = f.exact.iter().find(|(b, _)| *b == byte_index) {
            return Ok(column);
        }
        let l = self.line(id, line_index)?;
        let upto = byte_index.clamp(l.range.start, l.range.end);
        Ok(l.from + f.source[l.range.start..upto].chars().count() + 1)
    }
}

/// The part of `line` that [`window`] would show for a 1-based column, as (characters left
/// out before it, the part): what a diagnostic keeps of its line.
pub(super) fn excerpt(line: &str, column: usize) -> (usize, String) {
    // Counting stops once the line is known to be long: a line of megabytes is not walked
    // to its end for every diagnostic on it.
    if line.chars().nth(MAX_SHOWN_CHARS).is_none() {
        return (0, line.to_owned());
    }
    let from = column
        .saturating_sub(1)
        .saturating_sub(CONTEXT_BEFORE_CARET);
    let shown: String = line.chars().skip(from).take(MAX_SHOWN_CHARS).collect();
    if shown.is_empty() {
        // A column past the line's end: keep its last characters, the caret after them.
        let len = line.chars().count();
        let from = len.saturating_sub(CONTEXT_BEFORE_CARET);
        return (from, line.chars().skip(from).collect());
    }
    (from, shown)
}

/// The characters of `line` left out before the part shown, the part to show, and the byte
/// range to underline in it, for a 1-based column.
///
/// The underline covers the token that starts at the column (a key, a path, a word), the way
/// rustc underlines a token; a column on punctuation or space underlines one character.
fn window(line: &str, column: usize) -> (usize, String, Range<usize>) {
    let chars: Vec<char> = printable(line).chars().collect();
    let caret = column.saturating_sub(1).min(chars.len());
    let (from, to) = if chars.len() <= MAX_SHOWN_CHARS {
        (0, chars.len())
    } else {
        let from = caret.saturating_sub(CONTEXT_BEFORE_CARET);
        (from, (from + MAX_SHOWN_CHARS).min(chars.len()))
    };
    let shown: String = chars[from..to].iter().collect();
    let token_char = |c: &char| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | '\\');
    let start = chars[from..caret]
        .iter()
        .map(|c| c.len_utf8())
        .sum::<usize>();
    let mut len = chars[caret..to]
        .iter()
        .take_while(|c| token_char(c))
        .map(|c| c.len_utf8())
        .sum::<usize>();
    if len == 0 {
        len = chars.get(caret).map_or(0, |c| c.len_utf8());
    }
    (from, shown, start..start + len)
}

/// Text from a manuscript made safe to print: control characters (an escape sequence could
/// recolour or retitle the user's terminal) become U+FFFD, one for one so columns still line
/// up. Tabs stay; codespan expands them.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\t' {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect()
}

fn config() -> Config {
    Config {
        chars: Chars::ascii(),
        ..Config::default()
    }
}

/// Render one diagnostic to `out` (colour decided by the writer).
pub fn emit(out: &mut dyn WriteColor, d: &Diagnostic) -> std::io::Result<()> {
    let level = match d.severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
    };
    let mut notes: Vec<String> = d
        .hint
        .iter()
        .map(|h| format!("help: {}", printable(h)))
        .collect();
    if d.more_like_this > 0 {
        notes.push(more_like_this(d.more_like_this as usize));
    }
    // Notes with a quoted line become secondary labels; the others say where in words.
    let quoted_notes = |with_line: bool| {
        d.notes
            .iter()
            .filter(move |n| n.source_line.is_some() == with_line)
    };
    notes.extend(quoted_notes(false).map(|n| {
        format!(
            "note: {} ({}:{}:{})",
            printable(&n.message),
            printable(&n.location.file.display().to_string()),
            n.location.line,
            n.location.column
        )
    }));
    let report = Report::new(level)
        .with_message(printable(&d.message))
        .with_notes(notes);
    let config = config();
    match (&d.location, &d.source_line) {
        (Some(loc), Some(line)) => {
            let mut files = Quoted { files: Vec::new() };
            let (id, range) = files.add(
                &printable(&loc.file.display().to_string()),
                loc.line.max(1),
                loc.column,
                line,
                d.excerpt_from as usize,
            );
            let mut labels = vec![Label::primary(id, range)];
            for n in quoted_notes(true) {
                let text = n.source_line.as_deref().unwrap_or_default();
                let (id, range) = files.add(
                    &printable(&n.location.file.display().to_string()),
                    n.location.line.max(1),
                    n.location.column,
                    text,
                    n.excerpt_from as usize,
                );
                labels.push(Label::secondary(id, range).with_message(printable(&n.message)));
            }
            term::emit(out, &config, &files, &report.with_labels(labels)).map_err(to_io)
        }
        (Some(loc), _) => emit_without_source(out, &config, level, d, loc),
        (None, _) => {
            term::emit(out, &config, &Quoted { files: Vec::new() }, &report).map_err(to_io)
        }
    }
}

/// `error: message`, `--> file:line:column`, `= help: ...`: for a place with no line to quote.
fn emit_without_source(
    out: &mut dyn WriteColor,
    config: &Config,
    level: Level,
    d: &Diagnostic,
    loc: &Location,
) -> std::io::Result<()> {
    let styles: &Styles = &config.styles;
    let (label, style) = match level {
        Level::Error => ("error", &styles.header_error),
        _ => ("warning", &styles.header_warning),
    };
    out.set_color(style)?;
    write!(out, "{label}")?;
    out.set_color(&styles.header_message)?;
    writeln!(out, ": {}", printable(&d.message))?;
    out.reset()?;
    out.set_color(&styles.source_border)?;
    write!(out, "  --> ")?;
    out.reset()?;
    let file = printable(&loc.file.display().to_string());
    writeln!(out, "{file}:{}:{}", loc.line, loc.column)?;
    let more = (d.more_like_this > 0).then(|| more_like_this(d.more_like_this as usize));
    let hint = d.hint.as_ref().map(|h| format!("help: {}", printable(h)));
    let places = d.notes.iter().map(|n| {
        format!(
            "note: {} ({}:{}:{})",
            printable(&n.message),
            printable(&n.location.file.display().to_string()),
            n.location.line,
            n.location.column
        )
    });
    for note in hint.into_iter().chain(more).chain(places) {
        out.set_color(&styles.note_bullet)?;
        write!(out, "  = ")?;
        out.reset()?;
        writeln!(out, "{note}")?;
    }
    // codespan ends each report with a blank line; do the same.
    writeln!(out)
}

/// The note on the last kept diagnostic of a flood of alike ones.
fn more_like_this(n: usize) -> String {
    // The count saturates at u16::MAX (`Diagnostic::more_like_this`).
    if n >= usize::from(u16::MAX) {
        format!("and {} or more like this", super::grouped(n))
    } else {
        format!("and {} more like this", super::grouped(n))
    }
}

fn to_io(e: FilesError) -> std::io::Error {
    match e {
        FilesError::Io(e) => e,
        other => std::io::Error::other(other.to_string()),
    }
}

/// The rendering with no colour codes.
pub fn plain(d: &Diagnostic) -> String {
    let mut out = NoColor::new(Vec::new());
    // Writing to memory cannot fail, and the file lookups above cannot either.
    let _ = emit(&mut out, d);
    String::from_utf8_lossy(&out.into_inner()).into_owned()
}

/// Whether to colour standard error: a terminal, NO_COLOR unset or empty, TERM not `dumb`.
pub fn colour_stderr() -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
    std::io::stderr().is_terminal() && !no_color && !dumb
}

pub fn eprint(diags: &Diagnostics, colour: bool) {
    let choice = if colour {
        ColorChoice::Always
    } else {
        ColorChoice::Never
    };
    let stream = StandardStream::stderr(choice);
    let mut lock = stream.lock();
    // A closed stderr stops the printing (see commands::write_stderr), not the build.
    let _ = diags.0.iter().try_for_each(|d| emit(&mut lock, d));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn a_long_line_is_cut_around_the_caret_and_keeps_its_column() {
        let line = ">".repeat(5000) + " x";
        let text = format!("# T\n\n{line}\n");
        let d = Diagnostic::error("too deep").at(Path::new("m/a.md"), Some(&text), 3, 4000);
        let shown = plain(&d);
        assert!(shown.contains("--> m/a.md:3:4000"), "{shown}");
        let quoted = shown.lines().find(|l| l.starts_with("3 |")).unwrap();
        assert!(quoted.chars().count() < MAX_SHOWN_CHARS + 10, "{quoted}");
        let caret = shown.lines().find(|l| l.contains('^')).unwrap();
        assert_eq!(caret.find('^'), Some("3 | ".len() + CONTEXT_BEFORE_CARET));
    }

    #[test]
    fn a_file_without_a_quoted_line_still_shows_where() {
        let d = Diagnostic::error("`m/a.md` is not valid UTF-8")
            .in_file(Path::new("m/a.md"))
            .hint("save it as UTF-8");
        assert_eq!(
            plain(&d),
            "error: `m/a.md` is not valid UTF-8\n  --> m/a.md:1:1\n  = help: save it as UTF-8\n\n"
        );
    }

    #[test]
    fn a_message_without_a_place_has_its_help() {
        let d = Diagnostic::warning("something").hint("do this");
        let shown = plain(&d);
        assert!(shown.starts_with("warning: something\n"), "{shown}");
        assert!(shown.contains("= help: do this"), "{shown}");
    }

    #[test]
    fn multibyte_text_before_the_caret_is_counted_in_characters() {
        let d = Diagnostic::error("x").at(Path::new("a.md"), Some("«é» bad"), 1, 5);
        let shown = plain(&d);
        assert!(shown.contains("a.md:1:5"), "{shown}");
        assert!(shown.contains("  |     ^^^"), "{shown}");
    }

    #[test]
    fn terminal_escapes_in_a_manuscript_are_not_printed() {
        let line = "key\u{1b}]0;pwned\u{7}: x";
        let d = Diagnostic::error("unknown key `key\u{1b}[31m`")
            .at(Path::new("a\u{1b}.md"), Some(line), 1, 1)
            .hint("\u{1b}[2J");
        let shown = plain(&d);
        assert!(
            !shown.contains('\u{1b}') && !shown.contains('\u{7}'),
            "{shown:?}"
        );
        assert!(
            shown.contains("1 | key\u{fffd}]0;pwned\u{fffd}: x"),
            "{shown}"
        );
    }

    #[test]
    fn nonsense_positions_do_not_panic() {
        let mut d = Diagnostic::error("x").at(Path::new("a.md"), Some("ab"), 1, 1);
        for (line, column) in [(0, 0), (1, 0), (1, 99), (usize::MAX, usize::MAX)] {
            d.location.as_mut().unwrap().line = line;
            d.location.as_mut().unwrap().column = column;
            let _ = plain(&d);
        }
        d.source_line = Some(String::new());
        let _ = plain(&d);
    }

    #[test]
    fn a_note_is_a_secondary_label_under_its_own_line() {
        let text = "title: A\nprint:\n  trim: 6x9in\n  font-size: 11pt\n  trim: 5x8in\n";
        let file = Path::new("manuscript/book.yaml");
        let d = Diagnostic::error("`trim` is written twice")
            .at(file, Some(text), 5, 3)
            .note_at(file, Some(text), 3, 3, "first written here")
            .hint("keep one of the two");
        let shown = plain(&d);
        // The place is the diagnostic's; the note's line comes first, as in the file, with
        // a break between lines that are not neighbours.
        assert!(shown.contains("--> manuscript/book.yaml:5:3\n"), "{shown}");
        let first = shown.find("3 |   trim: 6x9in").expect(&shown);
        let second = shown.find("5 |   trim: 5x8in").expect(&shown);
        assert!(first < second, "{shown}");
        assert!(shown.contains("  |   ---- first written here"), "{shown}");
        assert!(shown.contains("  |   ^^^^"), "{shown}");
        assert!(shown.contains("  = help: keep one of the two"), "{shown}");
        // Neighbouring lines are shown without a break.
        let d = Diagnostic::error("x").at(file, Some(text), 4, 3).note_at(
            file,
            Some(text),
            3,
            3,
            "here",
        );
        let shown = plain(&d);
        assert!(
            shown.contains("3 |   trim: 6x9in\n  |   ---- here\n4 |   font-size: 11pt"),
            "{shown}"
        );
        // A note on the diagnostic's own line underlines there too.
        let d = Diagnostic::error("x").at(file, Some(text), 3, 9).note_at(
            file,
            Some(text),
            3,
            3,
            "the key",
        );
        let shown = plain(&d);
        assert_eq!(shown.matches("3 |").count(), 1, "{shown}");
        assert!(shown.contains("--> manuscript/book.yaml:3:9"), "{shown}");
        assert!(shown.contains("the key"), "{shown}");
    }

    #[test]
    fn a_note_in_another_file_or_without_its_line_is_still_placed() {
        let d = Diagnostic::warning("twice")
            .at(Path::new("m/b.md"), Some("one\ntwo\n"), 2, 1)
            .note_at(Path::new("m/a.md"), Some("x\n"), 1, 1, "first here");
        let shown = plain(&d);
        assert!(shown.contains("--> m/b.md:2:1"), "{shown}");
        assert!(shown.contains("m/a.md:1:1"), "{shown}");
        assert!(shown.contains("first here"), "{shown}");
        let d = Diagnostic::warning("twice")
            .in_file(Path::new("m/b.md"))
            .note_at(Path::new("m/a.md"), None, 4, 2, "first here");
        assert_eq!(
            plain(&d),
            "warning: twice\n  --> m/b.md:1:1\n  = note: first here (m/a.md:4:2)\n\n"
        );
        // Nonsense places do not panic either.
        let d = Diagnostic::warning("x")
            .at(Path::new("a"), Some("ab"), 1, 99)
            .note_at(Path::new("a"), Some("ab"), 1, 99, "n")
            .note_at(Path::new("a"), Some("ab"), 0, 0, "m");
        let _ = plain(&d);
    }

    #[test]
    fn colour_is_off_when_not_a_terminal() {
        // The test harness captures standard error, so it is never a terminal here.
        assert!(!colour_stderr());
    }
}
