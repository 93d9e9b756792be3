//! The files of a new book project (`folio new`), kept as real files under `files/` so they
//! can be read, linted and tested as what they are; compiled into the binary.
//!
//! A new project follows the manuscript contract: `manuscript/book.yaml` with every key
//! shown (commented where it is optional), two sample pieces in two parts, a `.gitignore`
//! for `dist/`, a README for the author and the release workflow that builds the editions
//! on a tag. It builds at once, and `folio check` finds nothing in it.

use std::path::PathBuf;

/// `{{title}}` in a file is replaced by the book's title (quoted, in book.yaml).
const TITLE: &str = "{{title}}";
/// `{{identifier}}` in book.yaml is replaced by a fresh random UUID: the one place folio
/// uses randomness, since a book's identity must not follow from its title.
const IDENTIFIER: &str = "{{identifier}}";

/// (path in the new project, template text).
const FILES: &[(&str, &str)] = &[
    ("manuscript/book.yaml", include_str!("files/book.yaml")),
    (
        "manuscript/01-beginnings/01-how-to-write-here.md",
        include_str!("files/manuscript/01-beginnings/01-how-to-write-here.md"),
    ),
    (
        "manuscript/02-letters/01-a-letter-to-the-reader.md",
        include_str!("files/manuscript/02-letters/01-a-letter-to-the-reader.md"),
    ),
    (".gitignore", include_str!("files/gitignore")),
    ("README.md", include_str!("files/README.md")),
    (".github/workflows/release.yml", RELEASE_WORKFLOW),
];

/// The release workflow, also published as `docs/release.yml` (a test keeps them equal).
pub const RELEASE_WORKFLOW: &str = include_str!("files/release.yml");

/// The files of a new project titled `title`, with a fresh identifier: (relative path,
/// contents).
pub fn files(title: &str) -> Vec<(PathBuf, String)> {
    files_with_identifier(title, &format!("urn:uuid:{}", uuid::Uuid::new_v4()))
}

/// The files of a new project titled `title` whose book.yaml names `identifier`.
pub fn files_with_identifier(title: &str, identifier: &str) -> Vec<(PathBuf, String)> {
    FILES
        .iter()
        .map(|(path, text)| {
            let value = if path.ends_with(".yaml") {
                yaml_string(title)
            } else {
                title.to_string()
            };
            let text = text.replace(TITLE, &value).replace(IDENTIFIER, identifier);
            (PathBuf::from(path), text)
        })
        .collect()
}

/// A YAML double-quoted scalar: a JSON string is one, whatever the title holds (colons,
/// quotes, a leading `-` or `#` that would otherwise change what the line means).
fn yaml_string(text: &str) -> String {
    serde_json::Value::String(text.to_string()).to_string()
}

/// A title from a folder name: `my-first_book` -> "My First Book".
pub fn title_from_folder(name: &str) -> String {
    let words: Vec<String> = name
        .split(['-', '_', ' ', '.'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        })
        .collect();
    if words.is_empty() {
        "Untitled".to_string()
    } else {
        words.join(" ")
    }
}

#[cfg(test)]
mod tests;
