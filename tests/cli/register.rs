//! `compgap register`: the Continual Improvement Register and `--update`.
//!
//! Fixtures: `tests/fixtures/round1` and `round2` (see tests/compare.rs for
//! the worked-out gaps). Round 1 has four gaps (ann/5.2 high, bob/6.5.3
//! medium, eve/5.3 and cyd/5.3 low) and two team actions (the vacant ciso
//! position, hire → High; officer/5.3 develop → Low).

use assert_cmd::Command;
use std::path::Path;

const AS_OF: &str = "2026-11-23";
const HEADER: &str = "#,Improvement Opportunity,Description,Identification Date,Status,Priority,Action Owner,Target Completion Date,Results/Outcomes";

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn compgap() -> Command {
    let mut c = Command::cargo_bin("compgap").expect("binary");
    c.env_remove("SOURCE_DATE_EPOCH");
    c
}

fn register(workspace: &str, as_of: &str, extra: &[&str]) -> std::process::Output {
    compgap()
        .arg("register")
        .arg(fixture(workspace))
        .args(["--as-of", as_of])
        .args(extra)
        .output()
        .expect("runs")
}

/// Records as (ref, status, priority, owner, target, results, identified).
fn rows(csv_bytes: &[u8]) -> Vec<csv::StringRecord> {
    csv::Reader::from_reader(csv_bytes)
        .records()
        .map(|r| r.expect("valid csv"))
        .collect()
}

#[test]
fn fresh_register_has_the_contract_columns_and_stable_refs() {
    let out = register("round1", AS_OF, &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert_eq!(text.lines().next(), Some(HEADER));
    let recs = rows(text.as_bytes());
    let refs: Vec<&str> = recs.iter().map(|r| &r[0]).collect();
    // Individual gaps in report order, then team actions by role.
    assert_eq!(
        refs,
        [
            "ann/5.2",
            "bob/6.5.3",
            "eve/5.3",
            "cyd/5.3",
            "role:ciso",
            "role:officer/5.3"
        ]
    );
    let priority: Vec<&str> = recs.iter().map(|r| &r[5]).collect();
    assert_eq!(priority, ["High", "Medium", "Low", "Low", "High", "Low"]);
    // Target = as_of + 90 / 180 / 365 days.
    let target: Vec<&str> = recs.iter().map(|r| &r[7]).collect();
    assert_eq!(
        target,
        [
            "2027-02-21",
            "2027-05-22",
            "2027-11-23",
            "2027-11-23",
            "2027-02-21",
            "2027-11-23"
        ]
    );
    for r in &recs {
        assert_eq!(&r[3], AS_OF);
        assert_eq!(&r[4], "Not Started");
        assert_eq!(&r[6], "");
    }
}

#[test]
fn markdown_register_is_a_table() {
    let out = register("round1", AS_OF, &["--format", "markdown"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.starts_with("# Continual Improvement Register\n"));
    assert!(text.contains("| # | Improvement Opportunity | Description |"));
    assert!(text.contains("| ann/5.2 | Develop 5.2 Leadership for Ann Archer |"));
}

/// Edit the round-1 register as a spreadsheet would (CRLF → LF, a BOM,
/// padded cells, columns reordered), then update it with round 2.
#[test]
fn update_keeps_edits_closes_and_adds() {
    let dir = tempfile::tempdir().expect("tempdir");
    let reg = dir.path().join("register.csv");
    let out = register(
        "round1",
        "2026-06-15",
        &["--output", reg.to_str().expect("utf-8")],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // A person's edits, saved from a spreadsheet.
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    w.write_record([
        "Status",
        "#",
        "Improvement Opportunity",
        "Description",
        "Identification Date",
        "Priority",
        " Action Owner ",
        "Target Completion Date",
        "Results/Outcomes",
        "Notes",
    ])
    .expect("write");
    for r in rows(&std::fs::read(&reg).expect("read")) {
        let (status, owner, results, notes) = match &r[0] {
            "ann/5.2" => (
                "In Progress",
                "=Head of Audit",
                "Leadership course booked",
                "budget ok",
            ),
            "bob/6.5.3" => ("Planned", "Zoe", "", ""),
            _ => (&r[4], &r[6], &r[8], ""),
        };
        w.write_record([
            status, &r[0], &r[1], &r[2], &r[3], &r[5], owner, &r[7], results, notes,
        ])
        .expect("write");
    }
    w.write_record([
        "Planned",
        "42",
        "A line added by hand",
        "",
        "",
        "Low",
        "",
        "",
        "",
        "",
    ])
    .expect("write");
    let mut edited = b"\xEF\xBB\xBF".to_vec();
    edited.extend(w.into_inner().expect("csv"));
    std::fs::write(&reg, &edited).expect("write");

    // Re-run on round 2, writing onto the register itself.
    let path = reg.to_str().expect("utf-8");
    let out = register("round2", AS_OF, &["--update", path, "--output", path]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&reg).expect("read");
    // The spreadsheet's byte-order mark and LF line ends are kept.
    assert!(text.starts_with('\u{feff}'), "the byte-order mark is kept");
    assert!(!text.contains('\r'), "LF line ends are kept");
    assert_eq!(
        text.trim_start_matches('\u{feff}').lines().next(),
        Some(format!("{HEADER},Notes").as_str()),
        "contract columns first, the added column kept"
    );
    let recs = rows(text.as_bytes());
    let by: Vec<(&str, &str, &str, &str, &str)> = recs
        .iter()
        .map(|r| (&r[0], &r[3], &r[4], &r[6], &r[8]))
        .collect();
    assert_eq!(
        by,
        [
            // Still open: the edits survive; identified on the first run.
            // (read raw, the formula-like owner carries its neutralising quote)
            (
                "ann/5.2",
                "2026-06-15",
                "In Progress",
                "'=Head of Audit",
                "Leadership course booked"
            ),
            // Closed in round 2.
            (
                "bob/6.5.3",
                "2026-06-15",
                "Completed",
                "Zoe",
                "Closed on 2026-11-23"
            ),
            // Eve left: her gap is gone.
            (
                "eve/5.3",
                "2026-06-15",
                "Completed",
                "",
                "Closed on 2026-11-23"
            ),
            ("cyd/5.3", "2026-06-15", "Not Started", "", ""),
            ("role:ciso", "2026-06-15", "Not Started", "", ""),
            ("role:officer/5.3", "2026-06-15", "Not Started", "", ""),
            // A line added by hand is left alone.
            ("42", "", "Planned", "", ""),
            // New gaps, appended in report order.
            ("ann/6.5.3", AS_OF, "Not Started", "", ""),
            ("dee/5.3", AS_OF, "Not Started", "", ""),
        ]
    );
    assert_eq!(&recs[0][9], "budget ok");
    // ann/5.2 is now a medium gap (held 2/2 of 3/3): the priority follows.
    assert_eq!(&recs[0][5], "Medium");

    // Running the same update again changes nothing.
    let out = register("round2", AS_OF, &["--update", path]);
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).expect("utf-8"), text);
}

#[test]
fn update_names_a_renamed_column() {
    let dir = tempfile::tempdir().expect("tempdir");
    let reg = dir.path().join("reg.csv");
    std::fs::write(
        &reg,
        "#,Opportunity,Description,Identification Date,Status,Priority,Action Owner,Target Completion Date,Results/Outcomes\r\n",
    )
    .expect("write");
    let out = register("round1", AS_OF, &["--update", reg.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("reg.csv"), "{err}");
    assert!(err.contains("no `Improvement Opportunity` column"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn update_of_a_missing_file_is_a_usage_error() {
    let out = register("round1", AS_OF, &["--update", "/nonexistent/reg.csv"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("/nonexistent/reg.csv") && err.contains("does not exist"),
        "{err}"
    );
}

#[test]
fn register_refuses_to_overwrite_an_input() {
    let input = format!("{}/people/ann.yaml", fixture("round1"));
    let before = std::fs::read(&input).expect("read");
    let out = register("round1", AS_OF, &["--output", &input]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read(Path::new(&input)).expect("read"), before);
}

#[test]
fn markdown_snapshot() {
    let out = register("round1", AS_OF, &["--format", "markdown"]);
    assert!(out.status.success());
    insta::assert_snapshot!(String::from_utf8(out.stdout).expect("utf-8"));
}

#[test]
fn markdown_never_replaces_the_csv_register() {
    let dir = tempfile::tempdir().expect("tempdir");
    let reg = dir.path().join("register.csv");
    let path = reg.to_str().expect("utf-8");
    assert!(
        register("round1", AS_OF, &["--output", path])
            .status
            .success()
    );
    let before = std::fs::read(&reg).expect("read");
    let out = register(
        "round2",
        AS_OF,
        &["--update", path, "--output", path, "--format", "markdown"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("refusing to replace the register"));
    assert_eq!(std::fs::read(&reg).expect("read"), before);
}
