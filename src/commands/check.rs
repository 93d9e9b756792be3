//! `folio check`: everything a build checks, without writing an edition, plus the lints.
//!
//! The book is loaded and parsed, every edition is rendered in memory (so a font that will
//! not load or a page size that cannot hold a line is found here as in a build), and the
//! lints run over the loaded book. Findings are printed for people, as JSON lines, or as
//! GitHub Actions annotations; the exit code is 1 if any is an error (or a warning, with
//! `--deny warnings`).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::{editions, plural, Ui, RED_BOLD};
use crate::build::{render_editions, PrintOverrides};
use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::preflight::rules;
use crate::{doc, json, lint, manuscript};

/// What `folio check` is asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    /// The folder holding manuscript/book.yaml.
    pub book_root: PathBuf,
    pub message_format: MessageFormat,
    /// Fail (exit 1) on any warning too.
    pub deny_warnings: bool,
    /// The command line's print settings, over book.yaml's.
    pub print: PrintOverrides,
}

/// How the findings are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageFormat {
    /// For people, on stderr.
    Human,
    /// JSON lines on stdout: one object per diagnostic, then a summary object.
    Json,
    /// GitHub Actions workflow commands on stdout.
    Github,
}

pub fn run(args: &Options, ui: &Ui) -> ExitCode {
    let (diags, title, report) =
        super::bug::catch(|| check_with_report(&args.book_root, &args.print)).unwrap_or_else(
            |bug| {
                let report = Diagnostic::error(bug).hint(super::bug::BUG);
                (Diagnostics(vec![report]), None, None)
            },
        );
    // The preflight report, when the book names a printer: every rule, before the findings.
    let rule_failed = report
        .iter()
        .flatten()
        .any(|r| r.status == rules::Status::Fail);
    if let Some(report) = &report {
        print_report(report, args.message_format, ui);
    }
    let failed = rule_failed || diags.has_errors() || (args.deny_warnings && !diags.is_empty());
    match args.message_format {
        MessageFormat::Human => {
            ui.diagnostics(&diags);
            let errors = diags.errors().count();
            let warnings = diags.0.len() - errors;
            let what = match &title {
                Some(t) => format!("`{t}`"),
                None => args.book_root.display().to_string(),
            };
            if !failed {
                let found = if diags.is_empty() {
                    "no problems found".to_string()
                } else {
                    plural(warnings, "warning")
                };
                ui.status("Checked", &format!("{what}: {found}"));
            } else {
                say!(
                    "{} {what} has {} and {}",
                    ui.paint(RED_BOLD, "error:"),
                    plural(errors, "error"),
                    plural(warnings, "warning")
                );
            }
        }
        MessageFormat::Json => {
            // A closed stdout (`| head -c 1`) stops the printing, not the check.
            let mut out = std::io::stdout().lock();
            let _ = diags
                .0
                .iter()
                .try_for_each(|d| writeln!(out, "{}", json::diagnostic(d)))
                .and_then(|()| {
                    writeln!(out, "{}", json::finished("check-finished", &diags, !failed))
                });
        }
        MessageFormat::Github => {
            let mut out = std::io::stdout().lock();
            let _ = diags
                .0
                .iter()
                .try_for_each(|d| writeln!(out, "{}", annotation(d)));
            let errors = diags.errors().count();
            let warnings = plural(diags.0.len() - errors, "warning");
            if failed {
                ui.error(&format!("{} and {warnings}", plural(errors, "error")));
            } else {
                ui.status("Checked", &warnings);
            }
        }
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The preflight report: one line a rule, for people (stdout) or as JSON lines.
fn print_report(report: &[rules::Rule], format: MessageFormat, ui: &Ui) {
    let mut out = std::io::stdout().lock();
    for r in report {
        let _ = match format {
            MessageFormat::Json => writeln!(
                out,
                "{}",
                json::preflight_rule(r.name, r.status.name(), &r.detail)
            ),
            _ => {
                let status = match r.status {
                    rules::Status::Pass => "pass".to_owned(),
                    rules::Status::Fail => ui.paint(RED_BOLD, "FAIL"),
                    rules::Status::NotChecked => "n/c ".to_owned(),
                };
                writeln!(out, "{status:>4}  {:<26} {}", r.name, r.detail)
            }
        };
    }
}

/// Every finding for the book at `root`, with the command line's print settings over
/// book.yaml's, ordered by file and line, and its title if it loaded. Stages that fail stop
/// the check where they would stop a build.
pub fn check(root: &std::path::Path, print: &PrintOverrides) -> (Diagnostics, Option<String>) {
    let (diags, title, _) = check_with_report(root, print);
    (diags, title)
}

/// [`check`], with the printer's preflight report of the interior PDF when it was written
/// and the book names a printer (`print: profile:` or `--profile`).
pub fn check_with_report(
    root: &std::path::Path,
    print: &PrintOverrides,
) -> (Diagnostics, Option<String>, Option<Vec<rules::Rule>>) {
    let mut book = match manuscript::load_with_fonts(root, &print.font_paths) {
        Ok(book) => book,
        Err(diags) => return (diags, None, None),
    };
    let mut all = print.apply(&mut book.print);
    let title = Some(book.meta.title.clone());
    all.extend(book.warnings.clone());
    let document = match doc::build(&book) {
        Ok(d) => d,
        Err(diags) => {
            all.extend(diags);
            return (sorted(all), title, None);
        }
    };
    all.extend(document.warnings.clone());
    // The images the text names, read and checked as a build does before rendering.
    let images = crate::preflight::check(&mut book, &document);
    // An image that did not load stops a check before rendering: the editions would only
    // report it again, without its place.
    let rendered = !images.has_errors();
    let images_soft = images.0.iter().filter(|d| !d.is_error()).count();
    all.extend(images);
    let mut report = None;
    // Held to the printer's rules as a build is: when the book or the command line names one.
    let preflight = rules::apply_to(&book, print.profile.is_some());
    if rendered {
        let editions = editions(None);
        let editions: Vec<_> = editions.iter().map(Box::as_ref).collect();
        match render_editions(&book, &document, &editions, &|_| {}) {
            Ok((outputs, warnings)) => {
                all.extend(warnings);
                let interior = format!("{}.pdf", book.slug());
                let pdf = outputs.iter().find(|o| o.file_name == interior);
                let cover = format!("{}-cover.pdf", book.slug());
                let cover = outputs.iter().find(|o| o.file_name == cover);
                if let Some(pdf) = pdf.filter(|_| preflight) {
                    let cover = cover.map(|c| c.bytes.as_slice());
                    match rules::report(&book, &pdf.bytes, cover, images_soft) {
                        Ok(r) => report = Some(r),
                        Err(e) => all.push(Diagnostic::error(e).hint(super::bug::BUG)),
                    }
                }
            }
            Err(diags) => all.extend(diags),
        }
    }
    all.extend(lint::lint(&book, &document));
    (sorted(lint::dedup(all)), title, report)
}

/// File by file, line by line; findings about the whole book (no file) first.
fn sorted(mut diags: Diagnostics) -> Diagnostics {
    diags.0.sort_by(|a, b| {
        let key = |d: &Diagnostic| {
            d.location
                .as_ref()
                .map(|l| (l.file.clone(), l.line, l.column))
        };
        key(a).cmp(&key(b))
    });
    diags
}

/// A GitHub Actions workflow command, which the runner shows as an annotation on the file
/// and line (docs: "Workflow commands for GitHub Actions", `::error file=...::message`).
fn annotation(d: &Diagnostic) -> String {
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut props = vec!["title=folio".to_string()];
    if let Some(loc) = &d.location {
        props.insert(
            0,
            format!(
                "file={},line={},col={}",
                escape_property(&loc.file.to_string_lossy().replace('\\', "/")),
                loc.line,
                loc.column
            ),
        );
    }
    let mut message = d.message.clone();
    if let Some(hint) = &d.hint {
        message.push_str(&format!("\nhelp: {hint}"));
    }
    format!("::{level} {}::{}", props.join(","), escape_data(&message))
}

/// The runner's escapes for a message: `%`, CR and LF.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// The runner's escapes for a property value: those of a message, and `:` and `,`.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn annotations_carry_file_line_and_escaped_text() {
        let d = Diagnostic::warning("100% wrong")
            .at(Path::new("manuscript/a,b.md"), None, 3, 7)
            .hint("fix: this");
        assert_eq!(
            annotation(&d),
            "::warning file=manuscript/a%2Cb.md,line=3,col=7,title=folio::100%25 wrong%0Ahelp: fix: this"
        );
        assert_eq!(
            annotation(&Diagnostic::error("e")),
            "::error title=folio::e"
        );
    }

    #[test]
    fn findings_sort_by_place_with_book_wide_ones_first() {
        let diags = Diagnostics(vec![
            Diagnostic::warning("b2").at(Path::new("b.md"), None, 2, 1),
            Diagnostic::warning("a9").at(Path::new("a.md"), None, 9, 1),
            Diagnostic::warning("book"),
            Diagnostic::warning("b1").at(Path::new("b.md"), None, 1, 1),
        ]);
        let order: Vec<_> = sorted(diags).0.into_iter().map(|d| d.message).collect();
        assert_eq!(order, ["book", "a9", "b1", "b2"]);
    }
}
