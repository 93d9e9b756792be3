//! The book's assets: its font faces, its cover and the images its text shows, each read
//! once, through the root-confined reader and within [`crate::limits`].
//!
//! Fonts and the cover are read with the rest of the book ([`super::load`]). Images are
//! named in the Markdown, which the loader does not parse, so they come in a second phase:
//! once the IR is built, the build hands [`load_images`] the image blocks it found (source
//! as written and where, see [`ImageRef`]) and stores the answer in [`Book::images`]. Data
//! still flows one way: the IR gives the loader only paths and places, never itself.
//!
//! Each face is identified by its own tables, not by its file name: family from the name
//! table (typographic family, id 16, else family, id 1), weight from OS/2's usWeightClass,
//! italic from OS/2's fsSelection (or a slanted post table). Each image keeps its bytes and
//! the format and pixel size read from its header; nothing here decodes pixels (the
//! typesetter decodes for print, once; the EPUB passes the bytes through).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use image::ImageFormat;

use super::contents::ChapterRef;
use super::paths::{path_diagnostic, BookRoot, PathProblem};
use super::Book;
use crate::diag::{Diagnostic, Diagnostics};
use crate::limits::{MAX_FONT_FILE_BYTES, MAX_IMAGE_FILE_BYTES};

/// One face of a font file in the book's `fonts/` (a collection holds several).
#[derive(Debug, Clone)]
pub struct FontFace {
    /// The file, relative to the book root.
    pub path: PathBuf,
    /// The face's index in its file (0 unless the file is a collection).
    pub index: u32,
    /// The whole file, shared by every face of a collection.
    pub data: Arc<Vec<u8>>,
    /// Typographic family name (name id 16, else 1).
    pub family: String,
    /// OS/2 usWeightClass: 400 regular, 700 bold.
    pub weight: u16,
    pub italic: bool,
}

impl FontFace {
    /// Identify face `index` of `data` (the file `path`) by its own tables.
    pub fn identify(
        path: &Path,
        data: Arc<Vec<u8>>,
        index: u32,
    ) -> Result<FontFace, ttf_parser::FaceParsingError> {
        let face = ttf_parser::Face::parse(&data, index)?;
        let family = name(&face, ttf_parser::name_id::TYPOGRAPHIC_FAMILY)
            .or_else(|| name(&face, ttf_parser::name_id::FAMILY))
            .unwrap_or_default();
        let weight = face.weight().to_number();
        let italic = face.is_italic() || face.is_oblique() || face.italic_angle() != 0.0;
        Ok(FontFace {
            path: path.to_path_buf(),
            index,
            family,
            weight,
            italic,
            data: Arc::clone(&data),
        })
    }
}

/// A name-table entry in a form folio can read: Unicode, English first.
fn name(face: &ttf_parser::Face, id: u16) -> Option<String> {
    let names: Vec<_> = face
        .names()
        .into_iter()
        .filter(|n| n.name_id == id && n.is_unicode())
        .collect();
    let english = names.iter().find(|n| n.language_id == 0x0409);
    english
        .into_iter()
        .chain(names.iter())
        .find_map(|n| n.to_string())
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
}

/// An image file: its bytes and what its header says.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageFile {
    /// The file, relative to the book root, normalised.
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    /// JPEG or PNG.
    pub format: ImageFormat,
    pub width: u32,
    pub height: u32,
}

impl ImageFile {
    /// An image from bytes already in hand; the error says what is wrong with them.
    pub fn from_bytes(path: &Path, bytes: Vec<u8>) -> Result<ImageFile, String> {
        let (format, width, height) = crate::limits::image_header(&bytes)?;
        Ok(ImageFile {
            path: path.to_path_buf(),
            bytes,
            format,
            width,
            height,
        })
    }

    /// Media type for the package.
    pub fn mime(&self) -> &'static str {
        match self.format {
            ImageFormat::Jpeg => "image/jpeg",
            _ => "image/png",
        }
    }

    /// File extension for the package.
    pub fn ext(&self) -> &'static str {
        match self.format {
            ImageFormat::Jpeg => "jpg",
            _ => "png",
        }
    }
}

/// An image the text shows, and where, for [`load_images`]'s messages.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageRef {
    /// As written in the Markdown, relative to the book root.
    pub src: String,
    /// The piece that shows it, relative to the root.
    pub file: PathBuf,
    /// 1-based line and column in that file; line 0 when only the file is known.
    pub line: usize,
    pub column: usize,
    /// The text of that line, quoted in messages.
    pub line_text: Option<String>,
}

impl ImageRef {
    /// Put `d` where the image is named.
    pub fn place(&self, d: Diagnostic) -> Diagnostic {
        if self.line == 0 {
            return d.in_file(&self.file);
        }
        let mut d = d.at(&self.file, None, self.line, self.column);
        d.source_line = self.line_text.clone();
        d
    }
}

/// Whether an image source names something outside the book that is never read.
pub fn is_remote(src: &str) -> bool {
    src.contains("://") || src.starts_with("data:") || src.starts_with("//")
}

/// The images the text shows, by source as written. Empty until [`load_images`] has run.
#[derive(Debug, Clone, Default)]
pub struct Images {
    by_src: HashMap<String, Arc<ImageFile>>,
}

impl Images {
    /// The loaded image for a source as written; `None` for a remote source or one that
    /// could not be loaded (already reported).
    pub fn get(&self, src: &str) -> Option<&Arc<ImageFile>> {
        self.by_src.get(src)
    }
}

/// Read every local image `refs` name, each file once however often and however it is
/// named. Problems (a missing or outside file, an image that is no JPEG or PNG, or one
/// whose header declares more than folio decodes) are errors at the image's place.
pub fn load_images(book: &Book, refs: &[ImageRef]) -> (Images, Diagnostics) {
    let mut diags = Diagnostics::default();
    let mut images = Images::default();
    let root = BookRoot::from_canonical(book.root.clone());
    let mut by_path: HashMap<PathBuf, Arc<ImageFile>> = HashMap::new();
    // A source that failed is reported once, at its first use.
    let mut failed: HashSet<&str> = HashSet::new();
    // Where each source was first found, for a second use that means another file.
    let mut first_use: HashMap<&str, &ImageRef> = HashMap::new();
    for r in refs {
        if is_remote(&r.src) || failed.contains(&*r.src) {
            continue;
        }
        if let Some(image) = images.by_src.get(&r.src) {
            // The editions know an image by its path as written: the same text resolved
            // from another piece's folder to another file would show the first one's file.
            if let Ok(other) = find_image(&root, r) {
                if other != image.path {
                    let first = first_use[&*r.src];
                    diags.push(
                        r.place(
                            Diagnostic::error(format!(
                                "image `{}` is `{}` here but `{}` in `{}`",
                                r.src,
                                other.display(),
                                image.path.display(),
                                first.file.display()
                            ))
                            .hint(format!(
                                "write the path from the book root here (`{}`), so that each \
                             piece names its own file",
                                other.display()
                            )),
                        ),
                    );
                }
            }
            continue;
        }
        first_use.insert(&r.src, r);
        let loaded = match find_image(&root, r) {
            Ok(normal) if by_path.contains_key(&normal) => Ok(Arc::clone(&by_path[&normal])),
            Ok(normal) => read_image(&root, &normal, "image").map(Arc::new),
            Err(d) => Err(d),
        };
        match loaded {
            Ok(image) => {
                by_path.insert(image.path.clone(), Arc::clone(&image));
                images.by_src.insert(r.src.clone(), image);
            }
            Err(d) => {
                failed.insert(&r.src);
                diags.push(r.place(*d));
            }
        }
    }
    (images, diags)
}

/// Where the image `r` names is: its path from the book root, else from the piece's own
/// folder (as links are resolved, contract v2), normalised. When neither is a file, the
/// problem of the one that got furthest, saying where folio looked.
fn find_image(root: &BookRoot, r: &ImageRef) -> Result<PathBuf, Box<Diagnostic>> {
    let written = Path::new(&r.src);
    let from_root = root.resolve_file(written);
    if let Ok((normal, _)) = from_root {
        return Ok(normal);
    }
    let folder = r.file.parent().unwrap_or(Path::new(""));
    let beside = folder.join(written);
    let from_piece = root.resolve_file(&beside);
    if let Ok((normal, _)) = from_piece {
        return Ok(normal);
    }
    let (Err(at_root), Err(at_piece)) = (from_root, from_piece) else {
        unreachable!("both were errors");
    };
    let outside = |p: &PathProblem| matches!(p, PathProblem::Escapes | PathProblem::Absolute);
    // A problem with a file that is there (a link out of the book, a folder) is its own.
    let (problem, path) = match (&at_root, &at_piece) {
        (p, _) if !outside(p) && *p != PathProblem::Missing => (at_root, written.to_path_buf()),
        (_, p) if !outside(p) && *p != PathProblem::Missing => (at_piece, beside.clone()),
        (p, q) if outside(p) && outside(q) => (at_root, written.to_path_buf()),
        _ => (PathProblem::Missing, written.to_path_buf()),
    };
    let mut d = path_diagnostic(&path, &problem, "image");
    if problem == PathProblem::Missing {
        let shown = |p: &Path| {
            super::paths::normalise_lexically(p).map_or_else(
                || "outside the book root".to_owned(),
                |n| format!("`{}`", n.display().to_string().replace('\\', "/")),
            )
        };
        d = d.hint(format!(
            "folio looked for it from the book root ({}) and from the piece's folder ({}); check the spelling",
            shown(written),
            shown(&beside)
        ));
    }
    Err(Box::new(d))
}

/// Read an image through the root and check its header.
fn read_image(root: &BookRoot, rel: &Path, what: &str) -> Result<ImageFile, Box<Diagnostic>> {
    let (normal, bytes) = root.read_bytes(rel, what, MAX_IMAGE_FILE_BYTES)?;
    ImageFile::from_bytes(&normal, bytes).map_err(|why| {
        let shown = normal.display();
        Box::new(if what == "cover" {
            Diagnostic::error(format!("the cover `{shown}` {why}")).hint(
                "re-export the cover as a JPEG or PNG of at most a few thousand pixels a side",
            )
        } else {
            Diagnostic::error(format!("image `{shown}` {why}"))
                .hint("re-export it as a JPEG or PNG of at most a few thousand pixels a side")
        })
    })
}

/// The cover: the path book.yaml names, else `covers/front.jpg|jpeg|png` if present. It is
/// read now and its header checked, so a damaged or enormous cover is reported with the
/// loader's other problems, at the line that names it.
pub(super) fn read_cover(
    root: &BookRoot,
    cover: Option<&ChapterRef>,
    diags: &mut Diagnostics,
) -> Option<ImageFile> {
    let (path, place): (PathBuf, Option<&ChapterRef>) = match cover {
        Some(named) => (named.path.clone(), Some(named)),
        None => {
            let found = ["covers/front.jpg", "covers/front.jpeg", "covers/front.png"]
                .iter()
                .map(Path::new)
                .find(|p| !matches!(root.resolve_file(p), Err(PathProblem::Missing)))?;
            (found.to_path_buf(), None)
        }
    };
    read_image(root, &path, "cover")
        .map_err(|d| {
            diags.push(match place {
                Some(r) => {
                    let mut d = d.at(Path::new("manuscript/book.yaml"), None, r.line, r.column);
                    d.source_line = Some(r.line_text.clone());
                    d
                }
                None => d.in_file(&path),
            })
        })
        .ok()
}

/// Every face of the book's `fonts/`, in file-name order (collections face by face). A file
/// that is no TrueType or OpenType font is an error naming it, found now rather than deep
/// inside the PDF edition.
///
/// Then the faces of the font files in each folder of `font_paths` (`--font-path`: the
/// only fonts outside the book root folio reads, because the user named them), each
/// folder's files in path order, its subfolders included (as Typst's `--font-path`).
pub(super) fn read_fonts(
    root: &BookRoot,
    font_paths: &[PathBuf],
    diags: &mut Diagnostics,
) -> Vec<FontFace> {
    let (files, problems) = root.font_files();
    problems.into_iter().for_each(|d| diags.push(d));
    let mut faces = Vec::new();
    for file in files {
        let data = match root.read_bytes(&file, "font", MAX_FONT_FILE_BYTES) {
            Ok((_, bytes)) => Arc::new(bytes),
            Err(d) => {
                diags.push(d.in_file(&file));
                continue;
            }
        };
        faces_of_file(&file, data, false, &mut faces, diags);
    }
    for dir in font_paths {
        if !dir.is_dir() {
            diags.push(
                Diagnostic::error(format!("--font-path `{}` is not a folder", dir.display()))
                    .hint("name a folder that holds .ttf, .otf or .ttc font files"),
            );
            continue;
        }
        for file in named_font_files(dir) {
            let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
            if size > MAX_FONT_FILE_BYTES {
                diags.push(Diagnostic::warning(format!(
                    "font `{}` is {} MB, more than folio reads ({} MB): skipped",
                    file.display(),
                    size / (1024 * 1024),
                    MAX_FONT_FILE_BYTES / (1024 * 1024)
                )));
                continue;
            }
            match std::fs::read(&file) {
                Ok(bytes) => faces_of_file(&file, Arc::new(bytes), true, &mut faces, diags),
                Err(e) => diags.push(Diagnostic::warning(format!(
                    "cannot read font `{}`: {e}",
                    file.display()
                ))),
            }
        }
    }
    faces
}

/// Folders below a `--font-path` folder that are searched (a system's fonts tree is 3 deep).
const FONT_PATH_DEPTH: usize = 8;

/// The font files under `dir`, in path order; symbolic links are not followed (a loop
/// would never end, and a link out of the named folder is not what the user named).
fn named_font_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), 0)];
    while let Some((folder, depth)) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let path = entry.path();
            if kind.is_dir() && depth < FONT_PATH_DEPTH {
                stack.push((path, depth + 1));
            } else if kind.is_file() && is_font_file(&path) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn is_font_file(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            "ttf" | "otf" | "ttc" | "otc"
        )
    })
}

/// Every face of one font file's bytes into `faces`. A face that does not parse is an error
/// naming the file when the book holds it; in a folder the user named (a system's fonts,
/// say) it is a warning and the face is skipped.
fn faces_of_file(
    file: &Path,
    data: Arc<Vec<u8>>,
    named: bool,
    faces: &mut Vec<FontFace>,
    diags: &mut Diagnostics,
) {
    let count = ttf_parser::fonts_in_collection(&data).unwrap_or(1);
    for index in 0..count {
        match FontFace::identify(file, Arc::clone(&data), index) {
            Ok(face) => faces.push(face),
            Err(e) => {
                let which = if count > 1 {
                    format!("face {index} of font `{}`", file.display())
                } else {
                    format!("font `{}`", file.display())
                };
                let message = format!("{which} is not a TrueType or OpenType font ({e})");
                diags.push(if named {
                    Diagnostic::warning(format!("{message}: skipped"))
                } else {
                    Diagnostic::error(message).in_file(file).hint(
                        "replace it with a .ttf or .otf font file, or remove it to use the built-in EB Garamond",
                    )
                });
            }
        }
    }
}

/// The faces of a font file's bytes, for tests elsewhere in the crate.
#[cfg(test)]
pub(crate) fn faces_of(path: &Path, bytes: Vec<u8>) -> Vec<FontFace> {
    let data = Arc::new(bytes);
    let count = ttf_parser::fonts_in_collection(&data).unwrap_or(1);
    (0..count)
        .filter_map(|i| FontFace::identify(path, Arc::clone(&data), i).ok())
        .collect()
}

#[cfg(test)]
#[path = "../../tests/support/collection.rs"]
mod collection;

#[cfg(test)]
mod tests {
    use super::collection::collection;
    use super::*;
    use std::io::Cursor;

    fn builtin(name: &str) -> Vec<u8> {
        std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("fonts")
                .join(name),
        )
        .unwrap()
    }

    #[test]
    fn faces_are_identified_by_their_tables_not_their_file_names() {
        let faces = faces_of(
            Path::new("fonts/zz.ttf"),
            builtin("EBGaramond-BoldItalic.ttf"),
        );
        assert_eq!(faces.len(), 1);
        let f = &faces[0];
        assert_eq!(
            (f.family.as_str(), f.weight, f.italic),
            ("EB Garamond", 700, true)
        );
        let faces = faces_of(
            Path::new("fonts/Bold.ttf"),
            builtin("EBGaramond-Regular.ttf"),
        );
        assert_eq!((faces[0].weight, faces[0].italic), (400, false));
    }

    #[test]
    fn each_face_of_a_collection_is_identified_by_its_index() {
        let ttc = collection(&[
            builtin("EBGaramond-Regular.ttf"),
            builtin("EBGaramond-BoldItalic.ttf"),
        ]);
        let faces = faces_of(Path::new("fonts/Garamond.ttc"), ttc);
        let seen: Vec<_> = faces
            .iter()
            .map(|f| (f.index, f.weight, f.italic))
            .collect();
        assert_eq!(seen, [(0, 400, false), (1, 700, true)]);
        let face = ttf_parser::Face::parse(&faces[1].data, faces[1].index).unwrap();
        assert!(face.is_italic() && face.weight().to_number() == 700);
        assert_eq!(
            name(&face, ttf_parser::name_id::POST_SCRIPT_NAME).as_deref(),
            Some("EBGaramond-BoldItalic")
        );
        assert!(face.glyph_index('g').is_some());
    }

    fn image_ref(src: &str, line: usize) -> ImageRef {
        ImageRef {
            src: src.into(),
            file: "manuscript/a.md".into(),
            line,
            column: 3,
            line_text: Some(format!("![]({src})")),
        }
    }

    #[test]
    fn each_image_file_is_read_once_however_it_is_named_and_problems_are_placed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("manuscript")).unwrap();
        std::fs::write(dir.path().join("manuscript/book.yaml"), "title: T\n").unwrap();
        std::fs::write(dir.path().join("manuscript/a.md"), "# A\n").unwrap();
        std::fs::create_dir_all(dir.path().join("images")).unwrap();
        image::GrayImage::new(4, 2)
            .save(dir.path().join("images/a.png"))
            .unwrap();
        let book = super::super::load(dir.path()).unwrap();
        let refs = [
            image_ref("images/a.png", 2),
            image_ref("./images/../images/a.png", 3),
            image_ref("https://example.org/b.png", 4),
            image_ref("images/gone.png", 5),
            image_ref("images/gone.png", 6),
        ];
        let (images, diags) = load_images(&book, &refs);
        let a = images.get("images/a.png").unwrap();
        assert!(Arc::ptr_eq(
            a,
            images.get("./images/../images/a.png").unwrap()
        ));
        assert_eq!(
            (a.width, a.height, a.path.as_path()),
            (4, 2, Path::new("images/a.png"))
        );
        assert!(images.get("https://example.org/b.png").is_none());
        assert_eq!(diags.0.len(), 1, "{diags}");
        let d = &diags.0[0];
        assert!(
            d.message.contains("images/gone.png` does not exist"),
            "{}",
            d.message
        );
        assert_eq!(
            d.location.as_ref().map(|l| (l.line, l.column)),
            Some((5, 3))
        );
    }

    #[test]
    fn an_image_is_known_by_its_header() {
        let mut png = Vec::new();
        image::RgbImage::new(3, 2)
            .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
            .unwrap();
        let img = ImageFile::from_bytes(Path::new("a.jpg"), png).unwrap();
        assert_eq!(
            (img.format, img.width, img.height),
            (ImageFormat::Png, 3, 2)
        );
        assert_eq!((img.mime(), img.ext()), ("image/png", "png"));
        assert!(
            ImageFile::from_bytes(Path::new("a.png"), b"GIF89a..".to_vec())
                .unwrap_err()
                .contains("GIF")
        );
    }
}
