//! Rendering diagnostics the way rustc does, with codespan-reporting.
//!
//! A diagnostic carries only the one line it points at (not the whole file), so the renderer
//! gives codespan a tiny "file" per diagnostic: that line, numbered as it is in the real file
//! (see [`OneLine`]). A very long line (a minified paragraph, thousands of `>`) is cut to a
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

/// The quoted line as codespan's one and only source: `text` is (part of) line `line` of
/// `name`, and the caret stands at `column` of the real line (the only position asked for).
struct OneLine<'a> {
    name: String,
    line: usize,
    text: &'a str,
    column: usize,
}

impl<'a> Files<'a> for OneLine<'a> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, _: ()) -> Result<&'a str, FilesError> {
        Ok(&self.name)
    }

    fn source(&'a self, _: ()) -> Result<&'a str, FilesError> {
        Ok(self.text)
    }

    fn line_index(&'a self, _: (), _byte_index: usize) -> Result<usize, FilesError> {
        Ok(self.line - 1)
    }

    fn line_range(&'a self, _: (), line_index: usize) -> Result<Range<usize>, FilesError> {
        if line_index + 1 == self.line {
            Ok(0..self.text.len())
        } else {
            Err(FilesError::LineTooLarge {
                given: line_index,
                max: self.line - 1,
            })
        }
    }

    fn column_number(
        &'a self,
        _: (),
        _line_index: usize,
        _byte_index: usize,
    ) -> Result<usize, FilesError> {
        Ok(self.column)
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

/// The part of `line` to show and the byte range to underline, for a 1-based column.
///
/// The underline covers the token that starts at the column (a key, a path, a word), the way
/// rustc underlines a token; a column on punctuation or space underlines one character.
fn window(line: &str, column: usize) -> (String, Range<usize>) {
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
    (shown, start..start + len)
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
    let report = Report::new(level)
        .with_message(printable(&d.message))
        .with_notes(notes);
    let config = config();
    match (&d.location, &d.source_line) {
        (Some(loc), Some(line)) => {
            let column = loc.column.saturating_sub(d.excerpt_from as usize).max(1);
            let (shown, range) = window(line, column);
            let files = OneLine {
                name: printable(&loc.file.display().to_string()),
                line: loc.line.max(1),
                text: &shown,
                column: loc.column,
            };
            let report = report.with_labels(vec![Label::primary((), range)]);
            term::emit(out, &config, &files, &report).map_err(to_io)
        }
        (Some(loc), _) => emit_without_source(out, &config, level, d, loc),
        (None, _) => term::emit(out, &config, &OneLine::empty(), &report).map_err(to_io),
    }
}

impl OneLine<'static> {
    fn empty() -> Self {
        OneLine {
            name: String::new(),
            line: 1,
            text: "",
            column: 1,
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
    for note in hint.iter().chain(more.iter()) {
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
    let or_more = if n >= usize::from(u16::MAX) {
        " or more"
    } else {
        ""
    };
    format!("and {}{or_more} more like this", super::grouped(n))
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
    fn colour_is_off_when_not_a_terminal() {
        // The test harness captures standard error, so it is never a terminal here.
        assert!(!colour_stderr());
    }
}
