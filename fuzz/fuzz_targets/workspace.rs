//! Fuzz the workspace-file (`compgap.yaml`) loader.
#![no_main]

#[path = "../../tests/cli/common/fuzz.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|data: &[u8]| invariants::workspace(data));
