//! `compgap schema`: the shipped schema files are what the command prints,
//! every file `validate` accepts (the examples, the role templates, the
//! bundled catalog, a fresh `init`) validates against its schema, and
//! files with an unknown field or value do not.

use crate::common::compgap;

use crate::common::files;

use serde_json::Value;
use std::path::{Path, PathBuf};

const KINDS: [&str; 4] = ["role", "person", "workspace", "catalog"];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn printed(kind: &str) -> String {
    let out = compgap().args(["schema", kind]).output().expect("runs");
    assert!(out.status.success(), "compgap schema {kind} failed");
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn validator(kind: &str) -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(&printed(kind)).expect("schema is JSON");
    jsonschema::validator_for(&schema).expect("schema compiles")
}

/// A YAML file as the JSON an editor's schema check sees.
fn yaml_value(text: &str) -> Value {
    serde_yaml_ng::from_str(text).expect("YAML")
}

/// The schema violations of `text` against the schema of `kind`.
fn violations(kind: &str, text: &str) -> Vec<String> {
    validator(kind)
        .iter_errors(&yaml_value(text))
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

fn assert_valid(kind: &str, path: &Path) {
    let text = std::fs::read_to_string(path).expect("readable");
    let errors = violations(kind, &text);
    assert!(
        errors.is_empty(),
        "{} is not a valid {kind} file: {errors:#?}",
        path.display()
    );
}

/// Every YAML file under `dir`, with the kind of file it is.
fn workspace_files(dir: &Path) -> Vec<(&'static str, PathBuf)> {
    let mut out: Vec<(&'static str, PathBuf)> = files::files_under(dir)
        .into_iter()
        .filter_map(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if !name.ends_with(".yaml") {
                return None;
            }
            let parent = p
                .parent()
                .and_then(|d| d.file_name())
                .and_then(|n| n.to_str())
                .unwrap_or("");
            let kind = match (name, parent) {
                ("compgap.yaml", _) => "workspace",
                (_, "roles") => "role",
                (_, "people") => "person",
                (_, "catalogs") => "catalog",
                _ => panic!("unexpected file {}", p.display()),
            };
            Some((kind, p))
        })
        .collect();
    out.sort();
    out
}

#[test]
fn the_shipped_schema_files_are_what_compgap_schema_prints() {
    for kind in KINDS {
        let path = root().join(format!("schemas/{kind}.schema.json"));
        let shipped = std::fs::read_to_string(&path).expect("schema file shipped");
        assert!(
            shipped == printed(kind),
            "{} is stale: run `compgap schema {kind} -o schemas/{kind}.schema.json`",
            path.display()
        );
    }
}

#[test]
fn schema_writes_to_a_file_and_refuses_an_unknown_kind() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("role.schema.json");
    compgap()
        .args(["schema", "role", "-o"])
        .arg(&out)
        .assert()
        .success()
        .stdout("");
    assert_eq!(
        std::fs::read_to_string(&out).expect("written"),
        printed("role")
    );
    compgap()
        .args(["schema", "roles"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::contains("role"));
}

#[test]
fn the_schemas_name_every_field_type_value_and_level() {
    let role: Value = serde_json::from_str(&printed("role")).expect("JSON");
    assert_eq!(role["$schema"], "http://json-schema.org/draft-07/schema#");
    assert_eq!(role["additionalProperties"], false);
    for field in [
        "id",
        "title",
        "description",
        "ecsf_profile",
        "headcount",
        "requires",
    ] {
        let p = &role["properties"][field];
        assert!(
            p["description"].as_str().is_some_and(|d| !d.is_empty()),
            "role field {field} has no description: {p}"
        );
    }
    let level = &role["definitions"]["Level"];
    assert!(
        level["description"]
            .as_str()
            .is_some_and(|d| d.contains("0 none") && d.contains("5 expert")),
        "{level}"
    );
    assert_eq!(level["anyOf"][0]["minimum"], 0);
    assert_eq!(level["anyOf"][0]["maximum"], 5);
    let text = printed("role");
    for word in ["mandatory", "recommended", "desirable", "practitioner"] {
        assert!(text.contains(&format!("\"{word}\"")), "{word} missing");
    }
    let person = printed("person");
    for word in [
        "\"self\"",
        "\"manager\"",
        "\"independent\"",
        "\"qualification\"",
        "\"training\"",
        "\"experience\"",
        "\"other\"",
    ] {
        assert!(
            person.contains(word),
            "{word} missing from the person schema"
        );
    }
    let ws: Value = serde_json::from_str(&printed("workspace")).expect("JSON");
    let policy = &ws["definitions"]["PolicyEntry"]["properties"];
    assert_eq!(policy["hire_gap"]["minimum"], 1);
    assert_eq!(policy["hire_gap"]["maximum"], 5);
    assert_eq!(policy["cap_unevidenced"]["type"], "boolean");
}

#[test]
fn every_example_file_validates_against_its_schema() {
    let files = workspace_files(&root().join("examples"));
    assert!(files.len() > 30, "examples found: {}", files.len());
    for (kind, path) in files {
        assert_valid(kind, &path);
    }
}

/// The test workspaces `validate` accepts (warnings allowed), file by file.
#[test]
fn every_fixture_workspace_validate_accepts_passes_the_schemas() {
    let fixtures = root().join("tests/fixtures");
    let mut dirs = vec![
        fixtures.join("small"),
        fixtures.join("round1"),
        fixtures.join("round2"),
    ];
    let mut cases: Vec<PathBuf> = std::fs::read_dir(fixtures.join("validate"))
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    dirs.extend(cases);
    let mut accepted = 0;
    for dir in dirs {
        let ok = compgap()
            .args(["validate", "--as-of", "2026-11-23"])
            .arg(&dir)
            .output()
            .expect("runs")
            .status
            .success();
        if ok {
            accepted += 1;
            for (kind, path) in workspace_files(&dir) {
                assert_valid(kind, &path);
            }
        }
    }
    assert!(
        accepted >= 5,
        "only {accepted} fixture workspaces are valid"
    );
}

#[test]
fn every_example_file_starts_with_a_modeline_naming_its_schema() {
    for (kind, path) in workspace_files(&root().join("examples")) {
        let text = std::fs::read_to_string(&path).expect("readable");
        let first = text.lines().next().unwrap_or("");
        let target = first
            .strip_prefix("# yaml-language-server: $schema=")
            .unwrap_or_else(|| panic!("{}: first line is {first:?}", path.display()));
        assert!(
            target.ends_with(&format!("schemas/{kind}.schema.json")),
            "{}: {target}",
            path.display()
        );
        let resolved = path.parent().expect("parent").join(target);
        assert!(
            resolved.is_file(),
            "{}: {} does not exist",
            path.display(),
            resolved.display()
        );
    }
}

#[test]
fn the_role_templates_and_the_bundled_catalog_validate() {
    let dir = root().join("catalog/roles");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("catalog/roles") {
        assert_valid("role", &entry.expect("entry").path());
        n += 1;
    }
    assert!(n >= 10);
    assert_valid("catalog", &root().join("catalog/iso27021.yaml"));
}

#[test]
fn a_fresh_init_workspace_validates_against_the_schemas() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("ws");
    compgap()
        .args(["init", "--roles", "ciso,internal-auditor"])
        .arg(&dir)
        .assert()
        .success();
    let files = workspace_files(&dir);
    assert!(files.len() >= 4, "{files:?}");
    for (kind, path) in files {
        assert_valid(kind, &path);
    }
}

const ROLE: &str = "id: analyst\ntitle: Analyst\ndescription: 2024\nrequires:\n  \"5.8\": {level: 3, criticality: mandatory, note: Weighs risks}\n  \"6.2.3\": {knowledge: 3, skill: practitioner}\n  \"5.3\": Foundation\n";
const PERSON: &str = "person: ana\nname: Ana\nroles: [analyst]\nassessed_on: 2026-01-10\nmethod: self\ncompetences:\n  \"5.8\":\n    level: 2\n    evidence:\n      - {kind: training, name: Risk course, date: 2025-01-01, expires: 2027-01-01}\n";
const WORKSPACE: &str = "roles: roles\npeople: people\ncatalogs: []\npolicy:\n  mentor_min_level: 4\n  evidence_required_from: practitioner\n  cap_unevidenced: false\n";
const CATALOG: &str = "id: own\ntitle: Own\ncompetences:\n  - id: X.1\n    title: Cloud\n    group: own\n    outcome: Runs clouds\n    knowledge:\n      - {id: K1, text: Clouds}\n    skills:\n      - id: S1\n        text: Run\n        items:\n          - {id: S1.1, text: Deploy}\n";

/// A kind of file, a sample that is valid, and changes (from, to) that
/// each make it invalid.
type Case = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

/// Each sample passes both `validate` and its schema, and each change
/// below is refused by both.
#[test]
fn unknown_fields_and_values_are_refused_as_validate_refuses_them() {
    let cases: &[Case] = &[
        (
            "role",
            ROLE,
            &[
                ("title: Analyst", "title: Analyst\ntitel: Analyst"),
                ("criticality: mandatory", "criticality: critical"),
                ("note: Weighs risks", "note: Weighs risks, evidence: x"),
                ("skill: practitioner", "skill: guru"),
                ("{level: 3,", "{level: 6,"),
                ("{knowledge: 3, skill: practitioner}", "{knowledge: 3}"),
                ("{level: 3,", "{level: 3, skill: 2,"),
            ],
        ),
        (
            "person",
            PERSON,
            &[
                ("method: self", "method: guess"),
                ("kind: training", "kind: course"),
                ("name: Ana\n", "name: Ana\nteam: red\n"),
                ("level: 2", "level: 2\n    criticality: mandatory"),
                ("assessed_on: 2026-01-10", "assessed_on: last week"),
            ],
        ),
        (
            "workspace",
            WORKSPACE,
            &[
                (
                    "cap_unevidenced: false",
                    "cap_unevidenced: false\n  max_menteez: 3",
                ),
                (
                    "evidence_required_from: practitioner",
                    "evidence_required_from: 0",
                ),
                ("catalogs: []", "catalogues: []"),
            ],
        ),
        (
            "catalog",
            CATALOG,
            &[
                ("group: own", "group: own\n    level: 3"),
                ("{id: K1, text: Clouds}", "{id: K1, text: Clouds, note: x}"),
            ],
        ),
    ];
    for (kind, good, changes) in cases {
        let errors = violations(kind, good);
        assert!(errors.is_empty(), "{kind} sample: {errors:#?}");
        assert!(
            validate_accepts(kind, good),
            "validate refuses the {kind} sample"
        );
        for (from, to) in *changes {
            assert!(good.contains(from), "{from} not in the {kind} sample");
            let bad = good.replacen(from, to, 1);
            assert!(
                !violations(kind, &bad).is_empty(),
                "the {kind} schema accepts:\n{bad}"
            );
            assert!(!validate_accepts(kind, &bad), "validate accepts:\n{bad}");
        }
    }
}

/// Run `validate` on a workspace holding `text` as a file of `kind`.
fn validate_accepts(kind: &str, text: &str) -> bool {
    let tmp = tempfile::tempdir().expect("temp dir");
    let ws = tmp.path();
    for d in ["roles", "people", "catalogs"] {
        std::fs::create_dir(ws.join(d)).expect("folder");
    }
    let path = match kind {
        "role" => "roles/analyst.yaml",
        "person" => "people/ana.yaml",
        "workspace" => "compgap.yaml",
        _ => "catalogs/own.yaml",
    };
    if kind == "person" {
        std::fs::write(ws.join("roles/analyst.yaml"), ROLE).expect("write");
    }
    std::fs::write(ws.join(path), text).expect("write");
    compgap()
        .args(["validate", "--as-of", "2026-11-23"])
        .arg(ws)
        .output()
        .expect("runs")
        .status
        .success()
}
