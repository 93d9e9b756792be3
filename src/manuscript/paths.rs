//! The book root and path containment.
//!
//! Every path a book names (chapters, cover, images, fonts) is relative to the book root and
//! must stay inside it: absolute paths and `..` that climbs out are refused before the file
//! system is touched, and symlinks are resolved and checked after. This is the only place
//! where manuscript files are read.

use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::diag::Diagnostic;
use crate::limits::MAX_TEXT_FILE_BYTES;

#[derive(Debug, Clone)]
pub struct BookRoot {
    path: PathBuf,
}

/// Why a path was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathProblem {
    Absolute,
    Escapes,
    Missing,
    NotAFile,
    SymlinkOutside,
}

impl BookRoot {
    /// Open a book root: the folder that holds `manuscript/book.yaml`.
    pub fn open(root: &Path) -> Result<BookRoot, Diagnostic> {
        let canonical = fs::canonicalize(root).map_err(|e| {
            Diagnostic::error(format!("cannot open the book folder `{}`: {e}", root.display()))
                .hint("pass the folder that contains manuscript/book.yaml, e.g. `folio build path/to/book`")
        })?;
        if !canonical.join("manuscript").join("book.yaml").is_file() {
            let hint = if canonical.join("book.yaml").is_file() {
                "this looks like the manuscript folder itself: run folio from its parent, the book root".to_string()
            } else {
                "a book root holds manuscript/book.yaml (at least `title:`); `folio new` makes one"
                    .to_string()
            };
            return Err(Diagnostic::error(format!(
                "no manuscript/book.yaml in `{}`",
                root.display()
            ))
            .in_file(Path::new("manuscript/book.yaml"))
            .hint(hint));
        }
        Ok(BookRoot { path: canonical })
    }

    /// A root already opened (a loaded [`Book`](super::Book)'s canonical root).
    pub(crate) fn from_canonical(path: PathBuf) -> BookRoot {
        BookRoot { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Check a path written in the book (relative to the root) and return it normalised
    /// (no `.` or `..`) together with its absolute form.
    pub fn resolve(&self, rel: &Path) -> Result<(PathBuf, PathBuf), PathProblem> {
        let normal = normalise(rel)?;
        let abs = self.path.join(&normal);
        let meta = fs::symlink_metadata(&abs).map_err(|_| PathProblem::Missing)?;
        if meta.file_type().is_symlink() || has_symlink_parent(&self.path, &normal) {
            let target = fs::canonicalize(&abs).map_err(|_| PathProblem::Missing)?;
            if !target.starts_with(&self.path) {
                return Err(PathProblem::SymlinkOutside);
            }
        }
        Ok((normal, abs))
    }

    /// Resolve a path that must name a regular file.
    pub fn resolve_file(&self, rel: &Path) -> Result<(PathBuf, PathBuf), PathProblem> {
        let (normal, abs) = self.resolve(rel)?;
        if !fs::metadata(&abs).map(|m| m.is_file()).unwrap_or(false) {
            return Err(PathProblem::NotAFile);
        }
        Ok((normal, abs))
    }

    /// Read a UTF-8 text file inside the book (a leading BOM is dropped). `what` names what
    /// the file should be in a message ("a Markdown piece", "text").
    pub fn read_text(&self, rel: &Path, what: &str) -> Result<String, Box<ReadFailure>> {
        let other = |d: Diagnostic| {
            Box::new(ReadFailure {
                diagnostic: d,
                not_text: false,
            })
        };
        let (normal, abs) = self
            .resolve_file(rel)
            .map_err(|p| other(path_diagnostic(rel, &p, "file")))?;
        let size = fs::metadata(&abs).map(|m| m.len()).unwrap_or(0);
        if size > MAX_TEXT_FILE_BYTES {
            return Err(other(
                Diagnostic::error(format!(
                    "`{}` is {:.1} MB, more than folio reads from one file ({} MB)",
                    normal.display(),
                    size as f64 / (1024.0 * 1024.0),
                    MAX_TEXT_FILE_BYTES / (1024 * 1024)
                ))
                .in_file(&normal)
                .hint("split the text into several chapters"),
            ));
        }
        let bytes = fs::read(&abs).map_err(|e| {
            other(
                Diagnostic::error(format!("cannot read `{}`: {e}", normal.display()))
                    .in_file(&normal),
            )
        })?;
        match String::from_utf8(bytes) {
            Ok(text) => Ok(match text.strip_prefix('\u{feff}') {
                Some(rest) => rest.to_owned(),
                None => text,
            }),
            Err(e) => Err(Box::new(ReadFailure {
                diagnostic: not_text(&normal, e.as_bytes(), e.utf8_error().valid_up_to(), what),
                not_text: true,
            })),
        }
    }

    /// Read a binary file inside the book (an image, a font) of at most `max` bytes; `what`
    /// names it in messages ("image", "font"). Returns the normalised path and the bytes.
    pub fn read_bytes(
        &self,
        rel: &Path,
        what: &str,
        max: u64,
    ) -> Result<(PathBuf, Vec<u8>), Box<Diagnostic>> {
        let (normal, abs) = self
            .resolve_file(rel)
            .map_err(|p| Box::new(path_diagnostic(rel, &p, what)))?;
        let size = fs::metadata(&abs).map(|m| m.len()).unwrap_or(0);
        if size > max {
            return Err(Box::new(
                Diagnostic::error(format!(
                    "{what} `{}` is {:.1} MB, more than folio reads ({} MB)",
                    normal.display(),
                    size as f64 / (1024.0 * 1024.0),
                    max / (1024 * 1024)
                ))
                .hint("export a smaller file"),
            ));
        }
        let bytes = fs::read(&abs).map_err(|e| {
            Box::new(Diagnostic::error(format!(
                "cannot read {what} `{}`: {e}",
                normal.display()
            )))
        })?;
        Ok((normal, bytes))
    }

    /// The book's own font files: `fonts/*.ttf|otf|ttc|otc` in name order (empty if none). A font
    /// that is a link out of the book is refused with a diagnostic, not silently skipped.
    pub fn font_files(&self) -> (Vec<PathBuf>, Vec<Diagnostic>) {
        let Ok(entries) = fs::read_dir(self.path.join("fonts")) else {
            return (Vec::new(), Vec::new());
        };
        let mut problems = Vec::new();
        let mut fonts: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                    matches!(
                        e.to_ascii_lowercase().as_str(),
                        "ttf" | "otf" | "ttc" | "otc"
                    )
                })
            })
            .filter_map(|p| {
                let rel = p.strip_prefix(&self.path).ok()?.to_path_buf();
                match self.resolve_file(&rel) {
                    Ok((n, _)) => Some(n),
                    Err(problem) => {
                        problems.push(path_diagnostic(&rel, &problem, "font").in_file(&rel));
                        None
                    }
                }
            })
            .collect();
        fonts.sort();
        (fonts, problems)
    }
}

/// Why a text file could not be read: the diagnostic, placed in the file, and whether the
/// file is there but not text (a caller that knows who named the file may place it there).
#[derive(Debug)]
pub struct ReadFailure {
    pub diagnostic: Diagnostic,
    pub not_text: bool,
}

/// What a file that is not UTF-8 is, from its first bytes: the formats people most often
/// name by mistake where a piece belongs (folio reads none of them as text).
fn sniff(bytes: &[u8]) -> Option<&'static str> {
    const EPUB: &[u8] = b"mimetypeapplication/epub+zip";
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("a PNG image")
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Some("a JPEG image")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("a GIF image")
    } else if bytes.starts_with(b"%PDF-") {
        Some("a PDF document")
    } else if bytes.starts_with(b"PK\x03\x04") {
        // An EPUB is a ZIP whose first entry is `mimetype`, stored, at byte 30.
        Some(if bytes.get(30..30 + EPUB.len()) == Some(EPUB) {
            "an EPUB e-book"
        } else {
            "a ZIP archive (or a Word or OpenDocument file)"
        })
    } else if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        Some("UTF-16 text")
    } else {
        None
    }
}

/// The diagnostic for `normal`, whose bytes are valid UTF-8 only up to `valid`, placed in
/// it: a known binary format is named, at the file, without quoting a byte of it; other
/// bytes are placed at the first bad one, whose line is quoted only if it reads as text
/// (a Latin-1 file's line, not a binary's).
fn not_text(normal: &Path, bytes: &[u8], valid: usize, what: &str) -> Diagnostic {
    if let Some(kind) = sniff(bytes) {
        let hint = if kind == "UTF-16 text" {
            "save the file as UTF-8 (most editors offer it under \"Save with encoding\")"
        } else if kind.ends_with("image") {
            "a piece is a Markdown text file; show an image from a piece with `![alt text](path)`"
        } else {
            "a piece is a Markdown text file; save the text as a .md file and list that"
        };
        return Diagnostic::error(format!("`{}` is {kind}, not {what}", normal.display()))
            .in_file(normal)
            .hint(hint);
    }
    let good = String::from_utf8_lossy(&bytes[..valid]);
    let (line, column) = crate::diag::line_col(&good, good.len());
    let line_start = bytes[..valid]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line_end = bytes[valid..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| valid + i);
    let shown = String::from_utf8_lossy(&bytes[line_start..line_end]);
    let texty = !shown.contains('\0') && shown.matches('\u{fffd}').count() <= 3;
    let mut d = Diagnostic::error(format!(
        "`{}` is not UTF-8 text (invalid byte at offset {valid})",
        normal.display()
    ))
    .at(normal, None, line, column)
    .hint("save the file as UTF-8 (most editors offer it under \"Save with encoding\")");
    if texty {
        d = d.at(normal, Some(&shown), 1, column);
        if let Some(loc) = &mut d.location {
            loc.line = line;
        }
    }
    d
}

/// A path's lexical form inside the root (no `.` or `..`), if it has one: for messages.
pub fn normalise_lexically(rel: &Path) -> Option<PathBuf> {
    normalise(rel).ok()
}

/// A path's lexical form inside the root, or why it can't have one.
fn normalise(rel: &Path) -> Result<PathBuf, PathProblem> {
    let mut out = PathBuf::new();
    for component in rel.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => return Err(PathProblem::Absolute),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return Err(PathProblem::Escapes);
                }
            }
            Component::Normal(part) => out.push(part),
        }
    }
    if out.as_os_str().is_empty() {
        return Err(PathProblem::NotAFile);
    }
    Ok(out)
}

fn has_symlink_parent(root: &Path, rel: &Path) -> bool {
    let mut current = root.to_path_buf();
    for component in rel.components() {
        current.push(component);
        if fs::symlink_metadata(&current)
            .map(|m| m.file_type().is_symlink())
            .unwrap_or(false)
        {
            return true;
        }
    }
    false
}

/// The diagnostic for a refused path; `what` names the kind of file ("chapter", "cover").
pub fn path_diagnostic(rel: &Path, problem: &PathProblem, what: &str) -> Diagnostic {
    let shown = rel.display();
    match problem {
        PathProblem::Absolute => Diagnostic::error(format!("{what} path `{shown}` is absolute"))
            .hint("write paths relative to the book root, e.g. `manuscript/01-intro.md`"),
        PathProblem::Escapes => {
            Diagnostic::error(format!("{what} path `{shown}` leads outside the book root"))
                .hint("folio reads only files inside the book folder; move the file into it")
        }
        PathProblem::SymlinkOutside => Diagnostic::error(format!(
            "{what} `{shown}` is a symbolic link to a file outside the book root"
        ))
        .hint("copy the file into the book folder instead of linking to it"),
        PathProblem::Missing => Diagnostic::error(format!("{what} `{shown}` does not exist"))
            .hint("check the spelling; paths are relative to the book root"),
        PathProblem::NotAFile => Diagnostic::error(format!("{what} `{shown}` is not a file"))
            .hint("name a file, not a folder"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_refuses_escapes_and_absolute_paths() {
        assert_eq!(normalise(Path::new("../x.md")), Err(PathProblem::Escapes));
        assert_eq!(
            normalise(Path::new("a/../../x.md")),
            Err(PathProblem::Escapes)
        );
        assert_eq!(
            normalise(Path::new("/etc/passwd")),
            Err(PathProblem::Absolute)
        );
        assert_eq!(
            normalise(Path::new("./manuscript/a/../b.md")),
            Ok(PathBuf::from("manuscript/b.md"))
        );
    }
}
