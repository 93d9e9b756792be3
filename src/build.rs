//! Orchestration: load, parse, render the chosen editions, then write them atomically.
//!
//! Problems are gathered from every stage that can run: the loader's, the Markdown's and the
//! preflight checks of what the editions will read (images) are reported together, not one
//! per run. Nothing is written unless every edition rendered without errors (and, under
//! `--deny warnings`, without warnings). Each file is first written whole to a temporary name
//! in the output folder; only when all of them are there are they renamed into place, so a
//! failed or interrupted build (see [`interrupt`]) never leaves a half-written edition and
//! never harms the previous one.

mod interrupt;
mod typesetting;

use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::diag::{Diagnostic, Diagnostics};
use crate::edition::{Edition, Output, RenderContext};
use crate::pdf::StreamMemo;
use crate::typeset::cache::TypesetCache;
use crate::{doc, manuscript, preflight};

use self::typesetting::Typesetting;

/// Remove the temporary files of any build under way and let none be created or renamed
/// after: what a process about to end on a signal calls before it exits, so that an
/// interrupted build leaves nothing behind and harms no earlier edition. Call it only on the
/// way out: every build of the process blocks at its next file step from then on.
pub fn abandon_temporaries() {
    interrupt::abandon();
}

/// When neither SOURCE_DATE_EPOCH nor the book's date says otherwise: 1980-01-01, the
/// earliest time a zip entry can carry.
const FALLBACK_TIMESTAMP: i64 = 315_532_800;

pub struct BuildOptions<'a> {
    pub root: PathBuf,
    /// Output folder; `<root>/dist` when None.
    pub out_dir: Option<PathBuf>,
    pub editions: Vec<&'a dyn Edition>,
    /// Treat every warning as an error (`--deny warnings`): nothing is written if any.
    pub deny_warnings: bool,
    /// Print settings given on the command line, over book.yaml's.
    pub print: PrintOverrides,
    /// Write the files even when they fail the printer's preflight (`--allow-preflight-failures`,
    /// for a proof of a book not yet what the printer takes): the failed rules become
    /// warnings.
    pub allow_preflight_failures: bool,
    /// The last build's typesetting, kept by `folio watch` so that unchanged pieces are not
    /// set again; None for a one-off build.
    pub cache: Option<&'a BuildCache>,
}

/// What `folio watch` keeps from one build for the next: the typesetting of unchanged
/// pieces, and the deflated content streams of unchanged pages. Whatever is reused is
/// exactly what would be made again, so the files are those of a one-off build.
///
/// A build given the cache (in [`BuildOptions::cache`]) uses the typesetting memo itself; the
/// stream memo is the PDF edition's, handed to it where it is made
/// ([`crate::pdf::PdfEdition::with_memo`]), so that the seam knows nothing of either.
#[derive(Default)]
pub struct BuildCache {
    pub typeset: TypesetCache,
    pub pdf: Arc<StreamMemo>,
    /// The files the book named at the last build, outside its input folders (book.yaml,
    /// the cover, the images the text names), as absolute paths: what `folio watch` must
    /// watch besides those folders. Empty when the book did not load.
    named: Mutex<BTreeSet<PathBuf>>,
}

impl BuildCache {
    pub fn new() -> BuildCache {
        BuildCache::default()
    }

    /// See [`BuildCache::named`]: taken from the build's own load and parse, so watching
    /// costs no second reading of the book.
    pub fn named_files(&self) -> BTreeSet<PathBuf> {
        self.named.lock().map(|n| n.clone()).unwrap_or_default()
    }

    fn remember_named(&self, book: Option<&manuscript::Book>, document: Option<&doc::Document>) {
        let mut named = BTreeSet::new();
        if let Some(book) = book {
            named.insert(book.root.join("manuscript/book.yaml"));
            if let Some(cover) = &book.cover {
                named.insert(book.root.join(&cover.path));
            }
            if let Some(document) = document {
                for image in preflight::image_refs(book, document) {
                    if !manuscript::is_remote(&image.src) {
                        named.insert(book.root.join(&image.src));
                    }
                }
            }
        }
        if let Ok(mut kept) = self.named.lock() {
            *kept = named;
        }
    }
}

/// `--profile` and `--print` on the command line: they win over book.yaml's `print:`; and
/// `--font-path`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PrintOverrides {
    pub profile: Option<manuscript::Profile>,
    pub pdfx: Option<manuscript::PdfX>,
    /// `--font-path`: folders of fonts the user names, read after the book's fonts/.
    pub font_paths: Vec<PathBuf>,
}

impl PrintOverrides {
    /// Put the command line's settings over book.yaml's, then check what the printer
    /// profile asks of them (so that `--profile ingramspark` without PDF/X fails whichever
    /// editions are built).
    #[must_use]
    pub fn apply(&self, print: &mut manuscript::PrintSettings) -> Diagnostics {
        if let Some(p) = self.profile {
            print.profile = p;
            print.places.forget("profile");
        }
        if let Some(x) = self.pdfx {
            print.pdfx = Some(x);
            print.places.forget("pdfx");
        }
        print.profile_problems()
    }
}

/// What a successful build did.
pub struct BuildReport {
    pub written: Vec<(PathBuf, u64)>,
    pub warnings: Diagnostics,
    pub elapsed: Duration,
    pub pieces: usize,
    /// Words of running text in the book (see [`crate::stats::words`]).
    pub words: usize,
}

/// A step of a build, reported as it begins, for a progress display. Editions render in
/// parallel, so `Render` and `Rendered` of different editions may interleave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'a> {
    Load,
    Parse,
    Render(&'a str),
    Rendered(&'a str),
    Write,
}

/// Told of each [`Step`]; called from several threads while editions render.
pub type Progress<'a> = &'a (dyn Fn(Step<'_>) + Sync);

pub fn build(opts: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    build_with_progress(opts, &|_| {})
}

pub fn build_with_progress(
    opts: &BuildOptions,
    progress: Progress,
) -> Result<BuildReport, Diagnostics> {
    let started = Instant::now();
    progress(Step::Load);
    let (book, document, mut warnings, images_soft) = prepare(opts, progress)?;
    let timestamp = timestamp(&book);
    let cache = opts.cache.map(|c| &c.typeset);
    let printed = Typesetting::new(&book, &document, timestamp, cache);
    let ctx = RenderContext::new(&book, &document, timestamp, &printed);
    let (outputs, rendered_warnings) =
        render_in(&ctx, &opts.editions, progress).map_err(|mut errors| {
            errors.extend(warnings.clone());
            errors
        })?;
    warnings.extend(rendered_warnings);
    let failed = printer_preflight(&book, opts, &outputs, images_soft, &printed);
    if opts.allow_preflight_failures {
        warnings.extend(failed.as_warnings("allowed by --allow-preflight-failures"));
    } else if failed.has_errors() {
        let mut errors = failed;
        errors.extend(warnings);
        return Err(errors);
    }
    if opts.deny_warnings && !warnings.is_empty() {
        return Err(warnings.deny_warnings());
    }
    progress(Step::Write);
    let out_dir = opts
        .out_dir
        .clone()
        .unwrap_or_else(|| book.root.join("dist"));
    if opts.out_dir.is_none() {
        refuse_dist_leading_out(&book.root, &out_dir)?;
    }
    let written = write_all(&out_dir, &outputs).map_err(|e| Diagnostics::from(e.diagnostic()))?;
    Ok(BuildReport {
        written,
        warnings,
        elapsed: started.elapsed(),
        pieces: book.pieces().count(),
        words: crate::stats::words(&document),
    })
}

/// The printer's preflight of the files about to be written (`preflight::rules`, the rules
/// `folio check --profile` reports), when the book names a printer: each failed rule as an
/// error. Nothing to say when it names none, or when no print PDF is among the outputs. A
/// cover written without its interior (`--cover --epub`) is held to the cover's rules alone,
/// sized by the page count of the book typeset for it.
fn printer_preflight(
    book: &manuscript::Book,
    opts: &BuildOptions,
    outputs: &[Output],
    images_soft: usize,
    printed: &dyn crate::edition::PrintedBook,
) -> Diagnostics {
    use crate::preflight::rules;
    if !rules::apply_to(book, opts.print.profile.is_some()) {
        return Diagnostics::default();
    }
    let interior = format!("{}.pdf", book.slug());
    let cover = format!("{}-cover.pdf", book.slug());
    let cover = outputs.iter().find(|o| o.file_name == cover);
    let report = match (outputs.iter().find(|o| o.file_name == interior), cover) {
        (Some(pdf), cover) => rules::report(
            book,
            &pdf.bytes,
            cover.map(|c| c.bytes.as_slice()),
            images_soft,
        ),
        (None, Some(cover)) => match printed.typeset() {
            Ok(typeset) => rules::cover_rules(book, &cover.bytes, typeset.layout.pages.len()),
            // The cover was drawn from this very typesetting: it cannot fail here.
            Err(errors) => return errors,
        },
        (None, None) => return Diagnostics::default(),
    };
    match report {
        Ok(report) => rules::failures(book, &report),
        Err(e) => {
            Diagnostics::from(Diagnostic::error(e).hint("this is a bug in folio; please report it"))
        }
    }
}

/// Load the book, parse its text and check what the editions will read, reporting the
/// problems of every stage that could run together; with them, how many images the
/// preflight found too soft for print (the printer's `images resolution` rule).
fn prepare(
    opts: &BuildOptions,
    progress: Progress,
) -> Result<(manuscript::Book, doc::Document, Diagnostics, usize), Diagnostics> {
    let (book, mut diags) = manuscript::load_with_font_paths(&opts.root, &opts.print.font_paths);
    let Some(mut book) = book else {
        if let Some(cache) = opts.cache {
            cache.remember_named(None, None);
        }
        return Err(diags);
    };
    diags.extend(opts.print.apply(&mut book.print));
    progress(Step::Parse);
    let mut images_soft = 0;
    // Parsing needs only the pieces that loaded; their problems join the loader's.
    let document = match doc::build(&book) {
        Ok(document) => Some(document),
        Err(d) => {
            diags.extend(d);
            None
        }
    };
    if let Some(document) = &document {
        diags.extend(document.warnings.clone());
        // The loader's second phase: the images the IR shows, read into the book.
        let images = preflight::check(&mut book, document);
        images_soft = images.0.iter().filter(|d| !d.is_error()).count();
        diags.extend(images);
    }
    if let Some(cache) = opts.cache {
        cache.remember_named(Some(&book), document.as_ref());
    }
    match document {
        Some(document) if !diags.has_errors() => Ok((book, document, diags, images_soft)),
        _ => Err(diags),
    }
}

/// Render `editions` of a loaded book in memory, in parallel: their files and warnings, or
/// every error any of them found. Writes nothing (`folio check` stops here).
pub fn render_editions(
    book: &manuscript::Book,
    document: &doc::Document,
    editions: &[&dyn Edition],
    progress: Progress,
) -> Result<(Vec<Output>, Diagnostics), Diagnostics> {
    let timestamp = timestamp(book);
    let printed = Typesetting::new(book, document, timestamp, None);
    let ctx = RenderContext::new(book, document, timestamp, &printed);
    render_in(&ctx, editions, progress)
}

/// A hook for tests/crashes.rs: panic (on a rayon worker, where editions render) while the
/// file named by FOLIO_TEST_PANIC_WHILE exists, to show that a bug in a build is reported as
/// an internal error and that `folio watch` outlives it. Unset, it costs one look-up.
fn test_panic_hook() {
    if let Some(flag) = std::env::var_os("FOLIO_TEST_PANIC_WHILE") {
        if Path::new(&flag).exists() {
            panic!("a test asked for a panic (FOLIO_TEST_PANIC_WHILE)");
        }
    }
}

/// Render `editions` in parallel from one context (which typesets once for all of them).
fn render_in(
    ctx: &RenderContext,
    editions: &[&dyn Edition],
    progress: Progress,
) -> Result<(Vec<Output>, Diagnostics), Diagnostics> {
    let rendered: Vec<_> = {
        use rayon::prelude::*;
        editions
            .par_iter()
            .map(|e| {
                progress(Step::Render(e.name()));
                test_panic_hook();
                let result = e.render(ctx);
                progress(Step::Rendered(e.name()));
                result
            })
            .collect()
    };
    let mut errors = Diagnostics::default();
    let mut warnings = Diagnostics::default();
    let mut outputs = Vec::new();
    for result in rendered {
        match result {
            Ok(r) => {
                warnings.extend(r.warnings);
                outputs.extend(r.outputs);
            }
            // Editions that share the typeset book share its errors: each is said once.
            Err(d) => d.0.into_iter().for_each(|d| {
                if !errors.0.contains(&d) {
                    errors.push(d)
                }
            }),
        }
    }
    if errors.has_errors() {
        errors.extend(warnings);
        return Err(errors);
    }
    Ok((outputs, warnings))
}

/// SOURCE_DATE_EPOCH if set, else the book's date, else a fixed date: never the clock.
pub fn timestamp(book: &manuscript::Book) -> i64 {
    if let Some(epoch) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok())
    {
        return epoch;
    }
    book.meta
        .date
        .map(|d| d.timestamp())
        .unwrap_or(FALLBACK_TIMESTAMP)
}

/// The message a build ends with when some editions were replaced and others not (a rename
/// failed after the checks passed): the caller must not say "nothing was written".
pub const REPLACED_IN_PART: &str = "the editions were replaced only in part";

/// Why the outputs could not be written, and what was replaced before that was known.
#[derive(Debug)]
struct WriteError {
    path: PathBuf,
    error: std::io::Error,
    /// Outputs already renamed into place (their old files are gone).
    replaced: Vec<PathBuf>,
    /// What was in the way, when a check found it before anything was written.
    in_the_way: Option<&'static str>,
}

impl WriteError {
    fn new(path: &Path, error: std::io::Error) -> Self {
        WriteError {
            path: path.to_path_buf(),
            error,
            replaced: Vec::new(),
            in_the_way: None,
        }
    }

    fn diagnostic(&self) -> Diagnostic {
        let path = self.path.display();
        if let Some(what) = self.in_the_way {
            return Diagnostic::error(format!(
                "cannot write `{path}`: {what} is in the way; no edition was replaced"
            ))
            .hint("move it away, or choose another output folder with --out");
        }
        if self.replaced.is_empty() {
            return Diagnostic::error(format!("cannot write `{path}`: {}", self.error)).hint(
                "check that the output folder is writable (or choose another with --out); \
                 no edition was replaced",
            );
        }
        let replaced: Vec<String> = self
            .replaced
            .iter()
            .map(|p| format!("`{}`", p.display()))
            .collect();
        Diagnostic::error(format!(
            "{REPLACED_IN_PART}: {} {} this build's, but `{path}` could not be replaced ({}) \
             and is still the previous build's",
            replaced.join(", "),
            if replaced.len() == 1 { "is" } else { "are" },
            self.error
        ))
        .hint("fix what stops the rename and build again, so that the editions match")
    }
}

/// Refuse a `dist` that is a symbolic link leading out of the book root: the build writes
/// where the user names (`--out`), and only there, outside the book.
fn refuse_dist_leading_out(root: &Path, dist: &Path) -> Result<(), Diagnostics> {
    let Ok(meta) = fs::symlink_metadata(dist) else {
        return Ok(()); // not there yet: it will be made, inside the root
    };
    if !meta.file_type().is_symlink() {
        return Ok(());
    }
    let (Ok(root), Ok(target)) = (fs::canonicalize(root), fs::canonicalize(dist)) else {
        // A dangling link: creating the folder would follow it to wherever it points.
        return Err(Diagnostics::from(
            Diagnostic::error(format!(
                "`{}` is a symbolic link to a folder that does not exist",
                dist.display()
            ))
            .hint("remove the link, or name the output folder with --out"),
        ));
    };
    if target.starts_with(&root) {
        return Ok(());
    }
    Err(Diagnostics::from(
        Diagnostic::error(format!(
            "`{}` is a symbolic link leading out of the book, to `{}`; folio writes outside \
             the book only where --out says",
            dist.display(),
            target.display()
        ))
        .hint(format!(
            "to write there, say so: folio build --out {}",
            target.display()
        )),
    ))
}

/// Every target must be replaceable before any is replaced: a folder (or a FIFO, a device)
/// of an output's name, or a file the system will not let go of (immutable, append-only),
/// stops the build with the old editions untouched.
fn check_targets(targets: &[PathBuf]) -> Result<(), WriteError> {
    for path in targets {
        let Ok(meta) = fs::metadata(path) else {
            continue; // nothing there (or a dangling link, which the rename replaces)
        };
        let in_the_way = if meta.is_dir() {
            Some("a folder of that name")
        } else if !meta.is_file() {
            Some("something that is not a file (a FIFO or a device)")
        } else {
            None
        };
        if let Some(what) = in_the_way {
            return Err(WriteError {
                in_the_way: Some(what),
                ..WriteError::new(path, std::io::Error::other(what))
            });
        }
        // Opening for writing without truncating changes nothing, and fails with EPERM
        // (not EACCES, which a read-only file gives and a rename ignores) exactly when the
        // file is immutable or append-only, which a rename cannot replace either.
        if let Err(e) = fs::File::options().write(true).open(path) {
            if e.raw_os_error() == Some(libc::EPERM) {
                return Err(WriteError {
                    in_the_way: Some(
                        "a file the system will not let be replaced (immutable or append-only)",
                    ),
                    ..WriteError::new(path, e)
                });
            }
        }
    }
    Ok(())
}

/// Whether `name` is one of folio's temporary output files, `.<name>.epub.<pid>.tmp` (or
/// `.pdf`), and if so the process id in it.
fn temporary_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (stem, pid) = rest.rsplit_once('.')?;
    if !(stem.ends_with(".epub") || stem.ends_with(".pdf")) || stem.len() <= 5 {
        return None;
    }
    if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

/// Remove the temporary files a killed build (SIGKILL, a power cut) left in `out_dir`: only
/// folio's own pattern, only regular files, and only of processes no longer running (a
/// build running beside this one keeps its own). Without /proc nothing is known to be
/// stale, so nothing is removed.
fn remove_stale_temporaries(out_dir: &Path) {
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return;
    }
    let Ok(entries) = fs::read_dir(out_dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(temporary_pid) else {
            continue;
        };
        let regular = entry.file_type().is_ok_and(|t| t.is_file());
        if regular && pid != std::process::id() && !proc.join(pid.to_string()).exists() {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Write every output to a temporary file in `out_dir`, then rename them all into place,
/// once every target is known to be replaceable. If any write fails, the temporary files
/// are removed and no edition is replaced; if a rename fails all the same, the error says
/// which editions were replaced.
fn write_all(out_dir: &Path, outputs: &[Output]) -> Result<Vec<(PathBuf, u64)>, WriteError> {
    fs::create_dir_all(out_dir).map_err(|e| WriteError::new(out_dir, e))?;
    remove_stale_temporaries(out_dir);
    let targets: Vec<PathBuf> = outputs.iter().map(|o| out_dir.join(&o.file_name)).collect();
    check_targets(&targets)?;
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    for path in targets {
        match stage(&path, &outputs[staged.len()].bytes) {
            Ok(tmp) => staged.push((tmp, path)),
            Err(e) => {
                staged.iter().for_each(|(tmp, _)| interrupt::discard(tmp));
                return Err(WriteError::new(&path, e));
            }
        }
    }
    // A hook for the interruption tests (tests/hostile.rs): hold still with every temporary
    // file written and nothing renamed yet, so that a signal sent then lands there for sure.
    if let Some(ms) = std::env::var("FOLIO_TEST_PAUSE_BEFORE_RENAME_MS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        std::thread::sleep(Duration::from_millis(ms));
    }
    let mut written = Vec::new();
    for (i, (tmp, path)) in staged.iter().enumerate() {
        if let Err(e) = interrupt::commit(tmp, path) {
            staged[i..]
                .iter()
                .for_each(|(tmp, _)| interrupt::discard(tmp));
            return Err(WriteError {
                replaced: written.into_iter().map(|(p, _)| p).collect(),
                ..WriteError::new(path, e)
            });
        }
        let size = outputs[i].bytes.len() as u64;
        written.push((path.clone(), size));
    }
    Ok(written)
}

/// The temporary name beside `path`: hidden, and unique to this process.
fn temp_path(path: &Path) -> PathBuf {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    dir.join(format!(".{name}.{}.tmp", std::process::id()))
}

/// Write `bytes` whole to the temporary file beside `path` and flush it to disk.
fn stage(path: &Path, bytes: &[u8]) -> std::io::Result<PathBuf> {
    let tmp = temp_path(path);
    let result = interrupt::create(&tmp).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    match result {
        Ok(()) => Ok(tmp),
        Err(e) => {
            interrupt::discard(&tmp);
            Err(e)
        }
    }
}

/// Write one file atomically: to a temporary file beside `path`, then renamed into place.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    let tmp = stage(path, bytes)?;
    interrupt::commit(&tmp, path).inspect_err(|_| interrupt::discard(&tmp))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn output(name: &str, bytes: &[u8]) -> Output {
        Output {
            file_name: name.into(),
            bytes: bytes.to_vec(),
        }
    }

    #[test]
    fn all_outputs_are_renamed_into_place_and_no_temporary_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let written =
            write_all(dir.path(), &[output("a.epub", b"A"), output("a.pdf", b"P")]).unwrap();
        assert_eq!(written.len(), 2);
        assert_eq!(fs::read(dir.path().join("a.pdf")).unwrap(), b"P");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[test]
    fn a_failed_write_replaces_no_edition() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.epub"), b"old").unwrap();
        // A folder in the way of the second file's temporary name makes staging fail after
        // the first file was staged: the old edition stays, and no temporary remains.
        fs::create_dir(temp_path(&dir.path().join("a.pdf"))).unwrap();
        let err = write_all(
            dir.path(),
            &[output("a.epub", b"new"), output("a.pdf", b"P")],
        );
        assert!(err.is_err());
        assert_eq!(fs::read(dir.path().join("a.epub")).unwrap(), b"old");
        fs::remove_dir(temp_path(&dir.path().join("a.pdf"))).unwrap();
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
}
