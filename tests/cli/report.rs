//! `compgap report` on the bundled examples and on broken workspaces.

use crate::common::compgap;

use assert_cmd::Command;
use serde_json::Value;

fn report(args: &[&str]) -> (i32, String, String) {
    let out = compgap()
        .args(["report", "examples", "--as-of", "2026-11-23"])
        .args(args)
        .output()
        .expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("utf-8"),
        String::from_utf8(out.stderr).expect("utf-8"),
    )
}

fn json(args: &[&str]) -> Value {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let (code, out, err) = report(&all);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).expect("json")
}

#[test]
fn json_has_the_contract_shape_and_the_examples_figures() {
    let doc = json(&[]);
    assert_eq!(doc["as_of"], "2026-11-23");
    let s = &doc["summary"];
    assert_eq!(
        (s["gaps"].as_u64(), s["total_gap_points"].as_u64()),
        (Some(40), Some(63))
    );
    assert_eq!(
        (s["high"].as_u64(), s["medium"].as_u64(), s["low"].as_u64()),
        (Some(4), Some(10), Some(26))
    );
    assert_eq!(s["uncovered"], serde_json::json!(["6.5.2"]));
    let first = &doc["gaps"][0];
    let keys: Vec<&str> = first
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "person",
            "name",
            "roles",
            "competence",
            "title",
            "required",
            "held",
            "knowledge_gap",
            "skill_gap",
            "gap",
            "criticality",
            "score",
            "band",
            "actions",
            "flags"
        ]
    );
    assert_eq!(first["person"], "chloe");
    assert_eq!(first["competence"], "6.5.2");
    assert_eq!(first["score"], 24);
    assert_eq!(first["band"], "high");
    assert_eq!(first["flags"], serde_json::json!(["unassessed"]));
    assert_eq!(first["actions"][0]["kind"], "training");
    assert_eq!(first["actions"][0]["items"][0], "6.5.2/K1");
    assert_eq!(first["actions"][1], serde_json::json!({"kind": "coaching"}));
    // elif's 6.5.3 skill gap is mentored by kwame, the one 6.5.3 expert.
    let elif = doc["gaps"]
        .as_array()
        .expect("gaps")
        .iter()
        .find(|g| g["person"] == "elif" && g["competence"] == "6.5.3")
        .expect("elif 6.5.3");
    assert_eq!(
        elif["actions"][1],
        serde_json::json!({"kind": "mentoring", "mentor": "kwame"})
    );
    let vacancy = &doc["team_actions"]
        .as_array()
        .expect("team actions")
        .iter()
        .find(|t| t["role"] == "risk-analyst" && t.get("competence").is_none())
        .expect("risk-analyst vacancy")["reason"];
    assert_eq!(vacancy, "1 of 2 positions filled: 1 vacant");
}

#[test]
fn csv_has_the_contract_columns_and_one_row_per_gap() {
    let (code, out, _) = report(&["--format", "csv"]);
    assert_eq!(code, 0);
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        header.join(","),
        "person,name,roles,competence,title,required_knowledge,held_knowledge,required_skill,held_skill,gap,criticality,score,band,actions,mentor,assessed_on,method,flags"
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), 40);
    let elif = rows
        .iter()
        .find(|r| &r[0] == "elif" && &r[3] == "6.5.3")
        .expect("elif");
    assert_eq!(&elif[13], "training; mentoring");
    assert_eq!(&elif[14], "kwame");
    assert_eq!(&elif[17], "stale");
}

#[test]
fn filters_narrow_the_rows() {
    let doc = json(&["--person", "henrik"]);
    let gaps = doc["gaps"].as_array().expect("gaps");
    assert!(!gaps.is_empty());
    assert!(gaps.iter().all(|g| g["person"] == "henrik"));
    let doc = json(&["--band", "high"]);
    assert_eq!(doc["gaps"].as_array().map(Vec::len), Some(4));
    let doc = json(&["--band", "medium"]);
    assert_eq!(doc["gaps"].as_array().map(Vec::len), Some(14));
    let doc = json(&["--role", "internal-auditor"]);
    let gaps = doc["gaps"].as_array().expect("gaps");
    assert!(gaps.iter().all(|g| {
        g["roles"]
            .as_array()
            .expect("roles")
            .contains(&Value::from("internal-auditor"))
    }));
    assert!(
        doc["team_actions"]
            .as_array()
            .expect("team")
            .iter()
            .all(|t| t["role"] == "internal-auditor")
    );
    let all = json(&["--all"]);
    let met = all["gaps"]
        .as_array()
        .expect("gaps")
        .iter()
        .filter(|g| g["gap"] == 0)
        .count();
    assert!(met > 0, "--all shows met rows");
    assert!(
        all["gaps"]
            .as_array()
            .expect("gaps")
            .iter()
            .filter(|g| g["gap"] == 0)
            .all(|g| g["band"] == "met")
    );
}

#[test]
fn fail_on_gates_ci() {
    assert_eq!(report(&["--fail-on", "high"]).0, 1);
    assert_eq!(report(&["--fail-on", "high", "--person", "priya"]).0, 0);
    assert_eq!(report(&["--fail-on", "low", "--person", "priya"]).0, 1);
}

#[test]
fn every_format_is_byte_identical_across_runs() {
    for format in ["table", "csv", "json", "markdown"] {
        let a = report(&["--format", format]).1;
        let b = report(&["--format", format]).1;
        assert_eq!(a, b, "{format}");
        assert!(
            !a.contains('\u{1b}'),
            "{format}: no colour codes when NO_COLOR is set or piped"
        );
    }
}

#[test]
fn source_date_epoch_sets_the_date() {
    // 1795392000 = 2026-11-23T00:00:00Z.
    let out = Command::cargo_bin("compgap")
        .expect("binary")
        .env("SOURCE_DATE_EPOCH", "1795392000")
        .args(["report", "examples", "--format", "json"])
        .output()
        .expect("run");
    let doc: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(doc["as_of"], "2026-11-23");
}

#[test]
fn unknown_filters_and_bad_dates_are_usage_errors() {
    let (code, _, err) = report(&["--person", "henrick"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("error: --person `henrick` is not in the workspace (did you mean `henrik`?)"),
        "{err}"
    );
    let out = compgap()
        .args(["report", "examples", "--as-of", "2026-02-30"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn an_invalid_workspace_stops_with_its_diagnostics() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("roles")).expect("roles");
    std::fs::create_dir_all(dir.path().join("people")).expect("people");
    std::fs::write(
        dir.path().join("roles/r.yaml"),
        "id: r\ntitle: R\nrequires:\n  5.2: {level: 7}\n",
    )
    .expect("write");
    let out = compgap()
        .arg("report")
        .arg(dir.path())
        .args(["--as-of", "2026-11-23"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).expect("utf-8");
    assert!(
        err.contains("roles/r.yaml:4:16: error[invalid-level]: `level` `7` is not on the scale"),
        "{err}"
    );
}

#[test]
fn output_file_is_written_and_inputs_are_never_overwritten() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("gaps.csv");
    let out = compgap()
        .args([
            "report",
            "examples",
            "--as-of",
            "2026-11-23",
            "--format",
            "csv",
            "--output",
        ])
        .arg(&target)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    assert!(
        std::fs::read_to_string(&target)
            .expect("written")
            .starts_with("person,name,roles")
    );
    let before = std::fs::read("examples/people/chloe.yaml").expect("input");
    let out = compgap()
        .args([
            "report",
            "examples",
            "--as-of",
            "2026-11-23",
            "--output",
            "examples/people/chloe.yaml",
        ])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("it is one of the input files"));
    assert_eq!(
        std::fs::read("examples/people/chloe.yaml").expect("input"),
        before
    );
}

/// A new YAML file among the assessments would be read as one next time.
#[test]
fn a_yaml_output_into_a_folder_of_inputs_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = dir.path();
    for sub in ["roles", "people"] {
        std::fs::create_dir(ws.join(sub)).expect("mkdir");
        for entry in std::fs::read_dir(format!("examples/{sub}")).expect("examples") {
            let p = entry.expect("entry").path();
            std::fs::copy(&p, ws.join(sub).join(p.file_name().expect("name"))).expect("copy");
        }
    }
    let target = ws.join("people/report.yaml");
    let out = compgap()
        .arg("report")
        .arg(ws)
        .args(["--as-of", "2026-11-23", "--format", "json", "--output"])
        .arg(&target)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("a folder of input files"), "{err}");
    assert!(!target.exists());
    // Any other file name there is not read, and is allowed.
    let csv = ws.join("people/report.csv");
    let out = compgap()
        .arg("report")
        .arg(ws)
        .args(["--as-of", "2026-11-23", "--format", "csv", "--output"])
        .arg(&csv)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    assert!(csv.exists());
}

#[test]
fn markdown_report_snapshot() {
    let (_, out, _) = report(&["--format", "markdown", "--band", "medium"]);
    insta::assert_snapshot!(out);
}

#[test]
fn table_report_snapshot() {
    let (_, out, _) = report(&["--person", "chloe"]);
    insta::assert_snapshot!(out);
}

fn small(format: &str) -> String {
    let out = compgap()
        .args([
            "report",
            "tests/fixtures/small",
            "--as-of",
            "2026-11-23",
            "--all",
            "--format",
            format,
        ])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn small_workspace_snapshots_in_every_format() {
    insta::assert_snapshot!("small_table", small("table"));
    insta::assert_snapshot!("small_csv", small("csv"));
    insta::assert_snapshot!("small_json", small("json"));
    insta::assert_snapshot!("small_markdown", small("markdown"));
}
