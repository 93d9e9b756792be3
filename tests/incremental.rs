//! The typesetting cache that `folio watch` keeps between builds: a change to one piece sets
//! only that piece again, and what the cache gives back is exactly what a fresh build makes.
//! (The example book's date fixes the build time, so two builds can be compared byte for
//! byte.)

mod common;

use std::fs;
use std::path::Path;

use folio::build::{build, BuildCache, BuildOptions};
use folio::pdf::PdfEdition;
use folio::typeset::cache::CacheStats;

const PIECES: usize = 7;

/// Build `root` into `out` (with `cache`, if any) and return every file written, by name.
fn build_into(root: &Path, out: &Path, cache: Option<&BuildCache>) -> Vec<(String, Vec<u8>)> {
    // The PDF edition keeps its page streams in the cache, as `folio watch` makes it.
    let pdf = match cache {
        Some(cache) => PdfEdition::with_memo(cache.pdf.clone()),
        None => PdfEdition::new(),
    };
    let opts = BuildOptions {
        root: root.to_path_buf(),
        out_dir: Some(out.to_path_buf()),
        editions: vec![&folio::epub::EpubEdition, &pdf],
        deny_warnings: false,
        allow_preflight_failures: false,
        print: Default::default(),
        cache,
    };
    let report = build(&opts).unwrap_or_else(|d| panic!("build failed: {d}"));
    let mut files: Vec<(String, Vec<u8>)> = report
        .written
        .iter()
        .map(|(path, _)| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, fs::read(path).unwrap())
        })
        .collect();
    files.sort();
    files
}

fn assert_same_files(cached: &[(String, Vec<u8>)], fresh: &[(String, Vec<u8>)]) {
    assert_eq!(cached.len(), 2, "an EPUB and a PDF");
    assert_eq!(cached.len(), fresh.len());
    for ((name, a), (fresh_name, b)) in cached.iter().zip(fresh) {
        assert_eq!(name, fresh_name);
        assert!(
            a == b,
            "{name}: the cached build differs from a fresh one ({} vs {} bytes)",
            a.len(),
            b.len()
        );
    }
}

fn append(path: &Path, text: &str) {
    let mut body = fs::read_to_string(path).unwrap();
    body.push_str(text);
    fs::write(path, body).unwrap();
}

#[test]
fn one_changed_piece_is_set_again_and_the_book_is_what_a_fresh_build_makes() {
    let book = tempfile::tempdir().unwrap();
    common::copy_example_with(book.path(), "");
    let out = tempfile::tempdir().unwrap();
    let cache = BuildCache::new();

    build_into(book.path(), &out.path().join("first"), Some(&cache));
    let first = cache.typeset.stats();
    assert_eq!(
        (first.pieces_set, first.pieces_reused),
        (PIECES, 0),
        "{first:?}"
    );

    // Nothing changed: every piece comes back from the cache.
    build_into(book.path(), &out.path().join("again"), Some(&cache));
    let again = cache.typeset.stats();
    assert_eq!(
        (again.pieces_set, again.pieces_reused),
        (0, PIECES),
        "{again:?}"
    );
    // ...and so does every page's deflated content stream.
    let streams = cache.pdf.stats();
    assert!(streams.deflated == 0 && streams.reused > 30, "{streams:?}");

    // One piece gains a paragraph long enough to move its page breaks.
    let changed = book
        .path()
        .join("manuscript/reportage/france-and-israel.md");
    append(
        &changed,
        &"\nA paragraph added while the book is watched, long enough to take a few lines of \
          its own and push what follows it on to another page of the piece."
            .repeat(6),
    );
    let cached = build_into(book.path(), &out.path().join("cached"), Some(&cache));
    let stats: CacheStats = cache.typeset.stats();
    assert_eq!(
        (stats.pieces_set, stats.pieces_reused),
        (1, PIECES - 1),
        "{stats:?}"
    );
    // The pages before the changed piece are as they were; its own are new.
    let streams = cache.pdf.stats();
    assert!(streams.deflated > 0 && streams.reused > 10, "{streams:?}");
    let fresh = build_into(book.path(), &out.path().join("fresh"), None);
    assert_same_files(&cached, &fresh);

    // The old text is not kept as the new: undoing the change sets the piece once more.
    let original = common::repo_root().join("manuscript/reportage/france-and-israel.md");
    fs::copy(&original, &changed).unwrap();
    let undone = build_into(book.path(), &out.path().join("undone"), Some(&cache));
    assert_eq!(
        cache.typeset.stats().pieces_set,
        1,
        "{:?}",
        cache.typeset.stats()
    );
    let first_files = build_into(book.path(), &out.path().join("fresh-again"), None);
    assert_same_files(&undone, &first_files);
}

#[test]
fn a_new_page_size_sets_every_piece_again() {
    let book = tempfile::tempdir().unwrap();
    common::copy_example_with(book.path(), "");
    let out = tempfile::tempdir().unwrap();
    let cache = BuildCache::new();
    build_into(book.path(), &out.path().join("first"), Some(&cache));

    let yaml_path = book.path().join("manuscript/book.yaml");
    append(&yaml_path, "print:\n  trim: 5x8in\n");
    let cached = build_into(book.path(), &out.path().join("cached"), Some(&cache));
    let stats = cache.typeset.stats();
    assert_eq!(
        (stats.pieces_set, stats.pieces_reused),
        (PIECES, 0),
        "{stats:?}"
    );
    let fresh = build_into(book.path(), &out.path().join("fresh"), None);
    assert_same_files(&cached, &fresh);
}

#[test]
fn a_replaced_picture_is_decoded_again_and_an_unchanged_one_is_not() {
    let book = tempfile::tempdir().unwrap();
    common::copy_example_with(book.path(), "");
    let images = book.path().join("images");
    fs::create_dir_all(&images).unwrap();
    let picture = images.join("march.png");
    let save = |shade: u8| {
        let img = image::RgbImage::from_fn(600, 400, |x, _| {
            image::Rgb([shade, (x % 256) as u8, 255 - shade])
        });
        img.save(&picture).unwrap();
    };
    save(40);
    append(
        &book.path().join("manuscript/analysis/historic-march.md"),
        "\n![The march on the boulevard](images/march.png)\n",
    );
    let out = tempfile::tempdir().unwrap();
    let cache = BuildCache::new();
    build_into(book.path(), &out.path().join("first"), Some(&cache));
    assert_eq!(
        cache.typeset.stats().images_decoded,
        1,
        "{:?}",
        cache.typeset.stats()
    );

    build_into(book.path(), &out.path().join("again"), Some(&cache));
    let again = cache.typeset.stats();
    assert_eq!(
        (again.images_decoded, again.images_reused),
        (0, 1),
        "{again:?}"
    );

    // Same size, other pixels: decoded again; the pages (which hold only its size) are kept.
    save(200);
    let cached = build_into(book.path(), &out.path().join("cached"), Some(&cache));
    let stats = cache.typeset.stats();
    assert_eq!(
        (stats.images_decoded, stats.pieces_set),
        (1, 0),
        "{stats:?}"
    );
    let fresh = build_into(book.path(), &out.path().join("fresh"), None);
    assert_same_files(&cached, &fresh);
}
