//! The manuscript: loading a book project from disk into a [`Book`].
//!
//! This is the only module that reads the manuscript from the file system: `book.yaml`,
//! chapter front matter, contents resolution (explicit or discovered in natural order), path
//! containment, and the book's assets (fonts, cover and images, see [`assets`]). It returns
//! either a `Book` or every problem it found, each with file, line, column and a hint.

mod assets;
mod config;
mod contents;
mod frontmatter;
mod paths;
pub mod print;
mod values;
mod yaml;

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics};
use crate::limits::{MAX_BOOK_TEXT_BYTES, MAX_TITLE_CHARS};

/// Faces from bytes, for other modules' unit tests.
#[cfg(test)]
pub(crate) mod assets_for_tests {
    pub fn faces(bytes: Vec<u8>) -> Vec<super::FontFace> {
        super::assets::faces_of(std::path::Path::new("fonts/test.ttf"), bytes)
    }
}

pub use assets::{is_remote, load_images, FontFace, ImageFile, ImageRef, Images};

/// For the scaffold's test that its book.yaml shows every key the loader knows.
#[cfg(test)]
pub(crate) use config::KNOWN_KEYS as BOOK_YAML_KEYS;
pub use config::STRING_KEYS;
pub use config::{derived_identifier, BookDate, Contributor, Isbn, Metadata, QuoteStyle, Series};
pub use frontmatter::{PieceMeta, Role};
pub use paths::BookRoot;
pub use print::{
    DropCap, Figures, Head, HyphenationException, LeadIn, Margins, Opening, OutputCondition, PdfX,
    PrintSettings, Profile, ProfileRules, RunningHeads, SceneBreak, Trim, DEFAULT_BLEED,
    FOOT_DROP_LEADINGS, FURNITURE_SCALE, HEAD_RAISE_LEADINGS, INK_ASCENT, INK_DESCENT,
    MIN_HEAD_RAISE_LEADINGS, PAPER_CREAM, PAPER_WHITE, POINTS_PER_INCH, POINTS_PER_MM,
};
pub use values::{check_language, isbn13};

/// The warning for a title far longer than any real one (see [`MAX_TITLE_CHARS`]), to be
/// placed at the title by the caller; the book still builds.
fn title_too_long(title: &str) -> Option<Diagnostic> {
    let chars = title.chars().count();
    (chars > MAX_TITLE_CHARS).then(|| {
        Diagnostic::warning(format!(
            "this title is {} characters long (more than {MAX_TITLE_CHARS})",
            crate::diag::grouped(chars)
        ))
        .hint("shorten it, or end the heading's line so the text below it is a paragraph")
    })
}

/// A loaded book project: metadata plus the ordered pieces, all text already read.
#[derive(Debug, Clone)]
pub struct Book {
    /// The book root, absolute and canonical.
    pub root: PathBuf,
    pub meta: Metadata,
    pub print: PrintSettings,
    /// The contents in reading order: runs of pieces, each run inside a part or not.
    pub divisions: Vec<Division>,
    /// The cover image, read, if the book has one.
    pub cover: Option<ImageFile>,
    /// The faces of the font files in the book's `fonts/` folder, in file-name order.
    pub fonts: Vec<FontFace>,
    /// The images the text shows: empty until [`load_images`] has read them (it needs the
    /// IR to know which).
    pub images: Images,
    /// Warnings found while loading; errors stop the load instead.
    pub warnings: Diagnostics,
}

/// A part of the book (`part: Reviews`) or a run of pieces outside any part (`part: None`).
#[derive(Debug, Clone)]
pub struct Division {
    pub part: Option<String>,
    pub pieces: Vec<Piece>,
    /// Whether the division is book.yaml's `front:` or `back:` list, or the body.
    pub matter: Matter,
}

/// Where a division stands: the front matter (`front:`, before the first part, on roman
/// pages in print), the body (`contents:`), or the back matter (`back:`, and the pages folio
/// makes from book.yaml).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Matter {
    Front,
    #[default]
    Body,
    Back,
}

/// One chapter file: its front matter and its Markdown body.
#[derive(Debug, Clone)]
pub struct Piece {
    /// Path relative to the book root, as written in diagnostics.
    pub path: PathBuf,
    pub meta: PieceMeta,
    /// The Markdown after the front matter (and after a leading level-1 heading, when the
    /// title was taken from it).
    pub body: String,
    /// 1-based line of the file at which `body` starts, to map IR positions back to the file.
    pub body_line: usize,
}

impl Book {
    pub fn pieces(&self) -> impl Iterator<Item = &Piece> {
        self.divisions.iter().flat_map(|d| d.pieces.iter())
    }

    /// The file name stem used for the editions: `dist/<slug>.epub`.
    pub fn slug(&self) -> String {
        slugify(&self.meta.title)
    }
}

/// Load the book whose root is `root` (the folder holding `manuscript/book.yaml`).
pub fn load(root: &Path) -> Result<Book, Diagnostics> {
    match load_with_diagnostics(root) {
        (Some(book), diags) if !diags.has_errors() => Ok(book),
        (_, diags) => Err(diags),
    }
}

/// Load as much of the book as can be loaded, with every problem found. The book is there
/// whenever book.yaml could be read as a map, even if some of it (or some chapters) had
/// errors, so that later stages can report their own problems in the same run; it must not
/// be rendered unless the diagnostics hold no error.
pub fn load_with_diagnostics(root: &Path) -> (Option<Book>, Diagnostics) {
    load_with_font_paths(root, &[])
}

/// [`load`] with the font folders the user named on the command line (`--font-path`),
/// whose faces follow fonts/'s.
pub fn load_with_fonts(root: &Path, font_paths: &[PathBuf]) -> Result<Book, Diagnostics> {
    match load_with_font_paths(root, font_paths) {
        (Some(book), diags) if !diags.has_errors() => Ok(book),
        (_, diags) => Err(diags),
    }
}

/// [`load_with_diagnostics`] with the font folders the user named (`--font-path`).
pub fn load_with_font_paths(root: &Path, font_paths: &[PathBuf]) -> (Option<Book>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let root = match BookRoot::open(root) {
        Ok(r) => r,
        Err(d) => {
            diags.push(d);
            return (None, diags);
        }
    };
    let config_path = Path::new("manuscript/book.yaml");
    let config_text = match root.read_text(config_path, "text") {
        Ok(t) => t,
        Err(failure) => {
            diags.push(failure.diagnostic);
            return (None, diags);
        }
    };
    let parsed = config::parse(config_path, &config_text, &mut diags);
    let Some(parsed) = parsed else {
        return (None, diags);
    };
    let divisions = contents::resolve(
        &root,
        &parsed.contents,
        &parsed.matter,
        &config_text,
        &mut diags,
    );
    check_book_size(&divisions, &mut diags);
    let cover = assets::read_cover(&root, parsed.cover.as_ref(), &mut diags);
    let fonts = assets::read_fonts(&root, font_paths, &mut diags);
    let book = Book {
        root: root.path().to_path_buf(),
        meta: parsed.meta,
        print: parsed.print,
        divisions,
        cover,
        fonts,
        images: Images::default(),
        warnings: Diagnostics(diags.0.iter().filter(|d| !d.is_error()).cloned().collect()),
    };
    (Some(book), diags)
}

/// The whole book's text must stay within [`MAX_BOOK_TEXT_BYTES`] (each file was already
/// held to its own limit when read).
fn check_book_size(divisions: &[Division], diags: &mut Diagnostics) {
    let total: u64 = divisions
        .iter()
        .flat_map(|d| &d.pieces)
        .map(|p| p.body.len() as u64)
        .sum();
    if total > MAX_BOOK_TEXT_BYTES {
        diags.push(
            Diagnostic::error(format!(
                "the book's chapters hold {:.1} MB of text, more than folio sets in one book ({} MB)",
                total as f64 / (1024.0 * 1024.0),
                MAX_BOOK_TEXT_BYTES / (1024 * 1024)
            ))
            .in_file(Path::new("manuscript/book.yaml"))
            .hint("split the text into several books (volumes)"),
        );
    }
}

/// A file-name-safe slug: lowercase letters and digits joined by single hyphens.
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    let mut pending_hyphen = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_hyphen && !slug.is_empty() {
                slug.push('-');
            }
            pending_hyphen = false;
            slug.extend(c.to_lowercase());
        } else if c != '\'' && c != '\u{2019}' {
            pending_hyphen = true;
        }
    }
    if slug.is_empty() {
        slug.push_str("book");
    }
    // A file name holds 255 bytes; the editions add `-cover.pdf` and their temporary names
    // `.` and `.<pid>.tmp`. Cut at a character, never leaving a hyphen at the end.
    if slug.len() > MAX_SLUG_BYTES {
        let mut end = MAX_SLUG_BYTES;
        while !slug.is_char_boundary(end) {
            end -= 1;
        }
        slug.truncate(end);
        let kept = slug.trim_end_matches('-').len();
        slug.truncate(kept);
    }
    slug
}

/// Longest slug, in bytes (see [`slugify`]): 84 CJK characters are 252.
pub const MAX_SLUG_BYTES: usize = 200;

pub(crate) fn suggest<'a>(unknown: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(unknown, k), *k))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

pub(crate) fn unknown_key(src: &yaml::Source, key: &str, known: &[&str]) -> Diagnostic {
    let d = src.at_key(Diagnostic::error(format!("unknown key `{key}`")), key);
    match suggest(key, known) {
        Some(k) => d.hint(format!("did you mean `{k}`?")),
        None => d.hint(format!("known keys are: {}", known.join(", "))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_drops_punctuation_and_apostrophes() {
        assert_eq!(
            slugify("Seen, Read & Heard: January 2015"),
            "seen-read-heard-january-2015"
        );
        assert_eq!(slugify("Britain’s Best"), "britains-best");
        assert_eq!(slugify("!!!"), "book");
    }

    #[test]
    fn slug_is_capped_by_bytes_at_a_character() {
        let cjk = slugify(&"漢字".repeat(42));
        assert_eq!(cjk.len(), 198, "66 three-byte characters");
        assert!(cjk.chars().all(|c| c == '漢' || c == '字'));
        let words = slugify(&"ab ".repeat(100));
        assert!(
            words.len() <= MAX_SLUG_BYTES && !words.ends_with('-'),
            "{words}"
        );
    }

    #[test]
    fn suggestion_finds_the_near_key() {
        assert_eq!(
            suggest("titel", &["title", "subtitle", "author"]),
            Some("title")
        );
        assert_eq!(suggest("zzz", &["title", "author"]), None);
    }
}
