//! Evidence that expires soon: the `expiring-evidence` warning, the
//! `expiring` row flag and the plan's "Before you start".

use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_compgap");

fn workspace(dir: &Path, policy: &str) {
    for sub in ["roles", "people"] {
        std::fs::create_dir_all(dir.join(sub)).expect("mkdir");
    }
    std::fs::write(dir.join("compgap.yaml"), format!("policy:\n{policy}")).expect("write");
    std::fs::write(
        dir.join("roles/analyst.yaml"),
        "id: analyst\ntitle: Analyst\nrequires:\n  5.8: {level: 3, criticality: mandatory}\n  5.3: {level: 4, criticality: mandatory}\n",
    )
    .expect("write");
    std::fs::write(
        dir.join("people/ann.yaml"),
        "person: ann\nname: Ann\nroles: [analyst]\nassessed_on: 2026-10-01\nmethod: manager\ncompetences:\n  5.8:\n    level: 3\n    evidence:\n      - {kind: qualification, name: Risk course, date: 2024-01-10, expires: 2026-12-20}\n  5.3: {level: 2}\n",
    )
    .expect("write");
}

fn run(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(BIN)
        .args(args)
        .args(["--as-of", "2026-11-23"])
        .current_dir(dir)
        .output()
        .expect("run");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn evidence_expiring_within_the_warning_period_is_warned_and_flagged() {
    let dir = tempfile::tempdir().expect("tempdir");
    workspace(dir.path(), "  reassess_after_days: 365\n");
    let (code, out) = run(dir.path(), &["validate"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("people/ann.yaml:10:77: warning[expiring-evidence]: evidence expires on 2026-12-20, within 90 days of 2026-11-23: plan its renewal"),
        "{out}"
    );
    let (code, strict) = run(dir.path(), &["validate", "--strict"]);
    assert_eq!(code, Some(1), "{strict}");

    let (_, json) = run(dir.path(), &["report", "--all", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&json).expect("json");
    let row = report["gaps"]
        .as_array()
        .and_then(|g| g.iter().find(|r| r["competence"] == "5.8"))
        .expect("the 5.8 row");
    assert_eq!(row["flags"], serde_json::json!(["expiring"]));
    let (_, csv) = run(dir.path(), &["report", "--all", "--format", "csv"]);
    assert!(
        csv.lines()
            .any(|l| l.starts_with("ann,") && l.contains(",5.8,") && l.ends_with("expiring")),
        "{csv}"
    );
    let (_, table) = run(dir.path(), &["report", "--all"]);
    assert!(table.contains("expiring"), "{table}");

    let (_, plan) = run(dir.path(), &["plan"]);
    assert!(
        plan.contains("Evidence expires within 90 days: 5.8. Plan its renewal."),
        "{plan}"
    );
}

#[test]
fn the_warning_period_is_a_policy_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    workspace(dir.path(), "  expiry_warning_days: 20\n");
    let (code, out) = run(dir.path(), &["validate"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(!out.contains("expiring-evidence"), "{out}");
    let (_, plan) = run(dir.path(), &["plan"]);
    assert!(!plan.contains("Evidence expires"), "{plan}");

    workspace(dir.path(), "  expiry_warning_days: soon\n");
    let (code, out) = run(dir.path(), &["validate"]);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("compgap.yaml:2:24: error[invalid-value]: `expiry_warning_days`"),
        "{out}"
    );
}
