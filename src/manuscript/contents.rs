//! The book's contents: the ordered pieces, from `contents:` or discovered on disk.
//!
//! With `contents:` each entry is a chapter path or `{part: Title, chapters: [...]}`. Without
//! it, every `.md` under `manuscript/` is taken in natural order (`2-` before `10-`), and each
//! subfolder is a part titled from its name ("02-reportage" -> "Reportage").

use std::cmp::Ordering;
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
    let mut cursor = yaml::key_position(src.yaml, "contents").map_or(0, |(l, _)| l);
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
                            cursor + 1,
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
                                        cursor + 1,
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
                            find_from(src.yaml, &title, &mut cursor),
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
                    cursor + 1,
                    1,
                )
                .hint("write `- manuscript/file.md` or `- part: Title`"),
            ),
        }
    }
    Some(entries)
}

fn chapter_ref(src: &Source, path: &str, cursor: &mut usize) -> ChapterRef {
    let line = find_from(src.yaml, path, cursor);
    let line_text = src.yaml.lines().nth(line - 1).unwrap_or("");
    let column = line_text
        .find(path)
        .map(|b| line_text[..b].chars().count() + 1)
        .unwrap_or(1);
    ChapterRef {
        path: PathBuf::from(path),
        line: line + src.line_offset,
        column,
        line_text: line_text.to_owned(),
    }
}

/// The 1-based line of the next occurrence of `needle` at or after line `*cursor + 1`.
fn find_from(text: &str, needle: &str, cursor: &mut usize) -> usize {
    for (i, line) in text.lines().enumerate().skip(*cursor) {
        if line.contains(needle) {
            *cursor = i + 1;
            return i + 1;
        }
    }
    *cursor + 1
}

/// Turn the entries (or, without them, the files on disk) into loaded pieces.
pub fn resolve(
    root: &BookRoot,
    entries: &Option<Vec<Entry>>,
    diags: &mut Diagnostics,
) -> Vec<Division> {
    match entries {
        Some(entries) => resolve_listed(root, entries, diags),
        None => discover(root, diags),
    }
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
        load_piece(root, &normal, diags)
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

/// Read and split one chapter file (the path is already checked).
fn load_piece(root: &BookRoot, path: &Path, diags: &mut Diagnostics) -> Option<Piece> {
    match root.read_text(path) {
        Ok(text) => frontmatter::parse_piece(path, &text, diags),
        Err(d) => {
            diags.push(*d);
            None
        }
    }
}

fn discover(root: &BookRoot, diags: &mut Diagnostics) -> Vec<Division> {
    let manuscript = Path::new("manuscript");
    let mut divisions: Vec<Division> = Vec::new();
    for (rel, is_dir) in list_dir(root, manuscript, diags) {
        if is_dir {
            let mut files = Vec::new();
            collect_markdown(root, &rel, 1, &mut files, diags);
            let pieces: Vec<Piece> = files
                .iter()
                .filter_map(|f| load_piece(root, f, diags))
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
        } else if let Some(piece) = load_piece(root, &rel, diags) {
            match divisions.last_mut() {
                Some(d) if d.part.is_none() => d.pieces.push(piece),
                _ => divisions.push(Division {
                    part: None,
                    pieces: vec![piece],
                }),
            }
        }
    }
    // Files that were found but failed to load have their own errors already.
    let failed_to_load = diags.has_errors();
    if divisions.is_empty() && !failed_to_load {
        diags.push(
            Diagnostic::error("the book has no chapters: no .md files under manuscript/")
                .in_file(Path::new(BOOK_YAML))
                .hint("add Markdown files to manuscript/, or list them under `contents:` in book.yaml"),
        );
    }
    divisions
}

/// Markdown files and subfolders of a folder (relative paths), in natural order; hidden
/// entries are skipped, and links leading outside the root are skipped with a warning.
fn list_dir(root: &BookRoot, dir: &Path, diags: &mut Diagnostics) -> Vec<(PathBuf, bool)> {
    let Ok(read) = fs::read_dir(root.path().join(dir)) else {
        return Vec::new();
    };
    let mut entries: Vec<(PathBuf, bool)> = read
        .filter_map(Result::ok)
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(|e| {
            let rel = dir.join(e.file_name());
            let (normal, abs) = match root.resolve(&rel) {
                Ok(found) => found,
                Err(PathProblem::SymlinkOutside) => {
                    diags.push(
                        Diagnostic::warning(format!(
                            "`{}` is a symbolic link to outside the book root; it is skipped",
                            rel.display()
                        ))
                        .in_file(&rel)
                        .hint("copy what it points at into the book folder, or delete the link"),
                    );
                    return None;
                }
                Err(_) => return None,
            };
            let meta = fs::metadata(&abs).ok()?;
            if meta.is_dir() {
                Some((normal, true))
            } else if meta.is_file() && normal.extension().is_some_and(|x| x == "md") {
                Some((normal, false))
            } else {
                None
            }
        })
        .collect();
    entries.sort_by(|a, b| natural_cmp(&a.0.to_string_lossy(), &b.0.to_string_lossy()));
    entries
}

fn collect_markdown(
    root: &BookRoot,
    dir: &Path,
    depth: usize,
    out: &mut Vec<PathBuf>,
    diags: &mut Diagnostics,
) {
    if depth > MAX_DISCOVERY_DEPTH {
        return;
    }
    for (rel, is_dir) in list_dir(root, dir, diags) {
        if is_dir {
            collect_markdown(root, &rel, depth + 1, out, diags);
        } else {
            out.push(rel);
        }
    }
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
