//! The bundled role templates (`catalog/roles/`), checked as the catalog is:
//! every file is embedded and listed, validates clean, requires competences
//! that exist with both levels, a criticality and a note, and names a real
//! ECSF role profile; and the `catalog roles` commands.

use crate::common::compgap;

use predicates::prelude::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

fn stdout_of(args: &[&str]) -> String {
    let out = compgap().args(args).output().expect("runs");
    assert!(
        out.status.success(),
        "compgap {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog/roles")
}

/// The template files in the repository: id → text.
fn files() -> BTreeMap<String, String> {
    std::fs::read_dir(dir())
        .expect("catalog/roles")
        .map(|e| {
            let p = e.expect("entry").path();
            let id = p
                .file_stem()
                .and_then(|s| s.to_str())
                .expect("name")
                .to_string();
            assert_eq!(p.extension().and_then(|e| e.to_str()), Some("yaml"));
            (id, std::fs::read_to_string(&p).expect("readable"))
        })
        .collect()
}

fn listed() -> Vec<Value> {
    let v: Value =
        serde_json::from_str(&stdout_of(&["catalog", "roles", "--format", "json"])).expect("JSON");
    v.as_array().expect("array").clone()
}

/// The ECSF v1 role profile titles (ENISA), from the copy in the fixtures.
fn ecsf_titles() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ecsf/profiles.json");
    let v: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("JSON");
    v["profiles"]
        .as_array()
        .expect("profiles")
        .iter()
        .map(|p| p["title"].as_str().expect("title").to_string())
        .collect()
}

#[test]
fn the_typical_isms_roles_are_all_there_and_every_file_is_embedded() {
    let ids: Vec<String> = listed()
        .iter()
        .map(|r| r["id"].as_str().expect("id").to_string())
        .collect();
    let on_disk: Vec<String> = files().into_keys().collect();
    assert_eq!(ids, on_disk, "catalog/roles/ and the embedded list differ");
    for id in [
        "isms-manager",
        "ciso",
        "risk-manager",
        "internal-auditor",
        "secops-lead",
        "awareness-officer",
        "security-architect",
        "incident-manager",
        "compliance-officer",
        "supplier-security-manager",
    ] {
        assert!(ids.iter().any(|i| i == id), "{id} missing");
    }
}

#[test]
fn every_template_validates_strictly_clean() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let ws = tmp.path();
    std::fs::create_dir(ws.join("roles")).expect("folder");
    std::fs::create_dir(ws.join("people")).expect("folder");
    let all = files();
    for (id, text) in &all {
        std::fs::write(ws.join(format!("roles/{id}.yaml")), text).expect("write");
    }
    compgap()
        .args(["validate", "--strict", "--as-of", "2026-11-23"])
        .arg(ws)
        .assert()
        .success()
        .stdout(format!(
            "{} files checked: 0 errors, 0 warnings\n",
            all.len()
        ));
}

#[test]
fn every_requirement_gives_both_levels_a_criticality_and_a_note() {
    let catalog: Value =
        serde_json::from_str(&stdout_of(&["catalog", "export", "--format", "json"])).expect("JSON");
    let ids: Vec<&str> = catalog
        .as_array()
        .expect("array")
        .iter()
        .map(|c| c["id"].as_str().expect("id"))
        .collect();
    for (id, text) in files() {
        let role: Value = serde_yaml_ng::from_str(&text).expect("YAML");
        assert_eq!(role["id"], id.as_str());
        let requires = role["requires"].as_object().expect("requires");
        assert!(
            requires.len() >= 6,
            "{id}: only {} requirements",
            requires.len()
        );
        let mut mandatory = 0;
        for (c, req) in requires {
            assert!(ids.contains(&c.as_str()), "{id}: unknown competence {c}");
            for level in ["knowledge", "skill"] {
                let l = req[level].as_u64().unwrap_or(99);
                assert!((1..=5).contains(&l), "{id} {c}: {level} {l}");
            }
            let crit = req["criticality"].as_str().unwrap_or("");
            assert!(
                ["mandatory", "recommended", "desirable"].contains(&crit),
                "{id} {c}: criticality {crit:?}"
            );
            mandatory += usize::from(crit == "mandatory");
            let note = req["note"].as_str().unwrap_or("");
            assert!(
                note.len() > 15 && !note.contains('\n'),
                "{id} {c}: note {note:?}"
            );
        }
        assert!(mandatory >= 1, "{id} has no mandatory competence");
    }
}

#[test]
fn ecsf_profiles_are_real_and_named_in_the_description() {
    let titles = ecsf_titles();
    assert_eq!(titles.len(), 12);
    let expected = [
        ("ciso", "Chief Information Security Officer (CISO)"),
        ("risk-manager", "Cybersecurity Risk Manager"),
        ("internal-auditor", "Cybersecurity Auditor"),
        ("awareness-officer", "Cybersecurity Educator"),
        ("incident-manager", "Cyber Incident Responder"),
        ("security-architect", "Cybersecurity Architect"),
        (
            "compliance-officer",
            "Cyber Legal, Policy & Compliance Officer",
        ),
    ];
    let mut with_profile = 0;
    for (id, text) in files() {
        let role: Value = serde_yaml_ng::from_str(&text).expect("YAML");
        let description = role["description"].as_str().expect("description");
        match role["ecsf_profile"].as_str() {
            Some(p) => {
                with_profile += 1;
                assert!(
                    titles.iter().any(|t| t == p),
                    "{id}: {p} is no ECSF profile"
                );
                assert!(
                    description.contains(&format!("ECSF profile {p}")),
                    "{id}: the description does not name {p}"
                );
            }
            None => assert!(
                description.contains("ECSF has no profile"),
                "{id}: say in the description that the ECSF has no profile for it"
            ),
        }
        if let Some((_, p)) = expected.iter().find(|(e, _)| *e == id) {
            assert_eq!(role["ecsf_profile"], *p, "{id}");
        }
    }
    assert!(with_profile >= 7);
}

#[test]
fn catalog_roles_lists_id_title_profile_and_count_in_every_format() {
    let rows = listed();
    let ciso = rows.iter().find(|r| r["id"] == "ciso").expect("ciso");
    let keys: Vec<&str> = ciso
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["id", "title", "ecsf_profile", "requirements"]);
    assert_eq!(ciso["title"], "Chief Information Security Officer");
    let count = files()["ciso"].matches("\n    note: ").count();
    assert_eq!(ciso["requirements"], count);
    let isms = rows
        .iter()
        .find(|r| r["id"] == "isms-manager")
        .expect("isms");
    assert_eq!(isms["ecsf_profile"], Value::Null);

    let table = stdout_of(&["catalog", "roles"]);
    assert!(table.contains("ECSF profile"));
    let line = table
        .lines()
        .find(|l| l.trim_start().starts_with("risk-manager "))
        .expect("risk-manager row");
    assert!(line.contains("Information Security Risk Manager"));
    assert!(line.contains("Cybersecurity Risk Manager"));
    assert_eq!(
        table.lines().filter(|l| l.starts_with(' ')).count(),
        rows.len() + 1,
        "{table}"
    );

    let csv = stdout_of(&["catalog", "roles", "--format", "csv"]).replace("\r\n", "\n");
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("id,title,ecsf_profile,requirements"));
    assert!(csv.contains("\ncompliance-officer,Compliance and Privacy Officer,\"Cyber Legal, Policy & Compliance Officer\",9\n"), "{csv}");
    assert!(csv.contains("\nisms-manager,ISMS Manager,,12\n"), "{csv}");

    let md = stdout_of(&["catalog", "roles", "--format", "markdown"]);
    assert!(md.contains("| ciso | Chief Information Security Officer | Chief Information Security Officer (CISO) | 11 |"), "{md}");
}

#[test]
fn catalog_roles_show_prints_the_file_as_shipped() {
    for (id, text) in files() {
        assert_eq!(stdout_of(&["catalog", "roles", "show", &id]), text);
    }
    compgap()
        .args(["catalog", "roles", "show", "cisco"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "no role template `cisco` (did you mean `ciso`?)",
        ));
}

/// A person naming a role that exists only as a bundled template is told
/// how to bring the template in, and doing as told makes the workspace valid.
#[test]
fn a_role_known_only_as_a_template_names_the_command_that_adds_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = dir.path();
    compgap()
        .args(["init", "--as-of", "2026-11-23"])
        .arg(ws)
        .assert()
        .success();
    let alex = ws.join("people/alex.yaml");
    let text = std::fs::read_to_string(&alex).expect("read");
    let text = text.replace("roles: [isms-manager]", "roles: [isms-manager, ciso]");
    std::fs::write(&alex, text).expect("write");
    let hint =
        "or add the bundled template with `compgap catalog roles show ciso -o roles/ciso.yaml`";
    compgap()
        .args(["validate", "--as-of", "2026-11-23"])
        .arg(ws)
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("role `ciso` does not exist")
                .and(predicate::str::contains(hint)),
        );
    compgap()
        .current_dir(ws)
        .args(["catalog", "roles", "show", "ciso", "-o", "roles/ciso.yaml"])
        .assert()
        .success();
    compgap()
        .args(["validate", "--as-of", "2026-11-23"])
        .arg(ws)
        .assert()
        .success();
}
