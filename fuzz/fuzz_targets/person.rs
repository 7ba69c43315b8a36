//! Fuzz the assessment (person) loader: `yaml::parse`, then `read_person`.
#![no_main]

#[path = "../../tests/cli/common/fuzz.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|data: &[u8]| invariants::person(data));
