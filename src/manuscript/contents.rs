//! The book's contents: the ordered pieces, from `contents:` or discovered on disk.
//!
//! With `contents:` each entry is a chapter path or `{part: Title, chapters: [...]}`, and a
//! Markdown file under `manuscript/` that it does not list is a warning. Without it, every
//! Markdown file (`.md`, `.markdown`, in any case) under `manuscript/` is taken in natural
//! order (`2-` before `10-`), and each subfolder is a part titled from its name
//! ("02-reportage" -> "Reportage"). The walk reads each real folder and file once (a symlink
//! loop is followed once), goes at most [`MAX_DISCOVERY_DEPTH`] folders down, and says what
//! it skips: links to nothing or out of the book, FIFOs, folders too deep.

use std::cmp::Ordering;
use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use super::frontmatter;
use super::paths::{path_diagnostic, BookRoot, PathProblem};
use super::yaml::{self, Source, Value};
use super::{Division, Piece};
use crate::diag::{Diagnostic, Diagnostics};

const BOOK_YAML: &str = "manuscript/book.yaml";
/// Folders deeper than this under manuscript/ are not searched (and a symlink loop can't hang us).
const MAX_DISCOVERY_DEPTH: usize = 16;

/// A chapter path written in book.yaml, with its 1-based line and column there.
#[derive(Debug, Clone)]
pub struct ChapterRef {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    /// The text of that line, quoted in diagnostics.
    pub line_text: String,
}

impl ChapterRef {
    /// Place a diagnostic at this entry of book.yaml.
    fn place(&self, d: Diagnostic) -> Diagnostic {
        let mut d = d.at(Path::new(BOOK_YAML), None, self.line, self.column);
        d.source_line = Some(self.line_text.clone());
        d
    }
}

/// One entry of `contents:` as written.
#[derive(Debug, Clone)]
pub enum Entry {
    Chapter(ChapterRef),
    Part {
        title: String,
        chapters: Vec<ChapterRef>,
    },
}

/// Read the `contents:` value of book.yaml.
pub fn parse_entries(src: &Source, value: &Value, diags: &mut Diagnostics) -> Option<Vec<Entry>> {
    // A byte offset in the YAML: entries are searched for in order from the key on (a flow
    // list holds several on one line).
    let mut cursor = yaml::key_position(src.yaml, "contents").map_or(0, |(l, _)| {
        src.yaml
            .split_inclusive('\n')
            .take(l - 1)
            .map(str::len)
            .sum()
    });
    let Value::Sequence(items) = value else {
        if matches!(value, Value::Null) {
            diags.push(
                src.at_key(Diagnostic::error("`contents` is empty"), "contents")
                    .hint("list the chapters under `contents:`, or remove the key to take every .md file under manuscript/"),
            );
        } else {
            diags.push(
                src.at_key(
                    Diagnostic::error(format!(
                        "`contents` must be a list, found {}",
                        yaml::describe(value)
                    )),
                    "contents",
                )
                .hint("write one `- manuscript/chapter.md` or `- part: Title` entry per line"),
            );
        }
        return None;
    };
    if items.is_empty() {
        diags.push(
            src.at_key(Diagnostic::error("`contents` is empty"), "contents")
                .hint("list the chapters under `contents:`, or remove the key to take every .md file under manuscript/"),
        );
        return None;
    }
    let mut entries = Vec::new();
    for item in items {
        match item {
            Value::String(path) => {
                entries.push(Entry::Chapter(chapter_ref(src, path, &mut cursor)))
            }
            Value::Mapping(m) => {
                let title = m.get("part").and_then(yaml::scalar_text);
                for key in yaml::keys(m) {
                    if key != "part" && key != "chapters" {
                        diags.push(super::unknown_key(src, &key, &["part", "chapters"]));
                    }
                }
                let Some(title) = title else {
                    diags.push(
                        src.at(
                            Diagnostic::error("a contents entry that is a map needs `part:`"),
                            next_line(src.yaml, cursor),
                            1,
                        )
                        .hint("write `- part: Title` with `chapters:` listing its files"),
                    );
                    continue;
                };
                let mut chapters = Vec::new();
                match m.get("chapters") {
                    Some(Value::Sequence(list)) if !list.is_empty() => {
                        for c in list {
                            match c {
                                Value::String(path) => {
                                    chapters.push(chapter_ref(src, path, &mut cursor))
                                }
                                other => diags.push(
                                    src.at(
                                        Diagnostic::error(format!(
                                            "a chapter of part `{title}` must be a path, found {}",
                                            yaml::describe(other)
                                        )),
                                        next_line(src.yaml, cursor),
                                        1,
                                    )
                                    .hint("write chapter paths as `- manuscript/file.md`"),
                                ),
                            }
                        }
                    }
                    _ => diags.push(
                        src.at(
                            Diagnostic::error(format!("part `{title}` has no chapters")),
                            find_from(src.yaml, &title, &mut cursor).0,
                            1,
                        )
                        .hint("add `chapters:` with a list of paths under the part"),
                    ),
                }
                entries.push(Entry::Part { title, chapters });
            }
            other => diags.push(
                src.at(
                    Diagnostic::error(format!(
                        "a contents entry must be a path or a part, found {}",
                        yaml::describe(other)
                    )),
                    next_line(src.yaml, cursor),
                    1,
                )
                .hint("write `- manuscript/file.md` or `- part: Title`"),
            ),
        }
    }
    Some(entries)
}

fn chapter_ref(src: &Source, path: &str, cursor: &mut usize) -> ChapterRef {
    let (line, column) = find_from(src.yaml, path, cursor);
    let line_text = src.yaml.lines().nth(line - 1).unwrap_or("");
    ChapterRef {
        path: PathBuf::from(path),
        line: line + src.line_offset,
        column,
        line_text: line_text.to_owned(),
    }
}

/// The 1-based line and column of the next occurrence of `needle` at or after byte
/// `*cursor`, which moves past it; the line after the cursor's if there is none.
fn find_from(text: &str, needle: &str, cursor: &mut usize) -> (usize, usize) {
    let from = (*cursor).min(text.len());
    match text.get(from..).and_then(|rest| rest.find(needle)) {
        Some(at) if !needle.is_empty() => {
            *cursor = from + at + needle.len();
            crate::diag::line_col(text, from + at)
        }
        _ => (next_line(text, *cursor), 1),
    }
}

/// The line after the one the cursor is on: where an entry not found is placed.
fn next_line(text: &str, cursor: usize) -> usize {
    crate::diag::line_col(text, cursor).0 + 1
}

/// Turn the entries (or, without them, the files on disk) into loaded pieces. `config` is
/// book.yaml's text, to place what is said about `contents:` as a whole.
pub fn resolve(
    root: &BookRoot,
    entries: &Option<Vec<Entry>>,
    config: &str,
    diags: &mut Diagnostics,
) -> Vec<Division> {
    match entries {
        Some(entries) => {
            let divisions = resolve_listed(root, entries, diags);
            warn_unreached(root, &divisions, config, diags);
            divisions
        }
        None => discover(root, diags),
    }
}

/// A Markdown file under manuscript/ that `contents:` does not list is not in the book: say
/// so once, at the `contents` key, naming the files (a draft left there by mistake is the
/// usual case, a chapter forgotten in the list the costly one).
fn warn_unreached(root: &BookRoot, divisions: &[Division], config: &str, diags: &mut Diagnostics) {
    let listed: HashSet<PathBuf> = divisions
        .iter()
        .flat_map(|d| &d.pieces)
        .filter_map(|p| fs::canonicalize(root.path().join(&p.path)).ok())
        .collect();
    // What the walk itself finds odd (a dangling link...) matters only when it makes the book.
    let mut quiet = Diagnostics::default();
    let mut walk = Walk::new(root);
    let mut found = Vec::new();
    walk.collect(Path::new("manuscript"), 0, &mut found, &mut quiet);
    let unreached: Vec<String> = found
        .into_iter()
        .filter(|f| fs::canonicalize(root.path().join(f)).is_ok_and(|abs| !listed.contains(&abs)))
        .map(|f| f.display().to_string())
        .collect();
    if unreached.is_empty() {
        return;
    }
    const SHOWN: usize = 5;
    let mut names = unreached
        .iter()
        .take(SHOWN)
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if unreached.len() > SHOWN {
        names.push_str(&format!(" and {} more", unreached.len() - SHOWN));
    }
    let message = if unreached.len() == 1 {
        format!("{names} is under manuscript/ but not in `contents`, so it is not in the book")
    } else {
        format!(
            "{} Markdown files under manuscript/ are not in `contents`, so they are not in the book: {names}",
            unreached.len()
        )
    };
    let (line, column) = yaml::key_position(config, "contents").unwrap_or((1, 1));
    let mut d = Diagnostic::warning(message)
        .at(Path::new(BOOK_YAML), None, line, column)
        .hint(format!(
            "list {it} under `contents:`, or move {it} out of manuscript/ (a name starting with `.` is skipped too)",
            it = if unreached.len() == 1 { "it" } else { "them" }
        ));
    d.source_line = config.lines().nth(line - 1).map(str::to_owned);
    diags.push(d);
}

fn resolve_listed(root: &BookRoot, entries: &[Entry], diags: &mut Diagnostics) -> Vec<Division> {
    let mut divisions: Vec<Division> = Vec::new();
    let mut seen: Vec<(PathBuf, usize)> = Vec::new();
    let mut load = |r: &ChapterRef, diags: &mut Diagnostics| -> Option<Piece> {
        let normal = match root.resolve_file(&r.path) {
            Ok((normal, _)) => normal,
            Err(problem) => {
                let mut d = r.place(path_diagnostic(&r.path, &problem, "chapter"));
                if problem == PathProblem::NotAFile {
                    d = d.hint(
                        "a chapter is a Markdown file; list the files inside the folder instead",
                    );
                }
                diags.push(d);
                return None;
            }
        };
        if let Some((_, first_line)) = seen.iter().find(|(p, _)| *p == normal) {
            diags.push(
                r.place(Diagnostic::error(format!(
                    "chapter `{}` is listed twice",
                    normal.display()
                )))
                .hint(format!(
                    "it is already listed at line {first_line}; remove one of the two entries"
                )),
            );
            return None;
        }
        seen.push((normal.clone(), r.line));
        load_piece(root, &normal, Some(r), diags)
    };
    for entry in entries {
        match entry {
            Entry::Chapter(r) => {
                let piece = load(r, diags);
                match divisions.last_mut() {
                    Some(d) if d.part.is_none() => d.pieces.extend(piece),
                    _ => divisions.push(Division {
                        part: None,
                        pieces: piece.into_iter().collect(),
                    }),
                }
            }
            Entry::Part { title, chapters } => {
                let pieces = chapters.iter().filter_map(|r| load(r, diags)).collect();
                divisions.push(Division {
                    part: Some(title.clone()),
                    pieces,
                });
            }
        }
    }
    divisions
}

/// Read and split one chapter file (the path is already checked). A file that is not text
/// is reported where `listed` names it in book.yaml, if it is listed there: the mistake is
/// in the list, and the file's bytes are nothing to quote.
fn load_piece(
    root: &BookRoot,
    path: &Path,
    listed: Option<&ChapterRef>,
    diags: &mut Diagnostics,
) -> Option<Piece> {
    match root.read_text(path, "a Markdown piece") {
        Ok(text) => frontmatter::parse_piece(path, &text, diags),
        Err(failure) => {
            let d = failure.diagnostic;
            diags.push(match listed {
                Some(r) if failure.not_text => {
                    let at = d.location.clone();
                    let mut placed = r.place(d);
                    // Where in the file the text stops being UTF-8, for a file that is
                    // meant to be text; a known binary format has no such place.
                    if let Some(at) = at.filter(|_| placed.message.contains("invalid byte")) {
                        placed = placed.note_at(
                            &at.file,
                            None,
                            at.line,
                            at.column,
                            "the first byte that is not UTF-8",
                        );
                    }
                    placed
                }
                _ => d,
            });
            None
        }
    }
}

fn discover(root: &BookRoot, diags: &mut Diagnostics) -> Vec<Division> {
    let manuscript = Path::new("manuscript");
    let mut divisions: Vec<Division> = Vec::new();
    let mut walk = Walk::new(root);
    for found in walk.list(manuscript, 0, diags) {
        match found {
            Found::Dir(rel) => {
                let mut files = Vec::new();
                walk.collect(&rel, 1, &mut files, diags);
                let pieces: Vec<Piece> = files
                    .iter()
                    .filter_map(|f| load_piece(root, f, None, diags))
                    .collect();
                if !pieces.is_empty() {
                    let name = rel
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    divisions.push(Division {
                        part: Some(part_title(&name)),
                        pieces,
                    });
                }
            }
            Found::Markdown(rel) => {
                if let Some(piece) = load_piece(root, &rel, None, diags) {
                    match divisions.last_mut() {
                        Some(d) if d.part.is_none() => d.pieces.push(piece),
                        _ => divisions.push(Division {
                            part: None,
                            pieces: vec![piece],
                        }),
                    }
                }
            }
        }
    }
    // Files that were found but failed to load have their own errors already.
    let failed_to_load = diags.has_errors();
    if divisions.is_empty() && !failed_to_load {
        diags.push(
            Diagnostic::error("the book has no chapters: no Markdown files under manuscript/")
                .in_file(Path::new(BOOK_YAML))
                .hint("add Markdown files (.md) to manuscript/, or list them under `contents:` in book.yaml"),
        );
    }
    divisions
}

/// `.md` and `.markdown`, in any case (`.MD` from a case-insensitive file system).
fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|x| x.to_str())
        .is_some_and(|x| x.eq_ignore_ascii_case("md") || x.eq_ignore_ascii_case("markdown"))
}

/// What a folder holds that discovery takes.
enum Found {
    Dir(PathBuf),
    Markdown(PathBuf),
}

/// One walk of manuscript/: every folder and file it reaches, by their real (canonical)
/// place, so that a symlink loop (`loop -> .`) or a second link to a piece is read once.
struct Walk<'a> {
    root: &'a BookRoot,
    seen: HashSet<PathBuf>,
}

impl<'a> Walk<'a> {
    fn new(root: &'a BookRoot) -> Walk<'a> {
        let mut seen = HashSet::new();
        if let Ok(top) = fs::canonicalize(root.path().join("manuscript")) {
            seen.insert(top);
        }
        Walk { root, seen }
    }

    /// Markdown files and subfolders of a folder (relative paths), in natural order. Hidden
    /// entries are skipped; whatever else is not taken is said: links leading outside the
    /// root or to nothing, FIFOs and other special files, folders already read.
    fn list(&mut self, dir: &Path, depth: usize, diags: &mut Diagnostics) -> Vec<Found> {
        let Ok(read) = fs::read_dir(self.root.path().join(dir)) else {
            return Vec::new();
        };
        let mut names: Vec<PathBuf> = read
            .filter_map(Result::ok)
            .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .map(|e| dir.join(e.file_name()))
            .collect();
        names.sort_by(|a, b| natural_cmp(&a.to_string_lossy(), &b.to_string_lossy()));
        let mut found = Vec::new();
        for rel in names {
            let skipped = |what: String, hint: &str| {
                Diagnostic::warning(format!("`{}` {what}; it is skipped", rel.display()))
                    .in_file(&rel)
                    .hint(hint.to_owned())
            };
            let (normal, abs) = match self.root.resolve(&rel) {
                Ok(found) => found,
                Err(PathProblem::SymlinkOutside) => {
                    diags.push(skipped(
                        "is a symbolic link to outside the book root".into(),
                        "copy what it points at into the book folder, or delete the link",
                    ));
                    continue;
                }
                Err(_) => {
                    let abs = self.root.path().join(&rel);
                    if fs::symlink_metadata(&abs).is_ok_and(|m| m.file_type().is_symlink()) {
                        let target = fs::read_link(&abs)
                            .map(|t| format!(" (`{}`)", t.display()))
                            .unwrap_or_default();
                        diags.push(skipped(
                            format!("is a symbolic link to nothing{target}"),
                            "point the link at an existing file, or delete it",
                        ));
                    }
                    continue;
                }
            };
            let Ok(meta) = fs::metadata(&abs) else {
                continue;
            };
            if meta.is_dir() {
                let Ok(real) = fs::canonicalize(&abs) else {
                    continue;
                };
                if !self.seen.insert(real.clone()) {
                    let shown = real
                        .strip_prefix(self.root.path())
                        .map_or_else(|_| real.display().to_string(), |p| p.display().to_string());
                    diags.push(skipped(
                        format!("leads to `{shown}`, a folder already read (a symbolic link loop or a second link)"),
                        "each folder is read once; delete the link if it was not meant",
                    ));
                    continue;
                }
                if depth + 1 > MAX_DISCOVERY_DEPTH {
                    diags.push(skipped(
                        format!(
                            "is more than {MAX_DISCOVERY_DEPTH} folders deep under manuscript/"
                        ),
                        "move its files into a folder nearer manuscript/",
                    ));
                    continue;
                }
                found.push(Found::Dir(normal));
            } else if meta.is_file() {
                if is_markdown(&normal) {
                    let Ok(real) = fs::canonicalize(&abs) else {
                        continue;
                    };
                    if self.seen.insert(real) {
                        found.push(Found::Markdown(normal));
                    } else {
                        diags.push(skipped(
                            "is a second link to a piece already read".into(),
                            "each piece is read once; delete the link if it was not meant",
                        ));
                    }
                }
            } else {
                diags.push(skipped(
                    format!("is {}, not a file folio can read", special_kind(&meta)),
                    "a piece is a regular Markdown file; replace it with one, or delete it",
                ));
            }
        }
        found
    }

    /// Every Markdown file under `dir` (at `depth` folders below manuscript/), subfolders
    /// flattened in order.
    fn collect(
        &mut self,
        dir: &Path,
        depth: usize,
        out: &mut Vec<PathBuf>,
        diags: &mut Diagnostics,
    ) {
        for found in self.list(dir, depth, diags) {
            match found {
                Found::Dir(rel) => self.collect(&rel, depth + 1, out, diags),
                Found::Markdown(rel) => out.push(rel),
            }
        }
    }
}

/// "a FIFO", "a socket", "a device": what a special file is, for a message.
fn special_kind(meta: &fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    let _ = meta;
    "a special file"
}

/// "02-reportage" -> "Reportage"; "10_the-long-read" -> "The long read".
pub fn part_title(folder: &str) -> String {
    let stripped = folder.trim_start_matches(|c: char| c.is_ascii_digit());
    let stripped = if stripped.len() < folder.len() {
        stripped.trim_start_matches(['-', '_', '.', ' '])
    } else {
        folder
    };
    let words = stripped.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => folder.to_owned(),
    }
}

/// Compare names so that runs of digits compare by value: "2-a" < "10-a".
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a, b);
    loop {
        match (a.chars().next(), b.chars().next()) {
            (None, None) => return Ordering::Equal,
            (None, _) => return Ordering::Less,
            (_, None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let da = a.len() - a.trim_start_matches(|c: char| c.is_ascii_digit()).len();
                let db = b.len() - b.trim_start_matches(|c: char| c.is_ascii_digit()).len();
                let (na, nb) = (
                    a[..da].trim_start_matches('0'),
                    b[..db].trim_start_matches('0'),
                );
                let ord = na.len().cmp(&nb.len()).then_with(|| na.cmp(nb));
                if ord != Ordering::Equal {
                    return ord;
                }
                a = &a[da..];
                b = &b[db..];
            }
            (Some(x), Some(y)) => {
                let ord = x.to_lowercase().cmp(y.to_lowercase()).then(x.cmp(&y));
                if ord != Ordering::Equal {
                    return ord;
                }
                a = &a[x.len_utf8()..];
                b = &b[y.len_utf8()..];
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order_compares_numbers_by_value() {
        let mut names = vec!["10-end.md", "2-middle.md", "01-start.md", "b.md", "a.md"];
        names.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            names,
            ["01-start.md", "2-middle.md", "10-end.md", "a.md", "b.md"]
        );
    }

    #[test]
    fn part_titles_lose_their_numeric_prefix() {
        assert_eq!(part_title("02-reportage"), "Reportage");
        assert_eq!(part_title("10_the-long-read"), "The long read");
        assert_eq!(part_title("analysis"), "Analysis");
    }
}
