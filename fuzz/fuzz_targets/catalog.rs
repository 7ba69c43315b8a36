//! Fuzz the extra catalog loader, adding to the bundled catalog.
#![no_main]

#[path = "../../tests/cli/common/fuzz.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|data: &[u8]| invariants::catalog_file(data));
