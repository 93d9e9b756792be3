//! Orchestration: load, parse, render the chosen editions, then write them atomically.
//!
//! Nothing is written unless every edition rendered without errors. Each file goes to a
//! temporary name in the output folder and is renamed into place, so a failed or interrupted
//! build never leaves a half-written edition and never harms the previous one.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diag::{Diagnostic, Diagnostics};
use crate::edition::{Edition, Output, RenderContext};
use crate::{doc, manuscript};

/// When neither SOURCE_DATE_EPOCH nor the book's date says otherwise: 1980-01-01, the
/// earliest time a zip entry can carry.
const FALLBACK_TIMESTAMP: i64 = 315_532_800;

pub struct BuildOptions<'a> {
    pub root: PathBuf,
    /// Output folder; `<root>/dist` when None.
    pub out_dir: Option<PathBuf>,
    pub editions: Vec<&'a dyn Edition>,
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
    let book = manuscript::load(&opts.root)?;
    progress(Step::Parse);
    let document = doc::build(&book)?;
    let mut warnings = book.warnings.clone();
    warnings.extend(document.warnings.clone());
    let (outputs, rendered_warnings) = render_editions(&book, &document, &opts.editions, progress)
        .map_err(|mut errors| {
            errors.extend(warnings.clone());
            errors
        })?;
    warnings.extend(rendered_warnings);
    progress(Step::Write);
    let out_dir = opts
        .out_dir
        .clone()
        .unwrap_or_else(|| book.root.join("dist"));
    let mut written = Vec::new();
    for output in &outputs {
        let path = out_dir.join(&output.file_name);
        write_atomically(&path, &output.bytes).map_err(|e| {
            let mut d = Diagnostics::default();
            d.push(
                Diagnostic::error(format!("cannot write `{}`: {e}", path.display())).hint(
                    "check that the output folder is writable (or choose another with --out)",
                ),
            );
            d
        })?;
        written.push((path, output.bytes.len() as u64));
    }
    Ok(BuildReport {
        written,
        warnings,
        elapsed: started.elapsed(),
        pieces: book.pieces().count(),
        words: crate::stats::words(&document),
    })
}

/// Render `editions` of a loaded book in memory, in parallel: their files and warnings, or
/// every error any of them found. Writes nothing (`folio check` stops here).
pub fn render_editions(
    book: &manuscript::Book,
    document: &doc::Document,
    editions: &[&dyn Edition],
    progress: Progress,
) -> Result<(Vec<Output>, Diagnostics), Diagnostics> {
    let ctx = RenderContext::new(book, document, timestamp(book));
    let rendered: Vec<_> = {
        use rayon::prelude::*;
        editions
            .par_iter()
            .map(|e| {
                progress(Step::Render(e.name()));
                let result = e.render(&ctx);
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
            Err(d) => errors.extend(d),
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

/// Write to a temporary file beside `path`, flush it to disk, then rename it into place.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}
