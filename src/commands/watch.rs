//! `folio watch`: build, then rebuild on every change to what a build reads.
//!
//! Method: notify reports file system events from `manuscript/`, `covers/` and `fonts/`
//! (recursively), from the book root itself (not recursively: to see those folders appear
//! or be replaced, and a root-level file the book names), and from the folders of any other
//! file the book names (a cover or image elsewhere). An event counts only if it is a change
//! (not a read) to one of those inputs; the output folder, hidden files and editors' backup
//! files never count, so a build's own writes cannot start another build. The first event
//! opens a batch that closes once no event has come for the debounce time (or after
//! [`MAX_BATCH`] of steady changes); one build follows per batch. The watched set is
//! reviewed after each build, as the book may now name other files. A failed build prints
//! its errors and the watch goes on; the previous editions stay as they were.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, EventKind};
use notify::{Event, RecommendedWatcher, RecursiveMode, Watcher};

use super::build::build_reporting_new;
use super::{choose_editions, explain_unavailable, shown, Editions, Ui, CYAN_BOLD, DIM};
use crate::build::{BuildCache, BuildOptions};

/// However busy the folder, build at least this often while changes keep coming.
const MAX_BATCH: Duration = Duration::from_secs(2);

/// The folders whose whole contents are the book's input.
const INPUT_DIRS: [&str; 3] = ["manuscript", "covers", "fonts"];

/// What `folio watch` is asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    /// The folder holding manuscript/book.yaml.
    pub book_root: PathBuf,
    /// The output folder; `<book_root>/dist` when None.
    pub out: Option<PathBuf>,
    pub editions: Editions,
    /// How long to wait after the last change before building.
    pub debounce: Duration,
    /// The command line's print settings, over book.yaml's.
    pub print: crate::build::PrintOverrides,
}

pub fn run(args: &Options, ui: &Ui) -> ExitCode {
    let root = match args.book_root.canonicalize() {
        Ok(r) if r.is_dir() => r,
        _ => {
            ui.error(&format!(
                "cannot watch `{}`: no such folder",
                args.book_root.display()
            ));
            return ExitCode::from(1);
        }
    };
    let cache = BuildCache::new();
    let (editions, unavailable) = choose_editions(args.editions, Some(&cache));
    explain_unavailable(ui, &unavailable);
    if editions.is_empty() {
        ui.note("nothing to build: no edition asked for is available");
        return ExitCode::SUCCESS;
    }
    let out_dir = match &args.out {
        Some(out) => absolute(out),
        None => root.join("dist"),
    };
    let opts = BuildOptions {
        root: root.clone(),
        out_dir: Some(out_dir.clone()),
        editions: editions.iter().map(Box::as_ref).collect(),
        // Watching keeps the editions up to date while writing: warnings never stop it.
        deny_warnings: false,
        // Nor the printer's preflight: a draft is short of the printer's page count until it
        // is written; its failed rules are shown as warnings. `folio build` refuses them.
        allow_preflight_failures: true,
        print: args.print.clone(),
        // Unchanged pieces are not set again: see TypesetCache.
        cache: Some(&cache),
    };
    let (tx, events) = mpsc::channel();
    let mut watcher = match notify::recommended_watcher(tx) {
        Ok(w) => w,
        Err(e) => {
            ui.error(&format!("cannot watch for changes: {e}"));
            return ExitCode::from(1);
        }
    };
    let mut inputs = Inputs::new(root, out_dir);
    // Watch before the first build too, so an edit made while it runs is not missed.
    inputs.update(cache.named_files(), &mut watcher, ui);
    // The warnings already printed: a rebuild prints the new ones and the summary line.
    let mut shown_warnings = BTreeSet::new();
    let _ = build_reporting_new(&opts, ui, Some(&mut shown_warnings));
    inputs.update(cache.named_files(), &mut watcher, ui);
    ui.status(
        "Watching",
        &format!(
            "{} for changes (Ctrl-C to stop)",
            shown(&inputs.root).display()
        ),
    );
    let debounce = args.debounce;
    loop {
        let Some(changed) = next_batch(&events, &inputs, debounce) else {
            ui.error("the file watcher stopped");
            return ExitCode::from(1);
        };
        let names: Vec<String> = changed
            .iter()
            .map(|p| {
                p.strip_prefix(&inputs.root)
                    .unwrap_or(p)
                    .display()
                    .to_string()
            })
            .collect();
        let shown_names = match names.len() {
            0..=3 => names.join(", "),
            n => format!("{} and {} more", names[..3].join(", "), n - 3),
        };
        if !ui.quiet {
            say!("");
            say!("{} {shown_names}", ui.paint(CYAN_BOLD, "Changed"));
        }
        let _ = build_reporting_new(&opts, ui, Some(&mut shown_warnings));
        report_reuse(&cache, ui);
        inputs.update(cache.named_files(), &mut watcher, ui);
        ui.detail(&format!("  watching {} folders", inputs.watched.len()));
        if !ui.quiet {
            say!("{}", ui.paint(DIM, "waiting for changes..."));
        }
    }
}

/// Under -v: what the build took from the last one and what it made again.
fn report_reuse(cache: &BuildCache, ui: &Ui) {
    let typeset = cache.typeset.stats();
    let pdf = cache.pdf.stats();
    ui.detail(&format!(
        "  typeset in {} ms (pieces: {} set, {} kept; images: {} decoded, {} kept; \
         page streams: {} deflated, {} kept)",
        typeset.elapsed.as_millis(),
        typeset.pieces_set,
        typeset.pieces_reused,
        typeset.images_decoded,
        typeset.images_reused,
        pdf.deflated,
        pdf.reused
    ));
}

/// Wait for a change to an input, then gather the batch it opens. `None` when the watcher
/// has gone (its channel closed), which only happens if it failed.
fn next_batch(
    events: &Receiver<notify::Result<Event>>,
    inputs: &Inputs,
    debounce: Duration,
) -> Option<BTreeSet<PathBuf>> {
    let mut changed = BTreeSet::new();
    // Block until the first relevant event.
    while changed.is_empty() {
        let event = events.recv().ok()?;
        changed.extend(inputs.relevant(&event));
    }
    let opened = Instant::now();
    loop {
        let left = MAX_BATCH.saturating_sub(opened.elapsed());
        if left.is_zero() {
            return Some(changed);
        }
        match events.recv_timeout(debounce.min(left)) {
            Ok(event) => changed.extend(inputs.relevant(&event)),
            Err(RecvTimeoutError::Timeout) => return Some(changed),
            Err(RecvTimeoutError::Disconnected) => return None,
        }
    }
}

/// What the book reads, and what is being watched to see it change.
struct Inputs {
    root: PathBuf,
    out_dir: PathBuf,
    /// Files outside the input folders that the book names (a cover, images).
    named: BTreeSet<PathBuf>,
    /// Folders being watched, with how.
    watched: Vec<(PathBuf, RecursiveMode)>,
}

impl Inputs {
    fn new(root: PathBuf, out_dir: PathBuf) -> Inputs {
        Inputs {
            root,
            out_dir,
            named: BTreeSet::new(),
            watched: Vec::new(),
        }
    }

    /// The paths of an event that are changes to the book's input.
    fn relevant(&self, event: &notify::Result<Event>) -> Vec<PathBuf> {
        let Ok(event) = event else {
            return Vec::new();
        };
        let is_change = match event.kind {
            EventKind::Create(_) | EventKind::Remove(_) | EventKind::Modify(_) => true,
            // A file closed after writing: some editors' only sign of a save.
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
            // Reads (the build's own among them) change nothing.
            EventKind::Access(_) => false,
            EventKind::Any | EventKind::Other => true,
        };
        if !is_change {
            return Vec::new();
        }
        event
            .paths
            .iter()
            .filter(|p| self.is_input(p))
            .cloned()
            .collect()
    }

    fn is_input(&self, path: &Path) -> bool {
        if path.starts_with(&self.out_dir) || is_scratch(path) {
            return false;
        }
        let Ok(rel) = path.strip_prefix(&self.root) else {
            return false;
        };
        let first = rel.components().next().map(|c| c.as_os_str());
        INPUT_DIRS
            .iter()
            .any(|d| first == Some(std::ffi::OsStr::new(d)))
            || self.named.contains(path)
    }

    /// Watch what the book now reads: the input folders that exist, the root, and the
    /// folders of `named` files outside them (as the last build found them). Folders that vanished are dropped (their
    /// watch went with them) and come back when they reappear.
    fn update(&mut self, named: BTreeSet<PathBuf>, watcher: &mut RecommendedWatcher, ui: &Ui) {
        self.named = named;
        let mut wanted: Vec<(PathBuf, RecursiveMode)> =
            vec![(self.root.clone(), RecursiveMode::NonRecursive)];
        for dir in INPUT_DIRS {
            let path = self.root.join(dir);
            if path.is_dir() {
                wanted.push((path, RecursiveMode::Recursive));
            }
        }
        for file in &self.named {
            if let Some(parent) = file.parent() {
                let covered = wanted.iter().any(|(w, mode)| {
                    w == parent || (*mode == RecursiveMode::Recursive && parent.starts_with(w))
                });
                if !covered && parent.is_dir() {
                    wanted.push((parent.to_path_buf(), RecursiveMode::NonRecursive));
                }
            }
        }
        for (path, _) in &self.watched {
            if !wanted.iter().any(|(w, _)| w == path) {
                let _ = watcher.unwatch(path);
            }
        }
        let mut now = Vec::new();
        for (path, mode) in wanted {
            // Watch again even what is watched already: a folder replaced since (a git
            // checkout) needs a fresh watch, and where nothing changed it is harmless.
            match watcher.watch(&path, mode) {
                Ok(()) => now.push((path, mode)),
                Err(e) => ui.detail(&format!("  cannot watch {}: {e}", path.display())),
            }
        }
        self.watched = now;
    }
}

/// Hidden files, editors' backups and swap files, and folio's own temporary files.
fn is_scratch(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
        // vim's probe that a folder is writable
        || name == "4913"
}

fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        return path.to_path_buf();
    }
    let joined = std::env::current_dir()
        .map(|cwd| cwd.join(path))
        .unwrap_or_else(|_| path.to_path_buf());
    // The output folder may not exist yet; canonicalise what does, so it compares with
    // the canonical paths events carry.
    joined.canonicalize().unwrap_or(joined)
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, DataChange, ModifyKind};

    fn inputs() -> Inputs {
        let mut i = Inputs::new("/book".into(), "/book/dist".into());
        i.named.insert("/book/art/cover.png".into());
        i
    }

    fn event(kind: EventKind, path: &str) -> notify::Result<Event> {
        Ok(Event::new(kind).add_path(path.into()))
    }

    #[test]
    fn changes_to_inputs_count_and_the_builds_own_files_do_not() {
        let i = inputs();
        let modify = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        let create = EventKind::Create(CreateKind::File);
        assert_eq!(i.relevant(&event(modify, "/book/manuscript/a.md")).len(), 1);
        assert_eq!(i.relevant(&event(create, "/book/fonts/X.ttf")).len(), 1);
        assert_eq!(i.relevant(&event(modify, "/book/art/cover.png")).len(), 1);
        assert!(i
            .relevant(&event(modify, "/book/dist/book.epub"))
            .is_empty());
        assert!(i
            .relevant(&event(create, "/book/dist/.book.epub.1.tmp"))
            .is_empty());
        assert!(i.relevant(&event(modify, "/book/notes.txt")).is_empty());
        assert!(i
            .relevant(&event(modify, "/book/manuscript/.a.md.swp"))
            .is_empty());
        let read = EventKind::Access(AccessKind::Open(notify::event::AccessMode::Read));
        assert!(i.relevant(&event(read, "/book/manuscript/a.md")).is_empty());
    }

    #[test]
    fn an_output_folder_inside_the_manuscript_is_still_ignored() {
        let i = Inputs::new("/book".into(), "/book/manuscript/out".into());
        let modify = EventKind::Modify(ModifyKind::Any);
        assert!(i
            .relevant(&event(modify, "/book/manuscript/out/b.pdf"))
            .is_empty());
    }

    #[test]
    fn a_batch_gathers_events_until_quiet() {
        let i = inputs();
        let (tx, rx) = mpsc::channel();
        let modify = EventKind::Modify(ModifyKind::Any);
        tx.send(event(modify, "/book/dist/x.pdf")).unwrap();
        tx.send(event(modify, "/book/manuscript/a.md")).unwrap();
        tx.send(event(modify, "/book/manuscript/b.md")).unwrap();
        tx.send(event(modify, "/book/manuscript/a.md")).unwrap();
        let batch = next_batch(&rx, &i, Duration::from_millis(20)).unwrap();
        let names: Vec<_> = batch.iter().map(|p| p.display().to_string()).collect();
        assert_eq!(names, ["/book/manuscript/a.md", "/book/manuscript/b.md"]);
        drop(tx);
        assert!(next_batch(&rx, &i, Duration::from_millis(20)).is_none());
    }
}
