//! The loader on arbitrary input (book.yaml, `%%%`, a chapter): see tests/fuzz_harness.

#![no_main]

#[path = "../../tests/fuzz_harness/mod.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::manuscript(data));
