//! The bundled ISO/IEC 27021:2017 catalog's shape, pinned so that nothing
//! drifts, and the `catalog list|show|export` commands.

use crate::common::compgap;

use predicates::prelude::*;
use serde_json::Value;
use std::collections::HashSet;
use std::path::Path;

fn stdout_of(args: &[&str]) -> String {
    let out = compgap().args(args).output().expect("runs");
    assert!(
        out.status.success(),
        "compgap {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// The exported catalog, as JSON.
fn export() -> Vec<Value> {
    let text = stdout_of(&["catalog", "export", "--format", "json"]);
    match serde_json::from_str(&text).expect("export is JSON") {
        Value::Array(a) => a,
        other => panic!("export is not an array: {other}"),
    }
}

fn find<'a>(all: &'a [Value], id: &str) -> &'a Value {
    all.iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("competence {id} missing"))
}

fn strs(v: &Value) -> Vec<&str> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|s| s.as_str().expect("string"))
        .collect()
}

fn items(v: &Value) -> &Vec<Value> {
    v.as_array().expect("array of items")
}

/// (id, knowledge items, skill items, sub-items) in catalog order.
const SHAPE: [(&str, usize, usize, usize); 24] = [
    ("5.2", 2, 4, 0),
    ("5.3", 3, 4, 0),
    ("5.4", 4, 4, 0),
    ("5.5", 4, 5, 0),
    ("5.6", 5, 5, 0),
    ("5.7", 6, 9, 0),
    ("5.8", 3, 3, 0),
    ("5.9", 5, 7, 0),
    ("5.10", 5, 2, 0),
    ("5.11", 3, 4, 0),
    ("5.12", 1, 4, 0),
    ("5.13", 1, 4, 0),
    ("6.1.2", 5, 6, 5),
    ("6.1.3", 5, 4, 0),
    ("6.2.2", 3, 10, 0),
    ("6.2.3", 5, 5, 0),
    ("6.3.2", 16, 5, 0),
    ("6.4.2", 4, 5, 0),
    ("6.4.3", 4, 6, 0),
    ("6.5.2", 3, 7, 4),
    ("6.5.3", 4, 9, 0),
    ("6.5.4", 4, 5, 0),
    ("6.6.2", 1, 7, 0),
    ("6.6.3", 1, 2, 0),
];

#[test]
fn the_catalog_has_the_24_competences_in_order() {
    let all = export();
    let ids: Vec<&str> = all.iter().map(|c| c["id"].as_str().expect("id")).collect();
    let expected: Vec<&str> = SHAPE.iter().map(|s| s.0).collect();
    assert_eq!(ids, expected);
}

#[test]
fn every_competence_has_its_count_of_items_and_sub_items() {
    let all = export();
    for (id, k, s, sub) in SHAPE {
        let c = find(&all, id);
        let knowledge = items(&c["knowledge"]);
        let skills = items(&c["skills"]);
        assert_eq!(knowledge.len(), k, "{id} knowledge items");
        assert_eq!(skills.len(), s, "{id} skill items");
        let nested: usize = knowledge
            .iter()
            .chain(skills)
            .map(|i| i.get("items").map_or(0, |x| items(x).len()))
            .sum();
        assert_eq!(nested, sub, "{id} sub-items");
    }
}

#[test]
fn sub_items_sit_under_6_1_2_s4_and_6_5_2_s2() {
    let all = export();
    let s4 = &find(&all, "6.1.2")["skills"][3];
    assert_eq!(s4["id"], "6.1.2/S4");
    let ids: Vec<&str> = items(&s4["items"])
        .iter()
        .map(|i| i["id"].as_str().expect("id"))
        .collect();
    assert_eq!(
        ids,
        [
            "6.1.2/S4.1",
            "6.1.2/S4.2",
            "6.1.2/S4.3",
            "6.1.2/S4.4",
            "6.1.2/S4.5"
        ]
    );
    let s2 = &find(&all, "6.5.2")["skills"][1];
    assert_eq!(s2["id"], "6.5.2/S2");
    assert_eq!(items(&s2["items"]).len(), 4);
    assert_eq!(s2["items"][3]["id"], "6.5.2/S2.4");
}

/// `^\d+(\.\d+)+/[KS]\d+(\.\d+)?$`, checked by hand.
fn well_formed(id: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let Some((comp, item)) = id.split_once('/') else {
        return false;
    };
    let parts: Vec<&str> = comp.split('.').collect();
    if parts.len() < 2 || !parts.iter().all(|p| digits(p)) {
        return false;
    }
    let Some(rest) = item.strip_prefix('K').or_else(|| item.strip_prefix('S')) else {
        return false;
    };
    match rest.split_once('.') {
        Some((a, b)) => digits(a) && digits(b),
        None => digits(rest),
    }
}

#[test]
fn item_ids_are_unique_well_formed_and_belong_to_their_competence() {
    assert!(well_formed("6.1.2/S4.1") && well_formed("5.10/K5"));
    assert!(!well_formed("6.1.2/S4.1.1") && !well_formed("5/K1") && !well_formed("5.2/X1"));
    let all = export();
    let mut seen = HashSet::new();
    let mut total = 0;
    for c in &all {
        let id = c["id"].as_str().expect("id");
        for (list, letter) in [(&c["knowledge"], 'K'), (&c["skills"], 'S')] {
            for (i, item) in items(list).iter().enumerate() {
                let item_id = item["id"].as_str().expect("item id");
                assert_eq!(item_id, format!("{id}/{letter}{}", i + 1));
                assert!(well_formed(item_id), "{item_id}");
                assert!(seen.insert(item_id.to_string()), "{item_id} twice");
                total += 1;
                if let Some(sub) = item.get("items") {
                    for (j, s) in items(sub).iter().enumerate() {
                        let sub_id = s["id"].as_str().expect("sub-item id");
                        assert_eq!(sub_id, format!("{item_id}.{}", j + 1));
                        assert!(well_formed(sub_id), "{sub_id}");
                        assert!(seen.insert(sub_id.to_string()), "{sub_id} twice");
                        total += 1;
                    }
                }
            }
        }
    }
    // 97 knowledge + 126 skill items + 9 sub-items.
    let k: usize = SHAPE.iter().map(|s| s.1).sum();
    let s: usize = SHAPE.iter().map(|s| s.2).sum();
    assert_eq!((k, s), (97, 126));
    assert_eq!(total, k + s + 9);
}

#[test]
fn groups_follow_the_clause_of_the_standard() {
    for c in export() {
        let id = c["id"].as_str().expect("id");
        let expected = if id.starts_with("5.") {
            "business-management"
        } else {
            "information-security"
        };
        assert_eq!(c["group"], expected, "{id}");
    }
}

/// ISO/IEC 27001:2013 clause numbers per competence, as 27021 cites them.
const CLAUSES_2013: [(&str, &[&str]); 24] = [
    ("5.2", &["5"]),
    ("5.3", &["7.4"]),
    ("5.4", &["4.1"]),
    ("5.5", &["4.2"]),
    ("5.6", &[]),
    ("5.7", &["7.2"]),
    ("5.8", &[]),
    ("5.9", &["7.1"]),
    ("5.10", &[]),
    ("5.11", &[]),
    ("5.12", &[]),
    ("5.13", &[]),
    ("6.1.2", &[]),
    ("6.1.3", &["4.1", "4.2"]),
    ("6.2.2", &["4.3", "6.2"]),
    ("6.2.3", &["6.1", "8.2", "8.3"]),
    ("6.3.2", &["8"]),
    ("6.4.2", &["7.3"]),
    ("6.4.3", &["6.2", "7.5"]),
    ("6.5.2", &["9.1"]),
    ("6.5.3", &["9.2"]),
    ("6.5.4", &["9.3", "10.1"]),
    ("6.6.2", &["10.2"]),
    ("6.6.3", &[]),
];

fn numbers(list: &Value) -> Vec<String> {
    strs(list)
        .iter()
        .map(|c| c.split_whitespace().next().expect("number").to_string())
        .collect()
}

#[test]
fn both_editions_clause_mappings_are_pinned() {
    let all = export();
    for (id, expected_2013) in CLAUSES_2013 {
        let c = find(&all, id);
        assert_eq!(numbers(&c["iso27001_2013"]), expected_2013, "{id} 2013");
        // 2013's 10.1 is 2022's 10.2 and the other way round; all else carries over.
        let expected_2022: Vec<&str> = expected_2013
            .iter()
            .map(|n| match *n {
                "10.1" => "10.2",
                "10.2" => "10.1",
                other => other,
            })
            .collect();
        assert_eq!(numbers(&c["iso27001_2022"]), expected_2022, "{id} 2022");
    }
    let review = find(&all, "6.5.4");
    assert_eq!(
        strs(&review["iso27001_2013"]),
        [
            "9.3 Management review",
            "10.1 Nonconformity and corrective action"
        ]
    );
    assert_eq!(
        strs(&review["iso27001_2022"]),
        [
            "9.3 Management review",
            "10.2 Nonconformity and corrective action"
        ]
    );
    let improvement = find(&all, "6.6.2");
    assert_eq!(
        strs(&improvement["iso27001_2013"]),
        ["10.2 Continual improvement"]
    );
    assert_eq!(
        strs(&improvement["iso27001_2022"]),
        ["10.1 Continual improvement"]
    );
}

#[test]
fn item_texts_are_the_standards_words() {
    let all = export();
    let text = |id: &str, kind: &str, i: usize| {
        find(&all, id)[kind][i]["text"]
            .as_str()
            .expect("text")
            .to_string()
    };
    assert_eq!(text("5.2", "knowledge", 0), "Theories of leadership");
    assert_eq!(
        find(&all, "6.1.2")["skills"][3]["items"][0]["text"],
        "Establish organization-wide information security"
    );
    assert_eq!(
        find(&all, "6.1.2")["skills"][3]["items"][4]["text"],
        "Foster a security-positive environment"
    );
    assert_eq!(
        text("6.5.2", "skills", 1),
        "Set evaluation criteria and processes for:"
    );
    assert_eq!(
        find(&all, "6.5.2")["skills"][1]["items"][3]["text"],
        "compliance to laws and regulations"
    );
    assert_eq!(
        text("6.5.3", "skills", 0),
        "Manage the internal ISMS audits"
    );
    assert_eq!(
        text("6.5.3", "skills", 8),
        "Trace indications of information security incidents back to the appropriate elements of the ISMS"
    );
    assert_eq!(
        text("6.3.2", "knowledge", 15),
        "Controls and control objectives as stated in ISO/IEC 27001:2013, Annex A"
    );
    assert_eq!(
        find(&all, "6.5.2")["outcome"],
        "Evaluating the information security performance and the effectiveness of the ISMS in order to support organizational decisions for continual improvement of the ISMS"
    );
    assert_eq!(find(&all, "6.5.3")["title"], "ISMS auditing");
}

#[test]
fn export_json_has_the_contract_keys_in_order() {
    let text = stdout_of(&["catalog", "export"]);
    let all: Vec<Value> = serde_json::from_str(&text).expect("JSON");
    for c in &all {
        let keys: Vec<&str> = c
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        for k in [
            "id",
            "title",
            "group",
            "iso27001_2013",
            "iso27001_2022",
            "outcome",
            "knowledge",
            "skills",
        ] {
            assert!(keys.contains(&k), "{} lacks {k}", c["id"]);
        }
        for item in items(&c["knowledge"]).iter().chain(items(&c["skills"])) {
            let obj = item.as_object().expect("item object");
            assert!(obj.contains_key("id") && obj.contains_key("text"));
            assert!(obj.len() == 2 || obj.contains_key("items"), "{item}");
        }
    }
    // The first bytes, pinned.
    assert!(
        text.starts_with("[\n  {\n    \"id\": \"5.2\",\n    \"title\": \"Leadership\",\n    \"group\": \"business-management\",\n"),
        "{}",
        &text[..200]
    );
}

#[test]
fn list_json_gives_clause_numbers_and_counts() {
    let text = stdout_of(&["catalog", "list", "--format", "json"]);
    let rows: Vec<Value> = serde_json::from_str(&text).expect("JSON");
    assert_eq!(rows.len(), 24);
    let review = rows.iter().find(|r| r["id"] == "6.5.4").expect("6.5.4");
    assert_eq!(
        *review,
        serde_json::json!({
            "id": "6.5.4",
            "title": "Management review",
            "group": "information-security",
            "iso27001_2013": ["9.3", "10.1"],
            "iso27001_2022": ["9.3", "10.2"],
            "knowledge": 4,
            "skills": 5
        })
    );
}

#[test]
fn list_table_shows_one_line_per_competence() {
    let text = stdout_of(&["catalog", "list"]);
    let lines: Vec<&str> = text.lines().collect();
    // A rule, the header, a rule, 24 rows, a rule.
    assert_eq!(lines.len(), 28, "{text}");
    assert!(lines[1].contains("ISO/IEC 27001:2013"));
    let row = lines
        .iter()
        .find(|l| l.trim_start().starts_with("6.6.2 "))
        .expect("6.6.2 row");
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(
        cells,
        [
            "6.6.2",
            "Continual",
            "improvement",
            "information-security",
            "10.2",
            "10.1",
            "1",
            "7"
        ]
    );
}

#[test]
fn list_csv_and_markdown() {
    let csv = stdout_of(&["catalog", "list", "--format", "csv"]);
    let mut lines = csv.split("\r\n");
    assert_eq!(
        lines.next(),
        Some("id,title,group,iso27001_2013,iso27001_2022,knowledge,skills")
    );
    assert!(csv.contains("\r\n6.2.3,Information security risk assessment and treatment,information-security,6.1; 8.2; 8.3,6.1; 8.2; 8.3,5,5\r\n"));
    let md = stdout_of(&["catalog", "list", "--format", "markdown"]);
    assert!(md.starts_with("| id | title | group | ISO/IEC 27001:2013 | ISO/IEC 27001:2022 | knowledge | skills |\n|---|---|---|---|---|---|---|\n| 5.2 | Leadership | business-management | 5 | 5 | 2 | 4 |\n"), "{md}");
}

#[test]
fn show_prints_one_competence_in_full() {
    let text = stdout_of(&["catalog", "show", "6.5.3"]);
    assert!(text.starts_with(
        "6.5.3 ISMS auditing\n\n\
         Group:              information-security (Information Security Performance evaluation)\n\
         ISO/IEC 27001:2013: 9.2 Internal audit\n\
         ISO/IEC 27001:2022: 9.2 Internal audit\n\
         Outcome:            Evaluating the ISMS compliance level with external and internal relevant regulation on a periodic basis\n\n\
         Knowledge (4)\n\
         \x20 6.5.3/K1  Information security audit methodologies and frameworks\n"
    ), "{text}");
    assert!(text.contains("\nSkills (9)\n  6.5.3/S1  Manage the internal ISMS audits\n"));
    assert!(text.ends_with("  6.5.3/S9  Trace indications of information security incidents back to the appropriate elements of the ISMS\n"));
    assert_eq!(text.matches("6.5.3/").count(), 13);
}

#[test]
fn show_indents_sub_items_and_says_when_no_clause_applies() {
    let text = stdout_of(&["catalog", "show", "6.1.2"]);
    assert!(text.contains("ISO/IEC 27001:2013: none\nISO/IEC 27001:2022: none\n"));
    assert!(text.contains(
        "  6.1.2/S4  Set out the principles of information security governance\n    6.1.2/S4.1  Establish organization-wide information security\n"
    ));
}

#[test]
fn show_json_and_yaml_match_the_export() {
    let all = export();
    let json: Value = serde_json::from_str(&stdout_of(&[
        "catalog", "show", "6.5.2", "--format", "json",
    ]))
    .expect("JSON");
    assert_eq!(&json, find(&all, "6.5.2"));
    let yaml = stdout_of(&["catalog", "show", "5.10", "--format", "yaml"]);
    // An id that looks like a number is quoted, so YAML readers keep `5.10`.
    assert!(
        yaml.starts_with("id: '5.10'\ntitle: Information systems architecture\n"),
        "{yaml}"
    );
    let md = stdout_of(&["catalog", "show", "6.5.2", "--format", "markdown"]);
    assert!(md.starts_with("## 6.5.2 ISMS monitoring, measurement, analysis and evaluation\n"));
    assert!(md.contains("- **6.5.2/S2** Set evaluation criteria and processes for:\n  - **6.5.2/S2.1** ISMS implementation\n"));
}

#[test]
fn show_an_unknown_id_fails_with_a_suggestion() {
    compgap()
        .args(["catalog", "show", "5.1"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            "error: there is no competence `5.1` in the catalog (did you mean `5.10`, `5.11` or `5.12`?): run `compgap catalog list` to see the ids\n",
        );
    compgap()
        .args(["catalog", "show", "6.5.33"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("(did you mean `6.5.3`?)"));
}

#[test]
fn export_csv_parses_back_to_one_row_per_item() {
    let text = stdout_of(&["catalog", "export", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        header,
        ["competence", "title", "group", "kind", "item", "text"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), 97 + 126 + 9);
    let sub = rows
        .iter()
        .find(|r| &r[4] == "6.1.2/S4.1")
        .expect("6.1.2/S4.1 row");
    assert_eq!(
        sub.iter().collect::<Vec<_>>(),
        [
            "6.1.2",
            "Information security governance",
            "information-security",
            "skill",
            "6.1.2/S4.1",
            "Establish organization-wide information security"
        ]
    );
    assert_eq!(rows.iter().filter(|r| &r[3] == "knowledge").count(), 97);
    assert_eq!(&rows[0][4], "5.2/K1");
}

#[test]
fn export_yaml_keeps_ids_as_written() {
    let yaml = stdout_of(&["catalog", "export", "--format", "yaml"]);
    assert!(
        yaml.starts_with("- id: '5.2'\n  title: Leadership\n"),
        "{}",
        &yaml[..100]
    );
    assert!(yaml.contains("- id: '5.10'\n"));
    assert!(yaml.contains("    text: Establish organization-wide information security\n"));
}

#[test]
fn outputs_are_byte_identical_across_runs_and_written_to_a_file() {
    for args in [
        &["catalog", "list"][..],
        &["catalog", "export"],
        &["catalog", "export", "--format", "csv"],
        &["catalog", "export", "--format", "yaml"],
        &["catalog", "show", "6.1.2", "--format", "markdown"],
    ] {
        assert_eq!(stdout_of(args), stdout_of(args), "{args:?}");
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("catalog.json");
    compgap()
        .args(["catalog", "export", "--output"])
        .arg(&file)
        .assert()
        .success()
        .stdout("");
    assert_eq!(
        std::fs::read_to_string(&file).expect("written"),
        stdout_of(&["catalog", "export"])
    );
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

#[test]
fn a_workspace_adds_its_own_catalog() {
    let dir = tempfile::tempdir().expect("temp dir");
    let ws = dir.path();
    std::fs::create_dir_all(ws.join("people")).expect("mkdir");
    write(
        &ws.join("roles/dpo.yaml"),
        "id: dpo\ntitle: Data protection officer\nrequires:\n  org.1: 3\n",
    );
    write(
        &ws.join("catalogs/org.yaml"),
        "id: org\ntitle: Our own competences\ncompetences:\n  - id: org.1\n    title: Privacy law\n    group: privacy\n    iso27001_2013: []\n    iso27001_2022: []\n    outcome: Knowing the law\n    knowledge:\n      - {id: K1, text: GDPR}\n    skills:\n      - {id: S1, text: Run a DPIA}\n",
    );
    let out = compgap()
        .args(["catalog", "export", "--workspace"])
        .arg(ws)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let all: Vec<Value> = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(all.len(), 25);
    assert_eq!(all[24]["id"], "org.1");
    assert_eq!(all[24]["knowledge"][0]["id"], "org.1/K1");
    compgap()
        .args(["catalog", "show", "org.1", "--workspace"])
        .arg(ws)
        .assert()
        .success()
        .stdout(predicate::str::starts_with("org.1 Privacy law\n"));
    // Without --workspace, only the bundled catalog.
    compgap()
        .args(["catalog", "show", "org.1"])
        .assert()
        .code(2);
}

#[test]
fn a_workspace_with_errors_stops_the_command() {
    let dir = tempfile::tempdir().expect("temp dir");
    let ws = dir.path();
    std::fs::create_dir_all(ws.join("people")).expect("mkdir");
    write(
        &ws.join("roles/r.yaml"),
        "id: r\ntitle: R\nrequires:\n  5.1: 3\n",
    );
    compgap()
        .current_dir(ws)
        .args(["catalog", "list", "--workspace", "."])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::starts_with(
            "roles/r.yaml:4:3: error[unknown-competence]: unknown competence `5.1` (did you mean `5.10`, `5.11` or `5.12`?)",
        ));
}

#[test]
fn list_table_snapshot() {
    insta::assert_snapshot!(stdout_of(&["catalog", "list"]));
}

#[test]
fn show_markdown_snapshot() {
    insta::assert_snapshot!(stdout_of(&[
        "catalog", "show", "6.1.2", "--format", "markdown"
    ]));
}
