//! `compgap evidence --out DIR`: the audit bundle.
//!
//! Fixture `tests/fixtures/round1`: 3 roles requiring 4 competences in all
//! (auditor 5.2 and 6.5.3, ciso 5.2, officer 5.3), 4 people with 6 assessed
//! competences and 3 pieces of evidence, one of them (bob's leadership
//! workshop) expired on 2025-01-10. 4 gaps, 7 total gap points.

use assert_cmd::Command;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

const AS_OF: &str = "2026-11-23";
const EPOCH: &str = "1795421045"; // 2026-11-23T08:04:05Z
const FILES: [&str; 7] = [
    "SHA256SUMS",
    "competence-library.csv",
    "gaps.csv",
    "manifest.json",
    "plans.md",
    "register.csv",
    "skills-inventory.csv",
];

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn compgap() -> Command {
    let mut c = Command::cargo_bin("compgap").expect("binary");
    c.env("SOURCE_DATE_EPOCH", EPOCH);
    c
}

fn evidence(workspace: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    compgap()
        .arg("evidence")
        .arg(workspace)
        .arg("--out")
        .arg(out)
        .args(["--as-of", AS_OF])
        .args(extra)
        .output()
        .expect("runs")
}

fn hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn records(bytes: &[u8]) -> Vec<csv::StringRecord> {
    csv::Reader::from_reader(bytes)
        .records()
        .map(|r| r.expect("valid csv"))
        .collect()
}

/// Copy a fixture workspace into a temporary folder.
fn copy_workspace(name: &str, to: &Path) {
    for sub in ["roles", "people"] {
        std::fs::create_dir_all(to.join(sub)).expect("mkdir");
        for e in std::fs::read_dir(fixture(name).join(sub)).expect("dir") {
            let e = e.expect("entry");
            std::fs::copy(e.path(), to.join(sub).join(e.file_name())).expect("copy");
        }
    }
}

fn sha256sum_available() -> bool {
    std::process::Command::new("sha256sum")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn bundle_holds_every_file_and_verifies() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("audit/2026");
    let res = evidence(&fixture("round1"), &out, &[]);
    assert!(
        res.status.success(),
        "{}",
        String::from_utf8_lossy(&res.stderr)
    );
    assert_eq!(names(&out), FILES);
    // Nothing left beside the bundle.
    assert_eq!(names(&tmp.path().join("audit")), ["2026"]);

    // SHA256SUMS names every other file with its hash, sorted.
    let sums = std::fs::read_to_string(out.join("SHA256SUMS")).expect("read");
    let expected: String = FILES[1..]
        .iter()
        .map(|f| format!("{}  {f}\n", hex(&std::fs::read(out.join(f)).expect("read"))))
        .collect();
    assert_eq!(sums, expected);

    if sha256sum_available() {
        let ok = std::process::Command::new("sha256sum")
            .args(["-c", "SHA256SUMS"])
            .current_dir(&out)
            .output()
            .expect("sha256sum");
        assert!(
            ok.status.success(),
            "{}",
            String::from_utf8_lossy(&ok.stdout)
        );
    }

    // The manifest: tool, catalog, date, inputs and outputs with hashes.
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).expect("read"))
            .expect("json");
    assert_eq!(m["tool"], "compgap");
    assert_eq!(m["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(m["catalogs"], serde_json::json!(["iso27021-2017"]));
    assert_eq!(m["as_of"], AS_OF);
    assert_eq!(m["generated_at"], "2026-11-23T08:04:05Z");
    assert_eq!(m["summary"]["gaps"], 4);
    assert_eq!(m["summary"]["total_gap_points"], 7);
    let inputs: Vec<&str> = m["inputs"]
        .as_array()
        .expect("inputs")
        .iter()
        .map(|i| i["path"].as_str().expect("path"))
        .collect();
    assert_eq!(
        inputs,
        [
            "people/ann.yaml",
            "people/bob.yaml",
            "people/cyd.yaml",
            "people/eve.yaml",
            "roles/auditor.yaml",
            "roles/ciso.yaml",
            "roles/officer.yaml"
        ]
    );
    for i in m["inputs"].as_array().expect("inputs") {
        let bytes =
            std::fs::read(fixture("round1").join(i["path"].as_str().expect("path"))).expect("read");
        assert_eq!(i["sha256"], hex(&bytes));
        assert_eq!(i["bytes"], bytes.len());
    }
    let outputs: Vec<&str> = m["outputs"]
        .as_array()
        .expect("outputs")
        .iter()
        .map(|o| o["path"].as_str().expect("path"))
        .collect();
    assert_eq!(
        outputs,
        [
            "competence-library.csv",
            "gaps.csv",
            "plans.md",
            "register.csv",
            "skills-inventory.csv"
        ]
    );
    for o in m["outputs"].as_array().expect("outputs") {
        let bytes = std::fs::read(out.join(o["path"].as_str().expect("path"))).expect("read");
        assert_eq!(o["sha256"], hex(&bytes));
        assert_eq!(o["bytes"], bytes.len());
    }
}

#[test]
fn bundle_files_hold_the_library_inventory_gaps_and_register() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("b");
    assert!(evidence(&fixture("round1"), &out, &[]).status.success());
    let read = |f: &str| std::fs::read(out.join(f)).expect("read");

    let lib = records(&read("competence-library.csv"));
    let rows: Vec<(&str, &str, &str, &str, &str)> = lib
        .iter()
        .map(|r| (&r[0], &r[2], &r[4], &r[5], &r[6]))
        .collect();
    assert_eq!(
        rows,
        [
            ("auditor", "5.2", "3", "3", "mandatory"),
            ("auditor", "6.5.3", "4", "3", "recommended"),
            ("ciso", "5.2", "4", "4", "mandatory"),
            ("officer", "5.3", "2", "2", "desirable"),
        ]
    );
    assert_eq!(&lib[1][7], "9.2 Internal audit");

    let inv = records(&read("skills-inventory.csv"));
    let rows: Vec<(&str, &str, &str, &str, &str)> = inv
        .iter()
        .map(|r| (&r[0], &r[3], &r[10], &r[11], &r[14]))
        .collect();
    assert_eq!(
        rows,
        [
            ("ann", "5.2", "", "", ""),
            (
                "ann",
                "6.5.3",
                "qualification",
                "ISO/IEC 27001 Lead Auditor",
                "valid"
            ),
            (
                "bob",
                "5.2",
                "experience",
                "Led the 2025 audit programme",
                "valid"
            ),
            ("bob", "5.2", "training", "Leadership workshop", "expired"),
            ("bob", "6.5.3", "", "", ""),
            ("cyd", "5.3", "", "", ""),
            ("eve", "5.3", "", "", ""),
        ]
    );
    assert_eq!(&inv[3][7], "self");
    assert_eq!(&inv[1][8], "zoe");
    assert_eq!(&inv[3][13], "2025-01-10");

    // gaps.csv and register.csv are exactly what `report` and `register` write.
    let report = compgap()
        .args(["report", "--format", "csv", "--as-of", AS_OF])
        .arg(fixture("round1"))
        .output()
        .expect("runs");
    assert_eq!(read("gaps.csv"), report.stdout);
    let register = compgap()
        .args(["register", "--as-of", AS_OF])
        .arg(fixture("round1"))
        .output()
        .expect("runs");
    assert_eq!(read("register.csv"), register.stdout);

    // plans.md is what `compgap plan` writes for the same workspace and date.
    let plan = compgap()
        .args(["plan", "--as-of", AS_OF])
        .arg(fixture("round1"))
        .output()
        .expect("runs");
    assert_eq!(read("plans.md"), plan.stdout);
    let plans = String::from_utf8(read("plans.md")).expect("utf-8");
    assert!(plans.contains("## Ann Archer (ann)"));
    assert!(plans.contains("`5.2/K1` Theories of leadership"));
    assert!(plans.contains("### 1. 6.5.3 ISMS auditing"), "{plans}");
}

#[test]
fn tampering_is_detected() {
    if !sha256sum_available() {
        eprintln!("sha256sum not installed: skipping");
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("b");
    assert!(evidence(&fixture("round1"), &out, &[]).status.success());
    let path = out.join("gaps.csv");
    let mut bytes = std::fs::read(&path).expect("read");
    bytes.extend_from_slice(b"eve,Eve Evans,officer,5.3,Communication,2,2,2,2,0,,,,,,,,\r\n");
    std::fs::write(&path, bytes).expect("write");
    let check = std::process::Command::new("sha256sum")
        .args(["-c", "SHA256SUMS"])
        .current_dir(&out)
        .output()
        .expect("sha256sum");
    assert!(!check.status.success());
    assert!(String::from_utf8_lossy(&check.stdout).contains("gaps.csv: FAILED"));
}

#[test]
fn reruns_are_byte_identical() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    assert!(evidence(&fixture("round1"), &a, &[]).status.success());
    assert!(evidence(&fixture("round1"), &b, &[]).status.success());
    for f in FILES {
        assert_eq!(
            std::fs::read(a.join(f)).expect("read"),
            std::fs::read(b.join(f)).expect("read"),
            "{f} differs"
        );
    }
}

#[test]
fn without_source_date_epoch_generated_at_is_null() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("b");
    let res = compgap()
        .env_remove("SOURCE_DATE_EPOCH")
        .arg("evidence")
        .arg(fixture("round1"))
        .arg("--out")
        .arg(&out)
        .args(["--as-of", AS_OF])
        .output()
        .expect("runs");
    assert!(res.status.success());
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).expect("read"))
            .expect("json");
    assert!(m["generated_at"].is_null());
}

#[test]
fn a_non_empty_folder_needs_force() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("b");
    std::fs::create_dir(&out).expect("mkdir");
    std::fs::write(out.join("notes.txt"), "auditor's notes").expect("write");
    std::fs::write(out.join("gaps.csv"), "old").expect("write");

    let res = evidence(&fixture("round1"), &out, &[]);
    assert_eq!(res.status.code(), Some(2));
    let err = String::from_utf8_lossy(&res.stderr);
    assert!(
        err.contains("is not empty") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(names(&out), ["gaps.csv", "notes.txt"]);
    assert_eq!(
        std::fs::read_to_string(out.join("gaps.csv")).expect("read"),
        "old"
    );

    let res = evidence(&fixture("round1"), &out, &["--force"]);
    assert!(
        res.status.success(),
        "{}",
        String::from_utf8_lossy(&res.stderr)
    );
    let mut expected: Vec<&str> = FILES.to_vec();
    expected.push("notes.txt");
    expected.sort_unstable();
    assert_eq!(names(&out), expected);
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).expect("read"),
        "auditor's notes"
    );
    assert_ne!(
        std::fs::read_to_string(out.join("gaps.csv")).expect("read"),
        "old"
    );
    // Nothing left beside the bundle.
    assert_eq!(names(tmp.path()), ["b"]);
}

#[test]
fn an_empty_folder_is_fine() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("b");
    std::fs::create_dir(&out).expect("mkdir");
    assert!(evidence(&fixture("round1"), &out, &[]).status.success());
    assert_eq!(names(&out), FILES);
}

#[test]
fn never_inside_or_onto_the_inputs() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let ws = tmp.path().join("ws");
    copy_workspace("round1", &ws);
    for (out, force) in [
        (ws.join("people/bundle"), false),
        (ws.join("roles"), true),
        (ws.clone(), true),
        (ws.join("people/ann.yaml"), true),
    ] {
        let res = evidence(&ws, &out, if force { &["--force"] } else { &[] });
        assert_eq!(res.status.code(), Some(2), "{}", out.display());
        let err = String::from_utf8_lossy(&res.stderr);
        assert!(err.contains("refusing to write the bundle"), "{err}");
    }
    assert_eq!(
        names(&ws.join("people")),
        ["ann.yaml", "bob.yaml", "cyd.yaml", "eve.yaml"]
    );
    // A folder of its own inside the workspace is fine.
    assert!(evidence(&ws, &ws.join("audit"), &[]).status.success());
}

#[test]
fn an_invalid_workspace_writes_nothing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let ws = tmp.path().join("ws");
    copy_workspace("round1", &ws);
    std::fs::write(ws.join("people/ann.yaml"), "person: ann\nname: Ann\nroles: [nobody]\nassessed_on: 2026-06-01\nmethod: self\ncompetences: {}\n").expect("write");
    let out = tmp.path().join("b");
    let res = evidence(&ws, &out, &[]);
    assert_eq!(res.status.code(), Some(1));
    assert!(!out.exists());
    assert_eq!(names(tmp.path()), ["ws"]);
}

/// `--register FILE` carries an edited register forward into the bundle,
/// even when FILE is the bundle's own register.csv (re-run with --force).
#[test]
fn the_register_can_be_carried_forward() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("b");
    assert!(evidence(&fixture("round1"), &out, &[]).status.success());
    let reg = out.join("register.csv");
    let text = std::fs::read_to_string(&reg).expect("read");
    let edited = text.replace(
        "2026-11-23,Not Started,Medium,,",
        "2026-11-23,In Progress,Medium,Zoe,",
    );
    assert_ne!(edited, text, "bob/6.5.3 is the one Medium line");
    std::fs::write(&reg, &edited).expect("write");
    let edited_hash = hex(edited.as_bytes());

    let reg_arg = reg.to_str().expect("utf-8").to_string();
    let res = evidence(
        &fixture("round2"),
        &out,
        &["--force", "--register", &reg_arg],
    );
    assert!(
        res.status.success(),
        "{}",
        String::from_utf8_lossy(&res.stderr)
    );
    let recs = records(&std::fs::read(&reg).expect("read"));
    let bob = recs.iter().find(|r| &r[0] == "bob/6.5.3").expect("bob");
    assert_eq!(
        (&bob[4], &bob[6], &bob[8]),
        ("Completed", "Zoe", "Closed on 2026-11-23")
    );
    assert!(
        recs.iter()
            .any(|r| &r[0] == "dee/5.3" && &r[4] == "Not Started")
    );

    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).expect("read"))
            .expect("json");
    let inputs = m["inputs"].as_array().expect("inputs");
    assert!(
        inputs.iter().any(|i| i["path"]
            .as_str()
            .is_some_and(|p| p.ends_with("register.csv"))
            && i["sha256"] == edited_hash),
        "the register read is an input of the bundle"
    );
    assert_eq!(m["summary"]["total_gap_points"], 5);
}

#[test]
fn plans_snapshot() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("b");
    assert!(evidence(&fixture("round2"), &out, &[]).status.success());
    insta::assert_snapshot!(std::fs::read_to_string(out.join("plans.md")).expect("read"));
}

#[test]
fn out_must_be_a_folder() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("file.txt");
    std::fs::write(&out, "x").expect("write");
    let res = evidence(&fixture("round1"), &out, &["--force"]);
    assert_eq!(res.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&res.stderr).contains("is not a folder"));
    assert_eq!(std::fs::read_to_string(&out).expect("read"), "x");
    assert_eq!(names(tmp.path()), ["file.txt"]);
}
