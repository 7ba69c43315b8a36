//! Fuzz the role loader: `yaml::parse`, then `read_role` with the bundled catalog.
#![no_main]

#[path = "../../tests/cli/common/fuzz.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|data: &[u8]| invariants::role(data));
