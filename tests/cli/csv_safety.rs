//! Every CSV compgap writes is safe to open in a spreadsheet: no cell starts
//! with `=`, `+`, `-`, `@`, tab or carriage return (such a cell is prefixed
//! with `'`), and the file is RFC 4180 with a header row.
//!
//! Fixture `tests/fixtures/hostile`: a person named `=HYPERLINK(...)`,
//! another named `-Trent`, a role titled `@Analyst`, an assessor `+cmd…`,
//! and evidence named `+SUM(1,2)`, `-2+3`, `@risk`, `\tTabbed`, `\rReturn`,
//! `=1+1` and `@@twice`.

use assert_cmd::Command;
use std::path::Path;

const AS_OF: &str = "2026-11-23";
const HOSTILE_NAME: &str = "=HYPERLINK(\"http://x\",\"y\")";

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn compgap(args: &[&str]) -> std::process::Output {
    Command::cargo_bin("compgap")
        .expect("binary")
        .env("SOURCE_DATE_EPOCH", "1795421045")
        .args(args)
        .output()
        .expect("runs")
}

/// Parse with a real CSV reader; every cell must be safe. Returns all cells.
fn safe_cells(what: &str, bytes: &[u8]) -> Vec<String> {
    let text = std::str::from_utf8(bytes).unwrap_or_else(|_| panic!("{what}: not UTF-8"));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut cells = Vec::new();
    let mut width = None;
    for record in reader.records() {
        let record = record.unwrap_or_else(|e| panic!("{what}: not valid CSV: {e}"));
        // Every row as wide as the header.
        assert_eq!(*width.get_or_insert(record.len()), record.len(), "{what}");
        for cell in &record {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{what}: live formula cell {cell:?}"
            );
            cells.push(cell.to_string());
        }
    }
    assert!(width.is_some(), "{what}: no header row");
    cells
}

fn assert_hostile_kept(what: &str, cells: &[String], expected: &[&str]) {
    for e in expected {
        let neutralised = format!("'{e}");
        assert!(
            cells.contains(&neutralised),
            "{what}: {neutralised:?} not found"
        );
    }
}

#[test]
fn report_csv_is_safe() {
    let out = compgap(&[
        "report",
        &fixture("hostile"),
        "--as-of",
        AS_OF,
        "--format",
        "csv",
        "--all",
    ]);
    assert!(out.status.success());
    let cells = safe_cells("report", &out.stdout);
    assert_hostile_kept("report", &cells, &[HOSTILE_NAME, "-Trent"]);
}

#[test]
fn register_csv_is_safe_and_reads_back() {
    let out = compgap(&["register", &fixture("hostile"), "--as-of", AS_OF]);
    assert!(out.status.success());
    let cells = safe_cells("register", &out.stdout);
    // The vacancy's description starts with the role title.
    assert!(cells.iter().any(|c| c.contains("@Analyst")));

    // Read back and written again: still neutralised, nothing doubled.
    let dir = tempfile::tempdir().expect("tempdir");
    let reg = dir.path().join("r.csv");
    std::fs::write(&reg, &out.stdout).expect("write");
    let again = compgap(&[
        "register",
        &fixture("hostile"),
        "--as-of",
        AS_OF,
        "--update",
        reg.to_str().expect("utf-8"),
    ]);
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert_eq!(again.stdout, out.stdout);
}

#[test]
fn evidence_csvs_are_safe() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("bundle");
    let res = compgap(&[
        "evidence",
        &fixture("hostile"),
        "--as-of",
        AS_OF,
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    assert!(
        res.status.success(),
        "{}",
        String::from_utf8_lossy(&res.stderr)
    );
    let mut seen = 0;
    for entry in std::fs::read_dir(&out).expect("dir") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "csv") {
            seen += 1;
            safe_cells(
                &path.display().to_string(),
                &std::fs::read(&path).expect("read"),
            );
        }
    }
    assert_eq!(
        seen, 4,
        "competence library, skills inventory, gaps, register"
    );
    let inv = safe_cells(
        "inventory",
        &std::fs::read(out.join("skills-inventory.csv")).expect("read"),
    );
    assert_hostile_kept(
        "inventory",
        &inv,
        &[
            HOSTILE_NAME,
            "-Trent",
            "+cmd|' /C calc'!A0",
            "+SUM(1,2)",
            "-2+3",
            "@risk",
            "\tTabbed",
            "\rReturn",
            "=1+1",
            "@@twice",
        ],
    );
    let lib = safe_cells(
        "library",
        &std::fs::read(out.join("competence-library.csv")).expect("read"),
    );
    assert_hostile_kept("library", &lib, &["@Analyst"]);
}

#[test]
fn compare_csv_is_safe() {
    let out = compgap(&[
        "compare",
        &fixture("hostile"),
        &fixture("hostile"),
        "--as-of",
        AS_OF,
        "--format",
        "csv",
        "--all",
    ]);
    assert!(out.status.success());
    let cells = safe_cells("compare", &out.stdout);
    assert_hostile_kept("compare", &cells, &[HOSTILE_NAME, "-Trent"]);
}

/// `plan` and `coverage` CSVs.
#[test]
fn plan_and_coverage_csvs_are_safe() {
    for cmd in ["plan", "coverage"] {
        let out = compgap(&[
            cmd,
            &fixture("hostile"),
            "--as-of",
            AS_OF,
            "--format",
            "csv",
        ]);
        assert!(
            out.status.success(),
            "{cmd}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let cells = safe_cells(cmd, &out.stdout);
        assert!(
            !cells.iter().any(|c| c == HOSTILE_NAME),
            "{cmd}: the hostile name is live"
        );
    }
}

#[test]
fn the_hostile_fixture_is_valid() {
    // Otherwise the tests above would prove nothing.
    let out = compgap(&["validate", &fixture("hostile"), "--as-of", AS_OF]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(
        Path::new(&fixture("hostile"))
            .join("people/mallory.yaml")
            .is_file()
    );
}
