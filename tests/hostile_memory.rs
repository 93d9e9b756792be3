//! The big inputs of issue 16 built under a memory cap: each must finish, or fail with its
//! diagnostic, in an address space of [`CAP_KB`] (`ulimit -v`, so an allocation past it fails
//! and folio aborts: exit 134, no diagnostic). The bound is stated in src/limits.rs.

mod huge;

use huge::{make, run};

/// 1.5 GiB of address space: the peak resident memory of the largest case here (a million
/// note calls, both editions) is 0.9 GB; the rest is what the address space holds beside the
/// heap (the binary, thread stacks, the allocator's per-thread arenas).
const CAP_KB: u64 = 1536 * 1024;

fn capped(shape: &str, n: usize) -> (tempfile::TempDir, huge::Run) {
    let dir = tempfile::tempdir().unwrap();
    make(dir.path(), shape, n);
    let r = run(dir.path(), &["build"], Some(CAP_KB));
    assert_ne!(r.code, Some(99), "ulimit -v refused");
    assert_ne!(
        r.code,
        Some(134),
        "{shape}: aborted under the cap: {}",
        r.stderr
    );
    (dir, r)
}

#[test]
fn eight_thousand_dropped_spans_on_a_line_build_with_one_grouped_warning() {
    let (dir, r) = capped("spans", 8_000);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("warning: attribute `style` of raw HTML `<span>` is not passed through"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("--> manuscript/a.md:3:1\n"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("and 7,975 more like this"),
        "{}",
        r.stderr
    );
    // The warnings are short: excerpts, not the 300 KB line each time.
    assert!(
        r.stderr.len() < 20_000,
        "{} bytes of warnings",
        r.stderr.len()
    );
    assert!(dir.path().join("dist/big.pdf").exists());
}

#[test]
fn sixty_two_thousand_note_calls_on_a_line_break_between_calls_with_one_warning() {
    let (dir, r) = capped("calls-on-a-line", 62_000);
    // The glued calls make one word no line can hold: it is broken between two calls as a
    // last resort (it once ran 9,979 pt past the measure and stopped the build at 1:1),
    // and said once, at the line, not once per line it fills.
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let says = "warning: a run of note calls with no space between them is wider than the line";
    assert_eq!(r.stderr.matches(says).count(), 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!(
            "{says} and was broken between two calls\n  --> manuscript/a.md:3:"
        )),
        "{}",
        r.stderr
    );
    assert!(dir.path().join("dist/big.pdf").exists());
}

#[test]
fn a_million_note_calls_build_with_the_links_capped() {
    let (dir, r) = capped("note-refs", 1_000_000);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "warning: the PDF has 1000002 links and note calls; the first 100000 can be clicked, \
             the other 900002"
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("are printed but not clickable"),
        "{}",
        r.stderr
    );
    let pdf = std::fs::read(dir.path().join("dist/big.pdf")).unwrap();
    let annots = pdf.windows(13).filter(|w| w == b"/Subtype/Link").count();
    assert_eq!(annots, 100_000, "link annotations in the PDF");
}

#[test]
fn yaml_nested_a_hundred_thousand_deep_stops_at_the_limit() {
    let (_dir, r) = capped("yaml-flow", 100_000);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(
        r.stderr.contains("error: YAML syntax error in book.yaml: lists or maps are nested more than 128 levels deep"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("--> manuscript/book.yaml:2:"),
        "{}",
        r.stderr
    );
}

#[test]
fn open_maps_in_front_matter_stop_at_the_limit() {
    let (_dir, r) = capped("open-maps", 100_000);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(
        r.stderr.contains("error: YAML syntax error in front matter: lists or maps are nested more than 128 levels deep"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("--> manuscript/a.md:2:"), "{}", r.stderr);
}

#[test]
fn a_fifty_thousand_word_title_is_a_warning_at_its_key() {
    let (_dir, r) = capped("title", 50_000);
    // The title page cannot hold it: the page-fit check says so at the title's key, and the
    // build stops cleanly.
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stderr.contains("below its text block"), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("warning: this title is 249,999 characters long (more than 500)"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("--> manuscript/book.yaml:1:"),
        "{}",
        r.stderr
    );
}

#[test]
fn sixty_thousand_dash_joined_runs_build_with_one_warning() {
    let (dir, r) = capped("dashes", 60_000);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(
        r.stderr
            .matches("is wider than the line and was broken between two letters")
            .count(),
        1,
        "{}",
        r.stderr
    );
    assert!(dir.path().join("dist/big.pdf").exists());
}
