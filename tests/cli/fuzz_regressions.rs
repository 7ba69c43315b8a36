//! Every file under `tests/fuzz_corpus/<target>/` (crash and hang
//! reproducers found by the fuzz targets in `fuzz/`, minimised, and a few
//! representative inputs) goes through the same loader path and the same
//! invariants as the fuzz target of that name (see `tests/common/fuzz.rs`).

use crate::common;

use common::fuzz;
use std::path::Path;

fn run_corpus(target: &str, check: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_corpus")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("the corpus folder")
        .map(|e| e.expect("a folder entry").path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no inputs in {}", dir.display());
    for file in files {
        let bytes = std::fs::read(&file).expect("a corpus file");
        let name = file.display().to_string();
        if let Err(e) = std::panic::catch_unwind(|| check(&bytes)) {
            let why = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            panic!("{name}: {why}");
        }
    }
}

#[test]
fn role_corpus() {
    run_corpus("role", fuzz::role);
}

#[test]
fn person_corpus() {
    run_corpus("person", fuzz::person);
}

#[test]
fn workspace_corpus() {
    run_corpus("workspace", fuzz::workspace);
}

#[test]
fn catalog_corpus() {
    run_corpus("catalog", fuzz::catalog_file);
}

#[test]
fn readers_corpus() {
    run_corpus("readers", fuzz::readers);
}
