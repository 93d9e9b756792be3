//! The subcommands' work, one file each, and what they share: how loudly and in which
//! colours to speak ([`Ui`]), and which editions folio can make ([`editions`]).

/// `eprintln!` that does not panic: a line for the person on stderr, dropped if stderr is
/// closed (see [`write_stderr`]).
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::commands::write_stderr(format_args!($($arg)*))
    };
}

pub mod bug;
pub mod build;
pub mod check;
pub mod new;
pub mod watch;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anstyle::{AnsiColor, Style};

use crate::build::BuildCache;
use crate::diag::Diagnostics;
use crate::edition::Edition;

/// Writes a line to stderr. A closed stderr (`folio build 2>&1 | head -1`: the reader has
/// gone) is no failure of the build, which goes on and keeps its exit code; the line is
/// dropped, as cargo and ripgrep do, where `eprintln!` would panic.
pub fn write_stderr(line: std::fmt::Arguments) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// How folio talks to the person at the terminal (on stderr; stdout is for data: JSON
/// diagnostics, completions, the man page).
pub struct Ui {
    pub quiet: bool,
    pub verbose: bool,
    /// Colour and progress bars only on a terminal, and colour never under NO_COLOR.
    pub colour: bool,
    pub terminal: bool,
}

impl Ui {
    /// `quiet`: only diagnostics; `verbose`: every step and file too.
    pub fn new(quiet: bool, verbose: bool) -> Ui {
        let terminal = std::io::stderr().is_terminal();
        Ui {
            quiet,
            verbose,
            colour: terminal && colour_allowed(std::env::var_os("NO_COLOR").as_deref()),
            terminal,
        }
    }

    /// A line like cargo's: a bold, coloured verb, then what happened. Not under --quiet.
    pub fn status(&self, verb: &str, text: &str) {
        if !self.quiet {
            say!("{} {text}", self.paint(GREEN_BOLD, verb));
        }
    }

    /// A detail shown only with --verbose.
    pub fn detail(&self, text: &str) {
        if self.verbose {
            say!("{}", self.paint(DIM, text));
        }
    }

    /// Something the user should know that is not a diagnostic of the book.
    pub fn note(&self, text: &str) {
        if !self.quiet {
            say!("{} {text}", self.paint(CYAN_BOLD, "note:"));
        }
    }

    /// A failure of folio's own work (not of the book): always shown.
    pub fn error(&self, text: &str) {
        say!("{} {text}", self.paint(RED_BOLD, "error:"));
    }

    /// Diagnostics as diag.rs renders them; always shown, even under --quiet, since each
    /// asks for something to be done.
    pub fn diagnostics(&self, diags: &Diagnostics) {
        crate::diag::eprint_coloured(diags, self.colour);
    }

    pub fn paint(&self, style: Style, text: &str) -> String {
        if self.colour {
            format!("{style}{text}{style:#}")
        } else {
            text.to_string()
        }
    }
}

pub const GREEN_BOLD: Style = AnsiColor::Green.on_default().bold();
pub const RED_BOLD: Style = AnsiColor::Red.on_default().bold();
pub const YELLOW_BOLD: Style = AnsiColor::Yellow.on_default().bold();
pub const CYAN_BOLD: Style = AnsiColor::Cyan.on_default().bold();
pub const DIM: Style = Style::new().dimmed();

/// NO_COLOR (no-color.org): any non-empty value turns colour off.
fn colour_allowed(no_color: Option<&std::ffi::OsStr>) -> bool {
    no_color.is_none_or(|v| v.is_empty())
}

/// Every edition folio can make, in the order they are listed and built; with `cache` (that
/// of `folio watch`), those that keep something for the next build keep it there.
pub fn editions(cache: Option<&BuildCache>) -> Vec<Box<dyn Edition>> {
    let pdf = match cache {
        Some(cache) => crate::pdf::PdfEdition::with_memo(cache.pdf.clone()),
        None => crate::pdf::PdfEdition::new(),
    };
    vec![
        Box::new(crate::epub::EpubEdition),
        Box::new(pdf),
        Box::new(crate::cover::CoverEdition),
    ]
}

/// Which editions to make; none named means the editions of the text (see
/// [`choose_editions`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Editions {
    pub epub: bool,
    pub pdf: bool,
    pub cover: bool,
}

/// The editions the flags choose, and the names asked for that this folio cannot make.
/// With no flag: the two editions of the text, EPUB and PDF. The cover wrap is for the
/// printer, made when asked for; `--cover` adds it to the editions named, or to the two of
/// the text when it is the only flag: a wrap is sized from the typeset interior and is never
/// sent to a printer without it, so `folio build --cover` makes what a printer takes.
pub fn choose_editions(
    choice: Editions,
    cache: Option<&BuildCache>,
) -> (Vec<Box<dyn Edition>>, Vec<&'static str>) {
    let asked: Vec<&'static str> = [
        (choice.epub, "epub"),
        (choice.pdf, "pdf"),
        (choice.cover, "cover"),
    ]
    .into_iter()
    .filter_map(|(on, name)| on.then_some(name))
    .collect();
    let all = editions(cache);
    let asked = if asked == ["cover"] {
        vec!["epub", "pdf", "cover"]
    } else {
        asked
    };
    if asked.is_empty() {
        let text_editions = all.into_iter().filter(|e| e.name() != "cover").collect();
        return (text_editions, Vec::new());
    }
    let unavailable = asked
        .iter()
        .copied()
        .filter(|name| !all.iter().any(|e| e.name() == *name))
        .collect();
    let chosen = all
        .into_iter()
        .filter(|e| asked.contains(&e.name()))
        .collect();
    (chosen, unavailable)
}

/// Say, once, that an edition asked for does not exist yet (not an error: a release
/// workflow that asks for `--cover` today keeps working when it arrives).
pub fn explain_unavailable(ui: &Ui, unavailable: &[&str]) {
    for name in unavailable {
        ui.note(&format!(
            "the {name} edition is not available in this folio"
        ));
    }
}

/// A path as the user would like to read it: relative to the current folder when inside it.
pub fn shown(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| {
            let cwd = cwd.canonicalize().unwrap_or(cwd);
            path.strip_prefix(&cwd).ok().map(Path::to_path_buf)
        })
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| path.to_path_buf())
}

/// "1 error" / "2 errors".
pub fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_with_any_value_turns_colour_off() {
        assert!(colour_allowed(None));
        assert!(colour_allowed(Some(std::ffi::OsStr::new(""))));
        assert!(!colour_allowed(Some(std::ffi::OsStr::new("1"))));
    }

    #[test]
    fn an_edition_folio_lacks_is_reported_and_the_rest_is_chosen() {
        let choice = Editions {
            pdf: true,
            cover: true,
            ..Default::default()
        };
        let (chosen, unavailable) = choose_editions(choice, None);
        let names: Vec<_> = chosen.iter().map(|e| e.name()).collect();
        let has_cover = editions(None).iter().any(|e| e.name() == "cover");
        if has_cover {
            assert_eq!(names, ["pdf", "cover"]);
            assert!(unavailable.is_empty());
        } else {
            assert_eq!(names, ["pdf"]);
            assert_eq!(unavailable, ["cover"]);
        }
        let (default, none) = choose_editions(Editions::default(), None);
        let names: Vec<_> = default.iter().map(|e| e.name()).collect();
        assert_eq!(
            names,
            ["epub", "pdf"],
            "the cover wrap is made when asked for"
        );
        assert!(none.is_empty());
        // `--cover` alone adds the wrap to the editions of the text.
        let cover_alone = Editions {
            cover: true,
            ..Default::default()
        };
        let (chosen, _) = choose_editions(cover_alone, None);
        let names: Vec<_> = chosen.iter().map(|e| e.name()).collect();
        assert_eq!(names, ["epub", "pdf", "cover"]);
        // Named editions are made as named.
        let epub_and_cover = Editions {
            epub: true,
            cover: true,
            ..Default::default()
        };
        let (chosen, _) = choose_editions(epub_and_cover, None);
        let names: Vec<_> = chosen.iter().map(|e| e.name()).collect();
        assert_eq!(names, ["epub", "cover"]);
    }
}
