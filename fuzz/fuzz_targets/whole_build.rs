//! The whole build in memory (load -> IR -> typeset -> EPUB, PDF, cover), within a time
//! budget linear in the input: see tests/fuzz_harness.

#![no_main]

#[path = "../../tests/fuzz_harness/mod.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::whole_build(data));
