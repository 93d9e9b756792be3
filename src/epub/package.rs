//! Packaging: epub-builder builds the EPUB, then folio re-packs it reproducibly.
//!
//! Method: epub-builder 0.8 writes the manifest, spine, guide, container and NCX from the
//! documents handed to it in reading order; that part is sound and kept. Three things are not
//! and are fixed on the way out, by opening its zip and writing a new one with the `zip` crate:
//! - the OPF's `<metadata>` (id clash, clock time, random UUID): replaced, see [`super::opf`];
//! - the nav (flat, no `lang`, toc and landmarks only): replaced by [`super::nav`]'s;
//! - the zip itself (entries stamped with the current time): every entry gets the one time
//!   derived from the build's timestamp, `mimetype` goes first and STORED as OCF requires, and
//!   the rest follow in a fixed order (container, OPF, then by name), so the same inputs give
//!   the same bytes.
//!
//! Entries that need no change (every content document, most of the book) are copied across
//! still compressed, with only their time set: epub-builder's deflate is deterministic, and
//! inflating and deflating each again took as long as building them.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};

use epub_builder::{EpubBuilder, EpubContent, EpubVersion, ReferenceType, TocElement, ZipLibrary};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use crate::epub::assets::Resource;

/// A content document in reading order.
pub struct ContentDoc {
    pub file: String,
    pub xhtml: String,
    /// Its entry in the NCX, if it has one.
    pub toc: Option<TocEntry>,
    /// Its role, for epub-builder's guide.
    pub reftype: Option<ReferenceType>,
}

/// An NCX entry: level 1 for parts and for pieces outside parts, 2 for pieces in a part;
/// `children` are (href, title) of the piece's sections.
pub struct TocEntry {
    pub title: String,
    pub level: i32,
    pub children: Vec<(String, String)>,
}

/// Everything the package holds.
pub struct Contents<'a> {
    pub docs: Vec<ContentDoc>,
    pub cover: &'a Resource,
    pub resources: &'a [Resource],
    pub stylesheet: &'a str,
    /// The contents' heading, in the book's language (the guide's name for the toc).
    pub toc_name: &'a str,
}

fn builder_error(e: epub_builder::Error) -> String {
    format!("epub-builder failed: {e}")
}

/// Let epub-builder write the EPUB (its metadata is replaced later, so only what feeds the
/// manifest, spine, guide and NCX is set here).
pub fn assemble(contents: &Contents) -> Result<Vec<u8>, String> {
    let zip = ZipLibrary::new().map_err(builder_error)?;
    let mut b = EpubBuilder::new(zip).map_err(builder_error)?;
    b.epub_version(EpubVersion::V30);
    // Names the toc in the guide; the NCX title is set to the book's own when re-packing.
    b.set_toc_name(contents.toc_name);
    b.stylesheet(contents.stylesheet.as_bytes())
        .map_err(builder_error)?;
    let cover = contents.cover;
    b.add_cover_image(&cover.href, cover.bytes.as_slice(), cover.mime)
        .map_err(builder_error)?;
    for r in contents.resources {
        b.add_resource(&r.href, r.bytes.as_slice(), r.mime)
            .map_err(builder_error)?;
    }
    for doc in &contents.docs {
        let mut content = EpubContent::new(doc.file.as_str(), doc.xhtml.as_bytes());
        if let Some(toc) = &doc.toc {
            content = content.title(toc.title.as_str()).level(toc.level);
            for (href, title) in &toc.children {
                content = content.child(TocElement::new(href.as_str(), title.as_str()));
            }
        }
        if let Some(reftype) = doc.reftype {
            content = content.reftype(reftype);
        }
        b.add_content(content).map_err(builder_error)?;
    }
    let mut out = Vec::new();
    b.generate(&mut out).map_err(builder_error)?;
    Ok(out)
}

/// The zip time for every entry: `timestamp` in UTC, clamped to what a zip can hold
/// (1980-01-01 to 2107-12-31).
pub fn zip_time(timestamp: i64) -> DateTime {
    let t = crate::dates::utc(timestamp);
    let fields = if t.year() < 1980 {
        (1980, 1, 1, 0, 0, 0)
    } else if t.year() > 2107 {
        (2107, 12, 31, 23, 59, 58)
    } else {
        (
            t.year() as u16,
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second(),
        )
    };
    DateTime::from_date_and_time(fields.0, fields.1, fields.2, fields.3, fields.4, fields.5)
        .unwrap_or_default()
}

/// Where an entry goes: mimetype, the container, other META-INF files, the OPF, then the rest
/// by name.
fn rank(name: &str) -> u8 {
    match name {
        "mimetype" => 0,
        "META-INF/container.xml" => 1,
        n if n.starts_with("META-INF/") => 2,
        n if n.ends_with(".opf") => 3,
        _ => 4,
    }
}

/// Already-compressed formats are stored: deflating them again only costs time.
fn method(name: &str) -> CompressionMethod {
    let stored = name == "mimetype"
        || [".jpg", ".jpeg", ".png", ".gif"]
            .iter()
            .any(|ext| name.to_ascii_lowercase().ends_with(ext));
    if stored {
        CompressionMethod::Stored
    } else {
        CompressionMethod::Deflated
    }
}

/// Rewrite an EPUB zip: `fix` may replace the bytes of the entries named in `fixed` (it is
/// called with each of them); entries are written in a fixed order with one fixed time.
pub fn repack(
    raw: &[u8],
    timestamp: i64,
    fixed: &[&str],
    mut fix: impl FnMut(&str, Vec<u8>) -> Result<Vec<u8>, String>,
) -> Result<Vec<u8>, String> {
    let zip_err = |e: zip::result::ZipError| format!("re-packing the EPUB failed: {e}");
    let mut archive = ZipArchive::new(Cursor::new(raw)).map_err(zip_err)?;
    // (rank, name) -> index in the archive, so the entries come out in the fixed order.
    let mut entries = BTreeMap::new();
    for i in 0..archive.len() {
        let file = archive.by_index_raw(i).map_err(zip_err)?;
        if file.is_dir() {
            continue;
        }
        let name = file.name().to_string();
        entries.insert((rank(&name), name), i);
    }
    let time = zip_time(timestamp);
    let options = |name: &str| {
        SimpleFileOptions::default()
            .compression_method(method(name))
            .last_modified_time(time)
            .unix_permissions(0o644)
    };
    let mut out = ZipWriter::new(Cursor::new(Vec::new()));
    if !entries.keys().any(|(_, n)| n == "mimetype") {
        out.start_file("mimetype", options("mimetype"))
            .map_err(zip_err)?;
        out.write_all(b"application/epub+zip")
            .map_err(|e| format!("re-packing the EPUB failed writing `mimetype`: {e}"))?;
    }
    for ((_, name), index) in entries {
        let file = archive.by_index_raw(index).map_err(zip_err)?;
        let as_it_is = !fixed.contains(&name.as_str())
            && file.compression() == method(&name)
            && name != "mimetype";
        if as_it_is {
            out.raw_copy_file_touch(file, time, Some(0o644))
                .map_err(zip_err)?;
            continue;
        }
        drop(file);
        let mut file = archive.by_index(index).map_err(zip_err)?;
        let mut bytes = Vec::with_capacity(file.size() as usize);
        file.read_to_end(&mut bytes)
            .map_err(|e| format!("re-packing the EPUB failed reading `{name}`: {e}"))?;
        let bytes = if fixed.contains(&name.as_str()) {
            fix(&name, bytes)?
        } else {
            bytes
        };
        out.start_file(name.as_str(), options(&name))
            .map_err(zip_err)?;
        out.write_all(&bytes)
            .map_err(|e| format!("re-packing the EPUB failed writing `{name}`: {e}"))?;
    }
    Ok(out.finish().map_err(zip_err)?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_zip() -> Vec<u8> {
        let mut w = ZipWriter::new(Cursor::new(Vec::new()));
        for name in [
            "OEBPS/b.xhtml",
            "OEBPS/content.opf",
            "mimetype",
            "META-INF/container.xml",
        ] {
            w.start_file(name, SimpleFileOptions::default()).unwrap();
            let content = if name == "mimetype" {
                "application/epub+zip"
            } else {
                name
            };
            w.write_all(content.as_bytes()).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn repack_orders_entries_and_stores_mimetype_first() {
        let out = repack(&sample_zip(), 1_420_070_400, &[], |_, b| Ok(b)).unwrap();
        // OCF: the first local header is `mimetype`, stored, with no extra field, so its
        // content sits at byte 38.
        assert_eq!(&out[30..38], b"mimetype");
        assert_eq!(u16::from_le_bytes([out[8], out[9]]), 0, "stored");
        assert_eq!(u16::from_le_bytes([out[28], out[29]]), 0, "no extra field");
        assert_eq!(&out[38..58], b"application/epub+zip");
        let mut a = ZipArchive::new(Cursor::new(out)).unwrap();
        let names: Vec<_> = (0..a.len())
            .map(|i| a.by_index(i).unwrap().name().to_string())
            .collect();
        assert_eq!(
            names,
            [
                "mimetype",
                "META-INF/container.xml",
                "OEBPS/content.opf",
                "OEBPS/b.xhtml"
            ]
        );
        let time = a.by_index(3).unwrap().last_modified().unwrap();
        assert_eq!((time.year(), time.month(), time.day()), (2015, 1, 1));
    }

    #[test]
    fn repack_is_byte_identical_and_applies_fixes() {
        let fix = |name: &str, b: Vec<u8>| {
            Ok(if name.ends_with(".opf") {
                b"fixed".to_vec()
            } else {
                b
            })
        };
        let fixed = ["OEBPS/content.opf"];
        let a = repack(&sample_zip(), 1_000_000_000, &fixed, fix).unwrap();
        let b = repack(&sample_zip(), 1_000_000_000, &fixed, fix).unwrap();
        assert_eq!(a, b);
        let mut z = ZipArchive::new(Cursor::new(a)).unwrap();
        let mut s = String::new();
        z.by_name("OEBPS/content.opf")
            .unwrap()
            .read_to_string(&mut s)
            .unwrap();
        assert_eq!(s, "fixed");
    }

    #[test]
    fn zip_time_clamps_to_the_zip_range() {
        let t = zip_time(0);
        assert_eq!((t.year(), t.month(), t.day(), t.hour()), (1980, 1, 1, 0));
        let t = zip_time(i64::from(u32::MAX) * 2);
        assert_eq!(t.year(), 2107);
        let t = zip_time(1_709_210_096);
        assert_eq!(
            (
                t.year(),
                t.month(),
                t.day(),
                t.hour(),
                t.minute(),
                t.second()
            ),
            (2024, 2, 29, 12, 34, 56)
        );
    }
}
