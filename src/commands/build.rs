//! `folio build`: choose the editions, build them with a progress display, then say in one
//! line what was made (files, sizes, pages, words, time) and open it if asked.

use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::{mpsc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{choose_editions, explain_unavailable, plural, shown, Editions, Ui, RED_BOLD};
use crate::build::{build_with_progress, BuildOptions, BuildReport, PrintOverrides, Step};
use crate::diag::Diagnostics;
use crate::edition::Edition;
use crate::stats;

/// A build that ends sooner than this shows no progress bar: it would only flicker.
const PROGRESS_AFTER: Duration = Duration::from_millis(300);

/// What `folio build` is asked to do.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The folder holding manuscript/book.yaml.
    pub book_root: PathBuf,
    /// The output folder; `<book_root>/dist` when None.
    pub out: Option<PathBuf>,
    pub editions: Editions,
    /// Open each edition written with the system's viewer.
    pub open: bool,
    /// Write nothing if there is any warning.
    pub deny_warnings: bool,
    /// Write the files even if they fail the printer profile's preflight (as warnings).
    pub allow_preflight_failures: bool,
    /// Print settings over book.yaml's.
    pub print: PrintOverrides,
}

pub fn run(args: &Options, ui: &Ui) -> ExitCode {
    let (editions, unavailable) = choose_editions(args.editions, None);
    explain_unavailable(ui, &unavailable);
    if editions.is_empty() {
        ui.note("nothing to build: no edition asked for is available");
        return ExitCode::SUCCESS;
    }
    let opts = BuildOptions {
        root: args.book_root.clone(),
        out_dir: args.out.clone(),
        editions: editions.iter().map(Box::as_ref).collect(),
        deny_warnings: args.deny_warnings,
        allow_preflight_failures: args.allow_preflight_failures,
        print: args.print.clone(),
        cache: None,
    };
    match build_reporting(&opts, ui) {
        Ok(report) => {
            // The editions are written either way; a viewer that cannot be started is
            // still a failure of what was asked, so scripts see it in the exit code.
            let mut opened = true;
            if args.open {
                for (path, _) in &report.written {
                    if let Err(e) = open(path) {
                        opened = false;
                        ui.error(&format!(
                            "cannot open {}: {e} (the system's opener, {}, is needed)",
                            shown(path).display(),
                            OPENER
                        ));
                    }
                }
            }
            if opened {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(_) => ExitCode::from(1),
    }
}

/// Build once and report it: progress while it runs, then the warnings and the summary
/// line, or the errors. `watch` builds through this too.
pub fn build_reporting(opts: &BuildOptions, ui: &Ui) -> Result<BuildReport, Diagnostics> {
    build_reporting_new(opts, ui, None)
}

/// [`build_reporting`], printing only the warnings not in `shown` (which then holds this
/// build's): `watch` does not print the same flood again on every save.
pub fn build_reporting_new(
    opts: &BuildOptions,
    ui: &Ui,
    shown_before: Option<&mut BTreeSet<String>>,
) -> Result<BuildReport, Diagnostics> {
    let display = ProgressDisplay::start(ui, &opts.editions);
    let started = Instant::now();
    let result =
        super::bug::catch(|| build_with_progress(opts, &|step| display.step(step, started)));
    display.finish();
    let result = match result {
        Ok(result) => result,
        Err(bug) => {
            // A half-made build leaves nothing behind: its temporaries are removed as they
            // are dropped, and nothing is renamed into place before every edition is made.
            ui.error(&format!("{bug}\n  = note: {}", super::bug::BUG));
            return Err(Diagnostics::default());
        }
    };
    match result {
        Ok(report) => {
            match shown_before {
                Some(before) => ui.diagnostics(&only_new(&report.warnings, before)),
                None => ui.diagnostics(&report.warnings),
            }
            if let Some(line) = warning_summary(&report.warnings) {
                ui.note(&line);
            }
            for (path, size) in &report.written {
                ui.detail(&format!(
                    "  wrote {} ({})",
                    shown(path).display(),
                    stats::human_size(*size)
                ));
            }
            ui.status("Built", &summary(&report));
            Ok(report)
        }
        Err(diags) => {
            ui.diagnostics(&diags);
            let n = diags.errors().count();
            // A rename that failed after others succeeded has said what it replaced.
            let in_part = diags
                .errors()
                .any(|d| d.message.starts_with(crate::build::REPLACED_IN_PART));
            say!(
                "{} the book has {}{}",
                ui.paint(RED_BOLD, "error:"),
                plural(n, "error"),
                if in_part { "" } else { "; nothing was written" }
            );
            Err(diags)
        }
    }
}

/// The warnings of `all` not in `before`, which becomes the set of all of them. A warning
/// is known by its message and place.
fn only_new(all: &Diagnostics, before: &mut BTreeSet<String>) -> Diagnostics {
    let key = |d: &crate::diag::Diagnostic| {
        let place = d
            .location
            .as_ref()
            .map(|l| format!("{}:{}:{}", l.file.display(), l.line, l.column));
        format!("{}\0{}", d.message, place.unwrap_or_default())
    };
    let now: BTreeSet<String> = all.0.iter().map(key).collect();
    let new = all
        .0
        .iter()
        .filter(|d| !before.contains(&key(d)))
        .cloned()
        .collect();
    *before = now;
    Diagnostics(new)
}

/// "312 warnings in 41 pieces; `folio check` lists them", for a build with warnings.
pub fn warning_summary(warnings: &Diagnostics) -> Option<String> {
    let n = warnings.0.iter().filter(|d| !d.is_error()).count();
    if n == 0 {
        return None;
    }
    // Each kept diagnostic of a flood stands for the ones counted behind it.
    let total: usize = warnings
        .0
        .iter()
        .filter(|d| !d.is_error())
        .map(|d| 1 + usize::from(d.more_like_this))
        .sum();
    let files: BTreeSet<&std::path::Path> = warnings
        .0
        .iter()
        .filter_map(|d| d.location.as_ref().map(|l| l.file.as_path()))
        .collect();
    let all_pieces = files.iter().all(|f| {
        f.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
    });
    let place = match files.len() {
        0 => String::new(),
        k if all_pieces => format!(" in {}", plural(k, "piece")),
        k => format!(" in {}", plural(k, "file")),
    };
    let word = if total == 1 { "warning" } else { "warnings" };
    Some(format!(
        "{} {word}{place}; `folio check` lists them",
        crate::diag::grouped(total)
    ))
}

/// One line: every file with its size (and a PDF's pages), then pieces, words and time.
/// `dist/book.epub (28 KB), dist/book.pdf (212 pages, 108 KB): 7 pieces, 12,345 words in 0.06 s`
pub fn summary(report: &BuildReport) -> String {
    let files: Vec<String> = report
        .written
        .iter()
        .map(|(path, size)| {
            let size = stats::human_size(*size);
            let pages = (path.extension().is_some_and(|e| e == "pdf"))
                .then(|| stats::pdf_pages(path))
                .flatten();
            match pages {
                Some(n) => format!("{} ({}, {size})", shown(path).display(), plural(n, "page")),
                None => format!("{} ({size})", shown(path).display()),
            }
        })
        .collect();
    format!(
        "{}: {}, {} words in {:.2} s",
        files.join(", "),
        plural(report.pieces, "piece"),
        stats::grouped(report.words),
        report.elapsed.as_secs_f64()
    )
}

/// A progress bar on stderr, shown only on a terminal, not under --quiet or --verbose
/// (verbose prints each step instead), and only once a build has run for
/// [`PROGRESS_AFTER`]: a helper thread reveals it then unless the build has finished.
struct ProgressDisplay {
    bar: Option<ProgressBar>,
    /// The editions being rendered now.
    making: Mutex<Vec<String>>,
    verbose: bool,
    done: Option<mpsc::Sender<()>>,
    reveal: Option<thread::JoinHandle<()>>,
}

impl ProgressDisplay {
    fn start(ui: &Ui, editions: &[&dyn Edition]) -> ProgressDisplay {
        let mut display = ProgressDisplay {
            bar: None,
            making: Mutex::new(Vec::new()),
            verbose: ui.verbose,
            done: None,
            reveal: None,
        };
        if ui.quiet || ui.verbose || !ui.terminal || !std::io::stderr().is_terminal() {
            return display;
        }
        // Steps: loading, parsing, one per edition rendered, writing.
        let total = editions.len() as u64 + 2;
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden());
        let template = if ui.colour {
            "{spinner:.green} {msg:24} [{bar:30.green/dim}] {pos}/{len} {elapsed}"
        } else {
            "{spinner} {msg:24} [{bar:30}] {pos}/{len} {elapsed}"
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        let (done, waiting) = mpsc::channel::<()>();
        let revealed = bar.clone();
        display.reveal = Some(thread::spawn(move || {
            if let Err(mpsc::RecvTimeoutError::Timeout) = waiting.recv_timeout(PROGRESS_AFTER) {
                revealed.set_draw_target(ProgressDrawTarget::stderr());
                revealed.enable_steady_tick(Duration::from_millis(100));
            }
        }));
        display.done = Some(done);
        display.bar = Some(bar);
        display
    }

    fn step(&self, step: Step, started: Instant) {
        let what = match step {
            Step::Load => "loading the manuscript".to_string(),
            Step::Parse => "reading the text".to_string(),
            Step::Render(name) => format!("making the {name}"),
            Step::Rendered(name) => format!("made the {name}"),
            Step::Write => "writing".to_string(),
        };
        if self.verbose {
            say!(
                "  {:>6.0} ms  {what}",
                started.elapsed().as_secs_f64() * 1000.0
            );
        }
        let Some(bar) = &self.bar else {
            return;
        };
        // Editions render side by side: name those still being made, not the last event.
        let message = match step {
            Step::Render(name) | Step::Rendered(name) => {
                let mut making = self.making.lock().unwrap_or_else(|e| e.into_inner());
                if matches!(step, Step::Render(_)) {
                    making.push(name.to_string());
                } else {
                    making.retain(|n| n != name);
                }
                format!("making the {}", making.join(" and "))
            }
            _ => what,
        };
        if !matches!(step, Step::Load | Step::Render(_)) {
            bar.inc(1);
        }
        bar.set_message(message);
    }

    fn finish(mut self) {
        if let Some(done) = self.done.take() {
            let _ = done.send(());
        }
        if let Some(reveal) = self.reveal.take() {
            let _ = reveal.join();
        }
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

#[cfg(target_os = "macos")]
const OPENER: &str = "open";
#[cfg(target_os = "windows")]
const OPENER: &str = "cmd /C start";
#[cfg(not(any(target_os = "macos", target_os = "windows")))]
const OPENER: &str = "xdg-open";

/// Hand a file to the system's viewer without waiting for it.
fn open(path: &Path) -> std::io::Result<()> {
    let path: PathBuf = path.to_path_buf();
    let mut cmd = if cfg!(target_os = "windows") {
        let mut c = Command::new("cmd");
        // `start` takes its first quoted argument as a window title: give it an empty one.
        c.args(["/C", "start", ""]);
        c
    } else {
        Command::new(OPENER)
    };
    cmd.arg(&path)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostic;
    use std::path::Path;

    fn warning(message: &str, file: &str) -> Diagnostic {
        Diagnostic::warning(message).at(Path::new(file), None, 3, 1)
    }

    #[test]
    fn the_summary_counts_warnings_and_their_pieces() {
        let mut flood = warning("x `a`", "manuscript/b.md");
        flood.more_like_this = 9;
        let diags = Diagnostics(vec![
            warning("x", "manuscript/a.md"),
            warning("y", "manuscript/a.md"),
            flood,
        ]);
        assert_eq!(
            warning_summary(&diags).as_deref(),
            Some("12 warnings in 2 pieces; `folio check` lists them")
        );
        let diags = Diagnostics(vec![warning("x", "manuscript/book.yaml")]);
        assert_eq!(
            warning_summary(&diags).as_deref(),
            Some("1 warning in 1 file; `folio check` lists them")
        );
        assert_eq!(warning_summary(&Diagnostics::default()), None);
    }

    #[test]
    fn a_rebuild_shows_only_the_warnings_it_did_not_show_last_time() {
        let mut before = BTreeSet::new();
        let first = Diagnostics(vec![warning("x", "m/a.md"), warning("y", "m/a.md")]);
        assert_eq!(only_new(&first, &mut before).0.len(), 2);
        assert!(only_new(&first, &mut before).is_empty());
        let second = Diagnostics(vec![warning("y", "m/a.md"), warning("z", "m/b.md")]);
        let new = only_new(&second, &mut before);
        assert_eq!(new.0.len(), 1);
        assert_eq!(new.0[0].message, "z");
        // A warning fixed and made again is new again.
        assert_eq!(only_new(&first, &mut before).0.len(), 1);
    }
}
