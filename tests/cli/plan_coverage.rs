//! `compgap plan` and `compgap coverage`: the binary on the bundled
//! examples, and every renderer on a small workspace whose answers are
//! worked out by hand (`tests/fixtures/small`).
//!
//! The small workspace, as of 2026-11-23 (default policy):
//! - roles: `auditor` (headcount 2: 6.5.3 at 4/4 mandatory, 5.3 at 3/2) and
//!   `lead` (5.3 at 4/4 mandatory, 6.5.2 at 3/3 desirable);
//! - ada (auditor + lead): 5.3 held 4/3, 6.5.3 held 2/2, 6.5.2 unassessed;
//! - bo (lead): 5.3 at 5/5, 6.5.2 at 2/3; cy (auditor, assessed 2025-01-10,
//!   stale): 5.3 at 3/3, 6.5.3 at 4/3 with an expired qualification;
//! - dee (no role): 6.5.3 at 5/5; eve (no role): only 5.2, which no role requires.
//!
//! Scores are gap × weight × coverage factor (2 everywhere: nobody else meets
//! these requirements twice over). Report order: ada 6.5.3 (2 × 3 × 2 = 12,
//! high), ada 5.3 (1 × 3 × 2 = 6), cy 6.5.3 (6; ada first by id), ada 6.5.2
//! (3 × 1 × 2 = 6, lower weight), bo 6.5.2 (1 × 1 × 2 = 2, low).
//! Mentors in that order: dee for ada's 6.5.3, bo for ada's 5.3 (skill 5,
//! knowledge 5 ≥ 4), dee again for cy; nobody holds 6.5.2 at skill 4, so
//! ada gets coaching there.

use crate::common::compgap;

use compgap::engine::analyze;
use compgap::load::load_workspace;
use compgap::model::{Date, Workspace};
use compgap::render::{Style, coverage, plan};
use serde_json::{Value, json};
use std::path::Path;

const AS_OF: &str = "2026-11-23";

/// Run `compgap <args> --as-of 2026-11-23`; (exit code, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    let out = compgap()
        .args(args)
        .args(["--as-of", AS_OF])
        .output()
        .expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("utf-8"),
        String::from_utf8(out.stderr).expect("utf-8"),
    )
}

fn ok(args: &[&str]) -> String {
    let (code, out, err) = run(args);
    assert_eq!(code, 0, "compgap {args:?} failed: {err}");
    out
}

fn json_of(args: &[&str]) -> Value {
    serde_json::from_str(&ok(args)).expect("json")
}

fn csv_rows(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header = r
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    let rows = r
        .records()
        .map(|rec| rec.expect("record").iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

fn plan_of<'a>(doc: &'a Value, person: &str) -> &'a Value {
    doc["plans"]
        .as_array()
        .expect("plans")
        .iter()
        .find(|p| p["person"] == person)
        .unwrap_or_else(|| panic!("no plan for {person}"))
}

fn item_of<'a>(plan: &'a Value, competence: &str) -> &'a Value {
    plan["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["competence"] == competence)
        .unwrap_or_else(|| panic!("no item {competence}"))
}

fn kinds(item: &Value) -> Vec<&str> {
    item["actions"]
        .as_array()
        .expect("actions")
        .iter()
        .map(|a| a["kind"].as_str().expect("kind"))
        .collect()
}

// ---------------------------------------------------------------- examples

#[test]
fn chloe_studies_the_knowledge_items_of_6_5_2_and_gets_a_coach() {
    let doc = json_of(&["plan", "examples", "--format", "json", "--person", "chloe"]);
    assert_eq!(doc["as_of"], AS_OF);
    let chloe = plan_of(&doc, "chloe");
    assert_eq!(chloe["name"], "Chloé Dubois");
    assert_eq!(chloe["roles"], json!(["isms-manager", "awareness-officer"]));
    assert_eq!(chloe["assessed_on"], "2026-09-02");
    assert_eq!(chloe["method"], "self");
    assert!(chloe.get("assessor").is_none(), "chloe has no assessor");
    // Her top item is the unassessed 6.5.2 (score 24, high): 90 days.
    let first = &chloe["items"][0];
    assert_eq!(first["competence"], "6.5.2");
    assert_eq!(
        (&first["band"], &first["priority"], &first["target_date"]),
        (&json!("high"), &json!("High"), &json!("2027-02-21"))
    );
    assert_eq!(first["required"], json!({"knowledge": 4, "skill": 4}));
    assert_eq!(first["held"], json!({"knowledge": 0, "skill": 0}));
    assert_eq!(first["flags"], json!(["unassessed"]));
    assert_eq!(kinds(first), ["training", "coaching"]);
    assert_eq!(
        first["actions"][0]["items"],
        json!([
            {"id": "6.5.2/K1", "text": "Characteristics of monitoring and measurement"},
            {"id": "6.5.2/K2", "text": "Aggregation and presentation of quantitative and qualitative data"},
            {"id": "6.5.2/K3", "text": "Trend analysis in information security management and business environment"}
        ])
    );
    // 11 gaps in report order: 6.4.2 (12) second, 6.2.3 (6, mandatory) third.
    let order: Vec<&str> = chloe["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["competence"].as_str().expect("id"))
        .collect();
    assert_eq!(
        order,
        [
            "6.5.2", "6.4.2", "6.2.3", "6.6.2", "6.5.4", "5.7", "5.3", "6.1.3", "6.4.3", "5.5",
            "5.12"
        ]
    );
    // A medium item is due in 180 days, a low one in 365.
    assert_eq!(item_of(chloe, "6.2.3")["target_date"], "2027-05-22");
    assert_eq!(item_of(chloe, "5.12")["target_date"], "2027-11-23");
}

#[test]
fn elif_is_mentored_by_kwame_in_auditing() {
    let doc = json_of(&["plan", "examples", "--format", "json"]);
    let elif = plan_of(&doc, "elif");
    let audit = item_of(elif, "6.5.3");
    assert_eq!(kinds(audit), ["training", "mentoring"]);
    assert_eq!(audit["actions"][1]["mentor"], "kwame");
    assert_eq!(audit["actions"][1]["mentor_name"], "Kwame Mensah");
    assert_eq!(audit["flags"], json!(["stale"]));
    // Sofía's 6.5.3 comes after kwame is full: coaching, no mentor.
    let sofia = item_of(plan_of(&doc, "sofia"), "6.5.3");
    assert_eq!(kinds(sofia), ["training", "coaching"]);
    // Henrik's 6.6.2 is a skill-only gap: mentoring and no training.
    let henrik = item_of(plan_of(&doc, "henrik"), "6.6.2");
    assert_eq!(kinds(henrik), ["mentoring"]);
    assert_eq!(henrik["actions"][0]["mentor"], "kwame");
    // Ravi's 6.3.2 is knowledge-only: training and no mentor.
    assert_eq!(kinds(item_of(plan_of(&doc, "ravi"), "6.3.2")), ["training"]);
}

#[test]
fn plans_cover_exactly_the_people_with_gaps_in_id_order() {
    let doc = json_of(&["plan", "examples", "--format", "json"]);
    let people: Vec<&str> = doc["plans"]
        .as_array()
        .expect("plans")
        .iter()
        .map(|p| p["person"].as_str().expect("id"))
        .collect();
    // kwame, diego and lena meet everything their roles ask (or have none).
    assert_eq!(
        people,
        [
            "aiko", "chloe", "elif", "fatima", "henrik", "mariana", "priya", "ravi", "sofia",
            "tomasz"
        ]
    );
    let items: usize = doc["plans"]
        .as_array()
        .expect("plans")
        .iter()
        .map(|p| p["items"].as_array().expect("items").len())
        .sum();
    assert_eq!(items, 40, "every gap of the report is in some plan");
}

#[test]
fn plan_markdown_has_one_section_per_person() {
    let md = ok(&["plan", "examples"]);
    assert!(md.starts_with("# Development plans (as of 2026-11-23)\n"));
    let sections: Vec<&str> = md.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(sections.len(), 10);
    assert_eq!(sections[1], "## Chloé Dubois (chloe)");
    assert!(md.contains("- **Mentoring** (skill 2 → 4) with Kwame Mensah (kwame)\n"));
    assert!(md.contains("  - `6.5.2/K1` Characteristics of monitoring and measurement\n"));
    assert!(md.contains(
        "## Henrik Johansson (henrik)\n\n- **Roles:** ISMS Manager (isms-manager)\n- **Assessed:** 2026-06-10, manager assessment by Mariana Costa (mariana)\n"
    ));
    assert!(md.contains(
        "  - The assessment is 644 days old (reassess after 365 days): reassess before committing to this plan.\n"
    ));
}

#[test]
fn plan_filters_by_role_and_person() {
    let doc = json_of(&[
        "plan",
        "examples",
        "--format",
        "json",
        "--role",
        "internal-auditor",
    ]);
    let people: Vec<&str> = doc["plans"]
        .as_array()
        .expect("plans")
        .iter()
        .map(|p| p["person"].as_str().expect("id"))
        .collect();
    assert_eq!(people, ["elif", "sofia"], "kwame has no gap");
    // Someone without gaps gets no plan, and the Markdown says so.
    let md = ok(&["plan", "examples", "--person", "kwame"]);
    assert_eq!(
        md,
        "# Development plans (as of 2026-11-23)\n\nNo gaps: nobody shown needs a development plan.\n"
    );
    let (code, _, err) = run(&["plan", "examples", "--person", "chloee"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--person `chloee` is not in the workspace"),
        "{err}"
    );
    assert!(err.contains("chloe"), "{err}");
}

#[test]
fn plan_csv_has_one_row_per_action() {
    let text = ok(&["plan", "examples", "--format", "csv"]);
    let (header, rows) = csv_rows(&text);
    assert_eq!(header, plan::CSV_HEADER);
    assert_eq!(
        header.join(","),
        "person,name,competence,title,required_knowledge,held_knowledge,required_skill,held_skill,gap,band,priority,action,mentor,items,target_date,flags"
    );
    // 40 gaps: 37 with a knowledge gap (training); 34 with a skill gap, of
    // which 10 find no free mentor (coaching).
    let actions = |kind: &str| rows.iter().filter(|r| r[11] == kind).count();
    assert_eq!(
        (
            actions("training"),
            actions("mentoring"),
            actions("coaching")
        ),
        (37, 24, 10)
    );
    assert_eq!(rows.len(), 71);
    let elif_audit: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| r[0] == "elif" && r[2] == "6.5.3")
        .collect();
    assert_eq!(elif_audit.len(), 2);
    assert_eq!(elif_audit[0][11], "training");
    assert!(elif_audit[0][13].starts_with(
        "6.5.3/K1 Information security audit methodologies and frameworks; 6.5.3/K2 "
    ));
    assert_eq!(elif_audit[1][11], "mentoring");
    assert_eq!(elif_audit[1][12], "kwame");
    assert_eq!(elif_audit[1][14], "2027-02-21");
}

#[test]
fn coverage_json_shows_bus_factor_and_team_actions() {
    let doc = json_of(&["coverage", "examples", "--format", "json"]);
    assert_eq!(doc["as_of"], AS_OF);
    let bus = doc["bus_factor"].as_array().expect("bus");
    let find = |id: &str| {
        bus.iter()
            .find(|b| b["competence"] == id)
            .unwrap_or_else(|| panic!("{id}"))
    };
    assert_eq!(
        find("6.5.2"),
        &json!({"competence": "6.5.2", "title": "ISMS monitoring, measurement, analysis and evaluation",
                "required": {"knowledge": 4, "skill": 4}, "knowledge": 1, "skill": 0, "status": "uncovered"})
    );
    assert_eq!(find("6.5.3")["status"], "single point of failure");
    assert_eq!(
        (
            find("6.5.3")["knowledge"].as_u64(),
            find("6.5.3")["skill"].as_u64()
        ),
        (Some(1), Some(1))
    );
    assert_eq!(find("5.3")["status"], "ok");
    assert_eq!(bus.len(), 24);
    assert_eq!(doc["team_actions"].as_array().expect("team").len(), 11);
    // Everyone with a role, plus diego and lena (no role, but they hold required competences).
    let matrix = doc["matrix"].as_array().expect("matrix");
    assert_eq!(matrix.len(), 13);
    let elif = matrix.iter().find(|r| r["person"] == "elif").expect("elif");
    let cell = |row: &Value, id: &str| -> Value {
        row["cells"]
            .as_array()
            .expect("cells")
            .iter()
            .find(|c| c["competence"] == id)
            .cloned()
            .expect("cell")
    };
    assert_eq!(
        cell(elif, "6.5.3"),
        json!({"competence": "6.5.3", "required": {"knowledge": 4, "skill": 4},
               "held": {"knowledge": 3, "skill": 2}, "status": "short"})
    );
    assert_eq!(cell(elif, "6.2.3")["status"], "missing");
    assert_eq!(cell(elif, "6.4.3")["status"], "met");
    assert_eq!(
        cell(elif, "5.8"),
        json!({"competence": "5.8", "required": null, "held": {"knowledge": 3, "skill": 3}, "status": "not required"})
    );
    let diego = matrix
        .iter()
        .find(|r| r["person"] == "diego")
        .expect("diego");
    assert_eq!(diego["roles"], json!([]));
    assert_eq!(
        cell(diego, "5.10")["held"],
        json!({"knowledge": 5, "skill": 5})
    );
}

#[test]
fn coverage_role_filter_limits_rows_columns_and_team_actions() {
    let doc = json_of(&["coverage", "examples", "--format", "json", "--role", "ciso"]);
    let matrix = doc["matrix"].as_array().expect("matrix");
    assert_eq!(matrix.len(), 1);
    assert_eq!(matrix[0]["person"], "mariana");
    let columns: Vec<&str> = matrix[0]["cells"]
        .as_array()
        .expect("cells")
        .iter()
        .map(|c| c["competence"].as_str().expect("id"))
        .collect();
    assert_eq!(
        columns,
        [
            "5.2", "5.3", "5.4", "5.5", "5.8", "5.9", "6.1.2", "6.5.4", "6.6.3"
        ]
    );
    assert_eq!(doc["bus_factor"].as_array().expect("bus").len(), 9);
    assert_eq!(
        doc["team_actions"],
        json!([{"role": "ciso", "competence": "5.5", "kind": "reassign", "candidates": ["fatima"],
                "reason": "no holder of the role meets it; 1 person outside the role does"}])
    );
    // Chloé holds two roles: filtering on one shows the columns of both.
    let doc = json_of(&[
        "coverage",
        "examples",
        "--format",
        "json",
        "--role",
        "awareness-officer",
    ]);
    let people: Vec<&str> = doc["matrix"]
        .as_array()
        .expect("matrix")
        .iter()
        .map(|r| r["person"].as_str().expect("id"))
        .collect();
    assert_eq!(people, ["aiko", "chloe", "fatima"]);
    let ids: Vec<&str> = doc["bus_factor"]
        .as_array()
        .expect("bus")
        .iter()
        .map(|b| b["competence"].as_str().expect("id"))
        .collect();
    assert!(
        ids.contains(&"6.2.2"),
        "isms-manager's 6.2.2 is a column: {ids:?}"
    );
    assert!(!ids.contains(&"5.2"), "nobody shown needs 5.2: {ids:?}");

    // Nobody in internal-auditor needs a team action (kwame meets everything).
    let table = ok(&["coverage", "examples", "--role", "internal-auditor"]);
    assert!(table.ends_with("\nTeam actions: none.\n"), "{table}");

    let table = ok(&["coverage", "examples", "--role", "ciso"]);
    assert!(table.contains("\n ciso "), "{table}");
    assert!(!table.contains("chloe"), "{table}");
    let (code, _, err) = run(&["coverage", "examples", "--role", "cisco"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--role `cisco` is not in the workspace"),
        "{err}"
    );
}

#[test]
fn coverage_csv_is_long_form() {
    let text = ok(&["coverage", "examples", "--format", "csv"]);
    let (header, rows) = csv_rows(&text);
    assert_eq!(
        header.join(","),
        "role,person,name,competence,title,required_knowledge,required_skill,held_knowledge,held_skill,status"
    );
    // One row per person and required competence: the report's 40 gap rows
    // plus the met rows, and nobody without a role.
    let short_or_missing = rows.iter().filter(|r| r[9] != "met").count();
    assert_eq!(short_or_missing, 40);
    assert!(rows.iter().all(|r| r[1] != "diego" && r[1] != "lena"));
    let chloe_53 = rows
        .iter()
        .find(|r| r[1] == "chloe" && r[3] == "5.3")
        .expect("chloe 5.3");
    assert_eq!(
        chloe_53,
        &[
            "isms-manager; awareness-officer",
            "chloe",
            "Chloé Dubois",
            "5.3",
            "Communication",
            "4",
            "4",
            "3",
            "3",
            "short"
        ]
    );
    let chloe_652 = rows
        .iter()
        .find(|r| r[1] == "chloe" && r[3] == "6.5.2")
        .expect("chloe 6.5.2");
    assert_eq!(chloe_652[9], "missing");
}

#[test]
fn coverage_table_groups_people_by_role() {
    let out = ok(&["coverage", "examples"]);
    assert!(out.starts_with(
        "As of 2026-11-23: 13 people (2 with no role), 6 roles, 24 required competences."
    ));
    let lines: Vec<&str> = out.lines().collect();
    let at = |prefix: &str| {
        lines
            .iter()
            .position(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("no line starting {prefix:?}"))
    };
    // Role rows in id order, each followed by its holders; chloe under both of hers.
    assert!(at(" awareness-officer") < at("   aiko"));
    assert!(at(" ciso") < at("   mariana"));
    assert!(at(" (no role)") < at("   diego"));
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("   chloe* ")).count(),
        2
    );
    assert!(out.contains("Competences and bus factor"));
    assert!(out.contains("6.5.2        ISMS monitoring"));
    assert!(out.contains("\nTeam actions\n"));
}

#[test]
fn every_format_is_byte_identical_across_runs() {
    for cmd in ["plan", "coverage"] {
        for format in ["markdown", "table", "csv", "json"] {
            let a = ok(&[cmd, "examples", "--format", format]);
            let b = ok(&[cmd, "examples", "--format", format]);
            assert_eq!(a, b, "{cmd} --format {format}");
        }
    }
}

#[test]
fn output_goes_to_a_file_but_never_onto_an_input() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("plans.md");
    let file_s = file.to_str().expect("utf-8 path");
    let (code, out, _) = run(&["plan", "examples", "--output", file_s]);
    assert_eq!(code, 0);
    assert!(out.is_empty());
    assert_eq!(
        std::fs::read_to_string(&file).expect("written"),
        ok(&["plan", "examples"])
    );
    let (code, _, err) = run(&[
        "coverage",
        "examples",
        "--output",
        "examples/people/elif.yaml",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("it is one of the input files"), "{err}");
}

#[test]
fn csv_cells_that_look_like_formulas_are_neutralised() {
    let dir = tempfile::tempdir().expect("tempdir");
    for sub in ["roles", "people"] {
        std::fs::create_dir(dir.path().join(sub)).expect("mkdir");
        for entry in std::fs::read_dir(Path::new("tests/fixtures/small").join(sub)).expect("read") {
            let entry = entry.expect("entry");
            let text = std::fs::read_to_string(entry.path()).expect("read");
            std::fs::write(
                dir.path().join(sub).join(entry.file_name()),
                text.replace("name: Ada Byron", "name: \"=HYPERLINK(\\\"http://x\\\")\""),
            )
            .expect("write");
        }
    }
    let ws = dir.path().to_str().expect("utf-8 path");
    for cmd in ["plan", "coverage"] {
        let (_, rows) = csv_rows(&ok(&[cmd, ws, "--format", "csv"]));
        let names: Vec<&str> = rows
            .iter()
            .filter(|r| r.contains(&"ada".to_string()))
            .map(|r| r[if cmd == "plan" { 1 } else { 2 }].as_str())
            .collect();
        assert!(!names.is_empty(), "{cmd}");
        assert!(
            names.iter().all(|n| *n == "'=HYPERLINK(\"http://x\")"),
            "{cmd}: {names:?}"
        );
    }
}

// ------------------------------------------------- the small workspace

fn small() -> (Workspace, compgap::engine::Analysis) {
    let as_of = Date::parse(AS_OF).expect("date");
    let loaded = load_workspace(Path::new("tests/fixtures/small"), as_of).expect("load");
    assert_eq!(loaded.errors(), 0, "{:?}", loaded.diagnostics);
    let analysis = analyze(&loaded.workspace, as_of);
    (loaded.workspace, analysis)
}

/// `f` of the small workspace's plans (which borrow from it).
fn with_small_plan<T>(f: impl FnOnce(&plan::PlanDoc) -> T) -> T {
    let (ws, a) = small();
    f(&plan::build(&ws, &a, &plan::Filter::default()))
}

fn small_coverage() -> coverage::CoverageDoc {
    let (ws, a) = small();
    coverage::build(&ws, &a, &coverage::Filter::default())
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).expect("utf-8")
}

#[test]
fn small_plan_matches_the_hand_worked_answer() {
    let (ws, a) = small();
    let doc = plan::build(&ws, &a, &plan::Filter::default());
    let plans: Vec<plan::PersonPlan> = doc.plans().collect();
    let people: Vec<&str> = plans.iter().map(|p| p.person.as_str()).collect();
    assert_eq!(people, ["ada", "bo", "cy"]);
    let ada = &plans[0];
    type Item<'a> = (&'a str, &'a str, &'a str, Vec<&'a str>, Option<&'a str>);
    let summary: Vec<Item> = ada
        .items
        .iter()
        .map(|i| {
            (
                i.competence,
                i.band.as_str(),
                i.target_date.as_str(),
                i.actions.iter().map(|a| a.kind.as_str()).collect(),
                i.actions.iter().find_map(|a| a.mentor.as_deref()),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "6.5.3",
                "high",
                "2027-02-21",
                vec!["training", "mentoring"],
                Some("dee")
            ),
            ("5.3", "medium", "2027-05-22", vec!["mentoring"], Some("bo")),
            (
                "6.5.2",
                "medium",
                "2027-05-22",
                vec!["training", "coaching"],
                None
            ),
        ]
    );
    assert_eq!(ada.assessor.as_deref(), Some("bo"));
    assert_eq!(ada.assessor_name.as_deref(), Some("Bo Lindqvist"));
    // bo's 6.5.2 is knowledge-only: training, no mentor, low (365 days).
    let bo = &plans[1];
    assert_eq!(bo.items.len(), 1);
    assert_eq!(bo.items[0].actions.len(), 1);
    assert_eq!(bo.items[0].actions[0].kind.as_str(), "training");
    assert_eq!(bo.items[0].target_date, "2027-11-23");
    // cy: skill-only, dee's second mentee; stale, unevidenced, expired evidence.
    let cy = &plans[2];
    assert_eq!(cy.items[0].actions[0].mentor.as_deref(), Some("dee"));
    assert_eq!(
        cy.items[0].flags,
        ["stale", "unevidenced", "expired-evidence"]
    );
    assert_eq!(cy.notes.len(), 3, "{:?}", cy.notes);
    assert!(cy.notes[0].starts_with("The assessment is 682 days old"));
}

#[test]
fn small_coverage_matches_the_hand_worked_answer() {
    let doc = small_coverage();
    let ids: Vec<&str> = doc.columns.iter().map(|c| c.competence.as_str()).collect();
    assert_eq!(ids, ["5.3", "6.5.2", "6.5.3"]);
    let people: Vec<&str> = doc.matrix.iter().map(|r| r.person.as_str()).collect();
    assert_eq!(
        people,
        ["ada", "bo", "cy", "dee"],
        "eve holds nothing a role requires"
    );
    let statuses = |i: usize| -> Vec<&str> {
        doc.matrix[i]
            .cells
            .iter()
            .map(|c| c.status.as_str())
            .collect()
    };
    assert_eq!(statuses(0), ["short", "missing", "short"]);
    assert_eq!(statuses(1), ["met", "short", "not required"]);
    assert_eq!(statuses(2), ["met", "not required", "short"]);
    assert_eq!(statuses(3), ["not required"; 3]);
    let bus: Vec<(&str, usize, usize, &str)> = doc
        .bus_factor
        .iter()
        .map(|b| {
            (
                b.competence.as_str(),
                b.knowledge,
                b.skill,
                b.status.as_str(),
            )
        })
        .collect();
    assert_eq!(
        bus,
        [
            ("5.3", 2, 1, "single point of failure"),
            ("6.5.2", 0, 1, "uncovered"),
            ("6.5.3", 2, 1, "single point of failure"),
        ]
    );
    let groups: Vec<(Option<&str>, Vec<&str>)> = doc
        .groups
        .iter()
        .map(|g| {
            (
                g.role.as_deref(),
                g.members
                    .iter()
                    .map(|&m| doc.matrix[m].person.as_str())
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        groups,
        [
            (Some("auditor"), vec!["ada", "cy"]),
            (Some("lead"), vec!["ada", "bo"]),
            (None, vec!["dee"]),
        ]
    );
}

#[test]
fn plan_markdown_snapshot() {
    insta::assert_snapshot!(with_small_plan(|d| text(plan::markdown(d))));
}

#[test]
fn plan_table_snapshot() {
    insta::assert_snapshot!(with_small_plan(|d| text(plan::table(d, Style::PLAIN))));
}

#[test]
fn plan_csv_snapshot() {
    insta::assert_snapshot!(with_small_plan(|d| text(plan::csv(d))));
}

#[test]
fn plan_json_snapshot() {
    insta::assert_snapshot!(with_small_plan(|d| text(plan::json(d))));
}

#[test]
fn coverage_markdown_snapshot() {
    insta::assert_snapshot!(text(coverage::markdown(&small_coverage())));
}

#[test]
fn coverage_table_snapshot() {
    insta::assert_snapshot!(text(coverage::table(&small_coverage(), Style::PLAIN)));
}

#[test]
fn coverage_csv_snapshot() {
    insta::assert_snapshot!(text(coverage::csv(&small_coverage())));
}

#[test]
fn coverage_json_snapshot() {
    insta::assert_snapshot!(text(coverage::json(&small_coverage())));
}
