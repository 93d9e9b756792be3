//! Every input on which a fuzz target once crashed (tests/fuzz-regressions/<target>/), run
//! again through the same steps as the target (tests/fuzz_harness): none may panic now.

mod fuzz_harness;

use std::path::Path;

fn dir(target: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz-regressions")
        .join(target)
}

#[test]
fn loader_crashes_found_by_fuzzing_stay_fixed() {
    fuzz_harness::replay(&dir("manuscript"), fuzz_harness::manuscript);
}

#[test]
fn markdown_crashes_found_by_fuzzing_stay_fixed() {
    fuzz_harness::replay(&dir("markdown"), fuzz_harness::markdown);
}

#[test]
fn whole_build_crashes_and_slow_inputs_found_by_fuzzing_stay_fixed() {
    fuzz_harness::replay(&dir("whole_build"), fuzz_harness::whole_build);
}

#[test]
fn the_harness_runs_on_ordinary_input() {
    fuzz_harness::whole_build(b"title: A\nauthor: B\ncontents: [manuscript/a.md]\n%%%\n# A\n\nText[^1] and [a link](https://example.org).\n\n[^1]: A note.\n");
    fuzz_harness::manuscript(b"title: A\ncontents: [manuscript/a.md]\n%%%\n# A\n\nText.\n");
    fuzz_harness::markdown(b"Title\n\nSome *text* with <em>HTML</em> & a note[^1].\n\n[^1]: N.\n");
}
