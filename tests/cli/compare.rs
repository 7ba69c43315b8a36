//! `compgap compare OLD NEW` on two hand-built rounds.
//!
//! Roles (both rounds): auditor requires 5.2 at 3/3 (mandatory) and 6.5.3
//! at 4/3 (recommended); officer requires 5.3 at 2/2 (desirable); ciso
//! (5.2 at 4/4) is vacant.
//!
//! Round 1 (tests/fixtures/round1), gap = max(req − held) per dimension:
//!   ann  auditor  5.2 held 1/1 → 2      6.5.3 held 4/3 → 0
//!   bob  auditor  5.2 held 3/3 → 0      6.5.3 held 2/1 → max(2, 2) = 2
//!   cyd  officer  5.3 held 1/1 → 1
//!   eve  officer  5.3 held 0/0 → 2
//!   total gap points 2 + 2 + 1 + 2 = 7, in 4 gaps.
//! Round 2 (tests/fixtures/round2): eve has left, dee has joined.
//!   ann  5.2 held 2/2 → 1 (improved)    6.5.3 held 4/2 → 1 (opened)
//!   bob  5.2 held 3/3 → 0 (unchanged)   6.5.3 held 4/3 → 0 (closed)
//!   cyd  5.3 unassessed → 2 (worsened)
//!   dee  5.3 held 1/1 → 1 (joined)
//!   total gap points 1 + 1 + 2 + 1 = 5, in 4 gaps.
//! Percentage closed = (7 − 5) / 7 = 28.57 % → 28.6.
//! Per person: ann 2 → 2, bob 2 → 0 (improved), cyd 1 → 2 (worsened).

use assert_cmd::Command;
use serde_json::json;

const AS_OF: &str = "2026-11-23";

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn compare(old: &str, new: &str, extra: &[&str]) -> std::process::Output {
    Command::cargo_bin("compgap")
        .expect("binary")
        .env_remove("SOURCE_DATE_EPOCH")
        .arg("compare")
        .arg(old)
        .arg(new)
        .args(["--as-of", AS_OF])
        .args(extra)
        .output()
        .expect("runs")
}

fn json_of(out: &std::process::Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

#[test]
fn summary_matches_the_hand_worked_figures() {
    let v = json_of(&compare(
        &fixture("round1"),
        &fixture("round2"),
        &["--format", "json"],
    ));
    assert_eq!(v["as_of"], AS_OF);
    assert_eq!(
        v["summary"],
        json!({
            "total_gap_points_before": 7,
            "total_gap_points_after": 5,
            "percentage_closed": 28.6,
            "gaps_before": 4,
            "gaps_after": 4,
            "gaps_closed": 1,
            "gaps_opened": 1,
            "gaps_improved": 1,
            "gaps_worsened": 1,
            "gaps_unchanged": 0,
            "people_improved": ["bob"],
            "people_worsened": ["cyd"],
            "people_joined": ["dee"],
            "people_left": ["eve"],
        })
    );
    let rows: Vec<(String, String, serde_json::Value, serde_json::Value, String)> = v["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| {
            (
                r["person"].as_str().expect("person").to_string(),
                r["competence"].as_str().expect("competence").to_string(),
                r["before"]["gap"].clone(),
                r["after"]["gap"].clone(),
                r["change"].as_str().expect("change").to_string(),
            )
        })
        .collect();
    let null = serde_json::Value::Null;
    assert_eq!(
        rows,
        [
            (
                "ann".into(),
                "5.2".into(),
                json!(2),
                json!(1),
                "improved".into()
            ),
            (
                "ann".into(),
                "6.5.3".into(),
                json!(0),
                json!(1),
                "opened".into()
            ),
            (
                "bob".into(),
                "6.5.3".into(),
                json!(2),
                json!(0),
                "closed".into()
            ),
            (
                "cyd".into(),
                "5.3".into(),
                json!(1),
                json!(2),
                "worsened".into()
            ),
            (
                "dee".into(),
                "5.3".into(),
                null.clone(),
                json!(1),
                "joined".into()
            ),
            ("eve".into(), "5.3".into(), json!(2), null, "left".into()),
        ]
    );
    // Held levels of both rounds are in the row.
    assert_eq!(
        v["rows"][0]["before"]["held"],
        json!({"knowledge": 1, "skill": 1})
    );
    assert_eq!(
        v["rows"][0]["after"]["held"],
        json!({"knowledge": 2, "skill": 2})
    );
    assert_eq!(
        v["rows"][0]["after"]["required"],
        json!({"knowledge": 3, "skill": 3})
    );
}

#[test]
fn all_adds_rows_met_in_both_rounds() {
    let out = compare(
        &fixture("round1"),
        &fixture("round2"),
        &["--format", "csv", "--all"],
    );
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some(
            "person,name,competence,title,required_knowledge_before,required_skill_before,held_knowledge_before,held_skill_before,gap_before,required_knowledge_after,required_skill_after,held_knowledge_after,held_skill_after,gap_after,change"
        )
    );
    let rest: Vec<&str> = lines.collect();
    assert_eq!(
        rest,
        [
            "ann,Ann Archer,5.2,Leadership,3,3,1,1,2,3,3,2,2,1,improved",
            "ann,Ann Archer,6.5.3,ISMS auditing,4,3,4,3,0,4,3,4,2,1,opened",
            "bob,Bob Brown,5.2,Leadership,3,3,3,3,0,3,3,3,3,0,unchanged",
            "bob,Bob Brown,6.5.3,ISMS auditing,4,3,2,1,2,4,3,4,3,0,closed",
            "cyd,Cyd Clark,5.3,Communication,2,2,1,1,1,2,2,0,0,2,worsened",
            "dee,Dee Diaz,5.3,Communication,,,,,,2,2,1,1,1,joined",
            "eve,Eve Evans,5.3,Communication,2,2,0,0,2,,,,,,left",
        ]
    );
}

#[test]
fn table_and_markdown_lead_with_the_kpi() {
    let out = compare(&fixture("round1"), &fixture("round2"), &[]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(
        text.contains("Total gap points: 7 before, 5 after (28.6% closed)."),
        "{text}"
    );
    assert!(text.contains("1 closed, 1 opened, 1 improved, 1 worsened, 0 unchanged"));
    assert!(text.contains("People improved: bob. Worsened: cyd. Joined: dee. Left: eve."));
    let md = compare(
        &fixture("round1"),
        &fixture("round2"),
        &["--format", "markdown"],
    );
    let md = String::from_utf8(md.stdout).expect("utf-8");
    assert!(md.starts_with("# Assessment rounds compared (2026-11-23)\n"));
    assert!(md.contains("| bob | 6.5.3 ISMS auditing | 4/3 | 2/1 | 2 | 4/3 | 4/3 | 0 | closed |"));
}

#[test]
fn the_same_round_twice_changes_nothing() {
    let v = json_of(&compare(
        &fixture("round1"),
        &fixture("round1"),
        &["--format", "json"],
    ));
    assert_eq!(v["summary"]["percentage_closed"], 0.0);
    assert_eq!(v["summary"]["gaps_unchanged"], 4);
    assert_eq!(v["summary"]["gaps_closed"], 0);
    assert!(
        v["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .all(|r| r["change"] == "unchanged")
    );
}

#[test]
fn backwards_the_gap_points_grow() {
    // NEW → OLD: 5 before, 7 after: (5 − 7) / 5 = −40 %.
    let v = json_of(&compare(
        &fixture("round2"),
        &fixture("round1"),
        &["--format", "json"],
    ));
    assert_eq!(v["summary"]["percentage_closed"], -40.0);
    assert_eq!(v["summary"]["people_joined"], json!(["eve"]));
}

#[test]
fn an_invalid_round_stops_with_its_diagnostics() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let ws = tmp.path();
    std::fs::create_dir_all(ws.join("roles")).expect("mkdir");
    std::fs::create_dir_all(ws.join("people")).expect("mkdir");
    std::fs::write(
        ws.join("roles/x.yaml"),
        "id: x\ntitle: X\nrequires:\n  9.9: 2\n",
    )
    .expect("write");
    let out = compare(&fixture("round1"), ws.to_str().expect("utf-8"), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("roles/x.yaml"));
    assert!(out.stdout.is_empty());
}

#[test]
fn output_never_overwrites_an_input_of_either_round() {
    let input = format!("{}/people/dee.yaml", fixture("round2"));
    let out = compare(
        &fixture("round1"),
        &fixture("round2"),
        &["--output", &input],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        std::fs::read_to_string(&input)
            .expect("read")
            .starts_with("person: dee")
    );
}

#[test]
fn markdown_snapshot() {
    let out = compare(
        &fixture("round1"),
        &fixture("round2"),
        &["--format", "markdown", "--all"],
    );
    assert!(out.status.success());
    insta::assert_snapshot!(String::from_utf8(out.stdout).expect("utf-8"));
}

/// Two people folders against the same roles: a small workspace file per
/// round pointing at them is enough.
#[test]
fn people_folders_via_a_workspace_file() {
    let tmp = tempfile::tempdir().expect("tempdir");
    for (round, dir) in [("round1", "old"), ("round2", "new")] {
        let ws = tmp.path().join(dir);
        std::fs::create_dir(&ws).expect("mkdir");
        std::fs::write(
            ws.join("compgap.yaml"),
            format!(
                "roles: {}/roles\npeople: {}/people\n",
                fixture("round2"),
                fixture(round)
            ),
        )
        .expect("write");
    }
    let old = tmp.path().join("old");
    let new = tmp.path().join("new");
    // The folders lie outside the workspaces' own folders: trusted only
    // when `--root` says so.
    let v = json_of(&compare(
        old.to_str().expect("utf-8"),
        new.to_str().expect("utf-8"),
        &["--format", "json", "--root", "/"],
    ));
    assert_eq!(v["summary"]["total_gap_points_before"], 7);
    assert_eq!(v["summary"]["total_gap_points_after"], 5);
    assert_eq!(v["summary"]["percentage_closed"], 28.6);
}
