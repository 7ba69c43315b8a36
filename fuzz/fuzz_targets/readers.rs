//! Fuzz the fast YAML reader against the complete one: same tree, same
//! diagnostics, for every input.
#![no_main]

#[path = "../../tests/cli/common/fuzz.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|data: &[u8]| invariants::readers(data));
